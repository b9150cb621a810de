"""Calibration and rater effects: how raters differ, and what to do about it.

Ratings say as much about the rater as about the person rated, so before
ratings are compared across teams HR looks at each rater's habits and
calibrates. Everything here works on :class:`~perfcore.analytics.RatingRecord`
values *on their own scale*: each rating is first placed on 0–1 through its
record's scale (``(value − minimum) / (maximum − minimum)``), and results are
re-expressed on another scale only when asked. Three habits of commercial
tools are avoided on purpose:

- calibrated values stay floats, never rounded to scale points;
- mixed scales are never silent: :func:`check_scales` lists them, and
  :func:`distribution` says when it counts in bins on 0–1 because a group
  mixes scales;
- a group below the minimum size is reported as not judged (or not
  normalised) with the reason, never dropped.

What is here:

- :func:`distribution`: count, mean, sample SD, median, range and the counts per
  rating value (or per bin) per group, next to the whole organisation.
- :func:`rater_effects`: leniency ``(mean_r − mean_all) / s_pooled``, range
  restriction ``sd_r / s_pooled``, the share of ratings at the scale midpoint,
  and a halo indicator.
- :func:`z_normalise`: per-rater z-scores ``(x − μ_r) / σ_r`` re-expressed as
  ``μ_org + z·σ_org``.
- :func:`convert` and :func:`check_scales`: ratings on another scale, and the
  scales found.
- :func:`guided_distribution`: a guided (forced) distribution such as 20/70/10,
  with targets rounded by largest remainder; it warns, it never blocks.
- :func:`self_manager_gaps`: self − manager gaps, flagged relative to the
  distribution of gaps.

This module only re-exports. Each function lives with its records in a
private module: ``_calibration_distribution``, ``_calibration_raters``,
``_calibration_zscore`` (its column-wise helpers in ``_calibration_bulk``),
``_calibration_scales``, ``_calibration_guided`` and ``_calibration_gaps``;
what they share (formatting, argument checks, grouping) is in
``_calibration_common``, and none of them imports another.

Statistics: every mean is ``math.fsum(values) / n``; every SD is the sample
standard deviation (divisor ``n − 1``, :func:`statistics.stdev`), ``None`` for
fewer than two values. Groups are listed sorted by name, with the records that
fall in no group (see :func:`~perfcore.analytics.group_of`) last.

Worked example: three managers on a 1–5 scale. m1 gives 3, 3, 3, 5; m2 gives
2, 2, 2, 3; m3 rated only three people. Across all 11 ratings the mean is 3
(0.5 on 0–1) and the sample SD 1 (0.25 on 0–1).

>>> from perfcore.analytics import RatingRecord
>>> data = {"m1": [3, 3, 3, 5], "m2": [2, 2, 2, 3], "m3": [2, 4, 4]}
>>> ratings = [RatingRecord(employee_id=f"{m}-e{i}", rater_id=m, value=x)
...            for m, xs in data.items() for i, x in enumerate(xs)]
>>> effects = rater_effects(ratings)
>>> (effects.mean_all, effects.s_pooled)
(0.5, 0.25)
>>> [(r.group, r.judged, r.leniency, r.range_restriction) for r in effects.raters]
[('m1', True, 0.5, 1.0), ('m2', True, -0.75, 0.5), ('m3', False, None, None)]
>>> [(c.record.value, c.z, c.calibrated) for c in z_normalise(ratings)[3:5]]
[(5, 1.5, 0.875), (2, -0.5, 0.375)]
"""

from perfcore.analytics._calibration_distribution import (
    DEFAULT_BINS,
    Distribution,
    DistributionRow,
    distribution,
)
from perfcore.analytics._calibration_gaps import (
    GapPair,
    SelfManagerGaps,
    UnpairedRating,
    self_manager_gaps,
)
from perfcore.analytics._calibration_guided import (
    GuidedBand,
    GuidedDistribution,
    guided_distribution,
)
from perfcore.analytics._calibration_raters import RaterEffect, RaterEffects, rater_effects
from perfcore.analytics._calibration_scales import (
    ConvertedRating,
    ScaleCheck,
    ScaleUse,
    check_scales,
    convert,
)
from perfcore.analytics._calibration_zscore import CalibratedRating, z_calibrate, z_normalise

__all__ = [
    "DEFAULT_BINS",
    "CalibratedRating",
    "ConvertedRating",
    "Distribution",
    "DistributionRow",
    "GapPair",
    "GuidedBand",
    "GuidedDistribution",
    "RaterEffect",
    "RaterEffects",
    "ScaleCheck",
    "ScaleUse",
    "SelfManagerGaps",
    "UnpairedRating",
    "check_scales",
    "convert",
    "distribution",
    "guided_distribution",
    "rater_effects",
    "self_manager_gaps",
    "z_calibrate",
    "z_normalise",
]
