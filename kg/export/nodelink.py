"""networkx node-link JSON: a KnowledgeGraph in, JSON text out (read back by kg.load)."""
from __future__ import annotations

import io
import json
from typing import IO, TYPE_CHECKING

import networkx as nx

from .registry import register

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph


def _data(graph: KnowledgeGraph) -> dict:
    return nx.node_link_data(graph.to_networkx(), edges="edges")


def _stream(graph: KnowledgeGraph, output: IO[bytes]) -> None:
    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
    try:
        json.dump(_data(graph), text, ensure_ascii=False, indent=1)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


@register("json", (".json",), "application/json", stream=_stream)
def render(graph: KnowledgeGraph) -> str:
    return json.dumps(_data(graph), ensure_ascii=False, indent=1)
