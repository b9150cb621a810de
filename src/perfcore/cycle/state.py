"""Small records that make up a cycle's state besides the domain objects."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from perfcore import _validators as v
from perfcore.assessments import GapRule
from perfcore.cadence import Cadence
from perfcore.improvement import DEFAULT_CAUSE_INTERVENTIONS, CauseInterventions, SignalKind
from perfcore.people import Actor, Role
from perfcore.phases import Phase

__all__ = [
    "DEFAULT_SETTINGS",
    "RULES",
    "AdjustmentKind",
    "AppraisalStatus",
    "Approval",
    "ApprovalStep",
    "CycleSettings",
    "DisputeOutcome",
    "DisputeResolution",
    "FollowUpAnswer",
    "ScoreAdjustment",
    "SignalAnswer",
    "Waiver",
]

RULES = 4
"""The version of the leaving rules new cycles are decided by (``Cycle.rules``).

A cycle keeps the version it was started under, so a stored history is always
decided again by the rules that decided it. Version 2 made the employee's
acknowledgement and an action's follow-up unwaivable (see
``Condition.waivable_before``); cycles stored before it were started under
version 1. Version 3 added the cycle's :class:`CycleSettings` and the conditions
that read them (the agreed check-in recurrence, rated competencies, explained
self/manager gaps, actions that fit their cause; see ``Condition.since``).
Version 4 counts a performance goal aligned only under an objective of the
app's catalogue (``Cycle.align_goal``), not under any parent id.
"""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ApprovalStep:
    """One step the manager's ratings pass before the employee sees them.

    ``name`` is the step's stable id (``"skip_level"``, ``"hr_sign_off"``),
    ``role`` the role that approves or returns at it: HR, or an app's own role
    (a skip-level manager's) that the app's policy permits ``approve_ratings``
    and ``return_ratings``.

    >>> from perfcore.people import Role
    >>> ApprovalStep(name="hr_sign_off", role=Role.HR).role.name
    'hr'
    """

    name: str = attrs.field(validator=v.identifier())
    role: Role = attrs.field(validator=v.instance(Role))


def _check_steps(
    inst: CycleSettings, attr: attrs.Attribute[tuple[ApprovalStep, ...]], value: object
) -> None:
    if not isinstance(value, tuple):
        return  # tuple_of reports it
    names = [step.name for step in value if isinstance(step, ApprovalStep)]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        v.fail(inst, attr, f"names step(s) {', '.join(map(repr, twice))} more than once")
    if any(isinstance(step, ApprovalStep) and step.role == Role.EMPLOYEE for step in value):
        v.fail(inst, attr, "the employee approves no step of their own ratings")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleSettings:
    """What a cycle's leaving rules read that was agreed when it started (rules 3 on).

    Recorded in the cycle's first event, so the guard, the audit and a replay
    years later judge by the same settings.

    >>> from perfcore.cadence import Cadence
    >>> CycleSettings(cadence=Cadence.monthly(day=20)).cadence.describe()
    'monthly on day 20'
    >>> CycleSettings().gap_rule.describe()
    'a gap of 0.5 of the scale or more'
    """

    cadence: Cadence | None = attrs.field(
        default=None, validator=v.instance(Cadence, optional=True)
    )
    """The agreed check-in recurrence (a manager agreement's 1:1s, say). ``None``: a
    check-in in every ``check_in_every_days`` days of implementation."""
    gap_rule: GapRule = attrs.field(factory=GapRule, validator=v.instance(GapRule))
    """When a self/manager gap on a goal needs an explanation in the feedback discussion."""
    interventions: CauseInterventions = attrs.field(
        default=DEFAULT_CAUSE_INTERVENTIONS, validator=v.instance(CauseInterventions)
    )
    """Which kinds of action address which root cause (condition ``action_fits_cause``)."""
    practices_recorded: bool = attrs.field(default=False, validator=v.boolean())
    """Each goal the manager rated exceeded needs a recorded analysis of what worked and
    whether it was shared before the appraisal ends (condition ``practice_recorded``)."""
    outcomes_need_the_employee: bool = attrs.field(default=False, validator=v.boolean())
    """An action's recorded outcome counts only once the employee answered the follow-up
    that recorded it, agreeing or not (condition ``outcome_answered``)."""
    approval_steps: tuple[ApprovalStep, ...] = attrs.field(
        default=(), validator=[v.tuple_of(ApprovalStep), _check_steps]
    )
    """The steps, in order, that approve the manager's ratings before they are released
    (``approve_ratings``; a ``return_ratings`` sends them back to draft). None: released
    as the manager decides."""


DEFAULT_SETTINGS = CycleSettings()
"""The settings a cycle starts with unless given others."""


class AppraisalStatus(enum.Enum):
    """Where the employee stands on the appraisal result."""

    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"
    """Disputed and awaiting HR."""
    RESOLVED = "resolved"
    """Disputed and resolved by HR."""


class DisputeOutcome(enum.Enum):
    """How HR resolved a dispute."""

    UPHELD = "upheld"
    """The appraisal result was reviewed and stands as released."""
    AMENDED = "amended"
    """The result changes: a re-rating or a score adjustment follows, released to the employee."""
    REJECTED = "rejected"
    """The dispute was dismissed without changing the result (not about the appraisal, say)."""


class AdjustmentKind(enum.Enum):
    """Where a score adjustment comes from."""

    CALIBRATION = "calibration"
    """A calibration session moved the score; ``reference`` names the session."""
    HR_DECISION = "hr_decision"
    """HR decided the change (a policy or a correction), with its reason."""
    DISPUTE = "dispute"
    """The outcome of a dispute HR resolved as amended."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScoreAdjustment:
    """An adjustment of the recorded score: both numbers, why, where from, who and when.

    ``replaces`` is the computed score's value, which stays in ``cycle.score``
    with its breakdown; ``value`` is the score that counts from now on
    (``cycle.effective_score``) until a new score is computed and recorded.
    """

    value: float = attrs.field(validator=v.number())
    replaces: float = attrs.field(validator=v.number())
    kind: AdjustmentKind = attrs.field(validator=v.member(AdjustmentKind))
    reason: str = attrs.field(validator=v.text())
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    """The position of the ``ScoreAdjusted`` event in the cycle's history."""
    reference: str | None = attrs.field(default=None, validator=v.optional_text())
    """A calibration session id, a decision number, or the like."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FollowUpAnswer:
    """The employee's word on a follow-up of an improvement action: agreed, or not and why.

    ``follow_up`` is the follow-up's place among the action's follow-ups (0 is
    the first); the employee answers the latest one.
    """

    action_id: str = attrs.field(validator=v.text(max_length=200))
    follow_up: int = attrs.field(validator=v.integer(minimum=0))
    agrees: bool = attrs.field(validator=v.boolean())
    comment: str | None = attrs.field(default=None, validator=v.optional_text())
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    """The position of the ``FollowUpAnswered`` event in the cycle's history."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SignalAnswer:
    """The answer to a call for HR's help or a harm to the company's interest a check-in raised."""

    check_in_id: str = attrs.field(validator=v.text(max_length=200))
    kind: SignalKind = attrs.field(validator=v.member(SignalKind))
    response: str = attrs.field(validator=v.text())
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    """The position of the ``SignalAnswered`` event in the cycle's history."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Approval:
    """A step's approval of the manager's ratings as they stand: who, when, where in history."""

    step: str = attrs.field(validator=v.identifier())
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    """The position of the ``RatingsApproved`` event in the cycle's history."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class DisputeResolution:
    """HR's latest resolution of a dispute and, if it amended the result, the amendments.

    ``amendments`` are the positions in the history of the re-ratings, scores
    and score adjustments recorded after an ``amended`` resolution: each
    event says who changed what, when and why.
    """

    outcome: DisputeOutcome = attrs.field(validator=v.member(DisputeOutcome))
    reason: str = attrs.field(validator=v.text())
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    """The position of the ``DisputeResolved`` event in the cycle's history."""
    amendments: tuple[int, ...] = attrs.field(default=(), validator=v.tuple_of(int))

    @property
    def awaits_amendment(self) -> bool:
        """Resolved as amended, and nothing amended yet."""
        return self.outcome is DisputeOutcome.AMENDED and not self.amendments


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Waiver:
    """HR's waiver of a condition, for one subject or (``None``) all of them.

    ``phase`` records when it was given; a waiver of a condition that guards
    several phases (the goal rules) holds in all of them.

    >>> w = Waiver(code="self_assessment", phase=Phase.APPRAISAL, reason="On leave")
    >>> w.covers("self_assessment", None)
    True
    """

    code: str = attrs.field(validator=v.identifier())
    phase: Phase = attrs.field(validator=v.member(Phase))
    reason: str = attrs.field(validator=v.text())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())

    def covers(self, code: str, subject: str | None) -> bool:
        """Whether this waiver lifts the blocker ``(code, subject)``."""
        return self.code == code and (self.subject is None or self.subject == subject)
