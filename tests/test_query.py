"""The queries (``kg.query``): names, lemmas, dates, paths, subgraphs and summaries, on hand-built graphs and the seed."""
from __future__ import annotations

import datetime as dt

import pytest

import kg
from kg import Document, Entity, Evidence, Fact, KnowledgeGraph
from kg import nlp, query

from .conftest import extraction


def _graph() -> KnowledgeGraph:
    """Two dated documents about the same people."""
    graph = KnowledgeGraph()
    graph.add_document(Document("d1", "", date="2025-01-07"))
    graph.add_document(Document("d2", "", date="2025-02-10"))
    for entity in (
        Entity("blinken", "Antony Blinken", "Person", aliases=("Blinken",)),
        Entity("iwaya", "Takeshi Iwaya", "Person", aliases=("Iwaya",)),
        Entity("rubio", "Marco Rubio", "Person"),
        Entity("biden", "Joe Biden", "Person", aliases=("Biden",)),
        Entity("deal", "acquisition of US Steel", "Thing"),
        Entity("us-steel", "US Steel", "Organization"),
    ):
        graph.add_entity(entity)

    def ev(doc: str, start: int) -> tuple[Evidence, ...]:
        return (Evidence(doc, f"sentence at {start}", start, start + 10),)

    graph.add_fact(Fact("blinken", "meet", "iwaya", time="Tuesday", evidence=ev("d1", 50)))
    graph.add_fact(Fact("biden", "block", "deal", time="on Friday", evidence=ev("d1", 10)))
    graph.add_fact(Fact("rubio", "replace", "blinken", time="January 20", evidence=ev("d1", 90)))
    graph.add_fact(Fact("rubio", "meet", "iwaya", evidence=ev("d2", 5)))
    graph.add_fact(Fact("biden", "meet", "iwaya", negated=True, evidence=ev("d2", 30)))
    return graph


@pytest.mark.parametrize("word", ["blocked", "blocks", "block", "blocking", "Blocked"])
def test_predicates_match_by_lemma(word):
    assert [f.predicate for f in _graph().facts(predicate=word)] == ["block"]


def test_irregular_forms_come_from_the_model_tables():
    assert "meet" in query.lemmas("met")
    assert "be" in query.lemmas("was")
    assert query._tables()["verb"][0], "the lemma index of the installed model was not found"


def test_fallback_rules_work_without_model_tables(monkeypatch):
    monkeypatch.setattr(nlp, "_lookups_dirs", lambda: [])
    monkeypatch.setattr(nlp, "_LOADED_LOOKUPS", {})  # nor a pipeline loaded by an earlier test
    for cached in (nlp.lemma_tables, query._tables, query.lemmas):
        cached.cache_clear()
    try:
        assert query.words_match("block", "blocked") and query.words_match("meet", "met")
    finally:
        for cached in (nlp.lemma_tables, query._tables, query.lemmas):
            cached.cache_clear()


def test_other_predicates_do_not_match():
    assert _graph().facts(predicate="blockade") == []
    assert not query.words_match("meet", "meat")


def test_negated_facts_match_their_key_only_when_asked_for():
    graph = _graph()
    assert [f.subject for f in graph.facts(predicate="meet")] == ["blinken", "rubio"]
    assert [f.key for f in graph.facts(subject="Biden", predicate="not meet", include_negated=True)] == ["not meet"]


def test_document_filter_takes_an_id_and_names_the_way_out():
    graph = _graph()
    assert [f.subject for f in graph.facts(predicate="meet", document="d2")] == ["rubio"]
    with pytest.raises(kg.NotFoundError, match="no document has id or URL 'd11'; close matches: 'd1'"):
        graph.facts(document="d11")
    with pytest.raises(kg.NotFoundError, match="graph.documents"):
        graph.facts(document="https://example.org/")


