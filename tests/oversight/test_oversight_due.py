"""Due items: read from the guard's blockers, the agreed schedule and the audit's deadlines.

The properties hold on random cycles: the items read from conditions are exactly
the cycle's blockers at ``as_of`` (``Cycle.blockers`` and ``blockers_of``); the
rules the audit shares with the guard report the same subjects; the phase
deadline is overdue exactly when the audit finds the phase overdue; a cycle
with no blockers owes only what its schedule and deadline ask, none of it late.
The worked examples use the hand-built cycles of ``builders``, whose dates can
be checked on a calendar.
"""

from __future__ import annotations

import collections
import datetime as dt
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import COMMAND_BY_NAME, CONDITIONS, DEFAULT_PERMISSIONS
from perfcore.cycle.conditions import blockers_of
from perfcore.oversight import (
    CONDITION_KINDS,
    DEFAULT_RULES,
    DUE_KINDS,
    AuditContext,
    DueItem,
    DueKind,
    DueSource,
    PhaseDeadlines,
    as_it_stood,
    audit,
    due_items,
    due_items_of,
)
from perfcore.oversight import due as due_module
from perfcore.testing.strategies import cycles
from strategies import EMPLOYEE, HR, MANAGER

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LATER = st.integers(0, 500)


def _as_of(cycle: pc.Cycle, later: int) -> dt.datetime:
    return cycle.last_event_at + dt.timedelta(days=later)


def _from_conditions(items: tuple[DueItem, ...]) -> list[tuple[str | None, str | None]]:
    return sorted(
        ((i.condition, i.subject) for i in items if i.source is DueSource.CONDITION),
        key=str,
    )


def _audited(cycle: pc.Cycle, code: str, at: dt.datetime) -> set[str]:
    """The subjects the audit reports under ``code`` as of ``at``."""
    report = audit([cycle], as_of=at, rules=[DEFAULT_RULES.rule(code)])
    subjects: set[str] = set()
    for finding in report:
        if code == "check_in_cadence_missed":  # one finding, listing the missed due dates
            subjects |= set(str(finding.evidence["missed_dates"]).split(", "))
        else:
            subjects.add(str(finding.subject))
    return subjects


# --- the tables ----------------------------------------------------------------------


def test_every_condition_has_a_kind_and_every_kind_is_in_the_table() -> None:
    codes = {kind.code for kind in DUE_KINDS}
    assert set(CONDITION_KINDS) == {condition.code for condition in CONDITIONS}
    assert set(CONDITION_KINDS.values()) <= codes
    assert len(codes) == len(DUE_KINDS)


@pytest.mark.parametrize("kind", DUE_KINDS, ids=[kind.code for kind in DUE_KINDS])
def test_each_kind_is_owed_by_a_role_its_commands_allow(kind: DueKind) -> None:
    assert set(kind.commands) <= set(COMMAND_BY_NAME)
    assert any(kind.role in DEFAULT_PERMISSIONS[command] for command in kind.commands)


def test_the_person_who_owes_a_kind() -> None:
    kinds = {kind.code: kind for kind in DUE_KINDS}
    who = {"employee_id": "e7", "manager_id": "m2"}
    assert kinds["agree_goals"].owner_id(**who) == "e7"
    assert kinds["rate"].owner_id(**who) == "m2"
    assert kinds["resolve_dispute"].owner_id(**who) is None  # HR is a function, not a person
    with pytest.raises(pc.ValidationError) as info:
        kinds["rate"].owner_id(employee_id=7, manager_id="m2")  # type: ignore[arg-type]
    assert info.value.paths == ("employee_id",)


def test_a_kind_names_at_least_one_command() -> None:
    with pytest.raises(pc.ValidationError) as info:
        DueKind(code="approve", text="Approve", role=pc.Role.HR, commands=())
    assert info.value.paths == ("DueKind.commands",)


