"""Canonical relations: a fact's predicate (and what its object is) in, a relation of kg's news inventory out.

The extractor reads a predicate off the text in the text's own words: "buy",
"purchase", "take over", "snap up". A reader asking who bought whom wants one
relation for all of them: ``acquire``. This module holds kg's inventory of
such relations for news (``kg/relations.txt``: each relation, what it says,
the predicates that mean it) and maps a predicate onto it:

1. a copula or a possessive ("be", "become", "remain", "have") is typed by
   its object (``copula``): a role noun makes ``role``, "part of ..." ``part
   of``, a name ``same as``, any other noun phrase ``instance of``, an asset
   ``own``, a person an organisation has ``has member``;
2. a predicate the inventory lists (a synonym, a phrasal verb, a light-verb
   phrase) is that relation;
3. a role phrase ("be chairman of", "be spokesman for") is typed by its role
   noun: ``lead``, ``represent``, ``found``, ``work for``, ...;
4. a verb of the inventory with one of the prepositions its relation keeps
   ("slam over" -> ``criticise``) is that relation; with any other
   preposition (``ROLES``: an adjunct's, which says when, where, how or why,
   "resign after", or another participant's, "buy from" the seller) it is
   its verb's relation, and the preposition is the object's **role**
   (``role``: the vote is what "resign after" came after, not what was
   resigned from), unless its particle makes another verb (``PHRASAL``:
   "give in") or the verb has too many senses for its relation to be known
   (``POLYSEMOUS``: "take for" is ``take``). A passive without its agent has
   for subject what the active's object is: it keeps a relation the
   inventory has for what befell its subject (``BEFALLING``: "be arrest on"
   is ``arrested``, "be kill in" ``die``), else it is its verb's relation in
   the passive voice, which the role names ("be slam for" is ``criticise``,
   role "passive for": the subject is the one criticised);
5. an unlisted "verb in" or "verb at" a place (a passive's too: "be spot
   in") is ``located in``.

A predicate the inventory does not cover keeps its verb as its relation and
its preposition as the role ("range from": ``range``, "from").
Nothing is downloaded: no lexical resource on PyPI ships its data in its
package (``wn`` and NLTK fetch WordNet at run time), so the inventory is a
curated table, tested relation by relation (tests/test_relations.py).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from .model import UNTYPED

__all__ = ["Relation", "inventory", "relation", "canonical", "reading", "role", "label", "copula", "is_canonical",
           "iri_name", "COPULAS"]

#: Predicates a copula or possessive fact has: what they say depends on their object.
COPULAS = frozenset({"be", "become", "remain", "have"})


@dataclass(frozen=True, slots=True)
class Relation:
    """One relation of the inventory: its name, what "subject name object" says, and its predicates."""

    name: str
    meaning: str
    predicates: tuple[str, ...]
    prepositions: frozenset[str] = frozenset()


def _parse(text: str) -> tuple[Relation, ...]:
    relations = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) not in (3, 4) or not fields[0]:
            raise ValueError(f"relations.txt line {number}: expected 'relation | meaning | predicates [| prepositions]'")
        predicates = tuple(p.strip() for p in fields[2].split(",") if p.strip())
        prepositions = frozenset(p.strip() for p in fields[3].split(",") if p.strip()) if len(fields) == 4 else frozenset()
        relations.append(Relation(fields[0], fields[1], predicates, prepositions))
    return tuple(relations)


@functools.lru_cache(maxsize=1)
def inventory() -> tuple[Relation, ...]:
    """Every relation of kg's inventory, in the order of ``kg/relations.txt``."""
    return _parse((resources.files(__package__) / "relations.txt").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, Relation]]:
    """Predicate -> relation name (each relation's own name included), and name -> relation."""
    by_name = {r.name: r for r in inventory()}
    mapped: dict[str, str] = {}
    for relation in inventory():
        for predicate in (relation.name, *relation.predicates):
            mapped.setdefault(predicate, relation.name)
    # A relation's own name is always itself, whichever line lists it as another's synonym.
    mapped.update({name: name for name in by_name})
    return mapped, by_name


def is_canonical(relation: str) -> bool:
    """True when ``relation`` is a relation of the inventory."""
    return relation in _tables()[1]


