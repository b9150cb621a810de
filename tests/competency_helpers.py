"""Builders and small hypothesis strategies for the competency-analysis tests.

Everything generated is valid by construction: profiles on the Dreyfus scale
or on a three-level 0-2 scale, and assessments on the same scale.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import strategies as st

import perfcore as pc
from perfcore.competency import (
    AssessorRole,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)
from perfcore.improvement import InterventionKind

BASIS = pc.Basis(text="Observed at work")

NEGOTIATION = Competency(id="negotiation", name="Negotiation", category=CompetencyCategory.SKILL)
LAW = Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)
FEEDBACK = Competency(id="feedback", name="Giving feedback", category=CompetencyCategory.BEHAVIOUR)

SMALL_SCALE = ProficiencyScale(
    levels=(
        ProficiencyLevel(value=0, label="Aware"),
        ProficiencyLevel(value=1, label="Practising"),
        ProficiencyLevel(value=2, label="Leading"),
    )
)
"""A second scale, to mix with the Dreyfus scale."""

GAPPED_SCALE = ProficiencyScale(
    levels=(
        ProficiencyLevel(value=1, label="Low"),
        ProficiencyLevel(value=3, label="Mid"),
        ProficiencyLevel(value=5, label="High"),
    )
)
"""Spans 1-5 but names only levels 1, 3 and 5."""


def make_profile(
    levels: Mapping[str, float],
    *,
    competencies: tuple[Competency, ...] = (NEGOTIATION, LAW, FEEDBACK),
    scale: ProficiencyScale = ProficiencyScale.DREYFUS,
) -> CompetencyProfile:
    """A profile requiring each competency id in ``levels`` at its level, in that order."""
    return CompetencyProfile(
        id="ae",
        name="Account executive",
        competencies=competencies,
        requirements=tuple(
            Requirement(competency_id=cid, level=level) for cid, level in levels.items()
        ),
        scale=scale,
    )


def assessed(
    person_id: str,
    levels: Mapping[str, float],
    *,
    assessor_id: str = "m1",
    role: AssessorRole = AssessorRole.MANAGER,
    scale: ProficiencyScale = ProficiencyScale.DREYFUS,
) -> CompetencyAssessment:
    """``assessor_id``'s assessment of ``person_id`` with ``levels`` by competency id."""
    return CompetencyAssessment(
        person_id=person_id,
        assessor_id=assessor_id,
        role=role,
        ratings=tuple(
            CompetencyRating(competency_id=cid, level=level, basis=BASIS)
            for cid, level in levels.items()
        ),
        scale=scale,
    )


# --- strategies -----------------------------------------------------------------------

COMPETENCY_IDS = ("c1", "c2", "c3", "c4", "c5")
PEOPLE = ("ann", "bob", "cy", "dee", "eve", "fay")
SCALES = (ProficiencyScale.DREYFUS, SMALL_SCALE)


def levels_on(scale: ProficiencyScale) -> st.SearchStrategy[float]:
    """Levels on ``scale``: whole levels (often, so ties and exact meets happen) or any float."""
    whole = st.integers(scale.minimum, scale.maximum)
    halves = st.integers(2 * scale.minimum, 2 * scale.maximum).map(lambda n: n / 2)
    floats = st.floats(scale.minimum, scale.maximum, allow_nan=False)
    return st.one_of(whole, halves, floats)


@st.composite
def profiles(draw: st.DrawFn) -> CompetencyProfile:
    """1-4 competencies of random categories, each required at a level on the scale."""
    scale = draw(st.sampled_from(SCALES))
    ids = draw(st.lists(st.sampled_from(COMPETENCY_IDS), min_size=1, max_size=4, unique=True))
    competencies = tuple(
        Competency(
            id=cid, name=f"Competency {cid}", category=draw(st.sampled_from(CompetencyCategory))
        )
        for cid in ids
    )
    required = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    return CompetencyProfile(
        id="p",
        name="Profile",
        competencies=competencies,
        requirements=tuple(
            Requirement(competency_id=cid, level=draw(levels_on(scale))) for cid in required
        ),
        scale=scale,
    )


@st.composite
def assessments_of(
    draw: st.DrawFn,
    person_id: str,
    scale: ProficiencyScale,
    *,
    assessor_id: str = "m1",
    role: AssessorRole = AssessorRole.MANAGER,
) -> CompetencyAssessment:
    """Ratings of a random subset of the competency ids (some outside any profile)."""
    rated = draw(st.lists(st.sampled_from((*COMPETENCY_IDS, "other")), max_size=6, unique=True))
    return assessed(
        person_id,
        {cid: draw(levels_on(scale)) for cid in rated},
        assessor_id=assessor_id,
        role=role,
        scale=scale,
    )


@st.composite
def teams(draw: st.DrawFn) -> tuple[CompetencyProfile, list[CompetencyAssessment]]:
    """A profile and one assessment per person (0-6 people, in a random order)."""
    profile = draw(profiles())
    size = draw(st.integers(0, len(PEOPLE)))
    people = draw(st.permutations(PEOPLE))[:size]
    return profile, [draw(assessments_of(person, profile.scale)) for person in people]


@st.composite
def panels(draw: st.DrawFn) -> list[CompetencyAssessment]:
    """1-5 assessments of ``"ann"`` by distinct assessors, at most one of them her own."""
    scale = draw(st.sampled_from(SCALES))
    count = draw(st.integers(1, 5))
    with_self = draw(st.booleans())
    panel: list[CompetencyAssessment] = []
    for index in range(count):
        if with_self and index == 0:
            role, assessor = AssessorRole.SELF, "ann"
        else:
            role = draw(st.sampled_from((AssessorRole.MANAGER, AssessorRole.PEER)))
            assessor = f"a{index}"
        panel.append(draw(assessments_of("ann", scale, assessor_id=assessor, role=role)))
    return draw(st.permutations(panel))


def intervention_lists() -> st.SearchStrategy[tuple[InterventionKind, ...]]:
    """1-4 distinct interventions."""
    return st.lists(st.sampled_from(InterventionKind), min_size=1, max_size=4, unique=True).map(
        tuple
    )
