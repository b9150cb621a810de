"""Plain records for analysis: ratings, talent snapshots and employment events.

Analysts feed these from anywhere (a perfcore cycle, a spreadsheet, another
HR system), so they depend on nothing but the scales. Each record has
``as_record()``, a flat dict with stable column names for a DataFrame.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.scales import RatingScale

__all__ = [
    "EmploymentEvent",
    "EmploymentEventKind",
    "GroupKey",
    "RatingRecord",
    "TalentRecord",
    "group_of",
]

_DEFAULT_SCALE = RatingScale(minimum=1, maximum=5)


def _on_scale(inst: RatingRecord, attr: attrs.Attribute[float], value: float) -> None:
    scale = inst.scale
    if isinstance(scale, RatingScale) and not scale.contains(value):
        v.fail(inst, attr, f"must lie on the scale {scale}, got {value:g}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingRecord:
    """One rating of one person by one rater on one dimension, on a stated scale.

    ``rater_role`` is a lowercase identifier (``"manager"``, ``"self"``,
    ``"peer"``, ...); ``dimension`` names what was rated (``"overall"``, a
    goal id, ``"competency:negotiation"``). ``department`` is optional and
    serves as a grouping key.

    >>> r = RatingRecord(employee_id="e7", rater_id="m2", value=4,
    ...                  scale=RatingScale(minimum=1, maximum=5))
    >>> r.normalised
    0.75
    >>> r.as_record()["scale_max"]
    5
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    rater_id: str = attrs.field(validator=v.text(max_length=200))
    value: float = attrs.field(validator=[v.number(), _on_scale])
    scale: RatingScale = attrs.field(default=_DEFAULT_SCALE, validator=v.instance(RatingScale))
    rater_role: str = attrs.field(default="manager", validator=v.identifier())
    dimension: str = attrs.field(default="overall", validator=v.text(max_length=300))
    cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())

    @property
    def normalised(self) -> float:
        """The value on 0–1: ``(value − minimum) / (maximum − minimum)``."""
        return self.scale.normalise(self.value)

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "rater_id": self.rater_id,
            "rater_role": self.rater_role,
            "cycle_id": self.cycle_id,
            "dimension": self.dimension,
            "value": self.value,
            "scale_min": self.scale.minimum,
            "scale_max": self.scale.maximum,
            "normalised": self.normalised,
            "department": self.department,
        }


def _fraction_or_none(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    v.number(minimum=0, maximum=1, optional=True)(inst, attr, value)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TalentRecord:
    """One person's standing at a moment: performance and potential on 0–1, and groupings.

    ``performance`` is typically a normalised appraisal score; ``potential``
    a normalised potential assessment; either may be unknown (``None``).

    >>> TalentRecord(employee_id="e7", performance=0.8, potential=0.6,
    ...              department="sales").as_record()["potential"]
    0.6
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    performance: float | None = attrs.field(default=None, validator=_fraction_or_none)
    potential: float | None = attrs.field(default=None, validator=_fraction_or_none)
    manager_id: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())
    high_potential: bool = attrs.field(default=False, validator=v.boolean())
    as_of: dt.date | None = attrs.field(default=None, validator=v.date(optional=True))

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "performance": self.performance,
            "potential": self.potential,
            "manager_id": self.manager_id,
            "department": self.department,
            "high_potential": self.high_potential,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


class EmploymentEventKind(enum.Enum):
    """What happened to someone's employment."""

    HIRE = "hire"
    EXIT = "exit"
    PROMOTION = "promotion"
    TRAINING = "training"
    """Took part in training or a development programme."""


def _exit_only(inst: EmploymentEvent, attr: attrs.Attribute[Any], value: object) -> None:
    if inst.kind is EmploymentEventKind.EXIT:
        if attr.name == "voluntary" and value is None:
            v.fail(inst, attr, "is required for an exit (voluntary or not)")
    elif (attr.name == "voluntary" and value is not None) or (attr.name == "regretted" and value):
        v.fail(inst, attr, f"only applies to exits, not {inst.kind.value}")


def _regret_is_voluntary(inst: EmploymentEvent, attr: attrs.Attribute[Any], value: object) -> None:
    _exit_only(inst, attr, value)
    if value and inst.kind is EmploymentEventKind.EXIT and inst.voluntary is False:
        v.fail(inst, attr, "only a voluntary exit can be regretted")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class EmploymentEvent:
    """A hire, an exit (voluntary or not, regretted or not), a promotion or training.

    ``regretted`` marks a voluntary exit of someone the organisation wanted to
    keep. ``programme`` names the training or development programme.

    >>> e = EmploymentEvent(employee_id="e7", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 9, 30), voluntary=True, regretted=True)
    >>> e.as_record()["kind"], e.as_record()["regretted"]
    ('exit', True)
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    kind: EmploymentEventKind = attrs.field(validator=v.member(EmploymentEventKind))
    on: dt.date = attrs.field(validator=v.date())
    voluntary: bool | None = attrs.field(default=None, validator=_exit_only)
    regretted: bool = attrs.field(default=False, validator=[v.boolean(), _regret_is_voluntary])
    programme: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "kind": self.kind.value,
            "on": self.on.isoformat(),
            "voluntary": self.voluntary,
            "regretted": self.regretted,
            "programme": self.programme,
            "department": self.department,
        }


GroupKey = str | Mapping[str, str] | Callable[[Any], str | None] | None
"""How to group records: a field name (``"department"``), a mapping from
employee id to group, a function of the record, or ``None`` for one group."""


def group_of(record: object, by: GroupKey) -> str | None:
    """The group ``record`` falls in under ``by`` (see :data:`GroupKey`).

    A record without a value for the key (``None``, or an employee the mapping
    does not list) is in no group and is reported as such, never dropped
    silently by the functions that group.

    >>> r = RatingRecord(employee_id="e7", rater_id="m2", value=3, department="sales")
    >>> group_of(r, "department"), group_of(r, {"e7": "emea"}), group_of(r, None)
    ('sales', 'emea', 'all')
    """
    if by is None:
        return "all"
    if isinstance(by, str):
        cls: Any = type(record)
        if not attrs.has(cls) or by not in attrs.fields_dict(cls):
            raise ValidationError.single(
                "by", f"{type(record).__name__} has no field {by!r} to group by"
            )
        value = getattr(record, by)
        return None if value is None else str(value)
    if isinstance(by, Mapping):
        employee = getattr(record, "employee_id", None)
        found = by.get(employee) if isinstance(employee, str) else None
        return None if found is None else str(found)
    if callable(by):
        found = by(record)
        return None if found is None else str(found)
    raise ValidationError.single(
        "by", f"must be a field name, a mapping or a function, got {v.describe(by)}"
    )
