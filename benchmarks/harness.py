"""The measuring machinery every scenario shares.

A :class:`Case` pairs a perfcore callable with a baseline doing the same work;
:func:`measure` times them IN THE SAME RUN, alternating perfcore and baseline
for several repetitions, and reports the medians and their ratio. Nothing here
asserts a time: targets are reported as met or missed.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Comparison = Literal["at_most", "at_least_speedup", "report"]


@dataclass(frozen=True)
class Config:
    """How hard to run: ``quick`` for < 60 s, ``smoke`` for tiny sizes that only prove it works."""

    quick: bool = False
    smoke: bool = False
    repeats: int = 7

    def size(self, full: int, quick: int, smoke: int = 20) -> int:
        """The problem size for this run."""
        if self.smoke:
            return smoke
        return quick if self.quick else full

    @property
    def runs(self) -> int:
        """Repetitions of each timing (alternating perfcore and baseline)."""
        if self.smoke:
            return 1
        return 3 if self.quick else self.repeats


@dataclass(frozen=True)
class Case:
    """One comparison: perfcore against a baseline doing the same work.

    Each callable does ``per`` operations; times are reported per operation in
    ``unit`` (``"us"`` for microseconds or ``"ms"``). ``target`` is checked on
    the ratio ``perfcore / baseline``: ``"at_most"`` (ratio ≤ ``bound``) or
    ``"at_least_speedup"`` (baseline / perfcore ≥ ``bound``); ``"report"``
    only reports. A ``None`` baseline means the peer is not installed.
    """

    scenario: str
    name: str
    perfcore: Callable[[], object]
    baseline: Callable[[], object] | None
    baseline_name: str
    per: int = 1
    unit: str = "us"
    target: Comparison = "report"
    bound: float | None = None
    note: str = ""


@dataclass
class Result:
    """Medians per operation, their ratio, and whether the target is met."""

    scenario: str
    name: str
    unit: str
    perfcore: float
    baseline: float | None
    baseline_name: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "scenario": self.scenario,
            "name": self.name,
            "unit": self.unit,
            "perfcore_median": self.perfcore,
            "baseline_median": self.baseline,
            "baseline": self.baseline_name,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "note": self.note,
            **self.extra,
        }


_SCALE = {"us": 1e6, "ms": 1e3, "s": 1.0, "ns": 1e9}


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(
    case: Case,
    config: Config,
    *,
    runs: int | None = None,
    warm_up: Case | Literal[False] | None = None,
) -> Result:
    """Time ``case``: perfcore and baseline alternately, ``runs`` times each (medians).

    ``runs`` defaults to ``config.runs``. Both sides are first run once as a
    warm-up: on ``case`` itself by default, on ``warm_up`` when a smaller case
    is given (for sizes where a full extra run costs too much), or not at all
    with ``warm_up=False``.
    """
    scale = _SCALE[case.unit] / case.per
    ours: list[float] = []
    theirs: list[float] = []
    gc.collect()
    if warm_up is not False:
        first = case if warm_up is None else warm_up
        first.perfcore()
        if first.baseline is not None:
            first.baseline()
    for _ in range(config.runs if runs is None else runs):
        ours.append(_time(case.perfcore) * scale)
        if case.baseline is not None:
            theirs.append(_time(case.baseline) * scale)
    mine = statistics.median(ours)
    other = statistics.median(theirs) if theirs else None
    ratio = mine / other if other else None
    return Result(
        scenario=case.scenario,
        name=case.name,
        unit=case.unit,
        perfcore=mine,
        baseline=other,
        baseline_name=case.baseline_name,
        ratio=ratio,
        target=_describe(case),
        met=_met(case, ratio),
        note=case.note,
    )


def agree(ours: Sequence[float], theirs: Sequence[float], tolerance: float) -> None:
    """Check that perfcore and a baseline computed the same numbers before timing them."""
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for mine, other in zip(ours, theirs, strict=True):
        assert abs(mine - other) <= tolerance, (mine, other)


def _describe(case: Case) -> str:
    if case.target == "at_most":
        return f"ratio <= {case.bound:g}"
    if case.target == "at_least_speedup":
        return f"{case.bound:g}x faster"
    return ""


def _met(case: Case, ratio: float | None) -> bool | None:
    if ratio is None or case.bound is None or case.target == "report":
        return None
    if case.target == "at_most":
        return ratio <= case.bound
    return ratio <= 1 / case.bound


def bytes_per_item(build: Callable[[], list[object]]) -> float:
    """Bytes allocated and still held per item of what ``build`` returns (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    items = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / max(1, len(items))


def fixed(scenario: str, name: str, value: float, unit: str, note: str = "") -> Result:
    """A number with no timing baseline (bytes per cycle, a size ratio)."""
    return Result(
        scenario=scenario,
        name=name,
        unit=unit,
        perfcore=value,
        baseline=None,
        baseline_name="",
        ratio=None,
        target="",
        met=None,
        note=note,
    )
