"""The registry of exporters: formats by name and file suffix, each a renderer and, for large graphs, a streamer.

Each exporter module (``html``, ``nodelink``, ``rdf``, ``picture``) registers its formats
here when imported; ``kg.export`` imports them all.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FormatError

__all__ = ["Exporter", "register", "get", "formats", "format_for"]

#: ``render(graph, **options)``: text for a text format, bytes for a binary one (PNG).
Renderer = Callable[..., str | bytes]
#: ``stream(graph, output, **options)`` writes what the renderer returns, as UTF-8, into a binary file.
Streamer = Callable[..., None]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffixes: tuple[str, ...]
    render: Renderer
    media_type: str
    stream: Streamer | None = None  # writes into a file as it goes, never holding the whole text


_REGISTRY: dict[str, Exporter] = {}


def register(
    name: str, suffixes: tuple[str, ...], media_type: str, *, stream: Streamer | None = None
) -> Callable[[Renderer], Renderer]:
    """Register a renderer ``render(graph, **options) -> str`` under a name and suffixes.

    ``stream(graph, output, **options)``, when given, writes the same text as
    UTF-8 into a binary file as it goes: files of a large graph are written
    through it, without the whole text in memory.
    """

    def decorate(render: Renderer) -> Renderer:
        _REGISTRY[name] = Exporter(name, suffixes, render, media_type, stream)
        return render

    return decorate


def formats() -> list[str]:
    """Names of every registered format."""
    return sorted(_REGISTRY)


def get(name: str) -> Exporter:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; choose one of: {', '.join(formats())}") from None


def format_for(path: str | Path) -> str:
    """The format name a file suffix stands for."""
    suffix = "".join(Path(path).suffixes[-1:]).lower()
    for exporter in _REGISTRY.values():
        if suffix in exporter.suffixes:
            return exporter.name
    known = ", ".join(sorted(s for e in _REGISTRY.values() for s in e.suffixes))
    raise FormatError(f"cannot tell the format of {str(path)!r} from its suffix; use one of {known} or pass format=")
