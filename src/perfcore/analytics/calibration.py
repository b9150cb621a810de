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

from __future__ import annotations

import bisect
import itertools
import math
import operator
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_bulk import build_unchecked, drain, exact_sd, run_starts
from perfcore.analytics.records import GroupKey, RatingRecord, group_of
from perfcore.errors import Problem, ValidationError
from perfcore.scales import RatingScale
from perfcore.scoring import RatingBands

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

DEFAULT_BINS = 5
"""Equal-width bins on 0–1 that :func:`distribution` counts in when a group mixes scales."""

_MAX_POINTS = 101
"""Scales with up to this many points list every point in per-value counts."""

_SUM_TOLERANCE = 1e-9
"""How far guided-distribution target fractions may sum from 1."""


# --- shared helpers --------------------------------------------------------------------------


def _fmt(number: float) -> str:
    """A number for an explanation: 4, 2.5, 0.333333 (never ``-0``)."""
    return f"{float(number) + 0.0:.6g}"


def _point(value: float) -> str:
    """A rating value as a label: ``3`` for 3 or 3.0, ``3.5``; exact, unlike :func:`_fmt`."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _is_number(value: object) -> bool:
    """A finite ``int`` or ``float``, never ``bool``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _shown(value: object) -> str:
    """A bad value for a message, without its type: ``-1``, ``'x'``."""
    return v.describe(value).partition(" ")[2]


def _ratings(n: int) -> str:
    """``1 rating``, ``3 ratings``."""
    return f"{n} rating{'' if n == 1 else 's'}"


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation, or ``None`` for fewer than two values."""
    return statistics.stdev(values) if len(values) >= 2 else None


def _check_records(records: object, name: str = "records") -> tuple[RatingRecord, ...]:
    """``records`` as a tuple of RatingRecord, or a ValidationError naming ``name``."""
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError.single(
            name, f"must be an iterable of RatingRecord, got {v.describe(records)}"
        )
    items = tuple(records)
    problems = [
        Problem(path=f"{name}[{i}]", message=f"must be a RatingRecord, got {v.describe(item)}")
        for i, item in enumerate(items)
        if not isinstance(item, RatingRecord)
    ]
    if problems:
        raise ValidationError(problems)
    return items


def _check_by(by: object) -> None:
    if by is None or isinstance(by, Mapping):
        return
    if isinstance(by, str):
        if by not in attrs.fields_dict(RatingRecord):
            fields = ", ".join(sorted(attrs.fields_dict(RatingRecord)))
            raise ValidationError.single(
                "by", f"RatingRecord has no field {by!r} to group by (fields: {fields})"
            )
        return
    if not callable(by):
        raise ValidationError.single(
            "by", f"must be a field name, a mapping or a function, got {v.describe(by)}"
        )


def _check_min_group_size(min_group_size: object) -> int:
    if (
        isinstance(min_group_size, bool)
        or not isinstance(min_group_size, int)
        or min_group_size < 2
    ):
        raise ValidationError.single(
            "min_group_size", f"must be a whole number of at least 2, got {_shown(min_group_size)}"
        )
    return min_group_size


def _check_scale(scale: object, name: str, *, optional: bool = False) -> RatingScale | None:
    if scale is None and optional:
        return None
    if not isinstance(scale, RatingScale):
        raise ValidationError.single(name, f"must be a RatingScale, got {v.describe(scale)}")
    return scale


def _grouped(
    records: Sequence[RatingRecord], by: GroupKey
) -> tuple[list[tuple[str, list[int]]], list[int]]:
    """Indices of ``records`` per group (sorted by group), and those in no group."""
    groups: dict[str, list[int]] = {}
    ungrouped: list[int] = []
    for index, record in enumerate(records):
        group = group_of(record, by)
        if group is None:
            ungrouped.append(index)
        elif not group.strip():
            raise ValidationError.single("by", f"gave a blank group name for records[{index}]")
        else:
            groups.setdefault(group, []).append(index)
    return sorted(groups.items()), ungrouped


def _by_text(by: GroupKey) -> str:
    if by is None:
        return "one group"
    if isinstance(by, str):
        return f"by={by!r}"
    if isinstance(by, Mapping):
        return "the mapping given as by"
    return "the function given as by"


def _scale_name(scale: RatingScale) -> str:
    """``1-5``, or ``1-5 (labelled)`` to tell it from an unlabelled 1-5."""
    return f"{scale}{' (labelled)' if scale.labels else ''}"


def _scale_text(scales: Iterable[RatingScale]) -> str:
    return ", ".join(_scale_name(s) for s in sorted(scales, key=_scale_key))


def _scale_key(scale: RatingScale) -> tuple[int, int, tuple[str, ...]]:
    return (scale.minimum, scale.maximum, scale.labels)


def _one_of(*options: str) -> v.Validator:
    """One of the ``options`` strings."""

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value not in options:
            allowed = ", ".join(map(repr, options))
            v.fail(inst, attr, f"must be one of {allowed}, got {v.describe(value)}")

    return check


def _optional_scale(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    v.instance(RatingScale, optional=True)(inst, attr, value)


@attrs.frozen(kw_only=True)
class _Reference:
    """The organisation's mean and sample SD, and the settings a group is judged by."""

    mean: float | None
    sd: float | None
    min_group_size: int
    by: GroupKey
    target: RatingScale | None = None

    def reason_not_judged(self, group: str | None, count: int) -> str | None:
        """Why a group cannot be judged on its own, if it cannot."""
        if group is None:
            return f"no value for the grouping key ({_by_text(self.by)})"
        if count < self.min_group_size:
            return f"{_ratings(count)}, below the minimum of {self.min_group_size}"
        return None


# --- distribution ----------------------------------------------------------------------------


