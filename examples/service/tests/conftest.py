"""An app on a fresh database per test, through each storage recipe.

Every test runs on a fresh SQLite file through both recipes (SQLAlchemy, and
eventsourcing's recorder). Where ``PERFCORE_SERVICE_TEST_POSTGRES_URL`` names a
PostgreSQL server the tests may create databases on (CI starts a throwaway
one), every test also runs through SQLAlchemy on a fresh PostgreSQL database.
"""

from __future__ import annotations

import os
import pathlib
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from perfcore_service import EventStore, SqlAlchemyEventStore
from perfcore_service.eventsourcing_store import EventsourcingEventStore
from service_api import Api, make_api

POSTGRES = os.environ.get("PERFCORE_SERVICE_TEST_POSTGRES_URL", "")
"""An admin URL of a PostgreSQL server for the tests, or empty to use SQLite only."""

KINDS = ["sqlalchemy", "eventsourcing", *(["postgresql"] if POSTGRES else [])]


def open_store(kind: str, path: pathlib.Path) -> EventStore:
    url = f"sqlite:///{path / 'events.db'}"
    if kind == "eventsourcing":
        return EventsourcingEventStore(url)
    return SqlAlchemyEventStore(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    if not POSTGRES:
        pytest.skip("PERFCORE_SERVICE_TEST_POSTGRES_URL names no PostgreSQL server")
    name = f"perfcore_test_{uuid.uuid4().hex}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[EventStore]:
    """A store on a fresh database, through each recipe (and PostgreSQL where one is given)."""
    kind = str(request.param)
    if kind == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        opened: EventStore = SqlAlchemyEventStore(url)
    else:
        opened = open_store(kind, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def api(store: EventStore) -> Iterator[Api]:
    """The service on ``store``, with a clock the test sets."""
    yield from make_api(store)
