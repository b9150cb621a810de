"""Hypothesis strategies for :mod:`perfcore.feedback`, valid by construction.

``reviewers()``, ``topics()``, ``feedback_ratings()`` and
``feedback_responses()`` draw the records; ``feedback_requests()`` builds a
whole :class:`~perfcore.feedback.FeedbackRequest` through its public commands
(open, then a legal history of answers, declines, corrections, a release and a
close), so every drawn request replays to itself. ``feedback_summaries()`` and
``feedback_scores()`` summarise drawn requests. Requires hypothesis
(``pip install 'perfcore[testing]'``).

Every argument is optional and keyword-only; most take a value or a strategy
to pin part of what is drawn. Builds on the primitive and record strategies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackScore,
    FeedbackSummary,
    RelationSummary,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    feedback_score,
    summarise,
)
from perfcore.people import Actor, Role
from perfcore.scales import RatingScale
from perfcore.testing._primitive_strategies import ids, rating_scales, texts
from perfcore.testing._record_strategies import ratings

__all__ = [
    "feedback_ratings",
    "feedback_requests",
    "feedback_responses",
    "feedback_scores",
    "feedback_summaries",
    "relation_summaries",
    "reviewers",
    "topics",
]

T = TypeVar("T")

_UTC = dt.UTC
_NOT_MANAGER = [r for r in ReviewerRelation if r is not ReviewerRelation.MANAGER]
_HR_ID = "hr-feedback"
"""The HR person of every drawn request (never the reviewee, the manager or a reviewer)."""


def _pinned(
    value: T | st.SearchStrategy[T] | None, default: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


def reviewers(
    *,
    person_id: str | st.SearchStrategy[str] | None = None,
    relation: ReviewerRelation | st.SearchStrategy[ReviewerRelation] | None = None,
) -> st.SearchStrategy[Reviewer]:
    """A reviewer and how they stand to the reviewee. Requires hypothesis."""
    return st.builds(
        Reviewer,
        person_id=_pinned(person_id, ids()),
        relation=_pinned(relation, st.sampled_from(list(ReviewerRelation))),
    )


def topics(
    *,
    kind: TopicKind | st.SearchStrategy[TopicKind] | None = None,
    ref_id: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Topic]:
    """A goal, competency or named theme to rate. Requires hypothesis."""
    return st.builds(
        Topic,
        kind=_pinned(kind, st.sampled_from(list(TopicKind))),
        ref_id=_pinned(ref_id, ids()),
    )


def feedback_ratings(
    *,
    scale: RatingScale | st.SearchStrategy[RatingScale] | None = None,
    topic: Topic | st.SearchStrategy[Topic] | None = None,
) -> st.SearchStrategy[FeedbackRating]:
    """A rating of one topic, on ``scale`` (drawn if not given), with its basis.

    Requires hypothesis.
    """
    return st.builds(
        FeedbackRating,
        topic=_pinned(topic, topics()),
        rating=ratings(scale=_pinned(scale, rating_scales())),
    )


def feedback_responses(
    *,
    reviewer_id: str | st.SearchStrategy[str] | None = None,
    topics: Sequence[Topic] | st.SearchStrategy[Sequence[Topic]] | None = None,
    scale: RatingScale | st.SearchStrategy[RatingScale] | None = None,
) -> st.SearchStrategy[FeedbackResponse]:
    """An answer rating some of ``topics`` (each once) on ``scale``, with comments.

    With neither topics nor scale given, topics and scale are drawn; the
    answer rates any subset of the topics (maybe none, and then it has
    comments). Pass a request's topics and scale to draw answers it accepts.
    Requires hypothesis.
    """
    asked = _pinned(topics, st.lists(_topics_module_level(), max_size=3, unique_by=str).map(tuple))
    on_scale = _pinned(scale, rating_scales())

    @st.composite
    def build(draw: st.DrawFn) -> FeedbackResponse:
        choice = list(draw(asked))
        rated = [topic for topic in choice if draw(st.booleans())]
        on = draw(on_scale)
        ratings = tuple(draw(feedback_ratings(scale=on, topic=topic)) for topic in rated)
        comments = draw(texts()) if not ratings else draw(st.just("") | texts())
        return FeedbackResponse(
            reviewer_id=draw(_pinned(reviewer_id, ids())),
            ratings=ratings,
            comments=comments,
        )

    return build()


_topics_module_level: Callable[[], st.SearchStrategy[Topic]] = topics
"""``topics()``, for functions whose ``topics`` argument hides it."""


def _times() -> st.SearchStrategy[dt.datetime]:
    return st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=dt.datetime(2090, 12, 31),  # noqa: DTZ001
        timezones=st.just(_UTC),
    )


def feedback_requests(  # noqa: PLR0913 - one constraint per part of a request
    *,
    subject_id: str | st.SearchStrategy[str] | None = None,
    manager_id: str | st.SearchStrategy[str] | None = None,
    cycle_id: str | st.SearchStrategy[str | None] | None = None,
    scale: RatingScale | st.SearchStrategy[RatingScale] | None = None,
    anonymous: bool | None = None,
    at: dt.datetime | st.SearchStrategy[dt.datetime] | None = None,
    max_reviewers: int = 6,
    max_steps: int = 10,
    request_id: str | st.SearchStrategy[str] | None = None,
    reviewer_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[FeedbackRequest]:
    """A request opened and then answered, declined, corrected, released or closed, legally.

    The request is opened at ``at`` (UTC, drawn if not given) by the manager,
    the reviewee or HR (``"hr-feedback"``) and gets up to ``max_steps`` commands
    drawn among those its state allows: a pending reviewer answers or
    declines, an answer is corrected, the feedback is released, the request is
    closed. Answers come before the last day; release and close may come later.
    ``anonymous=None`` draws both kinds; an anonymous request names at least
    ``minimum_responses`` (2 or more) reviewers and neither the manager nor the
    requester. ``cycle_id=st.none()`` pins ad hoc requests. ``reviewer_ids``
    draws the people asked (any id by default; the subject, the manager and HR
    are never drawn as such). Requires hypothesis.
    """
    if anonymous is not None and not isinstance(anonymous, bool):
        raise InvalidArgument(f"anonymous must be a bool or None, got {anonymous!r}")
    if max_reviewers < 2 or max_steps < 0:
        raise InvalidArgument("max_reviewers must be at least 2 and max_steps at least 0")

    @st.composite
    def build(draw: st.DrawFn) -> FeedbackRequest:
        subject = draw(_pinned(subject_id, ids()))
        manager = draw(_pinned(manager_id, ids().filter(lambda m: m != subject)))
        secret = draw(st.booleans()) if anonymous is None else anonymous
        requester = draw(_requesters(subject, manager))
        taken = {subject, manager, _HR_ID, requester.person_id}
        named = draw(
            st.lists(
                _pinned(reviewer_ids, ids()).filter(lambda p: p not in taken),
                min_size=2 if secret else 1,
                max_size=max_reviewers,
                unique=True,
            )
        )
        team = [Reviewer(person_id=p, relation=draw(st.sampled_from(_NOT_MANAGER))) for p in named]
        if not secret and draw(st.booleans()):
            team.insert(
                draw(st.integers(0, len(team))),
                Reviewer(person_id=manager, relation=ReviewerRelation.MANAGER),
            )
        opened_at = draw(_pinned(at, _times()))
        request = FeedbackRequest.open(
            request_id=draw(_pinned(request_id, ids())),
            subject_id=subject,
            manager_id=manager,
            reviewers=tuple(team),
            topics=tuple(draw(st.lists(topics(), max_size=3, unique_by=str))),
            scale=draw(_pinned(scale, rating_scales())),
            expires_on=opened_at.date() + dt.timedelta(days=draw(st.integers(0, 60))),
            by=requester,
            at=opened_at,
            anonymous=secret,
            minimum_responses=draw(st.integers(2, len(team)) if secret else st.integers(1, 5)),
            cycle_id=draw(_pinned(cycle_id, st.none() | ids())),
            question=draw(st.just("") | texts()),
            reason=draw(st.none() | texts()),
        )
        for _ in range(draw(st.integers(0, max_steps))):
            moves = _moves(request)
            if not moves:
                break
            request = draw(st.sampled_from(moves))(draw)
        return request

    return build()


def _requesters(subject: str, manager: str) -> st.SearchStrategy[Actor]:
    return st.sampled_from(
        [
            Actor(person_id=manager, role=Role.MANAGER),
            Actor(person_id=subject, role=Role.EMPLOYEE),
            Actor(person_id=_HR_ID, role=Role.HR),
        ]
    )


_Move = Callable[[st.DrawFn], FeedbackRequest]


def _moves(request: FeedbackRequest) -> list[_Move]:
    """Every kind of command the request takes now, each drawing its details."""
    last = request.events[-1].at
    moves: list[_Move] = []
    final = request.anonymous and request.released  # a released anonymous summary is final
    answering = not request.closed and not final and last.date() <= request.expires_on
    if answering:
        for person in request.pending_ids:
            moves.append(_answer(request, person))
            moves.append(_decline(request, person))
        moves.extend(_correct(request, response.reviewer_id) for response in request.responses)
    if request.responses and not request.released and request.withheld_reason is None:
        moves.append(_oversee(request, release=True))
    if not request.closed:
        moves.append(_oversee(request, release=False))
    return moves


def _until_expiry(draw: st.DrawFn, request: FeedbackRequest) -> dt.datetime:
    """A time from the last event to the end of the request's last day (UTC)."""
    last = request.events[-1].at
    end = dt.datetime.combine(request.expires_on, dt.time(23, 59, 59), tzinfo=_UTC)
    seconds = int((end - last).total_seconds())
    return last + dt.timedelta(seconds=draw(st.integers(0, min(seconds, 5 * 86400))))


