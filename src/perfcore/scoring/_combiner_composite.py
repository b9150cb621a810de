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
    _explained_later_fits,
    _fmt,
    _is_number,
    _Mean,
    _mean,
    _mean_text,
    _repeats,
)
from perfcore.scoring.results import (
    Combination,
    Contribution,
    Part,
    _combination,
    _combination_later,
    _contribution,
    _part,
)
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


Scale = tuple[float, float]
"""A scale as ``(low, high)``: ``(0, 1)`` for attainments and fit, ``(1, 5)`` for ratings."""

UNIT: Scale = (0, 1)
"""The scale of goal attainments, competency fit and the feedback component: 0–1."""


def scale_text(scale: Scale) -> str:
    """A scale as people write it: ``0–1``, ``1–5``.

    >>> scale_text((1, 5))
    '1–5'
    """
    return f"{_fmt(scale[0])}–{_fmt(scale[1])}"


def _pair(value: object) -> object:
    """A two-item list as a tuple; anything else is passed on to the validator."""
    if isinstance(value, list):
        return tuple(value)
    return value


def _scale_in(value: object) -> object:
    return None if value is None else _pair(value)


def _scales_in(value: object) -> object:
    """Sorted ``(component, (low, high))`` pairs from a mapping or pairs."""
    if isinstance(value, Mapping):
        items = [(name, _pair(scale)) for name, scale in value.items()]
    elif isinstance(value, list | tuple):
        items = [tuple(item) if isinstance(item, list) else item for item in value]
        items = [
            (item[0], _pair(item[1])) if isinstance(item, tuple) and len(item) == 2 else item
            for item in items
        ]
    else:
        return value
    try:
        return tuple(sorted(items, key=lambda item: cast("tuple[str, Scale]", item)[0]))
    except (TypeError, IndexError, KeyError):
        return tuple(items)


def _scale_problem(scale: object) -> str | None:
    if not isinstance(scale, tuple) or len(scale) != 2 or not all(_is_number(x) for x in scale):
        return f"must be (low, high), two finite numbers, got {v.describe(scale)}"
    if scale[1] <= scale[0]:
        return f"must run from low to high, got ({_fmt(scale[0])}, {_fmt(scale[1])})"
    return None


