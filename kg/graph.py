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
import datetime
import difflib
import itertools
import json
from collections import Counter
from collections.abc import Collection, Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from .errors import KGError, NotFoundError, QueryError
from .model import Document, Entity, Evidence, Fact, Mention
from .names import normalize, slugify
from .query import as_date, parse_date, words_match

if TYPE_CHECKING:
    import pandas
    import rdflib

    from .store import SparqlResult

__all__ = ["KnowledgeGraph", "Extraction", "Explanation"]

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


@dataclass(frozen=True)
class Explanation:
    """Why an entity is one node: its mentions (each with the rule that linked it) and its merges across documents."""

    entity: Entity
    mentions: tuple[Mention, ...]
    merges: tuple[tuple[str, str], ...]  # (document id, why that document's entity joined this node)

    def __str__(self) -> str:
        e = self.entity
        lines = [f"{e.name} ({e.type}, id {e.id})"]
        if e.aliases:
            lines.append(f"  aliases: {', '.join(e.aliases)}")
        for key, value in e.attributes:
            lines.append(f"  {key}: {value}")
        for document, why in self.merges:
            lines.append(f"  document {document}: {why}")
            for m in self.mentions:
                if m.document == document:
                    lines.append(f"    {m.start}-{m.end} {m.text!r}: {m.rule}")
        return "\n".join(lines)


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


def _mergeable_names(entity: Entity) -> list[str]:
    """Names by which an entity may join one from another document.

    A person's one-word name is a surname or a first name: it merges only
    inside its own document (the extractor did that), never across documents.
    """
    if entity.type == "Person":
        return [n for n in entity.names if len(n.split()) > 1]
    return list(entity.names)


def _conflict(old: Entity, new: Entity) -> str | None:
    """Why two entities that share a name are still different things, if they are."""
    if _UNTYPED not in (old.type, new.type) and old.type != new.type:
        return f"types differ ({old.type}, {new.type})"
    genders = {v for k, v in old.attributes if k == "gender"}, {v for k, v in new.attributes if k == "gender"}
    if all(genders) and not genders[0] & genders[1]:
        return "genders differ"
    # Same office in different countries: "Prime Minister of Japan" is not "Prime Minister of Canada".
    offices = [{}, {}]
    for side, entity in enumerate((old, new)):
        for key, value in entity.attributes:
            if key == "role" and " of " in value:
                office, country = value.rsplit(" of ", 1)
                offices[side].setdefault(office.lower(), set()).add(country.lower())
    for office, countries in offices[0].items():
        if office in offices[1] and not countries & offices[1][office]:
            return f"roles differ ({office} of {', '.join(sorted(countries | offices[1][office]))})"
    return None


class _NameIndex:
    """Normalized name -> ids of the entities carrying that name or alias.

    Nearly every name belongs to one entity, so it maps to the bare id, and to
    a set only once a second entity shares it: a set for each of a corpus's
    hundred thousand names cost more than the names themselves.
    """

    __slots__ = ("_ids",)

    def __init__(self) -> None:
        self._ids: dict[str, str | set[str]] = {}

    def add(self, key: str, entity_id: str) -> None:
        held = self._ids.get(key)
        if held is None:
            self._ids[key] = entity_id
        elif isinstance(held, str):
            if held != entity_id:
                self._ids[key] = {held, entity_id}
        else:
            held.add(entity_id)

    def get(self, key: str) -> Collection[str]:
        held = self._ids.get(key, ())
        return (held,) if isinstance(held, str) else held

    def items(self) -> Iterator[tuple[str, Collection[str]]]:
        for key in self._ids:
            yield key, self.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)


_FIRST_SEEN = "first seen"


class _Provenance:
    """Entity id -> the documents its mentions come from, each with why it joined the node.

    Most nodes are first seen in one document and never joined from another:
    those keep the bare document id, and only the others a dict.
    """

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held: dict[str, str | dict[str, str]] = {}

    def record(self, entity_id: str, document: str, why: str) -> None:
        held = self._held.get(entity_id)
        if held is None and why == _FIRST_SEEN:
            self._held[entity_id] = document
            return
        if held is None:
            held = self._held[entity_id] = {}
        elif isinstance(held, str):
            held = self._held[entity_id] = {held: _FIRST_SEEN}
        # Two entities of one document can join one node: keep both reasons.
        earlier = held.get(document)
        held[document] = why if earlier is None or earlier == why else f"{earlier}; {why}"

    def documents(self, entity_id: str) -> Collection[str]:
        held = self._held.get(entity_id, ())
        return (held,) if isinstance(held, str) else held

    def reasons(self, entity_id: str) -> list[tuple[str, str]]:
        held = self._held.get(entity_id)
        if held is None:
            return []
        return [(held, _FIRST_SEEN)] if isinstance(held, str) else list(held.items())


