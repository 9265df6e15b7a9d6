"""Read inputs into Documents: .txt and .html files, folders of them, .jsonl files, stdin.

In: paths (or "-" for stdin) and raw strings. Out: a lazy stream of
``Document`` values, so a corpus of any size flows through without being held
in memory.

Broken input gets a clear answer instead of a crash. A missing path is an
``InputError``; everything kg can work around is an ``InputWarning`` (see
``kg.errors``) and the rest of the corpus goes on:

- bytes are decoded as UTF-8 (or UTF-16/32 with a byte-order mark); other
  text is decoded with the encoding charset-normalizer finds, preferring
  Windows-1252 (a superset of Latin-1) among equally good guesses, and a
  warning names it; files that look binary (many control bytes, NUL bytes in
  what is not UTF-8, a PDF or image) are skipped with a warning;
- HTML pages (by suffix, or a text that starts like one) are reduced to their
  main text with trafilatura, which also fills in title, date and URL;
- control characters and odd code points (C0/C1 controls, lone surrogates,
  byte-order marks, bidirectional overrides) are removed, line separators
  become ``\n`` and text is NFC-normalized, so every export stays valid;
- empty and whitespace-only documents give a warning (and nothing in the graph);
- documents that are not English (``kg.language``) are skipped with a warning;
- malformed .jsonl lines are reported with their line number and skipped.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import InputError, InputWarning
from .language import ENGLISH, detect_language
from .model import Document

__all__ = [
    "read_documents", "read_path", "read_text", "from_text", "headline", "document_id", "decode", "clean_text",
    "html_text", "count_documents", "iso_date", "origin", "FIELD_LIMITS",
]

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")

#: The longest id, title, url and date kg keeps, in characters: a longer title is cut (with a warning),
#: a longer id, url or date dropped. Every value stays far below the 16 MB that RDF parsers accept in one
#: literal, so kg never writes a file it cannot read back.
FIELD_LIMITS = {"id": 200, "title": 1000, "url": 2000, "date": 40}
#: What marks a page kg wrote (its <meta name="generator">): a folder read as input skips such pages.
PAGE_MARK = b'<meta name="generator" content="kg">'

# A headline is one short line without a sentence's final punctuation ("?" may end one).
_HEADLINE_CHARS, _HEADLINE_WORDS = 150, 20
_SENTENCE_END = frozenset(".!:;,…)")
_QUOTES = "\"'”’"
# News text copied from the web often ends with its source on a line of its own.
_SOURCE_LINE = re.compile(r"\n[ \t]*Source:[ \t]*(https?://\S+)[ \t]*\s*\Z")

# Characters no export should carry: C0 and C1 controls (but tab and line
# feed), DEL, lone surrogates, byte-order marks and noncharacters, and the
# bidirectional embeddings, overrides and isolates that can make displayed
# evidence read differently from the stored text.
_STRIP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff\ufdd0-\ufdef\u202a-\u202e\u2066-\u2069]"
)
# Every other line break Python's str.splitlines knows becomes a plain "\n".
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_HTML_START = re.compile(
    r"\A\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE | re.DOTALL
)
# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BINARY_MAGIC = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or .docx)",
    b"\x1f\x8b": "gzip-compressed",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}


def _warn(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=3)


def document_id(text: str) -> str:
    """A stable id for text that came without one: a short content hash."""
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def headline(text: str) -> str | None:
    r"""The first line of an article when it is a headline: short, not ending like a sentence, with more below.

    It stays part of the text (offsets count from the text's start, and a line
    break ends a sentence, so it is never read into the next one).

    >>> headline("Mayor denies budget leak claim\n\nThe city's mayor has denied ...")
    'Mayor denies budget leak claim'
    >>> headline("Council 'ignored flood warnings'\n\nThe council has ...")
    "Council 'ignored flood warnings'"
    >>> headline("Antony Blinken said this Tuesday that he hopes to strengthen relations.\nMore text.") is None
    True
    """
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > _HEADLINE_CHARS or len(first.split()) > _HEADLINE_WORDS:
        return None
    # A closing quote may end a headline (Minister attacked 'reckless' plan), but not after a full stop.
    if first.rstrip(_QUOTES)[-1:] in _SENTENCE_END or not (first[0].isupper() or first[0].isdigit()):
        return None
    return first


def from_text(text: str, *, id: str | None = None, source: str | None = None, **meta: str | None) -> Document:
    """Make a Document from a string, lifting a trailing ``Source: URL`` line into ``url`` and a headline
    (``headline``) into ``title`` when none is given."""
    url = meta.pop("url", None)
    match = _SOURCE_LINE.search(text)
    if match:
        url = url or match.group(1)
        text = text[: match.start()] + "\n"
    if meta.get("title") is None:
        meta["title"] = headline(text)
    return Document(id=id or document_id(text), text=text, source=source, url=url, **meta)


def _binary_kind(data: bytes) -> str | None:
    """What a byte string is when it is surely not text (a known file type, many control bytes); None otherwise."""
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    controls = sum(b < 32 and b not in b"\t\n\r\f\x0b\x1b" for b in sample)
    return "binary" if controls > len(sample) * 0.1 else None


def _decode(data: bytes, name: str) -> tuple[str | None, str | None]:
    """The text of ``data`` (None when it is not text) and what the user should be told about it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), None
    kind = _binary_kind(data)
    if kind is None:
        try:
            # Valid UTF-8 is text even with a stray NUL; clean_text removes those.
            return data.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            reason = f"{exc.reason} at byte {exc.start}"
        if b"\x00" in data[:8192]:
            kind = "binary"
    if kind is not None:
        return None, f"skipped {name}: it is {kind}, not text; give kg plain text, HTML or .jsonl"
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None, f"skipped {name}: it is not UTF-8 ({reason}) and no text encoding fits it; convert it to UTF-8"
    best = min(m.chaos for m in matches)
    good = [m for m in matches if m.chaos == best]
    chosen = next((m for m in good if "cp1252" in m.could_be_from_charset), good[0])
    encoding = "cp1252" if "cp1252" in chosen.could_be_from_charset else chosen.encoding
    message = f"{name} is not UTF-8 ({reason}); read it as {encoding}; convert it to UTF-8 if that is wrong"
    return data.decode(encoding, errors="replace"), message