def _check_counts(
    inst: object, attr: attrs.Attribute[Any], value: tuple[tuple[str, int], ...]
) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of (label, count) pairs, got {v.describe(value)}")
    for index, pair in enumerate(value):
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or not isinstance(pair[0], str)
            or isinstance(pair[1], bool)
            or not isinstance(pair[1], int)
            or pair[1] < 0
        ):
            v.fail(inst, attr, f"item {index} must be a (label, count) pair, got {_shown(pair)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class DistributionRow:
    """The ratings of one group (or of the whole organisation), on 0–1.

    ``scope`` is ``"organisation"`` (every record), ``"group"`` or
    ``"ungrouped"`` (the records with no value for the grouping key; ``group``
    is ``None`` for these and for the organisation). ``mean``, ``sd`` (sample),
    ``median``, ``minimum`` and ``maximum`` are of the normalised values;
    ``sd`` is ``None`` below two ratings, the others below one.

    ``counts`` pairs a label with a count. ``counted_by`` says what was
    counted: ``"value"`` when every record shares one ``scale`` (then each
    point of the scale, plus any value between points that occurs), or
    ``"bin"`` for bins on 0–1, labelled ``"0-0.2"`` (each holds its lower
    bound; the last also holds 1). ``note`` says why.

    >>> row = DistributionRow(scope="group", group="m1", count=2, mean=0.5, sd=0.353553,
    ...     median=0.5, minimum=0.25, maximum=0.75, counted_by="value",
    ...     scale=RatingScale(minimum=1, maximum=5),
    ...     counts=(("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 0)), note="one scale")
    >>> row.as_record()["count 4"], row.as_record()["scale"]
    (1, '1-5')
    """

    scope: Literal["organisation", "group", "ungrouped"] = attrs.field(
        validator=_one_of("organisation", "group", "ungrouped")
    )
    group: str | None = attrs.field(validator=v.optional_text())
    count: int = attrs.field(validator=v.integer(minimum=0))
    mean: float | None = attrs.field(validator=v.number(optional=True))
    sd: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    median: float | None = attrs.field(validator=v.number(optional=True))
    minimum: float | None = attrs.field(validator=v.number(optional=True))
    maximum: float | None = attrs.field(validator=v.number(optional=True))
    counted_by: Literal["value", "bin"] = attrs.field(validator=_one_of("value", "bin"))
    scale: RatingScale | None = attrs.field(validator=_optional_scale)
    counts: tuple[tuple[str, int], ...] = attrs.field(validator=_check_counts)
    note: str = attrs.field(validator=v.text())

    def as_record(self) -> dict[str, Any]:
        """A flat row; each count becomes a column ``"count <label>"``."""
        row: dict[str, Any] = {
            "scope": self.scope,
            "group": self.group,
            "count": self.count,
            "mean": self.mean,
            "sd": self.sd,
            "median": self.median,
            "min": self.minimum,
            "max": self.maximum,
            "counted_by": self.counted_by,
            "scale": None if self.scale is None else str(self.scale),
        }
        row.update({f"count {label}": n for label, n in self.counts})
        row["note"] = self.note
        return row


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Distribution:
    """Rating distributions: the organisation first, then each group, then the ungrouped.

    >>> from perfcore.analytics import RatingRecord
    >>> result = distribution([RatingRecord(employee_id="e1", rater_id="m1", value=4)])
    >>> result.organisation.mean, result.group("m1").count, result.group("m9")
    (0.75, 1, None)
    """

    rows: tuple[DistributionRow, ...] = attrs.field(
        validator=[v.tuple_of(DistributionRow), v.non_empty_tuple()]
    )

    @property
    def organisation(self) -> DistributionRow:
        """The row of all records."""
        return self.rows[0]

    @property
    def groups(self) -> tuple[DistributionRow, ...]:
        """The rows of the groups, sorted by group name."""
        return tuple(row for row in self.rows if row.scope == "group")

    @property
    def ungrouped(self) -> DistributionRow | None:
        """The row of the records in no group, if there are any."""
        return next((row for row in self.rows if row.scope == "ungrouped"), None)

    def group(self, name: str) -> DistributionRow | None:
        """The row of the group ``name``, if it has one."""
        return next((row for row in self.groups if row.group == name), None)

    def as_records(self) -> list[dict[str, Any]]:
        """Every row flattened (see :meth:`DistributionRow.as_record`)."""
        return [row.as_record() for row in self.rows]


def _check_bins(bins: object) -> tuple[float, ...] | None:
    """Bin edges on 0–1 from ``bins``, or ``None`` to count per value where possible."""
    if bins is None:
        return None
    if isinstance(bins, int) and not isinstance(bins, bool):
        if not 1 <= bins <= 1000:
            raise ValidationError.single(
                "bins", f"a number of bins must be from 1 to 1000, got {bins}"
            )
        return tuple(i / bins for i in range(bins + 1))
    if isinstance(bins, str | bytes | Mapping) or not isinstance(bins, Sequence):
        raise ValidationError.single(
            "bins",
            f"must be None, a number of equal bins or ascending edges from 0 to 1,"
            f" got {v.describe(bins)}",
        )
    edges = tuple(bins)
    if len(edges) < 2:
        raise ValidationError.single("bins", f"needs at least 2 edges, got {len(edges)}")
    for index, edge in enumerate(edges):
        if not _is_number(edge) or not 0 <= edge <= 1:
            raise ValidationError.single(
                f"bins[{index}]", f"must be a number from 0 to 1, got {v.describe(edge)}"
            )
        if index and edge <= edges[index - 1]:
            raise ValidationError.single(
                f"bins[{index}]", f"{_fmt(edge)} must be above the previous edge"
            )
    if edges[0] != 0 or edges[-1] != 1:
        raise ValidationError.single(
            "bins", f"edges must run from 0 to 1, got {_fmt(edges[0])} to {_fmt(edges[-1])}"
        )
    return tuple(float(edge) for edge in edges)


def _bin_counts(values: Sequence[float], edges: Sequence[float]) -> tuple[tuple[str, int], ...]:
    counts = [0] * (len(edges) - 1)
    for value in values:
        counts[min(bisect.bisect_right(edges, value) - 1, len(counts) - 1)] += 1
    return tuple(
        (f"{_fmt(low)}-{_fmt(high)}", n)
        for (low, high), n in zip(itertools.pairwise(edges), counts, strict=True)
    )


def _value_counts(items: Sequence[RatingRecord], scale: RatingScale) -> tuple[tuple[str, int], ...]:
    counts: dict[float, int] = {}
    if scale.maximum - scale.minimum < _MAX_POINTS:
        counts = {float(point): 0 for point in range(scale.minimum, scale.maximum + 1)}
    for record in items:
        counts[float(record.value)] = counts.get(float(record.value), 0) + 1
    return tuple((_point(value), counts[value]) for value in sorted(counts))


def _distribution_row(
    scope: Literal["organisation", "group", "ungrouped"],
    group: str | None,
    items: Sequence[RatingRecord],
    edges: tuple[float, ...] | None,
) -> DistributionRow:
    values = sorted(record.normalised for record in items)
    scales = {record.scale for record in items}
    shared = next(iter(scales)) if len(scales) == 1 else None
    if edges is None and shared is not None:
        counted_by: Literal["value", "bin"] = "value"
        counts = _value_counts(items, shared)
        note = f"one scale ({_scale_name(shared)}): counted per value"
    else:
        counted_by = "bin"
        bins = edges or tuple(i / DEFAULT_BINS for i in range(DEFAULT_BINS + 1))
        counts = _bin_counts(values, bins)
        where = f"{len(bins) - 1} bins on 0-1"
        if edges is not None:
            note = f"counted in the {where} asked for"
        elif scales:
            note = f"{len(scales)} scales ({_scale_text(scales)}): counted in {where}"
        else:
            note = f"no ratings: counted in {where}"
    return DistributionRow(
        scope=scope,
        group=group,
        count=len(values),
        mean=_mean(values) if values else None,
        sd=_sd(values),
        median=statistics.median(values) if values else None,
        minimum=values[0] if values else None,
        maximum=values[-1] if values else None,
        counted_by=counted_by,
        scale=shared,
        counts=counts,
        note=note,
    )


def distribution(
    records: Iterable[RatingRecord],
    *,
    by: GroupKey = "rater_id",
    bins: int | Sequence[float] | None = None,
) -> Distribution:
    """Count, mean, SD, median, range and counts per value of each group, beside the organisation.

    ``by`` groups the records (a field name, a mapping from employee id, a
    function, or ``None``; see :data:`~perfcore.analytics.GroupKey`).
    Statistics are of the normalised values (0–1). Counts are per rating value
    when every record of a row shares one scale; otherwise, or when ``bins``
    is given, per bin on 0–1. ``bins`` is a number of equal-width bins or the
    ascending edges from 0 to 1; without it a row mixing scales is counted in
    :data:`DEFAULT_BINS` bins. Records in no group get an ``"ungrouped"`` row.
    No records give an organisation row with count 0.

    >>> from perfcore.analytics import RatingRecord
    >>> zero_to_four = RatingScale(minimum=0, maximum=4)
    >>> result = distribution([RatingRecord(employee_id="e1", rater_id="m1", value=4),
    ...                        RatingRecord(employee_id="e2", rater_id="m1", value=2),
    ...                        RatingRecord(employee_id="e3", rater_id="m2", value=4,
    ...                                     scale=zero_to_four)])
    >>> m1 = result.group("m1")
    >>> m1.counted_by, m1.counts, m1.mean
    ('value', (('1', 0), ('2', 1), ('3', 0), ('4', 1), ('5', 0)), 0.5)
    >>> result.organisation.counted_by, result.organisation.counts
    ('bin', (('0-0.2', 0), ('0.2-0.4', 1), ('0.4-0.6', 0), ('0.6-0.8', 1), ('0.8-1', 1)))
    >>> result.organisation.note
    '2 scales (0-4, 1-5): counted in 5 bins on 0-1'
    """
    items = _check_records(records)
    _check_by(by)
    edges = _check_bins(bins)
    groups, ungrouped = _grouped(items, by)
    rows = [_distribution_row("organisation", None, items, edges)]
    rows.extend(
        _distribution_row("group", name, [items[i] for i in indices], edges)
        for name, indices in groups
    )
    if ungrouped:
        rows.append(_distribution_row("ungrouped", None, [items[i] for i in ungrouped], edges))
    return Distribution(rows=tuple(rows))


# --- rater effects ---------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RaterEffect:
    """One rater's (or group's) habits, compared with the whole organisation.

    ``count``, ``mean`` and ``sd`` (sample) describe the group's normalised
    ratings. When ``judged``:

    - ``leniency = (mean − mean_all) / s_pooled``: above 0 lenient, below 0 severe;
    - ``range_restriction = sd / s_pooled``: below 1 the rater uses less of
      the scale than the organisation (central tendency when the mean is
      near the middle);
    - ``midpoint_share``: the share of ratings exactly at the midpoint of their
      scale (3 on 1–5; on a scale with an even number of points, such as
      1–4, only ratings of exactly 2.5 count);
    - ``halo``: the mean correlation, over pairs of dimensions, between the
      rater's ratings of the same employees on the two dimensions; near 1 the
      rater hardly tells the dimensions apart. ``None`` with ``halo_reason``
      when it cannot be computed; ``halo_pairs`` dimension pairs were used.

    A group is not judged (``judged`` false, indices ``None``, ``reason`` set)
    when it has fewer ratings than the minimum, when its records have no value
    for the grouping key (``group`` is ``None``), or when the organisation's
    ratings do not vary.

    >>> RaterEffect(group="m3", count=3, mean=0.25, sd=0.1, judged=False,
    ...     reason="3 ratings, below the minimum of 4", explanation="m3: not judged").as_record()
    ... # doctest: +ELLIPSIS
    {'group': 'm3', 'count': 3, 'mean': 0.25, 'sd': 0.1, 'judged': False, ...}
    """

    group: str | None = attrs.field(validator=v.optional_text())
    count: int = attrs.field(validator=v.integer(minimum=1))
    mean: float = attrs.field(validator=v.number())
    sd: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    judged: bool = attrs.field(validator=v.boolean())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())
    leniency: float | None = attrs.field(default=None, validator=v.number(optional=True))
    range_restriction: float | None = attrs.field(
        default=None, validator=v.number(minimum=0, optional=True)
    )
    midpoint_share: float | None = attrs.field(
        default=None, validator=v.number(minimum=0, maximum=1, optional=True)
    )
    halo: float | None = attrs.field(
        default=None, validator=v.number(minimum=-1, maximum=1, optional=True)
    )
    halo_reason: str | None = attrs.field(default=None, validator=v.optional_text())
    halo_pairs: int = attrs.field(default=0, validator=v.integer(minimum=0))
    explanation: str = attrs.field(validator=v.text())

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "group": self.group,
            "count": self.count,
            "mean": self.mean,
            "sd": self.sd,
            "judged": self.judged,
            "reason": self.reason,
            "leniency": self.leniency,
            "range_restriction": self.range_restriction,
            "midpoint_share": self.midpoint_share,
            "halo": self.halo,
            "halo_reason": self.halo_reason,
            "halo_pairs": self.halo_pairs,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RaterEffects:
    """Rater effects of every group, against the organisation's ``mean_all`` and ``s_pooled``.

    ``mean_all`` and ``s_pooled`` are the mean and the sample SD of all
    ``count`` normalised ratings, every group's included (``None`` when there
    are too few). ``raters`` lists every group, judged or not, sorted by
    name, the records in no group last.

    >>> RaterEffects(count=0, mean_all=None, s_pooled=None, min_group_size=4, raters=(),
    ...              explanation="no ratings").judged
    ()
    """

    count: int = attrs.field(validator=v.integer(minimum=0))
    mean_all: float | None = attrs.field(validator=v.number(optional=True))
    s_pooled: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    min_group_size: int = attrs.field(validator=v.integer(minimum=2))
    raters: tuple[RaterEffect, ...] = attrs.field(validator=v.tuple_of(RaterEffect))
    explanation: str = attrs.field(validator=v.text())

    @property
    def judged(self) -> tuple[RaterEffect, ...]:
        """The groups large enough to judge."""
        return tuple(r for r in self.raters if r.judged)

    @property
    def not_judged(self) -> tuple[RaterEffect, ...]:
        """The groups not judged, each with its reason."""
        return tuple(r for r in self.raters if not r.judged)

    def rater(self, group: str) -> RaterEffect | None:
        """The effects of ``group`` (a rater id when grouping by rater), if it rated."""
        return next((r for r in self.raters if r.group == group), None)

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per group (see :meth:`RaterEffect.as_record`)."""
        return [r.as_record() for r in self.raters]


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or ``None`` when either side does not vary."""
    mx, my = _mean(xs), _mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _halo(items: Sequence[RatingRecord]) -> tuple[float | None, str | None, int, str]:
    """The halo indicator of one rater's records: value, reason, pairs used, arithmetic."""
    cells: dict[tuple[str, str, str], dict[str, list[float]]] = {}
    for record in items:
        unit = (record.rater_id, record.employee_id, record.cycle_id or "")
        cells.setdefault(unit, {}).setdefault(record.dimension, []).append(record.normalised)
    dimensions = sorted({record.dimension for record in items})
    if len(dimensions) < 2:
        reason = f"rated one dimension only ({dimensions[0]!r}); needs 2 or more"
        return None, reason, 0, f"no halo: {reason}"
    rated_twice = sum(1 for by_dimension in cells.values() if len(by_dimension) >= 2)
    if rated_twice < 3:
        reason = f"rated {rated_twice} employee(s) on 2 or more dimensions; needs 3 or more"
        return None, reason, 0, f"no halo: {reason}"
    found: list[tuple[str, str, float]] = []
    for first, second in itertools.combinations(dimensions, 2):
        both = sorted(unit for unit, d in cells.items() if first in d and second in d)
        if len(both) < 3:
            continue
        r = _correlation(
            [_mean(cells[unit][first]) for unit in both],
            [_mean(cells[unit][second]) for unit in both],
        )
        if r is not None:
            found.append((first, second, r))
    if not found:
        reason = "no pair of dimensions has 3 or more employees rated on both, varying on each"
        return None, reason, 0, f"no halo: {reason}"
    halo = math.fsum(r for _, _, r in found) / len(found)
    terms = ", ".join(f"r({a}, {b}) = {_fmt(r)}" for a, b, r in found)
    return halo, None, len(found), f"halo: mean of {terms} = {_fmt(halo)}"


