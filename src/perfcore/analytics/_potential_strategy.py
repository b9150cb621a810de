"""The built-in high-potential strategy, a weighted mean of indicators, and its registry.

Public through :mod:`perfcore.analytics.potential` (:class:`WeightedIndicators`,
:data:`POTENTIAL_STRATEGIES`, :data:`DEFAULT_REGISTRY`, ``ENTRY_POINT_GROUP``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.analytics._potential_records import (
    Contribution,
    Indicator,
    IndicatorEvidence,
    PotentialAssessment,
    _exact,
    _fmt,
    _indicator_name,
)
from perfcore.errors import Problem, ValidationError
from perfcore.strategies import Registry, params_of
from perfcore.strategies import from_params as _from_params

# --- the built-in strategy ------------------------------------------------------------


def _default_weights() -> Mapping[str, float]:
    return MappingProxyType({indicator.value: 1 for indicator in Indicator})


def _freeze_weights(value: Mapping[Any, float]) -> Mapping[str, float]:
    """Indicator members → names, sorted by name, read-only; anything else is left to the check.

    Keys are names or :class:`Indicator` members (typed ``Any`` since a mapping's
    key type is invariant).
    """
    raw: object = value
    if not isinstance(raw, Mapping):
        return value  # not a mapping: left for _check_weights to refuse
    named = {_indicator_name(key): weight for key, weight in raw.items()}
    return FrozenMap({key: named[key] for key in sorted(named, key=str)})


def _check_weights(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(
            inst, attr, f"must be a mapping of indicator names to weights, got {v.describe(value)}"
        )
    if not value:
        v.fail(inst, attr, "must weigh at least one indicator")
    for key, weight in value.items():
        if not isinstance(key, str) or not v._IDENT.fullmatch(key):  # noqa: SLF001 - shared pattern
            v.fail(inst, attr, f"keys must be lowercase indicator names, got {v.describe(key)}")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            v.fail(
                inst, attr, f"{key!r} must have a finite weight above 0, got {v.describe(weight)}"
            )


def _default_min_indicators(strategy: WeightedIndicators) -> int:
    weights: object = strategy.weights
    return len(weights) if isinstance(weights, Mapping) and weights else 1


def _check_min_indicators(inst: WeightedIndicators, attr: attrs.Attribute[Any], value: int) -> None:
    v.integer(minimum=1)(inst, attr, value)
    weights: object = inst.weights
    if isinstance(weights, Mapping) and weights and value > len(weights):
        v.fail(inst, attr, f"must be at most the {len(weights)} weighted indicators, got {value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WeightedIndicators:
    """High potential as a weighted mean of indicator scores, with a threshold.

    For each employee:

    1. each weighted indicator's score is the mean of its evidence scores;
    2. ``score = Σ weightᵢ × scoreᵢ / Σ weightᵢ`` over the indicators *with*
       evidence (the others are listed as ``missing`` and do not count);
    3. the employee is a high potential when at least ``min_indicators``
       indicators have evidence and ``score ≥ threshold``.

    ``weights`` maps indicator names (or :class:`Indicator` members) to
    weights above 0; by default the six indicators weigh 1 each. An
    indicator left out is not weighed; evidence for it is listed as
    ``ignored``. ``threshold`` defaults to 0.7; ``min_indicators`` defaults
    to every weighted indicator, so nobody is flagged on partial evidence.
    Arithmetic is exact on the decimals given (0.1 + 0.2 is 0.3).

    It is a registry strategy (``NAME = "weighted_indicators"``).

    >>> WeightedIndicators().min_indicators, WeightedIndicators().threshold
    (6, 0.7)
    >>> WeightedIndicators(weights={"career_interest": 0})
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: WeightedIndicators.weights: 'career_interest' must have a finite weight above 0, got int 0
    """  # noqa: E501 - the doctest output is one long line

    NAME: ClassVar[str] = "weighted_indicators"

    weights: Mapping[str, float] = attrs.field(
        factory=_default_weights, converter=_freeze_weights, validator=_check_weights, hash=False
    )
    """Indicator name → weight, sorted by name, read-only."""
    threshold: float = attrs.field(default=0.7, validator=v.number(minimum=0, maximum=1))
    min_indicators: int = attrs.field(
        default=attrs.Factory(_default_min_indicators, takes_self=True),
        validator=_check_min_indicators,
    )

    @property
    def name(self) -> str:
        """The registry name, ``"weighted_indicators"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> WeightedIndicators(weights={"career_interest": 2, "values_alignment": 1}).params()
        {'weights': {'career_interest': 2, 'values_alignment': 1}, 'threshold': 0.7, 'min_indicators': 2}
        """  # noqa: E501 - the doctest output is one long line
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> WeightedIndicators:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> WeightedIndicators.from_params({"threshold": 0.8}).threshold
        0.8
        >>> WeightedIndicators.from_params({"min_indicators": 7})
        Traceback (most recent call last):
        ...
        perfcore.errors.MalformedInput: $.params.min_indicators: must be at most the 6 weighted indicators, got 7
        """  # noqa: E501 - the doctest output is one long line
        return _from_params(cls, params)

    def assess(self, evidence: Sequence[IndicatorEvidence]) -> tuple[PotentialAssessment, ...]:
        """One assessment per employee in ``evidence``, sorted by employee id.

        >>> s = WeightedIndicators(weights={"career_interest": 1, "values_alignment": 1},
        ...                        min_indicators=1)
        >>> bo = s.assess([IndicatorEvidence(employee_id="bo", indicator="values_alignment",
        ...                 score=0.9, evidence=("survey",), source="hr")])[0]
        >>> bo.score, bo.high_potential, bo.missing
        (0.9, True, ('career_interest',))
        """
        items = _evidence(evidence)
        by_employee: dict[str, list[IndicatorEvidence]] = {}
        for item in items:
            by_employee.setdefault(item.employee_id, []).append(item)
        return tuple(
            self._assess_one(employee, by_employee[employee]) for employee in sorted(by_employee)
        )

    def _assess_one(self, employee_id: str, items: list[IndicatorEvidence]) -> PotentialAssessment:
        by_indicator: dict[str, list[IndicatorEvidence]] = {}
        for item in items:
            by_indicator.setdefault(item.indicator, []).append(item)
        present = [name for name in self.weights if name in by_indicator]
        missing = tuple(name for name in self.weights if name not in by_indicator)
        ignored = tuple(sorted(name for name in by_indicator if name not in self.weights))
        means = {
            name: sum((_exact(e.score) for e in by_indicator[name]), Fraction(0))
            / len(by_indicator[name])
            for name in present
        }
        weights = {name: _exact(self.weights[name]) for name in present}
        total = sum(weights.values(), Fraction(0))
        score = (
            sum((weights[name] * means[name] for name in present), Fraction(0)) / total
            if present
            else None
        )
        enough = len(present) >= self.min_indicators
        threshold = _exact(self.threshold)
        flagged = enough and score is not None and score >= threshold
        contributions = tuple(
            Contribution(
                indicator=name,
                weight=self.weights[name],
                score=float(means[name]),
                weighted=float(weights[name] * means[name] / total),
                evidence=tuple(
                    dict.fromkeys(ref for e in by_indicator[name] for ref in e.evidence)
                ),
                sources=tuple(sorted({e.source for e in by_indicator[name]})),
                evidence_count=len(by_indicator[name]),
            )
            for name in present
        )
        count = (
            f"{len(present)} of {len(self.weights)} indicators evidenced"
            f" (at least {self.min_indicators} needed"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + ")"
        )
        if score is None:
            verdict = "no score: not high potential"
        else:
            terms = " + ".join(f"{_fmt(weights[n])} × {_fmt(means[n])}" for n in present)
            verdict = f"score = ({terms}) / {_fmt(total)} = {_fmt(score)}; "
            if not enough:
                verdict += "too few indicators: not high potential"
            elif flagged:
                verdict += f"{_fmt(score)} ≥ {_fmt(threshold)}: high potential"
            else:
                verdict += f"{_fmt(score)} < {_fmt(threshold)}: not high potential"
        explanation = f"{count}; {verdict}"
        if ignored:
            explanation += f"; ignored (not weighted): {', '.join(ignored)}"
        return PotentialAssessment(
            employee_id=employee_id,
            score=None if score is None else float(score),
            high_potential=flagged,
            contributions=contributions,
            missing=missing,
            threshold=self.threshold,
            explanation=explanation,
            ignored=ignored,
        )


