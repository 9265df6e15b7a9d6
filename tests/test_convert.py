"""Conversions (``kg.convert``): networkx graphs with plain attributes and pandas tables, there and back."""
from __future__ import annotations

import sys

import networkx as nx
import pytest

import kg
from kg import KnowledgeGraph

from .conftest import extraction


def _small() -> KnowledgeGraph:
    graph = KnowledgeGraph()
    graph.add(extraction("d1"))
    return graph


def test_to_networkx_has_plain_values_and_round_trips(tmp_path):
    graph = _small()
    g = graph.to_networkx()
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    nx.write_graphml(g, tmp_path / "g.graphml")  # would raise on non-plain values
    assert KnowledgeGraph.from_networkx(g) == graph


def test_seed_networkx_round_trip_and_graphml(seed_graph, tmp_path):
    g = seed_graph.to_networkx()
    nx.write_graphml(g, tmp_path / "seed.graphml")
    assert KnowledgeGraph.from_networkx(nx.read_graphml(tmp_path / "seed.graphml", force_multigraph=True)) == seed_graph
    assert KnowledgeGraph.from_networkx(g) == seed_graph


def test_seed_dataframe_round_trip(seed_graph):
    facts = seed_graph.to_dataframe()
    assert len(facts) == len(seed_graph)
    assert {"subject_name", "predicate", "object_name", "sentence", "document", "start", "end", "evidence"} <= set(facts.columns)
    tables = (facts, seed_graph.to_dataframe("entities"), seed_graph.to_dataframe("documents"))
    assert KnowledgeGraph.from_dataframe(*tables) == seed_graph
    # Through a CSV file too: the cells are plain values.
    from io import StringIO

    import pandas

    read = [pandas.read_csv(StringIO(t.to_csv(index=False))) for t in tables]
    assert KnowledgeGraph.from_dataframe(*read) == seed_graph


def test_facts_table_alone_gives_named_entities(seed_graph):
    graph = KnowledgeGraph.from_dataframe(seed_graph.to_dataframe())
    assert graph.entity("Antony Blinken").type == "Person"
    assert sorted(f.identity for f in graph.iter_facts()) == sorted(f.identity for f in seed_graph.iter_facts())


def test_dataframe_without_pandas_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(kg.KGError, match=r"pip install 'kg\[pandas\]'"):
        _small().to_dataframe()


def test_unknown_table_is_a_query_error():
    with pytest.raises(kg.QueryError, match="table 'edges' is not one of"):
        _small().to_dataframe("edges")
