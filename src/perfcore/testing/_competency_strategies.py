"""Strategies for :mod:`perfcore.competency`: competencies, profiles, ratings, career paths.

Builds on the primitive and record strategies. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from perfcore.competency import (
    AdvancementCriteria,
    AssessorRole,
    CareerPath,
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
from perfcore.testing._primitive_strategies import _or, ids, texts
from perfcore.testing._record_strategies import bases

__all__ = [
    "advancement_criteria",
    "career_paths",
    "career_steps",
    "competencies",
    "competency_assessments",
    "competency_profiles",
    "competency_ratings",
    "proficiency_levels",
    "proficiency_scales",
    "requirements",
]


def competencies(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    category: st.SearchStrategy[CompetencyCategory] | None = None,
) -> st.SearchStrategy[Competency]:
    """A competency: knowledge, a skill or a behaviour. Requires hypothesis."""
    return st.builds(
        Competency,
        id=_or(competency_id, ids()),
        name=texts(),
        category=_or(category, st.sampled_from(list(CompetencyCategory))),
        description=st.just("") | texts(),
    )


def proficiency_levels(
    *, value: st.SearchStrategy[int] | None = None
) -> st.SearchStrategy[ProficiencyLevel]:
    """A proficiency level with behavioural anchors. Requires hypothesis."""
    return st.builds(
        ProficiencyLevel,
        value=_or(value, st.integers(-1000, 1000)),
        label=texts(),
        anchors=st.lists(texts(), max_size=2).map(tuple),
    )


def proficiency_scales() -> st.SearchStrategy[ProficiencyScale]:
    """The Dreyfus scale, or 2 to 7 increasing, distinctly labelled levels.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> ProficiencyScale:
        values = sorted(draw(st.lists(st.integers(-10, 10), min_size=2, max_size=7, unique=True)))
        return ProficiencyScale(
            levels=tuple(ProficiencyLevel(value=value, label=f"Level {value}") for value in values)
        )

    return st.just(ProficiencyScale.DREYFUS) | build()


def _levels_on(scale: ProficiencyScale) -> st.SearchStrategy[float]:
    return st.sampled_from([level.value for level in scale.levels]) | st.floats(
        scale.minimum, scale.maximum, allow_nan=False
    )


def requirements(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
) -> st.SearchStrategy[Requirement]:
    """A required level (on the drawn scale), weight and criticality. Requires hypothesis."""
    return _or(scale, proficiency_scales()).flatmap(
        lambda on: st.builds(
            Requirement,
            competency_id=_or(competency_id, ids()),
            level=_levels_on(on),
            weight=st.sampled_from([0, 0.5, 1, 2, 3, 10]) | st.floats(0, 100),
            critical=st.booleans(),
        )
    )


def competency_profiles(
    *, scale: st.SearchStrategy[ProficiencyScale] | None = None
) -> st.SearchStrategy[CompetencyProfile]:
    """A profile requiring 1 to 6 listed competencies ``c0``, ``c1``, ... on its scale.

    Requirements come in any order; their weights are not all 0.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CompetencyProfile:
        on = draw(_or(scale, proficiency_scales()))
        count = draw(st.integers(1, 6))
        names = [f"c{i}" for i in range(count)]
        drawn = [
            draw(requirements(competency_id=st.just(name), scale=st.just(on))) for name in names
        ]
        if sum(r.weight for r in drawn) <= 0:
            first = drawn[0]
            drawn[0] = Requirement(
                competency_id=first.competency_id,
                level=first.level,
                weight=1,
                critical=first.critical,
            )
        return CompetencyProfile(
            id=draw(ids()),
            name=draw(texts()),
            competencies=tuple(draw(competencies(competency_id=st.just(n))) for n in names),
            requirements=tuple(draw(st.permutations(drawn))),
            scale=on,
        )

    return build()


def competency_ratings(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
) -> st.SearchStrategy[CompetencyRating]:
    """An assessed level (on the drawn scale) with its basis. Requires hypothesis."""
    return _or(scale, proficiency_scales()).flatmap(
        lambda on: st.builds(
            CompetencyRating,
            competency_id=_or(competency_id, ids()),
            level=_levels_on(on),
            basis=bases(),
        )
    )


def competency_assessments(
    *,
    competency_ids: st.SearchStrategy[Sequence[str]] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
    role: st.SearchStrategy[AssessorRole] | None = None,
) -> st.SearchStrategy[CompetencyAssessment]:
    """One assessor's ratings of distinct competencies, all on its scale.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CompetencyAssessment:
        on = draw(_or(scale, proficiency_scales()))
        rated = dict.fromkeys(draw(_or(competency_ids, st.lists(ids(), max_size=4))))
        return CompetencyAssessment(
            person_id=draw(ids()),
            assessor_id=draw(ids()),
            role=draw(_or(role, st.sampled_from(list(AssessorRole)))),
            ratings=tuple(
                draw(competency_ratings(competency_id=st.just(r), scale=st.just(on))) for r in rated
            ),
            scale=on,
        )

    return build()


def advancement_criteria(
    *, required_competencies: st.SearchStrategy[Sequence[str]] | None = None
) -> st.SearchStrategy[AdvancementCriteria]:
    """What it takes to move up: rating, competencies, months in role. Requires hypothesis."""
    return st.builds(
        AdvancementCriteria,
        minimum_rating=st.none() | st.floats(1, 5),
        required_competencies=_or(required_competencies, st.lists(ids(), max_size=3)).map(
            lambda given: tuple(dict.fromkeys(given))
        ),
        minimum_months_in_role=st.none() | st.integers(0, 600),
    )


def career_steps(
    *,
    position_id: st.SearchStrategy[str] | None = None,
    profile: st.SearchStrategy[CompetencyProfile] | None = None,
) -> st.SearchStrategy[CareerStep]:
    """A position with its profile; criteria only require what the profile requires.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CareerStep:
        chosen = draw(_or(profile, competency_profiles()))
        required = st.lists(st.sampled_from([r.competency_id for r in chosen.requirements]))
        return CareerStep(
            position_id=draw(_or(position_id, ids())),
            title=draw(texts()),
            profile=chosen,
            criteria=draw(advancement_criteria(required_competencies=required)),
        )

    return build()


def career_paths() -> st.SearchStrategy[CareerPath]:
    """One to four steps with distinct positions. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> CareerPath:
        positions = draw(st.lists(ids(), min_size=1, max_size=4, unique=True))
        return CareerPath(
            id=draw(ids()),
            name=draw(texts()),
            steps=tuple(draw(career_steps(position_id=st.just(p))) for p in positions),
        )

    return build()
