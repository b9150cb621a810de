"""A cycle holding every visible part, at each phase, and what each part of a view holds.

``world(phase)`` builds one cycle (with feedback requests and audit findings)
that holds, where the phase allows, an instance of every :class:`Part`;
``World.items[part]`` names each instance and its author. ``EXTRACT[part]``
reads the same names back from a :class:`CycleView`, so a test compares what
a view shows with what the table says it should.

Text markers start with ``MARK-`` and appear nowhere else, so finding one in a
serialized view means the part it belongs to was shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping

import attrs

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import AssessorRole, CompetencyAssessment, CompetencyRating
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.oversight import Finding, Severity
from perfcore.visibility import DEFAULT_VISIBILITY, Access, CycleView, Part, VisibilityPolicy
from strategies import EMPLOYEE, HR, MANAGER

PHASES = ("goal_setting", "implementation", "appraisal", "improvement", "closed", "cancelled")

REVIEWER = pc.Actor(person_id="rev-1", role=pc.Role.REVIEWER)
COACH = pc.Actor(person_id="coach-1", role=pc.Role(name="coach"))
AUDIENCES: Mapping[str, pc.Actor] = {
    "employee": EMPLOYEE,
    "manager": MANAGER,
    "hr": HR,
    "reviewer": REVIEWER,
    "coach": COACH,
}
"""Each audience and the viewer who stands in it: ``rev-1`` is named on every request."""

POLICY: VisibilityPolicy = DEFAULT_VISIBILITY.granting(
    "coach",
    {
        Part.GOALS: Access.VISIBLE,
        Part.CHECK_IN_NOTES: Access.VISIBLE,
        Part.PRIVATE_NOTES: Access.OWN,
        Part.RELEASED_RATINGS: Access.VISIBLE,
        Part.IMPROVEMENT_PLAN: Access.VISIBLE,
        Part.FEEDBACK: Access.VISIBLE,
        Part.ANONYMOUS_SUMMARY: Access.VISIBLE,
    },
)
"""The default table plus an app's ``coach`` role."""

TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
ASKED_AT = dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC)


@attrs.frozen
class World:
    """A cycle with its feedback and findings; ``items[part]`` maps each instance to its author."""

    cycle: pc.Cycle
    requests: tuple[FeedbackRequest, ...]
    findings: tuple[Finding, ...]
    items: Mapping[Part, Mapping[str, str | None]]

    def expected(self, part: Part, access: Access, person_id: str) -> frozenset[str]:
        """What a viewer with ``access`` to ``part`` should find of it."""
        held = self.items.get(part, {})
        if access is Access.VISIBLE:
            return frozenset(held)
        if access is Access.OWN:
            return frozenset(name for name, author in held.items() if author == person_id)
        return frozenset()


# --- building -----------------------------------------------------------------------


def _competency(role: AssessorRole, assessor_id: str, marker: str) -> CompetencyAssessment:
    basis = pc.Basis(text=marker)
    return CompetencyAssessment(
        person_id=EMPLOYEE.person_id,
        assessor_id=assessor_id,
        role=role,
        ratings=(
            CompetencyRating(competency_id="talk", level=3, basis=basis),
            CompetencyRating(competency_id="law", level=4, basis=basis),
        ),
    )


def _check_in(check_in_id: str, kind: pc.CheckInKind, summary: str) -> pc.CheckIn:
    return pc.CheckIn(id=check_in_id, kind=kind, held_on=b.when(30).date(), summary=summary)


def _answer(request: FeedbackRequest, person: str, value: float) -> FeedbackRequest:
    marker = f"MARK-{request.id}-{person}"
    response = FeedbackResponse(
        reviewer_id=person,
        ratings=(
            FeedbackRating(
                topic=TEAMWORK, rating=pc.Rating(value=value, basis=pc.Basis(text=f"{marker}-why"))
            ),
        ),
        comments=f"{marker}-says",
    )
    by = pc.Actor(person_id=person, role=pc.Role.REVIEWER)
    return request.respond(response, by=by, at=ASKED_AT + dt.timedelta(days=1))


def _request(
    request_id: str,
    reviewers: tuple[str, ...],
    answering: tuple[str, ...],
    *,
    anonymous: bool,
    released: bool,
    declining: tuple[str, ...] = (),
) -> FeedbackRequest:
    request = FeedbackRequest.open(
        request_id=request_id,
        subject_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        reviewers=tuple(Reviewer(person_id=p, relation=ReviewerRelation.PEER) for p in reviewers),
        topics=(TEAMWORK,),
        scale=pc.RatingScale(),
        anonymous=anonymous,
        expires_on=dt.date(2027, 12, 31),
        cycle_id="c1",
        by=MANAGER,
        at=ASKED_AT,
    )
    for value, person in enumerate(answering, start=2):
        request = _answer(request, person, value)
    for person in declining:
        request = request.decline(
            reason="No time",
            by=pc.Actor(person_id=person, role=pc.Role.REVIEWER),
            at=ASKED_AT + dt.timedelta(days=1),
        )
    if released:
        request = request.release(by=MANAGER, at=ASKED_AT + dt.timedelta(days=2))
    return request


