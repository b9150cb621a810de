"""Whether a score handed to ``record_score`` follows from its own basis.

A recorded score carries its breakdown and its scoring config. It is accepted
only when every step follows from the one before: the goal results are the
manager assessment's (checked in ``_decide``), the goal scores are what the
config's scorers give for them, the goal score is what the config's combiner
makes of those, the composite what its combiner makes of the components, and
the value and band are the last step's. When the config names strategies the
built-in registry does not know, it cannot be rebuilt here, and the steps are
only checked against each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from perfcore.appraisal import (
    COMPETENCIES,
    DEFAULT_REGISTRY,
    GOALS,
    SELF,
    AppraisalScore,
    ScoringConfig,
)
from perfcore.appraisal.score import _goal_parts, _goal_value
from perfcore.competency.gaps import FitResult
from perfcore.competency.model import AssessorRole
from perfcore.cycle.record import CycleRecord
from perfcore.errors import Problem, ValidationError
from perfcore.scoring import Composite
from perfcore.scoring.results import Bounds, Combination, Part

__all__ = ["score_problems", "score_range"]


def _fmt(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def config_of(score: AppraisalScore) -> ScoringConfig | None:
    """The score's recorded config, rebuilt with the built-in registry, or ``None``."""
    try:
        data = json.loads(score.config)
        return ScoringConfig.from_data(data, DEFAULT_REGISTRY)
    except (ValueError, ValidationError):
        return None


def _chain(score: AppraisalScore, at: str) -> Iterator[Problem]:
    """The steps of the breakdown against each other: no config needed."""
    last = score.composite if score.composite is not None else score.goals
    step = "composite" if score.composite is not None else "goal score"
    if score.value != last.value:
        yield Problem(
            path=f"{at}.value",
            message=(
                f"{_fmt(score.value)} does not follow from its breakdown: the {step}"
                f" is {_fmt(last.value)}; a different score is an adjustment (adjust_score)"
            ),
        )
    attainments = {s.goal_id: s.attainment for s in score.goal_scores}
    keys = [c.key for c in score.goals.contributions]
    if sorted(keys) != sorted(attainments):
        yield Problem(
            path=f"{at}.goals.contributions",
            message=f"combine goals {sorted(keys)}, the goal scores are {sorted(attainments)}",
        )
    else:
        for index, contribution in enumerate(score.goals.contributions):
            if contribution.value != attainments[contribution.key]:
                yield Problem(
                    path=f"{at}.goals.contributions[{index}].value",
                    message=(
                        f"{_fmt(contribution.value)} for {contribution.key!r}, whose goal"
                        f" score is {_fmt(attainments[contribution.key])}"
                    ),
                )
    if score.composite is not None:
        steps = {GOALS: score.goals.value}
        if score.competencies is not None:
            steps[COMPETENCIES] = score.competencies.fit
        for index, contribution in enumerate(score.composite.contributions):
            expected = steps.get(contribution.key)
            if contribution.key in steps and contribution.value != expected:
                yield Problem(
                    path=f"{at}.composite.contributions[{index}].value",
                    message=(
                        f"{_fmt(contribution.value)} for {contribution.key!r},"
                        f" whose own step is {_fmt(expected)}"
                    ),
                )
    if score.band is not None and score.band.score != score.value:
        yield Problem(
            path=f"{at}.band.score",
            message=f"{_fmt(score.band.score)} is not the score's value {_fmt(score.value)}",
        )


def _recomputed(
    cycle: CycleRecord, score: AppraisalScore, config: ScoringConfig, at: str
) -> Iterator[Problem]:
    """Each step recomputed from the cycle and the step before, under the recorded config."""
    assessment = cycle.manager_assessment
    if assessment is None:  # pragma: no cover - record_score checks this first
        return
    try:
        goal_scores, parts = _goal_parts(cycle.active_goals, assessment, config, "goal_ratings")
        goals = config.goal_combiner.combine(parts)
    except ValidationError as exc:
        yield Problem(
            path=f"{at}.goal_scores",
            message=f"the manager assessment cannot be scored under the score's config: {exc}",
        )
        return
    if goal_scores != score.goal_scores:
        yield Problem(
            path=f"{at}.goal_scores",
            message="are not what the score's config gives for the manager assessment",
        )
        return
    if goals != score.goals:
        yield Problem(
            path=f"{at}.goals.value" if goals.value != score.goals.value else f"{at}.goals",
            message=(
                f"the config's combiner makes {_fmt(goals.value)} of the goal scores,"
                f" the score says {_fmt(score.goals.value)}"
            ),
        )
        return
    yield from _composite(cycle, score, config, at)
    if config.bands is None:
        if score.band is not None:
            yield Problem(path=f"{at}.band", message="the score's config has no bands")
        return
    try:
        band = config.bands.choose(score.value)
    except ValidationError as exc:
        yield Problem(path=f"{at}.band", message=str(exc))
        return
    if band != score.band:
        yield Problem(
            path=f"{at}.band",
            message=f"the config's bands put {_fmt(score.value)} in {band.label!r}",
        )


