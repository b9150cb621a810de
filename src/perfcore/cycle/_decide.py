"""decide(state, command) -> events: the business rules of each command.

Phase and permission checks happen before ``decide`` (see ``Cycle.execute``);
here each handler checks the command's content against the cycle and returns
the event(s) that record it. A handler never changes anything: a rejected
command raises and leaves the cycle as it was.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from perfcore import _kernel as k
from perfcore._unchecked import builder
from perfcore._zones import local_date
from perfcore.assessments import Assessment
from perfcore.checkins import CheckIn
from perfcore.competency.model import AssessorRole
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle._evolve import check_in_key, outcome_key
from perfcore.cycle._score_checks import score_problems, score_range
from perfcore.cycle.conditions import blockers_of, condition_named, conditions_for
from perfcore.cycle.record import CycleRecord
from perfcore.cycle.state import AppraisalStatus
from perfcore.errors import ContentConflict, GuardError, ParamValue, Problem, TransitionError
from perfcore.goals import Goal
from perfcore.improvement import Outcome
from perfcore.improvement.signals import ANSWERED_SIGNALS
from perfcore.people import Actor, Role
from perfcore.phases import NEXT_PHASE

__all__ = ["PRECONDITIONS", "Unmet", "decide"]


class Unmet(NamedTuple):
    """A content-free precondition of a command that the cycle does not meet now."""

    code: str
    message: str
    params: Mapping[str, ParamValue] = MappingProxyType({})


Precondition = Callable[[CycleRecord, dt.datetime], Iterator[Unmet]]
"""Yields what stops a command on the cycle at a moment, whatever its content."""


class _Context:
    """What every handler needs: the cycle, the command, who and when."""

    __slots__ = ("actor", "at", "command", "cycle")

    def __init__(
        self, cycle: CycleRecord, command: c.Command, actor: Actor, at: dt.datetime
    ) -> None:
        self.cycle = cycle
        self.command = command
        self.actor = actor
        self.at = at

    @property
    def today(self) -> dt.date:
        """The calendar date of the command, in the cycle's zone."""
        return local_date(self.at, self.cycle.time_zone)

    @property
    def phase_started_on(self) -> dt.date:
        """The calendar date the current phase began, in the cycle's zone."""
        return local_date(self.cycle.phase_started_at, self.cycle.time_zone)

    def path(self, *parts: str) -> str:
        return ".".join((type(self.command).__name__, *parts))

    def invalid(self, field: str, message: str) -> ContentConflict:
        return ContentConflict.single(self.path(field), message)

    def not_now(self, message: str) -> TransitionError:
        return TransitionError(self.command.NAME, self.cycle.phase.value, message)


_BUILDERS: Mapping[type[e.Event], Callable[..., e.Event]] = MappingProxyType(
    {kind: builder(kind) for kind in e.EVENT_TYPES}
)


def _event(ctx: _Context, kind: type[e.Event], /, **content: object) -> e.Event:
    """The event recording ``ctx.command``, built without re-running its validators.

    Its content comes from the validated command and the handler's checks,
    its envelope from the validated cycle, the checked actor and time and
    the command's validated reason (see :mod:`perfcore._unchecked`).
    """
    cycle = ctx.cycle
    return _BUILDERS[kind](
        cycle_id=cycle.id,
        sequence=len(cycle.events),
        actor=ctx.actor,
        at=ctx.at,
        reason=ctx.command.reason,
        **content,
    )


_id: Callable[[Any], str] = operator.attrgetter("id")
"""The id of a record (a C-level getter: it runs once per item when a tuple is searched)."""


def _require(ctx: _Context, precondition: Precondition) -> None:
    """Refuse the command (``TransitionError``) on the first precondition the cycle misses."""
    for unmet in precondition(ctx.cycle, ctx.at):
        raise ctx.not_now(unmet.message)


def _raise_all(problems: Iterable[Problem]) -> None:
    found = list(problems)
    if found:
        raise ContentConflict(found)


def _goal_problems(ctx: _Context, goal: Goal) -> Iterable[Problem]:
    period = ctx.cycle.period
    if goal.due is not None and not period.contains(goal.due):
        yield Problem(
            path=ctx.path("goal", "due"),
            message=f"{goal.due} is outside the period {period.start}..{period.end}",
        )
    if goal.parent_id is not None:

        def goal_named(goal_id: str) -> Goal | None:
            return goal if goal_id == goal.id else ctx.cycle.goal(goal_id)

        seen = {goal.id}
        parent = goal_named(goal.parent_id)
        while parent is not None:
            if parent.id in seen:
                yield Problem(
                    path=ctx.path("goal", "parent_id"),
                    message=f"aligning {goal.id!r} to {goal.parent_id!r} makes a loop",
                )
                break
            seen.add(parent.id)
            parent = goal_named(parent.parent_id) if parent.parent_id else None


