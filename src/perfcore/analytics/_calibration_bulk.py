"""Bulk helpers for calibration: exact SDs without fractions, records built by column, runs.

Private to :mod:`perfcore.analytics._calibration_zscore`; nothing here validates its
arguments, the callers have.
"""

from __future__ import annotations

import collections
import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

_SQRT_BITS = 2 * 53 + 3
"""Bits of the integer root taken before the one rounding to a double (:func:`_sqrt_of_ratio`)."""


def _sqrt_of_ratio(numerator: int, denominator: int) -> float:
    """``√(numerator / denominator)`` correctly rounded to the nearest float.

    The integer square root of the ratio scaled to about 109 bits, made odd
    when inexact ("round to odd"), then one rounding to 53 bits: the result is
    the correctly rounded root, as :func:`statistics.stdev` returns it.
    """
    shift = (numerator.bit_length() - denominator.bit_length() - _SQRT_BITS) // 2
    if shift >= 0:
        scaled_denominator = denominator << 2 * shift
        root = math.isqrt(numerator // scaled_denominator)
        root |= root * root * scaled_denominator != numerator
        return float(root << shift)
    scaled_numerator = numerator << -2 * shift
    root = math.isqrt(scaled_numerator // denominator)
    root |= root * root * denominator != scaled_numerator
    return root / (1 << -shift)


def exact_sd(values: Sequence[float]) -> float:
    """The sample SD of two or more floats: exactly :func:`statistics.stdev`, bit for bit.

    Every float is an integer over a power of two, so over their common
    denominator ``D`` the values are integers ``X`` and the exact sample
    variance is ``(n·ΣX² − (ΣX)²) / (n·(n − 1)·D²)``; its square root is
    rounded once, correctly. Integer arithmetic instead of ``Fraction``
    objects: the same float, several times faster.

    >>> import statistics
    >>> values = [0.1, 0.25, 0.7, 0.7, 1.0]
    >>> exact_sd(values) == statistics.stdev(values)
    True
    """
    ratios = list(map(float.as_integer_ratio, values))
    denominators = set(map(operator.itemgetter(1), ratios))
    if len(denominators) == 1:
        scaled = list(map(operator.itemgetter(0), ratios))
        common = denominators.pop()
    else:
        common = max(denominators)
        scaled = [top * (common // bottom) for top, bottom in ratios]
    n = len(scaled)
    total = sum(scaled)
    spread = n * sum(map(operator.mul, scaled, scaled)) - total * total
    return _sqrt_of_ratio(spread, n * (n - 1) * common * common)


def drain(iterable: Iterable[object]) -> None:
    """Run an iterator (of ``map`` calls made for their effect) to its end."""
    collections.deque(iterable, maxlen=0)


def run_starts(groups: Sequence[object], limit: int) -> list[int]:
    """Where each run of equal neighbouring groups starts (the first at 0), at most ``limit + 1``.

    With ``limit`` the number of distinct groups, exactly ``limit`` runs means
    each group's items lie together; more (cut at ``limit + 1``, to stop
    early on scattered input) means they do not.

    >>> run_starts(["a", "a", "b", "c", "c"], 3), run_starts(["a", "b", "a", "b"], 2)
    ([0, 2, 3], [0, 1, 2])
    """
    if not groups:
        return []
    changes = map(operator.ne, itertools.islice(groups, 1, None), groups)
    return [0, *itertools.islice(itertools.compress(range(1, len(groups)), changes), limit)]
