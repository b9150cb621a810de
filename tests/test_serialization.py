"""Serialization: round trips, the stored shapes, and errors that name every bad field."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
import cattrs
import pytest
from cattrs.preconf.json import make_converter as make_json_converter
from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import AssessorRole
from perfcore.cycle import events as e
from perfcore.improvement import PracticeRecord
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.scoring import Composite, RatingBands
from perfcore.serialization import (
    SCHEMA_VERSION,
    PerfcoreConverter,
    configure_converter,
    from_document,
    make_converter,
    to_document,
)
from strategies import EMPLOYEE, HR, MANAGER, Run, cycle_runs, ids, new_cycle, texts
from strategies import actors as actor_strategy
from strategies import assessments as assessment_strategy
from strategies import check_ins as check_in_strategy
from strategies import follow_ups as follow_up_strategy
from strategies import formal_plans as formal_plan_strategy
from strategies import formal_reviews as formal_review_strategy
from strategies import goals as goal_strategy
from strategies import improvement_actions as improvement_action_strategy
from strategies import measures as measure_strategy
from strategies import milestone_measures as milestone_measure_strategy
from strategies import numeric_measures as numeric_measure_strategy
from strategies import periods as period_strategy
from strategies import rating_scales as rating_scale_strategy
from strategies import root_causes as root_cause_strategy
from strategies import scale_measures as scale_measure_strategy
from strategies import yes_no_measures as yes_no_measure_strategy

CONV = make_converter()
"""One converter for the property tests (a fixture would be rebuilt per example)."""

UTC = dt.UTC
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))
PATH = re.compile(r"\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*")
STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


# --- helpers ------------------------------------------------------------------------


def json_copy(data: object) -> Any:
    """What a JSON store gives back."""
    return json.loads(json.dumps(data, allow_nan=False))


def assert_json_ready(data: object, path: str = "$") -> None:
    """Only dicts with string keys, lists, strings, numbers, booleans and ``None``."""
    if isinstance(data, dict):
        for key, value in data.items():
            assert type(key) is str, f"{path}: key {key!r} is not a string"
            assert_json_ready(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            assert_json_ready(item, f"{path}[{index}]")
    else:
        assert data is None or type(data) in (str, int, float, bool), (
            f"{path}: {type(data).__name__} is not JSON-ready"
        )


def assert_round_trips(obj: object, cl: Any = None) -> Any:
    """``obj`` → JSON-ready data → ``obj``, directly and through ``json``; returns the data."""
    cl = type(obj) if cl is None else cl
    data = CONV.unstructure(obj)
    assert_json_ready(data)
    assert json_copy(data) == data
    assert CONV.structure(data, cl) == obj
    assert CONV.structure(json_copy(data), cl) == obj
    assert CONV.unstructure(CONV.structure(data, cl)) == data
    return data


def problems_of(data: object, cl: Any, conv: PerfcoreConverter = CONV) -> dict[str, str]:
    """Structure bad ``data``; the problems as ``{path: message}``."""
    with pytest.raises(pc.ValidationError) as info:
        conv.structure(data, cl)
    err = info.value
    assert isinstance(err, ValueError)
    assert not isinstance(err, cattrs.BaseValidationError)
    assert err.problems, "a ValidationError must name at least one problem"
    assert len(set(err.paths)) == len(err.paths), f"repeated paths: {err.paths}"
    return {p.path: p.message for p in err.problems}


def strings_in(data: object) -> Iterator[str]:
    """Every key and string value in JSON-ready data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings_in(item)
    elif isinstance(data, str):
        yield data


def steps_of(path: str) -> list[str | int]:
    """``$.events[1].goal`` → ``["events", 1, "goal"]``."""
    assert PATH.fullmatch(path), f"not a path: {path!r}"
    return [name or int(index) for name, index in STEP.findall(path)]


def parent_exists(data: object, path: str) -> bool:
    """Whether everything but the last step of ``path`` is in ``data``."""
    node: Any = data
    for step in steps_of(path)[:-1]:
        found = (
            step in node
            if isinstance(node, dict)
            else isinstance(node, list) and isinstance(step, int) and step < len(node)
        )
        if not found:
            return False
        node = node[step]
    return True


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, tzinfo=UTC)


BASIS = pc.Basis(text="Evidence", evidence=("crm:q4",))


def full_cycle() -> pc.Cycle:  # noqa: PLR0915 - one statement per step of a whole cycle
    """A closed cycle that went through every phase and recorded every event type but one."""
    goal_1 = pc.Goal(
        id="g1",
        title="Revenue",
        weight=100,
        due=dt.date(2026, 1, 31),
        measure=pc.NumericMeasure(
            unit="EUR k", baseline=800, threshold=900, target=1000, stretch=1200
        ),
    )
    goal_2 = pc.Goal(
        id="g2",
        title="Certification",
        kind=pc.GoalKind.DEVELOPMENT,
        measure=pc.YesNoMeasure(question="Certified?"),
    )
    goal_3 = pc.Goal(
        id="g3",
        title="Launch",
        kind=pc.GoalKind.DEVELOPMENT,
        parent_id="company/objective",
        measure=pc.MilestoneMeasure(steps=("design", "launch")),
    )
    revised_2 = attrs.evolve(
        goal_2, measure=pc.ScaleMeasure(scale=pc.RatingScale(minimum=1, maximum=5), target=4)
    )
    check_in = pc.CheckIn(
        id="c1",
        kind=pc.CheckInKind.ONE_ON_ONE,
        held_on=dt.date(2026, 6, 1),
        summary="Mid-year",
        progress=(pc.GoalProgress(goal_id="g1", status=pc.ProgressStatus.AT_RISK, value=640.0),),
        hr_help_wanted=True,
        agenda=("Pipeline",),
        action_items=(
            pc.ActionItem(
                id="ai1", text="Call the partner", owner_id="emp", due=dt.date(2026, 6, 30)
            ),
        ),
    )
    self_assessment = pc.Assessment(
        source=pc.AssessmentSource.SELF,
        goal_ratings=(
            pc.GoalRating(
                goal_id="g1",
                achievement=pc.Achievement.MET,
                rating=pc.Rating(value=3, basis=BASIS),
                actual=1000,
            ),
            pc.GoalRating(
                goal_id="g2", achievement=pc.Achievement.MET, rating=pc.Rating(value=4, basis=BASIS)
            ),
        ),
    )
    manager_assessment = pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(
            pc.GoalRating(
                goal_id="g1",
                achievement=pc.Achievement.PARTLY_MET,
                rating=pc.Rating(value=2.5, basis=BASIS),
                actual=920,
            ),
            pc.GoalRating(
                goal_id="g2",
                achievement=pc.Achievement.EXCEEDED,
                rating=pc.Rating(value=4, basis=BASIS),
            ),
        ),
        overall=pc.Rating(value=3, basis=BASIS),
        comments="Solid year",
    )
    cause = pc.RootCause(
        id="rc1",
        goal_id="g1",
        category=pc.CauseCategory.ATTITUDE,
        attribution=pc.Attribution.MANAGEMENT,
        description="No feedback",
    )
    action = pc.ImprovementAction(
        id="a1",
        title="Feedback coaching",
        kind=pc.InterventionKind.COACHING,
        owner_id="mgr",
        due=dt.date(2027, 3, 31),
        success_measure="Monthly 1:1s",
        cause_ids=("rc1",),
    )
    follow_up = pc.FollowUp(
        action_id="a1", held_on=dt.date(2026, 12, 20), progress="Done", outcome=pc.Outcome.IMPROVED
    )
    discussion = pc.FeedbackDiscussion(held_on=dt.date(2026, 12, 5), summary="All goals")
    formal_plan = FormalPlan(
        id="fp1",
        reason="Feedback missing for a year",
        action_ids=("a1",),
        starts_on=dt.date(2026, 12, 11),
        ends_on=dt.date(2027, 2, 28),
        review_dates=(dt.date(2026, 12, 18), dt.date(2027, 1, 29)),
        expectations="A 1:1 with every report each month",
        support=("Coaching by HR",),
        consequences="Review of the management role",
    )
    formal_review = FormalReview(
        held_on=dt.date(2026, 12, 18),
        progress="Both 1:1s held",
        outcome=pc.Outcome.IMPROVED,
        next_steps="Keep the monthly rhythm",
    )

    sign_off = pc.cycle.ApprovalStep(name="hr_sign_off", role=pc.Role.HR)
    cycle = new_cycle(profile=b.PROFILE, settings=pc.CycleSettings(approval_steps=(sign_off,)))
    cycle = cycle.propose_goal(goal_1, by=MANAGER, at=at(1, 5))
    cycle = cycle.propose_goal(goal_2, by=EMPLOYEE, at=at(1, 6))
    cycle = cycle.propose_goal(goal_3, by=EMPLOYEE, at=at(1, 7))
    company = pc.Objective(
        id="company/objective",
        title="Launch the product",
        level=pc.ObjectiveLevel.COMPANY,
        period=pc.Period.annual(2026),
    )
    cycle = cycle.align_goal("g3", company, by=EMPLOYEE, at=at(1, 7))
    cycle = cycle.withdraw_goal("g3", reason="Project stopped", by=MANAGER, at=at(1, 8))
    cycle = cycle.revise_goal(revised_2, reason="Graded exam", by=EMPLOYEE, at=at(1, 9))
    cycle = cycle.agree_goals(by=EMPLOYEE, at=at(1, 10))
    cycle = cycle.waive("goal_aligned", subject="g1", reason="Team goal", by=HR, at=at(1, 11))
    cycle = cycle.advance(by=MANAGER, at=at(1, 12))
    cycle = cycle.record_check_in(check_in, by=MANAGER, at=at(6, 1))
    cycle = cycle.answer_signal(
        "c1", pc.improvement.SignalKind.HR_HELP, response="A second rep", by=HR, at=at(6, 2)
    )
    cycle = cycle.advance(by=MANAGER, at=at(12, 1))
    cycle = cycle.submit_self_assessment(self_assessment, by=EMPLOYEE, at=at(12, 2), share=False)
    cycle = cycle.share_self_assessment(by=EMPLOYEE, at=at(12, 2))
    cycle = cycle.submit_manager_assessment(manager_assessment, by=MANAGER, at=at(12, 3))
    scoring = ScoringConfig(
        composite=Composite(weights={"goals": 80, "self": 20}),
        bands=RatingBands.from_edges((0, 0.5, 1.0, 1.5), ("Below", "Meets", "Exceeds")),
    )
    cycle = cycle.submit_competency_assessment(
        b.competency_assessment(AssessorRole.MANAGER, "mgr", talk=3, law=4),
        by=MANAGER,
        at=at(12, 3),
    )
    score = cycle.compute_score(scoring, DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=MANAGER, at=at(12, 3))
    cycle = cycle.record_root_cause(cause, by=MANAGER, at=at(12, 4))
    practice = PracticeRecord(
        goal_id="g2",
        what_worked="Booked the exam early",
        shared_with=("team",),
        shared_on=dt.date(2026, 12, 4),
    )
    cycle = cycle.record_practice(practice, by=MANAGER, at=at(12, 4))
    returned = pc.cycle.ReturnRatings(step="hr_sign_off", reason="No evidence for g1")
    cycle = cycle.execute(returned, by=HR, at=at(12, 4))
    cycle = cycle.record_score(score, by=MANAGER, at=at(12, 4))  # the manager revises
    cycle = cycle.execute(pc.cycle.ApproveRatings(step="hr_sign_off"), by=HR, at=at(12, 4))
    cycle = cycle.release_ratings(by=MANAGER, at=at(12, 4))
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=at(12, 5))
    cycle = cycle.dispute(reason="Score too low", by=EMPLOYEE, at=at(12, 6))
    cycle = cycle.resolve_dispute(
        outcome=pc.DisputeOutcome.AMENDED, reason="Score raised on review", by=HR, at=at(12, 7)
    )
    cycle = cycle.adjust_score(
        1.1,
        replaces=score.value,
        kind=pc.AdjustmentKind.DISPUTE,
        reference="dispute-e7",
        reason="New-region sales counted",
        by=HR,
        at=at(12, 7),
    )
    cycle = cycle.execute(pc.cycle.ApproveRatings(step="hr_sign_off"), by=HR, at=at(12, 7))
    cycle = cycle.release_ratings(by=HR, at=at(12, 7))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=at(12, 8))
    cycle = cycle.add_improvement_action(action, by=MANAGER, at=at(12, 9))
    cycle = cycle.advance(by=MANAGER, at=at(12, 10))
    cycle = cycle.start_formal_plan(formal_plan, by=HR, at=at(12, 11))
    cycle = cycle.record_formal_review(formal_review, by=MANAGER, at=at(12, 18))
    cycle = cycle.record_follow_up(follow_up, by=MANAGER, at=at(12, 20))
    cycle = cycle.answer_follow_up("a1", agrees=True, by=EMPLOYEE, at=at(12, 20))
    return cycle.close(by=MANAGER, at=at(12, 21))


