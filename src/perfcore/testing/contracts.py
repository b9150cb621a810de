"""Contract test bases for scoring and competency-analysis strategies and audit rules.

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
Requires hypothesis (``pip install 'perfcore[testing]'``); pytest, or any runner that
collects ``Test*`` classes, runs them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from perfcore.assessments import Basis
from perfcore.competency.gaps import FitStrategy
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile, CompetencyRating
from perfcore.cycle import Cycle
from perfcore.goals import Goal
from perfcore.measures import Direction, NumericMeasure
from perfcore.oversight import AuditRule, Finding, RuleSet, audit
from perfcore.scoring.protocols import Combiner, GoalScorer
from perfcore.scoring.results import Part
from perfcore.strategies import Registry
from perfcore.testing._cycle_strategies import cycles

__all__ = ["AuditRuleContract", "CombinerContract", "FitStrategyContract", "GoalScorerContract"]


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


class FitStrategyContract:
    """Tests every competency :class:`~perfcore.competency.FitStrategy` must pass.

    Override ``make_strategy`` and ``cases`` (profiles with an assessment
    against each); ``raise_one(profile, assessment, data)`` may be overridden to
    say how an assessment improves (default: one required competency rated at
    the scale maximum).
    """

    def make_strategy(self) -> FitStrategy:
        """The fit strategy under test."""
        raise NotImplementedError

    def cases(self) -> st.SearchStrategy[tuple[CompetencyProfile, CompetencyAssessment]]:
        """Profiles paired with an assessment on the profile's scale."""
        raise NotImplementedError

    def registry(self) -> Registry:
        """A registry that knows the strategy (defaults to one with only it)."""
        strategy = self.make_strategy()
        factory: Any = getattr(type(strategy), "from_params", None)
        if factory is None:  # pragma: no cover - strategies without from_params
            raise NotImplementedError("override registry() for a strategy without from_params")
        return Registry.empty().register(strategy.name, factory)

    def test_satisfies_the_protocol(self) -> None:
        """The strategy has every member the protocol names."""
        assert isinstance(self.make_strategy(), FitStrategy)

    def test_fit_lies_between_zero_and_one(self) -> None:
        """Fit and gap index are fractions, and add up to 1 unless the gate caps the fit."""

        @given(self.cases())
        def check(case: tuple[CompetencyProfile, CompetencyAssessment]) -> None:
            result = self.make_strategy().fit(*case)
            assert 0 <= result.fit <= 1
            assert 0 <= result.index <= 1

        check()

    def test_raising_a_level_never_lowers_the_fit(self) -> None:
        """Monotone: rating any required competency higher never lowers the fit."""

        @given(self.cases(), st.data())
        def check(
            case: tuple[CompetencyProfile, CompetencyAssessment], data: st.DataObject
        ) -> None:
            profile, assessment = case
            requirement = data.draw(st.sampled_from(profile.requirements))
            better = _with_level(assessment, requirement.competency_id, profile.scale.maximum)
            strategy = self.make_strategy()
            assert strategy.fit(profile, assessment).fit <= strategy.fit(profile, better).fit

        check()

    def test_meeting_every_level_is_a_perfect_fit(self) -> None:
        """Everyone at the scale maximum fits perfectly and passes any gate."""

        @given(self.cases())
        def check(case: tuple[CompetencyProfile, CompetencyAssessment]) -> None:
            profile, assessment = case
            top = assessment
            for requirement in profile.requirements:
                top = _with_level(top, requirement.competency_id, profile.scale.maximum)
            result = self.make_strategy().fit(profile, top)
            assert result.fit == 1
            assert result.passed_gate

        check()

    def test_config_round_trip(self) -> None:
        """``build(config_of(strategy))`` gives an equal strategy."""
        strategy = self.make_strategy()
        registry = self.registry()
        assert registry.build(registry.config_of(strategy)) == strategy


def _with_level(
    assessment: CompetencyAssessment, competency_id: str, level: float
) -> CompetencyAssessment:
    """``assessment`` with ``competency_id`` rated ``level``."""
    kept = tuple(r for r in assessment.ratings if r.competency_id != competency_id)
    basis = Basis(text="raised for a contract test")
    rating = CompetencyRating(competency_id=competency_id, level=level, basis=basis)
    return attrs.evolve(assessment, ratings=(*kept, rating))


class AuditRuleContract:
    """Tests every audit rule must pass. Override ``make_rule``.

    ``cycles`` and ``moments`` default to random cycles from
    :func:`perfcore.testing.strategies.cycles` and moments in 2026-2028.
    """

    def make_rule(self) -> AuditRule:
        """The rule under test."""
        raise NotImplementedError

    def cycles(self) -> st.SearchStrategy[list[Cycle]]:
        """Populations of cycles to audit (distinct ids)."""
        return st.lists(cycles(), max_size=3, unique_by=lambda c: c.id)

    def moments(self) -> st.SearchStrategy[dt.datetime]:
        """Moments to audit at (timezone-aware)."""
        return st.datetimes(
            min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - made aware by timezones=
            max_value=dt.datetime(2028, 12, 31),  # noqa: DTZ001
            timezones=st.just(dt.UTC),
        )

    def registry(self) -> Registry:
        """A registry that knows the rule (defaults to one with only it)."""
        rule = self.make_rule()
        factory: Any = getattr(type(rule), "from_params", None)
        if factory is None:  # pragma: no cover - rules without from_params
            raise NotImplementedError("override registry() for a rule without from_params")
        return Registry.empty().register(rule.name, factory)

    def _audit(self, cycles: Sequence[Cycle], as_of: dt.datetime) -> tuple[Finding, ...]:
        return audit(cycles, as_of=as_of, rules=RuleSet(rules=(self.make_rule(),))).findings

    def test_satisfies_the_protocol(self) -> None:
        """The rule has every member the protocol names, and a lowercase code."""
        rule = self.make_rule()
        assert isinstance(rule, AuditRule)
        assert rule.name.isidentifier()
        assert rule.name == rule.name.lower()

    def test_findings_carry_the_rules_code_and_name_audited_cycles(self) -> None:
        """Every finding has the rule's code and severity and is about an audited cycle."""

        @given(self.cycles(), self.moments())
        def check(cycles: list[Cycle], as_of: dt.datetime) -> None:
            rule = self.make_rule()
            ids = {c.id for c in cycles}
            managers = {c.manager_id for c in cycles}
            for finding in self._audit(cycles, as_of):
                assert finding.code == rule.name
                assert finding.severity is rule.severity
                assert finding.cycle_id is None or finding.cycle_id in ids
                assert finding.manager_id is None or finding.manager_id in managers

        check()

    def test_same_inputs_same_findings_in_any_order(self) -> None:
        """Deterministic, and the order the cycles come in does not matter."""

        @given(self.cycles(), self.moments(), st.randoms(use_true_random=False))
        def check(cycles: list[Cycle], as_of: dt.datetime, random: Any) -> None:  # noqa: ANN401
            shuffled = list(cycles)
            random.shuffle(shuffled)
            assert self._audit(cycles, as_of) == self._audit(shuffled, as_of)

        check()

    def test_config_round_trip(self) -> None:
        """``build(config_of(rule))`` gives an equal rule."""
        rule = self.make_rule()
        registry = self.registry()
        assert registry.build(registry.config_of(rule)) == rule
