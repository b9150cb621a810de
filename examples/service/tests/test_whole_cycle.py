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
    etag,
    headers,
    in_appraisal,
    told_a_version,
)


def test_a_cycle_runs_from_goal_setting_to_closed_and_the_next_one(
    api: Api, store: EventStore
) -> None:
    in_appraisal(api)
    assert api.view("ana-2026", by=MANAGER)["phase"] == "appraisal"

    cid = "ana-2026"
    api.command(
        cid,
        "submit_self_assessment",
        {"assessment": assessment("self", "met", "Beat the target")},
        by=EMPLOYEE,
        on=41,
    )
    api.command(
        cid,
        "submit_manager_assessment",
        {"assessment": assessment("manager", "partly_met", "Target nearly met")},
        by=MANAGER,
        on=42,
    )
    cause = {"id": "rc1", "goal_id": "g1", "category": "knowledge", "description": "New product"}
    api.command(cid, "record_root_cause", {"root_cause": cause}, by=MANAGER, on=43)
    discussion = {"held_on": day(44).date().isoformat(), "summary": "Talked it through"}
    api.command(
        cid,
        "hold_feedback_discussion",
        {"discussion": discussion},
        by=MANAGER,
        on=44,
    )
    api.command(cid, "acknowledge", by=EMPLOYEE, on=45)
    action = {
        "id": "a1",
        "title": "Product training",
        "kind": "training",
        "owner_id": "ana",
        "due": "2026-06-30",
        "success_measure": "Passes the product quiz",
        "cause_ids": ["rc1"],
    }
    api.command(cid, "add_improvement_action", {"action": action}, by=MANAGER, on=46)
    api.command(cid, "advance_phase", by=MANAGER, on=47)
    follow_up = {
        "action_id": "a1",
        "held_on": day(60).date().isoformat(),
        "progress": "Quiz passed",
        "outcome": "improved",
    }
    api.command(cid, "record_follow_up", {"follow_up": follow_up}, by=MANAGER, on=60)
    api.command(cid, "close", by=MANAGER, on=61)

    closed = api.view(cid, by=EMPLOYEE)
    assert closed["phase"] == "closed"
    assert closed["appraisal_status"] == "acknowledged"
    assert [g["id"] for g in closed["goals"]] == ["g1", "g2"]
    assert closed["manager_assessment"]["goal_ratings"][0]["achievement"] == "partly_met"
    stored = store.read(cid)
    # One event per request, the start and 18 commands, at versions no answer told.
    assert [row.version for row in stored] == list(range(1, 20))
    assert stored[-1].type == "cycle_closed"
    assert all(row.document["cycle_id"] == cid for row in stored)

    # The next cycle, started by HR from the closed one.
    api.clock.now = day(370)
    body = {
        "period": {"start": "2027-01-01", "end": "2027-12-31", "kind": "annual"},
        "cycle_id": "ana-2027",
    }
    api.check_body("/cycles/{cycle_id}/next", body)
    seen = api.tag(cid, by=HR)
    answer = api.client.post(
        f"/cycles/{cid}/next", json=body, headers={**headers(HR), "If-Match": f'"{seen}"'}
    )
    assert answer.status_code == 201, answer.json()
    assert answer.headers["Location"] == "/cycles/ana-2027"
    assert etag(answer) == api.tag("ana-2027", by=HR)
    following = api.view("ana-2027", by=EMPLOYEE)
    assert following["previous_cycle_id"] == cid
    assert following["phase"] == "goal_setting"
    assert following["period"]["start"] == "2027-01-01"

    # Every kind of answer, to each of them, refusals included.
    for cycle_id in (cid, "ana-2027"):
        for who in (EMPLOYEE, MANAGER, HR):
            api.client.get(f"/cycles/{cycle_id}/available-commands", headers=headers(who))
            api.client.get(f"/cycles/{cycle_id}/events", headers=headers(who))
            api.client.post(f"/cycles/{cycle_id}/commands/close", headers=headers(who))
            api.issue(cycle_id, "close", by=who, on=371, tag="0" * 32)
            api.issue(cycle_id, "close", by=who, on=371)
    statuses = {answer.status_code for answer in api.answers}
    assert {200, 201, 403, 409, 412, 428} <= statuses

    # Not one answer about a cycle, to anyone, named a version (the OpenAPI document's
    # info.version is the API's).
    about_cycles = [answer for answer in api.answers if answer.url.path.startswith("/cycles")]
    assert len(about_cycles) > 60
    assert [told for answer in about_cycles if (told := told_a_version(answer))] == []


