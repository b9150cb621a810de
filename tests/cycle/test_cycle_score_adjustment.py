"""A recorded score follows from its basis; a different number is an attributable adjustment."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from expect import rejects, rejects_all
from perfcore.appraisal import DEFAULT_REGISTRY, AppraisalScore, ScoringConfig
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.scoring import Composite, RatingBands
from perfcore.serialization import make_converter
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER

CONFIG = ScoringConfig()


def _on_target() -> pc.Assessment:
    """The builders' results with g1 exactly on target: every goal scores 1, the score is 1."""
    ratings = tuple(
        attrs.evolve(r, actual=1000.0) if r.goal_id == "g1" else r
        for r in b.scored_manager_assessment().goal_ratings
    )
    return attrs.evolve(b.scored_manager_assessment(), goal_ratings=ratings)


def _self_view() -> pc.Assessment:
    """The builders' self-assessment with results: the employee claims g1 beyond target."""
    actuals = {"g1": 1100.0, "g2": 4.0, "g3": 1.0}
    ratings = tuple(
        attrs.evolve(r, actual=actuals[r.goal_id]) for r in b.self_assessment().goal_ratings
    )
    return attrs.evolve(b.self_assessment(), goal_ratings=ratings)


def _assessed() -> pc.Cycle:
    cycle = b.appraisal_entered()
    cycle = cycle.submit_self_assessment(_self_view(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(_on_target(), by=MANAGER, at=b.when(42))
    cycle = b.rate_competencies(cycle, at=b.when(42))
    return cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(42))


def _scored(config: ScoringConfig = CONFIG) -> tuple[pc.Cycle, AppraisalScore]:
    cycle = _assessed()
    score = cycle.compute_score(config, DEFAULT_REGISTRY)
    return cycle.record_score(score, by=MANAGER, at=b.when(43)), score


def _adjusted(value: float = 0.8) -> pc.Cycle:
    cycle, score = _scored()
    return cycle.adjust_score(
        value,
        replaces=score.value,
        kind=pc.AdjustmentKind.CALIBRATION,
        reference="cal-2026-sales",
        reason="Calibrated against the other sales teams",
        by=HR,
        at=b.when(44),
    )


# --- record_score: the score follows from its basis ---------------------------------------


def test_the_worked_example_scores_one() -> None:
    score = _assessed().compute_score(CONFIG, DEFAULT_REGISTRY)
    assert score.goals.explanation == "(70 × 1 + 30 × 1) / 100 = 1"
    assert score.value == 1.0


def test_a_score_whose_value_contradicts_its_breakdown_is_refused() -> None:
    cycle = _assessed()
    score = cycle.compute_score(CONFIG, DEFAULT_REGISTRY)
    forged = attrs.evolve(score, value=0.8)
    err = rejects(
        lambda: cycle.record_score(forged, by=HR, at=b.when(43)),
        "RecordScore.score.value",
        r"0\.8 does not follow from its breakdown: the goal score is 1; .*adjust_score",
    )
    assert err.problems[0].path == "RecordScore.score.value"
    assert cycle.score is None


def test_a_forged_breakdown_is_refused_where_it_stops_following() -> None:
    cycle = _assessed()
    score = cycle.compute_score(CONFIG, DEFAULT_REGISTRY)
    goals = attrs.evolve(score.goals, value=0.8)
    rejects(
        lambda: cycle.record_score(
            attrs.evolve(score, value=0.8, goals=goals), by=MANAGER, at=b.when(43)
        ),
        "RecordScore.score.goals.value",
        "the config's combiner makes 1 of the goal scores, the score says 0.8",
    )
    first = attrs.evolve(score.goal_scores[0], attainment=0.8)
    rejects(
        lambda: cycle.record_score(
            attrs.evolve(score, goal_scores=(first, *score.goal_scores[1:])),
            by=MANAGER,
            at=b.when(43),
        ),
        r"RecordScore.score.goals.contributions[0].value",
        "1 for 'g1', whose goal score is 0.8",
    )


def test_a_score_under_a_config_it_was_not_computed_with_is_refused() -> None:
    cycle = _assessed()
    score = cycle.compute_score(CONFIG, DEFAULT_REGISTRY)
    other = ScoringConfig(include_development=True)
    claimed = attrs.evolve(score, config=json.dumps(other.to_data(DEFAULT_REGISTRY)))
    rejects(
        lambda: cycle.record_score(claimed, by=MANAGER, at=b.when(43)),
        "RecordScore.score.goal_scores",
        "not what the score's config gives",
    )


def test_a_composite_and_its_band_are_recomputed() -> None:
    bands = RatingBands.from_edges((0, 0.9, 1.1, 1.5), ("Below", "Meets", "Exceeds"))
    config = ScoringConfig(composite=Composite(weights={"goals": 80, "self": 20}), bands=bands)
    cycle = _assessed()
    score = cycle.compute_score(config, DEFAULT_REGISTRY)
    assert score.band is not None
    assert cycle.record_score(score, by=MANAGER, at=b.when(43)).score == score
    wrong_band = attrs.evolve(score.band, label="Exceeds")
    rejects(
        lambda: cycle.record_score(attrs.evolve(score, band=wrong_band), by=MANAGER, at=b.when(43)),
        "RecordScore.score.band",
        "the config's bands put",
    )
    assert score.composite is not None
    composite = attrs.evolve(score.composite, value=0.5)
    err = rejects_all(
        lambda: cycle.record_score(
            attrs.evolve(score, composite=composite, value=0.5, band=None),
            by=MANAGER,
            at=b.when(43),
        ),
        "RecordScore.score.composite.value",
        "RecordScore.score.band",
    )
    assert err.problems[0].message == (
        "the config's composite makes 1.035 of the components, the score says 0.5"
    )  # (80 × 1 + 20 × 1.175) / 100: the self-assessment claims g1 beyond target


def test_a_score_under_strategies_the_built_in_registry_does_not_know_is_checked_step_by_step() -> (
    None
):
    cycle = _assessed()
    score = cycle.compute_score(CONFIG, DEFAULT_REGISTRY)
    data = json.loads(score.config)
    data["goal_combiner"] = {"strategy": "house_mean", "params": {}}
    custom = attrs.evolve(score, config=json.dumps(data))
    assert cycle.record_score(custom, by=MANAGER, at=b.when(43)).score == custom
    rejects(
        lambda: cycle.record_score(attrs.evolve(custom, value=0.8), by=MANAGER, at=b.when(43)),
        "RecordScore.score.value",
        "does not follow from its breakdown",
    )


# --- adjust_score ---------------------------------------------------------------------------


def test_an_adjustment_keeps_both_numbers_and_who_why_where_from() -> None:
    cycle = _adjusted()
    assert cycle.score is not None
    assert cycle.score.value == 1.0  # the computed score and its breakdown stay as computed
    assert cycle.effective_score == 0.8
    adjustment = cycle.score_adjustment
    assert adjustment is not None
    assert (adjustment.value, adjustment.replaces) == (0.8, 1.0)
    assert adjustment.kind is pc.AdjustmentKind.CALIBRATION
    assert adjustment.reference == "cal-2026-sales"
    assert adjustment.reason == "Calibrated against the other sales teams"
    assert (adjustment.actor, adjustment.at) == (HR, b.when(44))
    event = cycle.events[-1]
    assert isinstance(event, e.ScoreAdjusted)
    assert event.TAG == "score_adjusted"
    assert (event.value, event.replaces, event.kind, event.reference) == (
        0.8,
        1.0,
        pc.AdjustmentKind.CALIBRATION,
        "cal-2026-sales",
    )
    assert adjustment.sequence == event.sequence
    assert pc.Cycle.replay(cycle.events) == cycle
    converter = make_converter()
    assert converter.structure(converter.unstructure(cycle), pc.Cycle) == cycle


def test_the_event_carries_every_field_of_its_command() -> None:
    cycle = _adjusted()
    event = cycle.events[-1]
    assert isinstance(event, e.ScoreAdjusted)
    fields = {f.name for f in attrs.fields(c.AdjustScore)}
    rebuilt = c.AdjustScore(**{name: getattr(event, name) for name in fields})
    assert rebuilt == c.AdjustScore(
        value=0.8,
        replaces=1.0,
        kind=pc.AdjustmentKind.CALIBRATION,
        reference="cal-2026-sales",
        reason="Calibrated against the other sales teams",
    )


def test_the_employee_sees_an_adjustment_only_once_released() -> None:
    cycle, _ = _scored()
    cycle = cycle.release_ratings(by=MANAGER, at=b.when(43))
    assert view_cycle(cycle, EMPLOYEE).score_adjustment is None
    adjusted = cycle.adjust_score(
        0.8,
        replaces=1.0,
        kind=pc.AdjustmentKind.HR_DECISION,
        reason="Bonus cap for the region",
        by=HR,
        at=b.when(44),
    )
    assert not adjusted.ratings_released
    assert view_cycle(adjusted, EMPLOYEE).score_adjustment is None
    assert view_cycle(adjusted, EMPLOYEE).score == adjusted.score
    assert view_cycle(adjusted, MANAGER).score_adjustment == adjusted.score_adjustment
    assert view_cycle(adjusted, HR).score_adjustment == adjusted.score_adjustment
    released = adjusted.release_ratings(by=HR, at=b.when(45))
    assert view_cycle(released, EMPLOYEE).score_adjustment == adjusted.score_adjustment


def test_an_unreleased_adjustment_blocks_the_end_of_the_appraisal() -> None:
    cycle = _adjusted()
    talk = pc.FeedbackDiscussion(held_on=b.when(45).date(), summary="Talked")
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(45))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=b.when(45))
    assert cycle.blockers() == ()
    after, score = _scored()
    after = after.hold_feedback_discussion(talk, by=MANAGER, at=b.when(45))
    after = after.adjust_score(
        0.9, replaces=score.value, kind=pc.AdjustmentKind.HR_DECISION, reason="x", by=HR,
        at=b.when(46),
    )  # fmt: skip
    assert {x.code for x in after.blockers()} == {"ratings_released", "rerating_acknowledged"}
    with pytest.raises(pc.GuardError) as refused:
        after.advance(by=MANAGER, at=b.when(46))
    assert set(refused.value.codes) == {"ratings_released", "rerating_acknowledged"}


