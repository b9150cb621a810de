"""Events of a feedback request: immutable, attributable facts in its history.

Like a cycle's events, each records the request, its position in the history
(``sequence``), who acted in which role (``actor``), when (``at``) and why
(``reason``, required for a correction and a decline). A request is the fold
of its events: ``FeedbackRequest.replay(request.events) == request``. A
correction is a new event linked to the one it corrects; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore._zones import UTC_NAME
from perfcore.feedback.model import FeedbackResponse, Reviewer, Topic
from perfcore.people import Actor
from perfcore.scales import RatingScale

__all__ = [
    "FEEDBACK_EVENT_TYPES",
    "FeedbackCorrected",
    "FeedbackDeclined",
    "FeedbackEvent",
    "FeedbackGiven",
    "FeedbackReleased",
    "FeedbackRequestClosed",
    "FeedbackRequested",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackEvent:
    """Envelope shared by every feedback event: which request, which position, who, when, why."""

    TAG: ClassVar[str] = "feedback_event"
    VERSION: ClassVar[int] = 1
    """The version of this event type's stored shape (see ``perfcore.cycle.Event.VERSION``)."""

    request_id: str = attrs.field(validator=v.text(max_length=200))
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())


def _topics_once(inst: object, attr: attrs.Attribute[Any], value: tuple[Topic, ...]) -> None:
    twice = v.repeated(str(topic) for topic in value)
    if twice:
        v.fail(inst, attr, f"must not repeat topics: {', '.join(twice)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackRequested(FeedbackEvent):
    """Feedback on ``subject_id`` was asked of named reviewers, in a cycle or ad hoc."""

    TAG: ClassVar[str] = "feedback_requested"
    VERSION: ClassVar[int] = 2
    """Version 2 added ``time_zone`` (a version 1 event loads with ``None``)."""
    subject_id: str = attrs.field(validator=v.text(max_length=200))
    """The person the feedback is about (the reviewee)."""
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    """The reviewee's manager, who sees the feedback on their report."""
    reviewers: tuple[Reviewer, ...] = attrs.field(
        validator=[
            v.tuple_of(Reviewer),
            v.non_empty_tuple(),
            v.distinct("person_id", "names reviewer(s) more than once"),
        ]
    )
    topics: tuple[Topic, ...] = attrs.field(default=(), validator=[v.tuple_of(Topic), _topics_once])
    """What reviewers are asked to rate; none means comments only."""
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    expires_on: dt.date = attrs.field(validator=v.date())
    """The last day a response or a decline is accepted."""
    anonymous: bool = attrs.field(default=False, validator=v.boolean())
    minimum_responses: int = attrs.field(default=3, validator=v.integer(minimum=1, maximum=1000))
    """For an anonymous request: the fewest responses shown, and only as a summary."""
    cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    """The performance cycle this feeds, or ``None`` for ad hoc feedback."""
    question: str = attrs.field(default="", validator=v.text(allow_empty=True))
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The IANA zone whose calendar decides the day of an answer (``None``: each
    moment's own offset, as requests stored before zones were recorded)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackGiven(FeedbackEvent):
    """A reviewer answered."""

    TAG: ClassVar[str] = "feedback_given"
    response: FeedbackResponse = attrs.field(validator=v.instance(FeedbackResponse))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackCorrected(FeedbackEvent):
    """A reviewer corrected their answer; ``corrects`` is the sequence of the answer replaced."""

    TAG: ClassVar[str] = "feedback_corrected"
    reason: str | None = attrs.field(default=None, validator=v.text())
    response: FeedbackResponse = attrs.field(validator=v.instance(FeedbackResponse))
    corrects: int = attrs.field(validator=v.integer(minimum=1))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackDeclined(FeedbackEvent):
    """A reviewer declined to answer, with a reason."""

    TAG: ClassVar[str] = "feedback_declined"
    reason: str | None = attrs.field(default=None, validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackReleased(FeedbackEvent):
    """The feedback became visible to the reviewee."""

    TAG: ClassVar[str] = "feedback_released"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackRequestClosed(FeedbackEvent):
    """No more answers are taken."""

    TAG: ClassVar[str] = "feedback_request_closed"


FEEDBACK_EVENT_TYPES: tuple[type[FeedbackEvent], ...] = (
    FeedbackRequested,
    FeedbackGiven,
    FeedbackCorrected,
    FeedbackDeclined,
    FeedbackReleased,
    FeedbackRequestClosed,
)
"""Every concrete feedback event type."""
