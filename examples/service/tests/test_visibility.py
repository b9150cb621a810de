"""Each caller gets only what the visibility policy lets them see, in views and in events."""

from __future__ import annotations

from perfcore_service import EventStore
from service_api import EMPLOYEE, HR, MANAGER, Api, assessment, headers, in_appraisal


def drafts_in_appraisal(api: Api) -> int:
    """Appraisal with the employee's draft self-assessment and the manager's unreleased ratings."""
    version = in_appraisal(api)
    version = api.command(
        "ana-2026",
        "submit_self_assessment",
        {"assessment": assessment("self", "met", "My own draft"), "share": False},
        by=EMPLOYEE,
        version=version,
        on=41,
    )
    return api.command(
        "ana-2026",
        "submit_manager_assessment",
        {"assessment": assessment("manager", "not_met", "Draft verdict")},
        by=MANAGER,
        version=version,
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
    version = drafts_in_appraisal(api)
    api.command("ana-2026", "release_ratings", by=MANAGER, version=version, on=43)
    view = api.view("ana-2026", by=EMPLOYEE)
    assert view["manager_assessment"]["goal_ratings"][0]["rating"]["basis"]["text"] == (
        "Draft verdict"
    )


def test_events_since_a_version_are_refused_to_whoever_may_not_see_the_history(
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


def test_hr_gets_the_events_since_a_version_without_anyones_private_notes(
    api: Api, store: EventStore
) -> None:
    version = drafts_in_appraisal(api)
    answer = api.client.get("/cycles/ana-2026/events", params={"since": 5}, headers=headers(HR))
    assert answer.status_code == 200
    body = answer.json()
    assert (body["version"], body["since"]) == (version, 5)
    shown = [(event["sequence"] + 1, event["type"]) for event in body["events"]]
    # Version 7 is the employee's private note: stored, and never shown to anyone else.
    assert shown == [
        (6, "check_in_recorded"),
        (8, "phase_advanced"),
        (10, "manager_assessment_submitted"),
    ]
    assert [row.type for row in store.read("ana-2026")][6] == "check_in_recorded"
    assert "Lyon" not in answer.text
    assert "My own draft" not in answer.text
    everything = api.client.get("/cycles/ana-2026/events", headers=headers(HR)).json()
    assert everything["events"][0]["type"] == "cycle_started"
    out_of_range = api.client.get(
        "/cycles/ana-2026/events", params={"since": version + 1}, headers=headers(HR)
    )
    assert out_of_range.status_code == 422
    assert out_of_range.json()["problems"][0]["code"] == "out_of_range"
