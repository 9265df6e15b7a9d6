"""Coreference helpers: pronoun features, agreement, a salience index over mention positions, and the ranker.

Pronouns are resolved by agreement (number, gender, animacy) and salience,
in the spirit of Lappin and Leass. He and she (``candidate_features``,
``PronounRanker``) rank every entity in reach by a log-linear model of those
cues (role, parallelism, distance, recency, prominence, type and gender
evidence), fitted on GAP development by ``benchmarks/fit_pronouns.py``; it
and they take the nearest subject that agrees. The index holds mention
positions sorted by token, so finding candidates is a bisection and a short
walk back over at most a few sentences, never a scan of the document.
"""
from __future__ import annotations

import contextlib
import functools
import json
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

from .tokens import DocView, TokenView

__all__ = [
    "Pronoun",
    "pronoun",
    "agrees",
    "Salience",
    "SUBJECT_DEPS",
    "is_subject",
    "is_expletive",
    "Candidate",
    "candidate_features",
    "own_phrase",
    "PronounRanker",
    "pronoun_ranker",
    "using_ranker",
]

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

    def rebind(self, old: T, new: T) -> None:
        """Every mention of ``old`` is now one of ``new`` (two referents found to be one)."""
        for i, referent in self._at.items():
            if referent is old:
                self._at[i] = new

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

    def after(self, i: int) -> Iterator[tuple[int, T]]:
        """Mentions after token ``i`` in its own sentence, nearest first."""
        here = self.sent_of[i]
        k = bisect_right(self._order, i)
        while k < len(self._order) and self.sent_of[self._order[k]] == here:
            yield self._order[k], self._at[self._order[k]]
            k += 1

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


# ---------------------------------------------------------------- ranking the antecedents of he and she
#: How many sentences back a gendered pronoun looks for its antecedent.
PERSON_REACH = 4


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """One entity a gendered pronoun may refer to, as the ranker sees it."""

    referent: T
    positions: tuple[int, ...]  # head tokens of its mentions in reach, in text order
    kind: str  # the entity's type so far
    gender: str | None
    labels: tuple[tuple[str, int], ...]  # NER labels of its names and their counts ("PERSON", "ORG", ...; "" untagged)
    mentions_before: int  # its mentions before the pronoun, in the whole document
    first_seen: int  # the order in which the document introduced it (0: first)
    person_evidence: bool  # a title, honorific, role or known first name


_ROLE = {"nsubj": "subj", "nsubjpass": "subj", "dobj": "obj", "dative": "obj", "poss": "poss", "pobj": "pobj",
         "appos": "appos", "conj": "conj", "compound": "compound", "attr": "attr", "npadvmod": "other"}


def role(tok: Token | TokenView) -> str:
    """The syntactic role of a mention, as the ranker's features name it."""
    if tok.dep_ in ("appos", "compound") and tok.head.dep_ in SUBJECT_DEPS:
        return "subj"  # "The head of X, Antony Blinken, said"; "Lord Goldsmith said"
    if tok.dep_ == "pobj" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return "nested"  # "the son of John": John is not what the phrase is about
    return _ROLE.get(tok.dep_, "other")


def pronoun_role(tok: Token | TokenView, p: Pronoun) -> str:
    if p.reflexive:
        return "refl"
    if p.possessive:
        return "poss"
    return _ROLE.get(tok.dep_, "other") if tok.dep_ in _ROLE else "other"


def _dominates(cand: Token | TokenView, tok: Token | TokenView, ancestors: set[int]) -> bool:
    """The candidate is the subject of a verb whose clause holds the pronoun ("John said he ...")."""
    return cand.dep_ in SUBJECT_DEPS and cand.head.i in ancestors


def _clause_of(tok: Token | TokenView) -> Token | TokenView:
    """The verb of the clause a word is in: its nearest verb ancestor (the root when there is none)."""
    top = tok
    for top in tok.ancestors:
        if top.pos_ in ("VERB", "AUX"):
            return top
    return top


def _attachment(tok: Token | TokenView, verb: Token | TokenView) -> str:
    """The relation by which the phrase holding ``tok`` hangs from ``verb``, an ancestor ("dobj", "ccomp", "conj"...)."""
    child = tok
    for a in tok.ancestors:
        if a.i == verb.i:
            break
        child = a
    return child.dep_


