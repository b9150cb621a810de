"""Compensation linkage: pay position, merit matrices, budgets, bonuses and the merit cycle.

perfcore owns the part of a merit and bonus cycle that is arithmetic and
policy: given appraisal results, pay data and rules, what each person gets,
why, and whether it fits the budget. Money is :class:`Money` (a
``decimal.Decimal`` and an ISO 4217 code) rounded by a stated
:class:`Rounding`; every result carries its explanation.
"""

from perfcore.compensation.matrix import (
    DEFAULT_REGISTRY,
    FlatByBand,
    FormulaIncrease,
    Guideline,
    IncreaseStrategy,
    MeritMatrix,
    PositionBand,
    PositionBasis,
    Recommendation,
)
from perfcore.compensation.money import (
    CURRENCIES,
    LARGEST_AMOUNT,
    Money,
    Rounding,
    RoundingMode,
    common_currency,
    to_decimal,
)
from perfcore.compensation.ranges import PayPosition, SalaryRange, pay_position, range_table

__all__ = [
    "CURRENCIES",
    "DEFAULT_REGISTRY",
    "LARGEST_AMOUNT",
    "FlatByBand",
    "FormulaIncrease",
    "Guideline",
    "IncreaseStrategy",
    "MeritMatrix",
    "Money",
    "PayPosition",
    "PositionBand",
    "PositionBasis",
    "Recommendation",
    "Rounding",
    "RoundingMode",
    "SalaryRange",
    "common_currency",
    "pay_position",
    "range_table",
    "to_decimal",
]
