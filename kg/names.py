"""Names to keys: text in, normalized lookup keys, IRI-safe slugs and the forms of a name out.

The one vocabulary of names that resolution inside a document
(``kg.extract.entities``) and across documents (``kg.resolve``) share: how a
name is normalized, which words before a name are honorifics or titles and
not part of it, how many words a name has (one: a surname or a first name),
and which first names tell a gender.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from importlib.resources import files

__all__ = ["normalize", "slugify", "word_count", "without_honorifics", "first_names",
           "first_name_gender", "HONORIFICS", "POST_NOMINALS",
           "SURNAME_HONORIFICS", "TITLE_WORDS"]

_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)")  # U.S. -> US
_NON_WORD = re.compile(r"[^\w]+")

#: Honorifics before a name: stripped from the name, kept as an attribute,
#: and evidence that the entity is a person ("Mr Blair").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "baroness", "baron",
                        "prof", "professor", "rev", "reverend", "mx"})

#: Letters written after a person's name for an office or an honour ("Philippe Sands QC", "Jane Holt MP"):
#: a title, no part of the name.
POST_NOMINALS = frozenset({"qc", "kc", "mp", "mep", "msp", "obe", "mbe", "cbe", "kbe", "dbe", "frs", "ra"})

#: The honorifics that stand before a surname ("Mr Howard"); "Sir" and
#: "Dame" stand before a first name ("Sir Menzies"), a peer's "Lord" before
#: a title that need not be a surname.
SURNAME_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr"})

#: Words of a title or role written before a name ("Prime Minister", "Foreign
#: Secretary", "President-elect"): with them the words before a name are a
#: title, not part of the name.
TITLE_WORDS = frozenset(
    {"president", "elect", "prime", "minister", "secretary", "chancellor", "king", "queen", "prince", "princess",
     "senator", "governor", "general", "judge", "pope", "sheikh", "premier", "chairman", "chairwoman", "ceo",
     "leader", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "director", "chief",
     "commissioner", "mp", "mep", "deputy", "foreign", "home", "vice", "former", "ex", "justice", "attorney",
     "colonel", "captain", "lieutenant", "sergeant", "detective", "inspector", "officer", "coach", "manager",
     "boss", "founder", "head", "candidate", "sen", "rep", "gov", "lt", "col", "gen", "capt", "sgt", "cllr",
     "councillor", "archbishop", "bishop", "cardinal", "rabbi", "imam", "diplomat", "official", "executive",
     "chair", "emperor", "duke", "duchess", "earl", "tsar", "minister-president", "shadow", "party", "saint", "st"}
)


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
    """An ASCII slug for IRIs and ids, at most ``max_length`` characters cut between words; a hash when no
    ASCII letter survives.

    >>> slugify("Takeshi Iwaya")
    'takeshi-iwaya'
    >>> slugify("北朝鮮")[:2]
    'x-'
    """
    ascii_text = unicodedata.normalize("NFKD", normalize(name)).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    if len(slug) > max_length:
        # Cut between words, never inside one (a first word longer than the limit is cut).
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    if slug:
        return slug
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def word_count(name: str) -> int:
    """The number of words of a name as a reader counts them: "Kilroy-Silk" is one word (of three tokens).

    A person's one-word name is a surname or a first name: inside a document
    it joins the full name it shortens, across documents it merges with nothing.

    >>> word_count("Kilroy-Silk"), word_count("Antony Blinken")
    (1, 2)
    """
    return len(name.split())


def without_honorifics(name: str) -> str:
    """A name without the honorifics before it: "Lord Goldsmith" is Goldsmith, one word.

    >>> without_honorifics("Mr Howard"), without_honorifics("Sir Menzies Campbell")
    ('Howard', 'Menzies Campbell')
    """
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words.pop(0)
    return " ".join(words)


@functools.cache
def first_names() -> dict[str, tuple[str, int]]:
    """First name -> (gender "m", "f" or "u" for either, bearers counted), from the package's data file
    (``kg/extract/data/first_names.tsv``, read once)."""
    text = files("kg").joinpath("extract", "data", "first_names.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, gender, count = line.split("\t")
            out[name] = (gender, int(count))
    return out


def first_name_gender(name: str) -> str | None:
    """The gender ("m" or "f") the first name of a name in full tells, if it tells one.

    >>> first_name_gender("Lisa Raymond"), first_name_gender("Mr Tony Blair"), first_name_gender("Raymond")
    ('f', 'm', None)
    """
    words = without_honorifics(name).split()
    if len(words) < 2:
        return None
    gender = first_names().get(normalize(words[0]), ("u", 0))[0]
    return gender if gender in ("m", "f") else None
