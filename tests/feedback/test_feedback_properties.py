"""Rules of feedback requests that hold for any request and any command drawn.

Nobody gives feedback on themselves; a command either records one event (and
the request replays to itself) or raises a perfcore error and changes nothing;
a request survives storage, and a corrupted stored request is refused with
paths into the document.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.errors import PerfcoreError
from perfcore.feedback import (
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
)
from perfcore.serialization import make_converter
from perfcore.testing.strategies import (
    feedback_requests,
    feedback_responses,
    rating_scales,
    reviewers,
    roles,
    texts,
    topics,
)

ANY_ROLE = roles() | st.just(pc.Role.REVIEWER)
CONVERTER = make_converter()


def _last(request: FeedbackRequest) -> dt.datetime:
    return request.events[-1].at


def _times_around(request: FeedbackRequest) -> st.SearchStrategy[dt.datetime]:
    """Mostly up to three days after the last event; sometimes a day before or months after."""
    hours = st.integers(0, 72) | st.integers(-24, 24 * 60)
    return hours.map(lambda n: _last(request) + dt.timedelta(hours=n))


def _unchanged_or_replays(
    request: FeedbackRequest, command: Callable[[FeedbackRequest], FeedbackRequest]
) -> FeedbackRequest | None:
    """Run ``command``: accepted, it adds one event and replays; refused, nothing changed."""
    before = attrs.evolve(request)
    try:
        after = command(request)
    except PerfcoreError:
        assert request == before
        return None
    assert after.events[:-1] == request.events
    assert len(after.events) == len(request.events) + 1
    assert FeedbackRequest.replay(after.events) == after
    return after


# --- nobody reviews themselves --------------------------------------------------------


@given(feedback_requests(), st.data())
def test_self_feedback_is_always_refused(request: FeedbackRequest, data: st.DataObject) -> None:
    me = request.subject_id
    actor = data.draw(st.builds(pc.Actor, person_id=st.just(me), role=ANY_ROLE), label="actor")
    mine = data.draw(
        feedback_responses(reviewer_id=me, topics=request.topics, scale=request.scale),
        label="response",
    )
    at = data.draw(_times_around(request), label="at")
    before = attrs.evolve(request)
    with pytest.raises(PerfcoreError):
        request.respond(mine, by=actor, at=at)
    with pytest.raises(PerfcoreError):
        request.correct(mine, reason="second thoughts", by=actor, at=at)
    with pytest.raises(PerfcoreError):
        request.decline(reason="it is me", by=actor, at=at)
    assert request == before
    other = data.draw(st.sampled_from([r.person_id for r in request.reviewers]), label="other")
    anyone = data.draw(st.builds(pc.Actor, person_id=st.just(other), role=ANY_ROLE))
    with pytest.raises(PerfcoreError):
        request.respond(mine, by=anyone, at=at)


@given(feedback_requests(max_steps=0), st.sampled_from(list(ReviewerRelation)), st.data())
def test_a_request_naming_the_reviewee_is_never_opened(
    request: FeedbackRequest, relation: ReviewerRelation, data: st.DataObject
) -> None:
    me = Reviewer(person_id=request.subject_id, relation=relation)
    where = data.draw(st.integers(0, len(request.reviewers)))
    team = (*request.reviewers[:where], me, *request.reviewers[where:])
    with pytest.raises(pc.ValidationError) as info:
        FeedbackRequest.open(
            request_id=request.id,
            subject_id=request.subject_id,
            manager_id=request.manager_id,
            reviewers=team,
            topics=request.topics,
            scale=request.scale,
            expires_on=request.expires_on,
            by=request.requested_by,
            at=_last(request),
            anonymous=request.anonymous,
            minimum_responses=request.minimum_responses,
        )
    assert f"FeedbackRequested.reviewers[{where}].person_id" in info.value.paths


# --- every command either records one event or changes nothing ----------------------------


def _people(request: FeedbackRequest) -> list[str]:
    return sorted(
        {
            request.subject_id,
            request.manager_id,
            request.requested_by.person_id,
            "hr-feedback",
            "stranger",
            *(r.person_id for r in request.reviewers),
        }
    )


T = TypeVar("T")


def _mostly(usual: T, other: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` four times in five, else anything ``other`` draws."""
    return st.integers(0, 4).flatmap(lambda n: other if n == 0 else st.just(usual))


