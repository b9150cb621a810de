"""What scoring returns: scores that carry their own explanation.

Every number perfcore computes comes with its breakdown, so an app can show it
as the basis of a rating and an auditor can recompute it. Values are plain
floats; nothing is rounded here (see :func:`present` for the one rounding rule).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, ClassVar, Protocol, TypeVar

import attrs

from perfcore import _validators as v
from perfcore._unchecked import builder, fill_once, guarded, later
from perfcore.errors import ValidationError

T = TypeVar("T")

__all__ = ["Bounds", "Combination", "Contribution", "GoalScore", "Part", "present"]


def _check_high(inst: Bounds, attr: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and isinstance(inst.low, int | float) and value <= inst.low:
        v.fail(inst, attr, f"must be above low {inst.low:g}, got {value:g}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Bounds:
    """The range a strategy's scores fall in; ``high=None`` means unbounded above.

    >>> Bounds(low=0, high=1.5).contains(1.2)
    True
    >>> Bounds(low=0, high=None).contains(7.0)
    True
    """

    low: float = attrs.field(validator=v.number())
    high: float | None = attrs.field(validator=[v.number(optional=True), _check_high])

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the bounds (both ends included)."""
        v.require(value, int | float, "value")
        return self.low <= value and (self.high is None or value <= self.high)


class _Explained:
    """Base of a result whose explanation is written when it is first read.

    Holds, in slots outside the attrs fields, what writes it: the strategy
    that made the result (``_by``) and the inputs the text needs that the
    result's fields do not hold (``_of``: a goal's measure, a combination's
    parts, a band); the text is ``_by._explanation(_of, number)``, where
    ``number`` is the field the class names in ``_EXPLAINED_FROM`` (a goal
    score's ``actual``, a combination's ``value``, a band choice's ``score``).
    References to objects that exist anyway, so a result explained later
    holds less than the text would.
    """

    __slots__ = ("_by", "_of")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalScore(_Explained):
    """One goal's score: the raw result, the attainment, and how it was reached.

    ``attainment`` is the strategy's score (for most, ``1.0`` means the target
    was met); ``explanation`` says in words how the number came about; ``band``
    is a label some strategies attach (an OKR colour, a scale label). A scorer
    may leave the explanation to be written when it is first read (for bulk
    scoring, where most are never read): the text, equality, hash, repr and
    data are the same either way.

    >>> GoalScore(goal_id="g1", strategy="yes_no", actual=1, attainment=1.0,
    ...           explanation="done: 1").attainment
    1.0
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    strategy: str = attrs.field(validator=v.identifier())
    actual: float = attrs.field(validator=v.number())
    attainment: float = attrs.field(validator=v.number())
    explanation: str = attrs.field(validator=v.text())
    band: str | None = attrs.field(default=None, validator=v.optional_text())

    _EXPLAINED_FROM: ClassVar[str] = "actual"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Part:
    """One input of a combination: a key (goal id or component name), its value and weight.

    ``value=None`` marks a missing part (no self-assessment, say); the combiner's
    rule for missing parts decides what happens to it.

    >>> Part(key="goals", value=0.8, weight=50).weight
    50
    """

    key: str = attrs.field(validator=v.text(max_length=200))
    value: float | None = attrs.field(validator=v.number(optional=True))
    weight: float = attrs.field(validator=v.number(minimum=0))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Contribution:
    """How one part counted: its value, its weight as given and as applied, its share.

    ``applied_weight`` is the fraction of the total this part carries after any
    renormalisation (the applied weights of a combination sum to 1);
    ``contribution = applied_weight × value`` (0 for a part counted as zero).
    """

    key: str = attrs.field(validator=v.text(max_length=200))
    value: float | None = attrs.field(validator=v.number(optional=True))
    weight: float = attrs.field(validator=v.number(minimum=0))
    applied_weight: float = attrs.field(validator=v.number(minimum=0))
    contribution: float = attrs.field(validator=v.number())
    note: str = attrs.field(default="", validator=v.text(allow_empty=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Combination(_Explained):
    """The result of combining parts: the value and every part's contribution.

    A combiner may leave the explanation to be written when it is first read,
    as a scorer may for a :class:`GoalScore`: the text, equality, hash, repr
    and data are the same either way.

    >>> c = Combination(strategy="weighted_mean", value=0.75, explanation="...",
    ...                 contributions=())
    >>> c.value
    0.75
    """

    strategy: str = attrs.field(validator=v.identifier())
    value: float = attrs.field(validator=v.number())
    contributions: tuple[Contribution, ...] = attrs.field(validator=v.tuple_of(Contribution))
    explanation: str = attrs.field(validator=v.text())

    _EXPLAINED_FROM: ClassVar[str] = "value"


def present(value: float, places: int = 2) -> str:
    """The one rounding rule: round half to even at ``places`` decimals, for display only.

    Scores are kept unrounded; apps round only when they show a number.

    >>> present(3.125), present(3.135), present(2.0, 0)
    ('3.12', '3.14', '2')
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError.single("present.value", f"must be a finite number, got {value!r}")
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_EVEN))


