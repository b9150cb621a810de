"""Check-in and 1:1 cadences: when meetings fall due, and whether they were kept.

A :class:`Cadence` is a recurrence rule (the body of an RFC 5545 ``RRULE`` such
as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=MO``) plus two tolerances, ``grace_days`` and
``early_days``. The rule has no start and no end of its own: a window
``[start, end]`` anchors it (``start`` is the rule's DTSTART) and bounds it.
Everything works on dates, never on times of day, so a change to or from
daylight saving time cannot move a due date.

Month ends: a cadence due on day 29, 30 or 31 falls on the last day of the
shorter months instead of skipping them (:meth:`Cadence.monthly` writes the rule
that way). A monthly rule with no day of its own (``FREQ=MONTHLY``, day taken
from the window's start) is clamped the same way when the start is after the
28th, and a yearly rule with no month or day of its own that starts on
29 February falls on 28 February in common years. Any other rule follows the
RRULE standard (``FREQ=MONTHLY;BYMONTHDAY=31`` skips the shorter months).

:func:`check_schedule` compares the due dates with the days meetings were held.
Its rules:

- Only meetings held on or before ``as_of`` count; later ones are ignored
  (they are not even reported as extra).
- Each occurrence ``i``, due on ``d_i``, owns the slot
  ``[d_i − early_days, d_{i+1} − early_days)``; the last slot runs from
  ``d_last − early_days`` to ``max(end, d_last + grace_days)``, inclusive.
  Slots never overlap, so one meeting satisfies at most one occurrence.
- The first meeting in the slot decides: held on or before ``d_i + grace_days``
  → ``KEPT``; later in the slot → ``LATE``.
- No meeting in the slot yet: ``MISSED`` if ``as_of > d_i + grace_days``, else
  ``NOT_YET_DUE`` (an occurrence is "not yet due" until its grace period has
  passed).
- Meetings outside every slot, or not the first in their slot, are reported in
  ``extra`` (two meetings on one day count as two meetings).
- ``compliance = (kept + late) / (kept + late + missed)``, ``None`` when nothing
  has fallen due yet.

>>> import datetime as dt
>>> weekly = Cadence.weekly(weekday=0, grace_days=2)
>>> weekly.describe()
'weekly on Monday'
>>> report = check_schedule(weekly, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31),
...     held=[dt.date(2026, 3, 3), dt.date(2026, 3, 12), dt.date(2026, 3, 13)],
...     as_of=dt.date(2026, 3, 24))
>>> [(o.due.day, o.status.value, o.held_on and o.held_on.day) for o in report.occurrences]
[(2, 'kept', 3), (9, 'late', 12), (16, 'missed', None), (23, 'not_yet_due', None),
 (30, 'not_yet_due', None)]
>>> report.extra, report.next_due, report.compliance
((datetime.date(2026, 3, 13),), datetime.date(2026, 3, 23), 0.6666666666666666)
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
from collections.abc import Iterable
from typing import Any

import attrs
from dateutil.rrule import rrulestr

from perfcore import _validators as v
from perfcore.errors import ValidationError

__all__ = [
    "Cadence",
    "CadenceReport",
    "Occurrence",
    "OccurrenceStatus",
    "check_schedule",
    "occurrences",
]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TOO_FINE = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_TIMES_OF_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
_DAY_PARTS = frozenset({"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY", "BYEASTER", "BYSETPOS"})
"""Parts that choose the day themselves; without them the day comes from the start."""
_RANGES = {
    "BYMONTH": (12, False),
    "BYMONTHDAY": (31, True),
    "BYYEARDAY": (366, True),
    "BYWEEKNO": (53, True),
}
"""Allowed values: 1..top, and -top..-1 when negative values count from the end."""
_PARSE_ERRORS = (ValueError, TypeError, OverflowError, KeyError, IndexError)
_MAX_TOLERANCE = 366
_EXAMPLE = "FREQ=WEEKLY;BYDAY=MO"
_PREFIX = "RRULE:"
_REFERENCE = dt.datetime.combine(dt.date(2000, 1, 1), dt.time())
"""Any start will do to check that dateutil can parse a rule."""


def _normalise(value: str) -> str:
    """Upper-case, no ``RRULE:`` prefix, no blanks around or between parts."""
    raw: object = value
    if not isinstance(raw, str):  # left for the validator to report
        return value
    text = raw.strip().upper()
    text = text.removeprefix(_PREFIX)
    return ";".join(part.strip() for part in text.split(";") if part.strip())


def _quote(text: str) -> str:
    """``repr(text)`` cut to 60 characters, for messages."""
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def _parts(rule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=MO`` → ``{"FREQ": "WEEKLY", "BYDAY": "MO"}`` (rule already valid)."""
    return dict(part.partition("=")[::2] for part in rule.split(";"))


