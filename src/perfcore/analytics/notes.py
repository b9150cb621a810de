"""Counts of feedback notes and praise given and received, per person or per group.

:func:`note_counts` counts the :class:`perfcore.feedback.FeedbackNote` values
it is given: per person, or per group of people (a mapping from person to
group, such as a department). As for rater effects, a group smaller than
``min_group_size`` people (default 4, at least 2) is not reported: its counts
are ``None`` with the reason, so a count cannot be traced to one or two
people. Group sizes are the people the mapping lists in each group, not the
people who happened to receive a note.

>>> import datetime as dt
>>> from perfcore import Actor, Role
>>> from perfcore.feedback import FeedbackNote, NoteKind
>>> at = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)
>>> def note(n, giver, to, kind=NoteKind.PRAISE):
...     return FeedbackNote(id=f"n-{n}", kind=kind, at=at, recipient_id=to, text="...",
...                         actor=Actor(person_id=giver, role=Role.EMPLOYEE))
>>> notes = [note(1, "ann", "bo"), note(2, "cy", "bo"), note(3, "bo", "ann", NoteKind.FEEDBACK)]
>>> [(c.group, c.received, c.praise, c.given) for c in note_counts(notes)]
[('ann', 1, 0, 1), ('bo', 2, 2, 1), ('cy', 0, 0, 1)]
>>> teams = {"ann": "web", "bo": "web", "cy": "web", "di": "web", "ed": "ops"}
>>> [(c.group, c.people, c.received, c.withheld) for c in note_counts(notes, groups=teams)]
[('ops', 1, None, '1 person, below the minimum of 4'), ('web', 4, 3, None)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_common import _check_min_group_size
from perfcore.errors import ValidationError
from perfcore.feedback.notes import FeedbackNote, NoteKind

__all__ = ["NoteCount", "note_counts"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NoteCount:
    """Notes received (of them praise) and given by one person or one group.

    ``group`` is the person's id (per person) or the group's name; ``None``
    for people the mapping does not list. ``withheld`` says why the counts
    are ``None`` (a group below the minimum size).
    """

    group: str | None = attrs.field(validator=v.optional_text())
    people: int = attrs.field(validator=v.integer(minimum=0))
    received: int | None = attrs.field(validator=v.integer(minimum=0, optional=True))
    praise: int | None = attrs.field(validator=v.integer(minimum=0, optional=True))
    """Of the notes received, how many were praise."""
    given: int | None = attrs.field(validator=v.integer(minimum=0, optional=True))
    withheld: str | None = attrs.field(default=None, validator=v.optional_text())

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return attrs.asdict(self)


def note_counts(
    notes: Iterable[FeedbackNote],
    *,
    groups: Mapping[str, str] | None = None,
    min_group_size: int = 4,
) -> tuple[NoteCount, ...]:
    """Notes received, praise received and notes given, per person or per group.

    Without ``groups``: one row per person who gave or received a note,
    sorted by id. With ``groups`` (person id → group): one row per group the
    mapping names, sorted, then a row for people it does not list (``group``
    ``None``) if any gave or received a note; groups below ``min_group_size``
    people are withheld.
    """
    given = v.items_of(notes, "notes", FeedbackNote)
    minimum = _check_min_group_size(min_group_size)
    if groups is not None and not isinstance(groups, Mapping):
        raise ValidationError.single(
            "groups", f"must be a mapping of person id to group, got {v.describe(groups)}"
        )
    if groups is None:
        people = sorted({n.recipient_id for n in given} | {n.giver_id for n in given})
        return tuple(_row(person, {person}, given) for person in people)
    members: dict[str, set[str]] = {}
    for person, group in groups.items():
        members.setdefault(str(group), set()).add(str(person))
    unlisted = {n.recipient_id for n in given} | {n.giver_id for n in given}
    unlisted -= set(map(str, groups))
    rows = [_judged(name, members[name], given, minimum) for name in sorted(members)]
    if unlisted:
        rows.append(_judged(None, unlisted, given, minimum))
    return tuple(rows)


def _row(group: str | None, people: set[str], notes: list[FeedbackNote]) -> NoteCount:
    received = [n for n in notes if n.recipient_id in people]
    return NoteCount(
        group=group,
        people=len(people),
        received=len(received),
        praise=sum(n.kind is NoteKind.PRAISE for n in received),
        given=sum(n.giver_id in people for n in notes),
    )


def _judged(
    group: str | None, people: set[str], notes: list[FeedbackNote], minimum: int
) -> NoteCount:
    if len(people) < minimum:
        size = f"{len(people)} {'person' if len(people) == 1 else 'people'}"
        return NoteCount(
            group=group,
            people=len(people),
            received=None,
            praise=None,
            given=None,
            withheld=f"{size}, below the minimum of {minimum}",
        )
    return _row(group, people, notes)
