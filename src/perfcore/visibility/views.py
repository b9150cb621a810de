"""Redacted, read-only views of a cycle and of feedback requests, for one viewer.

A view holds only what its viewer may see under a :class:`VisibilityPolicy`;
everything else is absent from the object, so it is absent from its
serialized form too (``make_converter().unstructure(view)``). ``hidden``
lists the parts left out, so an app can tell "hidden" from "none yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from perfcore import _validators as v
from perfcore.assessments import Assessment, FeedbackDiscussion
from perfcore.checkins import CheckIn
from perfcore.competency.model import AssessorRole, CompetencyAssessment, CompetencyProfile
from perfcore.cycle import events as e
from perfcore.cycle.aggregate import Cycle
from perfcore.cycle.phases import Phase
from perfcore.cycle.state import AppraisalStatus, ScoreAdjustment, Waiver
from perfcore.errors import PermissionDenied, ValidationError
from perfcore.feedback.model import FeedbackResponse, Reviewer, Topic
from perfcore.feedback.request import FeedbackKind, FeedbackRequest
from perfcore.feedback.summary import FeedbackSummary, requests_for_cycle, summarise
from perfcore.goals import Goal
from perfcore.improvement import FollowUp, ImprovementAction, RootCause
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.oversight.findings import Finding
from perfcore.people import Actor, Role
from perfcore.periods import Period
from perfcore.scales import RatingScale
from perfcore.scoring.appraisal import AppraisalScore
from perfcore.visibility.policy import DEFAULT_VISIBILITY, Access, Part, VisibilityPolicy

__all__ = ["CycleView", "FeedbackView", "view_cycle", "view_feedback"]

_VIEW = "view"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackView:
    """What one viewer may see of a feedback request.

    For an anonymous request the reviewee and the manager get no reviewer, no
    decline and no answer: only ``summary``, and only once enough reviewers
    answered (``withheld`` says why it is missing).
    """

    request_id: str = attrs.field(validator=v.text(max_length=200))
    audience: str = attrs.field(validator=v.identifier())
    subject_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    cycle_id: str | None = attrs.field(validator=v.optional_text())
    kind: FeedbackKind = attrs.field(validator=v.member(FeedbackKind))
    anonymous: bool = attrs.field(validator=v.boolean())
    topics: tuple[Topic, ...] = attrs.field(validator=v.tuple_of(Topic))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    expires_on: dt.date = attrs.field(validator=v.date())
    question: str = attrs.field(validator=v.text(allow_empty=True))
    requested_by: Actor = attrs.field(validator=v.instance(Actor))
    released: bool = attrs.field(validator=v.boolean())
    closed: bool = attrs.field(validator=v.boolean())
    reviewers: tuple[Reviewer, ...] = attrs.field(default=(), validator=v.tuple_of(Reviewer))
    responses: tuple[FeedbackResponse, ...] = attrs.field(
        default=(), validator=v.tuple_of(FeedbackResponse)
    )
    declined_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    summary: FeedbackSummary | None = attrs.field(
        default=None, validator=v.instance(FeedbackSummary, optional=True)
    )
    withheld: str | None = attrs.field(default=None, validator=v.optional_text())
    hidden: tuple[Part, ...] = attrs.field(default=(), validator=v.tuple_of(Part))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CycleView:
    """What one viewer may see of a cycle; parts they may not see are empty or ``None``.

    ``hidden`` names the parts left out. The manager's ratings appear as the
    viewer may see them: the current drafts for the manager and HR, the
    version last released for the employee. Who, when, which phase and the
    agreed cadence are shown to everyone who may look at the cycle at all.
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    audience: str = attrs.field(validator=v.identifier())
    viewer: Actor = attrs.field(validator=v.instance(Actor))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    period: Period = attrs.field(validator=v.instance(Period))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    phase: Phase = attrs.field(validator=v.member(Phase))
    phase_started_at: dt.datetime = attrs.field(validator=v.aware_datetime())
    check_in_every_days: int = attrs.field(validator=v.integer(minimum=1, maximum=366))
    previous_cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    goals: tuple[Goal, ...] = attrs.field(default=(), validator=v.tuple_of(Goal))
    agreed_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    withdrawn_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    profile: CompetencyProfile | None = attrs.field(
        default=None, validator=v.instance(CompetencyProfile, optional=True)
    )
    """The competency profile appraised against, shown with the goals."""
    check_ins: tuple[CheckIn, ...] = attrs.field(default=(), validator=v.tuple_of(CheckIn))
    self_assessment_draft: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    self_assessment: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    manager_assessment: Assessment | None = attrs.field(
        default=None, validator=v.instance(Assessment, optional=True)
    )
    score: AppraisalScore | None = attrs.field(
        default=None, validator=v.instance(AppraisalScore, optional=True)
    )
    score_adjustment: ScoreAdjustment | None = attrs.field(
        default=None, validator=v.instance(ScoreAdjustment, optional=True)
    )
    """The adjustment of ``score``, shown with it (to the employee once released)."""
    competency_assessments: tuple[CompetencyAssessment, ...] = attrs.field(
        default=(), validator=v.tuple_of(CompetencyAssessment)
    )
    ratings_released: bool | None = attrs.field(
        default=None, validator=v.instance(bool, optional=True)
    )
    """Whether the current ratings are released; only for viewers who see the drafts."""
    feedback_discussion: FeedbackDiscussion | None = attrs.field(
        default=None, validator=v.instance(FeedbackDiscussion, optional=True)
    )
    appraisal_status: AppraisalStatus | None = attrs.field(
        default=None, validator=v.member(AppraisalStatus, optional=True)
    )
    root_causes: tuple[RootCause, ...] = attrs.field(default=(), validator=v.tuple_of(RootCause))
    actions: tuple[ImprovementAction, ...] = attrs.field(
        default=(), validator=v.tuple_of(ImprovementAction)
    )
    follow_ups: tuple[FollowUp, ...] = attrs.field(default=(), validator=v.tuple_of(FollowUp))
    formal_plan: FormalPlan | None = attrs.field(
        default=None, validator=v.instance(FormalPlan, optional=True)
    )
    formal_reviews: tuple[FormalReview, ...] = attrs.field(
        default=(), validator=v.tuple_of(FormalReview)
    )
    waivers: tuple[Waiver, ...] = attrs.field(default=(), validator=v.tuple_of(Waiver))
    feedback: tuple[FeedbackView, ...] = attrs.field(default=(), validator=v.tuple_of(FeedbackView))
    findings: tuple[Finding, ...] = attrs.field(default=(), validator=v.tuple_of(Finding))
    events: tuple[e.Event, ...] = attrs.field(default=(), validator=v.tuple_of(e.Event))
    hidden: tuple[Part, ...] = attrs.field(default=(), validator=v.tuple_of(Part))


