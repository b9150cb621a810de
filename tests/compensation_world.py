"""A small compensation world: ranges, a merit matrix, budgets, bonuses and a merit cycle.

Shared by the compensation tests and tests/public_samples.py (which needs an
example of every public record). Every number is small enough to check by hand.
"""

from __future__ import annotations

from decimal import Decimal

from perfcore.compensation import (
    DEFAULT_REGISTRY,
    FlatByBand,
    FormulaIncrease,
    Guideline,
    MeritMatrix,
    Money,
    Rounding,
    SalaryRange,
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
    ]
