"""Long texts: split at the best boundary, parsed in pieces, joined back with every offset kept."""
from __future__ import annotations

import pytest

import kg
from kg.documents import read_documents
from kg.nlp import load, parse, split_text


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("First para.\n\nSecond para is here.", 20, ["First para.\n\n", "Second para is here."]),
        ("One line\nTwo lines here", 14, ["One line\n", "Two lines here"]),
        ('He said "yes." Then he left.', 18, ['He said "yes." ', "Then he left."]),
        ("word " * 10, 12, ["word word ", "word word ", "word word ", "word word ", "word word "]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ],
)
def test_split_text_cuts_at_the_best_boundary(text, limit, pieces):
    assert split_text(text, limit) == pieces
    assert all(len(p) <= limit for p in pieces)


def test_parse_joins_pieces_into_one_doc_with_the_original_text(nlp, monkeypatch):
    text = "Alice met Bob in Paris.\n\nCarol called Dan.\n" * 20
    monkeypatch.setattr(nlp, "max_length", 100)
    [(doc, context)] = list(parse(nlp, [(text, "ctx")]))
    assert context == "ctx" and doc.text == text
    assert all(text[s.start_char : s.end_char] == s.text for s in doc.sents)


def test_chunked_build_equals_the_whole_build(seed_path, monkeypatch):
    [doc] = read_documents([seed_path])
    whole = kg.build(doc)
    monkeypatch.setattr(load(), "max_length", 1000)
    pieces = kg.build(doc)
    assert {f.identity for f in pieces.iter_facts()} == {f.identity for f in whole.iter_facts()}
    assert {e.name for e in pieces.entities()} == {e.name for e in whole.entities()}
    def mentions(graph):
        return {(m.start, m.end, m.text) for e in graph.entities() for m in e.mentions}

    assert mentions(pieces) == mentions(whole)


def test_openie_reads_text_longer_than_max_length(monkeypatch):
    text = "Antony Blinken met Takeshi Iwaya in Tokyo.\n" * 8
    monkeypatch.setattr(load(), "max_length", 100)
    found = [(sentence, prop.predicate) for sentence, prop in kg.pipeline.openie(text)]
    assert found.count(("Antony Blinken met Takeshi Iwaya in Tokyo.", "meet")) == 8


def test_batches_bounded_by_characters_parse_like_one_batch(nlp):
    texts = [
        "Antony Blinken met Takeshi Iwaya in Tokyo on Monday.",
        "Joe Biden blocked the sale of US Steel to Nippon Steel.\n\nThe company said it would sue.",
        "Marco Rubio will replace the diplomat, officials said.",
    ]
    def parsed(**kwargs):
        return [
            (context, [(t.text, t.tag_, t.dep_, t.head.i) for t in doc], [(e.text, e.label_) for e in doc.ents])
            for doc, context in parse(nlp, [(t, n) for n, t in enumerate(texts)], **kwargs)
        ]

    one_batch = parsed(batch_chars=10_000)
    assert [context for context, *_ in one_batch] == [0, 1, 2]
    assert parsed(batch_chars=60) == one_batch


def test_one_process_hands_spacy_batches_bounded_by_characters(nlp, monkeypatch):
    sizes = []
    pipe = type(nlp).pipe

    def counting_pipe(self, texts, **kwargs):
        texts = list(texts)
        if kwargs.get("as_tuples"):  # parse's own call; spaCy calls pipe again inside it
            sizes.append(len(texts))
        return pipe(self, texts, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counting_pipe)
    texts = ["Alice met Bob in Paris."] * 5 + ["A much longer text. " * 20] + ["Carol called Dan."] * 2
    docs = list(parse(nlp, [(t, n) for n, t in enumerate(texts)], batch_size=3, batch_chars=100))
    assert [n for _, n in docs] == list(range(len(texts)))
    # Three short texts a batch, the long one alone, then what fits in 100 characters.
    assert sizes == [3, 2, 1, 2]


def test_lemma_tables_share_the_loaded_pipelines_word_lists(nlp, monkeypatch):
    """A process that loaded the pipeline holds its lemmatizer's word lists once: lemma_tables gives the same sets,
    with the same content as the tables read from the model's package."""
    from kg import nlp as pipeline

    lemmatizer = pipeline._LOADED_LOOKUPS[pipeline.choose_model()].get_table("lemma_index")
    pipeline.lemma_tables.cache_clear()
    try:
        shared = pipeline.lemma_tables()
        assert all(shared[pos][0] is lemmatizer[pos] for pos in pipeline.LEMMA_POS)
        monkeypatch.setattr(pipeline, "_LOADED_LOOKUPS", {})
        pipeline.lemma_tables.cache_clear()
        assert pipeline.lemma_tables() == shared
    finally:
        pipeline.lemma_tables.cache_clear()