def cancelled_cycle() -> pc.Cycle:
    return new_cycle().cancel(reason="Employee left", by=HR, at=at(1, 3))


def goal_data(**changes: object) -> dict[str, Any]:
    """A valid unstructured goal, with ``changes`` applied (``...`` deletes a key)."""
    data: dict[str, Any] = CONV.unstructure(
        pc.Goal(id="g1", title="Revenue", weight=50, measure=pc.YesNoMeasure(question="Done?"))
    )
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return data


def small_cycle() -> pc.Cycle:
    """Started, two goals proposed, both agreed: events 0 to 3."""
    cycle = new_cycle()
    cycle = cycle.propose_goal(
        pc.Goal(id="g1", title="Revenue", weight=60, parent_id="company/objective"),
        by=MANAGER,
        at=at(1, 5),
    )
    cycle = cycle.propose_goal(
        pc.Goal(id="g2", title="Costs", weight=40, parent_id="company/objective"),
        by=MANAGER,
        at=at(1, 6),
    )
    return cycle.agree_goals(by=EMPLOYEE, at=at(1, 7))


def small_cycle_data() -> dict[str, Any]:
    data: dict[str, Any] = CONV.unstructure(small_cycle())
    return data


# --- 1. round trips (properties) ----------------------------------------------------

DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))

DOMAIN: dict[str, st.SearchStrategy[Any]] = {
    "period": period_strategy(),
    "rating_scale": rating_scale_strategy(),
    "numeric_measure": numeric_measure_strategy(),
    "milestone_measure": milestone_measure_strategy(),
    "yes_no_measure": yes_no_measure_strategy(),
    "scale_measure": scale_measure_strategy(),
    "goal": st.builds(
        lambda goal, description, carried_from: attrs.evolve(
            goal, description=description, carried_from=carried_from
        ),
        goal_strategy(period=pc.Period.annual(2026)),
        st.just("") | texts,
        st.none() | ids,
    ),
    "check_in": DAYS.flatmap(lambda day: check_in_strategy(held_on=day, goal_ids=("g1", "g2"))),
    "assessment": st.builds(
        lambda source, scale: (source, scale),
        st.sampled_from(list(pc.AssessmentSource)),
        rating_scale_strategy(),
    ).flatmap(
        lambda pair: assessment_strategy(
            source=pair[0], goal_ids=("g1", "g2", "g3"), scale=pair[1], complete=False
        )
    ),
    "root_cause": root_cause_strategy(),
    "improvement_action": st.builds(
        lambda action, carried_from: attrs.evolve(action, carried_from=carried_from),
        improvement_action_strategy(cause_ids=("rc1", "rc2")),
        st.none() | ids,
    ),
    "follow_up": DAYS.flatmap(lambda day: follow_up_strategy(held_on=day)),
    "formal_plan": formal_plan_strategy(action_ids=("a1", "a2", "a3")),
    "formal_review": DAYS.flatmap(lambda day: formal_review_strategy(held_on=day)),
    "actor": actor_strategy(),
    "feedback_discussion": st.builds(pc.FeedbackDiscussion, held_on=DAYS, summary=texts),
    "waiver": st.builds(
        pc.Waiver,
        code=st.sampled_from([condition.code for condition in pc.CONDITIONS]),
        phase=st.sampled_from(list(pc.Phase)),
        reason=texts,
        subject=st.none() | ids,
    ),
}


@pytest.mark.parametrize("kind", sorted(DOMAIN))
@given(data=st.data())
def test_domain_objects_round_trip_through_json(kind: str, data: st.DataObject) -> None:
    obj = data.draw(DOMAIN[kind], label=kind)
    assert_round_trips(obj)


@given(measure=measure_strategy())
def test_measures_round_trip_as_the_union(measure: pc.Measure) -> None:
    data = assert_round_trips(measure, pc.Measure)
    assert data["type"] == type(measure).TAG
    assert CONV.structure(data, pc.Measure | None) == measure
    assert CONV.structure(data, type(measure)) == measure
    assert CONV.unstructure(measure, pc.Measure) == data


@given(run=cycle_runs())
def test_cycles_and_each_of_their_events_round_trip(run: Run) -> None:
    cycle = run.cycle
    data = assert_round_trips(cycle)
    assert data["type"] == "cycle"
    assert data["schema_version"] == SCHEMA_VERSION
    assert CONV.structure(data, pc.Cycle).events == cycle.events
    assert CONV.loads(CONV.dumps(cycle), pc.Cycle) == cycle
    assert len(data["events"]) == len(cycle.events)
    for event, event_data in zip(cycle.events, data["events"], strict=True):
        assert event_data == CONV.unstructure(event) == CONV.unstructure(event, pc.Event)
        assert event_data["type"] == type(event).TAG
        assert event_data["schema_version"] == type(event).VERSION
        for cl in (pc.Event, type(event)):
            assert CONV.structure(event_data, cl) == event
            assert CONV.structure(json_copy(event_data), cl) == event
    assert tuple(CONV.structure(json_copy(data["events"]), list[pc.Event])) == cycle.events


