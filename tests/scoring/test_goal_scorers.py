"""Tests for perfcore.scoring.goal_scorers: the built-in goal scorers."""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.scoring.goal_scorers import (
    DEFAULT_OKR_BANDS,
    GOAL_SCORERS,
    BaselineProgress,
    MilestoneCompletion,
    OkrGrade,
    ScaleRating,
    ThresholdTargetStretch,
    YesNo,
)
from perfcore.scoring.protocols import GoalScorer
from perfcore.scoring.results import Bounds, GoalScore
from perfcore.strategies import Registry
from strategies import (
    finite,
    milestone_measures,
    numeric_measures,
    rating_scales,
    scale_measures,
    texts,
    yes_no_measures,
)

Scorer = (
    ThresholdTargetStretch | BaselineProgress | OkrGrade | MilestoneCompletion | YesNo | ScaleRating
)

HIGHER = pc.Direction.HIGHER_IS_BETTER
LOWER = pc.Direction.LOWER_IS_BETTER
REGISTRY = Registry.empty()
for _cls in GOAL_SCORERS:
    REGISTRY = REGISTRY.register(_cls.NAME, _cls.from_params)

SALES = pc.NumericMeasure(unit="EUR k", threshold=900, target=1000, stretch=1200)
DEFECTS = pc.NumericMeasure(unit="defects", threshold=30, target=20, stretch=10, direction=LOWER)
STEPS = pc.MilestoneMeasure(steps=("design", "build", "test", "launch"))
YES_NO = pc.YesNoMeasure(question="Certification obtained?")
FIVE = pc.RatingScale(minimum=1, maximum=5, labels=("Poor", "Fair", "Good", "Strong", "Top"))
ON_FIVE = pc.ScaleMeasure(scale=FIVE, target=4)
PERCENT = pc.RatingScale(minimum=0, maximum=100)


def goal(measure: pc.Measure | None, goal_id: str = "g1") -> pc.Goal:
    return pc.Goal(id=goal_id, title="A goal", measure=measure)


def score(scorer: Scorer, measure: pc.Measure | None, actual: float) -> float:
    return scorer.score(goal(measure), actual).attainment


def explain(scorer: Scorer, measure: pc.Measure | None, actual: float) -> str:
    return scorer.score(goal(measure), actual).explanation


# One scorer of each kind with a goal it can score and a result for it.
SAMPLES: list[tuple[Scorer, pc.Measure | None, float]] = [
    (ThresholdTargetStretch(), SALES, 950),
    (BaselineProgress(), pc.NumericMeasure(unit="EUR k", baseline=800, target=1000), 900),
    (OkrGrade(), None, 0.5),
    (MilestoneCompletion(), STEPS, 2),
    (YesNo(), YES_NO, 1),
    (ScaleRating(), ON_FIVE, 3),
]
SAMPLE_IDS = [type(scorer).__name__ for scorer, _, _ in SAMPLES]


# --- ThresholdTargetStretch: worked examples -------------------------------------------


@pytest.mark.parametrize(
    ("actual", "payout"),
    [
        (0, 0.0),
        (850, 0.0),
        (899.99, 0.0),  # just short of the threshold: nothing
        (900, 0.5),  # at the threshold: the threshold payout
        (920, 0.6),  # 0.5 + 20/100 × 0.5
        (950, 0.75),  # 0.5 + 50/100 × 0.5
        (1000, 1.0),
        (1100, 1.25),  # 1.0 + 100/200 × 0.5
        (1200, 1.5),
        (1300, 1.5),  # capped at the stretch payout
        (1e9, 1.5),
    ],
)
def test_payout_curve_for_sales(actual: float, payout: float) -> None:
    assert score(ThresholdTargetStretch(), SALES, actual) == pytest.approx(payout, abs=1e-12)


@pytest.mark.parametrize(
    ("actual", "payout"),
    [
        (100, 0.0),
        (35, 0.0),
        (30.01, 0.0),
        (30, 0.5),
        (25, 0.75),
        (20, 1.0),
        (15, 1.25),
        (12, 1.4),  # 1 + (12 − 20)/(10 − 20) × 0.5
        (10, 1.5),
        (5, 1.5),
        (-3, 1.5),
    ],
)
def test_payout_curve_mirrors_the_axis_when_lower_is_better(actual: float, payout: float) -> None:
    assert score(ThresholdTargetStretch(), DEFECTS, actual) == pytest.approx(payout, abs=1e-12)


def test_payout_explanations_show_the_numbers() -> None:
    curve = ThresholdTargetStretch()
    assert explain(curve, SALES, 920) == (
        "920 lies between threshold 900 (payout 0.5) and target 1000 (payout 1): "
        "0.5 + (920 − 900)/(1000 − 900) × (1 − 0.5) = 0.6"
    )
    assert explain(curve, SALES, 850) == "850 falls short of threshold 900: payout 0"
    assert explain(curve, SALES, 900) == "900 is at threshold 900: payout 0.5"
    assert explain(curve, SALES, 1300) == (
        "1300 is beyond stretch 1200: payout capped at the stretch payout 1.5"
    )
    assert (
        explain(curve, DEFECTS, 35) == "35 falls short of threshold 30 (lower is better): payout 0"
    )
    assert explain(curve, DEFECTS, 12) == (
        "12 lies between target 20 (payout 1) and stretch 10 (payout 1.5): "
        "1 + (12 − 20)/(10 − 20) × (1.5 − 1) = 1.4"
    )
    assert explain(curve, DEFECTS, 5) == (
        "5 is beyond stretch 10 (lower is better): payout capped at the stretch payout 1.5"
    )


def test_negative_numbers_are_bracketed_in_formulas() -> None:
    measure = pc.NumericMeasure(unit="pp", threshold=-4, target=0, stretch=4)
    assert explain(ThresholdTargetStretch(), measure, -2) == (
        "-2 lies between threshold -4 (payout 0.5) and target 0 (payout 1): "
        "0.5 + ((-2) − (-4))/(0 − (-4)) × (1 − 0.5) = 0.75"
    )


def test_payouts_are_configurable() -> None:
    curve = ThresholdTargetStretch(threshold_payout=0, target_payout=1, stretch_payout=2)
    assert [score(curve, SALES, x) for x in (850, 900, 950, 1000, 1100, 1500)] == [
        0,
        0,
        0.5,
        1,
        1.5,
        2,
    ]
    assert curve.bounds == Bounds(low=0, high=2)


