"""Bad input through the real CLI: exit code, one clear line, and outputs never half-written."""
from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

import kg
from kg.cli import OUTPUTS, main
from kg.export import atomic_write_all
import kg.nlp as nlp_module
from kg.nlp import load

ROOT = Path(__file__).resolve().parent.parent
LATIN = "José Núñez met Takeshi Iwaya in Tokyo. Nippon Steel bought a small mill in Ohio.\n"
GOOD = "Nippon Steel bought a small mill in Ohio. Antony Blinken met Takeshi Iwaya in Tokyo.\n"
FRENCH = (
    "Le secrétaire d'État américain Antony Blinken a rencontré mardi à Tokyo son homologue japonais Takeshi Iwaya. "
    "Les deux ministres ont discuté de l'alliance entre le Japon et les États-Unis, malgré la décision du président.\n"
)
HTML = (
    "<!DOCTYPE html><html><head><title>Steel deal</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Steel deal blocked</h1><p>Joe Biden blocked the purchase of US Steel by Nippon Steel. "
    "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.</p></article><footer>Contact us</footer></body></html>"
)


def _files(tmp_path: Path, **files: str | bytes) -> list[str]:
    paths = []
    for name, data in files.items():
        path = tmp_path / name.replace("__", ".")
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        paths.append(str(path))
    return paths


@pytest.fixture
def out(tmp_path) -> Path:
    """An output folder holding a previous build, so every test can check it is untouched or replaced whole."""
    folder = tmp_path / "out"
    graph = kg.KnowledgeGraph()
    graph.add_entity(kg.Entity("old", "Old Entity", "Person"))
    atomic_write_all([(folder / name, kg.export.render(graph, kg.export.format_for(name))) for name in OUTPUTS])
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _unchanged(folder: Path, before: dict[str, bytes]) -> bool:
    """Whether the folder holds exactly the files of ``before``.

    A bool, not the dicts: under CI=true pytest diffs megabytes of bytes in full, for minutes.
    """
    return _snapshot(folder) == before


