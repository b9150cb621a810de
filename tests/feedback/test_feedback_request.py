"""Feedback requests: worked examples of every command, and every refusal.

A request is opened by the manager ``m-3`` (or the reviewee ``e-17``, or HR
``hr-1``) on 2 November 2026 at 09:00 UTC, asks four peers about teamwork and
goal ``g1`` on a 1-5 scale, and takes answers until 20 November. Each refused
command must raise a perfcore error that names what is wrong and leave the
request exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import attrs
import pytest

import perfcore as pc
from perfcore.errors import PerfcoreError
from perfcore.feedback import (
    FeedbackCorrected,
    FeedbackDeclined,
    FeedbackGiven,
    FeedbackKind,
    FeedbackRating,
    FeedbackReleased,
    FeedbackRequest,
    FeedbackRequestClosed,
    FeedbackRequested,
    FeedbackResponse,
    FeedbackStatus,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)

E = TypeVar("E", bound=PerfcoreError)

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
LAST_DAY = dt.date(2026, 11, 20)
SCALE = pc.RatingScale(minimum=1, maximum=5)
TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
G1 = Topic(kind=TopicKind.GOAL, ref_id="g1")
SUBJECT = "e-17"
MANAGER = pc.Actor(person_id="m-3", role=pc.Role.MANAGER)
EMPLOYEE = pc.Actor(person_id=SUBJECT, role=pc.Role.EMPLOYEE)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)
PEERS = tuple(Reviewer(person_id=f"p-{n}", relation=ReviewerRelation.PEER) for n in range(1, 5))


def day(n: float) -> dt.datetime:
    """``AT`` plus ``n`` days."""
    return AT + dt.timedelta(days=n)


def opened(**changes: object) -> FeedbackRequest:
    """The request ``fr-1``; ``changes`` replace any argument of ``open``."""
    arguments: dict[str, object] = {
        "request_id": "fr-1",
        "subject_id": SUBJECT,
        "manager_id": MANAGER.person_id,
        "reviewers": PEERS,
        "topics": (TEAMWORK, G1),
        "scale": SCALE,
        "expires_on": LAST_DAY,
        "by": MANAGER,
        "at": AT,
    }
    arguments.update(changes)
    return FeedbackRequest.open(**arguments)  # type: ignore[arg-type]


def reviewer(person: str) -> pc.Actor:
    """``person`` acting as a reviewer."""
    return pc.Actor(person_id=person, role=pc.Role.REVIEWER)


def answer(
    person: str, teamwork: float = 4, comments: str = "Helpful in reviews"
) -> FeedbackResponse:
    """``person``'s answer rating teamwork ``teamwork``."""
    return FeedbackResponse(
        reviewer_id=person,
        ratings=(
            FeedbackRating(
                topic=TEAMWORK, rating=pc.Rating(value=teamwork, basis=pc.Basis(text="Q3 launch"))
            ),
        ),
        comments=comments,
    )


def answered(
    request: FeedbackRequest, person: str, teamwork: float = 4, at: float = 1
) -> FeedbackRequest:
    """``request`` after ``person`` answered ``teamwork`` on day ``at``."""
    return request.respond(answer(person, teamwork), by=reviewer(person), at=day(at))


def refused(
    request: FeedbackRequest, command: Callable[[FeedbackRequest], object], error: type[E]
) -> E:
    """``command(request)`` raises ``error`` and leaves ``request`` as it was."""
    before = attrs.evolve(request)
    with pytest.raises(error) as info:
        command(request)
    assert request == before
    assert FeedbackRequest.replay(request.events) == request
    return info.value


def refused_at(
    request: FeedbackRequest, command: Callable[[FeedbackRequest], object], *paths: str
) -> pc.ValidationError:
    """``command(request)`` fails validation at exactly ``paths`` and changes nothing."""
    error = refused(request, command, pc.ValidationError)
    assert error.paths == paths, error.problems
    return error


# --- opening -----------------------------------------------------------------------


