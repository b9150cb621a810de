"""Scenario "imports": what ``import perfcore`` costs a fresh interpreter.

Each timing starts a new interpreter that measures only its import statement
(``time.perf_counter`` around it, so the interpreter's own start-up is left
out), alternating perfcore and the baseline. The baseline imports perfcore's
dependencies, ``attrs``, ``cattrs`` and ``dateutil``; the target is
``import perfcore`` within 1.5 times that. Two more rows report what the
first use of the cycle (``perfcore.Cycle``, which loads the cycle with its
scoring and competency) and of ``perfcore.serialization`` add, against the
same baseline, without a target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from harness import Config, Result

SCENARIO = "imports"
BOUND = 1.5
DEPENDENCIES = "import attrs, cattrs, dateutil"
_TIMED = "import time; began = time.perf_counter(); {}; print(time.perf_counter() - began)"
CASES = (
    ("import perfcore", "import perfcore", BOUND),
    ("import perfcore, then perfcore.Cycle", "import perfcore; perfcore.Cycle", None),
    ("import perfcore.serialization", "import perfcore.serialization", None),
)


def _seconds(statement: str) -> float:
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", _TIMED.format(statement)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out)


def _case(name: str, statement: str, bound: float | None, runs: int) -> Result:
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        ours.append(_seconds(statement) * 1e3)
        theirs.append(_seconds(DEPENDENCIES) * 1e3)
    mine, other = statistics.median(ours), statistics.median(theirs)
    ratio = mine / other
    return Result(
        scenario=SCENARIO,
        name=name,
        unit="ms",
        perfcore=mine,
        baseline=other,
        baseline_name="import attrs, cattrs, dateutil",
        ratio=ratio,
        target="" if bound is None else f"ratio <= {bound:g}",
        met=None if bound is None else ratio <= bound,
        note="a fresh interpreter per timing; the import statement only",
    )


def run(config: Config) -> list[Result]:
    """The import of perfcore, and of what its first uses load, against its dependencies'."""
    runs = 1 if config.smoke else config.size(15, 9)
    return [_case(name, statement, bound, runs) for name, statement, bound in CASES]