def _split(rule: str) -> dict[str, str] | str:
    """The rule's ``NAME=VALUE`` parts, or what is wrong with its shape."""
    if "DTSTART" in rule:
        return "must not set DTSTART: the window's start anchors the rule"
    if any(mark in rule for mark in ("\n", "\r", ":")):
        return f"must be one RRULE such as {_EXAMPLE!r}, got {_quote(rule)}"
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            return f"is not a valid RRULE: {_quote(part)} is not NAME=VALUE"
        if name in parts:
            return f"must not repeat {name}"
        parts[name] = value
    return parts


def _parts_problem(parts: dict[str, str]) -> str | None:
    """What a window-anchored, date-only rule may not say, or ``None``."""
    for bound in ("UNTIL", "COUNT"):
        if bound in parts:
            return f"must not set {bound}: the window's end bounds the rule"
    if "FREQ" not in parts:
        return "must set FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)"
    if parts["FREQ"] in _TOO_FINE:
        return f"must repeat daily or less often, not {parts['FREQ']}: due dates are days"
    for name in _TIMES_OF_DAY:
        if name in parts:
            return f"must not set {name}: due dates are days, not times"
    interval = parts.get("INTERVAL", "1")
    if interval.lstrip("-").isdigit() and int(interval) < 1:
        return f"INTERVAL must be at least 1, got {interval}"
    return None


def _range_problem(parts: dict[str, str]) -> str | None:
    """A ``BY...`` value dateutil accepts but that names no real month, day or week."""
    for name, (top, negatives) in _RANGES.items():
        for item in parts[name].split(",") if name in parts else ():
            number = int(item)
            if not (1 <= number <= top or (negatives and -top <= number <= -1)):
                allowed = f"1 to {top}" + (f" or -{top} to -1" if negatives else "")
                return f"{name} values must be {allowed}, got {item}"
    return None


_LONGEST = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""The most days each month can have."""


def _impossible_problem(parts: dict[str, str]) -> str | None:
    """A month and day combination no calendar has, such as 30 February."""
    if "BYMONTH" not in parts or "BYMONTHDAY" not in parts:
        return None
    months = [int(m) for m in parts["BYMONTH"].split(",")]
    days = [abs(int(d)) for d in parts["BYMONTHDAY"].split(",")]
    if any(day <= _LONGEST[month - 1] for month in months for day in days):
        return None
    return (
        f"never falls due: no month in BYMONTH={parts['BYMONTH']} "
        f"has a day BYMONTHDAY={parts['BYMONTHDAY']}"
    )


def _rule_problem(rule: str) -> str | None:
    """What is wrong with a normalised rule, or ``None``."""
    parts = _split(rule)
    if isinstance(parts, str):
        return parts
    problem = _parts_problem(parts)
    if problem is not None:
        return problem
    try:
        rrulestr(rule, dtstart=_REFERENCE)
    except _PARSE_ERRORS as exc:
        return f"is not a valid RRULE ({exc}): {_quote(rule)}"
    return _range_problem(parts) or _impossible_problem(parts)


def _check_rule(inst: Cadence, attr: attrs.Attribute[Any], value: object) -> None:
    v.text(max_length=1000)(inst, attr, value)
    assert isinstance(value, str)  # noqa: S101 - checked just above
    problem = _rule_problem(value)
    if problem is not None:
        v.fail(inst, attr, problem)


def _tolerance() -> Any:  # noqa: ANN401 - an attrs field
    return attrs.field(default=0, validator=v.integer(minimum=0, maximum=_MAX_TOLERANCE))


def _argument(name: str, value: object, low: int, high: int, *, optional: bool) -> None:
    """A constructor argument: an int from ``low`` to ``high`` (or ``None`` if ``optional``)."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        none = " or None" if optional else ""
        raise ValidationError.single(
            f"Cadence.{name}",
            f"must be an integer from {low} to {high}{none}, got {v.describe(value)}",
        )