def test_a_manager_asks_four_peers() -> None:
    request = opened(question="How does Eva work with your team?", cycle_id="e-17/2026")
    assert request.id == "fr-1"
    assert request.requested_by == MANAGER
    assert request.reviewers == PEERS
    assert request.topics == (TEAMWORK, G1)
    assert (request.anonymous, request.minimum_responses) == (False, 3)
    assert request.kind is FeedbackKind.PEER
    assert not request.ad_hoc
    assert request.pending_ids == ("p-1", "p-2", "p-3", "p-4")
    assert request.responses == ()
    assert request.declined_ids == ()
    assert request.status(AT.date()) is FeedbackStatus.OPEN
    [event] = request.events
    assert isinstance(event, FeedbackRequested)
    assert (event.sequence, event.actor, event.at) == (0, MANAGER, AT)
    assert FeedbackRequest.replay(request.events) == request


def test_the_reviewee_and_hr_may_ask_too() -> None:
    mine = opened(by=EMPLOYEE)
    assert mine.requested_by == EMPLOYEE
    assert mine.ad_hoc
    assert opened(by=HR).requested_by == HR


@pytest.mark.parametrize(
    ("relations", "kind"),
    [
        ((ReviewerRelation.PEER,), FeedbackKind.PEER),
        ((ReviewerRelation.DIRECT_REPORT, ReviewerRelation.DIRECT_REPORT), FeedbackKind.UPWARD),
        ((ReviewerRelation.SKIP_LEVEL,), FeedbackKind.DOWNWARD),
        ((ReviewerRelation.EXTERNAL,), FeedbackKind.EXTERNAL),
        ((ReviewerRelation.PEER, ReviewerRelation.DIRECT_REPORT), FeedbackKind.THREE_SIXTY),
        ((ReviewerRelation.EXTERNAL, ReviewerRelation.SKIP_LEVEL), FeedbackKind.THREE_SIXTY),
    ],
)
def test_kind_follows_the_reviewers_relations(
    relations: tuple[ReviewerRelation, ...], kind: FeedbackKind
) -> None:
    team = tuple(Reviewer(person_id=f"r-{n}", relation=r) for n, r in enumerate(relations))
    assert opened(reviewers=team).kind is kind


def test_the_manager_named_as_reviewer_gives_downward_feedback() -> None:
    boss = Reviewer(person_id="m-3", relation=ReviewerRelation.MANAGER)
    assert opened(reviewers=(boss,)).kind is FeedbackKind.DOWNWARD
    assert opened(reviewers=(boss, *PEERS)).kind is FeedbackKind.THREE_SIXTY


@pytest.mark.parametrize(
    "by",
    [
        pc.Actor(person_id="m-9", role=pc.Role.MANAGER),  # not the reviewee's manager
        pc.Actor(person_id="e-99", role=pc.Role.EMPLOYEE),  # asks about someone else
        pc.Actor(person_id=SUBJECT, role=pc.Role.HR),  # HR about themselves
        reviewer("p-1"),
        pc.Actor(person_id="m-3", role=pc.Role(name="skip_manager")),
    ],
)
def test_only_the_manager_the_reviewee_or_hr_may_ask(by: pc.Actor) -> None:
    with pytest.raises(pc.PermissionDenied) as info:
        opened(by=by)
    assert info.value.command == "request_feedback"
    assert info.value.actor == by


def test_nobody_is_asked_about_themselves() -> None:
    me = Reviewer(person_id=SUBJECT, relation=ReviewerRelation.PEER)
    with pytest.raises(pc.ValidationError) as info:
        opened(reviewers=(PEERS[0], me))
    assert info.value.paths == ("FeedbackRequested.reviewers[1].person_id",)
    assert "nobody gives feedback on themselves" in str(info.value)