def _rater_effect(group: str | None, items: Sequence[RatingRecord], ref: _Reference) -> RaterEffect:
    mean_all, s_pooled = ref.mean, ref.sd
    values = sorted(record.normalised for record in items)
    mean, sd = _mean(values), _sd(values)
    name = group if group is not None else "(no group)"
    described = f"{name}: {_ratings(len(values))}, mean {_fmt(mean)}" + (
        f", sd {_fmt(sd)}" if sd is not None else ""
    )
    reason = ref.reason_not_judged(group, len(values))
    if reason is None and not s_pooled:
        reason = "the organisation's ratings do not vary (s_pooled = 0)"
    if reason is not None or sd is None or mean_all is None or not s_pooled:
        return RaterEffect(
            group=group,
            count=len(values),
            mean=mean,
            sd=sd,
            judged=False,
            reason=reason,
            halo_reason="not judged",
            explanation=f"{described}; not judged: {reason}",
        )
    leniency = (mean - mean_all) / s_pooled
    restriction = sd / s_pooled
    at_midpoint = sum(1 for r in items if 2 * r.value == r.scale.minimum + r.scale.maximum)
    share = at_midpoint / len(values)
    halo, halo_reason, pairs, halo_text = _halo(items)
    explanation = (
        f"{described}; leniency ({_fmt(mean)} − {_fmt(mean_all)}) / {_fmt(s_pooled)}"
        f" = {_fmt(leniency)}; range restriction {_fmt(sd)} / {_fmt(s_pooled)}"
        f" = {_fmt(restriction)}; at the midpoint {at_midpoint} of {len(values)}"
        f" = {_fmt(share)}; {halo_text}"
    )
    return RaterEffect(
        group=group,
        count=len(values),
        mean=mean,
        sd=sd,
        judged=True,
        leniency=leniency,
        range_restriction=restriction,
        midpoint_share=share,
        halo=halo,
        halo_reason=halo_reason,
        halo_pairs=pairs,
        explanation=explanation,
    )


def rater_effects(
    records: Iterable[RatingRecord], *, by: GroupKey = "rater_id", min_group_size: int = 4
) -> RaterEffects:
    """Leniency, range restriction, central tendency and halo of each rater.

    ``mean_all`` is the mean and ``s_pooled`` the sample SD of *all*
    normalised ratings (every group's, including the small ones). For a group
    with at least ``min_group_size`` ratings (default 4; at least 2):
    leniency ``(mean_r − mean_all) / s_pooled``, range restriction
    ``sd_r / s_pooled``, the share of ratings at the scale midpoint, and the
    halo indicator (see :class:`RaterEffect`). Smaller groups, and records in
    no group, are listed with ``judged=False`` and the reason.

    The halo indicator looks at the same employee (in the same cycle) rated by
    the same rater on several dimensions: for every pair of dimensions with at least 3 employees
    rated on both, Pearson's r between the two dimensions' ratings; the
    indicator is the mean r. A rater who rated an employee twice on one
    dimension counts the mean of the two. It needs 2 or more dimensions and 3
    or more employees, else it is ``None`` with ``halo_reason``. Pass the
    ratings of one role (usually managers'): self-ratings grouped by rater are
    groups of one.

    >>> from perfcore.analytics import RatingRecord
    >>> ratings = [RatingRecord(employee_id=e, rater_id="m1", dimension=d, value=x)
    ...            for e, d, x in [("e1", "delivery", 2), ("e2", "delivery", 3),
    ...                            ("e3", "delivery", 4), ("e1", "teamwork", 4),
    ...                            ("e2", "teamwork", 2), ("e3", "teamwork", 3)]]
    >>> m1 = rater_effects(ratings).rater("m1")
    >>> m1.halo, m1.halo_pairs
    (-0.5, 1)
    """
    items = _check_records(records)
    _check_by(by)
    minimum = _check_min_group_size(min_group_size)
    groups, ungrouped = _grouped(items, by)
    values = [record.normalised for record in items]
    mean_all = _mean(values) if values else None
    s_pooled = _sd(values)
    ref = _Reference(mean=mean_all, sd=s_pooled, min_group_size=minimum, by=by)
    raters = [_rater_effect(name, [items[i] for i in idx], ref) for name, idx in groups]
    if ungrouped:
        raters.append(_rater_effect(None, [items[i] for i in ungrouped], ref))
    judged = sum(1 for rater in raters if rater.judged)
    if mean_all is None:
        explanation = "no ratings"
    else:
        pooled = (
            "s_pooled undefined (one rating)" if s_pooled is None else f"s_pooled {_fmt(s_pooled)}"
        )
        explanation = (
            f"{len(values)} ratings: mean_all {_fmt(mean_all)}, {pooled} (sample SD of all);"
            f" {judged} of {len(raters)} groups judged (minimum {minimum} ratings)"
        )
    return RaterEffects(
        count=len(values),
        mean_all=mean_all,
        s_pooled=s_pooled,
        min_group_size=minimum,
        raters=tuple(raters),
        explanation=explanation,
    )


