"""The graph as a store: facts and their evidence, and round trips through every format kg reads back."""
from __future__ import annotations

import pytest

import kg
from kg import Document, Entity, Evidence, Extraction, Fact, KnowledgeGraph

from .conftest import extraction


def test_same_fact_from_two_documents_is_one_edge_with_both_evidence():
    graph = KnowledgeGraph()
    graph.add(extraction("d1"))
    graph.add(extraction("d2"))
    assert graph.nx.number_of_edges() == 1
    [fact] = graph.facts()
    assert [e.document for e in fact.evidence] == ["d1", "d2"]
    assert fact.confidence == pytest.approx(1 - 0.4 * 0.4)


def test_negated_fact_is_a_separate_edge_and_hidden_by_default():
    graph = KnowledgeGraph()
    graph.add(extraction("d1"))
    graph.add_fact(Fact("antony-blinken", "meet", "iwaya", negated=True))
    assert graph.nx.number_of_edges() == 2
    assert len(graph.facts(subject="blinken")) == 1
    assert len(graph.facts(subject="blinken", include_negated=True)) == 2


@pytest.mark.parametrize("suffix", [".ttl", ".json", ".nt", ".jsonld"])
def test_write_then_load_gives_an_equal_graph(tmp_path, seed_graph, suffix):
    path = seed_graph.write(tmp_path / f"graph{suffix}")
    assert kg.load(path) == seed_graph


def test_unknown_suffix_is_a_format_error(tmp_path, seed_graph):
    with pytest.raises(kg.FormatError, match="cannot tell the format"):
        seed_graph.write(tmp_path / "graph.xyz")


def test_the_same_evidence_twice_counts_once():
    graph = KnowledgeGraph()
    graph.add_entity(Entity("a", "A", "Person"))
    graph.add_entity(Entity("b", "B", "Person"))
    ev = Evidence("d", "A met B.", 0, 8)
    assert graph.add_fact(Fact("a", "meet", "b", evidence=(ev, ev))).evidence == (ev,)


def test_one_sentence_span_is_one_piece_of_evidence_whatever_its_text():
    # RDF keeps one node per (document, start, end): a second text for the span must not survive in memory only.
    graph = KnowledgeGraph()
    graph.add_entity(Entity("a", "A", "Person"))
    graph.add_entity(Entity("b", "B", "Person"))
    first, other = Evidence("d", "A met B.", 0, 8), Evidence("d", "A met B", 0, 8)
    assert graph.add_fact(Fact("a", "meet", "b", evidence=(first, other))).evidence == (first,)
    assert graph.add_fact(Fact("a", "meet", "b", evidence=(other,))).evidence == (first,)


def _event_extraction() -> Extraction:
    """An event with its participants, and a fact for every reason a text may not assert one."""
    text = "Biden blocked the purchase of US Steel by Nippon Steel."
    ev = Evidence("d1", text, 0, len(text))
    entities = (
        Entity("biden", "Joe Biden", "Person"),
        Entity("us-steel", "US Steel", "Organization"),
        Entity("nippon-steel", "Nippon Steel", "Organization"),
        Entity("purchase", "purchase of US Steel", "Event",
               participants=(("agent", "nippon-steel"), ("target", "us-steel"))),
    )
    reasons = [("asserted", None), ("negated", None), ("hedged", "expect"), ("requested", "urge"),
               ("refused", "yet"), ("conditional", "if"), ("denied", "deny"), ("claimed", "say")]
    facts = tuple(
        Fact("biden", f"block{i}", "purchase", negated=assertion == "negated", modality=cue, assertion=assertion,
             attributed_to="biden" if assertion in ("claimed", "denied") else None, evidence=(ev,))
        for i, (assertion, cue) in enumerate(reasons)
    )
    return Extraction(Document("d1", text), entities, facts)


@pytest.mark.parametrize("suffix", [".ttl", ".json", ".nt", ".jsonld", ".trig", ".nq"])
def test_assertion_and_participants_survive_every_format(tmp_path, suffix):
    graph = KnowledgeGraph()
    graph.add(_event_extraction())
    back = kg.load(graph.write(tmp_path / f"graph{suffix}"))
    assert back == graph
    assert back.get("purchase").participants == (("agent", "nippon-steel"), ("target", "us-steel"))
    assert sorted(f.assertion for f in back.iter_facts()) == sorted(
        ["asserted", "negated", "hedged", "requested", "refused", "conditional", "denied", "claimed"]
    )
    assert [f.predicate for f in back.facts()] == ["block0"]  # only the asserted one by default


def test_assertion_and_participants_survive_networkx_and_pandas():
    graph = KnowledgeGraph()
    graph.add(_event_extraction())
    assert KnowledgeGraph.from_networkx(graph.to_networkx()) == graph
    tables = [graph.to_dataframe(t) for t in ("facts", "entities", "documents")]
    assert KnowledgeGraph.from_dataframe(*tables) == graph


def test_participants_follow_their_entities_into_a_merged_graph():
    graph = KnowledgeGraph()
    graph.add_entity(Entity("us-steel-corp", "United States Steel", "Organization"))
    added = graph.add(_event_extraction())
    event = next(e for e in added.entities if e.type == "Event")
    ids = {e.name: e.id for e in added.entities}
    assert graph.get(event.id).participants == (("agent", ids["Nippon Steel"]), ("target", ids["US Steel"]))
    merged = KnowledgeGraph().merge(graph)
    assert merged.get(event.id).participants == graph.get(event.id).participants


def test_fact_and_entity_reject_unknown_assertions_and_roles():
    with pytest.raises(ValueError, match="assertion 'maybe'"):
        Fact("a", "meet", "b", assertion="maybe")
    with pytest.raises(ValueError, match="participant role 'victim'"):
        Entity("e", "attack", "Event", participants=(("victim", "a"),))
