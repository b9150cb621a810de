"""Rating scales such as 1-5, 0-4, 1-7 or 0-100, optionally labelled."""

from __future__ import annotations

import math
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError

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

    Ratings map between scales linearly: ``(r − min) / (max − min)`` gives the
    position on [0, 1], which is then laid onto the other scale.

    >>> s.normalise(4)
    0.75
    >>> s.convert(4, to=RatingScale(minimum=0, maximum=100))
    75.0
    """

    minimum: int = attrs.field(default=1, validator=v.integer(minimum=-1_000_000))
    maximum: int = attrs.field(default=5, validator=[v.integer(maximum=1_000_000), _check_max])
    labels: tuple[str, ...] = attrs.field(
        default=(), validator=[v.tuple_of(v.text(max_length=200), unique=True), _check_labels]
    )

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies on the scale."""
        v.require(value, int | float, "value")
        return self.minimum <= value <= self.maximum

    def label_for(self, value: float) -> str | None:
        """The label of the nearest point at or below ``value``, if labelled."""
        v.require(value, int | float, "value")
        if not self.labels or not self.contains(value):
            return None
        return self.labels[math.floor(value) - self.minimum]

    def normalise(self, value: float) -> float:
        """Where ``value`` lies on the scale, from 0.0 (minimum) to 1.0 (maximum).

        ``(value − minimum) / (maximum − minimum)``; a value off the scale (or
        not a finite number) raises :class:`perfcore.ValidationError` at ``value``.

        >>> RatingScale(minimum=1, maximum=5).normalise(2)
        0.25
        >>> RatingScale(minimum=0, maximum=4).normalise(4)
        1.0
        >>> RatingScale(minimum=1, maximum=5).normalise(6)
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: value: 6 is not on the scale 1-5
        """
        self._check_on_scale(value)
        return (value - self.minimum) / (self.maximum - self.minimum)

    def convert(self, value: float, to: RatingScale) -> float:
        """``value`` on this scale, carried linearly onto the scale ``to``.

        The value is normalised onto [0, 1] (see :meth:`normalise`) and laid
        onto ``to``: ``to.minimum + normalised × (to.maximum − to.minimum)``.
        Minimum maps to minimum and maximum to maximum.

        >>> one_to_five = RatingScale(minimum=1, maximum=5)
        >>> one_to_five.convert(4, to=RatingScale(minimum=1, maximum=7))  # 1 + 0.75 × 6
        5.5
        >>> one_to_five.convert(3, to=RatingScale(minimum=0, maximum=4))  # 0 + 0.5 × 4
        2.0
        """
        if not isinstance(to, RatingScale):
            raise ValidationError.single("to", f"must be a RatingScale, got {v.describe(to)}")
        position = self.normalise(value)
        return to.minimum + position * (to.maximum - to.minimum)

    def _check_on_scale(self, value: object) -> None:
        """Raise a ValidationError at ``value`` unless it is a number on the scale."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError.single("value", f"must be a number, got {v.describe(value)}")
        if not self.contains(value):  # NaN is never on a scale
            shown = v.describe(value).partition(" ")[2]
            raise ValidationError.single("value", f"{shown} is not on the scale {self}")

    def __str__(self) -> str:
        return f"{self.minimum}-{self.maximum}"
