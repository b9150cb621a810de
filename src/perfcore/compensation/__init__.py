"""Compensation linkage: pay position, merit matrices, budgets, bonuses and the merit cycle.

perfcore owns the part of a merit and bonus cycle that is arithmetic and
policy: given appraisal results, pay data and rules, what each person gets,
why, and whether it fits the budget. Money is :class:`Money` (a
``decimal.Decimal`` and an ISO 4217 code) rounded by a stated
:class:`Rounding`; every result carries its explanation.
"""

from perfcore.compensation.bonus import BonusAward, BonusPlan, PayoutCurve, bonus, bonuses
from perfcore.compensation.budget import (
    POOL_KEYS,
    Allocation,
    Award,
    BudgetPool,
    MeritPolicy,
    PayRecord,
    Proration,
    allocate,
    budget_pools,
    proration,
)
from perfcore.compensation.equity import (
    EQUITY_KEYS,
    EquityCell,
    EquityFlag,
    EquityReport,
    equity_report,
)
from perfcore.compensation.events import (
    MERIT_EVENT_TYPES,
    IncreaseProposed,
    MeritApproved,
    MeritCycleOpened,
    MeritEvent,
    MeritLocked,
    MeritParticipant,
    MeritReleased,
    TeamBudget,
    TeamReturned,
    TeamSubmitted,
)
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
from perfcore.compensation.merit import MeritCycle, MeritPhase, Proposal
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
    "EQUITY_KEYS",
    "LARGEST_AMOUNT",
    "MERIT_EVENT_TYPES",
    "POOL_KEYS",
    "Allocation",
    "Award",
    "BonusAward",
    "BonusPlan",
    "BudgetPool",
    "EquityCell",
    "EquityFlag",
    "EquityReport",
    "FlatByBand",
    "FormulaIncrease",
    "Guideline",
    "IncreaseProposed",
    "IncreaseStrategy",
    "MeritApproved",
    "MeritCycle",
    "MeritCycleOpened",
    "MeritEvent",
    "MeritLocked",
    "MeritMatrix",
    "MeritParticipant",
    "MeritPhase",
    "MeritPolicy",
    "MeritReleased",
    "Money",
    "PayPosition",
    "PayRecord",
    "PayoutCurve",
    "PositionBand",
    "PositionBasis",
    "Proposal",
    "Proration",
    "Recommendation",
    "Rounding",
    "RoundingMode",
    "SalaryRange",
    "TeamBudget",
    "TeamReturned",
    "TeamSubmitted",
    "allocate",
    "bonus",
    "bonuses",
    "budget_pools",
    "common_currency",
    "equity_report",
    "pay_position",
    "proration",
    "range_table",
    "to_decimal",
]
