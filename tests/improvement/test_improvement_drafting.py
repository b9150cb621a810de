"""Drafting an improvement plan from unmet goals and their root causes, and editing it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from builders import appraisal_ready, improvement_entered, when
from expect import check_value_object, rejects, rejects_all
from perfcore.improvement import (
    CauseInterventions,
    PlanDraft,
    draft_plan,
)
from perfcore.improvement import InterventionKind as K
from perfcore.serialization import make_converter
from perfcore.testing._improvement_strategies import cause_interventions, plan_drafts
from perfcore.testing.strategies import MANAGER, ids, improvement_actions, root_causes
from perfcore.testing.strategies import goals as any_goal

C = pc.CauseCategory
MANAGEMENT, EMPLOYEE = pc.Attribution.MANAGEMENT, pc.Attribution.EMPLOYEE
JAN_15 = dt.date(2027, 1, 15)
APR_15 = dt.date(2027, 4, 15)  # 15 January + 90 days: 16 + 28 + 31 + 15

REVENUE = pc.Goal(id="g1", title="Grow revenue to 1.2M", weight=60)
DEFECTS = pc.Goal(id="g2", title="Cut defects to 5", weight=30)
PORTAL = pc.Goal(id="g3", title="Launch the partner portal", weight=10)


def cause(
    cause_id: str,
    goal_id: str,
    category: pc.CauseCategory,
    attribution: pc.Attribution | None = None,
) -> pc.RootCause:
    return pc.RootCause(
        id=cause_id,
        goal_id=goal_id,
        category=category,
        description=f"{category.value} behind {goal_id}",
        attribution=attribution,
    )


NEW_PRODUCT = cause("rc1", "g1", C.KNOWLEDGE)
NO_FEEDBACK = cause("rc2", "g1", C.ATTITUDE, MANAGEMENT)
NO_BUDGET = cause("rc3", "g3", C.RESOURCES)
ELSEWHERE = cause("rc9", "g7", C.KNOWLEDGE)  # a cause of a goal that was met: ignored
OLD_ACTION = pc.ImprovementAction(
    id="a-old",
    title="Budget for the portal",
    kind=K.REMOVE_OBSTACLES,
    owner_id="m-3",
    due=dt.date(2027, 2, 28),
    success_measure="Budget approved",
    cause_ids=("rc3",),
    carried_from="c-2026",
)


def draft(**changes: Any) -> PlanDraft:
    arguments: dict[str, Any] = {
        "goals": (REVENUE, DEFECTS, PORTAL),
        "root_causes": (NEW_PRODUCT, NO_FEEDBACK, NO_BUDGET, ELSEWHERE),
        "employee_id": "e-17",
        "manager_id": "m-3",
        "on": JAN_15,
        "existing": (OLD_ACTION,),
    }
    arguments.update(changes)
    return draft_plan(**arguments)


def test_worked_example() -> None:
    drafted = draft()
    assert drafted.actions == (
        pc.ImprovementAction(
            id="rc1-training",
            title="Training: Grow revenue to 1.2M",
            kind=K.TRAINING,
            owner_id="e-17",
            due=APR_15,
            success_measure="Training completed and applied:"
            " 'Grow revenue to 1.2M' met at the next appraisal",
            cause_ids=("rc1",),
        ),
        pc.ImprovementAction(
            id="rc2-management_fix",
            title="Management fix: Grow revenue to 1.2M",
            kind=K.MANAGEMENT_FIX,
            owner_id="m-3",
            due=APR_15,
            success_measure="Management practice changed and confirmed with the employee:"
            " 'Grow revenue to 1.2M' met at the next appraisal",
            cause_ids=("rc2",),
        ),
    )
    assert drafted.unanalysed_goal_ids == ("g2",)
    assert drafted.covered_cause_ids == ("rc3",)
    assert drafted.explanations == (
        (
            "'rc1': knowledge on 'g1' → training (allowed: training, counselling);"
            " owner: employee 'e-17'"
        ),
        (
            "'rc2': attitude (management) on 'g1' → management fix"
            " (allowed: management fix, coaching); owner: manager 'm-3'"
        ),
        "'g2' has no root cause: analyse it before planning",
        (
            "'rc3': resources on 'g3' is already addressed by 'a-old' (remove obstacles);"
            " no new action"
        ),
    )


def test_more_kinds_per_cause() -> None:
    drafted = draft(kinds_per_cause=2, existing=())
    assert [(a.id, a.kind) for a in drafted.actions] == [
        ("rc1-training", K.TRAINING),
        ("rc1-counselling", K.COUNSELLING),
        ("rc2-management_fix", K.MANAGEMENT_FIX),
        ("rc2-coaching", K.COACHING),
        ("rc3-remove_obstacles", K.REMOVE_OBSTACLES),  # only one is allowed
    ]
    assert drafted.covered_cause_ids == ()


def test_a_configured_mapping_decides() -> None:
    mapping = CauseInterventions(knowledge=(K.MENTORING,), resources=(K.REDESIGN,))
    drafted = draft(interventions=mapping)
    assert [a.id for a in drafted.actions] == [
        "rc1-mentoring",
        "rc2-management_fix",
        "rc3-redesign",  # the old action no longer follows from the cause
    ]
    assert drafted.covered_cause_ids == ()
    assert drafted.explanations[-1] == (
        "'rc3': resources on 'g3' → redesign (allowed: redesign); owner: manager 'm-3';"
        " existing 'a-old' (remove obstacles) does not follow from it"
    )


def test_the_due_date_is_counted_from_the_day_of_drafting() -> None:
    drafted = draft(due_in_days=1)
    assert {a.due for a in drafted.actions} == {dt.date(2027, 1, 16)}
    assert {a.due for a in draft(due_in_days=3660).actions} == {dt.date(2037, 1, 22)}


@pytest.mark.parametrize(
    ("root_cause", "owner"),
    [
        (cause("rc", "g1", C.RESOURCES), "m-3"),
        (cause("rc", "g1", C.ENVIRONMENT), "m-3"),
        (cause("rc", "g1", C.UNREALISTIC_GOAL), "m-3"),
        (cause("rc", "g1", C.EXPECTATIONS), "m-3"),
        (cause("rc", "g1", C.KNOWLEDGE), "e-17"),
        (cause("rc", "g1", C.EXPERIENCE), "e-17"),
        (cause("rc", "g1", C.ATTITUDE, MANAGEMENT), "m-3"),
        (cause("rc", "g1", C.ATTITUDE, EMPLOYEE), "e-17"),
        (cause("rc", "g1", C.CAPACITY), "m-3"),
    ],
)
def test_owners(root_cause: pc.RootCause, owner: str) -> None:
    drafted = draft(goals=(REVENUE,), root_causes=(root_cause,), existing=(), kinds_per_cause=9)
    assert {a.owner_id for a in drafted.actions} == {owner}


SUCCESS = {
    K.TRAINING: "Training completed and applied",
    K.COUNSELLING: "Counselling completed and applied",
    K.PRACTICE: "Practice opportunities taken",
    K.STRETCH_ASSIGNMENT: "Stretch assignment completed",
    K.ROTATION: "Rotation completed",
    K.MENTORING: "Mentoring sessions held",
    K.COACHING: "Coaching held and the agreed change seen at follow-ups",
    K.CONVERSATION: "Conversation held and the agreed change seen at follow-ups",
    K.MANAGEMENT_FIX: "Management practice changed and confirmed with the employee",
    K.CLARIFY_EXPECTATIONS: "Expectations clarified and agreed with the employee",
    K.REMOVE_OBSTACLES: "Obstacles removed and confirmed with the employee",
    K.REDESIGN: "Goal or role redesigned and agreed with the employee",
}


@pytest.mark.parametrize("kind", list(K))
def test_titles_and_success_measures(kind: K) -> None:
    (action,) = draft(
        goals=(DEFECTS,),
        root_causes=(cause("rc5", "g2", C.CAPACITY),),
        interventions=CauseInterventions(capacity=(kind,)),
    ).actions
    words = kind.value.replace("_", " ")
    assert action.title == f"{words[0].upper()}{words[1:]}: Cut defects to 5"
    assert (
        action.success_measure == f"{SUCCESS[kind]}: 'Cut defects to 5' met at the next appraisal"
    )
    assert action.id == f"rc5-{kind.value}"


def test_a_long_title_is_cut_to_the_limit() -> None:
    long_goal = pc.Goal(id="g1", title="x" * 500)
    (action,) = draft(goals=(long_goal,), root_causes=(NEW_PRODUCT,)).actions
    assert len(action.title) == 500
    assert action.title.startswith("Training: xxx")
    assert action.title.endswith("x…")


def test_a_taken_id_gets_a_number() -> None:
    taken = attrs.evolve(OLD_ACTION, id="rc1-training", cause_ids=())
    also_taken = attrs.evolve(OLD_ACTION, id="rc1-training-2", cause_ids=())
    drafted = draft(existing=(taken, also_taken))
    assert [a.id for a in drafted.actions] == [
        "rc1-training-3",
        "rc2-management_fix",
        "rc3-remove_obstacles",
    ]


def test_a_long_cause_id_is_cut_to_fit() -> None:
    long_id = "c" * 200
    drafted = draft(
        goals=(REVENUE,), root_causes=(cause(long_id, "g1", C.EXPERIENCE),), kinds_per_cause=2
    )
    assert [a.id for a in drafted.actions] == [
        "c" * 191 + "-practice",
        "c" * 181 + "-stretch_assignment",
    ]
    assert all(a.cause_ids == (long_id,) for a in drafted.actions)
    taken = attrs.evolve(OLD_ACTION, id="c" * 191 + "-practice", cause_ids=())
    (action,) = draft(
        goals=(REVENUE,), root_causes=(cause(long_id, "g1", C.EXPERIENCE),), existing=(taken,)
    ).actions
    assert action.id == "c" * 189 + "-practice-2"


def test_nothing_to_draft() -> None:
    empty = draft(goals=(), root_causes=(), existing=())
    assert empty == PlanDraft(actions=())
    only_unanalysed = draft(root_causes=(ELSEWHERE,))
    assert only_unanalysed.actions == ()
    assert only_unanalysed.unanalysed_goal_ids == ("g1", "g2", "g3")


def test_from_a_cycle() -> None:
    cycle = appraisal_ready()  # g1 partly met for lack of knowledge (rc1)
    drafted = draft_plan(
        cycle.unmet_goals,
        cycle.root_causes,
        employee_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        on=when(46).date(),
        existing=cycle.actions,
    )
    assert [(a.id, a.kind, a.owner_id) for a in drafted.actions] == [
        ("rc1-training", K.TRAINING, "emp")
    ]
    for action in drafted.actions:
        cycle = cycle.add_improvement_action(action, by=MANAGER, at=when(46))
    assert cycle.actions == drafted.actions
    assert cycle.advance(by=MANAGER, at=when(47)).phase is pc.Phase.IMPROVEMENT


def test_an_action_already_in_the_cycle_covers_its_cause() -> None:
    cycle = improvement_entered()  # a1 (training) addresses rc1
    drafted = draft_plan(
        cycle.unmet_goals,
        cycle.root_causes,
        employee_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        on=when(48).date(),
        existing=cycle.actions,
    )
    assert drafted.actions == ()
    assert drafted.covered_cause_ids == ("rc1",)


# --- the acceptance property ------------------------------------------------------------


@st.composite
def drafting_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """Unmet goals, their causes (and causes of other goals), existing actions, a mapping."""
    goal_ids = draw(st.lists(ids(), unique=True, max_size=5))
    other_goal_ids = draw(st.lists(ids().filter(lambda g: g not in goal_ids), max_size=2))
    goals = tuple(draw(any_goal(goal_id=st.just(g))) for g in goal_ids)
    owners = [*goal_ids, *other_goal_ids]
    causes: list[pc.RootCause] = []
    if owners:
        count = draw(st.integers(0, 8))
        cause_ids = draw(st.lists(ids(), unique=True, min_size=count, max_size=count))
        causes = [
            attrs.evolve(draw(root_causes(goal_id=st.sampled_from(owners))), id=cause_id)
            for cause_id in cause_ids
        ]
    known_cause_ids = [c.id for c in causes]
    existing_ids = draw(st.lists(ids(), unique=True, max_size=3))
    if draw(st.booleans()) and known_cause_ids:  # an existing action takes a draft's id
        existing_ids.append(
            f"{draw(st.sampled_from(known_cause_ids))}-{draw(st.sampled_from(K)).value}"
        )
        existing_ids = list(dict.fromkeys(existing_ids))
    existing = tuple(
        draw(
            improvement_actions(
                action_id=st.just(action_id),
                cause_ids=st.lists(st.sampled_from(known_cause_ids), max_size=2)
                if known_cause_ids
                else st.just(()),
            )
        )
        for action_id in existing_ids
    )
    return {
        "goals": goals,
        "root_causes": tuple(draw(st.permutations(causes))),
        "employee_id": "emp",
        "manager_id": "mgr",
        "on": draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))),
        "interventions": draw(cause_interventions()),
        "due_in_days": draw(st.integers(1, 3660)),
        "kinds_per_cause": draw(st.integers(1, 5)),
        "existing": existing,
    }


@given(drafting_inputs())
def test_every_analysed_shortfall_gets_an_action_that_follows_from_its_cause(
    inputs: dict[str, Any],
) -> None:
    drafted = draft_plan(**inputs)
    mapping: CauseInterventions = inputs["interventions"]
    k: int = inputs["kinds_per_cause"]
    goal_ids = {g.id for g in inputs["goals"]}
    causes = [c for c in inputs["root_causes"] if c.goal_id in goal_ids]
    every_action = (*inputs["existing"], *drafted.actions)
    for goal in inputs["goals"]:
        of_goal = [c for c in causes if c.goal_id == goal.id]
        assert (goal.id in drafted.unanalysed_goal_ids) is (not of_goal)
        for root_cause in of_goal:  # each cause, not only one per goal
            assert any(
                root_cause.id in a.cause_ids and mapping.follows_from(a.kind, root_cause)
                for a in every_action
            )
    by_id = {c.id: c for c in causes}
    for action in drafted.actions:
        (cause_id,) = action.cause_ids
        assert action.kind in mapping.allowed_for(by_id[cause_id])[:k]
        assert cause_id not in drafted.covered_cause_ids


@given(drafting_inputs())
def test_the_draft_is_complete_and_consistent(inputs: dict[str, Any]) -> None:
    drafted = draft_plan(**inputs)
    mapping: CauseInterventions = inputs["interventions"]
    k: int = inputs["kinds_per_cause"]
    goal_ids = [g.id for g in inputs["goals"]]
    causes = [c for c in inputs["root_causes"] if c.goal_id in goal_ids]
    existing_ids = {a.id for a in inputs["existing"]}
    assert drafted.unanalysed_goal_ids == tuple(
        g for g in goal_ids if all(c.goal_id != g for c in causes)
    )
    # Ids are new, and the draft fits into a plan next to the existing actions.
    assert not existing_ids & {a.id for a in drafted.actions}
    pc.ImprovementPlan(actions=(*inputs["existing"], *drafted.actions), follow_ups=())
    for root_cause in causes:
        mine = [a for a in drafted.actions if a.cause_ids == (root_cause.id,)]
        allowed = mapping.allowed_for(root_cause)
        if root_cause.id in drafted.covered_cause_ids:
            assert mine == []
        else:
            assert [a.kind for a in mine] == list(allowed[:k])
        on_employee = root_cause.category in (C.KNOWLEDGE, C.EXPERIENCE) or (
            root_cause.attribution is EMPLOYEE
        )
        assert {a.owner_id for a in mine} <= {"emp" if on_employee else "mgr"}
    assert {a.due for a in drafted.actions} <= {
        inputs["on"] + dt.timedelta(days=inputs["due_in_days"])
    }
    # Actions come in goal order, then cause order.
    order = [c.id for g in goal_ids for c in causes if c.goal_id == g]
    drafted_order = [a.cause_ids[0] for a in drafted.actions]
    assert drafted_order == sorted(drafted_order, key=order.index)
    assert draft_plan(**inputs) == drafted  # deterministic


@given(drafting_inputs())
def test_the_default_mapping_drafts_one_action_per_uncovered_cause(
    inputs: dict[str, Any],
) -> None:
    drafted = draft_plan(**{**inputs, "interventions": CauseInterventions(), "kinds_per_cause": 1})
    goal_ids = {g.id for g in inputs["goals"]}
    analysed = [c for c in inputs["root_causes"] if c.goal_id in goal_ids]
    assert len(drafted.actions) + len(drafted.covered_cause_ids) == len(analysed)


# --- editing the draft --------------------------------------------------------------------


def test_the_manager_edits_the_draft() -> None:
    drafted = draft()
    training = drafted.actions[0]
    course = attrs.evolve(training, title="Product course, module 1-4", due=dt.date(2027, 3, 1))
    edited = drafted.replace(course)
    assert edited.actions == (course, drafted.actions[1])
    mentoring = pc.ImprovementAction(
        id="mentor",
        title="Pair with a senior account manager",
        kind=K.MENTORING,
        owner_id="e-17",
        due=APR_15,
        success_measure="Two joint client meetings a month",
        cause_ids=("rc1",),
    )
    edited = edited.add(mentoring).remove("rc2-management_fix")
    assert [a.id for a in edited.actions] == ["rc1-training", "mentor"]
    assert edited.explanations[len(drafted.explanations) :] == (
        "replaced 'rc1-training': training, owner 'e-17', due 2027-03-01",
        "added 'mentor': mentoring, owner 'e-17', due 2027-04-15",
        "removed 'rc2-management_fix'",
    )
    assert edited.unanalysed_goal_ids == drafted.unanalysed_goal_ids
    assert edited.covered_cause_ids == drafted.covered_cause_ids
    assert drafted == draft()  # the original is unchanged
    assert drafted.action("rc1-training") == training
    assert drafted.action("nope") is None


@given(plan_drafts())
def test_removing_every_action_leaves_an_empty_draft(drafted: PlanDraft) -> None:
    emptied = drafted
    for action in drafted.actions:
        emptied = emptied.remove(action.id)
    assert emptied.actions == ()
    assert len(emptied.explanations) == len(drafted.explanations) + len(drafted.actions)


@given(plan_drafts())
def test_replacing_an_action_by_itself_keeps_the_actions(drafted: PlanDraft) -> None:
    for action in drafted.actions:
        assert drafted.replace(action).actions == drafted.actions


def test_replace_needs_a_known_id() -> None:
    drafted = draft()
    rejects(
        lambda: drafted.replace(attrs.evolve(drafted.actions[0], id="x")),
        "action.id",
        r"^no action 'x' in the draft \(actions: 'rc1-training', 'rc2-management_fix'\)$",
    )


def test_replace_needs_an_action() -> None:
    rejects(
        lambda: draft().replace("rc1-training"),  # type: ignore[arg-type]
        "action",
        "must be an ImprovementAction, got str 'rc1-training'",
    )


def test_remove_needs_a_known_id() -> None:
    rejects(
        lambda: draft().remove("a-old"),
        "action_id",
        r"no action 'a-old' in the draft",
    )
    rejects(lambda: PlanDraft(actions=()).remove("a"), "action_id", r"\(actions: none\)$")


def test_remove_needs_an_id() -> None:
    rejects(lambda: draft().remove(1), "action_id", "must be a string, got int 1")  # type: ignore[arg-type]


def test_add_needs_a_new_id() -> None:
    drafted = draft()
    rejects(
        lambda: drafted.add(attrs.evolve(OLD_ACTION, id="rc2-management_fix")),
        "action.id",
        "^'rc2-management_fix' is already in the draft$",
    )


def test_add_needs_an_action() -> None:
    rejects(lambda: draft().add(None), "action", "must be an ImprovementAction")  # type: ignore[arg-type]


# --- the draft as a record ----------------------------------------------------------------


@given(plan_drafts())
def test_drafts_are_value_objects(drafted: PlanDraft) -> None:
    check_value_object(drafted)


@given(plan_drafts())
def test_the_converter_round_trips_a_draft(drafted: PlanDraft) -> None:
    conv = make_converter()
    data = json.loads(json.dumps(conv.unstructure(drafted)))
    assert conv.structure(data, PlanDraft) == drafted


def test_a_draft_repeats_no_action_id() -> None:
    rejects(
        lambda: PlanDraft(actions=(OLD_ACTION, OLD_ACTION)),
        "PlanDraft.actions",
        "repeat action id",
    )


def test_a_draft_holds_actions() -> None:
    rejects(
        lambda: PlanDraft(actions=("a-old",)),  # type: ignore[arg-type]
        "PlanDraft.actions[0]",
        "must hold ImprovementAction items, got str 'a-old'",
    )


def test_a_draft_lists_each_goal_and_cause_once() -> None:
    rejects_all(
        lambda: PlanDraft(
            actions=(), unanalysed_goal_ids=("g1", "g1"), covered_cause_ids=("rc1", "rc1")
        ),
        "PlanDraft.unanalysed_goal_ids",
        "PlanDraft.covered_cause_ids",
    )


def test_explanations_are_text() -> None:
    rejects(
        lambda: PlanDraft(actions=(), explanations=("",)),
        "PlanDraft.explanations[0]",
        "must not be empty",
    )


# --- refused arguments --------------------------------------------------------------------


def test_goals_must_be_a_sequence_of_goals() -> None:
    rejects(lambda: draft(goals="g1"), "goals", "must be a sequence of Goal, got str 'g1'")
    rejects(lambda: draft(goals=(REVENUE, "g2")), "goals[1]", "must be a Goal, got str 'g2'")


def test_goal_ids_must_be_distinct() -> None:
    rejects(
        lambda: draft(goals=(REVENUE, DEFECTS, REVENUE)),
        "goals[2].id",
        r"^'g1' is already the id of goals\[0\]$",
    )


def test_root_causes_must_be_root_causes() -> None:
    rejects(lambda: draft(root_causes=None), "root_causes", "must be a sequence of RootCause")
    rejects(
        lambda: draft(root_causes=(NEW_PRODUCT, {"id": "rc2"})),
        "root_causes[1]",
        "must be a RootCause, got dict",
    )


def test_root_cause_ids_must_be_distinct() -> None:
    rejects(
        lambda: draft(root_causes=(NEW_PRODUCT, attrs.evolve(NO_FEEDBACK, id="rc1"))),
        "root_causes[1].id",
        r"'rc1' is already the id of root_causes\[0\]",
    )


def test_existing_must_be_actions_with_distinct_ids() -> None:
    rejects(lambda: draft(existing=("a-old",)), "existing[0]", "must be an ImprovementAction")
    rejects(
        lambda: draft(existing=(OLD_ACTION, OLD_ACTION)),
        "existing[1].id",
        r"'a-old' is already the id of existing\[0\]",
    )


@pytest.mark.parametrize("name", ["employee_id", "manager_id"])
@pytest.mark.parametrize("bad", ["", "  ", None, 17, "x" * 201])
def test_people_must_be_ids(name: str, bad: object) -> None:
    rejects(
        lambda: draft(**{name: bad}), name, "must be a non-empty string of at most 200 characters"
    )


def test_on_must_be_a_date() -> None:
    rejects(lambda: draft(on=dt.datetime(2027, 1, 15, tzinfo=dt.UTC)), "on", "must be a date")
    rejects(lambda: draft(on="2027-01-15"), "on", "must be a date, got str")


def test_interventions_must_be_a_mapping() -> None:
    rejects(
        lambda: draft(interventions={"knowledge": ["training"]}),
        "interventions",
        "must be a CauseInterventions, got dict",
    )


@pytest.mark.parametrize(
    ("bad", "phrase"),
    [
        (0, "must be from 1 to 3660, got 0"),
        (3661, "must be from 1 to 3660, got 3661"),
        (True, "must be an integer, got bool True"),
        (30.0, "must be an integer, got float"),
    ],
)
def test_due_in_days_is_a_day_count(bad: object, phrase: str) -> None:
    rejects(lambda: draft(due_in_days=bad), "due_in_days", phrase)


def test_the_due_date_must_exist() -> None:
    rejects(
        lambda: draft(on=dt.date(9999, 12, 1)),
        "due_in_days",
        r"puts the due date past 9999-12-31: 9999-12-01 \+ 90 days",
    )


@pytest.mark.parametrize(("bad", "phrase"), [(0, "at least 1, got 0"), ("2", "an integer")])
def test_kinds_per_cause_is_at_least_one(bad: object, phrase: str) -> None:
    rejects(lambda: draft(kinds_per_cause=bad), "kinds_per_cause", phrase)


def test_every_bad_argument_is_reported() -> None:
    rejects_all(
        lambda: draft_plan(
            "goals",  # type: ignore[arg-type]
            [NEW_PRODUCT, NEW_PRODUCT],
            employee_id="",
            manager_id=None,  # type: ignore[arg-type]
            on=None,  # type: ignore[arg-type]
            interventions=None,  # type: ignore[arg-type]
            due_in_days=0,
            kinds_per_cause=0,
            existing=[1],  # type: ignore[list-item]
        ),
        "goals",
        "root_causes[1].id",
        "existing[0]",
        "employee_id",
        "manager_id",
        "on",
        "interventions",
        "due_in_days",
        "kinds_per_cause",
    )
