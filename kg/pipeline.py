"""The build: inputs (text, paths, documents) in, a KnowledgeGraph out.

Documents stream through ``nlp.pipe``; each parsed Doc is turned into an
``Extraction`` (plain values) at once and merged into the graph, so no list
of Docs is ever kept.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .documents import from_text, read_documents
from .errors import KGError
from .extract.propositions import Proposition
from .graph import KnowledgeGraph
from .model import Document, Extraction
from .nlp import load as load_nlp
from .nlp import parse

__all__ = ["build", "extract_documents", "openie", "ENGINES"]

#: Where extraction runs: this machine's processes, or a Dask cluster (``pip install "kg[dask]"``).
ENGINES = ("local", "dask")

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


def cpu_count() -> int:
    """The cores this process may run on (the container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_documents(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    jobs: int = 1,
    batch_size: int = 16,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[Extraction]:
    """Parse and extract each document, yielding one Extraction per document in order.

    Documents are consumed lazily and results come out as they are ready, so
    memory does not grow with the corpus. ``jobs`` is the number of processes
    (0: every core); ``batch_size`` counts documents handed to a process at a
    time. With ``engine="dask"`` the work runs on the Dask cluster at
    ``scheduler`` (a new local cluster of ``jobs`` workers when it is None);
    see ``kg.distributed``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
    jobs = jobs if jobs > 0 else cpu_count()
    if engine == "dask":
        from .distributed import extract_on_dask

        yield from extract_on_dask(documents, model=model, scheduler=scheduler, workers=jobs, batch_size=batch_size)
        return
    if engine != "local":
        raise KGError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if scheduler is not None:
        raise KGError(f"a scheduler address ({scheduler}) needs engine='dask' (--engine dask)")
    from .extract import extract

    nlp = load_nlp(model)
    stream = iter(documents)
    if jobs > 1:
        # spaCy hands each process batch_size documents at a time: a short input
        # would keep the other processes idle, so size the batches to spread it.
        head = list(itertools.islice(stream, jobs * batch_size))
        if len(head) < jobs * batch_size:
            jobs = min(jobs, len(head)) or 1
            batch_size = max(1, -(-len(head) // jobs))
        stream = itertools.chain(head, stream)
    pairs = ((doc.text, doc) for doc in stream)
    for parsed, doc in parse(nlp, pairs, batch_size=batch_size, n_process=jobs):
        yield extract(parsed, doc)


def build(
    source: Source | Iterable[Source],
    *,
    model: str | None = None,
    jobs: int = 1,
    batch_size: int = 16,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[Extraction], object] | None = None,
) -> KnowledgeGraph:
    """Build a knowledge graph from text, a path, a Document, or an iterable of them.

    ``jobs``, ``batch_size``, ``engine`` and ``scheduler`` are passed to ``extract_documents``.
    ``progress``, when given, is called with each document's Extraction once
    it is in the graph (the CLI draws its progress bar from it).

    >>> import kg
    >>> graph = kg.build("Antony Blinken met Takeshi Iwaya in Tokyo.")
    >>> [(graph.get(f.subject).name, f.predicate, graph.get(f.object).name) for f in graph.facts(predicate="meet")]
    [('Antony Blinken', 'meet', 'Takeshi Iwaya')]
    """
    graph = KnowledgeGraph()
    documents = read_documents(_as_inputs(source))
    for extraction in extract_documents(
        documents, model=model, jobs=jobs, batch_size=batch_size, engine=engine, scheduler=scheduler
    ):
        graph.add(extraction)
        if progress is not None:
            progress(extraction)
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
