"""A small compensation world: ranges, a merit matrix, budgets, bonuses and a merit cycle.

Shared by the compensation tests and tests/public_samples.py (which needs an
example of every public record). Every number is small enough to check by hand.
"""

from __future__ import annotations

from decimal import Decimal

from perfcore.compensation import (
    DEFAULT_REGISTRY,
    BonusPlan,
    FlatByBand,
    FormulaIncrease,
    Guideline,
    MeritMatrix,
    MeritPolicy,
    Money,
    PayoutCurve,
    PayRecord,
    Rounding,
    SalaryRange,
    allocate,
    bonuses,
    budget_pools,
    pay_position,
)

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
    ]
