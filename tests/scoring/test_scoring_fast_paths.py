"""The fast paths of scoring give exactly what the explained, validated paths give.

- combining is exact rational arithmetic, rounded once: checked against a
  model written with :class:`fractions.Fraction`, bit for bit;
- the configuration's JSON is worked out once per registry: it equals a
  freshly built one and follows the config and the registry;
- a composite's ``"self"`` component is computed without explanations: it
  equals the value of the explained goal score of the self-assessment;
- records built without re-running validators equal validated ones, and bad
  values are still refused with the same messages.
"""

from __future__ import annotations

import json
import pickle
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig, score_assessment
from perfcore.errors import ValidationError
from perfcore.scoring import (
    DEFAULT_OKR_BANDS,
    BaselineProgress,
    Composite,
    GoalScore,
    MilestoneCompletion,
    MissingRule,
    OkrGrade,
    Part,
    RatingBands,
    ScaleRating,
    ThresholdTargetStretch,
    WeightedMean,
    YesNo,
)
from perfcore.scoring._combiner_common import _mean, _mean_value
from perfcore.scoring.results import _goal_score, _goal_score_explained_later
from perfcore.serialization import make_converter
from strategies import numeric_measures, scale_measures

NUMBERS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from([0.1, 1 / 3, -0.0, 5e-324, 1e-300, 2**60 + 1]),
)
WEIGHTS = st.one_of(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=100),
    st.sampled_from([1e-310, 1e300, 1e308]),
)


@st.composite
def part_lists(draw: st.DrawFn) -> list[Part]:
    values = draw(st.lists(st.one_of(st.none(), NUMBERS), min_size=1, max_size=6))
    return [Part(key=f"p{i}", value=value, weight=draw(WEIGHTS)) for i, value in enumerate(values)]


def _fmt(number: Fraction) -> str:
    try:
        return repr(float(number)).removesuffix(".0")
    except OverflowError:
        return str(number)


def reference(
    parts: list[Part], missing: MissingRule
) -> tuple[float, list[tuple[float, float]], str]:
    """Σ wᵢ·sᵢ / Σ wᵢ with fractions: the value, (applied weight, contribution) pairs, formula."""
    counted = [p for p in parts if p.value is not None or missing is MissingRule.ZERO]
    exact = {p.key: Fraction(p.value or 0) for p in counted}
    total = sum((Fraction(p.weight) for p in counted), Fraction(0))
    shares = [
        Fraction(p.weight) / total if total and p.key in exact else Fraction(0) for p in parts
    ]
    pairs = [
        (float(share), float(share * exact.get(p.key, 0)))
        for p, share in zip(parts, shares, strict=True)
    ]
    value = sum((Fraction(p.weight) * exact[p.key] for p in counted), Fraction(0)) / total
    terms = " + ".join(f"{_fmt(Fraction(p.weight))} × {_fmt(exact[p.key])}" for p in counted)
    return float(value), pairs, f"({terms}) / {_fmt(total)} = {_fmt(value)}"


@given(part_lists(), st.sampled_from([MissingRule.ZERO, MissingRule.RENORMALISE]))
def test_combining_is_the_exact_weighted_mean_rounded_once(
    parts: list[Part], missing: MissingRule
) -> None:
    mean = WeightedMean(require_total=None, missing=missing)
    try:
        combined = mean.combine(parts)
    except ValidationError:
        return  # nothing that carries weight has a value; the refusal is tested elsewhere
    value, pairs, formula = reference(parts, missing)
    assert repr(combined.value) == repr(value)
    assert [(c.applied_weight, c.contribution) for c in combined.contributions] == pairs
    assert [repr(c.contribution) for c in combined.contributions] == [repr(c) for _, c in pairs]
    assert combined.explanation.split("; ")[0] == formula


def test_combining_worked_example() -> None:
    parts = [Part(key="a", value=0.1, weight=1), Part(key="b", value=0.2, weight=2)]
    combined = WeightedMean(require_total=None).combine(parts)
    # exactly (0.1 + 2 × 0.2) / 3 of the binary numbers, rounded once: the binary 0.1
    # and 0.2 are a little above a tenth and a fifth, which floats summed in turn lose
    assert combined.value == float((Fraction(0.1) + 2 * Fraction(0.2)) / 3)
    assert combined.value != (0.1 + 2 * 0.2) / 3
    assert combined.explanation == "(1 × 0.1 + 2 × 0.2) / 3 = 0.16666666666666669"


