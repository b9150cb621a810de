"""The service's settings, read from the environment once, at start-up.

perfcore itself never reads the environment, a file or the clock; the service
does, here and in its clock, and hands perfcore only values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Literal

StoreKind = Literal["sqlalchemy", "eventsourcing"]

DEFAULT_DATABASE_URL = "sqlite:///perfcore-service.db"
"""A file next to where the service runs: SQLite is the embedded default."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the events are stored, and through which recipe.

    ``database_url`` is an SQLAlchemy URL: ``sqlite:///cycles.db`` (the default
    is a file in the working directory) or
    ``postgresql+psycopg://user:secret@db/reviews`` (with a PostgreSQL driver
    installed). ``store`` picks the recipe: ``"sqlalchemy"`` (one table of
    events through SQLAlchemy 2) or ``"eventsourcing"`` (the same events
    through the eventsourcing library's SQLite recorder; SQLite URLs only).
    """

    database_url: str = DEFAULT_DATABASE_URL
    store: StoreKind = "sqlalchemy"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from ``PERFCORE_SERVICE_DATABASE_URL`` and ``PERFCORE_SERVICE_STORE``."""
        store = environ.get("PERFCORE_SERVICE_STORE", "sqlalchemy")
        if store not in ("sqlalchemy", "eventsourcing"):
            msg = f"PERFCORE_SERVICE_STORE must be 'sqlalchemy' or 'eventsourcing', got {store!r}"
            raise ValueError(msg)
        return cls(
            database_url=environ.get("PERFCORE_SERVICE_DATABASE_URL", DEFAULT_DATABASE_URL),
            store="eventsourcing" if store == "eventsourcing" else "sqlalchemy",
        )