def test_an_anonymous_self_review_is_reported_once() -> None:
    me = Reviewer(person_id=SUBJECT, relation=ReviewerRelation.PEER)
    with pytest.raises(pc.ValidationError) as info:
        opened(reviewers=(*PEERS, me), anonymous=True, by=EMPLOYEE)
    assert info.value.paths == ("FeedbackRequested.reviewers[4].person_id",)


@pytest.mark.parametrize(
    ("team", "path", "phrase"),
    [
        (
            (Reviewer(person_id="m-3", relation=ReviewerRelation.PEER),),
            "FeedbackRequested.reviewers[0].relation",
            "must be 'manager'",
        ),
        (
            (Reviewer(person_id="p-1", relation=ReviewerRelation.MANAGER),),
            "FeedbackRequested.reviewers[0].relation",
            "is 'manager' but 'p-1' is not",
        ),
        ((PEERS[0], PEERS[0]), "FeedbackRequested.reviewers", "more than once"),
        ((), "FeedbackRequested.reviewers", "empty"),
    ],
)
def test_reviewers_are_named_once_with_their_true_relation(
    team: tuple[Reviewer, ...], path: str, phrase: str
) -> None:
    with pytest.raises(pc.ValidationError) as info:
        opened(reviewers=team)
    assert info.value.paths == (path,)
    assert phrase in info.value.problems[0].message


def test_an_anonymous_request_excludes_the_manager_and_the_requester() -> None:
    boss = Reviewer(person_id="m-3", relation=ReviewerRelation.MANAGER)
    with pytest.raises(pc.ValidationError) as info:
        opened(reviewers=(*PEERS, boss), anonymous=True)
    assert info.value.paths == ("FeedbackRequested.reviewers[4].person_id",)
    assert "cannot answer an anonymous request" in str(info.value)
    hr_peer = Reviewer(person_id="hr-1", relation=ReviewerRelation.PEER)
    with pytest.raises(pc.ValidationError) as info:
        opened(reviewers=(hr_peer, *PEERS), anonymous=True, by=HR)
    assert info.value.paths == ("FeedbackRequested.reviewers[0].person_id",)
    assert opened(reviewers=(hr_peer, *PEERS), by=HR).reviewer("hr-1") == hr_peer


def test_an_anonymous_request_needs_a_minimum_of_two_and_enough_reviewers() -> None:
    with pytest.raises(pc.ValidationError) as info:
        opened(anonymous=True, minimum_responses=1)
    assert info.value.paths == ("FeedbackRequested.minimum_responses",)
    with pytest.raises(pc.ValidationError) as info:
        opened(anonymous=True, minimum_responses=5)
    assert info.value.paths == ("FeedbackRequested.reviewers",)
    assert "names 4 reviewer(s)" in str(info.value)
    assert opened(anonymous=True, minimum_responses=4).minimum_responses == 4
    assert opened(minimum_responses=1).minimum_responses == 1  # named: no minimum rule


def test_bad_parts_of_a_request_are_named() -> None:
    with pytest.raises(pc.ValidationError) as info:
        opened(expires_on=dt.date(2026, 11, 1), manager_id=SUBJECT, by=EMPLOYEE)
    assert info.value.paths == ("FeedbackRequested.manager_id", "FeedbackRequested.expires_on")
    with pytest.raises(pc.ValidationError) as info:
        opened(topics=(TEAMWORK, TEAMWORK), scale="1-5", request_id="")
    assert set(info.value.paths) == {
        "FeedbackRequested.request_id",
        "FeedbackRequested.topics",
        "FeedbackRequested.scale",
    }
    with pytest.raises(pc.ValidationError) as info:
        opened(by="m-3", at=dt.datetime(2026, 11, 2, 9))  # noqa: DTZ001 - naive on purpose
    assert info.value.paths == ("by", "at")


# --- answering ---------------------------------------------------------------------


