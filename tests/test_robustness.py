"""Bad input through the real CLI: exit code, one clear line, and outputs never half-written."""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
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


# --------------------------------------------------------------------------- one bad file or field of many


def _on_a_terminal(command: list[str], stream: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``command`` with its ``stream`` ("stdout" or "stderr") a terminal; the other is captured."""
    import pty

    leader, follower = pty.openpty()
    try:
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
        done = subprocess.run(command, cwd=cwd, env=_env(), timeout=300, **pipes)
        os.close(follower)
        follower = -1
        shown = b""
        with contextlib.suppress(OSError):  # the terminal reports EIO once its other end has closed
            while chunk := os.read(leader, 65536):
                shown += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    captured = {name: (getattr(done, name) or b"").decode(errors="replace") for name in ("stdout", "stderr")}
    captured[stream] = shown.decode(errors="replace")
    return subprocess.CompletedProcess(command, done.returncode, captured["stdout"], captured["stderr"])


def _kg(*args: str, cwd: Path, tty: bool = False) -> subprocess.CompletedProcess:
    """``kg`` in a process that cannot read files whose permissions say so, even when the tests run as root.

    Root reads any file: there, the process runs without the capabilities that let it (setpriv).
    With ``tty``, its stderr is a terminal, so the progress bar is drawn.
    """
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []
    command = [*drop, sys.executable, "-m", "kg", *args]
    if tty:
        return _on_a_terminal(command, "stderr", cwd)
    return subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300)


@pytest.fixture
def unreadable(tmp_path):
    """A folder of two good articles, an unreadable one, one that vanished (a dangling link) and an unreadable subfolder."""
    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "z.txt").write_text(LATIN, encoding="utf-8")
    (folder / "secret.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    yield folder
    (folder / "locked").chmod(0o755)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_or_vanished_file_or_subfolder_of_a_folder_is_a_warning(unreadable, tmp_path, jobs):
    done = _kg("build", str(unreadable), "--out", str(tmp_path / "out"), "--jobs", jobs, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    err = done.stderr.splitlines()
    assert len(err) == 3 and all(line.startswith("Warning: skipped ") for line in err), err
    assert any("secret.txt" in line and "Permission denied" in line for line in err)
    assert any("gone.txt does not exist" in line for line in err)
    assert any("locked" in line and "Permission denied" in line for line in err)
    assert sorted(d.id for d in _assert_valid_outputs(tmp_path / "out").documents()) == ["a", "z"]


def test_an_unreadable_file_given_by_name_is_an_error_naming_it(unreadable, tmp_path):
    done = _kg("build", str(unreadable / "secret.txt"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: cannot read {unreadable / 'secret.txt'}: Permission denied; check that the file exists and is readable"
    ]
    assert not (tmp_path / "out").exists()


def test_an_unreadable_jsonl_file_on_a_terminal_is_an_error_not_a_traceback(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    feed.chmod(0)
    done = _kg("build", str(feed), "--out", str(tmp_path / "out"), cwd=tmp_path, tty=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"Error: cannot read {feed}: Permission denied" in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_name_that_is_not_utf8_and_a_lone_surrogate_in_a_title_lose_nothing(tmp_path, capsys, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "w", encoding="utf-8") as f:
        f.write(GOOD)
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "t", "title": "T\ud800 \x1b[31mred\u202e", "text": LATIN}) + "\n", encoding="utf-8"
    )
    for extra in ([], ["--store", str(tmp_path / "store")]):
        out = tmp_path / f"out{len(extra)}"
        code, _, err = _run(capsys, "build", str(folder), "--out", str(out), "--jobs", jobs, *extra)
        assert code == 0, err
        assert any("caf\ufffd.txt: its id" in line for line in err), err
        assert any("feed.jsonl:1: its title held control or invalid characters" in line for line in err), err
        documents = {d.id: d for d in _assert_valid_outputs(out).documents()}
        assert sorted(documents) == ["caf\ufffd", "t"] and documents["t"].title == "T [31mred"
        assert kg.load(out / "graph.ttl") == kg.load(out / "graph.json")


# field, its value in a jsonl record, the warning's words, the value kept (None: dropped; "made": an id made from the text)
FIELDS = [
    ("id", "i\ud800d\x1b[2J\u202e", "its id held control or invalid characters", "id[2J"),
    ("url", "https://example.org/\ud800a\x07\u202e", "its url held control or invalid characters",
     "https://example.org/a"),
    ("date", "2025-01-07\ud800\u202e", "its date held control or invalid characters", "2025-01-07"),
    ("id", "x" * 201, "its id is 201 characters long (at most 200); dropped", "made"),
    ("url", "https://example.org/" + "a" * 2000, "its url is 2,020 characters long (at most 2,000); dropped", None),
]


def test_every_field_of_a_document_is_cleaned_and_none_loses_the_build_or_the_store(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": f"r{n}", field: value, "text": GOOD} for n, (field, value, _, _) in enumerate(FIELDS)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "out"
    code, _, err = _run(capsys, "build", str(feed), "--store", str(store), "--out", str(out))
    assert code == 0, err
    assert err == [f"Warning: {feed}:{n}: {words}" + ("; kg removed or replaced them" if "held" in words else "")
                   for n, (_, _, words, _) in enumerate(FIELDS, 1)]
    documents = _assert_valid_outputs(out).documents()
    for n, ((field, _, _, kept), doc) in enumerate(zip(FIELDS, documents)):
        found = getattr(doc, field)
        assert found.startswith("doc-") if kept == "made" else found == kept, (field, found)
        if field != "id":
            assert doc.id == f"r{n}"
    assert kg.load(store) == kg.load(out / "graph.ttl") == kg.load(out / "graph.json")


def test_english_about_dutch_and_german_names_is_built_as_english(tmp_path, capsys):
    article = tmp_path / "summit.txt"
    article.write_text(
        "Von der Leyen meets Rutte in Den Haag\nUrsula von der Leyen met Mark Rutte and Dick Schoof in Den Haag on "
        "Monday. Von der Leyen said Van der Bellen and De Croo backed the Ukraine aid.\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "build", str(article), "--out", str(tmp_path / "out"), "--strict")
    assert (code, err) == (0, [])
    assert [d.id for d in _assert_valid_outputs(tmp_path / "out").documents()] == ["summit"]


def test_garbage_dates_are_dropped_with_a_warning_and_every_query_still_answers(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "garbage", "date": "garbage", "text": "Antony Blinken met Takeshi Iwaya in Tokyo."},
        {"id": "year", "date": "99999-01-01", "text": "Joe Biden blocked the deal with Nippon Steel."},
        {"id": "month", "date": "2025-13-45", "text": "Marco Rubio met Takeshi Iwaya in Washington."},
        {"id": "first", "date": "0001-01-01", "text": "Antony Blinken met Joe Biden on Friday."},
        {"id": "good", "date": "2025-01-07", "text": "Nippon Steel sued Joe Biden on Monday."},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = _run(capsys, "build", str(feed), "--out", str(tmp_path / "out"))
    assert code == 0
    assert [line for line in err if "is not an ISO 8601 date" in line] == [
        f"Warning: {feed}:{n}: its date {d!r} is not an ISO 8601 date (YYYY-MM-DD); dropped"
        for n, d in ((1, "garbage"), (2, "99999-01-01"), (3, "2025-13-45"))
    ]
    graph = _assert_valid_outputs(tmp_path / "out")
    assert {d.id: d.date for d in graph.documents()} == {
        "garbage": None, "year": None, "month": None, "first": "0001-01-01", "good": "2025-01-07"
    }
    # "on Friday" before 1 January of the year 1 is no date, and no OverflowError either.
    assert [f.predicate for f in graph.facts(since="2025-01-01")] == ["sue"]
    assert graph.timeline("Joe Biden") and all(graph.date_of(f) is None or graph.date_of(f).year in (1, 2025)
                                                for f in graph.iter_facts())


def test_a_graph_whose_dates_are_garbage_still_answers_date_queries(tmp_path):
    graph = kg.build([kg.Document("a", "Antony Blinken met Takeshi Iwaya on Friday.\n")])
    data = json.loads(graph.write(tmp_path / "g.json").read_text(encoding="utf-8"))
    data["graph"]["documents"][0]["date"] = "garbage"
    (tmp_path / "g.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = kg.load(tmp_path / "g.json")
    assert loaded.documents()[0].date == "garbage"
    assert loaded.facts(since="2000-01-01") == [] and loaded.timeline("Blinken")


def test_a_folder_built_twice_does_not_read_its_own_page(tmp_path, monkeypatch, capsys):
    (tmp_path / "article.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        code, stdout, err = _run(capsys, "build", ".")
        assert (code, err) == (0, [])
        assert stdout.startswith("1 documents,"), stdout
    assert [d.id for d in kg.load("kg-out/graph.json").documents()] == ["article"]


def test_jsonl_ids_zero_and_odd_types(tmp_path, capsys):
    feed = tmp_path / "weird_ids.jsonl"
    records = [{"id": 0, "text": GOOD}, {"id": 7, "text": LATIN}, {"id": True, "text": GOOD}, {"id": [1], "text": LATIN}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = _run(capsys, "build", str(feed), "--out", str(tmp_path / "out"))
    assert code == 0
    assert err == [
        f'Warning: {feed}:3: its "id" true is not a string or a whole number; kg made one',
        f'Warning: {feed}:4: its "id" [1] is not a string or a whole number; kg made one',
    ]
    assert [d.id for d in _assert_valid_outputs(tmp_path / "out").documents()] == ["0", "7", "weird_ids-3", "weird_ids-4"]


def test_an_empty_input_is_an_error_and_never_means_here(tmp_path, monkeypatch, capsys):
    (tmp_path / "secret-notes.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "build", "", "--out", str(tmp_path / "out"))
    assert code == 1
    assert err == ["Error: an empty INPUT is no path; give a .txt, .html or .jsonl file, a folder, or - for stdin"]
    for empty in ("", "  \n", [], ()):
        with pytest.raises(kg.InputError):
            kg.build(empty)
    with pytest.raises(kg.InputError, match="an empty string is neither an article nor a path"):
        kg.build(["", "Antony Blinken met Takeshi Iwaya."])
    assert not (tmp_path / "out").exists()


def test_a_list_of_strings_is_texts_unless_they_name_existing_files(tmp_path, seed_path):
    graph = kg.build(["Antony Blinken met Takeshi Iwaya in Tokyo.", "Joe Biden blocked the deal.", str(seed_path)])
    assert [d.id.startswith("doc-") for d in graph.documents()] == [True, True, False]
    assert graph.documents()[2].id == "blinken-japan-us-steel"
    assert graph.facts(subject="Biden", predicate="block")
    # A one-word string that looks like a file name but names none is a mistyped path, not an article.
    with pytest.raises(kg.InputError, match=r"notes\.txt does not exist"):
        kg.build(["Antony Blinken met Takeshi Iwaya.", "notes.txt"])


# --------------------------------------------------------------------------- what kg refuses to read or write


def test_a_title_over_16_mb_is_cut_and_kg_reads_back_what_it_wrote(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "t", "title": "Steel " * 3_000_000, "text": GOOD}) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "build", str(feed), "--out", str(tmp_path / "out"))
    assert code == 0
    assert err == [f"Warning: {feed}:1: its title is 17,999,999 characters long; kg kept the first 1,000"]
    graph = kg.load(tmp_path / "out" / "graph.ttl")
    assert len(graph.documents()[0].title) == 1000
    code, stdout, _ = _run(capsys, "query", str(tmp_path / "out" / "graph.ttl"))
    assert code == 0 and len(stdout.splitlines()) == 1 + len(graph.facts())


def test_kg_writes_no_literal_it_could_not_read_back(tmp_path):
    graph = kg.KnowledgeGraph()
    graph.add_entity(kg.Entity("big", "Steel " * 3_000_000, "Organization"))  # built by hand: nothing cut it
    for name in ("g.ttl", "g.nt"):
        with pytest.raises(kg.FormatError, match="longer than the 16 MiB that RDF parsers read back"):
            graph.write(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no file, not even half of one


def test_a_foreign_turtle_file_with_a_literal_over_16_mb_is_an_error(tmp_path, capsys):
    path = tmp_path / "big.ttl"
    path.write_text(f'<https://example.org/a> <https://example.org/b> "{"x" * (17 * 1024 * 1024)}" .\n')
    code, _, err = _run(capsys, "query", str(path))
    assert code == 1
    [line] = err
    assert line.startswith(f"Error: {path} holds a literal or IRI longer than the 16 MiB an RDF parser reads")


def test_turtle_prefix_expansion_is_bounded(tmp_path):
    path = tmp_path / "blowup.ttl"
    prefix = "https://example.org/" + "a" * 140_000
    path.write_text(f"@prefix p: <{prefix}> .\n" + "".join(f"p:s{i} p: p:o .\n" for i in range(15_000)))
    with (tmp_path / "err").open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(path)], env=_env(), stdout=err, stderr=err)
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    _, status, rusage = os.wait4(proc.pid, 0)  # the peak memory of this one process
    watchdog.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    assert proc.returncode == 1
    assert (tmp_path / "err").read_text().startswith(f"Error: {path} holds more than 16 times its size in triples")
    assert rusage.ru_maxrss < 1024 * 1024  # KiB: well under 1 GiB, where it took 2 GiB before


_LONG = "https://example.org/" + "a" * 100_000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # every expanded term the parser builds counts: the object's datatype, ...
        ("datatype.ttl", "<https://example.org/s> <https://kg.invalid/vocab#start>" + ' "1"^^p:,' * 3_000 + ' "1" .\n'),
        # ... the graph name of every quad, ...
        ("graph.trig", "p: { <https://example.org/s> <https://kg.invalid/vocab#start>" + " 1," * 3_000 + " 1 . }\n"),
        # ... a predicate no field reads, and a subject repeated over one long run of objects.
        ("predicate.ttl", "p:s p: " + "<https://example.org/o>, " * 3_000 + "<https://example.org/o> .\n"),
    ],
    ids=["datatype", "graph", "predicate"],
)
def test_every_term_a_prefix_expands_counts_against_the_bound(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(f"@prefix p: <{_LONG}> .\n{text}")
    with pytest.raises(kg.FormatError, match=" holds more than 16 times its size in triples"):
        kg.load(path)


def test_a_streamed_file_is_bounded_too(tmp_path, capsys):
    path = tmp_path / "blowup.ttl"
    path.write_text(f"@prefix p: <{_LONG}> .\n" + "".join(f"p:s{i} p: p:o .\n" for i in range(2_000)))
    code, _, err = _run(capsys, "sparql", str(path), "ASK { ?s ?p ?o }")
    assert code == 1
    assert err[0].startswith(f"Error: {path} holds more than 16 times its size in triples")


# --------------------------------------------------------------------------- nothing printed acts on the terminal

HOSTILE = "Acme\x1b[2J\x1b]0;owned\x07 Corp\u202e"  # clear the screen, retitle the window, ring, reverse


def _hostile_graph(tmp_path: Path) -> Path:
    """A graph file from elsewhere (kg's own builds clean every field): escapes and an RTL override in every value."""
    graph = kg.KnowledgeGraph()
    graph.add_entity(kg.Entity("evil\x1b[2J", HOSTILE, "Organization", aliases=("\x1b[31mred",)))
    graph.add_entity(kg.Entity("iwaya", "Takeshi Iwaya", "Person"))
    sentence = f"{HOSTILE} met Takeshi Iwaya."
    graph.add_fact(kg.Fact("evil\x1b[2J", "meet", "iwaya", evidence=(kg.Evidence("d\u202e", sentence, 0, len(sentence)),)))
    graph.add_document(kg.Document("d\u202e", "", title=HOSTILE))
    return graph.write(tmp_path / "hostile.json")


def _acts_on_a_terminal(text: str) -> bool:
    return any(c in text for c in "\x1b\x07\u202e")


def test_values_and_file_names_are_printed_escaped(tmp_path, capsys):
    path = str(_hostile_graph(tmp_path))
    for command in (["query", path, "--format", "table"], ["entities", path, "--format", "table"],
                    ["entities", path, "--explain", "Takeshi Iwaya"]):
        code, stdout, err = _run(capsys, *command)
        assert (code, err) == (0, []), command
        assert not _acts_on_a_terminal(stdout), (command, stdout)
    code, stdout, _ = _run(capsys, "query", path, "--format", "table")
    assert "Acme\\x1b[2J\\x1b]0;owned\\x07 Corp\\u202e" in stdout
    # A file name that would clear the screen, in a warning.
    scan = tmp_path / "\x1b[2Jscan.txt"
    scan.write_bytes(b"%PDF-1.7\n\x00\x01binary")
    for strict in ([], ["--strict"]):  # a warning, and the same as an error
        code, _, err = _run(capsys, "build", str(scan), "--out", str(tmp_path / "out"), *strict)
        assert code == len(strict) and err and not any(_acts_on_a_terminal(line) for line in err)
        assert "\\x1b[2Jscan.txt: it is a PDF" in err[0]


def test_values_are_escaped_on_a_terminal_in_every_format_and_kept_for_programs(tmp_path):
    path = str(_hostile_graph(tmp_path))
    for fmt in ("json", "tsv", "csv"):
        done = _on_a_terminal([sys.executable, "-m", "kg", "query", path, "--format", fmt], "stdout")
        assert done.returncode == 0, done.stderr
        assert not _acts_on_a_terminal(done.stdout), (fmt, done.stdout)
        piped = subprocess.run([sys.executable, "-m", "kg", "query", path, "--format", fmt], env=_env(),
                               capture_output=True, text=True, timeout=120)
        assert "\u202e" in piped.stdout  # a program gets the data as it is
