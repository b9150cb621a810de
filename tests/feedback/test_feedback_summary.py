"""Feedback summaries and the feedback score: worked numbers and properties.

The worked request ``fr-anon`` is anonymous (at least 3 answers shown), asks
four peers about teamwork and goal ``g1`` on a 1-5 scale. ``fr-named`` asks
two named peers on a 0-10 scale; ``fr-few`` is anonymous with too few answers.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackScore,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    TopicSummary,
    feedback_score,
    summarise,
)
from perfcore.testing.strategies import feedback_requests, rating_scales

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
G1 = Topic(kind=TopicKind.GOAL, ref_id="g1")
MANAGER = pc.Actor(person_id="m-3", role=pc.Role.MANAGER)
ONE_TO_FIVE = pc.RatingScale(minimum=1, maximum=5)


def day(n: int) -> dt.datetime:
    """``AT`` plus ``n`` days."""
    return AT + dt.timedelta(days=n)


def peers(count: int) -> tuple[Reviewer, ...]:
    """Peers ``p-1`` ... ``p-count``."""
    return tuple(
        Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER) for n in range(1, count + 1)
    )


def request(
    request_id: str, count: int, *, anonymous: bool, scale: pc.RatingScale = ONE_TO_FIVE
) -> FeedbackRequest:
    """A request about ``e-17`` to ``count`` peers, in cycle ``e-17/2026``."""
    return FeedbackRequest.open(
        request_id=request_id,
        subject_id="e-17",
        manager_id="m-3",
        reviewers=peers(count),
        topics=(TEAMWORK, G1),
        scale=scale,
        expires_on=dt.date(2026, 11, 20),
        by=MANAGER,
        at=AT,
        anonymous=anonymous,
        cycle_id="e-17/2026",
    )


def response(person: str, **values: float) -> FeedbackResponse:
    """``person``'s answer rating the topics named (``teamwork=4, g1=2``)."""
    topics = {"teamwork": TEAMWORK, "g1": G1}
    return FeedbackResponse(
        reviewer_id=person,
        ratings=tuple(
            FeedbackRating(
                topic=topics[name], rating=pc.Rating(value=value, basis=pc.Basis(text="seen"))
            )
            for name, value in values.items()
        ),
    )


def answer(on: FeedbackRequest, person: str, n: int, **values: float) -> FeedbackRequest:
    """``on`` after ``person`` answered ``values`` on day ``n``."""
    by = pc.Actor(person_id=person, role=pc.Role.REVIEWER)
    return on.respond(response(person, **values), by=by, at=day(n))


def anonymous_three() -> FeedbackRequest:
    """``fr-anon`` with three answers: teamwork 4, 5, 3; g1 rated 2 once."""
    anon = answer(request("fr-anon", 4, anonymous=True), "p-1", 1, teamwork=4, g1=2)
    anon = answer(anon, "p-2", 2, teamwork=5)
    return answer(anon, "p-3", 3, teamwork=3)


def named_two() -> FeedbackRequest:
    """``fr-named`` on 0-10: p-1 rates teamwork 5, p-2 rates teamwork 10 and g1 10."""
    named = request("fr-named", 2, anonymous=False, scale=pc.RatingScale(minimum=0, maximum=10))
    return answer(answer(named, "p-1", 1, teamwork=5), "p-2", 2, teamwork=10, g1=10)


def anonymous_two() -> FeedbackRequest:
    """``fr-few``: anonymous, three answers needed, two given."""
    few = answer(request("fr-few", 3, anonymous=True), "p-1", 1, teamwork=1)
    return answer(few, "p-2", 2, teamwork=1)


# --- worked examples -----------------------------------------------------------------


def test_an_anonymous_summary_is_withheld_below_three_answers() -> None:
    anon = answer(request("fr-anon", 4, anonymous=True), "p-1", 1, teamwork=4, g1=2)
    anon = answer(anon, "p-2", 2, teamwork=5)
    assert summarise(anon) is None
    assert anon.withheld_reason == (
        "fewer than 3 answers to an anonymous request; the summary is withheld"
    )
    declined = anon.decline(
        reason="on leave", by=pc.Actor(person_id="p-4", role=pc.Role.REVIEWER), at=day(3)
    )
    assert summarise(declined) is None  # a decline is not an answer


