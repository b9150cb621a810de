"""A merit cycle: an event-sourced aggregate of proposals, review, approval, lock and release.

HR opens a cycle for its participants (each with a manager, a salary and the
guideline for their increase) and each manager's budget. Managers propose an
increase for each person in their team (outside the guideline only with a
reason) and submit the team; HR reviews: returns a team with a reason, or
adjusts a proposal (always with a reason), and approves once every team is
submitted (a team over its budget only with a reason); HR then locks the
increases for payroll and releases the outcomes to employees. Every change
is an event (who, in which role, when, why); a refused command raises a
perfcore error and leaves the cycle as it was. It runs on the same kernel
as ``Cycle`` and ``FeedbackRequest``: ``MeritCycle.replay(cycle.events)``
re-decides every event.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from perfcore import Actor, Role
>>> from perfcore.compensation import Guideline, Money
>>> hr, boss = Actor(person_id="h1", role=Role.HR), Actor(person_id="m1", role=Role.MANAGER)
>>> at = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)
>>> cycle = MeritCycle.open(
...     cycle_id="merit-2027", by=hr, at=at,
...     participants=(MeritParticipant(employee_id="e1", manager_id="m1",
...                                    salary=Money(amount=50000, currency="EUR"),
...                                    guideline=Guideline(low="0.02", high="0.04")),),
...     budgets=(TeamBudget(manager_id="m1", amount=Money(amount=1500, currency="EUR")),))
>>> cycle = cycle.propose("e1", Decimal("0.05"), by=boss, at=at)
Traceback (most recent call last):
...
perfcore.errors.ValidationError: reason: 5% is outside the guideline 2%–4% for 'e1'; ...
>>> cycle = cycle.propose("e1", Decimal("0.03"), by=boss, at=at)
>>> cycle.proposal("e1").increase, cycle.remaining("m1")
(Money(amount=Decimal('1500.00'), currency='EUR'), Money(amount=Decimal('0.00'), currency='EUR'))
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import operator
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _kernel as k
from perfcore import _validators as v
from perfcore._unchecked import replacer
from perfcore.compensation import events as me
from perfcore.compensation.events import MeritParticipant, TeamBudget
from perfcore.compensation.matrix import percent
from perfcore.compensation.money import (
    CONTEXT,
    Money,
    Rounding,
    common_currency,
    rate,
    to_decimal,
)
from perfcore.errors import (
    MalformedInput,
    OutOfOrder,
    PermissionDenied,
    Problem,
    TransitionError,
    ValidationError,
)
from perfcore.people import Actor, Role

__all__ = ["MeritCycle", "MeritPhase", "Proposal"]

_OPEN, _PROPOSE, _SUBMIT, _RETURN, _APPROVE, _LOCK, _RELEASE = (
    "open_merit_cycle",
    "propose_increase",
    "submit_team",
    "return_team",
    "approve_merit",
    "lock_merit",
    "release_merit",
)


class MeritPhase(enum.Enum):
    """Where a merit cycle stands."""

    PROPOSING = "proposing"
    """Managers propose and submit; HR reviews, returns and adjusts."""
    APPROVED = "approved"
    LOCKED = "locked"
    """Fixed for payroll."""
    RELEASED = "released"
    """Each employee may see their own outcome."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Proposal:
    """The current proposal for one participant: the rate, the amount and who proposed it why."""

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    rate: Decimal = attrs.field(converter=to_decimal, validator=rate(minimum=Decimal(0)))
    increase: Money = attrs.field(validator=v.instance(Money))
    within_guideline: bool = attrs.field(validator=v.boolean())
    proposed_by: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str | None = attrs.field(validator=v.optional_text())


