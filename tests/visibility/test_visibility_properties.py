"""Properties of views over random cycles, feedback and policies: nothing hidden ever leaks."""

from __future__ import annotations

import datetime as dt
import json
import math

import attrs
import pytest
from hypothesis import given
from hypothesis.vendor.pretty import pretty

import perfcore as pc
from perfcore.competency import AssessorRole
from perfcore.cycle import events as e
from perfcore.feedback import (
    AnonymityAudit,
    FeedbackRequest,
    FeedbackSummary,
    Topic,
    TopicSummary,
)
from perfcore.serialization import make_converter
from perfcore.visibility import (
    DEFAULT_VISIBILITY,
    Access,
    CycleView,
    FeedbackView,
    Part,
    VisibilityPolicy,
    event_part,
    view_cycle,
    view_feedback,
)
from strategies import EMPLOYEE, HR, MANAGER
from visibility_strategies import NO_RATINGS, World, policies, ratings_of, worlds
from visibility_world import COACH, EXTRACT, FINDINGS

CONVERTER = make_converter()
"""One converter for every example: building one compiles its hooks anew."""


def _texts(view: CycleView | FeedbackView) -> tuple[str, str, str]:
    """The view as its short repr, its full repr and the JSON an app would send."""
    return repr(view), view.full_repr(), json.dumps(CONVERTER.unstructure(view))


def _viewers(world: World) -> dict[str, pc.Actor]:
    viewers = {"employee": EMPLOYEE, "manager": MANAGER, "hr": HR, "coach": COACH}
    if world.reviewer is not None:
        viewers["reviewer"] = world.reviewer
    return viewers


AUDIT = AnonymityAudit(
    by=HR, at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), reason="Complaint 2026-14"
)
"""HR reads single anonymous answers only under an audit: HR's views here are audited."""

_AUDITED = frozenset({Part.ANONYMOUS_ANSWERS, Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE})


def _cell(policy: VisibilityPolicy, part: Part, audience: str) -> Access:
    """The policy's cell as it applies: anonymous answers only under HR's audit."""
    access = policy.access(part, audience)
    if audience != "hr" and access is Access.VISIBLE and part in _AUDITED:
        return Access.HIDDEN
    return access


def _view(world: World, actor: pc.Actor, policy: VisibilityPolicy) -> CycleView:
    return view_cycle(
        world.cycle,
        actor,
        feedback=world.requests,
        findings=FINDINGS,
        policy=policy,
        audit=AUDIT if actor == HR else None,
    )


# --- (a) anonymity --------------------------------------------------------------------


@given(worlds(), policies())
def test_no_anonymous_reviewer_or_answer_reaches_the_reviewee_or_their_manager(
    world: World, policy: VisibilityPolicy
) -> None:
    secrets = world.anonymous_ids | world.anonymous_texts
    for actor in (EMPLOYEE, MANAGER):
        views: list[CycleView | FeedbackView] = [_view(world, actor, policy)]
        views += [view_feedback(request, actor, policy=policy) for request in world.requests]
        for view in views:
            for text in _texts(view):
                for prefix in ("ANONREV", "ANONTXT", "ANONBASIS"):
                    assert prefix not in text
                assert not any(secret in text for secret in secrets)


@given(worlds())
def test_hr_sees_the_anonymous_answers_the_others_may_not(world: World) -> None:
    """The control for the property above: the secrets really are in the requests passed."""
    short, _, text = _texts(_view(world, HR, DEFAULT_VISIBILITY))
    answered = {r.reviewer_id for q in world.requests if q.anonymous for r in q.responses}
    assert all(person in text for person in answered)
    assert all(secret in text for secret in world.anonymous_texts)
    assert not any(secret in short for secret in world.anonymous_texts)


# --- (b) anonymous summaries ----------------------------------------------------------


