"""The Dask engine: the same graph, and the same store, from a dask.distributed cluster as from a local build."""
from __future__ import annotations

import shutil

import pytest

import kg
from kg.cli import main
from kg.documents import from_text
from kg.store import Store, build_into

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


# --------------------------------------------------------------------------- into a store
ARTICLES = {
    "a.txt": "Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday. Blinken said Japan remained a close ally.\n",
    "b.txt": "Joe Biden blocked the purchase of US Steel by Nippon Steel. Nippon Steel will sue.\n",
    "c.txt": "Marco Rubio will replace Antony Blinken as secretary of state. Rubio met Iwaya in Washington.\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(seed_path, folder / seed_path.name)
    return folder


@pytest.fixture(scope="module")
def local_store(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("local") / "store"
    report = build_into(path, corpus)
    assert report.parsed == len(ARTICLES) + 1
    return path


def _quads(path) -> set:
    with Store(path, read_only=True) as store:
        return set(store.quads())


def test_cli_dask_store_build_writes_the_quads_of_the_local_store_build(cluster, corpus, local_store, tmp_path, capsys):
    store = tmp_path / "store"
    args = ["build", str(corpus), "--store", str(store), "--scheduler", cluster.scheduler_address, "--quiet"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith(f"{len(ARTICLES) + 1} documents added, 0 replaced, 0 unchanged")
    assert _quads(store) == _quads(local_store)
    assert kg.load(store) == kg.load(local_store) == kg.build(corpus)


def test_a_dask_rebuild_sends_the_cluster_only_changed_documents(cluster, corpus, tmp_path):
    folder = shutil.copytree(corpus, tmp_path / "corpus")
    store, reference = tmp_path / "store", tmp_path / "reference"
    options = {"engine": "dask", "scheduler": cluster.scheduler_address, "batch_size": 1}
    first = build_into(store, folder, **options)
    assert first.parsed == len(first.added) == len(ARTICLES) + 1
    build_into(reference, folder)
    with distributed.Client(cluster.scheduler_address) as client, distributed.get_task_stream(client) as tasks:
        again = build_into(store, folder, **options)
    assert again.parsed == 0 and again.added == again.replaced == ()
    assert again.skipped == first.added
    assert tasks.data == []  # the scheduler ran no task at all

    (folder / "b.txt").write_text("Joe Biden praised Nippon Steel.\n", encoding="utf-8")
    with distributed.Client(cluster.scheduler_address) as client, distributed.get_task_stream(client) as tasks:
        changed = build_into(store, folder, **options)
    assert changed.parsed == 1 and changed.replaced == ("b",) and len(changed.skipped) == len(ARTICLES)
    assert len(tasks.data) == 1  # one batch of one document
    # The same steps on this machine give the same store.
    build_into(reference, folder)
    assert _quads(store) == _quads(reference)
    from_b = {f.key for f in kg.load(store).facts(include_negated=True) if any(e.document == "b" for e in f.evidence)}
    assert from_b == {"praise"}  # the old version's facts are gone


def test_an_interrupted_dask_build_resumes_where_it_stopped(cluster, corpus, local_store, tmp_path):
    store = tmp_path / "store"
    options = {"engine": "dask", "scheduler": cluster.scheduler_address, "batch_size": 1}
    written = []

    def interrupt_after_two(extraction):
        written.append(extraction.document.id)
        if len(written) == 2:
            raise KeyboardInterrupt  # Ctrl-C with the other documents still on the cluster

    with pytest.raises(KeyboardInterrupt):
        build_into(store, corpus, progress=interrupt_after_two, **options)
    with Store(store, read_only=True) as done:
        assert sorted(done.documents()) == sorted(written)
    report = build_into(store, corpus, **options)
    assert report.skipped == tuple(written) and report.parsed == len(ARTICLES) - 1
    assert _quads(store) == _quads(local_store)


def test_workers_without_the_model_are_an_error_naming_the_model_and_the_way_out():
    # A cluster of its own (in this process): the failed worker plugin must not stay on the shared one.
    # Its dashboard on a free port: an in-process cluster takes 8787 otherwise, and warns when it is in use.
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as own:
        with pytest.raises(kg.KGError, match=r"cannot load kg with the spaCy model 'no_such_model_xyz'.*install"):
            list(
                kg.pipeline.extract_documents(
                    [from_text(TEXTS[0], id="d0")], engine="dask", scheduler=own.scheduler_address, model="no_such_model_xyz"
                )
            )
