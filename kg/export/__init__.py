"""Exporters: a KnowledgeGraph in, text or bytes of one format out.

Renderers are pure functions registered by name and file suffix; writing a
file happens here only, atomically (a temporary file in the same folder,
renamed over the target), so a crash never leaves a half-written file.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import operator
import os
import pickle
import re
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from ..errors import FormatError, KGError
from ..memory import paused_gc
from .registry import Exporter, format_for, formats, get, register

# The built-in exporters register their formats as they are imported.
from . import html, rdf, nodelink, picture  # noqa: F401

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "Exporter",
    "register",
    "get",
    "formats",
    "render",
    "write",
    "write_all",
    "atomic_write",
    "atomic_write_all",
    "format_for",
    "check_storable",
    "rendering",
]

#: File content for ``atomic_write_all``: text, bytes, or a function that writes it into a binary file.
Content = str | bytes | Callable[[IO[bytes]], object]

_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.lru_cache(maxsize=None)
def _fields_of(cls: type) -> Callable[[object], tuple[Any, ...]] | None:
    """A function giving a dataclass's field values as a tuple (None for a class that is no dataclass)."""
    if not dataclasses.is_dataclass(cls):
        return None
    names = [f.name for f in dataclasses.fields(cls)]
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda item: (get(item),)
    return operator.attrgetter(*names)


def _strings(value: object) -> Iterator[str]:
    """Every string inside a value (dataclasses, tuples and lists opened), walked without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, tuple | list):
            stack.extend(item)
        elif (fields := _fields_of(type(item))) is not None:
            stack.extend(fields(item))


def check_storable(graph: KnowledgeGraph) -> None:
    """Raise FormatError when a string of the graph holds a lone surrogate, which no UTF-8 file can store.

    rdflib would otherwise write "?" in Turtle or fail half-way in other formats.
    Text read through ``kg.documents`` never holds one; graphs built by hand can.
    """
    values = itertools.chain(graph.documents(), graph.entities(), graph.iter_facts())
    for text in itertools.chain.from_iterable(map(_strings, values)):
        match = None if text.isascii() else _SURROGATE.search(text)
        if match:
            raise FormatError(
                f"the graph holds a lone surrogate ({match.group()!r} in {text[:40]!r}), which no file can store; "
                "remove it, or build from text read by kg.documents, which removes them"
            )


def render(graph: KnowledgeGraph, format: str, **options: Any) -> str:
    """The graph rendered in ``format`` as text."""
    check_storable(graph)
    return get(format).render(graph, **options)


def _encode(path: str | Path, data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FormatError(
            f"cannot write {path}: the graph holds a lone surrogate ({data[exc.start]!r}), which no file can store; "
            "build from text read by kg.documents, which removes them"
        ) from exc


def _cannot_write(path: Path, exc: OSError) -> KGError:
    return KGError(f"cannot write {path}: {exc.strerror}; choose another output folder")


def rendering(graph: KnowledgeGraph, format: str, **options: Any) -> Callable[[IO[bytes]], None]:
    """The graph in ``format`` as content for ``atomic_write_all``, rendered only as it is written.

    A format that streams (the RDF ones, JSON) goes into the file as it is
    serialized; the others are rendered whole, then encoded.
    """
    check_storable(graph)
    return _rendering(graph, get(format), options)


def _rendering(graph: KnowledgeGraph, exporter: Exporter, options: Mapping[str, Any]) -> Callable[[IO[bytes]], None]:
    def write_into(output: IO[bytes]) -> None:
        with paused_gc():  # records, triples and pieces of text by the hundred thousand, none in a cycle
            if exporter.stream is not None:
                exporter.stream(graph, output, **options)
            else:
                output.write(_encode(f"the {exporter.name} file", exporter.render(graph, **options)))

    return write_into


def _write_temporary(path: Path, data: Content) -> Path:
    """``data`` in a new, fsynced temporary file beside ``path`` (so the rename stays on one file system)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(_encode(path, data))
            f.flush()
            os.fsync(f.fileno())
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, UnicodeEncodeError):  # a streamed text (a title=, say) held a lone surrogate
            raise FormatError(
                f"cannot write {path}: the text holds a lone surrogate ({exc.object[exc.start]!r}), which no file "
                "can store; remove it, or build from text read by kg.documents, which removes them"
            ) from exc
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise
    return Path(tmp)


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform (Windows); the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, data: Content) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    return atomic_write_all({path: data})[0]


def atomic_write_all(
    files: Mapping[str | Path, Content] | Iterable[tuple[str | Path, Content]], *, jobs: int = 1
) -> list[Path]:
    """Write several files so that an interruption never leaves a truncated one.

    Every file is first written to a temporary file and fsynced; only then are
    they all renamed over their targets, one after the other. A failure,
    Ctrl-C or kill before the renames leaves every previous file as it was
    (and no new one); the renames themselves take microseconds. The files
    are taken one at a time, so content made as it is asked for (a generator
    of pairs, ``rendering``) is held only while its own file is written.
    A kill (SIGKILL, the out-of-memory killer, power loss) while a file is
    written can leave its hidden temporary file, ``.NAME.*.tmp``, beside it;
    nothing else is touched, and it is safe to delete.

    With ``jobs`` above one, on Linux in a process that runs no other thread,
    up to ``jobs`` files are written at once, by forked copies of this
    process (a copy shares the data it writes, nothing is sent to it).
    """
    pairs = files.items() if isinstance(files, Mapping) else files
    temporary: list[tuple[Path, Path]] = []
    try:
        if jobs > 1 and _may_fork():
            _write_forked([(Path(target), data) for target, data in pairs], jobs, temporary)
        else:
            for target, data in pairs:
                path = Path(target)
                temporary.append((_write_temporary(path, data), path))
        for tmp, path in temporary:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _cannot_write(path, exc) from exc
    except BaseException:
        for tmp, _ in temporary:
            tmp.unlink(missing_ok=True)
        raise
    for folder in {path.parent for _, path in temporary}:
        _fsync_folder(folder)
    return [path for _, path in temporary]


