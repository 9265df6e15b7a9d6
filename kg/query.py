"""Queries: a KnowledgeGraph and names, predicates and dates in; facts, entities, paths and subgraphs out.

Each query is a function that takes the graph first, networkx-style
(``query.facts(graph, "Biden", "block")``); ``KnowledgeGraph`` has a method of
the same name that calls it (``graph.facts("Biden", "block")``).

Predicates match by lemma, so that "blocked", "blocks" and "block" all find
the predicate "block", and a fact's time qualifier ("on Friday", "January
20") becomes a date relative to its document's date. No spaCy pipeline is
loaded: the lemmas come from the English rule lemmatizer's tables
(exceptions, word index, suffix rules) that ship inside the installed spaCy
model package, read once per process as plain dicts.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from .documents import CLOCK_ZONES, iso_date
from .errors import NotFoundError, QueryError
from .graph import KnowledgeGraph, from_entities_and_facts
from .model import UNTYPED, Entity, Evidence, Explanation, Fact
from .names import normalize
from .nlp import LEMMA_POS, LemmaTables, lemma_tables
from .relations import is_canonical, reading

__all__ = [
    "facts",
    "entity",
    "entities_named",
    "explain",
    "neighbors",
    "paths",
    "evidence",
    "date_of",
    "timeline",
    "subgraph",
    "most_connected",
    "predicates",
    "lemmas",
    "words_match",
    "query_relations",
    "predicate_matches",
    "relations",
    "summary",
    "Summary",
    "parse_date",
    "as_date",
]

logger = logging.getLogger(__name__)

#: Used only when no model package with lemma tables is installed: spaCy's own
#: English suffix rules, without the word index that would prune their output.
#: Over-generated forms are harmless because they are only compared with
#: predicate words that exist in the graph.
FALLBACK_RULES: dict[str, list[tuple[str, str]]] = {
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "noun": [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
}

#: Irregular forms used with the fallback rules (the model tables list about 6,000).
FALLBACK_EXCEPTIONS = {
    "met": "meet", "said": "say", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "had": "have",
    "has": "have", "did": "do", "does": "do", "went": "go", "gone": "go", "made": "make", "took": "take",
    "taken": "take", "told": "tell", "led": "lead", "left": "leave", "held": "hold", "won": "win", "lost": "lose",
    "sold": "sell", "bought": "buy", "paid": "pay", "sent": "send", "spoke": "speak", "spoken": "speak",
    "began": "begin", "begun": "begin", "saw": "see", "seen": "see", "gave": "give", "given": "give",
    "came": "come", "became": "become", "brought": "bring", "thought": "think", "found": "find", "got": "get",
}

@functools.lru_cache(maxsize=1)
def _tables() -> LemmaTables:
    tables = lemma_tables()
    if tables is not None:
        return tables
    logger.warning("no spaCy model with lemma tables is installed; predicates match by suffix rules only")
    exceptions = {word: [lemma] for word, lemma in FALLBACK_EXCEPTIONS.items()}
    return {pos: (frozenset(), exceptions if pos == "verb" else {}, FALLBACK_RULES[pos]) for pos in LEMMA_POS}


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma ``word`` can have as a verb, noun or adjective, and the word itself.

    The algorithm is spaCy's English rule lemmatizer, run for each part of
    speech because a query word comes without one.

    >>> sorted(lemmas("blocked"))
    ['block', 'blocked']
    >>> "meet" in lemmas("met") and "meet" in lemmas("meeting")
    True
    """
    word = word.casefold()
    found = {word}
    for index, exceptions, rules in _tables().values():
        forms = [lemma for lemma in exceptions.get(word, ())]
        known, unknown = [], []
        for old, new in rules:
            if old and word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form:
                    (known if form in index or not index else unknown).append(form)
        forms += known or unknown
        found.update(forms)
    return frozenset(found)


def words_match(phrase: str, query: str) -> bool:
    """True when the words of ``query`` occur in ``phrase`` in a row, compared by lemma.

    >>> words_match("would block", "blocks"), words_match("meet", "met"), words_match("block", "meet")
    (True, True, False)
    """
    words = [lemmas(w) for w in normalize(phrase).split()]
    wanted = [lemmas(w) for w in normalize(query).split()]
    n = len(wanted)
    if n == 0:
        return True
    return any(all(words[i + j] & wanted[j] for j in range(n)) for i in range(len(words) - n + 1))