# --- z-score normalisation -------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibratedRating:
    """One rating after per-rater z-score normalisation.

    When ``normalised``: ``z = (x − group_mean) / group_sd`` on the record's
    normalised value ``x``, and ``calibrated = org_mean + z × org_sd`` on 0–1.
    Otherwise ``reason`` says why (group too small, no spread, no group) and
    ``calibrated`` is ``x`` unchanged. ``target_value`` is ``calibrated``
    laid onto ``target_scale`` (``minimum + calibrated × (maximum − minimum)``)
    when one was asked for. Nothing is rounded, and nothing is clipped:
    ``outside_scale`` says when a calibrated value lies beyond 0–1.

    >>> from perfcore.analytics import RatingRecord
    >>> r = RatingRecord(employee_id="e1", rater_id="m1", value=5)
    >>> c = CalibratedRating(record=r, group="m1", normalised=True, z=1.5, calibrated=0.875,
    ...     group_mean=0.625, group_sd=0.25, org_mean=0.5, org_sd=0.25, explanation="...")
    >>> c.as_record()["calibrated"], c.outside_scale
    (0.875, False)
    """

    record: RatingRecord = attrs.field(validator=v.instance(RatingRecord))
    group: str | None = attrs.field(validator=v.optional_text())
    normalised: bool = attrs.field(validator=v.boolean())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())
    z: float | None = attrs.field(default=None, validator=v.number(optional=True))
    calibrated: float = attrs.field(validator=v.number())
    target_scale: RatingScale | None = attrs.field(default=None, validator=_optional_scale)
    target_value: float | None = attrs.field(default=None, validator=v.number(optional=True))
    group_mean: float | None = attrs.field(default=None, validator=v.number(optional=True))
    group_sd: float | None = attrs.field(default=None, validator=v.number(optional=True))
    org_mean: float | None = attrs.field(default=None, validator=v.number(optional=True))
    org_sd: float | None = attrs.field(default=None, validator=v.number(optional=True))
    explanation: str = attrs.field(validator=v.text())

    @property
    def outside_scale(self) -> bool:
        """Whether the calibrated value lies beyond 0–1 (kept, not clipped)."""
        return not 0 <= self.calibrated <= 1

    def as_record(self) -> dict[str, Any]:
        """The rating's own columns, then the calibration's (``is_normalised``, ``z``, ...)."""
        row = self.record.as_record()
        row.update(
            {
                "group": self.group,
                "is_normalised": self.normalised,
                "reason": self.reason,
                "z": self.z,
                "calibrated": self.calibrated,
                "outside_scale": self.outside_scale,
                "target_scale": None if self.target_scale is None else str(self.target_scale),
                "target_value": self.target_value,
                "group_mean": self.group_mean,
                "group_sd": self.group_sd,
                "org_mean": self.org_mean,
                "org_sd": self.org_sd,
            }
        )
        return row


def _on_target(position: float, target: RatingScale | None) -> tuple[float | None, str]:
    if target is None:
        return None, ""
    value = target.minimum + position * (target.maximum - target.minimum)
    return value, (
        f"; on {target}: {target.minimum} + {_fmt(position)} × {target.maximum - target.minimum}"
        f" = {_fmt(value)}"
    )


_Row = tuple[
    str | None, bool, str | None, float | None, float, float | None, float, float | None, str
]
"""The fields of a :class:`CalibratedRating` that vary from rating to rating, in this order."""

_ROW_FIELDS = (
    "group",
    "normalised",
    "reason",
    "z",
    "calibrated",
    "target_value",
    "group_mean",
    "group_sd",
    "explanation",
)


def _blank_group(index: int) -> ValidationError:
    return ValidationError.single("by", f"gave a blank group name for records[{index}]")


def _group_keys(items: Sequence[RatingRecord], by: GroupKey) -> list[str | None]:
    """The group of each record (see :func:`~perfcore.analytics.group_of`); blank names refused.

    The first record (in input order) with a blank group name is the one named.
    """
    if by is None:
        return ["all"] * len(items)
    if not isinstance(by, str):
        keys: list[str | None] = []
        for index, record in enumerate(items):
            group = group_of(record, by)
            if group is not None and not group.strip():
                raise _blank_group(index)
            keys.append(group)
        return keys
    raw = list(map(operator.attrgetter(by), items))
    keys = (
        raw
        if set(map(type, raw)) <= _GROUP_TYPES
        else [None if key is None else str(key) for key in raw]
    )
    for group in dict.fromkeys(keys):  # in order of first appearance
        if group is not None and not group.strip():
            raise _blank_group(keys.index(group))
    return keys


def _normalised_values(items: Sequence[RatingRecord]) -> list[float]:
    """Each record's ``normalised`` value, by the same arithmetic, without re-checking it.

    Records are validated when made (each value lies on its record's scale),
    so when every record holds the same scale the column is computed at once.
    """
    scales = list(map(operator.attrgetter("scale"), items))
    if len(set(map(id, scales))) != 1:
        return [record.normalised for record in items]
    lowest, span = scales[0].minimum, scales[0].maximum - scales[0].minimum
    shifted = map(operator.sub, map(operator.attrgetter("value"), items), itertools.repeat(lowest))
    return list(map(operator.truediv, shifted, itertools.repeat(span)))


def _members(keys: Sequence[str | None]) -> dict[str | None, Sequence[int]]:
    """Each group's record indices: a ``range`` each when each group's records lie together."""
    distinct = dict.fromkeys(keys)
    starts = run_starts(keys, len(distinct))
    if len(starts) == len(distinct):
        ends = [*starts[1:], len(keys)]
        return {keys[start]: range(start, end) for start, end in zip(starts, ends, strict=True)}
    members: dict[str | None, list[int]] = {key: [] for key in distinct}
    for index, key in enumerate(keys):
        members[key].append(index)
    return dict(members)


def _check_group_names(groups: Iterable[str | None]) -> None:
    """Refuse, as :class:`CalibratedRating` would, a group name it cannot hold (too long).

    With several, the first in sorted order is named, as when the records of
    each group were built one group after another in sorted order.
    """
    field = attrs.fields(CalibratedRating).group
    check = field.validator
    assert check is not None  # noqa: S101 - the field is declared with a validator
    probe = object.__new__(CalibratedRating)
    bad: list[str] = []
    for group in groups:
        if group is not None:
            try:
                check(probe, field, group)
            except ValidationError:
                bad.append(group)
    if bad:
        check(probe, field, min(bad))


def _group_rows(
    group: str | None, values: Sequence[float], ref: _Reference
) -> tuple[dict[float, _Row], Callable[[float], _Row]]:
    """The calibration of each distinct value of one group, and the function that made them.

    Every rating of a group with the same value gets the same numbers and
    explanation, so they are worked out once per distinct value.
    """
    org_mean, org_sd, target = ref.mean, ref.sd, ref.target
    count = len(values)
    mean = math.fsum(values) / count
    sd = exact_sd(values) if count >= 2 else None
    reason = ref.reason_not_judged(group, count)
    if reason is None and not sd:
        reason = "the group's ratings do not vary (σ_r = 0)"

    def kept(x: float) -> _Row:
        value, on_target = _on_target(x, target)
        explanation = f"not normalised: {reason}; kept at {_fmt(x)}{on_target}"
        return (group, False, reason, None, x, value, mean, sd, explanation)

    if reason is not None or not sd or org_mean is None or org_sd is None:
        row = kept
    else:
        group_sd, arithmetic = sd, f" − {_fmt(mean)}) / {_fmt(sd)} = "
        org_text = f" × {_fmt(org_sd)} = "

        def row(x: float) -> _Row:
            z = (x - mean) / group_sd
            calibrated = org_mean + z * org_sd
            value, on_target = _on_target(calibrated, target)
            beyond = " (outside 0-1: kept, not clipped)" if not 0 <= calibrated <= 1 else ""
            explanation = (
                f"z = ({_fmt(x)}{arithmetic}{_fmt(z)}; calibrated = {_fmt(org_mean)}"
                f" {'−' if z < 0 else '+'} {_fmt(abs(z))}{org_text}"
                f"{_fmt(calibrated)}{beyond}{on_target}"
            )
            return (group, True, None, z, calibrated, value, mean, group_sd, explanation)

    return {x: row(x) for x in dict.fromkeys(values)}, row


