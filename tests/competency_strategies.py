"""Hypothesis strategies for competency analysis: scales, profiles, assessments, career steps.

Everything generated is valid by construction. Profiles use the ids ``c0``,
``c1``, ...; assessments may leave requirements unrated and may rate
competencies the profile does not list (``other0``, ...).
"""

from __future__ import annotations

from hypothesis import strategies as st

import perfcore as pc
from perfcore.competency import (
    AdvancementCriteria,
    AssessorRole,
    CareerStep,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)

BASIS = pc.Basis(text="Observed at work")


@st.composite
def scales(draw: st.DrawFn) -> ProficiencyScale:
    """The Dreyfus scale, or 2 to 7 integer levels between -10 and 10."""
    if draw(st.booleans()):
        return ProficiencyScale.DREYFUS
    values = sorted(draw(st.lists(st.integers(-10, 10), min_size=2, max_size=7, unique=True)))
    return ProficiencyScale(
        levels=tuple(ProficiencyLevel(value=value, label=f"Level {value}") for value in values)
    )


def levels_on(scale: ProficiencyScale) -> st.SearchStrategy[float]:
    """A level on ``scale``: one of its levels, or anything in between."""
    return st.one_of(
        st.sampled_from([level.value for level in scale.levels]),
        st.floats(min_value=scale.minimum, max_value=scale.maximum, allow_nan=False),
    )


weights = st.one_of(st.sampled_from([0, 0.5, 1, 2, 3, 10]), st.floats(0, 100))


@st.composite
def profiles(draw: st.DrawFn, scale: ProficiencyScale | None = None) -> CompetencyProfile:
    """A profile of 1 to 6 requirements, in any order, some critical, weights not all 0."""
    on = draw(scales()) if scale is None else scale
    count = draw(st.integers(1, 6))
    ids = [f"c{i}" for i in range(count)]
    drawn = draw(st.lists(weights, min_size=count, max_size=count))
    if sum(drawn) <= 0:
        drawn[draw(st.integers(0, count - 1))] = 1
    order = draw(st.permutations(range(count)))
    return CompetencyProfile(
        id="p",
        name="Profile",
        competencies=tuple(
            Competency(id=i, name=i.upper(), category=CompetencyCategory.SKILL) for i in ids
        ),
        requirements=tuple(
            Requirement(
                competency_id=ids[i],
                level=draw(levels_on(on)),
                weight=drawn[i],
                critical=draw(st.booleans()),
            )
            for i in order
        ),
        scale=on,
    )


@st.composite
def assessments(draw: st.DrawFn, profile: CompetencyProfile) -> CompetencyAssessment:
    """An assessment on the profile's scale: some requirements rated, maybe others too."""
    ratings: list[CompetencyRating] = []
    for requirement in profile.requirements:
        if draw(st.integers(0, 4)) > 0:  # mostly rated
            level = draw(levels_on(profile.scale))
            ratings.append(
                CompetencyRating(competency_id=requirement.competency_id, level=level, basis=BASIS)
            )
    for index in range(draw(st.integers(0, 2))):
        level = draw(levels_on(profile.scale))
        ratings.append(CompetencyRating(competency_id=f"other{index}", level=level, basis=BASIS))
    return CompetencyAssessment(
        person_id="e1",
        assessor_id="m1",
        role=AssessorRole.MANAGER,
        ratings=tuple(draw(st.permutations(ratings))),
        scale=profile.scale,
    )


@st.composite
def profiles_and_assessments(
    draw: st.DrawFn,
) -> tuple[CompetencyProfile, CompetencyAssessment]:
    """A profile and an assessment against it."""
    profile = draw(profiles())
    return profile, draw(assessments(profile))


@st.composite
def steps(draw: st.DrawFn, profile: CompetencyProfile | None = None) -> CareerStep:
    """A career step with any mix of advancement criteria."""
    chosen = draw(profiles()) if profile is None else profile
    required = draw(
        st.lists(st.sampled_from([r.competency_id for r in chosen.requirements]), unique=True)
    )
    return CareerStep(
        position_id="next",
        title="Next step",
        profile=chosen,
        criteria=AdvancementCriteria(
            minimum_rating=draw(st.none() | st.floats(1, 5)),
            required_competencies=tuple(required),
            minimum_months_in_role=draw(st.none() | st.integers(0, 36)),
        ),
    )


@st.composite
def readiness_bands(draw: st.DrawFn) -> tuple[tuple[float, str], ...]:
    """Two to five valid bands: from 0, ascending bounds up to 1, distinct labels."""
    bounds = draw(
        st.lists(
            st.floats(min_value=0, max_value=1, exclude_min=True),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    edges = [0.0, *sorted(bounds)]
    return tuple((bound, f"band {index}") for index, bound in enumerate(edges))


def raised(
    assessment: CompetencyAssessment, competency_id: str, level: float
) -> CompetencyAssessment:
    """``assessment`` with ``competency_id`` rated ``level`` (added if it was not rated)."""
    kept = tuple(r for r in assessment.ratings if r.competency_id != competency_id)
    rating = CompetencyRating(competency_id=competency_id, level=level, basis=BASIS)
    return CompetencyAssessment(
        person_id=assessment.person_id,
        assessor_id=assessment.assessor_id,
        role=assessment.role,
        ratings=(*kept, rating),
        scale=assessment.scale,
    )


@st.composite
def raises(
    draw: st.DrawFn, profile: CompetencyProfile, assessment: CompetencyAssessment
) -> CompetencyAssessment:
    """``assessment`` with one required competency rated at or above its current level."""
    competency_id = draw(st.sampled_from([r.competency_id for r in profile.requirements]))
    current = assessment.level_of(competency_id)
    low = profile.scale.minimum if current is None else current
    higher = draw(
        st.one_of(
            st.just(float(profile.scale.maximum)),
            st.floats(min_value=low, max_value=profile.scale.maximum, allow_nan=False),
        )
    )
    return raised(assessment, competency_id, higher)
