"""A reference HTTP service on perfcore: FastAPI, one table of events, problem details."""

from perfcore_service.app import CycleService, create_app, system_clock
from perfcore_service.settings import Settings
from perfcore_service.store import AppendConflict, EventStore, SqlAlchemyEventStore, StoredEvent

__all__ = [
    "AppendConflict",
    "CycleService",
    "EventStore",
    "Settings",
    "SqlAlchemyEventStore",
    "StoredEvent",
    "create_app",
    "system_clock",
]
