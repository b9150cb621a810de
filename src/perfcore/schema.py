"""JSON Schema (draft 2020-12) of the JSON perfcore reads and writes.

:func:`json_schema` describes what ``make_converter().unstructure(obj)`` produces
for an object of a class, and what ``structure`` accepts for it: the field names
(unknown ones are refused), which are required (an attrs field without a
default), each field's type (strings, numbers, integers, booleans, ``null``;
arrays for tuples, objects for mappings and records), enums by value, roles by
name, dates and moments as ISO 8601 strings, the ``"type"`` tag and
``"schema_version"`` that :mod:`perfcore.serialization` writes for a member of a
closed family (measures, events) and for a stored cycle or feedback request,
and the limits of each field's validators (``maxLength``, ``minimum``, the
identifier ``pattern``, ...). Nested records are named in ``$defs``.
:func:`command_schemas` and :func:`event_schemas` give one for each command and
event by its stable name.

The schema is generated here, from the attrs classes, their annotations and the
rule data their validators carry (``perfcore._validators.schema_of``), so it
follows the code. No maintained library fits: cattrs has no schema generator,
the attrs-based ones read neither perfcore's validators nor the converter's
shape (tags, roles as names, a cycle stored as state plus events), and
pydantic's generator does not take attrs classes.

What a schema cannot say, and loading still checks: rules across fields or
records (weights totalling 100, a period's end after its start, a stored
cycle's history being one the commands could have produced), a finite
``float`` beyond JSON's own numbers, and that an ``"integer"`` is written
without a fraction (JSON Schema takes ``1.0`` as an integer, perfcore does not).

>>> from perfcore import Goal
>>> schema = json_schema(Goal)
>>> schema["required"]
['id', 'title']
>>> schema["properties"]["title"]["maxLength"], schema["properties"]["weight"]["maximum"]
(500, 100)
>>> schema["properties"]["measure"]["anyOf"][0]
{'$ref': '#/$defs/Measure'}
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.calibration.events import CALIBRATION_EVENT_TYPES, CalibrationEvent
from perfcore.calibration.session import CalibrationSession
from perfcore.compensation.events import MERIT_EVENT_TYPES, MeritEvent
from perfcore.compensation.merit import MeritCycle
from perfcore.cycle.aggregate import Cycle
from perfcore.cycle.commands import COMMAND_BY_NAME
from perfcore.cycle.events import EVENT_TYPES, Event
from perfcore.errors import ValidationError
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES, FeedbackEvent
from perfcore.feedback.request import FeedbackRequest
from perfcore.measures import MEASURE_TYPES
from perfcore.people import Role
from perfcore.serialization import (
    _CYCLE_TAG,
    _MERIT_TAG,
    _REQUEST_TAG,
    _SESSION_TAG,
    _TAG,
    _VERSION,
    SCHEMA_VERSION,
)

__all__ = [
    "DIALECT",
    "command_schemas",
    "event_schemas",
    "json_schema",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema here (its ``$schema``)."""

_DEFS = "#/$defs/{name}"


@attrs.frozen
class _Family:
    """A closed family told apart by its members' ``TAG`` (as ``serialization`` stores it)."""

    name: str
    members: tuple[type, ...]
    versioned: bool
    base: type | None = None


# The families and aggregates as ``serialization`` registers them; tests/test_schema.py
# holds every document the converter writes to these schemas.
_FAMILIES = (
    _Family("Measure", MEASURE_TYPES, versioned=False),
    _Family("Event", EVENT_TYPES, versioned=True, base=Event),
    _Family("FeedbackEvent", FEEDBACK_EVENT_TYPES, versioned=True, base=FeedbackEvent),
    _Family("CalibrationEvent", CALIBRATION_EVENT_TYPES, versioned=True, base=CalibrationEvent),
    _Family("MeritEvent", MERIT_EVENT_TYPES, versioned=True, base=MeritEvent),
)


