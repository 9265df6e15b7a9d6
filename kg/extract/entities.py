"""Entities of one document: a parsed spaCy Doc in, resolved entities with their mentions out.

Mentions are found in three passes, each link recorded in ``Mention.rule``:

1. Names. NER spans, trimmed of articles, split at possessives ("Japan's
   Nippon Steel"), stripped of honorifics and titles ("President-elect Donald
   Trump" is Donald Trump with the title President-elect; "Japanese Prime
   Minister Shigeru Ishiba" has the role Prime Minister of Japan). Full names
   come first, then one-word names join them: a canonical alias ("US" is the
   United States, rule ``alias``), an acronym given in brackets (``acronym``),
   the surname of a person named in full (``surname``; when two people share
   it, the honorific's gender, else the one named in full in this sentence or
   the one before, ``surname (named just before)``, else the one named first,
   ``surname (named first)``), the same name with a middle name left out
   (``relaxed name``) or in the other order (``name in the other order``), or
   the first name of the only person who has it and no title before it
   (``first name``: "Jim", never "Mr Howard"). A known first name before an
   untagged capitalised word is a person too ("Theresa May"), and so is a name
   with post-nominal letters ("Daniel Webb QC", the title QC). A country
   opening an event's name is a place of its own ("the Iraq war", rule
   ``country in an event's name``). A lone name tagged a person is that
   person again where the tagger reads it otherwise (``name again``), and
   the name after "born" is its subject's birth name (``birth name``).
2. Descriptions tied to a name by the parse: appositions set off by a comma
   ("his Japanese counterpart, Takeshi Iwaya") or close ("the Japanese company
   Nippon Steel"), descriptors with a name in compound ("the US Steel
   company"), a noun named by a participle ("a new party called Nova", rule
   ``naming: called``). The description becomes a ``role`` (people) or ``description``
   (others) attribute; a possessor becomes ``possessor`` ("Japan"). An
   apposition's mention never spans the names of others ("the daughter of
   Ann Lee" is "daughter").
3. Pronouns (``pronoun``) by agreement and salience (he and she ranked, see
   ``coref``), "I" inside a quote by its speaker (``first person``), "I" and
   "my" of an interview's answers and "you" of its questions by the one it
   interviews (``interview``), definite
   descriptions ("the diplomat", "the Secretary of State", "the company",
   "the party", rule ``description``) by the roles, descriptions and names
   the entities already carry, else by salience (a subject description with
   new words, "The former talk show host quit", is the one person the
   sentence before named: ``description: the only person just named``), and counted plural ones
   ("the two groups", rule ``group``) by the organisations just named:
   narration left to right, then quotations, whose speaker is never their
   "he" or "she". A pronoun followed by a name in brackets is that name
   ("him (Mr Galloway)"). A definite numeral ("the four") counts the last
   list of as many names, and a "they" after listed names stands for the
   list: facts about either hold for each name (``members``), with no mention
   of any one of them.
4. Mentions only, after the rest: what a named subject is said to be ("Ann
   Lee is a Welsh painter", ``predicate nominative``), and a place the text
   names on its own inside the names of other things ("Ohio" in "the
   University of Ohio", ``place in a name``); neither changes a node or a fact.

Types come from the vote of all mentions, with titles, honorifics, first
names and appositive nouns voting too, so a "Blinken" tagged GPE stays a
person; a descriptor before a name ("oil firm Yukos") outvotes the tagger.
Arguments of facts that refer to no entity become concept nodes (type
Thing) named by their phrase, a possessive pronoun replaced by its referent
("his influence" is "Joe Biden's influence"); a bare definite repeats the
phrase with its head named before ("the government" after "the South Korean
government", rule ``description: head match``).

"Washington" and other capitals used for their government (metonymy) stay
the city's own Place node; when the capital acts (subject of a verb, or the
one asked to act) the node records ("metonym for", "United States"), so a
reader can follow it, without merging the city into the country.
"""
from __future__ import annotations

import dataclasses
import itertools
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import PRONOUN_GENDER, Entity, Mention
from ..names import HONORIFICS, POST_NOMINALS, SURNAME_HONORIFICS, TITLE_WORDS, normalize, slugify, word_count
from .coref import (
    PERSON_REACH,
    SUBJECT_DEPS,
    Candidate,
    Pronoun,
    Salience,
    agrees,
    candidate_features,
    is_expletive,
    is_subject,
    own_phrase,
    pronoun,
    pronoun_ranker,
)
from .entity_lexicon import (
    COMMON_NAME_COUNT,
    FIRST_NAMES,
    FEMALE_WORDS,
    MALE_WORDS,
    METONYMS,
    NATIONALITIES,
    ORG_ALIASES,
    ORGANIZATION_NOUNS,
    ORGANIZATION_PARTS,
    PERSON_PARTS,
    PLACE_PARTS,
    ROLE_NOUNS,
)
from .lexicon import CANONICAL_NAMES, ORG_DESCRIPTORS, PERSON_ROLES, SPEECH_VERBS
# The rules read the parse through views with spaCy's attribute names (see ``tokens``).
from .tokens import DocView, SpanView as Span, TokenView as Token, headline_end, quoted, view

__all__ = ["EntityIndex", "NER_TYPES", "HEAD_MATCH_RULE", "definite_numeral"]

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
#: The rule of a bare definite concept that names what an earlier phrase with its head named ("the
#: government" after "the South Korean government"): a description, like the phrase it repeats.
HEAD_MATCH_RULE = "description: head match"
# The most votes the tagger's labels give one type (see _Cluster.type).
_NER_VOTES = 3
# Entities worth a node even when no fact mentions them.
_NAMED = frozenset({"Person", "Organization", "Place", "Event"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_DEFINITE = frozenset({"the", "this", "that"})
_NUMERIC = frozenset({"PERCENT", "MONEY", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their", "my", "our", "your"})
_TYPE_ORDER = ("Person", "Organization", "Place", "Event", "Thing", "Date", "Quantity")
# How many sentences back a description may look for its referent.
_DESCRIPTION_REACH = 6
# Words that count the members of a group description: "the two groups", "both companies".
#: The lead a headline's role noun is read against: the first sentences after the headline.
_LEAD_SENTENCES = 2

_GROUP_SIZES = {"two": 2, "three": 3, "four": 4, "both": 2}
# The counts a definite numeral says ("the four", "the 12"), as words.
_COUNTS = {w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                       "eleven", "twelve"), start=2)}
#: How many sentences back a definite numeral looks for the list it counts.
_COUNTED_SENTENCES = 2
# Role nouns of people a definite description may use.
_ROLES = PERSON_ROLES | ROLE_NOUNS
# Closing words of a company's name its initials may leave out ("EADS").
_CORPORATE = frozenset({"company", "group", "corporation", "corp", "inc", "ltd", "plc", "co", "limited"})
# Words that make a name an organisation's or a place's, whatever its first word ("Victoria Station",
# "Butler Inquiry", "Slough Conservative Association"): such a name is never a person's, and votes for its type.
_PLACE_NAME_WORDS = frozenset({
    "street", "road", "avenue", "square", "station", "airport", "bridge", "park", "city", "county", "island",
    "islands", "river", "lake", "bay", "sea", "ocean", "valley", "mountains", "state", "province", "region",
    "district", "kingdom", "republic", "hamlets", "borough", "factory", "camp", "prison", "port"})
_ORGANIZATION_NAME_WORDS = ORG_DESCRIPTORS | _CORPORATE | frozenset({
    "university", "college", "school", "hospital", "institute", "foundation", "trust", "fund", "museum",
    "club", "motors", "airways", "airlines", "records", "press", "times", "news", "inquiry", "association",
    "council", "parliament", "committee", "office", "ministry", "department", "commission", "court", "union",
    "league", "federation", "authority", "board", "assembly", "senate", "congress", "government", "army",
    "navy", "police", "service", "church", "society", "organisation", "organization", "holdings", "partners",
    "capital", "chambers", "commons", "lords", "campaign", "headquarters", "network", "channel", "radio",
    "television", "tv", "revenue", "international", "resources"})
_PLACE_OR_ORGANIZATION_WORDS = _PLACE_NAME_WORDS | _ORGANIZATION_NAME_WORDS
# Generational suffixes after a surname: "Charles Evans Jr".
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Countries by name: never "he" or "she", whatever the tagger says.
_COUNTRIES = frozenset(normalize(c) for c in NATIONALITIES.values())
# Prepositions of place: "in Leicestershire" is a place, whatever the tagger says.
_LOCATIVE = frozenset({"in", "near", "across", "throughout", "outside", "inside", "around", "within"})
# First-person pronouns a quote's speaker is: "I" always, "we" when the speaker is an organisation.
_SINGULAR_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PERSON = _SINGULAR_FIRST_PERSON | {"we", "us", "our", "ours", "ourselves"}
# Verbs that say what their subject is: "Ann Lee is a painter", "became the first woman to ...".
_COPULAS = frozenset({"be", "become", "remain"})
# Names that may hold a place's name: "the University of Ohio", "the Denver Hawks", "the Paris Open".
_NAMES_WITH_PLACES = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
# What follows a noun and is no part of its mention: "of ...", "who ...", ", ...".
_AFTER_THE_NOUN = frozenset({"prep", "relcl", "acl", "appos", "punct", "cc", "conj"})
# "you" in a question of an interview is the one interviewed.
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
#: How many sentences from the start an interview names the one it questions in.
_INTERVIEW_LEAD = 6
# Bearers a gendered first name needs to make a lone untagged word a person ("Isabel"): rarer ones are often words.
_LONE_NAME_COUNT = 1_000
# Bearers a lone name's first-name gender needs to rule out the other gender's pronouns (rarer: a cue only).
_CERTAIN_LONE_NAME_COUNT = 100_000
# Entities a gendered pronoun may refer to: a person, or a name the tagger typed otherwise ("MacKenzie" ORG).
_PERSON_LIKE = frozenset({"Person", "Organization", "Place", "Thing"})


@dataclass
class _Cluster:
    key: str
    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)  # the NER tag of each name mention
    evidence: Counter = field(default_factory=Counter)  # votes of titles, descriptions, pronouns, what it owns
    mentions: list[Mention] = field(default_factory=list)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    genders: Counter = field(default_factory=Counter)  # from names, honorifics, titles and role nouns
    weak_genders: Counter = field(default_factory=Counter)  # from he/she resolved to it, and rarer lone names
    keys: set[str] = field(default_factory=set)
    titled: set[str] = field(default_factory=set)  # the name with its honorific: "Lord Goldsmith"
    positions: list[int] = field(default_factory=list)  # head tokens of the name mentions, in order
    full_positions: list[int] = field(default_factory=list)  # head tokens of the names of two words or more
    # Names joined from another cluster, never the entity's name: short forms ("Man Utd"), birth names.
    joined_names: set[str] = field(default_factory=set)

    @property
    def type(self) -> str:
        # The vote of every mention: the small model tags "Blinken" GPE once
        # and PERSON twice; a title or honorific counts for Person too. The
        # tagger says the same of the same name again and again ("Yukos"
        # PERSON nine times), so its votes for one type count three at most.
        if self.key in ORG_ALIASES:
            return "Organization"  # a known party or broadcaster, whatever the tagger says of "Lib Dem"
        votes: dict[str, int] = {}  # a plain dict: this is asked for often, and a Counter is slow to make
        for counts, cap in ((self.labels, _NER_VOTES), (self.evidence, None)):
            for label, n in counts.items():
                kind = NER_TYPES.get(label)
                if kind:
                    votes[kind] = votes.get(kind, 0) + (min(n, cap) if cap else n)
        if len(votes) < 2:
            return next(iter(votes), "Thing")  # most clusters have one kind of vote: no contest to settle
        return max(votes, key=lambda k: (votes[k], -_TYPE_ORDER.index(k)))

    @property
    def gender(self) -> str | None:
        """The gender its names and titles give, else the one its pronouns give."""
        return _majority(self.genders) or _majority(self.weak_genders)

    @property
    def name_gender(self) -> str | None:
        """The gender its names and titles give: a pronoun can be resolved wrongly, a name not."""
        return _majority(self.genders)

    @property
    def name(self) -> str:
        canonical = CANONICAL_NAMES.get(self.key) or ORG_ALIASES.get(self.key)
        if canonical:
            return canonical
        # The longest variant is the fullest name ("Antony Blinken" over "Blinken"), never a joined one ("Man Utd").
        names = [n for n in self.names if n not in self.joined_names] or list(self.names)
        return max(names, key=lambda n: (len(n.split()), self.names[n], len(n)))

    def describes(self) -> list[str]:
        """Words of the roles and descriptions given to this entity."""
        return [w for k, v in self.attributes if k in ("role", "title", "description") for w in v.lower().split()]


def definite_numeral(tok: Token) -> bool:
    """Definite numeral: "the nine now charged", "the 12 were held" stand for the people or things counted
    before, not for a number; the phrase "the nine" names them."""
    return tok.pos_ == "NUM" and tok.dep_ not in ("nummod", "quantmod", "compound", "appos") and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children
    )


