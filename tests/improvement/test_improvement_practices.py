"""Practices to share: what worked on goals the manager rated exceeded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from builders import appraisal_ready
from expect import check_value_object, rejects, rejects_all
from perfcore.improvement import PracticeToShare, practices_to_share
from perfcore.serialization import make_converter
from perfcore.testing._improvement_strategies import practices
from perfcore.testing.strategies import assessments, goals, ids

A = pc.Achievement
REFERRALS = pc.Goal(
    id="g1",
    title="Win 5 new accounts",
    methods=("Ask happy clients for referrals", "Quarterly client lunches"),
)
UPTIME = pc.Goal(id="g2", title="99.9% uptime", methods=("Weekly failover drills",))
DOCS = pc.Goal(id="g3", title="Document the API")


def rated(goal_id: str, achievement: pc.Achievement, value: float, text: str) -> pc.GoalRating:
    return pc.GoalRating(
        goal_id=goal_id,
        achievement=achievement,
        rating=pc.Rating(value=value, basis=pc.Basis(text=text, evidence=(f"crm:{goal_id}",))),
    )


REVIEW = pc.Assessment(
    source=pc.AssessmentSource.MANAGER,
    goal_ratings=(
        rated("g2", A.EXCEEDED, 4.5, "No outage all year; drills caught two faults"),
        rated("g1", A.EXCEEDED, 5, "9 accounts, 6 of them from referrals"),
        rated("g3", A.MET, 3, "Done"),
        rated("g9", A.EXCEEDED, 5, "A goal of another list"),
    ),
)


def test_worked_example() -> None:
    found = practices_to_share(
        (REFERRALS, UPTIME, DOCS), REVIEW, employee_id="e-17", cycle_id="e-17/2027"
    )
    assert found == (
        PracticeToShare(
            goal_id="g1",
            goal_title="Win 5 new accounts",
            employee_id="e-17",
            cycle_id="e-17/2027",
            what_worked="9 accounts, 6 of them from referrals",
            methods=("Ask happy clients for referrals", "Quarterly client lunches"),
            evidence=("crm:g1",),
            rating=5,
        ),
        PracticeToShare(
            goal_id="g2",
            goal_title="99.9% uptime",
            employee_id="e-17",
            cycle_id="e-17/2027",
            what_worked="No outage all year; drills caught two faults",
            methods=("Weekly failover drills",),
            evidence=("crm:g2",),
            rating=4.5,
        ),
    )


def test_rows_for_a_data_frame() -> None:
    (first, _) = practices_to_share((REFERRALS, UPTIME), REVIEW, employee_id="e-17")
    record = first.as_record()
    assert record == {
        "goal_id": "g1",
        "goal_title": "Win 5 new accounts",
        "employee_id": "e-17",
        "cycle_id": None,
        "what_worked": "9 accounts, 6 of them from referrals",
        "methods": ["Ask happy clients for referrals", "Quarterly client lunches"],
        "evidence": ["crm:g1"],
        "rating": 5,
    }
    assert json.loads(json.dumps(record)) == record


def test_goal_order_decides() -> None:
    found = practices_to_share((UPTIME, REFERRALS), REVIEW, employee_id="e-17")
    assert [p.goal_id for p in found] == ["g2", "g1"]


def test_goals_not_exceeded_or_not_rated_give_none() -> None:
    assert practices_to_share((DOCS,), REVIEW, employee_id="e-17") == ()
    unrated = pc.Goal(id="g4", title="Mentor a junior")
    assert practices_to_share((unrated,), REVIEW, employee_id="e-17") == ()
    assert practices_to_share((), REVIEW, employee_id="e-17") == ()


def test_from_a_cycle() -> None:
    cycle = appraisal_ready()  # g2 exceeded
    assert cycle.manager_assessment is not None
    (practice,) = practices_to_share(
        cycle.active_goals,
        cycle.manager_assessment,
        employee_id=cycle.employee_id,
        cycle_id=cycle.id,
    )
    assert (practice.goal_id, practice.what_worked, practice.rating) == ("g2", "basis for g2", 5)
    assert [g.id for g in cycle.exceeded_goals] == [practice.goal_id]


@given(
    st.lists(ids(), unique=True, max_size=5).flatmap(
        lambda goal_ids: st.tuples(
            st.tuples(*(goals(goal_id=st.just(g)) for g in goal_ids)),
            assessments(
                source=st.just(pc.AssessmentSource.MANAGER),
                goal_ids=st.lists(st.sampled_from(goal_ids)) if goal_ids else st.just([]),
            ),
        )
    )
)
def test_one_practice_per_exceeded_goal(drawn: tuple[tuple[pc.Goal, ...], pc.Assessment]) -> None:
    goal_list, assessment = drawn
    found = practices_to_share(goal_list, assessment, employee_id="emp")
    exceeded = [
        g
        for g in goal_list
        if (r := assessment.rating_for(g.id)) is not None and r.achievement is A.EXCEEDED
    ]
    assert [p.goal_id for p in found] == [g.id for g in exceeded]
    for practice, goal in zip(found, exceeded, strict=True):
        rating = assessment.rating_for(goal.id)
        assert rating is not None
        assert practice.goal_title == goal.title
        assert practice.methods == goal.methods
        assert practice.what_worked == rating.rating.basis.text
        assert practice.evidence == rating.rating.basis.evidence
        assert practice.rating == rating.rating.value


@given(practices())
def test_practices_are_value_objects(practice: PracticeToShare) -> None:
    check_value_object(practice)


@given(practices())
def test_the_converter_round_trips_a_practice(practice: PracticeToShare) -> None:
    conv = make_converter()
    data = json.loads(json.dumps(conv.unstructure(practice)))
    assert data == practice.as_record()
    assert conv.structure(data, PracticeToShare) == practice


# --- refusals -------------------------------------------------------------------------

PRACTICE: dict[str, Any] = {
    "goal_id": "g1",
    "goal_title": "Win 5 new accounts",
    "employee_id": "e-17",
    "cycle_id": None,
    "what_worked": "Referrals",
    "rating": 5,
}


@pytest.mark.parametrize(
    ("field", "bad", "phrase"),
    [
        ("goal_id", "", "must not be empty"),
        ("goal_title", "x" * 501, "at most 500 characters"),
        ("employee_id", None, "is required"),
        ("cycle_id", " ", "must not be empty"),
        ("what_worked", 3, "must be a string"),
        ("methods", ["a"], "must be a tuple"),
        ("evidence", ("",), "must not be empty"),
        ("rating", float("nan"), "must be a finite number"),
    ],
)
def test_bad_practices_are_refused(field: str, bad: object, phrase: str) -> None:
    path = f"PracticeToShare.{field}" + ("[0]" if field == "evidence" else "")
    rejects(lambda: PracticeToShare(**{**PRACTICE, field: bad}), path, phrase)


def test_goals_must_be_distinct_goals() -> None:
    rejects(lambda: practices_to_share("g1", REVIEW, employee_id="e"), "goals", "sequence of Goal")  # type: ignore[arg-type]
    rejects(
        lambda: practices_to_share((REFERRALS, 1), REVIEW, employee_id="e"),  # type: ignore[arg-type]
        "goals[1]",
        "must be a Goal, got int 1",
    )
    rejects(
        lambda: practices_to_share((REFERRALS, REFERRALS), REVIEW, employee_id="e"),
        "goals[1].id",
        r"'g1' is already the id of goals\[0\]",
    )


def test_the_assessment_must_be_the_managers() -> None:
    self_review = pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=REVIEW.goal_ratings)
    rejects(
        lambda: practices_to_share((REFERRALS,), self_review, employee_id="e"),
        "assessment.source",
        "^must be the manager's assessment, got 'self'$",
    )
    rejects(
        lambda: practices_to_share((REFERRALS,), None, employee_id="e"),  # type: ignore[arg-type]
        "assessment",
        "must be an Assessment, got NoneType",
    )


@pytest.mark.parametrize("bad", ["", None, 7, "x" * 201])
def test_employee_id_must_be_an_id(bad: object) -> None:
    rejects(
        lambda: practices_to_share((REFERRALS,), REVIEW, employee_id=bad),  # type: ignore[arg-type]
        "employee_id",
        "must be a non-empty string of at most 200 characters",
    )


@pytest.mark.parametrize("bad", ["", "  ", 2027])
def test_cycle_id_is_none_or_an_id(bad: object) -> None:
    rejects(
        lambda: practices_to_share((REFERRALS,), REVIEW, employee_id="e", cycle_id=bad),  # type: ignore[arg-type]
        "cycle_id",
        "must be None or a non-empty string",
    )


def test_every_bad_argument_is_reported() -> None:
    rejects_all(
        lambda: practices_to_share(None, "review", employee_id="", cycle_id=1),  # type: ignore[arg-type]
        "goals",
        "assessment",
        "employee_id",
        "cycle_id",
    )