# --- audiences ------------------------------------------------------------------------


def _audience(  # noqa: PLR0911 - one answer per way of standing to the cycle
    actor: Actor,
    *,
    employee_id: str,
    manager_id: str,
    reviewer_ids: frozenset[str],
    policy: VisibilityPolicy,
) -> str | None:
    """How ``actor`` stands to a cycle or request, or ``None`` if it is not theirs."""
    person, role = actor.person_id, actor.role
    if role == Role.EMPLOYEE:
        return "employee" if person == employee_id else None
    if role == Role.MANAGER:
        return "manager" if person == manager_id else None
    if role == Role.HR:
        if person == employee_id:  # HR never sees their own cycle as HR
            return "employee"
        return "manager" if person == manager_id else "hr"
    if role == Role.REVIEWER:
        return "reviewer" if person in reviewer_ids else None
    if role.name in policy.audiences and person != employee_id:
        return role.name
    return None


def _check(actor: object, policy: object) -> None:
    if not isinstance(actor, Actor):
        raise ValidationError.single("actor", f"must be an Actor, got {v.describe(actor)}")
    if not isinstance(policy, VisibilityPolicy):
        raise ValidationError.single(
            "policy", f"must be a VisibilityPolicy, got {v.describe(policy)}"
        )


# --- feedback -------------------------------------------------------------------------


