"""Pluggable, explainable scoring.

- Goal scorers turn one goal's result into an attainment: :class:`ThresholdTargetStretch`,
  :class:`BaselineProgress`, :class:`OkrGrade`, :class:`MilestoneCompletion`,
  :class:`YesNo`, :class:`ScaleRating` (contract: :class:`GoalScorer`).
- Combiners weigh parts together: :class:`WeightedMean`, :class:`Composite`
  (contract: :class:`Combiner`); :func:`roll_up` rolls goal trees up;
  :class:`RatingBands` labels a score.
- :class:`Registry` builds any of them from ``{"strategy": ..., "params": ...}``;
  ``DEFAULT_REGISTRY`` knows the built-ins.

Scoring a whole appraisal (the config, the composite with self-assessment,
competency fit and feedback, the explained score) is :mod:`perfcore.appraisal`,
one layer up.

>>> from perfcore.scoring import DEFAULT_REGISTRY
>>> len(DEFAULT_REGISTRY.names()), "threshold_target_stretch" in DEFAULT_REGISTRY.names()
(9, True)
"""

from typing import Any

from perfcore.scoring.combiners import (
    Band,
    BandChoice,
    Composite,
    MissingRule,
    RatingBands,
    RollUp,
    WeightedMean,
    roll_up,
)
from perfcore.scoring.goal_scorers import (
    DEFAULT_OKR_BANDS,
    GOAL_SCORERS,
    BaselineProgress,
    MilestoneCompletion,
    OkrGrade,
    ScaleRating,
    ThresholdTargetStretch,
    YesNo,
)
from perfcore.scoring.protocols import Combiner, GoalScorer
from perfcore.scoring.results import Bounds, Combination, Contribution, GoalScore, Part, present
from perfcore.strategies import Factory, Registry, StrategyConfig

ENTRY_POINT_GROUP = "perfcore.scoring"
"""The entry-point group through which packages add scoring strategies."""


def _builtin_registry() -> Registry:
    registry = Registry.empty(ENTRY_POINT_GROUP)
    strategies: tuple[Any, ...] = (
        *GOAL_SCORERS,
        WeightedMean,
        Composite,
        RatingBands,
    )
    for strategy in strategies:
        registry = registry.register(strategy.NAME, strategy.from_params)
    return registry


DEFAULT_REGISTRY = _builtin_registry()
"""Every built-in strategy by name. Extend with ``register`` or ``with_entry_points``."""

__all__ = [
    "DEFAULT_OKR_BANDS",
    "DEFAULT_REGISTRY",
    "ENTRY_POINT_GROUP",
    "GOAL_SCORERS",
    "Band",
    "BandChoice",
    "BaselineProgress",
    "Bounds",
    "Combination",
    "Combiner",
    "Composite",
    "Contribution",
    "Factory",
    "GoalScore",
    "GoalScorer",
    "MilestoneCompletion",
    "MissingRule",
    "OkrGrade",
    "Part",
    "RatingBands",
    "Registry",
    "RollUp",
    "ScaleRating",
    "StrategyConfig",
    "ThresholdTargetStretch",
    "WeightedMean",
    "YesNo",
    "present",
    "roll_up",
]
