"""The testing kit's modules import one way: each loads on its own, none imports in a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import perfcore.testing

KIT = Path(perfcore.testing.__file__).parent
MODULES = sorted(path.stem for path in KIT.glob("*.py") if path.stem != "__init__")
PRIVATE = [name for name in MODULES if name.startswith("_")]

# The strategy modules from the bottom up: each imports only modules before it.
ORDER = [
    "_hypothesis",
    "_scoring",
    "_primitive_strategies",
    "_record_strategies",
    "_improvement_strategies",
    "_competency_strategies",
    "_cycle_strategies",
    "_feedback_strategies",
    "_message_strategies",
    "_population_strategies",
    "_schedule_strategies",
    "_oversight_strategies",
    "_analytics_strategies",
    "strategies",
]


def _tree(name: str) -> ast.Module:
    return ast.parse((KIT / f"{name}.py").read_text(encoding="utf-8"))


def _kit_imports(name: str) -> set[str]:
    return {
        node.module.removeprefix("perfcore.testing.")
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("perfcore.testing.")
    }


@pytest.mark.parametrize("name", PRIVATE)
def test_each_private_module_imports_on_its_own(name: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", f"import perfcore.testing.{name}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", MODULES)
def test_no_module_imports_inside_a_function(name: str) -> None:
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    inside = [
        f"{name}.py:{inner.lineno}"
        for node in ast.walk(_tree(name))
        if isinstance(node, functions)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert inside == []


@pytest.mark.parametrize("name", ORDER)
def test_strategy_modules_import_only_those_below_them(name: str) -> None:
    below = set(ORDER[: ORDER.index(name)])
    assert _kit_imports(name) <= below


def test_every_strategy_module_has_its_place() -> None:
    strategy_modules = {name for name in MODULES if name.endswith("strategies")}
    assert strategy_modules <= set(ORDER)
