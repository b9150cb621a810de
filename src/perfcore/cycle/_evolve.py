"""evolve(state, event) -> state: how each event changes a cycle.

Events are facts, so evolve never re-checks business rules; it only refuses a
history that is not a history of this cycle (wrong order, wrong cycle, a phase
change from the wrong phase).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from perfcore.competency.model import AssessorRole
from perfcore.cycle import events as e
from perfcore.cycle.phases import Phase
from perfcore.cycle.state import (
    AppraisalStatus,
    DisputeOutcome,
    DisputeResolution,
    ScoreAdjustment,
    Waiver,
)
from perfcore.errors import ValidationError

if TYPE_CHECKING:
    from perfcore.cycle.aggregate import Cycle

__all__ = ["evolve"]


def _replace_goal(cycle: Cycle, event: e.GoalRevised) -> dict[str, Any]:
    goals = tuple(event.goal if g.id == event.goal.id else g for g in cycle.goals)
    agreed = tuple(i for i in cycle.agreed_goal_ids if i != event.goal.id)
    return {"goals": goals, "agreed_goal_ids": agreed}


def _changes(cycle: Cycle, event: e.Event) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912
    match event:
        case e.GoalProposed(goal=goal):
            return {"goals": (*cycle.goals, goal)}
        case e.GoalRevised():
            return _replace_goal(cycle, event)
        case e.GoalWithdrawn(goal_id=goal_id):
            return {
                "withdrawn_goal_ids": tuple(sorted({*cycle.withdrawn_goal_ids, goal_id})),
                "agreed_goal_ids": tuple(i for i in cycle.agreed_goal_ids if i != goal_id),
            }
        case e.GoalsAgreed(goal_ids=goal_ids):
            return {"agreed_goal_ids": tuple(sorted({*cycle.agreed_goal_ids, *goal_ids}))}
        case e.CheckInRecorded(check_in=check_in):
            return {"check_ins": (*cycle.check_ins, check_in)}
        case e.SelfAssessmentSubmitted(assessment=assessment, shared=shared):
            if shared:
                return {"self_assessment": assessment, "self_assessment_draft": None}
            return {"self_assessment_draft": assessment}
        case e.SelfAssessmentShared():
            if cycle.self_assessment_draft is None:
                raise ValidationError.single(
                    f"events[{event.sequence}]", "SelfAssessmentShared follows no draft"
                )
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
            return {"root_causes": (*cycle.root_causes, root_cause)}
        case e.ScoreRecorded(score=score):
            return _rerated(cycle, event, score=score, score_adjustment=None)
        case e.ScoreAdjusted():
            return _rerated(cycle, event, score_adjustment=_adjustment(event))
        case e.FeedbackDiscussionHeld(discussion=discussion):
            return {"feedback": discussion, **_RELEASED}
        case e.RatingsReleased():
            return dict(_RELEASED)
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
            return {"actions": (*cycle.actions, action)}
        case e.FollowUpRecorded(follow_up=follow_up):
            return {"follow_ups": (*cycle.follow_ups, follow_up)}
        case e.FormalPlanStarted(plan=plan):
            return {"formal_plan": plan}
        case e.FormalReviewRecorded(review=review):
            return {"formal_reviews": (*cycle.formal_reviews, review)}
        case e.PhaseAdvanced(from_phase=from_phase, to_phase=to_phase):
            _expect_phase(cycle, event, from_phase)
            return {"phase": to_phase, "phase_started_at": event.at}
        case e.ConditionWaived(code=code, subject=subject):
            waiver = Waiver(
                code=code, phase=cycle.phase, subject=subject, reason=event.reason or ""
            )
            return {"waivers": (*cycle.waivers, waiver)}
        case e.CycleCancelled(from_phase=from_phase):
            _expect_phase(cycle, event, from_phase)
            return {"phase": Phase.CANCELLED, "phase_started_at": event.at}
        case e.CycleClosed():
            _expect_phase(cycle, event, Phase.IMPROVEMENT)
            return {"phase": Phase.CLOSED, "phase_started_at": event.at}
    raise ValidationError.single(
        f"events[{event.sequence}]", f"{type(event).__name__} cannot follow the start of a cycle"
    )


_RELEASED = {"ratings_released": True, "ratings_ever_released": True}


def _rerated(cycle: Cycle, event: e.Event, **changes: Any) -> dict[str, Any]:  # noqa: ANN401
    """A change to the manager's ratings or score: a draft again, and a re-rating once shown.

    After ratings were released, the change awaits the employee's
    acknowledgement (or a resolved dispute) anew; after a dispute resolved as
    amended, it is one of the amendments.
    """
    changes["ratings_released"] = False
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


def _resolution(event: e.DisputeResolved) -> DisputeResolution:
    return DisputeResolution(
        outcome=event.outcome,
        reason=event.reason or "",
        actor=event.actor,
        at=event.at,
        sequence=event.sequence,
    )


def _expect_phase(cycle: Cycle, event: e.Event, phase: Phase) -> None:
    if cycle.phase is not phase:
        raise ValidationError.single(
            f"events[{event.sequence}]",
            f"{type(event).__name__} expects phase {phase.value}, "
            f"the cycle is in {cycle.phase.value}",
        )


def evolve(cycle: Cycle, event: e.Event) -> Cycle:
    """Apply one event (not the first) to ``cycle`` and return the new cycle."""
    index = len(cycle.events)
    if event.sequence != index:
        raise ValidationError.single(
            f"events[{index}].sequence", f"expected {index}, got {event.sequence}"
        )
    if event.cycle_id != cycle.id:
        raise ValidationError.single(
            f"events[{index}].cycle_id",
            f"belongs to cycle {event.cycle_id!r}, not {cycle.id!r}",
        )
    if event.at < e.clock(cycle.events):
        # The message names no time: the event before may be someone's private note.
        raise ValidationError.single(
            f"events[{index}].at", "is earlier than an event before it that is no private note"
        )
    changes = _changes(cycle, event)
    changes["events"] = (*cycle.events, event)
    # Every value comes from the current (validated) cycle or from an event, and
    # events are validated when made or structured: the next state is built
    # without checking every field of the cycle again (see perfcore._unchecked).
    return type(cycle)._REPLACE(cycle, changes)  # noqa: SLF001
