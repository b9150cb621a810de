"""evolve(state, event) -> state: how each event changes a cycle.

Events are facts, so evolve never re-checks business rules; it only refuses an
event that cannot apply to this state (a phase change from the wrong phase, a
share without a draft). The envelope (position, cycle, time order) and the
rules of the command behind each replayed event are the kernel's
(:mod:`perfcore._kernel`). The growing parts of the state are appended with
the kernel's helpers: in place while a replay builds the state, as new tuples
otherwise.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from perfcore import _kernel as k
from perfcore.competency.model import AssessorRole
from perfcore.cycle import events as e
from perfcore.cycle.record import CycleRecord
from perfcore.cycle.state import (
    AppraisalStatus,
    Approval,
    DisputeOutcome,
    DisputeResolution,
    FollowUpAnswer,
    ScoreAdjustment,
    SignalAnswer,
    Waiver,
)
from perfcore.errors import ValidationError
from perfcore.objectives import GoalAlignment
from perfcore.phases import Phase

R = TypeVar("R", bound=CycleRecord)


__all__ = ["GROWING", "check_fits", "check_in_key", "evolve", "outcome_key"]


_id: Callable[[Any], str] = operator.attrgetter("id")
"""The id of a record (a C-level getter: it runs once per item when a tuple is searched)."""


def check_in_key(event: e.Event) -> tuple[str, str | None] | None:
    """Who may know a recorded check-in's id: ``(id, None)`` if everyone, else ``(id, author)``.

    A private note's id is its author's alone: it neither blocks nor shows
    through anyone else's check-in.
    """
    if not isinstance(event, e.CheckInRecorded):
        return None
    check_in = event.check_in
    return (check_in.id, None if check_in.kind.is_shared else event.actor.person_id)


def outcome_key(follow_up: Any) -> str | None:  # noqa: ANN401 - a FollowUp
    """The action a follow-up gives an outcome to; ``None`` when it records none."""
    return follow_up.action_id if follow_up.outcome is not None else None


GROWING: dict[str, Any] = {
    "events": check_in_key,
    "goals": _id,
    "check_ins": None,
    "root_causes": _id,
    "actions": _id,
    "follow_ups": outcome_key,
    "follow_up_answers": None,
    "practices": None,
    "alignments": None,
    "signal_answers": None,
    "formal_reviews": None,
    "waivers": None,
}
"""The parts of a cycle that grow with its history, and the key each is looked up by."""


def _replace_goal(cycle: CycleRecord, event: e.GoalRevised) -> dict[str, Any]:
    goals = k.replaced(cycle.goals, event.goal, _id)
    agreed = tuple(i for i in cycle.agreed_goal_ids if i != event.goal.id)
    return {"goals": goals, "agreed_goal_ids": agreed}


def _aligned(cycle: CycleRecord, event: e.GoalAligned) -> dict[str, Any]:
    alignment = GoalAlignment(goal_id=event.goal_id, objective=event.objective)
    changes: dict[str, Any] = {"alignments": k.appended(cycle.alignments, alignment)}
    goal = cycle.goal(event.goal_id)
    if goal is not None and goal.parent_id != event.objective.id:
        changes["goals"] = k.replaced(
            cycle.goals, attrs.evolve(goal, parent_id=event.objective.id), _id
        )
        changes["agreed_goal_ids"] = tuple(i for i in cycle.agreed_goal_ids if i != goal.id)
    return changes


def _changes(cycle: CycleRecord, event: e.Event) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912
    match event:
        case e.GoalProposed(goal=goal):
            return {"goals": k.appended(cycle.goals, goal)}
        case e.GoalRevised():
            return _replace_goal(cycle, event)
        case e.GoalWithdrawn(goal_id=goal_id):
            return {
                "withdrawn_goal_ids": tuple(sorted({*cycle.withdrawn_goal_ids, goal_id})),
                "agreed_goal_ids": tuple(i for i in cycle.agreed_goal_ids if i != goal_id),
            }
        case e.GoalAligned():
            return _aligned(cycle, event)
        case e.GoalsAgreed(goal_ids=goal_ids):
            return {"agreed_goal_ids": tuple(sorted({*cycle.agreed_goal_ids, *goal_ids}))}
        case e.CheckInRecorded(check_in=check_in):
            return {"check_ins": k.appended(cycle.check_ins, check_in)}
        case e.SelfAssessmentSubmitted(assessment=assessment, shared=shared):
            if shared:
                return {"self_assessment": assessment, "self_assessment_draft": None}
            return {"self_assessment_draft": assessment}
        case e.SelfAssessmentShared():
            return {"self_assessment": cycle.self_assessment_draft, "self_assessment_draft": None}
        case e.ManagerAssessmentSubmitted(assessment=assessment):
            return _rerated(cycle, event, manager_assessment=assessment)
        case e.CompetencyAssessed(assessment=assessment):
            kept = tuple(
                a
                for a in cycle.competency_assessments
                if (a.role, a.assessor_id) != (assessment.role, assessment.assessor_id)
            )
            if assessment.role is AssessorRole.SELF:
                return {"competency_assessments": (*kept, assessment)}
            return _rerated(cycle, event, competency_assessments=(*kept, assessment))
        case e.RootCauseRecorded(root_cause=root_cause):
            return {"root_causes": k.appended(cycle.root_causes, root_cause)}
        case e.ScoreRecorded(score=score):
            return _rerated(cycle, event, score=score, score_adjustment=None)
        case e.ScoreAdjusted():
            return _rerated(cycle, event, score_adjustment=_adjustment(event))
        case e.FeedbackDiscussionHeld(discussion=discussion):
            return {"feedback": discussion, **_RELEASED}
        case e.RatingsReleased():
            return dict(_RELEASED)
        case e.SignalAnswered(check_in_id=check_in_id, kind=kind, response=response):
            answer = SignalAnswer(
                check_in_id=check_in_id,
                kind=kind,
                response=response,
                actor=event.actor,
                at=event.at,
                sequence=event.sequence,
            )
            return {"signal_answers": k.appended(cycle.signal_answers, answer)}
        case e.RatingsApproved(step=step):
            approval = Approval(step=step, actor=event.actor, at=event.at, sequence=event.sequence)
            return {"approvals": (*cycle.approvals, approval)}
        case e.RatingsReturned(step=step):
            return {"approvals": (), "returned_at_step": step, "ratings_released": False}
        case e.AppraisalAcknowledged():
            return {"appraisal_status": AppraisalStatus.ACKNOWLEDGED, "rerated": False}
        case e.AppraisalDisputed():
            return {"appraisal_status": AppraisalStatus.DISPUTED}
        case e.DisputeResolved():
            return {
                "appraisal_status": AppraisalStatus.RESOLVED,
                "rerated": False,
                "dispute_resolution": _resolution(event),
            }
        case e.ImprovementActionAdded(action=action):
            return {"actions": k.appended(cycle.actions, action)}
        case e.FollowUpRecorded(follow_up=follow_up):
            return {"follow_ups": k.appended(cycle.follow_ups, follow_up)}
        case e.PracticeRecorded(practice=practice):
            return {"practices": k.appended(cycle.practices, practice)}
        case e.FollowUpAnswered():
            return {"follow_up_answers": k.appended(cycle.follow_up_answers, _answer(event))}
        case e.FormalPlanStarted(plan=plan):
            return {"formal_plan": plan}
        case e.FormalReviewRecorded(review=review):
            return {"formal_reviews": k.appended(cycle.formal_reviews, review)}
        case e.PhaseAdvanced(to_phase=to_phase):
            return {"phase": to_phase, "phase_started_at": event.at}
        case e.ConditionWaived(code=code, subject=subject):
            waiver = Waiver(
                code=code, phase=cycle.phase, subject=subject, reason=event.reason or ""
            )
            return {"waivers": k.appended(cycle.waivers, waiver)}
        case e.CycleCancelled():
            return {"phase": Phase.CANCELLED, "phase_started_at": event.at}
        case e.CycleClosed():
            return {"phase": Phase.CLOSED, "phase_started_at": event.at}
    raise ValidationError.single(
        f"events[{event.sequence}]", f"{type(event).__name__} cannot follow the start of a cycle"
    )


_RELEASED = {"ratings_released": True, "ratings_ever_released": True}


def _rerated(cycle: CycleRecord, event: e.Event, **changes: Any) -> dict[str, Any]:  # noqa: ANN401
    """A change to the manager's ratings or score: a draft again, and a re-rating once shown.

    After ratings were released, the change awaits the employee's
    acknowledgement (or a resolved dispute) anew; after a dispute resolved as
    amended, it is one of the amendments.
    """
    changes["ratings_released"] = False
    changes["approvals"] = ()
    changes["returned_at_step"] = None
    if cycle.ratings_ever_released:
        changes["rerated"] = True
        if cycle.appraisal_status is AppraisalStatus.RESOLVED:
            changes["appraisal_status"] = AppraisalStatus.PENDING
    resolution = cycle.dispute_resolution
    if resolution is not None and resolution.outcome is DisputeOutcome.AMENDED:
        changes["dispute_resolution"] = DisputeResolution(
            outcome=resolution.outcome,
            reason=resolution.reason,
            actor=resolution.actor,
            at=resolution.at,
            sequence=resolution.sequence,
            amendments=(*resolution.amendments, event.sequence),
        )
    return changes


def _adjustment(event: e.ScoreAdjusted) -> ScoreAdjustment:
    return ScoreAdjustment(
        value=event.value,
        replaces=event.replaces,
        kind=event.kind,
        reason=event.reason or "",
        actor=event.actor,
        at=event.at,
        sequence=event.sequence,
        reference=event.reference,
    )


def _answer(event: e.FollowUpAnswered) -> FollowUpAnswer:
    return FollowUpAnswer(
        action_id=event.action_id,
        follow_up=event.follow_up,
        agrees=event.agrees,
        comment=event.comment,
        actor=event.actor,
        at=event.at,
        sequence=event.sequence,
    )


def _resolution(event: e.DisputeResolved) -> DisputeResolution:
    return DisputeResolution(
        outcome=event.outcome,
        reason=event.reason or "",
        actor=event.actor,
        at=event.at,
        sequence=event.sequence,
    )


def check_fits(cycle: CycleRecord, event: e.Event) -> None:
    """Refuse an event that cannot apply to ``cycle`` whatever its command's rules."""
    match event:
        case e.SelfAssessmentShared() if cycle.self_assessment_draft is None:
            raise ValidationError.single(
                f"events[{event.sequence}]", "SelfAssessmentShared follows no draft"
            )
        case e.GoalRevised(goal=goal) if not k.contains(cycle.goals, goal.id, _id):
            raise ValidationError.single(
                f"events[{event.sequence}].goal.id", f"GoalRevised revises no goal {goal.id!r}"
            )
        case e.PhaseAdvanced(from_phase=phase) | e.CycleCancelled(from_phase=phase):
            _expect_phase(cycle, event, phase)
        case e.CycleClosed():
            _expect_phase(cycle, event, Phase.IMPROVEMENT)
        case _:
            pass


def _expect_phase(cycle: CycleRecord, event: e.Event, phase: Phase) -> None:
    if cycle.phase is not phase:
        raise ValidationError.single(
            f"events[{event.sequence}]",
            f"{type(event).__name__} expects phase {phase.value}, "
            f"the cycle is in {cycle.phase.value}",
        )


def evolve(cycle: R, event: e.Event) -> R:
    """Apply one event (not the first) to ``cycle`` and return the new cycle.

    The event's envelope is already checked: by the kernel when replaying, and
    by construction when a command made it.
    """
    check_fits(cycle, event)
    changes = _changes(cycle, event)
    changes["events"] = k.appended(cycle.events, event)
    # Every value comes from the current (validated) cycle or from an event, and
    # events are validated when made or structured: the next state is built
    # without checking every field of the cycle again (see perfcore._unchecked).
    built: R = type(cycle)._REPLACE(cycle, changes)  # noqa: SLF001
    return built
