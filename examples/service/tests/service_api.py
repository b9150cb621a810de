"""The service as its clients call it, and the bodies they send."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pathlib
from collections.abc import Iterator, Sequence
from typing import Any

import httpx2
import jsonschema  # type: ignore[import-untyped]
from fastapi import FastAPI
from fastapi.testclient import TestClient
from perfcore_service import EventStore, Settings, create_app

import perfcore as pc
from perfcore.serialization import Upcaster

T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
HR = pc.Actor(person_id="hr-lee", role=pc.Role.HR)
MANAGER = pc.Actor(person_id="ben", role=pc.Role.MANAGER)
EMPLOYEE = pc.Actor(person_id="ana", role=pc.Role.EMPLOYEE)
FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "schema"


def day(number: int) -> dt.datetime:
    """``T0`` plus ``number`` days."""
    return T0 + dt.timedelta(days=number)


@dataclasses.dataclass
class Clock:
    """The service's clock, set by the test: every command is decided at ``now``."""

    now: dt.datetime = T0

    def __call__(self) -> dt.datetime:
        return self.now


def headers(actor: pc.Actor) -> dict[str, str]:
    """The stand-in for authentication: who is calling, in which role."""
    return {"X-Person-Id": actor.person_id, "X-Role": actor.role.name}


class Api:
    """The service's HTTP API as a client calls it; bodies are checked against its OpenAPI.

    Every answer the client gets is kept in ``answers``, for tests that look
    through all of them for what no caller may be told.
    """

    def __init__(self, client: TestClient, clock: Clock) -> None:
        self.client = client
        self.clock = clock
        self._openapi: dict[str, Any] | None = None
        self.answers: list[httpx2.Response] = []
        client.event_hooks = {"response": [self._keep]}

    def _keep(self, answer: httpx2.Response) -> None:
        answer.read()
        self.answers.append(answer)

    @property
    def openapi(self) -> dict[str, Any]:
        if self._openapi is None:
            self._openapi = self.client.get("/openapi.json").json()
        return self._openapi

    def check_body(self, path: str, body: dict[str, Any]) -> None:
        """``body`` is valid against the request body the OpenAPI document gives ``path``."""
        operation = self.openapi["paths"][path]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        document = {**schema, "components": self.openapi["components"]}
        jsonschema.Draft202012Validator(document).validate(body)

    def start(self, body: dict[str, Any], *, by: pc.Actor, on: int = 0) -> httpx2.Response:
        self.clock.now = day(on)
        self.check_body("/cycles", body)
        return self.client.post("/cycles", json=body, headers=headers(by))

    def issue(  # noqa: PLR0913 - what a request carries
        self,
        cycle_id: str,
        name: str,
        body: dict[str, Any] | None = None,
        *,
        by: pc.Actor,
        on: int,
        tag: str | None = None,
    ) -> httpx2.Response:
        """Issue a command based on the view with ``tag`` (by default the caller's view now)."""
        seen = tag if tag is not None else self.tag(cycle_id, by=by)
        self.clock.now = day(on)
        self.check_body(f"/cycles/{{cycle_id}}/commands/{name}", body or {})
        return self.client.post(
            f"/cycles/{cycle_id}/commands/{name}",
            json=body or {},
            headers={**headers(by), "If-Match": f'"{seen}"'},
        )

    def command(  # noqa: PLR0913 - what a request carries
        self,
        cycle_id: str,
        name: str,
        body: dict[str, Any] | None = None,
        *,
        by: pc.Actor,
        on: int,
        tag: str | None = None,
    ) -> str:
        """Issue a command that must be accepted; the tag of the caller's new view."""
        answer = self.issue(cycle_id, name, body, by=by, on=on, tag=tag)
        assert answer.status_code == 200, answer.json()
        return etag(answer)

    def get(self, cycle_id: str, *, by: pc.Actor) -> httpx2.Response:
        answer = self.client.get(f"/cycles/{cycle_id}", headers=headers(by))
        assert answer.status_code == 200, answer.json()
        return answer

    def tag(self, cycle_id: str, *, by: pc.Actor) -> str:
        """The tag of the caller's view of the cycle now (its ``ETag``)."""
        return etag(self.get(cycle_id, by=by))

    def view(self, cycle_id: str, *, by: pc.Actor) -> dict[str, Any]:
        view: dict[str, Any] = self.get(cycle_id, by=by).json()["view"]
        return view


