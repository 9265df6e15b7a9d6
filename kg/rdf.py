"""RDF: a KnowledgeGraph in, triples or quads (pyoxigraph, rdflib) out, and back again.

The vocabulary is documented in docs/vocabulary.md and declared in
``kg/vocab.ttl``; ``kg/shapes.ttl`` checks it. In short: entities are IRIs
typed with schema.org classes, labelled with ``rdfs:label`` and
``skos:altLabel``; every asserted fact is a direct triple whose predicate IRI
is readable (``rel:meet``, ``rel:argue_against``); every fact, asserted or
not, has an ``rdf:Statement`` with its provenance (PROV-O), its qualifiers
(typed: ``xsd:date`` times, place entities, decimal confidence) and its
evidence sentences. Text is ``@en``. Negated and hedged facts exist only as
statements. IRIs are minted from slugs, hashes or an escaped predicate, never
from raw text, and every one is checked by ``pyoxigraph.NamedNode`` (strict
RFC 3987); there are no blank nodes, so the output is the same set of triples
on every run and isomorphism is plain set equality.

Triples come grouped by subject (an entity's description, its mentions and
its outgoing facts together), so the Turtle is readable; each triple once.
Quads put everything one document says into that document's named graph, so
a document can be replaced or removed as a unit: its description, mentions
and evidence, plus a copy of each entity, predicate and statement it refers
to, graph by graph. What no document supports goes to one graph of its own
(``UNSOURCED``); nothing goes to the default graph. The union of all graphs
is exactly the triple output.

Writing and reading go through pyoxigraph (about 25x faster than rdflib);
``to_rdflib`` is kept for interoperability.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import FormatError, QueryError
from .memory import paused_gc
from .model import ASSERTIONS, PARTICIPANT_ROLES, Document, Entity, Evidence, Fact, Mention
from .names import normalize, slugify
from .relations import canonical, inventory, iri_name, is_canonical

if TYPE_CHECKING:
    import rdflib

    from .graph import KnowledgeGraph

__all__ = [
    "DEFAULT_BASE",
    "KG",
    "SCHEMA",
    "PREFIXES",
    "STATEMENT_FORMS",
    "TERMS",
    "check_base",
    "check_vocab",
    "entity_iri",
    "predicate_iri",
    "document_iri",
    "graph_iri",
    "unsourced_iri",
    "triples",
    "quads",
    "document_quads",
    "to_rdflib",
    "from_rdflib",
    "from_triples",
    "from_oxigraph",
    "paused_gc",
    "prefixes",
    "read_records",
    "parts_from_records",
    "detect_namespaces",
    "Records",
    "FIELDS",
    "MANY",
    "TERMS_KEPT",
    "KINDS",
    "CLASS_KINDS",
    "vocabulary",
    "validate",
    "relation_iris",
]

DEFAULT_BASE = "https://kg.invalid/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
#: kg's own vocabulary (classes and properties, declared in kg/vocab.ttl); data IRIs live under the base.
#: Stable whatever the base; ``vocab=`` (``--vocab``) moves it to a namespace of your own.
KG = "https://kg.invalid/vocab#"
SCHEMA = "https://schema.org/"

#: Prefixes bound once, in every graph we write (plus the data namespaces under the base, see ``prefixes``).
PREFIXES = {
    "kg": KG,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "time": TIME,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

#: The data namespaces under the base: prefix -> path.
_DATA_PREFIXES = {
    "ent": "entity/",
    "rel": "predicate/",
    "doc": "document/",
    "graph": "graph/",
    "stmt": "statement/",
    "ev": "evidence/",
    "mention": "mention/",
    "attr": "attribute/",
}

#: Entity types to classes: schema.org's where schema.org has a class (its DateTime is a data type,
#: not a class, so a date is an OWL-Time temporal entity).
TYPE_CLASSES = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
    "Event": SCHEMA + "Event",
    "Date": TIME + "TemporalEntity",
    "Quantity": SCHEMA + "QuantitativeValue",
    "Claim": SCHEMA + "Claim",
    "Thing": SCHEMA + "Thing",
}
CLASS_TYPES = {v: k for k, v in TYPE_CLASSES.items()}

#: How a statement names the triple it is about: RDF reification (``rdf:subject``, ``rdf:predicate``,
#: ``rdf:object``; every RDF 1.1 tool reads it) or an RDF 1.2 triple term (``rdf:reifies <<( s p o )>>``,
#: one pattern in SPARQL 1.2; Turtle, N-Triples, TriG and N-Quads only).
STATEMENT_FORMS = ("reification", "triple-terms")

#: kg's terms, by local name.
TERMS = (
    "Evidence",
    "Mention",
    "Attribute",
    "id",
    "attribute",
    "key",
    "mention",
    "text",
    "start",
    "end",
    "rule",
    "source",
    "contentHash",
    "buildOrder",
    "extraction",
    "asserted",
    "assertion",
    "negated",
    "confidence",
    "modality",
    "time",
    "timeText",
    "place",
    "placeText",
    "evidence",
    "sentence",
    "relation",
    "objectRole",
    *PARTICIPANT_ROLES,
)

_N = ox.NamedNode
A = _N(RDF + "type")
LABEL = _N(RDFS + "label")
ALT_LABEL = _N(SKOS + "altLabel")
DERIVED = _N(PROV + "wasDerivedFrom")
ATTRIBUTED = _N(PROV + "wasAttributedTo")
PROV_ENTITY = _N(PROV + "Entity")
PROPERTY = _N(RDF + "Property")
STATEMENT = _N(RDF + "Statement")
SUBJECT, PREDICATE, OBJECT, VALUE, REIFIES = (_N(RDF + n) for n in ("subject", "predicate", "object", "value", "reifies"))
_S = {name: _N(SCHEMA + name) for name in ("NewsArticle", "identifier", "headline", "datePublished", "url")}
_CLASS_NODES = {k: _N(v) for k, v in TYPE_CLASSES.items()}
_INTEGER, _DECIMAL, _BOOLEAN, _ANY_URI, _DATE, _DATE_TIME = (
    _N(XSD + n) for n in ("integer", "decimal", "boolean", "anyURI", "date", "dateTime")
)
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)
_ASSERTIONS = {a: ox.Literal(a) for a in ASSERTIONS}
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_ISO_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _check_namespace(iri: str | None, default: str, what: str, option: str, example: str) -> str:
    iri = iri or default
    if not iri.endswith(("/", "#")):
        iri += "/"
    try:
        _N(iri)
    except ValueError as exc:
        raise FormatError(f"{what} {iri!r} is not a valid absolute IRI ({exc}); give {option} an IRI like {example}") from exc
    return iri


def check_base(base: str | None) -> str:
    """The base namespace of minted IRIs, ending in '/' or '#', checked as an absolute IRI."""
    return _check_namespace(base, DEFAULT_BASE, "base", "--base", "https://example.org/kg/")


def check_vocab(vocab: str | None) -> str:
    """The namespace of kg's own terms (default ``KG``), ending in '/' or '#', checked as an absolute IRI."""
    return _check_namespace(vocab, KG, "vocabulary namespace", "--vocab", "https://example.org/kg/vocab#")


