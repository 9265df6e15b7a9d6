"""Stores: documents in, an on-disk Oxigraph store (one named graph per document) out; SPARQL; pushes to servers.

A store's named graphs hold what a TriG file of the same build holds (one
graph per document, ``kg.rdf.quads``), and each document's description also
carries its bookkeeping: its build position and its own extraction (entity
ids already merged with the rest of the store). So:

- building the same document again skips it when its text (content hash) is
  unchanged, and replaces its graph when the text changed;
- each document is written in one transaction, together with the changes it
  makes to what other documents' graphs hold of shared entities and facts
  (one label per entity, one combined confidence per statement), so a build
  that stops half-way leaves every finished document whole and every copy in
  step, and the next build carries on;
- reading the store replays the documents' extractions in build order, which
  gives the same KnowledgeGraph a single in-memory build of them gives.

``push`` sends each named graph to any SPARQL 1.1 Graph Store HTTP Protocol
endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/REPO/rdf-graphs/service``), replacing the server's graph of
that name; files without graph names are laid out by document first
(``read_quads``), so every format of one build pushes the same quads.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import hashlib
import io
import json
import re
import threading
import time
import traceback
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import http
from .errors import FormatError, InputWarning, KGWarning, NotFoundError, QueryError, StoreError
from .graph import KnowledgeGraph
from .model import Document, Extraction, Fact, content_hash
from .rdf import (
    SCHEMA,
    _Writer,
    check_base,
    check_vocab,
    detect_namespaces,
    document_quads,
    graph_iri,
    prefixes,
    quads,
    relation_iris,
)

if TYPE_CHECKING:
    from .pipeline import Source

__all__ = [
    "Store",
    "BuildReport",
    "SparqlResult",
    "PushReport",
    "is_store",
    "content_hash",
    "build_into",
    "sparql",
    "push",
    "read_quads",
    "BOOKKEEPING",
]

_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_STATEMENT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
#: What a store adds to a document's description, and what it never pushes: its position in the
#: builds and its extraction (the document's own entities and facts, to replay the store without it).
#: ``origin`` tells which file a document came from (a hash of its resolved path, no path), so that a
#: document of another file with the same id never replaces it (``build_into``).
BOOKKEEPING = ("buildOrder", "extraction", "origin")

_DOCUMENTS = """
SELECT ?g ?id ?hash ?order ?origin WHERE {{
  GRAPH ?g {{ ?d a <{schema}NewsArticle> ; <{schema}identifier> ?id ; <{kg}buildOrder> ?order .
             OPTIONAL {{ ?d <{kg}contentHash> ?hash }} OPTIONAL {{ ?d <{kg}origin> ?origin }} }}
}}"""
_VOCAB = f"SELECT ?p WHERE {{ GRAPH ?g {{ ?d a <{SCHEMA}NewsArticle> ; ?p ?o }} }} LIMIT 64"


def _damaged(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"the store {path} is damaged ({exc}); restore the folder from a backup, "
        f"or delete it and build it again: kg build INPUT --store {path}"
    )


def _guarded(method: Callable) -> Callable:
    """A Store method whose RocksDB failures (a truncated or altered file: "Corruption: ...") are StoreErrors
    naming the store and the way out; an iterator it returns is guarded the same way while it is read."""

    @functools.wraps(method)
    def guarded(self: Store, *args: object, **kwargs: object) -> object:
        try:
            result = method(self, *args, **kwargs)
        except RuntimeError as exc:
            raise _damaged(self.path, exc) from exc
        return _guarded_iterator(self.path, result) if isinstance(result, Iterator) else result

    return guarded


def _guarded_iterator(path: Path, items: Iterator) -> Iterator:
    try:
        yield from items
    except RuntimeError as exc:
        raise _damaged(path, exc) from exc


#: The file in a store's folder that lists the documents written since the store was last flushed
#: (one JSON string a line, "+" written, "-" removed); removed when the store is closed.
JOURNAL = "KG-JOURNAL"  # no suffix kg reads as text: a store inside an input folder is no article


def _journal(path: Path) -> set[str]:
    """The documents a store's journal says were written and not removed since its last flush."""
    try:
        lines = (path / JOURNAL).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    written: set[str] = set()
    for line in lines:
        try:
            doc_id = json.loads(line[1:])
        except ValueError:
            continue  # the last line of a process killed while writing it
        (written.discard if line[:1] == "-" else written.add)(doc_id)
    return written


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding an Oxigraph store."""
    return (Path(path) / "CURRENT").is_file() and (Path(path) / "IDENTITY").is_file()


@dataclass(frozen=True)
class _Stored:
    graph: str
    hash: str | None
    order: int
    origin: str | None = None


def _origin_key(doc: Document) -> str | None:
    """What the store keeps of where a document came from (``kg.documents.origin``): a hash, never a local path."""
    from .documents import origin

    where = origin(doc)
    return None if where is None else hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _record(document: Document, extraction: Extraction, source_paths: bool) -> str:
    """A document's own extraction as JSON, the literal the store replays it from (``document`` as the graph keeps it)."""
    from .export.nodelink import document_data, entity_data, fact_data

    data = {
        "document": document_data(document, source_paths=source_paths),
        "nodes": [entity_data(e) for e in extraction.entities],
        "edges": [fact_data(f) for f in extraction.facts],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _from_record(text: str) -> Extraction:
    from .export.nodelink import entity_from, fact_from

    data = json.loads(text)
    document = Document(text="", **data["document"])
    return Extraction(document, tuple(map(entity_from, data["nodes"])), tuple(map(fact_from, data["edges"])))


def _data(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of a SPARQL INSERT DATA or DELETE DATA, graph by graph."""
    graphs: dict[ox.NamedNode, list[str]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {name} {{ {' '.join(lines)} }}" for name, lines in graphs.items())


class Store:
    """An on-disk Oxigraph store of kg graphs, one named graph per document.

    Its graphs hold exactly what ``kg.rdf.quads`` of the built graph writes
    (a TriG file of the same build), plus each document's bookkeeping
    (``BOOKKEEPING``): when a document changes what other documents' graphs
    hold of an entity or fact they share (a new alias, a combined
    confidence), their copies change in the same transaction.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, Store(tmp + "/store") as store:
    ...     store.documents()
    {}
    """

    def __init__(
        self, path: str | Path, *, read_only: bool = False, base: str | None = None, vocab: str | None = None
    ) -> None:
        self.path = Path(path)
        if self.path.exists() and not is_store(self.path) and (not self.path.is_dir() or any(self.path.iterdir())):
            raise StoreError(
                f"{self.path} exists and is not an Oxigraph store; give an empty or new folder for --store"
            )
        if read_only and not is_store(self.path):
            raise StoreError(f"{self.path} is not a store; build one with: kg build INPUT --store {self.path}")
        # Read before the store opens: every document it names was committed before this open.
        written = _journal(self.path)
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except RuntimeError as exc:
            raise _damaged(self.path, exc) from exc
        except OSError as exc:
            hint = (
                "another process (a kg build, an oxigraph server) has it open"
                if "lock" in str(exc).lower()
                else "check the path and its permissions"
            )
            raise StoreError(f"cannot open the store {self.path}: {exc}; {hint}") from exc
        self._read_only = read_only
        self._base = base
        self._resolved_base: str | None = None
        self._vocab = vocab
        self._resolved_vocab: str | None = None
        if written:
            self._check_journal(written)

    def _check_journal(self, written: set[str]) -> None:
        """A build that was never closed (killed, a power cut) left its journal: are its documents all here?

        What such a build wrote is in RocksDB's log only, until the store is next opened for writing; a
        log lost or truncated since loses those documents, and kg says so rather than answer without them.
        """
        lost = sorted(written - set(self.documents()))
        if lost:
            shown = ", ".join(repr(d) for d in lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
            error = StoreError(
                f"the store {self.path} lost {len(lost)} document(s) of a build that never closed it ({shown}): "
                f"its log was lost or truncated since; build them again with: kg build INPUT --store {self.path}"
            )
            if self._read_only:
                self._ox = None  # type: ignore[assignment]
                raise error
            warnings.warn(str(error), KGWarning, stacklevel=3)
        if not self._read_only:
            self._ox.flush()  # what the log held is in the table files now: the journal has done its work
            (self.path / JOURNAL).unlink(missing_ok=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (RocksDB holds a lock on the folder while it is open).

        What was written goes from RocksDB's log into its table files first, so a store that was
        closed loses nothing if its log is lost or truncated later.
        """
        if self._ox is not None and not self._read_only:
            with contextlib.suppress(OSError, RuntimeError):  # a failing disk: the log (and the journal) still hold it
                self._ox.flush()
                (self.path / JOURNAL).unlink(missing_ok=True)
        self._ox = None  # type: ignore[assignment]

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph Store."""
        return self._ox

    @_guarded
    def vocab(self) -> str:
        """The vocabulary namespace of the store's graphs (or the one given, for a new store)."""
        if self._resolved_vocab is None:
            found = None
            for row in self._ox.query(_VOCAB):
                p = row["p"].value
                if p.endswith("buildOrder"):
                    found = p[: -len("buildOrder")]
            given = check_vocab(self._vocab) if self._vocab is not None else None
            if found is not None and given is not None and found != given:
                raise StoreError(
                    f"the store {self.path} was built with vocabulary {found}; pass --vocab {found} or use another store"
                )
            self._resolved_vocab = found or given or check_vocab(None)
        return self._resolved_vocab

    @_guarded
    def base(self) -> str:
        """The base IRI the store's graphs were minted under (or the one given, for a new store)."""
        if self._resolved_base is not None:
            # Found once: every graph written through this Store uses it, and scanning all
            # documents again for each one written made a corpus build quadratic.
            return self._resolved_base
        stored = {info.graph.rsplit("graph/", 1)[0] for info in self._stored().values()}
        if self._base is not None:
            base = check_base(self._base)
            if stored and stored != {base}:
                raise StoreError(
                    f"the store {self.path} was built with base {sorted(stored)[0]}; "
                    f"pass --base {sorted(stored)[0]} or use another store"
                )
        else:
            base = stored.pop() if len(stored) == 1 else check_base(None)
        self._resolved_base = base
        return base

    def _term(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self.vocab() + name)

    def _stored(self) -> dict[str, _Stored]:
        found = {}
        for row in self._ox.query(_DOCUMENTS.format(schema=SCHEMA, kg=self.vocab())):
            found[row["id"].value] = _Stored(
                row["g"].value,
                row["hash"].value if row["hash"] is not None else None,
                int(row["order"].value),
                row["origin"].value if row["origin"] is not None else None,
            )
        return found

    @_guarded
    def documents(self) -> dict[str, str | None]:
        """Document id -> content hash of every document in the store."""
        return {doc_id: info.hash for doc_id, info in self._stored().items()}

    @_guarded
    def next_order(self) -> int:
        return max((info.order for info in self._stored().values()), default=0) + 1

    def _extractions(self) -> list[tuple[int, Extraction]]:
        """Every document's own extraction, with its build order."""
        extraction, order = self._term("extraction"), self._term("buildOrder")
        found = []
        for q in self._ox.quads_for_pattern(None, extraction, None, None):
            orders = list(self._ox.quads_for_pattern(q.subject, order, None, q.graph_name))
            found.append((int(orders[0].object.value), _from_record(q.object.value)))
        return sorted(found, key=lambda pair: pair[0])

    @_guarded
    def extraction(self, document_id: str) -> Extraction:
        """What one document of the store said, with the store's entity ids."""
        for _, extraction in self._extractions():
            if extraction.document.id == document_id:
                return extraction
        known = ", ".join(sorted(self._stored())[:10]) or "none"
        raise NotFoundError(f"the store {self.path} has no document {document_id!r}; its documents: {known}")

    @_guarded
    def graph(self, *, without: str | None = None) -> KnowledgeGraph:
        """The store as one KnowledgeGraph: the documents replayed in build order (one left out, if asked)."""
        graph = KnowledgeGraph()
        for _, extraction in self._extractions():
            if extraction.document.id != without:
                graph.add(extraction)
        return graph

    @_guarded
    def write(
        self,
        graph: KnowledgeGraph,
        extraction: Extraction,
        *,
        order: int,
        previous: Extraction | None = None,
        source_paths: bool = False,
        origin: str | None = None,
    ) -> None:
        """Write one document's graph, in one transaction, replacing any earlier version.

        ``graph`` is the whole graph with the document in it (``graph.add(extraction)`` returned
        ``extraction``); ``previous`` is the version it replaces. The other documents' copies of the
        entities and facts either version touches are brought up to date in the same transaction.
        ``origin`` is the key of the file it came from (``build_into``).
        """
        doc = graph._documents[extraction.document.id]
        base, vocab = self.base(), self.vocab()
        name = ox.NamedNode(graph_iri(doc.id, base))
        extra = [
            (self._term("buildOrder"), ox.Literal(str(order), datatype=_INTEGER)),
            (self._term("extraction"), ox.Literal(_record(doc, extraction, source_paths), datatype=_JSON)),
        ]
        if origin is not None:
            extra.append((self._term("origin"), ox.Literal(origin)))
        candidates = [e.id for e in extraction.entities] + [end for f in extraction.facts for end in _ends(f)]
        facts = [f for f in (_merged_by_identity(graph, f.identity) for f in extraction.facts) if f is not None]
        batch = document_quads(
            graph, doc.id, candidates, facts, base=base, vocab=vocab, source_paths=source_paths, extra=extra
        )
        touched = [extraction] + ([previous] if previous is not None else [])
        copies = self._copies(graph, touched, name)
        self._update([f"DROP SILENT GRAPH {name}", f"INSERT DATA {{ {_data(batch)} }}", *copies], doc.id)

    @_guarded
    def remove(self, document_id: str) -> None:
        """Delete one document's graph; what the others hold of its entities and facts follows (one transaction)."""
        info = self._stored().get(document_id)
        if info is None:
            known = ", ".join(sorted(self._stored())[:10]) or "none"
            raise NotFoundError(f"the store {self.path} has no document {document_id!r}; its documents: {known}")
        previous = self.extraction(document_id)
        name = ox.NamedNode(info.graph)
        copies = self._copies(self.graph(without=document_id), [previous], name)
        self._update([f"DROP SILENT GRAPH {name}", *copies], document_id, removed=True)

    def _update(self, operations: list[str], doc_id: str, *, removed: bool = False) -> None:
        try:
            # One SPARQL update is one transaction: never half a document, never copies out of step.
            self._ox.update(" ;\n".join(op for op in operations if op))
            # The journal of documents written since the store was last flushed (``JOURNAL``): a line
            # appended to a file survives a killed process, which RocksDB's unflushed log may not.
            with (self.path / JOURNAL).open("a", encoding="utf-8") as journal:
                journal.write(f"{'-' if removed else '+'}{json.dumps(doc_id)}\n")
        except OSError as exc:
            raise StoreError(f"cannot write document {doc_id!r} to the store {self.path}: {exc}") from exc

    def _copies(self, graph: KnowledgeGraph, touched: list[Extraction], written: ox.NamedNode) -> list[str]:
        """Updates that give every other graph holding a touched entity or statement its description in ``graph``.

        Each copy is compared with the description ``graph`` gives now; only the triples that differ change,
        in every graph that holds a copy (the copies are alike, so one of them is read).
        """
        w = _Writer(graph, self.base(), self.vocab())
        ids = dict.fromkeys(e.id for x in touched for e in x.entities)
        ids.update(dict.fromkeys(end for x in touched for f in x.facts for end in _ends(f)))
        deleted: list[ox.Quad] = []
        inserted: list[ox.Quad] = []
        kg_id = self._term("id")
        for entity_id in ids:
            node, entity = w.m.entity(entity_id), graph._entity_of(entity_id)
            new = set(sum(w.entity(entity), [])) if entity is not None else set()
            holders = [q.graph_name for q in self._ox.quads_for_pattern(node, kg_id, None, None) if q.graph_name != written]
            if holders:
                _change(holders, self._entity_description(node, holders[0]), new, deleted, inserted)
        for fact in dict.fromkeys(f.identity for x in touched for f in x.facts):
            node, merged = w.m.hashed("statement", *fact), _merged_by_identity(graph, fact)
            new = set(w.statement(merged)) if merged is not None else set()
            holders = [
                q.graph_name for q in self._ox.quads_for_pattern(node, _TYPE, _STATEMENT, None) if q.graph_name != written
            ]
            if holders:
                _change(holders, self._statement_description(node, holders[0]), new, deleted, inserted)
        return [
            f"DELETE DATA {{ {_data(deleted)} }}" if deleted else "",
            f"INSERT DATA {{ {_data(inserted)} }}" if inserted else "",
        ]

    def _entity_description(self, node: ox.NamedNode, name: ox.NamedNode) -> set[ox.Triple]:
        """What graph ``name`` holds as the entity's description: not its mentions, not its facts' direct triples."""
        mention, attribute = self.vocab() + "mention", self.vocab() + "attribute"
        facts, relations = self.base() + "predicate/", relation_iris(self.vocab())
        found = set()
        for q in self._ox.quads_for_pattern(node, None, None, name):
            p = q.predicate.value
            if p == mention or p.startswith(facts) or p in relations:
                continue
            found.add(ox.Triple(q.subject, q.predicate, q.object))
            if p == attribute:
                held = self._ox.quads_for_pattern(q.object, None, None, name)
                found.update(ox.Triple(a.subject, a.predicate, a.object) for a in held)
        return found

    def _statement_description(self, node: ox.NamedNode, name: ox.NamedNode) -> set[ox.Triple]:
        """What graph ``name`` holds as the statement's description: not its links to its evidence and documents."""
        links = {self.vocab() + "evidence", _DERIVED}
        return {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self._ox.quads_for_pattern(node, None, None, name)
            if q.predicate.value not in links
        }

    @_guarded
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, bookkeeping included."""
        return self._ox.quads_for_pattern(None, None, None, None)

    @_guarded
    def content(self) -> Iterator[ox.Quad]:
        """The store's quads without its bookkeeping: what a TriG file of the same build holds, what a push sends."""
        skip = {self.vocab() + name for name in BOOKKEEPING}
        return (q for q in self.quads() if q.predicate.value not in skip)

    @_guarded
    def sparql(self, query: str, **limits: object) -> SparqlResult:
        """Run a SPARQL query over the store; the default graph is the union of all graphs.

        ``limits`` are ``sparql``'s: ``timeout``, ``max_rows``, ``allow_service``.
        """
        return sparql(self._ox, query, vocab=self.vocab(), **limits)


def _ends(fact: Fact) -> list[str]:
    return [fact.subject, fact.object] + ([fact.attributed_to] if fact.attributed_to is not None else [])


def _merged_by_identity(graph: KnowledgeGraph, identity: tuple[str, str, str]) -> Fact | None:
    """The graph's fact of this identity (its evidence and confidence combined), if any."""
    s, key, o = identity
    return graph.nx.edges[s, o, key]["fact"] if graph.nx.has_edge(s, o, key) else None


def _change(
    holders: list[ox.NamedNode], old: set[ox.Triple], new: set[ox.Triple], deleted: list[ox.Quad], inserted: list[ox.Quad]
) -> None:
    """In every graph of ``holders``: the triples of ``old`` that ``new`` lacks go, those it adds come."""
    for name in holders if old != new else ():
        deleted.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in old - new)
        inserted.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in new - old)


