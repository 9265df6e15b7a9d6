"""Clause-level propositions: a parsed spaCy Doc in, n-ary Proposition values out.

Each proposition is a relation with role-labelled arguments, read off the
dependency parse of one clause. The rules are named after the pattern they
handle (active, passive with agent, copula, apposition, titles in compounds,
possessives, nouns located by a preposition, control and raising chains,
light verbs and event nouns, clausal complements and attribution, relative
clauses, participial modifiers, coordination); negation and modality are
flags, never dropped. A logistic model over the shape of each proposition
gives its confidence (``confidence``). Propositions hold character and token
offsets, never spaCy objects.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..documents import CLOCK_ZONES
from ..nlp import lemma_tables

from .lexicon import (
    ABSORBED_PREPOSITIONS,
    ACTION_NOUNS,
    ADJUNCT_PREPOSITIONS,
    FIXED_ADVERBIALS,
    LINKING_VERBS,
    RANKING_ADVERBS,
    PERCEPTION_VERBS,
    ACCUSATION_VERBS,
    ACT_NOUNS,
    ASSERTING_MARKS,
    CLAIM_NOUNS,
    CONDITIONAL_MARKS,
    FAILURE_NOUNS,
    FUTURE_MODALS,
    HEARSAY_VERBS,
    MODALS,
    POSSIBILITY_NOUNS,
    QUESTION_MARKS,
    EVENT_NOUNS,
    HEDGE_VERBS,
    LEMMA_FIXES,
    LIGHT_VERBS,
    HELD_ROLES,
    INITIATING_VERBS,
    NEGATIONS,
    OBJECT_CONTROL_VERBS,
    ORGANISATION_ROLES,
    PERSON_ROLES,
    REFUSAL_VERBS,
    REQUEST_VERBS,
    SPEECH_VERBS,
    TITLES,
    VERB_IDIOMS,
)
# The rules read the parse through views with spaCy's attribute names (see ``tokens``).
from .tokens import DocView, SpanView as Span, TokenView as Token, quoted, view
from .confidence import confidence, confidence_features

__all__ = ["Argument", "Proposition", "open_ie", "propositions", "sentence_propositions", "verb_lemma"]

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
OBJECTS = ("dobj", "dative", "attr", "oprd")
# Dependents that start a clause or a side remark of their own: never part of an argument's text.
_DETACHED = frozenset({"relcl", "appos", "conj", "cc", "advcl", "parataxis", "punct", "preconj", "mark", "meta"})
_RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
# Clock time: "rose 4.5% by 0900 GMT" - the tagger leaves many times with a zone untagged.
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Appositions, titles and the like state a relation without a verb, so without a tense:
# the relation is the bare "be" (which CaRB matches to any form of "be").
_UNTENSED_BE = "be"
_LOCATIVE = frozenset({"in", "at", "from", "near"})
_RAISING = frozenset({"expect", "seem", "appear", "likely", "set", "due", "schedule", "go"})


# Slotted: a document makes thousands of each, and dataclasses.replace copies a slotted one in about half the time.
@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a proposition, by role, with its text and offsets.

    ``role`` is "subject", "object", "complement", "prep", "time", "place" or
    "clause"; ``prep`` is the preposition that introduces a prepositional one.
    ``head`` is the token index of the argument's head word.
    """

    role: str
    text: str
    start: int  # character offsets in the document
    end: int
    head: int
    prep: str | None = None

    @property
    def carb_text(self) -> str:
        return f"{self.prep} {self.text}" if self.prep else self.text


@dataclass(frozen=True, slots=True)
class Proposition:
    """A relation and its arguments in one sentence.

    ``relation`` is the surface relation as the sentence words it ("is
    expected to be replaced by"); ``predicate`` is its normalized active lemma
    phrase ("replace"). ``subject`` and ``object`` are in active voice: a
    passive's agent is the subject. ``surface`` lists the arguments in the
    order the sentence gives them (for Open IE output).
    """

    relation: str
    predicate: str
    subject: Argument | None
    object: Argument | None
    extra: tuple[Argument, ...] = ()
    surface: tuple[Argument, ...] = ()
    negated: bool = False
    modality: str | None = None  # the word that keeps it from being asserted (see ``kg.model.ASSERTIONS``)
    assertion: str = "asserted"
    attributed_to: Argument | None = None
    confidence: float = 0.5
    sentence_start: int = 0
    sentence_end: int = 0
    rule: str = "active"
    time: str | None = field(default=None)
    place: str | None = field(default=None)
    # A role held in an organisation ("Sherlock - be chief executive of - Refugee Council") keeps the role's
    # phrase: the object, with the bare "be", when the organisation names nothing (an unresolved "its").
    fallback_object: Argument | None = None
    sentence_tokens: int = 0  # the length of its sentence, which the confidence model reads

    def carb(self) -> tuple[str, list[str]]:
        """(relation, [arg1, arg2, ...]) in the sentence's own order, as CaRB scores it."""
        return self.relation, [a.carb_text for a in self.surface]


# ---------------------------------------------------------------------- spans
def _narrowing(appos: Token) -> bool:
    """An apposition that narrows a place or date rather than describing it.

    "Salt Lake City, Utah" and "November 12, 1960" are one argument each.
    """
    kinds = {appos.ent_type_, appos.head.ent_type_}
    return appos.dep_ == "appos" and (kinds <= _PLACE_ENTS or kinds == {"DATE"})


def _keep(token: Token, head: Token) -> bool:
    return token == head or token.dep_ not in _DETACHED or _narrowing(token)


def _phrase_tokens(head: Token, without: Token | None = None) -> list[Token]:
    """The head and its dependents, minus clauses, appositions and coordination (and ``without``'s subtree)."""
    kept = [head]
    # A possessor stands alone without its "'s": "Biden's decision" -> Biden.
    stack = [
        c for c in head.children
        if _keep(c, head) and c != without and not (c.dep_ == "case" and head.dep_ == "poss")
    ]
    while stack:
        tok = stack.pop()
        kept.append(tok)
        stack.extend(
            c for c in tok.children
            if (c.dep_ not in ("relcl", "appos", "parataxis", "advcl") or _narrowing(c))
            and c != without and not (c.dep_ == "punct" and c.text in ",;:()")
        )
    kept.sort(key=lambda t: t.i)
    # Trim quotes, dashes and space at the edges.
    while kept and (kept[0].is_punct or kept[0].is_space) and kept[0] != head:
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_space) and kept[-1] != head:
        kept.pop()
    return kept


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    out = [a.text + (a.whitespace_ if b.i == a.i + 1 else " ") for a, b in zip(tokens, tokens[1:])]
    out.append(tokens[-1].text)
    return "".join(out).strip()


def _argument(head: Token, role: str, prep: Token | None = None, without: Token | None = None) -> Argument:
    # One phrase is often the argument of several propositions (a shared subject, each conjunct's clause): read it once.
    key = ("argument", head.i, role, prep.i if prep is not None else -1, without.i if without is not None else -1)
    found = head.doc.cache.get(key)
    if found is None:
        tokens = _phrase_tokens(head, without)
        found = head.doc.cache[key] = Argument(
            role=role,
            text=_text(tokens),
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1].text),
            head=head.i,
            prep=prep.text if prep is not None else None,
        )
    return found


def _conjuncts(head: Token) -> list[Token]:
    """Coordination: "Japan and the United States" -> [Japan, States]."""
    out = [head]
    for conj in head.conjuncts:
        if _subject_of_the_next_verb(conj):
            continue
        if conj.i > head.i and conj.dep_ == "conj" and conj.pos_ == head.pos_ or conj.pos_ in ("PROPN", "NOUN") and head.pos_ in ("PROPN", "NOUN"):
            out.append(conj)
    return out


