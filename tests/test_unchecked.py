"""Records built without re-running validators equal the validated ones, and would pass them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore._unchecked import builder, replacer
from perfcore.cycle import events as e
from perfcore.testing.strategies import cycles


def _revalidated(record: Any) -> object:
    """``record`` built again through its validating ``__init__``."""
    cls = type(record)
    return cls(**{field.name: getattr(record, field.name) for field in attrs.fields(cls)})


@given(cycles())
def test_every_event_a_command_recorded_passes_its_validators(cycle: pc.Cycle) -> None:
    # the events of a cycle built by commands come from the unchecked builder
    for event in cycle.events:
        assert _revalidated(event) == event


@given(cycles())
def test_every_state_an_event_produced_passes_its_validators(cycle: pc.Cycle) -> None:
    assert _revalidated(cycle) == cycle
    for index in range(1, len(cycle.events) + 1):
        state = pc.Cycle.replay(cycle.events[:index])
        assert _revalidated(state) == state


@given(cycles(), st.sampled_from(["phase", "goals", "self_assessment_draft"]))
def test_replace_equals_attrs_evolve(cycle: pc.Cycle, name: str) -> None:
    value = getattr(pc.Cycle.replay(cycle.events[:1]), name)
    assert replacer(pc.Cycle)(cycle, {name: value}) == attrs.evolve(cycle, **{name: value})
    assert replacer(pc.Cycle)(cycle, {}) == cycle


def test_the_builder_fills_defaults_and_factories() -> None:
    @attrs.frozen(kw_only=True)
    class Record:
        name: str
        tags: tuple[str, ...] = ()
        seen: list[str] = attrs.field(factory=list)

    build = builder(Record)
    one, two = build(name="a"), build(name="b", tags=("x",))
    assert one == Record(name="a")
    assert two == Record(name="b", tags=("x",))
    assert one.seen is not build(name="a").seen  # a fresh value from the factory


def test_the_builder_refuses_a_class_with_a_converter() -> None:
    @attrs.frozen(kw_only=True)
    class Converted:
        count: int = attrs.field(converter=int)

    with pytest.raises(TypeError, match="converter"):
        builder(Converted)


def test_a_built_event_equals_the_validated_one() -> None:
    actor = pc.Actor(person_id="m1", role=pc.Role.MANAGER)
    at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    built = builder(e.CycleClosed)(cycle_id="c1", sequence=1, actor=actor, at=at, reason=None)
    assert built == e.CycleClosed(cycle_id="c1", sequence=1, actor=actor, at=at)
    assert type(built) is e.CycleClosed
