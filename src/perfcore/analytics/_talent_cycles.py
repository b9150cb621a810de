"""Rates over cycles: check-in compliance and goal agreement.

Public through :mod:`perfcore.analytics.talent` (:func:`check_in_compliance`,
:func:`goal_agreement_rate`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from perfcore.analytics._talent_common import (
    ALL,
    Metric,
    PeriodLike,
    _check_by,
    _Counted,
    _date,
    _items,
    _metrics_of,
    _named,
    _optional_window,
)
from perfcore.analytics.records import GroupKey, group_of
from perfcore.cycle import Cycle, Phase
from perfcore.cycle import events as e
from perfcore.errors import Problem, ValidationError
from perfcore.oversight import AuditContext, as_it_stood, check_in_schedule
from perfcore.periods import Period  # noqa: F401 - the doctests read it
from perfcore.schedule import OccurrenceStatus

# --- metrics over cycles ------------------------------------------------------------------


def _cycles(cycles: object) -> list[Cycle]:
    """``cycles`` as a list sorted by id; each id once."""
    items = _items("cycles", cycles, Cycle)
    seen: dict[str, int] = {}
    problems = []
    for index, cycle in enumerate(items):
        if cycle.id in seen:
            problems.append(
                Problem(
                    path=f"cycles[{index}]",
                    message=f"repeats the cycle id {cycle.id!r} of cycles[{seen[cycle.id]}]",
                )
            )
        seen.setdefault(cycle.id, index)
    if problems:
        raise ValidationError(problems)
    return sorted(items, key=lambda c: c.id)


def _end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in UTC: cycles are read as they stood then."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def _cycle_group(cycle: Cycle, by: GroupKey) -> str:
    return _named(group_of(cycle, by))


def _check_in_tally(
    given: Cycle, context: AuditContext, window: tuple[dt.date, dt.date] | None
) -> tuple[int, int] | None:
    """``(kept + late, due)`` for one cycle, or ``None`` when it does not count.

    The schedule is the one :class:`~perfcore.oversight.CheckInCadenceMissed`
    checks against the cycle's own cadence, on the cycle as it stood at
    ``context.as_of``.
    """
    cycle = as_it_stood(given, context.as_of)
    if (
        cycle is None
        or cycle.phase is Phase.CANCELLED
        or any(w.covers("check_in_cadence", None) for w in cycle.waivers)
    ):
        return None
    schedule = check_in_schedule(cycle, context)
    if schedule is None:
        return None
    report = schedule.report
    met = due = 0
    for occurrence in report.occurrences:
        if window is not None and not window[0] <= occurrence.due <= window[1]:
            continue
        status = occurrence.status
        if status in {OccurrenceStatus.KEPT, OccurrenceStatus.LATE}:
            met += 1
            due += 1
        elif status is OccurrenceStatus.MISSED and not schedule.is_excused(occurrence.due):
            due += 1
    return met, due


def check_in_compliance(
    cycles: Iterable[Cycle],
    *,
    as_of: dt.date,
    period: PeriodLike | None = None,
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Check-in compliance = check-ins kept (on time or late) ÷ check-ins due, over cycles.

    ``(kept + late) ÷ (kept + late + missed)``, summed over the cycles, for
    the check-ins due during implementation up to ``as_of``; each cycle is
    read as it stood at the end of ``as_of`` (UTC), as the audit reads it.

    Each cycle's check-ins are judged as the ``check_in_cadence`` condition and
    the ``check_in_cadence_missed`` audit rule judge them
    (:func:`perfcore.oversight.check_in_schedule`): by the cadence agreed in its
    settings, else ``check_in_every_days`` = N, a check-in due by day N, 2N,
    ... of implementation, any check-in in the N days up to a due date keeping
    it; only a due date whose time ran out before implementation ended (or
    before ``as_of``) can be missed. Cancelled cycles and cycles whose
    ``check_in_cadence`` HR waived outright do not count; a waived due date
    (a waived gap, for cycles stored under rules 1 or 2) is excused. With
    ``period``, only due dates within it count. ``by`` groups cycles
    (``"manager_id"``, ``"employee_id"``, a mapping of employee ids, or a
    function of a cycle).

    >>> from perfcore import (Actor, CheckIn, CheckInKind, Goal, Objective, ObjectiveLevel, Role,
    ...                       YesNoMeasure)
    >>> hr, mgr, emp = (Actor(person_id=p, role=r) for p, r in
    ...                 (("hr", Role.HR), ("m2", Role.MANAGER), ("e7", Role.EMPLOYEE)))
    >>> def at(month, day):
    ...     return dt.datetime(2026, month, day, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e7", manager_id="m2",
    ...     period=Period.annual(2026), by=hr, at=at(1, 5), check_in_every_days=30)
    >>> goal = Goal(id="g1", title="Renewals", weight=100,
    ...             measure=YesNoMeasure(question="Renewed?"))
    >>> growth = Objective(id="company/growth", title="Grow", level=ObjectiveLevel.COMPANY,
    ...                    period=Period.annual(2026))
    >>> cycle = cycle.propose_goal(goal, by=mgr, at=at(1, 6))
    >>> cycle = cycle.align_goal("g1", growth, by=mgr, at=at(1, 6))
    >>> cycle = cycle.agree_goals(by=emp, at=at(1, 7))
    >>> cycle = cycle.advance(by=mgr, at=at(1, 12))
    >>> for n, (month, day) in enumerate([(2, 9), (3, 9)]):
    ...     cycle = cycle.record_check_in(CheckIn(id=f"ci{n}", kind=CheckInKind.ONE_ON_ONE,
    ...         held_on=dt.date(2026, month, day), summary="1:1"), by=mgr, at=at(month, day))
    >>> m = check_in_compliance([cycle], as_of=dt.date(2026, 5, 20))[0]
    >>> m.numerator, m.denominator, m.value
    (2, 4, 0.5)
    """
    return _metrics_of(_counted_check_in_compliance(cycles, as_of=as_of, period=period, by=by))


