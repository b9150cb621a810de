"""Assessor agreement for one person: worked examples, properties, refusals."""

from __future__ import annotations

import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency_helpers import SMALL_SCALE, assessed, panels
from expect import check_value_object, rejects, rejects_all
from perfcore.competency import AssessorRole, CompetencyAssessment
from perfcore.competency.agreement import (
    Agreement,
    AssessorLevel,
    CompetencyAgreement,
    assessor_agreement,
)

SELF, MANAGER, PEER = AssessorRole.SELF, AssessorRole.MANAGER, AssessorRole.PEER

# Ann rated by herself, her manager and two peers:
#               self  m1  p1  p2   spread  SD                       self − mean(others)
#   negotiation    4   2   3   3   2       sqrt(0.5) = 0.707107     4 − 8/3 = 1.333333
#   law            3   3   3   -   0       0                        0
#   talk           -   2   4   -   2       1                        -
#   feedback       -   -   -   5   (only one assessor)
PANEL = [
    assessed("ann", {"negotiation": 3, "talk": 4, "law": 3}, assessor_id="p1", role=PEER),
    assessed("ann", {"negotiation": 4, "law": 3}, assessor_id="ann", role=SELF),
    assessed("ann", {"negotiation": 3, "feedback": 5}, assessor_id="p2", role=PEER),
    assessed("ann", {"negotiation": 2, "talk": 2, "law": 3}, assessor_id="m1", role=MANAGER),
]


def level(assessor_id: str, role: AssessorRole, value: float) -> AssessorLevel:
    return AssessorLevel(assessor_id=assessor_id, role=role, level=value)


def test_worked_example() -> None:
    result = assessor_agreement(PANEL)
    assert result.person_id == "ann"
    assert [c.competency_id for c in result.competencies] == ["law", "negotiation", "talk"]
    assert result.single_rated == ("feedback",)
    negotiation = result.competency("negotiation")
    assert negotiation is not None
    assert negotiation.levels == (
        level("ann", SELF, 4),
        level("m1", MANAGER, 2),
        level("p1", PEER, 3),
        level("p2", PEER, 3),
    )
    assert negotiation.spread == 2
    assert negotiation.std_dev == pytest.approx(0.5**0.5)
    assert negotiation.self_minus_others == pytest.approx(4 / 3)
    assert negotiation.highest == (level("ann", SELF, 4),)
    assert negotiation.lowest == (level("m1", MANAGER, 2),)
    assert negotiation.explanation == (
        "self ann 4, manager m1 2, peer p1 3, peer p2 3: spread 4 − 2 = 2;"
        " population SD 0.707107; self − mean(others) = 4 − 2.66667 = 1.33333"
    )
    law = result.competency("law")
    assert law is not None
    assert (law.spread, law.std_dev, law.self_minus_others, law.agreed) == (0, 0, 0, True)
    assert law.lowest == law.highest == law.levels
    talk = result.competency("talk")
    assert talk is not None
    assert (talk.spread, talk.std_dev, talk.self_minus_others) == (2, 1, None)
    assert result.competency("feedback") is None
    assert result.explanation == (
        "4 assessors of 'ann'; 3 competencies rated by 2 or more, 2 with a disagreement;"
        " rated by one assessor only: 'feedback'"
    )


def test_largest_disagreements_are_sorted_by_spread_then_id() -> None:
    result = assessor_agreement(PANEL)
    assert [d.competency_id for d in result.disagreements] == ["negotiation", "talk"]
    assert [d.competency_id for d in result.largest(1)] == ["negotiation"]
    assert result.largest(0) == ()
    assert result.largest(10) == result.disagreements


def test_a_single_assessment_has_nothing_to_compare() -> None:
    result = assessor_agreement([PANEL[0]])
    assert result.competencies == ()
    assert result.single_rated == ("law", "negotiation", "talk")
    assert result.explanation.startswith("1 assessor of 'ann'; 0 competencies")


def test_results_are_value_objects() -> None:
    result = assessor_agreement(PANEL)
    check_value_object(result)
    check_value_object(result.competencies[0])
    check_value_object(result.competencies[0].levels[0])


# --- properties -------------------------------------------------------------------------


@given(panels())
def test_spread_is_never_negative_and_zero_only_when_all_agree(
    panel: list[CompetencyAssessment],
) -> None:
    result = assessor_agreement(panel)
    for item in result.competencies:
        values = [a.level for a in item.levels]
        assert len(values) >= 2
        assert item.spread >= 0
        assert item.std_dev >= 0
        assert (item.spread == 0) == (len(set(values)) == 1)
        assert (item.std_dev == 0) == (item.spread == 0)
        assert item.spread == max(values) - min(values)
        assert item.std_dev == pytest.approx(statistics.pstdev(values))
        assert {a.level for a in item.lowest} == {min(values)}
        assert {a.level for a in item.highest} == {max(values)}


