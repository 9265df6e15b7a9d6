"""Fit the ranker of he/she antecedents on GAP development: parsed examples in, weights and cross-validated figures out.

kg resolves he, she, him, his and her by ranking the entities in reach
(``kg.extract.coref.candidate_features``). This script runs kg's extraction
on every GAP development text and records, for the example's pronoun, each
candidate's features and whether the candidate holds name A or B as the gold
answer says (examples whose answer is neither, or whose answer kg found no
candidate for, teach nothing and are left out). A conditional logit (softmax
over each pronoun's candidates, L2 penalty, Newton's method: deterministic)
gives the weights. Recording depends on the weights already in use (earlier
pronouns of a text are resolved by them), so fitting runs ``--rounds`` times.

Before the final fit, ``--folds``-fold cross-validation by example reports
the GAP figures of development texts resolved with weights fitted on the
other folds only, scored by the shared GAP scorer as ``run_kg.py`` answers.
The final weights are fitted on all development examples and written to
kg/extract/data/pronoun_weights.json; the validation split is never read
here, so its figures (``benchmarks/coref.py``) stay held out.

    python benchmarks/fit_pronouns.py [GAP_DEV_TSV] [--folds 5] [--rounds 2] [--l2 4.0] [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref import default_shared, gap_answers, gap_examples, load_module, parse_texts  # noqa: E402

from kg.extract import coref  # noqa: E402

WEIGHTS = Path(coref.__file__).resolve().parent / "data" / "pronoun_weights.json"


class Recorder(coref.PronounRanker):
    """Resolves as the given weights do, and records the candidates of each example's own pronoun."""

    def __init__(self, weights: dict[str, float], examples: dict[int, tuple[int, tuple[int, int] | None]]) -> None:
        super().__init__(weights)
        self.examples = examples  # character offset of the pronoun -> (example number, gold span or None)
        self.current: int | None = None
        self.groups: dict[int, list[tuple[dict[str, float], bool]]] = {}

    def choose(self, tok, candidates):
        wanted = self.examples.get(tok.idx) if self.current is not None else None
        if wanted is not None and wanted[0] == self.current and wanted[1] is not None:
            start, end = wanted[1]
            group = [
                (features, any(m.start < end and start < m.end for m in candidate.referent.mentions))
                for candidate, features in candidates
            ]
            if sum(label for _, label in group) == 1:
                self.groups[self.current] = group
        return super().choose(tok, candidates)


def record(examples, docs, weights: dict[str, float]) -> dict[int, list[tuple[dict[str, float], bool]]]:
    """The candidate groups of every example whose gold antecedent is among kg's candidates."""
    recorder = Recorder(weights, {})
    with coref.using_ranker(recorder):
        for n, (example, doc) in enumerate(zip(examples, docs)):
            gold = example.a if example.a_coref else example.b if example.b_coref else None
            recorder.examples = {example.pronoun[0]: (n, gold)}
            recorder.current = n
            gap_answers([example], [doc])
    return recorder.groups


def fit(groups: list[list[tuple[dict[str, float], bool]]], l2: float) -> dict[str, float]:
    """Conditional logit by Newton's method: the weights that make each group's gold candidate likeliest."""
    names = sorted({k for group in groups for features, _ in group for k in features})
    index = {k: n for n, k in enumerate(names)}
    matrices = []
    for group in groups:
        x = np.zeros((len(group), len(names)))
        for row, (features, _) in enumerate(group):
            for k, v in features.items():
                x[row, index[k]] = v
        y = np.array([float(label) for _, label in group])
        matrices.append((x, y))
    w = np.zeros(len(names))
    for _ in range(100):
        grad = l2 * w
        hess = l2 * np.eye(len(names))
        for x, y in matrices:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += x.T @ (p - y)
            hess += x.T @ (np.diag(p) - np.outer(p, p)) @ x
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return {k: round(float(v), 4) for k, v in zip(names, w) if abs(v) >= 1e-4}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gap", nargs="?", default=str(default_shared() / "coref" / "gap" / "gap-development.tsv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--l2", type=float, default=4.0)
    parser.add_argument("--dry-run", action="store_true", help="report, but do not write the weights")
    args = parser.parse_args(argv)
    gap_score = load_module(Path(args.gap).parent / "score.py", "gap_score")
    examples = gap_examples(args.gap)
    docs = parse_texts([e.text for e in examples])
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))["weights"]
    for round_ in range(args.rounds):
        groups = record(examples, docs, weights)
        print(f"round {round_ + 1}: {len(groups)} of {len(examples)} examples have their answer among the candidates",
              file=sys.stderr)
        if round_ == args.rounds - 1 and args.folds > 1:
            predictions = {}
            for fold in range(args.folds):
                train = [g for n, g in groups.items() if n % args.folds != fold]
                held = [n for n in range(len(examples)) if n % args.folds == fold]
                with coref.using_ranker(coref.PronounRanker(fit(train, args.l2))):
                    predictions.update(gap_answers([examples[n] for n in held], [docs[n] for n in held]))
            tallies = gap_score.score(gap_score.read_gold(args.gap), predictions)
            m, f, o = (tallies[k] for k in ("masculine", "feminine", "overall"))
            print(f"GAP development, {args.folds}-fold cross-validated: M {100 * m.f1:.1f}  F {100 * f.f1:.1f}  "
                  f"B {f.f1 / m.f1:.2f}  O {100 * o.f1:.1f}  (P {100 * o.precision:.1f}, R {100 * o.recall:.1f})")
        weights = fit(list(groups.values()), args.l2)
    if not args.dry_run:
        data = {
            "fitted_on": f"GAP development ({len(groups)} examples), benchmarks/fit_pronouns.py --l2 {args.l2}",
            "weights": dict(sorted(weights.items())),
        }
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"{len(weights)} weights -> {WEIGHTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
