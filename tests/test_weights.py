"""One weights rule: the goal-setting guard, the audit and scoring judge weights alike.

Weights have at most two decimal places and must total exactly 100; the sum is
exact, so 50 + 49.99 and 30 + 69.99 (both 99.99) are refused the same way by
all three, whatever float rounding would have made of them.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore._weights import exact, exact_total, has_places, meets_total, total_text
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig, score_assessment
from perfcore.goals import WEIGHT_PLACES
from perfcore.oversight import RuleSet, WeightsNotTotal100, audit
from perfcore.scoring import WeightedMean
from perfcore.scoring.results import Part
from strategies import EMPLOYEE, MANAGER

AUDITED = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)  # long after the goal-setting deadline


def goals_weighing(weights: list[float]) -> tuple[pc.Goal, ...]:
    return tuple(
        pc.Goal(
            id=f"g{index}",
            title=f"Goal {index}",
            weight=weight,
            measure=pc.YesNoMeasure(question="Done?"),
            parent_id="company/objective",
        )
        for index, weight in enumerate(weights)
    )


def cycle_with(goals: tuple[pc.Goal, ...]) -> pc.Cycle:
    cycle = b.started()
    for goal in goals:
        cycle = cycle.propose_goal(goal, by=MANAGER, at=b.when(1))
    return cycle.agree_goals(by=EMPLOYEE, at=b.when(2))


def guard_refuses(cycle: pc.Cycle) -> bool:
    return "weights_total" in [blocker.code for blocker in cycle.blockers()]


def audit_refuses(cycle: pc.Cycle) -> bool:
    rules = RuleSet(rules=(WeightsNotTotal100(),))
    return bool(audit([cycle], as_of=AUDITED, rules=rules).with_code("weights_not_100"))


def scoring_refuses(goals: tuple[pc.Goal, ...]) -> bool:
    ratings = tuple(
        pc.GoalRating(
            goal_id=goal.id,
            achievement=pc.Achievement.MET,
            rating=pc.Rating(value=3, basis=pc.Basis(text="seen")),
            actual=1,
        )
        for goal in goals
    )
    assessment = pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=ratings)
    paths: tuple[str, ...] = ()
    try:
        score_assessment(goals, assessment, ScoringConfig(), DEFAULT_REGISTRY)
    except pc.ValidationError as refused:
        paths = refused.paths
    if paths:
        assert paths == ("WeightedMean.parts",)
        return True
    parts = [Part(key=goal.id, value=1, weight=goal.weight) for goal in goals]
    assert WeightedMean().combine(parts).value == 1
    return False


def verdicts(weights: list[float]) -> tuple[bool, bool, bool]:
    goals = goals_weighing(weights)
    cycle = cycle_with(goals)
    return guard_refuses(cycle), audit_refuses(cycle), scoring_refuses(goals)


@pytest.mark.parametrize(
    ("weights", "refused"),
    [
        ([50, 49.99], True),
        ([30, 69.99], True),
        ([7.78, 50.2, 42.01], True),
        ([7.78, 50.21, 42.01], False),
        ([0.1, 0.2, 99.7], False),
        ([33.33, 33.33, 33.34], False),
        ([70, 30.01], True),
        ([100], False),
    ],
)
def test_guard_audit_and_scoring_agree_on_worked_examples(
    weights: list[float], refused: bool
) -> None:
    assert verdicts(weights) == (refused, refused, refused)


def test_the_message_names_the_exact_total() -> None:
    cycle = cycle_with(goals_weighing([7.78, 50.2, 42.01]))
    [blocker] = [bl for bl in cycle.blockers() if bl.code == "weights_total"]
    assert blocker.message == "performance goal weights total 99.99, not 100"


@pytest.mark.parametrize("weight", [33.333, 0.005, 99.999, 1e-05])
def test_goal_weights_have_at_most_two_decimal_places(weight: float) -> None:
    with pytest.raises(pc.ValidationError) as refused:
        pc.Goal(id="g1", title="Revenue", weight=weight)
    assert refused.value.paths == ("Goal.weight",)
    assert f"at most {WEIGHT_PLACES} decimal places" in str(refused.value)


@pytest.mark.parametrize("weight", [0, 0.01, 33.33, 50.2, 99.99, 100, 12.5])
def test_two_decimal_weights_are_accepted(weight: float) -> None:
    assert pc.Goal(id="g1", title="Revenue", weight=weight).weight == weight


def test_numbers_are_read_as_the_decimals_they_are_written_as() -> None:
    assert exact(0.1) == Fraction(1, 10)
    assert exact_total([0.1, 0.2]) == Fraction(3, 10)  # not 0.30000000000000004
    assert exact_total([7.78, 50.2, 42.01]) == Fraction(9999, 100)
    assert has_places(42.01)
    assert not has_places(42.001)
    assert meets_total(exact_total([0.7, 0.3]), 1)
    assert not meets_total(Fraction(9999, 100))
    assert meets_total(Fraction(9999, 100), 100, 0.01)
    assert total_text(exact_total([1e308, 1e308])) == "2e+308"


cents = st.integers(0, 10_000).map(lambda c: c / 100 if c % 100 else c // 100)


@st.composite
def weight_lists(draw: st.DrawFn) -> list[float]:
    """Two-decimal weights; about half the lists total exactly 100, the rest nearly."""
    count = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    shares = [hi - lo for lo, hi in zip([0, *cuts], [*cuts, 10_000], strict=True)]
    nudge = draw(st.sampled_from([0, 0, 1, -1, 2, 5, 100]))
    shares[-1] = max(0, min(10_000, shares[-1] + nudge))
    return [s / 100 if s % 100 else s // 100 for s in shares]


@settings(max_examples=40)
@given(weights=weight_lists() | st.lists(cents, min_size=1, max_size=4))
def test_guard_audit_and_scoring_never_disagree(weights: list[float]) -> None:
    guard, audited, scored = verdicts(weights)
    exactly_100 = sum(round(w * 100) for w in weights) == 10_000
    assert guard == audited == scored == (not exactly_100)


@given(weights=st.lists(cents, min_size=1, max_size=6), order=st.randoms())
def test_the_verdict_does_not_depend_on_the_order(weights: list[float], order: object) -> None:
    shuffled = list(weights)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    assert exact_total(weights) == exact_total(shuffled)
    assert meets_total(exact_total(weights)) == meets_total(exact_total(shuffled))
