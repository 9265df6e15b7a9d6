"""RDF exporters: a KnowledgeGraph in, Turtle / N-Triples / JSON-LD text out."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph


def _serializer(rdflib_format: str):  # noqa: ANN202
    def render(graph: KnowledgeGraph, *, base: str | None = None) -> str:
        return graph.to_rdflib(base=base).serialize(format=rdflib_format)

    return render


register("turtle", (".ttl",), "text/turtle")(_serializer("turtle"))
register("ntriples", (".nt",), "application/n-triples")(_serializer("nt"))
register("jsonld", (".jsonld",), "application/ld+json")(_serializer("json-ld"))