def _require_active_goal(ctx: _Context, goal_id: str, field: str) -> Goal:
    goal = ctx.cycle.goal(goal_id)
    if goal is None:
        raise ctx.invalid(field, f"no goal {goal_id!r} in this cycle")
    if goal_id in ctx.cycle.withdrawn_goal_ids:
        raise ctx.invalid(field, f"goal {goal_id!r} was withdrawn")
    return goal


def _day_problem(
    ctx: _Context, field: str, day: dt.date, *, earliest: dt.date
) -> Iterable[Problem]:
    if day < earliest:
        yield Problem(path=ctx.path(field), message=f"{day} is before {earliest}")
    if day > ctx.today:
        yield Problem(
            path=ctx.path(field), message=f"{day} is after the command's date {ctx.today}"
        )


# --- goal setting ---------------------------------------------------------------------


def _propose_goal(ctx: _Context, cmd: c.ProposeGoal) -> e.Event:
    if ctx.cycle.goal(cmd.goal.id) is not None:
        raise ctx.invalid("goal.id", f"a goal {cmd.goal.id!r} already exists in this cycle")
    _raise_all(_goal_problems(ctx, cmd.goal))
    return _event(ctx, e.GoalProposed, goal=cmd.goal)


def _revise_goal(ctx: _Context, cmd: c.ReviseGoal) -> e.Event:
    current = _require_active_goal(ctx, cmd.goal.id, "goal.id")
    if current == cmd.goal:
        raise ctx.invalid("goal", f"the revision of {cmd.goal.id!r} changes nothing")
    _raise_all(_goal_problems(ctx, cmd.goal))
    return _event(ctx, e.GoalRevised, goal=cmd.goal)


def _align_goal(ctx: _Context, cmd: c.AlignGoal) -> e.Event:
    goal = _require_active_goal(ctx, cmd.goal_id, "goal_id")
    cycle, objective = ctx.cycle, cmd.objective
    if cycle.goal(objective.id) is not None:
        raise ctx.invalid("objective.id", f"{objective.id!r} names a goal of this cycle")
    if not objective.overlaps(cycle.period):
        raise ctx.invalid(
            "objective.period",
            f"objective {objective.id!r} runs {objective.period.start}..{objective.period.end},"
            f" outside the cycle's period {cycle.period.start}..{cycle.period.end}",
        )
    if objective.retired_on is not None and objective.retired_on <= ctx.today:
        raise ctx.invalid(
            "objective.retired_on",
            f"objective {objective.id!r} was retired on {objective.retired_on}",
        )
    current = cycle.objective_for(goal.id)
    if current == objective:
        raise ctx.invalid("objective", f"goal {goal.id!r} is already aligned to {objective.id!r}")
    return _event(ctx, e.GoalAligned, goal_id=goal.id, objective=objective)


def _withdraw_goal(ctx: _Context, cmd: c.WithdrawGoal) -> e.Event:
    _require_active_goal(ctx, cmd.goal_id, "goal_id")
    return _event(ctx, e.GoalWithdrawn, goal_id=cmd.goal_id)


def _agree_goals(ctx: _Context, cmd: c.AgreeGoals) -> e.Event:
    cycle = ctx.cycle
    pending = [g.id for g in cycle.active_goals if g.id not in cycle.agreed_goal_ids]
    if not cmd.goal_ids:
        if not pending:
            raise ctx.invalid("goal_ids", "no goals await agreement")
        return _event(ctx, e.GoalsAgreed, goal_ids=tuple(pending))
    problems = []
    for index, goal_id in enumerate(cmd.goal_ids):
        if goal_id not in pending:
            state = "already agreed" if goal_id in cycle.agreed_goal_ids else "not an active goal"
            problems.append(
                Problem(path=ctx.path(f"goal_ids[{index}]"), message=f"{goal_id!r} is {state}")
            )
    _raise_all(problems)
    return _event(ctx, e.GoalsAgreed, goal_ids=cmd.goal_ids)


# --- implementation -------------------------------------------------------------------


def _record_check_in(ctx: _Context, cmd: c.RecordCheckIn) -> e.Event:
    cycle, check_in = ctx.cycle, cmd.check_in
    if _check_in_id_taken(cycle, check_in.id, ctx.actor.person_id):
        raise ctx.invalid("check_in.id", f"a check-in {check_in.id!r} already exists")
    problems = list(
        _day_problem(ctx, "check_in.held_on", check_in.held_on, earliest=ctx.phase_started_on)
    )
    active = {g.id for g in cycle.active_goals} if check_in.progress else set()
    for index, progress in enumerate(check_in.progress):
        if progress.goal_id not in active:
            problems.append(
                Problem(
                    path=ctx.path(f"check_in.progress[{index}].goal_id"),
                    message=f"no active goal {progress.goal_id!r}",
                )
            )
    problems += _action_item_problems(ctx, check_in)
    _raise_all(problems)
    return _event(ctx, e.CheckInRecorded, check_in=check_in)


