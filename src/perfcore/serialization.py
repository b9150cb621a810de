"""JSON-ready data and back, with cattrs.

:func:`make_converter` builds a converter (on cattrs' preconfigured JSON
converter) that turns every perfcore object into builtins (dicts, lists,
strings, numbers, ``None``) and back:

- dates and datetimes as ISO 8601 strings, enums as their values, roles as names;
- members of a closed family (measures, events) carry a stable ``"type"`` tag,
  never a class name;
- a cycle and every event carry ``"schema_version"``: a cycle's is
  :data:`SCHEMA_VERSION`, an event's the ``VERSION`` of its type. An older
  stored version is brought up to the current one by the :class:`Upcaster`
  steps the converter was made with (``make_converter(upcasters=...)``, plus
  perfcore's own :data:`UPCASTERS`); a newer one is refused. Any other object
  can be wrapped with :func:`to_document` to carry a version too;
- a cycle is stored as its state plus its events; structuring replays the events,
  re-deciding each by the rules of the command that records it (under the
  ``policy`` the converter was made with), and checks the state against them,
  so a hand-edited record cannot load. ``verify=False`` is the trusted path for
  documents this app wrote and already verified: the events are replayed with
  only their envelope checked (see ``Cycle.replay``).

Bad input raises :class:`perfcore.ValidationError` listing every problem with
its path, e.g. ``$.goals[2].weight``. The converter is yours: extend it, never
a global one.

>>> import datetime as dt
>>> from perfcore import Goal, NumericMeasure
>>> conv = make_converter()
>>> data = conv.unstructure(Goal(id="g1", title="Revenue", weight=100,
...                               measure=NumericMeasure(unit="EUR", target=10)))
>>> data["measure"]["type"], data["kind"]
('numeric', 'performance')
>>> conv.structure(data, Goal).measure.target
10.0
>>> conv.structure({"id": "g1", "title": "", "weight": 120}, Goal)
Traceback (most recent call last):
...
perfcore.errors.MalformedInput: $.title: must not be empty; $.weight: must be at most 100, got 120
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory as tuple_factory
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import configure_converter as _configure_json

from perfcore import _validators as v
from perfcore._limits import MAX_DEPTH, check_depth
from perfcore._serialization_fast import FastStructurer, Hooks
from perfcore.calibration.events import CALIBRATION_EVENT_TYPES, CalibrationEvent
from perfcore.calibration.session import CalibrationSession
from perfcore.compensation.events import MERIT_EVENT_TYPES, MeritEvent
from perfcore.compensation.merit import MeritCycle
from perfcore.cycle.aggregate import Cycle
from perfcore.cycle.events import EVENT_TYPES, Event
from perfcore.cycle.permissions import DEFAULT_POLICY, Policy
from perfcore.errors import MalformedInput, PerfcoreError, Problem, ValidationError
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES, FeedbackEvent
from perfcore.feedback.request import FeedbackRequest
from perfcore.measures import MEASURE_TYPES
from perfcore.people import Role

__all__ = [
    "SCHEMA_VERSION",
    "UPCASTERS",
    "PerfcoreConverter",
    "Upcaster",
    "configure_converter",
    "from_document",
    "make_converter",
    "to_document",
]

SCHEMA_VERSION = 3
"""Version of the stored shape of a cycle and a feedback request (and of :func:`to_document`).

Version 2 added their ``time_zone``; version 3 a cycle's ``settings`` (a request's
shape did not change). Each event type has a version of its own, its ``VERSION``.
"""

T = TypeVar("T")

_TAG = "type"
_VERSION = "schema_version"


def _callable(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        v.fail(inst, attr, f"must be a function of a document, got {v.describe(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Upcaster:
    """One step in the history of a stored shape: ``tag`` at ``version`` to ``version + 1``.

    ``upcast`` takes the stored fields of a document of type ``tag`` (an event's
    ``"type"``, or ``"cycle"`` / ``"feedback_request"``) at ``version``, without
    its ``"type"`` and ``"schema_version"``, and returns them as version
    ``version + 1`` has them; it gets a copy, so it may change it. A converter
    applies the steps in a chain, oldest first, to every older document it
    reads; what comes out is then checked like any current document. When a
    release changes an event's fields it raises the type's ``VERSION`` and adds
    the step to :data:`UPCASTERS`; an app passes more to
    ``make_converter(upcasters=...)``.

    >>> def renamed(fields):
    ...     fields["goal"] = fields.pop("objective")
    ...     return fields
    >>> step = Upcaster(tag="goal_proposed", version=1, upcast=renamed)
    >>> step.upcast({"objective": {"id": "g1"}})
    {'goal': {'id': 'g1'}}
    """

    tag: str = attrs.field(validator=v.text(max_length=200))
    version: int = attrs.field(validator=v.integer(minimum=1))
    upcast: Callable[[dict[str, Any]], dict[str, Any]] = attrs.field(validator=_callable)


def _without_zone(fields: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no ``time_zone``: each moment's own offset decided its date (``None``)."""
    fields["time_zone"] = None
    return fields


