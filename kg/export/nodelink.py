"""networkx node-link JSON: a KnowledgeGraph in, JSON text out (read back by kg.load)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import networkx as nx

from . import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph


@register("json", (".json",), "application/json")
def render(graph: KnowledgeGraph) -> str:
    data = nx.node_link_data(graph.to_networkx(), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1)
