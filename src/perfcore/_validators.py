"""Validators for attrs fields that raise :class:`perfcore.ValidationError`.

attrs' own validators raise ``TypeError``; ours name the class and field and
say what is wrong, so bad input never escapes as a bare builtin error.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import functools
import math
import re
import types
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar, cast

import attrs

from perfcore._zones import MAX_NAME_LENGTH, zone_problem
from perfcore.errors import MalformedInput, ParamValue, Problem, ValidationError, call_problems

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")

_ACCEPTS = "accepts"
"""The attribute under which a validator carries its quick yes/no form."""


_INLINE = "inline"
"""The attribute under which a validator carries its quick form as an expression."""


def _quick(
    check: Validator, accepts: Callable[[object], bool], inline: str | None = None
) -> Validator:
    """Give ``check`` the predicate ``accepts``: true exactly for values ``check`` passes.

    The unchecked builders (:func:`perfcore._unchecked.guarded`) use it to test
    values without building problems; one rule, kept side by side in its forms.
    ``inline`` is the same predicate as a Python expression over ``{v}`` (using
    only :data:`INLINE_NAMES`), for generated code to test a value without a call.
    """
    setattr(check, _ACCEPTS, accepts)
    if inline is not None:
        setattr(check, _INLINE, inline)
    return check


_SCHEMA = "schema"
"""The attribute under which a validator carries its rule as JSON Schema keywords."""


_NULLABLE = "nullable"
"""The attribute under which a validator says whether it passes ``None``."""


def _described(check: Validator, *, nullable: bool, **keywords: object) -> Validator:
    """Give ``check`` its rule as JSON Schema keywords (read by :func:`schema_of`).

    The keywords constrain a value already of the field's type (``maxLength``,
    ``minimum``, ``pattern``, ``items``, ...); the type itself comes from the
    field's annotation, less ``null`` where the check refuses ``None``
    (:func:`refuses_none`). Only the factories here attach them, from their own
    arguments, so a schema follows the validator it was made from.
    """
    setattr(check, _SCHEMA, MappingProxyType(keywords))
    setattr(check, _NULLABLE, nullable)
    return check


def refuses_none(validator: object) -> bool:
    """Whether a validator made here refuses ``None`` (any part of an ``and_`` that does)."""
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_ and lists
    if isinstance(inner, tuple):
        return any(refuses_none(each) for each in inner)
    return getattr(validator, _NULLABLE, True) is False


def schema_of(validator: object) -> dict[str, Any]:
    """The JSON Schema keywords of a validator made here (all of them for an ``and_``).

    A validator with no rule data (a class's own check) gives ``{}``: its rule is
    not one JSON Schema can say.
    """
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_ and lists
    if isinstance(inner, tuple):
        merged: dict[str, Any] = {}
        for each in inner:
            merged = merge_schema(merged, schema_of(each))
        return merged
    found = getattr(validator, _SCHEMA, None)
    return dict(found) if isinstance(found, Mapping) else {}


def merge_schema(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with the keywords of ``extra`` added; nested ``items`` are merged too."""
    merged = dict(base)
    for key, value in extra.items():
        if key == "items" and isinstance(merged.get(key), Mapping):
            merged[key] = merge_schema(merged[key], value)
        else:
            merged[key] = value
    return merged


def inline_of(validator: object) -> str | None:
    """The quick form of a validator as an expression over ``{v}``, or ``None``."""
    found = getattr(validator, _INLINE, None)
    return found if isinstance(found, str) else None


def accepts_of(validator: object) -> Callable[[object], bool] | None:
    """The quick predicate of a validator made here, or ``None`` when it has none."""
    found = getattr(validator, _ACCEPTS, None)
    return found if callable(found) else None


def fail(
    instance: object,
    attribute: attrs.Attribute[Any],
    message: str,
    code: str = "invalid",
    params: Mapping[str, ParamValue] | None = None,
) -> NoReturn:
    """Raise a :class:`MalformedInput` for ``ClassName.field`` with the problem's code."""
    path = f"{type(instance).__name__}.{attribute.name}"
    raise MalformedInput.single(path, message, code=code, params=params)


def _kind(value: object) -> dict[str, ParamValue]:
    """The ``actual_type`` param of a problem about ``value``."""
    return {"actual_type": type(value).__name__}


def _bound(name: str, limit: float | None, value: object) -> dict[str, ParamValue]:
    """The params of a bound problem: the limit, and the value while it is a plain number."""
    params: dict[str, ParamValue] = {name: limit}
    if isinstance(value, float) or (isinstance(value, int) and abs(value) <= 2**53):
        params["actual"] = value
    return params


def describe(value: object) -> str:
    """Short description of a bad value for error messages."""
    return f"{type(value).__name__} {_short(value)}"


def _short(value: object) -> str:
    """``repr(value)`` cut to 60 characters; never raises (huge ints cannot be printed)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - e.g. an int beyond sys.get_int_max_str_digits()
        text = object.__repr__(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return text


def text(*, allow_empty: bool = False, max_length: int = 10_000) -> Validator:
    """A ``str``; non-blank unless ``allow_empty``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            fail(inst, attr, "is required", "required")
        if not isinstance(value, str):
            fail(
                inst, attr, f"must be a string, got {describe(value)}", "not_a_string", _kind(value)
            )
        if not allow_empty and not value.strip():
            fail(inst, attr, "must not be empty", "empty")
        if len(value) > max_length:
            fail(
                inst,
                attr,
                f"must be at most {max_length} characters, got {len(value)}",
                "too_long",
                {"max_length": max_length, "actual": len(value)},
            )

    def accepts(value: object) -> bool:
        return (
            isinstance(value, str)
            and len(value) <= max_length
            and (allow_empty or (not value.isspace() and value != ""))
        )

    filled = "True" if allow_empty else "({v} != '' and not {v}.isspace())"
    inline = f"(isinstance({{v}}, str) and len({{v}}) <= {max_length} and {filled})"
    blank: dict[str, object] = {} if allow_empty else {"minLength": 1, "pattern": r"\S"}
    quick = _quick(check, accepts, inline)
    return _described(quick, nullable=False, **blank, maxLength=max_length)


def optional_text() -> Validator:
    """``None`` or a non-blank ``str``."""
    inner = text()

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(inst, attr, value)

    inner_accepts = accepts_of(inner)
    assert inner_accepts is not None  # noqa: S101 - text() has one

    inner_inline = inline_of(inner)
    quick = _quick(
        check,
        lambda value: value is None or inner_accepts(value),
        f"({{v}} is None or {inner_inline})",
    )
    return _described(quick, nullable=True, **schema_of(inner))


def identifier() -> Validator:
    """A lowercase identifier such as ``"employee"`` or ``"skip_manager"``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not _IDENT.fullmatch(value):
            fail(
                inst,
                attr,
                f"must be a lowercase identifier like 'employee', got {describe(value)}",
                "not_an_identifier",
                _kind(value),
            )

    quick = _quick(
        check,
        lambda value: isinstance(value, str) and bool(_IDENT.fullmatch(value)),
        "(isinstance({v}, str) and _ident({v}) is not None)",
    )
    return _described(quick, nullable=False, pattern=_IDENT.pattern)


_FLOAT_RANGE = (-(2**1023), 2**1023)
"""Integers this size are certainly finite as floats, so the quick form may take them."""


def number(
    *, minimum: float | None = None, maximum: float | None = None, optional: bool = False
) -> Validator:
    """A finite ``int`` or ``float`` (never ``bool``) within optional bounds."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            message = f"must be a number, got {describe(value)}"
            fail(inst, attr, message, "not_a_number", _kind(value))
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int too large for a float
            finite = False
        if not finite:
            fail(inst, attr, f"must be a finite number, got {_short(value)}", "not_finite")
        if minimum is not None and value < minimum:
            message = f"must be at least {minimum:g}, got {value:g}"
            fail(inst, attr, message, "too_small", _bound("minimum", minimum, value))
        if maximum is not None and value > maximum:
            message = f"must be at most {maximum:g}, got {value:g}"
            fail(inst, attr, message, "too_large", _bound("maximum", maximum, value))

    accepts = functools.partial(
        _number_accepts, minimum=minimum, maximum=maximum, optional=optional
    )
    inline = _number_inline(minimum=minimum, maximum=maximum, optional=optional)
    quick = _quick(check, accepts, inline)
    return _described(quick, nullable=optional, **_bounds(minimum, maximum))


INLINE_NAMES: Mapping[str, object] = MappingProxyType(
    {
        "_isfinite": math.isfinite,
        "_ident": _IDENT.fullmatch,
        "_float_low": _FLOAT_RANGE[0],
        "_float_high": _FLOAT_RANGE[1],
    }
)
"""The names an inline quick form may use; generated code gets them in its globals."""


def _number_inline(*, minimum: float | None, maximum: float | None, optional: bool) -> str:
    """The quick form of :func:`number` as an expression over ``{v}``."""
    inline = (
        "((type({v}) is float and _isfinite({v}))"
        " or (type({v}) is int and _float_low <= {v} <= _float_high))"
    )
    if minimum is not None:
        inline = f"({inline} and {{v}} >= {minimum!r})"
    if maximum is not None:
        inline = f"({inline} and {{v}} <= {maximum!r})"
    if optional:
        inline = f"({{v}} is None or {inline})"
    return inline


def _number_accepts(
    value: object, *, minimum: float | None, maximum: float | None, optional: bool
) -> bool:
    """The quick form of :func:`number`."""
    if value is None:
        return optional
    if type(value) is float:
        if not math.isfinite(value):
            return False
    elif type(value) is not int or not _FLOAT_RANGE[0] <= value <= _FLOAT_RANGE[1]:
        return False  # bools, other number types and ints no float holds: the check says
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def integer(
    *, minimum: int | None = None, maximum: int | None = None, optional: bool = False
) -> Validator:
    """An ``int`` (never ``bool``) within optional bounds (or ``None`` when ``optional``)."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            message = f"must be an integer, got {describe(value)}"
            fail(inst, attr, message, "not_an_integer", _kind(value))
        if minimum is not None and value < minimum:
            message = f"must be at least {minimum}, got {_short(value)}"
            fail(inst, attr, message, "too_small", _bound("minimum", minimum, value))
        if maximum is not None and value > maximum:
            message = f"must be at most {maximum}, got {_short(value)}"
            fail(inst, attr, message, "too_large", _bound("maximum", maximum, value))

    return _described(check, nullable=optional, **_bounds(minimum, maximum))


def _bounds(minimum: float | None, maximum: float | None) -> dict[str, float]:
    """``minimum`` and ``maximum`` as JSON Schema keywords, those that are set."""
    bounds = {"minimum": minimum, "maximum": maximum}
    return {key: bound for key, bound in bounds.items() if bound is not None}


def boolean() -> Validator:
    """A ``bool``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            message = f"must be true or false, got {describe(value)}"
            fail(inst, attr, message, "not_a_boolean", _kind(value))

    return _described(check, nullable=False)


def member(enum_type: type[enum.Enum], *, optional: bool = False) -> Validator:
    """A member of ``enum_type``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, enum_type):
            allowed = ", ".join(repr(m.value) for m in enum_type)
            message = f"must be a {enum_type.__name__} ({allowed}), got {describe(value)}"
            params = {
                "enum": enum_type.__name__,
                "allowed": tuple(str(m.value) for m in enum_type),
                **_kind(value),
            }
            fail(inst, attr, message, "not_a_member", params)

    return _described(check, nullable=optional)


def instance(cls: type | tuple[type, ...], *, optional: bool = False) -> Validator:
    """An instance of ``cls`` (or ``None`` when ``optional``)."""
    names = " or ".join(c.__name__ for c in cls) if isinstance(cls, tuple) else cls.__name__

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            params = {"expected": names, **_kind(value)}
            fail(inst, attr, f"must be a {names}, got {describe(value)}", "wrong_type", params)

    return _described(check, nullable=optional)


def date(*, optional: bool = False) -> Validator:
    """A ``datetime.date`` that is not a ``datetime``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            fail(inst, attr, f"must be a date, got {describe(value)}", "not_a_date", _kind(value))

    return _described(check, nullable=optional)


_FIRST = dt.datetime(1, 1, 3, tzinfo=dt.UTC)
_LAST = dt.datetime(9999, 12, 29, 23, 59, 59, 999999, tzinfo=dt.UTC)
"""The moments perfcore accepts lie between these, in UTC: the day before and after exist."""


def moment_problem(value: object) -> str | None:
    """Why ``value`` is not a usable moment, or ``None`` if it is.

    A moment is a timezone-aware ``datetime`` whose time zone gives a valid
    UTC offset (an app's ``tzinfo`` may raise, return a non-timedelta or an
    offset of a day or more: each is refused here, not deep inside a command)
    and which lies at least two days inside the calendar (years 1 to 9999) once
    moved to UTC, so the day before and after it can be worked out.
    """
    found = _moment_problem(value)
    return None if found is None else found[0]


def _moment_problem(value: object) -> tuple[str, str, dict[str, ParamValue]] | None:
    """:func:`moment_problem` with the problem's code and params."""
    if not isinstance(value, dt.datetime):
        return f"must be a datetime, got {describe(value)}", "not_a_datetime", _kind(value)
    try:
        offset = value.utcoffset()
    except Exception as exc:  # noqa: BLE001 - an app's tzinfo may fail in any way
        message = f"its time zone gives no valid UTC offset ({type(exc).__name__}: {exc})"
        return message, "bad_time_zone", {}
    problem: tuple[str, str, dict[str, ParamValue]] | None = None
    if offset is None:
        problem = "must be timezone-aware (e.g. tzinfo=datetime.UTC)", "not_timezone_aware", {}
    else:
        try:
            inside = _FIRST <= value <= _LAST
        except OverflowError:
            inside = False
        if not inside:
            problem = (
                f"must lie between {_FIRST} and {_LAST} in UTC, got {value.isoformat()}",
                "outside_calendar",
                {"earliest": _FIRST.isoformat(), "latest": _LAST.isoformat()},
            )
    return problem


def time_zone(*, optional: bool = False) -> Validator:
    """An IANA time zone name the zone database knows (see :mod:`perfcore._zones`)."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        problem = zone_problem(value)
        if problem is not None:
            fail(inst, attr, *problem)

    return _described(check, nullable=optional, minLength=1, maxLength=MAX_NAME_LENGTH)


def require(value: object, kind: type | types.UnionType, path: str) -> None:
    """Refuse an argument that is not a ``kind`` with a ValidationError at ``path``."""
    if not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else str(kind).replace(" | ", " or ")
        raise MalformedInput.single(
            path,
            f"must be of type {name}, got {describe(value)}",
            code="wrong_type",
            params={"expected": name, **_kind(value)},
        )


def require_day(value: object, path: str) -> None:
    """Refuse an argument that is not a ``date`` (a ``datetime`` is not a day)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        message = f"must be a date, got {describe(value)}"
        raise MalformedInput.single(path, message, code="not_a_date", params=_kind(value))


def check_moment(value: object, path: str) -> dt.datetime:
    """``value`` if it is a usable moment (:func:`moment_problem`), else a ValidationError."""
    problem = _moment_problem(value)
    if problem is not None:
        message, code, params = problem
        raise MalformedInput.single(path, message, code=code, params=params)
    return cast("dt.datetime", value)


def aware_datetime() -> Validator:
    """A timezone-aware ``datetime.datetime`` with a valid offset, inside the calendar."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        problem = _moment_problem(value)
        if problem is not None:
            fail(inst, attr, *problem)

    return _described(check, nullable=False)


def tuple_of(item: Validator | type | tuple[type, ...], *, unique: bool = False) -> Validator:
    """A ``tuple`` whose items pass ``item`` (a validator or a type)."""
    is_type = isinstance(item, type | tuple)

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            fail(inst, attr, f"must be a tuple, got {describe(value)}", "not_a_tuple", _kind(value))
        if is_type and all(isinstance(element, item) for element in value):  # type: ignore[arg-type]
            if unique and len(set(value)) != len(value):
                _fail_repeated(inst, attr, value)
            return
        for index, element in enumerate(value):
            try:
                if isinstance(item, type | tuple):
                    if not isinstance(element, item):
                        names = (
                            " or ".join(c.__name__ for c in item)
                            if isinstance(item, tuple)
                            else item.__name__
                        )
                        message = f"must hold {names} items, got {describe(element)}"
                        params = {"expected": names, **_kind(element)}
                        fail(inst, attr, message, "wrong_type", params)
                else:
                    item(inst, attr, element)
            except ValidationError as exc:
                problem = exc.problems[0]
                raise type(exc)([problem.at(f"{problem.path}[{index}]")]) from None
        if unique and len(set(value)) != len(value):
            _fail_repeated(inst, attr, value)

    items = {} if is_type else schema_of(item)
    more = {"items": items} if items else {}
    return _described(check, nullable=False, **more, **({"uniqueItems": True} if unique else {}))


def _fail_repeated(inst: object, attr: attrs.Attribute[Any], value: tuple[object, ...]) -> NoReturn:
    counts: dict[object, int] = {}
    for element in value:
        counts[element] = counts.get(element, 0) + 1
    dupes = sorted(_short(element) for element, n in counts.items() if n > 1)
    message = f"must not repeat items, repeated: {', '.join(dupes)}"
    fail(inst, attr, message, "repeated", {"items": tuple(dupes)})


def repeated(ids: Iterable[str]) -> list[str]:
    """The ids that occur more than once, sorted.

    >>> repeated(["g1", "g2", "g1"])
    ['g1']
    """
    counts = collections.Counter(ids)
    return sorted(i for i, n in counts.items() if n > 1)


def distinct(key: str, message: str) -> Validator:
    """Items whose ``key`` attribute is unique; otherwise ``"<message>: <ids>"``."""

    def check(inst: object, attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        twice = repeated(getattr(item, key) for item in value)
        if twice:
            fail(inst, attr, f"{message}: {', '.join(twice)}", "repeated", {"items": tuple(twice)})

    return check


def items_of(values: object, name: str, kind: type) -> list[Any]:
    """The items of a function argument that must be a collection of ``kind``.

    A string or a non-iterable, or an item of another type, raises
    :class:`ValidationError` naming ``name`` or ``name[i]``.

    >>> items_of((1, 2), "counts", int)
    [1, 2]
    >>> items_of([1, "2"], "counts", int)
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: counts[1]: must be a int, got str '2'
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise MalformedInput.single(
            name,
            f"must be a collection of {kind.__name__}, got {describe(values)}",
            code="not_a_collection",
            params={"expected": kind.__name__, **_kind(values)},
        )
    items = list(values)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise MalformedInput.single(
                f"{name}[{index}]",
                f"must be a {kind.__name__}, got {describe(item)}",
                code="wrong_type",
                params={"expected": kind.__name__, **_kind(item)},
            )
    return items


def non_empty_tuple() -> Validator:
    """A tuple with at least one item (combine with :func:`tuple_of`)."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, tuple) and not value:
            fail(inst, attr, "must not be empty", "empty")

    return _described(check, nullable=True, minItems=1)


C = TypeVar("C", bound=type)


def reports_all_problems(cls: C) -> C:
    """Make a validated attrs class report every bad field, not only the first.

    attrs stops at the first failing validator. When one fails, every field's
    validator is run again on the half-built instance (attrs assigns all fields
    before validating) and all their problems are raised together.
    """
    original: Callable[..., None] = vars(cls)["__init__"]

    @functools.wraps(original)
    def init(self: Any, *args: object, **kwargs: object) -> None:  # noqa: ANN401
        try:
            original(self, *args, **kwargs)
        except ValidationError as first:
            problems: list[Problem] = []
            for field in attrs.fields(type(self)):
                if field.validator is None:
                    continue
                try:
                    field.validator(self, field, getattr(self, field.name))
                except ValidationError as exc:
                    problems.extend(exc.problems)
                except Exception:  # noqa: BLE001, S112 - depends on another bad field
                    continue
            if len(problems) <= len(first.problems):
                raise
            raise MalformedInput(problems) from None
        except TypeError:
            wrong = call_problems(type(self), args, kwargs)
            if not wrong:
                raise
            raise MalformedInput(wrong) from None

    type.__setattr__(cls, "__init__", init)
    return cls


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite ``int`` or ``float`` (never ``bool``)."""
    return _finite(value)


def _finite(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _check_band(at: str, band: object, previous: float | None) -> float:
    """Check one ``(lower bound, label)`` pair after ``previous``; return its bound."""
    if not isinstance(band, tuple) or len(band) != 2:
        raise MalformedInput.single(
            at,
            f"must be a (lower bound, label) pair, got {describe(band)}",
            code="not_a_pair",
            params=_kind(band),
        )
    bound, label = band
    if not _finite(bound) or not 0 <= bound <= 1:
        raise MalformedInput.single(
            at,
            f"lower bound must be a number from 0 to 1, got {describe(bound)}",
            code="out_of_range",
            params={"minimum": 0, "maximum": 1},
        )
    if not isinstance(label, str) or not label.strip() or len(label) > 200:
        raise MalformedInput.single(
            at,
            f"label must be a non-empty string of at most 200 characters, got {describe(label)}",
            code="bad_label",
            params={"max_length": 200},
        )
    if previous is None and bound != 0:
        raise MalformedInput.single(
            at,
            f"the first band must start at 0, got {bound:g}",
            code="not_from_zero",
            params={"actual": bound},
        )
    if previous is not None and bound <= previous:
        raise MalformedInput.single(
            at,
            f"lower bound {bound:g} must be above the previous band's {previous:g}",
            code="not_ascending",
            params={"previous": previous, "actual": bound},
        )
    return float(bound)


def fraction_bands(*, fewest: int = 1, why: str = "") -> Validator:
    """``(lower bound, label)`` pairs on [0, 1]: from 0, ascending, labels distinct.

    At least ``fewest`` bands; ``why`` is added to the message when there are too few.
    """

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            message = f"must be a tuple of (lower bound, label) pairs, got {describe(value)}"
            fail(inst, attr, message, "not_a_tuple", _kind(value))
        if not value:
            fail(inst, attr, "must not be empty", "empty")
        if len(value) < fewest:
            message = f"must have at least {fewest} bands{why}; got {len(value)}"
            fail(inst, attr, message, "too_few", {"minimum": fewest, "actual": len(value)})
        path = f"{type(inst).__name__}.{attr.name}"
        previous: float | None = None
        for index, band in enumerate(value):
            previous = _check_band(f"{path}[{index}]", band, previous)
        labels = [label for _, label in value]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            message = f"must not repeat labels, repeated: {', '.join(map(repr, repeated))}"
            fail(inst, attr, message, "repeated", {"items": tuple(repeated)})

    return check
