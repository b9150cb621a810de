"""Bad input to perfcore.compensation's records and functions: a perfcore error naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

import perfcore as pc
from compensation_world import AT, GRADE, HR, MATRIX, PLAN, eur, opened, people, proposed
from perfcore.compensation import (
    BonusPlan,
    FlatByBand,
    Guideline,
    MeritCycle,
    MeritMatrix,
    MeritPolicy,
    Money,
    PositionBand,
    Rounding,
    allocate,
    bonuses,
    budget_pools,
    common_currency,
)

JUNK: Any = 1
"""A value of the wrong type, typed loosely so the refusal can be tested."""
NONE_OF_THEM: Any = []


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (
            lambda: MeritMatrix(ratings=(), positions=MATRIX.positions, cells=()),
            "MeritMatrix.ratings",
        ),
        (
            lambda: MeritMatrix(ratings=(JUNK,), positions=MATRIX.positions, cells=()),
            "MeritMatrix.ratings",
        ),
        (
            lambda: MeritMatrix(ratings=("a", "a"), positions=MATRIX.positions, cells=()),
            "MeritMatrix.ratings",
        ),
        (lambda: MeritMatrix(ratings=("a",), positions=(), cells=()), "MeritMatrix.positions"),
        (lambda: MeritMatrix(ratings=("a",), positions=(JUNK,), cells=()), "MeritMatrix.positions"),
        (
            lambda: MeritMatrix(ratings=("a",), positions=MATRIX.positions, cells=NONE_OF_THEM),
            "MeritMatrix.cells",
        ),
        (
            lambda: MeritMatrix(ratings=("a",), positions=MATRIX.positions, cells=((JUNK,),)),
            "MeritMatrix.cells",
        ),
        (lambda: FlatByBand(increases=[]), "FlatByBand.increases"),
        (
            lambda: FlatByBand(increases={1: Guideline.point(0), "a": Guideline.point(0)}),
            "FlatByBand.increases",
        ),
        (lambda: FlatByBand(increases={"a": 1}), "FlatByBand.increases"),
        (
            lambda: BonusPlan(target_percent="0.1", curve=PLAN.curve, department_multipliers=[]),
            "BonusPlan.department_multipliers",
        ),
        (
            lambda: BonusPlan(
                target_percent="0.1", curve=PLAN.curve, department_multipliers={1: "1", "a": "1"}
            ),
            "BonusPlan.department_multipliers",
        ),
        (
            lambda: BonusPlan(
                target_percent="0.1", curve=PLAN.curve, department_multipliers={" ": "1"}
            ),
            "BonusPlan.department_multipliers",
        ),
        (lambda: Money(amount=10**16, currency="EUR"), "Money.amount"),
        (lambda: common_currency([("a", JUNK)]), "amounts[0]"),
        (lambda: common_currency([JUNK]), "amounts[0]"),
        (lambda: PositionBand(label="x", low="a"), "PositionBand.low"),
    ],
)
def test_bad_records_are_refused_naming_the_field(build: Any, path: str) -> None:
    with pytest.raises(pc.ValidationError) as caught:
        build()
    assert path in caught.value.paths, caught.value.paths


def test_a_stated_rounding_and_no_proration() -> None:
    staff = people()
    pools = budget_pools(staff, percent_of_payroll="0.03", rounding=Rounding(quantum=100))
    assert all(pool.amount.amount % 100 == 0 for pool in pools)
    policy = MeritPolicy(strategy=MATRIX, prorate=False, scale_to_fit=False)
    ed = next(
        a for alloc in allocate(staff, pools, policy) for a in alloc.awards if a.employee_id == "ed"
    )
    assert "prorated" not in ed.explanation
    assert bonuses([], PLAN) == ()


def test_a_first_event_that_does_not_open_a_cycle_is_refused_at_its_path() -> None:
    first = opened().events[0]
    assert isinstance(first, pc.compensation.MeritCycleOpened)
    broken = attrs.evolve(first, budgets=first.budgets[:1])
    with pytest.raises(pc.ValidationError) as caught:
        MeritCycle.replay([broken])
    assert caught.value.paths[0].startswith("events[0].participants[")


def test_approving_with_a_reason_that_is_no_text_is_refused() -> None:
    cycle = proposed()
    with pytest.raises(pc.ValidationError) as caught:
        cycle.approve(by=HR, at=AT, reason=1)  # type: ignore[arg-type]
    assert caught.value.paths == ("reason",)
    fits = MeritCycle.open(
        cycle_id="small",
        participants=cycle.participants[:1],
        budgets=(pc.compensation.TeamBudget(manager_id="m1", amount=eur(10**6)),),
        by=HR,
        at=AT,
    )
    fits = fits.propose(
        "ann", Decimal("0.035"), by=pc.Actor(person_id="m1", role=pc.Role.MANAGER), at=AT
    )
    fits = fits.submit(by=pc.Actor(person_id="m1", role=pc.Role.MANAGER), at=AT)
    with pytest.raises(pc.ValidationError) as caught:
        fits.approve(by=HR, at=AT, reason=1)  # type: ignore[arg-type]
    assert caught.value.paths == ("reason",)
    assert fits.approve(by=HR, at=AT).phase is pc.compensation.MeritPhase.APPROVED
    assert GRADE.key == "L2"
