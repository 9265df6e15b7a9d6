"""Exporters: a KnowledgeGraph in, text or bytes of one format out.

Renderers are pure functions registered by name and file suffix; writing a
file happens here only, atomically (a temporary file in the same folder,
renamed over the target), so a crash never leaves a half-written file.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FormatError, KGError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["Exporter", "register", "get", "formats", "render", "write", "atomic_write", "format_for"]

Renderer = Callable[..., str]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffixes: tuple[str, ...]
    render: Renderer
    media_type: str


_REGISTRY: dict[str, Exporter] = {}


def register(name: str, suffixes: tuple[str, ...], media_type: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer ``render(graph, **options) -> str`` under a name and suffixes."""

    def decorate(render: Renderer) -> Renderer:
        _REGISTRY[name] = Exporter(name, suffixes, render, media_type)
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


def render(graph: KnowledgeGraph, format: str, **options: Any) -> str:
    """The graph rendered in ``format`` as text."""
    return get(format).render(graph, **options)


def atomic_write(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KGError(f"cannot write {path}: {exc.strerror}; choose another output folder") from exc
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KGError(f"cannot write {path}: {exc.strerror}; choose another output folder") from exc
        raise
    return path


def write(graph: KnowledgeGraph, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
    """Render the graph and write it to ``path`` atomically."""
    return atomic_write(path, render(graph, format or format_for(path), **options))


# Register the built-in exporters.
from . import html, rdf, nodelink  # noqa: E402,F401
