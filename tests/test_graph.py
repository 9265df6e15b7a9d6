"""The graph layer: merging, queries, and round trips through every format kg reads back."""
from __future__ import annotations

import networkx as nx
import pytest

import kg
from kg import Document, Entity, Evidence, Extraction, Fact, KnowledgeGraph


def _extraction(doc_id: str, sentence: str = "Blinken met Iwaya.") -> Extraction:
    ev = Evidence(doc_id, sentence, 0, len(sentence))
    return Extraction(
        Document(doc_id, sentence, url=f"https://example.org/{doc_id}"),
        (
            Entity("antony-blinken", "Antony Blinken", "Person", aliases=("Blinken",)),
            Entity("iwaya", "Iwaya", "Person"),
        ),
        (Fact("antony-blinken", "meet", "iwaya", confidence=0.6, evidence=(ev,)),),
    )


def test_same_fact_from_two_documents_is_one_edge_with_both_evidence():
    graph = KnowledgeGraph()
    graph.add(_extraction("d1"))
    graph.add(_extraction("d2"))
    assert graph.nx.number_of_edges() == 1
    [fact] = graph.facts()
    assert [e.document for e in fact.evidence] == ["d1", "d2"]
    assert fact.confidence == pytest.approx(1 - 0.4 * 0.4)


def test_entities_merge_across_documents_by_full_name_but_not_by_surname_alone():
    graph = KnowledgeGraph()
    graph.add(_extraction("d1"))
    graph.add(Extraction(Document("d3", "x"), (Entity("a-blinken", "Antony Blinken", "Person"),), ()))
    assert [e.id for e in graph.entities(type="Person")] == ["antony-blinken", "iwaya"]
    # A bare surname from another document may be another Blinken: it stays its own node.
    graph.add(Extraction(Document("d4", "x"), (Entity("blinken", "Blinken", "Person"),), ()))
    assert [e.id for e in graph.entities(type="Person")] == ["antony-blinken", "iwaya", "blinken"]


def test_different_types_with_one_name_stay_apart():
    graph = KnowledgeGraph()
    graph.add(Extraction(Document("d1", "x"), (Entity("georgia", "Georgia", "Place"),), ()))
    graph.add(Extraction(Document("d2", "x"), (Entity("georgia", "Georgia", "Person"),), ()))
    assert sorted(e.id for e in graph.entities()) == ["georgia", "georgia-person"]


def test_negated_fact_is_a_separate_edge_and_hidden_by_default():
    graph = KnowledgeGraph()
    graph.add(_extraction("d1"))
    graph.add_fact(Fact("antony-blinken", "meet", "iwaya", negated=True))
    assert graph.nx.number_of_edges() == 2
    assert len(graph.facts(subject="blinken")) == 1
    assert len(graph.facts(subject="blinken", include_negated=True)) == 2


def test_entity_lookup_errors_name_the_way_out():
    graph = KnowledgeGraph()
    graph.add(_extraction("d1"))
    assert graph.entity("BLINKEN").id == "antony-blinken"
    with pytest.raises(kg.NotFoundError, match="no entity is called 'Rubio'"):
        graph.entity("Rubio")


def test_to_networkx_has_plain_values_and_round_trips(tmp_path):
    graph = KnowledgeGraph()
    graph.add(_extraction("d1"))
    g = graph.to_networkx()
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    nx.write_graphml(g, tmp_path / "g.graphml")  # would raise on non-plain values
    assert KnowledgeGraph.from_networkx(g) == graph


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
