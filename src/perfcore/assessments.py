"""Appraisal: ratings with their basis, self and manager assessments, feedback."""

from __future__ import annotations

import datetime as dt
import enum
import math
import statistics
from collections.abc import Iterable

import attrs

from perfcore import _validators as v
from perfcore.errors import MalformedInput
from perfcore.scales import RatingScale

__all__ = [
    "MIN_RELATIVE_GAPS",
    "Achievement",
    "Assessment",
    "AssessmentSource",
    "Basis",
    "FeedbackDiscussion",
    "GapExplanation",
    "GapRule",
    "GoalRating",
    "Rating",
]


class AssessmentSource(enum.Enum):
    """Who assessed."""

    SELF = "self"
    MANAGER = "manager"


class Achievement(enum.Enum):
    """How far a goal was reached; unmet goals need a root cause."""

    NOT_MET = "not_met"
    PARTLY_MET = "partly_met"
    MET = "met"
    EXCEEDED = "exceeded"

    @property
    def is_unmet(self) -> bool:
        """``True`` for ``NOT_MET`` and ``PARTLY_MET``."""
        return self in (Achievement.NOT_MET, Achievement.PARTLY_MET)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Basis:
    """Why a rating was given: a required explanation plus evidence references.

    >>> Basis(text="Closed 9 of 10 deals", evidence=("crm:report-q4",)).evidence
    ('crm:report-q4',)
    """

    text: str = attrs.field(validator=v.text())
    evidence: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=500))
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Rating:
    """A value on the cycle's rating scale, never without a basis.

    >>> Rating(value=4, basis=Basis(text="Target beaten by 5%")).value
    4
    """

    value: float = attrs.field(validator=v.number())
    basis: Basis = attrs.field(validator=v.instance(Basis))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalRating:
    """The rating of one goal, how far it was achieved and the actual result.

    ``actual`` is the measured result: the value for a numeric measure, the
    number of steps done for milestones, 1 or 0 for yes/no, the level for a
    scale measure.

    >>> r = GoalRating(goal_id="g1", achievement=Achievement.PARTLY_MET, actual=920,
    ...                rating=Rating(value=2, basis=Basis(text="92% of target")))
    >>> r.achievement.is_unmet
    True
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    achievement: Achievement = attrs.field(validator=v.member(Achievement))
    rating: Rating = attrs.field(validator=v.instance(Rating))
    actual: float | None = attrs.field(default=None, validator=v.number(optional=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Assessment:
    """A self or manager assessment: one rating per goal and optionally overall.

    >>> a = Assessment(source=AssessmentSource.SELF, goal_ratings=())
    >>> a.rating_for("g1") is None
    True
    """

    source: AssessmentSource = attrs.field(validator=v.member(AssessmentSource))
    goal_ratings: tuple[GoalRating, ...] = attrs.field(
        validator=[v.tuple_of(GoalRating), v.distinct("goal_id", "rates goal(s) more than once")]
    )
    overall: Rating | None = attrs.field(default=None, validator=v.instance(Rating, optional=True))
    comments: str = attrs.field(default="", validator=v.text(allow_empty=True))

    def rating_for(self, goal_id: str) -> GoalRating | None:
        """The rating of ``goal_id``, or ``None`` if this assessment skipped it."""
        for rating in self.goal_ratings:
            if rating.goal_id == goal_id:
                return rating
        return None


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GapExplanation:
    """Why the self-rating and the manager's rating of one goal differ, as discussed.

    >>> GapExplanation(goal_id="g1", text="Q4 deals slipped into January").goal_id
    'g1'
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    text: str = attrs.field(validator=v.text())


_EPSILON = 1e-9
_PLACES = 3
_NARROWEST = 0.01

