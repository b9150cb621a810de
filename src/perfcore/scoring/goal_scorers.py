"""The built-in goal scorers: one goal's result in, an explained score out.

Each scorer is a frozen attrs class whose fields are its parameters, so
``Scorer.from_params(scorer.params()) == scorer`` and a registry can store it
as plain data. Every score carries an explanation with the numbers that
produced it, so a reader can check it by hand.

=========================  ===========================  ================================
Scorer                     Goal's measure               ``actual`` is
=========================  ===========================  ================================
ThresholdTargetStretch     NumericMeasure               the measured value
BaselineProgress           NumericMeasure with baseline the measured value
OkrGrade                   any (the grade is the input) a key-result grade, 0.0–1.0
MilestoneCompletion        MilestoneMeasure             how many steps are done, in order
YesNo                      YesNoMeasure                 1 (yes) or 0 (no)
ScaleRating                ScaleMeasure                 the level on the measure's scale
=========================  ===========================  ================================

A scorer raises :class:`perfcore.ValidationError` at ``goal.measure`` when the
goal's measure is missing or of another kind, and at ``actual`` when the result
is not a finite number in the range the measure allows.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, NoReturn, Self, TypeVar

import attrs

from perfcore import _validators as v
from perfcore import strategies
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.measures import (
    Direction,
    MilestoneMeasure,
    NumericMeasure,
    ScaleMeasure,
    YesNoMeasure,
)
from perfcore.scales import RatingScale
from perfcore.scoring.results import Bounds, GoalScore, _goal_score

__all__ = [
    "DEFAULT_OKR_BANDS",
    "GOAL_SCORERS",
    "BaselineProgress",
    "MilestoneCompletion",
    "OkrGrade",
    "ScaleRating",
    "ThresholdTargetStretch",
    "YesNo",
]

M = TypeVar("M")

_LARGEST = sys.float_info.max
_MAX_WEIGHT = 1_000_000
_LISTED = 20
"""Up to this many weights or grades are spelled out in an explanation; beyond, only sums."""


# --- shared helpers -----------------------------------------------------------------


def _fmt(x: float) -> str:
    """A number as people write it: ``0.6``, ``1000``, ``1.5`` (never ``-0``)."""
    return f"{x + 0.0:.10g}"


def _term(x: float) -> str:
    """A number as an operand in a formula: negatives in brackets, as in ``(3 − (-2))``."""
    return f"({_fmt(x)})" if x < 0 else _fmt(x)


def _ratio(x: float, low: float, high: float) -> float:
    """``(x − low) / (high − low)``, computed without overflowing on the way.

    Halving every operand first gives the same quotient for ordinary numbers
    and keeps huge ones finite; a quotient beyond the float range is clamped
    to the largest float, which keeps it monotone in ``x``.
    """
    num, den = x - low, high - low
    if not (math.isfinite(num) and math.isfinite(den)):
        num, den = x / 2 - low / 2, high / 2 - low / 2
    return max(-_LARGEST, min(num / den, _LARGEST))


def _is_number(value: object) -> bool:
    """A finite ``int`` or ``float`` that is not a ``bool``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _actual(actual: object) -> float:
    """``actual`` as a float; a ValidationError at ``actual`` unless a finite number."""
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        raise ValidationError.single("actual", f"must be a number, got {v.describe(actual)}")
    if not _is_number(actual):
        shown = v.describe(actual).partition(" ")[2]
        raise ValidationError.single("actual", f"must be a finite number, got {shown}")
    return float(actual)


def _refuse_actual(path: str, actual: object) -> NoReturn:
    """Raise :func:`_actual`'s error for a result that is not a finite number, at ``path``."""
    try:
        _actual(actual)
    except ValidationError as exc:
        raise ValidationError.single(path, exc.problems[0].message) from None
    raise AssertionError("unreachable: _actual refuses it")  # pragma: no cover


def _measure(goal: object, kind: type[M], scorer: str) -> M:
    """The goal's measure, which must be a ``kind``; else a ValidationError at ``goal.measure``."""
    if not isinstance(goal, Goal):
        raise ValidationError.single("goal", f"must be a Goal, got {v.describe(goal)}")
    measure = goal.measure
    if not isinstance(measure, kind):
        has = "no measure" if measure is None else f"a {type(measure).__name__}"
        raise ValidationError.single(
            "goal.measure", f"goal {goal.id!r} has {has}; {scorer} needs a {kind.__name__}"
        )
    return measure


