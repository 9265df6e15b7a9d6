"""Build the graph of the example article, ask it three questions, and write it out.

Run: python examples/build_and_query.py [OUT_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

import kg

HERE = Path(__file__).resolve().parent


def main(out: Path) -> None:
    graph = kg.build(HERE / "blinken-japan-us-steel.txt")
    print(graph)

    print("Whom did Blinken meet?")
    for fact in graph.facts(subject="Blinken", predicate="meet"):
        print(f"  {graph.get(fact.object).name}  ({fact.confidence:.2f}): {fact.evidence[0].sentence}")

    print("What did Biden do?")
    for fact in graph.facts(subject="Biden"):
        print(f"  {fact.key} -> {graph.get(fact.object).name}")

    print("How are Blinken and Nippon Steel connected?")
    for path in graph.paths("Blinken", "Nippon Steel", include_negated=True)[:3]:
        print("  " + " / ".join(f"{graph.get(f.subject).name} {f.key} {graph.get(f.object).name}" for f in path))

    for name in ("graph.ttl", "graph.html", "graph.json"):
        print("wrote", graph.write(out / name))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("kg-out"))