def view_feedback(
    request: FeedbackRequest, actor: Actor, *, policy: VisibilityPolicy = DEFAULT_VISIBILITY
) -> FeedbackView:
    """What ``actor`` may see of ``request`` under ``policy``.

    The reviewee (employee role), their manager, HR, a named reviewer
    (reviewer role) or a role the policy names may look; anyone else is
    refused with :class:`perfcore.PermissionDenied`.

    >>> import datetime as dt
    >>> from perfcore import Actor, Basis, Rating, RatingScale, Role
    >>> from perfcore.feedback import (FeedbackRating, FeedbackRequest, FeedbackResponse,
    ...                                Reviewer, ReviewerRelation, Topic, TopicKind)
    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    >>> topic = Topic(kind=TopicKind.GENERAL, ref_id="coaching")
    >>> reports = tuple(Reviewer(person_id=f"r-{i}", relation=ReviewerRelation.DIRECT_REPORT)
    ...                 for i in range(1, 4))
    >>> upward = FeedbackRequest.open(
    ...     request_id="up-1", subject_id="m-3", manager_id="d-1", reviewers=reports,
    ...     topics=(topic,), scale=RatingScale(), anonymous=True,
    ...     expires_on=dt.date(2026, 11, 30), by=Actor(person_id="h-1", role=Role.HR), at=at)
    >>> for person, value in (("r-1", 4), ("r-2", 2), ("r-3", 3)):
    ...     rating = Rating(value=value, basis=Basis(text="1:1s"))
    ...     answer = FeedbackResponse(
    ...         reviewer_id=person, ratings=(FeedbackRating(topic=topic, rating=rating),))
    ...     upward = upward.respond(answer, by=Actor(person_id=person, role=Role.REVIEWER), at=at)
    >>> upward = upward.release(by=Actor(person_id="h-1", role=Role.HR), at=at)
    >>> seen = view_feedback(upward, Actor(person_id="m-3", role=Role.EMPLOYEE))
    >>> seen.reviewers, seen.responses, seen.summary.for_topic(topic).mean
    ((), (), 3.0)
    """
    _check(actor, policy)
    if not isinstance(request, FeedbackRequest):
        raise ValidationError.single(
            "request", f"must be a FeedbackRequest, got {v.describe(request)}"
        )
    audience = _audience(
        actor,
        employee_id=request.subject_id,
        manager_id=request.manager_id,
        reviewer_ids=frozenset(r.person_id for r in request.reviewers),
        policy=policy,
    )
    if audience is None:
        raise PermissionDenied(_VIEW, str(actor), f"feedback request {request.id!r} is not theirs")
    return _feedback_view(request, audience, actor.person_id, policy)


def _feedback_view(
    request: FeedbackRequest, audience: str, person_id: str, policy: VisibilityPolicy
) -> FeedbackView:
    hidden: list[Part] = []
    if request.anonymous:
        answers_part = Part.ANONYMOUS_ANSWERS
        summary_part = (
            Part.ANONYMOUS_SUMMARY if request.released else Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE
        )
    else:
        answers_part = Part.FEEDBACK if request.released else Part.FEEDBACK_BEFORE_RELEASE
        summary_part = answers_part
    answers = policy.access(answers_part, audience)
    reviewers: tuple[Reviewer, ...] = ()
    responses: tuple[FeedbackResponse, ...] = ()
    declined: tuple[str, ...] = ()
    if answers is Access.VISIBLE:
        reviewers, responses, declined = (
            request.reviewers,
            request.responses,
            request.declined_ids,
        )
    elif answers is Access.OWN:
        reviewers = tuple(r for r in request.reviewers if r.person_id == person_id)
        responses = tuple(r for r in request.responses if r.reviewer_id == person_id)
        declined = tuple(i for i in request.declined_ids if i == person_id)
    else:
        hidden.append(answers_part)
    summary: FeedbackSummary | None = None
    withheld: str | None = None
    if policy.access(summary_part, audience) is Access.VISIBLE:
        summary = summarise(request)
        withheld = request.withheld_reason
    elif summary_part is not answers_part:
        hidden.append(summary_part)
    return FeedbackView(
        request_id=request.id,
        audience=audience,
        subject_id=request.subject_id,
        manager_id=request.manager_id,
        cycle_id=request.cycle_id,
        kind=request.kind,
        anonymous=request.anonymous,
        topics=request.topics,
        scale=request.scale,
        expires_on=request.expires_on,
        question=request.question,
        requested_by=request.requested_by,
        released=request.released,
        closed=request.closed,
        reviewers=reviewers,
        responses=responses,
        declined_ids=declined,
        summary=summary,
        withheld=withheld,
        hidden=tuple(hidden),
    )