@given(run=cycle_runs(max_steps=15))
def test_every_accepted_step_round_trips(run: Run) -> None:
    for step in run.steps:
        if step.after is not None:
            assert CONV.structure(json_copy(CONV.unstructure(step.after)), pc.Cycle) == step.after


def test_full_and_cancelled_cycles_round_trip() -> None:
    for cycle in (full_cycle(), cancelled_cycle()):
        data = assert_round_trips(cycle)
        assert CONV.structure(data, pc.Cycle) == pc.Cycle.replay(cycle.events)


def test_datetimes_keep_their_offset_and_microseconds() -> None:
    when = dt.datetime(2026, 1, 2, 9, 30, 15, 123456, tzinfo=PLUS_TWO)
    cycle = new_cycle(at=when)
    data = CONV.unstructure(cycle)
    assert data["phase_started_at"] == "2026-01-02T09:30:15.123456+02:00"
    assert data["events"][0]["at"] == "2026-01-02T09:30:15.123456+02:00"
    back = CONV.structure(json_copy(data), pc.Cycle)
    assert back == cycle
    assert back.phase_started_at.utcoffset() == dt.timedelta(hours=2)
    assert back.events[0].at.utcoffset() == dt.timedelta(hours=2)


# --- 2. shapes ----------------------------------------------------------------------

MEASURE_SHAPES: list[tuple[pc.Measure, dict[str, Any]]] = [
    (
        pc.NumericMeasure(unit="EUR k", target=1000, baseline=800),
        {
            "type": "numeric",
            "unit": "EUR k",
            "target": 1000,
            "baseline": 800,
            "threshold": None,
            "stretch": None,
            "direction": "higher_is_better",
        },
    ),
    (
        pc.MilestoneMeasure(steps=("design", "launch")),
        {"type": "milestones", "steps": ["design", "launch"]},
    ),
    (pc.YesNoMeasure(question="Certified?"), {"type": "yes_no", "question": "Certified?"}),
    (
        pc.ScaleMeasure(scale=pc.RatingScale(minimum=1, maximum=5), target=4),
        {"type": "scale", "scale": {"minimum": 1, "maximum": 5, "labels": []}, "target": 4},
    ),
]


@pytest.mark.parametrize(("measure", "expected"), MEASURE_SHAPES)
def test_measures_carry_their_type_tag(measure: pc.Measure, expected: dict[str, Any]) -> None:
    assert CONV.unstructure(measure) == expected
    assert CONV.unstructure(measure, pc.Measure) == expected
    assert CONV.structure(expected, pc.Measure) == measure


def test_goal_shape() -> None:
    goal = pc.Goal(
        id="g1",
        title="Revenue",
        weight=100,
        measure=pc.YesNoMeasure(question="Done?"),
        due=dt.date(2026, 1, 31),
        methods=("Weekly pipeline review",),
    )
    assert CONV.unstructure(goal) == {
        "id": "g1",
        "title": "Revenue",
        "kind": "performance",
        "weight": 100,
        "measure": {"type": "yes_no", "question": "Done?"},
        "due": "2026-01-31",
        "parent_id": None,
        "description": "",
        "methods": ["Weekly pipeline review"],
        "support": [],
        "carried_from": None,
    }


def test_period_and_scale_shapes() -> None:
    assert CONV.unstructure(pc.Period.quarter(2026, 2)) == {
        "start": "2026-04-01",
        "end": "2026-06-30",
        "kind": "quarter",
    }
    labelled = pc.RatingScale(minimum=0, maximum=2, labels=("low", "mid", "high"))
    assert CONV.unstructure(labelled) == {
        "minimum": 0,
        "maximum": 2,
        "labels": ["low", "mid", "high"],
    }


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (pc.Role.EMPLOYEE, "employee"),
        (pc.Role.MANAGER, "manager"),
        (pc.Role.HR, "hr"),
        (pc.Role(name="skip_manager"), "skip_manager"),
    ],
)
def test_roles_are_plain_names(role: pc.Role, name: str) -> None:
    actor = pc.Actor(person_id="p-1", role=role)
    assert CONV.unstructure(role) == name
    assert CONV.unstructure(actor) == {"person_id": "p-1", "role": name}
    assert CONV.structure({"person_id": "p-1", "role": name}, pc.Actor) == actor
    assert CONV.structure(name, pc.Role) == role


def test_cycle_started_shape() -> None:
    event = new_cycle().events[0]
    assert CONV.unstructure(event) == {
        "type": "cycle_started",
        "schema_version": 3,
        "cycle_id": "cyc",
        "sequence": 0,
        "actor": {"person_id": "hr", "role": "hr"},
        "at": "2026-01-02T09:00:00+00:00",
        "reason": None,
        "employee_id": "emp",
        "manager_id": "mgr",
        "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
        "scale": {"minimum": 1, "maximum": 5, "labels": []},
        "check_in_every_days": 366,
        "previous_cycle_id": None,
        "carried_goals": [],
        "carried_actions": [],
        "profile": None,
        "time_zone": "UTC",
        "rules": 4,
        "settings": {
            "cadence": None,
            "gap_rule": {"usual": 0.0, "width": 0.5},
            "interventions": {
                "resources": ["remove_obstacles"],
                "environment": ["remove_obstacles", "redesign"],
                "unrealistic_goal": ["redesign", "clarify_expectations"],
                "expectations": ["clarify_expectations", "coaching"],
                "knowledge": ["training", "counselling"],
                "experience": ["practice", "stretch_assignment", "rotation", "mentoring"],
                "attitude_management": ["management_fix", "coaching"],
                "attitude_employee": ["conversation", "coaching", "counselling"],
                "capacity": ["redesign", "coaching"],
            },
            "practices_recorded": False,
            "outcomes_need_the_employee": False,
            "approval_steps": [],
        },
    }


EVENT_TAGS: dict[type[pc.Event], str] = {
    e.CycleStarted: "cycle_started",
    e.GoalProposed: "goal_proposed",
    e.GoalRevised: "goal_revised",
    e.GoalWithdrawn: "goal_withdrawn",
    e.GoalsAgreed: "goals_agreed",
    e.CheckInRecorded: "check_in_recorded",
    e.SelfAssessmentSubmitted: "self_assessment_submitted",
    e.SelfAssessmentShared: "self_assessment_shared",
    e.ManagerAssessmentSubmitted: "manager_assessment_submitted",
    e.CompetencyAssessed: "competency_assessed",
    e.RootCauseRecorded: "root_cause_recorded",
    e.ScoreRecorded: "score_recorded",
    e.ScoreAdjusted: "score_adjusted",
    e.RatingsReleased: "ratings_released",
    e.FeedbackDiscussionHeld: "feedback_discussion_held",
    e.AppraisalAcknowledged: "appraisal_acknowledged",
    e.AppraisalDisputed: "appraisal_disputed",
    e.DisputeResolved: "dispute_resolved",
    e.ImprovementActionAdded: "improvement_action_added",
    e.FollowUpRecorded: "follow_up_recorded",
    e.FollowUpAnswered: "follow_up_answered",
    e.PracticeRecorded: "practice_recorded",
    e.GoalAligned: "goal_aligned",
    e.RatingsApproved: "ratings_approved",
    e.SignalAnswered: "signal_answered",
    e.RatingsReturned: "ratings_returned",
    e.FormalPlanStarted: "formal_plan_started",
    e.FormalReviewRecorded: "formal_review_recorded",
    e.PhaseAdvanced: "phase_advanced",
    e.ConditionWaived: "condition_waived",
    e.CycleCancelled: "cycle_cancelled",
    e.CycleClosed: "cycle_closed",
}


def test_every_event_type_has_its_stable_tag() -> None:
    assert set(EVENT_TAGS) == set(e.EVENT_TYPES)
    assert {cls: cls.TAG for cls in e.EVENT_TYPES} == EVENT_TAGS


def test_every_event_carries_its_tag_and_schema_version() -> None:
    events = (*full_cycle().events, *cancelled_cycle().events)
    assert {type(event) for event in events} == set(e.EVENT_TYPES)
    for event in events:
        data = CONV.unstructure(event, pc.Event)
        assert data["type"] == EVENT_TAGS[type(event)]
        assert data["schema_version"] == (3 if type(event) is e.CycleStarted else 1)
        assert list(data)[:2] == ["type", "schema_version"]