def _later(draw: st.DrawFn, request: FeedbackRequest) -> dt.datetime:
    return request.events[-1].at + dt.timedelta(hours=draw(st.integers(0, 24 * 90)))


def _reviewer(person: str) -> Actor:
    return Actor(person_id=person, role=Role.REVIEWER)


def _answer(request: FeedbackRequest, person: str) -> _Move:
    def move(draw: st.DrawFn) -> FeedbackRequest:
        response = draw(
            feedback_responses(reviewer_id=person, topics=request.topics, scale=request.scale)
        )
        return request.respond(response, by=_reviewer(person), at=_until_expiry(draw, request))

    return move


def _decline(request: FeedbackRequest, person: str) -> _Move:
    def move(draw: st.DrawFn) -> FeedbackRequest:
        return request.decline(
            reason=draw(texts()), by=_reviewer(person), at=_until_expiry(draw, request)
        )

    return move


def _correct(request: FeedbackRequest, person: str) -> _Move:
    def move(draw: st.DrawFn) -> FeedbackRequest:
        response = draw(
            feedback_responses(reviewer_id=person, topics=request.topics, scale=request.scale)
        )
        if response == request.response_of(person):
            response = FeedbackResponse(
                reviewer_id=person,
                ratings=response.ratings,
                comments=f"{response.comments} (corrected)".strip(),
            )
        return request.correct(
            response,
            reason=draw(texts()),
            by=_reviewer(person),
            at=_until_expiry(draw, request),
        )

    return move


