"""The appraisal layer's registry: the scoring built-ins plus the competency fit strategies."""

from __future__ import annotations

import pytest

import perfcore as pc
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


def test_problems_moved_under_a_config_path_keep_their_kind_and_code() -> None:
    with pytest.raises(pc.MalformedInput) as built:
        DEFAULT_REGISTRY.build({"strategy": "baseline_progress", "params": {"cap": "x"}})
    assert [(p.path, p.code) for p in built.value.problems] == [("$.params.cap", "not_a_number")]
    with pytest.raises(pc.MalformedInput) as loaded:
        ScoringConfig.from_data({"include_development": "yes"}, DEFAULT_REGISTRY)
    assert [(p.path, p.code) for p in loaded.value.problems] == [
        ("$.include_development", "not_a_boolean")
    ]