def _local(key: str) -> str:
    """An IRI-safe local name: the slug itself when the key is one, else slug plus hash (so no two keys meet)."""
    slug = slugify(key)
    return slug if slug == key else f"{slug}-{_hash(key)[:8]}"


_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


@functools.lru_cache(maxsize=1 << 13)
def predicate_local(predicate: str) -> str:
    """The local name of a predicate: its words joined by '_', anything but ASCII letters, digits and '-'
    percent-encoded (UTF-8). One predicate, one name, and no two predicates share one.

    >>> predicate_local("meet"), predicate_local("argue against"), predicate_local("co-operate with")
    ('meet', 'argue_against', 'co-operate_with')
    >>> predicate_local("say 'no' to"), predicate_local("élire")
    ('say_%27no%27_to', '%C3%A9lire')
    """
    out = []
    for ch in predicate:
        if ch in _KEEP:
            out.append(ch)
        elif ch == " ":
            out.append("_")
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def entity_iri(entity_id: str, base: str | None = None) -> str:
    return f"{check_base(base)}entity/{_local(entity_id)}"


def predicate_iri(predicate: str, base: str | None = None) -> str:
    return f"{check_base(base)}predicate/{predicate_local(predicate)}"


def document_iri(document_id: str, base: str | None = None) -> str:
    return f"{check_base(base)}document/{_local(document_id)}"


def graph_iri(document_id: str, base: str | None = None) -> str:
    """The named graph that holds what one document says."""
    return f"{check_base(base)}graph/{_local(document_id)}"


def unsourced_iri(base: str | None = None) -> str:
    """The named graph of entities and facts no document supports ('_' never occurs in a document's name)."""
    return f"{check_base(base)}graph/_unsourced"


#: The longest literal kg writes, in UTF-8 bytes: RDF parsers (Oxigraph's) read none over 16 MiB back.
MAX_LITERAL_BYTES = 16 * 1024 * 1024 - 64


def _checked(value: str) -> str:
    # Document fields are bounded when read (kg.documents.FIELD_LIMITS), sentences by the parse: this never
    # fires on what kg builds, but it keeps a graph made by hand from becoming a file nothing can read.
    if len(value) * 4 > MAX_LITERAL_BYTES and len(value.encode("utf-8")) > MAX_LITERAL_BYTES:
        raise FormatError(
            f"a text of {len(value.encode('utf-8')):,} bytes ({value[:40]!r}...) is longer than the 16 MiB that "
            "RDF parsers read back in one literal; kg writes no file it could not read back: shorten it"
        )
    return value


def _string(value: str) -> ox.Literal:
    return ox.Literal(_checked(value))


# Names, mention texts, offsets and confidences repeat, and so does a sentence for each fact read in
# it: each literal is made once while it keeps coming.
@functools.lru_cache(maxsize=1 << 14)
def _text(value: str) -> ox.Literal:
    # What the article says, in its words: English text.
    return ox.Literal(_checked(value), language="en")


@functools.lru_cache(maxsize=256)
def _rule(value: str) -> ox.Literal:
    # The rule of a mention: a few dozen names, each on thousands of mentions.
    return _string(value)


@functools.lru_cache(maxsize=1 << 14)
def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


@functools.lru_cache(maxsize=1 << 12)
def _decimal(value: float) -> ox.Literal:
    # repr round-trips a float exactly; format "f" turns 1e-05 into the decimal lexical form 0.00001.
    return ox.Literal(format(Decimal(repr(value)), "f"), datatype=_DECIMAL)


def _when(value: str) -> ox.Literal:
    """A document date: ``xsd:date`` or ``xsd:dateTime`` when it is one in ISO 8601, else the text as given."""
    try:
        if _ISO_DATE.fullmatch(value):
            dt.date.fromisoformat(value)
            return ox.Literal(value, datatype=_DATE)
        if _ISO_DATE_TIME.fullmatch(value):
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return ox.Literal(value, datatype=_DATE_TIME)
    except ValueError:
        pass
    return _string(value)


@functools.lru_cache(maxsize=8)
def _terms(vocab: str) -> dict[str, ox.NamedNode]:
    return {name: _N(vocab + name) for name in TERMS}