def decode(data: bytes, name: str) -> str | None:
    """The text of ``data`` by the rules in the module docstring; None (and a warning) when it is not text."""
    text, message = _decode(data, name)
    if message is not None:
        _warn(message)
    return text


def clean_text(text: str) -> tuple[str, int]:
    """Text safe for every export, and how many characters were removed (line-break changes are not counted)."""
    text = _LINE_BREAK.sub("\n", text)
    text, removed = _STRIP.subn("", text)
    return unicodedata.normalize("NFC", text), removed


def html_text(html: str, name: str) -> tuple[str, dict[str, str]]:
    """The main text of an HTML page (trafilatura) and its title, date and url when the page tells them.

    An empty text (and a warning) when the page has no main text.
    """
    import trafilatura

    try:
        # Precision over recall: a menu or footer read as text would become facts in the graph.
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile page means "no main text"
        _warn(f"skipped {name}: its HTML could not be parsed ({type(exc).__name__}); save the article as plain text")
        return "", {}
    if found is None or not (found.text or "").strip():
        _warn(f"skipped {name}: an HTML page in which trafilatura finds no main text; save the article as plain text")
        return "", {}
    meta = {k: str(getattr(found, k)) for k in ("title", "date", "url") if getattr(found, k, None)}
    return found.text + "\n", meta


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; check that the file exists and is readable") from exc


def read_text(path: str | Path) -> str:
    """The cleaned text of one file or "-" (stdin), decoded by the rules above; InputError when it holds none."""
    if str(path) == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream put in place of stdin (tests, embedding)
            return clean_text(sys.stdin.read())[0]
        text, message = _decode(stream.read(), "<stdin>")
    else:
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path} is not a file; give a text file, or - for stdin")
        text, message = _decode(_read_bytes(path), str(path))
    if text is None:
        raise InputError(message)
    if message is not None:
        _warn(message)
    return clean_text(text)[0]


def _record_id(record: dict, where: str) -> str | None:
    """A jsonl record's own "id" as a string (``0`` is "0"); None when it has none, or one kg cannot use."""
    value = record.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        _warn(f'{where}: its "id" {json.dumps(value)[:40]} is not a string or a whole number; kg made one')
        return None
    return str(value)


