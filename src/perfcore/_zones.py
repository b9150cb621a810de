"""Which calendar date a moment falls on: the rule every date check uses.

A cycle (and a feedback request) names an IANA time zone, stored by its name
(``"Europe/Berlin"``). The calendar date of a command is the date of its
moment ``at`` in that zone, whatever offset ``at`` itself carries: the same
instant written in UTC or in Los Angeles time falls on the same day. A history
stored before zones were recorded has none (``None``); there each moment's
date is the one it was written with, the rule it was checked by then.

Zone data comes from the standard library's :mod:`zoneinfo` (the system's time
zone database, or the ``tzdata`` package where the system has none); ``"UTC"``
needs no data at all. A name that could reach a file outside the database, or
one that names the machine's own zone (``localtime``), is refused: the date
rules never depend on where the code runs.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from perfcore.errors import MalformedInput, ParamValue

UTC_NAME = "UTC"
"""The zone of a cycle started without one."""

MAX_NAME_LENGTH = 64

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9][A-Za-z0-9_+\-]*)*")

_MACHINE_NAMES = frozenset({"localtime", "posixrules", "factory"})
"""Names in some databases that stand for the machine's settings, not a place."""


def zone_problem(name: object) -> tuple[str, str, dict[str, ParamValue]] | None:
    """Why ``name`` is not a usable IANA zone name (message, code, params), or ``None``."""
    if not isinstance(name, str):
        kind = type(name).__name__
        message = f"must be an IANA time zone name such as 'Europe/Berlin', got {kind}"
        return message, "wrong_type", {"expected": "str", "actual_type": kind}
    shown = name if len(name) <= MAX_NAME_LENGTH else name[:MAX_NAME_LENGTH] + "..."
    if (
        len(name) > MAX_NAME_LENGTH
        or not _NAME.fullmatch(name)
        or name.lower() in _MACHINE_NAMES
        or _load(name) is None
    ):
        message = f"{shown!r} is not an IANA time zone name known here (e.g. 'Europe/Berlin')"
        return message, "unknown_time_zone", {"value": shown}
    return None


def _load(name: str) -> dt.tzinfo | None:
    """The zone named ``name`` (already matched by ``_NAME``), or ``None`` if there is none.

    :mod:`zoneinfo` keeps the zones it has read, so a name is read from the
    database once while a program runs.
    """
    if name == UTC_NAME:
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone(name: str, path: str = "time_zone") -> dt.tzinfo:
    """The ``tzinfo`` of the zone ``name``; an unusable name is refused at ``path``."""
    problem = zone_problem(name)
    if problem is not None:
        message, code, params = problem
        raise MalformedInput.single(path, message, code=code, params=params)
    found = _load(name)
    assert found is not None  # noqa: S101 - zone_problem loaded it
    return found


def local_date(moment: dt.datetime, zone_name: str | None) -> dt.date:
    """The calendar date of ``moment`` in the zone ``zone_name`` (its own offset if ``None``).

    >>> at = dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.UTC)
    >>> local_date(at, "UTC"), local_date(at, "America/Los_Angeles"), local_date(at, None)
    (datetime.date(2026, 3, 2), datetime.date(2026, 3, 1), datetime.date(2026, 3, 2))
    >>> local_date(at, "Mars/Olympus_Mons")
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: time_zone: 'Mars/Olympus_Mons' is not an IANA time zone ...
    """
    if zone_name is None:
        return moment.date()
    # A cycle's zone was checked when it was built: load it without checking the name again
    # (every command and every blockers() call asks), and check only a name that does not load.
    return moment.astimezone(_load(zone_name) or zone(zone_name)).date()
