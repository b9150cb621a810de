"""Every built-in scoring strategy passes the contract tests that plugin authors use."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY
from perfcore.scoring import (
    BaselineProgress,
    Combiner,
    Composite,
    GoalScorer,
    MilestoneCompletion,
    MissingRule,
    OkrGrade,
    Part,
    Registry,
    ScaleRating,
    ThresholdTargetStretch,
    WeightedMean,
    YesNo,
)
from perfcore.testing.contracts import CombinerContract, GoalScorerContract
from strategies import (
    finite,
    goals,
    measures,
    milestone_measures,
    numeric_measures,
    scale_measures,
    texts,
    yes_no_measures,
)

FOUR_STEPS = st.lists(texts, min_size=4, max_size=4, unique=True).map(
    lambda steps: pc.MilestoneMeasure(steps=tuple(steps))
)
PERCENT = pc.RatingScale(minimum=0, maximum=100)


def _measured(measure: st.SearchStrategy[pc.Measure]) -> st.SearchStrategy[pc.Goal]:
    return goals(measure=measure)


def _with_baseline(measure: pc.NumericMeasure) -> pc.NumericMeasure:
    """The measure with a baseline: its own, or one on the far side of the target."""
    if measure.baseline is not None:
        return measure
    step = 1 if measure.direction is pc.Direction.HIGHER_IS_BETTER else -1
    return attrs.evolve(measure, baseline=measure.target - step * 10)


def _not_lower_is_better(measure: pc.Measure | None) -> bool:
    return not (
        isinstance(measure, pc.NumericMeasure) and measure.direction is pc.Direction.LOWER_IS_BETTER
    )


KEY_RESULTS = goals(measure=(st.none() | measures()).filter(_not_lower_is_better))
"""Goals to grade as OKR key results. The grade is the input, so any measure would do,
but the contract reads a lower-is-better measure as "lower grades are better" (see
``test_okr_grade_contract_on_a_lower_is_better_goal``)."""


def _levels(goal: pc.Goal) -> st.SearchStrategy[float]:
    """Any level on the goal's scale, whole or not."""
    assert isinstance(goal.measure, pc.ScaleMeasure)
    scale = goal.measure.scale
    whole: st.SearchStrategy[float] = st.integers(scale.minimum, scale.maximum)
    return whole | st.floats(scale.minimum, scale.maximum, allow_nan=False)


# --- goal scorers ---------------------------------------------------------------------


