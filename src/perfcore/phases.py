"""The phases of a performance cycle and the order they run in."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["NEXT_PHASE", "OPEN_PHASES", "Phase"]


class Phase(enum.Enum):
    """A cycle runs goal setting → implementation → appraisal → improvement → closed.

    ``CANCELLED`` can be reached from any open phase.
    """

    GOAL_SETTING = "goal_setting"
    IMPLEMENTATION = "implementation"
    APPRAISAL = "appraisal"
    IMPROVEMENT = "improvement"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Whether commands can still change the cycle."""
        return self in OPEN_PHASES

    @property
    def rank(self) -> int:
        """Position in the forward order; ``CANCELLED`` ranks last."""
        return list(Phase).index(self)


OPEN_PHASES: frozenset[Phase] = frozenset(
    {Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT}
)

NEXT_PHASE: Mapping[Phase, Phase] = MappingProxyType(
    {
        Phase.GOAL_SETTING: Phase.IMPLEMENTATION,
        Phase.IMPLEMENTATION: Phase.APPRAISAL,
        Phase.APPRAISAL: Phase.IMPROVEMENT,
        Phase.IMPROVEMENT: Phase.CLOSED,
    }
)
"""Where each open phase leads when its conditions are met."""
