"""What check-ins raised that the appraisal's analysis of causes must weigh.

During implementation the manager removes obstacles, asks HR for help and flags
ways of reaching an objective that harm the company's long-term interest
(:class:`~perfcore.checkins.CheckIn`). When a goal those check-ins reported at
risk or off track ends unmet, what they raised is where its cause is likely to
lie: :func:`signals_of` collects them as :class:`CheckInSignal` records, and
:data:`SIGNAL_CAUSES` says which root-cause categories each kind points to.
The cycle reads them in its condition ``signal_analysed`` (rules 4 on): an
unmet goal a signal concerns has a root cause of a category the signal points
to, or HR accepts another analysis with a reason.

>>> import datetime as dt
>>> from perfcore.checkins import CheckIn, CheckInKind, GoalProgress, ProgressStatus
>>> talk = CheckIn(id="ci3", kind=CheckInKind.ONE_ON_ONE, held_on=dt.date(2026, 5, 4),
...     progress=(GoalProgress(goal_id="g1", status=ProgressStatus.OFF_TRACK),),
...     obstacles=("No CRM licence",), hr_help_wanted=True, support_needed="A second rep")
>>> [(s.kind.value, s.text, s.goal_ids) for s in signals_of([talk])]
[('obstacle', 'No CRM licence', ('g1',)), ('hr_help', 'A second rep', ('g1',))]
>>> [c.value for c in SIGNAL_CAUSES[SignalKind.OBSTACLE]]
['resources', 'environment']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.checkins import CheckIn, ProgressStatus
from perfcore.errors import MalformedInput
from perfcore.improvement.model import CauseCategory

__all__ = ["ANSWERED_SIGNALS", "SIGNAL_CAUSES", "CheckInSignal", "SignalKind", "signals_of"]


class SignalKind(enum.Enum):
    """What a check-in raised."""

    OBSTACLE = "obstacle"
    """An obstacle in the employee's way."""
    HR_HELP = "hr_help"
    """The manager asked HR for help."""
    COMPANY_INTEREST = "company_interest"
    """A way of reaching the objective that harms the company's long-term interest."""


SIGNAL_CAUSES: Mapping[SignalKind, tuple[CauseCategory, ...]] = MappingProxyType(
    {
        SignalKind.OBSTACLE: (CauseCategory.RESOURCES, CauseCategory.ENVIRONMENT),
        SignalKind.HR_HELP: (
            CauseCategory.RESOURCES,
            CauseCategory.CAPACITY,
            CauseCategory.ATTITUDE,
        ),
        SignalKind.COMPANY_INTEREST: (CauseCategory.ATTITUDE, CauseCategory.EXPECTATIONS),
    }
)
"""The root-cause categories each kind of signal points to: an obstacle to missing
resources or the environment; a call for HR's help to resources, capacity or
attitude (what a manager cannot settle alone); a harm to the company's interest to
attitude or unclear expectations."""

ANSWERED_SIGNALS: frozenset[SignalKind] = frozenset(
    {SignalKind.HR_HELP, SignalKind.COMPANY_INTEREST}
)
"""The signals someone answers (``Cycle.answer_signal``): a call for HR's help and a harm to
the company's interest; an obstacle is removed, not answered."""

_ORDER = {kind: index for index, kind in enumerate(SignalKind)}
_TROUBLED = frozenset({ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK})


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CheckInSignal:
    """One thing a shared check-in raised, and the goals it reported at risk or off track.

    ``goal_ids`` is empty when the check-in flagged no goal: the signal then
    concerns the cycle as a whole and points at no goal's cause.
    """

    check_in_id: str = attrs.field(validator=v.text(max_length=200))
    held_on: dt.date = attrs.field(validator=v.date())
    kind: SignalKind = attrs.field(validator=v.member(SignalKind))
    text: str = attrs.field(validator=v.text())
    goal_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )

    @property
    def causes(self) -> tuple[CauseCategory, ...]:
        """The root-cause categories this signal points to (:data:`SIGNAL_CAUSES`)."""
        return SIGNAL_CAUSES[self.kind]

    def as_record(self) -> dict[str, Any]:
        """A flat, JSON-ready row."""
        return {
            "check_in_id": self.check_in_id,
            "held_on": self.held_on.isoformat(),
            "kind": self.kind.value,
            "text": self.text,
            "goal_ids": list(self.goal_ids),
            "causes": [category.value for category in self.causes],
        }


def _raised(check_in: CheckIn) -> Iterable[tuple[SignalKind, str]]:
    for obstacle in check_in.obstacles:
        yield SignalKind.OBSTACLE, obstacle
    if check_in.hr_help_wanted:
        yield SignalKind.HR_HELP, check_in.support_needed or "HR help requested"
    if check_in.company_interest_concern is not None:
        yield SignalKind.COMPANY_INTEREST, check_in.company_interest_concern


def _checked(check_ins: object) -> list[CheckIn]:
    if isinstance(check_ins, str | bytes) or not isinstance(check_ins, Iterable):
        raise MalformedInput.single(
            "check_ins", f"must be an iterable of check-ins, got {v.describe(check_ins)}"
        )
    checked: list[CheckIn] = []
    for index, check_in in enumerate(check_ins):
        if not isinstance(check_in, CheckIn):
            raise MalformedInput.single(
                f"check_ins[{index}]", f"must be a CheckIn, got {v.describe(check_in)}"
            )
        checked.append(check_in)
    return checked


def signals_of(check_ins: Iterable[CheckIn]) -> tuple[CheckInSignal, ...]:
    """What the shared check-ins raised, by day, check-in and kind.

    Private notes are their author's alone and raise nothing here.
    """
    found: list[CheckInSignal] = []
    for check_in in _checked(check_ins):
        if not check_in.kind.is_shared:
            continue
        goals = tuple(sorted({p.goal_id for p in check_in.progress if p.status in _TROUBLED}))
        found.extend(
            CheckInSignal(
                check_in_id=check_in.id,
                held_on=check_in.held_on,
                kind=kind,
                text=text,
                goal_ids=goals,
            )
            for kind, text in _raised(check_in)
        )
    found.sort(key=lambda s: (s.held_on, s.check_in_id, _ORDER[s.kind], s.text))
    return tuple(found)
