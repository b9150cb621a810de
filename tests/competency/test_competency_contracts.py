"""The built-in fit strategy honours the shipped contract."""

from __future__ import annotations

from hypothesis import strategies as st

from competency_strategies import profiles_and_assessments
from perfcore.competency import (
    DEFAULT_REGISTRY,
    CompetencyAssessment,
    CompetencyProfile,
    FitStrategy,
    WeightedGapFit,
)
from perfcore.scoring import Registry
from perfcore.testing.contracts import FitStrategyContract


class TestWeightedGapFit(FitStrategyContract):
    def make_strategy(self) -> FitStrategy:
        return WeightedGapFit()

    def cases(self) -> st.SearchStrategy[tuple[CompetencyProfile, CompetencyAssessment]]:
        return profiles_and_assessments()

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestWeightedGapFitWithoutGate(FitStrategyContract):
    def make_strategy(self) -> FitStrategy:
        return WeightedGapFit(critical_gate=False)

    def cases(self) -> st.SearchStrategy[tuple[CompetencyProfile, CompetencyAssessment]]:
        return profiles_and_assessments()
