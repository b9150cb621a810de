"""Hand-built cycles at each phase, for example-based tests.

``ready(phase)`` returns a cycle in ``phase`` with every leaving condition met,
so a test can break one condition at a time. Timestamps advance one day per
step from ``T0``; ``when(n)`` is day ``n``.
"""

from __future__ import annotations

import datetime as dt

import attrs

import perfcore as pc
from perfcore.competency import (
    AssessorRole,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    Requirement,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from strategies import EMPLOYEE, HR, MANAGER

T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
PERIOD = pc.Period.annual(2026)


def when(day: int) -> dt.datetime:
    """``T0`` plus ``day`` days."""
    return T0 + dt.timedelta(days=day)


TALK = Competency(id="talk", name="Presenting", category=CompetencyCategory.SKILL)
LAW = Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)
PROFILE = CompetencyProfile(
    id="ae",
    name="Account executive",
    competencies=(TALK, LAW),
    requirements=(
        Requirement(competency_id="talk", level=4, weight=2, critical=True),
        Requirement(competency_id="law", level=3),
    ),
)


def competency_assessment(
    role: AssessorRole, assessor_id: str, talk: float = 3, law: float = 3
) -> CompetencyAssessment:
    """An assessment of the employee against ``PROFILE``."""
    basis = pc.Basis(text=f"{role.value} view")
    return CompetencyAssessment(
        person_id=EMPLOYEE.person_id,
        assessor_id=assessor_id,
        role=role,
        ratings=(
            CompetencyRating(competency_id="talk", level=talk, basis=basis),
            CompetencyRating(competency_id="law", level=law, basis=basis),
        ),
    )


def started(
    *, check_in_every_days: int = 60, settings: pc.CycleSettings = pc.cycle.DEFAULT_SETTINGS
) -> pc.Cycle:
    """Goal setting just started by HR, with ``PROFILE`` and ``settings``."""
    return pc.Cycle.start(
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=PERIOD,
        by=HR,
        at=T0,
        check_in_every_days=check_in_every_days,
        profile=PROFILE,
        settings=settings,
    )


def sales_goal(**changes: object) -> pc.Goal:
    fields: dict[str, object] = {
        "id": "g1",
        "title": "Grow revenue",
        "weight": 70,
        "measure": pc.NumericMeasure(unit="EUR k", threshold=900, target=1000, stretch=1200),
        "parent_id": "company/growth",
    }
    fields.update(changes)
    return pc.Goal(**fields)  # type: ignore[arg-type]


def quality_goal(**changes: object) -> pc.Goal:
    fields: dict[str, object] = {
        "id": "g2",
        "title": "Cut defects",
        "weight": 30,
        "measure": pc.NumericMeasure(
            unit="defects", target=5, threshold=10, direction=pc.Direction.LOWER_IS_BETTER
        ),
        "parent_id": "company/quality",
    }
    fields.update(changes)
    return pc.Goal(**fields)  # type: ignore[arg-type]


def learning_goal(**changes: object) -> pc.Goal:
    fields: dict[str, object] = {
        "id": "g3",
        "title": "Certification",
        "kind": pc.GoalKind.DEVELOPMENT,
        "measure": pc.YesNoMeasure(question="Certified?"),
    }
    fields.update(changes)
    return pc.Goal(**fields)  # type: ignore[arg-type]


_SETTINGS = pc.cycle.DEFAULT_SETTINGS


CATALOGUE = pc.ObjectiveCatalogue(
    objectives=(
        pc.Objective(
            id="company/growth", title="Grow", level=pc.ObjectiveLevel.COMPANY, period=PERIOD
        ),
        pc.Objective(
            id="company/quality", title="Quality", level=pc.ObjectiveLevel.COMPANY, period=PERIOD
        ),
    )
)
"""The company objectives ``sales_goal`` and ``quality_goal`` hang under."""


def objective(objective_id: str, period: pc.Period = PERIOD) -> pc.Objective:
    """The objective of ``CATALOGUE`` with this id, else a company objective for ``period``."""
    found = CATALOGUE.get(objective_id)
    if found is not None and found.overlaps(period):
        return found
    return pc.Objective(
        id=objective_id, title=objective_id, level=pc.ObjectiveLevel.COMPANY, period=period
    )