def _subject_of_the_next_verb(conj: Token) -> bool:
    """A conjunct right before a verb the parser left without a subject is that verb's subject, not one more
    of the first clause's objects: "Sales make up 40% of its income, and loans and leases have become
    important" (loans and leases become important; sales make up no loans)."""
    if conj.dep_ != "conj" or conj.pos_ not in ("NOUN", "PROPN"):
        return False
    doc = conj.doc
    after = conj.right_edge.i + 1
    if after >= len(doc.tokens):
        return False
    verb = doc.tokens[after]
    if verb.dep_ in ("aux", "auxpass"):
        verb = verb.head
    return verb.pos_ in ("VERB", "AUX") and verb.i > conj.i and not any(c.dep_ in SUBJECTS for c in verb.children)


# ---------------------------------------------------------------------- lemmas
def lemma(token: Token) -> str:
    text = token.text.lower()
    fixed = LEMMA_FIXES.get(text)
    if fixed is not None:
        return fixed
    if token.tag_ in _INFLECTED:
        return verb_lemma(text, token.lemma_.lower())
    return token.lemma_.lower()


#: Tags of the verb forms the rule lemmatizer strips a suffix off ("-s", "-ed", "-ing").
_INFLECTED = frozenset({"VBZ", "VBD", "VBN", "VBG"})
_VOWELS = frozenset("aeiou")
#: Consonants English never doubles before "-ed" or "-ing" ("sewed", "taxed", "played").
_UNDOUBLED = frozenset("wxy")


@functools.lru_cache(maxsize=8192)
def verb_lemma(form: str, lemma: str) -> str:
    """The lemma of a verb form, respelled where spaCy's rule lemmatizer missed English spelling.

    Its suffix rules try a stem with and without an "e" ("fined": "fine", "fin") and keep the last one its
    word index knows, else the first guess. Three spelling rules tell which stem the form has:

    - *single consonant after one vowel*: "fined", "staged", "hoped" are read "fin", "stag", "hop" where
      both stems are verbs, but a stem like "fin" doubles its consonant ("finned", "hopped"): the lemma
      is the stem with the "e";
    - *doubled consonant*: "trialled", "targetted" are read "trialle", "targette", words the index lacks:
      the consonant was doubled for the suffix, the lemma has one ("trial", "target");
    - *silent e*: "outsprinted" is read "outsprinte", which the index lacks: of the guess and the stem
      without its "e", the lemma is the one the index knows, else the one ending in the longer word of
      four letters or more that it knows ("outsprint" ends in "sprint"); the guess stays on a tie.

    >>> verb_lemma("fined", "fin"), verb_lemma("trialled", "trialle"), verb_lemma("outsprinted", "outsprinte")
    ('fine', 'trial', 'outsprint')
    >>> verb_lemma("tapped", "tap"), verb_lemma("visited", "visit"), verb_lemma("made", "make")
    ('tap', 'visit', 'make')
    """
    verbs, known = _lemma_index()
    if not lemma.isalpha():
        return lemma
    if lemma in known:
        single = (len(lemma) >= 3 and lemma[-1] not in _VOWELS | _UNDOUBLED and lemma[-2] in _VOWELS
                  and lemma[-3] not in _VOWELS)
        if single and form[len(lemma):] in ("ed", "ing", "es") and form.startswith(lemma) and lemma + "e" in verbs:
            return lemma + "e"
        return lemma
    if len(lemma) < 4 or lemma[-1] != "e" or not known:
        return lemma
    stem = lemma[:-1]
    if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        return stem[:-1]

    def knowledge(word: str) -> tuple[bool, int]:
        # A word the index knows, else the length of the longest word of four letters or more it ends in.
        return word in known, max((len(word) - i for i in range(1, len(word) - 3) if word[i:] in known), default=0)

    return stem if knowledge(stem) > knowledge(lemma) else lemma


@functools.lru_cache(maxsize=1)
def _lemma_index() -> tuple[frozenset[str], frozenset[str]]:
    """The verbs, and the verbs and nouns, the rule lemmatizer's word index knows (none without a model's tables)."""
    tables = lemma_tables()
    if tables is None:
        return frozenset(), frozenset()
    return tables["verb"][0], tables["verb"][0] | tables["noun"][0]


def _listed_participle(token: Token) -> bool:
    """Participle in a list: "copper, coking coal, thermal coal" is three products; "coking" describes the coal
    right after it, the parser's clause on "copper" is no clause."""
    doc = token.doc
    return (
        token.dep_ == "acl" and token.tag_ == "VBG" and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].text == "," and doc[token.i + 1].dep_ == "dobj" and doc[token.i + 1].head == token
    )


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB":
        return token.dep_ not in ("amod", "compound", "aux", "auxpass") and not _listed_participle(token)
    if token.pos_ == "ADJ" and any(c.dep_ == "nsubjpass" for c in token.children):
        # A passive participle the tagger read as an adjective: "Staff were informed of".
        return True
    # Copula "be" heads its clause in spaCy's English parse.
    return token.pos_ == "AUX" and token.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in token.children)


# ---------------------------------------------------------------------- subjects
def _relative_antecedent(verb: Token) -> Token | None:
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head != head:
        head = head.head
    return _located_antecedent(head.head) if head.dep_ == "relcl" else None


