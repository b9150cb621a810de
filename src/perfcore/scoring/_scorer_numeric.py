"""Scorers of a numeric measure: threshold / target / stretch, and progress from a baseline.

Public through :mod:`perfcore.scoring.goal_scorers` (:class:`ThresholdTargetStretch`,
:class:`BaselineProgress`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any, ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.goals import Goal
from perfcore.measures import Direction, NumericMeasure
from perfcore.scoring._scorer_common import (
    _LARGEST,
    _above,
    _actual,
    _fmt,
    _is_number,
    _measure,
    _ratio,
    _refuse_actual,
    _Scorer,
    _term,
)
from perfcore.scoring.results import (
    Bounds,
    GoalScore,
    _explained_later,
    _goal_score_explained_later,
)

# --- threshold / target / stretch ---------------------------------------------------

_HIGHER = Direction.HIGHER_IS_BETTER
"""Read once: an enum member costs an attribute lookup on its class at every use."""


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

    @property
    def scale(self) -> Bounds:
        """The scale a score is read on: 0 to the target payout (met); a stretch pays above it.

        >>> ThresholdTargetStretch().scale
        Bounds(low=0, high=1.0)
        """
        return Bounds(low=0, high=self.target_payout)

    def points(self, measure: NumericMeasure) -> tuple[tuple[str, float, float], ...]:
        """The curve's corners for ``measure``: ``(name, value, payout)``, worst value first.

        The first point is the threshold, or else the baseline (payout 0), or
        else the target; the stretch comes last when the measure has one.

        >>> ThresholdTargetStretch().points(NumericMeasure(unit="%", baseline=60, target=90))
        (('baseline', 60, 0.0), ('target', 90, 1.0))
        """
        v.require(measure, NumericMeasure, "measure")
        return tuple(self._corners(measure))

    def _corners(self, measure: NumericMeasure) -> list[tuple[str, float, float]]:
        corners: list[tuple[str, float, float]] = []
        if measure.threshold is not None:
            corners.append(("threshold", measure.threshold, self.threshold_payout))
        elif measure.baseline is not None:
            corners.append(("baseline", measure.baseline, 0.0))
        corners.append(("target", measure.target, self.target_payout))
        if measure.stretch is not None:
            corners.append(("stretch", measure.stretch, self.stretch_payout))
        return corners

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The payout for ``actual`` on the curve through the goal's measure.

        The explanation is written when it is first read: scoring many goals
        costs the numbers only.
        """
        if type(goal) is Goal and type(actual) is float and actual - actual == 0.0:
            measure = goal.measure  # a validated goal and a finite float: the common call
            if type(measure) is NumericMeasure and type(self) is ThresholdTargetStretch:
                return _explained_later(
                    goal_id=goal.id,
                    strategy="threshold_target_stretch",
                    actual=actual,
                    attainment=self._payout_value(measure, actual) + 0.0,
                    band=None,
                    _by=self,
                    _of=measure,
                )
        measure = _measure(goal, NumericMeasure, self.NAME)
        value = _actual(actual)
        return _goal_score_explained_later(
            goal_id=goal.id,
            strategy=self.NAME,
            actual=value,
            attainment=self._payout_value(measure, value) + 0.0,
            by=self,
            of=measure,
        )

    def _explanation(self, measure: NumericMeasure, value: float) -> str:
        return self._payout(measure, value)[1]

    def _payout_value(self, measure: NumericMeasure, value: float) -> float:  # noqa: C901, PLR0911, PLR0912 - each case of the curve, without calls
        """:meth:`_payout`'s number without its text: the same steps, in the same order.

        A measure with a threshold and a stretch (three corners) is worked out
        from its fields, without listing the corners.
        """
        higher = measure.direction is _HIGHER
        threshold, stretch = measure.threshold, measure.stretch
        if threshold is not None and stretch is not None:
            if threshold > value if higher else threshold < value:
                return 0.0
            if value > stretch if higher else value < stretch:
                return self.stretch_payout
            target = measure.target
            if value == threshold:
                return self.threshold_payout
            if value == target:
                return self.target_payout
            if value == stretch:
                return self.stretch_payout
            if target > value if higher else target < value:
                low, low_pay, high, high_pay = (
                    threshold,
                    self.threshold_payout,
                    target,
                    self.target_payout,
                )
            else:
                low, low_pay, high, high_pay = (
                    target,
                    self.target_payout,
                    stretch,
                    self.stretch_payout,
                )
            # _ratio, inlined: value lies strictly between the corners, so the quotient is
            # in (0, 1) whenever both differences are finite
            num, den = value - low, high - low
            ratio = num / den if num - num == 0.0 and den - den == 0.0 else _ratio(value, low, high)
            payout = low_pay + ratio * (high_pay - low_pay)
            # min(max(payout, low_pay), high_pay), with one call
            if payout < low_pay:
                return low_pay
            return min(payout, high_pay)
        corners = self._corners(measure)
        first_value = corners[0][1]
        if first_value > value if higher else first_value < value:
            return 0.0
        last_value, last_payout = corners[-1][1], corners[-1][2]
        if value > last_value if higher else value < last_value:
            return last_payout
        for _, point, payout in corners:
            if value == point:
                return payout
        for (_, low, low_pay), (_, high, high_pay) in itertools.pairwise(corners):
            if high > value if higher else high < value:
                payout = low_pay + _ratio(value, low, high) * (high_pay - low_pay)
                return min(max(payout, low_pay), high_pay)
        raise AssertionError("unreachable: value lies on the curve")  # pragma: no cover

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

    @property
    def scale(self) -> Bounds:
        """The scale a score is read on: 0 (the baseline) to 1 (the target), whatever the cap."""
        return Bounds(low=0, high=1)

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The share of the way from baseline to target that ``actual`` has covered."""
        measure = _measure(goal, NumericMeasure, self.NAME)
        value = _actual(actual)
        if measure.baseline is None:
            raise ValidationError.single(
                "goal.measure.baseline",
                f"goal {goal.id!r} has no baseline; {self.NAME} measures progress from one",
            )
        progress = _ratio(value, measure.baseline, measure.target)
        if progress < 0:
            return self._scored(goal, value, 0.0, measure)
        if self.cap is not None and progress > self.cap:
            return self._scored(goal, value, self.cap, measure)
        return self._scored(goal, value, progress, measure)

    def _explanation(self, measure: NumericMeasure, value: float) -> str:
        """How :meth:`score` reached its number for ``value`` (a measure with a baseline)."""
        base, target = cast("float", measure.baseline), measure.target
        progress = _ratio(value, base, target)
        if progress < 0:
            return (
                f"{_fmt(value)} is on the wrong side of baseline {_fmt(base)} "
                f"(target {_fmt(target)}): progress 0"
            )
        formula = (
            f"progress from baseline {_fmt(base)} to target {_fmt(target)}: "
            f"({_term(value)} − {_term(base)})/({_term(target)} − {_term(base)}) = "
            f"{_fmt(progress)}"
        )
        if self.cap is not None and progress > self.cap:
            return f"{formula}, capped at {_fmt(self.cap)}"
        return formula