def _action_item_problems(ctx: _Context, check_in: CheckIn) -> Iterator[Problem]:
    """New items need fresh ids and an owner of the 1:1; closed ones must be open."""
    if not check_in.action_items and not check_in.closed_action_items:
        return  # most check-ins: no need to read the earlier ones
    cycle = ctx.cycle
    raised = {item.id for item in cycle.action_items}
    parties = {cycle.employee_id, cycle.manager_id}
    for index, item in enumerate(check_in.action_items):
        if item.id in raised:
            yield Problem(
                path=ctx.path(f"check_in.action_items[{index}].id"),
                message=f"an action item {item.id!r} was raised at an earlier check-in",
            )
        if item.owner_id not in parties:
            yield Problem(
                path=ctx.path(f"check_in.action_items[{index}].owner_id"),
                message=f"{item.owner_id!r} took no part in this 1:1 (the employee or the manager)",
            )
    open_ids = {item.id for item in cycle.open_action_items()}
    for index, item_id in enumerate(check_in.closed_action_items):
        if item_id not in open_ids:
            state = "already closed" if item_id in raised else "never raised"
            yield Problem(
                path=ctx.path(f"check_in.closed_action_items[{index}]"),
                message=f"action item {item_id!r} was {state}",
            )


def _answer_signal(ctx: _Context, cmd: c.AnswerSignal) -> e.Event:
    cycle = ctx.cycle
    raised = [
        s for s in cycle.check_in_signals if s.check_in_id == cmd.check_in_id and s.kind is cmd.kind
    ]
    if not raised:
        raise ctx.invalid(
            "check_in_id",
            f"no shared check-in {cmd.check_in_id!r} raised a {cmd.kind.value} signal",
        )
    if cmd.kind not in ANSWERED_SIGNALS:
        raise ctx.invalid("kind", f"a {cmd.kind.value} is removed, not answered")
    if cycle.answer_to(cmd.check_in_id, cmd.kind) is not None:
        raise ctx.invalid(
            "check_in_id", f"the {cmd.kind.value} of {cmd.check_in_id!r} is already answered"
        )
    return _event(
        ctx, e.SignalAnswered, check_in_id=cmd.check_in_id, kind=cmd.kind, response=cmd.response
    )


def _check_in_id_taken(cycle: CycleRecord, check_in_id: str, person_id: str) -> bool:
    """Whether ``person_id`` knows a check-in ``check_in_id``: a shared one, or their own note.

    Someone else's private note neither blocks an id nor shows through a
    refusal: its id is its author's alone.
    """
    return k.contains(cycle.events, (check_in_id, None), check_in_key) or k.contains(
        cycle.events, (check_in_id, person_id), check_in_key
    )


# --- appraisal ------------------------------------------------------------------------


def _assessment_problems(ctx: _Context, assessment: Assessment) -> Iterable[Problem]:
    active = {g.id for g in ctx.cycle.active_goals}
    scale = ctx.cycle.scale
    for index, rating in enumerate(assessment.goal_ratings):
        where = f"assessment.goal_ratings[{index}]"
        if rating.goal_id not in active:
            yield Problem(
                path=ctx.path(where, "goal_id"), message=f"no active goal {rating.goal_id!r}"
            )
        if not scale.contains(rating.rating.value):
            yield Problem(
                path=ctx.path(where, "rating", "value"),
                message=f"{rating.rating.value:g} is off the scale {scale}",
            )
    if assessment.overall is not None and not scale.contains(assessment.overall.value):
        yield Problem(
            path=ctx.path("assessment", "overall", "value"),
            message=f"{assessment.overall.value:g} is off the scale {scale}",
        )


