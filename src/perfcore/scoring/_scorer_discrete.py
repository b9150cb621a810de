"""Scorers of measures with countable outcomes: milestones, yes / no, rating scales.

Public through :mod:`perfcore.scoring.goal_scorers` (:class:`MilestoneCompletion`,
:class:`YesNo`, :class:`ScaleRating`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar, Self

import attrs

from perfcore import _validators as v
from perfcore import strategies
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.measures import MilestoneMeasure, ScaleMeasure, YesNoMeasure
from perfcore.scales import RatingScale
from perfcore.scoring._scorer_common import (
    _LISTED,
    _actual,
    _fmt,
    _measure,
    _positive,
    _Scorer,
    _term,
)
from perfcore.scoring.results import Bounds, GoalScore

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
        if self.step_weights is None:
            return self._scored(goal, value, done / len(steps), steps)
        weights = self.step_weights
        if len(weights) != len(steps):
            raise ValidationError.single(
                "params.step_weights",
                f"has {len(weights)} weights but goal {goal.id!r} has {len(steps)} steps",
            )
        share = min(math.fsum(weights[:done]) / math.fsum(weights), 1.0)
        return self._scored(goal, value, share, steps)

    def _explanation(self, steps: tuple[str, ...], value: float) -> str:
        """How :meth:`score` reached its number for ``value`` of the goal's ``steps``."""
        done = int(value)
        head = f"{done} of {len(steps)} steps done"
        if done:
            head += f", up to {steps[done - 1]!r}"
        if self.step_weights is None:
            return f"{head}: {done}/{len(steps)} = {_fmt(done / len(steps))}"
        weights = self.step_weights
        part, total = math.fsum(weights[:done]), math.fsum(weights)
        share = min(part / total, 1.0)
        part_text, total_text = _fmt(part), _fmt(total)
        if len(steps) <= _LISTED:  # spell the sums out
            total_text = f"{' + '.join(map(_fmt, weights))} = {total_text}"
            if done > 1:
                part_text = f"{' + '.join(map(_fmt, weights[:done]))} = {part_text}"
        return (
            f"{head}; they weigh {part_text} of the total {total_text}: "
            f"{_fmt(part)}/{_fmt(total)} = {_fmt(share)}"
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
        return self._scored(goal, value, value, question)

    def _explanation(self, question: str, value: float) -> str:
        """How :meth:`score` reached its number for the answer ``value`` to ``question``."""
        answer = "yes" if value == 1 else "no"
        return f"{question!r} answered {answer} ({_fmt(value)}): score {_fmt(value)}"


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
        label = scale.label_for(value)
        if self.to_scale is None:
            return self._scored(goal, value, scale.normalise(value), measure, band=label)
        return self._scored(
            goal, value, scale.convert(value, to=self.to_scale), measure, band=label
        )

    def _explanation(self, measure: ScaleMeasure, value: float) -> str:
        """How :meth:`score` reached its number for the level ``value`` on ``measure``'s scale."""
        scale = measure.scale
        position = scale.normalise(value)
        label = scale.label_for(value)
        named = f" ({label!r})" if label is not None else ""
        explanation = (
            f"level {_fmt(value)}{named} on the scale {scale} (target {_fmt(measure.target)}): "
            f"({_term(value)} − {_term(scale.minimum)})/({_term(scale.maximum)} − "
            f"{_term(scale.minimum)}) = {_fmt(position)}"
        )
        if self.to_scale is None:
            return explanation
        to = self.to_scale
        converted = scale.convert(value, to=to)
        return explanation + (
            f"; on the scale {to}: {_fmt(to.minimum)} + {_fmt(position)} × "
            f"({_term(to.maximum)} − {_term(to.minimum)}) = {_fmt(converted)}"
        )
