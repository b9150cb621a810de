"""The appraisal and scoring names the testing kit uses, imported here and nowhere else in it.

``LENIENT_SCORING`` scores the kit's cycles and the stateful machine's: a
weighted mean that does not insist the weights total 100.
"""

from __future__ import annotations

from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.scoring import WeightedMean

__all__ = ["DEFAULT_REGISTRY", "LENIENT_SCORING", "ScoringConfig"]

LENIENT_SCORING = ScoringConfig(goal_combiner=WeightedMean(require_total=None))
"""Goal scores combined by weight; weights need not total 100."""
