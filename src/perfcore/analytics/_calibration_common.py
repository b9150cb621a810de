"""What the calibration functions share: formatting, argument checks, grouping.

Private to the ``_calibration_*`` modules, whose public names
:mod:`perfcore.analytics.calibration` re-exports; each of them imports only
this module and the layers below.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics.records import GroupKey, RatingRecord, group_of, records_from_table
from perfcore.errors import Problem, ValidationError
from perfcore.scales import RatingScale


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
    """``records`` as a tuple of RatingRecord, or a ValidationError naming ``name``.

    A DataFrame of rating rows (``to_frame``'s) is read as its records.
    """
    read = records_from_table(RatingRecord, records, name)
    if read is not None:
        return read
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
