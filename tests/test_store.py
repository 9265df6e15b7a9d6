"""The embedded store: a named graph per document, skip unchanged, replace changed, remove, survive a crash; SPARQL."""

from __future__ import annotations

import csv
import io
import os
import socket
import time

import pyoxigraph as ox
import pytest

import kg
import kg.pipeline
from kg import Document
from kg.cli import main
from kg.model import Extraction
from kg.store import Store, build_into, is_store

from .conftest import ROOT

DOCS = [
    Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.\n", title="Blinken in Tokyo"),
    Document(
        "b", "Blinken criticized Joe Biden. Nippon Steel will challenge the decision.\n", url="https://example.org/b"
    ),
    Document("c", "Takeshi Iwaya met Marco Rubio in Washington.\n"),
]


def _graph_names(path) -> set:
    with Store(path, read_only=True) as store:
        return {q.graph_name for q in store.quads()}


def _size(path) -> int:
    with Store(path, read_only=True) as store:
        return sum(1 for _ in store.quads())


def test_store_holds_one_named_graph_per_document_and_reads_back_the_build(tmp_path):
    report = build_into(tmp_path / "s", DOCS)
    assert report.added == ("a", "b", "c")
    names = _graph_names(tmp_path / "s")
    assert len(names) == 3 and all(isinstance(n, ox.NamedNode) for n in names)
    expected = kg.build(DOCS)
    assert report.graph == expected
    assert kg.load(tmp_path / "s") == expected  # a store folder loads like a file


def test_unchanged_documents_are_skipped_before_parsing_and_never_duplicated(tmp_path, monkeypatch):
    build_into(tmp_path / "s", DOCS[:2])
    size = _size(tmp_path / "s")
    parsed = []
    real = kg.pipeline.extract_documents

    def spy(documents, **options):
        def seen(docs):
            for doc in docs:
                parsed.append(doc.id)
                yield doc

        return real(seen(documents), **options)

    monkeypatch.setattr(kg.pipeline, "extract_documents", spy)
    report = build_into(tmp_path / "s", DOCS)
    assert report.skipped == ("a", "b") and report.added == ("c",)
    assert parsed == ["c"]
    report = build_into(tmp_path / "s", DOCS[:2])
    assert report.added == () and parsed == ["c"]
    assert _size(tmp_path / "s") > size
    assert kg.load(tmp_path / "s") == kg.build(DOCS)


def test_a_changed_document_replaces_its_graph(tmp_path):
    build_into(tmp_path / "s", DOCS)
    changed = Document("b", "Marco Rubio praised Nippon Steel.\n")
    report = build_into(tmp_path / "s", [changed])
    assert report.replaced == ("b",)
    graph = kg.load(tmp_path / "s")
    assert graph == kg.build([DOCS[0], DOCS[2], changed])
    assert not graph.facts(predicate="criticize")


def test_remove_deletes_one_document_and_keeps_the_others(tmp_path, capsys):
    build_into(tmp_path / "s", DOCS)
    assert main(["remove", "b", "--store", str(tmp_path / "s")]) == 0
    assert kg.load(tmp_path / "s") == kg.build([DOCS[0], DOCS[2]])
    assert main(["remove", "b", "--store", str(tmp_path / "s")]) == 1
    assert "has no document 'b'" in capsys.readouterr().err


