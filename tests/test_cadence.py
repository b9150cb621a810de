"""Tests for perfcore.cadence: cadences, due dates and checking a schedule."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expect import check_value_object, rejects, rejects_all
from perfcore.schedule import (
    Cadence,
    CadenceReport,
    Occurrence,
    OccurrenceStatus,
    check_schedule,
    occurrences,
)
from perfcore.serialization import make_converter
from perfcore.testing._record_strategies import cadences

D = dt.date
CONV = make_converter()
KEPT = OccurrenceStatus.KEPT
LATE = OccurrenceStatus.LATE
MISSED = OccurrenceStatus.MISSED
NOT_YET_DUE = OccurrenceStatus.NOT_YET_DUE


def days_between(dates: tuple[dt.date, ...]) -> list[int]:
    return [(b - a).days for a, b in itertools.pairwise(dates)]


# --- the cadence record -------------------------------------------------------------


def test_a_cadence_is_a_value_object() -> None:
    check_value_object(Cadence.weekly(weekday=0, grace_days=2, early_days=1))


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "rrule:freq=weekly;interval=2;byday=mo",
        "  FREQ=WEEKLY; INTERVAL=2 ;BYDAY=MO;  ",
    ],
)
def test_the_rule_is_stored_normalised(text: str) -> None:
    assert Cadence(rule=text).rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"


def test_tolerances_default_to_zero() -> None:
    cadence = Cadence(rule="FREQ=DAILY")
    assert (cadence.grace_days, cadence.early_days) == (0, 0)


@pytest.mark.parametrize(
    ("cadence", "rule"),
    [
        (Cadence.weekly(), "FREQ=WEEKLY"),
        (Cadence.weekly(weekday=0), "FREQ=WEEKLY;BYDAY=MO"),
        (Cadence.weekly(weekday=6), "FREQ=WEEKLY;BYDAY=SU"),
        (Cadence.every_two_weeks(), "FREQ=WEEKLY;INTERVAL=2"),
        (Cadence.every_two_weeks(weekday=2), "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        (Cadence.monthly(), "FREQ=MONTHLY"),
        (Cadence.monthly(day=1), "FREQ=MONTHLY;BYMONTHDAY=1"),
        (Cadence.monthly(day=28), "FREQ=MONTHLY;BYMONTHDAY=28"),
        (Cadence.monthly(day=29), "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
        (Cadence.monthly(day=30), "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"),
        (Cadence.monthly(day=31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
        (Cadence.every_days(1), "FREQ=DAILY;INTERVAL=1"),
        (Cadence.every_days(10), "FREQ=DAILY;INTERVAL=10"),
        (Cadence.from_rrule("freq=monthly;byday=1mo"), "FREQ=MONTHLY;BYDAY=1MO"),
    ],
)
def test_constructors_write_the_rule(cadence: Cadence, rule: str) -> None:
    assert cadence.rule == rule


def test_constructors_pass_the_tolerances_on() -> None:
    for cadence in (
        Cadence.weekly(grace_days=3, early_days=1),
        Cadence.every_two_weeks(grace_days=3, early_days=1),
        Cadence.monthly(grace_days=3, early_days=1),
        Cadence.every_days(5, grace_days=3, early_days=1),
        Cadence.from_rrule("FREQ=DAILY", grace_days=3, early_days=1),
    ):
        assert (cadence.grace_days, cadence.early_days) == (3, 1)


@pytest.mark.parametrize(
    ("cadence", "text"),
    [
        (Cadence.weekly(weekday=0), "weekly on Monday"),
        (Cadence.weekly(), "weekly on the start's weekday"),
        (Cadence.every_two_weeks(weekday=0), "every 2 weeks on Monday"),
        (Cadence.every_two_weeks(weekday=4), "every 2 weeks on Friday"),
        (Cadence.every_two_weeks(), "every 2 weeks on the start's weekday"),
        (Cadence.monthly(day=15), "monthly on day 15"),
        (Cadence.monthly(day=29), "monthly on day 29 (last day in shorter months)"),
        (Cadence.monthly(day=31), "monthly on day 31 (last day in shorter months)"),
        (Cadence.monthly(), "monthly on the start's day (last day in shorter months)"),
        (Cadence.from_rrule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"), "every 3 months on day 1"),
        (Cadence.every_days(1), "daily"),
        (Cadence.every_days(10), "every 10 days"),
        (Cadence.from_rrule("FREQ=DAILY"), "daily"),
        (Cadence.from_rrule("FREQ=MONTHLY;BYDAY=1MO"), "FREQ=MONTHLY;BYDAY=1MO"),
        (Cadence.from_rrule("FREQ=MONTHLY;BYMONTHDAY=31"), "FREQ=MONTHLY;BYMONTHDAY=31"),
        (Cadence.from_rrule("FREQ=WEEKLY;BYDAY=MO,TH"), "FREQ=WEEKLY;BYDAY=MO,TH"),
        (Cadence.from_rrule("FREQ=YEARLY"), "FREQ=YEARLY"),
    ],
)
def test_describe(cadence: Cadence, text: str) -> None:
    assert cadence.describe() == text


# --- validation: one test per rule ----------------------------------------------------


def test_rule_must_be_a_string() -> None:
    rejects(lambda: Cadence(rule=5), "Cadence.rule", "must be a string, got int 5")  # type: ignore[arg-type]


def test_rule_must_not_be_empty() -> None:
    rejects(lambda: Cadence(rule="RRULE:"), "Cadence.rule", "must not be empty")


def test_rule_must_parse() -> None:
    rejects(
        lambda: Cadence(rule="FREQ=FORTNIGHTLY"),
        "Cadence.rule",
        r"is not a valid RRULE \(invalid 'FREQ': FORTNIGHTLY\)",
    )
    rejects(lambda: Cadence(rule="FREQ=DAILY;SOON=1"), "Cadence.rule", "unknown parameter 'SOON'")
    rejects(lambda: Cadence(rule="every monday"), "Cadence.rule", "is not NAME=VALUE")


def test_rule_must_set_freq() -> None:
    rejects(lambda: Cadence(rule="INTERVAL=2"), "Cadence.rule", r"must set FREQ \(DAILY, WEEKLY")


def test_rule_must_not_repeat_a_part() -> None:
    rejects(
        lambda: Cadence(rule="FREQ=DAILY;INTERVAL=1;INTERVAL=2"),
        "Cadence.rule",
        "must not repeat INTERVAL",
    )


def test_rule_must_not_set_dtstart() -> None:
    rejects(
        lambda: Cadence(rule="DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY"),
        "Cadence.rule",
        "must not set DTSTART: the window's start anchors the rule",
    )


def test_rule_must_be_one_line() -> None:
    rejects(lambda: Cadence(rule="EXDATE:20260105"), "Cadence.rule", "must be one RRULE such as")


@pytest.mark.parametrize("bound", ["UNTIL=20261231", "COUNT=10"])
def test_rule_must_not_bound_itself(bound: str) -> None:
    name = bound.split("=", 1)[0]
    rejects(
        lambda: Cadence(rule=f"FREQ=WEEKLY;{bound}"),
        "Cadence.rule",
        f"must not set {name}: the window's end bounds the rule",
    )


@pytest.mark.parametrize("freq", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_rule_must_not_repeat_within_a_day(freq: str) -> None:
    rejects(
        lambda: Cadence(rule=f"FREQ={freq}"),
        "Cadence.rule",
        f"must repeat daily or less often, not {freq}",
    )


@pytest.mark.parametrize("part", ["BYHOUR=9", "BYMINUTE=30", "BYSECOND=0"])
def test_rule_must_not_name_times_of_day(part: str) -> None:
    rejects(
        lambda: Cadence(rule=f"FREQ=DAILY;{part}"),
        "Cadence.rule",
        "due dates are days, not times",
    )


@pytest.mark.parametrize("interval", ["0", "-2"])
def test_rule_interval_must_be_positive(interval: str) -> None:
    rejects(
        lambda: Cadence(rule=f"FREQ=DAILY;INTERVAL={interval}"),
        "Cadence.rule",
        f"INTERVAL must be at least 1, got {interval}",
    )


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("BYMONTHDAY=0", "BYMONTHDAY values must be 1 to 31 or -31 to -1, got 0"),
        ("BYMONTHDAY=15,32", "BYMONTHDAY values must be 1 to 31 or -31 to -1, got 32"),
        ("BYMONTH=13", "BYMONTH values must be 1 to 12, got 13"),
        ("BYYEARDAY=367", "BYYEARDAY values must be 1 to 366 or -366 to -1, got 367"),
        ("BYWEEKNO=54", "BYWEEKNO values must be 1 to 53 or -53 to -1, got 54"),
    ],
)
def test_rule_values_must_name_real_days(part: str, message: str) -> None:
    rejects(lambda: Cadence(rule=f"FREQ=YEARLY;{part}"), "Cadence.rule", message)


def with_tolerance(field: str, value: object) -> Cadence:
    return Cadence(rule="FREQ=DAILY", **{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=4,6,9,11;BYMONTHDAY=31,-31",
    ],
)
def test_rule_must_fall_due_some_day(rule: str) -> None:
    rejects(lambda: Cadence(rule=rule), "Cadence.rule", "never falls due: no month in BYMONTH=")


def test_a_rule_that_falls_due_only_in_leap_years_is_allowed() -> None:
    leap_day = Cadence(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    dues = occurrences(leap_day, start=D(2027, 1, 1), end=D(2033, 1, 1))
    assert dues == (D(2028, 2, 29), D(2032, 2, 29))


@pytest.mark.parametrize("field", ["grace_days", "early_days"])
def test_tolerances_run_from_0_to_366(field: str) -> None:
    path = f"Cadence.{field}"
    rejects(lambda: with_tolerance(field, -1), path, "must be at least 0, got -1")
    rejects(lambda: with_tolerance(field, 367), path, "must be at most 366, got 367")
    rejects(lambda: with_tolerance(field, 1.5), path, "must be an integer, got float 1.5")
    rejects(lambda: with_tolerance(field, None), path, "must be an integer, got NoneType")
    assert getattr(with_tolerance(field, 366), field) == 366


def test_every_bad_field_is_reported() -> None:
    rejects_all(
        lambda: Cadence(rule="FREQ=HOURLY", grace_days=-1, early_days=400),
        "Cadence.rule",
        "Cadence.grace_days",
        "Cadence.early_days",
    )


@pytest.mark.parametrize("weekday", [-1, 7, True, 1.0, "MO"])
@pytest.mark.parametrize("build", [Cadence.weekly, Cadence.every_two_weeks])
def test_weekday_is_0_to_6(weekday: object, build: Callable[..., Cadence]) -> None:
    rejects(
        lambda: build(weekday=weekday),
        "Cadence.weekday",
        "must be an integer from 0 to 6 or None",
    )


@pytest.mark.parametrize("day", [0, 32, False, "31"])
def test_monthly_day_is_1_to_31(day: object) -> None:
    rejects(
        lambda: Cadence.monthly(day=day),  # type: ignore[arg-type]
        "Cadence.day",
        "must be an integer from 1 to 31 or None",
    )


@pytest.mark.parametrize("n", [0, 1001, None, 2.0])
def test_every_days_n_is_1_to_1000(n: object) -> None:
    rejects(
        lambda: Cadence.every_days(n),  # type: ignore[arg-type]
        "Cadence.n",
        "must be an integer from 1 to 1000",
    )


# --- occurrences: worked examples ---------------------------------------------------------


def test_weekly_across_a_month_end() -> None:
    # Fridays from Tuesday 20 January 2026 to Sunday 15 February 2026
    dues = occurrences(Cadence.weekly(weekday=4), start=D(2026, 1, 20), end=D(2026, 2, 15))
    assert dues == (D(2026, 1, 23), D(2026, 1, 30), D(2026, 2, 6), D(2026, 2, 13))


def test_weekly_without_a_weekday_keeps_the_starts() -> None:
    dues = occurrences(Cadence.weekly(), start=D(2026, 1, 28), end=D(2026, 2, 20))
    assert dues == (D(2026, 1, 28), D(2026, 2, 4), D(2026, 2, 11), D(2026, 2, 18))


def test_two_weekly_across_a_month_end() -> None:
    # from Monday 19 January 2026: every other Monday
    dues = occurrences(Cadence.every_two_weeks(weekday=0), start=D(2026, 1, 19), end=D(2026, 3, 10))
    assert dues == (D(2026, 1, 19), D(2026, 2, 2), D(2026, 2, 16), D(2026, 3, 2))


def test_two_weekly_counts_weeks_from_the_starts_week() -> None:
    # Thursday 1 January 2026: the Monday of its week (29 December) is before the start,
    # so the first due Monday is two weeks on, 12 January; 5 January is an "off" week.
    dues = occurrences(Cadence.every_two_weeks(weekday=0), start=D(2026, 1, 1), end=D(2026, 2, 28))
    assert dues == (D(2026, 1, 12), D(2026, 1, 26), D(2026, 2, 9), D(2026, 2, 23))


def test_monthly_on_day_31_in_a_leap_year() -> None:
    dues = occurrences(Cadence.monthly(day=31), start=D(2028, 1, 1), end=D(2028, 4, 30))
    assert dues == (D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30))


def test_monthly_on_day_31_in_a_common_year() -> None:
    dues = occurrences(Cadence.monthly(day=31), start=D(2027, 1, 1), end=D(2027, 4, 30))
    assert dues == (D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30))


def test_monthly_on_day_30() -> None:
    common = occurrences(Cadence.monthly(day=30), start=D(2027, 1, 1), end=D(2027, 4, 30))
    assert common == (D(2027, 1, 30), D(2027, 2, 28), D(2027, 3, 30), D(2027, 4, 30))
    leap = occurrences(Cadence.monthly(day=30), start=D(2028, 2, 1), end=D(2028, 3, 31))
    assert leap == (D(2028, 2, 29), D(2028, 3, 30))


def test_monthly_on_day_29() -> None:
    dues = occurrences(Cadence.monthly(day=29), start=D(2027, 1, 1), end=D(2027, 3, 31))
    assert dues == (D(2027, 1, 29), D(2027, 2, 28), D(2027, 3, 29))


def test_monthly_on_the_starts_day_clamps_too() -> None:
    dues = occurrences(Cadence.monthly(), start=D(2027, 1, 31), end=D(2027, 5, 31))
    assert dues == (D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30), D(2027, 5, 31))
    dues = occurrences(Cadence.monthly(), start=D(2027, 1, 30), end=D(2027, 3, 31))
    assert dues == (D(2027, 1, 30), D(2027, 2, 28), D(2027, 3, 30))
    dues = occurrences(Cadence.monthly(), start=D(2027, 1, 15), end=D(2027, 3, 31))
    assert dues == (D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15))


def test_every_other_month_on_the_starts_day() -> None:
    rule = Cadence.from_rrule("FREQ=MONTHLY;INTERVAL=2")
    dues = occurrences(rule, start=D(2027, 12, 31), end=D(2028, 6, 30))
    assert dues == (D(2027, 12, 31), D(2028, 2, 29), D(2028, 4, 30), D(2028, 6, 30))


def test_yearly_from_29_february_falls_on_28_february_in_common_years() -> None:
    dues = occurrences(Cadence.from_rrule("FREQ=YEARLY"), start=D(2028, 2, 29), end=D(2032, 3, 1))
    assert dues == (D(2028, 2, 29), D(2029, 2, 28), D(2030, 2, 28), D(2031, 2, 28), D(2032, 2, 29))


def test_a_custom_day_31_rule_follows_the_standard_and_skips() -> None:
    custom = Cadence.from_rrule("FREQ=MONTHLY;BYMONTHDAY=31")
    assert occurrences(custom, start=D(2027, 1, 1), end=D(2027, 4, 30)) == (
        D(2027, 1, 31),
        D(2027, 3, 31),
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 3, 15), D(2026, 4, 12)),  # clocks change on Sunday 29 March 2026 in the EU
        (D(2026, 10, 11), D(2026, 11, 8)),  # and back on Sunday 25 October 2026
        (D(2026, 3, 1), D(2026, 3, 31)),  # and in the US on Sunday 8 March 2026
    ],
)
def test_weekly_over_a_clock_change_steps_exactly_seven_days(start: dt.date, end: dt.date) -> None:
    dues = occurrences(Cadence.weekly(weekday=6), start=start, end=end)
    assert len(dues) >= 4
    assert days_between(dues) == [7] * (len(dues) - 1)
    assert all(type(due) is dt.date for due in dues)
    assert all(due.weekday() == 6 for due in dues)


def test_a_custom_rule_first_monday_of_the_month() -> None:
    first_monday = Cadence.from_rrule("FREQ=MONTHLY;BYDAY=1MO")
    dues = occurrences(first_monday, start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert dues == (
        D(2026, 1, 5),
        D(2026, 2, 2),
        D(2026, 3, 2),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 6, 1),
    )


def test_every_ten_days() -> None:
    dues = occurrences(Cadence.every_days(10), start=D(2026, 1, 1), end=D(2026, 2, 1))
    assert dues == (D(2026, 1, 1), D(2026, 1, 11), D(2026, 1, 21), D(2026, 1, 31))


def test_a_one_day_window() -> None:
    monday = D(2026, 3, 2)
    assert occurrences(Cadence.weekly(weekday=0), start=monday, end=monday) == (monday,)
    assert occurrences(Cadence.weekly(weekday=1), start=monday, end=monday) == ()


def test_the_calendar_ends_in_9999() -> None:
    rule = Cadence.from_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU")
    dues = occurrences(rule, start=D(9999, 12, 1), end=dt.date.max)
    assert dues == (D(9999, 12, 5), D(9999, 12, 13), D(9999, 12, 19), D(9999, 12, 27))
    assert occurrences(Cadence.weekly(), start=dt.date.min, end=D(1, 1, 15)) == (
        D(1, 1, 1),
        D(1, 1, 8),
        D(1, 1, 15),
    )


def test_occurrences_checks_its_arguments() -> None:
    weekly = Cadence.weekly()
    rejects(
        lambda: occurrences("weekly", start=D(2026, 1, 1), end=D(2026, 2, 1)),  # type: ignore[arg-type]
        "cadence",
        "must be a Cadence, got str 'weekly'",
    )
    rejects(
        lambda: occurrences(weekly, start=dt.datetime(2026, 1, 1), end=D(2026, 2, 1)),  # noqa: DTZ001
        "start",
        "must be a date, got datetime",
    )
    rejects(
        lambda: occurrences(weekly, start=D(2026, 1, 1), end="2026-02-01"),  # type: ignore[arg-type]
        "end",
        "must be a date, got str",
    )
    rejects(
        lambda: occurrences(weekly, start=D(2026, 2, 1), end=D(2026, 1, 1)),
        "end",
        "must be on or after start 2026-02-01, got 2026-01-01",
    )


# --- check_schedule: worked examples ---------------------------------------------------

# Mondays 2, 9, 16 and 23 March 2026
MONDAYS = Cadence.weekly(weekday=0)
MARCH_START = D(2026, 3, 2)
MARCH_END = D(2026, 3, 29)


def check(
    held: list[dt.date], as_of: dt.date, cadence: Cadence = MONDAYS, end: dt.date = MARCH_END
) -> CadenceReport:
    return check_schedule(cadence, start=MARCH_START, end=end, held=held, as_of=as_of)


def statuses(report: CadenceReport) -> list[tuple[int, str, int | None]]:
    """(day of the due date, status, day held) per occurrence."""
    return [
        (o.due.day, o.status.value, None if o.held_on is None else o.held_on.day)
        for o in report.occurrences
    ]


def test_kept_on_the_due_date() -> None:
    report = check([D(2026, 3, 2), D(2026, 3, 9)], as_of=D(2026, 3, 9))
    assert statuses(report) == [
        (2, "kept", 2),
        (9, "kept", 9),
        (16, "not_yet_due", None),
        (23, "not_yet_due", None),
    ]
    assert report.compliance == 1.0
    assert report.next_due == D(2026, 3, 16)


def test_late_after_the_due_date_without_grace() -> None:
    report = check([D(2026, 3, 4)], as_of=D(2026, 3, 6))
    assert statuses(report)[0] == (2, "late", 4)
    assert report.compliance == 1.0  # late still counts as held


def test_grace_days_make_a_later_meeting_on_time() -> None:
    # grace 2: due Monday 2 March, on time up to Wednesday 4 March
    graceful = Cadence.weekly(weekday=0, grace_days=2)
    assert statuses(check([D(2026, 3, 4)], D(2026, 3, 8), graceful))[0] == (2, "kept", 4)
    assert statuses(check([D(2026, 3, 5)], D(2026, 3, 8), graceful))[0] == (2, "late", 5)


def test_early_days_let_a_meeting_before_the_due_date_count() -> None:
    # early 2: Saturday 7 March belongs to Monday 9 March (its slot opens 7 March)
    early = Cadence.weekly(weekday=0, early_days=2)
    report = check([D(2026, 2, 28), D(2026, 3, 7)], D(2026, 3, 9), early)
    assert statuses(report)[:2] == [(2, "kept", 28), (9, "kept", 7)]
    assert report.extra == ()
    # without early days, 28 February is outside every slot and 7 March is late for 2 March
    plain = check([D(2026, 2, 28), D(2026, 3, 7)], D(2026, 3, 9))
    assert statuses(plain)[:2] == [(2, "late", 7), (9, "not_yet_due", None)]
    assert plain.extra == (D(2026, 2, 28),)


def test_missed_once_the_grace_period_is_over() -> None:
    assert statuses(check([], as_of=D(2026, 3, 9)))[:2] == [
        (2, "missed", None),
        (9, "not_yet_due", None),  # due today: not missed yet
    ]
    graceful = Cadence.weekly(weekday=0, grace_days=3)
    assert statuses(check([], D(2026, 3, 12), graceful))[1] == (9, "not_yet_due", None)
    assert statuses(check([], D(2026, 3, 13), graceful))[1] == (9, "missed", None)


def test_a_late_meeting_must_come_before_the_next_slot() -> None:
    # 9 March opens the next slot: it keeps 9 March, and 2 March stays missed
    report = check([D(2026, 3, 9)], as_of=D(2026, 3, 10))
    assert statuses(report)[:2] == [(2, "missed", None), (9, "kept", 9)]


def test_extra_meetings() -> None:
    held = [
        D(2026, 2, 20),  # before the first slot
        D(2026, 3, 3),  # first in the slot of 2 March: late
        D(2026, 3, 5),  # second in that slot
        D(2026, 3, 5),  # a second meeting on the same day
        D(2026, 3, 30),  # after the last slot (23 March to 29 March)
    ]
    report = check(held, as_of=D(2026, 4, 30))
    assert statuses(report) == [
        (2, "late", 3),
        (9, "missed", None),
        (16, "missed", None),
        (23, "missed", None),
    ]
    assert report.extra == (D(2026, 2, 20), D(2026, 3, 5), D(2026, 3, 5), D(2026, 3, 30))


def test_the_last_slot_runs_to_the_end_of_the_window() -> None:
    report = check([D(2026, 3, 29)], as_of=D(2026, 4, 30))
    assert statuses(report)[-1] == (23, "late", 29)


def test_the_last_slot_runs_past_the_window_by_the_grace_days() -> None:
    graceful = Cadence.weekly(weekday=0, grace_days=3)
    end = D(2026, 3, 23)
    kept = check([D(2026, 3, 26)], D(2026, 4, 30), graceful, end=end)
    assert statuses(kept)[-1] == (23, "kept", 26)
    outside = check([D(2026, 3, 27)], D(2026, 4, 30), graceful, end=end)
    assert statuses(outside)[-1] == (23, "missed", None)
    assert outside.extra == (D(2026, 3, 27),)


def test_as_of_before_the_first_due_date() -> None:
    report = check([D(2026, 3, 2)], as_of=D(2026, 2, 1))
    assert [o.status for o in report.occurrences] == [NOT_YET_DUE] * 4
    assert report.extra == ()  # the meeting after as_of does not count at all
    assert report.compliance is None
    assert report.next_due == D(2026, 3, 2)


def test_as_of_after_the_end() -> None:
    report = check([D(2026, 3, 2), D(2026, 3, 17)], as_of=D(2026, 12, 31))
    assert statuses(report) == [
        (2, "kept", 2),
        (9, "missed", None),
        (16, "late", 17),
        (23, "missed", None),
    ]
    assert report.not_yet_due == ()
    assert report.next_due is None
    assert report.compliance == 0.5


def test_meetings_after_as_of_are_ignored() -> None:
    report = check([D(2026, 3, 3), D(2026, 3, 10)], as_of=D(2026, 3, 2))
    assert statuses(report)[0] == (2, "not_yet_due", None)
    assert report.extra == ()
    later = check([D(2026, 3, 3), D(2026, 3, 10)], as_of=D(2026, 3, 3))
    assert statuses(later)[0] == (2, "late", 3)
    assert later.extra == ()


def test_no_due_date_in_the_window() -> None:
    report = check_schedule(
        Cadence.monthly(day=15),
        start=D(2026, 3, 16),
        end=D(2026, 3, 31),
        held=[D(2026, 3, 20)],
        as_of=D(2026, 4, 30),
    )
    assert report.occurrences == ()
    assert report.extra == (D(2026, 3, 20),)
    assert (report.compliance, report.next_due) == (None, None)


def test_held_may_be_any_iterable_of_dates() -> None:
    days = [D(2026, 3, 9), D(2026, 3, 2)]

    def generate() -> Iterator[dt.date]:
        yield from days

    expected = check(days, as_of=D(2026, 3, 31))
    assert (
        check_schedule(
            MONDAYS, start=MARCH_START, end=MARCH_END, held=generate(), as_of=D(2026, 3, 31)
        )
        == expected
    )
    assert (
        check_schedule(
            MONDAYS, start=MARCH_START, end=MARCH_END, held=set(days), as_of=D(2026, 3, 31)
        )
        == expected
    )


def test_the_report_counts_and_record() -> None:
    graceful = Cadence.weekly(weekday=0, grace_days=2)
    report = check(
        [D(2026, 3, 3), D(2026, 3, 12), D(2026, 3, 13)], as_of=D(2026, 3, 24), cadence=graceful
    )
    assert [o.due.day for o in report.kept] == [2]
    assert [o.due.day for o in report.late] == [9]
    assert [o.due.day for o in report.missed] == [16]
    assert [o.due.day for o in report.not_yet_due] == [23]
    assert report.compliance == pytest.approx(2 / 3)
    assert report.as_record() == {
        "rule": "FREQ=WEEKLY;BYDAY=MO",
        "start": "2026-03-02",
        "end": "2026-03-29",
        "as_of": "2026-03-24",
        "occurrences": 4,
        "kept": 1,
        "late": 1,
        "missed": 1,
        "not_yet_due": 1,
        "extra": 1,
        "next_due": "2026-03-23",
        "compliance": pytest.approx(2 / 3),
    }


def test_check_schedule_checks_its_arguments() -> None:
    def run(**changes: object) -> CadenceReport:
        arguments: dict[str, object] = {
            "start": MARCH_START,
            "end": MARCH_END,
            "held": [],
            "as_of": MARCH_END,
            **changes,
        }
        cadence = arguments.pop("cadence", MONDAYS)
        return check_schedule(cadence, **arguments)  # type: ignore[arg-type]

    rejects(lambda: run(cadence=None), "cadence", "must be a Cadence, got NoneType None")
    rejects(lambda: run(start="2026-03-02"), "start", "must be a date, got str")
    rejects(lambda: run(end=dt.datetime(2026, 3, 29, tzinfo=dt.UTC)), "end", "must be a date")
    rejects(lambda: run(end=D(2026, 3, 1)), "end", "must be on or after start 2026-03-02")
    rejects(lambda: run(as_of=None), "as_of", "must be a date, got NoneType None")
    rejects(lambda: run(held=D(2026, 3, 2)), "held", "must be an iterable of dates, got date")
    rejects(lambda: run(held="2026-03-02"), "held", "must be an iterable of dates, got str")
    rejects(
        lambda: run(held=[D(2026, 3, 2), dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)]),
        "held[1]",
        "must be a date, got datetime",
    )


# --- the records ----------------------------------------------------------------------


def test_occurrence_and_report_are_value_objects() -> None:
    report = check([D(2026, 3, 3)], as_of=D(2026, 3, 20))
    check_value_object(report)
    check_value_object(report.occurrences[0])


def test_an_occurrence_is_consistent() -> None:
    due = D(2026, 3, 2)
    rejects(
        lambda: Occurrence(due=due, status=KEPT),
        "Occurrence.held_on",
        "is required for a kept occurrence",
    )
    rejects(
        lambda: Occurrence(due=due, status=MISSED, held_on=due),
        "Occurrence.held_on",
        "must be empty for a missed occurrence",
    )
    rejects(
        lambda: Occurrence(due=due, status=LATE, held_on=due),
        "Occurrence.held_on",
        "must be after the due date 2026-03-02 for a late occurrence",
    )
    rejects(
        lambda: Occurrence(due=due, status="kept", held_on=due),  # type: ignore[arg-type]
        "Occurrence.status",
        "must be a OccurrenceStatus",
    )


def test_a_report_is_consistent() -> None:
    report = check([D(2026, 3, 3)], as_of=D(2026, 3, 20))
    rejects(
        lambda: attrs.evolve(report, occurrences=report.occurrences[::-1]),
        "CadenceReport.occurrences",
        "must be in due-date order, each due date once",
    )
    rejects(
        lambda: attrs.evolve(report, extra=(D(2026, 3, 5), D(2026, 3, 4))),
        "CadenceReport.extra",
        "must be in date order",
    )
    rejects(
        lambda: attrs.evolve(report, end=D(2026, 1, 1)),
        "CadenceReport.end",
        "must be on or after start 2026-03-02, got 2026-01-01",
    )
    rejects(
        lambda: attrs.evolve(report, extra=(dt.datetime(2026, 3, 4, tzinfo=dt.UTC),)),
        "CadenceReport.extra[0]",
        "must be a date, got datetime",
    )


# --- serialization ------------------------------------------------------------------------


def test_a_cadence_round_trips() -> None:
    cadence = Cadence.monthly(day=31, grace_days=2, early_days=1)
    data = CONV.unstructure(cadence)
    assert data == {
        "rule": "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
        "grace_days": 2,
        "early_days": 1,
    }
    assert CONV.structure(data, Cadence) == cadence


def test_a_stored_cadence_is_validated() -> None:
    rejects(
        lambda: CONV.structure({"rule": "FREQ=DAILY;COUNT=3"}, Cadence),
        "$.rule",
        "must not set COUNT",
    )
    assert CONV.structure({"rule": "rrule:freq=daily"}, Cadence).rule == "FREQ=DAILY"


def test_a_report_round_trips_its_fields() -> None:
    report = check([D(2026, 3, 3), D(2026, 3, 4)], as_of=D(2026, 3, 20))
    data = CONV.unstructure(report)
    assert data["occurrences"][0] == {
        "due": "2026-03-02",
        "status": "late",
        "held_on": "2026-03-03",
    }
    assert data["extra"] == ["2026-03-04"]
    assert "compliance" not in data  # properties are computed, not stored
    assert CONV.structure(data, CadenceReport) == report


@given(cadences())
def test_any_cadence_round_trips(cadence: Cadence) -> None:
    assert CONV.structure(CONV.unstructure(cadence), Cadence) == cadence


# --- properties -----------------------------------------------------------------------------


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date]:
    cadence = draw(cadences())
    start = draw(st.dates(D(2000, 1, 1), D(2090, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, 200)))
    around = st.dates(start - dt.timedelta(days=60), end + dt.timedelta(days=60))
    held = draw(st.lists(around, max_size=30))
    as_of = draw(around)
    return cadence, start, end, held, as_of


def slot(report: CadenceReport, index: int) -> tuple[int, int]:
    """The occurrence's slot as inclusive ordinals, recomputed from the documented rule."""
    early, grace = report.cadence.early_days, report.cadence.grace_days
    dues = [o.due.toordinal() for o in report.occurrences]
    low = dues[index] - early
    if index + 1 < len(dues):
        return low, dues[index + 1] - early - 1
    return low, max(report.end.toordinal(), dues[index] + grace)


