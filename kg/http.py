"""HTTP: one request in, its whole answer out, within a deadline and a size bound; redirects by rule.

Everything kg sends over a network goes through ``request``, so one place
decides what kg does with a server that does not behave:

- a whole-request deadline: connecting, sending, waiting and reading together
  end within ``deadline`` seconds, however slowly the server trickles its
  answer (a timer shuts the connection down; a timeout per read would let one
  byte every few seconds go on for ever);
- a size bound: an answer longer than ``max_bytes`` is an error once that
  many bytes have come, never a run out of memory;
- redirects: 307 and 308 keep the method and the body, and are followed on the
  same server (scheme, host and port) only, so kg talks to no address the user
  did not give; 301, 302 and 303 would turn a write into a GET that writes
  nothing, so on a write they are an error naming where they point;
- no proxy from the environment, no cookies, one connection a request.

Every failure is a ``StoreError`` naming the method, the URL and the way out.
The standard library's ``http.client`` does the protocol: httpx, the library
this could use, has no whole-request deadline for blocking calls.
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from .errors import StoreError

__all__ = ["Answer", "request", "DEADLINE", "MAX_ANSWER", "MAX_REDIRECTS"]

#: Seconds a request may take, all in (``kg push --timeout``).
DEADLINE = 60.0
#: Bytes an answer may hold: a Graph Store write is answered with a few hundred.
MAX_ANSWER = 1024 * 1024
#: Redirects followed (307 and 308 on the same server) before kg gives up.
MAX_REDIRECTS = 5

_KEEPS_METHOD = (307, 308)
_BECOMES_GET = (301, 302, 303)


@dataclass(frozen=True)
class Answer:
    """A server's answer: status, reason, headers (names in lower case) and body."""

    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    url: str = ""  # the URL that answered, after redirects


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int | None]:
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def request(
    method: str,
    url: str,
    body: bytes = b"",
    *,
    headers: dict[str, str] | None = None,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_ANSWER,
) -> Answer:
    """Send one request to an http(s) URL and read its whole answer by the rules of the module docstring."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    ends = time.monotonic() + deadline
    first = url
    for _ in range(MAX_REDIRECTS + 1):
        answer = _once(method, url, body, headers or {}, ends, deadline, max_bytes)
        if answer.status not in _KEEPS_METHOD + _BECOMES_GET:
            return answer
        location = answer.headers.get("location")
        target = urllib.parse.urljoin(url, location) if location else None
        if answer.status in _BECOMES_GET and method not in ("GET", "HEAD"):
            raise StoreError(
                f"the server answered {method} {url} with HTTP {answer.status} {answer.reason}, a redirect "
                f"to {target} that would turn the write into a GET: nothing was written; "
                "give the URL it points to (the server's own Graph Store URL) instead"
            )
        if target is None or _origin(urllib.parse.urlsplit(target)) != _origin(parts):
            raise StoreError(
                f"the server answered {method} {url} with HTTP {answer.status}, a redirect to "
                f"{target or 'nowhere'}, another server than the one given; kg follows redirects on the same "
                "server only: give that URL instead if you trust it"
            )
        url = target
    raise StoreError(f"{method} {first}: more than {MAX_REDIRECTS} redirects; give the server's final URL instead")


def _once(
    method: str, url: str, body: bytes, headers: dict[str, str], ends: float, deadline: float, max_bytes: int
) -> Answer:
    parts = urllib.parse.urlsplit(url)
    remaining = ends - time.monotonic()
    if remaining <= 0:
        raise _late(method, url, deadline)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=remaining)
    expired = threading.Event()

    def expire() -> None:
        # Unblocks a connect, a send or a read that is still waiting: the deadline is for the whole request.
        expired.set()
        sock = connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(remaining, expire)
    timer.daemon = True
    timer.start()
    try:
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        connection.request(method, target, body=body or None, headers={"Connection": "close", **headers})
        response = connection.getresponse()
        data = response.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise StoreError(
                f"the answer to {method} {url} is longer than {max_bytes:,} bytes; kg stopped reading it: "
                "is this the server's Graph Store URL?"
            )
        answer = Answer(
            response.status, response.reason, {k.lower(): v for k, v in response.getheaders()}, data, url
        )
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or time.monotonic() >= ends:
            raise _late(method, url, deadline) from exc
        if isinstance(exc, http.client.HTTPException):
            raise StoreError(f"the answer to {method} {url} is not HTTP ({type(exc).__name__}: {exc})") from exc
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise StoreError(
            f"cannot reach {url}: {reason}; is the SPARQL server running, "
            "and is --endpoint its Graph Store URL (Oxigraph: http://HOST:7878/store)?"
        ) from exc
    finally:
        timer.cancel()
        connection.close()
    if expired.is_set():  # the last byte came after the deadline: late is late
        raise _late(method, url, deadline)
    return answer


def _late(method: str, url: str, deadline: float) -> StoreError:
    return StoreError(
        f"{method} {url} got no complete answer within {deadline:g} s; is the server overloaded or the URL "
        "wrong? Give it more time with --timeout SECONDS"
    )
