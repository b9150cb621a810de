"""Every refusal is an RFC 9457 problem-details answer, with the status its kind calls for."""

from __future__ import annotations

from typing import Any

import httpx2
from perfcore_service import EventStore, StoredEvent
from service_api import (
    EMPLOYEE,
    HR,
    MANAGER,
    SALES,
    START,
    Api,
    day,
    goals_agreed,
    headers,
    told_a_version,
)


def problem(answer: httpx2.Response, status: int) -> dict[str, Any]:
    """The problem-details body of ``answer``, checked to be one."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


def test_a_malformed_command_is_422_with_every_bad_field(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    bad_goal = {"goal": {"id": "g1", "title": "", "weight": 120}}
    seen = api.tag("ana-2026", by=MANAGER)
    answer = api.client.post(
        "/cycles/ana-2026/commands/propose_goal",
        json=bad_goal,
        headers={**headers(MANAGER), "If-Match": f'"{seen}"'},
    )
    body = problem(answer, 422)
    assert body["type"] == "/problems/malformed-input"
    assert body["instance"] == "/cycles/ana-2026/commands/propose_goal"
    assert body["problems"] == [
        {"path": "$.goal.title", "code": "empty", "message": "must not be empty", "params": {}},
        {
            "path": "$.goal.weight",
            "code": "too_large",
            "message": "must be at most 100, got 120",
            "params": {"actual": 120, "maximum": 100},
        },
    ]
    assert api.view("ana-2026", by=MANAGER)["goals"] == []  # nothing changed


def test_a_body_that_is_not_json_or_has_unknown_fields_is_malformed_input(api: Api) -> None:
    answer = api.client.post("/cycles", content=b"{not json", headers=headers(HR))
    body = problem(answer, 422)
    assert body["type"] == "/problems/malformed-input"
    assert body["problems"][0]["path"] == "$"
    answer = api.client.post("/cycles", json={**START, "owner": "x"}, headers=headers(HR))
    body = problem(answer, 422)
    assert [(p["path"], p["code"]) for p in body["problems"]] == [("$.owner", "unknown_field")]


def test_a_cycle_id_that_cannot_be_a_url_segment_is_malformed_input(api: Api) -> None:
    answer = api.client.post("/cycles", json={**START, "cycle_id": "ana/2026"}, headers=headers(HR))
    body = problem(answer, 422)
    assert [(p["path"], p["code"]) for p in body["problems"]] == [("$.cycle_id", "invalid")]


def test_a_command_without_if_match_is_428_and_changes_nothing(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    seen = api.tag("ana-2026", by=EMPLOYEE)
    for if_match in (None, "*", seen, "", '"unclosed'):  # none, any, unquoted, empty, broken
        sent = (
            headers(EMPLOYEE) if if_match is None else {**headers(EMPLOYEE), "If-Match": if_match}
        )
        answer = api.client.post(
            "/cycles/ana-2026/commands/propose_goal", json={"goal": SALES}, headers=sent
        )
        body = problem(answer, 428)
        assert body["type"] == "/problems/precondition-required"
        assert "If-Match" in body["detail"]
    assert api.view("ana-2026", by=EMPLOYEE)["goals"] == []
    assert api.tag("ana-2026", by=EMPLOYEE) == seen


def test_a_command_on_a_view_that_has_changed_is_412_with_tags_and_no_versions(
    api: Api, store: EventStore
) -> None:
    assert api.start(START, by=HR).status_code == 201
    stale = api.tag("ana-2026", by=EMPLOYEE)
    fresh = api.command("ana-2026", "propose_goal", {"goal": SALES}, by=MANAGER, on=1)
    answer = api.issue("ana-2026", "agree_goals", by=EMPLOYEE, on=2, tag=stale)
    body = problem(answer, 412)
    current = api.tag("ana-2026", by=EMPLOYEE)
    assert body == {
        "type": "/problems/view-changed",
        "title": "What you saw has changed",
        "status": 412,
        "detail": f"the view has changed since it was read (tag {stale}, now {current})",
        "expected_tag": stale,
        "actual_tag": current,
        "instance": "/cycles/ana-2026/commands/agree_goals",
    }
    assert current != fresh  # the manager's tag is the manager's view's, not the employee's
    assert told_a_version(answer) == []
    assert [row.type for row in store.read("ana-2026")][-1] == "goal_proposed"
    # Several tags: any of them may match (RFC 9110); a weak one never does.
    sent = {**headers(EMPLOYEE), "If-Match": f'W/"{current}"'}
    answer = api.client.post("/cycles/ana-2026/commands/agree_goals", headers=sent)
    assert problem(answer, 412)["expected_tag"] == f"W/{current}"
    sent = {**headers(EMPLOYEE), "If-Match": f'"{stale}", "{current}"'}
    answer = api.client.post("/cycles/ana-2026/commands/agree_goals", headers=sent)
    assert answer.status_code == 200, answer.text


def test_a_command_dated_before_the_last_event_is_409_out_of_order(api: Api) -> None:
    goals_agreed(api)  # agreed on day 3
    answer = api.issue("ana-2026", "advance_phase", by=MANAGER, on=2)
    body = problem(answer, 409)
    assert body["type"] == "/problems/out-of-order"
    assert body["problems"][0]["code"] == "out_of_order"
    assert body["problems"][0]["params"] == {"last": day(3).isoformat()}


def test_a_command_the_phase_does_not_allow_is_409_transition(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    body = problem(api.issue("ana-2026", "close", by=MANAGER, on=1), 409)
    assert body["type"] == "/problems/transition"
    assert (body["command"], body["phase"]) == ("close", "goal_setting")


def test_leaving_a_phase_with_unmet_conditions_is_409_with_the_blockers(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    body = problem(api.issue("ana-2026", "advance_phase", by=MANAGER, on=1), 409)
    assert body["type"] == "/problems/guard"
    assert [blocker["code"] for blocker in body["blockers"]] == ["goals_present"]


def test_content_that_does_not_fit_the_cycle_is_409_content_conflict(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    api.command("ana-2026", "propose_goal", {"goal": SALES}, by=MANAGER, on=1)
    answer = api.issue("ana-2026", "propose_goal", {"goal": SALES}, by=MANAGER, on=1)
    body = problem(answer, 409)
    assert body["type"] == "/problems/content-conflict"


def test_a_command_the_caller_may_not_issue_is_403_naming_them(api: Api) -> None:
    answer = api.client.post("/cycles", json=START, headers=headers(EMPLOYEE))
    body = problem(answer, 403)
    assert body["type"] == "/problems/permission-denied"
    assert body["actor"] == {"person_id": "ana", "role": "employee"}
    assert body["command"] == "start_cycle"


def test_someone_with_no_part_in_the_cycle_is_refused_before_anything_is_decided(
    api: Api,
) -> None:
    assert api.start(START, by=HR).status_code == 201
    stranger = {"X-Person-Id": "zoe", "X-Role": "manager"}
    for answer in (
        api.client.get("/cycles/ana-2026", headers=stranger),
        api.client.get("/cycles/ana-2026/available-commands", headers=stranger),
        api.client.post(  # a stale tag and a wrong phase: neither is told
            "/cycles/ana-2026/commands/close", headers={**stranger, "If-Match": '"7"'}
        ),
    ):
        body = problem(answer, 403)
        assert body["detail"] == "cycle 'ana-2026' is not theirs"


def test_a_request_without_a_caller_is_401(api: Api) -> None:
    body = problem(api.client.get("/cycles/ana-2026"), 401)
    assert body["type"] == "/problems/unauthenticated"
    answer = api.client.get("/cycles/ana-2026", headers={"X-Person-Id": "ana", "X-Role": "Boss!"})
    body = problem(answer, 401)
    assert body["problems"][0]["code"] == "not_an_identifier"
    assert "WWW-Authenticate" in answer.headers


def test_an_unknown_cycle_or_command_is_404(api: Api) -> None:
    body = problem(api.client.get("/cycles/nope", headers=headers(HR)), 404)
    assert body["type"] == "/problems/not-found"
    answer = api.client.post(
        "/cycles/nope/commands/promote", headers={**headers(HR), "If-Match": '"1"'}
    )
    body = problem(answer, 404)
    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"


def test_starting_a_cycle_whose_id_is_taken_is_409(api: Api) -> None:
    assert api.start(START, by=HR).status_code == 201
    body = problem(api.start(START, by=HR, on=1), 409)
    assert body["type"] == "/problems/cycle-exists"


def test_a_stored_history_no_command_could_have_written_does_not_load(
    api: Api, store: EventStore
) -> None:
    assert api.start(START, by=HR).status_code == 201
    api.command("ana-2026", "propose_goal", {"goal": SALES}, by=MANAGER, on=1)
    forged = store.read("ana-2026")[1].document
    agreed = {
        **forged,
        "type": "goals_agreed",
        "sequence": 2,
        "goal_ids": ["g1"],
        "actor": {"person_id": "ben", "role": "manager"},  # only the employee agrees
    }
    del agreed["goal"]
    store.append("ana-2026", 2, [StoredEvent(version=3, type="goals_agreed", document=agreed)])
    body = problem(api.client.get("/cycles/ana-2026", headers=headers(HR)), 500)
    assert body["type"] == "/problems/stored-history-refused"
    assert "manager" not in body["detail"]  # what is wrong is in the log, not the answer
