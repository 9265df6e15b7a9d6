"""kg: English news articles in, knowledge graphs out.

>>> import kg
>>> graph = kg.build("Nippon Steel will challenge the decision.")
>>> [e.name for e in graph.entities(type="Organization")]
['Nippon Steel']
"""
from __future__ import annotations

from .errors import (
    FormatError,
    InputError,
    InputWarning,
    KGError,
    KGWarning,
    ModelError,
    NotFoundError,
    QueryError,
    StoreError,
)
from typing import TYPE_CHECKING

from .model import Document, Entity, Evidence, Extraction, Fact, Mention

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .io import load
    from .pipeline import build

# Imported when first asked for: a worker process (kg.parallel) imports kg to parse and extract,
# and needs neither networkx nor pyoxigraph (a fifth of its start-up before its pipeline loads).
_LAZY = {"KnowledgeGraph": "graph", "load": "io", "build": "pipeline"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "build",
    "load",
    "KnowledgeGraph",
    "Extraction",
    "Document",
    "Entity",
    "Evidence",
    "Fact",
    "Mention",
    "KGError",
    "InputError",
    "ModelError",
    "FormatError",
    "StoreError",
    "QueryError",
    "NotFoundError",
    "KGWarning",
    "InputWarning",
    "__version__",
]