def test_adjustment_rules() -> None:
    cycle, score = _scored()

    def adjust(value: float, replaces: float = score.value) -> pc.Cycle:
        return cycle.adjust_score(
            value,
            replaces=replaces,
            kind=pc.AdjustmentKind.HR_DECISION,
            reason="Correction",
            by=HR,
            at=b.when(44),
        )

    rejects(lambda: adjust(0.8, replaces=0.9), "AdjustScore.replaces", "not the recorded score")
    rejects(lambda: adjust(1.0), "AdjustScore.value", "already the score")
    # the default scorers score between 0 and 1.5: that is this score's range
    rejects(lambda: adjust(1.6), "AdjustScore.value", r"outside the score's range \[0, 1.5\]")
    rejects(lambda: adjust(-0.1), "AdjustScore.value", "outside the score's range")
    with pytest.raises(pc.ValidationError, match="reason: is required"):
        c.AdjustScore(value=0.8, replaces=1.0, kind=pc.AdjustmentKind.HR_DECISION)
    with pytest.raises(pc.TransitionError, match="no recorded score to adjust"):
        _assessed().adjust_score(
            0.8,
            replaces=1.0,
            kind=pc.AdjustmentKind.HR_DECISION,
            reason="x",
            by=HR,
            at=b.when(44),
        )
    with pytest.raises(pc.PermissionDenied, match="may not adjust_score; allowed: hr"):
        cycle.execute(
            c.AdjustScore(value=0.8, replaces=1.0, kind=pc.AdjustmentKind.CALIBRATION, reason="x"),
            by=MANAGER,
            at=b.when(44),
        )


