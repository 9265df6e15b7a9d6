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

ROOT = Path(__file__).resolve().parent.parent
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
        # Waits, not speed bounds (benchmarks/ measure speed): long enough for a machine under load.
        self.page.set_default_timeout(60_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.as_uri()
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kg && window.kg.ready")

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


def _grey(browser, png: bytes) -> list[list[float]]:
    """A screenshot's pixels as rows of grey levels (0 black to 255 white), decoded by the browser itself."""
    page = browser.new_page()
    try:
        return page.evaluate(
            """async (src) => {
                const img = new Image(); img.src = src; await img.decode();
                const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
                const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
                const d = ctx.getImageData(0, 0, c.width, c.height).data, rows = [];
                for (let y = 0; y < c.height; y++) {
                    const row = [];
                    for (let x = 0; x < c.width; x++) { const i = (y * c.width + x) * 4; row.push((d[i] + d[i + 1] + d[i + 2]) / 3); }
                    rows.push(row);
                }
                return rows;
            }""",
            "data:image/png;base64," + base64.b64encode(png).decode(),
        )
    finally:
        page.close()


def _not_blank(browser, png: bytes) -> float:
    """Pixel variance of a screenshot."""
    values = [v for row in _grey(browser, png) for v in row]
    mean = sum(values) / len(values)
    return sum(v * v for v in values) / len(values) - mean * mean


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
    page.select_option("#kg-predicate", label="meet")  # a relation: negated or not
    assert opened.shown() == (4, 3)
    page.select_option("#kg-predicate", value="-1")
    # The box beside the filter narrows its list; one relation left is the one chosen.
    page.fill("#kg-relation-search", "vis")
    assert page.locator("#kg-predicate option").all_text_contents() == ["All relations (2)", "visit"]
    assert opened.shown() == (4, 2)
    page.fill("#kg-relation-search", "")
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


# Names of Object's own properties: a page keeping its maps in plain objects reads them there.
PROTOTYPE_IDS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "\u2063constructor"]


def test_entities_named_like_object_properties_are_drawn_and_open(browser, tmp_path):
    built = kg.build("The Constructor Group sued Acme Corp in Berlin. Constructor said it would appeal.\n")
    sentence = "Constructor sued toString, and hasOwnProperty met valueOf."
    entities = [kg.Entity(i, i.strip("\u2063_") or i, "Organization") for i in PROTOTYPE_IDS]
    facts = [
        kg.Fact(i, "sue", PROTOTYPE_IDS[(n + 1) % len(PROTOTYPE_IDS)], evidence=(kg.Evidence("d", sentence, 0, 11),))
        for n, i in enumerate(PROTOTYPE_IDS)
    ]
    graph = from_entities_and_facts(entities, facts).merge(built)
    graph.add_document(kg.Document("d", sentence, title="constructor"))
    opened = Opened(browser, _page(tmp_path, graph))
    assert opened.js("kg.ready") is True
    assert opened.shown() == (len(graph.entities()), len(graph))
    drawn = opened.js("kgNetwork.body.data.nodes.getIds()")
    assert len(set(drawn)) == len(graph.entities())  # "constructor" and the marked one stay two
    for node_id in drawn:
        if node_id in ("constructor", "\u2063constructor", "\u2063__proto__", "\u2063toString"):
            opened.page.click("#kg-reset")
            opened.click_node(node_id)
            title = opened.page.locator("#kg-panel h2").first.text_content()
            assert title in {e.name for e in graph.entities()}
            assert opened.page.locator("#kg-panel li button").count() >= 1
    opened.page.fill("#kg-search", "tostring")
    opened.page.keyboard.press("Enter")
    opened.page.wait_for_function("() => kgNetwork.body.data.nodes.length === 3")  # it and its two neighbours
    opened.clean()


def _big_graph(n: int) -> kg.KnowledgeGraph:
    rng = random.Random(3)
    entities = [kg.Entity(f"e{i}", f"Entity {i}", rng.choice(kg.model.ENTITY_TYPES)) for i in range(n)]
    facts = [
        kg.Fact(f"e{i}", rng.choice(["meet", "sue", "visit"]), f"e{rng.randrange(i)}")
        for i in range(1, n)
        for _ in range(1 + i % 2)
    ]
    return from_entities_and_facts(entities, facts)


