"""Concept and event nodes (``kg.extract.concepts``) with the real English pipeline, on sentences written here."""
from __future__ import annotations

import pytest

import kg
from kg.extract.concepts import CLAIM_RULE, EVENT_RULE, MAX_NAME
from kg.extract.entities import HEAD_MATCH_RULE
from kg.model import DESCRIPTION_RULES


def _objects(graph, subject: str, predicate: str) -> list[kg.Entity]:
    return [graph.get(f.object) for f in graph.facts(subject=subject, predicate=predicate, include_negated=True)]


def _participants(graph, event: kg.Entity) -> set[tuple[str, str]]:
    return {(role, graph.get(other).name) for role, other in event.participants}


@pytest.mark.parametrize(
    ("sentence", "subject", "predicate", "event", "participants"),
    [
        # "of" names the target of a deed, "by" its agent
        ("Joe Biden blocked the purchase of US Steel by Nippon Steel.", "Joe Biden", "block",
         "purchase of US Steel by Nippon Steel", {("agent", "Nippon Steel"), ("target", "US Steel")}),
        # a possessor acts, "for" names the target
        ("Regulators cleared Xstrata's bid for WMC Resources.", "Regulators", "clear", "Xstrata's bid for WMC Resources",
         {("agent", "Xstrata"), ("target", "WMC Resources")}),
        # ... unless the event is undergone
        ("UKIP announced Robert Kilroy-Silk's expulsion.", "UKIP", "announce", "Robert Kilroy-Silk's expulsion",
         {("target", "Robert Kilroy-Silk")}),
        # an event of a happening: "of" names who does it
        ("The board welcomed the resignation of Philippe Camus.", "board", "welcome",
         "resignation of Philippe Camus", {("agent", "Philippe Camus")}),
        # a possessor with a superlative only says where
        ("Santander completed Spain's biggest bank merger.", "Santander", "complete",
         "Spain's biggest bank merger", set()),
    ],
)
def test_event_noun_is_an_event_node_with_its_participants(sentence, subject, predicate, event, participants):
    graph = kg.build(sentence)
    [node] = [e for e in _objects(graph, subject, predicate) if e.type == "Event"]
    assert node.name == event
    assert _participants(graph, node) == participants
    assert [m.rule for m in node.mentions] == ["event noun"]


def test_long_phrase_is_cut_to_its_core_and_kept_whole_as_evidence():
    sentence = ("Joe Biden announced the decision to block the purchase of US Steel by Japan's Nippon Steel "
                "for national security reasons.")
    graph = kg.build(sentence)
    [node] = _objects(graph, "Joe Biden", "announce")
    assert node.name == "decision to block the purchase of US Steel"
    assert all(len(e.name) <= MAX_NAME for e in graph.entities())
    [mention] = node.mentions
    assert mention.text.endswith("for national security reasons")


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("Analysts criticised the plan.", "Analysts", "Person"),
        ("The UKIP spokesman criticised the plan.", "UKIP spokesman", "Person"),
        ("Rebels attacked the government.", "government", "Organization"),
        ("The South Korean bank makes up 22% of the group's total assets.", "22% of the group's total assets",
         "Quantity"),
        ("The union expressed its firm opposition.", "union", "Organization"),
        ("Officials attended the ceremony.", "ceremony", "Thing"),
        ("The nine suppliers paid the retailer.", "nine suppliers", "Person"),
        ("The rebate angered many countries.", "many countries", "Place"),
        ("The firm closed the old factory.", "old factory", "Place"),
        ("Many Germans criticised the plan.", "Many Germans", "Person"),
    ],
)
def test_concept_is_typed_by_its_head_noun(sentence, name, kind):
    graph = kg.build(sentence)
    [node] = [e for e in graph.entities() if e.name == name]
    assert node.type == kind


def test_event_and_claim_nodes_are_descriptions():
    assert {EVENT_RULE, CLAIM_RULE, HEAD_MATCH_RULE} <= DESCRIPTION_RULES
    graph = kg.build("Robin Cook said Parliament may have been misled. Officials attended the meeting.")
    assert {e.name for e in graph.entities() if e.described} == {"Parliament may have been misled", "meeting",
                                                                   "Officials"}


def test_a_partitive_is_about_the_whole_it_counts_from():
    graph = kg.build("The acquisition placed one of the largest steel producers under foreign control.")
    assert [e.name for e in _objects(graph, "acquisition", "place")] == ["largest steel producers"]


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        # A bare "the government" after a phrase with the same head names the same body.
        ("The South Korean government owns half of the bank. Later the government sold its stake.",
         {"South Korean government"}),
        # Before it, or with words of its own, it is another phrase.
        ("Later the government sold its stake. The South Korean government owns half of the bank.",
         {"government", "South Korean government"}),
        ("The South Korean government owns half of the bank. The local government of Busan sold its stake.",
         {"South Korean government", "local government of Busan"}),
    ],
)
def test_a_bare_definite_repeats_the_phrase_with_its_head(text, nodes):
    graph = kg.build(text)
    assert {e.name for e in graph.entities() if e.type == "Organization"} == nodes
