"""Generated code can be read: linecache entries, inspect.getsource, tracebacks that show it."""

from __future__ import annotations

import inspect
import linecache
import traceback
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import perfcore as pc
from perfcore._generated import define, filename
from perfcore._serialization_fast import FastStructurer
from perfcore._unchecked import builder, replacer
from perfcore.serialization import make_converter


def fast_structurer() -> FastStructurer:
    fast = make_converter()._perfcore_fast
    assert fast is not None
    return fast


def record_class(*names: str) -> type:
    """A frozen attrs class called ``Record`` with string fields ``names``: same name each time."""
    fields = {name: attrs.field(type=str) for name in names}
    return attrs.make_class("Record", fields, frozen=True, kw_only=True)


def traceback_text(call: Callable[[], object]) -> str:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - any error, for its traceback
        call()
    return "".join(traceback.format_exception(caught.value))


def assert_readable(fn: Callable[..., Any], kind: str, cls: type) -> str:
    """``fn`` was compiled from a source in linecache, under the stable name for ``cls``."""
    file = fn.__code__.co_filename
    assert file == filename(kind, cls)
    assert file in linecache.cache
    source = inspect.getsource(fn)
    assert "".join(linecache.getlines(file)) == source
    return source


def test_the_unchecked_builder_and_replacer_can_be_read() -> None:
    build = builder(pc.Actor)
    source = assert_readable(build, "build", pc.Actor)
    assert source.startswith("def build(*, person_id, role):")
    replace = replacer(pc.Actor)
    assert "_set_person_id(new, record.person_id)" in assert_readable(replace, "replace", pc.Actor)


def test_a_traceback_shows_the_generated_line() -> None:
    replace = replacer(pc.Actor)
    actor = pc.Actor(person_id="p1", role=pc.Role.EMPLOYEE)
    text = traceback_text(lambda: replace(actor, {"no_such_field": 1}))
    assert '"<perfcore generated replace perfcore.people.Actor>", line 6, in replace' in text
    assert "_set(new, name, value)" in text  # the line itself, read from linecache


def test_the_fast_structure_functions_can_be_read_and_show_in_tracebacks() -> None:
    structure = fast_structurer().compile(pc.Actor)
    assert "raise slow" in assert_readable(structure, "structure", pc.Actor)
    text = traceback_text(lambda: structure({"person_id": 7, "role": "employee"}))
    assert "<perfcore generated structure perfcore.people.Actor>" in text
    assert "raise slow" in text


def test_names_are_stable_and_each_source_keeps_its_own() -> None:
    assert builder(pc.Actor).__code__.co_filename == builder(pc.Actor).__code__.co_filename
    one, two = record_class("a"), record_class("a", "b")
    assert (one.__module__, one.__qualname__) == (two.__module__, two.__qualname__)
    build_one: Callable[..., Any] = builder(one)
    build_two: Callable[..., Any] = builder(two)
    assert build_one.__code__.co_filename != build_two.__code__.co_filename
    assert inspect.getsource(build_one).startswith("def build(*, a):")
    assert inspect.getsource(build_two).startswith("def build(*, a, b):")
    assert build_two(a="x", b="y") == two(a="x", b="y")


def test_define_numbers_a_taken_name_and_reuses_it_for_the_same_source() -> None:
    file = "<perfcore generated check tests.Numbered>"
    first = define("def f():\n    return 1\n", "f", file, {})
    again = define("def f():\n    return 1\n", "f", file, {})
    other = define("def f():\n    return 2\n", "f", file, {})
    assert first.__code__.co_filename == again.__code__.co_filename == file
    assert other.__code__.co_filename == "<perfcore generated check tests.Numbered-1>"
    assert (first(), other()) == (1, 2)
    assert inspect.getsource(other) == "def f():\n    return 2\n"