def _feedback_items(request: FeedbackRequest) -> dict[str, str | None]:
    """Who said what in a request: reviewers, declines, answers (and a named summary)."""
    items: dict[str, str | None] = {
        f"reviewer:{request.id}:{r.person_id}": r.person_id for r in request.reviewers
    }
    items.update({f"declined:{request.id}:{p}": p for p in request.declined_ids})
    for response in request.responses:
        items.update(_response_items(response))
    if not request.anonymous:
        items[f"summary:{request.id}"] = None
    return items


def _response_items(response: FeedbackResponse) -> dict[str, str | None]:
    texts = [response.comments, *(r.rating.basis.text for r in response.ratings)]
    return {text: response.reviewer_id for text in texts if text}


def _requests() -> tuple[FeedbackRequest, ...]:
    return (
        _request(
            "fr-named-released",
            ("rev-1", "rev-2", "rev-4"),
            ("rev-1", "rev-2"),
            anonymous=False,
            released=True,
            declining=("rev-4",),
        ),
        _request(
            "fr-named-pending",
            ("rev-1", "rev-3"),
            ("rev-1", "rev-3"),
            anonymous=False,
            released=False,
        ),
        _request(
            "fr-anon-released",
            ("rev-1", "anon-1", "anon-2", "anon-3"),
            ("rev-1", "anon-1", "anon-2"),
            anonymous=True,
            released=True,
        ),
        _request(
            "fr-anon-pending",
            ("rev-1", "anon-1", "anon-2", "anon-3"),
            ("rev-1", "anon-1", "anon-3"),
            anonymous=True,
            released=False,
        ),
    )


FINDINGS = (
    Finding(
        code="late_check_in",
        severity=Severity.WARNING,
        message="MARK-finding",
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
    ),
    Finding(
        code="late_check_in",
        severity=Severity.WARNING,
        message="MARK-other-cycle-finding",
        cycle_id="c-other",
        employee_id="someone-else",
        manager_id=MANAGER.person_id,
    ),
)
"""One finding on this cycle, one on another (which no view of this cycle holds)."""


def _goal_setting(items: dict[Part, dict[str, str | None]]) -> pc.Cycle:
    cycle = b.goal_setting_ready()
    cycle = cycle.waive("goal_aligned", reason="MARK-waiver", by=HR, at=b.when(4))
    items[Part.GOALS] = {goal.id: None for goal in cycle.goals}
    items[Part.WAIVERS] = {"MARK-waiver": None}
    items[Part.FEEDBACK_DISCUSSION] = {"appraisal_status": None}
    return cycle


def _implementation(items: dict[Part, dict[str, str | None]]) -> pc.Cycle:
    cycle = _goal_setting(items).advance(by=MANAGER, at=b.when(5))
    notes = (
        (_check_in("ci-talk", pc.CheckInKind.ONE_ON_ONE, "MARK-one-on-one"), MANAGER),
        (_check_in("ci-note", pc.CheckInKind.INFORMAL_NOTE, "MARK-shared-note"), EMPLOYEE),
        (_check_in("note-emp", pc.CheckInKind.PRIVATE_NOTE, "MARK-private-employee"), EMPLOYEE),
        (_check_in("note-mgr", pc.CheckInKind.PRIVATE_NOTE, "MARK-private-manager"), MANAGER),
    )
    for check_in, author in notes:
        cycle = cycle.record_check_in(check_in, by=author, at=b.when(30))
        part = Part.CHECK_IN_NOTES if check_in.kind.is_shared else Part.PRIVATE_NOTES
        items.setdefault(part, {})[check_in.summary] = author.person_id
    return cycle


