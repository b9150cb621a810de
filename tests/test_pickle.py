"""Every public record and aggregate pickles and unpickles equal, so it can cross processes.

A cycle keeps its policy (which takes no part in a cycle's equality) through the
round trip, and a copy goes on working: it runs the same commands to the same result.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, Phase, given, settings

import builders as b
import perfcore as pc
from perfcore._frozen import FrozenMap
from perfcore.cycle import Policy
from public_samples import by_class, public_classes, samples
from strategies import MANAGER


def round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value))  # noqa: S301 - our own bytes


@settings(
    max_examples=5,
    phases=[Phase.generate],  # examples this large are not worth shrinking
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(roots=samples())
def test_every_public_record_pickles_and_unpickles_equal(roots: list[object]) -> None:
    found = by_class(roots)
    for cls, examples in found.items():
        for example in examples[:3]:
            copy = round_trip(example)
            assert type(copy) is cls
            assert copy == example, public_classes().get(cls, cls.__name__)


@settings(
    max_examples=2,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(roots=samples())
def test_the_samples_reach_the_public_records(roots: list[object]) -> None:
    """Every public record is sampled (a base through its kinds)."""
    reached = set(by_class(roots))
    missing = sorted(
        name
        for cls, name in public_classes().items()
        if cls not in reached and not any(issubclass(other, cls) for other in reached)
    )
    assert missing == []


def test_a_cycle_keeps_its_policy_and_goes_on_working() -> None:
    coach = pc.Role(name="coach")
    table = dict(pc.DEFAULT_PERMISSIONS)
    table["record_check_in"] = table["record_check_in"] | {coach}
    policy = Policy(permissions=table, hr_may_act_on_own_cycle=True)
    cycle = b.goal_setting_ready().with_policy(policy)
    copy = round_trip(cycle)
    assert isinstance(copy, pc.Cycle)
    assert copy == cycle
    assert copy.policy == policy
    assert copy.policy.allows("record_check_in", coach)
    assert copy.blockers() == cycle.blockers()
    moved = copy.advance(by=MANAGER, at=b.when(10))
    assert moved == cycle.advance(by=MANAGER, at=b.when(10))


def test_a_read_only_mapping_pickles_and_stays_read_only() -> None:
    table = FrozenMap({"b": (1, 2), "a": FrozenMap({"x": 1})})
    copy = round_trip(table)
    assert copy == table
    assert isinstance(copy, FrozenMap)
    assert list(copy) == ["b", "a"]
    with pytest.raises(TypeError):
        copy["c"] = 1  # type: ignore[index]
