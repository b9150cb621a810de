"""The records of multi-rater feedback: who is asked, about what, and what they answer."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.assessments import Rating

__all__ = [
    "FeedbackRating",
    "FeedbackResponse",
    "Reviewer",
    "ReviewerRelation",
    "Topic",
    "TopicKind",
]


class ReviewerRelation(enum.Enum):
    """How a reviewer stands to the person reviewed.

    ``DIRECT_REPORT`` is upward feedback (someone the reviewee manages);
    ``MANAGER`` is the reviewee's own manager, never anonymous.
    """

    PEER = "peer"
    DIRECT_REPORT = "direct_report"
    MANAGER = "manager"
    SKIP_LEVEL = "skip_level"
    EXTERNAL = "external"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Reviewer:
    """Someone asked for feedback, and how they stand to the reviewee.

    >>> Reviewer(person_id="p-4", relation=ReviewerRelation.PEER).relation.value
    'peer'
    """

    person_id: str = attrs.field(validator=v.text(max_length=200))
    relation: ReviewerRelation = attrs.field(validator=v.member(ReviewerRelation))


class TopicKind(enum.Enum):
    """What a feedback rating is about."""

    GOAL = "goal"
    COMPETENCY = "competency"
    GENERAL = "general"
    """Anything else the requester names (``"collaboration"``, ``"overall"``)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Topic:
    """One thing reviewers are asked to rate: a goal, a competency, or a named theme.

    >>> Topic(kind=TopicKind.COMPETENCY, ref_id="negotiation")
    Topic(kind=<TopicKind.COMPETENCY: 'competency'>, ref_id='negotiation')
    >>> str(Topic(kind=TopicKind.GOAL, ref_id="g1"))
    'goal:g1'
    """

    kind: TopicKind = attrs.field(validator=v.member(TopicKind))
    ref_id: str = attrs.field(validator=v.text(max_length=200))
    """The goal id, competency id, or the theme's name."""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.ref_id}"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackRating:
    """A reviewer's rating of one topic, never without a basis.

    >>> from perfcore.assessments import Basis
    >>> r = FeedbackRating(topic=Topic(kind=TopicKind.GENERAL, ref_id="collaboration"),
    ...                    rating=Rating(value=4, basis=Basis(text="Ran the joint launch")))
    >>> r.rating.value
    4
    """

    topic: Topic = attrs.field(validator=v.instance(Topic))
    rating: Rating = attrs.field(validator=v.instance(Rating))


def _topics_once(
    inst: object, attr: attrs.Attribute[Any], value: tuple[FeedbackRating, ...]
) -> None:
    twice = v.repeated(str(item.topic) for item in value)
    if twice:
        v.fail(inst, attr, f"rates topic(s) more than once: {', '.join(twice)}")


def _says_something(inst: FeedbackResponse, attr: attrs.Attribute[Any], value: str) -> None:
    if not value.strip() and not inst.ratings:
        v.fail(inst, attr, "must not be empty when nothing is rated")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackResponse:
    """One reviewer's answer: ratings of the topics asked about, and comments.

    Each topic is rated at most once; a reviewer may skip topics. The request
    checks the topics and the scale when the response is given.

    >>> from perfcore.assessments import Basis
    >>> answer = FeedbackResponse(
    ...     reviewer_id="p-4",
    ...     ratings=(FeedbackRating(topic=Topic(kind=TopicKind.GOAL, ref_id="g1"),
    ...                             rating=Rating(value=3, basis=Basis(text="On time"))),),
    ...     comments="Reliable partner on the Q3 launch")
    >>> answer.rating_for(Topic(kind=TopicKind.GOAL, ref_id="g1")).value
    3
    """

    reviewer_id: str = attrs.field(validator=v.text(max_length=200))
    ratings: tuple[FeedbackRating, ...] = attrs.field(
        default=(),
        validator=[v.tuple_of(FeedbackRating), _topics_once],
    )
    comments: str = attrs.field(default="", validator=[v.text(allow_empty=True), _says_something])

    def rating_for(self, topic: Topic) -> Rating | None:
        """This reviewer's rating of ``topic``, or ``None`` if skipped."""
        for item in self.ratings:
            if item.topic == topic:
                return item.rating
        return None
