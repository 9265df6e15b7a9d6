"""Interactive HTML: a KnowledgeGraph in, one self-contained, offline HTML page out.

How pyvis is used, and why not more of it: pyvis 0.3.2 (pinned, unmaintained)
is used only as the package that ships a known vis-network build
(``templates/lib/vis-9.1.2/vis-network.min.js``), which is inlined into the
page. Its ``Network`` class and templates are not used: the templates link
Bootstrap (and, unless ``in_line``, vis-network) from CDNs, so the page is
blank offline; ``add_node``/``add_edge``/``from_nx`` are quadratic (20k nodes:
9 s); and three of its paths write raw HTML (any title containing "href"
switches every tooltip to ``innerHTML``, ``select_menu`` writes node ids into
``<option>`` unescaped, ``heading`` goes raw into ``<h1>``). Instead the page
is our own template (``static/``) and the whole graph is assigned in bulk as
one JSON data island.

Safety: every string from the articles reaches the page as JSON inside
``<script type="application/json">``, escaped so that it cannot end the
element; the page script shows it only through ``textContent``, text nodes,
``new Option(text)`` and the ``href`` property (http and https URLs only,
checked here and again in the page). The page title goes through
``html.escape``. A Content-Security-Policy allows no network source at all
and only the two inline scripts, by their SHA-256 hashes, so even injected
markup could not run a script. ``iframe`` escapes the whole page for a
``srcdoc`` attribute, for notebooks.

Layout: graphs up to ``PHYSICS_LIMIT`` nodes are laid out by vis-network's
physics, which is stopped once it has settled. Bigger ones get positions from
``layout`` (a spring layout of the best-connected nodes, every other node
placed next to a placed neighbour: linear time) and no physics, and the page
opens on an overview: the ``OVERVIEW_NAMES`` best-connected named entities
(people, organisations, places, events), laid out by community (networkx's
Louvain method, seeded, on the names linked by a fact or by a description
they share), so that their names can be read at the first view. Descriptions
("Thing" phrases) and the other names appear when an entity is expanded (a
click shows it with all its neighbours), searched for, or when the overview
is switched off.
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import itertools
import json
import math
import random
import re
from collections import Counter, deque
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import networkx as nx

from ..errors import KGError
from ..relations import is_canonical
from .registry import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..model import Entity, Evidence, Fact, Mention

__all__ = ["render", "iframe", "graph_data", "layout", "overview", "TYPE_COLOURS", "PHYSICS_LIMIT", "OVERVIEW_NAMES"]

#: Node colours by entity type (Okabe-Ito, colour-blind-safe).
TYPE_COLOURS = {
    "Person": "#0072B2",
    "Organization": "#E69F00",
    "Place": "#009E73",
    "Event": "#CC79A7",
    "Date": "#56B4E9",
    "Quantity": "#F0E442",
    "Claim": "#D55E00",
    "Thing": "#999999",
}

#: Up to this many nodes the browser's physics lays the graph out; above it Python does, physics is off,
#: and the page opens on an overview of the best-connected names.
PHYSICS_LIMIT = 500

#: How many named entities a big graph's first view shows.
OVERVIEW_NAMES = 50

#: Entity types whose names a reader looks for first.
NAMED_TYPES = frozenset({"Person", "Organization", "Place", "Event"})

#: Evidence sentences kept per fact in the page (the count of all of them is shown).
EVIDENCE_LIMIT = 20

# Words of a predicate that are not worth highlighting in its sentence.
_FUNCTION_WORDS = frozenset("a an the of to in on at for with by from as be not".split())
# Characters outside the Basic Multilingual Plane take two UTF-16 units in JavaScript strings.
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_WORD = re.compile(r"\w+")  # a stem of word characters only (see _predicate_patterns)


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    # The bundle contains no "</script"; guard anyway, since it is inlined verbatim. The file is found
    # by the package's spec, which imports nothing: importing pyvis imports IPython, half a second of a build.
    # (pyvis is a dependency of kg: without it, this fails as importing it would.)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'pyvis'", name="pyvis")
    folder = Path(next(iter(spec.submodule_search_locations)))
    js = (folder / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script")


@lru_cache(maxsize=None)
def _static(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can end the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    escapes = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
    for char, escaped in escapes:
        text = text.replace(char, escaped)
    return text


def _slices(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    rest = iter(values)
    while part := list(itertools.islice(rest, size)):
        yield part


def _script_json_pieces(value: dict[str, Any], *, items: int = 2000) -> Iterator[str]:
    """``_script_json(value)`` in pieces: each long list, and each iterator, a slice of ``items`` at a time.

    A corpus graph's data is tens of megabytes of JSON; written piece by piece
    it is never one string (nor its escaped copies) in memory.
    """
    yield "{"
    for n, (key, item) in enumerate(value.items()):
        yield ("," if n else "") + _script_json(key) + ":"
        if isinstance(item, Iterator) or (isinstance(item, list) and len(item) > items):
            # A slice's JSON without its brackets is exactly that part of the whole list's JSON.
            yield "["
            for m, part in enumerate(_slices(item, items)):
                yield ("," if m else "") + _script_json(part)[1:-1]
            yield "]"
        else:
            yield _script_json(item)
    yield "}"


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _http_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces or control characters, else None."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _utf16(text: str, offset: int) -> int:
    """A code-point offset into ``text`` as the UTF-16 offset JavaScript strings use."""
    return offset + sum(1 for c in text[:offset] if ord(c) > 0xFFFF)


@lru_cache(maxsize=4096)
def _predicate_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    """Regexes for the words of a fact key and their inflections ("block" -> "blocked", "replace" -> "replaced").

    A stem of word characters only matches from a word's start to its end, so its matches are those of the
    key's alternation of stems, once the spans are merged: such stems get a regex each, compiled once for
    every key that has the word (a corpus has three times as many keys as stems, and compiling was most
    of the page's highlighting). Any other stem ("co-operat") keeps the key's alternation.
    """
    words = [w for w in key.lower().split() if w not in _FUNCTION_WORDS]
    stems = sorted({w.rstrip("e") if len(w) > 3 else w for w in words}, key=len, reverse=True)
    if all(_WORD.fullmatch(stem) for stem in stems):
        return tuple(_stem_pattern(stem) for stem in stems)
    return (_stem_pattern("|".join(sorted(map(re.escape, stems), key=len, reverse=True)), escaped=True),)


@lru_cache(maxsize=4096)
def _stem_pattern(stem: str, escaped: bool = False) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + (stem if escaped else re.escape(stem)) + r")\w{0,4}\b", re.IGNORECASE)


def _mentions_by_document(entity: Entity) -> dict[str, list[Mention]]:
    by_document: dict[str, list[Mention]] = {}
    for m in entity.mentions:
        by_document.setdefault(m.document, []).append(m)
    return by_document


def _highlights(
    fact: Fact, evidence: Evidence, entities: tuple[Entity, Entity], mentions: tuple[dict[str, list[Mention]], ...]
) -> list[list[int]]:
    """Spans of the sentence to mark: the mentions of subject and object, and the predicate's words.

    ``mentions`` holds each entity's mentions by document (``_mentions_by_document``).
    """
    text = evidence.sentence
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for entity, by_document in zip(entities, mentions):
        found = False
        for m in by_document.get(evidence.document, ()):
            start = m.start - evidence.start
            # Only mentions inside this sentence whose offsets still point at their text.
            if 0 <= start and text[start : start + len(m.text)] == m.text:
                spans.append((start, start + len(m.text)))
                found = True
        if not found:  # a graph read back from a file has no mentions: look for the names
            for name in entity.names:
                at = lowered.find(name.lower()) if name.strip() else -1
                if at >= 0:
                    spans.append((at, at + len(name)))
                    break
    for pattern in _predicate_patterns(fact.key):
        spans.extend(match.span() for match in pattern.finditer(text))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if _ASTRAL.search(text):
        merged = [[_utf16(text, s), _utf16(text, e)] for s, e in merged]
    return merged


def _keep(g: nx.MultiDiGraph, max_nodes: int | None) -> set[Hashable] | None:
    """The ``max_nodes`` best-connected nodes (by degree, ties by id), or None to keep all."""
    if max_nodes is None or max_nodes >= g.number_of_nodes():
        return None
    if max_nodes < 1:
        raise KGError(f"max_nodes={max_nodes} keeps nothing; give a positive number of nodes")
    ranked = sorted(g.degree(), key=lambda pair: (-pair[1], str(pair[0])))
    return {node for node, _ in ranked[:max_nodes]}


def _ordered_subgraph(g: nx.Graph, nodes: Iterable[Hashable]) -> nx.Graph:
    """A copy of ``g`` on ``nodes`` with nodes and edges in ``g``'s own order.

    networkx's subgraph views iterate the set of nodes they were given, whose
    order changes with Python's string hashing from one run to the next; the
    page, like every kg output, must be the same on every run.
    """
    keep = set(nodes)
    sub = g.__class__()
    sub.add_nodes_from((n, data) for n, data in g.nodes(data=True) if n in keep)
    if g.is_multigraph():
        sub.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        sub.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if u in keep and v in keep)
    return sub


def layout(
    g: nx.Graph,
    *,
    core: int = 300,
    seed: int = 1,
    spacing: float = 90.0,
    groups: list[set[Hashable]] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Positions in pixels for a big graph, in about linear time.

    networkx's spring layouts are quadratic per iteration (20k nodes: minutes),
    so only the ``core`` best-connected nodes get a spring layout; every other
    node is placed, breadth first, near a neighbour that is already placed,
    and components that touch no core node are laid out the same way around
    their best-connected node on a spiral outside the core. Given ``groups``
    (communities of nodes), those nodes are the core instead, each group drawn
    together around a point of its own.
    """
    rng = random.Random(seed)
    undirected = nx.Graph()
    undirected.add_nodes_from(g)
    undirected.add_edges_from(g.edges())
    ranked = sorted(undirected.degree(), key=lambda pair: (-pair[1], str(pair[0])))
    if groups is not None:
        pos = _group_layout(undirected, groups, seed=seed, spacing=spacing)
        hubs = list(pos)
        radius = spacing * math.sqrt(max(len(hubs), 1)) * 1.5
    else:
        hubs = [n for n, _ in ranked[:core]]
        pos = {}
    if hubs and groups is None:
        # Hubs not linked to the other hubs would be flung to the rim; they are placed later, near a neighbour.
        # Of equal components, the one with the best-ranked hub.
        rank = {n: i for i, n in enumerate(hubs)}
        components = nx.connected_components(_ordered_subgraph(undirected, hubs))
        linked = max(components, key=lambda c: (len(c), -min(rank[n] for n in c)))
        hubs = [n for n in hubs if n in linked]
        radius = spacing * math.sqrt(max(len(hubs), 1)) * 1.5
        spring = nx.spring_layout(_ordered_subgraph(undirected, hubs), iterations=50, seed=seed)
        pos = {n: (float(x) * radius, float(y) * radius) for n, (x, y) in spring.items()}
    elif groups is None:
        radius = spacing * 1.5

    def grow(start: Iterable[Hashable]) -> None:
        queue = deque(start)
        while queue:
            node = queue.popleft()
            x, y = pos[node]
            todo = [m for m in undirected.adj[node] if m not in pos]
            # A node's unplaced neighbours fan out around it, further out the more there are.
            ring = spacing * (0.6 + 0.08 * math.sqrt(len(todo)))
            offset = rng.random() * math.tau
            for i, m in enumerate(todo):
                angle = offset + math.tau * i / len(todo)
                r = ring * (0.7 + 0.6 * rng.random())
                pos[m] = (x + r * math.cos(angle), y + r * math.sin(angle))
                queue.append(m)

    grow(hubs)
    # The rest: components without a hub, biggest first, on a spiral around the core.
    turn = 0.0
    distance = radius + spacing * 2
    for node, _ in ranked:
        if node in pos:
            continue
        pos[node] = (distance * math.cos(turn), distance * math.sin(turn))
        grow([node])
        # Step along the spiral so neighbouring components keep apart.
        turn += spacing * 2.5 / distance
        distance += spacing * 2.5 / math.tau * (spacing * 2.5 / distance)
    return pos


def _group_layout(
    g: nx.Graph, groups: list[set[Hashable]], *, seed: int, spacing: float
) -> dict[Hashable, tuple[float, float]]:
    """A spring layout of the grouped nodes in which each group is pulled to a point of its own: every member
    is tied to its group's centre, and the centres to one another, besides the links between members."""
    members = {n: i for i, group in enumerate(groups) for n in group}
    spring = nx.Graph()
    spring.add_nodes_from(sorted(members, key=str))
    spring.add_edges_from((u, v) for u, v in g.subgraph(members).edges() if u != v)
    centres = [("group", i) for i in range(len(groups))]
    for n, i in members.items():
        spring.add_edge(n, centres[i], weight=2.0)
    for a, b in itertools.combinations(centres, 2):
        spring.add_edge(a, b, weight=0.05)
    laid = nx.spring_layout(spring, iterations=100, seed=seed, k=2.0 / math.sqrt(max(len(members), 1)))
    radius = spacing * math.sqrt(max(len(members), 1)) * 1.2
    return {n: (float(laid[n][0]) * radius, float(laid[n][1]) * radius) for n in sorted(members, key=str)}


def _spread(
    pos: dict[Hashable, tuple[float, float]], labels: dict[Hashable, tuple[str, float]], *, legend_rows: int = 8,
    width: float = 1000, height: float = 620, scale: float = 0.6, rounds: int = 600,
) -> dict[Hashable, tuple[float, float]]:
    """The first view's names moved apart until their labels no longer overlap, in a box of about a page's size.

    ``labels`` gives each node's name and dot radius (canvas pixels), most important first. Positions are scaled so that the page,
    fitting them into a view of ``width`` x ``height`` pixels, shows them at ``scale`` (dots drawn smaller than
    at full size, labels at their fixed size on screen), then every pair whose dot and label (a 14 px name,
    about 7.5 px a character, below the dot) overlap is pushed apart along the axis where they overlap least,
    and every one out from under the legend (``legend_rows`` types and the key below them, graph.css).
    """
    import numpy as np

    nodes = list(labels)
    if len(nodes) < 2:
        return pos
    xy = np.array([pos[n] for n in nodes], dtype=float)
    span = np.maximum(xy.max(axis=0) - xy.min(axis=0), 1e-9)
    half = np.array([width / 2, height / 2]) / scale
    xy = (xy - xy.min(axis=0)) / span * 2 * half - half
    size = _label_boxes(labels, scale)
    drop = 13 / scale  # the box's centre below the dot's
    # The legend covers the top left corner of the view, 8 px in: a box no node may share. It is about 210 px
    # wide (the key's 14em and padding) and 20 px a type's row high, with the key's three lines below them.
    legend_px = np.array([210.0, 20.0 * legend_rows + 80])
    legend_at, legend_size = -half + (8 + legend_px / 2) / scale, legend_px / scale
    low, high = -half + size / 2, half - size / 2
    boxes = [[float(x), float(y)] for x, y in xy]
    sizes = size.tolist()
    legend = [*legend_at.tolist(), *legend_size.tolist()]
    # Half of each pair's summed sizes: how close their centres may come on each axis (the sizes never change).
    reach = (size[:, None, :] + size[None, :, :]) / 2
    reach_x, reach_y = reach[..., 0].tolist(), reach[..., 1].tolist()
    n = len(boxes)
    for _ in range(rounds):
        moved = False
        # Pair by pair, each pair that overlaps moves apart along the axis where it overlaps least, half each.
        # (The page's hot loop: abs() is written out, and the y overlap is only computed when x overlaps.)
        for i in range(n):
            a, sa, rx, ry = boxes[i], sizes[i], reach_x[i], reach_y[i]
            for j in range(i + 1, n):
                b = boxes[j]
                dx = a[0] - b[0]
                ox = rx[j] - (dx if dx >= 0 else -dx)
                if ox <= 0:
                    continue
                dy = a[1] - b[1]
                oy = ry[j] - (dy if dy >= 0 else -dy)
                if oy <= 0:
                    continue
                moved = True
                if ox < oy:
                    step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    a[0] += step
                    b[0] -= step
                else:
                    step = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                    a[1] += step
                    b[1] -= step
            # Out from under the legend, right or down: it fills the view's corner, so up or left is out of the
            # view, where the clamp below would put the node back under it.
            dx, dy = a[0] - legend[0], a[1] + drop - legend[1]
            hx, hy = (sa[0] + legend[2]) / 2, (sa[1] + legend[3]) / 2
            if abs(dx) < hx and abs(dy) < hy:
                moved = True
                if hx - dx < hy - dy:
                    a[0] += hx - dx
                else:
                    a[1] += hy - dy
        for k, box in enumerate(boxes):
            box[0] = min(max(box[0], low[k][0]), high[k][0])
            box[1] = min(max(box[1], low[k][1]), high[k][1])
        if not moved:
            break
    xy = _settle(np.array(boxes), size, legend=np.array(legend), drop=drop, low=low, high=high)
    return {**pos, **{n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}}


def _label_boxes(labels: dict[Hashable, tuple[str, float]], scale: float) -> Any:
    """Each node's box (width, height) in canvas pixels: its dot and, below it, its label (screen pixels / scale)."""
    import numpy as np

    return np.array([[max((7.5 * min(len(name), 40) + 12) / scale, 2 * radius), 2 * radius + 26 / scale]
                     for name, radius in labels.values()], dtype=float).reshape(-1, 2)


def _settle(xy: Any, size: Any, *, legend: Any, drop: float, low: Any, high: Any) -> Any:
    """Boxes that pairwise pushes left overlapping, each moved to the free spot nearest to it.

    Pushes stall in a crowd (a party's leaders, all linked to one another, pushed back and forth into each
    other): greedy placement then takes the boxes most important first (``xy``'s order), keeps each one
    that is free of those already placed and of the legend (``legend``: centre x, y and size; a box's
    centre is ``drop`` below its node), and moves the others to the nearest free spot on rings around
    where they stood, inside ``low``..``high``. A box with no free spot in reach stays where it was.
    """
    import numpy as np

    placed = np.zeros(len(xy), dtype=bool)
    out = xy.copy()
    step = float(size[:, 1].min()) / 2

    def free(points: Any, k: int) -> Any:
        # Which of the candidate centres (n x 2) are clear of every placed box and of the legend.
        ok = ((points >= low[k]) & (points <= high[k])).all(axis=1)
        lx, ly = legend[0], legend[1] - drop
        ok &= ~((np.abs(points[:, 0] - lx) < (size[k, 0] + legend[2]) / 2)
                & (np.abs(points[:, 1] - ly) < (size[k, 1] + legend[3]) / 2))
        if placed.any():
            other, reach = out[placed], (size[placed] + size[k]) / 2
            clash = ((np.abs(points[:, None, 0] - other[None, :, 0]) < reach[None, :, 0])
                     & (np.abs(points[:, None, 1] - other[None, :, 1]) < reach[None, :, 1]))
            ok &= ~clash.any(axis=1)
        return ok

    reach = float(np.max(high - low)) + step
    for k in range(len(xy)):
        here = xy[k][None, :]
        ring = 0
        while not free(here, k)[0]:
            ring += 1
            radius = ring * step
            if radius > reach:
                here = xy[k][None, :]
                break
            angles = np.linspace(0, 2 * np.pi, max(8, int(2 * np.pi * radius / step)), endpoint=False)
            ring_points = xy[k] + radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
            ok = free(ring_points, k)
            if ok.any():
                here = ring_points[int(np.argmax(ok))][None, :]
        out[k] = here[0]
        placed[k] = True
    return out


def overview(g: nx.MultiDiGraph, *, names: int = OVERVIEW_NAMES, seed: int = 1) -> tuple[list[Hashable], list[set[Hashable]]]:
    """The first view of a big graph: its ``names`` best-connected named entities (most facts first) and
    their communities.

    Names are linked when a fact joins them or when both have facts with one description ("Thing"): the
    Louvain method (networkx, seeded, so the page is the same every time) groups them on those links.
    """
    degree = g.degree()
    named = [n for n, data in g.nodes(data=True) if data["entity"].type in NAMED_TYPES]
    ranked = sorted(named, key=lambda n: (-degree[n], str(n)))
    top = ranked[:names]
    # Names as well connected as the last one come too (a few): none of equal rank is left out by its id.
    if top:
        top += [n for n in ranked[names : names + names // 5] if degree[n] == degree[top[-1]]]
    chosen = set(top)
    links = nx.Graph()
    links.add_nodes_from(top)
    for node, data in g.nodes(data=True):
        near = {m for m in itertools.chain(g.successors(node), g.predecessors(node)) if m in chosen}
        if node in chosen:
            links.add_edges_from((node, m) for m in near if m != node)
        elif data["entity"].type not in NAMED_TYPES and 1 < len(near) <= 12:
            links.add_edges_from(itertools.combinations(sorted(near, key=str), 2))
    groups = nx.community.louvain_communities(links, seed=seed) if top else []
    return top, sorted(groups, key=lambda c: min(top.index(n) for n in c))


def _smooth(s: Hashable, o: Hashable, index: int, count: int) -> dict[str, Any] | None:
    """Curves that keep parallel and reverse edges between two nodes apart (None: the default line)."""
    if count == 1:
        return None
    # Offsets around the straight line, relative to one direction of the pair:
    # 0, +1, -1, +2, ... for an odd count; +1, -1, +2, -2, ... for an even one.
    if count % 2:
        step = (index + 1) // 2 * (1 if index % 2 else -1)
    else:
        step = (index // 2 + 1) * (1 if index % 2 == 0 else -1)
    if step == 0:
        return {"enabled": False}
    # The same curve type bends a reversed edge to the other side; flip it to keep the side.
    clockwise = (step > 0) != (str(s) > str(o))
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": min(0.2 * abs(step), 0.8)}


def graph_data(graph: KnowledgeGraph, *, max_nodes: int | None = None) -> dict[str, Any]:
    """What the page script reads: types, documents, predicates, nodes and edges (plain text only).

    Nodes are ``{id, label, type (index into types), value (1 + degree), aliases,
    attributes, participants ([role, name] of an event), docs (document indices), rank (place among the
    names of a big graph's first view), x, y}``; edges are ``{from, to, key, rel (index into relations),
    role (when the relation does not say what the object is to it), asserted, assertion, negated, modality,
    confidence, time, place, by, docs, evidence: [[document index, sentence, [[start, end], ...]], ...],
    evidence_count, smooth}``; relations are ``[name, facts,
    canonical]``.
    """
    data = _page_data(graph, max_nodes=max_nodes)
    return {**data, "nodes": list(data["nodes"]), "edges": list(data["edges"])}


def _page_data(graph: KnowledgeGraph, *, max_nodes: int | None = None) -> dict[str, Any]:
    """``graph_data`` with its nodes and edges as iterators: a page is written without them all in memory."""
    g = graph.nx
    keep = _keep(g, max_nodes)
    sub = g if keep is None else _ordered_subgraph(g, keep)
    n_nodes, n_edges = sub.number_of_nodes(), sub.number_of_edges()

    documents = graph.documents()
    doc_index = {d.id: i for i, d in enumerate(documents)}
    for fact in (data["fact"] for _, _, data in sub.edges(data=True)):
        for ev in fact.evidence:
            doc_index.setdefault(ev.document, len(doc_index))
    doc_records = [
        {"id": d.id, "title": d.title, "url": _http_url(d.url), "date": d.date} for d in documents
    ] + [{"id": doc_id, "title": None, "url": None, "date": None} for doc_id in list(doc_index)[len(documents) :]]

    # The legend: kg's types in their order, then any other type as first met; only types with nodes.
    by_type = Counter(data["entity"].type for _, data in sub.nodes(data=True))
    shown = [t for t in (*TYPE_COLOURS, *(t for t in by_type if t not in TYPE_COLOURS)) if by_type[t]]
    types = [[t, TYPE_COLOURS.get(t, TYPE_COLOURS["Thing"]), by_type[t]] for t in shown]
    row = {t: n for n, t in enumerate(shown)}  # a node's type is its legend row

    physics = n_nodes <= PHYSICS_LIMIT
    # Small graphs: vis-network's physics places the nodes itself (it spreads them better than a spring start).
    # Big ones open on their best-connected names, laid out by community.
    first, groups = ([], []) if physics else overview(sub)
    rank = {n: i for i, n in enumerate(first)}
    positions = {} if physics else layout(sub, groups=groups)
    if first:
        # The dot radius the page gives a node (graph.js): 8 to 34 canvas pixels by its number of facts.
        top_degree = max((d for _, d in sub.degree()), default=0) or 1
        dots = {n: (sub.nodes[n]["entity"].name, 8 + 26 * math.sqrt(sub.degree(n) / top_degree)) for n in first}
        positions = _spread(positions, dots, legend_rows=len(types))

    # The relation filter: every relation of the facts drawn, most frequent first.
    relation_counts = Counter(data["fact"].relation or data["fact"].predicate for _, _, data in sub.edges(data=True))
    relations = sorted(relation_counts, key=lambda r: (-relation_counts[r], r))
    rel_index = {r: i for i, r in enumerate(relations)}
    pairs: dict[tuple[str, str], list[tuple[Hashable, Hashable, str]]] = {}
    for s, o, key in sub.edges(keys=True):
        pairs.setdefault(tuple(sorted((str(s), str(o)))), []).append((s, o, key))  # type: ignore[arg-type]
    curve: dict[tuple[Hashable, Hashable, str], dict[str, Any] | None] = {}
    for members in pairs.values():
        for i, (s, o, key) in enumerate(members):
            curve[s, o, key] = _smooth(s, o, i, len(members))

    # A node lists the documents of its facts too, so those are read before the first node is written.
    edge_docs = []
    node_docs: dict[Hashable, set[int]] = {}
    for s, o, data in sub.edges(data=True):
        docs = sorted({doc_index[ev.document] for ev in data["fact"].evidence})
        edge_docs.append(docs)
        node_docs.setdefault(s, set()).update(docs)
        node_docs.setdefault(o, set()).update(docs)

    def nodes() -> Iterator[dict[str, Any]]:
        degree = sub.degree()
        for node_id, data in sub.nodes(data=True):
            entity: Entity = data["entity"]
            docs = node_docs.pop(node_id, set())
            docs.update(doc_index[m.document] for m in entity.mentions if m.document in doc_index)
            node = {
                "id": str(node_id),
                "label": entity.name,
                "type": row[entity.type],
                "value": 1 + degree[node_id],
                "aliases": list(entity.aliases),
                "attributes": [list(a) for a in entity.attributes],
                # An event's participants, by name: the page may hold the event without them.
                "participants": [[role, g.nodes[other]["entity"].name] for role, other in entity.participants
                                 if other in g],
                "docs": sorted(docs),
            }
            if node_id in rank:
                node["rank"] = rank[node_id]
            if positions:
                x, y = positions[node_id]
                node["x"], node["y"] = round(x, 1), round(y, 1)
            yield node

    def edges() -> Iterator[dict[str, Any]]:
        mention_index: dict[Hashable, dict[str, list[Mention]]] = {}
        for (s, o, key, data), docs in zip(sub.edges(keys=True, data=True), edge_docs):
            fact: Fact = data["fact"]
            ends = (sub.nodes[s]["entity"], sub.nodes[o]["entity"])
            for end in (s, o):
                if end not in mention_index:
                    mention_index[end] = _mentions_by_document(sub.nodes[end]["entity"])
            by = fact.attributed_to
            if by is not None and by in g:
                by = g.nodes[by]["entity"].name
            edge: dict[str, Any] = {
                "from": str(s),
                "to": str(o),
                "key": key,
                "rel": rel_index[fact.relation or fact.predicate],
                "asserted": fact.asserted,
                "assertion": fact.assertion,
                "negated": fact.negated,
                "modality": fact.modality,
                "confidence": fact.confidence,
                "time": fact.time,
                "place": fact.place,
                "by": by,
                "docs": docs,
                "evidence": [
                    [doc_index[ev.document], ev.sentence, _highlights(fact, ev, ends, (mention_index[s], mention_index[o]))]
                    for ev in fact.evidence[:EVIDENCE_LIMIT]
                ],
                "evidence_count": len(fact.evidence),
            }
            if fact.role:
                edge["role"] = fact.role  # "buy from" is acquire, its object in the role "from": the seller
            if curve[s, o, key] is not None:
                edge["smooth"] = curve[s, o, key]
            yield edge

    note = None
    if keep is not None:
        total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
        note = (
            f"Showing the {n_nodes:,} best-connected of {total_nodes:,} entities and the {n_edges:,} facts among them; "
            f"left out: {total_nodes - n_nodes:,} entities and {total_edges - n_edges:,} facts (max_nodes={max_nodes})."
        )
    return {
        "types": types,
        "documents": doc_records,
        "relations": [[r, relation_counts[r], is_canonical(r)] for r in relations],
        "nodes": nodes(),
        "edges": edges(),
        "layout": {"physics": physics, "big": not physics, "overview": len(first)},
        "note": note,
    }


def _title(graph: KnowledgeGraph) -> str:
    titles = [d.title for d in graph.documents() if d.title]
    if len(graph.documents()) == 1 and titles:
        return f"Knowledge graph: {titles[0]}"
    return "Knowledge graph"


def _stream(graph: KnowledgeGraph, output: IO[bytes], **options: Any) -> None:
    for piece in _page(graph, **options):
        output.write(piece.encode("utf-8"))


@register("html", (".html", ".htm"), "text/html", stream=_stream)
def render(graph: KnowledgeGraph, *, max_nodes: int | None = None, title: str | None = None) -> str:
    """The page: one HTML file with vis-network, the script, the style and the data inlined.

    ``max_nodes`` keeps only that many best-connected entities, with a note on
    the page saying what was left out.

    >>> import kg
    >>> graph = kg.KnowledgeGraph()
    >>> graph.add_entity(kg.Entity("a", "<b>Ada</b>", "Person"))
    'a'
    >>> page = render(graph)
    >>> "<b>Ada</b>" in page, "\\\\u003cb\\\\u003eAda\\\\u003c/b\\\\u003e" in page
    (False, True)
    """
    return "".join(_page(graph, max_nodes=max_nodes, title=title))


def _page(graph: KnowledgeGraph, *, max_nodes: int | None = None, title: str | None = None) -> Iterator[str]:
    script = _static("graph.js")
    vis = _vis_network_js()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis)} {_csp_hash(script)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = {
        "CSP": [csp],
        "TITLE": [html.escape(title or _title(graph))],
        "STYLE": [_static("graph.css")],
        "DATA": _script_json_pieces(_page_data(graph, max_nodes=max_nodes)),
        "VIS": [vis],
        "SCRIPT": [script],
    }
    # The template's text alternates with placeholder names; filled in one pass, so
    # text inside the data can never be taken for a later placeholder.
    for n, piece in enumerate(re.split(r"@@([A-Z]+)@@", _static("page.html"))):
        if n % 2:
            yield from parts[piece]
        else:
            yield piece


def iframe(graph: KnowledgeGraph, *, height: int = 600, **options: Any) -> str:
    """The page inside an ``<iframe srcdoc>``: what notebooks (Jupyter, VS Code, Colab) display inline.

    The iframe is sandboxed: scripts run, but with no access to the notebook's origin.
    """
    page = render(graph, **options)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #ddd" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" loading="lazy"></iframe>'
    )


#: The most entities ``KnowledgeGraph._repr_html_`` draws; ``show(max_nodes=...)`` draws more.
REPR_MAX_NODES = 1000


@dataclass(frozen=True)
class InlineHTML:
    """HTML that notebooks (Jupyter, VS Code, Colab) display inline; ``str()`` gives the markup.

    Its text/plain form, for consoles and for the notebook file beside the page, is the short ``text``.
    """

    html: str
    text: str = ""

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.html
