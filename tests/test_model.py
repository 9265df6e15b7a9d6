import dataclasses
import pickle

import pytest

from kg import Document, Entity, Evidence, Fact


def test_values_are_frozen_and_picklable():
    fact = Fact("a", "meet", "b", evidence=(Evidence("d", "A met B.", 0, 8),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.predicate = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(fact)) == fact
    doc = Document("d", "text", url="https://example.org/a")
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_confidence_must_be_a_probability():
    with pytest.raises(ValueError, match="outside 0..1"):
        Fact("a", "meet", "b", confidence=1.5)


def test_evidence_offsets_must_form_a_span():
    with pytest.raises(ValueError, match="not a span"):
        Evidence("d", "s", 10, 2)


def test_fact_key_marks_negation_and_modality():
    assert Fact("a", "block", "b").key == "block"
    assert Fact("a", "block", "b", negated=True).key == "not block"
    assert Fact("a", "block", "b", modality="may").key == "may block"
    assert not Fact("a", "block", "b", modality="may").asserted


def test_entity_aliases_are_a_set_in_canonical_order():
    a = Entity("x", "Joe Biden", "Person", aliases=("Biden", "President Biden", "Biden"))
    b = Entity("x", "Joe Biden", "Person", aliases=("President Biden", "Biden", "Joe Biden"))
    assert a == b
    assert a.aliases == ("Biden", "President Biden")
