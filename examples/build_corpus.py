"""Build a folder of articles into one graph, write it, read it back and query it.

Run: python examples/build_corpus.py [CORPUS_DIR] [OUT_DIR]

The folder may hold .txt files (one article each) and .jsonl files (one
article a line, with "id", "title", "date" and "text"); dates make
``since``/``until`` and ``timeline`` work.
"""
from __future__ import annotations

import sys
from pathlib import Path

import kg

HERE = Path(__file__).resolve().parent


def main(corpus: Path, out: Path) -> None:
    built = kg.build(corpus)
    path = built.write(out / "corpus.ttl")
    graph = kg.load(path)  # what a later session would do: read the written graph, no spaCy needed
    print(graph, "from", path)

    print("Most connected:")
    for entity, count in graph.most_connected(5):
        print(f"  {entity.name} ({entity.type}): {count} facts")

    print("Predicates:", ", ".join(f"{p} {n}" for p, n in list(graph.predicates().items())[:8]))

    print("Since 7 January 2025:")
    for fact in sorted(graph.facts(since="2025-01-07"), key=graph.date_of):
        print(f"  {graph.date_of(fact)}  {graph.get(fact.subject).name} {fact.key} {graph.get(fact.object).name}")

    print("Timeline of Antony Blinken:")
    for when, fact in graph.timeline("Antony Blinken"):
        print(f"  {when or 'undated'}  {graph.get(fact.subject).name} {fact.key} {graph.get(fact.object).name}")

    for doc in graph.documents():
        part = graph.subgraph(document=doc.id)
        print(f"{doc.id}: {len(part)} facts, {len(part.entities())} entities")


if __name__ == "__main__":
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "corpus"
    main(corpus, Path(sys.argv[2]) if len(sys.argv) > 2 else Path("kg-out"))
