"""The local multi-process engine: the same result as one process, and every way out ends every process."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
import kg.parallel
import kg.pipeline
from kg.cli import main
from kg.documents import from_text
from kg.errors import ModelError, StoreError
from kg.nlp import batches
from kg.parallel import extract_on_processes, in_order

ROOT = Path(__file__).resolve().parent.parent
# Made-up news: many short documents, so a corpus spans several batches of sixteen.
TEXTS = [
    "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.",
    "Joe Biden blocked the acquisition of US Steel by Nippon Steel.",
    "Nippon Steel will challenge the decision in court, the company said.",
    "Blinken said Japan remained a close ally of the United States.",
    "Marco Rubio will replace Antony Blinken as secretary of state.",
    "The Bank of Japan raised interest rates for the first time in a year.",
    "Shigeru Ishiba, the prime minister of Japan, called the decision regrettable.",
    "Acme Corp sued Globex in Berlin over a broken supply contract.",
    "Maria Lopez, a lawyer for Globex, said the company did not break the contract.",
    "The European Commission fined Acme Corp 40 million euros on Friday.",
    "Residents of Springfield protested against the new airport.",
    "The mayor of Springfield, Ann Patel, promised a public inquiry.",
    "Heavy rain flooded the centre of Lisbon and closed two metro lines.",
    "Portugal's government sent soldiers to help clear the streets.",
    "The World Health Organization warned of a new strain of influenza.",
    "Doctors in Nairobi reported the first cases on Monday.",
    "Kenya's health minister urged people to get vaccinated.",
    "Tesla opened a factory near Berlin, creating 3,000 jobs.",
    "Workers at the plant said wages were lower than promised.",
    "IG Metall, the German union, demanded talks with the management.",
]


def _documents() -> list[kg.Document]:
    return [from_text(text, id=f"d{i}") for i, text in enumerate(TEXTS)]


# --------------------------------------------------------------------------- shared parts
@pytest.mark.parametrize(
    ("sizes", "size", "chars", "expected"),
    [
        ([10, 10, 30, 5, 5, 5, 5], 3, 25, [[0, 1], [2], [3, 4, 5], [6]]),  # a long one goes alone
        ([1, 1, 1, 1, 1], 2, 100, [[0, 1], [2, 3], [4]]),  # counted
        ([50, 50], 16, 40, [[0], [1]]),  # each over the bound
        ([], 16, 40, []),
    ],
)
def test_batches_hold_at_most_size_items_and_chars_unless_alone(sizes, size, chars, expected):
    items = [("a" * n, i) for i, n in enumerate(sizes)]
    found = batches(items, size=size, chars=chars, length=lambda item: len(item[0]))
    assert [[i for _, i in batch] for batch in found] == expected


class _Handed:
    """A Pending that is ready at once, recording what was asked of it."""

    def __init__(self, batch, log):
        self.batch, self.log = batch, log

    def result(self):
        self.log.append(("result", self.batch[0]))
        return self.batch

    def cancel(self):
        self.log.append(("cancel", self.batch[0]))


def test_in_order_keeps_a_bounded_window_and_cancels_what_is_left():
    log = []

    def submit(batch):
        log.append(("submit", batch[0]))
        return _Handed(batch, log)

    results = in_order(([n] for n in range(6)), submit, window=3)
    assert [next(results), next(results)] == [0, 1]
    # Never more than three batches handed out ahead of what was taken.
    assert log == [("submit", 0), ("submit", 1), ("submit", 2), ("result", 0), ("submit", 3), ("result", 1)]
    results.close()
    assert log[-2:] == [("cancel", 2), ("cancel", 3)]


# --------------------------------------------------------------------------- the engine
@pytest.mark.parametrize(("threshold", "processes"), [(10**9, None), (100, 2)])
def test_the_default_jobs_start_workers_only_for_an_input_worth_their_start_up(monkeypatch, threshold, processes):
    """jobs=0: one process under ONE_PROCESS_CHARS characters, else one a core (here two)."""
    started = []

    def engine(documents, *, model, processes, batch_size):
        started.append(processes)
        return iter(())

    monkeypatch.setattr(kg.pipeline, "ONE_PROCESS_CHARS", threshold)
    monkeypatch.setattr(kg.pipeline, "cpu_count", lambda: 2)
    monkeypatch.setattr(kg.parallel, "extract_on_processes", engine)
    extractions = list(kg.pipeline.extract_documents(_documents(), jobs=0))
    assert started == ([] if processes is None else [processes])
    assert len(extractions) == (len(TEXTS) if processes is None else 0)


def test_jobs_1_and_jobs_2_write_the_same_bytes(tmp_path, seed_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": "seed", "text": seed_path.read_text(encoding="utf-8")}]
    lines += [{"id": f"d{i}", "text": text} for i, text in enumerate(TEXTS)]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    written = {}
    for jobs in ("1", "2"):
        assert main(["build", str(corpus), "--jobs", jobs, "--out", str(tmp_path / jobs), "--quiet"]) == 0
        written[jobs] = {p.name: p.read_bytes() for p in (tmp_path / jobs).iterdir()}
    assert written["1"] == written["2"]
    assert set(written["1"]) == {"graph.ttl", "graph.html", "graph.json"}


def test_a_model_the_workers_cannot_load_is_one_error(capsys):
    started = time.monotonic()
    with pytest.raises(ModelError, match="'no_such_model' is not installed"):
        list(extract_on_processes(_documents(), model="no_such_model", processes=2))
    assert time.monotonic() - started < 30
    assert _children_of(os.getpid(), workers_only=True) == {}


# --------------------------------------------------------------------------- every way out
def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # the fields after the command name: state, ppid, ...


def _children_of(pid: int, *, workers_only: bool = False) -> dict[int, str]:
    """Every live descendant of ``pid`` (pid -> start time), or only kg's spawned workers."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) and fields[0] != "Z":
            parents[int(entry)] = (int(fields[1]), fields[19])
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, start) in parents.items():
            if ppid == parent and child not in found:
                found[child] = start
                todo.append(child)
    if workers_only:
        found = {p: s for p, s in found.items() if b"kg.parallel.serve" in Path(f"/proc/{p}/cmdline").read_bytes()}
    return found


