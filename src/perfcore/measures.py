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
                f"NumericMeasure.{blame}",
                f"{low_name} {low:g} must be {word} {high_name} {high:g}{_how(inst.direction)}",
            )
    if inst.baseline is not None and sign * (inst.target - inst.baseline) <= 0:
        raise ValidationError.single(
            "NumericMeasure.baseline",
            f"baseline {inst.baseline:g} must be {word} target {inst.target:g}"
            f"{_how(inst.direction)}",
        )


def _how(direction: Direction) -> str:
    """How to state the other direction, for an error about the order of the points."""
    if direction is Direction.HIGHER_IS_BETTER:
        return (
            " when higher is better; if lower is better, pass"
            " direction=Direction.LOWER_IS_BETTER and put the baseline and threshold above"
            " the target and the stretch below it"
        )
    return (
        " when lower is better; if higher is better, pass"
        " direction=Direction.HIGHER_IS_BETTER and put the baseline and threshold below"
        " the target and the stretch above it"
    )


def _inferred_direction(measure: NumericMeasure) -> Direction:
    """The direction the points give: lower is better only if every point says so.

    A baseline or threshold above the target, or a stretch below it, says lower
    is better; with no point, or points that disagree, higher is better.
    Points that disagree are then refused by the order check, whose message says how to
    state the direction.
    """
    target = measure.target
    if not v.is_number(target):
        return Direction.HIGHER_IS_BETTER
    votes: set[bool] = set()
    for name in ("baseline", "threshold", "stretch"):
        point = getattr(measure, name)
        if not v.is_number(point) or point == target:
            continue
        lower = point > target if name != "stretch" else point < target
        votes.add(lower)
    return Direction.LOWER_IS_BETTER if votes == {True} else Direction.HIGHER_IS_BETTER


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NumericMeasure:
    """A quantity with a target, and optional baseline, threshold and stretch.

    Points must be ordered in the better direction: for higher-is-better
    ``threshold < target < stretch`` and ``baseline < target``; for
    lower-is-better the other way round. When ``direction`` is not given it is
    inferred from the points: lower is better when the baseline or threshold
    lies above the target or the stretch below it (and no point says the
    opposite), otherwise higher is better.

    >>> m = NumericMeasure(unit="EUR k", baseline=800, threshold=900, target=1000, stretch=1200)
    >>> m.direction.value
    'higher_is_better'
    >>> NumericMeasure(unit="days", baseline=10, target=4).direction.value
    'lower_is_better'

    Points that disagree cannot be inferred; the error says how to state the direction:

    >>> NumericMeasure(unit="days", baseline=10, target=4, stretch=6)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: NumericMeasure.baseline: baseline 10 must be below
    target 4 when higher is better; if lower is better, pass direction=Direction.LOWER_IS_BETTER
    and put the baseline and threshold above the target and the stretch below it
    """

    TAG: ClassVar[str] = "numeric"

    unit: str = attrs.field(validator=v.text(max_length=100))
    target: float = attrs.field(validator=v.number())
    baseline: float | None = attrs.field(default=None, validator=v.number(optional=True))
    threshold: float | None = attrs.field(default=None, validator=v.number(optional=True))
    stretch: float | None = attrs.field(default=None, validator=v.number(optional=True))
    direction: Direction = attrs.field(
        default=attrs.Factory(_inferred_direction, takes_self=True),
        validator=[v.member(Direction), _check_numeric],
    )
    """Whether more or less is better; inferred from the points when not given."""


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