class _Minter:
    """IRIs of one base and vocabulary, made once each (slugging and validating are the slow part)."""

    def __init__(self, base: str | None, vocab: str | None = None) -> None:
        self.base = check_base(base)
        self.vocab = check_vocab(vocab)
        self.v = _terms(self.vocab)
        self._entities: dict[str, ox.NamedNode] = {}
        self._predicates: dict[str, ox.NamedNode] = {}
        self._documents: dict[str, ox.NamedNode] = {}
        self._graphs: dict[str | None, ox.NamedNode] = {}
        self._relations: dict[str, ox.NamedNode] = {}
        # The last fact's statement IRI: its description and its evidence are written one after the other.
        self._statement: tuple[Fact | None, ox.NamedNode | None] = (None, None)

    def entity(self, entity_id: str) -> ox.NamedNode:
        node = self._entities.get(entity_id)
        if node is None:
            node = self._entities[entity_id] = _N(f"{self.base}entity/{_local(entity_id)}")
        return node

    def predicate(self, predicate: str) -> ox.NamedNode:
        node = self._predicates.get(predicate)
        if node is None:
            node = self._predicates[predicate] = _N(f"{self.base}predicate/{predicate_local(predicate)}")
        return node

    def document(self, document_id: str) -> ox.NamedNode:
        node = self._documents.get(document_id)
        if node is None:
            node = self._documents[document_id] = _N(f"{self.base}document/{_local(document_id)}")
        return node

    def relation(self, relation: str) -> ox.NamedNode:
        """A canonical relation of kg's inventory: a term of kg's vocabulary ("merge with" -> ``kg:mergeWith``)."""
        node = self._relations.get(relation)
        if node is None:
            node = self._relations[relation] = _N(self.vocab + iri_name(relation))
        return node

    def graph(self, document_id: str | None) -> ox.NamedNode:
        node = self._graphs.get(document_id)
        if node is None:
            iri = unsourced_iri(self.base) if document_id is None else graph_iri(document_id, self.base)
            node = self._graphs[document_id] = _N(iri)
        return node

    def hashed(self, kind: str, *parts: object) -> ox.NamedNode:
        return _N(f"{self.base}{kind}/{_hash(*parts)}")

    def statement(self, fact: Fact) -> ox.NamedNode:
        last, node = self._statement
        if last is not fact:
            node = self.hashed("statement", *fact.identity)
            self._statement = (fact, node)
        return node  # type: ignore[return-value]


