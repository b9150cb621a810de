"""The appraisal composite: where goal scores, competency fit and feedback results meet.

- :class:`ScoringConfig` says how an appraisal is scored: goal scorers per
  measure type, the goal combiner, an optional composite over components
  (``"goals"``, ``"self"``, ``"competencies"`` and any the app supplies, such
  as ``"feedback"``), the competency fit strategy and rating bands.
- :func:`score_assessment` scores one appraisal into an :class:`AppraisalScore`
  that explains every step and carries its config as data.
- :func:`score_assessments` scores many appraisals of one configuration into an
  :class:`AppraisalScores`: columns of numbers, each row's explained score one
  call away.
- ``DEFAULT_REGISTRY`` knows every strategy a config can name: the scoring
  built-ins (:data:`perfcore.scoring.DEFAULT_REGISTRY`) and the competency fit
  strategies. Its entry-point group is the scoring family's.

This layer sits above :mod:`perfcore.scoring` and :mod:`perfcore.competency`,
which know nothing of each other or of it.

>>> from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
>>> data = ScoringConfig().to_data(DEFAULT_REGISTRY)
>>> data["competency_fit"]["strategy"], data["goal_combiner"]["strategy"]
('weighted_gap_fit', 'weighted_mean')
>>> ScoringConfig.from_data(data, DEFAULT_REGISTRY) == ScoringConfig()
True
"""

from typing import Any

from perfcore import scoring
from perfcore.appraisal.bulk import AppraisalScores, score_assessments
from perfcore.appraisal.config import COMPETENCIES, GOALS, SELF, ScoringConfig
from perfcore.appraisal.score import AppraisalScore, score_assessment
from perfcore.competency.gaps import FIT_STRATEGIES
from perfcore.strategies import Registry


def _builtin_registry() -> Registry:
    registry = scoring.DEFAULT_REGISTRY
    strategies: tuple[Any, ...] = FIT_STRATEGIES
    for strategy in strategies:
        registry = registry.register(strategy.NAME, strategy.from_params)
    return registry


DEFAULT_REGISTRY = _builtin_registry()
"""The scoring built-ins and the competency fit strategies, by name."""

__all__ = [
    "COMPETENCIES",
    "DEFAULT_REGISTRY",
    "GOALS",
    "SELF",
    "AppraisalScore",
    "AppraisalScores",
    "ScoringConfig",
    "score_assessment",
    "score_assessments",
]