def canonical(predicate: str) -> str:
    """The relation a predicate means (rules 2 and 4 of the module docstring), else its verb without its role.

    >>> canonical("purchase"), canonical("take over"), canonical("slam over"), canonical("buy from")
    ('acquire', 'acquire', 'criticise', 'acquire')
    >>> canonical("resign after"), canonical("pick up in"), canonical("give in"), canonical("be criticise after")
    ('resign from', 'win', 'give in', 'criticise')
    >>> canonical("range from"), canonical("warble"), canonical("be dedicate to")
    ('range', 'warble', 'dedicate')
    """
    return reading(predicate)[0]


def role(predicate: str, relation: str) -> str:
    """The preposition that says what a fact's object is to its relation, when the relation does not say it.

    "X buy from Y" is *acquire* with Y in the role "from" (the seller, not what was bought); "X invest in Y"
    is *invest in* and "X slam over Y" *criticise*, whose object is the relation's own: no role.

    >>> role("buy from", "acquire"), role("invest in", "invest in"), role("slam over", "criticise")
    ('from', '', '')
    >>> role("be arrest on", "arrested"), role("picnic in", "located in"), role("range from", "range")
    ('on', '', 'from')
    """
    found, found_role = reading(predicate)
    return found_role if found == relation else ""


def label(relation: str, role: str) -> str:
    """A relation as a reader sees it, with the role its object has when there is one.

    >>> label("acquire", "from"), label("acquire", "")
    ('acquire (from)', 'acquire')
    """
    return f"{relation} ({role})" if role else relation


@functools.lru_cache(maxsize=1 << 14)
def reading(predicate: str) -> tuple[str, str]:
    """(relation, role) of a predicate: what it means in the inventory, and the preposition of its object that
    the relation does not say (``role``); a predicate the inventory does not cover is its verb and its role.

    >>> reading("buy"), reading("buy from"), reading("be sell for"), reading("be arrest on")
    (('acquire', ''), ('acquire', 'from'), ('sell', 'passive for'), ('arrested', 'on'))
    """
    mapped, by_name = _tables()
    found = mapped.get(predicate)
    if found is not None:
        return found, ""
    verb, _, rest = predicate.partition(" ")
    if rest and " " not in rest:
        relation = mapped.get(verb)
        if relation is not None and rest in by_name[relation].prepositions:
            return relation, ""
    head, _, last = predicate.rpartition(" ")
    if not head or last not in ROLES or predicate in PHRASAL:
        return predicate, ""
    if head in POLYSEMOUS:
        # A verb of many senses keeps its own word for a relation ("rule on" a case is not *lead*), unless
        # that word is a relation's name ("get into trouble" is not *get*): then its whole predicate.
        return (predicate, "") if head in by_name else (head, last)
    # The object's preposition says its role ("buy from" the seller, "resign after" the vote): the relation is
    # the rest's, and the role stays visible beside it (``label``).
    if verb == "be" and head != "be":
        # A passive without its agent has for subject what the active's object is: "X was criticised for Y" is
        # no criticism by X. It keeps a relation of what befell its subject (``BEFALLING``: "be arrest on" is
        # arrested, "be give for" get), else its verb's relation in the passive voice (``PASSIVE``: "be slam
        # for" is criticise, role "passive for"), which keeps it out of the active's answers.
        befell = mapped.get(head)
        if befell in BEFALLING:
            return befell, last
        active_verb = head[3:]
        active, active_role = reading(active_verb)
        if active_role or active in STATES or (active_verb in POLYSEMOUS and active_verb in by_name) or (
            active_verb.rpartition(" ")[2] in _LISTED_ROLES
        ):
            # No passive: a relation of what something is, a verb of many senses named like a relation, or a
            # role phrase ("be champion of", "be coach of": ``copula`` reads the role noun).
            return head, last
        return (active_verb if active_verb in POLYSEMOUS else active), f"{PASSIVE} {last}"
    relation, inner = reading(head)
    if inner:
        return predicate, ""
    return relation, last