def _read_jsonl(lines: Iterable[bytes], source: str, file_id: str) -> Iterator[Document]:
    for number, raw in enumerate(lines, 1):
        where = f"{source}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            _warn(f"{where}: skipped, not UTF-8 ({exc.reason} at byte {exc.start}); JSON Lines must be UTF-8")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _warn(f"{where}: skipped, not JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            _warn(f'{where}: skipped, expected an object with a "text" string')
            continue
        meta = {k: str(record[k]) for k in ("title", "url", "date") if record.get(k) is not None}
        doc_id = _record_id(record, where) or f"{file_id}-{number}"
        yield from_text(record["text"], id=doc_id, source=where, **meta)


def origin(doc: Document) -> str | None:
    """Where a document was read from, the same from any working folder: the resolved path of its file (of a
    .jsonl line, the file), else its source as given ("<stdin>"); None when it has no source."""
    if doc.source is None:
        return None
    for candidate in (doc.source, doc.source.rpartition(":")[0]):
        try:
            if candidate and Path(candidate).is_file():
                return str(Path(candidate).resolve())
        except (OSError, ValueError):
            pass
    return doc.source


def _is_kg_page(path: Path) -> bool:
    """Whether an HTML file is a page kg wrote (a folder built twice holds its own kg-out/graph.html)."""
    try:
        with path.open("rb") as f:
            return PAGE_MARK in f.read(4096)
    except OSError:
        return False


def _articles_in(folder: Path, on_error: Callable[[str], None]) -> list[Path]:
    """The article files under ``folder``, sorted; each folder that cannot be listed is reported to ``on_error``."""

    def unlistable(exc: OSError) -> None:
        on_error(f"skipped the folder {exc.filename}: {exc.strerror}; check its permissions")

    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
    found = []
    for top, _, names in os.walk(folder, onerror=unlistable):
        found.extend(Path(top, n) for n in names if Path(n).suffix.lower() in suffixes)
    return sorted(found)


def _file_id(path: Path, root: Path | None) -> str:
    """A file's document id: its path under ``root`` (the folder given as input) without suffix, else its name's stem."""
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def read_path(path: str | Path, *, root: Path | None = None) -> Iterator[Document]:
    """Documents from one input: a text or HTML file, a .jsonl file, a folder, or "-" (stdin).

    Files found in a folder are named by their path inside it (``day1/feed``),
    so two files of one name in different subfolders never share an id. One of
    them that cannot be read, or vanished since the folder was listed, is
    skipped with a warning, as is a subfolder that cannot be listed; a file
    given by name that cannot be read is an InputError.
    """
    if str(path) == "-":
        stream = getattr(sys.stdin, "buffer", None)
        text = decode(stream.read(), "<stdin>") if stream is not None else sys.stdin.read()
        if text is not None:
            yield from_text(text, id="stdin", source="<stdin>")
        return
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a .txt, .html or .jsonl file, a folder, or - for stdin")
    if path.is_dir():
        files = [f for f in _articles_in(path, _warn) if not (f.suffix.lower() in HTML_SUFFIXES and _is_kg_page(f))]
        if not files:
            raise InputError(f"{path} holds no .txt, .html or .jsonl files")
        for file in files:
            try:
                yield from read_path(file, root=path)
            except InputError as exc:
                # One bad file of a folder is worked around like a bad line of a .jsonl file.
                _warn(f"skipped {exc}")
        return
    file_id = _file_id(path, root)
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            with path.open("rb") as lines:
                yield from _read_jsonl(lines, str(path), file_id)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}; check that the file exists and is readable") from exc
        return
    text = decode(_read_bytes(path), str(path))
    if text is None:
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        body, meta = html_text(text, str(path))
        if body:
            yield Document(id=file_id, text=body, source=str(path), **meta)
        return
    yield from_text(text, id=file_id, source=str(path))


def _printable(value: str) -> str:
    """A value with the bytes of a non-UTF-8 file name as U+FFFD (Python keeps them as lone surrogates)."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte: clean_text removes it
        return value


def _one_line(value: str) -> tuple[str, bool]:
    """A field's value cleaned like text, on one line; and whether characters were removed or replaced."""
    printable = _printable(value)
    text, removed = clean_text(printable)
    return " ".join(text.split()), bool(removed) or printable != value


# Time zones an hour is given in ("0900 GMT"): a clock time, not a place or a name.
CLOCK_ZONES = frozenset({"gmt", "bst", "utc", "cet", "est", "edt", "pst", "pdt"})


