"""What a cycle holds and the questions it answers, without its commands.

:class:`CycleRecord` is the state of one employee's cycle for one period: the
fields every event builds up and the read-only questions on them (which goals
are active, the score that counts, the calendar date of a moment). The rules
that read a cycle (conditions, preconditions, permissions, evolve) take a
``CycleRecord``, so they sit below the aggregate, and :class:`~perfcore.Cycle`,
the aggregate, adds the commands on top of it. Every cycle is a ``Cycle``;
apps read the fields and questions documented here on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import attrs

from perfcore import _kernel as k
from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore._zones import UTC_NAME, local_date
from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Achievement, Assessment, FeedbackDiscussion
from perfcore.cadence import Cadence, CadenceReport, check_schedule
from perfcore.checkins import ActionItem, CheckIn
from perfcore.competency.model import AssessorRole, CompetencyAssessment, CompetencyProfile
from perfcore.cycle import events as e
from perfcore.cycle.permissions import DEFAULT_POLICY, Policy
from perfcore.cycle.state import (
    DEFAULT_SETTINGS,
    RULES,
    AppraisalStatus,
    Approval,
    ApprovalStep,
    CycleSettings,
    DisputeResolution,
    FollowUpAnswer,
    ScoreAdjustment,
    SignalAnswer,
    Waiver,
)
from perfcore.errors import ValidationError
from perfcore.goals import Goal, GoalKind, GoalStatus
from perfcore.improvement import (
    CauseCategory,
    FollowUp,
    ImprovementAction,
    ImprovementPlan,
    Outcome,
    PracticeRecord,
    PracticeToShare,
    RootCause,
    practices_to_share,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.improvement.signals import (
    ANSWERED_SIGNALS,
    CheckInSignal,
    SignalKind,
    signals_of,
)
from perfcore.objectives import GoalAlignment, Objective
from perfcore.periods import Period
from perfcore.phases import Phase
from perfcore.scales import RatingScale

__all__ = ["CycleRecord"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleRecord:
    """One employee's cycle for one period: its state and history, without the commands.

    The base of :class:`~perfcore.Cycle`; the rules that read a cycle take
    this type. Build cycles with :meth:`Cycle.start <perfcore.Cycle.start>`.
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    period: Period = attrs.field(validator=v.instance(Period))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    check_in_every_days: int = attrs.field(validator=v.integer(minimum=1, maximum=366))
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The IANA zone whose calendar dates the date rules use (see :meth:`date_of`)."""
    rules: int = attrs.field(default=RULES, validator=v.integer(minimum=1, maximum=RULES))
    """The version of the leaving rules this cycle is decided by: the one it started under.

    New cycles start under :data:`~perfcore.cycle.RULES`; a cycle stored before
    a rule changed keeps the rules that decided its history.
    """
    settings: CycleSettings | None = attrs.field(
        default=DEFAULT_SETTINGS, validator=v.instance(CycleSettings, optional=True)
    )
    """What the leaving rules read, agreed at the start; ``None`` under rules 1 and 2."""
    phase: Phase = attrs.field(validator=v.member(Phase))
    phase_started_at: dt.datetime = attrs.field(validator=v.aware_datetime())
    previous_cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    goals: tuple[Goal, ...] = attrs.field(default=(), validator=v.tuple_of(Goal))
    agreed_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    withdrawn_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    check_ins: tuple[CheckIn, ...] = attrs.field(default=(), validator=v.tuple_of(CheckIn))
    self_assessment: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    self_assessment_draft: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    """The employee's unshared draft, newer than ``self_assessment``; only they see it."""
    manager_assessment: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    profile: CompetencyProfile | None = attrs.field(
        default=None, validator=v.instance(CompetencyProfile, optional=True)
    )
    """The competency profile the employee is appraised against, if any."""
    competency_assessments: tuple[CompetencyAssessment, ...] = attrs.field(
        default=(), validator=v.tuple_of(CompetencyAssessment)
    )
    """The latest competency assessment of each assessor (self, manager, peers)."""
    root_causes: tuple[RootCause, ...] = attrs.field(default=(), validator=v.tuple_of(RootCause))
    practices: tuple[PracticeRecord, ...] = attrs.field(
        default=(), validator=v.tuple_of(PracticeRecord)
    )
    """What worked on goals rated exceeded, as recorded (a later record of a goal replaces
    an earlier one: see :meth:`practice_for`)."""
    signal_answers: tuple[SignalAnswer, ...] = attrs.field(
        default=(), validator=v.tuple_of(SignalAnswer)
    )
    """Answers to calls for HR's help and harms to the company's interest raised at check-ins."""
    alignments: tuple[GoalAlignment, ...] = attrs.field(
        default=(), validator=v.tuple_of(GoalAlignment)
    )
    """Goals aligned to catalogue objectives, in the order recorded (see :meth:`objective_for`)."""
    score: AppraisalScore | None = attrs.field(
        default=None, validator=v.instance(AppraisalScore, optional=True)
    )
    """The latest recorded (computed) appraisal score, with its breakdown.

    An adjustment never changes it: see ``score_adjustment`` and ``effective_score``.
    """
    score_adjustment: ScoreAdjustment | None = attrs.field(
        default=None, validator=v.instance(ScoreAdjustment, optional=True)
    )
    """The adjustment of ``score``, if one was recorded after it (a new score clears it)."""
    feedback: FeedbackDiscussion | None = attrs.field(
        default=None, validator=v.instance(FeedbackDiscussion, optional=True)
    )
    ratings_released: bool = attrs.field(default=False, validator=v.boolean())
    """Whether the manager's ratings and score as they stand are visible to the employee.

    Released by ``release_ratings`` or the feedback discussion; any later change
    to the manager's assessment, competency ratings or score (or an adjustment
    of it) is a draft again.
    """
    approvals: tuple[Approval, ...] = attrs.field(default=(), validator=v.tuple_of(Approval))
    """The approval route's approvals of the ratings as they stand (a change clears them)."""
    returned_at_step: str | None = attrs.field(default=None, validator=v.optional_text())
    """The step that sent the ratings back to draft, until the manager changes them."""
    ratings_ever_released: bool = attrs.field(default=False, validator=v.boolean())
    """Whether the employee was ever shown the ratings; a change after that is a re-rating."""
    rerated: bool = attrs.field(default=False, validator=v.boolean())
    """The ratings or score changed after the employee saw them, and the employee has not
    yet acknowledged the new ones (nor disputed them and had the dispute resolved)."""
    appraisal_status: AppraisalStatus = attrs.field(
        default=AppraisalStatus.PENDING, validator=v.member(AppraisalStatus)
    )
    dispute_resolution: DisputeResolution | None = attrs.field(
        default=None, validator=v.instance(DisputeResolution, optional=True)
    )
    """HR's latest resolution of a dispute: its outcome and any amendments that followed."""
    actions: tuple[ImprovementAction, ...] = attrs.field(
        default=(), validator=v.tuple_of(ImprovementAction)
    )
    follow_ups: tuple[FollowUp, ...] = attrs.field(default=(), validator=v.tuple_of(FollowUp))
    follow_up_answers: tuple[FollowUpAnswer, ...] = attrs.field(
        default=(), validator=v.tuple_of(FollowUpAnswer)
    )
    """The employee's answers to follow-ups, in the order they were given."""
    formal_plan: FormalPlan | None = attrs.field(
        default=None, validator=v.instance(FormalPlan, optional=True)
    )
    """The formal improvement plan, if the case called for one (at most one per cycle)."""
    formal_reviews: tuple[FormalReview, ...] = attrs.field(
        default=(), validator=v.tuple_of(FormalReview)
    )
    """The formal plan's reviews, in the order they were recorded."""
    waivers: tuple[Waiver, ...] = attrs.field(default=(), validator=v.tuple_of(Waiver))
    events: tuple[e.Event, ...] = attrs.field(default=(), validator=v.tuple_of(e.Event))
    policy: Policy = attrs.field(
        default=DEFAULT_POLICY, validator=v.instance(Policy), eq=False, repr=False
    )
    """The permission policy applied to commands; not part of the state."""

    _REPLACE: ClassVar[Callable[[Any, Mapping[str, Any]], Any]]
    """``attrs.evolve`` without re-validating, for this class (see :mod:`perfcore._unchecked`)."""

    # --- reading ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the cycle has recorded: its version, for storage and concurrency.

        A just-started cycle is version 1; every event adds one. An event's
        ``sequence`` counts from 0, so the event at ``sequence`` n brought the
        cycle to version n + 1, and ``version == events[-1].sequence + 1``.
        Pass it back as ``expected_version`` to refuse a command if someone else
        recorded an event in between (:class:`~perfcore.VersionConflict`).

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, at=at)
        >>> cycle.version, cycle.events[-1].sequence
        (1, 0)
        >>> cycle.cancel(reason="Reorganised", by=hr, at=at, expected_version=1).version
        2
        >>> cycle.cancel(reason="Reorganised", by=hr, at=at, expected_version=2)
        Traceback (most recent call last):
        ...
        perfcore.errors.VersionConflict: expected version 2, but the cycle is at version 1
        """
        return len(self.events)

    def competency_assessment(self, role: AssessorRole) -> CompetencyAssessment | None:
        """The most recently submitted competency assessment in ``role``.

        Self and manager have one assessor each; for peers this is the latest
        peer's, and ``competency_assessments`` holds every peer's.
        """
        for assessment in reversed(self.competency_assessments):
            if assessment.role is role:
                return assessment
        return None

    def practices_to_share(self) -> tuple[PracticeToShare, ...]:
        """What worked on the goals the manager rated exceeded, to share with the team.

        Empty until the manager's assessment is in.
        """
        if self.manager_assessment is None:
            return ()
        return practices_to_share(
            self.active_goals,
            self.manager_assessment,
            employee_id=self.employee_id,
            cycle_id=self.id,
        )

    def practice_for(self, goal_id: str) -> PracticeRecord | None:
        """The latest recorded analysis of what worked on ``goal_id``, or ``None``."""
        v.require(goal_id, str, "goal_id")
        for practice in reversed(self.practices):
            if practice.goal_id == goal_id:
                return practice
        return None

    @property
    def approval_steps(self) -> tuple[ApprovalStep, ...]:
        """The cycle's approval route, in order (none under rules older than 3)."""
        return () if self.settings is None else self.settings.approval_steps

    @property
    def next_approval(self) -> ApprovalStep | None:
        """The step whose approval the ratings as they stand await; ``None`` when none does."""
        approved = {approval.step for approval in self.approvals}
        return next((s for s in self.approval_steps if s.name not in approved), None)

    def objective_for(self, goal_id: str) -> Objective | None:
        """The catalogue objective ``goal_id`` is aligned to, as recorded; ``None`` if none.

        An alignment holds while the goal's ``parent_id`` names its objective: a
        revision that moves the goal under another parent ends it.
        """
        v.require(goal_id, str, "goal_id")
        goal = self.goal(goal_id)
        if goal is None or goal.parent_id is None:
            return None
        for alignment in reversed(self.alignments):
            if alignment.goal_id == goal_id:
                objective = alignment.objective
                return objective if objective.id == goal.parent_id else None
        return None

    def objective_above(self, goal_id: str) -> Objective | None:
        """The catalogue objective ``goal_id`` serves: its own, or that of the goal it hangs under.

        Follows ``parent_id`` through the cycle's active goals until one is
        aligned (:meth:`objective_for`); ``None`` if the chain ends first.
        """
        v.require(goal_id, str, "goal_id")
        seen: set[str] = set()
        current = self.goal(goal_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            objective = self.objective_for(current.id)
            if objective is not None:
                return objective
            parent_id = current.parent_id
            if parent_id is None or parent_id in self.withdrawn_goal_ids:
                return None
            current = self.goal(parent_id)
        return None

    def goal(self, goal_id: str) -> Goal | None:
        """The current version of a goal (withdrawn ones included), or ``None``."""
        return k.find(self.goals, goal_id, _goal_id)

    def status_of(self, goal_id: str) -> GoalStatus | None:
        """Whether a goal is proposed, agreed or withdrawn; ``None`` if unknown."""
        if self.goal(goal_id) is None:
            return None
        if goal_id in self.withdrawn_goal_ids:
            return GoalStatus.WITHDRAWN
        if goal_id in self.agreed_goal_ids:
            return GoalStatus.AGREED
        return GoalStatus.PROPOSED

    @property
    def shared_check_ins(self) -> tuple[CheckIn, ...]:
        """The check-ins both parties see (1:1s and informal notes, not private notes).

        These are what the cadence condition, the audit and the analytics count.
        """
        return tuple(check_in for check_in in self.check_ins if check_in.kind.is_shared)

    @property
    def check_in_cadence(self) -> Cadence:
        """The agreed check-in recurrence: ``settings.cadence``, or one in every N days.

        N is ``check_in_every_days``: a check-in is due by day N, 2N, ... of
        implementation, and any check-in in the N days up to a due date keeps it.

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> from perfcore.cadence import Cadence
        >>> from perfcore.cycle import CycleSettings
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, check_in_every_days=30,
        ...                     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        >>> cycle.check_in_cadence.describe()
        'every 30 days'
        """
        settings = self.settings
        if settings is not None and settings.cadence is not None:
            return settings.cadence
        every = self.check_in_every_days
        return Cadence.every_days(every, early_days=every - 1)

    def check_in_report(self, *, start: dt.date, end: dt.date, as_of: dt.date) -> CadenceReport:
        """The check-ins due from ``start`` (the first day of implementation) to ``end``.

        The one schedule rule of the cycle: the guard (condition
        ``check_in_cadence``, cycles under rules 3 and later) and the audit ask
        it. Due dates come from :attr:`check_in_cadence` anchored at ``start``
        (the first of N days is due ``start + N``); shared check-ins are matched
        to them by :func:`perfcore.cadence.check_schedule`, with the cadence's
        grace and early days.
        """
        v.require_day(start, "start")
        v.require_day(end, "end")
        v.require_day(as_of, "as_of")
        settings = self.settings
        first = start
        if settings is None or settings.cadence is None:
            first = plus_days(start, self.check_in_every_days)
        held = sorted({check_in.held_on for check_in in self.shared_check_ins})
        return check_schedule(
            self.check_in_cadence, start=first, end=max(first, end), held=held, as_of=as_of
        )

    @functools.cached_property
    def active_goals(self) -> tuple[Goal, ...]:
        """Goals not withdrawn, in the order they were proposed."""
        return tuple(g for g in self.goals if g.id not in self.withdrawn_goal_ids)

    @functools.cached_property
    def unmet_goals(self) -> tuple[Goal, ...]:
        """Active goals the manager rated not met or partly met."""
        assessment = self.manager_assessment
        if assessment is None:
            return ()
        unmet = {r.goal_id for r in assessment.goal_ratings if r.achievement.is_unmet}
        return tuple(g for g in self.active_goals if g.id in unmet)

    @property
    def action_items(self) -> tuple[ActionItem, ...]:
        """Every action item the shared check-ins raised, in the order raised."""
        return tuple(item for c in self.shared_check_ins for item in c.action_items)

    def open_action_items(self) -> tuple[ActionItem, ...]:
        """The action items no later check-in closed: carried to the next 1:1, by due date."""
        closed = {item_id for c in self.shared_check_ins for item_id in c.closed_action_items}
        still = [item for item in self.action_items if item.id not in closed]
        return tuple(sorted(still, key=lambda item: (item.due, item.id)))

    def answer_to(self, check_in_id: str, kind: SignalKind) -> SignalAnswer | None:
        """The answer to what check-in ``check_in_id`` raised of ``kind``, if any."""
        v.require(check_in_id, str, "check_in_id")
        v.require(kind, SignalKind, "kind")
        for answer in self.signal_answers:
            if (answer.check_in_id, answer.kind) == (check_in_id, kind):
                return answer
        return None

    def unanswered_signals(self) -> tuple[CheckInSignal, ...]:
        """Calls for HR's help and harms to the company's interest not answered yet."""
        return tuple(
            s
            for s in self.check_in_signals
            if s.kind in ANSWERED_SIGNALS and self.answer_to(s.check_in_id, s.kind) is None
        )

    @property
    def check_in_signals(self) -> tuple[CheckInSignal, ...]:
        """What the shared check-ins raised, with the goals they reported in trouble.

        Obstacles, calls for HR's help and harm to the company's interest
        (:func:`~perfcore.improvement.signals_of`).
        """
        return signals_of(self.check_ins)

    def unanalysed_signals(self) -> dict[str, tuple[CheckInSignal, ...]]:
        """Per unmet, analysed goal: the signals about it no root cause of theirs answers.

        A root cause answers a signal when its category is one the signal points
        to (:data:`~perfcore.improvement.SIGNAL_CAUSES`). Goals without any root
        cause yet are left to the ``root_cause`` condition. Sorted by goal id.
        """
        unmet = {goal.id for goal in self.unmet_goals}
        causes: dict[str, set[CauseCategory]] = {}
        for cause in self.root_causes:
            causes.setdefault(cause.goal_id, set()).add(cause.category)
        left: dict[str, list[CheckInSignal]] = {}
        for signal in self.check_in_signals:
            for goal_id in signal.goal_ids:
                found = causes.get(goal_id)
                if goal_id in unmet and found and not found & set(signal.causes):
                    left.setdefault(goal_id, []).append(signal)
        return {goal_id: tuple(left[goal_id]) for goal_id in sorted(left)}

    @property
    def exceeded_goals(self) -> tuple[Goal, ...]:
        """Active goals the manager rated exceeded: practices worth sharing."""
        assessment = self.manager_assessment
        if assessment is None:
            return ()
        exceeded = {
            r.goal_id for r in assessment.goal_ratings if r.achievement is Achievement.EXCEEDED
        }
        return tuple(g for g in self.active_goals if g.id in exceeded)

    @property
    def unfinished_development_goals(self) -> tuple[Goal, ...]:
        """Active development goals not rated met or exceeded; they carry over."""
        assessment = self.manager_assessment
        done = set()
        if assessment is not None:
            done = {r.goal_id for r in assessment.goal_ratings if not r.achievement.is_unmet}
        return tuple(
            g for g in self.active_goals if g.kind is GoalKind.DEVELOPMENT and g.id not in done
        )

    @functools.cached_property
    def improvement_plan(self) -> ImprovementPlan:
        """The actions and their follow-ups."""
        return ImprovementPlan(actions=k.frozen(self.actions), follow_ups=k.frozen(self.follow_ups))

    @property
    def formal_plan_outcome(self) -> Outcome | None:
        """The formal plan's outcome: that of its latest review recording one, else ``None``."""
        if self.formal_plan is None:
            return None
        return self.formal_plan.outcome_of(self.formal_reviews)

    @property
    def acknowledged(self) -> bool:
        """The employee acknowledged the appraisal."""
        return self.appraisal_status is AppraisalStatus.ACKNOWLEDGED

    @property
    def disputed(self) -> bool:
        """A dispute awaits HR."""
        return self.appraisal_status is AppraisalStatus.DISPUTED

    @property
    def dispute_resolved(self) -> bool:
        """HR resolved the employee's dispute."""
        return self.appraisal_status is AppraisalStatus.RESOLVED

    @property
    def effective_score(self) -> float | None:
        """The score that counts: the adjusted value if the recorded score was adjusted.

        ``None`` until a score is recorded. ``score.value`` stays the computed one.
        """
        if self.score_adjustment is not None:
            return self.score_adjustment.value
        return None if self.score is None else self.score.value

    @property
    def amendments(self) -> tuple[e.Event, ...]:
        """The events that amended the result after a dispute resolved as amended."""
        resolution = self.dispute_resolution
        if resolution is None:
            return ()
        return tuple(self.events[index] for index in resolution.amendments)

    @property
    def last_event_at(self) -> dt.datetime:
        """When the latest event happened, private notes aside: no command may be earlier.

        Private notes are for their author only, so they move no one's clock
        (see :func:`perfcore.cycle.events.clock`).
        """
        return e.clock(self.events)

    def date_of(self, at: dt.datetime) -> dt.date:
        """The calendar date of the moment ``at`` for this cycle: its date in :attr:`time_zone`.

        Every date rule of the cycle uses it: a check-in or a follow-up may not
        be dated after the day of the command that records it, the check-in
        cadence counts days to it, a feedback discussion is held on it. The
        offset ``at`` carries does not matter, only the instant: the same moment
        written in UTC or in Los Angeles time falls on the same day. A cycle
        stored before zones were recorded has ``time_zone`` ``None``; there the
        date is the one ``at`` is written with.

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, time_zone="America/Los_Angeles",
        ...                     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        >>> evening = dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.UTC)  # 21:30 on 1 March in LA
        >>> cycle.date_of(evening)
        datetime.date(2026, 3, 1)
        """
        return local_date(v.check_moment(at, "at"), self.time_zone)

    def events_of(self, kinds: type[e.Event] | tuple[type[e.Event], ...]) -> tuple[e.Event, ...]:
        """The events of the given type(s), in order."""
        many = kinds if isinstance(kinds, tuple) else (kinds,)
        if not all(isinstance(kind, type) for kind in many):
            raise ValidationError.single(
                "kinds", f"must be an event class or a tuple of them, got {v.describe(kinds)}"
            )
        return tuple(event for event in self.events if isinstance(event, kinds))

    def __repr__(self) -> str:
        """Ids, phase and counts only: no content, so it is safe in a log or a test failure.

        ``events`` counts the events that are not private notes: as with the
        clock, a note's existence is its author's alone.

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...             period=Period.annual(2026), by=hr,
        ...             at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        <Cycle c-1 employee=e7 manager=m2 phase=goal_setting goals=0 events=1>
        """
        return (
            f"<{type(self).__name__} {self.id} employee={self.employee_id}"
            f" manager={self.manager_id}"
            f" phase={self.phase.value} goals={len(self.goals)}"
            f" events={sum(not e.is_private(event) for event in self.events)}>"
        )

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        """The short repr in IPython and notebooks, and in hypothesis' failing examples."""
        printer.text(repr(self))

    def full_repr(self) -> str:
        """Every field, as ``Cycle(id=..., ..., events=(...))``: the whole cycle, private notes too.

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr,
        ...                     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        >>> cycle.full_repr()
        "Cycle(id='c-1', employee_id='e7', manager_id='m2', period=Period(...), ...)"
        """
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in attrs.fields(type(self)) if f.repr)
        return f"{type(self).__name__}({', '.join(shown)})"


_goal_id: Callable[[Goal], str] = operator.attrgetter("id")