def test_an_unmapped_condition_is_owed_as_meet_condition(monkeypatch: pytest.MonkeyPatch) -> None:
    # a condition added to the guard before it has a row here is still listed, by the manager
    table = {code: kind for code, kind in CONDITION_KINDS.items() if code != "goals_present"}
    monkeypatch.setattr(due_module, "CONDITION_KINDS", MappingProxyType(table))
    items = due_items_of(b.started(), as_of=b.when(1))
    (item,) = (i for i in items if i.source is DueSource.CONDITION)
    assert (item.code, item.owner_id, item.condition) == ("meet_condition", "mgr", "goals_present")


# --- properties on random cycles ------------------------------------------------------


@SLOW
@given(cycle=cycles(), later=LATER)
def test_the_items_read_from_conditions_are_exactly_the_blockers(
    cycle: pc.Cycle, later: int
) -> None:
    at = _as_of(cycle, later)
    items = due_items_of(cycle, as_of=at)
    blocked = cycle.blockers(at=at)
    assert blocked == blockers_of(cycle, cycle.date_of(at))
    assert _from_conditions(items) == sorted(((b.code, b.subject) for b in blocked), key=str)
    for item in items:
        assert item.cycle_id == cycle.id
        assert item.employee_id == cycle.employee_id
        assert item.phase is cycle.phase
        kind = next(kind for kind in DUE_KINDS if kind.code == item.code)
        if item.code == "do_action_item":  # owed by the item's owner, a party to the 1:1
            owner = next(i.owner_id for i in cycle.action_items if i.id == item.subject)
            assert item.owner_id == owner
        elif item.code == "approve_ratings":  # owed by the role of the step the ratings await
            step = cycle.next_approval
            assert step is not None
            assert (item.owner_role, item.subject) == (step.role, step.name)
        else:
            assert item.owner_role == kind.role
        if item.source is DueSource.CONDITION:
            assert CONDITION_KINDS[str(item.condition)] == item.code
        assert item.overdue == (cycle.date_of(at) > item.due)
    assert list(items) == sorted(items, key=DueItem.sort_key)


@SLOW
@given(cycle=cycles(), later=LATER)
def test_a_cycle_without_blockers_owes_only_its_schedule_and_deadline(
    cycle: pc.Cycle, later: int
) -> None:
    at = _as_of(cycle, later)
    items = due_items_of(cycle, as_of=at)
    if not cycle.phase.is_open:
        assert items == ()
        return
    deadlines = [i for i in items if i.source is DueSource.DEADLINE]
    assert [i.code for i in deadlines] == ["leave_phase"]
    assert all(not i.overdue for i in items if i.source is DueSource.SCHEDULE)
    # What 1:1s left open guards no phase: it is owed, and overdue exactly when the audit
    # reports it (an action item past its due date, a signal unanswered past answer_days).
    one_on_one = [i for i in items if i.source is DueSource.ONE_ON_ONE]
    rules = [DEFAULT_RULES.rule("action_item_overdue"), DEFAULT_RULES.rule("signal_unanswered")]
    found = audit([cycle], as_of=at, rules=rules)
    assert {i.subject for i in one_on_one if i.overdue} == {f.subject for f in found}
    if not cycle.blockers(at=at):
        allowed = {DueSource.SCHEDULE, DueSource.DEADLINE, DueSource.ONE_ON_ONE}
        assert {i.source for i in items} <= allowed
        late = [i for i in items if i.overdue and i.source is not DueSource.ONE_ON_ONE]
        assert late in ([], deadlines)


@SLOW
@given(cycle=cycles(), later=LATER)
def test_the_phase_deadline_is_overdue_exactly_when_the_audit_finds_the_phase_overdue(
    cycle: pc.Cycle, later: int
) -> None:
    at = _as_of(cycle, later)
    items = due_items_of(cycle, as_of=at)
    deadline = {i.subject for i in items if i.code == "leave_phase"}
    assert deadline == ({cycle.phase.value} if cycle.phase.is_open else set())
    late = {i.subject for i in items if i.source is DueSource.DEADLINE and i.overdue}
    assert late == _audited(cycle, "phase_overdue", at)