def _run(capsys, *args: str) -> tuple[int, str, list[str]]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code)
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def _assert_valid_outputs(folder: Path) -> kg.KnowledgeGraph:
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUTS)
    pyoxigraph.Store().load(path=str(folder / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    assert (folder / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    return kg.load(folder / "graph.json")


# name -> (files, the words every warning must contain, a check on the graph written without --strict)
WARNED = {
    "empty file": (lambda t: _files(t, empty__txt=""), ["empty.txt", "empty"], lambda g: len(g) == 0),
    "whitespace-only file": (
        lambda t: _files(t, blank__txt=" \n\t\r\n  \n"), ["blank.txt", "whitespace"], lambda g: len(g) == 0
    ),
    "binary file among good ones": (
        lambda t: _files(t, junk__txt=bytes(range(256)) * 8, good__txt=GOOD),
        ["junk.txt", "binary", "skipped"],
        lambda g: [d.id for d in g.documents()] == ["good"] and len(g) > 0,
    ),
    "PDF": (
        lambda t: _files(t, paper__pdf=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ["paper.pdf", "PDF"],
        lambda g: len(g) == 0,
    ),
    "Windows-1252 text": (
        lambda t: _files(t, latin__txt=LATIN.encode("cp1252")),
        ["latin.txt", "not UTF-8", "cp1252"],
        lambda g: any(e.name == "José Núñez" for e in g.entities()),
    ),
    "HTML page saved as .txt": (
        lambda t: _files(t, page__txt=HTML),
        ["page.txt", "HTML"],
        lambda g: len(g.facts(subject="Biden", predicate="block")) == 1
        and g.documents()[0].title == "Steel deal blocked",
    ),
    "non-English text": (
        lambda t: _files(t, fr__txt=FRENCH), ["fr.txt", "French", "not English"], lambda g: g.documents() == []
    ),
    "control characters": (
        lambda t: _files(
            t, ctl__txt="Nippon\x00 Steel bought a \x1b[31msmall\x7f mill\u202e in Ohio.\x85Blinken met Iwaya.\ufeff\n"
        ),
        ["ctl.txt", "removed 5 control"],
        lambda g: len(g.facts(subject="Nippon Steel", predicate="buy")) == 1,
    ),
    "malformed .jsonl lines": (
        lambda t: _files(
            t,
            feed__jsonl=b'{"id": "a", "text": "Nippon Steel bought a mill in Ohio."}\n{"text": \n[1, 2]\n\xff\xfe\n'
            b'{"id": "b", "text": "Antony Blinken met Takeshi Iwaya."}\n',
        ),
        ["feed.jsonl:"],
        lambda g: sorted(d.id for d in g.documents()) == ["a", "b"],
    ),
}


@pytest.mark.parametrize("case", WARNED)
def test_bad_input_warns_on_one_line_and_the_rest_goes_on(case, tmp_path, out, capsys):
    make, words, check = WARNED[case]
    inputs = make(tmp_path)
    code, stdout, err = _run(capsys, "build", *inputs, "--out", str(out))
    assert code == 0, err
    assert err and all(line.startswith("Warning: ") for line in err), err
    assert all(w in " ".join(err) for w in words), err
    assert stdout.count("\n") == 1
    assert check(_assert_valid_outputs(out))


@pytest.mark.parametrize("case", WARNED)
def test_strict_makes_the_warning_an_error_and_writes_nothing(case, tmp_path, out, capsys):
    before = _snapshot(out)
    inputs = WARNED[case][0](tmp_path)
    code, stdout, err = _run(capsys, "build", *inputs, "--out", str(out), "--strict")
    assert code == 1
    [line] = err
    assert line.startswith("Error: ") and "--strict" in line and WARNED[case][1][0] in line
    assert stdout == ""
    assert _unchanged(out, before), sorted(p.name for p in out.iterdir())


ERRORS = {
    "missing path": (lambda t: [str(t / "missing.txt")], "missing.txt does not exist; give a"),
    "folder without articles": (lambda t: [str(_empty_folder(t))], "holds no .txt, .html or .jsonl files"),
    "output folder is a file": (
        lambda t: _files(t, good__txt=GOOD) + ["--out", str(t / "out" / "graph.ttl")], "choose another output folder"
    ),
}


def _empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "notes.bin").write_bytes(b"\x00")
    return folder


@pytest.mark.parametrize("case", ERRORS)
def test_errors_are_one_line_exit_1_and_leave_outputs_alone(case, tmp_path, out, capsys):
    before = _snapshot(out)
    make, message = ERRORS[case]
    args = make(tmp_path)
    code, stdout, err = _run(capsys, "build", *args, *([] if "--out" in args else ["--out", str(out)]))
    assert code == 1
    [line] = err
    assert line.startswith("Error: ") and message in line, line
    assert _unchanged(out, before), sorted(p.name for p in out.iterdir())


def test_usage_error_exits_2_and_leaves_outputs_alone(out, capsys):
    before = _snapshot(out)
    code, _, err = _run(capsys, "build", "--out", str(out), "--jobs", "many")
    assert code == 2
    assert err[-1].startswith("kg build: error: ") and "--jobs" in err[-1]
    assert _unchanged(out, before), sorted(p.name for p in out.iterdir())


def test_html_file_gives_its_main_text_without_warning(tmp_path, out, capsys):
    code, _, err = _run(capsys, "build", *_files(tmp_path, article__html=HTML), "--out", str(out))
    assert (code, err) == (0, [])
    graph = _assert_valid_outputs(out)
    [doc] = graph.documents()
    assert doc.title == "Steel deal blocked"
    assert graph.facts(subject="Biden", predicate="block")
    # The navigation and footer are not article text.
    assert not any("Contact" in ev.sentence for f in graph.iter_facts() for ev in f.evidence)


def test_text_longer_than_max_length_is_parsed_in_pieces(tmp_path, out, capsys, monkeypatch, seed_path):
    monkeypatch.setattr(load(), "max_length", 700)
    text = seed_path.read_text(encoding="utf-8")
    code, _, err = _run(capsys, "build", str(seed_path), "--out", str(out))
    assert (code, err) == (0, [])
    graph = _assert_valid_outputs(out)
    body = kg.documents.from_text(text).text
    assert len(body) > 3 * 700
    for fact in graph.iter_facts():
        for ev in fact.evidence:
            assert body[ev.start : ev.end].strip() == ev.sentence
    assert graph.facts(subject="Blinken", predicate="meet")


def test_binary_stdin_is_one_line_under_strict(out, capsys, monkeypatch):
    before = _snapshot(out)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02binary\xff" * 100)))
    code, _, err = _run(capsys, "build", "-", "--out", str(out), "--strict")
    assert code == 1
    assert err == [
        "Error: skipped <stdin>: it is binary, not text; give kg plain text, HTML or .jsonl "
        "(a warning; --strict makes warnings errors)"
    ]
    assert _unchanged(out, before), sorted(p.name for p in out.iterdir())


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --------------------------------------------------------------------------- no network


def test_full_build_and_export_needs_no_network(tmp_path, monkeypatch, seed_path):
    def refuse(*args, **kwargs):
        raise AssertionError(f"kg tried to use the network: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    nlp_module._load.cache_clear()  # load the model again, under the block
    try:
        page = tmp_path / "page.html"
        page.write_text(HTML, encoding="utf-8")
        graph = kg.build([seed_path, page])
        for suffix in (".ttl", ".nt", ".jsonld", ".json", ".html"):
            path = graph.write(tmp_path / f"graph{suffix}")
            if suffix != ".html":
                assert kg.load(path) == graph
    finally:
        nlp_module._load.cache_clear()
    assert graph.facts(subject="Biden", predicate="block")


# --------------------------------------------------------------------------- killed mid-run


def _corpus(tmp_path: Path, seed_path: Path, copies: int) -> Path:
    text = seed_path.read_text(encoding="utf-8")
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n in range(copies):
            f.write(json.dumps({"id": f"copy-{n}", "text": text.replace("Tuesday", f"day {n}")}) + "\n")
    return path


def _assert_old_complete_or_none(folder: Path, before: dict[str, bytes]) -> str:
    """Each output is absent, the previous file, or a complete new one; returns which generation was found."""
    found = set()
    for name in OUTPUTS:
        path = folder / name
        if not path.exists():
            found.add("none")
            continue
        data = path.read_bytes()
        if data == before.get(name):
            found.add("old")
            continue
        found.add("new")
        if name == "graph.html":
            assert data.rstrip().endswith(b"</html>")
        elif name == "graph.json":
            json.loads(data)
        else:
            pyoxigraph.Store().load(data, format=pyoxigraph.RdfFormat.TURTLE)
    # Anything else is a temporary file kg never renamed: hidden, and named as such.
    for path in folder.iterdir():
        assert path.name in OUTPUTS or (path.name.startswith(".") and path.name.endswith(".tmp")), path.name
    return "/".join(sorted(found))


def _start(command: list[str]) -> subprocess.Popen:
    # A session of its own, so the kill below reaches spaCy's worker processes too.
    return subprocess.Popen(
        command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the build and every process it started, as a crash of the machine's session would."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had already finished
        pass
    proc.wait()


def test_sigkill_leaves_the_previous_outputs_or_none(tmp_path, out, seed_path):
    before = _snapshot(out)

    def command(copies: int) -> list[str]:
        return [sys.executable, "-m", "kg", "build", str(_corpus(tmp_path, seed_path, copies)), "--out", str(out)]

    # Killed while loading or parsing: the old files are all there, untouched. The
    # input is far more than 3 s of work even on an idle machine, so the kill lands
    # before any writing starts.
    proc = _start(command(200))
    time.sleep(3)
    assert proc.poll() is None, "the build finished before it could be killed; give it more input"
    _kill(proc)
    assert _unchanged(out, before), "SIGKILL while parsing changed the previous outputs"

    # Killed as soon as it starts writing, the moment a temporary file appears.
    caught = []
    for _ in range(3):
        atomic_write_all([(out / name, data) for name, data in before.items()])
        proc = _start(command(2))
        while proc.poll() is None and not any(p.name.endswith(".tmp") for p in os.scandir(out)):
            pass
        _kill(proc)
        leftovers = [p for p in out.iterdir() if p.name.endswith(".tmp")]
        caught.append(_assert_old_complete_or_none(out, before))
        for p in leftovers:
            p.unlink()
        if leftovers and caught[-1] == "old":
            break
    # At least once the kill landed mid-write, and the old files survived it.
    assert caught[-1] == "old", caught


def test_openie_reads_windows_1252_and_refuses_binary_in_one_line(tmp_path, capsys):
    latin = _files(tmp_path, l__txt="José Núñez met Takeshi Iwaya in Tokyo.\n".encode("cp1252"))[0]
    code, out, err = _run(capsys, "openie", latin)
    assert code == 0 and "José Núñez" in out
    assert len(err) == 1 and err[0].startswith("Warning: ") and "cp1252" in err[0]
    code, out, err = _run(capsys, "openie", _files(tmp_path, b__txt=bytes(range(256)) * 4)[0])
    assert code == 1 and out == ""
    [line] = err
    assert line.startswith("Error: skipped ") and "b.txt: it is binary" in line


def test_ctrl_c_while_writing_leaves_the_previous_outputs_and_no_temporary_file(tmp_path, out, capsys, monkeypatch):
    before = _snapshot(out)
    inputs = _files(tmp_path, good__txt=GOOD)
    real_fsync, calls = os.fsync, []

    def interrupted_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second output file is being written
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    code, _, err = _run(capsys, "build", *inputs, "--out", str(out))
    assert (code, err) == (130, ["Interrupted."])
    assert _unchanged(out, before), sorted(p.name for p in out.iterdir())
