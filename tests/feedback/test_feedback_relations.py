"""The 360 breakdown by reviewer relation, all or nothing for an anonymous request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given

import perfcore as pc
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackSummary,
    RelationSummary,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    summarise,
)
from perfcore.testing.strategies import feedback_requests

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)
COACHING = Topic(kind=TopicKind.GENERAL, ref_id="coaching")
CLARITY = Topic(kind=TopicKind.GENERAL, ref_id="clarity")
PEER, REPORT = ReviewerRelation.PEER, ReviewerRelation.DIRECT_REPORT


def _request(
    answers: Sequence[tuple[str, ReviewerRelation, Mapping[Topic, float]]], *, anonymous: bool
) -> FeedbackRequest:
    request = FeedbackRequest.open(
        request_id="fr-360",
        subject_id="rosa",
        manager_id="omar",
        reviewers=tuple(Reviewer(person_id=p, relation=r) for p, r, _ in answers),
        topics=(COACHING, CLARITY),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 30),
        anonymous=anonymous,
        by=HR,
        at=AT,
    )
    for person, _, values in answers:
        response = FeedbackResponse(
            reviewer_id=person,
            ratings=tuple(
                FeedbackRating(
                    topic=topic, rating=pc.Rating(value=value, basis=pc.Basis(text="seen"))
                )
                for topic, value in values.items()
            ),
        )
        request = request.respond(
            response, by=pc.Actor(person_id=person, role=pc.Role.REVIEWER), at=AT
        )
    return request


def _group(summary: FeedbackSummary | None, relation: ReviewerRelation) -> RelationSummary:
    assert summary is not None
    found = summary.for_relation(relation)
    assert found is not None
    return found


def test_three_peers_and_three_reports_are_shown_apart() -> None:
    answers = [
        ("p1", PEER, {COACHING: 4, CLARITY: 5}),
        ("p2", PEER, {COACHING: 5, CLARITY: 4}),
        ("p3", PEER, {COACHING: 3, CLARITY: 3}),
        ("r1", REPORT, {COACHING: 2, CLARITY: 3}),
        ("r2", REPORT, {COACHING: 3, CLARITY: 2}),
        ("r3", REPORT, {COACHING: 1}),
    ]
    summary = summarise(_request(answers, anonymous=True))
    assert summary is not None
    assert summary.relations_withheld is None
    assert [group.relation for group in summary.by_relation] == [PEER, REPORT]
    peers, reports = _group(summary, PEER), _group(summary, REPORT)
    coaching = peers.for_topic(COACHING)
    assert coaching is not None
    assert (peers.responses, coaching.mean) == (3, 4.0)  # (4 + 5 + 3) / 3
    coaching = reports.for_topic(COACHING)
    assert coaching is not None
    assert coaching.mean == 2.0  # (2 + 3 + 1) / 3
    # clarity: five ratings overall, but only two from reports: no group shows it,
    # or the reports' mean would follow from the overall and the peers' means
    overall = summary.for_topic(CLARITY)
    assert overall is not None
    assert overall.count == 5
    assert peers.for_topic(CLARITY) is None
    assert reports.for_topic(CLARITY) is None


def test_one_thin_group_withholds_the_whole_breakdown() -> None:
    answers = [
        ("p1", PEER, {COACHING: 4}),
        ("p2", PEER, {COACHING: 5}),
        ("p3", PEER, {COACHING: 3}),
        ("r1", REPORT, {COACHING: 1}),  # alone: its answer = 4 x overall - 3 x peers
    ]
    summary = summarise(_request(answers, anonymous=True))
    assert summary is not None
    assert summary.by_relation == ()
    assert summary.relations_withheld is not None
    # the reason names no group: naming the thin one would tell that it answered at all
    assert not any(r.value in summary.relations_withheld for r in ReviewerRelation)
    overall = summary.for_topic(COACHING)
    assert overall is not None
    assert overall.mean == 3.25


def test_a_named_request_is_always_broken_down() -> None:
    answers = [("p1", PEER, {COACHING: 4}), ("r1", REPORT, {COACHING: 2, CLARITY: 5})]
    summary = summarise(_request(answers, anonymous=False))
    assert summary is not None
    reports = _group(summary, REPORT)
    assert reports.responses == 1
    clarity = reports.for_topic(CLARITY)
    assert clarity is not None
    assert clarity.mean == 5


def test_a_relation_summary_is_validated() -> None:
    with pytest.raises(pc.ValidationError, match=r"RelationSummary\.responses"):
        RelationSummary(relation=PEER, responses=0)


@given(feedback_requests(anonymous=True))
def test_an_anonymous_breakdown_never_gives_an_answer_away(request: FeedbackRequest) -> None:
    summary = summarise(request)
    if summary is None:
        return
    if not summary.by_relation:
        return
    minimum = request.minimum_responses
    assert summary.relations_withheld is None
    assert sum(group.responses for group in summary.by_relation) == summary.responses
    for group in summary.by_relation:
        assert group.responses >= minimum
        for topic in group.topics:
            assert topic.count >= minimum
    # a topic is broken down for every group that rated it, or for none
    for overall in summary.topics:
        shown = [g.for_topic(overall.topic) for g in summary.by_relation]
        counts = [t.count for t in shown if t is not None]
        if counts:
            assert sum(counts) == overall.count


@given(feedback_requests(anonymous=False))
def test_a_named_breakdown_adds_up(request: FeedbackRequest) -> None:
    summary = summarise(request)
    assert summary is not None
    assert sum(group.responses for group in summary.by_relation) == summary.responses
    for overall in summary.topics:
        total = sum(
            t.count for g in summary.by_relation if (t := g.for_topic(overall.topic)) is not None
        )
        assert total == overall.count