#: The voice a role names when a fact's subject underwent its relation: "Acme was slammed for the plan" is
#: Acme - criticise - the plan, in the role "passive for" (Acme is the one criticised, the plan what for).
PASSIVE = "passive"
#: Prepositions of adjuncts, which say when, where, how, with what or why something happened, or in what
#: capacity, rather than to whom or what ("rise in", "hope despite", "say at", "sack for").
ADJUNCTS = frozenset(
    {"in", "on", "at", "during", "despite", "after", "before", "since", "until", "till", "following", "throughout",
     "within", "amid", "amidst", "near", "outside", "inside", "via", "without", "under", "by", "for", "because",
     "due", "ahead", "pending", "through", "across", "around", "behind", "beyond", "among", "amongst", "per",
     "with", "as"}
)
#: Prepositions that introduce a fact's object: an adjunct's, or one that names another participant ("buy
#: from" the seller, "sell to" the buyer, "accuse of" the deed). Particles that mostly make another verb
#: ("up", "out", "off", "down", "away", "back") are never split off a predicate.
ROLES = ADJUNCTS | frozenset(
    {"of", "from", "to", "into", "onto", "upon", "about", "against", "over", "towards", "toward", "between",
     "like", "than", "unlike", "beside", "besides", "alongside", "along", "past", "beneath", "below", "above",
     "versus", "regarding", "concerning", "including", "except", "plus"}
)
#: Relations of what befalls the subject of a passive without its agent: "was arrested on Monday", "was
#: killed in a crash", "was jailed for fraud" keep them, whatever the adjunct.
BEFALLING = frozenset({"arrested", "injured", "die", "sentenced to", "charged with", "convicted of", "accused of",
                       "banned from", "nominated for", "get"})
#: Relations of what something is or where it is, which have no passive: "be include for" is no "be has part".
STATES = frozenset(
    {"has part", "has member", "part of", "member of", "role", "instance of", "same as", "also known as",
     "located in", "linked to", "based on", "used for", "described as", "age", "born in", "related to",
     "friend of", "rival of", "come from", "live in", "rise by", "rise to", "fall by", "fall to", "amount to",
     "account for", "resign from", "die", "become", "remain", "appear", "return to", "move to", "value at",
     "cost", "resemble"}
)
#: Verbs of the inventory whose particle looks like a preposition but makes another verb ("give in" yields,
#: "call in" summons, "make up for" compensates), or whose preposition does ("operate on" a patient, "buy
#: into" an idea, "translate into" sales): each keeps its whole predicate.
PHRASAL = frozenset(
    {"advertise for", "allow for", "bring on", "call in", "check in", "close in", "come in as", "come in for",
     "come in with", "cut through", "do with", "fall behind", "fall for", "fall through", "float on", "give in",
     "go down as", "hand in", "hold on", "hold with", "impress on", "involve with", "keep up with", "leave behind",
     "list at", "make up for", "move on", "pick up on", "pick up with", "pitch in", "put across", "put up with",
     "ring in", "see through", "set in", "share in", "slip through", "switch on", "take over on", "turn out at",
     "turn out for", "turn out in", "urge on", "want with", "weigh in", "wind up at", "make up of", "enter into",
     "buy into", "claim for", "go up against", "hear from", "compensate for", "translate into", "translate to",
     "teach at", "teach in", "operate on", "bring in as"}
)
#: Verbs with so many senses that a preposition does not say which one a predicate has: "take for", "rule
#: on", "succeed in" have their verb's own word for a relation ("take", "rule", "succeed"), with the role,
#: and one whose word is a relation's name keeps its whole predicate ("get into", "pass through"); a phrasal
#: verb of theirs has one sense ("turn up for" appears).
POLYSEMOUS = frozenset(
    {"take", "get", "gather", "land", "pull", "carry", "throw", "look", "pose", "mean", "vote", "run", "turn", "tap",
     "kick", "storm", "escape", "succeed", "pass", "fire", "break", "recover", "rule", "try", "serve", "train",
     "save", "head", "draw", "edge", "push", "settle", "hit", "bring", "fall", "do", "hold", "eat", "let",
     "deliver", "set", "put", "go", "come", "stand", "sit", "lie", "lay", "work", "check", "strike", "press",
     "close", "open", "call", "count", "face", "cover", "walk", "step", "back", "feature", "post", "rest",
     "drive", "pick", "place", "drop", "charge", "lift", "note", "name", "stick", "measure", "deal", "field",
     "book", "table", "order", "mark", "top", "line", "spell", "bear", "tip", "cast", "knock", "catch", "fill",
     "fit", "lead", "ride", "wear", "touch", "shoot"}
)


def iri_name(relation: str) -> str:
    """The local name of a relation's IRI in kg's vocabulary: its words in camelCase ("merge with" -> "mergeWith").

    >>> iri_name("acquire"), iri_name("merge with"), iri_name("also known as")
    ('acquire', 'mergeWith', 'alsoKnownAs')
    """
    words = re.split(r"[\s-]+", relation)
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


