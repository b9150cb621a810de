"""Every command is declared in one row of COMMANDS and has every part it needs.

A command's row (commands.COMMANDS) declares its event, phases and default
roles; the rest is code in its own place. These tests fail, naming the command,
when a new command lacks any part: its handler (_decide), its event's evolve
step (_evolve), the replay rule that rebuilds it from its event (_rebuild), the
visibility part of its event, the stateful machine's way to issue it
(perfcore.testing.stateful), and a strategy behind ``st.from_type`` (which the
feedback request's events have too).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.cycle import _decide, _evolve, _rebuild
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES
from perfcore.serialization import make_converter
from perfcore.testing import stateful
from perfcore.visibility import EVENT_PARTS


def _all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def _public(types: set[type]) -> set[type]:
    return {t for t in types if not t.__name__.startswith("_")}


def test_every_command_class_has_one_row() -> None:
    rows = [row.command for row in c.COMMANDS]
    assert len(rows) == len(set(rows))
    assert set(rows) == _public(_all_subclasses(c.Command))


def test_every_event_but_the_start_is_recorded_by_one_command() -> None:
    events = [row.event for row in c.COMMANDS]
    assert len(events) == len(set(events))
    assert set(events) == set(e.EVENT_TYPES) - {e.CycleStarted}
    assert set(e.EVENT_TYPES) == _public(_all_subclasses(e.Event))


def test_the_tables_are_read_off_the_rows() -> None:
    assert tuple(row.command for row in c.COMMANDS) == c.COMMAND_TYPES
    assert dict(c.COMMAND_PHASES) == {row.command.NAME: row.phases for row in c.COMMANDS}
    assert dict(pc.DEFAULT_PERMISSIONS) == {
        c.START_CYCLE: c.START_CYCLE_ROLES,
        **{row.command.NAME: row.roles for row in c.COMMANDS},
    }
    assert {name: cls.NAME for name, cls in c.COMMAND_BY_NAME.items()} == {
        row.command.NAME: row.command.NAME for row in c.COMMANDS
    }


def test_every_command_has_a_handler() -> None:
    missing = [row.command.__name__ for row in c.COMMANDS if row.command not in _decide._HANDLERS]
    assert missing == []


def _cased_events(module: object) -> set[str]:
    """The event class names a module's ``match`` statements have a ``case e.Name(...)`` for."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    return {
        node.cls.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.MatchClass) and isinstance(node.cls, ast.Attribute)
    }


def test_every_event_has_an_evolve_step() -> None:
    cased = _cased_events(_evolve)
    missing = [row.event.__name__ for row in c.COMMANDS if row.event.__name__ not in cased]
    assert missing == []


def test_every_event_rebuilds_the_command_of_its_row() -> None:
    rules = _rebuild.COMMAND_OF
    missing = [row.event.__name__ for row in c.COMMANDS if row.event not in rules]
    assert missing == []
    source = inspect.getsource(_rebuild)
    for row in c.COMMANDS:
        assert f"e.{row.event.__name__}: lambda ev: c.{row.command.__name__}(" in source, row


def test_every_event_has_a_visibility_part() -> None:
    missing = [t.__name__ for t in e.EVENT_TYPES if t not in EVENT_PARTS]
    assert missing == []


def _issued(module: object) -> set[str]:
    """The command class names a module builds as ``c.Name(...)``."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text())  # type: ignore[arg-type]
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "c"
    }


def test_the_stateful_machine_issues_every_command() -> None:
    issued = _issued(stateful)
    missing = [row.command.__name__ for row in c.COMMANDS if row.command.__name__ not in issued]
    assert missing == []


def test_a_row_refuses_what_is_not_a_command_event_phase_or_role() -> None:
    with pytest.raises(pc.ValidationError) as refused:
        c.CommandRow(
            command=e.GoalProposed,  # type: ignore[arg-type]
            event=c.ProposeGoal,  # type: ignore[arg-type]
            phases=frozenset({"appraisal"}),  # type: ignore[arg-type]
            roles=frozenset(),
        )
    assert [p.path for p in refused.value.problems] == [
        "CommandRow.command",
        "CommandRow.event",
        "CommandRow.phases",
        "CommandRow.roles",
    ]


MESSAGES = [c.StartCycle, *c.COMMAND_TYPES, *e.EVENT_TYPES, *FEEDBACK_EVENT_TYPES]
CONVERTER = make_converter()


@pytest.mark.parametrize("cls", MESSAGES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_command_and_event_draws_valid_from_its_type(
    cls: type[attrs.AttrsInstance], data: st.DataObject
) -> None:
    drawn = data.draw(st.from_type(cls))
    assert type(drawn) is cls
    again = cls(**{field.name: getattr(drawn, field.name) for field in attrs.fields(cls)})
    assert again == drawn  # built again, so validated again
    assert CONVERTER.structure(CONVERTER.unstructure(drawn), cls) == drawn


def test_every_command_and_event_of_the_table_is_public_in_perfcore_cycle() -> None:
    for row in c.COMMANDS:
        assert getattr(pc.cycle, row.command.__name__) is row.command
        assert getattr(pc.cycle, row.event.__name__) is row.event
