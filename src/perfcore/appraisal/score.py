"""Scoring a whole appraisal: goal scores → goal score → composite → band.

:func:`score_assessment` scores an assessment under a
:class:`~perfcore.appraisal.ScoringConfig`; the :class:`AppraisalScore` it
produces carries the config as data along with every step's breakdown, so a
recorded score can be recomputed and audited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._unchecked import builder
from perfcore.appraisal.config import COMPETENCIES, GOALS, SELF, ScoringConfig
from perfcore.assessments import Assessment, GoalRating
from perfcore.competency.gaps import FitResult
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal, GoalKind
from perfcore.scoring.combiners import (
    UNIT,
    BandChoice,
    Composite,
    Scale,
    WeightedMean,
    scale_text,
)
from perfcore.scoring.protocols import GoalScorer
from perfcore.scoring.results import Combination, GoalScore, Part, _part
from perfcore.strategies import Registry

__all__ = ["AppraisalScore", "score_assessment"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AppraisalScore:
    """A computed appraisal score with its whole breakdown and the config that made it.

    ``value`` is the final score (the composite's, or the goal score's when no
    composite is configured); ``goal_scores`` explain each goal; ``goals``
    explains how they combined; ``composite`` how the components combined;
    ``band`` which label the value earned and why; ``config`` is the scoring
    configuration as canonical JSON text, so the score can be recomputed.
    """

    value: float = attrs.field(validator=v.number())
    goal_scores: tuple[GoalScore, ...] = attrs.field(validator=v.tuple_of(GoalScore))
    goals: Combination = attrs.field(validator=v.instance(Combination))
    competencies: FitResult | None = attrs.field(
        default=None, validator=v.instance(FitResult, optional=True)
    )
    """How the employee's competencies fit the profile, when that was a component."""
    composite: Combination | None = attrs.field(
        default=None, validator=v.instance(Combination, optional=True)
    )
    band: BandChoice | None = attrs.field(
        default=None, validator=v.instance(BandChoice, optional=True)
    )
    config: str = attrs.field(validator=v.text())

    def config_data(self) -> dict[str, Any]:
        """The scoring configuration as data (for :meth:`ScoringConfig.from_data`)."""
        data: dict[str, Any] = json.loads(self.config)
        return data

    def explain(self) -> str:
        """A readable account of the whole score, one line per step."""
        lines = [f"{s.goal_id}: {s.explanation}" for s in self.goal_scores]
        lines.append(f"goals: {self.goals.explanation}")
        if self.competencies is not None:
            lines.append(f"competencies: {self.competencies.explanation}")
        if self.composite is not None:
            lines.append(f"composite: {self.composite.explanation}")
        if self.band is not None:
            lines.append(f"band: {self.band.explanation}")
        return "\n".join(lines)


_DEVELOPMENT = GoalKind.DEVELOPMENT
"""Read once: an enum member costs an attribute lookup on its class at every use."""


def _ratings(assessment: Assessment) -> dict[str, GoalRating]:
    """``assessment.rating_for`` as a mapping: each goal's first rating."""
    ratings: dict[str, GoalRating] = {}
    for rating in assessment.goal_ratings:
        ratings.setdefault(rating.goal_id, rating)
    return ratings


def _goal_parts(
    goals: tuple[Goal, ...], assessment: Assessment, config: ScoringConfig, path: str
) -> tuple[tuple[GoalScore, ...], list[Part]]:
    scores: list[GoalScore] = []
    parts: list[Part] = []
    problems: list[Problem] = []
    ratings = _ratings(assessment)
    for goal in goals:
        if goal.kind is _DEVELOPMENT and not config.include_development:
            continue
        rating = ratings.get(goal.id)
        where = f"{path}[{goal.id}]"
        if rating is None or rating.actual is None:
            problems.append(
                Problem(path=f"{where}.actual", message="is required to score the goal")
            )
            continue
        if goal.measure is None:
            problems.append(Problem(path=f"{where}.measure", message="the goal has no measure"))
            continue
        scorer = config.goal_scorers.get(goal.measure.TAG)
        if scorer is None:
            problems.append(
                Problem(
                    path=f"{where}.measure", message=f"no scorer for {goal.measure.TAG!r} measures"
                )
            )
            continue
        try:
            score = scorer.score(goal, rating.actual)
        except ValidationError as exc:
            problems.extend(p.at(f"{where}.{p.path}") for p in exc.problems)
            continue
        scores.append(score)
        if type(score) is GoalScore:  # a validated attainment: no need to check it again
            parts.append(_part(key=goal.id, value=score.attainment, weight=goal.weight))
        else:
            parts.append(Part(key=goal.id, value=score.attainment, weight=goal.weight))
    if problems:
        raise ValidationError(problems)
    return tuple(scores), parts


