"""Competency assessments in the appraisal: against the cycle's profile, by the right people."""

from __future__ import annotations

import pytest

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import AssessorRole, ProficiencyLevel, ProficiencyScale
from perfcore.cycle import commands as c
from perfcore.scoring import Composite
from strategies import EMPLOYEE, HR, MANAGER, new_cycle


def submit(
    cycle: pc.Cycle, assessment: pc.competency.CompetencyAssessment, by: pc.Actor, day: int = 41
) -> pc.Cycle:
    return cycle.submit_competency_assessment(assessment, by=by, at=b.when(day))


def test_profile_travels_with_the_cycle() -> None:
    cycle = b.appraisal_entered()
    assert cycle.profile == b.PROFILE
    assert pc.Cycle.replay(cycle.events).profile == b.PROFILE
    closed = b.closed()
    assert closed.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.when(62)).profile == (
        b.PROFILE
    )


def test_each_assessor_keeps_their_latest_assessment() -> None:
    cycle = b.appraisal_entered()
    cycle = submit(cycle, b.competency_assessment(AssessorRole.SELF, EMPLOYEE.person_id), EMPLOYEE)
    cycle = submit(cycle, b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id), MANAGER)
    cycle = submit(cycle, b.competency_assessment(AssessorRole.PEER, "peer-1", talk=5), HR)
    cycle = submit(cycle, b.competency_assessment(AssessorRole.PEER, "peer-2", talk=2), MANAGER)
    later = b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id, talk=4)
    cycle = submit(cycle, later, MANAGER, day=42)
    assert [(a.role.value, a.assessor_id) for a in cycle.competency_assessments] == [
        ("self", "emp"),
        ("peer", "peer-1"),
        ("peer", "peer-2"),
        ("manager", "mgr"),
    ]
    assert cycle.competency_assessment(AssessorRole.MANAGER) == later
    latest_peer = cycle.competency_assessment(AssessorRole.PEER)
    assert latest_peer is not None
    assert latest_peer.assessor_id == "peer-2"
    assert cycle.competency_assessment(AssessorRole.SELF) is not None
    assert len(cycle.events_of(pc.cycle.CompetencyAssessed)) == 5
    assert pc.Cycle.replay(cycle.events) == cycle


@pytest.mark.parametrize(
    ("assessment", "actor", "path", "phrase"),
    [
        (
            b.competency_assessment(AssessorRole.SELF, EMPLOYEE.person_id),
            MANAGER,
            "SubmitCompetencyAssessment.assessment.assessor_id",
            "by and from the employee",
        ),
        (
            b.competency_assessment(AssessorRole.MANAGER, "someone"),
            MANAGER,
            "SubmitCompetencyAssessment.assessment.assessor_id",
            "by and from the manager",
        ),
        (
            b.competency_assessment(AssessorRole.PEER, MANAGER.person_id),
            HR,
            "SubmitCompetencyAssessment.assessment.assessor_id",
            "peer input comes from a peer",
        ),
        (
            b.competency_assessment(AssessorRole.PEER, "peer-1"),
            EMPLOYEE,
            "SubmitCompetencyAssessment.assessment.assessor_id",
            "recorded by the manager or HR",
        ),
    ],
)
def test_assessor_roles_are_enforced(
    assessment: pc.competency.CompetencyAssessment, actor: pc.Actor, path: str, phrase: str
) -> None:
    cycle = b.appraisal_entered()
    with pytest.raises(pc.ValidationError, match=phrase) as info:
        submit(cycle, assessment, actor)
    assert info.value.paths == (path,)


def test_assessment_must_fit_the_profile_and_the_employee() -> None:
    cycle = b.appraisal_entered()
    other_person = pc.competency.CompetencyAssessment(
        person_id="someone-else",
        assessor_id=MANAGER.person_id,
        role=AssessorRole.MANAGER,
        ratings=(
            pc.competency.CompetencyRating(competency_id="lead", level=3, basis=pc.Basis(text="x")),
        ),
        scale=ProficiencyScale(
            levels=(
                ProficiencyLevel(value=1, label="low"),
                ProficiencyLevel(value=5, label="high"),
            )
        ),
    )
    with pytest.raises(pc.ValidationError) as info:
        submit(cycle, other_person, MANAGER)
    assert info.value.paths == (
        "SubmitCompetencyAssessment.assessment.person_id",
        "SubmitCompetencyAssessment.assessment.scale",
        "SubmitCompetencyAssessment.assessment.ratings[0].competency_id",
    )


def test_no_profile_no_competency_assessment() -> None:
    cycle = new_cycle(at=b.T0)
    assert cycle.profile is None
    cycle = cycle.propose_goal(b.sales_goal(weight=100), by=MANAGER, at=b.when(1))
    cycle = (
        b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(2)).advance(by=MANAGER, at=b.when(3))
    )
    cycle = cycle.advance(by=MANAGER, at=b.when(4))
    with pytest.raises(pc.TransitionError, match="no competency profile"):
        submit(cycle, b.competency_assessment(AssessorRole.MANAGER, "mgr"), MANAGER, day=5)


def test_competency_assessments_lock_with_the_appraisal() -> None:
    ready = b.appraisal_ready()
    command = c.SubmitCompetencyAssessment(
        assessment=b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id)
    )
    with pytest.raises(pc.TransitionError, match="acknowledged"):
        ready.execute(command, by=MANAGER, at=b.when(46))


def _assessed(talk: float) -> pc.Cycle:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    manager_view = b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id, talk=talk)
    return submit(cycle, manager_view, MANAGER, day=42)


COMPOSITE = ScoringConfig(composite=Composite(weights={"goals": 70, "competencies": 30}))


def test_competency_fit_is_a_component_of_the_composite() -> None:
    # goals: g1 950 → 0.75 (threshold 900 pays 0.5, target 1000 pays 1), g2 4 defects
    # beats the target 5 → 1.0; (70 × 0.75 + 30 × 1.0) / 100 = 0.825.
    # competencies: talk 4 and law 3 meet 4 and 3 → gap index 0, fit 1.
    score = _assessed(talk=4).compute_score(COMPOSITE, DEFAULT_REGISTRY)
    assert score.goals.value == pytest.approx(0.825)
    assert score.competencies is not None
    assert score.competencies.fit == 1
    assert score.value == pytest.approx((70 * 0.825 + 30 * 1.0) / 100)
    assert "competencies:" in score.explain()


def test_a_failed_critical_competency_gates_the_fit() -> None:
    # talk 3 is below the critical level 4: the gate fails and the fit is 0.
    score = _assessed(talk=3).compute_score(COMPOSITE, DEFAULT_REGISTRY)
    assert score.competencies is not None
    assert score.competencies.failed_critical == ("talk",)
    assert score.value == pytest.approx(0.7 * 0.825)


def test_without_a_competency_assessment_the_component_is_missing() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    score = cycle.compute_score(COMPOSITE, DEFAULT_REGISTRY)  # renormalised: goals alone
    assert score.competencies is None
    assert score.value == pytest.approx(0.825)
    recorded = cycle.record_score(score, by=MANAGER, at=b.when(42))
    assert pc.Cycle.replay(recorded.events) == recorded
