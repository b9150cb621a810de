"""A fast structuring path that either gives what the converter gives or declines.

:class:`FastStructurer` compiles, per type, a function that turns JSON-ready
data into perfcore objects without cattrs' per-field ``try`` blocks, error
notes and hook dispatch. It checks types exactly (``type(x) is str``, a
``dict`` for an object, a ``list`` for an array), builds every record through
its own ``__init__`` (so every validator runs), and on anything unusual it
raises: a wrong type, a missing or unknown key, a record's validator failing.
The caller then runs the converter's detailed path, which builds the same
objects or raises the error with its paths and messages, exactly as before.

The invariant, checked by the tests: when the fast function returns, the
detailed path returns an equal object; when it raises, its error is
discarded. It is stricter than the detailed path, never looser.

Each hook is recognised by identity (the hooks ``perfcore.serialization``
registers, cattrs' optional and enum hooks); any other hook is called as it
is, with the type the detailed path passes it, so the result is the same.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from perfcore._generated import define, filename

Fast = Callable[[Any], Any]
"""A compiled function: JSON-ready data in, a perfcore object out, or it raises."""

_CACHE_LIMIT = 4096
"""At most this many cached small records (roles, actors) per structurer."""


class Slow(Exception):
    """The fast path declines; the detailed path decides."""


_SLOW = Slow()

# Field kinds the generated code checks inline (exact types only).
_STR, _INT, _FLOAT, _BOOL, _DATE, _DATETIME = "str", "int", "float", "bool", "date", "datetime"
_EXACT_STR_KINDS = frozenset({_STR, _DATE, _DATETIME})


@attrs.frozen
class Hooks:
    """The hooks ``perfcore.serialization`` registers, to recognise them by identity."""

    primitives: Mapping[Callable[..., Any], str]
    role: Callable[..., Any]
    role_type: type
    family: type
    tag: str
    version: str


class FastStructurer:
    """Compiled fast structure functions for one converter, cached by type."""

    def __init__(self, converter: Any, hooks: Hooks) -> None:  # noqa: ANN401 - a cattrs converter
        self._converter = converter
        self._hooks = hooks
        self._compiled: dict[Any, Fast] = {}
        self._compiling: set[Any] = set()
        self._roles: dict[str, Any] = {}
        self._canonical: set[Fast] = {*_CANONICAL_PRIMITIVES, self._role}
        """Functions whose equal results are interchangeable (see :meth:`_canonical_type`)."""

    def structure(self, value: object, tp: Any) -> Any:  # noqa: ANN401
        """Structure ``value`` as ``tp``, or raise (any exception) to decline."""
        fn = self._compiled.get(tp)
        if fn is None:
            fn = self.compile(tp)
        return fn(value)

    def compile(self, tp: Any) -> Fast:  # noqa: ANN401
        """The fast function for ``tp`` (cached)."""
        fn = self._compiled.get(tp)
        if fn is not None:
            return fn
        if tp in self._compiling:  # a recursive type: the converter's own hook
            return self._leaf(tp)
        self._compiling.add(tp)
        try:
            fn = self._build(tp)
        finally:
            self._compiling.discard(tp)
        self._compiled[tp] = fn
        return fn

    # --- one function per kind of hook ----------------------------------------------

    def _build(self, tp: Any) -> Fast:  # noqa: ANN401, PLR0911
        hook = self._converter.get_structure_hook(tp)
        hooks = self._hooks
        kind = hooks.primitives.get(hook) if _hashable(hook) else None
        if kind is not None:
            return _PRIMITIVES[kind]
        if hook is hooks.role:
            return self._role
        family = getattr(hook, "__self__", None)
        if isinstance(family, hooks.family):
            return self._family(family, tp)
        if _is_cattrs_optional(hook, self._converter):
            return self._optional(tp)
        cls = getattr(hook, "perfcore_object", None)
        if cls is not None and cls is tp:
            return self._record(tp, forbid=self._converter.forbid_extra_keys)
        array = getattr(hook, "perfcore_array", None)
        if array is not None and array == tp:
            return self._array(tp)
        if _is_plain_enum_hook(hook, tp):
            members = _enum(tp)
            self._canonical.add(members)
            return members
        return self._leaf(tp)

    def _leaf(self, tp: Any) -> Fast:  # noqa: ANN401
        hook = self._converter.get_structure_hook(tp)
        return lambda value: hook(value, tp)

    def _role(self, value: object) -> Any:  # noqa: ANN401
        if value.__class__ is not str:
            raise _SLOW
        roles = self._roles
        role = roles.get(value)
        if role is None:
            role = self._hooks.role_type(name=value)
            if len(roles) >= _CACHE_LIMIT:
                roles.clear()
            roles[value] = role
        return role

    def _optional(self, tp: Any) -> Fast:  # noqa: ANN401
        args = typing.get_args(tp)
        other = args[0] if args[1] is type(None) else args[1]
        inner = self.compile(other)

        def structure(value: object) -> Any:  # noqa: ANN401
            return None if value is None else inner(value)

        return structure

    def _array(self, tp: Any) -> Fast:  # noqa: ANN401
        origin = typing.get_origin(tp) or tp
        args = typing.get_args(tp)
        item_type = args[0] if args else Any
        if item_type is Any:
            return self._leaf(tp)
        inner = self.compile(item_type)
        make = list if origin is list else tuple
        if inner is _structure_str:

            def strings(value: object) -> Any:  # noqa: ANN401
                if value.__class__ is not list:
                    raise _SLOW
                for item in value:
                    if item.__class__ is not str:
                        raise _SLOW
                return make(value)

            return strings

        def structure(value: object) -> Any:  # noqa: ANN401
            if value.__class__ is not list:
                raise _SLOW
            return make([inner(item) for item in value])

        return structure

    def _family(self, family: Any, declared: Any) -> Fast:  # noqa: ANN401
        hooks = self._hooks
        by_tag: dict[str, type] = dict(family.by_tag)
        allows_none = type(None) in typing.get_args(declared)
        only = declared if declared in family.members else None
        head = {hooks.tag, hooks.version} if family.versioned else {hooks.tag}
        if any(head & attrs.fields_dict(member).keys() for member in by_tag.values()):
            return self._leaf(declared)
        members = {
            cls: self._record(cls, forbid=True, extra=frozenset(head)) for cls in by_tag.values()
        }
        tag_key, version_key = hooks.tag, hooks.version
        versioned = family.versioned
        current = {cls: getattr(cls, "VERSION", 1) for cls in by_tag.values()}

        def structure(value: object) -> Any:  # noqa: ANN401
            if value is None and allows_none:
                return None
            if value.__class__ is not dict:
                raise _SLOW
            cls = by_tag[value[tag_key]]
            if only is not None and cls is not only:
                raise _SLOW
            if versioned:  # an older version is upcast, and a newer refused, by the detailed path
                version = value.get(version_key)
                if version.__class__ is not int or version != current[cls]:
                    raise _SLOW
            return members[cls](value)

        return structure

    def _record(self, cls: type, *, forbid: bool, extra: frozenset[str] = frozenset()) -> Fast:
        """Generated code for an attrs class: exact checks inline, then ``cls(**fields)``."""
        converter = self._converter
        if typing.get_origin(cls) is not None or _unusual(converter):
            return self._leaf(cls)
        fields = attrs.fields(attrs.resolve_types(cls))
        if any(not a.init or a.alias != a.name or a.converter or a.type is None for a in fields):
            return self._leaf(cls)
        names: dict[str, Any] = {
            "cls": cls,
            "slow": _SLOW,
            "allowed": frozenset(a.name for a in fields) | extra,
        }
        lines = [
            "def structure(o):",
            "    if o.__class__ is not dict:",
            "        raise slow",
        ]
        if forbid:
            lines += ["    if not o.keys() <= allowed:", "        raise slow"]
        lines.append("    kw = {}")
        for index, field in enumerate(fields):
            indent = "    "
            if field.default is not attrs.NOTHING:
                lines.append(f"    if {field.name!r} in o:")
                indent = "        "
            lines.append(f"{indent}x = o[{field.name!r}]")
            lines += [indent + line for line in self._check(field.type, f"f{index}", names)]
            lines.append(f"{indent}kw[{field.name!r}] = x")
        cached = self._cacheable(cls, fields)
        if cached:
            # Every input is of a canonical kind, so equal keys mean equal records.
            names["cache"], names["limit"], names["absent"] = {}, _CACHE_LIMIT, _ABSENT
            key = ", ".join(
                f"kw[{a.name!r}]" if a.default is attrs.NOTHING else f"kw.get({a.name!r}, absent)"
                for a in fields
            )
            lines += [
                f"    key = ({key},)",
                "    made = cache.get(key)",
                "    if made is None:",
                "        made = cls(**kw)",
                "        if len(cache) >= limit:",
                "            cache.clear()",
                "        cache[key] = made",
                "    return made",
            ]
        else:
            lines.append("    return cls(**kw)")
        source = "\n".join(lines) + "\n"
        fn: Fast = define(source, "structure", filename("structure", cls), names)
        if cached:
            self._canonical.add(fn)
        return fn

    def _cacheable(self, cls: type, fields: tuple[attrs.Attribute[Any], ...]) -> bool:
        """A frozen record whose fields are all of canonical kinds: cached by its inputs.

        Such a record is one of many that repeat through a history: an actor, a
        period (in the cycle's first event and in every goal), an objective.
        """
        try:
            frozen = attrs.inspect(cls).is_frozen
        except attrs.exceptions.NotAnAttrsClassError:  # a subclass attrs did not decorate
            frozen = False
        return (
            frozen
            and bool(fields)
            and all(
                not isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
                and self._canonical_type(a.type)
                for a in fields
            )
        )

    def _canonical_type(self, tp: Any) -> bool:  # noqa: ANN401
        """Whether equal structured values of ``tp`` are interchangeable, so may key a cache.

        True of exact strings, integers, booleans, dates, roles, plain enum
        members, records cached here, and ``None`` or one of those. Not of
        floats (``0.0 == -0.0``) or datetimes (equal instants at other offsets).
        """
        if self._compiled.get(tp) in self._canonical:
            return True
        if not _is_optional(tp):
            return False
        if not _is_cattrs_optional(self._converter.get_structure_hook(tp), self._converter):
            return False
        args = typing.get_args(tp)
        return self._compiled.get(args[0] if args[1] is type(None) else args[1]) in self._canonical

    def _check(self, tp: Any, name: str, names: dict[str, Any]) -> list[str]:  # noqa: ANN401
        """Lines that turn ``x`` (a field's raw value) into its structured value."""
        fn = self.compile(tp)
        optional = False
        if _is_optional(tp):
            hook = self._converter.get_structure_hook(tp)
            if _is_cattrs_optional(hook, self._converter):
                args = typing.get_args(tp)
                inner_fn = self.compile(args[0] if args[1] is type(None) else args[1])
                kind = _KIND_OF.get(inner_fn)
                if kind is not None:
                    fn, optional = inner_fn, True
        kind = _KIND_OF.get(fn)
        if kind is None:
            names[name] = fn
            return [f"x = {name}(x)"]
        body = _INLINE[kind]
        if kind in (_DATE, _DATETIME):
            names["_date"], names["_datetime"] = dt.date.fromisoformat, dt.datetime.fromisoformat
        if optional:
            return ["if x is not None:", *("    " + line for line in body)]
        return list(body)


# --- primitives -----------------------------------------------------------------------


def _structure_str(value: object) -> str:
    if value.__class__ is not str:
        raise _SLOW
    return value


def _structure_int(value: object) -> int:
    if value.__class__ is not int:
        raise _SLOW
    return value


def _structure_float(value: object) -> float:
    if value.__class__ is float:
        return value
    if value.__class__ is not int:
        raise _SLOW
    return float(value)


def _structure_bool(value: object) -> bool:
    if value.__class__ is not bool:
        raise _SLOW
    return value


def _structure_date(value: object) -> dt.date:
    if value.__class__ is not str:
        raise _SLOW
    return dt.date.fromisoformat(value)


def _structure_datetime(value: object) -> dt.datetime:
    if value.__class__ is not str:
        raise _SLOW
    return dt.datetime.fromisoformat(value)


_PRIMITIVES: dict[str, Fast] = {
    _STR: _structure_str,
    _INT: _structure_int,
    _FLOAT: _structure_float,
    _BOOL: _structure_bool,
    _DATE: _structure_date,
    _DATETIME: _structure_datetime,
}
_KIND_OF: dict[Fast, str] = {fn: kind for kind, fn in _PRIMITIVES.items()}
_CANONICAL_PRIMITIVES = frozenset(_PRIMITIVES[kind] for kind in (_STR, _INT, _BOOL, _DATE))
"""Primitives whose equal values are the same value (not floats, not datetimes)."""
_ABSENT = object()
"""A key part for a field with a default that the data leaves out."""
_INLINE: dict[str, tuple[str, ...]] = {
    _STR: ("if x.__class__ is not str:", "    raise slow"),
    _INT: ("if x.__class__ is not int:", "    raise slow"),
    _BOOL: ("if x.__class__ is not bool:", "    raise slow"),
    _FLOAT: (
        "if x.__class__ is not float:",
        "    if x.__class__ is not int:",
        "        raise slow",
        "    x = float(x)",
    ),
    _DATE: ("if x.__class__ is not str:", "    raise slow", "x = _date(x)"),
    _DATETIME: ("if x.__class__ is not str:", "    raise slow", "x = _datetime(x)"),
}


def _enum(tp: type[enum.Enum]) -> Fast:
    """The member ``tp(value)`` gives (cattrs structures a plain enum with it)."""
    members = dict(tp._value2member_map_)  # the table tp(value) reads first

    def structure(value: object) -> Any:  # noqa: ANN401
        return members[value]

    return structure


class _PlainEnum(enum.Enum):
    """An enum without a typed value, to ask cattrs for its hook."""

    ONE = 1


_CATTRS_PLAIN_ENUM = getattr(cattrs.Converter().get_structure_hook(_PlainEnum), "__code__", None)
"""The code of cattrs' own hook for an enum without a typed value, asked of a new converter."""


def _is_plain_enum_hook(hook: object, tp: Any) -> bool:  # noqa: ANN401
    """Whether ``hook`` is cattrs' ``lambda v, _: tp(v)`` for an enum without a typed value.

    Recognised, through the public ``get_structure_hook``, by running the code
    of the hook a new cattrs converter gives for such an enum; should cattrs
    change it, nothing is recognised and the converter's hook is called.
    """
    return (
        isinstance(tp, type)
        and issubclass(tp, enum.Enum)
        and "_value_" not in getattr(tp, "__annotations__", {})
        and _CATTRS_PLAIN_ENUM is not None
        and getattr(hook, "__code__", None) is _CATTRS_PLAIN_ENUM
    )


def _is_optional(tp: Any) -> bool:  # noqa: ANN401
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _unusual(converter: Any) -> bool:  # noqa: ANN401
    """Converter options under which cattrs' generated code reads fields differently.

    (``prefer_attrib_converters`` matters only for fields with a converter,
    which :meth:`FastStructurer._record` leaves to the converter anyway.)
    """
    return bool(converter.type_overrides or converter.use_alias)


_CATTRS_OPTIONAL = getattr(cattrs.Converter().get_structure_hook(int | None), "__func__", None)
"""The function behind cattrs' own hook for ``X | None``, asked of a new converter."""


def _is_cattrs_optional(hook: object, converter: object) -> bool:
    """Whether ``hook`` is ``converter``'s own cattrs hook for ``X | None`` (None, else ``X``).

    Recognised through the public ``get_structure_hook``: the hook is the same
    converter method a new cattrs converter gives for ``int | None``, bound to
    ``converter``. Should cattrs change how it gives that hook, nothing is
    recognised and the converter's hook is called as it is.
    """
    return (
        _CATTRS_OPTIONAL is not None
        and getattr(hook, "__func__", None) is _CATTRS_OPTIONAL
        and getattr(hook, "__self__", None) is converter
    )


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
