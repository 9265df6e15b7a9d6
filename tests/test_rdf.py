"""RDF: every format round-trips in rdflib, pyoxigraph and kg.load; IRIs are safe and stable; SHACL passes."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import kg
from kg import Document, Entity, Evidence, Fact, Mention
from kg.cli import main
from kg.export import render
from kg.export.rdf import RDF_FORMATS
from kg.graph import from_entities_and_facts
from kg.model import ENTITY_TYPES
from kg.rdf import check_base, entity_iri, quads, to_rdflib, triples

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}

# Characters that break naive IRI minting and literal escaping, emoji and right-to-left scripts.
NASTY = [
    '"',
    "'",
    '"""',
    "\\",
    "\\u0041",
    "\n",
    "\r\n",
    "\t",
    "<",
    ">",
    "{",
    "}",
    "|",
    "^",
    "`",
    "@en",
    "#",
    "%20",
    " ",
    "😀",
    "👩‍👩‍👧",
    "שלום",
    "مرحبا بالعالم",
    "\u200f",
    "\u202e",
    "_:b0",
    "http://x y/",
]
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=5)), max_size=5).map("".join)
maybe = st.none() | texts


@st.composite
def graphs(draw, min_evidence: int = 0) -> kg.KnowledgeGraph:
    doc_ids = draw(st.lists(texts, min_size=1, max_size=3, unique=True))
    documents = [
        Document(d, "", source=draw(maybe), url=draw(maybe), title=draw(maybe), date=draw(maybe)) for d in doc_ids
    ]
    entity_ids = draw(st.lists(texts, min_size=2, max_size=4, unique=True))
    span = st.tuples(st.integers(0, 10**6), st.integers(0, 100)).map(lambda t: (t[0], t[0] + t[1]))
    entities = []
    for entity_id in entity_ids:
        mentions = [
            Mention(draw(texts), draw(st.sampled_from(doc_ids)), *draw(span), draw(texts))
            for _ in range(draw(st.integers(0, 2)))
        ]
        entities.append(
            Entity(
                entity_id,
                draw(texts),
                draw(st.sampled_from(ENTITY_TYPES)),
                aliases=tuple(draw(st.lists(texts, max_size=2))),
                mentions=tuple(mentions),
                attributes=tuple(draw(st.lists(st.tuples(texts, texts), max_size=2))),
            )
        )
    facts = []
    for _ in range(draw(st.integers(0, 4))):
        evidence = tuple(
            Evidence(draw(st.sampled_from(doc_ids + ["elsewhere"])), draw(texts), *draw(span))
            for _ in range(draw(st.integers(min_evidence, 2)))
        )
        facts.append(
            Fact(
                draw(st.sampled_from(entity_ids)),
                draw(texts),
                draw(st.sampled_from(entity_ids)),
                negated=draw(st.booleans()),
                modality=draw(maybe),
                time=draw(maybe),
                place=draw(maybe),
                attributed_to=draw(st.none() | st.sampled_from(entity_ids)),
                confidence=draw(st.floats(0, 1)),
                evidence=evidence,
            )
        )
    graph = from_entities_and_facts(entities, facts)
    for doc in documents:
        graph.add_document(doc)
    return graph


def _mentions(graph: kg.KnowledgeGraph) -> dict[str, list[Mention]]:
    # RDF holds sets: a mention repeated in one entity is one mention.
    return {
        e.id: sorted(set(e.mentions), key=lambda m: (m.document, m.start, m.end, m.text, m.rule))
        for e in graph.entities()
    }