def test_reviewers_answer_once_each() -> None:
    request = answered(opened(), "p-2", 5)
    assert request.response_of("p-2") == answer("p-2", 5)
    assert request.response_of("p-1") is None
    assert request.pending_ids == ("p-1", "p-3", "p-4")
    event = request.events[-1]
    assert isinstance(event, FeedbackGiven)
    assert (event.sequence, event.actor, event.at) == (1, reviewer("p-2"), day(1))
    for person in ("p-1", "p-3", "p-4"):
        request = answered(request, person)
    assert [r.reviewer_id for r in request.responses] == ["p-2", "p-1", "p-3", "p-4"]
    assert request.status(day(5).date()) is FeedbackStatus.COMPLETE
    assert FeedbackRequest.replay(request.events) == request


def test_an_answer_may_skip_topics_or_rate_none() -> None:
    comments_only = FeedbackResponse(reviewer_id="p-1", comments="Great at onboarding")
    request = opened().respond(comments_only, by=reviewer("p-1"), at=day(1))
    assert request.response_of("p-1") == comments_only


def test_answers_are_taken_until_the_end_of_the_last_day() -> None:
    late = dt.datetime(2026, 11, 20, 23, 59, tzinfo=dt.UTC)
    request = opened().respond(answer("p-1"), by=reviewer("p-1"), at=late)
    assert request.response_of("p-1") is not None


def test_an_unknown_reviewer_is_refused() -> None:
    error = refused_at(
        opened(),
        lambda r: r.respond(answer("p-9"), by=reviewer("p-9"), at=day(1)),
        "response.reviewer_id",
    )
    assert "'p-9' is not a reviewer named on 'fr-1'" in str(error)


def test_a_reviewer_answers_in_the_reviewer_role() -> None:
    as_employee = pc.Actor(person_id="p-1", role=pc.Role.EMPLOYEE)
    error = refused(
        opened(), lambda r: r.respond(answer("p-1"), by=as_employee, at=day(1)), pc.PermissionDenied
    )
    assert error.command == "give_feedback"
    assert "'reviewer' role" in str(error)


def test_nobody_answers_for_someone_else() -> None:
    error = refused(
        opened(),
        lambda r: r.respond(answer("p-1"), by=reviewer("p-2"), at=day(1)),
        pc.PermissionDenied,
    )
    assert "only 'p-1' may give their own answer" in str(error)


@pytest.mark.parametrize("role", [pc.Role.REVIEWER, pc.Role.EMPLOYEE, pc.Role.MANAGER])
def test_the_reviewee_never_answers_about_themselves(role: pc.Role) -> None:
    me = pc.Actor(person_id=SUBJECT, role=role)
    error = refused_at(
        opened(),
        lambda r: r.respond(answer(SUBJECT), by=me, at=day(1)),
        "response.reviewer_id",
    )
    assert "nobody gives feedback on themselves" in str(error)


def test_the_reviewee_cannot_answer_in_a_reviewers_name() -> None:
    me = pc.Actor(person_id=SUBJECT, role=pc.Role.REVIEWER)
    refused(opened(), lambda r: r.respond(answer("p-1"), by=me, at=day(1)), pc.PermissionDenied)


def test_a_reviewer_answers_once_then_corrects() -> None:
    request = answered(opened(), "p-1")
    error = refused_at(
        request,
        lambda r: r.respond(answer("p-1", 2), by=reviewer("p-1"), at=day(2)),
        "response.reviewer_id",
    )
    assert "has already answered; send a correction instead" in str(error)


def test_ratings_must_be_on_the_scale_and_about_the_topics_asked() -> None:
    off_scale = answer("p-1", teamwork=6)
    error = refused_at(
        opened(),
        lambda r: r.respond(off_scale, by=reviewer("p-1"), at=day(1)),
        "response.ratings[0].rating.value",
    )
    assert "6 is off the scale" in str(error)
    stray = FeedbackResponse(
        reviewer_id="p-1",
        ratings=(
            FeedbackRating(
                topic=Topic(kind=TopicKind.COMPETENCY, ref_id="negotiation"),
                rating=pc.Rating(value=0, basis=pc.Basis(text="seen once")),
            ),
        ),
    )
    error = refused_at(
        opened(),
        lambda r: r.respond(stray, by=reviewer("p-1"), at=day(1)),
        "response.ratings[0].topic",
        "response.ratings[0].rating.value",
    )
    assert "competency:negotiation was not asked about; topics: general:teamwork, goal:g1" in str(
        error
    )


