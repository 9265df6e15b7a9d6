"""The plain values that travel between the stages: documents in, extractions, facts and explanations out.

Every class here is a frozen dataclass of strings, numbers and tuples, so
results pickle across processes (spaCy multiprocessing, Dask), hash, and
compare equal in tests. No spaCy object ever appears in them: offsets are
character offsets into ``Document.text``. They are slotted: a corpus graph
holds hundreds of thousands of mentions, facts and evidence spans.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = [
    "content_hash", "Document", "Evidence", "Mention", "Entity", "Fact", "Extraction", "Explanation", "ENTITY_TYPES",
    "UNTYPED", "ASSERTIONS", "PARTICIPANT_ROLES", "DESCRIPTION_RULES", "PRONOUN_GENDER",
]

#: The entity types kg assigns; each maps to a schema.org class in RDF. A Claim is what a source said,
#: named by its words ("Parliament may have been misled"): the object of the source's "say" fact.
ENTITY_TYPES = ("Person", "Organization", "Place", "Event", "Date", "Quantity", "Claim", "Thing")

#: The type of an entity known only by its phrase (a concept, or a thing the
#: tagger did not type): it may turn out to be a named organisation once
#: another document names it properly, so it never conflicts with a type.
UNTYPED = "Thing"

#: Whether the text asserts a fact, and if not, why not. "asserted": stated as
#: true; "negated": "did not block"; "hedged": "may block", "is expected to
#: meet", "hopes to strengthen", and the future, "will launch", "is to
#: launch"; "requested": "urged X to apologise", "called on X to block";
#: "refused": "refused to publish", "have yet to express"; "conditional": "if
#: X blocks ..."; "denied": "X denied that Y ..."; "claimed": what a source
#: says, suggests or alleges ("X said that Y ...", a quotation, "is thought to
#: have"), stated as that source's claim (``Fact.attributed_to``, when the
#: text names the source), not as the article's fact.
ASSERTIONS = ("asserted", "negated", "hedged", "requested", "refused", "conditional", "denied", "claimed")

#: The rules of the mentions of an entity read from a description, not a name: a concept's phrase, an event
#: noun, a reported clause (``kg.extract.concepts``), a bare "the government" repeating an earlier phrase's
#: head (``kg.extract.entities.HEAD_MATCH_RULE``).
DESCRIPTION_RULES = frozenset({"phrase", "event noun", "reported clause", "description: head match"})

#: The attribute key of a person's gender when only the pronouns resolved to the person give it ("she"), not
#: a name, honorific or role noun ("gender"): a cue, which one wrongly linked "he" can give.
PRONOUN_GENDER = "gender by pronouns"

#: The roles of an event's participants: "the purchase of US Steel by Nippon
#: Steel" has Nippon Steel as agent and US Steel as target.
PARTICIPANT_ROLES = ("agent", "target")


def content_hash(text: str) -> str:
    """What identifies a document's text, and decides whether it changed: SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One input article. ``id`` is unique within a build; ``text`` is the body.

    A graph keeps a document without its text but with ``content_hash``, the
    SHA-256 of the text (hex): with ``id`` and ``url`` it is the document's
    identity in every export. ``source`` is where it was read from, not what
    it is: it takes no part in equality, and exports write it (a local path)
    only when asked for.
    """

    id: str
    text: str
    source: str | None = field(default=None, compare=False)  # a path, "<stdin>", or a jsonl line
    url: str | None = None
    title: str | None = None  # the headline
    date: str | None = None  # ISO 8601 date when known
    content_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence and its character span in the document."""

    document: str
    sentence: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"evidence offsets {self.start}..{self.end} are not a span")


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where the text refers to an entity, and the rule that linked it."""

    text: str
    document: str
    start: int
    end: int
    rule: str = "ner"


@dataclass(frozen=True, slots=True)
class Entity:
    """A node of the graph: one real-world thing, whatever the text calls it.

    ``attributes`` holds (key, value) pairs such as ("title", "President-elect").
    ``participants`` holds (role, entity id) pairs of an event node (role in
    ``PARTICIPANT_ROLES``): the acquisition's agent and target.
    """

    id: str
    name: str
    type: str = UNTYPED
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False, repr=False)
    attributes: tuple[tuple[str, str], ...] = ()
    participants: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # Aliases, attributes and participants are sets in meaning; a canonical order makes equal entities equal.
        object.__setattr__(self, "aliases", tuple(sorted(set(self.aliases) - {self.name})))
        object.__setattr__(self, "attributes", tuple(sorted(set(self.attributes))))
        object.__setattr__(self, "participants", tuple(sorted(set(self.participants))))
        for role, _ in self.participants:
            if role not in PARTICIPANT_ROLES:
                raise ValueError(f"participant role {role!r} is not one of {', '.join(PARTICIPANT_ROLES)}")

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def described(self) -> bool:
        """Known only by a description of it ("the meeting", "analysts", what a source said) and the pronouns
        that stand for it, never by a name (see ``DESCRIPTION_RULES``)."""
        rules = [m.rule for m in self.mentions]
        return any(r in DESCRIPTION_RULES for r in rules) and all(
            r in DESCRIPTION_RULES or r.startswith("pronoun") for r in rules
        )


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement ``subject predicate object`` between two entity ids.

    ``predicate`` is a normalized lemma phrase ("block", "meet", "be head of"), the
    text's own wording; ``relation`` is what it means in kg's inventory of
    relations for news (``kg.relations``: "buy", "purchase" and "take over" are
    all "acquire"), or the predicate's verb when the inventory has none; ``role``
    is the preposition of the object the relation does not say ("buy from": *acquire*,
    role "from", the seller; "be slam for": *criticise*, role "passive for"). Left empty, the relation is filled in when the fact joins a graph.
    A fact the text does not assert (negated, hedged, requested, refused,
    conditional, denied, or a source's claim) is kept, with ``assertion``
    saying why (one of ``ASSERTIONS``) and ``modality`` the word that says so,
    and never asserted as true. Left at "asserted", ``assertion`` follows
    ``negated`` and ``modality``: a negated fact is "negated", a hedged one "hedged".
    """

    subject: str
    predicate: str
    object: str
    negated: bool = False
    modality: str | None = None  # the cue: "may", "expected", "urge", "if", "yet", "say", ...
    time: str | None = None
    place: str | None = None
    attributed_to: str | None = None  # entity id of the speaker or source
    confidence: float = 1.0
    evidence: tuple[Evidence, ...] = ()
    assertion: str = "asserted"
    relation: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence!r} is outside 0..1")
        if self.assertion not in ASSERTIONS:
            raise ValueError(f"assertion {self.assertion!r} is not one of {', '.join(ASSERTIONS)}")
        if self.assertion == "asserted" and (self.negated or self.modality is not None):
            object.__setattr__(self, "assertion", "negated" if self.negated else "hedged")

    @property
    def asserted(self) -> bool:
        """True when the text states the fact plainly (see ``assertion`` for why not)."""
        return self.assertion == "asserted"

    @property
    def role(self) -> str:
        """The preposition that says what the object is to the relation when the relation does not say it:
        "X buy from Y" is *acquire* with Y in the role "from" (the seller, not what was bought), after
        "passive " when the subject underwent the relation ("X be slam for Y": *criticise*, "passive for");
        "" when the object is the relation's own. Read off the predicate and the relation (``kg.relations.role``)."""
        from .relations import role  # kg.relations reads kg.model's types: imported when first asked

        return role(self.predicate, self.relation)

    @property
    def key(self) -> str:
        """The edge key in the graph: the predicate, marked when not asserted (its cue, or its assertion)."""
        words = [self.modality] if self.modality else []
        if not words and self.assertion not in ("asserted", "negated"):
            words = [self.assertion]
        if self.negated:
            words.append("not")
        return " ".join([*words, self.predicate])

    @property
    def identity(self) -> tuple[str, str, str]:
        """What makes two facts the same fact: (subject, key, object)."""
        return (self.subject, self.key, self.object)


@dataclass(frozen=True)
class Extraction:
    """What the extractor read from one document: its entities and facts.

    Fact subjects and objects refer to ``Entity.id`` values of ``entities``.
    """

    document: Document
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Explanation:
    """Why an entity is one node: its mentions (each with the rule that linked it) and its merges across documents."""

    entity: Entity
    mentions: tuple[Mention, ...]
    merges: tuple[tuple[str, str], ...]  # (document id, why that document's entity joined this node)

    def __str__(self) -> str:
        e = self.entity
        lines = [f"{e.name} ({e.type}, id {e.id})"]
        if e.aliases:
            lines.append(f"  aliases: {', '.join(e.aliases)}")
        for key, value in e.attributes:
            lines.append(f"  {key}: {value}")
        for document, why in self.merges:
            lines.append(f"  document {document}: {why}")
            for m in self.mentions:
                if m.document == document:
                    lines.append(f"    {m.start}-{m.end} {m.text!r}: {m.rule}")
        return "\n".join(lines)
