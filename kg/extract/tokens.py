"""A parsed spaCy Doc in, a read-only pure-Python view of its parse out, under spaCy's own attribute names.

The rules read the parse hundreds of thousands of times per corpus, and
spaCy makes a new ``Token`` object (and looks its strings up again) on every
``doc[i]``, ``tok.head``, ``tok.children`` or ``span.root``: walking the parse
that way cost about as much as a fifth of parsing it. ``DocView`` reads
every attribute the rules use once per document, through ``Doc.to_array``,
into one ``TokenView`` per token whose head and children are other views.
The views answer ``i``, ``text``, ``lower_``, ``lemma_``, ``pos_``, ``tag_``,
``dep_``, ``ent_type_``, ``ent_iob_``, ``idx``, ``whitespace_``,
``is_punct``, ``is_space``, ``head``, ``children``, ``lefts``, ``rights``,
``n_lefts``, ``n_rights``, ``subtree``, ``ancestors``, ``conjuncts``,
``left_edge`` and ``right_edge`` exactly as spaCy's ``Token`` does (lists
where spaCy gives generators), and ``SpanView`` answers ``start``, ``end``,
``text``, ``start_char``, ``end_char``, ``root``, ``label_``, ``len``,
iteration and indexing as ``Span`` does, so the rules read the same either
way. Like spaCy's objects, views never leave this package.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy
from spacy.tokens import Doc

__all__ = ["DocView", "SpanView", "TokenView", "quoted", "view"]

_ATTRS = ["ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE", "ENT_IOB", "HEAD", "IDX", "SPACY",
          "IS_PUNCT", "IS_SPACE", "SENT_START"]
_IOB = ("", "I", "O", "B")
_SPACE = ("", " ")
_FLAG = (False, True)
# Part-of-speech tags, dependency labels and entity types: a small closed set, so one table serves every document.
_LABELS: dict[int, str] = {}


class TokenView:
    """One token of a ``DocView``: spaCy's ``Token`` attributes, read once."""

    __slots__ = ("doc", "i", "text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_", "ent_iob_", "idx",
                 "whitespace_", "is_punct", "is_space", "head", "children", "n_lefts")

    doc: DocView
    i: int
    text: str
    lower_: str
    lemma_: str
    pos_: str
    tag_: str
    dep_: str
    ent_type_: str
    ent_iob_: str
    idx: int
    whitespace_: str
    is_punct: bool
    is_space: bool
    head: TokenView
    children: list[TokenView] | tuple[()]
    n_lefts: int

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    @property
    def n_rights(self) -> int:
        return len(self.children) - self.n_lefts

    @property
    def lefts(self) -> list[TokenView]:
        return self.children[: self.n_lefts]

    @property
    def rights(self) -> list[TokenView]:
        return self.children[self.n_lefts :]

    @property
    def subtree(self) -> list[TokenView]:
        """The token and its descendants, in spaCy's order (left subtrees, the token, right subtrees)."""
        out: list[TokenView] = []
        # An explicit stack instead of spaCy's recursion: a token marks "emit me" once its left subtrees are done.
        stack: list[tuple[TokenView, bool]] = [(self, False)]
        while stack:
            tok, ready = stack.pop()
            children = tok.children
            if ready or not children:  # most tokens are leaves: emitted at once
                out.append(tok)
                continue
            n_lefts = tok.n_lefts
            stack.extend((right, False) for right in reversed(children[n_lefts:]))
            stack.append((tok, True))
            stack.extend((left, False) for left in reversed(children[:n_lefts]))
        return out

    @property
    def ancestors(self) -> list[TokenView]:
        out = []
        tok = self
        while tok.head is not tok and len(out) < len(self.doc):
            tok = tok.head
            out.append(tok)
        return out

    @property
    def conjuncts(self) -> tuple[TokenView, ...]:
        """Coordinated tokens, without the token itself (spaCy's walk: up the conj chain, then right conj children)."""
        start = self
        while start.head is not start and start.dep_ == "conj":
            start = start.head
        queue = [start]
        output = [start]
        for word in queue:
            for child in word.rights:
                if child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w is not self)

    @property
    def left_edge(self) -> TokenView:
        return self.doc.tokens[self.doc.edges()[0][self.i]]

    @property
    def right_edge(self) -> TokenView:
        return self.doc.tokens[self.doc.edges()[1][self.i]]