class TestThresholdTargetStretch(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return ThresholdTargetStretch()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(numeric_measures())

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return finite

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestThresholdTargetStretchWithoutJump(GoalScorerContract):
    """Custom payouts, with nothing paid at the threshold; the default registry."""

    def make_scorer(self) -> GoalScorer:
        return ThresholdTargetStretch(threshold_payout=0, target_payout=1, stretch_payout=2)

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(numeric_measures())

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return finite


class TestBaselineProgressCapped(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return BaselineProgress()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(numeric_measures().map(_with_baseline))

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return finite

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestBaselineProgressUncapped(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return BaselineProgress(cap=None)

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(numeric_measures().map(_with_baseline))

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return finite


class TestOkrGrade(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return OkrGrade()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return KEY_RESULTS

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return st.floats(0, 1)

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestOkrGradeCustomBands(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return OkrGrade(bands=((0, "off track"), (0.5, "progressing"), (0.8, "on track")))

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return KEY_RESULTS

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return st.floats(0, 1) | st.sampled_from([0, 1, 0.5, 0.8])


class _OkrGradeOnFewerDefects(GoalScorerContract):
    """OkrGrade on a key result whose measure is lower-is-better (fewer defects)."""

    def make_scorer(self) -> GoalScorer:
        return OkrGrade()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        measure = pc.NumericMeasure(
            unit="defects", target=5, direction=pc.Direction.LOWER_IS_BETTER
        )
        return st.just(pc.Goal(id="kr1", title="Fewer defects", measure=measure))

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return st.sampled_from([0.2, 0.9])


def test_okr_grade_contract_on_a_lower_is_better_goal() -> None:
    _OkrGradeOnFewerDefects().test_more_achievement_never_lowers_the_score()


class TestMilestoneCompletion(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return MilestoneCompletion()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(milestone_measures())

    def actuals(self, goal: pc.Goal) -> st.SearchStrategy[float]:
        assert isinstance(goal.measure, pc.MilestoneMeasure)
        return st.integers(0, len(goal.measure.steps))

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestMilestoneCompletionWeighted(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return MilestoneCompletion(step_weights=(1, 2, 5, 2))

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(FOUR_STEPS)

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        whole = st.integers(0, 4)
        return whole | whole.map(float)

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestYesNo(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return YesNo()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(yes_no_measures())

    def actuals(self, _goal: pc.Goal) -> st.SearchStrategy[float]:
        return st.sampled_from([0, 1, 0.0, 1.0])

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestScaleRating(GoalScorerContract):
    def make_scorer(self) -> GoalScorer:
        return ScaleRating()

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(scale_measures())

    def actuals(self, goal: pc.Goal) -> st.SearchStrategy[float]:
        return _levels(goal)

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestScaleRatingOntoPercent(GoalScorerContract):
    """Levels carried onto 0–100; the default registry (one strategy only)."""

    def make_scorer(self) -> GoalScorer:
        return ScaleRating(to_scale=PERCENT)

    def goals(self) -> st.SearchStrategy[pc.Goal]:
        return _measured(scale_measures())

    def actuals(self, goal: pc.Goal) -> st.SearchStrategy[float]:
        return _levels(goal)


# --- combiners ------------------------------------------------------------------------


@st.composite
def _weighted_parts(draw: st.DrawFn) -> list[Part]:
    keys = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=4), min_size=1, unique=True))
    weights = draw(
        st.lists(st.integers(0, 100) | st.floats(0, 100), min_size=len(keys), max_size=len(keys))
    )
    if not any(weights):
        weights[0] = 1
    values = draw(st.lists(st.floats(-5, 5), min_size=len(keys), max_size=len(keys)))
    return [
        Part(key=key, value=value, weight=weight)
        for key, value, weight in zip(keys, values, weights, strict=True)
    ]


class TestWeightedMeanRelative(CombinerContract):
    def make_combiner(self) -> Combiner:
        return WeightedMean(require_total=None)

    def parts(self) -> st.SearchStrategy[list[Part]]:
        return _weighted_parts()

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestWeightedMeanRenormalising(CombinerContract):
    """Relative weights, missing parts left out; the default (one-strategy) registry."""

    def make_combiner(self) -> Combiner:
        return WeightedMean(require_total=None, missing=MissingRule.RENORMALISE)

    def parts(self) -> st.SearchStrategy[list[Part]]:
        return _weighted_parts()


COMPOSITE = Composite(weights={"goals": 60, "competencies": 20, "self": 10, "feedback": 10})


@st.composite
def _component_parts(draw: st.DrawFn, composite: Composite) -> list[Part]:
    """One present part per configured component, in a random order."""
    names = draw(st.permutations(composite.components))
    return [
        Part(key=name, value=draw(st.floats(0, 5)), weight=draw(st.integers(0, 100)))
        for name in names
    ]


class TestComposite(CombinerContract):
    def make_combiner(self) -> Combiner:
        return COMPOSITE

    def parts(self) -> st.SearchStrategy[list[Part]]:
        return _component_parts(COMPOSITE)

    def registry(self) -> Registry:
        return DEFAULT_REGISTRY


class TestCompositePlainMeanCountingZero(CombinerContract):
    def make_combiner(self) -> Combiner:
        return Composite.plain_mean(("goals", "self", "feedback"), missing=MissingRule.ZERO)

    def parts(self) -> st.SearchStrategy[list[Part]]:
        return _component_parts(Composite.plain_mean(("goals", "self", "feedback")))