def _starts_with_first_name(span: Span) -> bool:
    """A name that starts with a first name and ends like a surname is a person's ("Takeshi Iwaya" tagged ORG).

    A first name of either gender must be common ("Nicola Sturgeon"); a name
    ending in an organisation's or a place's word is not a person's ("Norton
    Motorcycles", "Victoria Station").
    """
    gender, count = FIRST_NAMES.get(normalize(span[0].text), ("u", 0))
    if count < (COMMON_NAME_COUNT if gender == "u" else _LONE_NAME_COUNT):
        return False
    return len(span) > 1 and _word(span[len(span) - 1]) not in _PLACE_OR_ORGANIZATION_WORDS


def _tagger_label(cluster: _Cluster) -> str:
    """The tagger's label of a cluster's names ("" when untagged or mixed)."""
    labels = {label for label in cluster.labels if label}
    return labels.pop() if len(labels) == 1 else ""


def _short_form(short: str, label: str, full: str, kind: str) -> bool:
    """Whether ``short`` is a short form of the organisation's or place's name ``full`` (see _join_short_forms).

    The tagger's label of the short form, when it gives one other than
    PERSON (often wrong on names it does not know), must agree with the full
    name's type: "Manchester" (GPE) is no short form of Manchester United.
    """
    words, full_words = normalize(short).split(), normalize(full).split()
    if not words or words == full_words:
        return False
    if len(words) == 1 and full_words == [words[0][:-1]] and words[0].endswith("s"):
        return True  # "Cadillacs" (tagged PRODUCT: the cars)
    if label not in ("", "PERSON") and NER_TYPES.get(label) != kind or len(full_words) < 2:
        return False
    if len(words) == 1:
        word = words[0]
        if word in _COUNTRIES or word in CANONICAL_NAMES or word in ORG_ALIASES or word in _CORPORATE:
            return False  # "Korea" in "Korea First Bank" is the country
        if word in FIRST_NAMES and FIRST_NAMES[word][1] >= COMMON_NAME_COUNT:
            return False
        if word in _PLACE_OR_ORGANIZATION_WORDS:
            return False
        # "Bow" in "Bethnal Green and Bow" is a place of its own.
        return word == full_words[0] or word == full_words[-1] and "and" not in full_words
    if len(words) == len(full_words) - 1 and words == full_words[1:]:
        return True  # "the Red Sox" for the Boston Red Sox: the name without the place that opens it
    if len(words) != len(full_words):
        return False
    country = CANONICAL_NAMES.get(words[0])
    if country and words[1:] == full_words[1:] and NATIONALITIES.get(full_words[0]) == country:
        return True  # "EU Commission", "European Commission"
    return all(w[0] == f[0] and _letters_in_order(w, f) for w, f in zip(words, full_words))


def _full_name_keys(words: list[str]) -> list[tuple]:
    """The keys a short form of the name ``words`` is looked up by (see ``_short_form_keys``)."""
    if not words:
        return []
    initials = tuple(w[0] for w in words)
    return [("name", tuple(words)), ("word", words[0]), ("word", words[-1]),
            ("initials", initials), ("rest", len(words), tuple(words[1:])), ("tail", tuple(words[1:]))]


def _short_form_keys(words: list[str]) -> list[tuple]:
    """The keys of the full names ``words`` may be a short form of: a plural, an end word, each word shortened."""
    if not words:
        return []
    if len(words) == 1:
        return [("name", (words[0][:-1],)), ("word", words[0])]
    return [("initials", tuple(w[0] for w in words)), ("rest", len(words), tuple(words[1:])), ("tail", tuple(words))]


def _letters_in_order(short: str, word: str) -> bool:
    """ "utd" in "united": each letter of the short form, in order."""
    rest = iter(word)
    return all(letter in rest for letter in short)


def _unique(clusters: Iterable[_Cluster]) -> list[_Cluster]:
    """Clusters in order, each once (clusters are compared by identity)."""
    return list({id(c): c for c in clusters}.values())


def _majority(votes: Counter) -> str | None:
    if not votes:
        return None
    (top, n), *rest = votes.most_common(2) + [(None, 0)]
    return top if n > rest[0][1] else None


def _trim(span: Span) -> Span:
    """Drop leading articles and trailing space or punctuation from an entity span, and what follows a dash set
    off by spaces ("a party called Nova - Latin for new": the name is Nova)."""
    start, end = span.start, span.end
    doc = span.doc
    for tok in span[1:]:
        if tok.text in ("-", "–", "—") and tok.whitespace_ and doc[tok.i - 1].whitespace_:
            end = tok.i
            break
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return doc[start:end]


def _with_currency(span: Span) -> Span:
    """Currency sign outside the amount: the tagger leaves "£" out of "£150,000"; an amount is named with it."""
    if span.start > 0 and span.doc[span.start - 1].tag_ == "$" and span.doc[span.start - 1].text in "$£€¥":
        return span.doc[span.start - 1 : span.end]
    return span


def _without_role(span: Span) -> Span:
    """ "UKIP MEP", "MEP" tagged ORG: a person's role noun ending an organisation's span is no part of its name,
    nor a place before a party's name.

    Empty when nothing but roles and titles is left ("Prime Minister").
    """
    end = span.end
    while end > span.start and span.doc[end - 1].lower_ in _ROLES and span.doc[end - 1].tag_ in ("NN", "NNP"):
        end -= 1
    if end < span.end and all(_is_title_word(t) for t in span.doc[span.start : end]):
        end = span.start
    # "London UKIP MEP", "New Labour": UKIP's MEP for London, the Labour party; the party is the name
    # (but "Arundel and South Downs Tories" is a local association: one word before the party only).
    start = span.start + 1 if end - span.start > 1 and normalize(span.doc[span.start + 1 : end].text) in ORG_ALIASES else span.start
    return span.doc[start:end]


def _country_opening(span: Span) -> Span | None:
    """ "the Iraq war", "the Falklands conflict": the country an event's name opens with is a place of its own."""
    for width in (3, 2, 1):
        if width < len(span):
            words = span.doc[span.start : span.start + width]
            key = normalize(words.text)
            if key in _COUNTRIES or normalize(CANONICAL_NAMES.get(key, "")) in _COUNTRIES:
                return words
    return None


def _split_possessive(span: Span) -> list[Span]:
    """ "Japan's Nippon Steel" is two names: the possessor and the possessed."""
    for tok in span:
        if tok.tag_ == "POS" and tok.i > span.start and tok.i + 1 < span.end:
            return [span.doc[span.start : tok.i], span.doc[tok.i + 1 : span.end]]
    return [span]


def _is_title_fragment(span: Span) -> bool:
    """ "State" in "Secretary of State" is part of a title, not an organisation."""
    head = span.root
    if len(span) != 1 or head.dep_ != "pobj" or head.head.lower_ != "of" or head.head.i != span.start - 1:
        return False
    # A title is written with capitals and right before "of": "the owner of oil firm Yukos" names Yukos.
    role = head.head.head
    return role.i == span.start - 2 and role.text[:1].isupper() and role.lower_ in PERSON_ROLES | TITLE_WORDS


def _set_off(tok: Token) -> bool:
    """An apposition is set off by punctuation: "Antony Blinken, the head of ..." (not a run-on headline).

    A close apposition ("the Japanese company Nippon Steel") needs none: its
    noun must then be a role or a descriptor (see the caller).
    """
    before = tok.left_edge.i - 1
    return before >= 0 and tok.doc[before].text in (",", "(", "-", "–", "—")


def _one_word(span: Span) -> bool:
    return word_count(span.text) == 1


def _word(tok: Token) -> str:
    return tok.lower_.rstrip(".")


# Roles of a name the tagger took for a common word: "Sarakalo was trained", "met Ellen".
_NAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "poss", "conj", "appos"})


def _mistagged_name(tok: Token) -> bool:
    """A capitalised word the tagger took for a noun or an adjective, in a name's role ("Sarakalo" NN)."""
    return tok.pos_ in ("NOUN", "ADJ") and tok.text.istitle() and tok.dep_ in _NAME_ROLES and len(tok.text) > 2


# Nouns and verbs that name a relative: "the daughter of Hugh Marlow", "married Roy Keller", "born to George Lee".
_KIN_NOUNS = frozenset({"daughter", "son", "child", "sister", "brother", "niece", "nephew", "wife", "husband", "widow",
                        "widower", "mother", "father", "granddaughter", "grandson", "grandchild", "cousin", "aunt",
                        "uncle", "stepdaughter", "stepson", "half-sister", "half-brother", "sister-in-law",
                        "brother-in-law", "daughter-in-law", "son-in-law"})
_KIN_VERBS = frozenset({"marry", "divorce", "wed"})


def _named_as_relative(tok: Token) -> bool:
    """A full name given as a relative of its clause's subject: "Marlow was the daughter of Hugh Marlow", "She
    married Roy Keller", "Dunn was born to George Dunn and his wife Hannah".

    Such a relative shares the subject's surname, and is not who the
    surname alone names afterwards (the subject, often a woman named by the
    surname of her father or husband).
    """
    while tok.dep_ in ("conj", "appos"):
        tok = tok.head  # "the daughter of the painter Colin Vale and Edith Vale"
    head = tok.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in _KIN_VERBS:
        verb = head
    elif tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ == "bear":
        verb = head.head
    elif tok.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "attr" and _word(head.head) in _KIN_NOUNS:
        verb = head.head.head
    else:
        return False
    while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        verb = verb.head  # "She married and divorced Roy Keller"
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _is_title_word(tok: Token) -> bool:
    return _word(tok) in TITLE_WORDS or _word(tok) in HONORIFICS or tok.lemma_.lower() in PERSON_ROLES


def _strip_honorifics(span: Span, label: str) -> tuple[Span, list[Token]]:
    """ "Mr Blair", "President Biden" inside a PERSON span: the name is what follows the title words."""
    if label != "PERSON" and not (len(span) > 1 and _word(span[0]) in HONORIFICS):
        return span, []
    i = span.start
    while i < span.end - 1 and (_is_title_word(span.doc[i]) or span.doc[i].tag_ == "HYPH"):
        i += 1
    return span.doc[i : span.end], list(span.doc[span.start : i])


def _without_post_nominals(span: Span) -> tuple[Span, list[Token]]:
    """ "Philippe Sands QC", "Jane Holt MP": the letters of an office or honour after a name are a title."""
    end = span.end
    while end - span.start > 1 and span.doc[end - 1].text.isupper() and _word(span.doc[end - 1]) in POST_NOMINALS:
        end -= 1
    return span.doc[span.start : end], list(span.doc[end : span.end])


