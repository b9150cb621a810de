"""Tests for perfcore.improvement.formal: the formal plan, its reviews and the count rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.improvement.formal import FormalPlan, FormalReview
from strategies import formal_plans, formal_reviews

MAR_1, MAY_31 = dt.date(2026, 3, 1), dt.date(2026, 5, 31)
MAR_15, APR_15, MAY_15 = dt.date(2026, 3, 15), dt.date(2026, 4, 15), dt.date(2026, 5, 15)

PLAN: dict[str, Any] = {
    "id": "fp1",
    "reason": "Targets missed two periods running",
    "action_ids": ("a1", "a2"),
    "starts_on": MAR_1,
    "ends_on": MAY_31,
    "review_dates": (MAR_15, APR_15, MAY_15),
    "expectations": "Monthly new business of at least 80 k EUR",
}


def plan(**changes: object) -> FormalPlan:
    return FormalPlan(**{**PLAN, **changes})


def held(*days: dt.date, outcome: pc.Outcome | None = None) -> tuple[FormalReview, ...]:
    return tuple(FormalReview(held_on=day, progress="Reviewed", outcome=outcome) for day in days)


def day(month: int, number: int) -> dt.date:
    return dt.date(2026, month, number)


# --- the records --------------------------------------------------------------------


def test_a_formal_plan() -> None:
    fp = plan(support=("Weekly coaching",), consequences="A review of the role")
    assert fp.action_ids == ("a1", "a2")
    assert fp.review_dates == (MAR_15, APR_15, MAY_15)
    assert fp.support == ("Weekly coaching",)
    assert plan().support == ()
    assert plan().consequences is None
    check_value_object(fp)


def test_a_formal_review() -> None:
    interim = FormalReview(held_on=MAR_15, progress="On track")
    assert (interim.outcome, interim.next_steps) == (None, None)
    final = FormalReview(
        held_on=MAY_15, progress="Met", outcome=pc.Outcome.IMPROVED, next_steps="Close the plan"
    )
    assert final.outcome is pc.Outcome.IMPROVED
    check_value_object(interim)
    check_value_object(final)


def test_review_dates_may_fall_on_the_first_and_the_last_day() -> None:
    assert plan(review_dates=(MAR_1, MAY_31)).review_dates == (MAR_1, MAY_31)
    assert plan(ends_on=dt.date(2026, 3, 2), review_dates=(MAR_1,)).ends_on == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("field", "value", "path", "phrase"),
    [
        ("id", "", "id", "^must not be empty$"),
        ("id", None, "id", "^is required$"),
        ("id", "f" * 201, "id", "^must be at most 200 characters, got 201$"),
        ("reason", " ", "reason", "^must not be empty$"),
        ("reason", 3, "reason", "^must be a string, got int 3$"),
        ("action_ids", (), "action_ids", "^must not be empty$"),
        ("action_ids", ["a1"], "action_ids", r"^must be a tuple, got list \['a1'\]$"),
        ("action_ids", ("a1", "a1"), "action_ids", "^must not repeat items, repeated: 'a1'$"),
        ("action_ids", ("a1", ""), "action_ids[1]", "^must not be empty$"),
        ("action_ids", ("a" * 201,), "action_ids[0]", "^must be at most 200 characters"),
        ("starts_on", None, "starts_on", "^must be a date, got NoneType None$"),
        (
            "starts_on",
            dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            "starts_on",
            "^must be a date, got datetime",
        ),
        ("ends_on", "2026-05-31", "ends_on", "^must be a date, got str '2026-05-31'$"),
        ("ends_on", MAR_1, "ends_on", r"^must be after starts_on \(2026-03-01\), got 2026-03-01$"),
        (
            "ends_on",
            dt.date(2026, 2, 1),
            "ends_on",
            r"^must be after starts_on \(2026-03-01\), got 2026-02-01$",
        ),
        ("review_dates", (), "review_dates", "^must not be empty$"),
        ("review_dates", [MAR_15], "review_dates", "^must be a tuple, got list"),
        ("review_dates", (MAR_15, "2026-04-15"), "review_dates[1]", "^must be a date, got str"),
        (
            "review_dates",
            (MAR_15, MAR_15),
            "review_dates[1]",
            "^must be after the previous review date 2026-03-15, got 2026-03-15$",
        ),
        (
            "review_dates",
            (MAR_15, APR_15, MAR_1),
            "review_dates[2]",
            "^must be after the previous review date 2026-04-15, got 2026-03-01$",
        ),
        (
            "review_dates",
            (dt.date(2026, 2, 28), APR_15),
            "review_dates[0]",
            r"^2026-02-28 is outside the plan's dates 2026-03-01\.\.2026-05-31$",
        ),
        (
            "review_dates",
            (APR_15, dt.date(2026, 6, 1)),
            "review_dates[1]",
            r"^2026-06-01 is outside the plan's dates 2026-03-01\.\.2026-05-31$",
        ),
        ("expectations", "", "expectations", "^must not be empty$"),
        ("expectations", None, "expectations", "^is required$"),
        ("support", ["Coaching"], "support", "^must be a tuple, got list"),
        ("support", ("Coaching", " "), "support[1]", "^must not be empty$"),
        ("consequences", "", "consequences", "^must not be empty$"),
        ("consequences", 1, "consequences", "^must be a string, got int 1$"),
    ],
)
def test_formal_plan_rejects(field: str, value: object, path: str, phrase: str) -> None:
    rejects(lambda: plan(**{field: value}), f"FormalPlan.{path}", phrase)


def test_formal_plan_reports_every_bad_field() -> None:
    rejects_all(
        lambda: FormalPlan(
            id="",
            reason="",
            action_ids=(),
            starts_on=MAY_31,
            ends_on=MAR_1,
            review_dates=(),
            expectations="",
        ),
        "FormalPlan.id",
        "FormalPlan.reason",
        "FormalPlan.action_ids",
        "FormalPlan.ends_on",
        "FormalPlan.review_dates",
        "FormalPlan.expectations",
    )


def test_the_schedule_is_not_judged_against_bad_dates() -> None:
    rejects(lambda: plan(starts_on="2026-03-01"), "FormalPlan.starts_on", "must be a date")
    rejects(lambda: plan(ends_on=None), "FormalPlan.ends_on", "must be a date")


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("held_on", None, "^must be a date, got NoneType None$"),
        ("held_on", dt.datetime(2026, 3, 15, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("progress", "", "^must not be empty$"),
        ("progress", None, "^is required$"),
        ("outcome", "improved", r"^must be a Outcome \('improved', 'partly_improved',"),
        ("next_steps", " ", "^must not be empty$"),
    ],
)
def test_formal_review_rejects(field: str, value: object, phrase: str) -> None:
    fields: dict[str, Any] = {"held_on": MAR_15, "progress": "On track", field: value}
    rejects(lambda: FormalReview(**fields), f"FormalReview.{field}", phrase)


@given(formal_plans(action_ids=("a1", "a2", "a3")))
def test_drawn_plans_keep_their_schedule(fp: FormalPlan) -> None:
    assert fp.starts_on < fp.ends_on
    assert list(fp.review_dates) == sorted(set(fp.review_dates))
    assert all(fp.starts_on <= d <= fp.ends_on for d in fp.review_dates)
    check_value_object(fp)


# --- the count rule -----------------------------------------------------------------


def test_reviews_on_time_honour_every_date() -> None:
    reviews = held(day(3, 14), day(4, 15), day(5, 10))
    assert plan().honoured_reviews(reviews) == (MAR_15, APR_15, MAY_15)
    assert plan().overdue_reviews(reviews, as_of=day(12, 31)) == ()


def test_a_date_is_due_on_the_day_and_overdue_the_day_after() -> None:
    reviews = held(day(3, 14), day(4, 15))
    assert plan().overdue_reviews(reviews, as_of=MAY_15) == ()
    assert plan().overdue_reviews(reviews, as_of=day(5, 16)) == (MAY_15,)
    assert plan().overdue_reviews((), as_of=MAR_1) == ()
    assert plan().overdue_reviews((), as_of=day(3, 16)) == (MAR_15,)


def test_a_late_review_does_not_make_up_for_a_missed_date() -> None:
    # one review, on 20 March: none by 15 March (needs 1), one by 15 April (needs 2)
    reviews = held(day(3, 20))
    assert plan().honoured_reviews(reviews) == ()
    assert plan().overdue_reviews(reviews, as_of=day(4, 16)) == (MAR_15, APR_15)


def test_a_late_review_counts_toward_later_dates() -> None:
    # 20 March and 10 April: 0 by 15 March (needs 1), 2 by 15 April (needs 2)
    reviews = held(day(3, 20), day(4, 10))
    assert plan().honoured_reviews(reviews) == (APR_15,)
    assert plan().overdue_reviews(reviews, as_of=day(4, 30)) == (MAR_15,)


def test_reviews_are_counted_not_matched_to_dates() -> None:
    # two reviews on 1 March count for the first two dates; the third needs a third review
    reviews = held(MAR_1, MAR_1)
    assert plan().honoured_reviews(reviews) == (MAR_15, APR_15)
    assert plan().overdue_reviews(reviews, as_of=day(6, 1)) == (MAY_15,)


def test_grace_days_extend_both_the_count_and_the_due_date() -> None:
    reviews = held(day(3, 17))
    assert plan().honoured_reviews(reviews, grace_days=1) == ()
    assert plan().honoured_reviews(reviews, grace_days=2) == (MAR_15,)
    assert plan().overdue_reviews((), as_of=day(3, 17), grace_days=2) == ()
    assert plan().overdue_reviews((), as_of=day(3, 18), grace_days=2) == (MAR_15,)
    assert plan().overdue_reviews(reviews, as_of=day(3, 18), grace_days=2) == ()


def test_grace_days_do_not_overflow_the_calendar() -> None:
    last = dt.date.max
    fp = plan(
        starts_on=last - dt.timedelta(days=1), ends_on=last, review_dates=(last,), action_ids=("a",)
    )
    assert fp.overdue_reviews((), as_of=last, grace_days=366) == ()


@given(fp=formal_plans(), data=st.data())
def test_count_rule_properties(fp: FormalPlan, data: st.DataObject) -> None:
    span = st.dates(fp.starts_on - dt.timedelta(days=10), fp.ends_on + dt.timedelta(days=10))
    days = data.draw(st.lists(span, max_size=6))
    reviews = tuple(FormalReview(held_on=d, progress="x") for d in days)
    as_of = data.draw(span)
    grace = data.draw(st.integers(0, 10))
    honoured = fp.honoured_reviews(reviews, grace_days=grace)
    overdue = fp.overdue_reviews(reviews, as_of=as_of, grace_days=grace)
    # both are ordered sub-selections of the schedule, and never overlap
    assert list(honoured) == [d for d in fp.review_dates if d in honoured]
    assert list(overdue) == [d for d in fp.review_dates if d in overdue]
    assert not set(honoured) & set(overdue)
    # the k-th date by definition
    held_days = sorted(days)
    for k, d in enumerate(fp.review_dates, start=1):
        count = sum(1 for h in held_days if h <= d + dt.timedelta(days=grace))
        assert (d in honoured) is (count >= k)
        assert (d in overdue) is (count < k and as_of > d + dt.timedelta(days=grace))
    # the order of the reviews does not matter; one more review never adds a missed date
    assert fp.honoured_reviews(tuple(reversed(reviews)), grace_days=grace) == honoured
    extra = (*reviews, FormalReview(held_on=data.draw(span), progress="y"))
    assert set(fp.overdue_reviews(extra, as_of=as_of, grace_days=grace)) <= set(overdue)
    # time only adds missed dates; more grace only removes them
    later = as_of + dt.timedelta(days=data.draw(st.integers(0, 30)))
    assert set(overdue) <= set(fp.overdue_reviews(reviews, as_of=later, grace_days=grace))
    assert set(fp.overdue_reviews(reviews, as_of=as_of, grace_days=grace + 1)) <= set(overdue)


# --- the outcome --------------------------------------------------------------------


def test_outcome_is_that_of_the_latest_review_recording_one() -> None:
    assert plan().outcome_of(()) is None
    assert plan().outcome_of(held(MAR_15, APR_15)) is None
    reviews = (
        *held(MAR_15, outcome=pc.Outcome.NOT_IMPROVED),
        *held(APR_15, outcome=pc.Outcome.PARTLY_IMPROVED),
        *held(MAY_15),
    )
    assert plan().outcome_of(reviews) is pc.Outcome.PARTLY_IMPROVED
    assert plan().outcome_of(tuple(reversed(reviews))) is pc.Outcome.PARTLY_IMPROVED


def test_of_reviews_held_the_same_day_the_last_listed_wins() -> None:
    same_day = (
        *held(MAY_15, outcome=pc.Outcome.NOT_IMPROVED),
        *held(MAY_15, outcome=pc.Outcome.IMPROVED),
    )
    assert plan().outcome_of(same_day) is pc.Outcome.IMPROVED
    assert plan().outcome_of(same_day[::-1]) is pc.Outcome.NOT_IMPROVED


@given(data=st.data())
def test_outcome_of_sorted_reviews_is_the_last_outcome(data: st.DataObject) -> None:
    reviews = data.draw(
        st.lists(st.dates(MAR_1, MAY_31).flatmap(lambda d: formal_reviews(held_on=d)), max_size=5)
    )
    reviews.sort(key=lambda review: review.held_on)
    outcomes = [r.outcome for r in reviews if r.outcome is not None]
    assert plan().outcome_of(reviews) == (outcomes[-1] if outcomes else None)


# --- arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path", "phrase"),
    [
        (
            lambda fp: fp.honoured_reviews("reviews"),
            "reviews",
            "must be a sequence of FormalReview",
        ),
        (lambda fp: fp.honoured_reviews(None), "reviews", "got NoneType None"),
        (
            lambda fp: fp.outcome_of((FormalReview(held_on=MAR_15, progress="x"), "late")),
            "reviews[1]",
            "must be a FormalReview, got str 'late'",
        ),
        (lambda fp: fp.overdue_reviews((), as_of=None), "as_of", "must be a date"),
        (
            lambda fp: fp.overdue_reviews((), as_of=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)),
            "as_of",
            "must be a date, got datetime",
        ),
        (lambda fp: fp.overdue_reviews((), as_of=MAR_1, grace_days=-1), "grace_days", "0 to 366"),
        (lambda fp: fp.honoured_reviews((), grace_days=367), "grace_days", "0 to 366, got 367"),
        (lambda fp: fp.honoured_reviews((), grace_days=True), "grace_days", "must be an integer"),
        (lambda fp: fp.honoured_reviews((), grace_days=1.5), "grace_days", "must be an integer"),
    ],
)
def test_helpers_validate_their_arguments(call: Any, path: str, phrase: str) -> None:
    fp = plan()
    rejects(lambda: call(fp), path, phrase)
