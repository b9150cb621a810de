"""Re-ratings after release and dispute outcomes: the employee sees what the record says."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from expect import rejects
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER

_MET = b.manager_assessment(sales=pc.Achievement.MET)
"""The re-rating: g1 (rated partly met, then disputed) is met after all."""


def _discussed() -> pc.Cycle:
    """Appraisal ready to leave but for the employee's word; the discussion released the ratings."""
    return pc.Cycle.replay(b.appraisal_ready().events[:-1])


def _disputed() -> pc.Cycle:
    return _discussed().dispute(
        reason="The new region's deals are not counted", by=EMPLOYEE, at=b.when(45)
    )


def _resolved(outcome: pc.DisputeOutcome) -> pc.Cycle:
    return _disputed().resolve_dispute(
        outcome=outcome, reason="Regional deals checked", by=HR, at=b.when(46)
    )


def _rerated(cycle: pc.Cycle, day: int = 47) -> pc.Cycle:
    return cycle.submit_manager_assessment(
        _MET, by=MANAGER, at=b.when(day), reason="New-region deals counted: g1 met"
    )


def _codes(cycle: pc.Cycle) -> set[str]:
    return {blocker.code for blocker in cycle.blockers()}


# --- the sequence, refused at each step ---------------------------------------------


def test_a_resolution_without_an_outcome_is_refused() -> None:
    cycle = _disputed()
    rejects(
        lambda: cycle.execute(c.ResolveDispute(reason="Heard"), by=HR, at=b.when(46)),
        "ResolveDispute.outcome",
        "must be a DisputeOutcome",
    )


def test_a_re_rating_without_a_reason_is_refused() -> None:
    cycle = _resolved(pc.DisputeOutcome.AMENDED)
    rejects(
        lambda: cycle.submit_manager_assessment(_MET, by=MANAGER, at=b.when(47)),
        "SubmitManagerAssessment.reason",
        "the employee has seen the ratings, so a new assessment is a re-rating",
    )


def test_a_re_rating_the_employee_never_saw_blocks_the_end_of_the_appraisal() -> None:
    for outcome in pc.DisputeOutcome:
        cycle = _rerated(_resolved(outcome))
        assert cycle.rerated
        assert not cycle.ratings_released
        with pytest.raises(pc.GuardError) as refused:
            cycle.advance(by=MANAGER, at=b.when(48))
        assert set(refused.value.codes) == {"ratings_released", "rerating_acknowledged"}
        # the employee still sees the ratings released before the dispute
        assert view_cycle(cycle, EMPLOYEE).manager_assessment == b.manager_assessment()
        assert view_cycle(cycle, MANAGER).manager_assessment == _MET


def test_neither_the_release_nor_the_employees_word_can_be_waived() -> None:
    cycle = _rerated(_resolved(pc.DisputeOutcome.AMENDED))
    for code in ("ratings_released", "rerating_acknowledged", "dispute_amended"):
        with pytest.raises(pc.ValidationError, match="cannot be waived"):
            cycle.waive(code, reason="Employee unreachable", by=HR, at=b.when(48))
    conditions = {condition.code: condition for condition in pc.CONDITIONS}
    for code in ("ratings_released", "rerating_acknowledged", "dispute_amended"):
        assert conditions[code].phases == frozenset({pc.Phase.APPRAISAL})
        assert not conditions[code].waivable


# --- the way through ------------------------------------------------------------------------


def test_dispute_resolved_as_amended_then_re_rated_released_and_acknowledged() -> None:
    resolved = _resolved(pc.DisputeOutcome.AMENDED)
    resolution = resolved.dispute_resolution
    assert resolution is not None
    assert (resolution.outcome, resolution.actor, resolution.reason) == (
        pc.DisputeOutcome.AMENDED,
        HR,
        "Regional deals checked",
    )
    event = resolved.events[-1]
    assert isinstance(event, e.DisputeResolved)
    assert event.outcome is pc.DisputeOutcome.AMENDED
    assert _codes(resolved) == {"dispute_amended"}
    with pytest.raises(pc.TransitionError, match="amended ratings or score come first"):
        resolved.acknowledge(by=EMPLOYEE, at=b.when(47))

    rerated = _rerated(resolved)
    assert rerated.appraisal_status is pc.AppraisalStatus.PENDING
    assert rerated.amendments == (rerated.events[-1],)
    amendment = rerated.amendments[0]
    assert isinstance(amendment, e.ManagerAssessmentSubmitted)
    assert (amendment.actor, amendment.reason) == (MANAGER, "New-region deals counted: g1 met")
    with pytest.raises(pc.TransitionError, match="not released yet"):
        rerated.acknowledge(by=EMPLOYEE, at=b.when(47))

    released = rerated.release_ratings(by=MANAGER, at=b.when(48))
    assert view_cycle(released, EMPLOYEE).manager_assessment == _MET
    assert _codes(released) == {"rerating_acknowledged"}
    acknowledged = released.acknowledge(by=EMPLOYEE, at=b.when(49))
    assert not acknowledged.rerated
    assert acknowledged.blockers() == ()
    after = acknowledged.advance(by=MANAGER, at=b.when(50))
    assert after.phase is pc.Phase.IMPROVEMENT
    assert pc.Cycle.replay(after.events) == after


