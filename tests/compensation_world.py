"""A small compensation world: ranges, a merit matrix, budgets, bonuses and a merit cycle.

Shared by the compensation tests and tests/public_samples.py (which needs an
example of every public record). Every number is small enough to check by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfcore.compensation import (
    DEFAULT_REGISTRY,
    Allocation,
    BonusPlan,
    FlatByBand,
    FormulaIncrease,
    Guideline,
    MeritCycle,
    MeritMatrix,
    MeritParticipant,
    MeritPolicy,
    Money,
    PayoutCurve,
    PayRecord,
    Rounding,
    SalaryRange,
    TeamBudget,
    allocate,
    bonuses,
    budget_pools,
    equity_report,
    pay_position,
)
from perfcore.people import Actor, Role
from perfcore.visibility import view_merit_cycle

GRADE = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)

MATRIX = MeritMatrix.from_params(
    {
        "positions": [
            {"label": "low", "high": "0.9"},
            {"label": "mid", "low": "0.9", "high": "1.1"},
            {"label": "high", "low": "1.1"},
        ],
        "ratings": ["Below", "Meets", "Exceeds"],
        "cells": [
            ["0", "0", "0"],
            [{"low": "0.03", "high": "0.04"}, "0.03", "0.02"],
            ["0.06", "0.05", "0.04"],
        ],
    }
)


def eur(amount: int | str) -> Money:
    """``amount`` euros."""
    return Money(amount=Decimal(amount), currency="EUR")


PLAN = BonusPlan(
    target_percent="0.10",
    curve=PayoutCurve(threshold=2, target=3, stretch=5),
    company_multiplier="0.9",
    department_multipliers={"ops": "1.2"},
    cap="2",
)

TEAMS = {
    "m1": (
        ("ann", 42000, "Meets", 3.2),
        ("bo", 51000, "Exceeds", 4.4),
        ("cy", 58000, "Below", 1.8),
    ),
    "m2": (
        ("di", 45000, "Meets", 3.0),
        ("ed", 49000, "Meets", 3.4),
        ("fay", 61000, "Exceeds", 4.8),
    ),
}


def people() -> list[PayRecord]:
    """Six people under two managers; fay is paid above the range maximum."""
    return [
        PayRecord(
            employee_id=employee,
            manager_id=manager,
            department="ops" if manager == "m1" else "sales",
            salary=eur(salary),
            range=GRADE,
            rating_band=band,
            score=score,
            group="north" if index % 2 else "south",
            eligible_days=273 if employee == "ed" else None,
        )
        for manager, team in TEAMS.items()
        for index, (employee, salary, band, score) in enumerate(team)
    ]


def allocations() -> tuple[object, ...]:
    """The two teams' 3% pools, allocated by the matrix and scaled to fit."""
    staff = people()
    pools = budget_pools(staff, percent_of_payroll=Decimal("0.03"))
    return allocate(staff, pools, MeritPolicy(strategy=MATRIX, lump_sum_over_maximum=True))


def samples() -> list[object]:
    """One of each public compensation record, made the way an app makes them."""
    position = pay_position(eur(45000), GRADE)
    return [
        Rounding(),
        GRADE,
        position,
        MATRIX,
        MATRIX.recommend("Meets", position),
        FlatByBand(increases={"Meets": Guideline.point("0.03")}),
        FormulaIncrease(base="0.03"),
        FormulaIncrease(base="0.03").recommend("Meets", position, score=3),
        DEFAULT_REGISTRY,
        PLAN,
        *allocations(),
        bonuses(people(), PLAN),
        people()[4].proration,
        people()[0],
        MeritPolicy(strategy=MATRIX),
        released(),
        proposed().return_team("m2", reason="Check fay", by=HR, at=AT),
        *(view_merit_cycle(released(), who) for who in (HR, manager("m1"), employee("ann"))),
        equity_report(
            [a for pool in allocations() if isinstance(pool, Allocation) for a in pool.awards],
            by="manager_id",
            threshold="0.001",
        ),
    ]


HR = Actor(person_id="hr1", role=Role.HR)
AT = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)


def manager(person_id: str) -> Actor:
    """``person_id`` acting as a manager."""
    return Actor(person_id=person_id, role=Role.MANAGER)


def employee(person_id: str) -> Actor:
    """``person_id`` acting as an employee."""
    return Actor(person_id=person_id, role=Role.EMPLOYEE)


def opened() -> MeritCycle:
    """The two teams' merit cycle, opened from their allocations: guideline per person, pools."""
    participants: list[MeritParticipant] = []
    budgets: list[TeamBudget] = []
    for allocation in allocations():
        assert isinstance(allocation, Allocation)
        budgets.append(TeamBudget(manager_id=allocation.pool.key, amount=allocation.pool.amount))
        participants.extend(
            MeritParticipant(
                employee_id=award.employee_id,
                manager_id=award.manager_id,
                salary=award.position.salary,
                guideline=award.recommendation.guideline,
            )
            for award in allocation.awards
        )
    return MeritCycle.open(
        cycle_id="merit-2027",
        participants=tuple(participants),
        budgets=tuple(budgets),
        by=HR,
        at=AT,
    )


def proposed(cycle: MeritCycle | None = None) -> MeritCycle:
    """Every proposal at its guideline's target, but bo above it (with a reason); both submitted."""
    cycle = opened() if cycle is None else cycle
    for someone in cycle.participants:
        rate = someone.guideline.target
        reason = None
        if someone.employee_id == "bo":
            rate, reason = Decimal("0.08"), "Retention: a competing offer"
        cycle = cycle.propose(
            someone.employee_id, rate, by=manager(someone.manager_id), at=AT, reason=reason
        )
    for boss in ("m1", "m2"):
        cycle = cycle.submit(by=manager(boss), at=AT)
    return cycle


def released() -> MeritCycle:
    """The cycle approved (m1 is over budget: with a reason), locked and released."""
    cycle = proposed().approve(by=HR, at=AT, reason="m1 over by the retention case; approved")
    return cycle.lock(by=HR, at=AT).release(by=HR, at=AT)