class _Explainer(Protocol):
    """A strategy that writes a result's explanation from its inputs and the result's number."""

    def _explanation(self, inputs: Any, number: float, /) -> str: ...  # noqa: ANN401 - its own inputs


def _explain_on_first_read(record: _Explained, name: str) -> object:
    """``record.explanation`` when a strategy left it to be written: write it once and keep it.

    Python calls this only for an attribute not found, which for a slotted
    record is a field never set; the explanation is the only field a
    strategy may leave unset.
    """
    if name != "explanation":
        message = f"{type(record).__name__!r} object has no attribute {name!r}"
        raise AttributeError(message)
    writer: _Explainer = object.__getattribute__(record, "_by")
    number = getattr(record, type(record)._EXPLAINED_FROM)  # type: ignore[attr-defined]  # noqa: SLF001
    text = writer._explanation(object.__getattribute__(record, "_of"), number)  # noqa: SLF001
    fill_once(record, "explanation", text)  # the same text on every read
    return text


def _explained_on_read(cls: type[T]) -> type[T]:
    """Let ``cls`` (an :class:`_Explained` record) write its explanation when first read.

    Set after the class is made, so that type checkers still refuse unknown attributes.
    """
    setattr(cls, "__getattr__", _explain_on_first_read)  # noqa: B010
    return cls


_explained_on_read(GoalScore)
_explained_on_read(Combination)


def _is_label(band: object) -> bool:
    """A short label (at most 200 characters, not blank), as validated scales and bands hold."""
    return type(band) is str and 0 < len(band) <= 200 and not band.isspace()


_BUILT_IN = frozenset(
    {
        "threshold_target_stretch",
        "baseline_progress",
        "milestone_completion",
        "yes_no",
        "scale_rating",
        "okr_grade",
    }
)
"""The built-in scorers' names: identifiers, so a score that carries one needs no test."""


def _goal_score_explained_later(  # noqa: PLR0913 - a score's fields and its writer
    *,
    goal_id: str,
    strategy: str,
    actual: float,
    attainment: float,
    by: _Explainer,
    of: object,
    band: str | None = None,
) -> GoalScore:
    """A :class:`GoalScore` whose explanation ``by._explanation(of, actual)`` writes when read.

    ``goal_id`` comes from a validated goal; ``strategy`` (the scorer's name)
    is taken as it is when it is a built-in scorer's; ``actual`` and
    ``attainment`` are built unchecked when they are finite floats, ``band``
    when it is ``None`` or a label of a validated scale or band list (at most
    200 characters, not blank). Anything else goes to the validating
    constructor, with the explanation written now.
    """
    if (
        type(actual) is float
        and type(attainment) is float
        and actual - actual == 0.0  # finite
        and attainment - attainment == 0.0
        and strategy in _BUILT_IN
        and (band is None or _is_label(band))
    ):
        return _explained_later(
            goal_id=goal_id,
            strategy=strategy,
            actual=actual,
            attainment=attainment,
            band=band,
            _by=by,
            _of=of,
        )
    return _goal_score(
        goal_id=goal_id,
        strategy=strategy,
        actual=actual,
        attainment=attainment,
        explanation=by._explanation(of, actual),  # noqa: SLF001
        band=band,
    )


_explained_later = later(GoalScore, "explanation", ("_by", "_of"))
"""A :class:`GoalScore` of checked values whose explanation is written when first read."""

_goal_score = guarded(GoalScore)
"""``GoalScore(...)`` for a scorer's result: built unchecked when every value passes
its field's quick test (the validators' own), else by the validating constructor."""
_part = builder(Part)
"""A :class:`Part` of values validated already (a goal's id, a score, a goal weight)."""
_contribution = builder(Contribution)
"""A :class:`Contribution` of a validated part and the finite weights worked out from it."""
_combination = guarded(Combination, trusted=("contributions",))
"""``Combination(...)`` of contributions built from validated parts; the rest is tested."""
_combination_later = later(Combination, "explanation", ("_by", "_of"))
"""A :class:`Combination` of checked values whose explanation is written when first read."""
