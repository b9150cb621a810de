"""Draft self-assessments, released ratings and private notes in the cycle."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.appraisal import AppraisalScore
from perfcore.competency import AssessorRole
from perfcore.cycle import events as e
from perfcore.oversight import audit
from strategies import EMPLOYEE, HR, MANAGER


def _assessed() -> pc.Cycle:
    """Appraisal with the self-assessment shared, the manager's ratings in, a cause recorded."""
    cycle = b.appraisal_entered()
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))
    return cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(43))


def _discussed(cycle: pc.Cycle) -> pc.Cycle:
    discussion = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked it through")
    return cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(44))


# --- draft self-assessments -------------------------------------------------------------


def test_a_draft_self_assessment_is_kept_apart_until_shared() -> None:
    cycle = b.appraisal_entered().submit_self_assessment(
        b.self_assessment(), by=EMPLOYEE, at=b.when(41), share=False
    )
    assert cycle.self_assessment is None
    assert cycle.self_assessment_draft == b.self_assessment()
    assert "self_assessment" in {x.code for x in cycle.blockers(at=b.when(41))}
    shared = cycle.share_self_assessment(by=EMPLOYEE, at=b.when(41))
    assert shared.self_assessment == b.self_assessment()
    assert shared.self_assessment_draft is None
    assert "self_assessment" not in {x.code for x in shared.blockers(at=b.when(41))}
    assert isinstance(shared.events[-1], e.SelfAssessmentShared)
    assert pc.Cycle.replay(shared.events) == shared


def test_a_new_draft_leaves_the_shared_self_assessment_in_place() -> None:
    first = b.self_assessment()
    second = attrs.evolve(first, comments="Second thoughts")
    cycle = b.appraisal_entered().submit_self_assessment(first, by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_self_assessment(second, by=EMPLOYEE, at=b.when(42), share=False)
    assert cycle.self_assessment == first
    assert cycle.self_assessment_draft == second
    assert cycle.share_self_assessment(by=EMPLOYEE, at=b.when(42)).self_assessment == second


def test_sharing_without_a_draft_is_refused_and_changes_nothing() -> None:
    cycle = _assessed()
    with pytest.raises(pc.TransitionError, match="no draft self-assessment to share"):
        cycle.share_self_assessment(by=EMPLOYEE, at=b.when(44))


def test_only_the_employee_shares_their_self_assessment() -> None:
    cycle = b.appraisal_entered().submit_self_assessment(
        b.self_assessment(), by=EMPLOYEE, at=b.when(41), share=False
    )
    for actor in (MANAGER, HR):
        with pytest.raises(pc.PermissionDenied):
            cycle.share_self_assessment(by=actor, at=b.when(41))


def test_a_replayed_share_without_a_draft_is_not_a_history() -> None:
    cycle = _assessed()
    bogus = e.SelfAssessmentShared(
        cycle_id=cycle.id, sequence=len(cycle.events), actor=EMPLOYEE, at=b.when(44)
    )
    with pytest.raises(pc.ValidationError, match="follows no draft"):
        pc.Cycle.replay((*cycle.events, bogus))


# --- released ratings -------------------------------------------------------------------


def test_ratings_are_drafts_until_released() -> None:
    cycle = _assessed()
    assert not cycle.ratings_released
    released = cycle.release_ratings(by=MANAGER, at=b.when(43))
    assert released.ratings_released
    assert isinstance(released.events[-1], e.RatingsReleased)
    with pytest.raises(pc.TransitionError, match="already released"):
        released.release_ratings(by=MANAGER, at=b.when(43))


def test_the_feedback_discussion_releases_the_ratings() -> None:
    assert _discussed(_assessed()).ratings_released


@pytest.mark.parametrize("change", ["assessment", "score", "competency"])
def test_any_later_change_to_the_ratings_is_a_draft_again(change: str) -> None:
    cycle = _discussed(_assessed())
    if change == "assessment":
        changed = cycle.submit_manager_assessment(
            b.manager_assessment(pc.Achievement.NOT_MET),
            by=MANAGER,
            at=b.when(45),
            reason="Sales figures corrected",
        )
    elif change == "score":
        scored = cycle.submit_manager_assessment(
            b.scored_manager_assessment(), by=MANAGER, at=b.when(45), reason="Results in"
        ).release_ratings(by=MANAGER, at=b.when(45))
        assert scored.ratings_released
        changed = scored.record_score(_score_for(scored), by=MANAGER, at=b.when(45))
    else:
        changed = _with_profile_assessed(AssessorRole.MANAGER)
    assert not changed.ratings_released
    with pytest.raises(pc.TransitionError, match="not released yet"):
        changed.acknowledge(by=EMPLOYEE, at=b.when(46))
    with pytest.raises(pc.TransitionError, match="not released yet"):
        changed.dispute(reason="Unfair", by=EMPLOYEE, at=b.when(46))
    again = changed.release_ratings(by=HR, at=b.when(46))
    assert again.acknowledge(by=EMPLOYEE, at=b.when(47)).acknowledged


def test_the_employees_own_competency_assessment_is_no_rating_change() -> None:
    assert _with_profile_assessed(AssessorRole.SELF).ratings_released


def _score_for(cycle: pc.Cycle) -> AppraisalScore:
    from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig  # noqa: PLC0415

    return cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)


