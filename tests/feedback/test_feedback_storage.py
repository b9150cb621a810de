"""Storing a feedback request as a cycle is stored: its version, the events since, a tail applied.

The same kernel serves both aggregates, so a request has ``version``,
``events_since`` and ``apply`` and every command takes ``expected_version``,
refusing a stale one with :class:`perfcore.VersionConflict` and changing nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.testing.strategies import feedback_requests

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
MANAGER = pc.Actor(person_id="m-3", role=pc.Role.MANAGER)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")


def day(n: float) -> dt.datetime:
    return AT + dt.timedelta(days=n)


def reviewer(person: str) -> pc.Actor:
    return pc.Actor(person_id=person, role=pc.Role.REVIEWER)


def answer(person: str, teamwork: float = 4) -> FeedbackResponse:
    rating = pc.Rating(value=teamwork, basis=pc.Basis(text="Q3 launch"))
    return FeedbackResponse(
        reviewer_id=person, ratings=(FeedbackRating(topic=TEAMWORK, rating=rating),)
    )


def refused(
    request: FeedbackRequest, command: Callable[[FeedbackRequest], object], error: type[E]
) -> E:
    """``command(request)`` raises ``error`` and leaves ``request`` as it was."""
    before = attrs.evolve(request)
    with pytest.raises(error) as info:
        command(request)
    assert request == before
    return info.value


E = TypeVar("E", bound=pc.PerfcoreError)

Command = Callable[..., FeedbackRequest]

COMMANDS: dict[str, Command] = {
    "respond": lambda r, v: r.respond(
        answer("p-2"), by=reviewer("p-2"), at=day(2), expected_version=v
    ),
    "correct": lambda r, v: r.correct(
        answer("p-1", 2), reason="Misread", by=reviewer("p-1"), at=day(2), expected_version=v
    ),
    "decline": lambda r, v: r.decline(
        reason="On leave", by=reviewer("p-3"), at=day(2), expected_version=v
    ),
    "release": lambda r, v: r.release(by=MANAGER, at=day(2), expected_version=v),
    "close": lambda r, v: r.close(by=HR, at=day(2), expected_version=v),
}


def started() -> FeedbackRequest:
    """``fr-1`` opened by the manager for four peers, answered once by ``p-1``: version 2."""
    request = FeedbackRequest.open(
        request_id="fr-1",
        subject_id="e-17",
        manager_id=MANAGER.person_id,
        reviewers=tuple(
            Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER) for n in range(1, 5)
        ),
        topics=(TEAMWORK,),
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 20),
        by=MANAGER,
        at=AT,
    )
    return request.respond(answer("p-1"), by=reviewer("p-1"), at=day(1))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_the_version_it_was_read_at(name: str) -> None:
    request = started()
    assert request.version == 2
    done = COMMANDS[name](request, 2)
    assert done.version == 3
    assert done == COMMANDS[name](request, None)
    command = COMMANDS[name]
    for stale in (1, 3, 0):
        conflict = refused(request, functools.partial(command, v=stale), pc.VersionConflict)
        assert (conflict.expected, conflict.actual, conflict.subject) == (stale, 2, "request")
        assert str(conflict) == f"expected version {stale}, but the request is at version 2"
        assert conflict.to_problem()["status"] == 409
    bad_versions: tuple[Any, ...] = ("2", 2.0, True)
    for bad in bad_versions:
        malformed = refused(request, functools.partial(command, v=bad), pc.MalformedInput)
        assert malformed.paths == ("expected_version",)


def test_a_bad_actor_is_refused_before_the_version_is_looked_at() -> None:
    error = refused(
        started(),
        lambda r: r.close(by="hr-1", at=day(2), expected_version=9),  # type: ignore[arg-type]
        pc.PerfcoreError,
    )
    assert isinstance(error, pc.MalformedInput)


def test_events_since_a_version_are_what_a_store_appends() -> None:
    request = started().close(by=MANAGER, at=day(3))
    assert request.events_since(0) == request.events
    assert request.events_since(3) == ()
    assert [type(e).__name__ for e in request.events_since(1)] == [
        "FeedbackGiven",
        "FeedbackRequestClosed",
    ]
    for bad, code in ((-1, "out_of_range"), (4, "out_of_range"), ("1", "not_an_integer")):
        with pytest.raises(pc.MalformedInput) as info:
            request.events_since(bad)  # type: ignore[arg-type]
        assert [(p.path, p.code) for p in info.value.problems] == [("version", code)]


@given(request=feedback_requests(), data=st.data())
def test_a_saved_request_continued_by_its_tail_is_the_whole_replay(
    request: FeedbackRequest, data: st.DataObject
) -> None:
    n = data.draw(st.integers(min_value=1, max_value=request.version))
    saved = FeedbackRequest.replay(request.events[:n])
    assert saved.version == n
    assert saved.apply(request.events_since(n)) == request == FeedbackRequest.replay(request.events)
    assert saved.apply(request.events_since(n), verify=False) == request


def test_a_forged_tail_is_refused_where_a_whole_replay_refuses_it() -> None:
    request = started().close(by=MANAGER, at=day(3))
    saved = FeedbackRequest.replay(request.events[:2])
    forged = attrs.evolve(request.events[2], actor=reviewer("p-4"))
    with pytest.raises(pc.ValidationError) as whole:
        FeedbackRequest.replay((*request.events[:2], forged))
    with pytest.raises(pc.ValidationError) as tail:
        saved.apply([forged])
    assert tail.value.paths == whole.value.paths == ("events[2]",)
    assert str(tail.value) == str(whole.value)
    with pytest.raises(pc.ValidationError) as info:
        saved.apply([request.events[0]])
    assert info.value.paths[0].startswith("events[2]")