def _located_antecedent(noun: Token) -> Token:
    """Located antecedent: "the Black Hill mine in Norland, which contains tin" - a place after "in" or "at"
    only locates the noun before it, and the relative clause the parser hangs on the place is about that noun."""
    prep = noun.head
    if noun.dep_ == "pobj" and noun.ent_type_ in _PLACE_ENTS and prep.lower_ in ("in", "at") and (
        prep.head.pos_ in ("NOUN", "PROPN") and prep.head.ent_type_ not in _PLACE_ENTS
    ):
        return prep.head
    return noun


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool, str]:
    """The subject of ``verb`` (token, passive?, rule): explicit, shared or inherited."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            passive = child.dep_.endswith("pass") or _reduced_passive(verb)
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _located_antecedent(verb.head), passive, "relative clause"
            return child, passive, "active" if not passive else "passive"
    if depth > 4:
        return None, False, "none"
    if any(c.dep_ == "expl" for c in verb.children):
        # Existential: "said the tax was fair and there was no reason to change it" shares no subject.
        return None, False, "none"
    titled = _title_read_as_verb(verb.head) if verb.dep_ == "ccomp" else None
    if titled is not None:
        # "Velt head Anna Moss is set to leave": the person the misread title names is the subject.
        return titled[1], _is_passive(verb), "title read as verb"
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # Coordination: "X pledged ... and reiterated ..." share X.
        subject, passive, _ = _subject(verb.head, depth + 1)
        # "is then cut into pieces and flushed with fluid": a bare participle shares the passive too.
        bare_participle = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        return subject, passive and (_is_passive(verb) or bare_participle), "shared subject"
    if verb.dep_ == "xcomp":
        # Control and raising: the object of the governing verb controls when it
        # has one ("asked Washington to explain"), else its subject ("hopes to strengthen").
        governor = verb.head
        obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
        if obj is None and lemma(governor) in REQUEST_VERBS:
            # Object control through a preposition: "calling on the DTI to block" -> the DTI blocks.
            obj = next((o for p in governor.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"), None)
        if obj is not None and governor.pos_ == "VERB" and lemma(governor) in OBJECT_CONTROL_VERBS:
            return obj, _is_passive(verb), "object control"
        subject, _, _ = _subject(governor, depth + 1)
        return subject, _is_passive(verb), "subject control"
    if verb.dep_ == "acl":
        noun = verb.head
        if verb.tag_ == "VBG":
            # Participial modifier: "the dispute surrounding X" -> dispute surround X.
            return noun, False, "participle"
        if verb.tag_ == "VBN":
            return noun, True, "participle"
        # Infinitival modifier of an event noun: "Biden's decision to block",
        # "announced the decision to block" -> the possessor, or the announcer.
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss, False, "event noun"
        if noun.dep_ in ("dobj", "pobj", "nsubj") and noun.head.pos_ == "VERB":
            subject, _, _ = _subject(noun.head if noun.dep_ != "pobj" else noun.head.head, depth + 1)
            return subject, False, "event noun"
        return None, False, "none"
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        seen = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if seen is not None and verb.tag_ == "VBG" and lemma(verb.head) in PERCEPTION_VERBS and seen.i < verb.i:
            # Perceived participle: "the film showed Mr Hale, talking about the budget" -> Mr Hale talks.
            return seen, False, "perceived participle"
        subject, _, _ = _subject(verb.head, depth + 1)
        return subject, verb.tag_ == "VBN", "participle"
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and _is_infinitive(verb) and verb.head.pos_ == "VERB":
        # Purpose infinitive: "Citigroup beat Barclays to buy Koram bank" -> Citigroup buys it.
        subject, _, _ = _subject(verb.head, depth + 1)
        return subject, _is_passive(verb), "purpose"
    return None, False, "none"


# Role nouns that are verbs too: "Velt head Anna Moss" may be parsed as Velt heads Anna Moss.
_TITLE_VERBS = frozenset({"head", "chair"})


def _title_read_as_verb(verb: Token) -> tuple[Token, Token] | None:
    """Title read as a verb: "Velt head Anna Moss is set to leave" parsed with "head" a plural present verb between
    a name and the person after it, whose clause then lacks its subject. The (organisation, person), or None."""
    if verb.lower_ not in _TITLE_VERBS or verb.tag_ != "VBP":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.i == verb.i - 1), None)
    person = next((c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ == "PERSON"), None)
    if subject is None or person is None or person.left_edge.i != verb.i + 1:
        return None
    return subject, person


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or _reduced_passive(verb)


def _reduced_passive(verb: Token) -> bool:
    """Reduced passive: a past participle with a by-agent and no auxiliary, which the parser made the main verb
    ("Mr Moss, asked about the deal by reporters, said ..." -> reporters asked Mr Moss)."""
    # The tagger often calls such a root a past tense (VBD); its by-agent still says passive.
    return verb.tag_ in ("VBN", "VBD") and any(c.dep_ == "agent" for c in verb.children) and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children
    )


# ---------------------------------------------------------------------- the clause
def _chain(verb: Token) -> list[Token]:
    """Verbs of a control or raising chain down to ``verb``: [expected, replaced]."""
    chain = [verb]
    while chain[0].dep_ == "xcomp" and chain[0].head.pos_ in ("VERB", "AUX", "ADJ"):
        chain.insert(0, chain[0].head)
    return chain


def _relation_tokens(chain: list[Token]) -> list[Token]:
    tokens = []
    first = chain[0]
    if first.dep_ == "conj" and first.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in first.children):
        # Shared auxiliaries: "was cut and flushed" -> "was flushed".
        tokens.extend(c for c in first.head.children if c.dep_ in ("aux", "auxpass") and first.head.tag_ == "VBN")
    for verb in chain:
        tokens.append(verb)
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass", "neg", "prt") or (child.dep_ == "advmod" and child.lower_ in NEGATIONS):
                tokens.append(child)
    tokens.sort(key=lambda t: t.i)
    # Adverbs inside the verb group belong to the relation: "are also known as", "was only informed of".
    inner = [
        c for v in chain for c in v.children
        if c.dep_ == "advmod" and c.pos_ == "ADV" and tokens[0].i < c.i < v.i
        and not any(g.dep_ != "advmod" for g in c.subtree if g != c)
    ]
    return sorted(set(tokens + inner), key=lambda t: t.i)


def _qualifiers(verbs: list[Token]) -> tuple[list[tuple[Token | None, Token, str]], str | None, str | None]:
    """Prepositional and adverbial arguments of the chain as (preposition, head, role), and its time and place.

    Role is "time" for dates and times ("on Tuesday", "last year"), "place" for
    "in"/"at" a location, else "prep".
    """
    preps: list[tuple[Token | None, Token, str]] = []
    time = place = None
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "npadvmod" and child.ent_type_ in _TIME_ENTS:
                # Bare time noun phrase: "met Iwaya last year".
                time = time or _text(_phrase_tokens(child))
                preps.append((None, child, "time"))
            # A "to"/"for" dative is a prepositional argument: "sell X to Shaw".
            if child.dep_ in ("prep", "agent") or child.dep_ == "dative" and child.pos_ == "ADP":
                pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is None:
                    continue
                role = "prep"
                if child.dep_ != "agent" and (pobj.ent_type_ in _TIME_ENTS or pobj.lower_ in CLOCK_ZONES):
                    time = time or _text(_phrase_tokens(pobj))
                    role = "time"
                elif child.dep_ != "agent" and pobj.ent_type_ in _PLACE_ENTS and child.lower_ in ("in", "at"):
                    place = place or _text(_phrase_tokens(pobj))
                    role = "place"
                preps.append((child, pobj, role))
    return preps, time, place


def _modality(chain: list[Token]) -> tuple[str, str] | None:
    """Why the chain itself does not assert its last verb, and the word that says so.

    A modal auxiliary ("may block") or a hedging verb ("hopes to strengthen",
    "is expected to meet", "allows X to discriminate") hedges; a verb of asking
    ("urged X to apologise") requests; a verb of refusing, or "yet" ("have yet
    to express"), refuses; "denied accusing" denies; a verb of saying or
    believing in the passive ("is thought to have beaten") is hearsay, a claim
    without a source; the future ("will launch", "is to launch") is a plan or
    a prediction, not yet a fact.
    """
    for verb in chain:
        for child in verb.children:
            if child.dep_ == "aux" and child.tag_ == "MD" and child.lower_ in MODALS:
                return "hedged", child.lower_ if child.lower_ != "ca" else "can"
    for verb, next_verb in zip(chain, chain[1:]):
        word = lemma(verb)
        if word in REQUEST_VERBS:
            return "requested", word
        if word in REFUSAL_VERBS:
            return "refused", word
        if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in verb.children):
            return "refused", "yet"
        if word == "deny":
            return "denied", word
        if word in HEARSAY_VERBS and _is_passive(verb):
            return "claimed", word
        if word in HEDGE_VERBS:
            return "hedged", word
        if word == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in next_verb.children):
            # "is to launch": a plan.
            return "hedged", "be to"
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in FUTURE_MODALS for v in chain for c in v.children):
        return "hedged", "will"
    return None


def _adverbial_inherits(clause: Token) -> bool:
    """An adverbial clause takes its main clause's hedge ("would continue ... when he contested",
    "aims to increase ..., launching"), unless its subordinator states a fact of its own ("because")."""
    return not any(c.dep_ == "mark" and c.lower_ in ASSERTING_MARKS for c in clause.children)


def _is_infinitive(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _infinitive_of_noun(clause: Token) -> tuple[str, str] | None:
    """A noun's infinitive: "the right to criticise" (hedged), "Saab's failure to make" (refused); an act
    noun's is done ("Biden's decision to block")."""
    noun = clause.head
    if noun.pos_ not in ("NOUN", "PROPN") or not _is_infinitive(clause):
        return None
    word = noun.lemma_.lower()
    if word in ACT_NOUNS:
        return None
    return ("refused" if word in FAILURE_NOUNS else "hedged"), word


