"""Tests for perfcore.compensation.merit (the merit cycle) and perfcore.visibility's merit view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from compensation_world import AT, HR, employee, manager, opened, proposed, released
from perfcore.compensation import (
    Guideline,
    IncreaseProposed,
    MeritCycle,
    MeritParticipant,
    MeritPhase,
    TeamBudget,
)
from perfcore.visibility import view_merit_cycle

LATER = AT + dt.timedelta(hours=1)


def test_the_whole_cycle_is_attributable_and_replays() -> None:
    cycle = released()
    assert cycle.phase is MeritPhase.RELEASED
    assert [type(e).__name__ for e in cycle.events[-3:]] == [
        "MeritApproved",
        "MeritLocked",
        "MeritReleased",
    ]
    assert all(e.actor is not None and e.at is not None for e in cycle.events)
    assert cycle.events[-3].reason == "m1 over by the retention case; approved"
    assert MeritCycle.replay(cycle.events) == cycle
    assert MeritCycle.replay(cycle.events, verify=False) == cycle
    assert MeritCycle.replay(cycle.events[:5]).apply(cycle.events[5:]) == cycle
    assert cycle.events_since(cycle.version - 1) == cycle.events[-1:]
    (outside,) = cycle.out_of_guideline()
    assert (outside.employee_id, outside.reason) == ("bo", "Retention: a competing offer")


def test_an_increase_by_hand() -> None:
    # ann: 42,000 × 3.5% = 1,470; m1's budget 4,530 less its proposals' cost
    cycle = proposed()
    proposal = cycle.proposal("ann")
    assert proposal is not None
    assert proposal.increase == pc.compensation.Money(amount="1470.00", currency="EUR")
    assert proposal.within_guideline
    made = [cycle.proposal(p.employee_id) for p in cycle.team("m1")]
    spent = sum((p.increase.amount for p in made if p is not None), Decimal(0))
    assert cycle.spent("m1").amount == spent
    assert cycle.remaining("m1").amount == Decimal(4530) - spent


def _refused(call: Any, kind: type[Exception], path: str | None = None) -> None:
    cycle = opened()
    before = cycle
    with pytest.raises(kind) as caught:
        call(cycle)
    if path is not None:
        assert isinstance(caught.value, pc.ValidationError)
        assert path in caught.value.paths, caught.value.paths
    assert cycle == before


@pytest.mark.parametrize(
    ("call", "kind", "path"),
    [
        (
            lambda c: c.propose("ann", Decimal("0.09"), by=manager("m1"), at=AT),
            pc.ValidationError,
            "reason",
        ),
        (lambda c: c.propose("ann", "x", by=manager("m1"), at=AT), pc.ValidationError, "rate"),
        (
            lambda c: c.propose("ann", Decimal(2), by=manager("m1"), at=AT, reason="r"),
            pc.ValidationError,
            "rate",
        ),
        (
            lambda c: c.propose("zed", Decimal("0.03"), by=manager("m1"), at=AT),
            pc.ValidationError,
            "employee_id",
        ),
        (
            lambda c: c.propose(1, Decimal("0.03"), by=manager("m1"), at=AT),
            pc.ValidationError,
            "employee_id",
        ),
        (
            lambda c: c.propose("ann", Decimal("0.03"), by=manager("m2"), at=AT),
            pc.PermissionDenied,
            None,
        ),
        (
            lambda c: c.propose("ann", Decimal("0.03"), by=employee("ann"), at=AT),
            pc.PermissionDenied,
            None,
        ),
        (lambda c: c.propose("ann", Decimal("0.03"), by=HR, at=AT), pc.ValidationError, "reason"),
        (
            lambda c: c.propose("ann", Decimal("0.035"), by=manager("m1"), at=AT, reason=" "),
            pc.ValidationError,
            "reason",
        ),
        (lambda c: c.propose("ann", Decimal("0.035"), by="m1", at=AT), pc.ValidationError, "by"),
        (
            lambda c: c.propose("ann", Decimal("0.035"), by=manager("m1"), at=AT - dt.timedelta(1)),
            pc.OutOfOrder,
            "at",
        ),
        (
            lambda c: c.propose(
                "ann", Decimal("0.035"), by=manager("m1"), at=AT, expected_version=9
            ),
            pc.VersionConflict,
            None,
        ),
        (lambda c: c.submit(by=manager("m1"), at=AT), pc.ValidationError, "manager_id"),
        (lambda c: c.submit(by=manager("m9"), at=AT), pc.PermissionDenied, None),
        (lambda c: c.submit(by=HR, at=AT), pc.PermissionDenied, None),
        (lambda c: c.return_team("m1", reason="x", by=HR, at=AT), pc.ValidationError, "manager_id"),
        (
            lambda c: c.return_team("m1", reason="x", by=manager("m1"), at=AT),
            pc.PermissionDenied,
            None,
        ),
        (lambda c: c.approve(by=HR, at=AT), pc.TransitionError, None),
        (lambda c: c.approve(by=manager("m1"), at=AT), pc.PermissionDenied, None),
        (lambda c: c.lock(by=HR, at=AT), pc.TransitionError, None),
        (lambda c: c.release(by=HR, at=AT), pc.TransitionError, None),
        (lambda c: c.remaining("m9"), pc.ValidationError, "manager_id"),
    ],
)
def test_bad_commands_are_refused_naming_the_field_and_change_nothing(
    call: Any, kind: type[Exception], path: str | None
) -> None:
    _refused(call, kind, path)


def test_review_return_adjust_and_the_phase_order() -> None:
    cycle = proposed()
    with pytest.raises(pc.TransitionError):
        cycle.propose("ann", Decimal("0.03"), by=manager("m1"), at=AT)
    with pytest.raises(pc.TransitionError):
        cycle.submit(by=manager("m1"), at=AT)
    with pytest.raises(pc.ValidationError) as caught:
        cycle.approve(by=HR, at=AT)
    assert caught.value.paths == ("reason",)
    with pytest.raises(pc.ValidationError) as caught:
        cycle.return_team("m1", reason=" ", by=HR, at=AT)
    assert caught.value.paths == ("reason",)
    back = cycle.return_team("m1", reason="Recheck bo", by=HR, at=LATER)
    assert back.submitted == ("m2",)
    back = back.propose("bo", Decimal("0.05"), by=manager("m1"), at=LATER)
    back = back.propose("cy", Decimal("0.01"), by=HR, at=LATER, reason="Market adjustment")
    assert back.proposal("cy").proposed_by == HR  # type: ignore[union-attr]
    back = back.submit(by=manager("m1"), at=LATER)
    approved = back.approve(by=HR, at=LATER, reason="Over by design")
    with pytest.raises(pc.TransitionError):
        approved.propose("cy", Decimal("0.02"), by=HR, at=LATER, reason="late")
    locked = approved.lock(by=HR, at=LATER)
    with pytest.raises(pc.ValidationError):
        locked.release(by=HR, at=LATER, reason=" ")
    with pytest.raises(pc.PermissionDenied):
        locked.release(by=manager("m1"), at=LATER)
    assert MeritCycle.replay(locked.events) == locked


def test_opening_is_for_hr_with_one_currency_and_a_budget_per_manager() -> None:
    base = opened()
    first = base.events[0]
    with pytest.raises(pc.PermissionDenied):
        MeritCycle.open(
            cycle_id="x",
            participants=base.participants,
            budgets=base.budgets,
            by=manager("m1"),
            at=AT,
        )
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.open(
            cycle_id="x", participants=base.participants, budgets=base.budgets[:1], by=HR, at=AT
        )
    assert caught.value.paths[0].endswith(".manager_id")
    dollars = TeamBudget(manager_id="m2", amount=pc.compensation.Money(amount=1, currency="USD"))
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.open(
            cycle_id="x",
            participants=base.participants,
            budgets=(base.budgets[0], dollars),
            by=HR,
            at=AT,
        )
    assert caught.value.paths == ("budgets[1].amount.currency",)
    selfish = MeritParticipant(
        employee_id="m1",
        manager_id="m1",
        salary=base.participants[0].salary,
        guideline=Guideline.point("0.03"),
    )
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.open(cycle_id="x", participants=(selfish,), budgets=base.budgets, by=HR, at=AT)
    assert caught.value.paths == ("participants[0].manager_id",)
    forged = attrs.evolve(first, actor=manager("m1"))
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.replay([forged])
    assert caught.value.paths == ("events[0].actor",)


def test_a_forged_history_is_refused_at_the_event() -> None:
    cycle = proposed()
    events = list(cycle.events)
    index = next(
        i for i, e in enumerate(events) if isinstance(e, IncreaseProposed) and e.employee_id == "bo"
    )
    events[index] = attrs.evolve(events[index], reason=None)
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.replay(events)
    assert caught.value.paths == (f"events[{index}].reason",)
    events = list(cycle.events)
    events[index] = attrs.evolve(events[index], actor=manager("m2"))
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.replay(events)
    assert caught.value.paths == (f"events[{index}]",)
    with pytest.raises(pc.ValidationError):
        MeritCycle.replay([*cycle.events, cycle.events[0]])


@given(rate=st.decimals("0", "0.2", places=3))
def test_a_proposal_within_its_guideline_needs_no_reason(rate: Decimal) -> None:
    cycle = opened()
    someone = cycle.participant("di")
    assert someone is not None
    if someone.guideline.contains(rate):
        assert cycle.propose("di", rate, by=manager("m2"), at=AT).proposal("di") is not None
    else:
        with pytest.raises(pc.ValidationError):
            cycle.propose("di", rate, by=manager("m2"), at=AT)


# --- who sees what ----------------------------------------------------------------------


def test_hr_sees_everything() -> None:
    view = view_merit_cycle(released(), HR)
    assert len(view.outcomes) == 6
    assert view.budget is not None
    assert any(o.reason for o in view.outcomes)


def test_a_manager_sees_only_their_team_and_budget() -> None:
    cycle = released()
    view = view_merit_cycle(cycle, manager("m1"))
    assert {o.employee_id for o in view.outcomes} == {"ann", "bo", "cy"}
    assert view.budget == cycle.budget("m1")
    assert view.spent == cycle.spent("m1")
    # nothing of m2's team: no cycle-wide total to subtract from, no version, no other budget
    names = {f.name for f in attrs.fields(type(view))}
    assert "version" not in names
    assert "events" not in names
    text = repr(view)
    for other in ("'di'", "'ed'", "'fay'", repr(cycle.budget("m2").amount)):  # type: ignore[union-attr]
        assert other not in text
    with pytest.raises(pc.PermissionDenied):
        view_merit_cycle(cycle, manager("m9"))


def test_an_employee_sees_only_their_own_outcome_after_release() -> None:
    assert view_merit_cycle(proposed(), employee("ann")).outcomes == ()
    view = view_merit_cycle(released(), employee("ann"))
    (mine,) = view.outcomes
    assert mine.employee_id == "ann"
    assert mine.new_salary == pc.compensation.Money(amount="43470.00", currency="EUR")
    assert (mine.guideline, mine.reason, view.budget, view.spent) == (None, None, None, None)
    bo = view_merit_cycle(released(), employee("bo")).outcomes[0]
    assert bo.reason is None
    with pytest.raises(pc.PermissionDenied):
        view_merit_cycle(released(), employee("zed"))
    with pytest.raises(pc.PermissionDenied):
        view_merit_cycle(released(), pc.Actor(person_id="r1", role=pc.Role.REVIEWER))
    with pytest.raises(pc.ValidationError):
        view_merit_cycle(released(), "ann")  # type: ignore[arg-type]
