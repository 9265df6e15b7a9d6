"""Shared fixtures: the real spaCy pipeline, the seed article and its graph, makers of hand-built Docs and extractions."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

import kg
from kg import Document, Entity, Evidence, Extraction, Fact
from kg.nlp import load

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "blinken-japan-us-steel.txt"


@pytest.fixture(scope="session")
def nlp():
    return load()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_graph() -> kg.KnowledgeGraph:
    return kg.build(SEED)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text) -> kg.KnowledgeGraph:
    """The seed article as one document "seed", its text whole (``seed_graph`` reads its source line as the URL)."""
    return kg.build([Document("seed", seed_text)])


def make_doc(nlp, rows: list[tuple[str, int, str, str, str, str]], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A parsed Doc built by hand, so rule tests never drift with the parser.

    Each row is (word, head index, dep, pos, tag, lemma); ``ents`` are
    (start, end, label) token spans.
    """
    words = [r[0] for r in rows]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=label) for s, e, label in ents]
    return doc


@pytest.fixture
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server on a free local port; yields its base URL and stops it afterwards."""
    import shutil
    import socket
    import subprocess
    import time
    import urllib.error
    import urllib.request

    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server binary is not on PATH; install the test extras: pip install -e '.[test]'")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    log = location.parent / f"{location.name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    log_text = log.read_text(errors="replace")
                    pytest.fail(f"oxigraph serve did not answer on {url} within 30 s: {log_text}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def extraction(doc_id: str, sentence: str = "Blinken met Iwaya.") -> Extraction:
    """One document's extraction built by hand: Antony Blinken (alias Blinken) meets Iwaya."""
    ev = Evidence(doc_id, sentence, 0, len(sentence))
    return Extraction(
        Document(doc_id, sentence, url=f"https://example.org/{doc_id}"),
        (
            Entity("antony-blinken", "Antony Blinken", "Person", aliases=("Blinken",)),
            Entity("iwaya", "Iwaya", "Person"),
        ),
        (Fact("antony-blinken", "meet", "iwaya", confidence=0.6, evidence=(ev,)),),
    )


def carrying(graph: kg.KnowledgeGraph, name: str) -> list[Entity]:
    """Entities whose name or alias is ``name`` or, for people, ends with it."""
    return [
        e
        for e in graph.entities()
        if any(n == name or e.type == "Person" and n.split()[-1] == name for n in e.names)
    ]


class Loopback:
    """HTTP servers on 127.0.0.1 that answer as the test says, record what reached them, and stop with the test.

    ``start(handle)`` serves ``handle(request, stop)`` for every request (``request`` is a
    ``BaseHTTPRequestHandler``; ``stop`` is set when the test ends, so a slow handler's loop ends
    too) and returns the server's base URL. ``seen`` lists (port, method, path) of each request,
    ``connections`` each connection accepted, requests or not.
    """

    def __init__(self) -> None:
        import threading

        self.stop = threading.Event()
        self.seen: list[tuple[int, str, str]] = []
        self.connections: list[int] = []
        self._servers: list = []

    def start(self, handle) -> str:  # noqa: ANN001 - handle(request, stop)
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        loopback = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                loopback.seen.append((self.server.server_port, self.command, self.path))
                handle(self, loopback.stop)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any  # noqa: N815 - http.server's naming

            def log_message(self, *args) -> None:  # keep the test output clean
                pass

        class Server(ThreadingHTTPServer):
            def verify_request(self, request, client_address) -> bool:  # noqa: ANN001
                loopback.connections.append(self.server_port)
                return True

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self._servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    def close(self) -> None:
        self.stop.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def loopback():
    servers = Loopback()
    try:
        yield servers
    finally:
        servers.close()


def reply(request, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    """Answer a request of a ``Loopback`` server in full."""
    request.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(body)


def graph_store(graphs: dict[str, bytes]):
    """A ``Loopback`` handler that is a Graph Store: PUT replaces, POST adds to, GET returns ``graphs[query]``."""

    def handle(request, stop) -> None:  # noqa: ANN001
        import urllib.parse

        key = urllib.parse.urlsplit(request.path).query
        if request.command in ("PUT", "POST"):
            body = request.rfile.read(int(request.headers.get("Content-Length", 0)))
            graphs[key] = body if request.command == "PUT" else graphs.get(key, b"") + body
            reply(request, 204)
        elif key in graphs:
            reply(request, 200, graphs[key], {"Content-Type": "application/n-triples"})
        else:
            reply(request, 404)

    return handle
