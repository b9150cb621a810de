"""A whole cycle over HTTP, from goal setting to closed and the next cycle, on each store."""

from __future__ import annotations

from perfcore_service import EventStore
from service_api import (
    EMPLOYEE,
    HR,
    MANAGER,
    START,
    Api,
    assessment,
    day,
    headers,
    in_appraisal,
)


def test_a_cycle_runs_from_goal_setting_to_closed_and_the_next_one(
    api: Api, store: EventStore
) -> None:
    version = in_appraisal(api)
    assert api.view("ana-2026", by=MANAGER)["phase"] == "appraisal"

    cid = "ana-2026"
    version = api.command(
        cid,
        "submit_self_assessment",
        {"assessment": assessment("self", "met", "Beat the target")},
        by=EMPLOYEE,
        version=version,
        on=41,
    )
    version = api.command(
        cid,
        "submit_manager_assessment",
        {"assessment": assessment("manager", "partly_met", "Target nearly met")},
        by=MANAGER,
        version=version,
        on=42,
    )
    cause = {"id": "rc1", "goal_id": "g1", "category": "knowledge", "description": "New product"}
    version = api.command(
        cid, "record_root_cause", {"root_cause": cause}, by=MANAGER, version=version, on=43
    )
    discussion = {"held_on": day(44).date().isoformat(), "summary": "Talked it through"}
    version = api.command(
        cid,
        "hold_feedback_discussion",
        {"discussion": discussion},
        by=MANAGER,
        version=version,
        on=44,
    )
    version = api.command(cid, "acknowledge", by=EMPLOYEE, version=version, on=45)
    action = {
        "id": "a1",
        "title": "Product training",
        "kind": "training",
        "owner_id": "ana",
        "due": "2026-06-30",
        "success_measure": "Passes the product quiz",
        "cause_ids": ["rc1"],
    }
    version = api.command(
        cid, "add_improvement_action", {"action": action}, by=MANAGER, version=version, on=46
    )
    version = api.command(cid, "advance_phase", by=MANAGER, version=version, on=47)
    follow_up = {
        "action_id": "a1",
        "held_on": day(60).date().isoformat(),
        "progress": "Quiz passed",
        "outcome": "improved",
    }
    version = api.command(
        cid, "record_follow_up", {"follow_up": follow_up}, by=MANAGER, version=version, on=60
    )
    version = api.command(cid, "close", by=MANAGER, version=version, on=61)

    closed = api.view(cid, by=EMPLOYEE)
    assert closed["phase"] == "closed"
    assert closed["appraisal_status"] == "acknowledged"
    assert [g["id"] for g in closed["goals"]] == ["g1", "g2"]
    assert closed["manager_assessment"]["goal_ratings"][0]["achievement"] == "partly_met"
    assert version == 17  # one event per request: the start and 16 commands
    stored = store.read(cid)
    assert [row.version for row in stored] == list(range(1, 18))
    assert stored[-1].type == "cycle_closed"
    assert all(row.document["cycle_id"] == cid for row in stored)

    # The next cycle, started by HR from the closed one.
    api.clock.now = day(370)
    body = {
        "period": {"start": "2027-01-01", "end": "2027-12-31", "kind": "annual"},
        "cycle_id": "ana-2027",
    }
    api.check_body("/cycles/{cycle_id}/next", body)
    answer = api.client.post(f"/cycles/{cid}/next", json=body, headers=headers(HR))
    assert answer.status_code == 201, answer.json()
    assert answer.headers["Location"] == "/cycles/ana-2027"
    assert answer.json()["version"] == 1
    following = api.view("ana-2027", by=EMPLOYEE)
    assert following["previous_cycle_id"] == cid
    assert following["phase"] == "goal_setting"
    assert following["period"]["start"] == "2027-01-01"


def test_starting_answers_201_with_the_callers_view_and_where_the_cycle_is(api: Api) -> None:
    answer = api.start(START, by=HR)
    assert answer.status_code == 201
    assert answer.headers["Location"] == "/cycles/ana-2026"
    body = answer.json()
    assert body["cycle_id"] == "ana-2026"
    assert body["version"] == 1
    assert body["view"]["phase"] == "goal_setting"
    assert body["view"]["audience"] == "hr"


def test_available_commands_say_which_are_enabled_and_why_not(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    answer = api.client.get("/cycles/ana-2026/available-commands", headers=headers(EMPLOYEE))
    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == 1
    commands = {entry["command"]: entry for entry in body["commands"]}
    assert commands["propose_goal"]["enabled"] is True
    assert commands["close"]["enabled"] is False
    close = [reason["code"] for reason in commands["close"]["reasons"]]
    assert close == ["wrong_phase", "not_permitted"]  # goal setting, and only managers close
    advance = commands["advance_phase"]["reasons"]
    assert [reason["code"] for reason in advance] == ["not_permitted"]
    assert advance[0]["params"]["role"] == "employee"