@given(schedules())
def test_statuses_add_up_and_meetings_are_used_once(
    schedule: tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date],
) -> None:
    cadence, start, end, held, as_of = schedule
    report = check_schedule(cadence, start=start, end=end, held=held, as_of=as_of)
    dues = occurrences(cadence, start=start, end=end)
    assert tuple(o.due for o in report.occurrences) == dues
    assert list(dues) == sorted(set(dues))
    assert all(start <= due <= end for due in dues)
    counts = [len(report.kept), len(report.late), len(report.missed), len(report.not_yet_due)]
    assert len(report.occurrences) == sum(counts)
    # every meeting held by as_of is used at most once: either it satisfied one occurrence
    # or it is extra; meetings after as_of are in neither
    used = sorted(o.held_on for o in report.occurrences if o.held_on is not None)
    assert sorted(used + list(report.extra)) == sorted(d for d in held if d <= as_of)
    assert len(set(used)) == len(used)
    for index, occurrence in enumerate(report.occurrences):
        deadline = occurrence.due.toordinal() + cadence.grace_days
        if occurrence.held_on is not None:
            low, high = slot(report, index)
            assert low <= occurrence.held_on.toordinal() <= high
            assert occurrence.held_on <= as_of
            on_time = occurrence.held_on.toordinal() <= deadline
            assert occurrence.status is (KEPT if on_time else LATE)
        else:
            missed = as_of.toordinal() > deadline
            assert occurrence.status is (MISSED if missed else NOT_YET_DUE)


