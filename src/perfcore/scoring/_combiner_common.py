"""The one formula every combination runs, its missing-value rule, and shared checks.

Private to the ``_combiner_*`` modules, whose public names :mod:`perfcore.scoring.combiners`
re-exports (here :class:`MissingRule`); each of them imports only this module
and the layers below, and none imports another.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import cast

import attrs

from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError
from perfcore.scoring.results import Contribution, Part, _contribution


class MissingRule(enum.Enum):
    """What a combination does with a part whose value is ``None`` (not yet assessed).

    >>> MissingRule("renormalise") is MissingRule.RENORMALISE
    True
    """

    RENORMALISE = "renormalise"
    """Leave the part out and rescale the other weights so they total 1 again."""
    ZERO = "zero"
    """Count the part as 0 at its full weight."""
    REFUSE = "refuse"
    """Raise :class:`perfcore.ValidationError` naming the missing part."""


# --- the one formula ------------------------------------------------------------------


def _fmt(number: float | Fraction) -> str:
    """A number as short as it can be written without losing anything: 60, 0.8, 2.5."""
    try:
        text = repr(float(number))
    except OverflowError:
        return str(number)
    return text.removesuffix(".0")


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _repeats(keys: Iterable[str]) -> str:
    """The keys that occur more than once, quoted and sorted; empty if none."""
    seen: set[str] = set()
    twice: set[str] = set()
    for key in keys:
        (twice if key in seen else seen).add(key)
    return ", ".join(repr(key) for key in sorted(twice))


@attrs.frozen
class _Mean:
    value: float | None
    """``None`` when no counted part carries weight."""
    contributions: tuple[Contribution, ...]
    used: tuple[str, ...]
    """Keys of the parts the value was computed from (missing ones counted as 0 included)."""
    explanation: str


_NOTES = {
    MissingRule.ZERO: "missing: counted as 0",
    MissingRule.RENORMALISE: "missing: left out, the other weights rescaled",
}


def _fmt_ratio(numerator: int, denominator: int) -> str:
    """``_fmt`` of the exact ratio ``numerator / denominator`` (``denominator > 0``)."""
    try:
        text = repr(numerator / denominator)  # int / int is correctly rounded, as float(Fraction)
    except OverflowError:
        return str(Fraction(numerator, denominator))
    return text.removesuffix(".0")


def _scaled(numbers: Sequence[float]) -> tuple[list[int], int]:
    """Exact integers ``nᵢ`` and one denominator ``d`` with ``numbers[i] == nᵢ / d``.

    A finite float is an integer over a power of two, so the largest of those
    powers is a common denominator: sums and products of the ``nᵢ`` are exact,
    and one int / int division (correctly rounded, like ``float(Fraction)``)
    turns a result into a float. This is the exact arithmetic of
    :class:`~fractions.Fraction` without normalising every intermediate.
    """
    ratios = [x.as_integer_ratio() for x in numbers]
    common = max((d for _, d in ratios), default=1)
    return [n if d == common else n * (common // d) for n, d in ratios], common


def _mean(  # noqa: PLR0913 - the parts, the rule, where and how to say it
    parts: Sequence[Part],
    missing: MissingRule,
    *,
    where: str,
    noun: str,
    plain: bool = False,
    explain: bool = True,
) -> _Mean:
    """Σ wᵢ·sᵢ / Σ wᵢ over the counted parts, exactly, with ``missing`` applied.

    ``plain`` shows the formula without the weights (every weight is then 1).
    The arithmetic is exact (see :func:`_scaled`): every number is the exact
    rational rounded once to a float, as with :class:`~fractions.Fraction`.
    With ``explain=False`` the explanation is left empty when there is a value
    (:func:`_mean_text` writes it when asked); without a value it says why.
    """
    zero = missing is MissingRule.ZERO
    absent = [p.key for p in parts if p.value is None]
    if absent and missing is MissingRule.REFUSE:
        raise ValidationError(
            Problem(path=where, message=f"{noun} {key!r} has no value (missing='refuse')")
            for key in absent
        )
    counted = [p for p in parts if p.value is not None or zero] if absent else list(parts)
    weights, _ = _scaled([p.weight for p in counted])
    values, value_den = _scaled([0 if p.value is None else p.value for p in counted])
    total = sum(weights)  # the total weight is total / its denominator
    products = [w * s for w, s in zip(weights, values, strict=True)]
    scaled_total = total * value_den
    index = {p.key: i for i, p in enumerate(counted)} if total else {}
    contributions: list[Contribution] = []
    for p in parts:
        i = index.get(p.key)
        contributions.append(
            _contribution(
                key=p.key,
                value=p.value,
                weight=p.weight,
                applied_weight=0.0 if i is None else weights[i] / total,
                contribution=0.0 if i is None else products[i] / scaled_total,
                note="" if p.value is not None else _NOTES[missing],
            )
        )
    if total == 0:
        notes = [f"no {noun} that carries weight has a value", *_missing_notes(parts, zero, noun)]
        return _Mean(None, tuple(contributions), (), "; ".join(notes))
    value = sum(products) / scaled_total
    explanation = _mean_text(parts, missing, noun=noun, plain=plain, value=value) if explain else ""
    return _Mean(value, tuple(contributions), tuple(p.key for p in counted), explanation)


def _mean_value(
    weights: Sequence[float], values: Sequence[float | None], missing: MissingRule
) -> float | None:
    """``_mean(parts, missing, ...).value`` for parts with these weights and values.

    The numbers only, by the same steps: ``None`` when no counted part
    carries weight, and ``None`` too when ``missing`` refuses a missing part
    (:func:`_mean` then says why).
    """
    zero = missing is MissingRule.ZERO
    if None in values:
        if missing is MissingRule.REFUSE:
            return None
        pairs = [(w, x) for w, x in zip(weights, values, strict=True) if x is not None or zero]
        weights = [w for w, _ in pairs]
        values = [0 if x is None else x for _, x in pairs]
    return _exact_mean(weights, cast("Sequence[float]", values))


def _exact_mean(weights: Sequence[float], values: Sequence[float]) -> float | None:
    """Σ wᵢ·sᵢ / Σ wᵢ exactly, rounded once; ``None`` when the weights total 0.

    The same integers as :func:`_scaled` gives both lists, so the same float
    as :func:`_mean`'s: the values' denominator grows to the largest as they
    are summed (powers of two, each dividing the next), without lists.
    """
    scaled_weights, _ = _scaled(weights)
    total = sum(scaled_weights)
    if total == 0:
        return None
    products, den = 0, 1
    for weight, value in zip(scaled_weights, values, strict=True):
        numerator, denominator = value.as_integer_ratio()
        if denominator > den:
            products *= denominator // den
            den = denominator
        products += weight * numerator * (den // denominator)
    return products / (total * den)


def _missing_notes(parts: Sequence[Part], zero: bool, noun: str) -> list[str]:
    """What happened to each part without a value, in words."""
    return [
        f"{noun} {p.key!r} has no value and " + ("counts as 0" if zero else "is left out")
        for p in parts
        if p.value is None
    ]


def _mean_text(
    parts: Sequence[Part], missing: MissingRule, *, noun: str, plain: bool, value: float
) -> str:
    """The explanation of :func:`_mean`'s ``value`` of ``parts`` (some part carries weight)."""
    zero = missing is MissingRule.ZERO
    counted = [p for p in parts if p.value is not None or zero]
    weights, weight_den = _scaled([p.weight for p in counted])
    if plain:
        terms = [_fmt(float(s) + 0.0) for s in (p.value or 0 for p in counted)]
    else:
        terms = [f"{_fmt(p.weight)} × {_fmt(float(p.value or 0) + 0.0)}" for p in counted]
    formula = f"({' + '.join(terms)}) / {_fmt_ratio(sum(weights), weight_den)} = {_fmt(value)}"
    return "; ".join([formula, *_missing_notes(parts, zero, noun)])


