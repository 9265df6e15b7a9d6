"""Read graphs back: a file kg wrote (Turtle, N-Triples, JSON-LD, node-link JSON) in, a KnowledgeGraph out."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .errors import FormatError, InputError
from .export import format_for
from .graph import KnowledgeGraph

__all__ = ["load"]

_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}


def load(path: str | Path, *, format: str | None = None) -> KnowledgeGraph:
    """Load a graph written by ``KnowledgeGraph.write``; the format comes from the suffix."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} is not a file; give the path of a graph kg wrote (graph.ttl or graph.json)")
    fmt = format or format_for(path)
    if fmt == "json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return KnowledgeGraph.from_networkx(nx.node_link_graph(data, edges="edges", multigraph=True, directed=True))
        except (ValueError, KeyError, TypeError) as exc:
            raise FormatError(f"{path} is not node-link JSON written by kg: {exc}") from exc
    if fmt in _RDFLIB_FORMATS:
        import rdflib

        from .rdf import from_rdflib

        g = rdflib.Graph()
        try:
            g.parse(path, format=_RDFLIB_FORMATS[fmt])
        except Exception as exc:  # rdflib raises many unrelated types for bad syntax
            raise FormatError(f"{path} is not valid {fmt}: {exc}") from exc
        return from_rdflib(g)
    raise FormatError(f"kg cannot read {fmt!r} files back; load a .ttl, .nt, .jsonld or .json graph")