def _clamped(day: int) -> str:
    """``BYMONTHDAY`` parts for ``day`` that fall on the month's last day when it is shorter."""
    if day <= 28:
        return f"BYMONTHDAY={day}"
    return f"BYMONTHDAY={','.join(str(d) for d in range(28, day + 1))};BYSETPOS=-1"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Cadence:
    """How often a meeting is due: a recurrence rule and the tolerance around each due date.

    ``rule`` is an RRULE body (``RRULE:`` prefix optional, any case); it is stored
    upper-case without the prefix. It may not set DTSTART (the window's start anchors
    it), UNTIL or COUNT (the window's end bounds it), nor repeat more often than daily.
    A meeting up to ``grace_days`` after the due date is on time; one up to
    ``early_days`` before it counts for it (both 0 to 366).

    A rule naming a day no month has (``BYMONTH=2;BYMONTHDAY=30``) is refused. Other
    rules that never match are accepted and give no dates, but finding that out
    makes dateutil scan the calendar to the year 9999, which takes seconds.

    >>> Cadence(rule="rrule:freq=weekly;interval=2;byday=mo").rule
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'
    >>> Cadence.every_two_weeks(weekday=0).describe()
    'every 2 weeks on Monday'
    >>> Cadence.monthly(day=31).rule
    'FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1'
    >>> Cadence.monthly(day=31).describe()
    'monthly on day 31 (last day in shorter months)'
    >>> Cadence(rule="FREQ=HOURLY")
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: Cadence.rule: must repeat daily or less often, not HOURLY: due dates are days
    """  # noqa: E501 - the doctest output is one long line

    rule: str = attrs.field(converter=_normalise, validator=_check_rule)
    grace_days: int = _tolerance()
    """A meeting held up to this many days after its due date is on time."""
    early_days: int = _tolerance()
    """A meeting held up to this many days before its due date counts for it."""

    @classmethod
    def weekly(
        cls, *, weekday: int | None = None, grace_days: int = 0, early_days: int = 0
    ) -> Cadence:
        """Every week on ``weekday`` (0 = Monday … 6 = Sunday; ``None``: the start's weekday).

        >>> Cadence.weekly(weekday=4).rule
        'FREQ=WEEKLY;BYDAY=FR'
        """
        return cls._weeks(1, weekday, grace_days, early_days)

    @classmethod
    def every_two_weeks(
        cls, *, weekday: int | None = None, grace_days: int = 0, early_days: int = 0
    ) -> Cadence:
        """Every other week on ``weekday``, counting weeks (Monday to Sunday) from the start's.

        >>> Cadence.every_two_weeks().rule
        'FREQ=WEEKLY;INTERVAL=2'
        """
        return cls._weeks(2, weekday, grace_days, early_days)

    @classmethod
    def _weeks(cls, every: int, weekday: object, grace_days: int, early_days: int) -> Cadence:
        _argument("weekday", weekday, 0, 6, optional=True)
        rule = "FREQ=WEEKLY" + (f";INTERVAL={every}" if every > 1 else "")
        if isinstance(weekday, int):
            rule += f";BYDAY={_WEEKDAYS[weekday]}"
        return cls(rule=rule, grace_days=grace_days, early_days=early_days)

    @classmethod
    def monthly(
        cls, *, day: int | None = None, grace_days: int = 0, early_days: int = 0
    ) -> Cadence:
        """Every month on ``day`` (1 to 31; ``None``: the start's day of the month).

        Days 29 to 31 fall on the last day of shorter months, never skip them.

        >>> Cadence.monthly(day=15).rule
        'FREQ=MONTHLY;BYMONTHDAY=15'
        >>> Cadence.monthly().describe()
        "monthly on the start's day (last day in shorter months)"
        """
        _argument("day", day, 1, 31, optional=True)
        rule = "FREQ=MONTHLY" if day is None else f"FREQ=MONTHLY;{_clamped(day)}"
        return cls(rule=rule, grace_days=grace_days, early_days=early_days)

    @classmethod
    def every_days(cls, n: int, *, grace_days: int = 0, early_days: int = 0) -> Cadence:
        """Every ``n`` days (1 to 1000) from the start.

        >>> Cadence.every_days(10).describe()
        'every 10 days'
        """
        _argument("n", n, 1, 1000, optional=False)
        return cls(rule=f"FREQ=DAILY;INTERVAL={n}", grace_days=grace_days, early_days=early_days)

    @classmethod
    def from_rrule(cls, text: str, *, grace_days: int = 0, early_days: int = 0) -> Cadence:
        """Any RRULE body, e.g. ``FREQ=MONTHLY;BYDAY=1MO`` (the first Monday of each month).

        >>> Cadence.from_rrule("RRULE:FREQ=MONTHLY;BYDAY=1MO").describe()
        'FREQ=MONTHLY;BYDAY=1MO'
        """
        return cls(rule=text, grace_days=grace_days, early_days=early_days)

    def describe(self) -> str:
        """Short English text for the rules the constructors write; the rule text otherwise.

        >>> Cadence.every_days(1).describe(), Cadence.weekly().describe()
        ('daily', "weekly on the start's weekday")
        """
        parts = _parts(self.rule)
        freq = parts.pop("FREQ")
        interval = parts.pop("INTERVAL", "1")
        units = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month"}
        if freq not in units or not interval.isdigit():
            return self.rule
        count = int(interval)
        every = f"every {count} {units[freq]}s" if count > 1 else f"{freq.lower()}"
        text = None
        if freq == "DAILY" and not parts:
            text = every
        elif freq == "WEEKLY" and not parts:
            text = f"{every} on the start's weekday"
        elif freq == "WEEKLY" and set(parts) == {"BYDAY"} and parts["BYDAY"] in _WEEKDAYS:
            text = f"{every} on {_DAY_NAMES[_WEEKDAYS.index(parts['BYDAY'])]}"
        elif freq == "MONTHLY":
            text = _describe_monthly(every, parts)
        return self.rule if text is None else text