def aligned(
    cycle: pc.Cycle, *, by: pc.Actor | None = None, at: dt.datetime | None = None
) -> pc.Cycle:
    """``cycle`` with each active goal whose parent is no goal aligned to that objective.

    By the cycle's manager at its latest moment unless told otherwise.
    """
    actor = by or pc.Actor(person_id=cycle.manager_id, role=pc.Role.MANAGER)
    moment = cycle.last_event_at if at is None else at
    for goal in cycle.active_goals:
        parent = goal.parent_id
        if parent is None or cycle.goal(parent) is not None or cycle.objective_for(goal.id):
            continue
        cycle = cycle.align_goal(goal.id, objective(parent, cycle.period), by=actor, at=moment)
    return cycle


def goal_setting_ready(settings: pc.CycleSettings = _SETTINGS) -> pc.Cycle:
    """Goal setting with three agreed, measured, aligned goals weighing 100."""
    cycle = started(settings=settings)
    for number, goal in enumerate((sales_goal(), quality_goal(), learning_goal()), start=1):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=when(number))
    return aligned(cycle).agree_goals(by=EMPLOYEE, at=when(4))


def implementation_ready(settings: pc.CycleSettings = _SETTINGS) -> pc.Cycle:
    """Implementation (entered on day 5) with a check-in on day 30."""
    cycle = goal_setting_ready(settings).advance(by=MANAGER, at=when(5))
    check_in = pc.CheckIn(
        id="ci1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=when(30).date(), summary="ok"
    )
    return cycle.record_check_in(check_in, by=MANAGER, at=when(30))


def rating(goal_id: str, achievement: pc.Achievement, value: float = 3) -> pc.GoalRating:
    return pc.GoalRating(
        goal_id=goal_id,
        achievement=achievement,
        rating=pc.Rating(value=value, basis=pc.Basis(text=f"basis for {goal_id}")),
    )


def manager_assessment(
    sales: pc.Achievement = pc.Achievement.PARTLY_MET,
) -> pc.Assessment:
    return pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(
            rating("g1", sales, 2),
            rating("g2", pc.Achievement.EXCEEDED, 5),
            rating("g3", pc.Achievement.MET, 4),
        ),
    )


def self_assessment() -> pc.Assessment:
    return pc.Assessment(
        source=pc.AssessmentSource.SELF,
        goal_ratings=(
            rating("g1", pc.Achievement.MET, 3),
            rating("g2", pc.Achievement.EXCEEDED, 5),
            rating("g3", pc.Achievement.MET, 4),
        ),
    )


def scored_manager_assessment() -> pc.Assessment:
    """``manager_assessment()`` with the results the scorers need."""
    actuals = {"g1": 950.0, "g2": 4.0, "g3": 1.0}
    ratings = tuple(
        attrs.evolve(rating, actual=actuals[rating.goal_id])
        for rating in manager_assessment().goal_ratings
    )
    return attrs.evolve(manager_assessment(), goal_ratings=ratings)


def cause() -> pc.RootCause:
    return pc.RootCause(
        id="rc1", goal_id="g1", category=pc.CauseCategory.KNOWLEDGE, description="New product"
    )


def rate_competencies(cycle: pc.Cycle, *, at: dt.datetime) -> pc.Cycle:
    """The manager rates every competency of ``PROFILE`` (condition ``competency_rated``)."""
    rated = competency_assessment(AssessorRole.MANAGER, MANAGER.person_id)
    return cycle.submit_competency_assessment(rated, by=MANAGER, at=at)


def appraisal_entered(settings: pc.CycleSettings = _SETTINGS) -> pc.Cycle:
    """Appraisal just entered (day 40)."""
    return implementation_ready(settings).advance(by=MANAGER, at=when(40))


def appraisal_ready() -> pc.Cycle:
    """Appraisal with every condition met: g1 partly met and analysed, all rated, acknowledged."""
    cycle = appraisal_entered()
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=when(41))
    cycle = cycle.submit_manager_assessment(manager_assessment(), by=MANAGER, at=when(42))
    cycle = rate_competencies(cycle, at=when(42))
    cycle = cycle.record_root_cause(cause(), by=MANAGER, at=when(43))
    discussion = pc.FeedbackDiscussion(held_on=when(44).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=when(44))
    return cycle.acknowledge(by=EMPLOYEE, at=when(45))


