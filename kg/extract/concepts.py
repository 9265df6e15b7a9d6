"""Concept and event nodes of one document: a fact's argument that names no entity in, its node out.

The entities of a document (``entities``) are what the text names; an
argument that names none of them is a concept, a node named by its phrase.
This stage shapes those nodes:

- A node's name is a name, not a clause: a phrase longer than ``MAX_NAME``
  characters is cut to its core (the head noun with its modifiers, and as
  many of the phrases on its right as fit, each cut the same way); the whole
  phrase stays in the mention and the evidence.
- An event noun ("the purchase of US Steel by Japan's Nippon Steel",
  "Xstrata's bid for WMC", "talks with Iwaya") makes an Event node whose
  participants are the named entities the phrase gives it: the agent (a
  "by" phrase, a possessor, a name in compound for a bid) and the target
  (an "of" phrase, or "for", "against", "with", "to", "on"), see ``EVENT_HEADS``.
- Any other concept is typed by its head noun: people ("analysts", "the
  UKIP spokesman") are Person, bodies ("the government", "the board")
  Organization, amounts ("22% of the group's total assets") Quantity; only
  what none of these reads stays Thing.
"""
from __future__ import annotations

import dataclasses

from ..model import UNTYPED, Entity
from .entities import EntityIndex
from .lexicon import (
    AGENT_COMPOUNDS,
    BODY_NOUNS,
    EVENT_HEADS,
    HELD_ROLES,
    ORG_DESCRIPTORS,
    PEOPLE_NOUNS,
    PERSON_ROLES,
    TARGET_PREPOSITIONS,
    UNDERGONE_EVENTS,
)
from .propositions import Argument
from .propositions import _phrase_tokens as phrase_tokens
from .propositions import _text as text_of
from .tokens import DocView, TokenView as Token

__all__ = ["Concepts", "MAX_NAME", "EVENT_RULE"]

#: The longest node name made from a phrase, in characters.
MAX_NAME = 60

#: The rule recorded on the mentions of an event node.
EVENT_RULE = "event noun"

# The kinds of entity an event's participant may be: a concept is no participant.
_PARTICIPANTS = frozenset({"Person", "Organization", "Place", "Event"})
_AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_PEOPLE = PERSON_ROLES | HELD_ROLES | PEOPLE_NOUNS
_BODIES = BODY_NOUNS | ORG_DESCRIPTORS


def _width(tokens: list[Token]) -> int:
    return len(text_of(sorted(tokens, key=lambda t: t.i)))


def _fit(tok: Token, allowed: set[int], budget: int) -> list[Token] | None:
    """``tok``'s phrase within ``allowed`` cut to ``budget`` characters: its left modifiers and itself, then
    its right dependents in order while they fit, the first that does not fit cut the same way; None when
    not even the word and its modifiers fit."""
    kept = [t for c in tok.lefts if c.i in allowed for t in c.subtree if t.i in allowed] + [tok]
    if _width(kept) > budget:
        return None
    for child in tok.rights:
        if child.i not in allowed:
            continue
        whole = [t for t in child.subtree if t.i in allowed]
        if _width(kept + whole) <= budget:
            kept += whole
            continue
        if child.dep_ in ("prep", "acl", "pobj", "xcomp", "pcomp", "dobj", "compound", "amod"):
            # "the decision to block the purchase of US Steel by Japan's Nippon Steel for ..." keeps
            # "the decision to block the purchase of US Steel": a phrase cut, never a word left dangling.
            head = child if child.dep_ != "prep" else next((c for c in child.children if c.i in allowed), None)
            if head is not None and head is not child:
                inner = _fit(head, allowed, budget - _width(kept + [child]) - 1)
                if inner is not None:
                    kept += [child, *inner]
            elif head is child:
                inner = _fit(child, allowed, budget - _width(kept) - 1)
                if inner is not None and len(inner) > 1:
                    kept += inner
        break
    kept.sort(key=lambda t: t.i)
    # A cut never ends on a joint: "merger between Santander and" is "merger between Santander".
    while len(kept) > 1 and (kept[-1].dep_ in ("cc", "punct", "prep", "case", "det", "mark", "aux") or kept[-1].is_punct):
        kept.pop()
    return kept


def core_text(doc: DocView, arg: Argument) -> str:
    """The argument's phrase, cut to its core when longer than ``MAX_NAME`` characters."""
    if len(arg.text) <= MAX_NAME:
        return arg.text
    head = doc.tokens[arg.head]
    allowed = {t.i for t in phrase_tokens(head) if arg.start <= t.idx < arg.end}
    kept = _fit(head, allowed, MAX_NAME)
    return text_of(kept) if kept else text_of([head])