def _check_actor(by: object, at: object) -> None:
    problems = []
    if not isinstance(by, Actor):
        problems.append(
            Problem(
                path="by",
                message=f"must be an Actor, got {v.describe(by)}",
                code="wrong_type",
                params={"expected": "Actor", "actual_type": type(by).__name__},
            )
        )
    try:
        v.check_moment(at, "at")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise MalformedInput(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritCycle:
    """A merit cycle's participants, budgets, proposals and where it stands."""

    id: str = attrs.field(validator=v.text(max_length=200))
    currency: str = attrs.field(validator=v.text(max_length=3))
    participants: tuple[MeritParticipant, ...] = attrs.field(validator=v.tuple_of(MeritParticipant))
    budgets: tuple[TeamBudget, ...] = attrs.field(validator=v.tuple_of(TeamBudget))
    proposals: tuple[Proposal, ...] = attrs.field(default=(), validator=v.tuple_of(Proposal))
    """The current proposal of each participant who has one, in the order first proposed."""
    submitted: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    """The managers whose teams are submitted for review."""
    phase: MeritPhase = attrs.field(default=MeritPhase.PROPOSING, validator=v.member(MeritPhase))
    events: tuple[me.MeritEvent, ...] = attrs.field(default=(), validator=v.tuple_of(me.MeritEvent))

    _REPLACE: ClassVar[Callable[[MeritCycle, Mapping[str, Any]], MeritCycle]]

    # --- building ---------------------------------------------------------------------

    @classmethod
    def open(  # noqa: PLR0913 - the parts of a cycle, all keyword
        cls,
        *,
        cycle_id: str,
        participants: tuple[MeritParticipant, ...],
        budgets: tuple[TeamBudget, ...],
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
    ) -> MeritCycle:
        """HR opens a cycle: every participant's manager has a budget, all in one currency."""
        _check_actor(by, at)
        event = me.MeritCycleOpened(
            cycle_id=cycle_id,
            sequence=0,
            actor=by,
            at=at,
            reason=reason,
            participants=participants,
            budgets=budgets,
        )
        if by.role != Role.HR:
            raise PermissionDenied(_OPEN, by, "only HR opens a merit cycle")
        return cls._begin(event)

    @classmethod
    def _begin(cls, event: me.MeritCycleOpened) -> MeritCycle:
        currency = common_currency(
            [(f"participants[{i}].salary", p.salary) for i, p in enumerate(event.participants)]
            + [(f"budgets[{i}].amount", b.amount) for i, b in enumerate(event.budgets)],
            path="participants",
        )
        managers = {b.manager_id for b in event.budgets}
        problems = [
            Problem(
                path=f"participants[{i}].manager_id",
                message=f"{p.manager_id!r} has no budget in this cycle",
            )
            for i, p in enumerate(event.participants)
            if p.manager_id not in managers
        ]
        problems.extend(
            Problem(
                path=f"participants[{i}].manager_id",
                message="is the participant: nobody decides their own increase",
            )
            for i, p in enumerate(event.participants)
            if p.manager_id == p.employee_id
        )
        if problems:
            raise ValidationError(problems)
        return cls(
            id=event.cycle_id,
            currency=currency,
            participants=event.participants,
            budgets=event.budgets,
            events=(event,),
        )

    @classmethod
    def replay(cls, events: Sequence[me.MeritEvent], *, verify: bool = True) -> MeritCycle:
        """Rebuild a cycle from its history; each event is re-decided by its command."""
        return k.replay(_REPLAY, events, verify=verify)

    @classmethod
    def _replay_first(cls, first: me.MeritEvent, verify: bool) -> MeritCycle:
        assert isinstance(first, me.MeritCycleOpened)  # noqa: S101 - the kernel checked its type
        if verify and first.actor.role != Role.HR:
            raise ValidationError.single("events[0].actor", "only HR opens a merit cycle")
        try:
            return cls._begin(first)
        except ValidationError as exc:
            raise type(exc)(p.at(k.in_event(0, p.path)) for p in exc.problems) from None

    # --- storing ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the cycle has recorded."""
        return len(self.events)

    def events_since(self, version: int) -> tuple[me.MeritEvent, ...]:
        """The events recorded after ``version`` (0 to :attr:`version`), to append to a store."""
        return k.events_since(self.events, version)

    def apply(self, events: Sequence[me.MeritEvent], *, verify: bool = True) -> MeritCycle:
        """This cycle continued with ``events``, checked as a whole replay checks them."""
        return k.resume(_REPLAY, self, events, verify=verify)

    def _ready(self, by: object, at: object, expected_version: object) -> None:
        _check_actor(by, at)
        if expected_version is not None:
            k.check_version(expected_version, self.version, "merit cycle")

    # --- commands ---------------------------------------------------------------------

    def propose(  # noqa: PLR0913 - the proposal and its envelope
        self,
        employee_id: str,
        rate: Decimal,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> MeritCycle:
        """Propose ``rate`` (0.03 is 3%) for ``employee_id``; the latest proposal counts.

        Their manager proposes while the team is not submitted; HR may adjust
        any proposal while proposing, always with a reason. A rate outside the
        participant's guideline needs a reason.
        """
        self._ready(by, at, expected_version)
        return self._commit(
            self._proposed(by, at, employee_id=employee_id, rate=rate, reason=reason)
        )

    def submit(
        self, *, by: Actor, at: dt.datetime, expected_version: int | None = None
    ) -> MeritCycle:
        """A manager submits their team for review once everyone in it has a proposal."""
        self._ready(by, at, expected_version)
        return self._commit(self._submitted(by, at, manager_id=by.person_id))

    def return_team(
        self,
        manager_id: str,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> MeritCycle:
        """HR returns a submitted team to its manager, with a reason."""
        self._ready(by, at, expected_version)
        return self._commit(self._returned(by, at, manager_id=manager_id, reason=reason))

    def approve(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> MeritCycle:
        """HR approves once every team is submitted; a team over its budget needs a reason."""
        self._ready(by, at, expected_version)
        return self._commit(self._approved(by, at, reason=reason))

    def lock(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> MeritCycle:
        """HR locks the approved increases for payroll."""
        self._ready(by, at, expected_version)
        return self._commit(
            self._phase_event(_LOCK, me.MeritLocked, MeritPhase.APPROVED, by, at, reason)
        )

    def release(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> MeritCycle:
        """HR releases the locked outcomes; each employee may then see their own."""
        self._ready(by, at, expected_version)
        return self._commit(
            self._phase_event(_RELEASE, me.MeritReleased, MeritPhase.LOCKED, by, at, reason)
        )

    # --- reading ----------------------------------------------------------------------

    def participant(self, employee_id: str) -> MeritParticipant | None:
        """The participant ``employee_id``, or ``None``."""
        return k.find(self.participants, employee_id, _employee_id)

    def proposal(self, employee_id: str) -> Proposal | None:
        """The current proposal for ``employee_id``, or ``None``."""
        return k.find(self.proposals, employee_id, _employee_id)

    def team(self, manager_id: str) -> tuple[MeritParticipant, ...]:
        """The participants whose manager is ``manager_id``."""
        return tuple(p for p in self.participants if p.manager_id == manager_id)

    def budget(self, manager_id: str) -> Money | None:
        """``manager_id``'s budget, or ``None`` if they have none here."""
        found = k.find(self.budgets, manager_id, _manager_id)
        return None if found is None else found.amount

    def spent(self, manager_id: str) -> Money:
        """What the current proposals of ``manager_id``'s team cost."""
        team = {p.employee_id for p in self.team(manager_id)}
        total = sum(
            (p.increase.amount for p in self.proposals if p.employee_id in team), Decimal(0)
        )
        return Money(amount=total, currency=self.currency)

    def remaining(self, manager_id: str) -> Money:
        """``manager_id``'s budget less what their team's proposals cost (negative: over)."""
        budget = self.budget(manager_id)
        if budget is None:
            raise ValidationError.single(
                "manager_id", f"{manager_id!r} has no budget in this cycle"
            )
        return Money(amount=budget.amount - self.spent(manager_id).amount, currency=self.currency)

    def out_of_guideline(self) -> tuple[Proposal, ...]:
        """The current proposals outside their participant's guideline, each with its reason."""
        return tuple(p for p in self.proposals if not p.within_guideline)

    # --- deciding ---------------------------------------------------------------------

    def _envelope(self, by: Actor, at: dt.datetime, reason: str | None) -> dict[str, Any]:
        return {
            "cycle_id": self.id,
            "sequence": len(self.events),
            "actor": by,
            "at": at,
            "reason": reason,
        }

    def _check_phase(self, command: str, wanted: MeritPhase) -> None:
        if self.phase is not wanted:
            raise TransitionError(
                command,
                self.phase.value,
                f"{command} needs the cycle {wanted.value}, it is {self.phase.value}",
            )

    def _proposed(
        self, by: Actor, at: dt.datetime, *, employee_id: object, rate: object, reason: object
    ) -> me.MeritEvent:
        self._check_phase(_PROPOSE, MeritPhase.PROPOSING)
        if not isinstance(employee_id, str):
            raise ValidationError.single(
                "employee_id", f"must be a string, got {v.describe(employee_id)}"
            )
        someone = self.participant(employee_id)
        if someone is None:
            raise ValidationError.single(
                "employee_id", f"{employee_id[:60]!r} is not a participant of {self.id!r}"
            )
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise ValidationError.single(
                "reason", f"must be a non-empty text, got {v.describe(reason)}"
            )
        if by.role == Role.HR and by.person_id != employee_id:
            if reason is None:
                raise ValidationError.single("reason", "HR adjusts a proposal only with a reason")
        elif by.role == Role.MANAGER and by.person_id == someone.manager_id:
            if k.contains(self.submitted, someone.manager_id, _same):
                raise TransitionError(
                    _PROPOSE, "submitted", f"team {someone.manager_id!r} is submitted for review"
                )
        else:
            raise PermissionDenied(
                _PROPOSE, by, f"only {someone.manager_id!r} (their manager) or HR proposes"
            )
        chosen = to_decimal(rate)
        if not isinstance(chosen, Decimal) or not chosen.is_finite() or not 0 <= chosen <= 1:
            raise ValidationError.single(
                "rate", f"must be a Decimal from 0 to 1, got {v.describe(rate)}"
            )
        if not someone.guideline.contains(chosen) and reason is None:
            raise ValidationError.single(
                "reason",
                f"{percent(chosen)} is outside the guideline {someone.guideline}"
                f" for {employee_id!r}; a proposal outside its guideline needs a reason",
            )
        with decimal.localcontext(CONTEXT):
            amount = Rounding.of(self.currency).apply(someone.salary.amount * chosen)
        return me.IncreaseProposed(
            employee_id=employee_id,
            rate=chosen,
            increase=Money(amount=amount, currency=self.currency),
            **self._envelope(by, at, reason),
        )

    def _submitted(self, by: Actor, at: dt.datetime, *, manager_id: str) -> me.MeritEvent:
        self._check_phase(_SUBMIT, MeritPhase.PROPOSING)
        if by.role != Role.MANAGER or by.person_id != manager_id:
            raise PermissionDenied(_SUBMIT, by, "a manager submits their own team")
        team = self.team(manager_id)
        if not team:
            raise PermissionDenied(_SUBMIT, by, f"{manager_id!r} has no team in this cycle")
        if k.contains(self.submitted, manager_id, _same):
            raise TransitionError(_SUBMIT, "submitted", f"team {manager_id!r} is already submitted")
        missing = [p.employee_id for p in team if self.proposal(p.employee_id) is None]
        if missing:
            raise ValidationError.single(
                "manager_id", f"no proposal yet for: {', '.join(missing)}", code="required"
            )
        return me.TeamSubmitted(manager_id=manager_id, **self._envelope(by, at, None))

    def _returned(
        self, by: Actor, at: dt.datetime, *, manager_id: object, reason: object
    ) -> me.MeritEvent:
        self._check_phase(_RETURN, MeritPhase.PROPOSING)
        if by.role != Role.HR:
            raise PermissionDenied(_RETURN, by, "only HR returns a team")
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError.single(
                "reason", "returning a team needs a reason", code="required"
            )
        if not isinstance(manager_id, str) or not k.contains(self.submitted, manager_id, _same):
            raise ValidationError.single(
                "manager_id", f"{v.describe(manager_id)} has no submitted team"
            )
        return me.TeamReturned(manager_id=manager_id, **self._envelope(by, at, reason))

    def _approved(self, by: Actor, at: dt.datetime, *, reason: object) -> me.MeritEvent:
        self._check_phase(_APPROVE, MeritPhase.PROPOSING)
        if by.role != Role.HR:
            raise PermissionDenied(_APPROVE, by, "only HR approves")
        waiting = sorted({p.manager_id for p in self.participants} - set(self.submitted))
        if waiting:
            raise TransitionError(
                _APPROVE, self.phase.value, f"teams not submitted yet: {', '.join(waiting)}"
            )
        over = [b.manager_id for b in self.budgets if self.remaining(b.manager_id).amount < 0]
        if over and (not isinstance(reason, str) or not reason.strip()):
            raise ValidationError.single(
                "reason", f"teams over budget: {', '.join(over)}; approving them needs a reason"
            )
        if reason is not None and not isinstance(reason, str):
            raise ValidationError.single("reason", f"must be a text, got {v.describe(reason)}")
        return me.MeritApproved(**self._envelope(by, at, reason))

    def _phase_event(  # noqa: PLR0913, PLR0917 - one step of the phase order
        self,
        command: str,
        kind: type[me.MeritEvent],
        wanted: MeritPhase,
        by: Actor,
        at: dt.datetime,
        reason: object,
    ) -> me.MeritEvent:
        self._check_phase(command, wanted)
        if by.role != Role.HR:
            raise PermissionDenied(command, by, "only HR does this")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise ValidationError.single(
                "reason", f"must be a non-empty text, got {v.describe(reason)}"
            )
        return kind(**self._envelope(by, at, reason))

    def _commit(self, event: me.MeritEvent) -> MeritCycle:
        previous = self.events[-1].at
        if event.at < previous:
            raise OutOfOrder.single(
                "at",
                f"{event.at.isoformat()} is earlier than the previous event"
                f" ({previous.isoformat()})",
                code="out_of_order",
                params={"last": previous.isoformat()},
            )
        return self._evolve(event)

    def _evolve(self, event: me.MeritEvent) -> MeritCycle:
        changes: dict[str, Any]
        match event:
            case me.IncreaseProposed():
                someone = self.participant(event.employee_id)
                assert someone is not None  # noqa: S101 - decided above
                made = Proposal(
                    employee_id=event.employee_id,
                    rate=event.rate,
                    increase=event.increase,
                    within_guideline=someone.guideline.contains(event.rate),
                    proposed_by=event.actor,
                    at=event.at,
                    reason=event.reason,
                )
                if self.proposal(event.employee_id) is None:
                    changes = {"proposals": k.appended(self.proposals, made)}
                else:
                    changes = {"proposals": k.replaced(self.proposals, made, _employee_id)}
            case me.TeamSubmitted(manager_id=manager_id):
                changes = {"submitted": k.appended(self.submitted, manager_id)}
            case me.TeamReturned(manager_id=manager_id):
                changes = {"submitted": tuple(m for m in self.submitted if m != manager_id)}
            case me.MeritApproved():
                changes = {"phase": MeritPhase.APPROVED}
            case me.MeritLocked():
                changes = {"phase": MeritPhase.LOCKED}
            case me.MeritReleased():
                changes = {"phase": MeritPhase.RELEASED}
            case _:  # pragma: no cover - the kernel and the commands refuse a second start first
                raise ValidationError.single(
                    f"events[{event.sequence}]",
                    f"{type(event).__name__} cannot follow the start of a cycle",
                )
        changes["events"] = k.appended(self.events, event)
        return type(self)._REPLACE(self, changes)  # noqa: SLF001


MeritCycle._REPLACE = replacer(MeritCycle)  # noqa: SLF001 - set once, as the class is made

_employee_id: Callable[[Any], str] = operator.attrgetter("employee_id")
_manager_id: Callable[[TeamBudget], str] = operator.attrgetter("manager_id")


def _same(value: str) -> str:
    return value


@attrs.frozen
class _Command:
    decide: Callable[..., me.MeritEvent]
    args: Mapping[str, Any]


_COMMAND_OF: Mapping[type[me.MeritEvent], Callable[[Any], _Command]] = MappingProxyType(
    {
        me.IncreaseProposed: lambda ev: _Command(
            MeritCycle._proposed,  # noqa: SLF001
            {"employee_id": ev.employee_id, "rate": ev.rate, "reason": ev.reason},
        ),
        me.TeamSubmitted: lambda ev: _Command(
            MeritCycle._submitted,  # noqa: SLF001
            {"manager_id": ev.manager_id},
        ),
        me.TeamReturned: lambda ev: _Command(
            MeritCycle._returned,  # noqa: SLF001
            {"manager_id": ev.manager_id, "reason": ev.reason},
        ),
        me.MeritApproved: lambda ev: _Command(MeritCycle._approved, {"reason": ev.reason}),  # noqa: SLF001
        me.MeritLocked: lambda ev: _Command(
            lambda cycle, by, at, reason: cycle._phase_event(  # noqa: SLF001
                _LOCK, me.MeritLocked, MeritPhase.APPROVED, by, at, reason
            ),
            {"reason": ev.reason},
        ),
        me.MeritReleased: lambda ev: _Command(
            lambda cycle, by, at, reason: cycle._phase_event(  # noqa: SLF001
                _RELEASE, me.MeritReleased, MeritPhase.LOCKED, by, at, reason
            ),
            {"reason": ev.reason},
        ),
    }
)
"""Event type → the command that records it, rebuilt from the event (all but the first)."""


def _redecide(
    cycle: MeritCycle, command: _Command, event: me.MeritEvent
) -> tuple[me.MeritEvent, ...]:
    return (command.decide(cycle, event.actor, event.at, **command.args),)


_GROWING: dict[str, Callable[[Any], Any] | None] = {
    "proposals": _employee_id,
    "submitted": _same,
    "events": None,
}


def _thaw(cycle: MeritCycle) -> MeritCycle:
    return MeritCycle._REPLACE(  # noqa: SLF001
        cycle, {name: k.Growing(getattr(cycle, name), key) for name, key in _GROWING.items()}
    )


def _freeze(cycle: MeritCycle) -> MeritCycle:
    return MeritCycle._REPLACE(cycle, {name: k.frozen(getattr(cycle, name)) for name in _GROWING})  # noqa: SLF001


_REPLAY: k.ReplayPolicy[MeritCycle, me.MeritEvent] = k.ReplayPolicy(
    name="merit cycle",
    event_noun="a merit event",
    restarted="MeritCycleOpened cannot follow the start of a merit cycle",
    event_type=me.MeritEvent,
    first_type=me.MeritCycleOpened,
    id_field="cycle_id",
    state_id=operator.attrgetter("id"),
    sets_clock=lambda _: True,
    out_of_order=None,
    begin=MeritCycle._replay_first,  # noqa: SLF001
    rebuild=_COMMAND_OF,
    decide=_redecide,
    evolve=MeritCycle._evolve,  # noqa: SLF001
    thaw=_thaw,
    freeze=_freeze,
    history=operator.attrgetter("events"),
)
