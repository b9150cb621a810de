"""Tests for perfcore.goals: Goal."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import goals, ids, texts

VALID: dict[str, Any] = {"id": "g1", "title": "Grow regional sales"}
SALES = pc.NumericMeasure(unit="EUR k", baseline=800, target=1000)


def test_a_goal_needs_only_an_id_and_a_title() -> None:
    goal = pc.Goal(id="g1", title="Grow regional sales")
    assert goal.kind is pc.GoalKind.PERFORMANCE
    assert goal.weight == 0
    assert goal.measure is None
    assert goal.due is None
    assert goal.parent_id is None
    assert goal.description == ""
    assert goal.methods == ()
    assert goal.support == ()
    assert goal.carried_from is None


def test_a_fully_specified_goal() -> None:
    goal = pc.Goal(
        id="g1",
        title="Grow regional sales",
        kind=pc.GoalKind.PERFORMANCE,
        weight=37.5,
        measure=SALES,
        due=dt.date(2026, 12, 31),
        parent_id="company/growth",
        description="",
        methods=("Weekly pipeline review", "Two new partners"),
        support=("CRM access",),
        carried_from="cycle-2025",
    )
    assert goal.weight == 37.5
    assert goal.measure == SALES
    assert goal.methods[1] == "Two new partners"


@pytest.mark.parametrize(
    "measure",
    [
        SALES,
        pc.MilestoneMeasure(steps=("design", "launch")),
        pc.YesNoMeasure(question="Certified?"),
        pc.ScaleMeasure(scale=pc.RatingScale(), target=4),
    ],
)
def test_any_kind_of_measure(measure: pc.Measure) -> None:
    assert pc.Goal(**VALID, measure=measure).measure is measure


@pytest.mark.parametrize("weight", [0, 100, 0.5, 33.3])
def test_weight_is_a_percentage_from_0_to_100(weight: float) -> None:
    assert pc.Goal(**VALID, weight=weight).weight == weight


def test_a_development_goal() -> None:
    goal = pc.Goal(id="g2", title="Pass the security certification", kind=pc.GoalKind.DEVELOPMENT)
    assert goal.kind.value == "development"


# --- bad input ----------------------------------------------------------------------

MEASURES = "NumericMeasure or MilestoneMeasure or YesNoMeasure or ScaleMeasure"


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("id", None, "^is required$"),
        ("id", "", "^must not be empty$"),
        ("id", "  ", "^must not be empty$"),
        ("id", 1, "^must be a string, got int 1$"),
        ("id", "g" * 201, "^must be at most 200 characters, got 201$"),
        ("title", None, "^is required$"),
        ("title", "", "^must not be empty$"),
        ("title", ["Grow"], r"^must be a string, got list \['Grow'\]$"),
        ("title", "t" * 501, "^must be at most 500 characters, got 501$"),
        ("kind", "performance", r"^must be a GoalKind \('performance', 'development'\), got str"),
        ("kind", None, "^must be a GoalKind .*got NoneType None$"),
        ("weight", -1, "^must be at least 0, got -1$"),
        ("weight", -0.01, "^must be at least 0, got -0.01$"),
        ("weight", 100.5, "^must be at most 100, got 100.5$"),
        ("weight", 150, "^must be at most 100, got 150$"),
        ("weight", "50", "^must be a number, got str '50'$"),
        ("weight", True, "^must be a number, got bool True$"),
        ("weight", None, "^must be a number, got NoneType None$"),
        ("weight", math.nan, "^must be a finite number, got nan$"),
        ("weight", math.inf, "^must be a finite number, got inf$"),
        pytest.param("weight", 10**400, "^must be a finite number, got 1000", id="weight-10**400"),
        ("measure", "yes/no", f"^must be a {MEASURES}, got str 'yes/no'$"),
        ("measure", pc.RatingScale(), f"^must be a {MEASURES}, got RatingScale"),
        ("due", "2026-12-31", "^must be a date, got str '2026-12-31'$"),
        ("due", dt.datetime(2026, 12, 31, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("parent_id", "", "^must not be empty$"),
        ("parent_id", 7, "^must be a string, got int 7$"),
        ("parent_id", "g1", "^a goal cannot be aligned to itself$"),
        ("description", None, "^is required$"),
        ("description", 5, "^must be a string, got int 5$"),
        ("description", "d" * 10_001, "^must be at most 10000 characters, got 10001$"),
        ("methods", ["Weekly review"], r"^must be a tuple, got list \['Weekly review'\]$"),
        ("methods", None, "^must be a tuple, got NoneType None$"),
        ("support", "CRM access", "^must be a tuple, got str 'CRM access'$"),
        ("carried_from", "", "^must not be empty$"),
        ("carried_from", 2025, "^must be a string, got int 2025$"),
    ],
)
def test_goal_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.Goal(**{**VALID, field: value}), f"Goal.{field}", phrase)


@pytest.mark.parametrize(
    ("field", "items", "index", "phrase"),
    [
        ("methods", ("",), 0, "^must not be empty$"),
        ("methods", ("Weekly review", 3), 1, "^must be a string, got int 3$"),
        ("support", ("Budget", " "), 1, "^must not be empty$"),
        ("support", (None,), 0, "^is required$"),
    ],
)
def test_goal_rejects_a_bad_item(
    field: str, items: tuple[Any, ...], index: int, phrase: str
) -> None:
    rejects(lambda: pc.Goal(**{**VALID, field: items}), f"Goal.{field}[{index}]", phrase)


def test_a_goal_may_be_aligned_to_a_goal_with_a_similar_id() -> None:
    assert pc.Goal(id="g1", title="t", parent_id="g1 ").parent_id == "g1 "
    assert pc.Goal(id="g1", title="t", parent_id="G1").parent_id == "G1"


def test_goal_reports_every_bad_field_in_field_order() -> None:
    err = rejects_all(
        lambda: pc.Goal(id="", title="", kind="x", weight=-1, due="soon"),  # type: ignore[arg-type]
        "Goal.id",
        "Goal.title",
        "Goal.kind",
        "Goal.weight",
        "Goal.due",
    )
    assert err.problems[3].message == "must be at least 0, got -1"


def test_self_alignment_is_reported_with_other_problems() -> None:
    rejects_all(
        lambda: pc.Goal(id="g1", title=" ", weight=101, parent_id="g1"),
        "Goal.title",
        "Goal.weight",
        "Goal.parent_id",
    )


# --- properties ---------------------------------------------------------------------


@given(goals())
def test_goals_are_value_objects(goal: pc.Goal) -> None:
    check_value_object(goal)
    assert 0 <= goal.weight <= 100
    assert goal.parent_id != goal.id


@given(ids, texts)
def test_aligning_a_goal_to_itself_is_always_rejected(goal_id: str, title: str) -> None:
    rejects(
        lambda: pc.Goal(id=goal_id, title=title, parent_id=goal_id),
        "Goal.parent_id",
        "^a goal cannot be aligned to itself$",
    )
