"""Settings from the environment, the stores they open, and the table on PostgreSQL."""

from __future__ import annotations

import pathlib

import pytest
from fastapi.testclient import TestClient
from perfcore_service import EventStore, Settings, SqlAlchemyEventStore, StoredEvent, create_app
from perfcore_service.app import open_store
from perfcore_service.eventsourcing_store import EventsourcingEventStore, sqlite_path
from perfcore_service.store import Base, EventRow
from service_api import HR, START, headers
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable


def test_settings_come_from_the_environment_with_sqlite_as_the_default() -> None:
    assert Settings.from_env({}) == Settings(
        database_url="sqlite:///perfcore-service.db", store="sqlalchemy"
    )
    chosen = Settings.from_env(
        {
            "PERFCORE_SERVICE_DATABASE_URL": "postgresql+psycopg://reviews@db/reviews",
            "PERFCORE_SERVICE_STORE": "eventsourcing",
        }
    )
    assert chosen.database_url == "postgresql+psycopg://reviews@db/reviews"
    assert chosen.store == "eventsourcing"
    with pytest.raises(ValueError, match="PERFCORE_SERVICE_STORE"):
        Settings.from_env({"PERFCORE_SERVICE_STORE": "mongo"})


@pytest.mark.parametrize(
    ("kind", "store_class"),
    [("sqlalchemy", SqlAlchemyEventStore), ("eventsourcing", EventsourcingEventStore)],
)
def test_the_app_opens_the_store_its_settings_name(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    store_class: type[EventStore],
) -> None:
    url = f"sqlite:///{tmp_path / 'cycles.db'}"
    monkeypatch.setenv("PERFCORE_SERVICE_DATABASE_URL", url)
    monkeypatch.setenv("PERFCORE_SERVICE_STORE", kind)
    app = create_app()  # what `uvicorn --factory perfcore_service:create_app` runs
    store = app.state.service.store
    assert isinstance(store, store_class)
    with TestClient(app) as client:
        assert client.post("/cycles", json=START, headers=headers(HR)).status_code == 201
    store.close()
    reopened = open_store(Settings(database_url=url, store=kind))  # type: ignore[arg-type]
    assert [row.type for row in reopened.read("ana-2026")] == ["cycle_started"]
    reopened.close()


def test_the_eventsourcing_recipe_takes_only_sqlite_urls() -> None:
    assert sqlite_path("sqlite:///data/cycles.db") == "data/cycles.db"
    assert sqlite_path("sqlite://") == ":memory:"
    with pytest.raises(ValueError, match="'postgresql'"):
        sqlite_path("postgresql://db/reviews")


def test_on_postgresql_the_table_has_a_unique_cycle_and_version_and_jsonb_documents() -> None:
    table = Base.metadata.tables[EventRow.__tablename__]
    ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "document JSONB NOT NULL" in ddl
    assert "CONSTRAINT uq_perfcore_events_cycle_version UNIQUE (cycle_id, version)" in ddl
    assert "position BIGSERIAL" in ddl


def test_a_row_stored_at_the_wrong_version_is_a_history_that_does_not_load(
    tmp_path: pathlib.Path,
) -> None:
    store = SqlAlchemyEventStore(f"sqlite:///{tmp_path / 'cycles.db'}")
    app = create_app(store=store)
    with TestClient(app) as client:
        assert client.post("/cycles", json=START, headers=headers(HR)).status_code == 201
        started = store.read("ana-2026")[0].document
        store.append("moved", 0, [StoredEvent(version=1, type="cycle_started", document=started)])
        answer = client.get("/cycles/moved", headers=headers(HR))
    assert answer.status_code == 500
    assert answer.json()["type"] == "/problems/stored-history-refused"
    store.close()
