"""Extraction with the real English pipeline, on sentences written for these tests."""
from __future__ import annotations

import kg


def _triples(graph):
    return {(graph.get(f.subject).name, f.key, graph.get(f.object).name) for f in graph.iter_facts()}


def test_active_verb_with_object():
    graph = kg.build("Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.")
    [fact] = graph.facts(subject="Blinken", predicate="meet")
    assert graph.get(fact.object).name == "Takeshi Iwaya"
    assert fact.time == "Tuesday"
    assert fact.place == "Tokyo"


def test_passive_with_agent_is_turned_active():
    graph = kg.build("Antony Blinken will be replaced by Marco Rubio.")
    assert ("Marco Rubio", "replace", "Antony Blinken") in _triples(graph)


def test_negated_fact_is_kept_but_not_asserted():
    graph = kg.build("Joe Biden did not block the merger of the two companies.")
    assert graph.facts(subject="Biden") == []
    [fact] = graph.facts(subject="Biden", include_negated=True)
    assert fact.negated and fact.key == "not block"


def test_surname_and_pronoun_join_the_full_name():
    graph = kg.build("Joe Biden blocked the deal. Biden said he opposed the merger.")
    people = graph.entities(type="Person")
    assert [p.name for p in people] == ["Joe Biden"]
    assert ("Joe Biden", "oppose", "merger") in _triples(graph)


def test_evidence_offsets_point_at_the_sentence():
    text = "The sky was grey. Nippon Steel bought a small mill in Ohio."
    graph = kg.build(text)
    [fact] = graph.facts(subject="Nippon Steel", predicate="buy")
    [ev] = fact.evidence
    assert text[ev.start : ev.end].strip() == ev.sentence == "Nippon Steel bought a small mill in Ohio."
