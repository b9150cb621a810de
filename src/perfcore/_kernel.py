"""The aggregate kernel: the one replay policy of every event-sourced aggregate.

A cycle and a feedback request are each a fold of their events. Both are
rebuilt here, by the same rules:

- **the envelope**: the first event starts the aggregate at ``sequence`` 0 and
  no later event starts it again; every later event has its position as its
  ``sequence``, names the same aggregate, and is not earlier than the clock
  (the latest event that sets it: for a cycle, any but a private note);
- **the replay policy**: every later event is re-decided. The command that
  made it is rebuilt from it (each aggregate has ONE table, event type → how
  its command is rebuilt), the aggregate runs every check its own command path
  runs (phase, permission and identity, content, guards) as the event's actor
  at the event's moment, and the events it decides must be exactly the stored
  ones. A history that loads is one the commands could have produced.

:func:`resume` continues a state with a tail of events by the same loop, so a
saved aggregate plus the events recorded since is checked exactly as the whole
history would be.

A refusal is a :class:`ValidationError` whose paths start at the first event
at fault (``events[7]``, ``events[7].goal.id``) and whose message says why the
command would have been refused.

The cost is linear in the number of events: the growing parts of the state
(the history itself, a cycle's check-ins, a request's answers) are
:class:`Growing` lists owned by the replay while it runs, appended in place
and looked up by key, and turned into tuples once, at the end. No
intermediate state leaves the replay. ``verify=False`` is the trusted path:
the envelope is still checked, the commands are not re-decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs

from perfcore import _validators as v
from perfcore.errors import (
    MalformedInput,
    OutOfOrder,
    PerfcoreError,
    Problem,
    ValidationError,
    VersionConflict,
)

__all__ = [
    "Growing",
    "ReplayPolicy",
    "appended",
    "contains",
    "find",
    "frozen",
    "replaced",
    "replay",
    "resume",
]

T = TypeVar("T")
S = TypeVar("S")
E = TypeVar("E", bound="_Event")


class _Event(Protocol):
    """What the kernel reads of an event: its position, its actor and its moment."""

    @property
    def sequence(self) -> int: ...  # pragma: no cover - a protocol

    @property
    def at(self) -> dt.datetime: ...  # pragma: no cover - a protocol


# --- the growing parts of a state -----------------------------------------------------


class Growing(list[T]):
    """A part of a state that grows during a replay: appended in place, found by key.

    Only a replay makes one, for the state it is building; :func:`frozen`
    turns it back into a tuple before the state is handed out.
    """

    __slots__ = ("_key", "_where")

    def __init__(self, items: Iterable[T] = (), key: Callable[[T], Hashable] | None = None) -> None:
        super().__init__()
        self._key = key
        self._where: dict[Hashable, int] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        """Append ``item``; it becomes the latest item with its key."""
        if self._key is not None:
            key = self._key(item)
            if key is not None:
                self._where[key] = len(self)
        self.append(item)

    def latest(self, key: Hashable) -> T | None:
        """The latest item with ``key``, or ``None``."""
        where = self._where.get(key)
        return None if where is None else self[where]

    def put(self, item: T) -> None:
        """Replace the latest item with ``item``'s key by ``item``; none with it, nothing.

        The same as :func:`replaced` does to a tuple, so a replay and a command
        agree on every state (a replay checks the event fits before it puts it).
        """
        assert self._key is not None  # noqa: S101 - only keyed parts are replaced
        where = self._where.get(self._key(item))
        if where is not None:
            self[where] = item


def appended(items: Sequence[T], item: T) -> Sequence[T]:
    """``items`` with ``item`` at the end: in place while replaying, else a new tuple."""
    if type(items) is Growing:
        items.add(item)
        return items
    return (*items, item)


def replaced(items: Sequence[T], item: T, key: Callable[[T], Hashable]) -> Sequence[T]:
    """``items`` with the item of ``item``'s key replaced by ``item``."""
    if type(items) is Growing:
        items.put(item)
        return items
    wanted = key(item)
    return tuple(item if key(existing) == wanted else existing for existing in items)


def find(items: Sequence[T], wanted: Hashable, key: Callable[[T], Hashable]) -> T | None:
    """The latest item of ``items`` whose key is ``wanted``, or ``None``."""
    if type(items) is Growing:
        return items.latest(wanted)
    for item in reversed(items):
        if key(item) == wanted:
            return item
    return None


def contains(items: Sequence[T], wanted: Hashable, key: Callable[[T], Hashable]) -> bool:
    """Whether some item of ``items`` has the key ``wanted``."""
    if type(items) is Growing:
        return items.latest(wanted) is not None
    return wanted in map(key, items)


def frozen(items: Sequence[T]) -> tuple[T, ...]:
    """``items`` as the tuple a finished state holds."""
    return items if type(items) is tuple else tuple(items)


