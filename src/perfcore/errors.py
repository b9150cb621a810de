"""The perfcore error hierarchy.

Every error perfcore raises on bad input derives from :class:`PerfcoreError`.
Leaf errors also derive from a builtin so generic handlers keep working:

>>> issubclass(ValidationError, ValueError)
True
>>> issubclass(PermissionDenied, PermissionError)
True

Every error also reads as an RFC 9457 problem-details object for an HTTP
answer (:meth:`PerfcoreError.to_problem`), and every :class:`Problem` carries a
stable ``code`` and its ``params`` (see :data:`PROBLEM_CODES`), so an app can
word a message in its own language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, Self, TypeVar

import attrs

from perfcore.phases import Phase

_R = TypeVar("_R")

__all__ = [
    "PROBLEM_CODES",
    "Blocker",
    "ContentConflict",
    "GuardError",
    "MalformedInput",
    "MissingDependency",
    "OutOfOrder",
    "PerfcoreError",
    "PermissionDenied",
    "Problem",
    "ProblemCode",
    "TransitionError",
    "ValidationError",
    "VersionConflict",
    "ViewChanged",
    "problem_codes_table",
    "problem_types_table",
]

ParamValue = str | int | float | bool | None | tuple[str, ...]
"""What a problem's parameter may be: a plain value, or a tuple of strings."""

JSONValue = Any
"""A value :func:`json.dumps` writes as is: dicts, lists, strings, numbers, booleans, None."""


class PerfcoreError(Exception):
    """Root of every error perfcore raises.

    Each kind of error names its problem type (a relative URI reference such
    as ``/problems/validation``), a short title and the HTTP status an app
    would usually answer with; :meth:`to_problem` puts them together with the
    error's details.
    """

    problem_type: ClassVar[str] = "/problems/error"
    problem_title: ClassVar[str] = "Refused by perfcore"
    problem_status: ClassVar[int] = 400
    problem_when: ClassVar[str] = "any other perfcore error (the root's defaults)"

    def to_problem(self) -> dict[str, JSONValue]:
        """The error as an RFC 9457 problem-details mapping, ready for ``json.dumps``.

        ``type``, ``title`` and ``status`` come from the kind of error (see
        :func:`problem_types_table`), ``detail`` is ``str(error)``; each kind adds its
        own members (``problems``, ``blockers``, ``command``, ``phase``, ``actor``).

        >>> PerfcoreError("something is off").to_problem()
        {'type': '/problems/error', 'title': 'Refused by perfcore', 'status': 400, \
'detail': 'something is off'}
        """
        problem: dict[str, JSONValue] = {
            "type": self.problem_type,
            "title": self.problem_title,
            "status": self.problem_status,
            "detail": str(self),
        }
        problem.update(self._problem_members())
        return problem

    def _problem_members(self) -> dict[str, JSONValue]:
        """The members this kind of error adds to :meth:`to_problem`."""
        return {}


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _plain(value: object) -> JSONValue:
    """``value`` as a JSON value: tuples become lists."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


class _Params(Mapping[str, ParamValue]):
    """A problem's parameters: read-only, hashable, picklable, in a fixed (sorted) order."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, ParamValue] | None = None) -> None:
        self._items: dict[str, ParamValue] = (
            {} if items is None else {key: items[key] for key in sorted(items)}
        )

    def __getitem__(self, key: str) -> ParamValue:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[type[_Params], tuple[dict[str, ParamValue]]]:
        return type(self), (self._items,)


def _params(value: Mapping[str, ParamValue] | None) -> _Params:
    return value if isinstance(value, _Params) else _Params(value)


def call_problems(cls: type, args: tuple[object, ...], kwargs: dict[str, object]) -> list[Problem]:
    """What is wrong with how the record ``cls`` was called, each a :class:`Problem`.

    Positional, unknown or missing arguments, each named by path
    (``Goal.id: is required``); empty if nothing. Records report these as
    :class:`MalformedInput` instead of Python's ``TypeError``.
    """
    name = cls.__name__
    fields = [field for field in attrs.fields(cls) if field.init]
    known = {field.alias for field in fields}
    problems: list[Problem] = []
    if args:
        problems.append(
            Problem(
                path=name,
                message=f"takes keyword arguments only, got {len(args)} positional",
                code="wrong_type",
                params={"expected": "keyword arguments", "actual_type": "positional"},
            )
        )
    problems.extend(
        Problem(path=f"{name}.{key}", message=f"is not a field of {name}", code="unknown_field")
        for key in sorted(set(kwargs) - known)
    )
    problems.extend(
        Problem(path=f"{name}.{field.alias}", message="is required", code="required")
        for field in fields
        if field.default is attrs.NOTHING and field.alias not in kwargs
    )
    return problems


