"""kg push against servers that misbehave, on 127.0.0.1: each ends within its deadline with one Error line and exit 1.

Every server here is a loopback listener the test starts (``conftest.Loopback``): its handlers
loop a bounded number of times and stop when the test ends.
"""
from __future__ import annotations

import time
import tracemalloc
import urllib.parse

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.http import MAX_ANSWER
from kg.rdf import quads

from .conftest import graph_store, reply

DEADLINE = 2.0  # --timeout of these tests; kg's default is 60 s
SLACK = 3.0  # what a loaded machine may add: threads, the graph read before the first request


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> str:
    docs = [kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo.\n"), kg.Document("b", "Joe Biden blocked the deal.\n")]
    return str(kg.build(docs).write(tmp_path_factory.mktemp("push") / "graph.trig"))


def _push(capsys, graph_file: str, url: str, *extra: str) -> tuple[int, str, list[str], float]:
    started = time.monotonic()
    code = main(["push", graph_file, "--endpoint", url, "--timeout", str(DEADLINE), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines(), time.monotonic() - started


def _read_body(request) -> None:  # noqa: ANN001
    request.rfile.read(int(request.headers.get("Content-Length", 0)))


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_redirected_write_is_an_error_and_nothing_claims_success(capsys, graph_file, loopback, status):
    def redirect(request, stop):
        _read_body(request)
        reply(request, status, headers={"Location": "/elsewhere"})

    url = loopback.start(redirect)
    code, out, err, _ = _push(capsys, graph_file, f"{url}/store")
    assert (code, out) == (1, "")
    [line] = err
    assert line.startswith(f"Error: the server answered PUT {url}/store?graph=") and f"HTTP {status}" in line
    assert "would turn the write into a GET: nothing was written" in line
    assert [method for _, method, _ in loopback.seen] == ["PUT"]  # never followed with a GET


@pytest.mark.parametrize("status", [307, 308])
def test_a_redirect_that_keeps_the_method_is_followed_on_the_same_server(capsys, graph_file, loopback, status):
    graphs: dict[str, bytes] = {}
    store = graph_store(graphs)

    def moved(request, stop):
        if request.path.startswith("/old"):
            _read_body(request)
            reply(request, status, headers={"Location": request.path.replace("/old", "/store", 1)})
        else:
            store(request, stop)

    url = loopback.start(moved)
    code, out, err, _ = _push(capsys, graph_file, f"{url}/old")
    assert (code, err) == (0, [])
    assert out.startswith("pushed ") and "(each read back)" in out
    held = {
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(urllib.parse.parse_qs(query)["graph"][0]))
        for query, body in graphs.items()
        for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
    }
    assert held == set(kg.store.read_quads(graph_file))
    assert {method for _, method, path in loopback.seen if path.startswith("/store")} == {"PUT", "GET"}


def test_a_redirect_to_another_server_is_never_followed(capsys, graph_file, loopback):
    other = loopback.start(graph_store({}))
    port = int(other.rsplit(":", 1)[1])

    def elsewhere(request, stop):
        _read_body(request)
        reply(request, 307, headers={"Location": f"{other}/store"})

    url = loopback.start(elsewhere)
    code, out, err, _ = _push(capsys, graph_file, f"{url}/store")
    assert (code, out) == (1, "")
    [line] = err
    assert f"a redirect to {other}/store, another server than the one given" in line
    assert port not in loopback.connections


def _trickle_status(request, stop):
    _read_body(request)
    for byte in b"HTTP/1.1 204 No Content\r\n\r\n":
        if stop.wait(1.0):
            return
        request.wfile.write(bytes([byte]))
        request.wfile.flush()


def _trickle_body(request, stop):
    _read_body(request)
    request.send_response(200)
    request.send_header("Content-Length", "60")
    request.end_headers()
    for _ in range(60):
        if stop.wait(1.0):
            return
        request.wfile.write(b".")
        request.wfile.flush()


def _never_answer(request, stop):
    _read_body(request)
    stop.wait(60)


def _flood(request, stop):
    _read_body(request)
    request.send_response(200)
    request.send_header("Transfer-Encoding", "chunked")
    request.end_headers()
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    for _ in range(16_384):  # a gigabyte at most, and never past the end of the test
        if stop.is_set():
            return
        try:
            request.wfile.write(chunk)
        except OSError:  # kg hung up
            return


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (_trickle_status, f"got no complete answer within {DEADLINE:g} s"),
        (_trickle_body, f"got no complete answer within {DEADLINE:g} s"),
        (_never_answer, f"got no complete answer within {DEADLINE:g} s"),
        (_flood, f"is longer than {MAX_ANSWER:,} bytes; kg stopped reading it"),
    ],
    ids=["trickles its status line", "trickles its body", "never answers", "floods an endless 200"],
)
def test_a_server_that_stalls_or_floods_ends_the_push_within_its_deadline(capsys, graph_file, loopback, handler, message):
    url = loopback.start(handler)
    tracemalloc.start()
    try:
        code, out, err, seconds = _push(capsys, graph_file, f"{url}/store")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (code, out) == (1, "")
    [line] = err
    assert line.startswith(f"Error: PUT {url}/store?graph=") or line.startswith("Error: the answer to PUT"), line
    assert message in line
    assert seconds < DEADLINE + SLACK
    assert peak < 64 * 1024 * 1024  # bytes: the flood is read up to its bound, never into memory whole


def test_a_server_that_says_yes_but_keeps_nothing_is_caught(capsys, graph_file, loopback):
    def forgetful(request, stop):
        _read_body(request)
        if request.command == "GET":
            reply(request, 200, b"", {"Content-Type": "application/n-triples"})
        else:
            reply(request, 204)

    url = loopback.start(forgetful)
    code, out, err, _ = _push(capsys, graph_file, f"{url}/store")
    assert (code, out) == (1, "")
    [line] = err
    assert line.startswith(f"Error: the server took PUT {url}/store?graph=")
    assert "but holds 0 triples in that graph, not the" in line


def test_the_graph_read_back_matches_what_was_sent(oxigraph_server, tmp_path, capsys):
    graph = kg.build(kg.Document("a", "Antony Blinken met Takeshi Iwaya in Tokyo.\n"))
    path = str(graph.write(tmp_path / "g.trig"))
    code, out, err, _ = _push(capsys, path, f"{oxigraph_server}/store")
    assert (code, err) == (0, [])
    assert out == f"pushed {len(set(quads(graph)))} triples in 1 graphs to {oxigraph_server}/store (each read back)\n"
