"""JSON Schema: what perfcore writes fits its schema, bad documents do not, limits are derived."""

from __future__ import annotations

import copy
import enum
import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcore as pc
import public_samples
from perfcore import _validators as v
from perfcore.calibration import CALIBRATION_EVENT_TYPES
from perfcore.cycle import COMMAND_BY_NAME
from perfcore.cycle.events import EVENT_TYPES
from perfcore.feedback import FeedbackRequest
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES
from perfcore.oversight import Finding
from perfcore.schema import DIALECT, command_schemas, event_schemas, json_schema
from perfcore.scoring import Part as ScorePart
from perfcore.serialization import SCHEMA_VERSION, make_converter
from perfcore.testing import strategies as ps
from perfcore.visibility import CycleView, FeedbackView, Part, view_cycle, view_feedback
from strategies import EMPLOYEE, HR, MANAGER, Run, cycle_runs
from test_serialization import full_cycle, goal_data

CONV = make_converter()

DOCUMENTS: tuple[Any, ...] = (
    pc.Cycle,
    FeedbackRequest,
    CycleView,
    FeedbackView,
    *COMMAND_BY_NAME.values(),
    *EVENT_TYPES,
    *FEEDBACK_EVENT_TYPES,
)
"""The documents an app stores or exchanges: cycles, requests, views, commands, events."""


@functools.cache
def validator(cls: Any) -> Any:
    """A checked validator for the schema of ``cls`` (dates checked by their format too)."""
    schema = json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(cls: Any, data: object) -> list[str]:
    """Where ``data`` does not fit the schema of ``cls``: ``path: message`` each."""
    return [f"{error.json_path}: {error.message}" for error in validator(cls).iter_errors(data)]


def assert_fits(obj: object, cls: Any = None) -> dict[str, Any]:
    """``obj`` as stored (through JSON text) fits the schema of its class; returns the data."""
    cls = type(obj) if cls is None else cls
    data: dict[str, Any] = json.loads(CONV.dumps(obj))
    assert errors(cls, data) == [], f"{cls.__name__}: {errors(cls, data)[:3]}"
    return data


@functools.cache
def documented() -> dict[str, type]:
    """Every public record inside the documents (by name), as their schemas name them."""
    public = {cls.__name__: cls for cls in public_samples.public_classes()}
    names = {name for cls in DOCUMENTS for name in json_schema(cls).get("$defs", {})}
    return {name: public[name] for name in sorted(names & public.keys())}


# --- every document fits ------------------------------------------------------------


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(public_samples.samples())
def test_every_public_record_in_a_document_fits_its_schema(roots: list[object]) -> None:
    inside = set(documented().values()) | set(DOCUMENTS)
    seen: set[type] = set()
    for cls, values in public_samples.by_class(roots).items():
        if cls in inside:
            seen.add(cls)
            for value in values[:20]:
                assert_fits(value)
    assert pc.Cycle in seen
    assert CycleView in seen
    assert FeedbackView in seen


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycle_runs(max_steps=40))
def test_random_cycles_their_events_and_views_fit(run: Run) -> None:
    data = assert_fits(run.cycle)
    by_tag = event_schemas()
    for stored in data["events"]:
        found = jsonschema.Draft202012Validator(by_tag[stored["type"]]).iter_errors(stored)
        assert list(found) == []
    for actor in (EMPLOYEE, MANAGER, HR):
        assert_fits(view_cycle(run.cycle, actor))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ps.feedback_requests())
def test_random_feedback_requests_and_their_views_fit(request: FeedbackRequest) -> None:
    assert_fits(request)
    manager = pc.Actor(person_id=request.manager_id, role=pc.Role.MANAGER)
    assert_fits(view_feedback(request, manager))


@settings(max_examples=50, deadline=None)
@given(st.from_type(pc.Goal))
def test_goals_fit_alone_and_as_members_of_the_measure_family(goal: pc.Goal) -> None:
    data = assert_fits(goal)
    if goal.measure is not None:
        assert errors(pc.Measure, data["measure"]) == []


def test_the_schemas_are_json_and_draft_2020_12() -> None:
    for cls in DOCUMENTS:
        schema = json_schema(cls)
        assert schema["$schema"] == DIALECT
        assert json.loads(json.dumps(schema)) == schema
        jsonschema.Draft202012Validator.check_schema(schema)


# --- the shape ----------------------------------------------------------------------


