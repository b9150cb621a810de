"""The appraisal layer's registry: the scoring built-ins plus the competency fit strategies."""

from __future__ import annotations

from perfcore import competency, scoring
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import FIT_STRATEGIES


def test_the_appraisal_registry_is_scoring_plus_the_fit_strategies() -> None:
    fits = {cls.NAME for cls in FIT_STRATEGIES}
    assert set(DEFAULT_REGISTRY.names()) == set(scoring.DEFAULT_REGISTRY.names()) | fits
    assert not fits & set(scoring.DEFAULT_REGISTRY.names())
    assert fits <= set(competency.DEFAULT_REGISTRY.names())
    assert DEFAULT_REGISTRY.group == scoring.ENTRY_POINT_GROUP


def test_the_default_config_goes_through_the_appraisal_registry() -> None:
    data = ScoringConfig().to_data(DEFAULT_REGISTRY)
    assert ScoringConfig.from_data(data, DEFAULT_REGISTRY) == ScoringConfig()