def _expected_summary(request: FeedbackRequest) -> FeedbackSummary | None:
    """Per-topic counts and means, worked out here from the answers."""
    if len(request.responses) < request.minimum_responses:
        return None
    rated: dict[Topic, list[float]] = {}
    for response in request.responses:
        for item in response.ratings:
            rated.setdefault(item.topic, []).append(item.rating.value)
    shown = [
        TopicSummary(topic=t, count=len(rated[t]), mean=math.fsum(rated[t]) / len(rated[t]))
        for t in request.topics
        if len(rated.get(t, [])) >= request.minimum_responses
    ]
    withheld = [t for t in request.topics if 0 < len(rated.get(t, [])) < request.minimum_responses]
    return FeedbackSummary(
        request_id=request.id,
        responses=len(request.responses),
        topics=tuple(shown),
        withheld_topics=tuple(withheld),
    )


@given(worlds(), policies())
def test_an_anonymous_summary_is_shown_whole_once_enough_answered_or_not_at_all(
    world: World, policy: VisibilityPolicy
) -> None:
    requests = {request.id: request for request in world.requests}
    for audience, actor in _viewers(world).items():
        for seen in _view(world, actor, policy).feedback:
            request = requests[seen.request_id]
            if not request.anonymous:
                continue
            part = (
                Part.ANONYMOUS_SUMMARY
                if request.released
                else Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE
            )
            if _cell(policy, part, audience) is Access.VISIBLE:
                overall = seen.summary
                if overall is not None:  # the breakdown by relation is checked apart
                    for group in overall.by_relation:
                        assert group.responses >= request.minimum_responses
                        assert all(t.count >= request.minimum_responses for t in group.topics)
                    overall = attrs.evolve(overall, by_relation=(), relations_withheld=None)
                assert overall == _expected_summary(request)
                assert (seen.withheld is None) is (seen.summary is not None)
            else:
                assert seen.summary is None
                assert seen.withheld is None
                assert part in seen.hidden


# --- (c) the manager's drafts ---------------------------------------------------------


def _ratings(view: CycleView) -> tuple[object, object, object]:
    others = tuple(a for a in view.competency_assessments if a.role is not AssessorRole.SELF)
    return (view.manager_assessment, view.score, others)


@given(worlds(), policies())
def test_the_employee_sees_the_ratings_last_released_and_nothing_of_a_newer_draft(
    world: World, policy: VisibilityPolicy
) -> None:
    released_visible = _cell(policy, Part.RELEASED_RATINGS, "employee") is Access.VISIBLE
    view = _view(world, EMPLOYEE, policy)
    assert _ratings(view) == (world.released if released_visible else NO_RATINGS)
    assert view.ratings_released is None
    for text in _texts(view):
        assert not any(draft in text for draft in world.draft_texts)
    if released_visible and world.released != NO_RATINGS:
        _, _, serialized = _texts(view)
        assert all(r.rating.basis.text in serialized for r in world.released[0].goal_ratings)  # type: ignore[union-attr]


@given(worlds())
def test_the_manager_and_hr_see_the_ratings_as_they_stand(world: World) -> None:
    for actor in (MANAGER, HR):
        view = view_cycle(world.cycle, actor)
        assert _ratings(view) == ratings_of(world.cycle)
        assert view.ratings_released is world.cycle.ratings_released


# --- (d) private notes ----------------------------------------------------------------


@given(worlds(), policies())
def test_a_private_note_is_seen_by_its_author_only(world: World, policy: VisibilityPolicy) -> None:
    for audience, actor in _viewers(world).items():
        view = _view(world, actor, policy)
        summaries = {c.summary for c in view.check_ins}
        may_see_own = _cell(policy, Part.PRIVATE_NOTES, audience) is Access.OWN
        mine = {
            note
            for note, author in world.private_notes.items()
            if author == actor.person_id and may_see_own
        }
        assert summaries & set(world.private_notes) == mine
        for text in _texts(view):  # nor in the history, nor anywhere else in the view
            for note in set(world.private_notes) - mine:
                assert note not in text, (audience, note)


# --- (e) random policies ---------------------------------------------------------------


def _expected_ratings(world: World, policy: VisibilityPolicy, audience: str) -> object:
    drafts = _cell(policy, Part.DRAFT_RATINGS, audience) is Access.VISIBLE
    released = _cell(policy, Part.RELEASED_RATINGS, audience) is Access.VISIBLE
    if world.cycle.ratings_released:
        return ratings_of(world.cycle) if released else NO_RATINGS
    if drafts:
        return ratings_of(world.cycle)
    return world.released if released else NO_RATINGS


