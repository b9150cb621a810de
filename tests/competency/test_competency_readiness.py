"""Readiness for a career step: worked examples, criteria, bands, validation, properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from competency_strategies import (
    BASIS,
    assessments,
    raises,
    readiness_bands,
    steps,
)
from expect import check_value_object, rejects, rejects_all
from perfcore.competency import (
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
from perfcore.scoring import Registry

IDS = ("talk", "law", "lead")


def make_profile(
    levels: tuple[float, ...] = (4, 3, 3), scale: ProficiencyScale = ProficiencyScale.DREYFUS
) -> CompetencyProfile:
    ids = [f"c{i}" for i in range(len(levels))] if len(levels) != 3 else list(IDS)
    return CompetencyProfile(
        id="senior-ae",
        name="Senior account executive",
        competencies=tuple(
            Competency(id=i, name=i.title(), category=CompetencyCategory.SKILL) for i in ids
        ),
        requirements=tuple(
            Requirement(competency_id=i, level=level) for i, level in zip(ids, levels, strict=True)
        ),
        scale=scale,
    )


def make_step(
    criteria: AdvancementCriteria | None = None,
    *,
    position_id: str = "senior-ae",
    profile: CompetencyProfile | None = None,
) -> CareerStep:
    return CareerStep(
        position_id=position_id,
        title=position_id.title(),
        profile=make_profile() if profile is None else profile,
        criteria=AdvancementCriteria() if criteria is None else criteria,
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


STEP = make_step()
STRATEGIES: tuple[type[MetRatio | ProportionalReadiness], ...] = (MetRatio, ProportionalReadiness)


def registry() -> Registry:
    result = Registry.empty()
    for strategy in READINESS_STRATEGIES:
        result = result.register(strategy.NAME, strategy.from_params)
    return result


# --- met ratio --------------------------------------------------------------------------


def test_met_ratio_worked_example() -> None:
    # talk 5 ≥ 4 and lead 3 ≥ 3 are met, law 2 < 3 is not: 2 / 3
    result = MetRatio().readiness(STEP, assess(talk=5, law=2, lead=3))
    assert result.score == 2 / 3
    assert (result.band, result.unmet, result.criteria_met) == ("ready in 1-2 years", (), True)
    assert result.explanation == (
        "met ratio = 2 of 3 competencies met = 0.6666666667;"
        " below level: 'law' (assessed 2, required 3);"
        " band: 0.6 ≤ 0.6666666667 < 0.9: 'ready in 1-2 years'"
    )
    check_value_object(result)


def test_met_ratio_bands() -> None:
    assert MetRatio().readiness(STEP, assess(talk=5, law=3, lead=3)).band == "ready now"
    low = MetRatio().readiness(STEP, assess(talk=4))
    assert (low.score, low.band) == (1 / 3, "not ready")
    assert "not rated, counted at the scale minimum 1: 'law', 'lead'" in low.explanation
    assert "'law' (not rated, counted as 1, required 3)" in low.explanation


def test_met_ratio_ignores_weights() -> None:
    profile = CompetencyProfile(
        id="p",
        name="P",
        competencies=tuple(
            Competency(id=i, name=i, category=CompetencyCategory.SKILL) for i in ("a", "b")
        ),
        requirements=(
            Requirement(competency_id="a", level=3, weight=9),
            Requirement(competency_id="b", level=3, weight=1),
        ),
    )
    assert MetRatio().readiness(make_step(profile=profile), assess(b=3)).score == 0.5


# --- proportional -----------------------------------------------------------------------


def test_proportional_readiness_worked_example() -> None:
    # min(1, 4/3) = 1, min(1, 1/2) = 0.5, min(1, 2/2) = 1: 2.5 / 3
    result = ProportionalReadiness().readiness(STEP, assess(talk=5, law=2, lead=3))
    assert result.score == 2.5 / 3
    assert result.band == "ready in 1-2 years"
    assert result.explanation == (
        "proportional readiness = mean of min(1, (Aᵢ − 1) / (Rᵢ − 1))"
        " = (min(1, 4 / 3) + min(1, 1 / 2) + min(1, 2 / 2)) / 3 = (1 + 0.5 + 1) / 3"
        " = 0.8333333333; band: 0.6 ≤ 0.8333333333 < 0.9: 'ready in 1-2 years'"
    )


def test_proportional_counts_a_requirement_at_the_minimum_as_one() -> None:
    step = make_step(profile=make_profile((1, 3, 5)))
    result = ProportionalReadiness().readiness(step, assess())
    assert result.score == 1 / 3
    assert "required at the scale minimum, counted as 1: 'talk'" in result.explanation


def test_proportional_on_a_scale_with_a_negative_minimum() -> None:
    scale = ProficiencyScale(
        levels=tuple(ProficiencyLevel(value=v, label=f"L{v}") for v in (-2, 0, 2))
    )
    step = make_step(profile=make_profile((2, 0, -2), scale=scale))
    result = ProportionalReadiness().readiness(step, assess(scale, talk=0, law=2))
    # (0 − (-2)) / (2 − (-2)) = 0.5, min(1, 4 / 2) = 1, at the minimum: 1
    assert result.score == 2.5 / 3
    assert "mean of min(1, (Aᵢ − (-2)) / (Rᵢ − (-2)))" in result.explanation


def test_long_profiles_show_only_the_totals() -> None:
    profile = make_profile(tuple(3 for _ in range(21)))
    step = make_step(profile=profile)
    proportional = ProportionalReadiness().readiness(step, assess())
    assert proportional.explanation.startswith(
        "proportional readiness = mean of min(1, (Aᵢ − 1) / (Rᵢ − 1)) over 21 requirements = 0;"
    )
    met = MetRatio().readiness(step, assess())
    assert met.explanation.startswith("met ratio = 0 of 21 competencies met = 0; not rated")


# --- advancement criteria and the band cap ------------------------------------------------


@pytest.mark.parametrize("strategy", [MetRatio(), ProportionalReadiness()])
def test_an_unmet_criterion_caps_the_band_below_the_top(
    strategy: MetRatio | ProportionalReadiness,
) -> None:
    step = make_step(AdvancementCriteria(minimum_rating=3.5))
    everything = assess(talk=5, law=3, lead=3)
    unknown = strategy.readiness(step, everything)
    assert (unknown.score, unknown.band) == (1.0, "ready in 1-2 years")
    assert unknown.unmet == (
        UnmetCriterion(
            code="rating_unknown",
            subject="rating",
            message="the step requires an overall rating of at least 3.5,"
            " but the rating is unknown",
        ),
    )
    assert unknown.explanation.endswith(
        "band: 1 ≥ 0.9 reaches 'ready now', but 1 advancement criterion is unmet,"
        " so the band is capped at 'ready in 1-2 years';"
        " unmet: the step requires an overall rating of at least 3.5, but the rating is unknown"
    )
    assert strategy.readiness(step, everything, rating=3.5).band == "ready now"
    low = strategy.readiness(step, everything, rating=3)
    assert [(u.code, u.message) for u in low.unmet] == [
        ("rating_below_minimum", "the overall rating 3 is below the step's minimum of 3.5")
    ]
    assert low.band == "ready in 1-2 years"


def test_the_cap_leaves_lower_bands_alone() -> None:
    step = make_step(AdvancementCriteria(minimum_rating=3.5))
    result = MetRatio().readiness(step, assess(talk=4))
    assert (result.band, [u.code for u in result.unmet]) == ("not ready", ["rating_unknown"])


def test_required_competencies_must_be_met() -> None:
    step = make_step(AdvancementCriteria(required_competencies=("lead", "law")))
    result = MetRatio().readiness(step, assess(talk=5, law=2))
    assert result.unmet == (
        UnmetCriterion(
            code="competency_below_level",
            subject="lead",
            message="'lead' (not rated, counted as 1, required 3) must be met to advance",
        ),
        UnmetCriterion(
            code="competency_below_level",
            subject="law",
            message="'law' (assessed 2, required 3) must be met to advance",
        ),
    )
    assert MetRatio().readiness(step, assess(talk=1, law=3, lead=4)).unmet == ()


def test_time_in_role() -> None:
    step = make_step(AdvancementCriteria(minimum_months_in_role=12))
    everything = assess(talk=5, law=3, lead=3)
    unknown = MetRatio().readiness(step, everything)
    assert [(u.code, u.subject, u.message) for u in unknown.unmet] == [
        (
            "time_in_role_unknown",
            "months_in_role",
            "the step requires 12 months in role, but the time in role is unknown",
        )
    ]
    short = MetRatio().readiness(step, everything, months_in_role=8)
    assert [(u.code, u.message) for u in short.unmet] == [
        ("time_in_role", "8 months in role, fewer than the 12 the step requires")
    ]
    assert short.band == "ready in 1-2 years"
    assert MetRatio().readiness(step, everything, months_in_role=12).band == "ready now"


def test_every_unmet_criterion_is_listed_in_order() -> None:
    criteria = AdvancementCriteria(
        minimum_rating=4, required_competencies=("talk",), minimum_months_in_role=24
    )
    result = ProportionalReadiness().readiness(
        make_step(criteria), assess(talk=3, law=3, lead=3), rating=3.9, months_in_role=6
    )
    assert [u.code for u in result.unmet] == [
        "competency_below_level",
        "rating_below_minimum",
        "time_in_role",
    ]
    assert "but 3 advancement criteria are unmet" not in result.explanation  # not in top band
    assert result.explanation.count("unmet: ") == 3


def test_the_top_band_cap_counts_the_criteria() -> None:
    criteria = AdvancementCriteria(minimum_rating=4, minimum_months_in_role=24)
    result = MetRatio().readiness(make_step(criteria), assess(talk=5, law=5, lead=5))
    assert "but 2 advancement criteria are unmet" in result.explanation


# --- bands ------------------------------------------------------------------------------


def test_custom_bands() -> None:
    strategy = MetRatio(bands=((0, "later"), (0.5, "soon"), (0.75, "now"), (1, "overdue")))
    assert strategy.readiness(STEP, assess(talk=4)).band == "later"
    assert strategy.readiness(STEP, assess(talk=4, law=3)).band == "soon"
    full = strategy.readiness(STEP, assess(talk=4, law=3, lead=3))
    assert (full.band, full.explanation.endswith("band: 1 ≤ 1: 'overdue'")) == ("overdue", True)


@pytest.mark.parametrize("cls", STRATEGIES)
@pytest.mark.parametrize(
    ("bands", "path", "phrase"),
    [
        (((0, "a"), (0.8, "b"), (0.5, "c")), "bands[2]", "lower bound 0.5 must be above .* 0.8"),
        (((0, "a"), (0.5, "b"), (0.5, "c")), "bands[2]", "must be above the previous"),
        (((0.1, "a"), (0.5, "b")), "bands[0]", "the first band must start at 0, got 0.1"),
        (((0, "a"), (0.5, "a")), "bands", "must not repeat labels, repeated: 'a'"),
        (((0, "a"),), "bands", "must have at least 2 bands"),
        ([(0, "a"), (0.5, "b")], "bands", "must be a tuple of"),
        (((0, "a"), (0.5,)), "bands[1]", "must be a .lower bound, label. pair"),
        (((0, "a"), (1.5, "b")), "bands[1]", "lower bound must be a number from 0 to 1"),
        (((0, "a"), (True, "b")), "bands[1]", "lower bound must be a number"),
        (((0, "a"), (0.5, " ")), "bands[1]", "label must be a non-empty string"),
    ],
)
def test_bands_are_validated(
    cls: type[MetRatio | ProportionalReadiness], bands: Any, path: str, phrase: str
) -> None:
    rejects(lambda: cls(bands=bands), f"{cls.__name__}.{path}", phrase)
    if isinstance(bands, tuple):  # as JSON data, lists are turned into tuples
        data = [list(band) for band in bands]
        rejects(
            lambda: registry().build({"strategy": cls.NAME, "params": {"bands": data}}),
            f"$.params.{path}",
            phrase,
        )


# --- readiness records --------------------------------------------------------------------


def test_records_are_validated() -> None:
    rejects(
        lambda: UnmetCriterion(code="Rating Low", subject="rating", message="low"),
        "UnmetCriterion.code",
        "lowercase identifier",
    )
    rejects_all(
        lambda: Readiness(score=1.5, band="", unmet=("x",), gaps=(), explanation="e"),  # type: ignore[arg-type]
        "Readiness.score",
        "Readiness.band",
        "Readiness.unmet[0]",
    )
    check_value_object(UnmetCriterion(code="rating_unknown", subject="rating", message="m"))


# --- arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", STRATEGIES)
def test_bad_arguments_are_reported_together(cls: type[MetRatio | ProportionalReadiness]) -> None:
    rejects_all(
        lambda: cls().readiness("step", "a", rating=float("nan"), months_in_role=-1),  # type: ignore[arg-type]
        "step",
        "assessment",
        "rating",
        "months_in_role",
    )
    rejects(
        lambda: cls().readiness(STEP, assess(), months_in_role=True),
        "months_in_role",
        "must be a whole number of months, at least 0, got bool True",
    )
    rejects(
        lambda: cls().readiness(STEP, assess(), rating="4"),  # type: ignore[arg-type]
        "rating",
        "must be a finite number, got str '4'",
    )
    rejects(lambda: cls().readiness(STEP, assess(), rating=10**400), "rating", "finite number")


@pytest.mark.parametrize("cls", STRATEGIES)
def test_an_assessment_on_another_scale_is_refused(
    cls: type[MetRatio | ProportionalReadiness],
) -> None:
    other = ProficiencyScale(
        levels=tuple(ProficiencyLevel(value=v, label=f"L{v}") for v in range(5))
    )
    rejects(lambda: cls().readiness(STEP, assess(other, talk=4)), "assessment.scale", "scale")


# --- the next step on a career path --------------------------------------------------------


PATH = CareerPath(
    id="sales",
    name="Sales",
    steps=(
        make_step(position_id="ae", profile=make_profile((3, 2, 2))),
        make_step(AdvancementCriteria(minimum_months_in_role=12), position_id="senior-ae"),
    ),
)


def test_readiness_for_the_next_step() -> None:
    assessment = assess(talk=4, law=3, lead=2)
    result = readiness_for_next_step(PATH, "ae", assessment, MetRatio(), months_in_role=18)
    assert result == MetRatio().readiness(PATH.steps[1], assessment, months_in_role=18)
    assert result is not None
    assert result.score == 2 / 3
    unknown = readiness_for_next_step(PATH, "ae", assessment, ProportionalReadiness())
    assert unknown is not None
    assert [u.code for u in unknown.unmet] == ["time_in_role_unknown"]


def test_no_readiness_at_the_top_of_the_path() -> None:
    assert readiness_for_next_step(PATH, "senior-ae", assess(), MetRatio()) is None


def test_next_step_arguments_are_checked() -> None:
    rejects(
        lambda: readiness_for_next_step(PATH, "vp", assess(), MetRatio()),
        "CareerPath.position_id",
        "'vp' is not on the path 'sales'",
    )
    rejects_all(
        lambda: readiness_for_next_step("sales", "ae", assess(), object()),  # type: ignore[arg-type]
        "path",
        "strategy",
    )


# --- params and the registry --------------------------------------------------------------


def test_strategies_are_readiness_strategies() -> None:
    assert list(READINESS_STRATEGIES) == [MetRatio, ProportionalReadiness]
    for cls, name in zip(STRATEGIES, ("met_ratio", "proportional_readiness"), strict=True):
        strategy = cls()
        assert isinstance(strategy, ReadinessStrategy)
        assert strategy.name == cls.NAME == name
        assert strategy.bands == DEFAULT_READINESS_BANDS
        assert strategy.params() == {
            "bands": [[0.0, "not ready"], [0.6, "ready in 1-2 years"], [0.9, "ready now"]]
        }
        check_value_object(strategy)


def test_registry_reports_bad_configs_at_their_paths() -> None:
    rejects(
        lambda: registry().build({"strategy": "ready_now", "params": {}}),
        "$.strategy",
        "unknown strategy 'ready_now'; known: met_ratio, proportional_readiness",
    )
    rejects(
        lambda: registry().build({"strategy": "met_ratio", "params": {"x": 1}}),
        "$.params.x",
        "is not a parameter",
    )
    rejects(
        lambda: registry().build({"strategy": "met_ratio", "params": {"bands": [[0, "a"]]}}),
        "$.params.bands",
        "must have at least 2 bands",
    )
    rejects(
        lambda: registry().build(
            {"strategy": "proportional_readiness", "params": {"bands": [[0, "a"], [0.2, "a"]]}}
        ),
        "$.params.bands",
        "must not repeat labels",
    )


@given(st.sampled_from(STRATEGIES), readiness_bands())
def test_params_round_trip_through_the_registry(
    cls: type[MetRatio | ProportionalReadiness], bands: tuple[tuple[float, str], ...]
) -> None:
    strategy = cls(bands=bands)
    assert cls.from_params(strategy.params()) == strategy
    assert registry().build(registry().config_of(strategy)) == strategy


# --- properties -----------------------------------------------------------------------------


strategies = st.builds(MetRatio, bands=readiness_bands()) | st.builds(
    ProportionalReadiness, bands=readiness_bands()
)
ratings = st.none() | st.floats(0, 6)
months = st.none() | st.integers(0, 48)


@given(st.data(), strategies, ratings, months)
def test_readiness_lies_in_zero_to_one_and_respects_the_cap(
    data: Any, strategy: MetRatio | ProportionalReadiness, rating: float | None, time: int | None
) -> None:
    step = data.draw(steps())
    result = strategy.readiness(
        step, data.draw(assessments(step.profile)), rating=rating, months_in_role=time
    )
    assert 0 <= result.score <= 1
    labels = [label for _, label in strategy.bands]
    assert result.band in labels
    reached = max(i for i, (bound, _) in enumerate(strategy.bands) if bound <= result.score)
    if result.unmet and reached == len(labels) - 1:
        assert result.band == labels[-2]
    else:
        assert result.band == labels[reached]
    assert result.criteria_met == (not result.unmet)


@given(st.data(), strategies)
def test_readiness_never_falls_when_an_assessed_level_rises(
    data: Any, strategy: MetRatio | ProportionalReadiness
) -> None:
    step = data.draw(steps())
    assessment = data.draw(assessments(step.profile))
    better = data.draw(raises(step.profile, assessment))
    before, after = strategy.readiness(step, assessment), strategy.readiness(step, better)
    assert after.score >= before.score
    assert len(after.unmet) <= len(before.unmet)


@given(st.data())
def test_met_ratio_counts_met_requirements_and_proportional_is_never_below_it(data: Any) -> None:
    step = data.draw(steps())
    assessment = data.draw(assessments(step.profile))
    met = MetRatio().readiness(step, assessment)
    proportional = ProportionalReadiness().readiness(step, assessment)
    assert met.score == sum(g.met for g in met.gaps) / len(met.gaps)
    assert proportional.score >= met.score
    if met.score == 1:  # (the converse holds exactly, before rounding to a float)
        assert proportional.score == 1


@given(st.data())
def test_unmet_required_competencies_are_exactly_those_below_level(data: Any) -> None:
    step = data.draw(steps())
    result = MetRatio().readiness(
        step, data.draw(assessments(step.profile)), rating=5, months_in_role=48
    )
    below = {g.competency_id for g in result.gaps if not g.met}
    expected = [c for c in step.criteria.required_competencies if c in below]
    assert [u.subject for u in result.unmet if u.code == "competency_below_level"] == expected


@given(st.data(), st.sampled_from(STRATEGIES))
def test_another_scale_is_always_refused(
    data: Any, cls: type[MetRatio | ProportionalReadiness]
) -> None:
    step = data.draw(steps())
    other = ProficiencyScale(
        levels=(*step.profile.scale.levels, ProficiencyLevel(value=999, label="Beyond"))
    )
    moved = CompetencyAssessment(
        person_id="e1", assessor_id="m1", role=AssessorRole.MANAGER, ratings=(), scale=other
    )
    with pytest.raises(pc.ValidationError) as info:
        cls().readiness(step, moved)
    assert info.value.paths == ("assessment.scale",)