def test_without_threshold_the_curve_starts_at_the_baseline_with_payout_zero() -> None:
    measure = pc.NumericMeasure(unit="EUR k", baseline=800, target=1000, stretch=1200)
    curve = ThresholdTargetStretch()
    assert [score(curve, measure, x) for x in (700, 800, 900, 950, 1000, 1100)] == [
        0,
        0,
        0.5,
        0.75,
        1,
        1.25,
    ]
    assert explain(curve, measure, 900) == (
        "900 lies between baseline 800 (payout 0) and target 1000 (payout 1): "
        "0 + (900 − 800)/(1000 − 800) × (1 − 0) = 0.5"
    )
    assert curve.points(measure) == (
        ("baseline", 800, 0.0),
        ("target", 1000, 1.0),
        ("stretch", 1200, 1.5),
    )


def test_without_threshold_lower_is_better_starts_at_the_baseline() -> None:
    days = pc.NumericMeasure(unit="days", baseline=10, target=4, direction=LOWER)
    assert [score(ThresholdTargetStretch(), days, x) for x in (12, 10, 7, 4, 1)] == [
        0,
        0,
        0.5,
        1,
        1,
    ]


def test_without_threshold_or_baseline_nothing_is_paid_short_of_the_target() -> None:
    measure = pc.NumericMeasure(unit="EUR k", target=1000, stretch=1200)
    curve = ThresholdTargetStretch()
    assert [score(curve, measure, x) for x in (0, 999.999, 1000, 1100, 1200, 2000)] == [
        0,
        0,
        1,
        1.25,
        1.5,
        1.5,
    ]
    assert explain(curve, measure, 999) == (
        "999 falls short of target 1000 (no threshold or baseline is set): payout 0"
    )


def test_without_stretch_the_payout_stops_at_the_target_payout() -> None:
    measure = pc.NumericMeasure(unit="EUR k", threshold=900, target=1000)
    curve = ThresholdTargetStretch()
    assert [score(curve, measure, x) for x in (900, 950, 1000, 1001, 5000)] == [
        0.5,
        0.75,
        1,
        1,
        1,
    ]
    assert explain(curve, measure, 1001) == (
        "1001 is beyond target 1000 and no stretch is set: payout capped at the target payout 1"
    )
    only_target = pc.NumericMeasure(unit="EUR k", target=1000)
    assert [score(curve, only_target, x) for x in (999, 1000, 1001)] == [0, 1, 1]
    assert explain(curve, only_target, 1000) == "1000 is at target 1000: payout 1"


def test_a_threshold_takes_precedence_over_the_baseline() -> None:
    measure = pc.NumericMeasure(unit="EUR k", baseline=800, threshold=900, target=1000)
    assert score(ThresholdTargetStretch(), measure, 850) == 0
    assert ThresholdTargetStretch().points(measure)[0] == ("threshold", 900, 0.5)


def test_payout_handles_numbers_near_the_float_limit() -> None:
    huge = sys.float_info.max
    measure = pc.NumericMeasure(unit="x", threshold=-huge, target=0, stretch=huge)
    curve = ThresholdTargetStretch()
    assert score(curve, measure, -huge) == 0.5
    assert score(curve, measure, -huge / 2) == pytest.approx(0.75)
    assert score(curve, measure, huge / 2) == pytest.approx(1.25)
    assert score(curve, measure, huge) == 1.5


def test_threshold_target_stretch_basics() -> None:
    curve = ThresholdTargetStretch()
    assert (curve.name, curve.bounds) == ("threshold_target_stretch", Bounds(low=0, high=1.5))
    assert curve.params() == {"threshold_payout": 0.5, "target_payout": 1.0, "stretch_payout": 1.5}
    result = curve.score(goal(SALES, "sales"), 950)
    assert result == GoalScore(
        goal_id="sales",
        strategy="threshold_target_stretch",
        actual=950,
        attainment=0.75,
        explanation=result.explanation,
    )


# --- ThresholdTargetStretch: properties ------------------------------------------------


@st.composite
def curves(draw: st.DrawFn) -> ThresholdTargetStretch:
    payouts = st.floats(0, 10, allow_nan=False) | st.integers(0, 10)
    low, middle, high = sorted(draw(st.lists(payouts, min_size=3, max_size=3, unique=True)))
    assume(low < middle < high)
    return ThresholdTargetStretch(threshold_payout=low, target_payout=middle, stretch_payout=high)


@st.composite
def wide_numeric_measures(draw: st.DrawFn) -> pc.NumericMeasure:
    """Numeric measures whose points may lie anywhere in the float range."""
    wide = st.floats(allow_nan=False, allow_infinity=False)
    values = sorted(draw(st.lists(wide, min_size=4, max_size=4, unique_by=lambda x: x + 0.0)))
    direction = draw(st.sampled_from(list(pc.Direction)))
    if direction is LOWER:
        values.reverse()
    baseline, threshold, target, stretch = values
    return pc.NumericMeasure(
        unit="x",
        target=target,
        baseline=draw(st.none() | st.just(baseline)),
        threshold=draw(st.none() | st.just(threshold)),
        stretch=draw(st.none() | st.just(stretch)),
        direction=direction,
    )


def any_numeric_measures() -> st.SearchStrategy[pc.NumericMeasure]:
    return numeric_measures() | wide_numeric_measures()


@st.composite
def results_for(draw: st.DrawFn, measure: pc.NumericMeasure) -> float:
    """A result: anywhere, or at or next to one of the measure's points."""
    points = [
        p for p in (measure.baseline, measure.threshold, measure.target, measure.stretch) if p
    ]
    near = st.sampled_from(points or [0.0]).flatmap(
        lambda p: st.sampled_from([p, math.nextafter(p, math.inf), math.nextafter(p, -math.inf)])
    )
    return draw(
        finite | st.floats(allow_nan=False, allow_infinity=False) | near.filter(math.isfinite)
    )


def worse_first(measure: pc.NumericMeasure, a: float, b: float) -> tuple[float, float]:
    low, high = sorted((a, b))
    return (low, high) if measure.direction is HIGHER else (high, low)


@given(curves(), any_numeric_measures(), st.data())
def test_payout_never_falls_as_the_result_improves(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure, data: st.DataObject
) -> None:
    worse, better = worse_first(
        measure, data.draw(results_for(measure)), data.draw(results_for(measure))
    )
    assert score(curve, measure, worse) <= score(curve, measure, better)


