"""Continuous feedback and praise: notes from anyone to anyone, not tied to a request.

A :class:`FeedbackNote` is an immutable, attributable fact, like an event: who
gave it in which role (``actor``), when (``at``), to whom (``recipient_id``),
what kind (feedback or praise), what it says and who may see it
(``audience``). Nobody gives a note to themselves; anyone else may give one
to anyone, at any time. Who sees a note is decided by
:func:`perfcore.visibility.visible_notes`; how many were given and received is
counted by :func:`perfcore.analytics.note_counts`.

**Praise never enters a score by default.** :func:`praise_score` returns
``None`` under the default :class:`PraiseScoring`; only a config with
``counts=True`` turns praise into a value, which the app then passes to the
composite like any other component (``components={"praise": value}``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.people import Actor
from perfcore.scales import RatingScale

__all__ = ["FeedbackNote", "NoteAudience", "NoteKind", "PraiseScoring", "praise_score"]


class NoteKind(enum.Enum):
    """What a note is."""

    FEEDBACK = "feedback"
    """Feedback given unasked: what went well, what could go better."""
    PRAISE = "praise"
    """Recognition of something done well."""


class NoteAudience(enum.Enum):
    """Who may see a note besides its giver and its recipient."""

    PRIVATE = "private"
    """The giver and the recipient only (and HR when the visibility policy says so)."""
    MANAGER = "manager"
    """Also the recipient's manager, named on the note."""
    PUBLIC = "public"
    """Anyone in the organisation, as on a praise wall."""


def _not_to_self(inst: FeedbackNote, attr: attrs.Attribute[Any], value: str) -> None:
    actor = getattr(inst, "actor", None)
    if isinstance(actor, Actor) and actor.person_id == value:
        v.fail(inst, attr, "is the giver; nobody gives a note to themselves")


def _manager_named(inst: FeedbackNote, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value is None and getattr(inst, "audience", None) is NoteAudience.MANAGER:
        v.fail(inst, attr, "must name the recipient's manager for a note shown to them", "required")
    if value is not None and value == getattr(inst, "recipient_id", None):
        v.fail(inst, attr, "must be someone other than the recipient")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackNote:
    """Feedback or praise one person gave another, unasked.

    Its repr leaves the text out, so a log line shows who and when, never what.

    >>> import datetime as dt
    >>> from perfcore import Actor, Role
    >>> at = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)
    >>> note = FeedbackNote(id="n-1", kind=NoteKind.PRAISE, recipient_id="e-2",
    ...     actor=Actor(person_id="e-1", role=Role.EMPLOYEE), at=at,
    ...     text="Thanks for covering the release night", audience=NoteAudience.PUBLIC)
    >>> note.kind.value, note.audience.value
    ('praise', 'public')
    >>> FeedbackNote(id="n-2", kind=NoteKind.PRAISE, recipient_id="e-1", at=at,
    ...     actor=Actor(person_id="e-1", role=Role.EMPLOYEE), text="Well done me")
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: FeedbackNote.recipient_id: is the giver; nobody gives a note to themselves
    """  # noqa: E501 - an error message reads best on one line

    TAG: ClassVar[str] = "feedback_note"
    VERSION: ClassVar[int] = 1
    """The version of this record's stored shape (see ``perfcore.cycle.Event.VERSION``)."""

    id: str = attrs.field(validator=v.text(max_length=200))
    kind: NoteKind = attrs.field(validator=v.member(NoteKind))
    actor: Actor = attrs.field(validator=v.instance(Actor))
    """Who gave the note, in which role."""
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    recipient_id: str = attrs.field(validator=[v.text(max_length=200), _not_to_self])
    text: str = attrs.field(validator=v.text(), repr=False)
    audience: NoteAudience = attrs.field(
        default=NoteAudience.PRIVATE, validator=v.member(NoteAudience)
    )
    recipient_manager_id: str | None = attrs.field(
        default=None, validator=[v.optional_text(), _manager_named]
    )
    """The recipient's manager when the note was given (required for ``MANAGER``)."""
    topics: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    """What the note is about: a company value, a competency, a goal id, a project."""

    @property
    def giver_id(self) -> str:
        """The person who gave the note."""
        return self.actor.person_id


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PraiseScoring:
    """Whether praise counts toward a score, and how. By default it does not.

    With ``counts=True``, the praise a person received is placed on ``scale``
    linearly: none is the scale's minimum, ``full_at`` or more its maximum.
    """

    counts: bool = attrs.field(default=False, validator=v.boolean())
    full_at: int = attrs.field(default=5, validator=v.integer(minimum=1, maximum=1000))
    scale: RatingScale = attrs.field(factory=RatingScale, validator=v.instance(RatingScale))


def praise_score(
    notes: Iterable[FeedbackNote],
    *,
    recipient_id: str,
    config: PraiseScoring | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> float | None:
    """The praise ``recipient_id`` received as a score component, or ``None``.

    ``None`` unless ``config.counts`` is true: praise enters no score by
    default. Only praise counts (not feedback notes), given in ``[since,
    until)`` when those are given.

    >>> import datetime as dt
    >>> from perfcore import Actor, Role
    >>> at = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)
    >>> notes = [FeedbackNote(id=f"n-{i}", kind=NoteKind.PRAISE, recipient_id="e-2", at=at,
    ...                       actor=Actor(person_id=f"e-{i + 3}", role=Role.EMPLOYEE),
    ...                       text="Great demo") for i in range(2)]
    >>> praise_score(notes, recipient_id="e-2") is None
    True
    >>> praise_score(notes, recipient_id="e-2", config=PraiseScoring(counts=True, full_at=4))
    3.0
    """
    config = PraiseScoring() if config is None else config
    if not isinstance(config, PraiseScoring):
        raise ValidationError.single(
            "config", f"must be a PraiseScoring, got {v.describe(config)}", code="wrong_type"
        )
    given = v.items_of(notes, "notes", FeedbackNote)
    if not isinstance(recipient_id, str):
        raise ValidationError.single(
            "recipient_id", f"must be a string, got {v.describe(recipient_id)}", code="not_a_string"
        )
    low = None if since is None else v.check_moment(since, "since")
    high = None if until is None else v.check_moment(until, "until")
    if not config.counts:
        return None
    count = sum(
        1
        for note in given
        if note.kind is NoteKind.PRAISE
        and note.recipient_id == recipient_id
        and (low is None or note.at >= low)
        and (high is None or note.at < high)
    )
    scale = config.scale
    share = min(count, config.full_at) / config.full_at
    return float(scale.minimum + share * (scale.maximum - scale.minimum))