def _rdflib_quads(graph: kg.KnowledgeGraph) -> set:
    from kg.rdf import _rdflib_term

    return {
        (
            _rdflib_term(q.subject),
            _rdflib_term(q.predicate),
            _rdflib_term(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else _rdflib_term(q.graph_name),
        )
        for q in quads(graph, source_paths=True)
    }


def check_round_trips(graph: kg.KnowledgeGraph, fmt: str, tmp_path) -> None:
    # Sources (local paths) are written only when asked for; a round trip asks, to compare whole documents.
    text = render(graph, fmt, source_paths=True)
    named = RDF_FORMATS[fmt][1]
    # pyoxigraph: the very same triples (or quads), each written once; no blank nodes, so isomorphic means equal.
    parsed = list(ox.parse(text.encode("utf-8"), format=RDF_FORMATS[fmt][0]))
    assert len(parsed) == len(set(parsed))
    if named:
        assert set(parsed) == set(quads(graph, source_paths=True))
    else:
        assert {(t.subject, t.predicate, t.object) for t in parsed} == {
            (t.subject, t.predicate, t.object) for t in triples(graph, source_paths=True)
        }
    # rdflib: isomorphic to to_rdflib(), and for datasets the same quads graph by graph.
    if named:
        ds = rdflib.Dataset()
        ds.parse(data=text, format=RDFLIB_FORMATS[fmt])
        got = {
            (s, p, o, None if c == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else c)
            for s, p, o, c in ds.quads((None, None, None, None))
        }
        assert got == _rdflib_quads(graph) and len(got) == len(parsed)
    else:
        g = rdflib.Graph()
        g.parse(data=text, format=RDFLIB_FORMATS[fmt])
        assert isomorphic(g, to_rdflib(graph, source_paths=True)) and len(g) == len(parsed)
    # kg.load: an equal KnowledgeGraph, mentions included.
    path = tmp_path / f"graph{SUFFIXES[fmt]}"
    path.write_text(text, encoding="utf-8")
    back = kg.load(path)
    assert back == graph
    assert _mentions(back) == _mentions(graph)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_seed_graph_round_trips(seed_graph, fmt, tmp_path):
    check_round_trips(seed_graph, fmt, tmp_path)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(graph=graphs())
def test_generated_graphs_with_nasty_text_round_trip(graph, fmt, tmp_path):
    check_round_trips(graph, fmt, tmp_path)


def test_explicit_nasty_names_round_trip(tmp_path):
    nasty = "".join(NASTY)
    doc = Document(nasty, "", title=nasty, url=nasty)
    entities = [
        Entity(nasty, nasty, "Person", aliases=(nasty + "2",), mentions=(Mention(nasty, nasty, 0, 3),)),
        Entity("b", "B"),
    ]
    facts = [Fact(nasty, nasty, "b", modality=nasty, evidence=(Evidence(nasty, nasty, 0, 5),))]
    graph = from_entities_and_facts(entities, facts)
    graph.add_document(doc)
    for fmt in RDF_FORMATS:
        check_round_trips(graph, fmt, tmp_path)


def test_every_document_has_its_own_named_graph(seed_graph):
    two = kg.KnowledgeGraph().merge(seed_graph)
    extra = kg.build(kg.Document("other", "Antony Blinken met Marco Rubio in Washington."))
    two.merge(extra)
    names = {q.graph_name for q in quads(two)}
    assert len(names) == 2 and all(isinstance(n, ox.NamedNode) for n in names)
    # The union of the named graphs is exactly the triple output.
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in quads(two)} == set(triples(two))
    # Blinken is in both documents, so both graphs describe him.
    blinken = ox.NamedNode(entity_iri(two.entity("Blinken").id))
    assert len({q.graph_name for q in quads(two) if q.subject == blinken}) == 2


def test_iris_are_stable_and_base_is_configurable(seed_graph):
    assert entity_iri("antony-blinken") == "https://kg.invalid/entity/antony-blinken"
    assert render(seed_graph, "turtle") == render(kg.KnowledgeGraph().merge(seed_graph), "turtle")
    nt = render(seed_graph, "ntriples", base="http://example.org/news#")
    assert "<http://example.org/news#entity/" in nt and "kg.invalid/entity" not in nt
    # Ids that are not slugs get a hash, so two ids never share an IRI.
    assert entity_iri("A b") != entity_iri("a-b") and entity_iri("a-b") == "https://kg.invalid/entity/a-b"


@pytest.mark.parametrize("base", ["not an iri", "http://x y/", "relative/path/", "http://example.org/<x>/"])
def test_invalid_base_is_a_clear_error(base):
    with pytest.raises(kg.FormatError, match="base"):
        check_base(base)


def test_rdflib_bridge_is_the_same_graph(seed_graph):
    g = seed_graph.to_rdflib(source_paths=True)
    assert len(g) == len(list(triples(seed_graph, source_paths=True)))
    assert kg.rdf.from_rdflib(g) == seed_graph


