"""Coreference benchmarks: GAP pronoun resolution and GUM named-entity coreference, in one run.

    python benchmarks/coref.py [--shared DIR] [--only gap,gum] [--detail]

DIR is the shared data folder (default: ../shared beside the repository). Each
benchmark follows its runner's protocol exactly, in this process:

- GAP (DIR/coref/gap): each text built alone as one kg.Document; the entity
  holding the pronoun (its shortest mention overlapping it) answers A and B
  when it also has a mention overlapping them (as ``run_kg.py``); scored by
  DIR/coref/gap/score.py on the development and validation splits.
- GUM (DIR/coref/gum): the 57 shared documents (train and dev), each built
  alone; every entity a cluster of its mentions (as ``run_kg.py``); scored by
  DIR/coref/gum/score.py (MUC, B-cubed, CEAF-e, CoNLL F1 over named entities).

The news gold (DIR/news) has its own driver, ``benchmarks/news.py``.

Parsing is shared by kg's own path (``kg.documents.read_documents`` then
``kg.nlp.parse``), so the texts kg reads are the ones ``kg.build`` reads.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import read_documents  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.nlp import load, parse  # noqa: E402


def default_shared() -> Path:
    """../shared beside the repository (or beside a folder holding it, for git worktrees)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "coref").is_dir():
            return folder / "shared"
    return ROOT.parent / "shared"


def load_module(path: Path, name: str):
    """Import a shared scorer from its file (they are not packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def parse_texts(texts: list[str]) -> list:
    """spaCy Docs of ``texts`` as kg.build parses them (cleaned as documents are read)."""
    nlp = load()
    cleaned = [next(read_documents([Document(id=str(n), text=t)])).text for n, t in enumerate(texts)]
    return [doc for doc, _ in parse(nlp, ((t, n) for n, t in enumerate(cleaned)))]


def graph_of(doc, document_id: str) -> KnowledgeGraph:
    """The graph kg.build makes of one parsed document."""
    graph = KnowledgeGraph()
    graph.add(extract(doc, Document(id=document_id, text=doc.text)))
    return graph


@dataclass(frozen=True)
class GapExample:
    id: str
    text: str
    pronoun: tuple[int, int]
    a: tuple[int, int]
    b: tuple[int, int]
    a_coref: bool
    b_coref: bool


def gap_examples(path: str | Path) -> list[GapExample]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]

    def span(word: str, offset: str) -> tuple[int, int]:
        return int(offset), int(offset) + len(word)

    return [
        GapExample(r[0], r[1], span(r[2], r[3]), span(r[4], r[5]), span(r[7], r[8]), r[6] == "TRUE", r[9] == "TRUE")
        for r in rows
        if r
    ]


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


def gap_answers(examples: list[GapExample], docs: list) -> dict[str, tuple[bool, bool]]:
    """A-coref and B-coref of each example, as the shared run_kg.py answers."""
    out = {}
    for example, doc in zip(examples, docs):
        graph = graph_of(doc, example.id)
        holders = [
            (m.end - m.start, m.start, e.id)
            for e in graph.entities()
            for m in e.mentions
            if _overlaps(m.start, m.end, example.pronoun)
        ]
        if not holders:
            out[example.id] = (False, False)
            continue
        chosen = graph.get(min(holders)[2])
        out[example.id] = (
            any(_overlaps(m.start, m.end, example.a) for m in chosen.mentions),
            any(_overlaps(m.start, m.end, example.b) for m in chosen.mentions),
        )
    return out


def run_gap(shared: Path) -> None:
    folder = shared / "coref" / "gap"
    score = load_module(folder / "score.py", "gap_score")
    print(f"{'GAP':12} {'M':>5} {'F':>5} {'B':>5} {'O':>5} {'P':>5} {'R':>5}")
    for split in ("development", "validation"):
        path = folder / f"gap-{split}.tsv"
        examples = gap_examples(path)
        answers = gap_answers(examples, parse_texts([e.text for e in examples]))
        t = score.score(score.read_gold(str(path)), answers)
        m, f, o = t["masculine"], t["feminine"], t["overall"]
        print(f"{split:12} {100 * m.f1:5.1f} {100 * f.f1:5.1f} {f.f1 / m.f1:5.2f} {100 * o.f1:5.1f} "
              f"{100 * o.precision:5.1f} {100 * o.recall:5.1f}")


def run_gum(shared: Path, detail: bool) -> None:
    folder = shared / "coref" / "gum"
    score = load_module(folder / "score.py", "gum_score")
    paths = sorted((folder / "train").glob("*.tsv")) + sorted((folder / "dev").glob("*.tsv"))
    golds = [score.read_gold(str(p)) for p in paths]
    total = score.Result()
    print(score._HEADER)
    for gold, doc in zip(golds, parse_texts([g.text for g in golds])):
        graph = graph_of(doc, gold.name)
        system = [
            score.SystemMention(e.id, m.start, m.end)
            for e in graph.entities()
            for m in sorted(e.mentions, key=lambda m: (m.start, m.end))
        ]
        result = score.score_document(gold, system)
        total.add(result)
        if detail:
            print(score.format_line(gold.name, result))
    print(score.format_line(f"TOTAL ({len(golds)} docs)", total))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared(), help="the shared data folder")
    parser.add_argument("--only", default="gap,gum", help="comma-separated: gap, gum")
    parser.add_argument("--detail", action="store_true", help="one GUM line per document")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    if not (args.shared / "coref").is_dir():
        raise SystemExit(f"{args.shared} has no coref/ folder; give the shared data folder with --shared")
    if "gap" in wanted:
        run_gap(args.shared)
    if "gum" in wanted:
        run_gum(args.shared, args.detail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
