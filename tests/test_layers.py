"""The layering contract (pyproject.toml, [tool.importlinter]) holds, and it has teeth.

The contract is checked by ``lint-imports`` in CI. These tests run the same tool
on a copy of the package with one import added that breaks the layering (at
module level, inside a function, under ``TYPE_CHECKING``, between peers) and
require it to fail naming that import; and they import every subpackage on its
own, in a fresh interpreter, with an empty front door, so nothing works only
because ``perfcore/__init__.py`` happened to import something first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import layer_diagram
import perfcore

SRC = Path(perfcore.__file__).parent
ROOT = SRC.parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(package_parent: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(  # noqa: S603 - the tool of this environment, fixed arguments
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=package_parent,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package and its contract, to break on purpose."""
    shutil.copytree(SRC, tmp_path / "perfcore", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_keeps_its_layering() -> None:
    done = _lint(SRC.parent, ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


UPWARD = {
    "at module level": "import perfcore.cycle\n",
    "inside a function": (
        "def _peek() -> object:\n    import perfcore.cycle\n\n    return perfcore.cycle\n"
    ),
    "under TYPE_CHECKING": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import perfcore.cycle\n"
    ),
}


@pytest.mark.parametrize("how", sorted(UPWARD))
def test_an_upward_import_breaks_the_contract(copy: Path, how: str) -> None:
    module = copy / "perfcore" / "scoring" / "goal_scorers.py"
    module.write_text(module.read_text() + "\n" + UPWARD[how])
    done = _lint(copy, copy / "pyproject.toml")
    assert done.returncode == 1, done.stdout
    assert "perfcore.scoring.goal_scorers -> perfcore.cycle" in done.stdout


@pytest.mark.parametrize("how", sorted(UPWARD))
@pytest.mark.parametrize("rules", ["conditions", "_decide", "_evolve", "permissions"])
def test_the_rules_of_a_cycle_may_not_import_the_aggregate(
    copy: Path, how: str, rules: str
) -> None:
    # They read a CycleRecord; Cycle, which adds the commands, sits above them.
    module = copy / "perfcore" / "cycle" / f"{rules}.py"
    upward = UPWARD[how].replace("perfcore.cycle", "perfcore.cycle.aggregate")
    module.write_text(module.read_text() + "\n" + upward)
    done = _lint(copy, copy / "pyproject.toml")
    assert done.returncode == 1, done.stdout
    assert f"perfcore.cycle.{rules} -> perfcore.cycle.aggregate" in done.stdout


def test_peers_may_not_import_each_other(copy: Path) -> None:
    module = copy / "perfcore" / "competency" / "gaps.py"
    module.write_text(module.read_text() + "\nimport perfcore.scoring.combiners\n")
    done = _lint(copy, copy / "pyproject.toml")
    assert done.returncode == 1, done.stdout
    assert "perfcore.competency.gaps -> perfcore.scoring.combiners" in done.stdout


def test_a_new_module_must_be_given_its_layer(copy: Path) -> None:
    (copy / "perfcore" / "payroll.py").write_text('"""Not placed in any layer yet."""\n')
    done = _lint(copy, copy / "pyproject.toml")
    assert done.returncode == 1, done.stdout
    assert "perfcore.payroll" in done.stdout


def _modules() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) > 1:
            names.append(".".join(parts))
    return names


@pytest.fixture(scope="module")
def empty_front_door(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose ``__init__`` imports nothing."""
    root = tmp_path_factory.mktemp("empty_front_door")
    shutil.copytree(SRC, root / "perfcore", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "perfcore" / "__init__.py").write_text('"""Empty on purpose."""\n')
    return root


@pytest.mark.parametrize("module", _modules())
def test_each_module_imports_on_its_own(empty_front_door: Path, module: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(empty_front_door)}
    code = (
        f"import {module}, perfcore; assert perfcore.__file__.startswith({str(empty_front_door)!r})"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr


def test_the_layer_diagram_in_the_docs_is_drawn_from_the_code() -> None:
    assert layer_diagram.current() == layer_diagram.mermaid(), (
        "docs/architecture.md is stale: run python tests/layer_diagram.py --write"
    )