@given(curves(), any_numeric_measures(), st.data())
def test_payout_stays_within_bounds_and_is_deterministic(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure, data: st.DataObject
) -> None:
    actual = data.draw(results_for(measure))
    first = curve.score(goal(measure), actual)
    assert curve.bounds.contains(first.attainment)
    assert first == curve.score(goal(measure), actual)
    assert first == ThresholdTargetStretch.from_params(curve.params()).score(goal(measure), actual)


@given(curves(), any_numeric_measures())
def test_every_corner_pays_its_payout(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure
) -> None:
    for name, value, payout in curve.points(measure):
        result = curve.score(goal(measure), value)
        assert result.attainment == payout
        assert f" is at {name} " in result.explanation


@given(curves(), numeric_measures())
def test_payout_is_continuous_at_every_corner_but_the_first(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure
) -> None:
    corners = curve.points(measure)
    sign = 1 if measure.direction is HIGHER else -1
    slope = max(
        (abs((p1 - p0) / (v1 - v0)) for (_, v0, p0), (_, v1, p1) in itertools.pairwise(corners)),
        default=0.0,
    )
    first = corners[0][1]
    for _, value, _ in corners[1:]:
        step = 1e-6 * max(1.0, abs(value))
        worse, better = value - sign * step, value + sign * step
        assume(sign * (worse - first) > 0)  # the jump at the first corner is not in between
        gap = score(curve, measure, better) - score(curve, measure, worse)
        assert 0 <= gap <= slope * abs(better - worse) * (1 + 1e-9) + 1e-9


@given(curves(), numeric_measures())
def test_payout_jumps_by_the_first_corners_payout_at_the_first_corner(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure
) -> None:
    _, value, payout = curve.points(measure)[0]
    worse = math.nextafter(value, -math.inf if measure.direction is HIGHER else math.inf)
    assert score(curve, measure, worse) == 0
    assert score(curve, measure, value) == payout


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(curves(), numeric_measures(), st.data())
def test_without_threshold_the_payout_below_target_is_scaled_baseline_progress(
    curve: ThresholdTargetStretch, measure: pc.NumericMeasure, data: st.DataObject
) -> None:
    assume(measure.threshold is None and measure.baseline is not None)
    actual = data.draw(results_for(measure))
    progress = score(BaselineProgress(), measure, actual)
    assert score(curve, measure, actual) == pytest.approx(
        curve.target_payout * progress, rel=1e-9, abs=1e-12
    ) or (progress == 1 and measure.stretch is not None)


# --- BaselineProgress -----------------------------------------------------------------

FROM_800 = pc.NumericMeasure(unit="EUR k", baseline=800, target=1000)
DAYS = pc.NumericMeasure(unit="days", baseline=10, target=4, direction=LOWER)


@pytest.mark.parametrize(
    ("actual", "capped", "uncapped"),
    [
        (0, 0, 0),
        (799, 0, 0),  # wrong side of the baseline
        (800, 0, 0),
        (850, 0.25, 0.25),
        (950, 0.75, 0.75),
        (1000, 1, 1),
        (1100, 1, 1.5),  # over-achievement shows only without a cap
        (1800, 1, 5),
    ],
)
def test_baseline_progress_worked_examples(actual: float, capped: float, uncapped: float) -> None:
    assert score(BaselineProgress(), FROM_800, actual) == capped
    assert score(BaselineProgress(cap=None), FROM_800, actual) == uncapped


@pytest.mark.parametrize(
    ("actual", "progress"), [(12, 0), (10, 0), (8.5, 0.25), (7, 0.5), (4, 1), (1, 1)]
)
def test_baseline_progress_works_for_lower_is_better_by_the_formula(
    actual: float, progress: float
) -> None:
    assert score(BaselineProgress(), DAYS, actual) == progress


def test_baseline_progress_with_a_larger_cap() -> None:
    scorer = BaselineProgress(cap=1.2)
    assert [score(scorer, FROM_800, x) for x in (900, 1000, 1020, 1040, 1500)] == [
        0.5,
        1,
        1.1,
        1.2,
        1.2,
    ]
    assert scorer.bounds == Bounds(low=0, high=1.2)
    assert BaselineProgress(cap=None).bounds == Bounds(low=0, high=None)
    assert BaselineProgress().bounds == Bounds(low=0, high=1)


def test_baseline_progress_explanations() -> None:
    assert explain(BaselineProgress(), FROM_800, 950) == (
        "progress from baseline 800 to target 1000: (950 − 800)/(1000 − 800) = 0.75"
    )
    assert explain(BaselineProgress(), FROM_800, 1100) == (
        "progress from baseline 800 to target 1000: (1100 − 800)/(1000 − 800) = 1.5, capped at 1"
    )
    assert explain(BaselineProgress(), FROM_800, 700) == (
        "700 is on the wrong side of baseline 800 (target 1000): progress 0"
    )
    assert explain(BaselineProgress(), DAYS, 7) == (
        "progress from baseline 10 to target 4: (7 − 10)/(4 − 10) = 0.5"
    )


def test_baseline_progress_needs_a_baseline() -> None:
    rejects(
        lambda: BaselineProgress().score(goal(SALES, "sales"), 950),
        "goal.measure.baseline",
        "^goal 'sales' has no baseline; baseline_progress measures progress from one$",
    )


def test_baseline_progress_without_cap_stays_finite_for_tiny_spans() -> None:
    measure = pc.NumericMeasure(unit="x", baseline=0, target=5e-324)
    assert score(BaselineProgress(cap=None), measure, 1e300) == sys.float_info.max
    huge = sys.float_info.max
    wide = pc.NumericMeasure(unit="x", baseline=-huge, target=huge / 2)
    assert score(BaselineProgress(cap=None), wide, huge) == pytest.approx(4 / 3)


@given(st.none() | st.floats(0.01, 100), any_numeric_measures(), st.data())
def test_baseline_progress_properties(
    cap: float | None, measure: pc.NumericMeasure, data: st.DataObject
) -> None:
    base = measure.baseline
    assume(base is not None)
    assert base is not None
    scorer = BaselineProgress(cap=cap)
    a, b = data.draw(results_for(measure)), data.draw(results_for(measure))
    worse, better = worse_first(measure, a, b)
    assert score(scorer, measure, worse) <= score(scorer, measure, better)
    result = scorer.score(goal(measure), a)
    assert scorer.bounds.contains(result.attainment)
    assert result == scorer.score(goal(measure), a)
    assert score(scorer, measure, base) == 0
    assert score(scorer, measure, measure.target) == min(1, cap or 1)


