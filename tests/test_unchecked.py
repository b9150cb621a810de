"""Records built without re-running validators equal the validated ones, and would pass them."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any, TypeGuard

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore import _validators as v
from perfcore._unchecked import build_columns, builder, fill_once, guarded, later, replacer
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


# --- guarded builders: the validators' quick forms decide ---------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Scored:
    """Stands in for a result record: the builders read its fields and validators."""

    key: str = attrs.field(validator=v.text(max_length=4))
    name: str = attrs.field(validator=v.identifier())
    value: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    items: tuple[int, ...] = attrs.field(default=(), validator=v.tuple_of(int))


GUARDED = guarded(Scored, trusted=("items",))


@given(
    st.one_of(st.text(max_size=6), st.integers()),
    st.sampled_from(["yes_no", "Yes", "", "a b"]),
    st.one_of(st.none(), st.floats(), st.integers(), st.booleans()),
)
def test_a_guarded_build_equals_the_validated_one_or_reports_the_same(
    key: object, name: str, value: object
) -> None:
    try:
        expected = Scored(key=key, name=name, value=value)  # type: ignore[arg-type]
    except pc.ValidationError as refused:
        problems = refused.problems
    else:
        made = GUARDED(key=key, name=name, value=value)
        assert made == expected
        assert repr(made) == repr(expected)
        return
    with pytest.raises(pc.ValidationError) as raised:
        GUARDED(key=key, name=name, value=value)
    assert raised.value.problems == problems


def test_a_guarded_builder_needs_a_quick_form_or_trust_for_every_field() -> None:
    with pytest.raises(TypeError, match=r"Scored\.items's validator has no quick form"):
        guarded(Scored)
    with pytest.raises(TypeError, match="no field"):
        guarded(Scored, trusted=("nope",))


def test_columns_build_the_same_records_as_the_constructor() -> None:
    made = build_columns(
        Scored,
        2,
        {"key": ["a", "b"], "name": ["x", "y"], "value": [1.0, None], "items": [(), (1,)]},
    )
    assert made == [
        Scored(key="a", name="x", value=1.0),
        Scored(key="b", name="y", value=None, items=(1,)),
    ]
    with pytest.raises(TypeError, match="every field of Scored"):
        build_columns(Scored, 1, {"key": ["a"]})


def test_a_record_built_later_equals_the_constructor_once_its_field_is_filled() -> None:
    made = later(Scored, "value", ())(key="a", name="x", items=(1,))
    with pytest.raises(AttributeError):
        _ = made.value  # the slot is empty until filled
    fill_once(made, "value", 2.0)
    assert made == Scored(key="a", name="x", value=2.0, items=(1,))
    with pytest.raises(TypeError, match="no field 'nope'"):
        later(Scored, "nope", ())


ONE_WAY = {"_unchecked.py", "_generated.py", "_validators.py", "_frozen.py"}
"""The modules allowed to set slots by hand: the one way to build without validating."""


def _sets_slots_by_hand(node: ast.AST) -> TypeGuard[ast.Attribute]:
    """``object.__setattr__`` or a descriptor's ``__set__``: filling a record by hand."""
    if not isinstance(node, ast.Attribute):
        return False
    by_object = isinstance(node.value, ast.Name) and node.value.id == "object"
    return (by_object and node.attr == "__setattr__") or node.attr == "__set__"


def test_no_other_module_builds_records_by_hand() -> None:
    root = Path(pc.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        if path.name not in ONE_WAY
        for node in ast.walk(ast.parse(path.read_text()))
        if _sets_slots_by_hand(node)
    ]
    assert offenders == []


def test_a_class_with_a_dict_is_built_and_replaced_through_setattr() -> None:
    # slots are set through their own setters; a class without slots keeps object.__setattr__
    @attrs.frozen(kw_only=True, slots=False)
    class Plain:
        name: str
        count: int = 0

    build, replace = builder(Plain), replacer(Plain)
    assert build(name="a") == Plain(name="a")
    assert replace(build(name="a", count=2), {"name": "b"}) == Plain(name="b", count=2)
    slotted = replacer(pc.Actor)(pc.Actor(person_id="p1", role=pc.Role.EMPLOYEE), {})
    assert slotted == pc.Actor(person_id="p1", role=pc.Role.EMPLOYEE)
