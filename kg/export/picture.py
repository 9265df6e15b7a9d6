"""A static picture: a KnowledgeGraph in, an SVG (text) or a PNG (bytes) out, for reports and slides.

Drawn with matplotlib (through networkx's drawing functions) in the page's
colours (``html.TYPE_COLOURS``), laid out by the page's own Python layout
(``html.layout``), dots sized by number of facts as on the page. Labels follow
the page's rule at its first view: names first, then by number of facts, each
label in full, else shortened, else left out, never over another label; a
fact's predicate is written on its arrow where it overlaps no label.

Only matplotlib's object-oriented API is used (a ``Figure`` with the Agg or SVG
canvas, never pyplot), so rendering touches no global state and needs no display.
"""
from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Hashable
from typing import TYPE_CHECKING

from . import html
from .registry import register

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from ..graph import KnowledgeGraph

__all__ = ["render_svg", "render_png", "draw"]

#: Entity types whose labels come first, as on the page.
NAMED = frozenset({"Person", "Organization", "Place", "Event"})
NAME_POINTS, OTHER_POINTS, FACT_POINTS = 11, 9, 9  # 14.7, 12 and 12 px at their natural size
DPI = 100
GRAVITY = 0.08


def _shortened(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > length / 2 else cut) + "\u2026"


def _room(box: Bbox) -> Bbox:
    """The box a label needs: matplotlib measures the ink; a browser's line box is about half a line taller."""
    from matplotlib.transforms import Bbox

    pad = 0.3 * box.height
    return Bbox.from_extents(box.x0 - 2, box.y0 - pad, box.x1 + 2, box.y1 + pad)


def _free(box: Bbox, placed: list[Bbox]) -> bool:
    return not any(box.overlaps(other) for other in placed)


def _place(text: Text, tries: list[str], spots: list[float], labels: list[Bbox], dots: list[Bbox], renderer, *,
           may_cover_dots: bool) -> bool:
    """Set ``text`` to the first of ``tries`` at the first offset (points) from its dot where it overlaps no label
    and no dot (or, when ``may_cover_dots`` and nothing else fits, no label); it joins ``labels``."""
    for label in tries:
        for offset in spots:
            for clear_of_dots in (True, False) if may_cover_dots else (True,):
                text.set_text(label)
                text.set_va("top" if offset < 0 else "bottom")
                text.xyann = (0, offset)  # an annotation's offset from its dot, in points
                box = _room(text.get_window_extent(renderer))
                if _free(box, labels) and (not clear_of_dots or _free(box, dots)):
                    labels.append(box)
                    return True
    text.set_visible(False)
    return False


