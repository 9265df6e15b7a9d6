"""Tell English text from other languages: text in, a language or script name out.

kg reads English only; a page in another language would give a graph of
garbage. No model is downloaded: the check is a documented heuristic on data
spaCy already ships.

- Script: when at least half of the letters are outside the Latin script, the
  text is named by its script ("Cyrillic", "CJK", "Arabic", ...).
- Stop words: otherwise, the share of words that are stop words is computed
  for English and for the other Latin-script languages whose stop-word lists
  spaCy ships. English news runs at about 0.4; a French, German or Spanish
  article runs below 0.1 in English and above 0.3 in its own language. The
  text is called non-English when another language reaches ``0.2`` while
  English stays below it. Text with neither (lists of names, scores, tables)
  is not judged, and neither is text shorter than ``MIN_WORDS`` words.
- Names say nothing of the language around them: English about "Ursula von
  der Leyen", "Mark Rutte" and "Den Haag" is still English. So only words in
  lower case are counted, less the particles inside a name ("von der" before
  "Leyen"); a word that is an English stop word ("in", "of", "die") counts
  for English only; and fewer than ``MIN_JUDGED`` such words are not judged.

>>> detect_language("Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday. The two ministers discussed "
...                 "the alliance between Japan and the United States, despite the decision by the president.")
'English'
>>> detect_language("Le secrétaire d'État américain a rencontré mardi à Tokyo son homologue japonais. Les deux "
...                 "ministres ont discuté de l'alliance entre le Japon et les États-Unis, malgré la décision "
...                 "du président.")
'French'
>>> detect_language("Three words only.") is None
True
"""
from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path

__all__ = ["detect_language", "ENGLISH", "MIN_WORDS", "MIN_JUDGED"]

ENGLISH = "English"
#: Below this many words (or letters, for scripts without spaces) the text is not judged.
MIN_WORDS = 20
#: Below this many lower-case words outside names the text is not judged either.
MIN_JUDGED = 10
#: Lower-case words that join the parts of a name: "Ursula von der Leyen", "Rafael van der Vaart", "Ibn Saud".
NAME_PARTICLES = frozenset(
    "von van der den de du da di del della dos das la le ten ter zu al bin ibn el".split()
)
_THRESHOLD = 0.2
# Only the first words are looked at: a million-character page needs no more to show its language.
_SAMPLE_WORDS = 5000

#: spaCy language codes with stop-word lists, and the names used in messages.
LANGUAGES = {
    "en": ENGLISH, "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish", "pl": "Polish",
    "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "ro": "Romanian", "hu": "Hungarian",
    "tr": "Turkish", "id": "Indonesian", "ca": "Catalan", "lt": "Lithuanian", "lv": "Latvian", "tl": "Tagalog",
}

_WORD = re.compile(r"[^\W\d_]+")


def _load_stop_words(code: str) -> frozenset[str] | None:
    # Load the stop_words module by its file: importing the spacy.lang.xx package
    # would import its tokenizer rules too, seconds for two dozen languages. Found from
    # spaCy's top-level spec, which imports nothing ("spacy.lang" would import all of spaCy,
    # a second of a multi-process build's main process, which never parses).
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "lang" / code / "stop_words.py"
        if path.is_file():
            module_spec = importlib.util.spec_from_file_location(f"_kg_stop_words_{code}", path)
            if module_spec is None or module_spec.loader is None:
                return None
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return frozenset(module.STOP_WORDS)
    return None  # an older spaCy without this language: judge with the others


@functools.cache
def _stop_words() -> dict[str, frozenset[str]]:
    lists = {code: _load_stop_words(code) for code in LANGUAGES}
    return {code: words for code, words in lists.items() if words is not None}


@functools.cache
def _telling_stop_words() -> dict[str, frozenset[str]]:
    """The stop words that count for each language: English's own, and another language's less English's
    ("in", "of", "die" count for English only)."""
    lists = _stop_words()
    english = lists.get("en", frozenset())
    return {code: words if code == "en" else words - english for code, words in lists.items()}


def _script(char: str) -> str:
    # The first word of a character's Unicode name is its script for letters ("CYRILLIC SMALL LETTER A").
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _judged(words: list[str]) -> list[str]:
    """The words that tell a language, case-folded: lower-case ones that are no particle inside a name."""
    judged = []
    for i, word in enumerate(words):
        if not word[0].islower():
            continue
        if word in NAME_PARTICLES:
            after = next((w for w in words[i + 1 :] if w not in NAME_PARTICLES), "")
            if after[:1].isupper():  # "von der Leyen": part of the name
                continue
        judged.append(word.casefold())
    return judged


def detect_language(text: str) -> str | None:
    """``"English"``, the name of another language or script, or None when the text is too short or unclear to judge."""
    sample = text[: _SAMPLE_WORDS * 8]
    letters = sum(map(str.isalpha, sample))
    if letters < MIN_WORDS:
        return None
    # An ASCII letter is Latin: only the others need their Unicode name looked up.
    scripts = Counter(_script(c) for c in sample if not c.isascii() and c.isalpha())
    others = [(s, n) for s, n in scripts.items() if s != "LATIN"]
    script, count = max(others, key=lambda sn: sn[1], default=("LATIN", 0))
    if count * 2 >= letters:
        return f"{script.title() if script != 'CJK' else script} script"
    words = _WORD.findall(sample)[:_SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None
    judged = _judged(words)
    if len(judged) < MIN_JUDGED:
        return None
    counts = Counter(judged)
    ratios = {
        code: sum(counts[w] for w in stops.intersection(counts)) / len(judged)
        for code, stops in _telling_stop_words().items()
    }
    english = ratios.pop("en", 0.0)
    if english >= _THRESHOLD:
        return ENGLISH
    code, best = max(ratios.items(), key=lambda cr: cr[1], default=("", 0.0))
    if best >= _THRESHOLD:
        return LANGUAGES[code]
    return None
