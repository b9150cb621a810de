"""Rates over average headcount: turnover, regretted attrition, promotion, training.

Public through :mod:`perfcore.analytics.talent` (:func:`turnover`,
:func:`regretted_attrition`, :func:`promotion_rate`,
:func:`training_participation`).
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
    _metrics_of,
    _optional_bool,
    _window,
)
from perfcore.analytics._talent_history import _history, _Person
from perfcore.analytics.records import EmploymentEvent, EmploymentEventKind, GroupKey
from perfcore.errors import ValidationError
from perfcore.periods import Period  # noqa: F401 - the doctests read it

_AVERAGE = "average headcount = (headcount at start + headcount at end) / 2"

_NOBODY_AVERAGE = "no one was employed at the period's start or end (average headcount 0)"


# --- metrics over employment events -------------------------------------------------------


def _over_average_headcount(  # noqa: PLR0913 - one metric's whole definition
    name: str,
    formula: str,
    *,
    people: list[_Person],
    window: tuple[dt.date, dt.date],
    by: GroupKey,
    counted: Callable[[_Person], int],
) -> _Counted:
    """``Σ counted ÷ ((headcount at start + headcount at end) / 2)`` per group, as counts."""
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
    return _Counted(
        name=name,
        formula=formula,
        window=window,
        why_none=_NOBODY_AVERAGE,
        halved=True,
        tallies={g: (t[2], t[0] + t[1]) for g, t in tallies.items()},
        ids=tuple(p.id for p in people),
        of="employee",
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
    return _metrics_of(_counted_turnover(events, period, roster=roster, by=by, voluntary=voluntary))


def _counted_turnover(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
    voluntary: bool | None = None,
) -> _Counted:
    """The counts of :func:`turnover`."""
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
    return _metrics_of(_counted_regretted_attrition(events, period, roster=roster, by=by))


def _counted_regretted_attrition(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`regretted_attrition`."""
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
    return _metrics_of(_counted_promotion_rate(events, period, roster=roster, by=by))


def _counted_promotion_rate(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`promotion_rate`."""
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
    return _metrics_of(
        _counted_training_participation(events, period, programme=programme, roster=roster, by=by)
    )


def _counted_training_participation(
    events: Iterable[EmploymentEvent],
    period: PeriodLike,
    *,
    programme: str | None = None,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> _Counted:
    """The counts of :func:`training_participation`."""
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
