"""The model's token rules by table: a loaded pipeline's attribute ruler and rule lemmatizer in, equivalents out.

spaCy's ``AttributeRuler`` matches every pattern against every token and then
sets each match's attributes through Python objects, one token at a time;
its ``Lemmatizer`` builds a ``Token`` per word and reads its morphology as a
dict. In a news pipeline nearly every token matches a tag pattern, so the two
cost about a fifth of the parse. Both decide from a few attributes of the token
alone (the ruler's one-token patterns read its text, tag and dependency; the
lemmatizer its text, part of speech and morphology), so kg decides once for
each distinct combination, keeps the answer in a table, and writes the
answers into the Doc as arrays.

Exactness: the answers come from spaCy itself. A table miss is decided by
spaCy's own ``Matcher`` with the model's own patterns (on a Doc of the missed
tokens) or by the model's own lemmatizer. A pattern of several tokens each read
alone ("gon" then "na") is a test of each token in the table, and matches
where consecutive tokens pass their tests; patterns with operators or
attributes beyond the token run through spaCy's ``Matcher`` on the whole Doc.
Matches are applied in the ruler's order (later patterns win). A model
whose ruler or lemmatizer this module cannot reproduce exactly keeps spaCy's
component (``compile_rules`` leaves it in place).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ATTRIBUTE_RULER", "LEMMATIZER", "compile_rules"]

ATTRIBUTE_RULER = "kg_attribute_ruler"
LEMMATIZER = "kg_lemmatizer"
#: Entries a table holds at most: about 500 news articles' distinct words and tags (some 6 MiB), so a long
#: build's memory does not grow with its vocabulary. A table keeps them in two generations of half that size
#: (``Generations``): a word the last generation used is kept, one it did not is forgotten and decided again
#: if it comes back, so the common words of a long build are decided once, not after every refill.
TABLE_SIZE = 32_768

# What a one-token pattern may read for its answer to depend on the token alone: the word (ORTH decides every
# lexical attribute, so the Doc of missed tokens has the same lexemes) and the annotations copied with it. NORM is
# left out: the tokenizer's exceptions can set a token's norm apart from its lexeme's.
_LEXICAL = frozenset({
    "ORTH", "TEXT", "LOWER", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
    "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
})
_ANNOTATIONS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
# What a rule may set: token attributes written straight into the token (spaCy's set_token_attrs writes them to the
# token; on the lexeme they are no-ops), so writing them as arrays is the same.
_WRITABLE = frozenset(_ANNOTATIONS)


def _one_token(pattern: list[dict[Any, Any]]) -> bool:
    """A pattern of one token whose match is decided by the token's word and annotations (no operator)."""
    if len(pattern) != 1:
        return False
    (spec,) = pattern
    return all(isinstance(key, str) and (key.upper() in _LEXICAL or key.upper() in _ANNOTATIONS) for key in spec)


def compile_rules(nlp: Language) -> None:
    """Replace the pipeline's attribute ruler and rule lemmatizer by their table equivalents, where exact."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler, Lemmatizer

    register()
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if type(ruler) is AttributeRuler and _ruler_compilable(ruler):
            nlp.replace_pipe("attribute_ruler", ATTRIBUTE_RULER)
            nlp.get_pipe("attribute_ruler").use(ruler)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        # Subclasses may read more of the token; the English one overrides only is_base_form (POS and morphology).
        if type(lemmatizer) in (Lemmatizer, EnglishLemmatizer) and lemmatizer.mode in ("rule", "lookup"):
            nlp.replace_pipe("lemmatizer", LEMMATIZER)
            nlp.get_pipe("lemmatizer").use(lemmatizer)


def _ruler_compilable(ruler: Any) -> bool:
    from spacy.attrs import IDS

    writable = {IDS[name] for name in _WRITABLE}
    return all(set(attrs) <= writable for attrs in ruler.attrs)


def register() -> None:
    """Register the two factories with spaCy (once per process)."""
    from spacy.language import Language

    if not Language.has_factory(ATTRIBUTE_RULER):
        Language.factory(ATTRIBUTE_RULER, func=_make_ruler)
    if not Language.has_factory(LEMMATIZER):
        Language.factory(LEMMATIZER, func=_make_lemmatizer)


class Generations(dict[Any, Any]):
    """The table of answers in use (this dict) and the generation before it (``old``): each at most half of
    ``TABLE_SIZE`` entries and the keys of the document that filled it.

    ``renew`` starts a new generation once this one holds half of ``TABLE_SIZE``; ``keep`` takes from the
    old one the answers a document asks for again. A plain ``clear()`` forgot the common words with the
    rare ones: on 800 news articles the attribute ruler decided 55,140 keys with it, 50,960 with two generations.
    """

    __slots__ = ("old",)

    def __init__(self) -> None:
        super().__init__()
        self.old: dict[Any, Any] = {}

    def renew(self) -> None:
        if len(self) > TABLE_SIZE // 2:
            self.old = dict(self)
            self.clear()

    def keep(self, key: Any) -> Any:
        """``key``'s answer from the old generation, now in this one too; None when it had none."""
        found = self.old.get(key)
        if found is not None:
            self[key] = found
        return found