def _own_id(
    doc: Document,
    key: str | None,
    digest: str,
    stored: dict[str, _Stored],
    taken: dict[str, str | None],
    path: Path,
) -> Document:
    """The document under an id that replaces no other document: its own, else the first free suffix, with a warning.

    A stored document of the same id is the same document when it came from the same file
    (``key``), or has the same text; or when either side does not say where it came from (a
    Document given in Python, a store written before kg kept origins). Otherwise the id is
    another file's (two feeds named feed.jsonl: both make feed-1), and replacing would lose it.
    ``taken`` holds the ids this build has already used, with their keys; the chosen one is added.
    """
    candidate, n = doc.id, 1
    while True:
        info = stored.get(candidate)
        same = info is None or info.hash == digest or key is None or info.origin in (None, key)
        if candidate not in taken and same:
            break
        n += 1
        candidate = f"{doc.id}-{n}"
    taken[candidate] = key
    if candidate == doc.id:
        return doc
    if candidate not in stored:  # told once, when it is first stored so
        warnings.warn(
            f"{doc.source or doc.id}: the store {path} already holds another document {doc.id!r}, read from "
            f"another file; kg stores this one as {candidate!r} and replaces nothing (ids come from file names: "
            'give each input its own name, or its own "id" in .jsonl)',
            InputWarning,
            stacklevel=2,
        )
    return dataclasses.replace(doc, id=candidate)


