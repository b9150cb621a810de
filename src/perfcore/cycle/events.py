"""Events: immutable, attributable facts in a cycle's history.

Every event records the cycle, its position in the history (``sequence``),
who acted and in which role (``actor``), when (``at``, always passed in) and
why (``reason``, required where the domain asks for one). A cycle is the fold
of its events: ``Cycle.replay(cycle.events) == cycle``.

Each event type has a stable ``TAG`` used when serialised; it never changes
when a class is renamed (:data:`EVENT_BY_NAME` finds the type by it). Its
``VERSION`` is the version of its stored shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore._zones import UTC_NAME
from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Assessment, FeedbackDiscussion
from perfcore.checkins import CheckIn
from perfcore.competency.model import AssessorRole, CompetencyAssessment, CompetencyProfile
from perfcore.cycle.state import (
    DEFAULT_SETTINGS,
    RULES,
    AdjustmentKind,
    CycleSettings,
    DisputeOutcome,
)
from perfcore.goals import Goal
from perfcore.improvement import (
    FollowUp,
    ImprovementAction,
    PracticeRecord,
    RootCause,
    SignalKind,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.objectives import Objective
from perfcore.people import Actor
from perfcore.periods import Period
from perfcore.phases import Phase
from perfcore.scales import RatingScale

__all__ = [
    "EVENT_BY_NAME",
    "EVENT_TYPES",
    "RATING_RELEASES",
    "AppraisalAcknowledged",
    "AppraisalDisputed",
    "CheckInRecorded",
    "CompetencyAssessed",
    "ConditionWaived",
    "CycleCancelled",
    "CycleClosed",
    "CycleStarted",
    "DisputeResolved",
    "Event",
    "FeedbackDiscussionHeld",
    "FollowUpAnswered",
    "FollowUpRecorded",
    "FormalPlanStarted",
    "FormalReviewRecorded",
    "GoalAligned",
    "GoalProposed",
    "GoalRevised",
    "GoalWithdrawn",
    "GoalsAgreed",
    "ImprovementActionAdded",
    "ManagerAssessmentSubmitted",
    "PhaseAdvanced",
    "PracticeRecorded",
    "RatingsApproved",
    "RatingsReleased",
    "RatingsReturned",
    "RootCauseRecorded",
    "ScoreAdjusted",
    "ScoreRecorded",
    "SelfAssessmentShared",
    "SelfAssessmentSubmitted",
    "SignalAnswered",
    "clock",
    "is_private",
    "makes_ratings_draft",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Event:
    """Envelope shared by every event: which cycle, which position, who, when, why."""

    TAG: ClassVar[str] = "event"
    VERSION: ClassVar[int] = 1
    """The version of this event type's stored shape, written as its ``"schema_version"``.

    It goes up by one when the type's fields change, and an upcaster from the
    version before (``perfcore.serialization.Upcaster``) brings older stored
    events up to it when they load.
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class _ReasonedEvent(Event):
    """An event the domain never records without a reason."""

    reason: str | None = attrs.field(default=None, validator=v.text())


_FIRST_RULES_WITH_SETTINGS = 3


