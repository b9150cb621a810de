"""Retention rates: of everyone, of high performers, of high potentials.

Public through :mod:`perfcore.analytics.talent` (:func:`retention_rate`,
:func:`high_performer_retention`, :func:`high_potential_retention`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from perfcore import _validators as v
from perfcore.analytics._talent_common import (
    ALL,
    Metric,
    PeriodLike,
    _check_by,
    _Counted,
    _items,
    _metrics_of,
    _named,
    _window,
)
from perfcore.analytics._talent_history import _history, _Person
from perfcore.analytics.records import (
    EmploymentEvent,
    EmploymentEventKind,
    GroupKey,
    TalentRecord,
    group_of,
)
from perfcore.errors import Problem, ValidationError
from perfcore.periods import Period  # noqa: F401 - the doctests read it

_RETAINED = "retained = employed at start with no exit from start to end"

_NOBODY_AT_START = "no one was employed at the period's start"


def _retention(  # noqa: PLR0913 - one metric's whole definition
    name: str,
    formula: str,
    *,
    people: list[_Person],
    window: tuple[dt.date, dt.date],
    by: GroupKey,
    cohort: Callable[[_Person], str | None],
    also: frozenset[str] = frozenset(),
) -> _Counted:
    """Retained ÷ cohort per group, as counts; ``cohort(person)`` is a group, or ``None``.

    ``also``: more people read (those with talent records), for the ids.
    """
    start, end = window
    tallies: dict[str, list[int]] = {ALL: [0, 0]} if by is None else {}
    for person in people:
        if not person.employed(start):
            continue
        group = cohort(person)
        if group is None:
            continue
        tally = tallies.setdefault(group, [0, 0])
        tally[0] += 1
        tally[1] += not person.during(EmploymentEventKind.EXIT, start, end)
    return _Counted(
        name=name,
        formula=formula,
        window=window,
        why_none=_NOBODY_AT_START,
        halved=False,
        tallies={g: (t[1], t[0]) for g, t in tallies.items()},
        ids=tuple(sorted(also.union(p.id for p in people))),
        of="employee",
    )


def retention_rate(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Retention = employees at the start still employed at the end ÷ headcount at start.

    ``retained ÷ headcount at start``, where *retained* = employed on the
    period's first day with no exit from the first day to the last (an exit
    on the last day is a separation, so not retained). People hired during
    the period are in neither number.

    >>> events = [
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 5, 31), voluntary=True),
    ...     EmploymentEvent(employee_id="eve", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2026, 3, 1))]
    >>> m = retention_rate(events, Period.annual(2026), roster=["ann", "bo", "cy", "di"])[0]
    >>> m.group, m.numerator, m.denominator, m.value
    ('all', 3, 4, 0.75)
    """
    return _metrics_of(_counted_retention_rate(events, period, roster=roster, by=by))


