"""Cross-document entity merging at corpus scale: one hub entity named in every document.

    python benchmarks/entity_merge.py [DOCUMENTS]

Adds DOCUMENTS (default 5000) extractions that all name the United Kingdom ten
times, as a large corpus does, and prints the time to merge them into one node.
Hand-built extractions: this measures the graph's merge alone, not parsing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import Document, Entity, Extraction, KnowledgeGraph  # noqa: E402
from kg.model import Mention  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 5000
    graph = KnowledgeGraph()
    started = time.perf_counter()
    for d in range(n):
        doc = f"d{d}"
        mentions = tuple(Mention("UK", doc, i * 10, i * 10 + 2, "alias") for i in range(10))
        entity = Entity("united-kingdom", "United Kingdom", "Place", ("UK",), mentions)
        graph.add(Extraction(Document(doc, "x"), (entity,), ()))
    seconds = time.perf_counter() - started
    node = graph.get("united-kingdom")
    print(f"{n} documents -> {len(graph.entities())} node with {len(node.mentions)} mentions in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
