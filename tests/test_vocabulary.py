"""The published vocabulary: declared terms, SHACL shapes with and without RDFS inference, typed literals,
readable predicate IRIs, grouped Turtle, no local paths, RDF 1.2 statements, and independent parsers."""

from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
import kg.cli
import kg.store
from kg import Document
from kg.export import render
from kg.export.rdf import RDF_FORMATS
from kg.rdf import KG, TERMS, predicate_iri, quads, triples, validate, vocabulary

from .conftest import SEED
from .test_rdf import SUFFIXES, graphs

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def dated():
    """The reference article dated as its URL dates it, and a text of our own with places, times and a denial."""
    text = SEED.read_text(encoding="utf-8")
    return kg.build(
        [
            Document("blinken", text, date="2025-01-07"),
            Document(
                "ours",
                "Oslo talks\n\nJonas Gahr Store met Antony Blinken in Oslo on Friday. "
                "Store did not criticize the United States. Blinken may visit Norway.\n",
                date="2025-03-04",
            ),
        ]
    )


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_output_conforms_to_the_shapes_with_and_without_rdfs_inference(dated, inference):
    conforms, report = validate(dated.to_rdflib(), inference=inference)
    assert conforms, report


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs(min_evidence=1))
def test_generated_output_conforms_to_the_shapes(graph):
    conforms, report = validate(graph.to_rdflib(), inference="none")
    assert conforms, report


@pytest.fixture(scope="module")
def small():
    """A text of our own with a denial (small, so that the shapes run fast)."""
    return kg.build(Document("ours", "Jonas Gahr Store met Antony Blinken in Oslo. Store did not criticize Blinken.\n"))


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_a_statement_without_evidence_fails_the_shapes(small, inference):
    g = small.to_rdflib()
    statement = next(g.subjects(rdflib.RDF.type, rdflib.RDF.Statement))
    g.remove((statement, rdflib.URIRef(KG + "evidence"), None))
    conforms, report = validate(g, inference=inference)
    assert not conforms and "evidence" in report


def test_the_shapes_catch_a_bad_confidence_and_a_denied_fact_stated_as_true(small):
    g = small.to_rdflib()
    statement = next(g.subjects(rdflib.URIRef(KG + "negated"), rdflib.Literal(True)))
    g.set((statement, rdflib.URIRef(KG + "confidence"), rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)))
    g.add(
        (
            g.value(statement, rdflib.RDF.subject),
            g.value(statement, rdflib.RDF.predicate),
            g.value(statement, rdflib.RDF.object),
        )
    )
    conforms, report = validate(g, inference="none")
    assert not conforms and "confidence" in report and "direct triple" in report


def test_every_kg_term_is_declared_with_a_label_and_a_comment(dated):
    declared = vocabulary()
    subjects = {t.subject.value for t in declared}
    used = {t.predicate.value for t in triples(dated)} | {t.object.value for t in triples(dated) if t.predicate.value.endswith("#type")}
    assert {u for u in used if u.startswith(KG)} <= subjects
    for name in TERMS:
        labels = [t for t in declared if t.subject.value == KG + name and t.predicate.value.endswith("#label")]
        comments = [t for t in declared if t.subject.value == KG + name and t.predicate.value.endswith("#comment")]
        assert len(labels) == 1 and len(comments) == 1, name
    # Properties say what they apply to or hold; the vocabulary moves with vocab=.
    ranges = {t.subject.value for t in declared if t.predicate.value.endswith("#range")}
    assert {KG + n for n in ("confidence", "time", "place", "sentence", "start", "evidence")} <= ranges
    moved = vocabulary("https://example.org/terms#")
    assert {t.subject.value for t in moved} >= {"https://example.org/terms#confidence"}
    assert not any(KG in str(t) for t in moved)


def test_values_are_typed_linked_and_tagged(dated):
    g = ox.Store()
    g.extend(quads(dated))
    rows = {
        (r["d"].value, r["date"].datatype.value)
        for r in g.query(
            "SELECT ?d ?date WHERE { GRAPH ?g { ?d <https://schema.org/datePublished> ?date } }"
        )
    }
    assert rows == {("https://kg.invalid/document/blinken", XSD + "date"), ("https://kg.invalid/document/ours", XSD + "date")}
    facts = {f.key: f for f in dated.iter_facts()}
    times = {
        (r["text"].value, r["time"].value, r["time"].datatype.value)
        for r in g.query(
            "PREFIX kg: <https://kg.invalid/vocab#> SELECT ?text ?time WHERE { ?s kg:timeText ?text ; kg:time ?time }",
            use_default_graph_as_union=True,
        )
    }
    # "Tuesday" in an article of Tuesday 7 January 2025, "Friday" in one of Tuesday 4 March 2025.
    assert ("Tuesday", "2025-01-07", XSD + "date") in times and ("Friday", "2025-02-28", XSD + "date") in times
    assert all(str(dated.date_of(f)) in {t for _, t, _ in times} for f in facts.values() if f.time and dated.date_of(f))
    places = list(
        g.query(
            "PREFIX kg: <https://kg.invalid/vocab#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?text ?name WHERE { ?s kg:placeText ?text ; kg:place ?p . ?p a <https://schema.org/Place> ; rdfs:label ?name }",
            use_default_graph_as_union=True,
        )
    )
    assert ("Oslo", "Oslo") in {(r["text"].value, r["name"].value) for r in places}
    for t in triples(dated):
        name = t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if name in ("label", "altLabel", "sentence", "text", "headline", "timeText", "placeText", "value"):
            assert t.object.language == "en", t
        if name == "confidence":
            assert t.object.datatype.value == XSD + "decimal"
    assert not any(t.object == ox.NamedNode("https://schema.org/DateTime") for t in triples(dated))


