"""Pay equity: increases and compa-ratios by group next to rating bands, with flags and evidence.

Descriptive only: :func:`equity_report` groups awards by rating band and by a
grouping (``"group"``, the field an app fills with a location, a gender or a
job family; or ``"manager_id"``, ``"department"``) and gives, for each band ×
group cell, the count, the mean and range of the increase rates and the mean
compa-ratio. Within each rating band it flags a group whose mean increase
differs from the mean of the rest of the band by more than ``threshold``
(rate points: ``0.01`` is one percentage point), with the evidence: both means,
both counts and the people in the group. Same rating, different increase: a
question to ask, not a verdict.

Every cell and flag has ``as_record()``, and the report ``as_records()``, so
``perfcore.analytics.to_frame(report)`` gives a DataFrame.
"""

from __future__ import annotations

import decimal
import statistics
from collections.abc import Iterable
from decimal import Decimal

import attrs

from perfcore import _validators as v
from perfcore.compensation.budget import Award
from perfcore.compensation.matrix import percent
from perfcore.compensation.money import CONTEXT, decimal_problem, to_decimal
from perfcore.errors import MalformedInput, ValidationError

__all__ = ["EQUITY_KEYS", "EquityCell", "EquityFlag", "EquityReport", "equity_report"]

EQUITY_KEYS = ("group", "manager_id", "department")
"""What awards may be grouped by."""