def _check_scale(inst: Composite, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    message = _scale_problem(value)
    if message is not None:
        v.fail(inst, attr, message)


def _check_scales(inst: Composite, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must map component names to scales, got {v.describe(value)}")
    messages: list[str] = []
    components = {
        name for name, _ in getattr(inst, "weights", ()) if isinstance(inst.weights, tuple)
    }
    for item in value:
        if not isinstance(item, tuple) or len(item) != 2:
            messages.append(f"must hold (component, scale) pairs, got {v.describe(item)}")
            continue
        name, scale = item
        if name not in components:
            known = ", ".join(repr(c) for c in sorted(components))
            messages.append(f"{name!r} is not a weighted component ({known})")
            continue
        problem = _scale_problem(scale)
        if problem is not None:
            messages.append(f"scale of {name!r} {problem}")
    if value and inst.scale is None and not messages:
        messages.append(
            "needs scale, the result's scale, to convert the components onto:"
            " Composite(..., scale=(low, high), scales=...)"
        )
    if messages:
        path = f"{type(inst).__name__}.{attr.name}"
        raise ValidationError(Problem(path=path, message=m) for m in messages)


def _convert(value: float, source: Scale, target: Scale) -> float:
    """``value`` carried linearly from ``source`` onto ``target`` (low to low, high to high)."""
    low, high = (Fraction(x) for x in source)
    new_low, new_high = (Fraction(x) for x in target)
    return float(new_low + (Fraction(value) - low) * (new_high - new_low) / (high - low))


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

    **Scales.** ``scale`` is the scale of the result, ``(low, high)``; each
    component is on its entry in ``scales``, or else on ``scale`` itself. A
    component on another scale is carried linearly onto ``scale`` (its low to
    the low, its high to the high) before it is weighed, and the explanation
    says so. Without ``scale`` (the default), nothing is converted: the
    components must all be on one scale, which
    :func:`perfcore.appraisal.score_assessment` checks for the components it
    computes, taking components an app supplies (``"feedback"``) to be on
    0–1, as goal attainments, competency fit and
    :func:`perfcore.feedback.cycle_feedback_score` are; it refuses a
    composite that would mix scales, naming the components and their scales.
    A :class:`Combiner`'s promises (one part gives its value; the result stays
    within the parts' values) hold of the values once on the result's scale.

    >>> rated = Composite(weights={"goals": 60, "feedback": 40}, scale=(1, 5),
    ...                   scales={"feedback": (0, 1)})
    >>> print(rated.combine_values({"goals": 4, "feedback": 0.75}).explanation)
    feedback 0.75 on 0–1 is 4 on 1–5; (40 × 4 + 60 × 4) / 100 = 4; on the scale 1–5
    """

    NAME: ClassVar[str] = "composite"

    weights: tuple[tuple[str, float], ...] = attrs.field(
        converter=_weights_in, validator=_check_weights
    )
    missing: MissingRule = attrs.field(
        default=MissingRule.RENORMALISE, validator=v.member(MissingRule)
    )
    scale: Scale | None = attrs.field(default=None, converter=_scale_in, validator=_check_scale)
    """The result's scale ``(low, high)``; ``None``: every component on one scale, unconverted."""
    scales: tuple[tuple[str, Scale], ...] = attrs.field(
        default=(), converter=_scales_in, validator=_check_scales
    )
    """The components not on ``scale``, each with its own scale (given as a mapping or pairs)."""

    def scale_of(self, component: str) -> Scale | None:
        """The scale ``component`` is taken on: its entry in ``scales``, else ``scale``.

        >>> Composite(weights={"goals": 1, "feedback": 1}, scale=(1, 5),
        ...           scales={"feedback": (0, 1)}).scale_of("feedback")
        (0, 1)
        """
        if not isinstance(component, str):
            raise ValidationError.single(
                "component", f"must be a component name, got {v.describe(component)}"
            )
        return dict(self.scales).get(component, self.scale)

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
        >>> Composite(weights={"goals": 3, "feedback": 1}, scale=(1, 5),
        ...           scales={"feedback": (0, 1)}).params()["scales"]
        {'feedback': [0, 1]}
        """
        params: dict[str, Any] = {"weights": dict(self.weights), "missing": self.missing.value}
        if self.scale is not None:
            params["scale"] = list(self.scale)
        if self.scales:
            params["scales"] = {name: list(scale) for name, scale in self.scales}
        return params

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
        # the values of validated parts, the weights of this validated composite
        full = tuple(
            _part(key=name, value=given.get(name), weight=weight) for name, weight in self.weights
        )
        later = type(self) is Composite and _explained_later_fits(full)
        if self.scale is None:
            mean = _mean(full, self.missing, where=where, noun="component", explain=not later)
            contributions = mean.contributions
        else:
            mean, contributions = self._on_scale(full, self.scale, where)
        if mean.value is None:
            raise ValidationError.single(where, mean.explanation)
        if later:
            return _combination_later(
                strategy=self.NAME,
                value=mean.value,
                contributions=contributions,
                _by=self,
                _of=full,
            )
        return _combination(
            strategy=self.NAME,
            value=mean.value,
            contributions=contributions,
            explanation=mean.explanation
            if self.scale is None
            else self._explanation(full, mean.value),
        )

    def _explanation(self, full: tuple[Part, ...], value: float) -> str:
        """How :meth:`combine` reached ``value`` from every configured component's part."""
        if self.scale is None:
            return _mean_text(full, self.missing, noun="component", plain=False, value=value)
        steps, converted = self._converted(full, self.scale)
        mean = _mean_text(converted, self.missing, noun="component", plain=False, value=value)
        return "; ".join([*steps.values(), mean, f"on the scale {scale_text(self.scale)}"])

    def _converted(
        self, full: tuple[Part, ...], scale: Scale
    ) -> tuple[dict[str, str], tuple[Part, ...]]:
        """Each part carried onto ``scale``, and the conversions in words by component."""
        converted: list[Part] = []
        steps: dict[str, str] = {}
        for part in full:
            source = self.scale_of(part.key) or scale
            if part.value is None or source == scale:
                converted.append(part)
                continue
            value = _convert(part.value, source, scale)
            steps[part.key] = (
                f"{part.key} {_fmt(part.value)} on {scale_text(source)} is {_fmt(value)}"
                f" on {scale_text(scale)}"
            )
            converted.append(Part(key=part.key, value=value, weight=part.weight))
        return steps, tuple(converted)

    def _on_scale(
        self, full: tuple[Part, ...], scale: Scale, where: str
    ) -> tuple[_Mean, tuple[Contribution, ...]]:
        """The weighted mean of ``full`` with each value carried onto ``scale`` first.

        The mean's explanation is left empty: :meth:`_explanation` writes the whole text.
        """
        notes, converted = self._converted(full, scale)
        mean = _mean(converted, self.missing, where=where, noun="component", explain=False)
        contributions = tuple(
            _contribution(
                key=c.key,
                value=raw.value,
                weight=c.weight,
                applied_weight=c.applied_weight,
                contribution=c.contribution,
                note=notes.get(c.key, c.note),
            )
            for c, raw in zip(mean.contributions, full, strict=True)
        )
        return mean, contributions

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
