"""Query helpers: words and time expressions in, lemma sets and dates out.

``KnowledgeGraph`` queries use these so that "blocked", "blocks" and "block"
all find the predicate "block", and so that a fact's time qualifier
("on Friday", "January 20") becomes a date relative to its document's date.
No spaCy pipeline is loaded: the lemmas come from the English rule
lemmatizer's tables (exceptions, word index, suffix rules) that ship inside
the installed spaCy model package, read once per process as plain dicts.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import logging
import re
from pathlib import Path

from .errors import QueryError
from .names import normalize

__all__ = ["lemmas", "words_match", "parse_date", "as_date"]

logger = logging.getLogger(__name__)

# The parts of speech a predicate word can be: "block" (verb), "head" (noun), "close" (adjective).
_POS = ("verb", "noun", "adj")

#: Used only when no model package with lemma tables is installed: spaCy's own
#: English suffix rules, without the word index that would prune their output.
#: Over-generated forms are harmless because they are only compared with
#: predicate words that exist in the graph.
FALLBACK_RULES: dict[str, list[tuple[str, str]]] = {
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "noun": [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
}

#: Irregular forms used with the fallback rules (the model tables list about 6,000).
FALLBACK_EXCEPTIONS = {
    "met": "meet", "said": "say", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "had": "have",
    "has": "have", "did": "do", "does": "do", "went": "go", "gone": "go", "made": "make", "took": "take",
    "taken": "take", "told": "tell", "led": "lead", "left": "leave", "held": "hold", "won": "win", "lost": "lose",
    "sold": "sell", "bought": "buy", "paid": "pay", "sent": "send", "spoke": "speak", "spoken": "speak",
    "began": "begin", "begun": "begin", "saw": "see", "seen": "see", "gave": "give", "given": "give",
    "came": "come", "became": "become", "brought": "bring", "thought": "think", "found": "find", "got": "get",
}

_Tables = dict[str, tuple[frozenset[str], dict[str, list[str]], list[tuple[str, str]]]]


def _lookups_dirs() -> list[Path]:
    """Folders holding a rule lemmatizer's tables, in the order kg chooses models."""
    from .nlp import DEFAULT_MODELS, choose_model

    found = []
    for name in dict.fromkeys((choose_model(), *DEFAULT_MODELS)):
        path = Path(name)
        if path.is_dir():
            found.append(path / "lemmatizer" / "lookups")
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        for root in (spec.submodule_search_locations or []) if spec else []:
            found.extend(Path(root).glob("*/lemmatizer/lookups"))
    return [p for p in found if (p / "lookups.bin").is_file()]


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    from spacy.lookups import Lookups

    for folder in _lookups_dirs():
        try:
            lookups = Lookups().from_disk(folder)
            index, exc, rules = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
        except (OSError, KeyError, ValueError):
            continue
        return {
            pos: (
                frozenset(index.get(pos) or ()),
                dict(exc.get(pos) or {}),
                [(old, new) for old, new in rules.get(pos) or ()],
            )
            for pos in _POS
        }
    logger.warning("no spaCy model with lemma tables is installed; predicates match by suffix rules only")
    exceptions = {word: [lemma] for word, lemma in FALLBACK_EXCEPTIONS.items()}
    return {pos: (frozenset(), exceptions if pos == "verb" else {}, FALLBACK_RULES[pos]) for pos in _POS}


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma ``word`` can have as a verb, noun or adjective, and the word itself.

    The algorithm is spaCy's English rule lemmatizer, run for each part of
    speech because a query word comes without one.

    >>> sorted(lemmas("blocked"))
    ['block', 'blocked']
    >>> "meet" in lemmas("met") and "meet" in lemmas("meeting")
    True
    """
    word = word.casefold()
    found = {word}
    for index, exceptions, rules in _tables().values():
        forms = [lemma for lemma in exceptions.get(word, ())]
        known, unknown = [], []
        for old, new in rules:
            if old and word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form:
                    (known if form in index or not index else unknown).append(form)
        forms += known or unknown
        found.update(forms)
    return frozenset(found)


def words_match(phrase: str, query: str) -> bool:
    """True when the words of ``query`` occur in ``phrase`` in a row, compared by lemma.

    >>> words_match("would block", "blocks"), words_match("meet", "met"), words_match("block", "meet")
    (True, True, False)
    """
    words = [lemmas(w) for w in normalize(phrase).split()]
    wanted = [lemmas(w) for w in normalize(query).split()]
    n = len(wanted)
    if n == 0:
        return True
    return any(all(words[i + j] & wanted[j] for j in range(n)) for i in range(len(words) - n + 1))


def as_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date string, a date or a datetime as a date (None stays None).

    >>> as_date("2025-01-07"), as_date("2025-01-07T09:30:00+00:00")
    (datetime.date(2025, 1, 7), datetime.date(2025, 1, 7))
    """
    if value is None or isinstance(value, dt.datetime):
        return value.date() if value is not None else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise QueryError(f"{value!r} is not an ISO 8601 date; write it as YYYY-MM-DD") from None


_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, base: dt.date | None = None) -> dt.date | None:
    """The date a time expression names, read relative to ``base`` (the document's date).

    Weekday names and month-day dates are taken in the period around
    ``base`` ("Friday" in an article of Tuesday 7 January 2025 is 3 January).
    Without ``base`` only expressions that carry a year are dated, because
    "Friday" or "January 20" alone could be any year. A qualifier with words
    after the date ("January 20 of President-elect Donald Trump") is dated by
    its longest leading part that parses. Parsing is done by dateparser.

    >>> parse_date("on Friday", dt.date(2025, 1, 7))
    datetime.date(2025, 1, 3)
    >>> parse_date("January 20 of President-elect Donald Trump", dt.date(2025, 1, 7))
    datetime.date(2025, 1, 20)
    >>> parse_date("Friday") is None
    True
    """
    if base is None and not _YEAR.search(text):
        return None
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    words = text.split()
    # Longest leading part first: trailing words are often the clause the date belongs to.
    for end in range(min(len(words), 8), 0, -1):
        parsed = dateparser.parse(" ".join(words[:end]), languages=["en"], settings=settings)
        if parsed is not None:
            return parsed.date()
    return None
