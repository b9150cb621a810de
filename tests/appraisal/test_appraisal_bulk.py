"""score_assessments: many appraisals into columns, equal to score_assessment row by row."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from competency_helpers import SMALL_SCALE, assessed, make_profile
from perfcore.appraisal import (
    DEFAULT_REGISTRY,
    AppraisalScore,
    AppraisalScores,
    ScoringConfig,
    score_assessment,
    score_assessments,
)
from perfcore.errors import ValidationError
from perfcore.scoring import (
    Composite,
    MissingRule,
    RatingBands,
    ThresholdTargetStretch,
    WeightedMean,
)

CURVES = ((900.0, 1000.0, 1200.0, True), (30.0, 20.0, 10.0, False), (5.0, 8.0, 9.0, True))
BANDS = RatingBands.from_edges((0, 0.5, 0.9, 1.1, 1.5), ("Below", "Partly", "Meets", "Exceeds"))


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
        weight=20,
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


ACTUAL = st.one_of(
    st.floats(min_value=-50, max_value=1500),
    st.integers(-50, 1500),
    st.sampled_from([900.0, 1000.0, 10.0, 20.0, 30.0]),
)
ROW = st.tuples(
    st.lists(ACTUAL, min_size=3, max_size=3) | st.lists(ACTUAL | st.none(), min_size=3, max_size=3),
    st.sampled_from([0, 1, 1.0, 0.5]),
)
CONFIGS = st.sampled_from(
    [
        ScoringConfig(),
        ScoringConfig(bands=BANDS),
        ScoringConfig(include_development=True, goal_combiner=WeightedMean(require_total=None)),
        ScoringConfig(composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20})),
        ScoringConfig(
            composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}), bands=BANDS
        ),
        ScoringConfig(
            composite=Composite(
                weights={"goals": 3, "self": 1, "feedback": 1}, missing=MissingRule.ZERO
            )
        ),
        ScoringConfig(
            composite=Composite(
                weights={"goals": 3, "self": 1, "feedback": 1}, missing=MissingRule.REFUSE
            )
        ),
        ScoringConfig(
            composite=Composite(
                weights={"goals": 60, "feedback": 40}, scale=(0, 1.5), scales={"feedback": (0, 1)}
            )
        ),
        ScoringConfig(  # goal scores on two scales: every row is refused
            include_development=True,
            goal_combiner=WeightedMean(require_total=None),
            goal_scorers={"numeric": ThresholdTargetStretch(target_payout=2.0, stretch_payout=3)},
            composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}),
        ),
        ScoringConfig(goal_combiner=Composite(weights={"g0": 1, "g1": 1, "g2": 1})),
    ]
)


@st.composite
def batches(draw: st.DrawFn) -> tuple[object, ...]:
    weights = draw(st.sampled_from([(50, 30, 20), (33.3, 33.3, 33.4), (100, 0, 0), (10, 10, 10)]))
    goals = _goals(weights)
    n = draw(st.integers(0, 4))
    rows = draw(st.lists(st.tuples(ROW, ROW), min_size=n, max_size=n))
    manager = [_assessment(pc.AssessmentSource.MANAGER, [*a, d]) for (a, d), _ in rows]
    own = [
        draw(st.none() | st.just(_assessment(pc.AssessmentSource.SELF, [*a, d])))
        for _, (a, d) in rows
    ]
    feedback = st.none() | st.floats(0, 1) | st.just(7.5) | st.just(float("nan"))
    components = [
        draw(st.none() | st.fixed_dictionaries({"feedback": feedback}) | st.just({"other": 0.5}))
        for _ in rows
    ]
    return goals, manager, draw(CONFIGS), own, components


@given(batches())
def test_every_row_is_what_score_assessment_gives(batch: tuple[object, ...]) -> None:
    goals, manager, config, own, components = batch
    assert isinstance(manager, list)
    assert isinstance(own, list)
    assert isinstance(components, list)
    assert isinstance(config, ScoringConfig)
    assert isinstance(goals, tuple)
    singles: list[AppraisalScore] = []
    refused: list[tuple[str, str]] | None = None
    for i, (mine, theirs, extra) in enumerate(zip(manager, own, components, strict=True)):
        try:
            singles.append(
                score_assessment(
                    goals, mine, config, DEFAULT_REGISTRY, self_assessment=theirs, components=extra
                )
            )
        except ValidationError as exc:
            refused = [(f"rows[{i}].{p.path}", p.message) for p in exc.problems]
            break
    if refused is not None:
        with pytest.raises(ValidationError) as raised:
            score_assessments(
                goals,
                manager,
                config,
                DEFAULT_REGISTRY,
                self_assessments=own,
                components=components,
            )
        assert [(p.path, p.message) for p in raised.value.problems] == refused
        return
    scores = score_assessments(
        goals, manager, config, DEFAULT_REGISTRY, self_assessments=own, components=components
    )
    assert len(scores) == len(singles)
    assert [repr(x) for x in scores.values] == [repr(s.value) for s in singles]
    assert [repr(x) for x in scores.goal_values] == [repr(s.goals.value) for s in singles]
    assert list(scores.bands) == [None if s.band is None else s.band.label for s in singles]
    assert scores.records() == tuple(singles)
    for i, single in enumerate(singles):
        assert scores.row(i).explain() == single.explain()


def _batch() -> tuple[tuple[pc.Goal, ...], list[pc.Assessment], list[pc.Assessment]]:
    goals = _goals((50, 30, 20))
    manager = [
        _assessment(pc.AssessmentSource.MANAGER, [1000, 20, 8, 1]),  # 1, 1, 1: goals 1
        _assessment(pc.AssessmentSource.MANAGER, [1200, 25, 5, 1]),  # 1.5, 0.75, 0.5: 1.075
    ]
    own = [
        _assessment(pc.AssessmentSource.SELF, [1200, 25, 5, 1]),
        _assessment(pc.AssessmentSource.SELF, [1000, 20, 8, 1]),
    ]
    return goals, manager, own


def test_worked_batch() -> None:
    goals, manager, own = _batch()
    config = ScoringConfig(
        composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}), bands=BANDS
    )
    scores = score_assessments(
        goals,
        manager,
        config,
        DEFAULT_REGISTRY,
        self_assessments=own,
        components=[{"feedback": 0.5}, None],
    )
    # row 0: (60 × 1 + 20 × 1.075 + 20 × 0.5) / 100 = 0.915; row 1: feedback missing,
    # renormalised: (60 × 1.075 + 20 × 1) / 80 = 1.05625
    assert scores.goal_values == (1.0, 1.075)
    assert scores.values == (0.915, 1.05625)
    assert scores.bands == ("Meets", "Meets")
    assert "values=(0.915, 1.05625)" in repr(scores)
    assert scores.row(-1) == scores.records()[1]
    assert pickle.loads(pickle.dumps(scores)) == scores  # noqa: S301 - our own bytes


def test_an_empty_batch_and_bad_arguments() -> None:
    goals, manager, own = _batch()
    empty = score_assessments(goals, [], ScoringConfig(), DEFAULT_REGISTRY)
    assert (len(empty), empty.values, empty.records()) == (0, (), ())
    cases: list[tuple[dict[str, object], str]] = [
        ({"assessments": "x"}, "assessments"),
        ({"assessments": [manager[0], 3]}, "assessments[1]"),
        ({"self_assessments": own[:1]}, "self_assessments"),
        ({"self_assessments": [own[0], "x"]}, "self_assessments[1]"),
        ({"components": {"feedback": 1}}, "components"),
        ({"config": None}, "config"),
    ]
    for change, path in cases:
        arguments: dict[str, object] = {
            "goals": goals,
            "assessments": manager,
            "config": ScoringConfig(),
            "registry": DEFAULT_REGISTRY,
            **change,
        }
        with pytest.raises(ValidationError) as raised:
            score_assessments(**arguments)  # type: ignore[arg-type]
        assert [p.path for p in raised.value.problems] == [path]
    scores = score_assessments(goals, manager, ScoringConfig(), DEFAULT_REGISTRY)
    for index in (2, -3, "0", True):
        with pytest.raises(ValidationError, match="index"):
            scores.row(index)  # type: ignore[arg-type]


def test_a_registry_that_misses_a_strategy_is_refused_for_the_first_row() -> None:
    goals, manager, _ = _batch()
    bare = pc.scoring.Registry()
    with pytest.raises(ValidationError) as raised:
        score_assessments(goals, manager, ScoringConfig(), bare)
    assert all(p.path.startswith("rows[0].") for p in raised.value.problems)
    with pytest.raises(ValidationError):
        score_assessments(goals, [], ScoringConfig(), bare)


def test_columns_built_by_hand_are_validated() -> None:
    goals, manager, _ = _batch()
    fields: dict[str, object] = {
        "values": (1.0,),
        "goal_values": (1.0,),
        "bands": (None,),
        "goals": goals,
        "assessments": (manager[0],),
        "self_assessments": (None,),
        "profile": None,
        "competency_assessments": (None,),
        "components": ((("feedback", 0.5),),),
        "config": ScoringConfig(),
        "registry": DEFAULT_REGISTRY,
    }
    assert AppraisalScores(**fields).values == (1.0,)  # type: ignore[arg-type]
    changes: list[tuple[dict[str, object], str]] = [
        ({"values": (1.0, 2.0)}, "AppraisalScores.registry"),
        ({"components": (((1, 0.5),),)}, "AppraisalScores.components"),
        ({"components": ((("feedback", "x"),),)}, "AppraisalScores.components"),
        ({"components": [()]}, "AppraisalScores.components"),
    ]
    for change, where in changes:
        with pytest.raises(ValidationError) as raised:
            AppraisalScores(**{**fields, **change})  # type: ignore[arg-type]
        assert where in [p.path for p in raised.value.problems]


def test_a_goal_without_a_rating_is_refused_with_its_row() -> None:
    goals, manager, _ = _batch()
    unrated = pc.Assessment(
        source=pc.AssessmentSource.MANAGER, goal_ratings=manager[0].goal_ratings[1:]
    )
    with pytest.raises(ValidationError) as raised:
        score_assessments(goals, [manager[0], unrated], ScoringConfig(), DEFAULT_REGISTRY)
    assert [p.path for p in raised.value.problems] == ["rows[1].goal_ratings[g0].actual"]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.fixed_dictionaries({"negotiation": st.integers(1, 5), "law": st.integers(1, 5)}),
        ),
        max_size=3,
    ),
    st.booleans(),
)
def test_competencies_are_scored_as_score_assessment_scores_them(
    levels: list[dict[str, int] | None], with_profile: bool
) -> None:
    goals, manager, own = _batch()
    profile = make_profile({"negotiation": 3, "law": 2}) if with_profile else None
    fits = [None if row is None else assessed("ann", row) for row in levels]
    rows = [manager[i % 2] for i in range(len(levels))]
    config = ScoringConfig(
        composite=Composite(weights={"goals": 50, "competencies": 30, "self": 20}), bands=BANDS
    )
    scores = score_assessments(
        goals,
        rows,
        config,
        DEFAULT_REGISTRY,
        self_assessments=[own[i % 2] for i in range(len(levels))],
        profile=profile,
        competency_assessments=fits,
    )
    for i, row in enumerate(rows):
        single = score_assessment(
            goals,
            row,
            config,
            DEFAULT_REGISTRY,
            self_assessment=own[i % 2],
            profile=profile,
            competency_assessment=fits[i],
        )
        assert repr(scores.values[i]) == repr(single.value)
        assert scores.row(i) == single


def _same_as_row_by_row(
    goals: tuple[pc.Goal, ...], config: ScoringConfig, **per_row: Sequence[Any]
) -> None:
    """score_assessments gives what score_assessment gives row by row, or the same refusal."""
    n = len(per_row["assessments"])
    names = {"assessments": "assessment", "self_assessments": "self_assessment"}
    names |= {"competency_assessments": "competency_assessment", "components": "components"}
    try:
        singles = [
            score_assessment(
                goals,
                per_row["assessments"][i],
                config,
                DEFAULT_REGISTRY,
                **{names[k]: v[i] for k, v in per_row.items() if k != "assessments"},
            )
            for i in range(n)
        ]
    except ValidationError as exc:
        messages = [p.message for p in exc.problems]
        with pytest.raises(ValidationError) as raised:
            score_assessments(goals, config=config, registry=DEFAULT_REGISTRY, **per_row)  # type: ignore[arg-type]
        assert [p.message for p in raised.value.problems] == messages
        assert all(p.path.startswith("rows[") for p in raised.value.problems)
        return
    scores = score_assessments(goals, config=config, registry=DEFAULT_REGISTRY, **per_row)  # type: ignore[arg-type]
    assert scores.records() == tuple(singles)
    assert [repr(x) for x in scores.values] == [repr(s.value) for s in singles]


COMPOSITE = ScoringConfig(
    composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}), bands=BANDS
)


@pytest.mark.parametrize(
    ("config", "components"),
    [
        (COMPOSITE, [{"feedback": 0.5}, {"feedback": 7.5}]),  # beyond the bands
        (COMPOSITE, [{"feedback": 0.5}, {"feedback": float("inf")}]),
        (COMPOSITE, [{"feedback": 0.5}, {"self": 0.5}]),  # computed by perfcore
        (COMPOSITE, [{"feedback": 0.5}, {"other": 0.5}]),  # not a component
        (COMPOSITE, [{"feedback": 0.5}, {1: 0.5}]),  # not a name
        (ScoringConfig(), [{"feedback": 0.5}, {1: 0.5}]),
        (ScoringConfig(bands=BANDS), [None, None]),
        (  # scored row by row: a composite with scales
            ScoringConfig(
                composite=Composite(
                    weights={"goals": 60, "feedback": 40},
                    scale=(0, 1.5),
                    scales={"feedback": (0, 1)},
                )
            ),
            [{"feedback": 0.5}, None],
        ),
        (  # scored row by row: a composite as the goal combiner
            ScoringConfig(goal_combiner=Composite(weights={"g0": 1, "g1": 1, "g2": 1})),
            [None, None],
        ),
        (  # every row refused: the goals are scored on two scales
            ScoringConfig(
                include_development=True,
                goal_combiner=WeightedMean(require_total=None),
                goal_scorers={
                    "numeric": ThresholdTargetStretch(target_payout=2.0, stretch_payout=3)
                },
                composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}),
            ),
            [{"feedback": 0.5}, None],
        ),
        (  # refused where feedback is given: goals on 0-2, feedback taken on 0-1
            ScoringConfig(
                goal_scorers={
                    "numeric": ThresholdTargetStretch(target_payout=2.0, stretch_payout=3)
                },
                composite=Composite(weights={"goals": 60, "self": 20, "feedback": 20}),
            ),
            [None, {"feedback": 0.5}],
        ),
    ],
)
def test_refusals_and_edges_are_those_of_score_assessment(
    config: ScoringConfig, components: list[object]
) -> None:
    goals, manager, own = _batch()
    _same_as_row_by_row(
        goals, config, assessments=manager, self_assessments=own, components=components
    )


def test_goals_that_repeat_an_id_are_scored_row_by_row() -> None:
    goals, manager, own = _batch()
    twice = (*goals, goals[0])
    _same_as_row_by_row(twice, COMPOSITE, assessments=manager, self_assessments=own)
    _same_as_row_by_row((), COMPOSITE, assessments=manager, self_assessments=own)


def test_a_competency_assessment_the_fit_refuses_is_refused_with_its_row() -> None:
    goals, manager, _ = _batch()
    config = ScoringConfig(composite=Composite(weights={"goals": 50, "competencies": 50}))
    profile = make_profile({"negotiation": 3})
    other_scale = assessed("ann", {"negotiation": 2}, scale=SMALL_SCALE)
    with pytest.raises(ValidationError) as raised:
        score_assessments(
            goals,
            manager,
            config,
            DEFAULT_REGISTRY,
            profile=profile,
            competency_assessments=[assessed("ann", {"negotiation": 2}), other_scale],
        )
    assert all(p.path.startswith("rows[1].") for p in raised.value.problems)
