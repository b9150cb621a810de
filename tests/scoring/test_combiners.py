"""Tests for perfcore.scoring.combiners: weighted means, composites, roll-ups, rating bands."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.cycle import WEIGHT_TOLERANCE
from perfcore.scoring.combiners import (
    Band,
    BandChoice,
    Composite,
    MissingRule,
    RatingBands,
    RollUp,
    WeightedMean,
    roll_up,
)
from perfcore.scoring.protocols import Combiner
from perfcore.scoring.results import Combination, Part
from perfcore.strategies import Registry
from strategies import goals

REGISTRY = (
    Registry.empty()
    .register(WeightedMean.NAME, WeightedMean.from_params)
    .register(Composite.NAME, Composite.from_params)
    .register(RatingBands.NAME, RatingBands.from_params)
)
FOUR_BANDS = RatingBands.from_edges(
    (1, 2.5, 3.5, 4.5, 5), ("Needs improvement", "Meets", "Exceeds", "Strongly exceeds")
)
RELATIVE = WeightedMean(require_total=None, missing=MissingRule.RENORMALISE)


def part(key: str, value: float | None, weight: float) -> Part:
    return Part(key=key, value=value, weight=weight)


def goal(goal_id: str, parent_id: str | None = None, weight: float = 0) -> pc.Goal:
    return pc.Goal(id=goal_id, title=f"Goal {goal_id}", weight=weight, parent_id=parent_id)


def build(name: str, params: Mapping[str, Any]) -> Any:
    return REGISTRY.build({"strategy": name, "params": dict(params)})


def build_rejects(name: str, params: Mapping[str, Any], path: str, phrase: str) -> None:
    rejects(lambda: build(name, params), path, phrase)


# --- MissingRule ----------------------------------------------------------------------


def test_missing_rules_are_named_by_their_values() -> None:
    assert [rule.value for rule in MissingRule] == ["renormalise", "zero", "refuse"]


# --- WeightedMean: worked examples ------------------------------------------------------


def test_weighted_mean_of_two_goals() -> None:
    result = WeightedMean().combine([part("g1", 1.2, 70), part("g2", 0.5, 30)])
    assert result.strategy == "weighted_mean"
    assert result.value == 0.99  # (70 × 1.2 + 30 × 0.5) / 100 = 99 / 100
    assert result.explanation == "(70 × 1.2 + 30 × 0.5) / 100 = 0.99"
    assert [(c.key, c.weight, c.applied_weight) for c in result.contributions] == [
        ("g1", 70, 0.7),
        ("g2", 30, 0.3),
    ]
    assert [c.contribution for c in result.contributions] == [pytest.approx(0.84), 0.15]
    assert all(c.note == "" for c in result.contributions)


def test_weighted_mean_defaults() -> None:
    mean = WeightedMean()
    assert (mean.require_total, mean.tolerance, mean.missing) == (100, 0, MissingRule.REFUSE)
    assert mean.name == "weighted_mean"
    assert isinstance(mean, Combiner)


def test_the_default_tolerance_is_the_goal_setting_guards() -> None:
    assert WeightedMean().tolerance == WEIGHT_TOLERANCE


@pytest.mark.parametrize(
    "weights",
    [(33.33, 33.33, 33.34), (7.78, 50.21, 42.01), (0.1, 0.2, 99.7), (100,), (25, 25, 25, 25, 0)],
)
def test_weights_totalling_exactly_100_are_accepted(
    weights: tuple[float, ...],
) -> None:
    parts = [part(f"g{i}", 1, w) for i, w in enumerate(weights)]
    assert WeightedMean().combine(parts).value == 1


@pytest.mark.parametrize(
    ("weights", "total"),
    [
        ((60, 35), "95"),
        ((60, 40.02), "100.02"),
        ((70,), "70"),
        ((0, 0), "0"),
        ((99.98,), "99.98"),
        ((50, 49.99), "99.99"),
        ((30, 69.99), "99.99"),
        ((7.78, 50.2, 42.01), "99.99"),
        ((50, 50.005), "100.005"),
        ((50, 49.995), "99.995"),
    ],
)
def test_weights_that_miss_100_are_refused_and_the_message_names_the_total(
    weights: tuple[float, ...], total: str
) -> None:
    parts = [part(f"g{i}", 1, w) for i, w in enumerate(weights)]
    rejects(
        lambda: WeightedMean().combine(parts),
        "WeightedMean.parts",
        rf"^weights total {total}, not 100$",
    )


def test_scaled_weights_are_refused_when_a_total_of_100_is_required() -> None:
    parts = [part("g1", 0.8, 60 * 2), part("g2", 0.5, 40 * 2)]
    rejects(lambda: WeightedMean().combine(parts), "WeightedMean.parts", "weights total 200")
    assert WeightedMean(require_total=None).combine(parts).value == pytest.approx(0.68)


def test_another_required_total_and_tolerance() -> None:
    mean = WeightedMean(require_total=1, tolerance=0)
    assert mean.combine([part("a", 4, 0.25), part("b", 2, 0.75)]).value == 2.5
    rejects(
        lambda: mean.combine([part("a", 4, 0.25), part("b", 2, 0.7)]),
        "WeightedMean.parts",
        "weights total 0.95, not 1",
    )


def test_refuse_names_every_missing_part() -> None:
    parts = [part("g1", 0.8, 50), part("g2", None, 30), part("g3", None, 20)]
    error = rejects_all(lambda: WeightedMean().combine(parts), *["WeightedMean.parts"] * 2)
    assert "'g2'" in error.problems[0].message
    assert "'g3'" in error.problems[1].message


def test_zero_counts_a_missing_part_as_0_at_its_full_weight() -> None:
    mean = WeightedMean(missing=MissingRule.ZERO)
    result = mean.combine([part("g1", 0.8, 50), part("g2", None, 50)])
    assert result.value == 0.4
    missing = result.contributions[1]
    assert (missing.value, missing.applied_weight, missing.contribution) == (None, 0.5, 0)
    assert missing.note == "missing: counted as 0"
    assert (
        result.explanation
        == "(50 × 0.8 + 50 × 0) / 100 = 0.4; part 'g2' has no value and counts as 0"
    )


def test_renormalise_drops_a_missing_part_and_rescales_the_rest() -> None:
    mean = WeightedMean(missing=MissingRule.RENORMALISE)
    result = mean.combine([part("g1", 4, 60), part("g2", None, 20), part("g3", 2, 20)])
    assert result.value == 3.5  # (60 × 4 + 20 × 2) / 80
    assert [c.applied_weight for c in result.contributions] == [0.75, 0, 0.25]
    assert [c.contribution for c in result.contributions] == [3, 0, 0.5]
    dropped = result.contributions[1]
    assert (dropped.value, dropped.contribution) == (None, 0)
    assert dropped.note == "missing: left out, the other weights rescaled"
    assert result.explanation == (
        "(60 × 4 + 20 × 2) / 80 = 3.5; part 'g2' has no value and is left out"
    )


def test_zero_weight_parts_are_listed_but_count_for_nothing() -> None:
    result = WeightedMean().combine([part("g1", 0.8, 100), part("dev", 0.1, 0)])
    assert result.value == 0.8
    assert result.contributions[1].applied_weight == 0
    assert result.contributions[1].contribution == 0


def test_a_zero_total_is_refused_whatever_the_required_total() -> None:
    parts = [part("g1", 0.8, 0), part("g2", 0.5, 0)]
    rejects(
        lambda: WeightedMean(require_total=None).combine(parts),
        "WeightedMean.parts",
        "weights total 0",
    )


def test_renormalise_refuses_when_no_weighted_part_has_a_value() -> None:
    parts = [part("g1", None, 100), part("dev", 0.5, 0)]
    rejects(
        lambda: WeightedMean(missing=MissingRule.RENORMALISE).combine(parts),
        "WeightedMean.parts",
        "no part that carries weight has a value",
    )


def test_zero_with_every_part_missing_gives_0() -> None:
    result = WeightedMean(missing=MissingRule.ZERO).combine([part("g1", None, 100)])
    assert result.value == 0


def test_huge_weights_are_combined_exactly() -> None:
    parts = [part("a", 1, 1e308), part("b", 3, 1e308)]
    result = WeightedMean(require_total=None).combine(parts)
    assert result.value == 2
    assert [c.applied_weight for c in result.contributions] == [0.5, 0.5]
    assert result.explanation.endswith(f") / {2 * int(1e308)} = 2")  # too big for a float
    rejects(
        lambda: WeightedMean().combine(parts),
        "WeightedMean.parts",
        "weights total 2e\\+308, not 100",
    )


def test_huge_composite_weights_are_refused() -> None:
    rejects(
        lambda: Composite(weights={"goals": 10**400}),
        "Composite.weights",
        "weight of 'goals' must be a finite number",
    )


def test_negative_scores_are_combined_too() -> None:
    result = WeightedMean().combine([part("a", -1, 50), part("b", 2, 50)])
    assert result.value == 0.5
    assert result.explanation == "(50 × -1 + 50 × 2) / 100 = 0.5"


@pytest.mark.parametrize(
    ("parts", "phrase"),
    [
        ([], "at least one part"),
        ([part("g1", 1, 50), part("g1", 1, 50)], "must not repeat: 'g1'"),
        ([part("g1", 1, 100), ("g2", 1, 0)], "must hold Part items"),
        ("g1", "must be a sequence of Part"),
        (None, "must be a sequence of Part"),
    ],
)
def test_bad_parts_are_refused(parts: Any, phrase: str) -> None:
    rejects(lambda: WeightedMean().combine(parts), "WeightedMean.parts", phrase)


def test_parts_may_be_any_iterable() -> None:
    parts = (p for p in [part("g1", 1, 60), part("g2", 0, 40)])
    assert WeightedMean().combine(parts).value == 0.6  # type: ignore[arg-type]


# --- WeightedMean: configuration --------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path", "phrase"),
    [
        ({"require_total": 0}, "WeightedMean.require_total", "must be above 0"),
        ({"require_total": -100}, "WeightedMean.require_total", "must be above 0"),
        ({"require_total": math.inf}, "WeightedMean.require_total", "finite"),
        ({"require_total": "100"}, "WeightedMean.require_total", "must be a number"),
        ({"tolerance": -0.01}, "WeightedMean.tolerance", "at least 0"),
        ({"tolerance": None}, "WeightedMean.tolerance", "must be a number"),
        ({"missing": "zero"}, "WeightedMean.missing", "must be a MissingRule"),
    ],
)
def test_bad_weighted_mean_settings_are_refused(
    changes: dict[str, Any], path: str, phrase: str
) -> None:
    rejects(lambda: WeightedMean(**changes), path, phrase)


def test_every_bad_setting_is_reported_at_once() -> None:
    rejects_all(
        lambda: WeightedMean(require_total=0, tolerance=-1, missing="x"),  # type: ignore[arg-type]
        "WeightedMean.require_total",
        "WeightedMean.tolerance",
        "WeightedMean.missing",
    )


@pytest.mark.parametrize(
    "mean",
    [
        WeightedMean(),
        WeightedMean(require_total=None, tolerance=0, missing=MissingRule.ZERO),
        WeightedMean(require_total=1, tolerance=0.001, missing=MissingRule.RENORMALISE),
    ],
)
def test_weighted_mean_round_trips(mean: WeightedMean) -> None:
    check_value_object(mean)
    data = json.loads(json.dumps(mean.params()))
    assert WeightedMean.from_params(data) == mean
    config = REGISTRY.config_of(mean)
    assert config["strategy"] == "weighted_mean"
    assert REGISTRY.build(json.loads(json.dumps(config))) == mean


def test_weighted_mean_params_are_plain_data() -> None:
    assert WeightedMean().params() == {"require_total": 100, "tolerance": 0, "missing": "refuse"}


@pytest.mark.parametrize(
    ("params", "path", "phrase"),
    [
        ({"missing": "drop"}, "$.params.missing", "must be one of 'renormalise', 'zero', 'refuse'"),
        ({"weights": [1, 2]}, "$.params.weights", "is not a parameter"),
        ({"require_total": -1}, "$.params.require_total", "must be above 0"),
        ({"tolerance": "0.01"}, "$.params.tolerance", "must be a number"),
    ],
)
def test_bad_weighted_mean_params_are_refused_by_path(
    params: dict[str, Any], path: str, phrase: str
) -> None:
    build_rejects("weighted_mean", params, path, phrase)


# --- Composite --------------------------------------------------------------------------


def test_a_dropped_self_appraisal_does_not_still_divide_by_three() -> None:
    values = {"goals": 4, "feedback": 3}
    renormalised = Composite.plain_mean(("goals", "self", "feedback"))
    assert renormalised.missing is MissingRule.RENORMALISE
    assert renormalised.combine_values(values).value == 3.5
    as_zero = Composite.plain_mean(("goals", "self", "feedback"), missing=MissingRule.ZERO)
    assert as_zero.combine_values(values).value == 7 / 3


def test_the_plain_mean_with_every_component_present() -> None:
    composite = Composite.plain_mean(("goals", "self", "feedback"))
    result = composite.combine_values({"goals": 4, "self": 5, "feedback": 3})
    assert result.value == 4
    assert result.strategy == "composite"
    assert result.explanation == "(1 × 3 + 1 × 4 + 1 × 5) / 3 = 4"


def test_a_custom_weighting() -> None:
    composite = Composite(weights={"goals": 60, "self": 20, "feedback": 20})
    result = composite.combine_values({"goals": 4, "self": 4, "feedback": 3})
    assert result.value == 3.8  # 0.6 × 4 + 0.2 × 4 + 0.2 × 3
    assert [(c.key, c.applied_weight) for c in result.contributions] == [
        ("feedback", 0.2),
        ("goals", 0.6),
        ("self", 0.2),
    ]


def test_a_composite_of_goals_and_competencies() -> None:
    composite = Composite(weights={"goals": 70, "competencies": 30})
    assert composite.combine_values({"goals": 3, "competencies": 4}).value == 3.3


def test_weights_may_be_given_as_pairs_and_are_kept_sorted() -> None:
    from_pairs = Composite(weights=(("self", 20), ("goals", 80)))
    from_mapping = Composite(weights={"goals": 80, "self": 20})
    assert from_pairs == from_mapping
    expected: tuple[tuple[str, float], ...] = (("goals", 80), ("self", 20))
    assert from_pairs.weights == expected
    assert from_pairs.components == ("goals", "self")
    assert Composite(weights=[["self", 20], ["goals", 80]]) == from_mapping  # type: ignore[list-item]


def test_configured_weights_apply_not_the_weights_on_the_parts() -> None:
    composite = Composite(weights={"goals": 3, "self": 1})
    parts = [part("goals", 4, 999), part("self", 2, 0)]
    assert composite.combine(parts).value == 3.5
    assert [c.weight for c in composite.combine(parts).contributions] == [3, 1]


def test_configured_components_without_a_part_are_missing() -> None:
    composite = Composite(weights={"goals": 3, "self": 1}, missing=MissingRule.ZERO)
    result = composite.combine([part("goals", 4, 3)])
    assert result.value == 3
    assert result.contributions[1].value is None
    assert result.contributions[1].note == "missing: counted as 0"


def test_a_part_with_no_value_is_missing() -> None:
    composite = Composite(weights={"goals": 3, "self": 1})
    assert composite.combine_values({"goals": 4, "self": None}).value == 4


def test_refuse_names_the_missing_component() -> None:
    composite = Composite(weights={"goals": 3, "self": 1}, missing=MissingRule.REFUSE)
    rejects(
        lambda: composite.combine_values({"goals": 4}),
        "Composite.parts",
        r"component 'self' has no value \(missing='refuse'\)",
    )


def test_unknown_components_are_refused() -> None:
    composite = Composite(weights={"goals": 3, "self": 1})
    rejects(
        lambda: composite.combine_values({"goals": 4, "peers": 3}),
        "Composite.parts",
        "unknown component 'peers'; configured: 'goals', 'self'",
    )


def test_repeated_components_are_refused() -> None:
    composite = Composite(weights={"goals": 3, "self": 1})
    rejects(
        lambda: composite.combine([part("goals", 4, 3), part("goals", 2, 3)]),
        "Composite.parts",
        "components must not repeat: 'goals'",
    )


def test_a_composite_with_nothing_present() -> None:
    rejects(
        lambda: Composite(weights={"goals": 1}).combine([]),
        "Composite.parts",
        "no component that carries weight has a value",
    )
    zero = Composite(weights={"goals": 1}, missing=MissingRule.ZERO)
    assert zero.combine([]).value == 0


def test_combine_values_needs_a_mapping() -> None:
    composite = Composite(weights={"goals": 1})
    rejects(
        lambda: composite.combine_values([("goals", 1)]),  # type: ignore[arg-type]
        "Composite.parts",
        "must map components to values",
    )


@pytest.mark.parametrize(
    ("weights", "phrase"),
    [
        ({}, "at least one component"),
        ({"goals": -60, "self": 20}, r"weight of 'goals' must be at least 0, got -60"),
        ({"goals": "60"}, "weight of 'goals' must be a finite number"),
        ({"goals": True}, "weight of 'goals' must be a finite number"),
        ({"goals": math.nan}, "weight of 'goals' must be a finite number"),
        ({"goals": 0, "self": 0}, "weights total 0"),
        ({" ": 1}, "component names must be non-empty strings"),
        ((("goals", 1), ("goals", 2)), "components must not repeat: 'goals'"),
        ((("goals", 1), (2, 2)), "component names must be non-empty strings, got int 2"),
        ((("goals", 1, 2),), r"must hold \(component, weight\) pairs"),
        (("goals",), r"must hold \(component, weight\) pairs"),
        (60, "must map component names to weights"),
    ],
)
def test_bad_composite_weights_are_refused(weights: Any, phrase: str) -> None:
    rejects(lambda: Composite(weights=weights), "Composite.weights", phrase)


def test_every_bad_weight_is_reported() -> None:
    rejects_all(
        lambda: Composite(weights={"a": -1, "b": "x"}, missing="zero"),  # type: ignore[arg-type]
        "Composite.weights",
        "Composite.weights",
        "Composite.missing",
    )


def test_plain_mean_needs_a_collection_of_names() -> None:
    rejects(lambda: Composite.plain_mean("goals"), "Composite.weights", "collection")
    rejects(lambda: Composite.plain_mean(()), "Composite.weights", "at least one component")
    rejects(
        lambda: Composite.plain_mean(("goals", "goals")), "Composite.weights", "must not repeat"
    )


@pytest.mark.parametrize(
    "composite",
    [
        Composite.plain_mean(("goals", "self", "feedback")),
        Composite(weights={"goals": 60, "self": 20, "feedback": 20}, missing=MissingRule.ZERO),
        Composite(weights={"goals": 0.5, "competencies": 0.5}, missing=MissingRule.REFUSE),
    ],
)
def test_composite_round_trips(composite: Composite) -> None:
    check_value_object(composite)
    data = json.loads(json.dumps(composite.params()))
    assert Composite.from_params(data) == composite
    assert REGISTRY.build(json.loads(json.dumps(REGISTRY.config_of(composite)))) == composite
    assert isinstance(composite, Combiner)


def test_composite_params_hold_the_weights_as_an_object() -> None:
    composite = Composite(weights={"self": 20, "goals": 60, "feedback": 20})
    assert composite.params() == {
        "weights": {"feedback": 20, "goals": 60, "self": 20},
        "missing": "renormalise",
    }
    assert Composite.from_params({"weights": [["goals", 60], ["self", 40]]}).weights == (
        ("goals", 60),
        ("self", 40),
    )


@pytest.mark.parametrize(
    ("params", "path", "phrase"),
    [
        ({"weights": {"goals": 1}, "missing": "skip"}, "$.params.missing", "must be one of"),
        ({"weights": {"goals": -1}}, "$.params.weights", "weight of 'goals' must be at least 0"),
        ({"weights": {"goals": 1}, "scope": 5}, "$.params.scope", "is not a parameter"),
        ({"weights": {"goals": 1}, "scale": 5}, "$.params.scale", r"must be \(low, high\)"),
        (
            {"weights": {"goals": 1}, "scale": [1, 5], "scales": {"goals": [0, "1"]}},
            "$.params.scales",
            "scale of 'goals' must be",
        ),
        ({"weights": "goals"}, "$.params.weights", "must map component names to weights"),
        ({}, "$.params.weights", "is required"),
    ],
)
def test_bad_composite_params_are_refused_by_path(
    params: dict[str, Any], path: str, phrase: str
) -> None:
    build_rejects("composite", params, path, phrase)


# --- roll-up ----------------------------------------------------------------------------

TREE = (
    goal("g1", "company/growth", weight=60),
    goal("g2", "company/growth", weight=40),
    goal("g3", "g2", weight=50),
    goal("g4", "g2", weight=50),
)


def test_a_goal_tree_rolls_up_by_weight() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5})
    assert list(result) == ["g1", "g2", "g3", "g4", "company/growth"]
    assert result["g1"] == RollUp(goal_id="g1", value=0.8, explanation="own score 0.8")
    assert result["g2"].value == 0.75
    assert result["g2"].children == ("g3", "g4")
    assert result["company/growth"].value == pytest.approx(0.78)  # 0.6 × 0.8 + 0.4 × 0.75
    assert result["company/growth"].explanation == (
        "weighted mean of 2 active children by goal weight: (60 × 0.8 + 40 × 0.75) / 100 = 0.78;"
        " 'company/growth' is not one of the goals"
    )
    assert [c.applied_weight for c in result["company/growth"].contributions] == [0.6, 0.4]


def test_a_plain_roll_up_ignores_the_weights() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, weighted=False)
    assert result["company/growth"].value == pytest.approx(0.775)
    assert result["company/growth"].explanation.startswith(
        "mean of 2 active children: (0.8 + 0.75) / 2 = 0.775"
    )


def test_children_that_all_weigh_0_give_a_plain_mean() -> None:
    tree = [goal("p"), goal("a", "p"), goal("b", "p")]
    result = roll_up(tree, {"a": 1, "b": 0})
    assert result["p"].value == 0.5
    assert result["p"].explanation.startswith("mean of 2 active children: (1 + 0) / 2")


def test_withdrawn_children_are_left_out() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, withdrawn={"g4"})
    assert "g4" not in result
    assert result["g2"].value == 1
    assert result["g2"].children == ("g3",)
    assert result["g2"].explanation.endswith("withdrawn children left out: 'g4'")


def test_a_withdrawn_parents_children_become_roots() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, withdrawn=["g2"])
    assert list(result) == ["g1", "g3", "g4", "company/growth"]
    assert result["company/growth"].value == 0.8
    assert result["company/growth"].children == ("g1",)


def test_withdrawing_every_child_of_an_outside_parent_drops_it() -> None:
    result = roll_up(TREE, {"g3": 1.0, "g4": 0.5}, withdrawn=("g1", "g2"))
    assert list(result) == ["g3", "g4"]


def test_withdrawing_an_outside_parent_drops_it() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, withdrawn=("company/growth",))
    assert "company/growth" not in result
    assert result["g2"].value == 0.75


def test_a_leaf_without_a_score_is_missing_not_0() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0})
    assert result["g4"].value is None
    assert result["g4"].explanation == "no score and no active children: missing"
    assert result["g2"].value == 1  # renormalised over g3
    assert result["g2"].children == ("g3",)
    assert result["g2"].contributions[1].note == "missing: left out, the other weights rescaled"


def test_missing_leaves_count_as_0_when_asked() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0}, missing=MissingRule.ZERO)
    assert result["g4"].value is None
    assert result["g2"].value == 0.5
    assert result["g2"].children == ("g3", "g4")


def test_missing_leaves_are_refused_when_asked() -> None:
    error = rejects_all(
        lambda: roll_up(TREE, {"g3": 1.0}, missing=MissingRule.REFUSE),
        "roll_up.scores",
        "roll_up.scores",
    )
    assert "'g1'" in error.problems[0].message
    assert "'g4'" in error.problems[1].message


def test_a_parent_with_no_scored_child_is_missing() -> None:
    result = roll_up(TREE, {"g1": 0.8})
    assert result["g2"].value is None
    assert result["g2"].children == ()
    assert result["company/growth"].value == 0.8


def test_a_parent_whose_weighted_children_are_missing_is_missing() -> None:
    tree = [goal("p"), goal("a", "p", weight=100), goal("dev", "p", weight=0)]
    result = roll_up(tree, {"dev": 0.5})
    assert result["p"].value is None
    assert result["p"].explanation.startswith(
        "weighted mean of 2 active children by goal weight: no goal that carries weight has a value"
    )


def test_a_parents_own_score_gives_way_to_its_children() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g2": 0.1, "g3": 1.0, "g4": 0.5})
    assert result["g2"].value == 0.75
    assert result["g2"].explanation.endswith("its own score 0.1 is not used")


def test_a_parent_whose_children_are_all_withdrawn_keeps_its_own_score() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g2": 0.1}, withdrawn={"g3", "g4"})
    assert result["g2"].value == 0.1
    assert result["g2"].explanation == "own score 0.1; withdrawn children left out: 'g3', 'g4'"


def test_an_empty_tree_rolls_up_to_nothing() -> None:
    assert roll_up([], {}) == {}


def test_a_long_chain_rolls_up_without_recursion() -> None:
    chain = [goal("g0")] + [goal(f"g{i}", f"g{i - 1}") for i in range(1, 3000)]
    result = roll_up(chain, {"g2999": 0.25})
    assert result["g0"].value == 0.25
    assert len(result) == 3000


@pytest.mark.parametrize(
    ("tree", "loop"),
    [
        ([goal("a", "b"), goal("b", "a")], "'a' → 'b' → 'a'"),
        ([goal("x", "a"), goal("a", "b"), goal("b", "c"), goal("c", "a")], "'a' → 'b' → 'c' → 'a'"),
    ],
)
def test_cycles_are_refused(tree: list[pc.Goal], loop: str) -> None:
    rejects(lambda: roll_up(tree, {}), "roll_up.goals", f"form a cycle: {loop}")


def test_a_cycle_through_a_withdrawn_goal_is_refused_too() -> None:
    tree = [goal("a", "b"), goal("b", "a")]
    rejects(lambda: roll_up(tree, {}, withdrawn={"a"}), "roll_up.goals", "cycle")


@pytest.mark.parametrize(
    ("call", "path", "phrase"),
    [
        (lambda: roll_up([goal("a"), goal("a")], {}), "roll_up.goals", "must not repeat: 'a'"),
        (lambda: roll_up([object()], {}), "roll_up.goals", "must hold Goal items"),  # type: ignore[list-item]
        (lambda: roll_up("g1", {}), "roll_up.goals", "must be goals"),  # type: ignore[arg-type]
        (lambda: roll_up([goal("a")], {"b": 1}), "roll_up.scores", "'b' is not one of the goals"),
        (lambda: roll_up([goal("a")], {"a": "1"}), "roll_up.scores", "finite number"),  # type: ignore[dict-item]
        (lambda: roll_up([goal("a")], {"a": True}), "roll_up.scores", "must be a finite number"),
        (lambda: roll_up([goal("a")], {"a": math.nan}), "roll_up.scores", "finite number"),
        (lambda: roll_up([goal("a")], [("a", 1)]), "roll_up.scores", "must map goal ids"),  # type: ignore[arg-type]
        (lambda: roll_up([goal("a")], {}, withdrawn="a"), "roll_up.withdrawn", "collection"),
        (lambda: roll_up([goal("a")], {}, weighted=1), "roll_up.weighted", "true or false"),  # type: ignore[arg-type]
        (lambda: roll_up([goal("a")], {}, missing="zero"), "roll_up.missing", "MissingRule"),  # type: ignore[arg-type]
    ],
)
def test_bad_roll_up_input_is_refused(call: Any, path: str, phrase: str) -> None:
    rejects(call, path, phrase)


def test_roll_up_records_are_value_objects() -> None:
    result = roll_up(TREE, {"g1": 0.8, "g3": 1.0, "g4": 0.5})
    for node in result.values():
        check_value_object(node)


# --- rating bands -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Needs improvement"),
        (2.4999, "Needs improvement"),
        (2.5, "Meets"),
        (3.2, "Meets"),
        (3.5, "Exceeds"),
        (4.4999, "Exceeds"),
        (4.5, "Strongly exceeds"),
        (5, "Strongly exceeds"),
    ],
)
def test_four_bands(score: float, label: str) -> None:
    assert FOUR_BANDS.choose(score).label == label


def test_a_choice_explains_itself() -> None:
    choice = FOUR_BANDS.choose(3.2)
    assert choice == BandChoice(
        score=3.2, label="Meets", lower=2.5, upper=3.5, explanation="3.2 lies in [2.5, 3.5): Meets"
    )
    assert FOUR_BANDS.choose(5).explanation == "5 lies in [4.5, 5]: Strongly exceeds"
    check_value_object(choice)


@pytest.mark.parametrize("score", [0.99, 5.01, -3, 100])
def test_a_score_outside_the_bands_is_refused(score: float) -> None:
    rejects(
        lambda: FOUR_BANDS.choose(score),
        "RatingBands.score",
        rf"^{score:g} lies outside the bands' range \[1, 5\]$",
    )


@pytest.mark.parametrize("score", [math.nan, math.inf, True, "3", None])
def test_a_score_must_be_a_number(score: Any) -> None:
    rejects(lambda: FOUR_BANDS.choose(score), "RatingBands.score", "must be a finite number")


def test_okr_colour_bands() -> None:
    colours = RatingBands.from_edges((0, 0.4, 0.7, 1), ("red", "yellow", "green"))
    assert [colours.choose(s).label for s in (0, 0.3, 0.4, 0.6, 0.7, 1)] == [
        "red",
        "red",
        "yellow",
        "yellow",
        "green",
        "green",
    ]
    assert (colours.bounds.low, colours.bounds.high) == (0, 1)


def test_bands_built_by_hand_equal_bands_from_edges() -> None:
    by_hand = RatingBands(
        bands=(
            Band(label="Needs improvement", lower=1, upper=2.5),
            Band(label="Meets", lower=2.5, upper=3.5),
            Band(label="Exceeds", lower=3.5, upper=4.5),
            Band(label="Strongly exceeds", lower=4.5, upper=5),
        )
    )
    assert by_hand == FOUR_BANDS
    assert by_hand.name == "rating_bands"
    assert (by_hand.bounds.low, by_hand.bounds.high) == (1, 5)
    check_value_object(by_hand)
    check_value_object(by_hand.bands[0])


def test_a_single_band() -> None:
    only = RatingBands(bands=(Band(label="all", lower=0, upper=1),))
    assert only.choose(1).explanation == "1 lies in [0, 1]: all"


@pytest.mark.parametrize(
    ("bands", "phrase"),
    [
        (((1, 2.5), (2.6, 3.5)), r"gap between 'b0' \(up to 2.5\) and 'b1' \(from 2.6\)"),
        (((1, 2.6), (2.5, 3.5)), r"'b0' \(up to 2.6\) overlaps 'b1' \(from 2.5\)"),
        (((2.5, 3.5), (1, 2.5)), r"must be in ascending order: 'b1' \(from 1\) comes after 'b0'"),
    ],
)
def test_bands_must_be_contiguous_and_in_order(
    bands: tuple[tuple[float, float], ...], phrase: str
) -> None:
    made = tuple(Band(label=f"b{i}", lower=lo, upper=hi) for i, (lo, hi) in enumerate(bands))
    rejects(lambda: RatingBands(bands=made), "RatingBands.bands", phrase)


def test_band_labels_must_be_distinct() -> None:
    made = (Band(label="Meets", lower=1, upper=3), Band(label="Meets", lower=3, upper=5))
    rejects(lambda: RatingBands(bands=made), "RatingBands.bands", "labels must not repeat: 'Meets'")


def test_every_band_problem_is_reported() -> None:
    made = (
        Band(label="a", lower=0, upper=1),
        Band(label="a", lower=2, upper=3),
        Band(label="c", lower=2.5, upper=4),
    )
    error = rejects_all(lambda: RatingBands(bands=made), *["RatingBands.bands"] * 3)
    assert [p.message.split()[0] for p in error.problems] == ["gap", "'a'", "labels"]


@pytest.mark.parametrize(
    ("build_band", "path", "phrase"),
    [
        (lambda: Band(label="", lower=0, upper=1), "Band.label", "must not be empty"),
        (lambda: Band(label="a", lower=1, upper=1), "Band.upper", "must be above lower 1, got 1"),
        (lambda: Band(label="a", lower=2, upper=1), "Band.upper", "must be above lower 2"),
        (lambda: Band(label="a", lower=math.nan, upper=1), "Band.lower", "finite"),
        (lambda: Band(label="a", lower=0, upper="1"), "Band.upper", "must be a number"),  # type: ignore[arg-type]
    ],
)
def test_bad_bands_are_refused(build_band: Any, path: str, phrase: str) -> None:
    rejects(build_band, path, phrase)


@pytest.mark.parametrize(
    ("bands", "path", "phrase"),
    [
        ((), "RatingBands.bands", "must not be empty"),
        ((("a", 0, 1),), "RatingBands.bands[0]", "must hold Band items"),
        ([], "RatingBands.bands", "must be a tuple"),
    ],
)
def test_rating_bands_need_bands(bands: Any, path: str, phrase: str) -> None:
    rejects(lambda: RatingBands(bands=bands), path, phrase)


def test_from_edges_needs_one_label_per_band() -> None:
    rejects(
        lambda: RatingBands.from_edges((1, 2, 3), ("low",)),
        "RatingBands.bands",
        "needs one label per band: 3 edges make 2 bands, got 1 labels",
    )
    rejects(lambda: RatingBands.from_edges((), ()), "RatingBands.bands", "make 0 bands")
    rejects(lambda: RatingBands.from_edges((1, 3, 2), ("a", "b")), "Band.upper", "above lower 3")


def test_rating_bands_round_trip() -> None:
    data = json.loads(json.dumps(FOUR_BANDS.params()))
    assert data["bands"][1] == {"label": "Meets", "lower": 2.5, "upper": 3.5}
    assert RatingBands.from_params(data) == FOUR_BANDS
    config = json.loads(json.dumps(REGISTRY.config_of(FOUR_BANDS)))
    assert REGISTRY.build(config) == FOUR_BANDS
    assert RatingBands.from_params({"bands": FOUR_BANDS.bands}) == FOUR_BANDS


@pytest.mark.parametrize(
    ("params", "path", "phrase"),
    [
        (
            {
                "bands": [
                    {"label": "a", "lower": 0, "upper": 1},
                    {"label": "b", "lower": 2, "upper": 3},
                ]
            },
            "$.params.bands",
            "gap between 'a'",
        ),
        (
            {
                "bands": [
                    {"label": "a", "lower": 0, "upper": 1},
                    {"label": "b", "lower": 1, "upper": 0},
                ]
            },
            "$.params.bands[1].upper",
            "must be above lower 1",
        ),
        (
            {"bands": [{"label": "a", "lower": 0, "upper": 1, "colour": "red"}]},
            "$.params.bands[0].colour",
            "is not a parameter",
        ),
        ({"bands": [["a", 0, 1]]}, "$.params.bands[0]", "must be an object"),
        ({"bands": [{"label": "a", "lower": 0}]}, "$.params.bands[0].upper", "is required"),
        ({"bands": []}, "$.params.bands", "must not be empty"),
        ({"bands": 5}, "$.params.bands", "must be a tuple"),
        ({"edges": [1, 2]}, "$.params.edges", "is not a parameter"),
    ],
)
def test_bad_rating_band_params_are_refused_by_path(
    params: dict[str, Any], path: str, phrase: str
) -> None:
    build_rejects("rating_bands", params, path, phrase)


# --- properties -------------------------------------------------------------------------

values = st.floats(-1000, 1000, allow_nan=False)
positive_weights = st.floats(0.001, 1000, allow_nan=False) | st.integers(1, 1000)
weights = st.just(0) | positive_weights


@st.composite
def weighted_parts(draw: st.DrawFn, *, allow_missing: bool = True) -> list[Part]:
    count = draw(st.integers(1, 8))
    value = st.none() | values if allow_missing else values
    parts = [part(f"p{i}", draw(value), draw(weights)) for i in range(count)]
    # at least one present part carries weight
    anchor = draw(st.integers(0, count - 1))
    parts[anchor] = part(f"p{anchor}", draw(values), draw(positive_weights))
    return parts


missing_rules = st.sampled_from(list(MissingRule))


def present_range(parts: list[Part], rule: MissingRule) -> tuple[float, float]:
    counted = [p.value for p in parts if p.value is not None and p.weight > 0]
    if rule is MissingRule.ZERO and any(p.value is None and p.weight > 0 for p in parts):
        counted.append(0)
    return min(counted), max(counted)


@given(weighted_parts(), st.sampled_from([MissingRule.RENORMALISE, MissingRule.ZERO]))
def test_weighted_mean_stays_within_the_counted_values(
    parts: list[Part], rule: MissingRule
) -> None:
    result = WeightedMean(require_total=None, missing=rule).combine(parts)
    low, high = present_range(parts, rule)
    assert low <= result.value <= high


@given(weighted_parts(), st.sampled_from([MissingRule.RENORMALISE, MissingRule.ZERO]))
def test_contributions_sum_to_the_value_and_applied_weights_to_1(
    parts: list[Part], rule: MissingRule
) -> None:
    result = WeightedMean(require_total=None, missing=rule).combine(parts)
    assert [c.key for c in result.contributions] == [p.key for p in parts]
    assert math.fsum(c.contribution for c in result.contributions) == pytest.approx(
        result.value, rel=1e-9, abs=1e-9
    )
    assert math.fsum(c.applied_weight for c in result.contributions) == pytest.approx(1)


@given(weighted_parts(), st.floats(0.001, 1000), missing_rules)
def test_scaling_every_weight_changes_nothing(
    parts: list[Part], factor: float, rule: MissingRule
) -> None:
    assume(rule is not MissingRule.REFUSE or all(p.value is not None for p in parts))
    mean = WeightedMean(require_total=None, missing=rule)
    scaled = [part(p.key, p.value, p.weight * factor) for p in parts]
    assume(any(p.weight > 0 and p.value is not None for p in scaled))  # no underflow to 0
    assert mean.combine(scaled).value == pytest.approx(mean.combine(parts).value, abs=1e-9)


@given(weighted_parts(allow_missing=False), st.randoms(use_true_random=False))
def test_the_order_of_the_parts_changes_nothing(parts: list[Part], rnd: random.Random) -> None:
    mean = WeightedMean(require_total=None)
    shuffled = list(parts)
    rnd.shuffle(shuffled)
    assert mean.combine(shuffled).value == mean.combine(parts).value
    assert mean.combine(parts) == mean.combine(parts)


@given(values, positive_weights)
def test_a_single_part_gives_its_own_value(value: float, weight: float) -> None:
    result = WeightedMean(require_total=None).combine([part("only", value, weight)])
    assert result.value == value
    assert result.contributions[0].applied_weight == 1


component_names = st.lists(
    st.sampled_from(["goals", "competencies", "self", "feedback", "peers", "values"]),
    min_size=1,
    max_size=6,
    unique=True,
)


@st.composite
def composites(draw: st.DrawFn) -> Composite:
    names = draw(component_names)
    configured = {name: draw(weights) for name in names}
    configured[names[0]] = draw(positive_weights)
    return Composite(weights=configured, missing=draw(missing_rules))


@given(composites(), values, st.data())
def test_one_present_component_gives_its_value_when_renormalising(
    composite: Composite, value: float, data: st.DataObject
) -> None:
    composite = Composite(weights=composite.weights, missing=MissingRule.RENORMALISE)
    weighted_names = [name for name, weight in composite.weights if weight > 0]
    name = data.draw(st.sampled_from(weighted_names))
    assert composite.combine_values({name: value}).value == value


@given(composites(), st.data())
def test_composite_stays_within_the_present_values(
    composite: Composite, data: st.DataObject
) -> None:
    given_values = {name: data.draw(st.none() | values) for name in composite.components}
    assume(composite.missing is not MissingRule.REFUSE or None not in given_values.values())
    parts = [part(name, given_values[name], weight) for name, weight in composite.weights]
    assume(any(p.value is not None and p.weight > 0 for p in parts))
    result = composite.combine_values(given_values)
    low, high = present_range(parts, composite.missing)
    assert low <= result.value <= high
    assert math.fsum(c.contribution for c in result.contributions) == pytest.approx(
        result.value, rel=1e-9, abs=1e-9
    )


@given(composites(), st.floats(0.001, 1000), st.data())
def test_scaling_composite_weights_changes_nothing(
    composite: Composite, factor: float, data: st.DataObject
) -> None:
    given_values = {name: data.draw(values) for name in composite.components}
    scaled = Composite(
        weights={name: weight * factor for name, weight in composite.weights},
        missing=composite.missing,
    )
    assert scaled.combine_values(given_values).value == pytest.approx(
        composite.combine_values(given_values).value, abs=1e-9
    )


@given(composites())
def test_composites_round_trip_through_json(composite: Composite) -> None:
    data = json.loads(json.dumps(REGISTRY.config_of(composite)))
    assert REGISTRY.build(data) == composite


@given(
    st.none() | st.floats(0.001, 1e6),
    st.floats(0, 1, allow_nan=False),
    missing_rules,
)
def test_weighted_means_round_trip_through_json(
    require_total: float | None, tolerance: float, rule: MissingRule
) -> None:
    mean = WeightedMean(require_total=require_total, tolerance=tolerance, missing=rule)
    assert REGISTRY.build(json.loads(json.dumps(REGISTRY.config_of(mean)))) == mean


@given(
    goals(goal_id=st.just("child"), parent_id=st.just("parent")),
    st.floats(-10, 10, allow_nan=False),
    st.booleans(),
)
def test_the_roll_up_of_a_single_child_is_the_child(
    child: pc.Goal, score: float, weighted: bool
) -> None:
    result = roll_up([goal("parent"), child], {"child": score}, weighted=weighted)
    assert result["parent"].value == score
    assert result["parent"].children == ("child",)


@st.composite
def goal_trees(draw: st.DrawFn) -> tuple[list[pc.Goal], dict[str, float]]:
    count = draw(st.integers(1, 10))
    tree: list[pc.Goal] = []
    for index in range(count):
        parents = [None, "company/growth"] + [g.id for g in tree]
        parent = draw(st.sampled_from(parents))
        tree.append(draw(goals(goal_id=st.just(f"g{index}"), parent_id=st.just(parent))))
    scores = {g.id: draw(st.floats(0, 1.5, allow_nan=False)) for g in tree if draw(st.booleans())}
    return tree, scores


@given(goal_trees(), st.booleans())
def test_a_parent_stays_within_its_childrens_values(
    tree_and_scores: tuple[list[pc.Goal], dict[str, float]], weighted: bool
) -> None:
    tree, scores = tree_and_scores
    result = roll_up(tree, scores, weighted=weighted)
    assert set(result) >= {g.id for g in tree}
    for node in result.values():
        if not node.children:
            continue
        used = [result[child].value for child in node.children]
        assert node.value is not None
        assert min(v for v in used if v is not None) <= node.value
        assert node.value <= max(v for v in used if v is not None)


@given(goal_trees(), st.booleans(), st.randoms(use_true_random=False))
def test_roll_up_is_deterministic_and_order_free(
    tree_and_scores: tuple[list[pc.Goal], dict[str, float]], weighted: bool, rnd: random.Random
) -> None:
    tree, scores = tree_and_scores
    first = roll_up(tree, scores, weighted=weighted)
    assert roll_up(tree, scores, weighted=weighted) == first
    shuffled = list(tree)
    rnd.shuffle(shuffled)
    again = roll_up(shuffled, scores, weighted=weighted)
    assert {k: r.value for k, r in again.items()} == {k: r.value for k, r in first.items()}


@given(goal_trees(), st.data())
def test_withdrawn_goals_never_appear(
    tree_and_scores: tuple[list[pc.Goal], dict[str, float]], data: st.DataObject
) -> None:
    tree, scores = tree_and_scores
    gone = data.draw(st.sets(st.sampled_from([g.id for g in tree])))
    result = roll_up(tree, scores, withdrawn=gone)
    assert not gone & set(result)
    for node in result.values():
        assert not gone & set(node.children)
        assert not gone & {c.key for c in node.contributions}


@given(goal_trees())
def test_a_weighted_parent_is_the_weighted_mean_of_its_children(
    tree_and_scores: tuple[list[pc.Goal], dict[str, float]],
) -> None:
    tree, scores = tree_and_scores
    result = roll_up(tree, scores)
    by_id = {g.id: g for g in tree}
    for node in result.values():
        kids = [by_id[c.key] for c in node.contributions]
        if node.value is None or not kids or all(k.weight == 0 for k in kids):
            continue
        parts = [part(k.id, result[k.id].value, k.weight) for k in kids]
        assert RELATIVE.combine(parts).value == node.value


@st.composite
def band_sets(draw: st.DrawFn) -> RatingBands:
    edges = sorted(draw(st.lists(st.floats(-100, 100), min_size=2, max_size=7, unique=True)))
    labels = [f"level {i}" for i in range(len(edges) - 1)]
    return RatingBands.from_edges(edges, labels)


@given(band_sets(), st.data())
def test_every_score_in_range_has_exactly_the_band_that_holds_it(
    bands: RatingBands, data: st.DataObject
) -> None:
    low, high = bands.bands[0].lower, bands.bands[-1].upper
    score = data.draw(st.floats(low, high))
    choice = bands.choose(score)
    assert choice.lower <= score <= choice.upper
    assert score < choice.upper or choice.upper == high
    holding = [b for b in bands.bands if b.lower <= score < b.upper]
    assert holding in ([], [bands.bands[[b.label for b in bands.bands].index(choice.label)]])


@given(band_sets(), st.data())
def test_a_higher_score_never_gets_a_lower_band(bands: RatingBands, data: st.DataObject) -> None:
    low, high = bands.bands[0].lower, bands.bands[-1].upper
    first, second = sorted(data.draw(st.lists(st.floats(low, high), min_size=2, max_size=2)))
    labels = [b.label for b in bands.bands]
    assert labels.index(bands.choose(first).label) <= labels.index(bands.choose(second).label)


@given(band_sets())
def test_rating_bands_round_trip_through_json(bands: RatingBands) -> None:
    data = json.loads(json.dumps(REGISTRY.config_of(bands)))
    assert REGISTRY.build(data) == bands
    assert isinstance(REGISTRY.build(data).choose(bands.bands[0].lower), BandChoice)


def test_combinations_are_records() -> None:
    result = WeightedMean().combine([part("g1", 1, 100)])
    assert isinstance(result, Combination)
    check_value_object(result)