# --- the replay policy ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReplayPolicy(Generic[S, E]):
    """How the kernel replays one kind of aggregate (and resumes one from a saved state).

    ``rebuild`` is the aggregate's one table of event type → the command that
    records it; ``decide(state, command, event)`` runs every check the
    command's own path runs, as ``event.actor`` at ``event.at``, and returns
    the events it would record; ``evolve(state, event)`` applies an event
    without checking it; ``begin(first, verify)`` starts the state from the
    first event (its paths already ``events[0]...``); ``thaw`` and ``freeze``
    swap the growing parts of a state for :class:`Growing` lists and back.
    """

    name: str
    """What the aggregate is called in messages: ``"cycle"``, ``"request"``."""
    event_noun: str
    """What its events are called in messages: ``"an event"``, ``"a feedback event"``."""
    restarted: str
    """The refusal of a second start: ``"a cycle starts only once"``."""
    event_type: type[E]
    first_type: type[E]
    id_field: str
    """The envelope field naming the aggregate: ``"cycle_id"``, ``"request_id"``."""
    state_id: Callable[[S], str]
    sets_clock: Callable[[E], bool]
    """Whether an event moves the clock no later event may be earlier than."""
    out_of_order: str | None
    """The refusal of an event earlier than the clock; ``None``: one naming both times."""
    begin: Callable[[E, bool], S]
    rebuild: Mapping[type[E], Callable[[Any], object]]
    decide: Callable[[S, Any, Any], Sequence[E]]
    evolve: Callable[[S, E], S]
    thaw: Callable[[S], S]
    freeze: Callable[[S], S]
    history: Callable[[S], Sequence[E]]
    """The events a state was folded from (for :func:`resume`)."""


def replay(policy: ReplayPolicy[S, E], events: object, *, verify: bool = True) -> S:
    """Rebuild an aggregate from ``events`` by ``policy``; see the module docstring.

    Raises :class:`ValidationError` at the first event that is not part of a
    history the commands could have produced (with ``verify=False``, at the
    first one that breaks the envelope).
    """
    history = _checked_sequence(policy, events)
    state = policy.thaw(policy.begin(history[0], verify))
    return policy.freeze(_fold(policy, state, history, 1, history[0].at, verify=verify))


def resume(policy: ReplayPolicy[S, E], state: S, tail: object, *, verify: bool = True) -> S:
    """Continue ``state`` with the events of ``tail``, by the same rules as :func:`replay`.

    ``state`` is one a replay (or the aggregate's own commands) produced; its
    history is not looked at again. Each event of ``tail`` is checked exactly as
    it would be at its place in the whole history, so ``resume(p, replay(p,
    events[:n]), events[n:])`` equals ``replay(p, events)`` and refuses what it
    refuses, with the same paths (``events[7]`` is the event at position 7 of
    the whole history, the 3rd of a tail after 5 events). An empty tail gives
    ``state`` back.
    """
    if not isinstance(tail, Sequence) or isinstance(tail, str | bytes):
        raise ValidationError.single("events", "must be a sequence of events")
    if not tail:
        return state
    done = policy.history(state)
    offset = len(done)
    base = policy.event_type
    for index, event in enumerate(tail, start=offset):
        if not isinstance(event, base) or type(event) is base:
            raise ValidationError.single(
                f"events[{index}]", f"must be {policy.event_noun}, got {v.describe(event)}"
            )
    clock = next(event.at for event in reversed(done) if policy.sets_clock(event))
    history = _Joined(done, tail)
    return policy.freeze(_fold(policy, policy.thaw(state), history, offset, clock, verify=verify))


def events_since(history: Sequence[E], version: object) -> tuple[E, ...]:
    """The events of ``history`` after ``version``, a number from 0 to ``len(history)``."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise MalformedInput.single(
            "version",
            f"must be an integer, got {v.describe(version)}",
            code="not_an_integer",
            params={"actual_type": type(version).__name__},
        )
    if not 0 <= version <= len(history):
        raise MalformedInput.single(
            "version",
            f"must be between 0 and {len(history)}, got {version}",
            code="out_of_range",
            params={"minimum": 0, "maximum": len(history)},
        )
    return tuple(history[version:])


def check_version(expected: object, actual: int, subject: str) -> None:
    """Refuse a command whose ``expected_version`` is not the aggregate's ``actual`` version."""
    if isinstance(expected, bool) or not isinstance(expected, int):
        raise MalformedInput.single(
            "expected_version",
            f"must be an integer, got {v.describe(expected)}",
            code="not_an_integer",
            params={"actual_type": type(expected).__name__},
        )
    if expected != actual:
        raise VersionConflict(expected, actual, subject)


class _Joined(Sequence[T]):
    """The events of a state followed by a tail, indexed as one history without copying."""

    __slots__ = ("_head", "_tail")

    def __init__(self, head: Sequence[T], tail: Sequence[T]) -> None:
        self._head, self._tail = head, tail

    def __len__(self) -> int:
        return len(self._head) + len(self._tail)

    def __getitem__(self, index: Any) -> Any:  # noqa: ANN401 - only ints are asked for
        split = len(self._head)
        return self._head[index] if index < split else self._tail[index - split]


