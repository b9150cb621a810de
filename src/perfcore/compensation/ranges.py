"""Pay position: salary ranges, compa-ratio, range penetration and quartile, explained.

A :class:`SalaryRange` is the minimum, midpoint and maximum of pay for one
key (a grade, a position, a location, or any combination an app names).
:func:`pay_position` places a salary in its range:

- compa-ratio = salary ÷ midpoint (1 is paid at the midpoint);
- range penetration = (salary − minimum) ÷ (maximum − minimum) (0 at the
  minimum, 1 at the maximum);
- quartile: 1 to 4 by range penetration (below the minimum counts as 1,
  above the maximum as 4), with flags for both.

Worked example: range 40,000 / 50,000 / 60,000, salary 45,000.

>>> grade = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)
>>> position = pay_position(Money(amount=45000, currency="EUR"), grade)
>>> position.compa_ratio, position.penetration, position.quartile
(Decimal('0.9'), Decimal('0.25'), 2)
>>> print(position.explanation)
range L2 (EUR 40,000.00 / 50,000.00 / 60,000.00): compa-ratio 45000 / 50000 = 0.9000;
penetration (45000 − 40000) / (60000 − 40000) = 0.2500, quartile 2
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.compensation.money import (
    CONTEXT,
    CURRENCIES,
    Money,
    amount,
    currency_problem,
    to_decimal,
)
from perfcore.errors import MalformedInput, Problem, ValidationError

__all__ = ["PayPosition", "SalaryRange", "pay_position", "range_table"]


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    why = currency_problem(value)
    if why is not None:
        v.fail(inst, attr, why)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SalaryRange:
    """The minimum, midpoint and maximum pay for one ``key`` (grade / position / location).

    The minimum is at least 0 and below the maximum; the midpoint lies within them.

    >>> SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=70000, maximum=60000)
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: SalaryRange.midpoint: 70000 lies outside the range ...
    """

    key: str = attrs.field(validator=v.text(max_length=200))
    currency: str = attrs.field(validator=_currency)
    minimum: Decimal = attrs.field(converter=to_decimal, validator=amount(minimum=Decimal(0)))
    midpoint: Decimal = attrs.field(converter=to_decimal, validator=amount(minimum=Decimal(0)))
    maximum: Decimal = attrs.field(converter=to_decimal, validator=amount(minimum=Decimal(0)))

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.maximum <= self.minimum:
            problems.append(
                Problem(
                    path="SalaryRange.maximum",
                    message=f"must be above the minimum {self.minimum}, got {self.maximum}",
                    code="too_small",
                    params={"minimum": str(self.minimum)},
                )
            )
        elif not self.minimum <= self.midpoint <= self.maximum:
            problems.append(
                Problem(
                    path="SalaryRange.midpoint",
                    message=(
                        f"{self.midpoint} lies outside the range {self.minimum} to {self.maximum}"
                    ),
                    code="out_of_range",
                    params={"minimum": str(self.minimum), "maximum": str(self.maximum)},
                )
            )
        elif self.midpoint == 0:
            problems.append(
                Problem(
                    path="SalaryRange.midpoint",
                    message="must be above 0 (a compa-ratio divides by it)",
                    code="too_small",
                    params={"minimum": 0},
                )
            )
        if problems:
            raise MalformedInput(problems)

    def __str__(self) -> str:
        digits = CURRENCIES[self.currency]
        return (
            f"{self.key} ({self.currency} {self.minimum:,.{digits}f} / {self.midpoint:,.{digits}f}"
            f" / {self.maximum:,.{digits}f})"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PayPosition:
    """Where a salary sits in its range, with the arithmetic that placed it."""

    salary: Money
    range: SalaryRange
    compa_ratio: Decimal
    """salary ÷ midpoint, unrounded."""
    penetration: Decimal
    """(salary − minimum) ÷ (maximum − minimum), unrounded; below 0 or above 1 outside the range."""
    quartile: int
    """1 to 4 by penetration; 1 below the minimum, 4 above the maximum."""
    below_minimum: bool
    above_maximum: bool
    explanation: str

    def as_record(self) -> dict[str, object]:
        """The position as one flat row (for ``perfcore.analytics.to_frame``)."""
        return {
            "range": self.range.key,
            "currency": self.salary.currency,
            "salary": float(self.salary.amount),
            "compa_ratio": float(self.compa_ratio),
            "penetration": float(self.penetration),
            "quartile": self.quartile,
            "below_minimum": self.below_minimum,
            "above_maximum": self.above_maximum,
        }


def _quartile(penetration: Decimal) -> int:
    if penetration < Decimal("0.25"):
        return 1
    if penetration < Decimal("0.5"):
        return 2
    if penetration < Decimal("0.75"):
        return 3
    return 4


def _n(value: Decimal) -> str:
    """A plain amount for an explanation: ``45000``, ``45000.5``."""
    with decimal.localcontext(CONTEXT):
        return format(value.normalize(), "f")


def pay_position(salary: Money, salary_range: SalaryRange, *, path: str = "salary") -> PayPosition:
    """Place ``salary`` in ``salary_range``: compa-ratio, penetration, quartile and flags.

    A salary in another currency than the range's, or below 0, is refused
    naming ``path``.
    """
    v.require(salary, Money, path)
    v.require(salary_range, SalaryRange, "salary_range")
    if salary.currency != salary_range.currency:
        raise ValidationError.single(
            f"{path}.currency",
            f"is {salary.currency}, but range {salary_range.key} is in {salary_range.currency}",
            code="mixed_currencies",
            params={"expected": salary_range.currency, "actual": salary.currency},
        )
    if salary.amount < 0:
        raise ValidationError.single(
            f"{path}.amount",
            f"must be at least 0, got {salary.amount}",
            code="too_small",
            params={"minimum": 0},
        )
    low, mid, high = salary_range.minimum, salary_range.midpoint, salary_range.maximum
    with decimal.localcontext(CONTEXT):
        compa = salary.amount / mid
        penetration = (salary.amount - low) / (high - low)
        compa, penetration = compa.normalize(), penetration.normalize()
    below, above = salary.amount < low, salary.amount > high
    quartile = _quartile(penetration)
    flag = " (below the minimum)" if below else " (above the maximum)" if above else ""
    pay = _n(salary.amount)
    explanation = (
        f"range {salary_range}: compa-ratio {pay} / {_n(mid)} = {compa:.4f};\n"
        f"penetration ({pay} − {_n(low)}) / ({_n(high)} − {_n(low)}) = {penetration:.4f},"
        f" quartile {quartile}{flag}"
    )
    return PayPosition(
        salary=salary,
        range=salary_range,
        compa_ratio=compa,
        penetration=penetration,
        quartile=quartile,
        below_minimum=below,
        above_maximum=above,
        explanation=explanation,
    )


def range_table(ranges: Iterable[SalaryRange]) -> Mapping[str, SalaryRange]:
    """The ranges by key, read-only; a key given twice is refused naming the second."""
    if isinstance(ranges, str | bytes | Mapping) or not isinstance(ranges, Iterable):
        raise ValidationError.single("ranges", f"must be salary ranges, got {v.describe(ranges)}")
    found: dict[str, SalaryRange] = {}
    for index, item in enumerate(ranges):
        v.require(item, SalaryRange, f"ranges[{index}]")
        if item.key in found:
            raise ValidationError.single(
                f"ranges[{index}].key",
                f"{item.key!r} is given twice",
                code="repeated",
                params={"items": (item.key,)},
            )
        found[item.key] = item
    return FrozenMap(found)