def test_a_2000_node_page_opens_on_its_overview_and_shows_every_entity_on_demand(browser, tmp_path):
    # How fast it becomes interactive is measured by benchmarks/html_build.py, not bounded here.
    graph = _big_graph(2000)
    opened = Opened(browser, _page(tmp_path, graph))
    assert opened.js("kg.readyMs") > 0  # the clock benchmarks/html_build.py and page_first_view.py read
    # The first view: the best-connected names (and any as well connected as the last of them).
    assert kg.export.html.OVERVIEW_NAMES <= opened.shown()[0] <= kg.export.html.OVERVIEW_NAMES * 1.2
    opened.page.locator("#kg-overview").uncheck()
    assert opened.shown() == (2000, len(graph))
    opened.page.fill("#kg-search", "entity 19")
    opened.page.wait_for_function("() => kgNetwork.body.data.nodes.length === 111")
    opened.clean()


FIRST = ["Maria", "Kenji", "Amara", "Lars", "Priya", "Tomas", "Elena", "Samuel", "Hana", "Omar", "Ines", "Yusuf"]
LAST = ["Lopez", "Sato", "Okafor", "Nilsson", "Raman", "Novak", "Petrova", "Adeyemi", "Kim", "Haddad", "Berg"]


def _corpus_like_graph() -> kg.KnowledgeGraph:
    """A graph shaped like a news corpus: named hubs of falling degree, many descriptions, a long tail of names."""
    rng = random.Random(7)
    kinds = ("Person", "Organization", "Place", "Event")
    names = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(names)
    suffix = ("", " Group", " City", " Summit")
    hubs = [kg.Entity(f"h{i}", names[i] + suffix[i % 4], kinds[i % 4]) for i in range(80)]
    tail = [kg.Entity(f"n{i}", names[80 + i % (len(names) - 80)] + f" {i}", kinds[i % 4]) for i in range(700)]
    things = [kg.Entity(f"t{i}", f"description number {i}", "Thing") for i in range(1500)]
    facts = []
    for i, hub in enumerate(hubs):
        for j in range(90 - i):  # hub i has 90 - i facts: a clear ranking
            other = rng.choice(things if j % 3 else tail + hubs)
            if other.id != hub.id:
                facts.append(kg.Fact(hub.id, rng.choice(["meet", "buy", "criticise", "visit"]), other.id))
    return from_entities_and_facts(hubs + tail + things, facts)


def test_a_big_graph_opens_on_its_fifty_best_connected_names_readably(browser, tmp_path):
    graph = _corpus_like_graph()
    boxes = _assert_first_view_readable(browser, tmp_path, graph, top=50)
    opened = Opened(browser, _page(tmp_path, graph))
    shown = opened.js("kg.nodes.getIds()")
    types = {e.id: e.type for e in graph.entities()}
    # The overview: named entities only, as many as the page shows at first, the best-connected ones.
    names = kg.export.html.OVERVIEW_NAMES
    assert names <= len(shown) <= names * 1.2 and all(types[n] != "Thing" for n in shown)
    assert {b["id"] for b in boxes} <= set(shown)
    # Expanding an entity shows its descriptions; switching the overview off shows every entity.
    opened.click_node("h0")
    opened.page.wait_for_function("() => kg.nodes.getIds().some(id => id.startsWith('t'))")
    opened.page.click("#kg-reset")
    opened.page.locator("#kg-overview").uncheck()
    assert opened.shown()[0] == len(graph.entities())
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
    frame.wait_for_function("() => window.kg && window.kg.ready", timeout=60_000)
    assert frame.evaluate("() => [kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]") == [7, 5]
    assert outside == []
    page.close()


# ------------------------------------------------------------------ readable at the first view