def _checks_its_call(cls: type[_R]) -> type[_R]:
    """Report a wrong call of ``cls`` (missing, unknown or positional arguments) as MalformedInput.

    The errors' own records cannot use ``_validators.reports_all_problems``, which
    sits above this module; this is its part about the call.
    """
    original = vars(cls)["__init__"]

    def init(self: Any, *args: object, **kwargs: object) -> None:  # noqa: ANN401
        try:
            original(self, *args, **kwargs)
        except TypeError:
            wrong = call_problems(type(self), args, kwargs)
            if not wrong:
                raise
            raise MalformedInput(wrong) from None

    init.__doc__ = original.__doc__
    init.__wrapped__ = original  # type: ignore[attr-defined]
    type.__setattr__(cls, "__init__", init)
    return cls


@_checks_its_call
@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input: where (``path``), what (``message``), and why in code.

    ``code`` is a stable lowercase identifier (see :data:`PROBLEM_CODES`;
    ``"invalid"`` when nothing more specific applies) and ``params`` the values
    its message is made of, so an app can word the problem itself.

    >>> str(Problem(path="Goal.weight", message="must be at least 0, got -1"))
    'Goal.weight: must be at least 0, got -1'
    >>> problem = Problem(path="Goal.title", message="must be at most 200 characters, got 250",
    ...                   code="too_long", params={"max_length": 200, "actual": 250})
    >>> problem.code, problem.params["max_length"]
    ('too_long', 200)
    >>> problem.as_dict()
    {'path': 'Goal.title', 'code': 'too_long', 'message': 'must be at most 200 characters, \
got 250', 'params': {'actual': 250, 'max_length': 200}}
    """

    path: str
    message: str
    code: str = "invalid"
    params: Mapping[str, ParamValue] = attrs.field(factory=_Params, converter=_params)
    """Sorted by name; read-only."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def at(self, path: str) -> Problem:
        """The same problem at another ``path`` (code, message and params kept)."""
        return attrs.evolve(self, path=path)

    def as_dict(self) -> dict[str, JSONValue]:
        """The problem as plain JSON values: path, code, message and params."""
        return {
            "path": self.path,
            "code": self.code,
            "message": self.message,
            "params": {key: _plain(value) for key, value in self.params.items()},
        }


@attrs.frozen(kw_only=True)
class ProblemCode:
    """A documented problem code: what it means and the params its problems carry."""

    code: str
    meaning: str
    params: tuple[str, ...] = ()


def _codes(*entries: tuple[str, str, tuple[str, ...]]) -> Mapping[str, ProblemCode]:
    found = {
        code: ProblemCode(code=code, meaning=meaning, params=params)
        for code, meaning, params in entries
    }
    assert all(_CODE.fullmatch(code) for code in found)  # noqa: S101 - a fixed table
    return MappingProxyType(found)


