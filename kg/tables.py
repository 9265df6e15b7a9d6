"""Rows in, text out: what ``kg query``, ``kg entities`` and ``kg sparql`` print.

Four formats: ``table`` for people at a terminal (rich), ``tsv`` with a
header line for other programs (the default when stdout is not a terminal,
as with gh and kubectl), ``csv``, and ``json`` (one JSON object a line,
carrying the whole record, not only the columns).

A table is fitted to the terminal's width column by column, by what each
column holds: ``keep`` columns (names, predicates, numbers) are never cut or
wrapped, ``wrap`` columns (long objects) go onto more lines, and ``shorten``
columns (evidence) are cut to one line with an ellipsis, or left out when no
room is left for them at all. When even the ``keep`` columns do not fit, the
table is printed wider than the terminal rather than cut.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from rich.console import Console
from rich.table import Table

__all__ = ["FORMATS", "Column", "write_rows", "terminal_safe"]

FORMATS = ("table", "tsv", "csv", "json")

# Narrowest useful widths: an object column narrower than this is unreadable; so is evidence.
_MIN_WRAP = 12
_MIN_SHORTEN = 12
# rich puts one space of padding on each side of a cell, except at the table's outer edges.
_GAP = 2


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    r"""Text a terminal shows as it is: each character that could move the cursor, recolour or clear the
    screen, or reorder what follows it (controls, escape sequences, bidi overrides and every other
    character Python does not call printable, but line breaks and tabs) becomes a visible escape.

    Values in a graph kg built are clean already; a graph file from elsewhere, or a file name, may not be.

    >>> terminal_safe("Acme\x1b[2J Corp\u202e")
    'Acme\\x1b[2J Corp\\u202e'
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else _escape(c) for c in text)


@dataclass(frozen=True)
class Column:
    name: str
    fit: Literal["keep", "wrap", "shorten"] = "keep"
    justify: Literal["left", "right"] = "left"


def write_rows(
    out: TextIO,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    format: str,
    records: Iterable[dict[str, Any]] = (),
    summary: str | None = None,
    width: int | None = None,
) -> None:
    """Print ``rows`` under ``columns`` in ``format``; ``json`` prints ``records`` instead, one a line.

    ``summary`` ("5 facts") follows a table only: tsv, csv and json stay data.
    ``width`` is the terminal's (None: rich asks the terminal, or $COLUMNS).
    """
    # Data for another program is written as it is; on a terminal, nothing in it may act on the terminal.
    if format == "table" or _is_terminal(out):
        rows = [[terminal_safe(v) for v in row] for row in rows]
    if format == "json":
        for record in records:
            line = json.dumps(record, ensure_ascii=False)
            out.write((terminal_safe(line) if _is_terminal(out) else line) + "\n")  # \u202e is JSON too
    elif format == "tsv":
        for row in (tuple(c.name for c in columns), *rows):
            # A tab or a line break inside a value would shift the columns of every program reading it.
            out.write("\t".join(" ".join(v.split()) for v in row) + "\n")
    elif format == "csv":
        writer = csv.writer(out)
        writer.writerow(c.name for c in columns)
        writer.writerows(rows)
    elif format == "table":
        _table(out, columns, rows, summary=summary, width=width)
    else:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> tuple[list[int | None], int]:
    """The width of each column's text (None: left out), and the width the table needs (at least ``width``)."""
    natural = [max([len(c.name), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    kept = [i for i, c in enumerate(columns) if c.fit == "keep"]
    flexible = [i for i, c in enumerate(columns) if c.fit != "keep"]
    widths: list[int | None] = list(natural)
    # Leave out shortened columns from the last, while the rest would get less than their minimum.
    while True:
        shown = kept + [i for i in flexible if widths[i] is not None]
        room = width - sum(natural[i] for i in kept) - _GAP * (len(shown) - 1)
        minimum = {i: min(natural[i], _MIN_WRAP if columns[i].fit == "wrap" else _MIN_SHORTEN) for i in shown if i not in kept}
        dropped = [i for i in minimum if columns[i].fit == "shorten"]
        if room >= sum(minimum.values()) or not dropped:
            break
        widths[dropped[-1]] = None
    # Each flexible column gets its minimum, then the rest by weight, up to its natural width:
    # a wrapped column takes twice the share of a shortened one, since all of its text is read.
    flex = [i for i in flexible if widths[i] is not None]
    share = {i: minimum[i] for i in flex}
    left = room - sum(share.values())
    while left > 0 and (growing := [i for i in flex if share[i] < natural[i]]):
        weight = {i: 2 if columns[i].fit == "wrap" else 1 for i in growing}
        unit = max(1, left // sum(weight.values()))
        for i in growing:
            grow = min(unit * weight[i], natural[i] - share[i], left)
            share[i] += grow
            left -= grow
    for i in flex:
        widths[i] = share[i]
    needed = sum(w for w in widths if w is not None) + _GAP * (len(shown) - 1)
    return widths, max(width, needed)


def _table(
    out: TextIO, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, summary: str | None, width: int | None
) -> None:
    console = Console(file=out, width=width, highlight=False, markup=False, emoji=False)
    widths, needed = _widths(columns, rows, console.width)
    console.width = needed
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    shown = [i for i, w in enumerate(widths) if w is not None]
    for i in shown:
        column, w = columns[i], widths[i]
        if column.fit == "keep":
            table.add_column(column.name, no_wrap=True, min_width=w, justify=column.justify)
        elif column.fit == "wrap":
            table.add_column(column.name, width=w, overflow="fold", justify=column.justify)
        else:
            table.add_column(column.name, width=w, no_wrap=True, overflow="ellipsis", justify=column.justify)
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    console.print(table)
    if summary:
        console.print(summary, style="dim")
