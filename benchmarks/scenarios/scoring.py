"""Scenario "scoring": goal attainments and composite appraisal scores vs hand-written functions.

Goal attainments
    Eight numeric goals with a threshold, a target and a stretch (three of them
    lower-is-better) and results spread over every part of the payout curve:
    short of the threshold, on each corner, between corners, beyond the
    stretch. perfcore is used two ways, as an app would:

    - ``ThresholdTargetStretch().score(goal, actual).attainment`` for each
      (goal, result) pair: the per-goal call, which explains every score;
    - ``ThresholdTargetStretch().attainments(goal, actuals)`` for each goal's
      results at once: the bulk fast path, no explanations.

    Baseline: hand-written functions doing the same arithmetic on the same
    ``Goal`` objects: payout 0 short of the threshold, 0.5 at it, 1.0 at the
    target, 1.5 at and beyond the stretch, straight lines in between, the axis
    mirrored (negated) for lower-is-better; the per-pair function reads the
    measure's points on each call, the bulk one once per goal, as perfcore's
    do. They validate nothing and handle only measures with all three points.

Composite appraisal scores
    ``score_assessment(goals, manager_assessment, config, DEFAULT_REGISTRY,
    self_assessment=..., components={"feedback": ...})`` with five weighted
    performance goals, ``ScoringConfig(composite=Composite(goals 60, self 20,
    feedback 20), bands=RatingBands(...))``: each goal is scored for the
    manager's and the employee's results, combined by weight (total 100), the
    three components combined, the band chosen. The assessments come from a
    pool of 64 built before timing. The same appraisals are also scored in one
    call, ``score_assessments(goals, managers, config, DEFAULT_REGISTRY,
    self_assessments=..., components=...)``: the bulk path, a column of values
    and bands, each row's explained score one call away.

    Baseline: a hand-written function reading the same ``Assessment`` objects:
    the same payouts, the weighted mean of the goals (refusing weights that do
    not total 100), the same for the self-assessment, the 60/20/20 mean with
    the feedback, the band by its edges (last band closed). Floats throughout
    where perfcore sums exactly with fractions; the two agree to 1e-12, which
    is checked before timing, as are the attainments.

Targets: ``score()`` and the composite (per appraisal and in bulk) within 5x
of the hand-written functions (issue 23's targets), ``attainments()`` within
1.5x. Sizes: full
1,000,000 attainments and 100,000 appraisals; quick 100,000 and 2,000 (one
appraisal costs the better part of a millisecond, and the quick run has to fit
in about ten seconds); smoke 200 and 20. Each case is warmed up on a slice of
its inputs, then perfcore and the baseline are timed alternately
(the harness's ``measure`` with a small warm-up case instead of a full-size run):
three times each (one in smoke mode, and once for the 100,000 appraisals of
the full run). The warm-up slices are also where both sides are checked to
agree (to 1e-12, and on every band).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Any

from harness import Case, Config, Result, agree, measure

import perfcore as pc
from perfcore.appraisal import (
    DEFAULT_REGISTRY,
    AppraisalScores,
    ScoringConfig,
    score_assessment,
    score_assessments,
)
from perfcore.scoring import Composite, RatingBands, ThresholdTargetStretch

SCENARIO = "scoring"
BOUND = 1.5
"""The bulk attainments' target."""
BOUND_EXPLAINED = 5.0
"""The target of score() and of the composite, per appraisal and in bulk (issue 23)."""
RUNS = 3
POOL = 64
TOLERANCE = 1e-12

HIGHER = pc.Direction.HIGHER_IS_BETTER
LOWER = pc.Direction.LOWER_IS_BETTER
# Each goal: threshold, target, stretch, direction (and, for the appraisal, a weight).
CURVES = (
    (900.0, 1000.0, 1200.0, HIGHER),
    (18.0, 20.0, 24.0, HIGHER),
    (30.0, 20.0, 10.0, LOWER),
    (40.0, 50.0, 60.0, HIGHER),
    (80.0, 100.0, 130.0, HIGHER),
    (5.0, 3.0, 1.0, LOWER),
    (0.6, 0.75, 0.9, HIGHER),
    (12.0, 10.0, 7.0, LOWER),
)
WEIGHTS = (30, 25, 20, 15, 10)
COMPOSITE = {"goals": 60, "self": 20, "feedback": 20}
EDGES = (0.0, 0.5, 0.9, 1.1, 1.5)
LABELS = ("Needs improvement", "Partly meets", "Meets", "Exceeds")


def _goal(index: int, weight: float = 0) -> pc.Goal:
    threshold, target, stretch, direction = CURVES[index]
    return pc.Goal(
        id=f"g{index + 1}",
        title=f"Goal {index + 1}",
        weight=weight,
        parent_id="company/2026",
        measure=pc.NumericMeasure(
            unit="units", threshold=threshold, target=target, stretch=stretch, direction=direction
        ),
    )


