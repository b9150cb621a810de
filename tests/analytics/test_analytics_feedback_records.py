"""Feedback answers as rating records for rater analytics, anonymity kept."""

from __future__ import annotations

import datetime as dt

import pytest

import perfcore as pc
from perfcore.analytics import distribution, feedback_rating_records
from perfcore.feedback import (
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


def test_named_answers_become_records_with_the_reviewer_and_relation() -> None:
    records = feedback_rating_records([_request("r1", {"p1": 4, "p2": 2}, anonymous=False)])
    assert [(r.rater_id, r.rater_role, r.dimension, r.value) for r in records] == [
        ("p1", "peer", "general:teamwork", 4),
        ("p2", "peer", "general:teamwork", 2),
    ]
    assert {r.employee_id for r in records} == {"e1"}
    assert {r.cycle_id for r in records} == {"c1"}


def test_anonymous_answers_below_the_minimum_give_nothing() -> None:
    withheld = _request("r2", {"p1": 4, "p2": 2}, anonymous=True)
    assert feedback_rating_records([withheld]) == []
    assert len(feedback_rating_records([withheld], reveal_anonymous=True)) == 2


def test_anonymous_answers_at_the_minimum_hide_who_gave_them() -> None:
    shown = _request("r3", {"p1": 4, "p2": 2, "p3": 3}, anonymous=True)
    records = feedback_rating_records([shown])
    assert {r.rater_id for r in records} == {"anonymous:r3"}
    assert sorted(r.value for r in records) == [2, 3, 4]
    revealed = feedback_rating_records([shown], reveal_anonymous=True)
    assert {r.rater_id for r in revealed} == {"p1", "p2", "p3"}


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
    assert [r.value for r in feedback_rating_records([request])] == [1]


def test_records_feed_the_rater_analytics() -> None:
    requests = [
        _request("r6", {"p1": 5, "p2": 4, "p3": 3}, anonymous=False),
        _request("r5", {"p1": 1, "p2": 2, "p3": 3}, anonymous=True),
    ]
    records = feedback_rating_records(requests)
    assert [r.rater_id for r in records][:3] == ["anonymous:r5"] * 3  # id order
    report = distribution(records, by="rater_id")
    assert report.organisation.count == 6
    anonymous = report.group("anonymous:r5")
    assert anonymous is not None
    assert anonymous.mean == 0.25  # ratings 1, 2, 3 on 1-5 are 0, .25, .5


def test_bad_input_names_the_argument() -> None:
    with pytest.raises(pc.ValidationError, match=r"requests\[0\]"):
        feedback_rating_records(["not a request"])  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match="requests"):
        feedback_rating_records(None)  # type: ignore[arg-type]
