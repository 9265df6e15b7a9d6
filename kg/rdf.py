"""RDF: a KnowledgeGraph in, triples or quads (pyoxigraph, rdflib) out, and back again.

The vocabulary is documented in docs/vocabulary.md. In short: entities are
IRIs typed with schema.org classes, labelled with ``rdfs:label`` and
``skos:altLabel``; every asserted fact is a direct triple whose predicate IRI
carries an ``rdfs:label``; every fact, asserted or not, has an
``rdf:Statement`` with its provenance (PROV-O) and qualifiers. Negated and
hedged facts exist only as statements. IRIs are minted from slugs and hashes,
never from raw text, and every one is checked by ``pyoxigraph.NamedNode``
(strict RFC 3987); the output has no blank nodes, so it is the same set of
triples on every run and isomorphism is plain set equality.

Quads put everything one document says into that document's named graph, so
a document can be replaced or removed as a unit: its description, mentions
and evidence, plus a copy of each entity, predicate and statement it refers
to. Entities and facts tied to no document stay in the default graph. The
union of all graphs is exactly the triple output.

Writing and reading go through pyoxigraph (about 25x faster than rdflib);
``to_rdflib`` is kept for interoperability.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import FormatError
from .model import PARTICIPANT_ROLES, Document, Entity, Evidence, Fact, Mention
from .names import slugify

if TYPE_CHECKING:
    import rdflib

    from .graph import KnowledgeGraph

__all__ = [
    "DEFAULT_BASE",
    "KG",
    "SCHEMA",
    "PREFIXES",
    "check_base",
    "entity_iri",
    "predicate_iri",
    "document_iri",
    "graph_iri",
    "statement_iri",
    "triples",
    "quads",
    "to_rdflib",
    "from_rdflib",
    "from_triples",
    "from_oxigraph",
    "paused_gc",
    "prefixes",
    "read_index",
    "parts_from_index",
]

DEFAULT_BASE = "https://kg.invalid/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Our own vocabulary (classes and properties); data IRIs live under the base.
KG = "https://kg.invalid/vocab#"
SCHEMA = "https://schema.org/"

#: Prefixes bound once, in every graph we write (plus ``ent:`` and ``rel:`` under the base).
PREFIXES = {"kg": KG, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

#: Entity types to schema.org classes.
TYPE_CLASSES = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
    "Event": SCHEMA + "Event",
    "Date": SCHEMA + "DateTime",
    "Quantity": SCHEMA + "QuantitativeValue",
    "Thing": SCHEMA + "Thing",
}
CLASS_TYPES = {v: k for k, v in TYPE_CLASSES.items()}

_N = ox.NamedNode
A = _N(RDF + "type")
LABEL = _N(RDFS + "label")
ALT_LABEL = _N(SKOS + "altLabel")
DERIVED = _N(PROV + "wasDerivedFrom")
ATTRIBUTED = _N(PROV + "wasAttributedTo")
_K = {
    name: _N(KG + name)
    for name in (
        "id",
        "attribute",
        "key",
        "mention",
        "text",
        "start",
        "end",
        "rule",
        "source",
        "asserted",
        "assertion",
        "negated",
        "confidence",
        "modality",
        "time",
        "place",
        "evidence",
        "sentence",
        "Evidence",
        "contentHash",
        "buildOrder",
        *PARTICIPANT_ROLES,
    )
}
_S = {name: _N(SCHEMA + name) for name in ("NewsArticle", "identifier", "headline", "datePublished", "url")}
PROV_ENTITY = _N(PROV + "Entity")
PROPERTY = _N(RDF + "Property")
STATEMENT = _N(RDF + "Statement")
SUBJECT, PREDICATE, OBJECT, VALUE = (_N(RDF + n) for n in ("subject", "predicate", "object", "value"))
_CLASS_NODES = {k: _N(v) for k, v in TYPE_CLASSES.items()}
_INTEGER, _DECIMAL, _BOOLEAN, _ANY_URI = (_N(XSD + n) for n in ("integer", "decimal", "boolean", "anyURI"))
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a large graph allocates millions of acyclic objects, and
    collections triggered by them only cost time (15-30% of a read or write)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_base(base: str | None) -> str:
    """The base namespace, ending in '/' or '#', checked as an absolute IRI."""
    base = base or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    try:
        _N(base)
    except ValueError as exc:
        raise FormatError(
            f"base {base!r} is not a valid absolute IRI ({exc}); give one like https://example.org/kg/"
        ) from exc
    if ":" not in base.split("/")[0]:
        raise FormatError(f"base {base!r} has no scheme; give one like https://example.org/kg/")
    return base


def _local(key: str) -> str:
    """An IRI-safe local name: the slug itself when the key is one, else slug plus hash (so no two keys meet)."""
    slug = slugify(key)
    return slug if slug == key else f"{slug}-{_hash(key)[:8]}"


def entity_iri(entity_id: str, base: str | None = None) -> str:
    return f"{check_base(base)}entity/{_local(entity_id)}"


def predicate_iri(predicate: str, base: str | None = None) -> str:
    return f"{check_base(base)}predicate/{_local(predicate)}"


def document_iri(document_id: str, base: str | None = None) -> str:
    return f"{check_base(base)}document/{slugify(document_id)}-{_hash(document_id)[:8]}"


def graph_iri(document_id: str, base: str | None = None) -> str:
    """The named graph that holds what one document says."""
    return f"{check_base(base)}graph/{slugify(document_id)}-{_hash(document_id)[:8]}"


def statement_iri(fact: Fact, base: str | None = None) -> str:
    return f"{check_base(base)}statement/{_hash(*fact.identity)}"


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


def _decimal(value: float) -> ox.Literal:
    # repr round-trips a float exactly; format "f" turns 1e-05 into the decimal lexical form 0.00001.
    return ox.Literal(format(Decimal(repr(value)), "f"), datatype=_DECIMAL)


class _Minter:
    """IRIs of one base, made once each (slugging and validating are the slow part)."""

    def __init__(self, base: str | None) -> None:
        self.base = check_base(base)
        self._cache: dict[tuple[str, str], ox.NamedNode] = {}

    def _get(self, kind: str, key: str, make) -> ox.NamedNode:  # noqa: ANN001
        node = self._cache.get((kind, key))
        if node is None:
            node = self._cache[(kind, key)] = _N(make(key, self.base))
        return node

    def entity(self, entity_id: str) -> ox.NamedNode:
        return self._get("e", entity_id, entity_iri)

    def predicate(self, predicate: str) -> ox.NamedNode:
        return self._get("p", predicate, predicate_iri)

    def document(self, document_id: str) -> ox.NamedNode:
        return self._get("d", document_id, document_iri)

    def graph(self, document_id: str) -> ox.NamedNode:
        return self._get("g", document_id, graph_iri)

    def hashed(self, kind: str, *parts: object) -> ox.NamedNode:
        return _N(f"{self.base}{kind}/{_hash(*parts)}")


Placed = tuple[list[ox.Triple], tuple[str | None, ...]]


def _document_triples(
    m: _Minter, doc: Document, extra: Iterable[tuple[ox.NamedNode, ox.Literal]] = ()
) -> list[ox.Triple]:
    node = m.document(doc.id)
    out = [
        ox.Triple(node, A, PROV_ENTITY),
        ox.Triple(node, A, _S["NewsArticle"]),
        ox.Triple(node, _S["identifier"], _string(doc.id)),
    ]
    for prop, value in ((_S["headline"], doc.title), (_K["source"], doc.source), (_S["datePublished"], doc.date)):
        if value is not None:
            out.append(ox.Triple(node, prop, _string(value)))
    if doc.url is not None:
        out.append(ox.Triple(node, _S["url"], ox.Literal(doc.url, datatype=_ANY_URI)))
    out.extend(ox.Triple(node, p, o) for p, o in extra)
    return out


def _entity_triples(m: _Minter, entity: Entity) -> list[ox.Triple]:
    node = m.entity(entity.id)
    out = [
        ox.Triple(node, A, _CLASS_NODES.get(entity.type, _CLASS_NODES["Thing"])),
        ox.Triple(node, _K["id"], _string(entity.id)),
        ox.Triple(node, LABEL, _string(entity.name)),
    ]
    out.extend(ox.Triple(node, ALT_LABEL, _string(alias)) for alias in entity.aliases)
    for key, value in entity.attributes:
        attribute = m.hashed("attribute", entity.id, key, value)
        out.append(ox.Triple(node, _K["attribute"], attribute))
        out.append(ox.Triple(attribute, _K["key"], _string(key)))
        out.append(ox.Triple(attribute, VALUE, _string(value)))
    # An event's participants are links between entities: "kg:agent", "kg:target".
    out.extend(ox.Triple(node, _K[role], m.entity(other)) for role, other in entity.participants)
    return out


def _mention_triples(m: _Minter, entity: Entity, mention: Mention) -> list[ox.Triple]:
    node = m.hashed("mention", entity.id, mention.document, mention.start, mention.end, mention.text, mention.rule)
    return [
        ox.Triple(m.entity(entity.id), _K["mention"], node),
        ox.Triple(node, _K["text"], _string(mention.text)),
        ox.Triple(node, DERIVED, m.document(mention.document)),
        ox.Triple(node, _K["start"], _integer(mention.start)),
        ox.Triple(node, _K["end"], _integer(mention.end)),
        ox.Triple(node, _K["rule"], _string(mention.rule)),
    ]


def _statement_triples(m: _Minter, fact: Fact) -> list[ox.Triple]:
    s, o, p = m.entity(fact.subject), m.entity(fact.object), m.predicate(fact.predicate)
    st = m.hashed("statement", *fact.identity)
    out = [ox.Triple(s, p, o)] if fact.asserted else []
    out += [
        ox.Triple(st, A, STATEMENT),
        ox.Triple(st, SUBJECT, s),
        ox.Triple(st, PREDICATE, p),
        ox.Triple(st, OBJECT, o),
        ox.Triple(st, _K["asserted"], _TRUE if fact.asserted else _FALSE),
        ox.Triple(st, _K["assertion"], _string(fact.assertion)),
        ox.Triple(st, _K["negated"], _TRUE if fact.negated else _FALSE),
        ox.Triple(st, _K["confidence"], _decimal(fact.confidence)),
    ]
    for prop, value in ((_K["modality"], fact.modality), (_K["time"], fact.time), (_K["place"], fact.place)):
        if value is not None:
            out.append(ox.Triple(st, prop, _string(value)))
    if fact.attributed_to is not None:
        out.append(ox.Triple(st, ATTRIBUTED, m.entity(fact.attributed_to)))
    return out


def _evidence_triples(m: _Minter, fact: Fact, ev: Evidence) -> list[ox.Triple]:
    st = m.hashed("statement", *fact.identity)
    e = m.hashed("evidence", *fact.identity, ev.document, ev.start, ev.end)
    doc = m.document(ev.document)
    return [
        ox.Triple(st, _K["evidence"], e),
        ox.Triple(st, DERIVED, doc),
        ox.Triple(e, A, _K["Evidence"]),
        ox.Triple(e, DERIVED, doc),
        ox.Triple(e, _K["sentence"], _string(ev.sentence)),
        ox.Triple(e, _K["start"], _integer(ev.start)),
        ox.Triple(e, _K["end"], _integer(ev.end)),
    ]


def _placed(graph: KnowledgeGraph, m: _Minter, extra: dict[str, list] | None = None) -> Iterator[Placed]:
    """Every triple once, with the documents whose named graphs hold it (empty: the default graph)."""
    extra = extra or {}
    known = {doc.id for doc in graph.documents()}
    entity_docs: dict[str, set[str]] = {}
    predicate_docs: dict[str, set[str | None]] = {}
    referenced: set[str] = set()
    for fact in graph.iter_facts():
        docs = {ev.document for ev in fact.evidence}
        referenced |= docs
        for end in (fact.subject, fact.object, fact.attributed_to):
            if end is not None:
                entity_docs.setdefault(end, set()).update(docs)
        predicate_docs.setdefault(fact.predicate, set()).update(docs or {None})
    for doc in graph.documents():
        yield _document_triples(m, doc, extra.get(doc.id, ())), (doc.id,)
    for entity in graph.entities():
        docs = entity_docs.get(entity.id, set()) | {mention.document for mention in entity.mentions}
        referenced |= docs
        yield _entity_triples(m, entity), tuple(sorted(docs))
        for mention in entity.mentions:
            yield _mention_triples(m, entity, mention), (mention.document,)
    for doc_id in sorted(referenced - known):
        # Evidence points at a document kg has no metadata for: name it, so its id reads back.
        yield (
            [
                ox.Triple(m.document(doc_id), A, PROV_ENTITY),
                ox.Triple(m.document(doc_id), _S["identifier"], _string(doc_id)),
            ],
            (doc_id,),
        )
    for predicate, docs in predicate_docs.items():
        node = m.predicate(predicate)
        yield (
            [ox.Triple(node, A, PROPERTY), ox.Triple(node, LABEL, _string(predicate))],
            tuple(sorted(d for d in docs if d is not None)) + ((None,) if None in docs else ()),
        )
    for fact in graph.iter_facts():
        yield _statement_triples(m, fact), tuple(sorted({ev.document for ev in fact.evidence}))
        for ev in fact.evidence:
            yield _evidence_triples(m, fact, ev), (ev.document,)


def triples(
    graph: KnowledgeGraph, *, base: str | None = None, extra: dict[str, list] | None = None
) -> Iterator[ox.Triple]:
    """Every triple of the graph as pyoxigraph Triples, each once, in a stable order."""
    m = _Minter(base)
    for batch, _ in _placed(graph, m, extra):
        yield from batch


def quads(graph: KnowledgeGraph, *, base: str | None = None, extra: dict[str, list] | None = None) -> Iterator[ox.Quad]:
    """The graph as quads: one named graph per document (see the module docstring for what goes where).

    ``extra`` maps a document id to more (predicate, literal) pairs for its description (the store's bookkeeping).
    """
    m = _Minter(base)
    default = ox.DefaultGraph()
    for batch, docs in _placed(graph, m, extra):
        names = [m.graph(d) if d is not None else default for d in docs] or [default]
        for name in names:
            for t in batch:
                yield ox.Quad(t.subject, t.predicate, t.object, name)


def prefixes(base: str | None = None) -> dict[str, str]:
    """The prefixes of every file kg writes, data namespaces included."""
    base = check_base(base)
    return {**PREFIXES, "ent": f"{base}entity/", "rel": f"{base}predicate/"}


# ---------------------------------------------------------------------- rdflib bridge
def _rdflib_term(term):  # noqa: ANN001, ANN202
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    # RDF 1.1: a plain literal is an xsd:string; rdflib keeps them apart, and its parsers make plain ones.
    datatype = None if term.datatype.value == XSD + "string" else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype)


def to_rdflib(graph: KnowledgeGraph, *, base: str | None = None) -> rdflib.Graph:
    """The whole graph as one rdflib Graph, prefixes bound."""
    from rdflib import Graph, Namespace

    g = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base).items():
        g.bind(prefix, Namespace(namespace))
    for t in triples(graph, base=base):
        g.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return g


def from_rdflib(g: rdflib.Graph) -> KnowledgeGraph:
    """Read back what ``to_rdflib`` wrote (a Graph, or a Dataset read as the union of its graphs)."""
    return from_triples((str(s), str(p), str(o)) for s, p, o in g.triples((None, None, None)))


# ---------------------------------------------------------------------- reading
# subject -> predicate -> object values (a dict used as an ordered set, since quads repeat triples)
Index = dict[str, dict[str, dict[str, None]]]


def read_index(rows: Iterable[tuple[str, str, str]]) -> Index:
    """subject -> predicate -> object values, each term as its IRI or lexical form; repeats dropped."""
    index: Index = {}
    for s, p, o in rows:
        index.setdefault(s, {}).setdefault(p, {})[o] = None
    return index


def _ox_rows(items: Iterable[ox.Triple | ox.Quad]) -> Iterator[tuple[str, str, str]]:
    for t in items:
        yield t.subject.value, t.predicate.value, t.object.value


def from_oxigraph(items: Iterable[ox.Triple | ox.Quad]) -> KnowledgeGraph:
    """Read pyoxigraph triples or quads (all graphs as one) into a KnowledgeGraph."""
    return from_triples(_ox_rows(items))


_ID, _TYPE, _LABEL, _ALT = KG + "id", RDF + "type", RDFS + "label", SKOS + "altLabel"
_DERIVED, _ATTRIBUTED = PROV + "wasDerivedFrom", PROV + "wasAttributedTo"


def _bool(value: str) -> bool:
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"{value!r} is not an xsd:boolean")


def from_triples(rows: Iterable[tuple[str, str, str]]) -> KnowledgeGraph:
    """Read (subject, predicate, object) strings of our vocabulary into an equal KnowledgeGraph."""
    with paused_gc():
        return parts_from_index(read_index(rows)).graph()


class _Parts:
    def __init__(
        self, documents: list[Document], entities: list[Entity], facts: list[Fact], extra: dict[str, dict[str, str]]
    ):
        self.documents, self.entities, self.facts, self.extra = documents, entities, facts, extra

    def graph(self) -> KnowledgeGraph:
        from .graph import from_entities_and_facts

        graph = from_entities_and_facts(sorted(self.entities, key=lambda e: e.id), self.facts)
        for doc in self.documents:
            graph.add_document(doc)
        return graph


def parts_from_index(index: Index) -> _Parts:
    """Documents, entities and facts from an index of our vocabulary."""
    try:
        return _parts(index)
    except (KeyError, IndexError, ValueError) as exc:
        raise FormatError(
            f"this RDF does not follow kg's vocabulary (docs/vocabulary.md): missing or bad {exc}"
        ) from exc


def _parts(index: Index) -> _Parts:
    def one(node: str, prop: str) -> str:
        return next(iter(index[node][prop]))

    def opt(node: str, prop: str) -> str | None:
        values = index.get(node, {}).get(prop)
        return next(iter(values)) if values else None

    doc_ids: dict[str, str] = {}
    documents, entity_nodes, statements = [], [], []
    extra: dict[str, dict[str, str]] = {}
    for node, props in index.items():
        types = props.get(_TYPE, ())
        if SCHEMA + "identifier" in props and PROV + "Entity" in types:
            doc_ids[node] = next(iter(props[SCHEMA + "identifier"]))
            if SCHEMA + "NewsArticle" in types:
                documents.append(node)
        if _ID in props:
            entity_nodes.append(node)
        if RDF + "Statement" in types:
            statements.append(node)
    docs = []
    for node in documents:
        doc_id = doc_ids[node]
        docs.append(
            Document(
                id=doc_id,
                text="",
                source=opt(node, KG + "source"),
                url=opt(node, SCHEMA + "url"),
                title=opt(node, SCHEMA + "headline"),
                date=opt(node, SCHEMA + "datePublished"),
            )
        )
        extra[doc_id] = {k: v for k in (KG + "contentHash", KG + "buildOrder") if (v := opt(node, k)) is not None}
    # Every entity's id first: an event's participants may be read before their own entity.
    ids = {node: next(iter(index[node][_ID])) for node in entity_nodes}
    entities = []
    for node in entity_nodes:
        props = index[node]
        entity_id = ids[node]
        kind = next((CLASS_TYPES[c] for c in props.get(_TYPE, ()) if c in CLASS_TYPES), "Thing")
        attributes = tuple((one(a, KG + "key"), one(a, RDF + "value")) for a in props.get(KG + "attribute", ()))
        participants = tuple((role, ids[other]) for role in PARTICIPANT_ROLES for other in props.get(KG + role, ()))
        mentions = sorted(
            (
                Mention(
                    one(n, KG + "text"),
                    doc_ids[one(n, _DERIVED)],
                    int(one(n, KG + "start")),
                    int(one(n, KG + "end")),
                    one(n, KG + "rule"),
                )
                for n in props.get(KG + "mention", ())
            ),
            key=lambda x: (x.document, x.start, x.end),
        )
        entities.append(
            Entity(entity_id, next(iter(props[_LABEL])), kind, tuple(props.get(_ALT, ())), tuple(mentions), attributes,
                   participants)
        )
    facts = []
    for st in statements:
        attributed = opt(st, _ATTRIBUTED)
        evidence = sorted(
            (
                Evidence(
                    doc_ids[one(e, _DERIVED)],
                    one(e, KG + "sentence"),
                    int(one(e, KG + "start")),
                    int(one(e, KG + "end")),
                )
                for e in index[st].get(KG + "evidence", ())
            ),
            key=lambda x: (x.document, x.start, x.end),
        )
        facts.append(
            Fact(
                subject=ids[one(st, RDF + "subject")],
                predicate=one(one(st, RDF + "predicate"), _LABEL),
                object=ids[one(st, RDF + "object")],
                negated=_bool(one(st, KG + "negated")),
                assertion=opt(st, KG + "assertion") or "asserted",
                modality=opt(st, KG + "modality"),
                time=opt(st, KG + "time"),
                place=opt(st, KG + "place"),
                attributed_to=ids[attributed] if attributed is not None else None,
                confidence=float(one(st, KG + "confidence")),
                evidence=tuple(evidence),
            )
        )
    return _Parts(docs, entities, facts, extra)
