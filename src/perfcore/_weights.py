"""The one weights rule: do the weights total what they must, exactly.

Goal weights are percentages with at most :data:`WEIGHT_PLACES` decimal
places (``Goal`` refuses more), and the performance goals' weights must total
100 exactly. The total is worked out in exact decimal arithmetic: each weight
is read as the decimal it is written as (``50.2`` is 50.2, not the nearest
binary float), so the order of the weights and float rounding never matter.
The goal-setting guard (``weights_total``), the audit (``weights_not_100``) and
scoring (``WeightedMean``) all decide with :func:`meets_total`, so a set of
weights one of them accepts is accepted by all three.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

WEIGHT_PLACES = 2
"""A goal's weight has at most this many decimal places (``33.33``, not ``33.333``)."""


def exact(number: float) -> Fraction:
    """``number`` as the exact decimal it is written as: ``exact(0.1) == Fraction(1, 10)``.

    A float is read through its shortest repr, which names the decimal the
    user typed for any weight of up to 15 significant digits.
    """
    if isinstance(number, int):
        return Fraction(number)
    return Fraction(repr(float(number)))


def has_places(number: float, places: int = WEIGHT_PLACES) -> bool:
    """Whether finite ``number`` has at most ``places`` decimal places."""
    if isinstance(number, int):
        return True
    if not math.isfinite(number):
        return False
    scaled: Fraction = exact(number) * 10**places
    return scaled.denominator == 1


def exact_total(weights: Iterable[float]) -> Fraction:
    """The exact sum of ``weights`` (finite numbers), each read as the decimal it is written as."""
    return sum((exact(weight) for weight in weights), Fraction(0))


def meets_total(total: Fraction, required: float = 100, tolerance: float = 0) -> bool:
    """Whether an :func:`exact_total` is ``required`` within ``tolerance``, compared exactly."""
    return abs(total - exact(required)) <= exact(tolerance)


def total_number(total: Fraction) -> int | float:
    """A total as plain data: an ``int`` when whole, else the nearest ``float``."""
    if total.denominator == 1:
        return int(total)
    return float(total)


def total_text(total: Fraction) -> str:
    """A total as it reads in a message: ``99.99``, ``100``, ``1e+20``."""
    try:
        text = repr(float(total))
    except OverflowError:  # beyond a float: 2e+308
        digits, _, exponent = f"{Decimal(total.numerator) / total.denominator:.14e}".partition("e")
        return f"{digits.rstrip('0').removesuffix('.')}e{exponent}"
    return text.removesuffix(".0")
