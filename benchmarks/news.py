"""News-gold benchmark: the bbc-dev articles in, the shared news scorer's figures and a confidence AUC out.

Builds each article of the gold alone (as ``kg build FILE`` does, but in one
process, so the spaCy model loads once), writes its Turtle, and runs the
shared scorer on those graphs (``score.py GOLD ARTICLES --graphs DIR``). It
then ranks the asserted facts by confidence and reports the AUC of supported
against unsupported facts (the chance that a supported fact has a higher
confidence than an unsupported one), matched exactly as the scorer matches.

    python benchmarks/news.py [NEWS_DIR] [ARTICLES_DIR] [--detail] [--keep DIR] [--relations-off]

With ``--relations-off`` it scores, in the same run, the articles built again
with kg's canonical relations turned off (every fact's relation is its
predicate), so the two readings differ by the mapping alone.

NEWS_DIR holds ``score.py``, ``kgread.py`` and ``bbc-dev-gold.py`` (default:
../shared/news beside the repository); ARTICLES_DIR the articles (default:
../shared/articles/bbc-dev).
"""
from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
import tempfile
from unittest import mock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.export import write  # noqa: E402


def default_shared(*parts: str) -> str:
    """../shared/PARTS beside the repository (or beside a folder holding it, for git worktrees)."""
    for folder in ROOT.parents:
        if (folder / "shared" / parts[0]).is_dir():
            return str(folder.joinpath("shared", *parts))
    return str(ROOT.parent.joinpath("shared", *parts))


def auc(positive: list[float], negative: list[float]) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    if not positive or not negative:
        return float("nan")
    ranked = sorted([(c, 1) for c in positive] + [(c, 0) for c in negative])
    # Mann-Whitney U through average ranks, so ties are shared.
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2
        rank_sum += average * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positive), len(negative)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def labelled_facts(news: Path, gold: dict, graphs: Path) -> list[tuple[str, str, str, str, float, bool]]:
    """(article, subject, predicate, object, confidence, supported) for every asserted fact of every graph."""
    sys.path.insert(0, str(news))
    score = runpy.run_path(str(news / "score.py"))
    import rdflib
    from rdflib import RDF

    kgns = score["KGNS"]
    out = []
    for name, spec in sorted(gold.items()):
        graph = score["KG"](str(graphs / Path(name).stem / "graph.ttl"))
        entries = list(spec["facts"]) + list(spec.get("accepted", []))
        for st in graph.statements:
            # The scorer's reading of one statement (its ``statements``), keeping the statement's confidence.
            s, p, o = (graph.g.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
            if s is None or p is None or o is None:
                continue
            if str(graph.g.value(st, rdflib.URIRef(kgns + "asserted"))).lower() != "true":
                continue
            fact = (s, graph.pred_text(p), o, True)
            supported = any(score["matches"](graph, fact, e) for e in entries)
            out.append((name, sorted(graph.text_of(s))[0], fact[1], sorted(graph.text_of(o))[0],
                        float(graph.g.value(st, rdflib.URIRef(kgns + "confidence"))), supported))
    return out


def write_graphs(gold: dict, articles: Path, graphs: Path) -> None:
    """The Turtle of each gold article built alone, as GRAPHS/<article stem>/graph.ttl."""
    for name in sorted(gold):
        out = graphs / Path(name).stem
        out.mkdir(parents=True, exist_ok=True)
        write(kg.build(articles / name), out / "graph.ttl")


def score(news: Path, articles: Path, graphs: Path, detail: bool) -> None:
    """The shared scorer's figures of those graphs, printed."""
    subprocess.run([sys.executable, str(news / "score.py"), str(news / "bbc-dev-gold.py"), str(articles),
                    "--graphs", str(graphs)] + (["--detail"] if detail else []), check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("news", nargs="?", default=default_shared("news"))
    ap.add_argument("articles", nargs="?", default=default_shared("articles", "bbc-dev"))
    ap.add_argument("--detail", action="store_true", help="the scorer's list of every miss and unsupported fact")
    ap.add_argument("--keep", help="write the graphs into this folder (DIR/<article stem>/graph.ttl) and keep them")
    ap.add_argument("--facts", help="write every asserted fact with its confidence and label to this TSV file")
    ap.add_argument("--relations-off", action="store_true",
                    help="score the articles built with the relation mapping off as well, after the figures with it on")
    args = ap.parse_args()
    news, articles = Path(args.news), Path(args.articles)
    gold = runpy.run_path(str(news / "bbc-dev-gold.py"))["ARTICLES"]
    with tempfile.TemporaryDirectory() as tmp:
        graphs = Path(args.keep or tmp)
        write_graphs(gold, articles, graphs)
        score(news, articles, graphs, args.detail)
        facts = labelled_facts(news, gold, graphs)
        if args.relations_off:
            print("\nthe same, with the relation mapping off (each fact's relation is its predicate):")
            off = Path(tmp) / "relations-off"
            with mock.patch("kg.extract.relation", lambda predicate, **_: predicate):
                write_graphs(gold, articles, off)
            score(news, articles, off, args.detail)
    supported = [f[4] for f in facts if f[5]]
    unsupported = [f[4] for f in facts if not f[5]]
    print(f"confidence AUC, supported vs unsupported asserted facts: {auc(supported, unsupported):.3f} "
          f"({len(supported)} supported, {len(unsupported)} unsupported)")
    if args.facts:
        with open(args.facts, "w", encoding="utf-8") as f:
            for row in facts:
                f.write("\t".join(map(str, row)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
