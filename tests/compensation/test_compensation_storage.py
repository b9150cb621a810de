"""A merit cycle is stored as its state and its events, and loads only if the commands could
have produced it; money and rates travel as exact decimal text."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest

import perfcore as pc
from compensation_world import AT, HR, employee, opened, proposed, released
from perfcore.compensation import MeritCycle
from perfcore.schema import json_schema
from perfcore.serialization import SCHEMA_VERSION, make_converter

CONVERTER = make_converter()


def _stored(cycle: MeritCycle) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(CONVERTER.unstructure(cycle)))
    return data


@pytest.mark.parametrize("build", [opened, proposed, released], ids=lambda f: f.__name__)
def test_a_merit_cycle_round_trips_through_json_and_fits_its_schema(build: Any) -> None:
    cycle = build()
    data = _stored(cycle)
    assert (data["type"], data["schema_version"]) == ("merit_cycle", SCHEMA_VERSION)
    assert CONVERTER.structure(data, MeritCycle) == cycle
    assert make_converter(verify=False).structure(data, MeritCycle) == cycle
    jsonschema.validate(data, json_schema(MeritCycle))


def test_money_and_rates_are_written_as_exact_text() -> None:
    data = _stored(proposed())
    bo = next(e for e in data["events"] if e.get("employee_id") == "bo")
    assert bo["rate"] == "0.08"
    assert isinstance(bo["increase"]["amount"], str)
    assert Decimal(bo["increase"]["amount"]) == proposed().proposal("bo").increase.amount  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", [0.08, True, "0.0.8", "NaN", "Infinity", None])
def test_a_rate_that_is_no_exact_decimal_is_refused_by_path(bad: object) -> None:
    data = _stored(proposed())
    index = next(i for i, e in enumerate(data["events"]) if e.get("employee_id") == "bo")
    data["events"][index]["rate"] = bad
    with pytest.raises(pc.ValidationError) as info:
        CONVERTER.structure(data, MeritCycle)
    assert any(path.startswith(f"$.events[{index}].rate") for path in info.value.paths), info.value


def test_an_edited_history_does_not_load() -> None:
    cycle = proposed()
    data = _stored(cycle)
    # an employee cannot propose their own increase
    forged = copy.deepcopy(data)
    index = next(i for i, e in enumerate(forged["events"]) if e["type"] == "increase_proposed")
    forged["events"][index]["actor"] = {"person_id": "ann", "role": "employee"}
    with pytest.raises(pc.ValidationError) as info:
        CONVERTER.structure(forged, MeritCycle)
    assert any(p.startswith(f"$.events[{index}]") for p in info.value.paths)
    # the stored state must be what the events give
    tampered = copy.deepcopy(data)
    tampered["events"] = tampered["events"][:-1]
    with pytest.raises(pc.ValidationError):
        CONVERTER.structure(tampered, MeritCycle)


def test_a_replayed_cycle_equals_the_one_that_made_it() -> None:
    cycle = released()
    assert MeritCycle.replay(cycle.events) == cycle
    assert attrs.evolve(cycle.events[0], at=AT).actor == HR
    with pytest.raises(pc.PermissionDenied):
        opened().propose("ann", Decimal("0.03"), by=employee("ann"), at=AT)