def test_cycle_shape() -> None:
    data = CONV.unstructure(full_cycle())
    assert data["type"] == "cycle"
    assert data["schema_version"] == SCHEMA_VERSION == 3
    assert set(data) == {
        "type",
        "schema_version",
        "id",
        "employee_id",
        "manager_id",
        "period",
        "scale",
        "check_in_every_days",
        "time_zone",
        "rules",
        "settings",
        "phase",
        "phase_started_at",
        "previous_cycle_id",
        "goals",
        "agreed_goal_ids",
        "withdrawn_goal_ids",
        "check_ins",
        "self_assessment",
        "self_assessment_draft",
        "manager_assessment",
        "root_causes",
        "practices",
        "signal_answers",
        "alignments",
        "approvals",
        "returned_at_step",
        "profile",
        "competency_assessments",
        "score",
        "score_adjustment",
        "feedback",
        "ratings_released",
        "ratings_ever_released",
        "rerated",
        "appraisal_status",
        "dispute_resolution",
        "actions",
        "follow_ups",
        "follow_up_answers",
        "formal_plan",
        "formal_reviews",
        "waivers",
        "events",
    }
    # enums are their values
    assert data["phase"] == "closed"
    assert data["appraisal_status"] == "acknowledged"
    assert [g["kind"] for g in data["goals"]] == ["performance", "development", "development"]
    assert data["check_ins"][0]["kind"] == "one_on_one"
    assert data["check_ins"][0]["progress"][0]["status"] == "at_risk"
    assert data["manager_assessment"]["source"] == "manager"
    assert data["manager_assessment"]["goal_ratings"][0]["achievement"] == "partly_met"
    assert data["root_causes"][0]["category"] == "attitude"
    assert data["root_causes"][0]["attribution"] == "management"
    assert data["actions"][0]["kind"] == "coaching"
    assert data["follow_ups"][0]["outcome"] == "improved"
    assert data["formal_plan"] == {
        "id": "fp1",
        "reason": "Feedback missing for a year",
        "action_ids": ["a1"],
        "starts_on": "2026-12-11",
        "ends_on": "2027-02-28",
        "review_dates": ["2026-12-18", "2027-01-29"],
        "expectations": "A 1:1 with every report each month",
        "support": ["Coaching by HR"],
        "consequences": "Review of the management role",
    }
    assert data["formal_reviews"] == [
        {
            "held_on": "2026-12-18",
            "progress": "Both 1:1s held",
            "outcome": "improved",
            "next_steps": "Keep the monthly rhythm",
        }
    ]
    assert data["waivers"] == [
        {"code": "goal_aligned", "phase": "goal_setting", "reason": "Team goal", "subject": "g1"}
    ]
    assert [ev["to_phase"] for ev in data["events"] if ev["type"] == "phase_advanced"] == [
        "implementation",
        "appraisal",
        "improvement",
    ]
    # dates and datetimes are ISO strings
    assert data["goals"][0]["due"] == "2026-01-31"
    assert data["feedback"] == {
        "held_on": "2026-12-05",
        "summary": "All goals",
        "gap_explanations": [],
    }
    assert data["actions"][0]["due"] == "2027-03-31"
    assert data["phase_started_at"] == "2026-12-21T09:00:00+00:00"
    assert data["events"][-1]["at"] == "2026-12-21T09:00:00+00:00"
    # roles are names; ids are lists
    assert [ev["actor"]["role"] for ev in data["events"][:3]] == ["hr", "manager", "employee"]
    assert data["agreed_goal_ids"] == ["g1", "g2"]
    assert data["withdrawn_goal_ids"] == ["g3"]


CLASS_NAMES = frozenset(
    {name for name in pc.__all__ if isinstance(getattr(pc, name), type)}
    | {cls.__name__ for cls in e.EVENT_TYPES}
    | {"Measure", "Event", "Cycle", "Policy"}
)
CLASS_NAME = re.compile(r"\b(?:" + "|".join(sorted(CLASS_NAMES)) + r")\b")


def test_formal_plan_events_carry_the_plan_and_the_review() -> None:
    cycle = full_cycle()
    started, reviewed = cycle.events_of((e.FormalPlanStarted, e.FormalReviewRecorded))
    started_data = CONV.unstructure(started, pc.Event)
    assert started_data["type"] == "formal_plan_started"
    assert started_data["plan"] == CONV.unstructure(cycle.formal_plan)
    reviewed_data = CONV.unstructure(reviewed, pc.Event)
    assert reviewed_data["type"] == "formal_review_recorded"
    assert reviewed_data["review"]["outcome"] == "improved"
    assert CONV.structure(json_copy(reviewed_data), pc.Event) == reviewed


def test_a_cycle_stored_without_formal_plan_fields_still_loads() -> None:
    cycle = full_cycle()
    data = json_copy(CONV.unstructure(cycle))
    del data["formal_plan"], data["formal_reviews"]
    assert CONV.structure(data, pc.Cycle) == cycle
    plain = json_copy(CONV.unstructure(small_cycle()))
    del plain["formal_plan"], plain["formal_reviews"]
    assert CONV.structure(plain, pc.Cycle).formal_plan is None


def test_a_formal_plan_with_bad_fields_is_refused_with_paths() -> None:
    data = CONV.unstructure(full_cycle().formal_plan)
    data["review_dates"] = ["2027-01-29", "2026-12-18"]
    data["action_ids"] = []
    assert problems_of(data, FormalPlan) == {
        "$.action_ids": "must not be empty",
        "$.review_dates[1]": "must be after the previous review date 2027-01-29, got 2026-12-18",
    }


def test_no_class_names_in_unstructured_cycles() -> None:
    assert "Goal" in CLASS_NAMES
    assert "CycleStarted" in CLASS_NAMES
    for cycle in (full_cycle(), cancelled_cycle()):
        data = CONV.unstructure(cycle)
        for text in strings_in(data):
            assert not CLASS_NAME.search(text), text
            assert "perfcore" not in text
            assert "<" not in text
            assert not text.startswith("__")
        document = to_document(CONV, cycle)
        assert document["type"] == "Cycle"  # the one class name, written by to_document
        assert document["data"] == data


def test_policy_is_not_serialized() -> None:
    cycle = new_cycle()
    table = dict(pc.DEFAULT_PERMISSIONS)
    table["record_follow_up"] = frozenset({pc.Role.MANAGER, pc.Role(name="coach")})
    custom = cycle.with_policy(pc.Policy(permissions=table, hr_may_act_on_own_cycle=True))
    data = CONV.unstructure(custom)
    assert "policy" not in data
    assert data == CONV.unstructure(cycle)
    assert "coach" not in strings_in(data)
    back = CONV.structure(data, pc.Cycle)
    assert back == custom
    assert back.policy == pc.DEFAULT_POLICY
    problems = problems_of({**data, "policy": {"hr_may_act_on_own_cycle": True}}, pc.Cycle)
    assert problems == {"$.policy": "is not a known field"}


def test_to_document_and_back() -> None:
    goal = pc.Goal(id="g1", title="Revenue")
    document = to_document(CONV, goal)
    assert document == {"schema_version": 3, "type": "Goal", "data": CONV.unstructure(goal)}
    assert from_document(CONV, json_copy(document), pc.Goal) == goal
    for obj in (
        pc.Period.quarter(2026, 1),
        pc.YesNoMeasure(question="Done?"),
        pc.Actor(person_id="p", role=pc.Role.HR),
        new_cycle().events[0],
        full_cycle(),
    ):
        doc = json_copy(to_document(CONV, obj))
        assert doc["schema_version"] == SCHEMA_VERSION
        assert doc["type"] == type(obj).__name__
        assert from_document(CONV, doc, type(obj)) == obj


# --- 3. errors ----------------------------------------------------------------------


def test_every_bad_field_of_an_event_in_a_cycle_is_listed_with_its_path() -> None:
    data = small_cycle_data()
    data["events"][1]["goal"]["weight"] = 120
    data["events"][1]["goal"]["title"] = ""
    data["events"][2]["goal"]["id"] = 7
    data["events"][3]["actor"]["person_id"] = ""
    problems = problems_of(data, pc.Cycle)
    assert problems == {
        "$.events[1].goal.title": "must not be empty",
        "$.events[1].goal.weight": "must be at most 100, got 120",
        "$.events[2].goal.id": "must be a string, got int",
        "$.events[3].actor.person_id": "must not be empty",
    }


