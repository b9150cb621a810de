"""Tests for perfcore.periods: Period and its factories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import periods

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def span(period: pc.Period) -> tuple[dt.date, dt.date]:
    return period.start, period.end


# --- worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end", "days", "label"),
    [
        (pc.Period.quarter(2026, 1), D(2026, 1, 1), D(2026, 3, 31), 31 + 28 + 31, "2026-Q1"),
        (pc.Period.quarter(2024, 1), D(2024, 1, 1), D(2024, 3, 31), 31 + 29 + 31, "2024-Q1"),
        (pc.Period.quarter(2026, 2), D(2026, 4, 1), D(2026, 6, 30), 30 + 31 + 30, "2026-Q2"),
        (pc.Period.quarter(2026, 3), D(2026, 7, 1), D(2026, 9, 30), 31 + 31 + 30, "2026-Q3"),
        (pc.Period.quarter(2026, 4), D(2026, 10, 1), D(2026, 12, 31), 31 + 30 + 31, "2026-Q4"),
        (pc.Period.half_year(2026, 1), D(2026, 1, 1), D(2026, 6, 30), 181, "2026-H1"),
        (pc.Period.half_year(2026, 2), D(2026, 7, 1), D(2026, 12, 31), 184, "2026-H2"),
        (pc.Period.annual(2026), D(2026, 1, 1), D(2026, 12, 31), 365, "2026"),
        (pc.Period.annual(2024), D(2024, 1, 1), D(2024, 12, 31), 366, "2024"),
        (
            pc.Period.annual(2026, start_month=4),
            D(2026, 4, 1),
            D(2027, 3, 31),
            365,
            "FY2026-04",
        ),
        (
            pc.Period.annual(2027, start_month=4),
            D(2027, 4, 1),
            D(2028, 3, 31),
            366,  # includes 2028-02-29
            "FY2027-04",
        ),
        (
            pc.Period.annual(2026, start_month=12),
            D(2026, 12, 1),
            D(2027, 11, 30),
            365,
            "FY2026-12",
        ),
        (
            pc.Period.custom(D(2026, 1, 10), D(2026, 1, 20)),
            D(2026, 1, 10),
            D(2026, 1, 20),
            11,
            "2026-01-10..2026-01-20",
        ),
        (
            pc.Period.custom(D(2026, 2, 28), D(2026, 3, 1)),
            D(2026, 2, 28),
            D(2026, 3, 1),
            2,
            "2026-02-28..2026-03-01",
        ),
    ],
    ids=lambda x: x.label if isinstance(x, pc.Period) else None,
)
def test_period_dates_days_and_label(
    period: pc.Period, start: dt.date, end: dt.date, days: int, label: str
) -> None:
    assert span(period) == (start, end)
    assert period.days == days
    assert period.label == label


def test_factories_set_the_kind() -> None:
    assert pc.Period.annual(2026).kind is pc.PeriodKind.ANNUAL
    assert pc.Period.half_year(2026, 1).kind is pc.PeriodKind.HALF_YEAR
    assert pc.Period.quarter(2026, 1).kind is pc.PeriodKind.QUARTER
    assert pc.Period.custom(D(2026, 1, 1), D(2026, 2, 1)).kind is pc.PeriodKind.CUSTOM


def test_a_period_built_directly_is_custom_by_default() -> None:
    period = pc.Period(start=D(2026, 4, 1), end=D(2026, 6, 30))
    assert period.kind is pc.PeriodKind.CUSTOM
    assert period.label == "2026-04-01..2026-06-30"
    assert period != pc.Period.quarter(2026, 2)
    assert pc.Period(start=D(2026, 4, 1), end=D(2026, 6, 30), kind=pc.PeriodKind.QUARTER) == (
        pc.Period.quarter(2026, 2)
    )


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (pc.Period.quarter(2026, 1), pc.Period.quarter(2026, 2)),
        (pc.Period.quarter(2026, 4), pc.Period.quarter(2027, 1)),
        (pc.Period.half_year(2026, 1), pc.Period.half_year(2026, 2)),
        (pc.Period.half_year(2026, 2), pc.Period.half_year(2027, 1)),
        (pc.Period.annual(2026), pc.Period.annual(2027)),
        (pc.Period.annual(2026, start_month=4), pc.Period.annual(2027, start_month=4)),
        (
            pc.Period.custom(D(2026, 1, 10), D(2026, 1, 20)),
            pc.Period.custom(D(2026, 1, 21), D(2026, 1, 31)),
        ),
        (
            pc.Period.custom(D(2024, 2, 1), D(2024, 2, 29)),
            pc.Period.custom(D(2024, 3, 1), D(2024, 3, 29)),
        ),
    ],
    ids=lambda p: p.label,
)
def test_next_period(period: pc.Period, following: pc.Period) -> None:
    assert period.next() == following


def test_next_labels() -> None:
    assert pc.Period.annual(2026).next().label == "2027"
    assert pc.Period.annual(2026, start_month=4).next().label == "FY2027-04"
    assert pc.Period.quarter(2026, 4).next().label == "2027-Q1"
    assert pc.Period.half_year(2026, 2).next().label == "2027-H1"


def test_contains_includes_both_ends() -> None:
    q2 = pc.Period.quarter(2026, 2)
    assert q2.contains(D(2026, 4, 1))
    assert q2.contains(D(2026, 5, 15))
    assert q2.contains(D(2026, 6, 30))
    assert not q2.contains(D(2026, 3, 31))
    assert not q2.contains(D(2026, 7, 1))


def test_the_calendar_edges() -> None:
    assert span(pc.Period.annual(1)) == (D(1, 1, 1), D(1, 12, 31))
    assert span(pc.Period.annual(9998, start_month=12)) == (D(9998, 12, 1), D(9999, 11, 30))
    assert span(pc.Period.annual(9997).next()) == (D(9998, 1, 1), D(9998, 12, 31))
    assert span(pc.Period.quarter(9998, 4).next()) == (D(9999, 1, 1), D(9999, 3, 31))


# --- bad input ----------------------------------------------------------------------

VALID: dict[str, Any] = {"start": D(2026, 1, 1), "end": D(2026, 3, 31)}
NAIVE = dt.datetime(2026, 3, 31, 12)  # noqa: DTZ001 - a datetime where a date belongs
AWARE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("start", "2026-01-01", "^must be a date, got str '2026-01-01'$"),
        ("start", AWARE, "^must be a date, got datetime"),
        ("start", None, "^must be a date, got NoneType None$"),
        ("end", NAIVE, "^must be a date, got datetime"),
        ("end", 20260331, "^must be a date, got int 20260331$"),
        ("end", D(2026, 1, 1), "^must be after start 2026-01-01, got 2026-01-01$"),
        ("end", D(2025, 12, 31), "^must be after start 2026-01-01, got 2025-12-31$"),
        (
            "kind",
            "quarter",
            r"^must be a PeriodKind \('annual', 'half_year', 'quarter', 'custom'\)",
        ),
        ("kind", None, "^must be a PeriodKind .*got NoneType None$"),
    ],
)
def test_period_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.Period(**{**VALID, field: value}), f"Period.{field}", phrase)


def test_custom_periods_need_at_least_two_days() -> None:
    rejects(
        lambda: pc.Period.custom(D(2026, 5, 1), D(2026, 5, 1)),
        "Period.end",
        "must be after start 2026-05-01",
    )


def test_period_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.Period(start="2026", end="2027", kind="annual"),  # type: ignore[arg-type]
        "Period.start",
        "Period.end",
        "Period.kind",
    )
    rejects_all(
        lambda: pc.Period(start=D(2026, 1, 1), end=D(2025, 1, 1), kind="x"),  # type: ignore[arg-type]
        "Period.end",
        "Period.kind",
    )


def test_an_end_that_cannot_be_compared_with_a_bad_start_is_not_blamed() -> None:
    rejects(lambda: pc.Period(start=AWARE, end=D(2026, 3, 31)), "Period.start", "got datetime")


@pytest.mark.parametrize("year", [0, -1, 9999, "2026", 2026.0, True, None])
def test_factories_reject_a_bad_year(year: Any) -> None:
    phrase = f"^must be a year 1-9998, got {year!r}$"
    rejects(lambda: pc.Period.annual(year), "Period.year", phrase)
    rejects(lambda: pc.Period.half_year(year, 1), "Period.year", phrase)
    rejects(lambda: pc.Period.quarter(year, 1), "Period.year", phrase)


@pytest.mark.parametrize("month", [0, 13, -1, True, 4.0, "4"])
def test_annual_rejects_a_bad_start_month(month: Any) -> None:
    rejects(
        lambda: pc.Period.annual(2026, start_month=month),
        "Period.start_month",
        f"^must be 1 to 12, got {month!r}$",
    )


@pytest.mark.parametrize("half", [0, 3, True, 1.0, "1", None])
def test_half_year_rejects_a_bad_half(half: Any) -> None:
    rejects(
        lambda: pc.Period.half_year(2026, half), "Period.half", f"^must be 1 to 2, got {half!r}$"
    )


@pytest.mark.parametrize("quarter", [0, 5, -4, True, 2.0, "Q2", None])
def test_quarter_rejects_a_bad_quarter(quarter: Any) -> None:
    rejects(
        lambda: pc.Period.quarter(2026, quarter),
        "Period.quarter",
        f"^must be 1 to 4, got {quarter!r}$",
    )


@pytest.mark.parametrize(
    "period",
    [
        pc.Period.annual(9998, start_month=2),  # next would end 10000-01-31
        pc.Period(start=D(9999, 10, 1), end=D(9999, 12, 31), kind=pc.PeriodKind.QUARTER),
        pc.Period.custom(D(9999, 12, 1), D(9999, 12, 30)),  # next would end past 9999-12-31
        pc.Period.custom(D(9999, 1, 1), D(9999, 12, 31)),  # no day after the end
    ],
    ids=lambda p: p.label,
)
def test_next_at_the_end_of_the_calendar_is_a_validation_error(period: pc.Period) -> None:
    # Regression: these raised a bare OverflowError or ValueError.
    rejects(period.next, "Period.end", "^is too close to 9999-12-31 to compute a next period$")


def test_the_last_whole_year_is_reachable() -> None:
    # Regression: the end date was computed via the first day after it (10000-01-01).
    assert pc.Period.annual(9998).next() == pc.Period(
        start=D(9999, 1, 1), end=D(9999, 12, 31), kind=pc.PeriodKind.ANNUAL
    )


@pytest.mark.parametrize(
    ("start", "end", "kind", "phrase"),
    [
        (
            D(2026, 1, 1),
            D(2026, 1, 2),
            pc.PeriodKind.ANNUAL,
            "annual from 2026-01-01 must end on 2026-12-31",
        ),
        (D(2026, 1, 2), D(2027, 1, 1), pc.PeriodKind.ANNUAL, "must start on day 1"),
        (
            D(2026, 2, 1),
            D(2026, 7, 31),
            pc.PeriodKind.HALF_YEAR,
            "half_year must start on day 1 of month 1, 7",
        ),
        (D(2026, 7, 1), D(2026, 12, 30), pc.PeriodKind.HALF_YEAR, "must end on 2026-12-31"),
        (D(2026, 5, 1), D(2026, 7, 31), pc.PeriodKind.QUARTER, "month 1, 4, 7, 10"),
        (D(2026, 4, 1), D(2026, 7, 31), pc.PeriodKind.QUARTER, "must end on 2026-06-30"),
    ],
)
def test_a_named_kind_must_match_its_dates(
    start: dt.date, end: dt.date, kind: pc.PeriodKind, phrase: str
) -> None:
    # A two-day "annual" period would be labelled "2026" and have a twelve-month next().
    rejects(lambda: pc.Period(start=start, end=end, kind=kind), "Period.kind", phrase)


def test_fiscal_years_may_start_in_any_month() -> None:
    fiscal = pc.Period(start=D(2026, 4, 1), end=D(2027, 3, 31), kind=pc.PeriodKind.ANNUAL)
    assert fiscal == pc.Period.annual(2026, start_month=4)
    assert fiscal.label == "FY2026-04"


# --- properties ---------------------------------------------------------------------


@given(periods())
def test_periods_are_value_objects(period: pc.Period) -> None:
    check_value_object(period)


@given(periods())
def test_period_invariants(period: pc.Period) -> None:
    assert period.start < period.end
    assert period.days == (period.end - period.start).days + 1
    assert period.days >= 2
    assert period.contains(period.start)
    assert period.contains(period.end)
    assert not period.contains(period.start - ONE_DAY)
    assert not period.contains(period.end + ONE_DAY)


@given(periods())
def test_next_follows_on_the_next_day_with_the_same_kind(period: pc.Period) -> None:
    following = period.next()
    assert following.start == period.end + ONE_DAY
    assert following.kind is period.kind
    if period.kind is pc.PeriodKind.CUSTOM:
        assert following.days == period.days
    else:
        assert following.start.day == 1
        assert (following.end + ONE_DAY).day == 1


@given(periods().filter(lambda p: p.kind is not pc.PeriodKind.CUSTOM))
def test_calendar_periods_run_from_a_first_to_a_last_of_month(period: pc.Period) -> None:
    assert period.start.day == 1
    assert (period.end + ONE_DAY).day == 1
    months = {pc.PeriodKind.ANNUAL: 12, pc.PeriodKind.HALF_YEAR: 6, pc.PeriodKind.QUARTER: 3}
    after = period.end + ONE_DAY
    elapsed = (after.year - period.start.year) * 12 + after.month - period.start.month
    assert elapsed == months[period.kind]


@given(st.integers(1, 9998), st.integers(1, 4))
def test_quarter_labels_name_year_and_quarter(year: int, quarter: int) -> None:
    period = pc.Period.quarter(year, quarter)
    assert period.label == f"{year}-Q{quarter}"
    assert period.start == D(year, 3 * quarter - 2, 1)


@given(st.integers(1, 9998), st.integers(1, 2))
def test_half_year_labels_name_year_and_half(year: int, half: int) -> None:
    assert pc.Period.half_year(year, half).label == f"{year}-H{half}"


@given(st.integers(1, 9998), st.integers(1, 12))
def test_annual_periods_last_a_year(year: int, start_month: int) -> None:
    period = pc.Period.annual(year, start_month=start_month)
    assert period.days in {365, 366}
    assert period.label == (str(year) if start_month == 1 else f"FY{year}-{start_month:02d}")


@given(periods(), st.dates())
def test_contains_agrees_with_date_comparison(period: pc.Period, day: dt.date) -> None:
    assert period.contains(day) == (period.start <= day <= period.end)