@given(numeric_measures(), finite)
def test_baseline_progress_is_the_clipped_formula(
    measure: pc.NumericMeasure, actual: float
) -> None:
    base, target = measure.baseline, measure.target
    assume(base is not None)
    assert base is not None
    assume(abs(target - base) > 1e-6)
    expected = min(max((actual - base) / (target - base), 0), 1)
    assert score(BaselineProgress(), measure, actual) == pytest.approx(expected, abs=1e-12)


# --- OkrGrade ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (0, "red"),
        (0.3, "red"),
        (0.39, "red"),
        (0.4, "yellow"),
        (0.6, "yellow"),
        (0.69, "yellow"),
        (0.7, "green"),
        (0.85, "green"),
        (1, "green"),
    ],
)
def test_okr_grade_is_the_grade_with_its_colour(grade: float, band: str) -> None:
    result = OkrGrade().score(goal(None), grade)
    assert (result.attainment, result.band, result.actual) == (grade, band, grade)
    assert OkrGrade().band_for(grade) == band


def test_okr_grade_explanation_names_the_band_edges() -> None:
    assert explain(OkrGrade(), None, 0.65) == "key result graded 0.65: yellow (0.4 ≤ 0.65 < 0.7)"
    assert explain(OkrGrade(), None, 0.9) == "key result graded 0.9: green (0.7 ≤ 0.9)"
    assert explain(OkrGrade(), None, 0) == "key result graded 0: red (0 ≤ 0 < 0.4)"


def test_okr_grade_accepts_a_goal_with_any_measure() -> None:
    for measure in (None, SALES, STEPS, YES_NO, ON_FIVE):
        assert score(OkrGrade(), measure, 0.7) == 0.7


def test_okr_bands_are_configurable() -> None:
    scorer = OkrGrade(bands=((0, "off track"), (0.3, "at risk"), (0.6, "on track"), (1, "done")))
    assert [scorer.band_for(g) for g in (0.1, 0.3, 0.59, 0.6, 0.99, 1)] == [
        "off track",
        "at risk",
        "at risk",
        "on track",
        "on track",
        "done",
    ]
    assert OkrGrade(bands=((0, "all"),)).band_for(1) == "all"
    assert OkrGrade().bands == DEFAULT_OKR_BANDS
    assert OkrGrade().params() == {"bands": [[0.0, "red"], [0.4, "yellow"], [0.7, "green"]]}


@pytest.mark.parametrize(
    ("actual", "phrase"),
    [
        (1.01, "^must be a grade from 0.0 to 1.0, got 1.01$"),
        (-0.1, "^must be a grade from 0.0 to 1.0, got -0.1$"),
        (70, "^must be a grade from 0.0 to 1.0, got 70$"),
    ],
)
def test_okr_grade_must_lie_between_zero_and_one(actual: float, phrase: str) -> None:
    rejects(lambda: OkrGrade().score(goal(None), actual), "actual", phrase)


@pytest.mark.parametrize(
    ("bands", "path", "phrase"),
    [
        ([(0, "red")], "OkrGrade.bands", r"^must be a tuple of \(lower bound, label\) pairs"),
        ((), "OkrGrade.bands", "^must not be empty$"),
        ((0, "red"), "OkrGrade.bands[0]", r"^must be a \(lower bound, label\) pair, got int 0$"),
        (((0, "red", "x"),), "OkrGrade.bands[0]", r"^must be a \(lower bound, label\) pair"),
        (((0.1, "red"),), "OkrGrade.bands[0]", "^the first band must start at 0, got 0.1$"),
        (((0, "red"), (1.5, "x")), "OkrGrade.bands[1]", "^lower bound must be a number from 0"),
        (((0, "red"), (math.nan, "x")), "OkrGrade.bands[1]", "^lower bound must be a number"),
        (((0, "red"), (True, "x")), "OkrGrade.bands[1]", "^lower bound must be a number"),
        (((0, "red"), ("0.5", "x")), "OkrGrade.bands[1]", "^lower bound must be a number"),
        (
            ((0, "red"), (0.7, "green"), (0.4, "yellow")),
            "OkrGrade.bands[2]",
            "^lower bound 0.4 must be above the previous band's 0.7$",
        ),
        (
            ((0, "red"), (0, "yellow")),
            "OkrGrade.bands[1]",
            "^lower bound 0 must be above the previous band's 0$",
        ),
        (((0, " "),), "OkrGrade.bands[0]", "^label must be a non-empty string"),
        (((0, 7),), "OkrGrade.bands[0]", "^label must be a non-empty string.*got int 7$"),
        (((0, "x" * 201),), "OkrGrade.bands[0]", "^label must be a non-empty string"),
        (
            ((0, "red"), (0.4, "amber"), (0.7, "red")),
            "OkrGrade.bands",
            "^must not repeat labels, repeated: 'red'$",
        ),
    ],
)
def test_okr_bands_are_checked(bands: Any, path: str, phrase: str) -> None:
    rejects(lambda: OkrGrade(bands=bands), path, phrase)


def test_okr_objective_is_the_weighted_mean_of_its_key_results() -> None:
    result = OkrGrade().objective([(0.9, 2), (0.6, 1), (0.3, 1)], objective_id="o1")
    assert result.goal_id == "o1"
    assert result.strategy == "okr_grade"
    assert result.attainment == pytest.approx(0.675)
    assert result.actual == result.attainment
    assert result.band == "yellow"
    assert result.explanation == (
        "weighted mean of 3 key results: (0.9 × 2 + 0.6 × 1 + 0.3 × 1)/(2 + 1 + 1) = 0.675: "
        "yellow (0.4 ≤ 0.675 < 0.7)"
    )


def test_okr_objective_of_plain_grades_weighs_them_equally() -> None:
    result = OkrGrade().objective([0.5, 0.7, 0.8, 1.0])
    assert (result.goal_id, result.attainment, result.band) == ("objective", 0.75, "green")
    assert result.explanation == (
        "mean of 4 key results: (0.5 + 0.7 + 0.8 + 1)/4 = 0.75: green (0.7 ≤ 0.75)"
    )
    one = OkrGrade().objective([0.3])
    assert (one.attainment, one.band) == (0.3, "red")
    assert one.explanation == "mean of 1 key result: (0.3)/1 = 0.3: red (0 ≤ 0.3 < 0.4)"


def test_okr_objective_mixes_plain_grades_and_pairs_and_skips_zero_weights() -> None:
    result = OkrGrade().objective([0.2, (1.0, 3), (0.0, 0)])
    assert result.attainment == 0.8
    assert result.explanation.startswith("weighted mean of 3 key results: ")