@given(schedules())
def test_next_due_is_the_first_occurrence_still_waiting(
    schedule: tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date],
) -> None:
    cadence, start, end, held, as_of = schedule
    report = check_schedule(cadence, start=start, end=end, held=held, as_of=as_of)
    waiting = [o.due for o in report.not_yet_due]
    assert report.next_due == (min(waiting) if waiting else None)
    if report.next_due is not None:
        # its grace period has not passed: next_due >= as_of - grace_days
        assert report.next_due + dt.timedelta(days=cadence.grace_days) >= as_of
    # every occurrence due (grace included) before as_of is decided
    for occurrence in report.occurrences:
        if occurrence.due + dt.timedelta(days=cadence.grace_days) < as_of:
            assert occurrence.status is not NOT_YET_DUE
    if report.compliance is not None:
        assert 0 <= report.compliance <= 1


@given(schedules(), st.data())
def test_adding_a_meeting_never_undoes_a_kept_occurrence(
    schedule: tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date], data: st.DataObject
) -> None:
    cadence, start, end, held, as_of = schedule
    extra_day = data.draw(st.dates(start - dt.timedelta(days=60), end + dt.timedelta(days=60)))
    before = check_schedule(cadence, start=start, end=end, held=held, as_of=as_of)
    after = check_schedule(cadence, start=start, end=end, held=[*held, extra_day], as_of=as_of)
    for old, new in zip(before.occurrences, after.occurrences, strict=True):
        if old.status is KEPT:
            assert new.status is KEPT
        if old.status in (KEPT, LATE):
            assert new.status in (KEPT, LATE)
    assert after.compliance is None or after.compliance >= (before.compliance or 0)


