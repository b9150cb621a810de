"""Commands: what someone asks a cycle to do.

A command is plain data. ``Cycle.execute(command, by=actor, at=when)`` checks
it (phase, permission, content, guards) and, if accepted, records an event and
returns a new cycle. Every command may carry a ``reason``; the commands for
which the domain demands one (revise, withdraw, dispute, resolve, adjust a
score, waive, cancel) refuse to be built without it; a new manager assessment
needs one once ratings were released (checked against the cycle).

``COMMANDS`` is the single table of what is declared about each command: the
event it records, the phases it is allowed in, the roles allowed it by default;
``COMMAND_PHASES``, ``COMMAND_TYPES`` and ``DEFAULT_PERMISSIONS`` are read off it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore._zones import UTC_NAME
from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Assessment, AssessmentSource, FeedbackDiscussion
from perfcore.checkins import CheckIn
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile
from perfcore.cycle import events as e
from perfcore.cycle.state import (
    DEFAULT_SETTINGS,
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
from perfcore.people import Role
from perfcore.periods import Period
from perfcore.phases import OPEN_PHASES, Phase
from perfcore.scales import RatingScale

__all__ = [
    "COMMANDS",
    "COMMAND_BY_NAME",
    "COMMAND_PHASES",
    "COMMAND_TYPES",
    "START_CYCLE",
    "START_CYCLE_ROLES",
    "Acknowledge",
    "AddImprovementAction",
    "AdjustScore",
    "AdvancePhase",
    "AgreeGoals",
    "AlignGoal",
    "AnswerFollowUp",
    "AnswerSignal",
    "ApproveRatings",
    "Cancel",
    "Close",
    "Command",
    "CommandRow",
    "Dispute",
    "HoldFeedbackDiscussion",
    "ProposeGoal",
    "RecordCheckIn",
    "RecordFollowUp",
    "RecordFormalReview",
    "RecordPractice",
    "RecordRootCause",
    "RecordScore",
    "ReleaseRatings",
    "ResolveDispute",
    "ReturnRatings",
    "ReviseGoal",
    "ShareSelfAssessment",
    "StartCycle",
    "StartFormalPlan",
    "SubmitCompetencyAssessment",
    "SubmitManagerAssessment",
    "SubmitSelfAssessment",
    "WaiveCondition",
    "WithdrawGoal",
]

START_CYCLE = "start_cycle"
"""Permission name for starting a cycle (``Cycle.start`` and ``Cycle.next_cycle``)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Command:
    """Base of all commands; ``NAME`` is the stable name used in tables and policies."""

    NAME: ClassVar[str] = "command"

    reason: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class _ReasonedCommand(Command):
    reason: str | None = attrs.field(default=None, validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ProposeGoal(Command):
    """Draft a new goal (employee or manager)."""

    NAME: ClassVar[str] = "propose_goal"
    goal: Goal = attrs.field(validator=v.instance(Goal))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReviseGoal(_ReasonedCommand):
    """Replace a goal with a new version (same id); needs a reason and fresh agreement."""

    NAME: ClassVar[str] = "revise_goal"
    goal: Goal = attrs.field(validator=v.instance(Goal))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AlignGoal(Command):
    """Align a goal to an objective of the app's catalogue (employee or manager).

    ``objective`` is the catalogue's record (``catalogue.objective(id)``): it
    must be live on the command's day and share days with the cycle's period.
    """

    NAME: ClassVar[str] = "align_goal"
    goal_id: str = attrs.field(validator=v.text(max_length=200))
    objective: Objective = attrs.field(validator=v.instance(Objective))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WithdrawGoal(_ReasonedCommand):
    """Drop a goal with a reason; it stays in the record."""

    NAME: ClassVar[str] = "withdraw_goal"
    goal_id: str = attrs.field(validator=v.text(max_length=200))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AgreeGoals(Command):
    """The employee agrees goals; ``goal_ids=()`` means every goal not yet agreed."""

    NAME: ClassVar[str] = "agree_goals"
    goal_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordCheckIn(Command):
    """Record a 1:1 or an informal note during implementation."""

    NAME: ClassVar[str] = "record_check_in"
    check_in: CheckIn = attrs.field(validator=v.instance(CheckIn))


def _source_is(source: AssessmentSource) -> v.Validator:
    def check(inst: object, attr: attrs.Attribute[Assessment], value: Assessment) -> None:
        if value.source is not source:
            v.fail(inst, attr, f"must be a {source.value} assessment, got {value.source.value}")

    return check


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AnswerSignal(Command):
    """Answer a call for HR's help or a harm to the company's interest a check-in raised (HR)."""

    NAME: ClassVar[str] = "answer_signal"
    check_in_id: str = attrs.field(validator=v.text(max_length=200))
    kind: SignalKind = attrs.field(validator=v.member(SignalKind))
    response: str = attrs.field(validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SubmitSelfAssessment(Command):
    """The employee's own assessment; ``share=False`` keeps it a draft only they see."""

    NAME: ClassVar[str] = "submit_self_assessment"
    assessment: Assessment = attrs.field(
        validator=[v.instance(Assessment), _source_is(AssessmentSource.SELF)]
    )
    share: bool = attrs.field(default=True, validator=v.boolean())
    """Share it with the manager now (the default), or keep it a draft to share later."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ShareSelfAssessment(Command):
    """The employee shares their draft self-assessment with the manager."""

    NAME: ClassVar[str] = "share_self_assessment"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SubmitManagerAssessment(Command):
    """The manager's ratings of every goal, each with its basis.

    Once ratings were released to the employee, a new assessment is a
    re-rating: it needs a ``reason``, and the appraisal cannot be left until
    it is released and the employee acknowledged it (or disputed it and HR
    resolved the dispute).
    """

    NAME: ClassVar[str] = "submit_manager_assessment"
    assessment: Assessment = attrs.field(
        validator=[v.instance(Assessment), _source_is(AssessmentSource.MANAGER)]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SubmitCompetencyAssessment(Command):
    """A self, manager or peer assessment of the employee's competencies against the profile."""

    NAME: ClassVar[str] = "submit_competency_assessment"
    assessment: CompetencyAssessment = attrs.field(validator=v.instance(CompetencyAssessment))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordRootCause(Command):
    """The analysed cause of an unmet goal."""

    NAME: ClassVar[str] = "record_root_cause"
    root_cause: RootCause = attrs.field(validator=v.instance(RootCause))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordScore(Command):
    """Record the computed appraisal score, its breakdown and its scoring config.

    The score must follow from its own breakdown and from the cycle: its
    results are the manager assessment's, and its value is what its recorded
    config computes from them. A different number is an :class:`AdjustScore`.
    """

    NAME: ClassVar[str] = "record_score"
    score: AppraisalScore = attrs.field(validator=v.instance(AppraisalScore))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AdjustScore(_ReasonedCommand):
    """Adjust the recorded score (calibration, an HR decision, a dispute), with a reason.

    ``replaces`` is the recorded (computed) score's value and ``value`` the
    adjusted one; both stay in the record. ``kind`` says where the adjustment
    comes from and ``reference`` may name it (a calibration session id). Like
    any change to the ratings, it is a draft until released.
    """

    NAME: ClassVar[str] = "adjust_score"
    value: float = attrs.field(validator=v.number())
    replaces: float = attrs.field(validator=v.number())
    kind: AdjustmentKind = attrs.field(validator=v.member(AdjustmentKind))
    reference: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ApproveRatings(Command):
    """Approve the manager's ratings at ``step``, the next step of the cycle's approval route."""

    NAME: ClassVar[str] = "approve_ratings"
    step: str = attrs.field(validator=v.identifier())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReturnRatings(_ReasonedCommand):
    """Send the manager's ratings back to draft at ``step``, with a reason."""

    NAME: ClassVar[str] = "return_ratings"
    step: str = attrs.field(validator=v.identifier())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReleaseRatings(Command):
    """Show the manager's ratings and score to the employee; until then they are drafts.

    Holding the feedback discussion releases them too: the discussion shows
    the employee the results.
    """

    NAME: ClassVar[str] = "release_ratings"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class HoldFeedbackDiscussion(Command):
    """The appraisal conversation took place."""

    NAME: ClassVar[str] = "hold_feedback_discussion"
    discussion: FeedbackDiscussion = attrs.field(validator=v.instance(FeedbackDiscussion))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Acknowledge(Command):
    """The employee acknowledges the appraisal result."""

    NAME: ClassVar[str] = "acknowledge"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Dispute(_ReasonedCommand):
    """The employee disputes the appraisal result, saying why; HR resolves it."""

    NAME: ClassVar[str] = "dispute"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ResolveDispute(_ReasonedCommand):
    """HR resolves an open dispute: its ``outcome``, and the ``reason`` for it.

    An ``amended`` outcome must be followed by the amendment (a re-rating or a
    score adjustment), released to the employee, before the appraisal ends.
    """

    NAME: ClassVar[str] = "resolve_dispute"
    outcome: DisputeOutcome | None = attrs.field(default=None, validator=v.member(DisputeOutcome))
    """Required: ``None`` is refused (as a problem naming the field, like ``reason``)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AddImprovementAction(Command):
    """Add an action to the improvement plan."""

    NAME: ClassVar[str] = "add_improvement_action"
    action: ImprovementAction = attrs.field(validator=v.instance(ImprovementAction))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordFollowUp(Command):
    """The manager followed up one improvement action."""

    NAME: ClassVar[str] = "record_follow_up"
    follow_up: FollowUp = attrs.field(validator=v.instance(FollowUp))


def _comment_if_disagreeing(
    inst: AnswerFollowUp, attr: attrs.Attribute[Any], value: object
) -> None:
    if inst.agrees is False and value is None:
        v.fail(inst, attr, "is required when the employee does not agree: say what differs")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AnswerFollowUp(Command):
    """The employee's word on the latest follow-up of an action: agreed, or not and why.

    Deviations are corrected together with the employee: the manager records a
    follow-up, and the employee confirms it or comments on it. A comment is
    required when the employee does not agree.
    """

    NAME: ClassVar[str] = "answer_follow_up"
    action_id: str = attrs.field(validator=v.text(max_length=200))
    agrees: bool = attrs.field(validator=v.boolean())
    comment: str | None = attrs.field(
        default=None, validator=[v.optional_text(), _comment_if_disagreeing]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordPractice(Command):
    """The manager records what worked on a goal rated exceeded, and with whom it was shared.

    A later record of the same goal replaces the earlier one (sharing it, say);
    both stay in the history.
    """

    NAME: ClassVar[str] = "record_practice"
    practice: PracticeRecord = attrs.field(validator=v.instance(PracticeRecord))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class StartFormalPlan(Command):
    """Put some improvement actions under a formal plan with scheduled reviews (one per cycle)."""

    NAME: ClassVar[str] = "start_formal_plan"
    plan: FormalPlan = attrs.field(validator=v.instance(FormalPlan))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RecordFormalReview(Command):
    """A review of the formal plan was held; it may record the plan's outcome."""

    NAME: ClassVar[str] = "record_formal_review"
    review: FormalReview = attrs.field(validator=v.instance(FormalReview))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AdvancePhase(Command):
    """Move to the next phase once every leaving condition is met or waived."""

    NAME: ClassVar[str] = "advance_phase"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WaiveCondition(_ReasonedCommand):
    """HR waives a waivable condition, for one subject or (``subject=None``) for all."""

    NAME: ClassVar[str] = "waive_condition"
    code: str = attrs.field(validator=v.identifier())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Cancel(_ReasonedCommand):
    """End the cycle early, from any open phase."""

    NAME: ClassVar[str] = "cancel"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Close(Command):
    """Close the cycle once the improvement conditions are met."""

    NAME: ClassVar[str] = "close"


def _subclass_of(base: type) -> v.Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not (isinstance(value, type) and issubclass(value, base)):
            v.fail(inst, attr, f"must be a {base.__name__} class, got {v.describe(value)}")

    return check


def _set_of(kind: type) -> v.Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, frozenset) or not value:
            v.fail(inst, attr, f"must be a non-empty frozenset, got {v.describe(value)}")
        wrong = [item for item in value if not isinstance(item, kind)]
        if wrong:
            v.fail(inst, attr, f"must hold only {kind.__name__}, got {v.describe(wrong[0])}")

    return check


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CommandRow:
    """One command's row of :data:`COMMANDS`: everything declared about it, in one place.

    ``event`` is the event type it records, ``phases`` the phases it may be
    issued in, ``roles`` the roles :data:`~perfcore.cycle.DEFAULT_PERMISSIONS`
    grants it to. Its content rules are its handler in ``_decide``, its effect
    on the state the event's step in ``_evolve``; a test fails when a row lacks
    either, a replay rule, a visibility part, a generator or a machine rule.
    """

    command: type[Command] = attrs.field(validator=_subclass_of(Command))
    event: type[e.Event] = attrs.field(validator=_subclass_of(e.Event))
    phases: frozenset[Phase] = attrs.field(validator=_set_of(Phase))
    roles: frozenset[Role] = attrs.field(validator=_set_of(Role))


_GS, _IM, _AP, _IP = Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT
_E, _M, _HR = Role.EMPLOYEE, Role.MANAGER, Role.HR


def _row(
    command: type[Command], event: type[e.Event], phases: Iterable[Phase], roles: Iterable[Role]
) -> CommandRow:
    return CommandRow(
        command=command, event=event, phases=frozenset(phases), roles=frozenset(roles)
    )


COMMANDS: tuple[CommandRow, ...] = (
    _row(ProposeGoal, e.GoalProposed, {_GS}, {_E, _M, _HR}),
    _row(ReviseGoal, e.GoalRevised, {_GS, _IM}, {_E, _M}),
    _row(WithdrawGoal, e.GoalWithdrawn, {_GS, _IM}, {_M}),
    _row(AlignGoal, e.GoalAligned, {_GS, _IM}, {_E, _M}),
    _row(AgreeGoals, e.GoalsAgreed, {_GS, _IM}, {_E}),
    _row(RecordCheckIn, e.CheckInRecorded, {_IM}, {_E, _M}),
    _row(AnswerSignal, e.SignalAnswered, {_IM, _AP, _IP}, {_HR}),
    _row(SubmitSelfAssessment, e.SelfAssessmentSubmitted, {_AP}, {_E}),
    _row(ShareSelfAssessment, e.SelfAssessmentShared, {_AP}, {_E}),
    _row(SubmitManagerAssessment, e.ManagerAssessmentSubmitted, {_AP}, {_M}),
    _row(SubmitCompetencyAssessment, e.CompetencyAssessed, {_AP}, {_E, _M, _HR}),
    _row(RecordRootCause, e.RootCauseRecorded, {_AP}, {_M, _HR}),
    _row(RecordPractice, e.PracticeRecorded, {_AP, _IP}, {_M}),
    _row(RecordScore, e.ScoreRecorded, {_AP}, {_M, _HR}),
    _row(AdjustScore, e.ScoreAdjusted, {_AP}, {_HR}),
    _row(ApproveRatings, e.RatingsApproved, {_AP}, {_HR}),
    _row(ReturnRatings, e.RatingsReturned, {_AP}, {_HR}),
    _row(ReleaseRatings, e.RatingsReleased, {_AP}, {_M, _HR}),
    _row(HoldFeedbackDiscussion, e.FeedbackDiscussionHeld, {_AP}, {_M}),
    _row(Acknowledge, e.AppraisalAcknowledged, {_AP}, {_E}),
    _row(Dispute, e.AppraisalDisputed, {_AP}, {_E}),
    _row(ResolveDispute, e.DisputeResolved, {_AP}, {_HR}),
    _row(AddImprovementAction, e.ImprovementActionAdded, {_AP, _IP}, {_M, _HR}),
    _row(RecordFollowUp, e.FollowUpRecorded, {_IP}, {_M}),
    _row(AnswerFollowUp, e.FollowUpAnswered, {_IP}, {_E}),
    _row(StartFormalPlan, e.FormalPlanStarted, {_IP}, {_M, _HR}),
    _row(RecordFormalReview, e.FormalReviewRecorded, {_IP}, {_M, _HR}),
    _row(AdvancePhase, e.PhaseAdvanced, {_GS, _IM, _AP}, {_M, _HR}),
    _row(WaiveCondition, e.ConditionWaived, OPEN_PHASES, {_HR}),
    _row(Cancel, e.CycleCancelled, OPEN_PHASES, {_M, _HR}),
    _row(Close, e.CycleClosed, {_IP}, {_M, _HR}),
)
"""**The command table**: every command with the event it records, the phases it
is allowed in and the roles allowed it by default, in the order they typically
occur. Adding a command means adding its class and its row here (then its
handler, its evolve step and its replay rule, which the tests ask for)."""

START_CYCLE_ROLES: frozenset[Role] = frozenset({_M, _HR})
"""The roles allowed to start a cycle by default (permission :data:`START_CYCLE`)."""

COMMAND_TYPES: tuple[type[Command], ...] = tuple(row.command for row in COMMANDS)
"""Every command type, in the order they typically occur."""

COMMAND_PHASES: Mapping[str, frozenset[Phase]] = MappingProxyType(
    {row.command.NAME: row.phases for row in COMMANDS}
)
"""Which command is allowed in which phase (the table's ``phases`` column by name)."""

COMMAND_BY_NAME: Mapping[str, type[Command]] = MappingProxyType(
    {row.command.NAME: row.command for row in COMMANDS}
)
"""Each command type by its stable ``NAME``."""


_DEFAULT_SCALE = RatingScale(minimum=1, maximum=5)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class StartCycle:
    """Start a new cycle: the command of ``Cycle.start``, as plain data.

    ``Cycle.begin(StartCycle(...), by=actor, at=moment)`` is ``Cycle.start``
    with these fields; its permission is :data:`START_CYCLE`. It is not a
    :class:`Command` and has no row in :data:`COMMANDS`: a command of that table
    is issued to an existing cycle in one of its phases, and a cycle being
    started has neither. Look it up by its ``NAME`` beside
    :data:`COMMAND_BY_NAME`:

    >>> from perfcore.periods import Period
    >>> StartCycle.NAME == START_CYCLE, START_CYCLE in COMMAND_BY_NAME
    (True, False)
    >>> StartCycle(cycle_id="c-1", employee_id="e7", manager_id="m2",
    ...            period=Period.annual(2026)).check_in_every_days
    30
    """

    NAME: ClassVar[str] = START_CYCLE

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    period: Period = attrs.field(validator=v.instance(Period))
    scale: RatingScale = attrs.field(default=_DEFAULT_SCALE, validator=v.instance(RatingScale))
    check_in_every_days: int = attrs.field(default=30, validator=v.integer(minimum=1, maximum=366))
    profile: CompetencyProfile | None = attrs.field(
        default=None, validator=v.instance(CompetencyProfile, optional=True)
    )
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The IANA zone whose calendar decides which day a command falls on (``Cycle.date_of``)."""
    settings: CycleSettings = attrs.field(
        default=DEFAULT_SETTINGS, validator=v.instance(CycleSettings)
    )
    """What the leaving rules read: the agreed check-in cadence, the gap rule, the
    cause → action mapping (:class:`~perfcore.cycle.CycleSettings`)."""
    reason: str | None = attrs.field(default=None, validator=v.optional_text())
