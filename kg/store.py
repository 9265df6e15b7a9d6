"""Stores: documents in, an on-disk Oxigraph store (one named graph per document) out; SPARQL; pushes to servers.

A store keeps, in each document's named graph, what that one document says
(its extraction, with entity ids already merged with the rest of the store)
plus the document's content hash and build position. So:

- building the same document again skips it when its text is unchanged, and
  replaces its graph when the text changed;
- each document is written in one transaction, so a build that stops half-way
  leaves every finished document whole, and the next build carries on;
- reading the store replays the documents in build order, which gives the
  same KnowledgeGraph a single in-memory build of them gives.

``push`` sends triples or quads to any SPARQL 1.1 Graph Store HTTP Protocol
endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/REPO/rdf-graphs/service``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import FormatError, NotFoundError, QueryError, StoreError
from .graph import KnowledgeGraph, from_entities_and_facts
from .model import Document, Extraction
from .rdf import KG, SCHEMA, check_base, graph_iri, parts_from_index, prefixes, quads, read_index, triples
from .resolve import merge_entity

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
]

_HASH = ox.NamedNode(KG + "contentHash")
_ORDER = ox.NamedNode(KG + "buildOrder")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

_DOCUMENTS = f"""
SELECT ?g ?id ?hash ?order WHERE {{
  GRAPH ?g {{ ?d a <{SCHEMA}NewsArticle> ; <{SCHEMA}identifier> ?id .
             OPTIONAL {{ ?d <{KG}contentHash> ?hash }} OPTIONAL {{ ?d <{KG}buildOrder> ?order }} }}
}}"""


def content_hash(text: str) -> str:
    """What decides whether a document changed: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding an Oxigraph store."""
    return (Path(path) / "CURRENT").is_file() and (Path(path) / "IDENTITY").is_file()


@dataclass(frozen=True)
class _Stored:
    graph: str
    hash: str | None
    order: int


class Store:
    """An on-disk Oxigraph store of kg graphs, one named graph per document.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, Store(tmp + "/store") as store:
    ...     store.documents()
    {}
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, base: str | None = None) -> None:
        self.path = Path(path)
        if self.path.exists() and not is_store(self.path) and (not self.path.is_dir() or any(self.path.iterdir())):
            raise StoreError(
                f"{self.path} exists and is not an Oxigraph store; give an empty or new folder for --store"
            )
        if read_only and not is_store(self.path):
            raise StoreError(f"{self.path} is not a store; build one with: kg build INPUT --store {self.path}")
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            hint = (
                "another process (a kg build, an oxigraph server) has it open"
                if "lock" in str(exc).lower()
                else "check the path and its permissions"
            )
            raise StoreError(f"cannot open the store {self.path}: {exc}; {hint}") from exc
        self._base = base
        self._resolved_base: str | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (RocksDB holds a lock on the folder while it is open)."""
        self._ox = None  # type: ignore[assignment]

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph Store."""
        return self._ox

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

    def _stored(self) -> dict[str, _Stored]:
        found = {}
        for row in self._ox.query(_DOCUMENTS):
            order = int(row["order"].value) if row["order"] is not None else 0
            found[row["id"].value] = _Stored(
                row["g"].value, row["hash"].value if row["hash"] is not None else None, order
            )
        return found

    def documents(self) -> dict[str, str | None]:
        """Document id -> content hash of every document in the store."""
        return {doc_id: info.hash for doc_id, info in self._stored().items()}

    def remove(self, document_id: str) -> None:
        """Delete one document's graph (one transaction)."""
        info = self._stored().get(document_id)
        if info is None:
            known = ", ".join(sorted(self._stored())[:10]) or "none"
            raise NotFoundError(f"the store {self.path} has no document {document_id!r}; its documents: {known}")
        self._ox.remove_graph(ox.NamedNode(info.graph))

    def add(self, extraction: Extraction, *, text_hash: str, order: int) -> None:
        """Write one document's graph in one transaction, replacing any earlier version."""
        doc = extraction.document
        base = self.base()
        graph = from_entities_and_facts([], [])
        _add_entities(graph, extraction.entities)
        for fact in extraction.facts:
            graph.add_fact(fact)
        graph.add_document(doc)
        name = ox.NamedNode(graph_iri(doc.id, base))
        extra = {doc.id: [(_HASH, ox.Literal(text_hash)), (_ORDER, ox.Literal(str(order), datatype=_INTEGER))]}
        batch = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples(graph, base=base, extra=extra)]
        try:
            # Replacing is a drop and an insert in one SPARQL update: one transaction, so never half a document.
            if self._ox.contains_named_graph(name):
                body = " .\n".join(str(ox.Triple(q.subject, q.predicate, q.object)) for q in batch)
                self._ox.update(f"DROP SILENT GRAPH {name} ; INSERT DATA {{ GRAPH {name} {{ {body} }} }}")
            else:
                self._ox.extend(batch)
        except OSError as exc:
            raise StoreError(f"cannot write document {doc.id!r} to the store {self.path}: {exc}") from exc

    def next_order(self) -> int:
        return max((info.order for info in self._stored().values()), default=0) + 1

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store."""
        return self._ox.quads_for_pattern(None, None, None, None)

    def graph(self) -> KnowledgeGraph:
        """The store as one KnowledgeGraph: the documents replayed in build order."""
        rows: dict[str, list[tuple[str, str, str]]] = {}
        for q in self.quads():
            rows.setdefault(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "", []).append(
                (q.subject.value, q.predicate.value, q.object.value)
            )
        graph = KnowledgeGraph()
        for info in sorted(self._stored().values(), key=lambda i: i.order):
            parts = parts_from_index(read_index(rows.get(info.graph, ())))
            for doc in parts.documents:
                graph.add(Extraction(doc, tuple(parts.entities), tuple(parts.facts)))
        return graph

    def sparql(self, query: str) -> SparqlResult:
        """Run a SPARQL query over the store; the default graph is the union of all graphs."""
        return sparql(self._ox, query)


def _add_entities(graph: KnowledgeGraph, entities: Iterable) -> None:
    """Add entities keeping their ids; two with one id (already merged) become one."""
    for entity in entities:
        if entity.id in graph.nx:
            entity = merge_entity(graph.get(entity.id), entity)
        graph.nx.add_node(entity.id, entity=entity)


@dataclass(frozen=True)
class BuildReport:
    """What ``build_into`` did."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    base: str = ""
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
) -> BuildReport:
    """Build documents into the store at ``path``: unchanged ones are skipped before parsing, changed ones replaced.

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
    with Store(path, base=base) as store:
        store_base = store.base()  # fails early on a base that differs from the store's
        stored = store.documents()
        graph = store.graph()
        hashes: dict[str, str] = {}

        def fresh(documents: Iterable[Document]) -> Iterator[Document]:
            # Checked before a document reaches the engine, so an unchanged one is never parsed or sent to a cluster.
            for doc in documents:
                digest = content_hash(doc.text)
                if stored.get(doc.id) == digest:
                    skipped.append(doc.id)
                    if progress is not None:
                        progress(doc)
                    continue
                hashes[doc.id] = digest
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
                if doc_id in stored:
                    # The old version's entities and facts must not linger in the merged graph:
                    # start again from the store without it.
                    store.remove(doc_id)
                    graph = store.graph()
                    replaced.append(doc_id)
                else:
                    added.append(doc_id)
                digest = hashes.pop(doc_id)
                store.add(graph.add(extraction), text_hash=digest, order=order)
                stored[doc_id] = digest
                order += 1
                if progress is not None:
                    progress(extraction)
        return BuildReport(tuple(added), tuple(replaced), tuple(skipped), store_base, graph)


# ---------------------------------------------------------------------- SPARQL
def _plain(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
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


def sparql(store: ox.Store, query: str) -> SparqlResult:
    """Run a query on a pyoxigraph Store; the default graph is the union of all graphs."""
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=prefixes())
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}; prefixes {', '.join(prefixes())} are predefined") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the SPARQL query failed: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return SparqlResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(_plain(solution[v]) for v in variables) for solution in result)
        return SparqlResult("select", variables=variables, rows=rows)
    return SparqlResult("graph", triples=tuple(result))


def read_quads(path: str | Path) -> Iterator[ox.Quad]:
    """The quads of a store folder or of a graph file kg wrote (triples land in the default graph)."""
    from .export import format_for
    from .export.rdf import RDF_FORMATS
    from .io import load, parse_rdf

    path = Path(path)
    if path.is_dir():
        with Store(path, read_only=True) as store:
            yield from store.quads()
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
    default = ox.DefaultGraph()
    for item in parse_rdf(path, fmt):
        yield item if isinstance(item, ox.Quad) else ox.Quad(item.subject, item.predicate, item.object, default)


def open_dataset(path: str | Path) -> ox.Store:
    """A pyoxigraph Store to query: the store folder itself (read-only), or a file loaded into memory."""
    path = Path(path)
    if path.is_dir():
        return Store(path, read_only=True).oxigraph
    memory = ox.Store()
    memory.extend(read_quads(path))
    return memory


# ---------------------------------------------------------------------- Graph Store Protocol
@dataclass(frozen=True)
class PushReport:
    """What ``push`` sent: graphs written (IRIs, "default" for the default graph) and triples."""

    graphs: tuple[str, ...]
    triples: int


def _request(url: str, method: str, body: bytes, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise StoreError(
            f"the server refused {method} {url}: HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}"
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(
            f"cannot reach {url}: {reason}; is the SPARQL server running, "
            "and is --endpoint its Graph Store URL (Oxigraph: http://HOST:7878/store)?"
        ) from exc


def push(
    items: Iterable[ox.Quad],
    endpoint: str,
    *,
    graph: str | None = None,
    timeout: float = 60.0,
) -> PushReport:
    """Send quads to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

    Each named graph replaces the server's graph of that name (PUT); default
    graph triples are added to the server's default graph (POST). With
    ``graph``, everything goes into that one graph (PUT, so it is replaced).
    A failure raises StoreError saying which graphs were already written.
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
    separator = "&" if parts.query else "?"
    done: list[str] = []
    total = 0
    for name, batch in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        if name is None:
            url, method = f"{endpoint}{separator}default", "POST"
        else:
            url, method = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': name})}", "PUT"
        try:
            _request(url, method, body, timeout)
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
