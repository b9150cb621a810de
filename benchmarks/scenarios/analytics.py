"""Scenario "analytics": per-rater z-score calibration of many ratings vs pandas.

The data: N manager ratings on the 1-5 scale from raters with 1 to 15
reports each (so some raters fall below the minimum group size of 4 and some
give everyone the same rating), each rater with their own leniency. Built
before timing, once: the ``RatingRecord`` values for perfcore, and the same
data as a pandas ``DataFrame`` (a ``rater_id`` string column and a ``value``
column) or as plain columns.

perfcore is used two ways:

- ``z_normalise(records, by="rater_id")``: one explained ``CalibratedRating``
  per record, the API of the issue;
- ``z_calibrate(values, groups)``: the bulk fast path, calibrated floats from
  two plain columns (the values already on 0-1, the rater ids);
- the same on the same columns shuffled (a fixed permutation, the pandas
  frame shuffled alike): the data above lists each rater's ratings together,
  which ``z_calibrate`` exploits (one slice per rater), so this case shows
  the cost when a rater's ratings are spread through the input.

Baseline: pandas doing the same calibration with ``groupby().transform``:
the values put on 0-1 (``(value - 1) / 4``; for the fast path the column is
already on 0-1, as ``z_calibrate`` takes it), ``z = (x - g.transform("mean")) /
g.transform("std")`` per rater, re-expressed as ``mean_org + z * sd_org`` with
the organisation's mean and sample SD, and, as perfcore's rule says, kept
unchanged where the rater has fewer than 4 ratings or no spread
(``g.transform("count")`` and ``where``). Both sides are checked to agree
(to 1e-9) on the warm-up slice before timing.

Target: perfcore within 3x of pandas. Sizes: full 1,000,000 ratings, quick
100,000, smoke 200. Each case is warmed up on a 1% slice, then perfcore and
pandas are timed alternately, three times each (once in smoke mode), and the
medians compared. Without pandas the baseline is left blank.
"""

from __future__ import annotations

import random
from typing import Any

from harness import Case, Config, Result, agree, measure

from perfcore.analytics import RatingRecord, z_calibrate, z_normalise

SCENARIO = "analytics"
BOUND = 3.0
RUNS = 3
MIN_GROUP_SIZE = 4
TOLERANCE = 1e-9
MISSING = "install benchmarks/requirements.txt"


def _ratings(n: int) -> tuple[list[str], list[int]]:
    """``n`` (rater id, value) pairs: raters with 1-15 reports and their own leniency."""
    rng = random.Random(11)  # noqa: S311 - reproducible inputs
    raters: list[str] = []
    values: list[int] = []
    rater = 0
    while len(values) < n:
        size = rng.randint(1, 15)
        lean = rng.choice((-1, 0, 0, 1))
        spread = rng.choice((0, 1, 1, 2))
        for _ in range(min(size, n - len(values))):
            raters.append(f"m{rater}")
            values.append(min(5, max(1, 3 + lean + rng.randint(-spread, spread))))
        rater += 1
    return raters, values


class Data:
    """The same ratings as records, as plain columns, and (when pandas is there) as a frame."""

    def __init__(self, n: int) -> None:
        raters, values = _ratings(n)
        self.records = [
            RatingRecord(employee_id=f"e{i}", rater_id=rater, value=value)
            for i, (rater, value) in enumerate(zip(raters, values, strict=True))
        ]
        self.normalised = [record.normalised for record in self.records]
        self.raters = raters
        order = list(range(n))
        random.Random(12).shuffle(order)  # noqa: S311 - reproducible inputs
        self.shuffled = ([self.normalised[i] for i in order], [raters[i] for i in order])
        self.frame: Any = None
        self.shuffled_frame: Any = None
        try:
            import pandas as pd  # noqa: PLC0415 - a benchmark-only peer, imported lazily
        except ImportError:
            return
        self.frame = pd.DataFrame(
            {"rater_id": raters, "value": values, "normalised": self.normalised}
        )
        self.shuffled_frame = pd.DataFrame(
            {"rater_id": self.shuffled[1], "normalised": self.shuffled[0]}
        )


def pandas_calibrate(frame: Any, column: str) -> Any:  # noqa: ANN401 - a pandas Series
    """The per-rater z-score calibration with pandas, with perfcore's rule for small groups."""
    x = (frame["value"] - 1) / 4 if column == "value" else frame[column]
    g = x.groupby(frame["rater_id"])
    mean, sd, count = g.transform("mean"), g.transform("std"), g.transform("count")
    calibrated = x.mean() + (x - mean) / sd * x.std()
    return calibrated.where((count >= MIN_GROUP_SIZE) & (sd > 0), x)


def _cases(data: Data, *, check: bool) -> tuple[Case, Case, Case]:
    n = len(data.records)
    frame = data.frame
    shuffled_frame = data.shuffled_frame

    def records() -> tuple[Any, ...]:
        return z_normalise(data.records, by="rater_id", min_group_size=MIN_GROUP_SIZE)

    def columns() -> list[float]:
        return z_calibrate(data.normalised, data.raters, min_group_size=MIN_GROUP_SIZE)

    def from_values() -> Any:  # noqa: ANN401
        return pandas_calibrate(frame, "value")

    def from_normalised() -> Any:  # noqa: ANN401
        return pandas_calibrate(frame, "normalised")

    def shuffled_columns() -> list[float]:
        values, raters = data.shuffled
        return z_calibrate(values, raters, min_group_size=MIN_GROUP_SIZE)

    def shuffled_normalised() -> Any:  # noqa: ANN401
        return pandas_calibrate(shuffled_frame, "normalised")

    if check:
        agree([c.calibrated for c in records()], columns(), TOLERANCE)
        if frame is not None:
            agree(columns(), from_values().tolist(), TOLERANCE)
            agree(columns(), from_normalised().tolist(), TOLERANCE)
            agree(shuffled_columns(), shuffled_normalised().tolist(), TOLERANCE)
    note = "" if frame is not None else MISSING
    api = Case(
        scenario=SCENARIO,
        name=f"z_normalise(records, by='rater_id'), N={n:,}",
        perfcore=records,
        baseline=from_values if frame is not None else None,
        baseline_name="pandas groupby().transform",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND,
        note=note or "one explained CalibratedRating per record",
    )
    fast = Case(
        scenario=SCENARIO,
        name=f"z_calibrate(values, groups), N={n:,}",
        perfcore=columns,
        baseline=from_normalised if frame is not None else None,
        baseline_name="pandas groupby().transform",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND,
        note=note or "the bulk fast path on plain columns, values already on 0-1",
    )
    scattered = Case(
        scenario=SCENARIO,
        name=f"z_calibrate(values, groups), shuffled order, N={n:,}",
        perfcore=shuffled_columns,
        baseline=shuffled_normalised if frame is not None else None,
        baseline_name="pandas groupby().transform",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND,
        note=note or "the same columns with each rater's ratings spread through the input",
    )
    return api, fast, scattered


def run(config: Config) -> list[Result]:
    """z_normalise and z_calibrate against pandas on the same ratings."""
    n = config.size(1_000_000, 100_000, 200)
    runs = 1 if config.smoke else RUNS
    warm_api, warm_fast, warm_scattered = _cases(Data(max(n // 100, 100)), check=True)
    api, fast, scattered = _cases(Data(n), check=False)
    return [
        measure(api, config, runs=runs, warm_up=warm_api),
        measure(fast, config, runs=runs, warm_up=warm_fast),
        measure(scattered, config, runs=runs, warm_up=warm_scattered),
    ]