def _assessment_open(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    status = cycle.appraisal_status
    if status not in (AppraisalStatus.PENDING, AppraisalStatus.RESOLVED):
        yield Unmet(
            "appraisal_settled",
            f"the appraisal is {status.value}; assessments can no longer change",
            {"status": status.value},
        )


def _no_manager_assessment(cycle: CycleRecord, before: str) -> Iterator[Unmet]:
    if cycle.manager_assessment is None:
        yield Unmet(
            "no_manager_assessment", f"the manager must submit an assessment before {before}"
        )


def _submit_unmet(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    yield from _assessment_open(cycle, at)


def _share_unmet(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    yield from _assessment_open(cycle, at)
    if cycle.self_assessment_draft is None:
        yield Unmet("no_draft_self_assessment", "there is no draft self-assessment to share")


def _competency_unmet(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    if cycle.profile is None:
        yield Unmet(
            "no_competency_profile", "the cycle has no competency profile to assess against"
        )
    yield from _assessment_open(cycle, at)


def _release_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    yield from _no_manager_assessment(cycle, "ratings are released")
    if cycle.manager_assessment is not None and cycle.ratings_released:
        yield Unmet("nothing_to_release", "the ratings as they stand are already released")
    yield from _approval_pending(cycle)


def _approval_pending(cycle: CycleRecord) -> Iterator[Unmet]:
    """The ratings as they stand were sent back, or await a step of the approval route."""
    if cycle.manager_assessment is None or cycle.ratings_released:
        return
    if cycle.returned_at_step is not None:
        yield Unmet(
            "ratings_returned",
            f"step {cycle.returned_at_step!r} returned the ratings; the manager revises them first",
            {"step": cycle.returned_at_step},
        )
        return
    step = cycle.next_approval
    if step is not None:
        yield Unmet(
            "approval_pending",
            f"the ratings await approval at step {step.name!r} ({step.role.name})",
            {"step": step.name, "role": step.role.name},
        )


def _approval_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    if not cycle.approval_steps:
        yield Unmet("no_approval_route", "the cycle's settings route its ratings through no step")
        return
    yield from _no_manager_assessment(cycle, "ratings are approved")
    if cycle.manager_assessment is None:
        return
    if cycle.ratings_released:
        yield Unmet("nothing_to_approve", "the ratings as they stand are already released")
    elif cycle.returned_at_step is not None:
        yield from _approval_pending(cycle)
    elif cycle.next_approval is None:
        yield Unmet("nothing_to_approve", "every step approved the ratings as they stand")


def _not_released(cycle: CycleRecord, doing: str) -> Iterator[Unmet]:
    if not cycle.ratings_released:
        yield Unmet(
            "ratings_not_released",
            f"the manager's latest ratings are not released yet; release them before {doing}",
        )


def _no_feedback(cycle: CycleRecord, doing: str) -> Iterator[Unmet]:
    if cycle.feedback is None:
        yield Unmet(
            "no_feedback_discussion", f"the feedback discussion must be held before {doing}"
        )


def _answered(cycle: CycleRecord, *open_statuses: AppraisalStatus) -> Iterator[Unmet]:
    status = cycle.appraisal_status
    if status not in open_statuses:
        yield Unmet(
            "already_answered", f"the appraisal is already {status.value}", {"status": status.value}
        )


def _acknowledge_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    yield from _no_feedback(cycle, "acknowledging")
    resolution = cycle.dispute_resolution
    if resolution is not None and resolution.awaits_amendment:
        yield Unmet(
            "amendment_pending",
            "HR resolved the dispute as amended; the amended ratings or score come first",
        )
    yield from _not_released(cycle, "acknowledging")
    yield from _answered(cycle, AppraisalStatus.PENDING, AppraisalStatus.RESOLVED)


def _dispute_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    yield from _no_feedback(cycle, "disputing")
    yield from _not_released(cycle, "disputing")
    yield from _answered(cycle, AppraisalStatus.PENDING)


def _resolve_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    if cycle.appraisal_status is not AppraisalStatus.DISPUTED:
        yield Unmet("no_open_dispute", "there is no open dispute to resolve")


def _record_score_unmet(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    yield from _no_manager_assessment(cycle, "a score is recorded")
    yield from _assessment_open(cycle, at)


def _adjust_score_unmet(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    if cycle.score is None:
        yield Unmet("no_recorded_score", "there is no recorded score to adjust")
    yield from _assessment_open(cycle, at)


def _feedback_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    yield from _no_manager_assessment(cycle, "the feedback discussion")
    yield from _approval_pending(cycle)


def _formal_plan_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    if cycle.formal_plan is not None:
        yield Unmet(
            "formal_plan_exists",
            f"the cycle already has a formal plan {cycle.formal_plan.id!r}; there is one per cycle",
            {"plan_id": cycle.formal_plan.id},
        )


def _formal_review_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    if cycle.formal_plan is None:
        yield Unmet("no_formal_plan", "the cycle has no formal plan to review")


def _blocked(cycle: CycleRecord, at: dt.datetime) -> Iterator[Unmet]:
    blockers = blockers_of(cycle, cycle.date_of(at))
    if blockers:
        codes = tuple(dict.fromkeys(b.code for b in blockers))
        yield Unmet("blocked", str(GuardError(blockers)), {"blockers": codes})


def _waivable_codes(cycle: CycleRecord) -> tuple[str, ...]:
    """The conditions of the current phase HR may still waive (for every subject)."""
    return tuple(
        condition.code
        for condition in conditions_for(cycle.phase)
        if condition.applies_under(cycle.rules)
        and condition.waivable_under(cycle.rules)
        and not _waived(cycle, condition.code, None)
    )


def _waived(cycle: CycleRecord, code: str, subject: str | None) -> bool:
    return any(waiver.covers(code, subject) for waiver in cycle.waivers)


def _waive_unmet(cycle: CycleRecord, _: dt.datetime) -> Iterator[Unmet]:
    if not _waivable_codes(cycle):
        yield Unmet(
            "nothing_to_waive",
            f"no condition of phase {cycle.phase.value} is left that may be waived",
        )


def _submit_self(ctx: _Context, cmd: c.SubmitSelfAssessment) -> e.Event:
    _require(ctx, _submit_unmet)
    _raise_all(_assessment_problems(ctx, cmd.assessment))
    return _event(ctx, e.SelfAssessmentSubmitted, assessment=cmd.assessment, shared=cmd.share)


def _share_self(ctx: _Context, _: c.ShareSelfAssessment) -> e.Event:
    _require(ctx, _share_unmet)
    return _event(ctx, e.SelfAssessmentShared)


def _route_step(ctx: _Context, name: str) -> None:
    """``name`` is the step the ratings await, the actor holds its role and approved no other."""
    _require(ctx, _approval_unmet)
    step = ctx.cycle.next_approval
    assert step is not None  # noqa: S101 - _approval_unmet refuses a cycle awaiting none
    known = {s.name for s in ctx.cycle.approval_steps}
    if name not in known:
        raise ctx.invalid("step", f"no approval step {name!r}; the route is {sorted(known)}")
    if name != step.name:
        raise ctx.invalid("step", f"the ratings await step {step.name!r}, not {name!r}")
    if ctx.actor.role != step.role:
        raise ctx.invalid(
            "step",
            f"step {name!r} is taken by role {step.role.name!r}, not {ctx.actor.role.name!r}",
        )
    person = ctx.actor.person_id
    earlier = next((a for a in ctx.cycle.approvals if a.actor.person_id == person), None)
    if earlier is not None:
        raise ctx.invalid(
            "step",
            f"{ctx.actor.person_id!r} approved step {earlier.step!r}; another person takes"
            f" {name!r}",
        )


def _approve_ratings(ctx: _Context, cmd: c.ApproveRatings) -> e.Event:
    _route_step(ctx, cmd.step)
    return _event(ctx, e.RatingsApproved, step=cmd.step)


def _return_ratings(ctx: _Context, cmd: c.ReturnRatings) -> e.Event:
    _route_step(ctx, cmd.step)
    return _event(ctx, e.RatingsReturned, step=cmd.step)


def _release_ratings(ctx: _Context, _: c.ReleaseRatings) -> e.Event:
    _require(ctx, _release_unmet)
    return _event(ctx, e.RatingsReleased)


def _submit_manager(ctx: _Context, cmd: c.SubmitManagerAssessment) -> e.Event:
    _require(ctx, _submit_unmet)
    if ctx.cycle.ratings_ever_released and cmd.reason is None:
        raise ctx.invalid(
            "reason",
            "is required: the employee has seen the ratings, so a new assessment is a"
            " re-rating and must say why",
        )
    _raise_all(_assessment_problems(ctx, cmd.assessment))
    return _event(ctx, e.ManagerAssessmentSubmitted, assessment=cmd.assessment)


def _submit_competency(ctx: _Context, cmd: c.SubmitCompetencyAssessment) -> e.Event:
    cycle, assessment = ctx.cycle, cmd.assessment
    _require(ctx, _competency_unmet)
    profile = cycle.profile
    assert profile is not None  # noqa: S101 - _competency_unmet refuses a cycle without one
    problems: list[Problem] = []
    if assessment.person_id != cycle.employee_id:
        problems.append(
            Problem(
                path=ctx.path("assessment", "person_id"),
                message=f"must be this cycle's employee {cycle.employee_id!r}",
            )
        )
    expected = _assessor_rule(assessment.role, assessment.assessor_id, ctx.actor, cycle)
    if expected is not None:
        problems.append(Problem(path=ctx.path("assessment", "assessor_id"), message=expected))
    if assessment.scale != profile.scale:
        problems.append(
            Problem(path=ctx.path("assessment", "scale"), message="must be the profile's scale")
        )
    for index, rating in enumerate(assessment.ratings):
        if profile.requirement(rating.competency_id) is None:
            problems.append(
                Problem(
                    path=ctx.path(f"assessment.ratings[{index}].competency_id"),
                    message=f"{rating.competency_id!r} is not in the profile {profile.id!r}",
                )
            )
    _raise_all(problems)
    return _event(ctx, e.CompetencyAssessed, assessment=assessment)


def _assessor_rule(
    role: AssessorRole, assessor: str, actor: Actor, cycle: CycleRecord
) -> str | None:
    """Why this actor may not submit an assessment in this assessor role, or ``None``."""
    if role is AssessorRole.SELF and (actor.role != Role.EMPLOYEE or assessor != cycle.employee_id):
        return f"a self-assessment is by and from the employee {cycle.employee_id!r}"
    if role is AssessorRole.MANAGER and (
        actor.role != Role.MANAGER or assessor != cycle.manager_id
    ):
        return f"a manager assessment is by and from the manager {cycle.manager_id!r}"
    if role is AssessorRole.PEER and (
        actor.role == Role.EMPLOYEE or assessor in (cycle.employee_id, cycle.manager_id)
    ):
        return "peer input comes from a peer and is recorded by the manager or HR"
    return None


def _record_root_cause(ctx: _Context, cmd: c.RecordRootCause) -> e.Event:
    cycle, cause = ctx.cycle, cmd.root_cause
    if k.contains(cycle.root_causes, cause.id, _id):
        raise ctx.invalid("root_cause.id", f"a root cause {cause.id!r} already exists")
    _require_active_goal(ctx, cause.goal_id, "root_cause.goal_id")
    if cause.goal_id not in {g.id for g in cycle.unmet_goals}:
        raise ctx.invalid(
            "root_cause.goal_id", f"goal {cause.goal_id!r} is not rated unmet by the manager"
        )
    return _event(ctx, e.RootCauseRecorded, root_cause=cause)


def _record_score(ctx: _Context, cmd: c.RecordScore) -> e.Event:
    _require(ctx, _record_score_unmet)
    assessment = ctx.cycle.manager_assessment
    assert assessment is not None  # noqa: S101 - _record_score_unmet refuses a cycle without one
    active = {g.id for g in ctx.cycle.active_goals}
    problems = []
    for index, goal_score in enumerate(cmd.score.goal_scores):
        where = f"score.goal_scores[{index}]"
        rating = assessment.rating_for(goal_score.goal_id)
        if goal_score.goal_id not in active:
            problems.append(
                Problem(
                    path=ctx.path(where, "goal_id"),
                    message=f"no active goal {goal_score.goal_id!r}",
                )
            )
        elif rating is None or rating.actual != goal_score.actual:
            found = "no result" if rating is None else f"{rating.actual!r}"
            problems.append(
                Problem(
                    path=ctx.path(where, "actual"),
                    message=f"scores {goal_score.actual!r}, the manager assessment says {found}",
                )
            )
    _raise_all(problems)
    _raise_all(score_problems(ctx.cycle, cmd.score, ctx.path("score")))
    return _event(ctx, e.ScoreRecorded, score=cmd.score)


def _adjust_score(ctx: _Context, cmd: c.AdjustScore) -> e.Event:
    _require(ctx, _adjust_score_unmet)
    cycle = ctx.cycle
    assert cycle.score is not None  # noqa: S101 - _adjust_score_unmet refuses a cycle without one
    problems = []
    if cmd.replaces != cycle.score.value:
        problems.append(
            Problem(
                path=ctx.path("replaces"),
                message=(
                    f"{cmd.replaces:g} is not the recorded score's value {cycle.score.value:g}"
                ),
            )
        )
    if cmd.value == cycle.effective_score:
        problems.append(
            Problem(
                path=ctx.path("value"),
                message=f"{cmd.value:g} is already the score; the adjustment changes nothing",
            )
        )
    bounds = score_range(cycle.score)
    if bounds is not None and not bounds.contains(cmd.value):
        high = "" if bounds.high is None else f"{bounds.high:g}"
        problems.append(
            Problem(
                path=ctx.path("value"),
                message=f"{cmd.value:g} lies outside the score's range [{bounds.low:g}, {high}]",
            )
        )
    _raise_all(problems)
    return _event(
        ctx,
        e.ScoreAdjusted,
        value=cmd.value,
        replaces=cmd.replaces,
        kind=cmd.kind,
        reference=cmd.reference,
    )


def _hold_feedback(ctx: _Context, cmd: c.HoldFeedbackDiscussion) -> e.Event:
    _require(ctx, _feedback_unmet)
    _raise_all(
        _day_problem(
            ctx,
            "discussion.held_on",
            cmd.discussion.held_on,
            earliest=ctx.phase_started_on,
        )
    )
    return _event(ctx, e.FeedbackDiscussionHeld, discussion=cmd.discussion)


def _acknowledge(ctx: _Context, _: c.Acknowledge) -> e.Event:
    _require(ctx, _acknowledge_unmet)
    return _event(ctx, e.AppraisalAcknowledged)


def _dispute(ctx: _Context, _: c.Dispute) -> e.Event:
    _require(ctx, _dispute_unmet)
    return _event(ctx, e.AppraisalDisputed)


def _resolve_dispute(ctx: _Context, cmd: c.ResolveDispute) -> e.Event:
    _require(ctx, _resolve_unmet)
    return _event(ctx, e.DisputeResolved, outcome=cmd.outcome)


# --- improvement ----------------------------------------------------------------------


def _add_action(ctx: _Context, cmd: c.AddImprovementAction) -> e.Event:
    cycle, action = ctx.cycle, cmd.action
    if k.contains(cycle.actions, action.id, _id):
        raise ctx.invalid("action.id", f"an action {action.id!r} already exists")
    causes = {cause.id for cause in cycle.root_causes}
    problems = [
        Problem(path=ctx.path(f"action.cause_ids[{i}]"), message=f"no root cause {cause_id!r}")
        for i, cause_id in enumerate(action.cause_ids)
        if cause_id not in causes
    ]
    if action.due < cycle.period.start:
        problems.append(
            Problem(
                path=ctx.path("action.due"), message=f"{action.due} is before the period starts"
            )
        )
    _raise_all(problems)
    return _event(ctx, e.ImprovementActionAdded, action=action)


def _record_follow_up(ctx: _Context, cmd: c.RecordFollowUp) -> e.Event:
    cycle, follow_up = ctx.cycle, cmd.follow_up
    if not k.contains(cycle.actions, follow_up.action_id, _id):
        raise ctx.invalid("follow_up.action_id", f"no improvement action {follow_up.action_id!r}")
    latest = k.find(cycle.follow_ups, follow_up.action_id, outcome_key)  # the latest outcome
    if latest is not None and latest.outcome is Outcome.IMPROVED:
        raise ctx.invalid(
            "follow_up.action_id", f"action {follow_up.action_id!r} is already closed as improved"
        )
    _raise_all(
        _day_problem(ctx, "follow_up.held_on", follow_up.held_on, earliest=ctx.phase_started_on)
    )
    return _event(ctx, e.FollowUpRecorded, follow_up=follow_up)


def _record_practice(ctx: _Context, cmd: c.RecordPractice) -> e.Event:
    cycle, practice = ctx.cycle, cmd.practice
    exceeded = {goal.id for goal in cycle.exceeded_goals}
    if practice.goal_id not in exceeded:
        raise ctx.invalid(
            "practice.goal_id",
            f"goal {practice.goal_id!r} is not rated exceeded by the manager's assessment",
        )
    if practice.shared_on is not None:
        _raise_all(
            _day_problem(
                ctx, "practice.shared_on", practice.shared_on, earliest=ctx.cycle.period.start
            )
        )
    return _event(ctx, e.PracticeRecorded, practice=practice)


def _answer_follow_up(ctx: _Context, cmd: c.AnswerFollowUp) -> e.Event:
    cycle = ctx.cycle
    if not k.contains(cycle.actions, cmd.action_id, _id):
        raise ctx.invalid("action_id", f"no improvement action {cmd.action_id!r}")
    count = sum(1 for follow_up in cycle.follow_ups if follow_up.action_id == cmd.action_id)
    if not count:
        raise ctx.invalid("action_id", f"action {cmd.action_id!r} has not been followed up yet")
    latest = count - 1
    if any(
        answer.action_id == cmd.action_id and answer.follow_up == latest
        for answer in cycle.follow_up_answers
    ):
        raise ctx.invalid(
            "action_id", f"the latest follow-up of action {cmd.action_id!r} is already answered"
        )
    return _event(
        ctx,
        e.FollowUpAnswered,
        action_id=cmd.action_id,
        follow_up=latest,
        agrees=cmd.agrees,
        comment=cmd.comment,
    )


def _start_formal_plan(ctx: _Context, cmd: c.StartFormalPlan) -> e.Event:
    _require(ctx, _formal_plan_unmet)
    cycle, plan = ctx.cycle, cmd.plan
    actions = {action.id for action in cycle.actions}
    _raise_all(
        Problem(
            path=ctx.path(f"plan.action_ids[{index}]"),
            message=f"no improvement action {action_id!r}",
        )
        for index, action_id in enumerate(plan.action_ids)
        if action_id not in actions
    )
    return _event(ctx, e.FormalPlanStarted, plan=plan)


def _record_formal_review(ctx: _Context, cmd: c.RecordFormalReview) -> e.Event:
    _require(ctx, _formal_review_unmet)
    cycle, review = ctx.cycle, cmd.review
    plan = cycle.formal_plan
    assert plan is not None  # noqa: S101 - _formal_review_unmet refuses a cycle without one
    problems = []
    field = ctx.path("review", "held_on")
    if review.held_on < plan.starts_on:
        problems.append(
            Problem(
                path=field,
                message=f"{review.held_on} is before the formal plan starts ({plan.starts_on})",
            )
        )
    if cycle.formal_reviews and review.held_on < cycle.formal_reviews[-1].held_on:
        problems.append(
            Problem(
                path=field,
                message=(
                    f"{review.held_on} is before the previous review"
                    f" ({cycle.formal_reviews[-1].held_on})"
                ),
            )
        )
    if review.held_on > ctx.today:
        problems.append(
            Problem(path=field, message=f"{review.held_on} is after the command's date {ctx.today}")
        )
    _raise_all(problems)
    return _event(ctx, e.FormalReviewRecorded, review=review)


# --- moving on ------------------------------------------------------------------------


def _guard(ctx: _Context) -> None:
    blockers = blockers_of(ctx.cycle, ctx.today)
    if blockers:
        raise GuardError(blockers)


def _advance(ctx: _Context, _: c.AdvancePhase) -> e.Event:
    _guard(ctx)
    phase = ctx.cycle.phase
    return _event(ctx, e.PhaseAdvanced, from_phase=phase, to_phase=NEXT_PHASE[phase])


def _close(ctx: _Context, _: c.Close) -> e.Event:
    _guard(ctx)
    return _event(ctx, e.CycleClosed)


def _waive(ctx: _Context, cmd: c.WaiveCondition) -> e.Event:
    condition = condition_named(cmd.code)
    phase = ctx.cycle.phase
    if condition is None:
        raise ctx.invalid("code", f"no condition named {cmd.code!r}")
    if phase not in condition.phases:
        guarded = ", ".join(sorted(p.value for p in condition.phases))
        raise ctx.invalid(
            "code", f"{cmd.code!r} guards {guarded}, not the current phase {phase.value}"
        )
    if not condition.applies_under(ctx.cycle.rules):
        raise ctx.invalid(
            "code",
            f"{cmd.code!r} is no rule of this cycle: it came with the rules of version"
            f" {condition.since}, and the cycle is decided by version {ctx.cycle.rules}",
        )
    if not condition.waivable_under(ctx.cycle.rules):
        raise ctx.invalid("code", f"{cmd.code!r} cannot be waived; it must be met")
    if _waived(ctx.cycle, cmd.code, cmd.subject):
        raise ctx.invalid("code", f"{cmd.code!r} is already waived")
    if cmd.subject is not None:
        subjects = [b.subject for b in condition.blockers(ctx.cycle, ctx.today) if b.subject]
        if cmd.subject not in subjects:
            listed = ", ".join(repr(s) for s in subjects) or "none"
            raise ctx.invalid(
                "subject", f"{cmd.code!r} is not unmet for {cmd.subject!r}; unmet for: {listed}"
            )
    return _event(ctx, e.ConditionWaived, code=cmd.code, subject=cmd.subject)


def _cancel(ctx: _Context, _: c.Cancel) -> e.Event:
    return _event(ctx, e.CycleCancelled, from_phase=ctx.cycle.phase)


_Handler = Callable[[_Context, Any], e.Event]

PRECONDITIONS: Mapping[type[c.Command], Precondition] = MappingProxyType(
    {
        c.SubmitSelfAssessment: _submit_unmet,
        c.ShareSelfAssessment: _share_unmet,
        c.SubmitManagerAssessment: _submit_unmet,
        c.SubmitCompetencyAssessment: _competency_unmet,
        c.RecordScore: _record_score_unmet,
        c.AdjustScore: _adjust_score_unmet,
        c.ApproveRatings: _approval_unmet,
        c.ReturnRatings: _approval_unmet,
        c.ReleaseRatings: _release_unmet,
        c.HoldFeedbackDiscussion: _feedback_unmet,
        c.Acknowledge: _acknowledge_unmet,
        c.Dispute: _dispute_unmet,
        c.ResolveDispute: _resolve_unmet,
        c.StartFormalPlan: _formal_plan_unmet,
        c.RecordFormalReview: _formal_review_unmet,
        c.AdvancePhase: _blocked,
        c.WaiveCondition: _waive_unmet,
        c.Close: _blocked,
    }
)
"""Per command, its preconditions that do not depend on its content, as its handler checks
them (``_require``): what a command is refused for whatever its content, in the current phase."""

_HANDLERS: dict[type[c.Command], _Handler] = {
    c.ProposeGoal: _propose_goal,
    c.ReviseGoal: _revise_goal,
    c.AlignGoal: _align_goal,
    c.WithdrawGoal: _withdraw_goal,
    c.AgreeGoals: _agree_goals,
    c.RecordCheckIn: _record_check_in,
    c.SubmitSelfAssessment: _submit_self,
    c.ShareSelfAssessment: _share_self,
    c.SubmitManagerAssessment: _submit_manager,
    c.SubmitCompetencyAssessment: _submit_competency,
    c.RecordRootCause: _record_root_cause,
    c.RecordScore: _record_score,
    c.AdjustScore: _adjust_score,
    c.ApproveRatings: _approve_ratings,
    c.ReturnRatings: _return_ratings,
    c.ReleaseRatings: _release_ratings,
    c.HoldFeedbackDiscussion: _hold_feedback,
    c.Acknowledge: _acknowledge,
    c.Dispute: _dispute,
    c.ResolveDispute: _resolve_dispute,
    c.AddImprovementAction: _add_action,
    c.RecordFollowUp: _record_follow_up,
    c.AnswerFollowUp: _answer_follow_up,
    c.RecordPractice: _record_practice,
    c.AnswerSignal: _answer_signal,
    c.StartFormalPlan: _start_formal_plan,
    c.RecordFormalReview: _record_formal_review,
    c.AdvancePhase: _advance,
    c.WaiveCondition: _waive,
    c.Cancel: _cancel,
    c.Close: _close,
}


def decide(
    cycle: CycleRecord, command: c.Command, actor: Actor, at: dt.datetime
) -> tuple[e.Event, ...]:
    """The events that record ``command`` on ``cycle``, or an error if it is refused."""
    handler = _HANDLERS[type(command)]
    return (handler(_Context(cycle, command, actor, at), command),)
