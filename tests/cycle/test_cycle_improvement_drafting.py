"""Drafting a cycle's improvement plan and collecting its practices to share."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import perfcore as pc
from builders import appraisal_ready, improvement_entered, when
from perfcore.improvement import CauseInterventions
from perfcore.testing.strategies import MANAGER, cause_interventions, cycles


def test_a_drafted_plan_addresses_the_analysed_cause_and_the_cycle_accepts_it() -> None:
    cycle = appraisal_ready()  # g1 partly met, caused by a knowledge gap (rc1)
    draft = cycle.draft_improvement_plan(on=dt.date(2026, 2, 20), due_in_days=40)
    [action] = draft.actions
    assert (action.id, action.kind, action.cause_ids) == (
        "rc1-training",
        pc.InterventionKind.TRAINING,
        ("rc1",),
    )
    assert (action.owner_id, action.due) == (cycle.employee_id, dt.date(2026, 4, 1))
    assert draft.unanalysed_goal_ids == ()
    cycle = cycle.add_improvement_action(action, by=MANAGER, at=when(46))
    cycle = cycle.advance(by=MANAGER, at=when(47))
    assert "cause_addressed" not in {b.code for b in cycle.blockers()}


def test_an_action_already_in_the_plan_covers_its_cause() -> None:
    cycle = improvement_entered()  # a1: training for rc1
    draft = cycle.draft_improvement_plan(on=dt.date(2026, 2, 25))
    assert draft.actions == ()
    assert draft.covered_cause_ids == ("rc1",)


def test_practices_to_share_come_from_exceeded_goals() -> None:
    assert improvement_entered().practices_to_share()[0].goal_id == "g2"
    assert pc.Cycle.replay(appraisal_ready().events[:3]).practices_to_share() == ()


@settings(deadline=None)
@given(
    cycles(phase=st.sampled_from([pc.Phase.APPRAISAL, pc.Phase.IMPROVEMENT])),
    cause_interventions(),
    st.integers(1, 3),
)
def test_every_analysed_unmet_goal_gets_an_action_the_mapping_allows(
    cycle: pc.Cycle, mapping: CauseInterventions, per_cause: int
) -> None:
    draft = cycle.draft_improvement_plan(
        on=dt.date(2027, 1, 15), interventions=mapping, kinds_per_cause=per_cause
    )
    actions = (*cycle.actions, *draft.actions)
    unmet = {g.id for g in cycle.unmet_goals}
    for cause in cycle.root_causes:
        if cause.goal_id not in unmet:
            continue
        linked = [a for a in actions if cause.id in a.cause_ids]
        assert any(mapping.follows_from(a.kind, cause) for a in linked), (cause, linked)
    for action in draft.actions:
        [cause_id] = action.cause_ids
        cause = next(c for c in cycle.root_causes if c.id == cause_id)
        assert action.kind in mapping.allowed_for(cause)[:per_cause]
    analysed = {c.goal_id for c in cycle.root_causes}
    assert set(draft.unanalysed_goal_ids) == unmet - analysed