def _title_before(span: Span) -> list[Token]:
    """Title words right before a name and attached to it: "Japanese Prime Minister", "President-elect"."""
    # Asked up to three times per name.
    key = ("title before", span.start, span.end)
    if key not in span.doc.cache:
        span.doc.cache[key] = tuple(_find_title_before(span))
    return list(span.doc.cache[key])


def _find_title_before(span: Span) -> list[Token]:
    doc = span.doc
    inside = set(range(span.start, span.end))
    taken: list[Token] = []
    i = span.start - 1
    while i >= 0 and len(taken) < 6:
        tok = doc[i]
        attached = tok.head.i in inside or any(tok.head.i == t.i for t in taken)
        if not attached or tok.dep_ not in ("compound", "amod", "nmod", "punct", "npadvmod") or tok.is_space:
            break
        if tok.dep_ == "punct" and tok.tag_ != "HYPH":
            break
        taken.insert(0, tok)
        i -= 1
    if not any(_is_title_word(t) or t.lemma_.lower() in ORG_DESCRIPTORS for t in taken):
        return []
    return taken


def _described_as_organization(span: Span) -> bool:
    """The title phrase before a name ends with an organisation's descriptor: "oil firm Yukos", "rights group
    Liberty" (not "rights group chief Ann Lee")."""
    before = _title_before(span)
    return bool(before) and before[-1].lemma_.lower() in ORG_DESCRIPTORS


def _bare_definite(tok: Token) -> bool:
    """ "the government": a noun with "the" and nothing else, which names what an earlier phrase with the
    same head named ("the South Korean government")."""
    children = [c for c in tok.children if not c.is_punct]
    return len(children) == 1 and children[0].dep_ == "det" and children[0].lower_ == "the"


def _gender_of(words: list[str]) -> str | None:
    for w in words:
        if w in MALE_WORDS:
            return "m"
        if w in FEMALE_WORDS:
            return "f"
    return None


def _phrase(tok: Token) -> list[Token]:
    """A noun phrase without its determiner, possessor, clauses, appositions or coordination."""
    from .propositions import _phrase_tokens

    tokens = _phrase_tokens(tok)
    drop = {t.i for t in tokens if t.head.i == tok.i and (t.dep_ == "det" or t.dep_ == "poss" and t.tag_ == "PRP$")}
    return [t for t in tokens if t.i not in drop]


def _referent_phrase(noun: Token) -> list[Token]:
    """The phrase a plural pronoun stands for: a noun phrase, or a coordination ("Japan and the United States")."""
    phrase = _phrase(noun)
    conjuncts = [c for c in noun.conjuncts if c.i > noun.i]
    if conjuncts and phrase:
        last = max(c.right_edge.i for c in conjuncts)
        return list(noun.doc[phrase[0].i : last + 1])
    return phrase


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    # A span's text, not Doc.text: that one rebuilds the whole document's string on every call.
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _stem(word: str) -> str:
    # "diplomat" and "diplomacy", "secretary" and "secretaries": a shared prefix is the same root.
    return word[:6]


