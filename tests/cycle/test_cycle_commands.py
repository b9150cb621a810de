"""The content rules of each command, and the checks every command goes through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

import builders as b
import perfcore as pc
from perfcore.cycle import commands as c
from strategies import EMPLOYEE, HR, MANAGER


def refused(
    cycle: pc.Cycle,
    command: c.Command,
    error: type[pc.PerfcoreError],
    match: str,
    *,
    by: pc.Actor = MANAGER,
    at: dt.datetime | None = None,
) -> pc.PerfcoreError:
    before = cycle.events
    with pytest.raises(error, match=match) as info:
        cycle.execute(command, by=by, at=at or cycle.last_event_at + dt.timedelta(hours=1))
    assert cycle.events == before
    return info.value


# --- every command ------------------------------------------------------------------


def test_inputs_are_checked_first() -> None:
    cycle = b.started()
    goal = c.ProposeGoal(goal=b.sales_goal())
    with pytest.raises(pc.ValidationError, match="by: must be an Actor"):
        cycle.execute(goal, by="mgr", at=b.when(1))  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="at: must be a datetime"):
        cycle.execute(goal, by=MANAGER, at="2026-01-06")  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="timezone-aware"):
        cycle.execute(goal, by=MANAGER, at=dt.datetime(2026, 1, 6))  # noqa: DTZ001
    with pytest.raises(pc.ValidationError, match="must be a perfcore command"):
        cycle.execute("propose", by=MANAGER, at=b.when(1))  # type: ignore[arg-type]


def test_time_never_runs_backwards() -> None:
    cycle = b.started()
    err = refused(
        cycle,
        c.ProposeGoal(goal=b.sales_goal()),
        pc.ValidationError,
        "earlier than the last event",
        at=b.T0 - dt.timedelta(seconds=1),
    )
    assert isinstance(err, pc.ValidationError)
    assert err.paths == ("at",)
    same_time = cycle.propose_goal(b.sales_goal(), by=MANAGER, at=b.T0)
    assert same_time.last_event_at == b.T0


def test_wrong_phase_is_a_transition_error_naming_the_allowed_phases() -> None:
    err = refused(
        b.started(), c.Acknowledge(), pc.TransitionError, "allowed in: appraisal", by=EMPLOYEE
    )
    assert isinstance(err, pc.TransitionError)
    assert (err.command, err.phase) == ("acknowledge", "goal_setting")


def test_reasons_are_required_where_the_domain_asks_for_one() -> None:
    builders: list[Callable[[], c.Command]] = [
        lambda: c.ReviseGoal(goal=b.sales_goal()),
        lambda: c.WithdrawGoal(goal_id="g1"),
        c.Dispute,
        lambda: c.ResolveDispute(outcome=pc.DisputeOutcome.UPHELD),
        lambda: c.AdjustScore(value=0.8, replaces=1.0, kind=pc.AdjustmentKind.CALIBRATION),
        c.Cancel,
        lambda: c.WaiveCondition(code="self_assessment"),
    ]
    for build in builders:
        with pytest.raises(pc.ValidationError, match="reason: is required"):
            build()
    assert c.AdvancePhase().reason is None


# --- goal setting -------------------------------------------------------------------


def test_propose_goal_rules() -> None:
    cycle = b.goal_setting_ready()
    refused(cycle, c.ProposeGoal(goal=b.sales_goal()), pc.ValidationError, "already exists")
    late = b.sales_goal(id="g9", due=dt.date(2027, 1, 1))
    err = refused(cycle, c.ProposeGoal(goal=late), pc.ValidationError, "outside the period")
    assert isinstance(err, pc.ValidationError)
    assert err.paths == ("ProposeGoal.goal.due",)


def test_goal_tree_may_not_loop() -> None:
    cycle = b.started()
    cycle = cycle.propose_goal(b.sales_goal(parent_id="company/growth"), by=MANAGER, at=b.when(1))
    child = b.quality_goal(parent_id="g1")
    cycle = cycle.propose_goal(child, by=MANAGER, at=b.when(1))
    looped = b.sales_goal(parent_id="g2")
    refused(cycle, c.ReviseGoal(goal=looped, reason="Realign"), pc.ValidationError, "makes a loop")


def test_revise_goal_rules() -> None:
    cycle = b.goal_setting_ready()
    refused(
        cycle,
        c.ReviseGoal(goal=b.sales_goal(), reason="Same"),
        pc.ValidationError,
        "changes nothing",
    )
    refused(
        cycle,
        c.ReviseGoal(goal=b.sales_goal(id="g9"), reason="New"),
        pc.ValidationError,
        "no goal 'g9'",
    )
    withdrawn = cycle.withdraw_goal("g1", reason="Dropped", by=MANAGER, at=b.when(5))
    assert withdrawn.status_of("g1") is pc.GoalStatus.WITHDRAWN
    refused(
        withdrawn,
        c.ReviseGoal(goal=b.sales_goal(title="Back"), reason="Back"),
        pc.ValidationError,
        "was withdrawn",
    )
    refused(
        withdrawn, c.WithdrawGoal(goal_id="g1", reason="Again"), pc.ValidationError, "was withdrawn"
    )


def test_revised_goal_keeps_history_and_needs_agreement() -> None:
    cycle = b.goal_setting_ready()
    revised = cycle.revise_goal(
        b.sales_goal(weight=60), reason="Market slowdown", by=EMPLOYEE, at=b.when(5)
    )
    assert revised.goal("g1") == b.sales_goal(weight=60)
    assert revised.status_of("g1") is pc.GoalStatus.PROPOSED
    assert revised.status_of("g2") is pc.GoalStatus.AGREED
    assert revised.status_of("nope") is None
    assert [type(e).__name__ for e in revised.events_of(pc.cycle.GoalRevised)] == ["GoalRevised"]
    proposed = revised.events_of(pc.cycle.GoalProposed)[0]
    assert isinstance(proposed, pc.cycle.GoalProposed)
    assert proposed.goal.weight == 70


def test_agree_goals_rules() -> None:
    cycle = b.goal_setting_ready()
    refused(cycle, c.AgreeGoals(), pc.ValidationError, "no goals await agreement", by=EMPLOYEE)
    err = refused(
        cycle,
        c.AgreeGoals(goal_ids=("g1", "zz")),
        pc.ValidationError,
        "already agreed",
        by=EMPLOYEE,
    )
    assert isinstance(err, pc.ValidationError)
    assert err.paths == ("AgreeGoals.goal_ids[0]", "AgreeGoals.goal_ids[1]")
    assert "not an active goal" in err.problems[1].message


# --- implementation -----------------------------------------------------------------


def _check_in(day: int, **changes: object) -> pc.CheckIn:
    fields: dict[str, object] = {
        "id": f"ci-{day}",
        "kind": pc.CheckInKind.ONE_ON_ONE,
        "held_on": b.when(day).date(),
    }
    fields.update(changes)
    return pc.CheckIn(**fields)  # type: ignore[arg-type]


def test_check_in_rules() -> None:
    cycle = b.implementation_ready()
    refused(
        cycle,
        c.RecordCheckIn(check_in=_check_in(31, id="ci1")),
        pc.ValidationError,
        "already exists",
    )
    refused(
        cycle,
        c.RecordCheckIn(check_in=_check_in(2)),
        pc.ValidationError,
        "before 2026-01-10",
        at=b.when(31),
    )
    refused(
        cycle,
        c.RecordCheckIn(check_in=_check_in(40)),
        pc.ValidationError,
        "after the command's date",
        at=b.when(31),
    )
    progress = (pc.GoalProgress(goal_id="g7"),)
    err = refused(
        cycle,
        c.RecordCheckIn(check_in=_check_in(31, progress=progress)),
        pc.ValidationError,
        "no active goal 'g7'",
        at=b.when(31),
    )
    assert isinstance(err, pc.ValidationError)
    assert err.paths == ("RecordCheckIn.check_in.progress[0].goal_id",)


def test_check_in_records_structured_fields() -> None:
    check_in = _check_in(
        31,
        progress=(pc.GoalProgress(goal_id="g1", status=pc.ProgressStatus.OFF_TRACK, value=400),),
        obstacles=("No CRM licence",),
        deviation="Pipeline far behind",
        support_needed="CRM licence",
        recognition="Built a partner referral scheme",
        company_interest_concern="Discounts beyond policy to close deals",
        hr_help_wanted=True,
    )
    cycle = b.implementation_ready().record_check_in(check_in, by=EMPLOYEE, at=b.when(31))
    assert cycle.check_ins[-1] == check_in
    assert cycle.events[-1].actor == EMPLOYEE


# --- appraisal ----------------------------------------------------------------------


def test_assessment_must_rate_active_goals_on_the_scale() -> None:
    cycle = b.appraisal_entered()
    bad = pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(b.rating("g1", pc.Achievement.MET, 6), b.rating("gx", pc.Achievement.MET)),
        overall=pc.Rating(value=0, basis=pc.Basis(text="x")),
    )
    err = refused(
        cycle, c.SubmitManagerAssessment(assessment=bad), pc.ValidationError, "off the scale"
    )
    assert isinstance(err, pc.ValidationError)
    assert err.paths == (
        "SubmitManagerAssessment.assessment.goal_ratings[0].rating.value",
        "SubmitManagerAssessment.assessment.goal_ratings[1].goal_id",
        "SubmitManagerAssessment.assessment.overall.value",
    )


def test_assessment_source_must_match_the_command() -> None:
    with pytest.raises(pc.ValidationError, match="must be a self assessment, got manager"):
        c.SubmitSelfAssessment(assessment=b.manager_assessment())


def test_assessments_lock_once_acknowledged_or_disputed() -> None:
    ready = b.appraisal_ready()
    refused(
        ready,
        c.SubmitManagerAssessment(assessment=b.manager_assessment()),
        pc.TransitionError,
        "acknowledged",
    )
    disputed = pc.Cycle.replay(ready.events[:-1]).dispute(
        reason="Unfair", by=EMPLOYEE, at=b.when(46)
    )
    refused(
        disputed,
        c.SubmitSelfAssessment(assessment=b.self_assessment()),
        pc.TransitionError,
        "disputed",
        by=EMPLOYEE,
    )
    resolved = disputed.resolve_dispute(
        outcome=pc.DisputeOutcome.AMENDED, reason="Manager to re-rate g1", by=HR, at=b.when(47)
    )
    amended = resolved.submit_manager_assessment(
        b.manager_assessment(sales=pc.Achievement.MET),
        by=MANAGER,
        at=b.when(48),
        reason="g1 re-rated after HR upheld part of the dispute",
    )
    assert amended.unmet_goals == ()


def test_root_cause_rules() -> None:
    cycle = b.appraisal_entered()
    refused(cycle, c.RecordRootCause(root_cause=b.cause()), pc.ValidationError, "not rated unmet")
    assessed = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    analysed = assessed.record_root_cause(b.cause(), by=MANAGER, at=b.when(42))
    refused(analysed, c.RecordRootCause(root_cause=b.cause()), pc.ValidationError, "already exists")
    other = pc.RootCause(
        id="rc2", goal_id="g2", category=pc.CauseCategory.RESOURCES, description="x"
    )
    refused(
        analysed, c.RecordRootCause(root_cause=other), pc.ValidationError, "'g2' is not rated unmet"
    )
    ghost = pc.RootCause(
        id="rc3", goal_id="g0", category=pc.CauseCategory.RESOURCES, description="x"
    )
    refused(analysed, c.RecordRootCause(root_cause=ghost), pc.ValidationError, "no goal 'g0'")
    assert assessed.exceeded_goals == (b.quality_goal(),)
    assert [g.id for g in assessed.unmet_goals] == ["g1"]


def test_feedback_and_acknowledgement_order() -> None:
    cycle = b.appraisal_entered()
    discussion = pc.FeedbackDiscussion(held_on=b.when(41).date(), summary="Talk")
    refused(
        cycle,
        c.HoldFeedbackDiscussion(discussion=discussion),
        pc.TransitionError,
        "assessment before",
    )
    assessed = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    refused(assessed, c.Acknowledge(), pc.TransitionError, "before acknowledging", by=EMPLOYEE)
    refused(assessed, c.Dispute(reason="x"), pc.TransitionError, "before disputing", by=EMPLOYEE)
    refused(
        assessed,
        c.ResolveDispute(outcome=pc.DisputeOutcome.UPHELD, reason="x"),
        pc.TransitionError,
        "no open dispute",
        by=HR,
    )
    future = pc.FeedbackDiscussion(held_on=b.when(50).date(), summary="Talk")
    refused(
        assessed,
        c.HoldFeedbackDiscussion(discussion=future),
        pc.ValidationError,
        "after the command",
    )
    held = assessed.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(41))
    acknowledged = held.acknowledge(by=EMPLOYEE, at=b.when(42))
    assert acknowledged.acknowledged
    refused(acknowledged, c.Acknowledge(), pc.TransitionError, "already acknowledged", by=EMPLOYEE)
    refused(
        acknowledged, c.Dispute(reason="x"), pc.TransitionError, "already acknowledged", by=EMPLOYEE
    )
    disputed = held.dispute(reason="Unfair", by=EMPLOYEE, at=b.when(42))
    assert disputed.disputed
    assert disputed.events[-1].reason == "Unfair"
    refused(
        disputed, c.Dispute(reason="Again"), pc.TransitionError, "already disputed", by=EMPLOYEE
    )
    resolved = disputed.resolve_dispute(
        outcome=pc.DisputeOutcome.UPHELD, reason="Upheld", by=HR, at=b.when(43)
    )
    refused(
        resolved, c.Dispute(reason="Again"), pc.TransitionError, "already resolved", by=EMPLOYEE
    )
    assert resolved.acknowledge(by=EMPLOYEE, at=b.when(44)).acknowledged


# --- improvement --------------------------------------------------------------------


def test_improvement_action_rules() -> None:
    cycle = b.appraisal_ready()
    err = refused(
        cycle,
        c.AddImprovementAction(action=b.action(cause_ids=("rc1", "rc9"), due=dt.date(2025, 1, 1))),
        pc.ValidationError,
        "no root cause 'rc9'",
    )
    assert isinstance(err, pc.ValidationError)
    assert err.paths == (
        "AddImprovementAction.action.cause_ids[1]",
        "AddImprovementAction.action.due",
    )
    planned = cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(46))
    refused(
        planned, c.AddImprovementAction(action=b.action()), pc.ValidationError, "already exists"
    )


def test_follow_up_rules() -> None:
    cycle = b.improvement_entered()
    ghost = pc.FollowUp(action_id="a9", held_on=b.when(50).date(), progress="x")
    refused(
        cycle, c.RecordFollowUp(follow_up=ghost), pc.ValidationError, "no improvement action 'a9'"
    )
    refused(
        cycle,
        c.RecordFollowUp(follow_up=b.follow_up(day=80)),
        pc.ValidationError,
        "after the command's date",
        at=b.when(50),
    )
    done = b.improvement_ready()
    refused(
        done, c.RecordFollowUp(follow_up=b.follow_up(day=61)), pc.ValidationError, "already closed"
    )


# --- cancel, close and the next cycle -----------------------------------------------


def test_cancel_from_any_open_phase() -> None:
    for cycle in (
        b.started(),
        b.implementation_ready(),
        b.appraisal_ready(),
        b.improvement_entered(),
    ):
        phase = cycle.phase
        cancelled = cycle.cancel(reason="Employee left", by=HR, at=b.when(70))
        assert cancelled.phase is pc.Phase.CANCELLED
        event = cancelled.events[-1]
        assert isinstance(event, pc.cycle.CycleCancelled)
        assert (event.from_phase, event.reason) == (phase, "Employee left")
        refused(cancelled, c.AdvancePhase(), pc.TransitionError, "not allowed in phase cancelled")
        assert cancelled.blockers() == ()


def test_advance_in_improvement_points_to_close() -> None:
    refused(b.improvement_ready(), c.AdvancePhase(), pc.TransitionError, "allowed in: appraisal")


def test_next_cycle_carries_unfinished_development_goals_and_open_actions() -> None:
    cycle = b.appraisal_entered()
    assessment = pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(
            b.rating("g1", pc.Achievement.PARTLY_MET),
            b.rating("g2", pc.Achievement.MET),
            b.rating("g3", pc.Achievement.NOT_MET),
        ),
    )
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(assessment, by=MANAGER, at=b.when(41))
    cycle = b.rate_competencies(cycle, at=b.when(41))
    cycle = cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(42))
    cause3 = pc.RootCause(
        id="rc3", goal_id="g3", category=pc.CauseCategory.EXPERIENCE, description="x"
    )
    cycle = cycle.record_root_cause(cause3, by=MANAGER, at=b.when(42))
    discussion = pc.FeedbackDiscussion(
        held_on=b.when(43).date(),
        summary="Talk",
        gap_explanations=(pc.GapExplanation(goal_id="g2", text="Met the target, no more"),),
    )
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(43))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=b.when(44))
    cycle = cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(45))
    second = b.action(id="a2", cause_ids=("rc3",), kind=pc.InterventionKind.STRETCH_ASSIGNMENT)
    cycle = cycle.add_improvement_action(second, by=MANAGER, at=b.when(45))
    cycle = cycle.advance(by=MANAGER, at=b.when(46))
    cycle = cycle.record_follow_up(b.follow_up(), by=MANAGER, at=b.when(60))
    partly = pc.FollowUp(
        action_id="a2",
        held_on=b.when(60).date(),
        progress="Half",
        outcome=pc.Outcome.PARTLY_IMPROVED,
    )
    cycle = cycle.record_follow_up(partly, by=MANAGER, at=b.when(60))
    closed = cycle.close(by=MANAGER, at=b.when(61))
    assert closed.improvement_plan.outcome is pc.Outcome.PARTLY_IMPROVED

    nxt = closed.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(62))
    assert nxt.id == "emp/2027"
    assert nxt.previous_cycle_id == closed.id
    assert nxt.phase is pc.Phase.GOAL_SETTING
    assert [(g.id, g.carried_from) for g in nxt.goals] == [("g3", closed.id)]
    assert nxt.status_of("g3") is pc.GoalStatus.PROPOSED
    assert [(a.id, a.carried_from) for a in nxt.actions] == [("a2", closed.id)]
    assert (nxt.employee_id, nxt.manager_id, nxt.scale) == (
        closed.employee_id,
        closed.manager_id,
        closed.scale,
    )
    started = nxt.events[0]
    assert isinstance(started, pc.cycle.CycleStarted)
    assert started.previous_cycle_id == closed.id
    assert pc.Cycle.replay(nxt.events) == nxt

    custom = closed.next_cycle(
        period=pc.Period.half_year(2027, 1),
        by=HR,
        at=b.when(62),
        cycle_id="n2",
        manager_id="mgr-2",
        check_in_every_days=14,
    )
    assert (custom.id, custom.manager_id, custom.check_in_every_days) == ("n2", "mgr-2", 14)
    with pytest.raises(pc.PermissionDenied, match="not this cycle's manager"):
        closed.next_cycle(
            period=pc.Period.annual(2027), by=MANAGER, at=b.when(62), manager_id="mgr-2"
        )


def test_next_cycle_due_dates_outside_the_new_period_are_dropped() -> None:
    cycle = b.closed()
    assert cycle.unfinished_development_goals == ()
    nxt = cycle.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(62))
    assert nxt.goals == ()


def test_next_cycle_refusals() -> None:
    with pytest.raises(pc.TransitionError, match="only a closed cycle"):
        b.appraisal_ready().next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(62))
    closed = b.closed()
    with pytest.raises(pc.ValidationError, match="must start after 2026-12-31"):
        closed.next_cycle(period=pc.Period.quarter(2026, 4), by=HR, at=b.when(62))
    with pytest.raises(pc.ValidationError, match="must be a Period"):
        closed.next_cycle(period="2027", by=HR, at=b.when(62))  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="earlier than the closing"):
        closed.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.T0)
    with pytest.raises(pc.PermissionDenied):
        closed.next_cycle(period=pc.Period.annual(2027), by=EMPLOYEE, at=b.when(62))


# --- start and replay ---------------------------------------------------------------


def test_start_validates_its_inputs() -> None:
    with pytest.raises(pc.ValidationError, match="other than the employee"):
        pc.Cycle.start(
            cycle_id="c", employee_id="x", manager_id="x", period=b.PERIOD, by=HR, at=b.T0
        )
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.start(
            cycle_id="",
            employee_id="e",
            manager_id="m",
            period=b.PERIOD,
            by=HR,
            at=dt.datetime(2026, 1, 1),  # noqa: DTZ001
            check_in_every_days=0,
        )
    assert set(info.value.paths) == {
        "CycleStarted.cycle_id",
        "CycleStarted.at",
        "CycleStarted.check_in_every_days",
    }


def test_replay_refuses_what_is_not_one_cycles_history() -> None:
    events = b.appraisal_ready().events
    other = b.started()
    with pytest.raises(pc.ValidationError, match="non-empty sequence"):
        pc.Cycle.replay([])
    with pytest.raises(pc.ValidationError, match="must be CycleStarted"):
        pc.Cycle.replay(events[1:])
    with pytest.raises(pc.ValidationError, match=r"events\[1\]: must be an event"):
        pc.Cycle.replay([events[0], "x"])  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match="expected 1, got 2"):
        pc.Cycle.replay([events[0], events[2]])
    with pytest.raises(pc.ValidationError, match="starts only once"):
        pc.Cycle.replay([events[0], other.events[0]])
    moved = pc.cycle.GoalProposed(
        cycle_id="other", sequence=1, actor=MANAGER, at=b.when(1), goal=b.sales_goal()
    )
    with pytest.raises(pc.ValidationError, match="belongs to cycle 'other'"):
        pc.Cycle.replay([events[0], moved])
    early = pc.cycle.GoalProposed(
        cycle_id="c1",
        sequence=1,
        actor=MANAGER,
        at=b.T0 - dt.timedelta(days=1),
        goal=b.sales_goal(),
    )
    with pytest.raises(pc.ValidationError, match="earlier than an event before it"):
        pc.Cycle.replay([events[0], early])
    wrong_phase = pc.cycle.PhaseAdvanced(
        cycle_id="c1",
        sequence=1,
        actor=MANAGER,
        at=b.when(1),
        from_phase=pc.Phase.APPRAISAL,
        to_phase=pc.Phase.IMPROVEMENT,
    )
    with pytest.raises(pc.ValidationError, match="expects phase appraisal"):
        pc.Cycle.replay([events[0], wrong_phase])
    bare = pc.Event(cycle_id="c1", sequence=1, actor=MANAGER, at=b.when(1))
    with pytest.raises(pc.ValidationError, match="must be an event"):
        pc.Cycle.replay([events[0], bare])
    with pytest.raises(pc.ValidationError, match=r"events\[0\].sequence"):
        pc.Cycle.replay([attrs.evolve(events[0], sequence=3)])


def test_replay_reports_positions_not_claimed_sequences() -> None:
    events = b.appraisal_ready().events
    stray = attrs.evolve(events[2], cycle_id="other", sequence=9)
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.replay([*events[:2], stray])
    assert info.value.paths == ("events[2].sequence",)
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.replay([events[0], events[1], attrs.evolve(events[0], sequence=2)])
    assert info.value.paths == ("events[2]",)
    first = events[0]
    assert isinstance(first, pc.cycle.CycleStarted)
    same = attrs.evolve(first, employee_id=first.manager_id)
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.replay([same])
    assert info.value.paths == ("events[0].manager_id",)


def test_events_that_need_a_reason_refuse_to_exist_without_one() -> None:
    with pytest.raises(pc.ValidationError, match=r"ConditionWaived\.reason: is required"):
        pc.cycle.ConditionWaived(
            cycle_id="c1", sequence=1, actor=HR, at=b.when(1), code="self_assessment"
        )
    with pytest.raises(pc.ValidationError, match=r"CycleCancelled\.reason: is required"):
        pc.cycle.CycleCancelled(
            cycle_id="c1", sequence=1, actor=HR, at=b.when(1), from_phase=pc.Phase.APPRAISAL
        )
    acknowledged = pc.cycle.AppraisalAcknowledged(cycle_id="c1", sequence=1, actor=HR, at=b.when(1))
    assert acknowledged.reason is None


def test_blockers_checks_its_time() -> None:
    with pytest.raises(pc.ValidationError, match="timezone-aware"):
        b.started().blockers(at=dt.datetime(2026, 1, 1))  # noqa: DTZ001


def test_the_old_cycle_is_untouched() -> None:
    before = b.goal_setting_ready()
    snapshot = pc.Cycle.replay(before.events)
    after = before.advance(by=MANAGER, at=b.when(5))
    assert before == snapshot
    assert before.phase is pc.Phase.GOAL_SETTING
    assert after.phase is pc.Phase.IMPLEMENTATION
    assert after.phase_started_at == b.when(5)
