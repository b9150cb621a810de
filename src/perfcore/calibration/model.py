"""The records of a calibration session: what is calibrated, and each rating's result."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.scales import RatingScale

__all__ = ["CalibrationDimension", "CalibrationResult", "Proposal"]


class CalibrationDimension(enum.Enum):
    """What a session calibrates."""

    OVERALL = "overall"
    """The cycle's overall score as it counts (``Cycle.effective_score``): the score
    computed from the weighted goals (and any other components), or its latest
    adjustment."""


def _on_scale(inst: Proposal, attr: attrs.Attribute[Any], value: float) -> None:
    scale = getattr(inst, "scale", None)
    if isinstance(scale, RatingScale) and not scale.contains(value):
        v.fail(
            inst,
            attr,
            f"{value:g} is off the scale {scale}",
            "out_of_range",
            {"minimum": scale.minimum, "maximum": scale.maximum},
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Proposal:
    """One cycle's rating as it came into the session: who, whose team, which value, which scale.

    ``value`` keeps its precision (a weighted score such as 3.37 is not rounded).
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    value: float = attrs.field(validator=[v.number(), _on_scale], repr=False)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibrationResult:
    """Where one rating stands in a session: proposed, calibrated now, and why it moved.

    ``reason`` is the reason of the latest move (``None`` if never moved);
    ``moves`` counts the moves, including any that brought it back. The rating
    is ``moved`` when ``calibrated`` differs from ``proposed``: those, and only
    those, are written back to their cycles when the session closes.
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    proposed: float = attrs.field(validator=v.number(), repr=False)
    calibrated: float = attrs.field(validator=v.number(), repr=False)
    moves: int = attrs.field(default=0, validator=v.integer(minimum=0))
    reason: str | None = attrs.field(default=None, validator=v.optional_text(), repr=False)

    @property
    def moved(self) -> bool:
        """The calibrated value differs from the proposed one."""
        return self.calibrated != self.proposed

    @property
    def change(self) -> float:
        """``calibrated − proposed`` (0 when not moved)."""
        return self.calibrated - self.proposed
