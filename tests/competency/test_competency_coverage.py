"""Coverage of a competency profile by a team: worked examples, properties, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency_helpers import (
    LAW,
    NEGOTIATION,
    SMALL_SCALE,
    assessed,
    make_profile,
    teams,
)
from expect import check_value_object, rejects, rejects_all
from perfcore.competency import (
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
)
from perfcore.competency.coverage import (
    THIN_BELOW,
    Coverage,
    CoverageEntry,
    CoverageRow,
    coverage,
)

# A team of three on a profile requiring negotiation at 4 and law at 3:
#   ann: negotiation 4 (meets), law 2 (gap 1)
#   bob: negotiation 2 (gap 2), law 3.5 (meets)
#   cy:  negotiation 4.5 (meets), law not rated
# negotiation: 2 of 3 meet (0.667, covered); law: 1 of 2 meet (0.5, covered at 0.5).
PROFILE = make_profile({"negotiation": 4, "law": 3}, competencies=(NEGOTIATION, LAW))
TEAM = [
    assessed("cy", {"negotiation": 4.5}),
    assessed("ann", {"negotiation": 4, "law": 2}),
    assessed("bob", {"negotiation": 2, "law": 3.5, "unrelated": 1}),
]


def test_worked_example_counts() -> None:
    result = coverage(PROFILE, TEAM)
    assert result.profile_id == "ae"
    assert result.people == ("ann", "bob", "cy")
    assert result.competency_ids == ("negotiation", "law")
    negotiation, law = result.rows
    assert (negotiation.people_meeting, negotiation.people_assessed) == (2, 3)
    assert negotiation.share_meeting == pytest.approx(2 / 3)
    assert (law.people_meeting, law.people_assessed, law.share_meeting) == (1, 2, 0.5)
    assert not negotiation.thin
    assert not law.thin  # 0.5 is not below 0.5
    assert result.thin == ()
    assert negotiation.explanation == (
        "meeting level 4: 2 of 3 assessed; share 2 / 3 = 0.666667; covered (at least 0.5)"
    )
    assert law.explanation == (
        "meeting level 3: 1 of 2 assessed (1 not rated); share 1 / 2 = 0.5; covered (at least 0.5)"
    )
    assert result.explanation == (
        "3 people assessed against profile 'ae' on 2 required competencies;"
        " thin (share meeting below 0.5): none"
    )
    assert result.row("law") == law
    assert result.row("feedback") is None


def test_worked_example_with_a_higher_threshold() -> None:
    result = coverage(PROFILE, TEAM, thin_below=0.6)
    assert [row.competency_id for row in result.thin] == ["law"]
    assert result.thin_below == 0.6
    assert result.rows[1].explanation.endswith("share 1 / 2 = 0.5; thin (below 0.6)")
    assert result.explanation.endswith("thin (share meeting below 0.6): 'law'")


def test_worked_example_matrix() -> None:
    assert coverage(PROFILE, TEAM).matrix() == [
        {"person_id": "ann", "negotiation": 4, "law": 2},
        {"person_id": "bob", "negotiation": 2, "law": 3.5},
        {"person_id": "cy", "negotiation": 4.5, "law": None},
    ]


def test_worked_example_records() -> None:
    assert coverage(PROFILE, TEAM).records() == [
        {
            "person_id": "ann",
            "competency_id": "negotiation",
            "required": 4,
            "assessed": 4,
            "gap": 0,
            "met": True,
        },
        {
            "person_id": "ann",
            "competency_id": "law",
            "required": 3,
            "assessed": 2,
            "gap": 1,
            "met": False,
        },
        {
            "person_id": "bob",
            "competency_id": "negotiation",
            "required": 4,
            "assessed": 2,
            "gap": 2,
            "met": False,
        },
        {
            "person_id": "bob",
            "competency_id": "law",
            "required": 3,
            "assessed": 3.5,
            "gap": 0,
            "met": True,
        },
        {
            "person_id": "cy",
            "competency_id": "negotiation",
            "required": 4,
            "assessed": 4.5,
            "gap": 0,
            "met": True,
        },
        {
            "person_id": "cy",
            "competency_id": "law",
            "required": 3,
            "assessed": None,
            "gap": None,
            "met": None,
        },
    ]


def test_nobody_assessed_is_thin() -> None:
    result = coverage(PROFILE, [assessed("ann", {"negotiation": 5})])
    law = result.rows[1]
    assert (law.people_meeting, law.people_assessed, law.share_meeting, law.thin) == (
        0,
        0,
        None,
        True,
    )
    assert (
        law.explanation
        == "nobody assessed on level 3 (1 not rated): thin (nobody is known to meet it)"
    )
    assert result.explanation.startswith("1 person assessed")


def test_an_empty_team() -> None:
    result = coverage(PROFILE, [])
    assert result.people == ()
    assert result.matrix() == []
    assert result.records() == []
    assert all(row.thin for row in result.rows)


def test_default_threshold_is_a_half() -> None:
    assert THIN_BELOW == 0.5
    assert coverage(PROFILE, TEAM).thin_below == 0.5


def test_results_are_value_objects() -> None:
    result = coverage(PROFILE, TEAM)
    check_value_object(result)
    check_value_object(result.rows[0])
    check_value_object(result.entries[0])


# --- properties -------------------------------------------------------------------------


@given(teams(), st.sampled_from([0, 0.25, 0.5, 0.75, 1]))
def test_counts_match_a_brute_force_count(
    team: tuple[CompetencyProfile, list[CompetencyAssessment]], threshold: float
) -> None:
    profile, people = team
    result = coverage(profile, people, thin_below=threshold)
    assert [row.competency_id for row in result.rows] == [
        r.competency_id for r in profile.requirements
    ]
    for requirement, row in zip(profile.requirements, result.rows, strict=True):
        levels = [
            rating.level
            for person in people
            for rating in person.ratings
            if rating.competency_id == requirement.competency_id
        ]
        meeting = len([level for level in levels if level >= requirement.level])
        assert row.required == requirement.level
        assert row.people_assessed == len(levels)
        assert row.people_meeting == meeting
        if levels:
            assert row.share_meeting == meeting / len(levels)
            assert row.thin == (meeting / len(levels) < threshold)
        else:
            assert row.share_meeting is None
            assert row.thin


@given(teams())
def test_matrix_has_one_row_per_person_and_the_profile_as_columns(
    team: tuple[CompetencyProfile, list[CompetencyAssessment]],
) -> None:
    profile, people = team
    matrix = coverage(profile, people).matrix()
    assert [row["person_id"] for row in matrix] == sorted(p.person_id for p in people)
    columns = ["person_id", *(r.competency_id for r in profile.requirements)]
    by_person = {p.person_id: p for p in people}
    for row in matrix:
        assert list(row) == columns
        person = by_person[str(row["person_id"])]
        for cid in columns[1:]:
            assert row[cid] == person.level_of(cid)


@given(teams())
def test_records_are_long_format_with_consistent_gaps(
    team: tuple[CompetencyProfile, list[CompetencyAssessment]],
) -> None:
    profile, people = team
    result = coverage(profile, people)
    records = result.records()
    assert len(records) == len(people) * len(profile.requirements)
    for record in records:
        assessed_level = record["assessed"]
        if assessed_level is None:
            assert record["gap"] is None
            assert record["met"] is None
            continue
        assert isinstance(assessed_level, int | float)
        required = profile.requirement(str(record["competency_id"]))
        assert required is not None
        assert record["gap"] == max(0, required.level - assessed_level)
        assert record["met"] == (record["gap"] == 0)
    met = sum(1 for record in records if record["met"] is True)
    assert met == sum(row.people_meeting for row in result.rows)


@given(teams())
def test_input_order_does_not_matter(
    team: tuple[CompetencyProfile, list[CompetencyAssessment]],
) -> None:
    profile, people = team
    shuffled = list(reversed(people))
    assert coverage(profile, shuffled) == coverage(profile, people)


# --- refusals ---------------------------------------------------------------------------


def test_two_assessments_of_the_same_person_are_refused() -> None:
    rejects(
        lambda: coverage(PROFILE, [*TEAM, assessed("ann", {"law": 3}, assessor_id="m2")]),
        "assessments[3].person_id",
        r"'ann' is already assessed in assessments\[1\]; give one assessment per person",
    )


def test_a_different_scale_is_refused() -> None:
    rejects(
        lambda: coverage(PROFILE, [TEAM[0], assessed("dee", {"law": 1}, scale=SMALL_SCALE)]),
        "assessments[1].scale",
        r"must be the profile's scale 1-5 \(5 levels\), got a different scale 0-2 \(3 levels\)",
    )


def test_every_problem_is_reported() -> None:
    rejects_all(
        lambda: coverage(
            PROFILE,
            [
                assessed("ann", {}, scale=SMALL_SCALE),
                "bob",  # type: ignore[list-item]
                assessed("ann", {}),
            ],
        ),
        "assessments[0].scale",
        "assessments[1]",
        "assessments[2].person_id",
    )


@pytest.mark.parametrize(
    ("arguments", "path", "phrase"),
    [
        ({"profile": "ae"}, "profile", "must be a CompetencyProfile, got str 'ae'"),
        ({"assessments": "ann"}, "assessments", "must be a sequence of CompetencyAssessment"),
        ({"assessments": None}, "assessments", "got NoneType None"),
        ({"thin_below": 1.5}, "thin_below", "must lie between 0 and 1, got 1.5"),
        ({"thin_below": float("nan")}, "thin_below", "must lie between 0 and 1, got nan"),
        ({"thin_below": True}, "thin_below", "must be a number, got bool True"),
        ({"thin_below": "half"}, "thin_below", "must be a number"),
    ],
)
def test_bad_arguments_are_refused(arguments: dict[str, object], path: str, phrase: str) -> None:
    given_arguments: dict[str, object] = {"profile": PROFILE, "assessments": TEAM, **arguments}
    rejects(lambda: coverage(**given_arguments), path, phrase)  # type: ignore[arg-type]


def test_a_competency_called_person_id_cannot_be_a_matrix_column() -> None:
    odd = Competency(id="person_id", name="Odd", category=CompetencyCategory.SKILL)
    profile = make_profile({"person_id": 2}, competencies=(odd,))
    result = coverage(profile, [assessed("ann", {"person_id": 3})])
    assert result.records()[0]["competency_id"] == "person_id"
    rejects(result.matrix, "Coverage.matrix", "clashes with the person column")


def test_records_are_validated() -> None:
    rejects(
        lambda: CoverageRow(
            competency_id="law",
            required=3,
            people_meeting=3,
            people_assessed=2,
            share_meeting=1,
            thin=False,
            explanation="impossible",
        ),
        "CoverageRow.people_meeting",
        "must not exceed people_assessed 2, got 3",
    )
    rejects(
        lambda: CoverageEntry(
            person_id="ann", competency_id="law", required=3, assessed=4, gap=-1, met=True
        ),
        "CoverageEntry.gap",
        "must be at least 0",
    )
    rejects(
        lambda: Coverage(
            profile_id="ae",
            thin_below=2,
            people=(),
            rows=(),
            entries=(),
            explanation="x",
        ),
        "Coverage.thin_below",
        "must be at most 1",
    )