def z_normalise(
    records: Iterable[RatingRecord],
    *,
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
    target_scale: RatingScale | None = None,
) -> tuple[CalibratedRating, ...]:
    """Per-rater z-score normalisation, one :class:`CalibratedRating` per record, in input order.

    On normalised values (0–1): ``z = (x − μ_r) / σ_r`` with ``μ_r`` the mean
    and ``σ_r`` the sample SD of the rater's (group's) ratings, re-expressed as
    ``μ_org + z·σ_org`` with the mean and sample SD of *all* ratings. With
    ``target_scale`` the result is also laid onto that scale. Values stay
    floats and are never rounded or clipped.

    A group with fewer than ``min_group_size`` ratings (default 4; at least 2),
    a group whose ratings do not vary (``σ_r = 0``), and records in no group
    are returned unchanged with ``normalised=False`` and the reason: never
    dropped. Empty input gives ``()``.

    The SDs are exact: the correctly rounded root of the exact sample
    variance, the very float :func:`statistics.stdev` gives (computed with
    integers instead of fractions); means are ``math.fsum`` means.

    >>> from perfcore.analytics import RatingRecord
    >>> ratings = [RatingRecord(employee_id=f"e{i}", rater_id="m1", value=x)
    ...            for i, x in enumerate([3, 3, 3, 5])]
    >>> ratings.append(RatingRecord(employee_id="e9", rater_id="m2", value=4))
    >>> out = z_normalise(ratings, target_scale=RatingScale(minimum=0, maximum=100))
    >>> out[3].explanation
    'z = (1 − 0.625) / 0.25 = 1.5; calibrated = 0.65 + 1.5 × 0.223607 = 0.98541; on 0-100: 0 + 0.98541 × 100 = 98.541'
    >>> out[4].normalised, out[4].reason, out[4].target_value
    (False, '1 rating, below the minimum of 4', 75.0)
    """  # noqa: E501 - the doctest output is one long line
    items = _check_records(records)
    _check_by(by)
    minimum = _check_min_group_size(min_group_size)
    target = _check_scale(target_scale, "target_scale", optional=True)
    keys = _group_keys(items, by)
    if not items:
        return ()
    xs = _normalised_values(items)
    n = len(xs)
    ref = _Reference(
        mean=math.fsum(xs) / n,
        sd=exact_sd(xs) if n >= 2 else None,
        min_group_size=minimum,
        by=by,
        target=target,
    )
    members = _members(keys)
    _check_group_names(members)
    placeholder: _Row = (None, False, None, None, 0.0, None, 0.0, None, "")
    rows = [placeholder] * n
    put = rows.__setitem__
    for group, indices in members.items():
        span = slice(indices.start, indices.stop) if isinstance(indices, range) else None
        values = xs[span] if span else list(map(xs.__getitem__, indices))
        made, row = _group_rows(group, values, ref)
        if span:  # the group's records lie together
            rows[span] = map(made.__getitem__, values)
        else:
            drain(map(put, indices, map(made.__getitem__, values)))
        if 0.0 in made and min(map(math.copysign, itertools.repeat(1.0), values)) < 0:
            # 0.0 and -0.0 share a key: each zero gets its own row (a kept one keeps its sign)
            for index, x in zip(indices, values, strict=True):
                if not x:
                    put(index, row(x))
    columns: dict[str, Iterable[Any]] = {
        name: map(operator.itemgetter(position), rows) for position, name in enumerate(_ROW_FIELDS)
    }
    columns.update(
        record=items,
        target_scale=itertools.repeat(target, n),
        org_mean=itertools.repeat(ref.mean, n),
        org_sd=itertools.repeat(ref.sd, n),
    )
    # every value is checked: the records by _check_records, the group names above, the
    # rest computed here from them (finite numbers, short non-blank texts)
    return tuple(build_unchecked(CalibratedRating, n, columns))


_NUMBER_TYPES = frozenset({int, float})
_GROUP_TYPES = frozenset({str, type(None)})


def _check_columns(values: Sequence[float], groups: Sequence[str | None]) -> list[float]:
    """``values`` as floats after checking every value and group name.

    The common case (every value an int or float and finite, every group a
    str or None) is checked with whole-column operations; only when one fails
    is the offending item looked for, to name it.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ValidationError.single(
            "values", f"must be a sequence of numbers, got {v.describe(values)}"
        )
    if isinstance(groups, str | bytes) or not isinstance(groups, Sequence):
        raise ValidationError.single(
            "groups", f"must be a sequence of group names, got {v.describe(groups)}"
        )
    if len(groups) != len(values):
        raise ValidationError.single(
            "groups", f"must have one group per value ({len(values)}), got {len(groups)}"
        )
    kinds = set(map(type, values))
    out = (
        (list(values) if kinds <= {float} else [float(x) for x in values])
        if kinds <= _NUMBER_TYPES
        else None
    )
    if out is None or not all(map(math.isfinite, out)):
        for index, value in enumerate(values):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ValidationError.single(
                    f"values[{index}]", f"must be a finite number, got {v.describe(value)}"
                )
    if not set(map(type, groups)) <= _GROUP_TYPES:
        for index, group in enumerate(groups):
            if group is not None and not isinstance(group, str):
                raise ValidationError.single(
                    f"groups[{index}]", f"must be a group name or None, got {v.describe(group)}"
                )
    return out if out is not None else [float(x) for x in values]


def _group_spread(mine: Sequence[float], group: str | None, minimum: int) -> tuple[float, float]:
    """The mean and sample SD of a group's values, or ``(0.0, 0.0)`` when it is kept as it is.

    Kept: no name, fewer than ``minimum`` values, or no spread (all values
    equal: read as such even when their float mean differs in the last bit).
    The SD is ``math.dist`` from the mean (a correctly scaled root of the sum
    of squares) over ``√(n − 1)``.
    """
    count = len(mine)
    if group is None or count < minimum or mine.count(mine[0]) == count:
        return 0.0, 0.0
    mean = math.fsum(mine) / count
    return mean, math.dist(mine, [mean] * count) / math.sqrt(count - 1)


def z_calibrate(
    values: Sequence[float], groups: Sequence[str | None], *, min_group_size: int = 4
) -> list[float]:
    """The bulk fast path of :func:`z_normalise`: calibrated values from two plain columns.

    ``values`` are ratings already on 0–1 (e.g. ``record.normalised``) and
    ``groups`` the rater (or other group) of each; the result is each value's
    ``μ_org + z·σ_org`` with ``z = (x − μ_g) / σ_g``, or the value unchanged
    where its group has no name, fewer than ``min_group_size`` ratings or no
    spread, exactly the rule of :func:`z_normalise` but with no records and no
    explanations, for a million ratings at a time.

    Floats throughout: means are ``math.fsum`` means and SDs ``math.dist``
    from the mean over ``√(n − 1)``, where :func:`z_normalise` takes the exact
    SD, so the results agree with its ``calibrated`` to within 1e-12 (a few
    units in the last place on 0–1); values kept as they are are equal. A
    group whose values are all equal is kept as it is, as there. It is
    fastest when each group's values lie together (input sorted or grouped by
    group); any order gives the same numbers.

    Two raters with the same spread, one 0.2 higher than the other, and a
    third rater with one rating (below the minimum, kept as it is): after
    calibration both full groups read the same.

    >>> values = [0.2, 0.4, 0.6, 0.8, 0.4, 0.6, 0.8, 1.0, 0.9]
    >>> groups = ["m1"] * 4 + ["m2"] * 4 + ["m3"]
    >>> [round(x, 3) for x in z_calibrate(values, groups)]
    [0.326, 0.531, 0.736, 0.941, 0.326, 0.531, 0.736, 0.941, 0.9]
    """
    minimum = _check_min_group_size(min_group_size)
    out = _check_columns(values, groups)
    n = len(out)
    if n < 2:
        return out
    org_mean = math.fsum(out) / n
    org_sd = math.dist(out, [org_mean] * n) / math.sqrt(n - 1)
    if not org_sd:  # no spread at all
        return out
    distinct = dict.fromkeys(groups)
    starts = run_starts(groups, len(distinct))
    if len(starts) > len(distinct):
        return _calibrate_scattered(out, groups, distinct, minimum, (org_mean, org_sd))
    # each group's values lie together: one slice per group, in order
    calibrated: list[float] = []
    for start, end in itertools.pairwise([*starts, n]):
        mine = out[start:end]
        mean, spread = _group_spread(mine, groups[start], minimum)
        calibrated += [org_mean + (x - mean) / spread * org_sd for x in mine] if spread else mine
    return calibrated


def _calibrate_scattered(
    out: list[float],
    groups: Sequence[str | None],
    distinct: Iterable[str | None],
    minimum: int,
    org: tuple[float, float],
) -> list[float]:
    """:func:`z_calibrate` when a group's values are spread through the input."""
    members: dict[str | None, list[float]] = {group: [] for group in distinct}
    for x, group in zip(out, groups, strict=True):
        members[group].append(x)
    shift: dict[str | None, tuple[float, float]] = {}
    for group, mine in members.items():
        mean, spread = _group_spread(mine, group, minimum)
        if spread:
            shift[group] = (mean, spread)
    if not shift:
        return out
    org_mean, org_sd = org
    return [
        x if params is None else org_mean + (x - params[0]) / params[1] * org_sd
        for x, params in zip(out, map(shift.get, groups), strict=True)
    ]