def draw(graph: KnowledgeGraph, ax: Axes, *, max_nodes: int | None = None) -> None:
    """Draw the graph onto matplotlib axes (the picture without its title and file format)."""
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox

    g = graph.nx
    keep = html._keep(g, max_nodes)
    sub = g if keep is None else html._ordered_subgraph(g, keep)
    pos = _positions(sub)
    ax.set_axis_off()
    if not pos:
        return
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    # Room at the edges for the labels of the outermost dots.
    pad_x, pad_y = 0.08 * (max(xs) - min(xs) or 1), 0.06 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    degree = dict(sub.degree())
    top = max(degree.values(), default=0)
    entity = {n: data["entity"] for n, data in sub.nodes(data=True)}
    colour = {n: html.TYPE_COLOURS.get(e.type, html.TYPE_COLOURS["Thing"]) for n, e in entity.items()}
    # The page's dot radius (8 to 34 canvas pixels, area by number of facts), here in points.
    radius = {n: 3 + 9 * math.sqrt(degree[n] / max(top, 1)) for n in sub}
    nodes = list(sub)
    sizes = [(2 * radius[n]) ** 2 for n in nodes]
    nx.draw_networkx_nodes(sub, pos, nodelist=nodes, node_size=sizes, node_color=[colour[n] for n in nodes], ax=ax,
                           linewidths=0.6, edgecolors="white")
    curves = _curves(sub)
    for s, o, key, data in sub.edges(keys=True, data=True):
        curve = curves[s, o, key]
        rad = 0.0 if not curve or not curve["enabled"] else curve["roundness"] * (1 if curve["type"] == "curvedCW" else -1)
        nx.draw_networkx_edges(
            sub, pos, edgelist=[(s, o)], ax=ax, arrows=True, arrowstyle="-|>", arrowsize=8, width=0.8,
            edge_color="#9a9a9a", style="dashed" if not data["fact"].asserted else "solid",
            connectionstyle=f"arc3,rad={rad}", node_size=[(2 * radius[s]) ** 2, (2 * radius[o]) ** 2],
            nodelist=[s, o],
        )
    renderer = ax.figure.canvas.get_renderer()
    # No label covers a dot (each dot's square on the figure, in pixels), unless it is a name with no other room.
    dots: list[Bbox] = [
        Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r)
        for (x, y), r in zip(ax.transData.transform([pos[n] for n in nodes]), (radius[n] * DPI / 72 for n in nodes))
    ]
    placed: list[Bbox] = []
    legend = ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", markersize=7, color=c, label=f"{t} ({n})")
            for t, c, n in _legend(entity)
        ],
        loc="upper left", frameon=True, fontsize=OTHER_POINTS,
    )
    placed.append(legend.get_window_extent(renderer))
    order = sorted(nodes, key=lambda n: (entity[n].type not in NAMED, -degree[n], len(entity[n].name), str(n)))
    for n in order:
        named = entity[n].type in NAMED
        full = _shortened(entity[n].name, 40)
        text = ax.annotate(
            full, pos[n], xytext=(0, 0), textcoords="offset points", ha="center",
            fontsize=NAME_POINTS if named else OTHER_POINTS, color="#222",
        )
        # Below the dot, above it, and for a name one or two lines further off (where a hub's crowd leaves no room).
        # The gap keeps the label's box (a browser's line box, see _room) clear of its own dot.
        gap, line = radius[n] + 4, 1.2 * (NAME_POINTS if named else OTHER_POINTS)
        spots = [side * (gap + k * line) for k in range(3 if named else 1) for side in (-1, 1)]
        tries = [full, _shortened(full, 24), _shortened(full, 14)]
        _place(text, tries, spots, placed, dots, renderer, may_cover_dots=named)
    for s, o, key, data in sorted(sub.edges(keys=True, data=True), key=lambda e: -e[3]["fact"].confidence):
        (x1, y1), (x2, y2) = pos[s], pos[o]
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        text = ax.text((x1 + x2) / 2, (y1 + y2) / 2, key, fontsize=FACT_POINTS, color="#444", rotation=angle,
                       rotation_mode="anchor", ha="center", va="center")
        box = _room(text.get_window_extent(renderer))
        (a, b) = ax.transData.transform([pos[s], pos[o]])
        room = math.dist(a, b) - (radius[s] + radius[o]) * DPI / 72
        if room > box.width and room > box.height and _free(box, placed) and _free(box, dots):
            placed.append(box)
        else:
            text.remove()
    for text in ax.texts:
        # Like the page's white halo, a label stays readable over an arrow. (A stroke path effect would turn
        # the SVG's text into outlines, which a reader cannot search or copy.)
        text.set_bbox({"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0.6})


def _positions(g) -> dict[Hashable, tuple[float, float]]:
    """Where the page puts each entity: for a graph the page lays out itself (vis-network's forces), a spring
    layout of every component at once; for a bigger one, the page's own Python layout."""
    import networkx as nx

    if g.number_of_nodes() > html.PHYSICS_LIMIT:
        return {n: (x, -y) for n, (x, y) in html.layout(g).items()}  # the page's y axis points down
    undirected = html._ordered_subgraph(nx.Graph(g), list(g))
    nx.set_edge_attributes(undirected, 1.0, "weight")
    # Like the page's central gravity: a weak pull towards the middle keeps components from drifting apart.
    centre = object()
    undirected.add_edges_from(((centre, n) for n in g), weight=GRAVITY)
    spring = nx.spring_layout(undirected, iterations=300, seed=1)
    return {n: (float(x), float(y)) for n, (x, y) in spring.items() if n is not centre}


def _curves(g) -> dict[tuple[Hashable, Hashable, str], dict | None]:
    """Each fact's curve, bent apart from the other facts between the same two entities as on the page."""
    pairs: dict[tuple[str, str], list[tuple[Hashable, Hashable, str]]] = {}
    for s, o, key in g.edges(keys=True):
        pairs.setdefault(tuple(sorted((str(s), str(o)))), []).append((s, o, key))
    return {
        (s, o, key): html._smooth(s, o, i, len(members))
        for members in pairs.values()
        for i, (s, o, key) in enumerate(members)
    }


def _legend(entity: dict) -> list[tuple[str, str, int]]:
    counts = Counter(e.type for e in entity.values())
    shown = [t for t in (*html.TYPE_COLOURS, *(t for t in counts if t not in html.TYPE_COLOURS)) if counts[t]]
    return [(t, html.TYPE_COLOURS.get(t, html.TYPE_COLOURS["Thing"]), counts[t]) for t in shown]


def _figure(graph: KnowledgeGraph, *, max_nodes: int | None, title: str | None, width: float | None):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = graph.nx.number_of_nodes() if max_nodes is None else min(max_nodes, graph.nx.number_of_nodes())
    # About as much room a dot as on the page's first view: 12 x 8 inches up to 100 entities, larger beyond.
    side = width or min(36.0, max(12.0, 1.2 * math.sqrt(n)))
    figure = Figure(figsize=(side, side * 2 / 3), dpi=DPI)
    FigureCanvasAgg(figure)  # measures the labels' text
    figure.text(0.01, 0.985, title or html._title(graph), fontsize=12, va="top")
    draw(graph, figure.add_axes((0.005, 0.005, 0.99, 0.94)), max_nodes=max_nodes)
    return figure


def _save(figure, format: str) -> bytes:
    out = io.BytesIO()
    # No creation date or tool version in the file: the same graph gives the same bytes on every run.
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    figure.savefig(out, format=format, metadata=metadata, facecolor="white")
    return out.getvalue()


@register("svg", (".svg",), "image/svg+xml")
def render_svg(
    graph: KnowledgeGraph, *, max_nodes: int | None = None, title: str | None = None, width: float | None = None
) -> str:
    """The picture as SVG text (``width`` in inches; labels are text, so a reader can search and copy them)."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        return _save(_figure(graph, max_nodes=max_nodes, title=title, width=width), "svg").decode("utf-8")


@register("png", (".png",), "image/png")
def render_png(
    graph: KnowledgeGraph, *, max_nodes: int | None = None, title: str | None = None, width: float | None = None
) -> bytes:
    """The picture as PNG bytes, at 100 dots an inch."""
    return _save(_figure(graph, max_nodes=max_nodes, title=title, width=width), "png")