def _context(verb: Token) -> tuple[str, str, Token | None] | None:
    """The clause that holds ``verb``'s clause, when it keeps it from being the article's fact.

    Reported speech and claims: "Straw said that X ...", "X ..., Straw told
    the Commons" (the verb of saying heads the sentence, or hangs off the
    content as a parenthetical), "the claim (that) X ...", "are accused of
    signing", "the argument was that X ...", a sentence in quotation marks
    -> claimed (a denial -> denied), with the speaker; a condition: "if X ..."
    -> conditional; a wish, plan, question or possibility: "hopes that X
    ...", "queried whether X ...", "the risk that X ...", an adverbial clause
    of a hedged clause, a noun's infinitive ("the right to criticise") ->
    hedged. Returns (assertion, cue word, speaker token) for the nearest
    such clause, walking up the parse; a hedge found on the way is kept as
    the cue of a claim further up ("Straw said X would ...").
    """
    hedge: tuple[str, str] | None = None
    inherits = True  # no relative clause, subject or clause with its own subject on the way up yet
    tok, came_by = verb, ""
    for _ in range(12):
        for child in tok.children:
            # A parenthetical verb of saying: "The deal, he said, is done" (not said of the saying itself).
            if child.dep_ == "parataxis" and lemma(child) in SPEECH_VERBS and child is not verb and not any(
                c.dep_ == "ccomp" for c in child.children
            ):
                return _claim(child, hedge)
        misparsed = _claim_noun_before(tok) if tok is verb or came_by != "conj" else None
        if misparsed is not None and misparsed is not verb:
            return _claim(misparsed, hedge)
        if tok.head is tok:
            break
        head, dep = tok.head, tok.dep_
        marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
        if dep == "advcl" and any(m in CONDITIONAL_MARKS for m in marks):
            return "conditional", next(m for m in marks if m in CONDITIONAL_MARKS), None
        if dep in ("ccomp", "parataxis") and lemma(head) in SPEECH_VERBS:
            return _claim(head, hedge)
        if dep == "ccomp" and head.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in CLAIM_NOUNS for c in head.children
        ):
            # "The government's argument was that Yukos owed ...".
            return "claimed", next(c.lemma_.lower() for c in head.children if c.dep_ == "nsubj"), None
        if dep in ("acl", "ccomp", "relcl") and head.pos_ == "NOUN" and any(c.dep_ in SUBJECTS for c in tok.children):
            # A noun's clause, with "that" or without: "the claim that X ...", "rumours he was starting ...".
            if lemma(head) in CLAIM_NOUNS:
                return "claimed", lemma(head), None
            if lemma(head) in POSSIBILITY_NOUNS:
                hedge = hedge or ("hedged", lemma(head))
        accusation = _accusation(tok)
        if accusation is not None:
            return accusation
        if hedge is None:
            if dep == "ccomp" and (lemma(head) in HEDGE_VERBS or any(m in QUESTION_MARKS for m in marks)):
                hedge = ("hedged", lemma(head) if lemma(head) in HEDGE_VERBS else marks[0])
            elif dep == "ccomp" and _is_infinitive(tok):
                # An infinitive parsed as a clause of its own: "challenged Kilroy-Silk to stand down".
                hedge = _modality([head, tok])
            elif dep == "acl" and tok.pos_ in ("VERB", "AUX"):
                hedge = _infinitive_of_noun(tok)
            elif dep == "advcl" and _is_infinitive(tok):
                # Purpose infinitive: "raised money to build a school" says what it was for, not that it was built.
                hedge = ("hedged", "to")
            elif inherits and head.pos_ in ("VERB", "AUX") and dep in _INHERITING and (
                dep != "advcl" or _adverbial_inherits(tok)
            ):
                # A participle or adverbial clause inside a hedged clause: "could result in firms
                # relocating jobs", "aims to increase sales, launching 28 models".
                hedge = _modality(_chain(head))
        if dep in ("relcl", "appos", "parataxis") or dep in SUBJECTS or (
            dep == "conj" and any(c.dep_ in SUBJECTS for c in tok.children)
        ) or (dep == "acl" and _infinitive_of_noun(tok) is None and _is_infinitive(tok)):
            # A clause of its own: "Nippon Steel will challenge Biden's decision to block" - the decision was taken.
            inherits = False
        tok, came_by = head, dep
    if quoted(verb.doc)[verb.i]:
        # A sentence in quotation marks is its speaker's, wherever the speaker is named.
        speaker = _quote_speaker(verb)
        if speaker is not None:
            return _claim(speaker, hedge)
        return "claimed", hedge[1] if hedge else "quote", None
    return (*hedge, None) if hedge is not None else None


# The ways a clause or phrase hangs inside a clause and shares its hedge (not as its subject or a relative clause).
_INHERITING = frozenset({"advcl", "prep", "agent", "dobj", "dative", "attr", "oprd", "acomp", "npadvmod", "conj",
                         "xcomp", "pcomp", "pobj"})


def _claim_noun_before(tok: Token) -> Token | None:
    """A claim noun without "that" right before the clause's subject: "Knapman rejected the idea Kilroy-Silk
    posed a threat". The parser makes "posed" a clause of "rejected", or even the root with "rejected the
    idea" as its clause; either way the clause is what the idea says. Returns the verb that holds the noun."""
    subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.left_edge.i == 0:
        return None
    before = tok.doc.tokens[subject.left_edge.i - 1]
    noun = next((t for t in [before, *before.ancestors] if t.right_edge.i == before.i and t.dep_ == "dobj"), None)
    if noun is None or lemma(noun) not in CLAIM_NOUNS or noun.head.pos_ != "VERB":
        return None
    return noun.head


def _accusation(tok: Token) -> tuple[str, str, Token | None] | None:
    """ "are accused of signing false documents", "accused the firm of using": the accuser's claim."""
    if tok.dep_ != "pcomp" or tok.head.lower_ != "of":
        return None
    verb = tok.head.head
    if verb.dep_ == "dobj":
        verb = verb.head  # "accused the firm of using": the parser hangs "of" off the object
    if lemma(verb) not in ACCUSATION_VERBS:
        return None
    accuser, passive, _ = _subject(verb)
    return "claimed", lemma(verb), accuser if not passive else None


def _quote_speaker(verb: Token) -> Token | None:
    """The verb of saying that introduces the quote holding ``verb``: in its own sentence, else the one before
    ('Straw said: "..."'), else the one after."""
    doc = verb.doc
    inside = quoted(doc)
    sentences = doc.cache.get(("sentences",))
    if sentences is None:
        sentences = doc.cache[("sentences",)] = [(s.start, s.end) for s in doc.sents]
    here = next((n for n, (start, end) in enumerate(sentences) if start <= verb.i < end), None)
    if here is None:
        return None
    for n in (here, here - 1, here + 1):
        if 0 <= n < len(sentences):
            start, end = sentences[n]
            for tok in doc.tokens[start:end]:
                if not inside[tok.i] and lemma(tok) in SPEECH_VERBS and tok.pos_ == "VERB" and any(
                    c.dep_ == "nsubj" for c in tok.children
                ):
                    return tok
    return None


def _claim(speech: Token, hedge: tuple[str, str] | None = None) -> tuple[str, str, Token | None]:
    """What ``speech`` says, as its subject's claim (or denial); a hedge inside the claim is its cue."""
    word = lemma(speech)
    subject, _, _ = _subject(speech)
    assertion = "denied" if word in ("deny", "dismiss", "reject") else "claimed"
    return assertion, hedge[1] if hedge is not None and assertion == "claimed" else word, subject


def _negated(chain: list[Token]) -> bool:
    if any(
        c.dep_ in ("neg", "preconj") or c.dep_ == "advmod" and c.lower_ in NEGATIONS
        for v in chain for c in v.children
        if c.dep_ != "preconj" or c.lower_ == "neither"
    ):
        return True
    # "neither blocked nor approved": the second verb hangs off the first, with "nor".
    last = chain[-1]
    return last.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in last.head.children)