class SpanView:
    """Tokens ``start`` to ``end`` of a ``DocView``: what the rules read of spaCy's ``Span``."""

    __slots__ = ("doc", "start", "end", "label_")

    def __init__(self, doc: DocView, start: int, end: int, label: str = "") -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[TokenView]:
        return iter(self.doc.tokens[self.start : self.end])

    def __getitem__(self, i: int | slice) -> TokenView | SpanView:
        if isinstance(i, slice):
            start, stop = _normalize_slice(len(self), i)
            return SpanView(self.doc, self.start + start, self.start + stop)
        at = self.end + i if i < 0 else self.start + i
        if not self.start <= at < self.end:
            raise IndexError(f"token {i} is out of a span of {len(self)}")
        return self.doc.tokens[at]

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.start < len(self.doc.tokens) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        tokens = self.doc.tokens
        last = tokens[self.end - 1]
        return self.doc.text[tokens[self.start].idx : last.idx + len(last.text)]

    @property
    def root(self) -> TokenView:
        """spaCy's ``Span.root``: a sentence root inside the span, else the token fewest steps from one."""
        tokens = self.doc.tokens
        if self.end - self.start == 1:
            return tokens[self.start]  # what the search below finds for one token
        for tok in tokens[self.start : self.end]:
            if tok.head is tok:
                return tok
        best, root = len(tokens), None
        for tok in tokens[self.start : self.end]:
            if self.start <= tok.head.i < self.end:
                continue
            if (tok.is_space or tok.is_punct) and not tok.children:
                # Spaces and punctuation are the root only when nothing else can be.
                steps = len(tokens) - 1
            else:
                steps, up = 0, tok
                while up.head is not up:
                    steps, up = steps + 1, up.head
            if steps < best:
                best, root = steps, tok
        return root if root is not None else tokens[self.start]


def _normalize_slice(length: int, i: slice) -> tuple[int, int]:
    """spaCy's slice rules: no step, negative indices count from the end, clamped, never backwards."""
    if i.step not in (None, 1):
        raise ValueError("a slice of tokens has no step")
    start = 0 if i.start is None else i.start + length if i.start < 0 else i.start
    start = min(length, max(0, start))
    stop = length if i.stop is None else i.stop + length if i.stop < 0 else i.stop
    return start, min(length, max(start, stop))


