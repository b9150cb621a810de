"""Properties of the cycle over random command sequences (valid and invalid, by every role)."""

from __future__ import annotations

import pytest
from hypothesis import given

import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.serialization import make_converter
from strategies import Run, cycle_runs

CONVERTER = make_converter()


@given(cycle_runs())
def test_replay_of_the_history_equals_the_cycle(run: Run) -> None:
    assert pc.Cycle.replay(run.cycle.events) == run.cycle
    for step in run.steps:
        if step.after is not None:
            assert pc.Cycle.replay(step.after.events) == step.after


@given(cycle_runs())
def test_cycle_and_events_round_trip_through_json_ready_data(run: Run) -> None:
    data = CONVERTER.unstructure(run.cycle)
    assert CONVERTER.structure(data, pc.Cycle) == run.cycle
    for event in run.cycle.events:
        assert CONVERTER.structure(CONVERTER.unstructure(event), pc.Event) == event


@given(cycle_runs(max_steps=30))
def test_a_rejected_command_changes_nothing(run: Run) -> None:
    for step in run.steps:
        if step.error is None:
            continue
        snapshot = CONVERTER.unstructure(step.before)
        events = step.before.events
        with pytest.raises(type(step.error)):
            step.before.execute(step.command, by=step.actor, at=step.at)
        assert step.before.events is events
        assert CONVERTER.unstructure(step.before) == snapshot


@given(cycle_runs())
def test_each_accepted_command_appends_one_attributable_event(run: Run) -> None:
    for step in run.steps:
        if step.after is None:
            continue
        assert step.after.events[:-1] == step.before.events
        event = step.after.events[-1]
        assert event.sequence == len(step.before.events)
        assert event.actor == step.actor
        assert event.at == step.at
        assert event.reason == step.command.reason
        assert event.cycle_id == step.before.id


@given(cycle_runs())
def test_phases_only_move_forward_except_cancel(run: Run) -> None:
    for step in run.steps:
        if step.after is None:
            continue
        before, after = step.before.phase, step.after.phase
        if after is pc.Phase.CANCELLED:
            assert isinstance(step.command, c.Cancel)
            assert before.is_open
        elif after is not before:
            assert after is pc.cycle.NEXT_PHASE[before]
            assert isinstance(step.command, c.AdvancePhase | c.Close)


@given(cycle_runs())
def test_phase_table_and_permission_table_are_respected(run: Run) -> None:
    for step in run.steps:
        allowed_here = step.before.phase in c.COMMAND_PHASES[step.command.NAME]
        if not allowed_here:
            assert isinstance(step.error, pc.TransitionError)
            continue
        denial = step.before.policy.denial(
            step.command.NAME, step.actor, step.before.employee_id, step.before.manager_id
        )
        if denial is not None:
            assert isinstance(step.error, pc.PermissionDenied)
            assert str(step.error) == denial


@given(cycle_runs())
def test_guards_are_respected(run: Run) -> None:
    for step in run.steps:
        if (
            not isinstance(step.command, c.AdvancePhase | c.Close)
            or step.before.phase not in (c.COMMAND_PHASES[step.command.NAME])
        ):
            continue
        if step.error is not None and not isinstance(step.error, pc.GuardError):
            continue
        blockers = step.before.blockers(at=step.at)
        if blockers:
            assert isinstance(step.error, pc.GuardError)
            assert step.error.blockers == blockers
        else:
            assert step.after is not None


@given(cycle_runs())
def test_closed_and_cancelled_cycles_refuse_every_command(run: Run) -> None:
    for step in run.steps:
        if not step.before.phase.is_open:
            assert isinstance(step.error, pc.TransitionError)


@given(cycle_runs())
def test_state_invariants(run: Run) -> None:
    cycle = run.cycle
    goal_ids = [g.id for g in cycle.goals]
    assert len(goal_ids) == len(set(goal_ids))
    assert set(cycle.agreed_goal_ids) <= set(goal_ids)
    assert not set(cycle.agreed_goal_ids) & set(cycle.withdrawn_goal_ids)
    assert list(cycle.agreed_goal_ids) == sorted(cycle.agreed_goal_ids)
    times = [event.at for event in cycle.events]
    assert times == sorted(times)
    assert [event.sequence for event in cycle.events] == list(range(len(cycle.events)))
    cause_goals = {rc.goal_id for rc in cycle.root_causes}
    assert cause_goals <= set(goal_ids)
    if cycle.phase.rank > pc.Phase.APPRAISAL.rank and cycle.phase is not pc.Phase.CANCELLED:
        assert cycle.manager_assessment is not None
        assert cycle.feedback is not None