def concept_type(head: Token) -> str:
    """The type a concept's head noun gives it: Person, Organization, Quantity or Thing."""
    if head.ent_type_ in _AMOUNTS or head.pos_ == "NUM" or head.tag_ == "$":
        return "Quantity"
    word = head.lemma_.lower()
    if head.pos_ in ("NOUN", "PROPN") and (word in _PEOPLE or head.lower_ in _PEOPLE):
        return "Person"
    if head.pos_ in ("NOUN", "PROPN") and (word in _BODIES or head.lower_ in _BODIES):
        return "Organization"
    return UNTYPED


class Concepts:
    """The concept and event nodes of one document, resolved through its ``EntityIndex``."""

    def __init__(self, doc: DocView, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        self._types: dict[str, str] = {}  # concept id -> its type
        self._participants: dict[str, set[tuple[str, str]]] = {}  # event id -> (role, entity id)

    def resolve(self, arg: Argument, *, described: bool = False) -> Entity | None:
        """The node of an argument: the entity it names, else its concept or event node.

        A ``described`` argument is what its subject is said to be ("Ishiba - be - Japanese Prime
        Minister"): a role or a kind, not a person or body of its own, so its noun does not type it.
        """
        entity = self.index.resolve(arg.head, core_text(self.doc, arg), arg.start, arg.end)
        if entity is None or entity.type != UNTYPED or not any(m.rule == "phrase" for m in entity.mentions):
            return entity
        head = self.doc.tokens[arg.head]
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in EVENT_HEADS:
            self._types.setdefault(entity.id, "Event")
            if self._types[entity.id] == "Event":
                self._participants.setdefault(entity.id, set()).update(self._read_participants(head))
                return dataclasses.replace(entity, type="Event")
        if described:
            return entity
        kind = self._types.setdefault(entity.id, concept_type(head))
        return dataclasses.replace(entity, type=kind) if kind != UNTYPED else entity

    def _read_participants(self, noun: Token) -> set[tuple[str, str]]:
        """(role, entity id) of the named entities an event noun's phrase gives it."""
        word = noun.lemma_.lower()
        found: list[tuple[str, Token]] = []
        by_agent = False
        for child in noun.children:
            if child.dep_ != "prep":
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                preposition = child.lower_
                if preposition == "by":
                    found.append(("agent", pobj))
                    by_agent = True
                elif preposition == "of":
                    found.append((EVENT_HEADS[word], pobj))
                elif preposition in TARGET_PREPOSITIONS:
                    found.append(("target", pobj))
        has_target = any(role == "target" for role, _ in found)
        superlative = any(c.tag_ in ("JJS", "RBS") or c.dep_ == "amod" and c.ent_type_ == "ORDINAL" for c in noun.lefts)
        for child in noun.children:
            if child.dep_ == "poss" and not superlative:
                # "Nippon Steel's acquisition of US Steel", "Glazer's offer": the possessor acts; "US Steel's
                # purchase by Nippon Steel", "Kilroy-Silk's expulsion": it undergoes. "Spain's biggest
                # merger" only says where.
                undergoes = by_agent or (word in UNDERGONE_EVENTS and not has_target)
                found.append(("target" if undergoes else "agent", child))
            elif child.dep_ == "compound" and word in AGENT_COMPOUNDS and child.pos_ == "PROPN":
                found.append(("agent", child))
        out = set()
        for role, tok in found:
            for member in [tok, *(c for c in tok.conjuncts if c.dep_ == "conj")]:
                entity = self.index.resolve(member.i, member.text, member.idx, member.idx + len(member.text))
                if entity is not None and entity.type in _PARTICIPANTS:
                    out.add((role, entity.id))
        return out

    def entities(self, used: set[str | None]) -> list[Entity]:
        """Every entity of the document: named ones always, concepts and events when a fact used them."""
        out = []
        for entity in self.index.entities():
            if entity.type != UNTYPED and entity.id not in self._types:
                out.append(entity)
            elif entity.id in used:
                kind = self._types.get(entity.id, entity.type)
                if kind == "Event":
                    mentions = tuple(
                        dataclasses.replace(m, rule=EVENT_RULE) if m.rule == "phrase" else m for m in entity.mentions
                    )
                    participants = tuple(p for p in self._participants.get(entity.id, ()) if p[1] != entity.id)
                    entity = dataclasses.replace(entity, type=kind, mentions=mentions, participants=participants)
                elif kind != entity.type:
                    entity = dataclasses.replace(entity, type=kind)
                out.append(entity)
        return out
