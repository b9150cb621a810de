"""Per-rater z-score normalisation: :func:`z_normalise` and its bulk path :func:`z_calibrate`.

Public through :mod:`perfcore.analytics.calibration`; the column-wise
helpers (exact SDs, records built by column) are in
:mod:`perfcore.analytics._calibration_bulk`.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore._unchecked import build_columns
from perfcore.analytics._calibration_bulk import drain, exact_sd, run_starts
from perfcore.analytics._calibration_common import (
    _check_by,
    _check_min_group_size,
    _check_records,
    _check_scale,
    _fmt,
    _optional_scale,
    _Reference,
)
from perfcore.analytics.records import GroupKey, RatingRecord, group_of
from perfcore.errors import ValidationError
from perfcore.scales import RatingScale


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


Spread = tuple[int, float, float | None]
"""A group's count, mean and sample SD (``None`` below two ratings)."""


def spread_of(values: Sequence[float]) -> Spread:
    """The count, ``math.fsum`` mean and exact sample SD of one group's values."""
    count = len(values)
    return count, math.fsum(values) / count, exact_sd(values) if count >= 2 else None


def _group_rows(
    group: str | None, values: Sequence[float], ref: _Reference, spread: Spread | None = None
) -> tuple[dict[float, _Row], Callable[[float], _Row]]:
    """The calibration of each distinct value of one group, and the function that made them.

    Every rating of a group with the same value gets the same numbers and
    explanation, so they are worked out once per distinct value. ``spread`` is
    the whole group's when ``values`` are only some of its ratings (one
    partition of a batch run); by default it is that of ``values``.
    """
    org_mean, org_sd, target = ref.mean, ref.sd, ref.target
    count, mean, sd = spread if spread is not None else spread_of(values)
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
    _, mean, sd = spread_of(xs)
    ref = _Reference(mean=mean, sd=sd, min_group_size=minimum, by=by, target=target)
    return _calibrated(items, keys, xs, ref, None)


def z_normalise_given(  # noqa: PLR0913 - the records, then what the whole population gives
    records: Iterable[RatingRecord],
    *,
    organisation: Spread,
    groups: Mapping[str | None, Spread],
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
    target_scale: RatingScale | None = None,
) -> tuple[CalibratedRating, ...]:
    """:func:`z_normalise` of some of the records, given the whole population's spreads.

    ``organisation`` is the spread of every record's normalised value and
    ``groups`` each group's (a group of ``records`` missing from it is refused):
    the result is exactly what :func:`z_normalise` gives these records among
    all of them. Used by :mod:`perfcore.batch` for one partition at a time.
    """
    items = _check_records(records)
    _check_by(by)
    minimum = _check_min_group_size(min_group_size)
    target = _check_scale(target_scale, "target_scale", optional=True)
    keys = _group_keys(items, by)
    if not items:
        return ()
    _, mean, sd = organisation
    ref = _Reference(mean=mean, sd=sd, min_group_size=minimum, by=by, target=target)
    missing = [key for key in dict.fromkeys(keys) if key not in groups]
    if missing:
        raise ValidationError.single(
            "groups", f"has no spread for the group {missing[0]!r} of these records"
        )
    return _calibrated(items, keys, _normalised_values(items), ref, groups)


def _calibrated(
    items: Sequence[RatingRecord],
    keys: Sequence[str | None],
    xs: list[float],
    ref: _Reference,
    spreads: Mapping[str | None, Spread] | None,
) -> tuple[CalibratedRating, ...]:
    """The calibrated ratings of ``items`` (each group's spread from ``spreads``, or its own)."""
    n = len(xs)
    members = _members(keys)
    _check_group_names(members)
    placeholder: _Row = (None, False, None, None, 0.0, None, 0.0, None, "")
    rows = [placeholder] * n
    put = rows.__setitem__
    for group, indices in members.items():
        span = slice(indices.start, indices.stop) if isinstance(indices, range) else None
        values = xs[span] if span else list(map(xs.__getitem__, indices))
        made, row = _group_rows(group, values, ref, spreads[group] if spreads is not None else None)
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
        target_scale=itertools.repeat(ref.target, n),
        org_mean=itertools.repeat(ref.mean, n),
        org_sd=itertools.repeat(ref.sd, n),
    )
    # every value is checked: the records by _check_records, the group names above, the
    # rest computed here from them (finite numbers, short non-blank texts)
    return tuple(build_columns(CalibratedRating, n, columns))