def test_every_bad_field_of_an_object_is_listed() -> None:
    problems = problems_of(goal_data(title="", weight=120, kind="okr", bogus=1), pc.Goal)
    assert problems["$.bogus"] == "is not a known field"
    assert "$.kind" in problems
    problems = problems_of(goal_data(title="", weight=-1, parent_id="g1"), pc.Goal)
    assert problems == {
        "$.title": "must not be empty",
        "$.weight": "must be at least 0, got -1",
        "$.parent_id": "a goal cannot be aligned to itself",
    }


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"weight": "50"}, "$.weight", "must be a number, got str"),
        ({"weight": True}, "$.weight", "must be a number, got bool"),
        ({"weight": None}, "$.weight", "must be a number, got NoneType"),
        ({"title": 5}, "$.title", "must be a string, got int"),
        ({"title": None}, "$.title", "must be a string, got NoneType"),
        ({"parent_id": 5}, "$.parent_id", "must be a string, got int"),
        ({"due": 20260131}, "$.due", "must be an ISO date string, got int"),
        ({"due": "2026-02-30"}, "$.due", "must be an ISO date like 2026-01-31, got '2026-02-30'"),
        ({"kind": "okr"}, "$.kind", "'okr' is not a valid GoalKind"),
        ({"methods": "abc"}, "$.methods", "must be a list, got str"),
        ({"methods": {"a": 1}}, "$.methods", "must be a list, got dict"),
        ({"methods": None}, "$.methods", "must be a list, got NoneType"),
        ({"methods": ["ok", 3]}, "$.methods[1]", "must be a string, got int"),
        ({"measure": "yes_no"}, "$.measure", "must be an object, got str"),
        ({"measure": []}, "$.measure", "must be an object, got list"),
        ({"title": ...}, "$.title", "is required"),
        ({"id": ...}, "$.id", "is required"),
        ({"colour": "red"}, "$.colour", "is not a known field"),
    ],
)
def test_wrong_types_in_a_goal(changes: dict[str, object], path: str, message: str) -> None:
    assert problems_of(goal_data(**changes), pc.Goal) == {path: message}


@pytest.mark.parametrize(
    ("data", "cl", "path", "message"),
    [
        ({"minimum": True, "maximum": 5}, pc.RatingScale, "$.minimum", "must be an integer"),
        ({"minimum": 1.5, "maximum": 5}, pc.RatingScale, "$.minimum", "must be an integer"),
        ({"minimum": "1", "maximum": 5}, pc.RatingScale, "$.minimum", "must be an integer"),
        ({"minimum": 1, "maximum": 5, "labels": "abcde"}, pc.RatingScale, "$.labels", "list"),
        (
            {"id": "c", "kind": "one_on_one", "held_on": "2026-01-01", "hr_help_wanted": 1},
            pc.CheckIn,
            "$.hr_help_wanted",
            "must be true or false, got int",
        ),
        (
            {"id": "c", "kind": "one_on_one", "held_on": "2026-01-01", "hr_help_wanted": "yes"},
            pc.CheckIn,
            "$.hr_help_wanted",
            "must be true or false, got str",
        ),
        ({"goal_id": "g", "value": "1.5"}, pc.GoalProgress, "$.value", "must be a number"),
        ({"goal_id": "g", "value": False}, pc.GoalProgress, "$.value", "must be a number"),
        ({"goal_id": "g", "status": "green"}, pc.GoalProgress, "$.status", "ProgressStatus"),
        ({"person_id": "p", "role": 5}, pc.Actor, "$.role", "must be a role name, got int"),
        ({"person_id": "p", "role": "Line Manager"}, pc.Actor, "$.role", "lowercase identifier"),
        ({"start": "2026-01-01", "end": "2025-12-31"}, pc.Period, "$.end", "must be after"),
        ({"start": "2026-01-01T00:00:00", "end": "2026-12-31"}, pc.Period, "$.start", "ISO date"),
        (
            {"held_on": "2026-01-01", "summary": "s", "extra": None},
            pc.FeedbackDiscussion,
            "$.extra",
            "is not a known field",
        ),
    ],
)
def test_wrong_types_in_other_objects(data: object, cl: Any, path: str, message: str) -> None:
    problems = problems_of(data, cl)
    assert list(problems) == [path]
    assert message in problems[path]


def test_numbers_too_large_for_a_float_are_validation_errors() -> None:
    assert problems_of(10**400, float) == {
        "$": "must be a finite number, got an integer too large for a float"
    }
    problems = problems_of(goal_data(weight=10**400), pc.Goal)
    assert problems == {"$.weight": "must be a finite number, got an integer too large for a float"}


def test_keys_that_are_not_strings_are_reported() -> None:
    data: dict[Any, Any] = {**goal_data(), 1: "one", "zz": 2}
    assert problems_of(data, pc.Goal) == {
        "$.1": "is not a known field",
        "$.zz": "is not a known field",
    }
    cycle: dict[Any, Any] = {**small_cycle_data(), 2: "two", "zz": 2}
    assert set(problems_of(cycle, pc.Cycle)) == {"$.2", "$.zz"}


@pytest.mark.parametrize("cl", [pc.Goal, pc.Period, pc.Actor, pc.Cycle, pc.Event, pc.Measure])
@pytest.mark.parametrize("value", [None, [], ["a"], "text", 5, 2.5, True])
def test_non_objects_are_refused_at_the_root(cl: Any, value: object) -> None:
    problems = problems_of(value, cl)
    assert problems == {"$": f"must be an object, got {type(value).__name__}"}


def test_non_objects_are_refused_where_they_are_nested() -> None:
    data = small_cycle_data()
    data["events"][1]["goal"] = ["g1"]
    data["events"][2]["actor"] = "mgr"
    data["events"][3] = None
    assert problems_of(data, pc.Cycle) == {
        "$.events[1].goal": "must be an object, got list",
        "$.events[2].actor": "must be an object, got str",
        "$.events[3]": "must be an object, got NoneType",
    }


def test_unknown_and_missing_keys_in_a_cycle() -> None:
    data = small_cycle_data()
    data["events"][1]["goal"]["colour"] = "red"
    data["events"][2]["mood"] = "happy"
    del data["events"][3]["actor"]
    del data["events"][2]["goal"]["title"]
    assert problems_of(data, pc.Cycle) == {
        "$.events[1].goal.colour": "is not a known field",
        "$.events[2].goal.title": "is required",
        "$.events[2].mood": "is not a known field",
        "$.events[3].actor": "is required",
    }
    data = small_cycle_data()
    del data["events"]
    assert problems_of(data, pc.Cycle) == {"$.events": "is required"}
    data = small_cycle_data()
    data["mood"] = "happy"
    assert problems_of(data, pc.Cycle) == {"$.mood": "is not a known field"}


def test_events_must_be_a_non_empty_list() -> None:
    cases: list[tuple[object, str]] = [
        ([], "must be a non-empty sequence of events"),
        (None, "must be a list, got NoneType"),
        ({"0": {}}, "must be a list, got dict"),
        ("events", "must be a list, got str"),
    ]
    for events, message in cases:
        data = small_cycle_data()
        data["events"] = events
        assert problems_of(data, pc.Cycle) == {"$.events": message}