def _goal_value(goals: tuple[Goal, ...], assessment: Assessment, config: ScoringConfig) -> float:
    """The value of ``assessment``'s combined goal score: what a composite's ``"self"`` uses.

    Only the number is needed, so when the combiner is a :class:`WeightedMean`
    it is worked out without explanations (:func:`_fast_goal_value`); in every
    other case, and whenever anything would be refused, the explained path
    computes it or raises exactly as it always has.
    """
    fast = _fast_goal_value(goals, assessment, config)
    if fast is not None:
        return fast
    _, parts = _goal_parts(goals, assessment, config, "self_assessment.goal_ratings")
    return config.goal_combiner.combine(parts).value


def _fast_goal_value(
    goals: tuple[Goal, ...], assessment: Assessment, config: ScoringConfig
) -> float | None:
    """``combine(parts).value`` of :func:`_goal_parts`' parts, or ``None`` to take that path.

    Every scorer scores through ``score`` (the built-in ones leave the
    explanation unwritten). The weighted mean is :class:`WeightedMean`'s: the
    same checks and the same exact arithmetic.
    """
    combiner = config.goal_combiner
    if type(combiner) is not WeightedMean or not isinstance(goals, tuple):
        return None
    weights: list[float] = []
    scores: list[float] = []
    ratings = _ratings(assessment)
    scorers = config.goal_scorers
    for goal in goals:  # the manager's goal scores have been worked out: these are goals
        if goal.kind is _DEVELOPMENT and not config.include_development:
            continue
        rating = ratings.get(goal.id)
        if rating is None or rating.actual is None or goal.measure is None:
            return None
        attainment = _attainment(scorers.get(goal.measure.TAG), goal, rating.actual)
        if attainment is None:
            return None
        weights.append(goal.weight)
        scores.append(attainment)
    if len({g.id for g in goals}) != len(goals):
        return None
    return combiner._value(weights, scores)  # noqa: SLF001 - the mean of WeightedMean.combine


def _attainment(scorer: GoalScorer | None, goal: Goal, actual: float) -> float | None:
    """``scorer.score(goal, actual).attainment``, or ``None`` if it is refused or not a score.

    The built-in scorers leave the explanation unwritten, so this costs the number only.
    """
    if scorer is None:
        return None
    try:
        score = scorer.score(goal, actual)
    except ValidationError:
        return None
    return score.attainment if type(score) is GoalScore else None


def _goals_scale(goals: tuple[Goal, ...], config: ScoringConfig) -> Scale | None:
    """The one scale of the counted goals' scores (``None``: no scorer states one).

    Goal scores on different scales are refused: the goals component would have none.
    The answer for the last ``goals`` tuple is kept in the config's memo: a
    tuple of goals and the scorers are frozen values, so it cannot change.
    """
    last = config._memo.get("goals_scale")  # noqa: SLF001 - the config's memo
    if last is not None and last[0] is goals:
        kept: Scale | None = last[1]
        return kept
    scale = _find_goals_scale(goals, config)
    if type(goals) is tuple:  # a list could change
        config._memo["goals_scale"] = (goals, scale)  # noqa: SLF001
    return scale


def _find_goals_scale(goals: tuple[Goal, ...], config: ScoringConfig) -> Scale | None:
    """:func:`_goals_scale`, worked out."""
    found: dict[Scale, list[str]] = {}
    scales = config._scorer_scales()  # noqa: SLF001 - the config's memo of its scorers' scales
    for goal in goals:
        if goal.kind is _DEVELOPMENT and not config.include_development:
            continue
        tag = goal.measure.TAG if goal.measure is not None else None
        scale = scales.get(tag) if tag is not None else None
        if scale is not None:
            scorer = config.goal_scorers.get(tag)  # type: ignore[arg-type]  # a measure's tag
            found.setdefault(scale, []).append(f"{goal.id} ({getattr(scorer, 'name', '?')})")
    if len(found) > 1:
        listed = "; ".join(
            f"{scale_text(scale)}: {', '.join(ids)}" for scale, ids in sorted(found.items())
        )
        raise ValidationError.single(
            "config.goal_scorers",
            f"score the goals on different scales ({listed}), so the composite's 'goals'"
            " component has no one scale; score every counted goal on one scale",
        )
    return next(iter(found), None)