@attrs.frozen
class _Aggregate:
    """An event-sourced aggregate, stored as its state (every field optional) plus its events."""

    tag: str
    events: type
    omitted: frozenset[str]


_AGGREGATES: Mapping[type, _Aggregate] = {
    Cycle: _Aggregate(_CYCLE_TAG, Event, frozenset({"events", "policy"})),
    FeedbackRequest: _Aggregate(_REQUEST_TAG, FeedbackEvent, frozenset({"events"})),
    CalibrationSession: _Aggregate(_SESSION_TAG, CalibrationEvent, frozenset({"events"})),
    MeritCycle: _Aggregate(_MERIT_TAG, MeritEvent, frozenset({"events"})),
}

_PRIMITIVES: Mapping[object, Mapping[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    dt.date: {"type": "string", "format": "date"},
    dt.datetime: {"type": "string", "format": "date-time"},
    Decimal: {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"},
}


def json_schema(cls: object, *, ref_template: str = _DEFS) -> dict[str, Any]:
    """The JSON Schema of ``cls`` as perfcore stores it, JSON-ready.

    ``cls`` is any class (or union, such as ``perfcore.Measure``) that
    ``make_converter()`` turns into JSON: records, commands, events, ``Cycle``,
    ``FeedbackRequest``, ``CalibrationSession``, the views. Nested records,
    enums and tagged families are named in ``$defs`` and referred to by
    ``ref_template`` with ``{name}`` filled in; for an OpenAPI document pass
    ``"#/components/schemas/{name}"`` and move the ``$defs`` under
    ``components/schemas``.

    Raises:
        ValidationError: ``cls`` or ``ref_template`` is not one this can describe.
    """
    if not isinstance(cls, type) and typing.get_origin(cls) is None:
        raise ValidationError.single("cls", f"must be a type, got {v.describe(cls)}")
    return _document({"": cls}, ref_template)[""]


def command_schemas(*, ref_template: str = _DEFS) -> dict[str, dict[str, Any]]:
    """The schema of every command, by its stable name (``"propose_goal"``, ...)."""
    return _document(dict(COMMAND_BY_NAME), ref_template)


def event_schemas(*, ref_template: str = _DEFS) -> dict[str, dict[str, Any]]:
    """The schema of every cycle, feedback and calibration event, by its stable ``"type"`` tag."""
    members = {
        getattr(event, "TAG"): event  # noqa: B009
        for event in (*EVENT_TYPES, *FEEDBACK_EVENT_TYPES, *CALIBRATION_EVENT_TYPES)
    }
    return _document(dict(sorted(members.items())), ref_template)


def _document(roots: Mapping[str, object], ref_template: str) -> dict[str, dict[str, Any]]:
    """One schema per root, each with the ``$defs`` it refers to."""
    if not isinstance(ref_template, str) or ref_template.count("{name}") != 1:
        raise ValidationError.single(
            "ref_template", f"must be a string with one '{{name}}', got {v.describe(ref_template)}"
        )
    out: dict[str, dict[str, Any]] = {}
    for key, root in roots.items():
        builder = _Builder()
        try:
            schema = builder.schema(root)
        except _Unsupported as exc:
            raise ValidationError.single("cls", str(exc)) from None
        out[key] = builder.finish(schema, ref_template)
    return out


class _Unsupported(ValueError):
    """A type with no JSON form here."""


class _Ref:
    """A reference to a named schema; its name is given once every name is known."""

    __slots__ = ("key",)

    def __init__(self, key: object) -> None:
        self.key = key


class _Builder:
    """Builds one document: the schema of a root and the named schemas it refers to."""

    def __init__(self) -> None:
        self.defs: dict[object, dict[str, Any]] = {}
        self.names: dict[object, tuple[str, str]] = {}
        self.hints: dict[type, dict[str, Any]] = {}  # resolved once a class

    def schema(self, tp: object) -> dict[str, Any]:  # noqa: PLR0911 - one return a kind of type
        """The schema of a value of type ``tp``."""
        if tp in _PRIMITIVES:
            return dict(_PRIMITIVES[tp])
        if tp is Any or tp is object:
            return {}
        named = self.named_type(tp)
        if named is not None:
            return named
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return self.union(args)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (tuple, list, Sequence):
            return self.array(origin, args)
        if origin in (set, frozenset, AbstractSet):
            return {"type": "array", "items": self.schema(args[0]), "uniqueItems": True}
        if origin in (dict, Mapping, types.MappingProxyType):
            return self.mapping(args)
        raise _Unsupported(f"{_name(tp)} has no JSON form in perfcore")

    def named_type(self, tp: object) -> dict[str, Any] | None:
        """A reference to the named schema of ``tp``, or ``None`` if it has none."""
        family = _family_of(tp)
        if family is not None:
            return self.named(family, family.name, "perfcore", lambda: self.family(family))
        if not isinstance(tp, type):
            return None
        build: Callable[[], dict[str, Any]] | None = None
        if tp is Role:
            build = self.role
        elif tp in _AGGREGATES:
            build = functools.partial(self.aggregate, tp)
        elif issubclass(tp, enum.Enum):
            build = functools.partial(_enum, tp)
        elif attrs.has(tp):
            owner = next((f for f in _FAMILIES if tp in f.members), None)
            build = (
                functools.partial(self.record, tp)
                if owner is None
                else functools.partial(self.member, owner, tp)
            )
        return None if build is None else self.named(tp, tp.__name__, tp.__module__, build)

    def named(
        self, key: object, name: str, module: str, build: Callable[[], Any]
    ) -> dict[str, Any]:
        """A reference to the schema ``build`` makes, built once a document."""
        if key not in self.names:
            self.names[key] = (name, module)
            self.defs[key] = {}  # a record may refer to itself
            self.defs[key] = build()
        return {"$ref": _Ref(key)}

    def union(self, args: tuple[Any, ...]) -> dict[str, Any]:
        """``X | None`` as a type list where it can be one, else ``anyOf``."""
        nullable = type(None) in args
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            inner = self.schema(rest[0])
        elif (family := _family_of(typing.Union[tuple(rest)])) is not None:  # noqa: UP007
            inner = self.schema(family.base or typing.Union[tuple(rest)])  # noqa: UP007
        else:
            inner = {"anyOf": [self.schema(arg) for arg in rest]}
        if nullable:
            inner = _or_null(inner)
        if [*inner.get("anyOf", ())] and all(_plain(branch) for branch in inner["anyOf"]):
            inner = {"type": [t for branch in inner["anyOf"] for t in _types(branch)]}
        return inner

    def array(self, origin: object, args: tuple[Any, ...]) -> dict[str, Any]:
        """``tuple[X, ...]`` and ``list[X]`` as arrays of X; ``tuple[X, Y]`` item by item."""
        if origin is tuple and args and args[-1] is not Ellipsis:
            items = [self.schema(arg) for arg in args]
            return {
                "type": "array",
                "prefixItems": items,
                "items": False,
                "minItems": len(items),
            }
        return {"type": "array", "items": self.schema(args[0]) if args else {}}

    def mapping(self, args: tuple[Any, ...]) -> dict[str, Any]:
        """A mapping as an object; its keys must be strings (or an enum's values)."""
        key, value = args or (str, Any)
        schema: dict[str, Any] = {"type": "object", "additionalProperties": self.schema(value)}
        if isinstance(key, type) and issubclass(key, enum.Enum):
            schema["propertyNames"] = self.schema(key)
        elif key is not str:
            raise _Unsupported(f"a mapping with {_name(key)} keys has no JSON form in perfcore")
        return schema

    def role(self) -> dict[str, Any]:
        """A role is stored as its name."""
        return {
            "description": "A role, by its name.",
            **self.field_schema(Role, attrs.fields(Role).name),
        }

    def record(self, cls: type) -> dict[str, Any]:
        """An attrs class as an object of its fields; those without a default required."""
        fields = attrs.fields(cls)
        return self.object(
            cls, {field.name: self.field_schema(cls, field) for field in fields}, _required(fields)
        )

    def field_schema(self, cls: type, field: attrs.Attribute[Any]) -> dict[str, Any]:
        """The schema of a field: its annotation's, with its validators' limits."""
        try:
            if cls not in self.hints:
                self.hints[cls] = _hints(cls)
            hint = self.hints[cls][field.name]
        except KeyError:
            raise _Unsupported(f"{cls.__name__}.{field.name} has no type annotation") from None
        try:
            schema = _constrain(self.schema(hint), v.schema_of(field.validator))
        except _Unsupported as exc:
            raise _Unsupported(f"{cls.__name__}.{field.name}: {exc}") from None
        return _without_null(schema) if v.refuses_none(field.validator) else schema

    def family(self, family: _Family) -> dict[str, Any]:
        """A closed family: one of its members, told apart by the ``type`` tag."""
        for member in family.members:
            self.schema(member)
        return {
            "description": f"One of the {family.name} types, told apart by its {_TAG!r}.",
            "oneOf": [{"$ref": _Ref(member)} for member in family.members],
        }

    def member(self, family: _Family, cls: type) -> dict[str, Any]:
        """A member of a family: its fields after its ``type`` tag (and ``schema_version``)."""
        head: dict[str, Any] = {_TAG: {"const": getattr(cls, "TAG")}}  # noqa: B009 - a ClassVar
        if family.versioned:
            head[_VERSION] = _version()
        fields = attrs.fields(cls)
        body = {field.name: self.field_schema(cls, field) for field in fields}
        return self.object(cls, {**head, **body}, [*head, *_required(fields)])

    def aggregate(self, cls: type) -> dict[str, Any]:
        """A stored cycle or request: its tag and version, any of its state, and its events."""
        aggregate = _AGGREGATES[cls]
        fields = [f for f in attrs.fields(cls) if f.name not in aggregate.omitted]
        properties = {
            _TAG: {"const": aggregate.tag},
            _VERSION: _version(),
            **{field.name: self.field_schema(cls, field) for field in fields},
            "events": {"type": "array", "items": self.schema(aggregate.events), "minItems": 1},
        }
        return self.object(cls, properties, [_VERSION, "events"])

    def object(self, cls: type, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        """An object with exactly ``properties``, of which ``required`` must be present."""
        schema: dict[str, Any] = {"type": "object", "title": cls.__name__}
        described = _description(cls)
        if described:
            schema["description"] = described
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def finish(self, schema: dict[str, Any], ref_template: str) -> dict[str, Any]:
        """The root schema with ``$schema`` and ``$defs``, every reference resolved.

        A named root is put inline at the top (kept in ``$defs`` too if it refers
        to itself). A name two types share in one document is qualified by module.
        """
        counts: dict[str, int] = {}
        for name, _ in self.names.values():
            counts[name] = counts.get(name, 0) + 1
        names = {
            key: name if counts[name] == 1 else f"{module}.{name}"
            for key, (name, module) in self.names.items()
        }
        root_key = schema["$ref"].key if isinstance(schema.get("$ref"), _Ref) else None
        if root_key is not None:
            schema = self.defs[root_key]
            if not _refers_to(root_key, list(self.defs.values())):
                del self.defs[root_key]

        def resolve(node: object) -> Any:  # noqa: ANN401 - JSON
            if isinstance(node, _Ref):
                return ref_template.format(name=names[node.key])
            if isinstance(node, dict):
                return {key: resolve(value) for key, value in node.items()}
            if isinstance(node, list):
                return [resolve(item) for item in node]
            return node

        document = {"$schema": DIALECT, **resolve(schema)}
        if self.defs:
            document["$defs"] = {
                names[key]: resolve(self.defs[key])
                for key in sorted(self.defs, key=lambda k: names[k])
            }
        return document


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` less ``null``, for a field whose validator refuses ``None``."""
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [each for each in kind if each != "null"]
        return {**schema, "type": rest[0] if len(rest) == 1 else rest}
    branches = schema.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches:
        rest = [each for each in branches if each != {"type": "null"}]
        return (
            rest[0] if len(rest) == 1 and list(schema) == ["anyOf"] else {**schema, "anyOf": rest}
        )
    return schema


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or ``null``: a type list where it can be one, else ``anyOf``."""
    if isinstance(schema.get("type"), str) and "$ref" not in schema:
        return {**schema, "type": [schema["type"], "null"]}
    if list(schema) == ["anyOf"]:
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _plain(schema: Mapping[str, Any]) -> bool:
    """Whether ``schema`` says nothing but its type (``{"type": "string"}``)."""
    return list(schema) == ["type"]


def _types(schema: Mapping[str, Any]) -> list[str]:
    kind = schema["type"]
    return [kind] if isinstance(kind, str) else list(kind)


def _refers_to(key: object, schemas: list[Any]) -> bool:
    """Whether any of ``schemas`` holds a reference to ``key``."""
    stack: list[Any] = list(schemas)
    while stack:
        node = stack.pop()
        if isinstance(node, _Ref) and node.key == key:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _constrain(schema: dict[str, Any], limits: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with a validator's ``limits``, on the branch that is not ``null``."""
    if not limits:
        return schema
    if "anyOf" in schema:
        return {
            **schema,
            "anyOf": [
                branch if branch.get("type") == "null" else _constrain(branch, limits)
                for branch in schema["anyOf"]
            ],
        }
    return v.merge_schema(schema, limits)


def _family_of(tp: object) -> _Family | None:
    """The family ``tp`` is the base or the whole union of (without ``None``), if any."""
    members = (
        frozenset(typing.get_args(tp))
        if typing.get_origin(tp) in (typing.Union, types.UnionType)
        else None
    )
    for family in _FAMILIES:
        if (family.base is not None and tp is family.base) or members == frozenset(family.members):
            return family
    return None


def _version() -> dict[str, Any]:
    """``schema_version``: the versions this release reads."""
    return {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION}


def _enum(cls: type[enum.Enum]) -> dict[str, Any]:
    """An enum by its values."""
    values = [member.value for member in cls]
    schema: dict[str, Any] = {"title": cls.__name__}
    described = _description(cls)
    if described:
        schema["description"] = described
    kinds = {_json_type(value) for value in values}
    if len(kinds) == 1 and None not in kinds:
        schema["type"] = kinds.pop()
    schema["enum"] = values
    return schema


def _json_type(value: object) -> str | None:
    """The JSON type of an enum's value, if it is a plain one."""
    return _JSON_TYPES.get(type(value))


_JSON_TYPES: Mapping[type, str] = {bool: "boolean", str: "string", int: "integer", float: "number"}


def _required(fields: Sequence[attrs.Attribute[Any]]) -> list[str]:
    """The fields ``structure`` cannot do without: no default, or one their validator refuses."""
    return [
        field.name
        for field in fields
        if field.default is attrs.NOTHING
        or (field.default is None and v.refuses_none(field.validator))
    ]


def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of ``cls``."""
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError) as exc:
        raise _Unsupported(f"the annotations of {cls.__name__} cannot be resolved: {exc}") from None


def _description(cls: type) -> str:
    """The first paragraph of a class's own docstring, on one line."""
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str):
        return ""
    return " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())


def _name(tp: object) -> str:
    return tp.__name__ if isinstance(tp, type) else repr(tp)
