"""Which kind of ValidationError a cycle raises where, and every refusal as problem details.

A command that cannot be built is :class:`MalformedInput`; a well-formed one
whose content does not fit the cycle is :class:`ContentConflict`; one dated
before the last event is :class:`OutOfOrder`. A history refused on replay
keeps the kind its command was refused with.
"""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given

import builders as b
import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.errors import PROBLEM_CODES
from strategies import HR, MANAGER, STRANGER_EMPLOYEE, Run, cycle_runs


def _documented(error: pc.PerfcoreError) -> dict[str, object]:
    details: dict[str, object] = json.loads(json.dumps(error.to_problem(), allow_nan=False))
    for problem in getattr(error, "problems", ()):
        assert problem.code in PROBLEM_CODES, problem
        assert set(problem.params) <= set(PROBLEM_CODES[problem.code].params), problem
    return details


# --- malformed input: a command or record that cannot be built ----------------------


def test_a_command_that_cannot_be_built_is_malformed_input() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        c.ProposeGoal(goal="g1")  # type: ignore[arg-type]
    assert raised.value.paths == ("ProposeGoal.goal",)
    assert raised.value.codes == ("wrong_type",)
    assert _documented(raised.value)["status"] == 422


def test_a_goal_that_cannot_be_built_is_malformed_input_with_every_code() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        b.sales_goal(title="", weight=120)
    assert raised.value.codes == ("empty", "too_large")
    assert raised.value.problems[1].params == {"maximum": 100, "actual": 120}


@pytest.mark.parametrize(
    ("by", "at", "path", "code"),
    [
        ("mgr", b.when(1), "by", "wrong_type"),
        (MANAGER, b.when(1).replace(tzinfo=None), "at", "not_timezone_aware"),
        (MANAGER, "2026-01-06", "at", "not_a_datetime"),
    ],
)
def test_a_wrong_actor_or_moment_is_malformed_input(
    by: object, at: object, path: str, code: str
) -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        b.started().propose_goal(b.sales_goal(), by=by, at=at)  # type: ignore[arg-type]
    assert (raised.value.paths, raised.value.codes) == ((path,), (code,))


def test_something_that_is_no_command_is_malformed_input() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        b.started().execute("propose_goal", by=MANAGER, at=b.when(1))  # type: ignore[arg-type]
    assert raised.value.codes == ("wrong_type",)


# --- content conflict: a well-formed command the cycle refuses ----------------------


def test_a_goal_id_the_cycle_already_has_is_a_content_conflict() -> None:
    cycle = b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1))
    with pytest.raises(pc.ContentConflict) as raised:
        cycle.propose_goal(b.sales_goal(title="Again"), by=MANAGER, at=b.when(2))
    assert raised.value.paths == ("ProposeGoal.goal.id",)
    details = _documented(raised.value)
    assert (details["type"], details["status"]) == ("/problems/content-conflict", 409)


def test_a_due_date_outside_the_period_is_a_content_conflict() -> None:
    goal = b.sales_goal(due=dt.date(2027, 3, 1))
    with pytest.raises(pc.ContentConflict) as raised:
        b.started().propose_goal(goal, by=MANAGER, at=b.when(1))
    assert raised.value.paths == ("ProposeGoal.goal.due",)


def test_waiving_an_unknown_condition_is_a_content_conflict() -> None:
    with pytest.raises(pc.ContentConflict) as raised:
        b.started().waive("no_such_condition", reason="x", by=HR, at=b.when(1))
    assert raised.value.paths == ("WaiveCondition.code",)


# --- out of order: a moment earlier than the last event -----------------------------


def test_a_command_earlier_than_the_last_event_is_out_of_order() -> None:
    cycle = b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(3))
    with pytest.raises(pc.OutOfOrder) as raised:
        cycle.propose_goal(b.quality_goal(), by=MANAGER, at=b.when(2))
    (problem,) = raised.value.problems
    assert (problem.path, problem.code) == ("at", "out_of_order")
    assert problem.params == {"last": b.when(3).isoformat()}
    details = _documented(raised.value)
    assert (details["type"], details["status"]) == ("/problems/out-of-order", 409)


def test_the_next_cycle_earlier_than_the_closing_is_out_of_order() -> None:
    closed = b.closed()
    with pytest.raises(pc.OutOfOrder) as raised:
        closed.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.T0)
    assert raised.value.codes == ("out_of_order",)


def test_a_history_with_an_event_out_of_order_is_refused_as_out_of_order() -> None:
    cycle = b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(3))
    cycle = cycle.propose_goal(b.quality_goal(), by=MANAGER, at=b.when(4))
    events = list(cycle.events)
    events[2] = attrs.evolve(events[2], at=b.when(2))
    for verify in (True, False):
        with pytest.raises(pc.OutOfOrder) as raised:
            pc.Cycle.replay(events, verify=verify)
        assert raised.value.paths == ("events[2].at",)
        assert raised.value.problems[0].params == {"last": b.when(3).isoformat()}


def test_a_history_refused_on_replay_keeps_the_kind_and_code_of_the_refusal() -> None:
    cycle = b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1))
    again = attrs.evolve(cycle.events[1], sequence=2)
    with pytest.raises(pc.ContentConflict) as raised:
        pc.Cycle.replay([*cycle.events, again])
    assert raised.value.paths == ("events[2].goal.id",)


# --- structured actors --------------------------------------------------------------


def test_a_permission_denial_carries_the_actor_itself() -> None:
    with pytest.raises(pc.PermissionDenied) as raised:
        b.started().propose_goal(b.sales_goal(), by=STRANGER_EMPLOYEE, at=b.when(1))
    assert raised.value.actor == STRANGER_EMPLOYEE
    assert str(raised.value) == "'other-emp' is not this cycle's employee ('emp')"
    actor = {"person_id": "other-emp", "role": "employee"}
    assert _documented(raised.value)["actor"] == actor


# --- every refusal of random runs reads as documented problem details ---------------


@given(cycle_runs(max_steps=30))
def test_every_refusal_in_random_runs_is_documented_problem_details(run: Run) -> None:
    for step in run.steps:
        if step.error is None:
            continue
        details = _documented(step.error)
        assert details["status"] in {403, 409, 422}
        if isinstance(step.error, pc.ValidationError):
            assert isinstance(step.error, pc.ContentConflict | pc.OutOfOrder | pc.MalformedInput)
