"""The page of a big graph in headless Chromium: how long until it is interactive, and whether the first
view shows the names of the best-connected entities readably.

    python benchmarks/page_first_view.py GRAPH [--top 50] [--screenshot PNG] [--runs 3]

GRAPH is a graph kg wrote (graph.json, graph.ttl, ...), for example the output of
``kg build ../shared/articles/bbc-corpus.jsonl --out DIR``. The page is written again from it with
this code, opened from disk in Debian's Chromium, headless, and for each
run the script reports the time from navigation to the page's ready flag (``kg.readyMs``: parsed,
drawn, labels placed). It then checks the first view: the names of the ``--top`` best-connected
named entities (people, organisations, places, events) each have a label in view, at 14 px or more
on screen, and no two labels in view overlap.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
# The browser set-up and the label boxes of the readability tests: one definition of "readable".
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, LABEL_BOXES, NAMED  # noqa: E402
from tests.test_browser import _overlaps as overlaps  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", help="write the first view here (PNG)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    graph = kg.load(args.graph)
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        page_path = graph.write(Path(tmp) / "graph.html")
        written = time.perf_counter()
        print(f"{graph!r}; read in {loaded - started:.1f} s, page written in {written - loaded:.1f} s "
              f"({page_path.stat().st_size / 1e6:.1f} MB)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                # The page's Content-Security-Policy allows no network source: nothing else loads.
                page.goto(page_path.as_uri(), timeout=120_000)
                page.wait_for_function("() => window.kg && window.kg.ready", timeout=120_000)
                ready = page.evaluate("() => kg.readyMs")
                print(f"run {run + 1}: interactive after {ready / 1000:.2f} s")
                if run == args.runs - 1:
                    boxes = page.evaluate(LABEL_BOXES)
                    if args.screenshot:
                        page.screenshot(path=args.screenshot)
                    by_id = {b["id"]: b for b in boxes}
                    named = [(e, graph.nx.degree(e.id)) for e in graph.entities() if e.type in NAMED]
                    best = [e for e, _ in sorted(named, key=lambda pair: (-pair[1], pair[0].id))[: args.top]]
                    missing = [e.name for e in best if e.id not in by_id]
                    small = [e.name for e in best if e.id in by_id and round(by_id[e.id]["px"], 1) < 14]
                    crossed = overlaps(boxes)
                    print(f"first view: {len(boxes)} labels in view, smallest {min(b['px'] for b in boxes):.1f} px, "
                          f"{len(crossed)} overlapping pairs; top {args.top} names: {args.top - len(missing)} labelled, "
                          f"{len(small)} under 14 px")
                    if missing:
                        print("  without a label:", ", ".join(missing))
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