def action(**changes: object) -> pc.ImprovementAction:
    fields: dict[str, object] = {
        "id": "a1",
        "title": "Product training",
        "kind": pc.InterventionKind.TRAINING,
        "owner_id": EMPLOYEE.person_id,
        "due": dt.date(2026, 6, 30),
        "success_measure": "Passes the product quiz",
        "cause_ids": ("rc1",),
    }
    fields.update(changes)
    return pc.ImprovementAction(**fields)  # type: ignore[arg-type]


def improvement_entered() -> pc.Cycle:
    """Improvement just entered (day 47) with one action for rc1."""
    cycle = appraisal_ready().add_improvement_action(action(), by=MANAGER, at=when(46))
    return cycle.advance(by=MANAGER, at=when(47))


def follow_up(outcome: pc.Outcome | None = pc.Outcome.IMPROVED, day: int = 60) -> pc.FollowUp:
    return pc.FollowUp(
        action_id="a1", held_on=when(day).date(), progress="Quiz passed", outcome=outcome
    )


def improvement_ready() -> pc.Cycle:
    """Improvement with the action followed up as improved."""
    return improvement_entered().record_follow_up(follow_up(), by=MANAGER, at=when(60))


def closed() -> pc.Cycle:
    return improvement_ready().close(by=MANAGER, at=when(61))


def formal_plan(**changes: object) -> FormalPlan:
    """A formal plan over ``a1``: from 1 March to 31 May 2026, reviewed on the 15th of each month.

    ``improvement_entered()`` enters improvement on day 47 (21 February 2026).
    """
    fields: dict[str, object] = {
        "id": "fp1",
        "reason": "Product knowledge gaps lost two key deals",
        "action_ids": ("a1",),
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 5, 31),
        "review_dates": (dt.date(2026, 3, 15), dt.date(2026, 4, 15), dt.date(2026, 5, 15)),
        "expectations": "Passes the product quiz and runs two demos alone",
        "support": ("Weekly session with a product expert",),
        "consequences": "A review of the role",
    }
    fields.update(changes)
    return FormalPlan(**fields)  # type: ignore[arg-type]


def formal_review(held_on: dt.date, outcome: pc.Outcome | None = None) -> FormalReview:
    return FormalReview(held_on=held_on, progress="Reviewed the plan", outcome=outcome)


def on(month: int, day: int, hour: int = 9) -> dt.datetime:
    """A moment in 2026, for the formal-plan examples."""
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def formal_plan_started() -> pc.Cycle:
    """``improvement_entered()`` with ``formal_plan()`` started by the manager on 24 February."""
    return improvement_entered().start_formal_plan(formal_plan(), by=MANAGER, at=on(2, 24))


def under_rules(cycle: pc.Cycle, rules: int) -> pc.Cycle:
    """``cycle``'s history as a cycle started under version ``rules`` of the leaving rules.

    Rules 1 and 2 read no settings; from 3 on, the cycle keeps its own (or the defaults).
    """
    first = cycle.events[0]
    assert isinstance(first, pc.cycle.CycleStarted)
    settings = (first.settings or pc.cycle.DEFAULT_SETTINGS) if rules >= 3 else None
    started = attrs.evolve(first, rules=rules, settings=settings)
    return pc.Cycle.replay((started, *cycle.events[1:]))


def appraised_with_profile() -> pc.Cycle:
    """``appraisal_ready`` but the manager rated only the ``law`` competency of ``PROFILE``."""
    cycle = appraisal_entered()
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=when(41))
    cycle = cycle.submit_manager_assessment(manager_assessment(), by=MANAGER, at=when(42))
    law = CompetencyAssessment(
        person_id=EMPLOYEE.person_id,
        assessor_id=MANAGER.person_id,
        role=AssessorRole.MANAGER,
        ratings=(CompetencyRating(competency_id="law", level=3, basis=pc.Basis(text="Contracts")),),
    )
    cycle = cycle.submit_competency_assessment(law, by=MANAGER, at=when(42))
    cycle = cycle.record_root_cause(cause(), by=MANAGER, at=when(43))
    discussion = pc.FeedbackDiscussion(held_on=when(44).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=when(44))
    return cycle.acknowledge(by=EMPLOYEE, at=when(45))