# --- scales ----------------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ConvertedRating:
    """One rating carried onto another scale, with the mapping written out.

    ``converted = to.minimum + normalised × (to.maximum − to.minimum)``, a
    float never rounded; ``on_point`` says whether it lands exactly on a
    point of ``to`` (otherwise the explanation names the points around it).

    >>> from perfcore.analytics import RatingRecord
    >>> [c] = convert([RatingRecord(employee_id="e1", rater_id="m1", value=2)],
    ...               to=RatingScale(minimum=1, maximum=3))
    >>> c.converted, c.on_point
    (1.5, False)
    >>> c.explanation
    '2 on 1-5 → (2 − 1) / 4 = 0.25 → 1 + 0.25 × 2 = 1.5 on 1-3 (between points 1 and 2)'
    """

    record: RatingRecord = attrs.field(validator=v.instance(RatingRecord))
    to: RatingScale = attrs.field(validator=v.instance(RatingScale))
    converted: float = attrs.field(validator=v.number())
    explanation: str = attrs.field(validator=v.text())

    @property
    def on_point(self) -> bool:
        """Whether the converted value is a whole point of the target scale."""
        return float(self.converted).is_integer()

    def as_record(self) -> dict[str, Any]:
        """The rating's own columns, then ``to_scale``, ``converted`` and ``on_point``."""
        row = self.record.as_record()
        row.update(
            {"to_scale": str(self.to), "converted": self.converted, "on_point": self.on_point}
        )
        return row


def convert(records: Iterable[RatingRecord], to: RatingScale) -> tuple[ConvertedRating, ...]:
    """Each record's value carried linearly from its own scale onto ``to``, in input order.

    ``(value − min) / (max − min)`` places it on 0–1, which is laid onto
    ``to``; the result is a float, never rounded, with the mapping written out
    in ``explanation``. Empty input gives ``()``.

    >>> from perfcore.analytics import RatingRecord
    >>> [c] = convert([RatingRecord(employee_id="e1", rater_id="m1", value=4)],
    ...               RatingScale(minimum=0, maximum=100))
    >>> c.converted, c.explanation
    (75.0, '4 on 1-5 → (4 − 1) / 4 = 0.75 → 0 + 0.75 × 100 = 75 on 0-100')
    """
    items = _check_records(records)
    target = _check_scale(to, "to")
    assert target is not None  # noqa: S101 - _check_scale refuses None unless optional
    out = []
    for record in items:
        scale = record.scale
        position = record.normalised
        converted = scale.convert(record.value, to=target)
        shown = _point(record.value)
        between = ""
        if not float(converted).is_integer():
            low = math.floor(converted)
            between = f" (between points {low} and {low + 1})"
        out.append(
            ConvertedRating(
                record=record,
                to=target,
                converted=converted,
                explanation=(
                    f"{shown} on {scale} → ({shown} − {scale.minimum})"
                    f" / {scale.maximum - scale.minimum} = {_fmt(position)} → {target.minimum}"
                    f" + {_fmt(position)} × {target.maximum - target.minimum}"
                    f" = {_fmt(converted)} on {target}{between}"
                ),
            )
        )
    return tuple(out)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScaleUse:
    """One scale found among the records, and how many records use it.

    >>> ScaleUse(scale=RatingScale(minimum=1, maximum=5), count=3).as_record()
    {'scale': '1-5', 'minimum': 1, 'maximum': 5, 'labelled': False, 'count': 3}
    """

    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    count: int = attrs.field(validator=v.integer(minimum=1))

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "scale": str(self.scale),
            "minimum": self.scale.minimum,
            "maximum": self.scale.maximum,
            "labelled": bool(self.scale.labels),
            "count": self.count,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScaleCheck:
    """The distinct scales among some records, sorted by minimum, maximum, then labels.

    Two scales with the same range but different labels are different scales.

    >>> ScaleCheck(scales=(), explanation="no ratings").mixed
    False
    """

    scales: tuple[ScaleUse, ...] = attrs.field(validator=v.tuple_of(ScaleUse))
    explanation: str = attrs.field(validator=v.text())

    @property
    def mixed(self) -> bool:
        """Whether the records use more than one scale."""
        return len(self.scales) > 1

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per scale."""
        return [use.as_record() for use in self.scales]


def check_scales(records: Iterable[RatingRecord]) -> ScaleCheck:
    """The scales the records use, so that mixed scales are never silent.

    >>> from perfcore.analytics import RatingRecord
    >>> check = check_scales([
    ...     RatingRecord(employee_id="e1", rater_id="m1", value=4),
    ...     RatingRecord(employee_id="e2", rater_id="m2", value=3,
    ...                  scale=RatingScale(minimum=0, maximum=4)),
    ...     RatingRecord(employee_id="e3", rater_id="m1", value=2)])
    >>> check.mixed, check.explanation
    (True, '2 scales: 0-4 (1 rating), 1-5 (2 ratings)')
    """
    items = _check_records(records)
    counts: dict[RatingScale, int] = {}
    for record in items:
        counts[record.scale] = counts.get(record.scale, 0) + 1
    uses = tuple(
        ScaleUse(scale=scale, count=counts[scale]) for scale in sorted(counts, key=_scale_key)
    )
    if not uses:
        explanation = "no ratings"
    else:
        listed = ", ".join(f"{_scale_name(use.scale)} ({_ratings(use.count)})" for use in uses)
        explanation = f"{len(uses)} scale{'s' if len(uses) != 1 else ''}: {listed}"
    return ScaleCheck(scales=uses, explanation=explanation)


# --- guided distribution ---------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GuidedBand:
    """One band of a guided distribution: actual against target.

    ``quota`` is ``target_fraction × N`` (exact, before rounding); ``target``
    the whole number of ratings the band should hold after largest-remainder
    rounding; ``move = target − actual``: how many ratings to move in
    (positive) or out (negative).

    >>> GuidedBand(label="high", lower=0.8, upper=1.0, target_fraction=0.1, quota=0.7,
    ...            target=1, actual=2, explanation="...").move
    -1
    """

    label: str = attrs.field(validator=v.text(max_length=200))
    lower: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    upper: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    target_fraction: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    quota: float = attrs.field(validator=v.number(minimum=0))
    target: int = attrs.field(validator=v.integer(minimum=0))
    actual: int = attrs.field(validator=v.integer(minimum=0))
    explanation: str = attrs.field(validator=v.text())

    @property
    def move(self) -> int:
        """``target − actual``: positive to move ratings in, negative to move them out."""
        return self.target - self.actual

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "label": self.label,
            "lower": self.lower,
            "upper": self.upper,
            "target_fraction": self.target_fraction,
            "quota": self.quota,
            "target": self.target,
            "actual": self.actual,
            "move": self.move,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GuidedDistribution:
    """How ``count`` ratings fall across the guidance bands, and how far from target.

    ``within_guidance`` holds when every band's ``|move|`` is at most
    ``tolerance``; otherwise ``warnings`` says, band by band, how many to move.
    It is advice: nothing is blocked.

    >>> GuidedDistribution(count=0, tolerance=0, bands=(), warnings=(),
    ...                    explanation="no ratings").within_guidance
    True
    """

    count: int = attrs.field(validator=v.integer(minimum=0))
    tolerance: int = attrs.field(validator=v.integer(minimum=0))
    bands: tuple[GuidedBand, ...] = attrs.field(validator=v.tuple_of(GuidedBand))
    warnings: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text()))
    explanation: str = attrs.field(validator=v.text())

    @property
    def within_guidance(self) -> bool:
        """Whether every band is within ``tolerance`` of its target."""
        return not self.warnings

    def band(self, label: str) -> GuidedBand | None:
        """The band labelled ``label``, if there is one."""
        return next((band for band in self.bands if band.label == label), None)

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per band, lowest first."""
        return [band.as_record() for band in self.bands]


def _check_targets(targets: object) -> list[tuple[str, float]]:
    if not isinstance(targets, Mapping):
        raise ValidationError.single(
            "targets", f"must be a mapping from band label to fraction, got {v.describe(targets)}"
        )
    if not targets:
        raise ValidationError.single("targets", "must name at least one band")
    problems = []
    for label, fraction in targets.items():
        if not isinstance(label, str) or not label.strip():
            problems.append(
                Problem(path="targets", message=f"labels must be non-empty strings, got {label!r}")
            )
        elif not _is_number(fraction) or not 0 <= fraction <= 1:
            problems.append(
                Problem(
                    path=f"targets[{label!r}]",
                    message=f"must be a fraction from 0 to 1, got {v.describe(fraction)}",
                )
            )
    if problems:
        raise ValidationError(problems)
    pairs = [(str(label), float(fraction)) for label, fraction in targets.items()]
    total = math.fsum(fraction for _, fraction in pairs)
    if abs(total - 1) > _SUM_TOLERANCE:
        raise ValidationError.single(
            "targets", f"fractions must sum to 1 (within 1e-9), got {total:.12g}"
        )
    return pairs


def _check_cut_points(cuts: tuple[Any, ...], labels: Sequence[str]) -> list[tuple[str, float]]:
    for index, cut in enumerate(cuts):
        if not 0 < cut < 1:
            raise ValidationError.single(
                f"bands[{index}]", f"a cut point must lie strictly between 0 and 1, got {cut:g}"
            )
        if index and cut <= cuts[index - 1]:
            raise ValidationError.single(
                f"bands[{index}]",
                f"cut point {cut:g} must be above the previous one, {cuts[index - 1]:g}",
            )
    if len(cuts) + 1 != len(labels):
        raise ValidationError.single(
            "bands",
            f"{len(cuts)} cut points make {len(cuts) + 1} bands, but targets name {len(labels)}"
            " (the targets, in the order given, label the bands from the lowest)",
        )
    return list(zip(labels, (0.0, *(float(c) for c in cuts)), strict=True))


