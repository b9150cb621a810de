"""Which interventions follow from which root cause: CauseInterventions."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.improvement import (
    DEFAULT_CAUSE_INTERVENTIONS,
    DEFAULT_REGISTRY,
    IMPROVEMENT_STRATEGIES,
    CauseInterventions,
)
from perfcore.improvement import InterventionKind as K
from perfcore.scoring import Registry
from perfcore.serialization import make_converter
from perfcore.testing._improvement_strategies import cause_interventions
from perfcore.testing.strategies import root_causes

C = pc.CauseCategory
MANAGEMENT, EMPLOYEE = pc.Attribution.MANAGEMENT, pc.Attribution.EMPLOYEE


def cause(category: pc.CauseCategory, attribution: pc.Attribution | None = None) -> pc.RootCause:
    return pc.RootCause(
        id="rc1", goal_id="g1", category=category, description="why", attribution=attribution
    )


DEFAULT_TABLE: list[tuple[pc.RootCause, tuple[K, ...]]] = [
    (cause(C.RESOURCES), (K.REMOVE_OBSTACLES,)),
    (cause(C.ENVIRONMENT), (K.REMOVE_OBSTACLES, K.REDESIGN)),
    (cause(C.UNREALISTIC_GOAL), (K.REDESIGN, K.CLARIFY_EXPECTATIONS)),
    (cause(C.EXPECTATIONS), (K.CLARIFY_EXPECTATIONS, K.COACHING)),
    (cause(C.KNOWLEDGE), (K.TRAINING, K.COUNSELLING)),
    (cause(C.EXPERIENCE), (K.PRACTICE, K.STRETCH_ASSIGNMENT, K.ROTATION, K.MENTORING)),
    (cause(C.ATTITUDE, MANAGEMENT), (K.MANAGEMENT_FIX, K.COACHING)),
    (cause(C.ATTITUDE, EMPLOYEE), (K.CONVERSATION, K.COACHING, K.COUNSELLING)),
    (cause(C.CAPACITY), (K.REDESIGN, K.COACHING)),
]


@pytest.mark.parametrize(("root_cause", "expected"), DEFAULT_TABLE)
def test_default_mapping(root_cause: pc.RootCause, expected: tuple[K, ...]) -> None:
    assert DEFAULT_CAUSE_INTERVENTIONS.allowed_for(root_cause) == expected
    for kind in K:
        assert DEFAULT_CAUSE_INTERVENTIONS.follows_from(kind, root_cause) is (kind in expected)


def test_the_default_is_the_bare_constructor() -> None:
    assert CauseInterventions() == DEFAULT_CAUSE_INTERVENTIONS


def test_one_field_per_cause_and_two_for_attitude() -> None:
    fields = [f.name for f in attrs.fields(CauseInterventions)]
    assert fields == [
        "resources",
        "environment",
        "unrealistic_goal",
        "expectations",
        "knowledge",
        "experience",
        "attitude_management",
        "attitude_employee",
        "capacity",
    ]
    assert {c.value for c in C} - set(fields) == {"attitude"}


def test_attitude_follows_its_attribution() -> None:
    mapping = CauseInterventions(
        attitude_management=(K.MANAGEMENT_FIX,), attitude_employee=(K.CONVERSATION,)
    )
    assert mapping.allowed_for(cause(C.ATTITUDE, MANAGEMENT)) == (K.MANAGEMENT_FIX,)
    assert mapping.allowed_for(cause(C.ATTITUDE, EMPLOYEE)) == (K.CONVERSATION,)
    assert not mapping.follows_from(K.CONVERSATION, cause(C.ATTITUDE, MANAGEMENT))
    assert mapping.follows_from(K.CONVERSATION, cause(C.ATTITUDE, EMPLOYEE))


def test_a_custom_mapping_is_applied_in_its_order() -> None:
    mapping = CauseInterventions(knowledge=(K.MENTORING, K.TRAINING))
    assert mapping.allowed_for(cause(C.KNOWLEDGE)) == (K.MENTORING, K.TRAINING)
    assert not mapping.follows_from(K.COUNSELLING, cause(C.KNOWLEDGE))
    assert mapping.allowed_for(cause(C.RESOURCES)) == (K.REMOVE_OBSTACLES,)  # default kept


@given(cause_interventions(), root_causes())
def test_allowed_for_reads_the_field_of_the_cause(
    mapping: CauseInterventions, root_cause: pc.RootCause
) -> None:
    field = root_cause.category.value
    if root_cause.attribution is not None:
        field += f"_{root_cause.attribution.value}"
    assert mapping.allowed_for(root_cause) == getattr(mapping, field)
    for kind in K:
        assert mapping.follows_from(kind, root_cause) is (kind in getattr(mapping, field))


# --- params and the registry --------------------------------------------------------------


def test_default_params() -> None:
    assert CauseInterventions().params() == {
        "resources": ["remove_obstacles"],
        "environment": ["remove_obstacles", "redesign"],
        "unrealistic_goal": ["redesign", "clarify_expectations"],
        "expectations": ["clarify_expectations", "coaching"],
        "knowledge": ["training", "counselling"],
        "experience": ["practice", "stretch_assignment", "rotation", "mentoring"],
        "attitude_management": ["management_fix", "coaching"],
        "attitude_employee": ["conversation", "coaching", "counselling"],
        "capacity": ["redesign", "coaching"],
    }
    assert CauseInterventions.from_params({}) == CauseInterventions()
    assert CauseInterventions().name == CauseInterventions.NAME == "cause_interventions"


@given(cause_interventions())
def test_params_round_trip_through_json(mapping: CauseInterventions) -> None:
    data = json.loads(json.dumps(mapping.params()))
    assert CauseInterventions.from_params(data) == mapping


@given(cause_interventions())
def test_params_round_trip_through_the_registry(mapping: CauseInterventions) -> None:
    config = json.loads(json.dumps(DEFAULT_REGISTRY.config_of(mapping)))
    assert config["strategy"] == "cause_interventions"
    assert DEFAULT_REGISTRY.build(config) == mapping


def test_the_registry_builds_a_stored_mapping() -> None:
    assert DEFAULT_REGISTRY.names() == ("cause_interventions",)
    stored = {"strategy": "cause_interventions", "params": {"knowledge": ["mentoring"]}}
    assert DEFAULT_REGISTRY.build(stored) == CauseInterventions(knowledge=(K.MENTORING,))


def test_improvement_strategies_register_anywhere() -> None:
    registry = Registry.empty()
    for strategy in IMPROVEMENT_STRATEGIES:
        registry = registry.register(strategy.NAME, strategy.from_params)
    assert registry.names() == ("cause_interventions",)


@given(cause_interventions())
def test_the_converter_round_trips_a_mapping(mapping: CauseInterventions) -> None:
    conv = make_converter()
    data = json.loads(json.dumps(conv.unstructure(mapping)))
    assert data == mapping.params()
    assert conv.structure(data, CauseInterventions) == mapping


@given(cause_interventions())
def test_mappings_are_value_objects(mapping: CauseInterventions) -> None:
    check_value_object(mapping)


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "path", "phrase"),
    [
        ({"knowledge": ["training", "trainig"]}, "$.params.knowledge[1]", "must be one of"),
        ({"capacity": [{"kind": "x"}]}, "$.params.capacity[0]", "'training', 'counselling'"),
        ({"resources": "remove_obstacles"}, "$.params.resources", "must be a list"),
        ({"experience": []}, "$.params.experience", "must not be empty"),
        ({"expectations": ["coaching", "coaching"]}, "$.params.expectations", "must not repeat"),
        ({"attitude": ["coaching"]}, "$.params.attitude", "is not a parameter of this strategy"),
    ],
)
def test_bad_params_are_refused(params: dict[str, Any], path: str, phrase: str) -> None:
    rejects(lambda: CauseInterventions.from_params(params), path, phrase)
    rejects(
        lambda: DEFAULT_REGISTRY.build({"strategy": "cause_interventions", "params": params}),
        path,
        phrase,
    )


def test_every_bad_param_is_reported() -> None:
    rejects_all(
        lambda: CauseInterventions.from_params(
            {"knowledge": ["x"], "capacity": "redesign", "colour": "red"}
        ),
        "$.params.knowledge[0]",
        "$.params.capacity",
        "$.params.colour",
    )
    rejects_all(
        lambda: CauseInterventions.from_params({"knowledge": [], "capacity": ["redesign"] * 2}),
        "$.params.knowledge",
        "$.params.capacity",
    )


def test_params_must_be_an_object() -> None:
    rejects(
        lambda: CauseInterventions.from_params(["knowledge"]),  # type: ignore[arg-type]
        "$.params",
        "must be an object",
    )


def test_the_converter_refuses_bad_data() -> None:
    rejects(
        lambda: make_converter().structure({"knowledge": ["trainig"]}, CauseInterventions),
        "$.knowledge[0]",
        "trainig",
    )


def test_a_cause_needs_a_list_of_interventions() -> None:
    rejects(
        lambda: CauseInterventions(knowledge=("training",)),  # type: ignore[arg-type]
        "CauseInterventions.knowledge[0]",
        "must hold InterventionKind items, got str 'training'",
    )


def test_a_cause_needs_at_least_one_intervention() -> None:
    rejects(lambda: CauseInterventions(capacity=()), "CauseInterventions.capacity", "not be empty")


def test_a_cause_lists_each_intervention_once() -> None:
    rejects(
        lambda: CauseInterventions(resources=(K.REDESIGN, K.REDESIGN)),
        "CauseInterventions.resources",
        "must not repeat items",
    )


def test_every_bad_field_is_reported() -> None:
    rejects_all(
        lambda: CauseInterventions(resources=(), capacity=()),
        "CauseInterventions.resources",
        "CauseInterventions.capacity",
    )


def test_allowed_for_needs_a_root_cause() -> None:
    rejects(
        lambda: CauseInterventions().allowed_for("knowledge"),  # type: ignore[arg-type]
        "cause",
        "must be a RootCause, got str 'knowledge'",
    )


def test_follows_from_needs_an_intervention_kind() -> None:
    rejects(
        lambda: CauseInterventions().follows_from("training", cause(C.KNOWLEDGE)),  # type: ignore[arg-type]
        "kind",
        "must be an InterventionKind, got str 'training'",
    )
    rejects(
        lambda: CauseInterventions().follows_from(K.TRAINING, None),  # type: ignore[arg-type]
        "cause",
        "must be a RootCause",
    )
