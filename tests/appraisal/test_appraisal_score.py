"""Tests for perfcore.appraisal and the cycle's compute_score / record_score."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

import builders as b
import perfcore as pc
from builders import (
    appraisal_entered,
    cause,
    learning_goal,
    quality_goal,
    sales_goal,
    scored_manager_assessment,
    self_assessment,
    started,
    when,
)
from expect import rejects, rejects_all
from perfcore.appraisal import (
    DEFAULT_REGISTRY,
    GOALS,
    SELF,
    AppraisalScore,
    ScoringConfig,
    score_assessment,
)
from perfcore.cycle import ScoreRecorded
from perfcore.scoring import (
    BaselineProgress,
    Composite,
    GoalScorer,
    MilestoneCompletion,
    MissingRule,
    OkrGrade,
    RatingBands,
    Registry,
    ScaleRating,
    ThresholdTargetStretch,
    WeightedMean,
    YesNo,
    present,
)
from perfcore.serialization import make_converter
from strategies import EMPLOYEE, HR, MANAGER

BANDS = RatingBands.from_edges(
    (0, 0.5, 0.9, 1.1, 1.5), ("Below", "Partly meets", "Meets", "Exceeds")
)
PERCENT = pc.RatingScale(minimum=0, maximum=100)

# Two performance goals weighted 60/40 and a development goal (weight 20, so it shows when
# it is counted). Sales: threshold 900, target 1000, stretch 1200. Defects, lower is
# better: threshold 10, target 5, no stretch. Certification: yes/no.
GOAL_SET = (sales_goal(weight=60), quality_goal(weight=40), learning_goal(weight=20))


def result(goal_id: str, actual: float | None) -> pc.GoalRating:
    return pc.GoalRating(
        goal_id=goal_id,
        achievement=pc.Achievement.MET,
        actual=actual,
        rating=pc.Rating(value=3, basis=pc.Basis(text=f"result of {goal_id}")),
    )


def assessment(
    source: pc.AssessmentSource = pc.AssessmentSource.MANAGER, **actuals: float | None
) -> pc.Assessment:
    return pc.Assessment(
        source=source, goal_ratings=tuple(result(g, a) for g, a in actuals.items())
    )


# 950 sales: 0.5 + (950 − 900)/(1000 − 900) × 0.5 = 0.75
# 6 defects: 0.5 + (6 − 10)/(5 − 10) × 0.5 = 0.9
# the exam was passed: 1
MANAGER_VIEW = assessment(g1=950, g2=6, g3=1)
# 1000 sales: target, 1.0; 5 defects: target, 1.0 (no stretch); certified: 1
SELF_VIEW = assessment(pc.AssessmentSource.SELF, g1=1000, g2=5, g3=1)


def score(config: ScoringConfig | None = None, **kwargs: Any) -> AppraisalScore:
    return score_assessment(
        GOAL_SET, MANAGER_VIEW, config or ScoringConfig(), DEFAULT_REGISTRY, **kwargs
    )


# --- ScoringConfig: defaults and validation ----------------------------------------------


def test_default_config() -> None:
    config = ScoringConfig()
    expected: dict[str, GoalScorer] = {
        "milestones": MilestoneCompletion(),
        "numeric": ThresholdTargetStretch(),
        "scale": ScaleRating(),
        "yes_no": YesNo(),
    }
    assert dict(config.goal_scorers) == expected
    assert list(config.goal_scorers) == ["milestones", "numeric", "scale", "yes_no"]
    assert config.goal_combiner == WeightedMean()
    assert config.include_development is False
    assert config.composite is None
    assert config.bands is None


def test_scorers_are_kept_sorted_and_copied() -> None:
    scorers: dict[str, Any] = {"yes_no": YesNo(), "numeric": BaselineProgress()}
    config = ScoringConfig(goal_scorers=scorers, replace_scorers=True)
    scorers["scale"] = ScaleRating()
    assert list(config.goal_scorers) == ["numeric", "yes_no"]


def test_a_scorer_map_extends_the_default_one() -> None:
    goals = (
        pc.Goal(
            id="sales",
            title="Sales",
            weight=60,
            measure=pc.NumericMeasure(unit="EUR k", threshold=900, target=1000),
        ),
        pc.Goal(
            id="cert", title="Certified", weight=40, measure=pc.YesNoMeasure(question="Certified?")
        ),
    )
    config = ScoringConfig(goal_scorers={"yes_no": YesNo()})
    assert config.goal_scorers["numeric"] == ThresholdTargetStretch()
    result = score_assessment(goals, assessment(sales=1000, cert=1), config, DEFAULT_REGISTRY)
    assert [s.strategy for s in result.goal_scores] == ["threshold_target_stretch", "yes_no"]
    assert result.value == 1.0
    replaced = ScoringConfig(goal_scorers={"yes_no": YesNo()}, replace_scorers=True)
    rejects(
        lambda: score_assessment(goals, assessment(sales=1000, cert=1), replaced, DEFAULT_REGISTRY),
        "goal_ratings[sales].measure",
        "no scorer for 'numeric' measures",
    )


def test_a_replacing_config_round_trips_as_data() -> None:
    extended = ScoringConfig(goal_scorers={"numeric": BaselineProgress()})
    replaced = ScoringConfig(goal_scorers={"numeric": BaselineProgress()}, replace_scorers=True)
    for config in (extended, replaced):
        data = config.to_data(DEFAULT_REGISTRY)
        again = ScoringConfig.from_data(data, DEFAULT_REGISTRY)
        assert again == config
        assert list(again.goal_scorers) == list(config.goal_scorers)
        assert again.to_data(DEFAULT_REGISTRY) == data
    assert (
        ScoringConfig.from_data(
            extended.to_data(DEFAULT_REGISTRY), DEFAULT_REGISTRY
        ).replace_scorers
        is False
    )


def test_replace_scorers_must_be_a_flag() -> None:
    rejects(
        lambda: ScoringConfig(replace_scorers="yes"),  # type: ignore[arg-type]
        "ScoringConfig.replace_scorers",
        "must be",
    )


def test_config_refuses_a_scorer_map_key_that_is_not_a_measure_type() -> None:
    rejects(
        lambda: ScoringConfig(goal_scorers={"okr": OkrGrade()}),
        "ScoringConfig.goal_scorers",
        r"'okr' is not a measure type \(numeric, milestones, yes_no, scale\)",
    )


@pytest.mark.parametrize("scorer", [WeightedMean(), "yes_no", None, 3])
def test_config_refuses_a_scorer_that_is_not_a_goal_scorer(scorer: Any) -> None:
    rejects(
        lambda: ScoringConfig(goal_scorers={"yes_no": scorer}),
        "ScoringConfig.goal_scorers",
        "the scorer for 'yes_no' is not a GoalScorer",
    )


@pytest.mark.parametrize("scorers", [[YesNo()], "yes_no", None])
def test_config_refuses_scorers_that_are_not_a_mapping(scorers: Any) -> None:
    rejects(
        lambda: ScoringConfig(goal_scorers=scorers),
        "ScoringConfig.goal_scorers",
        "must map measure types to scorers",
    )


@pytest.mark.parametrize("combiner", [YesNo(), "weighted_mean", 3])
def test_config_refuses_a_goal_combiner_that_is_not_a_combiner(combiner: Any) -> None:
    rejects(
        lambda: ScoringConfig(goal_combiner=combiner),
        "ScoringConfig.goal_combiner",
        "must be a Combiner",
    )


def test_config_refuses_no_goal_combiner() -> None:
    rejects(
        lambda: ScoringConfig(goal_combiner=None),  # type: ignore[arg-type]
        "ScoringConfig.goal_combiner",
        "must be a Combiner",
    )


def test_config_refuses_a_composite_that_is_not_a_combiner() -> None:
    rejects(
        lambda: ScoringConfig(composite=YesNo()),  # type: ignore[arg-type]
        "ScoringConfig.composite",
        "must be a Combiner",
    )


def test_config_refuses_a_composite_without_the_goals_component() -> None:
    rejects(
        lambda: ScoringConfig(composite=Composite(weights={"self": 1, "feedback": 1})),
        "ScoringConfig.composite",
        "must weigh the 'goals' component, weighs: feedback, self",
    )


def test_config_refuses_bad_flags_and_bands() -> None:
    rejects_all(
        lambda: ScoringConfig(include_development="yes", bands=(0, 1)),  # type: ignore[arg-type]
        "ScoringConfig.include_development",
        "ScoringConfig.bands",
    )


def test_config_equality_and_hash() -> None:
    one = ScoringConfig(goal_scorers={"yes_no": YesNo(), "numeric": BaselineProgress()})
    same = ScoringConfig(goal_scorers={"numeric": BaselineProgress(), "yes_no": YesNo()})
    assert one == same
    assert hash(one) == hash(same)
    assert one != ScoringConfig(goal_scorers={"numeric": BaselineProgress(cap=None)})
    assert one != ScoringConfig(
        goal_scorers={"yes_no": YesNo(), "numeric": BaselineProgress()}, include_development=True
    )
    assert ScoringConfig() != ScoringConfig(bands=BANDS)
    assert ScoringConfig() != ScoringConfig(goal_combiner=WeightedMean(require_total=None))
    assert ScoringConfig().__eq__(ScoringConfig().to_data(DEFAULT_REGISTRY)) is NotImplemented


# --- ScoringConfig as data ---------------------------------------------------------------


FULL = ScoringConfig(
    goal_scorers={
        "numeric": ThresholdTargetStretch(threshold_payout=0.25, stretch_payout=2),
        "scale": ScaleRating(to_scale=PERCENT),
        "milestones": MilestoneCompletion(step_weights=(1, 2, 3)),
        "yes_no": YesNo(),
    },
    goal_combiner=WeightedMean(require_total=None, missing=MissingRule.RENORMALISE),
    include_development=True,
    composite=Composite(weights={"goals": 70, "self": 10, "feedback": 20}),
    bands=BANDS,
)


def test_config_to_data() -> None:
    data = FULL.to_data(DEFAULT_REGISTRY)
    assert data["goal_scorers"]["numeric"] == {
        "strategy": "threshold_target_stretch",
        "params": {"threshold_payout": 0.25, "target_payout": 1.0, "stretch_payout": 2},
    }
    assert data["goal_scorers"]["milestones"] == {
        "strategy": "milestone_completion",
        "params": {"step_weights": [1, 2, 3]},
    }
    assert data["goal_scorers"]["scale"] == {
        "strategy": "scale_rating",
        "params": {"to_scale": {"minimum": 0, "maximum": 100, "labels": []}},
    }
    assert data["goal_combiner"] == {
        "strategy": "weighted_mean",
        "params": {"require_total": None, "tolerance": 0, "missing": "renormalise"},
    }
    assert data["include_development"] is True
    assert data["composite"] == {
        "strategy": "composite",
        "params": {"weights": {"feedback": 20, "goals": 70, "self": 10}, "missing": "renormalise"},
    }
    assert data["bands"]["strategy"] == "rating_bands"
    assert ScoringConfig().to_data(DEFAULT_REGISTRY)["composite"] is None


@pytest.mark.parametrize("config", [ScoringConfig(), FULL, ScoringConfig(bands=BANDS)])
def test_config_round_trips_through_json(config: ScoringConfig) -> None:
    text = json.dumps(config.to_data(DEFAULT_REGISTRY))
    assert ScoringConfig.from_data(json.loads(text), DEFAULT_REGISTRY) == config


def test_config_from_data_fills_in_defaults() -> None:
    assert ScoringConfig.from_data({}, DEFAULT_REGISTRY) == ScoringConfig()
    nulls = {"goal_scorers": None, "goal_combiner": None, "composite": None, "bands": None}
    assert ScoringConfig.from_data(nulls, DEFAULT_REGISTRY) == ScoringConfig()
    only = ScoringConfig.from_data(
        {"goal_scorers": {"yes_no": {"strategy": "yes_no"}}}, DEFAULT_REGISTRY
    )
    assert dict(only.goal_scorers) == {"yes_no": YesNo()}


def test_config_to_data_needs_a_registry_that_knows_every_strategy() -> None:
    rejects(
        lambda: ScoringConfig().to_data(Registry.empty()),
        "strategy",
        "is not registered here",
    )


@pytest.mark.parametrize("data", [None, [], "config", 3])
def test_config_from_data_refuses_a_non_object(data: object) -> None:
    rejects(lambda: ScoringConfig.from_data(data, DEFAULT_REGISTRY), "$", "must be an object, got")


def test_config_from_data_refuses_an_unknown_field() -> None:
    rejects(
        lambda: ScoringConfig.from_data({"scorers": {}}, DEFAULT_REGISTRY),
        "$.scorers",
        "is not a known field",
    )


def test_config_from_data_names_a_bad_nested_strategy() -> None:
    err = rejects(
        lambda: ScoringConfig.from_data(
            {"goal_scorers": {"numeric": {"strategy": "payout_curve"}}}, DEFAULT_REGISTRY
        ),
        "$.goal_scorers.numeric.strategy",
        "unknown strategy 'payout_curve'; known: baseline_progress, composite",
    )
    assert "yes_no" in err.problems[0].message


def test_config_from_data_names_a_bad_nested_param() -> None:
    rejects(
        lambda: ScoringConfig.from_data(
            {"goal_scorers": {"numeric": {"strategy": "baseline_progress", "params": {"cap": 0}}}},
            DEFAULT_REGISTRY,
        ),
        "$.goal_scorers.numeric.params.cap",
        "must be above 0",
    )


def test_config_from_data_reports_every_problem_under_its_path() -> None:
    rejects_all(
        lambda: ScoringConfig.from_data(
            {
                "extra": 1,
                "goal_scorers": {
                    "numeric": {"strategy": "nope"},
                    "yes_no": {"strategy": "yes_no", "params": {"x": 1}},
                },
                "goal_combiner": {"strategy": "weighted_mean", "params": {"missing": "skip"}},
                "bands": {"strategy": "rating_bands", "params": {"bands": []}},
            },
            DEFAULT_REGISTRY,
            path="$.scoring",
        ),
        "$.scoring.extra",
        "$.scoring.goal_scorers.numeric.strategy",
        "$.scoring.goal_scorers.yes_no.params.x",
        "$.scoring.goal_combiner.params.missing",
        "$.scoring.bands.params.bands",
    )


def test_config_from_data_refuses_scorers_that_are_not_an_object() -> None:
    rejects(
        lambda: ScoringConfig.from_data({"goal_scorers": ["yes_no"]}, DEFAULT_REGISTRY),
        "$.goal_scorers",
        "must be an object",
    )


@pytest.mark.parametrize(
    ("data", "path", "phrase"),
    [
        ({"goal_scorers": {"okr": {"strategy": "okr_grade"}}}, "$.goal_scorers", "measure type"),
        (
            {"goal_scorers": {"numeric": {"strategy": "weighted_mean"}}},
            "$.goal_scorers",
            "not a GoalScorer",
        ),
        ({"goal_combiner": {"strategy": "yes_no"}}, "$.goal_combiner", "must be a Combiner"),
        (
            {"composite": {"strategy": "composite", "params": {"weights": {"self": 1}}}},
            "$.composite",
            "must weigh the 'goals' component",
        ),
        ({"include_development": "yes"}, "$.include_development", "true or false"),
        ({"bands": {"strategy": "weighted_mean"}}, "$.bands", "RatingBands"),
    ],
)
def test_config_from_data_reports_a_config_level_problem_at_its_field(
    data: dict[str, Any], path: str, phrase: str
) -> None:
    rejects(lambda: ScoringConfig.from_data(data, DEFAULT_REGISTRY), path, phrase)


# --- score_assessment: a worked example --------------------------------------------------


def test_two_performance_goals_make_a_weighted_mean_of_their_payouts() -> None:
    result = score()
    assert [(s.goal_id, s.strategy, s.actual, s.attainment) for s in result.goal_scores] == [
        ("g1", "threshold_target_stretch", 950, 0.75),
        ("g2", "threshold_target_stretch", 6, 0.9),
    ]
    assert result.goals.strategy == "weighted_mean"
    assert result.goals.explanation == "(60 × 0.75 + 40 × 0.9) / 100 = 0.81"
    assert result.value == 0.81  # (45 + 36) / 100
    assert result.composite is None
    assert result.band is None
    assert present(result.value) == "0.81"


def test_a_development_goal_is_left_out_by_default() -> None:
    result = score()
    assert "g3" not in {s.goal_id for s in result.goal_scores}
    assert [c.key for c in result.goals.contributions] == ["g1", "g2"]


def test_a_development_goal_counts_when_included() -> None:
    rejects(
        lambda: score(ScoringConfig(include_development=True)),
        "WeightedMean.parts",
        "weights total 120, not 100",
    )
    config = ScoringConfig(include_development=True, goal_combiner=WeightedMean(require_total=120))
    result = score(config)
    assert [s.goal_id for s in result.goal_scores] == ["g1", "g2", "g3"]
    assert result.goal_scores[2].attainment == 1.0
    assert result.goals.explanation == (
        "(60 × 0.75 + 40 × 0.9 + 20 × 1) / 120 = 0.8416666666666667"
    )
    assert result.value == pytest.approx(101 / 120)  # (45 + 36 + 20) / 120
    relative = ScoringConfig(
        include_development=True, goal_combiner=WeightedMean(require_total=None)
    )
    assert score(relative).value == result.value


def test_a_missing_actual_is_reported_at_the_goal_rating() -> None:
    rejects(
        lambda: score_assessment(
            GOAL_SET, assessment(g1=None, g2=6), ScoringConfig(), DEFAULT_REGISTRY
        ),
        "goal_ratings[g1].actual",
        "is required to score the goal",
    )


def test_every_goal_without_a_result_is_reported() -> None:
    rejects_all(
        lambda: score_assessment(GOAL_SET, assessment(g3=1), ScoringConfig(), DEFAULT_REGISTRY),
        "goal_ratings[g1].actual",
        "goal_ratings[g2].actual",
    )


def test_a_goal_without_a_measure_cannot_be_scored() -> None:
    goals = (sales_goal(weight=60, measure=None), quality_goal(weight=40))
    rejects(
        lambda: score_assessment(goals, MANAGER_VIEW, ScoringConfig(), DEFAULT_REGISTRY),
        "goal_ratings[g1].measure",
        "the goal has no measure",
    )


def test_a_measure_type_without_a_scorer_is_reported() -> None:
    goals = (sales_goal(weight=60), learning_goal(weight=40, kind=pc.GoalKind.PERFORMANCE))
    config = ScoringConfig(goal_scorers={"numeric": ThresholdTargetStretch()}, replace_scorers=True)
    rejects(
        lambda: score_assessment(goals, MANAGER_VIEW, config, DEFAULT_REGISTRY),
        "goal_ratings[g3].measure",
        "no scorer for 'yes_no' measures",
    )


def test_a_scorer_problem_is_reported_under_the_goal_rating() -> None:
    rejects(
        lambda: score_assessment(
            GOAL_SET,
            assessment(g1=950, g2=6, g3=2),
            ScoringConfig(include_development=True, goal_combiner=WeightedMean(require_total=120)),
            DEFAULT_REGISTRY,
        ),
        "goal_ratings[g3].actual",
        r"must be 1 \(yes\) or 0 \(no\), got 2",
    )
    err = rejects_all(
        lambda: score(ScoringConfig(goal_scorers={"numeric": BaselineProgress()})),
        "goal_ratings[g1].goal.measure.baseline",
        "goal_ratings[g2].goal.measure.baseline",
    )
    assert "goal 'g1' has no baseline" in err.problems[0].message


def test_scorers_follow_the_measure_type() -> None:
    goals = (
        sales_goal(weight=50, measure=pc.NumericMeasure(unit="EUR k", baseline=800, target=1000)),
        quality_goal(weight=50, measure=pc.MilestoneMeasure(steps=("plan", "do", "check", "act"))),
    )
    config = ScoringConfig(
        goal_scorers={"numeric": BaselineProgress(), "milestones": MilestoneCompletion()}
    )
    result = score_assessment(goals, assessment(g1=950, g2=3), config, DEFAULT_REGISTRY)
    assert [(s.strategy, s.attainment) for s in result.goal_scores] == [
        ("baseline_progress", 0.75),  # (950 − 800) / (1000 − 800)
        ("milestone_completion", 0.75),  # 3 of 4 steps
    ]
    assert result.value == 0.75


# --- composite, components and bands ----------------------------------------------------


BLEND = ScoringConfig(composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}))


def test_composite_takes_self_from_the_self_assessment_and_other_components_from_the_app() -> None:
    result = score(BLEND, self_assessment=SELF_VIEW, components={"feedback": 0.7})
    assert result.composite is not None
    assert result.composite.strategy == "composite"
    values = {c.key: c.value for c in result.composite.contributions}
    assert values == {"feedback": 0.7, GOALS: 0.81, SELF: 1.0}
    assert result.composite.explanation == (
        "(20 × 0.7 + 60 × 0.81 + 20 × 1) / 100 = 0.8260000000000001"
    )
    assert result.value == pytest.approx(0.826)  # (14 + 48.6 + 20) / 100
    assert result.value == result.composite.value
    assert result.goals.value == 0.81


def test_without_a_self_assessment_the_self_component_is_missing() -> None:
    result = score(BLEND, components={"feedback": 0.7})
    assert result.composite is not None
    assert result.composite.explanation == (
        "(20 × 0.7 + 60 × 0.81) / 80 = 0.7825; component 'self' has no value and is left out"
    )
    zero = ScoringConfig(
        composite=Composite(weights=BLEND.composite.weights, missing=MissingRule.ZERO)  # type: ignore[union-attr]
    )
    assert score(zero, components={"feedback": 0.7}).value == pytest.approx(0.626)


def test_an_app_component_may_be_given_as_missing() -> None:
    result = score(BLEND, self_assessment=SELF_VIEW, components={"feedback": None})
    assert result.value == pytest.approx((60 * 0.81 + 20 * 1) / 80)


def test_the_self_component_needs_results_in_the_self_assessment() -> None:
    rejects_all(
        lambda: score(BLEND, self_assessment=self_assessment()),
        "self_assessment.goal_ratings[g1].actual",
        "self_assessment.goal_ratings[g2].actual",
    )


def test_an_unknown_component_is_refused() -> None:
    rejects(
        lambda: score(BLEND, components={"feedback": 0.7, "x": 0.5}),
        "components.x",
        "is not a component of the composite",
    )


@pytest.mark.parametrize("name", [GOALS, SELF])
def test_components_perfcore_computes_cannot_be_supplied(name: str) -> None:
    rejects(
        lambda: score(BLEND, self_assessment=SELF_VIEW, components={name: 0.5}),
        f"components.{name}",
        "is computed by perfcore",
    )


def test_a_composite_without_named_weights_gets_every_component_at_weight_one() -> None:
    config = ScoringConfig(composite=WeightedMean(require_total=None))
    result = score(config, components={"feedback": 0.7})
    assert result.composite is not None
    assert result.composite.explanation == "(1 × 0.7 + 1 × 0.81) / 2 = 0.755"


def test_components_are_ignored_without_a_composite() -> None:
    assert score(components={"feedback": 0.1}) == score()


def test_bands_label_the_final_value() -> None:
    result = score(ScoringConfig(bands=BANDS))
    assert result.band is not None
    assert result.band.label == "Partly meets"
    assert result.band.explanation == "0.81 lies in [0.5, 0.9): Partly meets"
    blended = score(
        attrs.evolve(BLEND, bands=BANDS),
        self_assessment=SELF_VIEW,
        components={"feedback": 1.5},
    )
    assert blended.value == pytest.approx(0.986)  # (30 + 48.6 + 20) / 100
    assert blended.band is not None
    assert blended.band.label == "Meets"
    rejects(
        lambda: score(ScoringConfig(bands=RatingBands.from_edges((0, 0.5), ("low",)))),
        "RatingBands.score",
        "lies outside the bands' range",
    )


def test_explain_gives_one_line_per_step() -> None:
    result = score(
        attrs.evolve(BLEND, bands=BANDS), self_assessment=SELF_VIEW, components={"feedback": 0.7}
    )
    assert result.explain().splitlines() == [
        (
            "g1: 950 lies between threshold 900 (payout 0.5) and target 1000 (payout 1): "
            "0.5 + (950 − 900)/(1000 − 900) × (1 − 0.5) = 0.75"
        ),
        (
            "g2: 6 lies between threshold 10 (payout 0.5) and target 5 (payout 1): "
            "0.5 + (6 − 10)/(5 − 10) × (1 − 0.5) = 0.9"
        ),
        "goals: (60 × 0.75 + 40 × 0.9) / 100 = 0.81",
        "composite: (20 × 0.7 + 60 × 0.81 + 20 × 1) / 100 = 0.8260000000000001",
        "band: 0.8260000000000001 lies in [0.5, 0.9): Partly meets",
    ]
    assert score().explain().splitlines()[-1] == "goals: (60 × 0.75 + 40 × 0.9) / 100 = 0.81"


@pytest.mark.parametrize("config", [ScoringConfig(), FULL, attrs.evolve(BLEND, bands=BANDS)])
def test_the_score_records_its_config_and_recomputes_from_it(config: ScoringConfig) -> None:
    result = score(config, self_assessment=SELF_VIEW, components={"feedback": 0.7})
    data = config.to_data(DEFAULT_REGISTRY)
    assert result.config == json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert result.config_data() == data
    rebuilt = ScoringConfig.from_data(result.config_data(), DEFAULT_REGISTRY)
    assert rebuilt == config
    again = score(rebuilt, self_assessment=SELF_VIEW, components={"feedback": 0.7})
    assert again == result


def test_scoring_needs_a_registry_that_knows_the_config() -> None:
    rejects(
        lambda: score_assessment(GOAL_SET, MANAGER_VIEW, ScoringConfig(), Registry.empty()),
        "strategy",
        "is not registered here",
    )


@pytest.mark.parametrize("self_view", [SELF_VIEW, self_assessment()], ids=["results", "none"])
def test_a_composite_without_self_ignores_the_self_assessment(self_view: pc.Assessment) -> None:
    config = ScoringConfig(composite=Composite(weights={"goals": 80, "feedback": 20}))
    result = score(config, self_assessment=self_view, components={"feedback": 0.7})
    assert result.value == pytest.approx(0.788)  # (80 × 0.81 + 20 × 0.7) / 100


# --- the cycle: compute_score and record_score --------------------------------------------


def assessed(manager_view: pc.Assessment | None = None) -> pc.Cycle:
    """Appraisal with the builders' goals (70/30 and a development goal) and results."""
    view = manager_view or scored_manager_assessment()
    return appraisal_entered().submit_manager_assessment(view, by=MANAGER, at=when(42))


