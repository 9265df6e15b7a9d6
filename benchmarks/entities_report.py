"""Entity report on a folder of articles: entities per article, the merges made, and the links to read.

    python benchmarks/entities_report.py [FOLDER] [--detail]

FOLDER defaults to ../shared/articles/bbc-dev next to the repository. For each
article it prints the number of named entities by type and the mentions by
rule; with --detail, every entity that joined more than its own full name
(surnames, aliases, pronouns, descriptions), so wrong merges can be found by
reading. It ends with the cross-document merges of the whole build and the
timing of extraction (entity resolution alone, then everything).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import Document, KnowledgeGraph  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.extract.entities import EntityIndex  # noqa: E402
from kg.nlp import load  # noqa: E402

NAMED = ("Person", "Organization", "Place", "Event")


def _rule(rule: str) -> str:
    return rule.split(":")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "articles" / "bbc-dev"))
    parser.add_argument("--detail", action="store_true", help="print every entity with more than one kind of mention")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        parser.error(f"{folder} holds no .txt articles; give the folder of the BBC dev articles")
    nlp = load()
    documents = [Document(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    parsed = list(nlp.pipe(d.text for d in documents))

    started = time.perf_counter()
    for doc, document in zip(parsed, documents):
        EntityIndex(doc, document.id)
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extractions = [extract(doc, document) for doc, document in zip(parsed, documents)]
    extract_seconds = time.perf_counter() - started

    totals: Counter = Counter()
    print(f"{'article':42} {'words':>5} {'Pers':>4} {'Org':>4} {'Place':>5} {'Event':>5}  mentions by rule")
    for document, doc, extraction in zip(documents, parsed, extractions):
        named = [e for e in extraction.entities if e.type in NAMED]
        types = Counter(e.type for e in named)
        rules = Counter(_rule(m.rule) for e in named for m in e.mentions)
        totals.update(rules)
        totals.update({f"type {k}": v for k, v in types.items()})
        words = sum(not t.is_punct and not t.is_space for t in doc)
        print(
            f"{document.id[:42]:42} {words:5} {types['Person']:4} {types['Organization']:4} {types['Place']:5} {types['Event']:5}  "
            + ", ".join(f"{r} {n}" for r, n in sorted(rules.items()))
        )
        if args.detail:
            for e in sorted(named, key=lambda e: e.mentions[0].start if e.mentions else 0):
                linked = [m for m in e.mentions if m.rule != "ner"]
                if not linked:
                    continue
                shown = "; ".join(f"{m.text!r} {_rule(m.rule)}" for m in linked)
                attrs = ", ".join(f"{k}={v}" for k, v in e.attributes)
                print(f"    {e.name} [{e.type}] {attrs}\n        {shown}")

    graph = KnowledgeGraph()
    for extraction in extractions:
        graph.add(extraction)
    cross = []
    for e in graph.entities():
        docs = sorted({m.document for m in e.mentions})
        if e.type in NAMED and len(docs) > 1:
            cross.append((e, docs))
    print()
    print(f"{len(documents)} articles, {sum(len(d.text.split()) for d in documents)} words; named entities per article: "
          f"{sum(sum(1 for e in x.entities if e.type in NAMED) for x in extractions) / len(extractions):.1f}")
    print("mentions by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(totals.items()) if not r.startswith("type")))
    print(f"graph: {len([e for e in graph.entities() if e.type in NAMED])} named entities; "
          f"{len(cross)} merged across documents:")
    for e, docs in sorted(cross, key=lambda c: -len(c[1])):
        reasons = Counter(why.split(" and type")[0].split(" '")[0] for _, why in graph.explain(e.id).merges[1:])
        print(f"    {e.name} [{e.type}] in {len(docs)} articles ({', '.join(f'{k} {v}' for k, v in reasons.items())})")
    words = sum(len(doc) for doc in parsed)
    print(f"entity resolution alone: {index_seconds:.2f} s ({words / index_seconds:,.0f} tokens/s); "
          f"extraction with facts: {extract_seconds:.2f} s; tokens {words}")
    # Linearity: all articles as one long document must cost about the sum of the parts.
    long_doc = nlp("\n\n".join(d.text for d in documents))
    started = time.perf_counter()
    EntityIndex(long_doc, "all")
    long_seconds = time.perf_counter() - started
    print(f"one document of {len(long_doc)} tokens: {long_seconds:.2f} s "
          f"({long_seconds / index_seconds:.2f}x the articles one by one)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
