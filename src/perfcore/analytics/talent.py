"""Talent metrics: retention, turnover, promotion, training, cadence and agreement rates.

Each metric follows the SHRM / ISO 30414 conventions and returns one
:class:`Metric` per group: its value with the numerator, the denominator, the
period and the formula it came from, so a reader can redo the arithmetic.

Who is employed. A person is employed on day ``d`` when a hire on or before
``d`` started an employment that no exit before ``d`` ended. An exit on day
``x`` is the person's last day: they are employed through ``x`` and count in
the headcount on ``x``. ``roster`` lists people employed before their first
event, for data without hire events (say, everyone on the books at the
period's start); their events then apply on top. On one day a hire comes
first and an exit last, so someone hired and gone on the same day was employed
that day. A second hire while employed changes nothing; an exit, promotion or
training outside any employment is an error (:class:`~perfcore.ValidationError`
naming the event), never silently dropped.

Periods. Metrics take a :class:`~perfcore.periods.Period` or a ``(start, end)``
pair of dates, both days included. Separations, promotions and training count
when they fall on a day from ``start`` to ``end``. *Average headcount* is
``(headcount on start + headcount on end) / 2``. A person hired on ``start``
is in the starting headcount; a person whose exit falls on ``end`` is in the
ending headcount and is also a separation of the period, so not retained.

Groups. ``by`` (see :data:`~perfcore.analytics.records.GroupKey`) puts each
person in one group: for events, the group of their latest event up to the
period's end that has one (failing that, of their earliest later event); for
a person known only from ``roster``, a mapping's entry. A person with no group
(or a blank one) is reported under :data:`NO_GROUP` (``"(none)"``), never dropped. With
``by=None`` the result is one metric for the group ``"all"``, even when
nobody is counted; otherwise one per group that has anyone counted, sorted by
name with :data:`NO_GROUP` last. Group numerators and denominators add up to
the whole's.

A metric whose denominator is 0 has ``value=None`` and a ``reason``. Rates over
average headcount can exceed 1 when people come and go within the period;
retention, compliance and agreement rates lie in [0, 1].

>>> hired = EmploymentEvent(employee_id="eve", kind=EmploymentEventKind.HIRE,
...                         on=dt.date(2026, 4, 1))
>>> left = EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
...                        on=dt.date(2026, 6, 30), voluntary=True)
>>> year, roster = Period.annual(2026), ["ann", "bo", "cy", "di"]
>>> rate = turnover([hired, left], year, roster=roster)[0]
>>> rate.numerator, rate.denominator, rate.value
(1, 4.0, 0.25)
>>> rate.formula
'separations from start to end ÷ average headcount; average headcount = (headcount at start + headcount at end) / 2'
>>> retention_rate([hired, left], year, roster=roster)[0].value
0.75
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from perfcore import _validators as v
from perfcore.analytics.records import (
    EmploymentEvent,
    EmploymentEventKind,
    GroupKey,
    TalentRecord,
    group_of,
)
from perfcore.cycle import Cycle, Phase
from perfcore.cycle import events as e
from perfcore.errors import Problem, ValidationError
from perfcore.oversight import AuditContext, as_it_stood, check_in_schedule
from perfcore.periods import Period
from perfcore.schedule import OccurrenceStatus

__all__ = [
    "ALL",
    "NO_GROUP",
    "Metric",
    "PeriodLike",
    "check_in_compliance",
    "employed_on",
    "goal_agreement_rate",
    "headcount",
    "high_performer_retention",
    "high_potential_retention",
    "promotion_rate",
    "regretted_attrition",
    "retention_rate",
    "training_participation",
    "turnover",
]

ALL = "all"
"""The group of every metric computed with ``by=None``."""
NO_GROUP = "(none)"
"""The group of people (or cycles) ``by`` gives no group to."""

PeriodLike = Period | tuple[dt.date, dt.date]
"""A :class:`~perfcore.periods.Period`, or a ``(start, end)`` pair of dates (both included)."""

_AVERAGE = "average headcount = (headcount at start + headcount at end) / 2"
_RETAINED = "retained = employed at start with no exit from start to end"
_RANK = {
    EmploymentEventKind.HIRE: 0,
    EmploymentEventKind.PROMOTION: 1,
    EmploymentEventKind.TRAINING: 1,
    EmploymentEventKind.EXIT: 2,
}
"""Order of events on one day: hires first, exits last."""
_NOBODY_AVERAGE = "no one was employed at the period's start or end (average headcount 0)"
_NOBODY_AT_START = "no one was employed at the period's start"

R = TypeVar("R")


# --- the result record --------------------------------------------------------------------


def _check_end(inst: Metric, attr: attrs.Attribute[Any], value: dt.date | None) -> None:
    v.date(optional=True)(inst, attr, value)
    start = inst.start
    if isinstance(start, dt.date) and value is not None and value < start:
        v.fail(inst, attr, f"must be on or after start {start}, got {value}")


def _check_value(inst: Metric, attr: attrs.Attribute[Any], value: float | None) -> None:
    v.number(minimum=0, optional=True)(inst, attr, value)
    denominator = inst.denominator
    if isinstance(denominator, int | float) and not isinstance(denominator, bool):
        if denominator == 0 and value is not None:
            v.fail(inst, attr, "must be None when the denominator is 0")
        if denominator != 0 and value is None:
            v.fail(inst, attr, f"is required when the denominator is {denominator:g}")


def _check_reason(inst: Metric, attr: attrs.Attribute[Any], value: str | None) -> None:
    v.optional_text()(inst, attr, value)
    if inst.value is None and value is None:
        v.fail(inst, attr, "is required when there is no value: say why")
    if inst.value is not None and value is not None:
        v.fail(inst, attr, "must be empty when there is a value")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Metric:
    """One talent metric for one group over one period, with its arithmetic.

    ``value = numerator / denominator``, or ``None`` (with a ``reason``) when
    the denominator is 0. ``start`` and ``end`` bound the days the metric
    covers (``None`` when it is not limited on that side); ``formula`` says
    exactly what was counted.

    >>> m = Metric(name="retention_rate", group="sales", value=0.75, numerator=3,
    ...            denominator=4, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
    ...            formula="retained ÷ headcount at start")
    >>> m.as_record()["value"], m.as_record()["start"]
    (0.75, '2026-01-01')
    >>> Metric(name="retention_rate", group="ops", value=None, numerator=0, denominator=0,
    ...        start=None, end=None, formula="retained ÷ headcount at start").reason
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: Metric.reason: is required when there is no value: say why
    """

    name: str = attrs.field(validator=v.identifier())
    group: str = attrs.field(validator=v.text(max_length=1000))
    numerator: int = attrs.field(validator=v.integer(minimum=0))
    denominator: float = attrs.field(validator=v.number(minimum=0))
    value: float | None = attrs.field(validator=_check_value)
    start: dt.date | None = attrs.field(validator=v.date(optional=True))
    end: dt.date | None = attrs.field(validator=_check_end)
    formula: str = attrs.field(validator=v.text(max_length=1000))
    reason: str | None = attrs.field(default=None, validator=_check_reason)

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names.

        Keys: ``name``, ``group``, ``value``, ``numerator``, ``denominator``,
        ``start``, ``end`` (ISO dates or ``None``), ``formula``, ``reason``.
        """
        return {
            "name": self.name,
            "group": self.group,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "formula": self.formula,
            "reason": self.reason,
        }


