"""Rating distributions per group, beside the organisation: :func:`distribution`.

Public through :mod:`perfcore.analytics.calibration`, which describes the
conventions (0–1 placement, sample SDs, group order).
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore.analytics._calibration_common import (
    _check_by,
    _check_records,
    _fmt,
    _grouped,
    _is_number,
    _mean,
    _one_of,
    _optional_scale,
    _point,
    _scale_name,
    _scale_text,
    _sd,
    _shown,
)
from perfcore.analytics.records import GroupKey, RatingRecord
from perfcore.errors import ValidationError
from perfcore.scales import RatingScale

DEFAULT_BINS = 5
"""Equal-width bins on 0–1 that :func:`distribution` counts in when a group mixes scales."""

_MAX_POINTS = 101
"""Scales with up to this many points list every point in per-value counts."""


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
    bins = _tables.plain(bins)  # a NumPy integer is a number of bins
    if bins is None:
        return None
    if isinstance(bins, int) and not isinstance(bins, bool):
        if not 1 <= bins <= 1000:
            raise ValidationError.single(
                "bins", f"a number of bins must be from 1 to 1000, got {bins}"
            )
        return tuple(i / bins for i in range(bins + 1))
    edges = tuple(
        _tables.column(bins, "bins", "None, a number of equal bins or ascending edges from 0 to 1")
    )
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