def _check_pairs(pairs: tuple[object, ...]) -> list[tuple[str, float]]:
    lowers: list[tuple[str, float]] = []
    for index, band in enumerate(pairs):
        at = f"bands[{index}]"
        if not isinstance(band, tuple) or len(band) != 2:
            raise ValidationError.single(
                at, f"must be a (lower bound, label) pair or a cut point, got {v.describe(band)}"
            )
        bound, label = band
        if not _is_number(bound) or not 0 <= bound <= 1:
            raise ValidationError.single(
                at, f"lower bound must be a number from 0 to 1, got {v.describe(bound)}"
            )
        if not isinstance(label, str) or not label.strip() or len(label) > 200:
            raise ValidationError.single(
                at, f"label must be a non-empty string of at most 200 characters, got {label!r}"
            )
        if not lowers and bound != 0:
            raise ValidationError.single(at, f"the first band must start at 0, got {bound:g}")
        if lowers and bound <= lowers[-1][1]:
            raise ValidationError.single(
                at, f"lower bound {bound:g} must be above the previous band's {lowers[-1][1]:g}"
            )
        lowers.append((label, float(bound)))
    return lowers


def _check_guidance_bands(bands: object, labels: Sequence[str]) -> list[tuple[str, float, float]]:
    """``(label, lower, upper)`` of each band, lowest first."""
    if isinstance(bands, RatingBands):
        low, high = bands.bands[0].lower, bands.bands[-1].upper
        if low != 0 or high != 1:
            raise ValidationError.single(
                "bands",
                f"RatingBands must cover 0 to 1 (ratings are compared normalised),"
                f" got {_fmt(low)} to {_fmt(high)}",
            )
        return [(band.label, float(band.lower), float(band.upper)) for band in bands.bands]
    if isinstance(bands, str | bytes | Mapping) or not isinstance(bands, Sequence):
        raise ValidationError.single(
            "bands",
            "must be cut points on 0-1, (lower bound, label) pairs or RatingBands,"
            f" got {v.describe(bands)}",
        )
    items = tuple(bands)
    if all(_is_number(item) for item in items):
        lowers = _check_cut_points(items, labels)
    else:
        lowers = _check_pairs(items)
    names = [label for label, _ in lowers]
    repeated = sorted({label for label in names if names.count(label) > 1})
    if repeated:
        raise ValidationError.single(
            "bands", f"must not repeat labels, repeated: {', '.join(map(repr, repeated))}"
        )
    uppers = [lower for _, lower in lowers[1:]] + [1.0]
    return [(label, lower, upper) for (label, lower), upper in zip(lowers, uppers, strict=True)]


def _check_values(values: object) -> list[float]:
    name = "values_or_records"
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError.single(
            name, f"must be an iterable of RatingRecord or numbers, got {v.describe(values)}"
        )
    out: list[float] = []
    problems = []
    item: Any
    for index, item in enumerate(values):
        if isinstance(item, RatingRecord):
            out.append(item.normalised)
        elif _is_number(item) and 0 <= item <= 1:
            out.append(float(item))
        else:
            problems.append(
                Problem(
                    path=f"{name}[{index}]",
                    message="must be a RatingRecord or a number from 0 to 1,"
                    f" got {v.describe(item)}",
                )
            )
    if problems:
        raise ValidationError(problems)
    return out


def _largest_remainder(fractions: Sequence[float], n: int) -> list[tuple[Fraction, int]]:
    """Exact quotas ``p_k·N`` (fractions read as the decimals they print as) and whole targets."""
    exact = [Fraction(repr(p)) for p in fractions]
    total = sum(exact, Fraction(0))
    quotas = [p * n / total for p in exact]
    targets = [math.floor(q) for q in quotas]
    left = n - sum(targets)
    order = sorted(range(len(quotas)), key=lambda k: (targets[k] - quotas[k], k))
    for k in order[:left]:
        targets[k] += 1
    return list(zip(quotas, targets, strict=True))


def guided_distribution(
    values_or_records: Iterable[RatingRecord | float],
    *,
    targets: Mapping[str, float],
    bands: Sequence[float] | Sequence[tuple[float, str]] | RatingBands,
    tolerance: int = 0,
) -> GuidedDistribution:
    """Compare ratings with a guided distribution such as 20/70/10; warn, never block.

    ``values_or_records`` holds :class:`~perfcore.analytics.RatingRecord`
    values (placed on 0–1 by their own scale) or numbers already on 0–1.
    ``targets`` maps each band's label to its fraction; the fractions must sum
    to 1 within 1e-9. ``bands`` cuts 0–1 into bands, lowest first, in one of
    three forms:

    - ``(lower bound, label)`` pairs, the first at 0: ``((0, "low"), (0.4, "middle"), (0.8, "high"))``;
    - cut points strictly inside 0–1, ``(0.4, 0.8)``: the targets, in the
      order given, label the bands from the lowest;
    - a :class:`perfcore.scoring.RatingBands` covering exactly 0 to 1.

    A band holds values from its lower bound up to (not including) the next
    band's; the top band also holds 1.

    Targets: the quota ``p_k · N`` of each band is rounded down, and the
    ratings left over go one each to the bands with the largest remainders
    (largest-remainder method); equal remainders go to the band listed first
    (lowest). The fractions are read as the decimals they print as (0.7 is
    exactly 7/10) and scaled to sum exactly to 1, so the targets sum to N and
    ties are exact. ``tolerance`` (default 0) is how far a band may be from
    its target and still be within guidance.

    >>> result = guided_distribution([0.25, 0.5, 0.5, 0.75, 0.75, 1.0, 1.0],
    ...     targets={"low": 0.2, "middle": 0.7, "high": 0.1}, bands=(0.4, 0.8))
    >>> [(b.label, b.actual, b.target, b.move) for b in result.bands]
    [('low', 1, 1, 0), ('middle', 4, 5, 1), ('high', 2, 1, -1)]
    >>> result.within_guidance, result.warnings
    (False, ('middle: 4 rated, target 5: move 1 in', 'high: 2 rated, target 1: move 1 out'))
    """  # noqa: E501 - a band example reads best on one line
    values = _check_values(values_or_records)
    pairs = _check_targets(targets)
    labels = [label for label, _ in pairs]
    cut = _check_guidance_bands(bands, labels)
    band_labels = [label for label, _, _ in cut]
    missing = [label for label in band_labels if label not in targets]
    extra = [label for label in labels if label not in band_labels]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"no target for band(s) {', '.join(map(repr, missing))}")
        if extra:
            parts.append(f"target(s) for no band: {', '.join(map(repr, extra))}")
        raise ValidationError.single("targets", "; ".join(parts))
    if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
        raise ValidationError.single(
            "tolerance", f"must be a whole number of at least 0, got {_shown(tolerance)}"
        )
    fraction_of = dict(pairs)
    fractions = [fraction_of[label] for label in band_labels]
    quotas = _largest_remainder(fractions, len(values))
    lowers = [lower for _, lower, _ in cut]
    actual = [0] * len(cut)
    for value in values:
        actual[bisect.bisect_right(lowers, value) - 1] += 1
    out = []
    warnings = []
    for (label, lower, upper), p, (quota, target), n in zip(
        cut, fractions, quotas, actual, strict=True
    ):
        move = target - n
        rounding = "" if quota == target else f" → {target} (largest remainder)"
        direction = "in" if move > 0 else "out"
        moving = "on target" if move == 0 else f"move {abs(move)} {direction}"
        explanation = (
            f"{label}: {_fmt(p)} × {len(values)} = {_fmt(float(quota))}{rounding};"
            f" {n} rated, {moving}"
        )
        if abs(move) > tolerance:
            warnings.append(f"{label}: {n} rated, target {target}: {moving}")
        out.append(
            GuidedBand(
                label=label,
                lower=lower,
                upper=upper,
                target_fraction=p,
                quota=float(quota),
                target=target,
                actual=n,
                explanation=explanation,
            )
        )
    verdict = "within guidance" if not warnings else f"{len(warnings)} band(s) off target"
    within = f" (tolerance {tolerance})" if tolerance else ""
    return GuidedDistribution(
        count=len(values),
        tolerance=tolerance,
        bands=tuple(out),
        warnings=tuple(warnings),
        explanation=f"{_ratings(len(values))} in {len(out)} band(s): {verdict}{within}",
    )