PROBLEM_CODES: Mapping[str, ProblemCode] = _codes(
    ("invalid", "refused for the reason the message gives (no more specific code)", ()),
    ("required", "a value is required and is missing", ()),
    ("unknown_field", "a document names a field the record does not have", ()),
    ("empty", "must not be empty or blank", ()),
    ("too_long", "a text is longer than allowed", ("max_length", "actual")),
    ("too_few", "fewer items than required", ("minimum", "actual")),
    ("too_small", "a number is below its minimum", ("minimum", "actual")),
    ("too_large", "a number is above its maximum", ("maximum", "actual")),
    ("out_of_range", "a number lies outside its range", ("minimum", "maximum")),
    ("not_finite", "a number is NaN or infinite (or too large for a float)", ()),
    ("not_a_string", "must be a string", ("actual_type",)),
    ("not_an_identifier", "must be a lowercase identifier like 'employee'", ("actual_type",)),
    ("not_a_number", "must be an int or a float (not a bool)", ("actual_type",)),
    ("not_an_integer", "must be an int (not a bool)", ("actual_type",)),
    ("not_a_boolean", "must be true or false", ("actual_type",)),
    ("not_a_member", "must be one of a fixed set of values", ("enum", "allowed", "actual_type")),
    ("wrong_type", "must be of another type", ("expected", "actual_type")),
    ("not_a_tuple", "must be a tuple", ("actual_type",)),
    ("not_a_collection", "must be a collection (not a string)", ("expected", "actual_type")),
    ("not_a_pair", "must be a (lower bound, label) pair", ("actual_type",)),
    ("not_a_date", "must be a date (not a datetime)", ("actual_type",)),
    ("not_a_datetime", "must be a datetime", ("actual_type",)),
    ("not_timezone_aware", "a datetime must carry a time zone", ()),
    ("bad_time_zone", "a datetime's time zone gives no valid UTC offset", ()),
    ("unknown_time_zone", "not an IANA time zone name the zone database knows", ("value",)),
    ("outside_calendar", "a moment lies too close to the calendar's ends", ("earliest", "latest")),
    ("repeated", "items that must be distinct are repeated", ("items",)),
    ("bad_label", "a label must be a non-empty string of limited length", ("max_length",)),
    ("not_from_zero", "the first band must start at 0", ("actual",)),
    ("not_ascending", "a lower bound must be above the previous one", ("previous", "actual")),
    ("out_of_order", "a moment is earlier than the last event", ("last",)),
    ("stale", "a value changed since it was read (a cycle's score since a session opened)", ()),
    (
        "mixed_currencies",
        "amounts in one computation are in different currencies",
        ("expected", "actual"),
    ),
    (
        "band_gap",
        "a band starts above where the previous one ends: values between fit none",
        ("previous", "actual"),
    ),
    (
        "band_overlap",
        "a band starts below where the previous one ends: values fit two",
        ("previous", "actual"),
    ),
)
"""Every code a :class:`Problem` may carry, with its meaning and params (docs/errors.md)."""


def problem_codes_table() -> str:
    """The Markdown table of :data:`PROBLEM_CODES` (docs/errors.md embeds it).

    >>> print(problem_codes_table().splitlines()[2])
    | `invalid` | refused for the reason the message gives (no more specific code) | |
    """
    rows = ["| code | meaning | params |", "|---|---|---|"]
    for entry in PROBLEM_CODES.values():
        params = ", ".join(f"`{name}`" for name in entry.params)
        rows.append(f"| `{entry.code}` | {entry.meaning} | {params} |".replace("|  |", "| |"))
    return "\n".join(rows) + "\n"


def _kinds(root: type[PerfcoreError]) -> Iterator[type[PerfcoreError]]:
    """``root`` and the error classes of this module below it, depth first."""
    yield root
    for kind in root.__subclasses__():
        if kind.__module__ == __name__:
            yield from _kinds(kind)


def problem_types_table() -> str:
    """The Markdown table of problem types: each error's type, title, status and when.

    >>> print(problem_types_table().splitlines()[3][:66])
    | `ValidationError` | `/problems/validation` | Invalid input | 422
    """
    rows = ["| error | type | title | status | raised when |", "|---|---|---|---|---|"]
    rows.extend(
        f"| `{kind.__name__}` | `{kind.problem_type}` | {kind.problem_title}"
        f" | {kind.problem_status} | {kind.problem_when} |"
        for kind in _kinds(PerfcoreError)
    )
    return "\n".join(rows) + "\n"


class ValidationError(PerfcoreError, ValueError):
    """Input is refused; ``problems`` lists every bad field with its path and code.

    Three kinds say more: :class:`MalformedInput` (a record or command that
    cannot be built), :class:`ContentConflict` (a well-formed command whose
    content does not fit the cycle) and :class:`OutOfOrder` (a moment earlier
    than the last event). Any other is an argument a function refuses.

    >>> err = ValidationError.single("Goal.title", "must not be empty")
    >>> err.problems[0].path
    'Goal.title'
    >>> str(err)
    'Goal.title: must not be empty'
    """

    problem_type = "/problems/validation"
    problem_title = "Invalid input"
    problem_status = 422
    problem_when = "an argument a function refuses"

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "invalid input")

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return type(self), (self.problems,)

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        *,
        code: str = "invalid",
        params: Mapping[str, ParamValue] | None = None,
    ) -> Self:
        """Build an error about one field."""
        return cls([Problem(path=path, message=message, code=code, params=params)])

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths of all problems, in order."""
        return tuple(p.path for p in self.problems)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of all problems, in order."""
        return tuple(p.code for p in self.problems)

    def _problem_members(self) -> dict[str, JSONValue]:
        return {"problems": [p.as_dict() for p in self.problems]}