def _appraisal(items: dict[Part, dict[str, str | None]]) -> pc.Cycle:
    """Shared self-assessment then a newer draft; ratings released, then newer draft ratings."""
    cycle = _implementation(items).advance(by=MANAGER, at=b.when(40))
    shared = attrs.evolve(b.self_assessment(), comments="MARK-self-shared")
    cycle = cycle.submit_self_assessment(shared, by=EMPLOYEE, at=b.when(41))
    own = _competency(AssessorRole.SELF, EMPLOYEE.person_id, "MARK-self-competency")
    cycle = cycle.submit_competency_assessment(own, by=EMPLOYEE, at=b.when(41))
    released = attrs.evolve(b.scored_manager_assessment(), comments="MARK-released-assessment")
    cycle = cycle.submit_manager_assessment(released, by=MANAGER, at=b.when(42))
    ratings = _competency(AssessorRole.MANAGER, MANAGER.person_id, "MARK-released-competency")
    cycle = cycle.submit_competency_assessment(ratings, by=MANAGER, at=b.when(42))
    cause = attrs.evolve(b.cause(), description="MARK-root-cause")
    cycle = cycle.record_root_cause(cause, by=MANAGER, at=b.when(43))
    cycle = cycle.add_improvement_action(b.action(title="MARK-action"), by=MANAGER, at=b.when(43))
    talk = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="MARK-discussion")
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(44))  # releases
    cycle = cycle.dispute(reason="The sales rating is low", by=EMPLOYEE, at=b.when(45))
    cycle = cycle.resolve_dispute(
        outcome=pc.DisputeOutcome.AMENDED, reason="Ratings to be reviewed", by=HR, at=b.when(46)
    )
    draft = attrs.evolve(b.self_assessment(), comments="MARK-self-draft")
    cycle = cycle.submit_self_assessment(draft, by=EMPLOYEE, at=b.when(47), share=False)
    peer = _competency(AssessorRole.PEER, "peer-7", "MARK-draft-peer-competency")
    cycle = cycle.submit_competency_assessment(peer, by=MANAGER, at=b.when(47))
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=MANAGER, at=b.when(47))
    assert not cycle.ratings_released
    items[Part.SELF_ASSESSMENT] = {"MARK-self-shared": None, "MARK-self-competency": None}
    items[Part.SELF_ASSESSMENT_DRAFT] = {"MARK-self-draft": None}
    items[Part.RELEASED_RATINGS] = {
        "MARK-released-assessment": None,
        "MARK-released-competency": None,
    }
    items[Part.DRAFT_RATINGS] = {"MARK-draft-peer-competency": None, "score:draft": None}
    items[Part.FEEDBACK_DISCUSSION]["MARK-discussion"] = None
    items[Part.ROOT_CAUSES] = {"MARK-root-cause": None}
    items[Part.IMPROVEMENT_PLAN] = {"MARK-action": None}
    return cycle


def _improvement(items: dict[Part, dict[str, str | None]]) -> pc.Cycle:
    """The appraisal's drafts released and acknowledged (no draft outlives the appraisal)."""
    cycle = _appraisal(items).release_ratings(by=HR, at=b.when(47))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=b.when(47)).advance(by=MANAGER, at=b.when(48))
    items[Part.RELEASED_RATINGS].update(items.pop(Part.DRAFT_RATINGS))
    done = pc.FollowUp(
        action_id="a1",
        held_on=b.when(60).date(),
        progress="MARK-follow-up",
        outcome=pc.Outcome.IMPROVED,
    )
    items[Part.IMPROVEMENT_PLAN]["MARK-follow-up"] = None
    return cycle.record_follow_up(done, by=MANAGER, at=b.when(60))


_BUILD: Mapping[str, Callable[[dict[Part, dict[str, str | None]]], pc.Cycle]] = {
    "goal_setting": _goal_setting,
    "implementation": _implementation,
    "appraisal": _appraisal,
    "improvement": _improvement,
    "closed": lambda items: _improvement(items).close(by=MANAGER, at=b.when(61)),
    "cancelled": lambda items: _improvement(items).cancel(
        reason="Left the company", by=HR, at=b.when(61)
    ),
}


@functools.cache
def world(phase: str) -> World:
    """The cycle in ``phase`` with every part the phase allows, its feedback and findings."""
    items: dict[Part, dict[str, str | None]] = {}
    cycle = _BUILD[phase](items)
    assert cycle.phase.value == phase
    requests = _requests()
    by_part = {
        ("named", True): Part.FEEDBACK,
        ("named", False): Part.FEEDBACK_BEFORE_RELEASE,
    }
    for request in requests:
        if request.anonymous:
            items.setdefault(Part.ANONYMOUS_ANSWERS, {}).update(_feedback_items(request))
            summary = (
                Part.ANONYMOUS_SUMMARY
                if request.released
                else Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE
            )
            items[summary] = {f"summary:{request.id}": None}
        else:
            part = by_part["named", request.released]
            items.setdefault(part, {}).update(_feedback_items(request))
    items[Part.AUDIT_FINDINGS] = {"MARK-finding": None}
    items[Part.HISTORY] = {"history": None}
    return World(cycle=cycle, requests=requests, findings=FINDINGS, items=items)