def _above(other: str) -> v.Validator:
    """A number strictly above the field ``other`` (when that one is a number)."""

    def check(inst: object, attr: attrs.Attribute[Any], value: float) -> None:
        low = getattr(inst, other)
        if _is_number(low) and _is_number(value) and value <= low:
            v.fail(inst, attr, f"must be above {other} {low:g}, got {value:g}")

    return check


def _positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A finite number above 0 and at most a million (a relative weight)."""
    v.number(maximum=_MAX_WEIGHT)(inst, attr, value)
    if isinstance(value, int | float) and value <= 0:
        v.fail(inst, attr, f"must be above 0, got {value:g}")


class _Scorer:
    """What every built-in scorer shares: its name, its params and how to rebuild it."""

    __slots__ = ()

    NAME: ClassVar[str]

    @property
    def name(self) -> str:
        """The registry name (``NAME``)."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """The scorer's fields as JSON-ready data; :meth:`from_params` turns them back."""
        return strategies.params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build the scorer from JSON-ready ``params``; problems are reported at ``$.params.…``."""
        return strategies.from_params(cls, params)

    def _result(
        self,
        goal: Goal,
        actual: float,
        attainment: float,
        explanation: str,
        band: str | None = None,
    ) -> GoalScore:
        return _goal_score(goal.id, self.NAME, actual, attainment + 0.0, explanation, band)


# --- threshold / target / stretch ---------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ThresholdTargetStretch(_Scorer):
    """A payout curve through the measure's threshold, target and stretch.

    Source: the threshold / target / stretch payout curve of incentive plans,
    also offered by goal plans in SAP SuccessFactors and Workday. Each point of
    the goal's :class:`~perfcore.NumericMeasure` earns a payout (by default
    threshold 0.5, target 1.0, stretch 1.5). Short of the threshold nothing is
    paid; between neighbouring points the payout rises in a straight line;
    beyond the stretch it stays at the stretch payout. For a lower-is-better
    measure (cost, defects, days late) the axis is mirrored: "beyond" means
    lower.

    The curve jumps from 0 to the threshold payout at the threshold, as
    incentive plans do (set ``threshold_payout=0`` for no jump). When the
    measure leaves out a point:

    * no threshold, but a baseline: the curve starts at the baseline with
      payout 0 and rises straight to the target payout at the target (below the
      target this is the target payout times :class:`BaselineProgress`);
    * no threshold and no baseline: nothing is paid short of the target, and
      the target payout is paid from the target on (all or nothing);
    * no stretch: the payout stops rising at the target payout.

    Worked example: sales, threshold 900, target 1000, stretch 1200.

    >>> from perfcore import Goal, NumericMeasure
    >>> sales = Goal(id="sales", title="Grow sales",
    ...              measure=NumericMeasure(unit="EUR k", threshold=900, target=1000,
    ...                                     stretch=1200))
    >>> curve = ThresholdTargetStretch()
    >>> [curve.score(sales, x).attainment for x in (850, 900, 950, 1000, 1100, 1300)]
    [0.0, 0.5, 0.75, 1.0, 1.25, 1.5]
    >>> print(curve.score(sales, 920).explanation)
    920 lies between threshold 900 (payout 0.5) and target 1000 (payout 1):
    0.5 + (920 − 900)/(1000 − 900) × (1 − 0.5) = 0.6

    Defects, lower is better: threshold 30, target 20, stretch 10.

    >>> from perfcore import Direction
    >>> defects = Goal(id="defects", title="Fewer defects",
    ...                measure=NumericMeasure(unit="defects", threshold=30, target=20,
    ...                                       stretch=10, direction=Direction.LOWER_IS_BETTER))
    >>> [curve.score(defects, x).attainment for x in (35, 30, 25, 20, 15, 5)]
    [0.0, 0.5, 0.75, 1.0, 1.25, 1.5]
    """

    NAME: ClassVar[str] = "threshold_target_stretch"

    threshold_payout: float = attrs.field(default=0.5, validator=v.number(minimum=0))
    """Paid at the threshold; at least 0."""
    target_payout: float = attrs.field(
        default=1.0, validator=[v.number(minimum=0), _above("threshold_payout")]
    )
    """Paid at the target; above ``threshold_payout``."""
    stretch_payout: float = attrs.field(
        default=1.5, validator=[v.number(minimum=0), _above("target_payout")]
    )
    """Paid at and beyond the stretch; above ``target_payout``. Also the highest score."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to the stretch payout."""
        return Bounds(low=0, high=self.stretch_payout)

    def points(self, measure: NumericMeasure) -> tuple[tuple[str, float, float], ...]:
        """The curve's corners for ``measure``: ``(name, value, payout)``, worst value first.

        The first point is the threshold, or else the baseline (payout 0), or
        else the target; the stretch comes last when the measure has one.

        >>> ThresholdTargetStretch().points(NumericMeasure(unit="%", baseline=60, target=90))
        (('baseline', 60, 0.0), ('target', 90, 1.0))
        """
        v.require(measure, NumericMeasure, "measure")
        corners: list[tuple[str, float, float]] = []
        if measure.threshold is not None:
            corners.append(("threshold", measure.threshold, self.threshold_payout))
        elif measure.baseline is not None:
            corners.append(("baseline", measure.baseline, 0.0))
        corners.append(("target", measure.target, self.target_payout))
        if measure.stretch is not None:
            corners.append(("stretch", measure.stretch, self.stretch_payout))
        return tuple(corners)

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The payout for ``actual`` on the curve through the goal's measure."""
        measure = _measure(goal, NumericMeasure, self.NAME)
        value = _actual(actual)
        payout, explanation = self._payout(measure, value)
        return self._result(goal, value, payout, explanation)

    def attainments(self, goal: Goal, actuals: Iterable[float]) -> list[float]:
        """The payouts for many results of one goal, without explanations: a fast path.

        Equal to ``[self.score(goal, a).attainment for a in actuals]``, computed
        with the curve's corners worked out once. Use it for bulk scoring (a
        whole organisation's results); use :meth:`score` when the explanation
        matters. A bad result raises :class:`perfcore.ValidationError` at
        ``actuals[i]``.

        >>> goal = Goal(id="g1", title="Revenue",
        ...             measure=NumericMeasure(unit="EUR k", threshold=80, target=100, stretch=120))
        >>> ThresholdTargetStretch().attainments(goal, [70, 90, 100, 130])
        [0.0, 0.75, 1.0, 1.5]
        """
        measure = _measure(goal, NumericMeasure, self.NAME)
        corners = [(point, payout) for _, point, payout in self.points(measure)]
        sign = 1.0 if measure.direction is Direction.HIGHER_IS_BETTER else -1.0
        first = corners[0][0]
        last, last_pay = corners[-1]
        # each segment with its width worked out once: low, low payout, high, high payout,
        # high − low, whether that is finite, and the payout's rise (_ratio inlined below)
        segments = [
            (
                low,
                low_pay,
                high,
                high_pay,
                high - low,
                math.isfinite(high - low),
                high_pay - low_pay,
            )
            for (low, low_pay), (high, high_pay) in itertools.pairwise(corners)
        ]
        out: list[float] = []
        append = out.append
        for index, actual in enumerate(actuals):
            if type(actual) is float and actual - actual == 0.0:  # a finite float
                value = actual
            elif _is_number(actual):
                value = float(actual)
            else:
                _refuse_actual(f"actuals[{index}]", actual)
            if sign * (first - value) > 0:
                append(0.0)
                continue
            if sign * (value - last) > 0:
                append(last_pay + 0.0)
                continue
            for low, low_pay, high, high_pay, width, finite, rise in segments:
                if value == low:
                    append(low_pay + 0.0)
                    break
                if sign * (high - value) > 0:
                    num = value - low
                    if finite and num - num == 0.0:
                        ratio = max(-_LARGEST, min(num / width, _LARGEST))
                    else:
                        ratio = _ratio(value, low, high)
                    payout = low_pay + ratio * rise
                    append(min(max(payout, low_pay), high_pay) + 0.0)
                    break
            else:
                append(last_pay + 0.0)  # value == the last corner
        return out

    def _payout(self, measure: NumericMeasure, value: float) -> tuple[float, str]:
        # "a is better than b" is a > b, or a < b for a lower-is-better measure; each
        # number is formatted once, however often the explanation shows it.
        higher = measure.direction is Direction.HIGHER_IS_BETTER
        note = "" if higher else " (lower is better)"
        shown = _fmt(value)
        corners = self.points(measure)
        first_name, first_value, _ = corners[0]
        if first_value > value if higher else first_value < value:
            why = " (no threshold or baseline is set)" if first_name == "target" else ""
            return (
                0.0,
                f"{shown} falls short of {first_name} {_fmt(first_value)}{note}{why}: payout 0",
            )
        last_name, last_value, last_payout = corners[-1]
        if value > last_value if higher else value < last_value:
            why = "" if last_name == "stretch" else " and no stretch is set"
            return last_payout, (
                f"{shown} is beyond {last_name} {_fmt(last_value)}{note}{why}: "
                f"payout capped at the {last_name} payout {_fmt(last_payout)}"
            )
        for name, point, payout in corners:
            if value == point:
                return payout, f"{shown} is at {name} {_fmt(point)}: payout {_fmt(payout)}"
        for (low_name, low, low_pay), (high_name, high, high_pay) in itertools.pairwise(corners):
            if high > value if higher else high < value:
                payout = low_pay + _ratio(value, low, high) * (high_pay - low_pay)
                payout = min(max(payout, low_pay), high_pay)  # no rounding past a corner
                low_text, high_text = _fmt(low), _fmt(high)
                low_pay_text, high_pay_text = _fmt(low_pay), _fmt(high_pay)
                value_term = f"({shown})" if value < 0 else shown
                low_term = f"({low_text})" if low < 0 else low_text
                high_term = f"({high_text})" if high < 0 else high_text
                return payout, (
                    f"{shown} lies between {low_name} {low_text} (payout {low_pay_text}) and "
                    f"{high_name} {high_text} (payout {high_pay_text}): {low_pay_text} + "
                    f"({value_term} − {low_term})/({high_term} − {low_term}) × "
                    f"({high_pay_text} − {low_pay_text}) = {_fmt(payout)}"
                )
        raise AssertionError("unreachable: value lies on the curve")  # pragma: no cover