def test_since_and_until_use_time_qualifiers_relative_to_the_document_date():
    graph = _graph()
    dates = {f.predicate: graph.date_of(f) for f in graph.facts()}
    # Article of Tuesday 7 January 2025: "on Friday" is the 3rd, "January 20" the 20th.
    assert dates["block"] == dt.date(2025, 1, 3)
    assert dates["replace"] == dt.date(2025, 1, 20)
    assert [f.predicate for f in graph.facts(since="2025-01-04", until="2025-01-31")] == ["meet", "replace"]
    assert [f.subject for f in graph.facts(since=dt.date(2025, 2, 1))] == ["rubio"]
    with pytest.raises(kg.QueryError, match="'last week' is not an ISO 8601 date"):
        graph.facts(since="last week")


@pytest.mark.parametrize(
    ("time", "date"),
    [
        ("0900 GMT", dt.date(2025, 1, 7)),  # not the year 900
        ("by 1430 GMT", dt.date(2025, 1, 7)),
        ("at 10:30", dt.date(2025, 1, 7)),
        ("at 3pm", dt.date(2025, 1, 7)),
        ("on Friday", dt.date(2025, 1, 3)),
        ("in 2005", dt.date(2005, 1, 1)),
    ],
)
def test_a_clock_time_is_the_documents_day(time, date):
    assert query.parse_date(time, dt.date(2025, 1, 7)) == date


def test_a_clock_time_without_a_document_date_is_undated():
    assert query.parse_date("0900 GMT") is None


def test_undated_facts_are_left_out_of_date_ranges():
    graph = KnowledgeGraph()
    graph.add_document(Document("d", ""))
    graph.add_entity(Entity("a", "A"))
    graph.add_entity(Entity("b", "B"))
    graph.add_fact(Fact("a", "meet", "b", time="Friday", evidence=(Evidence("d", "A met B on Friday.", 0, 18),)))
    assert graph.date_of(graph.facts()[0]) is None
    assert graph.facts(until="2100-01-01") == []


def test_timeline_is_in_time_order_with_undated_facts_last():
    graph = _graph()
    graph.add_fact(Fact("iwaya", "visit", "blinken"))  # no evidence, no document: no date
    timeline = graph.timeline("Blinken")
    assert [(str(when), f.predicate) for when, f in timeline] == [
        ("2025-01-07", "meet"), ("2025-01-20", "replace"), ("None", "visit")
    ]


def test_entity_lookup_errors_name_the_way_out():
    graph = KnowledgeGraph()
    graph.add(extraction("d1"))
    assert graph.entity("BLINKEN").id == "antony-blinken"
    with pytest.raises(kg.NotFoundError, match="no entity is called 'Rubio'"):
        graph.entity("Rubio")


def test_entity_errors_list_close_matches():
    graph = _graph()
    with pytest.raises(kg.NotFoundError, match=r"no entity is called 'Rubbio'; close matches: 'Marco Rubio'"):
        graph.entity("Rubbio")
    with pytest.raises(kg.NotFoundError, match="list its entities"):
        graph.entity("Xyzzy")
    graph.add_entity(Entity("iwaya-co", "Iwaya", "Organization"))
    with pytest.raises(kg.NotFoundError, match=r"'Iwaya' names several entities: Iwaya \(id 'iwaya-co'\), Takeshi Iwaya"):
        graph.entity("Iwaya")


def test_a_partial_name_means_the_named_entity_not_a_description():
    assert _graph().entity("Steel").id == "us-steel"


def test_neighbors_by_direction_and_predicate():
    graph = _graph()
    assert [e.id for e in graph.neighbors("Blinken", direction="out")] == ["iwaya"]
    assert [e.id for e in graph.neighbors("Blinken", direction="in")] == ["rubio"]
    assert [e.id for e in graph.neighbors("Iwaya", predicate="met")] == ["blinken", "rubio"]
    assert [e.id for e in graph.neighbors("Iwaya", include_negated=True)] == ["blinken", "rubio", "biden"]
    with pytest.raises(kg.QueryError, match="direction 'up'"):
        graph.neighbors("Iwaya", direction="up")


