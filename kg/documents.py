"""Read inputs into Documents: .txt files, folders of them, .jsonl files, stdin.

In: paths (or "-" for stdin) and raw strings. Out: a lazy stream of
``Document`` values, so a corpus of any size flows through without being held
in memory.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Document

__all__ = ["read_documents", "read_path", "from_text", "document_id"]

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")

# News text copied from the web often ends with its source on a line of its own.
_SOURCE_LINE = re.compile(r"\n[ \t]*Source:[ \t]*(https?://\S+)[ \t]*\s*\Z")


def document_id(text: str) -> str:
    """A stable id for text that came without one: a short content hash."""
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def from_text(text: str, *, id: str | None = None, source: str | None = None, **meta: str | None) -> Document:
    """Make a Document from a string, lifting a trailing ``Source: URL`` line into ``url``."""
    url = meta.pop("url", None)
    match = _SOURCE_LINE.search(text)
    if match:
        url = url or match.group(1)
        text = text[: match.start()] + "\n"
    return Document(id=id or document_id(text), text=text, source=source, url=url, **meta)


def _read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _read_jsonl(lines: Iterable[str], source: str) -> Iterator[Document]:
    stem = Path(source).stem
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{number}: not a JSON object ({exc.msg}); fix or remove the line") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f'{source}:{number}: expected an object with a "text" string')
        meta = {k: str(record[k]) for k in ("title", "url", "date") if record.get(k) is not None}
        doc_id = str(record.get("id") or f"{stem}-{number}")
        yield from_text(record["text"], id=doc_id, source=f"{source}:{number}", **meta)


def read_path(path: str | Path) -> Iterator[Document]:
    """Documents from one input: a text file, a .jsonl file, a folder, or "-" (stdin)."""
    if str(path) == "-":
        text = sys.stdin.read()
        yield from_text(text, id="stdin", source="<stdin>")
        return
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a .txt or .jsonl file, a folder, or - for stdin")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
        if not files:
            raise InputError(f"{path} holds no .txt or .jsonl files")
        for file in files:
            yield from read_path(file)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        with path.open(encoding="utf-8") as lines:
            yield from _read_jsonl(lines, str(path))
        return
    yield from_text(_read_text_file(path), id=path.stem, source=str(path))


def read_documents(inputs: Iterable[str | Path | Document]) -> Iterator[Document]:
    """Documents from many inputs; ids are made unique by suffixing repeats."""
    seen: dict[str, int] = {}
    for item in inputs:
        docs = [item] if isinstance(item, Document) else read_path(item)
        for doc in docs:
            count = seen.get(doc.id, 0)
            seen[doc.id] = count + 1
            if count:
                doc = dataclasses.replace(doc, id=f"{doc.id}-{count + 1}")
            yield doc
