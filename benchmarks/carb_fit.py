"""Refit the extractor's confidence model on CaRB dev: propositions in, weights to paste out.

Each proposition of the dev sentences is labelled with how well it matches its
best gold tuple (the scorer's precision, 0 to 1); a logistic regression with an
L2 penalty, solved by Newton's method (deterministic), maps
``confidence_features`` to that label. The printed dict replaces
``CONFIDENCE_WEIGHTS`` in kg/extract/propositions.py. Two-fold cross-validation
by sentence reports the AUC the weights reach on sentences they were not fitted on.

    python benchmarks/carb_fit.py [CARB_DIR] [--l2 1.0]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from carb import default_carb, load_scorer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.extract.propositions import confidence_features, propositions  # noqa: E402
from kg.nlp import load  # noqa: E402


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression on soft labels by Newton's method; the bias (column 0) is not penalized."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("carb", nargs="?", default=default_carb())
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--model")
    args = parser.parse_args(argv)
    carb = Path(args.carb)
    score = load_scorer(carb / "score.py")
    gold = score.read_gold(str(carb / "dev-gold.tsv"))
    nlp = load(args.model)
    lines = [line.rstrip("\n") for line in (carb / "dev-sentences.txt").open(encoding="utf-8") if line.strip()]
    words = [line.split(" ") for line in lines]
    docs = nlp.pipe(Doc(nlp.vocab, words=w, sent_starts=[True] + [False] * (len(w) - 1)) for w in words)

    rows, labels, sentence_of, outputs = [], [], [], []
    for n, (line, doc) in enumerate(zip(lines, docs)):
        tuples = gold.get(score.sentence_key(line), [])
        for prop in propositions(doc):
            relation, arguments = prop.carb()
            predicted = score.Tuple(relation, arguments)
            labels.append(max((score.match(g, predicted)[0] for g in tuples), default=0.0))
            rows.append(confidence_features(prop, len(doc)))
            sentence_of.append(n)
            outputs.append((line, relation, arguments))
    names = ["bias"] + sorted({k for r in rows for k in r} - {"bias"})
    x = np.array([[r.get(k, 0.0) for k in names] for r in rows])
    y = np.array(labels)
    folds = np.array(sentence_of) % 2

    def auc_of(conf: np.ndarray) -> tuple[float, float]:
        system: dict[str, list] = {}
        for (line, relation, arguments), c in zip(outputs, conf):
            system.setdefault(score.sentence_key(line), []).append(score.Tuple(relation, arguments, round(float(c), 3)))
        auc, _, _, f1, _ = score.score(gold, system)
        return auc, f1

    held_out = np.zeros(len(y))
    for fold in (0, 1):
        w = fit(x[folds != fold], y[folds != fold], args.l2)
        held_out[folds == fold] = 1.0 / (1.0 + np.exp(-x[folds == fold] @ w))
    auc, f1 = auc_of(held_out)
    print(f"# two-fold cross-validated on CaRB dev: AUC {auc:.3f}  F1 {f1:.3f}  ({len(y)} propositions)")
    w = fit(x, y, args.l2)
    print("CONFIDENCE_WEIGHTS: dict[str, float] = {")
    for name, value in zip(names, w):
        print(f"    {name!r}: {value:.3f},")
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
