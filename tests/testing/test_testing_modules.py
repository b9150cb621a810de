"""The testing kit's modules import one way: each loads on its own, none imports in a function."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
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
    "_organisation_strategies",
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


def _third_party(name: str) -> set[str]:
    """The top-level packages a kit module imports that are neither perfcore nor the stdlib."""
    tops: set[str] = set()
    for node in ast.walk(_tree(name)):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            tops.add(node.module.split(".")[0])
    return tops - set(sys.stdlib_module_names) - {"perfcore"}


def test_the_testing_extra_pins_what_the_kit_imports_and_nothing_more() -> None:
    pyproject = tomllib.loads((KIT.parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    extra = {req.split(">")[0].split("=")[0] for req in project["optional-dependencies"]["testing"]}
    core = {req.split(">")[0].split("=")[0] for req in project["dependencies"]}
    imported = set().union(*(_third_party(name) for name in MODULES))
    assert extra == imported - core - {"dateutil"} == {"hypothesis"}
    assert "pytest" not in extra


def test_the_kit_loads_without_pytest() -> None:
    modules = ", ".join(f"perfcore.testing.{name}" for name in MODULES)
    code = f"import sys; import {modules}; print(sorted(m for m in sys.modules if 'pytest' in m))"
    result = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
