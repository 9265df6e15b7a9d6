"""Corpus throughput and memory: the kg build path and the whole ``kg build`` command against bare spaCy.

    python benchmarks/throughput.py [CORPUS] [--limit N] [--jobs 1 2] [--command 200 800] [--memory 200 2000]

CORPUS is a .jsonl file of articles (default: ../shared/articles/bbc-corpus.jsonl
relative to the repository). In one run, on the same texts, it measures words
per second of

- bare spaCy: ``nlp.pipe`` over the texts with the model as ``spacy.load``
  gives it (the model kg loads, none of kg's changes: see benchmarks/README.md),
  the Docs thrown away;
- kg: ``extract_documents`` + ``KnowledgeGraph.add`` (what ``kg.build`` and
  ``kg build`` do), with the time spent merging into the graph reported apart;

with each number of processes in ``--jobs``. Then the whole command, as a
user runs it: for each size in ``--command``, the wall clock of ``kg build
FIRST_N.jsonl --jobs J`` as a subprocess (start-up, reading, parsing,
extraction, merging, writing the three files) for each J in ``--jobs``,
against a bare spaCy process (start, ``spacy.load`` the model, ``nlp.pipe`` over the
same texts), in ``--repeat`` rounds that run each command in turn (order
rotated); the figures are medians, and the ratios are medians of the ratios
within a round. The outputs of every ``--jobs`` are checked to be the same
bytes. Then, for each size in ``--memory``, it builds the graph of the first N articles in a fresh
subprocess (one process) and reads its peak resident memory (``VmHWM``);
then the same for the whole command, ``kg build --jobs 1`` writing its three
files; then (``--tree``) the whole command with the default ``--jobs``, all
its processes: the peak of their summed PSS, and the peaks of the main
process (the graph) and of the largest other (a worker).
Words are whitespace-separated tokens of the article text.
"""
from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "articles" / "bbc-corpus.jsonl"
BATCH_SIZE = 16


def _documents(corpus: Path, limit: int | None):
    from kg.documents import read_documents

    return itertools.islice(read_documents([corpus]), limit)


def _words(documents) -> int:
    return sum(len(d.text.split()) for d in documents)


@functools.lru_cache(maxsize=1)
def _bare_pipeline():
    """The model kg loads, as plain ``spacy.load`` gives it (loaded once): none of kg's changes to the pipeline."""
    import spacy

    from kg.nlp import choose_model

    return spacy.load(choose_model())


def bare_spacy(documents, jobs: int) -> float:
    nlp = _bare_pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=BATCH_SIZE, n_process=jobs):
        pass
    return time.perf_counter() - started


def kg_build(documents, jobs: int) -> tuple[float, float, object]:
    from kg.graph import KnowledgeGraph
    from kg.pipeline import extract_documents

    graph = KnowledgeGraph()
    merging = 0.0
    started = time.perf_counter()
    for extraction in extract_documents(documents, jobs=jobs, batch_size=BATCH_SIZE):
        before = time.perf_counter()
        graph.add(extraction)
        merging += time.perf_counter() - before
    return time.perf_counter() - started, merging, graph