def _first_rules(fields: dict[str, Any]) -> dict[str, Any]:
    """A version 1 cycle: no ``time_zone`` (``None``), decided by the first rules (1)."""
    fields = _without_zone(fields)
    fields["rules"] = 1
    return fields


def _without_settings(fields: dict[str, Any]) -> dict[str, Any]:
    """Version 2 recorded no settings: its rules (1 or 2) read none (``None``)."""
    fields["settings"] = None
    return fields


def _check_in_v3(check_in: dict[str, Any]) -> dict[str, Any]:
    """A stored check-in with what version 3 added, empty: agenda, action items, closed ones."""
    return {"agenda": [], "action_items": [], "closed_action_items": [], **check_in}


def _cycle_without_settings(fields: dict[str, Any]) -> dict[str, Any]:
    """A version 2 cycle: no settings (``None``), and check-ins without 1:1 follow-through.

    Its stored check-ins gain the fields version 3 added, empty, so they match
    the state its events produce.
    """
    fields = _without_settings(fields)
    check_ins = fields.get("check_ins")
    if isinstance(check_ins, list):
        fields["check_ins"] = [
            _check_in_v3(check_in) if isinstance(check_in, dict) else check_in
            for check_in in check_ins
        ]
    return fields


def _unchanged(fields: dict[str, Any]) -> dict[str, Any]:
    """The shape did not change with this version."""
    return fields


UPCASTERS: tuple[Upcaster, ...] = (
    Upcaster(tag="cycle", version=1, upcast=_first_rules),
    Upcaster(tag="cycle_started", version=1, upcast=_first_rules),
    Upcaster(tag="feedback_request", version=1, upcast=_without_zone),
    Upcaster(tag="feedback_requested", version=1, upcast=_without_zone),
    Upcaster(tag="cycle", version=2, upcast=_cycle_without_settings),
    Upcaster(tag="cycle_started", version=2, upcast=_without_settings),
    Upcaster(tag="feedback_request", version=2, upcast=_unchanged),
)
"""perfcore's own upcasters, one per change to a stored shape since version 1.

Version 2 of a cycle, a feedback request and their first events added the
``time_zone``, and a cycle's ``rules``; a version 1 document loads with
``None`` and 1, the date rule and the leaving rules it was stored under (see
``Cycle.date_of`` and ``perfcore.cycle.RULES``). Version 3 of a cycle and its
first event added the ``settings`` the third rules read; a version 2 document
loads with ``None``, since rules 1 and 2 read none, and its check-ins with no
agenda and no action items (fields version 3 added to a check-in). Every converter applies
them; ``make_converter(upcasters=...)`` adds more.
"""