def _role_of(request: FeedbackRequest, person: str, kind: str) -> st.SearchStrategy[pc.Role]:
    """Mostly the role ``person`` would act in for ``kind``; sometimes any role."""
    usual = {
        request.manager_id: pc.Role.MANAGER,
        request.subject_id: pc.Role.EMPLOYEE,
        "hr-feedback": pc.Role.HR,
    }.get(person, pc.Role.REVIEWER)
    if kind in ("respond", "correct", "decline"):
        usual = pc.Role.REVIEWER
    return _mostly(usual, ANY_ROLE)


def _command(
    request: FeedbackRequest, data: st.DataObject
) -> Callable[[FeedbackRequest], FeedbackRequest]:
    kind = data.draw(
        st.sampled_from(["respond", "correct", "decline", "release", "close"]), label="kind"
    )
    named = [r.person_id for r in request.reviewers]
    overseers = [request.manager_id, "hr-feedback", request.subject_id]
    usual = st.sampled_from(named if kind in ("respond", "correct", "decline") else overseers)
    person = data.draw(
        st.integers(0, 3).flatmap(lambda n: st.sampled_from(_people(request)) if n == 0 else usual),
        label="person",
    )
    by = pc.Actor(person_id=person, role=data.draw(_role_of(request, person, kind), label="role"))
    at = data.draw(_times_around(request), label="at")
    reason = data.draw(st.none() | texts(), label="reason")
    if kind in ("respond", "correct"):
        asked = _mostly(request.topics, st.lists(topics(), max_size=2, unique_by=str))
        response: FeedbackResponse = data.draw(
            feedback_responses(
                reviewer_id=_mostly(person, st.sampled_from(_people(request))),
                topics=asked,
                scale=_mostly(request.scale, rating_scales()),
            ),
            label="response",
        )
        if kind == "respond":
            return lambda r: r.respond(response, by=by, at=at)
        return lambda r: r.correct(response, reason=reason or "fix", by=by, at=at)
    if kind == "decline":
        return lambda r: r.decline(reason=reason or "no time", by=by, at=at)
    if kind == "release":
        return lambda r: r.release(by=by, at=at, reason=reason)
    return lambda r: r.close(by=by, at=at, reason=reason)


@given(feedback_requests(max_steps=3), st.data())
def test_any_command_records_one_event_or_nothing(
    request: FeedbackRequest, data: st.DataObject
) -> None:
    for _ in range(4):
        after = _unchanged_or_replays(request, _command(request, data))
        if after is not None:
            request = after


@given(
    st.lists(reviewers(), min_size=1, max_size=4),
    st.lists(topics(), max_size=3),
    st.sampled_from(["e-1", "m-1", "p-1"]),
    ANY_ROLE,
    st.booleans(),
    st.integers(0, 5),
    st.integers(-2, 10),
)
def test_opening_succeeds_and_replays_or_is_refused(  # noqa: PLR0917 - one draw per part
    team: list[Reviewer],
    asked: list[Topic],
    requester: str,
    role: pc.Role,
    anonymous: bool,
    minimum: int,
    days: int,
) -> None:
    at = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    try:
        request = FeedbackRequest.open(
            request_id="fr-1",
            subject_id="e-1",
            manager_id="m-1",
            reviewers=tuple(team),
            topics=tuple(asked),
            scale=pc.RatingScale(minimum=1, maximum=5),
            expires_on=at.date() + dt.timedelta(days=days),
            by=pc.Actor(person_id=requester, role=role),
            at=at,
            anonymous=anonymous,
            minimum_responses=minimum,
        )
    except PerfcoreError:
        return
    assert "e-1" not in {r.person_id for r in request.reviewers}
    assert FeedbackRequest.replay(request.events) == request