def test_unknown_type_tags() -> None:
    problems = problems_of(goal_data(measure={"type": "percent", "question": "q"}), pc.Goal)
    assert list(problems) == ["$.measure.type"]
    assert problems["$.measure.type"].startswith("unknown or missing type 'percent'")
    assert "milestones, numeric, scale, yes_no" in problems["$.measure.type"]
    assert list(problems_of(goal_data(measure={"question": "q"}), pc.Goal)) == ["$.measure.type"]
    assert list(problems_of(goal_data(measure={"type": 5}), pc.Goal)) == ["$.measure.type"]
    assert list(problems_of(goal_data(measure={"type": ["x"]}), pc.Goal)) == ["$.measure.type"]
    yes_no = {"type": "yes_no", "question": "q"}
    assert problems_of(yes_no, pc.NumericMeasure) == {
        "$.type": "type 'yes_no' is not a NumericMeasure"
    }
    assert list(problems_of({"question": "q"}, pc.YesNoMeasure)) == ["$.type"]

    data = small_cycle_data()
    data["events"][2]["type"] = "goal_invented"
    problems = problems_of(data, pc.Cycle)
    assert list(problems) == ["$.events[2].type"]
    assert "'goal_invented'" in problems["$.events[2].type"]
    event = small_cycle_data()["events"][1]
    assert list(problems_of(event, e.GoalsAgreed)) == ["$.type"]
    assert list(problems_of({**event, "type": "cycle"}, pc.Event)) == ["$.type"]
    assert problems_of({**small_cycle_data(), "type": "goal"}, pc.Cycle) == {
        "$.type": "expected 'cycle', got 'goal'"
    }


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (..., "is required"),
        (None, "is required"),
        ("1", "must be an integer, got '1'"),
        (True, "must be an integer, got True"),
        (1.0, "must be an integer, got 1.0"),
        (0, "version 0 is not supported (this release reads 1 to {now})"),
        ("newer", "version {newer} of {tag!r} is newer than this release reads (1 to {now})"),
    ],
)
def test_schema_version_is_checked_everywhere(version: object, message: str) -> None:
    def now(tag: str) -> int:
        event_type = e.EVENT_BY_NAME.get(tag)
        return SCHEMA_VERSION if event_type is None else event_type.VERSION

    def with_version(data: dict[str, Any]) -> dict[str, Any]:
        if version is ...:
            del data["schema_version"]
        else:
            tag = data["type"]
            data["schema_version"] = now(tag) + 1 if version == "newer" else version
        return data

    def about(tag: str) -> str:
        return message.format(tag=tag, now=now(tag), newer=now(tag) + 1)

    assert problems_of(with_version(small_cycle_data()), pc.Cycle) == {
        "$.schema_version": about("cycle")
    }
    data = small_cycle_data()
    with_version(data["events"][2])
    assert problems_of(data, pc.Cycle) == {
        "$.events[2].schema_version": about(data["events"][2]["type"])
    }
    event = with_version(small_cycle_data()["events"][1])
    assert problems_of(event, pc.Event) == {"$.schema_version": about("goal_proposed")}
    assert problems_of(event, e.GoalProposed) == {"$.schema_version": about("goal_proposed")}
    document = with_version(to_document(CONV, pc.Period.annual(2026)))
    with pytest.raises(pc.ValidationError) as info:
        from_document(CONV, document, pc.Period)
    assert {p.path: p.message for p in info.value.problems} == {"$.schema_version": about("Period")}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("phase", "appraisal"),
        ("id", "other"),
        ("check_in_every_days", 30),
        ("phase_started_at", "2026-01-02T10:00:00+00:00"),
        ("agreed_goal_ids", ["g1"]),
        ("withdrawn_goal_ids", ["g2"]),
        ("appraisal_status", "acknowledged"),
        ("previous_cycle_id", "cyc-2025"),
        ("self_assessment", None),
        ("time_zone", "Europe/Berlin"),
        ("time_zone", None),
        ("rules", 1),
    ],
)
def test_a_tampered_snapshot_is_refused(key: str, value: object) -> None:
    data = CONV.unstructure(full_cycle() if key == "self_assessment" else small_cycle())
    data[key] = value
    assert problems_of(data, pc.Cycle) == {
        f"$.{key}": "does not match the state the events produce"
    }


def test_every_tampered_field_of_a_snapshot_is_listed() -> None:
    data = small_cycle_data()
    data["phase"] = "closed"
    data["goals"][1]["weight"] = 45
    data["manager_id"] = "boss"
    assert set(problems_of(data, pc.Cycle)) == {"$.goals", "$.manager_id", "$.phase"}


def test_state_fields_may_be_left_out_of_a_stored_cycle() -> None:
    cycle = small_cycle()
    data = CONV.unstructure(cycle)
    events_only = {k: data[k] for k in ("type", "schema_version", "events")}
    assert CONV.structure(events_only, pc.Cycle) == cycle
    assert CONV.structure({k: data[k] for k in ("schema_version", "events")}, pc.Cycle) == cycle


def test_events_out_of_order_or_from_another_cycle() -> None:
    def problems_after(change: Any) -> dict[str, str]:
        data = small_cycle_data()
        change(data["events"])
        return problems_of(data, pc.Cycle)

    def swap(events: list[Any]) -> None:
        events[1], events[2] = events[2], events[1]

    assert problems_after(swap) == {"$.events[1].sequence": "expected 1, got 2"}
    assert problems_after(list.reverse) == {"$.events[0]": "must be CycleStarted, got GoalsAgreed"}

    def drop(events: list[Any]) -> None:
        del events[2]

    assert problems_after(drop) == {"$.events[2].sequence": "expected 2, got 3"}

    def renumber(events: list[Any]) -> None:
        events[2]["sequence"] = 7

    assert problems_after(renumber) == {"$.events[2].sequence": "expected 2, got 7"}

    def first_not_zero(events: list[Any]) -> None:
        events[0]["sequence"] = 1

    assert problems_after(first_not_zero) == {"$.events[0].sequence": "expected 0, got 1"}

    def other_cycle(events: list[Any]) -> None:
        events[2]["cycle_id"] = "other"

    assert problems_after(other_cycle) == {
        "$.events[2].cycle_id": "belongs to cycle 'other', not 'cyc'"
    }

    def back_in_time(events: list[Any]) -> None:
        events[3]["at"] = "2026-01-01T00:00:00+00:00"

    problems = problems_after(back_in_time)
    assert list(problems) == ["$.events[3].at"]
    assert "is earlier than an event before it" in problems["$.events[3].at"]

    def restart(events: list[Any]) -> None:
        events.append({**events[0], "sequence": 4})

    assert problems_after(restart) == {"$.events[4]": "a cycle starts only once"}

    def naive_time(events: list[Any]) -> None:
        events[1]["at"] = "2026-01-05T09:00:00"

    assert problems_after(naive_time) == {
        "$.events[1].at": "must be timezone-aware (e.g. tzinfo=datetime.UTC)"
    }


def test_replay_problems_point_at_the_stored_event() -> None:
    # the first event names the employee as their own manager
    data = small_cycle_data()
    data["events"][0]["manager_id"] = "emp"
    assert problems_of(data, pc.Cycle) == {
        "$.events[0].manager_id": "the manager must be someone other than the employee"
    }
    # a waiver without a reason is refused as an event
    data = small_cycle_data()
    waived = {
        **data["events"][3],
        "type": "condition_waived",
        "sequence": 4,
        "code": "goal_aligned",
        "subject": None,
        "reason": None,
    }
    del waived["goal_ids"]
    data["events"].append(waived)
    problems = problems_of(data, pc.Cycle)
    assert problems == {"$.events[4].reason": "is required"}
    # another cycle's event with a wrong sequence as well: the position is checked first
    data = small_cycle_data()
    data["events"][2]["cycle_id"] = "other"
    data["events"][2]["sequence"] = 9
    assert list(problems_of(data, pc.Cycle)) == ["$.events[2].sequence"]
    # a phase change from the wrong phase
    data = small_cycle_data()
    data["events"].append(
        {
            **data["events"][3],
            "type": "phase_advanced",
            "sequence": 4,
            "from_phase": "appraisal",
            "to_phase": "improvement",
        }
    )
    del data["events"][4]["goal_ids"]
    problems = problems_of(data, pc.Cycle)
    assert list(problems) == ["$.events[4]"]
    assert "expects phase appraisal" in problems["$.events[4]"]


def test_problems_inside_nested_cycles_keep_their_full_path() -> None:
    good = small_cycle_data()
    tampered = small_cycle_data()
    tampered["phase"] = "closed"
    bad_event = small_cycle_data()
    bad_event["events"][1]["goal"]["weight"] = 120
    problems = problems_of([good, tampered, bad_event], list[pc.Cycle])
    assert problems == {
        "$[1].phase": "does not match the state the events produce",
        "$[2].events[1].goal.weight": "must be at most 100, got 120",
    }


def test_from_document_errors() -> None:
    goal = pc.Goal(id="g1", title="Revenue")
    document = to_document(CONV, goal)

    def problems(doc: object, cl: type[Any] = pc.Goal) -> dict[str, str]:
        with pytest.raises(pc.ValidationError) as info:
            from_document(CONV, doc, cl)
        return {p.path: p.message for p in info.value.problems}

    assert problems([document]) == {"$": "must be an object, got list"}
    assert problems(None) == {"$": "must be an object, got NoneType"}
    assert problems(document, pc.Period) == {"$.type": "expected 'Period', got 'Goal'"}
    assert problems({**document, "type": None}) == {"$.type": "expected 'Goal', got None"}
    assert problems({k: v for k, v in document.items() if k != "data"}) == {"$.data": "is required"}
    bad = copy.deepcopy(document)
    bad["data"]["weight"] = 120
    bad["data"]["title"] = 5
    assert problems(bad) == {"$.data.title": "must be a string, got int"}
    bad["data"]["title"] = ""
    assert problems(bad) == {
        "$.data.title": "must not be empty",
        "$.data.weight": "must be at most 100, got 120",
    }
    assert problems({**document, "data": "g1"}) == {"$.data": "must be an object, got str"}
    cycle_document = to_document(CONV, small_cycle())
    cycle_document["data"]["phase"] = "closed"
    assert problems(cycle_document, pc.Cycle) == {
        "$.data.phase": "does not match the state the events produce"
    }


def test_loads_refuses_text_that_is_not_json() -> None:
    for text in ("{not json", "", b"\xff\xfe"):
        with pytest.raises(pc.ValidationError) as info:
            CONV.loads(text, pc.Cycle)
        assert info.value.paths == ("$",)
        assert info.value.problems[0].message.startswith("is not valid JSON")
    with pytest.raises(pc.ValidationError) as info:
        CONV.loads('{"id": "g1"}', pc.Goal)
    assert info.value.paths == ("$.title",)