def _evidence(evidence: object) -> tuple[IndicatorEvidence, ...]:
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Sequence):
        raise ValidationError.single(
            "evidence", f"must be a sequence of IndicatorEvidence, got {v.describe(evidence)}"
        )
    items = tuple(evidence)
    problems = [
        Problem(path=f"evidence[{i}]", message=f"must be an IndicatorEvidence, got {v.describe(x)}")
        for i, x in enumerate(items)
        if not isinstance(x, IndicatorEvidence)
    ]
    if problems:
        raise ValidationError(problems)
    return items


POTENTIAL_STRATEGIES = (WeightedIndicators,)
"""Strategies to register: ``registry.register(cls.NAME, cls.from_params)`` for each."""

ENTRY_POINT_GROUP = "perfcore.analytics"
"""The entry-point group through which packages add analytics strategies."""

DEFAULT_REGISTRY = Registry.empty(ENTRY_POINT_GROUP).register(
    WeightedIndicators.NAME, WeightedIndicators.from_params
)
"""Builds the built-in high-potential strategies from ``{"strategy": name, "params": {...}}``.

>>> strategy = DEFAULT_REGISTRY.build(
...     {"strategy": "weighted_indicators", "params": {"threshold": 0.8}})
>>> DEFAULT_REGISTRY.config_of(strategy)["params"]["threshold"]
0.8
"""
