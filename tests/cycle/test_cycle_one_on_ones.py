"""1:1s that follow through: agendas, action items carried until closed, signals answered."""

from __future__ import annotations

import datetime as dt

import pytest

import builders as b
import perfcore as pc
from perfcore.improvement import SignalKind
from perfcore.oversight import DEFAULT_RULES, DueSource, audit, due_items_of
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER


def one_on_one(check_in_id: str, day: int, **fields: object) -> pc.CheckIn:
    return pc.CheckIn(
        id=check_in_id,
        kind=pc.CheckInKind.ONE_ON_ONE,
        held_on=b.when(day).date(),
        summary="1:1",
        **fields,  # type: ignore[arg-type]
    )


def item(item_id: str, owner: str, due_day: int) -> pc.ActionItem:
    return pc.ActionItem(
        id=item_id, text=f"Do {item_id}", owner_id=owner, due=b.when(due_day).date()
    )


def with_items() -> pc.Cycle:
    """Implementation: the day-30 1:1 plus one on day 35 agreeing two action items."""
    talk = one_on_one(
        "ci2",
        35,
        agenda=("Pipeline", "Training"),
        action_items=(item("ai1", "emp", 50), item("ai2", "mgr", 40)),
    )
    return b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))


def test_open_action_items_carry_until_a_later_check_in_closes_them() -> None:
    cycle = with_items()
    assert [i.id for i in cycle.open_action_items()] == ["ai2", "ai1"]  # by due date
    closing = one_on_one("ci3", 45, agenda=("ai2",), closed_action_items=("ai2",))
    cycle = cycle.record_check_in(closing, by=EMPLOYEE, at=b.when(45))
    assert [i.id for i in cycle.open_action_items()] == ["ai1"]
    assert [i.id for i in cycle.action_items] == ["ai1", "ai2"]
    assert pc.Cycle.replay(cycle.events) == cycle


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"action_items": (item("ai1", "emp", 60),)}, "action_items[0].id", "earlier check-in"),
        ({"action_items": (item("ai9", "hr", 60),)}, "action_items[0].owner_id", "no part"),
        ({"closed_action_items": ("ai7",)}, "closed_action_items[0]", "never raised"),
    ],
)
def test_bad_items_name_the_field_and_change_nothing(
    fields: dict[str, object], path: str, message: str
) -> None:
    cycle = with_items()
    with pytest.raises(pc.ValidationError) as caught:
        cycle.record_check_in(one_on_one("ci3", 45, **fields), by=MANAGER, at=b.when(45))
    [problem] = caught.value.problems
    assert problem.path == f"RecordCheckIn.check_in.{path}"
    assert message in problem.message
    assert cycle == with_items()


def test_a_closed_item_cannot_be_closed_again_and_records_check_their_own_shape() -> None:
    cycle = with_items().record_check_in(
        one_on_one("ci3", 45, closed_action_items=("ai2",)), by=MANAGER, at=b.when(45)
    )
    with pytest.raises(pc.ValidationError, match="already closed"):
        cycle.record_check_in(
            one_on_one("ci4", 46, closed_action_items=("ai2",)), by=MANAGER, at=b.when(46)
        )
    with pytest.raises(pc.MalformedInput, match="private note agrees nothing"):
        pc.CheckIn(
            id="n1",
            kind=pc.CheckInKind.PRIVATE_NOTE,
            held_on=dt.date(2026, 3, 1),
            action_items=(item("ai5", "emp", 60),),
        )
    with pytest.raises(pc.MalformedInput, match="before the check-in"):
        one_on_one("ci5", 50, action_items=(item("ai5", "emp", 40),))
    with pytest.raises(pc.MalformedInput, match="raised and closed at once"):
        one_on_one("ci5", 50, action_items=(item("ai5", "emp", 60),), closed_action_items=("ai5",))
    with pytest.raises(pc.MalformedInput, match="more than once"):
        one_on_one("ci5", 50, action_items=(item("ai5", "emp", 60), item("ai5", "mgr", 60)))


