"""A real Oxigraph server: what kg pushes over the Graph Store Protocol comes back, quad for quad, through SPARQL."""

from __future__ import annotations

import socket
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.rdf import graph_iri, quads, triples, unsourced_iri
from kg.store import build_into, push, read_quads

from .conftest import graph_store, reply

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _server_quads(url: str) -> set[ox.Quad]:
    request = urllib.request.Request(
        f"{url}/query?{urllib.parse.urlencode({'query': ALL_QUADS})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        solutions = ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.JSON)
    return {ox.Quad(r["s"], r["p"], r["o"], r["g"] if r["g"] is not None else ox.DefaultGraph()) for r in solutions}


def test_pushed_graph_comes_back_quad_for_quad(oxigraph_server, seed_graph, tmp_path, capsys):
    path = seed_graph.write(tmp_path / "graph.trig")
    assert main(["push", str(path), "--endpoint", f"{oxigraph_server}/store"]) == 0
    assert "pushed" in capsys.readouterr().out
    expected = set(quads(seed_graph))
    assert _server_quads(oxigraph_server) == expected
    # Named graphs are replaced, not appended to: pushing again changes nothing.
    push(read_quads(path), f"{oxigraph_server}/store")
    assert _server_quads(oxigraph_server) == expected


def test_push_a_store_and_into_one_named_graph(oxigraph_server, tmp_path):
    docs = [
        kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo.\n"),
        kg.Document("b", "Blinken criticized Joe Biden.\n"),
    ]
    build_into(tmp_path / "s", docs)
    expected = set(read_quads(tmp_path / "s"))
    report = push(read_quads(tmp_path / "s"), f"{oxigraph_server}/store")
    assert len(report.graphs) == 2 and report.triples == len(expected)
    assert _server_quads(oxigraph_server) == expected
    graph = kg.build(docs)
    target = "https://example.org/news"
    assert (
        main(
            ["push", str(graph.write(tmp_path / "g.ttl")), "--endpoint", f"{oxigraph_server}/store", "--graph", target]
        )
        == 0
    )
    got = {q for q in _server_quads(oxigraph_server) if q.graph_name == ox.NamedNode(target)}
    assert got == {ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(target)) for t in triples(graph)}