def _gone(processes: dict[int, str], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all((fields := _stat(p)) is None or fields[19] != start or fields[0] == "Z" for p, start in processes.items()):
            return True
        time.sleep(0.05)
    return False


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory, seed_path) -> Path:
    """Far more than a few seconds of parsing, however fast the machine."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    text = seed_path.read_text(encoding="utf-8")
    path.write_text(
        "".join(json.dumps({"id": f"copy-{n}", "text": text.replace("Tuesday", f"day {n}")}) + "\n" for n in range(300)),
        encoding="utf-8",
    )
    return path


def _start_build(corpus: Path, out: Path, *extra: str) -> tuple[subprocess.Popen, dict[int, str]]:
    """``kg build --jobs 2`` in a process group of its own; returns it, and every process it started, once both workers run."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--jobs", "2", "--out", str(out), "--quiet", *extra],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(workers := _children_of(process.pid, workers_only=True)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "the build never started two workers"
        time.sleep(0.05)
    return process, _children_of(process.pid)


def _wait_for_parsing(workers: dict[int, str]) -> None:
    # Importing spaCy and loading the pipeline take about 2 s of CPU: past 3 s, a worker parses.
    deadline = time.monotonic() + 60
    while min(_cpu_seconds(pid) for pid in workers) < 3:
        assert time.monotonic() < deadline, "the workers never got to parsing"
        time.sleep(0.1)


def _ends(process: subprocess.Popen, processes: dict[int, str], within: float = 10.0) -> tuple[int, str]:
    """The build's exit code and stderr, once it has ended within ``within`` seconds, with every process it started."""
    started = time.monotonic()
    try:
        _, err = process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the build was still running {within} s after it was stopped")
    assert _gone(processes), f"processes outlived the build: {processes}"
    assert time.monotonic() - started < within
    return process.returncode, err


def test_a_worker_killed_as_the_out_of_memory_killer_would_ends_the_build_with_one_error(long_corpus, tmp_path):
    process, started = _start_build(long_corpus, tmp_path / "out")
    workers = _children_of(process.pid, workers_only=True)
    _wait_for_parsing(workers)
    os.kill(min(workers), signal.SIGKILL)
    code, err = _ends(process, started)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("Error: kg's worker process ") and "SIGKILL" in line and "--jobs" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("whom", "sig", "code", "message"),
    [
        # Ctrl-C on a terminal reaches every process of the job, workers too, even while they start.
        ("group", signal.SIGINT, 130, "Interrupted."),
        ("main", signal.SIGINT, 130, "Interrupted."),
        # kill PID: the workers get nothing; the main process must stop them.
        ("main", signal.SIGTERM, 143, "Terminated."),
        # kill %1, or a service manager stopping the job.
        ("group", signal.SIGTERM, 143, "Terminated."),
    ],
)
def test_sigint_and_sigterm_end_the_build_and_its_workers_with_one_message(long_corpus, tmp_path, whom, sig, code, message):
    process, started = _start_build(long_corpus, tmp_path / "out")
    if whom == "main":
        _wait_for_parsing(_children_of(process.pid, workers_only=True))
        os.kill(process.pid, sig)
    else:
        os.killpg(process.pid, sig)  # at once: the workers are still importing spaCy
    assert _ends(process, started) == (code, message + "\n")
    assert not (tmp_path / "out").exists()


