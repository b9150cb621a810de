"""Rater effects: leniency, range restriction, central tendency and halo.

Public through :mod:`perfcore.analytics.calibration` (:func:`rater_effects`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_common import (
    _check_by,
    _check_min_group_size,
    _check_records,
    _fmt,
    _grouped,
    _mean,
    _ratings,
    _Reference,
    _sd,
)
from perfcore.analytics.records import GroupKey, RatingRecord


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
    values = [record.normalised for record in items]
    mean_all = _mean(values) if values else None
    s_pooled = _sd(values)
    raters = _effects(items, mean_all, s_pooled, by, minimum)
    return effects_of(len(values), mean_all, s_pooled, minimum, raters)


def _effects(
    items: Sequence[RatingRecord],
    mean_all: float | None,
    s_pooled: float | None,
    by: GroupKey,
    minimum: int,
) -> list[RaterEffect]:
    """The effects of every group of ``items``, sorted by name, the records in no group last."""
    groups, ungrouped = _grouped(items, by)
    ref = _Reference(mean=mean_all, sd=s_pooled, min_group_size=minimum, by=by)
    raters = [_rater_effect(name, [items[i] for i in idx], ref) for name, idx in groups]
    if ungrouped:
        raters.append(_rater_effect(None, [items[i] for i in ungrouped], ref))
    return raters


def rater_effects_given(
    records: Iterable[RatingRecord],
    *,
    organisation: tuple[int, float | None, float | None],
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
) -> tuple[RaterEffect, ...]:
    """The effects of the groups of ``records``, given all ratings' count, mean and SD.

    Each group's records must all be among ``records`` (the records partitioned
    by the grouping key): then the effects are exactly those
    :func:`rater_effects` gives the groups among all the records. Used by
    :mod:`perfcore.batch` for one partition at a time.
    """
    items = _check_records(records)
    _check_by(by)
    minimum = _check_min_group_size(min_group_size)
    _, mean_all, s_pooled = organisation
    return tuple(_effects(items, mean_all, s_pooled, by, minimum))


def effects_of(
    count: int,
    mean_all: float | None,
    s_pooled: float | None,
    minimum: int,
    raters: Sequence[RaterEffect],
) -> RaterEffects:
    """The :class:`RaterEffects` of all ``count`` ratings from their groups' effects."""
    judged = sum(1 for rater in raters if rater.judged)
    if mean_all is None:
        explanation = "no ratings"
    else:
        pooled = (
            "s_pooled undefined (one rating)" if s_pooled is None else f"s_pooled {_fmt(s_pooled)}"
        )
        explanation = (
            f"{count} ratings: mean_all {_fmt(mean_all)}, {pooled} (sample SD of all);"
            f" {judged} of {len(raters)} groups judged (minimum {minimum} ratings)"
        )
    return RaterEffects(
        count=count,
        mean_all=mean_all,
        s_pooled=s_pooled,
        min_group_size=minimum,
        raters=tuple(raters),
        explanation=explanation,
    )
