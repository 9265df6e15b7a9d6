"""Read graphs back: a file kg wrote (any RDF format, node-link JSON) or a store folder in, a KnowledgeGraph out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .errors import FormatError, InputError
from .export import format_for
from .graph import KnowledgeGraph

__all__ = ["load", "parse_rdf"]


#: What the triples of a Turtle, TriG or JSON-LD file may add up to, written out, in times the file's size
#: (plus 64 MiB). Prefixes make IRIs shorter in the file than in memory: a 200 KB file that declares one
#: long prefix and uses it thousands of times would be gigabytes of IRIs. kg's own files grow about 1.5 times.
GROWTH = 16
_EXPANDING = ("turtle", "trig", "jsonld")  # N-Triples and N-Quads spell every IRI out: they cannot grow


def parse_rdf(path: str | Path, format: str, *, bounded: bool = True) -> Iterator:
    """The triples or quads of an RDF file, streamed by pyoxigraph's strict parser.

    Bounded: triples that add up to more than ``GROWTH`` times the file (prefixed names expanding), or a
    literal over the parser's 16 MiB, are a FormatError, never a run out of memory. ``bounded=False``
    leaves the first bound to the caller (``kg.rdf.read_records`` measures the terms it reads anyway).
    """
    import pyoxigraph as ox

    from .export.rdf import RDF_FORMATS

    try:
        items = ox.parse(path=str(path), format=RDF_FORMATS[format][0])
        if bounded and format in _EXPANDING:
            items = _bounded(items, path, _limit(path))
        yield from items
    except SyntaxError as exc:
        raise FormatError(f"{path} is not valid {format}: {exc}; is it a file kg wrote?") from exc
    except MemoryError as exc:  # pyoxigraph: "Reached the buffer maximal size" (one token over 16 MiB)
        raise FormatError(f"{path} holds a literal or IRI longer than the 16 MiB an RDF parser reads: {exc}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _limit(path: str | Path) -> int:
    return GROWTH * Path(path).stat().st_size + 64 * 1024 * 1024


def _too_big(path: str | Path) -> FormatError:
    return FormatError(
        f"{path} holds more than {GROWTH} times its size in triples (prefixed names that expand to long "
        "IRIs, used again and again); kg does not read it: is it a file kg wrote?"
    )


def _bounded(items: Iterator, path: str | Path, budget: int) -> Iterator:
    for item in items:
        budget -= len(str(item))
        if budget < 0:
            raise _too_big(path)
        yield item


def load(path: str | Path, *, format: str | None = None) -> KnowledgeGraph:
    """Load a graph written by ``KnowledgeGraph.write`` (the format comes from the suffix) or a ``--store`` folder."""
    from .store import is_store

    path = Path(path)
    if path.is_dir() and is_store(path):
        from .store import Store

        with Store(path, read_only=True) as store:
            return store.graph()
    if not path.is_file():
        raise InputError(
            f"{path} is not a file; give the path of a graph kg wrote (graph.ttl or graph.json) or a store folder"
        )
    from .export.rdf import RDF_FORMATS

    fmt = format or _readable_format(path)
    if fmt == "json":
        from .export.nodelink import read

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise FormatError(f"{path} is not JSON: {exc}") from exc
        try:
            return read(data)
        except FormatError as exc:
            raise FormatError(f"{path}: {exc}") from exc
    if fmt in RDF_FORMATS:
        from .rdf import from_oxigraph

        # The reader measures the terms it reads (graph names only where a format can have them).
        return from_oxigraph(
            parse_rdf(path, fmt, bounded=False),
            limit=_limit(path),
            too_big=lambda: _too_big(path),
            graphs=fmt not in ("turtle", "ntriples"),
        )
    raise FormatError(f"kg cannot read {fmt!r} graphs back; {_READABLE}")


_READABLE = (
    "give a .ttl, .nt, .jsonld, .trig, .nq or .json graph that kg wrote, or a store folder "
    "(an article becomes a graph by building it first)"
)


def _readable_format(path: Path) -> str:
    """The format of a graph file from its suffix; an article or a page is not one, whatever its suffix says."""
    from .export.rdf import RDF_FORMATS

    try:
        fmt = format_for(path)
    except FormatError:
        fmt = None
    if fmt not in (*RDF_FORMATS, "json"):
        raise FormatError(f"{path} is not a graph kg can read; {_READABLE}")
    return fmt
