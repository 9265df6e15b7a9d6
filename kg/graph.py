"""The knowledge graph: extractions in, one networkx ``MultiDiGraph`` out.

``KnowledgeGraph`` owns a ``MultiDiGraph`` whose nodes are entity ids (with
the ``Entity`` as the ``entity`` attribute) and whose edges are facts keyed by
``Fact.key`` (the predicate, marked when negated or hedged). The same fact read
in several sentences or documents is one edge carrying all its evidence.
Entities from different documents merge through an alias index keyed by
normalized name and type.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import NotFoundError
from .model import Document, Entity, Evidence, Fact, Mention
from .names import normalize, slugify

if TYPE_CHECKING:
    import rdflib

__all__ = ["KnowledgeGraph", "Extraction"]

# Types that can refer to the same thing: a "Thing" node may turn out to be a
# named organisation once another document names it properly.
_UNTYPED = "Thing"


@dataclass(frozen=True)
class Extraction:
    """What the extractor read from one document: its entities and facts.

    Fact subjects and objects refer to ``Entity.id`` values of ``entities``.
    """

    document: Document
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]


def _merge_fact(old: Fact, new: Fact) -> Fact:
    """One fact seen twice: union of evidence, noisy-or of confidences."""
    evidence = old.evidence + tuple(e for e in new.evidence if e not in old.evidence)
    confidence = 1.0 - (1.0 - old.confidence) * (1.0 - new.confidence)
    return dataclasses.replace(
        old,
        evidence=evidence,
        confidence=round(confidence, 6),
        time=old.time or new.time,
        place=old.place or new.place,
        attributed_to=old.attributed_to or new.attributed_to,
    )


def _merge_entity(old: Entity, new: Entity) -> Entity:
    names = {normalize(old.name)}
    aliases = list(old.aliases)
    for name in (new.name, *new.aliases):
        if normalize(name) not in names and name not in aliases:
            aliases.append(name)
    names.update(normalize(a) for a in aliases)
    # A longer, fuller name is the better canonical name ("Joe Biden" over "Biden").
    name = old.name
    if len(new.name) > len(old.name) and normalize(old.name) in normalize(new.name):
        aliases = [a for a in aliases if a != new.name] + [old.name]
        name = new.name
    kind = old.type if old.type != _UNTYPED else new.type
    attributes = old.attributes + tuple(a for a in new.attributes if a not in old.attributes)
    mentions = old.mentions + tuple(m for m in new.mentions if m not in old.mentions)
    return Entity(old.id, name, kind, tuple(aliases), mentions, attributes)


class KnowledgeGraph:
    """Entities and facts from one or many documents, backed by networkx.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> g.add_entity(kg.Entity("a", "Ada Lovelace", "Person"))
    'a'
    >>> g.add_entity(kg.Entity("b", "Charles Babbage", "Person"))
    'b'
    >>> _ = g.add_fact(kg.Fact("a", "meet", "b"))
    >>> [(f.subject, f.predicate, f.object) for f in g.facts(subject="ada lovelace")]
    [('a', 'meet', 'b')]
    """

    def __init__(self) -> None:
        self._g = nx.MultiDiGraph()
        self._documents: dict[str, Document] = {}
        # normalized name -> entity ids carrying that name or alias
        self._index: dict[str, set[str]] = {}

    # ------------------------------------------------------------------ building
    def add(self, extraction: Extraction) -> None:
        """Merge one document's extraction: its entities join existing ones by name and type."""
        doc = extraction.document
        self._documents[doc.id] = dataclasses.replace(doc, text="")
        ids = {entity.id: self.add_entity(entity) for entity in extraction.entities}
        for fact in extraction.facts:
            self.add_fact(
                dataclasses.replace(
                    fact,
                    subject=ids.get(fact.subject, fact.subject),
                    object=ids.get(fact.object, fact.object),
                    attributed_to=ids.get(fact.attributed_to, fact.attributed_to) if fact.attributed_to else None,
                )
            )

    def add_document(self, document: Document) -> None:
        """Record a document's metadata (its text is not kept: evidence holds the sentences)."""
        self._documents[document.id] = dataclasses.replace(document, text="")

    def _match(self, entity: Entity) -> str | None:
        """The id of an existing entity that ``entity`` names too, if exactly one fits."""
        candidates: set[str] = set()
        for name in entity.names:
            candidates |= self._index.get(normalize(name), set())
        compatible = [
            c
            for c in sorted(candidates)
            if _UNTYPED in (entity.type, self._g.nodes[c]["entity"].type) or self._g.nodes[c]["entity"].type == entity.type
        ]
        # Prefer an entity whose canonical name is the same; else the only candidate.
        exact = [c for c in compatible if normalize(self._g.nodes[c]["entity"].name) == normalize(entity.name)]
        if len(exact) == 1:
            return exact[0]
        return compatible[0] if len(compatible) == 1 else None

    def _free_id(self, entity: Entity) -> str:
        base = entity.id or slugify(entity.name)
        if base not in self._g:
            return base
        typed = f"{base}-{entity.type.lower()}"
        n = 2
        candidate = typed
        while candidate in self._g:
            candidate, n = f"{typed}-{n}", n + 1
        return candidate

    def add_entity(self, entity: Entity) -> str:
        """Add or merge an entity; returns the id it has in this graph."""
        found = entity.id if entity.id in self._g and self._g.nodes[entity.id]["entity"] == entity else None
        found = found or self._match(entity)
        if found is None:
            node_id = self._free_id(entity)
            merged = dataclasses.replace(entity, id=node_id)
            self._g.add_node(node_id, entity=merged)
        else:
            node_id = found
            merged = _merge_entity(self._g.nodes[node_id]["entity"], entity)
            self._g.nodes[node_id]["entity"] = merged
        for name in merged.names:
            self._index.setdefault(normalize(name), set()).add(node_id)
        return node_id

    def add_fact(self, fact: Fact) -> Fact:
        """Add a fact between existing entities; a repeat adds its evidence to the edge."""
        for end in (fact.subject, fact.object):
            if end not in self._g:
                raise NotFoundError(f"fact {fact.key!r} refers to entity {end!r}, which is not in the graph; add it first")
        if self._g.has_edge(fact.subject, fact.object, fact.key):
            fact = _merge_fact(self._g.edges[fact.subject, fact.object, fact.key]["fact"], fact)
        self._g.add_edge(fact.subject, fact.object, key=fact.key, fact=fact)
        return fact

    def merge(self, other: KnowledgeGraph) -> KnowledgeGraph:
        """Add everything of ``other`` into this graph (in place) and return self."""
        for doc in other.documents():
            self._documents.setdefault(doc.id, doc)
        ids = {e.id: self.add_entity(e) for e in other.entities()}
        for fact in other.facts(include_negated=True):
            self.add_fact(
                dataclasses.replace(
                    fact,
                    subject=ids[fact.subject],
                    object=ids[fact.object],
                    attributed_to=ids.get(fact.attributed_to, fact.attributed_to) if fact.attributed_to else None,
                )
            )
        return self

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return self._g.number_of_edges()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeGraph):
            return NotImplemented
        return (
            sorted(self.entities(), key=lambda e: e.id) == sorted(other.entities(), key=lambda e: e.id)
            and _fact_set(self) == _fact_set(other)
            and self._documents == other._documents
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self._documents)} documents, {self._g.number_of_nodes()} entities, {len(self)} facts>"

    def documents(self) -> list[Document]:
        """Metadata of every document read (id, source, url, title, date)."""
        return list(self._documents.values())

    def entities(self, type: str | None = None) -> list[Entity]:
        """Every entity, or those of one type ("Person", "Organization", "Place", ...)."""
        all_entities = (data["entity"] for _, data in self._g.nodes(data=True))
        if type is None:
            return list(all_entities)
        return [e for e in all_entities if e.type.lower() == type.lower()]

    def get(self, entity_id: str) -> Entity:
        """The entity with this id."""
        try:
            return self._g.nodes[entity_id]["entity"]
        except KeyError:
            raise NotFoundError(f"no entity has id {entity_id!r}") from None

    def _ids_named(self, name: str) -> set[str]:
        """Ids of entities called ``name``: an id, a name or alias, else a name that contains its words ("Blinken")."""
        if name in self._g:
            return {name}
        key = normalize(name)
        found = set(self._index.get(key, set()))
        if found or not key:
            return found
        wanted = key.split()
        return {k for n, ids in self._index.items() if _contains(n.split(), wanted) for k in ids}

    def entity(self, name: str) -> Entity:
        """The one entity called ``name`` (canonical name, alias or id, any case)."""
        ids = self._ids_named(name)
        if len(ids) == 1:
            return self.get(ids.pop())
        if not ids:
            raise NotFoundError(f"no entity is called {name!r}; try graph.entities() to list them")
        names = ", ".join(sorted(self.get(i).name for i in ids))
        raise NotFoundError(f"{name!r} names several entities ({names}); use the full name or the id")

    def facts(
        self,
        subject: str | None = None,
        predicate: str | None = None,
        object: str | None = None,
        *,
        include_negated: bool = False,
    ) -> list[Fact]:
        """Facts matching the given subject, predicate and object names.

        Names match canonical names and aliases case-insensitively; the
        predicate matches any fact whose predicate contains those words.
        Negated and hedged facts are left out unless ``include_negated``.
        """
        subjects = self._ids_named(subject) if subject is not None else None
        objects = self._ids_named(object) if object is not None else None
        wanted = normalize(predicate).split() if predicate else None
        found = []
        for s, o, data in self._g.edges(data=True):
            fact: Fact = data["fact"]
            if subjects is not None and s not in subjects or objects is not None and o not in objects:
                continue
            if not include_negated and not fact.asserted:
                continue
            if wanted and not _contains(normalize(fact.predicate).split(), wanted):
                continue
            found.append(fact)
        return found

    def iter_facts(self) -> Iterator[Fact]:
        """Every fact, asserted or not, in insertion order."""
        for _, _, data in self._g.edges(data=True):
            yield data["fact"]

    # ------------------------------------------------------------------ conversions
    @property
    def nx(self) -> nx.MultiDiGraph:
        """The live networkx graph (read it; change it through this class)."""
        return self._g

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy with plain attribute values only (str, int, float, bool).

        Lists and records are JSON strings, so GraphML, GEXF and node-link
        JSON writers accept it; ``from_networkx`` reads it back.
        """
        g = nx.MultiDiGraph(documents=json.dumps([_plain_document(d) for d in self.documents()], ensure_ascii=False))
        for node_id, data in self._g.nodes(data=True):
            g.add_node(node_id, **_entity_attributes(data["entity"]))
        for s, o, key, data in self._g.edges(keys=True, data=True):
            g.add_edge(s, o, key=key, **_fact_attributes(data["fact"]))
        return g

    @classmethod
    def from_networkx(cls, g: nx.MultiDiGraph) -> KnowledgeGraph:
        """Rebuild a graph from ``to_networkx`` output (or any graph with "name" attributes)."""
        graph = cls()
        for doc in json.loads(g.graph.get("documents", "[]")):
            graph.add_document(Document(text="", **doc))
        for node_id, data in g.nodes(data=True):
            entity = _entity_from_attributes(str(node_id), data)
            graph._g.add_node(entity.id, entity=entity)
            for name in entity.names:
                graph._index.setdefault(normalize(name), set()).add(entity.id)
        for s, o, key, data in g.edges(keys=True, data=True):
            graph.add_fact(_fact_from_attributes(str(s), str(o), str(key), data))
        return graph

    def to_rdflib(self, *, base: str | None = None) -> rdflib.Graph:
        """The graph as RDF (see docs/vocabulary.md): entities, direct triples, reified provenance."""
        from .rdf import to_rdflib

        return to_rdflib(self, base=base)

    def write(self, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
        """Write the graph to ``path``; the format comes from the suffix unless given."""
        from .export import write

        return write(self, path, format=format, **options)


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _fact_set(graph: KnowledgeGraph) -> dict[tuple[str, str, str], Fact]:
    return {f.identity: dataclasses.replace(f, evidence=tuple(sorted(f.evidence, key=_evidence_order))) for f in graph.iter_facts()}


def _evidence_order(e: Evidence) -> tuple[str, int, int]:
    return (e.document, e.start, e.end)


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
    return attrs


def _entity_from_attributes(node_id: str, data: dict[str, Any]) -> Entity:
    return Entity(
        id=node_id,
        name=str(data.get("name", node_id)),
        type=str(data.get("type", _UNTYPED)),
        aliases=tuple(json.loads(data.get("aliases", "[]"))),
        mentions=tuple(Mention(*m) for m in json.loads(data.get("mentions", "[]"))),
        attributes=tuple(tuple(a) for a in json.loads(data.get("attributes", "[]"))),  # type: ignore[misc]
    )


def _fact_attributes(fact: Fact) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "predicate": fact.predicate,
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
        object=obj,
        negated=bool(data.get("negated", False)),
        modality=data.get("modality"),
        time=data.get("time"),
        place=data.get("place"),
        attributed_to=data.get("attributed_to"),
        confidence=float(data.get("confidence", 1.0)),
        evidence=tuple(Evidence(*e) for e in json.loads(data.get("evidence", "[]"))),
    )


def from_entities_and_facts(entities: Iterable[Entity], facts: Iterable[Fact]) -> KnowledgeGraph:
    """A graph holding exactly these entities (ids kept) and facts."""
    graph = KnowledgeGraph()
    for entity in entities:
        graph._g.add_node(entity.id, entity=entity)
        for name in entity.names:
            graph._index.setdefault(normalize(name), set()).add(entity.id)
    for fact in facts:
        graph.add_fact(fact)
    return graph