def _fold(  # noqa: PLR0913 - the replay's whole state, passed once
    policy: ReplayPolicy[S, E],
    state: S,
    history: Sequence[E],
    index: int,
    clock: dt.datetime,
    *,
    verify: bool,
) -> S:
    """Apply ``history[index:]`` to the thawed ``state``, checking each event (the one loop)."""
    rules, sets_clock = policy.rebuild, policy.sets_clock
    count = len(history)
    while index < count:
        event = history[index]
        _check_envelope(policy, state, index, event, clock)
        applied = _redecide(policy, rules, state, index, event) if verify else (event,)
        for offset, made in enumerate(applied):
            stored = history[index + offset] if index + offset < count else None
            if made is not stored and made != stored:
                raise ValidationError(_mismatch(index + offset, made, stored))
        for made in applied:
            state = policy.evolve(state, made)
            if sets_clock(made):
                clock = made.at
        index += len(applied)
    return state


def _checked_sequence(policy: ReplayPolicy[Any, E], events: object) -> Sequence[E]:
    if not isinstance(events, Sequence) or not events:
        raise ValidationError.single("events", "must be a non-empty sequence of events")
    base = policy.event_type
    for index, event in enumerate(events):
        if not isinstance(event, base) or type(event) is base:
            raise ValidationError.single(
                f"events[{index}]", f"must be {policy.event_noun}, got {v.describe(event)}"
            )
    first = events[0]
    if type(first) is not policy.first_type:
        raise ValidationError.single(
            "events[0]",
            f"must be {policy.first_type.__name__}, got {type(first).__name__}",
        )
    if first.sequence != 0:
        raise ValidationError.single("events[0].sequence", f"expected 0, got {first.sequence}")
    return events


def _check_envelope(
    policy: ReplayPolicy[S, E], state: S, index: int, event: E, clock: dt.datetime
) -> None:
    if type(event) is policy.first_type:
        raise ValidationError.single(f"events[{index}]", policy.restarted)
    if event.sequence != index:
        raise ValidationError.single(
            f"events[{index}].sequence", f"expected {index}, got {event.sequence}"
        )
    owner = getattr(event, policy.id_field)
    expected = policy.state_id(state)
    if owner != expected:
        raise ValidationError.single(
            f"events[{index}].{policy.id_field}",
            f"belongs to {policy.name} {owner!r}, not {expected!r}",
        )
    if event.at < clock:
        raise OutOfOrder.single(
            f"events[{index}].at",
            policy.out_of_order
            or f"{event.at.isoformat()} is earlier than the previous event ({clock.isoformat()})",
            code="out_of_order",
            params={"last": clock.isoformat()},
        )


def _redecide(
    policy: ReplayPolicy[S, E],
    rules: Mapping[type[E], Callable[[Any], object]],
    state: S,
    index: int,
    event: E,
) -> Sequence[E]:
    """The events the command that ``event`` records decides on ``state``, or a refusal."""
    rule = rules.get(type(event))
    if rule is None:
        raise ValidationError.single(
            f"events[{index}]", f"no command records {type(event).__name__}"
        )
    try:
        command = rule(event)
        decided = policy.decide(state, command, event)
    except ValidationError as exc:  # the same kind of refusal, at the event's paths
        raise type(exc)(p.at(in_event(index, p.path)) for p in exc.problems) from None
    except PerfcoreError as exc:
        raise ValidationError.single(
            f"events[{index}]", f"{_KINDS.get(type(exc).__name__, 'refused')}: {exc}"
        ) from None
    if not decided:  # pragma: no cover - every command records at least one event
        raise ValidationError.single(f"events[{index}]", "its command records nothing")
    return decided


_KINDS = {
    "TransitionError": "not allowed at this point of the history",
    "PermissionDenied": "not permitted to this actor",
    "GuardError": "a condition for leaving the phase is unmet",
}


def in_event(index: int, path: str) -> str:
    """A command's problem path as a path inside the stored event ``events[index]``.

    ``ProposeGoal.goal.id`` → ``events[3].goal.id``; ``by`` (the actor the command
    was issued by) → ``events[3].actor``; a path naming no field → ``events[3]``.
    """
    if path.startswith("events["):  # already a path into the history
        return path
    head, dot, rest = path.partition(".")
    if head[:1].isupper():  # the command's or event's class name
        path = rest
    elif head == "by":
        path = f"actor{dot}{rest}"
    return f"events[{index}].{path}" if path else f"events[{index}]"


def _mismatch(index: int, made: object, stored: object) -> list[Problem]:
    where = f"events[{index}]"
    if stored is None:
        return [
            Problem(
                path=where, message=f"is missing: its command also records {type(made).__name__}"
            )
        ]
    if type(made) is not type(stored):
        return [
            Problem(
                path=where,
                message=f"its command records {type(made).__name__}, not {type(stored).__name__}",
            )
        ]
    return [
        Problem(
            path=f"{where}.{field.name}",
            message=(
                f"is {getattr(stored, field.name)!r}, but its command records"
                f" {getattr(made, field.name)!r}"
            ),
        )
        for field in attrs.fields(type(made))  # type: ignore[arg-type]  # events are attrs classes
        if getattr(made, field.name) != getattr(stored, field.name)
    ]
