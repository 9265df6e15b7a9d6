"""Canonical relations on a built corpus: how many distinct predicates and relations, the share of facts on
a relation of kg's inventory, and the share left to "be" and "have".

A fact's relation is what its predicate means (kg.relations); the preposition that says what its object is
to the relation, when the relation does not say it, is the fact's role, beside the relation ("buy from" is
*acquire*, role "from"), so a relation is counted once whatever roles its objects have; the distinct
relations with their roles are counted too.

    python benchmarks/relations.py GRAPH [--top 25]

GRAPH is a graph kg wrote (graph.json, graph.ttl, a store folder), for example the output of
``kg build ../shared/articles/bbc-corpus.jsonl --out DIR``. The figures count every fact, asserted or not.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.relations import inventory, is_canonical  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph")
    parser.add_argument("--top", type=int, default=25, help="list the most frequent predicates left unmapped")
    args = parser.parse_args()
    graph = kg.load(args.graph)
    facts = list(graph.iter_facts())
    n = len(facts) or 1
    predicates = Counter(f.predicate for f in facts)
    relations = Counter(f.relation for f in facts)
    with_roles = Counter((f.relation, f.role) for f in facts)
    canonical = sum(c for r, c in relations.items() if is_canonical(r))
    used = sum(1 for r in relations if is_canonical(r))
    print(f"{graph!r}")
    print(f"distinct predicates (the text's wording): {len(predicates):,}")
    print(f"distinct relations: {len(relations):,} ({used} of the inventory's {len(inventory())}, "
          f"{len(relations) - used:,} predicates no relation covers)")
    print(f"distinct relations with the roles of their objects: {len(with_roles):,} "
          f"({sum(c for (_, role), c in with_roles.items() if role):,} facts with a role)")
    print(f"facts on a relation of the inventory: {canonical:,} ({canonical / n:.1%})")
    print(f"'be' and 'have': {sum(predicates[p] for p in ('be', 'have')) / n:.1%} of facts as predicates, "
          f"{sum(relations[p] for p in ('be', 'have')) / n:.1%} as relations")
    unmapped = Counter({r: c for r, c in relations.items() if not is_canonical(r)})
    print(f"unmapped predicates used once: {sum(1 for c in unmapped.values() if c == 1):,}")
    print("most frequent unmapped:", ", ".join(f"{r} ({c})" for r, c in unmapped.most_common(args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
