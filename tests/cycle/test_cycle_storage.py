"""Storing a cycle as events: its version, the events since one, a snapshot plus a tail.

An app stores a cycle's events under ``(cycle id, version)``; it loads a saved
cycle and applies the events recorded since (``Cycle.apply``), with exactly the
checks a whole replay makes; and it passes the version it read back with each
command (``expected_version``), so a concurrent writer gets a ``VersionConflict``
and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import inspect
import pickle
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.testing.strategies import cycles
from strategies import ALL_ACTORS, EMPLOYEE, HR, MANAGER

# --- version and events_since -------------------------------------------------------------


def test_a_started_cycle_is_version_1_and_each_event_adds_one() -> None:
    started = b.started()
    assert started.version == 1
    assert started.events[-1].sequence == 0
    ready = b.goal_setting_ready()
    assert ready.version == len(ready.events) == ready.events[-1].sequence + 1
    moved = ready.advance(by=MANAGER, at=b.when(10))
    assert moved.version == ready.version + 1


def test_events_since_a_version_are_the_ones_recorded_after_it() -> None:
    ready = b.goal_setting_ready()
    moved = ready.advance(by=MANAGER, at=b.when(10))
    assert moved.events_since(ready.version) == (moved.events[-1],)
    assert moved.events_since(moved.version) == ()
    assert moved.events_since(0) == moved.events
    assert [event.sequence + 1 for event in moved.events_since(1)] == list(
        range(2, moved.version + 1)
    )


@pytest.mark.parametrize("version", [-1, 99, True, 1.0, "1", None])
def test_events_since_refuses_a_version_the_cycle_never_had(version: object) -> None:
    with pytest.raises(pc.ValidationError) as info:
        b.started().events_since(version)  # type: ignore[arg-type]
    assert info.value.paths == ("version",)
    wrong_type = isinstance(version, bool) or not isinstance(version, int)
    assert info.value.codes == ("not_an_integer" if wrong_type else "out_of_range",)


@given(cycle=cycles(), data=st.data())
def test_the_cycle_at_a_version_plus_the_events_since_is_the_cycle(
    cycle: pc.Cycle, data: st.DataObject
) -> None:
    version = data.draw(st.integers(1, cycle.version), label="version")
    saved = pc.Cycle.replay(cycle.events[:version])
    assert saved.version == version
    assert saved.apply(cycle.events_since(version)) == cycle
    assert saved.apply(cycle.events_since(version)).events == cycle.events


# --- apply: a snapshot plus a tail, by the replay's own checks ----------------------------


@given(cycle=cycles(), data=st.data())
def test_resuming_a_snapshot_with_its_tail_gives_the_cycle(
    cycle: pc.Cycle, data: st.DataObject
) -> None:
    split = data.draw(st.integers(1, cycle.version), label="split")
    snapshot, tail = pc.Cycle.replay(cycle.events[:split]), cycle.events[split:]
    assert snapshot.apply(tail) == cycle
    assert snapshot.apply(list(tail), verify=False) == cycle


def _shift(event: e.Event, data: st.DataObject) -> e.Event:
    return attrs.evolve(event, at=event.at + dt.timedelta(days=data.draw(st.integers(-5, 5))))


def _reattribute(event: e.Event, data: st.DataObject) -> e.Event:
    return attrs.evolve(event, actor=data.draw(st.sampled_from(ALL_ACTORS)))


def _renumber(event: e.Event, data: st.DataObject) -> e.Event:
    return attrs.evolve(event, sequence=data.draw(st.integers(0, event.sequence + 2)))


def _reason(event: e.Event, data: st.DataObject) -> e.Event:
    return attrs.evolve(event, reason=data.draw(st.sampled_from([None, "Edited later"])))


def _other_cycle(event: e.Event, data: st.DataObject) -> e.Event:
    return attrs.evolve(event, cycle_id=data.draw(st.sampled_from([event.cycle_id, "c-other"])))


EDITS: dict[str, Callable[[e.Event, st.DataObject], e.Event]] = {
    "shift": _shift,
    "reattribute": _reattribute,
    "renumber": _renumber,
    "reason": _reason,
    "other_cycle": _other_cycle,
}


def _outcome(load: Callable[[], pc.Cycle]) -> pc.Cycle | tuple[pc.Problem, ...]:
    try:
        return load()
    except pc.ValidationError as refused:
        return refused.problems


@given(
    cycle=cycles(),
    edit=st.sampled_from(sorted(EDITS)),
    drop=st.booleans(),
    data=st.data(),
)
def test_an_edited_tail_is_refused_exactly_like_the_edited_history(
    cycle: pc.Cycle, edit: str, drop: bool, data: st.DataObject
) -> None:
    if cycle.version < 2:
        cycle = b.goal_setting_ready()
    split = data.draw(st.integers(1, cycle.version - 1), label="split")
    events = list(cycle.events)
    where = data.draw(st.integers(split, len(events) - 1), label="where")
    if drop:
        del events[where]
    else:
        try:
            events[where] = EDITS[edit](events[where], data)
        except pc.ValidationError:  # the edit is not even an event
            return
    snapshot = pc.Cycle.replay(events[:split])
    whole = _outcome(lambda: pc.Cycle.replay(events))
    resumed = _outcome(lambda: snapshot.apply(events[split:]))
    assert resumed == whole
    trusted = _outcome(lambda: pc.Cycle.replay(events, verify=False))
    assert _outcome(lambda: snapshot.apply(events[split:], verify=False)) == trusted


def _before_agreement() -> tuple[pc.Cycle, pc.Cycle]:
    """The builders' cycle just before the employee agrees its goals, and just after."""
    agreed = b.goal_setting_ready()
    where = next(i for i, ev in enumerate(agreed.events) if isinstance(ev, e.GoalsAgreed))
    return pc.Cycle.replay(agreed.events[:where]), pc.Cycle.replay(agreed.events[: where + 1])


