"""The static picture: SVG and PNG from matplotlib, in the page's colours, readable in a real browser."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.export import format_for, formats
from kg.export.html import TYPE_COLOURS

from .test_browser import CHROMIUM_ARGS, CHROMIUM, _not_blank, _overlaps

NAMED = ("Person", "Organization", "Place", "Event")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_picture_formats_are_registered_exporters():
    assert {"svg", "png"} <= set(formats())
    assert format_for("graph.svg") == "svg" and format_for("graph.PNG") == "png"


def test_kg_build_picture_svg_is_readable_in_a_browser(browser, seed_path, seed_graph, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(seed_path), "--out", str(out), "--picture", "svg", "--quiet"]) == 0
    svg = out / "graph.svg"
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.json", "graph.svg", "graph.ttl"]
    text = svg.read_text(encoding="utf-8")
    types = {e.type for e in seed_graph.entities()}
    assert all(TYPE_COLOURS[t].lower() in text.lower() for t in types)  # the page's colours

    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(svg.as_uri())
    # Each label as the browser lays it out: its text, its box on screen and its font size in screen pixels.
    labels = page.evaluate(
        """() => [...document.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                    px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)};
        })"""
    )
    shown = {label["text"]: label for label in labels}
    named = sorted((e for e in seed_graph.entities() if e.type in NAMED), key=lambda e: -seed_graph.nx.degree(e.id))
    for entity in named[:6]:
        assert entity.name in shown, f"{entity.name} is not in the picture"
        assert shown[entity.name]["px"] >= 14
    def names_an_entity(text: str) -> bool:  # in full, or shortened with an ellipsis
        return any(
            text == e.name or (text.endswith("\u2026") and e.name.startswith(text[:-1])) for e in seed_graph.entities()
        )

    entity_labels = [label for label in labels if names_an_entity(label["text"])]
    assert len(entity_labels) >= 0.8 * len(seed_graph.entities())
    assert _overlaps(labels) == []
    # names, descriptions, predicates and the legend; the browser's scale is a float (11.999999999999996 is 12)
    assert min(round(label["px"], 6) for label in labels) >= 12
    assert _not_blank(browser, page.screenshot()) > 50
    page.close()


def test_write_png_and_the_same_picture_every_time(browser, seed_graph, tmp_path):
    png = seed_graph.write(tmp_path / "graph.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert _not_blank(browser, data) > 50
    page = browser.new_page()
    size = page.evaluate(
        "async (src) => { const img = new Image(); img.src = src; await img.decode(); return [img.width, img.height]; }",
        "data:image/png;base64," + base64.b64encode(data).decode(),
    )
    page.close()
    assert size == [1200, 800]
    assert seed_graph.write(tmp_path / "again.png").read_bytes() == data
    assert Path(seed_graph.write(tmp_path / "a.svg")).read_bytes() == Path(seed_graph.write(tmp_path / "b.svg")).read_bytes()


def test_an_empty_graph_has_a_picture_too(tmp_path):
    svg = kg.KnowledgeGraph().write(tmp_path / "empty.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")