# --- the configuration's JSON ---------------------------------------------------------


def _fresh(config: ScoringConfig, registry: pc.scoring.Registry) -> str:
    return json.dumps(config.to_data(registry), sort_keys=True, separators=(",", ":"))


CONFIGS = st.builds(
    ScoringConfig,
    include_development=st.booleans(),
    goal_combiner=st.builds(
        WeightedMean,
        require_total=st.sampled_from([None, 100]),
        missing=st.sampled_from(list(MissingRule)),
    ),
    composite=st.sampled_from([None, Composite(weights={"goals": 60, "self": 40})]),
)


@given(CONFIGS, CONFIGS)
def test_the_memoised_json_is_the_freshly_built_one(
    first: ScoringConfig, second: ScoringConfig
) -> None:
    for _ in range(2):  # the second call reads the memo
        assert first._json(DEFAULT_REGISTRY) == _fresh(first, DEFAULT_REGISTRY)
        assert second._json(DEFAULT_REGISTRY) == _fresh(second, DEFAULT_REGISTRY)
    assert (first._json(DEFAULT_REGISTRY) == second._json(DEFAULT_REGISTRY)) == (first == second)


def test_the_json_is_kept_per_config_and_follows_the_registry() -> None:
    config = ScoringConfig()
    text = config._json(DEFAULT_REGISTRY)
    assert config._json(DEFAULT_REGISTRY) is text  # worked out once
    assert ScoringConfig()._json(DEFAULT_REGISTRY) == text  # an equal config, the same text
    assert attrs.fields(ScoringConfig) == attrs.fields(type(config))  # the memo is no field
    assert config == ScoringConfig()
    bare = pc.scoring.Registry.empty()
    for _ in range(2):  # a registry that lacks the strategies is refused every time
        with pytest.raises(ValidationError, match="is not registered here"):
            config._json(bare)
    assert config._json(DEFAULT_REGISTRY) == text


def test_a_scorer_cannot_be_replaced_in_place() -> None:
    config = ScoringConfig()
    before = config._json(DEFAULT_REGISTRY)
    with pytest.raises(TypeError):
        config.goal_scorers["numeric"] = ThresholdTargetStretch(stretch_payout=2.0)  # type: ignore[index]
    assert config._json(DEFAULT_REGISTRY) == before == _fresh(config, DEFAULT_REGISTRY)


# --- the self-assessment component ----------------------------------------------------

CURVES = ((900.0, 1000.0, 1200.0, True), (30.0, 20.0, 10.0, False), (5.0, 8.0, 9.0, True))


def _goals(weights: tuple[float, float, float]) -> tuple[pc.Goal, ...]:
    numeric = tuple(
        pc.Goal(
            id=f"g{i}",
            title=f"Goal {i}",
            weight=weight,
            measure=pc.NumericMeasure(
                unit="u",
                threshold=low,
                target=target,
                stretch=high,
                direction=pc.Direction.HIGHER_IS_BETTER if up else pc.Direction.LOWER_IS_BETTER,
            ),
        )
        for i, ((low, target, high, up), weight) in enumerate(zip(CURVES, weights, strict=True))
    )
    done = pc.Goal(
        id="done",
        title="Done",
        kind=pc.GoalKind.DEVELOPMENT,
        measure=pc.YesNoMeasure(question="Done?"),
    )
    return (*numeric, done)


def _assessment(source: pc.AssessmentSource, actuals: list[float | None]) -> pc.Assessment:
    return pc.Assessment(
        source=source,
        goal_ratings=tuple(
            pc.GoalRating(
                goal_id=goal_id,
                achievement=pc.Achievement.MET,
                actual=actual,
                rating=pc.Rating(value=3, basis=pc.Basis(text="Per the report")),
            )
            for goal_id, actual in zip(("g0", "g1", "g2", "done"), actuals, strict=True)
        ),
    )


ACTUALS = st.lists(
    st.one_of(st.floats(min_value=-50, max_value=1500), st.integers(-50, 1500)),
    min_size=3,
    max_size=3,
)


