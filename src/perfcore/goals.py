"""Objectives agreed in the goal-setting conversation."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._weights import WEIGHT_PLACES, has_places
from perfcore.measures import MEASURE_TYPES, Measure

__all__ = ["WEIGHT_PLACES", "Goal", "GoalKind", "GoalStatus"]


class GoalKind(enum.Enum):
    """Performance objectives are business results; development objectives grow competencies."""

    PERFORMANCE = "performance"
    DEVELOPMENT = "development"


class GoalStatus(enum.Enum):
    """Where a goal stands within its cycle."""

    PROPOSED = "proposed"
    """Drafted or revised, not yet agreed by the employee."""
    AGREED = "agreed"
    """Agreed by the employee in its current version."""
    WITHDRAWN = "withdrawn"
    """Dropped with a reason; kept in the record, excluded from checks."""


def _check_parent(inst: Goal, attr: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and value == inst.id:
        v.fail(inst, attr, "a goal cannot be aligned to itself")


def _check_weight_places(inst: object, attr: attrs.Attribute[Any], value: float) -> None:
    if not has_places(value):  # runs after v.number: a finite int or float
        v.fail(inst, attr, f"must have at most {WEIGHT_PLACES} decimal places, got {value!r}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Goal:
    """One objective: what, how it is measured, its weight, and how it will be reached.

    ``weight`` is a percentage with at most two decimal places
    (``WEIGHT_PLACES``); the weights of a cycle's performance objectives must
    total exactly 100 before goal setting ends. ``parent_id`` aligns the goal to a team or
    company objective. ``methods`` and ``support`` record what the employee will
    do and what help they need, as agreed in the goal-setting conversation.

    >>> from perfcore.measures import YesNoMeasure
    >>> g = Goal(id="g1", title="Pass the security certification", kind=GoalKind.DEVELOPMENT,
    ...          weight=0, measure=YesNoMeasure(question="Certified?"))
    >>> g.kind.value
    'development'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    title: str = attrs.field(validator=v.text(max_length=500))
    kind: GoalKind = attrs.field(default=GoalKind.PERFORMANCE, validator=v.member(GoalKind))
    weight: float = attrs.field(
        default=0, validator=[v.number(minimum=0, maximum=100), _check_weight_places]
    )
    measure: Measure | None = attrs.field(
        default=None, validator=v.instance(MEASURE_TYPES, optional=True)
    )
    due: dt.date | None = attrs.field(default=None, validator=v.date(optional=True))
    parent_id: str | None = attrs.field(default=None, validator=[v.optional_text(), _check_parent])
    description: str = attrs.field(default="", validator=v.text(allow_empty=True))
    methods: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    support: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    carried_from: str | None = attrs.field(default=None, validator=v.optional_text())
    """Id of the cycle this goal was carried over from, if any."""
