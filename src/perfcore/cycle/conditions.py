"""The conditions for leaving each phase: the one place these rules live.

Each :class:`Condition` belongs to the phase it guards, says whether HR may
waive it, and lists its unmet instances as :class:`Blocker` records. A
blocker's ``subject`` names what it is about (a goal id, a root cause id, a
gap between check-ins) so one instance can be waived without the others.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from perfcore.cycle.phases import Phase
from perfcore.goals import GoalKind

if TYPE_CHECKING:
    from perfcore.cycle.aggregate import Cycle

__all__ = ["CONDITIONS", "WEIGHT_TOLERANCE", "Blocker", "Condition", "conditions_for"]

WEIGHT_TOLERANCE = 0.01
"""Performance-goal weights must total 100 within this many points."""


@attrs.frozen(kw_only=True)
class Blocker:
    """One unmet condition: its code, a readable message and what it is about.

    >>> Blocker(code="goal_agreed", phase=Phase.GOAL_SETTING, subject="g2",
    ...         message="goal 'g2' is not agreed by the employee").subject
    'g2'
    """

    code: str
    phase: Phase
    message: str
    subject: str | None = None


Check = Callable[["Cycle", dt.date], Iterator[tuple[str | None, str]]]


@attrs.frozen(kw_only=True)
class Condition:
    """A rule that must hold before leaving ``phase``; ``check`` yields (subject, message)."""

    code: str
    phase: Phase
    description: str
    waivable: bool
    check: Check = attrs.field(eq=False, repr=False)

    def blockers(self, cycle: Cycle, today: dt.date) -> tuple[Blocker, ...]:
        """Every unmet instance of this condition on ``cycle``, as of ``today``."""
        return tuple(
            Blocker(code=self.code, phase=self.phase, message=message, subject=subject)
            for subject, message in self.check(cycle, today)
        )


# --- goal setting -------------------------------------------------------------------


def _goals_present(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if not cycle.active_goals:
        yield None, "no goals have been set"


def _goal_measure(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.measure is None:
            yield goal.id, f"goal {goal.id!r} has no measure"


def _goal_agreed(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.id not in cycle.agreed_goal_ids:
            yield goal.id, f"goal {goal.id!r} is not agreed by the employee"


def _weights_total(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    weights = [g.weight for g in cycle.active_goals if g.kind is GoalKind.PERFORMANCE]
    total = sum(weights)
    if weights and abs(total - 100) > WEIGHT_TOLERANCE:
        yield None, f"performance goal weights total {total:g}, not 100"


def _goal_aligned(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.kind is GoalKind.PERFORMANCE and goal.parent_id is None:
            yield (
                goal.id,
                f"performance goal {goal.id!r} is not aligned to a team or company objective",
            )


# --- implementation -----------------------------------------------------------------


def _check_in_cadence(cycle: Cycle, today: dt.date) -> Iterator[tuple[str | None, str]]:
    start = cycle.phase_started_at.date()
    dates = sorted({c.held_on for c in cycle.check_ins if start <= c.held_on <= today})
    points = [start, *dates, today]
    limit = cycle.check_in_every_days
    for earlier, later in itertools.pairwise(points):
        gap = (later - earlier).days
        if gap > limit:
            yield (
                f"{earlier.isoformat()}..{later.isoformat()}",
                (
                    f"{gap} days without a check-in from {earlier} to {later}"
                    f" (agreed: every {limit} days)"
                ),
            )


# --- appraisal ----------------------------------------------------------------------


def _manager_assessment(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.manager_assessment is None:
        yield None, "the manager has not submitted an assessment"


def _goal_rated(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    assessment = cycle.manager_assessment
    if assessment is None:
        return
    for goal in cycle.active_goals:
        if assessment.rating_for(goal.id) is None:
            yield goal.id, f"goal {goal.id!r} has no manager rating"


def _self_assessment(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.self_assessment is None:
        yield None, "the employee's self-assessment is missing"


def _root_cause(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    analysed = {rc.goal_id for rc in cycle.root_causes}
    for goal in cycle.unmet_goals:
        if goal.id not in analysed:
            yield goal.id, f"unmet goal {goal.id!r} has no root cause"


def _feedback_discussion(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.feedback is None:
        yield None, "the feedback discussion has not been held"


def _acknowledgement(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.disputed:
        yield None, "the employee's dispute awaits HR's resolution"
    elif not cycle.acknowledged and not cycle.dispute_resolved:
        yield None, "the employee has neither acknowledged nor disputed the appraisal"


# --- improvement --------------------------------------------------------------------


def _cause_addressed(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    addressed = {cause_id for action in cycle.actions for cause_id in action.cause_ids}
    for cause in cycle.root_causes:
        if cause.id not in addressed:
            yield (
                cause.id,
                f"root cause {cause.id!r} ({cause.category.value}) has no improvement action",
            )


def _action_followed_up(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.improvement_plan
    for action in plan.actions:
        if not plan.follow_ups_for(action.id):
            yield action.id, f"action {action.id!r} has not been followed up"


def _action_outcome(cycle: Cycle, _: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.improvement_plan
    for action in plan.actions:
        if plan.follow_ups_for(action.id) and plan.outcome_of(action.id) is None:
            yield action.id, f"action {action.id!r} has no recorded outcome"


_GS, _IM, _AP, _IP = Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT

CONDITIONS: tuple[Condition, ...] = (
    Condition(
        code="goals_present",
        phase=_GS,
        waivable=False,
        check=_goals_present,
        description="At least one goal is set.",
    ),
    Condition(
        code="goal_measure",
        phase=_GS,
        waivable=False,
        check=_goal_measure,
        description="Every goal has a measure.",
    ),
    Condition(
        code="goal_agreed",
        phase=_GS,
        waivable=False,
        check=_goal_agreed,
        description="Every goal is agreed by the employee, not imposed.",
    ),
    Condition(
        code="weights_total",
        phase=_GS,
        waivable=False,
        check=_weights_total,
        description="Performance goal weights total 100.",
    ),
    Condition(
        code="goal_aligned",
        phase=_GS,
        waivable=True,
        check=_goal_aligned,
        description="Every performance goal is aligned to a team or company objective.",
    ),
    Condition(
        code="revision_agreed",
        phase=_IM,
        waivable=False,
        check=_goal_agreed,
        description="Every goal revised during implementation is agreed again.",
    ),
    Condition(
        code="check_in_cadence",
        phase=_IM,
        waivable=True,
        check=_check_in_cadence,
        description="No gap between check-ins exceeds the agreed cadence.",
    ),
    Condition(
        code="manager_assessment",
        phase=_AP,
        waivable=False,
        check=_manager_assessment,
        description="The manager has submitted an assessment.",
    ),
    Condition(
        code="goal_rated",
        phase=_AP,
        waivable=False,
        check=_goal_rated,
        description="The manager rated every goal, each with a basis.",
    ),
    Condition(
        code="self_assessment",
        phase=_AP,
        waivable=True,
        check=_self_assessment,
        description="The employee's self-assessment is present.",
    ),
    Condition(
        code="root_cause",
        phase=_AP,
        waivable=False,
        check=_root_cause,
        description="Every unmet goal has a root cause.",
    ),
    Condition(
        code="feedback_discussion",
        phase=_AP,
        waivable=False,
        check=_feedback_discussion,
        description="The feedback discussion was held.",
    ),
    Condition(
        code="acknowledgement",
        phase=_AP,
        waivable=True,
        check=_acknowledgement,
        description="The employee acknowledged the result, or HR resolved their dispute.",
    ),
    Condition(
        code="cause_addressed",
        phase=_IP,
        waivable=True,
        check=_cause_addressed,
        description="Every root cause has at least one improvement action.",
    ),
    Condition(
        code="action_followed_up",
        phase=_IP,
        waivable=True,
        check=_action_followed_up,
        description="Every improvement action was followed up.",
    ),
    Condition(
        code="action_outcome",
        phase=_IP,
        waivable=False,
        check=_action_outcome,
        description="Every followed-up action has a recorded outcome.",
    ),
)
"""Every leaving condition, in the order they are checked and reported."""

_BY_CODE = {condition.code: condition for condition in CONDITIONS}


def conditions_for(phase: Phase) -> tuple[Condition, ...]:
    """The conditions that guard leaving ``phase``."""
    return tuple(condition for condition in CONDITIONS if condition.phase is phase)


def condition_named(code: str) -> Condition | None:
    """The condition with this code, if any."""
    return _BY_CODE.get(code)