def test_predicate_iris_are_readable_and_never_shared():
    assert predicate_iri("meet") == "https://kg.invalid/predicate/meet"
    assert predicate_iri("argue against") == "https://kg.invalid/predicate/argue_against"
    assert predicate_iri("be head of") == "https://kg.invalid/predicate/be_head_of"
    # Texts that slug alike stay apart, with no hash: a hyphen is kept, anything else is percent-encoded.
    iris = [predicate_iri(p) for p in ("co-operate with", "co operate with", "co_operate with", "ça va", "")]
    assert len(set(iris)) == len(iris)
    assert all("%" not in i for i in iris[:2]) and "%5F" in iris[2]
    for iri in iris:
        ox.NamedNode(iri)


def test_turtle_groups_each_subject_in_one_block_and_uses_prefixes(dated):
    text = render(dated, "turtle")
    starts = [line.split(" ", 1)[0] for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("@")]
    assert len(starts) == len(set(starts)) == len({t.subject for t in triples(dated)})
    assert not any(s.startswith("<") for s in starts)  # every subject written with a prefix
    assert "@prefix ent: <https://kg.invalid/entity/>" in text


def test_no_local_path_in_any_output_unless_asked(tmp_path):
    article = tmp_path / "private" / "leak.txt"
    article.parent.mkdir()
    article.write_text("Antony Blinken met Takeshi Iwaya in Tokyo.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert kg.cli.main(["build", str(article), "--out", str(out), "--quiet"]) == 0
    assert kg.cli.main(["build", str(article), "--store", str(tmp_path / "store"), "--quiet"]) == 0
    private = str(article.parent).encode()
    for path in [*out.iterdir(), *(tmp_path / "store").rglob("*")]:
        if path.is_file():
            assert private not in path.read_bytes(), path
    with kg.store.Store(tmp_path / "store", read_only=True) as store:
        assert not any(str(article.parent) in str(q) for q in store.quads())
    graph = kg.load(out / "graph.ttl")
    assert graph.documents()[0].content_hash == kg.model.content_hash(article.read_text(encoding="utf-8"))
    assert kg.cli.main(["build", str(article), "--out", str(tmp_path / "o2"), "--source-paths", "--quiet"]) == 0
    assert kg.load(tmp_path / "o2" / "graph.ttl").documents()[0].source == str(article)


def test_a_vocabulary_namespace_of_your_own_reads_back(dated, tmp_path):
    vocab = "https://example.org/terms#"
    path = dated.write(tmp_path / "g.nt", vocab=vocab, source_paths=True)
    text = path.read_text(encoding="utf-8")
    assert "https://example.org/terms#confidence" in text and KG not in text
    assert kg.load(path) == dated
    kg.store.build_into(tmp_path / "s", [Document("a", "Antony Blinken met Takeshi Iwaya.\n")], vocab=vocab)
    with kg.store.Store(tmp_path / "s", read_only=True) as store:
        assert store.vocab() == vocab
        assert store.sparql("ASK { ?s kg:confidence ?c }").boolean


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads"])
def test_rdf_12_triple_terms_read_back_and_query_in_one_pattern(dated, fmt, tmp_path):
    path = dated.write(tmp_path / f"g{SUFFIXES[fmt]}", statements="triple-terms", source_paths=True)
    assert "<<(" in path.read_text(encoding="utf-8") and "#subject>" not in path.read_text(encoding="utf-8")
    assert kg.load(path) == dated
    result = kg.store.sparql(
        kg.store.open_dataset(path),
        'SELECT ?sentence WHERE { ?st rdf:reifies <<( ?who rel:meet ?whom )>> ; kg:evidence/kg:sentence ?sentence . '
        '?who rdfs:label "Antony Blinken"@en }',
    )
    blinken = dated.entity("Antony Blinken").id
    expected = {e.sentence for f in dated.iter_facts() if (f.subject, f.predicate) == (blinken, "meet") for e in f.evidence}
    assert expected and {row[0] for row in result.rows} == expected


def test_json_ld_refuses_triple_terms(dated, tmp_path):
    with pytest.raises(kg.FormatError, match="JSON-LD has no RDF 1.2 triple terms"):
        dated.write(tmp_path / "g.jsonld", statements="triple-terms")


def _rapper(path, fmt: str) -> set[ox.Triple | ox.Quad]:
    """What Raptor's rapper (an independent C parser) reads from a file, as N-Triples or N-Quads."""
    name = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}[fmt]
    out = "nquads" if RDF_FORMATS[fmt][1] else "ntriples"
    done = subprocess.run(
        ["rapper", "-q", "-i", name, "-o", out, str(path)], capture_output=True, check=True
    )
    lines = done.stdout.decode("utf-8").splitlines()
    items = list(ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_QUADS if out == "nquads" else ox.RdfFormat.N_TRIPLES))
    assert len(items) == len(lines)
    return items


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_independent_parsers_agree_with_rdflib_and_pyoxigraph(dated, fmt, tmp_path):
    path = dated.write(tmp_path / f"g{SUFFIXES[fmt]}")
    ours = list(ox.parse(path=str(path), format=RDF_FORMATS[fmt][0]))
    assert len(ours) == len(set(ours))  # each triple written once
    named = RDF_FORMATS[fmt][1]
    if named:
        ds = rdflib.Dataset()
        ds.parse(str(path), format={"trig": "trig", "nquads": "nquads"}[fmt])
        assert len(list(ds.quads((None, None, None, None)))) == len(ours)
    else:
        g = rdflib.Graph().parse(str(path), format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt])
        assert len(g) == len(ours)
    if fmt == "jsonld":
        # Raptor has no JSON-LD parser: PyLD, the JSON-LD reference algorithms in Python, is the independent one.
        import json

        from pyld import jsonld

        nquads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {"format": "application/n-quads"})
        theirs = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        assert len(nquads.splitlines()) == len(ours)
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in theirs} == {
            ox.Triple(t.subject, t.predicate, t.object) for t in ours
        }
        return
    assert shutil.which("rapper"), "rapper is not installed: apt-get install raptor2-utils"
    theirs = _rapper(path, fmt)
    assert len(theirs) == len(ours) and set(theirs) == set(ours)