class MalformedInput(ValidationError):
    """A record or command cannot be built: a field is missing, of the wrong type or out of range.

    >>> import perfcore as pc
    >>> try:
    ...     pc.Goal(id="g1", title="", weight=120)
    ... except pc.MalformedInput as error:
    ...     print(error.codes)
    ('empty', 'too_large')
    """

    problem_type = "/problems/malformed-input"
    problem_title = "Malformed input"
    problem_status = 422
    problem_when = "a record or command cannot be built from the values given"


class ContentConflict(ValidationError):
    """A well-formed command whose content does not fit the cycle as it stands.

    For example a goal whose id the cycle already has, a due date outside the
    cycle's period or a waiver of a condition that is already met.
    """

    problem_type = "/problems/content-conflict"
    problem_title = "Content does not fit the cycle"
    problem_status = 409
    problem_when = "a well-formed command's content does not fit the cycle's state"


class OutOfOrder(ValidationError):
    """A command's moment (``at``) is earlier than the last event; the history only moves on."""

    problem_type = "/problems/out-of-order"
    problem_title = "Earlier than the last event"
    problem_status = 409
    problem_when = "`at` is earlier than the last event (a command, or an event in a history)"


class TransitionError(PerfcoreError, ValueError):
    """The command is not allowed in the cycle's current phase."""

    problem_type = "/problems/transition"
    problem_title = "Not allowed in the current phase"
    problem_status = 409
    problem_when = "the command is not allowed in the current phase or state"

    def __init__(self, command: str, phase: str, message: str) -> None:
        self.command = command
        self.phase = phase
        super().__init__(message)

    def __reduce__(self) -> tuple[type[TransitionError], tuple[str, str, str]]:
        return type(self), (self.command, self.phase, str(self))

    def _problem_members(self) -> dict[str, JSONValue]:
        return {"command": self.command, "phase": self.phase}


class _Role(Protocol):
    @property
    def name(self) -> str: ...  # pragma: no cover - a protocol


class _Actor(Protocol):
    """What an error reads of an actor (a :class:`perfcore.Actor`)."""

    @property
    def person_id(self) -> str: ...  # pragma: no cover - a protocol

    @property
    def role(self) -> _Role: ...  # pragma: no cover - a protocol


class PermissionDenied(PerfcoreError, PermissionError):
    """The actor may not issue this command on this cycle; ``actor`` is the :class:`Actor`.

    >>> import perfcore as pc
    >>> denied = PermissionDenied("close", pc.Actor(person_id="e7", role=pc.Role.EMPLOYEE),
    ...                           "only the manager may close")
    >>> denied.actor.person_id, str(denied)
    ('e7', 'only the manager may close')
    >>> denied.to_problem()["actor"]
    {'person_id': 'e7', 'role': 'employee'}
    """

    problem_type = "/problems/permission-denied"
    problem_title = "Not permitted"
    problem_status = 403
    problem_when = "the actor may not issue the command (or see the record)"

    def __init__(self, command: str, actor: _Actor, message: str) -> None:
        self.command = command
        self.actor = actor
        super().__init__(message)

    def __reduce__(self) -> tuple[type[PermissionDenied], tuple[str, _Actor, str]]:
        return type(self), (self.command, self.actor, str(self))

    def _problem_members(self) -> dict[str, JSONValue]:
        actor = {"person_id": self.actor.person_id, "role": self.actor.role.name}
        return {"command": self.command, "actor": actor}


@_checks_its_call
@attrs.frozen(kw_only=True)
class Blocker:
    """One unmet condition for leaving a phase: its code, a readable message and its subject.

    >>> Blocker(code="goal_agreed", phase=Phase.GOAL_SETTING, subject="g2",
    ...         message="goal 'g2' is not agreed by the employee").subject
    'g2'
    """

    code: str
    phase: Phase
    message: str
    subject: str | None = None


