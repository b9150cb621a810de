"""The third rules: settings agreed at the start, and the conditions that read them.

Rated competencies, explained self/manager gaps and actions that fit their cause
guard the cycle from rules 3 on; a cycle started under older rules keeps the
conditions it was decided by, and HR cannot waive a rule it does not have.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import builders as b
import perfcore as pc
from perfcore.competency import AssessorRole, CompetencyAssessment, CompetencyRating
from perfcore.cycle import DEFAULT_SETTINGS, RULES, CycleSettings, condition_named
from perfcore.cycle import events as e
from perfcore.improvement import CauseInterventions, InterventionKind, PracticeRecord
from perfcore.serialization import make_converter
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER


def codes(cycle: pc.Cycle, at: dt.datetime | None = None) -> list[str]:
    return [blocker.code for blocker in cycle.blockers(at=at)]


def subjects(cycle: pc.Cycle, code: str) -> list[str | None]:
    return [blocker.subject for blocker in cycle.blockers() if blocker.code == code]


def appraised(
    *,
    own: float = 3,
    manager: float = 2,
    settings: CycleSettings = DEFAULT_SETTINGS,
    cause: pc.RootCause | None = None,
    rated: bool = False,
    acknowledged: bool = True,
) -> pc.Cycle:
    """Appraisal with the feedback discussion held: g1 rated ``manager`` by the manager and
    ``own`` by self, its ``cause`` recorded, competencies ``rated`` or not, ``acknowledged``."""
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        by=HR,
        at=b.T0,
        check_in_every_days=60,
        profile=b.PROFILE,
        settings=settings,
    )
    for n, goal in enumerate((b.sales_goal(), b.quality_goal(), b.learning_goal()), start=1):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=b.when(n))
    cycle = (
        b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(4)).advance(by=MANAGER, at=b.when(5))
    )
    check_in = pc.CheckIn(id="ci1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(30).date())
    cycle = cycle.record_check_in(check_in, by=MANAGER, at=b.when(30))
    cycle = cycle.advance(by=MANAGER, at=b.when(40))
    mine = attrs.evolve(
        b.self_assessment(),
        goal_ratings=(
            b.rating("g1", pc.Achievement.MET, own),
            *b.self_assessment().goal_ratings[1:],
        ),
    )
    cycle = cycle.submit_self_assessment(mine, by=EMPLOYEE, at=b.when(41))
    theirs = attrs.evolve(
        b.manager_assessment(),
        goal_ratings=(
            b.rating("g1", pc.Achievement.PARTLY_MET, manager),
            *b.manager_assessment().goal_ratings[1:],
        ),
    )
    cycle = cycle.submit_manager_assessment(theirs, by=MANAGER, at=b.when(42))
    if rated:
        cycle = b.rate_competencies(cycle, at=b.when(42))
    cycle = cycle.record_root_cause(cause or b.cause(), by=MANAGER, at=b.when(43))
    talk = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(44))
    return cycle.acknowledge(by=EMPLOYEE, at=b.when(45)) if acknowledged else cycle


# --- competencies ----------------------------------------------------------------------


def test_every_competency_of_the_profile_needs_the_managers_rating() -> None:
    cycle = appraised(acknowledged=False)
    assert subjects(cycle, "competency_rated") == ["talk", "law"]
    # the employee's own view of their competencies does not count
    own = b.competency_assessment(AssessorRole.SELF, EMPLOYEE.person_id)
    cycle = cycle.submit_competency_assessment(own, by=EMPLOYEE, at=b.when(45))
    assert subjects(cycle, "competency_rated") == ["talk", "law"]
    # one rated: the other is still unmet
    basis = pc.Basis(text="Read every contract")
    partial = CompetencyAssessment(
        person_id=EMPLOYEE.person_id,
        assessor_id=MANAGER.person_id,
        role=AssessorRole.MANAGER,
        ratings=(CompetencyRating(competency_id="law", level=3, basis=basis),),
    )
    cycle = cycle.submit_competency_assessment(partial, by=MANAGER, at=b.when(45))
    assert subjects(cycle, "competency_rated") == ["talk"]
    cycle = cycle.release_ratings(by=MANAGER, at=b.when(45))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=b.when(45))
    assert codes(cycle) == ["competency_rated"]
    with pytest.raises(pc.GuardError):
        cycle.advance(by=MANAGER, at=b.when(46))
    waived = cycle.waive(
        "competency_rated", subject="talk", reason="No talks this year", by=HR, at=b.when(46)
    )
    assert waived.blockers() == ()
    assert waived.advance(by=MANAGER, at=b.when(47)).phase is pc.Phase.IMPROVEMENT


def test_a_cycle_without_a_profile_has_no_competencies_to_rate() -> None:
    cycle = pc.Cycle.start(
        cycle_id="c2", employee_id="e", manager_id="m", period=b.PERIOD, by=HR, at=b.T0
    )
    condition = condition_named("competency_rated")
    assert condition is not None
    assert condition.blockers(cycle, b.when(1).date()) == ()


# --- explained gaps -------------------------------------------------------------------


def test_a_large_gap_needs_an_explanation_in_the_feedback_discussion() -> None:
    cycle = appraised(own=5, manager=2, rated=True)
    # 5 vs 2 on 1-5 is 0.75 of the scale: at least the default 0.5
    [blocker] = cycle.blockers()
    assert (blocker.code, blocker.subject) == ("gap_explained", "g1")
    assert blocker.message == (
        "goal 'g1': self-rating 5 vs manager 2 is a gap of 0.5 of the scale or more,"
        " and the feedback discussion gives no explanation"
    )
    talk = pc.FeedbackDiscussion(
        held_on=b.when(46).date(),
        summary="Talked it through again",
        gap_explanations=(pc.GapExplanation(goal_id="g1", text="Two deals counted twice"),),
    )
    explained = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(46))
    assert explained.blockers() == ()
    waived = cycle.waive(
        "gap_explained", subject="g1", reason="Declined to discuss it", by=HR, at=b.when(46)
    )
    assert waived.blockers() == ()


def test_the_gap_rule_is_the_one_the_cycle_started_with() -> None:
    # self-ratings run a quarter of the scale high in this population
    usual = pc.GapRule.relative([0.25, 0.0, 0.25, 0.5, 0.25] * 2, z=2)
    settings = CycleSettings(gap_rule=usual)
    high = appraised(own=4, manager=2, settings=settings, rated=True)
    assert "gap_explained" not in codes(high)  # 0.5: 0.25 above the usual, within 0.333
    low = appraised(own=2, manager=3, settings=settings, rated=True)
    assert subjects(low, "gap_explained") == ["g1"]  # -0.25: 0.5 below the usual
    fixed = appraised(own=4, manager=2, rated=True)
    assert subjects(fixed, "gap_explained") == ["g1"]


# --- actions that fit their cause ------------------------------------------------------

ATTITUDE = pc.RootCause(
    id="rc1",
    goal_id="g1",
    category=pc.CauseCategory.ATTITUDE,
    attribution=pc.Attribution.MANAGEMENT,
    description="No feedback all year",
)


def _in_improvement(settings: CycleSettings = DEFAULT_SETTINGS) -> pc.Cycle:
    cycle = appraised(settings=settings, cause=ATTITUDE, rated=True)
    training = b.action(title="Feedback course", kind=InterventionKind.TRAINING)
    cycle = cycle.add_improvement_action(training, by=MANAGER, at=b.when(46))
    cycle = cycle.advance(by=MANAGER, at=b.when(47))
    return cycle.record_follow_up(b.follow_up(), by=MANAGER, at=b.when(60))


def test_an_action_that_does_not_address_its_cause_blocks_the_close() -> None:
    cycle = _in_improvement()
    [blocker] = cycle.blockers()
    assert (blocker.code, blocker.subject) == ("action_fits_cause", "rc1")
    assert blocker.message == (
        "root cause 'rc1' (attitude) is addressed by training but calls for management_fix"
        " or coaching"
    )
    fix = b.action(id="a2", title="Monthly 1:1s", kind=InterventionKind.MANAGEMENT_FIX)
    fixed = cycle.add_improvement_action(fix, by=MANAGER, at=b.when(61))
    assert "action_fits_cause" not in codes(fixed)
    excepted = cycle.waive(
        "action_fits_cause", subject="rc1", reason="A course on feedback", by=HR, at=b.when(61)
    )
    assert excepted.close(by=MANAGER, at=b.when(62)).phase is pc.Phase.CLOSED


def test_the_cause_mapping_is_the_one_the_cycle_started_with() -> None:
    mapping = CauseInterventions(
        attitude_management=(InterventionKind.MANAGEMENT_FIX, InterventionKind.TRAINING)
    )
    cycle = _in_improvement(CycleSettings(interventions=mapping))
    assert cycle.blockers() == ()


# --- older rules -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["competency_rated", "gap_explained"])
def test_a_cycle_under_older_rules_has_none_of_them(code: str) -> None:
    condition = condition_named(code)
    assert condition is not None
    assert (condition.since, condition.applies_under(2), condition.applies_under(RULES)) == (
        3,
        False,
        True,
    )
    legacy = b.under_rules(appraised(own=5, manager=1), 2)
    assert legacy.settings is None
    assert "competency_rated" not in codes(legacy)
    assert "gap_explained" not in codes(legacy)
    with pytest.raises(pc.ValidationError, match="no rule of this cycle") as info:
        legacy.waive(code, reason="Not needed", by=HR, at=b.when(46))
    assert info.value.paths == ("WaiveCondition.code",)


def test_a_cycle_under_older_rules_accepts_any_action() -> None:
    legacy = b.under_rules(_in_improvement(), 2)
    assert legacy.blockers() == ()
    with pytest.raises(pc.ValidationError, match="no rule of this cycle"):
        legacy.waive("action_fits_cause", reason="Not needed", by=HR, at=b.when(61))


def test_settings_go_with_the_rules() -> None:
    first = b.started().events[0]
    assert isinstance(first, e.CycleStarted)
    with pytest.raises(pc.ValidationError) as info:
        attrs.evolve(first, settings=None)
    assert info.value.paths == ("CycleStarted.settings",)
    with pytest.raises(pc.ValidationError) as info:
        attrs.evolve(first, rules=2)
    assert info.value.paths == ("CycleStarted.settings",)
    assert attrs.evolve(first, rules=2, settings=None).settings is None


def test_a_stored_cycle_with_settings_loads_with_them() -> None:
    settings = CycleSettings(
        cadence=pc.Cadence.monthly(day=20, grace_days=2),
        gap_rule=pc.GapRule(usual=0.125, width=0.375),
    )
    cycle = appraised(settings=settings)
    converter = make_converter()
    loaded = converter.structure(converter.unstructure(cycle), pc.Cycle)
    assert loaded == cycle
    assert loaded.settings == settings
    assert pc.Cycle.replay(cycle.events).settings == settings


def test_the_next_cycle_keeps_the_zone_and_the_settings() -> None:
    done = b.closed()
    first = done.events[0]
    assert isinstance(first, e.CycleStarted)
    settings = CycleSettings(cadence=pc.Cadence.monthly(day=20))
    zoned = pc.Cycle.replay(
        (attrs.evolve(first, time_zone="America/Los_Angeles", settings=settings), *done.events[1:])
    )
    nxt = zoned.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(400))
    assert (nxt.time_zone, nxt.settings, nxt.rules) == ("America/Los_Angeles", settings, RULES)
    legacy = b.under_rules(done, 2)
    assert legacy.settings is None
    nxt = legacy.next_cycle(
        period=pc.Period.annual(2027), by=HR, at=b.when(400), time_zone="Europe/Berlin"
    )
    assert (nxt.time_zone, nxt.settings) == ("Europe/Berlin", DEFAULT_SETTINGS)
    other = CycleSettings(gap_rule=pc.GapRule.fixed(0.75))
    chosen = legacy.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(400), settings=other)
    assert chosen.settings == other


# --- follow-ups with the employee ---------------------------------------------------------


def _followed_up(*, needs_the_employee: bool) -> pc.Cycle:
    """Improvement with a1 followed up twice: first partly improved, then improved."""
    settings = CycleSettings(outcomes_need_the_employee=needs_the_employee)
    cycle = appraised(settings=settings, rated=True)
    cycle = cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(46))
    cycle = cycle.advance(by=MANAGER, at=b.when(47))
    cycle = cycle.record_follow_up(
        b.follow_up(pc.Outcome.PARTLY_IMPROVED, day=55), by=MANAGER, at=b.when(55)
    )
    return cycle.record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.when(60))


def test_the_employee_answers_the_latest_follow_up() -> None:
    cycle = _followed_up(needs_the_employee=False)
    answered = cycle.answer_follow_up(
        "a1", agrees=False, comment="The quiz was the easy part", by=EMPLOYEE, at=b.when(61)
    )
    [answer] = answered.follow_up_answers
    assert (answer.action_id, answer.follow_up, answer.agrees, answer.comment) == (
        "a1",
        1,
        False,
        "The quiz was the easy part",
    )
    assert (answer.actor, answer.at, answer.sequence) == (EMPLOYEE, b.when(61), cycle.version)
    assert pc.Cycle.replay(answered.events) == answered
    assert cycle.blockers() == ()  # the setting is off: the manager's word suffices


@pytest.mark.parametrize(
    ("action_id", "by", "error", "path"),
    [
        ("a9", EMPLOYEE, pc.ValidationError, "AnswerFollowUp.action_id"),
        ("a1", MANAGER, pc.PermissionDenied, None),
        (
            "a1",
            pc.Actor(person_id="someone-else", role=pc.Role.EMPLOYEE),
            pc.PermissionDenied,
            None,
        ),
    ],
)
def test_only_the_employee_answers_a_follow_up_of_an_action_of_theirs(
    action_id: str, by: pc.Actor, error: type[pc.PerfcoreError], path: str | None
) -> None:
    cycle = _followed_up(needs_the_employee=True)
    with pytest.raises(error) as info:
        cycle.answer_follow_up(action_id, agrees=True, by=by, at=b.when(61))
    if path is not None:
        assert isinstance(info.value, pc.ValidationError)
        assert info.value.paths == (path,)
    assert cycle.follow_up_answers == ()


def test_a_follow_up_is_answered_once_and_disagreement_needs_a_comment() -> None:
    cycle = _followed_up(needs_the_employee=True)
    with pytest.raises(pc.ValidationError) as info:
        cycle.answer_follow_up("a1", agrees=False, by=EMPLOYEE, at=b.when(61))
    assert info.value.paths == ("AnswerFollowUp.comment",)
    answered = cycle.answer_follow_up("a1", agrees=True, by=EMPLOYEE, at=b.when(61))
    with pytest.raises(pc.ValidationError, match="already answered"):
        answered.answer_follow_up("a1", agrees=True, by=EMPLOYEE, at=b.when(61))


def test_an_outcome_needs_both_voices_when_the_settings_say_so() -> None:
    cycle = _followed_up(needs_the_employee=True)
    [blocker] = cycle.blockers()
    assert (blocker.code, blocker.subject) == ("outcome_answered", "a1")
    condition = condition_named("outcome_answered")
    assert condition is not None
    assert not condition.waivable_under(RULES)
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("outcome_answered", reason="Left", by=HR, at=b.when(61))
    # disagreeing is an answer too: the employee's voice is on record
    answered = cycle.answer_follow_up(
        "a1", agrees=False, comment="Still needs help with quotes", by=EMPLOYEE, at=b.when(61)
    )
    assert answered.blockers() == ()
    assert answered.close(by=MANAGER, at=b.when(62)).phase is pc.Phase.CLOSED


def test_an_answer_to_an_earlier_follow_up_does_not_answer_a_later_outcome() -> None:
    settings = CycleSettings(outcomes_need_the_employee=True)
    cycle = appraised(settings=settings, rated=True)
    cycle = cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(46))
    cycle = cycle.advance(by=MANAGER, at=b.when(47))
    cycle = cycle.record_follow_up(
        b.follow_up(pc.Outcome.PARTLY_IMPROVED, day=55), by=MANAGER, at=b.when(55)
    )
    cycle = cycle.answer_follow_up("a1", agrees=True, by=EMPLOYEE, at=b.when(55))
    assert cycle.blockers() == ()
    cycle = cycle.record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.when(60))
    assert [bl.code for bl in cycle.blockers()] == ["outcome_answered"]


# --- over-achievement ---------------------------------------------------------------------


def test_what_worked_on_an_exceeded_goal_is_recorded_and_shared() -> None:
    cycle = appraised(rated=True, settings=CycleSettings(practices_recorded=True))
    # g2 is rated exceeded by the manager (b.manager_assessment)
    [blocker] = cycle.blockers()
    assert (blocker.code, blocker.subject) == ("practice_recorded", "g2")
    [draft] = cycle.practices_to_share()
    noted = PracticeRecord(goal_id="g2", what_worked=draft.what_worked)
    cycle = cycle.record_practice(noted, by=MANAGER, at=b.when(46))
    assert cycle.blockers() == ()
    assert not cycle.practice_for("g2").shared  # type: ignore[union-attr]
    shared = attrs.evolve(noted, shared_with=("sales-team",), shared_on=b.when(47).date())
    cycle = cycle.record_practice(shared, by=MANAGER, at=b.when(47))
    assert cycle.practice_for("g2") == shared
    assert cycle.practices == (noted, shared)  # both stay in the history
    assert pc.Cycle.replay(cycle.events) == cycle


@pytest.mark.parametrize(
    ("practice", "path"),
    [
        (PracticeRecord(goal_id="g1", what_worked="Luck"), "RecordPractice.practice.goal_id"),
        (PracticeRecord(goal_id="g9", what_worked="Luck"), "RecordPractice.practice.goal_id"),
        (
            PracticeRecord(
                goal_id="g2", what_worked="Luck", shared_with=("t",), shared_on=dt.date(2027, 1, 1)
            ),
            "RecordPractice.practice.shared_on",
        ),
    ],
)
def test_a_practice_is_recorded_only_for_an_exceeded_goal_by_a_known_day(
    practice: PracticeRecord, path: str
) -> None:
    cycle = appraised(rated=True)
    with pytest.raises(pc.ValidationError) as info:
        cycle.record_practice(practice, by=MANAGER, at=b.when(46))
    assert info.value.paths == (path,)
    assert cycle.practices == ()


def test_a_practice_shared_needs_an_audience() -> None:
    with pytest.raises(pc.ValidationError) as info:
        PracticeRecord(goal_id="g2", what_worked="Referrals", shared_on=dt.date(2026, 3, 1))
    assert info.value.paths == ("PracticeRecord.shared_on",)


def test_the_employee_sees_a_practice_only_with_the_ratings_that_call_the_goal_exceeded() -> None:
    cycle = appraised(rated=True, acknowledged=False)  # released at the discussion
    assert cycle.manager_assessment is not None
    cycle = cycle.submit_manager_assessment(  # a re-rating: the ratings are a draft again
        cycle.manager_assessment, reason="Second look", by=MANAGER, at=b.when(45)
    )
    noted = PracticeRecord(goal_id="g2", what_worked="Referrals")
    cycle = cycle.record_practice(noted, by=MANAGER, at=b.when(45))
    assert view_cycle(cycle, EMPLOYEE).practices == ()  # recorded on ratings not released
    assert view_cycle(cycle, MANAGER).practices == (noted,)
    released = cycle.release_ratings(by=MANAGER, at=b.when(45))
    assert view_cycle(released, EMPLOYEE).practices == (noted,)
