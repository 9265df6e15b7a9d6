"""kg's table attribute ruler and lemmatizer give every token the annotations spaCy's own components give it."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from kg.nlp import choose_model
from kg.token_rules import compile_rules

# Invented sentences for the model's rules beyond one word and one tag: two-token patterns ("gon na", "got ta",
# "let 's", "c'm on", "y' all", "ai n't"), the dependency patterns (pronoun case by subject or object, "do"/"have"
# as main verbs, auxiliaries, "there is"), negation, contractions, whitespace tokens and the regex patterns.
SENTENCES = [
    "I gave it to you, and you gave it back to me.",
    "They are gon na win, y'all; let's go. C'mon, we got ta leave.",
    "It ain't over. Nothin' gets done until he got the papers.",
    "There are three reasons, and there was one more. Did they do it? They did, and they have had enough.",
    "I'm sure you're right; she isn't, he wasn't and they can't be.\n\n   The end  \n",
    "Those were the days. That is what she said, but which one did you mean?",
]


@pytest.fixture(scope="module")
def pipelines():
    plain = spacy.load(choose_model())
    tabled = spacy.load(choose_model())
    compile_rules(tabled)
    return plain, tabled


def test_the_model_rules_are_replaced(pipelines):
    plain, tabled = pipelines
    assert tabled.pipe_names == plain.pipe_names
    assert type(tabled.get_pipe("attribute_ruler")).__name__ == "TableAttributeRuler"
    assert type(tabled.get_pipe("lemmatizer")).__name__ == "TableLemmatizer"


@pytest.mark.parametrize("source", ["seed", "sentences"])
def test_every_token_gets_the_annotations_of_spacys_components(pipelines, seed_text, source):
    plain, tabled = pipelines
    texts = [seed_text] if source == "seed" else SENTENCES
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    # Twice: the second pass answers from the tables the first one filled.
    for _ in range(2):
        for expected, got in zip(plain.pipe(texts), tabled.pipe(texts)):
            rows = [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in expected]
            assert [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in got] == rows
            assert (expected.to_array(attrs) == got.to_array(attrs)).all()


def test_the_two_token_and_dependency_rules_are_exercised(pipelines):
    # The sentences above must reach the rules they are there for, or the comparison proves little.
    plain, _ = pipelines
    tokens = [t for doc in plain.pipe(SENTENCES) for t in doc]
    lemmas = {(t.lower_, t.lemma_) for t in tokens}
    assert {("gon", "go"), ("na", "to"), ("ta", "to"), ("'s", "us"), ("c'm", "come"), ("y'", "you"), ("ai", "be"),
            ("nothin'", "nothing")} <= lemmas
    by_dep = {(t.lower_, t.dep_, t.pos_, str(t.morph)) for t in tokens}
    assert {
        ("i", "nsubj", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs"),
        ("you", "pobj", "PRON", "Case=Acc|Person=2|PronType=Prs"),
        ("it", "dobj", "PRON", "Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs"),
        ("are", "ROOT", "VERB", "Mood=Ind|Tense=Pres|VerbForm=Fin"),  # after an expletive "there"
        ("do", "ROOT", "VERB", "VerbForm=Inf"),
        ("those", "nsubj", "PRON", "Number=Plur|PronType=Dem"),
    } <= by_dep
    assert any(t.is_space and t.dep_ == "dep" and t.pos_ == "SPACE" for t in tokens)


def test_a_ruler_that_sets_other_attributes_is_kept(pipelines):
    # A rule setting an attribute the tables do not write (here NORM) leaves spaCy's own component in place.
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gonna"}]], {"NORM": "going to"})
    compile_rules(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_a_full_table_keeps_the_same_answers(pipelines, seed_text, monkeypatch):
    # Tables that outgrow their size forget part of what they held; the annotations stay spaCy's.
    import kg.token_rules

    plain, tabled = pipelines
    monkeypatch.setattr(kg.token_rules, "TABLE_SIZE", 8)
    texts = [seed_text, *SENTENCES]
    for expected, got in zip(plain.pipe(texts), tabled.pipe(texts)):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in got] == [
            (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in expected
        ]
    # Without forgetting they would hold every distinct word of the seed article.
    for name in ("attribute_ruler", "lemmatizer"):
        table = tabled.get_pipe(name).table
        assert len(table) + len(table.old) <= 8 + 2 * max(len(plain(text)) for text in SENTENCES)


def test_a_table_keeps_what_its_last_generation_used(monkeypatch):
    import kg.token_rules
    from kg.token_rules import Generations

    monkeypatch.setattr(kg.token_rules, "TABLE_SIZE", 4)
    table = Generations()
    table.update(a=1, b=2)
    table.renew()  # half full, not more: the same generation
    assert table == {"a": 1, "b": 2} and not table.old
    table["c"] = 3
    table.renew()  # a new generation; the last one is the old one
    assert not table and table.old == {"a": 1, "b": 2, "c": 3}
    assert table.keep("a") == 1 and table == {"a": 1} and table.keep("z") is None
    table.update(d=4, e=5)
    table.renew()  # a, d and e were used in the last generation; b and c were not
    assert table.old == {"a": 1, "d": 4, "e": 5} and table.keep("b") is None


def test_a_word_in_use_is_decided_once(pipelines, monkeypatch):
    # A sentence repeated between others keeps its words' answers, however often the tables fill up.
    import kg.token_rules
    from kg.token_rules import Generations

    _, tabled = pipelines
    ruler, lemmatizer = tabled.get_pipe("attribute_ruler"), tabled.get_pipe("lemmatizer")
    monkeypatch.setattr(kg.token_rules, "TABLE_SIZE", 48)
    monkeypatch.setattr(ruler, "table", Generations())
    monkeypatch.setattr(lemmatizer, "table", Generations())
    decided = []
    decide = ruler._decide
    monkeypatch.setattr(ruler, "_decide", lambda keys: (decided.extend(keys), decide(keys)))
    texts = [text for other in SENTENCES[1:] for text in (SENTENCES[0], other)] * 3
    docs = list(tabled.pipe(texts))
    repeated = set(map(tuple, docs[0].to_array(ruler.read).tolist()))
    assert all(decided.count(key) == 1 for key in repeated)
    # The tables did fill up: the other sentences' words, back after a while, were forgotten and decided again.
    assert len(decided) > len(set(decided))
