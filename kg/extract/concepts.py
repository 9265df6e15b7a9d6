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
  UKIP spokesman", "Germans") are Person, bodies ("the government", "the board")
  Organization, places ("many countries") Place, amounts ("22% of the group's total assets") Quantity; only
  what none of these reads stays Thing.
"""
from __future__ import annotations

import dataclasses

import sys

from ..model import UNTYPED, Entity, Mention
from ..names import slugify
from .entities import EntityIndex, definite_numeral
from .lexicon import (
    AGENT_COMPOUNDS,
    BODY_NOUNS,
    EVENT_HEADS,
    HELD_ROLES,
    ORG_DESCRIPTORS,
    PEOPLE_NOUNS,
    PLACE_NOUNS,
    PERSON_ROLES,
    TARGET_PREPOSITIONS,
    UNDERGONE_EVENTS,
)
from .propositions import Argument
from .propositions import _phrase_tokens as phrase_tokens
from .propositions import _text as text_of
from .tokens import DocView, TokenView as Token

__all__ = ["Concepts", "MAX_NAME", "EVENT_RULE", "CLAIM_RULE"]

#: The longest node name made from a phrase, in characters.
MAX_NAME = 60

#: The rule recorded on the mentions of an event node.
EVENT_RULE = "event noun"

#: The rule recorded on the mention of a claim node: a reported clause.
CLAIM_RULE = "reported clause"
_PERSONAL = frozenset({"he", "she", "they", "him", "her", "them", "it", "his", "their", "its", "i", "we", "me", "us",
                       "my", "our"})
_POSSESSIVE = frozenset({"his", "her", "their", "its", "my", "our"})
_PARTITIVES = frozenset({"some", "many", "most", "all", "each", "none", "several", "few", "both"})

# The kinds of entity an event's participant may be: a concept is no participant.
_PARTICIPANTS = frozenset({"Person", "Organization", "Place", "Event"})
_AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_PEOPLE = PERSON_ROLES | HELD_ROLES | PEOPLE_NOUNS
_BODIES = BODY_NOUNS | ORG_DESCRIPTORS


# What a phrase cannot do without: its subject, verb group and object, its determiners and modifiers.
_ESSENTIAL = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "aux", "auxpass", "neg", "prt", "det", "poss",
                        "case", "compound", "amod", "nummod", "nmod", "quantmod", "dobj", "attr", "acomp", "oprd",
                        "pobj", "pcomp", "xcomp", "ccomp", "dative", "agent"})
# What a name leaves out: side remarks, and the marks around a clause.
_SIDE = frozenset({"parataxis", "relcl", "appos", "meta", "discourse", "intj", "dep", "advcl"})
_MARKS = frozenset({"mark", "preconj", "punct"})


def _rank(child: Token) -> int:
    """Which dependents a cut phrase keeps first: the verb group, then what the phrase cannot do without."""
    if child.dep_ in ("aux", "auxpass", "neg", "prt", "det", "case"):
        return 0
    return 1 if child.dep_ in _ESSENTIAL else 2


def _droppable(child: Token, head: Token) -> bool:
    """A dependent no name keeps: a side remark, a mark, a clause coordinated with a verb."""
    if child.dep_ in _SIDE or child.dep_ in _MARKS and child.tag_ != "HYPH" and child.pos_ == "PUNCT":
        return True
    return child.dep_ in ("cc", "conj") and head.pos_ in ("VERB", "AUX")


def _width(tokens: list[Token]) -> int:
    return len(text_of(sorted(tokens, key=lambda t: t.i)))


def _fit(tok: Token, allowed: set[int], budget: int) -> list[Token] | None:
    """``tok``'s phrase within ``allowed`` cut to ``budget`` characters, or None when not even the word fits.

    The dependents a phrase cannot do without come first (subject, verb group, object, modifiers), then the
    others (prepositional phrases, adverbs, clauses), each whole when it fits, else cut the same way, else
    left out; side remarks and coordination never: "This alliance, I believe, is truly stronger than ever"
    -> "This alliance is truly stronger than ever"."""
    kept = [tok]
    if _width(kept) > budget:
        return None
    children = [c for c in tok.children if c.i in allowed and not _droppable(c, tok)]
    for child in sorted(children, key=lambda c: (_rank(c), c.i)):
        whole = [
            t for t in child.subtree if t.i in allowed and not (t.dep_ in _SIDE or t.pos_ == "PUNCT" and t.tag_ != "HYPH")
        ]
        # A clause's subject takes at most two thirds of the room, so that what it did still fits.
        room = budget - _width(kept) - 1
        if child.dep_ in ("nsubj", "nsubjpass", "csubj") and tok.pos_ in ("VERB", "AUX"):
            room = min(room, budget * 2 // 3)
        if len(text_of(sorted(whole, key=lambda t: t.i))) <= room:
            kept += whole
            continue
        inner = _fit(child, allowed, room)
        # A word left dangling is no part of a name: "for" without its noun, "the" without its phrase.
        if inner is not None and (len(inner) > 1 or child.dep_ in ("compound", "amod", "nummod", "nsubj", "dobj")):
            kept += inner
    kept.sort(key=lambda t: t.i)
    while len(kept) > 1 and (kept[-1].dep_ in ("cc", "prep", "case", "det", "mark", "aux") or kept[-1].is_punct):
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
    """The type a concept's head noun gives it: Person, Organization, Place, Quantity or Thing."""
    if definite_numeral(head):
        return UNTYPED  # "the nine" counts people or things named before: no amount, and of no kind its words say
    if head.ent_type_ in _AMOUNTS or head.pos_ == "NUM" or head.tag_ == "$":
        return "Quantity"
    word = head.lemma_.lower()
    if head.pos_ in ("NOUN", "PROPN") and (word in _PEOPLE or head.lower_ in _PEOPLE):
        return "Person"
    if head.pos_ in ("NOUN", "PROPN") and (word in _BODIES or head.lower_ in _BODIES):
        return "Organization"
    if head.pos_ in ("NOUN", "PROPN") and (word in PLACE_NOUNS or head.lower_ in PLACE_NOUNS):
        return "Place"
    if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
        return "Person"  # a people named by its nation or faith: "many Germans", "Roma Czechs", "Jews"
    return UNTYPED