#: Role nouns of people who lead what the role is of ("chief executive of", "head of", "coach of").
LEADING_ROLES = frozenset(
    {"chief", "head", "leader", "boss", "chairman", "chairwoman", "chair", "chairperson", "president", "ceo",
     "captain", "manager", "coach", "governor", "mayor", "premier", "king", "queen", "commander", "principal",
     "dean", "director", "director-general", "secretary-general", "editor-in-chief", "skipper", "chancellor",
     "emperor", "ruler", "commissioner", "superintendent", "headmaster", "headteacher", "conductor"}
)
#: Role nouns of people who speak or act for someone ("spokesman for", "lawyer of", "MP for").
SPEAKING_ROLES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "lawyer", "solicitor", "barrister", "attorney", "agent",
     "representative", "ambassador", "envoy", "mp", "mep", "senator", "congressman", "congresswoman",
     "councillor", "delegate", "advocate", "negotiator", "emissary"}
)
#: Role nouns of family, marriage, friendship and rivalry, with the relation each makes.
PERSONAL_ROLES = {
    **dict.fromkeys(("son", "daughter", "father", "mother", "brother", "sister", "cousin", "uncle", "aunt",
                     "nephew", "niece", "grandson", "granddaughter", "grandfather", "grandmother", "parent",
                     "child", "sibling", "relative", "twin", "descendant", "heir", "stepfather",
                     "stepmother", "stepson", "stepdaughter"), "related to"),
    **dict.fromkeys(("wife", "husband", "widow", "widower", "girlfriend", "boyfriend", "fiancee", "fiance",
                     "spouse"), "marry"),
    **dict.fromkeys(("friend", "ally", "colleague", "team-mate", "teammate", "companion", "associate",
                     "mentor", "protege", "confidant"), "friend of"),
    **dict.fromkeys(("rival", "opponent", "enemy", "foe", "arch-rival", "nemesis"), "rival of"),
}
#: Role nouns of other jobs and offices: one holds them for, at or in an organisation.
HELD_ROLES = frozenset(
    {"accountant", "activist", "actor", "actress", "adviser", "advisor", "aide", "analyst", "anchor",
     "apprentice", "archbishop", "architect", "artist", "assistant", "athlete", "auditor", "author", "banker",
     "bassist", "batsman", "billionaire", "biologist", "bishop", "bowler", "boxer", "broadcaster", "broker",
     "campaigner", "candidate", "cellist", "centre", "cfo", "champion", "chef", "chemist", "chief-executive",
     "choreographer", "clerk", "co-founder", "colonel", "columnist", "comedian", "commentator", "composer",
     "consultant", "coo", "correspondent", "counterpart", "critic", "cto", "cyclist", "dancer", "dealer",
     "debutant", "defendant", "defender", "dentist", "deputy", "designer", "detective", "developer", "diplomat",
     "dj", "doctor", "driver", "drummer", "economist", "editor", "employee", "engineer", "entrepreneur",
     "executive", "expert", "farmer", "film-maker", "filmmaker", "flanker", "fly-half", "forecaster", "forward",
     "founder", "frontman", "frontwoman", "full-back", "general", "goalkeeper", "golfer", "graduate",
     "guitarist", "heiress", "historian", "holder", "hooker", "host", "hurdler", "imam", "inspector", "intern",
     "international", "investor", "jockey", "journalist", "judge", "juror", "keeper", "keyboardist", "lawmaker",
     "lecturer", "legislator", "lock", "lyricist", "magistrate", "magnate", "member", "midfielder",
     "millionaire", "miner", "minister", "model", "monk", "musician", "newcomer", "nominee", "novelist", "nun",
     "nurse", "officer", "official", "ombudsman", "owner", "partner", "pensioner", "photographer", "physicist",
     "pianist", "pilot", "plaintiff", "player", "playwright", "poet", "politician", "pope", "predecessor",
     "presenter", "priest", "prince", "princess", "producer", "professor", "prop", "prosecutor", "protester",
     "psychiatrist", "psychologist", "pundit", "rabbi", "rapper", "referee", "regulator", "reporter",
     "researcher", "rider", "runner", "scientist", "screenwriter", "scriptwriter", "scrum-half", "secretary",
     "seed", "shareholder", "singer", "soldier", "songwriter", "specialist", "sprinter", "staff", "star",
     "statistician", "strategist", "striker", "student", "successor", "surgeon", "swimmer", "teacher", "trader",
     "trainer", "treasurer", "trustee", "tycoon", "umpire", "undersecretary", "vet", "veteran", "vice-chairman",
     "vice-president", "violinist", "vocalist", "watchdog", "winger", "winner", "witness", "worker", "writer"}
)
#: Role nouns listed above: "be coach of" is a role phrase, not the passive of the verb "coach".
_LISTED_ROLES = HELD_ROLES | LEADING_ROLES | SPEAKING_ROLES | frozenset(PERSONAL_ROLES)
_ROLE_SUFFIXES = ("man", "woman", "person", "ist")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})
#: Nouns of a part of an organisation or a place: "X is the German arm of Y" is part of Y.
_PART_NOUNS = frozenset({"unit", "units", "arm", "arms", "subsidiary", "subsidiaries", "division", "divisions",
                         "branch", "branches", "affiliate", "affiliates", "section", "department", "wing",
                         "offshoot", "part", "parts", "region", "province", "suburb", "district"})
_ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "with", "in", "to"})
#: Nouns of what a company or a person owns: "Markfield has 164 plants" owns them.
ASSETS = frozenset(
    {"stake", "stakes", "shares", "subsidiary", "subsidiaries", "plant", "plants", "factory",
     "factories", "store", "stores", "shop", "shops", "outlet", "outlets", "branch", "branches", "brand",
     "brands", "company", "companies", "business", "businesses", "firm", "firms", "hotel", "hotels",
     "property", "properties", "house", "houses", "home", "homes", "car", "cars", "fleet", "asset", "assets",
     "right", "rights", "patent", "patents", "licence", "licences", "license", "licenses", "station",
     "stations", "channel", "channels", "network", "networks", "site", "sites", "mine", "mines", "field",
     "fields", "office", "offices", "restaurant", "restaurants", "airline", "airlines", "bank", "banks",
     "team", "club", "clubs", "title", "titles", "catalogue", "portfolio", "holding", "holdings", "unit",
     "units", "division", "divisions", "operation", "operations", "interest", "interests", "money", "cash",
     "fund", "funds", "savings", "reserves", "fortune", "land", "estate", "estates", "building", "buildings",
     "collection", "website", "websites", "newspaper", "newspapers", "magazine", "magazines", "label",
     "labels", "studio", "studios", "franchise", "franchises"}
)
_NUMBER = re.compile(r"\d{1,3}")
_NAMED = frozenset({"Person", "Organization", "Place", "Event"})


def _head(name: str) -> str:
    """The noun a phrase is about: its last word before any prepositional phrase, lowercased, without a possessive."""
    words = []
    for word in name.lower().replace("\u2019", "'").split():
        if word in _HEAD_ENDS and words:
            break
        words.append(word)
    return words[-1].removesuffix("'s").strip(".,;:'\"") if words else ""


#: Words after which a noun phrase's head has been read: "effect on my business" is about an effect.
_HEAD_ENDS = frozenset({"of", "on", "in", "with", "for", "at", "from", "to", "by", "about", "over", "under", "that",
                        "who", "which", "-", "and"})


def _role_noun(word: str) -> bool:
    return word in HELD_ROLES or word in LEADING_ROLES or word in SPEAKING_ROLES or word in PERSONAL_ROLES or (
        len(word) > 5 and word.endswith(_ROLE_SUFFIXES) and word not in _NOT_ROLES
    )


#: Words with a role noun's ending that are no role: "a woman", "the human", "the list".
_NOT_ROLES = frozenset({"woman", "human", "german", "roman", "norman", "list", "twist", "mist", "fist", "wrist"})


def role_relation(words: list[str]) -> str:
    """The relation a role phrase's words make ("chief executive" -> lead, "lawyer" -> represent)."""
    noun = words[-1]
    phrase = " ".join(words)
    if noun in PERSONAL_ROLES:
        return PERSONAL_ROLES[noun]
    if noun in ("founder", "co-founder"):
        return "found"
    if noun in ("owner", "co-owner", "shareholder"):
        return "own"
    if noun == "member":
        return "member of"
    if noun in SPEAKING_ROLES:
        return "represent"
    deputy = any(w in ("deputy", "vice", "assistant", "vice-president", "vice-chairman") for w in words)
    if not deputy and (noun in LEADING_ROLES or "chief executive" in phrase or "prime minister" in phrase
                       or "first minister" in phrase or "general secretary" in phrase):
        return "lead"
    return "work for"


