"""The HTML page in a real headless Chromium, opened from disk with the network blocked.

Chromium is Debian's (/usr/bin/chromium, installed by .ci/run), driven by
Playwright's Python package; a missing browser fails these tests, never skips them.
"""
from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

import kg
from kg.export.html import render
from kg.graph import from_entities_and_facts

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Each payload sets a flag or opens a dialog if it ever runs.
PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned = \'img\'">',
    "</script><script>alert('breakout')</script>",
    '" onmouseover="window.__pwned = \'attr\'" x="',
    "<a href=\"javascript:window.__pwned='href'\">href</a>",
    "<svg onload=alert('svg')>",
    "<!--",
]
HOSTILE_ARTICLE = f"""Mallory {PAYLOADS[1]} Jones met Alice Smith in Paris.
The company {PAYLOADS[0]} Acme Corp blocked the deal {PAYLOADS[2]}.
Alice Smith said that "{PAYLOADS[3]}" Bob Brown would not sign the href {PAYLOADS[4]} agreement.
Eve {PAYLOADS[5]} Carter attacked Bob Brown {PAYLOADS[6]} in Berlin.
"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Opened:
    """A page opened from disk, with its console errors, outside requests and dialogs recorded."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.page.set_default_timeout(10_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.as_uri()
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kg && window.kg.ready", timeout=20_000)

    def _route(self, route):
        # Only the page itself may load: no network, and no other file either.
        url = route.request.url
        if url == self.url:
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expression: str):
        # A function, not a string: the page's CSP forbids eval.
        return self.page.evaluate(f"() => {expression}")

    def shown(self) -> tuple[int, int]:
        return tuple(self.js("[kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]"))

    def node_xy(self, node_id: str) -> tuple[float, float]:
        return tuple(self.page.evaluate(
            "(id) => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);"
            " const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();"
            " return [r.left + p.x, r.top + p.y]; }",
            node_id,
        ))

    def click_node(self, node_id: str) -> None:
        self.page.mouse.click(*self.node_xy(node_id))

    def clean(self) -> None:
        assert self.errors == [] and self.requests == [] and self.dialogs == []


def _page(tmp_path: Path, graph: kg.KnowledgeGraph, **options) -> Path:
    path = tmp_path / "graph.html"
    path.write_text(render(graph, **options), encoding="utf-8")
    return path


def _not_blank(browser, png: bytes) -> float:
    """Pixel variance of a screenshot, decoded by the browser itself."""
    page = browser.new_page()
    try:
        return page.evaluate(
            """async (src) => {
                const img = new Image(); img.src = src; await img.decode();
                const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
                const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
                const d = ctx.getImageData(0, 0, c.width, c.height).data;
                let sum = 0, sq = 0, n = d.length / 4;
                for (let i = 0; i < d.length; i += 4) {
                    const v = (d[i] + d[i + 1] + d[i + 2]) / 3; sum += v; sq += v * v;
                }
                return sq / n - (sum / n) ** 2;
            }""",
            "data:image/png;base64," + base64.b64encode(png).decode(),
        )
    finally:
        page.close()


def test_seed_page_works_offline_with_evidence_on_click(browser, seed_graph, tmp_path):
    opened = Opened(browser, _page(tmp_path, seed_graph))
    assert opened.shown() == (len(seed_graph.entities()), len(seed_graph))
    legend = opened.page.text_content("#kg-legend")
    assert "Person" in legend and "Organization" in legend and "Place" in legend
    colours = opened.js("new Set(kg.network.body.data.nodes.get().map(n => n.color)).size")
    assert colours >= 4
    assert _not_blank(browser, opened.page.screenshot()) > 50

    blinken = seed_graph.entity("Blinken").id
    opened.click_node(blinken)
    panel = opened.page.locator("#kg-panel")
    assert panel.is_visible() and "Antony Blinken" in panel.locator("h2").first.text_content()
    # The focus: Blinken and his neighbours only.
    neighbours = set(seed_graph.nx.successors(blinken)) | set(seed_graph.nx.predecessors(blinken))
    assert opened.shown()[0] == len(neighbours | {blinken})
    panel.get_by_role("button", name="meet").first.click()
    assert "confidence" in panel.text_content() and panel.locator("blockquote").count() >= 1
    marks = panel.locator("blockquote mark").all_text_contents()
    assert any("Blinken" in m for m in marks), marks
    assert panel.locator("a[href^='https://observador.pt/']").count() >= 1
    opened.page.click("#kg-reset")
    assert opened.shown() == (len(seed_graph.entities()), len(seed_graph))
    assert opened.js("kgNetwork.physics.options.enabled") is False  # settled, then stopped
    opened.clean()