# --- reading a view back ------------------------------------------------------------


def _check_ins(view: CycleView, *, shared: bool) -> frozenset[str]:
    return frozenset(c.summary for c in view.check_ins if c.kind.is_shared is shared)


def _competency_texts(view: CycleView, *, own: bool) -> set[str]:
    return {
        rating.basis.text
        for assessment in view.competency_assessments
        if (assessment.role is AssessorRole.SELF) is own
        for rating in assessment.ratings
    }


def _ratings(view: CycleView) -> set[str]:
    """Every rating the view shows: the manager's assessment, others' competency ratings, score."""
    found = _competency_texts(view, own=False)
    if view.manager_assessment is not None:
        found.add(view.manager_assessment.comments)
    if view.score is not None:
        found.add("score:draft")
    return found


def _feedback(view: CycleView, *, anonymous: bool, released: bool | None) -> frozenset[str]:
    """Reviewers, declines and answers of the requests shown (named: the summary too)."""
    found: set[str] = set()
    for request in view.feedback:
        if request.anonymous is not anonymous or released not in (None, request.released):
            continue
        found.update(f"reviewer:{request.request_id}:{r.person_id}" for r in request.reviewers)
        found.update(f"declined:{request.request_id}:{p}" for p in request.declined_ids)
        for response in request.responses:
            found.update(_response_items(response))
        if not anonymous and request.summary is not None:
            found.add(f"summary:{request.request_id}")
    return frozenset(found)


def _anonymous_summaries(view: CycleView, *, released: bool) -> frozenset[str]:
    return frozenset(
        f"summary:{request.request_id}"
        for request in view.feedback
        if request.anonymous and request.released is released and request.summary is not None
    )


def _discussion(view: CycleView) -> frozenset[str]:
    found = set()
    if view.feedback_discussion is not None:
        found.add(view.feedback_discussion.summary)
    if view.appraisal_status is not None:
        found.add("appraisal_status")
    return frozenset(found)


def _self_assessment(view: CycleView) -> frozenset[str]:
    found = _competency_texts(view, own=True)
    if view.self_assessment is not None:
        found.add(view.self_assessment.comments)
    return frozenset(found)


def _improvement_plan(view: CycleView) -> frozenset[str]:
    return frozenset([a.title for a in view.actions] + [f.progress for f in view.follow_ups])


def _drafted(marker: str) -> bool:
    """Made as a draft: still one while the view's ratings are unreleased, released after."""
    return marker.startswith(("MARK-draft-", "score:draft"))


EXTRACT: Mapping[Part, Callable[[CycleView], frozenset[str]]] = {
    Part.GOALS: lambda view: frozenset(goal.id for goal in view.goals),
    Part.CHECK_IN_NOTES: lambda view: _check_ins(view, shared=True),
    Part.PRIVATE_NOTES: lambda view: _check_ins(view, shared=False),
    Part.SELF_ASSESSMENT_DRAFT: lambda view: frozenset(
        [] if view.self_assessment_draft is None else [view.self_assessment_draft.comments]
    ),
    Part.SELF_ASSESSMENT: _self_assessment,
    Part.DRAFT_RATINGS: lambda view: frozenset(
        m for m in _ratings(view) if _drafted(m) and view.ratings_released is False
    ),
    Part.RELEASED_RATINGS: lambda view: frozenset(
        m
        for m in _ratings(view)
        if m.startswith("MARK-released-") or (_drafted(m) and view.ratings_released is not False)
    ),
    Part.FEEDBACK_DISCUSSION: _discussion,
    Part.ROOT_CAUSES: lambda view: frozenset(c.description for c in view.root_causes),
    Part.IMPROVEMENT_PLAN: _improvement_plan,
    Part.WAIVERS: lambda view: frozenset(w.reason for w in view.waivers),
    Part.FEEDBACK_BEFORE_RELEASE: lambda view: _feedback(view, anonymous=False, released=False),
    Part.FEEDBACK: lambda view: _feedback(view, anonymous=False, released=True),
    Part.ANONYMOUS_ANSWERS: lambda view: _feedback(view, anonymous=True, released=None),
    Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE: lambda view: _anonymous_summaries(view, released=False),
    Part.ANONYMOUS_SUMMARY: lambda view: _anonymous_summaries(view, released=True),
    Part.AUDIT_FINDINGS: lambda view: frozenset(f.message for f in view.findings),
    Part.HISTORY: lambda view: frozenset(["history"] if view.events else []),
}
"""For each part, what a view shows of it, named as in ``World.items``."""
