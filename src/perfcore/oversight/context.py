"""What every audit rule may consult: the moment of the audit, agreements and deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore.cycle import Cycle, Phase
from perfcore.cycle import events as e
from perfcore.errors import Problem, ValidationError
from perfcore.improvement import DEFAULT_CAUSE_INTERVENTIONS, CauseInterventions
from perfcore.objectives import ObjectiveCatalogue
from perfcore.periods import Period
from perfcore.schedule import ManagerAgreement

__all__ = ["AuditContext", "PhaseDeadlines", "distinct_cycles", "phase_entered", "phase_left"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PhaseDeadlines:
    """By when each phase should be over, in days from the cycle's period.

    Goal setting is counted from the period's first day; the others from its
    last day. A manager agreement's review deadline for a phase takes
    precedence (see :meth:`AuditContext.deadline`).

    >>> from perfcore import Period
    >>> PhaseDeadlines().deadline(Phase.GOAL_SETTING, Period.annual(2026))
    datetime.date(2026, 2, 15)
    >>> PhaseDeadlines().deadline(Phase.APPRAISAL, Period.annual(2026))
    datetime.date(2027, 3, 1)
    """

    goal_setting_days: int = attrs.field(default=45, validator=v.integer(minimum=0, maximum=3660))
    """Goals agreed within this many days of the period's start."""
    implementation_days: int = attrs.field(default=14, validator=v.integer(minimum=0, maximum=3660))
    """Implementation over (appraisal begun) within this many days of the period's end."""
    appraisal_days: int = attrs.field(default=60, validator=v.integer(minimum=0, maximum=3660))
    """Appraisal over within this many days of the period's end."""
    improvement_days: int = attrs.field(default=180, validator=v.integer(minimum=0, maximum=3660))
    """Improvement over (cycle closed) within this many days of the period's end."""

    def deadline(self, phase: Phase, period: Period) -> dt.date | None:
        """The last day ``phase`` may run for a cycle of ``period``; ``None`` for closed phases."""
        v.require(phase, Phase, "phase")
        v.require(period, Period, "period")
        if phase is Phase.GOAL_SETTING:
            return plus_days(period.start, self.goal_setting_days)
        days = {
            Phase.IMPLEMENTATION: self.implementation_days,
            Phase.APPRAISAL: self.appraisal_days,
            Phase.IMPROVEMENT: self.improvement_days,
        }.get(phase)
        return None if days is None else plus_days(period.end, days)


def _aware(inst: AuditContext, attr: attrs.Attribute[dt.datetime], value: object) -> None:
    v.aware_datetime()(inst, attr, value)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AuditContext:
    """The moment of the audit and the references rules judge cycles against.

    ``as_of`` is passed in (perfcore never reads the clock); ``agreements``
    are the managers' commitments; ``interventions`` is the cause →
    intervention mapping an improvement plan should follow; ``deadlines`` the
    default phase deadlines; ``objectives`` the app's objectives catalogue.

    >>> import datetime as dt
    >>> from perfcore import Actor, Cycle, Period, Role
    >>> ctx = AuditContext(as_of=dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC))
    >>> hr = Actor(person_id="h", role=Role.HR)
    >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
    ...                     period=Period.annual(2026), by=hr, time_zone="America/Chicago",
    ...                     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    >>> ctx.today(cycle)  # 21:00 on 30 June in Chicago
    datetime.date(2026, 6, 30)
    """

    as_of: dt.datetime = attrs.field(validator=_aware)
    agreements: tuple[ManagerAgreement, ...] = attrs.field(
        default=(), validator=v.tuple_of(ManagerAgreement)
    )
    interventions: CauseInterventions = attrs.field(
        default=DEFAULT_CAUSE_INTERVENTIONS, validator=v.instance(CauseInterventions)
    )
    deadlines: PhaseDeadlines = attrs.field(
        factory=PhaseDeadlines, validator=v.instance(PhaseDeadlines)
    )
    objectives: ObjectiveCatalogue | None = attrs.field(
        default=None, validator=v.instance(ObjectiveCatalogue, optional=True)
    )
    """The app's objectives catalogue as it stands now: goals aligned to an objective
    it retired or dropped are reported (rule ``objective_retired``)."""

    def today(self, cycle: Cycle) -> dt.date:
        """The calendar date of ``as_of`` for ``cycle``: its date in the cycle's time zone.

        One audit moment falls on different days in different zones; each cycle
        is judged by its own calendar (``Cycle.date_of``).
        """
        v.require(cycle, Cycle, "cycle")
        return cycle.date_of(self.as_of)

    def agreement_for(self, cycle: Cycle) -> ManagerAgreement | None:
        """The agreement of the cycle's manager that covers the cycle.

        Its period must hold the cycle's start and it must cover the employee;
        with several, the one whose period starts latest (then by id) wins.
        """
        matching = [
            a
            for a in self.agreements
            if a.manager_id == cycle.manager_id
            and a.period.contains(cycle.period.start)
            and a.covers(cycle.employee_id)
        ]
        if not matching:
            return None
        return max(matching, key=lambda a: (a.period.start, a.id))

    def deadline(self, cycle: Cycle, phase: Phase) -> dt.date | None:
        """The last day ``phase`` may run: the agreement's review deadline, else the default."""
        v.require(cycle, Cycle, "cycle")
        v.require(phase, Phase, "phase")
        agreement = self.agreement_for(cycle)
        if agreement is not None:
            agreed = agreement.deadline_for(phase)
            if agreed is not None:
                return agreed
        return self.deadlines.deadline(phase, cycle.period)

    def judged(self, cycle: Cycle, phase: Phase) -> bool:
        """Whether the work of ``phase`` is due for judgement on ``cycle``.

        It is once the cycle has moved past ``phase`` (cancelled cycles never),
        or while it is still in ``phase`` after the phase's deadline.
        """
        v.require(cycle, Cycle, "cycle")
        v.require(phase, Phase, "phase")
        if cycle.phase is Phase.CANCELLED:
            return False
        if cycle.phase.rank > phase.rank:
            return True
        deadline = self.deadline(cycle, phase)
        return cycle.phase is phase and deadline is not None and self.today(cycle) > deadline