def _may_fork() -> bool:
    """Whether this process can fork safely: Linux, and no thread but this one (a lock another thread holds
    would stay held in the copy for ever)."""
    try:
        return hasattr(os, "fork") and len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: not Linux
        return False


def _write_forked(files: list[tuple[Path, Content]], jobs: int, temporary: list[tuple[Path, Path]]) -> None:
    """Write ``files``' temporary files (recorded in ``temporary``) in this process and in forked copies of it."""
    # The first file is written here and the next ones by one copy each; every file after those goes to
    # the first process done with its own. In ``kg build``'s order (Turtle, HTML, JSON) two processes
    # then write Turtle + JSON beside HTML on a small graph and Turtle beside HTML + JSON on a big one,
    # whichever takes longer, rather than one fixed split.
    k = min(jobs, len(files))
    if k == 0:
        return
    claims = _claims(range(k, len(files)))
    copies: list[tuple[int, int]] = []  # pid, pipe
    written: dict[int, Path] = {}  # file index -> its temporary file
    try:
        for first in range(1, k):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the copy: write its files' temporaries, say which, and leave without clean-up
                os.close(read)
                _write_in_copy(files, itertools.chain([first], _claimed(claims)), write)
            os.close(write)
            copies.append((pid, read))
        for n in itertools.chain([0], _claimed(claims)):
            path, data = files[n]
            written[n] = _write_temporary(path, data)
        while copies:
            pid, read = copies[0]
            answer = _read_all(read)
            _, status = os.waitpid(pid, 0)
            copies.pop(0)
            os.close(read)
            reported = pickle.loads(answer) if answer else None
            if isinstance(reported, dict):
                written.update((n, Path(tmp)) for n, tmp in reported.items())
            elif isinstance(reported, BaseException):
                raise reported
            else:
                # Every file was taken before this process got here: those not written are the dead copy's
                # (or those of a copy not reported yet, with more than two processes).
                names = ", ".join(str(path) for n, (path, _) in enumerate(files) if n not in written)
                raise KGError(
                    f"the process writing {names} ended before it was done ({_ending(status)}); "
                    "nothing was replaced: write again, with more memory free"
                )
    finally:
        os.close(claims)
        # Interrupted: stop the copies still writing (each removes its temporary files), and remove
        # those of a copy that was done.
        for pid, read in copies:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            answer = _read_all(read)
            os.close(read)
            with contextlib.suppress(Exception):
                for tmp in pickle.loads(answer).values() if answer else ():
                    Path(tmp).unlink(missing_ok=True)
        # Renamed in the files' order, whoever wrote them.
        temporary.extend((written[n], files[n][0]) for n in sorted(written))


def _claims(indices: range) -> int:
    """A pipe from which processes take file indices, each index by one process (a pipe's read of one byte is atomic)."""
    read, write = os.pipe()
    try:
        os.write(write, bytes(indices))  # bytes(range) needs each index below 256: more files than kg writes
    finally:
        os.close(write)
    return read


def _claimed(claims: int) -> Iterator[int]:
    """The indices this process takes from ``claims``, one at a time, until none is left."""
    while taken := os.read(claims, 1):
        yield taken[0]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _write_in_copy(files: list[tuple[Path, Content]], indices: Iterable[int], pipe: int) -> NoReturn:
    """A forked copy's whole life: the temporaries of the files it takes, their names (or the error) on ``pipe``,
    and exit."""
    code = 1
    written: dict[int, Path] = {}
    taking: list[Path] = []
    try:
        # SIGTERM (the main process giving up) takes the same way out as an error: temporaries removed.
        signal.signal(signal.SIGTERM, _raise_exit)
        for n in indices:
            path, data = files[n]
            taking.append(path)
            written[n] = _write_temporary(path, data)
        answer: object = {n: str(tmp) for n, tmp in written.items()}
        code = 0
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which raises it
        for tmp in written.values():
            tmp.unlink(missing_ok=True)
        answer = exc if isinstance(exc, KGError) else KGError(
            f"the process writing {taking[-1] if taking else 'files'} failed: {type(exc).__name__}: {exc}")
    try:
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(answer, out)
    finally:
        os._exit(code)


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def write(graph: KnowledgeGraph, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
    """Render the graph and write it to ``path`` atomically."""
    return atomic_write(path, rendering(graph, format or format_for(path), **options))


def write_all(
    graph: KnowledgeGraph, paths: Iterable[str | Path] | Mapping[str | Path, Mapping[str, Any]], *, jobs: int = 1
) -> list[Path]:
    """Write the graph once per path (format from the suffix), all files atomically together.

    ``paths`` may map each path to its renderer's options, such as
    ``{"graph.ttl": {"base": ...}, "graph.html": {"max_nodes": 500}}``.
    ``jobs`` above one renders up to that many files at once (see ``atomic_write_all``).
    """
    check_storable(graph)
    pairs = paths.items() if isinstance(paths, Mapping) else ((path, {}) for path in paths)
    # Every format is known before any file is written; each is rendered only as its file is.
    chosen = [(path, get(format_for(path)), options) for path, options in pairs]
    return atomic_write_all(
        ((path, _rendering(graph, exporter, options)) for path, exporter, options in chosen), jobs=jobs
    )

