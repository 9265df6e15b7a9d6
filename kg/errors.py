"""The one exception tree of kg: every error a user can cause is a KGError.

Messages name the offending value and the way out; the CLI prints them as
``Error: ...`` and exits 1, so nothing here prints or exits.

Problems kg can work around (an empty file, a binary file skipped, Latin-1
decoded, a page that is not English) are ``KGWarning``s issued through the
standard ``warnings`` module: the CLI prints each as one ``Warning: ...`` line,
and ``--strict`` (or ``warnings.simplefilter("error", kg.KGWarning)``) turns
them into errors.
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
    "WorkerError",
    "KGWarning",
    "InputWarning",
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


class WorkerError(KGError):
    """A worker process of a multi-process build died, or failed in a way that cannot come back as its own error."""


class KGWarning(UserWarning):
    """Base class of every warning kg issues: something was worked around, and the result may be less than asked."""


class InputWarning(KGWarning):
    """An input was skipped, decoded with a fallback, cleaned, or found not to be English text."""