class _Writer:
    """The triples of one graph, piece by piece: what ``triples``, ``quads`` and the store write."""

    def __init__(
        self,
        graph: KnowledgeGraph,
        base: str | None,
        vocab: str | None,
        *,
        source_paths: bool = False,
        statements: str = "reification",
    ) -> None:
        if statements not in STATEMENT_FORMS:
            raise FormatError(f"statements={statements!r} is not one of: {', '.join(STATEMENT_FORMS)}")
        self.graph = graph
        self.m = _Minter(base, vocab)
        self.v = self.m.v
        self.source_paths = source_paths
        self.triple_terms = statements == "triple-terms"
        self._mention_documents: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ documents
    def document(self, doc: Document, extra: Iterable[tuple[ox.NamedNode, ox.Literal]] = ()) -> list[ox.Triple]:
        node = self.m.document(doc.id)
        out = [
            ox.Triple(node, A, _S["NewsArticle"]),
            ox.Triple(node, A, PROV_ENTITY),
            ox.Triple(node, _S["identifier"], _string(doc.id)),
        ]
        if doc.url is not None:
            out.append(ox.Triple(node, _S["url"], ox.Literal(doc.url, datatype=_ANY_URI)))
        if doc.title is not None:
            out.append(ox.Triple(node, _S["headline"], _text(doc.title)))
        if doc.date is not None:
            out.append(ox.Triple(node, _S["datePublished"], _when(doc.date)))
        if doc.content_hash is not None:
            out.append(ox.Triple(node, self.v["contentHash"], _string(doc.content_hash)))
        if doc.source is not None and self.source_paths:
            out.append(ox.Triple(node, self.v["source"], _string(doc.source)))
        out.extend(ox.Triple(node, p, o) for p, o in extra)
        return out

    def placeholder(self, doc_id: str) -> list[ox.Triple]:
        """A document that evidence or a mention points at but kg has no metadata for: named, so its id reads back."""
        node = self.m.document(doc_id)
        return [ox.Triple(node, A, PROV_ENTITY), ox.Triple(node, _S["identifier"], _string(doc_id))]

    # ------------------------------------------------------------------ entities
    def entity(self, entity: Entity) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The entity's description (the part every graph holding it has the same copy of): its own
        triples, and those of its attribute nodes."""
        node, v = self.m.entity(entity.id), self.v
        own = [
            ox.Triple(node, A, _CLASS_NODES.get(entity.type, _CLASS_NODES["Thing"])),
            ox.Triple(node, v["id"], _string(entity.id)),
            ox.Triple(node, LABEL, _text(entity.name)),
        ]
        own.extend(ox.Triple(node, ALT_LABEL, _text(alias)) for alias in entity.aliases)
        nodes = []
        for key, value in entity.attributes:
            a = self.m.hashed("attribute", entity.id, key, value)
            own.append(ox.Triple(node, v["attribute"], a))
            nodes += [
                ox.Triple(a, A, v["Attribute"]),
                ox.Triple(a, v["key"], _string(key)),
                ox.Triple(a, VALUE, _text(value)),
            ]
        # An event's participants are links between entities: "kg:agent", "kg:target".
        own.extend(ox.Triple(node, v[role], self.m.entity(other)) for role, other in entity.participants)
        return own, nodes

    def mentions(self, entity: Entity, mentions: Iterable[Mention]) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The entity's links to these mentions, and the mentions' own triples (a repeated mention once).

        One loop with its terms looked up once: a corpus has a mention node for every name and pronoun,
        a third of its Turtle's triples.
        """
        triple, v, m = ox.Triple, self.v, self.m
        kind, has_text, has_start, has_end, has_rule = v["Mention"], v["text"], v["start"], v["end"], v["rule"]
        node, has_mention = m.entity(entity.id), v["mention"]
        seen: set[ox.NamedNode] = set()
        links: list[ox.Triple] = []
        out: list[ox.Triple] = []
        for mention in mentions:
            n = m.hashed("mention", entity.id, mention.document, mention.start, mention.end, mention.text, mention.rule)
            if n in seen:
                continue
            seen.add(n)
            links.append(triple(node, has_mention, n))
            out += (
                triple(n, A, kind),
                triple(n, has_text, _text(mention.text)),
                triple(n, DERIVED, m.document(mention.document)),
                triple(n, has_start, _integer(mention.start)),
                triple(n, has_end, _integer(mention.end)),
                triple(n, has_rule, _rule(mention.rule)),
            )
        return links, out

    # ------------------------------------------------------------------ facts
    def predicate(self, predicate: str) -> list[ox.Triple]:
        node = self.m.predicate(predicate)
        return [ox.Triple(node, A, PROPERTY), ox.Triple(node, LABEL, _text(predicate))]

    def relations(self, facts: Iterable[Fact]) -> list[ox.Triple]:
        """The canonical relations of these facts, each declared once with its label (the vocabulary has the rest)."""
        out = []
        for relation in dict.fromkeys(f.relation for f in facts if is_canonical(f.relation)):
            node = self.m.relation(relation)
            out += [ox.Triple(node, A, PROPERTY), ox.Triple(node, LABEL, _text(relation))]
        return out

    def place_of(self, fact: Fact) -> str | None:
        """The place entity a fact's place qualifier names: a Place called so, mentioned in the fact's documents."""
        if fact.place is None:
            return None
        key = normalize(fact.place)
        documents = {e.document for e in fact.evidence}
        for candidate in sorted(self.graph._resolver.names.get(key)):
            entity = self.graph._entity_of(candidate)
            if (
                entity is not None
                and entity.type == "Place"
                and key in {normalize(n) for n in entity.names}
                and self._mentioned_in(entity) & documents
            ):
                return candidate
        return None

    def _mentioned_in(self, entity: Entity) -> frozenset[str]:
        found = self._mention_documents.get(entity.id)
        if found is None:
            found = self._mention_documents[entity.id] = frozenset(m.document for m in entity.mentions)
        return found

    def date_of(self, fact: Fact) -> dt.date | None:
        """The date a fact's time qualifier names, read relative to its first dated document (as ``graph.date_of``)."""
        if fact.time is None:
            return None
        from .query import as_date, parse_date

        documents = (self.graph._documents.get(e.document) for e in fact.evidence)
        base = next((d.date for d in documents if d is not None and d.date), None)
        try:
            return parse_date(fact.time, as_date(base) if base else None)
        except QueryError:  # a document date that is not ISO 8601 dates nothing
            return None

    def statement(self, fact: Fact) -> list[ox.Triple]:
        """The statement's description: every graph holding the fact has the same copy of it."""
        v, m = self.v, self.m
        s, p, o = m.entity(fact.subject), m.predicate(fact.predicate), m.entity(fact.object)
        st = m.statement(fact)
        out = [ox.Triple(st, A, STATEMENT)]
        if self.triple_terms:
            out.append(ox.Triple(st, REIFIES, ox.Triple(s, p, o)))
        else:
            out += [ox.Triple(st, SUBJECT, s), ox.Triple(st, PREDICATE, p), ox.Triple(st, OBJECT, o)]
        if is_canonical(fact.relation):
            out.append(ox.Triple(st, v["relation"], m.relation(fact.relation)))
        if fact.role:
            out.append(ox.Triple(st, v["objectRole"], _string(fact.role)))
        out += [
            ox.Triple(st, v["asserted"], _TRUE if fact.asserted else _FALSE),
            ox.Triple(st, v["assertion"], _ASSERTIONS[fact.assertion]),
            ox.Triple(st, v["negated"], _TRUE if fact.negated else _FALSE),
        ]
        if fact.modality is not None:
            out.append(ox.Triple(st, v["modality"], _string(fact.modality)))
        out.append(ox.Triple(st, v["confidence"], _decimal(fact.confidence)))
        if fact.time is not None:
            when = self.date_of(fact)
            if when is not None:
                out.append(ox.Triple(st, v["time"], ox.Literal(when.isoformat(), datatype=_DATE)))
            out.append(ox.Triple(st, v["timeText"], _text(fact.time)))
        if fact.place is not None:
            place = self.place_of(fact)
            if place is not None:
                out.append(ox.Triple(st, v["place"], m.entity(place)))
            out.append(ox.Triple(st, v["placeText"], _text(fact.place)))
        if fact.attributed_to is not None:
            out.append(ox.Triple(st, ATTRIBUTED, m.entity(fact.attributed_to)))
        return out

    def evidence(self, fact: Fact, evidence: Iterable[Evidence]) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The statement's links to its documents and evidence, and the evidence nodes (each document once)."""
        v, m = self.v, self.m
        st = m.statement(fact)
        links = [ox.Triple(st, DERIVED, m.document(d)) for d in dict.fromkeys(e.document for e in evidence)]
        nodes = []
        for ev in evidence:
            e = m.hashed("evidence", *fact.identity, ev.document, ev.start, ev.end)
            links.append(ox.Triple(st, v["evidence"], e))
            nodes += [
                ox.Triple(e, A, v["Evidence"]),
                ox.Triple(e, DERIVED, m.document(ev.document)),
                ox.Triple(e, v["sentence"], _text(ev.sentence)),
                ox.Triple(e, v["start"], _integer(ev.start)),
                ox.Triple(e, v["end"], _integer(ev.end)),
            ]
        return links, nodes

    def ends(self, fact: Fact) -> list[str]:
        """The entities a statement refers to (each graph holding it holds a copy of them)."""
        ends = [fact.subject, fact.object]
        if fact.attributed_to is not None:
            ends.append(fact.attributed_to)
        place = self.place_of(fact)
        if place is not None:
            ends.append(place)
        return ends

    # ------------------------------------------------------------------ one graph
    def graph_triples(
        self,
        doc_id: str | None,
        entity_ids: Iterable[str],
        facts: list[Fact],
        mentions_of: Callable[[Entity], list[Mention]],
        extra: Iterable[tuple[ox.NamedNode, ox.Literal]] = (),
    ) -> Iterator[ox.Triple]:
        """What one named graph holds, grouped by subject: a document (None: what no document supports)
        with its entities, their mentions in it, and its facts with their evidence in it."""
        if doc_id is not None:
            doc = self.graph._documents.get(doc_id)
            yield from self.document(doc, extra) if doc is not None else self.placeholder(doc_id)
        by_subject: dict[str, list[Fact]] = {}
        for fact in facts:
            by_subject.setdefault(fact.subject, []).append(fact)
        for entity_id in entity_ids:
            entity = self.graph.get(entity_id)
            own, attributes = self.entity(entity)
            links, mentions = self.mentions(entity, mentions_of(entity))
            yield from own
            yield from links
            yield from self._direct(entity_id, by_subject.get(entity_id, ()))
            yield from attributes
            yield from mentions
        for predicate in dict.fromkeys(f.predicate for f in facts):
            yield from self.predicate(predicate)
        yield from self.relations(facts)
        for fact in facts:
            links, nodes = self.evidence(fact, [e for e in fact.evidence if e.document == doc_id])
            yield from self.statement(fact)
            yield from links
            yield from nodes

    def _direct(self, subject: str, facts: Iterable[Fact]) -> list[ox.Triple]:
        """The direct triples of a subject's asserted facts: by predicate, and by canonical relation too when the
        object is the relation's own ("X buy from Y" is no ``X kg:acquire Y``: Y is in the role "from", kg:objectRole)."""
        s = self.m.entity(subject)
        asserted = [f for f in facts if f.asserted]
        pairs = sorted({(f.predicate, f.object) for f in asserted})
        related = sorted({(f.relation, f.object) for f in asserted if is_canonical(f.relation) and not f.role})
        return [ox.Triple(s, self.m.predicate(p), self.m.entity(o)) for p, o in pairs] + [
            ox.Triple(s, self.m.relation(r), self.m.entity(o)) for r, o in related
        ]


