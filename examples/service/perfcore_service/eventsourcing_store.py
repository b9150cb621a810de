"""The second recipe: the same events through the eventsourcing library's SQLite recorder.

eventsourcing's recorders store an aggregate's events as ``StoredEvent`` rows
keyed by ``(originator_id, originator_version)``, unique, which is exactly the
service's ``(cycle_id, version)``: the cycle's id is the originator id (as text),
the cycle's version after the event (perfcore's ``sequence`` plus one) is the
originator version, the event's stable type tag is the topic and its JSON
document is the state. The recorder refuses a version already taken with its
``IntegrityError``, which becomes the service's :class:`AppendConflict`.

The application recorder used here also numbers every event in the order it
was written (``select_notifications``), the feed eventsourcing's projections
and process applications read. For PostgreSQL, eventsourcing's
``PostgresApplicationRecorder`` takes the same ``StoredEvent`` rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from eventsourcing.persistence import IntegrityError
from eventsourcing.persistence import StoredEvent as RecordedEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from perfcore_service.store import AppendConflict, StoredEvent


def sqlite_path(database_url: str) -> str:
    """The file an ``sqlite:///...`` URL names (``:memory:`` for ``sqlite://``)."""
    url = sa.make_url(database_url)
    if url.get_backend_name() != "sqlite":
        msg = (
            "the eventsourcing recipe here uses eventsourcing's SQLite recorder;"
            f" got a {url.get_backend_name()!r} URL"
        )
        raise ValueError(msg)
    return url.database or ":memory:"


class EventsourcingEventStore:
    """The events in eventsourcing's SQLite application recorder, one row per event."""

    def __init__(self, database_url: str, *, table: str = "perfcore_stored_events") -> None:
        self.datastore = SQLiteDatastore(sqlite_path(database_url), originator_id_type="text")
        self.recorder = SQLiteApplicationRecorder(self.datastore, events_table_name=table)
        self.recorder.create_table()

    def read(self, cycle_id: str) -> list[StoredEvent]:
        """Every stored event of the cycle, in ``originator_version`` order."""
        return [
            StoredEvent(
                version=recorded.originator_version,
                type=recorded.topic,
                document=json.loads(recorded.state),
            )
            for recorded in self.recorder.select_events(cycle_id)
        ]

    def version(self, cycle_id: str) -> int:
        """The highest stored ``originator_version`` of the cycle (0 if there is none)."""
        last = self.recorder.select_events(cycle_id, desc=True, limit=1)
        return last[0].originator_version if last else 0

    def append(self, cycle_id: str, expected_version: int, events: Sequence[StoredEvent]) -> None:
        """Insert the events in one transaction; a version already taken is refused."""
        recorded = [
            RecordedEvent(
                originator_id=cycle_id,
                originator_version=event.version,
                topic=event.type,
                state=json.dumps(event.document).encode(),
            )
            for event in events
        ]
        try:
            self.recorder.insert_events(recorded)
        except IntegrityError as taken:
            raise AppendConflict(cycle_id, expected_version) from taken

    def close(self) -> None:
        """Close the recorder's connections."""
        self.datastore.close()
