"""docs/sparql.md: every recipe returns the rows kg's Python API gives, on a file, a store and a pushed server."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

import kg
from kg.store import Store, build_into, open_dataset, push, read_quads, sparql

from .conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
RECIPES = ROOT / "docs" / "sparql.md"


def recipes() -> dict[str, str]:
    """Heading -> query of each recipe in docs/sparql.md."""
    text = RECIPES.read_text(encoding="utf-8")
    return dict(re.findall(r"^## (.+?)\n.*?```sparql\n(.*?)```", text, flags=re.M | re.S))


def _names(graph: kg.KnowledgeGraph, fact: kg.Fact) -> tuple[str, str, str]:
    return graph.get(fact.subject).name, fact.predicate, graph.get(fact.object).name


def expected(graph: kg.KnowledgeGraph, recipe: str) -> set[tuple[str, ...]]:
    if recipe == "Who met whom":
        return {(graph.get(f.subject).name, graph.get(f.object).name) for f in graph.iter_facts() if f.key == "meet"}
    if recipe == "Every fact about a person, with its sentence":
        person = graph.entity("Antony Blinken").id
        return {
            (*_names(graph, f), str(f.asserted).lower(), e.sentence)
            for f in graph.iter_facts()
            if person in (f.subject, f.object)
            for e in f.evidence
        }
    if recipe == "The facts of one document":
        return {
            (*_names(graph, f), e.sentence)
            for f in graph.iter_facts()
            for e in f.evidence
            if e.document == "2025-01-07-blinken-tokyo"
        }
    if recipe == "Facts dated in a range":
        return {
            (str(graph.date_of(f)), *_names(graph, f)) for f in graph.facts(since="2025-01-07", until="2025-01-20")
        }
    raise AssertionError(f"no expected rows for the recipe {recipe!r}")


@pytest.fixture(scope="module")
def corpus() -> kg.KnowledgeGraph:
    return kg.build(CORPUS)


def _server_rows(url: str, query: str) -> set[tuple[str, ...]]:
    request = urllib.request.Request(
        f"{url}/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        solutions = ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.JSON)
        variables = solutions.variables
        return {tuple(s[v].value for v in variables) for s in solutions}


def test_docs_have_the_four_recipes():
    assert set(recipes()) == {
        "Who met whom",
        "Every fact about a person, with its sentence",
        "The facts of one document",
        "Facts dated in a range",
    }


def test_recipes_return_the_expected_rows_on_a_file_a_store_and_a_pushed_server(corpus, oxigraph_server, tmp_path):
    path = corpus.write(tmp_path / "graph.ttl")
    build_into(tmp_path / "store", CORPUS)
    push(read_quads(tmp_path / "store"), f"{oxigraph_server}/store")
    for recipe, query in recipes().items():
        rows = expected(corpus, recipe)
        assert rows, f"{recipe}: the corpus gives no rows to compare"
        assert set(sparql(open_dataset(path), query).rows) == rows, recipe
        with Store(tmp_path / "store", read_only=True) as store:
            assert set(store.sparql(query).rows) == rows, recipe
        assert _server_rows(oxigraph_server, query) == rows, recipe
