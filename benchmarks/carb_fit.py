"""Refit the confidence model on CaRB dev and the bbc-dev news gold: labelled extractions in, weights to paste out.

Two kinds of rows train one logistic model (``kg/extract/confidence.py``):

- every proposition of the CaRB dev sentences, labelled with how well it
  matches its best gold tuple (the scorer's precision, 0 to 1), read by
  ``confidence_features``;
- every asserted fact of the graph of each bbc-dev article, labelled 1 when
  the shared news scorer finds it supported by the gold (a gold or accepted
  fact matches it) and 0 when not, read by ``confidence_features`` and
  ``fact_features`` (whose ``news`` term is the bias of graph facts).

The regression has an L2 penalty and is solved by Newton's method
(deterministic). Cross-validation holds out a quarter of the CaRB sentences
and a quarter of the articles at a time, and reports CaRB's AUC and F1 and
the news AUC of supported against unsupported facts on rows the weights were
not fitted on. The printed dict replaces ``CONFIDENCE_WEIGHTS``.

    python benchmarks/carb_fit.py [CARB_DIR] [--news NEWS_DIR] [--articles DIR] [--l2 1.0] [--news-weight 1.0]
"""
from __future__ import annotations

import argparse
import runpy
import sys
import tempfile
from pathlib import Path

import numpy as np
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from carb import default_carb, load_scorer  # noqa: E402
from news import auc, default_shared  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

import kg  # noqa: E402
from kg.documents import read_documents  # noqa: E402
from kg.export import write  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.extract.confidence import confidence_features  # noqa: E402
from kg.extract.propositions import propositions  # noqa: E402
from kg.nlp import load  # noqa: E402
from kg.rdf import entity_iri, predicate_iri  # noqa: E402

FOLDS = 4


def fit(x: np.ndarray, y: np.ndarray, l2: float, weight: np.ndarray) -> np.ndarray:
    """Weighted logistic regression on soft labels by Newton's method; the bias (column 0) is not penalized."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (weight * (p - y)) + penalty * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def carb_rows(carb: Path, nlp, score):
    """(features, label, sentence number, (line, relation, arguments)) of every CaRB dev proposition."""
    gold = score.read_gold(str(carb / "dev-gold.tsv"))
    lines = [line.rstrip("\n") for line in (carb / "dev-sentences.txt").open(encoding="utf-8") if line.strip()]
    docs = nlp.pipe(Doc(nlp.vocab, words=w, sent_starts=[True] + [False] * (len(w) - 1))
                    for w in (line.split(" ") for line in lines))
    rows = []
    for n, (line, doc) in enumerate(zip(lines, docs)):
        tuples = gold.get(score.sentence_key(line), [])
        for prop in propositions(doc):
            relation, arguments = prop.carb()
            label = max((score.match(g, score.Tuple(relation, arguments))[0] for g in tuples), default=0.0)
            rows.append((confidence_features(prop), label, n, (line, relation, arguments)))
    return gold, rows


def news_rows(news: Path, articles: Path, nlp):
    """(features, supported, article number) of every asserted fact of each bbc-dev article's graph."""
    sys.path.insert(0, str(news))
    scorer = runpy.run_path(str(news / "score.py"))
    gold = runpy.run_path(str(news / "bbc-dev-gold.py"))["ARTICLES"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, name in enumerate(sorted(gold)):
            [document] = read_documents([articles / name])
            features: list[dict[str, float]] = []
            extraction = extract(nlp(document.text), document, features=features)
            graph = kg.KnowledgeGraph()
            placed = graph.add(extraction)
            write(graph, Path(tmp) / "graph.ttl")
            read = scorer["KG"](str(Path(tmp) / "graph.ttl"))
            entries = list(gold[name]["facts"]) + list(gold[name].get("accepted", []))
            # The scorer's reading of each asserted statement, by its subject, predicate text and object.
            supported = {
                (str(s), p, str(o)): any(scorer["matches"](read, (s, p, o, True), e) for e in entries)
                for s, p, o, asserted in scorer["statements"](read) if asserted
            }
            for fact, seen in zip(placed.facts, features):
                if fact.asserted:
                    words = read.pred_text(rdflib.URIRef(predicate_iri(fact.predicate)))
                    key = (entity_iri(fact.subject), words, entity_iri(fact.object))
                    rows.append((seen, float(supported[key]), n))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("carb", nargs="?", default=default_carb())
    parser.add_argument("--news", default=default_shared("news"), help="the news gold folder (score.py, gold)")
    parser.add_argument("--articles", default=default_shared("articles", "bbc-dev"))
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--news-weight", type=float, default=1.0, help="weight of a news row against a CaRB row")
    parser.add_argument("--model")
    args = parser.parse_args(argv)
    carb = Path(args.carb)
    score = load_scorer(carb / "score.py")
    nlp = load(args.model)
    gold, carb_data = carb_rows(carb, nlp, score)
    news_data = news_rows(Path(args.news), Path(args.articles), nlp)

    names = ["bias"] + sorted({k for r in carb_data + news_data for k in r[0]} - {"bias"})
    x = np.array([[r[0].get(k, 0.0) for k in names] for r in carb_data + news_data])
    y = np.array([r[1] for r in carb_data + news_data])
    is_news = np.array([False] * len(carb_data) + [True] * len(news_data))
    weight = np.where(is_news, args.news_weight, 1.0)
    folds = np.array([r[2] % FOLDS for r in carb_data] + [r[2] % FOLDS for r in news_data])

    held_out = np.zeros(len(y))
    for fold in range(FOLDS):
        train = folds != fold
        w = fit(x[train], y[train], args.l2, weight[train])
        held_out[~train] = 1.0 / (1.0 + np.exp(-x[~train] @ w))

    system: dict[str, list] = {}
    for (_, _, _, (line, relation, arguments)), c in zip(carb_data, held_out[~is_news]):
        system.setdefault(score.sentence_key(line), []).append(score.Tuple(relation, arguments, round(float(c), 3)))
    carb_auc, _, _, carb_f1, _ = score.score(gold, system)
    news_conf, news_label = held_out[is_news], y[is_news]
    news_auc = auc(list(news_conf[news_label == 1]), list(news_conf[news_label == 0]))
    print(f"# {FOLDS}-fold cross-validated (CaRB by sentence, news by article): CaRB AUC {carb_auc:.3f} "
          f"F1 {carb_f1:.3f} ({len(carb_data)} propositions); news AUC {news_auc:.3f} "
          f"({int(news_label.sum())} supported, {int((1 - news_label).sum())} unsupported facts)")
    w = fit(x, y, args.l2, weight)
    print("CONFIDENCE_WEIGHTS: dict[str, float] = {")
    for name, value in zip(names, w):
        print(f"    {name!r}: {value:.3f},")
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
