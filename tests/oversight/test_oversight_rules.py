"""Every audit rule: one test that produces its finding, and silence on a healthy cycle."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import builders as b
import perfcore as pc
from oversight_builders import (
    ACTION,
    CAUSE,
    CHECK_IN_DAYS,
    EMPLOYEE,
    HR,
    MANAGER,
    PERIOD,
    STEPS,
    at,
    d,
    healthy,
    manager_assessment,
    self_assessment,
)
from perfcore.cycle import DEFAULT_PERMISSIONS, CycleStarted, Policy
from perfcore.oversight import (
    BUILT_IN_RULES,
    DEFAULT_RULES,
    AuditReport,
    CycleRule,
    Finding,
    PopulationRule,
    RuleSet,
    Severity,
    audit,
)
from perfcore.schedule import Cadence, ManagerAgreement, ReviewDeadline


def only(code: str, cycles: list[pc.Cycle], as_of: dt.date, **kwargs: object) -> AuditReport:
    """Audit with the one rule ``code``."""
    rules = RuleSet(rules=(DEFAULT_RULES.rule(code),))
    return audit(cycles, as_of=at(as_of, 18), rules=rules, **kwargs)  # type: ignore[arg-type]


def goal(cycle: pc.Cycle, goal_id: str) -> pc.Goal:
    found = cycle.goal(goal_id)
    assert found is not None
    return found


def the_finding(report: AuditReport) -> Finding:
    assert len(report) == 1, report.findings
    return report.findings[0]


# --- silence on healthy cycles ------------------------------------------------------

AUDIT_DATES = {
    "goals_agreed": d("2026-01-10"),
    "implementation": d("2026-12-29"),
    "appraisal": d("2027-01-05"),
    "appraised": d("2027-01-13"),
    "improvement": d("2027-01-21"),
    "closed": d("2027-12-31"),
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("rule", BUILT_IN_RULES, ids=lambda r: r.NAME)
def test_every_rule_is_silent_on_a_healthy_cycle(
    step: str, rule: type[CycleRule | PopulationRule]
) -> None:
    report = only(rule.NAME, [healthy(step)], AUDIT_DATES[step])
    assert not report, report.findings


def test_the_default_rules_find_nothing_at_each_step_of_a_healthy_cycle() -> None:
    for step in STEPS:
        cycle = healthy(step)
        assert not audit([cycle], as_of=at(AUDIT_DATES[step], 18)), step


# --- goal setting -------------------------------------------------------------------


def test_goal_imposed_when_someone_else_agrees() -> None:
    lenient = Policy(
        permissions={**DEFAULT_PERMISSIONS, "agree_goals": frozenset({pc.Role.MANAGER})}
    )
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id="e7",
        manager_id="m2",
        period=PERIOD,
        by=HR,
        at=at(d("2026-01-05")),
        policy=lenient,
    )
    cycle = cycle.propose_goal(
        pc.Goal(id="g1", title="Grow renewals", weight=100), by=MANAGER, at=at(d("2026-01-06"))
    )
    cycle = cycle.agree_goals(by=MANAGER, at=at(d("2026-01-07")))
    finding = the_finding(only("goal_imposed", [cycle], d("2026-01-08")))
    assert finding.severity is Severity.CRITICAL
    assert finding.subject == "g1"
    assert finding.message == "goal(s) g1 were agreed by m2 (manager), not by the employee e7"
    assert finding.evidence["role"] == "manager"


def test_goal_imposed_when_a_revised_goal_waits_for_agreement() -> None:
    cycle = healthy("goals_agreed").advance(by=MANAGER, at=at(d("2026-01-12")))
    revised = attrs.evolve(goal(cycle, "g2"), title="Cut defects in half")
    cycle = cycle.revise_goal(
        revised, reason="New quality programme announced", by=MANAGER, at=at(d("2026-02-01"))
    )
    assert not only("goal_imposed", [cycle], d("2026-02-15"))  # 14 days: still talking
    finding = the_finding(only("goal_imposed", [cycle], d("2026-02-16")))
    assert finding.subject == "g2"
    assert finding.evidence == {"drafted_on": "2026-02-01", "days_unagreed": 15}


def test_goal_revision_unexplained() -> None:
    cycle = healthy("goals_agreed").advance(by=MANAGER, at=at(d("2026-01-12")))
    cycle = cycle.revise_goal(
        attrs.evolve(goal(cycle, "g2"), title="Cut defects by half"),
        reason="update",
        by=MANAGER,
        at=at(d("2026-02-01")),
    )
    finding = the_finding(only("goal_revision_unexplained", [cycle], d("2026-02-02")))
    assert finding.subject == "g2"
    assert finding.evidence["reason"] == "update"
    assert "'update', which does not explain the change" in finding.message
    strict = DEFAULT_RULES.configure("goal_revision_unexplained", min_reason_length=200)
    report = audit([healthy("goals_agreed")], as_of=at(d("2026-02-02")), rules=strict)
    assert not report.with_code("goal_revision_unexplained")  # nothing was revised


def test_weights_not_100_once_goal_setting_is_judged() -> None:
    cycle = healthy("goals_agreed").advance(by=MANAGER, at=at(d("2026-01-12")))
    cycle = cycle.revise_goal(
        attrs.evolve(goal(cycle, "g1"), weight=60),
        reason="Part of the renewals moved to a new hire",
        by=MANAGER,
        at=at(d("2026-02-01")),
    )
    finding = the_finding(only("weights_not_100", [cycle], d("2026-02-02")))
    assert finding.message == "performance goal weights total 90, not 100"
    assert finding.evidence == {"total": 90, "performance_goals": 2}


def test_goal_setting_rules_wait_for_the_deadline() -> None:
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id="e7",
        manager_id="m2",
        period=PERIOD,
        by=HR,
        at=at(d("2026-01-05")),
    )
    cycle = cycle.propose_goal(
        pc.Goal(id="g1", title="Grow renewals", weight=80), by=MANAGER, at=at(d("2026-01-06"))
    )
    before = audit([cycle], as_of=at(d("2026-02-15")))  # deadline: 1 Jan + 45 days
    assert not before
    after = audit([cycle], as_of=at(d("2026-02-16")))
    assert after.codes() == (
        "goal_imposed",
        "goal_without_measure",
        "phase_overdue",
        "weights_not_100",
    )


def test_goal_without_measure() -> None:
    cycle = healthy("goals_agreed").advance(by=MANAGER, at=at(d("2026-01-12")))
    cycle = cycle.revise_goal(
        attrs.evolve(goal(cycle, "g3"), measure=None),
        reason="Certification body changed its exam",
        by=MANAGER,
        at=at(d("2026-02-01")),
    )
    finding = the_finding(only("goal_without_measure", [cycle], d("2026-02-02")))
    assert (finding.subject, finding.message) == (
        "g3",
        "goal 'g3' (Security certification) has no measure",
    )


# --- implementation -----------------------------------------------------------------


def test_check_in_cadence_missed_against_the_cycles_own_cadence() -> None:
    # Implementation from 2026-01-12, a check-in due every 30 days: by 02-11, 03-13,
    # 04-12, 05-12, 06-11. The check-ins on 02-09 and 03-09 keep the first two.
    cycle = healthy("implementation", check_ins=(d("2026-02-09"), d("2026-03-09")))
    finding = the_finding(only("check_in_cadence_missed", [cycle], d("2026-05-20")))
    assert finding.evidence == {
        "cadence": "every 30 days",
        "cadence_from": "cycle",
        "due": 4,
        "kept": 2,
        "late": 0,
        "missed": 2,
        "missed_dates": "2026-04-12, 2026-05-12",
    }
    assert finding.message == (
        "2 of 4 check-ins due by 2026-05-20 were missed (every 30 days): 2026-04-12, 2026-05-12"
    )
    # the cycle's own condition judges by the same rule: the same missed due dates
    assert [b.subject for b in cycle.blockers(at=at(d("2026-05-20")))] == [
        "2026-04-12",
        "2026-05-12",
    ]


def test_a_cycle_stored_under_the_second_rules_follows_the_managers_agreement() -> None:
    cycle = healthy("implementation", check_ins=(d("2026-02-09"), d("2026-03-09")))
    legacy = b.under_rules(cycle, 2)
    finding = the_finding(
        only("check_in_cadence_missed", [legacy], d("2026-03-20"), agreements=[FORTNIGHTLY])
    )
    # Mondays every two weeks from 2026-01-12: 01-12, 01-26, 02-09, 02-23, 03-09; 03-23 not yet
    assert finding.evidence["kept"] == 2
    assert finding.evidence["missed_dates"] == "2026-01-12, 2026-01-26, 2026-02-23"
    assert finding.evidence["cadence_from"] == "agreement ma-m2-2026"


FORTNIGHTLY = ManagerAgreement(
    id="ma-m2-2026",
    manager_id="m2",
    period=PERIOD,
    one_on_ones=Cadence.every_two_weeks(weekday=0, grace_days=2),
)


def test_the_agreed_cadence_is_the_guards_and_the_audits() -> None:
    settings = FORTNIGHTLY.cycle_settings()
    cycle = healthy(
        "implementation", check_ins=(d("2026-02-09"), d("2026-03-09")), settings=settings
    )
    finding = the_finding(only("check_in_cadence_missed", [cycle], d("2026-03-20")))
    assert finding.evidence["missed_dates"] == "2026-01-12, 2026-01-26, 2026-02-23"
    assert finding.evidence["cadence_from"] == "cycle settings"
    blockers = cycle.blockers(at=at(d("2026-03-20")))
    assert [b.subject for b in blockers] == ["2026-01-12", "2026-01-26", "2026-02-23"]
    # An agreement passed to the audit does not override what the cycle agreed at its start.
    weekly = ManagerAgreement(
        id="ma", manager_id="m2", period=PERIOD, one_on_ones=Cadence.weekly(weekday=0)
    )
    again = the_finding(
        only("check_in_cadence_missed", [cycle], d("2026-03-20"), agreements=[weekly])
    )
    assert again.evidence == finding.evidence
    # A due date HR waived is excused in both.
    waived = cycle.waive(
        "check_in_cadence", subject="2026-01-12", reason="Sick", by=HR, at=at(d("2026-03-20"))
    )
    assert [b.subject for b in waived.blockers(at=at(d("2026-03-20")))] == [
        "2026-01-26",
        "2026-02-23",
    ]
    excused = the_finding(only("check_in_cadence_missed", [waived], d("2026-03-20")))
    assert excused.evidence["missed_dates"] == "2026-01-26, 2026-02-23"


def test_monthly_check_ins_on_the_20th_keep_a_monthly_agreement() -> None:
    """The case the day-count guard got wrong: 31-day gaps under a monthly agreement."""
    monthly = pc.CycleSettings(cadence=Cadence.monthly(day=20, grace_days=2))
    days = tuple(dt.date(2026, month, 20) for month in range(1, 13))
    cycle = healthy("implementation", check_ins=days, settings=monthly)
    assert cycle.blockers(at=at(d("2026-12-30"))) == ()
    assert not only("check_in_cadence_missed", [cycle], d("2026-12-30"))
    legacy = b.under_rules(healthy("implementation", check_ins=days), 2)  # every 30 days
    assert [bl.code for bl in legacy.blockers(at=at(d("2026-12-30")))].count("check_in_cadence")


def test_a_long_list_of_missed_dates_is_shortened_in_the_message() -> None:
    weekly = pc.CycleSettings(cadence=Cadence.weekly(weekday=0))
    cycle = healthy("implementation", check_ins=(), settings=weekly)
    finding = the_finding(only("check_in_cadence_missed", [cycle], d("2026-03-01")))
    # Mondays from 2026-01-12 to 2026-02-23: seven due, all missed
    assert finding.message.endswith(
        "2026-01-12, 2026-01-19, 2026-01-26, 2026-02-02, 2026-02-09 and 2 more"
    )
    assert str(finding.evidence["missed_dates"]).count(",") == 6


def test_check_in_cadence_waived_by_hr_is_silent() -> None:
    cycle = healthy("implementation", check_ins=(d("2026-02-09"),))
    assert only("check_in_cadence_missed", [cycle], d("2026-05-20"))
    waived = cycle.waive("check_in_cadence", reason="Parental leave", by=HR, at=at(d("2026-12-30")))
    assert not only("check_in_cadence_missed", [waived], d("2026-12-31"))


def test_goal_without_check_in() -> None:
    cycle = healthy("implementation", tracked=("g1", "g2"))
    finding = the_finding(only("goal_without_check_in", [cycle], d("2026-12-29")))
    assert finding.subject == "g3"
    assert finding.evidence["check_ins"] == 12
    early = healthy("implementation", check_ins=(), tracked=())
    assert not only("goal_without_check_in", [early], d("2026-02-10"))  # 29 days in
    assert len(only("goal_without_check_in", [early], d("2026-02-11"))) == 3


# --- appraisal ----------------------------------------------------------------------


def test_rating_without_basis() -> None:
    thin = manager_assessment()
    ratings = list(thin.goal_ratings)
    ratings[1] = attrs.evolve(
        ratings[1], rating=pc.Rating(value=5, basis=pc.Basis(text="Good job"))
    )
    cycle = healthy("appraised", manager_ratings=attrs.evolve(thin, goal_ratings=tuple(ratings)))
    finding = the_finding(only("rating_without_basis", [cycle], d("2027-01-14")))
    assert (finding.subject, finding.message) == (
        "g2",
        "the rating of 'g2' has the basis 'Good job', which explains nothing",
    )
    rules = DEFAULT_RULES.configure("rating_without_basis", require_evidence=True)
    assert [
        f.subject
        for f in audit([cycle], as_of=at(d("2027-01-14")), rules=rules).with_code(
            "rating_without_basis"
        )
    ] == ["g2"]


def test_rating_without_evidence_when_evidence_is_required() -> None:
    plain = manager_assessment()
    ratings = tuple(
        attrs.evolve(r, rating=attrs.evolve(r.rating, basis=pc.Basis(text=r.rating.basis.text)))
        for r in plain.goal_ratings
    )
    cycle = healthy("appraised", manager_ratings=attrs.evolve(plain, goal_ratings=ratings))
    assert not only("rating_without_basis", [cycle], d("2027-01-14"))
    rules = RuleSet(rules=(DEFAULT_RULES.rule("rating_without_basis"),)).configure(
        "rating_without_basis", require_evidence=True
    )
    report = audit([cycle], as_of=at(d("2027-01-14")), rules=rules)
    assert [f.subject for f in report] == ["g1", "g2", "g3"]
    assert report.findings[0].message == "the rating of 'g1' cites no evidence"


def appraisal_without(*, self_: bool = True, cause: bool = True) -> pc.Cycle:
    cycle = healthy("appraisal")
    if self_:
        cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=at(d("2027-01-05")))
    cycle = cycle.submit_manager_assessment(
        manager_assessment(), by=MANAGER, at=at(d("2027-01-07"))
    )
    if cause:
        cycle = cycle.record_root_cause(CAUSE, by=MANAGER, at=at(d("2027-01-08")))
    talk = pc.FeedbackDiscussion(held_on=d("2027-01-12"), summary="Went through every goal")
    return cycle.hold_feedback_discussion(talk, by=MANAGER, at=at(d("2027-01-12")))


def test_self_assessment_missing() -> None:
    cycle = appraisal_without(self_=False)
    finding = the_finding(only("self_assessment_missing", [cycle], d("2027-01-13")))
    assert finding.message == "the employee e7 was rated without a self-assessment"
    waived = cycle.waive(
        "self_assessment", reason="Long-term sick leave", by=HR, at=at(d("2027-01-13"))
    )
    assert not only("self_assessment_missing", [waived], d("2027-01-14"))


def test_self_manager_gap_unexplained() -> None:
    # self 3, manager 1 on a 1-5 scale: 2 points = half the scale, the default threshold
    cycle = healthy("appraised", manager_ratings=manager_assessment(g1=1))
    finding = the_finding(only("self_manager_gap_unexplained", [cycle], d("2027-01-14")))
    assert finding.subject == "g1"
    assert finding.evidence == {
        "self": 3,
        "manager": 1,
        "gap_points": 2,
        "gap_fraction": 0.5,
        "rule": "a gap of 0.5 of the scale or more",
    }
    assert (
        finding.message
        == "goal 'g1': self-rating 3 vs manager 1 (2 points on 1-5) with no explanation"
    )


def test_an_explained_gap_is_silent() -> None:
    cycle = healthy("appraisal")
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=at(d("2027-01-05")))
    cycle = cycle.submit_manager_assessment(
        manager_assessment(g1=1), by=MANAGER, at=at(d("2027-01-07"))
    )
    talk = pc.FeedbackDiscussion(
        held_on=d("2027-01-12"),
        summary="Went through every goal",
        gap_explanations=(pc.GapExplanation(goal_id="g1", text="Two renewals counted twice"),),
    )
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=at(d("2027-01-12")))
    assert not only("self_manager_gap_unexplained", [cycle], d("2027-01-13"))


def test_competency_unrated() -> None:
    profiled = b.appraised_with_profile()
    finding = the_finding(only("competency_unrated", [profiled], d("2026-03-01")))
    assert (finding.subject, finding.severity) == ("talk", Severity.WARNING)
    assert finding.message == "competency 'talk' (Presenting) of profile 'ae' has no manager rating"
    assert finding.evidence == {"profile_id": "ae", "assessed": True}
    assert [bl.subject for bl in profiled.blockers() if bl.code == "competency_rated"] == ["talk"]
    waived = profiled.waive(
        "competency_rated", subject="talk", reason="No talks this year", by=HR, at=b.when(50)
    )
    assert not only("competency_unrated", [waived], d("2026-03-01"))
    assert not only("competency_unrated", [b.appraisal_ready()], d("2026-03-01"))


def test_unmet_goal_without_root_cause() -> None:
    cycle = appraisal_without(cause=False)
    finding = the_finding(only("unmet_goal_without_root_cause", [cycle], d("2027-01-13")))
    assert finding.message == "goal 'g1' (Grow renewals) was rated partly met but has no root cause"
    before_the_talk = healthy("appraisal").submit_manager_assessment(
        manager_assessment(), by=MANAGER, at=at(d("2027-01-07"))
    )
    assert not only("unmet_goal_without_root_cause", [before_the_talk], d("2027-01-08"))


# --- improvement --------------------------------------------------------------------


def test_action_not_following_cause() -> None:
    coaching = attrs.evolve(ACTION, kind=pc.InterventionKind.COACHING, title="Sales coaching")
    cycle = healthy("improvement", action=coaching)
    finding = the_finding(only("action_not_following_cause", [cycle], d("2027-01-21")))
    assert finding.subject == "rc1"
    assert finding.message == (
        "root cause 'rc1' (knowledge) is addressed by coaching"
        " but calls for training or counselling"
    )


def test_cause_without_action() -> None:
    cycle = healthy("appraised").advance(by=MANAGER, at=at(d("2027-01-20")))
    assert not only("cause_without_action", [cycle], d("2027-02-18"))  # 29 days in
    finding = the_finding(only("cause_without_action", [cycle], d("2027-02-19")))
    assert finding.subject == "rc1"


def test_follow_up_overdue() -> None:
    cycle = healthy("improvement")
    assert not only("follow_up_overdue", [cycle], ACTION.due)
    finding = the_finding(only("follow_up_overdue", [cycle], d("2027-04-05")))
    assert finding.evidence == {
        "due": "2027-03-31",
        "first_follow_up": None,
        "days_overdue": 5,
        "owner_id": "e7",
    }
    late = cycle.record_follow_up(
        pc.FollowUp(action_id="a1", held_on=d("2027-04-02"), progress="Started"),
        by=MANAGER,
        at=at(d("2027-04-02")),
    )
    finding = the_finding(only("follow_up_overdue", [late], d("2027-04-05")))
    assert finding.message.endswith("with no follow-up by then; first follow-up on 2027-04-02")
    lenient = DEFAULT_RULES.configure("follow_up_overdue", grace_days=5)
    assert not audit([late], as_of=at(d("2027-04-05")), rules=lenient).with_code(
        "follow_up_overdue"
    )


def test_a_follow_up_waived_under_the_first_rules_is_not_overdue() -> None:
    """Rules 1 let HR waive a follow-up; a cycle stored then keeps its waiver, in the audit too."""
    cycle = healthy("improvement")
    first = cycle.events[0]
    assert isinstance(first, CycleStarted)
    legacy = b.under_rules(cycle, 1)
    waived = legacy.waive(
        "action_followed_up", subject="a1", reason="Owner left", by=HR, at=at(d("2027-03-01"))
    )
    assert only("follow_up_overdue", [legacy], d("2027-04-05"))
    assert not only("follow_up_overdue", [waived], d("2027-04-05"))


def under_formal_plan(first_review: dt.date) -> pc.Cycle:
    """The healthy cycle in improvement with a formal plan, first reviewed on ``first_review``."""
    plan = pc.FormalPlan(
        id="fp1",
        reason="Second year in a row below target",
        action_ids=("a1",),
        starts_on=d("2027-01-21"),
        ends_on=d("2027-04-30"),
        review_dates=(d("2027-02-15"), d("2027-03-15"), d("2027-04-30")),
        expectations="Renewals priced without escalation from March",
    )
    cycle = healthy("improvement").start_formal_plan(plan, by=HR, at=at(d("2027-01-21")))
    review = pc.FormalReview(held_on=first_review, progress="Course booked")
    return cycle.record_formal_review(review, by=MANAGER, at=at(first_review))


def test_formal_review_overdue() -> None:
    cycle = under_formal_plan(d("2027-02-15"))
    assert not only("formal_review_overdue", [cycle], d("2027-03-15"))
    finding = the_finding(only("formal_review_overdue", [cycle], d("2027-03-20")))
    assert (finding.subject, finding.severity) == ("2027-03-15", Severity.CRITICAL)
    assert finding.message == (
        "the review of formal plan 'fp1' due on 2027-03-15 was not held (1 of 3 reviews held)"
    )
    assert finding.evidence["days_overdue"] == 5
    waived = cycle.waive(
        "formal_reviews_held",
        reason="Employee on leave in March",
        subject="2027-03-15",
        by=HR,
        at=at(d("2027-03-20")),
    )
    assert not only("formal_review_overdue", [waived], d("2027-03-21"))


def test_a_late_formal_review_stays_overdue_unless_grace_is_allowed() -> None:
    cycle = under_formal_plan(d("2027-02-16"))
    assert the_finding(only("formal_review_overdue", [cycle], d("2027-03-15"))).subject == (
        "2027-02-15"
    )
    lenient = DEFAULT_RULES.configure("formal_review_overdue", grace_days=1)
    assert not audit([cycle], as_of=at(d("2027-03-15")), rules=lenient).with_code(
        "formal_review_overdue"
    )


def test_phase_overdue_by_default_and_by_agreement() -> None:
    cycle = healthy("implementation")
    assert not only("phase_overdue", [cycle], d("2027-01-14"))  # 31 Dec + 14 days
    finding = the_finding(only("phase_overdue", [cycle], d("2027-01-15")))
    assert finding.evidence == {
        "deadline": "2027-01-14",
        "days_overdue": 1,
        "deadline_from": "default",
    }
    agreement = ManagerAgreement(
        id="ma-m2",
        manager_id="m2",
        period=PERIOD,
        one_on_ones=Cadence.monthly(),
        review_deadlines=(ReviewDeadline(phase=pc.Phase.IMPLEMENTATION, by=d("2026-12-31")),),
    )
    finding = the_finding(only("phase_overdue", [cycle], d("2027-01-02"), agreements=[agreement]))
    assert finding.evidence["deadline_from"] == "agreement ma-m2"


# --- across cycles ------------------------------------------------------------------


def team(
    manager: str,
    size: int,
    *,
    until: str = "appraised",
    check_ins: tuple[dt.date, ...] | None = None,
    tracked: tuple[str, ...] = ("g1", "g2", "g3"),
    manager_ratings: pc.Assessment | None = None,
) -> list[pc.Cycle]:
    """``size`` healthy cycles of ``manager``'s employees ``<manager>-e0``, ``-e1``, ..."""
    boss = pc.Actor(person_id=manager, role=pc.Role.MANAGER)
    return [
        healthy(
            until,
            cycle_id=f"c-{manager}-{n}",
            employee=pc.Actor(person_id=f"{manager}-e{n}", role=pc.Role.EMPLOYEE),
            manager=boss,
            check_ins=CHECK_IN_DAYS if check_ins is None else check_ins,
            tracked=tracked,
            manager_ratings=manager_ratings,
        )
        for n in range(size)
    ]


