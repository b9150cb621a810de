"""Each leaving condition blocks the advance, and passes once met or (if waivable) waived."""

from __future__ import annotations

import datetime as dt

import pytest

import builders as b
import perfcore as pc
from perfcore.competency import AssessorRole
from perfcore.cycle import RULES, condition_named
from perfcore.serialization import make_converter
from strategies import EMPLOYEE, HR, MANAGER


def codes(cycle: pc.Cycle, at: dt.datetime | None = None) -> list[str]:
    return [blocker.code for blocker in cycle.blockers(at=at)]


def assert_blocked(cycle: pc.Cycle, code: str, at: dt.datetime, *, by: pc.Actor = MANAGER) -> None:
    """The advance (or close) is refused, lists ``code``, and changes nothing."""
    before = cycle.events
    command = pc.cycle.Close() if cycle.phase is pc.Phase.IMPROVEMENT else pc.cycle.AdvancePhase()
    with pytest.raises(pc.GuardError) as info:
        cycle.execute(command, by=by, at=at)
    assert code in info.value.codes
    assert info.value.blockers == cycle.blockers(at=at)
    assert cycle.events == before


def move_on(cycle: pc.Cycle, at: dt.datetime) -> pc.Cycle:
    if cycle.phase is pc.Phase.IMPROVEMENT:
        return cycle.close(by=MANAGER, at=at)
    return cycle.advance(by=MANAGER, at=at)


def test_ready_cycles_have_no_blockers() -> None:
    for cycle in (
        b.goal_setting_ready(),
        b.implementation_ready(),
        b.appraisal_ready(),
        b.improvement_ready(),
    ):
        assert cycle.blockers() == ()
    assert b.closed().blockers() == ()


def test_guard_error_lists_every_unmet_condition_not_just_the_first() -> None:
    cycle = b.started().propose_goal(
        pc.Goal(id="g1", title="Vague goal", weight=50), by=EMPLOYEE, at=b.when(1)
    )
    with pytest.raises(pc.GuardError) as info:
        cycle.advance(by=MANAGER, at=b.when(2))
    assert info.value.codes == ("goal_measure", "goal_agreed", "weights_total", "goal_aligned")
    assert all(blocker.phase is pc.Phase.GOAL_SETTING for blocker in info.value.blockers)
    assert info.value.blockers[0].subject == "g1"
    assert "4 unmet condition(s)" in str(info.value)
    assert "weights total 50, not 100" in str(info.value)


# --- goal setting ---------------------------------------------------------------------


def test_goals_present() -> None:
    cycle = b.started()
    assert_blocked(cycle, "goals_present", b.when(1))
    assert "goals_present" not in codes(b.goal_setting_ready())


def test_goal_measure() -> None:
    cycle = b.started().propose_goal(
        b.sales_goal(weight=100, measure=None), by=MANAGER, at=b.when(1)
    )
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(2))
    assert_blocked(cycle, "goal_measure", b.when(3))
    fixed = cycle.revise_goal(
        b.sales_goal(weight=100), reason="Add the measure", by=MANAGER, at=b.when(3)
    )
    fixed = b.aligned(fixed).agree_goals(by=EMPLOYEE, at=b.when(4))
    assert move_on(fixed, b.when(5)).phase is pc.Phase.IMPLEMENTATION


def test_goal_agreed_is_per_goal_and_cannot_be_waived() -> None:
    cycle = b.started()
    cycle = cycle.propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1))
    cycle = cycle.propose_goal(b.quality_goal(), by=MANAGER, at=b.when(1))
    cycle = cycle.agree_goals(("g1",), by=EMPLOYEE, at=b.when(2))
    assert_blocked(cycle, "goal_agreed", b.when(3))
    assert [bl.subject for bl in cycle.blockers() if bl.code == "goal_agreed"] == ["g2"]
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("goal_agreed", reason="Imposed", by=HR, at=b.when(3))
    agreed = b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(3))
    assert move_on(agreed, b.when(4)).phase is pc.Phase.IMPLEMENTATION


@pytest.mark.parametrize(
    ("weights", "blocked"),
    [
        ((70, 30), False),
        ((70.01, 29.99), False),
        ((70, 29), True),
        ((80, 30), True),
        ((50, 49.99), True),
        ((30, 69.99), True),
        ((70, 30.01), True),
    ],
)
def test_weights_must_total_exactly_100(weights: tuple[float, float], blocked: bool) -> None:
    cycle = b.started()
    cycle = cycle.propose_goal(b.sales_goal(weight=weights[0]), by=MANAGER, at=b.when(1))
    cycle = cycle.propose_goal(b.quality_goal(weight=weights[1]), by=MANAGER, at=b.when(1))
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(2))
    assert ("weights_total" in codes(cycle)) is blocked