@dataclass(frozen=True)
class BuildReport:
    """What ``build_into`` did."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    base: str = ""
    vocab: str = ""
    graph: KnowledgeGraph = field(default_factory=KnowledgeGraph, compare=False, repr=False)

    @property
    def parsed(self) -> int:
        """Documents handed to parsing and extraction (with ``engine="dask"``: sent to the cluster); unchanged ones never are."""
        return len(self.added) + len(self.replaced)


def build_into(
    path: str | Path,
    source: Source | Iterable[Source],
    *,
    model: str | None = None,
    jobs: int = 1,
    base: str | None = None,
    batch_size: int = 16,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[Extraction | Document], object] | None = None,
    vocab: str | None = None,
    source_paths: bool = False,
) -> BuildReport:
    """Build documents into the store at ``path``: unchanged ones are skipped before parsing, changed ones replaced.

    ``base`` and ``vocab`` are the namespaces of a new store (an existing one keeps its own);
    ``source_paths`` records each document's local path (``kg:source``).

    ``jobs``, ``batch_size``, ``engine`` and ``scheduler`` are passed to
    ``kg.pipeline.extract_documents``: with ``engine="dask"`` extraction runs
    on the cluster while this process writes each document to the store, in
    one transaction, as its result arrives. ``progress``, when given, is
    called with each Extraction once it is in the store, and with the
    Document of each unchanged one as it is skipped.
    """
    from .documents import read_documents
    from .pipeline import _as_inputs, extract_documents

    added: list[str] = []
    replaced: list[str] = []
    skipped: list[str] = []
    with Store(path, base=base, vocab=vocab) as store:
        store_base = store.base()  # fails early on a base (or vocabulary) that differs from the store's
        store.vocab()
        stored = store._stored()
        graph = store.graph()
        origins: dict[str, str | None] = {}

        def fresh(documents: Iterable[Document]) -> Iterator[Document]:
            # Checked before a document reaches the engine, so an unchanged one is never parsed or sent to a cluster.
            for doc in documents:
                digest = content_hash(doc.text)
                key = _origin_key(doc)
                doc = _own_id(doc, key, digest, stored, origins, store.path)
                info = stored.get(doc.id)
                if info is not None and info.hash == digest:
                    skipped.append(doc.id)
                    if progress is not None:
                        progress(doc)
                    continue
                yield doc

        order = store.next_order()
        extractions = extract_documents(
            fresh(read_documents(_as_inputs(source))),
            model=model,
            jobs=jobs,
            batch_size=batch_size,
            engine=engine,
            scheduler=scheduler,
        )
        # Closed on the way out, also on Ctrl-C: work still queued (spaCy processes, Dask futures) is stopped.
        with contextlib.closing(extractions):
            for extraction in extractions:
                doc_id = extraction.document.id
                previous = None
                if doc_id in stored:
                    # The old version's entities and facts must not linger in the merged graph:
                    # start again from the store without it.
                    previous = store.extraction(doc_id)
                    graph = store.graph(without=doc_id)
                    replaced.append(doc_id)
                else:
                    added.append(doc_id)
                own = graph.add(extraction)
                store.write(
                    graph, own, order=order, previous=previous, source_paths=source_paths, origin=origins[doc_id]
                )
                stored[doc_id] = _Stored("", graph._documents[doc_id].content_hash, order, origins[doc_id])
                order += 1
                if progress is not None:
                    progress(extraction)
        return BuildReport(tuple(added), tuple(replaced), tuple(skipped), store_base, store.vocab(), graph)


# ---------------------------------------------------------------------- SPARQL
def _plain(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):  # an RDF 1.2 triple term
        return str(term)
    return term.value  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SparqlResult:
    """The answer to a SPARQL query.

    ``kind`` is "select" (``variables`` and ``rows`` of IRIs and literal values, None when unbound),
    "ask" (``boolean``) or "graph" for CONSTRUCT and DESCRIBE (``triples``; ``turtle()`` writes them).
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False  # rows or triples were left out (``max_rows``)

    def __iter__(self) -> Iterator[tuple[str | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def csv(self) -> str:
        """SELECT rows as CSV with a header (the SPARQL 1.1 CSV results format)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.variables)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()

    def turtle(self, *, base: str | None = None) -> str:
        """CONSTRUCT or DESCRIBE triples as Turtle, with kg's prefixes."""
        return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)).decode("utf-8")


