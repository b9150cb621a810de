"""How a goal is measured: a closed family of measure types.

``Measure`` is the union of :class:`NumericMeasure`, :class:`MilestoneMeasure`,
:class:`YesNoMeasure` and :class:`ScaleMeasure`. Each has a stable ``TAG`` used
when serialised.
"""

from __future__ import annotations

import enum
import itertools
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.scales import RatingScale

__all__ = [
    "Direction",
    "Measure",
    "MilestoneMeasure",
    "NumericMeasure",
    "ScaleMeasure",
    "YesNoMeasure",
]


class Direction(enum.Enum):
    """Whether more is better (sales) or less is better (cost, defects)."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


def _check_numeric(inst: NumericMeasure, _attr: attrs.Attribute[Any], _value: object) -> None:
    """Threshold, target and stretch must be strictly ordered in the better direction."""
    sign = 1 if inst.direction is Direction.HIGHER_IS_BETTER else -1
    word = "below" if sign == 1 else "above"
    points = [("threshold", inst.threshold), ("target", inst.target), ("stretch", inst.stretch)]
    present = [(name, value) for name, value in points if value is not None]
    for (low_name, low), (high_name, high) in itertools.pairwise(present):
        if sign * (high - low) <= 0:
            blame = high_name if low_name == "target" else low_name
            raise ValidationError.single(
                f"NumericMeasure.{blame}", f"{low_name} {low:g} must be {word} {high_name} {high:g}"
            )
    if inst.baseline is not None and sign * (inst.target - inst.baseline) <= 0:
        raise ValidationError.single(
            "NumericMeasure.baseline",
            f"baseline {inst.baseline:g} must be {word} target {inst.target:g}",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NumericMeasure:
    """A quantity with a target, and optional baseline, threshold and stretch.

    Points must be ordered in the better direction: for higher-is-better
    ``threshold < target < stretch`` and ``baseline < target``.

    >>> m = NumericMeasure(unit="EUR k", baseline=800, threshold=900, target=1000, stretch=1200)
    >>> m.direction.value
    'higher_is_better'
    >>> NumericMeasure(unit="EUR k", threshold=1100, target=1000)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: NumericMeasure.threshold: threshold 1100 must be below ...
    """

    TAG: ClassVar[str] = "numeric"

    unit: str = attrs.field(validator=v.text(max_length=100))
    target: float = attrs.field(validator=v.number())
    baseline: float | None = attrs.field(default=None, validator=v.number(optional=True))
    threshold: float | None = attrs.field(default=None, validator=v.number(optional=True))
    stretch: float | None = attrs.field(default=None, validator=v.number(optional=True))
    direction: Direction = attrs.field(
        default=Direction.HIGHER_IS_BETTER, validator=[v.member(Direction), _check_numeric]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MilestoneMeasure:
    """An ordered list of distinct steps; progress is how many are done.

    >>> MilestoneMeasure(steps=("design", "build", "launch")).steps[-1]
    'launch'
    """

    TAG: ClassVar[str] = "milestones"

    steps: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.text(max_length=500), unique=True), v.non_empty_tuple()]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class YesNoMeasure:
    """Done or not done, e.g. "certification obtained".

    >>> YesNoMeasure(question="Certification obtained?").question
    'Certification obtained?'
    """

    TAG: ClassVar[str] = "yes_no"

    question: str = attrs.field(validator=v.text(max_length=500))


def _check_target(inst: ScaleMeasure, attr: attrs.Attribute[Any], value: float) -> None:
    if not inst.scale.contains(value):
        v.fail(inst, attr, f"must lie on the scale {inst.scale}, got {value:g}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScaleMeasure:
    """Judged on a rating scale, with the level that counts as meeting it.

    >>> ScaleMeasure(scale=RatingScale(minimum=1, maximum=5), target=4).target
    4
    """

    TAG: ClassVar[str] = "scale"

    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    target: float = attrs.field(validator=[v.number(), _check_target])


Measure = NumericMeasure | MilestoneMeasure | YesNoMeasure | ScaleMeasure
"""Any measure a goal can have."""

MEASURE_TYPES: tuple[type[Measure], ...] = (
    NumericMeasure,
    MilestoneMeasure,
    YesNoMeasure,
    ScaleMeasure,
)
