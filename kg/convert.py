"""Conversions: a KnowledgeGraph in, a plain networkx graph or pandas tables out, and back again.

``to_networkx`` gives a ``MultiDiGraph`` whose attribute values are plain
(str, int, float, bool; lists and records as JSON strings), so GraphML, GEXF
and node-link JSON writers accept it; ``to_dataframe`` gives one table of
facts, entities or documents. ``from_networkx`` and ``from_dataframe`` read
them back into an equal graph. ``KnowledgeGraph`` has a method for each.
"""
from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from .errors import KGError, QueryError
from .graph import KnowledgeGraph, from_entities_and_facts
from .model import UNTYPED, Document, Entity, Evidence, Fact, Mention

if TYPE_CHECKING:
    import pandas

__all__ = ["to_networkx", "from_networkx", "to_dataframe", "from_dataframe"]

_ENTITY_COLUMNS = ("id", "name", "type", "aliases", "attributes", "mentions", "participants")
_DOCUMENT_COLUMNS = ("id", "source", "url", "title", "date", "content_hash")
_FACT_ATTRIBUTES = frozenset(
    {"predicate", "relation", "assertion", "negated", "modality", "time", "place", "attributed_to", "confidence", "evidence"}
)
_FACT_COLUMNS = (
    "subject", "subject_name", "subject_type", "predicate", "relation", "role", "object", "object_name", "object_type", "key", "assertion",
    "negated",
    "modality", "time", "place", "attributed_to", "confidence", "document", "sentence", "start", "end",
    "evidence_count", "evidence",
)


