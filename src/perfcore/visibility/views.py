"""Redacted, read-only views of a cycle and of feedback requests, for one viewer.

A view holds only what its viewer may see under a :class:`VisibilityPolicy`;
everything else is absent from the object, so it is absent from its
serialized form too (``make_converter().unstructure(view)``). ``hidden``
lists the parts left out, so an app can tell "hidden" from "none yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._zones import UTC_NAME
from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Assessment, FeedbackDiscussion
from perfcore.checkins import CheckIn
from perfcore.competency.model import AssessorRole, CompetencyAssessment, CompetencyProfile
from perfcore.cycle import events as e
from perfcore.cycle.aggregate import Cycle
from perfcore.cycle.state import (
    AppraisalStatus,
    Approval,
    FollowUpAnswer,
    ScoreAdjustment,
    SignalAnswer,
    Waiver,
)
from perfcore.errors import PermissionDenied, ValidationError
from perfcore.feedback.audit import AnonymityAudit
from perfcore.feedback.model import FeedbackResponse, Reviewer, Topic
from perfcore.feedback.request import FeedbackKind, FeedbackRequest
from perfcore.feedback.summary import FeedbackSummary, requests_for_cycle, summarise
from perfcore.goals import Goal
from perfcore.improvement import (
    DEFAULT_CAUSE_INTERVENTIONS,
    CauseInterventions,
    FollowUp,
    ImprovementAction,
    PlanDraft,
    PracticeRecord,
    PracticeToShare,
    RootCause,
    draft_plan,
    practices_to_share,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.improvement.signals import CheckInSignal, signals_of
from perfcore.objectives import GoalAlignment
from perfcore.oversight.findings import Finding
from perfcore.people import Actor, Role
from perfcore.periods import Period
from perfcore.phases import Phase
from perfcore.scales import RatingScale
from perfcore.visibility.policy import (
    BUILT_IN_AUDIENCES,
    DEFAULT_VISIBILITY,
    Access,
    Part,
    VisibilityPolicy,
)

__all__ = ["EVENT_PARTS", "CycleView", "FeedbackView", "event_part", "view_cycle", "view_feedback"]

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
    """The last day answers are taken, in ``time_zone``."""
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
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
    audit: AnonymityAudit | None = attrs.field(
        default=None, validator=v.instance(AnonymityAudit, optional=True)
    )
    """The audit under which anonymous answers were read, if they were."""

    def __repr__(self) -> str:
        """Ids and counts of what this viewer sees: nothing they may not, no content at all."""
        return (
            f"<FeedbackView {self.request_id} audience={self.audience}"
            f" subject={self.subject_id} reviewers={len(self.reviewers)}"
            f" responses={len(self.responses)} released={self.released} closed={self.closed}>"
        )

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        """The short repr in IPython and notebooks, and in hypothesis' failing examples."""
        printer.text(repr(self))

    def full_repr(self) -> str:
        """Every field of the view, as ``FeedbackView(request_id=..., ...)``."""
        return _full_repr(self)


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
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The cycle's IANA zone: whose calendar the dates in the view follow."""
    previous_cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    goals: tuple[Goal, ...] = attrs.field(default=(), validator=v.tuple_of(Goal))
    agreed_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    withdrawn_goal_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    alignments: tuple[GoalAlignment, ...] = attrs.field(
        default=(), validator=v.tuple_of(GoalAlignment)
    )
    """The goals' recorded alignments to catalogue objectives, shown with the goals."""
    profile: CompetencyProfile | None = attrs.field(
        default=None, validator=v.instance(CompetencyProfile, optional=True)
    )
    """The competency profile appraised against, shown with the goals."""
    check_ins: tuple[CheckIn, ...] = attrs.field(default=(), validator=v.tuple_of(CheckIn))
    signal_answers: tuple[SignalAnswer, ...] = attrs.field(
        default=(), validator=v.tuple_of(SignalAnswer)
    )
    """Answers to the calls for HR's help and harms to the company's interest check-ins raised."""
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
    approvals: tuple[Approval, ...] = attrs.field(default=(), validator=v.tuple_of(Approval))
    """The approval route's approvals of the ratings as they stand; only with the drafts."""
    returned_at_step: str | None = attrs.field(default=None, validator=v.optional_text())
    """The step that sent the ratings back to the manager, if any; only with the drafts."""
    feedback_discussion: FeedbackDiscussion | None = attrs.field(
        default=None, validator=v.instance(FeedbackDiscussion, optional=True)
    )
    appraisal_status: AppraisalStatus | None = attrs.field(
        default=None, validator=v.member(AppraisalStatus, optional=True)
    )
    root_causes: tuple[RootCause, ...] = attrs.field(default=(), validator=v.tuple_of(RootCause))
    practices: tuple[PracticeRecord, ...] = attrs.field(
        default=(), validator=v.tuple_of(PracticeRecord)
    )
    """What worked on goals rated exceeded, shown with the ratings that rate them so."""
    actions: tuple[ImprovementAction, ...] = attrs.field(
        default=(), validator=v.tuple_of(ImprovementAction)
    )
    follow_ups: tuple[FollowUp, ...] = attrs.field(default=(), validator=v.tuple_of(FollowUp))
    follow_up_answers: tuple[FollowUpAnswer, ...] = attrs.field(
        default=(), validator=v.tuple_of(FollowUpAnswer)
    )
    """The employee's answers to the follow-ups shown."""
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
    """The history the viewer may see; each event's ``sequence`` is its position here."""
    hidden: tuple[Part, ...] = attrs.field(default=(), validator=v.tuple_of(Part))
    audit: AnonymityAudit | None = attrs.field(
        default=None, validator=v.instance(AnonymityAudit, optional=True)
    )
    """The audit under which anonymous answers were read, if they were."""

    # --- what can be worked out from what the viewer sees ------------------------------

    def _active_goals(self) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if g.id not in self.withdrawn_goal_ids)

    @property
    def check_in_signals(self) -> tuple[CheckInSignal, ...]:
        """What the check-ins this viewer sees raised (:func:`perfcore.improvement.signals_of`).

        Obstacles, calls for HR's help and harm to the company's interest, from
        the shared check-ins in this view; private notes raise nothing.
        """
        return signals_of(self.check_ins)

    def practices_to_share(self) -> tuple[PracticeToShare, ...]:
        """What worked on the goals rated exceeded, from the ratings this viewer sees.

        Worked out on the view, never on the cycle: a viewer of released ratings
        learns nothing of a draft through it (see
        :meth:`perfcore.Cycle.practices_to_share` for the unredacted form).
        """
        if self.manager_assessment is None:
            return ()
        return practices_to_share(
            self._active_goals(),
            self.manager_assessment,
            employee_id=self.employee_id,
            cycle_id=self.cycle_id,
        )

    def draft_improvement_plan(
        self,
        *,
        on: dt.date,
        interventions: CauseInterventions = DEFAULT_CAUSE_INTERVENTIONS,
        due_in_days: int = 90,
        kinds_per_cause: int = 1,
    ) -> PlanDraft:
        """A plan drafted from the unmet goals and root causes this viewer sees.

        As :meth:`perfcore.Cycle.draft_improvement_plan`, but from the view, so
        the draft follows the ratings the viewer may see.
        """
        unmet = set()
        if self.manager_assessment is not None:
            unmet = {
                r.goal_id for r in self.manager_assessment.goal_ratings if r.achievement.is_unmet
            }
        return draft_plan(
            tuple(g for g in self._active_goals() if g.id in unmet),
            self.root_causes,
            employee_id=self.employee_id,
            manager_id=self.manager_id,
            on=on,
            interventions=interventions,
            due_in_days=due_in_days,
            kinds_per_cause=kinds_per_cause,
            existing=self.actions,
        )

    def __repr__(self) -> str:
        """Ids, phase and counts of what this viewer sees: no content, nothing hidden from them.

        >>> import datetime as dt
        >>> from perfcore import Actor, Cycle, Period, Role
        >>> hr = Actor(person_id="hr-1", role=Role.HR)
        >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
        ...                     period=Period.annual(2026), by=hr,
        ...                     at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        >>> view_cycle(cycle, Actor(person_id="e7", role=Role.EMPLOYEE))
        <CycleView c-1 audience=employee viewer=e7 phase=goal_setting goals=0 events=0 hidden=6>
        """
        return (
            f"<CycleView {self.cycle_id} audience={self.audience}"
            f" viewer={self.viewer.person_id} phase={self.phase.value} goals={len(self.goals)}"
            f" events={len(self.events)} hidden={len(self.hidden)}>"
        )

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        """The short repr in IPython and notebooks, and in hypothesis' failing examples."""
        printer.text(repr(self))

    def full_repr(self) -> str:
        """Every field of the view, as ``CycleView(cycle_id=..., ...)``: all this viewer sees."""
        return _full_repr(self)


