"""Who sees which feedback notes and praise (continuous feedback, not tied to a request).

The giver and the recipient always see a note. Besides them, its audience
decides: a ``manager`` note is also seen by the recipient's manager named on
it, a ``public`` note by anyone. HR sees every note only when the policy says
so (``NoteVisibility(hr_sees_all=True)``); by default HR sees what anyone sees.
The result holds only the notes the viewer may see, and nothing about the rest:
no count, so a private note's existence cannot be told by difference.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.feedback.notes import FeedbackNote, NoteAudience
from perfcore.people import Actor, Role

__all__ = ["DEFAULT_NOTE_VISIBILITY", "NoteVisibility", "visible_notes"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NoteVisibility:
    """The policy for feedback notes beyond their audience.

    ``hr_sees_all``: HR (acting as HR) sees every note, private ones too;
    ``manager_sees_private``: the recipient's manager named on a note sees it
    even when it is private.
    """

    hr_sees_all: bool = attrs.field(default=False, validator=v.boolean())
    manager_sees_private: bool = attrs.field(default=False, validator=v.boolean())


DEFAULT_NOTE_VISIBILITY = NoteVisibility()
"""Notes are seen by their giver, their recipient and their audience; nobody else."""


def _sees(note: FeedbackNote, actor: Actor, policy: NoteVisibility) -> bool:
    person = actor.person_id
    if person in (note.giver_id, note.recipient_id):
        return True
    if note.audience is NoteAudience.PUBLIC:
        return True
    if actor.role == Role.HR and policy.hr_sees_all:
        return True
    if note.recipient_manager_id != person:
        return False
    return note.audience is NoteAudience.MANAGER or policy.manager_sees_private


def visible_notes(
    notes: Iterable[FeedbackNote],
    actor: Actor,
    *,
    policy: NoteVisibility = DEFAULT_NOTE_VISIBILITY,
) -> tuple[FeedbackNote, ...]:
    """The notes of ``notes`` that ``actor`` may see under ``policy``, in the order given.

    >>> import datetime as dt
    >>> from perfcore import Actor, Role
    >>> from perfcore.feedback import FeedbackNote, NoteAudience, NoteKind
    >>> at = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)
    >>> kim = Actor(person_id="e-kim", role=Role.EMPLOYEE)
    >>> notes = [
    ...     FeedbackNote(id="n-1", kind=NoteKind.PRAISE, actor=kim, at=at, recipient_id="e-lu",
    ...                  text="Great demo", audience=NoteAudience.PUBLIC),
    ...     FeedbackNote(id="n-2", kind=NoteKind.FEEDBACK, actor=kim, at=at, recipient_id="e-lu",
    ...                  text="Slides ran long", recipient_manager_id="m-ada",
    ...                  audience=NoteAudience.MANAGER),
    ...     FeedbackNote(id="n-3", kind=NoteKind.FEEDBACK, actor=kim, at=at, recipient_id="e-lu",
    ...                  text="Between us: ask for help sooner")]
    >>> def ids(person, role=Role.EMPLOYEE):
    ...     return [n.id for n in visible_notes(notes, Actor(person_id=person, role=role))]
    >>> ids("e-lu"), ids("m-ada", Role.MANAGER), ids("e-zed"), ids("hr-1", Role.HR)
    (['n-1', 'n-2', 'n-3'], ['n-1', 'n-2'], ['n-1'], ['n-1'])
    """
    given = v.items_of(notes, "notes", FeedbackNote)
    if not isinstance(actor, Actor):
        raise ValidationError.single(
            "actor", f"must be an Actor, got {v.describe(actor)}", code="wrong_type"
        )
    if not isinstance(policy, NoteVisibility):
        raise ValidationError.single(
            "policy", f"must be a NoteVisibility, got {v.describe(policy)}", code="wrong_type"
        )
    return tuple(note for note in given if _sees(note, actor, policy))