@given(
    ACTUALS,
    ACTUALS,
    st.sampled_from([(50, 30, 20), (33.3, 33.3, 33.4), (100, 0, 0), (10, 10, 10)]),
    st.booleans(),
    st.sampled_from([0, 1]),
)
def test_the_self_component_is_the_explained_goal_score(
    manager: list[float],
    own: list[float],
    weights: tuple[float, float, float],
    development: bool,
    done: int,
) -> None:
    goals = _goals(weights)
    config = ScoringConfig(
        include_development=development,
        composite=Composite(weights={"goals": 60, "self": 40}),
    )
    mine = _assessment(pc.AssessmentSource.MANAGER, [*manager, done])
    theirs = _assessment(pc.AssessmentSource.SELF, [*own, done])
    try:
        explained = config.goal_combiner.combine(
            [
                Part(
                    key=goal.id,
                    value=config.goal_scorers[tag].score(goal, actual).attainment,
                    weight=goal.weight,
                )
                for goal, actual in zip(goals, [*own, done], strict=True)
                if (tag := goal.measure.TAG if goal.measure else "")
                and (development or goal.kind is pc.GoalKind.PERFORMANCE)
            ]
        )
    except ValidationError as exc:
        refused = [p.message for p in exc.problems]
        with pytest.raises(ValidationError) as raised:
            score_assessment(goals, mine, config, DEFAULT_REGISTRY, self_assessment=theirs)
        assert [p.message for p in raised.value.problems] == refused
        return
    score = score_assessment(goals, mine, config, DEFAULT_REGISTRY, self_assessment=theirs)
    assert score.composite is not None
    shown = {c.key: c.value for c in score.composite.contributions}
    assert repr(shown["self"]) == repr(explained.value)


def test_a_self_assessment_without_a_result_is_still_refused_with_its_path() -> None:
    goals = _goals((50, 30, 20))
    config = ScoringConfig(composite=Composite(weights={"goals": 60, "self": 40}))
    mine = _assessment(pc.AssessmentSource.MANAGER, [1000, 20, 8, 1])
    theirs = _assessment(pc.AssessmentSource.SELF, [1000, None, 8, 1])
    with pytest.raises(ValidationError) as raised:
        score_assessment(goals, mine, config, DEFAULT_REGISTRY, self_assessment=theirs)
    assert [p.path for p in raised.value.problems] == ["self_assessment.goal_ratings[g1].actual"]


def test_worked_appraisal() -> None:
    goals = _goals((50, 30, 20))
    config = ScoringConfig(
        composite=Composite(weights={"goals": 60, "self": 40}),
        bands=RatingBands.from_edges((0, 1, 1.5), ("below", "at or above")),
    )
    mine = _assessment(pc.AssessmentSource.MANAGER, [1000, 20, 8, 1])  # 1, 1, 1
    theirs = _assessment(pc.AssessmentSource.SELF, [1200, 25, 5, 1])  # 1.5, 0.75, 0.5
    score = score_assessment(goals, mine, config, DEFAULT_REGISTRY, self_assessment=theirs)
    # self: (50 × 1.5 + 30 × 0.75 + 20 × 0.5) / 100 = 1.075; 0.6 × 1 + 0.4 × 1.075 = 1.03
    assert score.composite is not None
    assert score.composite.explanation == "(60 × 1 + 40 × 1.075) / 100 = 1.03"
    assert score.band is not None
    assert score.band.label == "at or above"


# --- records built without the validators ---------------------------------------------


@given(
    st.text(min_size=1, max_size=5),
    st.sampled_from(["yes_no", "Not an identifier", "threshold_target_stretch"]),
    st.one_of(st.floats(), st.integers()),
    st.one_of(st.floats(), st.integers()),
    st.text(max_size=5),
    st.one_of(st.none(), st.text(max_size=3)),
)
def test_a_goal_score_made_fast_is_the_validated_one(  # noqa: PLR0917
    goal_id: str,
    strategy: str,
    actual: float,
    attainment: float,
    explanation: str,
    band: str | None,
) -> None:
    try:
        expected = GoalScore(
            goal_id=goal_id,
            strategy=strategy,
            actual=actual,
            attainment=attainment,
            explanation=explanation,
            band=band,
        )
    except ValidationError as exc:
        refused = exc.problems
        with pytest.raises(ValidationError) as raised:
            _goal_score(
                goal_id=goal_id,
                strategy=strategy,
                actual=actual,
                attainment=attainment,
                explanation=explanation,
                band=band,
            )
        assert raised.value.problems == refused
        return
    made = _goal_score(
        goal_id=goal_id,
        strategy=strategy,
        actual=actual,
        attainment=attainment,
        explanation=explanation,
        band=band,
    )
    assert made == expected
    assert repr(made) == repr(expected)


