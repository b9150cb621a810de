"""Performance periods: annual, half-year, quarter or custom date ranges."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
from dateutil.relativedelta import relativedelta

from perfcore import _validators as v
from perfcore.errors import ValidationError

__all__ = ["Period", "PeriodKind"]


class PeriodKind(enum.Enum):
    """How a period was defined."""

    ANNUAL = "annual"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    CUSTOM = "custom"


_MONTHS = {PeriodKind.ANNUAL: 12, PeriodKind.HALF_YEAR: 6, PeriodKind.QUARTER: 3}


def _check_order(instance: Period, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
    if value <= instance.start:
        v.fail(instance, attribute, f"must be after start {instance.start}, got {value}")


_STARTS = {
    PeriodKind.ANNUAL: range(1, 13),
    PeriodKind.HALF_YEAR: (1, 7),
    PeriodKind.QUARTER: (1, 4, 7, 10),
}


def _check_kind(instance: Period, attribute: attrs.Attribute[PeriodKind], kind: PeriodKind) -> None:
    """A named kind must match its dates: whole months from the first of an allowed month."""
    months = _MONTHS.get(kind)
    if months is None:
        return
    start = instance.start
    if start.day != 1 or start.month not in _STARTS[kind]:
        allowed = ", ".join(str(m) for m in _STARTS[kind])
        v.fail(instance, attribute, f"{kind.value} must start on day 1 of month {allowed}")
    expected = _end_after(start, months)
    if instance.end != expected:
        v.fail(
            instance,
            attribute,
            f"{kind.value} from {start} must end on {expected}, got {instance.end}",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Period:
    """A performance period; both ``start`` and ``end`` are inclusive days.

    >>> p = Period.quarter(2026, 2)
    >>> (p.start, p.end, p.label)
    (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), '2026-Q2')
    >>> Period.annual(2026).next().label
    '2027'
    >>> Period.annual(2026).contains(dt.date(2026, 7, 1))
    True
    """

    start: dt.date = attrs.field(validator=v.date())
    end: dt.date = attrs.field(validator=[v.date(), _check_order])
    kind: PeriodKind = attrs.field(
        default=PeriodKind.CUSTOM, validator=[v.member(PeriodKind), _check_kind]
    )

    @classmethod
    def annual(cls, year: int, *, start_month: int = 1) -> Period:
        """The twelve months from ``start_month`` of ``year`` (fiscal years too)."""
        start = _first_of(year, start_month)
        return cls(start=start, end=_end_after(start, 12), kind=PeriodKind.ANNUAL)

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        """First (``half=1``) or second (``half=2``) half of a calendar year."""
        _check_index("half", half, 2)
        start = _first_of(year, 1 + 6 * (half - 1))
        return cls(start=start, end=_end_after(start, 6), kind=PeriodKind.HALF_YEAR)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Calendar quarter 1 to 4 of ``year``."""
        _check_index("quarter", quarter, 4)
        start = _first_of(year, 1 + 3 * (quarter - 1))
        return cls(start=start, end=_end_after(start, 3), kind=PeriodKind.QUARTER)

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> Period:
        """Any range of at least two days."""
        return cls(start=start, end=end, kind=PeriodKind.CUSTOM)

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """A short human label: ``2026``, ``2026-H1``, ``2026-Q3`` or ``start..end``."""
        if self.kind is PeriodKind.ANNUAL:
            if self.start.month == 1:
                return str(self.start.year)
            return f"FY{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.start.year}-H{1 + (self.start.month - 1) // 6}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{1 + (self.start.month - 1) // 3}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies within the period."""
        v.require_day(day, "day")
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The period that follows: same kind; a custom one keeps its length in days."""
        months = _MONTHS.get(self.kind)
        try:
            start = self.end + dt.timedelta(days=1)
            end = start + (self.end - self.start) if months is None else _end_after(start, months)
        except (OverflowError, ValueError):  # past dt.date.max
            raise ValidationError.single(
                "Period.end", f"is too close to {dt.date.max} to compute a next period"
            ) from None
        return Period(start=start, end=end, kind=self.kind)


def _first_of(year: int, month: int) -> dt.date:
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:
        raise ValidationError.single("Period.year", f"must be a year 1-9998, got {year!r}")
    _check_index("start_month", month, 12)
    return dt.date(year, month, 1)


def _check_index(name: str, value: object, top: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
        raise ValidationError.single(f"Period.{name}", f"must be 1 to {top}, got {value!r}")


def _end_after(start: dt.date, months: int) -> dt.date:
    """The last day of the ``months``-th month counting ``start``'s (which is a 1st)."""
    end: dt.date = start + relativedelta(months=months - 1, day=31)
    return end
