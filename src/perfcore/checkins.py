"""Check-ins during implementation: formal 1:1s and quick informal notes."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from perfcore import _validators as v

__all__ = ["ActionItem", "CheckIn", "CheckInKind", "GoalProgress", "ProgressStatus"]


class CheckInKind(enum.Enum):
    """1:1s and informal notes count toward the agreed cadence; private notes do not.

    A ``PRIVATE_NOTE`` is visible only to the person who recorded it (see
    :mod:`perfcore.visibility`): not to the other party, not to HR, and no
    audit or cadence check reads it.

    >>> CheckInKind.PRIVATE_NOTE.is_shared, CheckInKind.ONE_ON_ONE.is_shared
    (False, True)
    """

    ONE_ON_ONE = "one_on_one"
    INFORMAL_NOTE = "informal_note"
    PRIVATE_NOTE = "private_note"

    @property
    def is_shared(self) -> bool:
        """``True`` for the kinds both parties see and the cadence counts."""
        return self is not CheckInKind.PRIVATE_NOTE


class ProgressStatus(enum.Enum):
    """A quick traffic light for one goal."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalProgress:
    """Progress on one goal as seen at a check-in.

    >>> GoalProgress(goal_id="g1", status=ProgressStatus.AT_RISK, value=640.0).status.value
    'at_risk'
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    status: ProgressStatus = attrs.field(
        default=ProgressStatus.ON_TRACK, validator=v.member(ProgressStatus)
    )
    value: float | None = attrs.field(default=None, validator=v.number(optional=True))
    note: str = attrs.field(default="", validator=v.text(allow_empty=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ActionItem:
    """Something a 1:1 agreed to do: who does it, by when.

    It stays open, and is carried to the next 1:1's agenda, until a later
    check-in closes it (``CheckIn.closed_action_items``).

    >>> ActionItem(id="ai1", text="Book the CRM training", owner_id="e7",
    ...            due=dt.date(2026, 3, 15)).owner_id
    'e7'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    text: str = attrs.field(validator=v.text(max_length=1000))
    owner_id: str = attrs.field(validator=v.text(max_length=200))
    due: dt.date = attrs.field(validator=v.date())


def _check_items(inst: CheckIn, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        return  # tuple_of reports it
    ids = [item.id for item in value if isinstance(item, ActionItem)]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        v.fail(inst, attr, f"lists action item(s) {', '.join(map(repr, twice))} more than once")
    if value and isinstance(inst.kind, CheckInKind) and not inst.kind.is_shared:
        v.fail(inst, attr, "a private note agrees nothing with anyone: no action items")
    held = inst.held_on if isinstance(inst.held_on, dt.date) else None
    for item in value:
        if isinstance(item, ActionItem) and held is not None and item.due < held:
            v.fail(inst, attr, f"item {item.id!r} is due {item.due}, before the check-in")


def _check_closed(inst: CheckIn, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        return
    if value and isinstance(inst.kind, CheckInKind) and not inst.kind.is_shared:
        v.fail(inst, attr, "a private note closes no action item")
    new = {item.id for item in inst.action_items if isinstance(item, ActionItem)}
    both = sorted(new & set(value))
    if both:
        v.fail(inst, attr, f"item(s) {', '.join(map(repr, both))} are raised and closed at once")


def _unique_goals(
    inst: CheckIn, attr: attrs.Attribute[tuple[GoalProgress, ...]], value: tuple[GoalProgress, ...]
) -> None:
    ids = [p.goal_id for p in value]
    if len(set(ids)) != len(ids):
        v.fail(inst, attr, "must report each goal at most once")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CheckIn:
    """A conversation or note during implementation.

    The optional fields mirror what HR asks of this phase: is progress tracked,
    are obstacles removed, is drift from a goal spotted and corrected, is
    innovation recognised, is anything harming the company's long-term interest,
    and does anyone need HR's help.

    >>> c = CheckIn(id="c1", kind=CheckInKind.INFORMAL_NOTE, held_on=dt.date(2026, 3, 2),
    ...             summary="Pipeline review", obstacles=("CRM access missing",))
    >>> c.hr_help_wanted
    False
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    kind: CheckInKind = attrs.field(validator=v.member(CheckInKind))
    held_on: dt.date = attrs.field(validator=v.date())
    summary: str = attrs.field(default="", validator=v.text(allow_empty=True))
    progress: tuple[GoalProgress, ...] = attrs.field(
        default=(), validator=[v.tuple_of(GoalProgress), _unique_goals]
    )
    obstacles: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    deviation: str | None = attrs.field(default=None, validator=v.optional_text())
    """Drift from an objective spotted at this check-in."""
    support_needed: str | None = attrs.field(default=None, validator=v.optional_text())
    recognition: str | None = attrs.field(default=None, validator=v.optional_text())
    """Innovation or good work recognised."""
    company_interest_concern: str | None = attrs.field(default=None, validator=v.optional_text())
    """A way of reaching a personal objective that harms the company's long-term interest."""
    hr_help_wanted: bool = attrs.field(default=False, validator=v.boolean())
    agenda: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text(max_length=1000)))
    """What the 1:1 set out to discuss (open action items are carried to it: see
    :meth:`perfcore.Cycle.open_action_items`)."""
    action_items: tuple[ActionItem, ...] = attrs.field(
        default=(), validator=[v.tuple_of(ActionItem), _check_items]
    )
    """What the 1:1 agreed to do, each with its owner and due date (shared check-ins only)."""
    closed_action_items: tuple[str, ...] = attrs.field(
        default=(), validator=[v.tuple_of(v.text(max_length=200), unique=True), _check_closed]
    )
    """Ids of action items raised at earlier check-ins that this one closes as done."""