def test_fields_required_types_and_limits_of_a_record() -> None:
    schema = json_schema(pc.Goal)
    assert schema["title"] == "Goal"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["id", "title"]  # weight, kind, measure, ... have defaults
    props = schema["properties"]
    assert props["title"] == {"type": "string", "minLength": 1, "pattern": r"\S", "maxLength": 500}
    assert props["weight"] == {"type": "number", "minimum": 0, "maximum": 100}
    assert props["due"] == {"type": ["string", "null"], "format": "date"}
    assert props["kind"] == {"$ref": "#/$defs/GoalKind"}
    assert schema["$defs"]["GoalKind"]["enum"] == ["performance", "development"]
    assert props["measure"] == {"anyOf": [{"$ref": "#/$defs/Measure"}, {"type": "null"}]}


def test_the_measure_family_is_told_apart_by_its_type_tag() -> None:
    schema = json_schema(pc.Measure)
    assert [ref["$ref"] for ref in schema["oneOf"]] == [
        "#/$defs/NumericMeasure",
        "#/$defs/MilestoneMeasure",
        "#/$defs/YesNoMeasure",
        "#/$defs/ScaleMeasure",
    ]
    numeric = schema["$defs"]["NumericMeasure"]
    assert numeric["properties"]["type"] == {"const": "numeric"}
    assert numeric["required"][0] == "type"
    assert "schema_version" not in numeric["properties"]  # measures are not versioned


def test_events_carry_their_tag_and_version() -> None:
    schema = event_schemas()["goal_proposed"]
    assert schema["properties"]["type"] == {"const": "goal_proposed"}
    assert schema["properties"]["schema_version"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": SCHEMA_VERSION,
    }
    assert schema["required"][:2] == ["type", "schema_version"]
    assert schema["properties"]["actor"] == {"$ref": "#/$defs/Actor"}
    assert schema["$defs"]["Role"]["type"] == "string"  # a role is stored as its name
    assert schema["$defs"]["Role"]["pattern"] == "^[a-z][a-z0-9_]*$"