def _check_component_scales(
    config: ScoringConfig,
    goals: tuple[Goal, ...],
    values: Mapping[str, float | None],
    supplied: set[str],
) -> None:
    """Refuse a composite that would weigh components on different scales together.

    The scales perfcore knows: the goals' (and the self-assessment's, scored
    the same way) from the goal scorers, the competency fit's 0–1; a component
    the app supplies is on what the composite states, or else on 0–1.
    """
    composite = config.composite
    known: dict[str, tuple[Scale, str]] = {}
    goals_scale = _goals_scale(goals, config)
    if goals_scale is not None:
        known[GOALS] = (goals_scale, "the goal scorers' scale")
        if values.get(SELF) is not None:
            known[SELF] = (goals_scale, "the goal scorers' scale")
    if values.get(COMPETENCIES) is not None:
        known[COMPETENCIES] = (UNIT, "competency fit")
    if isinstance(composite, Composite) and composite.scale is not None:
        problems = [
            Problem(
                path="config.composite.scales",
                message=(
                    f"component {name!r} is on {scale_text(scale)} ({why}), but the composite"
                    f" takes it on {scale_text(stated)}: state scales={{{name!r}:"
                    f" ({_num(scale[0])}, {_num(scale[1])})}}"
                ),
            )
            for name, (scale, why) in sorted(known.items())
            if (stated := composite.scale_of(name) or composite.scale) != scale
        ]
        if problems:
            raise ValidationError(problems)
        return
    on: dict[str, tuple[Scale, str]] = dict(known)
    for name in sorted(supplied):
        if values.get(name) is not None:
            on[name] = (UNIT, "a supplied component without a stated scale is taken on 0–1")
    if len({scale for scale, _ in on.values()}) <= 1:
        return
    listed = "; ".join(
        f"{name!r} on {scale_text(scale)} ({why})" for name, (scale, why) in sorted(on.items())
    )
    result = on[GOALS][0] if GOALS in on else UNIT
    others = ", ".join(
        f"{name!r}: ({_num(scale[0])}, {_num(scale[1])})"
        for name, (scale, _) in sorted(on.items())
        if scale != result
    )
    raise ValidationError.single(
        "config.composite",
        f"would mix scales: {listed}. State the result's scale and the others', and perfcore"
        f" converts them: Composite(weights=..., scale=({_num(result[0])}, {_num(result[1])}),"
        f" scales={{{others}}})",
    )


def _num(number: float) -> str:
    return f"{number + 0.0:g}" if isinstance(number, float) else str(number)


def _check_arguments(
    required: tuple[tuple[str, object, type], ...],
    optional: tuple[tuple[str, object, type], ...],
    goals: object,
    components: object,
) -> None:
    """Refuse arguments of the wrong type before anything reads them, naming each."""
    problems: list[Problem] = []

    def wrong(path: str, expected: str, value: object) -> None:
        problems.append(Problem(path=path, message=f"must be {expected}, got {v.describe(value)}"))

    for name, value, kind in required:
        if not isinstance(value, kind):
            wrong(name, f"a {kind.__name__}", value)
    for name, value, kind in optional:
        if value is not None and not isinstance(value, kind):
            wrong(name, f"a {kind.__name__} or None", value)
    if not isinstance(goals, tuple | list):
        wrong("goals", "a tuple of Goal", goals)
    else:
        problems.extend(
            Problem(path=f"goals[{i}]", message=f"must be a Goal, got {v.describe(goal)}")
            for i, goal in enumerate(goals)
            if not isinstance(goal, Goal)
        )
    problems.extend(_component_problems(components))
    if problems:
        raise ValidationError(problems)


def _component_problems(components: object) -> list[Problem]:
    """What is wrong with ``components``: a mapping of names to finite numbers or ``None``."""
    if components is None:
        return []
    if not isinstance(components, Mapping):
        message = f"must be a mapping of component names to values, got {v.describe(components)}"
        return [Problem(path="components", message=message)]
    problems: list[Problem] = []
    for name, value in components.items():
        if not isinstance(name, str):
            message = f"keys must be component names (strings), got {v.describe(name)}"
            problems.append(Problem(path="components", message=message))
        elif value is not None and not v.is_number(value):
            message = f"must be a finite number or None, got {v.describe(value)}"
            problems.append(Problem(path=f"components.{name}", message=message))
    return problems