def _result_for(goal: pc.Goal, rng: random.Random) -> float:
    """A result somewhere on the goal's curve: a corner, between corners, or beyond either end."""
    measure = goal.measure
    assert isinstance(measure, pc.NumericMeasure)
    assert measure.threshold is not None
    assert measure.stretch is not None
    low, high = measure.threshold, measure.stretch
    span = high - low
    if rng.random() < 0.1:
        return rng.choice((low, measure.target, high))
    return low + span * rng.uniform(-0.3, 1.3)


# --- the hand-written functions ---------------------------------------------------------


def payout(measure: pc.NumericMeasure, actual: float) -> float:
    """Threshold 0.5, target 1.0, stretch 1.5, straight lines between; mirrored if lower."""
    sign = 1.0 if measure.direction is HIGHER else -1.0
    x = sign * actual
    threshold, target, stretch = (
        sign * measure.threshold,  # type: ignore[operator]
        sign * measure.target,
        sign * measure.stretch,  # type: ignore[operator]
    )
    if x < threshold:
        return 0.0
    if x >= stretch:
        return 1.5
    if x < target:
        return 0.5 + (x - threshold) / (target - threshold) * 0.5
    return 1.0 + (x - target) / (stretch - target) * 0.5


def payouts(measure: pc.NumericMeasure, actuals: Sequence[float]) -> list[float]:
    """:func:`payout` for many results of one goal, the points read once."""
    sign = 1.0 if measure.direction is HIGHER else -1.0
    threshold, target, stretch = (
        sign * measure.threshold,  # type: ignore[operator]
        sign * measure.target,
        sign * measure.stretch,  # type: ignore[operator]
    )
    out: list[float] = []
    append = out.append
    for actual in actuals:
        x = sign * actual
        if x < threshold:
            append(0.0)
        elif x >= stretch:
            append(1.5)
        elif x < target:
            append(0.5 + (x - threshold) / (target - threshold) * 0.5)
        else:
            append(1.0 + (x - target) / (stretch - target) * 0.5)
    return out


def goal_score(goals: Sequence[pc.Goal], assessment: pc.Assessment) -> float:
    """The weighted mean of the goals' payouts; the weights must total 100."""
    actuals = {rating.goal_id: rating.actual for rating in assessment.goal_ratings}
    total = weighted = 0.0
    for goal in goals:
        attainment = payout(goal.measure, actuals[goal.id])  # type: ignore[arg-type]
        total += goal.weight
        weighted += goal.weight * attainment
    if abs(total - 100) > 0.01:
        raise ValueError(f"weights total {total}, not 100")
    return weighted / total


def appraisal(
    goals: Sequence[pc.Goal], manager: pc.Assessment, own: pc.Assessment, feedback: float
) -> tuple[float, str]:
    """Goals 60, self 20, feedback 20, then the band (the last one includes its top)."""
    value = (
        COMPOSITE["goals"] * goal_score(goals, manager)
        + COMPOSITE["self"] * goal_score(goals, own)
        + COMPOSITE["feedback"] * feedback
    ) / 100
    if not EDGES[0] <= value <= EDGES[-1]:
        raise ValueError(f"{value} lies outside the bands")
    index = min(bisect.bisect_right(EDGES, value) - 1, len(LABELS) - 1)
    return value, LABELS[index]


# --- the inputs -------------------------------------------------------------------------


def _attainment_inputs(
    n: int,
) -> tuple[list[tuple[pc.Goal, float]], list[tuple[pc.Goal, list[float]]]]:
    rng = random.Random(5)  # noqa: S311 - reproducible inputs
    goals = [_goal(i) for i in range(len(CURVES))]
    pairs = [(goal, _result_for(goal, rng)) for goal in (goals[i % len(goals)] for i in range(n))]
    by_goal = [(goal, [a for g, a in pairs if g is goal]) for goal in goals]
    return pairs, by_goal


def _assessment(
    goals: Sequence[pc.Goal], source: pc.AssessmentSource, rng: random.Random
) -> pc.Assessment:
    ratings = []
    for goal in goals:
        actual = _result_for(goal, rng)
        ratings.append(
            pc.GoalRating(
                goal_id=goal.id,
                achievement=pc.Achievement.MET,
                actual=actual,
                rating=pc.Rating(value=3, basis=pc.Basis(text="Per the report")),
            )
        )
    return pc.Assessment(source=source, goal_ratings=tuple(ratings))


def _appraisal_inputs(
    n: int,
) -> tuple[tuple[pc.Goal, ...], list[tuple[pc.Assessment, pc.Assessment, dict[str, float]]]]:
    rng = random.Random(7)  # noqa: S311 - reproducible inputs
    goals = tuple(_goal(i, weight) for i, weight in enumerate(WEIGHTS))
    pool = [
        (
            _assessment(goals, pc.AssessmentSource.MANAGER, rng),
            _assessment(goals, pc.AssessmentSource.SELF, rng),
            {"feedback": round(rng.uniform(0.4, 1.4), 2)},
        )
        for _ in range(POOL)
    ]
    return goals, [pool[i % POOL] for i in range(n)]


CONFIG = ScoringConfig(
    composite=Composite(weights=COMPOSITE),
    bands=RatingBands.from_edges(EDGES, LABELS),
)