def test_compute_score_without_a_manager_assessment_is_a_transition_error() -> None:
    cycle = appraisal_entered()
    with pytest.raises(pc.TransitionError, match="no manager assessment to score") as info:
        cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    assert info.value.command == "record_score"
    assert info.value.phase == "appraisal"


def test_compute_score_scores_the_manager_assessment_of_the_active_goals() -> None:
    cycle = assessed()
    result = cycle.compute_score(ScoringConfig(bands=BANDS), DEFAULT_REGISTRY)
    # g1: 950 → 0.75; g2: 4 defects, beyond target 5 with no stretch → 1.0
    assert result.goals.explanation == "(70 × 0.75 + 30 × 1) / 100 = 0.825"
    assert result.band is not None
    assert result.band.label == "Partly meets"
    assert cycle.score is None  # computing records nothing
    assert cycle.compute_score(ScoringConfig(bands=BANDS), DEFAULT_REGISTRY) == result


def test_compute_score_passes_components_on() -> None:
    cycle = assessed()
    config = ScoringConfig(composite=Composite(weights={"goals": 70, "self": 10, "feedback": 20}))
    result = cycle.compute_score(config, DEFAULT_REGISTRY, components={"feedback": 0.8})
    assert result.composite is not None
    assert result.composite.explanation == (
        "(20 × 0.8 + 70 × 0.825) / 90 = 0.8194444444444444;"
        " component 'self' has no value and is left out"
    )


