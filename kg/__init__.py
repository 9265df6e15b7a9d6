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
from .graph import KnowledgeGraph
from .io import load
from .model import Document, Entity, Evidence, Extraction, Fact, Mention
from .pipeline import build

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