def _metric(  # noqa: PLR0913 - the fields of one record
    name: str,
    group: str,
    *,
    numerator: int,
    denominator: float,
    window: tuple[dt.date | None, dt.date | None],
    formula: str,
    why_none: str,
) -> Metric:
    empty = denominator == 0
    return Metric(
        name=name,
        group=group,
        numerator=numerator,
        denominator=denominator,
        value=None if empty else numerator / denominator,
        start=window[0],
        end=window[1],
        formula=formula,
        reason=why_none if empty else None,
    )


def _named(group: str | None) -> str:
    """A group name, :data:`NO_GROUP` for none (or a blank one)."""
    return NO_GROUP if group is None or not group.strip() else group


def _ordered(groups: Iterable[str]) -> list[str]:
    """Groups by name, :data:`NO_GROUP` last."""
    return sorted(groups, key=lambda g: (g == NO_GROUP, g))


# --- arguments ----------------------------------------------------------------------------


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _date(name: str, value: object) -> dt.date:
    if not _is_date(value):
        raise ValidationError.single(name, f"must be a date, got {v.describe(value)}")
    assert isinstance(value, dt.date)  # noqa: S101 - checked just above
    return value


def _window(period: object) -> tuple[dt.date, dt.date]:
    if isinstance(period, Period):
        return period.start, period.end
    if isinstance(period, tuple) and len(period) == 2 and all(_is_date(d) for d in period):
        start, end = period
        if end < start:
            raise ValidationError.single(
                "period", f"must end on or after its start {start}, got {end}"
            )
        return start, end
    raise ValidationError.single(
        "period", f"must be a Period or a (start, end) pair of dates, got {v.describe(period)}"
    )