def _clause(verb: Token, sent: Span) -> Iterator[Proposition]:
    titled = _title_read_as_verb(verb)
    if titled is not None:
        organisation, person = titled
        name, org = _argument(person, "subject"), _argument(organisation, "object")
        yield Proposition(
            relation=f"{verb.lower_} of", predicate=f"be {verb.lower_} of", subject=name, object=org, surface=(name, org),
            sentence_start=sent.start_char, sentence_end=sent.end_char, rule="title read as verb",
        )
        return
    subject_tok, passive, rule = _subject(verb)
    chain = _chain(verb)
    preps, time, place = _qualifiers(chain[1:] if len(chain) > 1 and lemma(chain[0]) not in _RAISING else chain)
    if verb.dep_ == "relcl" or _relative_antecedent(verb) is not None:
        # "Ishiba, with whom Blinken is expected to meet": the relative pronoun stands for the antecedent.
        antecedent = _relative_antecedent(verb)
        preps = [
            (p, antecedent if o.lower_ in _RELATIVE_PRONOUNS and antecedent is not None else o, r) for p, o, r in preps
        ]
    objects = [c for c in verb.children if c.dep_ in OBJECTS and c.pos_ != "ADP"]
    if not objects and lemma(verb) in REQUEST_VERBS:
        # The one asked, parsed as the subject of the infinitive ("challenged [Kilroy-Silk to stand down]"),
        # is the object of the asking too: the party challenged Kilroy-Silk.
        objects = [
            s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and any(a.lower_ == "to" for a in c.children)
            for s in c.children if s.dep_ == "nsubj" and s.lower_ not in _RELATIVE_PRONOUNS
        ]
    if any(c.dep_ == "ccomp" for c in verb.children):
        # "said this Tuesday that ...": the parser splits "this Tuesday" and makes "this" an object.
        objects = [o for o in objects if o.tag_ != "DT"]
    if subject_tok is None and verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children):
        # Existential "there were attempts by X": what exists is the subject.
        subject_tok = next((o for o in objects if o.dep_ == "attr"), None)
        objects = [o for o in objects if o.dep_ != "attr"]
        rule = "existential"
    antecedent = _relative_antecedent(verb)
    if antecedent is not None:
        # Relative clause with the pronoun as object: "a match, which Keibler lost" -> Keibler lost the match.
        objects = [antecedent if o.lower_ in _RELATIVE_PRONOUNS else o for o in objects]
    if not objects and all(r == "time" for _, _, r in preps) and verb.pos_ == "VERB":
        # Shared object: "signed and ratified the treaty" -> signed the treaty, when the
        # first verb has nothing of its own but a time ("last year seized and sold Yugansk")
        # and the second has no subject of its own.
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(c.dep_ in SUBJECTS for c in conj.children):
                objects = [c for c in conj.children if c.dep_ == "dobj"]
                break
    # A linking verb's adjective, or its comparative the parser read as an adverb ("looked better and better").
    complement = next((c for c in verb.children if c.dep_ == "acomp" or (
        c.dep_ == "advmod" and (c.pos_ == "ADJ" or c.tag_ == "RBR") and lemma(verb) in LINKING_VERBS)), None)
    clause_obj = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    reported = _reported_by(verb)
    agent = next(((p, o) for p, o, _ in preps if p is not None and p.dep_ == "agent"), None)
    negated = _negated(chain)
    # The strongest reason wins: the enclosing clause (a claim, a condition), then the chain's own hedge.
    context = _context(chain[0])
    own_reason = _modality(chain)
    speaker = context[2] if context is not None else None
    assertion, modality = context[:2] if context is not None else own_reason or ("negated" if negated else "asserted", None)
    if context is not None and own_reason is not None and context[0] == "claimed":
        # "Straw said X may return": the source's claim, and hedged even there; the hedge is the cue.
        modality = own_reason[1]
    rel_tokens = _relation_tokens(chain)
    base_lemma = lemma(verb) + "".join(" " + lemma(c) for c in verb.children if c.dep_ == "prt")
    rank = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in RANKING_ADVERBS and c.i > verb.i), None)
    if rank is not None:
        # Ranking adverb: "came first in Norland" -> come first in; the place won is the relation's.
        base_lemma += f" {rank.lower_}"
        rel_tokens = sorted([*rel_tokens, rank], key=lambda t: t.i)
    idiom = next((o for o in objects if (base_lemma, o.lower_) in VERB_IDIOMS and o.n_lefts + o.n_rights == 0), None)
    if idiom is not None:
        # Verb-noun idiom: "took place in Tokyo" is "happen in Tokyo"; the noun joins the relation.
        base_lemma = VERB_IDIOMS[(base_lemma, idiom.lower_)]
        rel_tokens = sorted([*rel_tokens, idiom], key=lambda t: t.i)
        objects = [o for o in objects if o != idiom]
    is_copula = verb.lemma_ == "be"
    sentence = (sent.start_char, sent.end_char)
    speaker_arg = _argument(speaker, "subject") if speaker is not None else None

    subjects = _conjuncts(subject_tok) if subject_tok is not None else [None]

    def own(tok: Token, role: str) -> Argument:
        # A participle's noun is its subject: "the dispute surrounding X" -> "the dispute", without the participle.
        top = chain[0]  # "an armada preparing to invade England": leave out the whole chain
        return _argument(tok, role, without=top if top.dep_ in ("acl", "relcl") and tok == top.head else None)

    def make(relation: str, predicate: str, subj: Token | None, subj_role: str, obj_arg: Argument | None,
             extra: list[Argument], surface_first: Argument | None, surface_rest: list[Argument], rule_name: str,
             predicate_override: str | None = None) -> Proposition:
        subj_arg = own(subj, subj_role) if subj is not None else None
        surface = [a for a in [surface_first, *surface_rest] if a is not None]
        return Proposition(
            relation=relation,
            predicate=predicate_override or predicate,
            subject=subj_arg,
            object=obj_arg,
            extra=tuple(extra),
            surface=tuple(surface),
            negated=negated,
            modality=modality,
            assertion=assertion,
            attributed_to=speaker_arg,
            sentence_start=sentence[0],
            sentence_end=sentence[1],
            rule=rule_name,
            time=time,
            place=place,
        )

    for subj in subjects:
        if subj is not None and subj.lower_ in _RELATIVE_PRONOUNS:
            continue
        # Times go last: Open IE scores everything after the first argument as one bag of words.
        prep_args = [_argument(o, r, p) for p, o, r in preps if r != "time" and (p is None or p.dep_ != "agent")]
        prep_args += [_argument(o, r, p) for p, o, r in preps if r == "time"]
        if passive and subject_tok is not None:
            # Passive: the by-agent becomes the subject of the active form; the
            # surface keeps "was replaced by" and the sentence's argument order.
            surface_subj = own(subj, "object")
            relation = _text(rel_tokens + ([agent[0]] if agent else []))
            if agent is not None:
                for agent_tok in _conjuncts(agent[1]):
                    yield make(relation, base_lemma, agent_tok, "subject", surface_subj, prep_args,
                               surface_subj, [_argument(agent_tok, "subject"), *prep_args], "passive")
            elif objects:
                # Passive of a two-object verb: "Dynamics was given a contract" keeps its second object.
                kept = [_argument(o, "object") for o in objects]
                yield Proposition(
                    relation=_text(rel_tokens), predicate=base_lemma, subject=None, object=surface_subj,
                    extra=tuple(kept + prep_args), surface=tuple([surface_subj, *kept, *prep_args]),
                    negated=negated, modality=modality, assertion=assertion, attributed_to=speaker_arg,
                    sentence_start=sentence[0], sentence_end=sentence[1], rule="passive without agent",
                    time=time, place=place,
                )
            else:
                first = prep_args[0] if prep_args else None
                rel = _text(rel_tokens) + (f" {first.prep.lower()}" if first is not None and first.prep else "")
                yield Proposition(
                    relation=rel, predicate=base_lemma, subject=None, object=surface_subj, extra=tuple(prep_args),
                    surface=tuple([surface_subj, *([replace(first, prep=None)] if first else []), *prep_args[1:]]),
                    negated=negated, modality=modality, assertion=assertion, attributed_to=speaker_arg,
                    sentence_start=sentence[0], sentence_end=sentence[1], rule="passive without agent",
                    time=time, place=place,
                )
            continue
        if subj is None:
            continue
        relation = _text(rel_tokens)
        # A fixed adverbial ("as a result") is never the argument that joins a verb into a relation.
        verb_preps = [a for a in prep_args if not _fixed_adverbial(a)]
        if objects:
            for obj in objects:
                for obj_tok in _conjuncts(obj):
                    obj_arg = _argument(obj_tok, "object")
                    predicate = base_lemma
                    if is_copula:
                        predicate = "be"
                    light = _light_verb(verb, obj_tok) or _located_possession(verb, obj_tok)
                    if light is not None:
                        event_pred, target = light
                        target_arg = _argument(target, "object")
                        yield make(relation, event_pred, subj, "subject", target_arg, [], own(subj, "subject"),
                                   [obj_arg, *prep_args], "light verb")
                        continue
                    # "Straw told the Commons (that) X": what he told them rides along, for the graph only.
                    extra = prep_args + ([reported] if reported is not None else [])
                    made = make(relation, predicate, subj, "subject", obj_arg, extra, own(subj, "subject"),
                                [obj_arg, *prep_args], "copula" if is_copula else rule)
                    # "Sherlock is chief executive of the Refugee Council": a role held in an organisation.
                    yield _role_proposition(made, obj_tok) if is_copula else made
        elif complement is not None:
            comp = _argument(complement, "complement")
            # Predicate adjective: "is stronger" -> be; a linking verb keeps its meaning: "looked different" -> look.
            predicate = "be" if is_copula else base_lemma
            yield make(relation, predicate, subj, "subject", comp, prep_args, own(subj, "subject"), [comp, *prep_args],
                       "copula")
        elif (verb_preps and not (clause_obj is not None and (lemma(verb) in SPEECH_VERBS or _tells_the_deed(clause_obj)))
              and (verb_preps[0].prep or "").lower() not in ADJUNCT_PREPOSITIONS):
            # Prepositional verb: the first preposition joins the relation ("deals with", "started on");
            # an adjunct's never does ("hopes ... despite the dispute" is no relation "hope despite"), nor a
            # verb's whose infinitive tells the deed ("failed to gain votes in the elections" is no "fail in").
            first, rest = verb_preps[0], [a for a in prep_args if a is not verb_preps[0]]
            word = (first.prep or "").lower()
            absorbed = not word or (base_lemma, word) in ABSORBED_PREPOSITIONS
            predicate = base_lemma if absorbed else f"{base_lemma} {word}"
            # A time stays a time (no graph edge to a date); anything else is the object.
            bare = replace(first, prep=None, role="time" if first.role == "time" else "object")
            yield make(f"{relation} {word}".strip(), predicate, subj, "subject", bare, rest, own(subj, "subject"),
                       [bare, *rest], rule)
        elif clause_obj is not None and clause_obj.dep_ == "ccomp":
            clause_arg = _clause_argument(clause_obj)
            if clause_arg is not None:
                mark = next((t for t in clause_obj.children if t.dep_ == "mark"), None)
                rel = relation + (f" {mark.lower_}" if mark is not None else "")
                yield make(rel, base_lemma, subj, "subject", None, [clause_arg], own(subj, "subject"), [clause_arg], rule)
        elif reported is not None:
            # "The deal, he said, is done": what he said, for the graph only (Open IE has no second argument).
            yield make(relation, base_lemma, subj, "subject", None, [reported], own(subj, "subject"), [], rule)
        # Event nouns inside prepositional phrases: "added Blinken, at the start
        # of a working lunch with X" -> Blinken meet X.
        for p, o, _ in preps:
            event = _event_in(o)
            if event is not None:
                event_pred, target = event
                # The event noun and its preposition word the relation: "lunch with", not the verb's "added".
                event_relation = f"{target.head.head.lower_} {target.head.lower_}"
                for t in _conjuncts(target):
                    target_arg = _argument(t, "object")
                    yield make(event_relation, event_pred, subj, "subject", target_arg, [], own(subj, "subject"),
                               [target_arg], "light verb")


