"""The appraisal composite: a weighted mean over named components.

Public through :mod:`perfcore.scoring.combiners` (:class:`Composite`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError
from perfcore.scoring._combiner_common import (
    MissingRule,
    _check_parts,
    _is_number,
    _mean,
    _repeats,
)
from perfcore.scoring.results import Combination, Part, _combination
from perfcore.strategies import from_params as _from_params

# --- composite ------------------------------------------------------------------------


WeightsInput = Mapping[str, float] | Iterable[tuple[str, float]]
"""Component weights as a mapping (``{"goals": 60, "self": 40}``) or as pairs."""


def _weights_in(value: WeightsInput) -> tuple[tuple[str, float], ...]:
    """Sorted ``(component, weight)`` pairs; anything unreadable is passed on to the validator."""
    items: list[object]
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list | tuple):
        items = [tuple(item) if isinstance(item, list) else item for item in value]
    else:
        return cast("tuple[tuple[str, float], ...]", value)
    try:
        ordered = sorted(items, key=lambda item: cast("tuple[str, float]", item)[0])
    except (TypeError, IndexError, KeyError):
        ordered = items
    return cast("tuple[tuple[str, float], ...]", tuple(ordered))


def _weight_problem(name: object, weight: object) -> str | None:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        return f"component names must be non-empty strings, got {v.describe(name)}"
    if not _is_number(weight):
        return f"weight of {name!r} must be a finite number, got {v.describe(weight)}"
    if cast("float", weight) < 0:
        return f"weight of {name!r} must be at least 0, got {weight}"
    return None


def _check_weights(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must map component names to weights, got {v.describe(value)}")
    if not value:
        v.fail(inst, attr, "must name at least one component")
    for item in value:
        if not isinstance(item, tuple) or len(item) != 2:
            v.fail(inst, attr, f"must hold (component, weight) pairs, got {v.describe(item)}")
    messages = [m for name, weight in value if (m := _weight_problem(name, weight)) is not None]
    repeated = _repeats(name for name, _ in value if isinstance(name, str))
    if repeated:
        messages.append(f"components must not repeat: {repeated}")
    if not messages and sum(Fraction(w) for _, w in value) == 0:
        messages.append("weights total 0; some component needs weight")
    if messages:
        path = f"{type(inst).__name__}.{attr.name}"
        raise ValidationError(Problem(path=path, message=m) for m in messages)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Composite:
    """An overall appraisal score: a weighted mean of named components.

    Components are whatever the app combines: ``"goals"``, ``"competencies"``,
    ``"self"``, ``"feedback"``... ``weights`` maps each to its weight, given as a
    mapping or as pairs and kept as pairs sorted by name; weights are relative,
    so they need not total 100. The weights of the configuration apply: the
    ``weight`` of a :class:`Part` handed to :meth:`combine` is not used. A
    configured component with no part, or a part with ``value=None``, is
    missing, and ``missing`` (default :attr:`MissingRule.RENORMALISE`) decides:
    a dropped self-appraisal then does not still divide by three.

    >>> equal = Composite.plain_mean(("goals", "self", "feedback"))
    >>> equal.combine_values({"goals": 4, "feedback": 3}).value
    3.5
    >>> equal.combine_values({"goals": 4, "feedback": 3}).explanation
    "(1 × 3 + 1 × 4) / 2 = 3.5; component 'self' has no value and is left out"
    >>> custom = Composite(weights={"goals": 60, "self": 20, "feedback": 20})
    >>> custom.combine_values({"goals": 4, "self": 4, "feedback": 3}).value
    3.8
    """

    NAME: ClassVar[str] = "composite"

    weights: tuple[tuple[str, float], ...] = attrs.field(
        converter=_weights_in, validator=_check_weights
    )
    missing: MissingRule = attrs.field(
        default=MissingRule.RENORMALISE, validator=v.member(MissingRule)
    )

    @classmethod
    def plain_mean(
        cls, components: Iterable[str], *, missing: MissingRule = MissingRule.RENORMALISE
    ) -> Composite:
        """Every component weighs the same (weight 1 each).

        >>> Composite.plain_mean(("goals", "self")).weights
        (('goals', 1), ('self', 1))
        """
        if isinstance(components, str) or not isinstance(components, Iterable):
            raise ValidationError.single(
                "Composite.weights",
                f"needs a collection of component names, got {v.describe(components)}",
            )
        return cls(weights=tuple((name, 1) for name in components), missing=missing)

    @property
    def name(self) -> str:
        """The registry name, ``"composite"``."""
        return self.NAME

    @property
    def components(self) -> tuple[str, ...]:
        """The configured component names, sorted.

        >>> Composite(weights={"self": 1, "goals": 3}).components
        ('goals', 'self')
        """
        return tuple(name for name, _ in self.weights)

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters; ``weights`` is an object of component → weight.

        >>> Composite(weights={"self": 1, "goals": 3}).params()
        {'weights': {'goals': 3, 'self': 1}, 'missing': 'renormalise'}
        """
        return {"weights": dict(self.weights), "missing": self.missing.value}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Composite:
        """Build from :meth:`params` data (``weights`` as an object or as pairs).

        >>> Composite.from_params({"weights": {"goals": 70, "competencies": 30}}).components
        ('competencies', 'goals')
        """
        return _from_params(cls, params)

    def combine(self, parts: Sequence[Part]) -> Combination:
        """Combine parts keyed by component name; unknown or repeated keys are refused.

        Raises :class:`perfcore.ValidationError` at ``Composite.parts`` for an
        unknown component, a missing one under ``missing=REFUSE``, and when no
        component that carries weight has a value.
        """
        where = "Composite.parts"
        checked = _check_parts(parts, where, "component")
        configured = dict(self.weights)
        unknown = [p.key for p in checked if p.key not in configured]
        if unknown:
            known = ", ".join(repr(name) for name in configured)
            raise ValidationError(
                Problem(path=where, message=f"unknown component {key!r}; configured: {known}")
                for key in unknown
            )
        given = {p.key: p.value for p in checked}
        full = tuple(
            Part(key=name, value=given.get(name), weight=weight) for name, weight in self.weights
        )
        mean = _mean(full, self.missing, where=where, noun="component")
        if mean.value is None:
            raise ValidationError.single(where, mean.explanation)
        return _combination(
            strategy=self.NAME,
            value=mean.value,
            contributions=mean.contributions,
            explanation=mean.explanation,
        )

    def combine_values(self, values: Mapping[str, float | None]) -> Combination:
        """:meth:`combine` for a mapping of component → value (``None`` or absent: missing).

        >>> Composite(weights={"goals": 3, "self": 1}).combine_values({"goals": 4, "self": 2}).value
        3.5
        """
        if not isinstance(values, Mapping):
            raise ValidationError.single(
                "Composite.parts", f"must map components to values, got {v.describe(values)}"
            )
        return self.combine(
            [
                Part(key=key, value=value, weight=dict(self.weights).get(key, 0))
                for key, value in values.items()
            ]
        )
