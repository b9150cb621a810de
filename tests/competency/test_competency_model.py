"""The competency model: validation, worked examples, value semantics."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects
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

TALK = Competency(id="talk", name="Presenting", category=CompetencyCategory.SKILL)
LAW = Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)
LEAD = Competency(id="lead", name="Leading people", category=CompetencyCategory.BEHAVIOUR)
BASIS = pc.Basis(text="Observed in client meetings")


def profile(**changes: object) -> CompetencyProfile:
    fields: dict[str, object] = {
        "id": "ae",
        "name": "Account executive",
        "competencies": (TALK, LAW),
        "requirements": (
            Requirement(competency_id="talk", level=4, weight=2, critical=True),
            Requirement(competency_id="law", level=3),
        ),
    }
    fields.update(changes)
    return CompetencyProfile(**fields)  # type: ignore[arg-type]


def rating(competency_id: str, level: float) -> CompetencyRating:
    return CompetencyRating(competency_id=competency_id, level=level, basis=BASIS)


def test_dreyfus_scale() -> None:
    scale = ProficiencyScale.DREYFUS
    assert [level.label for level in scale.levels] == [
        "Novice",
        "Advanced beginner",
        "Competent",
        "Proficient",
        "Expert",
    ]
    assert (scale.minimum, scale.maximum) == (1, 5)
    assert scale.label_for(3.5) == "Competent"
    assert scale.label_for(0) is None
    assert all(level.anchors for level in scale.levels)


@pytest.mark.parametrize(
    ("levels", "phrase"),
    [
        ((ProficiencyLevel(value=1, label="Only"),), "at least 2 levels"),
        (
            (ProficiencyLevel(value=2, label="A"), ProficiencyLevel(value=1, label="B")),
            "increasing order of value: 1 follows 2",
        ),
        (
            (ProficiencyLevel(value=1, label="A"), ProficiencyLevel(value=2, label="A")),
            "labels must be distinct, repeated: A",
        ),
    ],
)
def test_scale_levels_are_validated(levels: tuple[ProficiencyLevel, ...], phrase: str) -> None:
    rejects(lambda: ProficiencyScale(levels=levels), "ProficiencyScale.levels", phrase)


def test_profile_worked_example() -> None:
    p = profile()
    assert p.requirement("talk") == Requirement(
        competency_id="talk", level=4, weight=2, critical=True
    )
    assert p.requirement("nope") is None
    assert p.competency("law") == LAW
    assert p.competency("nope") is None
    assert p.scale == ProficiencyScale.DREYFUS


def test_profile_refuses_unknown_duplicate_and_off_scale_requirements() -> None:
    rejects(
        lambda: profile(requirements=(Requirement(competency_id="lead", level=3),)),
        "CompetencyProfile.requirements[0].competency_id",
        "unknown competency 'lead'; the profile lists: law, talk",
    )
    rejects(
        lambda: profile(
            requirements=(
                Requirement(competency_id="talk", level=3),
                Requirement(competency_id="talk", level=4),
            )
        ),
        "CompetencyProfile.requirements[1].competency_id",
        "'talk' is required twice",
    )
    rejects(
        lambda: profile(requirements=(Requirement(competency_id="talk", level=6),)),
        "CompetencyProfile.requirements[0].level",
        "6 is off the scale 1-5",
    )
    rejects(
        lambda: profile(
            competencies=(TALK, TALK), requirements=(Requirement(competency_id="talk", level=3),)
        ),
        "CompetencyProfile.competencies",
        r"repeat competency id\(s\): talk",
    )
    rejects(lambda: profile(requirements=()), "CompetencyProfile.requirements", "must not be empty")
    rejects(
        lambda: profile(requirements=(Requirement(competency_id="talk", level=3, weight=0),)),
        "CompetencyProfile.requirements",
        "weights must not all be 0",
    )


def test_negative_weights_are_refused() -> None:
    rejects(
        lambda: Requirement(competency_id="talk", level=3, weight=-1),
        "Requirement.weight",
        "at least 0",
    )


def test_career_path() -> None:
    junior = CareerStep(position_id="ae1", title="Account executive", profile=profile())
    senior_profile = profile(
        id="ae2",
        competencies=(TALK, LAW, LEAD),
        requirements=(
            Requirement(competency_id="talk", level=5),
            Requirement(competency_id="law", level=4),
            Requirement(competency_id="lead", level=3, critical=True),
        ),
    )
    senior = CareerStep(
        position_id="ae2",
        title="Senior account executive",
        profile=senior_profile,
        criteria=AdvancementCriteria(
            minimum_rating=3.5, required_competencies=("lead",), minimum_months_in_role=18
        ),
    )
    path = CareerPath(id="sales", name="Sales", steps=(junior, senior))
    assert path.next_step("ae1") == senior
    assert path.next_step("ae2") is None
    assert path.step("ae2") == senior
    assert path.step("zz") is None
    rejects(lambda: path.next_step("zz"), "CareerPath.position_id", "'zz' is not on the path")
    rejects(
        lambda: CareerPath(id="s", name="S", steps=(junior, junior)),
        "CareerPath.steps",
        r"repeat position\(s\): ae1",
    )
    rejects(lambda: CareerPath(id="s", name="S", steps=()), "CareerPath.steps", "must not be empty")
    rejects(
        lambda: CareerStep(
            position_id="x",
            title="X",
            profile=profile(),
            criteria=AdvancementCriteria(required_competencies=("lead",)),
        ),
        "CareerStep.criteria.required_competencies[0]",
        "'lead' is not required by the profile 'ae'",
    )
    rejects(
        lambda: AdvancementCriteria(minimum_months_in_role=-1),
        "AdvancementCriteria.minimum_months_in_role",
        "at least 0",
    )


def test_assessment_validation() -> None:
    good = CompetencyAssessment(
        person_id="e1", assessor_id="m1", role=AssessorRole.MANAGER, ratings=(rating("talk", 3),)
    )
    assert good.level_of("talk") == 3
    assert good.level_of("law") is None
    rejects(
        lambda: CompetencyAssessment(
            person_id="e1",
            assessor_id="m1",
            role=AssessorRole.MANAGER,
            ratings=(rating("talk", 7),),
        ),
        "CompetencyAssessment.ratings[0].level",
        "7 is off the scale 1-5",
    )
    rejects(
        lambda: CompetencyAssessment(
            person_id="e1",
            assessor_id="m1",
            role=AssessorRole.MANAGER,
            ratings=(rating("talk", 3), rating("talk", 4)),
        ),
        "CompetencyAssessment.ratings",
        "more than once: talk",
    )
    rejects(
        lambda: CompetencyRating(competency_id="talk", level=3, basis=None),  # type: ignore[arg-type]
        "CompetencyRating.basis",
        "must be a Basis",
    )


@given(st.integers(1, 5), st.sampled_from(list(AssessorRole)))
def test_records_are_value_objects(level: int, role: AssessorRole) -> None:
    assessment = CompetencyAssessment(
        person_id="e1", assessor_id="a1", role=role, ratings=(rating("talk", level),)
    )
    for obj in (assessment, profile(), TALK, ProficiencyScale.DREYFUS.levels[0]):
        check_value_object(obj)