# Where vis-network drew each node label in view, in page pixels, and its font size on screen.
# vis-network keeps the box it laid the text out in when it last drew it (labelModule.size, canvas
# units; nodes out of view are not drawn, so only those in view count) without the label's vertical
# shift (font.vadjust), which it adds when drawing.
LABEL_BOXES = """() => {
  const net = kgNetwork, scale = net.getScale(), canvas = document.querySelector('#kg-graph canvas').getBoundingClientRect();
  const inView = id => {
    const p = net.canvasToDOM(net.getPositions([id])[id]);
    return p.x >= 0 && p.y >= 0 && p.x <= canvas.width && p.y <= canvas.height;
  };
  return net.body.nodeIndices.filter(id => net.body.nodes[id].options.label && inView(id)).map(id => {
    const label = net.body.nodes[id].labelModule, s = label.size, v = label.fontOptions.vadjust || 0;
    const a = net.canvasToDOM({x: s.left, y: s.top + v}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + v + s.height});
    return {id, text: net.body.nodes[id].options.label, px: label.fontOptions.size * scale,
            left: canvas.left + a.x, top: canvas.top + a.y, right: canvas.left + b.x, bottom: canvas.top + b.y};
  });
}"""
NAMED = ("Person", "Organization", "Place", "Event")


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def _assert_first_view_readable(browser, tmp_path, graph: kg.KnowledgeGraph, *, top: int = 6) -> list[dict]:
    opened = Opened(browser, _page(tmp_path, graph))
    boxes = opened.page.evaluate(LABEL_BOXES)
    assert _overlaps(boxes) == []
    assert round(min(b["px"] for b in boxes), 1) >= 12
    # The best-connected names (the top ones, and any as well connected as the last of them) are all
    # there, in full or shortened, at 14 px.
    named = [e for e in graph.entities() if e.type in NAMED]
    least = sorted((graph.nx.degree(e.id) for e in named), reverse=True)[top - 1]
    best = [e for e in named if graph.nx.degree(e.id) >= least]
    by_id = {b["id"]: b for b in boxes}
    for entity in best:
        assert entity.id in by_id, f"{entity.name} has no label"
        assert round(by_id[entity.id]["px"], 1) >= 14 and by_id[entity.id]["text"].rstrip("\u2026") in entity.name
    # The labels are inside the graph's part of the page, clear of the legend.
    area = opened.page.locator("#kg-graph").bounding_box()
    legend = opened.page.locator("#kg-legend").bounding_box()
    legend_box = {"text": "legend", "left": legend["x"], "top": legend["y"],
                  "right": legend["x"] + legend["width"], "bottom": legend["y"] + legend["height"]}
    assert _overlaps([legend_box, *boxes])[:1] == []
    assert all(area["x"] <= b["left"] and b["right"] <= area["x"] + area["width"] for b in boxes)
    assert all(area["y"] <= b["top"] and b["bottom"] <= area["y"] + area["height"] for b in boxes)
    opened.clean()
    return boxes


def test_seed_page_first_view_is_readable(browser, seed_graph, tmp_path):
    boxes = _assert_first_view_readable(browser, tmp_path, seed_graph)
    # Most entities keep a label (what a source said is a clause, which yields its room to them); names never
    # go unlabelled on this small graph.
    labelled = {b["id"] for b in boxes}
    things = [e for e in seed_graph.entities() if e.type != "Claim"]
    assert len(labelled.intersection(e.id for e in things)) >= 0.8 * len(things)
    assert all(e.id in labelled for e in seed_graph.entities() if e.type in NAMED and not e.described)


PEOPLE = ["Maria Lopez", "Kenji Sato", "Amara Okafor", "Lars Nilsson", "Priya Raman", "Tomas Novak",
          "Elena Petrova", "Samuel Adeyemi", "Hana Kim", "Omar Haddad"]
COMPANIES = ["Northwind Steel", "Blue Harbor Bank", "Cobalt Motors", "Silverline Air", "Granite Energy"]
CITIES = ["Lisbon", "Osaka", "Nairobi", "Oslo", "Chennai", "Prague"]


def _written_articles(n: int) -> list[kg.Document]:
    """Short news-like articles about a cast that recurs, so that the corpus graph has hubs and crowds."""
    rng = random.Random(20)
    articles = []
    for i in range(n):
        a, b, c = rng.sample(PEOPLE, 3)
        firm, other = rng.sample(COMPANIES, 2)
        city = rng.choice(CITIES)
        text = (
            f"{a} met {b} in {city} on Monday.\n"
            f"{a} said that {firm} would buy a stake in {other}.\n"
            f"{c} criticised the plan of {firm}.\n"
            f"{other} hired {c} as its new chief executive.\n"
            f"{b} visited the factory of {firm} in {rng.choice(CITIES)}.\n"
            f"The regulator in {city} did not approve the deal.\n"
        )
        articles.append(kg.Document(f"written-{i}", text, title=f"{a} meets {b} in {city}"))
    return articles