def test_a_comments_only_request_takes_no_rating() -> None:
    error = refused_at(
        opened(topics=()),
        lambda r: r.respond(answer("p-1"), by=reviewer("p-1"), at=day(1)),
        "response.ratings[0].topic",
    )
    assert "topics: none (comments only)" in str(error)


def test_an_answer_must_be_a_response() -> None:
    refused_at(
        opened(),
        lambda r: r.respond("4 stars", by=reviewer("p-1"), at=day(1)),  # type: ignore[arg-type]
        "response",
    )


def test_no_answer_after_the_last_day() -> None:
    error = refused_at(
        opened(), lambda r: r.respond(answer("p-1"), by=reviewer("p-1"), at=day(19)), "at"
    )
    assert "expired on 2026-11-20" in str(error)


def test_no_answer_once_closed() -> None:
    request = opened().close(by=MANAGER, at=day(1))
    error = refused_at(
        request, lambda r: r.respond(answer("p-1"), by=reviewer("p-1"), at=day(2)), "request_id"
    )
    assert "is closed" in str(error)


def test_no_answer_before_the_previous_event() -> None:
    request = answered(opened(), "p-1", at=3)
    refused_at(request, lambda r: r.respond(answer("p-2"), by=reviewer("p-2"), at=day(2)), "at")


# --- declining ---------------------------------------------------------------------


def test_a_reviewer_declines_with_a_reason() -> None:
    request = opened().decline(reason="Have not worked with Eva", by=reviewer("p-3"), at=day(1))
    assert request.declined_ids == ("p-3",)
    assert request.pending_ids == ("p-1", "p-2", "p-4")
    event = request.events[-1]
    assert isinstance(event, FeedbackDeclined)
    assert event.reason == "Have not worked with Eva"
    assert FeedbackRequest.replay(request.events) == request


def test_declining_is_refused_when_it_makes_no_sense() -> None:
    request = opened().decline(reason="On leave", by=reviewer("p-3"), at=day(1))
    error = refused_at(
        request,
        lambda r: r.respond(answer("p-3"), by=reviewer("p-3"), at=day(2)),
        "by.person_id",
    )
    assert "'p-3' declined this request" in str(error)
    refused_at(
        request, lambda r: r.decline(reason="again", by=reviewer("p-3"), at=day(2)), "by.person_id"
    )
    refused_at(
        answered(request, "p-1", at=2),
        lambda r: r.decline(reason="changed my mind", by=reviewer("p-1"), at=day(3)),
        "by",
    )
    refused_at(
        request, lambda r: r.decline(reason="who?", by=reviewer("p-9"), at=day(2)), "by.person_id"
    )
    refused_at(
        request,
        lambda r: r.decline(reason="", by=reviewer("p-1"), at=day(2)),
        "FeedbackDeclined.reason",
    )
    refused_at(request, lambda r: r.decline(reason="late", by=reviewer("p-1"), at=day(30)), "at")
    denied = refused(
        request,
        lambda r: r.decline(reason="me", by=reviewer(SUBJECT), at=day(2)),
        pc.PermissionDenied,
    )
    assert "nobody gives feedback on themselves" in str(denied)


# --- correcting --------------------------------------------------------------------