def _optional_window(period: object) -> tuple[dt.date, dt.date] | None:
    return None if period is None else _window(period)


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"


def _items(name: str, value: object, cls: type[R]) -> list[R]:
    """``value`` as a list of ``cls``; every bad item reported at ``name[index]``."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError.single(
            name, f"must be an iterable of {cls.__name__}, got {v.describe(value)}"
        )
    items = list(value)
    problems = [
        Problem(path=f"{name}[{index}]", message=f"must be {_a(cls.__name__)}, got {v.describe(x)}")
        for index, x in enumerate(items)
        if not isinstance(x, cls)
    ]
    if problems:
        raise ValidationError(problems)
    return items


def _roster(roster: object) -> frozenset[str]:
    if isinstance(roster, str | bytes | Mapping) or not isinstance(roster, Iterable):
        raise ValidationError.single(
            "roster", f"must be an iterable of employee ids, got {v.describe(roster)}"
        )
    names = list(roster)
    problems = [
        Problem(path=f"roster[{index}]", message=f"must be an employee id, got {v.describe(x)}")
        for index, x in enumerate(names)
        if not isinstance(x, str) or not x.strip()
    ]
    if problems:
        raise ValidationError(problems)
    return frozenset(names)


def _check_by(by: object, record: type) -> None:
    """``by`` is a :data:`GroupKey` that can group ``record`` values."""
    if by is None or (callable(by) and not isinstance(by, Mapping)):
        return
    if isinstance(by, str):
        if by not in attrs.fields_dict(record):
            raise ValidationError.single("by", f"{record.__name__} has no field {by!r} to group by")
        return
    if isinstance(by, Mapping):
        bad = [k for k, g in by.items() if not isinstance(k, str) or not isinstance(g, str)]
        if bad:
            raise ValidationError.single(
                "by",
                "a mapping must map employee ids to group names (strings),"
                f" got {v.describe(bad[0])} → {v.describe(by[bad[0]])}",
            )
        return
    raise ValidationError.single(
        "by", f"must be a field name, a mapping or a function, got {v.describe(by)}"
    )


def _optional_bool(name: str, value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise ValidationError.single(name, f"must be true, false or None, got {v.describe(value)}")


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


# --- employment histories -----------------------------------------------------------------


@attrs.frozen
class _Person:
    """One person's events (in day order) and employments ``(first day, last day)``.

    ``None`` as a first day means "before the records"; as a last day, "still employed".
    """

    id: str
    events: tuple[EmploymentEvent, ...]
    spells: tuple[tuple[dt.date | None, dt.date | None], ...]

    def employed(self, day: dt.date) -> bool:
        return any(
            (first is None or first <= day) and (last is None or day <= last)
            for first, last in self.spells
        )

    def during(
        self, kind: EmploymentEventKind, start: dt.date, end: dt.date
    ) -> tuple[EmploymentEvent, ...]:
        return tuple(x for x in self.events if x.kind is kind and start <= x.on <= end)

    def group(self, by: GroupKey, until: dt.date) -> str:
        if by is None:
            return ALL
        if not self.events:
            return _named(by.get(self.id) if isinstance(by, Mapping) else None)
        keyed = [
            (x.on, _RANK[x.kind], group)
            for x in self.events
            if (group := _named(group_of(x, by))) != NO_GROUP
        ]
        earlier = [k for k in keyed if k[0] <= until]
        if earlier:
            return max(earlier)[2]
        return min(keyed)[2] if keyed else NO_GROUP


def _outside(event: EmploymentEvent, last_exit: dt.date | None) -> str:
    what = f"{event.kind.value} of {event.employee_id!r} on {event.on}"
    if last_exit is not None:
        return f"{what} falls outside their employment: they left on {last_exit}"
    return f"{what} falls outside any employment: no hire on or before it, and not in the roster"


def _history(events: object, roster: object) -> list[_Person]:
    """Everyone in ``events`` or ``roster``, by id, with their employments."""
    items = _items("events", events, EmploymentEvent)
    listed = _roster(roster)
    timelines: dict[str, list[tuple[int, EmploymentEvent]]] = {}
    for index, event in enumerate(items):
        timelines.setdefault(event.employee_id, []).append((index, event))
    problems: list[tuple[int, Problem]] = []
    people = []
    for person in sorted(set(timelines) | listed):
        timeline = sorted(
            timelines.get(person, []), key=lambda pair: (pair[1].on, _RANK[pair[1].kind], pair[0])
        )
        employed, since, last_exit = person in listed, None, None
        spells: list[tuple[dt.date | None, dt.date | None]] = []
        for index, event in timeline:
            if event.kind is EmploymentEventKind.HIRE:
                if not employed:
                    employed, since = True, event.on
            elif not employed:
                problems.append(
                    (index, Problem(path=f"events[{index}]", message=_outside(event, last_exit)))
                )
            elif event.kind is EmploymentEventKind.EXIT:
                spells.append((since, event.on))
                employed, last_exit = False, event.on
        if employed:
            spells.append((since, None))
        events_in_order = tuple(event for _, event in timeline)
        people.append(_Person(id=person, events=events_in_order, spells=tuple(spells)))
    if problems:
        raise ValidationError(problem for _, problem in sorted(problems, key=lambda p: p[0]))
    return people


def employed_on(
    events: Iterable[EmploymentEvent], *, on: dt.date, roster: Iterable[str] = ()
) -> tuple[str, ...]:
    """The ids of the people employed on day ``on``, sorted.

    Employed: hired on or before ``on`` (or in ``roster``, employed before
    their first event) and not gone by then; an exit on ``on`` is the last
    day, so that person is still employed on ``on``.

    >>> events = [
    ...     EmploymentEvent(employee_id="eve", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2026, 4, 1)),
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 6, 30), voluntary=False)]
    >>> employed_on(events, on=dt.date(2026, 6, 30), roster=["ann", "bo"])
    ('ann', 'bo', 'eve')
    >>> employed_on(events, on=dt.date(2026, 7, 1), roster=["ann", "bo"])
    ('ann', 'eve')
    """
    day = _date("on", on)
    return tuple(p.id for p in _history(events, roster) if p.employed(day))


def headcount(
    events: Iterable[EmploymentEvent],
    *,
    on: dt.date,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> dict[str, int]:
    """How many people are employed on day ``on``, per group (see :func:`employed_on`).

    Keys are ordered like metric groups: ``{"all": n}`` when ``by`` is
    ``None``, else by name with :data:`NO_GROUP` last; a person's group is
    that of their latest event up to ``on`` that has one.

    >>> events = [
    ...     EmploymentEvent(employee_id="ann", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2024, 2, 1), department="sales"),
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2025, 5, 1), department="ops"),
    ...     EmploymentEvent(employee_id="cy", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2026, 8, 1), department="ops")]
    >>> headcount(events, on=dt.date(2026, 1, 1))
    {'all': 2}
    >>> headcount(events, on=dt.date(2026, 1, 1), roster=["di"], by="department")
    {'ops': 1, 'sales': 1, '(none)': 1}
    """
    day = _date("on", on)
    _check_by(by, EmploymentEvent)
    counts: dict[str, int] = {ALL: 0} if by is None else {}
    for person in _history(events, roster):
        if person.employed(day):
            group = person.group(by, day)
            counts[group] = counts.get(group, 0) + 1
    return {group: counts[group] for group in _ordered(counts)}


# --- metrics over employment events -------------------------------------------------------


def _over_average_headcount(  # noqa: PLR0913 - one metric's whole definition
    name: str,
    formula: str,
    *,
    people: list[_Person],
    window: tuple[dt.date, dt.date],
    by: GroupKey,
    counted: Callable[[_Person], int],
) -> tuple[Metric, ...]:
    """``Σ counted ÷ ((headcount at start + headcount at end) / 2)`` per group."""
    start, end = window
    tallies: dict[str, list[int]] = {ALL: [0, 0, 0]} if by is None else {}
    for person in people:
        at_start, at_end, number = person.employed(start), person.employed(end), counted(person)
        if not (at_start or at_end or number):
            continue
        tally = tallies.setdefault(person.group(by, end), [0, 0, 0])
        tally[0] += at_start
        tally[1] += at_end
        tally[2] += number
    return tuple(
        _metric(
            name,
            group,
            numerator=tallies[group][2],
            denominator=(tallies[group][0] + tallies[group][1]) / 2,
            window=window,
            formula=formula,
            why_none=_NOBODY_AVERAGE,
        )
        for group in _ordered(tallies)
    )


def _retention(  # noqa: PLR0913 - one metric's whole definition
    name: str,
    formula: str,
    *,
    people: list[_Person],
    window: tuple[dt.date, dt.date],
    by: GroupKey,
    cohort: Callable[[_Person], str | None],
) -> tuple[Metric, ...]:
    """Retained ÷ cohort per group; ``cohort(person)`` is the person's group, or ``None``."""
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
    return tuple(
        _metric(
            name,
            g,
            numerator=tallies[g][1],
            denominator=tallies[g][0],
            window=window,
            formula=formula,
            why_none=_NOBODY_AT_START,
        )
        for g in _ordered(tallies)
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


def turnover(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
    voluntary: bool | None = None,
) -> tuple[Metric, ...]:
    """Turnover = separations in the period ÷ average headcount.

    ``separations from start to end ÷ ((headcount at start + headcount at end) / 2)``.
    Separations are exit events (someone who leaves twice counts twice).
    ``voluntary=True`` or ``False`` counts only voluntary or only involuntary
    exits (metric ``voluntary_turnover`` or ``involuntary_turnover``).

    >>> events = [
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 5, 31), voluntary=True),
    ...     EmploymentEvent(employee_id="cy", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 9, 30), voluntary=False)]
    >>> m = turnover(events, Period.annual(2026), roster=["ann", "bo", "cy", "di"])[0]
    >>> m.numerator, m.denominator, m.value
    (2, 3.0, 0.6666666666666666)
    >>> turnover(events, Period.annual(2026), roster=["ann", "bo", "cy", "di"],
    ...          voluntary=True)[0].value
    0.3333333333333333
    """
    window = _window(period)
    _check_by(by, EmploymentEvent)
    _optional_bool("voluntary", voluntary)
    people = _history(events, roster)
    kind = {None: "", True: "voluntary ", False: "involuntary "}[voluntary]

    def separations(person: _Person) -> int:
        exits = person.during(EmploymentEventKind.EXIT, *window)
        return sum(1 for x in exits if voluntary is None or x.voluntary is voluntary)

    return _over_average_headcount(
        f"{kind.replace(' ', '_')}turnover",
        f"{kind}separations from start to end ÷ average headcount; {_AVERAGE}",
        people=people,
        window=window,
        by=by,
        counted=separations,
    )


def regretted_attrition(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Regretted attrition = voluntary exits the organisation regrets ÷ average headcount.

    ``voluntary regretted separations from start to end ÷ average headcount``
    (``regretted`` is only allowed on voluntary exits).

    >>> events = [
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 5, 31), voluntary=True, regretted=True),
    ...     EmploymentEvent(employee_id="cy", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 9, 30), voluntary=True)]
    >>> regretted_attrition(events, Period.annual(2026), roster=["ann", "bo", "cy", "di"])[0].value
    0.3333333333333333
    """
    window = _window(period)
    _check_by(by, EmploymentEvent)
    people = _history(events, roster)
    return _over_average_headcount(
        "regretted_attrition",
        f"voluntary regretted separations from start to end ÷ average headcount; {_AVERAGE}",
        people=people,
        window=window,
        by=by,
        counted=lambda p: sum(
            1 for x in p.during(EmploymentEventKind.EXIT, *window) if x.regretted
        ),
    )


def promotion_rate(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Promotion rate = people promoted at least once in the period ÷ average headcount.

    ``people with a promotion from start to end ÷ average headcount``: people,
    not promotions, so someone promoted twice counts once.

    >>> promoted = [EmploymentEvent(employee_id=who, kind=EmploymentEventKind.PROMOTION,
    ...                             on=dt.date(2026, month, 1))
    ...             for who, month in (("ann", 3), ("ann", 9), ("bo", 7))]
    >>> m = promotion_rate(promoted, Period.annual(2026), roster=["ann", "bo", "cy", "di"])[0]
    >>> m.numerator, m.denominator, m.value
    (2, 4.0, 0.5)
    """
    window = _window(period)
    _check_by(by, EmploymentEvent)
    people = _history(events, roster)
    return _over_average_headcount(
        "promotion_rate",
        f"people promoted at least once from start to end ÷ average headcount; {_AVERAGE}",
        people=people,
        window=window,
        by=by,
        counted=lambda p: int(bool(p.during(EmploymentEventKind.PROMOTION, *window))),
    )