def _counted_retention_rate(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`retention_rate`."""
    window = _window(period)
    _check_by(by, EmploymentEvent)
    people = _history(events, roster)
    return _retention(
        "retention_rate",
        f"retained ÷ headcount at start; {_RETAINED}",
        people=people,
        window=window,
        by=by,
        cohort=lambda p: p.group(by, window[1]),
    )


def _fraction(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if 0 <= number <= 1 else None


def _band(top: object) -> tuple[float, float]:
    """``top`` as ``(low, high)``: a number in (0, 1] means ``(top, 1)``."""
    if not isinstance(top, tuple):
        low = _fraction(top)
        if low is None or low == 0:
            raise ValidationError.single(
                "top", f"must be a number above 0 and at most 1, got {v.describe(top)}"
            )
        return low, 1.0
    bounds = [_fraction(x) for x in top]
    low_high = [b for b in bounds if b is not None]
    if len(top) != 2 or len(low_high) != 2 or low_high[0] > low_high[1]:
        raise ValidationError.single(
            "top",
            f"a band must be a (low, high) pair with 0 ≤ low ≤ high ≤ 1, got {v.describe(top)}",
        )
    return low_high[0], low_high[1]


def _standing(talent: object, on: dt.date) -> dict[str, TalentRecord]:
    """Each person's talent record as of ``on``: the latest dated on or before it, else undated."""
    records = _items("talent", talent, TalentRecord)
    best: dict[str, tuple[tuple[int, dt.date], int]] = {}
    clashes: dict[tuple[str, tuple[int, dt.date]], tuple[int, int]] = {}
    for index, record in enumerate(records):
        if record.as_of is not None and record.as_of > on:
            continue
        key = (0, dt.date.min) if record.as_of is None else (1, record.as_of)
        found = best.get(record.employee_id)
        if found is None or key > found[0]:
            best[record.employee_id] = (key, index)
        elif key == found[0] and record != records[found[1]]:
            clashes.setdefault((record.employee_id, key), (found[1], index))
    problems = []
    for (person, key), (first, second) in sorted(clashes.items(), key=lambda c: c[1]):
        if best[person][0] == key:
            when = "undated" if key[0] == 0 else f"as of {key[1]}"
            problems.append(
                Problem(
                    path=f"talent[{second}]",
                    message=f"contradicts talent[{first}]: two different {when} records"
                    f" for {person!r}",
                )
            )
    if problems:
        raise ValidationError(problems)
    return {person: records[index] for person, (_, index) in best.items()}


def _talent_retention(  # noqa: PLR0913 - one metric's whole definition
    name: str,
    cohort_text: str,
    *,
    events: object,
    talent: object,
    period: object,
    roster: object,
    by: GroupKey,
    chosen: Callable[[TalentRecord], bool],
) -> _Counted:
    window = _window(period)
    _check_by(by, TalentRecord)
    people = _history(events, roster)
    standing = _standing(talent, window[0])

    def cohort(person: _Person) -> str | None:
        record = standing.get(person.id)
        if record is None or not chosen(record):
            return None
        return _named(group_of(record, by))

    return _retention(
        name,
        f"retained ÷ cohort; cohort = employed at start and {cohort_text}; {_RETAINED}",
        people=people,
        window=window,
        by=by,
        cohort=cohort,
        also=frozenset(standing),
    )


def high_performer_retention(  # noqa: PLR0913 - the metric's options
    events: Iterable[EmploymentEvent],
    talent: Iterable[TalentRecord],
    period: PeriodLike,
    *,
    top: float | tuple[float, float] = 0.8,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Retention of the cohort rated in the top band at the period's start.

    ``retained ÷ cohort``: the cohort is everyone employed at the start whose
    talent record as of the start has ``performance ≥ top`` (``top`` in
    (0, 1]), or, with ``top=(low, high)``, ``low ≤ performance ≤ high``.
    A person's record as of the start is their latest dated on or before it,
    else their undated one; unknown performance is in no band. ``by`` groups
    by the talent record (``"department"``, a mapping, or a function of a
    :class:`~perfcore.analytics.records.TalentRecord`).

    >>> exit_ = EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                         on=dt.date(2026, 5, 31), voluntary=True, regretted=True)
    >>> talent = [TalentRecord(employee_id="ann", performance=0.9),
    ...           TalentRecord(employee_id="bo", performance=0.85),
    ...           TalentRecord(employee_id="cy", performance=0.5)]
    >>> m = high_performer_retention([exit_], talent, Period.annual(2026),
    ...                              roster=["ann", "bo", "cy"])[0]
    >>> m.numerator, m.denominator, m.value
    (1, 2, 0.5)
    >>> m.formula
    'retained ÷ cohort; cohort = employed at start and performance ≥ 0.8 as of start; retained = employed at start with no exit from start to end'
    """  # noqa: E501 - the doctest output is one long line
    return _metrics_of(
        _counted_high_performer_retention(events, talent, period, top=top, roster=roster, by=by)
    )


def _counted_high_performer_retention(  # noqa: PLR0913 - the metric's options
    events: Iterable[EmploymentEvent],
    talent: Iterable[TalentRecord],
    period: PeriodLike,
    *,
    top: float | tuple[float, float] = 0.8,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`high_performer_retention`."""
    low, high = _band(top)
    text = f"performance ≥ {low:g}" if high == 1 else f"{low:g} ≤ performance ≤ {high:g}"
    return _talent_retention(
        "high_performer_retention",
        f"{text} as of start",
        events=events,
        talent=talent,
        period=period,
        roster=roster,
        by=by,
        chosen=lambda r: r.performance is not None and low <= r.performance <= high,
    )


def high_potential_retention(
    events: Iterable[EmploymentEvent],
    talent: Iterable[TalentRecord],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Retention of the people flagged high potential at the period's start.

    ``retained ÷ cohort``: the cohort is everyone employed at the start whose
    talent record as of the start (as in :func:`high_performer_retention`)
    has ``high_potential``.

    >>> exit_ = EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                         on=dt.date(2026, 5, 31), voluntary=True, regretted=True)
    >>> talent = [TalentRecord(employee_id=who, high_potential=True) for who in ("ann", "bo")]
    >>> high_potential_retention([exit_], talent, Period.annual(2026),
    ...                          roster=["ann", "bo", "cy"])[0].value
    0.5
    """
    return _metrics_of(
        _counted_high_potential_retention(events, talent, period, roster=roster, by=by)
    )


def _counted_high_potential_retention(
    events: Iterable[EmploymentEvent],
    talent: Iterable[TalentRecord],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`high_potential_retention`."""
    return _talent_retention(
        "high_potential_retention",
        "high potential as of start",
        events=events,
        talent=talent,
        period=period,
        roster=roster,
        by=by,
        chosen=lambda r: r.high_potential,
    )