class EntityIndex:
    """The entities of one document and the resolution of token positions to them."""

    def __init__(self, doc: Doc | DocView, document_id: str) -> None:
        doc = view(doc)
        self.doc = doc
        self.document_id = document_id
        self._doc_text = doc.text
        self._clusters: dict[str, _Cluster] = {}  # every key (name, alias, acronym) -> cluster
        self._by_token: dict[int, _Cluster] = {}
        self._surnames: dict[str, list[_Cluster]] = {}
        self._first_names: dict[str, list[_Cluster]] = {}
        # Pronouns and descriptions that refer to a thing without a name: the noun that heads it.
        self._noun_referent: dict[int, Token] = {}
        # Plural descriptions of entities just named, and the pronouns for them: "the two groups", "they".
        self._groups: dict[int, tuple[_Cluster, ...]] = {}
        self._concepts: dict[str, Entity] = {}
        self._entities: dict[int, Entity] = {}  # by id() of a cluster, once the index is built
        self._used: set[str] = set()
        self._salience: Salience[_Cluster] = Salience(doc)
        self._organization_texts: set[str] | None = None  # the ORG spans' texts, made when first asked
        self._event_places: set[tuple[int, int]] = set()  # the countries that open an event's name
        # Concepts named by a head noun with its modifiers, by (lemma, tag): (start, name) in the order resolved.
        self._concept_heads: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._collect_names()
        self._collect_descriptions()
        self._vote_types_by_context()
        self._join_short_forms()
        self._join_birth_names()
        # The order in which the document introduces its entities: the first is often what it is about.
        firsts = sorted({id(c): (min(c.positions, default=len(doc)), c) for c in self._clusters.values()}.values(),
                        key=lambda fc: fc[0])
        self._introduced = {id(c): n for n, (_, c) in enumerate(firsts)}
        self._resolve_references()
        self._resolve_headline_roles()
        self._link_predicate_nominatives()
        self._link_places_in_names()

    # ---------------------------------------------------------------- pass 1: names
    def _collect_names(self) -> None:
        spans = []
        possessives: list[tuple[int, int]] = []  # (possessor head, possessed head) inside one NER span
        for ent in self.doc.ents:
            label = ent.label_
            if NER_TYPES.get(label) is None and not (label == "NORP" and normalize(ent.text) in ORG_ALIASES):
                continue
            trimmed = _trim(ent)
            if label in _NUMERIC and len(trimmed) > 1:
                # "in her eightieth year", "his first winter", "on the eve of her 18th birthday" tagged DATE: the
                # pronoun is no part of the date, which is what follows it (nothing, in "the eve of her" tagged so).
                owner = next((t.i for t in trimmed if t.lower_ in _POSSESSIVE_PRONOUNS), None)
                if owner is not None:
                    trimmed = self.doc[owner + 1 : trimmed.end]
                    if not len(trimmed):
                        continue
            post_nominals: list[Token] = []
            if label in ("PERSON", "ORG"):
                named, post_nominals = _without_post_nominals(trimmed)
                # A post-nominal makes a person of a name that starts with a first name, whatever the tag.
                if post_nominals and (label == "PERSON" or _starts_with_first_name(named)):
                    trimmed, label = named, "PERSON"
                else:
                    post_nominals = []
            if label == "PERSON":
                trimmed = self._with_first_names(trimmed)
            elif label == "MONEY":
                trimmed = _with_currency(trimmed)
            elif label == "ORG":
                trimmed = _without_role(trimmed)
                if not len(trimmed):
                    continue
                person = self._person_after_organization(trimmed)
                if person is not None:
                    spans.append((person, "PERSON", []))
                    trimmed = self.doc[trimmed.start : person.start]
            if label == "EVENT":
                place = _country_opening(trimmed)
                if place is not None:
                    spans.append((place, "GPE", []))
                    self._event_places.add((place.start, place.end))
            parts = _split_possessive(trimmed)
            if len(parts) == 2:
                possessives.append((parts[0].root.i, parts[1].root.i))
            for part in parts:
                part, inner_titles = _strip_honorifics(part, label)
                kind = "PERSON" if any(_word(t) in HONORIFICS for t in inner_titles) else label
                if len(part) and not _is_title_fragment(part):
                    spans.append((part, "ORG" if kind == "NORP" else kind, inner_titles + post_nominals))
        spans.extend(self._party_words({t.i for span, _, _ in spans for t in span}))
        tagged = {t.i for e in self.doc.ents for t in e} | {t.i for span, _, _ in spans for t in span}
        spans.extend(self._untagged_names(tagged))
        # Full names first (in text order), so one-word names can join the full name they shorten.
        spans.sort(key=lambda s: (_one_word(s[0]), s[0].start))
        for span, label, inner_titles in spans:
            self._add_name(span, label, inner_titles)
        # "Japan's Nippon Steel": the possessor is kept on the possessed, an attribute.
        for owner, owned in possessives:
            if owner in self._by_token and owned in self._by_token and self._by_token[owned].type != "Person":
                self._by_token[owned].attributes.add(("possessor", self._by_token[owner].name))
        # Surnames the tagger missed ("Iwaya reiterated ..." at a sentence start), and a person's surname
        # or first name it took for a common word ("Ellen" tagged an adjective after "Ellen Ward").
        for tok in self.doc:
            if tok.i in self._by_token or tok.dep_ == "compound":
                continue
            if tok.pos_ == "PROPN":
                cluster, rule = self._surname_cluster(tok)
            elif _mistagged_name(tok):
                cluster, rule = self._surname_cluster(tok)
                if cluster is None:
                    cluster, rule = self._first_name_cluster(tok.text)
            else:
                continue
            if cluster is None:
                cluster, rule = self._lone_name_cluster(tok)
            if cluster is not None:
                self._mention(cluster, tok.doc[tok.i : tok.i + 1], "PERSON", rule)

    def _person_after_organization(self, span: Span) -> Span | None:
        """ "Norland Philippe Moreau": a person's name after an organisation the text names alone, in one tagged span.

        The person's name starts with a common first name and is two or three
        words; the organisation before it is tagged on its own elsewhere.
        """
        for k in range(span.start + 1, span.end - 1):
            first = _word(self.doc[k])
            if first in FIRST_NAMES and FIRST_NAMES[first][1] >= COMMON_NAME_COUNT and span.end - k <= 3:
                person = self.doc[k : span.end]
                if any(_word(t) in _PLACE_OR_ORGANIZATION_WORDS or not t.text[:1].isupper() for t in person):
                    return None
                if self._organization_texts is None:
                    self._organization_texts = {normalize(e.text) for e in self.doc.ents if e.label_ == "ORG"}
                return person if normalize(self.doc[span.start : k].text) in self._organization_texts else None
        return None

    def _join_short_forms(self) -> None:
        """An organisation or place named in full and in a short form is one entity (rule ``short form``).

        "Amnesty" and "Menatep" after "Amnesty International" and "Group
        Menatep" (its first or last word), "Man Utd" for "Manchester United"
        (each word shortened), "Cadillacs" for "Cadillac" (a plural), "the Red
        Sox" for "Boston Red Sox" (without the place that opens it), "EU
        Commission" for "European Commission" (a country's name for its
        adjective): when exactly one full name fits, whatever the order of the
        text (headlines shorten names before the article gives them).
        """
        clusters = list({id(c): c for c in self._clusters.values()}.values())
        # The full names by the keys a short form can match them on: testing every pair is quadratic.
        index: dict[tuple, list[tuple[_Cluster, str, str]]] = {}
        for c in clusters:
            kind = c.type
            if kind in ("Organization", "Place", "Event", "Thing"):
                name = c.name
                for key in _full_name_keys(normalize(name).split()):
                    index.setdefault(key, []).append((c, name, kind))
        for short in clusters:
            if not self._may_be_short_form(short):
                continue
            label = _tagger_label(short)
            candidates: dict[int, tuple[_Cluster, str, str]] = {}
            for key in _short_form_keys(normalize(next(iter(short.names))).split()):
                for entry in index.get(key, ()):
                    if entry[0] is not short:
                        candidates[id(entry[0])] = entry
            fits = [full for full, name, kind in candidates.values()
                    if all(_short_form(n, label, name, kind) for n in short.names)]
            if len(fits) == 1:
                self._absorb(fits[0], short)

    def _may_be_short_form(self, cluster: _Cluster) -> bool:
        """Not a person's name: no gender or title of its own, and no surname or first name of a person here.

        The tagger's PERSON alone does not count ("Telegraph" for the Daily Telegraph).
        """
        if cluster.name_gender is not None or cluster.evidence["PERSON"] or cluster.titled:
            return False
        people = [c for c in self._surnames.get(cluster.key, []) + self._first_names.get(cluster.key, [])
                  if c is not cluster and c.type == "Person"]
        return not people

    def _join_birth_names(self) -> None:
        """ "Vale was born Edith Marsh", "Ruth Vale (born Edith Marsh)": the name after "born" is its subject's birth
        name, one person (rule ``birth name``; a woman's maiden name, most often)."""
        for tok in self.doc:
            if tok.lower_ != "born" or tok.tag_ != "VBN":
                continue
            named = next((c for c in tok.children if c.dep_ in ("oprd", "dobj", "attr") and c.i in self._by_token), None)
            subject = tok.head if tok.dep_ == "acl" else next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if named is None or subject is None or subject.i not in self._by_token:
                continue
            keep, gone = self._by_token[subject.i], self._by_token[named.i]
            if keep is not gone and "Person" in (keep.type, gone.type):
                self._absorb(keep, gone, rule="birth name")

    def _absorb(self, keep: _Cluster, gone: _Cluster, *, rule: str = "short form") -> None:
        """Merge the short form's (or the birth name's) cluster into the full name's: its mentions, votes and keys."""
        short = rule == "short form"
        for key in gone.keys:
            self._clusters[key] = keep
            keep.keys.add(key)
        keep.joined_names.update(n for n in gone.names if n not in keep.names)
        keep.names.update(gone.names)
        # The tagger's PERSON on a short form was wrong: the full name says what it is.
        for label, n in gone.labels.items():
            keep.labels["" if short and label == "PERSON" else label] += n
        keep.evidence.update(gone.evidence)
        keep.genders.update(gone.genders)
        keep.attributes |= gone.attributes
        keep.titled |= gone.titled
        keep.mentions.extend(dataclasses.replace(m, rule=rule) if m.rule == "ner" else m for m in gone.mentions)
        keep.positions = sorted(keep.positions + gone.positions)
        keep.full_positions = sorted(keep.full_positions + gone.full_positions)
        for i, c in list(self._by_token.items()):
            if c is gone:
                self._by_token[i] = keep
        # Every look-up made before the join (descriptions, surnames, groups) now finds the full name.
        self._salience.rebind(gone, keep)
        for index in (self._surnames, self._first_names):
            for key, found in index.items():
                if any(c is gone for c in found):
                    index[key] = _unique(keep if c is gone else c for c in found)
        for i, group in self._groups.items():
            if any(c is gone for c in group):
                self._groups[i] = tuple(_unique(keep if c is gone else c for c in group))

    def _with_first_names(self, span: Span) -> Span:
        """ "Joshua Abraham Norton" when the tagger took only "Abraham Norton": untagged first names before it join."""
        start = span.start
        while start > 0 and self.doc[start - 1].ent_iob_ == "O" and self.doc[start - 1].pos_ == "PROPN":
            tok = self.doc[start - 1]
            if not tok.text[:1].isupper() or normalize(tok.text) not in FIRST_NAMES or _is_title_word(tok):
                break
            start -= 1
        return span if start == span.start else self.doc[start : span.end]

    def _party_words(self, kept: set[int]) -> list[tuple[Span, str, list[Token]]]:
        """ "Conservative peer Lord Heseltine", "Liberal Democrat leader": a party's adjective names the party.

        Only the names of ``ORG_ALIASES`` written with a capital, one or two
        words, outside the names already kept (the tagger calls them NORP or
        nothing).
        """
        out = []
        doc = self.doc
        i = 0
        while i < len(doc):
            if i in kept or not doc[i].text[:1].isupper() or doc[i].pos_ not in ("ADJ", "PROPN", "NOUN"):
                i += 1
                continue
            for width in (2, 1):
                span = doc[i : i + width]
                if len(span) == width and not kept & set(range(i, i + width)) and normalize(span.text) in ORG_ALIASES:
                    out.append((span, "ORG", []))
                    i += width
                    break
            else:
                i += 1
        return out

    def _untagged_names(self, tagged: set[int]) -> list[tuple[Span, str, list[Token]]]:
        """Names the tagger missed: runs of capitalised proper nouns outside every NER span.

        A run that starts with a common first name is a person ("Theresa
        May", "Isabel"); any other is a name of unknown type, which a surname
        rule, a pronoun or a title may still make a person ("Bullard ... his").
        """
        out = []
        doc = self.doc
        n = len(doc)
        i = 0
        # Cheap tests first: this loop sees every token, and each spaCy Token costs an allocation.
        while i < n:
            tok = doc[i]
            if tok.pos_ != "PROPN" or i in tagged or not tok.text[:1].isupper() or _is_title_word(tok):
                i += 1
                continue
            end = i + 1
            while end < n and end not in tagged:
                if doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not _is_title_word(doc[end]):
                    end += 1
                elif doc[end].tag_ == "HYPH" and end + 1 < n and doc[end + 1].pos_ == "PROPN" and end + 1 not in tagged:
                    end += 2  # "Kilroy-Silk"
                else:
                    break
            gender, count = FIRST_NAMES.get(normalize(tok.text), ("u", 0))
            # "Jane Mary Holt DBE RA" untagged: the letters of an honour are a title, and a person's.
            name, post_nominals = _without_post_nominals(doc[i:end])
            alone = _one_word(name)
            person = count >= COMMON_NAME_COUNT if not alone else gender != "u" and count >= _LONE_NAME_COUNT
            out.append((name, "PERSON" if person or post_nominals else "", post_nominals))
            i = end
        return out

    def _key(self, text: str) -> str:
        key = normalize(text)
        return normalize(CANONICAL_NAMES.get(key) or ORG_ALIASES.get(key) or key)

    def _add_name(self, span: Span, label: str, inner_titles: list[Token]) -> None:
        span, acronym = self._extend_to_acronym(span)
        key = self._key(span.text)
        if not key:
            return
        first = normalize(span[0].text)
        gender, count = FIRST_NAMES.get(first, ("u", 0))
        cluster, rule = self._clusters.get(key), "ner"
        if cluster is not None and normalize(span.text) != cluster.key:
            rule = "alias"
        if cluster is None and _one_word(span):
            titles = [_word(t) for t in inner_titles + _title_before(span)]
            cluster, rule = self._surname_cluster(span, _gender_of(titles))
            if cluster is None and set(titles) & SURNAME_HONORIFICS and gender == "u":
                # "Mr Kim" after "Kim Yungmin": a family name written first (never a given name of one
                # gender: "Mr Howard" is not Howard Flight).
                found = [c for c in self._first_names.get(normalize(span.text), []) if c.type == "Person"]
                cluster, rule = (found[0], "surname (family name first)") if len(found) == 1 else (None, "")
        if cluster is None and _one_word(span) and label != "PERSON":
            cluster, rule = self._acronym_cluster(span.text)
        if cluster is None and not _one_word(span) and label == "PERSON":
            cluster, rule = self._relaxed_name_cluster(span.text)
        # "Mr Howard" is a surname, never a first name (next rule).
        lone_first_name = label == "PERSON" or label in ("ORG", "") and gender != "u" and count >= _LONE_NAME_COUNT
        if cluster is None and _one_word(span) and lone_first_name and not inner_titles and not _title_before(span):
            cluster, rule = self._first_name_cluster(first)
        if cluster is None:
            cluster, rule = _Cluster(key), "ner"
            self._register(cluster, key)
        elif label == "" and rule in ("surname", "surname (named just before)", "surname (named first)", "first name"):
            label = "PERSON"  # an untagged "Bullard" after "Robert Bullard"
        if rule in ("ner", "alias") and (span.start, span.end) in self._event_places:
            rule = "country in an event's name"
        self._mention(cluster, span, label, rule)
        for tok in inner_titles:
            if tok.i >= span.end:
                self._by_token[tok.i] = cluster  # "Jane Holt MP said": the phrase's head is the post-nominal
        last = _word(span[len(span) - 1])
        tagged_person = label == "PERSON" and (count >= COMMON_NAME_COUNT or last not in _ORGANIZATION_NAME_WORDS)
        if not _one_word(span) and not tagged_person:
            # "Law Lords", "Prague Airport": the kind of thing is in the name (tagged PERSON too, unless it
            # starts with a first name: "Margaret Court").
            words = {w.lower() for w in span.text.split()[1:]}
            if words & _ORGANIZATION_NAME_WORDS:
                cluster.evidence["ORG"] += 2
            elif words & _PLACE_NAME_WORDS:
                cluster.evidence["GPE"] += 2
        self._titles(cluster, span, inner_titles, label)
        self._acronym(cluster, span, acronym)
        self._metonym(cluster, span)
        if _described_as_organization(span):
            return  # "investment firm Hunter Lowe": no man's first name
        if len(span) == 1 and gender != "u" and (label == "PERSON" or lone_first_name):
            # "Anne" tagged ORG is a woman's name: her gender, and a vote for a person when untagged
            # (a tagged one becomes a person by the pronouns that refer to it: "Liberty" may be a group).
            # A lone name may be a surname ("Williams", "Henning" are men's first names and women's
            # surnames): only a very common first name's gender binds, a rarer one's is a cue.
            (cluster.genders if count >= _CERTAIN_LONE_NAME_COUNT else cluster.weak_genders)[gender] += 1
            if label == "":
                cluster.evidence["PERSON"] += 1
        if len(span) > 1 and first in FIRST_NAMES and label == "PERSON" and gender != "u":
            cluster.genders[gender] += 1
        elif label in ("ORG", "GPE", "") and _starts_with_first_name(span):
            # A common first name is evidence of a person, whatever the tag ("Nicola Sturgeon" tagged ORG).
            if gender != "u":
                cluster.genders[gender] += 1
            cluster.evidence["PERSON"] += 2

    def _register(self, cluster: _Cluster, key: str) -> None:
        self._clusters.setdefault(key, cluster)
        cluster.keys.add(key)

    def _mention(self, cluster: _Cluster, span: Span, label: str, rule: str) -> None:
        # Mention texts are interned: a corpus names the same things again and again
        # ("he", "the company", "Biden"), and a graph keeps every mention.
        cluster.names[span.text] += 1
        cluster.labels[label] += 1
        cluster.mentions.append(Mention(sys.intern(span.text), self.document_id, span.start_char, span.end_char, rule))
        cluster.positions.append(span.root.i)
        if not _one_word(span):
            cluster.full_positions.append(span.root.i)
        for tok in span:
            self._by_token[tok.i] = cluster
        self._salience.add(span.root.i, cluster)
        if not _one_word(span) and (label == "PERSON" or label in ("ORG", "GPE", "") and _starts_with_first_name(span)):
            words = span.text.split()
            if len(words) > 2 and normalize(words[-1]) in _GENERATIONS:
                words = words[:-1]  # "Charles Evans Jr" is Mr Evans
            surname = normalize(words[-1])
            if not any(c is cluster for c in self._surnames.setdefault(surname, [])):
                self._surnames[surname].append(cluster)
            first = normalize(span.text.split()[0])
            if not any(c is cluster for c in self._first_names.setdefault(first, [])):
                self._first_names[first].append(cluster)

    def _lone_name_cluster(self, tok: Token) -> tuple[_Cluster | None, str]:
        """ "Schneider signed ... Schneider faced": a one-word name tagged a person, again where the tagger took it for
        a common noun (at a sentence start) or gave it another label ("Catelyn" NORP), is that person."""
        cluster = self._clusters.get(self._key(tok.text))
        if cluster is None or not cluster.labels["PERSON"] or tok.text not in cluster.names:
            return None, ""
        return cluster, "name again"

    def _first_name_cluster(self, word: str) -> tuple[_Cluster | None, str]:
        """ "Jim" after "Jim Callaghan": a first name joins the only person who has it."""
        found = self._first_names.get(normalize(word), [])
        return (found[0], "first name") if len(found) == 1 else (None, "")

    def _surname_cluster(self, tok: Token | Span, gender: str | None = None) -> tuple[_Cluster | None, str]:
        """A one-word name that ends a person's full name is that person ("Blinken").

        When several people share the surname, an honorific's gender decides
        ("Mrs Clinton"), else the one named last before it. A person named in
        full only as someone's relative is not the one the surname alone names
        (``_named_as_relative``).
        """
        found = self._surnames.get(normalize(tok.text), [])
        if gender is None:
            # "Marlow was the daughter of Hugh Marlow. ... Marlow began singing": the relative is someone else (an
            # honorific still finds him: "She is the wife of Tony Blair. Mr Blair said").
            found = [c for c in found if not all(_named_as_relative(self.doc[j]) for j in c.full_positions)]
        if gender is not None and len(found) > 1:
            found = [c for c in found if c.gender in (None, gender)] or found
        if len(found) == 1:
            return found[0], "surname"
        if not found:
            return None, ""
        at = tok.i if isinstance(tok, Token) else tok.start
        sent_of = self._salience.sent_of
        # Named in full in this sentence or the one before: "his father Ralph Goode ... Goode" is the father.
        recent = [(max(p for p in c.full_positions if p < at), c) for c in found
                  if any(p < at and sent_of[at] - sent_of[p] <= 1 for p in c.full_positions)]
        if recent:
            return max(recent, key=lambda pc: pc[0])[1], "surname (named just before)"
        # Else the one the text named first, its subject: a later "Goode" is Matthew Goode again, not his father
        # (the nearest name would keep every later surname on whoever was named last).
        named = [(min(c.full_positions), c) for c in found if c.full_positions and min(c.full_positions) < at]
        return (min(named, key=lambda pc: pc[0])[1], "surname (named first)") if named else (None, "")

    def _titles(self, cluster: _Cluster, span: Span, inner: list[Token], label: str) -> None:
        """Titles and honorifics before a name become attributes, and evidence of a person; so do the letters
        after it ("QC")."""
        after = [t for t in inner if t.i >= span.end]
        for t in after:
            cluster.attributes.add(("title", t.text))
        if after:
            cluster.evidence["PERSON"] += 2
        # "Mrs Smith" tagged PERSON whole: its honorific is both inside the tagger's span and right before the
        # name, and counts once (counted twice, it was no honorific and her gender was lost).
        before = list({t.i: t for t in _title_before(span) + [t for t in inner if t.i < span.start]}.values())
        before.sort(key=lambda t: t.i)
        if not before:
            return
        words = [_word(t) for t in before]
        if words[-1] in HONORIFICS:
            # "Lord Goldsmith", "Mr Howard": the form the text uses is an alias; the name stays "Goldsmith".
            cluster.titled.add(f"{before[-1].text} {span.text}")
        if any(w in HONORIFICS for w in words) and len(before) == 1:
            cluster.attributes.add(("honorific", before[0].text))
        else:
            hyphenated = any(t.tag_ == "HYPH" for t in before[1:])
            countries = [t for t in before if t.ent_type_ in ("NORP", "GPE") and _word(t) in NATIONALITIES]
            if hyphenated:
                countries = []  # "UK-based bank", "German-US car firm": the country is part of the description
            rest = [t for t in before if t not in countries and _word(t) not in HONORIFICS]
            # Nothing but honorifics and countries ("British Lady Smith"): no title, but the gender counts (below).
            if rest:
                title = _text(rest)[1:] if rest[0].tag_ == "HYPH" else _text(rest)
                described = any(t.lemma_.lower() in ORG_DESCRIPTORS for t in rest)
                if described and (label != "PERSON" or _described_as_organization(span)):
                    cluster.attributes.add(("description", _text(before)))
                elif countries:
                    cluster.attributes.add(("role", f"{title} of {NATIONALITIES[_word(countries[0])]}"))
                elif all(_is_title_word(t) or t.tag_ == "HYPH" for t in rest):
                    cluster.attributes.add(("title", title))
                else:
                    cluster.attributes.add(("role", title))
        gender = _gender_of(words)
        if gender:
            cluster.genders[gender] += 2
        if _described_as_organization(span):
            # "civil rights group Liberty", "oil firm Yukos": the text's own word counts more than the tagger's
            # labels can, whatever they say.
            cluster.evidence["ORG"] += _NER_VOTES + 1
        elif not any(t.lemma_.lower() in ORG_DESCRIPTORS for t in before):
            cluster.evidence["PERSON"] += 2

    def _acronym(self, cluster: _Cluster, span: Span, acronym: Token | None) -> None:
        """ "Organisation for Economic Co-operation and Development (OECD)": the bracketed word is an alias."""
        if acronym is not None and acronym.i not in self._by_token:
            self._register(cluster, normalize(acronym.text))
            self._mention(cluster, self.doc[acronym.i : acronym.i + 1], cluster.labels.most_common(1)[0][0], "acronym")

    def _relaxed_name_cluster(self, name: str) -> tuple[_Cluster | None, str]:
        """ "Joshua Norton" after "Joshua Abraham Norton": the same first name and surname, a middle name left out."""
        words = normalize(name).split()
        found = [
            c
            for c in self._surnames.get(words[-1], [])
            if any(n.split()[0] == words[0] and len(n.split()) != len(words) for n in map(normalize, c.names))
        ]
        if len(found) == 1:
            return found[0], "relaxed name"
        # "Higuchi Ichiyo" after "Ichiyo Higuchi": a family name written first, the same two words.
        if len(words) == 2:
            found = [c for c in self._surnames.get(words[0], []) if words[::-1] in (normalize(n).split() for n in c.names)]
            if len(found) == 1:
                return found[0], "name in the other order"
        return None, ""

    def _acronym_cluster(self, word: str) -> tuple[_Cluster | None, str]:
        """ "GM" after "General Motors", "MIT" after "Massachusetts Institute of Technology": initials of a name.

        The name's capitalised words give the letters ("of", "and" do not); a
        closing "Company", "Group" or "Inc" may be left out ("EADS" for
        "European Aeronautic Defence and Space Company"). Only one name may fit.
        """
        letters = word.replace(".", "").replace("&", "")
        if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
            return None, ""
        found = {}
        for cluster in self._clusters.values():
            if cluster.type == "Person":
                continue
            for name in cluster.names:
                words = [w for part in name.split() for w in part.split("-") if w[:1].isupper()]
                if len(words) < 2:
                    continue
                initials = "".join(w[0] for w in words).upper()
                if initials == letters or words[-1].lower() in _CORPORATE and initials[:-1] == letters:
                    found[id(cluster)] = cluster
        if len(found) == 1:
            return next(iter(found.values())), "acronym"
        return None, ""

    def _extend_to_acronym(self, span: Span) -> tuple[Span, Token | None]:
        """A name followed by its initials in brackets; the tagger may stop short of the last words."""
        doc = span.doc
        if len(span) < 2:
            return span, None
        end = span.end
        while end < min(len(doc), span.end + 3) and doc[end].text != "(":
            if not (doc[end].pos_ in ("PROPN", "ADP", "CCONJ") or doc[end].text[:1].isupper()):
                break
            end += 1
        if not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"):
            return span, None
        word = doc[end + 1]
        initials = "".join(part[0] for t in doc[span.start : end] for part in t.text.split("-") if part[:1].isupper())
        if not (word.text.isupper() and len(word.text) >= 2 and initials.upper() == word.text.upper()):
            return span, None
        return doc[span.start : end], word

    def _metonym(self, cluster: _Cluster, span: Span) -> None:
        """A capital that acts stands for its government: recorded, never merged (see module docstring)."""
        country = METONYMS.get(normalize(span.text))
        root = span.root
        if country is None:
            return
        acts = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "dobj" and any(c.dep_ == "xcomp" for c in root.head.children)
        )
        if acts:
            cluster.attributes.add(("metonym for", country))

    def _vote_types_by_context(self) -> None:
        """Types from what a name owns: "Manchester United's board" is a club's, "Blair's wife" a man's,
        "a Cardiff constituency" a place's.

        Each possessive or compound use of a name with an organisation's part
        ("board", "shares", "chief executive") is two votes for Organization,
        with a person's ("wife", "death") two for Person: more than one tag.
        A person's own role ("Nissan boss Carlos Ghosn") is no such use: the
        name before a role that stands before another name is left alone.
        """
        seen: set[int] = set()
        for i, cluster in list(self._by_token.items()):
            tok = self.doc[i]
            if tok.dep_ not in ("poss", "compound") or tok.head.i in self._by_token or tok.i in seen:
                continue
            if cluster.type == "Person" and cluster.name_gender is not None:
                continue  # a person named with a first name or a title stays one
            seen.add(tok.i)
            part = tok.head.lemma_.lower()
            if part in ORGANIZATION_PARTS and not any(c.dep_ in ("appos", "compound") and c.i in self._by_token
                                                     for c in tok.head.children if c.i != tok.i):
                cluster.evidence["ORG"] += 2
            elif part in PERSON_PARTS and tok.dep_ == "poss":
                cluster.evidence["PERSON"] += 2
            elif part in PLACE_PARTS and tok.dep_ == "compound":
                cluster.evidence["GPE"] += 2

    # ---------------------------------------------------------------- pass 2: appositions and descriptors
    def _collect_descriptions(self) -> None:
        for tok in self.doc:
            if tok.i in self._by_token or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            cluster = None
            # Apposition: "his Japanese counterpart, Takeshi Iwaya" is Iwaya; "Antony Blinken, the head of X" too.
            for child in tok.children:
                close = child.left_edge.i == tok.i + 1 and tok.lemma_.lower() in PERSON_ROLES | ORG_DESCRIPTORS
                if child.dep_ == "appos" and child.i in self._by_token and (_set_off(child) or close):
                    cluster = self._by_token[child.i]
            if cluster is None and tok.dep_ == "appos" and tok.head.i in self._by_token and _set_off(tok):
                cluster = self._by_token[tok.head.i]
            rule = "apposition"
            if cluster is None:
                cluster = self._named_by_participle(tok)
                rule = "naming: called" if cluster is not None else rule
            # Descriptor with a name in compound: "the US Steel company" is US Steel.
            if cluster is None and tok.lemma_.lower() in ORG_DESCRIPTORS:
                for child in tok.children:
                    named = self._by_token.get(child.i) if child.dep_ == "compound" else None
                    if named is not None and named.type == "Organization":
                        cluster, rule = named, "descriptor"
            if cluster is None or cluster.type not in _NAMED or tok.ent_type_ in _NUMERIC:
                continue
            if rule == "apposition" and tok.tag_ in ("NNS", "NNPS"):
                # "three Foreign Office officials, a QC, ...", "Saabs, Opels": a list, not one thing renamed.
                continue
            phrase = [t for t in _phrase(tok) if t.i not in self._by_token or self._by_token[t.i] is not cluster]
            if rule in ("apposition", "naming: called") and tok.pos_ == "NOUN":
                # "Abbey National, the British bank", "a party called Nova": the described noun votes for the type.
                if tok.lemma_.lower() in ORG_DESCRIPTORS | {"bank", "group", "club", "union", "party"}:
                    cluster.evidence["ORG"] += 2
                elif tok.lemma_.lower() in PERSON_ROLES:
                    cluster.evidence["PERSON"] += 2
            if rule == "apposition" and phrase:
                key = "role" if cluster.type == "Person" else "description"
                cluster.attributes.add((key, _text(phrase)))
                gender = _gender_of([_word(t) for t in phrase])
                if gender and cluster.type == "Person":
                    cluster.genders[gender] += 2
            elif rule == "descriptor":
                last_name = max(c.i for c in tok.children if c.dep_ == "compound")
                cluster.attributes.add(("description", _text([t for t in phrase if t.i > last_name] or [tok])))
            elif rule == "naming: called":
                phrase = [t for t in phrase if t.i <= tok.i]
                cluster.attributes.add(("description" if cluster.type != "Person" else "role", _text(phrase)))
            span = self.doc[phrase[0].i : phrase[-1].i + 1] if rule != "descriptor" and phrase else None
            if rule == "apposition" and span is not None:
                span = self._without_other_names(tok, cluster, span)
            self._link(tok, cluster, rule, span)

    def _without_other_names(self, tok: Token, cluster: _Cluster, span: Span) -> Span:
        """An apposition's mention never spans the names of others: "the daughter of Ann Lee and Tom Lee" is
        "daughter", "Ann Lee's sister" is "sister" (the names inside stay their own entities' mentions)."""
        def other_name(t: Token) -> bool:
            return any(self._by_token.get(w.i) not in (None, cluster) for w in t.subtree)

        start, end = span.start, span.end
        for c in tok.rights:
            if c.dep_ in _AFTER_THE_NOUN and other_name(c):
                end = min(end, c.left_edge.i)
        for c in tok.lefts:
            if c.dep_ == "poss" and other_name(c):
                start = max(start, c.right_edge.i + 1)
        while end > tok.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].pos_ in ("ADP", "DET", "CCONJ")):
            end -= 1
        while start < tok.i and self.doc[start].tag_ == "POS":
            start += 1
        return self.doc[start:end]

    def _named_by_participle(self, tok: Token) -> _Cluster | None:
        """ "a new party called Nova", "a firm named Acme Holdings": the noun is the name that follows."""
        for verb in tok.children:
            if verb.dep_ != "acl" or verb.lemma_.lower() not in ("call", "name", "dub"):
                continue
            for complement in verb.children:
                if complement.dep_ in ("oprd", "attr", "dobj"):
                    named = [self._by_token[t.i] for t in complement.subtree if t.i in self._by_token]
                    if named:
                        return named[0]
        return None

    def _link(self, tok: Token, cluster: _Cluster, rule: str, span: Span | None = None) -> None:
        span = span if span is not None else self.doc[tok.i : tok.i + 1]
        mention = Mention(sys.intern(span.text), self.document_id, span.start_char, span.end_char, rule)
        if mention not in cluster.mentions:
            cluster.mentions.append(mention)
        self._by_token[tok.i] = cluster
        self._salience.add(tok.i, cluster)

    # ---------------------------------------------------------------- pass 3: pronouns and descriptions
    def _resolve_references(self) -> None:
        # Narration first, then quotations: a quote's speaker ('..., he said') is
        # known before the pronouns inside the quote are resolved.
        self._quoted = quoted(self.doc)
        for inside in (False, True):
            for tok in self.doc:
                if self._quoted[tok.i] == inside and definite_numeral(tok):
                    self._resolve_counted(tok)  # "the three": a number the tagger may have read as an amount
                    continue
                if self._quoted[tok.i] != inside or tok.i in self._by_token or tok.i in self._noun_referent:
                    continue
                p = pronoun(tok)
                if p is not None:
                    self._resolve_pronoun(tok, p)
                    if tok.i in self._noun_referent and self._noun_referent[tok.i].i in self._groups:
                        group = self._groups[self._noun_referent[tok.i].i]
                        self._link_group(tok, group, "pronoun: the group it stands for")
                    elif tok.i in self._noun_referent and not p.possessive:
                        self._count_listed(tok, self._noun_referent[tok.i])
                elif self._is_group_description(tok):
                    self._resolve_group(tok)
                elif inside and tok.lower_ in _FIRST_PERSON and tok.pos_ == "PRON":
                    self._resolve_first_person(tok)
                elif not inside and tok.lower_ in _FIRST_PERSON | _SECOND_PERSON and tok.pos_ == "PRON":
                    self._resolve_interview_turn(tok)
                elif self._is_definite_description(tok):
                    self._resolve_description(tok)

    def _headline_end(self) -> int | None:
        """The first token after the headline, or None when the text starts without one."""
        end = headline_end(self._doc_text)
        if end is None:
            return None
        return next((t.i for t in self.doc if t.idx >= end and not t.is_space), None)

    def _resolve_headline_roles(self) -> None:
        """A role noun of the headline is the person the lead names (rule ``headline role``).

        "Dutch boss to quit Velt" over "The Dutch co-head of Velt, Anna de
        Wit, is to quit"; "Brown says mayor should resign" over "Gordon Brown
        has urged Leeds mayor Paul Denton": the first person named in the
        lead's first sentences, other than the people the headline names (they
        are the other parties of its clause).
        """
        end = self._headline_end()
        if end is None:
            return
        roles = [t for t in self.doc[:end] if t.pos_ in ("NOUN", "PROPN") and t.i not in self._by_token
                 and t.dep_ != "compound" and t.tag_ not in ("NNS", "NNPS") and t.lemma_.lower() in _ROLES]
        if not roles:
            return
        in_headline = {id(c) for i, c in self._by_token.items() if i < end}
        last = self._salience.sent_of[end] + _LEAD_SENTENCES
        for i in range(end, len(self.doc)):
            if self._salience.sent_of[i] >= last:
                return
            cluster = self._by_token.get(i)
            if cluster is not None and cluster.type == "Person" and id(cluster) not in in_headline and self.doc[i].pos_ == "PROPN":
                break
        else:
            return
        for tok in roles:
            gender = _gender_of([_word(tok)])
            if gender is None or cluster.gender in (None, gender):
                phrase = _phrase(tok)
                self._link(tok, cluster, "headline role", _trim(self.doc[phrase[0].i : phrase[-1].i + 1]))

    def _link_predicate_nominatives(self) -> None:
        """ "Ann Lee is a Welsh painter": what a named subject is said to be is a mention of it
        (rule ``predicate nominative``).

        Only the mention: the phrase keeps resolving to its concept node, so
        the fact "Ann Lee - be - Welsh painter" stays. Not when negated ("is
        not a painter"), nor for a name ("Ann Lee is Mrs Smith" is a link of
        names, left to the name rules).
        """
        for tok in self.doc:
            if tok.dep_ != "attr" or tok.pos_ != "NOUN" or tok.i in self._by_token:
                continue
            verb = tok.head
            if verb.lemma_.lower() not in _COPULAS or any(c.dep_ == "neg" for c in verb.children):
                continue
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i in self._by_token), None)
            if subject is None or self._by_token[subject.i].type not in _NAMED:
                continue
            cluster = self._by_token[subject.i]
            # The noun with its article and modifiers, before what follows it and without the names of other
            # things: "the twin sister of Princess Ann" is "the twin sister", never over Princess Ann's mention.
            end = min((c.left_edge.i for c in tok.rights if c.dep_ in _AFTER_THE_NOUN), default=tok.right_edge.i + 1)
            end = next((j for j in range(tok.i + 1, end) if self._by_token.get(j) not in (None, cluster)), end)
            while end > tok.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space
                                       or self.doc[end - 1].pos_ in ("ADP", "DET", "CCONJ", "PART")):
                end -= 1
            start = max((j + 1 for j in range(tok.left_edge.i, tok.i) if self._by_token.get(j) not in (None, cluster)),
                        default=tok.left_edge.i)  # "Bob's sister" is "sister"
            while start < tok.i and self.doc[start].tag_ == "POS":
                start += 1
            span = self.doc[start:end]
            mention = Mention(sys.intern(span.text), self.document_id, span.start_char, span.end_char,
                              "predicate nominative")
            if len(span) and mention not in cluster.mentions:
                cluster.mentions.append(mention)

    def _link_places_in_names(self) -> None:
        """ "the University of Ohio" after "Ohio": a place the text names on its own is mentioned inside the names
        of other things too (rule ``place in a name``).

        Only the mention, as for predicate nominatives: the name stays one
        node, and no fact or pronoun reads the place inside it.
        """
        for ent in self.doc.ents:
            if len(ent) < 2 or ent.label_ not in _NAMES_WITH_PLACES:
                continue
            owner = self._by_token.get(ent.root.i)
            start = ent.start
            while start < ent.end:
                # Never the whole name: a run from its first word stops before its last.
                place, end = self._place_at(start, min(start + 3, ent.end - (start == ent.start)), owner)
                if place is not None and place is not owner:
                    span = self.doc[start:end]
                    mention = Mention(sys.intern(span.text), self.document_id, span.start_char, span.end_char,
                                      "place in a name")
                    if mention not in place.mentions:
                        place.mentions.append(mention)
                start = end

    def _place_at(self, start: int, last: int, owner: _Cluster | None) -> tuple[_Cluster | None, int]:
        """The place named by the longest run of proper nouns from ``start`` to at most ``last`` inside the name of
        ``owner``, and its end."""
        for end in range(last, start, -1):
            span = self.doc[start:end]
            # Not a name of its own already ("Iraq" split from "the Iraq war").
            if all(t.pos_ == "PROPN" and self._by_token.get(t.i) in (None, owner) for t in span):
                place = self._clusters.get(self._key(span.text))
                if place is not None and place.type == "Place":
                    return place, end
        return None, start + 1

    def _resolve_first_person(self, tok: Token) -> None:
        """ "I" inside a quote is its speaker; "we" too when the speaker is an organisation ("we will appeal")."""
        speaker = self._quote_speaker(tok)
        if speaker is None:
            return
        if tok.lower_ in _SINGULAR_FIRST_PERSON or speaker.type == "Organization":
            self._link(tok, speaker, "first person: the speaker of the quote")

    def _resolve_interview_turn(self, tok: Token) -> None:
        """ "I", "my" outside quotes in an interview are the one interviewed, and so is "you" in its questions.

        An interview is a text with a question to "you" outside quotes; the one
        interviewed is the first person its opening sentences name (the headline
        "Wikinews interviews Ann Lee", "Ann Lee image: ..."), or the first
        organisation when none is, which is then "we" too ("The Daily Bugle: an
        interview", "We start with the headline").
        """
        interviewee = self._interviewee()
        if interviewee is None:
            return
        word = tok.lower_
        if word in _SECOND_PERSON:
            if self._in_question(tok.i):
                self._link(tok, interviewee, "interview: you in a question is the one interviewed")
        elif (word in _SINGULAR_FIRST_PERSON) == (interviewee.type == "Person"):
            self._link(tok, interviewee, "interview: the one interviewed answers")

    def _interviewee(self) -> _Cluster | None:
        key = ("interviewee",)
        if key not in self.doc.cache:
            self.doc.cache[key] = self._find_interviewee()
        return self.doc.cache[key]

    def _find_interviewee(self) -> _Cluster | None:
        if not any(t.lower_ in _SECOND_PERSON and not self._quoted[t.i] and self._in_question(t.i) for t in self.doc):
            return None
        starts = self._salience.sent_starts
        end = starts[_INTERVIEW_LEAD] if len(starts) > _INTERVIEW_LEAD else len(self.doc)
        named = [self._by_token[i] for i in range(end) if i in self._by_token and self.doc[i].pos_ == "PROPN"]
        return next((c for c in named if c.type == "Person"), None) or next(
            (c for c in named if c.type == "Organization"), None)

    def _in_question(self, i: int) -> bool:
        """Whether token ``i`` is in a sentence that ends with a question mark."""
        n = self._salience.sent_of[i] + 1
        end = self._salience.sent_starts[n] if n < len(self._salience.sent_starts) else len(self.doc)
        last = next((self.doc[j] for j in range(end - 1, i - 1, -1) if not self.doc[j].is_space), None)
        return last is not None and last.text == "?"

    def _quote_speaker(self, tok: Token) -> _Cluster | None:
        """Who says the quote that holds ``tok``: the subject of a verb of saying outside the quote,
        in a sentence the quote spans ('"I will stay," he said'), else the one that ends with a colon
        just before it ('Lord Goldsmith said: "I was ..."')."""
        quote = self._quote_of(tok.i)
        key = ("speaker", quote)
        if key in self.doc.cache:
            return self.doc.cache[key]
        start, end = quote
        sent_of, starts = self._salience.sent_of, self._salience.sent_starts
        found = None
        for n in range(sent_of[start], sent_of[end - 1] + 1):
            found = found or self._speaker_in(starts[n], starts[n + 1] if n + 1 < len(starts) else len(self.doc))
        colon = start - 2  # the token before the opening quotation mark
        while colon > 0 and self.doc[colon].is_space:
            colon -= 1
        if found is None and colon >= 0 and self.doc[colon].text == ":":
            n = sent_of[colon]
            found = self._speaker_in(starts[n], starts[n + 1] if n + 1 < len(starts) else len(self.doc))
        self.doc.cache[key] = found
        return found

    def _speaker_in(self, start: int, end: int) -> _Cluster | None:
        for i in range(start, end):
            t = self.doc[i]
            if self._quoted[i] or t.dep_ != "nsubj" or t.head.lemma_.lower() not in SPEECH_VERBS:
                continue
            if self._quoted[t.head.i]:
                continue
            cluster = self._by_token.get(i)
            if cluster is not None and cluster.type in ("Person", "Organization"):
                return cluster
        return None

    def _quote_of(self, i: int) -> tuple[int, int]:
        """The tokens of the quote around quoted token ``i`` (start, end)."""
        start = i
        while start > 0 and self._quoted[start - 1]:
            start -= 1
        end = i
        while end < len(self.doc) and self._quoted[end]:
            end += 1
        return start, end

    def _speakers(self, tok: Token) -> set[int]:
        """Entities speaking near a quoted token: in their own quote they are "I", never "he" or "she"."""
        here = self._salience.sent_of[tok.i]
        starts = self._salience.sent_starts
        first = starts[max(0, here - 1)]
        last = starts[here + 2] if here + 2 < len(starts) else len(self.doc)
        found = set()
        for i in range(first, last):
            t = self.doc[i]
            speaks = t.dep_ == "nsubj" and t.head.lemma_.lower() in SPEECH_VERBS and not self._quoted[i]
            if speaks and t.i in self._by_token:
                found.add(id(self._by_token[t.i]))
        return found

    def _resolve_pronoun(self, tok: Token, p: Pronoun) -> None:
        # The writer resolved it: "to finish him (Mr Galloway) off".
        if tok.i + 2 < len(self.doc) and self.doc[tok.i + 1].text == "(":
            j = tok.i + 2
            while j < len(self.doc) and _word(self.doc[j]) in HONORIFICS | TITLE_WORDS:
                j += 1
            named = self._by_token.get(j)
            if named is not None and agrees(p, named.type, named.gender):
                self._link(tok, named, "pronoun: name in brackets")
                return
        verb = tok.head if tok.dep_ in ("dobj", "dative") else tok.head.head if tok.dep_ == "pobj" else None
        # "Mr Kilroy-Silk and his fellow MEPs", "Mr Glazer and his family": the first conjunct owns it.
        owned = tok.head
        if p.possessive and owned.dep_ == "conj" and owned.head.i in self._by_token:
            named = self._by_token[owned.head.i]
            if agrees(p, named.type, named.gender):
                self._link(tok, named, "pronoun: coordinated possessor")
                return
        if is_expletive(tok):
            return
        small_clause = tok.dep_ == "nsubj" and tok.head.pos_ not in ("VERB", "AUX")
        if p.gender == "n" and (tok.dep_ in ("dobj", "dative", "pobj", "attr") or small_clause):
            # Object "it" names an event or a thing far more often than an entity
            # ("considered it a lifeline", where "it" is the merger).
            return
        if p.plural and tok.dep_ in ("dobj", "dative", "pobj"):
            # Object "them" is people or things far more often than an organisation ("showing them that ...").
            return
        if p.gender != "m" and p.gender != "f":
            # it, its, they: the nearest subject, name or not, is the referent when it agrees in number.
            for subj in self._salience.subjects_before(tok.i, 1):
                if subj.i == tok.i or (verb is not None and subj.head.i == verb.i and not p.reflexive):
                    continue
                if any(c.dep_ == "conj" for c in subj.children):
                    # "Japan and the United States ... their relations": a coordination is no single
                    # entity; "they" names the group, a concept of its own.
                    if p.plural:
                        self._noun_referent[tok.i] = subj
                        return
                    continue
                cluster = self._by_token.get(subj.i)
                if cluster is not None:
                    if agrees(p, cluster.type, cluster.gender):
                        self._link(tok, cluster, "pronoun: nearest subject")
                        return
                    continue
                if subj.pos_ == "NOUN" and subj.i not in self._noun_referent:
                    if (subj.tag_ == "NNS") == p.plural:
                        # "the two groups indicated that they filed": a group without a name.
                        self._noun_referent[tok.i] = subj
                        return
                elif subj.i in self._noun_referent:
                    continue
            return
        self._resolve_person_pronoun(tok, p, verb)

    def _resolve_person_pronoun(self, tok: Token, p: Pronoun, verb: Token | None) -> None:
        """He, she, him, his, her: the best of the entities in reach, by the ranker (see ``coref``)."""
        # Binding: "He praised him" - him is not the subject of its own verb.
        bound = set()
        if verb is not None and not p.reflexive:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in self._by_token]
            bound = {id(self._by_token[c.i]) for c in subjects}
            # Binding through a relative pronoun: in "Lindqvist, who signed him", who is Lindqvist.
            relative = verb.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT")
                                                    for c in verb.children)
            if relative and verb.head.i in self._by_token:
                bound.add(id(self._by_token[verb.head.i]))
        if self._quoted[tok.i]:
            bound |= self._speakers(tok)
        # Its own phrase: in "She and Mimi", "her sister Maria" the names are someone else.
        bound.update(id(self._by_token[i]) for i in own_phrase(tok, p) if i in self._by_token)
        # Binding principle C: "he refused to support Harold Wilson" - a name inside the clause of
        # which the pronoun is the subject is someone else.
        commanded = set()
        if tok.dep_ in ("nsubj", "nsubjpass"):
            commanded = {t.i for t in tok.head.subtree if t.i > tok.i}
        if p.reflexive:
            # "Tony Blair defended himself": the subject of its own clause.
            for tier, _, cluster in self._salience.ranked(tok.i, 0):
                if tier == 0 and agrees(p, cluster.type, cluster.gender):
                    self._link(tok, cluster, "pronoun: subject of this sentence")
                    cluster.weak_genders[p.gender] += 1
                    return
            return
        candidates = self._person_candidates(tok, p, bound, commanded)
        ranker = pronoun_ranker()
        chosen = ranker.choose(tok, candidates)
        if chosen is None:
            return
        candidate, features = candidates[chosen]
        cluster = candidate.referent
        self._link(tok, cluster, f"pronoun: ranked first ({ranker.explain(features)})")
        cluster.weak_genders[p.gender] += 1
        if cluster.type != "Person":
            cluster.evidence["PERSON"] += 1  # "MacKenzie" tagged ORG, then "his": a person after all

    def _person_candidates(
        self, tok: Token, p: Pronoun, bound: set[int], commanded: set[int]
    ) -> list[tuple[Candidate[_Cluster], dict[str, float]]]:
        positions: dict[int, list[int]] = {}
        clusters: dict[int, _Cluster] = {}
        for j, cluster in itertools.chain(self._salience.before(tok.i, PERSON_REACH), self._salience.after(tok.i)):
            if id(cluster) in bound or cluster.type not in _PERSON_LIKE or not self._could_be_person(cluster):
                continue
            if j in commanded:
                continue
            named = self.doc[j]
            if named.dep_ in ("compound", "amod", "nmod") and self._by_token.get(named.head.i) is not cluster:
                continue  # "an Evening Standard journalist" is the journalist, "the Attlee government" the government
            if cluster.name_gender not in (None, p.gender):
                continue
            positions.setdefault(id(cluster), []).append(j)
            clusters[id(cluster)] = cluster
        # Recency rank: the entity whose nearest mention before the pronoun is nearest comes first.
        def nearest(key: int) -> int:
            before = [j for j in positions[key] if j < tok.i]
            return tok.i - max(before) if before else len(self.doc) + min(positions[key])

        out = []
        for order, key in enumerate(sorted(positions, key=nearest)):
            cluster = clusters[key]
            candidate = Candidate(
                referent=cluster,
                positions=tuple(sorted(positions[key])),
                kind=cluster.type,
                gender=cluster.gender,
                labels=tuple(cluster.labels.items()),
                mentions_before=sum(1 for m in cluster.mentions if m.start < tok.idx),
                first_seen=self._introduced.get(key, len(self._introduced)),
                person_evidence=self._person_evidence(cluster),
            )
            out.append((candidate, candidate_features(self._salience, tok, p, candidate, order, self._quoted)))
        return out

    def _could_be_person(self, cluster: _Cluster) -> bool:
        """Whether "he" or "she" may refer to an entity, typed a person or not ("MacKenzie" tagged ORG may).

        Not when its names say organisation or place: initials ("UKIP"), a
        word such as "Inquiry" or "Association", a known body or country, "the"
        before it, or a preposition of place ("in Leicestershire").
        """
        if cluster.type == "Person" or cluster.name_gender is not None:
            return True
        key = ("could be person", id(cluster), len(cluster.mentions))
        if key not in self.doc.cache:
            self.doc.cache[key] = self._no_sign_of_organization_or_place(cluster)
        return self.doc.cache[key]

    def _no_sign_of_organization_or_place(self, cluster: _Cluster) -> bool:
        if cluster.evidence["ORG"] > cluster.evidence["PERSON"]:
            return False  # the text's own words say organisation: "a party called Nova", "oil firm Yukos"
        if cluster.key in ORG_ALIASES or cluster.key in CANONICAL_NAMES or cluster.key in METONYMS:
            return False
        if cluster.key in _COUNTRIES:
            return False
        for name in cluster.names:
            letters = name.replace(".", "")
            if len(letters) >= 2 and letters.isalpha() and letters.isupper():
                return False
            if any(w.lower() in _PLACE_OR_ORGANIZATION_WORDS for w in name.split()):
                return False
        for j in cluster.positions:
            tok = self.doc[j]
            if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                return False
            if tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE:
                return False  # "in Leicestershire"
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.i in self._by_token), None)
            if owner is not None and self._by_token[owner.i].type != "Person":
                return False  # "BBC One's Breakfast with Frost": a programme, not a man
            if tok.dep_ == "appos" and self._by_token.get(tok.head.i) not in (None, cluster):
                if self._by_token[tok.head.i].type == "Place":
                    return False  # "Hinckley, Leicestershire"
        return True

    @staticmethod
    def _person_evidence(cluster: _Cluster) -> bool:
        """A title, honorific or role, or a name that starts with a known first name."""
        if any(k in ("role", "title", "honorific") for k, _ in cluster.attributes):
            return True
        return any(normalize(n.split()[0]) in FIRST_NAMES for n in cluster.names if len(n.split()) > 1)

    def _is_group_description(self, tok: Token) -> bool:
        """ "the two groups", "both companies": a plural organisation noun with a number or "both"."""
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in ORGANIZATION_NOUNS:
            return False
        return any(c.lower_ in _GROUP_SIZES and c.dep_ in ("nummod", "det", "predet") for c in tok.children)

    def _resolve_group(self, tok: Token) -> None:
        """The organisations a group description counts: the last ones named before it, as many as it says."""
        size = next(_GROUP_SIZES[c.lower_] for c in tok.children if c.lower_ in _GROUP_SIZES)
        members: list[_Cluster] = []
        for _, cluster in self._salience.before(tok.i, 2):
            if cluster.type == "Organization" and all(cluster is not m for m in members):
                members.append(cluster)
            if len(members) == size:
                self._link_group(tok, tuple(reversed(members)), f"group: the last {size} organisations named")
                return

    def _resolve_counted(self, tok: Token) -> None:
        """A definite numeral counts the names of the last list that has as many ("Ann Lee, Bo Chan and Cy Park
        were freed. The three ..."), in its sentence or the two before; else it stands for no one named."""
        size = _COUNTS.get(tok.lower_) or (int(tok.text) if tok.text.isdigit() else 0)
        sent_of = self._salience.sent_of
        for j in range(tok.i - 1, -1, -1):
            if sent_of[j] < sent_of[tok.i] - _COUNTED_SENTENCES:
                return
            head = self.doc[j]
            if head.dep_ == "conj" or not head.conjuncts or j not in self._by_token:
                continue
            listed = _unique(self._by_token[c.i] for c in (head, *head.conjuncts) if c.i in self._by_token)
            if len(listed) == size:
                self._groups[tok.i] = tuple(listed)  # a fact's argument, no mention of each member (see ``members``)
                return
            break  # the nearest list counts, or none does

    def _count_listed(self, tok: Token, noun: Token) -> None:
        """Coordinated names: "Ann Lee and Bo Chan were held. They were freed": "they" is each of them (a
        possessive, "their relations", keeps the coordination's phrase instead)."""
        listed = [c for c in (noun, *noun.conjuncts) if c.i in self._by_token]
        if len(listed) == len(noun.conjuncts) + 1:
            # Facts about "they" hold for each; the pronoun is a mention of the group, of none of them alone.
            self._groups[tok.i] = tuple(_unique(self._by_token[c.i] for c in listed))

    def _link_group(self, tok: Token, members: tuple[_Cluster, ...], rule: str) -> None:
        """Each member gets the mention, and facts about the group hold for each (see ``members``)."""
        self._groups[tok.i] = members
        phrase = _phrase(tok) if tok.pos_ == "NOUN" else [tok]
        span = self.doc[phrase[0].i : phrase[-1].i + 1]
        names = " and ".join(m.name for m in members)
        for cluster in members:
            text = sys.intern(span.text)
            cluster.mentions.append(Mention(text, self.document_id, span.start_char, span.end_char, f"{rule} ({names})"))

    def members(self, head_i: int, resolved: Entity) -> tuple[Entity, ...]:
        """The entities an argument stands for: each member of a group ("the two groups", "they", "the four"), else
        itself."""
        group = self._groups.get(head_i)
        if group is None:
            return (resolved,)
        entities = tuple(self._entity(c) for c in group)
        self._used.update(e.id for e in entities)
        return entities

    def _is_definite_description(self, tok: Token) -> bool:
        """A singular role or descriptor noun with a definite article: "the diplomat", "the Japanese company"."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") or tok.dep_ == "compound":
            return False
        lemma = tok.lemma_.lower()
        if lemma not in _ROLES and lemma not in ORGANIZATION_NOUNS:
            return False
        if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
            return False
        # "the head of Nippon Steel" describes someone else than Nippon Steel; leave it to salience.
        return True

    def _resolve_description(self, tok: Token) -> None:
        """A definite description joins the entity whose roles and descriptions it repeats, else the salient subject.

        People: every word of the description must be among the entity's
        role words ("the Secretary of State", "the diplomat" for "head of
        diplomacy"). Organisations: the head noun is generic ("company"), so a
        modifier must match ("the Japanese group" for "Japanese company").
        Salience alone links only a bare description ("the company", "the
        diplomat"): a modifier the entity does not carry ("the Italian car
        maker") may describe another one. A bare organisation noun also joins
        the only organisation in reach ("the club" for Manchester United).
        """
        lemma = tok.lemma_.lower()
        person = lemma in _ROLES
        wanted = "Person" if person else "Organization"
        phrase = _phrase(tok)
        words = {_stem(_word(t)) for t in phrase if not t.is_punct and _word(t) not in ("of", "the", "a", "an")}
        if not person:
            words -= {_stem(lemma), _stem(_word(tok))}
        # "the South Korean bank" for Korea First Bank: a demonym matches its country, whole, in a name.
        countries = {f" {normalize(NATIONALITIES[_word(t)])} " for t in phrase if _word(t) in NATIONALITIES}
        unchecked = [
            t
            for t in tok.lefts
            if t.dep_ in ("amod", "compound", "nummod", "npadvmod", "poss")
            and not (person and t.ent_type_ in ("GPE", "NORP"))  # "the US Secretary of State"
            and not (person and _is_title_word(t))  # "the attorney general", "the prime minister"
        ]
        # Names inside the description ("the head of Nippon Steel") are not what it refers to.
        inside = {id(self._by_token[t.i]) for t in tok.subtree if t.i in self._by_token}
        # Binding principle C: in "Mr Mates said the prime minister erred" the prime minister is not Mates.
        governing = {a.i for a in tok.ancestors}
        here = self._salience.sent_of[tok.i]
        best = None
        seen: dict[int, _Cluster] = {}
        for tier, j, cluster in self._salience.ranked(tok.i, _DESCRIPTION_REACH):
            if id(cluster) in seen or cluster.type != wanted or id(cluster) in inside:
                continue
            candidate = self.doc[j]
            head = candidate.head.head if candidate.dep_ == "appos" else candidate.head
            if self._salience.sent_of[j] == here and is_subject(candidate) and head.i in governing:
                continue
            seen[id(cluster)] = cluster
            described = {_stem(w) for w in cluster.describes()}
            if not person:
                # "the party" for the UK Independence Party: the kind is in the name (its canonical one too: UKIP).
                described |= {_stem(w.lower()) for n in [*cluster.names, cluster.name] for w in n.split()}
                words = words or {_stem(lemma)}
            match = bool(words) and (words <= described if person else bool(words & described))
            if not person and not match and countries:
                match = any(c in f" {normalize(n)} " for c in countries for n in cluster.names)
            if match:
                score = (len(words & described), -tier)
                if best is None or score > best[0]:
                    best = (score, cluster, "description: matches a role or description")
            elif best is None and not unchecked and tier < 2 and self._salience.sent_of[j] >= here - 1:
                best = ((0, -tier), cluster, "description: salient subject")
        if best is None and not person and not unchecked and len(seen) == 1:
            # "the club" after "Manchester United's board ...": the one organisation in reach, whatever its kind.
            best = ((0, 0), next(iter(seen.values())), "description: the only organisation in reach")
        if best is None and person and unchecked and is_subject(tok):
            just_named = self._only_person_just_named(tok, phrase, inside, governing)
            if just_named is not None:
                best = ((0, 0), just_named, "description: the only person just named")
        if best is None:
            return
        _, cluster, rule = best
        span = self.doc[phrase[0].i : phrase[-1].i + 1] if phrase else self.doc[tok.i : tok.i + 1]
        self._link(tok, cluster, rule, span)
        if len(phrase) > 1 and rule.endswith("salient subject"):
            cluster.attributes.add(("description", span.text))

    def _only_person_just_named(
        self, tok: Token, phrase: list[Token], inside: set[int], governing: set[int]
    ) -> _Cluster | None:
        """The subject "The former talk show host quit ..." right after a sentence that names one person is that
        person: news tells more of whom it just named (rule ``description: the only person just named``).

        Only when the previous sentence and this one before the description
        name no other person, the description's gendered words agree, and no
        nationality it gives is missing from the person's roles ("the Japanese
        minister" after Joe Biden is someone else).
        """
        here = self._salience.sent_of[tok.i]
        found: dict[int, _Cluster] = {}
        for j, cluster in self._salience.before(tok.i, 1):
            candidate = self.doc[j]
            if cluster.type != "Person" or id(cluster) in inside:
                continue
            head = candidate.head.head if candidate.dep_ == "appos" else candidate.head
            if self._salience.sent_of[j] == here and is_subject(candidate) and head.i in governing:
                continue
            found[id(cluster)] = cluster
        if len(found) != 1:
            return None
        cluster = next(iter(found.values()))
        gender = _gender_of([_word(t) for t in phrase])
        if gender is not None and cluster.gender not in (None, gender):
            return None
        described = {_stem(w) for w in cluster.describes()}
        if any(t.ent_type_ == "NORP" and _stem(_word(t)) not in described for t in tok.lefts):
            return None
        return cluster

    # ---------------------------------------------------------------- entities
    def _entity(self, cluster: _Cluster) -> Entity:
        # Clusters are complete once the index is built, and facts resolve to the same ones again and again.
        entity = self._entities.get(id(cluster))
        if entity is None:
            entity = self._entities[id(cluster)] = self._make_entity(cluster)
        return entity

    def _make_entity(self, cluster: _Cluster) -> Entity:
        name = cluster.name
        aliases = {n for n in itertools.chain(cluster.names, cluster.titled) if normalize(n) != normalize(name)}
        attributes = set(cluster.attributes)
        if cluster.type == "Person" and cluster.gender:
            # A gender only pronouns give is kept apart: one wrong "he" gives it, so it may not tell namesakes apart.
            key = "gender" if cluster.name_gender else PRONOUN_GENDER
            attributes.add((key, {"m": "male", "f": "female"}[cluster.gender]))
        return Entity(
            id=slugify(name),
            name=name,
            type=cluster.type,
            aliases=tuple(sorted(aliases)),
            mentions=tuple(sorted(cluster.mentions, key=lambda m: (m.start, m.end))),
            attributes=tuple(sorted(attributes)),
        )

    def entities(self) -> list[Entity]:
        """Named entities (always) and the concepts that facts used."""
        clusters = {id(c): c for c in self._clusters.values()}.values()
        # An entity is built only when kept: dates and numbers no fact used are many, and dropped.
        keep = [self._entity(c) for c in clusters if c.type in _NAMED or slugify(c.name) in self._used]
        return keep + list(self._concepts.values())

    # ---------------------------------------------------------------- resolution
    def resolve(self, head_i: int, text: str, start: int, end: int) -> Entity | None:
        """The entity an argument (by its head token) refers to, or None when it refers to nothing usable."""
        tok = self.doc[head_i]
        if definite_numeral(tok):
            return self._concept(f"the {tok.text}", "phrase", start, end)
        cluster = self._by_token.get(head_i)
        if cluster is not None:
            entity = self._entity(cluster)
            self._used.add(entity.id)
            return entity
        if head_i in self._noun_referent:
            noun = self._noun_referent[head_i]
            phrase = _referent_phrase(noun)
            if phrase:
                rule = f"pronoun: {noun.text} (nearest subject)"
                return self._concept(_text(phrase), rule, start, end)
            return None
        if tok.pos_ == "PRON":
            return None
        name = self._concept_name(tok, text, start)
        if not name:
            return None
        heads = self._concept_heads.setdefault((tok.lemma_.lower(), tok.tag_), [])
        if tok.pos_ == "NOUN" and _bare_definite(tok):
            earlier = [n for s, n in heads if s < start and n != name]
            if earlier:
                return self._concept(earlier[-1], HEAD_MATCH_RULE, start, end)
        elif tok.pos_ == "NOUN" and normalize(name).split()[-1:] == [normalize(tok.text)]:
            heads.append((start, name))  # "the South Korean government": its modifiers and its head
        return self._concept(name, "phrase", start, end)

    def _concept(self, name: str, rule: str, start: int, end: int) -> Entity:
        """The concept node named ``name``, with one more mention at ``start``..``end``."""
        mention = Mention(sys.intern(self._doc_text[start:end]), self.document_id, start, end, rule)
        entity = self._concepts.get(name)
        if entity is None:
            entity = Entity(slugify(name), name, "Thing", mentions=(mention,))
        elif mention not in entity.mentions:
            entity = dataclasses.replace(entity, mentions=entity.mentions + (mention,))
        self._concepts[name] = entity
        return entity

    def _concept_name(self, tok: Token, text: str, start: int) -> str:
        words = text.split()
        while words and words[0].lower() in _DETERMINERS:
            words.pop(0)
        name = " ".join(words).strip(" \"'“”‘’,.;:")
        # "his influence" is Joe Biden's influence: a concept never keeps a bare pronoun.
        for child in tok.children:
            if child.dep_ == "poss" and child.lower_ in _POSSESSIVE_PRONOUNS and child.idx == start:
                owner = self._by_token.get(child.i)
                if owner is not None:
                    name = f"{owner.name}’s" + name[len(child.text) :]
                elif child.i in self._noun_referent:
                    phrase = _referent_phrase(self._noun_referent[child.i])
                    name = f"{_text(phrase)}’s" + name[len(child.text) :]
        return name
