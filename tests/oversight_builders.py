"""A healthy cycle over a real calendar year, step by step, for the audit tests.

``healthy(until=...)`` runs the cycle of employee ``e7`` (manager ``m2``) for
2026 up to a named step, keeping every rule the audit checks: agreed,
measured, weighted goals; a check-in with progress on every goal every four
weeks; ratings with a real basis; the self-assessment heard and gaps
explained; the unmet goal analysed; an action that follows from its cause,
followed up before it is due. Tests break one thing at a time with the
``Step`` hooks or by adding commands to the result.
"""

from __future__ import annotations

import datetime as dt

import builders as b
import perfcore as pc

EMPLOYEE = pc.Actor(person_id="e7", role=pc.Role.EMPLOYEE)
MANAGER = pc.Actor(person_id="m2", role=pc.Role.MANAGER)
HR = pc.Actor(person_id="hr1", role=pc.Role.HR)
PERIOD = pc.Period.annual(2026)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """9 o'clock UTC on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def d(text: str) -> dt.date:
    """``d("2026-03-02")``."""
    return dt.date.fromisoformat(text)


def basis(text: str) -> pc.Basis:
    return pc.Basis(text=text, evidence=("crm:q4-report",))


GOALS = (
    pc.Goal(
        id="g1",
        title="Grow renewals",
        weight=70,
        measure=pc.NumericMeasure(unit="EUR k", threshold=900, target=1000, stretch=1200),
        parent_id="company/growth",
    ),
    pc.Goal(
        id="g2",
        title="Cut defects",
        weight=30,
        measure=pc.NumericMeasure(
            unit="defects", target=5, threshold=10, direction=pc.Direction.LOWER_IS_BETTER
        ),
        parent_id="company/quality",
    ),
    pc.Goal(
        id="g3",
        title="Security certification",
        kind=pc.GoalKind.DEVELOPMENT,
        measure=pc.YesNoMeasure(question="Certified?"),
    ),
)

IMPLEMENTATION_STARTS = d("2026-01-12")
CHECK_IN_DAYS = tuple(IMPLEMENTATION_STARTS + dt.timedelta(days=28 * n) for n in range(1, 13))
"""Twelve check-ins, every 28 days from 2026-02-09 to 2026-12-28."""
APPRAISAL_STARTS = d("2027-01-04")
IMPROVEMENT_STARTS = d("2027-01-20")
ACTION_DUE = d("2027-03-31")
CLOSES = d("2027-03-20")


def check_in(day: dt.date, goal_ids: tuple[str, ...] = ("g1", "g2", "g3")) -> pc.CheckIn:
    return pc.CheckIn(
        id=f"ci-{day.isoformat()}",
        kind=pc.CheckInKind.ONE_ON_ONE,
        held_on=day,
        summary="Monthly 1:1",
        progress=tuple(pc.GoalProgress(goal_id=g) for g in goal_ids),
    )


def rating(goal_id: str, achievement: pc.Achievement, value: float, why: str) -> pc.GoalRating:
    return pc.GoalRating(
        goal_id=goal_id, achievement=achievement, rating=pc.Rating(value=value, basis=basis(why))
    )


def manager_assessment(g1: float = 2, g2: float = 5, overall: float | None = None) -> pc.Assessment:
    return pc.Assessment(
        overall=None
        if overall is None
        else pc.Rating(value=overall, basis=basis("Solid year; renewals a little short")),
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(
            rating("g1", pc.Achievement.PARTLY_MET, g1, "Renewals reached 940 of the 1000 target"),
            rating("g2", pc.Achievement.EXCEEDED, g2, "Defects fell to 3 against a target of 5"),
            rating("g3", pc.Achievement.MET, 4, "Certificate issued in November"),
        ),
    )


def self_assessment(g1: float = 3) -> pc.Assessment:
    return pc.Assessment(
        source=pc.AssessmentSource.SELF,
        goal_ratings=(
            rating("g1", pc.Achievement.MET, g1, "Two late renewals closed in January"),
            rating("g2", pc.Achievement.EXCEEDED, 5, "Defect count from the tracker"),
            rating("g3", pc.Achievement.MET, 4, "Passed the exam first time"),
        ),
    )


CAUSE = pc.RootCause(
    id="rc1",
    goal_id="g1",
    category=pc.CauseCategory.KNOWLEDGE,
    description="Did not know the new pricing model",
)
ACTION = pc.ImprovementAction(
    id="a1",
    title="Pricing model training",
    kind=pc.InterventionKind.TRAINING,
    owner_id="e7",
    due=ACTION_DUE,
    success_measure="Renewal quotes priced without escalation",
    cause_ids=("rc1",),
)

STEPS = ("goals_agreed", "implementation", "appraisal", "appraised", "improvement", "closed")


def healthy(
    until: str = "closed",
    *,
    cycle_id: str = "c-e7-2026",
    employee: pc.Actor = EMPLOYEE,
    manager: pc.Actor = MANAGER,
    check_ins: tuple[dt.date, ...] = CHECK_IN_DAYS,
    tracked: tuple[str, ...] = ("g1", "g2", "g3"),
    manager_ratings: pc.Assessment | None = None,
    action: pc.ImprovementAction = ACTION,
    settings: pc.CycleSettings = pc.cycle.DEFAULT_SETTINGS,
) -> pc.Cycle:
    """The healthy cycle, run up to and including step ``until`` (one of ``STEPS``)."""
    assert until in STEPS, until
    cycle = pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee.person_id,
        manager_id=manager.person_id,
        period=PERIOD,
        by=HR,
        at=at(d("2026-01-05")),
        check_in_every_days=30,
        settings=settings,
    )
    for n, goal in enumerate(GOALS):
        cycle = cycle.propose_goal(goal, by=manager, at=at(d("2026-01-06") + dt.timedelta(n)))
    cycle = b.aligned(cycle).agree_goals(by=employee, at=at(d("2026-01-09")))
    if until == "goals_agreed":
        return cycle
    cycle = cycle.advance(by=manager, at=at(IMPLEMENTATION_STARTS))
    for day in check_ins:
        cycle = cycle.record_check_in(check_in(day, tracked), by=manager, at=at(day))
    if until == "implementation":
        return cycle
    cycle = cycle.advance(by=manager, at=at(APPRAISAL_STARTS))
    if until == "appraisal":
        return cycle
    cycle = cycle.submit_self_assessment(self_assessment(), by=employee, at=at(d("2027-01-05")))
    cycle = cycle.submit_manager_assessment(
        manager_ratings or manager_assessment(), by=manager, at=at(d("2027-01-07"))
    )
    cycle = cycle.record_root_cause(CAUSE, by=manager, at=at(d("2027-01-08")))
    talk = pc.FeedbackDiscussion(held_on=d("2027-01-12"), summary="Went through every goal")
    cycle = cycle.hold_feedback_discussion(talk, by=manager, at=at(d("2027-01-12")))
    cycle = cycle.acknowledge(by=employee, at=at(d("2027-01-13")))
    if until == "appraised":
        return cycle
    cycle = cycle.add_improvement_action(action, by=manager, at=at(d("2027-01-14")))
    cycle = cycle.advance(by=manager, at=at(IMPROVEMENT_STARTS))
    if until == "improvement":
        return cycle
    done = pc.FollowUp(
        action_id=action.id,
        held_on=d("2027-03-15"),
        progress="Training done; quotes priced unaided",
        outcome=pc.Outcome.IMPROVED,
    )
    cycle = cycle.record_follow_up(done, by=manager, at=at(d("2027-03-15")))
    return cycle.close(by=manager, at=at(CLOSES))