def test_weights_ignore_development_and_withdrawn_goals() -> None:
    cycle = b.goal_setting_ready()
    cycle = cycle.withdraw_goal(
        "g2", reason="Quality moved to another team", by=MANAGER, at=b.when(5)
    )
    assert_blocked(cycle, "weights_total", b.when(6))
    cycle = cycle.revise_goal(
        b.sales_goal(weight=100), reason="Sole focus", by=MANAGER, at=b.when(6)
    )
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(7))
    assert move_on(cycle, b.when(8)).phase is pc.Phase.IMPLEMENTATION


def test_goal_aligned_can_be_met_or_waived_per_goal() -> None:
    cycle = b.started().propose_goal(
        b.sales_goal(weight=100, parent_id=None), by=MANAGER, at=b.when(1)
    )
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(2))
    assert_blocked(cycle, "goal_aligned", b.when(3))
    with pytest.raises(pc.ValidationError, match="not unmet for 'g9'; unmet for: 'g1'"):
        cycle.waive("goal_aligned", subject="g9", reason="Other goal", by=HR, at=b.when(3))
    waived = cycle.waive(
        "goal_aligned", subject="g1", reason="Company OKRs late", by=HR, at=b.when(3)
    )
    assert waived.waivers[-1].reason == "Company OKRs late"
    assert move_on(waived, b.when(4)).phase is pc.Phase.IMPLEMENTATION
    named = cycle.revise_goal(b.sales_goal(weight=100), reason="Aligned", by=MANAGER, at=b.when(3))
    named = named.agree_goals(by=EMPLOYEE, at=b.when(4))
    [blocker] = named.blockers(at=b.when(5))  # rules 4: a parent id alone aligns nothing
    assert (blocker.code, blocker.subject) == ("goal_aligned", "g1")
    assert "no objective of the catalogue" in blocker.message
    met = b.aligned(named, at=b.when(5))  # the same parent: still agreed
    assert move_on(met, b.when(5)).phase is pc.Phase.IMPLEMENTATION


# --- implementation -------------------------------------------------------------------


def test_goal_rules_still_hold_in_implementation() -> None:
    cycle = b.implementation_ready()
    withdrawn = cycle.withdraw_goal("g2", reason="Team reorganised", by=MANAGER, at=b.when(31))
    assert_blocked(withdrawn, "weights_total", b.when(32))
    unmeasured = cycle.revise_goal(
        b.sales_goal(measure=None), reason="Measure unclear", by=MANAGER, at=b.when(31)
    )
    unmeasured = unmeasured.agree_goals(by=EMPLOYEE, at=b.when(32))
    assert codes(unmeasured) == ["goal_measure"]
    everything = cycle.withdraw_goal("g1", reason="x", by=MANAGER, at=b.when(31))
    everything = everything.withdraw_goal("g2", reason="x", by=MANAGER, at=b.when(31))
    everything = everything.withdraw_goal("g3", reason="x", by=MANAGER, at=b.when(31))
    assert codes(everything) == ["goals_present"]


def test_a_goal_waiver_holds_through_implementation() -> None:
    cycle = b.started().propose_goal(
        b.sales_goal(weight=100, parent_id=None), by=MANAGER, at=b.when(1)
    )
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(2))
    cycle = cycle.waive("goal_aligned", subject="g1", reason="OKRs late", by=HR, at=b.when(3))
    cycle = cycle.advance(by=MANAGER, at=b.when(4))
    assert cycle.blockers(at=b.when(5)) == ()
    assert cycle.waivers[0].phase is pc.Phase.GOAL_SETTING


def test_revision_agreed() -> None:
    cycle = b.implementation_ready().revise_goal(
        b.sales_goal(title="Grow revenue in the north"),
        reason="Territory change",
        by=MANAGER,
        at=b.when(31),
    )
    assert cycle.status_of("g1") is pc.GoalStatus.PROPOSED
    assert_blocked(cycle, "goal_agreed", b.when(32))
    agreed = cycle.agree_goals(("g1",), by=EMPLOYEE, at=b.when(32))
    assert move_on(agreed, b.when(33)).phase is pc.Phase.APPRAISAL


