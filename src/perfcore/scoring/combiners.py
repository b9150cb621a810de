"""Combining scores: weighted means, appraisal composites, goal-tree roll-ups, rating bands.

Every strategy here says what it does with a part that has no value (the
:class:`MissingRule`), shows its formula with the numbers in each result, and
lists every part's contribution. Arithmetic is exact: weights and values are
turned into fractions, summed, and rounded to a float once at the end, so the
order of the parts never changes a result and an auditor can recompute it.

>>> mean = WeightedMean()
>>> mean.combine([Part(key="sales", value=0.8, weight=60),
...               Part(key="quality", value=0.5, weight=40)]).explanation
'(60 × 0.8 + 40 × 0.5) / 100 = 0.68'
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore._weights import exact_total, meets_total, total_text
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.scoring.results import Bounds, Combination, Contribution, Part
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

__all__ = [
    "Band",
    "BandChoice",
    "Composite",
    "MissingRule",
    "RatingBands",
    "RollUp",
    "WeightedMean",
    "roll_up",
]


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


def _mean(
    parts: Sequence[Part], missing: MissingRule, *, where: str, noun: str, plain: bool = False
) -> _Mean:
    """Σ wᵢ·sᵢ / Σ wᵢ over the counted parts, exactly, with ``missing`` applied.

    ``plain`` shows the formula without the weights (every weight is then 1).
    The arithmetic is exact (see :func:`_scaled`): every number is the exact
    rational rounded once to a float, as with :class:`~fractions.Fraction`.
    """
    zero = missing is MissingRule.ZERO
    absent = [p.key for p in parts if p.value is None]
    if absent and missing is MissingRule.REFUSE:
        raise ValidationError(
            Problem(path=where, message=f"{noun} {key!r} has no value (missing='refuse')")
            for key in absent
        )
    counted = [p for p in parts if p.value is not None or zero]
    weights, weight_den = _scaled([p.weight for p in counted])
    values, value_den = _scaled([0 if p.value is None else p.value for p in counted])
    total = sum(weights)  # the total weight is total / weight_den
    notes = [
        f"{noun} {p.key!r} has no value and " + ("counts as 0" if zero else "is left out")
        for p in parts
        if p.value is None
    ]
    products = [w * s for w, s in zip(weights, values, strict=True)]
    scaled_total = total * value_den
    index = {p.key: i for i, p in enumerate(counted)} if total else {}
    contributions: list[Contribution] = []
    for p in parts:
        i = index.get(p.key)
        contributions.append(
            _contribution(
                p,
                0.0 if i is None else weights[i] / total,
                0.0 if i is None else products[i] / scaled_total,
                "" if p.value is not None else _NOTES[missing],
            )
        )
    if total == 0:
        notes.insert(0, f"no {noun} that carries weight has a value")
        return _Mean(None, tuple(contributions), (), "; ".join(notes))
    value = sum(products) / scaled_total
    if plain:
        terms = [_fmt(float(s) + 0.0) for s in (p.value or 0 for p in counted)]
    else:
        terms = [f"{_fmt(p.weight)} × {_fmt(float(p.value or 0) + 0.0)}" for p in counted]
    formula = f"({' + '.join(terms)}) / {_fmt_ratio(total, weight_den)} = {_fmt(value)}"
    return _Mean(
        value,
        tuple(contributions),
        tuple(p.key for p in counted),
        "; ".join([formula, *notes]),
    )


def _contribution(part: Part, applied: float, contribution: float, note: str) -> Contribution:
    """A :class:`Contribution` of a validated part, built without re-running the validators.

    Key, value and weight come from a validated :class:`Part`; the applied
    weight (in [0, 1]) and the contribution (between 0 and the value) are
    finite floats; the note is one of :data:`_NOTES` or empty.
    """
    made = object.__new__(Contribution)
    setattr_ = object.__setattr__
    setattr_(made, "key", part.key)
    setattr_(made, "value", part.value)
    setattr_(made, "weight", part.weight)
    setattr_(made, "applied_weight", applied)
    setattr_(made, "contribution", contribution)
    setattr_(made, "note", note)
    return made


_BUILT_IN_COMBINERS = frozenset({"weighted_mean", "composite"})
_LONGEST_TEXT = 10_000
"""The longest explanation a result record accepts (``v.text()``'s limit)."""


def _combination(strategy: str, value: float, mean: _Mean) -> Combination:
    """A :class:`Combination` of a mean, without re-running validators that cannot fail.

    The contributions come from :func:`_mean` and the value is a finite
    float; the name and the explanation's length are checked here, and when
    either would be refused the validated constructor reports it.
    """
    explanation = mean.explanation
    if strategy not in _BUILT_IN_COMBINERS or len(explanation) > _LONGEST_TEXT:
        return Combination(
            strategy=strategy,
            value=value,
            contributions=mean.contributions,
            explanation=explanation,
        )
    made = object.__new__(Combination)
    setattr_ = object.__setattr__
    setattr_(made, "strategy", strategy)
    setattr_(made, "value", value)
    setattr_(made, "contributions", mean.contributions)
    setattr_(made, "explanation", explanation)
    return made


def _check_parts(parts: object, where: str, noun: str) -> tuple[Part, ...]:
    if isinstance(parts, str | bytes) or not isinstance(parts, Iterable):
        raise ValidationError.single(where, f"must be a sequence of Part, got {v.describe(parts)}")
    checked = tuple(parts)
    for item in checked:
        if not isinstance(item, Part):
            raise ValidationError.single(where, f"must hold Part items, got {v.describe(item)}")
    repeated = _repeats(p.key for p in checked)
    if repeated:
        raise ValidationError.single(where, f"{noun}s must not repeat: {repeated}")
    return checked


# --- weighted mean --------------------------------------------------------------------


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
        total = exact_total(p.weight for p in checked)
        if not self._meets(total):
            within = f" (tolerance {_fmt(self.tolerance)})" if self.tolerance else ""
            required = _fmt(self.require_total or 0)
            raise ValidationError.single(
                where, f"weights total {total_text(total)}, not {required}{within}"
            )
        if total == 0:
            raise ValidationError.single(where, "weights total 0; at least one part needs weight")
        mean = _mean(checked, self.missing, where=where, noun="part")
        if mean.value is None:
            raise ValidationError.single(where, mean.explanation)
        return _combination(self.NAME, mean.value, mean)

    def _meets(self, total: Fraction) -> bool:
        """Whether an exact weight total meets ``require_total`` (the shared weights rule)."""
        return self.require_total is None or meets_total(total, self.require_total, self.tolerance)

    def _value(self, weights: Sequence[float], values: Sequence[float]) -> float | None:
        """``combine(parts).value`` for parts with these weights and (present) values.

        The parts are taken as valid, with unique keys; ``None`` whenever
        :meth:`combine` would refuse them (that path then says why).
        """
        if not weights:
            return None
        total = exact_total(weights)
        if not self._meets(total) or total == 0:
            return None
        scaled_weights, _ = _scaled(weights)
        scaled_values, value_den = _scaled(values)
        weight_total = sum(scaled_weights)
        if weight_total == 0:
            return None
        products = sum(w * s for w, s in zip(scaled_weights, scaled_values, strict=True))
        return products / (weight_total * value_den)


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
        return _combination(self.NAME, mean.value, mean)

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


# --- goal-tree roll-up ----------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RollUp:
    """One node of a rolled-up goal tree: its progress and how it was reached.

    ``value`` is ``None`` when the goal is missing (no score and no child with
    one). ``children`` lists the active children the value was computed from;
    ``contributions`` shows how each active child counted (empty for a leaf).

    >>> RollUp(goal_id="g1", value=0.8, explanation="own score 0.8").children
    ()
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    value: float | None = attrs.field(validator=v.number(optional=True))
    explanation: str = attrs.field(validator=v.text())
    children: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(), validator=v.tuple_of(Contribution)
    )


def _check_goals(goals: object) -> tuple[Goal, ...]:
    if isinstance(goals, str | bytes) or not isinstance(goals, Iterable):
        raise ValidationError.single("roll_up.goals", f"must be goals, got {v.describe(goals)}")
    checked = tuple(goals)
    problems = [
        Problem(path="roll_up.goals", message=f"must hold Goal items, got {v.describe(g)}")
        for g in checked
        if not isinstance(g, Goal)
    ]
    repeated = "" if problems else _repeats(g.id for g in checked)
    if repeated:
        problems.append(Problem(path="roll_up.goals", message=f"ids must not repeat: {repeated}"))
    if problems:
        raise ValidationError(problems)
    return checked


def _check_scores(scores: object, goals: tuple[Goal, ...]) -> dict[str, float]:
    if not isinstance(scores, Mapping):
        raise ValidationError.single(
            "roll_up.scores", f"must map goal ids to scores, got {v.describe(scores)}"
        )
    known = {g.id for g in goals}
    problems = [
        Problem(path="roll_up.scores", message=f"{key!r} is not one of the goals")
        if key not in known
        else Problem(
            path="roll_up.scores",
            message=f"score of {key!r} must be a finite number, got {v.describe(score)}",
        )
        for key, score in scores.items()
        if key not in known or not _is_number(score)
    ]
    if problems:
        raise ValidationError(problems)
    return dict(scores)


def _check_options(weighted: object, withdrawn: object, missing: object) -> frozenset[str]:
    problems: list[Problem] = []
    if not isinstance(weighted, bool):
        problems.append(
            Problem(path="roll_up.weighted", message=f"must be true or false, got {weighted!r}")
        )
    if isinstance(withdrawn, str | bytes) or not isinstance(withdrawn, Collection):
        problems.append(
            Problem(
                path="roll_up.withdrawn",
                message=f"must be a collection of goal ids, got {v.describe(withdrawn)}",
            )
        )
    if not isinstance(missing, MissingRule):
        problems.append(
            Problem(path="roll_up.missing", message=f"must be a MissingRule, got {missing!r}")
        )
    if problems:
        raise ValidationError(problems)
    return frozenset(cast("Collection[str]", withdrawn))


def _refuse_cycles(goals: tuple[Goal, ...]) -> None:
    parent = {g.id: g.parent_id for g in goals}
    done: set[str] = set()
    for goal in goals:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = goal.id
        while node is not None and node in parent and node not in done:
            if node in on_path:
                loop = [*path[path.index(node) :], node]
                raise ValidationError.single(
                    "roll_up.goals",
                    "parent_id links form a cycle: " + " → ".join(repr(i) for i in loop),
                )
            path.append(node)
            on_path.add(node)
            node = parent[node]
        done.update(path)


def roll_up(
    goals: Sequence[Goal],
    scores: Mapping[str, float],
    *,
    weighted: bool = True,
    withdrawn: Collection[str] = (),
    missing: MissingRule = MissingRule.RENORMALISE,
) -> dict[str, RollUp]:
    """Roll goal scores up the ``parent_id`` tree: a parent's progress is the mean of its children.

    A goal with active children gets the mean of their values, weighted by
    their goal ``weight`` (a plain mean when ``weighted=False`` or when all the
    children weigh 0); a goal without active children keeps its own score from
    ``scores``. A goal with neither is missing (``value=None``, never 0), and
    ``missing`` decides how a missing child counts in its parent: left out
    (default), as 0, or refused. Goals in ``withdrawn`` are left out entirely;
    a withdrawn parent's children become roots. A ``parent_id`` that names no
    goal (a team or company objective such as ``"company/growth"``) gets a
    roll-up of its own children. Scores may only name goals; the own score of
    a goal that has active children is not used. ``parent_id`` cycles raise
    :class:`perfcore.ValidationError`.

    Returns a dict keyed by goal id: the active goals in the order given, then
    the outside parents, sorted.

    >>> tree = [
    ...     Goal(id="g1", title="Grow revenue", weight=60, parent_id="company/growth"),
    ...     Goal(id="g2", title="Win new clients", weight=40, parent_id="company/growth"),
    ...     Goal(id="g3", title="Draft the plan", weight=50, parent_id="g2"),
    ...     Goal(id="g4", title="Run the pilot", weight=50, parent_id="g2"),
    ... ]
    >>> result = roll_up(tree, {"g1": 0.8, "g3": 1.0, "g4": 0.5})
    >>> result["g2"].explanation
    'weighted mean of 2 active children by goal weight: (50 × 1 + 50 × 0.5) / 100 = 0.75'
    >>> result["company/growth"].value
    0.78
    >>> roll_up(tree, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, withdrawn={"g4"})["g2"].value
    1.0
    """
    checked = _check_goals(goals)
    known_scores = _check_scores(scores, checked)
    gone = _check_options(weighted, withdrawn, missing)
    _refuse_cycles(checked)
    tree = _Tree.of(checked, gone)
    unscored = [n for n in tree.nodes if n not in tree.children and n not in known_scores]
    if unscored and missing is MissingRule.REFUSE:
        raise ValidationError(
            Problem(
                path="roll_up.scores",
                message=f"goal {n!r} has no score and no active children (missing='refuse')",
            )
            for n in unscored
        )
    results: dict[str, RollUp] = {}
    for node in tree.deepest_first():
        notes: list[str] = []
        if node not in tree.goals:
            notes.append(f"{node!r} is not one of the goals")
        if node in tree.withdrawn_children:
            left_out = ", ".join(map(repr, tree.withdrawn_children[node]))
            notes.append(f"withdrawn children left out: {left_out}")
        kids = tree.children.get(node)
        if kids is None:
            results[node] = _leaf(node, known_scores.get(node), notes)
            continue
        if node in known_scores:
            notes.append(f"its own score {_fmt(known_scores[node])} is not used")
        results[node] = _parent(
            node, kids, results, weighted=weighted, missing=missing, notes=notes
        )
    return {node: results[node] for node in tree.nodes}


@attrs.frozen
class _Tree:
    """The active part of a goal tree: nodes, their active children, and withdrawn children."""

    goals: Mapping[str, Goal]
    nodes: tuple[str, ...]
    """Active goals in the order given, then the outside parents, sorted."""
    children: Mapping[str, tuple[Goal, ...]]
    withdrawn_children: Mapping[str, tuple[str, ...]]
    gone: frozenset[str]

    @classmethod
    def of(cls, goals: tuple[Goal, ...], gone: frozenset[str]) -> _Tree:
        children: dict[str, list[Goal]] = {}
        dropped: dict[str, list[str]] = {}
        for goal in goals:
            if goal.parent_id is None or goal.parent_id in gone:
                continue
            if goal.id in gone:
                dropped.setdefault(goal.parent_id, []).append(goal.id)
            else:
                children.setdefault(goal.parent_id, []).append(goal)
        by_id = {g.id: g for g in goals}
        outside = sorted(parent for parent in children if parent not in by_id)
        return cls(
            goals=by_id,
            nodes=(*(g.id for g in goals if g.id not in gone), *outside),
            children={k: tuple(kids) for k, kids in children.items()},
            withdrawn_children={k: tuple(ids) for k, ids in dropped.items()},
            gone=gone,
        )

    def parent_of(self, node: str) -> str | None:
        goal = self.goals.get(node)
        if goal is None or goal.parent_id is None or goal.parent_id in self.gone:
            return None
        return goal.parent_id

    def deepest_first(self) -> list[str]:
        """The nodes ordered so that every child comes before its parent."""
        depth: dict[str, int] = {}
        for node in self.nodes:
            chain: list[str] = []
            cursor: str | None = node
            while cursor is not None and cursor not in depth:
                chain.append(cursor)
                cursor = self.parent_of(cursor)
            base = -1 if cursor is None else depth[cursor]
            for offset, item in enumerate(reversed(chain), start=1):
                depth[item] = base + offset
        return sorted(self.nodes, key=lambda n: -depth[n])


def _leaf(node: str, score: float | None, notes: list[str]) -> RollUp:
    if score is None:
        return RollUp(
            goal_id=node,
            value=None,
            explanation="; ".join(["no score and no active children: missing", *notes]),
        )
    return RollUp(
        goal_id=node,
        value=float(score),
        explanation="; ".join([f"own score {_fmt(score)}", *notes]),
    )


def _parent(  # noqa: PLR0913 - the node, its children, what they rolled up to, and the options
    node: str,
    kids: tuple[Goal, ...],
    results: Mapping[str, RollUp],
    *,
    weighted: bool,
    missing: MissingRule,
    notes: list[str],
) -> RollUp:
    plain = not weighted or all(k.weight == 0 for k in kids)
    parts = [
        Part(key=k.id, value=results[k.id].value, weight=1 if plain else k.weight) for k in kids
    ]
    mean = _mean(parts, missing, where="roll_up.scores", noun="goal", plain=plain)
    how = "mean" if plain else "weighted mean"
    count = f"{len(kids)} active child" + ("" if len(kids) == 1 else "ren")
    by = "" if plain else " by goal weight"
    return RollUp(
        goal_id=node,
        value=mean.value,
        explanation="; ".join([f"{how} of {count}{by}: {mean.explanation}", *notes]),
        children=mean.used,
        contributions=mean.contributions,
    )


# --- rating bands ---------------------------------------------------------------------


def _check_upper(inst: Band, attr: attrs.Attribute[Any], value: object) -> None:
    if _is_number(value) and _is_number(inst.lower) and cast("float", value) <= inst.lower:
        v.fail(
            inst, attr, f"must be above lower {_fmt(inst.lower)}, got {_fmt(cast('float', value))}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Band:
    """One labelled score range: ``lower`` included, ``upper`` excluded (unless it is the last).

    >>> Band(label="Meets", lower=2.5, upper=3.5).label
    'Meets'
    """

    label: str = attrs.field(validator=v.text(max_length=200))
    lower: float = attrs.field(validator=v.number())
    upper: float = attrs.field(validator=[v.number(), _check_upper])


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BandChoice:
    """The band a score falls in, with the interval written out.

    >>> BandChoice(score=3.2, label="Meets", lower=2.5, upper=3.5,
    ...            explanation="3.2 lies in [2.5, 3.5): Meets").label
    'Meets'
    """

    score: float = attrs.field(validator=v.number())
    label: str = attrs.field(validator=v.text(max_length=200))
    lower: float = attrs.field(validator=v.number())
    upper: float = attrs.field(validator=v.number())
    explanation: str = attrs.field(validator=v.text())


def _check_bands(inst: object, attr: attrs.Attribute[Any], value: tuple[Band, ...]) -> None:
    """Runs after ``tuple_of(Band)`` and ``non_empty_tuple`` have passed."""
    path = f"{type(inst).__name__}.{attr.name}"
    problems: list[Problem] = []
    for before, band in itertools.pairwise(value):
        if band.lower < before.lower:
            message = (
                f"must be in ascending order: {band.label!r} (from {_fmt(band.lower)})"
                f" comes after {before.label!r} (from {_fmt(before.lower)})"
            )
        elif band.lower > before.upper:
            message = (
                f"gap between {before.label!r} (up to {_fmt(before.upper)})"
                f" and {band.label!r} (from {_fmt(band.lower)})"
            )
        elif band.lower < before.upper:
            message = (
                f"{before.label!r} (up to {_fmt(before.upper)})"
                f" overlaps {band.label!r} (from {_fmt(band.lower)})"
            )
        else:
            continue
        problems.append(Problem(path=path, message=message))
    repeated = _repeats(b.label for b in value)
    if repeated:
        problems.append(Problem(path=path, message=f"labels must not repeat: {repeated}"))
    if problems:
        raise ValidationError(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingBands:
    """Score → label: contiguous, non-overlapping bands in ascending order.

    Each band's ``lower`` must equal the previous band's ``upper`` exactly.
    A band holds scores from its lower bound (included) up to its upper bound
    (excluded); the last band also holds its upper bound, so the top score of
    the range has a label. A score outside the range is refused.

    >>> bands = RatingBands.from_edges(
    ...     (1, 2.5, 3.5, 4.5, 5), ("Needs improvement", "Meets", "Exceeds", "Strongly exceeds"))
    >>> bands.choose(3.2).explanation
    '3.2 lies in [2.5, 3.5): Meets'
    >>> bands.choose(3.5).label, bands.choose(5).explanation
    ('Exceeds', '5 lies in [4.5, 5]: Strongly exceeds')
    >>> bands.choose(0.5)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: RatingBands.score: 0.5 lies outside the bands' range [1, 5]
    """

    NAME: ClassVar[str] = "rating_bands"

    bands: tuple[Band, ...] = attrs.field(
        validator=[v.tuple_of(Band), v.non_empty_tuple(), _check_bands]
    )

    @classmethod
    def from_edges(cls, edges: Sequence[float], labels: Sequence[str]) -> RatingBands:
        """Bands between consecutive ``edges``, labelled in order: contiguous by construction.

        >>> RatingBands.from_edges((0, 0.4, 0.7, 1), ("red", "yellow", "green")).choose(0.65).label
        'yellow'
        """
        for name, given in (("edges", edges), ("labels", labels)):
            if not isinstance(given, list | tuple):
                raise ValidationError.single(
                    f"RatingBands.{name}", f"must be a list, got {v.describe(given)}"
                )
        if len(labels) != len(edges) - 1:
            raise ValidationError.single(
                "RatingBands.bands",
                f"needs one label per band: {len(edges)} edges make {max(len(edges) - 1, 0)}"
                f" bands, got {len(labels)} labels",
            )
        return cls(
            bands=tuple(
                Band(label=label, lower=lower, upper=upper)
                for label, (lower, upper) in zip(labels, itertools.pairwise(edges), strict=True)
            )
        )

    @property
    def name(self) -> str:
        """The registry name, ``"rating_bands"``."""
        return self.NAME

    @property
    def bounds(self) -> Bounds:
        """The range the bands cover, both ends included.

        >>> RatingBands.from_edges((0, 1, 2), ("low", "high")).bounds
        Bounds(low=0, high=2)
        """
        return Bounds(low=self.bands[0].lower, high=self.bands[-1].upper)

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters: ``{"bands": [{"label", "lower", "upper"}, ...]}``.

        >>> RatingBands.from_edges((0, 1), ("all",)).params()
        {'bands': [{'label': 'all', 'lower': 0, 'upper': 1}]}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> RatingBands:
        """Build from :meth:`params` data; a bad band is reported at ``$.params.bands[i]``.

        >>> RatingBands.from_params({"bands": [{"label": "all", "lower": 0, "upper": 1}]}).bands
        (Band(label='all', lower=0, upper=1),)
        """
        raw = params.get("bands") if isinstance(params, Mapping) else None
        if isinstance(raw, list | tuple):
            bands: list[Band] = []
            problems: list[Problem] = []
            for index, item in enumerate(raw):
                where = f"$.params.bands[{index}]"
                if isinstance(item, Band):
                    bands.append(item)
                elif isinstance(item, Mapping):
                    try:
                        bands.append(_from_params(Band, item, path=where))
                    except ValidationError as exc:
                        problems.extend(exc.problems)
                else:
                    problems.append(
                        Problem(path=where, message=f"must be an object, got {v.describe(item)}")
                    )
            if problems:
                raise ValidationError(problems)
            params = {**params, "bands": tuple(bands)}
        return _from_params(cls, params)

    def choose(self, score: float) -> BandChoice:
        """The band ``score`` lies in; outside the range raises at ``RatingBands.score``."""
        if not _is_number(score):
            raise ValidationError.single(
                "RatingBands.score", f"must be a finite number, got {v.describe(score)}"
            )
        last = self.bands[-1]
        for band in self.bands:
            closed = band is last
            if band.lower <= score and (score < band.upper or (closed and score == band.upper)):
                interval = f"[{_fmt(band.lower)}, {_fmt(band.upper)}{']' if closed else ')'}"
                return BandChoice(
                    score=score,
                    label=band.label,
                    lower=band.lower,
                    upper=band.upper,
                    explanation=f"{_fmt(score)} lies in {interval}: {band.label}",
                )
        raise ValidationError.single(
            "RatingBands.score",
            f"{_fmt(score)} lies outside the bands' range"
            f" [{_fmt(self.bands[0].lower)}, {_fmt(last.upper)}]",
        )