def _counted_check_in_compliance(
    cycles: Iterable[Cycle],
    *,
    as_of: dt.date,
    period: PeriodLike | None = None,
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`check_in_compliance`."""
    today = _date("as_of", as_of)
    window = _optional_window(period)
    _check_by(by, Cycle)
    context = AuditContext(as_of=_end_of(today))
    tallies: dict[str, list[int]] = {ALL: [0, 0]} if by is None else {}
    ordered = _cycles(cycles)
    for cycle in ordered:
        counted = _check_in_tally(cycle, context, window)
        if counted is None:
            continue
        tally = tallies.setdefault(_cycle_group(cycle, by), [0, 0])
        tally[0] += counted[0]
        tally[1] += counted[1]
    span = (None, today) if window is None else window
    return _Counted(
        name="check_in_compliance",
        formula="(kept + late) ÷ (kept + late + missed) check-ins due during implementation,"
        " on each cycle's check_in_every_days cadence",
        window=span,
        why_none="no check-in has fallen due",
        halved=False,
        tallies={g: (t[0], t[1]) for g, t in tallies.items()},
        ids=tuple(c.id for c in ordered),
        of="cycle",
    )


def _agreed_by_employee(cycle: Cycle) -> int:
    """How many active goals stand agreed by the cycle's own employee."""
    agreed_by: dict[str, str] = {}
    for event in cycle.events_of(e.GoalsAgreed):
        assert isinstance(event, e.GoalsAgreed)  # noqa: S101 - narrowed by events_of
        for goal_id in event.goal_ids:
            agreed_by[goal_id] = event.actor.person_id
    return sum(
        1
        for goal in cycle.active_goals
        if goal.id in cycle.agreed_goal_ids and agreed_by.get(goal.id) == cycle.employee_id
    )


def goal_agreement_rate(
    cycles: Iterable[Cycle],
    *,
    as_of: dt.date | None = None,
    period: PeriodLike | None = None,
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Goal agreement = active goals the employee agreed ÷ active goals, over cycles.

    ``active goals agreed by the employee ÷ active goals``, summed over the
    cycles past goal setting (in implementation, appraisal, improvement or
    closed; cancelled cycles do not count), and with ``period``, only cycles
    whose period overlaps it. With ``as_of``, each cycle is read as it stood
    at the end of that day (UTC); without it, as given.

    A goal counts as agreed when it stands agreed in its current version and
    the agreement was recorded by the cycle's employee, not by someone on
    their behalf (the ``goal_imposed`` audit rule's test); a goal revised and
    awaiting agreement again does not count. ``by`` groups cycles as in
    :func:`check_in_compliance`.

    >>> from perfcore import Actor, Goal, Objective, ObjectiveLevel, Role, YesNoMeasure
    >>> hr, mgr, emp = (Actor(person_id=p, role=r) for p, r in
    ...                 (("hr", Role.HR), ("m2", Role.MANAGER), ("e7", Role.EMPLOYEE)))
    >>> def at(month, day):
    ...     return dt.datetime(2026, month, day, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e7", manager_id="m2",
    ...                     period=Period.annual(2026), by=hr, at=at(1, 5))
    >>> for n, weight in ((1, 60), (2, 40)):
    ...     goal = Goal(id=f"g{n}", title=f"Goal {n}", weight=weight, parent_id="company/x",
    ...                 measure=YesNoMeasure(question="Done?"))
    ...     cycle = cycle.propose_goal(goal, by=mgr, at=at(1, 6))
    ...     x = Objective(id="company/x", title="X", level=ObjectiveLevel.COMPANY,
    ...                   period=Period.annual(2026))
    ...     cycle = cycle.align_goal(f"g{n}", x, by=mgr, at=at(1, 6))
    >>> cycle = cycle.agree_goals(by=emp, at=at(1, 7)).advance(by=mgr, at=at(1, 12))
    >>> revised = Goal(id="g2", title="Goal 2, narrowed", weight=40, parent_id="company/x",
    ...                measure=YesNoMeasure(question="Done?"))
    >>> cycle = cycle.revise_goal(revised, reason="Scope cut by the board", by=mgr,
    ...                           at=at(3, 1))
    >>> m = goal_agreement_rate([cycle])[0]
    >>> m.numerator, m.denominator, m.value
    (1, 2, 0.5)
    """
    return _metrics_of(_counted_goal_agreement_rate(cycles, as_of=as_of, period=period, by=by))


def _counted_goal_agreement_rate(
    cycles: Iterable[Cycle],
    *,
    as_of: dt.date | None = None,
    period: PeriodLike | None = None,
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`goal_agreement_rate`."""
    moment = None if as_of is None else _end_of(_date("as_of", as_of))
    window = _optional_window(period)
    _check_by(by, Cycle)
    tallies: dict[str, list[int]] = {ALL: [0, 0]} if by is None else {}
    ordered = _cycles(cycles)
    for given in ordered:
        cycle = given if moment is None else as_it_stood(given, moment)
        if cycle is None or cycle.phase in {Phase.CANCELLED, Phase.GOAL_SETTING}:
            continue
        if window is not None and not (
            cycle.period.start <= window[1] and window[0] <= cycle.period.end
        ):
            continue
        tally = tallies.setdefault(_cycle_group(cycle, by), [0, 0])
        tally[0] += _agreed_by_employee(cycle)
        tally[1] += len(cycle.active_goals)
    span = (None, as_of) if window is None else window
    return _Counted(
        name="goal_agreement_rate",
        formula="active goals agreed by the employee ÷ active goals, in cycles past goal setting",
        window=span,
        why_none="no active goals in cycles past goal setting",
        halved=False,
        tallies={g: (t[0], t[1]) for g, t in tallies.items()},
        ids=tuple(c.id for c in ordered),
        of="cycle",
    )