def own_phrase(tok: Token | TokenView, p: Pronoun) -> set[int]:
    """Tokens the pronoun's own phrase rules out as its antecedent.

    Coordination: in "She and Mimi were friends" a conjunct is someone else.
    The i-within-i condition: a possessive is no part of what it refers to,
    so in "her sister Maria" and "Vittoria Colonna: Her Life" the noun it
    determines and the names that rename that noun are someone else.
    """
    out = {c.i for c in tok.conjuncts}
    if p.possessive:
        owner = tok.head
        out.add(owner.i)
        out.update(c.i for c in owner.children if c.dep_ in ("appos", "compound", "nmod"))
    return out


#: The case of a gendered pronoun, the same for both genders ("her" is an object or a possessive).
_FORMS = {"he": "nom", "she": "nom", "him": "acc", "his": "gen", "hers": "gen", "her": "acc-gen"}


def _main_subject(tok: Token | TokenView) -> bool:
    """The subject of its sentence's main verb, or a name in apposition to it."""
    if tok.dep_ in ("appos", "compound"):
        tok = tok.head
    return tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "ROOT"


def candidate_features(
    salience: Salience[T], tok: Token | TokenView, p: Pronoun, cand: Candidate[T], order: int, quoted: list[bool]
) -> dict[str, float]:
    """What the ranker knows about one candidate for the pronoun at ``tok``.

    ``order`` is the candidate's rank by recency (0: the entity mentioned
    nearest before the pronoun). The features name the cues of salience and
    parallelism (Lappin and Leass; Hobbs): role of the nearest mention and of
    the pronoun, sentence distance, recency rank, the entity's prominence in
    the document, its type and gender evidence, and syntactic constraints.
    """
    doc = salience.doc
    here = salience.sent_of[tok.i]
    before = [j for j in cand.positions if j < tok.i]
    nearest = doc[before[-1] if before else cand.positions[0]]
    distance = here - salience.sent_of[nearest.i]
    prole = pronoun_role(tok, p)
    crole = role(nearest)
    ancestors = {a.i for a in tok.ancestors}
    f: dict[str, float] = {
        f"distance={min(distance, 3)}": 1.0,
        f"order={min(order, 3)}": 1.0,
        f"role={crole}": 1.0,
        f"pair={prole}:{crole}": 1.0,
        f"type={cand.kind}": 1.0,
        f"mentions={min(cand.mentions_before, 4)}": 1.0,
        f"first_seen={min(cand.first_seen, 2)}": 1.0,
        # "her" is a possessive or an object, and the parser often cannot tell: the form itself is a cue.
        # The form, not the word: he and she behave alike, and weights of their own would fit one gender.
        f"form={_FORMS.get(p.word, 'other')}:{crole}": 1.0,
        f"form={_FORMS.get(p.word, 'other')}:order={min(order, 2)}": 1.0,
    }
    if not before:
        f["after"] = 1.0  # cataphora: "In his youth, Smith ..."
    for label, _ in cand.labels:
        f[f"ner={label or 'none'}"] = 1.0
    tagged_person = any(label == "PERSON" for label, _ in cand.labels)
    if sum(n for label, n in cand.labels if label not in ("PERSON", "")) >= 2 and not tagged_person:
        f["tagged_otherwise_twice"] = 1.0
    f["gender=" + ("agree" if cand.gender == p.gender else "unknown")] = 1.0
    if cand.person_evidence:
        f["person_evidence"] = 1.0
    dominating = [doc[j] for j in cand.positions if salience.sent_of[j] == here and _dominates(doc[j], tok, ancestors)]
    if dominating:
        f["dominates"] = 1.0
        # The subject of the pronoun's own clause ("Smith lost his keys") binds it more surely than one a
        # clause further up ("Smith told reporters that Jones would decide, as he ...").
        f["dominates:" + ("own clause" if any(c.head.i == _clause_of(tok).i for c in dominating) else "higher")] = 1.0
        # How the pronoun's phrase hangs from that subject's verb: an object or an adverbial clause of it
        # ("Berg wrote the book after her husband died") binds more surely than a clause of reported speech
        # or a conjunct ("Berg said that ...", "Berg left Paris, and her novel ...").
        for c in dominating:
            f["dominates:via=" + _attachment(tok, c.head)] = 1.0
    subjects = [j for j in before if is_subject(doc[j])]
    if any(salience.sent_of[j] == here for j in subjects):
        f["subject_here"] = 1.0
    if any(salience.sent_of[j] == here - 1 for j in subjects):
        f["subject_previous"] = 1.0
    # Parallelism with the main clause: in "Helen Park has two sisters, Jane and Clara. Her ...", Helen's.
    main = [j for j in subjects if _main_subject(doc[j])]
    if any(salience.sent_of[j] == here - 1 for j in main):
        f["main_subject_previous"] = 1.0
        f[f"main_subject_previous:{prole}"] = 1.0
    if any(salience.sent_of[j] == here for j in main):
        f["main_subject_here"] = 1.0
        f[f"main_subject_here:{prole}"] = 1.0
    if doc[nearest.i].pos_ == "PRON":
        f["nearest_is_pronoun"] = 1.0
    if quoted[tok.i] != quoted[nearest.i]:
        f["quote_boundary"] = 1.0
    return f


