"""Each caller gets only what the visibility policy lets them see, in views and in events."""

from __future__ import annotations

from perfcore_service import EventStore
from service_api import (
    EMPLOYEE,
    HR,
    MANAGER,
    Api,
    assessment,
    check_in,
    goals_agreed,
    headers,
    in_appraisal,
)

import perfcore as pc


def drafts_in_appraisal(api: Api) -> None:
    """Appraisal with the employee's draft self-assessment and the manager's unreleased ratings."""
    in_appraisal(api)
    api.command(
        "ana-2026",
        "submit_self_assessment",
        {"assessment": assessment("self", "met", "My own draft"), "share": False},
        by=EMPLOYEE,
        on=41,
    )
    api.command(
        "ana-2026",
        "submit_manager_assessment",
        {"assessment": assessment("manager", "not_met", "Draft verdict")},
        by=MANAGER,
        on=42,
    )


def test_the_employee_sees_neither_draft_ratings_nor_the_history(api: Api) -> None:
    drafts_in_appraisal(api)
    answer = api.client.get("/cycles/ana-2026", headers=headers(EMPLOYEE))
    assert answer.status_code == 200
    view = answer.json()["view"]
    assert view["audience"] == "employee"
    assert view["manager_assessment"] is None
    assert view["score"] is None
    assert view["ratings_released"] is None
    assert view["events"] == []
    assert {"draft_ratings", "history", "audit_findings"} <= set(view["hidden"])
    assert view["self_assessment_draft"]["goal_ratings"][0]["rating"]["basis"]["text"] == (
        "My own draft"
    )
    assert [c["summary"] for c in view["check_ins"]] == [
        "Pipeline review",
        "Ask about the Lyon deal",  # her own private note
    ]
    assert "Draft verdict" not in answer.text
    assert "not_met" not in answer.text


def test_the_manager_sees_the_drafts_but_not_the_employees_private_note_or_draft(
    api: Api,
) -> None:
    drafts_in_appraisal(api)
    answer = api.client.get("/cycles/ana-2026", headers=headers(MANAGER))
    view = answer.json()["view"]
    assert view["audience"] == "manager"
    assert view["manager_assessment"]["goal_ratings"][0]["achievement"] == "not_met"
    assert view["ratings_released"] is False
    assert view["self_assessment_draft"] is None
    assert view["self_assessment"] is None
    assert [c["summary"] for c in view["check_ins"]] == ["Pipeline review"]
    assert "Lyon" not in answer.text
    assert "My own draft" not in answer.text


def test_released_ratings_reach_the_employee(api: Api) -> None:
    drafts_in_appraisal(api)
    before = api.tag("ana-2026", by=EMPLOYEE)
    api.command("ana-2026", "release_ratings", by=MANAGER, on=43)
    assert api.tag("ana-2026", by=EMPLOYEE) != before  # what she sees changed: so does the tag
    view = api.view("ana-2026", by=EMPLOYEE)
    assert view["manager_assessment"]["goal_ratings"][0]["rating"]["basis"]["text"] == (
        "Draft verdict"
    )


def test_events_since_a_position_are_refused_to_whoever_may_not_see_the_history(
    api: Api,
) -> None:
    drafts_in_appraisal(api)
    for caller in (EMPLOYEE, MANAGER):
        answer = api.client.get(
            "/cycles/ana-2026/events", params={"since": 0}, headers=headers(caller)
        )
        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/problem+json"
        body = answer.json()
        assert body["type"] == "/problems/permission-denied"
        assert body["actor"]["person_id"] == caller.person_id
        assert "Draft verdict" not in answer.text


