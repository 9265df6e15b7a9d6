import json

import pytest

from kg.documents import from_text, read_documents
from kg.errors import InputError, InputWarning


def test_trailing_source_line_becomes_the_url(seed_path):
    [doc] = read_documents([seed_path])
    assert doc.id == "blinken-japan-us-steel"
    assert doc.url == "https://observador.pt/2025/01/07/blinken-quer-reforco-da-alianca-com-japao-apesar-de-caso-da-us-steel/"
    assert "Source:" not in doc.text


def test_folder_and_jsonl_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("Alice met Bob.", encoding="utf-8")
    records = [{"id": "x", "text": "Carol met Dan.", "title": "T", "date": "2025-01-07"}, {"text": "Eve met Frank."}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    docs = list(read_documents([tmp_path]))
    assert [d.id for d in docs] == ["a", "x", "b-2"]
    assert docs[1].title == "T" and docs[1].date == "2025-01-07"


def test_repeated_ids_are_made_unique(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Alice met Bob.", encoding="utf-8")
    assert [d.id for d in read_documents([path, path])] == ["a", "a-2"]


def test_missing_path_names_the_path_and_the_way_out(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt does not exist; give a \.txt, \.html or \.jsonl file"):
        list(read_documents([tmp_path / "nope.txt"]))


def test_bad_jsonl_line_names_its_number_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "ok"}\n{not json}\n[1]\n{"text": "also ok"}\n', encoding="utf-8")
    with pytest.warns(InputWarning) as caught:
        docs = list(read_documents([path]))
    assert [d.text for d in docs] == ["ok", "also ok"]
    assert [str(w.message).split(": ")[0] for w in caught] == [f"{path}:2", f"{path}:3"]


def test_text_without_id_gets_a_stable_content_id():
    assert from_text("Same text.").id == from_text("Same text.").id != from_text("Other text.").id
