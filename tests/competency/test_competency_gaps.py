"""Competency gaps and the weighted gap fit: worked examples, validation, properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from competency_strategies import (
    BASIS,
    assessments,
    profiles,
    profiles_and_assessments,
    raises,
)
from expect import check_value_object, rejects, rejects_all
from perfcore.competency import (
    AssessorRole,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)
from perfcore.competency.gaps import (
    FIT_STRATEGIES,
    CompetencyGap,
    FitResult,
    FitStrategy,
    WeightedGapFit,
    competency_gaps,
)
from perfcore.scoring import Registry


def skill(competency_id: str) -> Competency:
    return Competency(
        id=competency_id, name=competency_id.title(), category=CompetencyCategory.SKILL
    )


def make_profile(
    *requirements: Requirement, scale: ProficiencyScale = ProficiencyScale.DREYFUS
) -> CompetencyProfile:
    return CompetencyProfile(
        id="ae",
        name="Account executive",
        competencies=tuple(skill(r.competency_id) for r in requirements),
        requirements=requirements,
        scale=scale,
    )


def assess(
    scale: ProficiencyScale = ProficiencyScale.DREYFUS, /, **levels: float
) -> CompetencyAssessment:
    return CompetencyAssessment(
        person_id="e1",
        assessor_id="m1",
        role=AssessorRole.MANAGER,
        ratings=tuple(
            CompetencyRating(competency_id=key, level=level, basis=BASIS)
            for key, level in levels.items()
        ),
        scale=scale,
    )


TWO = make_profile(
    Requirement(competency_id="talk", level=4, weight=2),
    Requirement(competency_id="law", level=3, weight=1),
)


def registry() -> Registry:
    return Registry.empty().register(WeightedGapFit.NAME, WeightedGapFit.from_params)


# --- gaps: worked examples --------------------------------------------------------------


def test_gap_is_required_minus_assessed() -> None:
    profile = make_profile(Requirement(competency_id="talk", level=4))
    (gap,) = competency_gaps(profile, assess(talk=2))
    assert gap == CompetencyGap(
        competency_id="talk",
        required=4,
        assessed=2,
        gap=2.0,
        surplus=0.0,
        weight=1,
        critical=False,
        met=False,
    )
    check_value_object(gap)


def test_surplus_is_assessed_minus_required() -> None:
    (gap,) = competency_gaps(
        make_profile(Requirement(competency_id="talk", level=3)), assess(talk=5)
    )
    assert (gap.gap, gap.surplus, gap.met) == (0.0, 2.0, True)
    (exact,) = competency_gaps(
        make_profile(Requirement(competency_id="talk", level=3)), assess(talk=3)
    )
    assert (exact.gap, exact.surplus, exact.met) == (0.0, 0.0, True)


def test_gaps_follow_the_profiles_order_and_copy_weight_and_critical() -> None:
    profile = make_profile(
        Requirement(competency_id="law", level=3, weight=0.5),
        Requirement(competency_id="talk", level=4, weight=2, critical=True),
    )
    gaps = competency_gaps(profile, assess(talk=4.5, law=1.5))
    assert [(g.competency_id, g.gap, g.surplus) for g in gaps] == [
        ("law", 1.5, 0.0),
        ("talk", 0.0, 0.5),
    ]
    assert [(g.weight, g.critical) for g in gaps] == [(0.5, False), (2, True)]


def test_unrated_counts_at_the_scale_minimum() -> None:
    profile = make_profile(
        Requirement(competency_id="talk", level=4),
        Requirement(competency_id="law", level=1),
    )
    talk, law = competency_gaps(profile, assess())
    assert (talk.assessed, talk.gap, talk.met) == (None, 3.0, False)
    assert (law.assessed, law.gap, law.met) == (None, 0.0, True)


def test_ratings_the_profile_does_not_list_are_ignored() -> None:
    with_extra = competency_gaps(TWO, assess(talk=2, law=3, golf=5))
    assert with_extra == competency_gaps(TWO, assess(talk=2, law=3))
    assert [g.competency_id for g in with_extra] == ["talk", "law"]


def test_gaps_on_another_scale_are_refused() -> None:
    other = ProficiencyScale(
        levels=tuple(ProficiencyLevel(value=i, label=f"L{i}") for i in range(1, 6))
    )
    rejects(
        lambda: competency_gaps(TWO, assess(other, talk=2)),
        "assessment.scale",
        r"must be the profile 'ae''s scale \(1-5, 5 levels\)",
    )
    rejects(
        lambda: WeightedGapFit().fit(TWO, assess(other, talk=2)), "assessment.scale", "different"
    )


def test_gaps_refuse_arguments_of_the_wrong_type() -> None:
    rejects_all(lambda: competency_gaps("ae", {"talk": 2}), "profile", "assessment")  # type: ignore[arg-type]
    rejects(
        lambda: WeightedGapFit().fit(TWO, None),  # type: ignore[arg-type]
        "assessment",
        "must be a CompetencyAssessment, got NoneType",
    )


def test_negative_weights_are_refused_by_the_requirement() -> None:
    rejects(
        lambda: Requirement(competency_id="talk", level=3, weight=-1),
        "Requirement.weight",
        "must be at least 0",
    )


def test_gap_records_are_validated() -> None:
    fields: dict[str, Any] = {
        "competency_id": "talk",
        "required": 4,
        "assessed": 2,
        "gap": 2,
        "surplus": 0,
        "weight": 1,
        "critical": False,
        "met": False,
    }
    rejects(lambda: CompetencyGap(**{**fields, "met": True}), "CompetencyGap.met", "must be False")
    rejects(
        lambda: CompetencyGap(**{**fields, "surplus": 1}),
        "CompetencyGap.surplus",
        "must be 0 when there is a gap",
    )
    rejects(lambda: CompetencyGap(**{**fields, "gap": -1, "met": False}), "CompetencyGap.gap", "0")
    rejects_all(
        lambda: CompetencyGap(**{**fields, "assessed": "2", "weight": -1}),
        "CompetencyGap.assessed",
        "CompetencyGap.weight",
    )


# --- weighted gap fit: worked examples --------------------------------------------------


def test_weighted_gap_index_worked_example() -> None:
    # gaps 2 and 0, weights 2 and 1, room above the minimum 3 and 2:
    # (2 × 2 + 1 × 0) / (2 × 3 + 1 × 2) = 4 / 8 = 0.5
    result = WeightedGapFit().fit(TWO, assess(talk=2, law=3))
    assert (result.index, result.fit, result.passed_gate, result.failed_critical) == (
        0.5,
        0.5,
        True,
        (),
    )
    assert result.explanation == (
        "gap index = (2 × 2 + 1 × 0) / (2 × 3 + 1 × 2) = 4 / 8 = 0.5; fit = 1 − 0.5 = 0.5"
    )
    assert result.gaps == competency_gaps(TWO, assess(talk=2, law=3))
    check_value_object(result)


def test_fit_is_one_when_every_level_is_met_and_zero_at_the_minimum() -> None:
    assert WeightedGapFit().fit(TWO, assess(talk=5, law=3)).fit == 1.0
    bottom = WeightedGapFit().fit(TWO, assess())
    assert (bottom.index, bottom.fit) == (1.0, 0.0)
    assert "not rated, counted at the scale minimum 1: 'talk', 'law'" in bottom.explanation


def test_zero_weight_requirements_do_not_count() -> None:
    profile = make_profile(
        Requirement(competency_id="talk", level=4, weight=0),
        Requirement(competency_id="law", level=3, weight=1),
    )
    assert WeightedGapFit().fit(profile, assess(talk=1, law=2)).index == 0.5


def test_index_is_zero_when_every_requirement_is_at_the_minimum() -> None:
    profile = make_profile(
        Requirement(competency_id="talk", level=1, weight=2),
        Requirement(competency_id="law", level=4, weight=0),
    )
    result = WeightedGapFit().fit(profile, assess())
    assert (result.index, result.fit) == (0.0, 1.0)
    assert result.explanation.startswith(
        "every requirement that carries weight is at the scale minimum 1, so there is nothing"
        " to fall short of: gap index = 0; fit = 1 − 0 = 1"
    )


def test_fractional_index_is_exact() -> None:
    profile = make_profile(*(Requirement(competency_id=f"c{i}", level=4) for i in range(3)))
    result = WeightedGapFit().fit(profile, assess(c0=3, c1=4, c2=4))
    assert result.index == 1 / 9
    assert "= 1 / 9 = 0.1111111111" in result.explanation


def test_negative_scale_minimum_is_bracketed() -> None:
    scale = ProficiencyScale(
        levels=(
            ProficiencyLevel(value=-2, label="Harmful"),
            ProficiencyLevel(value=0, label="Neutral"),
            ProficiencyLevel(value=2, label="Helpful"),
        )
    )
    profile = make_profile(Requirement(competency_id="talk", level=2), scale=scale)
    result = WeightedGapFit().fit(profile, assess(scale, talk=0))
    assert result.index == 0.5
    assert result.explanation.startswith("gap index = (1 × 2) / (1 × 4) = 2 / 4 = 0.5")
    unrated = WeightedGapFit().fit(profile, assess(scale))
    assert "counted at the scale minimum -2" in unrated.explanation


def test_long_profiles_show_only_the_sums() -> None:
    profile = make_profile(*(Requirement(competency_id=f"c{i}", level=3) for i in range(21)))
    result = WeightedGapFit().fit(profile, assess(**{f"c{i}": 3 for i in range(20)}))
    assert result.explanation.startswith(
        "gap index = Σ wᵢ gᵢ / Σ wᵢ (Rᵢ − 1) = 2 / 42 = 0.04761904762"
    )


# --- the critical gate -----------------------------------------------------------------


CRITICAL = make_profile(
    Requirement(competency_id="talk", level=4, weight=2, critical=True),
    Requirement(competency_id="law", level=3, weight=1, critical=True),
)


def test_a_critical_competency_below_its_level_fails_the_gate() -> None:
    result = WeightedGapFit().fit(CRITICAL, assess(talk=2, law=3))
    assert (result.index, result.fit, result.passed_gate) == (0.5, 0.0, False)
    assert result.failed_critical == ("talk",)
    assert result.explanation.endswith(
        "critical competency below its level: 'talk' (assessed 2, required 4):"
        " gate failed, fit capped at 0"
    )


def test_unrated_critical_competencies_fail_the_gate() -> None:
    result = WeightedGapFit().fit(CRITICAL, assess(talk=2))
    assert result.failed_critical == ("talk", "law")
    assert "'law' (not rated, counted as 1, required 3)" in result.explanation


def test_gate_fit_none_keeps_the_computed_fit_but_reports_the_gate() -> None:
    result = WeightedGapFit(gate_fit=None).fit(CRITICAL, assess(talk=2, law=3))
    assert (result.fit, result.passed_gate, result.failed_critical) == (0.5, False, ("talk",))
    assert result.explanation.endswith("gate failed, fit kept (gate_fit=None)")


def test_gate_fit_caps_the_fit_and_never_raises_it() -> None:
    capped = WeightedGapFit(gate_fit=0.25).fit(CRITICAL, assess(talk=2, law=3))
    assert (capped.fit, capped.passed_gate) == (0.25, False)
    kept = WeightedGapFit(gate_fit=0.75).fit(CRITICAL, assess(talk=2, law=3))
    assert (kept.fit, kept.passed_gate) == (0.5, False)
    assert kept.explanation.endswith("gate failed; the fit is already at most 0.75")


def test_without_the_gate_critical_flags_are_not_used() -> None:
    result = WeightedGapFit(critical_gate=False).fit(CRITICAL, assess(talk=2, law=3))
    assert (result.fit, result.passed_gate, result.failed_critical) == (0.5, True, ())
    assert result.gaps[0].critical


def test_critical_competencies_that_are_met_pass_the_gate() -> None:
    result = WeightedGapFit().fit(CRITICAL, assess(talk=4, law=3.5))
    assert (result.fit, result.passed_gate, result.failed_critical) == (1.0, True, ())


def test_fit_results_are_validated() -> None:
    fields: dict[str, Any] = {
        "index": 0.5,
        "fit": 0.5,
        "passed_gate": True,
        "failed_critical": (),
        "gaps": (),
        "explanation": "fit",
    }
    rejects(
        lambda: FitResult(**{**fields, "passed_gate": False}),
        "FitResult.failed_critical",
        "exactly when the gate is not passed",
    )
    rejects(
        lambda: FitResult(**{**fields, "failed_critical": ("talk",)}),
        "FitResult.failed_critical",
        "exactly when",
    )
    rejects_all(
        lambda: FitResult(**{**fields, "index": 1.5, "fit": -0.1, "gaps": ("talk",)}),
        "FitResult.index",
        "FitResult.fit",
        "FitResult.gaps[0]",
    )


# --- params and the registry ------------------------------------------------------------


def test_weighted_gap_fit_is_a_fit_strategy() -> None:
    assert list(FIT_STRATEGIES) == [WeightedGapFit]
    strategy = WeightedGapFit()
    assert isinstance(strategy, FitStrategy)
    assert strategy.name == "weighted_gap_fit"
    assert strategy.params() == {"critical_gate": True, "gate_fit": 0.0}
    check_value_object(strategy)


def test_registry_builds_and_describes_the_strategy() -> None:
    built = registry().build({"strategy": "weighted_gap_fit", "params": {"gate_fit": None}})
    assert built == WeightedGapFit(gate_fit=None)
    assert registry().config_of(built) == {
        "strategy": "weighted_gap_fit",
        "params": {"critical_gate": True, "gate_fit": None},
    }
    assert registry().build({"strategy": "weighted_gap_fit"}) == WeightedGapFit()


def test_registry_reports_bad_configs_at_their_paths() -> None:
    rejects(
        lambda: registry().build({"strategy": "gap_fit", "params": {}}),
        "$.strategy",
        "unknown strategy 'gap_fit'; known: weighted_gap_fit",
    )
    rejects(
        lambda: registry().build({"strategy": "weighted_gap_fit", "params": {"gate_fit": 2}}),
        "$.params.gate_fit",
        "must be at most 1, got 2",
    )
    rejects(
        lambda: registry().build({"strategy": "weighted_gap_fit", "params": {"x": 1}}),
        "$.params.x",
        "is not a parameter of this strategy",
    )
    rejects_all(
        lambda: registry().build(
            {"strategy": "weighted_gap_fit", "params": {"critical_gate": "yes", "gate_fit": "0"}}
        ),
        "$.params.critical_gate",
        "$.params.gate_fit",
    )


def test_params_are_validated_naming_the_field() -> None:
    rejects(lambda: WeightedGapFit(gate_fit=-0.5), "WeightedGapFit.gate_fit", "at least 0")
    rejects(
        lambda: WeightedGapFit(critical_gate=1),  # type: ignore[arg-type]
        "WeightedGapFit.critical_gate",
        "must be true or false",
    )


# --- properties -----------------------------------------------------------------------


fit_strategies = st.builds(
    WeightedGapFit,
    critical_gate=st.booleans(),
    gate_fit=st.none() | st.floats(0, 1),
)


@given(profiles_and_assessments())
def test_total_gap_is_zero_iff_every_level_is_reached(
    case: tuple[CompetencyProfile, CompetencyAssessment],
) -> None:
    profile, assessment = case
    gaps = competency_gaps(profile, assessment)
    minimum = profile.scale.minimum
    reached = all(
        (minimum if (level := assessment.level_of(r.competency_id)) is None else level) >= r.level
        for r in profile.requirements
    )
    assert (sum(g.gap for g in gaps) == 0) == reached
    assert [g.competency_id for g in gaps] == [r.competency_id for r in profile.requirements]
    assert all(g.gap == 0 or g.surplus == 0 for g in gaps)


@given(st.data(), fit_strategies)
def test_fit_never_falls_when_an_assessed_level_rises(data: Any, strategy: WeightedGapFit) -> None:
    profile, assessment = data.draw(profiles_and_assessments())
    better = data.draw(raises(profile, assessment))
    before, after = strategy.fit(profile, assessment), strategy.fit(profile, better)
    assert after.fit >= before.fit
    assert after.index <= before.index
    assert set(after.failed_critical) <= set(before.failed_critical)


@given(profiles_and_assessments(), fit_strategies)
def test_fit_and_index_lie_in_zero_to_one(
    case: tuple[CompetencyProfile, CompetencyAssessment], strategy: WeightedGapFit
) -> None:
    result = strategy.fit(*case)
    assert 0 <= result.index <= 1
    assert 0 <= result.fit <= 1
    if result.passed_gate:
        assert result.fit == pytest.approx(1 - result.index)


@given(profiles_and_assessments(), st.none() | st.floats(0, 1))
def test_a_critical_competency_below_its_level_always_fails_the_gate(
    case: tuple[CompetencyProfile, CompetencyAssessment], gate_fit: float | None
) -> None:
    profile, assessment = case
    result = WeightedGapFit(gate_fit=gate_fit).fit(profile, assessment)
    below = tuple(g.competency_id for g in result.gaps if g.critical and not g.met)
    assert result.failed_critical == below
    assert result.passed_gate == (not below)
    if below and gate_fit is not None:
        assert result.fit <= gate_fit


@given(fit_strategies)
def test_params_round_trip_through_the_registry(strategy: WeightedGapFit) -> None:
    assert WeightedGapFit.from_params(strategy.params()) == strategy
    config = registry().config_of(strategy)
    assert registry().build(config) == strategy


@given(profiles(), st.data())
def test_an_assessment_on_another_scale_is_always_refused(
    profile: CompetencyProfile, data: Any
) -> None:
    other = ProficiencyScale(
        levels=(*profile.scale.levels, ProficiencyLevel(value=999, label="Beyond"))
    )
    assessment = data.draw(assessments(profile))
    moved = CompetencyAssessment(
        person_id="e1", assessor_id="m1", role=AssessorRole.MANAGER, ratings=(), scale=other
    )
    assert competency_gaps(profile, assessment)
    with pytest.raises(pc.ValidationError) as info:
        competency_gaps(profile, moved)
    assert info.value.paths == ("assessment.scale",)
