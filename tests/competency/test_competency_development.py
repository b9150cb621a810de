"""Development recommendations and draft development goals."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from competency_helpers import (
    FEEDBACK,
    GAPPED_SCALE,
    LAW,
    NEGOTIATION,
    SMALL_SCALE,
    assessed,
    assessments_of,
    intervention_lists,
    make_profile,
    profiles,
)
from expect import check_value_object, rejects, rejects_all
from perfcore.competency import (
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    ProficiencyScale,
)
from perfcore.competency.development import (
    DEVELOPMENT_STRATEGIES,
    GapBand,
    InterventionMap,
    Recommendation,
    draft_development_goals,
    recommend,
)
from perfcore.improvement import InterventionKind as K
from perfcore.scoring import Registry

KNOWLEDGE, SKILL, BEHAVIOUR = (
    CompetencyCategory.KNOWLEDGE,
    CompetencyCategory.SKILL,
    CompetencyCategory.BEHAVIOUR,
)

# Required: negotiation (skill) 4, law (knowledge) 3, feedback (behaviour) 3.
# Assessed: negotiation 2 (gap 2, large), law 2.5 (gap 0.5, small), feedback 3 (met).
PROFILE = make_profile({"negotiation": 4, "law": 3, "feedback": 3})
ANN = assessed("ann", {"negotiation": 2, "law": 2.5, "feedback": 3})


def test_default_mapping() -> None:
    mapping = InterventionMap()
    assert mapping.small_gap_max == 1
    assert mapping.interventions_for(KNOWLEDGE, 0.5) == (K.TRAINING, K.COUNSELLING)
    assert mapping.interventions_for(KNOWLEDGE, 3) == (K.TRAINING, K.COUNSELLING)
    assert mapping.interventions_for(SKILL, 1) == (K.PRACTICE, K.MENTORING)
    assert mapping.interventions_for(SKILL, 1.01) == (
        K.STRETCH_ASSIGNMENT,
        K.ROTATION,
        K.MENTORING,
    )
    assert mapping.interventions_for(BEHAVIOUR, 0.5) == (K.COACHING, K.CONVERSATION)
    assert mapping.interventions_for(BEHAVIOUR, 4) == (K.COACHING, K.CONVERSATION)
    assert mapping.name == "intervention_map"


def test_gap_bands_are_configurable() -> None:
    mapping = InterventionMap(small_gap_max=2, skill_large=(K.ROTATION,))
    assert mapping.band_of(2) is GapBand.SMALL
    assert mapping.band_of(2.5) is GapBand.LARGE
    assert mapping.interventions_for(SKILL, 2.5) == (K.ROTATION,)
    assert InterventionMap(small_gap_max=0).band_of(0.1) is GapBand.LARGE


def test_worked_example_recommendations() -> None:
    negotiation, law = recommend(PROFILE, ANN)
    assert negotiation == Recommendation(
        competency_id="negotiation",
        name="Negotiation",
        category=SKILL,
        required=4,
        assessed=2,
        gap=2,
        band=GapBand.LARGE,
        interventions=(K.STRETCH_ASSIGNMENT, K.ROTATION, K.MENTORING),
        explanation="required 4, assessed 2: gap 4 − 2 = 2, large (above 1);"
        " skill, large gap → stretch assignment, rotation, mentoring",
    )
    assert (law.gap, law.band, law.interventions) == (
        0.5,
        GapBand.SMALL,
        (K.TRAINING, K.COUNSELLING),
    )
    assert law.explanation == (
        "required 3, assessed 2.5: gap 3 − 2.5 = 0.5, small (up to 1);"
        " knowledge, small gap → training, counselling"
    )
    check_value_object(negotiation)


def test_a_custom_mapping_is_applied() -> None:
    mapping = InterventionMap(knowledge_small=(K.MENTORING,), small_gap_max=0.25)
    _, law = recommend(PROFILE, ANN, mapping)
    assert (law.band, law.interventions) == (GapBand.LARGE, (K.TRAINING, K.COUNSELLING))
    _, law = recommend(PROFILE, ANN, InterventionMap(knowledge_small=(K.MENTORING,)))
    assert law.interventions == (K.MENTORING,)


def test_unrequired_competencies_get_no_recommendation() -> None:
    profile = make_profile({"negotiation": 4}, competencies=(NEGOTIATION, LAW, FEEDBACK))
    assert recommend(profile, assessed("bob", {"law": 1, "negotiation": 4})) == ()


def test_an_unrated_competency_counts_at_the_scale_minimum() -> None:
    profile = make_profile({"negotiation": 4, "law": 1})
    (negotiation,) = recommend(profile, assessed("bob", {}))
    assert (negotiation.assessed, negotiation.gap, negotiation.band) == (None, 3, GapBand.LARGE)
    assert negotiation.explanation == (
        "required 4, not rated (counted at the scale minimum 1): gap 4 − 1 = 3, large (above 1);"
        " skill, large gap → stretch assignment, rotation, mentoring"
    )
    (goal,) = draft_development_goals([negotiation])
    assert goal.title == "Raise Negotiation to 4 (not rated yet)"
    assert isinstance(goal.measure, pc.ScaleMeasure)
    assert goal.measure.target == 4


def test_equal_gaps_are_ordered_by_competency_id() -> None:
    bob = assessed("bob", {"negotiation": 3, "law": 2, "feedback": 2})
    assert [r.competency_id for r in recommend(PROFILE, bob)] == [
        "feedback",
        "law",
        "negotiation",
    ]


def test_worked_example_goals() -> None:
    due = dt.date(2027, 6, 30)
    negotiation, law = draft_development_goals(recommend(PROFILE, ANN), due=due)
    assert negotiation.id == "dev-negotiation"
    assert negotiation.title == "Raise Negotiation from 2 to 4"
    assert negotiation.kind is pc.GoalKind.DEVELOPMENT
    assert negotiation.weight == 0
    assert negotiation.due == due
    assert negotiation.methods == ("stretch assignment", "rotation", "mentoring")
    assert negotiation.description.startswith("required 4, assessed 2")
    assert negotiation.measure == pc.ScaleMeasure(
        scale=pc.RatingScale(
            minimum=1,
            maximum=5,
            labels=("Novice", "Advanced beginner", "Competent", "Proficient", "Expert"),
        ),
        target=4,
    )
    assert law.title == "Raise Contract law from 2.5 to 3"
    assert law.methods == ("training", "counselling")


def test_goal_ids_use_the_prefix() -> None:
    goals = draft_development_goals(recommend(PROFILE, ANN), id_prefix="2027/")
    assert [g.id for g in goals] == ["2027/negotiation", "2027/law"]
    assert [g.id for g in draft_development_goals(recommend(PROFILE, ANN), id_prefix="")] == [
        "negotiation",
        "law",
    ]


def test_a_scale_with_unnamed_levels_gives_an_unlabelled_rating_scale() -> None:
    profile = make_profile({"negotiation": 5}, scale=GAPPED_SCALE)
    (goal,) = draft_development_goals(
        recommend(profile, assessed("ann", {"negotiation": 3}, scale=GAPPED_SCALE))
    )
    assert goal.measure == pc.ScaleMeasure(scale=pc.RatingScale(minimum=1, maximum=5), target=5)


def test_the_scale_can_be_given() -> None:
    recommendation = attrs.evolve(recommend(PROFILE, ANN)[1], required=2, assessed=1, gap=1)
    (goal,) = draft_development_goals([recommendation], scale=SMALL_SCALE)
    assert goal.measure == pc.ScaleMeasure(
        scale=pc.RatingScale(minimum=0, maximum=2, labels=("Aware", "Practising", "Leading")),
        target=2,
    )
    error = rejects_all(
        lambda: draft_development_goals(recommend(PROFILE, ANN), scale=SMALL_SCALE),
        "recommendations[0].required",
        "recommendations[1].required",
    )
    assert [p.message for p in error.problems] == [
        "4 is off the scale 0-2",
        "3 is off the scale 0-2",
    ]


def test_nothing_to_draft() -> None:
    assert draft_development_goals([]) == ()


# --- properties -------------------------------------------------------------------------


@st.composite
def people_on(draw: st.DrawFn) -> tuple[CompetencyProfile, CompetencyAssessment]:
    profile = draw(profiles())
    return profile, draw(assessments_of("ann", profile.scale))


@st.composite
def intervention_maps(draw: st.DrawFn) -> InterventionMap:
    return InterventionMap(
        small_gap_max=draw(st.sampled_from([0, 0.5, 1, 1.5, 2, 10])),
        knowledge_small=draw(intervention_lists()),
        knowledge_large=draw(intervention_lists()),
        skill_small=draw(intervention_lists()),
        skill_large=draw(intervention_lists()),
        behaviour_small=draw(intervention_lists()),
        behaviour_large=draw(intervention_lists()),
    )


@given(people_on(), intervention_maps())
def test_recommendations_exist_iff_there_is_a_gap(
    person: tuple[CompetencyProfile, CompetencyAssessment], mapping: InterventionMap
) -> None:
    profile, assessment = person
    recommendations = recommend(profile, assessment, mapping)
    minimum = profile.scale.minimum
    levels = {r.competency_id: assessment.level_of(r.competency_id) for r in profile.requirements}
    counted = {cid: minimum if level is None else level for cid, level in levels.items()}
    gaps = {
        r.competency_id: max(0, r.level - counted[r.competency_id]) for r in profile.requirements
    }
    positive = {cid for cid, gap in gaps.items() if gap > 0}
    assert {r.competency_id for r in recommendations} == positive
    assert len(recommendations) == len(positive)
    for recommendation in recommendations:
        competency = profile.competency(recommendation.competency_id)
        assert competency is not None
        assert recommendation.gap == gaps[recommendation.competency_id] > 0
        assert recommendation.assessed == levels[recommendation.competency_id]
        requirement = profile.requirement(competency.id)
        assert requirement is not None
        assert recommendation.required == requirement.level
        assert recommendation.category is competency.category
        assert recommendation.band is (
            GapBand.SMALL if recommendation.gap <= mapping.small_gap_max else GapBand.LARGE
        )
        assert recommendation.interventions == getattr(
            mapping, f"{competency.category.value}_{recommendation.band.value}"
        )
        assert recommendation.scale == profile.scale
    order = [(-r.gap, r.competency_id) for r in recommendations]
    assert order == sorted(order)


@given(people_on(), st.sampled_from(["dev-", "", "2027/"]))
def test_drafted_goals_are_valid_development_goals(
    person: tuple[CompetencyProfile, CompetencyAssessment], prefix: str
) -> None:
    profile, assessment = person
    recommendations = recommend(profile, assessment)
    goals = draft_development_goals(recommendations, id_prefix=prefix)
    assert len(goals) == len(recommendations)
    for goal, recommendation in zip(goals, recommendations, strict=True):
        assert isinstance(goal, pc.Goal)
        assert goal.kind is pc.GoalKind.DEVELOPMENT
        assert goal.weight == 0
        assert goal.id == f"{prefix}{recommendation.competency_id}"
        assert isinstance(goal.measure, pc.ScaleMeasure)
        assert goal.measure.target == recommendation.required
        assert goal.measure.scale.minimum == profile.scale.minimum
        assert goal.measure.scale.maximum == profile.scale.maximum
        assert goal.title.startswith(f"Raise {recommendation.name} ")
        assert ("not rated yet" in goal.title) == (recommendation.assessed is None)
        assert goal.methods == tuple(
            k.value.replace("_", " ") for k in recommendation.interventions
        )
        assert attrs.evolve(goal) == goal  # validates again


@given(intervention_maps())
def test_params_round_trip_through_json(mapping: InterventionMap) -> None:
    data = json.loads(json.dumps(mapping.params()))
    assert InterventionMap.from_params(data) == mapping


@given(intervention_maps())
def test_params_round_trip_through_a_registry(mapping: InterventionMap) -> None:
    registry = Registry.empty().register(InterventionMap.NAME, InterventionMap.from_params)
    config = json.loads(json.dumps(registry.config_of(mapping)))
    assert config["strategy"] == "intervention_map"
    assert registry.build(config) == mapping


def test_default_params() -> None:
    assert InterventionMap().params() == {
        "small_gap_max": 1,
        "knowledge_small": ["training", "counselling"],
        "knowledge_large": ["training", "counselling"],
        "skill_small": ["practice", "mentoring"],
        "skill_large": ["stretch_assignment", "rotation", "mentoring"],
        "behaviour_small": ["coaching", "conversation"],
        "behaviour_large": ["coaching", "conversation"],
    }
    assert InterventionMap.from_params({}) == InterventionMap()


def test_development_strategies_register() -> None:
    registry = Registry.empty()
    for strategy in DEVELOPMENT_STRATEGIES:
        registry = registry.register(strategy.NAME, strategy.from_params)
    assert registry.names() == ("intervention_map",)
    built = registry.build({"strategy": "intervention_map", "params": {"small_gap_max": 2}})
    assert built == InterventionMap(small_gap_max=2)


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "path", "phrase"),
    [
        ({"skill_small": ["practice", "practise"]}, "$.params.skill_small[1]", "must be one of"),
        ({"skill_small": [{"kind": "x"}]}, "$.params.skill_small[0]", "'training', 'counselling'"),
        ({"knowledge_large": "training"}, "$.params.knowledge_large", "must be a list"),
        ({"behaviour_small": []}, "$.params.behaviour_small", "must not be empty"),
        ({"skill_large": ["rotation", "rotation"]}, "$.params.skill_large", "must not repeat"),
        ({"small_gap_max": -1}, "$.params.small_gap_max", "must be at least 0"),
        ({"small_gap_max": "one"}, "$.params.small_gap_max", "must be a number"),
        ({"colour": "red"}, "$.params.colour", "is not a parameter of this strategy"),
    ],
)
def test_bad_params_are_refused(params: dict[str, Any], path: str, phrase: str) -> None:
    rejects(lambda: InterventionMap.from_params(params), path, phrase)
    registry = Registry.empty().register(InterventionMap.NAME, InterventionMap.from_params)
    rejects(
        lambda: registry.build({"strategy": "intervention_map", "params": params}), path, phrase
    )


def test_every_bad_param_is_reported() -> None:
    rejects_all(
        lambda: InterventionMap.from_params(
            {"skill_small": ["x"], "knowledge_small": ["y", "z"], "small_gap_max": -1}
        ),
        "$.params.knowledge_small[0]",
        "$.params.knowledge_small[1]",
        "$.params.skill_small[0]",
        "$.params.small_gap_max",
    )
    rejects(lambda: InterventionMap.from_params(["x"]), "$.params", "must be an object")  # type: ignore[arg-type]


def test_bad_mappings_are_refused() -> None:
    rejects(
        lambda: InterventionMap(skill_small=("practice",)),  # type: ignore[arg-type]
        "InterventionMap.skill_small[0]",
        "must hold InterventionKind items, got str 'practice'",
    )
    mapping = InterventionMap()
    rejects(lambda: mapping.band_of(-1), "gap", "must be a number of at least 0, got -1")
    rejects(lambda: mapping.band_of(float("nan")), "gap", "got nan")
    rejects(
        lambda: mapping.interventions_for("skill", 1),  # type: ignore[arg-type]
        "category",
        "must be a CompetencyCategory",
    )


def test_a_different_scale_is_refused() -> None:
    rejects(
        lambda: recommend(PROFILE, assessed("ann", {"law": 1}, scale=SMALL_SCALE)),
        "assessment.scale",
        r"must be the profile's scale \(1-5, 5 levels\), got a different scale \(0-2, 3 levels\)",
    )


def test_bad_recommend_arguments_are_refused() -> None:
    rejects_all(
        lambda: recommend("ae", "ann", {"small_gap_max": 1}),  # type: ignore[arg-type]
        "profile",
        "assessment",
        "mapping",
    )


def test_repeated_competencies_are_refused_when_drafting() -> None:
    (first, _) = recommend(PROFILE, ANN)
    rejects(
        lambda: draft_development_goals([first, first]),
        "recommendations[1].competency_id",
        r"'negotiation' is already in recommendations\[0\]; one goal per competency",
    )


def test_bad_draft_arguments_are_refused() -> None:
    rejects_all(
        lambda: draft_development_goals(
            [recommend(PROFILE, ANN)[0], "law"],  # type: ignore[list-item]
            id_prefix=None,  # type: ignore[arg-type]
            due=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
            scale="dreyfus",  # type: ignore[arg-type]
        ),
        "id_prefix",
        "due",
        "scale",
        "recommendations[1]",
    )
    rejects(
        lambda: draft_development_goals("negotiation"),  # type: ignore[arg-type]
        "recommendations",
        "must be a sequence of Recommendation",
    )


def test_recommendations_are_validated() -> None:
    rejects(
        lambda: Recommendation(
            competency_id="law",
            name="Contract law",
            category=KNOWLEDGE,
            required=3,
            assessed=3,
            gap=0,
            band=GapBand.SMALL,
            interventions=(K.TRAINING,),
            explanation="met",
        ),
        "Recommendation.gap",
        "must be above 0",
    )
    rejects(
        lambda: Recommendation(
            competency_id="law",
            name="Contract law",
            category=KNOWLEDGE,
            required=3,
            assessed=2,
            gap=1,
            band=GapBand.SMALL,
            interventions=(),
            explanation="gap 1",
            scale=ProficiencyScale.DREYFUS,
        ),
        "Recommendation.interventions",
        "must not be empty",
    )