def _with_profile_assessed(role: AssessorRole) -> pc.Cycle:
    """A cycle with a competency profile, discussed, then assessed by ``role``."""
    cycle = pc.Cycle.start(
        cycle_id="p1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        by=MANAGER,
        at=b.T0,
        profile=b.PROFILE,
        check_in_every_days=60,
    )
    for goal in (b.sales_goal(), b.quality_goal(), b.learning_goal()):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=b.when(1))
    cycle = (
        b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(2)).advance(by=MANAGER, at=b.when(3))
    )
    cycle = cycle.record_check_in(
        pc.CheckIn(id="c1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(30).date()),
        by=MANAGER,
        at=b.when(30),
    )
    cycle = cycle.advance(by=MANAGER, at=b.when(40))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    cycle = _discussed(cycle)
    actor = MANAGER if role is AssessorRole.MANAGER else EMPLOYEE
    return cycle.submit_competency_assessment(
        b.competency_assessment(role, actor.person_id), by=actor, at=b.when(45)
    )


def test_release_needs_a_manager_assessment() -> None:
    with pytest.raises(pc.TransitionError, match="before ratings are released"):
        b.appraisal_entered().release_ratings(by=MANAGER, at=b.when(41))


@pytest.mark.parametrize("actor", [EMPLOYEE, pc.Actor(person_id="other", role=pc.Role.MANAGER)])
def test_only_the_manager_or_hr_release(actor: pc.Actor) -> None:
    with pytest.raises(pc.PermissionDenied):
        _assessed().release_ratings(by=actor, at=b.when(43))


@given(st.lists(st.sampled_from(["assessment", "release", "discuss"]), max_size=8))
def test_released_iff_a_release_follows_the_last_rating_change(steps: list[str]) -> None:
    cycle = _assessed()
    expected = False
    day = 44
    for step in steps:
        if step == "assessment":
            value = 2 if day % 2 else 3
            assessment = attrs.evolve(
                b.manager_assessment(),
                goal_ratings=(
                    b.rating("g1", pc.Achievement.PARTLY_MET, value),
                    *b.manager_assessment().goal_ratings[1:],
                ),
            )
            reason = "Re-rated" if cycle.ratings_ever_released else None
            cycle = cycle.submit_manager_assessment(
                assessment, by=MANAGER, at=b.when(day), reason=reason
            )
            expected = False
        elif step == "release" and not cycle.ratings_released:
            cycle = cycle.release_ratings(by=MANAGER, at=b.when(day))
            expected = True
        elif step == "discuss":
            cycle = _discussed_on(cycle, day)
            expected = True
        assert cycle.ratings_released is expected
        day += 1
    assert pc.Cycle.replay(cycle.events) == cycle


def _discussed_on(cycle: pc.Cycle, day: int) -> pc.Cycle:
    discussion = pc.FeedbackDiscussion(held_on=b.when(day).date(), summary=f"Talk {day}")
    return cycle.hold_feedback_discussion(discussion, by=MANAGER, at=b.when(day))


# --- private notes ----------------------------------------------------------------------


def _private(identifier: str, day: int) -> pc.CheckIn:
    return pc.CheckIn(
        id=identifier,
        kind=pc.CheckInKind.PRIVATE_NOTE,
        held_on=b.when(day).date(),
        summary="Only for me",
    )


def test_private_notes_never_count_toward_the_cadence() -> None:
    cycle = b.implementation_ready()
    shared = len(cycle.shared_check_ins)
    cycle = cycle.record_check_in(_private("p1", 35), by=EMPLOYEE, at=b.when(35))
    assert len(cycle.check_ins) == shared + 1
    assert len(cycle.shared_check_ins) == shared
    assert all(c.kind.is_shared for c in cycle.shared_check_ins)


def test_a_cycle_with_only_private_notes_misses_its_cadence() -> None:
    cycle = b.started(check_in_every_days=14)
    for goal in (b.sales_goal(), b.quality_goal(), b.learning_goal()):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=b.when(1))
    cycle = (
        b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(2)).advance(by=MANAGER, at=b.when(3))
    )
    noted = cycle
    for day in range(10, 60, 10):
        noted = noted.record_check_in(_private(f"p{day}", day), by=MANAGER, at=b.when(day))
    codes = {x.code for x in noted.blockers(at=b.when(60))}
    assert "check_in_cadence" in codes
    codes = {f.code for f in audit([noted], as_of=b.when(60)).findings}
    assert {"check_in_cadence_missed", "goal_without_check_in", "team_without_check_ins"} <= codes
