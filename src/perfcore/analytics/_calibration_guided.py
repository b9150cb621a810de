"""Guided (forced) distributions such as 20/70/10: :func:`guided_distribution`.

Public through :mod:`perfcore.analytics.calibration`. It warns, it never blocks.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore.analytics._calibration_common import (
    _fmt,
    _is_number,
    _ratings,
    _shown,
)
from perfcore.analytics.records import RatingRecord
from perfcore.errors import Problem, ValidationError
from perfcore.scoring import RatingBands

_SUM_TOLERANCE = 1e-9
"""How far guided-distribution target fractions may sum from 1."""


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
    items = tuple(
        _tables.column(
            bands, "bands", "cut points on 0-1, (lower bound, label) pairs or RatingBands"
        )
    )
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
    items = _tables.column(values, name, "an iterable of RatingRecord or numbers")
    out: list[float] = []
    problems = []
    item: Any
    for index, item in enumerate(items):
        if isinstance(item, RatingRecord):
            out.append(item.normalised)
        elif _is_number(item) and 0 <= item <= 1:
            out.append(float(item))
        else:
            problems.append(
                Problem(
                    path=f"{name}[{index}]",
                    message="must be a RatingRecord or a number from 0 to 1,"
                    f" got {v.describe(item)}"
                    + (" (a missing rating: drop it first)" if _tables.is_missing(item) else ""),
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