MIN_RELATIVE_GAPS = 10
"""The fewest gaps :meth:`GapRule.relative` judges against (a small population's mean leaks)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GapRule:
    """When the self-rating and the manager's rating of a goal differ enough to need explaining.

    A gap is measured on the scale's span, ``gap = (self − manager) / (maximum −
    minimum)``, so 0.5 is 2 points on a 1–5 scale and 1 is the whole scale. It
    needs an explanation in the feedback discussion when it lies ``width`` or
    more away from ``usual``: ``|gap − usual| ≥ width``.

    :meth:`fixed` judges every gap against zero; :meth:`relative` judges it
    against the gaps of a population, as practitioners advise, since self-ratings
    run higher on average: ``usual`` is their mean and ``width`` ``z`` sample
    standard deviations. The guard (condition ``gap_explained``) and the audit
    judge with the same rule, the one the cycle started with.

    >>> from perfcore.scales import RatingScale
    >>> five = RatingScale(minimum=1, maximum=5)
    >>> rule = GapRule.fixed(0.5)
    >>> rule.gap(own=4, manager=1, scale=five), rule.needs_explanation(4, 1, five)
    (0.75, True)
    >>> rule.needs_explanation(4, 3, five)
    False
    >>> usual = GapRule.relative([0.25, 0.0, 0.25, 0.5, 0.25] * 2, z=2)
    >>> usual.usual, usual.width
    (0.25, 0.333)
    >>> usual.needs_explanation(5, 3, five), usual.needs_explanation(2, 4, five)
    (False, True)
    """

    usual: float = attrs.field(default=0.0, validator=v.number(minimum=-1, maximum=1))
    """The gap taken as normal (0 for a fixed rule, the population's mean for a relative one)."""
    width: float = attrs.field(default=0.5, validator=v.number(minimum=0.01, maximum=2))
    """How far from ``usual`` a gap may lie before it needs an explanation."""

    @classmethod
    def fixed(cls, width: float = 0.5) -> GapRule:
        """Gaps of ``width`` of the scale or more, either way, need an explanation."""
        return cls(usual=0.0, width=width)

    @classmethod
    def relative(cls, gaps: Iterable[float], *, z: float = 2.0) -> GapRule:
        """Gaps ``z`` standard deviations or more from the mean of ``gaps`` need an explanation.

        ``gaps`` are a population's gaps measured as :meth:`gap` measures them
        (``perfcore.analytics.self_manager_gaps`` gives them as ``pair.gap``).
        The rule travels with every cycle started with it, and its people may
        see it; so it needs at least :data:`MIN_RELATIVE_GAPS` gaps, and keeps
        ``usual`` and ``width`` to three decimals: the mean of a handful of
        colleagues' gaps, at full precision, would let one of them work out
        another's by difference.
        """
        if isinstance(z, bool) or not isinstance(z, int | float) or not 0 < z <= 10:
            raise MalformedInput.single(
                "z", f"must be a number above 0 and at most 10, got {v.describe(z)}"
            )
        if isinstance(gaps, str | bytes) or not isinstance(gaps, Iterable):
            raise MalformedInput.single(
                "gaps", f"must be a sequence of numbers, got {v.describe(gaps)}"
            )
        values = list(gaps)
        for index, gap in enumerate(values):
            if (
                isinstance(gap, bool)
                or not isinstance(gap, int | float)
                or not math.isfinite(gap)
                or not -1 <= gap <= 1
            ):
                raise MalformedInput.single(
                    f"gaps[{index}]", f"must be a number from -1 to 1, got {v.describe(gap)}"
                )
        if len(values) < MIN_RELATIVE_GAPS:
            raise MalformedInput.single(
                "gaps",
                f"needs at least {MIN_RELATIVE_GAPS} gaps to judge against, got {len(values)}",
            )
        width = round(statistics.stdev(values) * z, _PLACES)
        if width < _NARROWEST:
            raise MalformedInput.single(
                "gaps", "do not vary enough to judge against; use GapRule.fixed"
            )
        return cls(usual=round(statistics.fmean(values), _PLACES), width=min(2.0, width))

    def gap(self, own: float, manager: float, scale: RatingScale) -> float:
        """``(own − manager)`` as a fraction of ``scale``'s span."""
        v.require(scale, RatingScale, "scale")
        for name, value in (("own", own), ("manager", manager)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise MalformedInput.single(
                    name, f"must be a finite number, got {v.describe(value)}"
                )
        return (own - manager) / (scale.maximum - scale.minimum)

    def needs_explanation(self, own: float, manager: float, scale: RatingScale) -> bool:
        """Whether the gap between ``own`` and ``manager`` on ``scale`` needs an explanation."""
        return abs(self.gap(own, manager, scale) - self.usual) >= self.width - _EPSILON

    def describe(self) -> str:
        """The rule in words.

        >>> GapRule.fixed(0.5).describe()
        'a gap of 0.5 of the scale or more'
        """
        if self.usual == 0:
            return f"a gap of {self.width:g} of the scale or more"
        return f"a gap {self.width:g} of the scale or more away from the usual {self.usual:g}"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackDiscussion:
    """The appraisal conversation: results explained, self-assessment heard.

    ``gap_explanations`` record, per goal, why the employee's self-rating and
    the manager's rating differ where the two were compared and disagreed;
    the cycle asks for one wherever :class:`GapRule` says the gap is large.

    >>> FeedbackDiscussion(held_on=dt.date(2026, 12, 10), summary="Went through all goals").summary
    'Went through all goals'
    """

    held_on: dt.date = attrs.field(validator=v.date())
    summary: str = attrs.field(validator=v.text())
    gap_explanations: tuple[GapExplanation, ...] = attrs.field(
        default=(),
        validator=[
            v.tuple_of(GapExplanation),
            v.distinct("goal_id", "explain goal(s) more than once"),
        ],
    )

    def explanation_for(self, goal_id: str) -> GapExplanation | None:
        """The explanation of the self/manager gap on ``goal_id``, if one was given."""
        for explanation in self.gap_explanations:
            if explanation.goal_id == goal_id:
                return explanation
        return None