#: Seconds a query may take in ``kg sparql`` (``--timeout``), reading the graph included.
SPARQL_TIMEOUT = 30.0
#: Rows (or triples) ``kg sparql`` prints at most (``--max-rows``): a query that joins everything to
#: everything has no end of them.
MAX_ROWS = 10_000

# Strings, IRIs and comments of a query, where "SERVICE" is no keyword (SPARQL 1.1 grammar, section 19.8).
_NOT_KEYWORDS = re.compile(
    "|".join(
        (
            r"'{3}(?:(?:'|'')?(?:[^'\\]|\\.))*'{3}",  # a long string in single quotes
            r'"{3}(?:(?:"|"")?(?:[^"\\]|\\.))*"{3}',  # a long string in double quotes
            r"'(?:[^'\\\n\r]|\\.)*'",
            r'"(?:[^"\\\n\r]|\\.)*"',
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # an IRI
            r"#[^\n]*",  # a comment
        )
    )
)
# SERVICE as a keyword: not part of a prefixed name, a variable, a blank node label or a language tag.
_SERVICE = re.compile(r"(?<![\w?$:@-])SERVICE(?![\w:-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def calls_service(query: str) -> bool:
    """Whether a query has a SERVICE clause (which sends part of it to another server), in any spelling.

    >>> calls_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> calls_service("SELECT ?service WHERE { ?service ex:SERVICE 'SERVICE <x>' } # SERVICE")
    False
    """
    # Codepoint escapes are read before the query is parsed: \u0053ERVICE is SERVICE.
    query = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return _SERVICE.search(_NOT_KEYWORDS.sub(" ", query)) is not None


def _is_update(query: str) -> bool:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
    except (ParseException, ValueError, TypeError):
        return False
    return True


def sparql(
    store: ox.Store,
    query: str,
    *,
    vocab: str | None = None,
    timeout: float | None = None,
    max_rows: int | None = None,
    allow_service: bool = False,
) -> SparqlResult:
    """Run a query on a pyoxigraph Store; the default graph is the union of all graphs (named graphs stay too).

    It runs locally: a SERVICE clause (which would send part of the query to
    any server it names) is a QueryError unless ``allow_service``, and so is an
    UPDATE (kg changes a store only by building into it). ``max_rows`` keeps
    the first rows (or triples) of the answer, with a warning and ``truncated``
    set; ``timeout`` seconds end the query with a QueryError, checked as each
    answer comes (a query that computes all its answers before the first one, an
    ORDER BY over a huge join, is stopped only by ``run_query``'s process).
    """
    if not allow_service and calls_service(query):
        raise QueryError(
            "the query has a SERVICE clause, which would send part of it to another server; kg runs queries "
            "on your graph only: pass --allow-service to let it"
        )
    ends = None if timeout is None else time.monotonic() + timeout
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=prefixes(vocab=vocab))
        if isinstance(result, ox.QueryBoolean):
            return SparqlResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = _first(((_plain(s[v]) for v in variables) for s in result), max_rows, ends, timeout, tuple)
            return SparqlResult("select", variables=variables, rows=rows, truncated=len(rows) == max_rows)
        triples = _first(result, max_rows, ends, timeout, lambda t: t)
        return SparqlResult("graph", triples=triples, truncated=len(triples) == max_rows)
    except SyntaxError as exc:
        if _is_update(query):
            raise QueryError(
                "the query is a SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR, DROP, ...): kg sparql only reads; "
                "a store changes through kg build INPUT --store DIR and kg remove DOC_ID --store DIR"
            ) from exc
        raise QueryError(f"SPARQL syntax error: {exc}; prefixes {', '.join(prefixes())} are predefined") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the SPARQL query failed: {exc}") from exc


