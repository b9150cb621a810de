"""Events of a merit cycle: immutable, attributable facts in its history.

Each records the cycle, its position in the history (``sequence``), who acted
in which role (``actor``), when (``at``) and why (``reason``: required to
return a team's proposals, for a proposal outside its guideline and for any
proposal HR makes). A merit cycle is the fold of its events:
``MeritCycle.replay(cycle.events) == cycle``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import attrs

from perfcore import _validators as v
from perfcore.compensation.matrix import Guideline
from perfcore.compensation.money import Money, rate, to_decimal
from perfcore.people import Actor

__all__ = [
    "MERIT_EVENT_TYPES",
    "IncreaseProposed",
    "MeritApproved",
    "MeritCycleOpened",
    "MeritEvent",
    "MeritLocked",
    "MeritParticipant",
    "MeritReleased",
    "TeamBudget",
    "TeamReturned",
    "TeamSubmitted",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritParticipant:
    """One person in a merit cycle: their manager, salary and the guideline for their increase."""

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    salary: Money = attrs.field(validator=v.instance(Money))
    guideline: Guideline = attrs.field(validator=v.instance(Guideline))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TeamBudget:
    """A manager's merit pool in a cycle."""

    manager_id: str = attrs.field(validator=v.text(max_length=200))
    amount: Money = attrs.field(validator=v.instance(Money))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritEvent:
    """Envelope shared by every merit event: which cycle, which position, who, when, why."""

    TAG: ClassVar[str] = "merit_event"
    VERSION: ClassVar[int] = 1
    """The version of this event type's stored shape."""

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())


def _tuple_of(kind: type) -> v.Validator:
    return v.tuple_of(kind)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritCycleOpened(MeritEvent):
    """HR opened a merit cycle for its participants, with each manager's budget."""

    TAG: ClassVar[str] = "merit_cycle_opened"
    participants: tuple[MeritParticipant, ...] = attrs.field(
        validator=[
            _tuple_of(MeritParticipant),
            v.non_empty_tuple(),
            v.distinct("employee_id", "names participant(s) more than once"),
        ]
    )
    budgets: tuple[TeamBudget, ...] = attrs.field(
        validator=[
            _tuple_of(TeamBudget),
            v.distinct("manager_id", "names a manager's budget more than once"),
        ]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class IncreaseProposed(MeritEvent):
    """A manager (or HR) proposed an increase for one participant; the latest one counts."""

    TAG: ClassVar[str] = "increase_proposed"
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    rate: Decimal = attrs.field(converter=to_decimal, validator=rate(minimum=Decimal(0)))
    """The increase as a fraction of salary (0.03 is 3%)."""
    increase: Money = attrs.field(validator=v.instance(Money))
    """The salary × rate, rounded to the currency's smallest unit."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TeamSubmitted(MeritEvent):
    """A manager submitted their team's proposals for HR review."""

    TAG: ClassVar[str] = "team_submitted"
    manager_id: str = attrs.field(validator=v.text(max_length=200))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TeamReturned(MeritEvent):
    """HR returned a team's proposals to its manager, with a reason."""

    TAG: ClassVar[str] = "team_returned"
    reason: str | None = attrs.field(default=None, validator=v.text())
    manager_id: str = attrs.field(validator=v.text(max_length=200))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritApproved(MeritEvent):
    """HR approved every team's proposals."""

    TAG: ClassVar[str] = "merit_approved"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritLocked(MeritEvent):
    """The approved increases were locked for payroll; nothing changes after."""

    TAG: ClassVar[str] = "merit_locked"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritReleased(MeritEvent):
    """The outcomes were released: each employee may now see their own."""

    TAG: ClassVar[str] = "merit_released"


MERIT_EVENT_TYPES: tuple[type[MeritEvent], ...] = (
    MeritCycleOpened,
    IncreaseProposed,
    TeamSubmitted,
    TeamReturned,
    MeritApproved,
    MeritLocked,
    MeritReleased,
)
"""Every concrete merit event type."""
