"""Feedback answers as rating records for rater analytics, anonymity kept."""

from __future__ import annotations

import datetime as dt

import pytest

import perfcore as pc
from perfcore.analytics import distribution, feedback_rating_records
from perfcore.feedback import (
    AnonymityAudit,
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
TALK = Topic(kind=TopicKind.COMPETENCY, ref_id="talk")
MANAGER = pc.Actor(person_id="m1", role=pc.Role.MANAGER)


def _request(request_id: str, values: dict[str, float], *, anonymous: bool) -> FeedbackRequest:
    reviewers = tuple(
        Reviewer(person_id=person, relation=ReviewerRelation.PEER)
        for person in ("p1", "p2", "p3", "p4")
    )
    request = FeedbackRequest.open(
        request_id=request_id,
        subject_id="e1",
        manager_id="m1",
        reviewers=reviewers,
        topics=(TEAMWORK, TALK),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 30),
        anonymous=anonymous,
        cycle_id="c1",
        by=MANAGER,
        at=AT,
    )
    for person, value in values.items():
        basis = pc.Basis(text=f"seen by {person}")
        response = FeedbackResponse(
            reviewer_id=person,
            ratings=(FeedbackRating(topic=TEAMWORK, rating=pc.Rating(value=value, basis=basis)),),
        )
        request = request.respond(
            response, by=pc.Actor(person_id=person, role=pc.Role.REVIEWER), at=AT
        )
    return request


AUDIT = AnonymityAudit(
    by=pc.Actor(person_id="hr1", role=pc.Role.HR), at=AT, reason="Complaint 2026-14"
)


def _released(request: FeedbackRequest) -> FeedbackRequest:
    return request.release(by=MANAGER, at=AT)


def test_named_answers_become_records_with_the_reviewer_and_relation() -> None:
    request = _released(_request("r1", {"p1": 4, "p2": 2}, anonymous=False))
    records = feedback_rating_records([request])
    assert [(r.rater_id, r.rater_role, r.dimension, r.value) for r in records] == [
        ("p1", "peer", "general:teamwork", 4),
        ("p2", "peer", "general:teamwork", 2),
    ]
    assert {r.employee_id for r in records} == {"e1"}
    assert {r.cycle_id for r in records} == {"c1"}


def test_nothing_leaves_a_request_before_its_release() -> None:
    named = _request("r1", {"p1": 4, "p2": 2}, anonymous=False)
    anonymous = _request("r3", {"p1": 4, "p2": 2, "p3": 3}, anonymous=True)
    assert feedback_rating_records([named, anonymous]) == []
    assert len(feedback_rating_records([named, anonymous], audit=AUDIT)) == 5


def test_anonymous_answers_below_the_minimum_give_nothing() -> None:
    withheld = _request("r2", {"p1": 4, "p2": 2}, anonymous=True)
    assert feedback_rating_records([withheld]) == []
    assert len(feedback_rating_records([withheld], audit=AUDIT)) == 2


def test_an_anonymous_request_gives_only_its_summary() -> None:
    shown = _released(_request("r3", {"p1": 4, "p2": 2, "p3": 3}, anonymous=True))
    records = feedback_rating_records([shown])
    # one record per shown topic, at its mean (4 + 2 + 3) / 3 = 3; talk was rated by nobody
    assert [(r.rater_id, r.rater_role, r.dimension, r.value) for r in records] == [
        ("anonymous:r3:peer", "peer", "general:teamwork", 3.0)
    ]
    revealed = feedback_rating_records([shown], audit=AUDIT)
    assert {r.rater_id for r in revealed} == {"p1", "p2", "p3"}


def test_a_lone_relation_is_never_named() -> None:
    """Three peers and one direct report: the report's answer would stand alone."""
    reviewers = (
        *(Reviewer(person_id=p, relation=ReviewerRelation.PEER) for p in ("p1", "p2", "p3")),
        Reviewer(person_id="d1", relation=ReviewerRelation.DIRECT_REPORT),
    )
    request = FeedbackRequest.open(
        request_id="r9",
        subject_id="e1",
        manager_id="m1",
        reviewers=reviewers,
        topics=(TEAMWORK, TALK),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 30),
        anonymous=True,
        cycle_id="c1",
        by=MANAGER,
        at=AT,
    )
    for person, value in (("p1", 4), ("p2", 4), ("p3", 4), ("d1", 1)):
        ratings = [
            FeedbackRating(topic=TEAMWORK, rating=pc.Rating(value=value, basis=pc.Basis(text="x")))
        ]
        if person == "d1":  # a topic only the report rated: summarise withholds it
            ratings.append(
                FeedbackRating(topic=TALK, rating=pc.Rating(value=2, basis=pc.Basis(text="x")))
            )
        request = request.respond(
            FeedbackResponse(reviewer_id=person, ratings=tuple(ratings)),
            by=pc.Actor(person_id=person, role=pc.Role.REVIEWER),
            at=AT,
        )
    records = feedback_rating_records([_released(request)])
    assert [(r.rater_id, r.rater_role, r.dimension, r.value) for r in records] == [
        ("anonymous:r9", "anonymous", "general:teamwork", 13 / 4)
    ]


def test_corrections_replace_the_answer_they_correct() -> None:
    request = _request("r4", {"p1": 4}, anonymous=False)
    corrected = FeedbackResponse(
        reviewer_id="p1",
        ratings=(
            FeedbackRating(
                topic=TEAMWORK, rating=pc.Rating(value=1, basis=pc.Basis(text="on reflection"))
            ),
        ),
    )
    request = request.correct(
        corrected,
        reason="Mixed up two people",
        by=pc.Actor(person_id="p1", role=pc.Role.REVIEWER),
        at=AT,
    )
    assert [r.value for r in feedback_rating_records([_released(request)])] == [1]


def test_records_feed_the_rater_analytics() -> None:
    requests = [
        _released(_request("r6", {"p1": 5, "p2": 4, "p3": 3}, anonymous=False)),
        _released(_request("r5", {"p1": 1, "p2": 2, "p3": 3}, anonymous=True)),
    ]
    records = feedback_rating_records(requests)
    assert [r.rater_id for r in records][:1] == ["anonymous:r5:peer"]  # id order
    report = distribution(records, by="rater_id")
    assert report.organisation.count == 4
    anonymous = report.group("anonymous:r5:peer")
    assert anonymous is not None
    assert anonymous.mean == 0.25  # the mean rating 2 on 1-5 is 0.25


def test_bad_input_names_the_argument() -> None:
    with pytest.raises(pc.ValidationError, match=r"requests\[0\]"):
        feedback_rating_records(["not a request"])  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match="requests"):
        feedback_rating_records(None)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="audit"):
        feedback_rating_records([], audit="hr1")  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="AnonymityAudit"):
        feedback_rating_records([], reveal_anonymous=True)
