"""Every public record refuses a wrong call with a perfcore error that names each argument.

A missing required argument, an argument the record does not have, or a
positional argument is a :class:`perfcore.MalformedInput` listing each one by
path (``Goal.id: is required``), never Python's bare ``TypeError``.
"""

from __future__ import annotations

import attrs
import pytest

import perfcore as pc
from public_samples import public_classes

CLASSES = sorted(public_classes().items(), key=lambda item: item[1])


def _required(cls: type) -> list[str]:
    return [f.alias for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING]


@pytest.mark.parametrize(("cls", "name"), CLASSES, ids=[name for _, name in CLASSES])
def test_a_call_without_its_required_arguments_names_each_of_them(cls: type, name: str) -> None:
    required = _required(cls)
    if not required:
        return
    with pytest.raises(pc.MalformedInput) as info:
        cls()
    assert info.value.paths == tuple(f"{cls.__name__}.{alias}" for alias in required), name
    assert {p.code for p in info.value.problems} == {"required"}


@pytest.mark.parametrize(("cls", "name"), CLASSES, ids=[name for _, name in CLASSES])
def test_an_unknown_argument_is_named(cls: type, name: str) -> None:
    with pytest.raises(pc.MalformedInput) as info:
        cls(no_such_field=1)
    assert f"{cls.__name__}.no_such_field" in info.value.paths, name


def test_positional_arguments_are_refused() -> None:
    with pytest.raises(pc.MalformedInput) as info:
        pc.Goal("g1", title="Grow")  # type: ignore[call-arg]
    assert info.value.paths == ("Goal", "Goal.id")
