"""Check kg's RDF of a corpus as a data engineer would load it: SHACL shapes with and without RDFS inference,
each triple once in every format, and Raptor's rapper reading every format as rdflib and pyoxigraph do.

    python scripts/check_rdf.py examples/blinken-japan-us-steel.txt
    python scripts/check_rdf.py path/to/articles/        # a folder of articles, a .jsonl file, ...

Prints one line a check and exits 1 when one fails.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

import kg  # noqa: E402
from kg.export.rdf import RDF_FORMATS  # noqa: E402
from kg.rdf import validate  # noqa: E402

SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", help="articles, as kg build takes them")
    args = p.parse_args()
    graph = kg.build(args.inputs)
    print(f"{len(graph.documents())} documents, {len(graph.entities())} entities, {len(graph)} facts")
    ok = True
    for inference in ("none", "rdfs"):
        conforms, report = validate(graph.to_rdflib(), inference=inference)
        results = report.split("Results (", 1)[1].split(")", 1)[0] if not conforms else "0"
        print(f"SHACL, inference {inference}: {'conforms' if conforms else 'DOES NOT conform'} ({results} results)")
        ok &= conforms
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in sorted(RDF_FORMATS):
            path = graph.write(Path(tmp) / f"graph{SUFFIXES[fmt]}")
            ours = list(ox.parse(path=str(path), format=RDF_FORMATS[fmt][0]))
            named = RDF_FORMATS[fmt][1]
            if named:
                ds = rdflib.Dataset()
                ds.parse(str(path), format=RDFLIB[fmt])
                theirs = len(list(ds.quads((None, None, None, None))))
            else:
                theirs = len(rdflib.Graph().parse(str(path), format=RDFLIB[fmt]))
            line = f"{fmt}: {len(ours)} written, {len(set(ours))} distinct, rdflib {theirs}"
            good = len(ours) == len(set(ours)) == theirs
            if fmt == "jsonld":  # Raptor has no JSON-LD parser: PyLD is the independent one
                from pyld import jsonld

                nquads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {"format": "application/n-quads"})
                read = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}
                same = read == {ox.Triple(t.subject, t.predicate, t.object) for t in ours}
                line += f", pyld {len(nquads.splitlines())} ({'the same' if same else 'DIFFERENT'})"
                good &= same and len(nquads.splitlines()) == len(ours)
            else:
                out = "nquads" if named else "ntriples"
                done = subprocess.run(["rapper", "-q", "-i", fmt, "-o", out, str(path)], capture_output=True, check=True)
                read = set(ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES))
                same = {ox.Triple(t.subject, t.predicate, t.object) for t in read} if not named else read
                mine = {ox.Triple(t.subject, t.predicate, t.object) for t in ours} if not named else set(ours)
                line += f", rapper {len(done.stdout.splitlines())} ({'the same' if same == mine else 'DIFFERENT'})"
                good &= same == mine and len(done.stdout.splitlines()) == len(ours)
            print(line + ("" if good else "  <- FAILS"))
            ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
