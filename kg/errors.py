"""The one exception tree of kg: every error a user can cause is a KGError.

Messages name the offending value and the way out; the CLI prints them as
``Error: ...`` and exits 1, so nothing here prints or exits.
"""
from __future__ import annotations

__all__ = [
    "KGError",
    "InputError",
    "ModelError",
    "FormatError",
    "StoreError",
    "QueryError",
    "NotFoundError",
]


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """An input path, file or record cannot be read as a document."""


class ModelError(KGError):
    """The spaCy pipeline cannot be found or loaded."""


class FormatError(KGError):
    """An output or input format is unknown, or a file is not in the format it claims."""


class StoreError(KGError):
    """A graph store or SPARQL server cannot be opened, read or written."""


class QueryError(KGError):
    """A query (names, predicates, SPARQL) cannot be answered as asked."""


class NotFoundError(QueryError, LookupError):
    """A name matches no entity, or matches several when one was required."""