def etag(answer: httpx2.Response) -> str:
    """The tag an answer about a cycle carries: its ``ETag``, unquoted, the same as the body's."""
    quoted = answer.headers["ETag"]
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    tag = quoted[1:-1]
    assert answer.json()["tag"] == tag
    return tag


def load_fixture(*parts: str) -> dict[str, Any]:
    """A stored document from perfcore's fixtures of past schemas."""
    document: dict[str, Any] = json.loads(FIXTURES.joinpath(*parts).read_text())
    return document


def make_api(
    store: EventStore, *, clock: Clock | None = None, upcasters: Sequence[Upcaster] = ()
) -> Iterator[Api]:
    clock = clock or Clock()
    app: FastAPI = create_app(Settings(), store=store, clock=clock, upcasters=upcasters)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock)


# --- bodies a client sends --------------------------------------------------------------------

START = {
    "cycle_id": "ana-2026",
    "employee_id": "ana",
    "manager_id": "ben",
    "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
    "check_in_every_days": 60,
}
SALES = {
    "id": "g1",
    "title": "Grow revenue",
    "weight": 70,
    "measure": {
        "type": "numeric",
        "unit": "EUR k",
        "threshold": 900,
        "target": 1000,
        "stretch": 1200,
    },
    "parent_id": "company/growth",
}
QUALITY = {
    "id": "g2",
    "title": "Cut defects",
    "weight": 30,
    "measure": {
        "type": "numeric",
        "unit": "defects",
        "target": 5,
        "threshold": 10,
        "direction": "lower_is_better",
    },
    "parent_id": "company/quality",
}


def assessment(source: str, sales: str, basis: str) -> dict[str, Any]:
    return {
        "source": source,
        "goal_ratings": [
            {
                "goal_id": "g1",
                "achievement": sales,
                "rating": {"value": 2, "basis": {"text": basis}},
            },
            {
                "goal_id": "g2",
                "achievement": "exceeded",
                "rating": {"value": 5, "basis": {"text": basis}},
            },
        ],
    }


def check_in(check_in_id: str, kind: str, on: int, summary: str) -> dict[str, Any]:
    return {
        "check_in": {
            "id": check_in_id,
            "kind": kind,
            "held_on": day(on).date().isoformat(),
            "summary": summary,
        }
    }


def objective(objective_id: str) -> dict[str, Any]:
    """A company objective of 2026, as the app's catalogue holds it."""
    return {
        "id": objective_id,
        "title": objective_id,
        "level": "company",
        "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
        "parent_id": None,
        "retired_on": None,
    }


def goals_agreed(api: Api) -> None:
    """A started cycle with two aligned, agreed goals weighing 100 (6 events)."""
    assert api.start(START, by=HR).status_code == 201
    api.command("ana-2026", "propose_goal", {"goal": SALES}, by=MANAGER, on=1)
    api.command("ana-2026", "propose_goal", {"goal": QUALITY}, by=MANAGER, on=2)
    for goal_id, objective_id in (("g1", "company/growth"), ("g2", "company/quality")):
        body = {"goal_id": goal_id, "objective": objective(objective_id)}
        api.command("ana-2026", "align_goal", body, by=MANAGER, on=2)
    api.command("ana-2026", "agree_goals", by=EMPLOYEE, on=3)


def in_appraisal(api: Api) -> None:
    """Appraisal entered on day 40 after a 1:1 and the employee's private note (10 events)."""
    goals_agreed(api)
    api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("k1", "one_on_one", 30, "Pipeline review"),
        by=MANAGER,
        on=30,
    )
    api.command(
        "ana-2026",
        "record_check_in",
        check_in("n1", "private_note", 31, "Ask about the Lyon deal"),
        by=EMPLOYEE,
        on=31,
    )
    api.command("ana-2026", "advance_phase", by=MANAGER, on=40)


def version_keys(document: object, path: str = "$") -> list[str]:
    """Where ``document`` holds a key naming a version, but a document's ``schema_version``."""
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if "version" in str(key).lower() and key != "schema_version":
                found.append(f"{path}.{key}")
            found += version_keys(value, f"{path}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += version_keys(value, f"{path}[{index}]")
    return found


def told_a_version(answer: httpx2.Response) -> list[str]:
    """What in ``answer`` (its headers, and its body if JSON) names a version."""
    told = [
        f"header {name}"
        for name, value in answer.headers.items()
        if "version" in name.lower() or "version" in value.lower()
    ]
    if answer.headers.get("content-type", "").endswith("json") and answer.content:
        told += version_keys(answer.json())
    return told