def test_okr_objective_with_many_key_results_gives_only_the_sums() -> None:
    result = OkrGrade().objective([0.5] * 30)
    assert result.attainment == 0.5
    assert result.explanation == (
        "mean of 30 key results: Σ grade × weight / Σ weight = 0.5: yellow (0.4 ≤ 0.5 < 0.7)"
    )


@pytest.mark.parametrize(
    ("key_results", "paths", "phrase"),
    [
        ([], ("key_results",), "^must not be empty$"),
        ("0.5", ("key_results",), "^must be a list of grades or"),
        (None, ("key_results",), "^must be a list of grades or"),
        ([(0.5, 0), (0.7, 0)], ("key_results",), "^weights must not all be 0$"),
        ([0.5, 1.5], ("key_results[1]",), "^grade must be a number from 0.0 to 1.0, got float"),
        ([math.nan], ("key_results[0]",), "^grade must be a number"),
        ([True], ("key_results[0]",), "^grade must be a number"),
        ([(0.5, -1)], ("key_results[0]",), "^weight must be a number from 0 to 1000000"),
        ([(0.5, 2e6)], ("key_results[0]",), "^weight must be a number"),
        ([(0.5, "1")], ("key_results[0]",), "^weight must be a number"),
        ([(0.5, 1, 2)], ("key_results[0]",), "^grade must be a number.*got tuple"),
        (["x", 0.5, (0.1, math.inf)], ("key_results[0]", "key_results[2]"), "^grade must be"),
    ],
)
def test_okr_objective_rejects_bad_key_results(
    key_results: Any, paths: tuple[str, ...], phrase: str
) -> None:
    error = rejects_all(lambda: OkrGrade().objective(key_results), *paths)
    assert re.search(phrase, error.problems[0].message), error.problems


grades = st.floats(0, 1)


@given(st.lists(st.tuples(grades, st.floats(0, 1000)), min_size=1, max_size=30))
def test_okr_objective_properties(key_results: list[tuple[float, float]]) -> None:
    assume(any(weight > 0 for _, weight in key_results))
    result = OkrGrade().objective(key_results)
    counted = [g for g, w in key_results if w > 0]
    assert min(counted) - 1e-12 <= result.attainment <= max(counted) + 1e-12
    assert result.band == OkrGrade().band_for(result.attainment)
    scaled = OkrGrade().objective([(g, w * 3) for g, w in key_results])
    assert scaled.attainment == pytest.approx(result.attainment, abs=1e-12)


@given(grades, grades)
def test_okr_grade_properties(a: float, b: float) -> None:
    low, high = sorted((a, b))
    scorer = OkrGrade()
    assert score(scorer, None, low) <= score(scorer, None, high)
    assert scorer.bounds.contains(score(scorer, None, a))
    bands = [label for _, label in scorer.bands]
    assert bands.index(scorer.band_for(low)) <= bands.index(scorer.band_for(high))


# --- MilestoneCompletion -------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "share", "weighted"),
    [(0, 0, 0), (1, 0.25, 0.1), (2, 0.5, 0.4), (3, 0.75, 0.6), (4, 1, 1), (2.0, 0.5, 0.4)],
)
def test_milestone_completion_worked_examples(done: float, share: float, weighted: float) -> None:
    assert score(MilestoneCompletion(), STEPS, done) == share
    assert score(MilestoneCompletion(step_weights=(1, 3, 2, 4)), STEPS, done) == weighted


def test_milestone_completion_explanations() -> None:
    assert explain(MilestoneCompletion(), STEPS, 3) == (
        "3 of 4 steps done, up to 'test': 3/4 = 0.75"
    )
    assert explain(MilestoneCompletion(), STEPS, 0) == "0 of 4 steps done: 0/4 = 0"
    weighted = MilestoneCompletion(step_weights=(1, 3, 2, 4))
    assert explain(weighted, STEPS, 2) == (
        "2 of 4 steps done, up to 'build'; they weigh 1 + 3 = 4 of the total "
        "1 + 3 + 2 + 4 = 10: 4/10 = 0.4"
    )
    assert explain(weighted, STEPS, 1) == (
        "1 of 4 steps done, up to 'design'; they weigh 1 of the total 1 + 3 + 2 + 4 = 10: "
        "1/10 = 0.1"
    )
    assert explain(weighted, STEPS, 0) == (
        "0 of 4 steps done; they weigh 0 of the total 1 + 3 + 2 + 4 = 10: 0/10 = 0"
    )


def test_milestone_completion_with_many_steps_gives_only_the_sums() -> None:
    many = pc.MilestoneMeasure(steps=tuple(f"step {i}" for i in range(25)))
    result = MilestoneCompletion(step_weights=(2,) * 25).score(goal(many), 5)
    assert result.attainment == 0.2
    assert result.explanation == (
        "5 of 25 steps done, up to 'step 4'; they weigh 10 of the total 50: 10/50 = 0.2"
    )


@pytest.mark.parametrize(
    ("actual", "phrase"),
    [
        (2.5, "^must be a whole number of steps from 0 to 4, got 2.5$"),
        (-1, "^must be a whole number of steps from 0 to 4, got -1$"),
        (5, "^must be a whole number of steps from 0 to 4, got 5$"),
    ],
)
def test_milestone_count_must_be_a_whole_number_of_steps(actual: float, phrase: str) -> None:
    rejects(lambda: MilestoneCompletion().score(goal(STEPS), actual), "actual", phrase)


def test_step_weights_must_match_the_steps_at_score_time() -> None:
    rejects(
        lambda: MilestoneCompletion(step_weights=(1, 2, 3)).score(goal(STEPS, "launch"), 1),
        "params.step_weights",
        "^has 3 weights but goal 'launch' has 4 steps$",
    )


@pytest.mark.parametrize(
    ("weights", "path", "phrase"),
    [
        ((), "MilestoneCompletion.step_weights", "^must not be empty$"),
        ([1, 2], "MilestoneCompletion.step_weights", "^must be a tuple, got list"),
        ((1, 0), "MilestoneCompletion.step_weights[1]", "^must be above 0, got 0$"),
        ((1, -2), "MilestoneCompletion.step_weights[1]", "^must be above 0, got -2$"),
        (("1",), "MilestoneCompletion.step_weights[0]", "^must be a number, got str '1'$"),
        ((math.nan,), "MilestoneCompletion.step_weights[0]", "^must be a finite number"),
        ((2e6,), "MilestoneCompletion.step_weights[0]", "^must be at most 1e\\+06"),
    ],
)
def test_step_weights_are_checked(weights: Any, path: str, phrase: str) -> None:
    rejects(lambda: MilestoneCompletion(step_weights=weights), path, phrase)