def test_the_third_answer_shows_the_summary_without_thin_topics() -> None:
    summary = summarise(anonymous_three())
    assert summary is not None
    assert summary.request_id == "fr-anon"
    assert summary.responses == 3
    # teamwork: (4 + 5 + 3) / 3 = 4; g1 was rated by one reviewer only, so it is withheld
    assert summary.topics == (TopicSummary(topic=TEAMWORK, count=3, mean=4.0),)
    assert summary.withheld_topics == (G1,)
    assert summary.for_topic(G1) is None
    assert anonymous_three().withheld_reason is None


def test_a_correction_replaces_the_answer_in_the_summary() -> None:
    corrected = anonymous_three().correct(
        response("p-1", teamwork=1, g1=2),
        reason="rated the wrong colleague",
        by=pc.Actor(person_id="p-1", role=pc.Role.REVIEWER),
        at=day(4),
    )
    summary = summarise(corrected)
    assert summary is not None
    # (1 + 5 + 3) / 3 = 3: still three answers, the first one replaced
    assert (summary.responses, summary.topics[0].count, summary.topics[0].mean) == (3, 3, 3.0)


def test_a_named_summary_shows_every_rated_topic() -> None:
    summary = summarise(named_two())
    assert summary is not None
    assert summary.topics == (
        TopicSummary(topic=TEAMWORK, count=2, mean=7.5),  # (5 + 10) / 2
        TopicSummary(topic=G1, count=1, mean=10.0),
    )
    assert summary.withheld_topics == ()


def test_a_summary_with_no_rating_lists_no_topic() -> None:
    empty = request("fr-0", 2, anonymous=False)
    summary = summarise(empty)
    assert summary is not None
    assert (summary.responses, summary.topics, summary.withheld_topics) == (0, (), ())


def released(on: FeedbackRequest) -> FeedbackRequest:
    """``on`` released by its manager on day 5."""
    return on.release(by=MANAGER, at=day(5))


def test_the_feedback_score_averages_shown_ratings_on_the_target_scale() -> None:
    requests = [anonymous_two(), released(named_two()), released(anonymous_three())]
    score = feedback_score(requests, scale=ONE_TO_FIVE)
    # fr-anon shows teamwork 4, 5, 3 (g1 withheld); fr-named's 5, 10, 10 on 0-10 become
    # 1 + 0.5 x 4 = 3, 5 and 5 on 1-5; fr-few is not released: (4 + 5 + 3 + 3 + 5 + 5) / 6
    assert score.ratings == 6
    assert score.value == pytest.approx(25 / 6)
    assert score.request_ids == ("fr-anon", "fr-named")
    assert score.withheld_ids == ()
    assert score.unreleased_ids == ("fr-few",)
    assert score.explanation == (
        "mean of 6 rating(s) from 2 request(s) on the scale 1-5 = 4.167; not released yet: fr-few"
    )
    assert feedback_score([anonymous_three(), named_two()], scale=ONE_TO_FIVE).value is None
    percent = feedback_score(requests, scale=pc.RatingScale(minimum=0, maximum=100))
    # 75, 100, 50 and 50, 100, 100: 475 / 6
    assert percent.value == pytest.approx(475 / 6)


