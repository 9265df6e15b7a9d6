"""Benchmark: how fast the HTML page is built, and how fast a big page becomes interactive.

A synthetic news-like graph (preferential attachment: a few hubs, many
entities met once, parallel and reverse facts, one evidence sentence a fact)
of N entities is rendered with ``kg.export.html.render``; then the page of a
2,000-entity graph is opened from disk in headless Chromium with the network
blocked, and the time until the page reports itself interactive
(``window.kg.ready``: the network is drawn and clickable) is measured.

    PYTHONPATH=$PWD python benchmarks/html_build.py            # 20,000 and 2,000 entities
    PYTHONPATH=$PWD python benchmarks/html_build.py --nodes 5000 --browser-nodes 1000
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from kg.export.html import render
from kg.graph import KnowledgeGraph, from_entities_and_facts
from kg.model import Document, Entity, Evidence, Fact

TYPES = ("Person", "Organization", "Place", "Event", "Date", "Quantity", "Thing")
VERBS = ("meet", "block", "announce", "criticise", "visit", "sue", "support", "replace", "acquire", "warn")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def synthetic_graph(n: int, *, seed: int = 7) -> KnowledgeGraph:
    """About n entities and 1.5 n facts spread over n / 10 documents."""
    rng = random.Random(seed)
    surnames = ["Smith", "Tanaka", "Steel", "Bank", "City"]
    entities = [Entity(f"e{i}", f"Entity {i} {rng.choice(surnames)}", rng.choice(TYPES)) for i in range(n)]
    targets: list[int] = [0]
    facts = []
    for i in range(1, n):
        # Preferential attachment: link to an endpoint of an earlier fact, so hubs emerge.
        for _ in range(1 if rng.random() < 0.5 else 2):
            j = rng.choice(targets)
            s, o = (i, j) if rng.random() < 0.7 else (j, i)
            verb = rng.choice(VERBS)
            doc = f"doc-{rng.randrange(max(n // 10, 1))}"
            sentence = f"{entities[s].name} will {verb} {entities[o].name}, officials said on Tuesday."
            negated = rng.random() < 0.05
            evidence = (Evidence(doc, sentence, 0, len(sentence)),)
            confidence = round(rng.uniform(0.4, 1.0), 2)
            facts.append(Fact(f"e{s}", verb, f"e{o}", negated=negated, confidence=confidence, evidence=evidence))
            targets += [i, j]
    graph = from_entities_and_facts(entities, facts)
    for d in range(max(n // 10, 1)):
        graph.add_document(Document(f"doc-{d}", "", title=f"Article {d}", url=f"https://news.example/{d}"))
    return graph


def time_build(n: int) -> tuple[float, str]:
    graph = synthetic_graph(n)
    started = time.perf_counter()
    page = render(graph)
    seconds = time.perf_counter() - started
    print(
        f"build: {graph.nx.number_of_nodes():,} entities, {len(graph):,} facts"
        f" -> {len(page) / 1e6:.1f} MB of HTML in {seconds:.2f} s"
    )
    return seconds, page


def time_interactive(n: int) -> float:
    from playwright.sync_api import sync_playwright

    _, page = time_build(n)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "graph.html"
        path.write_text(page, encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        remote: list[str] = []
        tab.route(
            "**/*",
            lambda r: r.continue_() if r.request.url == path.as_uri() else (remote.append(r.request.url), r.abort()),
        )
        started = time.perf_counter()
        tab.goto(path.as_uri())
        tab.wait_for_function("() => window.kg && window.kg.ready", timeout=60_000)
        seconds = time.perf_counter() - started
        own_clock = tab.evaluate("() => window.kg.readyMs") / 1000
        # Interactive means it answers: a search that filters the whole graph.
        tab.fill("#kg-search", "smith")
        tab.wait_for_function("() => window.kgNetwork.body.data.nodes.length < window.kg.totalNodes", timeout=10_000)
        answered = time.perf_counter() - started
        browser.close()
    print(
        f"browser: {n:,}-entity page interactive {seconds:.2f} s after navigation began "
        f"({own_clock:.2f} s by the page's clock); a search answered by {answered:.2f} s; "
        f"outside requests: {len(remote)}"
    )
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--nodes", type=int, default=20_000, help="entities in the build benchmark (default 20000)")
    args.add_argument(
        "--browser-nodes", type=int, default=2_000, help="entities in the browser benchmark (default 2000; 0 skips it)"
    )
    opts = args.parse_args(argv)
    time_build(opts.nodes)
    if opts.browser_nodes:
        time_interactive(opts.browser_nodes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
