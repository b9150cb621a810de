"""The front door (``perfcore/__init__.py``) loads the cycle and the subpackages on first use.

``import perfcore`` loads its errors only; every other public name (each from
its own module), each subpackage and ``__version__`` come on first use, and the stub
``__init__.pyi`` lists the same names for type checkers. Each import is checked
in a fresh interpreter, where nothing else has loaded a module first.
"""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import perfcore

STUB = Path(perfcore.__file__).with_suffix(".pyi")

LAZY = (
    "perfcore.assessments",
    "perfcore.checkins",
    "perfcore.goals",
    "perfcore.measures",
    "perfcore.people",
    "perfcore.periods",
    "perfcore.scales",
    "perfcore.analytics",
    "perfcore.appraisal",
    "perfcore.batch",
    "perfcore.calibration",
    "perfcore.compensation",
    "perfcore.competency",
    "perfcore.cycle",
    "perfcore.dask",
    "perfcore.feedback",
    "perfcore.improvement",
    "perfcore.organisation",
    "perfcore.oversight",
    "perfcore.schedule",
    "perfcore.schema",
    "perfcore.scoring",
    "perfcore.serialization",
    "perfcore.testing",
    "perfcore.visibility",
)
"""Modules and subpackages that ``import perfcore`` must not load."""

NEVER = ("cattrs", "dask", "hypothesis", "importlib.metadata", "matplotlib", "pandas")
"""Third-party and standard modules that ``import perfcore`` must not load."""


def _fresh(code: str) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_perfcore_loads_no_subpackage_and_no_heavy_dependency() -> None:
    out = _fresh(
        f"""
        import sys
        import perfcore
        loaded = [m for m in {LAZY + NEVER!r} if m in sys.modules]
        print(loaded, perfcore.ValidationError.__module__)
        """
    )
    assert out.split() == ["[]", "perfcore.errors"]


def test_a_lazy_name_loads_its_module_on_first_use_and_only_what_that_needs() -> None:
    out = _fresh(
        """
        import sys
        import perfcore
        perfcore.Period
        print([m for m in ("perfcore.periods", "perfcore.goals") if m in sys.modules])
        from perfcore import FormalPlan
        print("perfcore.improvement" in sys.modules, "perfcore.cycle" in sys.modules)
        print(FormalPlan is sys.modules["perfcore.improvement"].FormalPlan)
        """
    )
    assert out.split() == ["['perfcore.periods']", "True", "False", "True"]


def test_every_public_name_and_star_import_work_in_a_fresh_interpreter() -> None:
    out = _fresh(
        """
        import perfcore
        from perfcore import *
        names = perfcore.__all__
        assert all(globals()[name] is getattr(perfcore, name) for name in names if name[0] != "_")
        assert set(names) <= set(dir(perfcore))
        print(len(names), perfcore.__version__ == globals()["__version__"])
        """
    )
    assert out.split() == [str(len(perfcore.__all__)), "True"]


@pytest.mark.parametrize("name", perfcore.__all__)
def test_each_public_name_is_the_object_of_its_module(name: str) -> None:
    value = getattr(perfcore, name)
    if isinstance(value, type):
        home = importlib.import_module(value.__module__)
        assert getattr(home, value.__name__) is value
    assert name in dir(perfcore)


def test_subpackages_are_reachable_as_attributes() -> None:
    assert perfcore.analytics is importlib.import_module("perfcore.analytics")
    assert perfcore.cycle.Cycle is perfcore.Cycle


def test_the_version_comes_from_the_package_metadata() -> None:
    assert perfcore.__version__ == importlib.metadata.version("perfcore")


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nonesuch'"):
        _ = perfcore.Nonesuch  # type: ignore[attr-defined]
    assert not hasattr(perfcore, "_Nonesuch")


def _stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_stub_shows_type_checkers_every_public_name() -> None:
    assert _stub_names() == set(perfcore.__all__) | vars(perfcore)["_SUBPACKAGES"]
    stub_all = next(
        node.value
        for node in ast.parse(STUB.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
    )
    assert ast.literal_eval(stub_all) == perfcore.__all__
