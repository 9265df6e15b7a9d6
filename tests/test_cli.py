"""Command-line contract: exit codes, messages, and the CaRB output format."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kg.cli import main


def test_missing_input_is_an_error_without_traceback(capsys, tmp_path):
    assert main(["build", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "missing.txt does not exist" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build"])
    assert exc.value.code == 2


def test_console_script_and_module_entry_point(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Nippon Steel bought a mill in Ohio.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(text), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 documents, ")
    assert (tmp_path / "o" / "graph.ttl").exists()


def test_openie_tokenized_keeps_the_given_tokens(tmp_path, capsys):
    line = "Earlier this year , President Bush made a final `` take - it - or - leave it '' offer on the minimum wage ."
    path = tmp_path / "s.txt"
    path.write_text(line + "\n", encoding="utf-8")
    assert main(["openie", str(path), "--tokenized"]) == 0
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    assert rows, "no proposition"
    for row in rows:
        assert row[0] == line
        assert 0.0 <= float(row[1]) <= 1.0
        assert len(row) >= 5
    assert any(r[2].startswith("made") and "Bush" in r[3] for r in rows)


def test_query_matches_names_case_insensitively(capsys, tmp_path, seed_graph):
    path = seed_graph.write(tmp_path / "g.ttl")
    assert main(["query", str(path), "--subject", "blinken", "--predicate", "meet"]) == 0
    out = capsys.readouterr().out
    assert "Takeshi Iwaya" in out


def test_query_of_a_missing_graph_is_an_error(capsys, tmp_path):
    assert main(["query", str(tmp_path / "nope.ttl")]) == 1
    assert "Error: " in capsys.readouterr().err


def test_query_all_shows_why_a_fact_is_not_asserted_and_whose_claim_it_is(capsys, tmp_path, seed_graph):
    path = seed_graph.write(tmp_path / "g.ttl")
    assert main(["query", str(path), "--subject", "blinken", "--predicate", "meet", "--all"]) == 0
    out = capsys.readouterr().out
    # "Ishiba, with whom Blinken is expected to meet": hedged, and shown so.
    assert re.search(r"Shigeru Ishiba.*hedged", out), out
    assert main(["query", str(path), "--subject", "blinken", "--predicate", "meet"]) == 0
    assert "Ishiba" not in capsys.readouterr().out


# ------------------------------------------------------------------ what query, entities and sparql print


@pytest.fixture(scope="module")
def seed_ttl(seed_graph, tmp_path_factory):
    return seed_graph.write(tmp_path_factory.mktemp("cli") / "graph.ttl")


def _blinken_rows(seed_graph):
    facts = seed_graph.facts(subject="Blinken")
    assert len(facts) >= 3
    return [(seed_graph.get(f.subject).name, f.key, f.relation, seed_graph.get(f.object).name, f"{f.confidence:.2f}")
            for f in facts]


def _assert_table_shows_in_full(out: str, rows, width: int) -> None:
    lines = out.splitlines()
    header = lines[0].split()
    # The relation, like the evidence, is left out where the terminal has no room for it.
    assert header[:5] == ["subject", "predicate", "relation", "object", "confidence"] or (
        width < 80 and header[:4] == ["subject", "predicate", "object", "confidence"])
    assert all(len(line.rstrip()) <= width for line in lines), max(lines, key=len)
    words = " ".join(out.split())
    for subject, predicate, relation, obj, confidence in rows:
        # Subject, predicate, relation and confidence stand whole on the fact's first line; the object may wrap below it.
        firsts = [line for line in lines if line.startswith(f"{subject}  {predicate}  ") and f" {confidence}" in line]
        assert "relation" not in header or any(f"  {relation}  " in first for first in firsts), (subject, relation)
        assert any(obj.split()[0] in first for first in firsts), (subject, predicate, obj, confidence)
        assert all(word in words for word in obj.split())
    assert lines[-1] == f"{len(rows)} facts"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_query_table_never_cuts_subject_predicate_or_confidence(width, seed_graph, seed_ttl, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["query", str(seed_ttl), "--subject", "Blinken", "--format", "table"]) == 0
    out = capsys.readouterr().out
    _assert_table_shows_in_full(out, _blinken_rows(seed_graph), width)
    assert ("evidence" in out.splitlines()[0]) == (width >= 80)  # left out only when no room is left


def test_query_in_a_terminal_of_80_columns(seed_graph, seed_ttl):
    import fcntl
    import os
    import pty
    import re
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", str(seed_ttl), "--subject", "Blinken"],
        stdin=terminal, stdout=terminal, stderr=terminal, env=env, close_fds=True,
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal is closed once the process has exited
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    os.close(controller)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8")).replace("\r\n", "\n")
    _assert_table_shows_in_full(text, _blinken_rows(seed_graph), 80)


def test_query_piped_is_tab_separated_with_a_header(seed_graph, seed_ttl):
    done = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(seed_ttl), "--subject", "Blinken"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "subject\tpredicate\trelation\tobject\tconfidence\tevidence"
    rows = [tuple(line.split("\t")) for line in lines[1:]]
    assert all(len(row) == 6 and row[5] for row in rows)
    assert sorted(row[:5] for row in rows) == sorted(_blinken_rows(seed_graph))


def test_query_csv_and_json_lines(seed_graph, seed_ttl, capsys):
    import csv
    import io
    import json

    assert main(["query", str(seed_ttl), "--subject", "Blinken", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["subject", "predicate", "relation", "object", "confidence", "evidence"]
    assert sorted(tuple(r[:5]) for r in rows[1:]) == sorted(_blinken_rows(seed_graph))

    assert main(["query", str(seed_ttl), "--all", "--format", "json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    facts = seed_graph.facts(include_negated=True)
    assert len(records) == len(facts)
    by_identity = {(r["subject_id"], r["predicate"], r["object_id"]): r for r in records}
    for fact in facts:
        record = by_identity[fact.identity]
        assert record["confidence"] == fact.confidence and record["asserted"] == fact.asserted
        assert (record["negated"], record["modality"], record["time"], record["place"]) == (
            fact.negated, fact.modality, fact.time, fact.place
        )
        assert [tuple(e.values()) for e in record["evidence"]] == [
            (e.document, e.sentence, e.start, e.end) for e in fact.evidence
        ]
    assert any(not r["asserted"] for r in records) and any(r["time"] for r in records)


def test_entities_table_tsv_and_json(seed_graph, seed_ttl, monkeypatch, capsys):
    import json

    monkeypatch.setenv("COLUMNS", "60")
    assert main(["entities", str(seed_ttl), "--type", "Person", "--format", "table"]) == 0
    out = capsys.readouterr().out
    people = seed_graph.entities(type="Person")
    assert all(len(line.rstrip()) <= 60 for line in out.splitlines())
    for person in people:
        assert any(line.startswith(person.name + " ") and " Person " in line for line in out.splitlines()), person.name
    assert main(["entities", str(seed_ttl), "--type", "Person"]) == 0  # piped: tsv
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name\ttype\tmentions\tdocuments\tid\taliases"
    assert sorted(line.split("\t")[0] for line in lines[1:]) == sorted(p.name for p in people)
    assert main(["entities", str(seed_ttl), "--type", "Person", "--format", "json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    blinken = next(r for r in records if r["name"] == "Antony Blinken")
    assert "Blinken" in blinken["aliases"] and blinken["mentions"]
    assert {"text", "document", "start", "end", "rule"} <= set(blinken["mentions"][0])


def test_sparql_select_formats(seed_ttl, capsys):
    import json

    query = "SELECT ?name WHERE { ?e a schema:Person ; rdfs:label ?name } ORDER BY ?name"
    assert main(["sparql", str(seed_ttl), query]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name" and "Antony Blinken" in lines
    assert main(["sparql", str(seed_ttl), query, "--format", "json"]) == 0
    assert {"name": "Antony Blinken"} in [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["sparql", str(seed_ttl), query, "--csv"]) == 0
    assert capsys.readouterr().out.startswith("name\r\n")


def test_summary_tells_what_a_graph_holds(seed_graph, seed_ttl, capsys):
    assert main(["summary", str(seed_ttl), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 document, ") and "Most connected" in out and "Most frequent relations" in out
    assert main(["summary", str(seed_ttl), "--top", "3", "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["section", "name", "type", "count"] and ["graph", "documents", "", "1"] in rows
    connected = [r for r in rows if r[0] == "most connected"]
    assert [r[1] for r in connected] == [e.name for e, _ in seed_graph.summary(top=3).most_connected]
