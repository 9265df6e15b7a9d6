"""RDF exporters: a KnowledgeGraph in, Turtle / N-Triples / JSON-LD / TriG / N-Quads text out.

All go through pyoxigraph's serializers (about 25x faster than rdflib's and
strict about IRIs). TriG and N-Quads hold one named graph per document (see
``kg.rdf``); the triple formats hold the union.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from .registry import register

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
    return _serialize(graph, format, base, None)


def serialize_into(graph: KnowledgeGraph, format: str, output: IO[bytes], *, base: str | None = None) -> None:
    """The graph in one RDF format written into a binary file as it is serialized, never whole in memory."""
    _serialize(graph, format, base, output)


def _serialize(graph: KnowledgeGraph, format: str, base: str | None, output: IO[bytes] | None) -> bytes | None:
    from ..rdf import paused_gc, prefixes, quads, triples

    rdf_format, named = RDF_FORMATS[format]
    items = quads(graph, base=base) if named else triples(graph, base=base)
    with paused_gc():
        return ox.serialize(items, output, format=rdf_format, prefixes=prefixes(base))


def _register(name: str, suffix: str, media_type: str) -> None:
    def render(graph: KnowledgeGraph, *, base: str | None = None) -> str:
        return serialize(graph, name, base=base).decode("utf-8")

    def stream(graph: KnowledgeGraph, output: IO[bytes], *, base: str | None = None) -> None:
        serialize_into(graph, name, output, base=base)

    register(name, (suffix,), media_type, stream=stream)(render)


_register("turtle", ".ttl", "text/turtle")
_register("ntriples", ".nt", "application/n-triples")
_register("jsonld", ".jsonld", "application/ld+json")
_register("trig", ".trig", "application/trig")
_register("nquads", ".nq", "application/n-quads")