# --- self vs manager -------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GapPair:
    """An employee's self rating and manager rating on one dimension in one cycle.

    ``gap = self − manager`` on normalised values (each on its own scale);
    ``gap_z = (gap − mean gap) / sd of gaps``, ``None`` when the gaps do not
    vary or there is only one pair; ``outlier`` when ``|gap_z|`` exceeds the
    threshold.

    >>> from perfcore.analytics import RatingRecord
    >>> own = RatingRecord(employee_id="e1", rater_id="e1", rater_role="self", value=5)
    >>> boss = RatingRecord(employee_id="e1", rater_id="m1", value=3)
    >>> GapPair(self_rating=own, manager_rating=boss, gap=0.5, gap_z=None, outlier=False,
    ...         explanation="...").as_record()["manager_id"]
    'm1'
    """

    self_rating: RatingRecord = attrs.field(validator=v.instance(RatingRecord))
    manager_rating: RatingRecord = attrs.field(validator=v.instance(RatingRecord))
    gap: float = attrs.field(validator=v.number(minimum=-1, maximum=1))
    gap_z: float | None = attrs.field(validator=v.number(optional=True))
    outlier: bool = attrs.field(validator=v.boolean())
    explanation: str = attrs.field(validator=v.text())

    @property
    def employee_id(self) -> str:
        """Whose ratings these are."""
        return self.self_rating.employee_id

    @property
    def dimension(self) -> str:
        """What was rated."""
        return self.self_rating.dimension

    @property
    def cycle_id(self) -> str | None:
        """In which cycle, if stated."""
        return self.self_rating.cycle_id

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "cycle_id": self.cycle_id,
            "dimension": self.dimension,
            "manager_id": self.manager_rating.rater_id,
            "self_value": self.self_rating.value,
            "self_scale": str(self.self_rating.scale),
            "manager_value": self.manager_rating.value,
            "manager_scale": str(self.manager_rating.scale),
            "self_normalised": self.self_rating.normalised,
            "manager_normalised": self.manager_rating.normalised,
            "gap": self.gap,
            "gap_z": self.gap_z,
            "outlier": self.outlier,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class UnpairedRating:
    """A rating :func:`self_manager_gaps` could not pair, and why.

    >>> from perfcore.analytics import RatingRecord
    >>> UnpairedRating(record=RatingRecord(employee_id="e1", rater_id="p1", value=3,
    ...     rater_role="peer"), reason="rater role 'peer' is neither self nor manager"
    ... ).as_record()["reason"]
    "rater role 'peer' is neither self nor manager"
    """

    record: RatingRecord = attrs.field(validator=v.instance(RatingRecord))
    reason: str = attrs.field(validator=v.text())

    def as_record(self) -> dict[str, Any]:
        """The rating's own columns and the reason."""
        row = self.record.as_record()
        row["reason"] = self.reason
        return row


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SelfManagerGaps:
    """Self − manager gaps, their distribution, and the pairs far from it.

    ``mean_gap`` and ``sd_gap`` (sample) describe the gaps of all ``pairs``
    (``None`` with too few). ``unpaired`` lists every rating that is not part
    of a pair, with the reason.

    >>> SelfManagerGaps(pairs=(), unpaired=(), mean_gap=None, sd_gap=None, outlier_z=2.0,
    ...                 explanation="no pairs").outliers
    ()
    """

    pairs: tuple[GapPair, ...] = attrs.field(validator=v.tuple_of(GapPair))
    unpaired: tuple[UnpairedRating, ...] = attrs.field(validator=v.tuple_of(UnpairedRating))
    mean_gap: float | None = attrs.field(validator=v.number(optional=True))
    sd_gap: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    outlier_z: float = attrs.field(validator=v.number(minimum=0))
    explanation: str = attrs.field(validator=v.text())

    @property
    def outliers(self) -> tuple[GapPair, ...]:
        """The pairs flagged as outliers."""
        return tuple(pair for pair in self.pairs if pair.outlier)

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per pair."""
        return [pair.as_record() for pair in self.pairs]


def _where(key: tuple[str, str | None, str]) -> str:
    employee, cycle, dimension = key
    return f"{employee} on {dimension!r}" + (f" in cycle {cycle!r}" if cycle is not None else "")


def _pair_up(
    items: Sequence[RatingRecord],
) -> tuple[list[tuple[RatingRecord, RatingRecord]], list[tuple[int, UnpairedRating]]]:
    """Self/manager pairs sorted by employee, cycle and dimension; the rest with reasons."""
    by_key: dict[tuple[str, str | None, str], dict[str, list[int]]] = {}
    unpaired: list[tuple[int, UnpairedRating]] = []
    for index, record in enumerate(items):
        if record.rater_role not in {"self", "manager"}:
            reason = f"rater role {record.rater_role!r} is neither self nor manager"
            unpaired.append((index, UnpairedRating(record=record, reason=reason)))
            continue
        key = (record.employee_id, record.cycle_id, record.dimension)
        by_key.setdefault(key, {"self": [], "manager": []})[record.rater_role].append(index)
    pairs: list[tuple[RatingRecord, RatingRecord]] = []
    for key in sorted(by_key, key=lambda k: (k[0], k[1] is not None, k[1] or "", k[2])):
        own, boss = by_key[key]["self"], by_key[key]["manager"]
        if len(own) == 1 and len(boss) == 1:
            pairs.append((items[own[0]], items[boss[0]]))
            continue
        if not boss:
            reason = f"no manager rating of {_where(key)}"
        elif not own:
            reason = f"no self rating of {_where(key)}"
        else:
            reason = (
                f"{len(own)} self and {len(boss)} manager ratings of {_where(key)};"
                " a pair needs exactly one of each"
            )
        unpaired.extend(
            (index, UnpairedRating(record=items[index], reason=reason)) for index in own + boss
        )
    return pairs, unpaired


def self_manager_gaps(
    records: Iterable[RatingRecord], *, outlier_z: float = 2.0
) -> SelfManagerGaps:
    """Pair self and manager ratings, and flag gaps far from the usual gap.

    A pair is the one ``rater_role="self"`` record and the one
    ``rater_role="manager"`` record of the same employee, dimension and cycle;
    ``gap = self − manager`` on normalised values (each record on its own
    scale). Self-ratings run higher on average, so a gap is judged against the
    distribution of gaps, not a fixed number: a pair is an outlier when
    ``|gap − mean_gap| / sd_gap > outlier_z`` (sample SD; default 2). With
    fewer than two pairs, or gaps that do not vary, nothing is flagged. Note
    that with ``n`` pairs no ``|gap_z|`` can exceed ``(n − 1) / √n``, so a
    threshold of 2 needs at least 6 pairs.

    Ratings by other roles, and records without a partner (or with several),
    are listed in ``unpaired`` with the reason, never dropped. Pairs are
    sorted by employee, cycle and dimension; unpaired ratings in input order.

    >>> from perfcore.analytics import RatingRecord
    >>> def pair(employee, own, boss):
    ...     return [RatingRecord(employee_id=employee, rater_id=employee, rater_role="self",
    ...                          value=own),
    ...             RatingRecord(employee_id=employee, rater_id="m1", value=boss)]
    >>> result = self_manager_gaps(pair("e1", 4, 4) + pair("e2", 4, 3) + pair("e3", 5, 2))
    >>> [(p.employee_id, p.gap) for p in result.pairs], result.mean_gap
    ([('e1', 0.0), ('e2', 0.25), ('e3', 0.75)], 0.3333333333333333)
    """
    items = _check_records(records)
    if not _is_number(outlier_z) or outlier_z <= 0:
        raise ValidationError.single(
            "outlier_z", f"must be a number above 0, got {v.describe(outlier_z)}"
        )
    threshold = float(outlier_z)
    matched, unpaired = _pair_up(items)
    gaps = [own.normalised - boss.normalised for own, boss in matched]
    mean = _mean(gaps) if gaps else None
    sd = _sd(gaps)
    pairs = []
    for (own, boss), gap in zip(matched, gaps, strict=True):
        arithmetic = (
            f"gap {_fmt(own.normalised)} − {_fmt(boss.normalised)} = {_fmt(gap)}"
            f" (self {_point(own.value)} on {own.scale}, manager {_point(boss.value)} on"
            f" {boss.scale})"
        )
        if mean is None or not sd:
            z = None
            verdict = "not judged: the gaps do not vary" if sd == 0 else "not judged: one pair"
        else:
            z = (gap - mean) / sd
            flagged = abs(z) > threshold
            verdict = (
                f"z = ({_fmt(gap)} − {_fmt(mean)}) / {_fmt(sd)} = {_fmt(z)}"
                f"{' > ' if flagged else ' within ±'}{_fmt(threshold)}"
                f"{': outlier' if flagged else ''}"
            )
        pairs.append(
            GapPair(
                self_rating=own,
                manager_rating=boss,
                gap=gap,
                gap_z=z,
                outlier=z is not None and abs(z) > threshold,
                explanation=f"{arithmetic}; {verdict}",
            )
        )
    flagged_count = sum(1 for pair in pairs if pair.outlier)
    summary = f"{len(pairs)} pairs"
    if mean is not None:
        summary += f", mean gap {_fmt(mean)}"
    if sd is not None:
        summary += f", sd {_fmt(sd)}"
    summary += f"; {flagged_count} outlier(s) beyond {_fmt(threshold)} sd; {len(unpaired)} unpaired"
    return SelfManagerGaps(
        pairs=tuple(pairs),
        unpaired=tuple(u for _, u in sorted(unpaired, key=lambda item: item[0])),
        mean_gap=mean,
        sd_gap=sd,
        outlier_z=threshold,
        explanation=summary,
    )
