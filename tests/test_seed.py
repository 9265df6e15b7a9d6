"""The foundation's acceptance checks, on the reference article through the real CLI."""
from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.namespace import SKOS

from kg.cli import main

SCHEMA = Namespace("https://schema.org/")
ENTITY_CLASSES = {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, SCHEMA.Event}


@pytest.fixture(scope="module")
def out(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(seed_path), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def ttl(out):
    g = rdflib.Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return g


def _named(g: rdflib.Graph, word: str) -> set:
    """Entity nodes (schema.org typed) whose label or alias is the name, or a person's whose surname it is."""
    found = set()
    for node in set(g.subjects(RDF.type, None)):
        if not ENTITY_CLASSES & set(g.objects(node, RDF.type)):
            continue
        names = [str(n) for n in (*g.objects(node, RDFS.label), *g.objects(node, SKOS.altLabel))]
        person = (node, RDF.type, SCHEMA.Person) in g
        if any(n == word or person and n.split()[-1] == word for n in names):
            found.add(node)
    return found


def test_build_writes_the_three_files(out):
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.json", "graph.ttl"]


def test_turtle_parses_in_pyoxigraph_too(out, ttl):
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(ttl)


@pytest.mark.parametrize("name", ["Blinken", "Biden", "Iwaya", "Nippon Steel", "Japan"])
def test_exactly_one_node_per_entity(ttl, name):
    assert len(_named(ttl, name)) == 1


def _direct(g, subject_word, predicate_word):
    [s] = _named(g, subject_word)
    for p, o in g.predicate_objects(s):
        label = g.value(p, RDFS.label)
        if label is not None and predicate_word in str(label):
            yield str(g.value(o, RDFS.label))


def test_blinken_meets_iwaya(ttl):
    [iwaya] = _named(ttl, "Iwaya")
    assert str(ttl.value(iwaya, RDFS.label)) in set(_direct(ttl, "Blinken", "meet"))


def test_biden_blocks_the_acquisition_of_us_steel(ttl):
    objects = list(_direct(ttl, "Biden", "block"))
    assert any(("acquisition" in o or "purchase" in o) and "US Steel" in o for o in objects), objects


def test_people_are_typed_person_whatever_the_first_ner_tag(ttl):
    for name in ("Blinken", "Biden", "Iwaya"):
        [node] = _named(ttl, name)
        assert (node, RDF.type, SCHEMA.Person) in ttl


def test_html_inlines_vis_network_and_loads_nothing_remote(out):
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in page
    assert "<script src" not in page and "<link" not in page
    assert "Antony Blinken" in page


def test_both_companies_take_part_in_the_blocked_purchase(ttl):
    # The purchase Biden blocked is an event node with Nippon Steel as its agent and US Steel as its target.
    kg_ns = Namespace("https://kg.invalid/vocab#")
    [biden] = _named(ttl, "Biden")
    events = [o for _, o in ttl.predicate_objects(biden) if (o, RDF.type, SCHEMA.Event) in ttl]
    nippon, us_steel = _named(ttl, "Nippon Steel"), _named(ttl, "US Steel")
    assert any(nippon == set(ttl.objects(e, kg_ns.agent)) and us_steel <= set(ttl.objects(e, kg_ns.target))
               for e in events), events
