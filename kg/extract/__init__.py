"""Extraction: a parsed spaCy Doc and its Document in, an Extraction of plain values out.

This package is the only place spaCy objects live. ``propositions`` reads
clause-level propositions off the dependency parse; ``entities`` groups and
resolves the things they talk about; ``extract`` turns both into the
entities and facts of one document.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc

from ..memory import paused_gc
from ..model import Document, Entity, Evidence, Extraction, Fact
from ..relations import relation
from .concepts import Concepts
from .confidence import confidence, confidence_features, fact_features
from .entities import EntityIndex
from .lexicon import SPEECH_VERBS
from .propositions import Argument, Proposition, propositions
from .quality import unfit
from .tokens import DocView, quoted, view

__all__ = ["extract", "propositions", "Proposition", "Argument"]

# Object roles that name a thing, or a source's words; adjective complements stay in Open IE output only.
_GRAPH_ROLES = frozenset({"object", "subject", "prep", "clause"})


def extract(doc: Doc, document: Document, *, features: list[dict[str, float]] | None = None) -> Extraction:
    """Entities and facts of one parsed document.

    With ``features``, the confidence features of each fact are appended to
    it, in the order of the facts (``benchmarks/carb_fit.py`` fits on them).
    """
    # The parse read once, for both entities and propositions; the collector paused meanwhile (kg.memory).
    with paused_gc():
        parsed = view(doc)
        try:
            return _extract(parsed, document, features)
        finally:
            if parsed is not doc:
                parsed.release()


def _passive_with_preposition(prop: Proposition) -> Proposition:
    """Passive without agent, with a prepositional object: "the sailors will be returned to Norway" ->
    sailors - be return to - Norway (no one is named who returns them; the fact is still about the two)."""
    if prop.rule != "passive without agent" or prop.subject is not None or prop.object is None:
        return prop
    target = next((a for a in prop.extra if a.prep and a.role in ("prep", "place")), None)
    if target is None:
        return prop
    predicate = f"be {prop.predicate} {target.prep.lower()}"
    return replace(prop, predicate=predicate, subject=replace(prop.object, role="subject"),
                   object=replace(target, role="object", prep=None))


def _reported_clause(prop: Proposition) -> Proposition:
    """A verb of saying with the clause it reports: "Cook said Parliament may have been misled" -> Cook - say -
    (the claim "Parliament may have been misled"); the clause's own facts are Cook's claims beside it."""
    if prop.predicate not in SPEECH_VERBS or prop.subject is None:
        return prop
    clause = next((a for a in prop.extra if a.role == "clause"), None)
    # "Straw told the Commons that X": the report is what he told, not whom.
    return replace(prop, object=clause) if clause is not None else prop


def _direct_quotation(doc: DocView, prop: Proposition) -> bool:
    """A verb of saying with a quotation for its clause: 'Moss said: "We will appeal."' (the quote opens before
    the clause's first word), not 'Moss said he would "appeal at once"' (a few quoted words in a report)."""
    if prop.predicate not in SPEECH_VERBS or prop.object is None or prop.object.role != "clause":
        return False
    first = prop.object.head
    while first > 0 and doc.tokens[first - 1].idx >= prop.object.start:
        first -= 1
    return quoted(doc)[first]


def _extract(doc: DocView, document: Document, features: list[dict[str, float]] | None) -> Extraction:
    index = EntityIndex(doc, document.id)
    concepts = Concepts(doc, index)
    facts: list[Fact] = []
    read: list[dict[str, float]] = []  # the confidence features of each fact
    sentences: dict[tuple[int, int], str] = {}  # the facts of one sentence share its text
    text = doc.text
    props = propositions(doc)
    # Reported speech: a speaker whose words were read as facts of their own (attributed to them).
    reporting = {(p.sentence_start, p.attributed_to.head) for p in props if p.attributed_to is not None}
    quoting: dict[int, list[int]] = {}  # speaker token -> the facts from that speaker to a quotation
    told: set[int] = set()  # speaker tokens to whom some fact was attributed
    for prop in props:
        prop = _reported_clause(_passive_with_preposition(prop))
        if prop.subject is None or prop.object is None or prop.object.role not in _GRAPH_ROLES:
            continue
        if prop.predicate in SPEECH_VERBS and prop.object.role != "clause" and (
            prop.sentence_start, prop.subject.head
        ) in reporting:
            # "Straw told the Commons" says nothing once what he told them is a fact: the content is the fact.
            continue
        subject = concepts.resolve(prop.subject)
        obj = concepts.resolve(prop.object, described=prop.predicate == "be")
        named = subject.name if subject is not None else ""
        if prop.fallback_object is not None and (obj is None or unfit(doc, prop, named, obj.name)):
            # A role in an organisation that names nothing ("its Paris lawyer", "its" unresolved): the role itself.
            prop = replace(prop, predicate="be", object=prop.fallback_object, fallback_object=None)
            obj = concepts.resolve(prop.object, described=True)
        if subject is None or obj is None:
            continue
        speaker = None
        if prop.attributed_to is not None:
            resolved = concepts.resolve(prop.attributed_to)
            speaker = resolved.id if resolved is not None else None
        span = (prop.sentence_start, prop.sentence_end)
        quotation = _direct_quotation(doc, prop)
        shape = confidence_features(prop)  # the same for each fact of the proposition
        # "the two groups filed an appeal": the fact holds for each member of a group.
        for s in index.members(prop.subject.head, subject):
            for o in index.members(prop.object.head, obj):
                if s.id == o.id or unfit(doc, prop, s.name, o.name, (s.type, o.type)):
                    continue
                seen = {**shape, **fact_features(prop, s, o)}
                read.append(seen)
                if span not in sentences:
                    sentences[span] = text[prop.sentence_start : prop.sentence_end].strip()
                if quotation:
                    quoting.setdefault(prop.subject.head, []).append(len(facts))
                if prop.attributed_to is not None:
                    told.add(prop.attributed_to.head)
                facts.append(
                    Fact(
                        subject=s.id,
                        predicate=sys.intern(prop.predicate),  # a small vocabulary of lemmas: one string each
                        object=o.id,
                        negated=prop.negated,
                        modality=prop.modality,
                        assertion=prop.assertion,
                        time=prop.time,
                        place=prop.place,
                        attributed_to=speaker,
                        confidence=confidence(seen),
                        evidence=(Evidence(document.id, sentences[span], prop.sentence_start, prop.sentence_end),),
                    )
                )
    # A direct quotation whose content became facts of its speaker: those facts are the news, and the quote's
    # words stay their evidence; "Moss - say - 'We will appeal'" beside them only repeats the sentence.
    quoted_twice = {n for speaker, made in quoting.items() if speaker in told for n in made}
    facts = [f for n, f in enumerate(facts) if n not in quoted_twice]
    if features is not None:
        features.extend(seen for n, seen in enumerate(read) if n not in quoted_twice)
    # A concept is a node only for the facts it is in: one resolved for a proposition the filter dropped is not.
    used = {i for f in facts for i in (f.subject, f.object, f.attributed_to)}
    entities = tuple(concepts.entities(used))
    return Extraction(document, entities, tuple(_with_relations(facts, entities)))


def _with_relations(facts: list[Fact], entities: tuple[Entity, ...]) -> Iterator[Fact]:
    """Each fact with its relation (``kg.relations``), read with its entities' final types and names."""
    by_id = {e.id: e for e in entities}
    for fact in facts:
        subject, obj = by_id[fact.subject], by_id[fact.object]
        found = relation(fact.predicate, subject_type=subject.type, object_type=obj.type, object_name=obj.name)
        yield replace(fact, relation=sys.intern(found))