def _first(items: Iterable, max_rows: int | None, ends: float | None, timeout: float | None, make) -> tuple:  # noqa: ANN001
    """The first ``max_rows`` items, each made by ``make``, read before ``ends``; a warning when more were left."""
    out = []
    for item in items:
        if max_rows is not None and len(out) == max_rows:
            warnings.warn(
                f"the answer has more than {max_rows:,} rows; kg kept the first {max_rows:,} "
                "(--max-rows N for more, or LIMIT and OFFSET in the query)",
                KGWarning,
                stacklevel=3,
            )
            break
        if ends is not None and time.monotonic() > ends:
            raise _too_slow(timeout)
        out.append(make(item))
    return tuple(out)


def _too_slow(timeout: float | None) -> QueryError:
    return QueryError(
        f"the query did not finish within {timeout:g} s; narrow it (LIMIT, more specific patterns) "
        "or give it more time with --timeout SECONDS"
    )


def run_query(
    path: str | Path,
    query: str,
    *,
    timeout: float = SPARQL_TIMEOUT,
    max_rows: int | None = MAX_ROWS,
    allow_service: bool = False,
) -> SparqlResult:
    """``sparql`` on a graph file or store folder, ended at ``timeout`` seconds (reading the graph included)
    however the query is evaluated: the command line's way to query.

    Oxigraph cannot stop a query it is evaluating, so one that computes all its
    answers before the first is left running in a daemon thread when the time is
    up: call this from a process that ends soon after, as ``kg sparql`` does.
    """
    outcome: dict[str, object] = {}

    def evaluate() -> None:
        try:
            if Path(path).is_dir():
                with Store(path, read_only=True) as store:
                    outcome["result"] = store.sparql(
                        query, timeout=timeout, max_rows=max_rows, allow_service=allow_service
                    )
            else:
                dataset = open_dataset(path)
                outcome["result"] = sparql(dataset, query, timeout=timeout, max_rows=max_rows, allow_service=allow_service)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            # pyoxigraph's answers must be freed on the thread that made them: not by the caller's, later.
            for link in (exc, exc.__cause__, exc.__context__):
                if link is not None:
                    traceback.clear_frames(link.__traceback__)
            outcome["error"] = exc

    worker = threading.Thread(target=evaluate, name="kg-sparql", daemon=True)
    worker.start()
    worker.join(timeout + 1.0)  # a little more than the query's own deadline: it stops itself first when it can
    if worker.is_alive():
        raise _too_slow(timeout)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def read_quads(path: str | Path, *, strict: bool = True) -> Iterator[ox.Quad]:
    """The quads of a store folder or of a graph file kg wrote, each document's in its named graph.

    A store gives its content (``Store.content``: no bookkeeping); TriG and
    N-Quads keep their graphs. Turtle, N-Triples, JSON-LD and node-link JSON
    carry no graph names: the documents are read from the data and laid out
    as ``kg.rdf.quads`` lays them out, so every file of one build gives the
    same quads. A triple file with triples that are not kg's raises StoreError
    naming the formats that work (``strict``), or else lands whole in the
    default graph.
    """
    from .export import format_for
    from .export.rdf import RDF_FORMATS
    from .io import load, parse_rdf

    path = Path(path)
    if path.is_dir():
        with Store(path, read_only=True) as store:
            yield from store.content()
        return
    if not path.is_file():
        raise StoreError(
            f"{path} is neither a graph file nor a store folder; "
            "give graph.ttl (or .nt, .trig, .nq, .jsonld, .json) or a --store folder"
        )
    fmt = format_for(path)
    if fmt not in RDF_FORMATS:
        if fmt != "json":
            raise FormatError(
                f"{path} is not RDF; give a .ttl, .nt, .jsonld, .trig, .nq or .json graph, or a store folder"
            )
        yield from quads(load(path))
        return
    items = list(parse_rdf(path, fmt))
    if RDF_FORMATS[fmt][1]:
        yield from items
        return
    laid = _laid_out(items)
    if laid is not None:
        yield from laid
        return
    if strict:
        raise StoreError(
            f"{path} holds triples that are not kg's, so kg cannot tell which document's graph each belongs to; "
            "push a .trig or .nq file or a store folder (they name their graphs), "
            "or put everything into one graph with --graph IRI"
        )
    default = ox.DefaultGraph()
    yield from (ox.Quad(t.subject, t.predicate, t.object, default) for t in items)


