"""Assertions shared by the domain-object tests.

``rejects`` checks that bad input raises :class:`perfcore.ValidationError` with
exactly one problem, at the expected ``ClassName.field`` path, whose message
says what is wrong. ``check_value_object`` checks the contract every domain
object keeps: equal to a copy of itself, hashable, frozen and slotted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import perfcore as pc


def rejects(build: Callable[[], object], path: str, phrase: str) -> pc.ValidationError:
    """``build()`` fails with one problem at ``path`` whose message matches ``phrase``."""
    with pytest.raises(pc.ValidationError) as info:
        build()
    problems = info.value.problems
    assert [p.path for p in problems] == [path], problems
    assert re.search(phrase, problems[0].message), problems[0].message
    return info.value


def rejects_all(build: Callable[[], object], *paths: str) -> pc.ValidationError:
    """``build()`` fails with one problem at each of ``paths``, in that order."""
    with pytest.raises(pc.ValidationError) as info:
        build()
    assert info.value.paths == paths, info.value.problems
    return info.value


def check_value_object(obj: attrs.AttrsInstance) -> None:
    """``obj`` equals a copy built from its fields, hashes alike, and cannot be changed."""
    cls: Any = type(obj)
    copy = cls(**attrs.asdict(obj, recurse=False))
    assert copy == obj
    assert hash(copy) == hash(obj)
    assert len({obj, copy}) == 1
    assert not hasattr(obj, "__dict__")
    for field in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field.name, getattr(obj, field.name))
    assert repr(obj).startswith(f"{cls.__name__}(")
