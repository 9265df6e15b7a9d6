"""The knowledge graph as a store: extractions in, one networkx ``MultiDiGraph`` out.

``KnowledgeGraph`` owns a ``MultiDiGraph`` whose nodes are entity ids (with
the ``Entity`` as the ``entity`` attribute) and whose edges are facts keyed by
``Fact.key`` (the predicate, marked when negated or hedged). The same fact read
in several sentences or documents is one edge carrying all its evidence.
Which node an entity of a new document is, is decided by ``kg.resolve``.

The methods that belong to a later stage are one-line delegates that import
it when called: queries (``kg.query``), conversions to networkx and pandas
(``kg.convert``), RDF and SPARQL (``kg.rdf``, ``kg.store``), files and pages
(``kg.export``). Those modules are the graph's own functions and read its
parts (``_g``, ``_documents``, ``_resolver``) directly, as networkx
algorithms read a graph's ``_adj``.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import NotFoundError
from .model import Document, Entity, Evidence, Explanation, Extraction, Fact, content_hash
from .names import slugify
from .relations import relation as relation_of
from .resolve import Resolver

if TYPE_CHECKING:
    import networkx as nx
    import pandas
    import rdflib

    from . import query as query_module
    from .export.html import InlineHTML
    from .store import SparqlResult

__all__ = ["KnowledgeGraph", "from_entities_and_facts"]


def _unique_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Each sentence span once, the first reading kept: RDF keeps one node per span, so a span is the identity."""
    spans: dict[tuple[str, int, int], Evidence] = {}
    for e in evidence:
        spans.setdefault((e.document, e.start, e.end), e)
    return tuple(spans.values())


