"""Combining scores: weighted means, appraisal composites, goal-tree roll-ups, rating bands.

Every strategy here says what it does with a part that has no value (the
:class:`MissingRule`), shows its formula with the numbers in each result, and
lists every part's contribution. Arithmetic is exact: weights and values are
turned into fractions, summed, and rounded to a float once at the end, so the
order of the parts never changes a result and an auditor can recompute it.

This module only re-exports. The formula every combination runs, with
:class:`MissingRule`, is in ``_combiner_common``; each strategy lives in a
private module of its own over it: ``_combiner_weighted_mean``,
``_combiner_composite``, ``_combiner_rollup`` and ``_combiner_bands``.

>>> from perfcore.scoring.results import Part
>>> mean = WeightedMean()
>>> mean.combine([Part(key="sales", value=0.8, weight=60),
...               Part(key="quality", value=0.5, weight=40)]).explanation
'(60 × 0.8 + 40 × 0.5) / 100 = 0.68'
"""

from perfcore.scoring._combiner_bands import Band, BandChoice, RatingBands
from perfcore.scoring._combiner_common import MissingRule
from perfcore.scoring._combiner_composite import UNIT as UNIT  # noqa: PLC0414 - not in __all__
from perfcore.scoring._combiner_composite import Composite
from perfcore.scoring._combiner_composite import Scale as Scale  # noqa: PLC0414 - not in __all__
from perfcore.scoring._combiner_composite import (
    WeightsInput as WeightsInput,  # noqa: PLC0414 - public here, not in __all__
)
from perfcore.scoring._combiner_composite import (
    scale_text as scale_text,  # noqa: PLC0414 - not in __all__
)
from perfcore.scoring._combiner_rollup import RollUp, roll_up
from perfcore.scoring._combiner_weighted_mean import WeightedMean

__all__ = [
    "Band",
    "BandChoice",
    "Composite",
    "MissingRule",
    "RatingBands",
    "RollUp",
    "WeightedMean",
    "roll_up",
]