PAIRS = (
    ("check_in_cadence", "check_in_cadence_missed", pc.Phase.IMPLEMENTATION),
    ("competency_rated", "competency_unrated", pc.Phase.APPRAISAL),
    ("gap_explained", "self_manager_gap_unexplained", pc.Phase.APPRAISAL),
    ("action_fits_cause", "action_not_following_cause", pc.Phase.IMPROVEMENT),
    ("formal_reviews_held", "formal_review_overdue", pc.Phase.IMPROVEMENT),
)
"""(condition, audit rule, the phase the condition guards): rules both judge alike."""

GUARDED = st.sampled_from([pc.Phase.IMPLEMENTATION, pc.Phase.APPRAISAL, pc.Phase.IMPROVEMENT])


@SLOW
@given(cycle=GUARDED.flatmap(lambda phase: cycles(phase=phase)), later=LATER)
def test_the_items_and_the_audit_name_the_same_subjects(cycle: pc.Cycle, later: int) -> None:
    at = _as_of(cycle, later)
    items = due_items_of(cycle, as_of=at)
    for condition, rule, phase in PAIRS:
        if cycle.phase is not phase:
            continue
        if (
            rule in {"competency_unrated", "self_manager_gap_unexplained"}
            and cycle.feedback is None
        ):
            continue  # the audit judges these once the feedback discussion is held
        owed = {
            str(i.subject)
            for i in items
            if i.source is DueSource.CONDITION and i.condition == condition
        }
        if rule == "formal_review_overdue":  # the audit finds a review late the day after
            owed = {str(i.subject) for i in items if i.condition == condition and i.overdue}
        assert owed == _audited(cycle, rule, at), (condition, rule)


@SLOW
@given(cycle=cycles(phase=pc.Phase.IMPROVEMENT), later=LATER)
def test_an_overdue_follow_up_is_one_the_audit_finds_overdue(cycle: pc.Cycle, later: int) -> None:
    at = _as_of(cycle, later)
    late = {
        str(i.subject)
        for i in due_items_of(cycle, as_of=at)
        if i.code == "follow_up_action" and i.overdue
    }
    began = cycle.date_of(cycle.events[0].at)
    carried = {a.id for a in cycle.actions if a.carried_from is not None and a.due < began}
    assert late - carried <= _audited(cycle, "follow_up_overdue", at)


@settings(max_examples=60, deadline=None)
@given(
    held=st.lists(st.integers(0, 100), max_size=4, unique=True).map(sorted),
    later=st.integers(0, 120),
)
def test_formal_reviews_are_owed_as_the_audit_judges_them(held: list[int], later: int) -> None:
    # the plan runs from 1 March 2026; reviews are held ``held`` days after it began
    cycle = b.formal_plan_started()
    began = dt.date(2026, 3, 1)
    for days in held:
        on = began + dt.timedelta(days=days)
        cycle = cycle.record_formal_review(
            b.formal_review(on), by=MANAGER, at=b.on(on.month, on.day)
        )
    at = max(cycle.last_event_at, b.on(3, 1)) + dt.timedelta(days=later)
    items = [i for i in due_items_of(cycle, as_of=at) if i.code == "hold_formal_review"]
    late = {str(i.subject) for i in items if i.overdue}
    assert late == _audited(cycle, "formal_review_overdue", at)
    plan = cycle.formal_plan
    assert plan is not None
    today = cycle.date_of(at)
    honoured = set(plan.honoured_reviews(cycle.formal_reviews))
    ahead = [i.due for i in items if i.source is DueSource.SCHEDULE]
    assert ahead == [d for d in plan.review_dates if d > today and d not in honoured]
    assert all(i.due == dt.date.fromisoformat(str(i.subject)) for i in items)


@SLOW
@given(cycle=cycles(), earlier=st.floats(0, 1))
def test_a_cycle_is_read_as_it_stood_at_as_of(cycle: pc.Cycle, earlier: float) -> None:
    first, last = cycle.events[0].at, cycle.last_event_at
    at = first + (last - first) * earlier
    stood = as_it_stood(cycle, at)
    assert stood is not None
    assert due_items_of(cycle, as_of=at) == due_items_of(stood, as_of=at)
    assert due_items_of(cycle, as_of=first - dt.timedelta(seconds=1)) == ()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=st.lists(cycles(), min_size=1, max_size=3), later=LATER)
