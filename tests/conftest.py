"""Shared fixtures: the real spaCy pipeline, the seed article and its graph, a hand-built Doc maker."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

import kg
from kg.nlp import load

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "blinken-japan-us-steel.txt"


@pytest.fixture(scope="session")
def nlp():
    return load()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_graph() -> kg.KnowledgeGraph:
    return kg.build(SEED)


def make_doc(nlp, rows: list[tuple[str, int, str, str, str, str]], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A parsed Doc built by hand, so rule tests never drift with the parser.

    Each row is (word, head index, dep, pos, tag, lemma); ``ents`` are
    (start, end, label) token spans.
    """
    words = [r[0] for r in rows]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=label) for s, e, label in ents]
    return doc
