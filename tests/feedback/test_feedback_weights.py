"""Feedback weighted per topic and averaged per document (reviewer's answer), as user code.

The worked numbers: two reviewers rate delivery (weight 70) and teamwork
(weight 30) on 1-5. One gives 4 and 3.5, a form scoring 0.7 x 4 + 0.3 x 3.5
= 3.85; the other 3 and 4, a form scoring 0.7 x 3 + 0.3 x 4 = 3.3. Averaged
per form: (3.85 + 3.3) / 2 = 3.575. Pooling the four ratings instead:
(4 + 3.5 + 3 + 4) / 4 = 3.625.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import rejects
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    cycle_feedback_score,
    feedback_score,
)

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
DELIVERY = Topic(kind=TopicKind.GENERAL, ref_id="delivery")
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
MANAGER = pc.Actor(person_id="m-3", role=pc.Role.MANAGER)
ONE_TO_FIVE = pc.RatingScale(minimum=1, maximum=5)
WEIGHTS = {"delivery": 70, "teamwork": 30}


def released(
    *forms: dict[Topic, float],
    request_id: str = "fr-1",
    topics: tuple[Topic, ...] = (DELIVERY, TEAMWORK),
) -> FeedbackRequest:
    """A named request about ``e-17`` answered with one form per reviewer, then released."""
    request = FeedbackRequest.open(
        request_id=request_id,
        subject_id="e-17",
        manager_id="m-3",
        reviewers=tuple(
            Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER)
            for n in range(1, len(forms) + 1)
        ),
        topics=topics,
        scale=ONE_TO_FIVE,
        expires_on=dt.date(2026, 11, 20),
        by=MANAGER,
        at=AT,
        cycle_id="e-17/2026",
    )
    for n, form in enumerate(forms, start=1):
        person = f"p-{n}"
        answer = FeedbackResponse(
            reviewer_id=person,
            ratings=tuple(
                FeedbackRating(topic=t, rating=pc.Rating(value=x, basis=pc.Basis(text="seen")))
                for t, x in form.items()
            ),
        )
        by = pc.Actor(person_id=person, role=pc.Role.REVIEWER)
        request = request.respond(answer, by=by, at=AT + dt.timedelta(hours=n))
    return request.release(by=MANAGER, at=AT + dt.timedelta(days=1))


FRAPPE = released({DELIVERY: 4, TEAMWORK: 3.5}, {DELIVERY: 3, TEAMWORK: 4})


def test_per_document_weighting_gives_the_average_of_the_form_scores() -> None:
    score = feedback_score(
        [FRAPPE], scale=ONE_TO_FIVE, topic_weights={"delivery": 70, "teamwork": 30}, per="response"
    )
    assert score.value == 3.575  # exact sums, rounded once
    assert score.ratings == 4
    assert score.explanation == (
        "mean of 2 response(s), each the topic-weighted mean of its ratings"
        " (topic weights: general:delivery 70, general:teamwork 30)"
        " from 1 request(s) on the scale 1-5 = 3.575"
    )


def test_pooling_every_rating_stays_the_default() -> None:
    pooled = feedback_score([FRAPPE], scale=ONE_TO_FIVE)
    assert pooled.value == 3.625
    assert pooled.explanation == "mean of 4 rating(s) from 1 request(s) on the scale 1-5 = 3.625"


def test_per_topic_and_weighted_pool_agree_when_every_form_rates_every_topic() -> None:
    # topic means 3.5 and 3.75: 0.7 x 3.5 + 0.3 x 3.75 = 3.575
    for per in ("topic", "rating"):
        score = feedback_score([FRAPPE], scale=ONE_TO_FIVE, topic_weights=WEIGHTS, per=per)
        assert score.value == pytest.approx(3.575)


def test_the_three_averages_differ_when_a_form_skips_a_topic() -> None:
    # p-1 rates delivery 5 only; p-2 rates delivery 1 and teamwork 3
    request = released({DELIVERY: 5}, {DELIVERY: 1, TEAMWORK: 3})
    weights = {DELIVERY: 3, TEAMWORK: 1}

    def value(per: str) -> float | None:
        return feedback_score([request], scale=ONE_TO_FIVE, topic_weights=weights, per=per).value

    assert value("rating") == pytest.approx((3 * 5 + 3 * 1 + 1 * 3) / 7)  # 3
    assert value("response") == pytest.approx((5 + (3 * 1 + 1 * 3) / 4) / 2)  # 3.25
    assert value("topic") == pytest.approx((3 * 3 + 1 * 3) / 4)  # topic means 3 and 3: 3


def test_the_cycle_component_takes_the_same_weighting_on_zero_to_one() -> None:
    score = cycle_feedback_score(
        [FRAPPE], cycle_id="e-17/2026", subject_id="e-17", topic_weights=WEIGHTS, per="response"
    )
    assert score.value == pytest.approx((3.575 - 1) / 4)  # 3.575 on 1-5 lies at 0.64375


def test_weights_may_be_keyed_by_topic() -> None:
    by_topic = {DELIVERY: 7, TEAMWORK: 3}
    score = feedback_score([FRAPPE], scale=ONE_TO_FIVE, topic_weights=by_topic, per="response")
    assert score.value == pytest.approx(3.575)


@pytest.mark.parametrize(
    ("weights", "path", "phrase"),
    [
        ({"delivery": 70, "teamwork": 0}, "topic_weights[teamwork]", "must be a number above 0"),
        ({"delivery": 70, "teamwork": -1}, "topic_weights[teamwork]", "above 0, got int -1"),
        ({"delivery": "70", "teamwork": 30}, "topic_weights[delivery]", "got str '70'"),
        ({"delivery": 70, "teamwork": float("nan")}, "topic_weights[teamwork]", "above 0"),
        (
            {"delivery": 70, "teamwork": 20, "quality": 10},
            "topic_weights[quality]",
            r"is not a topic of the requests \(topics: general:delivery, general:teamwork\)",
        ),
        (
            {"delivery": 70, Topic(kind=TopicKind.GOAL, ref_id="teamwork"): 30},
            "topic_weights[goal:teamwork]",
            "is not a topic of the requests",
        ),
        ({"delivery": 70, 3: 30}, "topic_weights[int 3]", "is not a topic of the requests"),
        (
            {"delivery": 70},
            "topic_weights",
            "has no weight for topic.s. general:teamwork; every topic the requests ask about",
        ),
        ({"delivery": 70, DELIVERY: 30}, "topic_weights[general:delivery]", "a second time"),
        ([("delivery", 70)], "topic_weights", "must map topics to weights, got list"),
    ],
)
def test_bad_weights_are_refused_naming_the_topic(weights: Any, path: str, phrase: str) -> None:
    rejects(
        lambda: feedback_score([FRAPPE], scale=ONE_TO_FIVE, topic_weights=weights, per="response"),
        path,
        phrase,
    )


def test_a_ref_id_naming_two_topics_must_be_keyed_by_the_topic() -> None:
    goal = Topic(kind=TopicKind.GOAL, ref_id="delivery")
    request = released({DELIVERY: 4, goal: 3}, topics=(DELIVERY, goal))
    rejects(
        lambda: feedback_score([request], scale=ONE_TO_FIVE, topic_weights={"delivery": 1}),
        "topic_weights[delivery]",
        "names general:delivery and goal:delivery: key it by the Topic",
    )
    weights = {DELIVERY: 1, goal: 3}
    score = feedback_score([request], scale=ONE_TO_FIVE, topic_weights=weights, per="response")
    assert score.value == pytest.approx(3.25)


def test_per_must_name_an_average() -> None:
    rejects(
        lambda: feedback_score([FRAPPE], scale=ONE_TO_FIVE, per="form"),
        "per",
        "must be one of 'rating', 'response', 'topic', got str 'form'",
    )


FORMS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            DELIVERY: st.integers(1, 5).map(float),
            TEAMWORK: st.integers(1, 5).map(float),
        },
    ).filter(bool),
    min_size=1,
    max_size=4,
)


@given(forms=FORMS, delivery=st.integers(1, 9), teamwork=st.integers(1, 9))
def test_per_response_is_the_mean_of_each_forms_weighted_mean(
    forms: list[dict[Topic, float]], delivery: int, teamwork: int
) -> None:
    weights = {DELIVERY: delivery, TEAMWORK: teamwork}
    request = released(*forms)
    score = feedback_score([request], scale=ONE_TO_FIVE, topic_weights=weights, per="response")
    by_hand = [
        sum(Fraction(x) * weights[t] for t, x in form.items()) / sum(weights[t] for t in form)
        for form in forms
    ]
    assert score.value == float(sum(by_hand, Fraction(0)) / len(by_hand))
    # equal weights per document is the pooled mean when every form rates every topic
    if all(len(form) == 2 for form in forms) and delivery == teamwork:
        pooled = feedback_score([request], scale=ONE_TO_FIVE).value
        assert score.value == pytest.approx(pooled)
