"""kg: English news articles in, knowledge graphs out.

>>> import kg
>>> graph = kg.build("Nippon Steel will challenge the decision.")
>>> [e.name for e in graph.entities(type="Organization")]
['Nippon Steel']
"""
from __future__ import annotations

from typing import TYPE_CHECKING

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
from .model import Document, Entity, Evidence, Extraction, Fact, Mention

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .io import load
    from .pipeline import build

# Imported when first asked for: a worker process (kg.parallel) imports kg to parse and extract,
# and needs neither networkx nor pyoxigraph (a fifth of its start-up before its pipeline loads).
_LAZY = {"KnowledgeGraph": "graph", "load": "io", "build": "pipeline"}


def __getattr__(name: str) -> object:
    import importlib
    import importlib.util

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    # ``kg.pipeline`` and the other modules stay reachable after a bare ``import kg``, as when all were imported.
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)
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
