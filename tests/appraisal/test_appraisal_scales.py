"""The composite states its scale: components on other scales are converted or refused.

Written as an app would: goals rated on 0-5 through ScaleRating, feedback from
cycle_feedback_score on 0-1, and a composite that either states the scales
(and converts) or is refused with the components and their scales named.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from builders import appraisal_entered, scored_manager_assessment, self_assessment, when
from expect import rejects
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig, score_assessment
from perfcore.scoring import Composite, ScaleRating, ThresholdTargetStretch
from strategies import EMPLOYEE, MANAGER

ZERO_TO_FIVE = pc.RatingScale(minimum=0, maximum=5)
LEVELS = pc.RatingScale(minimum=1, maximum=5)
# Two goals judged on a 1-5 scale, scored onto 0-5: level 4 of 1-5 is 3.75 of 0-5.
GOALS = (
    pc.Goal(id="g1", title="Lead the launch", weight=50,
            measure=pc.ScaleMeasure(scale=LEVELS, target=4)),
    pc.Goal(id="g2", title="Coach the team", weight=50,
            measure=pc.ScaleMeasure(scale=LEVELS, target=3)),
)  # fmt: skip
ON_ZERO_TO_FIVE = {"scale": ScaleRating(to_scale=ZERO_TO_FIVE)}


def ratings(**levels: float) -> pc.Assessment:
    return pc.Assessment(
        source=pc.AssessmentSource.MANAGER,
        goal_ratings=tuple(
            pc.GoalRating(
                goal_id=goal_id,
                achievement=pc.Achievement.MET,
                actual=level,
                rating=pc.Rating(value=3, basis=pc.Basis(text="seen")),
            )
            for goal_id, level in levels.items()
        ),
    )


MANAGER_VIEW = ratings(g1=4, g2=5)  # 3.75 and 5 on 0-5: the goals component is 4.375


def test_feedback_on_zero_to_one_beside_goals_on_zero_to_five_is_refused_unless_stated() -> None:
    config = ScoringConfig(
        goal_scorers=ON_ZERO_TO_FIVE,
        composite=Composite(weights={"goals": 80, "feedback": 20}),
    )
    err = rejects(
        lambda: score_assessment(
            GOALS, MANAGER_VIEW, config, DEFAULT_REGISTRY, components={"feedback": 0.75}
        ),
        "config.composite",
        r"would mix scales: 'feedback' on 0–1 \(a supplied component without a stated scale is"
        r" taken on 0–1\); 'goals' on 0–5 \(the goal scorers' scale\)",
    )
    assert "Composite(weights=..., scale=(0, 5), scales={'feedback': (0, 1)})" in str(err)


def test_stated_scales_are_converted_onto_the_result_and_explained() -> None:
    config = ScoringConfig(
        goal_scorers=ON_ZERO_TO_FIVE,
        composite=Composite(
            weights={"goals": 80, "feedback": 20}, scale=(0, 5), scales={"feedback": (0, 1)}
        ),
    )
    score = score_assessment(
        GOALS, MANAGER_VIEW, config, DEFAULT_REGISTRY, components={"feedback": 0.75}
    )
    # goals (3.75 + 5) / 2 = 4.375 on 0-5; feedback 0.75 on 0-1 is 3.75 on 0-5
    assert score.goals.value == 4.375
    assert score.value == pytest.approx(0.8 * 4.375 + 0.2 * 3.75)  # 4.25
    assert score.composite is not None
    assert score.composite.explanation == (
        "feedback 0.75 on 0–1 is 3.75 on 0–5; (20 × 3.75 + 80 × 4.375) / 100 = 4.25;"
        " on the scale 0–5"
    )
    feedback = {c.key: c for c in score.composite.contributions}["feedback"]
    assert feedback.value == 0.75  # as supplied; the note says how it counted
    assert feedback.note == "feedback 0.75 on 0–1 is 3.75 on 0–5"
    assert feedback.contribution == pytest.approx(0.2 * 3.75)


def test_a_stated_scale_that_is_not_the_goal_scorers_is_refused() -> None:
    config = ScoringConfig(
        goal_scorers=ON_ZERO_TO_FIVE,
        composite=Composite(weights={"goals": 80, "feedback": 20}, scale=(0, 1)),
    )
    rejects(
        lambda: score_assessment(
            GOALS, MANAGER_VIEW, config, DEFAULT_REGISTRY, components={"feedback": 0.75}
        ),
        "config.composite.scales",
        r"component 'goals' is on 0–5 \(the goal scorers' scale\), but the composite takes it on"
        r" 0–1: state scales=\{'goals': \(0, 5\)\}",
    )


def test_goals_scored_on_different_scales_have_no_one_scale_for_the_composite() -> None:
    mixed = (
        GOALS[0],
        pc.Goal(id="g9", title="Sales", weight=50,
                measure=pc.NumericMeasure(unit="EUR k", target=100)),
    )  # fmt: skip
    config = ScoringConfig(
        goal_scorers=ON_ZERO_TO_FIVE,
        composite=Composite(weights={"goals": 1, "feedback": 1}),
    )
    rejects(
        lambda: score_assessment(mixed, ratings(g1=4, g9=100), config, DEFAULT_REGISTRY),
        "config.goal_scorers",
        r"score the goals on different scales \(0–1: g9 \(threshold_target_stretch\);"
        r" 0–5: g1 \(scale_rating\)\)",
    )


def test_components_all_on_zero_to_one_combine_as_before() -> None:
    config = ScoringConfig(composite=Composite(weights={"goals": 80, "feedback": 20}))
    cycle = appraisal_entered()
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=when(41))
    cycle = cycle.submit_manager_assessment(scored_manager_assessment(), by=MANAGER, at=when(42))
    score = cycle.compute_score(config, DEFAULT_REGISTRY, components={"feedback": 0.5})
    assert score.composite is not None
    assert "on the scale" not in score.composite.explanation


def test_a_converted_score_is_recorded_and_rechecked_by_the_cycle() -> None:
    cycle = appraisal_entered()
    cycle = cycle.submit_self_assessment(self_assessment(), by=EMPLOYEE, at=when(41))
    cycle = cycle.submit_manager_assessment(scored_manager_assessment(), by=MANAGER, at=when(42))
    # feedback as a mean rating on 1-5, goals as attainments on 0-1 (1 = target met)
    config = ScoringConfig(
        composite=Composite(
            weights={"goals": 80, "feedback": 20}, scale=(0, 1), scales={"feedback": (1, 5)}
        )
    )
    score = cycle.compute_score(config, DEFAULT_REGISTRY, components={"feedback": 4})
    assert score.value == pytest.approx(0.8 * score.goals.value + 0.2 * 0.75)
    recorded = cycle.record_score(score, by=MANAGER, at=when(43))
    assert recorded.score == score


def test_a_stretch_payout_above_one_is_still_on_zero_to_one() -> None:
    # threshold / target / stretch pays up to 1.5, but 1 is the target met: the scale is 0-1
    assert ThresholdTargetStretch().scale == pc.scoring.Bounds(low=0, high=1.0)
    assert ThresholdTargetStretch(target_payout=100, stretch_payout=150).scale.high == 100


def test_composite_scales_round_trip_as_data() -> None:
    composite = Composite(
        weights={"goals": 80, "feedback": 20}, scale=(0, 5), scales={"feedback": (0, 1)}
    )
    data = DEFAULT_REGISTRY.config_of(composite)
    assert data["params"]["scale"] == [0, 5]
    assert data["params"]["scales"] == {"feedback": [0, 1]}
    assert DEFAULT_REGISTRY.build(data) == composite
    config = ScoringConfig(goal_scorers=ON_ZERO_TO_FIVE, composite=composite)
    assert ScoringConfig.from_data(config.to_data(DEFAULT_REGISTRY), DEFAULT_REGISTRY) == config


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"scale": (5, 0)}, r"Composite.scale: must run from low to high, got \(5, 0\)"),
        ({"scale": "0-5"}, r"Composite.scale: must be \(low, high\), two finite numbers"),
        ({"scales": {"feedback": (0, 1)}}, "Composite.scales: needs scale, the result's scale"),
        (
            {"scale": (0, 5), "scales": {"self": (0, 1)}},
            r"Composite.scales: 'self' is not a weighted component \('feedback', 'goals'\)",
        ),
        (
            {"scale": (0, 5), "scales": {"feedback": (1, 1)}},
            "Composite.scales: scale of 'feedback' must run from low to high",
        ),
        ({"scale": (0, 5), "scales": 1}, "Composite.scales: must map component names to scales"),
        (
            {"scale": (0, 5), "scales": [("feedback",)]},
            r"Composite.scales: must hold \(component, scale\) pairs",
        ),
    ],
)
def test_bad_scales_are_refused_by_field(kwargs: dict[str, object], phrase: str) -> None:
    with pytest.raises(pc.ValidationError, match=phrase):
        Composite(weights={"goals": 80, "feedback": 20}, **kwargs)  # type: ignore[arg-type]


@given(
    goals=st.fractions(0, 5, max_denominator=8),
    feedback=st.fractions(0, 1, max_denominator=8),
    weight=st.integers(1, 99),
)
def test_conversion_is_linear(goals: Fraction, feedback: Fraction, weight: int) -> None:
    composite = Composite(
        weights={"goals": weight, "feedback": 100 - weight},
        scale=(0, 5),
        scales={"feedback": (0, 1)},
    )
    combined = composite.combine_values({"goals": float(goals), "feedback": float(feedback)})
    # the converted value is a float, then the weighted mean is exact and rounded once
    converted = Fraction(float(Fraction(float(feedback)) * 5))
    by_hand = (weight * Fraction(float(goals)) + (100 - weight) * converted) / 100
    assert combined.value == float(by_hand)
    assert composite.scale_of("goals") == (0, 5)
    assert composite.scale_of("feedback") == (0, 1)


def test_scale_of_takes_a_component_name() -> None:
    composite = Composite(weights={"goals": 1}, scale=(0, 5))
    rejects(lambda: composite.scale_of(["goals"]), "component", "must be a component name")  # type: ignore[arg-type]
    assert composite.scale_of("goals") == (0, 5)
    assert Composite(weights={"goals": 1}).scale_of("goals") is None


def test_scales_may_be_given_as_lists_as_json_has_them() -> None:
    composite = Composite(
        weights={"goals": 1, "feedback": 1}, scale=[0, 5], scales=[["feedback", [0, 1]]]
    )
    assert composite.scale_of("goals") == (0, 5)
    assert dict(composite.scales) == {"feedback": (0, 1)}
    with pytest.raises(pc.ValidationError, match="1 is not a weighted component"):
        Composite(weights={"goals": 1}, scale=(0, 5), scales=[(1, (0, 1)), ("goals", (0, 5))])


def test_a_scaled_composite_with_no_value_is_refused() -> None:
    composite = Composite(weights={"goals": 1, "feedback": 1}, scale=(0, 5))
    rejects(
        lambda: composite.combine_values({"goals": None}),
        "Composite.parts",
        "no component that carries weight has a value",
    )


def test_a_scorer_that_states_no_bounded_scale_leaves_the_goals_scale_unknown() -> None:
    # BaselineProgress(cap=None) is unbounded above but read on 0-1; a scorer with neither
    # a scale nor a bounded range says nothing, and nothing is checked against it.
    from perfcore.scoring import Bounds, GoalScore  # noqa: PLC0415 - this test's own scorer

    class Unbounded:
        name = "unbounded"
        bounds = Bounds(low=0, high=None)

        def params(self) -> dict[str, object]:
            return {}

        def score(self, goal: pc.Goal, actual: float) -> GoalScore:
            return GoalScore(
                goal_id=goal.id, strategy="unbounded", actual=actual, attainment=actual,
                explanation="as given",
            )  # fmt: skip

    registry = DEFAULT_REGISTRY.register("unbounded", lambda _params: Unbounded())
    config = ScoringConfig(
        goal_scorers={"scale": Unbounded()},
        composite=Composite(weights={"goals": 1, "feedback": 1}),
    )
    score = score_assessment(GOALS, MANAGER_VIEW, config, registry, components={"feedback": 1})
    assert score.value == (4.5 + 1) / 2  # levels 4 and 5 as given: 4.5, beside feedback 1