class _Upcasting:
    """The current version of each stored type and the steps that bring older ones up."""

    def __init__(self, current: Mapping[str, int], upcasters: object) -> None:
        self.current = dict(current)
        self.steps: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}
        if not isinstance(upcasters, Iterable) or isinstance(upcasters, str | bytes | Mapping):
            raise ValidationError.single(
                "upcasters", f"must be a sequence of Upcaster, got {v.describe(upcasters)}"
            )
        for index, step in enumerate(UPCASTERS):
            self._add(step, f"UPCASTERS[{index}]")
        for index, step in enumerate(upcasters):
            self._add(step, f"upcasters[{index}]")

    def _add(self, step: object, where: str) -> None:
        if not isinstance(step, Upcaster):
            raise ValidationError.single(where, f"must be an Upcaster, got {v.describe(step)}")
        now = self.current.get(step.tag)
        if now is None:
            known = ", ".join(sorted(self.current))
            raise ValidationError.single(
                f"{where}.tag", f"{step.tag!r} is no stored type; expected one of: {known}"
            )
        if step.version >= now:
            raise ValidationError.single(
                f"{where}.version",
                f"{step.tag!r} is at version {now} in this release; an upcaster from version"
                f" {step.version} would never run",
            )
        if (step.tag, step.version) in self.steps:
            raise ValidationError.single(
                where, f"a second upcaster from version {step.version} of {step.tag!r}"
            )
        self.steps[(step.tag, step.version)] = step.upcast

    def bring_up(self, tag: str, version: object, body: dict[str, Any]) -> dict[str, Any]:
        """``body``, stored as ``tag`` at ``version``, as the current version has it."""
        now = self.current[tag]
        version = _check_version(version, tag, now)
        while version < now:
            step = self.steps.get((tag, version))
            if step is None:
                raise _Versioned(
                    f"version {version} of {tag!r} is older than this release reads ({now})"
                    f" and no upcaster brings it up"
                )
            try:
                upcast = step(dict(body))
            except Exception as exc:  # noqa: BLE001 - the app's code: any failure is the document's
                raise _Versioned(
                    f"upcasting {tag!r} from version {version} failed: {type(exc).__name__}: {exc}"
                ) from None
            if not isinstance(upcast, dict):
                raise _Versioned(
                    f"the upcaster of {tag!r} from version {version} returned"
                    f" {type(upcast).__name__}, not the document's fields (a dict)"
                )
            body, version = upcast, version + 1
        return body


class PerfcoreConverter(JsonConverter):
    """A JSON converter whose ``structure`` raises :class:`perfcore.ValidationError`.

    A cycle's events are structured by a fast path first (exact types, every
    record's validators) and by cattrs' detailed path only when that declines, so
    errors are always the detailed path's. Registering any structure hook on the
    converter turns the fast path off: yours are then used exactly as cattrs does.
    """

    _perfcore_fast: FastStructurer | None = None

    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """As cattrs; also turns off the fast path, so the new hook is always used."""
        self._perfcore_fast = None
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        """As cattrs; also turns off the fast path, so the new hook is always used."""
        self._perfcore_fast = None
        super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """As cattrs; also turns off the fast path, so the new factory is always used."""
        self._perfcore_fast = None
        return super().register_structure_hook_factory(*args, **kwargs)

    @overload
    def structure(self, obj: Any, cl: type[T]) -> T: ...  # noqa: ANN401 - data of any shape

    @overload
    def structure(self, obj: Any, cl: Any) -> Any: ...  # noqa: ANN401 - unions, aliases

    def structure(self, obj: Any, cl: Any) -> Any:
        """Structure ``obj`` into ``cl``; bad input raises ``ValidationError`` with paths.

        ``structure(data, Cycle)`` is typed as a ``Cycle``; a union such as
        ``Measure | None`` gives ``Any``, as in cattrs.

        Data nested more than ``MAX_DEPTH`` levels deep is refused before it is read.
        """
        check_depth(obj)
        try:
            return super().structure(obj, cl)
        except (BaseValidationError, PerfcoreError, ValueError, TypeError, KeyError) as exc:
            raise _kind_of(exc)(_problems(exc, "$")) from None

    def loads(self, data: bytes | str, cl: type[T], **kwargs: Any) -> T:  # noqa: ANN401
        """Parse JSON text and structure it; text that is not JSON raises ``ValidationError``."""
        try:
            parsed = json.loads(data, **kwargs)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            raise MalformedInput.single("$", f"is not valid JSON: {exc}") from None
        except RecursionError:  # the parser's own depth limit, far beyond MAX_DEPTH
            raise MalformedInput.single(
                "$", f"is nested more than {MAX_DEPTH} levels deep"
            ) from None
        structured: T = self.structure(parsed, cl)
        return structured


def make_converter(
    *,
    policy: Policy = DEFAULT_POLICY,
    verify: bool = True,
    upcasters: Iterable[Upcaster] = (),
) -> PerfcoreConverter:
    """A new converter for perfcore objects; each call returns an independent one.

    A cycle it reads is replayed under ``policy`` (the app's permission policy,
    which is not stored) and gets it; ``verify=False`` is the trusted path, which
    replays stored histories without re-deciding their commands. ``upcasters``
    are applied, after perfcore's own :data:`UPCASTERS`, to stored documents of
    an older version (see :class:`Upcaster`); each must step from a version
    older than the current one of its type, and no two from the same one.
    """
    converter = PerfcoreConverter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(converter, policy=policy, verify=verify, upcasters=upcasters)
    return converter


