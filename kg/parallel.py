"""Extraction on several processes: Documents in, Extractions back in document order.

What both engines share is here: documents are cut into batches (at most
``batch_size`` documents and ``kg.nlp.BATCH_CHARS`` characters, the batches a
one-process parse makes), each batch is parsed and extracted where the work
runs (``extract_batch``: the pipeline loaded once per process), and results
come back as plain ``Extraction`` values, yielded in document order through a
bounded window of batches in flight (``in_order``), so a corpus of any size
streams through and the graph equals a one-process build.

``extract_on_processes`` is the local engine: kg starts and owns its worker
processes (fresh interpreters of this Python, importing this kg, with two
pipes each and nothing else: no helper process, no state copied from this
one). They start before the first document is read, so loading spaCy
overlaps reading the inputs; this process never loads spaCy. Every way out stops them
within a second or two: the end of the stream, an error here or in a worker,
Ctrl-C (the workers never see it: they block SIGINT, so a terminal's Ctrl-C
gives one message, not a traceback per process), SIGTERM (``kg build``
turns it into an exception), a worker that dies (the out-of-memory killer's
SIGKILL is reported as such), and this process dying (each worker exits as
soon as its task pipe closes).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from .errors import KGError, WorkerError
from .model import Document, Extraction
from .nlp import batches

__all__ = ["document_batches", "extract_batch", "in_order", "extract_on_processes"]

# Batches sent to one worker and not yet answered: one it parses, one waiting, so it never waits for this process.
_SENT_PER_WORKER = 2
# Batches taken from the input and not yet yielded, per worker: room for a fast worker to go on
# while the batch whose turn it is takes long.
_WINDOW_PER_WORKER = 4
# How long stopping waits for workers to leave on their own before SIGTERM, then SIGKILL.
_GRACE_SECONDS = 1.0

def document_batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """The batches of documents both engines send to their workers (those a one-process parse makes)."""
    return batches(documents, size=size, length=lambda d: len(d.text))


def extract_batch(documents: list[Document], model: str | None) -> list[Extraction]:
    """Parse and extract a batch of documents where the work runs (the pipeline is loaded once per process)."""
    from .extract import extract
    from .nlp import load, parse

    nlp = load(model)
    return [extract(doc, document) for doc, document in parse(nlp, ((d.text, d) for d in documents))]


class Pending(Protocol):
    """A batch handed to an engine: its result when ready (a Dask future is one)."""

    def result(self) -> list[Extraction]: ...

    def cancel(self) -> object: ...


def in_order(
    batched: Iterable[list[Document]], submit: Callable[[list[Document]], Pending], window: int
) -> Iterator[Extraction]:
    """Submit batches while at most ``window`` are pending; yield their extractions in submission order."""
    pending: deque[Pending] = deque()
    try:
        for batch in batched:
            pending.append(submit(batch))
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for left in pending:
            left.cancel()


# ---------------------------------------------------------------------- the local engine
class _Failure:
    """An exception raised in a worker, sent back to be raised here (with the worker's traceback)."""

    def __init__(self, exc: BaseException) -> None:
        self.text = "".join(traceback.format_exception(exc))
        try:
            pickle.loads(pickle.dumps(exc))
            self.exc: BaseException | None = exc
        except Exception:  # an exception that does not pickle: its traceback text still travels
            self.exc = None

    def error(self) -> BaseException:
        if self.exc is None:
            return WorkerError(f"a worker process failed: {self.text.strip().splitlines()[-1]}")
        if not isinstance(self.exc, KGError):
            # A bug, not a user's mistake: keep where it happened, as concurrent.futures does.
            self.exc.__cause__ = _RemoteTraceback(self.text)
        return self.exc


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return "\n\nIn the worker process:\n" + str(self.args[0])


def serve(model: str | None, tasks: int, results: int) -> None:
    """A worker's life (the code its interpreter runs): load the pipeline, then parse and extract each
    batch it reads from the pipe ``tasks``, answering each on the pipe ``results``."""
    _serve(model, Connection(tasks, writable=False), Connection(results, readable=False))


def _serve(model: str | None, tasks: Connection, results: Connection) -> None:
    # Ctrl-C reaches every process of a terminal's job; the main process alone answers it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox: queue.SimpleQueue[tuple[int | None, Any]] = queue.SimpleQueue()
    # A thread keeps reading the task pipe, so the main process never blocks sending a batch
    # while this one blocks sending a result; when the pipe closes (the build ended or failed,
    # or the main process died), the worker leaves at once, even in the middle of a batch.
    threading.Thread(target=_receive, args=(tasks, inbox), daemon=True).start()
    try:
        from .nlp import load

        load(model)
    except BaseException as exc:  # noqa: BLE001 - sent back and raised in the main process
        _answer(results, None, _Failure(exc))
        return
    while True:
        seq, task = inbox.get()
        if seq is None:  # the task could not be read
            _answer(results, None, task)
            return
        try:
            answer: list[Extraction] | _Failure = extract_batch(task, model)
        except BaseException as exc:  # noqa: BLE001 - sent back and raised in the main process in its turn
            answer = _Failure(exc)
        _answer(results, seq, answer)


def _receive(tasks: Connection, inbox: queue.SimpleQueue) -> None:
    while True:
        try:
            inbox.put(tasks.recv())
        except (EOFError, OSError):
            os._exit(0)
        except BaseException as exc:  # noqa: BLE001 - a batch that does not unpickle here
            inbox.put((None, _Failure(exc)))
            return


def _answer(results: Connection, seq: int | None, answer: object) -> None:
    try:
        results.send((seq, answer))
    except OSError:  # the main process is gone: nobody to answer, nothing to report
        os._exit(0)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT while workers start: they inherit the mask, so no Ctrl-C reaches them, even while they import."""
    if not hasattr(signal, "pthread_sigmask"):  # not on POSIX: the workers ignore it once they run
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        # A Ctrl-C that came meanwhile is delivered here, as a KeyboardInterrupt.
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _how_it_ended(process: subprocess.Popen) -> str:
    try:
        code = process.wait(_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        return "closed its pipe"
    if code < 0:
        name = signal.Signals(-code).name
        if -code == signal.SIGKILL:
            return f"was killed by {name} (what the out-of-memory killer sends when memory runs out)"
        return f"was killed by {name}"
    return f"exited with code {code}"


# The worker's interpreter imports the kg this process runs, whatever its own path would find first.
_KG_ROOT = str(Path(__file__).resolve().parent.parent)
_BOOT = "import sys; sys.path[0] = {root!r}; import kg.parallel; kg.parallel.serve({model!r}, {tasks}, {results})"


class _Worker:
    """One worker process and this process's ends of its two pipes."""

    def __init__(self, model: str | None) -> None:
        task_out, task_in = os.pipe()
        result_out, result_in = os.pipe()
        try:
            boot = _BOOT.format(root=_KG_ROOT, model=model, tasks=task_out, results=result_in)
            self.process = subprocess.Popen(
                [sys.executable, "-c", boot], pass_fds=(task_out, result_in), stdin=subprocess.DEVNULL
            )
        except BaseException:
            for fd in (task_out, task_in, result_out, result_in):
                os.close(fd)
            raise
        # Only the worker holds its ends: it sees the task pipe close, this process sees it die.
        os.close(task_out)
        os.close(result_in)
        self.tasks = Connection(task_in, readable=False)
        self.results = Connection(result_out, writable=False)
        self.sent: deque[int] = deque()


class _Batch:
    """A batch handed to the pool; ``result`` works the pool until its answer is in."""

    def __init__(self, pool: _Pool, seq: int) -> None:
        self.pool, self.seq = pool, seq

    def result(self) -> list[Extraction]:
        return self.pool.result(self.seq)

    def cancel(self) -> None:
        """Nothing to do: the pool's ``close`` stops all work at once."""


class _Pool:
    """Worker processes kg owns: batches out, answers back, every worker stopped by ``close``."""

    def __init__(self, model: str | None, processes: int) -> None:
        self.workers: list[_Worker] = []
        self.queued: deque[tuple[int, list[Document]]] = deque()
        self.answers: dict[int, list[Extraction] | _Failure] = {}
        self.next_seq = 0
        try:
            with _sigint_blocked():
                for _ in range(processes):
                    self.workers.append(_Worker(model))
        except BaseException:
            self.close()
            raise

    def submit(self, batch: list[Document]) -> _Batch:
        seq = self.next_seq
        self.next_seq += 1
        self.queued.append((seq, batch))
        self._dispatch()
        return _Batch(self, seq)

    def _dispatch(self) -> None:
        while self.queued:
            worker = min(self.workers, key=lambda w: len(w.sent))
            if len(worker.sent) >= _SENT_PER_WORKER:
                return
            seq, batch = self.queued.popleft()
            try:
                worker.tasks.send((seq, batch))
            except OSError:
                raise self._died(worker) from None
            worker.sent.append(seq)

    def result(self, seq: int) -> list[Extraction]:
        while seq not in self.answers:
            self._collect()
        answer = self.answers.pop(seq)
        if isinstance(answer, _Failure):
            raise answer.error()
        return answer

    def _collect(self) -> None:
        """Wait for answers from any worker and file them; a worker that died is an error at once."""
        by_pipe = {w.results: w for w in self.workers}
        for pipe in wait(list(by_pipe)):
            worker = by_pipe[pipe]  # type: ignore[index]
            try:
                seq, answer = pipe.recv()  # type: ignore[union-attr]
            except (EOFError, OSError):
                raise self._died(worker) from None
            if seq is None:  # the worker could not start (the model is missing, say)
                raise answer.error()
            worker.sent.remove(seq)
            self.answers[seq] = answer
        self._dispatch()

    def _died(self, worker: _Worker) -> WorkerError:
        pid = worker.process.pid
        return WorkerError(
            f"kg's worker process {pid} {_how_it_ended(worker.process)} while parsing; "
            "the build stopped. Run it again with fewer --jobs (each process holds its own spaCy pipeline) "
            "or with more memory free"
        )

    def close(self) -> None:
        """Stop every worker: close its pipes, give it a moment, then SIGTERM, then SIGKILL."""
        for worker in self.workers:
            worker.tasks.close()
        for stop in (None, "terminate", "kill"):
            left = [w.process for w in self.workers if w.process.poll() is None]
            for process in left:
                if stop is not None:
                    getattr(process, stop)()
            deadline = time.monotonic() + _GRACE_SECONDS
            for process in left:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(max(0.0, deadline - time.monotonic()))
        for worker in self.workers:
            worker.results.close()


def extract_on_processes(
    documents: Iterable[Document], *, model: str | None = None, processes: int = 2, batch_size: int = 16
) -> Iterator[Extraction]:
    """Extractions of ``documents``, in order, parsed and extracted by ``processes`` worker processes.

    The workers start before the first document is read, and are stopped
    however the stream ends (exhausted, closed, or an exception).
    """
    pool = _Pool(model, processes)
    try:
        yield from in_order(document_batches(documents, batch_size), pool.submit, processes * _WINDOW_PER_WORKER)
    finally:
        pool.close()
