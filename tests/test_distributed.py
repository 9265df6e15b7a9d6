"""The Dask engine: the same graph from a dask.distributed cluster as from a local build."""
from __future__ import annotations

import pytest

import kg
from kg.documents import from_text

distributed = pytest.importorskip("distributed", reason='the Dask engine needs pip install "kg[dask]"')

TEXTS = [
    "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.",
    "Joe Biden blocked the acquisition of US Steel by Nippon Steel.",
    "Nippon Steel will challenge the decision in court. Biden defended the decision.",
    "Blinken said Japan remained a close ally of the United States.",
    "Marco Rubio will replace Antony Blinken as secretary of state.",
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster


def test_dask_build_equals_the_local_build(cluster):
    documents = [from_text(text, id=f"d{i}") for i, text in enumerate(TEXTS)]
    local = kg.build(documents)
    seen = []
    # batch_size 1: five batches spread over both workers, merged back in document order.
    remote = kg.build(
        documents, engine="dask", scheduler=cluster.scheduler_address, batch_size=1, progress=lambda e: seen.append(e.document.id)
    )
    assert seen == [d.id for d in documents]
    assert remote == local
    assert len(remote) > 0 and len(remote.entities()) > 0