def _describe_monthly(every: str, parts: dict[str, str]) -> str | None:
    if not parts:
        return f"{every} on the start's day (last day in shorter months)"
    for day in range(1, 32):
        if ";".join(f"{k}={val}" for k, val in parts.items()) == _clamped(day):
            shorter = " (last day in shorter months)" if day > 28 else ""
            return f"{every} on day {day}{shorter}"
    return None


# --- occurrences ---------------------------------------------------------------------


def _anchored(rule: str, start: dt.date) -> str:
    """The rule with the month-end clamping a start-anchored day needs (see the module)."""
    parts = _parts(rule)
    if not _DAY_PARTS.isdisjoint(parts):
        return rule
    if parts["FREQ"] == "MONTHLY" and start.day > 28:
        return f"{rule};{_clamped(start.day)}"
    if parts["FREQ"] == "YEARLY" and "BYMONTH" not in parts and (start.month, start.day) == (2, 29):
        return f"{rule};BYMONTH=2;{_clamped(29)}"
    return rule


def _require_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError.single(name, f"must be a date, got {v.describe(value)}")
    return value


def _check_window(cadence: object, start: object, end: object) -> tuple[Cadence, dt.date, dt.date]:
    if not isinstance(cadence, Cadence):
        raise ValidationError.single("cadence", f"must be a Cadence, got {v.describe(cadence)}")
    first = _require_date("start", start)
    last = _require_date("end", end)
    if last < first:
        raise ValidationError.single("end", f"must be on or after start {first}, got {last}")
    return cadence, first, last


