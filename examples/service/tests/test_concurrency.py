"""Two writers at once: a stale version and a race for the same version both answer 409."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest
from perfcore_service import EventStore, StoredEvent
from service_api import EMPLOYEE, HR, MANAGER, Api, check_in, day, goals_agreed, headers, make_api


def test_a_writer_that_read_an_older_version_gets_409_and_nothing_is_stored(
    api: Api, store: EventStore
) -> None:
    version = goals_agreed(api)
    # The manager and HR both read version 4; the manager advances first.
    api.command("ana-2026", "advance_phase", by=MANAGER, version=version, on=5)
    answer = api.issue(
        "ana-2026", "cancel", {"reason": "Reorganised"}, by=HR, version=version, on=5
    )
    assert answer.status_code == 409
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json() == {
        "type": "/problems/version-conflict",
        "title": "The record changed since it was read",
        "status": 409,
        "detail": "expected version 4, but the cycle is at version 5",
        "expected_version": 4,
        "actual_version": 5,
        "instance": "/cycles/ana-2026/commands/cancel",
    }
    assert [row.type for row in store.read("ana-2026")][-1] == "phase_advanced"
    assert store.version("ana-2026") == 5


class Racing:
    """A store whose reads wait for each other: both writers load the same version."""

    def __init__(self, inner: EventStore, writers: int) -> None:
        self.inner = inner
        self.barrier: threading.Barrier | None = None
        self.writers = writers

    def read(self, cycle_id: str) -> list[StoredEvent]:
        rows = self.inner.read(cycle_id)
        if self.barrier is not None:
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


def test_two_writers_that_read_the_same_version_at_once_one_gets_409(
    racing_api: Api, racing: Racing
) -> None:
    version = goals_agreed(racing_api)
    version = racing_api.command("ana-2026", "advance_phase", by=MANAGER, version=version, on=5)
    racing_api.clock.now = day(6)

    def manager_checks_in() -> httpx2.Response:
        return racing_api.client.post(
            "/cycles/ana-2026/commands/record_check_in",
            params={"expected_version": version},
            json=check_in("k1", "one_on_one", 6, "Kick-off"),
            headers=headers(MANAGER),
        )

    def hr_cancels() -> httpx2.Response:
        return racing_api.client.post(
            "/cycles/ana-2026/commands/cancel",
            params={"expected_version": version},
            json={"reason": "Duplicate click"},
            headers=headers(HR),
        )

    # Both requests load version 5 before either appends: both pass expected_version,
    # and the unique (cycle_id, version) key refuses the second INSERT of version 6.
    racing.barrier = threading.Barrier(racing.writers)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [
            future.result() for future in [pool.submit(manager_checks_in), pool.submit(hr_cancels)]
        ]
    racing.barrier = None

    assert sorted(answer.status_code for answer in answers) == [200, 409]
    lost = next(answer for answer in answers if answer.status_code == 409)
    assert lost.headers["content-type"] == "application/problem+json"
    problem = lost.json()
    assert problem["type"] == "/problems/version-conflict"
    assert (problem["expected_version"], problem["actual_version"]) == (5, 6)
    rows = racing.read("ana-2026")
    assert [row.version for row in rows] == [1, 2, 3, 4, 5, 6]
    won = next(answer for answer in answers if answer.status_code == 200)
    assert won.json()["version"] == 6
    winner = "record_check_in" if won.url.path.endswith("record_check_in") else "cancel"
    assert (
        rows[-1].type
        == {"record_check_in": "check_in_recorded", "cancel": "cycle_cancelled"}[winner]
    )
    # The loser reloads, sees the winner's change and decides again.
    assert racing_api.view("ana-2026", by=EMPLOYEE)["phase"] in ("implementation", "cancelled")
