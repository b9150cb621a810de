"""The one table of how each event's command is rebuilt, for replaying a history.

Replay re-decides every stored event (see :mod:`perfcore._kernel`): it rebuilds
the command that records the event from the event itself, runs every check
``Cycle.execute`` runs, and requires the command to record exactly the stored
event. Each event type but the first (``CycleStarted``, checked as
``Cycle.start`` checks it) has one rule here; a test fails when an event type
has none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from perfcore.cycle import commands as c
from perfcore.cycle import events as e

__all__ = ["COMMAND_OF"]

COMMAND_OF: Mapping[type[e.Event], Callable[[Any], c.Command]] = MappingProxyType(
    {
        e.GoalProposed: lambda ev: c.ProposeGoal(goal=ev.goal, reason=ev.reason),
        e.GoalRevised: lambda ev: c.ReviseGoal(goal=ev.goal, reason=ev.reason),
        e.GoalWithdrawn: lambda ev: c.WithdrawGoal(goal_id=ev.goal_id, reason=ev.reason),
        e.GoalsAgreed: lambda ev: c.AgreeGoals(goal_ids=ev.goal_ids, reason=ev.reason),
        e.CheckInRecorded: lambda ev: c.RecordCheckIn(check_in=ev.check_in, reason=ev.reason),
        e.SelfAssessmentSubmitted: lambda ev: c.SubmitSelfAssessment(
            assessment=ev.assessment, share=ev.shared, reason=ev.reason
        ),
        e.SelfAssessmentShared: lambda ev: c.ShareSelfAssessment(reason=ev.reason),
        e.ManagerAssessmentSubmitted: lambda ev: c.SubmitManagerAssessment(
            assessment=ev.assessment, reason=ev.reason
        ),
        e.CompetencyAssessed: lambda ev: c.SubmitCompetencyAssessment(
            assessment=ev.assessment, reason=ev.reason
        ),
        e.RootCauseRecorded: lambda ev: c.RecordRootCause(
            root_cause=ev.root_cause, reason=ev.reason
        ),
        e.ScoreRecorded: lambda ev: c.RecordScore(score=ev.score, reason=ev.reason),
        e.ScoreAdjusted: lambda ev: c.AdjustScore(
            value=ev.value,
            replaces=ev.replaces,
            kind=ev.kind,
            reference=ev.reference,
            reason=ev.reason,
        ),
        e.RatingsReleased: lambda ev: c.ReleaseRatings(reason=ev.reason),
        e.FeedbackDiscussionHeld: lambda ev: c.HoldFeedbackDiscussion(
            discussion=ev.discussion, reason=ev.reason
        ),
        e.AppraisalAcknowledged: lambda ev: c.Acknowledge(reason=ev.reason),
        e.AppraisalDisputed: lambda ev: c.Dispute(reason=ev.reason),
        e.DisputeResolved: lambda ev: c.ResolveDispute(outcome=ev.outcome, reason=ev.reason),
        e.ImprovementActionAdded: lambda ev: c.AddImprovementAction(
            action=ev.action, reason=ev.reason
        ),
        e.FollowUpRecorded: lambda ev: c.RecordFollowUp(follow_up=ev.follow_up, reason=ev.reason),
        e.GoalAligned: lambda ev: c.AlignGoal(
            goal_id=ev.goal_id, objective=ev.objective, reason=ev.reason
        ),
        e.RatingsApproved: lambda ev: c.ApproveRatings(step=ev.step, reason=ev.reason),
        e.RatingsReturned: lambda ev: c.ReturnRatings(step=ev.step, reason=ev.reason),
        e.SignalAnswered: lambda ev: c.AnswerSignal(
            check_in_id=ev.check_in_id, kind=ev.kind, response=ev.response, reason=ev.reason
        ),
        e.PracticeRecorded: lambda ev: c.RecordPractice(practice=ev.practice, reason=ev.reason),
        e.FollowUpAnswered: lambda ev: c.AnswerFollowUp(
            action_id=ev.action_id, agrees=ev.agrees, comment=ev.comment, reason=ev.reason
        ),
        e.FormalPlanStarted: lambda ev: c.StartFormalPlan(plan=ev.plan, reason=ev.reason),
        e.FormalReviewRecorded: lambda ev: c.RecordFormalReview(review=ev.review, reason=ev.reason),
        e.PhaseAdvanced: lambda ev: c.AdvancePhase(reason=ev.reason),
        e.ConditionWaived: lambda ev: c.WaiveCondition(
            code=ev.code, subject=ev.subject, reason=ev.reason
        ),
        e.CycleCancelled: lambda ev: c.Cancel(reason=ev.reason),
        e.CycleClosed: lambda ev: c.Close(reason=ev.reason),
    }
)
"""Event type → the command that records it, rebuilt from the event."""
