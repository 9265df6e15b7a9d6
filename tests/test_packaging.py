"""What a wheel of kg holds: every data file the package reads at run time (an editable install hides a missing one)."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"


def _data_files() -> list[str]:
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    )


def test_every_data_file_of_the_package_is_declared_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["kg"]
    files = _data_files()
    assert "relations.txt" in files and "extract/data/first_names.tsv" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)] == []
