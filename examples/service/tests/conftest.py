"""An app on a fresh SQLite file per test, through each of the two storage recipes."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
from perfcore_service import EventStore, SqlAlchemyEventStore
from perfcore_service.eventsourcing_store import EventsourcingEventStore
from service_api import Api, make_api


def open_store(kind: str, path: pathlib.Path) -> EventStore:
    url = f"sqlite:///{path / 'events.db'}"
    if kind == "eventsourcing":
        return EventsourcingEventStore(url)
    return SqlAlchemyEventStore(url)


@pytest.fixture(params=["sqlalchemy", "eventsourcing"])
def store(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[EventStore]:
    """A store on a fresh SQLite file, through each recipe."""
    opened = open_store(str(request.param), tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def api(store: EventStore) -> Iterator[Api]:
    """The service on ``store``, with a clock the test sets."""
    yield from make_api(store)