def test_check_in_cadence_lists_each_missed_due_date() -> None:
    cycle = b.goal_setting_ready().advance(by=MANAGER, at=b.when(5))  # every 60 days from 10 Jan
    day_70 = b.when(70)
    assert_blocked(cycle, "check_in_cadence", day_70)
    [missed] = [bl for bl in cycle.blockers(at=day_70) if bl.code == "check_in_cadence"]
    assert missed.subject == "2026-03-11"
    assert missed.message == "the check-in due 2026-03-11 was missed (agreed: every 60 days)"
    check_in = pc.CheckIn(id="c1", kind=pc.CheckInKind.INFORMAL_NOTE, held_on=b.when(40).date())
    kept = cycle.record_check_in(check_in, by=EMPLOYEE, at=b.when(40))
    assert move_on(kept, day_70).phase is pc.Phase.APPRAISAL


def test_under_the_second_rules_the_cadence_is_a_longest_gap() -> None:
    cycle = b.under_rules(b.goal_setting_ready().advance(by=MANAGER, at=b.when(5)), 2)
    day_70 = b.when(70)
    assert_blocked(cycle, "check_in_cadence", day_70)
    [gap] = [bl for bl in cycle.blockers(at=day_70) if bl.code == "check_in_cadence"]
    assert gap.subject == "2026-01-10"
    assert gap.message.startswith("65 days without a check-in")
    check_in = pc.CheckIn(id="c1", kind=pc.CheckInKind.INFORMAL_NOTE, held_on=b.when(40).date())
    kept = cycle.record_check_in(check_in, by=EMPLOYEE, at=b.when(40))
    assert move_on(kept, day_70).phase is pc.Phase.APPRAISAL


def test_a_waived_trailing_gap_stays_waived() -> None:
    cycle = b.goal_setting_ready().advance(by=MANAGER, at=b.when(5))
    [gap] = cycle.blockers(at=b.when(70))
    waived = cycle.waive(
        "check_in_cadence", subject=gap.subject, reason="Leave", by=HR, at=b.when(70)
    )
    assert waived.blockers(at=b.when(71)) == ()
    assert waived.blockers(at=b.when(120)) == ()


def test_check_in_cadence_can_be_waived() -> None:
    cycle = b.goal_setting_ready().advance(by=MANAGER, at=b.when(5))
    waived = cycle.waive("check_in_cadence", reason="Parental leave", by=HR, at=b.when(90))
    assert move_on(waived, b.when(200)).phase is pc.Phase.APPRAISAL


def test_cadence_is_judged_when_the_advance_happens() -> None:
    cycle = b.goal_setting_ready().advance(by=MANAGER, at=b.when(5))
    assert "check_in_cadence" not in codes(cycle, b.when(65))
    assert "check_in_cadence" in codes(cycle, b.when(66))


# --- appraisal ------------------------------------------------------------------------


def test_manager_assessment_and_goal_rated() -> None:
    cycle = b.appraisal_entered()
    assert_blocked(cycle, "manager_assessment", b.when(41))
    partial = pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=(b.rating("g1", pc.Achievement.MET), b.rating("g2", pc.Achievement.MET)),
    )
    cycle = cycle.submit_manager_assessment(partial, by=MANAGER, at=b.when(41))
    assert_blocked(cycle, "goal_rated", b.when(42))
    assert [bl.subject for bl in cycle.blockers() if bl.code == "goal_rated"] == ["g3"]
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("goal_rated", reason="x", by=HR, at=b.when(42))


def test_self_assessment_met_or_waived() -> None:
    ready = b.appraisal_ready()
    cycle = b.appraisal_entered()
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))
    cycle = cycle.submit_competency_assessment(
        b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id), by=MANAGER, at=b.when(42)
    )
    cycle = cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(43))
    discussion = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked")
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(44))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=b.when(45))
    assert codes(cycle) == ["self_assessment"]
    assert_blocked(cycle, "self_assessment", b.when(46))
    waived = cycle.waive("self_assessment", reason="Long-term sick leave", by=HR, at=b.when(46))
    assert move_on(waived, b.when(47)).phase is pc.Phase.IMPROVEMENT
    assert move_on(ready, b.when(47)).phase is pc.Phase.IMPROVEMENT


def test_root_cause_for_every_unmet_goal() -> None:
    cycle = b.appraisal_entered()
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    assert [bl.subject for bl in cycle.blockers() if bl.code == "root_cause"] == ["g1"]
    assert_blocked(cycle, "root_cause", b.when(42))
    analysed = cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(42))
    assert "root_cause" not in codes(analysed)
    met = cycle.submit_manager_assessment(
        b.manager_assessment(sales=pc.Achievement.MET), by=MANAGER, at=b.when(42)
    )
    assert "root_cause" not in codes(met)


