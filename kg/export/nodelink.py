"""networkx node-link JSON: a KnowledgeGraph in, plain JSON out (docs/json.md), and back again.

The data is what ``networkx.node_link_data(g, edges="edges")`` gives for a
``MultiDiGraph`` whose attributes are plain JSON values: lists are lists and
records are objects, never JSON text inside JSON. Any networkx 3.x reads it
with ``networkx.node_link_graph(data, edges="edges")`` (networkx before 3.6
reads ``"links"`` unless told), and any JSON tool reads it as it is.
"""
from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from ..errors import FormatError
from ..model import UNTYPED, Document, Entity, Evidence, Fact, Mention
from .registry import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["generate", "read", "render", "entity_data", "fact_data", "document_data", "entity_from", "fact_from"]

_FACT_FIELDS = ("predicate", "relation", "assertion", "negated", "modality", "time", "place", "attributed_to", "confidence")

#: Pieces of JSON text joined before each write of the JSON file.
_PIECES = 4096

_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in (Document, Mention, Evidence)}


def _record(value: Document | Mention | Evidence, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A value as a JSON object of its fields, those that are None (or skipped) left out."""
    return {k: v for k in _FIELDS[type(value)] if (v := getattr(value, k)) is not None and k not in skip}


def entity_data(entity: Entity) -> dict[str, Any]:
    """A node: the entity's fields as plain JSON values."""
    node: dict[str, Any] = {"id": entity.id, "name": entity.name, "type": entity.type}
    if entity.aliases:
        node["aliases"] = list(entity.aliases)
    if entity.attributes:
        node["attributes"] = [{"key": k, "value": v} for k, v in entity.attributes]
    if entity.participants:
        node["participants"] = [{"role": r, "entity": e} for r, e in entity.participants]
    if entity.mentions:
        node["mentions"] = [_record(m) for m in dict.fromkeys(entity.mentions)]
    return node


def fact_data(fact: Fact) -> dict[str, Any]:
    """An edge: the fact's fields as plain JSON values, keyed as networkx keys a MultiDiGraph's edges."""
    edge: dict[str, Any] = {"source": fact.subject, "target": fact.object, "key": fact.key}
    edge.update((name, getattr(fact, name)) for name in _FACT_FIELDS if getattr(fact, name) is not None)
    if fact.role:
        edge["role"] = fact.role  # read off predicate and relation again when loaded
    edge["evidence"] = [_record(e) for e in fact.evidence]
    return edge


def document_data(document: Document, *, source_paths: bool = False) -> dict[str, Any]:
    """A document's metadata: its text is not kept in a graph, and its source, a local path, only when asked for."""
    return _record(document, ("text",) if source_paths else ("text", "source"))


def entity_from(node: dict[str, Any]) -> Entity:
    return Entity(
        id=str(node["id"]),
        name=node.get("name", str(node["id"])),
        type=node.get("type", UNTYPED),
        aliases=tuple(node.get("aliases", ())),
        mentions=tuple(Mention(**m) for m in node.get("mentions", ())),
        attributes=tuple((a["key"], a["value"]) for a in node.get("attributes", ())),
        participants=tuple((p["role"], p["entity"]) for p in node.get("participants", ())),
    )


def fact_from(edge: dict[str, Any]) -> Fact:
    return Fact(
        subject=str(edge["source"]),
        object=str(edge["target"]),
        evidence=tuple(Evidence(**e) for e in edge.get("evidence", ())),
        **{name: edge[name] for name in _FACT_FIELDS if name in edge},
    )


def generate(graph: KnowledgeGraph, *, source_paths: bool = False) -> dict[str, Any]:
    """The node-link data of the graph: plain JSON values only (``source`` of documents only when asked)."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"documents": [document_data(d, source_paths=source_paths) for d in graph.documents()]},
        "nodes": [entity_data(e) for e in graph.entities()],
        "edges": [fact_data(f) for f in graph.iter_facts()],
    }


def read(data: Any) -> KnowledgeGraph:
    """A KnowledgeGraph from ``generate``'s data (FormatError when it is not node-link data of kg's)."""
    from ..graph import from_entities_and_facts

    try:
        graph = from_entities_and_facts(map(entity_from, data["nodes"]), map(fact_from, data["edges"]))
        for doc in data.get("graph", {}).get("documents", ()):
            graph.add_document(Document(text="", **doc))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"not node-link JSON written by kg (docs/json.md): {exc!r}") from exc
    return graph


def write_indented(value: Any, write: Callable[[str], object], *, indent: int = 1) -> None:
    """Write ``json.dumps(value, ensure_ascii=False, indent=indent)`` through ``write``, a few thousand pieces a call.

    The standard library encodes with an indent in pure Python, a generator step per value and bracket (a
    million for 2,000 articles); this walk appends each piece to a list instead, for the same text in about
    a fifth less time. JSON values only: no cycles, strings as keys (all ``generate`` makes).
    """
    parts: list[str] = []
    append = parts.append
    string = json.encoder.encode_basestring  # the escaper json.dumps uses with ensure_ascii=False

    def encode(o: Any, level: int) -> None:
        if isinstance(o, str):
            append(string(o))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, int):
            append(int.__repr__(o))
        elif isinstance(o, float):
            # As json.dumps writes a float: repr, and JavaScript's names for what JSON has no number for.
            append(float.__repr__(o) if math.isfinite(o) else "NaN" if o != o else "Infinity" if o > 0 else "-Infinity")
        elif isinstance(o, list | tuple | dict):
            if not o:
                append("{}" if isinstance(o, dict) else "[]")
                return
            inner = "\n" + " " * (indent * (level + 1))
            if isinstance(o, dict):
                append("{")
                for n, (key, item) in enumerate(o.items()):
                    if not isinstance(key, str):
                        raise TypeError(f"keys must be str, not {type(key).__name__}")
                    append(("," if n else "") + inner + string(key) + ": ")
                    encode(item, level + 1)
                append("\n" + " " * (indent * level) + "}")
            else:
                append("[")
                for n, item in enumerate(o):
                    append(("," if n else "") + inner)
                    encode(item, level + 1)
                append("\n" + " " * (indent * level) + "]")
            if len(parts) >= _PIECES:
                write("".join(parts))
                parts.clear()
        else:
            raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    encode(value, 0)
    write("".join(parts))


def _stream(graph: KnowledgeGraph, output: IO[bytes], *, source_paths: bool = False) -> None:
    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
    try:
        write_indented(generate(graph, source_paths=source_paths), text.write)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


@register("json", (".json",), "application/json", stream=_stream)
def render(graph: KnowledgeGraph, *, source_paths: bool = False) -> str:
    return json.dumps(generate(graph, source_paths=source_paths), ensure_ascii=False, indent=1)