# --- storage ---------------------------------------------------------------------------


@given(feedback_requests())
def test_requests_round_trip_through_json(request: FeedbackRequest) -> None:
    converter = CONVERTER
    document = json.loads(json.dumps(converter.unstructure(request)))
    assert converter.structure(document, FeedbackRequest) == request


_JUNK: list[Any] = [None, 0, -1, 2.5, True, "", "x", [], {}, "2026-11-02"]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _corrupt(document: dict[str, Any], data: st.DataObject) -> Any:
    path = data.draw(st.sampled_from(_paths(document)), label="path")
    if not path:
        return data.draw(st.sampled_from(_JUNK), label="document")
    corrupted = copy.deepcopy(document)
    parent: Any = corrupted
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    how = data.draw(st.sampled_from(["replace", "delete", "duplicate"]), label="how")
    if how == "replace":
        parent[last] = data.draw(st.sampled_from(_JUNK), label="junk")
    elif how == "delete":
        del parent[last]
    elif isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    else:
        parent["extra"] = copy.deepcopy(parent[last])
    return corrupted


@given(feedback_requests(), st.data())
def test_a_corrupted_document_is_refused_with_paths(
    request: FeedbackRequest, data: st.DataObject
) -> None:
    converter = CONVERTER
    document = json.loads(json.dumps(converter.unstructure(request)))
    corrupted = _corrupt(document, data)
    problems: tuple[pc.Problem, ...] = ()
    loaded: FeedbackRequest | None = None
    try:
        loaded = converter.structure(corrupted, FeedbackRequest)
    except pc.ValidationError as error:
        problems = error.problems
    if loaded is None:
        assert problems
        assert all(p.path == "$" or p.path.startswith("$.") for p in problems), problems
    else:
        # a harmless change (a reason replaced by another text, say) still loads a
        # request, which replays to itself
        assert FeedbackRequest.replay(loaded.events) == loaded


def _corrected_request() -> FeedbackRequest:
    at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    peers = tuple(Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER) for n in (1, 2))
    request = FeedbackRequest.open(
        request_id="fr-1",
        subject_id="e-17",
        manager_id="m-3",
        reviewers=peers,
        scale=pc.RatingScale(minimum=1, maximum=5),
        expires_on=dt.date(2026, 11, 20),
        by=pc.Actor(person_id="m-3", role=pc.Role.MANAGER),
        at=at,
    )
    p1 = pc.Actor(person_id="p-1", role=pc.Role.REVIEWER)
    request = request.respond(FeedbackResponse(reviewer_id="p-1", comments="Solid"), by=p1, at=at)
    return request.correct(
        FeedbackResponse(reviewer_id="p-1", comments="Solid and patient"),
        reason="added a word",
        by=p1,
        at=at + dt.timedelta(hours=1),
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"corrects": 0}, "$.events[2].corrects"),  # below 1: the event itself is invalid
        ({"corrects": 2}, "$.events[2].corrects"),  # a link to the wrong answer
        ({"actor": {"person_id": "p-2", "role": "reviewer"}}, "$.events[2]"),
        ({"at": "2026-11-02T08:00:00+00:00"}, "$.events[2].at"),
        ({"at": "2026-11-30T08:00:00+00:00"}, "$.events[2].at"),  # after the last day
    ],
)
def test_a_stored_history_no_command_could_make_is_refused(
    change: dict[str, Any], path: str
) -> None:
    converter = CONVERTER
    document = converter.unstructure(_corrected_request())
    document["events"][2].update(change)
    with pytest.raises(pc.ValidationError) as info:
        converter.structure(document, FeedbackRequest)
    assert info.value.paths == (path,), info.value.problems