def test_a_long_explanation_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="at most 10000 characters"):
        _goal_score(
            goal_id="g1",
            strategy="yes_no",
            actual=1.0,
            attainment=1.0,
            explanation="x" * 10_001,
        )
    many = [Part(key=f"goal number {i}", value=0.5, weight=1) for i in range(1_000)]
    with pytest.raises(ValidationError, match=r"Combination\.explanation"):
        WeightedMean(require_total=None).combine(many)


def test_a_scorer_with_a_bad_name_is_still_refused() -> None:
    @attrs.frozen
    class Odd(YesNo):
        NAME = "Odd Name"

    goal = pc.Goal(id="g", title="G", measure=pc.YesNoMeasure(question="Done?"))
    with pytest.raises(ValidationError, match=r"GoalScore\.strategy"):
        Odd().score(goal, 1)


# --- explanations written when first read ---------------------------------------------


def _explained_now(
    scorer: ThresholdTargetStretch, goal: pc.Goal, actual: float
) -> tuple[GoalScore, GoalScore]:
    """``scorer.score(goal, actual)`` and the same score built with its explanation written now."""
    assert isinstance(goal.measure, pc.NumericMeasure)
    payout, explanation = scorer._payout(goal.measure, float(actual))
    eager = GoalScore(
        goal_id=goal.id,
        strategy=scorer.NAME,
        actual=float(actual),
        attainment=payout + 0.0,
        explanation=explanation,
    )
    return scorer.score(goal, actual), eager


_CONVERTER = make_converter()
_SLOT = vars(GoalScore)["explanation"]
"""The slot that holds a written explanation (reading it does not write one)."""


def _written(record: Any) -> bool:
    try:
        vars(type(record))["explanation"].__get__(record, type(record))
    except AttributeError:
        return False
    return True


@given(
    numeric_measures(),
    st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**6), 10**6)),
    st.floats(0, 0.9),
    st.floats(1.0, 1.4),
    st.floats(1.5, 3),
    st.sampled_from(["first", "eq", "repr", "hash", "data", "pickle"]),
)
def test_a_score_explained_later_is_the_score_explained_now(  # noqa: PLR0917
    measure: pc.NumericMeasure,
    actual: float,
    threshold_payout: float,
    target_payout: float,
    stretch_payout: float,
    read_by: str,
) -> None:
    scorer = ThresholdTargetStretch(
        threshold_payout=threshold_payout,
        target_payout=target_payout,
        stretch_payout=stretch_payout,
    )
    goal = pc.Goal(id="g1", title="Revenue", measure=measure)
    for probe in [actual, *(point for _, point, _ in scorer.points(measure))]:
        score, eager = _explained_now(scorer, goal, probe)
        assert score.attainment == eager.attainment
        assert not _written(score)
        # whichever reads it first, the explanation is the one written now
        if read_by == "eq":
            assert score == eager
        elif read_by == "repr":
            assert repr(score) == repr(eager)
        elif read_by == "hash":
            assert hash(score) == hash(eager)
        elif read_by == "data":
            assert _CONVERTER.unstructure(score) == _CONVERTER.unstructure(eager)
        elif read_by == "pickle":
            assert pickle.loads(pickle.dumps(score)) == eager  # noqa: S301 - our own bytes
        assert score.explanation == eager.explanation
        assert _written(score)
        assert score == eager
        assert attrs.evolve(score, band="x") == attrs.evolve(eager, band="x")


def test_a_score_is_explained_once_and_only_when_read() -> None:
    goal = pc.Goal(
        id="sales",
        title="Grow sales",
        measure=pc.NumericMeasure(unit="EUR k", threshold=900, target=1000, stretch=1200),
    )
    score = ThresholdTargetStretch().score(goal, 920)
    assert score.attainment == pytest.approx(0.6)
    assert not _written(score)
    text = score.explanation
    assert text == (
        "920 lies between threshold 900 (payout 0.5) and target 1000 (payout 1):\n"
        "0.5 + (920 − 900)/(1000 − 900) × (1 − 0.5) = 0.6"
    ).replace(":\n", ": ")
    assert score.explanation is text
    with pytest.raises(AttributeError, match="no attribute 'explanations'"):
        _ = score.explanations  # type: ignore[attr-defined]
    assert not hasattr(score, "nonesuch")


