"""Turning a strategy's attrs fields into JSON-ready parameters and back."""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from perfcore import _validators as v
from perfcore._limits import check_data
from perfcore.errors import Problem, ValidationError

T = TypeVar("T")


def _to_data(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {f.name: _to_data(getattr(value, f.name)) for f in attrs.fields(type(value))}  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        return [_to_data(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _to_data(item) for k, item in sorted(value.items())}
    return value


def params_of(strategy: object) -> dict[str, Any]:
    """A strategy's attrs fields as JSON-ready data (tuples → lists, enums → values)."""
    if not attrs.has(type(strategy)):
        raise ValidationError.single(
            "strategy", f"must be a strategy with attrs fields, got {type(strategy).__name__}"
        )
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(type(strategy))  # type: ignore[arg-type]
    return {field.name: _to_data(getattr(strategy, field.name)) for field in fields}


def _to_tuples(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_to_tuples(item) for item in value)
    return value


def _is_attrs_class(cls: object) -> bool:
    return isinstance(cls, type) and attrs.has(cls)


def from_params(cls: type[T], params: object, *, path: str = "$.params") -> T:
    """Build ``cls`` (an attrs class) from JSON-ready ``params``; lists become tuples.

    Unknown parameter names and bad values raise :class:`ValidationError` with
    paths under ``path``. A field that holds an enum accepts the enum's value.
    """
    if not isinstance(params, Mapping):
        raise ValidationError.single(path, f"must be an object, got {type(params).__name__}")
    check_data(params, path)
    if not _is_attrs_class(cls):
        message = f"must be an attrs strategy class, got {v.describe(cls)}"
        raise ValidationError.single("cls", message)
    attrs.resolve_types(cls)  # type: ignore[type-var]
    fields = {f.name: f for f in attrs.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(str(k) for k in params if k not in fields)
    if unknown:
        raise ValidationError(
            Problem(path=f"{path}.{key}", message="is not a parameter of this strategy")
            for key in unknown
        )
    kwargs: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in params.items():
        kind = fields[name].type
        converted = _to_tuples(value)
        enum_type = _enum_in(kind)
        if enum_type is not None and not isinstance(converted, enum.Enum):
            try:
                converted = enum_type(converted)
            except ValueError:
                allowed = ", ".join(repr(m.value) for m in enum_type)
                problems.append(Problem(path=f"{path}.{name}", message=f"must be one of {allowed}"))
                continue
        kwargs[str(name)] = converted
    if problems:
        raise ValidationError(problems)
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise type(exc)(
            p.at(f"{path}.{p.path.partition('.')[2] or p.path}") for p in exc.problems
        ) from None
    except TypeError as exc:  # a required parameter is missing
        raise ValidationError.single(path, f"missing parameter: {exc}") from None


def _enum_in(kind: object) -> type[enum.Enum] | None:
    """The enum class in a field's (resolved) annotation, if any."""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    for arg in typing.get_args(kind):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return arg
    return None