def query_relations(query: str) -> frozenset[tuple[str, str]]:
    """The (relation, role) pairs of kg's inventory a predicate query names: the relation itself ("acquire",
    "member of") or what its words mean in any of their lemmas ("bought" and "took over" -> acquire), with the
    role its last preposition gives the object ("bought from": acquire, from the seller; ``kg.relations.role``).

    >>> sorted(query_relations("bought")), sorted(query_relations("took over")), sorted(query_relations("bought from"))
    ([('acquire', '')], [('acquire', '')], [('acquire', 'from')])
    >>> sorted(query_relations("was slammed for"))
    [('criticise', 'passive for')]
    """
    words = [sorted(lemmas(w)) for w in normalize(query).split()]
    if not words or len(words) > 6:
        return frozenset()
    found = {reading(" ".join(choice)) for choice in itertools.product(*words)}
    # A passive is its relation's too, in the role that names the voice: "was slammed for" finds "was criticised
    # for" (criticise, "passive for"), not "criticised".
    return frozenset((r, role) for r, role in found if is_canonical(r))


def predicate_matches(fact: Fact, query: str, relations: frozenset[tuple[str, str]] | None = None) -> bool:
    """Whether a fact answers a predicate query: its relation and role are a pair the query names
    (``query_relations``, given or computed: "acquire" finds "buy" but not "buy from", whose object is the
    seller), or its own words contain the query's, compared by lemma (``words_match``)."""
    if relations is None:
        relations = query_relations(query)
    return (fact.relation, fact.role) in relations or words_match(fact.key, query)