def _peak_rss_kib() -> int:
    """This process's resident-memory high-water mark, in KiB.

    Linux's ``ru_maxrss`` survives exec: a child started by a big parent
    reports the parent's size. ``VmHWM`` belongs to the process's own memory.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def memory_child(corpus: Path, limit: int) -> None:
    """Build the graph of the first ``limit`` articles, streamed from the file; print peak RSS."""
    started = time.perf_counter()
    seconds, merging, graph = kg_build(_documents(corpus, limit), 1)
    peak_kib = _peak_rss_kib()
    print(json.dumps({
        "documents": len(graph.documents()), "entities": len(graph.entities()), "facts": len(graph),
        "peak_mib": round(peak_kib / 1024, 1), "seconds": round(time.perf_counter() - started, 1),
        "merge_ms_per_doc": round(1000 * merging / max(1, len(graph.documents())), 3),
    }))


def memory_cli_child(corpus: Path, limit: int) -> None:
    """The whole command, ``kg build FIRST_N.jsonl --jobs 1 --out DIR`` (parse, merge, write the three files); print peak RSS."""
    import contextlib
    import io
    import tempfile

    from kg.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        # The same articles as the build-path measurement (read_documents skips empty or non-English ones).
        part = Path(tmp) / "part.jsonl"
        part.write_text(
            "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in _documents(corpus, limit)), encoding="utf-8"
        )
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) as said:
            code = main(["build", str(part), "--jobs", "1", "--quiet", "--out", str(Path(tmp) / "out")])
        sizes = {p.name: round(p.stat().st_size / 2**20, 1) for p in (Path(tmp) / "out").iterdir()}
    print(json.dumps({
        "exit": code, "said": said.getvalue().strip().split(" in ")[0], "files_mib": sizes,
        "peak_mib": round(_peak_rss_kib() / 1024, 1), "seconds": round(time.perf_counter() - started, 1),
    }))


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{'smaps_rollup' if field == 'Pss' else 'status'}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:  # it just ended
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_tree(corpus: Path, limit: int) -> dict:
    """``kg build FIRST_N.jsonl`` with the default --jobs, as a user runs it: the peak of the summed
    proportional set size (PSS: shared pages counted once) of all its processes, sampled every 0.1 s,
    and the peak RSS (VmHWM) of the main process and of the largest other one."""
    import tempfile

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.jsonl"
        part.write_text(
            "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in _documents(corpus, limit)), encoding="utf-8"
        )
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(part), "--quiet", "--out", str(Path(tmp) / "out")],
            env=env, stdout=subprocess.DEVNULL,
        )
        total, peaks = 0, {}
        while process.poll() is None:
            pids = [process.pid, *_descendants(process.pid)]
            total = max(total, sum(_status_kib(p, "Pss") for p in pids))
            for p in pids:
                peaks[p] = max(peaks.get(p, 0), _status_kib(p, "VmHWM"))
            time.sleep(0.1)
    others = [kib for p, kib in peaks.items() if p != process.pid]
    return {
        "exit": process.returncode, "processes": len(peaks), "seconds": round(time.perf_counter() - started, 1),
        "total_pss_mib": round(total / 1024, 1), "main_mib": round(peaks.get(process.pid, 0) / 1024, 1),
        "largest_other_mib": round(max(others, default=0) / 1024, 1),
    }


def speed(args: argparse.Namespace) -> None:
    """Words per second of bare spaCy and of the kg build path, in rotating rounds."""
    from kg.nlp import load

    documents = list(_documents(args.corpus, args.limit))
    words = _words(documents)
    nlp = load()
    # Warm up both paths (first calls allocate, and the extractor's imports load once).
    list(_bare_pipeline().pipe(d.text for d in documents[:BATCH_SIZE]))
    kg_build(documents[:BATCH_SIZE], 1)
    print(f"{len(documents)} articles, {words} words; pipeline {nlp.meta['name']} {nlp.pipe_names}", flush=True)

    # The machine may be shared: the corpus is cut into rounds and every round
    # runs each configuration in turn (order rotated), so a change of load
    # falls on all of them alike. CPU seconds of the one-process runs do not
    # depend on the load at all.
    configs = [(name, jobs) for jobs in args.jobs for name in ("spacy", "kg")]
    wall = dict.fromkeys(configs, 0.0)
    cpu = dict.fromkeys(configs, 0.0)
    merge = dict.fromkeys(configs, 0.0)
    size = -(-len(documents) // args.rounds)
    for r in range(args.rounds):
        chunk = documents[r * size : (r + 1) * size]
        for name, jobs in configs[r % len(configs):] + configs[: r % len(configs)]:
            cpu_before = time.process_time()
            if name == "spacy":
                seconds, merging = bare_spacy(chunk, jobs), 0.0
            else:
                seconds, merging, _ = kg_build(chunk, jobs)
            wall[name, jobs] += seconds
            cpu[name, jobs] += time.process_time() - cpu_before
            merge[name, jobs] += merging
            print(f"round {r + 1}: {name} x{jobs}: {_words(chunk) / seconds:,.0f} words/s; load {os.getloadavg()[0]:.1f}", flush=True)

    speeds = {c: words / wall[c] for c in configs}
    print("\n| pipeline | processes | seconds | words/s | CPU s (main process) | of which graph merge |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, jobs in configs:
        label = "bare spaCy `nlp.pipe`" if name == "spacy" else "kg build path"
        print(f"| {label} | {jobs} | {wall[name, jobs]:.1f} | {speeds[name, jobs]:,.0f} | {cpu[name, jobs]:.1f} | "
              f"{f'{merge[name, jobs]:.1f} s' if name == 'kg' else ''} |")
    print()
    for jobs in args.jobs:
        print(f"- kg / bare spaCy, {jobs} process(es): {speeds['kg', jobs] / speeds['spacy', jobs]:.2f} (words/s)"
              + (f", {cpu['spacy', 1] / cpu['kg', 1]:.2f} (CPU time)" if jobs == 1 else ""))
    for jobs in args.jobs:
        if jobs != 1 and ("kg", 1) in speeds:
            print(f"- kg {jobs} processes / kg 1 process: {speeds['kg', jobs] / speeds['kg', 1]:.2f}"
                  f" (bare spaCy: {speeds['spacy', jobs] / speeds['spacy', 1]:.2f})")



def bare_child(part: Path) -> None:
    """The bare spaCy process of the whole-command view: ``spacy.load`` the model, parse the texts, throw the Docs away."""
    nlp = _bare_pipeline()
    texts = [json.loads(line)["text"] for line in part.open(encoding="utf-8")]
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all its processes) of a command run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def command(args: argparse.Namespace) -> None:
    """The whole command against a bare spaCy process, per corpus size, in rotating rounds."""
    import statistics
    import tempfile

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print("\n| articles | words | command | seconds (median) | CPU s | words/s | ratio (median of rounds) | load |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | --- | --- |")
    for size in args.command:
        with tempfile.TemporaryDirectory() as tmp:
            documents = list(_documents(args.corpus, size))
            words = _words(documents)
            part = Path(tmp) / f"first-{size}.jsonl"
            # The texts kg reads (cleaned, English), so both sides parse the same words.
            part.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in documents), encoding="utf-8")
            commands = {"bare spaCy, 1 process": [sys.executable, __file__, str(args.corpus), "--bare-child", str(part)]}
            for jobs in args.jobs:
                out = Path(tmp) / f"out-{jobs}"
                commands[f"kg build --jobs {jobs}"] = [
                    sys.executable, "-m", "kg", "build", str(part), "--jobs", str(jobs), "--quiet", "--out", str(out)
                ]
            names = list(commands)
            wall = {name: [] for name in names}
            cpu = {name: [] for name in names}
            loads = []
            for r in range(args.repeat):
                loads.append(os.getloadavg()[0])
                for name in names[r % len(names):] + names[: r % len(names)]:
                    seconds, cpu_seconds = _timed(commands[name], env)
                    wall[name].append(seconds)
                    cpu[name].append(cpu_seconds)
                    print(f"  {size} articles, round {r + 1}: {name}: {seconds:.1f} s; load {os.getloadavg()[0]:.1f}", flush=True)
            outputs = {
                jobs: {p.name: p.read_bytes() for p in (Path(tmp) / f"out-{jobs}").iterdir()} for jobs in args.jobs
            }
            same = all(files == outputs[args.jobs[0]] for files in outputs.values())
        load = f"{min(loads):.1f}-{max(loads):.1f}"

        def ratio(a: str, b: str) -> float:
            return statistics.median(wall[b][r] / wall[a][r] for r in range(args.repeat))

        one = "kg build --jobs 1"
        for name in names:
            median = statistics.median(wall[name])
            if name == names[0]:
                against = ""
            elif name == one or one not in names:
                against = f"{ratio(name, names[0]):.2f} of bare spaCy's words/s"
            else:
                against = f"{ratio(name, one):.2f}x --jobs 1"
            print(f"| {size} | {words:,} | {name} | {median:.1f} | {statistics.median(cpu[name]):.1f} | "
                  f"{words / median:,.0f} | {against} | {load} |", flush=True)
        print(f"  outputs of --jobs {' and '.join(map(str, args.jobs))} on {size} articles: "
              f"{'the same bytes' if same else 'DIFFERENT'}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help=".jsonl corpus (default: %(default)s)")
    ap.add_argument("--limit", type=int, help="use only the first N articles for the speed runs")
    ap.add_argument("--jobs", type=int, nargs="*", default=[1, 2], help="process counts to measure (default: 1 2; none: memory only)")
    ap.add_argument("--memory", type=int, nargs="*", default=[200, 2000], help="corpus sizes for peak memory (default: 200 2000)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds the corpus is cut into, each running every configuration (default: 2)")
    ap.add_argument("--command", type=int, nargs="*", default=[200, 800], help="corpus sizes for the whole-command view (default: 200 800; none: skip it)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of the whole-command view (default: 3)")
    ap.add_argument("--build-path", action=argparse.BooleanOptionalAction, default=True, help="measure the in-process build path (default: yes)")
    ap.add_argument("--tree", action=argparse.BooleanOptionalAction, default=True, help="also the memory of the whole command with the default --jobs, all its processes (default: yes)")
    ap.add_argument("--bare-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--memory-cli-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.corpus.is_file():
        ap.error(f"{args.corpus} is not a file; give the path of a .jsonl corpus")
    if args.memory_child:
        memory_child(args.corpus, args.memory_child)
        return 0
    if args.memory_cli_child:
        memory_cli_child(args.corpus, args.memory_cli_child)
        return 0
    if args.bare_child:
        bare_child(args.bare_child)
        return 0

    print(f"load average before: {os.getloadavg()}", flush=True)
    if args.jobs and args.build_path:
        speed(args)
    if args.jobs and args.command:
        command(args)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for flag, what in (("--memory-child", "build path (graph in memory)"), ("--memory-cli-child", "whole `kg build` command")):
        peaks = {}
        for size in args.memory:
            done = subprocess.run(
                [sys.executable, __file__, str(args.corpus), flag, str(size)], capture_output=True, text=True, env=env,
            )
            if done.returncode:  # say why: the child's traceback is in what it wrote to stderr
                sys.exit(f"the {what} measurement of {size} articles failed:\n{done.stderr[-4000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            peaks[size] = result["peak_mib"]
            print(f"- peak RSS, {what}, {size} articles (1 process): {result['peak_mib']} MiB; {result}", flush=True)
        if len(peaks) == 2:
            small, large = sorted(peaks)
            print(f"- peak memory, {what}, {large} / {small} articles: {peaks[large] / peaks[small]:.2f}", flush=True)
    if args.tree:
        trees = {size: memory_tree(args.corpus, size) for size in args.memory}
        for size, result in trees.items():
            print(f"- whole `kg build` command, default --jobs, {size} articles: {result}", flush=True)
        if len(trees) == 2:
            small, large = sorted(trees)
            for key in ("total_pss_mib", "main_mib", "largest_other_mib"):
                print(f"- {key}, {large} / {small} articles: {trees[large][key] / trees[small][key]:.2f}", flush=True)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