def copula(predicate: str, subject_type: str, object_type: str, object_name: str) -> str | None:
    """The relation a copula, a possessive or a role phrase means by its object, or None when it says none.

    ``predicate`` is the fact's predicate: "be", "become", "remain", "have", or a role
    phrase such as "be chief executive of"; the types are kg entity types.

    >>> copula("be", "Person", "Thing", "Secretary of State"), copula("be chief executive of", "Person", "Organization", "Acme")
    ('role', 'lead')
    >>> copula("have", "Organization", "Thing", "164 ready-mixed concrete plants"), copula("be", "Person", "Person", "Joe Biden")
    ('own', 'same as')
    """
    words = predicate.split()
    if len(words) >= 3 and words[0] == "be" and words[-1] in _ROLE_PREPOSITIONS:
        # A title before the name the parse left out is no part of the role: "be chairman Mr of".
        role = [w for w in words[1:-1] if w not in ("former", "new") and w not in _TITLES]
        if role and words[-1] == "of" and role[-1] in _PART_NOUNS:
            return "part of"  # "be German arm of", "be broadcasting subsidiary of"
        if role and role[-1].endswith("s") and _role_noun(role[-1][:-1]):
            role[-1] = role[-1][:-1]  # the role of each of them: "be founder members of"
        return role_relation(role) if role and _role_noun(role[-1]) else None
    name = object_name.lower().strip()
    head = _head(object_name)
    if predicate in ("be", "become", "remain"):
        if object_type == "Quantity" or _NUMBER.fullmatch(name):
            return "age" if subject_type == "Person" and _NUMBER.fullmatch(name) and 0 < int(name) < 120 else None
        for start, relation in (("part of ", "part of"), ("member of ", "member of"), ("members of ", "member of"),
                                ("one of ", "instance of"), ("home of ", "located in"), ("home to ", "has part")):
            if name.startswith(start):
                return relation
        if object_type == UNTYPED and _role_noun(head):
            return "role"
        if predicate == "be" and object_type in _NAMED:
            return "same as"
        if predicate == "be" and object_type == UNTYPED:
            # A predicative noun phrase classes its subject: "Toyota is the world's biggest carmaker".
            return "instance of"
        return None
    if predicate == "have":
        if object_type == "Person" and subject_type in ("Organization", "Place"):
            return "has member"
        if object_type in ("Organization", "Place") and subject_type in ("Organization", "Place"):
            return "has part"
        if object_type in (UNTYPED, "Organization") and head in ASSETS:
            return "own"
    return None


#: Prepositions of place: an unmapped "verb in" or "verb at" whose object is a place says where the subject was.
_PLACE_PREPOSITIONS = frozenset({"in", "at"})


def relation(predicate: str, *, subject_type: str = UNTYPED, object_type: str = UNTYPED, object_name: str = "") -> str:
    """The relation of a fact: its predicate's (``canonical``), else what its object makes of a copula,
    possessive or role (``copula``), else "located in" for an unmapped "verb in/at" a place or a passive's
    ("was spotted in London"), else the predicate's verb without its role (``reading``).

    >>> relation("buy"), relation("be", subject_type="Person", object_name="chief executive")
    ('acquire', 'role')
    >>> relation("picnic in", object_type="Place", object_name="London"), relation("warn of")
    ('located in', 'warn')
    >>> relation("be spot in", object_type="Place", object_name="London"), relation("be spot in")
    ('located in', 'see')
    """
    # A copula's own relation ("become") says less than its object does ("become chief executive": role).
    typed = copula(predicate, subject_type, object_type, object_name) if predicate in COPULAS else None
    if typed is not None:
        return typed
    words = predicate.split()
    in_place = object_type == "Place" and len(words) >= 2 and words[-1] in _PLACE_PREPOSITIONS
    found, found_role = reading(predicate)
    # "X was spotted in London" says where X was: no one is named who saw X there.
    if is_canonical(found) and not (in_place and found_role.startswith(PASSIVE)):
        return found
    typed = copula(predicate, subject_type, object_type, object_name)
    if typed is not None:
        return typed
    return "located in" if in_place else found
