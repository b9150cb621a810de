"""The people a launch starts cycles for: who they are, where they sit, and since when.

A :class:`Person` is what an HR system knows of an employee that a launch
needs: their manager, department, position and level (which choose the
templates), their hire date and contract type, and their leaves of absence
(which the eligibility rules read).

>>> import datetime as dt
>>> ann = Person(employee_id="ann", manager_id="jo", department="web", position="engineer",
...              level="L2", hire_date=dt.date(2025, 3, 1), contract_type="permanent",
...              leaves=(Leave(start=dt.date(2026, 2, 1), end=dt.date(2026, 4, 30)),))
>>> ann.on_leave(dt.date(2026, 3, 15)), ann.on_leave(dt.date(2026, 5, 1))
(True, False)
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs

from perfcore import _validators as v

__all__ = ["Leave", "Person"]


def _check_end(inst: Leave, attr: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and isinstance(inst.start, dt.date) and value < inst.start:
        v.fail(inst, attr, f"must be on or after start {inst.start}, got {value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Leave:
    """A leave of absence from ``start`` to ``end``, both days included; no ``end`` is open.

    >>> Leave(start=dt.date(2026, 2, 1)).covers(dt.date(2030, 1, 1))
    True
    >>> Leave(start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 31))
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: Leave.end: must be on or after start 2026-02-01, got 2026-01-31
    """

    start: dt.date = attrs.field(validator=v.date())
    end: dt.date | None = attrs.field(default=None, validator=[v.date(optional=True), _check_end])

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls within the leave."""
        v.require_day(day, "day")
        return self.start <= day and (self.end is None or day <= self.end)


def _check_manager(inst: Person, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and value == inst.employee_id:
        v.fail(inst, attr, "an employee cannot be their own manager")


def _check_leaves(inst: Person, attr: attrs.Attribute[Any], value: tuple[Leave, ...]) -> None:
    # runs after tuple_of(Leave), which refuses anything else first
    ordered = sorted(value, key=lambda leave: leave.start)
    for before, after in itertools.pairwise(ordered):
        if before.end is None or after.start <= before.end:
            v.fail(
                inst,
                attr,
                f"leaves overlap: the one from {after.start} starts before the one from"
                f" {before.start} ends",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Person:
    """An employee as a launch sees them.

    ``manager_id`` is ``None`` for someone without a manager (no cycle can be
    started for them until they have one). ``department``, ``position`` and
    ``level`` choose the templates; ``contract_type`` is the HR system's own
    code (``"permanent"``, ``"fixed_term"``, ``"contractor"``...); ``leaves``
    may not overlap.

    >>> Person(employee_id="bo", manager_id="bo", hire_date=dt.date(2020, 1, 6))
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: Person.manager_id: an employee cannot be their own manager
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    hire_date: dt.date = attrs.field(validator=v.date())
    manager_id: str | None = attrs.field(
        default=None, validator=[v.optional_text(), _check_manager]
    )
    department: str | None = attrs.field(default=None, validator=v.optional_text())
    position: str | None = attrs.field(default=None, validator=v.optional_text())
    level: str | None = attrs.field(default=None, validator=v.optional_text())
    contract_type: str = attrs.field(default="permanent", validator=v.identifier())
    leaves: tuple[Leave, ...] = attrs.field(
        default=(), validator=[v.tuple_of(Leave), _check_leaves]
    )

    def on_leave(self, day: dt.date) -> bool:
        """Whether one of their leaves covers ``day``."""
        v.require_day(day, "day")
        return any(leave.covers(day) for leave in self.leaves)
