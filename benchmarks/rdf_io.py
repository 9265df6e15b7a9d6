"""RDF I/O benchmark: a graph of about N triples written as Turtle and read back, kg (pyoxigraph) against rdflib.

Each step runs in a fresh child process, so its peak memory (max RSS) is its
own. Time covers the step only, not building the KnowledgeGraph; "peak
extra" is the peak RSS minus the RSS once the KnowledgeGraph is built.

    python benchmarks/rdf_io.py                    # 1M triples (a few minutes, ~2 GB for rdflib)
    python benchmarks/rdf_io.py --triples 100000   # quick look
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.graph import from_entities_and_facts  # noqa: E402

STEPS = ("kg-write", "kg-read", "rdflib-write", "rdflib-read")
WORDS = (
    'the minister said on Tuesday that talks with "Nippon Steel" over US Steel\'s future were <complex> {ongoing} | '
    "😀 שלום"
).split()


def make_graph(units: int, seed: int = 7) -> kg.KnowledgeGraph:
    """``units`` documents, each with 10 entities (an alias, a mention) and 10 facts (one evidence each)."""
    rng = random.Random(seed)
    entities, facts, documents = [], [], []
    for u in range(units):
        doc = f"doc-{u}"
        documents.append(kg.Document(doc, "", url=f"https://news.example/{u}", title=" ".join(rng.choices(WORDS, k=8))))
        ids = [f"e{u}-{i}" for i in range(10)]
        for i, entity_id in enumerate(ids):
            name = " ".join(rng.choices(WORDS, k=2)).title()
            entities.append(
                kg.Entity(
                    entity_id,
                    name,
                    rng.choice(kg.model.ENTITY_TYPES),
                    aliases=(name.split()[-1],),
                    mentions=(kg.Mention(name, doc, i * 100, i * 100 + len(name)),),
                )
            )
        for i in range(10):
            sentence = " ".join(rng.choices(WORDS, k=20)) + "."
            facts.append(
                kg.Fact(
                    ids[i],
                    rng.choice(["meet", "block", "say", "buy", "visit"]),
                    ids[(i + 1) % 10 if i < 9 else rng.randrange(10)],
                    negated=rng.random() < 0.1,
                    time=rng.choice([None, "on Tuesday"]),
                    confidence=round(rng.random(), 3),
                    evidence=(kg.Evidence(doc, sentence, i * 200, i * 200 + len(sentence)),),
                )
            )
    graph = from_entities_and_facts(entities, facts)
    for doc in documents:
        graph.add_document(doc)
    return graph


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


def child(step: str, units: int, path: Path) -> dict:
    import rdflib

    from kg.rdf import from_rdflib

    graph = make_graph(units)
    base = _rss_mb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    detail = {}
    if step == "kg-write":
        graph.write(path)
    elif step == "kg-read":
        back = kg.load(path)
    elif step == "rdflib-write":
        g = graph.to_rdflib()
        detail["build rdflib.Graph s"] = round(time.perf_counter() - started, 2)
        t, c = time.perf_counter(), time.process_time()
        g.serialize(destination=str(path), format="turtle")
        detail["serialize s"] = round(time.perf_counter() - t, 2)
        detail["serialize cpu_s"] = round(time.process_time() - c, 2)
    elif step == "rdflib-read":
        g = rdflib.Graph()
        g.parse(str(path), format="turtle")
        detail["parse s"] = round(time.perf_counter() - started, 2)
        detail["parse cpu_s"] = round(time.process_time() - cpu_started, 2)
        back = from_rdflib(g)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if step.endswith("read"):
        assert back == graph, "read back a different graph"
    return {
        "step": step,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu_seconds, 2),
        "peak_mb": round(peak),
        "peak_extra_mb": round(peak - base),
        **detail,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="about how many triples (default 1M)")
    p.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    p.add_argument("--units", type=int, help=argparse.SUPPRESS)
    p.add_argument("--path", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.units, Path(args.path))))
        return
    from kg.rdf import triples

    per_unit = sum(1 for _ in triples(make_graph(20))) / 20
    units = max(1, round(args.triples / per_unit))
    n = sum(1 for _ in triples(make_graph(units)))
    print(f"{n} triples ({units} documents); Python {sys.version.split()[0]}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for step in STEPS:
            path = Path(tmp) / ("kg.ttl" if step.startswith("kg") else "rdflib.ttl")
            done = subprocess.run(
                [sys.executable, __file__, "--child", step, "--units", str(units), "--path", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[step] = json.loads(done.stdout)
            print(json.dumps(results[step]), flush=True)
        sizes = {name: (Path(tmp) / name).stat().st_size / 2**20 for name in ("kg.ttl", "rdflib.ttl")}
    w, r = results["kg-write"]["seconds"], results["kg-read"]["seconds"]
    rw, rr = results["rdflib-write"], results["rdflib-read"]
    print()
    print("| step | kg (pyoxigraph) | plain rdflib | speed-up |")
    print("| --- | --- | --- | --- |")
    print(
        f"| write Turtle (KnowledgeGraph -> file) | {w:.1f} s, +{results['kg-write']['peak_extra_mb']} MB | "
        f"{rw['seconds']:.1f} s, +{rw['peak_extra_mb']} MB | {rw['seconds'] / w:.1f}x |"
    )
    print(
        f"| rdflib's serializer alone vs our whole write | {w:.1f} s | {rw['serialize s']:.1f} s "
        f"| {rw['serialize s'] / w:.1f}x |"
    )
    print(
        f"| read Turtle (file -> KnowledgeGraph) | {r:.1f} s, +{results['kg-read']['peak_extra_mb']} MB | "
        f"{rr['seconds']:.1f} s, +{rr['peak_extra_mb']} MB | {rr['seconds'] / r:.1f}x |"
    )
    print(f"| rdflib's parser alone vs our whole read | {r:.1f} s | {rr['parse s']:.1f} s | {rr['parse s'] / r:.1f}x |")
    print(f"| file size | {sizes['kg.ttl']:.0f} MB | {sizes['rdflib.ttl']:.0f} MB | |")
    # CPU time is what other processes on a shared machine's cores (and waits on its disk) change least.
    wc, rc = results["kg-write"]["cpu_s"], results["kg-read"]["cpu_s"]
    ws, rp = rw["serialize cpu_s"], rr["parse cpu_s"]
    print(f"| CPU time: rdflib's serializer alone vs our whole write | {wc:.1f} s | {ws:.1f} s | {ws / wc:.1f}x |")
    print(f"| CPU time: rdflib's parser alone vs our whole read | {rc:.1f} s | {rp:.1f} s | {rp / rc:.1f}x |")


if __name__ == "__main__":
    main()