# --- the cycle ------------------------------------------------------------------------


def view_cycle(
    cycle: Cycle,
    actor: Actor,
    *,
    feedback: Iterable[FeedbackRequest] = (),
    findings: Iterable[Finding] = (),
    policy: VisibilityPolicy = DEFAULT_VISIBILITY,
) -> CycleView:
    """What ``actor`` may see of ``cycle`` (and its ``feedback`` and ``findings``).

    The cycle's employee, its manager, HR, a reviewer named on one of the
    ``feedback`` requests, or a role ``policy`` names may look; anyone else is
    refused with :class:`perfcore.PermissionDenied`. An HR person looking at
    a cycle they take part in sees it as the employee or manager they are.
    ``feedback`` must be requests about this cycle's employee in this cycle;
    ``findings`` may be a whole audit's, only this cycle's are kept.
    Usually called as :meth:`perfcore.Cycle.view_for`.
    """
    _check(actor, policy)
    if not isinstance(cycle, Cycle):
        raise ValidationError.single("cycle", f"must be a Cycle, got {v.describe(cycle)}")
    requests = requests_for_cycle(feedback, cycle_id=cycle.id, subject_id=cycle.employee_id)
    kept_findings = _findings_of(cycle, findings)
    audience = _audience(
        actor,
        employee_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        reviewer_ids=frozenset(r.person_id for q in requests for r in q.reviewers),
        policy=policy,
    )
    if audience is None:
        raise PermissionDenied(_VIEW, str(actor), f"cycle {cycle.id!r} is not theirs")

    def sees(part: Part) -> Access:
        return policy.access(part, audience)

    shown = _appraisal_parts(cycle, sees)
    if sees(Part.GOALS) is Access.VISIBLE:
        shown.update(
            goals=cycle.goals,
            agreed_goal_ids=cycle.agreed_goal_ids,
            withdrawn_goal_ids=cycle.withdrawn_goal_ids,
            profile=cycle.profile,
        )
    shown["check_ins"] = _check_ins(
        cycle, actor.person_id, sees(Part.CHECK_IN_NOTES), sees(Part.PRIVATE_NOTES)
    )
    if sees(Part.IMPROVEMENT_PLAN) is Access.VISIBLE:
        shown.update(
            actions=cycle.actions,
            follow_ups=cycle.follow_ups,
            formal_plan=cycle.formal_plan,
            formal_reviews=cycle.formal_reviews,
        )
    if sees(Part.WAIVERS) is Access.VISIBLE:
        shown["waivers"] = cycle.waivers
    shown["feedback"] = tuple(
        _feedback_view(request, audience, actor.person_id, policy) for request in requests
    )
    if sees(Part.AUDIT_FINDINGS) is Access.VISIBLE:
        shown["findings"] = kept_findings
    if sees(Part.HISTORY) is Access.VISIBLE:
        shown["events"] = _history(cycle, actor.person_id)
    return CycleView(
        cycle_id=cycle.id,
        audience=audience,
        viewer=actor,
        employee_id=cycle.employee_id,
        manager_id=cycle.manager_id,
        period=cycle.period,
        scale=cycle.scale,
        phase=cycle.phase,
        phase_started_at=cycle.phase_started_at,
        check_in_every_days=cycle.check_in_every_days,
        previous_cycle_id=cycle.previous_cycle_id,
        hidden=tuple(part for part in Part if sees(part) is Access.HIDDEN),
        **shown,  # type: ignore[arg-type]
    )