def _merge_entity(old: Entity, new: Entity, old_documents: Container[str] = frozenset()) -> Entity:
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
    if old_documents and not any(m.document in old_documents for m in new.mentions):
        # Mentions of another document cannot repeat old ones: no scan of a hub entity's thousands of mentions.
        mentions = old.mentions + new.mentions
    else:
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
        self._index = _NameIndex()
        # entity id -> documents its mentions come from and why each joined, for merging and
        # explain(); filled by add_entity, empty for a graph read from a file
        self._provenance = _Provenance()

    # ------------------------------------------------------------------ building
    def add(self, extraction: Extraction) -> Extraction:
        """Merge one document's extraction: its entities join existing ones by name and type.

        Returns the extraction with this graph's entity ids (what a store keeps per document).
        """
        self.add_document(extraction.document)
        ids = {entity.id: self.add_entity(entity) for entity in extraction.entities}
        facts = tuple(_with_ids(fact, ids) for fact in extraction.facts)
        for fact in facts:
            self.add_fact(fact)
        entities = tuple(dataclasses.replace(e, id=ids[e.id]) for e in extraction.entities)
        return Extraction(extraction.document, entities, facts)

    def add_document(self, document: Document) -> None:
        """Record a document's metadata (its text is not kept: evidence holds the sentences)."""
        self._documents[document.id] = dataclasses.replace(document, text="")

    def _match(self, entity: Entity) -> tuple[str | None, str]:
        """The id of an existing entity that ``entity`` names too, if exactly one fits, and why."""
        candidates: dict[str, str] = {}
        for name in _mergeable_names(entity):
            for c in self._index.get(normalize(name)):
                if normalize(name) in {normalize(n) for n in _mergeable_names(self._g.nodes[c]["entity"])}:
                    candidates.setdefault(c, name)
        compatible = [c for c in sorted(candidates) if _conflict(self._g.nodes[c]["entity"], entity) is None]
        # Prefer an entity whose canonical name is the same; else the only candidate.
        exact = [c for c in compatible if normalize(self._g.nodes[c]["entity"].name) == normalize(entity.name)]
        if len(exact) == 1:
            return exact[0], f"same name {entity.name!r} and type {entity.type}"
        if len(compatible) == 1:
            return compatible[0], f"shared name {candidates[compatible[0]]!r} and type {entity.type}"
        return None, ""

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
        found = None
        if entity.id in self._g and self._g.nodes[entity.id]["entity"] == entity:
            # The same entity again: merge, unless it is a one-word person from another document (a bare surname).
            if _mergeable_names(entity) or not entity.mentions:
                found = entity.id
            else:
                existing = self._provenance.documents(entity.id) or {m.document for m in self.get(entity.id).mentions}
                found = entity.id if any(m.document in existing for m in entity.mentions) else None
        if found is not None:
            why = f"same name {entity.name!r}, type {entity.type} and attributes"
        else:
            found, why = self._match(entity)
        if found is None:
            node_id = self._free_id(entity)
            merged = dataclasses.replace(entity, id=node_id)
            self._g.add_node(node_id, entity=merged)
            why = _FIRST_SEEN
        else:
            node_id = found
            merged = _merge_entity(self._g.nodes[node_id]["entity"], entity, self._provenance.documents(node_id))
            self._g.nodes[node_id]["entity"] = merged
        for document in sorted({m.document for m in entity.mentions}):
            self._provenance.record(node_id, document, why)
        for name in merged.names:
            self._index.add(normalize(name), node_id)
        return node_id

    def add_fact(self, fact: Fact) -> Fact:
        """Add a fact between existing entities; a repeat adds its evidence to the edge."""
        for end in (fact.subject, fact.object):
            if end not in self._g:
                raise NotFoundError(f"fact {fact.key!r} refers to entity {end!r}, which is not in the graph; add it first")
        unique = _unique_evidence(fact.evidence)
        if len(unique) != len(fact.evidence):
            # Evidence is a set in meaning: one sentence span counts once.
            fact = dataclasses.replace(fact, evidence=unique)
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
        found = set(self._index.get(key))
        if found or not key:
            return found
        wanted = key.split()
        found = {k for n, ids in self._index.items() if _contains(n.split(), wanted) for k in ids}
        # A partial name means the named entity it belongs to, not a description that quotes it:
        # "Nippon" is Nippon Steel, not "purchase of US Steel by Japan's Nippon Steel".
        named = {k for k in found if self.get(k).type != _UNTYPED}
        return named or found

    def entity(self, name: str) -> Entity:
        """The one entity called ``name`` (canonical name, alias or id, any case).

        A surname finds the person ("Blinken"); a name that matches nothing, or
        several entities, raises ``NotFoundError`` listing the close matches.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> _ = g.add_entity(kg.Entity("ab", "Antony Blinken", "Person", aliases=("Blinken",)))
        >>> g.entity("blinken").name
        'Antony Blinken'
        >>> g.entity("Blinkin")
        Traceback (most recent call last):
        ...
        kg.errors.NotFoundError: no entity is called 'Blinkin'; close matches: 'Antony Blinken'
        """
        ids = self._ids_named(name)
        if len(ids) == 1:
            return self.get(ids.pop())
        if not ids:
            hints = self._close_matches(name)
            way_out = f"close matches: {', '.join(hints)}" if hints else "try graph.entities() to list them"
            raise NotFoundError(f"no entity is called {name!r}; {way_out}")
        ranked = sorted(ids, key=lambda i: (len(self.get(i).name), self.get(i).name, i))
        names = ", ".join(f"{_short(self.get(i).name)} (id {i!r})" for i in ranked[:6])
        more = f" and {len(ranked) - 6} more" if len(ranked) > 6 else ""
        raise NotFoundError(f"{name!r} names several entities: {names}{more}; use the full name or the id")

    def explain(self, name: str) -> Explanation:
        """Why the mentions of one entity were merged: every mention with its rule, and how each document joined.

        >>> import kg
        >>> graph = kg.build("Joe Biden blocked the deal. Biden said he opposed it.")
        >>> [(m.text, m.rule) for m in graph.explain("Biden").mentions]
        [('Joe Biden', 'ner'), ('Biden', 'surname'), ('he', 'pronoun: subject of this sentence')]
        """
        try:
            entity = self.entity(name)
        except NotFoundError:
            # Not a name: maybe the words of a mention ("the diplomat", "Secretary of State").
            key = normalize(name)
            ids = {e.id for e in self.entities() if any(normalize(m.text) == key for m in e.mentions)}
            if len(ids) != 1:
                raise
            entity = self.get(ids.pop())
        mentions = tuple(sorted(entity.mentions, key=lambda m: (m.document, m.start, m.end)))
        merges = self._provenance.reasons(entity.id)
        documents = [d for d, _ in merges]
        # A graph read back from a file keeps the mentions but not the record of its merges.
        for document in sorted({m.document for m in mentions} - set(documents)):
            merges.append((document, "read from a file, which keeps mentions but not merge reasons"))
        return Explanation(entity, mentions, tuple(merges))

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
        """Facts matching the given subject, predicate and object names.

        Names match canonical names, aliases and ids case-insensitively (a
        surname finds the person). The predicate matches facts whose predicate
        contains those words compared by lemma: "blocked", "blocks" and "block"
        all find "block". ``document`` keeps facts read in that document (id or
        URL). ``since`` and ``until`` (ISO dates, inclusive) keep facts dated
        in that range: by their time qualifier read relative to the document
        date, else by the document date; undated facts are left out. Negated
        and hedged facts are left out unless ``include_negated``.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> g.add_document(kg.Document("d1", "", date="2025-01-07"))
        >>> for e in (kg.Entity("jb", "Joe Biden", "Person"), kg.Entity("us", "US Steel", "Organization")):
        ...     _ = g.add_entity(e)
        >>> ev = kg.Evidence("d1", "Biden blocked the deal on Friday.", 0, 33)
        >>> _ = g.add_fact(kg.Fact("jb", "block", "us", time="on Friday", evidence=(ev,)))
        >>> [(f.subject, f.predicate, f.object) for f in g.facts("biden", "blocked")]
        [('jb', 'block', 'us')]
        >>> len(g.facts(since="2025-01-01", until="2025-01-03")), len(g.facts(since="2025-01-04"))
        (1, 0)
        """
        subjects = self._ids_named(subject) if subject is not None else None
        objects = self._ids_named(object) if object is not None else None
        doc_id = self._document_id(document) if document is not None else None
        start, end = as_date(since), as_date(until)
        predicate_matches: dict[str, bool] = {}  # per distinct key: a corpus repeats few predicates many times
        found = []
        for s, o, data in self._g.edges(data=True):
            fact: Fact = data["fact"]
            if subjects is not None and s not in subjects or objects is not None and o not in objects:
                continue
            if not include_negated and not fact.asserted:
                continue
            if predicate:
                if fact.key not in predicate_matches:
                    predicate_matches[fact.key] = words_match(fact.key, predicate)
                if not predicate_matches[fact.key]:
                    continue
            if doc_id is not None and all(e.document != doc_id for e in fact.evidence):
                continue
            if start is not None or end is not None:
                when = self.date_of(fact)
                if when is None or start is not None and when < start or end is not None and when > end:
                    continue
            found.append(fact)
        return found

    def iter_facts(self) -> Iterator[Fact]:
        """Every fact, asserted or not, in insertion order."""
        for _, _, data in self._g.edges(data=True):
            yield data["fact"]

    # ------------------------------------------------------------------ queries
    # Questions an analyst asks of a graph; names resolve as in ``entity``.

    def entities_named(self, name: str) -> list[Entity]:
        """Every entity ``name`` can mean (empty when none): the lenient form of ``entity``.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in (kg.Entity("a", "Ada Lovelace", "Person"), kg.Entity("b", "Ada Yonath", "Person")):
        ...     _ = g.add_entity(e)
        >>> [e.name for e in g.entities_named("Ada")]
        ['Ada Lovelace', 'Ada Yonath']
        """
        return sorted((self.get(i) for i in self._ids_named(name)), key=lambda e: (e.name, e.id))

    def _close_matches(self, name: str) -> list[str]:
        """Up to five names like ``name``, for an error message."""
        # Compare with whole names and with their single words, so "Rubbio" finds Marco Rubio;
        # named entities rank before descriptions that merely contain the word.
        query = normalize(name)
        keys_by_word: dict[str, list[str]] = {}
        for key in self._index:
            for word in {key, *key.split()}:
                keys_by_word.setdefault(word, []).append(key)
        ranked: dict[str, tuple[bool, float, str]] = {}
        for word in difflib.get_close_matches(query, list(keys_by_word), n=10, cutoff=0.75):
            score = difflib.SequenceMatcher(None, query, word).ratio()
            for key in keys_by_word[word]:
                for entity_id in self._index.get(key):
                    entity = self.get(entity_id)
                    shown = next((n for n in entity.aliases if normalize(n) == key), None)
                    hint = f"{shown!r} ({_short(entity.name)})" if shown else repr(_short(entity.name))
                    rank = (entity.type == _UNTYPED, -score, hint)
                    if entity_id not in ranked or rank < ranked[entity_id]:
                        ranked[entity_id] = rank
        return [rank[2] for rank in sorted(ranked.values())[:5]]

    def _document_id(self, document: str) -> str:
        if document in self._documents:
            return document
        for doc in self._documents.values():
            if document in (doc.url, doc.source):
                return doc.id
        close = difflib.get_close_matches(document, list(self._documents), n=5)
        hint = f"close matches: {', '.join(map(repr, close))}" if close else "graph.documents() lists them"
        raise NotFoundError(f"no document has id or URL {document!r}; {hint}")

    def date_of(self, fact: Fact) -> datetime.date | None:
        """The date a fact is about: its time qualifier read relative to its document's date, else that date.

        None when neither gives a date (a weekday name needs the document date).
        """
        documents = [self._documents.get(e.document) for e in fact.evidence]
        base = next((as_date(d.date) for d in documents if d is not None and d.date), None)
        if fact.time:
            when = parse_date(fact.time, base)
            if when is not None:
                return when
        return base

    def neighbors(
        self,
        entity: str,
        *,
        predicate: str | None = None,
        direction: Literal["out", "in", "both"] = "both",
        include_negated: bool = False,
    ) -> list[Entity]:
        """Entities one fact away from ``entity``, in the order the facts were added.

        ``direction`` is "out" (``entity`` is the subject), "in" (it is the
        object) or "both"; ``predicate`` keeps facts with that predicate (by lemma).

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in ("Blinken", "Iwaya", "Rubio"):
        ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
        >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
        >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
        >>> [e.name for e in g.neighbors("Blinken")], [e.name for e in g.neighbors("Blinken", direction="in")]
        (['Iwaya', 'Rubio'], ['Rubio'])
        """
        if direction not in ("out", "in", "both"):
            raise QueryError(f"direction {direction!r} is not one of 'out', 'in', 'both'")
        node = self.entity(entity).id
        found: dict[str, None] = {}  # ids in first-seen order
        if direction in ("out", "both"):
            for _, other, data in self._g.out_edges(node, data=True):
                if self._keep(data["fact"], predicate, include_negated):
                    found.setdefault(other)
        if direction in ("in", "both"):
            for other, _, data in self._g.in_edges(node, data=True):
                if self._keep(data["fact"], predicate, include_negated):
                    found.setdefault(other)
        return [self.get(i) for i in found if i != node]

    @staticmethod
    def _keep(fact: Fact, predicate: str | None, include_negated: bool) -> bool:
        return (include_negated or fact.asserted) and (not predicate or words_match(fact.key, predicate))

    def _name_links(self) -> list[Fact]:
        """``mention`` links from descriptive entities to the named entities their names contain.

        "acquisition of US Steel" is about US Steel even when no clause says
        so; such a link joins the two in ``paths``. Names are matched longest
        first and without overlap, so "US Steel" is not also read as "US".
        """
        targets = {k: ids for k, ids in self._index.items() if any(self.get(i).type in _NAMED_TYPES for i in ids)}
        longest = max((len(k.split()) for k in targets), default=0)
        evidence: dict[str, dict[Evidence, None]] = {}  # entity id -> its facts' evidence, in order, once each
        for fact in self.iter_facts():
            for end in (fact.subject, fact.object):
                evidence.setdefault(end, {}).update(dict.fromkeys(fact.evidence))
        links = []
        for entity in self.entities():
            if entity.type != _UNTYPED:
                continue
            words = normalize(entity.name).split()
            i = 0
            while i < len(words):
                for n in range(min(longest, len(words) - i), 0, -1):
                    ids = targets.get(" ".join(words[i : i + n]))
                    if ids:
                        seen_in = tuple(evidence.get(entity.id, {}))
                        for target in sorted(ids):
                            if self.get(target).type in _NAMED_TYPES:
                                links.append(Fact(entity.id, "mention", target, evidence=seen_in))
                        i += n
                        break
                else:
                    i += 1
        return links

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
        """How two entities are connected: up to ``limit`` shortest paths, each a list of facts.

        A path follows facts in either direction (read each fact's subject and
        object to see which way it points) and has at most ``max_length``
        steps; the shortest come first. Between two entities joined by several
        facts the most confident one stands for the step. With ``mentions``, a
        step may also be a ``mention`` link from a descriptive entity
        ("Biden's decision to block acquisition of US Steel") to a named
        entity its name contains (US Steel): such links are not facts of the
        graph (``facts()`` never returns them); their evidence is the
        sentences the descriptive entity was read in.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in (kg.Entity("a", "Blinken", "Person"), kg.Entity("b", "Iwaya", "Person"),
        ...           kg.Entity("c", "Ishiba", "Person")):
        ...     _ = g.add_entity(e)
        >>> _ = g.add_fact(kg.Fact("a", "meet", "b"))
        >>> _ = g.add_fact(kg.Fact("c", "appoint", "b"))
        >>> [[(f.subject, f.predicate, f.object) for f in path] for path in g.paths("Blinken", "Ishiba")]
        [[('a', 'meet', 'b'), ('c', 'appoint', 'b')]]
        """
        start, end = self.entity(a).id, self.entity(b).id
        if start == end:
            return []
        steps = nx.Graph()
        for fact in self.iter_facts():
            if fact.subject == fact.object or not include_negated and not fact.asserted:
                continue
            # Between two entities joined by several facts the most confident one stands for the step.
            pair = (fact.subject, fact.object)
            if not steps.has_edge(*pair) or steps.edges[pair]["fact"].confidence < fact.confidence:
                steps.add_edge(*pair, fact=fact)
        if mentions:
            for link in self._name_links():
                if not steps.has_edge(link.subject, link.object):  # a fact beats a name link
                    steps.add_edge(link.subject, link.object, fact=link)
        if start not in steps or end not in steps:
            return []
        found = []
        try:
            for nodes in nx.shortest_simple_paths(steps, start, end):
                if len(nodes) - 1 > max_length or len(found) >= limit:
                    break
                found.append([steps.edges[u, v]["fact"] for u, v in itertools.pairwise(nodes)])
        except nx.NetworkXNoPath:
            pass
        return found

    def evidence(self, fact: Fact) -> tuple[Evidence, ...]:
        """Every sentence the graph holds for ``fact`` (a fact from an older copy of the graph works too).

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> _ = g.add_entity(kg.Entity("a", "Blinken")); _ = g.add_entity(kg.Entity("b", "Iwaya"))
        >>> first = g.add_fact(kg.Fact("a", "meet", "b", evidence=(kg.Evidence("d1", "Blinken met Iwaya.", 0, 18),)))
        >>> _ = g.add_fact(kg.Fact("a", "meet", "b", evidence=(kg.Evidence("d2", "They met.", 0, 9),)))
        >>> [e.sentence for e in g.evidence(first)]
        ['Blinken met Iwaya.', 'They met.']
        """
        try:
            return self._g.edges[fact.subject, fact.object, fact.key]["fact"].evidence
        except KeyError:
            if fact.predicate == "mention" and fact.evidence:
                return fact.evidence  # a name link from ``paths``
            raise NotFoundError(f"the graph holds no fact {fact.identity!r}; take facts from graph.facts()") from None

    def subgraph(
        self,
        entities: str | Iterable[str] | None = None,
        *,
        predicate: str | None = None,
        document: str | None = None,
    ) -> KnowledgeGraph:
        """A new graph with part of this one: given entities, one predicate, or one document.

        ``entities`` (names or ids) keeps those entities and the facts among
        them; ``predicate`` keeps facts with that predicate (by lemma) and the
        entities they join; ``document`` keeps what was read in that document,
        with only its evidence and mentions. Given together, all must hold.
        Negated and hedged facts are kept (they are part of the graph).

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in ("Blinken", "Iwaya", "Rubio"):
        ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
        >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
        >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
        >>> g.subgraph(predicate="replaced")
        <KnowledgeGraph 0 documents, 2 entities, 1 facts>
        >>> sorted(e.name for e in g.subgraph(["Blinken", "Iwaya"]).entities())
        ['Blinken', 'Iwaya']
        """
        keep = None
        if entities is not None:
            names = [entities] if isinstance(entities, str) else list(entities)
            keep = {self.entity(n).id for n in names}
        facts = [
            f
            for f in self.facts(predicate=predicate, document=document, include_negated=True)
            if keep is None or f.subject in keep and f.object in keep
        ]
        doc_id = self._document_id(document) if document is not None else None
        if doc_id is not None:
            facts = [
                dataclasses.replace(f, evidence=tuple(e for e in f.evidence if e.document == doc_id)) for f in facts
            ]
        ids = set(keep or ())
        for fact in facts:
            ids.update(i for i in (fact.subject, fact.object, fact.attributed_to) if i is not None)
        if doc_id is not None and keep is None:
            ids.update(e.id for e in self.entities() if any(m.document == doc_id for m in e.mentions))
        chosen = [self.get(i) for i in self._g if i in ids]
        if doc_id is not None:
            chosen = [
                dataclasses.replace(e, mentions=tuple(m for m in e.mentions if m.document == doc_id)) for e in chosen
            ]
        graph = from_entities_and_facts(chosen, facts)
        used = {e.document for f in facts for e in f.evidence} | {m.document for e in chosen for m in e.mentions}
        for doc in self._documents.values():
            if doc.id in used or doc.id == doc_id:
                graph.add_document(doc)
        return graph

    def most_connected(self, n: int = 10, *, include_negated: bool = False) -> list[tuple[Entity, int]]:
        """The ``n`` entities in the most facts, with their number of facts, most first.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in ("Blinken", "Iwaya", "Rubio"):
        ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
        >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
        >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
        >>> [(e.name, count) for e, count in g.most_connected(2)]
        [('Blinken', 2), ('Iwaya', 1)]
        """
        counts: dict[str, int] = dict.fromkeys(self._g, 0)
        for fact in self.iter_facts():
            if include_negated or fact.asserted:
                counts[fact.subject] += 1
                counts[fact.object] += 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.get(item[0]).name, item[0]))
        return [(self.get(i), count) for i, count in ranked[:n]]

    def predicates(self, *, include_negated: bool = False) -> dict[str, int]:
        """Each predicate with its number of facts, most frequent first.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> for e in ("Blinken", "Iwaya", "Rubio"):
        ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
        >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
        >>> _ = g.add_fact(kg.Fact("rubio", "meet", "blinken"))
        >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
        >>> g.predicates()
        {'meet': 2, 'replace': 1}
        """
        counts = Counter(f.predicate for f in self.iter_facts() if include_negated or f.asserted)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def timeline(self, entity: str, *, include_negated: bool = False) -> list[tuple[datetime.date | None, Fact]]:
        """The facts about ``entity`` as (date, fact) pairs in time order.

        A fact's date is its time qualifier read relative to its document's
        date, else the document date (see ``date_of``). Dated facts come
        first, oldest first; undated ones follow in the order of the text.

        >>> import kg
        >>> g = kg.KnowledgeGraph()
        >>> g.add_document(kg.Document("d1", "", date="2025-01-07"))
        >>> for e in ("Biden", "US Steel", "Rubio", "Blinken"):
        ...     _ = g.add_entity(kg.Entity(e.lower(), e))
        >>> def ev(start):
        ...     return (kg.Evidence("d1", "...", start, start + 3),)
        >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken", time="January 20", evidence=ev(0)))
        >>> _ = g.add_fact(kg.Fact("biden", "block", "us steel", time="Friday", evidence=ev(9)))
        >>> _ = g.add_fact(kg.Fact("blinken", "visit", "us steel", evidence=ev(5)))
        >>> [(str(when), f.predicate) for when, f in g.timeline("US Steel")]
        [('2025-01-03', 'block'), ('2025-01-07', 'visit')]
        """
        node = self.entity(entity).id
        order = {doc_id: n for n, doc_id in enumerate(self._documents)}
        dated = []
        for fact in self.iter_facts():
            if node not in (fact.subject, fact.object) or not include_negated and not fact.asserted:
                continue
            first = min(((order.get(e.document, len(order)), e.start) for e in fact.evidence), default=(len(order), 0))
            dated.append((self.date_of(fact), first, fact))
        dated.sort(key=lambda item: (item[0] is None, item[0] or datetime.date.min, item[1]))
        return [(when, fact) for when, _, fact in dated]

    def to_dataframe(self, table: Literal["facts", "entities", "documents"] = "facts") -> pandas.DataFrame:
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
        >>> g.to_dataframe()[["subject_name", "predicate", "object_name", "sentence"]]
          subject_name predicate object_name            sentence
        0      Blinken      meet       Iwaya  Blinken met Iwaya.
        """
        pandas = _pandas()
        if table == "entities":
            rows = [{"id": e.id, **_entity_attributes(e)} for e in self.entities()]
            return pandas.DataFrame(rows, columns=list(_ENTITY_COLUMNS))
        if table == "documents":
            return pandas.DataFrame([_plain_document(d) for d in self.documents()], columns=list(_DOCUMENT_COLUMNS))
        if table != "facts":
            raise QueryError(f"table {table!r} is not one of 'facts', 'entities', 'documents'")
        rows = []
        for fact in self.iter_facts():
            subject, obj = self.get(fact.subject), self.get(fact.object)
            first = fact.evidence[0] if fact.evidence else None
            rows.append(
                {
                    "subject": fact.subject,
                    "subject_name": subject.name,
                    "subject_type": subject.type,
                    "predicate": fact.predicate,
                    "object": fact.object,
                    "object_name": obj.name,
                    "object_type": obj.type,
                    "key": fact.key,
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

    @classmethod
    def from_dataframe(
        cls,
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
                    name, kind = attrs.get(f"{end}_name", attrs[end]), attrs.get(f"{end}_type", _UNTYPED)
                    g.add_node(attrs[end], name=name, type=kind)
            edge = {k: v for k, v in attrs.items() if k in _FACT_ATTRIBUTES}
            fact = _fact_from_attributes(attrs["subject"], attrs["object"], str(attrs["predicate"]), edge)
            g.add_edge(attrs["subject"], attrs["object"], key=fact.key, **edge)
        return cls.from_networkx(g)

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
                graph._index.add(normalize(name), entity.id)
        for s, o, key, data in g.edges(keys=True, data=True):
            graph.add_fact(_fact_from_attributes(str(s), str(o), str(key), data))
        return graph

    def to_rdflib(self, *, base: str | None = None) -> rdflib.Graph:
        """The graph as RDF (see docs/vocabulary.md): entities, direct triples, reified provenance."""
        from .rdf import to_rdflib

        return to_rdflib(self, base=base)

    def sparql(self, query: str, *, base: str | None = None) -> SparqlResult:
        """Run a SPARQL query over the graph's RDF (docs/vocabulary.md), one named graph per document.

        The default graph is the union of all graphs; kg's prefixes (``ent:``,
        ``rel:``, ``kg:``, ``schema:``, ``rdfs:``, ...) are predefined.

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
        return sparql(store, query)

    def write(self, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
        """Write the graph to ``path``; the format comes from the suffix unless given."""
        from .export import write

        return write(self, path, format=format, **options)

    def show(self, *, height: int = 600, max_nodes: int | None = None) -> InlineHTML:
        """The interactive page, for notebooks: shown inline (an ``<iframe srcdoc>``), never a file link.

        Make it the last expression of a cell, or pass it to ``IPython.display.display``.
        """
        from .export.html import iframe

        return InlineHTML(iframe(self, height=height, max_nodes=max_nodes))

    def _repr_html_(self) -> str:
        # A notebook showing a graph should stay light: big graphs keep their best-connected part.
        from .export.html import iframe

        return iframe(self, max_nodes=REPR_MAX_NODES)


#: The most entities ``KnowledgeGraph._repr_html_`` draws; ``show(max_nodes=...)`` draws more.
REPR_MAX_NODES = 1000


@dataclass(frozen=True)
class InlineHTML:
    """HTML that notebooks (Jupyter, VS Code, Colab) display inline; ``str()`` gives the markup."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _with_ids(fact: Fact, ids: dict[str, str]) -> Fact:
    """The fact with its entity ids renamed as ``ids`` says (ids not in it are kept)."""
    return dataclasses.replace(
        fact,
        subject=ids.get(fact.subject, fact.subject),
        object=ids.get(fact.object, fact.object),
        attributed_to=ids.get(fact.attributed_to, fact.attributed_to) if fact.attributed_to else None,
    )


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
            graph._index.add(normalize(name), entity.id)
    for fact in facts:
        graph.add_fact(fact)
    return graph


# ---------------------------------------------------------------------- query helpers
#: Entity types a descriptive entity's name can mention (see ``KnowledgeGraph.paths``).
_NAMED_TYPES = frozenset({"Person", "Organization", "Place", "Event"})
_ENTITY_COLUMNS = ("id", "name", "type", "aliases", "attributes", "mentions")
_DOCUMENT_COLUMNS = ("id", "source", "url", "title", "date")
_FACT_ATTRIBUTES = frozenset(
    {"predicate", "negated", "modality", "time", "place", "attributed_to", "confidence", "evidence"}
)
_FACT_COLUMNS = (
    "subject", "subject_name", "subject_type", "predicate", "object", "object_name", "object_type", "key", "negated",
    "modality", "time", "place", "attributed_to", "confidence", "document", "sentence", "start", "end",
    "evidence_count", "evidence",
)


def _short(name: str, width: int = 60) -> str:
    """A name cut to ``width`` characters for error messages."""
    return name if len(name) <= width else name[: width - 1] + "…"


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