def test_record_score_records_an_event_and_the_score() -> None:
    cycle = assessed()
    result = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    recorded = cycle.record_score(result, by=MANAGER, at=when(43), reason="Year-end score")
    event = recorded.events[-1]
    assert isinstance(event, ScoreRecorded)
    assert event.TAG == "score_recorded"
    assert event.score == result
    assert event.actor == MANAGER
    assert event.reason == "Year-end score"
    assert recorded.score == result
    assert cycle.score is None


def test_record_score_refuses_a_score_whose_result_differs_from_the_manager_assessment() -> None:
    cycle = assessed()
    result = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    tampered = attrs.evolve(
        result,
        goal_scores=(attrs.evolve(result.goal_scores[0], actual=999.0), *result.goal_scores[1:]),
    )
    rejects(
        lambda: cycle.record_score(tampered, by=MANAGER, at=when(43)),
        "RecordScore.score.goal_scores[0].actual",
        "scores 999.0, the manager assessment says 950.0",
    )


def test_record_score_refuses_a_score_computed_before_the_assessment_changed() -> None:
    cycle = assessed()
    stale = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    ratings = scored_manager_assessment().goal_ratings
    changed = attrs.evolve(
        scored_manager_assessment(),
        goal_ratings=(ratings[0], attrs.evolve(ratings[1], actual=8.0), ratings[2]),
    )
    cycle = cycle.submit_manager_assessment(changed, by=MANAGER, at=when(43))
    rejects(
        lambda: cycle.record_score(stale, by=MANAGER, at=when(44)),
        "RecordScore.score.goal_scores[1].actual",
        "scores 4.0, the manager assessment says 8.0",
    )
    fresh = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    assert cycle.record_score(fresh, by=MANAGER, at=when(44)).score == fresh