def test_a_crash_mid_build_keeps_finished_documents_and_the_next_build_carries_on(tmp_path, monkeypatch):
    real_write = Store.write
    calls = []

    def crash_on_third(self, graph, extraction, **options):
        calls.append(extraction.document.id)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C while the third document was being written
        return real_write(self, graph, extraction, **options)

    monkeypatch.setattr(Store, "write", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        build_into(tmp_path / "s", DOCS)
    monkeypatch.setattr(Store, "write", real_write)
    assert kg.load(tmp_path / "s") == kg.build(DOCS[:2])
    report = build_into(tmp_path / "s", DOCS)
    assert report.skipped == ("a", "b") and report.added == ("c",)
    assert kg.load(tmp_path / "s") == kg.build(DOCS)


def test_replacing_through_one_sparql_update_keeps_nasty_text(tmp_path):
    nasty = 'q"uo\\te\n\t<>{}|^ 😀 שלום'
    entity = kg.Entity("x", nasty, "Person", aliases=(nasty + "!",))
    with Store(tmp_path / "s") as store:
        for version, entities in enumerate([(entity,), (entity, kg.Entity("y", "Y"))]):
            graph = kg.KnowledgeGraph()
            own = graph.add(Extraction(Document("d", nasty * (version + 1)), entities, ()))
            store.write(graph, own, order=1)
        assert store.documents() == {"d": kg.model.content_hash(nasty * 2)}
        assert sorted(e.name for e in store.graph().entities()) == sorted([nasty, "Y"])


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "notes.txt").write_text("mine")
    with pytest.raises(kg.StoreError, match="not an Oxigraph store"):
        Store(tmp_path / "f")
    assert not is_store(tmp_path / "f")