def _tells_the_deed(clause: Token) -> bool:
    """Subject control: "failed to gain votes", "refused to hold a vote" - the infinitive is the deed; the one
    asked through a preposition is no such case ("called on the DTI to block" is a request of the DTI)."""
    return clause.dep_ == "xcomp" and _is_infinitive(clause) and lemma(clause.head) not in REQUEST_VERBS


def _fixed_adverbial(arg: Argument) -> bool:
    """Fixed adverbial: "in spite of the charges", "as a result" say how the clause stands (``FIXED_ADVERBIALS``)."""
    head = arg.text.lower().split()
    nouns = [w for w in head if w not in ("a", "an", "the")]
    return bool(arg.prep and nouns) and (arg.prep.lower(), nouns[0]) in FIXED_ADVERBIALS


def _clause_argument(clause: Token, without: Token | None = None) -> Argument | None:
    """A clause as one argument: its words without the marks at its edges, its "that", or ``without``'s words."""
    # A verb of saying and the clause it reports both ask for it (``_reported_by``, ``_clause``): read it once.
    key = ("clause argument", clause.i, without.i if without is not None else -1)
    cache = clause.doc.cache
    if key in cache:
        return cache[key]  # type: ignore[return-value]
    hidden = {t.i for t in without.subtree} if without is not None else set()
    tokens = [t for t in clause.subtree if t.i not in hidden and not (t.dep_ == "mark" and t.head == clause)]
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    found = cache[key] = (
        Argument("clause", _text(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), clause.i)
        if tokens else None
    )
    return found


def _reported_by(verb: Token) -> Argument | None:
    """What a verb of saying reports: its clause ("said that X ..."), or the clause it interrupts or follows
    ("X ..., Straw told the Commons", "The deal, he said, is done")."""
    if lemma(verb) not in SPEECH_VERBS:
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    if clause is not None:
        return _clause_argument(clause)
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        return _clause_argument(verb.head, without=verb)
    return None


def _event_with(noun: Token) -> tuple[str, Token] | None:
    """An event noun with its partner: "lunch with X", "action against X"."""
    word = noun.lower_
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if prep.lower_ == "with" and word in EVENT_NOUNS:
            return EVENT_NOUNS[word], pobj
        if (word, prep.lower_) in ACTION_NOUNS:
            return ACTION_NOUNS[(word, prep.lower_)], pobj
    return None


def _located_possession(verb: Token, obj: Token) -> tuple[str, Token] | None:
    """Located possession: "Barclays has its headquarters in Canary Wharf" -> have headquarters in Canary Wharf;
    what the subject has is a thing of its own ("its"), and the place is what the fact is about."""
    if lemma(verb) != "have" or not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in obj.children):
        return None
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
            place = next((c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in _PLACE_ENTS), None)
            if place is not None:
                return f"have {obj.lower_} {prep.lower_}", place
    return None


def _light_verb(verb: Token, obj: Token) -> tuple[str, Token] | None:
    """Light verbs and action nouns: "have a conversation with X" -> meet X; "announced legal action against X"
    -> sue X. Someone else's act is no act of the subject: "cleared Xstrata's bid for WMC" bids for nothing."""
    found = _event_with(obj)
    if found is None or any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in obj.children):
        return None
    if lemma(verb) in LIGHT_VERBS or lemma(verb) in INITIATING_VERBS or lemma(verb) in SPEECH_VERBS:
        return found
    return None


def _event_in(noun: Token, depth: int = 0) -> tuple[str, Token] | None:
    """Search a prepositional chain ("at the start of a lunch with X") for an event noun with a partner."""
    found = _event_with(noun)
    if found is not None or depth > 3:
        return found
    for prep in noun.children:
        if prep.dep_ == "prep":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = _event_in(pobj, depth + 1)
                    if found is not None:
                        return found
    return None


