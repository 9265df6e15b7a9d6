"""The fact quality filter: a proposition in, the reason it must not become a fact (or None) out.

A fact of the graph says something about two things. Some propositions the
rules read are true to the parse but say nothing an analyst can use: their
subject or object is a title alone ("Blair - be - Mr"), a pronoun or an
empty word the coreference left unresolved ("others - include - ..."), a
bare number ("Galloway - win - 150,000"), or a number set beside another by
an apposition or a currency conversion ("684bn yen - be - 6.4bn"). Each
reason is named after its pattern in ``REASONS``; ``unfit`` gives the first
that applies.
"""
from __future__ import annotations

import re

from ..model import UNTYPED
from .lexicon import EMPTY_WORDS, EVENT_SUBJECT_VERBS, HONORIFICS, NUMBER_WORDS
from .propositions import Argument, Proposition
from .tokens import DocView, TokenView, headline_end

__all__ = ["REASONS", "unfit"]

#: Why a proposition is not made a fact, by the pattern it shows.
REASONS = {
    "honorific": "the subject or object is only a title or honorific: 'Mr', 'Lord'",
    "pronoun": "the subject or object is a pronoun, a quantifier or a relative word left unresolved: 'others', "
    "'many', 'which', 'what car makers consider'",
    "empty word": "the subject or object is an empty word: 'one', 'time', a dash",
    "bare number": "the subject or object is a number without a noun: '150,000', 'two'",
    "counted group": "the subject or object counts people or things ('the nine', 'the 12') and no list of as many "
    "names was just read for it to stand for",
    "adjective object": "the object is an adjective or a quoted word, not a thing: 'called the rise "
    "\"unfair\"', 'made clear'",
    "event subject": "the subject 'it' is the event just told, not a thing: 'It follows a similar move', "
    "'It marks the end of'",
    "verbless headline": "a headline read without a verb ('Velt names successor to Moss' with 'names' a noun): "
    "its words are no clause to read facts from",
    "claim without subject": "what a source said is a clause without a subject of its own, or with a relative or "
    "question word for one ('which could make it difficult'): a piece of a sentence, no claim",
    "number apposition": "an amount said to 'be' another amount or thing: a currency conversion, a listed number",
    "link": "the subject or object is a web address, not a thing: 'Source: https://...'",
    "unasserted between concepts": "a fact the text does not assert between two phrases that name nothing "
    "('the answer - be - a summary of his advice', said): no one's fact to follow; a source's words stay in its claim",
}

_AMOUNTS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
# Quantifiers that stand for people or things without naming them: "others", "seen by many".
_QUANTIFIERS = frozenset({"others", "most", "some", "all", "many", "few", "several"})
# A figure as news writes it: "150,000", "6.4bn", "15%", "$800m", "925p".
_FIGURE = re.compile(r"[$£€]?\d[\d.,]*(?:bn|m|k|p|%|s)?")


def _numeric(tok: TokenView) -> bool:
    return tok.pos_ == "NUM" or _FIGURE.fullmatch(tok.text) is not None


def _words(text: str) -> list[str]:
    return [w.strip(".,'\u2019\"-") for w in text.lower().split()]


def _tokens(doc: DocView, arg: Argument) -> list[TokenView]:
    """The tokens of the argument's span, found from its head outwards."""
    start = end = arg.head
    while start > 0 and doc.tokens[start - 1].idx >= arg.start:
        start -= 1
    while end + 1 < len(doc.tokens) and doc.tokens[end + 1].idx < arg.end:
        end += 1
    return doc.tokens[start : end + 1]


def _is_number(doc: DocView, arg: Argument) -> bool:
    """An amount alone: every word is a figure, a currency or an amount's unit ("684bn yen", "$6.4bn", "two")."""
    tokens = [t for t in _tokens(doc, arg) if not t.is_punct]
    return bool(tokens) and all(_numeric(t) or t.pos_ == "SYM" or t.ent_type_ in _AMOUNTS for t in tokens)


def _argument_reason(doc: DocView, arg: Argument, name: str, subject: bool) -> str | None:
    """Why the argument, resolved to an entity called ``name``, is no thing to state a fact about."""
    words = [w for w in _words(name) if w]
    if not words:
        return "empty word"
    if any(w.startswith(("http://", "https://", "www.")) for w in words):
        return "link"
    if all(w in HONORIFICS for w in words):
        return "honorific"
    own = [w for w in _words(arg.text) if w]
    if len(words) == 2 and words[0] == "the" and (_FIGURE.fullmatch(words[1]) or words[1] in NUMBER_WORDS):
        return "counted group"  # "the four" left unresolved: the members it stands for are unknown
    if own and all(_FIGURE.fullmatch(w) or w in NUMBER_WORDS for w in own) and (
        subject or not any(sign in arg.text for sign in "$£€%")
    ):
        # An amount of money or a share is an object ("rose 4.5%", "spend $3.3bn"), never a subject.
        return "bare number"
    if own != words:
        return None  # coreference or a name read it as an entity: "he" -> Antony Blinken
    head = doc.tokens[arg.head]
    if len(words) == 1 and (head.pos_ == "PRON" or words[0] in EMPTY_WORDS):
        return "pronoun" if head.pos_ == "PRON" else "empty word"
    if head.tag_ in ("WDT", "WP", "WP$") or head.lower_ in _QUANTIFIERS or words[0] in ("what", "whatever"):
        return "pronoun"  # a quantifier alone ("many"), or a free relative ("what car makers consider")
    return None


def _subjectless(clause: TokenView) -> bool:
    """A reported clause whose verb has no subject, or a relative or question word for one."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")),
                   None)
    return subject is None or subject.tag_ in ("WDT", "WP")


def _in_verbless_headline(doc: DocView, prop: Proposition) -> bool:
    """Verbless headline: the proposition is read from a headline in which the parser found no verb."""
    end = headline_end(doc.text)
    if end is None or prop.sentence_start >= end:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in doc.tokens if t.idx < end)


def unfit(doc: DocView, prop: Proposition, subject: str, object: str,
          types: tuple[str, str] | None = None) -> str | None:
    """The name of the first reason in ``REASONS`` why ``prop`` must not become a fact, or None.

    ``subject`` and ``object`` are the names of the entities its arguments resolved to, ``types`` their types
    when known.
    """
    if types == (UNTYPED, UNTYPED) and prop.assertion != "asserted":
        return "unasserted between concepts"
    if prop.object is not None and prop.object.role == "clause" and _subjectless(doc.tokens[prop.object.head]):
        return "claim without subject"
    if _in_verbless_headline(doc, prop):
        return "verbless headline"
    if prop.object is not None and prop.object.role != "clause" and doc.tokens[prop.object.head].pos_ == "ADJ":
        return "adjective object"
    if prop.subject is not None and prop.predicate in EVENT_SUBJECT_VERBS and _words(prop.subject.text) in (
        ["it"], ["this"]
    ):
        return "event subject"
    for arg, name in ((prop.subject, subject), (prop.object, object)):
        if arg is not None:
            reason = _argument_reason(doc, arg, name, arg is prop.subject)
            if reason is not None:
                return reason
    if prop.predicate == "be" and prop.subject is not None and prop.object is not None and (
        _is_number(doc, prop.subject) or _is_number(doc, prop.object)
    ):
        return "number apposition"
    return None