def to_networkx(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy with plain attribute values only (str, int, float, bool).

    Lists and records are JSON strings, so GraphML, GEXF and node-link
    JSON writers accept it; ``from_networkx`` reads it back.
    """
    g = nx.MultiDiGraph(documents=json.dumps([_plain_document(d) for d in graph.documents()], ensure_ascii=False))
    for node_id, data in graph.nx.nodes(data=True):
        g.add_node(node_id, **_entity_attributes(data["entity"]))
    for s, o, key, data in graph.nx.edges(keys=True, data=True):
        g.add_edge(s, o, key=key, **_fact_attributes(data["fact"]))
    return g


def from_networkx(g: nx.MultiDiGraph) -> KnowledgeGraph:
    """Rebuild a graph from ``to_networkx`` output (or any graph with "name" attributes)."""
    graph = from_entities_and_facts(
        (_entity_from_attributes(str(node_id), data) for node_id, data in g.nodes(data=True)),
        (_fact_from_attributes(str(s), str(o), str(key), data) for s, o, key, data in g.edges(keys=True, data=True)),
    )
    for doc in json.loads(g.graph.get("documents", "[]")):
        graph.add_document(Document(text="", **doc))
    return graph


def to_dataframe(graph: KnowledgeGraph, table: Literal["facts", "entities", "documents"] = "facts") -> pandas.DataFrame:
    """One table of the graph as a pandas DataFrame (``pip install 'kg[pandas]'``).

    ``table`` is "facts" (one row a fact: ids and names of subject and
    object, qualifiers, confidence, the first evidence sentence in
    ``document``/``sentence``/``start``/``end``, every piece in
    ``evidence`` as JSON), "entities" or "documents". Lists are JSON
    strings, as in ``to_networkx``; ``from_dataframe`` reads the tables back.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> _ = g.add_entity(kg.Entity("a", "Blinken", "Person")); _ = g.add_entity(kg.Entity("b", "Iwaya", "Person"))
    >>> _ = g.add_fact(kg.Fact("a", "meet", "b", evidence=(kg.Evidence("d1", "Blinken met Iwaya.", 0, 18),)))
    >>> to_dataframe(g)[["subject_name", "predicate", "object_name", "sentence"]]
      subject_name predicate object_name            sentence
    0      Blinken      meet       Iwaya  Blinken met Iwaya.
    """
    pandas = _pandas()
    if table == "entities":
        rows = [{"id": e.id, **_entity_attributes(e)} for e in graph.entities()]
        return pandas.DataFrame(rows, columns=list(_ENTITY_COLUMNS))
    if table == "documents":
        return pandas.DataFrame([_plain_document(d) for d in graph.documents()], columns=list(_DOCUMENT_COLUMNS))
    if table != "facts":
        raise QueryError(f"table {table!r} is not one of 'facts', 'entities', 'documents'")
    rows = []
    for fact in graph.iter_facts():
        subject, obj = graph.get(fact.subject), graph.get(fact.object)
        first = fact.evidence[0] if fact.evidence else None
        rows.append(
            {
                "subject": fact.subject,
                "subject_name": subject.name,
                "subject_type": subject.type,
                "predicate": fact.predicate,
                "relation": fact.relation,
                "role": fact.role,
                "object": fact.object,
                "object_name": obj.name,
                "object_type": obj.type,
                "key": fact.key,
                "assertion": fact.assertion,
                "negated": fact.negated,
                "modality": fact.modality,
                "time": fact.time,
                "place": fact.place,
                "attributed_to": fact.attributed_to,
                "confidence": fact.confidence,
                "document": first.document if first else None,
                "sentence": first.sentence if first else None,
                "start": first.start if first else None,
                "end": first.end if first else None,
                "evidence_count": len(fact.evidence),
                "evidence": json.dumps([dataclasses.astuple(e) for e in fact.evidence], ensure_ascii=False),
            }
        )
    return pandas.DataFrame(rows, columns=list(_FACT_COLUMNS))


def from_dataframe(
    facts: pandas.DataFrame,
    entities: pandas.DataFrame | None = None,
    documents: pandas.DataFrame | None = None,
) -> KnowledgeGraph:
    """Rebuild a graph from ``to_dataframe`` tables, through ``to_networkx``'s form and ``from_networkx``.

    Without ``entities``, each entity gets the name and type its facts' rows give.
    """
    _pandas()
    missing = {"subject", "predicate", "object"} - set(facts.columns)
    if missing:
        raise QueryError(f"the facts table has no column {', '.join(sorted(missing))}; pass graph.to_dataframe()")
    docs = [] if documents is None else [_present(row) for row in documents.to_dict("records")]
    g = nx.MultiDiGraph(documents=json.dumps(docs, ensure_ascii=False))
    if entities is not None:
        for row in entities.to_dict("records"):
            attrs = _present(row)
            g.add_node(str(attrs.pop("id")), **attrs)
    for row in facts.to_dict("records"):
        attrs = _present(row)
        for end in ("subject", "object"):
            if attrs[end] not in g:
                name, kind = attrs.get(f"{end}_name", attrs[end]), attrs.get(f"{end}_type", UNTYPED)
                g.add_node(attrs[end], name=name, type=kind)
        edge = {k: v for k, v in attrs.items() if k in _FACT_ATTRIBUTES}
        fact = _fact_from_attributes(attrs["subject"], attrs["object"], str(attrs["predicate"]), edge)
        g.add_edge(attrs["subject"], attrs["object"], key=fact.key, **edge)
    return from_networkx(g)


def _plain_document(doc: Document) -> dict[str, str]:
    return {k: v for k, v in dataclasses.asdict(doc).items() if v is not None and k != "text"}


def _entity_attributes(entity: Entity) -> dict[str, Any]:
    attrs: dict[str, Any] = {"name": entity.name, "type": entity.type}
    if entity.aliases:
        attrs["aliases"] = json.dumps(list(entity.aliases), ensure_ascii=False)
    if entity.attributes:
        attrs["attributes"] = json.dumps([list(a) for a in entity.attributes], ensure_ascii=False)
    if entity.mentions:
        attrs["mentions"] = json.dumps([dataclasses.astuple(m) for m in entity.mentions], ensure_ascii=False)
    if entity.participants:
        attrs["participants"] = json.dumps([list(p) for p in entity.participants], ensure_ascii=False)
    return attrs


def _entity_from_attributes(node_id: str, data: dict[str, Any]) -> Entity:
    return Entity(
        id=node_id,
        name=str(data.get("name", node_id)),
        type=str(data.get("type", UNTYPED)),
        aliases=tuple(json.loads(data.get("aliases", "[]"))),
        mentions=tuple(Mention(*m) for m in json.loads(data.get("mentions", "[]"))),
        attributes=tuple(tuple(a) for a in json.loads(data.get("attributes", "[]"))),  # type: ignore[misc]
        participants=tuple(tuple(p) for p in json.loads(data.get("participants", "[]"))),  # type: ignore[misc]
    )


def _fact_attributes(fact: Fact) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "predicate": fact.predicate,
        "relation": fact.relation,
        "assertion": fact.assertion,
        "negated": fact.negated,
        "confidence": fact.confidence,
        "evidence": json.dumps([dataclasses.astuple(e) for e in fact.evidence], ensure_ascii=False),
    }
    for name in ("modality", "time", "place", "attributed_to"):
        value = getattr(fact, name)
        if value is not None:
            attrs[name] = value
    return attrs


def _fact_from_attributes(subject: str, obj: str, key: str, data: dict[str, Any]) -> Fact:
    return Fact(
        subject=subject,
        predicate=str(data.get("predicate", key)),
        relation=str(data.get("relation") or ""),
        object=obj,
        negated=bool(data.get("negated", False)),
        assertion=str(data.get("assertion", "asserted")),
        modality=data.get("modality"),
        time=data.get("time"),
        place=data.get("place"),
        attributed_to=data.get("attributed_to"),
        confidence=float(data.get("confidence", 1.0)),
        evidence=tuple(Evidence(*e) for e in json.loads(data.get("evidence", "[]"))),
    )


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise KGError("pandas is not installed; install it with: pip install 'kg[pandas]'") from exc
    return pandas


def _present(row: dict[str, Any]) -> dict[str, Any]:
    """A table row without its empty cells (pandas reads missing values as NaN or None)."""
    out = {}
    for key, value in row.items():
        if value is None or isinstance(value, float) and value != value:
            continue
        out[str(key)] = value.item() if hasattr(value, "item") else value
    return out