def test_a_correction_is_a_new_event_linked_to_the_answer_it_replaces() -> None:
    request = answered(answered(opened(), "p-1", 4), "p-2", 5, at=2)  # p-1 at sequence 1
    request = request.correct(
        answer("p-1", 2), reason="Mixed up two colleagues", by=reviewer("p-1"), at=day(3)
    )
    first = request.events[3]
    assert isinstance(first, FeedbackCorrected)
    assert (first.sequence, first.corrects, first.reason) == (3, 1, "Mixed up two colleagues")
    request = request.correct(
        answer("p-1", 3), reason="Checked my notes", by=reviewer("p-1"), at=day(4)
    )
    second = request.events[4]
    assert isinstance(second, FeedbackCorrected)
    assert second.corrects == 3  # the correction it replaces
    assert [r.reviewer_id for r in request.responses] == ["p-1", "p-2"]  # order kept
    assert request.response_of("p-1") == answer("p-1", 3)
    given = request.events[1]
    assert isinstance(given, FeedbackGiven)
    assert given.response == answer("p-1", 4)
    assert FeedbackRequest.replay(request.events) == request


def test_corrections_are_refused_when_they_make_no_sense() -> None:
    request = answered(opened(), "p-1")
    error = refused_at(
        request,
        lambda r: r.correct(answer("p-2"), reason="typo", by=reviewer("p-2"), at=day(2)),
        "response.reviewer_id",
    )
    assert "'p-2' has not answered yet" in str(error)
    error = refused_at(
        request,
        lambda r: r.correct(answer("p-1"), reason="typo", by=reviewer("p-1"), at=day(2)),
        "response",
    )
    assert "the correction changes nothing" in str(error)
    refused_at(
        request,
        lambda r: r.correct(answer("p-1", 2), reason="", by=reviewer("p-1"), at=day(2)),
        "FeedbackCorrected.reason",
    )
    refused_at(
        request,
        lambda r: r.correct(answer("p-1", 9), reason="typo", by=reviewer("p-1"), at=day(2)),
        "response.ratings[0].rating.value",
    )
    refused(
        request,
        lambda r: r.correct(answer("p-1", 2), reason="typo", by=reviewer("p-2"), at=day(2)),
        pc.PermissionDenied,
    )
    refused_at(
        request,
        lambda r: r.correct(answer("p-1", 2), reason="typo", by=reviewer("p-1"), at=day(19)),
        "at",
    )
    closed = request.close(by=HR, at=day(2))
    refused_at(
        closed,
        lambda r: r.correct(answer("p-1", 2), reason="typo", by=reviewer("p-1"), at=day(3)),
        "request_id",
    )


# --- release and close ---------------------------------------------------------------


@pytest.mark.parametrize("requester", [MANAGER, EMPLOYEE, HR])
def test_who_may_release_and_close(requester: pc.Actor) -> None:
    request = answered(opened(by=requester), "p-1")
    allowed = [MANAGER, HR, pc.Actor(person_id="hr-2", role=pc.Role.HR)]
    denied = [
        pc.Actor(person_id="m-9", role=pc.Role.MANAGER),
        reviewer("p-1"),
        pc.Actor(person_id="p-1", role=pc.Role.EMPLOYEE),
        pc.Actor(person_id=SUBJECT, role=pc.Role.HR),
    ]
    (allowed if requester == EMPLOYEE else denied).append(EMPLOYEE)
    for by in allowed:
        released = request.release(by=by, at=day(2))
        assert released.released
        assert isinstance(released.events[-1], FeedbackReleased)
        closed = request.close(by=by, at=day(2), reason="enough")
        assert closed.closed
        assert isinstance(closed.events[-1], FeedbackRequestClosed)
        assert closed.status(day(2).date()) is FeedbackStatus.CLOSED
    for by in denied:
        assert refused(request, _releasing(by), pc.PermissionDenied).command == "release_feedback"
        assert refused(request, _closing(by), pc.PermissionDenied).command == (
            "close_feedback_request"
        )


def _releasing(by: pc.Actor) -> Callable[[FeedbackRequest], object]:
    return lambda request: request.release(by=by, at=day(2))


def _closing(by: pc.Actor) -> Callable[[FeedbackRequest], object]:
    return lambda request: request.close(by=by, at=day(2))


