"""Entities of one document: a parsed spaCy Doc in, resolved entities out.

Named-entity mentions are grouped into one entity per real-world thing by
name variants (surname to full name, country aliases, possessives), and typed
by the vote of all their mentions rather than the first NER tag. Arguments of
propositions are then resolved to these entities: names directly, pronouns by
agreement and salience, descriptions ("the diplomat", "the US Steel company")
through appositions, compounds and roles. Everything else becomes a concept
node named by its phrase.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..model import Entity, Mention
from ..names import normalize, slugify
from .lexicon import CANONICAL_NAMES, ORG_DESCRIPTORS, PERSON_ROLES

__all__ = ["EntityIndex", "NER_TYPES"]

#: spaCy NER labels to kg entity types (None: not a node of its own).
NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "EVENT": "Event",
    "DATE": "Date",
    "TIME": "Date",
    "MONEY": "Quantity",
    "QUANTITY": "Quantity",
    "PERCENT": "Quantity",
    "CARDINAL": "Quantity",
    "ORDINAL": None,
    "NORP": None,
    "LANGUAGE": "Thing",
    "LAW": "Thing",
    "PRODUCT": "Thing",
    "WORK_OF_ART": "Thing",
}
# Entities worth a node even when no fact mentions them.
_NAMED = frozenset({"Person", "Organization", "Place", "Event"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass
class _Cluster:
    key: str
    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)
    attributes: set[tuple[str, str]] = field(default_factory=set)

    @property
    def type(self) -> str:
        # Types come from the vote of every mention: the small model tags
        # "Blinken" GPE once and PERSON twice; Person wins.
        votes = Counter()
        for label, n in self.labels.items():
            kind = NER_TYPES.get(label)
            if kind:
                votes[kind] += n
        if not votes:
            return "Thing"
        order = ("Person", "Organization", "Place", "Event", "Thing", "Date", "Quantity")
        return max(votes, key=lambda k: (votes[k], -order.index(k)))

    @property
    def name(self) -> str:
        canonical = CANONICAL_NAMES.get(self.key)
        if canonical:
            return canonical
        # The longest variant is the fullest name ("Antony Blinken" over "Blinken").
        return max(self.names, key=lambda n: (len(n.split()), self.names[n], len(n)))


def _trim(span: Span) -> Span:
    """Drop leading articles and trailing space or punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


def _split_possessive(span: Span) -> list[Span]:
    """ "Japan's Nippon Steel" is two names: the possessor and the possessed."""
    for tok in span:
        if tok.tag_ == "POS" and tok.i > span.start and tok.i + 1 < span.end:
            return [span.doc[span.start : tok.i], span.doc[tok.i + 1 : span.end]]
    return [span]


def _is_title_fragment(span: Span) -> bool:
    """ "State" in "Secretary of State" is part of a title, not an organisation."""
    head = span.root
    return (
        len(span) == 1
        and head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lower_ in PERSON_ROLES
    )


