"""Entity identity across documents (``kg.resolve``): which entities of different documents are one node, and why."""
from __future__ import annotations

import pytest

import kg
from kg import Document, Entity, Extraction, KnowledgeGraph
from kg.model import Mention
from kg.resolve import conflict, mergeable_names

from .conftest import carrying, extraction


@pytest.fixture(scope="module")
def seed_twice(seed_text) -> KnowledgeGraph:
    return kg.build([Document("seed", seed_text), Document("copy", seed_text)])


def test_entities_merge_across_documents_by_full_name_but_not_by_surname_alone():
    graph = KnowledgeGraph()
    graph.add(extraction("d1"))
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



def test_seed_with_its_copy_gives_the_same_nodes_and_two_evidence_per_fact(seed, seed_twice):
    # Events, people and bodies known only by a description without a name ("visit", "two groups") are one
    # thing per article: the copy's are nodes of their own; every other node is one.
    apart = {e.id for e in seed.entities() if e.type != "Thing" and not mergeable_names(e)}
    assert {"visit", "dispute"} <= apart and "acquisition-of-us-steel" not in apart
    once = sorted(e.id for e in seed.entities())
    copies = [f"{i}-{seed.get(i).type.lower()}" for i in apart]
    assert sorted(e.id for e in seed_twice.entities()) == sorted(once + copies)
    for name in ("Blinken", "Biden", "Iwaya", "US"):
        assert len(carrying(seed_twice, name)) == 1, name
    merged = set(once) - apart
    for fact in seed_twice.iter_facts():
        if {fact.subject, fact.object} <= merged:
            assert sorted(ev.document for ev in fact.evidence) == ["copy", "seed"], fact


def test_a_description_joins_another_documents_node_only_with_a_name_in_it():
    def event(doc: str, name: str) -> Extraction:
        mention = Mention(name, doc, 0, len(name), "event noun")
        return Extraction(Document(doc, name), (Entity("e", name, "Event", mentions=(mention,)),), ())

    graph = KnowledgeGraph()
    for doc in ("d1", "d2"):
        graph.add(event(doc, "meeting"))
        graph.add(event(doc, "acquisition of US Steel"))
    # Two articles' meetings are two meetings; the acquisition of US Steel is one.
    assert sorted(e.name for e in graph.entities()) == ["acquisition of US Steel", "meeting", "meeting"]


def test_explain_shows_the_rule_of_each_mention_and_each_merge(seed_twice):
    explanation = seed_twice.explain("the diplomat")
    assert explanation.entity.name == "Antony Blinken"
    assert {m.document for m in explanation.mentions} == {"seed", "copy"}
    assert [d for d, _ in explanation.merges] == ["seed", "copy"]
    assert "same name" in explanation.merges[1][1]
    assert "'diplomat': description" in str(explanation)


def _person(doc: str, name: str, *attributes: tuple[str, str], aliases: tuple[str, ...] = ()) -> Extraction:
    mention = Mention(name, doc, 0, len(name))
    return Extraction(Document(doc, name), (Entity("x", name, "Person", aliases, (mention,), attributes),), ())


def test_a_surname_alone_merges_only_inside_its_document():
    graph = KnowledgeGraph()
    graph.add(_person("d1", "Antony Blinken", aliases=("Blinken",)))
    graph.add(_person("d2", "Blinken"))
    graph.add(_person("d3", "Antony Blinken"))
    assert sorted((e.name, len(e.mentions)) for e in graph.entities()) == [("Antony Blinken", 2), ("Blinken", 1)]


def test_same_name_with_conflicting_roles_or_genders_stays_apart():
    graph = KnowledgeGraph()
    graph.add(_person("d1", "John Smith", ("role", "Prime Minister of Canada")))
    graph.add(_person("d2", "John Smith", ("role", "Prime Minister of Australia")))
    graph.add(_person("d3", "Sam Jones", ("gender", "male")))
    graph.add(_person("d4", "Sam Jones", ("gender", "female")))
    graph.add(_person("d5", "John Smith", ("role", "Prime Minister of Canada"), ("gender", "male")))
    assert sorted(e.name for e in graph.entities()) == ["John Smith", "John Smith", "Sam Jones", "Sam Jones"]
    [merged] = [e for e in graph.entities() if len(e.mentions) == 2]
    assert merged.name == "John Smith" and [d for d, _ in graph.explain(merged.id).merges] == ["d1", "d5"]