def _authors(view: CycleView, part: Part, world: World) -> set[str]:
    """Who wrote each item of an authored part the view shows."""
    if part is Part.PRIVATE_NOTES:
        return {world.private_notes[c.summary] for c in view.check_ins if not c.kind.is_shared}
    anonymous = part is Part.ANONYMOUS_ANSWERS
    released = {Part.FEEDBACK: True, Part.FEEDBACK_BEFORE_RELEASE: False}.get(part)
    found: set[str] = set()
    for seen in view.feedback:
        if seen.anonymous is anonymous and released in (None, seen.released):
            found.update(r.person_id for r in seen.reviewers)
            found.update(r.reviewer_id for r in seen.responses)
            found.update(seen.declined_ids)
    return found


@given(worlds(), policies())
def test_a_view_never_holds_what_its_policy_hides(world: World, policy: VisibilityPolicy) -> None:
    for audience, actor in _viewers(world).items():
        view = _view(world, actor, policy)
        assert view.audience == audience
        assert _ratings(view) == _expected_ratings(world, policy, audience)
        for part in Part:
            access = _cell(policy, part, audience)
            assert (part in view.hidden) is (access is Access.HIDDEN)
            if access is Access.HIDDEN and part not in (Part.DRAFT_RATINGS, Part.RELEASED_RATINGS):
                assert EXTRACT[part](view) == frozenset(), part
            if access is Access.OWN:
                assert _authors(view, part, world) <= {actor.person_id}, part
        if _cell(policy, Part.HISTORY, audience) is Access.VISIBLE:
            _check_history(world, view, policy, audience)


def _shown_positions(stored: tuple[e.Event, ...], shown: tuple[e.Event, ...]) -> set[int]:
    """Where in the stored history each shown event stands; shown in order, numbered from 0.

    A view numbers its events by their place among the shown ones (the stored
    numbers would tell, by their gaps, that something hidden lies between), so
    they are matched to the stored ones in order, by everything but the number.
    """
    assert [event.sequence for event in shown] == list(range(len(shown)))
    positions: set[int] = set()
    remaining = iter(enumerate(stored))
    for event in shown:
        for index, candidate in remaining:
            if index == 0 or attrs.evolve(candidate, sequence=event.sequence) == event:
                positions.add(index)
                break
        else:
            pytest.fail(f"{event!r} is not in the stored history, in order")
    return positions


def _check_history(world: World, view: CycleView, policy: VisibilityPolicy, audience: str) -> None:
    """Each event in the view's history records a part the viewer sees, and no other is left out."""
    kept = _shown_positions(world.cycle.events, view.events)
    ratings = {_cell(policy, p, audience) for p in (Part.DRAFT_RATINGS, Part.RELEASED_RATINGS)}
    for event in world.cycle.events:
        part = event_part(event)
        shown = event.sequence in kept
        if part is None:
            assert shown, event
        elif part is Part.PRIVATE_NOTES:
            own = _cell(policy, part, audience) is Access.OWN
            assert shown is (own and event.actor == view.viewer), event
        elif part is Part.DRAFT_RATINGS or isinstance(
            event, e.RootCauseRecorded | e.ImprovementActionAdded
        ):
            assert not shown or Access.VISIBLE in ratings, event
        else:
            assert shown is (_cell(policy, part, audience) is Access.VISIBLE), event


@given(worlds())
def test_a_view_prints_short_with_its_counts(world: World) -> None:
    for actor in (EMPLOYEE, MANAGER, HR):
        view = _view(world, actor, DEFAULT_VISIBILITY)
        assert pretty(view) == repr(view)
        assert repr(view) == (
            f"<CycleView {view.cycle_id} audience={view.audience} viewer={actor.person_id}"
            f" phase={view.phase.value} goals={len(view.goals)} events={len(view.events)}"
            f" hidden={len(view.hidden)}>"
        )
        for seen in view.feedback:
            assert pretty(seen) == repr(seen)
            assert repr(seen).startswith(f"<FeedbackView {seen.request_id} ")
            assert f" responses={len(seen.responses)} " in repr(seen)
