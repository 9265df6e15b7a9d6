"""Every example script runs, and says what it promises."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_and_query_example(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "build_and_query.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Takeshi Iwaya" in done.stdout
    assert "block -> acquisition of US Steel" in done.stdout
    assert {p.name for p in tmp_path.iterdir()} == {"graph.ttl", "graph.html", "graph.json"}


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert test_line.strip() in readme
