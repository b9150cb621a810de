"""A feedback request replays on the same kernel as a cycle.

Every stored event is re-decided by the command that records it, and must be
exactly what that command records; the trusted path checks only the envelope;
replay and refusal cost time linear in the number of events.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import perfcore as pc
from growth import LINEAR, growth
from perfcore.feedback import (
    FeedbackGiven,
    FeedbackRating,
    FeedbackRequest,
    FeedbackRequested,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES
from perfcore.feedback.request import _COMMAND_OF as COMMAND_OF
from perfcore.serialization import make_converter

CONV = make_converter()
AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
MANAGER = pc.Actor(person_id="m-3", role=pc.Role.MANAGER)


def reviewer(person: str) -> pc.Actor:
    return pc.Actor(person_id=person, role=pc.Role.REVIEWER)


def answer(person: str, value: float = 4) -> FeedbackResponse:
    return FeedbackResponse(
        reviewer_id=person,
        ratings=(
            FeedbackRating(
                topic=TEAMWORK, rating=pc.Rating(value=value, basis=pc.Basis(text="Q3 launch"))
            ),
        ),
    )


def opened(reviewers: int = 4) -> FeedbackRequest:
    return FeedbackRequest.open(
        request_id="fr-1",
        subject_id="e-17",
        manager_id=MANAGER.person_id,
        reviewers=tuple(
            Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER) for n in range(reviewers)
        ),
        topics=(TEAMWORK,),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 20),
        by=MANAGER,
        at=AT,
    )


def test_every_feedback_event_type_has_a_rule_for_rebuilding_its_command() -> None:
    """A new feedback event type fails here until replay knows which command records it."""
    assert set(COMMAND_OF) == set(FEEDBACK_EVENT_TYPES) - {FeedbackRequested}


def test_a_stored_event_must_be_exactly_what_its_command_records() -> None:
    request = opened().respond(answer("p-1"), by=reviewer("p-1"), at=AT)
    given = request.events[1]
    assert isinstance(given, FeedbackGiven)
    explained = attrs.evolve(given, reason="Added later")  # respond records no reason
    with pytest.raises(pc.ValidationError) as info:
        FeedbackRequest.replay((request.events[0], explained))
    assert info.value.paths == ("events[1].reason",)
    assert "its command records None" in info.value.problems[0].message
    data = CONV.unstructure(FeedbackRequest.replay((request.events[0], explained), verify=False))
    with pytest.raises(pc.ValidationError) as info:
        CONV.structure(data, FeedbackRequest)
    assert info.value.paths == ("$.events[1].reason",)


def test_an_off_scale_answer_is_refused_and_the_trusted_path_checks_only_the_envelope() -> None:
    request = opened()
    forged = FeedbackGiven(
        request_id="fr-1", sequence=1, actor=reviewer("p-1"), at=AT, response=answer("p-1", 9)
    )
    with pytest.raises(pc.ValidationError) as info:
        FeedbackRequest.replay((request.events[0], forged))
    assert info.value.paths == ("events[1].response.ratings[0].rating.value",)
    trusted = FeedbackRequest.replay((request.events[0], forged), verify=False)
    assert trusted.response_of("p-1") == answer("p-1", 9)
    with pytest.raises(pc.ValidationError) as info:
        FeedbackRequest.replay((request.events[0], attrs.evolve(forged, sequence=2)), verify=False)
    assert info.value.paths == ("events[1].sequence",)


def _answered_by_all(reviewers: int) -> tuple[pc.feedback.FeedbackEvent, ...]:
    request = opened(reviewers)
    events = list(request.events)
    for n in range(reviewers):
        events.append(
            FeedbackGiven(
                request_id=request.id,
                sequence=len(events),
                actor=reviewer(f"p-{n}"),
                at=AT + dt.timedelta(seconds=n),
                response=answer(f"p-{n}"),
            )
        )
    return tuple(events)


def _refuse(events: tuple[pc.feedback.FeedbackEvent, ...]) -> None:
    with pytest.raises(pc.ValidationError):
        FeedbackRequest.replay(events)


def test_replay_and_refusal_grow_linearly_with_the_answers() -> None:
    """4x the answers costs well under 16x (quadratic); times only compared with each other."""
    small, large = _answered_by_all(1000), _answered_by_all(4000)
    assert FeedbackRequest.replay(large) == FeedbackRequest.replay(large, verify=False)
    bad_small = (*small[:-1], attrs.evolve(small[-1], actor=reviewer("p-0")))
    bad_large = (*large[:-1], attrs.evolve(large[-1], actor=reviewer("p-0")))
    ratios = {
        "replay": growth(
            lambda: FeedbackRequest.replay(small), lambda: FeedbackRequest.replay(large)
        ),
        "refuse": growth(lambda: _refuse(bad_small), lambda: _refuse(bad_large)),
    }
    assert all(ratio < LINEAR for ratio in ratios.values()), ratios
