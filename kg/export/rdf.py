"""RDF exporters: a KnowledgeGraph in, Turtle / N-Triples / JSON-LD / TriG / N-Quads text out.

All go through pyoxigraph's serializers (about 25x faster than rdflib's and
strict about IRIs). TriG and N-Quads hold one named graph per document (see
``kg.rdf``); the triple formats hold the union.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import FormatError
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


def serialize(graph: KnowledgeGraph, format: str, **options: Any) -> bytes:
    """The graph in one RDF format as UTF-8 bytes.

    Options are those of ``kg.rdf.triples``: ``base``, ``vocab``, ``source_paths``, ``statements``.
    """
    return _serialize(graph, format, None, options)


def serialize_into(graph: KnowledgeGraph, format: str, output: IO[bytes], **options: Any) -> None:
    """The graph in one RDF format written into a binary file as it is serialized, never whole in memory."""
    _serialize(graph, format, output, options)


def _serialize(graph: KnowledgeGraph, format: str, output: IO[bytes] | None, options: dict[str, Any]) -> bytes | None:
    from ..rdf import paused_gc, prefixes, quads, triples

    rdf_format, named = RDF_FORMATS[format]
    if format == "jsonld" and options.get("statements", "reification") != "reification":
        raise FormatError("JSON-LD has no RDF 1.2 triple terms; write .ttl, .nt, .trig or .nq, or use reification")
    items = quads(graph, **options) if named else triples(graph, **options)
    with paused_gc():
        return ox.serialize(
            items, output, format=rdf_format, prefixes=prefixes(options.get("base"), options.get("vocab"))
        )


def _register(name: str, suffix: str, media_type: str) -> None:
    def render(graph: KnowledgeGraph, **options: Any) -> str:
        return serialize(graph, name, **options).decode("utf-8")

    def stream(graph: KnowledgeGraph, output: IO[bytes], **options: Any) -> None:
        serialize_into(graph, name, output, **options)

    register(name, (suffix,), media_type, stream=stream)(render)


_register("turtle", ".ttl", "text/turtle")
_register("ntriples", ".nt", "application/n-triples")
_register("jsonld", ".jsonld", "application/ld+json")
_register("trig", ".trig", "application/trig")
_register("nquads", ".nq", "application/n-quads")
