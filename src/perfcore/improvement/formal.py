"""A formal improvement plan: for serious cases, a dated plan with scheduled reviews.

Most shortfalls are handled by the ordinary improvement plan: actions and their
follow-ups. When a case is serious, the manager or HR may put some of the
cycle's improvement actions under a :class:`FormalPlan`: a written reason,
measurable expectations, the support the company gives, what follows if the
expectations are not met, a start and an end date, and review dates fixed in
advance. Each review actually held is a :class:`FormalReview`; the latest one
that records an outcome gives the plan's outcome.

Whether the reviews kept to the schedule is judged by a count rule: the k-th
review date is *honoured* when at least k reviews were held on or before it
(plus any grace days). A late review therefore still counts toward the later
dates, but it cannot make up for a date already missed.

>>> plan = FormalPlan(id="fp-1", reason="Targets missed two periods running",
...                   action_ids=("a1",), starts_on=dt.date(2026, 3, 1),
...                   ends_on=dt.date(2026, 5, 31),
...                   review_dates=(dt.date(2026, 3, 31), dt.date(2026, 4, 30),
...                                 dt.date(2026, 5, 31)),
...                   expectations="Monthly sales of at least 80 k EUR")
>>> reviews = (FormalReview(held_on=dt.date(2026, 3, 30), progress="On track"),)
>>> plan.overdue_reviews(reviews, as_of=dt.date(2026, 5, 10))
(datetime.date(2026, 4, 30),)
>>> print(plan.outcome_of(reviews))
None
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore.errors import ValidationError
from perfcore.improvement.model import Outcome

__all__ = ["FormalPlan", "FormalReview"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormalReview:
    """One scheduled review of a formal plan, as it was held.

    ``outcome`` is ``None`` for an interim review; a review that records an
    outcome (improved, partly improved, not improved) states where the plan
    stands. ``next_steps`` records what was agreed to do next.

    >>> review = FormalReview(held_on=dt.date(2026, 4, 29), progress="Two of three targets met",
    ...                       outcome=Outcome.PARTLY_IMPROVED)
    >>> review.outcome.value
    'partly_improved'
    """

    held_on: dt.date = attrs.field(validator=v.date())
    progress: str = attrs.field(validator=v.text())
    outcome: Outcome | None = attrs.field(default=None, validator=v.member(Outcome, optional=True))
    next_steps: str | None = attrs.field(default=None, validator=v.optional_text())


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _after_start(inst: FormalPlan, attr: attrs.Attribute[Any], value: dt.date) -> None:
    if _is_date(inst.starts_on) and _is_date(value) and value <= inst.starts_on:
        v.fail(inst, attr, f"must be after starts_on ({inst.starts_on}), got {value}")


def _review_schedule(inst: FormalPlan, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not isinstance(value, tuple) or not all(_is_date(day) for day in value):
        return  # reported by the type checks
    for index, (earlier, later) in enumerate(itertools.pairwise(value), start=1):
        if later <= earlier:
            raise ValidationError.single(
                f"FormalPlan.review_dates[{index}]",
                f"must be after the previous review date {earlier}, got {later}",
            )
    start, end = inst.starts_on, inst.ends_on
    if not (_is_date(start) and _is_date(end)) or end <= start:
        return  # the plan's own dates are reported
    for index, day in enumerate(value):
        if not start <= day <= end:
            raise ValidationError.single(
                f"FormalPlan.review_dates[{index}]",
                f"{day} is outside the plan's dates {start}..{end}",
            )


def _check_reviews(reviews: object) -> tuple[FormalReview, ...]:
    if isinstance(reviews, str | bytes) or not isinstance(reviews, Sequence):
        raise ValidationError.single(
            "reviews", f"must be a sequence of FormalReview, got {v.describe(reviews)}"
        )
    for index, review in enumerate(reviews):
        if not isinstance(review, FormalReview):
            raise ValidationError.single(
                f"reviews[{index}]", f"must be a FormalReview, got {v.describe(review)}"
            )
    return tuple(reviews)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormalPlan:
    """A formal improvement plan over some of a cycle's improvement actions.

    - ``reason``: why this case needs a formal plan;
    - ``action_ids``: the cycle's improvement actions it puts under formal
      review (at least one, no repeats);
    - ``starts_on`` and ``ends_on``: the plan's dates (the end after the start);
    - ``review_dates``: when the plan will be reviewed (at least one, strictly
      increasing, each within the plan's dates);
    - ``expectations``: what must be achieved, measurably;
    - ``support``: the help the company gives;
    - ``consequences``: what follows if the expectations are not met.

    >>> plan = FormalPlan(id="fp-1", reason="Repeated missed deadlines", action_ids=("a1", "a2"),
    ...                   starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 11, 30),
    ...                   review_dates=(dt.date(2026, 10, 1), dt.date(2026, 11, 30)),
    ...                   expectations="Every sprint commitment delivered on time",
    ...                   support=("Weekly coaching with the team lead",))
    >>> len(plan.review_dates), plan.consequences
    (2, None)
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    reason: str = attrs.field(validator=v.text())
    action_ids: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.text(max_length=200), unique=True), v.non_empty_tuple()]
    )
    starts_on: dt.date = attrs.field(validator=v.date())
    ends_on: dt.date = attrs.field(validator=[v.date(), _after_start])
    review_dates: tuple[dt.date, ...] = attrs.field(
        validator=[v.tuple_of(v.date()), v.non_empty_tuple(), _review_schedule]
    )
    expectations: str = attrs.field(validator=v.text())
    support: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    consequences: str | None = attrs.field(default=None, validator=v.optional_text())

    def honoured_reviews(
        self, reviews: Sequence[FormalReview], *, grace_days: int = 0
    ) -> tuple[dt.date, ...]:
        """The review dates kept: the k-th date honoured by k reviews held by then.

        The k-th review date ``d`` (counting from 1) is honoured when at least k
        of ``reviews`` were held on or before ``d + grace_days``. Reviews are
        counted, not matched to dates: a late review still counts toward the
        later dates.

        >>> plan = FormalPlan(id="fp", reason="Serious", action_ids=("a1",),
        ...                   starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31),
        ...                   review_dates=(dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ...                   expectations="Targets met")
        >>> late = FormalReview(held_on=dt.date(2026, 2, 3), progress="Late")
        >>> plan.honoured_reviews((late,))
        ()
        >>> plan.honoured_reviews((late,), grace_days=3)
        (datetime.date(2026, 1, 31),)
        """
        held = sorted(review.held_on for review in _check_reviews(reviews))
        grace = _check_grace(grace_days)
        return tuple(
            day
            for number, day in enumerate(self.review_dates, start=1)
            if sum(1 for on in held if on <= _plus(day, grace)) >= number
        )

    def overdue_reviews(
        self, reviews: Sequence[FormalReview], *, as_of: dt.date, grace_days: int = 0
    ) -> tuple[dt.date, ...]:
        """The review dates missed as of ``as_of``, in order.

        A review date ``d`` is overdue when it is not honoured (see
        :meth:`honoured_reviews`: the k-th date needs k reviews held by
        ``d + grace_days``) and ``as_of`` is after ``d + grace_days``. On the
        review date itself (or within its grace days) it is due, not overdue.

        >>> plan = FormalPlan(id="fp", reason="Serious", action_ids=("a1",),
        ...                   starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31),
        ...                   review_dates=(dt.date(2026, 1, 31), dt.date(2026, 2, 28),
        ...                                 dt.date(2026, 3, 31)),
        ...                   expectations="Targets met")
        >>> reviews = (FormalReview(held_on=dt.date(2026, 1, 30), progress="Started"),)
        >>> plan.overdue_reviews(reviews, as_of=dt.date(2026, 2, 28))
        ()
        >>> plan.overdue_reviews(reviews, as_of=dt.date(2026, 3, 1))
        (datetime.date(2026, 2, 28),)
        >>> plan.overdue_reviews(reviews, as_of=dt.date(2026, 3, 1), grace_days=1)
        ()
        """
        if not _is_date(as_of):
            raise ValidationError.single("as_of", f"must be a date, got {v.describe(as_of)}")
        grace = _check_grace(grace_days)
        honoured = set(self.honoured_reviews(reviews, grace_days=grace))
        return tuple(
            day for day in self.review_dates if day not in honoured and as_of > _plus(day, grace)
        )

    def outcome_of(self, reviews: Sequence[FormalReview]) -> Outcome | None:
        """The outcome of the latest review that records one, or ``None``.

        The latest review is the one held last; of reviews held the same day,
        the one listed last.

        >>> plan = FormalPlan(id="fp", reason="Serious", action_ids=("a1",),
        ...                   starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31),
        ...                   review_dates=(dt.date(2026, 3, 31),), expectations="Targets met")
        >>> plan.outcome_of((
        ...     FormalReview(held_on=dt.date(2026, 2, 1), progress="Slow",
        ...                  outcome=Outcome.NOT_IMPROVED),
        ...     FormalReview(held_on=dt.date(2026, 3, 31), progress="Met",
        ...                  outcome=Outcome.IMPROVED),
        ...     FormalReview(held_on=dt.date(2026, 3, 31), progress="Signed off"),
        ... )).value
        'improved'
        """
        ordered = sorted(_check_reviews(reviews), key=lambda review: review.held_on)
        outcomes = [review.outcome for review in ordered if review.outcome is not None]
        return outcomes[-1] if outcomes else None


def _check_grace(grace_days: object) -> int:
    if isinstance(grace_days, bool) or not isinstance(grace_days, int):
        raise ValidationError.single(
            "grace_days", f"must be an integer, got {v.describe(grace_days)}"
        )
    if not 0 <= grace_days <= 366:
        raise ValidationError.single("grace_days", f"must be from 0 to 366, got {grace_days}")
    return grace_days


def _plus(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, stopping at the last representable date."""
    return plus_days(day, days)