def _full_repr(view: FeedbackView | CycleView) -> str:
    """``Name(field=value, ...)`` over every field, as attrs writes a repr."""
    shown = (f"{f.name}={getattr(view, f.name)!r}" for f in attrs.fields(type(view)) if f.repr)
    return f"{type(view).__name__}({', '.join(shown)})"


# --- audiences ------------------------------------------------------------------------


def _audience(  # noqa: PLR0911 - one answer per way of standing to the cycle
    actor: Actor,
    *,
    employee_id: str,
    manager_id: str,
    reviewer_ids: frozenset[str],
    policy: VisibilityPolicy,
) -> str | None:
    """How ``actor`` stands to a cycle or request, or ``None`` if it is not theirs.

    The person's relation decides before the role they act in: the cycle's
    employee and manager are the ``employee`` and ``manager`` audiences under
    any other role (HR, reviewer, an app's role), so no role opens a fixed
    cell to them; someone acting as employee or manager of another's cycle
    is refused.
    """
    person, role = actor.person_id, actor.role
    if role == Role.EMPLOYEE:
        return "employee" if person == employee_id else None
    if role == Role.MANAGER:
        return "manager" if person == manager_id else None
    if person == employee_id:
        return "employee"
    if person == manager_id:
        return "manager"
    if role == Role.HR:
        return "hr"
    if role == Role.REVIEWER:
        return "reviewer" if person in reviewer_ids else None
    if role.name in policy.audiences and role.name not in BUILT_IN_AUDIENCES:
        return role.name
    return None