# --- the cases --------------------------------------------------------------------------


def _per_goal_case(n: int, *, check: bool = False) -> Case:
    pairs, _ = _attainment_inputs(n)
    scorer = ThresholdTargetStretch()

    def ours() -> list[float]:
        return [scorer.score(goal, actual).attainment for goal, actual in pairs]

    def theirs() -> list[float]:
        return [payout(goal.measure, actual) for goal, actual in pairs]  # type: ignore[arg-type]

    if check:
        agree(ours(), theirs(), TOLERANCE)
    return Case(
        scenario=SCENARIO,
        name=f"goal attainment, score() per goal, N={n:,}",
        perfcore=ours,
        baseline=theirs,
        baseline_name="hand-written payout()",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND_EXPLAINED,
        note="the per-goal call, with its explanation",
    )


def _bulk_case(n: int, *, check: bool = False) -> Case:
    _, by_goal = _attainment_inputs(n)
    scorer = ThresholdTargetStretch()

    def ours() -> list[list[float]]:
        return [scorer.attainments(goal, actuals) for goal, actuals in by_goal]

    def theirs() -> list[list[float]]:
        return [payouts(goal.measure, actuals) for goal, actuals in by_goal]  # type: ignore[arg-type]

    if check:
        agree([x for xs in ours() for x in xs], [x for xs in theirs() for x in xs], TOLERANCE)
    return Case(
        scenario=SCENARIO,
        name=f"goal attainment, attainments() per goal's results, N={n:,}",
        perfcore=ours,
        baseline=theirs,
        baseline_name="hand-written payouts()",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND,
        note="the bulk fast path, no explanations",
    )


def _appraisal_case(n: int, *, check: bool = False) -> Case:
    goals, appraisals = _appraisal_inputs(n)

    def ours() -> list[Any]:
        return [
            score_assessment(
                goals, manager, CONFIG, DEFAULT_REGISTRY, self_assessment=own, components=extra
            )
            for manager, own, extra in appraisals
        ]

    def theirs() -> list[tuple[float, str]]:
        return [
            appraisal(goals, manager, own, extra["feedback"]) for manager, own, extra in appraisals
        ]

    for score, (value, label) in zip(ours(), theirs(), strict=True) if check else ():
        assert abs(score.value - value) <= TOLERANCE, (score.value, value)
        assert score.band is not None
        assert score.band.label == label
    return Case(
        scenario=SCENARIO,
        name=f"composite appraisal score, N={n:,}",
        perfcore=ours,
        baseline=theirs,
        baseline_name="hand-written appraisal()",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND_EXPLAINED,
        note="score_assessment: 5 goals x (manager, self), composite 60/20/20 with feedback, band",
    )


def _bulk_appraisal_case(n: int, *, check: bool = False) -> Case:
    goals, appraisals = _appraisal_inputs(n)
    managers = [manager for manager, _, _ in appraisals]
    own = [mine for _, mine, _ in appraisals]
    extra = [supplied for _, _, supplied in appraisals]

    def ours() -> AppraisalScores:
        return score_assessments(
            goals, managers, CONFIG, DEFAULT_REGISTRY, self_assessments=own, components=extra
        )

    def theirs() -> list[tuple[float, str]]:
        return [
            appraisal(goals, manager, mine, supplied["feedback"])
            for manager, mine, supplied in appraisals
        ]

    if check:
        scores = ours()
        for value, label, (expected, expected_label) in zip(
            scores.values, scores.bands, theirs(), strict=True
        ):
            assert abs(value - expected) <= TOLERANCE, (value, expected)
            assert label == expected_label
    return Case(
        scenario=SCENARIO,
        name=f"composite appraisal score, score_assessments() per appraisal, N={n:,}",
        perfcore=ours,
        baseline=theirs,
        baseline_name="hand-written appraisal()",
        per=n,
        unit="us",
        target="at_most",
        bound=BOUND_EXPLAINED,
        note="the bulk path: columns of values and bands, rows explained on request",
    )


def run(config: Config) -> list[Result]:
    """Attainments per goal and in bulk, and composite appraisal scores, vs hand-written code."""
    attainments = config.size(1_000_000, 100_000, 200)
    appraisals = config.size(100_000, 2_000, 20)
    runs = 1 if config.smoke else RUNS
    warm = max(attainments // 100, 8)
    return [
        measure(
            _per_goal_case(attainments),
            config,
            runs=runs,
            warm_up=_per_goal_case(warm, check=True),
        ),
        measure(_bulk_case(attainments), config, runs=runs, warm_up=_bulk_case(warm, check=True)),
        measure(
            _appraisal_case(appraisals),
            config,
            runs=1 if appraisals >= 100_000 else runs,
            warm_up=_appraisal_case(max(appraisals // 100, POOL), check=True),
        ),
        measure(
            _bulk_appraisal_case(appraisals),
            config,
            runs=runs,
            warm_up=_bulk_appraisal_case(max(appraisals // 100, POOL), check=True),
        ),
    ]