def test_a_killed_main_process_takes_its_workers_with_it(long_corpus, tmp_path):
    process, started = _start_build(long_corpus, tmp_path / "out")
    _wait_for_parsing(_children_of(process.pid, workers_only=True))
    process.kill()
    process.communicate()
    assert _gone(started), f"workers outlived the killed build: {started}"


def test_an_error_of_the_input_ends_the_build_and_every_process_it_started(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"d{n}", "text": TEXTS[n % len(TEXTS)]}) for n in range(400)]
    # Past the batches handed out at once: read while the workers parse, after their first answers.
    lines.insert(300, '{"text": ')
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    process, started = _start_build(corpus, tmp_path / "out", "--strict")
    code, err = _ends(process, started, within=60)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"Error: {corpus}:301: skipped, not JSON") and "--strict" in line
    assert not (tmp_path / "out").exists()


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(TEXTS[n % len(TEXTS)] + "\n", encoding="utf-8")
    return folder


def test_an_unreadable_file_late_in_a_folder_ends_the_build_with_one_error(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path, 60)
    real = Path.read_bytes

    def unreadable(path):
        if path.name == "050.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    started = time.monotonic()
    # --strict: an input kg could work around is an error too, found while the workers parse the first files.
    code = main(["build", str(folder), "--jobs", "2", "--strict", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1
    assert err[0].startswith("Error: ") and "050.txt" in err[0]
    assert time.monotonic() - started < 60
    assert _children_of(os.getpid(), workers_only=True) == {}
    assert not (tmp_path / "out").exists()


def test_a_store_write_that_fails_ends_the_build_with_one_error(tmp_path, capsys, monkeypatch):
    from kg.store import Store

    written = []
    real = Store.write

    def disk_full(self, graph, extraction, **options):
        if len(written) == 3:
            raise StoreError(f"cannot write document {extraction.document.id!r} to the store: No space left on device")
        written.append(extraction.document.id)
        real(self, graph, extraction, **options)

    monkeypatch.setattr(Store, "write", disk_full)
    code = main(["build", str(_folder(tmp_path, 40)), "--jobs", "2", "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1 and "No space left on device" in err[0]
    assert _children_of(os.getpid(), workers_only=True) == {}
    # What was written before the failure is kept: the next build carries on from there.
    monkeypatch.setattr(Store, "write", real)
    assert len(kg.load(tmp_path / "store").documents()) == 3
