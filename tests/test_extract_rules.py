"""Extraction rules on hand-built parses: each row names the pattern it pins down."""
from __future__ import annotations

import pytest

from kg.extract import propositions

from .conftest import make_doc


def _props(nlp, rows, ents=()):
    return propositions(make_doc(nlp, rows, ents))


def _by_predicate(props, predicate):
    found = [p for p in props if p.predicate == predicate]
    assert found, f"no {predicate!r} in {[(p.predicate, p.relation) for p in props]}"
    return found


def test_passive_agent_becomes_the_active_subject(nlp):
    rows = [
        ("Blinken", 2, "nsubjpass", "PROPN", "NNP", "Blinken"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("replaced", 2, "ROOT", "VERB", "VBN", "replace"),
        ("by", 2, "agent", "ADP", "IN", "by"),
        ("Rubio", 3, "pobj", "PROPN", "NNP", "Rubio"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "replace")
    assert (prop.subject.text, prop.object.text) == ("Rubio", "Blinken")
    # The Open IE form keeps what the sentence says, in its order.
    assert prop.carb() == ("was replaced by", ["Blinken", "Rubio"])


def test_light_verb_with_event_noun_is_a_meeting(nlp):
    rows = [
        ("Alice", 1, "nsubj", "PROPN", "NNP", "Alice"),
        ("had", 1, "ROOT", "VERB", "VBD", "have"),
        ("lunch", 1, "dobj", "NOUN", "NN", "lunch"),
        ("with", 2, "prep", "ADP", "IN", "with"),
        ("Bob", 3, "pobj", "PROPN", "NNP", "Bob"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "meet")
    assert (prop.subject.text, prop.object.text) == ("Alice", "Bob")


@pytest.mark.parametrize(
    ("word", "dep", "tag", "negated", "modality"),
    [("not", "neg", "RB", True, None), ("may", "aux", "MD", False, "may"), ("will", "aux", "MD", False, None)],
)
def test_negation_and_modality_are_flagged_not_dropped(nlp, word, dep, tag, negated, modality):
    rows = [
        ("Alice", 2, "nsubj", "PROPN", "NNP", "Alice"),
        (word, 2, dep, "PART" if dep == "neg" else "AUX", tag, word),
        ("block", 2, "ROOT", "VERB", "VB", "block"),
        ("the", 4, "det", "DET", "DT", "the"),
        ("deal", 2, "dobj", "NOUN", "NN", "deal"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "block")
    assert (prop.negated, prop.modality) == (negated, modality)
    assert prop.object.text == "the deal"


def test_apposition_names_the_description(nlp):
    rows = [
        ("Bob", 7, "nsubj", "PROPN", "NNP", "Bob"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("the", 3, "det", "DET", "DT", "the"),
        ("head", 0, "appos", "NOUN", "NN", "head"),
        ("of", 3, "prep", "ADP", "IN", "of"),
        ("Acme", 4, "pobj", "PROPN", "NNP", "Acme"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("resigned", 7, "ROOT", "VERB", "VBD", "resign"),
        (".", 7, "punct", "PUNCT", ".", "."),
    ]
    props = _props(nlp, rows, ents=[(0, 1, "PERSON"), (5, 6, "ORG")])
    [prop] = [p for p in props if p.rule == "apposition"]
    assert prop.carb() == ("is", ["Bob", "the head of Acme"])


def test_coordinated_subjects_split_into_propositions(nlp):
    rows = [
        ("Alice", 3, "nsubj", "PROPN", "NNP", "Alice"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Bob", 0, "conj", "PROPN", "NNP", "Bob"),
        ("signed", 3, "ROOT", "VERB", "VBD", "sign"),
        ("the", 5, "det", "DET", "DT", "the"),
        ("deal", 3, "dobj", "NOUN", "NN", "deal"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    props = _by_predicate(_props(nlp, rows), "sign")
    assert sorted(p.subject.text for p in props) == ["Alice", "Bob"]


def test_clausal_complement_is_attributed_to_the_speaker(nlp):
    rows = [
        ("Carol", 1, "nsubj", "PROPN", "NNP", "Carol"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("that", 4, "mark", "SCONJ", "IN", "that"),
        ("Alice", 4, "nsubj", "PROPN", "NNP", "Alice"),
        ("blocked", 1, "ccomp", "VERB", "VBD", "block"),
        ("the", 6, "det", "DET", "DT", "the"),
        ("deal", 4, "dobj", "NOUN", "NN", "deal"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "block")
    assert prop.subject.text == "Alice"
    assert prop.attributed_to is not None and prop.attributed_to.text == "Carol"
