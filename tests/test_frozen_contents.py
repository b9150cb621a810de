"""Frozen records hold immutable contents: read-only mappings, tuples, frozensets.

A frozen attrs class only stops its fields being rebound; a dict or list in a
field could still be changed in place, changing a record that was validated.
"""

from __future__ import annotations

import contextlib
import re
import types
import typing
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings

import perfcore as pc
from perfcore._frozen import FrozenMap, freeze, thaw
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.oversight import Finding, Severity
from perfcore.scoring import StrategyConfig, YesNo
from public_samples import public_classes, samples

MUTABLE = (dict, list, set, bytearray, types.MappingProxyType)
"""Containers a frozen record may not hold (a mappingproxy is read-only but cannot be pickled)."""


def mutable_parts(value: object, path: str, depth: int = 0) -> Iterator[str]:
    """The path of every mutable container inside ``value``."""
    if isinstance(value, MUTABLE):
        yield f"{path}: {type(value).__name__}"
        return
    if depth > 12:
        return
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from mutable_parts(getattr(value, field.name), f"{path}.{field.name}", depth + 1)
    elif isinstance(value, tuple | frozenset):
        for index, item in enumerate(value):
            yield from mutable_parts(item, f"{path}[{index}]", depth + 1)
    elif isinstance(value, FrozenMap):
        for key, item in value.items():
            yield from mutable_parts(item, f"{path}[{key!r}]", depth + 1)


@settings(
    max_examples=5,
    phases=[Phase.generate],  # examples this large are not worth shrinking
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(roots=samples())
def test_no_public_record_holds_a_mutable_container(roots: list[object]) -> None:
    found = [part for root in roots for part in mutable_parts(root, type(root).__name__)]
    assert found == []


_MUTABLE_NAME = re.compile(r"\b(dict|list|set|MappingProxyType|Dict|List|Set)\b")


def _mutable_in(annotation: object) -> list[str]:
    if isinstance(annotation, str):  # a forward reference that does not resolve
        return _MUTABLE_NAME.findall(annotation)
    origin = typing.get_origin(annotation) or annotation
    found = [getattr(origin, "__name__", str(origin))] if origin in MUTABLE else []
    for arg in typing.get_args(annotation):
        found.extend(_mutable_in(arg))
    return found


PUBLIC = sorted(public_classes().items(), key=lambda item: item[1])


@pytest.mark.parametrize(("cls", "name"), PUBLIC, ids=[name for _, name in PUBLIC])
def test_no_public_record_declares_a_mutable_field(cls: type, name: str) -> None:
    """The declared types of every public class, including those no sample reaches."""
    with contextlib.suppress(NameError):  # a name only imported for type checking
        attrs.resolve_types(cls)
    declared = {
        field.name: _mutable_in(field.type) for field in attrs.fields(cls) if field.type is not None
    }
    assert {field: kinds for field, kinds in declared.items() if kinds} == {}, name


def test_a_validated_config_cannot_be_changed() -> None:
    config = ScoringConfig()
    with pytest.raises(TypeError):
        config.goal_scorers["numeric"] = YesNo()  # type: ignore[index]
    assert config == ScoringConfig()


def test_a_findings_evidence_cannot_be_changed() -> None:
    finding = Finding(code="x", severity=Severity.INFO, message="m", evidence={"b": 1, "a": 2})
    with pytest.raises(TypeError):
        finding.evidence["total"] = 99  # type: ignore[index]
    assert list(finding.evidence) == ["a", "b"]
    assert finding.as_record()["evidence.a"] == 2


def test_a_policys_table_cannot_be_changed() -> None:
    policy = pc.Policy(permissions=dict(pc.DEFAULT_PERMISSIONS))
    with pytest.raises(TypeError):
        policy.permissions["agree_goals"] = frozenset({pc.Role.MANAGER})  # type: ignore[index]
    assert policy == pc.DEFAULT_POLICY


def test_strategy_params_are_frozen_deeply_and_read_back_as_plain_data() -> None:
    data = {"strategy": "x", "params": {"weights": [1, 2], "by": {"a": [3]}}}
    config = StrategyConfig.from_data(data)
    assert config.params == FrozenMap({"weights": (1, 2), "by": FrozenMap({"a": (3,)})})
    assert config.to_data() == data
    params = config.to_data()["params"]
    assert isinstance(params, dict)
    assert type(params["weights"]) is list


def test_the_registry_cannot_be_changed_from_outside() -> None:
    factories = DEFAULT_REGISTRY._factories
    with pytest.raises(TypeError):
        factories["mine"] = YesNo  # type: ignore[index]


def test_freeze_and_thaw() -> None:
    frozen = freeze({"a": [1, {"b": {2, 3}}], "c": (4,)})
    assert frozen == FrozenMap({"a": (1, FrozenMap({"b": frozenset({2, 3})})), "c": (4,)})
    assert hash(FrozenMap({"a": (1,)})) == hash(FrozenMap({"a": (1,)}))
    assert thaw(FrozenMap({"a": (1, FrozenMap({"b": 2}))})) == {"a": [1, {"b": 2}]}
    same = (1, "x")
    assert freeze(same) is same
