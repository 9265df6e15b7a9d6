"""Do two versions of kg write the same files? Two revisions (or checkouts) in; a byte-for-byte comparison out.

    python scripts/same_outputs.py OLD NEW [--bbc-dev DIR] [--corpus JSONL] [--slice 200] [--jobs 1] [--keep DIR]

OLD and NEW are git revisions of this repository (``main``, ``HEAD~3``, a
commit id) or folders holding a checkout of kg; ``.`` is the working tree as
it is. Each side runs ``python -m kg build INPUT --out DIR`` with only its own
code on ``PYTHONPATH``, on the same inputs:

- the reference article, ``examples/blinken-japan-us-steel.txt``;
- the folder ``--bbc-dev`` (default ``../shared/articles/bbc-dev`` next to the repository);
- the first ``--slice`` articles of ``--corpus`` (default ``../shared/articles/bbc-corpus.jsonl``).

Then ``graph.ttl``, ``graph.json`` and ``graph.html`` of the two sides are
compared byte for byte. A restructuring that changes no behaviour must pass.
Everything (checkouts, the corpus slice, the outputs) goes into a temporary
folder outside the repository, deleted at the end unless ``--keep`` names a
folder to leave it in. Exit status 0 when every file is identical, 1 when
one differs or a build fails.
"""
from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "articles"
OUTPUTS = ("graph.ttl", "graph.json", "graph.html")


def checkout(revision: str, into: Path) -> Path:
    """A folder with the code of ``revision``: the folder itself when it is one, else an export of the git revision."""
    folder = Path(revision)
    if folder.is_dir() and (folder / "kg" / "__init__.py").is_file():
        return folder.resolve()
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"{revision!r} is neither a checkout of kg nor a git revision: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def corpus_slice(corpus: Path, n: int, into: Path) -> Path:
    """The first ``n`` lines of a .jsonl corpus, as a file of their own (outside the repository)."""
    with corpus.open(encoding="utf-8") as lines:
        into.write_text("".join(itertools.islice(lines, n)), encoding="utf-8")
    return into


def build(code: Path, source: Path, out: Path, jobs: int) -> float:
    """Run ``kg build`` of the checkout ``code``; the seconds it took."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(source), "--out", str(out), "--jobs", str(jobs), "--quiet"],
        cwd=out.parent, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"kg build {source} with {code} failed ({done.returncode}):\n{done.stderr}")
    return time.perf_counter() - started


def first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", help="git revision or checkout folder of the old code (e.g. main)")
    ap.add_argument("new", help="git revision or checkout folder of the new code (e.g. HEAD, or . for the working tree)")
    ap.add_argument("--bbc-dev", type=Path, default=SHARED / "bbc-dev", help="folder of articles (default: %(default)s)")
    ap.add_argument("--corpus", type=Path, default=SHARED / "bbc-corpus.jsonl", help=".jsonl corpus (default: %(default)s)")
    ap.add_argument("--slice", type=int, default=200, help="articles of the corpus to build (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=1, help="processes of each build (default: %(default)s)")
    ap.add_argument("--keep", type=Path, help="leave the checkouts and outputs in this folder")
    args = ap.parse_args()
    for path in (args.bbc_dev, args.corpus):
        if not path.exists():
            ap.error(f"{path} does not exist; give the path with --bbc-dev or --corpus")

    work = Path(args.keep or tempfile.mkdtemp(prefix="kg-same-outputs-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        sides = {"old": checkout(args.old, work / "code-old"), "new": checkout(args.new, work / "code-new")}
        inputs = {
            "reference article": ROOT / "examples" / "blinken-japan-us-steel.txt",
            "bbc-dev": args.bbc_dev.resolve(),
            f"corpus, first {args.slice}": corpus_slice(args.corpus, args.slice, work / f"corpus-{args.slice}.jsonl"),
        }
        differ = 0
        for n, (label, source) in enumerate(inputs.items()):
            outs = {}
            for side, code in sides.items():
                outs[side] = work / f"out-{n}-{side}"
                seconds = build(code, source, outs[side], args.jobs)
                print(f"{label}: {side} ({code}) built in {seconds:.1f} s", flush=True)
            for name in OUTPUTS:
                old, new = (outs[side].joinpath(name).read_bytes() for side in sides)
                if old == new:
                    print(f"  {name}: identical ({len(new):,} bytes)")
                else:
                    differ += 1
                    print(f"  {name}: DIFFERENT ({len(old):,} and {len(new):,} bytes, first at byte {first_difference(old, new):,})")
        print("all files identical" if not differ else f"{differ} files differ")
        return 1 if differ else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
