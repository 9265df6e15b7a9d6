"""Take the README screenshot: the reference article's page in headless Chromium, one fact's evidence open.

It also writes the graph's counts ("48 entities, 35 facts") into README.md, where a test
compares them with a fresh build: run it again whenever the page or the extraction changes.

    PYTHONPATH=$PWD python docs/img/screenshot.py [OUT.png]
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parents[2]
ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    graph = kg.build(ROOT / "examples" / "blinken-japan-us-steel.txt")
    biden = graph.entity("Joe Biden").id
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_path = graph.write(Path(tmp) / "graph.html")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url == page_path.as_uri() else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.kg && window.kg.ready")
        # Open the evidence of "Joe Biden -> block -> ..." from Biden's panel, then show the whole graph again.
        page.evaluate("(id) => kg.network.emit('click', {nodes: [id], edges: []})", biden)
        page.locator("#kg-panel li button", has_text="block").first.click()
        page.click("#kg-reset")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out))
        browser.close()
    readme = ROOT / "README.md"
    counts = f"{len(graph.entities())} entities, {len(graph)} facts"
    readme.write_text(re.sub(r"\b\d+ entities, \d+ facts\b", counts, readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{out}: {counts}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "seed-graph.png")
