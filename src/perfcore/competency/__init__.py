"""Competency analysis: the model, and pluggable strategies over it.

- The model: :class:`Competency`, :class:`ProficiencyScale` (``DREYFUS``),
  :class:`CompetencyProfile`, :class:`CareerPath`, :class:`CompetencyAssessment`.
- Gaps and fit: :func:`competency_gaps`, :class:`WeightedGapFit` (contract :class:`FitStrategy`).
- Readiness for a target position: :class:`MetRatio`, :class:`ProportionalReadiness`
  (contract :class:`ReadinessStrategy`), :func:`readiness_for_next_step`.
- Teams: :func:`coverage`; assessors: :func:`assessor_agreement`.
- Development: :class:`InterventionMap`, :func:`recommend`, :func:`draft_development_goals`.
- ``DEFAULT_REGISTRY`` builds the strategies from ``{"strategy": ..., "params": ...}``,
  with the same :class:`perfcore.scoring.Registry` mechanism scoring uses.

>>> from perfcore.competency import DEFAULT_REGISTRY
>>> DEFAULT_REGISTRY.names()
('intervention_map', 'met_ratio', 'proportional_readiness', 'weighted_gap_fit')
"""

from typing import Any

from perfcore.competency.agreement import (
    Agreement,
    AssessorLevel,
    CompetencyAgreement,
    assessor_agreement,
)
from perfcore.competency.coverage import THIN_BELOW, Coverage, CoverageEntry, CoverageRow, coverage
from perfcore.competency.development import (
    DEFAULT_INTERVENTION_MAP,
    DEVELOPMENT_STRATEGIES,
    GapBand,
    InterventionMap,
    Recommendation,
    draft_development_goals,
    recommend,
)
from perfcore.competency.gaps import (
    FIT_STRATEGIES,
    CompetencyGap,
    FitResult,
    FitStrategy,
    WeightedGapFit,
    competency_gaps,
)
from perfcore.competency.model import (
    AdvancementCriteria,
    AssessorRole,
    CareerPath,
    CareerStep,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)
from perfcore.competency.readiness import (
    DEFAULT_READINESS_BANDS,
    READINESS_STRATEGIES,
    MetRatio,
    ProportionalReadiness,
    Readiness,
    ReadinessStrategy,
    UnmetCriterion,
    readiness_for_next_step,
)
from perfcore.strategies import Registry

ENTRY_POINT_GROUP = "perfcore.competency"
"""The entry-point group through which packages add competency strategies."""


def _builtin_registry() -> Registry:
    registry = Registry.empty(ENTRY_POINT_GROUP)
    strategies: tuple[Any, ...] = (*FIT_STRATEGIES, *READINESS_STRATEGIES, *DEVELOPMENT_STRATEGIES)
    for strategy in strategies:
        registry = registry.register(strategy.NAME, strategy.from_params)
    return registry


DEFAULT_REGISTRY = _builtin_registry()
"""The built-in competency strategies by name."""

__all__ = [
    "DEFAULT_INTERVENTION_MAP",
    "DEFAULT_READINESS_BANDS",
    "DEFAULT_REGISTRY",
    "DEVELOPMENT_STRATEGIES",
    "ENTRY_POINT_GROUP",
    "FIT_STRATEGIES",
    "READINESS_STRATEGIES",
    "THIN_BELOW",
    "AdvancementCriteria",
    "Agreement",
    "AssessorLevel",
    "AssessorRole",
    "CareerPath",
    "CareerStep",
    "Competency",
    "CompetencyAgreement",
    "CompetencyAssessment",
    "CompetencyCategory",
    "CompetencyGap",
    "CompetencyProfile",
    "CompetencyRating",
    "Coverage",
    "CoverageEntry",
    "CoverageRow",
    "FitResult",
    "FitStrategy",
    "GapBand",
    "InterventionMap",
    "MetRatio",
    "ProficiencyLevel",
    "ProficiencyScale",
    "ProportionalReadiness",
    "Readiness",
    "ReadinessStrategy",
    "Recommendation",
    "Requirement",
    "UnmetCriterion",
    "WeightedGapFit",
    "assessor_agreement",
    "competency_gaps",
    "coverage",
    "draft_development_goals",
    "readiness_for_next_step",
    "recommend",
]