def _make_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab)


def _make_lemmatizer(nlp: Language, name: str) -> TableLemmatizer:
    return TableLemmatizer()


class TableAttributeRuler:
    """spaCy's AttributeRuler with its decisions for each token kept in a table (see the module docstring)."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def use(self, ruler: Any) -> None:
        """Take the patterns, attributes and order of a loaded AttributeRuler."""
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        # Every token of a pattern of fixed length that reads only the token ("gon" then "na") is a one-token
        # test; the local Matcher holds them all (run on a Doc of the missed keys), keyed "rule" for a whole
        # one-token pattern and "#test" for a token of a longer one. Anything else (operators, attributes
        # beyond the token) stays with spaCy's Matcher on each Doc ("wide"), keyed by the rule's number, the
        # number that orders the rules' attributes as the ruler orders them.
        self.local = Matcher(self.vocab)
        self.wide = Matcher(self.vocab)
        #: (the tests of a longer pattern, its rule, the index of the token it sets)
        self.longer: list[tuple[tuple[int, ...], int, int]] = []
        self.has_wide = False
        read: set[str] = set()
        tests = 0
        for number, (rule, index) in enumerate(zip(ruler.patterns, ruler.indices)):
            wide = []
            for pattern in rule["patterns"]:
                if not all(_one_token([spec]) for spec in pattern):
                    wide.append(pattern)
                    continue
                read.update(key.upper() for spec in pattern for key in spec)
                if len(pattern) == 1:
                    self.local.add(str(number), [pattern])
                    continue
                ids = tuple(range(tests, tests + len(pattern)))
                tests += len(pattern)
                for test, spec in zip(ids, pattern):
                    self.local.add(f"#{test}", [[spec]])
                self.longer.append((ids, number, index))
            if wide:
                self.wide.add(str(number), wide)
                self.has_wide = True
        self.first = {ids[0] for ids, _, _ in self.longer}
        self.indices = list(ruler.indices)
        # The key of a token: its word and the annotations the tests read.
        self.read = [IDS["ORTH"]] + [IDS[name] for name in _ANNOTATIONS if name in read]
        self.written = sorted({attr for attrs in ruler.attrs for attr in attrs})
        self.column = {attr: n for n, attr in enumerate(self.written)}
        self.attrs = [tuple((self.column[a], v) for a, v in attrs.items()) for attrs in ruler.attrs]
        #: key -> (the one-token rules it matches, in order; the tests it passes; whether one of them starts a
        #: longer pattern)
        self.table = Generations()
        self.values: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        self.shared: dict[tuple[tuple[int, ...], frozenset[int], bool], tuple[tuple[int, ...], frozenset[int], bool]] = {}

    def _decide(self, keys: list[tuple[int, ...]]) -> None:
        """Put into the table the rules and tests each of these token keys matches."""
        import numpy
        from spacy.tokens import Doc

        words = [self.vocab.strings[key[0]] for key in keys]
        doc = Doc(self.vocab, words=words, spaces=[True] * len(words))
        if len(self.read) > 1:
            doc.from_array(self.read[1:], numpy.array([key[1:] for key in keys], dtype="uint64"))
        rules: list[set[int]] = [set() for _ in keys]
        tests: list[set[int]] = [set() for _ in keys]
        for match_id, start, _end in self.local(doc, allow_missing=True):
            name = self.vocab.strings[match_id]
            if name.startswith("#"):
                tests[start].add(int(name[1:]))
            else:
                rules[start].add(int(name))
        shared = self.shared
        for key, matched, passed in zip(keys, rules, tests):
            entry = (tuple(sorted(matched)), frozenset(passed), bool(passed & self.first))
            # Most words share their entry with others (a tag's rules alone): one object each keeps the table small.
            self.table[key] = shared.setdefault(entry, entry)

    def _values(self, rules: tuple[int, ...]) -> list[tuple[int, int]]:
        """(column, value) pairs that these rules, applied in order, leave on a token."""
        values: dict[int, int] = {}
        for rule in rules:
            values.update(self.attrs[rule])
        return list(values.items())

    def _longer(self, entries: list[tuple[tuple[int, ...], frozenset[int], bool]], found: dict[int, set[int]]) -> None:
        """The rules of longer patterns matching at each token that passes a first test, by the token they set."""
        for start in [i for i, entry in enumerate(entries) if entry[2]]:
            for ids, rule, index in self.longer:
                end = start + len(ids)
                if end <= len(entries) and all(test in entries[start + n][1] for n, test in enumerate(ids)):
                    # The token a rule sets may be counted from the end of its match (an IndexError as in spaCy).
                    found.setdefault(range(start, end)[index], set()).add(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.written:
            return doc
        keys = list(map(tuple, doc.to_array(self.read).tolist()))
        table = self.table
        table.renew()
        missing = [key for key in dict.fromkeys(keys) if key not in table and table.keep(key) is None]
        if missing:
            self._decide(missing)
        entries = [table[key] for key in keys]
        rules_of = [entry[0] for entry in entries]
        found: dict[int, set[int]] = {}
        self._longer(entries, found)
        if self.has_wide:
            for match_id, start, end in self.wide(doc, allow_missing=True):
                rule = int(self.vocab.strings[match_id])
                found.setdefault(range(start, end)[self.indices[rule]], set()).add(rule)
        for target, rules in found.items():
            rules_of[target] = tuple(sorted(rules.union(rules_of[target])))
        out = doc.to_array(self.written)
        cache = self.values
        for i, rules in enumerate(rules_of):
            if rules:
                values = cache.get(rules)
                if values is None:
                    values = cache[rules] = self._values(rules)
                for column, value in values:
                    out[i, column] = value
        doc.from_array(self.written, out)
        return doc


class TableLemmatizer:
    """spaCy's rule (or lookup) Lemmatizer with its lemma of each (word, POS, morphology) kept in a table."""

    def use(self, lemmatizer: Any) -> None:
        """Take a loaded Lemmatizer: its tables answer each missed key."""
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.lemmatizer = lemmatizer
        # The rule lemmatizer asks only "form in index" of its word lists, a scan of up to 57,000 words per suffix
        # rule on each new word; the same question of a set is one lookup. (The replaced component is kg's own.)
        if lemmatizer.mode == "rule" and "lemma_index" in lemmatizer.lookups.tables:
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)
        self.read = [ORTH, POS, MORPH, LEMMA]
        self.table = Generations()

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA
        from spacy.errors import Errors

        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        rows = doc.to_array(self.read)
        lemmas = rows[:, 3].copy()
        table = self.table
        table.renew()
        strings = doc.vocab.strings
        overwrite = lemmatizer.overwrite
        missed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = table.get(key)
                if found is None:
                    found = table.keep(key)
                if found is None:
                    found = table[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
                    missed = True
                lemmas[i] = found
        if missed:
            # spaCy's lemmatizer keeps its own answers by the same key; the table has them now.
            lemmatizer.cache.clear()
        doc.from_array([LEMMA], lemmas)
        return doc