def test_a_store_keeps_its_base(tmp_path, capsys):
    build_into(tmp_path / "s", DOCS[:1], base="https://example.org/kg/")
    with pytest.raises(kg.StoreError, match="built with base https://example.org/kg/"):
        build_into(tmp_path / "s", DOCS[1:2], base="https://other.example/")
    assert (
        main(
            [
                "sparql",
                str(tmp_path / "s"),
                "ASK { ?s ?p ?o . FILTER(STRSTARTS(STR(?s), 'https://example.org/kg/entity/')) }",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "true\n"
    # Files written beside the store carry the store's IRIs.
    text = tmp_path / "b.txt"
    text.write_text(DOCS[1].text, encoding="utf-8")
    assert main(["build", str(text), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")]) == 0
    assert "https://example.org/kg/entity/" in (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")


def test_sparql_on_graph_store_and_file(tmp_path, capsys):
    graph = kg.build(DOCS[:1])
    query = "SELECT ?a ?b WHERE { ?s rel:meet ?o . ?s rdfs:label ?a . ?o rdfs:label ?b }"
    assert graph.sparql(query).rows == (("Antony Blinken", "Takeshi Iwaya"),)
    build_into(tmp_path / "s", DOCS[:1])
    path = graph.write(tmp_path / "g.trig")
    for source in (tmp_path / "s", path):
        assert main(["sparql", str(source), query, "--csv"]) == 0
        assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
            ["a", "b"],
            ["Antony Blinken", "Takeshi Iwaya"],
        ]
        assert main(["sparql", str(source), "ASK { ?s rel:meet ?o }"]) == 0
        assert capsys.readouterr().out == "true\n"
        assert main(["sparql", str(source), "CONSTRUCT { ?s rel:meet ?o } WHERE { ?s rel:meet ?o }"]) == 0
        turtle = capsys.readouterr().out
        assert len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == 1
    assert main(["sparql", str(path), "SELECT nonsense"]) == 1
    assert "SPARQL syntax error" in capsys.readouterr().err


def test_build_with_store_on_the_command_line(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(DOCS[0].text, encoding="utf-8")
    assert main(["build", str(text), "--store", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.startswith("1 documents added, 0 replaced, 0 unchanged")
    assert main(["build", str(text), "--store", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.startswith("0 documents added, 0 replaced, 1 unchanged")
    assert main(["build", str(text), "--out", str(tmp_path / "o"), "--base", "not an iri"]) == 1
    assert "base 'not an iri/' is not a valid" in capsys.readouterr().err


def _content(path) -> set:
    with Store(path, read_only=True) as store:
        return set(store.content())


def test_the_store_holds_what_a_trig_file_of_its_graph_holds_through_adds_replacements_and_removals(tmp_path):
    from kg.rdf import quads

    # "Blinken" in b joins a's Antony Blinken, and a's fact comes again in d: copies in a's graph must follow.
    docs = [*DOCS, Document("d", "Antony Blinken met Takeshi Iwaya in Tokyo. Blinken praised Iwaya.\n")]
    build_into(tmp_path / "s", docs[:2])
    assert _content(tmp_path / "s") == set(quads(kg.build(docs[:2])))
    build_into(tmp_path / "s", docs)
    assert _content(tmp_path / "s") == set(quads(kg.build(docs)))
    build_into(tmp_path / "s", [Document("d", "Takeshi Iwaya praised Antony Blinken.\n")])
    assert _content(tmp_path / "s") == set(quads(kg.load(tmp_path / "s")))
    assert main(["remove", "a", "--store", str(tmp_path / "s")]) == 0
    assert _content(tmp_path / "s") == set(quads(kg.load(tmp_path / "s")))
    assert kg.load(tmp_path / "s") == kg.build([DOCS[1], DOCS[2], Document("d", "Takeshi Iwaya praised Antony Blinken.\n")])


def _feeds(tmp_path):
    """Two days of one feed, each in its own folder under the same file name: both make the ids feed-1, feed-2."""
    texts = {
        "day1": ["Antony Blinken met Takeshi Iwaya in Tokyo.", "Joe Biden blocked the deal with Nippon Steel."],
        "day2": ["Marco Rubio met Takeshi Iwaya in Washington.", "Nippon Steel sued Joe Biden."],
    }
    for day, lines in texts.items():
        (tmp_path / day).mkdir()
        (tmp_path / day / "feed.jsonl").write_text("".join(f'{{"text": "{t}"}}\n' for t in lines), encoding="utf-8")
    return tmp_path / "day1" / "feed.jsonl", tmp_path / "day2" / "feed.jsonl"


def test_two_feeds_of_one_file_name_never_replace_each_other(tmp_path, capsys, monkeypatch):
    day1, day2 = _feeds(tmp_path)
    store = str(tmp_path / "S")
    assert main(["build", str(day1), "--store", store]) == 0
    capsys.readouterr()
    assert main(["build", str(day2), "--store", store]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"2 documents added, 0 replaced, 0 unchanged; {store} holds 4 documents")
    assert err.splitlines() == [
        f"Warning: {day2}:{n}: the store {store} already holds another document 'feed-{n}', read from another file; "
        f"kg stores this one as 'feed-{n}-2' and replaces nothing (ids come from file names: give each input its "
        'own name, or its own "id" in .jsonl)'
        for n in (1, 2)
    ]
    # Built again, from any working folder: each day finds its own documents unchanged, without a warning.
    monkeypatch.chdir(tmp_path / "day2")
    for feed in (day2, day1, "feed.jsonl"):
        assert main(["build", str(feed), "--store", store]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("0 documents added, 0 replaced, 2 unchanged") and err == ""
    # An edited day 2 replaces day 2's documents, never day 1's.
    day2.write_text('{"text": "Marco Rubio met Takeshi Iwaya in Washington."}\n{"text": "Joe Biden praised Japan."}\n')
    assert main(["build", str(day2), "--store", store]) == 0
    assert capsys.readouterr().out.startswith("0 documents added, 1 replaced, 1 unchanged")
    graph = kg.load(store)
    assert graph.facts(subject="Biden", predicate="block") and graph.facts(subject="Biden", predicate="praise")
    assert not graph.facts(subject="Nippon Steel", predicate="sue")


def test_files_of_one_name_in_the_subfolders_of_a_folder_get_their_paths_as_ids(tmp_path):
    _feeds(tmp_path)
    report = build_into(tmp_path / "S", tmp_path)
    assert report.added == ("day1/feed-1", "day1/feed-2", "day2/feed-1", "day2/feed-2")


def test_a_store_whose_log_is_truncated_keeps_every_document(tmp_path, capsys):
    build_into(tmp_path / "s", DOCS)
    expected = kg.load(tmp_path / "s")
    logs = sorted((tmp_path / "s").glob("*.log"))
    assert logs  # RocksDB's write-ahead log: what a closed store wrote is in its table files too
    for log in logs:
        with log.open("r+b") as f:
            f.truncate(0)
    assert kg.load(tmp_path / "s") == expected
    assert main(["query", str(tmp_path / "s")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + len(expected.facts())  # a header, a fact a line


def test_a_killed_build_whose_log_is_truncated_is_an_error(tmp_path, capsys):
    import subprocess
    import sys

    # A build killed after its last write, before it closed the store (SIGKILL, a power cut).
    killed = (
        "import os, sys, kg.store\n"
        "kg.store.Store.close = lambda self: None\n"
        "kg.store.build_into(sys.argv[1], [kg.Document('a', 'Antony Blinken met Takeshi Iwaya in Tokyo.')])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", killed, str(tmp_path / "s")], check=True, timeout=120,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert len(kg.load(tmp_path / "s").documents()) == 1  # all there, in the log
    for log in (tmp_path / "s").glob("*.log"):
        with log.open("r+b") as f:
            f.truncate(0)
    code = main(["query", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 1 and "Error: " in err and "lost 1 document(s)" in err and "'a'" in err and "Traceback" not in err
    # Building into it again says so once, writes the document again, and a closed store has no journal left.
    with pytest.warns(kg.KGWarning, match="lost 1 document"):
        build_into(tmp_path / "s", [kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo.")])
    assert not (tmp_path / "s" / "KG-JOURNAL").exists()
    assert [d.id for d in kg.load(tmp_path / "s").documents()] == ["a"]


@pytest.mark.parametrize("damaged", ["sst", "MANIFEST", "CURRENT"])
def test_a_damaged_store_is_an_error_naming_it_and_the_way_out(tmp_path, capsys, damaged):
    build_into(tmp_path / "s", DOCS)
    [victim] = sorted(p for p in (tmp_path / "s").iterdir() if damaged in p.name)[:1]
    with victim.open("r+b") as f:
        f.truncate(5)
    for command in (["query", str(tmp_path / "s")], ["sparql", str(tmp_path / "s"), "ASK {}"],
                    ["remove", "a", "--store", str(tmp_path / "s")]):
        assert main(command) == 1, command
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith(f"Error: the store {tmp_path / 's'} is damaged (Corruption: "), line
        assert line.endswith(f"or delete it and build it again: kg build INPUT --store {tmp_path / 's'}")
    text = tmp_path / "a.txt"
    text.write_text(DOCS[0].text, encoding="utf-8")
    assert main(["build", str(text), "--store", str(tmp_path / "s")]) == 1
    assert "is damaged" in capsys.readouterr().err


def test_a_store_damaged_inside_a_table_file_is_an_error_when_read(tmp_path, capsys):
    build_into(tmp_path / "s", DOCS)
    for table in (tmp_path / "s").glob("*.sst"):
        data = bytearray(table.read_bytes())
        if len(data) > 4000:  # a table with data: its first block starts the file, its properties end it
            data[200] ^= 0xFF
            table.write_bytes(bytes(data))
    with Store(tmp_path / "s", read_only=True):
        pass  # it opens: the damage shows when the data is read
    assert main(["query", str(tmp_path / "s")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Error: the store {tmp_path / 's'} is damaged (Corruption: block checksum mismatch")


# ---------------------------------------------------------------------- kg sparql runs locally, within limits
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # every triple with every triple with every triple


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory, seed_graph):
    return str(seed_graph.write(tmp_path_factory.mktemp("sparql") / "graph.ttl"))


@pytest.mark.parametrize(
    "clause",
    ["SERVICE <{url}/sparql> { ?s ?p ?o }", "service silent <{url}/sparql> { ?s ?p ?o }",
     "\\u0053ERVICE <{url}/sparql> { ?s ?p ?o }"],
)
def test_service_is_refused_and_no_connection_leaves(seed_file, loopback, capsys, clause):
    url = loopback.start(lambda request, stop: None)
    query = "SELECT * WHERE { " + clause.replace("{url}", url) + " }"
    assert main(["sparql", seed_file, query]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("Error: the query has a SERVICE clause") and "--allow-service" in line
    with pytest.raises(kg.QueryError, match="SERVICE clause"):
        kg.load(seed_file).sparql(query)
    assert loopback.connections == []


@pytest.mark.parametrize(
    "query",
    ["SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }", "SELECT * FROM NAMED <{url}/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
     "SELECT * WHERE { GRAPH <{url}/g> { ?s ?p ?o } }", "DESCRIBE <{url}/thing>", "LOAD <{url}/data.ttl>"],
)
def test_a_query_naming_an_address_outside_a_service_clause_reaches_no_server(tmp_path, loopback, capsys, query):
    build_into(tmp_path / "s", DOCS[:1])
    url = loopback.start(lambda request, stop: None)
    code = main(["sparql", str(tmp_path / "s"), query.replace("{url}", url)])
    # An IRI is a name in the graph, never fetched; LOAD would fetch, and is an UPDATE: refused.
    assert code == (1 if query.startswith("LOAD") else 0)
    assert "Traceback" not in capsys.readouterr().err
    assert loopback.connections == []


def _close_at_once(request, stop) -> None:  # noqa: ANN001
    request.close_connection = True
    request.connection.shutdown(2)


@pytest.mark.parametrize("answer", ["HTTP 500", "connection closed", "nobody listening"])
def test_an_allowed_service_that_fails_is_an_error_not_a_traceback(seed_file, loopback, capsys, answer):
    handler = {
        "HTTP 500": lambda request, stop: (request.rfile.read(int(request.headers.get("Content-Length", 0))),
                                           request.send_error(500)),
        "connection closed": _close_at_once,
        "nobody listening": None,
    }[answer]
    if handler is None:
        with socket.socket() as free:  # a port bound a moment ago and released: nothing listens on it
            free.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{free.getsockname()[1]}"
    else:
        url = loopback.start(handler)
    query = f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    assert main(["sparql", seed_file, query, "--allow-service", "--timeout", "10"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("Error: the SPARQL query failed: ")
    # The address the user allowed, and only it.
    assert set(loopback.connections) == (set() if handler is None else {int(url.rsplit(":", 1)[1])})


def test_an_update_is_refused_saying_so(tmp_path, capsys):
    build_into(tmp_path / "s", DOCS[:1])
    before = _size(tmp_path / "s")
    for update in ("INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }",
                   "PREFIX ex: <https://e.org/> DELETE WHERE { ?s ?p ?o }", "CLEAR ALL"):
        assert main(["sparql", str(tmp_path / "s"), update]) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith("Error: the query is a SPARQL UPDATE (INSERT, DELETE, LOAD, CLEAR, DROP, ...): kg sparql only reads")
    assert _size(tmp_path / "s") == before


def test_a_query_without_end_of_rows_stops_at_the_row_limit(seed_file, capsys):
    started = time.monotonic()
    assert main(["sparql", seed_file, CROSS, "--max-rows", "50", "--csv"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 + 50
    assert err.splitlines() == [
        "Warning: the answer has more than 50 rows; kg kept the first 50 (--max-rows N for more, or LIMIT and "
        "OFFSET in the query)"
    ]
    assert main(["sparql", seed_file, CROSS, "--csv"]) == 0  # the default limit
    assert len(capsys.readouterr().out.splitlines()) == 1 + kg.store.MAX_ROWS
    assert time.monotonic() - started < kg.store.SPARQL_TIMEOUT
    with pytest.warns(kg.KGWarning, match="more than 7 rows"):
        result = kg.load(seed_file).sparql(CROSS, max_rows=7)
    assert len(result.rows) == 7 and result.truncated


def test_a_query_that_computes_everything_before_its_first_answer_ends_at_the_timeout(seed_file):
    import subprocess
    import sys

    def kg_sparql(*args: str) -> tuple[subprocess.CompletedProcess, float]:
        # A process of its own, as a user runs it: it ends, and takes the query still computing with it.
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "kg", "sparql", seed_file, *args],
            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        return done, time.monotonic() - started

    _, start_up = kg_sparql("ASK {}")  # starting Python and reading the graph, on this machine now
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # billions, none before the last
    done, seconds = kg_sparql(count, "--timeout", "2")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Error: the query did not finish within 2 s; narrow it (LIMIT, more specific patterns) or give it more "
        "time with --timeout SECONDS"
    ]
    assert seconds < start_up + 2 + 1 + 3  # the deadline, the second kg waits past it, and a loaded machine