def test_values_that_are_not_finite_floats_go_to_the_validating_constructor() -> None:
    class Says:
        def _explanation(self, measure: object, actual: float) -> str:
            return f"{measure}: {actual:g}"

    def build(actual: float, attainment: float) -> GoalScore:
        return _goal_score_explained_later(
            goal_id="g1",
            strategy="yes_no",
            actual=actual,
            attainment=attainment,
            by=Says(),
            of="ok",
        )

    made = build(1, 1.0)
    assert _written(made)
    assert made == GoalScore(
        goal_id="g1", strategy="yes_no", actual=1, attainment=1.0, explanation="ok: 1"
    )
    with pytest.raises(ValidationError, match="attainment"):
        build(1.0, float("nan"))


# --- every scorer, combiner and band choice explains when first read ------------------

_PERCENT = pc.RatingScale(minimum=0, maximum=100)
_FOUR_STEPS = pc.MilestoneMeasure(steps=("design", "build", "test", "launch"))


def _numeric_with_baseline(measure: pc.NumericMeasure) -> pc.NumericMeasure:
    if measure.baseline is not None:
        return measure
    step = 1 if measure.direction is pc.Direction.HIGHER_IS_BETTER else -1
    return attrs.evolve(measure, baseline=measure.target - step * 10)


@st.composite
def _scored(draw: st.DrawFn) -> tuple[Any, pc.Goal, float]:
    """A built-in scorer, a goal it scores and a result it accepts."""
    kind = draw(st.sampled_from(["baseline", "milestones", "yes_no", "scale", "okr"]))
    if kind == "baseline":
        measure: pc.Measure = _numeric_with_baseline(draw(numeric_measures()))
        scorer: Any = BaselineProgress(cap=draw(st.sampled_from([1.0, None, 1.2])))
        actual = draw(st.floats(-1e6, 1e6) | st.integers(-1000, 1000))
    elif kind == "milestones":
        measure = _FOUR_STEPS
        scorer = MilestoneCompletion(step_weights=draw(st.sampled_from([None, (1, 3, 2, 4)])))
        actual = draw(st.sampled_from([0, 1, 2.0, 3.0, 4]))
    elif kind == "yes_no":
        measure = pc.YesNoMeasure(question=draw(st.sampled_from(["Done?", "x" * 500])))
        scorer = YesNo()
        actual = draw(st.sampled_from([0, 1, 0.0, 1.0]))
    elif kind == "scale":
        measure = draw(scale_measures())
        scorer = ScaleRating(to_scale=draw(st.sampled_from([None, _PERCENT])))
        low, high = measure.scale.minimum, measure.scale.maximum
        actual = draw(st.floats(low, high) | st.integers(low, high))
    else:
        measure = draw(numeric_measures())
        scorer = OkrGrade(bands=draw(st.sampled_from([DEFAULT_OKR_BANDS, ((0, "x" * 200),)])))
        actual = draw(st.floats(0, 1) | st.sampled_from([0, 1]))
    return scorer, pc.Goal(id="g1", title="Goal", measure=measure), actual


READ_BY = st.sampled_from(["first", "eq", "repr", "hash", "data", "pickle", "evolve"])


def _read(record: Any, eager: Any, read_by: str) -> None:
    """Read ``record``'s explanation first by ``read_by``; it must equal ``eager`` whatever."""
    if read_by == "eq":
        assert record == eager
    elif read_by == "repr":
        assert repr(record) == repr(eager)
    elif read_by == "hash":
        assert hash(record) == hash(eager)
    elif read_by == "data":
        assert _CONVERTER.unstructure(record) == _CONVERTER.unstructure(eager)
    elif read_by == "pickle":
        assert pickle.loads(pickle.dumps(record)) == eager  # noqa: S301 - our own bytes
    elif read_by == "evolve":
        assert attrs.evolve(record) == eager
    assert record.explanation == eager.explanation
    assert record == eager


