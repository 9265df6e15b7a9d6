"""People across documents on a corpus: who joined whom, which names are several nodes, and what it cost.

    python benchmarks/namesakes.py [CORPUS] [--jobs 2] [--sample 50] [--seed 1201]

Extracts every document of CORPUS (a .jsonl file or a folder; by default
../shared/articles/bbc-corpus.jsonl beside the repository), then adds the
extractions to one graph as ``kg.build`` does, timing that stage alone
(cross-document resolution: the CPU seconds of ``KnowledgeGraph.add`` for
the first 200 documents and for all). It prints the cross-document joins of
person nodes by kind of reason, every name of a person in full
(``kg.resolve``'s test) carried by more than one person node (namesakes told
apart, or one person split) with each node's documents, the 30 most-named
people with their node counts, the nodes kept apart from a namesake of
another field, and with ``--sample N`` a random sample of N joins, each with
the person's words in the joined document and in the node's first, to read
by hand: whether two different people share a node is for a reader to say.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import KnowledgeGraph  # noqa: E402
from kg.documents import read_documents  # noqa: E402
from kg.names import normalize  # noqa: E402
from kg.pipeline import extract_documents  # noqa: E402
from kg.resolve import FIRST_SEEN, mergeable_names  # noqa: E402


def _kind(why: str) -> str:
    """A merge reason without its names: "same name and type Person"."""
    return re.sub(r""" ('[^']*'|"[^"]*")""", "", why.split(";")[0])


def _sentence(text: str, start: int, end: int) -> str:
    return text[max(0, start - 120) : end + 120].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "articles" / "bbc-corpus.jsonl"),
                        help="a .jsonl file or a folder of articles (default: the shared BBC corpus)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N random joins to read by hand")
    parser.add_argument("--seed", type=int, default=1201)
    args = parser.parse_args(argv)

    extractions = list(extract_documents(read_documents([args.corpus]), jobs=args.jobs))
    texts = {x.document.id: x.document.text for x in extractions}
    graph = KnowledgeGraph()
    started = time.process_time()
    first = 0.0
    for n, extraction in enumerate(extractions, 1):
        graph.add(extraction)
        if n == 200:
            first = time.process_time() - started
    total = time.process_time() - started
    head = f"{first:.2f} s CPU for the first 200, " if len(extractions) > 200 else ""
    print(f"{len(extractions)} documents; cross-document resolution (KnowledgeGraph.add): "
          f"{head}{total:.2f} s CPU for all")

    people = graph.entities(type="Person")
    merges = {e.id: graph.explain(e.id).merges for e in people}
    joins = [(e, d, w) for e in people for d, w in merges[e.id][1:] if not w.startswith(FIRST_SEEN)]
    # A node of its own because the fields of a name's documents said two people (kg.resolve.field_of).
    apart = [(e, w) for e in people for _, w in merges[e.id][:1] if w.startswith(f"{FIRST_SEEN}, apart from ")]
    print(f"{len(people)} person nodes, {len({e.id for e, _, _ in joins})} of them joined by another document "
          f"in {len(joins)} joins:")
    for kind, n in Counter(_kind(why) for _, _, why in joins).most_common():
        print(f"  {n:6}  {kind}")

    print(f"{len(apart)} person nodes apart from a namesake of another field:")
    for e, why in apart:
        print(f"  {e.id}: {why.removeprefix(FIRST_SEEN + ', apart from ')}")

    by_name = defaultdict(list)
    for e in people:
        if mergeable_names(e):
            by_name[normalize(e.name)].append(e)
    several = {k: v for k, v in by_name.items() if len(v) > 1}
    print(f"{len(several)} full names on more than one person node:")
    for name, nodes in sorted(several.items(), key=lambda kv: -sum(len(merges[e.id]) for e in kv[1])):
        print(f"  {name}: " + "; ".join(f"{e.id} ({', '.join(d for d, _ in merges[e.id])})" for e in nodes))
    named = Counter({k: sum(len(merges[e.id]) for e in v) for k, v in by_name.items()})
    print("the 30 most-named people (nodes, documents): "
          + ", ".join(f"{k} {len(by_name[k])}/{n}" for k, n in named.most_common(30)))

    if args.sample:
        random.seed(args.seed)
        for i, (e, document, why) in enumerate(random.sample(joins, min(args.sample, len(joins))), 1):
            print(f"{i}. {e.name} [{e.id}] {document}: {why}")
            for doc in (document, merges[e.id][0][0]):
                m = next(m for m in sorted(e.mentions, key=lambda m: (m.rule != "ner", m.start)) if m.document == doc)
                print(f"     {doc}: {_sentence(texts[doc], m.start, m.end)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