_NUMBER_TYPES = frozenset({int, float})
_GROUP_TYPES = frozenset({str, type(None)})


def _missing_hint(value: object) -> str:
    """What a message adds when a cell is missing: how to deal with it."""
    return " (a missing rating: drop or fill it first)" if _tables.is_missing(value) else ""


def _check_columns(values: object, groups: object) -> tuple[list[float], list[str | None]]:
    """``values`` as floats and ``groups`` as names, after checking every one of them.

    Both are columns read by :func:`perfcore._tables.column`: sequences, NumPy
    arrays, pandas Series, Arrow arrays. A missing group (``None``, NaN,
    ``NA``) is no group; a missing value is refused. The common case (every
    value an int or float and finite, every group a str or None) is checked
    with whole-column operations; only when one fails is the offending item
    looked for, to name it.
    """
    cells = _tables.column(values, "values", "a sequence of numbers")
    names: list[Any] = _tables.column(groups, "groups", "a sequence of group names")
    if len(names) != len(cells):
        raise ValidationError.single(
            "groups", f"must have one group per value ({len(cells)}), got {len(names)}"
        )
    kinds = set(map(type, cells))
    out = (
        (cells if kinds <= {float} else [float(x) for x in cells])
        if kinds <= _NUMBER_TYPES
        else None
    )
    if out is None or not all(map(math.isfinite, out)):
        for index, value in enumerate(cells):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ValidationError.single(
                    f"values[{index}]",
                    f"must be a finite number, got {v.describe(value)}{_missing_hint(value)}",
                )
    if not set(map(type, names)) <= _GROUP_TYPES:
        names = [None if _tables.is_missing(group) else group for group in names]
        for index, group in enumerate(names):
            if group is not None and not isinstance(group, str):
                raise ValidationError.single(
                    f"groups[{index}]", f"must be a group name or None, got {v.describe(group)}"
                )
    return (out if out is not None else [float(x) for x in cells]), names


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
    values: Sequence[float] | object,
    groups: Sequence[str | None] | object,
    *,
    min_group_size: int = 4,
) -> list[float]:
    """The bulk fast path of :func:`z_normalise`: calibrated values from two plain columns.

    ``values`` are ratings already on 0–1 (e.g. ``record.normalised``) and
    ``groups`` the rater (or other group) of each: two columns, each a
    sequence, a NumPy array, a pandas Series or an Arrow array, so
    ``z_calibrate(df["normalised"], df["rater_id"])`` works. A missing value
    (``None``, NaN, ``NA``) is refused at ``values[i]``; a missing group is no
    group. The result is each value's ``μ_org + z·σ_org`` with
    ``z = (x − μ_g) / σ_g``, or the value unchanged where its group has no
    name, fewer than ``min_group_size`` ratings or no spread, exactly the
    rule of :func:`z_normalise` but with no records and no explanations, for
    a million ratings at a time.

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
    out, names = _check_columns(values, groups)
    n = len(out)
    if n < 2:
        return out
    org_mean = math.fsum(out) / n
    org_sd = math.dist(out, [org_mean] * n) / math.sqrt(n - 1)
    if not org_sd:  # no spread at all
        return out
    distinct = dict.fromkeys(names)
    starts = run_starts(names, len(distinct))
    if len(starts) > len(distinct):
        return _calibrate_scattered(out, names, distinct, minimum, (org_mean, org_sd))
    # each group's values lie together: one slice per group, in order
    calibrated: list[float] = []
    for start, end in itertools.pairwise([*starts, n]):
        mine = out[start:end]
        mean, spread = _group_spread(mine, names[start], minimum)
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
