"""Regenerate kg/extract/data/first_names.tsv: nomquamgender's name data in, a compact list of first names and their gender out.

The list is derived from the name-gender data that the PyPI package
nomquamgender ships (Van Buskirk, Clauset and Larremore, "An open-source
cultural consensus approach to name-based gender classification", 2023; MIT
licence, notice kept in the file's header). kg reads it at run time instead
of importing the package, which loads 720,000 names (1.5 s, 200 MB) and pandas.

A name is kept when it is a plain word (letters, one hyphen or apostrophe at
most) and was counted at least MIN_COUNT times; its gender is m when the
share of female bearers is at most 1 - THRESHOLD, f when it is at least
THRESHOLD, else u (a first name of either gender: "Nicola", "Jean"). The count
is kept too, so a rule can ask for a common name.

    pip install --no-deps nomquamgender && python scripts/first_names.py [NAME_DATA_JSON]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "extract" / "data" / "first_names.tsv"
MIN_COUNT = 100
THRESHOLD = 0.9  # nomquamgender's own default: names more uncertain than 0.1 are not classified
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)?")

HEADER = """\
# First names: name, gender (m, f, or u when neither has 90% of bearers), the number of bearers counted.
# Derived by scripts/first_names.py from the name data of nomquamgender 0.1.4 (PyPI),
# which carries this notice:
#
# Copyright (c) 2022 Ian Van Buskirk
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
# SOFTWARE.
"""


def default_data() -> Path:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed: pip install --no-deps nomquamgender, or give NAME_DATA_JSON")
    return Path(next(iter(spec.submodule_search_locations))) / "name_data.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, help="nomquamgender's name_data.json (default: the installed one)")
    args = parser.parse_args(argv)
    data = json.loads((args.data or default_data()).read_text(encoding="utf-8"))
    rows = []
    for name, (_sources, count, female, *_rest) in data.items():
        if count < MIN_COUNT or not _WORD.fullmatch(name):
            continue
        gender = "m" if female <= 1 - THRESHOLD else "f" if female >= THRESHOLD else "u"
        rows.append((name, gender, count))
    rows.sort()
    with OUT.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines(f"{name}\t{gender}\t{count}\n" for name, gender, count in rows)
    print(f"{len(rows)} names -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