def _validated(record: Any) -> Any:
    """``record`` rebuilt through its validating constructor (reading every field)."""
    return type(record)(**attrs.asdict(record, recurse=False))


@given(_scored(), READ_BY)
def test_every_scorer_explains_when_first_read(
    scored: tuple[Any, pc.Goal, float], read_by: str
) -> None:
    scorer, goal, actual = scored
    score = scorer.score(goal, actual)
    label_fits = score.band is None or len(score.band) <= 200  # a longer label: validated now
    assert _written(score) is not label_fits
    eager = _validated(scorer.score(goal, actual))
    _read(score, eager, read_by)


@given(
    st.lists(
        st.tuples(st.floats(0, 1) | st.integers(0, 1), st.floats(0.5, 1) | st.integers(1, 10)),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from(["o1", " ", "x" * 201]),
    READ_BY,
)
def test_an_objective_explains_when_first_read(
    key_results: list[tuple[float, float]], objective_id: str, read_by: str
) -> None:
    grader = OkrGrade()
    if objective_id != "o1":  # refused by GoalScore's validators, as before
        with pytest.raises(ValidationError, match=r"GoalScore\.goal_id"):
            grader.objective(key_results, objective_id=objective_id)
        return
    grade = grader.objective(key_results, objective_id=objective_id)
    assert not _written(grade)
    _read(grade, _validated(grader.objective(key_results, objective_id=objective_id)), read_by)


PART_VALUES = st.one_of(st.none(), st.floats(0, 2), st.integers(0, 3))


@given(st.lists(st.tuples(PART_VALUES, st.integers(0, 50)), min_size=1, max_size=15), READ_BY)
def test_combinations_explain_when_first_read(
    rows: list[tuple[float | None, int]], read_by: str
) -> None:
    parts = [
        Part(key=f"p{i}", value=value, weight=weight) for i, (value, weight) in enumerate(rows)
    ]
    mean = WeightedMean(require_total=None, missing=MissingRule.ZERO)
    names = {f"p{i}": weight for i, (_, weight) in enumerate(rows)}
    combiners: list[Any] = [mean]
    if any(names.values()):
        combiners.append(Composite(weights=names))
        combiners.append(
            Composite(weights=names, scale=(0, 3), scales={"p0": (0, 1)}, missing=MissingRule.ZERO)
        )
    for combiner in combiners:
        try:
            combined = combiner.combine(parts)
        except ValidationError:
            continue
        assert _written(combined) is (len(parts) > 12)  # the most parts left to be explained
        _read(combined, _validated(combiner.combine(parts)), read_by)


@given(st.floats(1, 5) | st.integers(1, 5), READ_BY)
def test_band_choices_explain_when_first_read(score: float, read_by: str) -> None:
    bands = RatingBands.from_edges((1, 2.5, 3.5, 4.5, 5), ("low", "meets", "exceeds", "top"))
    choice = bands.choose(score)
    assert not _written(choice)
    _read(choice, _validated(bands.choose(score)), read_by)


def test_worked_explanations_written_when_read() -> None:
    launch = pc.Goal(id="launch", title="Launch", measure=_FOUR_STEPS)
    done = MilestoneCompletion(step_weights=(1, 3, 2, 4)).score(launch, 2)
    assert not _written(done)
    assert done.explanation == (
        "2 of 4 steps done, up to 'build'; they weigh 1 + 3 = 4 of the total"
        " 1 + 3 + 2 + 4 = 10: 4/10 = 0.4"
    )
    combined = Composite(weights={"goals": 60, "self": 40}).combine_values(
        {"goals": 1.0, "self": None}
    )
    assert not _written(combined)
    assert combined.explanation == (
        "(60 × 1) / 60 = 1; component 'self' has no value and is left out"
    )
    band = RatingBands.from_edges((0, 1, 2), ("low", "high")).choose(2)
    assert band.explanation == "2 lies in [1, 2]: high"


@given(part_lists(), st.sampled_from(list(MissingRule)))
def test_the_numbers_only_mean_is_the_explained_one(
    parts: list[Part], missing: MissingRule
) -> None:
    value = _mean_value([p.weight for p in parts], [p.value for p in parts], missing)
    try:
        explained = _mean(parts, missing, where="parts", noun="part")
    except ValidationError:
        assert value is None  # refused: the explained path says why
        return
    assert repr(value) == repr(explained.value)