def test_a_server_that_is_down_is_a_clear_error(seed_graph, tmp_path, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = seed_graph.write(tmp_path / "graph.ttl")
    assert main(["push", str(path), "--endpoint", f"http://127.0.0.1:{port}/store"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot reach http://127.0.0.1:") and "is the SPARQL server running" in err


def test_a_refusing_server_is_a_clear_error_and_nothing_claims_success(oxigraph_server, seed_graph, tmp_path, capsys):
    path = seed_graph.write(tmp_path / "graph.trig")
    assert main(["push", str(path), "--endpoint", f"{oxigraph_server}/no-such-service"]) == 1
    captured = capsys.readouterr()
    assert "refused" in captured.err and "HTTP 404" in captured.err and "pushed" not in captured.out
    with pytest.raises(kg.StoreError, match="not a valid IRI"):
        push(read_quads(path), f"{oxigraph_server}/store", graph="not an iri")
    assert _server_quads(oxigraph_server) == set()


def test_a_push_that_fails_half_way_says_it_is_incomplete(tmp_path, loopback):
    """A server that takes the first graph and then fails: the error must say the push is incomplete."""
    graphs: dict[str, bytes] = {}
    store = graph_store(graphs)

    def flaky(request, stop):
        if request.command == "PUT" and graphs:
            reply(request, 503)
        else:
            store(request, stop)

    url = loopback.start(flaky)
    docs = [
        kg.Document("a", "Antony Blinken met Takeshi Iwaya.\n"),
        kg.Document("b", "Blinken criticized Joe Biden.\n"),
    ]
    path = kg.build(docs).write(tmp_path / "g.nq")
    with pytest.raises(kg.StoreError, match=r"HTTP 503.*INCOMPLETE: 1 of 2 graphs"):
        push(read_quads(path), f"{url}/store")
    assert [method for _, method, _ in loopback.seen] == ["PUT", "GET", "PUT"]


def test_what_no_document_supports_has_a_graph_of_its_own(oxigraph_server, tmp_path):
    graph = kg.build(kg.Document("a", "Antony Blinken met Takeshi Iwaya.\n"))
    graph.add_entity(kg.Entity("loose", "An entity no document mentions", "Thing"))
    for suffix in (".trig", ".ttl"):
        push(read_quads(graph.write(tmp_path / f"g{suffix}")), f"{oxigraph_server}/store")
        assert _server_quads(oxigraph_server) == set(quads(graph))
    assert {q.graph_name for q in quads(graph)} == {ox.NamedNode(graph_iri("a")), ox.NamedNode(unsourced_iri())}


def test_a_triple_file_that_is_not_only_kgs_is_refused_naming_the_formats_that_work(oxigraph_server, tmp_path, capsys):
    graph = kg.build(kg.Document("a", "Antony Blinken met Takeshi Iwaya.\n"))
    path = graph.write(tmp_path / "g.ttl")
    with path.open("a", encoding="utf-8") as f:
        f.write("<https://example.org/mine> <https://example.org/says> \"hello\" .\n")
    assert main(["push", str(path), "--endpoint", f"{oxigraph_server}/store"]) == 1
    err = capsys.readouterr().err
    assert "not kg's" in err and ".trig" in err and "--graph" in err
    assert _server_quads(oxigraph_server) == set()
    assert main(["push", str(path), "--endpoint", f"{oxigraph_server}/store", "--graph", "https://example.org/g"]) == 0


FIRST = [
    kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday. Joe Biden blocked the acquisition.\n"),
    kg.Document("b", "Marco Rubio praised Nippon Steel. Antony Blinken met Marco Rubio.\n"),
]
# The article rebuilt with a sentence removed.
SECOND = [kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.\n"), FIRST[1]]


def _written(docs, folder, suffix):
    """The build of ``docs`` as a file of that suffix, or built into the store at ``folder``."""
    if suffix == "store":
        build_into(folder, docs)
        return folder
    return kg.build(docs).write(folder / f"graph{suffix}")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig", ".nq", "store"])
def test_a_rebuilt_article_pushed_again_leaves_no_stale_fact(oxigraph_server, tmp_path, suffix):
    endpoint = f"{oxigraph_server}/store"
    store = tmp_path / "store"
    push(read_quads(_written(FIRST, store if suffix == "store" else tmp_path / "1", suffix)), endpoint)
    assert _server_quads(oxigraph_server) == set(quads(kg.build(FIRST)))
    # A store replaces the changed article in place; files are written anew.
    push(read_quads(_written(SECOND, store if suffix == "store" else tmp_path / "2", suffix)), endpoint)
    expected = set(quads(kg.load(store) if suffix == "store" else kg.build(SECOND)))
    assert _server_quads(oxigraph_server) == expected
    assert not any(q.predicate.value.endswith("/predicate/block") for q in _server_quads(oxigraph_server))


def test_every_format_and_the_store_of_one_build_push_the_same_quads(oxigraph_server, tmp_path):
    endpoint = f"{oxigraph_server}/store"
    expected = set(quads(kg.build(FIRST)))
    build_into(tmp_path / "store", FIRST)
    for suffix in (".ttl", ".nt", ".jsonld", ".trig", ".nq", ".json", "store"):
        path = tmp_path / "store" if suffix == "store" else kg.build(FIRST).write(tmp_path / f"graph{suffix}")
        report = push(read_quads(path), endpoint)
        assert _server_quads(oxigraph_server) == expected, suffix
        assert report.triples == len(expected) and len(report.graphs) == 2
