"""What check-ins raised reaches the analysis of causes (rules 4, condition ``signal_analysed``)."""

from __future__ import annotations

import datetime as dt

import pytest

import builders as b
import perfcore as pc
from perfcore.improvement import SIGNAL_CAUSES, SignalKind
from perfcore.oversight import DEFAULT_RULES, audit
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER

TROUBLE = (pc.GoalProgress(goal_id="g1", status=pc.ProgressStatus.OFF_TRACK),)


def with_check_in(**raised: object) -> pc.Cycle:
    """Implementation with a 1:1 on day 35 that reported g1 off track and raised ``raised``."""
    talk = pc.CheckIn(
        id="ci2",
        kind=pc.CheckInKind.ONE_ON_ONE,
        held_on=b.when(35).date(),
        summary="Pipeline",
        progress=TROUBLE,
        **raised,  # type: ignore[arg-type]
    )
    return b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))


def analysed(cycle: pc.Cycle, category: pc.CauseCategory) -> pc.Cycle:
    """Appraisal: g1 rated partly met and given one root cause of ``category``."""
    cycle = cycle.advance(by=MANAGER, at=b.when(40))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))
    attribution = pc.Attribution.EMPLOYEE if category is pc.CauseCategory.ATTITUDE else None
    cause = pc.RootCause(
        id="rc1", goal_id="g1", category=category, description="Why", attribution=attribution
    )
    return cycle.record_root_cause(cause, by=MANAGER, at=b.when(43))


def signal_blockers(cycle: pc.Cycle) -> list[tuple[str | None, str]]:
    return [(bl.subject, bl.message) for bl in cycle.blockers() if bl.code == "signal_analysed"]


def test_an_obstacle_points_the_analysis_to_resources_or_the_environment() -> None:
    troubled = with_check_in(obstacles=("No CRM licence",))
    [signal] = troubled.check_in_signals
    assert (signal.kind, signal.goal_ids, signal.causes) == (
        SignalKind.OBSTACLE,
        ("g1",),
        (pc.CauseCategory.RESOURCES, pc.CauseCategory.ENVIRONMENT),
    )
    knowledge = analysed(troubled, pc.CauseCategory.KNOWLEDGE)
    assert signal_blockers(knowledge) == [
        (
            "g1",
            (
                "unmet goal 'g1': no root cause weighs what check-ins raised (obstacle at ci2"
                " (2026-02-09)); they point to environment, resources"
            ),
        )
    ]
    resources = analysed(troubled, pc.CauseCategory.RESOURCES)
    assert signal_blockers(resources) == []


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        ({"hr_help_wanted": True, "support_needed": "A second rep"}, SignalKind.HR_HELP),
        ({"company_interest_concern": "Discounts beyond policy"}, SignalKind.COMPANY_INTEREST),
    ],
)
def test_each_kind_is_answered_by_the_causes_it_points_to(
    raised: dict[str, object], kind: SignalKind
) -> None:
    troubled = with_check_in(**raised)
    assert [s.kind for s in troubled.check_in_signals] == [kind]
    for category in pc.CauseCategory:
        blocked = bool(signal_blockers(analysed(troubled, category)))
        assert blocked is (category not in SIGNAL_CAUSES[kind]), category


def test_only_unmet_goals_reported_in_trouble_and_already_analysed_are_judged() -> None:
    calm = b.implementation_ready().record_check_in(
        pc.CheckIn(
            id="ci2",
            kind=pc.CheckInKind.ONE_ON_ONE,
            held_on=b.when(35).date(),
            obstacles=("Nothing on any goal",),
        ),
        by=MANAGER,
        at=b.when(35),
    )
    assert signal_blockers(analysed(calm, pc.CauseCategory.KNOWLEDGE)) == []  # no goal named
    troubled = with_check_in(obstacles=("No CRM licence",))
    rated = troubled.advance(by=MANAGER, at=b.when(40)).submit_manager_assessment(
        b.manager_assessment(sales=pc.Achievement.MET), by=MANAGER, at=b.when(42)
    )
    assert signal_blockers(rated) == []  # g1 met: nothing to analyse
    unanalysed = troubled.advance(by=MANAGER, at=b.when(40)).submit_manager_assessment(
        b.manager_assessment(), by=MANAGER, at=b.when(42)
    )
    assert signal_blockers(unanalysed) == []  # the root_cause condition speaks first
    assert "root_cause" in [bl.code for bl in unanalysed.blockers()]


