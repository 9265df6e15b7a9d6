"""The build: inputs (text, paths, documents) in, a KnowledgeGraph out.

Documents stream through ``nlp.pipe``; each parsed Doc is turned into an
``Extraction`` (plain values) at once and merged into the graph, so no list
of Docs is ever kept.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .documents import from_text, read_documents
from .extract.propositions import Proposition
from .graph import Extraction, KnowledgeGraph
from .model import Document
from .nlp import load as load_nlp
from .nlp import parse

__all__ = ["build", "extract_documents", "openie"]

Source = str | Path | Document


def _as_inputs(source: Source | Iterable[Source]) -> Iterable[Source]:
    if isinstance(source, Document | Path):
        return [source]
    if isinstance(source, str):
        # A string is a path when it names an existing file or folder (or "-"), else it is text.
        if source == "-" or ("\n" not in source and len(source) < 4096 and Path(source).exists()):
            return [source]
        return [from_text(source)]
    return source


def extract_documents(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    jobs: int = 1,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Parse and extract each document, yielding one Extraction per document in order."""
    from .extract import extract

    nlp = load_nlp(model)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    pairs = ((doc.text, doc) for doc in documents)
    for parsed, doc in parse(nlp, pairs, batch_size=batch_size, n_process=jobs):
        yield extract(parsed, doc)


def build(
    source: Source | Iterable[Source],
    *,
    model: str | None = None,
    jobs: int = 1,
) -> KnowledgeGraph:
    """Build a knowledge graph from text, a path, a Document, or an iterable of them.

    >>> import kg
    >>> graph = kg.build("Antony Blinken met Takeshi Iwaya in Tokyo.")
    >>> [(graph.get(f.subject).name, f.predicate, graph.get(f.object).name) for f in graph.facts(predicate="meet")]
    [('Antony Blinken', 'meet', 'Takeshi Iwaya')]
    """
    graph = KnowledgeGraph()
    for extraction in extract_documents(read_documents(_as_inputs(source)), model=model, jobs=jobs):
        graph.add(extraction)
    return graph


def openie(
    text: str,
    *,
    tokenized: bool = False,
    model: str | None = None,
) -> Iterator[tuple[str, Proposition]]:
    """Open IE: (sentence, proposition) pairs, in the CaRB sense.

    With ``tokenized``, every line of ``text`` is one sentence whose tokens are
    separated by single spaces; they are kept exactly as given, and the
    sentence reported is the line itself.
    """
    from spacy.tokens import Doc

    from .extract.propositions import open_ie as propositions

    nlp = load_nlp(model)
    if not tokenized:
        [(doc, _)] = parse(nlp, [(text, None)])  # in pieces when longer than nlp.max_length
        for sent in doc.sents:
            sentence = sent.text.strip()
            for prop in propositions(doc[sent.start : sent.end].as_doc()):
                yield sentence, prop
        return
    lines = [line for line in text.splitlines() if line.strip()]
    docs = []
    for line in lines:
        words = line.split(" ")
        # One line is one sentence: fix the boundaries before the parser runs.
        docs.append(Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1)))
    for line, doc in zip(lines, nlp.pipe(docs, batch_size=64)):
        for prop in propositions(doc):
            yield line, prop
