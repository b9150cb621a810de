"""Ratings on another scale, and the scales found: :func:`convert`, :func:`check_scales`.

Public through :mod:`perfcore.analytics.calibration`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_common import (
    _check_records,
    _check_scale,
    _fmt,
    _point,
    _ratings,
    _scale_key,
    _scale_name,
)
from perfcore.analytics.records import RatingRecord
from perfcore.scales import RatingScale


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