def test_a_private_note_raises_nothing() -> None:
    note = pc.CheckIn(
        id="n1",
        kind=pc.CheckInKind.PRIVATE_NOTE,
        held_on=b.when(35).date(),
        progress=TROUBLE,
        obstacles=("My manager",),
    )
    cycle = b.implementation_ready().record_check_in(note, by=EMPLOYEE, at=b.when(35))
    assert cycle.check_in_signals == ()
    assert signal_blockers(analysed(cycle, pc.CauseCategory.KNOWLEDGE)) == []


def test_hr_may_accept_another_analysis_and_the_audit_agrees() -> None:
    knowledge = analysed(with_check_in(obstacles=("No CRM licence",)), pc.CauseCategory.KNOWLEDGE)
    discussion = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked it through")
    held = knowledge.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(44))
    rule = [DEFAULT_RULES.rule("signal_unanalysed")]
    [finding] = audit([held], as_of=b.when(44), rules=rule).findings
    assert (finding.subject, finding.evidence) == (
        "g1",
        {"check_ins": "ci2", "signals": "obstacle"},
    )
    waived = held.waive(
        "signal_analysed", subject="g1", reason="The licence came in March", by=HR, at=b.when(44)
    )
    assert signal_blockers(waived) == []
    assert audit([waived], as_of=b.when(44), rules=rule).findings == ()


def test_a_cycle_under_rules_three_does_not_weigh_signals() -> None:
    knowledge = analysed(with_check_in(obstacles=("No CRM licence",)), pc.CauseCategory.KNOWLEDGE)
    older = b.under_rules(knowledge, 3)
    assert signal_blockers(older) == []
    with pytest.raises(pc.ValidationError, match="signal_analysed"):
        older.waive("signal_analysed", subject="g1", reason="n/a", by=HR, at=b.when(44))
    discussion = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked")
    held = older.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(44))
    rule = [DEFAULT_RULES.rule("signal_unanalysed")]
    assert audit([held], as_of=b.when(44), rules=rule).findings == ()


def test_signals_of_refuses_what_is_not_check_ins() -> None:
    with pytest.raises(pc.MalformedInput) as caught:
        pc.improvement.signals_of("ci1")  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "check_ins"
    with pytest.raises(pc.MalformedInput) as caught:
        pc.improvement.signals_of([object()])  # type: ignore[list-item]
    assert caught.value.problems[0].path == "check_ins[0]"


def test_a_signal_row_is_json_ready() -> None:
    [signal] = with_check_in(company_interest_concern="Discounts beyond policy").check_in_signals
    assert signal.as_record() == {
        "check_in_id": "ci2",
        "held_on": dt.date(2026, 2, 9).isoformat(),
        "kind": "company_interest",
        "text": "Discounts beyond policy",
        "goal_ids": ["g1"],
        "causes": ["attitude", "expectations"],
    }


def test_a_view_shows_the_signals_of_the_check_ins_it_shows() -> None:
    cycle = with_check_in(obstacles=("No CRM licence",))
    note = pc.CheckIn(
        id="n1",
        kind=pc.CheckInKind.PRIVATE_NOTE,
        held_on=b.when(36).date(),
        progress=TROUBLE,
        obstacles=("A private worry",),
    )
    cycle = cycle.record_check_in(note, by=MANAGER, at=b.when(36))
    for viewer in (EMPLOYEE, MANAGER, HR):
        shown = view_cycle(cycle, viewer).check_in_signals
        assert [s.text for s in shown] == ["No CRM licence"]
        assert shown == cycle.check_in_signals