def as_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date string, a date or a datetime as a date (None stays None).

    >>> as_date("2025-01-07"), as_date("2025-01-07T09:30:00+00:00")
    (datetime.date(2025, 1, 7), datetime.date(2025, 1, 7))
    """
    if value is None or isinstance(value, dt.datetime):
        return value.date() if value is not None else None
    if isinstance(value, dt.date):
        return value
    found = iso_date(value)
    if found is None:
        raise QueryError(f"{value!r} is not an ISO 8601 date; write it as YYYY-MM-DD")
    return found


_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")
# Clock time: "by 0900 GMT", "at 10:30", "at 3pm" name an hour of the document's day, and dateparser
# would read the four digits of "0900 GMT" as the year 900.
_ZONE = "|".join(sorted(CLOCK_ZONES))
_CLOCK_TIME = re.compile(
    r"^(?:(?:at|by|from|until|till|before|after|around|about)\s+)?"
    rf"(?:\d{{4}}\s*(?:{_ZONE})|\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{{1,2}}:\d{{2}})"
    rf"(?:\s+(?:{_ZONE}|local time))?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, base: dt.date | None = None) -> dt.date | None:
    """The date a time expression names, read relative to ``base`` (the document's date).

    Weekday names and month-day dates are taken in the period around
    ``base`` ("Friday" in an article of Tuesday 7 January 2025 is 3 January).
    A month or a year alone is dated by its first day ("in 2005" is 1 January
    2005), never by today's month or day, so a build reads the same on any
    day.
    Without ``base`` only expressions that carry a year are dated, because
    "Friday" or "January 20" alone could be any year. A qualifier with words
    after the date ("January 20 of President-elect Donald Trump") is dated by
    its longest leading part that parses. A clock time ("by 0900 GMT",
    "at 3pm") is the document's day. Parsing is done by dateparser.

    >>> parse_date("on Friday", dt.date(2025, 1, 7))
    datetime.date(2025, 1, 3)
    >>> parse_date("January 20 of President-elect Donald Trump", dt.date(2025, 1, 7))
    datetime.date(2025, 1, 20)
    >>> parse_date("Friday") is None
    True
    >>> parse_date("in 2005"), parse_date("in March 2005", dt.date(2025, 6, 7))
    (datetime.date(2005, 1, 1), datetime.date(2005, 3, 1))
    >>> parse_date("0900 GMT", dt.date(2025, 1, 7))
    datetime.date(2025, 1, 7)
    """
    if _CLOCK_TIME.match(text.strip()):
        return base
    if base is None and not _YEAR.search(text):
        return None
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    words = text.split()
    # Longest leading part first: trailing words are often the clause the date belongs to.
    for end in range(min(len(words), 8), 0, -1):
        try:
            parsed = dateparser.parse(" ".join(words[:end]), languages=["en"], settings=settings)
        except (OverflowError, ValueError):  # "on Friday" before 1 January of the year 1: no such date
            continue
        if parsed is not None:
            return parsed.date()
    return None


# ---------------------------------------------------------------------- queries over a graph
# Questions an analyst asks of a graph, networkx-style: each takes the graph
# first; ``KnowledgeGraph`` has a method of the same name for each. Wherever
# one takes an entity, names resolve as in ``entity``.

#: Entity types a descriptive entity's name can mention (see ``paths``).
_NAMED_TYPES = frozenset({"Person", "Organization", "Place", "Event"})


def _short(name: str, width: int = 60) -> str:
    """A name cut to ``width`` characters for error messages."""
    return name if len(name) <= width else name[: width - 1] + "…"


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _ids_named(graph: KnowledgeGraph, name: str) -> set[str]:
    """Ids of entities called ``name``: an id, a name or alias, else a name that contains its words ("Blinken")."""
    if name in graph._g:
        return {name}
    index = graph._resolver.names
    key = normalize(name)
    found = set(index.get(key))
    if found or not key:
        return found
    wanted = key.split()
    found = {k for n, ids in index.items() if _contains(n.split(), wanted) for k in ids}
    # A partial name means the named entity it belongs to, not a description that quotes it:
    # "Nippon" is Nippon Steel, not "purchase of US Steel by Japan's Nippon Steel".
    named = {k for k in found if graph.get(k).type != UNTYPED}
    return named or found


def _close_matches(graph: KnowledgeGraph, name: str) -> list[str]:
    """Up to five names like ``name``, for an error message."""
    # Compare with whole names and with their single words, so "Rubbio" finds Marco Rubio;
    # named entities rank before descriptions that merely contain the word.
    index = graph._resolver.names
    query = normalize(name)
    keys_by_word: dict[str, list[str]] = {}
    for key in index:
        for word in {key, *key.split()}:
            keys_by_word.setdefault(word, []).append(key)
    ranked: dict[str, tuple[bool, float, str]] = {}
    for word in difflib.get_close_matches(query, list(keys_by_word), n=10, cutoff=0.75):
        score = difflib.SequenceMatcher(None, query, word).ratio()
        for key in keys_by_word[word]:
            for entity_id in index.get(key):
                candidate = graph.get(entity_id)
                shown = next((n for n in candidate.aliases if normalize(n) == key), None)
                hint = f"{shown!r} ({_short(candidate.name)})" if shown else repr(_short(candidate.name))
                rank = (candidate.type == UNTYPED, -score, hint)
                if entity_id not in ranked or rank < ranked[entity_id]:
                    ranked[entity_id] = rank
    return [rank[2] for rank in sorted(ranked.values())[:5]]


def _document_id(graph: KnowledgeGraph, document: str) -> str:
    if document in graph._documents:
        return document
    for doc in graph._documents.values():
        if document in (doc.url, doc.source):
            return doc.id
    close = difflib.get_close_matches(document, list(graph._documents), n=5)
    hint = f"close matches: {', '.join(map(repr, close))}" if close else "graph.documents() lists them"
    raise NotFoundError(f"no document has id or URL {document!r}; {hint}")


def entity(graph: KnowledgeGraph, name: str) -> Entity:
    """The one entity called ``name`` (canonical name, alias or id, any case).

    A surname finds the person ("Blinken"); a name that matches nothing, or
    several entities, raises ``NotFoundError`` listing the close matches.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> _ = g.add_entity(kg.Entity("ab", "Antony Blinken", "Person", aliases=("Blinken",)))
    >>> entity(g, "blinken").name
    'Antony Blinken'
    >>> entity(g, "Blinkin")
    Traceback (most recent call last):
    ...
    kg.errors.NotFoundError: no entity is called 'Blinkin'; close matches: 'Antony Blinken'
    """
    ids = _ids_named(graph, name)
    if len(ids) == 1:
        return graph.get(ids.pop())
    if not ids:
        hints = _close_matches(graph, name)
        way_out = f"close matches: {', '.join(hints)}" if hints else "no name in the graph is close; list its entities to see them"
        raise NotFoundError(f"no entity is called {name!r}; {way_out}")
    ranked = sorted(ids, key=lambda i: (len(graph.get(i).name), graph.get(i).name, i))
    names = ", ".join(f"{_short(graph.get(i).name)} (id {i!r})" for i in ranked[:6])
    more = f" and {len(ranked) - 6} more" if len(ranked) > 6 else ""
    raise NotFoundError(f"{name!r} names several entities: {names}{more}; use the full name or the id")


def entities_named(graph: KnowledgeGraph, name: str) -> list[Entity]:
    """Every entity ``name`` can mean (empty when none): the lenient form of ``entity``.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in (kg.Entity("a", "Ada Lovelace", "Person"), kg.Entity("b", "Ada Yonath", "Person")):
    ...     _ = g.add_entity(e)
    >>> [e.name for e in entities_named(g, "Ada")]
    ['Ada Lovelace', 'Ada Yonath']
    """
    return sorted((graph.get(i) for i in _ids_named(graph, name)), key=lambda e: (e.name, e.id))


def explain(graph: KnowledgeGraph, name: str) -> Explanation:
    """Why the mentions of one entity were merged: every mention with its rule, and how each document joined.

    ``name`` is a name (as in ``entity``) or the words of one mention ("the
    diplomat"); the record of merges is kept by ``kg.resolve``.

    >>> import kg
    >>> graph = kg.build("Joe Biden blocked the deal. Biden said he opposed it.")
    >>> [(m.text, m.rule) for m in explain(graph, "Biden").mentions]
    [('Joe Biden', 'ner'), ('Biden', 'surname'), ('he', 'pronoun: ranked first (same sentence, subject of the clause that holds it)')]
    """
    try:
        found = entity(graph, name)
    except NotFoundError:
        # Not a name: maybe the words of a mention ("the diplomat", "Secretary of State").
        key = normalize(name)
        ids = {e.id for e in graph.entities() if any(normalize(m.text) == key for m in e.mentions)}
        if len(ids) != 1:
            raise
        found = graph.get(ids.pop())
    return graph._resolver.explain(found)


def facts(
    graph: KnowledgeGraph,
    subject: str | None = None,
    predicate: str | None = None,
    object: str | None = None,
    *,
    document: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    include_negated: bool = False,
) -> list[Fact]:
    """Facts matching the given subject, predicate and object names.

    Names match canonical names, aliases and ids case-insensitively (a
    surname finds the person). The predicate matches facts whose relation
    it names ("acquire", or "bought": every fact of "buy", "purchase", "take
    over" ..., see ``kg.relations``) with the role the query gives the
    object ("acquire" and "bought" find no "buy from", whose object is the
    seller; "bought from" finds it), and facts whose own predicate contains
    those words compared by lemma: "blocked", "blocks" and "block" all find
    "block". ``document`` keeps facts read in that document (id or
    URL). ``since`` and ``until`` (ISO dates, inclusive) keep facts dated
    in that range: by their time qualifier read relative to the document
    date, else by the document date; undated facts are left out. Negated
    and hedged facts are left out unless ``include_negated``.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> g.add_document(kg.Document("d1", "", date="2025-01-07"))
    >>> for e in (kg.Entity("jb", "Joe Biden", "Person"), kg.Entity("us", "US Steel", "Organization")):
    ...     _ = g.add_entity(e)
    >>> ev = kg.Evidence("d1", "Biden blocked the deal on Friday.", 0, 33)
    >>> _ = g.add_fact(kg.Fact("jb", "block", "us", time="on Friday", evidence=(ev,)))
    >>> [(f.subject, f.predicate, f.object) for f in facts(g, "biden", "blocked")]
    [('jb', 'block', 'us')]
    >>> len(facts(g, since="2025-01-01", until="2025-01-03")), len(facts(g, since="2025-01-04"))
    (1, 0)
    """
    subjects = _ids_named(graph, subject) if subject is not None else None
    objects = _ids_named(graph, object) if object is not None else None
    doc_id = _document_id(graph, document) if document is not None else None
    start, end = as_date(since), as_date(until)
    wanted = query_relations(predicate) if predicate else frozenset()
    matched: dict[tuple[str, str], bool] = {}  # per distinct key and relation: a corpus repeats few of them many times
    found = []
    for s, o, data in graph._g.edges(data=True):
        fact: Fact = data["fact"]
        if subjects is not None and s not in subjects or objects is not None and o not in objects:
            continue
        if not include_negated and not fact.asserted:
            continue
        if predicate:
            pair = (fact.key, fact.relation)
            if pair not in matched:
                matched[pair] = predicate_matches(fact, predicate, wanted)
            if not matched[pair]:
                continue
        if doc_id is not None and all(e.document != doc_id for e in fact.evidence):
            continue
        if start is not None or end is not None:
            when = date_of(graph, fact)
            if when is None or start is not None and when < start or end is not None and when > end:
                continue
        found.append(fact)
    return found


def date_of(graph: KnowledgeGraph, fact: Fact) -> dt.date | None:
    """The date a fact is about: its time qualifier read relative to its document's date, else that date.

    None when neither gives a date (a weekday name needs the document date).
    """
    documents = [graph._documents.get(e.document) for e in fact.evidence]
    # A document date that is no date (from a graph file kg did not write) dates nothing, and breaks no query.
    base = next((day for d in documents if d is not None and d.date and (day := iso_date(d.date))), None)
    if fact.time:
        when = parse_date(fact.time, base)
        if when is not None:
            return when
    return base


def _keep(fact: Fact, predicate: str | None, include_negated: bool) -> bool:
    return (include_negated or fact.asserted) and (not predicate or predicate_matches(fact, predicate))


def neighbors(
    graph: KnowledgeGraph,
    entity: str,
    *,
    predicate: str | None = None,
    direction: Literal["out", "in", "both"] = "both",
    include_negated: bool = False,
) -> list[Entity]:
    """Entities one fact away from ``entity``, in the order the facts were added.

    ``direction`` is "out" (``entity`` is the subject), "in" (it is the
    object) or "both"; ``predicate`` keeps facts with that predicate (by lemma).

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in ("Blinken", "Iwaya", "Rubio"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
    >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
    >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
    >>> [e.name for e in neighbors(g, "Blinken")], [e.name for e in neighbors(g, "Blinken", direction="in")]
    (['Iwaya', 'Rubio'], ['Rubio'])
    """
    if direction not in ("out", "in", "both"):
        raise QueryError(f"direction {direction!r} is not one of 'out', 'in', 'both'")
    node = graph.entity(entity).id
    found: dict[str, None] = {}  # ids in first-seen order
    if direction in ("out", "both"):
        for _, other, data in graph._g.out_edges(node, data=True):
            if _keep(data["fact"], predicate, include_negated):
                found.setdefault(other)
    if direction in ("in", "both"):
        for other, _, data in graph._g.in_edges(node, data=True):
            if _keep(data["fact"], predicate, include_negated):
                found.setdefault(other)
    return [graph.get(i) for i in found if i != node]


def _name_links(graph: KnowledgeGraph) -> list[Fact]:
    """``mention`` links from descriptive entities to the named entities their names contain.

    "acquisition of US Steel" is about US Steel even when no clause says
    so; such a link joins the two in ``paths``. Names are matched longest
    first and without overlap, so "US Steel" is not also read as "US".
    """
    index = graph._resolver.names
    targets = {k: ids for k, ids in index.items() if any(graph.get(i).type in _NAMED_TYPES for i in ids)}
    longest = max((len(k.split()) for k in targets), default=0)
    read_in: dict[str, dict[Evidence, None]] = {}  # entity id -> its facts' evidence, in order, once each
    for fact in graph.iter_facts():
        for end in (fact.subject, fact.object):
            read_in.setdefault(end, {}).update(dict.fromkeys(fact.evidence))
    links = []
    for described in graph.entities():
        if described.type != UNTYPED:
            continue
        words = normalize(described.name).split()
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                ids = targets.get(" ".join(words[i : i + n]))
                if ids:
                    seen_in = tuple(read_in.get(described.id, {}))
                    for target in sorted(ids):
                        if graph.get(target).type in _NAMED_TYPES:
                            links.append(Fact(described.id, "mention", target, evidence=seen_in))
                    i += n
                    break
            else:
                i += 1
    return links


def paths(
    graph: KnowledgeGraph,
    a: str,
    b: str,
    *,
    max_length: int = 4,
    limit: int = 10,
    include_negated: bool = False,
    mentions: bool = True,
) -> list[list[Fact]]:
    """How two entities are connected: up to ``limit`` shortest paths, each a list of facts.

    A path follows facts in either direction (read each fact's subject and
    object to see which way it points) and has at most ``max_length``
    steps; the shortest come first. Between two entities joined by several
    facts the most confident one stands for the step. With ``mentions``, a
    step may also be a ``mention`` link from a descriptive entity
    ("Biden's decision to block acquisition of US Steel") to a named
    entity its name contains (US Steel): such links are not facts of the
    graph (``facts()`` never returns them); their evidence is the
    sentences the descriptive entity was read in.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in (kg.Entity("a", "Blinken", "Person"), kg.Entity("b", "Iwaya", "Person"),
    ...           kg.Entity("c", "Ishiba", "Person")):
    ...     _ = g.add_entity(e)
    >>> _ = g.add_fact(kg.Fact("a", "meet", "b"))
    >>> _ = g.add_fact(kg.Fact("c", "appoint", "b"))
    >>> [[(f.subject, f.predicate, f.object) for f in path] for path in paths(g, "Blinken", "Ishiba")]
    [[('a', 'meet', 'b'), ('c', 'appoint', 'b')]]
    """
    start, end = entity(graph, a).id, entity(graph, b).id
    if start == end:
        return []
    steps = nx.Graph()
    for fact in graph.iter_facts():
        if fact.subject == fact.object or not include_negated and not fact.asserted:
            continue
        # Between two entities joined by several facts the most confident one stands for the step.
        pair = (fact.subject, fact.object)
        if not steps.has_edge(*pair) or steps.edges[pair]["fact"].confidence < fact.confidence:
            steps.add_edge(*pair, fact=fact)
    if mentions:
        for link in _name_links(graph):
            if not steps.has_edge(link.subject, link.object):  # a fact beats a name link
                steps.add_edge(link.subject, link.object, fact=link)
    if start not in steps or end not in steps:
        return []
    found = []
    try:
        for nodes in nx.shortest_simple_paths(steps, start, end):
            if len(nodes) - 1 > max_length or len(found) >= limit:
                break
            found.append([steps.edges[u, v]["fact"] for u, v in itertools.pairwise(nodes)])
    except nx.NetworkXNoPath:
        pass
    return found


def evidence(graph: KnowledgeGraph, fact: Fact) -> tuple[Evidence, ...]:
    """Every sentence the graph holds for ``fact`` (a fact from an older copy of the graph works too).

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> _ = g.add_entity(kg.Entity("a", "Blinken")); _ = g.add_entity(kg.Entity("b", "Iwaya"))
    >>> first = g.add_fact(kg.Fact("a", "meet", "b", evidence=(kg.Evidence("d1", "Blinken met Iwaya.", 0, 18),)))
    >>> _ = g.add_fact(kg.Fact("a", "meet", "b", evidence=(kg.Evidence("d2", "They met.", 0, 9),)))
    >>> [e.sentence for e in evidence(g, first)]
    ['Blinken met Iwaya.', 'They met.']
    """
    try:
        return graph._g.edges[fact.subject, fact.object, fact.key]["fact"].evidence
    except KeyError:
        if fact.predicate == "mention" and fact.evidence:
            return fact.evidence  # a name link from ``paths``
        raise NotFoundError(f"the graph holds no fact {fact.identity!r}; take facts from graph.facts()") from None


def subgraph(
    graph: KnowledgeGraph,
    entities: str | Iterable[str] | None = None,
    *,
    predicate: str | None = None,
    document: str | None = None,
) -> KnowledgeGraph:
    """A new graph with part of this one: given entities, one predicate, or one document.

    ``entities`` (names or ids) keeps those entities and the facts among
    them; ``predicate`` keeps facts with that predicate (by lemma) and the
    entities they join; ``document`` keeps what was read in that document,
    with only its evidence and mentions. Given together, all must hold.
    Negated and hedged facts are kept (they are part of the graph).

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in ("Blinken", "Iwaya", "Rubio"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
    >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
    >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
    >>> subgraph(g, predicate="replaced")
    KnowledgeGraph: 2 entities, 1 fact, 0 documents
    >>> sorted(e.name for e in subgraph(g, ["Blinken", "Iwaya"]).entities())
    ['Blinken', 'Iwaya']
    """
    keep = None
    if entities is not None:
        names = [entities] if isinstance(entities, str) else list(entities)
        keep = {entity(graph, n).id for n in names}
    kept = [
        f
        for f in facts(graph, predicate=predicate, document=document, include_negated=True)
        if keep is None or f.subject in keep and f.object in keep
    ]
    doc_id = _document_id(graph, document) if document is not None else None
    if doc_id is not None:
        kept = [dataclasses.replace(f, evidence=tuple(e for e in f.evidence if e.document == doc_id)) for f in kept]
    ids = set(keep or ())
    for fact in kept:
        ids.update(i for i in (fact.subject, fact.object, fact.attributed_to) if i is not None)
    if doc_id is not None and keep is None:
        ids.update(e.id for e in graph.entities() if any(m.document == doc_id for m in e.mentions))
    chosen = [graph.get(i) for i in graph._g if i in ids]
    if doc_id is not None:
        chosen = [
            dataclasses.replace(e, mentions=tuple(m for m in e.mentions if m.document == doc_id)) for e in chosen
        ]
    part = from_entities_and_facts(chosen, kept)
    used = {e.document for f in kept for e in f.evidence} | {m.document for e in chosen for m in e.mentions}
    for doc in graph._documents.values():
        if doc.id in used or doc.id == doc_id:
            part.add_document(doc)
    return part


def most_connected(graph: KnowledgeGraph, n: int = 10, *, include_negated: bool = False) -> list[tuple[Entity, int]]:
    """The ``n`` entities in the most facts, with their number of facts, most first.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in ("Blinken", "Iwaya", "Rubio"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
    >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
    >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
    >>> [(e.name, count) for e, count in most_connected(g, 2)]
    [('Blinken', 2), ('Iwaya', 1)]
    """
    counts: dict[str, int] = dict.fromkeys(graph._g, 0)
    for fact in graph.iter_facts():
        if include_negated or fact.asserted:
            counts[fact.subject] += 1
            counts[fact.object] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], graph.get(item[0]).name, item[0]))
    return [(graph.get(i), count) for i, count in ranked[:n]]


def predicates(graph: KnowledgeGraph, *, include_negated: bool = False) -> dict[str, int]:
    """Each predicate with its number of facts, most frequent first.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in ("Blinken", "Iwaya", "Rubio"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Person"))
    >>> _ = g.add_fact(kg.Fact("blinken", "meet", "iwaya"))
    >>> _ = g.add_fact(kg.Fact("rubio", "meet", "blinken"))
    >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken"))
    >>> predicates(g)
    {'meet': 2, 'replace': 1}
    """
    counts = Counter(f.predicate for f in graph.iter_facts() if include_negated or f.asserted)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def relations(graph: KnowledgeGraph, *, include_negated: bool = False) -> dict[str, int]:
    """Each relation (``Fact.relation``: kg's canonical relation, else the predicate) with its number of facts,
    most frequent first.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in ("Acme", "Beta", "Gamma"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e, "Organization"))
    >>> _ = g.add_fact(kg.Fact("acme", "buy", "beta"))
    >>> _ = g.add_fact(kg.Fact("gamma", "take over", "beta"))
    >>> _ = g.add_fact(kg.Fact("gamma", "warn of", "acme"))
    >>> relations(g)
    {'acquire': 2, 'warn': 1}
    """
    counts = Counter(f.relation for f in graph.iter_facts() if include_negated or f.asserted)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def timeline(graph: KnowledgeGraph, entity: str, *, include_negated: bool = False) -> list[tuple[dt.date | None, Fact]]:
    """The facts about ``entity`` as (date, fact) pairs in time order.

    A fact's date is its time qualifier read relative to its document's
    date, else the document date (see ``date_of``). Dated facts come
    first, oldest first; undated ones follow in the order of the text.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> g.add_document(kg.Document("d1", "", date="2025-01-07"))
    >>> for e in ("Biden", "US Steel", "Rubio", "Blinken"):
    ...     _ = g.add_entity(kg.Entity(e.lower(), e))
    >>> def ev(start):
    ...     return (kg.Evidence("d1", "...", start, start + 3),)
    >>> _ = g.add_fact(kg.Fact("rubio", "replace", "blinken", time="January 20", evidence=ev(0)))
    >>> _ = g.add_fact(kg.Fact("biden", "block", "us steel", time="Friday", evidence=ev(9)))
    >>> _ = g.add_fact(kg.Fact("blinken", "visit", "us steel", evidence=ev(5)))
    >>> [(str(when), f.predicate) for when, f in timeline(g, "US Steel")]
    [('2025-01-03', 'block'), ('2025-01-07', 'visit')]
    """
    node = graph.entity(entity).id
    order = {doc_id: n for n, doc_id in enumerate(graph._documents)}
    dated = []
    for fact in graph.iter_facts():
        if node not in (fact.subject, fact.object) or not include_negated and not fact.asserted:
            continue
        first = min(((order.get(e.document, len(order)), e.start) for e in fact.evidence), default=(len(order), 0))
        dated.append((date_of(graph, fact), first, fact))
    dated.sort(key=lambda item: (item[0] is None, item[0] or dt.date.min, item[1]))
    return [(when, fact) for when, _, fact in dated]


@dataclass(frozen=True)
class Summary:
    """What a graph holds, at a glance: see ``summary``. ``str()`` gives it as a text table."""

    documents: int
    entities: int
    facts: int
    types: tuple[tuple[str, int], ...]  # (entity type, entities), most first
    most_connected: tuple[tuple[Entity, int], ...]  # named entities with their number of facts, most first
    relations: tuple[tuple[str, int], ...]  # (relation, facts), most first
    canonical: int  # facts on a relation of kg's inventory

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The summary as (section, name, type, count) rows: what ``kg summary`` prints as TSV, CSV or JSON."""
        rows = [("graph", "documents", "", str(self.documents)), ("graph", "entities", "", str(self.entities)),
                ("graph", "facts", "", str(self.facts)), ("graph", "facts on a canonical relation", "", str(self.canonical))]
        rows += [("entities by type", kind, kind, str(n)) for kind, n in self.types]
        rows += [("most connected", e.name, e.type, str(n)) for e, n in self.most_connected]
        rows += [("most frequent relations", name, "", str(n)) for name, n in self.relations]
        return rows

    def __str__(self) -> str:
        share = f" ({self.canonical / self.facts:.0%} on a canonical relation)" if self.facts else ""
        counts = ((self.documents, "document", "documents"), (self.entities, "entity", "entities"), (self.facts, "fact", "facts"))
        lines = [", ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in counts) + share]
        sections = (
            ("Entities by type", [(kind, "", n) for kind, n in self.types]),
            ("Most connected", [(e.name, e.type, n) for e, n in self.most_connected]),
            ("Most frequent relations", [(name, "", n) for name, n in self.relations]),
        )
        for title, items in sections:
            if not items:
                continue
            width = max(len(name) for name, _, _ in items)
            kinds = max(len(kind) for _, kind, _ in items)
            digits = max(len(f"{n:,}") for _, _, n in items)
            lines += ["", title]
            lines += [f"  {name:<{width}}  " + (f"{kind:<{kinds}}  " if kinds else "") + f"{n:>{digits},}"
                      for name, kind, n in items]
        return "\n".join(lines)


def summary(graph: KnowledgeGraph, *, top: int = 10) -> Summary:
    """Documents, entities by type, the ``top`` most connected named entities (people, organisations,
    places, events) and the ``top`` most frequent relations of a graph.

    >>> import kg
    >>> g = kg.KnowledgeGraph()
    >>> for e in (kg.Entity("a", "Acme", "Organization"), kg.Entity("b", "Beta", "Organization")):
    ...     _ = g.add_entity(e)
    >>> _ = g.add_fact(kg.Fact("a", "buy", "b"))
    >>> print(summary(g))
    0 documents, 2 entities, 1 fact (100% on a canonical relation)
    <BLANKLINE>
    Entities by type
      Organization  2
    <BLANKLINE>
    Most connected
      Acme  Organization  1
      Beta  Organization  1
    <BLANKLINE>
    Most frequent relations
      acquire  1
    """
    from .relations import is_canonical

    types = Counter(e.type for e in graph.entities())
    named = [(e, n) for e, n in most_connected(graph, graph.nx.number_of_nodes(), include_negated=True)
             if e.type in _NAMED_TYPES and n][:top]
    counts = relations(graph, include_negated=True)
    return Summary(
        documents=len(graph.documents()),
        entities=graph.nx.number_of_nodes(),
        facts=len(graph),
        types=tuple(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        most_connected=tuple(named),
        relations=tuple(list(counts.items())[:top]),
        canonical=sum(n for name, n in counts.items() if is_canonical(name)),
    )