def _oversee(request: FeedbackRequest, *, release: bool) -> _Move:
    overseers = [
        Actor(person_id=request.manager_id, role=Role.MANAGER),
        Actor(person_id=_HR_ID, role=Role.HR),
    ]
    if request.requested_by.person_id == request.subject_id:
        overseers.append(Actor(person_id=request.subject_id, role=Role.EMPLOYEE))

    def move(draw: st.DrawFn) -> FeedbackRequest:
        by = draw(st.sampled_from(overseers))
        at = _later(draw, request)
        reason = draw(st.none() | texts())
        if release:
            return request.release(by=by, at=at, reason=reason)
        return request.close(by=by, at=at, reason=reason)

    return move


def feedback_summaries(*, anonymous: bool | None = None) -> st.SearchStrategy[FeedbackSummary]:
    """The summary of a drawn request that is not withheld. Requires hypothesis."""
    return (
        feedback_requests(anonymous=anonymous)
        .map(summarise)
        .filter(lambda summary: summary is not None)
        .map(_shown)
    )


def relation_summaries() -> st.SearchStrategy[RelationSummary]:
    """One relation's breakdown from the summary of a drawn request. Requires hypothesis."""
    return (
        feedback_summaries()
        .filter(lambda summary: bool(summary.by_relation))
        .flatmap(lambda summary: st.sampled_from(summary.by_relation))
    )


def _shown(summary: FeedbackSummary | None) -> FeedbackSummary:
    assert summary is not None
    return summary


def feedback_scores(
    *, scale: RatingScale | st.SearchStrategy[RatingScale] | None = None
) -> st.SearchStrategy[FeedbackScore]:
    """The feedback score of up to three drawn requests on ``scale``. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> FeedbackScore:
        drawn = draw(st.lists(feedback_requests(max_steps=6), max_size=3, unique_by=lambda r: r.id))
        return feedback_score(drawn, scale=draw(_pinned(scale, rating_scales())))

    return build()
