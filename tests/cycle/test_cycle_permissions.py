"""Every command × every role: allowed, or PermissionDenied and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import AssessorRole
from perfcore.cycle import commands as c
from perfcore.improvement import PracticeRecord
from strategies import EMPLOYEE, HR, MANAGER

Scenario = Callable[[], tuple[pc.Cycle, c.Command, dt.datetime]]


def _after_manager_assessment() -> pc.Cycle:
    cycle = b.appraisal_entered()
    return cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))


def _routed() -> pc.Cycle:
    """Appraisal with the manager's ratings awaiting HR's sign-off."""
    sign_off = pc.cycle.ApprovalStep(name="hr_sign_off", role=pc.Role.HR)
    cycle = b.appraisal_entered(pc.CycleSettings(approval_steps=(sign_off,)))
    return cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))


def _after_feedback() -> pc.Cycle:
    cycle = _after_manager_assessment().record_root_cause(b.cause(), by=MANAGER, at=b.when(42))
    discussion = pc.FeedbackDiscussion(held_on=b.when(43).date(), summary="Talked")
    return cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(43))


def _score_scenario() -> tuple[pc.Cycle, c.Command, dt.datetime]:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    return cycle, c.RecordScore(score=score), b.when(42)


def _adjust_scenario() -> tuple[pc.Cycle, c.Command, dt.datetime]:
    cycle, command, at = _score_scenario()
    assert isinstance(command, c.RecordScore)
    scored = cycle.record_score(command.score, by=MANAGER, at=at)
    adjust = c.AdjustScore(
        value=0.8,
        replaces=command.score.value,
        kind=pc.AdjustmentKind.CALIBRATION,
        reference="cal-2026-q4",
        reason="Calibrated with the other sales teams",
    )
    return scored, adjust, b.when(43)


def _proposed() -> pc.Cycle:
    return b.started().propose_goal(b.sales_goal(weight=100), by=MANAGER, at=b.when(1))


SCENARIOS: dict[str, Scenario] = {
    "propose_goal": lambda: (b.started(), c.ProposeGoal(goal=b.sales_goal()), b.when(1)),
    "revise_goal": lambda: (
        b.goal_setting_ready(),
        c.ReviseGoal(goal=b.sales_goal(title="Grow revenue fast"), reason="Clearer"),
        b.when(5),
    ),
    "align_goal": lambda: (
        b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1)),
        c.AlignGoal(goal_id="g1", objective=b.CATALOGUE.objective("company/growth")),
        b.when(2),
    ),
    "withdraw_goal": lambda: (
        b.goal_setting_ready(),
        c.WithdrawGoal(goal_id="g3", reason="Course cancelled"),
        b.when(5),
    ),
    "agree_goals": lambda: (_proposed(), c.AgreeGoals(), b.when(2)),
    "record_check_in": lambda: (
        b.implementation_ready(),
        c.RecordCheckIn(
            check_in=pc.CheckIn(
                id="ci2", kind=pc.CheckInKind.INFORMAL_NOTE, held_on=b.when(31).date()
            )
        ),
        b.when(31),
    ),
    "submit_self_assessment": lambda: (
        b.appraisal_entered(),
        c.SubmitSelfAssessment(assessment=b.self_assessment()),
        b.when(41),
    ),
    "share_self_assessment": lambda: (
        b.appraisal_entered().submit_self_assessment(
            b.self_assessment(), by=EMPLOYEE, at=b.when(41), share=False
        ),
        c.ShareSelfAssessment(),
        b.when(41),
    ),
    "release_ratings": lambda: (_after_manager_assessment(), c.ReleaseRatings(), b.when(42)),
    "answer_signal": lambda: (
        b.implementation_ready().record_check_in(
            pc.CheckIn(
                id="ci2",
                kind=pc.CheckInKind.ONE_ON_ONE,
                held_on=b.when(35).date(),
                hr_help_wanted=True,
            ),
            by=MANAGER,
            at=b.when(35),
        ),
        c.AnswerSignal(check_in_id="ci2", kind=pc.improvement.SignalKind.HR_HELP, response="Ok"),
        b.when(36),
    ),
    "approve_ratings": lambda: (_routed(), c.ApproveRatings(step="hr_sign_off"), b.when(42)),
    "return_ratings": lambda: (
        _routed(),
        c.ReturnRatings(step="hr_sign_off", reason="No evidence"),
        b.when(42),
    ),
    "submit_manager_assessment": lambda: (
        b.appraisal_entered(),
        c.SubmitManagerAssessment(assessment=b.manager_assessment()),
        b.when(41),
    ),
    "record_root_cause": lambda: (
        _after_manager_assessment(),
        c.RecordRootCause(root_cause=b.cause()),
        b.when(42),
    ),
    "record_score": _score_scenario,
    "adjust_score": _adjust_scenario,
    "hold_feedback_discussion": lambda: (
        _after_manager_assessment(),
        c.HoldFeedbackDiscussion(
            discussion=pc.FeedbackDiscussion(held_on=b.when(42).date(), summary="Talked")
        ),
        b.when(42),
    ),
    "acknowledge": lambda: (_after_feedback(), c.Acknowledge(), b.when(44)),
    "dispute": lambda: (_after_feedback(), c.Dispute(reason="Too harsh"), b.when(44)),
    "resolve_dispute": lambda: (
        _after_feedback().dispute(reason="Too harsh", by=EMPLOYEE, at=b.when(44)),
        c.ResolveDispute(outcome=pc.DisputeOutcome.UPHELD, reason="Upheld after review"),
        b.when(45),
    ),
    "add_improvement_action": lambda: (
        b.appraisal_ready(),
        c.AddImprovementAction(action=b.action()),
        b.when(46),
    ),
    "record_follow_up": lambda: (
        b.improvement_entered(),
        c.RecordFollowUp(follow_up=b.follow_up(day=48)),
        b.when(48),
    ),
    "answer_follow_up": lambda: (
        b.improvement_ready(),
        c.AnswerFollowUp(action_id="a1", agrees=True),
        b.when(60),
    ),
    "record_practice": lambda: (
        b.appraisal_ready(),
        c.RecordPractice(practice=PracticeRecord(goal_id="g2", what_worked="Pair reviews")),
        b.when(46),
    ),
    "start_formal_plan": lambda: (
        b.improvement_entered(),
        c.StartFormalPlan(plan=b.formal_plan()),
        b.on(2, 24),
    ),
    "record_formal_review": lambda: (
        b.formal_plan_started(),
        c.RecordFormalReview(review=b.formal_review(dt.date(2026, 3, 15))),
        b.on(3, 15),
    ),
    "advance_phase": lambda: (b.goal_setting_ready(), c.AdvancePhase(), b.when(5)),
    "waive_condition": lambda: (
        b.appraisal_entered(),
        c.WaiveCondition(code="self_assessment", reason="On leave"),
        b.when(41),
    ),
    "cancel": lambda: (b.started(), c.Cancel(reason="Left the company"), b.when(1)),
    "close": lambda: (b.improvement_ready(), c.Close(), b.when(61)),
}

BY_ROLE: dict[str, Callable[[pc.Role], Scenario]] = {
    "submit_competency_assessment": lambda role: (
        lambda: (
            b.appraisal_entered(),
            c.SubmitCompetencyAssessment(
                assessment={
                    pc.Role.EMPLOYEE: b.competency_assessment(
                        AssessorRole.SELF, EMPLOYEE.person_id
                    ),
                    pc.Role.MANAGER: b.competency_assessment(
                        AssessorRole.MANAGER, MANAGER.person_id
                    ),
                    pc.Role.HR: b.competency_assessment(AssessorRole.PEER, "peer-1"),
                }[role]
            ),
            b.when(41),
        )
    ),
}

ROLE_ACTORS = {pc.Role.EMPLOYEE: EMPLOYEE, pc.Role.MANAGER: MANAGER, pc.Role.HR: HR}

CASES = [
    pytest.param(name, role, id=f"{name}-{role.name}")
    for name in sorted({*SCENARIOS, *BY_ROLE})
    for role in ROLE_ACTORS
]


def test_every_command_has_a_scenario() -> None:
    assert set(SCENARIOS) | set(BY_ROLE) == {t.NAME for t in c.COMMAND_TYPES}
    assert set(pc.DEFAULT_PERMISSIONS) == set(SCENARIOS) | set(BY_ROLE) | {c.START_CYCLE}


@pytest.mark.parametrize(("name", "role"), CASES)
def test_command_by_role(name: str, role: pc.Role) -> None:
    scenario = BY_ROLE[name](role) if name in BY_ROLE else SCENARIOS[name]
    cycle, command, at = scenario()
    assert name == command.NAME
    actor = ROLE_ACTORS[role]
    if role in pc.DEFAULT_PERMISSIONS[name]:
        after = cycle.execute(command, by=actor, at=at)
        assert len(after.events) == len(cycle.events) + 1
        assert after.events[-1].actor == actor
        assert after.events[-1].at == at
    else:
        events = cycle.events
        with pytest.raises(pc.PermissionDenied, match=f"may not {name}") as info:
            cycle.execute(command, by=actor, at=at)
        assert info.value.command == name
        assert isinstance(info.value, PermissionError)
        assert cycle.events == events


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agree_goals", {"employee"}),
        ("submit_self_assessment", {"employee"}),
        ("acknowledge", {"employee"}),
        ("dispute", {"employee"}),
        ("submit_manager_assessment", {"manager"}),
        ("hold_feedback_discussion", {"manager"}),
        ("resolve_dispute", {"hr"}),
        ("adjust_score", {"hr"}),
        ("waive_condition", {"hr"}),
        ("start_formal_plan", {"manager", "hr"}),
        ("record_formal_review", {"manager", "hr"}),
    ],
)
def test_key_rules_of_the_table(name: str, expected: set[str]) -> None:
    assert {role.name for role in pc.DEFAULT_PERMISSIONS[name]} == expected


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (pc.Actor(person_id="someone-else", role=pc.Role.EMPLOYEE), "not this cycle's employee"),
        (pc.Actor(person_id="other-boss", role=pc.Role.MANAGER), "not this cycle's manager"),
    ],
)
def test_only_the_cycles_people_act_in_their_roles(actor: pc.Actor, message: str) -> None:
    cycle, command, at = SCENARIOS["propose_goal"]()
    with pytest.raises(pc.PermissionDenied, match=message):
        cycle.execute(command, by=actor, at=at)


def test_hr_may_not_act_on_a_cycle_they_take_part_in() -> None:
    cycle, command, at = SCENARIOS["waive_condition"]()
    for person in (EMPLOYEE.person_id, MANAGER.person_id):
        with pytest.raises(pc.PermissionDenied, match="take part in"):
            cycle.execute(command, by=pc.Actor(person_id=person, role=pc.Role.HR), at=at)


def test_policy_can_let_hr_act_on_own_cycle() -> None:
    cycle, command, at = SCENARIOS["waive_condition"]()
    cycle = cycle.with_policy(pc.Policy(hr_may_act_on_own_cycle=True))
    hr_manager = pc.Actor(person_id=MANAGER.person_id, role=pc.Role.HR)
    assert cycle.execute(command, by=hr_manager, at=at).waivers[0].code == "self_assessment"


def test_custom_policy_grants_a_new_role() -> None:
    coach = pc.Actor(person_id="coach-1", role=pc.Role(name="coach"))
    table = dict(pc.DEFAULT_PERMISSIONS)
    table["record_follow_up"] = frozenset({pc.Role.MANAGER, coach.role})
    cycle, command, at = SCENARIOS["record_follow_up"]()
    with pytest.raises(pc.PermissionDenied):
        cycle.execute(command, by=coach, at=at)
    after = cycle.with_policy(pc.Policy(permissions=table)).execute(command, by=coach, at=at)
    assert after.follow_ups[-1].action_id == "a1"


def test_policy_may_deny_everything_for_a_command() -> None:
    table = dict(pc.DEFAULT_PERMISSIONS)
    table["cancel"] = frozenset()
    cycle, command, at = SCENARIOS["cancel"]()
    with pytest.raises(pc.PermissionDenied, match="allowed: nobody"):
        cycle.with_policy(pc.Policy(permissions=table)).execute(command, by=HR, at=at)


def test_policy_table_is_validated() -> None:
    with pytest.raises(pc.ValidationError, match="unknown command"):
        pc.Policy(permissions={"fly": frozenset({pc.Role.HR})})
    with pytest.raises(pc.ValidationError, match="frozenset of Role"):
        pc.Policy(permissions={"cancel": {"hr"}})  # type: ignore[dict-item]
    with pytest.raises(pc.ValidationError, match="mapping"):
        pc.Policy(permissions=[("cancel", frozenset())])  # type: ignore[arg-type]


def test_policy_equality_and_hash() -> None:
    assert pc.Policy() == pc.DEFAULT_POLICY
    assert hash(pc.Policy()) == hash(pc.DEFAULT_POLICY)
    assert pc.Policy(hr_may_act_on_own_cycle=True) != pc.DEFAULT_POLICY
    assert pc.Policy() != "policy"


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [(HR, True), (MANAGER, True), (EMPLOYEE, False)],
)
def test_who_may_start_a_cycle(actor: pc.Actor, allowed: bool) -> None:
    def start() -> pc.Cycle:
        return pc.Cycle.start(
            cycle_id="c9",
            employee_id=EMPLOYEE.person_id,
            manager_id=MANAGER.person_id,
            period=b.PERIOD,
            by=actor,
            at=b.T0,
        )

    if allowed:
        assert start().events[0].actor == actor
    else:
        with pytest.raises(pc.PermissionDenied, match="start_cycle"):
            start()