def phase_entered(cycle: Cycle, phase: Phase) -> dt.datetime | None:
    """When ``cycle`` entered ``phase``, or ``None`` if it never did.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=Actor(person_id="hr", role=Role.HR), at=at)
    >>> phase_entered(cycle, Phase.GOAL_SETTING) == at, phase_entered(cycle, Phase.APPRAISAL)
    (True, None)
    """
    v.require(cycle, Cycle, "cycle")
    v.require(phase, Phase, "phase")
    if phase is Phase.GOAL_SETTING:
        return cycle.events[0].at
    for event in cycle.events:
        if isinstance(event, e.PhaseAdvanced) and event.to_phase is phase:
            return event.at
        if phase is Phase.CANCELLED and isinstance(event, e.CycleCancelled):
            return event.at
        if phase is Phase.CLOSED and isinstance(event, e.CycleClosed):
            return event.at
    return None


def phase_left(cycle: Cycle, phase: Phase) -> dt.datetime | None:
    """When ``cycle`` left ``phase`` (advanced, closed or cancelled), or ``None``."""
    v.require(cycle, Cycle, "cycle")
    v.require(phase, Phase, "phase")
    inside = phase is Phase.GOAL_SETTING
    for event in cycle.events[1:]:
        if not inside:
            inside = isinstance(event, e.PhaseAdvanced) and event.to_phase is phase
        elif isinstance(event, e.PhaseAdvanced | e.CycleClosed | e.CycleCancelled):
            return event.at
    return None


def distinct_cycles(cycles: object) -> tuple[Cycle, ...]:
    """``cycles`` checked: an iterable of cycles, none listed twice (a ``ValidationError`` else).

    >>> distinct_cycles("c-1")
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: cycles: must be an iterable of cycles, got str 'c-1'
    """
    if isinstance(cycles, str | bytes) or not isinstance(cycles, Iterable):
        raise ValidationError.single(
            "cycles", f"must be an iterable of cycles, got {v.describe(cycles)}"
        )
    found: list[Cycle] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, cycle in enumerate(cycles):
        if not isinstance(cycle, Cycle):
            problems.append(
                Problem(
                    path=f"cycles[{index}]", message=f"must be a Cycle, got {v.describe(cycle)}"
                )
            )
        elif cycle.id in seen:
            problems.append(Problem(path=f"cycles[{index}]", message=f"repeats cycle {cycle.id!r}"))
        else:
            seen.add(cycle.id)
            found.append(cycle)
    if problems:
        raise ValidationError(problems)
    return tuple(found)
