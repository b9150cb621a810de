"""Events of a calibration session: immutable, attributable facts in its history.

Like a cycle's and a feedback request's events, each records the session, its
position in the history (``sequence``), who acted in which role (``actor``),
when (``at``) and why (``reason``; required for a move). A session is the fold
of its events: ``CalibrationSession.replay(session.events) == session``.

An event's short repr names the session, the position, the actor and the
cycle moved, never a rating: a log line or a test failure shows no one's
rating.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from perfcore import _validators as v
from perfcore.calibration.model import CalibrationDimension, Proposal
from perfcore.people import Actor

__all__ = [
    "CALIBRATION_EVENT_TYPES",
    "CalibrationClosed",
    "CalibrationEvent",
    "CalibrationOpened",
    "RatingMoved",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibrationEvent:
    """Envelope shared by every session event: which session, which position, who, when, why."""

    TAG: ClassVar[str] = "calibration_event"
    VERSION: ClassVar[int] = 1
    """The version of this event type's stored shape (see ``perfcore.cycle.Event.VERSION``)."""

    session_id: str = attrs.field(validator=v.text(max_length=200))
    sequence: int = attrs.field(validator=v.integer(minimum=0))
    actor: Actor = attrs.field(validator=v.instance(Actor))
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str | None = attrs.field(default=None, validator=v.optional_text())

    def __repr__(self) -> str:
        """Session, position, type and actor: no rating."""
        return f"<{type(self).__name__} {self.session_id}#{self.sequence} by {self.actor}>"


@v.reports_all_problems
@attrs.frozen(kw_only=True, repr=False)
class CalibrationOpened(CalibrationEvent):
    """HR opened a session on a population of cycles, with its participants and proposals."""

    TAG: ClassVar[str] = "calibration_opened"
    dimension: CalibrationDimension = attrs.field(validator=v.member(CalibrationDimension))
    participant_ids: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.text(max_length=200), unique=True), v.non_empty_tuple()]
    )
    """Who may move ratings: the people named, in whatever role they act."""
    proposals: tuple[Proposal, ...] = attrs.field(
        validator=[
            v.tuple_of(Proposal),
            v.non_empty_tuple(),
            v.distinct("cycle_id", "proposes cycle(s) more than once"),
            v.distinct("employee_id", "proposes a rating of person(s) more than once"),
        ]
    )
    """The ratings as the cycles proposed them when the session opened, in population order."""


@v.reports_all_problems
@attrs.frozen(kw_only=True, repr=False)
class RatingMoved(CalibrationEvent):
    """A participant moved one rating, with a reason; ``previous`` is the value it replaced."""

    TAG: ClassVar[str] = "rating_moved"
    reason: str | None = attrs.field(default=None, validator=v.text())
    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    value: float = attrs.field(validator=v.number())
    previous: float = attrs.field(validator=v.number())

    def __repr__(self) -> str:
        """Session, position, actor and the cycle moved: no rating."""
        return (
            f"<RatingMoved {self.session_id}#{self.sequence} cycle={self.cycle_id} by {self.actor}>"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True, repr=False)
class CalibrationClosed(CalibrationEvent):
    """The session closed: its results are locked and written back to the cycles."""

    TAG: ClassVar[str] = "calibration_closed"


CALIBRATION_EVENT_TYPES: tuple[type[CalibrationEvent], ...] = (
    CalibrationOpened,
    RatingMoved,
    CalibrationClosed,
)
"""Every concrete calibration event type."""