def test_a_refused_tail_names_the_event_at_its_place_in_the_whole_history() -> None:
    ready, agreed = _before_agreement()
    forged = attrs.evolve(agreed.events[-1], actor=MANAGER)
    with pytest.raises(pc.ValidationError) as info:
        ready.apply([forged])
    assert info.value.paths == (f"events[{ready.version}]",)
    assert "not permitted to this actor" in str(info.value)
    with pytest.raises(pc.ValidationError) as whole:
        pc.Cycle.replay([*ready.events, forged])
    assert whole.value.problems == info.value.problems


def test_a_tail_does_not_restart_the_cycle_nor_carry_what_is_no_event() -> None:
    started = b.started()
    with pytest.raises(pc.ValidationError, match="a cycle starts only once"):
        started.apply([attrs.evolve(started.events[0], sequence=1)])
    with pytest.raises(pc.ValidationError) as info:
        started.apply([started.events[0].actor])  # type: ignore[list-item]
    assert info.value.paths == ("events[1]",)
    for not_a_sequence in (None, "events", started.events[0]):
        with pytest.raises(pc.ValidationError) as info:
            started.apply(not_a_sequence)  # type: ignore[arg-type]
        assert info.value.paths == ("events",)


def test_an_empty_tail_gives_the_cycle_back() -> None:
    ready = b.goal_setting_ready()
    assert ready.apply(()) is ready


def test_a_tail_is_checked_under_the_cycles_own_policy() -> None:
    ready, agreed = _before_agreement()
    table = dict(pc.DEFAULT_PERMISSIONS)
    table["agree_goals"] = frozenset({pc.Role.MANAGER})
    strict = pc.Policy(permissions=table)
    with pytest.raises(pc.ValidationError, match="may not agree_goals"):
        ready.with_policy(strict).apply(agreed.events_since(ready.version))
    resumed = ready.with_policy(strict).apply(agreed.events_since(ready.version), verify=False)
    assert resumed == agreed
    assert resumed.policy == strict


def test_applying_decides_the_tail_only() -> None:
    """The saved part is not replayed again: only the tail's commands are decided."""
    cycle = b.closed()
    calls: list[str] = []
    original = pc.Cycle._decided

    def counting(self: pc.Cycle, command: c.Command, *args: object) -> tuple[e.Event, ...]:
        calls.append(command.NAME)
        return original(self, command, *args)  # type: ignore[arg-type]

    snapshot = pc.Cycle.replay(cycle.events[:-2])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pc.Cycle, "_decided", counting)
        assert snapshot.apply(cycle.events[-2:]) == cycle
        assert len(calls) == 2
        calls.clear()
        assert pc.Cycle.replay(cycle.events) == cycle
        assert len(calls) == cycle.version - 1


# --- optimistic concurrency -----------------------------------------------------------------


def test_a_command_at_the_expected_version_is_applied() -> None:
    ready = b.goal_setting_ready()
    moved = ready.execute(
        c.AdvancePhase(), by=MANAGER, at=b.when(10), expected_version=ready.version
    )
    assert moved == ready.advance(by=MANAGER, at=b.when(10))
    assert moved == ready.advance(by=MANAGER, at=b.when(10), expected_version=ready.version)


def test_a_command_at_another_version_conflicts_and_changes_nothing() -> None:
    ready = b.goal_setting_ready()
    read_at = ready.version - 1
    with pytest.raises(pc.VersionConflict) as info:
        ready.advance(by=MANAGER, at=b.when(10), expected_version=read_at)
    assert (info.value.expected, info.value.actual) == (read_at, ready.version)
    assert isinstance(info.value, pc.PerfcoreError)
    assert isinstance(info.value, ValueError)
    assert (
        str(info.value)
        == f"expected version {read_at}, but the cycle is at version {ready.version}"
    )
    assert ready == b.goal_setting_ready()
    assert info.value.to_problem() == {
        "type": "/problems/version-conflict",
        "title": "The record changed since it was read",
        "status": 409,
        "detail": str(info.value),
        "expected_version": read_at,
        "actual_version": ready.version,
    }
    copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own error
    assert (type(copy), copy.expected, copy.actual, str(copy)) == (
        pc.VersionConflict,
        read_at,
        ready.version,
        str(info.value),
    )


