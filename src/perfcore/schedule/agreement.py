"""The manager's side of performance management: an explicit, auditable agreement.

Employees agree objectives; managers agree commitments too. A
:class:`ManagerAgreement` records, for one manager and one period, the cadence of
1:1s and check-ins they keep with each team member, the dates by which their
cycles leave each phase, the team it covers and free-text commitments such as a
consistent review with the team rubric, plus who agreed it and when. Checking
the 1:1 cadence against the meetings actually held is :meth:`ManagerAgreement.schedule`.

>>> import datetime as dt
>>> from perfcore.phases import Phase
>>> from perfcore.periods import Period
>>> from perfcore.cadence import Cadence
>>> agreement = ManagerAgreement(
...     id="ma-2026-m1", manager_id="m1", period=Period.annual(2026),
...     one_on_ones=Cadence.every_two_weeks(weekday=0, grace_days=3),
...     review_deadlines=(ReviewDeadline(phase=Phase.GOAL_SETTING, by=dt.date(2026, 1, 31)),
...                       ReviewDeadline(phase=Phase.APPRAISAL, by=dt.date(2026, 12, 15))),
...     team=("e1", "e2"), commitments=("Consistent review with the team rubric",),
...     agreed_on=dt.date(2026, 1, 5), agreed_with="hr1")
>>> agreement.deadline_for(Phase.APPRAISAL), agreement.deadline_for(Phase.IMPROVEMENT)
(datetime.date(2026, 12, 15), None)
>>> agreement.covers("e1"), agreement.covers("e3"), agreement.covers("m1")
(True, False, False)
>>> report = agreement.schedule(start=dt.date(2026, 1, 5), end=dt.date(2026, 2, 1),
...     held=[dt.date(2026, 1, 5), dt.date(2026, 1, 22)], as_of=dt.date(2026, 2, 1))
>>> [(o.due.isoformat(), o.status.value) for o in report.occurrences]
[('2026-01-05', 'kept'), ('2026-01-19', 'kept')]
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.cadence import Cadence, CadenceReport, check_schedule
from perfcore.cycle import DEFAULT_SETTINGS, CycleSettings
from perfcore.errors import ValidationError
from perfcore.periods import Period
from perfcore.phases import OPEN_PHASES, Phase

__all__ = ["ManagerAgreement", "ReviewDeadline"]


def _open_phase(inst: ReviewDeadline, attr: attrs.Attribute[Any], value: Phase) -> None:
    if value not in OPEN_PHASES:
        allowed = ", ".join(p.value for p in Phase if p in OPEN_PHASES)
        v.fail(inst, attr, f"must be an open phase ({allowed}), got {value.value!r}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReviewDeadline:
    """The manager's cycles leave ``phase`` by ``by`` (included).

    >>> ReviewDeadline(phase=Phase.APPRAISAL, by=dt.date(2026, 12, 15),
    ...                description="Appraisals agreed and acknowledged").phase.value
    'appraisal'
    >>> ReviewDeadline(phase=Phase.CLOSED, by=dt.date(2026, 12, 15))
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: ReviewDeadline.phase: must be an open phase (goal_setting, implementation, appraisal, improvement), got 'closed'
    """  # noqa: E501 - the doctest output is one long line

    phase: Phase = attrs.field(validator=[v.member(Phase), _open_phase])
    by: dt.date = attrs.field(validator=v.date())
    description: str = attrs.field(default="", validator=v.text(allow_empty=True))


def _check_deadlines(
    inst: ManagerAgreement, attr: attrs.Attribute[Any], value: tuple[ReviewDeadline, ...]
) -> None:
    phases = [d.phase for d in value]
    repeated = sorted({p.value for p in phases if phases.count(p) > 1})
    if repeated:
        v.fail(
            inst, attr, f"must set at most one deadline per phase, repeated: {', '.join(repeated)}"
        )
    path = f"{type(inst).__name__}.{attr.name}"
    start = inst.period.start if isinstance(inst.period, Period) else None
    for index, deadline in enumerate(value):
        if start is not None and deadline.by < start:
            raise ValidationError.single(
                f"{path}[{index}].by",
                f"must be on or after the period start {start}, got {deadline.by}",
            )
    ordered = sorted(value, key=lambda d: d.phase.rank)
    for earlier, later in itertools.pairwise(ordered):
        if later.by < earlier.by:
            v.fail(
                inst,
                attr,
                f"{later.phase.value} by {later.by} must not come before "
                f"{earlier.phase.value} by {earlier.by}",
            )


def _manager_not_in_team(
    inst: ManagerAgreement, attr: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    if inst.manager_id in value:
        v.fail(inst, attr, f"must not include the manager {inst.manager_id!r}")


def _not_the_manager(inst: ManagerAgreement, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and value == inst.manager_id:
        v.fail(inst, attr, "must be someone other than the manager (e.g. HR)")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ManagerAgreement:
    """One manager's commitments for one period: 1:1 cadence, review deadlines, team.

    ``team`` lists the employees it covers (empty: every employee the manager has
    in the period); ``agreed_with`` is the person the manager agreed it with, e.g. HR.

    >>> ManagerAgreement(id="ma1", manager_id="m1", period=Period.quarter(2026, 1),
    ...                  one_on_ones=Cadence.weekly()).covers("anyone")
    True
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    period: Period = attrs.field(validator=v.instance(Period))
    one_on_ones: Cadence = attrs.field(validator=v.instance(Cadence))
    """The cadence of 1:1s and check-ins with each team member."""
    review_deadlines: tuple[ReviewDeadline, ...] = attrs.field(
        default=(), validator=[v.tuple_of(ReviewDeadline), _check_deadlines]
    )
    """At most one per open phase, on or after the period start, in phase order."""
    team: tuple[str, ...] = attrs.field(
        default=(),
        validator=[v.tuple_of(v.text(max_length=200), unique=True), _manager_not_in_team],
    )
    commitments: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(), unique=True)
    )
    """Free-text commitments, e.g. "Consistent review with the team rubric"."""
    agreed_on: dt.date | None = attrs.field(default=None, validator=v.date(optional=True))
    agreed_with: str | None = attrs.field(
        default=None, validator=[v.optional_text(), _not_the_manager]
    )

    def deadline_for(self, phase: Phase) -> dt.date | None:
        """The date by which the manager's cycles leave ``phase``; ``None`` if none is agreed."""
        if not isinstance(phase, Phase):
            raise ValidationError.single("phase", f"must be a Phase, got {v.describe(phase)}")
        return next((d.by for d in self.review_deadlines if d.phase is phase), None)

    def covers(self, employee_id: str) -> bool:
        """Whether the agreement covers ``employee_id`` (never the manager)."""
        if not isinstance(employee_id, str):
            raise ValidationError.single(
                "employee_id", f"must be a string, got {v.describe(employee_id)}"
            )
        if employee_id == self.manager_id:
            return False
        return not self.team or employee_id in self.team

    def cycle_settings(self, base: CycleSettings = DEFAULT_SETTINGS) -> CycleSettings:
        """``base`` with this agreement's 1:1 cadence: the settings to start a covered cycle with.

        A cycle records its agreed cadence when it starts, so its guard and the
        audit judge its check-ins by the same rule:

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> agreement = ManagerAgreement(id="m2-2026", manager_id="m2",
        ...     period=Period.annual(2026), one_on_ones=Cadence.monthly(day=20))
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...     period=Period.annual(2026), by=Actor(person_id="hr-1", role=Role.HR),
        ...     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), settings=agreement.cycle_settings())
        >>> cycle.check_in_cadence.describe()
        'monthly on day 20'
        """
        v.require(base, CycleSettings, "base")
        return attrs.evolve(base, cadence=self.one_on_ones)

    def schedule(
        self,
        *,
        held: Iterable[dt.date],
        as_of: dt.date,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> CadenceReport:
        """Check the 1:1 cadence over ``[start, end]`` (default: the period) with one person.

        ``held`` are the days 1:1s or check-ins with that person took place; see
        :func:`~perfcore.cadence.check_schedule`.
        """
        return check_schedule(
            self.one_on_ones,
            start=self.period.start if start is None else start,
            end=self.period.end if end is None else end,
            held=held,
            as_of=as_of,
        )