@st.composite
def weighted_milestones(draw: st.DrawFn) -> tuple[MilestoneCompletion, pc.MilestoneMeasure]:
    measure = draw(milestone_measures())
    weights = st.floats(1e-6, 1e6) | st.integers(1, 1_000_000)
    step_weights = draw(
        st.none() | st.lists(weights, min_size=len(measure.steps), max_size=len(measure.steps))
    )
    scorer = MilestoneCompletion(step_weights=None if step_weights is None else tuple(step_weights))
    return scorer, measure


@given(weighted_milestones())
def test_milestone_completion_properties(
    pair: tuple[MilestoneCompletion, pc.MilestoneMeasure],
) -> None:
    scorer, measure = pair
    shares = [score(scorer, measure, done) for done in range(len(measure.steps) + 1)]
    assert shares == sorted(shares)
    assert shares[0] == 0
    assert shares[-1] == 1
    assert all(scorer.bounds.contains(share) for share in shares)
    assert shares == [score(scorer, measure, done) for done in range(len(measure.steps) + 1)]


@given(milestone_measures(), st.floats(0.5, 100))
def test_equal_step_weights_are_no_weights(measure: pc.MilestoneMeasure, weight: float) -> None:
    equal = MilestoneCompletion(step_weights=(weight,) * len(measure.steps))
    for done in range(len(measure.steps) + 1):
        assert score(equal, measure, done) == pytest.approx(
            score(MilestoneCompletion(), measure, done), abs=1e-12
        )


# --- YesNo ---------------------------------------------------------------------------


def test_yes_no_scores_one_or_zero() -> None:
    assert [score(YesNo(), YES_NO, x) for x in (0, 1, 0.0, 1.0)] == [0, 1, 0, 1]
    assert explain(YesNo(), YES_NO, 1) == "'Certification obtained?' answered yes (1): score 1"
    assert explain(YesNo(), YES_NO, 0) == "'Certification obtained?' answered no (0): score 0"
    assert (YesNo().name, YesNo().bounds, YesNo().params()) == ("yes_no", Bounds(low=0, high=1), {})


@pytest.mark.parametrize("actual", [0.5, 2, -1, 0.999])
def test_yes_no_takes_only_zero_or_one(actual: float) -> None:
    rejects(
        lambda: YesNo().score(goal(YES_NO), actual), "actual", r"^must be 1 \(yes\) or 0 \(no\)"
    )


@given(yes_no_measures(), st.sampled_from([0, 1]))
def test_yes_no_properties(measure: pc.YesNoMeasure, actual: int) -> None:
    assert score(YesNo(), measure, 0) <= score(YesNo(), measure, 1)
    assert score(YesNo(), measure, actual) == actual


# --- ScaleRating ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "position", "percent", "band"),
    [
        (1, 0, 0, "Poor"),
        (2, 0.25, 25, "Fair"),
        (3, 0.5, 50, "Good"),
        (4, 0.75, 75, "Strong"),
        (4.5, 0.875, 87.5, "Strong"),
        (5, 1, 100, "Top"),
    ],
)
def test_scale_rating_worked_examples(
    level: float, position: float, percent: float, band: str
) -> None:
    on_unit = ScaleRating().score(goal(ON_FIVE), level)
    assert (on_unit.attainment, on_unit.band) == (position, band)
    on_percent = ScaleRating(to_scale=PERCENT).score(goal(ON_FIVE), level)
    assert (on_percent.attainment, on_percent.band) == (percent, band)


def test_scale_rating_explanations() -> None:
    assert explain(ScaleRating(), ON_FIVE, 4) == (
        "level 4 ('Strong') on the scale 1-5 (target 4): (4 − 1)/(5 − 1) = 0.75"
    )
    assert explain(ScaleRating(to_scale=PERCENT), ON_FIVE, 4) == (
        "level 4 ('Strong') on the scale 1-5 (target 4): (4 − 1)/(5 − 1) = 0.75; "
        "on the scale 0-100: 0 + 0.75 × (100 − 0) = 75"
    )
    around_zero = pc.ScaleMeasure(scale=pc.RatingScale(minimum=-2, maximum=2), target=1)
    result = ScaleRating(to_scale=pc.RatingScale(minimum=1, maximum=5)).score(goal(around_zero), 0)
    assert result.band is None
    assert result.attainment == 3
    assert result.explanation == (
        "level 0 on the scale -2-2 (target 1): (0 − (-2))/(2 − (-2)) = 0.5; "
        "on the scale 1-5: 1 + 0.5 × (5 − 1) = 3"
    )


def test_scale_rating_bounds() -> None:
    assert ScaleRating().bounds == Bounds(low=0, high=1)
    assert ScaleRating(to_scale=PERCENT).bounds == Bounds(low=0, high=100)


@pytest.mark.parametrize("level", [0, 0.99, 5.01, 6, -1])
def test_scale_rating_level_must_lie_on_the_scale(level: float) -> None:
    rejects(
        lambda: ScaleRating().score(goal(ON_FIVE), level),
        "actual",
        f"^{level:g} is not on the goal's scale 1-5$",
    )


def test_scale_rating_to_scale_must_be_a_rating_scale() -> None:
    rejects(
        lambda: ScaleRating(to_scale={"minimum": 0, "maximum": 4}),  # type: ignore[arg-type]
        "ScaleRating.to_scale",
        "^must be a RatingScale, got dict",
    )


def test_scale_rating_params_store_the_scale_as_data() -> None:
    scorer = ScaleRating(to_scale=pc.RatingScale(minimum=1, maximum=3, labels=("a", "b", "c")))
    assert scorer.params() == {"to_scale": {"minimum": 1, "maximum": 3, "labels": ["a", "b", "c"]}}
    assert ScaleRating().params() == {"to_scale": None}
    assert ScaleRating.from_params(scorer.params()) == scorer
    assert ScaleRating.from_params({"to_scale": {"maximum": 7}}) == ScaleRating(
        to_scale=pc.RatingScale(minimum=1, maximum=7)
    )
    assert ScaleRating.from_params({"to_scale": scorer.to_scale}) == scorer
    assert ScaleRating.from_params({}) == ScaleRating()