def _merge_fact(old: Fact, new: Fact) -> Fact:
    """One fact seen twice: union of evidence, noisy-or of confidences."""
    evidence = _unique_evidence(old.evidence + new.evidence)
    confidence = 1.0 - (1.0 - old.confidence) * (1.0 - new.confidence)
    return dataclasses.replace(
        old,
        evidence=evidence,
        confidence=round(confidence, 6),
        time=old.time or new.time,
        place=old.place or new.place,
        attributed_to=old.attributed_to or new.attributed_to,
    )


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
        # Imported with the first graph, not with this module: ``kg build`` starts its worker processes first.
        import networkx as nx

        self._g = nx.MultiDiGraph()
        self._documents: dict[str, Document] = {}
        # the name index and the provenance of each node (see kg.resolve)
        self._resolver = Resolver()

    # ------------------------------------------------------------------ building
    def add(self, extraction: Extraction) -> Extraction:
        """Merge one document's extraction: its entities join existing ones by name and type.

        Returns the extraction with this graph's entity ids (what a store keeps per document).
        """
        self.add_document(extraction.document)
        self._resolver.read(extraction)
        ids = {entity.id: self.add_entity(_without_participants(entity)) for entity in extraction.entities}
        self._link_participants(extraction.entities, ids)
        facts = tuple(_with_ids(fact, ids) for fact in extraction.facts)
        for fact in facts:
            self.add_fact(fact)
        entities = tuple(
            dataclasses.replace(e, id=ids[e.id], participants=tuple((r, ids.get(o, o)) for r, o in e.participants))
            for e in extraction.entities
        )
        return Extraction(extraction.document, entities, facts)

    def _link_participants(self, entities: Iterable[Entity], ids: dict[str, str]) -> None:
        """Give the events among ``entities`` (added under ``ids``) their participants, by their ids in this graph."""
        for entity in entities:
            if entity.participants:
                node = self._g.nodes[ids[entity.id]]
                linked = tuple((role, ids.get(other, other)) for role, other in entity.participants)
                node["entity"] = dataclasses.replace(node["entity"], participants=node["entity"].participants + linked)

    def add_document(self, document: Document) -> None:
        """Record a document's metadata and the SHA-256 of its text (not the text: evidence holds the sentences).

        A document without text keeps the ``content_hash`` it carries (one read back from a file).
        """
        digest = document.content_hash if not document.text and document.content_hash else content_hash(document.text)
        self._documents[document.id] = dataclasses.replace(document, text="", content_hash=digest)

    def _entity_of(self, entity_id: str) -> Entity | None:
        data = self._g.nodes.get(entity_id)
        return data["entity"] if data is not None else None

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
        """Add or merge an entity (``kg.resolve`` decides which node it is); returns the id it has in this graph."""
        found, why = self._resolver.match(entity, self._entity_of)
        if found is None:
            node_id = self._free_id(entity)
            merged = dataclasses.replace(entity, id=node_id)
            self._g.add_node(node_id, entity=merged)
        else:
            node_id = found
            merged = self._resolver.merge(self._g.nodes[node_id]["entity"], entity)
            self._g.nodes[node_id]["entity"] = merged
        self._resolver.record(node_id, entity, merged, why)
        return node_id

    def add_fact(self, fact: Fact) -> Fact:
        """Add a fact between existing entities; a repeat adds its evidence to the edge."""
        fact = self._completed(fact)
        if self._g.has_edge(fact.subject, fact.object, fact.key):
            fact = _merge_fact(self._g.edges[fact.subject, fact.object, fact.key]["fact"], fact)
        self._g.add_edge(fact.subject, fact.object, key=fact.key, fact=fact)
        return fact

    def _completed(self, fact: Fact) -> Fact:
        """The fact as an edge holds it: its ends checked, its relation filled in, each evidence span once."""
        for end in (fact.subject, fact.object):
            if end not in self._g:
                raise NotFoundError(f"fact {fact.key!r} refers to entity {end!r}, which is not in the graph; add it first")
        if not fact.relation:
            subject, obj = self._g.nodes[fact.subject]["entity"], self._g.nodes[fact.object]["entity"]
            fact = dataclasses.replace(fact, relation=relation_of(
                fact.predicate, subject_type=subject.type, object_type=obj.type, object_name=obj.name))
        unique = _unique_evidence(fact.evidence)
        if len(unique) != len(fact.evidence):
            # Evidence is a set in meaning: one sentence span counts once.
            fact = dataclasses.replace(fact, evidence=unique)
        return fact

    def merge(self, other: KnowledgeGraph) -> KnowledgeGraph:
        """Add everything of ``other`` into this graph (in place) and return self."""
        for doc in other.documents():
            self._documents.setdefault(doc.id, doc)
        ids = {e.id: self.add_entity(_without_participants(e)) for e in other.entities()}
        self._link_participants(other.entities(), ids)
        for fact in other.iter_facts():
            self.add_fact(_with_ids(fact, ids))
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
        counts = (self._g.number_of_nodes(), "entity", "entities"), (len(self), "fact", "facts"), (
            len(self._documents), "document", "documents")
        return "KnowledgeGraph: " + ", ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in counts)

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

    def iter_facts(self) -> Iterator[Fact]:
        """Every fact, asserted or not, in insertion order."""
        for _, _, data in self._g.edges(data=True):
            yield data["fact"]

    # ------------------------------------------------------------------ queries (kg.query)
    # Questions an analyst asks of a graph; names resolve as in ``entity``.

    def entity(self, name: str) -> Entity:
        """The one entity called ``name`` (canonical name, alias or id, any case): see ``kg.query.entity``."""
        from . import query

        return query.entity(self, name)

    def entities_named(self, name: str) -> list[Entity]:
        """Every entity ``name`` can mean (empty when none): see ``kg.query.entities_named``."""
        from . import query

        return query.entities_named(self, name)

    def explain(self, name: str) -> Explanation:
        """Why the mentions of one entity were merged, mention by mention and document by document: see ``kg.query.explain``."""
        from . import query

        return query.explain(self, name)

    def facts(
        self,
        subject: str | None = None,
        predicate: str | None = None,
        object: str | None = None,
        *,
        document: str | None = None,
        since: str | datetime.date | None = None,
        until: str | datetime.date | None = None,
        include_negated: bool = False,
    ) -> list[Fact]:
        """Facts matching the given subject, predicate and object names, document and dates: see ``kg.query.facts``."""
        from . import query

        return query.facts(
            self, subject, predicate, object, document=document, since=since, until=until, include_negated=include_negated
        )

    def date_of(self, fact: Fact) -> datetime.date | None:
        """The date a fact is about: see ``kg.query.date_of``."""
        from . import query

        return query.date_of(self, fact)

    def neighbors(
        self,
        entity: str,
        *,
        predicate: str | None = None,
        direction: Literal["out", "in", "both"] = "both",
        include_negated: bool = False,
    ) -> list[Entity]:
        """Entities one fact away from ``entity``: see ``kg.query.neighbors``."""
        from . import query

        return query.neighbors(self, entity, predicate=predicate, direction=direction, include_negated=include_negated)

    def paths(
        self,
        a: str,
        b: str,
        *,
        max_length: int = 4,
        limit: int = 10,
        include_negated: bool = False,
        mentions: bool = True,
    ) -> list[list[Fact]]:
        """How two entities are connected, shortest paths first: see ``kg.query.paths``."""
        from . import query

        return query.paths(
            self, a, b, max_length=max_length, limit=limit, include_negated=include_negated, mentions=mentions
        )

    def evidence(self, fact: Fact) -> tuple[Evidence, ...]:
        """Every sentence the graph holds for ``fact``: see ``kg.query.evidence``."""
        from . import query

        return query.evidence(self, fact)

    def subgraph(
        self,
        entities: str | Iterable[str] | None = None,
        *,
        predicate: str | None = None,
        document: str | None = None,
    ) -> KnowledgeGraph:
        """A new graph with part of this one: given entities, one predicate, or one document: see ``kg.query.subgraph``."""
        from . import query

        return query.subgraph(self, entities, predicate=predicate, document=document)

    def most_connected(self, n: int = 10, *, include_negated: bool = False) -> list[tuple[Entity, int]]:
        """The ``n`` entities in the most facts, with their number of facts: see ``kg.query.most_connected``."""
        from . import query

        return query.most_connected(self, n, include_negated=include_negated)

    def predicates(self, *, include_negated: bool = False) -> dict[str, int]:
        """Each predicate with its number of facts, most frequent first: see ``kg.query.predicates``."""
        from . import query

        return query.predicates(self, include_negated=include_negated)

    def relations(self, *, include_negated: bool = False) -> dict[str, int]:
        """Each relation (canonical, else the predicate) with its number of facts, most frequent first: see ``kg.query.relations``."""
        from . import query

        return query.relations(self, include_negated=include_negated)

    def summary(self, *, top: int = 10) -> query_module.Summary:
        """Documents, entities by type, the most connected entities, the most frequent relations: see ``kg.query.summary``."""
        from . import query

        return query.summary(self, top=top)

    def timeline(self, entity: str, *, include_negated: bool = False) -> list[tuple[datetime.date | None, Fact]]:
        """The facts about ``entity`` as (date, fact) pairs in time order: see ``kg.query.timeline``."""
        from . import query

        return query.timeline(self, entity, include_negated=include_negated)

    # ------------------------------------------------------------------ conversions (kg.convert, kg.rdf, kg.export)
    @property
    def nx(self) -> nx.MultiDiGraph:
        """The live networkx graph (read it; change it through this class)."""
        return self._g

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy with plain attribute values only, for GraphML, GEXF and node-link writers: see ``kg.convert.to_networkx``."""
        from . import convert

        return convert.to_networkx(self)

    @classmethod
    def from_networkx(cls, g: nx.MultiDiGraph) -> KnowledgeGraph:
        """Rebuild a graph from ``to_networkx`` output (or any graph with "name" attributes): see ``kg.convert.from_networkx``."""
        from . import convert

        return convert.from_networkx(g)

    def to_dataframe(self, table: Literal["facts", "entities", "documents"] = "facts") -> pandas.DataFrame:
        """One table of the graph as a pandas DataFrame (``pip install 'kg[pandas]'``): see ``kg.convert.to_dataframe``."""
        from . import convert

        return convert.to_dataframe(self, table)

    @classmethod
    def from_dataframe(
        cls,
        facts: pandas.DataFrame,
        entities: pandas.DataFrame | None = None,
        documents: pandas.DataFrame | None = None,
    ) -> KnowledgeGraph:
        """Rebuild a graph from ``to_dataframe`` tables: see ``kg.convert.from_dataframe``."""
        from . import convert

        return convert.from_dataframe(facts, entities, documents)

    def to_rdflib(
        self, *, base: str | None = None, vocab: str | None = None, source_paths: bool = False
    ) -> rdflib.Graph:
        """The graph as RDF (see docs/vocabulary.md): entities, direct triples, reified provenance.

        ``source_paths`` adds each document's local path (``kg:source``), which no output carries unless asked.
        """
        from .rdf import to_rdflib

        return to_rdflib(self, base=base, vocab=vocab, source_paths=source_paths)

    def sparql(
        self,
        query: str,
        *,
        base: str | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        allow_service: bool = False,
    ) -> SparqlResult:
        """Run a SPARQL query over the graph's RDF (docs/vocabulary.md), one named graph per document.

        The default graph is the union of all graphs; kg's prefixes (``ent:``,
        ``rel:``, ``kg:``, ``schema:``, ``rdfs:``, ...) are predefined. The query
        runs on this graph only (``kg.store.sparql``: no SERVICE clause unless
        ``allow_service``, no UPDATE); ``timeout`` and ``max_rows`` bound it.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> g.add_entity(kg.Entity("ada", "Ada Lovelace", "Person"))
        'ada'
        >>> g.sparql("SELECT ?name WHERE { ?e a schema:Person ; rdfs:label ?name }").rows
        (('Ada Lovelace',),)
        """
        import pyoxigraph

        from .rdf import quads
        from .store import sparql

        store = pyoxigraph.Store()
        store.extend(quads(self, base=base))
        return sparql(store, query, timeout=timeout, max_rows=max_rows, allow_service=allow_service)

    def write(self, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
        """Write the graph to ``path``; the format comes from the suffix unless given."""
        from .export import write

        return write(self, path, format=format, **options)

    def show(self, *, height: int = 600, max_nodes: int | None = None) -> InlineHTML:
        """The interactive page, for notebooks: shown inline (an ``<iframe srcdoc>``), never a file link.

        Make it the last expression of a cell, or pass it to ``IPython.display.display``.
        """
        from .export.html import InlineHTML, iframe

        return InlineHTML(iframe(self, height=height, max_nodes=max_nodes), repr(self))

    def _repr_html_(self) -> str:
        # A notebook showing a graph should stay light: big graphs keep their best-connected part.
        from .export.html import REPR_MAX_NODES, iframe

        return iframe(self, max_nodes=REPR_MAX_NODES)


def from_entities_and_facts(entities: Iterable[Entity], facts: Iterable[Fact]) -> KnowledgeGraph:
    """A graph holding exactly these entities (ids kept) and facts."""
    graph = KnowledgeGraph()
    entities = list(entities)
    # In bulk, as add_fact would leave them (a file read back holds tens of thousands of each).
    graph._g.add_nodes_from((entity.id, {"entity": entity}) for entity in entities)
    for entity in entities:
        graph._resolver.index(entity.id, entity)
    edges: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        fact = graph._completed(fact)
        edge = (fact.subject, fact.object, fact.key)
        old = edges.get(edge)
        edges[edge] = fact if old is None else _merge_fact(old, fact)
    graph._g.add_edges_from((s, o, key, {"fact": fact}) for (s, o, key), fact in edges.items())
    return graph


def _without_participants(entity: Entity) -> Entity:
    """The entity before its participants are linked: their ids are known only once every entity is in."""
    return dataclasses.replace(entity, participants=()) if entity.participants else entity


def _with_ids(fact: Fact, ids: dict[str, str]) -> Fact:
    """The fact with its entity ids renamed as ``ids`` says (ids not in it are kept)."""
    return dataclasses.replace(
        fact,
        subject=ids.get(fact.subject, fact.subject),
        object=ids.get(fact.object, fact.object),
        attributed_to=ids.get(fact.attributed_to, fact.attributed_to) if fact.attributed_to else None,
    )


def _fact_set(graph: KnowledgeGraph) -> dict[tuple[str, str, str], Fact]:
    return {f.identity: dataclasses.replace(f, evidence=tuple(sorted(f.evidence, key=_evidence_order))) for f in graph.iter_facts()}


def _evidence_order(e: Evidence) -> tuple[str, int, int]:
    return (e.document, e.start, e.end)