def _check(actor: object, policy: object, audit: object) -> None:
    if not isinstance(actor, Actor):
        raise ValidationError.single("actor", f"must be an Actor, got {v.describe(actor)}")
    if not isinstance(policy, VisibilityPolicy):
        raise ValidationError.single(
            "policy", f"must be a VisibilityPolicy, got {v.describe(policy)}"
        )
    if audit is None:
        return
    if not isinstance(audit, AnonymityAudit):
        raise ValidationError.single(
            "audit", f"must be an AnonymityAudit or None, got {v.describe(audit)}"
        )
    if audit.by != actor:
        raise ValidationError.single(
            "audit.by", "must be the viewer: the audit is theirs to account for"
        )


def _with_audit(
    policy: VisibilityPolicy, audit: AnonymityAudit | None
) -> Callable[[Part, str], Access]:
    """The policy's cells as they apply now: single anonymous answers only under an audit.

    Without an :class:`AnonymityAudit`, no audience reads anonymous answers
    with their reviewers (its own answer aside), and so none watches an
    anonymous summary change before release either: two summaries a few
    answers apart give the answers in between away.
    """

    def access(part: Part, audience: str) -> Access:
        cell = policy.access(part, audience)
        if audit is not None or cell is not Access.VISIBLE:
            return cell
        if part in (Part.ANONYMOUS_ANSWERS, Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE):
            return Access.HIDDEN
        return cell

    return access


# --- feedback -------------------------------------------------------------------------