def test_store_and_files_hold_one_value_per_property(tmp_path):
    docs = [
        Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo. The prime minister spoke.\n"),
        Document("b", "Antony Blinken met Takeshi Iwaya. The Prime Minister spoke again.\n"),
    ]
    kg.store.build_into(tmp_path / "s", docs)
    query = """SELECT ?s ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o .
      FILTER (?p IN (rdfs:label, kg:confidence, kg:time, kg:place, kg:id, prov:wasAttributedTo, rdf:subject)) }
      GROUP BY ?s ?p HAVING (COUNT(DISTINCT ?o) > 1)"""
    with kg.store.Store(tmp_path / "s", read_only=True) as store:
        assert store.sparql(query).rows == ()
        shared = store.sparql("SELECT DISTINCT ?c WHERE { ?st rdf:subject ent:antony-blinken ; rdf:predicate rel:meet ; kg:confidence ?c }")
    graph = kg.build(docs)
    assert graph.sparql(query).rows == ()
    (fact,) = graph.facts(subject="Antony Blinken", predicate="meet")
    assert [float(c) for (c,) in shared.rows] == [fact.confidence]
    assert len(fact.evidence) == 2  # combined by noisy-or from the two documents


def test_headline_of_a_text_file_is_the_documents_title(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text("Blinken and Iwaya meet in Tokyo\n\nAntony Blinken met Takeshi Iwaya in Tokyo.\n", encoding="utf-8")
    graph = kg.build(path)
    (doc,) = graph.documents()
    assert doc.title == "Blinken and Iwaya meet in Tokyo"
    assert any(t.predicate.value == "https://schema.org/headline" and t.object.value == doc.title for t in triples(graph))



def test_graph_json_is_plain_node_link_data_that_networkx_reads(dated, tmp_path):
    import json

    import networkx as nx

    path = dated.write(tmp_path / "graph.json")
    data = json.loads(path.read_text(encoding="utf-8"))

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    # No JSON text inside JSON: lists are lists, records are objects.
    assert not any(s.startswith(("[", "{")) for s in strings(data))
    g = nx.node_link_graph(data, edges="edges")
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() == len(dated)
    blinken = dated.entity("Antony Blinken")
    assert g.nodes[blinken.id]["aliases"] == list(blinken.aliases)
    assert all(isinstance(d["evidence"], list) for _, _, d in g.edges(data=True))
    assert kg.load(path) == dated


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_the_json_files_indenting_writer_writes_what_json_dumps_writes(value):
    import json

    from kg.export.nodelink import write_indented

    pieces: list[str] = []
    write_indented(value, pieces.append)
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False, indent=1)


def test_graph_json_streamed_is_the_text_rendered(dated, tmp_path):
    path = dated.write(tmp_path / "graph.json")
    assert path.read_text(encoding="utf-8") == render(dated, "json")