def triples(
    graph: KnowledgeGraph,
    *,
    base: str | None = None,
    vocab: str | None = None,
    source_paths: bool = False,
    statements: str = "reification",
) -> Iterator[ox.Triple]:
    """Every triple of the graph as pyoxigraph Triples, each once, grouped by subject, in a stable order.

    ``source_paths`` writes each document's ``source`` (a local path) as ``kg:source``; ``statements``
    is one of ``STATEMENT_FORMS``.
    """
    w = _Writer(graph, base, vocab, source_paths=source_paths, statements=statements)
    known = graph._documents
    referenced: set[str] = set()  # documents without metadata that evidence or mentions point at
    for doc in graph.documents():
        yield from w.document(doc)
    facts = list(graph.iter_facts())
    out_facts: dict[str, list[Fact]] = {}
    for fact in facts:
        out_facts.setdefault(fact.subject, []).append(fact)
        referenced.update(e.document for e in fact.evidence)
    for entity in graph.entities():
        own, attributes = w.entity(entity)
        links, mentions = w.mentions(entity, entity.mentions)
        referenced.update(m.document for m in entity.mentions)
        yield from own
        yield from links
        if entity.id in out_facts:
            yield from w._direct(entity.id, out_facts[entity.id])
        yield from attributes
        yield from mentions
    for doc_id in sorted(referenced.difference(known)):
        yield from w.placeholder(doc_id)
    for predicate in dict.fromkeys(f.predicate for f in facts):
        yield from w.predicate(predicate)
    yield from w.relations(facts)
    for fact in facts:
        links, nodes = w.evidence(fact, fact.evidence)
        yield from w.statement(fact)
        yield from links
        yield from nodes


Layout = tuple[dict[str | None, dict[str, None]], dict[str | None, list[Fact]]]


def _layout(graph: KnowledgeGraph, w: _Writer) -> Layout:
    """Which entities and facts each named graph holds: a document's graph holds the entities it mentions,
    its facts, and the entities those refer to; graph None holds what no document supports."""
    entities: dict[str | None, dict[str, None]] = {}
    facts: dict[str | None, list[Fact]] = {}
    for doc in graph.documents():
        entities[doc.id], facts[doc.id] = {}, []
    sourced: set[str] = set()
    for entity in graph.entities():
        for m in entity.mentions:
            entities.setdefault(m.document, {})[entity.id] = None
            facts.setdefault(m.document, [])
        if entity.mentions:
            sourced.add(entity.id)
    for fact in graph.iter_facts():
        ends = w.ends(fact)
        for doc_id in dict.fromkeys(e.document for e in fact.evidence) or (None,):
            facts.setdefault(doc_id, []).append(fact)
            entities.setdefault(doc_id, {}).update(dict.fromkeys(ends))
            if doc_id is not None:
                sourced.update(ends)
    loose = [e.id for e in graph.entities() if e.id not in sourced]
    if loose:
        entities.setdefault(None, {}).update(dict.fromkeys(loose))
        facts.setdefault(None, [])
    return entities, facts


def quads(
    graph: KnowledgeGraph,
    *,
    base: str | None = None,
    vocab: str | None = None,
    source_paths: bool = False,
    statements: str = "reification",
) -> Iterator[ox.Quad]:
    """The graph as quads: one named graph per document, graph after graph (see the module docstring)."""
    w = _Writer(graph, base, vocab, source_paths=source_paths, statements=statements)
    entities, facts = _layout(graph, w)
    known = list(graph._documents)
    names = known + sorted(d for d in entities if d is not None and d not in graph._documents)
    if None in entities:
        names.append(None)
    by_entity_document: dict[tuple[str, str], list[Mention]] = {}
    for entity in graph.entities():
        for m in entity.mentions:
            by_entity_document.setdefault((entity.id, m.document), []).append(m)
    for doc_id in names:
        name = w.m.graph(doc_id)
        ids = entities.get(doc_id, {})

        def mentions_of(entity: Entity, doc_id: str | None = doc_id) -> list[Mention]:
            return by_entity_document.get((entity.id, doc_id), []) if doc_id is not None else []

        for t in w.graph_triples(doc_id, ids, facts.get(doc_id, []), mentions_of):
            yield ox.Quad(t.subject, t.predicate, t.object, name)


def document_quads(
    graph: KnowledgeGraph,
    doc_id: str,
    entity_ids: Iterable[str],
    facts: Iterable[Fact],
    *,
    base: str | None = None,
    vocab: str | None = None,
    source_paths: bool = False,
    extra: Iterable[tuple[ox.NamedNode, ox.Literal]] = (),
) -> list[ox.Quad]:
    """One document's named graph as ``quads`` writes it, from the entities and facts it may hold.

    ``entity_ids`` and ``facts`` are candidates (those of its extraction, say): the graph takes the facts
    with evidence in the document, the entities mentioned in it and those its facts refer to, as they are
    in ``graph`` now. ``extra`` adds (predicate, literal) pairs to the document's description (a store's
    bookkeeping). This is how a store writes one document without laying out the whole graph.
    """
    w = _Writer(graph, base, vocab, source_paths=source_paths)
    mine = [f for f in dict.fromkeys(facts) if any(e.document == doc_id for e in f.evidence)]
    ids: dict[str, None] = {}
    for entity_id in entity_ids:
        entity = graph._entity_of(entity_id)
        if entity is not None and any(m.document == doc_id for m in entity.mentions):
            ids[entity_id] = None
    for fact in mine:
        ids.update(dict.fromkeys(w.ends(fact)))
    name = w.m.graph(doc_id)
    triples_ = w.graph_triples(doc_id, ids, mine, lambda e: [m for m in e.mentions if m.document == doc_id], extra)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples_]