def test_release_needs_an_answer_and_happens_once() -> None:
    error = refused(opened(), lambda r: r.release(by=MANAGER, at=day(1)), pc.TransitionError)
    assert "no answer to release yet" in str(error)
    request = answered(opened(), "p-1").release(by=MANAGER, at=day(2))
    error = refused(request, lambda r: r.release(by=HR, at=day(3)), pc.TransitionError)
    assert error.phase == "released"


def test_release_and_close_may_come_after_the_last_day() -> None:
    request = answered(opened(), "p-1").release(by=MANAGER, at=day(40)).close(by=HR, at=day(41))
    assert request.released
    assert request.closed
    assert FeedbackRequest.replay(request.events) == request


def test_closing_happens_once() -> None:
    request = opened().close(by=MANAGER, at=day(1))
    error = refused(request, lambda r: r.close(by=HR, at=day(2)), pc.TransitionError)
    assert error.phase == "closed"


# --- status over time ---------------------------------------------------------------


def test_status_over_dates() -> None:
    request = answered(opened(reviewers=PEERS[:2]), "p-1")
    assert request.status(dt.date(2026, 11, 3)) is FeedbackStatus.OPEN
    assert request.status(LAST_DAY) is FeedbackStatus.OPEN
    assert request.status(dt.date(2026, 11, 21)) is FeedbackStatus.EXPIRED
    done = request.decline(reason="no time", by=reviewer("p-2"), at=day(2))
    assert done.status(LAST_DAY) is FeedbackStatus.COMPLETE
    assert done.status(dt.date(2026, 11, 21)) is FeedbackStatus.EXPIRED
    closed = request.close(by=MANAGER, at=day(3))
    assert closed.status(dt.date(2026, 11, 3)) is FeedbackStatus.CLOSED
    assert closed.status(dt.date(2027, 1, 1)) is FeedbackStatus.CLOSED


@pytest.mark.parametrize("as_of", [AT, "2026-11-03", None])
def test_status_takes_a_date(as_of: object) -> None:
    with pytest.raises(pc.ValidationError) as info:
        opened().status(as_of)  # type: ignore[arg-type]
    assert info.value.paths == ("as_of",)


# --- replay --------------------------------------------------------------------------


def _event(request: FeedbackRequest, cls: type[object], **fields: object) -> object:
    envelope: dict[str, object] = {
        "request_id": request.id,
        "sequence": len(request.events),
        "actor": reviewer("p-1"),
        "at": day(5),
    }
    envelope.update(fields)
    return cls(**envelope)


def test_replay_refuses_histories_no_command_could_make() -> None:
    base = answered(opened(), "p-1")
    cases: list[tuple[object, str, str]] = [
        (
            _event(base, FeedbackGiven, response=answer("p-1", 2)),
            "events[2].response.reviewer_id",
            "already answered",
        ),
        (
            _event(base, FeedbackGiven, response=answer("p-9"), actor=reviewer("p-9")),
            "events[2].response.reviewer_id",
            "not a reviewer",
        ),
        (
            _event(base, FeedbackGiven, response=answer("p-2"), actor=reviewer("p-3")),
            "events[2]",
            "only 'p-2' may give their own answer",
        ),
        (
            _event(base, FeedbackCorrected, response=answer("p-1", 2), reason="typo", corrects=2),
            "events[2].corrects",
            "is 2, but the answer it replaces is event 1",
        ),
        (
            _event(base, FeedbackGiven, response=answer("p-2"), actor=reviewer("p-2"), at=day(30)),
            "events[2].at",
            "expired",
        ),
        (
            _event(base, FeedbackGiven, response=answer("p-2"), actor=reviewer("p-2"), at=day(0.5)),
            "events[2].at",
            "earlier than the previous event",
        ),
        (
            _event(base, FeedbackDeclined, reason="no", actor=reviewer("p-1")),
            "events[2].actor",
            "has already answered",
        ),
        (
            _event(base, FeedbackReleased, actor=reviewer("p-1")),
            "events[2]",
            "only the reviewee's manager",
        ),
        (_event(base, FeedbackRequested, **_opening(base)), "events[2]", "cannot follow the start"),
    ]
    for event, path, phrase in cases:
        with pytest.raises(pc.ValidationError) as info:
            FeedbackRequest.replay((*base.events, event))  # type: ignore[arg-type]
        assert info.value.paths == (path,), (event, info.value.problems)
        assert phrase in info.value.problems[0].message, info.value.problems