def _appraisal_parts(cycle: Cycle, sees: Callable[[Part], Access]) -> dict[str, object]:
    """The self-assessment, ratings, score, discussion and causes the viewer may see."""
    shown: dict[str, object] = {}
    if sees(Part.SELF_ASSESSMENT_DRAFT) is Access.VISIBLE:
        shown["self_assessment_draft"] = cycle.self_assessment_draft
    competencies: list[CompetencyAssessment] = []
    if sees(Part.SELF_ASSESSMENT) is Access.VISIBLE:
        shown["self_assessment"] = cycle.self_assessment
        competencies += [a for a in cycle.competency_assessments if a.role is AssessorRole.SELF]
    rated = _ratings_for(cycle, sees(Part.DRAFT_RATINGS), sees(Part.RELEASED_RATINGS))
    if rated is not None:
        shown["manager_assessment"] = rated.manager_assessment
        shown["score"] = rated.score
        shown["score_adjustment"] = rated.score_adjustment
        competencies += [a for a in rated.competency_assessments if a.role is not AssessorRole.SELF]
        if sees(Part.DRAFT_RATINGS) is Access.VISIBLE:
            shown["ratings_released"] = cycle.ratings_released
    shown["competency_assessments"] = tuple(competencies)
    if sees(Part.FEEDBACK_DISCUSSION) is Access.VISIBLE:
        shown.update(feedback_discussion=cycle.feedback, appraisal_status=cycle.appraisal_status)
    if sees(Part.ROOT_CAUSES) is Access.VISIBLE:
        shown["root_causes"] = cycle.root_causes
    return shown


def _check_ins(
    cycle: Cycle, person_id: str, shared: Access, private: Access
) -> tuple[CheckIn, ...]:
    authors = {
        event.check_in.id: event.actor.person_id
        for event in cycle.events
        if isinstance(event, e.CheckInRecorded)
    }
    kept: list[CheckIn] = []
    for check_in in cycle.check_ins:
        access = shared if check_in.kind.is_shared else private
        if access is Access.VISIBLE or (
            access is Access.OWN and authors.get(check_in.id) == person_id
        ):
            kept.append(check_in)
    return tuple(kept)


def _history(cycle: Cycle, person_id: str) -> tuple[e.Event, ...]:
    """The events, without anyone else's private notes: no audience sees those."""
    return tuple(
        event
        for event in cycle.events
        if not (
            isinstance(event, e.CheckInRecorded)
            and not event.check_in.kind.is_shared
            and event.actor.person_id != person_id
        )
    )


def _ratings_for(cycle: Cycle, drafts: Access, released: Access) -> Cycle | None:
    """The cycle whose ratings the viewer sees: the current one, the one last released, or none.

    Ratings as they stand are a draft until released, and released after: a
    viewer sees the current ratings only if they may see what those are.
    """
    if cycle.ratings_released:
        return cycle if released is Access.VISIBLE else None
    if drafts is Access.VISIBLE:
        return cycle
    if released is not Access.VISIBLE:
        return None
    last = None
    for index, event in enumerate(cycle.events):
        if isinstance(event, e.RatingsReleased | e.FeedbackDiscussionHeld):
            last = index
    if last is None:
        return None
    return Cycle.replay(cycle.events[: last + 1], policy=cycle.policy)


def _findings_of(cycle: Cycle, findings: object) -> tuple[Finding, ...]:
    """The findings passed that are about ``cycle``."""
    items: list[Finding] = v.items_of(findings, "findings", Finding)
    return tuple(finding for finding in items if finding.cycle_id == cycle.id)
