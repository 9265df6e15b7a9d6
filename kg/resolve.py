"""Entity identity across documents: an incoming entity in, the node it is (or none) and why out.

Inside one document ``kg.extract.entities`` has already grouped the mentions
of each entity. This stage decides which entities of different documents are
one node: a name index keyed by normalized name (``kg.names``), the guard that
keeps apart different things sharing a name (types, genders, offices), the
merge of two entities into one, and the provenance of each node (which
documents joined it, and why) that ``KnowledgeGraph.explain`` reports.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .model import PRONOUN_GENDER, UNTYPED, Entity, Explanation, Extraction
from .names import (POST_NOMINALS, SURNAME_HONORIFICS, TITLE_WORDS, first_name_gender, normalize, without_honorifics,
                    word_count)

__all__ = ["Resolver", "NameIndex", "Provenance", "Field", "mergeable_names", "conflict", "merge_entity", "field_of",
           "FIRST_SEEN"]

#: The reason recorded for the document in which a node was first seen.
FIRST_SEEN = "first seen"


def _has_name(phrase: str) -> bool:
    """A name inside a description: a capitalised word after the first, or an acronym ("UKIP spokesman")."""
    words = phrase.replace("-", " ").split()
    return any(w[:1].isupper() for w in words[1:]) or any(len(w) > 1 and w.isupper() for w in words)


#: Lower-case words inside a person's name ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "da", "di", "dos", "del", "la", "le", "bin",
                            "al", "ibn", "y"})


def _personal_name(name: str) -> bool:
    """A person named in full, as two articles can share it: two words of a name or more.

    The words of a title or a description before the name are set aside
    ("Prime Minister Tony Blair", "former welfare minister Frank Field"), as
    are honorifics and post-nominal letters ("Sir Menzies Campbell", "Frank
    Field MP"); what is left must be a name, every word capitalised but a
    particle ("Ludwig van Beethoven"). So an office is no name: "Prime
    Minister", "Home Secretary", "MP" leave nothing or one word, "Liberal
    Democrat spokesman" and "Tony Blair's chancellor" have a lower-case head
    (and different people hold them in different articles), and "players from
    England and Ireland" is a phrase. A title word after a first word is a
    surname ("Mervyn King", "John Major").
    """
    words = without_honorifics(name).split()
    while words and words[-1].lower().strip(".,") in POST_NOMINALS:
        words.pop()
    while words and (words[0].lower() in TITLE_WORDS or not words[0][:1].isupper()):
        words.pop(0)
    if len(words) < 2 or any(w.endswith(("'s", "’s", "s'", "s’")) for w in words[:-1]):
        return False
    return all(w[:1].isupper() or w in NAME_PARTICLES for w in words) and words[-1][:1].isupper()


def mergeable_names(entity: Entity) -> list[str]:
    """Names by which an entity may join one from another document.

    A person's one-word name is a surname or a first name, with an honorific
    or not ("Howard", "Mr Howard"): it merges only inside its own document
    (the extractor did that), never across documents. An event, person or
    organisation known only by a description ("the meeting", "the
    government", "analysts") is one thing only inside its document, two
    articles' meetings are two meetings: it joins another document's node
    only by a description with a name in it ("acquisition of US Steel").
    A person known by a description only never joins another document's
    node, with a name in it or not: "the BBC spokesman" or "Tony Blair's
    chancellor" of two articles may be two people. A person's name joins only
    when it is a name in full (``_personal_name``), not an office ("Prime
    Minister", "MP"). A concept (Thing) merges by its phrase, as an idea does
    ("national security").
    """
    if entity.type == "Person":
        return [] if entity.described else [n for n in entity.names if _personal_name(n)]
    if entity.type != UNTYPED and entity.described:
        return [n for n in entity.names if _has_name(n)]
    return list(entity.names)


def conflict(old: Entity, new: Entity) -> str | None:
    """Why two entities that share a name are still different things, if they are."""
    if UNTYPED not in (old.type, new.type) and old.type != new.type:
        return f"types differ ({old.type}, {new.type})"
    genders = {v for k, v in old.attributes if k == "gender"}, {v for k, v in new.attributes if k == "gender"}
    # A first name that tells a gender ("Lisa", "Louise") is the person's own: a document that gives the other
    # one misread a title or a surname ("after Mr Hale's statement, lawyer Ann Lee" made her a man; a
    # surname that is also a man's first name), and two namesakes of one such first name are of one gender.
    named = first_name_gender(old.name)
    if all(genders) and not genders[0] & genders[1] and (named is None or named != first_name_gender(new.name)):
        return "genders differ"
    # Same office in different countries: "Prime Minister of Japan" is not "Prime Minister of Canada".
    offices: list[dict[str, set[str]]] = [{}, {}]
    for side, entity in enumerate((old, new)):
        for key, value in entity.attributes:
            if key == "role" and " of " in value:
                office, country = value.rsplit(" of ", 1)
                # A country is a name ("of Japan", "of the United States"), not "of the exchequer".
                if country.removeprefix("the ")[:1].isupper():
                    offices[side].setdefault(office.lower(), set()).add(normalize(country))
    for office, countries in offices[0].items():
        if office in offices[1] and not any(_one_body(a, b) for a in countries for b in offices[1][office]):
            return f"roles differ ({office} of {', '.join(sorted(countries | offices[1][office]))})"
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in ("and", "of", "for", "the"))


def _one_body(a: str, b: str) -> bool:
    """Whether two normalized names after an office's "of" may name one body: the same words, one inside the
    other ("the Computer Weekly magazine", "Computer Weekly"), or one the initials of the other ("Elspa")."""
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    return a.replace(" ", "") == _initials(b) or b.replace(" ", "") == _initials(a)


def merge_entity(old: Entity, new: Entity, old_documents: Container[str] = frozenset()) -> Entity:
    """One entity from two: ``old``'s id, the fuller name, every alias, attribute, mention and participant.

    ``old_documents`` are the documents ``old``'s mentions come from, when known.
    """
    names = {normalize(old.name)}
    aliases = list(old.aliases)
    for name in (new.name, *new.aliases):
        if normalize(name) not in names and name not in aliases:
            aliases.append(name)
    names.update(normalize(a) for a in aliases)
    # A longer, fuller name is the better canonical name ("Joe Biden" over "Biden").
    name = old.name
    if len(new.name) > len(old.name) and normalize(old.name) in normalize(new.name):
        aliases = [a for a in aliases if a != new.name] + [old.name]
        name = new.name
    kind = old.type if old.type != UNTYPED else new.type
    attributes = old.attributes + tuple(a for a in new.attributes if a not in old.attributes)
    if old_documents and not any(m.document in old_documents for m in new.mentions):
        # Mentions of another document cannot repeat old ones: no scan of a hub entity's thousands of mentions.
        mentions = old.mentions + new.mentions
    else:
        mentions = old.mentions + tuple(m for m in new.mentions if m not in old.mentions)
    return Entity(old.id, name, kind, tuple(aliases), mentions, attributes, old.participants + new.participants)


# ---------------------------------------------------------------------------- fields of people
# Two people of one name are mostly of two walks of life: a minister and a rugby captain, a rapper and a
# runner. What a document says of a person's field (kg/fields.txt) keeps such namesakes apart across
# documents; a field is read from the strongest evidence the document gives.

#: The attribute keys that describe what a person is ("Wales captain", "chief executive of BT").
_ROLE_KEYS = frozenset({"role", "description", "title"})

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@cache
def _field_words() -> dict[str, str]:
    """Word or two-word phrase -> the field it tells (kg/fields.txt)."""
    words: dict[str, str] = {}
    text = (resources.files(__package__) / "fields.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, listed = line.split("|")
            words.update((w.strip(), name.strip()) for w in listed.split(","))
    return words


@lru_cache(maxsize=4)  # a document's whole text is read once for each of its people
def _field_votes(text: str) -> dict[str, list[str]]:
    """Field -> the words of ``text`` that tell it, each time it says one ("goal", "scored"); not to be changed."""
    return _votes(_WORD.findall(text.lower()))


def _votes(words: list[str], votes: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Field -> the lexicon's words and two-word phrases among ``words``, added to ``votes``."""
    lexicon = _field_words()
    votes = {} if votes is None else votes
    skip = False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in lexicon:
            found, skip = pair, True
        elif word in lexicon:
            found = word
        elif word.endswith("s") and word[:-1] in lexicon:
            found = word[:-1]
        else:
            continue
        votes.setdefault(lexicon[found], []).append(found)
    return votes


@dataclass(frozen=True, slots=True)
class Field:
    """A person's field in one document (``kg/fields.txt``: "sport", "politics"), the kind of evidence that
    tells it (``FIELD_EVIDENCE``) and the words that do."""

    name: str
    kind: str
    words: str  # "Wales captain", or "striker, goal"

    def __str__(self) -> str:
        if self.kind == "role":
            return f"{self.name} (role {self.words!r})"
        return f"{self.name} ({self.kind}: {self.words})"


#: The kinds of evidence of a person's field, strongest first, each with how many of the field's words it
#: needs and how many times the next field's: what the person is ("Wales captain", "chief executive of BT",
#: one word says it), the word right before a name of the person ("keeper David James", as a role), the
#: sentences that mention the person, the whole story (a clear majority).
FIELD_EVIDENCE = {"role": (1, 2.0), "words before the name": (1, 2.0), "words about them": (2, 2.0),
                  "the story's words": (6, 2.5)}

#: How much each kind of evidence of a field weighs (``FIELD_EVIDENCE``).
_WEIGHT = {"role": 2, "words before the name": 2, "words about them": 1, "the story's words": 0}

#: Fields whose words tell a walk of life: a footballer, a minister and a singer are rarely one person, so
#: two of them keep a name's documents apart when their evidence weighs 2 together: a role (or a word right
#: before the name) on one side, or the words about the person on both. A story's words alone, against the
#: words about the person, do not: a famous name is dropped into stories of every kind ("a film about
#: Hitler", a politician at a premiere). Money, technology and religion are what stories of every field
#: talk about: a businessman, a scientist or a cleric is told apart only by a role (or a word right before
#: the name) on both sides ("chief executive of BT", "computer specialist", "the Reverend").
_CAREERS = frozenset({"sport", "politics", "arts"})


def _unlike(a: Field, b: Field) -> bool:
    """Whether two documents' fields of a name say two people (``_CAREERS``)."""
    if a.name == b.name:
        return False
    weight = _WEIGHT[a.kind] + _WEIGHT[b.kind]
    return weight >= 2 if a.name in _CAREERS and b.name in _CAREERS else weight == 4


def _decided(votes: dict[str, list[str]], least: int, times: float) -> str | None:
    ranked = sorted(votes, key=lambda f: -len(votes[f]))
    if not ranked or len(votes[ranked[0]]) < least:
        return None
    if len(ranked) > 1 and len(votes[ranked[0]]) < times * len(votes[ranked[1]]):
        return None
    return ranked[0]


def _sentences_of(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The sentences (roughly: from the last full stop before to the next after) that hold the spans."""
    out = []
    for start, end in sorted(set(spans)):
        left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
        stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
        out.append(text[left : min(stops) if stops else len(text)])
    return " ".join(out)


#: Where a clause ends before a name: the words past it are not about the person.
_CLAUSE_END = re.compile(r"[.,;:!?()\n\"“”]| [-–—] ")


def _before_names(person: Entity, text: str) -> dict[str, list[str]]:
    """Field -> the lexicon's word (or two-word phrase) right before each name of the person, inside its
    clause: what the person is, when the role reader did not take it for a role ("keeper Sam Rowe",
    "the Most Reverend Ann Lee", "scientist Tom Hale"). Not a word further before ("Voters
    cheered Sam Rowe"), nor after the name: that is mostly another person's ("the Rovers singer Tom Hale",
    "Sam Rowe and singer Ann Lee")."""
    lexicon = _field_words()
    votes: dict[str, list[str]] = {}
    for m in person.mentions:
        if not m.rule.startswith("pronoun") and m.text[:1].isupper():
            words = _WORD.findall(_CLAUSE_END.split(text[max(0, m.start - 40) : m.start])[-1].lower())
            phrase = " ".join(words[-2:])
            _votes([phrase] if phrase in lexicon else words[-1:], votes)
    return votes


def field_of(person: Entity, text: str) -> Field | None:
    """The field a document (its ``text``) gives a person, from the strongest evidence that tells one clearly.

    First what the person is (a role, a description: "Wales captain", "chief executive of BT"), then the
    word right before a name of the person ("keeper David James"), then the sentences that mention the
    person ("... scored twice"), then the whole story's words; None when none of them clearly tells one field.
    """
    roles = "; ".join(sorted({v for k, v in person.attributes if k in _ROLE_KEYS}))
    sources = {
        "role": lambda: _field_votes(roles),
        "words before the name": lambda: _before_names(person, text),
        "words about them": lambda: _field_votes(_sentences_of(text, [(m.start, m.end) for m in person.mentions])),
        "the story's words": lambda: _field_votes(text),
    }
    for kind, (least, times) in FIELD_EVIDENCE.items():
        votes = sources[kind]()
        field = _decided(votes, least, times)
        if field is not None:
            return Field(field, kind, roles if kind == "role" else ", ".join(sorted(set(votes[field]))[:5]))
    return None


class NameIndex:
    """Normalized name -> ids of the entities carrying that name or alias.

    Nearly every name belongs to one entity, so it maps to the bare id, and to
    a set only once a second entity shares it: a set for each of a corpus's
    hundred thousand names cost more than the names themselves.
    """

    __slots__ = ("_ids",)

    def __init__(self) -> None:
        self._ids: dict[str, str | set[str]] = {}

    def add(self, key: str, entity_id: str) -> None:
        held = self._ids.get(key)
        if held is None:
            self._ids[key] = entity_id
        elif isinstance(held, str):
            if held != entity_id:
                self._ids[key] = {held, entity_id}
        else:
            held.add(entity_id)

    def get(self, key: str) -> Collection[str]:
        held = self._ids.get(key, ())
        return (held,) if isinstance(held, str) else held

    def items(self) -> Iterator[tuple[str, Collection[str]]]:
        for key in self._ids:
            yield key, self.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)


class Provenance:
    """Entity id -> the documents its mentions come from, each with why it joined the node.

    Most nodes are first seen in one document and never joined from another:
    those keep the bare document id, and only the others a dict.
    """

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held: dict[str, str | dict[str, str]] = {}

    def record(self, entity_id: str, document: str, why: str) -> None:
        held = self._held.get(entity_id)
        if held is None and why == FIRST_SEEN:
            self._held[entity_id] = document
            return
        if held is None:
            held = self._held[entity_id] = {}
        elif isinstance(held, str):
            held = self._held[entity_id] = {held: FIRST_SEEN}
        # Two entities of one document can join one node: keep both reasons.
        earlier = held.get(document)
        held[document] = why if earlier is None or earlier == why else f"{earlier}; {why}"

    def documents(self, entity_id: str) -> Collection[str]:
        held = self._held.get(entity_id, ())
        return (held,) if isinstance(held, str) else held

    def reasons(self, entity_id: str) -> list[tuple[str, str]]:
        held = self._held.get(entity_id)
        if held is None:
            return []
        return [(held, FIRST_SEEN)] if isinstance(held, str) else list(held.items())


class Resolver:
    """The identity of a graph's entities: which node an incoming entity is, and the record of every merge.

    ``entity_of(id)`` is how the resolver reads the graph's nodes: the entity
    with that id, or None.
    """

    __slots__ = ("names", "surnames", "provenance", "fields", "ties", "_reading")

    def __init__(self) -> None:
        # normalized name -> entity ids carrying that name or alias
        self.names = NameIndex()
        # normalized surname -> ids of the people named in full with it ("howard" -> Michael Howard)
        self.surnames = NameIndex()
        # entity id -> documents its mentions come from and why each joined, for merging and
        # explain(); filled by record(), empty for a graph read from a file
        self.provenance = Provenance()
        # person node id -> field -> how many of its documents gave it (``field_of``), and the strongest evidence
        self.fields: dict[str, dict[str, tuple[int, Field]]] = {}
        # person node id -> what its documents tie it to: the people and organisations named with it, its roles
        self.ties: dict[str, set[str]] = {}
        # the document being added, and each of its people's field and ties (``read``)
        self._reading: tuple[str, dict[str, tuple[Field | None, frozenset[str]]]] = ("", {})

    def read(self, extraction: Extraction) -> None:
        """Read what a document says of its people before its entities are matched: each one's field and ties.

        Without it (entities added one by one, not from an extraction) no field keeps namesakes apart.
        """
        named = {e.id: {normalize(e.name)} | {normalize(n) for n in mergeable_names(e)} for e in extraction.entities
                 if e.type == "Organization" and not e.described or e.type == "Person" and mergeable_names(e)}
        everyone = set().union(*named.values())
        people = {}
        for e in extraction.entities:
            if e.type == "Person" and mergeable_names(e):
                roles = {f"role {normalize(v)}" for k, v in e.attributes if k in _ROLE_KEYS}
                people[e.id] = (field_of(e, extraction.document.text), frozenset((everyone - named[e.id]) | roles))
        self._reading = (extraction.document.id, people)

    def _read(self, entity: Entity) -> tuple[Field | None, frozenset[str]]:
        document, people = self._reading
        if entity.id in people and entity.mentions and entity.mentions[0].document == document:
            return people[entity.id]
        return None, frozenset()

    def apart(self, node_id: str, entity: Entity) -> str | None:
        """Why ``entity`` is not the person ``node_id`` of the same name: the fields they have are unlike
        (``_unlike``: a rugby captain and a minister), and nothing ties them (a person or organisation
        named with both, a role of both)."""
        seen = self.fields.get(node_id)
        field, ties = self._read(entity)
        if not seen or field is None:
            return None
        # A career seen says more than money or technology seen: a footballer is no minister who once spoke
        # of business, whatever business words his stories had.
        careers = [f for _, f in seen.values() if f.name in _CAREERS]
        against = careers if careers and field.name in _CAREERS else [f for _, f in seen.values()]
        if not all(_unlike(field, f) for f in against):
            return None
        if ties & self.ties.get(node_id, set()):
            return None
        fields = ", ".join(f"{f} in {n} document{'s' * (n > 1)}" for n, f in sorted(seen.values(), key=lambda v: -v[0]))
        return f"fields differ ({field}; the node's: {fields}) and nothing ties them"

    def match(self, entity: Entity, entity_of: Callable[[str], Entity | None]) -> tuple[str | None, str]:
        """The id of the node ``entity`` is, and why; (None, ``FIRST_SEEN``) when it is a new one."""
        held = entity_of(entity.id)
        if held is not None and held == entity and (held.type != "Person" or self.apart(held.id, entity) is None):
            # The same entity again: merge, unless it is a one-word person from another document (a bare surname).
            if mergeable_names(entity) or not entity.mentions:
                return entity.id, f"same name {entity.name!r}, type {entity.type} and attributes"
            existing = self.provenance.documents(entity.id) or {m.document for m in held.mentions}
            if any(m.document in existing for m in entity.mentions):
                return entity.id, f"same name {entity.name!r}, type {entity.type} and attributes"
        return self._by_name(entity, entity_of)

    def _by_name(self, entity: Entity, entity_of: Callable[[str], Entity | None]) -> tuple[str | None, str]:
        """The id of an existing entity that ``entity`` names too, if exactly one fits, and why."""
        candidates: dict[str, str] = {}
        for name in mergeable_names(entity):
            for c in self.names.get(normalize(name)):
                if normalize(name) in {normalize(n) for n in mergeable_names(entity_of(c))}:
                    candidates.setdefault(c, name)
        refused = {c: why for c in candidates if (why := self.apart(c, entity)) is not None}
        compatible = [c for c in sorted(candidates) if conflict(entity_of(c), entity) is None and c not in refused]
        # Prefer an entity whose canonical name is the same; else the only candidate.
        exact = [c for c in compatible if normalize(entity_of(c).name) == normalize(entity.name)]
        if len(exact) == 1:
            return exact[0], f"same name {entity.name!r} and type {entity.type}"
        if len(exact) > 1:
            # Namesakes, once told apart (by an office, a gender): a mention that tells none of them apart joins
            # the one the most documents name, not a node of its own, or every later article would add one.
            best = min(exact, key=lambda c: (-len(self.provenance.documents(c)), c))
            return best, (f"same name {entity.name!r} and type {entity.type}, the most often named of "
                          f"{len(exact)} nodes of that name")
        if len(compatible) == 1:
            return compatible[0], f"shared name {candidates[compatible[0]]!r} and type {entity.type}"
        if not candidates:
            return self._by_surname(entity, entity_of)
        if refused and not compatible:
            return None, f"{FIRST_SEEN}, apart from " + "; ".join(f"{c}: {why}" for c, why in sorted(refused.items()))
        return None, FIRST_SEEN

    def _by_surname(self, entity: Entity, entity_of: Callable[[str], Entity | None]) -> tuple[str | None, str]:
        """ "Mr Howard" of a document that never names him in full is Michael Howard, when the corpus
        so far names one person Howard in full and nothing tells them apart (gender, office).

        Only a surname honorific ("Mr", "Mrs", "Ms", "Miss", "Dr") counts as evidence: a bare "Howard"
        may be a first name (Howard Flight), "Sir Menzies" is one. Two people named in full with the
        surname, and it stays its own node.
        """
        honorifics = {v.lower().rstrip(".") for k, v in entity.attributes if k == "honorific"}
        if entity.type != "Person" or not honorifics & SURNAME_HONORIFICS or word_count(entity.name) != 1:
            return None, FIRST_SEEN
        held = [c for c in self.surnames.get(normalize(entity.name)) if entity_of(c) is not None]
        if len(held) != 1 or conflict(entity_of(held[0]), entity) is not None:
            return None, FIRST_SEEN
        # A surname alone is weak evidence: a gender the pronouns give counts against it too ("Mrs Simpson" is
        # not the Simpson named in full whom the articles call "he"), though it parts no two full names.
        genders = [{v for k, v in e.attributes if k in ("gender", PRONOUN_GENDER)}
                   for e in (entity_of(held[0]), entity)]
        if all(genders) and not genders[0] & genders[1]:
            return None, FIRST_SEEN
        full = entity_of(held[0]).name
        honorific = next(v for k, v in entity.attributes if k == "honorific")
        return held[0], f"surname {honorific} {entity.name!r} of {full!r}, the only person of that surname named in full"

    def merge(self, old: Entity, new: Entity) -> Entity:
        """``new`` merged into the node ``old``."""
        return merge_entity(old, new, self.provenance.documents(old.id))

    def record(self, node_id: str, entity: Entity, node: Entity, why: str) -> None:
        """Remember that ``entity`` became the node ``node`` (with id ``node_id``) for the reason ``why``."""
        for document in sorted({m.document for m in entity.mentions}):
            self.provenance.record(node_id, document, why)
        field, ties = self._read(entity)
        if field is not None:
            seen = self.fields.setdefault(node_id, {})
            n, strongest = seen.get(field.name, (0, field))
            seen[field.name] = (n + 1, field if _WEIGHT[field.kind] > _WEIGHT[strongest.kind] else strongest)
        if ties:
            self.ties.setdefault(node_id, set()).update(ties)
        self.index(node_id, node)

    def index(self, node_id: str, node: Entity) -> None:
        """Make every name of ``node`` find it, and a person's full name its surname."""
        for name in node.names:
            self.names.add(normalize(name), node_id)
            if node.type == "Person" and _personal_name(name):
                self.surnames.add(normalize(name.split()[-1]), node_id)

    def explain(self, entity: Entity) -> Explanation:
        """Every mention of the node ``entity`` with its rule, and how each document joined it."""
        mentions = tuple(sorted(entity.mentions, key=lambda m: (m.document, m.start, m.end)))
        merges = self.provenance.reasons(entity.id)
        documents = [d for d, _ in merges]
        # A graph read back from a file keeps the mentions but not the record of its merges.
        for document in sorted({m.document for m in mentions} - set(documents)):
            merges.append((document, "read from a file, which keeps mentions but not merge reasons"))
        return Explanation(entity, mentions, tuple(merges))
