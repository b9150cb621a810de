"""The ground-level strategies module: one registry mechanism, one entry-point group per family."""

from __future__ import annotations

import importlib.metadata
from typing import Any

import pytest

import perfcore as pc
from perfcore import analytics, competency, improvement, oversight, scoring
from perfcore.strategies import Registry

FAMILIES: dict[str, Any] = {
    "perfcore.scoring": scoring,
    "perfcore.competency": competency,
    "perfcore.improvement": improvement,
    "perfcore.oversight": oversight,
    "perfcore.analytics": analytics,
}


@pytest.mark.parametrize("group", list(FAMILIES))
def test_each_family_has_its_own_entry_point_group(group: str) -> None:
    family = FAMILIES[group]
    assert group == family.ENTRY_POINT_GROUP
    registry = family.POTENTIAL_REGISTRY if family is analytics else family.DEFAULT_REGISTRY
    assert registry.group == group
    assert registry.register("acme_thing", lambda params: params).group == group


@pytest.mark.parametrize("group", list(FAMILIES))
def test_a_family_reads_only_its_own_group(group: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def entry_points(*, group: str) -> tuple[importlib.metadata.EntryPoint, ...]:
        asked.append(group)
        return ()

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    family = FAMILIES[group]
    registry = family.POTENTIAL_REGISTRY if family is analytics else family.DEFAULT_REGISTRY
    assert registry.with_entry_points() == registry
    assert asked == [group]


def test_a_registry_of_no_family_needs_the_group_named() -> None:
    with pytest.raises(pc.ValidationError) as refused:
        Registry.empty().with_entry_points()
    assert refused.value.paths == ("group",)


@pytest.mark.parametrize("bad", ["", "acme scoring", "acme..scoring", 7, ".acme"])
def test_a_group_is_a_dotted_name(bad: object) -> None:
    with pytest.raises(pc.ValidationError) as refused:
        Registry.empty(bad)  # type: ignore[arg-type]
    assert refused.value.paths == ("Registry.group",)