def score_assessment(  # noqa: PLR0913 - the inputs of an appraisal, all keyword but two
    goals: tuple[Goal, ...],
    assessment: Assessment,
    config: ScoringConfig,
    registry: Registry,
    *,
    self_assessment: Assessment | None = None,
    profile: CompetencyProfile | None = None,
    competency_assessment: CompetencyAssessment | None = None,
    components: Mapping[str, float | None] | None = None,
) -> AppraisalScore:
    """Score ``assessment`` of ``goals`` (the active goals of a cycle) under ``config``.

    When the composite weighs them, two components are computed here: ``"self"``
    scores the self-assessment with the same goal scorers and combiner, and
    ``"competencies"`` is the fit (``config.competency_fit``) of the manager's
    ``competency_assessment`` against ``profile``; a component that cannot be
    computed is missing, and the composite's missing rule applies. ``components``
    supplies any other component (feedback, say). ``registry`` must know every
    strategy in ``config``: the score records the config as data.

    Usually called through :meth:`perfcore.Cycle.compute_score`. Arguments of
    the wrong type raise :class:`perfcore.ValidationError` naming them.
    """
    _check_arguments(
        (
            ("assessment", assessment, Assessment),
            ("config", config, ScoringConfig),
            ("registry", registry, Registry),
        ),
        (
            ("self_assessment", self_assessment, Assessment),
            ("profile", profile, CompetencyProfile),
            ("competency_assessment", competency_assessment, CompetencyAssessment),
        ),
        goals,
        components,
    )
    goal_scores, parts = _goal_parts(goals, assessment, config, "goal_ratings")
    goals_combined = config.goal_combiner.combine(parts)
    value = goals_combined.value
    composite: Combination | None = None
    competencies: FitResult | None = None
    if config.composite is not None:
        values: dict[str, float | None] = {GOALS: value}
        weights: dict[str, float] = dict(getattr(config.composite, "weights", ()))
        if self_assessment is not None and (not weights or SELF in weights):
            values[SELF] = _goal_value(goals, self_assessment, config)
        if not weights or COMPETENCIES in weights:
            if profile is not None and competency_assessment is not None:
                competencies = config.competency_fit.fit(profile, competency_assessment)
                values[COMPETENCIES] = competencies.fit
            elif weights:
                values[COMPETENCIES] = None
        for name, component in sorted((components or {}).items()):
            if name in values:
                raise ValidationError.single(f"components.{name}", "is computed by perfcore")
            values[name] = component
        unknown = sorted(name for name in values if weights and name not in weights)
        if unknown:
            raise ValidationError(
                Problem(path=f"components.{name}", message="is not a component of the composite")
                for name in unknown
            )
        _check_component_scales(config, goals, values, set(components or {}))
        if weights:  # every name and weight is the validated composite's, every value checked
            composite_parts = [
                _part(key=name, value=values.get(name), weight=weights[name])
                for name in sorted(weights)
            ]
        else:
            composite_parts = [
                Part(key=name, value=values.get(name), weight=1) for name in sorted(values)
            ]
        composite = config.composite.combine(composite_parts)
        value = composite.value
    band = config.bands.choose(value) if config.bands is not None else None
    build = (
        _appraisal_score
        if _made_here(value, goal_scores, goals_combined, competencies, composite, band)
        else AppraisalScore
    )
    return build(
        value=value,
        goal_scores=goal_scores,
        goals=goals_combined,
        competencies=competencies,
        composite=composite,
        band=band,
        config=config._json(registry),  # noqa: SLF001 - the memo of the config's own text
    )


def _made_here(  # noqa: PLR0913, PLR0917 - the parts of an AppraisalScore
    value: object,
    goal_scores: tuple[object, ...],
    goals: object,
    competencies: object,
    composite: object,
    band: object,
) -> bool:
    """Whether every part would pass :class:`AppraisalScore`'s validators as it stands.

    The value is a finite float and every part a record of exactly its field's
    type, as the built-in strategies return (each validated where it was
    made); anything else, a plugin's result say, goes to the validating constructor.
    """
    return (
        type(value) is float
        and value - value == 0.0  # finite
        and all(type(score) is GoalScore for score in goal_scores)
        and type(goals) is Combination
        and (competencies is None or type(competencies) is FitResult)
        and (composite is None or type(composite) is Combination)
        and (band is None or type(band) is BandChoice)
    )


_appraisal_score = builder(AppraisalScore)
"""An :class:`AppraisalScore` of parts :func:`_made_here` accepts and the config's canonical
JSON text, nothing checked again."""