def configure_converter(
    converter: cattrs.Converter,
    *,
    policy: Policy = DEFAULT_POLICY,
    verify: bool = True,
    upcasters: Iterable[Upcaster] = (),
) -> None:
    """Register perfcore's hooks on an existing converter (preconfigured for JSON).

    ``policy``, ``verify`` and ``upcasters`` are as for :func:`make_converter`.
    """
    if not isinstance(policy, Policy):
        raise ValidationError.single("policy", f"must be a Policy, got {type(policy).__name__}")
    if not isinstance(verify, bool):
        raise ValidationError.single("verify", f"must be a bool, got {type(verify).__name__}")
    upcasting = _Upcasting(
        {
            **{cls.TAG: cls.VERSION for cls in EVENT_TYPES},
            **{cls.TAG: cls.VERSION for cls in FEEDBACK_EVENT_TYPES},
            **{cls.TAG: cls.VERSION for cls in CALIBRATION_EVENT_TYPES},
            _CYCLE_TAG: SCHEMA_VERSION,
            _REQUEST_TAG: SCHEMA_VERSION,
            _SESSION_TAG: SCHEMA_VERSION,
            **{cls.TAG: cls.VERSION for cls in MERIT_EVENT_TYPES},
            _MERIT_TAG: SCHEMA_VERSION,
        },
        upcasters,
    )
    if isinstance(converter, JsonConverter):
        _configure_json(converter)
    _register_strict_primitives(converter)
    _register_strict_containers(converter)
    converter.register_unstructure_hook(Role, lambda role: role.name)
    converter.register_structure_hook(Role, _structure_role)
    _register_family(converter, MEASURE_TYPES)
    _register_family(converter, EVENT_TYPES, upcasting=upcasting, base=Event)
    _register_cycle(converter, policy=policy, verify=verify, upcasting=upcasting)
    _register_family(converter, FEEDBACK_EVENT_TYPES, upcasting=upcasting, base=FeedbackEvent)
    _register_feedback_request(converter, verify=verify, upcasting=upcasting)
    _register_family(converter, CALIBRATION_EVENT_TYPES, upcasting=upcasting, base=CalibrationEvent)
    _register_calibration_session(converter, verify=verify, upcasting=upcasting)
    _register_family(converter, MERIT_EVENT_TYPES, upcasting=upcasting, base=MeritEvent)
    _register_replayed(
        converter,
        MeritCycle,
        _MERIT_TAG,
        MeritEvent,
        MeritCycle.replay,
        verify=verify,
        upcasting=upcasting,
    )
    if isinstance(converter, PerfcoreConverter):  # after every hook above is registered
        converter._perfcore_fast = FastStructurer(converter, _HOOKS)  # noqa: SLF001


# --- primitives ---------------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"must be a string, got {type(value).__name__}")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"must be an integer, got {type(value).__name__}")
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"must be a number, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError("must be a finite number, got an integer too large for a float") from None


def _unstructure_decimal(value: Decimal) -> str:
    """A decimal as its exact text (``"42000.50"``): JSON numbers would round it."""
    return str(value)


