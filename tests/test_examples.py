"""Every example script runs, and says what it promises."""
from __future__ import annotations

import importlib.util
import json
import re
import os
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent


def test_build_and_query_example(tmp_path):
    done = _run("build_and_query.py", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Takeshi Iwaya" in done.stdout
    assert "block -> acquisition of US Steel" in done.stdout
    assert {p.name for p in tmp_path.iterdir()} == {"graph.ttl", "graph.html", "graph.json"}
    connected = done.stdout.split("How are Blinken and Nippon Steel connected?\n")[1].split("wrote")[0]
    assert "Antony Blinken" in connected and "Nippon Steel" in connected


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert test_line.strip() in readme


def _run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / script), *args],
        capture_output=True, text=True, timeout=300, env=environment,
    )


def test_build_corpus_example(tmp_path):
    done = _run("build_corpus.py", str(ROOT / "examples" / "corpus"), str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "corpus.ttl").is_file()
    assert "4 documents" in done.stdout.splitlines()[0]
    assert "Built again: 4 unchanged, 0 parsed" in done.stdout
    assert "SPARQL: 4 named graphs" in done.stdout
    assert (tmp_path / "store").is_dir()
    since = done.stdout.split("Since 7 January 2025:\n")[1].split("Timeline")[0].splitlines()
    dates = [line.split()[0] for line in since]
    assert dates and dates == sorted(dates) and all(d >= "2025-01-07" for d in dates), since
    for doc in ("ishiba-trump-call", "2025-01-06-nippon-steel-lawsuit", "2025-01-21-rubio-sworn-in"):
        assert f"{doc}: " in done.stdout


def test_push_example_without_a_store_says_so(monkeypatch, capsys):
    monkeypatch.delenv("KG_STORE_URL", raising=False)
    assert _push_module().main([]) == 0
    assert "nothing pushed" in capsys.readouterr().out


def _count(url: str, graph: str) -> int:
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    request = urllib.request.Request(f"{url}/query?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def _push_module():
    """The push example's module, to call its ``push`` in process."""
    spec = importlib.util.spec_from_file_location("push_to_store", ROOT / "examples" / "push_to_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_push_example_puts_the_graph_into_a_real_server(oxigraph_server, seed_graph):
    iri = "https://example.org/seed"
    done = _run("push_to_store.py", "--graph", iri, env={"KG_STORE_URL": f"{oxigraph_server}/store"})
    assert done.returncode == 0, done.stderr
    assert _count(oxigraph_server, iri) == len(seed_graph.to_rdflib())
    # A second push (in process, from the script's own function) replaces the graph instead of doubling it.
    assert _push_module().push(seed_graph, f"{oxigraph_server}/store", graph_iri=iri) == 204
    assert _count(oxigraph_server, iri) == len(seed_graph.to_rdflib())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_push_example_reports_an_unreachable_server(seed_graph):
    module = _push_module()
    with pytest.raises(kg.StoreError, match="cannot reach .*is the server running"):
        module.push(seed_graph, f"http://127.0.0.1:{_free_port()}/store", timeout=5)


def test_readme_recipes_run(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    recipes = readme.split("## Recipes")[1].split("\n## ")[0]
    snippets = re.findall(r"```python\n(.*?)```", recipes, flags=re.S)
    assert len(snippets) == 3
    # One process for all three (one model load); each prints a marker line after its own output.
    script = "\n".join(f"{snippet}\nprint('-- recipe {n} done')" for n, snippet in enumerate(snippets))
    done = subprocess.run(
        [sys.executable, "-c", script.replace('"examples/', f'"{ROOT}/examples/')],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    outputs = re.split(r"-- recipe \d done\n", done.stdout)[:3]
    assert all(o.strip() for o in outputs), done.stdout
    assert "Nippon Steel" in outputs[0] and "Antony Blinken" in outputs[1] and "2025-01-07" in outputs[2]
    assert (tmp_path / "out" / "facts.csv").is_file() and (tmp_path / "out" / "graph.svg").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside the output folder


def test_readme_counts_are_those_of_a_fresh_build(seed_graph):
    # docs/img/screenshot.py writes them with the picture; a change of extraction must run it again.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = re.findall(r"\b(\d+) entities, (\d+) facts\b", readme)
    assert len(counts) >= 2
    assert set(counts) == {(str(len(seed_graph.entities())), str(len(seed_graph)))}, "run docs/img/screenshot.py"
