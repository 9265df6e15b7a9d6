"""The corpus build: streaming extraction in order, on one or several processes, with progress."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.documents import from_text
from kg.errors import KGError
from kg.pipeline import extract_documents

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.",
    "Joe Biden blocked the acquisition of US Steel by Nippon Steel.",
    "Nippon Steel will challenge the decision in court.",
    "Blinken said Japan remained a close ally of the United States.",
    "Marco Rubio will replace Antony Blinken as secretary of state.",
]


def _documents() -> list[kg.Document]:
    return [from_text(text, id=f"d{i}") for i, text in enumerate(TEXTS)]


def test_two_processes_give_the_same_extractions_in_document_order():
    one = list(extract_documents(_documents(), jobs=1))
    # batch_size 1 spreads the documents round robin over both processes.
    two = list(extract_documents(_documents(), jobs=2, batch_size=1))
    assert [e.document.id for e in two] == [f"d{i}" for i in range(len(TEXTS))]
    assert two == one
    assert any(e.facts for e in one)


def test_documents_are_read_lazily_as_results_are_taken():
    pulled = []

    def stream():
        for doc in _documents() * 4:
            pulled.append(doc.id)
            yield doc

    results = extract_documents(stream(), jobs=1, batch_size=2)
    first = next(results)
    assert first.document.id == "d0"
    assert len(pulled) < 4 * len(TEXTS), "the whole input was read before the first result"
    assert len(list(results)) == 4 * len(TEXTS) - 1


def test_build_reports_each_document_to_the_progress_callback():
    seen = []
    graph = kg.build(_documents(), progress=lambda extraction: seen.append(extraction.document.id))
    assert seen == [f"d{i}" for i in range(len(TEXTS))]
    assert len(graph.documents()) == len(TEXTS)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"engine": "spark"}, "unknown engine 'spark'"), ({"scheduler": "tcp://127.0.0.1:1"}, "needs engine='dask'")],
)
def test_bad_engine_options_are_errors_that_say_the_way_out(options, message):
    with pytest.raises(KGError, match=message):
        list(extract_documents(_documents(), **options))


def test_cli_build_with_jobs_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(f'{{"id": "d{i}", "text": "{t}"}}\n' for i, t in enumerate(TEXTS)), encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith(f"{len(TEXTS)} documents, ")
    assert kg.load(tmp_path / "o" / "graph.ttl").entity("Nippon Steel").type == "Organization"


def _stderr_on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal, as in an interactive shell; return (code, stdout, stderr)."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "160"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE, stderr=secondary, env=env, text=True
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = process.stdout.read()
    code = process.wait()
    os.close(primary)
    return code, out, b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_progress_with_documents_and_words_per_second_also_for_store_builds(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(f'{{"id": "d{i}", "text": "{t}"}}\n' for i, t in enumerate(TEXTS)), encoding="utf-8")
    n = len(TEXTS)
    code, out, err = _stderr_on_a_terminal(["build", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert code == 0 and out.startswith(f"{n} documents, ")
    assert f"{n}/{n}" in err and "words/s" in err
    # A store build counts every document, the unchanged ones it skips too.
    store = str(tmp_path / "store")
    for added in (n, 0):
        code, out, err = _stderr_on_a_terminal(["build", str(corpus), "--store", store, "--jobs", "1"])
        assert code == 0 and out.startswith(f"{added} documents added, ")
        assert f"{n}/{n}" in err and "words/s" in err
    # --quiet: nothing on the terminal but errors.
    code, out, err = _stderr_on_a_terminal(["build", str(corpus), "--store", store, "--quiet"])
    assert code == 0 and err.strip() == ""