_ROLE_NOUNS = PERSON_ROLES | TITLES | HELD_ROLES | ORGANISATION_ROLES
_ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "in"})
_ROLE_MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod", "punct"})
# Roles whose place is the one that elects them: "the Manchester Central MP" is the MP for Manchester Central.
_ELECTED = frozenset({"mp", "mep", "senator", "congressman", "congresswoman", "councillor", "representative",
                      "msp", "am", "td"})
_ORGANISATION_ENTS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
# Places read as a kind of role ("US attorney", "UK Prime Minister"), not as the organisation of one.
_ADJECTIVAL_ENTS = frozenset({"GPE", "NORP", "LOC", "DATE", "ORDINAL", "CARDINAL"})


def _starts_sentence(tok: Token) -> bool:
    before = tok.doc.tokens[tok.i - 1] if tok.i else None
    return before is None or before.is_space or before.text in (".", "!", "?", ":", '"', "\u201c")


def _named(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "GPE", "PERSON", "FAC", "LOC")


def _organisation_role(head: Token, title: list[Token] | None = None) -> tuple[str, Argument] | None:
    """Role of a named organisation: a role noun with its organisation in an "of"/"at"/"for" phrase, a
    possessor or a name in compound ("chief executive of the Refugee Council", "UKIP's deputy leader",
    "its US subsidiary", "Standard Chartered chief executive") -> ("chief executive", the organisation's
    head token). ``title`` is the title of a compound ("Halden Bank chief executive Ann Marsh"),
    when the role does not head a phrase of its own."""
    if head.lemma_.lower() not in _ROLE_NOUNS and head.lower_ not in _ROLE_NOUNS:
        return None
    words = title if title is not None else [
        t for c in head.lefts if c.dep_ in _ROLE_MODIFIERS for t in c.subtree
    ] + [head]
    organisation, preposition, named_span = None, "of", None
    for prep in head.rights if title is None else ():
        if prep.dep_ == "prep" and prep.lower_ in _ROLE_PREPOSITIONS:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            named = next((a for a in pobj.children if a.dep_ == "appos" and _named(a)), None) if pobj else None
            # "chairman of Norland's biggest bank, Dunmore" names the bank in an apposition.
            pobj = pobj if pobj is not None and _named(pobj) else named
            if pobj is not None and (prep.lower_ != "in" or pobj.ent_type_ not in _PLACE_ENTS):
                organisation, preposition = pobj, prep.lower_
            break
    if organisation is None:
        organisation = next((c for c in head.lefts if c.dep_ == "poss" and (_named(c) or c.tag_ == "PRP$")), None)
    if organisation is None:
        # Names in compound before the role: "Standard Chartered chief executive", "the Manchester Central MP".
        # A place there is only an adjective ("US attorney", "UK Prime Minister"), except for whom it elects.
        lead = [w for w in words if w.dep_ != "det"]
        names = []
        for w in lead:
            elected = head.lower_ in _ELECTED and w.ent_type_ in ("GPE", "LOC", "FAC", "")
            if w.lower_ in _ROLE_NOUNS or not (w.ent_type_ in _ORGANISATION_ENTS or elected or w.ent_type_ == ""):
                break
            names.append(w)
        # An untagged capitalised word is a name after a tagged one ("GM Europe president"), as an acronym
        # ("WMC chief executive") or in a run of names off the sentence's first word ("the Manchester
        # Central MP"); else it is a title ("Shadow Europe minister", "Foreign Secretary") or a headline's
        # capital ("Sacked MP").
        untagged = [w for w in names if not w.ent_type_]
        if untagged and names[0].ent_type_ == "" and not (
            all(w.pos_ == "PROPN" and w.text.isupper() and len(w.text) > 1 for w in untagged)
            or len(untagged) > 1 and all(w.pos_ == "PROPN" and not _starts_sentence(w) for w in untagged)
        ):
            names = []
        if names:
            organisation = names[-1]
            words = [w for w in words if w not in names]
            named_span = names
    if organisation is None:
        return None
    role = [w for w in words if w.dep_ not in ("det", "poss", "case") and not w.is_punct or w.tag_ == "HYPH"]
    role = [w for w in role if w.i not in {t.i for t in organisation.subtree}]
    if not role or role[-1] != head:
        return None
    if preposition == "of" and head.lower_ in _ELECTED:
        preposition = "for"  # "the MP for Manchester Central"
    argument = (_span_argument(named_span, "object", organisation) if named_span
                else _argument(organisation, "object"))
    return f"{_text(role).lower()} {preposition}", argument


def _counted_whole(tok: Token) -> Token | None:
    """The whole a number counts from: "one of the founders" -> founders."""
    if tok.pos_ != "NUM":
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _role_proposition(prop: Proposition, description: Token, title: list[Token] | None = None) -> Proposition:
    """``prop`` ("X - be - DESCRIPTION") as a role held in a named organisation, when its description is one."""
    whole = _counted_whole(description) if title is None else None
    found = _organisation_role(whole if whole is not None else description, title)
    if found is None:
        return prop
    role, organisation = found
    if whole is not None:
        # Partitive role: "one of the founders of Menatep" -> be founder of Menatep.
        role = role.replace(whole.lower_, whole.lemma_.lower(), 1)
    return replace(prop, predicate=f"be {role}", object=organisation, fallback_object=prop.object)


def _appositions(sent: Span, tokens: list[Token]) -> Iterator[Proposition]:
    """Apposition: "Antony Blinken, the head of X" -> Blinken is the head of X."""
    for tok in tokens:
        if tok.dep_ != "appos" or tok.head.pos_ not in ("NOUN", "PROPN") or _narrowing(tok):
            continue
        head = tok.head
        if _amount(tok) or _amount(head):
            # Amount apposition: "1.45bn euros (£1bn; $1.9bn)" converts a currency, "Harman, two of his
            # own officials" counts a list; neither says that one thing is the other.
            continue
        listed = (head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children) or _names_listed(head, tok)
                  or _contrasted(tok))
        if tok.pos_ in ("PRON", "VERB", "AUX") or head.pos_ == "PRON" or listed:
            # A clause the parser hung on a noun ("The deal, a year after Citigroup beat ...") describes nothing.
            # "Jagan himself", or a list the parser misread as an apposition: "taxes, tax credits, ...".
            continue
        # The named side is the subject: "The head of ..., Antony Blinken" names Blinken.
        named, description = (tok, head) if tok.ent_type_ and not head.ent_type_ else (head, tok)
        subj, obj = _argument(named, "subject"), _argument(description, "object")
        yield _role_proposition(Proposition(
            relation=_UNTENSED_BE, predicate="be", subject=subj, object=obj, surface=(subj, obj),
            sentence_start=sent.start_char, sentence_end=sent.end_char, rule="apposition",
        ), description)


# Words before an apposed phrase that set it against its noun or pick an example out of it.
_CONTRAST_WORDS = frozenset({"not", "notably", "especially", "particularly", "least", "mostly", "mainly",
                             "chiefly", "including", "like", "unlike", "except"})


def _contrasted(tok: Token) -> bool:
    """Contrast or example apposition: "Mr Hale, not Mr Moss", "car makers, most notably Lexus",
    "many voters, not least his supporters" say no one is the other."""
    before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
    return (before is not None and before.lower_ == "not") or any(
        t.lower_ in _CONTRAST_WORDS for t in tok.subtree if t.i < tok.i and t.dep_ in ("neg", "advmod", "prep", "cc")
    )


def _names_listed(head: Token, tok: Token) -> bool:
    """Names in a list: two names of one kind side by side ("Jo Reed, a former employee of Acme Foods;
    Sam Price of ...") are two people listed, not one called by two names; a described name keeps its
    determiner ("Respect, the Unity Coalition")."""
    return (
        head.pos_ == tok.pos_ == "PROPN" and bool(head.ent_type_) and head.ent_type_ == tok.ent_type_
        and not any(c.dep_ == "det" for c in tok.children)
    )


_AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})


def _amount(tok: Token) -> bool:
    """A number or an amount: "two", "$1.9bn", "1bn euros", "686m" (after "£")."""
    return tok.pos_ == "NUM" or tok.ent_type_ in _AMOUNT_ENTS or any(
        c.dep_ in ("nummod", "nmod", "compound") and (c.pos_ in ("NUM", "SYM")) for c in tok.children
    )


def _span_argument(tokens: list[Token], role: str, head: Token) -> Argument:
    return Argument(role, _text(tokens), tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), head.i)


def _titles(sent: Span, tokens: list[Token]) -> Iterator[Proposition]:
    """Titles and roles in compounds: "Japanese Prime Minister Shigeru Ishiba" -> Ishiba is Japanese Prime Minister.

    The name is the PERSON entity at the head of the noun phrase; the title is
    what modifies it from the left (compounds and adjectives), ending in a
    role word ("President-elect Donald Trump", "author Bill Bryson"). An
    organisation's role towards another reads the same way: "the Toyota
    subsidiary Lexus" -> Lexus is subsidiary of Toyota.
    """
    doc = sent.doc
    for tok in tokens:
        if not tok.ent_type_ or tok.dep_ == "compound" or tok.pos_ != "PROPN":
            continue
        start = tok.i
        while start > sent.start and doc[start].ent_iob_ == "I":
            start -= 1
        # The small model sometimes puts the title inside the name: "President Bush".
        while start < tok.i and (doc[start].lower_ in TITLES or doc[start].pos_ != "PROPN"):
            start += 1
        title = sorted(
            (t for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < start for t in c.subtree),
            key=lambda t: t.i,
        )
        title += [t for t in doc[title[-1].i + 1 : start] if t.ent_type_ != "PERSON"] if title else []
        title = [t for t in title if t.dep_ not in ("det", "poss", "case", "punct") or t.text == "-"]
        if not title or title[-1].i != start - 1 or any(t.ent_iob_ == "B" and t.ent_type_ == "PERSON" for t in title):
            continue
        last = title[-1]
        words = (last.lower_, _text(title).lower().split()[-1])  # "President-elect" is three tokens
        if not (last.pos_ == "NOUN" or any(w in _ROLE_NOUNS for w in words)):
            continue
        if tok.ent_type_ != "PERSON" and not any(w in _ROLE_NOUNS and w not in TITLES for w in words):
            # A name the tagger did not call a person is one by its role ("WMC chairman Tommie Bergman");
            # an honorific alone ("Mr Camus") is the entities' to read.
            continue
        name = _span_argument(list(doc[start : tok.i + 1]), "subject", tok)
        role = _span_argument(title, "object", last)
        yield _role_proposition(Proposition(
            relation=_UNTENSED_BE, predicate="be", subject=name, object=role, surface=(name, role),
            sentence_start=sent.start_char, sentence_end=sent.end_char, rule="title",
        ), last, title)


def _possessives(sent: Span, tokens: list[Token]) -> Iterator[Proposition]:
    """Possessives: "Cherie Blair's Matrix Chambers" -> Cherie Blair has Matrix Chambers.

    Pronoun possessors are left to coreference. The possessed thing is a graph
    object only when the possessive between two names is ownership (``_possession``),
    never for "Biden's decision", which stays in Open IE output.
    """
    for tok in tokens:
        if tok.dep_ != "poss" or tok.pos_ not in ("PROPN", "NOUN") or tok.head.pos_ not in ("PROPN", "NOUN"):
            continue
        owner_tokens = [t for t in _phrase_tokens(tok) if not (t.dep_ == "case" and t.head == tok)]
        if not owner_tokens:
            continue
        owner = _span_argument(owner_tokens, "subject", tok)
        owned = _argument(tok.head, "object" if _possession(tok, tok.head) else "complement", without=tok)
        yield Proposition(
            relation="has", predicate="have", subject=owner, object=owned, surface=(owner, owned),
            sentence_start=sent.start_char, sentence_end=sent.end_char, rule="possessive",
        )


# Possessors that say where ("Spain's High Court", "Germany's DaimlerChrysler"), and possessed names that are
# no property: a member or official ("Amnesty International's Jan Shaw") or a ruler's country ("Idi Amin's Uganda").
_WHERE_POSSESSORS = frozenset({"GPE", "LOC", "NORP"})
_NO_PROPERTY = frozenset({"PERSON", "GPE", "LOC", "NORP"})


def _possession(owner: Token, owned: Token) -> bool:
    """Place possessive and possessed person or place: a possessive between two names is ownership unless the
    owner is a place, which only locates ("Japan's Nippon Steel"), or the owned thing a person or place."""
    return bool(owner.ent_type_ and owned.ent_type_) and owner.ent_type_ not in _WHERE_POSSESSORS and (
        owned.ent_type_ not in _NO_PROPERTY
    )


def _located(sent: Span, tokens: list[Token]) -> Iterator[Proposition]:
    """A noun placed by a preposition: "the Glasgow Royal Concert Hall in Scotland" -> Hall be in Scotland."""
    for tok in tokens:
        if tok.dep_ != "prep" or tok.lower_ not in _LOCATIVE or tok.head.pos_ not in ("NOUN", "PROPN"):
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ not in _PLACE_ENTS:
            continue
        thing = _argument(tok.head, "subject", without=tok)
        place = _argument(pobj, "place")
        yield Proposition(
            relation=f"{_UNTENSED_BE} {tok.lower_}", predicate=f"be {tok.lower_}", subject=thing, object=place,
            surface=(thing, place), place=place.text,
            sentence_start=sent.start_char, sentence_end=sent.end_char, rule="located",
        )


def sentence_propositions(sent: Span) -> Iterator[Proposition]:
    """Every proposition of one sentence (a spaCy ``Span`` or a sentence of a ``DocView``)."""
    if not isinstance(sent, Span):
        sent = view(sent.doc)[sent.start : sent.end]
    tokens = list(sent)
    for tok in tokens:
        if _is_predicate(tok):
            deps = {c.dep_ for c in tok.children}
            if lemma(tok) in _RAISING and "xcomp" in deps and not deps & set(OBJECTS):
                # Raising: "is expected to be replaced by" says one thing, read off the end of the chain.
                continue
            yield from _clause(tok, sent)
    yield from _appositions(sent, tokens)
    yield from _titles(sent, tokens)
    yield from _possessives(sent, tokens)
    yield from _located(sent, tokens)


def propositions(doc: Doc | DocView) -> list[Proposition]:
    """Every proposition of a parsed document, sentence by sentence, each with its confidence."""
    parsed = view(doc)
    seen: set[tuple[object, ...]] = set()
    out = []
    try:
        for sent in parsed.sents:
            n = len(sent)
            for prop in sentence_propositions(sent):
                key = (prop.relation, prop.predicate, prop.subject, prop.object, prop.surface)
                if key not in seen:
                    seen.add(key)
                    # One copy with both: dataclasses.replace rebuilds every field, and runs for every proposition.
                    score = confidence(confidence_features(prop, sentence_tokens=n))
                    out.append(replace(prop, sentence_tokens=n, confidence=score))
    finally:
        if parsed is not doc:
            parsed.release()  # a view made here ends here (see DocView.release)
    return out


def open_ie(doc: Doc | DocView) -> list[Proposition]:
    """The propositions an Open IE reader can use: a relation with at least two arguments.

    "The deal was blocked" stays in ``propositions`` (it still says something
    about the deal) but has no second argument, which the CaRB format and
    scorer require.
    """
    return [p for p in propositions(doc) if len(p.surface) >= 2]