@given(scale_measures(), st.none() | rating_scales(), st.data())
def test_scale_rating_properties(
    measure: pc.ScaleMeasure, to_scale: pc.RatingScale | None, data: st.DataObject
) -> None:
    scale = measure.scale
    levels = st.floats(scale.minimum, scale.maximum) | st.integers(scale.minimum, scale.maximum)
    low, high = sorted((data.draw(levels), data.draw(levels)))
    scorer = ScaleRating(to_scale=to_scale)
    assert score(scorer, measure, low) <= score(scorer, measure, high)
    result = scorer.score(goal(measure), high)
    assert scorer.bounds.contains(result.attainment)
    assert result == scorer.score(goal(measure), high)
    assert result.band == scale.label_for(high)
    assert score(scorer, measure, scale.minimum) == scorer.bounds.low
    assert score(scorer, measure, scale.maximum) == scorer.bounds.high


# --- every scorer: goals, results, params and the registry ------------------------------


def test_every_built_in_scorer_is_listed_once_under_its_name() -> None:
    assert [cls.NAME for cls in GOAL_SCORERS] == [
        "threshold_target_stretch",
        "baseline_progress",
        "okr_grade",
        "milestone_completion",
        "yes_no",
        "scale_rating",
    ]
    assert REGISTRY.names() == tuple(sorted(cls.NAME for cls in GOAL_SCORERS))
    assert {type(scorer) for scorer, _, _ in SAMPLES} == set(GOAL_SCORERS)


@pytest.mark.parametrize(("scorer", "measure", "actual"), SAMPLES, ids=SAMPLE_IDS)
def test_scorers_keep_the_goal_scorer_contract(
    scorer: Scorer, measure: pc.Measure | None, actual: float
) -> None:
    assert isinstance(scorer, GoalScorer)
    assert scorer.name == type(scorer).NAME
    check_value_object(scorer)
    assert type(scorer).__doc__
    result = scorer.score(goal(measure, "the-goal"), actual)
    assert (result.goal_id, result.strategy, result.actual) == ("the-goal", scorer.name, actual)
    assert scorer.bounds.contains(result.attainment)
    assert result.explanation


WRONG_MEASURES: dict[type, pc.Measure] = {
    ThresholdTargetStretch: STEPS,
    BaselineProgress: YES_NO,
    MilestoneCompletion: SALES,
    YesNo: ON_FIVE,
    ScaleRating: SALES,
}


@pytest.mark.parametrize(
    ("scorer", "measure", "actual"),
    [s for s in SAMPLES if not isinstance(s[0], OkrGrade)],
    ids=[i for i in SAMPLE_IDS if i != "OkrGrade"],
)
def test_scorers_name_the_goal_measure_when_it_does_not_fit(
    scorer: Scorer, measure: pc.Measure, actual: float
) -> None:
    wanted = type(measure).__name__
    rejects(
        lambda: scorer.score(goal(None, "g7"), actual),
        "goal.measure",
        f"^goal 'g7' has no measure; {scorer.name} needs a {wanted}$",
    )
    wrong = WRONG_MEASURES[type(scorer)]
    rejects(
        lambda: scorer.score(goal(wrong, "g7"), actual),
        "goal.measure",
        f"^goal 'g7' has a {type(wrong).__name__}; {scorer.name} needs a {wanted}$",
    )


@pytest.mark.parametrize(("scorer", "measure", "actual"), SAMPLES, ids=SAMPLE_IDS)
def test_scorers_refuse_something_that_is_not_a_goal(
    scorer: Scorer, measure: pc.Measure | None, actual: float
) -> None:
    del measure
    rejects(
        lambda: scorer.score({"id": "g1"}, actual),  # type: ignore[arg-type]
        "goal",
        "^must be a Goal, got dict",
    )


@pytest.mark.parametrize(
    ("bad", "phrase"),
    [
        (math.nan, "^must be a finite number, got nan$"),
        (math.inf, "^must be a finite number, got inf$"),
        (-math.inf, "^must be a finite number, got -inf$"),
        (10**400, "^must be a finite number, got "),
        (True, "^must be a number, got bool True$"),
        (False, "^must be a number, got bool False$"),
        ("1", "^must be a number, got str '1'$"),
        (None, "^must be a number, got NoneType None$"),
        ([1], r"^must be a number, got list \[1\]$"),
    ],
)
@pytest.mark.parametrize(("scorer", "measure"), [s[:2] for s in SAMPLES], ids=SAMPLE_IDS)
def test_scorers_name_actual_when_it_is_not_a_finite_number(
    scorer: Scorer, measure: pc.Measure | None, bad: Any, phrase: str
) -> None:
    rejects(lambda: scorer.score(goal(measure), bad), "actual", phrase)


def scorers() -> st.SearchStrategy[Scorer]:
    payouts = st.floats(0, 10) | st.integers(0, 10)
    bands = st.lists(
        st.tuples(st.floats(0.001, 1), texts),
        max_size=4,
        unique_by=(lambda b: b[0], lambda b: b[1]),
    ).map(lambda rest: tuple(sorted(rest)))
    return st.one_of(
        curves(),
        st.builds(BaselineProgress, cap=st.none() | st.floats(0.01, 1e6) | st.integers(1, 10)),
        bands.filter(lambda rest: all(label != "base" for _, label in rest)).map(
            lambda rest: OkrGrade(bands=((0, "base"), *rest))
        ),
        st.builds(
            MilestoneCompletion,
            step_weights=st.none()
            | st.lists(st.floats(1e-3, 1e6) | payouts.filter(bool), min_size=1).map(tuple),
        ),
        st.just(YesNo()),
        st.builds(ScaleRating, to_scale=st.none() | rating_scales()),
    )


@given(scorers())
def test_params_round_trip(scorer: Scorer) -> None:
    assert type(scorer).from_params(scorer.params()) == scorer
    config = REGISTRY.config_of(scorer)
    assert config == {"strategy": scorer.name, "params": scorer.params()}
    assert REGISTRY.build(config) == scorer
    assert REGISTRY.build(json.loads(json.dumps(config))) == scorer


@pytest.mark.parametrize("cls", GOAL_SCORERS, ids=lambda cls: cls.__name__)
def test_defaults_build_from_empty_params_and_unknown_params_are_named(cls: type[Scorer]) -> None:
    assert REGISTRY.build({"strategy": cls.NAME}) == cls()
    assert cls.from_params({}) == cls()
    rejects(
        lambda: REGISTRY.build({"strategy": cls.NAME, "params": {"nope": 1}}),
        "$.params.nope",
        "^is not a parameter of this strategy$",
    )
    rejects(lambda: cls.from_params({"nope": 1}), "$.params.nope", "^is not a parameter")