@given(panels())
def test_every_competency_rated_twice_is_compared(panel: list[CompetencyAssessment]) -> None:
    result = assessor_agreement(panel)
    counts: dict[str, int] = {}
    for assessment in panel:
        for rating in assessment.ratings:
            counts[rating.competency_id] = counts.get(rating.competency_id, 0) + 1
    assert [c.competency_id for c in result.competencies] == sorted(
        cid for cid, n in counts.items() if n >= 2
    )
    assert result.single_rated == tuple(sorted(cid for cid, n in counts.items() if n == 1))
    for item in result.competencies:
        assert len(item.levels) == counts[item.competency_id]


@given(panels())
def test_self_minus_others_matches_a_direct_computation(
    panel: list[CompetencyAssessment],
) -> None:
    result = assessor_agreement(panel)
    own = [a for a in panel if a.role is SELF]
    for item in result.competencies:
        mine = own[0].level_of(item.competency_id) if own else None
        if mine is None:
            assert item.self_minus_others is None
            continue
        others = [
            Fraction(lvl)
            for a in panel
            if a.role is not SELF and (lvl := a.level_of(item.competency_id)) is not None
        ]
        assert item.self_minus_others == float(Fraction(mine) - sum(others) / len(others))


@given(panels(), st.integers(0, 6))
def test_ordering_is_deterministic(panel: list[CompetencyAssessment], n: int) -> None:
    result = assessor_agreement(panel)
    assert assessor_agreement(list(reversed(panel))) == result
    order = {SELF: 0, MANAGER: 1, PEER: 2}
    for item in result.competencies:
        keys = [(order[a.role], a.assessor_id) for a in item.levels]
        assert keys == sorted(keys)
    ranked = result.largest(n)
    assert ranked == result.disagreements[:n]
    assert all(d.spread > 0 for d in ranked)
    ranks = [(-d.spread, d.competency_id) for d in result.disagreements]
    assert ranks == sorted(ranks)


# --- refusals ---------------------------------------------------------------------------


def test_mixed_persons_are_refused() -> None:
    rejects(
        lambda: assessor_agreement([*PANEL[:2], assessed("bob", {"law": 2}, assessor_id="m9")]),
        "assessments[2].person_id",
        r"must be the same person as assessments\[0\] \('ann'\), got 'bob'",
    )


def test_mixed_scales_are_refused() -> None:
    rejects(
        lambda: assessor_agreement(
            [PANEL[0], assessed("ann", {"law": 2}, assessor_id="m9", scale=SMALL_SCALE)]
        ),
        "assessments[1].scale",
        r"must be the same scale as assessments\[0\] \(1-5, 5 levels\), got a different scale",
    )


def test_the_same_assessor_twice_is_refused() -> None:
    rejects(
        lambda: assessor_agreement([*PANEL, assessed("ann", {"law": 2}, assessor_id="p1")]),
        "assessments[4].assessor_id",
        r"'p1' already assessed this person in assessments\[0\]",
    )


def test_a_second_self_assessment_is_refused() -> None:
    rejects(
        lambda: assessor_agreement(
            [*PANEL, assessed("ann", {"law": 2}, assessor_id="ann-2", role=SELF)]
        ),
        "assessments[4].role",
        r"a second self-assessment; the first is assessments\[1\]",
    )


def test_every_problem_is_reported() -> None:
    rejects_all(
        lambda: assessor_agreement(
            [
                PANEL[0],
                assessed("bob", {}, assessor_id="p1", scale=SMALL_SCALE),
            ]
        ),
        "assessments[1].person_id",
        "assessments[1].scale",
        "assessments[1].assessor_id",
    )


@pytest.mark.parametrize(
    ("assessments", "path", "phrase"),
    [
        ([], "assessments", "must hold at least one assessment"),
        ("ann", "assessments", "must be a sequence of CompetencyAssessment"),
        ([PANEL[0], 3], "assessments[1]", "must be a CompetencyAssessment, got int 3"),
    ],
)
def test_bad_arguments_are_refused(assessments: object, path: str, phrase: str) -> None:
    rejects(lambda: assessor_agreement(assessments), path, phrase)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [-1, 1.5, True, "3"])
def test_largest_needs_a_whole_number(n: object) -> None:
    result = assessor_agreement(PANEL)
    rejects(lambda: result.largest(n), "n", "must be a whole number of at least 0")  # type: ignore[arg-type]


def test_records_are_validated() -> None:
    one = level("m1", MANAGER, 3)
    rejects(
        lambda: CompetencyAgreement(
            competency_id="law",
            levels=(one,),
            spread=0,
            std_dev=0,
            self_minus_others=None,
            lowest=(one,),
            highest=(one,),
            explanation="alone",
        ),
        "CompetencyAgreement.levels",
        "needs at least 2 assessors, got 1",
    )
    rejects(
        lambda: Agreement(person_id="", competencies=()),
        "Agreement.person_id",
        "must not be empty",
    )
    rejects(
        lambda: AssessorLevel(assessor_id="m1", role="manager", level=3),  # type: ignore[arg-type]
        "AssessorLevel.role",
        "must be a AssessorRole",
    )
