"""Tests for perfcore.checkins: GoalProgress and CheckIn."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import check_ins

MARCH_2 = dt.date(2026, 3, 2)

# --- GoalProgress -------------------------------------------------------------------


def test_progress_defaults_to_on_track_without_a_value() -> None:
    progress = pc.GoalProgress(goal_id="g1")
    assert progress.status is pc.ProgressStatus.ON_TRACK
    assert progress.value is None
    assert progress.note == ""


def test_progress_with_a_value_and_a_note() -> None:
    progress = pc.GoalProgress(
        goal_id="g1", status=pc.ProgressStatus.AT_RISK, value=640.0, note="Two deals slipped"
    )
    assert progress.status.value == "at_risk"
    assert progress.value == 640.0


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("goal_id", None, "^is required$"),
        ("goal_id", "", "^must not be empty$"),
        ("goal_id", 1, "^must be a string, got int 1$"),
        ("goal_id", "g" * 201, "^must be at most 200 characters, got 201$"),
        (
            "status",
            "on_track",
            r"^must be a ProgressStatus \('on_track', 'at_risk', 'off_track'\), got str",
        ),
        ("status", None, "^must be a ProgressStatus .*got NoneType None$"),
        ("value", "640", "^must be a number, got str '640'$"),
        ("value", True, "^must be a number, got bool True$"),
        ("value", math.nan, "^must be a finite number, got nan$"),
        ("value", -math.inf, "^must be a finite number, got -inf$"),
        ("note", None, "^is required$"),
        ("note", 5, "^must be a string, got int 5$"),
    ],
)
def test_goal_progress_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"goal_id": "g1", field: value}
    rejects(lambda: pc.GoalProgress(**kwargs), f"GoalProgress.{field}", phrase)


def test_goal_progress_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.GoalProgress(goal_id="", status="late", value="x", note=None),  # type: ignore[arg-type]
        "GoalProgress.goal_id",
        "GoalProgress.status",
        "GoalProgress.value",
        "GoalProgress.note",
    )


# --- CheckIn ------------------------------------------------------------------------


def test_a_check_in_needs_an_id_a_kind_and_a_day() -> None:
    check_in = pc.CheckIn(id="c1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=MARCH_2)
    assert check_in.summary == ""
    assert check_in.progress == ()
    assert check_in.obstacles == ()
    assert check_in.deviation is None
    assert check_in.support_needed is None
    assert check_in.recognition is None
    assert check_in.company_interest_concern is None
    assert check_in.hr_help_wanted is False


def test_a_full_check_in() -> None:
    check_in = pc.CheckIn(
        id="c1",
        kind=pc.CheckInKind.INFORMAL_NOTE,
        held_on=MARCH_2,
        summary="Pipeline review",
        progress=(
            pc.GoalProgress(goal_id="g1", status=pc.ProgressStatus.AT_RISK, value=640),
            pc.GoalProgress(goal_id="g2", status=pc.ProgressStatus.OFF_TRACK),
        ),
        obstacles=("CRM access missing",),
        deviation="Focus drifted to existing accounts",
        support_needed="Intro to two partners",
        recognition="New referral scheme",
        company_interest_concern="Discounts beyond policy",
        hr_help_wanted=True,
    )
    assert [p.goal_id for p in check_in.progress] == ["g1", "g2"]
    assert check_in.hr_help_wanted is True


VALID: dict[str, Any] = {"id": "c1", "kind": pc.CheckInKind.ONE_ON_ONE, "held_on": MARCH_2}
G1 = pc.GoalProgress(goal_id="g1")


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("id", None, "^is required$"),
        ("id", "", "^must not be empty$"),
        ("id", "c" * 201, "^must be at most 200 characters, got 201$"),
        (
            "kind",
            "one_on_one",
            r"^must be a CheckInKind \('one_on_one', 'informal_note', 'private_note'\)",
        ),
        ("kind", None, "^must be a CheckInKind .*got NoneType None$"),
        ("held_on", "2026-03-02", "^must be a date, got str '2026-03-02'$"),
        ("held_on", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("held_on", None, "^must be a date, got NoneType None$"),
        ("summary", None, "^is required$"),
        ("summary", 1, "^must be a string, got int 1$"),
        ("progress", [G1], r"^must be a tuple, got list \[GoalProgress"),
        ("progress", None, "^must be a tuple, got NoneType None$"),
        ("progress", (G1, G1), "^must report each goal at most once$"),
        (
            "progress",
            (G1, pc.GoalProgress(goal_id="g2"), pc.GoalProgress(goal_id="g1", value=3)),
            "^must report each goal at most once$",
        ),
        ("obstacles", ["No budget"], r"^must be a tuple, got list \['No budget'\]$"),
        ("deviation", "", "^must not be empty$"),
        ("deviation", 0, "^must be a string, got int 0$"),
        ("support_needed", " ", "^must not be empty$"),
        ("recognition", "", "^must not be empty$"),
        ("recognition", ("Great",), r"^must be a string, got tuple \('Great',\)$"),
        ("company_interest_concern", "", "^must not be empty$"),
        ("hr_help_wanted", "yes", "^must be true or false, got str 'yes'$"),
        ("hr_help_wanted", 1, "^must be true or false, got int 1$"),
        ("hr_help_wanted", None, "^must be true or false, got NoneType None$"),
    ],
)
def test_check_in_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.CheckIn(**{**VALID, field: value}), f"CheckIn.{field}", phrase)


@pytest.mark.parametrize(
    ("field", "items", "index", "phrase"),
    [
        ("progress", ({"goal_id": "g1"},), 0, "^must hold GoalProgress items, got dict"),
        ("progress", (G1, "g2"), 1, "^must hold GoalProgress items, got str 'g2'$"),
        ("obstacles", ("",), 0, "^must not be empty$"),
        ("obstacles", ("No budget", 42), 1, "^must be a string, got int 42$"),
    ],
)
def test_check_in_rejects_a_bad_item(
    field: str, items: tuple[Any, ...], index: int, phrase: str
) -> None:
    rejects(lambda: pc.CheckIn(**{**VALID, field: items}), f"CheckIn.{field}[{index}]", phrase)


def test_check_in_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.CheckIn(
            id="",
            kind="1:1",  # type: ignore[arg-type]
            held_on="today",  # type: ignore[arg-type]
            progress=(G1, G1),
            hr_help_wanted="no",  # type: ignore[arg-type]
        ),
        "CheckIn.id",
        "CheckIn.kind",
        "CheckIn.held_on",
        "CheckIn.progress",
        "CheckIn.hr_help_wanted",
    )


# --- properties ---------------------------------------------------------------------


@given(check_ins(held_on=MARCH_2, goal_ids=("g1", "g2", "g3")))
def test_check_ins_are_value_objects(check_in: pc.CheckIn) -> None:
    check_value_object(check_in)
    for progress in check_in.progress:
        check_value_object(progress)
    reported = [p.goal_id for p in check_in.progress]
    assert len(set(reported)) == len(reported)
    assert set(reported) <= {"g1", "g2", "g3"}


@given(check_ins(held_on=MARCH_2, goal_ids=("g1", "g2")))
def test_repeating_any_progress_entry_is_rejected(check_in: pc.CheckIn) -> None:
    if check_in.progress:
        doubled = (*check_in.progress, check_in.progress[0])
        rejects(
            lambda: pc.CheckIn(**{**VALID, "progress": doubled}),
            "CheckIn.progress",
            "at most once",
        )
