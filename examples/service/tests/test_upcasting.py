"""Rows older releases wrote load through the converter's upcasters, and are never rewritten."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from perfcore_service import EventStore, StoredEvent
from service_api import Clock, load_fixture, make_api

import perfcore as pc
from perfcore.cycle import GoalProposed
from perfcore.serialization import Upcaster, make_converter
from perfcore.visibility import view_cycle

HR = pc.Actor(person_id="hr", role=pc.Role.HR)  # the people of perfcore's schema fixtures
MANAGER = pc.Actor(person_id="mgr", role=pc.Role.MANAGER)


def seed(store: EventStore, document: dict[str, Any]) -> None:
    """Store a cycle's events exactly as the release that wrote ``document`` stored them."""
    rows = [
        StoredEvent(version=event["sequence"] + 1, type=event["type"], document=event)
        for event in document["events"]
    ]
    store.append(document["id"], 0, rows)


def as_headers(actor: pc.Actor) -> dict[str, str]:
    return {"X-Person-Id": actor.person_id, "X-Role": actor.role.name}


@pytest.mark.parametrize(
    "name", ["cycle_closed", "cycle_disputed", "cycle_formal_plan", "cycle_revised_and_cancelled"]
)
def test_cycles_stored_at_schema_version_1_load_and_show_as_perfcore_reads_them(
    store: EventStore, name: str
) -> None:
    document = load_fixture("v1", f"{name}.json")
    seed(store, document)
    converter = make_converter()
    expected = converter.unstructure(view_cycle(converter.structure(document, pc.Cycle), HR))
    for api in make_api(store):
        answer = api.client.get("/cycles/c1", headers=as_headers(HR))
        assert answer.status_code == 200, answer.text
        assert set(answer.json()) == {"cycle_id", "tag", "view"}
        assert answer.json()["view"] == expected
        assert answer.json()["view"]["phase"] == document["phase"]


def test_a_cycle_stored_at_schema_version_1_goes_on_with_new_rows_beside_the_old(
    store: EventStore,
) -> None:
    document = load_fixture("v1", "cycle_closed.json")
    seed(store, document)
    last = dt.datetime.fromisoformat(document["events"][-1]["at"])
    for api in make_api(store, clock=Clock(last + dt.timedelta(days=1))):
        body = {"period": {"start": "2027-01-01", "end": "2027-12-31"}, "cycle_id": "c2"}
        seen = api.client.get("/cycles/c1", headers=as_headers(HR)).headers["ETag"]
        answer = api.client.post(
            "/cycles/c1/next", json=body, headers={**as_headers(HR), "If-Match": seen}
        )
        assert answer.status_code == 201, answer.text
    assert [row.document for row in store.read("c1")] == document["events"]  # untouched
    assert store.read("c2")[0].document["previous_cycle_id"] == "c1"


def objective_to_goal(fields: dict[str, Any]) -> dict[str, Any]:
    """Version 1 of ``goal_proposed`` (in this made-up history) kept the goal under ``objective``
    and a ``priority`` that version 2 no longer stores."""
    fields["goal"] = fields.pop("objective")
    del fields["priority"]
    return fields


def test_an_older_event_version_is_upcast_on_read_and_new_rows_are_written_at_the_current(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A release in which GoalProposed is at version 2, and the app ships the step from 1.
    monkeypatch.setattr(GoalProposed, "VERSION", 2)
    old = load_fixture("synthetic", "goal_proposed_v1.json")
    stored_before = copy.deepcopy(old["events"])
    seed(store, old)
    steps = [Upcaster(tag="goal_proposed", version=1, upcast=objective_to_goal)]
    agreed_at = dt.datetime.fromisoformat(old["events"][-1]["at"])
    for api in make_api(store, clock=Clock(agreed_at), upcasters=steps):
        answer = api.client.get("/cycles/c1", headers=as_headers(MANAGER))
        assert answer.status_code == 200, answer.text
        view = answer.json()["view"]
        assert [goal["title"] for goal in view["goals"]] == [
            "Grow revenue",
            "Cut defects",
            "Certification",
        ]
        assert "priority" not in answer.text
        goal = {"id": "g4", "title": "Mentor a new hire", "kind": "development"}
        answer = api.client.post(
            "/cycles/c1/commands/propose_goal",
            json={"goal": goal},
            headers={**as_headers(MANAGER), "If-Match": answer.headers["ETag"]},
        )
        assert answer.status_code == 200, answer.text
    rows = store.read("c1")
    assert [row.document for row in rows[:5]] == stored_before  # old rows are never rewritten
    assert [row.document["schema_version"] for row in rows if row.type == "goal_proposed"] == [
        1,
        1,
        1,
        2,
    ]
    assert "goal" in rows[-1].document
    assert "objective" not in rows[-1].document


def test_without_the_upcaster_an_older_event_is_a_stored_history_that_does_not_load(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(GoalProposed, "VERSION", 2)
    seed(store, load_fixture("synthetic", "goal_proposed_v1.json"))
    for api in make_api(store):
        answer = api.client.get("/cycles/c1", headers=as_headers(MANAGER))
        assert answer.status_code == 500
        assert answer.json()["type"] == "/problems/stored-history-refused"
