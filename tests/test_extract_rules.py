"""Extraction rules on hand-built parses: each row names the pattern it pins down."""
from __future__ import annotations

import pytest

from kg.extract import propositions
from kg.extract.propositions import verb_lemma

from .conftest import make_doc


def _props(nlp, rows, ents=()):
    return propositions(make_doc(nlp, rows, ents))


def _by_predicate(props, predicate):
    found = [p for p in props if p.predicate == predicate]
    assert found, f"no {predicate!r} in {[(p.predicate, p.relation) for p in props]}"
    return found


def test_passive_agent_becomes_the_active_subject(nlp):
    rows = [
        ("Blinken", 2, "nsubjpass", "PROPN", "NNP", "Blinken"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("replaced", 2, "ROOT", "VERB", "VBN", "replace"),
        ("by", 2, "agent", "ADP", "IN", "by"),
        ("Rubio", 3, "pobj", "PROPN", "NNP", "Rubio"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "replace")
    assert (prop.subject.text, prop.object.text) == ("Rubio", "Blinken")
    # The Open IE form keeps what the sentence says, in its order.
    assert prop.carb() == ("was replaced by", ["Blinken", "Rubio"])


def test_light_verb_with_event_noun_is_a_meeting(nlp):
    rows = [
        ("Alice", 1, "nsubj", "PROPN", "NNP", "Alice"),
        ("had", 1, "ROOT", "VERB", "VBD", "have"),
        ("lunch", 1, "dobj", "NOUN", "NN", "lunch"),
        ("with", 2, "prep", "ADP", "IN", "with"),
        ("Bob", 3, "pobj", "PROPN", "NNP", "Bob"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "meet")
    assert (prop.subject.text, prop.object.text) == ("Alice", "Bob")


@pytest.mark.parametrize(
    ("word", "dep", "tag", "negated", "modality"),
    [("not", "neg", "RB", True, None), ("may", "aux", "MD", False, "may"), ("will", "aux", "MD", False, "will")],
)
def test_negation_and_modality_are_flagged_not_dropped(nlp, word, dep, tag, negated, modality):
    rows = [
        ("Alice", 2, "nsubj", "PROPN", "NNP", "Alice"),
        (word, 2, dep, "PART" if dep == "neg" else "AUX", tag, word),
        ("block", 2, "ROOT", "VERB", "VB", "block"),
        ("the", 4, "det", "DET", "DT", "the"),
        ("deal", 2, "dobj", "NOUN", "NN", "deal"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "block")
    assert (prop.negated, prop.modality) == (negated, modality)
    assert prop.object.text == "the deal"


def test_apposition_names_the_description(nlp):
    rows = [
        ("Bob", 7, "nsubj", "PROPN", "NNP", "Bob"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("the", 3, "det", "DET", "DT", "the"),
        ("head", 0, "appos", "NOUN", "NN", "head"),
        ("of", 3, "prep", "ADP", "IN", "of"),
        ("Acme", 4, "pobj", "PROPN", "NNP", "Acme"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("resigned", 7, "ROOT", "VERB", "VBD", "resign"),
        (".", 7, "punct", "PUNCT", ".", "."),
    ]
    props = _props(nlp, rows, ents=[(0, 1, "PERSON"), (5, 6, "ORG")])
    [prop] = [p for p in props if p.rule == "apposition"]
    assert prop.carb() == ("be", ["Bob", "the head of Acme"])


@pytest.mark.parametrize(
    ("det", "second_type", "be"),
    [
        (False, "PERSON", False),  # names in a list: "John Nettle, ...; Mark Bailin of ..." are two people
        (True, "PERSON", True),    # a described name keeps its determiner: "Respect, the Unity Coalition"
        (False, "ORG", True),      # a name and a name of another kind: "Bob, Acme" (its owner, its employer)
    ],
)
def test_apposition_of_two_names_of_one_kind_is_a_list(nlp, det, second_type, be):
    rows = [
        ("Bob", 6, "nsubj", "PROPN", "NNP", "Bob"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("the", 4, "det", "DET", "DT", "the"),
        ("Mark", 4, "compound", "PROPN", "NNP", "Mark"),
        ("Bailin", 0, "appos", "PROPN", "NNP", "Bailin"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("resigned", 6, "ROOT", "VERB", "VBD", "resign"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    if not det:
        rows = [(w, h - (h > 2), dep, pos, tag, lem) for i, (w, h, dep, pos, tag, lem) in enumerate(rows) if i != 2]
    second = (2, 4) if not det else (3, 5)
    props = _props(nlp, rows, ents=[(0, 1, "PERSON"), (*second, second_type)])
    assert [p.carb() for p in props if p.rule == "apposition"] == (
        [("be", ["Bob", "the Mark Bailin" if det else "Mark Bailin"])] if be else []
    )


@pytest.mark.parametrize(
    ("comma", "clause"),
    [
        (True, False),   # participle in a list: "copper, coking coal, zinc" names products
        (False, True),   # "the firm making cars": a clause on its noun
    ],
)
def test_participle_in_a_list_is_no_clause(nlp, comma, clause):
    rows = [
        ("products", 1, "nsubj", "NOUN", "NNS", "product"),
        ("are", 1, "ROOT", "AUX", "VBP", "be"),
        ("copper", 1, "attr", "NOUN", "NN", "copper"),
        (",", 2, "punct", "PUNCT", ",", ","),
        ("coking", 2, "acl", "VERB", "VBG", "coke"),
        ("coal", 4, "dobj", "NOUN", "NN", "coal"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    if not comma:
        rows = [(w, h - (h > 3), dep, pos, tag, lem) for i, (w, h, dep, pos, tag, lem) in enumerate(rows) if i != 3]
    assert any(p.predicate == "coke" for p in _props(nlp, rows)) == clause


def test_coordinated_subjects_split_into_propositions(nlp):
    rows = [
        ("Alice", 3, "nsubj", "PROPN", "NNP", "Alice"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Bob", 0, "conj", "PROPN", "NNP", "Bob"),
        ("signed", 3, "ROOT", "VERB", "VBD", "sign"),
        ("the", 5, "det", "DET", "DT", "the"),
        ("deal", 3, "dobj", "NOUN", "NN", "deal"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    props = _by_predicate(_props(nlp, rows), "sign")
    assert sorted(p.subject.text for p in props) == ["Alice", "Bob"]


def test_clausal_complement_is_attributed_to_the_speaker(nlp):
    rows = [
        ("Carol", 1, "nsubj", "PROPN", "NNP", "Carol"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("that", 4, "mark", "SCONJ", "IN", "that"),
        ("Alice", 4, "nsubj", "PROPN", "NNP", "Alice"),
        ("blocked", 1, "ccomp", "VERB", "VBD", "block"),
        ("the", 6, "det", "DET", "DT", "the"),
        ("deal", 4, "dobj", "NOUN", "NN", "deal"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "block")
    assert prop.subject.text == "Alice"
    assert prop.attributed_to is not None and prop.attributed_to.text == "Carol"


def _triple(prop):
    return (prop.subject.text if prop.subject else None, prop.predicate, prop.object.text if prop.object else None)


def test_prepositional_argument_follows_the_object(nlp):
    rows = [
        ("They", 1, "nsubj", "PRON", "PRP", "they"),
        ("filed", 1, "ROOT", "VERB", "VBD", "file"),
        ("an", 3, "det", "DET", "DT", "an"),
        ("appeal", 1, "dobj", "NOUN", "NN", "appeal"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("a", 6, "det", "DET", "DT", "a"),
        ("court", 4, "pobj", "NOUN", "NN", "court"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "file")
    assert prop.carb() == ("filed", ["They", "an appeal", "in a court"])
    assert [(a.role, a.prep, a.text) for a in prop.extra] == [("prep", "in", "a court")]


def test_prepositional_verb_without_object_takes_the_preposition(nlp):
    rows = [
        ("Bob", 1, "nsubj", "PROPN", "NNP", "Bob"),
        ("arrived", 1, "ROOT", "VERB", "VBD", "arrive"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("Tokyo", 2, "pobj", "PROPN", "NNP", "Tokyo"),
        ("on", 1, "prep", "ADP", "IN", "on"),
        ("Monday", 4, "pobj", "PROPN", "NNP", "Monday"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows, ents=[(0, 1, "PERSON"), (3, 4, "GPE"), (5, 6, "DATE")]), "arrive in")
    assert prop.carb() == ("arrived in", ["Bob", "Tokyo", "on Monday"])
    assert (prop.object.role, prop.place, prop.time) == ("object", "Tokyo", "Monday")


def test_raising_chain_reads_the_last_verb_and_says_nothing_alone(nlp):
    rows = [
        ("Bob", 2, "nsubjpass", "PROPN", "NNP", "Bob"),
        ("is", 2, "auxpass", "AUX", "VBZ", "be"),
        ("expected", 2, "ROOT", "VERB", "VBN", "expect"),
        ("to", 5, "aux", "PART", "TO", "to"),
        ("be", 5, "auxpass", "AUX", "VB", "be"),
        ("replaced", 2, "xcomp", "VERB", "VBN", "replace"),
        ("by", 5, "agent", "ADP", "IN", "by"),
        ("Carol", 6, "pobj", "PROPN", "NNP", "Carol"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    props = _props(nlp, rows)
    assert [(_triple(p), p.relation) for p in props] == [(("Carol", "replace", "Bob"), "is expected to be replaced by")]


def test_participle_subject_leaves_the_participle_out(nlp):
    rows = [
        ("the", 1, "det", "DET", "DT", "the"),
        ("dispute", 1, "ROOT", "NOUN", "NN", "dispute"),
        ("surrounding", 1, "acl", "VERB", "VBG", "surround"),
        ("Acme", 2, "dobj", "PROPN", "NNP", "Acme"),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "surround")
    assert _triple(prop) == ("the dispute", "surround", "Acme")


def test_relative_pronoun_object_is_the_antecedent(nlp):
    rows = [
        ("the", 1, "det", "DET", "DT", "the"),
        ("match", 5, "dobj", "NOUN", "NN", "match"),
        ("which", 4, "dobj", "PRON", "WDT", "which"),
        ("Ann", 4, "nsubj", "PROPN", "NNP", "Ann"),
        ("lost", 1, "relcl", "VERB", "VBD", "lose"),
        ("mattered", 5, "ROOT", "VERB", "VBD", "matter"),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "lose")
    assert _triple(prop) == ("Ann", "lose", "the match")


def test_title_in_a_compound_describes_the_person(nlp):
    rows = [
        ("Prime", 1, "compound", "PROPN", "NNP", "Prime"),
        ("Minister", 3, "compound", "PROPN", "NNP", "Minister"),
        ("Shigeru", 3, "compound", "PROPN", "NNP", "Shigeru"),
        ("Ishiba", 4, "nsubj", "PROPN", "NNP", "Ishiba"),
        ("spoke", 4, "ROOT", "VERB", "VBD", "speak"),
    ]
    [prop] = [p for p in _props(nlp, rows, ents=[(2, 4, "PERSON")]) if p.rule == "title"]
    assert _triple(prop) == ("Shigeru Ishiba", "be", "Prime Minister")


@pytest.mark.parametrize(
    ("owner", "owned", "ents", "role"),
    [
        ("Cherie", "Chambers", ("PERSON", "ORG"), "object"),   # ownership between two names: a graph fact
        ("Cherie", "Chambers", ("PERSON", None), "complement"),  # "Biden's decision": Open IE only
        ("Japan", "Steel", ("GPE", "ORG"), "complement"),      # place possessive: "Spain's High Court" says where
        ("Amnesty", "Shaw", ("ORG", "PERSON"), "complement"),  # possessed person: "Amnesty's Jan Shaw" is a member
        ("Amin", "Uganda", ("PERSON", "GPE"), "complement"),   # possessed place: "Idi Amin's Uganda"
    ],
)
def test_possessive_is_a_graph_fact_only_for_ownership_between_two_names(nlp, owner, owned, ents, role):
    rows = [
        (owner, 3, "poss", "PROPN", "NNP", owner),
        ("'s", 0, "case", "PART", "POS", "'s"),
        ("New", 3, "compound", "PROPN", "NNP", "New"),
        (owned, 4, "nsubj", "PROPN", "NNP", owned),
        ("grew", 4, "ROOT", "VERB", "VBD", "grow"),
    ]
    spans = [(0, 1, ents[0])] + ([(2, 4, ents[1])] if ents[1] else [])
    [prop] = [p for p in _props(nlp, rows, ents=spans) if p.rule == "possessive"]
    assert (_triple(prop), prop.object.role) == ((owner, "have", f"New {owned}"), role)


def test_shared_object_of_coordinated_verbs(nlp):
    rows = [
        ("Ann", 1, "nsubj", "PROPN", "NNP", "Ann"),
        ("signed", 1, "ROOT", "VERB", "VBD", "sign"),
        ("and", 1, "cc", "CCONJ", "CC", "and"),
        ("ratified", 1, "conj", "VERB", "VBD", "ratify"),
        ("it", 3, "dobj", "PRON", "PRP", "it"),
    ]
    props = _props(nlp, rows)
    assert sorted(_triple(p) for p in props) == [("Ann", "ratify", "it"), ("Ann", "sign", "it")]


def test_neither_nor_negates_both_verbs(nlp):
    rows = [
        ("Ann", 2, "nsubj", "PROPN", "NNP", "Ann"),
        ("neither", 2, "preconj", "CCONJ", "CC", "neither"),
        ("signed", 2, "ROOT", "VERB", "VBD", "sign"),
        ("it", 2, "dobj", "PRON", "PRP", "it"),
        ("nor", 2, "cc", "CCONJ", "CC", "nor"),
        ("ratified", 2, "conj", "VERB", "VBD", "ratify"),
        ("it", 5, "dobj", "PRON", "PRP", "it"),
    ]
    props = _props(nlp, rows)
    assert sorted((p.predicate, p.negated) for p in props) == [("ratify", True), ("sign", True)]


def test_narrowing_apposition_stays_in_the_argument(nlp):
    rows = [
        ("Ann", 2, "nsubjpass", "PROPN", "NNP", "Ann"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("born", 2, "ROOT", "VERB", "VBN", "bear"),
        ("in", 2, "prep", "ADP", "IN", "in"),
        ("Provo", 3, "pobj", "PROPN", "NNP", "Provo"),
        (",", 4, "punct", "PUNCT", ",", ","),
        ("Utah", 4, "appos", "PROPN", "NNP", "Utah"),
    ]
    props = _props(nlp, rows, ents=[(0, 1, "PERSON"), (4, 5, "GPE"), (6, 7, "GPE")])
    assert [p.carb() for p in props] == [("was born in", ["Ann", "Provo Utah"])]


def test_confidence_is_a_probability_that_prefers_clean_clauses(nlp):
    rows = [
        ("Ann", 1, "nsubj", "PROPN", "NNP", "Ann"),
        ("signed", 1, "ROOT", "VERB", "VBD", "sign"),
        ("it", 1, "dobj", "PRON", "PRP", "it"),
    ]
    [clean] = _props(nlp, rows)
    rows[0] = ("she", 1, "nsubj", "PRON", "PRP", "she")
    [pronoun] = _props(nlp, rows)
    assert 0.0 < pronoun.confidence < clean.confidence < 1.0


def test_noun_placed_by_a_preposition_is_located(nlp):
    rows = [
        ("the", 1, "det", "DET", "DT", "the"),
        ("foundation", 4, "nsubj", "PROPN", "NNP", "foundation"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("Berlin", 2, "pobj", "PROPN", "NNP", "Berlin"),
        ("opened", 4, "ROOT", "VERB", "VBD", "open"),
    ]
    [prop] = [p for p in _props(nlp, rows, ents=[(3, 4, "GPE")]) if p.rule == "located"]
    assert (prop.carb(), prop.predicate, prop.place) == (("be in", ["the foundation", "Berlin"]), "be in", "Berlin")


def test_prepositional_dative_is_an_argument_not_an_object(nlp):
    rows = [
        ("Ann", 1, "nsubj", "PROPN", "NNP", "Ann"),
        ("sold", 1, "ROOT", "VERB", "VBD", "sell"),
        ("the", 3, "det", "DET", "DT", "the"),
        ("mill", 1, "dobj", "NOUN", "NN", "mill"),
        ("to", 1, "dative", "ADP", "IN", "to"),
        ("Bob", 4, "pobj", "PROPN", "NNP", "Bob"),
    ]
    props = _props(nlp, rows)
    assert [p.carb() for p in props] == [("sold", ["Ann", "the mill", "to Bob"])]


def test_linking_verb_keeps_its_meaning(nlp):
    rows = [
        ("Ann", 1, "nsubj", "PROPN", "NNP", "Ann"),
        ("looked", 1, "ROOT", "VERB", "VBD", "look"),
        ("tired", 1, "acomp", "ADJ", "JJ", "tired"),
    ]
    [prop] = _props(nlp, rows)
    assert (prop.carb(), prop.predicate, prop.object.role) == (("looked", ["Ann", "tired"]), "look", "complement")


def test_passive_of_a_two_object_verb_keeps_the_second_object(nlp):
    rows = [
        ("Acme", 3, "nsubjpass", "PROPN", "NNP", "Acme"),
        ("was", 3, "auxpass", "AUX", "VBD", "be"),
        ("only", 3, "advmod", "ADV", "RB", "only"),
        ("given", 3, "ROOT", "VERB", "VBN", "give"),
        ("a", 5, "det", "DET", "DT", "a"),
        ("contract", 3, "dobj", "NOUN", "NN", "contract"),
    ]
    [prop] = _props(nlp, rows)
    assert (prop.carb(), prop.predicate, prop.subject) == (("was only given", ["Acme", "a contract"]), "give", None)


def test_coordinated_bare_participle_shares_the_passive(nlp):
    rows = [
        ("Ann", 2, "nsubjpass", "PROPN", "NNP", "Ann"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("fired", 2, "ROOT", "VERB", "VBN", "fire"),
        ("and", 2, "cc", "CCONJ", "CC", "and"),
        ("replaced", 2, "conj", "VERB", "VBN", "replace"),
        ("by", 4, "agent", "ADP", "IN", "by"),
        ("Bob", 5, "pobj", "PROPN", "NNP", "Bob"),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "replace")
    assert (_triple(prop), prop.carb()) == (("Bob", "replace", "Ann"), ("was replaced by", ["Ann", "Bob"]))


def test_existential_there_makes_the_thing_the_subject(nlp):
    rows = [
        ("There", 1, "expl", "PRON", "EX", "there"),
        ("were", 1, "ROOT", "AUX", "VBD", "be"),
        ("protests", 1, "attr", "NOUN", "NNS", "protest"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("Tokyo", 3, "pobj", "PROPN", "NNP", "Tokyo"),
    ]
    [prop] = _props(nlp, rows, ents=[(4, 5, "GPE")])
    assert (prop.carb(), prop.rule, prop.place) == (("were in", ["protests", "Tokyo"]), "existential", "Tokyo")


def test_object_control_through_a_preposition(nlp):
    # "MPs called on the DTI to block the takeover": the one called on blocks, and only as a request.
    rows = [
        ("MPs", 1, "nsubj", "NOUN", "NNS", "MP"),
        ("called", 1, "ROOT", "VERB", "VBD", "call"),
        ("on", 1, "prep", "ADP", "IN", "on"),
        ("the", 4, "det", "DET", "DT", "the"),
        ("DTI", 2, "pobj", "PROPN", "NNP", "DTI"),
        ("to", 6, "aux", "PART", "TO", "to"),
        ("block", 1, "xcomp", "VERB", "VB", "block"),
        ("the", 8, "det", "DET", "DT", "the"),
        ("takeover", 6, "dobj", "NOUN", "NN", "takeover"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    [prop] = _by_predicate(_props(nlp, rows), "block")
    assert (prop.subject.text, prop.object.text, prop.rule) == ("the DTI", "the takeover", "object control")
    assert (prop.assertion, prop.modality) == ("requested", "call")


def test_amount_apposition_is_no_be_fact(nlp):
    # A currency conversion: "a 684bn yen ($6.4bn) loss" says no amount "is" the other.
    rows = [
        ("Nissan", 1, "nsubj", "PROPN", "NNP", "Nissan"),
        ("made", 1, "ROOT", "VERB", "VBD", "make"),
        ("684bn", 3, "nummod", "NUM", "CD", "684bn"),
        ("yen", 1, "dobj", "NOUN", "NNS", "yen"),
        ("(", 3, "punct", "PUNCT", "-LRB-", "("),
        ("$", 6, "nmod", "SYM", "$", "$"),
        ("6.4bn", 3, "appos", "NUM", "CD", "6.4bn"),
        (")", 3, "punct", "PUNCT", "-RRB-", ")"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    props = _props(nlp, rows)
    assert [p.predicate for p in props] == ["make"]


@pytest.mark.parametrize(
    ("governor", "lemma_", "extra", "assertion", "cue"),
    [
        ("hopes", "hope", None, "hedged", "hope"),           # a wish
        ("expects", "expect", None, "hedged", "expect"),     # raising: "is expected to meet"
        ("refused", "refuse", None, "refused", "refuse"),
        ("has", "have", "yet", "refused", "yet"),            # "has yet to meet"
        ("decided", "decide", None, "asserted", None),       # a decision taken is no hedge
    ],
)
def test_control_verb_sets_the_assertion_of_its_complement(nlp, governor, lemma_, extra, assertion, cue):
    rows = [("Alice", 1, "nsubj", "PROPN", "NNP", "Alice"), (governor, 1, "ROOT", "VERB", "VBZ", lemma_)]
    if extra:
        rows.append((extra, 1, "advmod", "ADV", "RB", extra))
    at = len(rows)
    rows += [("to", at + 1, "aux", "PART", "TO", "to"), ("meet", 1, "xcomp", "VERB", "VB", "meet"),
             ("Bob", at + 1, "dobj", "PROPN", "NNP", "Bob"), (".", 1, "punct", "PUNCT", ".", ".")]
    [prop] = _by_predicate(_props(nlp, rows), "meet")
    assert (prop.subject.text, prop.object.text, prop.assertion, prop.modality) == ("Alice", "Bob", assertion, cue)


def test_adjunct_preposition_never_joins_the_relation(nlp):
    # "Alice agreed despite the dispute": no relation "agree despite".
    rows = [
        ("Alice", 1, "nsubj", "PROPN", "NNP", "Alice"),
        ("agreed", 1, "ROOT", "VERB", "VBD", "agree"),
        ("despite", 1, "prep", "ADP", "IN", "despite"),
        ("the", 4, "det", "DET", "DT", "the"),
        ("dispute", 2, "pobj", "NOUN", "NN", "dispute"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    assert not [p for p in _props(nlp, rows) if p.predicate.startswith("agree")]


def test_title_read_as_a_verb_is_the_role_of_the_person_it_names(nlp):
    # "Velt head Anna Moss is set to leave": the parser made "head" a verb between the two names.
    rows = [
        ("Velt", 1, "nsubj", "PROPN", "NNP", "Velt"),
        ("head", 1, "ROOT", "VERB", "VBP", "head"),
        ("Anna", 3, "compound", "PROPN", "NNP", "Anna"),
        ("Moss", 1, "dobj", "PROPN", "NNP", "Moss"),
        ("is", 5, "auxpass", "AUX", "VBZ", "be"),
        ("set", 1, "ccomp", "VERB", "VBN", "set"),
        ("to", 7, "aux", "PART", "TO", "to"),
        ("leave", 5, "xcomp", "VERB", "VB", "leave"),
        ("Norland", 7, "dobj", "PROPN", "NNP", "Norland"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    props = _props(nlp, rows, ents=[(0, 1, "ORG"), (2, 4, "PERSON"), (8, 9, "ORG")])
    [role] = _by_predicate(props, "be head of")
    assert (role.subject.text, role.object.text) == ("Anna Moss", "Velt")
    [leave] = _by_predicate(props, "leave")
    assert (leave.subject.text, leave.object.text, leave.assertion) == ("Anna Moss", "Norland", "hedged")
    assert not [p for p in props if p.predicate == "head"]


@pytest.mark.parametrize(
    ("form", "guess", "lemma"),
    [
        # Single consonant after one vowel: "fin" would have doubled its "n" ("finned").
        ("fined", "fin", "fine"), ("staged", "stag", "stage"), ("hoping", "hop", "hope"), ("stages", "stag", "stage"),
        ("tapped", "tap", "tap"), ("visited", "visit", "visit"), ("taxed", "tax", "tax"), ("rained", "rain", "rain"),
        # Doubled consonant: the guess is no word; the stem has one consonant.
        ("trialled", "trialle", "trial"), ("targetted", "targette", "target"), ("focussed", "focusse", "focus"),
        ("rebidding", "rebidde", "rebid"),
        # Silent e: the stem without it is a word or ends in a longer one than the guess ("out" + "sprint").
        ("outsprinted", "outsprinte", "outsprint"), ("deselected", "deselecte", "deselect"),
        ("videoed", "videoe", "video"),
        # The guess stays where it is a word, or ends in a longer word than the stem.
        ("made", "make", "make"), ("programmed", "programme", "programme"),
        ("outmanoeuvred", "outmanoeuvre", "outmanoeuvre"), ("repriced", "reprice", "reprice"),
        ("offspring", "offspre", "offspre"),
    ],
)
def test_single_doubled_consonant_or_silent_e_lemma_is_respelled(form, guess, lemma):
    assert verb_lemma(form, guess) == lemma


def test_a_predicate_has_the_respelled_lemma_of_its_verb(nlp):
    # "Velt trialled the drug": the rule lemmatizer's guess "trialle" is no verb.
    rows = [
        ("Velt", 1, "nsubj", "PROPN", "NNP", "Velt"),
        ("trialled", 1, "ROOT", "VERB", "VBD", "trialle"),
        ("the", 3, "det", "DET", "DT", "the"),
        ("drug", 1, "dobj", "NOUN", "NN", "drug"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    assert [p.predicate for p in _props(nlp, rows, ents=[(0, 1, "ORG")])] == ["trial"]