@pytest.mark.parametrize(
    ("kwargs", "path", "phrase"),
    [
        ({"threshold_payout": -0.1}, "threshold_payout", "^must be at least 0, got -0.1$"),
        ({"threshold_payout": "0.5"}, "threshold_payout", "^must be a number, got str"),
        ({"target_payout": 0.5}, "target_payout", "^must be above threshold_payout 0.5, got 0.5$"),
        ({"target_payout": 0.4}, "target_payout", "^must be above threshold_payout 0.5, got 0.4$"),
        ({"stretch_payout": 1.0}, "stretch_payout", "^must be above target_payout 1, got 1$"),
        ({"stretch_payout": math.inf}, "stretch_payout", "^must be a finite number, got inf$"),
        ({"target_payout": None}, "target_payout", "^must be a number, got NoneType None$"),
    ],
)
def test_payouts_must_be_non_negative_and_increasing(
    kwargs: dict[str, Any], path: str, phrase: str
) -> None:
    rejects(lambda: ThresholdTargetStretch(**kwargs), f"ThresholdTargetStretch.{path}", phrase)
    config = {"strategy": "threshold_target_stretch", "params": kwargs}
    rejects(lambda: REGISTRY.build(config), f"$.params.{path}", phrase)


def test_every_bad_payout_is_reported() -> None:
    rejects_all(
        lambda: ThresholdTargetStretch(threshold_payout=-1, target_payout=2, stretch_payout=1),
        "ThresholdTargetStretch.threshold_payout",
        "ThresholdTargetStretch.stretch_payout",
    )


@pytest.mark.parametrize(
    ("cap", "phrase"),
    [
        (0, r"^must be above 0 \(or None for no cap\), got 0$"),
        (-1, r"^must be above 0 \(or None for no cap\), got -1$"),
        ("1", "^must be a number, got str '1'$"),
        (math.nan, "^must be a finite number, got nan$"),
        (True, "^must be a number, got bool True$"),
    ],
)
def test_baseline_progress_cap_is_checked(cap: Any, phrase: str) -> None:
    rejects(lambda: BaselineProgress(cap=cap), "BaselineProgress.cap", phrase)
    config = {"strategy": "baseline_progress", "params": {"cap": cap}}
    rejects(lambda: REGISTRY.build(config), "$.params.cap", phrase)


@pytest.mark.parametrize(
    ("config", "path", "phrase"),
    [
        (
            {"strategy": "okr_grade", "params": {"bands": [[0, "red"], [0.3, "red"]]}},
            "$.params.bands",
            "^must not repeat labels",
        ),
        (
            {"strategy": "okr_grade", "params": {"bands": [[0, "red"], [2, "green"]]}},
            "$.params.bands[1]",
            "^lower bound must be a number from 0 to 1, got int 2$",
        ),
        (
            {"strategy": "milestone_completion", "params": {"step_weights": [1, 0]}},
            "$.params.step_weights[1]",
            "^must be above 0, got 0$",
        ),
        (
            {"strategy": "milestone_completion", "params": {"step_weights": []}},
            "$.params.step_weights",
            "^must not be empty$",
        ),
        (
            {"strategy": "scale_rating", "params": {"to_scale": {"minimum": 5, "maximum": 1}}},
            "$.params.to_scale.maximum",
            "^must be greater than minimum 5, got 1$",
        ),
        (
            {"strategy": "scale_rating", "params": {"to_scale": {"labels": ["a"]}}},
            "$.params.to_scale.labels",
            r"^must have one label per point \(5\), got 1$",
        ),
        (
            {"strategy": "scale_rating", "params": {"to_scale": {"labels": [1, 2, 3, 4, 5]}}},
            "$.params.to_scale.labels[0]",
            "^must be a string, got int 1$",
        ),
        (
            {"strategy": "scale_rating", "params": {"to_scale": {"steps": 5}}},
            "$.params.to_scale.steps",
            "^is not a parameter of this strategy$",
        ),
        (
            {"strategy": "scale_rating", "params": {"to_scale": [1, 5]}},
            "$.params.to_scale",
            "^must be a RatingScale, got tuple",
        ),
    ],
)
def test_bad_params_through_the_registry_name_the_field(
    config: dict[str, Any], path: str, phrase: str
) -> None:
    rejects(lambda: REGISTRY.build(config), path, phrase)


def test_a_bad_to_scale_and_an_unknown_param_are_reported_together() -> None:
    config = {"strategy": "scale_rating", "params": {"to_scale": {"maximum": 0}, "nope": 1}}
    rejects_all(lambda: REGISTRY.build(config), "$.params.to_scale.maximum", "$.params.nope")


@pytest.mark.parametrize("cls", GOAL_SCORERS, ids=lambda cls: cls.__name__)
def test_params_must_be_a_mapping(cls: type[Scorer]) -> None:
    rejects(lambda: cls.from_params([1]), "$.params", "^must be an object, got list$")  # type: ignore[arg-type]


# --- the bulk fast path -------------------------------------------------------------


@given(
    numeric_measures(),
    st.lists(finite, max_size=30),
    st.floats(0, 0.9),
    st.floats(1.0, 1.4),
    st.floats(1.5, 3),
)
def test_bulk_attainments_equal_the_scores_one_by_one(
    measure: pc.NumericMeasure,
    actuals: list[float],
    threshold_payout: float,
    target_payout: float,
    stretch_payout: float,
) -> None:
    scorer = ThresholdTargetStretch(
        threshold_payout=threshold_payout,
        target_payout=target_payout,
        stretch_payout=stretch_payout,
    )
    goal = pc.Goal(id="g1", title="Revenue", measure=measure)
    corners = [point for _, point, _ in scorer.points(measure)]
    probes = [*actuals, *corners]  # exactly on each corner too
    assert scorer.attainments(goal, probes) == [scorer.score(goal, a).attainment for a in probes]


def test_bulk_attainments_name_the_bad_result() -> None:
    goal = pc.Goal(id="g1", title="Revenue", measure=pc.NumericMeasure(unit="k", target=100))
    rejects(
        lambda: ThresholdTargetStretch().attainments(goal, [90, float("nan")]),
        "actuals[1]",
        "^must be a finite number",
    )
    rejects(
        lambda: ThresholdTargetStretch().attainments(goal, [90, "95"]),  # type: ignore[list-item]
        "actuals[1]",
        "^must be a number, got str",
    )
    rejects(
        lambda: ThresholdTargetStretch().attainments(pc.Goal(id="g2", title="x"), [1]),
        "goal.measure",
        "has no measure",
    )