def training_participation(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    programme: str | None = None,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> tuple[Metric, ...]:
    """Training participation = people who took part in training ÷ average headcount.

    ``people with a training event from start to end ÷ average headcount``;
    with ``programme``, only training events of that programme count. People,
    not sessions.

    >>> def trained(who, month, programme):
    ...     return EmploymentEvent(employee_id=who, kind=EmploymentEventKind.TRAINING,
    ...                            on=dt.date(2026, month, 1), programme=programme)
    >>> events = [trained("ann", 2, "leadership"), trained("ann", 5, "leadership"),
    ...           trained("bo", 3, "safety")]
    >>> roster = ["ann", "bo", "cy", "di"]
    >>> training_participation(events, Period.annual(2026), roster=roster)[0].value
    0.5
    >>> training_participation(events, Period.annual(2026), roster=roster,
    ...                        programme="leadership")[0].value
    0.25
    """
    window = _window(period)
    _check_by(by, EmploymentEvent)
    if programme is not None and (not isinstance(programme, str) or not programme.strip()):
        raise ValidationError.single(
            "programme", f"must be a programme name or None, got {v.describe(programme)}"
        )
    people = _history(events, roster)
    which = "" if programme is None else f" in programme {programme!r}"
    return _over_average_headcount(
        "training_participation",
        f"people with a training event{which} from start to end ÷ average headcount; {_AVERAGE}",
        people=people,
        window=window,
        by=by,
        counted=lambda p: int(
            any(
                programme is None or x.programme == programme
                for x in p.during(EmploymentEventKind.TRAINING, *window)
            )
        ),
    )


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
) -> tuple[Metric, ...]:
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

    Each cycle's ``check_in_every_days`` = N is read as the
    ``check_in_cadence`` condition and the ``check_in_cadence_missed`` audit
    rule read it: a check-in is due by day N, 2N, ... of implementation, any
    check-in in the N days up to a due date keeps it, and only a due date
    whose time ran out before implementation ended (or before ``as_of``) can
    be missed. Cancelled cycles and cycles whose ``check_in_cadence`` HR
    waived outright do not count; a waived gap excuses the check-ins missed
    in it. With ``period``, only due dates within it count. ``by`` groups
    cycles (``"manager_id"``, ``"employee_id"``, a mapping of employee ids,
    or a function of a cycle).

    >>> from perfcore import Actor, CheckIn, CheckInKind, Goal, Role, YesNoMeasure
    >>> hr, mgr, emp = (Actor(person_id=p, role=r) for p, r in
    ...                 (("hr", Role.HR), ("m2", Role.MANAGER), ("e7", Role.EMPLOYEE)))
    >>> def at(month, day):
    ...     return dt.datetime(2026, month, day, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e7", manager_id="m2",
    ...     period=Period.annual(2026), by=hr, at=at(1, 5), check_in_every_days=30)
    >>> goal = Goal(id="g1", title="Renewals", weight=100, parent_id="company/growth",
    ...             measure=YesNoMeasure(question="Renewed?"))
    >>> cycle = cycle.propose_goal(goal, by=mgr, at=at(1, 6)).agree_goals(by=emp, at=at(1, 7))
    >>> cycle = cycle.advance(by=mgr, at=at(1, 12))
    >>> for n, (month, day) in enumerate([(2, 9), (3, 9)]):
    ...     cycle = cycle.record_check_in(CheckIn(id=f"ci{n}", kind=CheckInKind.ONE_ON_ONE,
    ...         held_on=dt.date(2026, month, day), summary="1:1"), by=mgr, at=at(month, day))
    >>> m = check_in_compliance([cycle], as_of=dt.date(2026, 5, 20))[0]
    >>> m.numerator, m.denominator, m.value
    (2, 4, 0.5)
    """
    today = _date("as_of", as_of)
    window = _optional_window(period)
    _check_by(by, Cycle)
    context = AuditContext(as_of=_end_of(today))
    tallies: dict[str, list[int]] = {ALL: [0, 0]} if by is None else {}
    for cycle in _cycles(cycles):
        counted = _check_in_tally(cycle, context, window)
        if counted is None:
            continue
        tally = tallies.setdefault(_cycle_group(cycle, by), [0, 0])
        tally[0] += counted[0]
        tally[1] += counted[1]
    span = (None, today) if window is None else window
    return tuple(
        _metric(
            "check_in_compliance",
            g,
            numerator=tallies[g][0],
            denominator=tallies[g][1],
            window=span,
            formula="(kept + late) ÷ (kept + late + missed) check-ins due during implementation,"
            " on each cycle's check_in_every_days cadence",
            why_none="no check-in has fallen due",
        )
        for g in _ordered(tallies)
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

    >>> from perfcore import Actor, Goal, Role, YesNoMeasure
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
    >>> cycle = cycle.agree_goals(by=emp, at=at(1, 7)).advance(by=mgr, at=at(1, 12))
    >>> revised = Goal(id="g2", title="Goal 2, narrowed", weight=40, parent_id="company/x",
    ...                measure=YesNoMeasure(question="Done?"))
    >>> cycle = cycle.revise_goal(revised, reason="Scope cut by the board", by=mgr,
    ...                           at=at(3, 1))
    >>> m = goal_agreement_rate([cycle])[0]
    >>> m.numerator, m.denominator, m.value
    (1, 2, 0.5)
    """
    moment = None if as_of is None else _end_of(_date("as_of", as_of))
    window = _optional_window(period)
    _check_by(by, Cycle)
    tallies: dict[str, list[int]] = {ALL: [0, 0]} if by is None else {}
    for given in _cycles(cycles):
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
    return tuple(
        _metric(
            "goal_agreement_rate",
            g,
            numerator=tallies[g][0],
            denominator=tallies[g][1],
            window=span,
            formula="active goals agreed by the employee ÷ active goals,"
            " in cycles past goal setting",
            why_none="no active goals in cycles past goal setting",
        )
        for g in _ordered(tallies)
    )