def test_twenty_article_page_first_view_is_readable(browser, seed_path, tmp_path):
    corpus = kg.build([str(seed_path), str(ROOT / "examples" / "corpus")])
    graph = corpus.merge(kg.build(_written_articles(20 - len(corpus.documents()))))
    assert len(graph.documents()) == 20 and len(graph.entities()) > 80
    _assert_first_view_readable(browser, tmp_path, graph)


# A fact's label is drawn when its font has a size (the page keeps every label and sizes the hidden ones 0).
LABELLED_FACTS = "Object.values(kgNetwork.body.edges).filter(e => e.options.font.size > 0).map(e => e.id)"


def test_fact_labels_show_when_readable(browser, seed_graph, tmp_path):
    opened = Opened(browser, _page(tmp_path, seed_graph))
    page = opened.page
    first = opened.js(LABELLED_FACTS)
    assert len(first) < len(seed_graph)  # not every predicate fits along its arrow at the first view

    # Hovering a fact's arrow labels it.
    straight = opened.js(
        "kgNetwork.body.data.edges.get().filter(e => !e.smooth).map(e => [e.id, e.from, e.to])"
    )
    hidden = next(s for s in straight if s[0] not in first)
    (ax, ay), (bx, by) = opened.node_xy(hidden[1]), opened.node_xy(hidden[2])
    page.mouse.move((ax + bx) / 2, (ay + by) / 2)
    page.wait_for_function(f"() => kgNetwork.body.edges[{hidden[0]}].options.font.size > 0")

    # Hovering an entity labels every fact it takes part in.
    blinken = seed_graph.entity("Antony Blinken").id
    page.mouse.move(*opened.node_xy(blinken))
    page.wait_for_timeout(300)
    his = opened.js(f"Object.values(kgNetwork.body.edges).filter(e => e.fromId === '{blinken}' || e.toId === '{blinken}')"
                    ".map(e => e.options.font.size)")
    assert his and all(his)

    # Zooming in makes room: more facts are labelled, and the names stay 14 px, apart.
    scale = opened.js("kgNetwork.getScale()")
    x, y = opened.node_xy(blinken)
    page.mouse.move(x + 40, y + 60)
    for _ in range(6):
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(100)
    page.mouse.move(10, 400)
    page.wait_for_timeout(300)
    assert opened.js("kgNetwork.getScale()") > 1.5 * scale
    assert len(opened.js(LABELLED_FACTS)) > len(first)
    boxes = page.evaluate(LABEL_BOXES)
    assert _overlaps(boxes) == [] and {round(b["px"], 1) for b in boxes} <= {12.0, 14.0}

    # The focused entity's facts are labelled where they fit, in a view zoomed to it and its neighbours.
    page.click("#kg-reset")
    opened.click_node(blinken)
    page.mouse.move(10, 400)
    page.wait_for_timeout(300)
    labelled = opened.js(LABELLED_FACTS)
    assert len(labelled) >= opened.shown()[1] / 2
    opened.clean()


def test_panel_bullets_stand_on_the_first_line_of_their_fact(browser, seed_graph, tmp_path):
    opened = Opened(browser, _page(tmp_path, seed_graph))
    opened.click_node(seed_graph.entity("Antony Blinken").id)
    items = opened.page.locator("#kg-panel li")
    wrapped = next(i for i in range(items.count()) if items.nth(i).bounding_box()["height"] > 30)
    item = items.nth(wrapped).bounding_box()
    line = opened.page.evaluate(
        "(i) => parseFloat(getComputedStyle(document.querySelectorAll('#kg-panel li')[i]).lineHeight)", wrapped
    )
    # The bullet is drawn left of the item's box: find its dark pixels there.
    png = opened.page.screenshot(clip={"x": item["x"] - 16, "y": item["y"], "width": 14, "height": item["height"]})
    rows = _dark_rows(browser, png)
    assert rows, "no bullet drawn"
    assert max(rows) < line, (rows, line)  # every dark pixel of the bullet is within the first line
    opened.clean()


def _dark_rows(browser, png: bytes) -> list[int]:
    """Rows of a screenshot that hold dark pixels."""
    return [y for y, row in enumerate(_grey(browser, png)) if min(row) < 128]
