"""Tests for perfcore.scales: RatingScale."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import rating_scales

FIVE = ("Poor", "Fair", "Good", "Strong", "Top")
LABELLED = pc.RatingScale(minimum=1, maximum=5, labels=FIVE)
AROUND_ZERO = pc.RatingScale(minimum=-2, maximum=2, labels=("--", "-", "0", "+", "++"))

# --- worked examples ----------------------------------------------------------------


def test_the_default_scale_is_one_to_five_without_labels() -> None:
    scale = pc.RatingScale()
    assert (scale.minimum, scale.maximum, scale.labels) == (1, 5, ())
    assert str(scale) == "1-5"
    assert scale.label_for(3) is None


@pytest.mark.parametrize(
    ("minimum", "maximum", "text"),
    [(0, 4, "0-4"), (1, 7, "1-7"), (0, 100, "0-100"), (-2, 2, "-2-2")],
)
def test_common_scales(minimum: int, maximum: int, text: str) -> None:
    scale = pc.RatingScale(minimum=minimum, maximum=maximum)
    assert str(scale) == text
    assert scale.contains(minimum)
    assert scale.contains(maximum)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1, "Poor"),
        (1.0, "Poor"),
        (1.99, "Poor"),
        (2, "Fair"),
        (3, "Good"),
        (4, "Strong"),
        (4.5, "Strong"),  # between points: the point at or below
        (4.999, "Strong"),
        (5, "Top"),
        (0.99, None),  # below the scale
        (5.01, None),  # above the scale
        (6, None),
        (-1, None),
        (math.nan, None),
        (math.inf, None),
    ],
)
def test_label_for_a_labelled_one_to_five_scale(value: float, label: str | None) -> None:
    assert LABELLED.label_for(value) == label


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (-2, "--"),
        (-1.5, "--"),
        (-1, "-"),
        (-0.5, "-"),
        (0, "0"),
        (0.5, "0"),
        (2, "++"),
        (2.5, None),
    ],
)
def test_label_for_a_scale_around_zero_uses_the_point_below(
    value: float, label: str | None
) -> None:
    assert AROUND_ZERO.label_for(value) == label


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        (1, True),
        (5, True),
        (3.25, True),
        (0.999, False),
        (5.001, False),
        (-3, False),
        (math.nan, False),
    ],
)
def test_contains_includes_both_ends(value: float, inside: bool) -> None:
    assert LABELLED.contains(value) is inside


def test_a_two_point_scale_is_the_smallest() -> None:
    scale = pc.RatingScale(minimum=0, maximum=1, labels=("No", "Yes"))
    assert scale.label_for(0) == "No"
    assert scale.label_for(0.5) == "No"
    assert scale.label_for(1) == "Yes"


def test_bounds_reach_a_million_either_way() -> None:
    scale = pc.RatingScale(minimum=-1_000_000, maximum=1_000_000)
    assert scale.contains(0)
    assert str(scale) == "-1000000-1000000"


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("minimum", "1", "^must be an integer, got str '1'$"),
        ("minimum", 1.0, "^must be an integer, got float 1.0$"),
        ("minimum", True, "^must be an integer, got bool True$"),
        ("minimum", None, "^must be an integer, got NoneType None$"),
        ("minimum", -1_000_001, "^must be at least -1000000, got -1000001$"),
        ("maximum", 5.0, "^must be an integer, got float 5.0$"),
        ("maximum", False, "^must be an integer, got bool False$"),
        ("maximum", 1_000_001, "^must be at most 1000000, got 1000001$"),
        ("maximum", 1, "^must be greater than minimum 1, got 1$"),
        ("maximum", 0, "^must be greater than minimum 1, got 0$"),
        ("labels", list(FIVE), r"^must be a tuple, got list \['Poor'"),
        ("labels", None, "^must be a tuple, got NoneType None$"),
        ("labels", FIVE[:4], r"^must have one label per point \(5\), got 4$"),
        ("labels", (*FIVE, "Legend"), r"^must have one label per point \(5\), got 6$"),
        (
            "labels",
            ("Poor", "Good", "Good", "Top", "Top"),
            "^must not repeat items, repeated: 'Good', 'Top'$",
        ),
    ],
)
def test_rating_scale_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"minimum": 1, "maximum": 5, field: value}
    rejects(lambda: pc.RatingScale(**kwargs), f"RatingScale.{field}", phrase)


@pytest.mark.parametrize(
    ("labels", "index", "phrase"),
    [
        (("Poor", "Fair", "", "Strong", "Top"), 2, "^must not be empty$"),
        (("Poor", "Fair", "  ", "Strong", "Top"), 2, "^must not be empty$"),
        ((1, 2, 3, 4, 5), 0, "^must be a string, got int 1$"),
        (
            ("Poor", "Fair", "Good", "Strong", "x" * 201),
            4,
            "^must be at most 200 characters, got 201$",
        ),
    ],
)
def test_rating_scale_rejects_a_bad_label(labels: tuple[Any, ...], index: int, phrase: str) -> None:
    rejects(lambda: pc.RatingScale(labels=labels), f"RatingScale.labels[{index}]", phrase)


def test_rating_scale_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.RatingScale(minimum="1", maximum=5.0, labels=["x"]),  # type: ignore[arg-type]
        "RatingScale.minimum",
        "RatingScale.maximum",
        "RatingScale.labels",
    )


def test_an_inverted_scale_does_not_also_blame_its_labels() -> None:
    # Regression: the labels were also reported, as needing "one label per point (-1)".
    rejects(
        lambda: pc.RatingScale(minimum=5, maximum=3, labels=("a", "b", "c")),
        "RatingScale.maximum",
        "^must be greater than minimum 5, got 3$",
    )
    rejects(
        lambda: pc.RatingScale(minimum=5, maximum=5, labels=("a", "b")),
        "RatingScale.maximum",
        "^must be greater than minimum 5, got 5$",
    )


# --- properties ---------------------------------------------------------------------


@given(rating_scales())
def test_rating_scales_are_value_objects(scale: pc.RatingScale) -> None:
    check_value_object(scale)
    assert str(scale) == f"{scale.minimum}-{scale.maximum}"


@given(rating_scales(), st.floats(allow_nan=False) | st.integers(-200, 200))
def test_contains_means_between_minimum_and_maximum(scale: pc.RatingScale, value: float) -> None:
    assert scale.contains(value) == (scale.minimum <= value <= scale.maximum)


@given(rating_scales())
def test_every_point_is_on_the_scale_and_its_neighbours_outside_are_not(
    scale: pc.RatingScale,
) -> None:
    for point in range(scale.minimum, scale.maximum + 1):
        assert scale.contains(point)
    assert not scale.contains(scale.minimum - 1)
    assert not scale.contains(scale.maximum + 1)
    assert not scale.contains(scale.minimum - 0.001)
    assert not scale.contains(scale.maximum + 0.001)


@given(rating_scales(), st.floats(0, 0.99))
def test_label_for_is_the_label_of_the_point_at_or_below(
    scale: pc.RatingScale, fraction: float
) -> None:
    for point in range(scale.minimum, scale.maximum + 1):
        value = point + fraction if point < scale.maximum else point
        expected = scale.labels[point - scale.minimum] if scale.labels else None
        assert scale.label_for(value) == expected


@given(rating_scales(), st.floats(allow_nan=False))
def test_label_for_is_none_off_the_scale_or_without_labels(
    scale: pc.RatingScale, value: float
) -> None:
    label = scale.label_for(value)
    assert (label is None) == (not scale.labels or not scale.contains(value))
    if label is not None:
        assert label in scale.labels


# --- normalise and convert ----------------------------------------------------------

ONE_TO_SEVEN = pc.RatingScale(minimum=1, maximum=7)
ZERO_TO_FOUR = pc.RatingScale(minimum=0, maximum=4)
PERCENT = pc.RatingScale(minimum=0, maximum=100)


@pytest.mark.parametrize(
    ("value", "position"),
    [(1, 0.0), (2, 0.25), (3, 0.5), (3.5, 0.625), (4, 0.75), (5, 1.0)],
)
def test_normalise_places_a_rating_on_zero_to_one(value: float, position: float) -> None:
    assert LABELLED.normalise(value) == position


def test_normalise_a_scale_around_zero() -> None:
    assert [AROUND_ZERO.normalise(x) for x in (-2, -1, 0, 1, 2)] == [0, 0.25, 0.5, 0.75, 1]


@pytest.mark.parametrize(
    ("value", "to", "converted"),
    [
        (1, PERCENT, 0.0),
        (4, PERCENT, 75.0),  # (4 − 1)/(5 − 1) = 0.75 → 0 + 0.75 × 100
        (5, PERCENT, 100.0),
        (3, ZERO_TO_FOUR, 2.0),  # 0.5 → 0 + 0.5 × 4
        (4, ONE_TO_SEVEN, 5.5),  # 0.75 → 1 + 0.75 × 6
        (2, AROUND_ZERO, -1.0),  # 0.25 → -2 + 0.25 × 4
        (4.5, LABELLED, 4.5),  # onto the same scale: unchanged
    ],
)
def test_convert_carries_a_rating_linearly_onto_another_scale(
    value: float, to: pc.RatingScale, converted: float
) -> None:
    assert LABELLED.convert(value, to=to) == converted


def test_convert_back_and_forth_between_one_to_seven_and_zero_to_four() -> None:
    assert ONE_TO_SEVEN.convert(4, to=ZERO_TO_FOUR) == 2.0
    assert ZERO_TO_FOUR.convert(2, to=ONE_TO_SEVEN) == 4.0
    assert PERCENT.convert(60, to=pc.RatingScale()) == pytest.approx(3.4)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (0, "^0 is not on the scale 1-5$"),
        (0.5, "^0.5 is not on the scale 1-5$"),
        (5.01, "^5.01 is not on the scale 1-5$"),
        (6, "^6 is not on the scale 1-5$"),
        (-3, "^-3 is not on the scale 1-5$"),
        (math.nan, "^nan is not on the scale 1-5$"),
        (math.inf, "^inf is not on the scale 1-5$"),
        (10**400, "is not on the scale 1-5$"),
        (True, "^must be a number, got bool True$"),
        ("3", "^must be a number, got str '3'$"),
        (None, "^must be a number, got NoneType None$"),
    ],
)
def test_normalise_and_convert_refuse_values_off_the_scale(value: Any, phrase: str) -> None:
    rejects(lambda: LABELLED.normalise(value), "value", phrase)
    rejects(lambda: LABELLED.convert(value, to=PERCENT), "value", phrase)


def test_convert_needs_a_rating_scale_to_convert_to() -> None:
    rejects(
        lambda: LABELLED.convert(3, to=(0, 100)),  # type: ignore[arg-type]
        "to",
        r"^must be a RatingScale, got tuple \(0, 100\)$",
    )


def _on(scale: pc.RatingScale) -> st.SearchStrategy[float]:
    return st.integers(scale.minimum, scale.maximum) | st.floats(scale.minimum, scale.maximum)


@given(rating_scales(), st.data())
def test_normalise_is_monotone_onto_zero_to_one(scale: pc.RatingScale, data: st.DataObject) -> None:
    low, high = sorted((data.draw(_on(scale)), data.draw(_on(scale))))
    assert 0 <= scale.normalise(low) <= scale.normalise(high) <= 1
    assert scale.normalise(scale.minimum) == 0
    assert scale.normalise(scale.maximum) == 1


@given(rating_scales(), rating_scales(), st.data())
def test_convert_keeps_order_and_ends_and_comes_back(
    source: pc.RatingScale, target: pc.RatingScale, data: st.DataObject
) -> None:
    low, high = sorted((data.draw(_on(source)), data.draw(_on(source))))
    assert target.minimum <= source.convert(low, to=target) <= source.convert(high, to=target)
    assert source.convert(high, to=target) <= target.maximum
    assert source.convert(source.minimum, to=target) == target.minimum
    assert source.convert(source.maximum, to=target) == target.maximum
    there = source.convert(high, to=target)
    assert target.convert(there, to=source) == pytest.approx(high, abs=1e-9)
    assert source.convert(high, to=source) == pytest.approx(high, abs=1e-12)
