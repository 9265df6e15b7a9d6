"""Extraction: a parsed spaCy Doc and its Document in, an Extraction of plain values out.

This package is the only place spaCy objects live. ``propositions`` reads
clause-level propositions off the dependency parse; ``entities`` groups and
resolves the things they talk about; ``extract`` turns both into the
entities and facts of one document.
"""
from __future__ import annotations

import sys

from spacy.tokens import Doc

from ..model import Document, Evidence, Extraction, Fact
from .entities import EntityIndex
from .propositions import Argument, Proposition, propositions
from .tokens import DocView, view

__all__ = ["extract", "propositions", "Proposition", "Argument"]

# Object roles that name a thing; clauses and adjective complements stay in Open IE output only.
_GRAPH_ROLES = frozenset({"object", "subject", "prep"})


def extract(doc: Doc, document: Document) -> Extraction:
    """Entities and facts of one parsed document."""
    parsed = view(doc)  # the parse read once, for both entities and propositions
    try:
        return _extract(parsed, document)
    finally:
        if parsed is not doc:
            parsed.release()


def _extract(doc: DocView, document: Document) -> Extraction:
    index = EntityIndex(doc, document.id)
    facts: list[Fact] = []
    sentences: dict[tuple[int, int], str] = {}  # the facts of one sentence share its text
    text = doc.text
    for prop in propositions(doc):
        if prop.subject is None or prop.object is None or prop.object.role not in _GRAPH_ROLES:
            continue
        subject = index.resolve(prop.subject.head, prop.subject.text, prop.subject.start, prop.subject.end)
        obj = index.resolve(prop.object.head, prop.object.text, prop.object.start, prop.object.end)
        if subject is None or obj is None or subject.id == obj.id:
            continue
        speaker = None
        if prop.attributed_to is not None:
            resolved = index.resolve(prop.attributed_to.head, prop.attributed_to.text, prop.attributed_to.start, prop.attributed_to.end)
            speaker = resolved.id if resolved is not None else None
        span = (prop.sentence_start, prop.sentence_end)
        if span not in sentences:
            sentences[span] = text[prop.sentence_start : prop.sentence_end].strip()
        facts.append(
            Fact(
                subject=subject.id,
                predicate=sys.intern(prop.predicate),  # a small vocabulary of lemmas: one string each
                object=obj.id,
                negated=prop.negated,
                modality=prop.modality,
                time=prop.time,
                place=prop.place,
                attributed_to=speaker,
                confidence=prop.confidence,
                evidence=(Evidence(document.id, sentences[span], prop.sentence_start, prop.sentence_end),),
            )
        )
    return Extraction(document, tuple(index.entities()), tuple(facts))