def prefixes(base: str | None = None, vocab: str | None = None) -> dict[str, str]:
    """The prefixes of every file kg writes, data namespaces under the base included."""
    base = check_base(base)
    return {**PREFIXES, "kg": check_vocab(vocab), **{p: base + path for p, path in _DATA_PREFIXES.items()}}


@functools.lru_cache(maxsize=4)
def _vocabulary_text() -> str:
    from importlib import resources

    return (resources.files(__package__) / "vocab.ttl").read_text(encoding="utf-8")


def vocabulary(vocab: str | None = None) -> list[ox.Triple]:
    """kg's vocabulary (kg/vocab.ttl: classes and properties with labels, comments, domains and ranges;
    and the canonical relations of kg/relations.txt with their labels and meanings), under ``vocab`` when given."""
    text = _vocabulary_text()
    vocab = check_vocab(vocab)
    if vocab != KG:
        text = text.replace(f"<{KG}", f"<{vocab}").replace(f"<{KG[:-1]}>", f"<{vocab.rstrip('#/')}>")
    terms = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    defined_by = _N(vocab.rstrip("#/"))
    for relation in inventory():
        node = _N(vocab + iri_name(relation.name))
        terms += [
            ox.Triple(node, A, PROPERTY),
            ox.Triple(node, A, _N("http://www.w3.org/2002/07/owl#ObjectProperty")),
            ox.Triple(node, LABEL, _text(relation.name)),
            ox.Triple(node, _N(RDFS + "comment"), _text(relation.meaning)),
            ox.Triple(node, _N(RDFS + "isDefinedBy"), defined_by),
        ]
    return terms


def relation_iris(vocab: str | None = None) -> dict[str, str]:
    """The IRI of every canonical relation under ``vocab`` (default ``KG``), to its name."""
    vocab = check_vocab(vocab)
    return {vocab + iri_name(r.name): r.name for r in inventory()}


#: PROV-O's own domains and ranges of the two PROV properties kg uses, so that RDFS inference over kg's
#: vocabulary sees what PROV-O says of them without loading all of PROV-O.
PROV_AXIOMS = f"""
<{PROV}wasDerivedFrom> <{RDFS}domain> <{PROV}Entity> ; <{RDFS}range> <{PROV}Entity> .
<{PROV}wasAttributedTo> <{RDFS}domain> <{PROV}Entity> ; <{RDFS}range> <{PROV}Agent> .
"""


def validate(data: rdflib.Graph, *, inference: str = "none") -> tuple[bool, str]:
    """Check RDF against kg's SHACL shapes (kg/shapes.ttl) with pyshacl: (conforms, report text).

    ``inference`` is pyshacl's: "none", or "rdfs" over kg's vocabulary and PROV-O's domains and ranges.
    pyshacl comes with kg's test extra (``pip install 'kg[test]'``).
    """
    from importlib import resources

    import rdflib as rl

    try:
        import pyshacl
    except ImportError as exc:
        raise FormatError("validating needs pyshacl; install it with: pip install pyshacl") from exc
    shapes_text = (resources.files(__package__) / "shapes.ttl").read_text(encoding="utf-8")
    shapes = rl.Graph().parse(data=shapes_text, format="turtle")
    ontology = rl.Graph().parse(data=_vocabulary_text(), format="turtle").parse(data=PROV_AXIOMS, format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference=inference)
    return bool(conforms), str(report)


# ---------------------------------------------------------------------- rdflib bridge
def _rdflib_term(term):  # noqa: ANN001, ANN202
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise FormatError("rdflib has no RDF 1.2 triple terms; use statements='reification' with rdflib")
    if term.language:
        return Literal(term.value, lang=term.language)
    # RDF 1.1: a plain literal is an xsd:string; rdflib keeps them apart, and its parsers make plain ones.
    datatype = None if term.datatype.value == XSD + "string" else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype)


def to_rdflib(
    graph: KnowledgeGraph, *, base: str | None = None, vocab: str | None = None, source_paths: bool = False
) -> rdflib.Graph:
    """The whole graph as one rdflib Graph, prefixes bound."""
    from rdflib import Graph, Namespace

    g = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base, vocab).items():
        g.bind(prefix, Namespace(namespace))
    for t in triples(graph, base=base, vocab=vocab, source_paths=source_paths):
        g.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return g


def from_rdflib(g: rdflib.Graph) -> KnowledgeGraph:
    """Read back what ``to_rdflib`` wrote (a Graph, or a Dataset read as the union of its graphs)."""
    return from_triples((str(s), str(p), str(o)) for s, p, o in g.triples((None, None, None)))


# ---------------------------------------------------------------------- reading
# Reading is one pass over the triples: each predicate of the vocabulary fills one field of its
# subject's record (a plain dict), and the records that are documents, entities or statements are
# listed as they appear; then the values are assembled from the records. Triples of other
# predicates (the direct triples of asserted facts, for one) are set aside, and read only when they
# turn out to be kg's terms in another vocabulary namespace. To read a changed vocabulary, change
# these tables and ``_parts``.

#: vocabulary term (the IRI without the namespace: ``KG`` for the kg: terms, full for the others) ->
#: the field of its subject's record it fills.
FIELDS = {
    RDF + "type": "types",
    "id": "id",
    RDFS + "label": "label",
    SKOS + "altLabel": "aliases",
    "attribute": "attributes",
    "key": "key",
    RDF + "value": "value",
    **{role: role for role in PARTICIPANT_ROLES},
    "mention": "mentions",
    "text": "text",
    "rule": "rule",
    "start": "start",
    "end": "end",
    PROV + "wasDerivedFrom": "derived",
    SCHEMA + "identifier": "identifier",
    SCHEMA + "headline": "title",
    SCHEMA + "datePublished": "date",
    SCHEMA + "url": "url",
    "source": "source",
    "contentHash": "content_hash",
    RDF + "subject": "subject",
    RDF + "predicate": "predicate",
    RDF + "object": "object",
    RDF + "reifies": "reifies",
    "negated": "negated",
    "assertion": "assertion",
    "modality": "modality",
    "timeText": "time",
    "placeText": "place",
    "confidence": "confidence",
    PROV + "wasAttributedTo": "attributed_to",
    "evidence": "evidence",
    "sentence": "sentence",
    "relation": "relation",
}
#: Fields with many values, kept in order and without repeats (quads repeat a triple in each graph);
#: any other field keeps its first value.
MANY = frozenset({"types", "aliases", "attributes", "mentions", "derived", "evidence", *PARTICIPANT_ROLES})
#: Fields whose value is the object term itself: an RDF 1.2 triple term (``statements="triple-terms"``).
TERMS_KEPT = frozenset({"reifies"})
#: What a record is: an entity has a kg:id, a document an identifier, a statement the class rdf:Statement.
KINDS = {"id": "entities", "identifier": "documents"}
CLASS_KINDS = {RDF + "Statement": "statements"}
#: Terms that only kg's RDF carries, by which a file tells its vocabulary namespace.
_MARKERS = ("confidence", "sentence", "asserted", "contentHash", "mention")

