"""A calibration session: an event-sourced aggregate of proposed ratings and the moves on them.

HR opens a session on a population of cycles and a dimension (the overall
score as it counts, ``Cycle.effective_score``); the proposed ratings are the
cycles' own. Named participants move ratings, each move with a reason and on
the cycle's scale; every move is an event, so the session's history is its
activity log. Closing locks the results and writes each moved rating back to
its cycle as a score adjustment (``Cycle.adjust_score`` with
``AdjustmentKind.CALIBRATION``, the session id as ``reference``, the move's
reason, the computed and the calibrated value). A rejected command raises a
perfcore error and leaves the session (and every cycle) as it was.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _kernel as k
from perfcore import _validators as v
from perfcore._unchecked import replacer
from perfcore.calibration import events as ce
from perfcore.calibration.model import CalibrationDimension, CalibrationResult, Proposal
from perfcore.cycle import AdjustmentKind, Cycle
from perfcore.errors import (
    ContentConflict,
    MalformedInput,
    OutOfOrder,
    PerfcoreError,
    PermissionDenied,
    Problem,
    TransitionError,
    ValidationError,
)
from perfcore.people import Actor, Role, check_actor_and_moment

__all__ = ["CalibrationSession"]

_OPEN, _MOVE, _CLOSE = "open_calibration", "move_rating", "close_calibration"
_MOVERS = (Role.MANAGER, Role.HR)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibrationSession:
    """Ratings of a population proposed by their cycles, moved by named participants, then locked.

    >>> import datetime as dt
    >>> from perfcore import Actor, RatingScale, Role
    >>> from perfcore.calibration import Proposal
    >>> at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    >>> hr, m1 = Actor(person_id="hr-1", role=Role.HR), Actor(person_id="m-1", role=Role.MANAGER)
    >>> session = CalibrationSession.from_proposals(
    ...     session_id="cal-1", participant_ids=("m-1", "m-2"), by=hr, at=at,
    ...     proposals=(Proposal(cycle_id="c-1", employee_id="e-1", manager_id="m-1",
    ...                         scale=RatingScale(), value=4.6),))
    >>> session = session.move("c-1", 4.25, reason="Same impact as the other seniors",
    ...                        by=m1, at=at)
    >>> r = session.result("c-1")
    >>> r.proposed, r.calibrated, r.moved, r.reason
    (4.6, 4.25, True, 'Same impact as the other seniors')
    >>> session
    <CalibrationSession cal-1 dimension=overall ratings=1 participants=2 events=2 open>
    >>> session.move("c-1", 6, reason="Stellar", by=m1, at=at)
    Traceback (most recent call last):
    ...
    perfcore.errors.ContentConflict: value: 6 is off the scale 1-5 of cycle 'c-1'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    dimension: CalibrationDimension = attrs.field(validator=v.member(CalibrationDimension))
    opened_by: Actor = attrs.field(validator=v.instance(Actor))
    participant_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str))
    results: tuple[CalibrationResult, ...] = attrs.field(
        validator=v.tuple_of(CalibrationResult), repr=False
    )
    """Each rating's proposed and calibrated value, in population order."""
    closed: bool = attrs.field(default=False, validator=v.boolean())
    events: tuple[ce.CalibrationEvent, ...] = attrs.field(
        default=(), validator=v.tuple_of(ce.CalibrationEvent), repr=False
    )

    _REPLACE: ClassVar[Callable[[CalibrationSession, Mapping[str, Any]], CalibrationSession]]
    """``attrs.evolve`` without re-validating (see :mod:`perfcore._unchecked`)."""

    # --- building ---------------------------------------------------------------------

    @classmethod
    def open(  # noqa: PLR0913 - the parts of a session, all keyword
        cls,
        *,
        session_id: str,
        cycles: Sequence[Cycle],
        participant_ids: Sequence[str],
        by: Actor,
        at: dt.datetime,
        dimension: CalibrationDimension = CalibrationDimension.OVERALL,
        reason: str | None = None,
    ) -> CalibrationSession:
        """HR opens a session on ``cycles``; each proposes its score as it counts now.

        Every cycle must have a score (``effective_score``) on its own scale
        (``Cycle.scale``), and appear once. ``participant_ids`` name who may
        move ratings (acting as manager or HR). The opener is HR and not one
        of the people calibrated.
        """
        check_actor_and_moment(by, at)
        proposals = _proposals(cycles, dimension)
        return cls.from_proposals(
            session_id=session_id,
            proposals=proposals,
            participant_ids=participant_ids,
            by=by,
            at=at,
            dimension=dimension,
            reason=reason,
        )

    @classmethod
    def from_proposals(  # noqa: PLR0913 - the parts of a session, all keyword
        cls,
        *,
        session_id: str,
        proposals: Sequence[Proposal],
        participant_ids: Sequence[str],
        by: Actor,
        at: dt.datetime,
        dimension: CalibrationDimension = CalibrationDimension.OVERALL,
        reason: str | None = None,
    ) -> CalibrationSession:
        """Open a session on proposals already taken from the cycles (see :meth:`open`)."""
        check_actor_and_moment(by, at)
        event = ce.CalibrationOpened(
            session_id=session_id,
            sequence=0,
            actor=by,
            at=at,
            reason=reason,
            dimension=dimension,
            participant_ids=_as_tuple(participant_ids, "participant_ids"),
            proposals=_as_tuple(proposals, "proposals"),
        )
        why = _opener_denial(event)
        if why is not None:
            raise PermissionDenied(_OPEN, by, why)
        return cls._begin(event)

    @classmethod
    def _begin(cls, event: ce.CalibrationOpened) -> CalibrationSession:
        return cls(
            id=event.session_id,
            dimension=event.dimension,
            opened_by=event.actor,
            participant_ids=event.participant_ids,
            results=tuple(
                CalibrationResult(
                    cycle_id=p.cycle_id,
                    employee_id=p.employee_id,
                    manager_id=p.manager_id,
                    scale=p.scale,
                    proposed=p.value,
                    calibrated=p.value,
                )
                for p in event.proposals
            ),
            events=(event,),
        )

    @classmethod
    def replay(
        cls, events: Sequence[ce.CalibrationEvent], *, verify: bool = True
    ) -> CalibrationSession:
        """Rebuild a session from its history; the result equals the session that produced it.

        Each event is re-decided by the command that records it (who may move,
        on which scale, before the close; see :mod:`perfcore._kernel`), and that
        command must record exactly the stored event, so a history no command
        sequence could produce is refused with a :class:`ValidationError` at
        ``events[i]``. ``verify=False`` checks only the envelope.
        """
        return k.replay(_REPLAY, events, verify=verify)

    @classmethod
    def _replay_first(cls, first: ce.CalibrationEvent, verify: bool) -> CalibrationSession:
        assert isinstance(first, ce.CalibrationOpened)  # noqa: S101 - the kernel checked its type
        if verify:
            why = _opener_denial(first)
            if why is not None:
                raise ValidationError.single("events[0].actor", why)
        return cls._begin(first)

    # --- storing ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the session has recorded: its version, as ``Cycle.version``."""
        return len(self.events)

    def events_since(self, version: int) -> tuple[ce.CalibrationEvent, ...]:
        """The events recorded after ``version`` (0 to :attr:`version`), to append to a store."""
        return k.events_since(self.events, version)

    def apply(
        self, events: Sequence[ce.CalibrationEvent], *, verify: bool = True
    ) -> CalibrationSession:
        """This session continued with ``events``, checked as a whole replay checks them."""
        return k.resume(_REPLAY, self, events, verify=verify)

    def _check_ready(self, by: Actor, at: dt.datetime, expected_version: int | None) -> None:
        check_actor_and_moment(by, at)
        if expected_version is not None:
            k.check_version(expected_version, self.version, "session")

    # --- commands ---------------------------------------------------------------------

    def move(  # noqa: PLR0913 - the move and its envelope, all but the first keyword
        self,
        cycle_id: str,
        value: float,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> CalibrationSession:
        """A participant moves the rating of ``cycle_id`` to ``value``, saying why.

        ``value`` keeps its precision and must lie on the cycle's scale; a move
        may bring a rating back to its proposed value (then nothing of it is
        written back). Nobody moves their own rating. Refused once the session
        is closed.
        """
        self._check_ready(by, at, expected_version)
        return self._commit(self._moved(by, at, cycle_id=cycle_id, value=value, reason=reason))

    def close(
        self,
        cycles: Sequence[Cycle],
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[CalibrationSession, tuple[Cycle, ...]]:
        """HR closes the session: the results lock, and the moved ratings are written back.

        ``cycles`` are the session's cycles as they stand now (any of them; at
        least every cycle whose rating moved). Returns the closed session and,
        for exactly the moved ratings, in population order, each cycle with the
        adjustment recorded: ``adjust_score(calibrated, replaces=<computed
        score>, kind=CALIBRATION, reference=<session id>, reason=<the latest
        move's reason>)`` by ``by`` at ``at``. A cycle whose score changed since
        the session opened is refused (the session calibrated another number),
        as is any the cycle itself refuses; then nothing is closed or written.
        """
        self._check_ready(by, at, expected_version)
        event = self._closed(by, at, reason=reason)
        self._check_order(event)
        written = self._write_back(cycles, by, at)
        return self._evolve(event), written

    # --- deciding: each command's checks and the event it records -----------------------

    def _moved(
        self, by: Actor, at: dt.datetime, *, cycle_id: str, value: float, reason: str
    ) -> ce.CalibrationEvent:
        if self.closed:
            raise TransitionError(_MOVE, "closed", f"session {self.id!r} is closed")
        self._check_mover(by)
        problems = list(_move_problems(cycle_id, value, reason))
        if problems:
            raise MalformedInput(problems)
        current = self.result(cycle_id)
        if current is None:
            raise ContentConflict.single(
                "cycle_id", f"{cycle_id!r} is not a cycle of session {self.id!r}"
            )
        if current.employee_id == by.person_id:
            raise PermissionDenied(_MOVE, by, "nobody moves their own rating")
        if not current.scale.contains(value):
            raise ContentConflict.single(
                "value",
                f"{value:g} is off the scale {current.scale} of cycle {cycle_id!r}",
                code="out_of_range",
                params={"minimum": current.scale.minimum, "maximum": current.scale.maximum},
            )
        if value == current.calibrated:
            raise ContentConflict.single(
                "value", f"is already the rating of {cycle_id!r}; the move changes nothing"
            )
        return ce.RatingMoved(
            cycle_id=cycle_id,
            value=value,
            previous=current.calibrated,
            **self._envelope(by, at, reason),
        )

    def _closed(self, by: Actor, at: dt.datetime, *, reason: str | None) -> ce.CalibrationEvent:
        if self.closed:
            raise TransitionError(_CLOSE, "closed", f"session {self.id!r} is already closed")
        if by.role != Role.HR:
            raise PermissionDenied(_CLOSE, by, "only HR closes a calibration session")
        if self.result_of_employee(by.person_id) is not None:
            raise PermissionDenied(_CLOSE, by, "HR does not close a session that rates them")
        return ce.CalibrationClosed(**self._envelope(by, at, reason))

    def _check_mover(self, by: Actor) -> None:
        if by.person_id not in self.participant_ids:
            raise PermissionDenied(
                _MOVE, by, f"{by.person_id!r} is not a participant of session {self.id!r}"
            )
        if by.role not in _MOVERS:
            raise PermissionDenied(
                _MOVE, by, f"participants move ratings as manager or hr, not {by.role.name!r}"
            )

    def _write_back(self, cycles: object, by: Actor, at: dt.datetime) -> tuple[Cycle, ...]:
        given = v.items_of(cycles, "cycles", Cycle)
        by_id: dict[str, tuple[int, Cycle]] = {}
        problems: list[Problem] = []
        for index, cycle in enumerate(given):
            result = self.result(cycle.id)
            if result is None:
                problems.append(
                    Problem(
                        path=f"cycles[{index}].id",
                        message=f"{cycle.id!r} is not a cycle of session {self.id!r}",
                    )
                )
            elif cycle.id in by_id:
                problems.append(
                    Problem(
                        path=f"cycles[{index}].id",
                        message=f"{cycle.id!r} is given more than once",
                        code="repeated",
                        params={"items": (cycle.id,)},
                    )
                )
            elif cycle.effective_score != result.proposed:
                problems.append(
                    Problem(
                        path=f"cycles[{index}].effective_score",
                        message=(
                            f"the score of {cycle.id!r} changed since the session opened;"
                            " it calibrated another number"
                        ),
                        code="stale",
                    )
                )
            else:
                by_id[cycle.id] = (index, cycle)
        missing = [r.cycle_id for r in self.moved if r.cycle_id not in by_id]
        if missing and not problems:
            problems.append(
                Problem(
                    path="cycles",
                    message=f"lacks the moved cycle(s) {', '.join(map(repr, missing))}",
                    code="required",
                )
            )
        if problems:
            raise ContentConflict(problems)
        return tuple(self._adjusted(r, *by_id[r.cycle_id], by, at) for r in self.moved)

    def _adjusted(
        self, result: CalibrationResult, index: int, cycle: Cycle, by: Actor, at: dt.datetime
    ) -> Cycle:
        assert cycle.score is not None  # noqa: S101 - its effective score is the proposed one
        try:
            return cycle.adjust_score(
                result.calibrated,
                replaces=cycle.score.value,
                kind=AdjustmentKind.CALIBRATION,
                reference=self.id,
                reason=result.reason or "calibrated",
                by=by,
                at=at,
            )
        except ValidationError as exc:
            raise type(exc)(p.at(f"cycles[{index}].{p.path}") for p in exc.problems) from None
        except PerfcoreError as exc:
            raise ContentConflict.single(
                f"cycles[{index}]", f"cycle {cycle.id!r} refuses the write-back: {exc}"
            ) from None

    # --- reading ----------------------------------------------------------------------

    def result(self, cycle_id: str) -> CalibrationResult | None:
        """Where the rating of ``cycle_id`` stands, or ``None`` if it is not in the session."""
        return k.find(self.results, cycle_id, _cycle_id)

    def result_of_employee(self, employee_id: str) -> CalibrationResult | None:
        """The rating of ``employee_id`` in this session, or ``None``."""
        return next((r for r in self.results if r.employee_id == employee_id), None)

    @property
    def moved(self) -> tuple[CalibrationResult, ...]:
        """The ratings whose calibrated value differs from the proposed one, in population order."""
        return tuple(r for r in self.results if r.moved)

    @property
    def moves(self) -> tuple[ce.RatingMoved, ...]:
        """Every move, in order: the session's activity log."""
        return tuple(e for e in self.events if isinstance(e, ce.RatingMoved))

    def __repr__(self) -> str:
        """Ids and counts only: no rating, so it is safe in a log or a test failure."""
        return (
            f"<CalibrationSession {self.id} dimension={self.dimension.value}"
            f" ratings={len(self.results)} participants={len(self.participant_ids)}"
            f" events={len(self.events)} {'closed' if self.closed else 'open'}>"
        )

    # --- internals --------------------------------------------------------------------

    def _envelope(self, by: Actor, at: dt.datetime, reason: str | None) -> dict[str, Any]:
        return {
            "session_id": self.id,
            "sequence": len(self.events),
            "actor": by,
            "at": at,
            "reason": reason,
        }

    def _commit(self, event: ce.CalibrationEvent) -> CalibrationSession:
        self._check_order(event)
        return self._evolve(event)

    def _check_order(self, event: ce.CalibrationEvent) -> None:
        """A command may not go back in time."""
        previous = self.events[-1].at
        if event.at < previous:
            raise OutOfOrder.single(
                "at",
                f"{event.at.isoformat()} is earlier than the previous event"
                f" ({previous.isoformat()})",
                code="out_of_order",
                params={"last": previous.isoformat()},
            )

    def _evolve(self, event: ce.CalibrationEvent) -> CalibrationSession:
        changes: dict[str, Any]
        match event:
            case ce.RatingMoved():
                current = self.result(event.cycle_id)
                assert current is not None  # noqa: S101 - decided or re-decided before
                moved = CalibrationResult(
                    cycle_id=current.cycle_id,
                    employee_id=current.employee_id,
                    manager_id=current.manager_id,
                    scale=current.scale,
                    proposed=current.proposed,
                    calibrated=event.value,
                    moves=current.moves + 1,
                    reason=event.reason,
                )
                changes = {"results": k.replaced(self.results, moved, _cycle_id)}
            case _:
                changes = {"closed": True}
        changes["events"] = k.appended(self.events, event)
        return type(self)._REPLACE(self, changes)  # noqa: SLF001


CalibrationSession._REPLACE = replacer(CalibrationSession)  # noqa: SLF001 - set once

_cycle_id: Callable[[CalibrationResult], str] = operator.attrgetter("cycle_id")


def _as_tuple(values: object, name: str) -> Any:  # noqa: ANN401 - the record checks the items
    """A list or tuple argument as a tuple; anything else as given (the record refuses it)."""
    if isinstance(values, list | tuple):
        return tuple(values)
    raise MalformedInput.single(
        name,
        f"must be a list or a tuple, got {v.describe(values)}",
        code="not_a_collection",
        params={"expected": name, "actual_type": type(values).__name__},
    )


def _proposals(cycles: object, dimension: object) -> tuple[Proposal, ...]:
    given = v.items_of(cycles, "cycles", Cycle)
    if not isinstance(dimension, CalibrationDimension):
        raise MalformedInput.single(
            "dimension",
            f"must be a CalibrationDimension, got {v.describe(dimension)}",
            code="wrong_type",
            params={"expected": "CalibrationDimension", "actual_type": type(dimension).__name__},
        )
    problems: list[Problem] = []
    proposals = []
    for index, cycle in enumerate(given):
        value = cycle.effective_score
        if value is None:
            problems.append(
                Problem(
                    path=f"cycles[{index}].effective_score",
                    message=f"cycle {cycle.id!r} has no score to calibrate",
                    code="required",
                )
            )
        elif not cycle.scale.contains(value):
            problems.append(
                Problem(
                    path=f"cycles[{index}].effective_score",
                    message=f"{value:g} is off the scale {cycle.scale} of cycle {cycle.id!r}",
                    code="out_of_range",
                    params={"minimum": cycle.scale.minimum, "maximum": cycle.scale.maximum},
                )
            )
        else:
            proposals.append(
                Proposal(
                    cycle_id=cycle.id,
                    employee_id=cycle.employee_id,
                    manager_id=cycle.manager_id,
                    scale=cycle.scale,
                    value=value,
                )
            )
    if problems:
        raise ContentConflict(problems)
    return tuple(proposals)


def _opener_denial(event: ce.CalibrationOpened) -> str | None:
    if event.actor.role != Role.HR:
        return f"role {event.actor.role.name!r} may not open a calibration session; allowed: hr"
    if any(p.employee_id == event.actor.person_id for p in event.proposals):
        return "HR does not open a session that rates them"
    return None


def _move_problems(cycle_id: object, value: object, reason: object) -> Iterable[Problem]:
    if not isinstance(cycle_id, str):
        yield Problem(
            path="cycle_id",
            message=f"must be a string, got {v.describe(cycle_id)}",
            code="not_a_string",
            params={"actual_type": type(cycle_id).__name__},
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        yield Problem(
            path="value",
            message=f"must be a number, got {v.describe(value)}",
            code="not_a_number",
            params={"actual_type": type(value).__name__},
        )
    elif not _finite(value):
        yield Problem(path="value", message="must be a finite number", code="not_finite")
    if not isinstance(reason, str):
        yield Problem(
            path="reason",
            message=f"must be a string, got {v.describe(reason)}",
            code="not_a_string",
            params={"actual_type": type(reason).__name__},
        )
    elif not reason.strip():
        yield Problem(path="reason", message="every move needs a reason", code="empty")
    elif len(reason) > 10_000:
        yield Problem(
            path="reason",
            message=f"must be at most 10000 characters, got {len(reason)}",
            code="too_long",
            params={"max_length": 10_000, "actual": len(reason)},
        )


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


@attrs.frozen
class _Command:
    decide: Callable[..., ce.CalibrationEvent]
    args: Mapping[str, Any]


_COMMAND_OF: Mapping[type[ce.CalibrationEvent], Callable[[Any], _Command]] = MappingProxyType(
    {
        ce.RatingMoved: lambda ev: _Command(
            CalibrationSession._moved,  # noqa: SLF001
            {"cycle_id": ev.cycle_id, "value": ev.value, "reason": ev.reason},
        ),
        ce.CalibrationClosed: lambda ev: _Command(
            CalibrationSession._closed,  # noqa: SLF001
            {"reason": ev.reason},
        ),
    }
)
"""Event type → the command that records it, rebuilt from the event (all but the first)."""


def _redecide(
    session: CalibrationSession, command: _Command, event: ce.CalibrationEvent
) -> tuple[ce.CalibrationEvent, ...]:
    return (command.decide(session, event.actor, event.at, **command.args),)


def _thaw(session: CalibrationSession) -> CalibrationSession:
    return CalibrationSession._REPLACE(  # noqa: SLF001
        session,
        {
            "results": k.Growing(session.results, _cycle_id),
            "events": k.Growing(session.events, None),
        },
    )


def _freeze(session: CalibrationSession) -> CalibrationSession:
    return CalibrationSession._REPLACE(  # noqa: SLF001
        session, {"results": k.frozen(session.results), "events": k.frozen(session.events)}
    )


def _session_id(session: CalibrationSession) -> str:
    return session.id


_REPLAY: k.ReplayPolicy[CalibrationSession, ce.CalibrationEvent] = k.ReplayPolicy(
    name="session",
    event_noun="a calibration event",
    restarted="CalibrationOpened cannot follow the start of a session",
    event_type=ce.CalibrationEvent,
    first_type=ce.CalibrationOpened,
    id_field="session_id",
    state_id=_session_id,
    sets_clock=lambda _: True,
    out_of_order=None,
    begin=CalibrationSession._replay_first,  # noqa: SLF001
    rebuild=_COMMAND_OF,
    decide=_redecide,
    evolve=CalibrationSession._evolve,  # noqa: SLF001
    thaw=_thaw,
    freeze=_freeze,
    history=operator.attrgetter("events"),
)