def _structure_decimal(value: object, _: type) -> Decimal:
    """Money and rates come back exactly: from their text, or from a whole number."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"must be a decimal number written as a string, got {type(value).__name__}")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"must be a decimal number, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"must be a finite decimal number, got {value!r}")
    return number


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"must be true or false, got {type(value).__name__}")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"must be an ISO date string, got {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be an ISO date like 2026-01-31, got {value!r}") from None


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"must be an ISO datetime string, got {type(value).__name__}")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"must be an ISO datetime like 2026-01-31T09:00:00+00:00, got {value!r}"
        ) from None


def _register_strict_primitives(converter: cattrs.Converter) -> None:
    """Refuse silent coercions (``5`` → ``"5"``, ``"5"`` → ``5.0``) that cattrs allows."""
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())


def _structure_role(value: object, _: type) -> Role:
    if not isinstance(value, str):
        raise TypeError(f"must be a role name, got {type(value).__name__}")
    try:
        return Role(name=value)
    except ValidationError as exc:  # stored as a plain name: report it at the role itself
        raise ValueError(exc.problems[0].message) from None


def _register_strict_containers(converter: cattrs.Converter) -> None:
    """Refuse what cattrs would take silently or fail on with an internal error.

    cattrs turns any iterable into a list or tuple (``"abc"`` → ``("a", "b", "c")``,
    a dict → its keys) and fails on a non-dict object with ``AttributeError``.
    """
    converter.register_structure_hook_factory(_is_array, _array_hook)
    converter.register_structure_hook_factory(attrs.has, _object_hook)


def _is_array(tp: Any) -> bool:  # noqa: ANN401
    """``list[X]`` or ``tuple[X, ...]``: stored as a JSON array."""
    return (typing.get_origin(tp) or tp) in (list, tuple) and is_sequence(tp)


def _array_hook(tp: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:  # noqa: ANN401
    factory = list_structure_factory if (typing.get_origin(tp) or tp) is list else tuple_factory
    inner = factory(tp, converter)

    def structure(value: object, cl: Any) -> Any:  # noqa: ANN401
        if not isinstance(value, list | tuple):
            raise TypeError(f"must be a list, got {type(value).__name__}")
        return inner(value, cl)

    structure.perfcore_array = tp  # type: ignore[attr-defined] # recognised by the fast path
    return structure


def _object_hook(cl: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:  # noqa: ANN401
    inner = converter.gen_structure_attrs_fromdict(cl)

    def structure(value: object, tp: Any) -> Any:  # noqa: ANN401
        if not isinstance(value, Mapping):
            raise TypeError(f"must be an object, got {type(value).__name__}")
        return inner(value, tp)

    structure.perfcore_object = cl  # type: ignore[attr-defined] # recognised by the fast path
    return structure


# --- tagged families ----------------------------------------------------------------


class _Family:
    """A closed family of classes told apart by their ``TAG``."""

    def __init__(
        self,
        converter: cattrs.Converter,
        members: tuple[type, ...],
        *,
        upcasting: _Upcasting | None,
    ) -> None:
        self.by_tag: dict[str, type] = {m.TAG: m for m in members}  # type: ignore[attr-defined]
        self.members = frozenset(members)
        self.upcasting = upcasting
        self.versioned = upcasting is not None
        self.unstructure_fns: dict[type, Callable[[Any], dict[str, Any]]] = {
            m: make_dict_unstructure_fn(m, converter) for m in members
        }
        self.structure_fns: dict[type, Callable[[Mapping[str, Any], Any], Any]] = {
            m: make_dict_structure_fn(m, converter, _cattrs_forbid_extra_keys=True) for m in members
        }

    def unstructure(self, obj: Any) -> dict[str, Any]:  # noqa: ANN401
        head: dict[str, Any] = {_TAG: type(obj).TAG}
        if self.versioned:
            head[_VERSION] = type(obj).VERSION
        return {**head, **self.unstructure_fns[type(obj)](obj)}

    def structure(self, data: object, declared: Any) -> Any:  # noqa: ANN401
        if data is None and _allows_none(declared):
            return None
        if not isinstance(data, Mapping):
            raise TypeError(f"must be an object, got {type(data).__name__}")
        body = dict(data)
        tag = body.pop(_TAG, None)
        cls = self.by_tag.get(tag) if isinstance(tag, str) else None
        if cls is None:
            known = ", ".join(sorted(self.by_tag))
            raise _Tagged(f"unknown or missing type {tag!r}; expected one of: {known}")
        if declared in self.members and cls is not declared:
            raise _Tagged(f"type {tag!r} is not a {declared.__name__}")
        if self.upcasting is not None:
            body = self.upcasting.bring_up(tag, body.pop(_VERSION, None), body)
        return self.structure_fns[cls](body, cls)

    def is_union(self, tp: Any) -> bool:  # noqa: ANN401
        return _union_members(tp) == self.members


def _register_family(
    converter: cattrs.Converter,
    members: tuple[type, ...],
    *,
    upcasting: _Upcasting | None = None,
    base: type | None = None,
) -> None:
    """Tag each member with its ``TAG``; structure the union (or base) by that tag.

    With ``upcasting`` the members are versioned: each is stored with its
    ``VERSION`` and read back through the upcasters.
    """
    family = _Family(converter, members, upcasting=upcasting)
    for cls in (*members, base) if base is not None else members:
        converter.register_unstructure_hook(cls, family.unstructure)
        converter.register_structure_hook(cls, family.structure)
    converter.register_structure_hook_func(family.is_union, family.structure)


class _Tagged(ValueError):
    """A problem with a ``type`` tag; reported at ``<path>.type``."""


class _Versioned(ValueError):
    """A problem with a ``schema_version``; reported at ``<path>.schema_version``."""


def _union_members(tp: Any) -> frozenset[type] | None:  # noqa: ANN401
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return frozenset(a for a in typing.get_args(tp) if a is not type(None))
    return None


def _allows_none(tp: Any) -> bool:  # noqa: ANN401
    return type(None) in typing.get_args(tp)


def _check_version(version: object, tag: str, now: int) -> int:
    """``version``, if it is one of ``tag``'s this release reads (1 to ``now``)."""
    if version is None:
        raise _Versioned("is required")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Versioned(f"must be an integer, got {version!r}")
    if version > now:
        raise _Versioned(
            f"version {version} of {tag!r} is newer than this release reads (1 to {now})"
        )
    if version < 1:
        raise _Versioned(f"version {version} is not supported (this release reads 1 to {now})")
    return version


