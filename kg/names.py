"""Names to keys: text in, normalized lookup keys and IRI-safe slugs out."""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = ["normalize", "slugify"]

_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)")  # U.S. -> US
_NON_WORD = re.compile(r"[^\w]+")


# Graph merges look up the same names again and again across a corpus; the
# cache stays small, since a corpus's long tail of names is each seen once.
@functools.lru_cache(maxsize=1 << 13)
def normalize(name: str) -> str:
    """The lookup key of a name: case-folded, no leading article, possessive or dots.

    >>> normalize("The U.S.")
    'us'
    >>> normalize("Biden’s")
    'biden'
    """
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    text = _DOTS.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _ARTICLE.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


# Every mention of an entity or concept asks for its id again; bounded like normalize's cache.
@functools.lru_cache(maxsize=1 << 13)
def slugify(name: str, *, max_length: int = 60) -> str:
    """An ASCII slug for IRIs and ids; a hash when no ASCII letter survives.

    >>> slugify("Takeshi Iwaya")
    'takeshi-iwaya'
    >>> slugify("北朝鮮")[:2]
    'x-'
    """
    ascii_text = unicodedata.normalize("NFKD", normalize(name)).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))[:max_length].strip("-")
    if slug:
        return slug
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