NO_GROUP = "(none)"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class EquityCell:
    """One rating band × group: how many, their increase rates and their mean compa-ratio."""

    band: str
    group: str
    count: int
    mean_rate: Decimal
    median_rate: Decimal
    lowest_rate: Decimal
    highest_rate: Decimal
    mean_compa_ratio: Decimal

    def as_record(self) -> dict[str, object]:
        """The cell as one flat row."""
        return {
            "band": self.band,
            "group": self.group,
            "count": self.count,
            "mean_rate": float(self.mean_rate),
            "median_rate": float(self.median_rate),
            "lowest_rate": float(self.lowest_rate),
            "highest_rate": float(self.highest_rate),
            "mean_compa_ratio": float(self.mean_compa_ratio),
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class EquityFlag:
    """A group whose mean increase differs from the rest of its rating band beyond the threshold."""

    band: str
    group: str
    mean_rate: Decimal
    others_mean_rate: Decimal
    difference: Decimal
    """The group's mean less the others' (negative: the group got less)."""
    count: int
    others_count: int
    threshold: Decimal
    employee_ids: tuple[str, ...]
    """The evidence: who is in the group in this band."""
    explanation: str

    def as_record(self) -> dict[str, object]:
        """The flag as one flat row."""
        return {
            "band": self.band,
            "group": self.group,
            "mean_rate": float(self.mean_rate),
            "others_mean_rate": float(self.others_mean_rate),
            "difference": float(self.difference),
            "count": self.count,
            "others_count": self.others_count,
            "threshold": float(self.threshold),
            "explanation": self.explanation,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class EquityReport:
    """The cells by band and group, and the flags."""

    by: str
    threshold: Decimal
    cells: tuple[EquityCell, ...]
    flags: tuple[EquityFlag, ...]

    def as_records(self) -> list[dict[str, object]]:
        """One row per cell, with whether the cell is flagged."""
        flagged = {(f.band, f.group) for f in self.flags}
        return [{**c.as_record(), "flagged": (c.band, c.group) in flagged} for c in self.cells]


def _mean(values: list[Decimal]) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return (sum(values, Decimal(0)) / len(values)).normalize()


def equity_report(
    awards: Iterable[Award],
    *,
    by: str = "group",
    threshold: Decimal | str = Decimal("0.005"),
    minimum_count: int = 1,
) -> EquityReport:
    """Increases and compa-ratios by rating band × ``by``, flagging gaps beyond ``threshold``.

    Only groups with at least ``minimum_count`` people in a band are compared
    (a group of one is easy to identify; raise it to keep flags about groups).
    Bands and groups are in name order; awards without a group fall in ``"(none)"``.

    Three people rated 'Meets' with the same salary; c was eligible half the
    year, so got half the 3%:

    >>> from perfcore.compensation import (FlatByBand, Guideline, MeritPolicy, Money, PayRecord,
    ...                                    SalaryRange, allocate, budget_pools)
    >>> grade = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)
    >>> people = [PayRecord(employee_id=e, manager_id="m1", group=g, rating_band="Meets",
    ...                     range=grade, salary=Money(amount=50000, currency="EUR"),
    ...                     eligible_days=days, period_days=4)
    ...           for e, g, days in (("a", "x", 4), ("b", "x", 4), ("c", "y", 2))]
    >>> policy = MeritPolicy(strategy=FlatByBand(increases={"Meets": Guideline.point("0.03")}))
    >>> (pool,) = allocate(people, budget_pools(people, percent_of_payroll=1), policy)
    >>> report = equity_report(pool.awards, by="group", threshold="0.01")
    >>> [(c.group, c.count, str(c.mean_rate)) for c in report.cells]
    [('x', 2, '0.03'), ('y', 1, '0.015')]
    >>> print(report.flags[1].explanation)
    rating 'Meets': group 'y' averaged 1.5% over 1 people, the rest of the band 3% over 2: ...
    >>> report.flags[1].difference, report.flags[1].employee_ids
    (Decimal('-0.015'), ('c',))
    """
    found: list[Award] = v.items_of(awards, "awards", Award)
    if by not in EQUITY_KEYS:
        raise ValidationError.single(
            "by", f"must be one of {', '.join(EQUITY_KEYS)}, got {v.describe(by)}"
        )
    limit = to_decimal(threshold)
    why = decimal_problem(limit, largest=Decimal(1), minimum=Decimal(0))
    if why is not None:
        raise MalformedInput.single("threshold", why)
    assert isinstance(limit, Decimal)  # noqa: S101 - checked above
    if isinstance(minimum_count, bool) or not isinstance(minimum_count, int) or minimum_count < 1:
        raise MalformedInput.single(
            "minimum_count", f"must be a whole number from 1, got {v.describe(minimum_count)}"
        )
    bands: dict[str, dict[str, list[Award]]] = {}
    for award in found:
        key = getattr(award, by) or NO_GROUP
        bands.setdefault(award.rating_band, {}).setdefault(key, []).append(award)
    cells: list[EquityCell] = []
    flags: list[EquityFlag] = []
    for band in sorted(bands):
        groups = bands[band]
        for group in sorted(groups):
            members = groups[group]
            rates = [a.rate for a in members]
            cells.append(
                EquityCell(
                    band=band,
                    group=group,
                    count=len(members),
                    mean_rate=_mean(rates),
                    median_rate=Decimal(statistics.median(rates)).normalize(CONTEXT),
                    lowest_rate=min(rates),
                    highest_rate=max(rates),
                    mean_compa_ratio=_mean([a.position.compa_ratio for a in members]),
                )
            )
            others = [a.rate for g, rest in groups.items() if g != group for a in rest]
            if len(members) < minimum_count or len(others) < minimum_count:
                continue
            mine, theirs = _mean(rates), _mean(others)
            with decimal.localcontext(CONTEXT):
                gap = mine - theirs
            if abs(gap) > limit:
                ids = tuple(sorted(a.employee_id for a in members))
                flags.append(
                    EquityFlag(
                        band=band,
                        group=group,
                        mean_rate=mine,
                        others_mean_rate=theirs,
                        difference=gap,
                        count=len(members),
                        others_count=len(others),
                        threshold=limit,
                        employee_ids=ids,
                        explanation=(
                            f"rating {band!r}: {by} {group!r} averaged {percent(mine)} over"
                            f" {len(members)} people, the rest of the band {percent(theirs)} over"
                            f" {len(others)}: {'+' if gap > 0 else '−'}{percent(abs(gap))},"
                            f" beyond {percent(limit)}"
                        ),
                    )
                )
    return EquityReport(by=by, threshold=limit, cells=tuple(cells), flags=tuple(flags))