def test_hr_answers_a_call_for_help_and_the_answer_shows_with_the_check_ins() -> None:
    talk = one_on_one("ci2", 35, hr_help_wanted=True, support_needed="A second rep")
    cycle = b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))
    assert [(s.check_in_id, s.kind) for s in cycle.unanswered_signals()] == [
        ("ci2", SignalKind.HR_HELP)
    ]
    answered = cycle.answer_signal(
        "ci2", SignalKind.HR_HELP, response="A contractor starts in March", by=HR, at=b.when(36)
    )
    assert answered.unanswered_signals() == ()
    answer = answered.answer_to("ci2", SignalKind.HR_HELP)
    assert answer is not None
    assert (answer.response, answer.actor, answer.sequence) == (
        "A contractor starts in March",
        HR,
        len(cycle.events),
    )
    for viewer in (EMPLOYEE, MANAGER, HR):  # shown with the check-ins, to both parties
        assert view_cycle(answered, viewer).signal_answers == answered.signal_answers
    assert pc.Cycle.replay(answered.events) == answered


@pytest.mark.parametrize(
    ("check_in_id", "kind", "path", "message"),
    [
        ("ci9", SignalKind.HR_HELP, "check_in_id", "no shared check-in 'ci9'"),
        ("ci2", SignalKind.COMPANY_INTEREST, "check_in_id", "raised a company_interest"),
        ("ci2", SignalKind.OBSTACLE, "kind", "removed, not answered"),
    ],
)
def test_bad_answers_name_the_field(
    check_in_id: str, kind: SignalKind, path: str, message: str
) -> None:
    talk = one_on_one("ci2", 35, hr_help_wanted=True, obstacles=("No CRM",))
    cycle = b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))
    with pytest.raises(pc.ValidationError) as caught:
        cycle.answer_signal(check_in_id, kind, response="Done", by=HR, at=b.when(36))
    [problem] = caught.value.problems
    assert (problem.path, message in problem.message) == (f"AnswerSignal.{path}", True)
    answered = cycle.answer_signal("ci2", SignalKind.HR_HELP, response="Ok", by=HR, at=b.when(36))
    with pytest.raises(pc.ValidationError, match="already answered"):
        answered.answer_signal("ci2", SignalKind.HR_HELP, response="Ok", by=HR, at=b.when(37))
    with pytest.raises(pc.PermissionDenied):
        cycle.answer_signal("ci2", SignalKind.HR_HELP, response="Ok", by=MANAGER, at=b.when(36))


def test_the_audit_reads_unanswered_signals_and_overdue_items() -> None:
    talk = one_on_one(
        "ci2",
        35,
        company_interest_concern="Discounts beyond policy",
        action_items=(item("ai1", "emp", 50),),
    )
    cycle = b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))
    rules = [DEFAULT_RULES.rule("signal_unanswered"), DEFAULT_RULES.rule("action_item_overdue")]
    early = audit([cycle], as_of=b.when(49), rules=rules)
    assert early.findings == ()  # 14 days after 2026-02-09 is 2026-02-23; ai1 due 2026-02-24
    late = audit([cycle], as_of=b.when(51), rules=rules)
    assert [(f.code, f.subject, f.severity.value) for f in late] == [
        ("signal_unanswered", "ci2:company_interest", "warning"),
        ("action_item_overdue", "ai1", "info"),
    ]
    answered = cycle.answer_signal(
        "ci2", SignalKind.COMPANY_INTEREST, response="Pricing desk informed", by=HR, at=b.when(51)
    )
    assert [f.code for f in audit([answered], as_of=b.when(51), rules=rules)] == [
        "action_item_overdue"
    ]


def test_due_items_list_open_items_by_owner_and_signals_for_hr() -> None:
    talk = one_on_one("ci2", 35, hr_help_wanted=True, action_items=(item("ai1", "emp", 50),))
    cycle = b.implementation_ready().record_check_in(talk, by=MANAGER, at=b.when(35))
    found = [
        (i.code, i.owner_id, i.owner_role.name, i.subject, i.due.isoformat(), i.overdue)
        for i in due_items_of(cycle, as_of=b.when(51))
        if i.source is DueSource.ONE_ON_ONE
    ]
    assert found == [
        ("answer_signal", None, "hr", "ci2:hr_help", "2026-02-23", True),
        ("do_action_item", "emp", "employee", "ai1", "2026-02-24", True),
    ]
