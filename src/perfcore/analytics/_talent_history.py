"""Who is employed when: employment histories from events and a roster.

Public through :mod:`perfcore.analytics.talent` (:func:`employed_on`,
:func:`headcount`); the metrics over events in ``_talent_turnover`` and
``_talent_retention`` count over the same histories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from perfcore.analytics._talent_common import (
    ALL,
    NO_GROUP,
    _check_by,
    _date,
    _items,
    _named,
    _ordered,
    _roster,
)
from perfcore.analytics.records import EmploymentEvent, EmploymentEventKind, GroupKey, group_of
from perfcore.errors import Problem, ValidationError

_RANK = {
    EmploymentEventKind.HIRE: 0,
    EmploymentEventKind.PROMOTION: 1,
    EmploymentEventKind.TRAINING: 1,
    EmploymentEventKind.EXIT: 2,
}
"""Order of events on one day: hires first, exits last."""


# --- employment histories -----------------------------------------------------------------


@attrs.frozen
class _Person:
    """One person's events (in day order) and employments ``(first day, last day)``.

    ``None`` as a first day means "before the records"; as a last day, "still employed".
    """

    id: str
    events: tuple[EmploymentEvent, ...]
    spells: tuple[tuple[dt.date | None, dt.date | None], ...]

    def employed(self, day: dt.date) -> bool:
        return any(
            (first is None or first <= day) and (last is None or day <= last)
            for first, last in self.spells
        )

    def during(
        self, kind: EmploymentEventKind, start: dt.date, end: dt.date
    ) -> tuple[EmploymentEvent, ...]:
        return tuple(x for x in self.events if x.kind is kind and start <= x.on <= end)

    def group(self, by: GroupKey, until: dt.date) -> str:
        if by is None:
            return ALL
        if not self.events:
            return _named(by.get(self.id) if isinstance(by, Mapping) else None)
        keyed = [
            (x.on, _RANK[x.kind], group)
            for x in self.events
            if (group := _named(group_of(x, by))) != NO_GROUP
        ]
        earlier = [k for k in keyed if k[0] <= until]
        if earlier:
            return max(earlier)[2]
        return min(keyed)[2] if keyed else NO_GROUP


def _outside(event: EmploymentEvent, last_exit: dt.date | None) -> str:
    what = f"{event.kind.value} of {event.employee_id!r} on {event.on}"
    if last_exit is not None:
        return f"{what} falls outside their employment: they left on {last_exit}"
    return f"{what} falls outside any employment: no hire on or before it, and not in the roster"


def _history(events: object, roster: object) -> list[_Person]:
    """Everyone in ``events`` or ``roster``, by id, with their employments."""
    items = _items("events", events, EmploymentEvent)
    listed = _roster(roster)
    timelines: dict[str, list[tuple[int, EmploymentEvent]]] = {}
    for index, event in enumerate(items):
        timelines.setdefault(event.employee_id, []).append((index, event))
    problems: list[tuple[int, Problem]] = []
    people = []
    for person in sorted(set(timelines) | listed):
        timeline = sorted(
            timelines.get(person, []), key=lambda pair: (pair[1].on, _RANK[pair[1].kind], pair[0])
        )
        employed, since, last_exit = person in listed, None, None
        spells: list[tuple[dt.date | None, dt.date | None]] = []
        for index, event in timeline:
            if event.kind is EmploymentEventKind.HIRE:
                if not employed:
                    employed, since = True, event.on
            elif not employed:
                problems.append(
                    (index, Problem(path=f"events[{index}]", message=_outside(event, last_exit)))
                )
            elif event.kind is EmploymentEventKind.EXIT:
                spells.append((since, event.on))
                employed, last_exit = False, event.on
        if employed:
            spells.append((since, None))
        events_in_order = tuple(event for _, event in timeline)
        people.append(_Person(id=person, events=events_in_order, spells=tuple(spells)))
    if problems:
        raise ValidationError(problem for _, problem in sorted(problems, key=lambda p: p[0]))
    return people


def employed_on(
    events: Iterable[EmploymentEvent], *, on: dt.date, roster: Iterable[str] = ()
) -> tuple[str, ...]:
    """The ids of the people employed on day ``on``, sorted.

    Employed: hired on or before ``on`` (or in ``roster``, employed before
    their first event) and not gone by then; an exit on ``on`` is the last
    day, so that person is still employed on ``on``.

    >>> events = [
    ...     EmploymentEvent(employee_id="eve", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2026, 4, 1)),
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 6, 30), voluntary=False)]
    >>> employed_on(events, on=dt.date(2026, 6, 30), roster=["ann", "bo"])
    ('ann', 'bo', 'eve')
    >>> employed_on(events, on=dt.date(2026, 7, 1), roster=["ann", "bo"])
    ('ann', 'eve')
    """
    day = _date("on", on)
    return tuple(p.id for p in _history(events, roster) if p.employed(day))


def headcount(
    events: Iterable[EmploymentEvent],
    *,
    on: dt.date,
    roster: Iterable[str] = (),
    by: GroupKey = None,
) -> dict[str, int]:
    """How many people are employed on day ``on``, per group (see :func:`employed_on`).

    Keys are ordered like metric groups: ``{"all": n}`` when ``by`` is
    ``None``, else by name with :data:`NO_GROUP` last; a person's group is
    that of their latest event up to ``on`` that has one.

    >>> events = [
    ...     EmploymentEvent(employee_id="ann", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2024, 2, 1), department="sales"),
    ...     EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2025, 5, 1), department="ops"),
    ...     EmploymentEvent(employee_id="cy", kind=EmploymentEventKind.HIRE,
    ...                     on=dt.date(2026, 8, 1), department="ops")]
    >>> headcount(events, on=dt.date(2026, 1, 1))
    {'all': 2}
    >>> headcount(events, on=dt.date(2026, 1, 1), roster=["di"], by="department")
    {'ops': 1, 'sales': 1, '(none)': 1}
    """
    day = _date("on", on)
    _check_by(by, EmploymentEvent)
    counts: dict[str, int] = {ALL: 0} if by is None else {}
    for person in _history(events, roster):
        if person.employed(day):
            group = person.group(by, day)
            counts[group] = counts.get(group, 0) + 1
    return {group: counts[group] for group in _ordered(counts)}
