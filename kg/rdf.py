"""RDF: a KnowledgeGraph in, an rdflib Graph out, and back again.

The vocabulary is documented in docs/vocabulary.md. In short: entities are
IRIs typed with schema.org classes, labelled with ``rdfs:label`` and
``skos:altLabel``; every asserted fact is a direct triple whose predicate IRI
carries an ``rdfs:label``; every fact, asserted or not, has an
``rdf:Statement`` with its provenance (PROV-O) and qualifiers. Negated and
hedged facts exist only as statements. IRIs are minted from slugs and hashes,
never from raw text.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from .errors import FormatError
from .model import Document, Entity, Evidence, Fact, Mention
from .names import slugify

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["DEFAULT_BASE", "KG", "SCHEMA", "PREFIXES", "to_rdflib", "from_rdflib", "entity_iri", "predicate_iri"]

DEFAULT_BASE = "https://kg.invalid/"
#: Our own vocabulary (classes and properties); data IRIs live under the base.
KG = Namespace("https://kg.invalid/vocab#")
SCHEMA = Namespace("https://schema.org/")

#: Prefixes bound once, in every graph we write.
PREFIXES = {"kg": KG, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

#: Entity types to schema.org classes.
TYPE_CLASSES = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Event": SCHEMA.Event,
    "Date": SCHEMA.DateTime,
    "Quantity": SCHEMA.QuantitativeValue,
    "Thing": SCHEMA.Thing,
}
CLASS_TYPES = {v: k for k, v in TYPE_CLASSES.items()}


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _base(base: str | None) -> str:
    base = base or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    return base


def entity_iri(entity_id: str, base: str | None = None) -> URIRef:
    return URIRef(f"{_base(base)}entity/{slugify(entity_id)}")


def predicate_iri(predicate: str, base: str | None = None) -> URIRef:
    return URIRef(f"{_base(base)}predicate/{slugify(predicate)}")


def document_iri(document_id: str, base: str | None = None) -> URIRef:
    return URIRef(f"{_base(base)}document/{slugify(document_id)}-{_hash(document_id)[:8]}")


def statement_iri(fact: Fact, base: str | None = None) -> URIRef:
    return URIRef(f"{_base(base)}statement/{_hash(*fact.identity)}")


def _evidence_iri(fact: Fact, evidence: Evidence, base: str | None) -> URIRef:
    return URIRef(f"{_base(base)}evidence/{_hash(*fact.identity, evidence.document, evidence.start, evidence.end)}")


def _add_document(g: Graph, doc: Document, base: str | None) -> None:
    node = document_iri(doc.id, base)
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDF.type, SCHEMA.NewsArticle))
    g.add((node, SCHEMA.identifier, Literal(doc.id)))
    for prop, value in ((SCHEMA.headline, doc.title), (KG.source, doc.source), (SCHEMA.datePublished, doc.date)):
        if value is not None:
            g.add((node, prop, Literal(value)))
    if doc.url is not None:
        g.add((node, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)))


def _add_entity(g: Graph, entity: Entity, base: str | None) -> None:
    node = entity_iri(entity.id, base)
    g.add((node, RDF.type, TYPE_CLASSES.get(entity.type, SCHEMA.Thing)))
    g.add((node, KG.id, Literal(entity.id)))
    g.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    for key, value in entity.attributes:
        attribute = BNode(_hash("attribute", entity.id, key, value))
        g.add((node, KG.attribute, attribute))
        g.add((attribute, KG.key, Literal(key)))
        g.add((attribute, RDF.value, Literal(value)))
    for mention in entity.mentions:
        m = URIRef(f"{_base(base)}mention/{_hash(entity.id, mention.document, mention.start, mention.end)}")
        g.add((node, KG.mention, m))
        g.add((m, KG.text, Literal(mention.text)))
        g.add((m, PROV.wasDerivedFrom, document_iri(mention.document, base)))
        g.add((m, KG.start, Literal(mention.start)))
        g.add((m, KG.end, Literal(mention.end)))
        g.add((m, KG.rule, Literal(mention.rule)))


def _add_fact(g: Graph, fact: Fact, base: str | None) -> None:
    s, o = entity_iri(fact.subject, base), entity_iri(fact.object, base)
    p = predicate_iri(fact.predicate, base)
    g.add((p, RDF.type, RDF.Property))
    g.add((p, RDFS.label, Literal(fact.predicate)))
    if fact.asserted:
        g.add((s, p, o))
    st = statement_iri(fact, base)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, KG.asserted, Literal(fact.asserted)))
    g.add((st, KG.negated, Literal(fact.negated)))
    g.add((st, KG.confidence, Literal(Decimal(str(fact.confidence)))))
    if fact.modality is not None:
        g.add((st, KG.modality, Literal(fact.modality)))
    if fact.time is not None:
        g.add((st, KG.time, Literal(fact.time)))
    if fact.place is not None:
        g.add((st, KG.place, Literal(fact.place)))
    if fact.attributed_to is not None:
        g.add((st, PROV.wasAttributedTo, entity_iri(fact.attributed_to, base)))
    for ev in fact.evidence:
        e = _evidence_iri(fact, ev, base)
        g.add((st, KG.evidence, e))
        g.add((st, PROV.wasDerivedFrom, document_iri(ev.document, base)))
        g.add((e, RDF.type, KG.Evidence))
        g.add((e, PROV.wasDerivedFrom, document_iri(ev.document, base)))
        g.add((e, KG.sentence, Literal(ev.sentence)))
        g.add((e, KG.start, Literal(ev.start)))
        g.add((e, KG.end, Literal(ev.end)))


def to_rdflib(graph: KnowledgeGraph, *, base: str | None = None) -> Graph:
    """The whole graph as one rdflib Graph, prefixes bound."""
    g = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    # Data namespaces under the base, so entities and predicates read as ent:x and rel:y.
    g.bind("ent", Namespace(f"{_base(base)}entity/"))
    g.bind("rel", Namespace(f"{_base(base)}predicate/"))
    for doc in graph.documents():
        _add_document(g, doc, base)
    for entity in graph.entities():
        _add_entity(g, entity, base)
    for fact in graph.iter_facts():
        _add_fact(g, fact, base)
    return g


def _value(g: Graph, node: object, prop: URIRef) -> str | None:
    value = g.value(node, prop)  # type: ignore[arg-type]
    return None if value is None else str(value)


def from_rdflib(g: Graph) -> KnowledgeGraph:
    """Read back what ``to_rdflib`` wrote into an equal KnowledgeGraph."""
    from .graph import from_entities_and_facts

    docs: dict[object, Document] = {}
    for node in g.subjects(RDF.type, SCHEMA.NewsArticle):
        doc_id = _value(g, node, SCHEMA.identifier)
        if doc_id is None:
            raise FormatError(f"document {node} has no schema:identifier; this RDF was not written by kg")
        docs[node] = Document(
            id=doc_id,
            text="",
            source=_value(g, node, KG.source),
            url=_value(g, node, SCHEMA.url),
            title=_value(g, node, SCHEMA.headline),
            date=_value(g, node, SCHEMA.datePublished),
        )
    ids: dict[object, str] = {}
    entities = []
    for node in g.subjects(KG.id, None):
        entity_id = _value(g, node, KG.id)
        assert entity_id is not None
        ids[node] = entity_id
        kind = next((CLASS_TYPES[c] for c in g.objects(node, RDF.type) if c in CLASS_TYPES), "Thing")
        attributes = sorted((str(g.value(a, KG.key)), str(g.value(a, RDF.value))) for a in g.objects(node, KG.attribute))
        mentions = sorted(
            (
                Mention(
                    str(g.value(m, KG.text)),
                    docs[g.value(m, PROV.wasDerivedFrom)].id,
                    int(g.value(m, KG.start)),  # type: ignore[arg-type]
                    int(g.value(m, KG.end)),  # type: ignore[arg-type]
                    str(g.value(m, KG.rule)),
                )
                for m in g.objects(node, KG.mention)
            ),
            key=lambda m: (m.document, m.start, m.end),
        )
        entities.append(
            Entity(
                id=entity_id,
                name=str(g.value(node, RDFS.label)),
                type=kind,
                aliases=tuple(sorted(str(a) for a in g.objects(node, SKOS.altLabel))),
                mentions=tuple(mentions),
                attributes=tuple(attributes),
            )
        )
    facts = []
    for st in g.subjects(RDF.type, RDF.Statement):
        p = g.value(st, RDF.predicate)
        attributed = g.value(st, PROV.wasAttributedTo)
        evidence = sorted(
            (
                Evidence(
                    docs[g.value(e, PROV.wasDerivedFrom)].id,
                    str(g.value(e, KG.sentence)),
                    int(g.value(e, KG.start)),  # type: ignore[arg-type]
                    int(g.value(e, KG.end)),  # type: ignore[arg-type]
                )
                for e in g.objects(st, KG.evidence)
            ),
            key=lambda e: (e.document, e.start, e.end),
        )
        facts.append(
            Fact(
                subject=ids[g.value(st, RDF.subject)],
                predicate=str(g.value(p, RDFS.label)),
                object=ids[g.value(st, RDF.object)],
                negated=bool(g.value(st, KG.negated).toPython()),  # type: ignore[union-attr]
                modality=_value(g, st, KG.modality),
                time=_value(g, st, KG.time),
                place=_value(g, st, KG.place),
                attributed_to=ids[attributed] if attributed is not None else None,
                confidence=float(g.value(st, KG.confidence)),  # type: ignore[arg-type]
                evidence=tuple(evidence),
            )
        )
    graph = from_entities_and_facts(sorted(entities, key=lambda e: e.id), facts)
    for doc in docs.values():
        graph.add_document(doc)
    return graph
