"""Entity identity across documents (``kg.resolve``): which entities of different documents are one node, and why."""
from __future__ import annotations

import re

import pytest

import kg
from kg import Document, Entity, Extraction, KnowledgeGraph
from kg.model import PRONOUN_GENDER, Mention
from kg.resolve import conflict, field_of, mergeable_names

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
    # "Robin" is a first name of either gender: the documents' genders decide.
    graph.add(_person("d3", "Robin Jones", ("gender", "male")))
    graph.add(_person("d4", "Robin Jones", ("gender", "female")))
    graph.add(_person("d5", "John Smith", ("role", "Prime Minister of Canada"), ("gender", "male")))
    assert sorted(e.name for e in graph.entities()) == ["John Smith", "John Smith", "Robin Jones", "Robin Jones"]
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
            Entity("a", "Robin Jones", "Person", attributes=(("gender", "male"),)),
            Entity("b", "Robin Jones", "Person", attributes=(("gender", "female"),)),
            "genders differ",
        ),
        (Entity("a", "Sam Jones", "Person", attributes=(("gender", "male"),)), Entity("b", "Sam Jones", "Person"), None),
        # A first name that tells a gender is the person's own: a document that says the other misread a title.
        (
            Entity("a", "Ruth Ashby", "Person", attributes=(("gender", "female"),)),
            Entity("b", "Ruth Ashby", "Person", attributes=(("gender", "male"),)),
            None,
        ),
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
        # One body named two ways: in full and by its initials, with "the" and "magazine" and without.
        (
            Entity("a", "Sam Jones", "Person", attributes=(("role", "director general of the Games Makers Guild"),)),
            Entity("b", "Sam Jones", "Person", attributes=(("role", "director general of GMG"),)),
            None,
        ),
        (
            Entity("a", "Sam Jones", "Person", attributes=(("role", "editor of the Quiet Pages magazine"),)),
            Entity("b", "Sam Jones", "Person", attributes=(("role", "editor of Quiet Pages"),)),
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
        # Nor the Robin Vale the articles call "he": against a surname alone, the pronouns' gender counts.
        ([("Robin Vale", (PRONOUN_GENDER, "male"))], ("Vale", ("honorific", "Mrs"), ("gender", "female")), None),
        ([("Robin Vale", (PRONOUN_GENDER, "female"))], ("Vale", ("honorific", "Mrs"), ("gender", "female")),
         "robin-vale"),
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


@pytest.mark.parametrize(
    ("attributes", "text", "field"),
    [
        # What the person is decides, whatever the story is about.
        ((("role", "Wales captain"),), "Sam Rowe spoke to voters before the election.", "sport"),
        ((("role", "health minister"),), "Sam Rowe opened the stadium before the match.", "politics"),
        # No role: the sentences that mention the person.
        ((), "Sam Rowe scored twice for the club. The election is in May.", "sport"),
        ((), "The band played. Sam Rowe released an album before the concert. Voters shrugged.", "arts"),
        # No role: a word right before a name says what the person is, inside its clause only, never a word
        # after the name (mostly another person's: "the band's singer ...").
        ((), "Voters cheered as keeper Sam Rowe waved.", "sport"),
        ((), "The Reverend Sam Rowe spoke at the stadium before the match.", "religion"),
        ((), "The minister praised the keeper. Sam Rowe told voters the election was close.", "politics"),
        ((), "Voters cheered Sam Rowe and singer Ann Lee.", None),
        # A role that tells no field gives way to the sentences; sentences that tell none, to the story.
        ((("role", "spokesman"),), "Profits rose. Shares and sales fell. The bank and its investors and shareholders "
         "were told. Sam Rowe said so.", "business"),
        # Nothing clear: no field.
        ((), "Sam Rowe said the goal was a new election.", None),
        ((), "Sam Rowe said nothing at all.", None),
    ],
)
def test_the_field_of_a_person_comes_from_the_strongest_evidence_of_the_document(attributes, text, field):
    mention = Mention("Sam Rowe", "d", text.index("Sam Rowe"), text.index("Sam Rowe") + 8)
    found = field_of(Entity("sam-rowe", "Sam Rowe", "Person", mentions=(mention,), attributes=attributes), text)
    assert (found.name if found else None) == field


def _article(doc: str, text: str, *attributes: tuple[str, str], name: str = "Sam Rowe") -> Extraction:
    """An invented article about ``name``, with every organisation the text names in "(X)" form."""
    at = text.index(name)
    person = Entity("sam-rowe", name, "Person", mentions=(Mention(name, doc, at, at + len(name)),),
                    attributes=attributes)
    orgs = tuple(Entity(o.lower(), o, "Organization", mentions=(Mention(o, doc, at, at + len(o)),))
                 for o, at in ((o, text.index(o)) for o in re.findall(r"\(([^)]+)\)", text)))
    return Extraction(Document(doc, text), (person, *orgs), ())


_SPORT = "Sam Rowe scored a try for the club in the Six Nations match."
_POLITICS = "Sam Rowe, the minister, told parliament the government policy would pass."
_ARTS = "Sam Rowe sang on the band's new album, released before the concert."


@pytest.mark.parametrize(
    ("articles", "nodes"),
    [
        # A rugby player and a minister of one name: two people.
        ([(_SPORT,), (_POLITICS,)], [["d0"], ["d1"]]),
        ([(_SPORT,), (_POLITICS,), (_SPORT,), (_POLITICS,)], [["d0", "d2"], ["d1", "d3"]]),
        # A role says the field wherever the story is.
        ([(_POLITICS,), ("Sam Rowe watched the match at the stadium.", ("role", "health minister"))], [["d0", "d1"]]),
        # Something ties them: an organisation named with both, or a role of both.
        ([(_SPORT + " (Acme Group) paid.",), (_POLITICS + " (Acme Group) paid.",)], [["d0", "d1"]]),
        ([(_SPORT, ("role", "chairman")), (_POLITICS, ("role", "chairman"))], [["d0", "d1"]]),
        # A story's words alone against the words about the person: a famous name dropped into another story.
        ([(_SPORT,), ("Voters, the government and parliament: an election, a policy, a manifesto. Sam Rowe.",)],
         [["d0", "d1"]]),
        # Money and technology are in stories of every field: only roles on both sides part them.
        ([(_POLITICS,), ("Sam Rowe said shares, profits and sales fell at the bank.",)], [["d0", "d1"]]),
        ([(_POLITICS, ("role", "health minister")), ("Sam Rowe left.", ("role", "chief executive of Acme"))],
         [["d0"], ["d1"]]),
        # A word right before the name weighs as a role: a cleric and a computer specialist are two people.
        ([("Sam Rowe left.", ("role", "computer specialist")), ("The Reverend Sam Rowe prayed.",)], [["d0"], ["d1"]]),
        ([(_POLITICS,), ("Their new keeper Sam Rowe was there.",)], [["d0"], ["d1"]]),
        # A document that tells no field joins; so do the fields a node has seen.
        ([(_SPORT,), ("Sam Rowe said nothing.",)], [["d0", "d1"]]),
        ([(_SPORT + " (Acme Group) paid.",), (_POLITICS + " (Acme Group) paid.",), (_ARTS + " (Acme Group) paid.",),
          (_POLITICS,)],
         [["d0", "d1", "d2", "d3"]]),
    ],
)
def test_namesakes_of_two_fields_stay_apart_unless_something_ties_them(articles, nodes):
    graph = KnowledgeGraph()
    for n, (text, *attributes) in enumerate(articles):
        graph.add(_article(f"d{n}", text, *attributes))
    people = graph.entities(type="Person")
    assert sorted(sorted({m.document for m in e.mentions}) for e in people) == nodes
    for e in people:
        for _, why in graph.explain(e.id).merges[1:]:
            assert why.startswith("same name")
    if len(nodes) > 1:
        why = dict(graph.explain(people[1].id).merges)["d1"]
        assert why.startswith("first seen, apart from sam-rowe: fields differ (") and "the node's: " in why


def test_a_gender_only_pronouns_give_does_not_tell_namesakes_apart(nlp):
    # "Robin" is a first name of either gender: one wrongly linked "he" may be all that says "male".
    graph = kg.build([Document("d1", "Robin Vale won the race. She said she was delighted."),
                      Document("d2", "Robin Vale won again. He said he was delighted.")])
    [vale] = graph.entities(type="Person")
    assert {v for k, v in vale.attributes if k == PRONOUN_GENDER} == {"female", "male"}
    assert not any(k == "gender" for k, _ in vale.attributes)
