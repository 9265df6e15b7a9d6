"""CaRB benchmark of the extractor: the dev sentences in, P, R, F1, AUC and timings out.

Runs the extractor exactly as ``kg openie --tokenized`` does (one line is one
sentence, its tokens kept as given), scores the propositions with the shared
CaRB scorer, and measures what extraction adds to the spaCy parse of the same
sentences in the same process.

    python benchmarks/carb.py [CARB_DIR] [--model NAME] [--rounds N] [--out FILE]

CARB_DIR holds ``dev-sentences.txt``, ``dev-gold.tsv`` and ``score.py``
(default: ../shared/carb relative to the repository). Only the dev split is
read; the test split is held out.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from kg.extract.propositions import open_ie  # noqa: E402
from kg.nlp import load  # noqa: E402


def default_carb() -> str:
    """../shared/carb beside the repository (or beside a folder holding it, for git worktrees)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "carb").is_dir():
            return str(folder / "shared" / "carb")
    return str(ROOT.parent / "shared" / "carb")


def load_scorer(path: Path):
    """Import the shared scorer from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("carb_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the CaRB scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["carb_score"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def carb_lines(lines: list[str], docs: list[Doc]) -> list[str]:
    """One CaRB line per proposition, formatted as ``kg openie`` prints it."""
    out = []
    for line, doc in zip(lines, docs):
        for prop in open_ie(doc):
            relation, arguments = prop.carb()
            fields = [line, f"{prop.confidence:.3f}", relation, *arguments]
            out.append("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("carb", nargs="?", default=default_carb(), help="CaRB folder (default: ../shared/carb)")
    parser.add_argument("--model", help="spaCy pipeline (default: kg's choice)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the fastest counts (default: 3)")
    parser.add_argument("--out", help="also keep the extractions here")
    args = parser.parse_args(argv)
    carb = Path(args.carb)
    for name in ("dev-sentences.txt", "dev-gold.tsv", "score.py"):
        if not (carb / name).is_file():
            raise SystemExit(f"{carb / name} not found; give the CaRB folder as the first argument")
    score = load_scorer(carb / "score.py")

    nlp = load(args.model)
    lines = [line.rstrip("\n") for line in (carb / "dev-sentences.txt").open(encoding="utf-8") if line.strip()]

    def unparsed() -> list[Doc]:
        # As kg.pipeline.openie(tokenized=True): the given tokens, one sentence a line.
        words = [line.split(" ") for line in lines]
        return [Doc(nlp.vocab, words=w, sent_starts=[True] + [False] * (len(w) - 1)) for w in words]

    list(nlp.pipe(unparsed()[:64]))  # warm-up: first calls allocate
    parse_times, extract_times = [], []
    for _ in range(max(1, args.rounds)):
        # Parse and extraction alternate within a round, so both see the same machine load.
        fresh = unparsed()
        started = time.perf_counter()
        docs = list(nlp.pipe(fresh, batch_size=64))
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        output = carb_lines(lines, docs)
        extract_times.append(time.perf_counter() - started)
    parse, extract = min(parse_times), min(extract_times)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "extractions.tsv"
        out.write_text("\n".join(output) + "\n", encoding="utf-8")
        gold, system = score.read_gold(str(carb / "dev-gold.tsv")), score.read_system(str(out))
        auc, precision, recall, f1, _ = score.score(gold, system)

    n = len(lines)
    model = f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}"
    print(f"CaRB dev, {n} sentences, {len(output)} propositions, model {model}")
    print(f"AUC {auc:.3f}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    print(f"parse {parse:.2f} s ({n / parse:.0f} sentences/s), extraction {extract:.3f} s "
          f"(+{100 * extract / parse:.1f}% of the parse), parse + extraction {n / (parse + extract):.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