def test_a_banded_score_is_adjusted_within_its_bands() -> None:
    bands = RatingBands.from_edges((0, 0.9, 1.1, 1.2), ("Below", "Meets", "Exceeds"))
    cycle, score = _scored(ScoringConfig(bands=bands))
    rejects(
        lambda: cycle.adjust_score(
            1.3,
            replaces=score.value,
            kind=pc.AdjustmentKind.CALIBRATION,
            reason="x",
            by=HR,
            at=b.when(44),
        ),
        "AdjustScore.value",
        r"outside the score's range \[0, 1.2\]",
    )


def test_a_score_on_a_stated_scale_is_adjusted_within_that_scale() -> None:
    """Goals score on 0-1 (on target: 1); a composite on 1-5 converts them: 1 -> 5."""
    composite = Composite(weights={"goals": 1}, scale=(1, 5), scales={"goals": (0, 1)})
    cycle, score = _scored(ScoringConfig(composite=composite))
    assert score.value == pytest.approx(5)

    def adjust(value: float) -> pc.Cycle:
        return cycle.adjust_score(
            value,
            replaces=score.value,
            kind=pc.AdjustmentKind.CALIBRATION,
            reason="Calibrated",
            by=HR,
            at=b.when(44),
        )

    assert adjust(4.5).effective_score == 4.5  # beyond the goal scorers' range: on 1-5
    rejects(lambda: adjust(5.5), "AdjustScore.value", r"outside the score's range \[1, 5\]")
    rejects(lambda: adjust(0.5), "AdjustScore.value", r"outside the score's range \[1, 5\]")