def _due_dates(cadence: Cadence, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    rule = rrulestr(_anchored(cadence.rule, start), dtstart=dt.datetime.combine(start, dt.time()))
    found: list[dt.date] = []
    try:
        for moment in rule:
            day = moment.date()
            if day > end:
                break
            if day >= start and (not found or found[-1] != day):
                found.append(day)
    except (ValueError, OverflowError):  # the rule ran past 9999-12-31
        pass
    return tuple(found)


def occurrences(cadence: Cadence, *, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The due dates within ``[start, end]`` (both included), the rule anchored at ``start``.

    Sorted and unique.

    >>> from datetime import date
    >>> occurrences(Cadence.monthly(day=31), start=date(2028, 1, 1), end=date(2028, 4, 30))
    (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29), datetime.date(2028, 3, 31),
     datetime.date(2028, 4, 30))
    """
    return _due_dates(*_check_window(cadence, start, end))


# --- checking a schedule ---------------------------------------------------------------


class OccurrenceStatus(enum.Enum):
    """Whether a due meeting took place (see the module for the exact rules)."""

    KEPT = "kept"
    """Held within the tolerance around the due date."""
    LATE = "late"
    """Held after the grace period, before the next occurrence's slot began."""
    MISSED = "missed"
    """Not held, and the grace period is over."""
    NOT_YET_DUE = "not_yet_due"
    """Not held yet, and the grace period is not over."""


_HELD = frozenset({OccurrenceStatus.KEPT, OccurrenceStatus.LATE})


def _check_held_on(inst: Occurrence, attr: attrs.Attribute[Any], value: dt.date | None) -> None:
    status = inst.status
    if status in _HELD and value is None:
        v.fail(inst, attr, f"is required for a {status.value} occurrence")
    if status not in _HELD and value is not None:
        v.fail(inst, attr, f"must be empty for a {status.value} occurrence, got {value}")
    if status is OccurrenceStatus.LATE and value is not None and value <= inst.due:
        v.fail(inst, attr, f"must be after the due date {inst.due} for a late occurrence")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Occurrence:
    """One due meeting, its status and the meeting that satisfied it (if any).

    >>> Occurrence(due=dt.date(2026, 3, 2), status=OccurrenceStatus.KEPT,
    ...            held_on=dt.date(2026, 3, 3)).status.value
    'kept'
    """

    due: dt.date = attrs.field(validator=v.date())
    status: OccurrenceStatus = attrs.field(validator=v.member(OccurrenceStatus))
    held_on: dt.date | None = attrs.field(
        default=None, validator=[v.date(optional=True), _check_held_on]
    )


def _check_end(inst: CadenceReport, attr: attrs.Attribute[Any], value: dt.date) -> None:
    if isinstance(inst.start, dt.date) and value < inst.start:
        v.fail(inst, attr, f"must be on or after start {inst.start}, got {value}")


def _ascending_dues(
    inst: CadenceReport, attr: attrs.Attribute[Any], value: tuple[Occurrence, ...]
) -> None:
    dues = [o.due for o in value]
    if any(b <= a for a, b in itertools.pairwise(dues)):
        v.fail(inst, attr, "must be in due-date order, each due date once")


def _sorted_days(
    inst: CadenceReport, attr: attrs.Attribute[Any], value: tuple[dt.date, ...]
) -> None:
    if list(value) != sorted(value):
        v.fail(inst, attr, "must be in date order")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CadenceReport:
    """How a cadence was kept over a window, as of one day; built by :func:`check_schedule`."""

    cadence: Cadence = attrs.field(validator=v.instance(Cadence))
    start: dt.date = attrs.field(validator=v.date())
    end: dt.date = attrs.field(validator=[v.date(), _check_end])
    as_of: dt.date = attrs.field(validator=v.date())
    occurrences: tuple[Occurrence, ...] = attrs.field(
        validator=[v.tuple_of(Occurrence), _ascending_dues]
    )
    extra: tuple[dt.date, ...] = attrs.field(
        default=(), validator=[v.tuple_of(v.date()), _sorted_days]
    )
    """Meetings (held by ``as_of``) that satisfied no occurrence, in date order."""

    def _with(self, status: OccurrenceStatus) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.status is status)

    @property
    def kept(self) -> tuple[Occurrence, ...]:
        """Occurrences met on time."""
        return self._with(OccurrenceStatus.KEPT)

    @property
    def late(self) -> tuple[Occurrence, ...]:
        """Occurrences met after their grace period."""
        return self._with(OccurrenceStatus.LATE)

    @property
    def missed(self) -> tuple[Occurrence, ...]:
        """Occurrences not met whose grace period is over."""
        return self._with(OccurrenceStatus.MISSED)

    @property
    def not_yet_due(self) -> tuple[Occurrence, ...]:
        """Occurrences not met whose grace period is not over."""
        return self._with(OccurrenceStatus.NOT_YET_DUE)

    @property
    def next_due(self) -> dt.date | None:
        """Due date of the first not-yet-due occurrence; ``None`` when none is left."""
        waiting = self.not_yet_due
        return waiting[0].due if waiting else None

    @property
    def compliance(self) -> float | None:
        """``(kept + late) / (kept + late + missed)``; ``None`` when nothing has fallen due."""
        met = len(self.kept) + len(self.late)
        fallen_due = met + len(self.missed)
        return met / fallen_due if fallen_due else None

    def as_record(self) -> dict[str, str | int | float | None]:
        """Plain JSON-ready values for one data-frame row.

        Keys: ``rule``, ``start``, ``end``, ``as_of`` (ISO dates), the counts
        ``occurrences``, ``kept``, ``late``, ``missed``, ``not_yet_due``, ``extra``,
        then ``next_due`` (ISO date or ``None``) and ``compliance`` (or ``None``).

        >>> report = check_schedule(Cadence.every_days(7), start=dt.date(2026, 1, 1),
        ...     end=dt.date(2026, 1, 31), held=[dt.date(2026, 1, 2)], as_of=dt.date(2026, 1, 10))
        >>> report.as_record()
        {'rule': 'FREQ=DAILY;INTERVAL=7', 'start': '2026-01-01', 'end': '2026-01-31',
         'as_of': '2026-01-10', 'occurrences': 5, 'kept': 0, 'late': 1, 'missed': 1,
         'not_yet_due': 3, 'extra': 0, 'next_due': '2026-01-15', 'compliance': 0.5}
        """
        next_due = self.next_due
        return {
            "rule": self.cadence.rule,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "occurrences": len(self.occurrences),
            "kept": len(self.kept),
            "late": len(self.late),
            "missed": len(self.missed),
            "not_yet_due": len(self.not_yet_due),
            "extra": len(self.extra),
            "next_due": None if next_due is None else next_due.isoformat(),
            "compliance": self.compliance,
        }


