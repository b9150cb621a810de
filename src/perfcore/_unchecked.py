"""Building records from values that are already checked, without running the validators again.

Every public construction of a perfcore record validates its fields. Inside
the cycle, two constructions only ever see checked values: the event a
command records (its content is a validated command's, its envelope the
validated cycle's plus the checked actor and time) and the next state an
event produces (every field comes from the validated cycle or the event).
Re-running every validator there was most of the cost of a command; these
builders skip it. The code is generated once per class from its attrs
fields, as attrs generates ``__init__``; a record built here equals the one
``__init__`` would build from the same values, which the tests check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from perfcore._generated import define, filename

__all__ = ["builder", "replacer"]

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """``build(**values)``: a ``cls`` from keyword values, defaults filled in, nothing checked."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    params: list[str] = []
    body = ["    new = _new(_cls)"]
    for field in attrs.fields(cls):  # type: ignore[arg-type]  # cls is an attrs class
        name = field.name
        if field.converter is not None:
            raise TypeError(f"{cls.__name__}.{name} has a converter; build it with __init__")
        default = field.default
        if default is attrs.NOTHING:
            params.append(name)
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"_factory_{name}"] = default.factory
            namespace["_MISSING"] = attrs.NOTHING
            params.append(f"{name}=_MISSING")
            body.append(f"    if {name} is _MISSING:")
            body.append(f"        {name} = _factory_{name}()")
        else:
            namespace[f"_default_{name}"] = default
            params.append(f"{name}=_default_{name}")
        body.append(f"    _set(new, {name!r}, {name})")
    source = f"def build(*, {', '.join(params)}):\n" + "\n".join(body) + "\n    return new\n"
    build: Callable[..., T] = define(source, "build", filename("build", cls), namespace)
    return build


def replacer(cls: type[T]) -> Callable[[T, Mapping[str, Any]], T]:
    """``replace(record, changes)``: ``attrs.evolve`` without running the validators."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    body = ["    new = _new(_cls)"]
    body += [
        f"    _set(new, {field.name!r}, record.{field.name})"
        for field in attrs.fields(cls)  # type: ignore[arg-type]  # cls is an attrs class
    ]
    body += ["    for name, value in changes.items():", "        _set(new, name, value)"]
    source = "def replace(record, changes):\n" + "\n".join(body) + "\n    return new\n"
    replace: Callable[[T, Mapping[str, Any]], T] = define(
        source, "replace", filename("replace", cls), namespace
    )
    return replace