def test_team_without_check_ins() -> None:
    quiet = team("m9", 2, until="implementation", check_ins=(), tracked=())
    busy = team("m1", 1, until="implementation")
    report = only("team_without_check_ins", quiet + busy, d("2026-03-01"))
    finding = the_finding(report)
    assert (finding.manager_id, finding.cycle_id, finding.subject) == ("m9", None, "m9")
    assert finding.evidence == {"team_size": 2, "employees": "m9-e0, m9-e1"}


def test_rater_leniency_respects_the_minimum_group_size() -> None:
    # Overall ratings on 1-5, normalised (v - 1) / 4: m1 gives 5 (1.0) to four people,
    # m2..m4 give 3 (0.5) to four each. Mean 10/16 = 0.625; sample sd = sqrt(0.75 / 15)
    # = 0.2236; m1's index (1 - 0.625) / 0.2236 = +1.68, the others' -0.56.
    cycles = team("m1", 4, manager_ratings=manager_assessment(overall=5))
    for boss in ("m2", "m3", "m4"):
        cycles += team(boss, 4, manager_ratings=manager_assessment(overall=3))
    rules = RuleSet(rules=(DEFAULT_RULES.rule("rater_leniency"),)).configure(
        "rater_leniency", threshold=1.0
    )
    report = audit(cycles, as_of=at(d("2027-01-14")), rules=rules)
    finding = the_finding(report)
    assert finding.manager_id == "m1"
    assert finding.evidence["direction"] == "lenient"
    assert finding.evidence["leniency_index"] == pytest.approx(0.375 / 0.05**0.5, abs=1e-6)
    assert finding.message == (
        "m1's ratings are lenient: mean 1.00 against 0.62 for all raters"
        " (index +1.68 SD, 4 ratings)"
    )
    at_default = audit(
        cycles, as_of=at(d("2027-01-14")), rules=rules.configure("rater_leniency", threshold=0.5)
    )
    assert [f.evidence["direction"] for f in at_default] == [
        "lenient",
        "severe",
        "severe",
        "severe",
    ]
    # with only three ratings m1 is below the minimum group size and not judged
    assert not audit(cycles[1:], as_of=at(d("2027-01-14")), rules=rules)