def _laid_out(items: list[ox.Triple | ox.Quad]) -> list[ox.Quad] | None:
    """Triples kg wrote as the quads of their documents' graphs; None when they are not exactly kg's."""
    from .rdf import parts_from_records, read_records

    given = {ox.Triple(t.subject, t.predicate, t.object) for t in items}
    records = read_records(given)
    vocab, base = detect_namespaces(records)
    try:
        graph = parts_from_records(records).graph()
    except FormatError:
        return None
    terms = any(isinstance(t.object, ox.Triple) for t in given)
    laid = list(
        quads(graph, base=base, vocab=vocab, source_paths=True, statements="triple-terms" if terms else "reification")
    )
    return laid if {ox.Triple(q.subject, q.predicate, q.object) for q in laid} == given else None


def open_dataset(path: str | Path) -> ox.Store:
    """A pyoxigraph Store to query: the store folder itself (read-only), or a file loaded into memory
    (each document's triples in its named graph, as ``read_quads`` reads them)."""
    path = Path(path)
    if path.is_dir():
        return Store(path, read_only=True).oxigraph
    memory = ox.Store()
    memory.extend(read_quads(path, strict=False))
    return memory


# ---------------------------------------------------------------------- Graph Store Protocol
@dataclass(frozen=True)
class PushReport:
    """What ``push`` sent: graphs written (IRIs, "default" for the default graph) and triples."""

    graphs: tuple[str, ...]
    triples: int