def test_a_new_computed_score_supersedes_an_adjustment() -> None:
    cycle = _adjusted()
    score = cycle.compute_score(CONFIG, DEFAULT_REGISTRY)
    rescored = cycle.record_score(score, by=MANAGER, at=b.when(45))
    assert rescored.score_adjustment is None
    assert rescored.effective_score == 1.0


# --- properties -------------------------------------------------------------------------------


_STEPS = st.lists(
    st.one_of(
        st.just(("score", 0.0)),
        st.tuples(st.just("adjust"), st.sampled_from([0.5, 0.8, 0.9, 1.2, 1.5])),
    ),
    max_size=6,
)


@given(_STEPS)
def test_the_effective_score_is_the_adjustment_iff_one_follows_the_last_computed_score(
    steps: list[tuple[str, float]],
) -> None:
    cycle, score = _scored()
    day = 44
    for step, value in steps:
        if step == "score":
            cycle = cycle.record_score(score, by=MANAGER, at=b.when(day))
        elif value != cycle.effective_score:
            cycle = cycle.adjust_score(
                value,
                replaces=score.value,
                kind=pc.AdjustmentKind.CALIBRATION,
                reason="Calibration",
                by=HR,
                at=b.when(day),
            )
        day += 1
    last_score = max(i for i, ev in enumerate(cycle.events) if isinstance(ev, e.ScoreRecorded))
    later = [ev for ev in cycle.events[last_score:] if isinstance(ev, e.ScoreAdjusted)]
    assert cycle.score == score
    if later:
        assert cycle.effective_score == later[-1].value
        assert cycle.score_adjustment is not None
        assert cycle.score_adjustment.sequence == later[-1].sequence
    else:
        assert cycle.score_adjustment is None
        assert cycle.effective_score == score.value
    for event in cycle.events_of(e.ScoreAdjusted):
        assert isinstance(event, e.ScoreAdjusted)
        assert event.replaces == score.value  # both numbers kept, in every adjustment
        assert event.value != event.replaces
    assert pc.Cycle.replay(cycle.events) == cycle