def test_the_version_is_checked_before_the_command_itself() -> None:
    """A stale writer learns the cycle moved on, not what a newer state would refuse."""
    ready = b.goal_setting_ready()
    with pytest.raises(pc.VersionConflict):
        ready.close(by=EMPLOYEE, at=b.when(10), expected_version=ready.version + 1)
    with pytest.raises(pc.TransitionError):
        ready.close(by=EMPLOYEE, at=b.when(10), expected_version=ready.version)


@pytest.mark.parametrize("expected", [True, 1.0, "3", [3]])
def test_an_expected_version_that_is_no_integer_is_refused_by_name(expected: object) -> None:
    with pytest.raises(pc.ValidationError) as info:
        b.started().cancel(reason="x", by=HR, at=b.when(1), expected_version=expected)  # type: ignore[arg-type]
    assert info.value.paths == ("expected_version",)
    assert isinstance(info.value, pc.MalformedInput)
    assert info.value.codes == ("not_an_integer",)


def test_every_named_command_method_takes_an_expected_version() -> None:
    calling = sorted(
        name
        for name, method in vars(pc.Cycle).items()
        if inspect.isfunction(method)
        and not name.startswith("_")
        and "return self.execute(" in inspect.getsource(method)
    )
    assert len(calling) == len(c.COMMANDS), calling
    assert [
        name
        for name in calling
        if "expected_version" not in inspect.signature(getattr(pc.Cycle, name)).parameters
    ] == []


def test_two_writers_of_one_version_one_conflicts() -> None:
    stored = b.goal_setting_ready()
    first = stored.advance(by=MANAGER, at=b.when(10), expected_version=stored.version)
    # the store now holds ``first``; the second writer still holds ``stored``
    with pytest.raises(pc.VersionConflict):
        first.withdraw_goal(
            "g3", reason="Dropped", by=MANAGER, at=b.when(10), expected_version=stored.version
        )
    retried = first.withdraw_goal(
        "g3", reason="Dropped", by=MANAGER, at=b.when(10), expected_version=first.version
    )
    assert retried.version == stored.version + 2


# --- starting through a command -------------------------------------------------------------


def test_starting_goes_through_its_own_command() -> None:
    command = c.StartCycle(
        cycle_id="c-9", employee_id="e9", manager_id="m9", period=b.PERIOD, reason="Annual"
    )
    begun = pc.Cycle.begin(command, by=HR, at=b.T0)
    assert begun == pc.Cycle.start(
        cycle_id="c-9",
        employee_id="e9",
        manager_id="m9",
        period=b.PERIOD,
        by=HR,
        at=b.T0,
        reason="Annual",
    )
    assert begun.version == 1
    assert c.StartCycle.NAME == c.START_CYCLE
    assert c.START_CYCLE not in c.COMMAND_BY_NAME  # no phase and no cycle before it: no row


def test_starting_by_command_runs_the_starts_checks() -> None:
    with pytest.raises(pc.ValidationError) as info:
        c.StartCycle(
            cycle_id="", employee_id="e9", manager_id="m9", period=b.PERIOD, check_in_every_days=0
        )
    assert set(info.value.paths) == {"StartCycle.cycle_id", "StartCycle.check_in_every_days"}
    same = c.StartCycle(cycle_id="c-9", employee_id="e9", manager_id="e9", period=b.PERIOD)
    with pytest.raises(pc.ValidationError, match="other than the employee"):
        pc.Cycle.begin(same, by=HR, at=b.T0)
    ok = attrs.evolve(same, manager_id="m9")
    with pytest.raises(pc.PermissionDenied):
        pc.Cycle.begin(ok, by=EMPLOYEE, at=b.T0)
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.begin(c.AdvancePhase(), by=HR, at=b.T0)  # type: ignore[arg-type]
    assert info.value.paths == ("command",)
    assert isinstance(info.value, pc.MalformedInput)
    assert info.value.codes == ("wrong_type",)


# --- events by their stable names -------------------------------------------------------------


def test_every_event_has_one_stable_name_the_converter_writes() -> None:
    from perfcore.serialization import make_converter  # noqa: PLC0415 - a layer above

    assert len(e.EVENT_BY_NAME) == len(e.EVENT_TYPES)
    assert set(e.EVENT_BY_NAME.values()) == set(e.EVENT_TYPES)
    converter = make_converter()
    for event in b.closed().events:
        name = converter.unstructure(event, e.Event)["type"]
        assert e.EVENT_BY_NAME[name] is type(event)
    assert pc.cycle.EVENT_BY_NAME is e.EVENT_BY_NAME
