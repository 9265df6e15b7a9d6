"""The hash-pinned lock that CI installs covers every dependency pyproject.toml declares."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, Version]:
    text = (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8")
    return {canonicalize_name(n): Version(v) for n, v in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.M)}


def test_every_declared_dependency_is_locked_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared.extend(extra)
    locked = _locked()
    for line in declared:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is declared but not in requirements/test.lock; run scripts/lock.sh"
        assert req.specifier.contains(locked[name], prereleases=True), f"{req.name}=={locked[name]} is outside {req.specifier}"


def test_every_locked_requirement_has_a_hash():
    text = (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.split("\n", 1)[1])
    for block in blocks:
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, block.split("\n", 1)[0]


def test_every_line_of_the_lock_is_a_pin_a_hash_or_a_comment():
    # pip reads the whole file; a stray line (a merge's conflict markers, say) makes CI's install fail.
    text = (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8")
    pin = re.compile(r"^[A-Za-z0-9_.\-]+==[^\s\\]+( ; .*)? \\$")
    stray = [
        line for line in text.splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("    ") and not pin.match(line)
    ]
    assert stray == []