def iso_date(value: str) -> dt.date | None:
    """The date an ISO 8601 date or date-time string names ("2025-01-07", "2025-01-07T09:30:00Z"); None if none.

    >>> iso_date("2025-01-07T09:30:00+00:00"), iso_date("2025-13-45"), iso_date("garbage")
    (datetime.date(2025, 1, 7), None, None)
    """
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean_fields(doc: Document) -> Document:
    """The source, id, title, url and date of a document made safe like its text.

    Each is one line without control or invalid characters, within
    ``FIELD_LIMITS``, and a date is a date. Each change is a warning naming the
    field; a value that cannot be kept is dropped (an id is then made from the text).
    """
    changes: dict[str, str | None] = {}
    if doc.source is not None:
        source = clean_text(_printable(doc.source))[0].replace("\n", " ")  # a path: its spaces are its own
        if source != doc.source:
            changes["source"] = source or None
    name = changes.get("source", doc.source) or _one_line(doc.id)[0] or "a document"
    for field_name in ("id", "title", "url", "date"):
        value = getattr(doc, field_name)
        if value is None:
            continue
        cleaned, repaired = _one_line(value)
        limit = FIELD_LIMITS[field_name]
        if repaired:
            _warn(f"{name}: its {field_name} held control or invalid characters; kg removed or replaced them")
        if len(cleaned) > limit and field_name == "title":
            _warn(f"{name}: its title is {len(cleaned):,} characters long; kg kept the first {limit:,}")
            cleaned = cleaned[: limit - 1].rstrip() + "\u2026"
        elif len(cleaned) > limit:
            _warn(f"{name}: its {field_name} is {len(cleaned):,} characters long (at most {limit:,}); dropped")
            cleaned = ""
        if field_name == "date" and cleaned and iso_date(cleaned) is None:
            _warn(f"{name}: its date {cleaned!r} is not an ISO 8601 date (YYYY-MM-DD); dropped")
            cleaned = ""
        if field_name == "id" and not cleaned:
            cleaned = document_id(doc.text)
        if cleaned != value:
            changes[field_name] = cleaned or None
    return dataclasses.replace(doc, **changes) if changes else doc


def _prepare(doc: Document) -> Document | None:
    """The document made safe and checked (fields, HTML, control characters, emptiness, language); None to skip it."""
    doc = _clean_fields(doc)
    name = doc.source or doc.id
    text = doc.text
    if _HTML_START.match(text):
        text, meta = html_text(text, name)
        if not text:
            return None
        _warn(f"{name} is an HTML page, not plain text; kg read its main text (trafilatura)")
        doc = _clean_fields(dataclasses.replace(doc, **{k: v for k, v in meta.items() if getattr(doc, k) is None}))
    text, removed = clean_text(text)
    if removed:
        _warn(f"{name}: removed {removed} control or invalid characters")
    if not text.strip():
        _warn(f"{name} is empty or holds only whitespace; it adds nothing to the graph")
        return dataclasses.replace(doc, text="")
    language = detect_language(text)
    if language is not None and language != ENGLISH:
        _warn(f"skipped {name}: it looks like {language}, not English; kg reads English text only")
        return None
    return doc if text == doc.text else dataclasses.replace(doc, text=text)


def read_documents(inputs: Iterable[str | Path | Document]) -> Iterator[Document]:
    """Documents from many inputs; ids are made unique by suffixing repeats."""
    given: set[str] = set()
    repeats: dict[str, int] = {}  # id -> the last suffix number tried for it
    for item in inputs:
        docs = [item] if isinstance(item, Document) else read_path(item)
        for read in docs:
            doc = _prepare(read)
            if doc is None:
                continue
            if doc.id in given:
                # The first free suffix: ids stay unique even when an input already has
                # one such as "a-2" ("a", "a", "a-2" become "a", "a-2", "a-2-2").
                n = repeats.get(doc.id, 1)
                while f"{doc.id}-{n}" in given or n == 1:
                    n += 1
                repeats[doc.id] = n
                doc = dataclasses.replace(doc, id=f"{doc.id}-{n}")
            given.add(doc.id)
            yield doc


def count_documents(inputs: Iterable[str | Path | Document]) -> int | None:
    """How many documents ``inputs`` hold, counted cheaply (lines, files); None when unknown (stdin, missing paths).

    It never warns or fails: reading the inputs does, once.
    """
    total = 0
    for item in inputs:
        if isinstance(item, Document):
            total += 1
            continue
        path = Path(item)
        if str(item) == "-" or not path.exists():
            return None
        files = _articles_in(path, lambda message: None) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() not in JSONL_SUFFIXES:
                total += 1
                continue
            try:
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            except OSError:
                return None
    return total
