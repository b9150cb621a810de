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

import collections
import itertools
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from perfcore._generated import define, filename
from perfcore._validators import INLINE_NAMES, accepts_of, inline_of

__all__ = ["build_columns", "builder", "fill_once", "guarded", "later", "replacer"]

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
        body.append(f"    {_set_line(cls, name, name, namespace)}")
    source = f"def build(*, {', '.join(params)}):\n" + "\n".join(body) + "\n    return new\n"
    build: Callable[..., T] = define(source, "build", filename("build", cls), namespace)
    return build


def guarded(cls: type[T], *, trusted: Iterable[str] = ()) -> Callable[..., T]:
    """``build(**values)``: a ``cls`` built unchecked when every value passes, else ``cls(...)``.

    Each field's value is tested by the quick form of its own validator
    (:func:`perfcore._validators.accepts_of`), so limits and names come from the
    attrs fields and are never copied; fields in ``trusted`` hold values the
    caller has checked already (records built by perfcore, say) and are not
    tested. When any test fails, the validating constructor builds the record,
    or reports every problem, as it always does. Every field must be trusted or
    have a quick form.
    """
    trusted = frozenset(trusted)
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    namespace.update(INLINE_NAMES)
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # cls is an attrs class
    names = {field.name for field in fields}
    if not trusted <= names:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(trusted - names)}")
    params: list[str] = []
    tests: list[str] = []
    for field in fields:
        name = field.name
        if field.converter is not None:
            raise TypeError(f"{cls.__name__}.{name} has a converter; build it with __init__")
        if field.default is attrs.NOTHING:
            params.append(name)
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{name} has a factory; build it with builder()")
        else:
            namespace[f"_default_{name}"] = field.default
            params.append(f"{name}=_default_{name}")
        if name in trusted:
            continue
        accepts = accepts_of(field.validator)
        if accepts is None:
            raise TypeError(
                f"{cls.__name__}.{name}'s validator has no quick form; trust it or add one"
            )
        inline = inline_of(field.validator)
        if inline is not None:
            tests.append(inline.format(v=name))
        else:
            namespace[f"_ok_{name}"] = accepts
            tests.append(f"_ok_{name}({name})")
    everything = ", ".join(f"{field.name}={field.name}" for field in fields)
    body = [f"    if {' and '.join(tests) or 'True'}:", "        new = _new(_cls)"]
    body += [f"        {_set_line(cls, field.name, field.name, namespace)}" for field in fields]
    body += ["        return new", f"    return _cls({everything})"]
    source = f"def build(*, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    build: Callable[..., T] = define(source, "build", filename("guarded", cls), namespace)
    return build


def later(cls: type[T], leave: str, extra: Iterable[str]) -> Callable[..., T]:
    """``build(**values)``: a ``cls`` with field ``leave`` left unset, to be filled when read.

    Every other field and each slot in ``extra`` (slots outside the attrs
    fields, which say how to work out ``leave``) is set from its keyword,
    nothing checked. The class must fill ``leave`` when it is first read
    (with :func:`fill_once`, from a ``__getattr__``); until then reading the
    field's slot directly finds nothing.
    """
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    fields = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    if leave not in fields:
        raise TypeError(f"{cls.__name__} has no field {leave!r}")
    names = [name for name in fields if name != leave] + list(extra)
    body = ["    new = _new(_cls)"] + [
        f"    {_set_line(cls, name, name, namespace)}" for name in names
    ]
    source = f"def build(*, {', '.join(names)}):\n" + "\n".join(body) + "\n    return new\n"
    build: Callable[..., T] = define(source, "build", filename("later", cls), namespace)
    return build


def fill_once(record: object, name: str, value: object) -> None:
    """Fill the field ``name`` that :func:`later` left unset, with the value it stands for."""
    object.__setattr__(record, name, value)


def build_columns(cls: type[T], n: int, columns: Mapping[str, Iterable[Any]]) -> list[T]:
    """``n`` records of ``cls`` whose fields come from ``columns``, nothing checked.

    For bulk results made of values the caller has checked already: the
    fields are set column by column through the slots. ``columns`` must name
    every field, each with ``n`` values.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # cls is an attrs class
    if set(columns) != {field.name for field in fields}:
        wrong = sorted({field.name for field in fields} ^ set(columns))
        raise TypeError(f"columns must name every field of {cls.__name__}: {wrong}")
    made = list(map(object.__new__, itertools.repeat(cls, n)))
    for name, column in columns.items():
        collections.deque(map(vars(cls)[name].__set__, made, column), maxlen=0)
    return made


def replacer(cls: type[T]) -> Callable[[T, Mapping[str, Any]], T]:
    """``replace(record, changes)``: ``attrs.evolve`` without running the validators."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    body = ["    new = _new(_cls)"]
    body += [
        f"    {_set_line(cls, field.name, f'record.{field.name}', namespace)}"
        for field in attrs.fields(cls)  # type: ignore[arg-type]  # cls is an attrs class
    ]
    body += ["    for name, value in changes.items():", "        _set(new, name, value)"]
    source = "def replace(record, changes):\n" + "\n".join(body) + "\n    return new\n"
    replace: Callable[[T, Mapping[str, Any]], T] = define(
        source, "replace", filename("replace", cls), namespace
    )
    return replace


def _set_line(cls: type, name: str, value: str, namespace: dict[str, Any]) -> str:
    """The generated statement that sets field ``name`` of ``new`` (a ``cls``) to ``value``.

    For a slot, a call to the slot's own setter (put in ``namespace``), which
    skips ``object.__setattr__``'s lookup of the slot by name; for anything
    else (an extra slot of a subclass, a class with a ``__dict__``),
    ``object.__setattr__``.
    """
    slot = getattr(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        namespace[f"_set_{name}"] = slot.__set__
        return f"_set_{name}(new, {value})"
    return f"_set(new, {name!r}, {value})"
