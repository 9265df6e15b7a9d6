"""Interactive HTML: a KnowledgeGraph in, one self-contained HTML page out.

The page inlines vis-network (shipped inside pyvis) and our own script, so it
works from disk with no network. Every string from the articles reaches the
page only as JSON inside a script element, escaped so that it cannot close
the element, and is shown with ``textContent``, never as HTML.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from . import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

#: Node colours by entity type (colour-blind-safe palette).
TYPE_COLOURS = {
    "Person": "#0072B2",
    "Organization": "#E69F00",
    "Place": "#009E73",
    "Event": "#CC79A7",
    "Date": "#56B4E9",
    "Quantity": "#F0E442",
    "Thing": "#999999",
}


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    return (resources.files("pyvis") / "templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can end the element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def graph_data(graph: KnowledgeGraph) -> dict[str, object]:
    """Nodes and edges as vis-network wants them (plain text only)."""
    degree = dict(graph.nx.degree())
    nodes = [
        {
            "id": e.id,
            "label": e.name,
            "group": e.type,
            "color": TYPE_COLOURS.get(e.type, TYPE_COLOURS["Thing"]),
            "value": 1 + degree.get(e.id, 0),
            "title": "\n".join([f"{e.name} ({e.type})", *(f"also: {a}" for a in e.aliases)]),
        }
        for e in graph.entities()
    ]
    edges = []
    for n, fact in enumerate(graph.iter_facts()):
        sentences = "\n".join(f"[{ev.document}] {ev.sentence.strip()}" for ev in fact.evidence[:5])
        edges.append(
            {
                "id": n,
                "from": fact.subject,
                "to": fact.object,
                "label": fact.key,
                "dashes": not fact.asserted,
                "title": f"{fact.key} (confidence {fact.confidence:.2f})\n{sentences}",
            }
        )
    return {"nodes": nodes, "edges": edges, "types": TYPE_COLOURS}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Knowledge graph</title>
<style>
html, body {{ margin: 0; height: 100%; font: 14px system-ui, sans-serif; }}
#graph {{ position: absolute; inset: 0 0 0 0; }}
#legend {{ position: absolute; top: 8px; left: 8px; background: #fffc; padding: 6px 10px; border-radius: 4px; }}
#legend span {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 480px; }}
</style>
</head>
<body>
<div id="graph"></div>
<div id="legend"></div>
<script id="kg-data" type="application/json">{data}</script>
<script>{vis}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var legend = document.getElementById("legend");
  Object.keys(data.types).forEach(function (type) {{
    var row = document.createElement("div");
    var dot = document.createElement("span");
    dot.style.background = data.types[type];
    row.appendChild(dot);
    row.appendChild(document.createTextNode(type));
    legend.appendChild(row);
  }});
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  window.kgNetwork = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, {{
    nodes: {{shape: "dot", scaling: {{min: 8, max: 30}}, font: {{size: 14}}}},
    edges: {{arrows: "to", smooth: {{type: "dynamic"}}, font: {{size: 11, align: "middle"}}}},
    physics: {{stabilization: {{iterations: 200}}}},
    interaction: {{hover: true, tooltipDelay: 100}}
  }});
}})();
</script>
</body>
</html>
"""


@register("html", (".html", ".htm"), "text/html")
def render(graph: KnowledgeGraph) -> str:
    # The vis-network bundle contains no "</script"; guard anyway, it is inlined verbatim.
    vis = _vis_network_js().replace("</script", "<\\/script")
    return _PAGE.format(data=_script_json(graph_data(graph)), vis=vis)