def test_hr_gets_the_events_of_their_view_numbered_without_gaps_from_a_position_on(
    api: Api, store: EventStore
) -> None:
    drafts_in_appraisal(api)
    everything = api.client.get("/cycles/ana-2026/events", headers=headers(HR))
    assert everything.status_code == 200
    history = everything.json()
    assert history["tag"] == api.tag("ana-2026", by=HR) == everything.headers["ETag"].strip('"')
    shown = [(event["sequence"], event["type"]) for event in history["events"]]
    # Stored: 12 events; the 9th is the employee's private note and the 11th her unshared
    # draft, and HR's view numbers the 10 it shows 0 to 9, with no gap where they lie.
    assert [row.type for row in store.read("ana-2026")][8] == "check_in_recorded"
    assert len(store.read("ana-2026")) == 12
    assert shown == [
        (0, "cycle_started"),
        (1, "goal_proposed"),
        (2, "goal_proposed"),
        (3, "goal_aligned"),
        (4, "goal_aligned"),
        (5, "goals_agreed"),
        (6, "phase_advanced"),
        (7, "check_in_recorded"),
        (8, "phase_advanced"),
        (9, "manager_assessment_submitted"),
    ]
    assert (history["since"], history["next"]) == (0, 10)
    assert "Lyon" not in everything.text
    assert "My own draft" not in everything.text

    answer = api.client.get("/cycles/ana-2026/events", params={"since": 5}, headers=headers(HR))
    body = answer.json()
    assert (body["since"], body["next"]) == (5, 10)
    assert body["events"] == history["events"][5:]
    for beyond in (11, 12, 13):  # past HR's view: refused alike, whatever is stored
        out_of_range = api.client.get(
            "/cycles/ana-2026/events", params={"since": beyond}, headers=headers(HR)
        )
        assert out_of_range.status_code == 422
        problem = out_of_range.json()["problems"][0]
        assert (problem["path"], problem["code"]) == ("query.since", "out_of_range")
        assert problem["params"] == {"minimum": 0, "maximum": 10}
    negative = api.client.get("/cycles/ana-2026/events", params={"since": -1}, headers=headers(HR))
    assert negative.status_code == 422


def test_polling_the_history_from_next_shows_nothing_of_a_private_note(api: Api) -> None:
    goals_agreed(api)
    api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    polled = api.client.get("/cycles/ana-2026/events", headers=headers(HR)).json()
    assert polled["next"] == 7
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("n1", "private_note", 6, "Ask about the Lyon deal"),
        by=EMPLOYEE,
        on=6,
    )
    answer = api.client.get("/cycles/ana-2026/events", params={"since": 7}, headers=headers(HR))
    assert answer.json() == {**polled, "since": 7, "events": []}
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("k1", "one_on_one", 7, "Pipeline review"),
        by=MANAGER,
        on=7,
    )
    answer = api.client.get("/cycles/ana-2026/events", params={"since": 7}, headers=headers(HR))
    body = answer.json()
    assert [(e["sequence"], e["type"]) for e in body["events"]] == [(7, "check_in_recorded")]
    assert (body["next"], body["tag"] != polled["tag"]) == (8, True)


def snapshot(api: Api, who: pc.Actor) -> tuple[bytes, str, bytes, bytes]:
    """What ``who`` can read of the cycle: the view's bytes and ETag, the commands, the history."""
    answer = api.get("ana-2026", by=who)
    commands = api.client.get("/cycles/ana-2026/available-commands", headers=headers(who))
    history = api.client.get("/cycles/ana-2026/events", headers=headers(who))
    return answer.content, answer.headers["ETag"], commands.content, history.content


def test_polling_before_and_after_a_managers_private_note_tells_the_others_nothing(
    api: Api,
) -> None:
    goals_agreed(api)
    api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    before = {who: snapshot(api, who) for who in (EMPLOYEE, HR)}
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("m1", "private_note", 6, "Ana may want the Lyon role"),
        by=MANAGER,
        on=6,
    )
    after = {who: snapshot(api, who) for who in (EMPLOYEE, HR)}
    assert after == before  # byte for byte, ETag included
    # And a command based on what they read goes through, the note notwithstanding.
    for who in (EMPLOYEE, HR):
        answer = api.client.get(
            "/cycles/ana-2026", headers={**headers(who), "If-None-Match": before[who][1]}
        )
        assert answer.status_code == 304
        assert answer.headers["ETag"] == before[who][1]
        assert answer.content == b""
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("k1", "one_on_one", 7, "Pipeline review"),
        by=EMPLOYEE,
        on=7,
        tag=before[EMPLOYEE][1].strip('"'),
    )
    # The manager sees his note: his tag moved.
    assert "Lyon role" in api.get("ana-2026", by=MANAGER).text


def test_a_draft_rating_changes_nothing_the_employee_reads_until_it_is_released(
    api: Api,
) -> None:
    in_appraisal(api)
    before = snapshot(api, EMPLOYEE)
    api.command(
        "ana-2026",
        "submit_manager_assessment",
        {"assessment": assessment("manager", "not_met", "Draft verdict")},
        by=MANAGER,
        on=41,
    )
    assert snapshot(api, EMPLOYEE) == before
    api.command("ana-2026", "release_ratings", by=MANAGER, on=42)
    released = api.get("ana-2026", by=EMPLOYEE)
    assert released.headers["ETag"] != before[1]
    assert released.content != before[0]
    stale = {**headers(EMPLOYEE), "If-None-Match": before[1]}
    assert api.client.get("/cycles/ana-2026", headers=stale).status_code == 200
