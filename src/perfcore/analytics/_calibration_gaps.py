"""Self − manager gaps, flagged against the distribution of gaps: :func:`self_manager_gaps`.

Public through :mod:`perfcore.analytics.calibration`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_common import (
    _check_records,
    _fmt,
    _is_number,
    _mean,
    _point,
    _sd,
)
from perfcore.analytics.records import RatingRecord
from perfcore.errors import ValidationError


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
