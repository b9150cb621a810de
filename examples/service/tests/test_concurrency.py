"""Writers at once: a stale view answers 412, and a race for a version is decided again.

No answer names a version: the caller's tag (``ETag``/``If-Match``) is the only
token, and a write the caller cannot see never costs them a refusal.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest
from perfcore_service import EventStore, StoredEvent
from service_api import (
    EMPLOYEE,
    HR,
    MANAGER,
    Api,
    check_in,
    day,
    goals_agreed,
    headers,
    make_api,
    told_a_version,
)

import perfcore as pc
from perfcore.serialization import make_converter


def test_a_writer_whose_view_changed_since_they_read_it_gets_412_and_nothing_is_stored(
    api: Api, store: EventStore
) -> None:
    goals_agreed(api)
    # The manager and HR both read the cycle; the manager advances first.
    seen = api.tag("ana-2026", by=HR)
    api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    answer = api.issue("ana-2026", "cancel", {"reason": "Reorganised"}, by=HR, on=5, tag=seen)
    assert answer.status_code == 412
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "/problems/view-changed"
    assert (problem["expected_tag"], problem["actual_tag"]) == (seen, api.tag("ana-2026", by=HR))
    assert told_a_version(answer) == []
    assert [row.type for row in store.read("ana-2026")][-1] == "phase_advanced"
    assert store.version("ana-2026") == 7


class Racing:
    """A store whose first reads wait for each other: the writers load the same version."""

    def __init__(self, inner: EventStore, writers: int) -> None:
        self.inner = inner
        self.barrier: threading.Barrier | None = None
        self.writers = writers
        self.waiting = 0
        self.lock = threading.Lock()

    def race(self) -> None:
        """The next ``writers`` reads wait for each other; reads after them do not."""
        self.barrier = threading.Barrier(self.writers)
        self.waiting = self.writers

    def read(self, cycle_id: str) -> list[StoredEvent]:
        rows = self.inner.read(cycle_id)
        with self.lock:
            wait = self.waiting > 0
            self.waiting -= wait
        if wait and self.barrier is not None:
            self.barrier.wait(timeout=30)
        return rows

    def version(self, cycle_id: str) -> int:
        return self.inner.version(cycle_id)

    def append(self, cycle_id: str, expected_version: int, events: Sequence[StoredEvent]) -> None:
        self.inner.append(cycle_id, expected_version, events)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def racing(store: EventStore) -> Racing:
    return Racing(store, writers=2)


@pytest.fixture
def racing_api(racing: Racing) -> Iterator[Api]:
    yield from make_api(racing)


def test_two_writers_that_load_the_same_version_at_once_the_second_sees_the_first(
    racing_api: Api, racing: Racing
) -> None:
    goals_agreed(racing_api)
    racing_api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    manager_saw = racing_api.tag("ana-2026", by=MANAGER)
    hr_saw = racing_api.tag("ana-2026", by=HR)
    racing_api.clock.now = day(6)

    def manager_checks_in() -> httpx2.Response:
        return racing_api.client.post(
            "/cycles/ana-2026/commands/record_check_in",
            json=check_in("k1", "one_on_one", 6, "Kick-off"),
            headers={**headers(MANAGER), "If-Match": f'"{manager_saw}"'},
        )

    def hr_cancels() -> httpx2.Response:
        return racing_api.client.post(
            "/cycles/ana-2026/commands/cancel",
            json={"reason": "Duplicate click"},
            headers={**headers(HR), "If-Match": f'"{hr_saw}"'},
        )

    # Both requests load version 7 before either appends, and both views match; the
    # unique (cycle_id, version) key refuses the second INSERT of version 8. The loser
    # loads again: the winner's event is one it sees, so its view has changed: 412.
    racing.race()
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [
            future.result() for future in [pool.submit(manager_checks_in), pool.submit(hr_cancels)]
        ]

    assert sorted(answer.status_code for answer in answers) == [200, 412]
    lost = next(answer for answer in answers if answer.status_code == 412)
    assert lost.headers["content-type"] == "application/problem+json"
    assert lost.json()["type"] == "/problems/view-changed"
    assert [told_a_version(answer) for answer in answers] == [[], []]
    rows = racing.read("ana-2026")
    assert [row.version for row in rows] == [1, 2, 3, 4, 5, 6, 7, 8]
    won = next(answer for answer in answers if answer.status_code == 200)
    winner = "record_check_in" if won.url.path.endswith("record_check_in") else "cancel"
    assert (
        rows[-1].type
        == {"record_check_in": "check_in_recorded", "cancel": "cycle_cancelled"}[winner]
    )
    assert racing_api.view("ana-2026", by=EMPLOYEE)["phase"] in ("implementation", "cancelled")


Write = Callable[[pc.Cycle], pc.Cycle]


class SlipsIn:
    """A store on which other writes land between a request's load and its append."""

    def __init__(self, inner: EventStore) -> None:
        self.inner = inner
        self.converter = make_converter()
        self.writes: list[Write] = []

    def read(self, cycle_id: str) -> list[StoredEvent]:
        rows = self.inner.read(cycle_id)
        if self.writes:  # the request goes on with the rows it read; another write lands
            self._write(cycle_id, rows, self.writes.pop(0))
        return rows

    def _write(self, cycle_id: str, rows: list[StoredEvent], write: Write) -> None:
        events = [self.converter.structure(row.document, pc.Event) for row in rows]
        cycle = pc.Cycle.replay(events)
        new = [
            StoredEvent(
                version=event.sequence + 1,
                type=event.TAG,
                document=self.converter.unstructure(event, pc.Event),
            )
            for event in write(cycle).events_since(cycle.version)
        ]
        self.inner.append(cycle_id, cycle.version, new)

    def version(self, cycle_id: str) -> int:
        return self.inner.version(cycle_id)

    def append(self, cycle_id: str, expected_version: int, events: Sequence[StoredEvent]) -> None:
        self.inner.append(cycle_id, expected_version, events)

    def close(self) -> None:
        self.inner.close()