def _filter_graph() -> kg.KnowledgeGraph:
    people = [kg.Entity(f"p{i}", f"Person {i}", "Person") for i in range(4)]
    places = [kg.Entity(f"c{i}", f"City {i}", "Place") for i in range(3)]

    def ev(doc: str) -> tuple[kg.Evidence, ...]:
        return (kg.Evidence(doc, "Some sentence.", 0, 14),)

    facts = [
        kg.Fact("p0", "visit", "c0", evidence=ev("a")),
        kg.Fact("p1", "visit", "c1", evidence=ev("b")),
        kg.Fact("p0", "meet", "p1", evidence=ev("a")),
        kg.Fact("p0", "meet", "p1", negated=True, evidence=ev("b")),
        kg.Fact("p2", "meet", "p3", evidence=ev("b")),
    ]
    graph = from_entities_and_facts(people + places, facts)
    graph.add_document(kg.Document("a", "", title="First article"))
    graph.add_document(kg.Document("b", "", title="Second article"))
    return graph


def test_search_and_filters_change_what_is_drawn(browser, tmp_path):
    opened = Opened(browser, _page(tmp_path, _filter_graph()))
    page = opened.page
    assert opened.shown() == (7, 5)
    page.fill("#kg-search", "city")
    page.wait_for_function("() => kgNetwork.body.data.nodes.length === 3")
    assert opened.shown() == (3, 0) and page.text_content("#kg-status").startswith("3 of 7 entities")
    page.fill("#kg-search", "")
    page.wait_for_function("() => kgNetwork.body.data.nodes.length === 7")

    page.locator("#kg-legend label", has_text="Place").locator("input").uncheck()
    assert opened.shown() == (4, 3)
    page.locator("#kg-legend label", has_text="Place").locator("input").check()

    page.select_option("#kg-predicate", label="visit")
    assert opened.shown() == (4, 2)
    page.select_option("#kg-predicate", label="not meet")
    assert opened.shown() == (2, 1)
    page.select_option("#kg-predicate", value="-1")

    page.select_option("#kg-document", label="First article")
    assert opened.shown() == (3, 2)
    page.select_option("#kg-document", value="-1")
    assert opened.shown() == (7, 5)
    dashed = opened.js("kg.network.body.data.edges.get().filter(e => e.dashes).map(e => e.label)")
    assert dashed == ["not meet"]
    # The two facts between p0 and p1 are drawn on different curves.
    curves = opened.js(
        "kg.network.body.data.edges.get().filter(e => e.label.endsWith('meet') && e.from === 'p0')"
        ".map(e => e.smooth.type)"
    )
    assert sorted(curves) == ["curvedCCW", "curvedCW"]

    # Clicking the middle of a fact's arrow opens its evidence.
    a, b = opened.node_xy("p1"), opened.node_xy("c1")
    page.mouse.click((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    assert page.locator("#kg-panel h2").first.text_content() == "Person 1 \u2192 visit \u2192 City 1"
    assert "Second article" in page.text_content("#kg-panel .source")
    opened.clean()


def test_hostile_text_never_runs(browser, tmp_path):
    article = kg.Document("evil", HOSTILE_ARTICLE, title=" ".join(PAYLOADS), url="javascript:window.__pwned='url'")
    built = kg.build(article)
    # The extractor may trim the payloads; hand-built facts put each one in every field as well.
    sentence = " ".join(PAYLOADS)
    entities = [
        kg.Entity(f"x{i}", p, "Person" if i % 2 else "Organization", aliases=(f"alias {p}",))
        for i, p in enumerate(PAYLOADS)
    ]
    facts = [
        kg.Fact(f"x{i}", p, f"x{(i + 1) % len(PAYLOADS)}", modality=p if i == 3 else None, time=p, place=p,
                evidence=(kg.Evidence("evil2", sentence, 0, len(sentence)),))
        for i, p in enumerate(PAYLOADS)
    ]
    graph = from_entities_and_facts(entities, facts).merge(built)  # hand-built first: their ids stay
    bad_url = "https://example.com/\"><script>window.__pwned='u2'</script>"
    graph.add_document(kg.Document("evil2", "", title=PAYLOADS[4], url=bad_url))
    opened = Opened(browser, _page(tmp_path, graph, title=sentence))
    page = opened.page
    assert opened.shown() == (len(graph.entities()), len(graph))

    # Show every string the page can show: tooltips, panels, select options, search.
    for i in range(len(PAYLOADS)):
        page.click("#kg-reset")
        page.mouse.move(*opened.node_xy(f"x{i}"))  # the tooltip
        page.wait_for_timeout(250)
        opened.click_node(f"x{i}")
        for j in range(page.locator("#kg-panel li button").count()):
            opened.click_node(f"x{i}")
            page.locator("#kg-panel li button").nth(j).click()  # the fact's panel replaces the entity's
    for option in page.locator("#kg-predicate option").all_text_contents()[1:]:
        page.select_option("#kg-predicate", label=option)
    page.select_option("#kg-predicate", value="-1")
    for option in page.locator("#kg-document option").all_text_contents()[1:]:
        page.select_option("#kg-document", label=option)
    page.fill("#kg-search", PAYLOADS[0])
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)

    assert opened.js("window.__pwned") is None
    assert opened.dialogs == [] and opened.requests == [] and opened.errors == []
    # The payloads are shown as text, and no javascript: or broken URL became a link.
    assert PAYLOADS[0] in page.locator("#kg-predicate option").all_text_contents()
    assert PAYLOADS[4] in page.locator("#kg-document option").all_text_contents()
    assert opened.js("[...document.querySelectorAll('a')].every(a => ['https:', 'http:'].includes(a.protocol))")
    assert opened.js("document.querySelectorAll('script').length") == 3
    assert opened.js("document.querySelectorAll('img, svg, iframe').length") == 0


def _big_graph(n: int) -> kg.KnowledgeGraph:
    rng = random.Random(3)
    entities = [kg.Entity(f"e{i}", f"Entity {i}", rng.choice(kg.model.ENTITY_TYPES)) for i in range(n)]
    facts = [
        kg.Fact(f"e{i}", rng.choice(["meet", "sue", "visit"]), f"e{rng.randrange(i)}")
        for i in range(1, n)
        for _ in range(1 + i % 2)
    ]
    return from_entities_and_facts(entities, facts)


def test_a_2000_node_page_becomes_interactive_quickly(browser, tmp_path):
    # benchmarks/html_build.py measures this; the bound here is generous against a loaded machine.
    graph = _big_graph(2000)
    opened = Opened(browser, _page(tmp_path, graph))
    assert opened.js("kg.readyMs") < 10_000
    assert opened.shown() == (2000, len(graph))
    opened.page.fill("#kg-search", "entity 19")
    opened.page.wait_for_function("() => kgNetwork.body.data.nodes.length === 111", timeout=5_000)
    opened.clean()


def test_max_nodes_note_is_visible(browser, tmp_path):
    opened = Opened(browser, _page(tmp_path, _big_graph(300), max_nodes=40))
    note = opened.page.locator("#kg-note")
    assert note.is_visible() and "40 best-connected of 300 entities" in note.text_content()
    assert opened.shown()[0] == 40
    opened.clean()


def test_notebook_iframe_shows_the_page_inline(browser, tmp_path):
    # What Jupyter, VS Code and Colab do with _repr_html_: put the markup into their own page.
    notebook = tmp_path / "notebook.html"
    cell = _filter_graph()._repr_html_()
    notebook.write_text(f"<!DOCTYPE html><html><body><h1>Out[1]:</h1>{cell}</body></html>", encoding="utf-8")
    page = browser.new_page()
    outside: list[str] = []
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url == notebook.as_uri() else (outside.append(r.request.url), r.abort()),
    )
    page.goto(notebook.as_uri())
    frame = page.frames[1]
    frame.wait_for_function("() => window.kg && window.kg.ready", timeout=20_000)
    assert frame.evaluate("() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]") == [7, 5]
    assert outside == []
    page.close()
