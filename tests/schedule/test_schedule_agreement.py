"""Tests for perfcore.schedule.agreement: the manager agreement and its review deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

from expect import check_value_object, rejects, rejects_all
from perfcore.periods import Period
from perfcore.phases import OPEN_PHASES, Phase
from perfcore.schedule import (
    Cadence,
    ManagerAgreement,
    OccurrenceStatus,
    ReviewDeadline,
    check_schedule,
)
from perfcore.serialization import make_converter
from perfcore.testing._schedule_strategies import manager_agreements, review_deadlines

D = dt.date
CONV = make_converter()
YEAR = Period.annual(2026)

AGREEMENT: dict[str, Any] = {
    "id": "ma-2026-m1",
    "manager_id": "m1",
    "period": YEAR,
    "one_on_ones": Cadence.every_two_weeks(weekday=0, grace_days=3),
}


def agreement(**changes: Any) -> ManagerAgreement:
    return ManagerAgreement(**{**AGREEMENT, **changes})


def deadline(phase: Phase, by: dt.date, description: str = "") -> ReviewDeadline:
    return ReviewDeadline(phase=phase, by=by, description=description)


FULL = agreement(
    review_deadlines=(
        deadline(Phase.GOAL_SETTING, D(2026, 1, 31), "Objectives agreed with every member"),
        deadline(Phase.IMPLEMENTATION, D(2026, 11, 30)),
        deadline(Phase.APPRAISAL, D(2026, 12, 15)),
        deadline(Phase.IMPROVEMENT, D(2027, 2, 28), "Improvement plans followed up"),
    ),
    team=("e1", "e2", "e3"),
    commitments=("Consistent review with the team rubric", "Work toward shared goals"),
    agreed_on=D(2026, 1, 5),
    agreed_with="hr1",
)


# --- records --------------------------------------------------------------------------


def test_records_are_value_objects() -> None:
    check_value_object(FULL)
    check_value_object(FULL.review_deadlines[0])


def test_defaults() -> None:
    plain = agreement()
    assert (plain.review_deadlines, plain.team, plain.commitments) == ((), (), ())
    assert (plain.agreed_on, plain.agreed_with) == (None, None)


def test_deadline_for_each_phase() -> None:
    assert FULL.deadline_for(Phase.GOAL_SETTING) == D(2026, 1, 31)
    assert FULL.deadline_for(Phase.IMPROVEMENT) == D(2027, 2, 28)  # after the period: allowed
    assert agreement().deadline_for(Phase.APPRAISAL) is None
    assert FULL.deadline_for(Phase.CLOSED) is None


def test_deadline_for_needs_a_phase() -> None:
    rejects(
        lambda: FULL.deadline_for("appraisal"),  # type: ignore[arg-type]
        "phase",
        "must be a Phase, got str 'appraisal'",
    )


def test_covers_the_team_but_never_the_manager() -> None:
    assert [FULL.covers(e) for e in ("e1", "e3", "e4", "m1")] == [True, True, False, False]


def test_an_empty_team_covers_everyone_but_the_manager() -> None:
    assert agreement().covers("anyone")
    assert not agreement().covers("m1")


def test_covers_needs_an_employee_id() -> None:
    rejects(lambda: FULL.covers(7), "employee_id", "must be a string, got int 7")  # type: ignore[arg-type]


# --- the 1:1 cadence over a window ----------------------------------------------------


def test_schedule_checks_the_one_on_ones() -> None:
    # every other Monday from Monday 5 January 2026, grace 3 days
    held = [D(2026, 1, 5), D(2026, 1, 22), D(2026, 2, 6)]

    def as_of(day: dt.date) -> list[tuple[dt.date, OccurrenceStatus]]:
        report = FULL.schedule(start=D(2026, 1, 5), end=D(2026, 2, 28), held=held, as_of=day)
        assert report.cadence == FULL.one_on_ones
        return [(o.due, o.status) for o in report.occurrences]

    assert as_of(D(2026, 2, 19)) == [
        (D(2026, 1, 5), OccurrenceStatus.KEPT),
        (D(2026, 1, 19), OccurrenceStatus.KEPT),  # 22 January: within 3 days
        (D(2026, 2, 2), OccurrenceStatus.LATE),  # 6 February: 4 days after
        (D(2026, 2, 16), OccurrenceStatus.NOT_YET_DUE),  # grace runs to 19 February
    ]
    assert as_of(D(2026, 2, 20))[-1] == (D(2026, 2, 16), OccurrenceStatus.MISSED)
    report = FULL.schedule(start=D(2026, 1, 5), end=D(2026, 2, 28), held=held, as_of=D(2026, 2, 20))
    assert report.compliance == 0.75


def test_schedule_defaults_to_the_period() -> None:
    held = [D(2026, 1, 12)]
    as_of = D(2026, 3, 1)
    report = FULL.schedule(held=held, as_of=as_of)
    assert (report.start, report.end) == (YEAR.start, YEAR.end)
    assert report == check_schedule(
        FULL.one_on_ones, start=YEAR.start, end=YEAR.end, held=held, as_of=as_of
    )
    # Thursday 1 January 2026: two-weekly Mondays start in the week after next
    assert report.occurrences[0].due == D(2026, 1, 12)


def test_schedule_checks_its_arguments() -> None:
    rejects(lambda: FULL.schedule(held=[], as_of="today"), "as_of", "must be a date")  # type: ignore[arg-type]
    rejects(
        lambda: FULL.schedule(start=D(2026, 6, 1), end=D(2026, 5, 1), held=[], as_of=D(2026, 6, 1)),
        "end",
        "must be on or after start 2026-06-01",
    )


# --- validation: one test per rule -----------------------------------------------------


@pytest.mark.parametrize("field", ["id", "manager_id"])
def test_ids_are_required(field: str) -> None:
    rejects(lambda: agreement(**{field: ""}), f"ManagerAgreement.{field}", "must not be empty")
    rejects(lambda: agreement(**{field: None}), f"ManagerAgreement.{field}", "is required")


def test_period_must_be_a_period() -> None:
    rejects(
        lambda: agreement(period=(D(2026, 1, 1), D(2026, 12, 31))),
        "ManagerAgreement.period",
        "must be a Period",
    )


def test_one_on_ones_must_be_a_cadence() -> None:
    rejects(
        lambda: agreement(one_on_ones="FREQ=WEEKLY"),
        "ManagerAgreement.one_on_ones",
        "must be a Cadence, got str",
    )


def test_at_most_one_deadline_per_phase() -> None:
    rejects(
        lambda: agreement(
            review_deadlines=(
                deadline(Phase.APPRAISAL, D(2026, 12, 1)),
                deadline(Phase.APPRAISAL, D(2026, 12, 15)),
            )
        ),
        "ManagerAgreement.review_deadlines",
        "must set at most one deadline per phase, repeated: appraisal",
    )


def test_deadlines_lie_on_or_after_the_period_start() -> None:
    rejects(
        lambda: agreement(
            review_deadlines=(
                deadline(Phase.GOAL_SETTING, D(2026, 1, 31)),
                deadline(Phase.APPRAISAL, D(2025, 12, 15)),
            )
        ),
        "ManagerAgreement.review_deadlines[1].by",
        "must be on or after the period start 2026-01-01, got 2025-12-15",
    )
    on_the_start = agreement(review_deadlines=(deadline(Phase.GOAL_SETTING, YEAR.start),))
    assert on_the_start.deadline_for(Phase.GOAL_SETTING) == YEAR.start


def test_deadlines_follow_the_phase_order() -> None:
    rejects(
        lambda: agreement(
            review_deadlines=(
                deadline(Phase.APPRAISAL, D(2026, 3, 1)),
                deadline(Phase.GOAL_SETTING, D(2026, 3, 31)),
            )
        ),
        "ManagerAgreement.review_deadlines",
        "appraisal by 2026-03-01 must not come before goal_setting by 2026-03-31",
    )
    same_day = agreement(
        review_deadlines=(
            deadline(Phase.APPRAISAL, D(2026, 3, 1)),
            deadline(Phase.GOAL_SETTING, D(2026, 3, 1)),
        )
    )
    assert same_day.deadline_for(Phase.APPRAISAL) == D(2026, 3, 1)


def test_deadlines_must_be_review_deadlines() -> None:
    rejects(
        lambda: agreement(review_deadlines=[deadline(Phase.APPRAISAL, D(2026, 12, 1))]),
        "ManagerAgreement.review_deadlines",
        "must be a tuple, got list",
    )
    rejects(
        lambda: agreement(review_deadlines=((Phase.APPRAISAL, D(2026, 12, 1)),)),
        "ManagerAgreement.review_deadlines[0]",
        "must hold ReviewDeadline items",
    )


@pytest.mark.parametrize("phase", [p for p in Phase if p not in OPEN_PHASES])
def test_only_open_phases_have_deadlines(phase: Phase) -> None:
    rejects(
        lambda: deadline(phase, D(2026, 12, 1)),
        "ReviewDeadline.phase",
        f"must be an open phase \\(goal_setting, implementation, appraisal, improvement\\), "
        f"got '{phase.value}'",
    )


def test_a_deadline_needs_a_phase_and_a_date() -> None:
    rejects(
        lambda: ReviewDeadline(phase="appraisal", by=D(2026, 12, 1)),  # type: ignore[arg-type]
        "ReviewDeadline.phase",
        "must be a Phase",
    )
    rejects(
        lambda: ReviewDeadline(phase=Phase.APPRAISAL, by=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)),
        "ReviewDeadline.by",
        "must be a date, got datetime",
    )
    rejects(
        lambda: ReviewDeadline(phase=Phase.APPRAISAL, by=D(2026, 12, 1), description=None),  # type: ignore[arg-type]
        "ReviewDeadline.description",
        "is required",
    )
    rejects_all(
        lambda: ReviewDeadline(phase=Phase.CLOSED, by="2026-12-01"),  # type: ignore[arg-type]
        "ReviewDeadline.phase",
        "ReviewDeadline.by",
    )


def test_team_members_are_unique() -> None:
    rejects(
        lambda: agreement(team=("e1", "e2", "e1")),
        "ManagerAgreement.team",
        "must not repeat items, repeated: 'e1'",
    )


def test_the_manager_is_not_in_the_team() -> None:
    rejects(
        lambda: agreement(team=("e1", "m1")),
        "ManagerAgreement.team",
        "must not include the manager 'm1'",
    )


def test_team_ids_are_text() -> None:
    rejects(lambda: agreement(team=("e1", "")), "ManagerAgreement.team[1]", "must not be empty")
    rejects(lambda: agreement(team=["e1"]), "ManagerAgreement.team", "must be a tuple")


def test_commitments_are_non_empty_and_unique() -> None:
    rejects(
        lambda: agreement(commitments=("Weekly 1:1s", "  ")),
        "ManagerAgreement.commitments[1]",
        "must not be empty",
    )
    rejects(
        lambda: agreement(commitments=("Weekly 1:1s", "Weekly 1:1s")),
        "ManagerAgreement.commitments",
        "must not repeat items",
    )


def test_agreed_on_is_a_date() -> None:
    rejects(
        lambda: agreement(agreed_on=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)),
        "ManagerAgreement.agreed_on",
        "must be a date, got datetime",
    )


def test_agreed_with_someone_other_than_the_manager() -> None:
    rejects(
        lambda: agreement(agreed_with="m1"),
        "ManagerAgreement.agreed_with",
        r"must be someone other than the manager \(e.g. HR\)",
    )
    rejects(lambda: agreement(agreed_with=""), "ManagerAgreement.agreed_with", "must not be empty")


def test_every_bad_field_is_reported() -> None:
    rejects_all(
        lambda: agreement(id="", team=("m1",), agreed_with="m1"),
        "ManagerAgreement.id",
        "ManagerAgreement.team",
        "ManagerAgreement.agreed_with",
    )


# --- serialization ------------------------------------------------------------------------


def test_an_agreement_round_trips() -> None:
    data = CONV.unstructure(FULL)
    assert data["period"] == {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"}
    assert data["one_on_ones"] == {
        "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "grace_days": 3,
        "early_days": 0,
    }
    assert data["review_deadlines"][0] == {
        "phase": "goal_setting",
        "by": "2026-01-31",
        "description": "Objectives agreed with every member",
    }
    assert data["team"] == ["e1", "e2", "e3"]
    assert data["agreed_on"] == "2026-01-05"
    assert CONV.structure(data, ManagerAgreement) == FULL


def test_a_stored_agreement_is_validated_with_paths() -> None:
    data = CONV.unstructure(FULL)
    data["review_deadlines"][1]["phase"] = "closed"
    data["one_on_ones"]["rule"] = "FREQ=DAILY;COUNT=5"
    error = rejects_all(
        lambda: CONV.structure(data, ManagerAgreement),
        "$.one_on_ones.rule",
        "$.review_deadlines[1].phase",
    )
    assert "must not set COUNT" in error.problems[0].message


@given(manager_agreements())
def test_any_agreement_round_trips(drawn: ManagerAgreement) -> None:
    assert CONV.structure(CONV.unstructure(drawn), ManagerAgreement) == drawn
    assert not drawn.covers(drawn.manager_id)
    assert all(drawn.covers(member) for member in drawn.team)


@given(review_deadlines())
def test_any_deadline_is_for_an_open_phase(drawn: ReviewDeadline) -> None:
    assert drawn.phase.is_open
    assert attrs.evolve(drawn) == drawn
