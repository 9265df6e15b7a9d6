"""The build: inputs (text, paths, documents) in, a KnowledgeGraph out.

Documents stream through the parser in batches; each parsed Doc is turned
into an ``Extraction`` (plain values) at once, in this process or in worker
processes (``kg.parallel``, ``kg.distributed``), and merged into the graph in
document order, so no list of Docs is ever kept.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .documents import from_text, read_documents
from .errors import InputError, KGError
from .graph import KnowledgeGraph
from .model import Document, Extraction

if TYPE_CHECKING:
    from .extract.propositions import Proposition

__all__ = ["build", "extract_documents", "openie", "ENGINES"]

#: Where extraction runs: this machine's processes, or a Dask cluster (``pip install "kg[dask]"``).
ENGINES = ("local", "dask")

#: Below this many characters of input (about 80 news articles, five full batches), ``jobs=0``
#: parses in one process: a second would not pay for its start-up (benchmarks/README.md#throughput:
#: on two shared cores ``--jobs 2`` lost to ``--jobs 1`` up to 80 articles and won from 200).
ONE_PROCESS_CHARS = 150_000

Source = str | Path | Document


# One word ending like a file kg reads: a string of that form that names no file is a mistyped path, not an article.
_FILE_NAME = re.compile(r"\S+\.(txt|text|md|html?|xhtml|jsonl|ndjson)", re.IGNORECASE)


def _names_path(text: str) -> bool:
    try:
        return "\n" not in text and len(text) < 4096 and Path(text).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return False


def as_input(item: Source) -> Source:
    """One input as ``read_documents`` takes it, by the rule for strings: a string is a path when it
    is "-" (stdin) or names an existing file or folder, else it is the text of an article.

    An empty or blank string is an InputError (it never means "here"), and so is a one-word
    string that looks like a file name (``notes.txt``) but names no file.
    """
    if isinstance(item, Document | Path):
        return item
    if not isinstance(item, str):
        raise InputError(
            f"kg cannot read {type(item).__name__} {item!r:.60}; give text, a path, a Document, or a list of them"
        )
    if not item.strip():
        raise InputError("an empty string is neither an article nor a path; give text, a path, or - for stdin")
    if item == "-" or _names_path(item):
        return item
    if _FILE_NAME.fullmatch(item):
        raise InputError(f"{item} does not exist; give a .txt, .html or .jsonl file, a folder, or - for stdin")
    return from_text(item)


def _as_inputs(source: Source | Iterable[Source]) -> Iterable[Source]:
    """Inputs one at a time, each by ``as_input``; InputError for no input at all (an empty list)."""
    if isinstance(source, str | Path | Document):
        return [as_input(source)]  # checked at once, before any model is loaded
    if isinstance(source, bytes | bytearray):
        raise InputError("kg reads text, not bytes; decode them first, or give the path of the file they came from")
    if isinstance(source, Sequence) and not source:
        raise InputError("no input given; give text, a path, a Document, or a list of them")
    return (as_input(item) for item in source)


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
    memory does not grow with the corpus. ``jobs`` is the number of processes;
    0 chooses: one process for an input under ``ONE_PROCESS_CHARS``
    characters (a second would not pay for its start-up), else one a core.
    ``batch_size`` counts documents parsed together (a batch also holds at most
    ``kg.nlp.BATCH_CHARS`` characters). With more than one process, kg's
    own worker processes parse and extract (see ``kg.parallel``); with
    ``engine="dask"`` the work runs on the Dask cluster at ``scheduler`` (a new
    local cluster of ``jobs`` workers when it is None; see ``kg.distributed``).
    The result is the same whatever the engine and the number of processes.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (choose) or more, not {jobs!r}")
    if engine == "dask":
        from .distributed import extract_on_dask

        workers = jobs or cpu_count()
        yield from extract_on_dask(documents, model=model, scheduler=scheduler, workers=workers, batch_size=batch_size)
        return
    if engine != "local":
        raise KGError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if scheduler is not None:
        raise KGError(f"a scheduler address ({scheduler}) needs engine='dask' (--engine dask)")
    stream = iter(documents)
    if jobs == 0:
        head = _head(stream, ONE_PROCESS_CHARS)
        jobs = cpu_count() if sum(len(d.text) for d in head) >= ONE_PROCESS_CHARS else 1
        stream = itertools.chain(head, stream)
    if jobs > 1:
        first = next(stream, None)
        if first is None:  # nothing to parse: no process to start
            return
        from .parallel import extract_on_processes

        yield from extract_on_processes(
            itertools.chain([first], stream), model=model, processes=jobs, batch_size=batch_size
        )
        return
    from .extract import extract
    from .nlp import load, parse

    nlp = load(model)
    for parsed, doc in parse(nlp, ((doc.text, doc) for doc in stream), batch_size=batch_size):
        yield extract(parsed, doc)


def _head(stream: Iterator[Document], chars: int) -> list[Document]:
    """The first documents of ``stream``, until they hold ``chars`` characters or it ends."""
    head: list[Document] = []
    held = 0
    while held < chars:
        doc = next(stream, None)
        if doc is None:
            break
        head.append(doc)
        held += len(doc.text)
    return head


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
    documents = read_documents(_as_inputs(source))
    extractions = extract_documents(
        documents, model=model, jobs=jobs, batch_size=batch_size, engine=engine, scheduler=scheduler
    )
    # Closed on every way out, an error or Ctrl-C too: worker processes and queued work are stopped.
    with contextlib.closing(extractions):
        first = next(extractions, None)
        # The graph (and networkx's import, a few tenths of a second) only once the first document is in:
        # worker processes start before it, not after.
        graph = KnowledgeGraph()
        for extraction in itertools.chain([first] if first is not None else [], extractions):
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
    from .nlp import load, parse

    nlp = load(model)
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