class DocView:
    """A parsed Doc read once: its tokens, sentences, entities and text (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        array = doc.to_array(_ATTRS).reshape(n, len(_ATTRS))
        orth, lower, lemma, pos, tag, dep, ent_type, ent_iob, _, idx, space, punct, is_space, sent_start = (
            array.T.tolist()
        )
        # Heads are offsets to the head token, negative to the left: the unsigned array wraps them around.
        head = array[:, _ATTRS.index("HEAD")].astype(numpy.int64).tolist()
        strings = doc.vocab.strings
        words: dict[int, str] = {}

        def column(keys: list[int], names: dict[int, str]) -> list[str]:
            # Few distinct values per document (and a word's form, lowercase and lemma are often one string):
            # each is looked up in the StringStore once.
            for key in set(keys).difference(names):
                names[key] = strings[key]
            return list(map(names.__getitem__, keys))

        tokens = self.tokens = [TokenView() for _ in range(n)]
        for i, tok, text, low, lem, p, t, d, ent, iob, offset, at, ws, punctuation, blank in zip(
            range(n), tokens, column(orth, words), column(lower, words), column(lemma, words),
            column(pos, _LABELS), column(tag, _LABELS), column(dep, _LABELS), column(ent_type, _LABELS),
            ent_iob, head, idx, space, punct, is_space,
        ):
            tok.doc = self
            tok.i = i
            tok.text = text
            tok.lower_ = low
            tok.lemma_ = lem
            tok.pos_ = p
            tok.tag_ = t
            tok.dep_ = d
            tok.ent_type_ = ent
            tok.ent_iob_ = _IOB[iob]
            tok.idx = at
            tok.whitespace_ = _SPACE[ws]
            tok.is_punct = _FLAG[punctuation]
            tok.is_space = _FLAG[blank]
            tok.head = tokens[i + offset]
            tok.children = ()  # a list only for tokens that have children: fewer objects for the garbage collector
            tok.n_lefts = 0
        # Children in token order; the left ones come first.
        for tok in tokens:
            head_tok = tok.head
            if head_tok is not tok:
                if head_tok.children:
                    head_tok.children.append(tok)
                else:
                    head_tok.children = [tok]
                if tok.i < head_tok.i:
                    head_tok.n_lefts += 1
        self.text = "".join([t.text + t.whitespace_ for t in tokens])
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            bounds = [(s.start, s.end) for s in doc.sents]  # spaCy's own answer (or its error)
        else:
            # Doc.sents without a Span object each: a sentence starts at every token marked as a start.
            starts = [0, *(i for i in range(1, n) if sent_start[i] == 1)] if n else []
            bounds = list(zip(starts, [*starts[1:], n]))
        self.sents = tuple(SpanView(self, start, end) for start, end in bounds)
        self.ents = tuple(SpanView(self, e.start, e.end, e.label_) for e in doc.ents)
        self._edges: tuple[list[int], list[int]] | None = None
        # Values the rules derive from the parse more than once, by a key naming the rule; immutable values only.
        self.cache: dict[tuple[object, ...], object] = {}

    def edges(self) -> tuple[list[int], list[int]]:
        """The left and right edge of every token's subtree, as spaCy computes them (on first use).

        spaCy's ``set_children_from_heads``, step for step: a pass left to
        right and one right to left widen each head's edges to its children's,
        repeated while some head lies outside the sentence those edges
        delimit (non-projective parses), at most 12 times. So even an odd
        parse gets the edges spaCy would give it.
        """
        if self._edges is None:
            n = len(self.tokens)
            heads = [tok.head.i for tok in self.tokens]
            left, right = list(range(n)), list(range(n))
            for _ in range(12):
                for order in (range(n), range(n - 1, -1, -1)):
                    for i in order:
                        h = heads[i]
                        if left[i] < left[h]:
                            left[h] = left[i]
                        if right[i] > right[h]:
                            right[h] = right[i]
                if self._heads_within_sentences(heads, left):
                    break
            self._edges = (left, right)
        return self._edges

    @staticmethod
    def _heads_within_sentences(heads: list[int], left: list[int]) -> bool:
        starts = {left[i] for i, h in enumerate(heads) if h == i}
        sent_start = 0
        for i in range(len(heads)):
            if (i > 0 and i in starts) or i == len(heads) - 1:
                if any(not sent_start <= heads[j] <= i for j in range(sent_start, i)):
                    return False
                sent_start = i
        return True

    def release(self) -> None:
        """Unlink the tokens from each other and from the view.

        Heads and children point both ways, so a view is a reference cycle:
        without this it, and the Doc it holds, would wait for the garbage
        collector instead of going as soon as the extraction is done.
        """
        for tok in self.tokens:
            del tok.doc, tok.head, tok.children
        self.tokens = []
        self.sents = self.ents = ()  # spans point back at the view too
        self.cache.clear()

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[TokenView]:
        return iter(self.tokens)

    def __getitem__(self, i: int | slice) -> TokenView | SpanView:
        if isinstance(i, slice):
            start, stop = i.start, i.stop
            # The rules' usual slice, in range and forwards, needs none of spaCy's normalisation.
            if i.step is None and type(start) is int and type(stop) is int and 0 <= start <= stop <= len(self.tokens):
                return SpanView(self, start, stop)
            return SpanView(self, *_normalize_slice(len(self.tokens), i))
        return self.tokens[i]


def view(doc: Doc | DocView) -> DocView:
    """The view of ``doc`` (itself when it is one already)."""
    return doc if isinstance(doc, DocView) else DocView(doc)


#: A headline is a short first line followed by a blank line.
_HEADLINE_CHARS = 150


def headline_end(text: str) -> int | None:
    r"""Where the headline ends (the blank line after a short first line), or None when the text has none.

    >>> headline_end("Velt head to leave\n\nAnna Moss, head of Velt, is to leave.")
    18
    >>> headline_end("Anna Moss is to leave Velt.\nShe said so.") is None
    True
    >>> headline_end("Two lines\nof a title\n\nText.") is None
    True
    """
    end = text.find("\n\n")
    if not 0 < end <= _HEADLINE_CHARS or "\n" in text[:end]:
        return None
    return end


_QUOTES = frozenset({"\u201c", "\u201d", '"', "''", "``"})


def quoted(doc: DocView) -> list[bool]:
    """Which tokens stand inside quotation marks; a paragraph break closes an open quote (read once per document).

    Curly quotes say which way they go. A straight one opens when it stands
    before a word after a space ('said: "We'), closes when it stands after a
    word before a space ('won."'), and else toggles; so a quote that runs on
    into a new quoted sentence ('MP. "A stooge who ...') stays open.
    """
    found = doc.cache.get(("quoted",))
    if found is None:
        inside = False
        found = doc.cache[("quoted",)] = []
        tokens = doc.tokens
        for i, tok in enumerate(tokens):
            text = tok.text
            if "\n" in text:
                inside = False
            if text in _QUOTES:
                if text in ("\u201c", "``"):
                    inside = True
                elif text in ("\u201d", "''"):
                    inside = False
                else:
                    spaced_before = i == 0 or bool(tokens[i - 1].whitespace_) or "\n" in tokens[i - 1].text
                    spaced_after = bool(tok.whitespace_) or i + 1 == len(tokens) or "\n" in tokens[i + 1].text
                    inside = True if spaced_before and not spaced_after else (
                        False if spaced_after and not spaced_before else not inside
                    )
                found.append(False)
                continue
            found.append(inside)
    return found  # type: ignore[return-value]