# --- baseline-relative progress -----------------------------------------------------


def _cap(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    v.number(optional=True)(inst, attr, value)
    if isinstance(value, int | float) and value <= 0:
        v.fail(inst, attr, f"must be above 0 (or None for no cap), got {value:g}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BaselineProgress(_Scorer):
    """How far the result has moved from the baseline towards the target.

    Source: the start-to-target progress shown by OKR tools,
    ``(actual − baseline) / (target − baseline)``. A result on the wrong side
    of the baseline scores 0. Progress past the target is cut at ``cap``
    (1.0 by default); ``cap=None`` keeps it, to show over-achievement. The
    formula needs no mirroring: for a lower-is-better measure both differences
    are negative. The goal's :class:`~perfcore.NumericMeasure` must have a
    baseline; its threshold and stretch play no part.

    Worked example: baseline 800, target 1000.

    >>> from perfcore import Goal, NumericMeasure
    >>> sales = Goal(id="sales", title="Grow sales",
    ...              measure=NumericMeasure(unit="EUR k", baseline=800, target=1000))
    >>> [BaselineProgress().score(sales, x).attainment for x in (700, 800, 950, 1000, 1100)]
    [0.0, 0.0, 0.75, 1.0, 1.0]
    >>> print(BaselineProgress(cap=None).score(sales, 1100).explanation)
    progress from baseline 800 to target 1000: (1100 − 800)/(1000 − 800) = 1.5

    Days to close a ticket, lower is better: baseline 10, target 4; 7 days is halfway.

    >>> from perfcore import Direction
    >>> tickets = Goal(id="tickets", title="Close tickets faster",
    ...                measure=NumericMeasure(unit="days", baseline=10, target=4,
    ...                                       direction=Direction.LOWER_IS_BETTER))
    >>> BaselineProgress().score(tickets, 7).attainment
    0.5
    """

    NAME: ClassVar[str] = "baseline_progress"

    cap: float | None = attrs.field(default=1.0, validator=_cap)
    """The highest score (above 0), or ``None`` for no cap."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to ``cap`` (unbounded above without a cap)."""
        return Bounds(low=0, high=self.cap)

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The share of the way from baseline to target that ``actual`` has covered."""
        measure = _measure(goal, NumericMeasure, self.NAME)
        value = _actual(actual)
        if measure.baseline is None:
            raise ValidationError.single(
                "goal.measure.baseline",
                f"goal {goal.id!r} has no baseline; {self.NAME} measures progress from one",
            )
        base, target = measure.baseline, measure.target
        progress = _ratio(value, base, target)
        if progress < 0:
            return self._result(
                goal,
                value,
                0.0,
                f"{_fmt(value)} is on the wrong side of baseline {_fmt(base)} "
                f"(target {_fmt(target)}): progress 0",
            )
        formula = (
            f"progress from baseline {_fmt(base)} to target {_fmt(target)}: "
            f"({_term(value)} − {_term(base)})/({_term(target)} − {_term(base)}) = "
            f"{_fmt(progress)}"
        )
        if self.cap is not None and progress > self.cap:
            return self._result(goal, value, self.cap, f"{formula}, capped at {_fmt(self.cap)}")
        return self._result(goal, value, progress, formula)


# --- OKR grading --------------------------------------------------------------------

DEFAULT_OKR_BANDS: tuple[tuple[float, str], ...] = ((0.0, "red"), (0.4, "yellow"), (0.7, "green"))
"""Red below 0.4, yellow from 0.4, green from 0.7: the usual OKR colours."""


_check_bands = v.fraction_bands()
"""OKR bands: ``(lower bound, label)`` pairs from 0, ascending, labels distinct."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class OkrGrade(_Scorer):
    """A key result graded from 0.0 to 1.0, with its colour band.

    Source: Google's re:Work guide "Grade OKRs". Each key result gets a grade
    between 0.0 and 1.0, and the grade is the score; landing around 0.6–0.7
    is what a well-set stretch objective expects. ``bands`` gives each colour
    its lower edge as ``(lower bound, label)`` pairs, starting at 0 and
    ascending; by default red below 0.4, yellow from 0.4, green from 0.7.

    The grade is the input, so the goal may have any measure, or none.
    :meth:`objective` grades a whole objective: the weighted mean of its key
    results' grades, with its band.

    >>> from perfcore import Goal
    >>> kr = Goal(id="kr1", title="Ship the new onboarding flow")
    >>> result = OkrGrade().score(kr, 0.65)
    >>> result.attainment, result.band
    (0.65, 'yellow')
    >>> grade = OkrGrade().objective([(0.9, 2), (0.6, 1), (0.3, 1)], objective_id="o1")
    >>> print(grade.explanation)
    weighted mean of 3 key results: (0.9 × 2 + 0.6 × 1 + 0.3 × 1)/(2 + 1 + 1) = 0.675:
    yellow (0.4 ≤ 0.675 < 0.7)
    """

    NAME: ClassVar[str] = "okr_grade"
    FOLLOWS_MEASURE_DIRECTION: ClassVar[bool] = False
    """The result is a grade where higher is always better, whatever the goal's measure."""

    bands: tuple[tuple[float, str], ...] = attrs.field(
        default=DEFAULT_OKR_BANDS, validator=_check_bands
    )
    """``(lower bound, label)`` pairs: the first at 0, bounds ascending, labels distinct."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to 1."""
        return Bounds(low=0, high=1)

    def band_for(self, grade: float) -> str:
        """The label of the band ``grade`` falls in (the last whose lower bound it reaches).

        >>> OkrGrade().band_for(0.39), OkrGrade().band_for(0.4), OkrGrade().band_for(1.0)
        ('red', 'yellow', 'green')
        """
        if not v.is_number(grade):
            message = f"must be a finite number, got {v.describe(grade)}"
            raise ValidationError.single("grade", message)
        return self._band(grade)[0]

    def _band(self, grade: float) -> tuple[str, str]:
        """The band's label and its edges in words, e.g. ``("yellow", "0.4 ≤ 0.65 < 0.7")``."""
        index = max(i for i, (bound, _) in enumerate(self.bands) if bound <= grade)
        bound, label = self.bands[index]
        edges = f"{_fmt(bound)} ≤ {_fmt(grade)}"
        if index + 1 < len(self.bands):
            edges += f" < {_fmt(self.bands[index + 1][0])}"
        return label, edges

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The grade itself, with its band; ``actual`` must lie between 0.0 and 1.0."""
        if not isinstance(goal, Goal):
            raise ValidationError.single("goal", f"must be a Goal, got {v.describe(goal)}")
        grade = _actual(actual)
        if not 0 <= grade <= 1:
            raise ValidationError.single(
                "actual", f"must be a grade from 0.0 to 1.0, got {_fmt(grade)}"
            )
        label, edges = self._band(grade)
        explanation = f"key result graded {_fmt(grade)}: {label} ({edges})"
        return self._result(goal, grade, grade, explanation, band=label)

    def objective(
        self,
        key_results: Sequence[float | tuple[float, float]],
        *,
        objective_id: str = "objective",
    ) -> GoalScore:
        """An objective's grade: the weighted mean of its key results' grades, with its band.

        Each key result is a grade (weight 1) or a ``(grade, weight)`` pair;
        weights are relative (0 to a million) and must not all be 0. The
        result is a :class:`GoalScore` for ``objective_id`` whose ``actual``
        and ``attainment`` are both the mean.

        >>> print(OkrGrade().objective([0.5, 0.7, 0.8, 1.0], objective_id="o1").explanation)
        mean of 4 key results: (0.5 + 0.7 + 0.8 + 1)/4 = 0.75: green (0.7 ≤ 0.75)
        >>> OkrGrade().objective([]).attainment
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: key_results: must not be empty
        """
        pairs = _key_results(key_results)
        top = max(weight for _, weight in pairs)  # relative to the largest: no tiny products
        total = math.fsum(weight / top for _, weight in pairs)
        mean = min(max(math.fsum(g * (w / top) for g, w in pairs) / total, 0.0), 1.0)
        weighted = any(weight != 1 for _, weight in pairs)
        count = f"{len(pairs)} key result{'s' if len(pairs) != 1 else ''}"
        if len(pairs) > _LISTED:
            formula = f"Σ grade × weight / Σ weight = {_fmt(mean)}"
        elif weighted:
            products = " + ".join(f"{_fmt(g)} × {_fmt(w)}" for g, w in pairs)
            weights = " + ".join(_fmt(w) for _, w in pairs)
            formula = f"({products})/({weights}) = {_fmt(mean)}"
        else:
            grades = " + ".join(_fmt(g) for g, _ in pairs)
            formula = f"({grades})/{len(pairs)} = {_fmt(mean)}"
        label, edges = self._band(mean)
        kind = "weighted mean" if weighted else "mean"
        return GoalScore(
            goal_id=objective_id,
            strategy=self.NAME,
            actual=mean,
            attainment=mean,
            explanation=f"{kind} of {count}: {formula}: {label} ({edges})",
            band=label,
        )


def _key_results(key_results: object) -> list[tuple[float, float]]:
    """Key results as ``(grade, weight)`` pairs, or a ValidationError at ``key_results``."""
    if isinstance(key_results, str | bytes) or not isinstance(key_results, Sequence):
        raise ValidationError.single(
            "key_results",
            f"must be a list of grades or (grade, weight) pairs, got {v.describe(key_results)}",
        )
    if not key_results:
        raise ValidationError.single("key_results", "must not be empty")
    pairs: list[tuple[float, float]] = []
    problems: list[Problem] = []
    for index, item in enumerate(key_results):
        grade, weight = item if isinstance(item, tuple) and len(item) == 2 else (item, 1)
        if not _is_number(grade) or not 0 <= grade <= 1:
            message = f"grade must be a number from 0.0 to 1.0, got {v.describe(grade)}"
        elif not _is_number(weight) or not 0 <= weight <= _MAX_WEIGHT:
            message = f"weight must be a number from 0 to {_MAX_WEIGHT}, got {v.describe(weight)}"
        else:
            pairs.append((grade, weight))
            continue
        problems.append(Problem(path=f"key_results[{index}]", message=message))
    if problems:
        raise ValidationError(problems)
    if not any(weight > 0 for _, weight in pairs):
        raise ValidationError.single("key_results", "weights must not all be 0")
    return pairs


# --- milestones ---------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MilestoneCompletion(_Scorer):
    """The share of a goal's ordered milestones that are done.

    Source: the weighted score ``Σ wᵢ·sᵢ / Σ wᵢ`` over the steps of a
    :class:`~perfcore.MilestoneMeasure`, each step scoring 1 when done and 0
    when not. Steps are done in order, so ``actual = 2`` means the first two.
    Without ``step_weights`` every step counts the same (``done / steps``);
    with them, one positive weight per step, in the measure's order (the count
    is checked when scoring, at ``params.step_weights``).

    ``actual`` must be a whole number from 0 to the number of steps (``2.0``
    is accepted as 2).

    >>> from perfcore import Goal, MilestoneMeasure
    >>> launch = Goal(id="launch", title="Launch the portal",
    ...               measure=MilestoneMeasure(steps=("design", "build", "test", "launch")))
    >>> MilestoneCompletion().score(launch, 3).attainment
    0.75
    >>> weighted = MilestoneCompletion(step_weights=(1, 3, 2, 4))
    >>> print(weighted.score(launch, 2).explanation)
    2 of 4 steps done, up to 'build'; they weigh 1 + 3 = 4 of the total 1 + 3 + 2 + 4 = 10:
    4/10 = 0.4
    """

    NAME: ClassVar[str] = "milestone_completion"

    step_weights: tuple[float, ...] | None = attrs.field(
        default=None,
        validator=attrs.validators.optional([v.tuple_of(_positive), v.non_empty_tuple()]),
    )
    """One weight per step, each above 0 (at most a million); ``None``: all steps equal."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to 1."""
        return Bounds(low=0, high=1)

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The (weighted) share of the goal's steps that the first ``actual`` of them make up."""
        steps = _measure(goal, MilestoneMeasure, self.NAME).steps
        value = _actual(actual)
        if not value.is_integer() or not 0 <= value <= len(steps):
            raise ValidationError.single(
                "actual",
                f"must be a whole number of steps from 0 to {len(steps)}, got {_fmt(value)}",
            )
        done = int(value)
        head = f"{done} of {len(steps)} steps done"
        if done:
            head += f", up to {steps[done - 1]!r}"
        if self.step_weights is None:
            share = done / len(steps)
            return self._result(goal, value, share, f"{head}: {done}/{len(steps)} = {_fmt(share)}")
        weights = self.step_weights
        if len(weights) != len(steps):
            raise ValidationError.single(
                "params.step_weights",
                f"has {len(weights)} weights but goal {goal.id!r} has {len(steps)} steps",
            )
        part, total = math.fsum(weights[:done]), math.fsum(weights)
        share = min(part / total, 1.0)
        part_text, total_text = _fmt(part), _fmt(total)
        if len(steps) <= _LISTED:  # spell the sums out
            total_text = f"{' + '.join(map(_fmt, weights))} = {total_text}"
            if done > 1:
                part_text = f"{' + '.join(map(_fmt, weights[:done]))} = {part_text}"
        return self._result(
            goal,
            value,
            share,
            f"{head}; they weigh {part_text} of the total {total_text}: "
            f"{_fmt(part)}/{_fmt(total)} = {_fmt(share)}",
        )


# --- yes / no -----------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class YesNo(_Scorer):
    """Done or not done: 1 scores 1.0, 0 scores 0.0.

    Source: the binary (achieved / not achieved) goal of goal-plan tools,
    scored 0 or 1 so that it weighs in like any other goal in a weighted
    score. The goal must have a :class:`~perfcore.YesNoMeasure`; ``actual``
    must be the number 1 (yes) or 0 (no); ``True``/``False`` are refused so that
    a missing answer cannot slip in as a boolean.

    >>> from perfcore import Goal, YesNoMeasure
    >>> cert = Goal(id="cert", title="Get certified",
    ...             measure=YesNoMeasure(question="Certification obtained?"))
    >>> print(YesNo().score(cert, 1).explanation)
    'Certification obtained?' answered yes (1): score 1
    """

    NAME: ClassVar[str] = "yes_no"

    @property
    def bounds(self) -> Bounds:
        """From 0 to 1."""
        return Bounds(low=0, high=1)

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """1.0 for a yes (``actual == 1``), 0.0 for a no (``actual == 0``)."""
        question = _measure(goal, YesNoMeasure, self.NAME).question
        value = _actual(actual)
        if value not in (0, 1):
            raise ValidationError.single("actual", f"must be 1 (yes) or 0 (no), got {_fmt(value)}")
        answer = "yes" if value == 1 else "no"
        return self._result(
            goal,
            value,
            value,
            f"{question!r} answered {answer} ({_fmt(value)}): score {_fmt(value)}",
        )


# --- rating scales ------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScaleRating(_Scorer):
    """A level on the goal's rating scale, placed on [0, 1] or carried onto another scale.

    Source: the linear mapping between rating scales: ``(r − min) / (max − min)``
    puts a rating on [0, 1], which can then be laid onto another scale (see
    :meth:`perfcore.RatingScale.convert`). The goal must have a
    :class:`~perfcore.ScaleMeasure`; ``actual`` is the level given and must lie
    on its scale. Without ``to_scale`` the score is the position on [0, 1];
    with it, the level on ``to_scale``. ``band`` is the measure's own label for
    the level, when its scale is labelled.

    ``to_scale`` is stored in params as ``{"minimum", "maximum", "labels"}``.

    >>> from perfcore import Goal, RatingScale, ScaleMeasure
    >>> five = RatingScale(minimum=1, maximum=5,
    ...                    labels=("Poor", "Fair", "Good", "Strong", "Top"))
    >>> quality = Goal(id="quality", title="Code quality",
    ...                measure=ScaleMeasure(scale=five, target=4))
    >>> result = ScaleRating().score(quality, 4)
    >>> result.attainment, result.band
    (0.75, 'Strong')
    >>> percent = ScaleRating(to_scale=RatingScale(minimum=0, maximum=100))
    >>> print(percent.score(quality, 4).explanation)
    level 4 ('Strong') on the scale 1-5 (target 4): (4 − 1)/(5 − 1) = 0.75;
    on the scale 0-100: 0 + 0.75 × (100 − 0) = 75
    """

    NAME: ClassVar[str] = "scale_rating"

    to_scale: RatingScale | None = attrs.field(
        default=None, validator=v.instance(RatingScale, optional=True)
    )
    """The scale to carry levels onto; ``None``: score on [0, 1]."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to 1, or from ``to_scale``'s minimum to its maximum."""
        if self.to_scale is None:
            return Bounds(low=0, high=1)
        return Bounds(low=self.to_scale.minimum, high=self.to_scale.maximum)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from JSON-ready ``params``; ``to_scale`` may be a mapping of RatingScale fields.

        >>> ScaleRating.from_params({"to_scale": {"minimum": 0, "maximum": 4}}).bounds
        Bounds(low=0, high=4)
        """
        scale = params.get("to_scale") if isinstance(params, Mapping) else None
        if not isinstance(scale, Mapping):
            return strategies.from_params(cls, params)
        problems: list[Problem] = []
        try:
            built = strategies.from_params(RatingScale, scale, path="$.params.to_scale")
        except ValidationError as exc:
            problems.extend(exc.problems)
            built = None
        try:
            scorer = strategies.from_params(cls, {**params, "to_scale": built})
        except ValidationError as exc:
            problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems)
        return scorer

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The level's position on its scale (or its level on ``to_scale``), with its label."""
        measure = _measure(goal, ScaleMeasure, self.NAME)
        value = _actual(actual)
        scale = measure.scale
        if not scale.contains(value):
            raise ValidationError.single(
                "actual", f"{_fmt(value)} is not on the goal's scale {scale}"
            )
        position = scale.normalise(value)
        label = scale.label_for(value)
        named = f" ({label!r})" if label is not None else ""
        explanation = (
            f"level {_fmt(value)}{named} on the scale {scale} (target {_fmt(measure.target)}): "
            f"({_term(value)} − {_term(scale.minimum)})/({_term(scale.maximum)} − "
            f"{_term(scale.minimum)}) = {_fmt(position)}"
        )
        if self.to_scale is None:
            return self._result(goal, value, position, explanation, band=label)
        to = self.to_scale
        converted = scale.convert(value, to=to)
        explanation += (
            f"; on the scale {to}: {_fmt(to.minimum)} + {_fmt(position)} × "
            f"({_term(to.maximum)} − {_term(to.minimum)}) = {_fmt(converted)}"
        )
        return self._result(goal, value, converted, explanation, band=label)


GOAL_SCORERS: tuple[type[_Scorer], ...] = (
    ThresholdTargetStretch,
    BaselineProgress,
    OkrGrade,
    MilestoneCompletion,
    YesNo,
    ScaleRating,
)
"""Every built-in goal scorer class; register each as ``(cls.NAME, cls.from_params)``."""