class PronounRanker:
    """A log-linear ranker of candidate antecedents: the sum of the weights of a candidate's features.

    The weights ship with kg (``data/pronoun_weights.json``), fitted by
    ``benchmarks/fit_pronouns.py`` (a conditional logit over each pronoun's
    candidates); a feature without a weight counts zero.
    """

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score(self, features: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def choose(self, tok: Token | TokenView, candidates: list[tuple[Candidate[T], dict[str, float]]]) -> int | None:
        """The index of the best candidate for the pronoun at ``tok`` (None when there is none)."""
        if not candidates:
            return None
        scores = [self.score(f) for _, f in candidates]
        return max(range(len(scores)), key=lambda n: (scores[n], -n))

    def explain(self, features: dict[str, float], n: int = 2) -> str:
        """The cues that weigh most for a candidate, in words, for the rule a mention records."""
        w = self.weights
        cues = sorted((k for k in features if w.get(k, 0.0) > 0 and _cue(k)), key=lambda k: -w[k] * features[k])
        return ", ".join(_cue(k) for k in cues[:n]) or "the best of the candidates"


def _cue(feature: str) -> str:
    """A feature in words ("" for those that say nothing by themselves)."""
    name, _, value = feature.partition("=")
    if name == "pair":
        mine, theirs = value.split(":")
        return f"{_ROLE_WORDS.get(theirs, theirs)} like the pronoun" if mine == theirs else ""
    if name == "role":
        return _ROLE_WORDS.get(value, "")
    if name == "distance":
        return ("same sentence", "previous sentence", "two sentences back", "")[int(value)]
    if name == "order":
        return "the nearest entity" if value == "0" else ""
    return _CUES.get(feature, "")


_ROLE_WORDS = {"subj": "a subject", "obj": "an object", "poss": "a possessor", "appos": "an apposition"}
_CUES = {
    "dominates": "subject of the clause that holds it",
    "subject_here": "subject earlier in the sentence",
    "subject_previous": "subject of the previous sentence",
    "main_subject_previous": "main subject of the previous sentence",
    "main_subject_here": "main subject of this sentence",
    "dominates:own clause": "subject of its own clause",
    "gender=agree": "its gender",
    "first_seen=0": "the first entity of the text",
    "mentions=4": "the most mentioned",
    "ner=PERSON": "a person's name",
    "type=Person": "a person",
    "after": "named just after it",
}


@functools.lru_cache(maxsize=1)
def _shipped_ranker() -> PronounRanker:
    data = json.loads(files("kg.extract").joinpath("data/pronoun_weights.json").read_text(encoding="utf-8"))
    return PronounRanker(data["weights"])


_override: list[PronounRanker] = []


def pronoun_ranker() -> PronounRanker:
    """The ranker in use: the shipped one, unless a benchmark is trying others (``using_ranker``)."""
    return _override[-1] if _override else _shipped_ranker()


@contextlib.contextmanager
def using_ranker(ranker: PronounRanker) -> Iterator[PronounRanker]:
    """Resolve with ``ranker`` inside the block (cross-validation in ``benchmarks/fit_pronouns.py``)."""
    _override.append(ranker)
    try:
        yield ranker
    finally:
        _override.pop()