_SINGLE, _MANY, _TERM = 0, 1, 2


def _fields(vocab: str) -> dict[str, tuple[str, int]]:
    """predicate IRI -> (field, how it is kept) for kg's terms in the namespace ``vocab``."""
    return {
        (term if ":" in term else vocab + term): (name, _MANY if name in MANY else _TERM if name in TERMS_KEPT else _SINGLE)
        for term, name in FIELDS.items()
    }


_FIELD_OF_IRI = _fields(KG)
# The same table keyed by pyoxigraph terms (a parsed triple's predicate is looked up as it comes), with
# the IRI's length (for the bound) and the kind of record the field makes: KINDS for a single field, and
# "types" for the field whose values may name a class of CLASS_KINDS.
_FIELD_OF_NODE = {
    _N(iri): (name, how, len(iri), "types" if name == "types" else KINDS.get(name))
    for iri, (name, how) in _FIELD_OF_IRI.items()
}
_SUBJECT = operator.attrgetter("subject")
_SUBJECT_GRAPH = operator.attrgetter("subject", "graph_name")

Record = dict[str, Any]


class Records:
    """What one pass over the triples found: subject IRI -> record (field -> value; for a field in
    ``MANY`` a dict of values used as an ordered set), the (subject, record) pairs of each kind, and
    the vocabulary namespace of kg's terms."""

    def __init__(self) -> None:
        self.by_subject: dict[str, Record] = {}
        self.kinds: dict[str, list[tuple[str, Record]]] = {k: [] for k in (*KINDS.values(), *CLASS_KINDS.values())}
        self.vocab = KG

    def put(self, subject: str, record: Record, name: str, how: int, value: Any) -> None:
        """One value of a field (the hot loop of ``read_records`` does the same, written out)."""
        if how == _MANY:
            values = record.setdefault(name, {})
            if value not in values:
                values[value] = None
                if name == "types" and value in CLASS_KINDS:
                    self.kinds[CLASS_KINDS[value]].append((subject, record))
        elif name not in record:
            record[name] = value
            if name in KINDS:
                self.kinds[KINDS[name]].append((subject, record))

    @staticmethod
    def other_namespace(unknown: Iterable[str]) -> str | None:
        """The vocabulary namespace other than ``KG`` whose terms the ``unknown`` predicates are, if they are kg's."""
        found = None
        for p in unknown:
            for name in _MARKERS:
                if p.endswith(name) and p[-len(name) - 1] in "#/" and not p.startswith(KG):
                    found = p[: -len(name)]
        return found


def read_records(
    items: Iterable[ox.Triple | ox.Quad],
    *,
    limit: float = math.inf,
    too_big: Callable[[], Exception] = OverflowError,
    graphs: bool = False,
) -> Records:
    """The records of pyoxigraph triples or quads (all graphs as one), each term as its IRI or lexical form.

    ``limit`` bounds what the terms of the triples add up to, written out (IRIs, lexical forms,
    datatypes; graph names too with ``graphs``): past it, the error ``too_big()`` is raised. The parser
    builds every term of every triple, so this bounds its work and what the records keep, whatever
    prefixes expand to.
    """
    records = Records()
    by_subject, kinds, field_of = records.by_subject, records.kinds, _FIELD_OF_NODE.get
    class_kind = CLASS_KINDS.get
    literal = ox.Literal
    left = limit
    unknown: list[tuple[str, Record, ox.Triple | ox.Quad]] = []
    # The loop every read spends its time in (a million triples): Records.put written out. kg's
    # files list a subject's triples together, so its record is looked up and its subject (and
    # graph) measured once for the run.
    for group, run in itertools.groupby(items, _SUBJECT_GRAPH if graphs else _SUBJECT):
        if graphs:
            subject, graph = group
            key, size = subject.value, len(str(graph))
        else:
            key = group.value
            size = 0
        size += len(key)
        record = by_subject.get(key)
        if record is None:
            record = by_subject[key] = {}
        for t in run:
            spec = field_of(t.predicate)
            o = t.object
            if type(o) is literal:
                left -= len(o.datatype.value)
            if spec is None:
                unknown.append((key, record, t))
                left -= size + len(t.predicate.value) + len(str(o))
                if left < 0:
                    raise too_big()
                continue
            name, how, length, kind = spec
            if how == _TERM:  # an RDF 1.2 triple term, kept whole
                value, written = o, len(str(o))
            else:
                value = o.value
                written = len(value)
            left -= size + length + written
            if left < 0:
                raise too_big()
            if how != _MANY:
                if name not in record:
                    record[name] = value
                    if kind is not None:
                        kinds[kind].append((key, record))
                continue
            values = record.get(name)
            if values is None:
                record[name] = {value: None}
            elif value in values:
                continue
            else:
                values[value] = None
            if kind is not None and (kind := class_kind(value)) is not None:
                kinds[kind].append((key, record))
    vocab = records.other_namespace(dict.fromkeys(t.predicate.value for _, _, t in unknown))
    if vocab is not None:
        records.vocab, fields = vocab, _fields(vocab)
        for key, record, t in unknown:
            spec = fields.get(t.predicate.value)
            if spec is not None:
                records.put(key, record, spec[0], spec[1], t.object if spec[1] == _TERM else t.object.value)
    return records


