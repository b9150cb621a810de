"""The strategy registry (perfcore.strategies) as scoring uses it: names, data, plugins."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

import perfcore as pc
from expect import rejects, rejects_all
from perfcore.scoring import (
    DEFAULT_REGISTRY,
    ENTRY_POINT_GROUP,
    GOAL_SCORERS,
    BaselineProgress,
    Composite,
    OkrGrade,
    RatingBands,
    Registry,
    ScaleRating,
    StrategyConfig,
    ThresholdTargetStretch,
    WeightedMean,
    YesNo,
)

BUILT_INS = (
    "baseline_progress",
    "composite",
    "milestone_completion",
    "okr_grade",
    "rating_bands",
    "scale_rating",
    "threshold_target_stretch",
    "weighted_mean",
    "yes_no",
)
KNOWN = ", ".join(BUILT_INS)


# --- a plugin strategy, loaded through (fake) entry points -------------------------------


@attrs.frozen
class Flat:
    """A plugin scorer stand-in: every result scores ``level``."""

    level: float = 1.0
    built: int = attrs.field(default=0, eq=False)

    @property
    def name(self) -> str:
        return "flat"

    def params(self) -> dict[str, Any]:
        return {"level": self.level}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Flat:
        if not isinstance(params.get("level", 1.0), int | float):
            raise pc.ValidationError.single("params.level", "must be a number")
        return cls(**params)


def make_flat(params: Mapping[str, Any]) -> Flat:
    """A plain factory function (no ``from_params``), as an entry point may name."""
    return Flat(level=params.get("level", 0.5))


def entry_point(name: str, value: str) -> importlib.metadata.EntryPoint:
    return importlib.metadata.EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)


def install(monkeypatch: pytest.MonkeyPatch, *points: importlib.metadata.EntryPoint) -> list[str]:
    """Make ``importlib.metadata.entry_points`` report ``points``; returns the groups asked."""
    asked: list[str] = []

    def fake(*, group: str) -> importlib.metadata.EntryPoints:
        asked.append(group)
        return importlib.metadata.EntryPoints(p for p in points if p.group == group)

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    return asked


# --- names and registering -------------------------------------------------------------


def test_the_default_registry_knows_every_built_in() -> None:
    assert DEFAULT_REGISTRY.names() == BUILT_INS
    assert {cls.NAME for cls in GOAL_SCORERS} < set(BUILT_INS)


def test_an_empty_registry_knows_nothing() -> None:
    empty = Registry.empty()
    assert empty.names() == ()
    assert empty == Registry()
    rejects(
        lambda: empty.build({"strategy": "yes_no"}),
        "$.strategy",
        r"unknown .*'yes_no'; known: none",
    )


def test_register_returns_a_new_registry_and_leaves_the_old_one_alone() -> None:
    before = Registry.empty()
    after = before.register("flat", Flat.from_params)
    assert after is not before
    assert before.names() == ()
    assert after.names() == ("flat",)
    assert after.build({"strategy": "flat", "params": {"level": 0.3}}) == Flat(level=0.3)
    bigger = DEFAULT_REGISTRY.register("flat", Flat.from_params)
    assert DEFAULT_REGISTRY.names() == BUILT_INS
    assert bigger.names() == tuple(sorted((*BUILT_INS, "flat")))


def test_registries_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DEFAULT_REGISTRY._factories = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        DEFAULT_REGISTRY._factories["flat"] = Flat.from_params  # type: ignore[index]


@pytest.mark.parametrize(
    "name", ["Flat", "my-curve", "1curve", "_curve", "", "curve!", "flat curve", 3, None]
)
def test_register_refuses_a_name_that_is_not_a_lowercase_identifier(name: Any) -> None:
    rejects(
        lambda: Registry.empty().register(name, Flat.from_params),
        "Registry.name",
        "must be a lowercase identifier like 'my_curve'",
    )


def test_register_refuses_a_taken_name() -> None:
    rejects(
        lambda: DEFAULT_REGISTRY.register("yes_no", Flat.from_params),
        "Registry.name",
        "'yes_no' is already registered",
    )


@pytest.mark.parametrize("factory", [None, 3, "Flat.from_params", Flat()])
def test_register_refuses_a_factory_that_is_not_callable(factory: Any) -> None:
    rejects(
        lambda: Registry.empty().register("flat", factory),
        "Registry.factory",
        "must be callable",
    )


# --- building from data ----------------------------------------------------------------


def test_build_from_a_mapping_or_a_strategy_config() -> None:
    data = {"strategy": "baseline_progress", "params": {"cap": None}}
    assert DEFAULT_REGISTRY.build(data) == BaselineProgress(cap=None)
    config = StrategyConfig(strategy="baseline_progress", params={"cap": 1.2})
    assert DEFAULT_REGISTRY.build(config) == BaselineProgress(cap=1.2)


def test_params_may_be_left_out_for_the_defaults() -> None:
    assert DEFAULT_REGISTRY.build({"strategy": "okr_grade"}) == OkrGrade()
    assert DEFAULT_REGISTRY.build(StrategyConfig(strategy="weighted_mean")) == WeightedMean()


def test_build_refuses_an_unknown_strategy_and_lists_the_known_ones() -> None:
    err = rejects(
        lambda: DEFAULT_REGISTRY.build({"strategy": "payout_curve"}),
        "$.strategy",
        "unknown strategy 'payout_curve'",
    )
    assert err.problems[0].message.endswith(f"known: {KNOWN}")


def test_build_puts_problems_under_the_given_path() -> None:
    rejects(
        lambda: DEFAULT_REGISTRY.build({"strategy": "nope"}, path="$.bands"),
        "$.bands.strategy",
        "unknown strategy 'nope'",
    )
    rejects(
        lambda: DEFAULT_REGISTRY.build(
            {"strategy": "weighted_mean", "params": {"x": 1}}, path="$.goal_combiner"
        ),
        "$.goal_combiner.params.x",
        "is not a parameter of this strategy",
    )


def test_build_refuses_a_missing_strategy_name() -> None:
    rejects(lambda: DEFAULT_REGISTRY.build({"params": {}}), "$.strategy", "is required")
    rejects(lambda: DEFAULT_REGISTRY.build({"strategy": 7}), "$.strategy", "is required")


@pytest.mark.parametrize("params", [[], "cap", 1, None])
def test_build_refuses_params_that_are_not_an_object(params: object) -> None:
    rejects(
        lambda: DEFAULT_REGISTRY.build({"strategy": "baseline_progress", "params": params}),
        "$.params",
        f"must be an object, got {type(params).__name__}",
    )


@pytest.mark.parametrize("config", [None, "yes_no", ["yes_no"], 3])
def test_build_refuses_a_config_that_is_not_an_object(config: object) -> None:
    rejects(lambda: DEFAULT_REGISTRY.build(config), "$", "must be an object")


def test_build_refuses_an_unknown_param() -> None:
    rejects(
        lambda: DEFAULT_REGISTRY.build({"strategy": "baseline_progress", "params": {"x": 1}}),
        "$.params.x",
        "is not a parameter of this strategy",
    )


@pytest.mark.parametrize(
    ("strategy", "params", "path", "phrase"),
    [
        ("baseline_progress", {"cap": 0}, "$.params.cap", "must be above 0"),
        ("baseline_progress", {"cap": "high"}, "$.params.cap", "must be a number"),
        ("weighted_mean", {"missing": "skip"}, "$.params.missing", "must be one of"),
        ("weighted_mean", {"tolerance": -1}, "$.params.tolerance", "at least 0"),
        ("threshold_target_stretch", {"target_payout": 0.2}, "$.params.target_payout", "above"),
        (
            "scale_rating",
            {"to_scale": {"minimum": 5, "maximum": 1}},
            "$.params.to_scale.maximum",
            "",
        ),
        ("rating_bands", {"bands": ["low"]}, "$.params.bands[0]", "must be an object"),
        ("rating_bands", {}, "$.params.bands", "is required"),
    ],
)
def test_build_reports_a_bad_param_value_at_its_path(
    strategy: str, params: dict[str, Any], path: str, phrase: str
) -> None:
    rejects(lambda: DEFAULT_REGISTRY.build({"strategy": strategy, "params": params}), path, phrase)


def test_build_reports_every_problem_of_the_data_at_once() -> None:
    rejects_all(
        lambda: DEFAULT_REGISTRY.build({"strategy": 1, "params": 2, "kind": "x"}),
        "$.kind",
        "$.strategy",
        "$.params",
    )


def test_problems_a_factory_reports_without_a_dollar_go_under_the_config_path() -> None:
    registry = Registry.empty().register("flat", Flat.from_params)
    rejects(
        lambda: registry.build({"strategy": "flat", "params": {"level": "x"}}),
        "$.params.level",
        "must be a number",
    )
    rejects(
        lambda: registry.build({"strategy": "flat", "params": {"level": "x"}}, path="$.scorer"),
        "$.scorer.params.level",
        "must be a number",
    )


# --- strategies back to data -------------------------------------------------------------


@pytest.mark.parametrize(
    "strategy",
    [
        ThresholdTargetStretch(threshold_payout=0.8, target_payout=1, stretch_payout=1.2),
        BaselineProgress(cap=None),
        OkrGrade(bands=((0, "red"), (0.5, "green"))),
        ScaleRating(to_scale=pc.RatingScale(minimum=0, maximum=100)),
        YesNo(),
        WeightedMean(require_total=None),
        Composite(weights={"goals": 3, "self": 1}),
        RatingBands.from_edges((0, 1, 2), ("low", "high")),
    ],
)
def test_config_of_and_build_round_trip(strategy: Any) -> None:
    config = DEFAULT_REGISTRY.config_of(strategy)
    assert config == {"strategy": strategy.name, "params": strategy.params()}
    assert DEFAULT_REGISTRY.build(config) == strategy


def test_config_of_refuses_an_unregistered_strategy() -> None:
    rejects(
        lambda: Registry.empty().config_of(YesNo()), "strategy", "'yes_no' is not registered here"
    )
    rejects(lambda: DEFAULT_REGISTRY.config_of(Flat()), "strategy", "'flat' is not registered")


class _NameOnly:
    name = "yes_no"
    params = None


@pytest.mark.parametrize("thing", [object(), "yes_no", None, _NameOnly(), YesNo])
def test_config_of_refuses_what_is_not_a_strategy(thing: object) -> None:
    rejects(lambda: DEFAULT_REGISTRY.config_of(thing), "strategy", "must have a name and params()")


# --- StrategyConfig ------------------------------------------------------------------------


def test_strategy_config_to_and_from_data() -> None:
    config = StrategyConfig(strategy="baseline_progress", params={"cap": None})
    assert config.to_data() == {"strategy": "baseline_progress", "params": {"cap": None}}
    assert StrategyConfig.from_data(config.to_data()) == config
    assert StrategyConfig.from_data({"strategy": "yes_no"}) == StrategyConfig(strategy="yes_no")
    assert StrategyConfig(strategy="yes_no").params == {}


def test_strategy_config_data_is_a_copy() -> None:
    params = {"cap": 2}
    config = StrategyConfig.from_data({"strategy": "baseline_progress", "params": params})
    params["cap"] = 3
    assert config.params == {"cap": 2}
    config.to_data()["params"]["cap"] = 4
    assert config.params == {"cap": 2}


@pytest.mark.parametrize("data", [None, "yes_no", ["yes_no"], 3])
def test_strategy_config_from_data_refuses_a_non_object(data: object) -> None:
    rejects(lambda: StrategyConfig.from_data(data, path="$.x"), "$.x", "must be an object")


def test_strategy_config_from_data_reports_every_problem() -> None:
    err = rejects_all(
        lambda: StrategyConfig.from_data(
            {"strategy": None, "params": [1], "zeta": 1, "alpha": 2}, path="$.bands"
        ),
        "$.bands.alpha",
        "$.bands.zeta",
        "$.bands.strategy",
        "$.bands.params",
    )
    messages = [p.message for p in err.problems]
    assert messages == [
        "is not a known field",
        "is not a known field",
        "is required (a name)",
        "must be an object, got list",
    ]


def test_strategy_config_equality_and_hash() -> None:
    one = StrategyConfig(strategy="weighted_mean", params={"require_total": None})
    same = StrategyConfig(strategy="weighted_mean", params={"require_total": None})
    other_params = StrategyConfig(strategy="weighted_mean", params={"require_total": 100})
    other_name = StrategyConfig(strategy="composite", params={"require_total": None})
    assert one == same
    assert hash(one) == hash(same)
    assert len({one, same}) == 1
    assert one != other_params
    assert one != other_name
    assert one != one.to_data()
    assert one.__eq__("weighted_mean") is NotImplemented
    assert len({one, other_params, other_name}) == 3


def test_strategy_config_is_frozen() -> None:
    config = StrategyConfig(strategy="yes_no")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.strategy = "okr_grade"  # type: ignore[misc]


# --- entry points ------------------------------------------------------------------------


def test_entry_points_add_strategies_that_load_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = install(
        monkeypatch,
        entry_point("flat", f"{__name__}:Flat"),
        entry_point("flat_function", f"{__name__}:make_flat"),
        importlib.metadata.EntryPoint(
            name="elsewhere", value=f"{__name__}:Flat", group="other.group"
        ),
    )
    registry = DEFAULT_REGISTRY.with_entry_points()
    assert asked == [ENTRY_POINT_GROUP]
    assert registry.names() == tuple(sorted((*BUILT_INS, "flat", "flat_function")))
    assert DEFAULT_REGISTRY.names() == BUILT_INS
    built = registry.build({"strategy": "flat", "params": {"level": 0.25}})
    assert built == Flat(level=0.25)
    assert registry.config_of(built) == {"strategy": "flat", "params": {"level": 0.25}}
    assert registry.build({"strategy": "flat_function"}) == Flat(level=0.5)
    rejects(
        lambda: registry.build({"strategy": "flat", "params": {"level": []}}),
        "$.params.level",
        "must be a number",
    )


def test_entry_points_are_loaded_only_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, entry_point("missing_plugin", "perfcore_no_such_plugin.curves:Curve"))
    registry = DEFAULT_REGISTRY.with_entry_points()  # nothing is imported yet
    assert "missing_plugin" in registry.names()
    with pytest.raises(ModuleNotFoundError, match="perfcore_no_such_plugin"):
        registry.build({"strategy": "missing_plugin"})


def test_entry_points_of_another_group(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = install(
        monkeypatch,
        importlib.metadata.EntryPoint(name="flat", value=f"{__name__}:Flat", group="acme.scoring"),
    )
    registry = Registry.empty().with_entry_points("acme.scoring")
    assert asked == ["acme.scoring"]
    assert registry.names() == ("flat",)


def test_an_empty_entry_point_group_gives_an_equal_registry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(monkeypatch)
    assert DEFAULT_REGISTRY.with_entry_points() == DEFAULT_REGISTRY
    assert Registry.empty("acme.scoring").with_entry_points() == Registry.empty("acme.scoring")


def test_entry_points_are_registered_in_name_order_and_clashes_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(monkeypatch, entry_point("zeta", f"{__name__}:Flat"), entry_point("yes_no", "x:y"))
    rejects(DEFAULT_REGISTRY.with_entry_points, "Registry.name", "'yes_no' is already registered")
    install(monkeypatch, entry_point("Bad-Name", f"{__name__}:Flat"))
    rejects(DEFAULT_REGISTRY.with_entry_points, "Registry.name", "lowercase identifier")
