"""The ``Cycle`` aggregate: one employee's performance cycle for one period.

Longer than the other modules on purpose: ``Cycle`` is the facade apps call, one
short named method per command (each builds its command and calls ``execute``)
beside ``start``, ``replay`` and the read-only questions a cycle answers. The
rules themselves live elsewhere in this package (commands, decide, evolve,
conditions, permissions); splitting the facade would scatter one class's API.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from perfcore import _kernel as k
from perfcore import _validators as v
from perfcore._unchecked import replacer
from perfcore._zones import UTC_NAME
from perfcore.appraisal import AppraisalScore, ScoringConfig, score_assessment
from perfcore.assessments import (
    Assessment,
    FeedbackDiscussion,
)
from perfcore.checkins import CheckIn
from perfcore.competency.model import AssessorRole, CompetencyAssessment, CompetencyProfile
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle._decide import decide
from perfcore.cycle._evolve import GROWING, check_fits, evolve
from perfcore.cycle._rebuild import COMMAND_OF
from perfcore.cycle.availability import Availability, _available_commands
from perfcore.cycle.conditions import Blocker, blockers_of
from perfcore.cycle.permissions import DEFAULT_POLICY, Policy
from perfcore.cycle.record import CycleRecord
from perfcore.cycle.state import (
    DEFAULT_SETTINGS,
    AdjustmentKind,
    CycleSettings,
    DisputeOutcome,
)
from perfcore.errors import (
    MalformedInput,
    OutOfOrder,
    PermissionDenied,
    TransitionError,
    ValidationError,
)
from perfcore.goals import Goal
from perfcore.improvement import (
    DEFAULT_CAUSE_INTERVENTIONS,
    CauseInterventions,
    FollowUp,
    ImprovementAction,
    PlanDraft,
    PracticeRecord,
    RootCause,
    draft_plan,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.improvement.signals import SignalKind
from perfcore.objectives import Objective
from perfcore.people import Actor
from perfcore.periods import Period
from perfcore.phases import Phase
from perfcore.scales import RatingScale
from perfcore.strategies import Registry

__all__ = ["Cycle"]

_DEFAULT_SCALE = RatingScale(minimum=1, maximum=5)


def _check_actor_and_time(by: object, at: object) -> None:
    if not isinstance(by, Actor):
        raise MalformedInput.single(
            "by",
            f"must be an Actor, got {v.describe(by)}",
            code="wrong_type",
            params={"expected": "Actor", "actual_type": type(by).__name__},
        )
    _check_time(at)


class _Same(enum.Enum):
    """This cycle's value (``next_cycle``'s default for a value that may be ``None``)."""

    SAME = "same"


_SAME = _Same.SAME


def _check_time(at: object) -> None:
    v.check_moment(at, "at")


@v.reports_all_problems
@attrs.frozen(kw_only=True, repr=False)
class Cycle(CycleRecord):
    """One employee's performance cycle: its state and the full event history.

    Build one with :meth:`Cycle.start`; every command returns a NEW cycle and
    leaves the old one untouched. ``cycle.events`` is the complete history, and
    ``Cycle.replay(cycle.events) == cycle``.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> hr = Actor(person_id="hr-1", role=Role.HR)
    >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c-2026-e7", employee_id="e7", manager_id="m2",
    ...                     period=Period.annual(2026), by=hr, at=at)
    >>> cycle.phase.value, len(cycle.events)
    ('goal_setting', 1)
    >>> [b.code for b in cycle.blockers()]
    ['goals_present']
    """

    _REPLACE: ClassVar[Callable[[Cycle, Mapping[str, Any]], Cycle]]
    """``attrs.evolve`` without re-validating (see :mod:`perfcore._unchecked`)."""

    # --- building ---------------------------------------------------------------------

    @classmethod
    def start(  # noqa: PLR0913
        cls,
        *,
        cycle_id: str,
        employee_id: str,
        manager_id: str,
        period: Period,
        by: Actor,
        at: dt.datetime,
        scale: RatingScale = _DEFAULT_SCALE,
        check_in_every_days: int = 30,
        profile: CompetencyProfile | None = None,
        reason: str | None = None,
        policy: Policy = DEFAULT_POLICY,
        time_zone: str | None = UTC_NAME,
        settings: CycleSettings = DEFAULT_SETTINGS,
    ) -> Cycle:
        """Start a cycle in goal setting; ``by`` must be allowed to ``start_cycle``.

        ``check_in_every_days`` is the default cadence: a check-in in every N
        days of implementation, unless ``settings.cadence`` gives the agreed
        recurrence (HR may waive a missed one). ``time_zone`` is the IANA zone
        (e.g. ``"Europe/Berlin"``) whose calendar decides which day a command
        falls on (:meth:`date_of`); it is stored by name. ``settings`` are what
        the leaving rules read (:class:`~perfcore.cycle.CycleSettings`).
        """
        return cls._begin(
            e.CycleStarted(
                cycle_id=cycle_id,
                sequence=0,
                actor=by,
                at=at,
                reason=reason,
                employee_id=employee_id,
                manager_id=manager_id,
                period=period,
                scale=scale,
                check_in_every_days=check_in_every_days,
                profile=profile,
                time_zone=time_zone,
                settings=settings,
            ),
            policy=policy,
            check=True,
        )

    @classmethod
    def begin(
        cls,
        command: c.StartCycle,
        *,
        by: Actor,
        at: dt.datetime,
        policy: Policy = DEFAULT_POLICY,
    ) -> Cycle:
        """Start a cycle from a :class:`~perfcore.cycle.StartCycle` command: ``Cycle.start``.

        The command path for starting, for apps that build every command from
        data by its name (``StartCycle.NAME`` is ``"start_cycle"``):

        >>> import datetime as dt
        >>> from perfcore import Actor, Period, Role
        >>> from perfcore.cycle import StartCycle
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> command = StartCycle(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                      period=Period.annual(2026))
        >>> cycle = Cycle.begin(command, by=hr, at=at)
        >>> cycle == Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                      period=Period.annual(2026), by=hr, at=at)
        True
        >>> cycle.version
        1
        """
        if not isinstance(command, c.StartCycle):
            raise MalformedInput.single(
                "command",
                f"must be a StartCycle, got {v.describe(command)}",
                code="wrong_type",
                params={"expected": "StartCycle", "actual_type": type(command).__name__},
            )
        return cls.start(
            cycle_id=command.cycle_id,
            employee_id=command.employee_id,
            manager_id=command.manager_id,
            period=command.period,
            scale=command.scale,
            check_in_every_days=command.check_in_every_days,
            profile=command.profile,
            reason=command.reason,
            time_zone=command.time_zone,
            settings=command.settings,
            by=by,
            at=at,
            policy=policy,
        )

    @classmethod
    def _begin(cls, event: e.CycleStarted, *, policy: Policy, check: bool) -> Cycle:
        if event.employee_id == event.manager_id:
            raise ValidationError.single(
                "CycleStarted.manager_id", "the manager must be someone other than the employee"
            )
        for field, carried in (
            ("carried_goals", event.carried_goals),
            ("carried_actions", event.carried_actions),
        ):
            twice = v.repeated(item.id for item in carried)
            if twice:
                raise ValidationError.single(
                    f"CycleStarted.{field}", f"carries more than one item with id {twice[0]!r}"
                )
        if check:
            why = policy.denial(c.START_CYCLE, event.actor, event.employee_id, event.manager_id)
            if why is not None:
                raise PermissionDenied(c.START_CYCLE, event.actor, why)
        return cls(
            id=event.cycle_id,
            employee_id=event.employee_id,
            manager_id=event.manager_id,
            period=event.period,
            scale=event.scale,
            check_in_every_days=event.check_in_every_days,
            time_zone=event.time_zone,
            rules=event.rules,
            settings=event.settings,
            phase=Phase.GOAL_SETTING,
            phase_started_at=event.at,
            previous_cycle_id=event.previous_cycle_id,
            goals=event.carried_goals,
            actions=event.carried_actions,
            profile=event.profile,
            events=(event,),
            policy=policy,
        )

    @classmethod
    def replay(
        cls,
        events: Sequence[e.Event],
        *,
        policy: Policy = DEFAULT_POLICY,
        verify: bool = True,
    ) -> Cycle:
        """Rebuild a cycle from its history; the result equals the cycle that produced it.

        Every event is re-decided by the rules of the command that records it,
        checked as ``by=event.actor, at=event.at`` against ``policy`` exactly as
        :meth:`execute` checks it (phase, permission and identity, time order,
        content, leaving conditions with the waivers recorded so far), and the
        command must record exactly the stored event. So a history loads only
        if the commands could have produced it; otherwise
        :class:`ValidationError` names the first event at fault
        (``events[7]``, ``events[7].goal.id``) and why its command is refused.

        ``verify=False`` is the trusted path, for histories this process made
        or already verified (bulk analytics over loaded cycles): it checks only
        the envelope (start, positions, cycle id, time order) and that each
        phase change leaves the phase it names. Both paths cost time linear in
        the number of events.
        """
        return k.replay(_replay_policy(cls, policy), events, verify=verify)

    def with_policy(self, policy: Policy) -> Cycle:
        """The same cycle, checked against ``policy`` from now on."""
        return attrs.evolve(self, policy=policy)

    # --- storing ----------------------------------------------------------------------

    def events_since(self, version: int) -> tuple[e.Event, ...]:
        """The events recorded after ``version``: what to append to a store holding that version.

        ``events_since(0)`` is the whole history; ``events_since(self.version)``
        is empty. ``version`` must lie between 0 and :attr:`version`.

        >>> import datetime as dt
        >>> from perfcore import Actor, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, at=at)
        >>> later = cycle.cancel(reason="left the company", by=hr, at=at)
        >>> [type(event).__name__ for event in later.events_since(cycle.version)]
        ['CycleCancelled']
        >>> cycle.apply(later.events_since(cycle.version)) == later
        True
        """
        return k.events_since(self.events, version)

    def apply(self, events: Sequence[e.Event], *, verify: bool = True) -> Cycle:
        """This cycle continued with ``events``, the tail of its history recorded since.

        For a store that keeps a snapshot (a saved cycle) and the events after
        it: each event is checked exactly as :meth:`replay` checks it at its
        place in the whole history (its envelope, then its command decided
        again as its actor at its moment, under this cycle's policy), so
        ``Cycle.replay(events[:n]).apply(events[n:]) == Cycle.replay(events)``
        and a tail that could not follow this cycle is refused with the same
        :class:`ValidationError` a whole replay gives (``events[7]`` is the event
        at position 7 of the whole history). The history before is not replayed
        again, and an empty tail gives this cycle back. ``verify=False`` is
        replay's trusted path.

        >>> import datetime as dt
        >>> import attrs
        >>> from perfcore import Actor, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> saved = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, at=at)
        >>> now = saved.cancel(reason="Reorganised", by=hr, at=at)
        >>> saved.apply(now.events[1:]) == now == Cycle.replay(now.events)
        True
        >>> employee = Actor(person_id="e7", role=Role.EMPLOYEE)
        >>> forged = attrs.evolve(now.events[1], actor=employee)
        >>> saved.apply([forged])
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: events[1]: not permitted to this actor: ...
        """
        return k.resume(_replay_policy(type(self), self.policy), self, events, verify=verify)

    # --- commands ---------------------------------------------------------------------

    def execute(
        self,
        command: c.Command,
        *,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Cycle:
        """Apply ``command`` as ``by`` at time ``at`` and return the new cycle.

        Checks, in order: the inputs are well formed (``ValidationError``); the
        cycle is at ``expected_version``, when one is given
        (:class:`~perfcore.VersionConflict`: someone else changed it since the
        caller read it); the command is allowed in this phase
        (``TransitionError``); ``by`` may issue it on this cycle
        (``PermissionDenied``); ``at`` is not before the last event
        (``ValidationError``); its content fits the cycle
        (``ValidationError`` or ``TransitionError``); and for advance and close,
        every leaving condition is met or waived (``GuardError``). Any failure
        raises and changes nothing.
        """
        _check_actor_and_time(by, at)
        if type(command) not in c.COMMAND_TYPES:
            raise MalformedInput.single(
                "command",
                f"must be a perfcore command, got {v.describe(command)}",
                code="wrong_type",
                params={"expected": "Command", "actual_type": type(command).__name__},
            )
        if expected_version is not None:
            self._check_version(expected_version)
        cycle = self
        for event in self._decided(command, by, at):
            cycle = evolve(cycle, event)
        return cycle

    def _check_version(self, expected: object) -> None:
        k.check_version(expected, self.version, "cycle")

    def _decided(self, command: c.Command, by: Actor, at: dt.datetime) -> tuple[e.Event, ...]:
        """The events ``command`` records, after every check but well-formedness."""
        allowed = c.COMMAND_PHASES[command.NAME]
        if self.phase not in allowed:
            phases = ", ".join(sorted(p.value for p in allowed))
            raise TransitionError(
                command.NAME,
                self.phase.value,
                f"{command.NAME} is not allowed in phase {self.phase.value} (allowed in: {phases})",
            )
        self.policy.check(command.NAME, by, self)
        if at < self.last_event_at:
            raise OutOfOrder.single(
                "at",
                f"{at.isoformat()} is earlier than the last event"
                f" ({self.last_event_at.isoformat()})",
                code="out_of_order",
                params={"last": self.last_event_at.isoformat()},
            )
        return decide(self, command, by, at)

    def propose_goal(
        self,
        goal: Goal,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Draft a goal in goal setting."""
        return self.execute(
            c.ProposeGoal(goal=goal, reason=reason), by=by, at=at, expected_version=expected_version
        )

    def revise_goal(
        self,
        goal: Goal,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Cycle:
        """Replace the goal with the same id; it must be agreed again."""
        return self.execute(
            c.ReviseGoal(goal=goal, reason=reason), by=by, at=at, expected_version=expected_version
        )

    def align_goal(  # noqa: PLR0913 - the goal, the objective and how to issue it
        self,
        goal_id: str,
        objective: Objective,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Align a goal to an objective of the app's catalogue (goal setting, implementation).

        Pass the catalogue's record, ``catalogue.objective(objective_id)`` (an
        unknown id is refused there, at ``objective_id``). The objective must be
        live on the command's day and share days with the cycle's period; it is
        recorded as it stands, and the goal's ``parent_id`` becomes its id (a
        changed goal awaits the employee's agreement again). Under the rules of
        version 4 on, a performance goal counts as aligned only this way
        (condition ``goal_aligned``).
        """
        return self.execute(
            c.AlignGoal(goal_id=goal_id, objective=objective, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def withdraw_goal(
        self,
        goal_id: str,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Cycle:
        """Drop a goal; it stays in the record and leaves the checks."""
        return self.execute(
            c.WithdrawGoal(goal_id=goal_id, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def agree_goals(
        self,
        goal_ids: tuple[str, ...] = (),
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The employee agrees the given goals, or every pending one."""
        return self.execute(
            c.AgreeGoals(goal_ids=goal_ids, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def record_check_in(
        self,
        check_in: CheckIn,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record a 1:1 or informal note during implementation."""
        return self.execute(
            c.RecordCheckIn(check_in=check_in, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def submit_self_assessment(  # noqa: PLR0913 - the assessment and how to submit it
        self,
        assessment: Assessment,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        share: bool = True,
        expected_version: int | None = None,
    ) -> Cycle:
        """The employee's self-assessment (may be resubmitted until acknowledged).

        ``share=False`` keeps it a draft (``self_assessment_draft``) that only the
        employee sees until :meth:`share_self_assessment`; the manager, the
        conditions and the score see the last shared one.
        """
        return self.execute(
            c.SubmitSelfAssessment(assessment=assessment, reason=reason, share=share),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def share_self_assessment(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The employee shares their draft self-assessment with the manager."""
        return self.execute(
            c.ShareSelfAssessment(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def approve_ratings(
        self,
        step: str,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Approve the ratings as they stand at ``step``, the next of the approval route.

        The route is the cycle's ``settings.approval_steps``; ``by`` holds the
        step's role and took no other step. Once every step approved, the
        ratings may be released.
        """
        return self.execute(
            c.ApproveRatings(step=step, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def return_ratings(
        self,
        step: str,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Cycle:
        """Send the ratings back to draft at ``step``, saying why; the manager revises them."""
        return self.execute(
            c.ReturnRatings(step=step, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def release_ratings(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Show the manager's ratings and score, as they stand, to the employee.

        Until released they are drafts the employee never sees; holding the
        feedback discussion releases them too. The employee acknowledges or
        disputes only released ratings.
        """
        return self.execute(
            c.ReleaseRatings(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def submit_manager_assessment(
        self,
        assessment: Assessment,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The manager's assessment (may be resubmitted until acknowledged)."""
        return self.execute(
            c.SubmitManagerAssessment(assessment=assessment, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def submit_competency_assessment(
        self,
        assessment: CompetencyAssessment,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """A self, manager or peer competency assessment against the cycle's profile."""
        return self.execute(
            c.SubmitCompetencyAssessment(assessment=assessment, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def record_root_cause(
        self,
        root_cause: RootCause,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The analysed cause of a goal the manager rated unmet."""
        return self.execute(
            c.RecordRootCause(root_cause=root_cause, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def compute_score(
        self,
        config: ScoringConfig,
        registry: Registry,
        *,
        components: Mapping[str, float | None] | None = None,
    ) -> AppraisalScore:
        """Score the manager assessment under ``config`` (nothing is recorded).

        The active goals and the manager's results feed the goal scorers; the
        self-assessment fills a composite's ``"self"`` component and the manager's
        competency assessment against the cycle's profile its ``"competencies"``
        component. ``components`` supplies any other, such as ``"feedback"``:
        :func:`perfcore.feedback.cycle_feedback_score` works out this cycle's
        (``components={"feedback": score.value}``). Record the result with
        :meth:`record_score` so it joins the history.
        """
        if self.manager_assessment is None:
            raise TransitionError(
                c.RecordScore.NAME, self.phase.value, "there is no manager assessment to score"
            )
        if components is not None and not isinstance(components, Mapping):
            raise ValidationError.single(
                "components",
                f"must be a mapping of component names to values, got {v.describe(components)}",
            )
        return score_assessment(
            self.active_goals,
            self.manager_assessment,
            config,
            registry,
            self_assessment=self.self_assessment,
            profile=self.profile,
            competency_assessment=self.competency_assessment(AssessorRole.MANAGER),
            components=components,
        )

    def record_score(
        self,
        score: AppraisalScore,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record a computed score; it must follow from its breakdown and the manager assessment.

        Its goal results must be the manager assessment's and its value what its
        own breakdown and recorded config compute (a score whose strategies the
        built-in registry does not know is checked step by step, not recomputed).
        A different value is an adjustment: :meth:`adjust_score`.
        """
        return self.execute(
            c.RecordScore(score=score, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def adjust_score(  # noqa: PLR0913 - the adjustment's fields, all keyword
        self,
        value: float,
        *,
        replaces: float,
        kind: AdjustmentKind,
        reason: str,
        by: Actor,
        at: dt.datetime,
        reference: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Adjust the recorded score to ``value`` (HR by default), keeping the computed one.

        ``replaces`` must be the recorded score's value; ``value`` must lie in
        the score's range (its bands' range, or its scorers'). The adjustment is
        a draft for the employee until the ratings are released again.
        """
        return self.execute(
            c.AdjustScore(
                value=value, replaces=replaces, kind=kind, reference=reference, reason=reason
            ),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def hold_feedback_discussion(
        self,
        discussion: FeedbackDiscussion,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record the appraisal conversation."""
        return self.execute(
            c.HoldFeedbackDiscussion(discussion=discussion, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def acknowledge(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The employee acknowledges the appraisal."""
        return self.execute(
            c.Acknowledge(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def dispute(
        self, *, reason: str, by: Actor, at: dt.datetime, expected_version: int | None = None
    ) -> Cycle:
        """The employee disputes the appraisal."""
        return self.execute(
            c.Dispute(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def resolve_dispute(
        self,
        *,
        outcome: DisputeOutcome,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Cycle:
        """HR resolves the open dispute: upheld, amended (an amendment follows) or rejected."""
        return self.execute(
            c.ResolveDispute(outcome=outcome, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def add_improvement_action(
        self,
        action: ImprovementAction,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Add an action to the improvement plan."""
        return self.execute(
            c.AddImprovementAction(action=action, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def record_follow_up(
        self,
        follow_up: FollowUp,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record a follow-up of an improvement action."""
        return self.execute(
            c.RecordFollowUp(follow_up=follow_up, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def record_practice(
        self,
        practice: PracticeRecord,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record what worked on a goal the manager rated exceeded, and with whom it was shared.

        :meth:`practices_to_share` drafts one from the manager's basis.
        """
        return self.execute(
            c.RecordPractice(practice=practice, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def answer_signal(  # noqa: PLR0913 - what is answered, the answer and how to issue it
        self,
        check_in_id: str,
        kind: SignalKind,
        *,
        response: str,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Answer a call for HR's help or a harm to the company's interest a check-in raised.

        HR answers by default (implementation, appraisal or improvement). The
        audit reports one left unanswered too long (``signal_unanswered``); the
        answer is shown with the check-ins, to both parties.
        """
        return self.execute(
            c.AnswerSignal(check_in_id=check_in_id, kind=kind, response=response, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def answer_follow_up(  # noqa: PLR0913 - the answer's fields, all keyword
        self,
        action_id: str,
        *,
        agrees: bool,
        by: Actor,
        at: dt.datetime,
        comment: str | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """The employee's word on the latest follow-up of ``action_id``: agreed, or not and why.

        A comment is required when the employee does not agree. Under settings
        with ``outcomes_need_the_employee``, an action's outcome counts only once
        the follow-up that recorded it is answered (condition ``outcome_answered``).
        """
        return self.execute(
            c.AnswerFollowUp(action_id=action_id, agrees=agrees, comment=comment, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def draft_improvement_plan(
        self,
        *,
        on: dt.date,
        interventions: CauseInterventions = DEFAULT_CAUSE_INTERVENTIONS,
        due_in_days: int = 90,
        kinds_per_cause: int = 1,
    ) -> PlanDraft:
        """Draft actions for the root causes of this cycle's unmet goals (nothing is recorded).

        Uses :func:`perfcore.improvement.draft_plan` with the cycle's unmet
        goals, root causes, employee and manager; actions already in the plan
        (including ones carried over) count as existing, so a cause they
        address gets no new action. The manager edits the draft, then adds its
        actions with :meth:`add_improvement_action`.
        """
        return draft_plan(
            self.unmet_goals,
            self.root_causes,
            employee_id=self.employee_id,
            manager_id=self.manager_id,
            on=on,
            interventions=interventions,
            due_in_days=due_in_days,
            kinds_per_cause=kinds_per_cause,
            existing=self.actions,
        )

    def start_formal_plan(
        self,
        plan: FormalPlan,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Put some of the cycle's improvement actions under a formal plan (once per cycle)."""
        return self.execute(
            c.StartFormalPlan(plan=plan, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def record_formal_review(
        self,
        review: FormalReview,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Record a review of the formal plan; one with an outcome states where the plan stands."""
        return self.execute(
            c.RecordFormalReview(review=review, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def advance(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Move to the next phase; raises ``GuardError`` listing every unmet condition."""
        return self.execute(
            c.AdvancePhase(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def waive(  # noqa: PLR0913 - the waiver's fields, all keyword
        self,
        code: str,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        subject: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """HR waives a waivable condition of the current phase."""
        return self.execute(
            c.WaiveCondition(code=code, subject=subject, reason=reason),
            by=by,
            at=at,
            expected_version=expected_version,
        )

    def cancel(
        self, *, reason: str, by: Actor, at: dt.datetime, expected_version: int | None = None
    ) -> Cycle:
        """End the cycle early."""
        return self.execute(
            c.Cancel(reason=reason), by=by, at=at, expected_version=expected_version
        )

    def close(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Cycle:
        """Close the cycle after improvement."""
        return self.execute(c.Close(reason=reason), by=by, at=at, expected_version=expected_version)

    def next_cycle(  # noqa: PLR0913
        self,
        *,
        period: Period,
        by: Actor,
        at: dt.datetime,
        cycle_id: str | None = None,
        manager_id: str | None = None,
        check_in_every_days: int | None = None,
        profile: CompetencyProfile | None = None,
        reason: str | None = None,
        time_zone: str | _Same | None = _SAME,
        settings: CycleSettings | None = None,
    ) -> Cycle:
        """Start the following cycle from a closed one.

        Development goals not met carry over (to be agreed again), and so do
        improvement actions still open. A formal plan does not carry over: its
        open actions do, and the next cycle may start a new plan for them.
        ``cycle_id`` defaults to ``"<employee_id>/<period label>"``; the manager,
        cadence, profile, time zone and settings default to this cycle's (a
        cycle stored before settings were recorded passes on the defaults). The
        next cycle is decided by the current rules.
        """
        if self.phase is not Phase.CLOSED:
            raise TransitionError(
                c.START_CYCLE,
                self.phase.value,
                f"only a closed cycle has a next one; this one is {self.phase.value}",
            )
        if not isinstance(period, Period):
            raise ValidationError.single("period", f"must be a Period, got {v.describe(period)}")
        if period.start <= self.period.end:
            raise ValidationError.single(
                "period",
                f"must start after {self.period.end}, when this cycle's period ends;"
                f" got {period.start}",
            )
        _check_actor_and_time(by, at)
        if at < self.events[-1].at:
            raise OutOfOrder.single(
                "at",
                "must not be earlier than the closing of this cycle",
                code="out_of_order",
                params={"last": self.events[-1].at.isoformat()},
            )
        carried_goals = tuple(
            attrs.evolve(
                goal,
                carried_from=self.id,
                due=goal.due if goal.due and period.contains(goal.due) else None,
            )
            for goal in self.unfinished_development_goals
        )
        carried_actions = tuple(
            attrs.evolve(action, carried_from=self.id)
            for action in self.improvement_plan.open_actions
        )
        return self._begin(
            e.CycleStarted(
                cycle_id=cycle_id if cycle_id is not None else f"{self.employee_id}/{period.label}",
                sequence=0,
                actor=by,
                at=at,
                reason=reason,
                employee_id=self.employee_id,
                manager_id=manager_id if manager_id is not None else self.manager_id,
                period=period,
                scale=self.scale,
                check_in_every_days=(
                    check_in_every_days
                    if check_in_every_days is not None
                    else self.check_in_every_days
                ),
                previous_cycle_id=self.id,
                carried_goals=carried_goals,
                carried_actions=carried_actions,
                profile=profile if profile is not None else self.profile,
                time_zone=(self.time_zone or UTC_NAME)
                if isinstance(time_zone, _Same)
                else time_zone,
                settings=settings if settings is not None else self.settings or DEFAULT_SETTINGS,
            ),
            policy=self.policy,
            check=True,
        )

    def _next_zone(self, time_zone: str | _Same | None) -> str | None:
        """The next cycle's zone: ``time_zone``, or this cycle's (UTC for one stored without)."""
        if isinstance(time_zone, _Same):
            return self.time_zone or UTC_NAME
        return time_zone

    # --- reading ----------------------------------------------------------------------

    def as_last_released(self) -> Cycle | None:
        """The cycle as it stood while its ratings were last released, or ``None`` if never.

        ``self`` while the ratings as they stand are released; otherwise the
        state just before the change that made them a draft again, so it holds
        everything recorded while they were released (causes, actions) and
        nothing recorded on the draft. A viewer of released ratings only is
        shown the ratings, causes and actions of this state.
        """
        if self.ratings_released:
            return self
        cut: int | None = None
        released = False
        for index, event in enumerate(self.events):
            if isinstance(event, e.RATING_RELEASES):
                released = True
            elif e.makes_ratings_draft(event):
                if released:
                    cut = index
                released = False
        if cut is None:
            return None
        # The history is this cycle's own, already checked: its prefix replays on the trusted path.
        return Cycle.replay(self.events[:cut], policy=self.policy, verify=False)

    def blockers(self, *, at: dt.datetime | None = None) -> tuple[Blocker, ...]:
        """Every unmet, unwaived condition for leaving the current phase.

        ``at`` is the moment to judge time-based conditions (the check-in
        cadence) at; it defaults to the latest event's time. A closed or
        cancelled cycle has no blockers.
        """
        if at is None:
            at = self.last_event_at
        else:
            _check_time(at)
        return blockers_of(self, self.date_of(at))

    def available_commands(self, actor: Actor, *, at: dt.datetime) -> tuple[Availability, ...]:
        """Each command with whether ``actor`` may issue it at ``at`` and, if not, why.

        The reasons come in ``execute``'s order: phase, permission, clock, then
        the preconditions that hold whatever the command's content. An actor
        the policy refuses sees only the phase and the refusal. For a command
        without content ``enabled`` is exactly whether ``execute`` accepts it
        now; a command that carries content may still have it refused when it
        is enabled.

        >>> import datetime as dt
        >>> from perfcore import Actor, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr, at=at)
        >>> available = {a.command: a for a in cycle.available_commands(hr, at=at)}
        >>> available["cancel"].enabled, available["advance_phase"].codes
        (True, ('blocked',))
        >>> available["advance_phase"].reasons[0].params["blockers"]
        ('goals_present',)
        """
        return _available_commands(self, actor, at=at)

    # --- showing ----------------------------------------------------------------------


Cycle._REPLACE = replacer(Cycle)  # noqa: SLF001 - set once, as the class is made


def _begin_replay(cls: type[Cycle], policy: Policy) -> Callable[[e.Event, bool], Cycle]:
    def begin(first: e.Event, verify: bool) -> Cycle:
        assert isinstance(first, e.CycleStarted)  # noqa: S101 - the kernel checked its type
        try:
            return cls._begin(first, policy=policy, check=verify)
        except ValidationError as exc:
            raise type(exc)(p.at(k.in_event(0, p.path)) for p in exc.problems) from None
        except PermissionDenied as exc:
            raise ValidationError.single("events[0].actor", str(exc)) from None

    return begin


def _redecide(cycle: Cycle, command: c.Command, event: e.Event) -> tuple[e.Event, ...]:
    check_fits(cycle, event)
    return cycle._decided(command, event.actor, event.at)  # noqa: SLF001 - the same facade


def _thaw(cycle: Cycle) -> Cycle:
    return Cycle._REPLACE(  # noqa: SLF001
        cycle, {name: k.Growing(getattr(cycle, name), key) for name, key in GROWING.items()}
    )


def _freeze(cycle: Cycle) -> Cycle:
    return Cycle._REPLACE(cycle, {name: k.frozen(getattr(cycle, name)) for name in GROWING})  # noqa: SLF001


def _replay_policy(cls: type[Cycle], policy: Policy) -> k.ReplayPolicy[Cycle, e.Event]:
    if not isinstance(policy, Policy):
        raise ValidationError.single("policy", f"must be a Policy, got {v.describe(policy)}")
    return k.ReplayPolicy(
        name="cycle",
        event_noun="an event",
        restarted="a cycle starts only once",
        event_type=e.Event,
        first_type=e.CycleStarted,
        id_field="cycle_id",
        state_id=_cycle_id,
        sets_clock=_sets_clock,
        out_of_order="is earlier than an event before it that is no private note",
        begin=_begin_replay(cls, policy),
        rebuild=COMMAND_OF,
        decide=_redecide,
        evolve=evolve,
        thaw=_thaw,
        freeze=_freeze,
        history=_events,
    )


_events: Callable[[Cycle], tuple[e.Event, ...]] = operator.attrgetter("events")


def _cycle_id(cycle: Cycle) -> str:
    return cycle.id


def _sets_clock(event: e.Event) -> bool:
    """A private note sets no one's clock (see :func:`perfcore.cycle.events.clock`)."""
    return not e.is_private(event)