def test_a_feedback_score_with_nothing_shown_has_no_value() -> None:
    score = feedback_score([anonymous_two()], scale=ONE_TO_FIVE)
    assert score == FeedbackScore(
        value=None,
        ratings=0,
        request_ids=(),
        unreleased_ids=("fr-few",),
        explanation="no feedback rating to score; not released yet: fr-few",
    )
    assert feedback_score((), scale=ONE_TO_FIVE).value is None


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["fr-1", None, summarise])
def test_summarise_takes_a_request(bad: object) -> None:
    with pytest.raises(pc.ValidationError) as info:
        summarise(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("request",)


@pytest.mark.parametrize(
    ("requests", "path"),
    [
        ("fr-1", "requests"),
        (5, "requests"),
        ([None], "requests[0]"),
        ([anonymous_two(), "fr-2"], "requests[1]"),
        ([anonymous_two(), anonymous_two()], "requests"),
    ],
)
def test_feedback_score_takes_distinct_requests(requests: object, path: str) -> None:
    with pytest.raises(pc.ValidationError) as info:
        feedback_score(requests, scale=ONE_TO_FIVE)  # type: ignore[arg-type]
    assert info.value.paths == (path,)


def test_feedback_score_takes_a_scale() -> None:
    with pytest.raises(pc.ValidationError) as info:
        feedback_score([], scale="1-5")  # type: ignore[arg-type]
    assert info.value.paths == ("scale",)


# --- properties ----------------------------------------------------------------------


def _rated(on: FeedbackRequest) -> dict[Topic, list[float]]:
    values: dict[Topic, list[float]] = {}
    for answer_ in on.responses:
        for item in answer_.ratings:
            values.setdefault(item.topic, []).append(item.rating.value)
    return values


@given(feedback_requests())
def test_the_summary_appears_iff_enough_answered(drawn: FeedbackRequest) -> None:
    withheld = drawn.anonymous and len(drawn.responses) < drawn.minimum_responses
    assert (summarise(drawn) is None) == withheld
    assert (drawn.withheld_reason is not None) == withheld


@given(feedback_requests(anonymous=True))
def test_a_shown_anonymous_summary_never_lists_a_thin_topic(drawn: FeedbackRequest) -> None:
    summary = summarise(drawn)
    if summary is None:
        assert len(drawn.responses) < drawn.minimum_responses
        return
    rated = _rated(drawn)
    assert all(item.count >= drawn.minimum_responses for item in summary.topics)
    assert all(len(rated[topic]) < drawn.minimum_responses for topic in summary.withheld_topics)
    shown = [item.topic for item in summary.topics]
    assert sorted(map(str, [*shown, *summary.withheld_topics])) == sorted(map(str, rated))


@given(feedback_requests())
def test_summary_means_equal_the_hand_mean(drawn: FeedbackRequest) -> None:
    summary = summarise(drawn)
    if summary is None:
        return
    rated = _rated(drawn)
    assert summary.responses == len(drawn.responses)
    order = [topic for topic in drawn.topics if topic in rated]
    assert [item.topic for item in summary.topics] == [
        t for t in order if t not in summary.withheld_topics
    ]
    if not drawn.anonymous:
        assert summary.withheld_topics == ()
    for item in summary.topics:
        values = rated[item.topic]
        exact = sum(map(Fraction, values)) / len(values)
        assert item.count == len(values)
        assert math.isclose(item.mean, float(exact), rel_tol=1e-12, abs_tol=1e-9)
        assert min(values) <= item.mean <= max(values)


@given(
    st.lists(feedback_requests(max_steps=6), max_size=3, unique_by=lambda r: r.id),
    rating_scales(),
)
def test_feedback_score_is_the_mean_of_the_shown_ratings(
    drawn: list[FeedbackRequest], scale: pc.RatingScale
) -> None:
    score = feedback_score(drawn, scale=scale)
    converted: list[float] = []
    used: list[str] = []
    withheld: list[str] = []
    for one in sorted(drawn, key=lambda r: r.id):
        if not one.released:
            assert one.id in score.unreleased_ids
            continue
        summary = summarise(one)
        if summary is None:
            withheld.append(one.id)
            continue
        shown = {item.topic for item in summary.topics}
        values = [
            one.scale.convert(item.rating.value, to=scale)
            for answer_ in one.responses
            for item in answer_.ratings
            if item.topic in shown
        ]
        converted += values
        if values:
            used.append(one.id)
    assert score.withheld_ids == tuple(withheld)
    assert score.request_ids == tuple(used)
    assert score.ratings == len(converted)
    if not converted:
        assert score.value is None
        return
    assert score.value is not None
    exact = sum(map(Fraction, converted)) / len(converted)
    assert math.isclose(score.value, float(exact), rel_tol=1e-9, abs_tol=1e-9)
    assert scale.minimum - 1e-9 <= score.value <= scale.maximum + 1e-9