def test_feedback_discussion() -> None:
    cycle = b.appraisal_entered()
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    assert_blocked(cycle, "feedback_discussion", b.when(42))
    discussion = pc.FeedbackDiscussion(held_on=b.when(42).date(), summary="Talked")
    held = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(42))
    assert "feedback_discussion" not in codes(held)
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("feedback_discussion", reason="x", by=HR, at=b.when(42))


def _discussed() -> pc.Cycle:
    ready = b.appraisal_ready()
    return pc.Cycle.replay(ready.events[:-1])  # everything but the acknowledgement


def test_acknowledgement_or_resolved_dispute() -> None:
    cycle = _discussed()
    assert codes(cycle) == ["acknowledgement"]
    assert_blocked(cycle, "acknowledgement", b.when(46))
    disputed = cycle.dispute(
        reason="The sales target ignored the new region", by=EMPLOYEE, at=b.when(46)
    )
    assert codes(disputed) == ["dispute_resolved"]
    assert_blocked(disputed, "dispute_resolved", b.when(47))
    assert "awaits HR" in disputed.blockers()[0].message
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        disputed.waive("dispute_resolved", reason="x", by=HR, at=b.when(47))
    resolved = disputed.resolve_dispute(
        outcome=pc.DisputeOutcome.UPHELD,
        reason="Rating kept; target context noted",
        by=HR,
        at=b.when(47),
    )
    assert resolved.dispute_resolved
    assert move_on(resolved, b.when(48)).phase is pc.Phase.IMPROVEMENT
    # The employee's word is theirs: HR cannot give it for them (DOMAIN: acknowledged or
    # the dispute resolved), so an employee who will not acknowledge disputes instead.
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("acknowledgement", reason="Employee unreachable", by=HR, at=b.when(46))


# --- improvement ----------------------------------------------------------------------


def test_cause_addressed() -> None:
    cycle = b.appraisal_ready().advance(by=MANAGER, at=b.when(46))
    assert codes(cycle) == ["cause_addressed"]
    assert_blocked(cycle, "cause_addressed", b.when(47))
    planned = cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(47))
    planned = planned.record_follow_up(b.follow_up(), by=MANAGER, at=b.when(60))
    assert move_on(planned, b.when(61)).phase is pc.Phase.CLOSED
    waived = cycle.waive(
        "cause_addressed", subject="rc1", reason="Market exit", by=HR, at=b.when(47)
    )
    assert move_on(waived, b.when(48)).phase is pc.Phase.CLOSED


def test_action_followed_up_and_outcome() -> None:
    cycle = b.improvement_entered()
    assert codes(cycle) == ["action_followed_up"]
    assert_blocked(cycle, "action_followed_up", b.when(48))
    no_outcome = cycle.record_follow_up(
        b.follow_up(outcome=None, day=50), by=MANAGER, at=b.when(50)
    )
    assert codes(no_outcome) == ["action_outcome"]
    assert_blocked(no_outcome, "action_outcome", b.when(51))
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        no_outcome.waive("action_outcome", reason="x", by=HR, at=b.when(51))
    done = no_outcome.record_follow_up(
        b.follow_up(outcome=pc.Outcome.NOT_IMPROVED, day=55), by=MANAGER, at=b.when(55)
    )
    assert move_on(done, b.when(56)).phase is pc.Phase.CLOSED
    # DOMAIN: improvement is left only with each action followed up; HR cannot waive it.
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("action_followed_up", reason="Owner left", by=HR, at=b.when(48))


# --- waivers --------------------------------------------------------------------------


def test_waiver_needs_a_reason() -> None:
    cycle = b.appraisal_entered()
    with pytest.raises(pc.ValidationError, match=r"WaiveCondition\.reason: is required"):
        cycle.execute(pc.cycle.WaiveCondition(code="self_assessment"), by=HR, at=b.when(41))
    with pytest.raises(pc.ValidationError, match="must not be empty"):
        cycle.waive("self_assessment", reason="  ", by=HR, at=b.when(41))


