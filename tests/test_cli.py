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