def _graph_url(endpoint: str, name: str | None) -> str:
    """The Graph Store URL of one graph: ``?graph=IRI``, or ``?default`` for the default graph."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}" + ("default" if name is None else urllib.parse.urlencode({"graph": name}))


def _refused(method: str, url: str, answer: http.Answer) -> StoreError:
    detail = answer.body[:300].decode("utf-8", "replace").strip()
    return StoreError(
        f"the server refused {method} {url}: HTTP {answer.status} {answer.reason}{': ' + detail if detail else ''}"
    )


def _send(method: str, url: str, body: bytes, timeout: float) -> None:
    answer = http.request(method, url, body, headers={"Content-Type": "application/n-triples"}, deadline=timeout)
    if not 200 <= answer.status < 300:
        raise _refused(method, url, answer)


def _held(url: str, sent: int, timeout: float) -> int:
    """How many triples the server holds in one graph, read back with a Graph Store GET.

    The answer may be a few times what was sent (another serialization, escapes) and no more.
    """
    answer = http.request(
        "GET", url, headers={"Accept": "application/n-triples"}, deadline=timeout, max_bytes=8 * sent + http.MAX_ANSWER
    )
    if answer.status == 404:  # no such graph: nothing was kept
        return 0
    if not 200 <= answer.status < 300:
        raise _refused("GET", url, answer)
    media = answer.headers.get("content-type", "application/n-triples").split(";")[0].strip()
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise StoreError(f"GET {url} answered {media}, not RDF; is this the server's Graph Store URL?")
    try:
        return sum(1 for _ in ox.parse(answer.body, format=fmt))
    except SyntaxError as exc:
        raise StoreError(f"GET {url} answered {media} that is not valid: {exc}") from exc


def push(
    items: Iterable[ox.Quad],
    endpoint: str,
    *,
    graph: str | None = None,
    timeout: float = http.DEADLINE,
) -> PushReport:
    """Send quads to a SPARQL 1.1 Graph Store HTTP Protocol endpoint, and check that the server kept them.

    Each named graph replaces the server's graph of that name (PUT); default
    graph triples are added to the server's default graph (POST). With
    ``graph``, everything goes into that one graph (PUT, so it is replaced).
    Each graph is read back (GET) and its triples counted: a named graph must
    hold exactly what was sent, the default graph at least as many. Every
    request ends within ``timeout`` seconds, and redirects follow ``kg.http``'s
    rules. A failure raises StoreError saying which graphs were already written.
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(
            f"endpoint {endpoint!r} is not an http(s) URL; give the Graph Store URL, e.g. http://127.0.0.1:7878/store"
        )
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise StoreError(
                f"--graph {graph!r} is not a valid IRI ({exc}); give an absolute IRI like https://example.org/graph"
            ) from exc
    groups: dict[str | None, dict[ox.Triple, None]] = {}
    for q in items:
        name = graph if graph is not None else (q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None)
        groups.setdefault(name, {})[ox.Triple(q.subject, q.predicate, q.object)] = None
    done: list[str] = []
    total = 0
    for name, batch in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        url, method = _graph_url(endpoint, name), "POST" if name is None else "PUT"
        try:
            _send(method, url, body, timeout)
            held = _held(url, len(body), timeout)
            if held < len(batch) or (name is not None and held != len(batch)):
                raise StoreError(
                    f"the server took {method} {url} but holds {held:,} triples in that graph, not the "
                    f"{len(batch):,} sent; it did not keep the push: check its logs and the Graph Store URL"
                )
        except StoreError as exc:
            if done:
                raise StoreError(
                    f"{exc}. The push is INCOMPLETE: {len(done)} of {len(groups)} graphs were written "
                    "before this failure; "
                    "fix the cause and push again (named graphs are replaced, so a repeat is safe)"
                ) from exc
            raise
        done.append(name or "default")
        total += len(batch)
    return PushReport(tuple(done), total)
