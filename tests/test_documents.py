import json

import pytest

import kg
import kg.store
from kg import Document
from kg.documents import clean_text, decode, from_text, read_documents
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


def test_a_suffixed_repeat_never_takes_an_id_the_input_uses_later(tmp_path):
    corpus = tmp_path / "dup.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": "Alice met Bob in Paris."}) + "\n" for i in "a a a-2".split()))
    assert [d.id for d in read_documents([corpus])] == ["a", "a-2", "a-2-2"]
    # A store build writes each document once under its own id (it crashed on the clash).
    report = kg.store.build_into(tmp_path / "store", corpus)
    assert sorted(report.added) == ["a", "a-2", "a-2-2"]


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


def test_control_characters_and_odd_unicode_are_cleaned():
    text, removed = clean_text("a\x00b\r\nc\u2028d\x1b[0m\u202ee\ufeff\ud800 Cafe\u0301")
    assert text == "ab\nc\nd[0me Café"
    assert removed == 5


def test_windows_1252_is_decoded_with_a_warning_naming_the_encoding():
    data = "José Núñez said the “plan” was naïve.".encode("cp1252")
    with pytest.warns(InputWarning, match=r"x\.txt is not UTF-8 .* read it as cp1252"):
        assert decode(data, "x.txt") == "José Núñez said the “plan” was naïve."


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.7\n", "a PDF"), (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"), (bytes(range(256)), "binary")],
)
def test_binary_data_is_skipped_with_a_warning(data, kind):
    with pytest.warns(InputWarning, match=f"skipped blob: it is {kind}, not text"):
        assert decode(data, "blob") is None


def test_utf8_text_with_a_stray_nul_is_still_text():
    assert decode("Alice met Bob.\x00".encode(), "x") == "Alice met Bob.\x00"


def test_utf16_with_a_byte_order_mark_is_decoded():
    assert decode("Alice met Bob.".encode("utf-16"), "x") == "Alice met Bob."


def test_html_file_gives_main_text_and_metadata(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        '<html><head><title>T</title><meta property="og:url" content="https://example.org/a">'
        '<meta name="date" content="2025-01-07"></head><body><nav>Menu</nav><article><h1>Steel</h1>'
        "<p>Nippon Steel bought a mill in Ohio on Tuesday, the company said in a statement.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [doc] = read_documents([page])
    assert "Nippon Steel bought a mill in Ohio" in doc.text and "Menu" not in doc.text
    assert (doc.url, doc.date) == ("https://example.org/a", "2025-01-07")


def test_empty_and_non_english_documents_warn(tmp_path):
    with pytest.warns(InputWarning, match="empty or holds only whitespace"):
        assert [d.text for d in read_documents([Document("e", " \n ")])] == [""]
    german = (
        "Der Minister hat am Dienstag in Tokio seinen Amtskollegen getroffen, und die beiden sprachen über das "
        "Bündnis zwischen den Ländern."
    )
    with pytest.warns(InputWarning, match="skipped g: it looks like German, not English"):
        assert list(read_documents([Document("g", german)])) == []


def test_count_documents_counts_lines_and_files_and_gives_up_on_stdin(tmp_path):
    from kg.documents import count_documents, read_documents

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Nippon Steel bought a mill.", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"text": "One."}\n\n{"text": "Two."}\n', encoding="utf-8")
    (folder / "notes.csv").write_text("not an article", encoding="utf-8")
    assert count_documents([folder]) == len(list(read_documents([folder]))) == 3
    assert count_documents(["-"]) is None
    assert count_documents([tmp_path / "missing.txt"]) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # A headline: one short line, no sentence's final punctuation, more text below.
        ("Mayor denies budget leak claim\n\nThe city's mayor has denied it.\n", "Mayor denies budget leak claim"),
        ("Council 'ignored flood warnings'\n\nThe council has ignored them.\n", "Council 'ignored flood warnings'"),
        ("Will Rubio keep the alliance?\nRubio spoke on Tuesday.\n", "Will Rubio keep the alliance?"),
        ("Ishiba and Trump speak by phone\nShigeru Ishiba spoke with Donald Trump.\n", "Ishiba and Trump speak by phone"),
        # A first sentence, a lone line, a quotation that closes a sentence, a lower-case start, a long line.
        ("Antony Blinken met Takeshi Iwaya in Tokyo.\nThey talked.\n", None),
        ("Nippon Steel will challenge the decision\n", None),
        ("He said \"no.\"\nThen he left.\n", None),
        ("and then the talks began\nThey went on.\n", None),
        (" ".join(["word"] * 21).capitalize() + "\nMore.\n", None),
    ],
)
def test_a_first_line_that_is_a_headline_is_the_title(text, title):
    doc = from_text(text, id="d")
    assert doc.title == title and doc.text == text  # the headline stays part of the text
    assert from_text(text, id="d", title="Given").title == "Given"


def test_a_headline_changes_no_fact_nor_offset(tmp_path):
    text = "Blinken and Iwaya meet in Tokyo\n\nAntony Blinken met Takeshi Iwaya in Tokyo.\n"
    path = tmp_path / "talks.txt"
    path.write_text(text, encoding="utf-8")
    read = kg.build(path)
    assert read.documents()[0].title == "Blinken and Iwaya meet in Tokyo"
    plain = kg.build(Document("talks", text))
    assert sorted(map(repr, read.iter_facts())) == sorted(map(repr, plain.iter_facts()))
    assert all(text[e.start : e.end].strip() == e.sentence for f in read.iter_facts() for e in f.evidence)