# --- the fast path ------------------------------------------------------------------

_HOOKS = Hooks(
    primitives={
        _structure_str: "str",
        _structure_int: "int",
        _structure_float: "float",
        _structure_bool: "bool",
        _structure_date: "date",
        _structure_datetime: "datetime",
    },
    role=_structure_role,
    role_type=Role,
    family=_Family,
    tag=_TAG,
    version=_VERSION,
)
"""The hooks above, for the fast path to recognise (see ``_serialization_fast``)."""


# --- the cycle ----------------------------------------------------------------------

_CYCLE_TAG = "cycle"


def _register_cycle(
    converter: cattrs.Converter, *, policy: Policy, verify: bool, upcasting: _Upcasting
) -> None:
    state_fn = make_dict_unstructure_fn(
        Cycle, converter, policy=override(omit=True), events=override(omit=True)
    )

    def unstructure(cycle: Cycle) -> dict[str, Any]:
        return {
            _TAG: _CYCLE_TAG,
            _VERSION: SCHEMA_VERSION,
            **state_fn(cycle),
            "events": [converter.unstructure(event, Event) for event in cycle.events],
        }

    def structure(data: object, _: type) -> Cycle:
        body = _event_sourced_body(data, _CYCLE_TAG, upcasting)
        events = _structure_events(converter, body.pop("events"))
        cycle = _replay(events, policy=policy, verify=verify)
        _check_stored_state(body, state_fn(cycle))
        return cycle

    converter.register_unstructure_hook(Cycle, unstructure)
    converter.register_structure_hook(Cycle, structure)


def _event_sourced_body(data: object, tag: str, upcasting: _Upcasting) -> dict[str, Any]:
    """The stored fields of an event-sourced object, its tag checked, brought up to date."""
    if not isinstance(data, Mapping):
        raise TypeError(f"must be an object, got {type(data).__name__}")
    body = dict(data)
    found = body.pop(_TAG, tag)
    if found != tag:
        raise _Tagged(f"expected {tag!r}, got {found!r}")
    body = upcasting.bring_up(tag, body.pop(_VERSION, None), body)
    if "events" not in body:
        raise _Missing("events")
    return body


