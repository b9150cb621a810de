"""The weighted mean of goal scores or any weighted parts.

Public through :mod:`perfcore.scoring.combiners` (:class:`WeightedMean`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore._weights import exact_total, meets_total, total_text
from perfcore.errors import ValidationError
from perfcore.scoring._combiner_common import (
    MissingRule,
    _check_parts,
    _exact_mean,
    _explained_later_fits,
    _fmt,
    _is_number,
    _mean,
    _mean_text,
)
from perfcore.scoring.results import Combination, Part, _combination, _combination_later
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

# --- weighted mean --------------------------------------------------------------------


def _exact_total(weights: Sequence[float]) -> Fraction | int:
    """:func:`perfcore._weights.exact_total`, as an ``int`` when every weight is one."""
    if all(type(weight) is int for weight in weights):
        return sum(cast("Sequence[int]", weights))
    return exact_total(weights)


def _check_require_total(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if _is_number(value) and cast("float", value) <= 0:
        v.fail(inst, attr, f"must be above 0 (or None for any total), got {value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WeightedMean:
    """The weighted score Σ wᵢ·sᵢ / Σ wᵢ of goal scores (or any weighted parts).

    ``require_total`` is the total the weights must reach (100 for percentage
    weights; ``None`` accepts any positive total, so weights are relative).
    ``tolerance`` is how far the total may stray from it: none by default,
    the same as the goal-setting guard (``perfcore.cycle.WEIGHT_TOLERANCE``).
    The total is checked by the very rule the guard and the audit use: each
    weight read as the decimal it is written as and summed exactly, so weights
    the cycle accepted at goal setting are accepted when the goals are scored,
    and weights it refused are refused. ``missing`` says
    what a part with no value does (:class:`MissingRule`); the default refuses,
    because a goal without a score is usually a mistake.

    >>> mean = WeightedMean()
    >>> parts = [Part(key="g1", value=1.2, weight=70), Part(key="g2", value=0.5, weight=30)]
    >>> mean.combine(parts).value
    0.99
    >>> mean.combine([Part(key="g1", value=1.2, weight=70)])
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: WeightedMean.parts: weights total 70, not 100
    >>> WeightedMean(require_total=None).combine([Part(key="g1", value=1.2, weight=70)]).value
    1.2
    """

    NAME: ClassVar[str] = "weighted_mean"

    require_total: float | None = attrs.field(
        default=100, validator=[v.number(optional=True), _check_require_total]
    )
    tolerance: float = attrs.field(default=0, validator=v.number(minimum=0))
    missing: MissingRule = attrs.field(default=MissingRule.REFUSE, validator=v.member(MissingRule))

    @property
    def name(self) -> str:
        """The registry name, ``"weighted_mean"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> WeightedMean(require_total=None).params()
        {'require_total': None, 'tolerance': 0, 'missing': 'refuse'}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> WeightedMean:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> WeightedMean.from_params({"missing": "zero"}).missing
        <MissingRule.ZERO: 'zero'>
        """
        return _from_params(cls, params)

    def combine(self, parts: Sequence[Part]) -> Combination:
        """Combine ``parts`` (unique keys); every part is listed in the contributions.

        Raises :class:`perfcore.ValidationError` at ``WeightedMean.parts`` when
        the weights miss ``require_total``, total 0, or no part that carries
        weight has a value, and (with ``missing=REFUSE``) for each missing part.
        """
        where = "WeightedMean.parts"
        checked = _check_parts(parts, where, "part key")
        if not checked:
            raise ValidationError.single(where, "must hold at least one part")
        total = _exact_total([p.weight for p in checked])
        if not self._meets(total):
            total = Fraction(total)
            within = f" (tolerance {_fmt(self.tolerance)})" if self.tolerance else ""
            required = _fmt(self.require_total or 0)
            raise ValidationError.single(
                where, f"weights total {total_text(total)}, not {required}{within}"
            )
        if total == 0:
            raise ValidationError.single(where, "weights total 0; at least one part needs weight")
        later = type(self) is WeightedMean and _explained_later_fits(checked)
        mean = _mean(checked, self.missing, where=where, noun="part", explain=not later)
        if mean.value is None:
            raise ValidationError.single(where, mean.explanation)
        if later:
            return _combination_later(
                strategy=self.NAME,
                value=mean.value,
                contributions=mean.contributions,
                _by=self,
                _of=checked,
            )
        return _combination(
            strategy=self.NAME,
            value=mean.value,
            contributions=mean.contributions,
            explanation=mean.explanation,
        )

    def _explanation(self, parts: tuple[Part, ...], value: float) -> str:
        """How :meth:`combine` reached ``value`` from ``parts``."""
        return _mean_text(parts, self.missing, noun="part", plain=False, value=value)

    def _meets(self, total: Fraction | int) -> bool:
        """Whether an exact weight total meets ``require_total`` (the shared weights rule).

        Whole numbers are compared as they are: the rule's exact decimals of
        integers are the integers.
        """
        required, tolerance = self.require_total, self.tolerance
        if required is None:
            return True
        if type(total) is int and type(required) is int and type(tolerance) is int:
            return abs(total - required) <= tolerance
        return meets_total(Fraction(total), required, tolerance)

    def _value(self, weights: Sequence[float], values: Sequence[float]) -> float | None:
        """``combine(parts).value`` for parts with these weights and (present) values.

        The parts are taken as valid, with unique keys; ``None`` whenever
        :meth:`combine` would refuse them (that path then says why).
        """
        if not weights:
            return None
        total = _exact_total(weights)
        if not self._meets(total) or total == 0:
            return None
        return _exact_mean(weights, values)