def managers_note(note_id: str) -> Write:
    """The manager records a private note: nobody else sees it."""
    note = pc.CheckIn(
        id=note_id, kind=pc.CheckInKind.PRIVATE_NOTE, held_on=day(6).date(), summary="Lyon role?"
    )
    return lambda cycle: cycle.record_check_in(note, by=MANAGER, at=day(6))


def managers_one_on_one(cycle: pc.Cycle) -> pc.Cycle:
    """The manager records a 1:1: the employee sees it."""
    held = pc.CheckIn(
        id="k9", kind=pc.CheckInKind.ONE_ON_ONE, held_on=day(6).date(), summary="Kick-off"
    )
    return cycle.record_check_in(held, by=MANAGER, at=day(6) + dt.timedelta(hours=1))


@pytest.fixture
def slips_in(store: EventStore) -> SlipsIn:
    return SlipsIn(store)


@pytest.fixture
def slipping_api(slips_in: SlipsIn) -> Iterator[Api]:
    yield from make_api(slips_in)


def employees_check_in(api: Api, slips_in: SlipsIn, *writes: Write) -> httpx2.Response:
    """The employee records a 1:1 in implementation while ``writes`` land on the store."""
    goals_agreed(api)
    api.command("ana-2026", "advance_phase", by=MANAGER, on=5)
    seen = api.tag("ana-2026", by=EMPLOYEE)
    api.answers.clear()
    slips_in.writes = list(writes)
    body = check_in("k1", "one_on_one", 7, "Demo")
    return api.issue("ana-2026", "record_check_in", body, by=EMPLOYEE, on=7, tag=seen)


def test_a_hidden_write_that_takes_the_version_first_costs_the_caller_nothing(
    slipping_api: Api, slips_in: SlipsIn
) -> None:
    answer = employees_check_in(slipping_api, slips_in, managers_note("m1"))
    # Her command was decided at version 5, the note took version 6 first; her view
    # was still the one she read, so it was decided again on the fresh load.
    assert answer.status_code == 200, answer.text
    assert [row.type for row in slips_in.read("ana-2026")][-2:] == [
        "check_in_recorded",
        "check_in_recorded",
    ]
    assert [row.document["check_in"]["id"] for row in slips_in.read("ana-2026")[-2:]] == [
        "m1",
        "k1",
    ]
    assert answer.content == slipping_api.get("ana-2026", by=EMPLOYEE).content
    assert [told_a_version(answer) for answer in slipping_api.answers] == [[], []]


def test_a_visible_write_that_takes_the_version_first_is_412(
    slipping_api: Api, slips_in: SlipsIn
) -> None:
    answer = employees_check_in(slipping_api, slips_in, managers_one_on_one)
    assert answer.status_code == 412, answer.text
    assert answer.json()["type"] == "/problems/view-changed"
    assert [row.document.get("check_in", {}).get("id") for row in slips_in.read("ana-2026")][
        -1
    ] == "k9"
    assert told_a_version(answer) == []


def test_writes_that_take_the_version_at_every_attempt_are_409_without_versions(
    slipping_api: Api, slips_in: SlipsIn
) -> None:
    answer = employees_check_in(slipping_api, slips_in, managers_note("m1"), managers_note("m2"))
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json() == {
        "type": "/problems/concurrent-write",
        "title": "Another change was being stored",
        "status": 409,
        "detail": "other changes to cycle 'ana-2026' were being stored at the same moment;"
        " send the command again",
        "instance": "/cycles/ana-2026/commands/record_check_in",
    }
    assert told_a_version(answer) == []
    stored = [row.document.get("check_in", {}).get("id") for row in slips_in.read("ana-2026")]
    assert stored[-2:] == ["m1", "m2"]  # hers is not stored
    # Sent again, it goes through: the notes were nothing she sees.
    again = slipping_api.issue(
        "ana-2026", "record_check_in", check_in("k1", "one_on_one", 7, "Demo"), by=EMPLOYEE, on=7
    )
    assert again.status_code == 200, again.text