@given(schedules())
def test_meetings_after_as_of_change_nothing(
    schedule: tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date],
) -> None:
    cadence, start, end, held, as_of = schedule
    report = check_schedule(cadence, start=start, end=end, held=held, as_of=as_of)
    counted = [d for d in held if d <= as_of]
    assert check_schedule(cadence, start=start, end=end, held=counted, as_of=as_of) == report


@given(schedules())
def test_any_report_round_trips(
    schedule: tuple[Cadence, dt.date, dt.date, list[dt.date], dt.date],
) -> None:
    cadence, start, end, held, as_of = schedule
    report = check_schedule(cadence, start=start, end=end, held=held, as_of=as_of)
    assert CONV.structure(CONV.unstructure(report), CadenceReport) == report


@given(
    st.integers(1, 31),
    st.dates(D(2000, 1, 1), D(2090, 1, 1)),
)
def test_monthly_never_skips_a_month(day: int, start: dt.date) -> None:
    end = start + dt.timedelta(days=400)
    dues = occurrences(Cadence.monthly(day=day), start=start, end=end)
    months = [(d.year, d.month) for d in dues]
    assert len(set(months)) == len(months)
    for due in dues:
        next_month = (due.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        last = (next_month - dt.timedelta(days=1)).day
        assert due.day == min(day, last)
    # one per month from the start's month (or the next, if the day has passed) to the end's
    first_month = (start.year, start.month) if start.day <= min(day, 28) else None
    if first_month is not None:
        assert months[0] == first_month
    assert len(dues) >= 12


@given(
    st.integers(0, 6),
    st.dates(D(2000, 1, 1), D(2090, 1, 1)),
    st.integers(0, 400),
)
def test_weekly_steps_seven_days(weekday: int, start: dt.date, length: int) -> None:
    dues = occurrences(
        Cadence.weekly(weekday=weekday), start=start, end=start + dt.timedelta(days=length)
    )
    assert days_between(dues) == [7] * max(0, len(dues) - 1)
    assert all(d.weekday() == weekday for d in dues)
    assert not dues or (dues[0] - start).days < 7
