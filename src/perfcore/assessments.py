"""Appraisal: ratings with their basis, self and manager assessments, feedback."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from perfcore import _validators as v

__all__ = [
    "Achievement",
    "Assessment",
    "AssessmentSource",
    "Basis",
    "FeedbackDiscussion",
    "GapExplanation",
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


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackDiscussion:
    """The appraisal conversation: results explained, self-assessment heard.

    ``gap_explanations`` record, per goal, why the employee's self-rating and
    the manager's rating differ where the two were compared and disagreed;
    HR's audit asks for one wherever the gap is large.

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
