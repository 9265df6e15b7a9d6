"""Coreference helpers: pronoun features, agreement, and a salience index over mention positions.

Pronouns are resolved by agreement (number, gender, animacy) and salience,
in the spirit of Lappin and Leass: a subject earlier in the same sentence,
then the subject of the previous sentences (main clause first), then other
mentions by recency. The index holds mention positions sorted by token, so
finding candidates is a bisection and a short walk back over at most a few
sentences, never a scan of the document.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

from .tokens import DocView, TokenView

__all__ = ["Pronoun", "pronoun", "agrees", "Salience", "SUBJECT_DEPS", "is_subject", "is_expletive"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

T = TypeVar("T")


@dataclass(frozen=True)
class Pronoun:
    """What a third-person pronoun says about its antecedent."""

    word: str
    plural: bool
    gender: str | None  # "m", "f", "n" (it), None (they)
    possessive: bool
    reflexive: bool


_TABLE = {
    "he": (False, "m"), "him": (False, "m"), "his": (False, "m"), "himself": (False, "m"),
    "she": (False, "f"), "her": (False, "f"), "hers": (False, "f"), "herself": (False, "f"),
    "it": (False, "n"), "its": (False, "n"), "itself": (False, "n"),
    "they": (True, None), "them": (True, None), "their": (True, None), "theirs": (True, None),
    "themselves": (True, None),
}


def pronoun(tok: Token | TokenView) -> Pronoun | None:
    """The features of a third-person pronoun; None for I, we, you and other words."""
    word = tok.lower_
    if word not in _TABLE or tok.pos_ not in ("PRON", "DET") and tok.tag_ not in ("PRP", "PRP$"):
        return None
    plural, gender = _TABLE[word]
    possessive = tok.tag_ == "PRP$" or tok.dep_ == "poss" or word in ("its", "his", "their", "theirs", "hers")
    return Pronoun(word, plural, gender, possessive, word.endswith("self") or word.endswith("selves"))


def agrees(p: Pronoun, kind: str, gender: str | None) -> bool:
    """Agreement of a pronoun with an entity of type ``kind`` and known ``gender``.

    Animacy: he and she are people, it is never a person; they is an
    organisation taken as its members ("Labour said they ...").
    """
    if p.gender in ("m", "f"):
        return kind == "Person" and gender in (None, p.gender)
    if p.gender == "n":
        return kind in ("Organization", "Place", "Event", "Thing")
    # A country as "they" is rarer in news than the errors it would invite.
    return kind == "Organization"


# Verbs whose "it" subject stands for an extraposed clause: "it emerged that ...".
_EXTRAPOSING = frozenset({"emerge", "seem", "appear", "transpire", "matter", "happen", "turn", "remain", "follow"})


def is_expletive(tok: Token | TokenView) -> bool:
    """Pleonastic "it": "It is clear that ...", "It emerged that ...", "It was nice knowing him"."""
    if tok.lower_ != "it" or tok.dep_ not in SUBJECT_DEPS:
        return False
    head = tok.head
    clauses = [c for c in head.children if _extraposed(c)]
    if not clauses:
        return False
    if head.lemma_ == "be":
        return any(c.dep_ in ("acomp", "attr") for c in head.children)
    return head.lemma_.lower() in _EXTRAPOSING


def _extraposed(c: Token | TokenView) -> bool:
    """A clause that can stand for "it": "that ...", "to ...", "knowing him"."""
    if c.dep_ == "ccomp":
        return any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)
    if c.dep_ == "xcomp":
        return any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children)
    return c.dep_ == "csubj" or c.dep_ == "advcl" and c.tag_ == "VBG"


def is_subject(tok: Token | TokenView) -> bool:
    """A subject, or a name in apposition to one ("The head of X, Antony Blinken, said")."""
    if tok.dep_ in SUBJECT_DEPS:
        return True
    return tok.dep_ in ("appos", "compound") and tok.head.dep_ in SUBJECT_DEPS


class Salience(Generic[T]):
    """Mention positions (head token index -> referent), sorted for quick look-back."""

    def __init__(self, doc: Doc | DocView) -> None:
        self.doc = doc
        self._order: list[int] = []
        self._at: dict[int, T] = {}
        # Sentence number of every token, computed once.
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_starts: list[int] = []
        for n, sent in enumerate(doc.sents):
            self.sent_starts.append(sent.start)
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n

    def add(self, i: int, referent: T) -> None:
        if i not in self._at:
            insort(self._order, i)
        self._at[i] = referent

    def get(self, i: int) -> T | None:
        return self._at.get(i)

    def before(self, i: int, sentences: int) -> Iterator[tuple[int, T]]:
        """Mentions before token ``i``, nearest first, within ``sentences`` previous sentences."""
        first = self.sent_of[i] - sentences
        k = bisect_left(self._order, i) - 1
        while k >= 0:
            j = self._order[k]
            if self.sent_of[j] < first:
                return
            yield j, self._at[j]
            k -= 1

    def ranked(self, i: int, sentences: int = 2) -> list[tuple[int, int, T]]:
        """Candidates before token ``i`` as (tier, position, referent), most salient first.

        Tier 0: a subject earlier in the same sentence (nearest first);
        tier 1: a subject of a previous sentence (nearer sentence first, a
        main-clause subject before others); tier 2: any other mention, nearest first.
        """
        here = self.sent_of[i]
        out = []
        for j, ref in self.before(i, sentences):
            tok = self.doc[j]
            if tok.dep_ == "compound" and self._at.get(tok.head.i) is not ref:
                continue  # "the Attlee government" is the government, not Attlee
            distance = here - self.sent_of[j]
            if is_subject(tok):
                tier = 0 if distance == 0 else 1
                main = tok.head.dep_ == "ROOT" or tok.head.head.dep_ == "ROOT" and tok.dep_ == "appos"
                out.append((tier, (distance, not main, -j), j, ref))
            else:
                out.append((2, (distance, False, -j), j, ref))
        out.sort(key=lambda c: (c[0], c[1]))
        return [(tier, j, ref) for tier, _, j, ref in out]

    def subjects_before(self, i: int, sentences: int = 1) -> Iterator[Token | TokenView]:
        """Subject tokens (names or not) before ``i``: the same sentence nearest first, then the previous sentences."""
        here = self.sent_of[i]
        start = self.sent_starts[here]
        for j in range(i - 1, start - 1, -1):
            if self.doc[j].dep_ in SUBJECT_DEPS:
                yield self.doc[j]
        for n in range(here - 1, max(-1, here - 1 - sentences), -1):
            sent_start = self.sent_starts[n]
            sent_end = self.sent_starts[n + 1]
            subjects = [self.doc[j] for j in range(sent_start, sent_end) if self.doc[j].dep_ in SUBJECT_DEPS]
            subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", t.i))
            yield from subjects