MALFORMED: list[tuple[object, Any]] = [
    (None, pc.Cycle),
    ({}, pc.Cycle),
    ({"schema_version": 1, "events": [{}]}, pc.Cycle),
    ({"schema_version": 1, "events": [None, 3, "x", []]}, pc.Cycle),
    ({"schema_version": 1, "events": [{"type": "cycle_started", "schema_version": 1}]}, pc.Cycle),
    ({"type": "numeric"}, pc.Measure),
    ({"type": "numeric", "unit": "u", "target": "ten"}, pc.Measure),
    ({"type": "numeric", "unit": "u", "target": 10, "threshold": 20, "stretch": 30}, pc.Measure),
    ({"type": "scale", "scale": {"minimum": 5, "maximum": 1}, "target": 9}, pc.Measure),
    ({"type": "milestones", "steps": []}, pc.Measure),
    ({"type": "milestones", "steps": ["a", "a"]}, pc.Measure),
    ({"steps": ["a"]}, pc.MilestoneMeasure),
    ({"id": "g1", "title": "t", "measure": {"type": None}}, pc.Goal),
    ({"id": "rc", "goal_id": "g", "category": "attitude", "description": "d"}, pc.RootCause),
    ({"source": "boss", "goal_ratings": [{"goal_id": 1}]}, pc.Assessment),
    ({"source": "self", "goal_ratings": "none"}, pc.Assessment),
    ({"id": "c", "kind": "one_on_one", "held_on": "2026-01-01", "progress": [{}]}, pc.CheckIn),
    ({"start": None, "end": None, "kind": None}, pc.Period),
    ({"start": "2026-01-01", "end": "2026-12-31", "kind": "annual", "x": 1}, pc.Period),
    (["2026-01-01", "2026-12-31"], pc.Period),
    ("not-a-date", dt.date),
    (20260101, dt.date),
    ("09:00 yesterday", dt.datetime),
    (1767258000, dt.datetime),
    ("1", int),
    (1.0, int),
    (True, float),
    (0, bool),
    (b"bytes", str),
    ({"person_id": "p", "role": None}, pc.Actor),
    (["g1", 2], list[str]),
    ({"g1"}, list[str]),
    ("abc", tuple[str, ...]),
]


@pytest.mark.parametrize(("data", "cl"), MALFORMED)
def test_malformed_input_raises_only_validation_error(data: object, cl: Any) -> None:
    problems = problems_of(data, cl)
    for path, message in problems.items():
        assert PATH.fullmatch(path), path
        assert message


REPLACEMENTS: list[object] = [
    None,
    "",
    "x",
    "2026-13-45",
    "2027-01-01",
    "2026-01-02T09:00:00+00:00",
    0,
    -1,
    7,
    2.5,
    True,
    [],
    ["x"],
    {},
    {"type": "yes_no"},
]


def nodes_of(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every value in JSON-ready data, the root excluded."""
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes_of(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from nodes_of(item, (*path, index))


@given(run=cycle_runs(max_steps=20), data=st.data())
def test_mutated_cycles_raise_only_validation_errors(run: Run, data: st.DataObject) -> None:
    original = CONV.unstructure(run.cycle)
    mutated = copy.deepcopy(original)
    path = data.draw(st.sampled_from(list(nodes_of(original))), label="path")
    parent: Any = mutated
    for step in path[:-1]:
        parent = parent[step]
    operation = data.draw(st.sampled_from(["replace", "delete", "add_key"]), label="operation")
    if operation == "replace":
        parent[path[-1]] = data.draw(st.sampled_from(REPLACEMENTS), label="value")
    elif operation == "delete":
        del parent[path[-1]]
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]]["unexpected"] = 1
    else:
        parent[path[-1]] = {"unexpected": 1}

    error: pc.ValidationError | None = None
    try:  # anything but a ValidationError fails the test
        result = CONV.structure(mutated, pc.Cycle)
    except pc.ValidationError as exc:
        error = exc
    if error is None:
        assert isinstance(result, pc.Cycle)
        assert CONV.structure(CONV.unstructure(result), pc.Cycle) == result
        if mutated == original:
            assert result == run.cycle
    else:
        assert not isinstance(error, cattrs.BaseValidationError)
        assert error.problems
        for problem in error.problems:
            assert problem.message
            assert parent_exists(mutated, problem.path), problem


# --- 4. converters ------------------------------------------------------------------


def test_converters_are_independent() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    assert first is not cattrs.global_converter
    period = pc.Period.annual(2026)
    as_dict = {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"}

    first.register_unstructure_hook(pc.Period, lambda p: p.label)
    first.register_structure_hook(pc.Period, lambda value, _: pc.Period.annual(int(value)))
    first.register_unstructure_hook(pc.Role, lambda role: role.name.upper())

    assert first.unstructure(period) == "2026"
    assert first.structure("2026", pc.Period) == period
    assert first.unstructure(pc.Role.HR) == "HR"
    assert second.unstructure(period) == as_dict
    assert second.unstructure(pc.Role.HR) == "hr"
    assert problems_of("2026", pc.Period, second) == {"$": "must be an object, got str"}
    third = make_converter()
    assert third.unstructure(period) == as_dict
    assert third.structure(as_dict, pc.Period) == period
    assert cattrs.global_converter.unstructure(pc.Role.HR) == {"name": "hr"}


def test_configure_converter_on_a_json_converter_writes_the_same_data() -> None:
    converter = make_json_converter()
    configure_converter(converter)
    cycle = full_cycle()
    data = converter.unstructure(cycle)
    assert data == CONV.unstructure(cycle)
    assert converter.structure(data, pc.Cycle) == cycle


@attrs.frozen
class _AppRecord:
    """An app's own record, structured by an extended perfcore converter."""

    owner: pc.Actor
    tags: tuple[str, ...]
    queue: collections.deque[int]
    pair: tuple[int, str]
    labels: frozenset[str] = frozenset()


def test_an_extended_converter_keeps_cattrs_behaviour_for_other_containers() -> None:
    data = {
        "owner": {"person_id": "p", "role": "coach"},
        "tags": ["a", "b"],
        "queue": [1, 2],
        "pair": [1, "x"],
        "labels": ["q"],
    }
    record = CONV.structure(data, _AppRecord)
    assert record == _AppRecord(
        owner=pc.Actor(person_id="p", role=pc.Role(name="coach")),
        tags=("a", "b"),
        queue=collections.deque([1, 2]),
        pair=(1, "x"),
        labels=frozenset({"q"}),
    )
    assert type(record.queue) is collections.deque
    assert problems_of({**data, "tags": "ab", "owner": []}, _AppRecord) == {
        "$.owner": "must be an object, got list",
        "$.tags": "must be a list, got str",
    }


def test_problems_raised_by_an_apps_own_hooks_get_full_paths() -> None:
    converter = make_converter()

    def period_from_label(value: object, _: type) -> pc.Period:
        if value == "2026":
            return pc.Period.annual(2026)
        if value is None:
            raise KeyError("label")
        raise pc.ValidationError.single("label", f"unknown period {value!r}")

    converter.register_structure_hook(pc.Period, period_from_label)
    assert converter.structure(["2026"], list[pc.Period]) == [pc.Period.annual(2026)]
    assert problems_of(["2026", "2025", None], list[pc.Period], converter) == {
        "$[1].label": "unknown period '2025'",
        "$[2]": "is required",
    }
    assert problems_of(None, pc.Period, converter) == {"$": "is required ('label')"}


def test_replay_problems_without_a_field_name_the_event(monkeypatch: pytest.MonkeyPatch) -> None:
    def replay(_cls: type[pc.Cycle], _events: object, /, **_options: object) -> pc.Cycle:
        raise pc.ValidationError.single("Ledger.total", "does not add up")

    monkeypatch.setattr(pc.Cycle, "replay", classmethod(replay))
    assert problems_of(small_cycle_data(), pc.Cycle) == {
        "$.events[0]": "Ledger.total: does not add up"
    }


def test_configure_converter_on_a_plain_converter() -> None:
    converter = cattrs.Converter()
    configure_converter(converter)
    cycle = full_cycle()
    data = converter.unstructure(cycle)
    assert data == CONV.unstructure(cycle)
    assert converter.structure(json_copy(data), pc.Cycle) == cycle


def test_a_feedback_discussion_saved_before_gap_explanations_still_loads() -> None:
    old = {"held_on": "2026-12-05", "summary": "All goals"}
    talk = CONV.structure(old, pc.FeedbackDiscussion)
    assert talk == pc.FeedbackDiscussion(held_on=dt.date(2026, 12, 5), summary="All goals")


# --- 5. the fast path ---------------------------------------------------------------
# A cycle's events are structured by a fast path first; cattrs' detailed path runs
# only when the fast one declines, so results and errors must be the detailed path's.


@attrs.frozen
class _Unrelated:
    """A type no perfcore object uses; registering a hook for it changes nothing else."""

    name: str


def detailed_converter() -> PerfcoreConverter:
    """A converter that structures cycles by cattrs' detailed path only.

    Registering any structure hook turns the fast path off (the new hook might be
    one the fast path does not know), so this one never takes it.
    """
    converter = make_converter()
    converter.register_structure_hook(_Unrelated, lambda value, _: _Unrelated(name=str(value)))
    return converter


DETAILED = detailed_converter()


def outcome(converter: PerfcoreConverter, data: object) -> object:
    """The structured cycle, or the problems of the error it raises."""
    try:
        return converter.structure(data, pc.Cycle)
    except pc.ValidationError as exc:
        return exc.problems


def detailed_path_forbidden() -> pytest.MonkeyPatch:
    """A patch under which the detailed path for a cycle's events fails the test."""
    from perfcore import serialization  # noqa: PLC0415 - the module, to patch it

    def detailed(_converter: object, _data: object) -> list[e.Event]:
        pytest.fail("the fast path declined valid stored events")

    patch = pytest.MonkeyPatch()
    patch.setattr(serialization, "_structure_events_detailed", detailed)
    return patch


@given(run=cycle_runs(max_steps=40))
def test_stored_cycles_load_by_the_fast_path_as_by_the_detailed_one(run: Run) -> None:
    data = json_copy(CONV.unstructure(run.cycle))
    patch = detailed_path_forbidden()
    try:
        fast = CONV.structure(data, pc.Cycle)
    finally:
        patch.undo()
    assert fast == run.cycle
    assert DETAILED.structure(data, pc.Cycle) == fast
    assert CONV.unstructure(fast) == data


def test_the_full_and_cancelled_cycles_load_by_the_fast_path() -> None:
    for cycle in (full_cycle(), cancelled_cycle()):
        data = json_copy(CONV.unstructure(cycle))
        patch = detailed_path_forbidden()
        try:
            assert CONV.structure(data, pc.Cycle) == cycle
        finally:
            patch.undo()


def near_misses(value: object) -> list[object]:
    """Values that look like ``value`` but may not be accepted where it was.

    Type confusions JSON allows (``true`` for ``1``, ``1.0`` for ``1``, ``"1"``),
    blanks, non-canonical ISO dates, other tags and roles, and objects with a key
    too many or too few.
    """
    if isinstance(value, bool):
        return [int(value), str(value).lower(), None]
    if isinstance(value, int | float):
        return number_misses(value)
    if isinstance(value, str):
        return text_misses(value)
    if isinstance(value, dict):
        misses: list[object] = [{**value, "unexpected": 1}, list(value.values()), {}]
        return misses + [{k: v for k, v in value.items() if k != key} for key in value]
    if isinstance(value, list):
        return [[], [None], value[:-1], value + value[-1:], {"items": value}]
    return ["x", 0, {}, [], {"type": "yes_no"}]


def number_misses(value: float) -> list[object]:
    misses: list[object] = [value == 1, str(value), -1, 10**400, None]
    if abs(value) < 2**53:
        misses.append(int(value) if isinstance(value, float) else float(value))
    return misses


def text_misses(value: str) -> list[object]:
    misses: list[object] = ["", " ", value.upper(), 1, None, [value]]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        misses += [value.replace("-", ""), f"{value}T00:00:00+00:00"]
    if "T" in value and value.endswith("+00:00"):
        misses += [value.replace("+00:00", "Z"), value.replace("T", " "), value[:-6]]
    return misses


def corrupt(data: object, path: tuple[str | int, ...], value: object) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    copied = copy.deepcopy(data)
    parent: Any = copied
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = copy.deepcopy(value)
    return copied


def value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@settings(max_examples=100)
@given(run=cycle_runs(max_steps=20), data=st.data())
def test_corrupted_cycles_give_the_detailed_paths_result_or_error(
    run: Run, data: st.DataObject
) -> None:
    mutated = json_copy(CONV.unstructure(run.cycle))
    for _ in range(data.draw(st.integers(1, 2), label="changes")):
        nodes = [path for path in nodes_of(mutated) if path[0] == "events" and len(path) > 1]
        path = data.draw(st.sampled_from(nodes), label="path")
        value = data.draw(st.sampled_from(near_misses(value_at(mutated, path))), label="value")
        mutated = corrupt(mutated, path, value)
    assert outcome(CONV, mutated) == outcome(DETAILED, mutated)


def test_every_near_miss_in_a_cycles_events_gives_the_detailed_paths_outcome() -> None:
    original = json_copy(CONV.unstructure(small_cycle()))
    checked = 0
    for path in nodes_of(original["events"], ("events",)):
        for value in near_misses(value_at(original, path)):
            mutated = corrupt(original, path, value)
            assert outcome(CONV, mutated) == outcome(DETAILED, mutated), (path, value)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d["events"][0]["actor"].update(role="Boss"), "$.events[0].actor.role", ""),
        (lambda d: d["events"][1]["goal"].update(weight=True), "$.events[1].goal.weight", ""),
        (lambda d: d["events"][1]["goal"].update(title=" "), "$.events[1].goal.title", ""),
        (lambda d: d["events"][0].update(schema_version=4), "$.events[0].schema_version", ""),
        (lambda d: d["events"][1].update(type="goals_agreed"), "$.events[1]", ""),
    ],
)
def test_errors_in_events_are_the_detailed_paths(change: Any, path: str, message: str) -> None:
    data = json_copy(CONV.unstructure(small_cycle()))
    change(data)
    problems = problems_of(data, pc.Cycle)
    assert problems == problems_of(data, pc.Cycle, DETAILED)
    assert any(p.startswith(path) for p in problems), problems
    assert message in " ".join(problems.values())