def _records_of_rows(rows: Iterable[tuple[str, str, str]]) -> Records:
    """``read_records`` for (subject, predicate, object) strings."""
    records = Records()
    unknown = []
    for s, p, o in rows:
        record = records.by_subject.setdefault(s, {})
        spec = _FIELD_OF_IRI.get(p)
        if spec is None:
            unknown.append((s, record, p, o))
        else:
            records.put(s, record, spec[0], spec[1], o)
    vocab = records.other_namespace(dict.fromkeys(p for _, _, p, _ in unknown))
    if vocab is not None:
        records.vocab, fields = vocab, _fields(vocab)
        for s, record, p, o in unknown:
            if (spec := fields.get(p)) is not None:
                records.put(s, record, spec[0], spec[1], o)
    return records


def detect_namespaces(records: Records) -> tuple[str, str | None]:
    """The vocabulary namespace (``KG`` unless the data says otherwise) and the base of kg's RDF."""
    for node, _ in records.kinds["documents"]:
        if "/document/" in node:
            return records.vocab, node.rsplit("/document/", 1)[0] + "/"
    for node, _ in records.kinds["entities"]:
        if "/entity/" in node:
            return records.vocab, node.rsplit("/entity/", 1)[0] + "/"
    return records.vocab, None


def from_oxigraph(items: Iterable[ox.Triple | ox.Quad], **bounds: Any) -> KnowledgeGraph:
    """Read pyoxigraph triples or quads (all graphs as one) into a KnowledgeGraph (``bounds``: ``limit``,
    ``too_big`` and ``graphs`` of ``read_records``)."""
    with paused_gc():
        return parts_from_records(read_records(items, **bounds)).graph()


def from_triples(rows: Iterable[tuple[str, str, str]]) -> KnowledgeGraph:
    """Read (subject, predicate, object) strings of our vocabulary into an equal KnowledgeGraph."""
    with paused_gc():
        return parts_from_records(_records_of_rows(rows)).graph()


def _bool(value: str) -> bool:
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"{value!r} is not an xsd:boolean")


class _Parts:
    def __init__(self, documents: list[Document], entities: list[Entity], facts: list[Fact]):
        self.documents, self.entities, self.facts = documents, entities, facts

    def graph(self) -> KnowledgeGraph:
        from .graph import from_entities_and_facts

        graph = from_entities_and_facts(sorted(self.entities, key=lambda e: e.id), self.facts)
        for doc in self.documents:
            graph.add_document(doc)
        return graph


def parts_from_records(records: Records) -> _Parts:
    """Documents, entities and facts from the records of our vocabulary (any vocabulary namespace)."""
    try:
        return _parts(records)
    except (KeyError, IndexError, ValueError, StopIteration) as exc:
        raise FormatError(
            f"this RDF does not follow kg's vocabulary (docs/vocabulary.md): missing or bad {exc}"
        ) from exc


def _first(values: dict[str, None]) -> str:
    return next(iter(values))


def _by_place(x: Mention | Evidence) -> tuple[str, int, int]:
    return (x.document, x.start, x.end)


_DOCUMENT, _ARTICLE = PROV + "Entity", SCHEMA + "NewsArticle"


def _parts(records: Records) -> _Parts:
    by_subject, kinds = records.by_subject, records.kinds
    # Evidence and mentions may point at documents kg has no metadata for (no schema:NewsArticle).
    doc_ids = {node: r["identifier"] for node, r in kinds["documents"] if _DOCUMENT in r.get("types", ())}
    docs = [
        Document(
            r["identifier"], "", source=r.get("source"), url=r.get("url"), title=r.get("title"), date=r.get("date"),
            content_hash=r.get("content_hash"),
        )
        for _, r in kinds["documents"]
        if _ARTICLE in r.get("types", ())
    ]
    # Every entity's id first: an event's participants may be read before their own entity.
    ids = {node: r["id"] for node, r in kinds["entities"]}
    entities = []
    for _, record in kinds["entities"]:
        mentions = []
        for node in record.get("mentions", ()):
            m = by_subject[node]
            mentions.append(Mention(m["text"], doc_ids[_first(m["derived"])], int(m["start"]), int(m["end"]), m["rule"]))
        mentions.sort(key=_by_place)
        attributes = tuple((by_subject[a]["key"], by_subject[a]["value"]) for a in record.get("attributes", ()))
        participants = tuple((role, ids[other]) for role in PARTICIPANT_ROLES for other in record.get(role, ()))
        kind = next((CLASS_TYPES[c] for c in record.get("types", ()) if c in CLASS_TYPES), "Thing")
        entities.append(
            Entity(record["id"], record["label"], kind, tuple(record.get("aliases", ())), tuple(mentions), attributes,
                   participants)
        )
    facts = []
    # A canonical relation by its IRI's local name, whatever the vocabulary namespace; each IRI split once.
    relation_names = {iri_name(r.name): r.name for r in inventory()}
    relation_of_iri = functools.cache(lambda iri: relation_names[re.split("[#/]", iri)[-1]])
    for _, st in kinds["statements"]:
        evidence = []
        for node in st.get("evidence", ()):
            e = by_subject[node]
            evidence.append(Evidence(doc_ids[_first(e["derived"])], e["sentence"], int(e["start"]), int(e["end"])))
        evidence.sort(key=_by_place)
        if "reifies" in st:  # an RDF 1.2 triple term stands for rdf:subject, rdf:predicate, rdf:object
            term = st["reifies"]
            subject, predicate, obj = term.subject.value, term.predicate.value, term.object.value
        else:
            subject, predicate, obj = st["subject"], st["predicate"], st["object"]
        attributed = st.get("attributed_to")
        facts.append(
            Fact(
                subject=ids[subject],
                predicate=by_subject[predicate]["label"],
                relation=relation_of_iri(st["relation"]) if "relation" in st
                else canonical(by_subject[predicate]["label"]),
                object=ids[obj],
                negated=_bool(st["negated"]),
                assertion=st.get("assertion", "asserted"),
                modality=st.get("modality"),
                time=st.get("time"),
                place=st.get("place"),
                attributed_to=ids[attributed] if attributed is not None else None,
                confidence=float(st["confidence"]),
                evidence=tuple(evidence),
            )
        )
    return _Parts(docs, entities, facts)