def test_record_score_refuses_a_goal_the_manager_did_not_rate() -> None:
    cycle = assessed()
    result = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    unrated = attrs.evolve(
        scored_manager_assessment(), goal_ratings=scored_manager_assessment().goal_ratings[1:]
    )
    cycle = cycle.submit_manager_assessment(unrated, by=MANAGER, at=when(43))
    rejects(
        lambda: cycle.record_score(result, by=MANAGER, at=when(44)),
        "RecordScore.score.goal_scores[0].actual",
        "the manager assessment says no result",
    )


def test_record_score_refuses_a_withdrawn_or_unknown_goal() -> None:
    extra = pc.Goal(
        id="g4",
        title="Side project",
        weight=0,
        measure=pc.YesNoMeasure(question="Shipped?"),
        parent_id="company/growth",
    )
    cycle = started()
    for day, goal in enumerate((sales_goal(), quality_goal(), learning_goal(), extra), start=1):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=when(day))
    cycle = cycle.withdraw_goal("g4", reason="Project stopped", by=MANAGER, at=when(5))
    cycle = b.aligned(cycle).agree_goals(by=EMPLOYEE, at=when(6))
    cycle = cycle.advance(by=MANAGER, at=when(7)).advance(by=MANAGER, at=when(40))
    cycle = cycle.submit_manager_assessment(scored_manager_assessment(), by=MANAGER, at=when(42))
    assert [
        s.goal_id for s in cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY).goal_scores
    ] == [
        "g1",
        "g2",
    ]
    # An app that scored every goal it knows, the withdrawn one included:
    with_g4 = attrs.evolve(
        scored_manager_assessment(),
        goal_ratings=(*scored_manager_assessment().goal_ratings, result("g4", 1)),
    )
    wrong = score_assessment(cycle.goals, with_g4, ScoringConfig(), DEFAULT_REGISTRY)
    assert [s.goal_id for s in wrong.goal_scores] == ["g1", "g2", "g4"]
    rejects(
        lambda: cycle.record_score(wrong, by=MANAGER, at=when(43)),
        "RecordScore.score.goal_scores[2].goal_id",
        "no active goal 'g4'",
    )
    good = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    unknown = attrs.evolve(
        good, goal_scores=(*good.goal_scores, attrs.evolve(good.goal_scores[0], goal_id="g9"))
    )
    rejects(
        lambda: cycle.record_score(unknown, by=MANAGER, at=when(43)),
        "RecordScore.score.goal_scores[2].goal_id",
        "no active goal 'g9'",
    )