def _meeting_days(held: object) -> list[dt.date]:
    if isinstance(held, str | bytes) or not isinstance(held, Iterable):
        raise ValidationError.single(
            "held", f"must be an iterable of dates, got {v.describe(held)}"
        )
    return [_require_date(f"held[{index}]", day) for index, day in enumerate(held)]


def check_schedule(
    cadence: Cadence,
    *,
    start: dt.date,
    end: dt.date,
    held: Iterable[dt.date],
    as_of: dt.date,
) -> CadenceReport:
    """Compare a cadence's due dates in ``[start, end]`` with the days meetings were held.

    See the module docstring for the exact rules (slots, grace, early, ``as_of``).

    >>> from datetime import date
    >>> report = check_schedule(Cadence.monthly(day=1, grace_days=3), start=date(2026, 1, 1),
    ...     end=date(2026, 3, 31), held=[date(2026, 1, 2), date(2026, 2, 10)],
    ...     as_of=date(2026, 3, 2))
    >>> [o.status.value for o in report.occurrences], report.compliance
    (['kept', 'late', 'not_yet_due'], 1.0)
    """
    cadence, first, last = _check_window(cadence, start, end)
    days = _meeting_days(held)
    today = _require_date("as_of", as_of)
    dues = _due_dates(cadence, first, last)
    early, grace = cadence.early_days, cadence.grace_days
    # ordinals, not dates: slot bounds may fall outside date.min..date.max
    opens = [due.toordinal() - early for due in dues]
    closes_last = max(last.toordinal(), dues[-1].toordinal() + grace) if dues else 0
    firsts: dict[int, dt.date] = {}
    extra: list[dt.date] = []
    for day in sorted(d for d in days if d <= today):
        ordinal = day.toordinal()
        slot = bisect.bisect_right(opens, ordinal) - 1
        if slot < 0 or (slot == len(dues) - 1 and ordinal > closes_last) or slot in firsts:
            extra.append(day)
        else:
            firsts[slot] = day
    found: list[Occurrence] = []
    for index, due in enumerate(dues):
        deadline = due.toordinal() + grace
        meeting = firsts.get(index)
        if meeting is not None:
            on_time = meeting.toordinal() <= deadline
            status = OccurrenceStatus.KEPT if on_time else OccurrenceStatus.LATE
        elif today.toordinal() > deadline:
            status = OccurrenceStatus.MISSED
        else:
            status = OccurrenceStatus.NOT_YET_DUE
        found.append(Occurrence(due=due, status=status, held_on=meeting))
    return CadenceReport(
        cadence=cadence,
        start=first,
        end=last,
        as_of=today,
        occurrences=tuple(found),
        extra=tuple(extra),
    )