def test_objective_retired() -> None:
    cycle = b.implementation_ready()  # g1 aligned to company/growth, g2 to company/quality
    assert not only("objective_retired", [cycle], d("2026-03-01"))
    retiring = attrs.evolve(b.CATALOGUE.objective("company/growth"), retired_on=d("2026-04-01"))
    now = pc.ObjectiveCatalogue(objectives=(retiring,))  # quality dropped, growth retiring
    before = only("objective_retired", [cycle], d("2026-03-01"), objectives=now)
    assert [(f.subject, f.evidence["objective_id"]) for f in before] == [("g2", "company/quality")]
    assert "no longer in the catalogue" in before.findings[0].message
    after = only("objective_retired", [cycle], d("2026-04-01"), objectives=now)
    assert [(f.subject, f.evidence["retired_on"]) for f in after] == [
        ("g1", "2026-04-01"),
        ("g2", None),
    ]
    appraised = b.appraisal_entered()  # the goals' work is over: nothing to realign
    assert not only("objective_retired", [appraised], d("2026-06-01"), objectives=now)


def test_an_objective_recorded_as_retiring_is_reported_without_a_catalogue() -> None:
    retiring = attrs.evolve(b.CATALOGUE.objective("company/growth"), retired_on=d("2026-04-01"))
    boss = pc.Actor(person_id="mgr", role=pc.Role.MANAGER)
    cycle = b.started().propose_goal(b.sales_goal(), by=boss, at=b.when(1))
    cycle = cycle.align_goal("g1", retiring, by=boss, at=b.when(2))
    assert not only("objective_retired", [cycle], d("2026-03-31"))
    finding = the_finding(only("objective_retired", [cycle], d("2026-04-01")))
    assert (
        finding.message
        == "goal 'g1' is aligned to objective 'company/growth', retired on 2026-04-01"
    )