def test_waiver_is_an_attributable_event() -> None:
    cycle = b.appraisal_entered().waive("self_assessment", reason="On leave", by=HR, at=b.when(41))
    event = cycle.events[-1]
    assert isinstance(event, pc.cycle.ConditionWaived)
    assert (event.code, event.subject, event.reason, event.actor, event.at) == (
        "self_assessment",
        None,
        "On leave",
        HR,
        b.when(41),
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("no_such_rule", "no condition named"),
        ("check_in_cadence", "guards implementation, not the current phase appraisal"),
        ("goal_rated", "cannot be waived"),
    ],
)
def test_bad_waivers_are_refused(code: str, message: str) -> None:
    cycle = b.appraisal_entered()
    with pytest.raises(pc.ValidationError, match=message):
        cycle.waive(code, reason="Because", by=HR, at=b.when(41))


def test_a_waiver_is_not_given_twice() -> None:
    cycle = b.appraisal_entered().waive("self_assessment", reason="On leave", by=HR, at=b.when(41))
    with pytest.raises(pc.ValidationError, match="already waived"):
        cycle.waive("self_assessment", reason="Again", by=HR, at=b.when(42))


def test_only_conditions_of_the_current_phase_are_listed() -> None:
    assert all(pc.Phase.APPRAISAL in c.phases for c in pc.cycle.conditions_for(pc.Phase.APPRAISAL))
    implementation = [c.code for c in pc.cycle.conditions_for(pc.Phase.IMPLEMENTATION)]
    assert implementation == [
        "goals_present",
        "goal_measure",
        "goal_agreed",
        "weights_total",
        "goal_aligned",
        "check_in_cadence",
    ]
    assert pc.cycle.conditions_for(pc.Phase.CLOSED) == ()
    assert pc.cycle.condition_named("goal_agreed") is pc.CONDITIONS[2]
    assert pc.cycle.condition_named("nope") is None


# --- the rules a cycle is decided by --------------------------------------------------------


def test_a_cycle_keeps_the_rules_it_started_under() -> None:
    """Version 2 made the acknowledgement unwaivable; a cycle started under 1 keeps its waiver."""
    unacknowledged = pc.Cycle.replay(b.appraisal_ready().events[:-1])
    assert (unacknowledged.rules, RULES) == (4, 4)
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        unacknowledged.waive("acknowledgement", reason="Left", by=HR, at=b.when(46))
    legacy = b.under_rules(unacknowledged, 1)
    assert legacy.rules == 1
    waived = legacy.waive("acknowledgement", reason="Left the company", by=HR, at=b.when(46))
    moved = move_on(waived, b.when(47))
    assert moved.phase is pc.Phase.IMPROVEMENT
    converter = make_converter()
    assert converter.structure(converter.unstructure(moved), pc.Cycle) == moved
    assert pc.Cycle.replay(moved.events) == moved


def test_a_version_1_document_with_a_waiver_of_that_time_still_loads() -> None:
    legacy = b.under_rules(pc.Cycle.replay(b.appraisal_ready().events[:-1]), 1)
    waived = legacy.waive("acknowledgement", reason="Left the company", by=HR, at=b.when(46))
    data = make_converter().unstructure(waived)
    data["schema_version"] = data["events"][0]["schema_version"] = 1  # as version 1 wrote it
    for document in (data, data["events"][0]):
        del document["rules"], document["time_zone"], document["settings"]
    loaded = make_converter().structure(data, pc.Cycle)
    assert (loaded.rules, loaded.time_zone, loaded.waivers) == (1, None, waived.waivers)
    data["events"][0]["schema_version"] = data["schema_version"] = 3  # now claimed as today's
    with pytest.raises(pc.ValidationError):
        make_converter().structure(data, pc.Cycle)  # no rules, zone, settings: not version 3


@pytest.mark.parametrize("rules", [0, RULES + 1, True, "2"])
def test_rules_that_never_existed_are_refused(rules: object) -> None:
    data = make_converter().unstructure(b.started())
    data["rules"] = data["events"][0]["rules"] = rules
    with pytest.raises(pc.ValidationError) as info:
        make_converter().structure(data, pc.Cycle)
    assert "$.events[0].rules" in info.value.paths or "$.rules" in info.value.paths


@pytest.mark.parametrize("rules", [0, RULES + 1, True, None, "1", 1.0])
def test_asking_under_rules_that_never_existed_is_refused(rules: object) -> None:
    acknowledgement = condition_named("acknowledgement")
    assert acknowledgement is not None
    with pytest.raises(pc.MalformedInput) as info:
        acknowledgement.waivable_under(rules)  # type: ignore[arg-type]
    assert info.value.paths == ("rules",)
