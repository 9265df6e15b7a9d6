"""RDF exporters: a KnowledgeGraph in, Turtle / N-Triples / JSON-LD / TriG / N-Quads text out.

All go through pyoxigraph's serializers (about 25x faster than rdflib's and
strict about IRIs). TriG and N-Quads hold one named graph per document (see
``kg.rdf``); the triple formats hold the union.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

#: Format name -> (pyoxigraph format, holds named graphs).
RDF_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
}


def serialize(graph: KnowledgeGraph, format: str, *, base: str | None = None) -> bytes:
    """The graph in one RDF format as UTF-8 bytes."""
    from ..rdf import paused_gc, prefixes, quads, triples

    rdf_format, named = RDF_FORMATS[format]
    items = quads(graph, base=base) if named else triples(graph, base=base)
    with paused_gc():
        return ox.serialize(items, format=rdf_format, prefixes=prefixes(base))


def _renderer(name: str):  # noqa: ANN202
    def render(graph: KnowledgeGraph, *, base: str | None = None) -> str:
        return serialize(graph, name, base=base).decode("utf-8")

    return render


register("turtle", (".ttl",), "text/turtle")(_renderer("turtle"))
register("ntriples", (".nt",), "application/n-triples")(_renderer("ntriples"))
register("jsonld", (".jsonld",), "application/ld+json")(_renderer("jsonld"))
register("trig", (".trig",), "application/trig")(_renderer("trig"))
register("nquads", (".nq",), "application/n-quads")(_renderer("nquads"))