class Concepts:
    """The concept and event nodes of one document, resolved through its ``EntityIndex``."""

    def __init__(self, doc: DocView, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        self._types: dict[str, str] = {}  # concept id -> its type
        self._participants: dict[str, set[tuple[str, str]]] = {}  # event id -> (role, entity id)
        self._claims: dict[str, Entity] = {}  # claim id -> its node

    def resolve(self, arg: Argument, *, described: bool = False) -> Entity | None:
        """The node of an argument: the entity it names, else its concept or event node.

        A ``described`` argument is what its subject is said to be ("Ishiba - be - Japanese Prime
        Minister"): a role or a kind, not a person or body of its own, so its noun does not type it.
        """
        if arg.role == "clause":
            return self._claim(arg)
        arg = self._partitive(arg)
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

    def _partitive(self, arg: Argument) -> Argument:
        """ "one of the largest steel producers", "two of his own officials": the argument is about the whole
        named after "of", not about a number."""
        head = self.doc.tokens[arg.head]
        if head.pos_ != "NUM" and head.lower_ not in _PARTITIVES:
            return arg
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whole is None:
            return arg
        tokens = [t for t in phrase_tokens(whole) if arg.start <= t.idx < arg.end]
        if not tokens:
            return arg
        return Argument(arg.role, text_of(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), whole.i)

    def _claim(self, arg: Argument) -> Entity:
        """The node of a reported clause, named by its words cut to their core, a pronoun replaced by the
        name it refers to: "he had misled Parliament" -> "Goldsmith had misled Parliament"."""
        head = self.doc.tokens[arg.head]
        allowed = {t.i for t in head.subtree if arg.start <= t.idx < arg.end}
        name, budget = "", MAX_NAME
        while budget > 10:
            kept = _fit(head, allowed, budget) or [head]
            name = "".join(
                self._word(t) + (t.whitespace_ if n + 1 < len(kept) and kept[n + 1].i == t.i + 1 else " ")
                for n, t in enumerate(kept)
            ).strip(" \"'“”‘’,.;:")
            if len(name) <= MAX_NAME:
                break
            budget -= len(name) - MAX_NAME
        claim_id = slugify(name)
        mention = Mention(sys.intern(self.doc.text[arg.start : arg.end]), self.index.document_id, arg.start, arg.end,
                          CLAIM_RULE)
        held = self._claims.get(claim_id)
        if held is None:
            held = Entity(claim_id, name, "Claim", mentions=(mention,))
        elif mention not in held.mentions:
            held = dataclasses.replace(held, mentions=held.mentions + (mention,))
        self._claims[claim_id] = held
        return held

    def _word(self, tok: Token) -> str:
        if tok.lower_ in _PERSONAL and tok.pos_ == "PRON":
            entity = self.index.resolve(tok.i, tok.text, tok.idx, tok.idx + len(tok.text))
            if entity is not None:
                return f"{entity.name}’s" if tok.lower_ in _POSSESSIVE else entity.name
        return tok.text

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
        out.extend(claim for claim in self._claims.values() if claim.id in used)
        return out