def test_a_file_that_is_not_ours_is_a_format_error(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(
        "<http://a/> <http://a/p> <http://a/o> .\n"
        "<http://s/> a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .\n"
    )
    with pytest.raises(kg.FormatError, match="vocabulary"):
        kg.load(path)
    path.write_text("this is not turtle")
    with pytest.raises(kg.FormatError, match="not valid turtle"):
        kg.load(path)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig", ".nq", ".json"])
def test_files_written_as_they_are_serialized_hold_what_render_returns(seed_graph, tmp_path, suffix):
    # Large graphs stream into their files; the bytes must be exactly the rendered text.
    fmt = kg.export.format_for(f"graph{suffix}")
    assert kg.export.get(fmt).stream is not None
    path = kg.export.write(seed_graph, tmp_path / f"graph{suffix}")
    assert path.read_bytes() == render(seed_graph, fmt).encode("utf-8")


def test_write_all_passes_each_file_its_own_options(seed_graph, tmp_path):
    base = "https://news.example.org/kg/"
    written = kg.export.write_all(
        seed_graph, {tmp_path / "g.ttl": {"base": base}, tmp_path / "g.html": {"max_nodes": 5}, tmp_path / "g.json": {}}
    )
    assert [p.name for p in written] == ["g.ttl", "g.html", "g.json"]
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8") == render(seed_graph, "turtle", base=base)
    assert (tmp_path / "g.html").read_text(encoding="utf-8") == render(seed_graph, "html", max_nodes=5)


def test_atomic_write_all_takes_one_file_at_a_time_and_leaves_nothing_when_one_fails(tmp_path):
    made = []

    def files():
        for name in ("a.txt", "b.txt"):
            made.append(name)
            # The previous file is already in its temporary file when the next one is made.
            assert [p.name.startswith(".a.txt.") for p in tmp_path.iterdir()] == ([True] if name == "b.txt" else [])
            yield tmp_path / name, f"content of {name}"
        raise kg.KGError("the third file cannot be made")

    with pytest.raises(kg.KGError, match="third file"):
        kg.export.atomic_write_all(files())
    assert made == ["a.txt", "b.txt"]
    assert list(tmp_path.iterdir()) == []



def _in_a_fresh_process(code: str, tmp_path) -> str:
    """Run ``code`` in a new interpreter: this one has loaded numpy, whose thread rules out forking."""
    import subprocess
    import sys
    import textwrap

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_kg_build_writes_its_files_at_once_in_forked_copies_and_the_same_bytes(tmp_path, seed_path):
    command = ["build", str(seed_path), "--out", "2", "--jobs", "2", "--quiet"]
    out = _in_a_fresh_process(
        f"""
        import kg.export
        from kg.cli import main

        forked = []
        real = kg.export._write_forked
        kg.export._write_forked = lambda files, jobs, temporary: (forked.append(jobs), real(files, jobs, temporary))
        assert main({command!r}) == 0
        print(forked)
        """,
        tmp_path,
    )
    assert out.splitlines()[-1] == "[2]"  # written at once, on two processes
    assert main(["build", str(seed_path), "--out", str(tmp_path / "1"), "--jobs", "1", "--quiet"]) == 0
    for name in ("graph.ttl", "graph.html", "graph.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "2").iterdir()) == ["graph.html", "graph.json", "graph.ttl"]


@pytest.mark.parametrize("slow", [0, 1])
def test_a_file_after_the_first_ones_goes_to_the_first_process_done_with_its_own(tmp_path, slow):
    out = _in_a_fresh_process(
        f"""
        import os, time
        from pathlib import Path
        import kg.export

        def whose(n):
            def write(output):
                if n == {slow}:
                    time.sleep(1.5)  # this file's process is busy; the next file goes to the other
                output.write(str(os.getpid()).encode())
            return write

        written = kg.export.atomic_write_all([(Path(f"{{n}}.txt"), whose(n)) for n in range(3)], jobs=2)
        print([p.name for p in written], os.getpid())
        """,
        tmp_path,
    )
    names, here = out.split("] ")
    assert names == "['0.txt', '1.txt', '2.txt'"  # renamed and returned in the files' order
    pids = [(tmp_path / f"{n}.txt").read_text() for n in range(3)]
    assert pids[0] == here.strip() != pids[1]  # the first file is written here, the second by the copy
    assert pids[2] == pids[1 - slow]


def test_a_file_a_forked_copy_cannot_make_fails_the_write_and_replaces_nothing(tmp_path):
    out = _in_a_fresh_process(
        """
        import os, signal
        from pathlib import Path
        import kg.export

        def broken(output):
            raise kg.FormatError("this content cannot be rendered")

        def killed(output):
            os.kill(os.getpid(), signal.SIGKILL)  # in the forked copy, as the out-of-memory killer would

        Path("b.txt").write_text("old")
        for content in (broken, killed):
            # b.txt is written by the forked copy: its end comes back here, and a.txt, written here, is not renamed.
            try:
                kg.export.atomic_write_all([(Path("a.txt"), "new a"), (Path("b.txt"), content)], jobs=2)
            except kg.KGError as exc:
                print(type(exc).__name__, exc)
        """,
        tmp_path,
    )
    [broken, killed] = out.splitlines()
    assert broken == "FormatError this content cannot be rendered"
    assert killed.startswith("KGError the process writing b.txt ended before it was done (killed by SIGKILL)")
    # Nothing replaced; only the hidden temporary file a SIGKILL can leave, as documented.
    assert (tmp_path / "b.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".b.txt.")] == ["b.txt"]
