"""Build the example article's graph and put it into a SPARQL triple store server.

Run: python examples/push_to_store.py [STORE_URL] [--graph IRI] [INPUT...]

STORE_URL (or the KG_STORE_URL environment variable) is the server's SPARQL
1.1 Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store for
``oxigraph serve``; Fuseki calls it http://host:3030/DATASET/data. Without
one the script says so and exits 0: there is nothing to push to. The graph
is sent as Turtle with a PUT, which replaces the named graph (or the default
graph) on the server, so running the script twice leaves one copy.
"""
from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import kg
from kg.export import render

HERE = Path(__file__).resolve().parent


def push(graph: kg.KnowledgeGraph, store_url: str, *, graph_iri: str | None = None, timeout: float = 60) -> int:
    """PUT the graph as Turtle into ``graph_iri`` (or the default graph); returns the HTTP status."""
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = store_url + ("&" if "?" in store_url else "?") + target
    request = urllib.request.Request(
        url, data=render(graph, "turtle").encode("utf-8"), method="PUT", headers={"Content-Type": "text/turtle"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise kg.StoreError(f"{store_url} refused the graph: HTTP {exc.code} {exc.read()[:300]!r}") from exc
    except urllib.error.URLError as exc:
        raise kg.StoreError(f"cannot reach {store_url}: {exc.reason}; is the server running?") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store_url", nargs="?", default=os.environ.get("KG_STORE_URL"), help="Graph Store endpoint")
    parser.add_argument("--graph", metavar="IRI", help="named graph to replace (default: the default graph)")
    parser.add_argument("inputs", nargs="*", default=[str(HERE / "blinken-japan-us-steel.txt")])
    args = parser.parse_args(argv)
    if not args.store_url:
        print("No store URL given (argument or KG_STORE_URL): nothing pushed.")
        return 0
    graph = kg.build(args.inputs)
    try:
        status = push(graph, args.store_url, graph_iri=args.graph)
    except kg.KGError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"HTTP {status}: pushed {graph} to {args.store_url}" + (f" as <{args.graph}>" if args.graph else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
