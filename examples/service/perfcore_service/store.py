"""Storage of a cycle's events: the protocol the service needs, and the SQLAlchemy recipe.

A store keeps one row per event, keyed by ``(cycle_id, version)``: the version
of the cycle after the event (perfcore's ``cycle.version``; the event's own
``sequence`` plus one). The key is unique, and that is the whole of the
concurrency control the database does: two requests that decided on the same
version both try to write the next one, and the second ``INSERT`` fails. The
store reports that as :class:`AppendConflict`; the service loads the cycle again
and decides once more if the caller's view is unchanged. The versions stay
inside the service: callers are given their view's tag instead.

The documents are perfcore's JSON (``converter.unstructure(event, Event)``),
stored as the release that wrote them made them; the service upcasts them on
read, so old rows are never rewritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


@dataclasses.dataclass(frozen=True, kw_only=True)
class StoredEvent:
    """One stored event: the cycle's version after it, its type tag and its JSON document."""

    version: int
    type: str
    document: dict[str, Any]


class AppendConflict(Exception):
    """The unique ``(cycle_id, version)`` key refused an append: that version is taken."""

    def __init__(self, cycle_id: str, expected_version: int) -> None:
        self.cycle_id = cycle_id
        self.expected_version = expected_version
        super().__init__(f"cycle {cycle_id!r} has moved past version {expected_version}")


class EventStore(Protocol):
    """What the service needs of a store of events."""

    def read(self, cycle_id: str) -> list[StoredEvent]:
        """Every stored event of the cycle, in version order (empty if there is no such cycle)."""
        ...

    def version(self, cycle_id: str) -> int:
        """The highest stored version of the cycle (0 if there is no such cycle)."""
        ...

    def append(self, cycle_id: str, expected_version: int, events: Sequence[StoredEvent]) -> None:
        """Store ``events`` after ``expected_version``, all or none.

        Raises:
            AppendConflict: one of the versions is taken (a concurrent writer).
        """
        ...

    def close(self) -> None:
        """Release the store's connections."""
        ...


class Base(DeclarativeBase):
    """The service's tables."""


class EventRow(Base):
    """The table of events: one row per event, unique per ``(cycle_id, version)``.

    ``position`` orders every event of every cycle as it was written (a feed
    for projections); ``type`` and ``schema_version`` are copies of the
    document's, so a query can select events of one kind or one version
    without reading the documents.
    """

    __tablename__ = "perfcore_events"
    __table_args__ = (
        sa.UniqueConstraint("cycle_id", "version", name="uq_perfcore_events_cycle_version"),
    )

    position: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    cycle_id: Mapped[str] = mapped_column(sa.String(200))
    version: Mapped[int]
    type: Mapped[str] = mapped_column(sa.String(100))
    schema_version: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(sa.JSON().with_variant(JSONB(), "postgresql"))


class SqlAlchemyEventStore:
    """The events in one table through SQLAlchemy 2: SQLite, PostgreSQL, any database it speaks."""

    def __init__(self, database_url: str) -> None:
        self.engine = sa.create_engine(database_url)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def read(self, cycle_id: str) -> list[StoredEvent]:
        """Every stored event of the cycle, in version order."""
        query = sa.select(EventRow).where(EventRow.cycle_id == cycle_id).order_by(EventRow.version)
        with self._sessions() as session:
            return [
                StoredEvent(version=row.version, type=row.type, document=row.document)
                for row in session.scalars(query)
            ]

    def version(self, cycle_id: str) -> int:
        """The highest stored version of the cycle (0 if there is none)."""
        query = sa.select(sa.func.max(EventRow.version)).where(EventRow.cycle_id == cycle_id)
        with self._sessions() as session:
            return session.scalar(query) or 0

    def append(self, cycle_id: str, expected_version: int, events: Sequence[StoredEvent]) -> None:
        """INSERT the events in one transaction; the unique key refuses a version already taken."""
        rows = [
            EventRow(
                cycle_id=cycle_id,
                version=event.version,
                type=event.type,
                schema_version=event.document["schema_version"],
                document=event.document,
            )
            for event in events
        ]
        session: Session
        try:
            with self._sessions.begin() as session:
                session.add_all(rows)
        except sa.exc.IntegrityError as taken:
            raise AppendConflict(cycle_id, expected_version) from taken

    def close(self) -> None:
        """Close the engine's pooled connections."""
        self.engine.dispose()