class GuardError(PerfcoreError, ValueError):
    """Leaving the phase is blocked; ``blockers`` lists every unmet condition."""

    problem_type = "/problems/guard"
    problem_title = "Conditions for leaving the phase are unmet"
    problem_status = 409
    problem_when = "leaving the phase is blocked by unmet conditions"

    def __init__(self, blockers: Iterable[Blocker]) -> None:
        self.blockers: tuple[Blocker, ...] = tuple(blockers)
        lines = "; ".join(b.message for b in self.blockers)
        super().__init__(f"{len(self.blockers)} unmet condition(s): {lines}")

    def __reduce__(self) -> tuple[type[GuardError], tuple[tuple[Blocker, ...]]]:
        return type(self), (self.blockers,)

    @property
    def codes(self) -> tuple[str, ...]:
        """The condition codes of all blockers, in order."""
        return tuple(b.code for b in self.blockers)

    def _problem_members(self) -> dict[str, JSONValue]:
        blockers = [
            {"code": b.code, "phase": b.phase.value, "subject": b.subject, "message": b.message}
            for b in self.blockers
        ]
        return {"blockers": blockers}


class MissingDependency(PerfcoreError, ImportError):
    """An optional feature needs a package that is not installed; ``extra`` names the extra.

    >>> error = MissingDependency("to_frame", "pandas", "pandas")
    >>> str(error)
    "to_frame needs pandas, which is not installed: pip install 'perfcore[pandas]'"
    >>> isinstance(error, ImportError), error.extra
    (True, 'pandas')
    """

    problem_type = "/problems/missing-dependency"
    problem_title = "An optional package is not installed"
    problem_status = 500
    problem_when = "an optional feature needs a package that is not installed"

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature = feature
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'perfcore[{extra}]'",
            name=package,
        )

    def __reduce__(self) -> tuple[type[MissingDependency], tuple[str, str, str]]:
        return type(self), (self.feature, self.package, self.extra)

    def _problem_members(self) -> dict[str, JSONValue]:
        return {"feature": self.feature, "package": self.package, "extra": self.extra}


class VersionConflict(PerfcoreError, ValueError):
    """The cycle (or feedback request) is not at the version the command expected; nothing changed.

    Raised by ``Cycle.execute(..., expected_version=N)`` (and a feedback
    request's commands) when the ``version`` is not ``N``: someone else recorded
    events since the caller read it. Reload, decide again, retry (an HTTP app
    answers 409 Conflict). Like :class:`TransitionError` it is also a
    ``ValueError``.

    >>> error = VersionConflict(expected=3, actual=5)
    >>> str(error)
    'expected version 3, but the cycle is at version 5'
    >>> error.expected, error.actual, isinstance(error, ValueError)
    (3, 5, True)
    >>> error.to_problem()["status"], error.to_problem()["expected_version"]
    (409, 3)
    """

    problem_type = "/problems/version-conflict"
    problem_title = "The record changed since it was read"
    problem_status = 409
    problem_when = "a command's `expected_version` is not the cycle's (or request's) version"

    def __init__(self, expected: int, actual: int, subject: str = "cycle") -> None:
        self.expected = expected
        self.actual = actual
        self.subject = subject
        super().__init__(f"expected version {expected}, but the {subject} is at version {actual}")

    def __reduce__(self) -> tuple[type[VersionConflict], tuple[int, int, str]]:
        return type(self), (self.expected, self.actual, self.subject)

    def _problem_members(self) -> dict[str, JSONValue]:
        return {"expected_version": self.expected, "actual_version": self.actual}


class ViewChanged(PerfcoreError, ValueError):
    """What the caller saw has changed since they read it; nothing was changed.

    The concurrency check for a caller who may not see every event: an app
    hands out a view's tag (:func:`perfcore.visibility.view_tag`, an HTTP
    ``ETag``) instead of the cycle's version, which counts events the caller
    may not see, and :func:`perfcore.visibility.check_view_tag` raises this
    when the caller's view is no longer the one they read (an HTTP app answers
    412 Precondition Failed). Hidden events never change a view's tag.

    >>> error = ViewChanged(expected="a1", actual="b2")
    >>> str(error), error.to_problem()["status"]
    ('the view has changed since it was read (tag a1, now b2)', 412)
    """

    problem_type = "/problems/view-changed"
    problem_title = "What you saw has changed"
    problem_status = 412
    problem_when = "the tag of the caller's view is not the one their command was based on"

    def __init__(self, expected: str, actual: str) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"the view has changed since it was read (tag {expected}, now {actual})")

    def __reduce__(self) -> tuple[type[ViewChanged], tuple[str, str]]:
        return type(self), (self.expected, self.actual)

    def _problem_members(self) -> dict[str, JSONValue]:
        return {"expected_tag": self.expected, "actual_tag": self.actual}
