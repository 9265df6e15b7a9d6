"""The quickstart notebook runs headlessly from top to bottom, and is committed without outputs."""
from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat

import kg

ROOT = Path(__file__).resolve().parent.parent
QUICKSTART = ROOT / "notebooks" / "quickstart.ipynb"


def test_quickstart_is_committed_with_outputs_cleared():
    notebook = nbformat.read(QUICKSTART, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_quickstart_runs_without_errors(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports the kg under test
    notebook = nbformat.read(QUICKSTART, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(QUICKSTART.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    shown = {}
    for cell in (c for c in notebook.cells if c.cell_type == "code"):
        texts = []
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            texts.append(output.get("text", ""))
            texts.extend(str(v) for v in output.get("data", {}).values())
        shown[cell.source] = "\n".join(texts)

    def output_of(code: str) -> str:
        [text] = [text for source, text in shown.items() if code in source]
        return text

    assert "Antony Blinken — meet — Takeshi Iwaya" in output_of('graph.facts(predicate="met")')
    paths = output_of('graph.paths("Blinken", "Nippon Steel", include_negated=True)').splitlines()
    assert paths and all("Antony Blinken" in line and "Nippon Steel" in line for line in paths)
    assert output_of("nx.degree_centrality").strip()
    assert " — " in output_of("graph.sparql(")
    summary = repr(kg.build(ROOT / "examples" / "blinken-japan-us-steel.txt"))  # "KnowledgeGraph: 48 entities, ..."
    assert summary.startswith("KnowledgeGraph: ") and output_of("print(graph)").strip() == summary
    shown_page = output_of("graph.show()")
    assert "<iframe" in shown_page and "srcdoc=" in shown_page and "vis.Network" in shown_page  # inline, not a file link
    # The page goes only into text/html; text/plain, what a console prints, is one short line.
    [show] = [c for c in notebook.cells if c.source == "graph.show()"]
    [plain] = [o["data"]["text/plain"] for o in show.outputs if "data" in o]
    assert plain == summary
    assert len(nbformat.writes(notebook).encode("utf-8")) < 1_000_000
