"""The public surface: ``kg.__all__`` is pinned, and every public function is fully typed."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import kg

# Changing this list changes the public API: do it on purpose, with a note in the README.
PUBLIC = [
    "build",
    "load",
    "KnowledgeGraph",
    "Extraction",
    "Document",
    "Entity",
    "Evidence",
    "Fact",
    "Mention",
    "KGError",
    "InputError",
    "ModelError",
    "FormatError",
    "StoreError",
    "QueryError",
    "NotFoundError",
    "KGWarning",
    "InputWarning",
    "__version__",
]


def test_all_is_pinned():
    assert kg.__all__ == PUBLIC
    for name in kg.__all__:
        assert hasattr(kg, name), name


def test_package_is_marked_typed():
    assert (Path(kg.__file__).parent / "py.typed").is_file()


def _modules() -> list[str]:
    return ["kg"] + [m.name for m in pkgutil.walk_packages(kg.__path__, "kg.") if not m.name.endswith("__main__")]


def _public_callables():
    for module_name in _modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if callable(value) and hasattr(value, "__wrapped__"):  # functools.lru_cache and friends
                value = inspect.unwrap(value)
            if inspect.isfunction(value):
                yield f"{module_name}.{name}", value
            elif inspect.isclass(value) and value.__module__ == module.__name__:
                for attr, member in vars(value).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    member = member.__func__ if isinstance(member, classmethod | staticmethod) else member
                    member = member.fget if isinstance(member, property) else member
                    if inspect.isfunction(member):
                        yield f"{module_name}.{name}.{attr}", member


@pytest.mark.parametrize("qualname,function", list(_public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_functions_have_type_hints(qualname, function):
    signature = inspect.signature(function)
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    assert not missing, f"{qualname}: parameters without a type hint: {missing}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{qualname} has no return type hint"
