"""Every KGError the command line can raise speaks the command line's language.

The walk: every place in kg/ that makes a KGError is found in the source; each one
is either provoked here through ``kg.cli.main`` (and its message checked as the
user reads it), or named as checked by its text only (it needs a Dask cluster or
a failing disk), or named as out of the command line's reach, with the reason. A
new error that is none of these fails the walk, so it gets looked at.

A message from the command line names command-line options that exist, never a
Python parameter (``format=``), a method (``graph.entities()``) or a module
(``kg.documents``).
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest

import kg
from kg.cli import main, parser
from kg.errors import KGError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"

# A Python parameter ("format=", "engine='dask'"), a method call or a kg module.
PYTHONISH = re.compile(r"(?<![\w?&/])[a-z_]{2,}=|\b[a-z_]+\.[a-z_]+\(\)|(?<![\w/.])kg\.[a-z_]+\b(?![./])")

# Raised from the command line, but provoking them needs a Dask cluster, a failing disk or
# a server that fails half-way: their text is checked, not their run.
TEXT_ONLY = {
    "the Dask engine needs dask.distributed": "dask is installed wherever the tests run",
    "start one with `dask scheduler`": "an unreachable scheduler is given up on after 20 s",
    "install the same kg as here": "a scheduler without kg (tests/test_distributed.py)",
    "that model on every worker": "workers without kg's model (tests/test_distributed.py)",
    "check that the file exists and is readable": "an unreadable file (the tests run as root, who reads everything)",
    "cannot read ": "an unreadable graph file",
    "cannot open the store ": "a store locked by another process",
    "cannot write document ": "a store that fails to write",
    "the SPARQL query failed: ": "a query that fails while it runs",
    "graphs were written before this failure": "a server that fails half-way through a push",
    "while parsing; the build stopped.": "a worker process killed as the out-of-memory killer would (tests/test_parallel.py)",
    "a worker process failed: ": "an exception that cannot be pickled, raised in a worker process",
    "; nothing was replaced: write again, with more memory free": "a process writing a file killed (tests/test_rdf.py)",
    "the process writing ": "an exception other than kg's in the process writing a file",
    "give the URL it points to (the server's own Graph Store URL) instead": "a redirecting server (tests/test_http.py)",
    "kg follows redirects on the same server only": "a server redirecting to another (tests/test_http.py)",
    " redirects; give the server's final URL instead": "a server redirecting in circles",
    " bytes; kg stopped reading it": "a server flooding its answer (tests/test_http.py)",
    "the answer to ": "a server answering what is not HTTP",
    "Give it more time with --timeout SECONDS": "a server trickling or silent (tests/test_http.py)",
    ", not RDF; is this the server's Graph Store URL?": "a server answering a GET with no RDF",
    " that is not valid: ": "a server answering a GET with broken RDF",
    " sent; it did not keep the push": "a server that keeps nothing (tests/test_http.py)",
    "restore the folder from a backup, or delete it": "a damaged store (tests/test_store.py)",
    "or give it more time with --timeout SECONDS": "a query that runs past its deadline (tests/test_store.py)",
}

# Out of the command line's reach: the reason it cannot get there.
PYTHON_ONLY = {
    "is not one of 'facts', 'entities', 'documents'": "to_dataframe(table=)",
    "the facts table has no column ": "from_dataframe",
    "pandas is not installed": "to_dataframe",
    "which no file can store": "every input the command line reads goes through kg.documents, which removes lone surrogates",
    " keeps nothing; give a positive number of nodes": "--max-nodes takes positive numbers only",
    " from its suffix; use one of ": "the command line writes fixed file names; reading gives its own message",
    "; choose one of: ": "--engine and the file names are fixed choices",
    ", which is not in the graph; add it first": "graphs read from files have every entity of their facts",
    "no entity has id ": "ids come from the graph itself",
    "kg cannot read ": "only with load(format=)",
    "needs engine='dask' (--engine dask)": "the command line refuses --scheduler with --engine local itself",
    "no document has id or URL ": "no command looks documents up by name but kg remove, which asks the store",
    "is not one of 'out', 'in', 'both'": "neighbors(direction=)",
    " is not an ISO 8601 date": "facts(since=, until=)",
    "; take facts from graph.facts()": "evidence(fact)",
    " is not a store; build one with: ": "Store(read_only=True) by hand; the commands check the folder first",
    "JSON-LD has no RDF 1.2 triple terms": "the command line writes no JSON-LD",
    "rdflib has no RDF 1.2 triple terms": "to_rdflib(statements=)",
    "statements=": "--statements is a fixed choice",
    " is not one of: ": "--statements is a fixed choice",
    " has no document ": "kg remove asks Store.remove, which checks first; Store.extraction gets stored ids only",
    "validating needs pyshacl": "kg.rdf.validate: no command validates",
    "give text, a path, a Document, or a list of them": "kg.build(): the command line gives paths",
    "an empty string is neither an article nor a path": "kg.build(\"\"): the command line checks INPUT itself",
    "kg reads text, not bytes": "kg.build(b\"...\")",
    " does not exist; give a .txt, .html or .jsonl file, a folder, or - for stdin": "also kg.build('notes.txt')",
    "kg writes no file it could not read back": "documents read by the command line have bounded fields",
}


def _literal(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    return []


def _error_sites() -> dict[tuple[str, str], list[str]]:
    """(module, function) -> the longest literal text of each KGError made there ('' when none)."""
    names = {n for n, v in vars(kg.errors).items() if isinstance(v, type) and issubclass(v, KGError)}
    sites: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in names:
                    pieces = _literal(call.args[0]) if call.args else []
                    sites.setdefault((module, function.name), []).append(max(pieces, key=len, default=""))
    return sites


def _options() -> set[str]:
    import argparse

    found = set()
    stack = [parser()]
    while stack:
        p = stack.pop()
        for action in p._actions:
            found.update(o for o in action.option_strings if o.startswith("--"))
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
    return found


def _check_text(text: str) -> None:
    assert not PYTHONISH.search(text), f"names Python, not the command line: {text!r}"
    unknown = set(re.findall(r"--[a-z][a-z-]*", text)) - _options()
    assert not unknown, f"names options kg does not have ({unknown}): {text!r}"


@pytest.fixture(scope="module")
def files(tmp_path_factory, seed_graph):
    """Inputs for every case: a graph in several formats and broken ones, a store, a blank pipeline."""
    import spacy

    d = tmp_path_factory.mktemp("errors")
    f = {"dir": d, "ttl": seed_graph.write(d / "graph.ttl"), "html": seed_graph.write(d / "graph.html")}
    seed_graph.write(d / "graph.nt")
    f["vocab"] = d / "bad.nt"
    f["vocab"].write_text(
        "".join(line + "\n" for line in (d / "graph.nt").read_text().splitlines() if "confidence" not in line)
    )
    f["broken"] = d / "broken.ttl"
    f["broken"].write_text("this is not turtle", encoding="utf-8")
    f["json"] = d / "graph.json"
    f["json"].write_text(json.dumps({"nodes": "nope"}), encoding="utf-8")
    f["not_json"] = d / "broken.json"
    f["not_json"].write_text("{not json", encoding="utf-8")
    f["foreign"] = d / "foreign.ttl"
    f["foreign"].write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    f["txt"] = d / "short.txt"
    f["txt"].write_text("Nippon Steel bought a mill in Ohio.", encoding="utf-8")
    f["binary"] = d / "scan.txt"
    f["binary"].write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    f["empty_dir"] = d / "empty"
    f["empty_dir"].mkdir()
    f["not_store"] = d / "not-a-store"
    f["not_store"].mkdir()
    (f["not_store"] / "notes.md").write_text("mine", encoding="utf-8")
    f["blank"] = d / "blank-pipeline"
    spacy.blank("en").to_disk(f["blank"])
    f["blowup"] = d / "blowup.ttl"
    long = "https://example.org/" + "a" * 100_000
    f["blowup"].write_text(f"@prefix p: <{long}> .\n" + "".join(f"p:s{i} p: p:o .\n" for i in range(2_000)))
    f["huge"] = d / "huge.nt"
    f["huge"].write_text(f'<https://example.org/a> <https://example.org/b> "{"x" * (17 * 1024 * 1024)}" .\n')
    f["store"] = d / "store"
    assert main(["build", str(f["txt"]), "--store", str(f["store"]), "--quiet"]) == 0
    # A store whose journal names a document it lost (a killed build, its log truncated since).
    f["lost"] = d / "lost-store"
    assert main(["build", str(f["txt"]), "--store", str(f["lost"]), "--quiet"]) == 0
    (f["lost"] / "KG-JOURNAL").write_text('+"gone"\n', encoding="utf-8")
    return f


def _cases(f: dict[str, Path], server: str) -> list[tuple[list[str], str]]:
    """(arguments, part of the message they provoke) for every error the command line reaches."""
    s = {k: str(v) for k, v in f.items()}
    no_server = "http://127.0.0.1:9/store"
    return [
        (["query", str(ROOT / "examples" / "blinken-japan-us-steel.txt")], " is not a graph kg can read; "),
        (["query", s["html"]], " is not a graph kg can read; "),
        (["query", s["dir"] + "/missing.ttl"],
         " is not a file; give the path of a graph kg wrote (graph.ttl or graph.json) or a store folder"),
        (["query", s["broken"]], "; is it a file kg wrote?"),
        (["query", s["json"]], "not node-link JSON written by kg"),
        (["query", s["not_json"]], " is not JSON: "),
        (["push", s["foreign"], "--endpoint", no_server], " holds triples that are not kg's"),
        (["build", s["txt"], "--store", s["store"], "--vocab", "https://other.example/vocab#"], " was built with vocabulary "),
        (["query", s["vocab"]], "this RDF does not follow kg's vocabulary (docs/vocabulary.md): missing or bad "),
        (["entities", s["ttl"], "--explain", "Nobody at all"], "no entity is called "),
        (["entities", s["ttl"], "--explain", "Steel"], "; use the full name or the id"),
        (["sparql", s["ttl"], "SELEC ?x"], "SPARQL syntax error: "),
        (["sparql", s["ttl"], "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"],
         "the query has a SERVICE clause"),
        (["sparql", s["store"], "CLEAR ALL"], "the query is a SPARQL UPDATE"),
        (["query", s["blowup"]], " times its size in triples"),
        (["query", s["huge"]], " holds a literal or IRI longer than the 16 MiB an RDF parser reads: "),
        (["build", ""], "an empty INPUT is no path; "),
        (["sparql", s["dir"] + "/missing.ttl", "ASK {}"],
         " is neither a graph file nor a store folder; give graph.ttl (or .nt, .trig, .nq, .jsonld, .json) "
         "or a --store folder"),
        (["push", s["html"], "--endpoint", no_server],
         " is not RDF; give a .ttl, .nt, .jsonld, .trig, .nq or .json graph, or a store folder"),
        (["push", s["ttl"], "--endpoint", "ftp://127.0.0.1/store"],
         " is not an http(s) URL; give the Graph Store URL, e.g. http://127.0.0.1:7878/store"),
        (["push", s["ttl"], "--endpoint", no_server],
         "; is the SPARQL server running, and is --endpoint its Graph Store URL (Oxigraph: http://HOST:7878/store)?"),
        (["push", s["ttl"], "--endpoint", no_server, "--graph", "not an iri"],
         " is not a valid IRI ("),
        (["push", s["ttl"], "--endpoint", server + "/no-such-service"], "the server refused "),
        (["build", s["dir"] + "/missing.txt", "--out", s["dir"] + "/o"],
         " does not exist; give a .txt, .html or .jsonl file, a folder, or - for stdin"),
        (["build", s["empty_dir"], "--out", s["dir"] + "/o"], " holds no .txt, .html or .jsonl files"),
        (["openie", s["empty_dir"]], " is not a file; give a text file, or - for stdin"),
        (["openie", s["binary"]], ""),
        (["build", s["txt"], "--model", "no_such_pipeline", "--out", s["dir"] + "/o"], " is not installed; install it with: "),
        (["build", s["txt"], "--model", s["blank"], "--out", s["dir"] + "/o"], "; kg needs a pipeline with both"),
        (["build", s["txt"], "--base", "no-scheme", "--out", s["dir"] + "/o"], " is not a valid absolute IRI ("),
        (["build", s["txt"], "--out", s["txt"]], "; choose another output folder"),
        (["build", s["txt"], "--store", s["not_store"]], " exists and is not an Oxigraph store; give an empty or new folder for --store"),
        (["build", s["txt"], "--store", s["store"], "--base", "https://other.example/"], " or use another store"),
        (["remove", "no-such-document", "--store", s["store"]], "; its documents: "),
        (["query", s["lost"]], " lost 1 document(s) of a build that never closed it ('gone'): "),
        (["remove", "short", "--store", s["not_store"]], " is not a store; build one with: kg build INPUT --store "),
    ]


@pytest.fixture
def constructed(monkeypatch):
    """Where each KGError is made: (module, function) of the code that makes it, and its message."""
    made: list[tuple[tuple[str, str], str]] = []
    original = KGError.__init__

    def record(self, *args):
        code = sys._getframe(1).f_code
        made.append(((str(Path(code.co_filename).resolve().relative_to(ROOT)), code.co_name), str(args[0])))
        original(self, *args)

    monkeypatch.setattr(KGError, "__init__", record)
    return made


def test_every_error_the_command_line_raises_names_its_options(files, oxigraph_server, constructed, capsys):
    sites = _error_sites()
    reached: set[tuple[tuple[str, str], str]] = set()
    for argv, text in _cases(files, oxigraph_server):
        constructed.clear()
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
        _check_text(err)
        assert text in err, (argv, text, err)
        # The error printed, and any it wraps: every error made on the way whose text the user reads.
        made = {(site, t) for site, message in constructed for t in sites[site] if t and t in message and message in err}
        made |= {(site, "") for site, message in constructed if "" in sites[site] and message in err}
        assert made, (argv, constructed, err)
        reached |= made
    # Every error made anywhere in kg is reached above, checked as text, or out of the command line's reach.
    def named(text: str, names: dict[str, str]) -> bool:
        return any(name in text for name in names)

    unnamed = []
    for site, texts in sites.items():
        for text in texts:
            if (site, text) in reached or named(text, PYTHON_ONLY):
                continue
            if named(text, TEXT_ONLY):
                _check_text(text)
            else:
                unnamed.append((site, text))
    assert unnamed == [], "KGErrors that no case here provokes or names:\n" + "\n".join(map(repr, unnamed))
    every = [text for texts in sites.values() for text in texts]
    stale = [name for name in (*TEXT_ONLY, *PYTHON_ONLY) if not any(name in text for text in every)]
    assert stale == [], "named errors that kg no longer raises"


def test_scheduler_with_a_local_engine_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "x.txt", "--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"])
    assert exc.value.code == 2 and "--engine dask" in capsys.readouterr().err