def test_a_mention_that_tells_namesakes_apart_by_nothing_joins_the_most_named_one():
    graph = KnowledgeGraph()
    graph.add(_person("d1", "John Smith", ("role", "Prime Minister of Canada")))
    graph.add(_person("d2", "John Smith", ("role", "Prime Minister of Australia")))
    graph.add(_person("d3", "John Smith", ("role", "Prime Minister of Canada")))
    for doc in ("d4", "d5"):
        graph.add(_person(doc, "John Smith"))
    nodes = sorted(sorted(m.document for m in e.mentions) for e in graph.entities())
    assert nodes == [["d1", "d3", "d4", "d5"], ["d2"]]
    [canadian] = [e for e in graph.entities() if len(e.mentions) == 4]
    assert "the most often named of 2 nodes of that name" in dict(graph.explain(canadian.id).merges)["d4"]


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (Entity("a", "Georgia", "Place"), Entity("b", "Georgia", "Person"), "types differ (Place, Person)"),
        # A concept may turn out to be a named organisation.
        (Entity("a", "Acme", "Thing"), Entity("b", "Acme", "Organization"), None),
        (
            Entity("a", "Sam Jones", "Person", attributes=(("gender", "male"),)),
            Entity("b", "Sam Jones", "Person", attributes=(("gender", "female"),)),
            "genders differ",
        ),
        (Entity("a", "Sam Jones", "Person", attributes=(("gender", "male"),)), Entity("b", "Sam Jones", "Person"), None),
        (
            Entity("a", "John Smith", "Person", attributes=(("role", "Prime Minister of Canada"),)),
            Entity("b", "John Smith", "Person", attributes=(("role", "Prime Minister of Australia"),)),
            "roles differ (prime minister of australia, canada)",
        ),
        (
            Entity("a", "John Smith", "Person", attributes=(("role", "Prime Minister of Canada"),)),
            Entity("b", "John Smith", "Person", attributes=(("role", "Leader of the Opposition"),)),
            None,
        ),
        (
            Entity("a", "Sam Jones", "Person", attributes=(("role", "Chancellor of United Kingdom"),)),
            Entity("b", "Sam Jones", "Person", attributes=(("role", "chancellor of the exchequer"),)),
            None,
        ),
    ],
)
def test_conflict_names_why_two_entities_sharing_a_name_stay_apart(old, new, why):
    assert conflict(old, new) == why
    assert (conflict(new, old) is None) == (why is None)  # the guard does not depend on which came first


@pytest.mark.parametrize(
    ("entity", "names"),
    [
        (Entity("a", "Antony Blinken", "Person", aliases=("Blinken", "Tony Blinken")), ["Antony Blinken", "Tony Blinken"]),
        (Entity("a", "Kilroy-Silk", "Person"), []),
        (Entity("a", "Nippon Steel", "Organization", aliases=("Nippon",)), ["Nippon Steel", "Nippon"]),
    ],
)
def test_only_full_names_of_people_merge_across_documents(entity, names):
    assert mergeable_names(entity) == names


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Antony Blinken", True),
        ("Prime Minister Tony Blair", True),
        ("Sir Menzies Campbell", True),
        ("Frank Field MP", True),
        ("former welfare minister Frank Field", True),
        ("Ludwig van Beethoven", True),
        ("Mervyn King", True),
        ("John Major", True),
        ("Kilroy-Silk", False),
        ("Mr Howard", False),
        ("Prime Minister", False),
        ("Home Secretary", False),
        ("MP", False),
        ("Liberal Democrat spokesman", False),
        ("Tony Blair's chancellor", False),
        ("Lib Dem leader", False),
        ("new order", False),
        ("players from England and Ireland", False),
        ("unnamed woman from Georgia", False),
        ("members of the Norland Academy of Film", False),
    ],
)
def test_a_person_joins_another_document_only_by_a_name_in_full_not_an_office(name, full):
    mention = Mention(name, "d1", 0, len(name))
    assert bool(mergeable_names(Entity("a", name, "Person", mentions=(mention,)))) is full



def _named(doc: str, name: str, *attributes: tuple[str, str]) -> Extraction:
    mention = Mention(name, doc, 0, len(name))
    return Extraction(Document(doc, name), (Entity(name.lower().replace(" ", "-"), name, "Person", (), (mention,), attributes),), ())


@pytest.mark.parametrize(
    ("corpus", "incoming", "joins"),
    [
        # "Mr Howard" of a document that never names him in full is the only Howard named in full.
        ([("Michael Howard", ("gender", "male"))], ("Howard", ("honorific", "Mr"), ("gender", "male")), "michael-howard"),
        # Two people named in full with the surname: no evidence for either.
        ([("Michael Howard",), ("John Howard",)], ("Howard", ("honorific", "Mr")), None),
        # A bare surname, or a first-name honorific, is no evidence.
        ([("Michael Howard",)], ("Howard",), None),
        ([("Menzies Campbell",)], ("Menzies", ("honorific", "Sir")), None),
        # Mrs Blair is not Tony Blair.
        ([("Tony Blair", ("gender", "male"))], ("Blair", ("honorific", "Mrs"), ("gender", "female")), None),
    ],
)
def test_an_honorific_surname_joins_the_only_full_name_in_the_corpus(corpus, incoming, joins):
    graph = KnowledgeGraph()
    for n, (name, *attributes) in enumerate(corpus):
        graph.add(_named(f"d{n}", name, *attributes))
    name, *attributes = incoming
    [node] = graph.add(_named("late", name, *attributes)).entities
    assert node.id == (joins or name.lower())  # merged, or a node of its own
    if joins:
        assert "the only person of that surname" in graph.explain(joins).merges[-1][1]