def _settings_for_rules(inst: CycleStarted, attr: attrs.Attribute[Any], value: object) -> None:
    rules: object = inst.rules
    if not isinstance(rules, int):
        return  # the rules field reports its own problem
    if rules >= _FIRST_RULES_WITH_SETTINGS and value is None:
        v.fail(inst, attr, f"is required under rules {rules}")
    if rules < _FIRST_RULES_WITH_SETTINGS and value is not None:
        v.fail(inst, attr, f"must be None under rules {rules}, which read no settings")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleStarted(Event):
    """A cycle began, with its people, period, scale, cadence and anything carried over."""

    TAG: ClassVar[str] = "cycle_started"
    VERSION: ClassVar[int] = 3
    """Version 2 added ``time_zone`` and ``rules`` (a version 1 event loads with ``None``
    and 1: each moment's own offset, and the rules it was decided by); version 3
    added ``settings`` (a version 2 event loads with ``None``: its rules read none)."""
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    period: Period = attrs.field(validator=v.instance(Period))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    check_in_every_days: int = attrs.field(validator=v.integer(minimum=1, maximum=366))
    previous_cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    carried_goals: tuple[Goal, ...] = attrs.field(default=(), validator=v.tuple_of(Goal))
    carried_actions: tuple[ImprovementAction, ...] = attrs.field(
        default=(), validator=v.tuple_of(ImprovementAction)
    )
    profile: CompetencyProfile | None = attrs.field(
        default=None, validator=v.instance(CompetencyProfile, optional=True)
    )
    """The competency profile the employee is appraised against, if any."""
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The IANA zone whose calendar dates the cycle's date rules use (``None``: each
    moment's own offset, as histories stored before zones were recorded)."""
    rules: int = attrs.field(default=RULES, validator=v.integer(minimum=1, maximum=RULES))
    """The version of the leaving rules the cycle is decided by (``perfcore.cycle.RULES``)."""
    settings: CycleSettings | None = attrs.field(
        default=DEFAULT_SETTINGS,
        validator=[v.instance(CycleSettings, optional=True), _settings_for_rules],
    )
    """What the leaving rules read that was agreed at the start; ``None`` under rules 1 and 2,
    which read none (cycles stored before settings were recorded)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalProposed(Event):
    """A goal was drafted."""

    TAG: ClassVar[str] = "goal_proposed"
    goal: Goal = attrs.field(validator=v.instance(Goal))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalRevised(_ReasonedEvent):
    """A goal was replaced by a new version; it needs the employee's agreement again."""

    TAG: ClassVar[str] = "goal_revised"
    goal: Goal = attrs.field(validator=v.instance(Goal))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalAligned(Event):
    """A goal was aligned to an objective of the app's catalogue, recorded as it stood.

    The goal's ``parent_id`` becomes the objective's id (and, if that changed
    the goal, it awaits the employee's agreement again).
    """

    TAG: ClassVar[str] = "goal_aligned"
    goal_id: str = attrs.field(validator=v.text(max_length=200))
    objective: Objective = attrs.field(validator=v.instance(Objective))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalWithdrawn(_ReasonedEvent):
    """A goal was dropped."""

    TAG: ClassVar[str] = "goal_withdrawn"
    goal_id: str = attrs.field(validator=v.text(max_length=200))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalsAgreed(Event):
    """The employee agreed these goals in their current versions."""

    TAG: ClassVar[str] = "goals_agreed"
    goal_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text(max_length=200)))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CheckInRecorded(Event):
    """A check-in was recorded."""

    TAG: ClassVar[str] = "check_in_recorded"
    check_in: CheckIn = attrs.field(validator=v.instance(CheckIn))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SignalAnswered(Event):
    """A call for HR's help or a harm to the company's interest a check-in raised was answered."""

    TAG: ClassVar[str] = "signal_answered"
    check_in_id: str = attrs.field(validator=v.text(max_length=200))
    kind: SignalKind = attrs.field(validator=v.member(SignalKind))
    response: str = attrs.field(validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SelfAssessmentSubmitted(Event):
    """The employee submitted (or resubmitted) their self-assessment, shared or as a draft."""

    TAG: ClassVar[str] = "self_assessment_submitted"
    assessment: Assessment = attrs.field(validator=v.instance(Assessment))
    shared: bool = attrs.field(default=True, validator=v.boolean())
    """``False``: a draft only the employee sees until they share it."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SelfAssessmentShared(Event):
    """The employee shared their draft self-assessment with the manager."""

    TAG: ClassVar[str] = "self_assessment_shared"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ManagerAssessmentSubmitted(Event):
    """The manager submitted (or resubmitted) their assessment."""

    TAG: ClassVar[str] = "manager_assessment_submitted"
    assessment: Assessment = attrs.field(validator=v.instance(Assessment))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyAssessed(Event):
    """A competency assessment joined the appraisal (replacing that assessor's earlier one)."""

    TAG: ClassVar[str] = "competency_assessed"
    assessment: CompetencyAssessment = attrs.field(validator=v.instance(CompetencyAssessment))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RootCauseRecorded(Event):
    """The cause of an unmet goal was analysed."""

    TAG: ClassVar[str] = "root_cause_recorded"
    root_cause: RootCause = attrs.field(validator=v.instance(RootCause))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScoreRecorded(Event):
    """The appraisal score was computed and recorded with its breakdown and config."""

    TAG: ClassVar[str] = "score_recorded"
    score: AppraisalScore = attrs.field(validator=v.instance(AppraisalScore))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScoreAdjusted(_ReasonedEvent):
    """The recorded score was adjusted; both numbers, the kind and ``reason`` are kept."""

    TAG: ClassVar[str] = "score_adjusted"
    value: float = attrs.field(validator=v.number())
    replaces: float = attrs.field(validator=v.number())
    """The computed score's value, which the adjustment replaces."""
    kind: AdjustmentKind = attrs.field(validator=v.member(AdjustmentKind))
    reference: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingsReleased(Event):
    """The manager's ratings and score as they stand became visible to the employee."""

    TAG: ClassVar[str] = "ratings_released"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingsApproved(Event):
    """A step of the cycle's approval route approved the manager's ratings as they stand."""

    TAG: ClassVar[str] = "ratings_approved"
    step: str = attrs.field(validator=v.identifier())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingsReturned(_ReasonedEvent):
    """A step of the approval route sent the ratings back to the manager, saying why."""

    TAG: ClassVar[str] = "ratings_returned"
    step: str = attrs.field(validator=v.identifier())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackDiscussionHeld(Event):
    """The appraisal conversation took place."""

    TAG: ClassVar[str] = "feedback_discussion_held"
    discussion: FeedbackDiscussion = attrs.field(validator=v.instance(FeedbackDiscussion))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AppraisalAcknowledged(Event):
    """The employee acknowledged the appraisal."""

    TAG: ClassVar[str] = "appraisal_acknowledged"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AppraisalDisputed(_ReasonedEvent):
    """The employee disputed the appraisal; ``reason`` says why."""

    TAG: ClassVar[str] = "appraisal_disputed"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class DisputeResolved(_ReasonedEvent):
    """HR resolved the dispute: its ``outcome`` and, in ``reason``, why."""

    TAG: ClassVar[str] = "dispute_resolved"
    outcome: DisputeOutcome = attrs.field(validator=v.member(DisputeOutcome))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ImprovementActionAdded(Event):
    """An action joined the improvement plan."""

    TAG: ClassVar[str] = "improvement_action_added"
    action: ImprovementAction = attrs.field(validator=v.instance(ImprovementAction))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FollowUpRecorded(Event):
    """An improvement action was followed up."""

    TAG: ClassVar[str] = "follow_up_recorded"
    follow_up: FollowUp = attrs.field(validator=v.instance(FollowUp))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PracticeRecorded(Event):
    """What worked on a goal rated exceeded was analysed, and perhaps shared."""

    TAG: ClassVar[str] = "practice_recorded"
    practice: PracticeRecord = attrs.field(validator=v.instance(PracticeRecord))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FollowUpAnswered(Event):
    """The employee answered the latest follow-up of an action: agreed, or not and why."""

    TAG: ClassVar[str] = "follow_up_answered"
    action_id: str = attrs.field(validator=v.text(max_length=200))
    follow_up: int = attrs.field(validator=v.integer(minimum=0))
    """The follow-up's place among the action's follow-ups (0 is the first)."""
    agrees: bool = attrs.field(validator=v.boolean())
    comment: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormalPlanStarted(Event):
    """A formal improvement plan was put in place."""

    TAG: ClassVar[str] = "formal_plan_started"
    plan: FormalPlan = attrs.field(validator=v.instance(FormalPlan))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormalReviewRecorded(Event):
    """A review of the formal plan was held."""

    TAG: ClassVar[str] = "formal_review_recorded"
    review: FormalReview = attrs.field(validator=v.instance(FormalReview))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PhaseAdvanced(Event):
    """The cycle moved to the next phase with every condition met or waived."""

    TAG: ClassVar[str] = "phase_advanced"
    from_phase: Phase = attrs.field(validator=v.member(Phase))
    to_phase: Phase = attrs.field(validator=v.member(Phase))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ConditionWaived(_ReasonedEvent):
    """HR waived a condition; ``reason`` says why."""

    TAG: ClassVar[str] = "condition_waived"
    code: str = attrs.field(validator=v.identifier())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleCancelled(_ReasonedEvent):
    """The cycle ended early; ``reason`` says why."""

    TAG: ClassVar[str] = "cycle_cancelled"
    from_phase: Phase = attrs.field(validator=v.member(Phase))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleClosed(Event):
    """The cycle ended after improvement."""

    TAG: ClassVar[str] = "cycle_closed"


EVENT_TYPES: tuple[type[Event], ...] = (
    CycleStarted,
    GoalProposed,
    GoalRevised,
    GoalWithdrawn,
    GoalAligned,
    GoalsAgreed,
    CheckInRecorded,
    SignalAnswered,
    SelfAssessmentSubmitted,
    SelfAssessmentShared,
    ManagerAssessmentSubmitted,
    CompetencyAssessed,
    RootCauseRecorded,
    PracticeRecorded,
    ScoreRecorded,
    ScoreAdjusted,
    RatingsApproved,
    RatingsReturned,
    RatingsReleased,
    FeedbackDiscussionHeld,
    AppraisalAcknowledged,
    AppraisalDisputed,
    DisputeResolved,
    ImprovementActionAdded,
    FollowUpRecorded,
    FollowUpAnswered,
    FormalPlanStarted,
    FormalReviewRecorded,
    PhaseAdvanced,
    ConditionWaived,
    CycleCancelled,
    CycleClosed,
)
"""Every concrete event type."""

EVENT_BY_NAME: Mapping[str, type[Event]] = MappingProxyType({cls.TAG: cls for cls in EVENT_TYPES})
"""Each event type by its stable name, the ``"type"`` tag it is stored with.

>>> EVENT_BY_NAME["goal_proposed"].__name__
'GoalProposed'
"""


def is_private(event: Event) -> bool:
    """Whether ``event`` records a private note, which only its author ever sees."""
    return isinstance(event, CheckInRecorded) and not event.check_in.kind.is_shared


def clock(events: tuple[Event, ...]) -> dt.datetime:
    """The time no new event may be earlier than: that of the latest event not a private note.

    A private note sets no one's clock, its author's included: were it to, a
    refused command would tell others that a note exists, and when (try
    earlier and earlier moments until one is accepted).

    >>> from perfcore import Actor, Period, Role
    >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> started = CycleStarted(cycle_id="c1", sequence=0, at=at, employee_id="e1",
    ...     manager_id="m1", period=Period.annual(2026), scale=RatingScale(),
    ...     check_in_every_days=30, actor=Actor(person_id="hr", role=Role.HR))
    >>> clock((started,)) == at
    True
    """
    for event in reversed(events):
        if not is_private(event):
            return event.at
    msg = "a history starts with CycleStarted, which is no private note"
    raise AssertionError(msg)  # pragma: no cover - every cycle's history has its start


RATING_RELEASES: tuple[type[Event], ...] = (RatingsReleased, FeedbackDiscussionHeld)
"""The events that release the manager's ratings and score as they stand."""


def makes_ratings_draft(event: Event) -> bool:
    """Whether ``event`` changes the manager's ratings or score, making them a draft again.

    The manager's assessment, a manager's or peer's competency ratings, a
    recorded score and a score adjustment; the employee's own competency
    assessment is not a rating of theirs. A property test checks this against
    how each event changes a cycle's ``ratings_released``.
    """
    if isinstance(event, CompetencyAssessed):
        return event.assessment.role is not AssessorRole.SELF
    return isinstance(event, ManagerAssessmentSubmitted | ScoreRecorded | ScoreAdjusted)
