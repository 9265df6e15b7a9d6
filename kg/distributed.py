"""Extraction on a Dask cluster: Documents in, Extractions back in document order.

Batches of documents are shipped to the workers of a ``dask.distributed``
cluster; every worker loads the spaCy pipeline once (a worker plugin loads
it at start, ``kg.nlp.load`` caches it per process), parses and extracts the
batch, and sends back plain ``Extraction`` values, which the caller merges
into one graph exactly as a local build does. The batches, the work on each
and the bounded window of batches in flight are the local engine's
(``kg.parallel``), so a corpus of any size streams through.

Needs the optional extra (``pip install "kg[dask]"``) here, on the
scheduler (it unpickles every task, which names kg's functions) and on every
worker, and the same spaCy model installed on every worker.
"""
from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .errors import KGError
from .model import Document, Extraction
from .nlp import choose_model
from .parallel import document_batches, extract_batch, in_order

try:
    from distributed import WorkerPlugin
except ImportError:  # the optional extra is not installed: _import_distributed says how to get it
    WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["extract_on_dask", "LoadModel"]

# Batches in flight per worker: one running, one queued, so no worker waits.
_IN_FLIGHT_PER_WORKER = 2


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise KGError('the Dask engine needs dask.distributed; install it with: pip install "kg[dask]"') from exc
    return distributed


def _kg_importable() -> bool:
    """Run on the scheduler: unpickling this function imports kg there, or fails."""
    return True


class LoadModel(WorkerPlugin):
    """Load the spaCy pipeline when a worker starts, not inside its first task."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.name = f"kg-load-model-{model}"

    def setup(self, worker: Any) -> None:
        from .nlp import load

        load(self.model)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    distributed = _import_distributed()
    if scheduler is None:
        # One single-threaded worker process a core: spaCy pipelines are not shared between threads.
        with distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise KGError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); "
            "start one with `dask scheduler` and give its address, e.g. tcp://10.0.0.5:8786"
        ) from exc
    with client:
        yield client


def extract_on_dask(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    scheduler: str | None = None,
    workers: int = 1,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Extractions of ``documents``, in order, computed on a Dask cluster.

    ``scheduler`` is the address of a running scheduler ("tcp://host:8786");
    without one a ``LocalCluster`` of ``workers`` processes is started and
    closed again when the stream ends. An empty ``documents`` reaches no
    cluster and starts none.
    """
    # The client decides which pipeline to use, so every worker loads the same one.
    model = choose_model(model)
    documents = iter(documents)
    first = next(documents, None)
    if first is None:
        # Nothing to extract (say, a store rebuild where every document is unchanged): no cluster to reach or start.
        return
    documents = itertools.chain([first], documents)
    with _client(scheduler, workers) as client:
        try:
            # The scheduler unpickles every task, which names kg's functions and values: it needs kg too.
            client.run_on_scheduler(_kg_importable)
        except Exception as exc:  # raised on the scheduler and re-raised here as whatever type it had there
            raise KGError(
                f"the Dask scheduler at {scheduler or 'the local cluster'} cannot run kg's code ({type(exc).__name__}: {exc}); "
                'install the same kg as here (pip install "kg[dask]") where the scheduler runs, then restart it'
            ) from exc
        try:
            client.register_plugin(LoadModel(model))
        except Exception as exc:  # raised on a worker and re-raised here as whatever type it had there
            raise KGError(
                f"the Dask workers at {scheduler or 'the local cluster'} cannot load kg with the spaCy model "
                f"{model!r} ({type(exc).__name__}: {exc}); install kg (pip install \"kg[dask]\") and that model "
                "on every worker, with the same Python, dask and kg versions as here"
            ) from exc
        window = max(1, len(client.scheduler_info().get("workers", {})) or workers) * _IN_FLIGHT_PER_WORKER
        yield from in_order(
            document_batches(documents, batch_size),
            lambda batch: client.submit(extract_batch, batch, model, pure=False),
            window,
        )
