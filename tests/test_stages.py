"""The package reads in the order the data flows: at module level no module imports a later stage, and no imports form a cycle.

Imports inside functions (a ``KnowledgeGraph`` method calling a query, a
converter or an exporter) and under ``if TYPE_CHECKING:`` do not run when a
module is imported, so they may point anywhere.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import kg

PACKAGE = Path(kg.__file__).parent

#: The stages in the order the data flows (docs/architecture.md). A module
#: may import, at module level, modules of its own stage or an earlier one.
STAGES = [
    ["kg.errors", "kg.names", "kg.model", "kg.memory"],  # the vocabulary every stage shares
    ["kg.language", "kg.documents"],
    ["kg.token_rules", "kg.nlp"],
    ["kg.relations"],
    ["kg.extract"],
    ["kg.resolve"],
    ["kg.graph"],
    ["kg.query", "kg.convert", "kg.rdf"],
    ["kg.http", "kg.store", "kg.export"],
    ["kg.io"],
    ["kg.pipeline", "kg.parallel", "kg.distributed"],
    ["kg", "kg.cli", "kg.tables", "kg.__main__"],
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run when the module is imported: not in functions, not under ``if TYPE_CHECKING``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    visit([n for n in getattr(node, field, []) if isinstance(n, ast.stmt | ast.excepthandler)])

    visit(tree.body)
    return found


def imports_of(module: str, source: str, modules: set[str], *, package: bool) -> set[str]:
    """The modules of ``modules`` that ``source`` (the module ``module``) imports at module level."""
    here = module if package else module.rpartition(".")[0]
    targets = set()
    for node in _module_level_imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = here.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            base_name = ".".join(base + ([node.module] if node.module else []))
            # "from . import html" imports a submodule; "from . import register" the package itself.
            names = [f"{base_name}.{a.name}" if f"{base_name}.{a.name}" in modules else base_name for a in node.names]
        for name in names:
            # "import kg.export.html" or "from .export.html import x": the longest known module it names.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
    return targets


def _import_graph() -> nx.DiGraph:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for module, path in paths.items():
        for target in imports_of(module, path.read_text(encoding="utf-8"), set(paths), package=path.name == "__init__.py"):
            graph.add_edge(module, target)
    return graph


def stage_of(module: str) -> int:
    """The index in ``STAGES`` of the stage a module belongs to (a submodule belongs to its package's stage)."""
    for index, stage in enumerate(STAGES):
        for name in stage:
            if module == name or name != "kg" and module.startswith(name + "."):
                return index
    raise LookupError(f"{module} is in no stage: add it to STAGES in tests/test_stages.py and to docs/architecture.md")


def test_every_module_has_a_stage():
    for module in _import_graph():
        stage_of(module)


def test_no_module_imports_a_later_stage():
    later = [
        f"{a} (stage {stage_of(a)}) imports {b} (stage {stage_of(b)})"
        for a, b in _import_graph().edges
        if stage_of(b) > stage_of(a)
    ]
    assert not later


def test_no_import_cycle():
    assert list(nx.simple_cycles(_import_graph())) == []


def test_extraction_does_not_import_the_graph():
    graph = _import_graph()
    extract = [m for m in graph if m == "kg.extract" or m.startswith("kg.extract.")]
    assert extract and not any(nx.has_path(graph, m, "kg.graph") for m in extract)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from .graph import KnowledgeGraph", {"kg.graph"}),
        ("from . import query", {"kg.query"}),
        ("import kg.export.html", {"kg.export.html"}),
        ("from .export import write", {"kg.export"}),
        ("try:\n    from .store import Store\nexcept ImportError:\n    pass", {"kg.store"}),
        ("def f():\n    from .export import write", set()),
        ("class C:\n    def f(self):\n        from . import query", set()),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .store import Store", set()),
        ("import json\nfrom collections import Counter", set()),
    ],
)
def test_module_level_imports_are_told_from_lazy_ones(source, found):
    modules = {"kg", "kg.graph", "kg.query", "kg.store", "kg.export", "kg.export.html", "kg.io"}
    assert imports_of("kg.io", source, modules, package=False) == found


def test_a_submodule_importing_its_package_is_seen():
    modules = {"kg", "kg.export", "kg.export.html", "kg.export.registry"}
    assert imports_of("kg.export.html", "from . import register", modules, package=False) == {"kg.export"}
    assert imports_of("kg.export.html", "from .registry import register", modules, package=False) == {"kg.export.registry"}
    assert imports_of("kg.export", "from . import html", modules, package=True) == {"kg.export.html"}
