"""Rating scales such as 1-5, 0-4, 1-7 or 0-100, optionally labelled."""

from __future__ import annotations

import math
from typing import Any

import attrs

from perfcore import _validators as v

__all__ = ["RatingScale"]


def _check_max(inst: RatingScale, attr: attrs.Attribute[Any], value: int) -> None:
    if value <= inst.minimum:
        v.fail(inst, attr, f"must be greater than minimum {inst.minimum}, got {value}")


def _check_labels(inst: RatingScale, attr: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    points = inst.maximum - inst.minimum + 1
    if value and points > 1 and len(value) != points:  # points < 2: ``maximum`` is at fault
        v.fail(inst, attr, f"must have one label per point ({points}), got {len(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingScale:
    """An integer-anchored rating scale; ratings may fall between points.

    >>> s = RatingScale(minimum=1, maximum=5, labels=("Poor", "Fair", "Good", "Strong", "Top"))
    >>> s.contains(4.5), s.contains(6)
    (True, False)
    >>> s.label_for(4)
    'Strong'
    """

    minimum: int = attrs.field(default=1, validator=v.integer(minimum=-1_000_000))
    maximum: int = attrs.field(default=5, validator=[v.integer(maximum=1_000_000), _check_max])
    labels: tuple[str, ...] = attrs.field(
        default=(), validator=[v.tuple_of(v.text(max_length=200), unique=True), _check_labels]
    )

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies on the scale."""
        return self.minimum <= value <= self.maximum

    def label_for(self, value: float) -> str | None:
        """The label of the nearest point at or below ``value``, if labelled."""
        if not self.labels or not self.contains(value):
            return None
        return self.labels[math.floor(value) - self.minimum]

    def __str__(self) -> str:
        return f"{self.minimum}-{self.maximum}"