def test_due_items_are_each_cycles_items_in_one_order(drawn: list[pc.Cycle], later: int) -> None:
    population = [
        attrs.evolve(cycle, id=f"c{n}", events=cycle.events) for n, cycle in enumerate(drawn)
    ]
    at = max(c.last_event_at for c in population) + dt.timedelta(days=later)
    each = [item for cycle in population for item in due_items_of(cycle, as_of=at)]
    together = due_items(population, as_of=at)
    assert together == tuple(sorted(each, key=DueItem.sort_key))
    assert due_items(reversed(population), as_of=at) == together


@SLOW
@given(cycle=cycles(), later=LATER)
def test_an_item_shows_no_content_of_the_cycle(cycle: pc.Cycle, later: int) -> None:
    at = _as_of(cycle, later)
    texts = {kind.code: kind.text for kind in DUE_KINDS}
    for item in due_items_of(cycle, as_of=at):
        row = item.as_record()
        assert set(row) == {
            "cycle_id",
            "employee_id",
            "code",
            "text",
            "owner_id",
            "owner_role",
            "due",
            "overdue",
            "source",
            "condition",
            "subject",
            "phase",
        }
        assert row["text"] == texts[item.code]
        ids = {g.id for g in cycle.goals} | {a.id for a in cycle.actions}
        ids |= {c.id for c in cycle.root_causes}
        if cycle.profile is not None:
            ids |= {c.id for c in cycle.profile.competencies}
        if cycle.formal_plan is not None:
            ids.add(cycle.formal_plan.id)
        ids |= {step.name for step in cycle.approval_steps}
        ids |= {item.id for item in cycle.action_items}
        ids |= {f"{s.check_in_id}:{s.kind.value}" for s in cycle.check_in_signals}
        subject = item.subject
        assert (
            subject is None
            or subject in ids
            or subject == item.phase.value
            or dt.date.fromisoformat(subject).isoformat() == subject
        )


# --- worked examples --------------------------------------------------------------------


def _rows(items: tuple[DueItem, ...]) -> list[tuple[str, str | None, str, str, str | None, bool]]:
    return [
        (i.due.isoformat(), i.owner_id, i.code, i.source.value, i.subject, i.overdue) for i in items
    ]


def test_goal_setting_owes_goals_by_the_goal_setting_deadline() -> None:
    # the period starts on 1 January 2026; goal setting ends 45 days later, on 15 February
    items = due_items_of(b.started(), as_of=b.when(10))
    assert _rows(items) == [
        ("2026-02-15", "mgr", "leave_phase", "deadline", "goal_setting", False),
        ("2026-02-15", "mgr", "set_goals", "condition", None, False),
    ]
    late = due_items_of(b.started(), as_of=b.on(2, 16))
    assert [i.overdue for i in late] == [True, True]


def test_implementation_owes_the_next_check_in_and_lists_the_missed_one() -> None:
    # implementation began on 10 January (day 5); one check-in in every 60 days is due on
    # 11 March (kept by the check-in of 4 February), 10 May and 9 July
    cycle = b.implementation_ready()
    assert _rows(due_items_of(cycle, as_of=b.on(4, 1))) == [
        ("2026-05-10", "mgr", "hold_check_in", "schedule", "2026-05-10", False),
        ("2027-01-14", "mgr", "leave_phase", "deadline", "implementation", False),
    ]
    assert _rows(due_items_of(cycle, as_of=b.on(6, 1))) == [
        ("2026-05-10", "mgr", "hold_check_in", "condition", "2026-05-10", True),
        ("2026-07-09", "mgr", "hold_check_in", "schedule", "2026-07-09", False),
        ("2027-01-14", "mgr", "leave_phase", "deadline", "implementation", False),
    ]


