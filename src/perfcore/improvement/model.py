"""Root causes of shortfalls, improvement actions and their follow-up: the records a cycle keeps."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError

__all__ = [
    "Attribution",
    "CauseCategory",
    "FollowUp",
    "ImprovementAction",
    "ImprovementPlan",
    "InterventionKind",
    "Outcome",
    "RootCause",
]


class CauseCategory(enum.Enum):
    """Why a goal was not met: objective (external) or subjective causes."""

    RESOURCES = "resources"
    ENVIRONMENT = "environment"
    UNREALISTIC_GOAL = "unrealistic_goal"
    EXPECTATIONS = "expectations"
    """Expectations or feedback were missing or unclear."""
    KNOWLEDGE = "knowledge"
    EXPERIENCE = "experience"
    """Lack of skill or experience."""
    ATTITUDE = "attitude"
    """Motivation or attitude; say whether management or the employee is the source."""
    CAPACITY = "capacity"
    """Capacity or fit for the role."""

    @property
    def is_subjective(self) -> bool:
        """Subjective causes lie with the person; the rest are objective (external)."""
        return self in _SUBJECTIVE


_SUBJECTIVE = frozenset(
    {
        CauseCategory.KNOWLEDGE,
        CauseCategory.EXPERIENCE,
        CauseCategory.ATTITUDE,
        CauseCategory.CAPACITY,
    }
)


class Attribution(enum.Enum):
    """Where an attitude problem lies: in how people are managed, or with the employee."""

    MANAGEMENT = "management"
    EMPLOYEE = "employee"


def _check_attribution(
    inst: RootCause, attr: attrs.Attribute[Any], value: Attribution | None
) -> None:
    if inst.category is CauseCategory.ATTITUDE and value is None:
        v.fail(inst, attr, "is required for an attitude cause (management or employee)")
    if inst.category is not CauseCategory.ATTITUDE and value is not None:
        v.fail(inst, attr, f"only applies to attitude causes, not {inst.category.value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RootCause:
    """The analysed cause of one unmet goal.

    >>> cause = RootCause(id="rc1", goal_id="g1", category=CauseCategory.ATTITUDE,
    ...                   attribution=Attribution.MANAGEMENT, description="No feedback for months")
    >>> cause.category.is_subjective
    True
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    goal_id: str = attrs.field(validator=v.text(max_length=200))
    category: CauseCategory = attrs.field(validator=v.member(CauseCategory))
    description: str = attrs.field(validator=v.text())
    attribution: Attribution | None = attrs.field(
        default=None, validator=[v.member(Attribution, optional=True), _check_attribution]
    )


class InterventionKind(enum.Enum):
    """What kind of action addresses a cause."""

    TRAINING = "training"
    COUNSELLING = "counselling"
    PRACTICE = "practice"
    STRETCH_ASSIGNMENT = "stretch_assignment"
    ROTATION = "rotation"
    MENTORING = "mentoring"
    COACHING = "coaching"
    CONVERSATION = "conversation"
    MANAGEMENT_FIX = "management_fix"
    CLARIFY_EXPECTATIONS = "clarify_expectations"
    REMOVE_OBSTACLES = "remove_obstacles"
    REDESIGN = "redesign"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ImprovementAction:
    """One action of an improvement plan, tied to the causes it addresses.

    >>> a = ImprovementAction(id="a1", title="Negotiation course", cause_ids=("rc1",),
    ...                       kind=InterventionKind.TRAINING, owner_id="e-17",
    ...                       due=dt.date(2027, 3, 31), success_measure="Course passed")
    >>> a.kind.value
    'training'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    title: str = attrs.field(validator=v.text(max_length=500))
    kind: InterventionKind = attrs.field(validator=v.member(InterventionKind))
    owner_id: str = attrs.field(validator=v.text(max_length=200))
    due: dt.date = attrs.field(validator=v.date())
    success_measure: str = attrs.field(validator=v.text())
    cause_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    carried_from: str | None = attrs.field(default=None, validator=v.optional_text())
    """Id of the cycle this action was carried over from, if any."""


class Outcome(enum.Enum):
    """Result of an action (or a plan) at follow-up."""

    IMPROVED = "improved"
    PARTLY_IMPROVED = "partly_improved"
    NOT_IMPROVED = "not_improved"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FollowUp:
    """The manager inspects progress on one action and, with the employee, corrects drift.

    An action is finished once a follow-up records ``Outcome.IMPROVED``; any other
    last outcome (or none) leaves it open, and open actions carry over to the next cycle.

    >>> FollowUp(action_id="a1", held_on=dt.date(2027, 2, 1), progress="Half the modules done",
    ...          outcome=Outcome.PARTLY_IMPROVED).outcome.value
    'partly_improved'
    """

    action_id: str = attrs.field(validator=v.text(max_length=200))
    held_on: dt.date = attrs.field(validator=v.date())
    progress: str = attrs.field(validator=v.text())
    deviation: str | None = attrs.field(default=None, validator=v.optional_text())
    corrective_step: str | None = attrs.field(default=None, validator=v.optional_text())
    """The correction agreed with the employee."""
    outcome: Outcome | None = attrs.field(default=None, validator=v.member(Outcome, optional=True))


_distinct_action_ids = v.distinct("id", "repeat action id(s)")
"""Actions of one plan (or draft) have distinct ids."""


def _known_actions(
    inst: ImprovementPlan, _attr: attrs.Attribute[Any], value: tuple[FollowUp, ...]
) -> None:
    known = {action.id for action in inst.actions} if isinstance(inst.actions, tuple) else set()
    for index, follow_up in enumerate(value):
        if isinstance(follow_up, FollowUp) and follow_up.action_id not in known:
            raise ValidationError.single(
                f"ImprovementPlan.follow_ups[{index}].action_id",
                f"no action {follow_up.action_id!r} in the plan",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ImprovementPlan:
    """A cycle's improvement plan: its actions and their follow-ups, in order.

    >>> ImprovementPlan(actions=(), follow_ups=()).open_actions
    ()
    """

    actions: tuple[ImprovementAction, ...] = attrs.field(
        validator=[v.tuple_of(ImprovementAction), _distinct_action_ids]
    )
    follow_ups: tuple[FollowUp, ...] = attrs.field(validator=[v.tuple_of(FollowUp), _known_actions])

    def follow_ups_for(self, action_id: str) -> tuple[FollowUp, ...]:
        """Follow-ups of one action, oldest first."""
        return tuple(f for f in self.follow_ups if f.action_id == action_id)

    def outcome_of(self, action_id: str) -> Outcome | None:
        """The latest recorded outcome of an action."""
        outcomes = [f.outcome for f in self.follow_ups_for(action_id) if f.outcome is not None]
        return outcomes[-1] if outcomes else None

    @property
    def open_actions(self) -> tuple[ImprovementAction, ...]:
        """Actions whose latest outcome is not ``IMPROVED``."""
        return tuple(a for a in self.actions if self.outcome_of(a.id) is not Outcome.IMPROVED)

    @property
    def outcome(self) -> Outcome | None:
        """The plan's outcome: improved if every action improved, not improved if none did."""
        outcomes = [self.outcome_of(a.id) for a in self.actions]
        if not outcomes or any(o is None for o in outcomes):
            return None
        if all(o is Outcome.IMPROVED for o in outcomes):
            return Outcome.IMPROVED
        if all(o is Outcome.NOT_IMPROVED for o in outcomes):
            return Outcome.NOT_IMPROVED
        return Outcome.PARTLY_IMPROVED
