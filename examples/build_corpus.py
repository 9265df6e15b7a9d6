"""Build a folder of articles into an embedded store, query it, and build it again.

Run: python examples/build_corpus.py [CORPUS_DIR] [OUT_DIR]

The folder may hold .txt files (one article each) and .jsonl files (one
article a line, with "id", "title", "date" and "text"); dates make
``since``/``until`` and ``timeline`` work. The store (an Oxigraph folder,
one named graph per document) keeps the graph between runs: building the
same folder again skips every unchanged article before parsing it.
"""
from __future__ import annotations

import sys
from pathlib import Path

import kg
from kg.store import Store, build_into

HERE = Path(__file__).resolve().parent


def main(corpus: Path, out: Path) -> None:
    store_path = out / "store"
    report = build_into(store_path, corpus)
    print(report.graph, "in", store_path, f"({len(report.added)} added)")
    again = build_into(store_path, corpus)
    print(f"Built again: {len(again.skipped)} unchanged, {len(again.added) + len(again.replaced)} parsed")

    with Store(store_path, read_only=True) as store:
        graph = store.graph()  # what a later session would do: read the store, no spaCy needed
        rows = store.sparql("SELECT (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        print(f"SPARQL: {rows[0][0]} named graphs, one per document")
    path = graph.write(out / "corpus.ttl")
    print("wrote", path)

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