def test_paths_follow_facts_both_ways_and_respect_max_length():
    graph = _graph()
    [path] = graph.paths("Blinken", "Rubio", max_length=1)
    assert [f.predicate for f in path] == ["replace"]
    both = graph.paths("Blinken", "Rubio")
    assert [[f.predicate for f in p] for p in both] == [["replace"], ["meet", "meet"]]
    # Biden is linked only by a negated fact.
    assert graph.paths("Blinken", "Biden") == []
    assert len(graph.paths("Blinken", "Biden", include_negated=True)[0]) == 2


def test_paths_cross_from_a_description_to_the_names_it_contains():
    graph = _graph()
    [path] = graph.paths("Biden", "US Steel")
    assert [(f.subject, f.predicate, f.object) for f in path] == [("biden", "block", "deal"), ("deal", "mention", "us-steel")]
    assert graph.evidence(path[1]) == graph.evidence(path[0])  # the sentence the description was read in
    assert graph.paths("Biden", "US Steel", mentions=False) == []
    assert all(f.predicate != "mention" for f in graph.facts())


def test_evidence_of_a_stale_fact_is_the_current_evidence():
    graph = _graph()
    old = graph.facts(subject="Blinken", predicate="meet")[0]
    graph.add_fact(Fact("blinken", "meet", "iwaya", evidence=(Evidence("d2", "again", 0, 5),)))
    assert [e.document for e in graph.evidence(old)] == ["d1", "d2"]
    with pytest.raises(kg.NotFoundError, match="take facts from graph.facts"):
        graph.evidence(Fact("blinken", "sue", "iwaya"))


def test_subgraphs_by_entities_predicate_and_document():
    graph = _graph()
    people = graph.subgraph(["Blinken", "Iwaya", "Rubio"])
    assert sorted(f.identity for f in people.iter_facts()) == [
        ("blinken", "meet", "iwaya"), ("rubio", "meet", "iwaya"), ("rubio", "replace", "blinken")
    ]
    meetings = graph.subgraph(predicate="met")
    assert {f.key for f in meetings.iter_facts()} == {"meet", "not meet"}
    assert "deal" not in {e.id for e in meetings.entities()}
    second = graph.subgraph(document="d2")
    assert [d.id for d in second.documents()] == ["d2"]
    assert {e.document for f in second.iter_facts() for e in f.evidence} == {"d2"}
    assert isinstance(second, KnowledgeGraph) and second.subgraph(document="d2") == second


def test_merge_of_graphs_built_separately_matches_one_build():
    whole = _graph()
    first, second = whole.subgraph(document="d1"), whole.subgraph(document="d2")
    merged = KnowledgeGraph().merge(first).merge(second)
    assert sorted(f.identity for f in merged.iter_facts()) == sorted(f.identity for f in whole.iter_facts())


def test_summaries():
    graph = _graph()
    assert [(e.id, n) for e, n in graph.most_connected(2)] == [("blinken", 2), ("rubio", 2)]
    assert graph.predicates() == {"meet": 2, "block": 1, "replace": 1}
    assert graph.predicates(include_negated=True)["meet"] == 3


def test_seed_blinken_meets_iwaya(seed_graph):
    objects = [seed_graph.get(f.object).name for f in seed_graph.facts(subject="Blinken", predicate="meet")]
    assert any("Iwaya" in name for name in objects), objects


def test_seed_predicate_forms_find_the_same_facts(seed_graph):
    found = [seed_graph.facts(predicate=w) for w in ("blocked", "blocks", "block")]
    assert found[0] and found[0] == found[1] == found[2]


def test_seed_blinken_and_nippon_steel_are_connected(seed_graph):
    # Blinken reaches Nippon Steel only through what he said and hoped: facts the text does not assert.
    assert not seed_graph.paths("Blinken", "Nippon Steel")
    paths = seed_graph.paths("Blinken", "Nippon Steel", include_negated=True)
    assert paths
    blinken, nippon = seed_graph.entity("Blinken").id, seed_graph.entity("Nippon Steel").id
    for path in paths:
        assert 1 <= len(path) <= 4
        at = blinken
        for fact in path:  # each step starts where the previous one ended, in either direction
            assert at in (fact.subject, fact.object)
            at = fact.object if at == fact.subject else fact.subject
        assert at == nippon
