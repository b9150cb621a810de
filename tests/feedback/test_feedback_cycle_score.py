"""Feedback requests feed the composite appraisal score's "feedback" component.

The cycle takes the component as a value; perfcore.feedback.cycle_feedback_score
works it out from the cycle's requests.
"""

from __future__ import annotations

import datetime as dt

import pytest

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, AppraisalScore, ScoringConfig
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    cycle_feedback_score,
)
from perfcore.scoring import Composite
from strategies import EMPLOYEE, MANAGER

TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
BLEND = ScoringConfig(composite=Composite(weights={"goals": 80, "feedback": 20}))


def _score(cycle: pc.Cycle, requests: list[FeedbackRequest]) -> AppraisalScore:
    feedback = cycle_feedback_score(requests, cycle_id=cycle.id, subject_id=cycle.employee_id)
    return cycle.compute_score(BLEND, DEFAULT_REGISTRY, components={"feedback": feedback.value})


def test_the_component_is_the_feedback_score_on_zero_to_one() -> None:
    cycle = _scored_cycle()
    requests = [_request(cycle, "f1", [4, 5]), _request(cycle, "f2", [2])]
    component = cycle_feedback_score(requests, cycle_id=cycle.id, subject_id=cycle.employee_id)
    # 4, 5 and 2 on 1-5 lie at 0.75, 1.0 and 0.25 of the scale: mean 2/3
    assert component.value == pytest.approx(2 / 3)
    assert component.request_ids == ("f1", "f2")
    assert component.explanation.endswith("on the scale 0-1 = 0.6667")


def _scored_cycle() -> pc.Cycle:
    cycle = b.appraisal_entered()
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    return cycle.submit_manager_assessment(b.scored_manager_assessment(), by=MANAGER, at=b.when(42))


def _request(
    cycle: pc.Cycle,
    request_id: str,
    values: list[float],
    *,
    anonymous: bool = False,
    release: bool = True,
) -> FeedbackRequest:
    """A request answered with ``values``, released when it may be (enough answers)."""
    at = b.when(41)
    reviewers = tuple(
        Reviewer(person_id=f"{request_id}-p{i}", relation=ReviewerRelation.PEER)
        for i in range(max(len(values), 3))
    )
    request = FeedbackRequest.open(
        request_id=request_id,
        subject_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        reviewers=reviewers,
        topics=(TEAMWORK,),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=at.date() + dt.timedelta(days=14),
        anonymous=anonymous,
        cycle_id=cycle.id,
        by=MANAGER,
        at=at,
    )
    for reviewer, value in zip(reviewers, values, strict=False):
        rating = pc.Rating(value=value, basis=pc.Basis(text="worked together"))
        answer = FeedbackResponse(
            reviewer_id=reviewer.person_id,
            ratings=(FeedbackRating(topic=TEAMWORK, rating=rating),),
        )
        request = request.respond(
            answer, by=pc.Actor(person_id=reviewer.person_id, role=pc.Role.REVIEWER), at=at
        )
    if release and request.withheld_reason is None:
        request = request.release(by=MANAGER, at=at)
    return request


def test_only_released_feedback_reaches_a_score() -> None:
    """A score is released to the employee: feedback they may not see stays out of it."""
    cycle = _scored_cycle()
    early = _request(cycle, "f5", [1, 2, 3], anonymous=True, release=False)
    named = _request(cycle, "f6", [5], release=False)
    score = _score(cycle, [early, named])
    assert score.composite is not None
    assert "'feedback' has no value" in score.composite.explanation
    final = early.release(by=MANAGER, at=b.when(42))
    score = _score(cycle, [final, named])
    assert score.composite is not None
    parts = {c.key: c.value for c in score.composite.contributions}
    assert parts["feedback"] == pytest.approx(0.25)  # 0, 0.25, 0.5; f6 still out
    # Released means closed: no later answer can follow, so no second score to compare.
    assert final.status(b.when(43).date()).value == "closed"


def test_feedback_fills_the_composite_on_zero_to_one() -> None:
    cycle = _scored_cycle()
    goals_only = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY).value
    # ratings 4 and 5 on 1-5 lie at 0.75 and 1.0 of the scale: mean 0.875
    score = _score(cycle, [_request(cycle, "f1", [4, 5])])
    assert score.composite is not None
    parts = {c.key: c.value for c in score.composite.contributions}
    assert parts["feedback"] == pytest.approx(0.875)
    assert score.value == pytest.approx((80 * goals_only + 20 * 0.875) / 100)


def test_withheld_anonymous_feedback_is_a_missing_component() -> None:
    cycle = _scored_cycle()
    withheld = _request(cycle, "f2", [1, 2], anonymous=True)  # 2 of the 3 needed
    score = _score(cycle, [withheld])
    assert score.composite is not None
    assert "'feedback' has no value" in score.composite.explanation
    shown = _request(cycle, "f3", [1, 2, 3], anonymous=True)
    score = _score(cycle, [withheld, shown])
    assert score.composite is not None
    parts = {c.key: c.value for c in score.composite.contributions}
    assert parts["feedback"] == pytest.approx(0.25)  # 0, 0.25, 0.5


def test_feedback_of_another_cycle_is_refused() -> None:
    cycle = _scored_cycle()
    other = pc.Cycle.start(
        cycle_id="other",
        employee_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        period=b.PERIOD,
        by=MANAGER,
        at=b.T0,
    )
    with pytest.raises(pc.ValidationError, match=r"feedback\[0\]\.cycle_id"):
        _score(cycle, [_request(other, "f4", [3])])
