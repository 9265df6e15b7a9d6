"""Property-based tests (hypothesis): no text crashes extraction, every export parses back to an equal graph."""
from __future__ import annotations

import json
import warnings

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kg
from kg import Document, Entity, Evidence, Fact, KnowledgeGraph, Mention
from kg.export import render
from kg.graph import from_entities_and_facts

# Every code point a str can hold, lone surrogates included: documents must survive them.
ANY_CHAR = st.characters(exclude_categories=())
# Every code point a file can hold (UTF-8 cannot store lone surrogates): graphs built by hand use these.
STORABLE_CHAR = st.characters(exclude_categories=("Cs",))
WORDS = "Antony Blinken met Iwaya in Tokyo said he did not block the deal . , 's U.S. Nippon Steel may by".split()
WORDS += ["\n", "\n\n", '"']

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
# Whole graphs cost four writes and four parses each: fewer examples keep the test within seconds.
GRAPH_SETTINGS = settings(SETTINGS, max_examples=20)

# rdflib's JSON-LD parser warns about its own internals on every parse.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def _texts() -> st.SearchStrategy[str]:
    odd = st.sampled_from(["\x00", "\x1b", "\r\n", "\u202e", "\ufeff", "\ud800", "\u0301", "\u2028", "🙂", "\t", "<"])
    words = st.one_of(st.sampled_from(WORDS), odd, st.text(ANY_CHAR, max_size=3))
    sentences = st.lists(words, max_size=40).map(" ".join)
    return st.one_of(st.text(ANY_CHAR, max_size=200), sentences)


@SETTINGS
@given(text=_texts())
@example(text="0")  # found by hypothesis: a lone number, nothing resolved, crashed EntityIndex.entities
def test_any_text_never_crashes_extraction(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kg.KGWarning)
        graph = kg.build(Document("h", text))
    for fact in graph.iter_facts():
        for ev in fact.evidence:
            assert 0 <= ev.start <= ev.end
            ev.sentence.encode("utf-8")  # nothing unstorable reaches the graph


SUFFIXES = (".ttl", ".nt", ".jsonld", ".json")


def _parse_strictly(text: str, suffix: str) -> None:
    """Parse with a second, strict parser where one exists (Oxigraph for Turtle and N-Triples)."""
    if suffix == ".ttl":
        pyoxigraph.Store().load(text, format=pyoxigraph.RdfFormat.TURTLE)
    elif suffix == ".nt":
        pyoxigraph.Store().load(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    elif suffix == ".jsonld":
        assert len(rdflib.Graph().parse(data=text, format="json-ld")) > 0
    else:
        json.loads(text)


def _round_trip(graph: KnowledgeGraph, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("rt")
    for suffix in SUFFIXES:
        path = graph.write(folder / f"graph{suffix}")
        _parse_strictly(path.read_text(encoding="utf-8"), suffix)
        assert kg.load(path) == graph, suffix
    render(graph, "html")


@SETTINGS
@given(name=st.text(STORABLE_CHAR, min_size=1, max_size=40), sentence=st.text(STORABLE_CHAR, max_size=80))
def test_any_name_or_sentence_gives_exports_that_parse_back(name, sentence, tmp_path_factory):
    doc = Document("d", "", title=name, source=sentence)
    aliases = (sentence,) if sentence else ()
    entities = [Entity("a", name, "Person", aliases=aliases), Entity("b", "Bob", "Organization")]
    fact = Fact("a", name, "b", time=sentence or None, evidence=(Evidence("d", sentence, 0, len(sentence)),))
    graph = from_entities_and_facts(entities, [fact])
    graph.add_document(doc)
    _round_trip(graph, tmp_path_factory)


_IDS = st.text(st.characters(categories=("Ll", "Nd")), min_size=1, max_size=8)
_TEXT = st.text(STORABLE_CHAR, max_size=20)
_OPTIONAL = st.none() | _TEXT


@st.composite
def graphs(draw) -> KnowledgeGraph:
    # Ids are distinct after slugging, as KnowledgeGraph's own ids are (RDF mints IRIs from slugs).
    ids = draw(st.lists(_IDS, min_size=1, max_size=5, unique_by=kg.names.slugify))
    doc_ids = draw(st.lists(_IDS, min_size=1, max_size=2, unique_by=kg.names.slugify))
    documents = [
        Document(d, "", source=draw(_OPTIONAL), url=draw(_OPTIONAL), title=draw(_OPTIONAL), date=draw(_OPTIONAL))
        for d in doc_ids
    ]
    offsets = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(sorted)

    def evidence() -> Evidence:
        start, end = draw(offsets)
        return Evidence(draw(st.sampled_from(doc_ids)), draw(_TEXT), start, end)

    entities = []
    for i in ids:
        mentions = tuple(
            Mention(draw(_TEXT), draw(st.sampled_from(doc_ids)), s, e, draw(st.sampled_from(["ner", "pronoun"])))
            for s, e in draw(st.lists(offsets, max_size=2))
        )
        entities.append(
            Entity(
                i,
                draw(st.text(STORABLE_CHAR, min_size=1, max_size=20)),
                draw(st.sampled_from(kg.model.ENTITY_TYPES)),
                aliases=tuple(draw(st.lists(_TEXT, max_size=2))),
                mentions=mentions,
                attributes=tuple(draw(st.lists(st.tuples(_TEXT, _TEXT), max_size=2))),
            )
        )
    facts = {}
    predicates: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 6))):
        predicate = draw(st.text(STORABLE_CHAR, min_size=1, max_size=15))
        # kg mints one predicate IRI per slug: predicates that slug alike must be one predicate.
        predicate = predicates.setdefault(kg.names.slugify(predicate), predicate)
        drawn_evidence = [evidence() for _ in range(draw(st.integers(1, 2)))]
        fact = Fact(
            draw(st.sampled_from(ids)),
            predicate,
            draw(st.sampled_from(ids)),
            negated=draw(st.booleans()),
            modality=draw(st.none() | st.sampled_from(["may", "could", "would"])),
            time=draw(_OPTIONAL),
            place=draw(_OPTIONAL),
            attributed_to=draw(st.none() | st.sampled_from(ids)),
            confidence=draw(st.floats(0, 1)),
            # One evidence per place: RDF names evidence by (document, start, end).
            evidence=tuple({(ev.document, ev.start, ev.end): ev for ev in drawn_evidence}.values()),
        )
        facts.setdefault(fact.identity, fact)
    graph = from_entities_and_facts(entities, facts.values())
    for doc in documents:
        graph.add_document(doc)
    return graph


@GRAPH_SETTINGS
@given(graph=graphs())
def test_any_graph_written_and_loaded_is_equal(graph, tmp_path_factory):
    _round_trip(graph, tmp_path_factory)


def test_a_lone_surrogate_cannot_be_written_and_says_so(tmp_path):
    graph = from_entities_and_facts([Entity("a", "bad \ud800 name")], [])
    with pytest.raises(kg.FormatError, match="lone surrogate"):
        graph.write(tmp_path / "graph.ttl")
    assert list(tmp_path.iterdir()) == []


def test_a_lone_surrogate_in_a_page_title_is_a_format_error_too(tmp_path):
    # The page is streamed into its file: the encoding error surfaces there, not in a pre-check.
    graph = from_entities_and_facts([Entity("a", "Ada")], [])
    with pytest.raises(kg.FormatError, match="lone surrogate"):
        kg.export.write(graph, tmp_path / "page.html", title="bad \ud800 title")
    assert list(tmp_path.iterdir()) == []