def test_an_amendment_may_be_a_score_adjustment() -> None:
    from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig  # noqa: PLC0415

    cycle = pc.Cycle.replay(b.appraisal_entered().events)
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(42)
    )
    cycle = b.rate_competencies(cycle, at=b.when(42))
    cycle = cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(42))
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=MANAGER, at=b.when(43))
    talk = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked")
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(44))
    cycle = cycle.dispute(reason="Score too low", by=EMPLOYEE, at=b.when(45))
    cycle = cycle.resolve_dispute(
        outcome=pc.DisputeOutcome.AMENDED, reason="Raised to 0.9", by=HR, at=b.when(46)
    )
    cycle = cycle.adjust_score(
        0.9,
        replaces=score.value,
        kind=pc.AdjustmentKind.DISPUTE,
        reason="Raised on review of the dispute",
        by=HR,
        at=b.when(46),
    )
    assert [type(event) for event in cycle.amendments] == [e.ScoreAdjusted]
    cycle = cycle.release_ratings(by=HR, at=b.when(47)).acknowledge(by=EMPLOYEE, at=b.when(47))
    assert cycle.advance(by=MANAGER, at=b.when(48)).phase is pc.Phase.IMPROVEMENT


def test_a_re_rating_may_be_disputed_and_that_dispute_resolved() -> None:
    cycle = _rerated(_resolved(pc.DisputeOutcome.UPHELD)).release_ratings(by=HR, at=b.when(48))
    cycle = cycle.dispute(reason="Still missing a deal", by=EMPLOYEE, at=b.when(49))
    assert _codes(cycle) == {"dispute_resolved"}
    cycle = cycle.resolve_dispute(
        outcome=pc.DisputeOutcome.REJECTED, reason="Deal closed in 2027", by=HR, at=b.when(50)
    )
    assert cycle.blockers() == ()
    assert cycle.advance(by=MANAGER, at=b.when(51)).phase is pc.Phase.IMPROVEMENT


@pytest.mark.parametrize("outcome", [pc.DisputeOutcome.UPHELD, pc.DisputeOutcome.REJECTED])
def test_a_dispute_upheld_or_rejected_needs_no_amendment(outcome: pc.DisputeOutcome) -> None:
    cycle = _resolved(outcome)
    assert cycle.dispute_resolution is not None
    assert cycle.dispute_resolution.outcome is outcome
    assert cycle.amendments == ()
    assert cycle.advance(by=MANAGER, at=b.when(47)).phase is pc.Phase.IMPROVEMENT


def test_a_re_rating_before_the_employee_took_a_stance_needs_the_employees_word() -> None:
    cycle = _rerated(_discussed(), day=45)
    assert _codes(cycle) == {"ratings_released", "rerating_acknowledged"}
    cycle = cycle.release_ratings(by=MANAGER, at=b.when(46))
    with pytest.raises(pc.ValidationError, match="cannot be waived"):
        cycle.waive("rerating_acknowledged", reason="x", by=HR, at=b.when(46))
    assert cycle.acknowledge(by=EMPLOYEE, at=b.when(47)).blockers() == ()


def test_the_first_assessment_needs_no_reason() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(_MET, by=MANAGER, at=b.when(41))
    again = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))
    assert not again.rerated  # not yet shown to the employee: a draft, not a re-rating


# --- property ---------------------------------------------------------------------------------

_STEPS = st.lists(
    st.sampled_from(["rerate", "release", "acknowledge", "dispute", "resolve", "advance"]),
    max_size=10,
)


@given(_STEPS, st.sampled_from(list(pc.DisputeOutcome)))
def test_the_appraisal_ends_only_on_ratings_the_employee_saw_and_answered(
    steps: list[str], outcome: pc.DisputeOutcome
) -> None:
    cycle = _discussed()
    day = 45
    for step in steps:
        if cycle.phase is not pc.Phase.APPRAISAL:
            break
        command: c.Command = {
            "rerate": c.SubmitManagerAssessment(assessment=_MET, reason="Re-rated"),
            "release": c.ReleaseRatings(),
            "acknowledge": c.Acknowledge(),
            "dispute": c.Dispute(reason="Unfair"),
            "resolve": c.ResolveDispute(outcome=outcome, reason="Reviewed"),
            "advance": c.AdvancePhase(),
        }[step]
        actor = {"rerate": MANAGER, "release": HR, "acknowledge": EMPLOYEE, "dispute": EMPLOYEE}
        before = cycle
        try:
            cycle = cycle.execute(command, by=actor.get(step, HR), at=b.when(day))
        except pc.PerfcoreError:
            continue
        if step == "advance":
            assert before.ratings_released
            assert not before.rerated
            assert before.appraisal_status in (
                pc.AppraisalStatus.ACKNOWLEDGED,
                pc.AppraisalStatus.RESOLVED,
            )
            resolution = before.dispute_resolution
            assert resolution is None or not resolution.awaits_amendment
            # what the employee was last shown is what the record says
            shown = view_cycle(before, EMPLOYEE).manager_assessment
            assert shown == before.manager_assessment
        day += 1
    assert pc.Cycle.replay(cycle.events) == cycle
