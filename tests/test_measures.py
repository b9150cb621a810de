"""Tests for perfcore.measures: numeric, milestone, yes/no and scale measures."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest
from hypothesis import given

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.measures import MEASURE_TYPES
from perfcore.scoring import BaselineProgress, ThresholdTargetStretch
from strategies import measures, milestone_measures, numeric_measures, scale_measures

HIGHER = pc.Direction.HIGHER_IS_BETTER
LOWER = pc.Direction.LOWER_IS_BETTER
ONE_TO_FIVE = pc.RatingScale(minimum=1, maximum=5)


def test_measure_types_and_tags() -> None:
    expected = (pc.NumericMeasure, pc.MilestoneMeasure, pc.YesNoMeasure, pc.ScaleMeasure)
    assert expected == MEASURE_TYPES
    assert [t.TAG for t in MEASURE_TYPES] == ["numeric", "milestones", "yes_no", "scale"]


def test_tags_are_not_fields() -> None:
    for measure_type in MEASURE_TYPES:
        assert "TAG" not in attrs.fields_dict(measure_type)


# --- NumericMeasure: worked examples ------------------------------------------------


def test_higher_is_better_is_the_default() -> None:
    sales = pc.NumericMeasure(unit="EUR k", baseline=800, threshold=900, target=1000, stretch=1200)
    assert sales.direction is HIGHER
    assert (sales.baseline, sales.threshold, sales.target, sales.stretch) == (800, 900, 1000, 1200)


def test_lower_is_better_orders_the_points_the_other_way() -> None:
    defects = pc.NumericMeasure(
        unit="defects", baseline=50, threshold=30, target=20, stretch=10, direction=LOWER
    )
    assert defects.direction is LOWER
    assert defects.threshold == 30


def test_only_the_target_is_required() -> None:
    measure = pc.NumericMeasure(unit="%", target=95.5)
    assert (measure.baseline, measure.threshold, measure.stretch) == (None, None, None)


@pytest.mark.parametrize(
    "points",
    [
        {"threshold": 900},
        {"stretch": 1200},
        {"baseline": 800},
        {"baseline": 950, "threshold": 900},  # baseline and threshold are not compared
        {"baseline": -1e6, "stretch": 1e6},
    ],
)
def test_any_subset_of_optional_points_in_order_is_fine(points: dict[str, Any]) -> None:
    pc.NumericMeasure(unit="EUR k", target=1000, **points)


@pytest.mark.parametrize(
    ("direction", "points", "path", "message"),
    [
        (HIGHER, {"threshold": 1000}, "threshold", "threshold 1000 must be below target 1000"),
        (HIGHER, {"threshold": 1100}, "threshold", "threshold 1100 must be below target 1000"),
        (HIGHER, {"stretch": 1000}, "stretch", "target 1000 must be below stretch 1000"),
        (HIGHER, {"stretch": 900.5}, "stretch", "target 1000 must be below stretch 900.5"),
        (HIGHER, {"baseline": 1000}, "baseline", "baseline 1000 must be below target 1000"),
        (HIGHER, {"baseline": 1200}, "baseline", "baseline 1200 must be below target 1000"),
        (LOWER, {"threshold": 1000}, "threshold", "threshold 1000 must be above target 1000"),
        (LOWER, {"threshold": 900}, "threshold", "threshold 900 must be above target 1000"),
        (LOWER, {"stretch": 1000}, "stretch", "target 1000 must be above stretch 1000"),
        (LOWER, {"stretch": 1100}, "stretch", "target 1000 must be above stretch 1100"),
        (LOWER, {"baseline": 1000}, "baseline", "baseline 1000 must be above target 1000"),
        (LOWER, {"baseline": 800}, "baseline", "baseline 800 must be above target 1000"),
        # Points ordered for the other direction are reported at the first pair.
        (LOWER, {"threshold": 900, "stretch": 1200}, "threshold", "threshold 900 must be above"),
        (HIGHER, {"threshold": 1100, "stretch": 900}, "threshold", "threshold 1100 must be below"),
        # With the threshold in order, the stretch is checked next, then the baseline.
        (
            HIGHER,
            {"threshold": 900, "stretch": 990},
            "stretch",
            "target 1000 must be below stretch",
        ),
        (HIGHER, {"threshold": 900, "baseline": 1001}, "baseline", "baseline 1001 must be below"),
    ],
)
def test_numeric_points_must_be_ordered_in_the_better_direction(
    direction: pc.Direction, points: dict[str, float], path: str, message: str
) -> None:
    rejects(
        lambda: pc.NumericMeasure(unit="EUR k", target=1000, direction=direction, **points),
        f"NumericMeasure.{path}",
        f"^{message}",
    )


# --- NumericMeasure: bad fields -----------------------------------------------------

NUMERIC: dict[str, Any] = {"unit": "EUR k", "target": 1000}


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("unit", None, "^is required$"),
        ("unit", "", "^must not be empty$"),
        ("unit", " ", "^must not be empty$"),
        ("unit", 1, "^must be a string, got int 1$"),
        ("unit", "u" * 101, "^must be at most 100 characters, got 101$"),
        ("target", "1000", "^must be a number, got str '1000'$"),
        ("target", True, "^must be a number, got bool True$"),
        ("target", None, "^must be a number, got NoneType None$"),
        ("target", math.nan, "^must be a finite number, got nan$"),
        ("target", math.inf, "^must be a finite number, got inf$"),
        pytest.param("target", 10**400, "^must be a finite number", id="target-10**400"),
        ("baseline", "800", "^must be a number, got str '800'$"),
        ("baseline", -math.inf, "^must be a finite number, got -inf$"),
        ("threshold", False, "^must be a number, got bool False$"),
        ("threshold", math.nan, "^must be a finite number, got nan$"),
        ("stretch", [1200], r"^must be a number, got list \[1200\]$"),
        ("stretch", math.inf, "^must be a finite number, got inf$"),
        ("direction", "higher_is_better", "^must be a Direction .*got str 'higher_is_better'$"),
        ("direction", None, "^must be a Direction .*got NoneType None$"),
    ],
)
def test_numeric_measure_rejects(field: str, value: object, phrase: str) -> None:
    rejects(
        lambda: pc.NumericMeasure(**{**NUMERIC, field: value}), f"NumericMeasure.{field}", phrase
    )


def test_numeric_measure_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.NumericMeasure(unit="", target="x", stretch=math.nan, direction="up"),  # type: ignore[arg-type]
        "NumericMeasure.unit",
        "NumericMeasure.target",
        "NumericMeasure.stretch",
        "NumericMeasure.direction",
    )


def test_ordering_is_reported_together_with_other_bad_fields() -> None:
    rejects_all(
        lambda: pc.NumericMeasure(unit="", target=1000, threshold=1100, stretch=1200),
        "NumericMeasure.unit",
        "NumericMeasure.threshold",
    )


def test_ordering_is_not_checked_against_a_bad_target() -> None:
    rejects(
        lambda: pc.NumericMeasure(unit="EUR k", target="1000", threshold=900),  # type: ignore[arg-type]
        "NumericMeasure.target",
        "must be a number",
    )


# --- MilestoneMeasure ---------------------------------------------------------------


def test_milestones_keep_their_order() -> None:
    measure = pc.MilestoneMeasure(steps=("design", "build", "launch"))
    assert measure.steps == ("design", "build", "launch")
    assert measure.steps[-1] == "launch"
    assert pc.MilestoneMeasure(steps=("only",)).steps == ("only",)


@pytest.mark.parametrize(
    ("steps", "path", "phrase"),
    [
        ((), "steps", "^must not be empty$"),
        (["design", "build"], "steps", r"^must be a tuple, got list \['design', 'build'\]$"),
        (None, "steps", "^must be a tuple, got NoneType None$"),
        ("design", "steps", "^must be a tuple, got str 'design'$"),
        (("design", "build", "design"), "steps", "^must not repeat items, repeated: 'design'$"),
        (("a", "b", "a", "b"), "steps", "^must not repeat items, repeated: 'a', 'b'$"),
        (("design", ""), "steps[1]", "^must not be empty$"),
        (("design", "   "), "steps[1]", "^must not be empty$"),
        ((1, "build"), "steps[0]", "^must be a string, got int 1$"),
        (("design", None), "steps[1]", "^is required$"),
        (("x" * 501,), "steps[0]", "^must be at most 500 characters, got 501$"),
    ],
)
def test_milestone_measure_rejects(steps: object, path: str, phrase: str) -> None:
    rejects(
        lambda: pc.MilestoneMeasure(steps=steps),  # type: ignore[arg-type]
        f"MilestoneMeasure.{path}",
        phrase,
    )


# --- YesNoMeasure -------------------------------------------------------------------


def test_yes_no_measure_holds_its_question() -> None:
    assert pc.YesNoMeasure(question="Certification obtained?").question == "Certification obtained?"


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        (None, "^is required$"),
        ("", "^must not be empty$"),
        (True, "^must be a string, got bool True$"),
        ("?" * 501, "^must be at most 500 characters, got 501$"),
    ],
)
def test_yes_no_measure_rejects(question: object, phrase: str) -> None:
    rejects(
        lambda: pc.YesNoMeasure(question=question),  # type: ignore[arg-type]
        "YesNoMeasure.question",
        phrase,
    )


# --- ScaleMeasure -------------------------------------------------------------------


@pytest.mark.parametrize("target", [1, 4, 4.5, 5])
def test_a_scale_target_anywhere_on_the_scale(target: float) -> None:
    assert pc.ScaleMeasure(scale=ONE_TO_FIVE, target=target).target == target


@pytest.mark.parametrize(
    ("scale", "target", "phrase"),
    [
        (ONE_TO_FIVE, 6, "^must lie on the scale 1-5, got 6$"),
        (ONE_TO_FIVE, 0.5, "^must lie on the scale 1-5, got 0.5$"),
        (ONE_TO_FIVE, 5.25, "^must lie on the scale 1-5, got 5.25$"),
        (pc.RatingScale(minimum=0, maximum=100), -1, "^must lie on the scale 0-100, got -1$"),
        (pc.RatingScale(minimum=-2, maximum=2), 3, "^must lie on the scale -2-2, got 3$"),
    ],
)
def test_a_scale_target_off_the_scale_is_rejected(
    scale: pc.RatingScale, target: float, phrase: str
) -> None:
    rejects(lambda: pc.ScaleMeasure(scale=scale, target=target), "ScaleMeasure.target", phrase)


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("scale", (1, 5), r"^must be a RatingScale, got tuple \(1, 5\)$"),
        ("scale", None, "^must be a RatingScale, got NoneType None$"),
        ("target", "4", "^must be a number, got str '4'$"),
        ("target", True, "^must be a number, got bool True$"),
        ("target", math.nan, "^must be a finite number, got nan$"),
        ("target", None, "^must be a number, got NoneType None$"),
    ],
)
def test_scale_measure_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"scale": ONE_TO_FIVE, "target": 4, field: value}
    rejects(lambda: pc.ScaleMeasure(**kwargs), f"ScaleMeasure.{field}", phrase)


def test_scale_measure_reports_both_bad_fields() -> None:
    rejects_all(
        lambda: pc.ScaleMeasure(scale=None, target="x"),  # type: ignore[arg-type]
        "ScaleMeasure.scale",
        "ScaleMeasure.target",
    )


def test_a_target_is_not_checked_against_a_missing_scale() -> None:
    rejects(
        lambda: pc.ScaleMeasure(scale=None, target=4),  # type: ignore[arg-type]
        "ScaleMeasure.scale",
        "must be a RatingScale",
    )


# --- properties ---------------------------------------------------------------------


@given(measures())
def test_measures_are_value_objects(measure: pc.Measure) -> None:
    check_value_object(measure)
    assert isinstance(measure, MEASURE_TYPES)


@given(numeric_measures())
def test_generated_numeric_points_are_ordered_in_the_better_direction(
    measure: pc.NumericMeasure,
) -> None:
    sign = 1 if measure.direction is HIGHER else -1
    if measure.threshold is not None:
        assert sign * (measure.target - measure.threshold) > 0
    if measure.stretch is not None:
        assert sign * (measure.stretch - measure.target) > 0
    if measure.baseline is not None:
        assert sign * (measure.target - measure.baseline) > 0


@given(numeric_measures())
def test_flipping_the_direction_of_a_measure_with_other_points_is_rejected(
    measure: pc.NumericMeasure,
) -> None:
    flipped = LOWER if measure.direction is HIGHER else HIGHER
    others = (measure.baseline, measure.threshold, measure.stretch)
    if all(point is None for point in others):
        assert attrs.evolve(measure, direction=flipped).direction is flipped
    else:
        with pytest.raises(pc.ValidationError, match=r"must be (below|above)"):
            attrs.evolve(measure, direction=flipped)


@given(milestone_measures())
def test_generated_milestones_are_distinct_and_non_empty(measure: pc.MilestoneMeasure) -> None:
    assert measure.steps
    assert len(set(measure.steps)) == len(measure.steps)


@given(scale_measures())
def test_a_scale_measure_target_lies_on_its_scale(measure: pc.ScaleMeasure) -> None:
    assert measure.scale.contains(measure.target)
    with pytest.raises(pc.ValidationError, match=r"^ScaleMeasure\.target: must lie on the scale"):
        attrs.evolve(measure, target=measure.scale.maximum + 1)


# --- NumericMeasure: the direction inferred from the points -----------------------------


@pytest.mark.parametrize(
    "points",
    [
        {"baseline": 10},
        {"threshold": 12},
        {"stretch": 2},
        {"baseline": 14, "threshold": 12, "stretch": 2},
        {"threshold": 12, "stretch": 2},
    ],
)
def test_lower_is_better_is_inferred_when_the_points_say_so(points: dict[str, Any]) -> None:
    measure = pc.NumericMeasure(unit="days", target=4, **points)
    assert measure.direction is LOWER
    assert measure == pc.NumericMeasure(unit="days", target=4, direction=LOWER, **points)


@pytest.mark.parametrize("points", [{}, {"baseline": 2}, {"threshold": 3, "stretch": 9}])
def test_higher_is_better_stays_the_default(points: dict[str, Any]) -> None:
    assert pc.NumericMeasure(unit="EUR k", target=4, **points).direction is HIGHER


def test_points_that_disagree_are_refused_with_how_to_state_the_direction() -> None:
    # baseline above the target says lower is better, the stretch above it says higher
    err = rejects(
        lambda: pc.NumericMeasure(unit="days", baseline=10, target=4, stretch=6),
        "NumericMeasure.baseline",
        "^baseline 10 must be below target 4 when higher is better; if lower is better, pass"
        " direction=Direction.LOWER_IS_BETTER",
    )
    assert "stretch below it" in str(err)
    rejects(
        lambda: pc.NumericMeasure(unit="days", target=4, threshold=2, direction=LOWER),
        "NumericMeasure.threshold",
        "when lower is better; if higher is better, pass direction=Direction.HIGHER_IS_BETTER",
    )


def test_a_user_scores_a_lower_is_better_goal_without_stating_the_direction() -> None:
    tickets = pc.Goal(
        id="tickets",
        title="Close tickets faster",
        measure=pc.NumericMeasure(unit="days", baseline=10, threshold=8, target=4, stretch=2),
    )
    assert BaselineProgress().score(tickets, 7).attainment == 0.5  # (7 − 10)/(4 − 10)
    assert ThresholdTargetStretch().score(tickets, 3).attainment == 1.25  # halfway to stretch