def test_the_next_cycle_needs_the_tag_of_the_callers_view_of_the_closed_one(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    api.command("ana-2026", "cancel", {"reason": "Left"}, by=HR, on=1)
    body = {
        "period": {"start": "2027-01-01", "end": "2027-12-31", "kind": "annual"},
        "cycle_id": "ana-2027",
    }
    answer = api.client.post("/cycles/ana-2026/next", json=body, headers=headers(HR))
    assert answer.status_code == 428
    stale = {**headers(HR), "If-Match": '"0123456789abcdef0123456789abcdef"'}
    answer = api.client.post("/cycles/ana-2026/next", json=body, headers=stale)
    assert answer.status_code == 412
    assert answer.json()["type"] == "/problems/view-changed"
    assert api.client.get("/cycles/ana-2027", headers=headers(HR)).status_code == 404


def test_starting_answers_201_with_the_callers_view_and_where_the_cycle_is(api: Api) -> None:
    answer = api.start(START, by=HR)
    assert answer.status_code == 201
    assert answer.headers["Location"] == "/cycles/ana-2026"
    body = answer.json()
    assert set(body) == {"cycle_id", "tag", "view"}
    assert body["cycle_id"] == "ana-2026"
    assert etag(answer) == api.tag("ana-2026", by=HR)
    assert body["view"]["phase"] == "goal_setting"
    assert body["view"]["audience"] == "hr"


def test_available_commands_say_which_are_enabled_and_why_not(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    answer = api.client.get("/cycles/ana-2026/available-commands", headers=headers(EMPLOYEE))
    assert answer.status_code == 200
    body = answer.json()
    assert body["tag"] == api.tag("ana-2026", by=EMPLOYEE)
    assert "version" not in body
    commands = {entry["command"]: entry for entry in body["commands"]}
    assert commands["propose_goal"]["enabled"] is True
    assert commands["close"]["enabled"] is False
    close = [reason["code"] for reason in commands["close"]["reasons"]]
    assert close == ["wrong_phase", "not_permitted"]  # goal setting, and only managers close
    advance = commands["advance_phase"]["reasons"]
    assert [reason["code"] for reason in advance] == ["not_permitted"]
    assert advance[0]["params"]["role"] == "employee"


def test_get_answers_304_while_the_callers_view_still_has_a_tag_they_hold(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    tag = api.tag("ana-2026", by=EMPLOYEE)
    for held in (f'"{tag}"', f'W/"{tag}"', f'"other", "{tag}"', "*"):
        answer = api.client.get(
            "/cycles/ana-2026", headers={**headers(EMPLOYEE), "If-None-Match": held}
        )
        assert answer.status_code == 304, held
        assert answer.headers["ETag"] == f'"{tag}"'
        assert answer.headers["Vary"] == "X-Person-Id, X-Role"
    for held in ('"other"', tag, ""):  # another tag, or not a list of quoted tags
        answer = api.client.get(
            "/cycles/ana-2026", headers={**headers(EMPLOYEE), "If-None-Match": held}
        )
        assert answer.status_code == 200, held
    # Each caller's tag is their own view's.
    assert api.tag("ana-2026", by=MANAGER) != tag
    stranger = {"X-Person-Id": "zoe", "X-Role": "manager", "If-None-Match": "*"}
    assert api.client.get("/cycles/ana-2026", headers=stranger).status_code == 403
