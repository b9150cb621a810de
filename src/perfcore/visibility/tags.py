"""A view's tag: the concurrency token for a caller who may not see every event.

``cycle.version`` counts every event, the ones a caller may not see among them
(someone else's private note, a draft rating not yet released), so an app that
hands it to such a caller tells them that something hidden happened, and when.
A view's tag is a digest of the view alone: it changes exactly when what the
caller sees changes, never for an event hidden from them. An app sends it as
the HTTP ``ETag`` of the view and checks the caller's ``If-Match`` with
:func:`check_view_tag` before executing their command; the cycle's version
stays inside the app, for its store's ``(cycle, version)`` key.

>>> import datetime as dt
>>> from perfcore import (Actor, CheckIn, CheckInKind, Cycle, Goal, Objective, ObjectiveLevel,
...                       Period, Role, YesNoMeasure)
>>> from perfcore.visibility import view_cycle
>>> hr = Actor(person_id="hr-1", role=Role.HR)
>>> manager = Actor(person_id="m2", role=Role.MANAGER)
>>> employee = Actor(person_id="e7", role=Role.EMPLOYEE)
>>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
>>> goal = Goal(id="g1", title="Ship it", weight=100, measure=YesNoMeasure(question="Shipped?"))
>>> ship = Objective(id="co/ship", title="Ship", level=ObjectiveLevel.COMPANY,
...                  period=Period.annual(2026))
>>> cycle = (Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
...                      period=Period.annual(2026), by=hr, at=at)
...          .propose_goal(goal, by=manager, at=at).align_goal("g1", ship, by=manager, at=at)
...          .agree_goals(by=employee, at=at).advance(by=manager, at=at))
>>> note = CheckIn(id="n1", kind=CheckInKind.PRIVATE_NOTE, held_on=at.date(), summary="Tired?")
>>> noted = cycle.record_check_in(note, by=manager, at=at)
>>> noted.version - cycle.version
1
>>> view_tag(view_cycle(noted, hr)) == view_tag(view_cycle(cycle, hr))
True
>>> view_tag(view_cycle(noted, manager)) == view_tag(view_cycle(cycle, manager))
False
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError, ViewChanged
from perfcore.visibility.views import CycleView, FeedbackView

__all__ = ["check_view_tag", "view_tag"]

_VIEWS = (CycleView, FeedbackView)


def view_tag(view: CycleView | FeedbackView) -> str:
    """The tag of ``view``: 32 hex digits that change exactly when the view does.

    Equal views have equal tags in every process and on every machine (the
    digest is of a canonical form: fields in declared order, mappings and sets
    sorted), so a service running several workers agrees on them.
    """
    if not isinstance(view, _VIEWS):
        raise ValidationError.single(
            "view", f"must be a CycleView or FeedbackView, got {v.describe(view)}"
        )
    return hashlib.sha256(repr(_canonical(view)).encode("utf-8")).hexdigest()[:32]


def check_view_tag(view: CycleView | FeedbackView, tag: object) -> None:
    """Refuse a command based on a view that has changed: :class:`~perfcore.ViewChanged`.

    ``view`` is the caller's view of the cycle as it is now, ``tag`` the tag of
    the view they read (their ``If-Match``).

    >>> import datetime as dt
    >>> from perfcore import Actor, Cycle, Period, Role
    >>> from perfcore.visibility import view_cycle
    >>> hr = Actor(person_id="hr-1", role=Role.HR)
    >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c-1", employee_id="e7", manager_id="m2",
    ...                     period=Period.annual(2026), by=hr, at=at)
    >>> seen = view_tag(view_cycle(cycle, hr))
    >>> check_view_tag(view_cycle(cycle, hr), seen)  # unchanged: go ahead
    >>> cancelled = cycle.cancel(reason="Left", by=hr, at=at)
    >>> check_view_tag(view_cycle(cancelled, hr), seen)
    Traceback (most recent call last):
    ...
    perfcore.errors.ViewChanged: the view has changed since it was read ...
    """
    v.require(tag, str, "tag")
    assert isinstance(tag, str)  # noqa: S101 - checked just above
    now = view_tag(view)
    if tag != now:
        raise ViewChanged(tag if len(tag) <= 64 else tag[:64] + "...", now)


def _canonical(value: object) -> Any:  # noqa: ANN401, PLR0911 - one branch per kind of value
    """``value`` as nested tuples of plain values, the same in every process."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | decimal.Decimal):
        return repr(value)
    if isinstance(value, enum.Enum):
        return (type(value).__name__, _canonical(value.value))
    if isinstance(value, dt.date):  # datetimes too: the instant and its offset
        return (type(value).__name__, value.isoformat())
    kind = type(value)
    if attrs.has(kind):
        return (
            kind.__name__,
            tuple(
                (field.name, _canonical(getattr(value, field.name)))
                for field in attrs.fields(kind)
                if field.eq
            ),
        )
    if isinstance(value, Mapping):
        return (
            "map",
            tuple(sorted(((_canonical(k), _canonical(x)) for k, x in value.items()), key=repr)),
        )
    if isinstance(value, AbstractSet):
        return ("set", tuple(sorted((_canonical(x) for x in value), key=repr)))
    if isinstance(value, tuple | list):
        return tuple(_canonical(x) for x in value)
    return (type(value).__name__, repr(value))