def acknowledged_with_results() -> tuple[pc.Cycle, AppraisalScore]:
    cycle = appraisal_entered()
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=when(41))
    cycle = cycle.submit_manager_assessment(scored_manager_assessment(), by=MANAGER, at=when(42))
    cycle = cycle.record_root_cause(cause(), by=MANAGER, at=when(43))
    discussion = pc.FeedbackDiscussion(held_on=when(44).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=when(44))
    return cycle, cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)


def test_record_score_is_refused_after_acknowledgement() -> None:
    cycle, result = acknowledged_with_results()
    cycle = cycle.acknowledge(by=EMPLOYEE, at=when(45))
    with pytest.raises(pc.TransitionError, match="the appraisal is acknowledged") as info:
        cycle.record_score(result, by=MANAGER, at=when(46))
    assert info.value.command == "record_score"


def test_record_score_waits_for_a_dispute_to_be_resolved() -> None:
    cycle, result = acknowledged_with_results()
    cycle = cycle.dispute(reason="Score too low", by=EMPLOYEE, at=when(45))
    with pytest.raises(pc.TransitionError, match="the appraisal is disputed"):
        cycle.record_score(result, by=MANAGER, at=when(46))
    cycle = cycle.resolve_dispute(
        outcome=pc.DisputeOutcome.UPHELD, reason="Upheld after review", by=HR, at=when(46)
    )
    assert cycle.record_score(result, by=MANAGER, at=when(47)).score == result


def test_a_recorded_score_round_trips_and_replays() -> None:
    cycle = assessed()
    config = ScoringConfig(
        composite=Composite(weights={"goals": 70, "self": 10, "feedback": 20}), bands=BANDS
    )
    result = cycle.compute_score(config, DEFAULT_REGISTRY, components={"feedback": 0.8})
    cycle = cycle.record_score(result, by=MANAGER, at=when(43))
    converter = make_converter()
    data = converter.unstructure(cycle)
    assert data["events"][-1]["type"] == "score_recorded"
    restored = converter.structure(json.loads(json.dumps(data)), pc.Cycle)
    assert restored == cycle
    assert restored.score == result
    assert pc.Cycle.replay(cycle.events) == cycle
    assert pc.Cycle.replay(restored.events) == cycle
    assert restored.score is not None
    rebuilt = ScoringConfig.from_data(restored.score.config_data(), DEFAULT_REGISTRY)
    assert rebuilt == config
    assert cycle.compute_score(rebuilt, DEFAULT_REGISTRY, components={"feedback": 0.8}) == result