def _check_stored_state(body: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
    """Every stored field must be one the events produce, with the value they produce."""
    problems = [
        Problem(path=f"$.{key}", message="is not a known field", code="unknown_field")
        for key in sorted(body, key=str)
        if key not in expected
    ]
    problems += [
        Problem(path=f"$.{key}", message="does not match the state the events produce")
        for key in sorted(body, key=str)
        if key in expected and body[key] != expected[key]
    ]
    if problems:
        raise ValidationError(problems)


_REQUEST_TAG = "feedback_request"
_SESSION_TAG = "calibration_session"
_MERIT_TAG = "merit_cycle"


def _register_feedback_request(
    converter: cattrs.Converter, *, verify: bool, upcasting: _Upcasting
) -> None:
    """A feedback request is stored like a cycle: its state for reading, its events as truth."""
    _register_replayed(
        converter,
        FeedbackRequest,
        _REQUEST_TAG,
        FeedbackEvent,
        FeedbackRequest.replay,
        verify=verify,
        upcasting=upcasting,
    )


def _register_calibration_session(
    converter: cattrs.Converter, *, verify: bool, upcasting: _Upcasting
) -> None:
    """A calibration session is stored as a request is: its state, and its events as truth."""
    _register_replayed(
        converter,
        CalibrationSession,
        _SESSION_TAG,
        CalibrationEvent,
        CalibrationSession.replay,
        verify=verify,
        upcasting=upcasting,
    )


def _register_replayed(  # noqa: PLR0913 - the aggregate and how it is stored
    converter: cattrs.Converter,
    cls: type[T],
    tag: str,
    event_base: type,
    replay: Callable[..., T],
    *,
    verify: bool,
    upcasting: _Upcasting,
) -> None:
    """Store ``cls`` as its state plus its events; loading replays the events and compares."""
    state_fn = make_dict_unstructure_fn(cls, converter, events=override(omit=True))

    def unstructure(aggregate: T) -> dict[str, Any]:
        return {
            _TAG: tag,
            _VERSION: SCHEMA_VERSION,
            **state_fn(aggregate),
            "events": [
                converter.unstructure(event, event_base)
                for event in aggregate.events  # type: ignore[attr-defined]
            ],
        }

    def structure(data: object, _: type) -> T:
        body = _event_sourced_body(data, tag, upcasting)
        try:
            events = converter.structure(body.pop("events"), list[event_base])  # type: ignore[valid-type]
        except (BaseValidationError, PerfcoreError, ValueError, TypeError, KeyError) as exc:
            raise ValidationError(_problems(exc, "$.events")) from None
        try:
            aggregate = replay(events, verify=verify)
        except ValidationError as exc:
            raise ValidationError(_rebase(p, "$") for p in exc.problems) from None
        _check_stored_state(body, state_fn(aggregate))
        return aggregate

    converter.register_unstructure_hook(cls, unstructure)
    converter.register_structure_hook(cls, structure)


def _structure_events(converter: cattrs.Converter, data: object) -> list[Event]:
    """The stored events: the fast path if it takes them, else the detailed one."""
    fast = getattr(converter, "_perfcore_fast", None)
    if fast is not None:
        try:
            events: list[Event] = fast.structure(data, list[Event])
        except Exception:  # noqa: BLE001, S110 - declined: the detailed path decides
            pass
        else:
            return events
    return _structure_events_detailed(converter, data)


def _structure_events_detailed(converter: cattrs.Converter, data: object) -> list[Event]:
    try:
        events: list[Event] = converter.structure(data, list[Event])
    except (BaseValidationError, PerfcoreError, ValueError, TypeError, KeyError) as exc:
        raise ValidationError(_problems(exc, "$.events")) from None
    return events


def _replay(events: Sequence[Event], *, policy: Policy, verify: bool) -> Cycle:
    """``Cycle.replay``, with every problem's path pointing into the stored ``events``.

    Replay names the first event at fault (``events[7].goal.id``), so its paths
    only need rooting at ``$``. A problem naming no event (a replay replaced by
    the app) is put on the first event whose history cannot be replayed.
    """
    try:
        return Cycle.replay(events, policy=policy, verify=verify)
    except ValidationError as exc:
        problems = exc.problems
    if not events:
        raise ValidationError(p.at("$.events") for p in problems)
    if all(p.path.startswith("events[") for p in problems):
        raise ValidationError(p.at(f"$.{p.path}") for p in problems) from None
    index = _first_unreplayable(events, policy=policy, verify=verify)
    event_path = f"$.events[{index}]"
    fields = attrs.fields_dict(type(events[index]))
    located: list[Problem] = []
    for problem in problems:
        head, dot, rest = problem.path.partition(".")
        if head.startswith("events["):  # events[7].cycle_id -> $.events[<index>].cycle_id
            located.append(problem.at(f"{event_path}{dot}{rest}"))
        elif rest in fields:  # CycleStarted.manager_id -> $.events[0].manager_id
            located.append(problem.at(f"{event_path}.{rest}"))
        else:
            located.append(Problem(path=event_path, message=str(problem)))
    raise ValidationError(located)


def _first_unreplayable(events: Sequence[Event], *, policy: Policy, verify: bool) -> int:
    """The index of the first event that makes ``events`` fail to replay (a bisection)."""
    low, high = 0, len(events) - 1  # replaying events[: high + 1] fails
    while low < high:
        middle = (low + high) // 2
        try:
            Cycle.replay(events[: middle + 1], policy=policy, verify=verify)
        except ValidationError:
            high = middle
        else:
            low = middle + 1
    return low


class _Missing(KeyError):
    """A required field is absent."""


# --- documents ----------------------------------------------------------------------


def to_document(converter: cattrs.Converter, obj: object) -> dict[str, Any]:
    """Wrap any perfcore object as ``{"schema_version", "type", "data"}`` for storage.

    >>> from perfcore import Period
    >>> doc = to_document(make_converter(), Period.quarter(2026, 1))
    >>> doc["schema_version"], doc["type"], doc["data"]["end"]
    (3, 'Period', '2026-03-31')
    """
    return {
        _VERSION: SCHEMA_VERSION,
        _TAG: type(obj).__name__,
        "data": converter.unstructure(obj),
    }


def from_document(converter: cattrs.Converter, document: object, cls: type[T]) -> T:
    """Read back what :func:`to_document` wrote, checking version and type."""
    if not isinstance(document, Mapping):
        raise ValidationError.single("$", f"must be an object, got {type(document).__name__}")
    try:
        _check_version(document.get(_VERSION), cls.__name__, SCHEMA_VERSION)
    except _Versioned as exc:
        raise ValidationError.single(f"$.{_VERSION}", str(exc)) from None
    if document.get(_TAG) != cls.__name__:
        raise ValidationError.single(
            f"$.{_TAG}", f"expected {cls.__name__!r}, got {document.get(_TAG)!r}"
        )
    if "data" not in document:
        raise ValidationError.single("$.data", "is required")
    try:
        structured: T = converter.structure(document["data"], cls)
    except (BaseValidationError, PerfcoreError, ValueError, TypeError, KeyError) as exc:
        raise ValidationError(_problems(exc, "$.data")) from None
    return structured


# --- error paths --------------------------------------------------------------------


def _kind_of(exc: BaseException) -> type[ValidationError]:
    """The error class a structuring failure is raised as.

    A perfcore error keeps its kind (a stored history whose events conflict
    with each other stays a :class:`~perfcore.ContentConflict`); anything the
    converter itself found (a missing or unknown field, a wrong type, a bad
    tag) is :class:`~perfcore.MalformedInput`: the data cannot be built.
    """
    return type(exc) if isinstance(exc, ValidationError) else MalformedInput


def _problems(exc: BaseException, path: str) -> list[Problem]:  # noqa: C901, PLR0911
    """Flatten a cattrs error tree into problems with ``$.a.b[2].c`` paths."""
    if isinstance(exc, ValidationError):
        return [_rebase(problem, path) for problem in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            Problem(path=f"{path}.{key}", message="is not a known field", code="unknown_field")
            for key in sorted(exc.extra_fields, key=str)
        ]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            child = f"{path}.{name}" if name is not None else f"{path}[{index}]"
            if isinstance(inner, KeyError) and not isinstance(inner, _Missing):
                found.append(Problem(path=child, message="is required", code="required"))
            else:
                found.extend(_problems(inner, child))
        for inner in without:
            found.extend(_problems(inner, path))
        return found
    if isinstance(exc, BaseValidationError):  # pragma: no cover - other cattrs groups
        return [p for inner in exc.exceptions for p in _problems(inner, path)]
    if isinstance(exc, _Tagged):
        return [Problem(path=f"{path}.{_TAG}", message=str(exc))]
    if isinstance(exc, _Versioned):
        return [Problem(path=f"{path}.{_VERSION}", message=str(exc))]
    if isinstance(exc, _Missing):
        return [Problem(path=f"{path}.{exc.args[0]}", message="is required", code="required")]
    return [Problem(path=path, message=_message(exc))]


def _rebase(problem: Problem, path: str) -> Problem:
    """``Goal.weight`` raised while structuring ``$.goals[2]`` becomes ``$.goals[2].weight``.

    A path already rooted at ``$`` (from a nested ``structure``) is re-rooted at ``path``.
    """
    if problem.path.startswith("$"):
        return problem.at(f"{path}{problem.path[1:]}")
    head, _, rest = problem.path.partition(".")
    if not rest or not head[:1].isupper():
        return problem.at(f"{path}.{problem.path}")
    return problem.at(f"{path}.{rest}")


def _message(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, KeyError):
        return f"is required ({text})"
    if "is not a valid" in text:  # enum values
        return text.replace("ValueError: ", "")
    return text or type(exc).__name__
