"""Contract test bases for scoring strategies.

Subclass one in your own test suite, say how to build your strategy and the
goals it scores, and pytest runs the contract's tests against it::

    class TestMyCurve(GoalScorerContract):
        def make_scorer(self) -> GoalScorer:
            return MyCurve(steepness=2)

        def goals(self) -> st.SearchStrategy[Goal]:
            return st.just(Goal(id="g1", title="Revenue", weight=100,
                                measure=NumericMeasure(unit="EUR", target=100)))

        def actuals(self, goal: Goal) -> st.SearchStrategy[float]:
            return st.floats(0, 200)

perfcore's own built-in strategies are tested through these same bases.
Requires pytest and hypothesis (``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from perfcore.goals import Goal
from perfcore.measures import Direction, NumericMeasure
from perfcore.scoring.protocols import Combiner, GoalScorer
from perfcore.scoring.registry import Registry
from perfcore.scoring.results import Part

__all__ = ["CombinerContract", "GoalScorerContract"]


def _better(scorer: object, goal: Goal, low: float, high: float) -> tuple[float, float]:
    """``(worse, better)``: by the goal's measure direction, unless the scorer opts out.

    A scorer whose result is not a value of the goal's measure (a grade, say)
    sets ``FOLLOWS_MEASURE_DIRECTION = False``: for it, higher is always better.
    """
    measure = goal.measure
    follows = getattr(scorer, "FOLLOWS_MEASURE_DIRECTION", True)
    if (
        follows
        and isinstance(measure, NumericMeasure)
        and measure.direction is Direction.LOWER_IS_BETTER
    ):
        return high, low
    return low, high


class GoalScorerContract:
    """Tests every :class:`GoalScorer` must pass. Override the three hooks."""

    def make_scorer(self) -> GoalScorer:
        """The scorer under test."""
        raise NotImplementedError

    def goals(self) -> st.SearchStrategy[Goal]:
        """Goals this scorer can score."""
        raise NotImplementedError

    def actuals(self, goal: Goal) -> st.SearchStrategy[float]:
        """Valid results for ``goal``."""
        raise NotImplementedError

    def registry(self) -> Registry:
        """A registry that knows the scorer (defaults to one with only it)."""
        scorer = self.make_scorer()
        factory: Any = getattr(type(scorer), "from_params", None)
        if factory is None:  # pragma: no cover - strategies without from_params
            raise NotImplementedError("override registry() for a scorer without from_params")
        return Registry.empty().register(scorer.name, factory)

    def _pairs(self) -> st.SearchStrategy[tuple[Goal, float, float]]:
        return self.goals().flatmap(
            lambda goal: st.tuples(st.just(goal), self.actuals(goal), self.actuals(goal))
        )

    def test_satisfies_the_protocol(self) -> None:
        """The scorer has every member the protocol names."""
        assert isinstance(self.make_scorer(), GoalScorer)

    def test_scores_stay_within_bounds(self) -> None:
        """Every score lies within the scorer's bounds and is finite."""

        @given(self._pairs())
        def check(case: tuple[Goal, float, float]) -> None:
            goal, actual, _ = case
            scorer = self.make_scorer()
            score = scorer.score(goal, actual)
            assert math.isfinite(score.attainment)
            assert scorer.bounds.contains(score.attainment), (score, scorer.bounds)
            assert score.goal_id == goal.id
            assert score.strategy == scorer.name

        check()

    def test_more_achievement_never_lowers_the_score(self) -> None:
        """Monotone in the measure's direction."""

        @given(self._pairs())
        def check(case: tuple[Goal, float, float]) -> None:
            goal, one, two = case
            scorer = self.make_scorer()
            worse, better = _better(scorer, goal, min(one, two), max(one, two))
            assert scorer.score(goal, worse).attainment <= scorer.score(goal, better).attainment

        check()

    def test_same_inputs_same_score(self) -> None:
        """Deterministic: two scorers built alike agree exactly."""

        @given(self._pairs())
        def check(case: tuple[Goal, float, float]) -> None:
            goal, actual, _ = case
            assert self.make_scorer().score(goal, actual) == self.make_scorer().score(goal, actual)

        check()

    def test_config_round_trip(self) -> None:
        """``build(config_of(scorer))`` gives an equal scorer."""
        scorer = self.make_scorer()
        registry = self.registry()
        config = registry.config_of(scorer)
        assert registry.build(config) == scorer
        assert registry.config_of(registry.build(config)) == config


class CombinerContract:
    """Tests every :class:`Combiner` must pass. Override ``make_combiner`` and ``parts``."""

    def make_combiner(self) -> Combiner:
        """The combiner under test."""
        raise NotImplementedError

    def parts(self) -> st.SearchStrategy[list[Part]]:
        """Valid, fully present parts for this combiner."""
        raise NotImplementedError

    def registry(self) -> Registry:
        """A registry that knows the combiner (defaults to one with only it)."""
        combiner = self.make_combiner()
        factory: Any = getattr(type(combiner), "from_params", None)
        if factory is None:  # pragma: no cover - strategies without from_params
            raise NotImplementedError("override registry() for a combiner without from_params")
        return Registry.empty().register(combiner.name, factory)

    def test_satisfies_the_protocol(self) -> None:
        """The combiner has every member the protocol names."""
        assert isinstance(self.make_combiner(), Combiner)

    def test_result_lies_within_the_parts(self) -> None:
        """The combined value never leaves the range of the parts' values."""

        @given(self.parts())
        def check(parts: list[Part]) -> None:
            result = self.make_combiner().combine(parts)
            values = [p.value for p in parts if p.value is not None]
            assert min(values) - 1e-9 <= result.value <= max(values) + 1e-9
            assert {c.key for c in result.contributions} == {p.key for p in parts}
            total = sum(c.contribution for c in result.contributions)
            assert math.isclose(total, result.value, rel_tol=1e-9, abs_tol=1e-9)

        check()

    def test_equal_values_combine_to_that_value(self) -> None:
        """When every part has the same value, so does the result."""

        @given(self.parts(), st.floats(0, 5, allow_nan=False))
        def check(parts: list[Part], value: float) -> None:
            same = [Part(key=p.key, value=value, weight=p.weight) for p in parts]
            result = self.make_combiner().combine(same)
            assert math.isclose(result.value, value, rel_tol=1e-9, abs_tol=1e-9)

        check()

    def test_same_inputs_same_result(self) -> None:
        """Deterministic."""

        @given(self.parts())
        def check(parts: list[Part]) -> None:
            assert self.make_combiner().combine(parts) == self.make_combiner().combine(parts)

        check()

    def test_config_round_trip(self) -> None:
        """``build(config_of(combiner))`` gives an equal combiner."""
        combiner = self.make_combiner()
        registry = self.registry()
        config = registry.config_of(combiner)
        assert registry.build(config) == combiner