def _composite(
    cycle: CycleRecord, score: AppraisalScore, config: ScoringConfig, at: str
) -> Iterator[Problem]:
    composite = config.composite
    if composite is None:
        if score.composite is not None or score.competencies is not None:
            yield Problem(path=f"{at}.composite", message="the score's config has no composite")
        return
    if score.composite is None:
        yield Problem(path=f"{at}.composite", message="the score's config has a composite")
        return
    recorded = {c.key: c.value for c in score.composite.contributions}
    own, fit = _own_components(cycle, score, config)
    if COMPETENCIES in recorded and score.competencies is not None and fit != score.competencies:
        yield Problem(
            path=f"{at}.competencies",
            message="is not the fit of the manager's competency assessment to the profile",
        )
        return
    for index, contribution in enumerate(score.composite.contributions):
        if contribution.key in own and own[contribution.key] != contribution.value:
            yield Problem(
                path=f"{at}.composite.contributions[{index}].value",
                message=(
                    f"{_fmt(contribution.value)} for {contribution.key!r}; the cycle gives"
                    f" {_fmt(own[contribution.key])}"
                ),
            )
            return
    try:
        combined: Combination = composite.combine(
            [Part(key=key, value=value, weight=1) for key, value in recorded.items()]
        )
    except ValidationError as exc:
        yield Problem(path=f"{at}.composite", message=str(exc))
        return
    if combined != score.composite:
        yield Problem(
            path=f"{at}.composite.value",
            message=(
                f"the config's composite makes {_fmt(combined.value)} of the components,"
                f" the score says {_fmt(score.composite.value)}"
            ),
        )


def _own_components(
    cycle: CycleRecord, score: AppraisalScore, config: ScoringConfig
) -> tuple[dict[str, float | None], FitResult | None]:
    """The components perfcore computes itself, as the cycle gives them now, and the fit."""
    own: dict[str, float | None] = {GOALS: score.goals.value, SELF: None, COMPETENCIES: None}
    if cycle.self_assessment is not None:
        try:
            own[SELF] = _goal_value(cycle.active_goals, cycle.self_assessment, config)
        except ValidationError:
            own[SELF] = None
    fit = None
    competency = cycle.competency_assessment(AssessorRole.MANAGER)
    if cycle.profile is not None and competency is not None:
        try:
            fit = config.competency_fit.fit(cycle.profile, competency)
        except ValidationError:
            return own, None
        own[COMPETENCIES] = fit.fit
    return own, fit


def score_problems(cycle: CycleRecord, score: AppraisalScore, at: str) -> list[Problem]:
    """Why ``score`` does not follow from its own breakdown and ``cycle``; empty if it does."""
    problems = list(_chain(score, at))
    if problems:
        return problems
    config = config_of(score)
    if config is None:
        return []
    return list(_recomputed(cycle, score, config, at))


def _hull(bounds: Iterable[Bounds], values: Iterable[float]) -> Bounds | None:
    lows: list[float] = []
    highs: list[float | None] = []
    for bound in bounds:
        lows.append(bound.low)
        highs.append(bound.high)
    for value in values:
        lows.append(value)
        highs.append(value)
    if not lows:
        return None
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    return Bounds(low=min(lows), high=high) if high is None or high > min(lows) else None


def score_range(score: AppraisalScore) -> Bounds | None:
    """The range ``score``'s value can take, or ``None`` if it cannot be told.

    Its bands' range when its config has bands; the composite's stated scale
    when it states one (every component is converted onto it); otherwise the
    range its goal scorers' scores span, widened to any other component's
    recorded value.
    """
    config = config_of(score)
    if config is None:
        return None
    if config.bands is not None:
        return config.bands.bounds
    if isinstance(config.composite, Composite) and config.composite.scale is not None:
        low, high = config.composite.scale
        return Bounds(low=low, high=high)
    used = {s.strategy for s in score.goal_scores}
    bounds = [s.bounds for s in config.goal_scorers.values() if s.name in used]
    others: list[float] = []
    if score.composite is not None:
        others = [
            c.value
            for c in score.composite.contributions
            if c.key not in (GOALS, SELF) and c.value is not None
        ]
    return _hull(bounds, others)