def test_a_check_in_is_on_time_until_its_grace_days_are_over() -> None:
    weekly = pc.Cadence.weekly(weekday=0, grace_days=2)  # Mondays, two days' grace
    cycle = b.implementation_ready(pc.CycleSettings(cadence=weekly))
    # implementation began on Saturday 10 January: the first Monday is 12 January
    items = due_items_of(cycle, as_of=b.on(1, 13))
    assert _rows(items)[0] == (
        "2026-01-14",
        "mgr",
        "hold_check_in",
        "schedule",
        "2026-01-12",
        False,
    )
    items = due_items_of(cycle, as_of=b.on(1, 15))
    assert _rows(items)[0] == (
        "2026-01-14",
        "mgr",
        "hold_check_in",
        "condition",
        "2026-01-12",
        True,
    )


def test_a_check_in_more_than_a_year_ahead_is_not_listed() -> None:
    leap_days = pc.Cadence(rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")  # next: 29 February 2028
    cycle = b.implementation_ready(pc.CycleSettings(cadence=leap_days))
    assert [i.code for i in due_items_of(cycle, as_of=b.on(3, 1))] == ["leave_phase"]
    weekly = b.implementation_ready(pc.CycleSettings(cadence=pc.Cadence.weekly(weekday=0)))
    ahead = [i for i in due_items_of(weekly, as_of=b.on(3, 1)) if i.source is DueSource.SCHEDULE]
    assert [i.due for i in ahead] == [dt.date(2026, 3, 2)]  # Sunday 1 March: Monday is next


def test_a_waived_cadence_asks_no_check_in() -> None:
    cycle = b.implementation_ready()
    one = cycle.waive(
        "check_in_cadence", subject="2026-05-10", reason="On leave in May", by=HR, at=b.on(6, 1)
    )
    assert _rows(due_items_of(one, as_of=b.on(6, 2)))[0] == (
        "2026-07-09",
        "mgr",
        "hold_check_in",
        "schedule",
        "2026-07-09",
        False,
    )
    every = cycle.waive(
        "check_in_cadence", reason="On leave until the autumn", by=HR, at=b.when(31)
    )
    assert [i.code for i in due_items_of(every, as_of=b.on(6, 1))] == ["leave_phase"]


def test_under_rules_2_a_gap_is_due_to_end_check_in_every_days_after_it_began() -> None:
    # the check-in of 4 February opened a gap of 60 days: a check-in was due by 5 April
    cycle = b.under_rules(b.implementation_ready(), 2)
    assert _rows(due_items_of(cycle, as_of=b.on(6, 1))) == [
        ("2026-04-05", "mgr", "hold_check_in", "condition", "2026-02-04", True),
        ("2027-01-14", "mgr", "leave_phase", "deadline", "implementation", False),
    ]


def test_appraisal_owes_each_party_its_part_by_the_appraisal_deadline() -> None:
    # the period ends on 31 December 2026; appraisal ends 60 days later, on 1 March 2027
    items = due_items_of(b.appraisal_entered(), as_of=b.when(40))
    assert {(i.owner_id, i.owner_role.name, i.code, i.subject) for i in items} == {
        ("emp", "employee", "submit_self_assessment", None),
        ("emp", "employee", "acknowledge", None),
        ("mgr", "manager", "rate", None),
        ("mgr", "manager", "rate", "talk"),
        ("mgr", "manager", "rate", "law"),
        ("mgr", "manager", "hold_feedback_discussion", None),
        ("mgr", "manager", "leave_phase", "appraisal"),
    }
    assert {i.due for i in items} == {dt.date(2027, 3, 1)}


def test_a_dispute_is_owed_by_hr() -> None:
    discussed = pc.Cycle.replay(b.appraisal_ready().events[:-1])  # all but the acknowledgement
    disputed = discussed.dispute(reason="The sales target moved in May", by=EMPLOYEE, at=b.when(45))
    (item,) = (i for i in due_items_of(disputed, as_of=b.when(46)) if i.code == "resolve_dispute")
    assert (item.owner_id, item.owner_role, item.due) == (None, pc.Role.HR, dt.date(2027, 3, 1))


def test_improvement_owes_follow_ups_by_their_due_dates_and_formal_reviews_by_theirs() -> None:
    # action a1 is due on 30 June; the plan's reviews fall on 15 March, April and May;
    # improvement ends 180 days after the period, on 29 June 2027
    items = due_items_of(b.formal_plan_started(), as_of=b.on(4, 1))
    assert _rows(items) == [
        ("2026-03-15", "mgr", "hold_formal_review", "condition", "2026-03-15", True),
        ("2026-04-15", "mgr", "hold_formal_review", "schedule", "2026-04-15", False),
        ("2026-05-15", "mgr", "hold_formal_review", "schedule", "2026-05-15", False),
        ("2026-06-30", "mgr", "follow_up_action", "condition", "a1", False),
        ("2027-06-29", "mgr", "leave_phase", "deadline", "improvement", False),
        ("2027-06-29", "mgr", "record_plan_outcome", "condition", "fp1", False),
    ]
    reviewed = b.formal_plan_started().record_formal_review(
        b.formal_review(dt.date(2026, 4, 2)), by=MANAGER, at=b.on(4, 2)
    )
    codes = [(i.subject, i.overdue) for i in due_items_of(reviewed, as_of=b.on(4, 2))]
    assert ("2026-03-15", True) in codes  # one review held late counts for 15 March only later
    assert ("2026-04-15", False) in codes


def test_closed_and_cancelled_cycles_owe_nothing() -> None:
    assert due_items_of(b.closed(), as_of=b.on(12, 1)) == ()
    cancelled = b.started().cancel(reason="Left the company", by=HR, at=b.when(3))
    assert due_items_of(cancelled, as_of=b.when(4)) == ()
    assert due_items([b.closed()], as_of=b.on(12, 1)) == ()


def test_agreements_and_deadlines_set_the_phase_deadline_as_for_the_audit() -> None:
    items = due_items_of(
        b.started(), as_of=b.when(10), deadlines=PhaseDeadlines(goal_setting_days=10)
    )
    assert {i.due for i in items} == {dt.date(2026, 1, 11)}
    context = AuditContext(as_of=b.when(10), deadlines=PhaseDeadlines(goal_setting_days=10))
    assert context.deadline(b.started(), pc.Phase.GOAL_SETTING) == dt.date(2026, 1, 11)


def test_an_item_is_a_flat_row_and_sorts_by_due_date_cycle_and_code() -> None:
    items = due_items_of(b.appraisal_entered(), as_of=b.when(40))
    row = items[0].as_record()
    assert row == {
        "cycle_id": "c1",
        "employee_id": "emp",
        "code": "acknowledge",
        "text": "Acknowledge or dispute the appraisal",
        "owner_id": "emp",
        "owner_role": "employee",
        "due": "2027-03-01",
        "overdue": False,
        "source": "condition",
        "condition": "acknowledgement",
        "subject": None,
        "phase": "appraisal",
    }
    assert [i.code for i in items] == sorted(i.code for i in items)


def test_a_reminder_names_no_title_rating_or_comment() -> None:
    secret = b.learning_goal(title="Project Nightingale")
    cycle = b.started().propose_goal(secret, by=MANAGER, at=b.when(1))
    rows = [item.as_record() for item in due_items_of(cycle, as_of=b.when(2))]
    assert rows
    assert not any("Nightingale" in str(value) for row in rows for value in row.values())
    counts = collections.Counter(row["code"] for row in rows)
    assert counts == {"agree_goals": 1, "leave_phase": 1}
    rated = b.appraised_with_profile()  # ratings with bases, a discussion, a competency unrated
    shown = [str(v) for i in due_items_of(rated, as_of=b.when(46)) for v in i.as_record().values()]
    assert "talk" in shown  # the unrated competency, by id
    hidden = ["basis for", "Contracts", "Talked it through", "Presenting", "Grow revenue", "2.0"]
    assert not [text for text in hidden for value in shown if text in value]


# --- bad input --------------------------------------------------------------------------

NAIVE = dt.datetime(2026, 3, 1, 9)  # noqa: DTZ001 - the point of the test


loose_due_items: Any = due_items
loose_due_items_of: Any = due_items_of
"""The functions as an app without type checking calls them."""


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: loose_due_items([b.started()], as_of=NAIVE), "as_of"),
        (lambda: loose_due_items([b.started()], as_of=dt.date(2026, 3, 1)), "as_of"),
        (lambda: loose_due_items([b.started(), "c2"], as_of=b.when(9)), "cycles[1]"),
        (lambda: loose_due_items([b.started(), b.started()], as_of=b.when(9)), "cycles[1]"),
        (lambda: loose_due_items("c1", as_of=b.when(9)), "cycles"),
        (lambda: loose_due_items([b.started()], as_of=b.when(9), deadlines=45), "deadlines"),
        (lambda: loose_due_items([b.started()], as_of=b.when(9), agreements=[1]), "agreements"),
        (lambda: loose_due_items_of("c1", as_of=b.when(9)), "cycle"),
        (lambda: loose_due_items_of(b.started(), as_of=NAIVE), "as_of"),
        (lambda: loose_due_items_of(b.started(), as_of="2026-03-01"), "as_of"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(call: object, path: str) -> None:
    with pytest.raises(pc.ValidationError) as info:
        call()  # type: ignore[operator]
    assert info.value.paths[0].startswith(path)


def test_a_due_item_refuses_bad_fields_by_name() -> None:
    with pytest.raises(pc.ValidationError) as info:
        DueItem(
            cycle_id="c1",
            employee_id="e1",
            code="Not An Identifier",
            text="Agree",
            owner_id="e1",
            owner_role="employee",  # type: ignore[arg-type]
            due=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            overdue="no",  # type: ignore[arg-type]
            source=DueSource.CONDITION,
            phase=pc.Phase.GOAL_SETTING,
        )
    assert set(info.value.paths) == {
        "DueItem.code",
        "DueItem.owner_role",
        "DueItem.due",
        "DueItem.overdue",
    }


def test_the_front_door_offers_due_items() -> None:
    assert pc.due_items is due_items
    assert pc.due_items_of is due_items_of
    assert pc.DueItem is DueItem
    assert pc.DueSource is DueSource


def test_the_approval_route_is_owed_by_the_step_and_a_return_by_the_manager() -> None:
    skip = pc.Role(name="skip_level_manager")
    route = (
        pc.cycle.ApprovalStep(name="skip_level", role=skip),
        pc.cycle.ApprovalStep(name="hr_sign_off", role=pc.Role.HR),
    )
    policy = pc.Policy(
        permissions={**pc.DEFAULT_PERMISSIONS, "approve_ratings": frozenset({pc.Role.HR, skip})}
    )
    cycle = b.appraisal_entered(pc.CycleSettings(approval_steps=route)).with_policy(policy)
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))

    def routed(at_cycle: pc.Cycle) -> list[tuple[str, str | None, str, str | None]]:
        return [
            (item.code, item.owner_id, item.owner_role.name, item.subject)
            for item in due_items_of(at_cycle, as_of=b.when(45))
            if item.source is DueSource.ROUTE
        ]

    assert routed(cycle) == [("approve_ratings", None, "skip_level_manager", "skip_level")]
    director = pc.Actor(person_id="dir-1", role=skip)
    cycle = cycle.approve_ratings("skip_level", by=director, at=b.when(42))
    assert routed(cycle) == [("approve_ratings", None, "hr", "hr_sign_off")]
    returned = cycle.return_ratings("hr_sign_off", reason="No evidence", by=HR, at=b.when(43))
    assert routed(returned) == [("revise_ratings", "mgr", "manager", "hr_sign_off")]
    released = cycle.approve_ratings("hr_sign_off", by=HR, at=b.when(43)).release_ratings(
        by=MANAGER, at=b.when(43)
    )
    assert routed(released) == []
