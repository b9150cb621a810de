"""What the talent metrics share: the result record, groups and argument checks.

Private to the ``_talent_*`` modules, whose public names
:mod:`perfcore.analytics.talent` re-exports (here :class:`Metric`, :data:`ALL`,
:data:`NO_GROUP` and :data:`PeriodLike`); each of them imports only this
module, ``_talent_history`` and the layers below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from perfcore import _validators as v
from perfcore.analytics.records import records_from_table
from perfcore.errors import Problem, ValidationError
from perfcore.periods import Period

ALL = "all"
"""The group of every metric computed with ``by=None``."""
NO_GROUP = "(none)"
"""The group of people (or cycles) ``by`` gives no group to."""

PeriodLike = Period | tuple[dt.date, dt.date]
"""A :class:`~perfcore.periods.Period`, or a ``(start, end)`` pair of dates (both included)."""

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
    perfcore.errors.MalformedInput: Metric.reason: is required when there is no value: say why
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


@attrs.frozen
class _Counted:
    """One metric's counts per group before they are metrics: what one partition gives.

    ``tallies`` maps each group to ``(numerator, denominator)``; with ``halved``
    the denominator counted is twice the metric's (headcount at start plus
    headcount at end, averaged only when the metric is made). ``ids`` are the
    people (``of="employee"``) or cycles (``of="cycle"``) read, sorted.
    """

    name: str
    formula: str
    window: tuple[dt.date | None, dt.date | None]
    why_none: str
    halved: bool
    tallies: dict[str, tuple[int, int]]
    ids: tuple[str, ...]
    of: str


def _metrics_of(counted: _Counted) -> tuple[Metric, ...]:
    """The metrics of the counts, one per group (ordered)."""
    made = []
    for group in _ordered(counted.tallies):
        numerator, denominator = counted.tallies[group]
        made.append(
            _metric(
                counted.name,
                group,
                numerator=numerator,
                denominator=denominator / 2 if counted.halved else denominator,
                window=counted.window,
                formula=counted.formula,
                why_none=counted.why_none,
            )
        )
    return tuple(made)


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
    """``value`` as a list of ``cls``; every bad item reported at ``name[index]``.

    A DataFrame of the records' rows (``to_frame``'s) is read as its records.
    """
    read = records_from_table(cls, value, name)
    if read is not None:
        return list(read)
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