def test_a_bad_role_is_refused_every_time_though_good_ones_are_reused() -> None:
    data = json_copy(CONV.unstructure(small_cycle()))
    first, second = CONV.structure(data, pc.Cycle), CONV.structure(data, pc.Cycle)
    assert first == second
    data["events"][0]["actor"]["role"] = "Boss"
    for _ in range(2):
        assert problems_of(data, pc.Cycle) == problems_of(data, pc.Cycle, DETAILED)


def test_python_containers_the_fast_path_declines_still_load() -> None:
    cycle = small_cycle()
    data = CONV.unstructure(cycle)
    as_tuples = {**data, "events": tuple(data["events"])}
    assert CONV.structure(as_tuples, pc.Cycle) == cycle
    subclassed = {**data, "events": [collections.OrderedDict(event) for event in data["events"]]}
    assert CONV.structure(subclassed, pc.Cycle) == cycle


def test_structure_hooks_registered_later_are_used_inside_cycles() -> None:
    converter = make_converter()
    cycle = full_cycle()
    data = json_copy(converter.unstructure(cycle))
    assert converter.structure(data, pc.Cycle) == cycle  # the fast path is built and used
    seen: list[object] = []

    def text(value: object, _: type) -> str:
        seen.append(value)
        return str(value)

    # cattrs looks up the hook of an optional field's type on every call
    converter.register_structure_hook(str, text)
    assert converter.structure(data, pc.Cycle) == cycle
    assert "Project stopped" in seen


def test_a_copied_converter_loads_cycles_alike() -> None:
    cycle = full_cycle()
    data = json_copy(CONV.unstructure(cycle))
    assert CONV.copy().structure(data, pc.Cycle) == cycle


# --- problem codes survive structuring ------------------------------------------------


def _refusal_of(data: object, cl: Any) -> pc.ValidationError:
    with pytest.raises(pc.ValidationError) as raised:
        make_converter().structure(data, cl)
    return raised.value


def test_a_field_refused_while_structuring_keeps_its_code_and_params() -> None:
    error = _refusal_of(goal_data(weight=120, title=""), pc.Goal)
    found = {p.path: (p.code, dict(p.params)) for p in error.problems}
    assert found == {
        "$.title": ("empty", {}),
        "$.weight": ("too_large", {"maximum": 100, "actual": 120}),
    }


def test_unknown_and_missing_fields_have_their_codes() -> None:
    data = {**goal_data(), "zz": 2}
    del data["title"]
    error = _refusal_of(data, pc.Goal)
    assert {p.path: p.code for p in error.problems} == {
        "$.title": "required",
        "$.zz": "unknown_field",
    }


def test_a_stored_history_out_of_order_keeps_the_code_at_its_event() -> None:
    data = make_converter().unstructure(b.implementation_ready())
    data["events"][2]["at"] = data["events"][1]["at"]
    data["events"][3]["at"] = "2025-06-01T09:00:00+00:00"
    error = _refusal_of(data, pc.Cycle)
    assert [(p.path, p.code) for p in error.problems] == [("$.events[3].at", "out_of_order")]
