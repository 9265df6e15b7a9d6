"""RDF exporters: a KnowledgeGraph in, Turtle / N-Triples / JSON-LD / TriG / N-Quads text out.

All go through pyoxigraph's serializers (about 25x faster than rdflib's and
strict about IRIs). TriG and N-Quads hold one named graph per document (see
``kg.rdf``); the triple formats hold the union.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

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


def serialize(graph: KnowledgeGraph, format: str, *, base: str | None = None, output: IO[bytes] | None = None) -> bytes | None:
    """The graph in one RDF format as UTF-8 bytes, or written into ``output`` (a binary file) as it is serialized."""
    from ..rdf import paused_gc, prefixes, quads, triples

    rdf_format, named = RDF_FORMATS[format]
    items = quads(graph, base=base) if named else triples(graph, base=base)
    with paused_gc():
        return ox.serialize(items, output, format=rdf_format, prefixes=prefixes(base))


def _exporter(name: str):  # noqa: ANN202
    def render(graph: KnowledgeGraph, *, base: str | None = None) -> str:
        return serialize(graph, name, base=base).decode("utf-8")

    def stream(graph: KnowledgeGraph, output: IO[bytes], *, base: str | None = None) -> None:
        serialize(graph, name, base=base, output=output)

    return render, stream


for _name, _suffix, _media_type in (
    ("turtle", ".ttl", "text/turtle"),
    ("ntriples", ".nt", "application/n-triples"),
    ("jsonld", ".jsonld", "application/ld+json"),
    ("trig", ".trig", "application/trig"),
    ("nquads", ".nq", "application/n-quads"),
):
    _render, _stream = _exporter(_name)
    register(_name, (_suffix,), _media_type, stream=_stream)(_render)