class EntityIndex:
    """The entities of one document and the resolution of token positions to them."""

    def __init__(self, doc: Doc, document_id: str) -> None:
        self.doc = doc
        self.document_id = document_id
        self._clusters: dict[str, _Cluster] = {}
        self._by_token: dict[int, _Cluster] = {}
        self._concepts: dict[str, Entity] = {}
        self._collect()

    # ---------------------------------------------------------------- mentions
    def _collect(self) -> None:
        spans = []
        for ent in self.doc.ents:
            if NER_TYPES.get(ent.label_) is None:
                continue
            for part in _split_possessive(_trim(ent)):
                if len(part) and not _is_title_fragment(part):
                    spans.append((part, ent.label_))
        # Longer names first, so surnames can join the full name they shorten.
        spans.sort(key=lambda s: -len(s[0]))
        for span, label in spans:
            key = normalize(span.text)
            if not key:
                continue
            key = normalize(CANONICAL_NAMES.get(key, key))
            cluster = self._clusters.get(key) or self._surname_cluster(span, label)
            if cluster is None:
                cluster = self._clusters[key] = _Cluster(key)
            cluster.names[span.text] += 1
            cluster.labels[label] += 1
            rule = "ner" if normalize(span.text) == cluster.key else "name variant"
            cluster.mentions.append(Mention(span.text, self.document_id, span.start_char, span.end_char, rule))
            for tok in span:
                cluster.tokens.add(tok.i)
                self._by_token[tok.i] = cluster
        # Surnames the tagger missed ("Iwaya reiterated ..." at a sentence start).
        for tok in self.doc:
            if tok.i not in self._by_token and tok.pos_ == "PROPN" and tok.dep_ != "compound":
                cluster = self._surname_cluster(tok.doc[tok.i : tok.i + 1], "PERSON")
                if cluster is not None:
                    cluster.names[tok.text] += 1
                    cluster.mentions.append(Mention(tok.text, self.document_id, tok.idx, tok.idx + len(tok), "name variant"))
                    cluster.tokens.add(tok.i)
                    self._by_token[tok.i] = cluster

    def _surname_cluster(self, span: Span, label: str) -> _Cluster | None:
        """A one-word name that ends a longer person's name is that person ("Blinken")."""
        if len(span) != 1 or label not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        word = normalize(span.text)
        found = [c for c in self._clusters.values() if len(c.key.split()) > 1 and c.key.split()[-1] == word and c.labels["PERSON"]]
        return found[0] if len(found) == 1 else None

    # ---------------------------------------------------------------- entities
    def _entity(self, cluster: _Cluster) -> Entity:
        name = cluster.name
        aliases = tuple(sorted({n for n in cluster.names if normalize(n) != normalize(name)} | ({cluster.names.most_common(1)[0][0]} - {name})))
        return Entity(
            id=slugify(name),
            name=name,
            type=cluster.type,
            aliases=aliases,
            mentions=tuple(cluster.mentions),
            attributes=tuple(sorted(cluster.attributes)),
        )

    def entities(self) -> list[Entity]:
        """Named entities (always) and the concepts that facts used."""
        named = [self._entity(c) for c in self._clusters.values()]
        keep = [e for e in named if e.type in _NAMED or e.id in self._used]
        return keep + list(self._concepts.values())

    _used: set[str]

    # ---------------------------------------------------------------- resolution
    def resolve(self, head_i: int, text: str, start: int, end: int) -> Entity | None:
        """The entity an argument (by its head token) refers to, or None when it refers to nothing usable."""
        if not hasattr(self, "_used"):
            self._used = set()
        tok = self.doc[head_i]
        cluster = self._cluster_for(tok)
        if cluster is not None:
            entity = self._entity(cluster)
            self._used.add(entity.id)
            return entity
        if tok.pos_ == "PRON":
            return None
        name = self._concept_name(text)
        if not name:
            return None
        entity = self._concepts.get(name)
        if entity is None:
            entity = Entity(slugify(name), name, "Thing", mentions=(Mention(text, self.document_id, start, end, "phrase"),))
            self._concepts[name] = entity
        return entity

    def _cluster_for(self, tok: Token) -> _Cluster | None:
        if tok.i in self._by_token:
            return self._by_token[tok.i]
        lower = tok.lower_
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
            return self._pronoun(tok)
        # Apposition: "his Japanese counterpart, Takeshi Iwaya" is Iwaya.
        for child in tok.children:
            if child.dep_ == "appos" and child.i in self._by_token:
                return self._link(tok, self._by_token[child.i], "apposition")
        if tok.dep_ == "appos" and tok.head.i in self._by_token:
            return self._link(tok, self._by_token[tok.head.i], "apposition")
        # Descriptor with a name in compound: "the US Steel company" is US Steel.
        if tok.lemma_.lower() in ORG_DESCRIPTORS:
            for child in tok.children:
                if child.dep_ == "compound" and child.i in self._by_token:
                    return self._link(tok, self._by_token[child.i], "descriptor")
        # Definite description by role: "the diplomat", "the Secretary of State".
        if lower in PERSON_ROLES and any(c.lower_ == "the" for c in tok.children):
            found = self._salient(tok, {"Person"})
            if found is not None:
                return self._link(tok, found, "description")
        return None

    def _link(self, tok: Token, cluster: _Cluster, rule: str) -> _Cluster:
        span = self.doc[tok.left_edge.i : tok.i + 1] if rule == "description" else self.doc[tok.i : tok.i + 1]
        mention = Mention(span.text, self.document_id, span.start_char, span.end_char, rule)
        if mention not in cluster.mentions:
            cluster.mentions.append(mention)
        return cluster

    def _pronoun(self, tok: Token) -> _Cluster | None:
        lower = tok.lower_
        if lower in _MALE or lower in _FEMALE:
            wanted = {"Person"}
        elif lower in _NEUTER:
            wanted = {"Organization", "Place", "Thing", "Event"}
        elif lower in _PLURAL:
            wanted = {"Organization", "Place"}
        else:
            return None  # I, we, you: the speaker or the reader, not resolved here
        found = self._salient(tok, wanted)
        return self._link(tok, found, "pronoun") if found is not None else None

    def _salient(self, tok: Token, types: set[str]) -> _Cluster | None:
        """The most salient earlier entity of the wanted types.

        Salience: an earlier subject in the same sentence, then the subject of
        the previous sentences (nearest first), then the nearest mention.
        """
        sent = tok.sent
        earlier = [c for i, c in self._by_token.items() if i < tok.i and c.type in types]
        if not earlier:
            return None
        same = [(i, c) for i, c in self._by_token.items() if sent.start <= i < tok.i and c.type in types]
        if same:
            return max(same, key=lambda p: (self.doc[p[0]].dep_ in ("nsubj", "nsubjpass", "appos"), p[0]))[1]
        for prev in reversed([s for s in self.doc.sents if s.end <= sent.start]):
            subjects = [self._by_token[t.i] for t in prev if t.i in self._by_token and t.dep_ in ("nsubj", "nsubjpass", "appos") and self._by_token[t.i].type in types]
            if subjects:
                return subjects[0]
            roles = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.i not in self._by_token]
            for t in roles:
                resolved = self._cluster_for(t) if t.i != tok.i else None
                if resolved is not None and resolved.type in types:
                    return resolved
            others = [self._by_token[t.i] for t in prev if t.i in self._by_token and self._by_token[t.i].type in types]
            if others:
                return others[-1]
        return None

    def _concept_name(self, text: str) -> str:
        words = text.split()
        while words and words[0].lower() in _DETERMINERS:
            words.pop(0)
        return " ".join(words).strip(" \"'“”‘’,.;:")