def _opening(request: FeedbackRequest) -> dict[str, object]:
    first = request.events[0]
    assert isinstance(first, FeedbackRequested)
    fields = attrs.asdict(first, recurse=False)
    del fields["sequence"], fields["request_id"]
    return fields


def test_replay_refuses_a_bad_start_and_bad_envelopes() -> None:
    request = answered(opened(), "p-1")
    first = request.events[0]
    assert isinstance(first, FeedbackRequested)
    checks: list[tuple[object, str]] = [
        ((), "events"),
        ("abc", "events[0]"),
        (None, "events"),
        ((request.events[1],), "events[0]"),
        ((first, "event"), "events[1]"),
        ((attrs.evolve(first, actor=reviewer("p-1")),), "events[0].actor"),
        ((attrs.evolve(first, expires_on=dt.date(2026, 1, 1)),), "events[0].expires_on"),
        ((first, attrs.evolve(request.events[1], request_id="fr-2")), "events[1].request_id"),
        ((first, attrs.evolve(request.events[1], sequence=5)), "events[1].sequence"),
    ]
    for events, path in checks:
        with pytest.raises(pc.ValidationError) as info:
            FeedbackRequest.replay(events)  # type: ignore[arg-type]
        assert info.value.paths == (path,), info.value.problems


# --- an anonymous summary is final once released -------------------------------------


def test_an_anonymous_request_is_released_only_with_enough_answers() -> None:
    request = answered(answered(opened(anonymous=True), "p-1", at=1), "p-2", at=1)
    error = refused(request, lambda r: r.release(by=MANAGER, at=day(2)), pc.TransitionError)
    assert "once 3 reviewers answered; 2 did" in str(error)


def test_releasing_an_anonymous_request_closes_it() -> None:
    request = opened(anonymous=True)
    for person in ("p-1", "p-2", "p-3"):
        request = answered(request, person, at=1)
    released = request.release(by=MANAGER, at=day(2))
    assert released.status(LAST_DAY) is FeedbackStatus.CLOSED
    refused_at(
        released,
        lambda r: r.respond(answer("p-4"), by=reviewer("p-4"), at=day(3)),
        "request_id",
    )
    refused_at(
        released,
        lambda r: r.correct(answer("p-1", 2), reason="second look", by=reviewer("p-1"), at=day(3)),
        "request_id",
    )
    refused_at(
        released, lambda r: r.decline(reason="busy", by=reviewer("p-4"), at=day(3)), "request_id"
    )


def test_a_named_request_takes_answers_after_release() -> None:
    released = answered(opened(), "p-1", at=1).release(by=MANAGER, at=day(2))
    later = released.respond(answer("p-2"), by=reviewer("p-2"), at=day(3))
    assert [r.reviewer_id for r in later.responses] == ["p-1", "p-2"]
    assert later.status(LAST_DAY) is not FeedbackStatus.CLOSED


def test_an_answer_earlier_than_the_last_event_is_out_of_order() -> None:
    request = answered(opened(), "p-1", at=2)
    with pytest.raises(pc.OutOfOrder) as info:
        answered(request, "p-2", at=1)
    (problem,) = info.value.problems
    assert (problem.path, problem.code, problem.params) == (
        "at",
        "out_of_order",
        {"last": day(2).isoformat()},
    )


def test_a_wrong_actor_and_moment_are_malformed_input_with_codes() -> None:
    with pytest.raises(pc.MalformedInput) as info:
        opened().respond(answer("p-1"), by="p-1", at=AT.replace(tzinfo=None))  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("by", "wrong_type"),
        ("at", "not_timezone_aware"),
    ]
