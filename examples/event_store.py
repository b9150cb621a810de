"""A cycle stored as events in SQLite, with two writers and one conflict.

Run it with ``python examples/event_store.py``. It keeps one table of events in
an in-memory SQLite database, keyed by ``(cycle_id, version)``, starts a cycle
from a command built from JSON, runs commands by name at the version the
writer read, and shows both guards against lost updates: ``expected_version``
(the cycle moved on since it was read) and the table's unique key (two writers
that read the same version at the same moment). It ends by loading a snapshot
plus the events since.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

import perfcore as pc
from perfcore.cycle import COMMAND_BY_NAME, StartCycle
from perfcore.serialization import make_converter

converter = make_converter()
hr = pc.Actor(person_id="hr-lee", role=pc.Role.HR)
manager = pc.Actor(person_id="m-ben", role=pc.Role.MANAGER)
employee = pc.Actor(person_id="e-ana", role=pc.Role.EMPLOYEE)

SCHEMA = """
CREATE TABLE events (
    cycle_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    type     TEXT NOT NULL,
    document TEXT NOT NULL,
    UNIQUE (cycle_id, version)
)
"""


def at(day: int, hour: int = 9) -> dt.datetime:
    """perfcore never reads the clock: every command is given its moment."""
    return dt.datetime(2026, 1, day, hour, tzinfo=dt.UTC)


def append(db: sqlite3.Connection, cycle_id: str, read: int, events: Iterable[pc.Event]) -> None:
    """Store the events recorded after version ``read``; the unique key refuses a race."""
    rows = [
        (cycle_id, read + offset, event.TAG, json.dumps(converter.unstructure(event, pc.Event)))
        for offset, event in enumerate(events, start=1)
    ]
    with db:  # one transaction: all of the command's events, or none
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows)


def stored_events(db: sqlite3.Connection, cycle_id: str, after: int = 0) -> list[pc.Event]:
    rows = db.execute(
        "SELECT document FROM events WHERE cycle_id = ? AND version > ? ORDER BY version",
        (cycle_id, after),
    )
    return [converter.loads(document, pc.Event) for (document,) in rows]


def load(db: sqlite3.Connection, cycle_id: str) -> pc.Cycle:
    """Every event, replayed: each re-decided by the command that records it."""
    return pc.Cycle.replay(stored_events(db, cycle_id))


def handle(  # noqa: PLR0913 - what an HTTP request carries
    db: sqlite3.Connection,
    cycle_id: str,
    name: str,
    body: dict[str, Any],
    *,
    by: pc.Actor,
    when: dt.datetime,
    version: int,
) -> int:
    """One request: the command by name, decided at the version its sender read."""
    cycle = load(db, cycle_id)
    command = converter.structure(body, COMMAND_BY_NAME[name])
    changed = cycle.execute(command, by=by, at=when, expected_version=version)
    append(db, cycle_id, version, changed.events_since(version))
    return changed.version


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)

    body = {
        "cycle_id": "c-ana-2026",
        "employee_id": "e-ana",
        "manager_id": "m-ben",
        "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
    }
    cycle = pc.Cycle.begin(converter.structure(body, StartCycle), by=hr, at=at(5))
    append(db, cycle.id, 0, cycle.events_since(0))
    print(f"started {cycle.id} at version {cycle.version}")

    goal = {
        "id": "g1",
        "title": "Ship the onboarding flow",
        "weight": 100,
        "measure": {"type": "yes_no", "question": "Shipped?"},
        "parent_id": "team/2026/ux",
    }
    version = handle(
        db, cycle.id, "propose_goal", {"goal": goal}, by=employee, when=at(6), version=1
    )
    ux = {  # the team objective, as the app's catalogue holds it
        "id": "team/2026/ux",
        "title": "A first week people finish",
        "level": "team",
        "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
        "parent_id": "company/2026/growth",
        "retired_on": None,
    }
    version = handle(
        db,
        cycle.id,
        "align_goal",
        {"goal_id": "g1", "objective": ux},
        by=employee,
        when=at(6),
        version=version,
    )
    version = handle(db, cycle.id, "agree_goals", {}, by=employee, when=at(7), version=version)
    print(f"goal proposed, aligned and agreed: version {version}")

    # Two writers read version 4. The manager advances first; HR's cancel was
    # decided on a cycle that no longer exists, so it is refused and nothing is stored.
    handle(db, cycle.id, "advance_phase", {}, by=manager, when=at(8), version=4)
    try:
        handle(db, cycle.id, "cancel", {"reason": "Reorganised"}, by=hr, when=at(8), version=4)
    except pc.VersionConflict as conflict:
        print(f"HR's cancel refused: {conflict} (409 Conflict; reload and decide again)")

    # Two writers load version 5 at the same instant: both pass expected_version,
    # and the table's unique key refuses the second INSERT of version 6.
    stale = load(db, cycle.id)
    note = pc.CheckIn(
        id="k1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=at(9).date(), summary="Kick-off 1:1"
    )
    first = stale.record_check_in(note, by=manager, at=at(9), expected_version=5)
    second = stale.cancel(reason="Duplicate click", by=hr, at=at(9), expected_version=5)
    append(db, cycle.id, 5, first.events_since(5))
    try:
        append(db, cycle.id, 5, second.events_since(5))
    except sqlite3.IntegrityError as race:
        print(f"the second writer lost the race: {race}")

    # A snapshot at version 3, and the events since, give the stored cycle.
    snapshot = json.dumps(converter.unstructure(pc.Cycle.replay(stored_events(db, cycle.id)[:3])))
    saved = converter.loads(snapshot, pc.Cycle)
    current = saved.apply(stored_events(db, cycle.id, after=saved.version))
    assert current == load(db, cycle.id)
    rows = db.execute("SELECT version, type FROM events ORDER BY version").fetchall()
    print(f"stored: {rows}")
    print(f"{current.id} is in {current.phase.value} at version {current.version}")


if __name__ == "__main__":
    main()
