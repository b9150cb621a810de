"""Tests for perfcore.improvement: root causes, actions, follow-ups and the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import follow_ups, improvement_actions, root_causes

IMPROVED = pc.Outcome.IMPROVED
PARTLY = pc.Outcome.PARTLY_IMPROVED
NOT_IMPROVED = pc.Outcome.NOT_IMPROVED
FEB_1 = dt.date(2027, 2, 1)

# --- CauseCategory and RootCause ----------------------------------------------------

SUBJECTIVE = {
    pc.CauseCategory.KNOWLEDGE,
    pc.CauseCategory.EXPERIENCE,
    pc.CauseCategory.ATTITUDE,
    pc.CauseCategory.CAPACITY,
}


@pytest.mark.parametrize("category", list(pc.CauseCategory))
def test_subjective_causes_lie_with_the_person(category: pc.CauseCategory) -> None:
    assert category.is_subjective is (category in SUBJECTIVE)


def test_objective_causes() -> None:
    objective = [c for c in pc.CauseCategory if not c.is_subjective]
    assert objective == [
        pc.CauseCategory.RESOURCES,
        pc.CauseCategory.ENVIRONMENT,
        pc.CauseCategory.UNREALISTIC_GOAL,
        pc.CauseCategory.EXPECTATIONS,
    ]


CAUSE: dict[str, Any] = {
    "id": "rc1",
    "goal_id": "g1",
    "category": pc.CauseCategory.KNOWLEDGE,
    "description": "Has not used the new CRM",
}


@pytest.mark.parametrize("attribution", list(pc.Attribution))
def test_an_attitude_cause_says_where_it_lies(attribution: pc.Attribution) -> None:
    cause = pc.RootCause(
        **{**CAUSE, "category": pc.CauseCategory.ATTITUDE, "attribution": attribution}
    )
    assert cause.attribution is attribution
    assert cause.category.is_subjective


def test_other_causes_have_no_attribution() -> None:
    assert pc.RootCause(**CAUSE).attribution is None


def test_an_attitude_cause_without_attribution_is_rejected() -> None:
    rejects(
        lambda: pc.RootCause(**{**CAUSE, "category": pc.CauseCategory.ATTITUDE}),
        "RootCause.attribution",
        r"^is required for an attitude cause \(management or employee\)$",
    )


@pytest.mark.parametrize(
    "category", [c for c in pc.CauseCategory if c is not pc.CauseCategory.ATTITUDE]
)
def test_attribution_on_a_cause_other_than_attitude_is_rejected(
    category: pc.CauseCategory,
) -> None:
    rejects(
        lambda: pc.RootCause(
            **{**CAUSE, "category": category, "attribution": pc.Attribution.EMPLOYEE}
        ),
        "RootCause.attribution",
        f"^only applies to attitude causes, not {category.value}$",
    )


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("id", None, "^is required$"),
        ("id", "", "^must not be empty$"),
        ("id", "r" * 201, "^must be at most 200 characters, got 201$"),
        ("goal_id", " ", "^must not be empty$"),
        ("goal_id", 1, "^must be a string, got int 1$"),
        ("category", "knowledge", r"^must be a CauseCategory \('resources', 'environment',"),
        ("category", None, "^must be a CauseCategory .*got NoneType None$"),
        ("description", "", "^must not be empty$"),
        ("description", None, "^is required$"),
        ("attribution", "management", r"^must be a Attribution \('management', 'employee'\)"),
    ],
)
def test_root_cause_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.RootCause(**{**CAUSE, field: value}), f"RootCause.{field}", phrase)


def test_root_cause_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.RootCause(id="", goal_id="", category=pc.CauseCategory.ATTITUDE, description=""),
        "RootCause.id",
        "RootCause.goal_id",
        "RootCause.description",
        "RootCause.attribution",
    )


def test_attribution_is_not_judged_against_a_bad_category() -> None:
    rejects(
        lambda: pc.RootCause(
            **{**CAUSE, "category": "resources", "attribution": pc.Attribution.MANAGEMENT}
        ),
        "RootCause.category",
        "must be a CauseCategory",
    )


# --- ImprovementAction --------------------------------------------------------------


def action(action_id: str, *causes: str) -> pc.ImprovementAction:
    return pc.ImprovementAction(
        id=action_id,
        title=f"Action {action_id}",
        kind=pc.InterventionKind.TRAINING,
        owner_id="e-17",
        due=dt.date(2027, 3, 31),
        success_measure="Course passed",
        cause_ids=causes,
    )


def test_an_improvement_action() -> None:
    course = action("a1", "rc1", "rc2")
    assert course.cause_ids == ("rc1", "rc2")
    assert course.kind.value == "training"
    assert course.carried_from is None
    assert action("a2").cause_ids == ()


ACTION: dict[str, Any] = {
    "id": "a1",
    "title": "Negotiation course",
    "kind": pc.InterventionKind.TRAINING,
    "owner_id": "e-17",
    "due": dt.date(2027, 3, 31),
    "success_measure": "Course passed",
}


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("id", "", "^must not be empty$"),
        ("id", None, "^is required$"),
        ("title", "t" * 501, "^must be at most 500 characters, got 501$"),
        ("title", 5, "^must be a string, got int 5$"),
        ("kind", "training", r"^must be a InterventionKind \('training', 'counselling',"),
        ("owner_id", "", "^must not be empty$"),
        ("owner_id", "o" * 201, "^must be at most 200 characters, got 201$"),
        ("due", dt.datetime(2027, 3, 31, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("due", None, "^must be a date, got NoneType None$"),
        ("success_measure", "  ", "^must not be empty$"),
        ("cause_ids", ["rc1"], r"^must be a tuple, got list \['rc1'\]$"),
        ("cause_ids", ("rc1", "rc2", "rc1"), "^must not repeat items, repeated: 'rc1'$"),
        ("carried_from", "", "^must not be empty$"),
        ("carried_from", 2026, "^must be a string, got int 2026$"),
    ],
)
def test_improvement_action_rejects(field: str, value: object, phrase: str) -> None:
    rejects(
        lambda: pc.ImprovementAction(**{**ACTION, field: value}),
        f"ImprovementAction.{field}",
        phrase,
    )


@pytest.mark.parametrize(
    ("causes", "index", "phrase"),
    [
        (("",), 0, "^must not be empty$"),
        (("rc1", 2), 1, "^must be a string, got int 2$"),
        (("r" * 201,), 0, "^must be at most 200 characters, got 201$"),
    ],
)
def test_improvement_action_rejects_a_bad_cause_id(
    causes: tuple[Any, ...], index: int, phrase: str
) -> None:
    rejects(
        lambda: pc.ImprovementAction(**{**ACTION, "cause_ids": causes}),
        f"ImprovementAction.cause_ids[{index}]",
        phrase,
    )


def test_improvement_action_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.ImprovementAction(
            id="",
            title="",
            kind=None,  # type: ignore[arg-type]
            owner_id="",
            due="2027-03-31",  # type: ignore[arg-type]
            success_measure="",
            cause_ids=("x", "x"),
            carried_from="",
        ),
        "ImprovementAction.id",
        "ImprovementAction.title",
        "ImprovementAction.kind",
        "ImprovementAction.owner_id",
        "ImprovementAction.due",
        "ImprovementAction.success_measure",
        "ImprovementAction.cause_ids",
        "ImprovementAction.carried_from",
    )


# --- FollowUp -----------------------------------------------------------------------


def follow_up(action_id: str, outcome: pc.Outcome | None, day: int = 1) -> pc.FollowUp:
    return pc.FollowUp(
        action_id=action_id,
        held_on=dt.date(2027, 2, day),
        progress="Checked",
        outcome=outcome,
    )


def test_a_follow_up() -> None:
    check = pc.FollowUp(
        action_id="a1",
        held_on=FEB_1,
        progress="Half the modules done",
        deviation="Skipped two sessions",
        corrective_step="Book sessions in advance",
        outcome=PARTLY,
    )
    assert check.outcome is PARTLY
    assert follow_up("a1", None).deviation is None


FOLLOW_UP: dict[str, Any] = {"action_id": "a1", "held_on": FEB_1, "progress": "Half done"}


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("action_id", "", "^must not be empty$"),
        ("action_id", "a" * 201, "^must be at most 200 characters, got 201$"),
        ("held_on", "2027-02-01", "^must be a date, got str '2027-02-01'$"),
        ("held_on", dt.datetime(2027, 2, 1, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("progress", "", "^must not be empty$"),
        ("progress", None, "^is required$"),
        ("deviation", "", "^must not be empty$"),
        ("corrective_step", " ", "^must not be empty$"),
        ("corrective_step", 1, "^must be a string, got int 1$"),
        ("outcome", "improved", r"^must be a Outcome \('improved', 'partly_improved',"),
        ("outcome", True, "^must be a Outcome .*got bool True$"),
    ],
)
def test_follow_up_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.FollowUp(**{**FOLLOW_UP, field: value}), f"FollowUp.{field}", phrase)


def test_follow_up_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.FollowUp(action_id="", held_on=None, progress="", outcome="done"),  # type: ignore[arg-type]
        "FollowUp.action_id",
        "FollowUp.held_on",
        "FollowUp.progress",
        "FollowUp.outcome",
    )


# --- ImprovementPlan ----------------------------------------------------------------

A1, A2, A3 = action("a1", "rc1"), action("a2", "rc2"), action("a3", "rc3")


def plan(
    *checks: pc.FollowUp, actions: tuple[pc.ImprovementAction, ...] = (A1, A2, A3)
) -> pc.ImprovementPlan:
    return pc.ImprovementPlan(actions=actions, follow_ups=checks)


def test_an_empty_plan_has_no_outcome_and_nothing_open() -> None:
    empty = plan(actions=())
    assert empty.open_actions == ()
    assert empty.outcome is None
    assert empty.outcome_of("a1") is None
    assert empty.follow_ups_for("a1") == ()


def test_before_any_follow_up_every_action_is_open() -> None:
    fresh = plan()
    assert fresh.open_actions == (A1, A2, A3)
    assert fresh.outcome is None
    assert [fresh.outcome_of(a) for a in ("a1", "a2", "a3")] == [None, None, None]


def test_an_action_without_an_outcome_keeps_the_plan_undecided() -> None:
    p = plan(follow_up("a1", IMPROVED), follow_up("a2", PARTLY), follow_up("a3", None))
    assert p.outcome_of("a1") is IMPROVED
    assert p.outcome_of("a2") is PARTLY
    assert p.outcome_of("a3") is None
    assert p.open_actions == (A2, A3)
    assert p.outcome is None


def test_the_latest_outcome_of_an_action_counts() -> None:
    first, second, third = (
        follow_up("a1", PARTLY, 1),
        follow_up("a1", IMPROVED, 8),
        follow_up("a1", None, 15),
    )
    p = plan(
        first,
        follow_up("a2", IMPROVED, 2),
        second,
        follow_up("a2", NOT_IMPROVED, 9),  # improved, then slipped back: open again
        third,  # no outcome recorded: a1 stays improved
        actions=(A1, A2),
    )
    assert p.follow_ups_for("a1") == (first, second, third)
    assert p.outcome_of("a1") is IMPROVED
    assert p.outcome_of("a2") is NOT_IMPROVED
    assert p.open_actions == (A2,)
    assert p.outcome is PARTLY


@pytest.mark.parametrize(
    ("outcomes", "plan_outcome", "open_ids"),
    [
        ((IMPROVED, IMPROVED, IMPROVED), IMPROVED, ()),
        ((NOT_IMPROVED, NOT_IMPROVED, NOT_IMPROVED), NOT_IMPROVED, ("a1", "a2", "a3")),
        ((PARTLY, PARTLY, PARTLY), PARTLY, ("a1", "a2", "a3")),
        ((IMPROVED, NOT_IMPROVED, IMPROVED), PARTLY, ("a2",)),
        ((IMPROVED, PARTLY, NOT_IMPROVED), PARTLY, ("a2", "a3")),
        ((NOT_IMPROVED, PARTLY, NOT_IMPROVED), PARTLY, ("a1", "a2", "a3")),
        ((IMPROVED, IMPROVED, None), None, ("a3",)),
        ((None, None, None), None, ("a1", "a2", "a3")),
    ],
)
def test_plan_outcome_from_the_outcomes_of_its_actions(
    outcomes: tuple[pc.Outcome | None, ...],
    plan_outcome: pc.Outcome | None,
    open_ids: tuple[str, ...],
) -> None:
    checks = [
        follow_up(a, o) for a, o in zip(("a1", "a2", "a3"), outcomes, strict=True) if o is not None
    ]
    p = plan(*checks)
    assert p.outcome is plan_outcome
    assert tuple(a.id for a in p.open_actions) == open_ids


def test_a_one_action_plan_takes_the_outcome_of_its_action() -> None:
    for outcome in pc.Outcome:
        assert plan(follow_up("a1", outcome), actions=(A1,)).outcome is outcome


def test_a_plan_refuses_follow_ups_of_unknown_actions_and_repeated_ids() -> None:
    rejects(
        lambda: plan(follow_up("a1", IMPROVED), follow_up("zz", IMPROVED), actions=(A1,)),
        "ImprovementPlan.follow_ups[1].action_id",
        "^no action 'zz' in the plan$",
    )
    rejects(
        lambda: plan(actions=(A1, A1)),
        "ImprovementPlan.actions",
        "^repeat action id\\(s\\): a1$",
    )


@pytest.mark.parametrize(
    ("field", "value", "path", "phrase"),
    [
        ("actions", [A1], "actions", r"^must be a tuple, got list \[ImprovementAction"),
        ("actions", None, "actions", "^must be a tuple, got NoneType None$"),
        ("actions", (A1, "a2"), "actions[1]", "^must hold ImprovementAction items, got str 'a2'$"),
        (
            "actions",
            (follow_up("a1", None),),
            "actions[0]",
            "^must hold ImprovementAction items, got FollowUp",
        ),
        ("follow_ups", [], "follow_ups", r"^must be a tuple, got list \[\]$"),
        ("follow_ups", (A1,), "follow_ups[0]", "^must hold FollowUp items, got ImprovementAction"),
    ],
)
def test_improvement_plan_rejects(field: str, value: object, path: str, phrase: str) -> None:
    kwargs: dict[str, Any] = {"actions": (A1,), "follow_ups": (), field: value}
    rejects(lambda: pc.ImprovementPlan(**kwargs), f"ImprovementPlan.{path}", phrase)


def test_improvement_plan_reports_both_bad_fields() -> None:
    rejects_all(
        lambda: pc.ImprovementPlan(actions=[A1], follow_ups=[]),  # type: ignore[arg-type]
        "ImprovementPlan.actions",
        "ImprovementPlan.follow_ups",
    )


# --- properties ---------------------------------------------------------------------


@given(st.sampled_from(["g1", "g2"]).flatmap(lambda g: root_causes(goal_id=g)))
def test_root_causes_are_value_objects(cause: pc.RootCause) -> None:
    check_value_object(cause)
    assert (cause.attribution is not None) == (cause.category is pc.CauseCategory.ATTITUDE)


@given(improvement_actions(cause_ids=("rc1", "rc2", "rc3")))
def test_improvement_actions_are_value_objects(item: pc.ImprovementAction) -> None:
    check_value_object(item)


@given(follow_ups(held_on=FEB_1))
def test_follow_ups_are_value_objects(item: pc.FollowUp) -> None:
    check_value_object(item)


@st.composite
def plans(draw: st.DrawFn) -> pc.ImprovementPlan:
    actions = draw(st.lists(improvement_actions(), max_size=4, unique_by=lambda a: a.id))
    action_ids = [a.id for a in actions] or ["none"]
    checks = draw(
        st.lists(
            st.sampled_from(action_ids).flatmap(lambda a: follow_ups(action_id=a, held_on=FEB_1)),
            max_size=8 if actions else 0,
        )
    )
    return pc.ImprovementPlan(actions=tuple(actions), follow_ups=tuple(checks))


@given(plans())
def test_plan_invariants(p: pc.ImprovementPlan) -> None:
    check_value_object(p)
    latest = {a.id: p.outcome_of(a.id) for a in p.actions}
    for item in p.actions:
        recorded = [f.outcome for f in p.follow_ups_for(item.id) if f.outcome is not None]
        assert latest[item.id] == (recorded[-1] if recorded else None)
        assert all(f.action_id == item.id for f in p.follow_ups_for(item.id))
    assert p.open_actions == tuple(a for a in p.actions if latest[a.id] is not IMPROVED)
    if not p.actions or None in latest.values():
        assert p.outcome is None
    elif not p.open_actions:
        assert p.outcome is IMPROVED
    elif all(o is NOT_IMPROVED for o in latest.values()):
        assert p.outcome is NOT_IMPROVED
    else:
        assert p.outcome is PARTLY