_LATER_PARTS = 12
"""A combination of at most this many parts may be explained later: its text fits the
explanation's 10,000 characters, at most about 55 per part and 280 per converted one,
when the notes on missing parts do too (:func:`_explained_later_fits`)."""


def _explained_later_fits(parts: Sequence[Part]) -> bool:
    """Whether the explanation of a combination of ``parts`` is sure to pass its validator.

    A combination whose text might be too long is explained at once, so that
    the validating constructor refuses it at once, as it always has.
    """
    if len(parts) > _LATER_PARTS:
        return False
    missing = [len(repr(p.key)) for p in parts if p.value is None]
    return not missing or sum(missing) + 50 * len(missing) <= 5_000


def _check_parts(parts: object, where: str, noun: str) -> tuple[Part, ...]:
    if isinstance(parts, str | bytes) or not isinstance(parts, Iterable):
        raise ValidationError.single(where, f"must be a sequence of Part, got {v.describe(parts)}")
    checked = tuple(parts)
    for item in checked:
        if not isinstance(item, Part):
            raise ValidationError.single(where, f"must hold Part items, got {v.describe(item)}")
    if len({p.key for p in checked}) == len(checked):  # no key repeats
        return checked
    raise ValidationError.single(
        where, f"{noun}s must not repeat: {_repeats(p.key for p in checked)}"
    )