def view_feedback(
    request: FeedbackRequest,
    actor: Actor,
    *,
    policy: VisibilityPolicy = DEFAULT_VISIBILITY,
    audit: AnonymityAudit | None = None,
) -> FeedbackView:
    """What ``actor`` may see of ``request`` under ``policy``.

    The reviewee (employee role), their manager, HR, a named reviewer
    (reviewer role) or a role the policy names may look; anyone else is
    refused with :class:`perfcore.PermissionDenied`. Single anonymous answers
    with their reviewers are shown, where the policy allows (HR by default),
    only under ``audit``: an :class:`perfcore.feedback.AnonymityAudit` by the
    viewer, kept on the view.

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
    _check(actor, policy, audit)
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
        raise PermissionDenied(_VIEW, actor, f"feedback request {request.id!r} is not theirs")
    return _feedback_view(request, audience, actor.person_id, policy, audit)


def _feedback_view(
    request: FeedbackRequest,
    audience: str,
    person_id: str,
    policy: VisibilityPolicy,
    audit: AnonymityAudit | None,
) -> FeedbackView:
    cell = _with_audit(policy, audit)
    hidden: list[Part] = []
    if request.anonymous:
        answers_part = Part.ANONYMOUS_ANSWERS
        summary_part = (
            Part.ANONYMOUS_SUMMARY if request.released else Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE
        )
    else:
        answers_part = Part.FEEDBACK if request.released else Part.FEEDBACK_BEFORE_RELEASE
        summary_part = answers_part
    answers = cell(answers_part, audience)
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
    if cell(summary_part, audience) is Access.VISIBLE:
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
        time_zone=request.time_zone,
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
        audit=audit if answers is Access.VISIBLE and request.anonymous else None,
    )


# --- the cycle ------------------------------------------------------------------------


def view_cycle(  # noqa: PLR0913 - the cycle, who looks, and what they bring along
    cycle: Cycle,
    actor: Actor,
    *,
    feedback: Iterable[FeedbackRequest] = (),
    findings: Iterable[Finding] = (),
    policy: VisibilityPolicy = DEFAULT_VISIBILITY,
    audit: AnonymityAudit | None = None,
) -> CycleView:
    """What ``actor`` may see of ``cycle`` (and its ``feedback`` and ``findings``).

    The cycle's employee, its manager, HR, a reviewer named on one of the
    ``feedback`` requests, or a role ``policy`` names may look; anyone else is
    refused with :class:`perfcore.PermissionDenied`. An HR person looking at
    a cycle they take part in sees it as the employee or manager they are.
    ``feedback`` must be requests about this cycle's employee in this cycle;
    ``findings`` may be a whole audit's, only this cycle's are kept.
    ``audit`` lets the viewer read single anonymous answers where the policy
    allows (see :func:`view_feedback`).
    """
    _check(actor, policy, audit)
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
        raise PermissionDenied(_VIEW, actor, f"cycle {cycle.id!r} is not theirs")

    cell = _with_audit(policy, audit)

    def sees(part: Part) -> Access:
        return cell(part, audience)

    rated = _ratings_for(cycle, sees(Part.DRAFT_RATINGS), sees(Part.RELEASED_RATINGS))
    shown = _appraisal_parts(cycle, rated, sees)
    if sees(Part.GOALS) is Access.VISIBLE:
        shown.update(
            goals=cycle.goals,
            agreed_goal_ids=cycle.agreed_goal_ids,
            withdrawn_goal_ids=cycle.withdrawn_goal_ids,
            alignments=cycle.alignments,
            profile=cycle.profile,
        )
    shown["check_ins"] = _check_ins(
        cycle, actor.person_id, sees(Part.CHECK_IN_NOTES), sees(Part.PRIVATE_NOTES)
    )
    if sees(Part.CHECK_IN_NOTES) is Access.VISIBLE:
        shown["signal_answers"] = cycle.signal_answers
    if sees(Part.IMPROVEMENT_PLAN) is Access.VISIBLE:
        actions = _derived_actions(cycle, rated)
        action_ids = {action.id for action in actions}
        shown.update(
            actions=actions,
            follow_ups=tuple(f for f in cycle.follow_ups if f.action_id in action_ids),
            follow_up_answers=tuple(
                a for a in cycle.follow_up_answers if a.action_id in action_ids
            ),
            formal_plan=cycle.formal_plan,
            formal_reviews=cycle.formal_reviews,
        )
    if sees(Part.WAIVERS) is Access.VISIBLE:
        shown["waivers"] = cycle.waivers
    shown["feedback"] = tuple(
        _feedback_view(request, audience, actor.person_id, policy, audit)
        for request in requests
        if audience != "reviewer" or actor.person_id in {r.person_id for r in request.reviewers}
    )
    if sees(Part.AUDIT_FINDINGS) is Access.VISIBLE:
        shown["findings"] = kept_findings
    if sees(Part.HISTORY) is Access.VISIBLE:
        shown["events"] = _history(cycle, actor.person_id, sees)
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
        time_zone=cycle.time_zone,
        previous_cycle_id=cycle.previous_cycle_id,
        hidden=tuple(part for part in Part if sees(part) is Access.HIDDEN),
        audit=audit if sees(Part.ANONYMOUS_ANSWERS) is Access.VISIBLE else None,
        **shown,  # type: ignore[arg-type]
    )


def _appraisal_parts(
    cycle: Cycle, rated: Cycle | None, sees: Callable[[Part], Access]
) -> dict[str, object]:
    """The self-assessment, ratings, score, discussion and causes the viewer may see.

    ``rated`` is the state whose ratings the viewer sees (see :func:`_ratings_for`).
    Root causes are recorded only for goals the manager rated unmet, so they
    reveal the verdict: they follow the ratings, as of that state.
    """
    shown: dict[str, object] = {}
    if sees(Part.SELF_ASSESSMENT_DRAFT) is Access.VISIBLE:
        shown["self_assessment_draft"] = cycle.self_assessment_draft
    competencies: list[CompetencyAssessment] = []
    if sees(Part.SELF_ASSESSMENT) is Access.VISIBLE:
        shown["self_assessment"] = cycle.self_assessment
        competencies += [a for a in cycle.competency_assessments if a.role is AssessorRole.SELF]
    if rated is not None:
        shown["manager_assessment"] = rated.manager_assessment
        shown["score"] = rated.score
        shown["score_adjustment"] = rated.score_adjustment
        competencies += [a for a in rated.competency_assessments if a.role is not AssessorRole.SELF]
        if sees(Part.DRAFT_RATINGS) is Access.VISIBLE:
            shown["ratings_released"] = cycle.ratings_released
            shown["approvals"] = cycle.approvals
            shown["returned_at_step"] = cycle.returned_at_step
    shown["competency_assessments"] = tuple(competencies)
    if sees(Part.FEEDBACK_DISCUSSION) is Access.VISIBLE:
        shown.update(feedback_discussion=cycle.feedback, appraisal_status=cycle.appraisal_status)
    if sees(Part.ROOT_CAUSES) is Access.VISIBLE and rated is not None:
        shown["root_causes"] = rated.root_causes
        shown["practices"] = rated.practices
    return shown


def _derived_actions(cycle: Cycle, rated: Cycle | None) -> tuple[ImprovementAction, ...]:
    """The improvement actions that give away no verdict the viewer may not see yet.

    Actions carried over from the previous cycle, and those in the state whose
    ratings the viewer sees; an action added for a cause of a rating still in
    draft waits for the release.
    """
    if rated is cycle:
        return cycle.actions
    started = cycle.events[0]
    known = (
        {a.id for a in started.carried_actions} if isinstance(started, e.CycleStarted) else set()
    )
    if rated is not None:
        known.update(a.id for a in rated.actions)
    return tuple(action for action in cycle.actions if action.id in known)


def _check_ins(
    cycle: Cycle, person_id: str, shared: Access, private: Access
) -> tuple[CheckIn, ...]:
    """The check-ins the viewer sees, in order; a private note only to its author.

    Read from the events, which say who wrote each: a private note's id is its
    author's alone, so it may equal the id of a check-in someone else wrote.
    """
    kept: list[CheckIn] = []
    for event in cycle.events:
        if not isinstance(event, e.CheckInRecorded):
            continue
        access = shared if event.check_in.kind.is_shared else private
        if access is Access.VISIBLE or (
            access is Access.OWN and event.actor.person_id == person_id
        ):
            kept.append(event.check_in)
    return tuple(kept)


def _history(cycle: Cycle, person_id: str, sees: Callable[[Part], Access]) -> tuple[e.Event, ...]:
    """The events that record only what the viewer may see.

    An event is left out when the part it records is hidden from the viewer
    (:data:`EVENT_PARTS`): anyone else's private notes always, a draft
    self-assessment, and so on. A viewer of released ratings only sees a
    rating event only if it was part of a release (a draft replaced before
    the release never was), and a root cause or improvement action only if
    the verdict it was recorded on was released. What the start carries over
    from the previous cycle follows the goals and the improvement plan.

    Each kept event's ``sequence`` is its position among the kept ones: the
    stored positions would show, by their gaps, how many hidden events lie
    between two shown ones, and where.
    """
    drafts = sees(Part.DRAFT_RATINGS) is Access.VISIBLE
    released = _released_indices(cycle) if not drafts else frozenset()
    released_visible = sees(Part.RELEASED_RATINGS) is Access.VISIBLE
    kept: list[e.Event] = []
    for index, event in enumerate(cycle.events):
        part = event_part(event)
        if part is None:
            allowed = True
        elif part is Part.PRIVATE_NOTES:
            allowed = sees(part) is Access.OWN and event.actor.person_id == person_id
        elif part is Part.DRAFT_RATINGS:
            allowed = drafts or (released_visible and index in released)
        else:
            allowed = sees(part) is Access.VISIBLE
            if allowed and isinstance(event, _VERDICT_DERIVED):
                allowed = drafts or (released_visible and index in released)
        if not allowed:
            continue
        if isinstance(event, e.CycleStarted):
            event = _redacted_start(event, sees)  # noqa: PLW2901 - the shown form of the start
        if event.sequence != len(kept):
            event = attrs.evolve(event, sequence=len(kept))  # noqa: PLW2901 - its shown position
        kept.append(event)
    return tuple(kept)


_VERDICT_DERIVED = (e.RootCauseRecorded, e.ImprovementActionAdded)
"""Events that exist because of a rating: shown only with that rating."""


def _rating_slot(event: e.Event) -> object | None:
    """Which rating an event sets (a later one in the same slot replaces it), if any."""
    if isinstance(event, e.ManagerAssessmentSubmitted):
        return "manager"
    if isinstance(event, e.ScoreRecorded):
        return "score"
    if isinstance(event, e.ScoreAdjusted):
        return "adjustment"
    if isinstance(event, e.CompetencyAssessed) and event.assessment.role is not AssessorRole.SELF:
        return (event.assessment.role, event.assessment.assessor_id)
    return None


def _released_indices(cycle: Cycle) -> frozenset[int]:
    """The rating events that were released, and the causes and actions on released verdicts."""
    shown: set[int] = set()
    pending: dict[object, int] = {}
    derived: list[int] = []
    released = False
    for index, event in enumerate(cycle.events):
        slot = _rating_slot(event)
        if slot is not None:
            pending[slot] = index
            if slot == "score":  # a score recorded anew clears the adjustment of the last
                pending.pop("adjustment", None)
            released = False
            if slot == "manager":
                derived.clear()  # recorded on a verdict now replaced, never released
        elif isinstance(event, e.RATING_RELEASES):
            shown.update(pending.values())
            shown.update(derived)
            pending.clear()
            derived.clear()
            released = True
        elif isinstance(event, _VERDICT_DERIVED):
            if released:
                shown.add(index)
            else:
                derived.append(index)
    return frozenset(shown)


def _redacted_start(event: e.CycleStarted, sees: Callable[[Part], Access]) -> e.CycleStarted:
    if sees(Part.GOALS) is not Access.VISIBLE:
        event = attrs.evolve(event, carried_goals=(), profile=None)
    if sees(Part.IMPROVEMENT_PLAN) is not Access.VISIBLE:
        event = attrs.evolve(event, carried_actions=())
    return event


def _shared_or_private(event: e.Event) -> Part:
    assert isinstance(event, e.CheckInRecorded)  # noqa: S101 - the table says so
    return Part.CHECK_IN_NOTES if event.check_in.kind.is_shared else Part.PRIVATE_NOTES


def _draft_or_shared(event: e.Event) -> Part:
    assert isinstance(event, e.SelfAssessmentSubmitted)  # noqa: S101 - the table says so
    return Part.SELF_ASSESSMENT if event.shared else Part.SELF_ASSESSMENT_DRAFT


def _whose_competencies(event: e.Event) -> Part:
    assert isinstance(event, e.CompetencyAssessed)  # noqa: S101 - the table says so
    if event.assessment.role is AssessorRole.SELF:
        return Part.SELF_ASSESSMENT
    return Part.DRAFT_RATINGS


EVENT_PARTS: Mapping[type[e.Event], Part | Callable[[e.Event], Part] | None] = MappingProxyType(
    {
        e.CycleStarted: None,
        e.GoalProposed: Part.GOALS,
        e.GoalRevised: Part.GOALS,
        e.GoalWithdrawn: Part.GOALS,
        e.GoalsAgreed: Part.GOALS,
        e.GoalAligned: Part.GOALS,
        e.CheckInRecorded: _shared_or_private,
        e.SignalAnswered: Part.CHECK_IN_NOTES,
        e.SelfAssessmentSubmitted: _draft_or_shared,
        e.SelfAssessmentShared: Part.SELF_ASSESSMENT,
        e.ManagerAssessmentSubmitted: Part.DRAFT_RATINGS,
        e.CompetencyAssessed: _whose_competencies,
        e.RootCauseRecorded: Part.ROOT_CAUSES,
        e.PracticeRecorded: Part.ROOT_CAUSES,
        e.ScoreRecorded: Part.DRAFT_RATINGS,
        e.ScoreAdjusted: Part.DRAFT_RATINGS,
        e.RatingsApproved: Part.DRAFT_RATINGS,
        e.RatingsReturned: Part.DRAFT_RATINGS,
        e.RatingsReleased: Part.RELEASED_RATINGS,
        e.FeedbackDiscussionHeld: Part.FEEDBACK_DISCUSSION,
        e.AppraisalAcknowledged: Part.FEEDBACK_DISCUSSION,
        e.AppraisalDisputed: Part.FEEDBACK_DISCUSSION,
        e.DisputeResolved: Part.FEEDBACK_DISCUSSION,
        e.ImprovementActionAdded: Part.IMPROVEMENT_PLAN,
        e.FollowUpRecorded: Part.IMPROVEMENT_PLAN,
        e.FollowUpAnswered: Part.IMPROVEMENT_PLAN,
        e.FormalPlanStarted: Part.IMPROVEMENT_PLAN,
        e.FormalReviewRecorded: Part.IMPROVEMENT_PLAN,
        e.PhaseAdvanced: None,
        e.ConditionWaived: Part.WAIVERS,
        e.CycleCancelled: None,
        e.CycleClosed: None,
    }
)
"""The part of a cycle each kind of event records (``None``: the cycle's course itself).

A rating event (``draft_ratings``) is shown to a viewer of released ratings
once a release follows it. A test checks every event type has its row.
"""


def event_part(event: e.Event) -> Part | None:
    """The part of a cycle ``event`` records, which decides who sees it in a history.

    >>> import datetime as dt
    >>> from perfcore import Actor, Role
    >>> from perfcore.cycle import events
    >>> event_part(events.RatingsReleased(cycle_id="c1", sequence=9, at=dt.datetime(
    ...     2026, 6, 1, tzinfo=dt.UTC), actor=Actor(person_id="m1", role=Role.MANAGER)))
    <Part.RELEASED_RATINGS: 'released_ratings'>
    """
    if type(event) not in EVENT_PARTS:
        raise ValidationError.single(
            "event", f"must be a cycle event perfcore records, got {v.describe(event)}"
        )
    rule = EVENT_PARTS[type(event)]
    return rule(event) if callable(rule) else rule


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
    return cycle.as_last_released()


def _findings_of(cycle: Cycle, findings: object) -> tuple[Finding, ...]:
    """The findings passed that are about ``cycle``."""
    items: list[Finding] = v.items_of(findings, "findings", Finding)
    return tuple(finding for finding in items if finding.cycle_id == cycle.id)