def test_a_stored_cycle_needs_its_version_and_events_and_may_leave_out_its_state() -> None:
    schema = json_schema(pc.Cycle)
    assert schema["required"] == ["schema_version", "events"]
    assert schema["properties"]["type"] == {"const": "cycle"}
    assert schema["properties"]["events"] == {
        "type": "array",
        "items": {"$ref": "#/$defs/Event"},
        "minItems": 1,
    }
    assert "policy" not in schema["properties"]  # the policy is the app's, never stored
    tags = {
        schema["$defs"][ref["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"]
        for ref in schema["$defs"]["Event"]["oneOf"]
    }
    assert tags == {event.TAG for event in EVENT_TYPES}
    assert json_schema(FeedbackRequest)["properties"]["type"] == {"const": "feedback_request"}


def test_every_command_and_event_by_its_stable_name() -> None:
    commands = command_schemas()
    assert list(commands) == list(COMMAND_BY_NAME)
    assert commands["propose_goal"]["title"] == "ProposeGoal"
    assert commands["propose_goal"]["required"] == ["goal"]
    events = event_schemas()
    families = (*EVENT_TYPES, *FEEDBACK_EVENT_TYPES, *CALIBRATION_EVENT_TYPES)
    assert set(events) == {getattr(e, "TAG") for e in families}  # noqa: B009
    assert len(events) == len(families)
    assert events["feedback_given"]["title"] == "FeedbackGiven"
    assert events["rating_moved"]["required"][-3:] == ["cycle_id", "value", "previous"]


def refs(node: object) -> Iterator[str]:
    """Every ``$ref`` in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


@pytest.mark.parametrize("cls", DOCUMENTS[:4], ids=lambda cls: cls.__name__)
def test_every_reference_resolves_and_every_definition_is_used(cls: type) -> None:
    schema = json_schema(cls)
    used = set(refs(schema))
    assert used == {f"#/$defs/{name}" for name in schema["$defs"]}


def test_a_ref_template_for_openapi_components() -> None:
    schema = json_schema(pc.cycle.ProposeGoal, ref_template="#/components/schemas/{name}")
    assert schema["properties"]["goal"] == {"$ref": "#/components/schemas/Goal"}
    assert all(ref.startswith("#/components/schemas/") for ref in refs(schema))
    assert "Goal" in schema["$defs"]


def test_a_record_that_refers_to_itself_stays_in_its_defs() -> None:
    @attrs.frozen(kw_only=True)
    class Node:
        label: str = attrs.field(validator=v.text(max_length=20))
        child: Node | None = attrs.field(default=None)

    globals()["Node"] = Node  # so its annotation resolves
    try:
        schema = json_schema(Node)
    finally:
        del globals()["Node"]
    assert schema["properties"]["child"] == {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}
    assert schema["$defs"]["Node"]["properties"]["label"]["maxLength"] == 20
    checker = jsonschema.Draft202012Validator(schema)
    assert checker.is_valid({"label": "a", "child": {"label": "b", "child": None}})
    assert not checker.is_valid({"label": "a", "child": {"label": "b" * 21}})


def test_two_types_of_one_name_are_told_apart_by_module() -> None:
    @attrs.frozen(kw_only=True)
    class Both:
        hidden: Part = attrs.field(validator=v.member(Part))
        part: ScorePart = attrs.field(validator=v.instance(ScorePart))

    schema = json_schema(Both)
    assert set(schema["$defs"]) == {
        f"{Part.__module__}.Part",
        f"{ScorePart.__module__}.Part",
    }


class Level(enum.Enum):
    LOW = 1
    HIGH = 2


class Mixed(enum.Enum):
    ONE = 1
    TWO = "two"


@attrs.frozen(kw_only=True)
class Shapes:
    mode: Literal["a", "b"]
    seen: frozenset[str]
    by_level: Mapping[Level, float]
    notes: Mapping[str, str | None]
    pair: tuple[int, str]
    mixed: Mixed
    anything: Any
    either: int | str
    level_or_none: Level | None = attrs.field(
        default=None, validator=v.integer(minimum=2, optional=True)
    )
    goal_or_level: pc.Goal | Level | None = None


def test_the_other_shapes_the_converter_writes() -> None:
    schema = json_schema(Shapes)
    props = schema["properties"]
    assert props["mode"] == {"enum": ["a", "b"]}
    assert props["seen"] == {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    assert props["by_level"] == {
        "type": "object",
        "additionalProperties": {"type": "number"},
        "propertyNames": {"$ref": "#/$defs/Level"},
    }
    assert props["notes"]["additionalProperties"] == {"type": ["string", "null"]}
    assert props["pair"] == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "string"}],
        "items": False,
        "minItems": 2,
    }
    assert props["anything"] == {}
    assert props["either"] == {"type": ["integer", "string"]}
    assert props["level_or_none"] == {
        "anyOf": [{"$ref": "#/$defs/Level", "minimum": 2}, {"type": "null"}]
    }
    assert props["goal_or_level"] == {
        "anyOf": [{"$ref": "#/$defs/Goal"}, {"$ref": "#/$defs/Level"}, {"type": "null"}]
    }
    goals = json_schema(tuple[pc.Goal, ...])
    assert goals["items"] == {"$ref": "#/$defs/Goal"}
    assert goals["$defs"]["Goal"]["title"] == "Goal"
    assert "description" not in schema  # no docstring of its own
    assert schema["$defs"]["Level"]["type"] == "integer"
    assert schema["$defs"]["Mixed"] == {"title": "Mixed", "enum": [1, "two"]}


def test_a_finding_keeps_its_evidence_as_an_object_of_plain_values() -> None:
    evidence = json_schema(Finding)["properties"]["evidence"]
    assert evidence["type"] == "object"
    assert evidence["additionalProperties"] == {
        "type": ["string", "integer", "number", "boolean", "null"]
    }


# --- bad documents are refused, by the schema and by structure alike ---------------

GOAL = goal_data()


def _changed(data: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    """A deep copy of ``data`` with ``path`` set to ``value`` (``...`` deletes it)."""
    changed = copy.deepcopy(data)
    *head, last = path
    node: Any = changed
    for step in head:
        node = node[step]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return changed


BAD_GOALS = {
    "unknown key": (("colour",), "red"),
    "missing id": (("id",), ...),
    "blank title": (("title",), "   "),
    "empty title": (("title",), ""),
    "title too long": (("title",), "x" * 501),
    "weight above 100": (("weight",), 120),
    "weight a string": (("weight",), "50"),
    "unknown kind": (("kind",), "stretch"),
    "measure without its tag": (("measure", "type"), ...),
    "measure with an unknown tag": (("measure", "type"), "percent"),
    "measure with an unknown key": (("measure", "colour"), "red"),
    "due not a string": (("due",), 20260101),
    "methods not a list": (("methods",), "read"),
    "a blank method": (("methods",), [" "]),
}


@pytest.mark.parametrize("case", list(BAD_GOALS), ids=list(BAD_GOALS))
def test_bad_goals_are_refused_by_the_schema_and_by_structure(case: str) -> None:
    path, value = BAD_GOALS[case]
    bad = _changed(GOAL, path, value)
    assert errors(pc.Goal, GOAL) == []
    assert errors(pc.Goal, bad) != []
    with pytest.raises(pc.ValidationError):
        CONV.structure(bad, pc.Goal)


def _stored_cycle() -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(CONV.dumps(full_cycle()))
    return stored


BAD_CYCLES = {
    "no events": (("events",), []),
    "events missing": (("events",), ...),
    "no schema_version": (("schema_version",), ...),
    "a later schema_version": (("schema_version",), SCHEMA_VERSION + 1),
    "another tag": (("type",), "feedback_request"),
    "unknown state key": (("colour",), "red"),
    "an event without its version": (("events", 1, "schema_version"), ...),
    "an event of an unknown type": (("events", 1, "type"), "goal_deleted"),
    "a role that is no identifier": (("events", 1, "actor", "role"), "Line Manager"),
    "a negative sequence": (("events", 1, "sequence"), -1),
    "a phase that is not one": (("phase",), "limbo"),
}


@pytest.mark.parametrize("case", list(BAD_CYCLES), ids=list(BAD_CYCLES))
def test_bad_stored_cycles_are_refused_by_the_schema_and_by_structure(case: str) -> None:
    path, value = BAD_CYCLES[case]
    good = _stored_cycle()
    bad = _changed(good, path, value)
    assert errors(pc.Cycle, good) == []
    assert errors(pc.Cycle, bad) != []
    with pytest.raises(pc.ValidationError):
        CONV.structure(bad, pc.Cycle)


def test_the_schema_says_where_a_document_is_wrong() -> None:
    bad = _changed(_changed(GOAL, ("weight",), 120), ("title",), "")
    assert {e.split(":")[0] for e in errors(pc.Goal, bad)} == {"$.title", "$.weight"}


# --- the limits are the validators' own ------------------------------------------


def test_a_fields_limits_follow_its_validator() -> None:
    def made(limit: int) -> dict[str, Any]:
        @attrs.frozen(kw_only=True)
        class Note:
            text: str = attrs.field(validator=v.text(max_length=limit))
            count: int = attrs.field(validator=v.integer(minimum=limit, maximum=2 * limit))
            share: float | None = attrs.field(
                default=None, validator=v.number(maximum=limit, optional=True)
            )
            tags: tuple[str, ...] = attrs.field(
                default=(), validator=[v.tuple_of(v.identifier(), unique=True), v.non_empty_tuple()]
            )

        props: dict[str, Any] = json_schema(Note)["properties"]
        return props

    for limit in (7, 12):
        props = made(limit)
        assert props["text"]["maxLength"] == limit
        assert (props["count"]["minimum"], props["count"]["maximum"]) == (limit, 2 * limit)
        assert props["share"] == {"type": ["number", "null"], "maximum": limit}
        assert props["tags"] == {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
            "uniqueItems": True,
            "minItems": 1,
        }


def test_a_field_whose_validator_refuses_none_is_required_and_not_null() -> None:
    @attrs.frozen(kw_only=True)
    class Asked:
        why: str | None = attrs.field(default=None, validator=v.text())
        note: str | None = attrs.field(default=None, validator=v.optional_text())
        level: Level | None = attrs.field(default=None, validator=v.member(Level))
        either: pc.Goal | Level | None = attrs.field(
            default=None, validator=v.instance((pc.Goal, Level))
        )

    schema = json_schema(Asked)
    assert schema["required"] == ["why", "level", "either"]
    props = schema["properties"]
    assert props["why"]["type"] == "string"
    assert props["note"]["type"] == ["string", "null"]
    assert props["level"] == {"$ref": "#/$defs/Level"}
    assert props["either"] == {"anyOf": [{"$ref": "#/$defs/Goal"}, {"$ref": "#/$defs/Level"}]}


@pytest.mark.parametrize("name", ["withdraw_goal", "dispute", "cancel", "waive_condition"])
def test_commands_that_need_a_reason_require_one(name: str) -> None:
    schema = command_schemas()[name]
    assert "reason" in schema["required"]
    assert schema["properties"]["reason"]["type"] == "string"
    assert "reason" not in command_schemas()["propose_goal"].get("required", [])


def test_a_command_without_its_reason_is_refused_by_the_schema_and_by_structure() -> None:
    good = CONV.unstructure(pc.cycle.WithdrawGoal(goal_id="g1", reason="Merged into g2"))
    checker = jsonschema.Draft202012Validator(command_schemas()["withdraw_goal"])
    assert checker.is_valid(good)
    for bad in ({**good, "reason": None}, {"goal_id": "g1"}):
        assert not checker.is_valid(bad)
        with pytest.raises(pc.ValidationError):
            CONV.structure(bad, pc.cycle.WithdrawGoal)


def test_schema_of_reads_the_rule_each_factory_attaches() -> None:
    assert v.schema_of(v.text(allow_empty=True, max_length=3)) == {"maxLength": 3}
    assert v.schema_of(v.optional_text()) == {"minLength": 1, "pattern": r"\S", "maxLength": 10_000}
    assert v.schema_of(v.number(minimum=0)) == {"minimum": 0}
    assert v.schema_of(v.integer()) == {}
    assert v.schema_of(v.tuple_of(str)) == {}
    assert v.schema_of(v.boolean()) == {}
    assert v.schema_of(lambda *_: None) == {}  # a class's own check says nothing
    assert v.refuses_none(v.text())
    assert v.refuses_none(attrs.validators.and_(v.tuple_of(str), v.non_empty_tuple()))
    assert not v.refuses_none(v.optional_text())
    assert not v.refuses_none(v.number(optional=True))
    assert not v.refuses_none(lambda *_: None)  # a class's own check: not known to


@pytest.mark.parametrize(
    ("cls", "field"),
    [(pc.Goal, "title"), (pc.Goal, "id"), (pc.RatingScale, "maximum"), (pc.Goal, "weight")],
)
def test_the_schemas_limit_is_where_the_record_refuses(cls: type, field: str) -> None:
    """At the schema's limit a record is built; one past it, it is refused."""
    limits = json_schema(cls)["properties"][field]
    good = {"id": "g1", "title": "t"} if cls is pc.Goal else {}
    if "maxLength" in limits:
        cls(**{**good, field: "x" * limits["maxLength"]})
        with pytest.raises(pc.ValidationError):
            cls(**{**good, field: "x" * (limits["maxLength"] + 1)})
    else:
        cls(**{**good, field: limits["maximum"]})
        with pytest.raises(pc.ValidationError):
            cls(**{**good, field: limits["maximum"] + 1})


# --- bad arguments ---------------------------------------------------------------


@attrs.frozen(kw_only=True, auto_attribs=False)
class Unannotated:
    size = attrs.field()  # type: ignore[var-annotated]


@attrs.frozen(kw_only=True)
class Unresolvable:
    size: NoSuchType  # type: ignore[name-defined]  # noqa: F821 - unresolvable on purpose


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (42, "must be a type, got int 42"),
        (pc.scoring.Registry, "Registry._factories: "),
        (list[complex], "complex has no JSON form in perfcore"),
        (dict[int, str], "a mapping with int keys has no JSON form in perfcore"),
        (Unresolvable, "the annotations of Unresolvable cannot be resolved"),
        (pc.cycle.Condition, "Condition.check: "),
        (Unannotated, "Unannotated.size has no type annotation"),
    ],
)
def test_what_has_no_json_form_is_refused_naming_the_argument(cls: object, message: str) -> None:
    with pytest.raises(pc.ValidationError) as refused:
        json_schema(cls)
    assert refused.value.paths == ("cls",)
    assert message in str(refused.value)


@pytest.mark.parametrize("template", ["#/$defs/", 3, "{name}{name}"])
def test_a_ref_template_without_one_name_is_refused(template: object) -> None:
    with pytest.raises(pc.ValidationError) as refused:
        json_schema(pc.Goal, ref_template=template)  # type: ignore[arg-type]
    assert refused.value.paths == ("ref_template",)
    with pytest.raises(pc.ValidationError):
        command_schemas(ref_template=template)  # type: ignore[arg-type]
