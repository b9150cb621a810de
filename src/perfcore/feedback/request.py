"""A feedback request: an event-sourced aggregate of who was asked and what they answered.

Feedback is asked by the reviewee's manager, the reviewee or HR, from named
reviewers, at any time: inside a performance cycle (``cycle_id``) or ad hoc.
Every change is an event; a rejected command raises a perfcore error and
leaves the request as it was.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from perfcore import _kernel as k
from perfcore import _validators as v
from perfcore._unchecked import replacer
from perfcore._zones import UTC_NAME, local_date
from perfcore.errors import (
    OutOfOrder,
    PermissionDenied,
    Problem,
    TransitionError,
    ValidationError,
)
from perfcore.feedback import events as fe
from perfcore.feedback.model import FeedbackResponse, Reviewer, ReviewerRelation, Topic
from perfcore.people import Actor, Role, check_actor_and_moment
from perfcore.scales import RatingScale

__all__ = ["FeedbackKind", "FeedbackRequest", "FeedbackStatus"]


class FeedbackStatus(enum.Enum):
    """Where a request stands on a given day."""

    OPEN = "open"
    """Answers are taken."""
    COMPLETE = "complete"
    """Every reviewer answered or declined; corrections are still taken until it expires."""
    EXPIRED = "expired"
    """Its last day has passed."""
    CLOSED = "closed"
    """Closed early by the requester, the manager or HR (or, if anonymous, released)."""


class FeedbackKind(enum.Enum):
    """What kind of multi-rater feedback a request is, from its reviewers' relations."""

    PEER = "peer"
    UPWARD = "upward"
    """From people the reviewee manages."""
    DOWNWARD = "downward"
    """From the reviewee's manager or skip-level manager."""
    EXTERNAL = "external"
    THREE_SIXTY = "360"
    """From more than one direction."""


_DIRECTION = {
    ReviewerRelation.PEER: FeedbackKind.PEER,
    ReviewerRelation.DIRECT_REPORT: FeedbackKind.UPWARD,
    ReviewerRelation.MANAGER: FeedbackKind.DOWNWARD,
    ReviewerRelation.SKIP_LEVEL: FeedbackKind.DOWNWARD,
    ReviewerRelation.EXTERNAL: FeedbackKind.EXTERNAL,
}

_REQUEST, _RESPOND, _CORRECT, _DECLINE, _RELEASE, _CLOSE = (
    "request_feedback",
    "give_feedback",
    "correct_feedback",
    "decline_feedback",
    "release_feedback",
    "close_feedback_request",
)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackRequest:
    """Feedback asked of named reviewers about one person, and their answers.

    >>> import datetime as dt
    >>> from perfcore import Actor, Basis, Rating, RatingScale, Role
    >>> from perfcore.feedback import (FeedbackRating, FeedbackResponse, Reviewer,
    ...                                ReviewerRelation, Topic, TopicKind)
    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    >>> teamwork = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
    >>> request = FeedbackRequest.open(
    ...     request_id="fr-1", subject_id="e-17", manager_id="m-3",
    ...     reviewers=(Reviewer(person_id="p-4", relation=ReviewerRelation.PEER),),
    ...     topics=(teamwork,), scale=RatingScale(minimum=1, maximum=5),
    ...     expires_on=dt.date(2026, 11, 20), by=Actor(person_id="m-3", role=Role.MANAGER), at=at)
    >>> answer = FeedbackResponse(reviewer_id="p-4", ratings=(FeedbackRating(
    ...     topic=teamwork, rating=Rating(value=4, basis=Basis(text="Led the handover"))),))
    >>> request = request.respond(answer, by=Actor(person_id="p-4", role=Role.REVIEWER),
    ...                           at=at + dt.timedelta(days=1))
    >>> request.status(dt.date(2026, 11, 5)).value, request.response_of("p-4") == answer
    ('complete', True)
    >>> request.respond(answer, by=Actor(person_id="p-4", role=Role.REVIEWER), at=at)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: response.reviewer_id: 'p-4' has already answered; ...
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    subject_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    requested_by: Actor = attrs.field(validator=v.instance(Actor))
    reviewers: tuple[Reviewer, ...] = attrs.field(validator=v.tuple_of(Reviewer))
    topics: tuple[Topic, ...] = attrs.field(validator=v.tuple_of(Topic))
    scale: RatingScale = attrs.field(validator=v.instance(RatingScale))
    expires_on: dt.date = attrs.field(validator=v.date())
    anonymous: bool = attrs.field(validator=v.boolean())
    minimum_responses: int = attrs.field(validator=v.integer(minimum=1))
    cycle_id: str | None = attrs.field(validator=v.optional_text())
    question: str = attrs.field(validator=v.text(allow_empty=True))
    time_zone: str | None = attrs.field(default=UTC_NAME, validator=v.time_zone(optional=True))
    """The IANA zone whose calendar decides the day of an answer (see :meth:`date_of`)."""
    responses: tuple[FeedbackResponse, ...] = attrs.field(
        default=(), validator=v.tuple_of(FeedbackResponse)
    )
    """The current answer of each reviewer who answered (corrections applied), in answer order."""
    declined_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    released: bool = attrs.field(default=False, validator=v.boolean())
    closed: bool = attrs.field(default=False, validator=v.boolean())
    events: tuple[fe.FeedbackEvent, ...] = attrs.field(
        default=(), validator=v.tuple_of(fe.FeedbackEvent)
    )

    _REPLACE: ClassVar[Callable[[FeedbackRequest, Mapping[str, Any]], FeedbackRequest]]
    """``attrs.evolve`` without re-validating (see :mod:`perfcore._unchecked`)."""

    # --- building ---------------------------------------------------------------------

    @classmethod
    def open(  # noqa: PLR0913 - the parts of a request, all keyword
        cls,
        *,
        request_id: str,
        subject_id: str,
        manager_id: str,
        reviewers: tuple[Reviewer, ...],
        scale: RatingScale,
        expires_on: dt.date,
        by: Actor,
        at: dt.datetime,
        topics: tuple[Topic, ...] = (),
        anonymous: bool = False,
        minimum_responses: int = 3,
        cycle_id: str | None = None,
        question: str = "",
        reason: str | None = None,
        time_zone: str | None = UTC_NAME,
    ) -> FeedbackRequest:
        """Ask ``reviewers`` for feedback on ``subject_id``.

        The reviewee's manager (in the manager role), the reviewee (employee
        role) or HR may ask. Nobody reviews themselves; the manager is named
        with the ``MANAGER`` relation and nobody else is; an anonymous request
        needs ``minimum_responses`` of at least 2, at least that many
        reviewers, and neither the manager nor the requester among them (their
        answers could not be anonymous). ``expires_on`` is a date in
        ``time_zone`` (an IANA name, stored by name; see :meth:`date_of`).
        """
        check_actor_and_moment(by, at)
        event = fe.FeedbackRequested(
            request_id=request_id,
            sequence=0,
            actor=by,
            at=at,
            reason=reason,
            subject_id=subject_id,
            manager_id=manager_id,
            reviewers=reviewers,
            topics=topics,
            scale=scale,
            expires_on=expires_on,
            anonymous=anonymous,
            minimum_responses=minimum_responses,
            cycle_id=cycle_id,
            question=question,
            time_zone=time_zone,
        )
        why = _requester_denial(event)
        if why is not None:
            raise PermissionDenied(_REQUEST, by, why)
        return cls._begin(event)

    @classmethod
    def _begin(cls, event: fe.FeedbackRequested) -> FeedbackRequest:
        problems = list(_request_problems(event))
        if problems:
            raise ValidationError(problems)
        return cls(
            id=event.request_id,
            subject_id=event.subject_id,
            manager_id=event.manager_id,
            requested_by=event.actor,
            reviewers=event.reviewers,
            topics=event.topics,
            scale=event.scale,
            expires_on=event.expires_on,
            anonymous=event.anonymous,
            minimum_responses=event.minimum_responses,
            cycle_id=event.cycle_id,
            question=event.question,
            time_zone=event.time_zone,
            events=(event,),
        )

    @classmethod
    def replay(cls, events: Sequence[fe.FeedbackEvent], *, verify: bool = True) -> FeedbackRequest:
        """Rebuild a request from its history; the result equals the request that produced it.

        Each event is re-decided by the command that records it (who may act, on
        what, until when; see :mod:`perfcore._kernel`, the kernel cycles share),
        and that command must record exactly the stored event, so a history no
        command sequence could produce is refused with a :class:`ValidationError`
        at ``events[i]``. ``verify=False`` is the trusted path: only the envelope
        (start, positions, request id, time order) is checked.
        """
        return k.replay(_REPLAY, events, verify=verify)

    @classmethod
    def _replay_first(cls, first: fe.FeedbackEvent, verify: bool) -> FeedbackRequest:
        assert isinstance(first, fe.FeedbackRequested)  # noqa: S101 - the kernel checked its type
        if verify:
            why = _requester_denial(first)
            if why is not None:
                raise ValidationError.single("events[0].actor", why)
        try:
            return cls._begin(first)
        except ValidationError as exc:
            raise type(exc)(p.at(k.in_event(0, p.path)) for p in exc.problems) from None

    # --- storing ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the request has recorded: its version, as ``Cycle.version``.

        >>> import datetime as dt
        >>> from perfcore import Actor, RatingScale, Role
        >>> from perfcore.feedback import Reviewer, ReviewerRelation
        >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
        >>> manager = Actor(person_id="m-3", role=Role.MANAGER)
        >>> saved = FeedbackRequest.open(
        ...     request_id="fr-1", subject_id="e-17", manager_id="m-3",
        ...     reviewers=(Reviewer(person_id="p-4", relation=ReviewerRelation.PEER),),
        ...     scale=RatingScale(), expires_on=dt.date(2026, 11, 20), by=manager, at=at)
        >>> now = saved.close(by=manager, at=at, expected_version=1)
        >>> now.version, [type(e).__name__ for e in now.events_since(saved.version)]
        (2, ['FeedbackRequestClosed'])
        >>> saved.apply(now.events_since(saved.version)) == now
        True
        >>> saved.close(by=manager, at=at, expected_version=2)
        Traceback (most recent call last):
        ...
        perfcore.errors.VersionConflict: expected version 2, but the request is at version 1
        """
        return len(self.events)

    def events_since(self, version: int) -> tuple[fe.FeedbackEvent, ...]:
        """The events recorded after ``version`` (0 to :attr:`version`), to append to a store."""
        return k.events_since(self.events, version)

    def apply(self, events: Sequence[fe.FeedbackEvent], *, verify: bool = True) -> FeedbackRequest:
        """This request continued with ``events``, checked as a whole replay checks them.

        ``FeedbackRequest.replay(events[:n]).apply(events[n:])`` equals
        ``FeedbackRequest.replay(events)`` and refuses what it refuses, at the
        same paths (see ``Cycle.apply``).
        """
        return k.resume(_REPLAY, self, events, verify=verify)

    def _check_ready(self, by: Actor, at: dt.datetime, expected_version: int | None) -> None:
        """A command's inputs are well formed and, if given, the version is the one read."""
        check_actor_and_moment(by, at)
        if expected_version is not None:
            k.check_version(expected_version, self.version, "request")

    # --- commands ---------------------------------------------------------------------

    def respond(
        self,
        response: FeedbackResponse,
        *,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> FeedbackRequest:
        """Record a named reviewer's answer; each reviewer answers once (then corrects).

        Every command takes ``expected_version``: given, a request at another
        :attr:`version` refuses the command with a
        :class:`~perfcore.VersionConflict` (someone recorded an event since the
        caller read it), as ``Cycle.execute`` does.
        """
        self._check_ready(by, at, expected_version)
        return self._commit(self._given(by, at, response=response))

    def correct(
        self,
        response: FeedbackResponse,
        *,
        reason: str,
        by: Actor,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> FeedbackRequest:
        """Replace a reviewer's answer with a corrected one; both stay in the history.

        The correction's ``corrects`` is the sequence of the answer it replaces
        (the first answer, or the latest correction).
        """
        self._check_ready(by, at, expected_version)
        return self._commit(self._corrected(by, at, response=response, reason=reason))

    def decline(
        self, *, reason: str, by: Actor, at: dt.datetime, expected_version: int | None = None
    ) -> FeedbackRequest:
        """A named reviewer declines, with a reason."""
        self._check_ready(by, at, expected_version)
        return self._commit(self._declined(by, at, reason=reason))

    def release(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> FeedbackRequest:
        """Make the feedback visible to the reviewee (only aggregated, if anonymous).

        The manager or HR releases; so does the reviewee when they asked for it.
        An anonymous request is released only once ``minimum_responses``
        reviewers answered, and releasing it closes it: a summary that changed
        after anyone saw it would give away the answer that changed it.
        """
        self._check_ready(by, at, expected_version)
        return self._commit(self._released(by, at, reason=reason))

    def close(
        self,
        *,
        by: Actor,
        at: dt.datetime,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> FeedbackRequest:
        """Stop taking answers; the requester, the manager or HR may close."""
        self._check_ready(by, at, expected_version)
        return self._commit(self._closed(by, at, reason=reason))

    # --- deciding: each command's checks and the event it records -----------------------

    def _given(self, by: Actor, at: dt.datetime, *, response: FeedbackResponse) -> fe.FeedbackEvent:
        self._check_given(response, by, at)
        return fe.FeedbackGiven(response=response, **self._envelope(by, at, None))

    def _corrected(
        self,
        by: Actor,
        at: dt.datetime,
        *,
        response: FeedbackResponse,
        reason: str,
        corrects: int | None = None,
    ) -> fe.FeedbackEvent:
        """``corrects`` is what a stored correction claims to replace; it must be so."""
        previous = self._check_corrected(response, by, at)
        if corrects is not None and corrects != previous:
            raise ValidationError.single(
                "corrects", f"is {corrects}, but the answer it replaces is event {previous}"
            )
        return fe.FeedbackCorrected(
            response=response, corrects=previous, **self._envelope(by, at, reason)
        )

    def _declined(self, by: Actor, at: dt.datetime, *, reason: str) -> fe.FeedbackEvent:
        self._check_declined(by, at)
        return fe.FeedbackDeclined(**self._envelope(by, at, reason))

    def _released(self, by: Actor, at: dt.datetime, *, reason: str | None) -> fe.FeedbackEvent:
        self._check_released(by)
        return fe.FeedbackReleased(**self._envelope(by, at, reason))

    def _closed(self, by: Actor, at: dt.datetime, *, reason: str | None) -> fe.FeedbackEvent:
        self._check_closed(by)
        return fe.FeedbackRequestClosed(**self._envelope(by, at, reason))

    # --- reading ----------------------------------------------------------------------

    def date_of(self, at: dt.datetime) -> dt.date:
        """The calendar date of the moment ``at`` for this request: its date in :attr:`time_zone`.

        An answer or a decline is taken until the end of ``expires_on`` in that
        zone, whatever offset ``at`` carries (``Cycle.date_of`` is the same rule).
        """
        return local_date(v.check_moment(at, "at"), self.time_zone)

    def status(self, as_of: dt.date) -> FeedbackStatus:
        """Where the request stands on ``as_of`` (the date is passed in, never read)."""
        if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
            raise ValidationError.single("as_of", f"must be a date, got {v.describe(as_of)}")
        if self.closed or (self.anonymous and self.released):
            return FeedbackStatus.CLOSED
        if as_of > self.expires_on:
            return FeedbackStatus.EXPIRED
        return FeedbackStatus.OPEN if self.pending_ids else FeedbackStatus.COMPLETE

    @property
    def pending_ids(self) -> tuple[str, ...]:
        """Reviewers who have neither answered nor declined, in the order named."""
        answered = {r.reviewer_id for r in self.responses}
        return tuple(
            r.person_id
            for r in self.reviewers
            if r.person_id not in answered and r.person_id not in self.declined_ids
        )

    @property
    def kind(self) -> FeedbackKind:
        """Peer, upward, downward, external, or 360 when the reviewers come from several sides."""
        kinds = {_DIRECTION[r.relation] for r in self.reviewers}
        return kinds.pop() if len(kinds) == 1 else FeedbackKind.THREE_SIXTY

    @property
    def ad_hoc(self) -> bool:
        """``True`` when the request belongs to no performance cycle."""
        return self.cycle_id is None

    def reviewer(self, person_id: str) -> Reviewer | None:
        """The named reviewer ``person_id``, or ``None``."""
        return k.find(self.reviewers, person_id, _person_id)

    def response_of(self, reviewer_id: str) -> FeedbackResponse | None:
        """The current answer of ``reviewer_id`` (corrections applied), or ``None``."""
        return k.find(self.responses, reviewer_id, _reviewer_id)

    @property
    def withheld_reason(self) -> str | None:
        """Why an anonymous request's answers may not be shown yet, or ``None``.

        Anonymous answers are shown only summarised, and only once at least
        ``minimum_responses`` reviewers have answered; below that nothing is shown.
        """
        if self.anonymous and len(self.responses) < self.minimum_responses:
            return (
                f"fewer than {self.minimum_responses} answers to an anonymous request;"
                " the summary is withheld"
            )
        return None

    # --- internals --------------------------------------------------------------------

    def _envelope(self, by: Actor, at: dt.datetime, reason: str | None) -> dict[str, Any]:
        return {
            "request_id": self.id,
            "sequence": len(self.events),
            "actor": by,
            "at": at,
            "reason": reason,
        }

    def _answer_event(self, reviewer_id: str) -> fe.FeedbackEvent | None:
        return k.find(self.events, reviewer_id, _answerer)

    def _check_given(self, response: FeedbackResponse, by: Actor, at: dt.datetime) -> None:
        self._check_reviewer(_RESPOND, response, by, at)
        if self.response_of(response.reviewer_id) is not None:
            raise ValidationError.single(
                "response.reviewer_id",
                f"{response.reviewer_id!r} has already answered; send a correction instead",
            )

    def _check_corrected(self, response: FeedbackResponse, by: Actor, at: dt.datetime) -> int:
        """Check a correction; return the sequence of the answer it replaces."""
        self._check_reviewer(_CORRECT, response, by, at)
        previous = self._answer_event(response.reviewer_id)
        if previous is None:
            raise ValidationError.single(
                "response.reviewer_id", f"{response.reviewer_id!r} has not answered yet"
            )
        if self.response_of(response.reviewer_id) == response:
            raise ValidationError.single("response", "the correction changes nothing")
        return previous.sequence

    def _check_declined(self, by: Actor, at: dt.datetime) -> None:
        self._check_reviewer_actor(_DECLINE, by)
        self._check_accepting(at)
        if self.response_of(by.person_id) is not None:
            raise ValidationError.single("by", f"{by.person_id!r} has already answered")

    def _check_released(self, by: Actor) -> None:
        self._check_overseer(_RELEASE, by, reviewee_if_requester=True)
        if self.released:
            raise TransitionError(_RELEASE, "released", "the feedback is already released")
        if not self.responses:
            raise TransitionError(_RELEASE, "open", "there is no answer to release yet")
        if self.withheld_reason is not None:
            raise TransitionError(
                _RELEASE,
                "open",
                f"an anonymous request is released once {self.minimum_responses} reviewers"
                f" answered; {len(self.responses)} did",
            )

    def _check_closed(self, by: Actor) -> None:
        self._check_overseer(_CLOSE, by, reviewee_if_requester=True)
        if self.closed:
            raise TransitionError(_CLOSE, "closed", "the request is already closed")

    def _check_accepting(self, at: dt.datetime) -> None:
        """Answers and declines are taken while the request is open and not expired.

        Both are bad input of the command, so they are validation errors naming
        what is at fault: the request (closed) or the moment (``at``, past its
        last day).
        """
        if self.closed:
            raise ValidationError.single(
                "request_id", f"request {self.id!r} is closed; it takes no more answers"
            )
        if self.anonymous and self.released:
            raise ValidationError.single(
                "request_id",
                f"request {self.id!r} is anonymous and released: its summary is final, so no"
                " answer can be told apart by comparing two summaries",
            )
        day = local_date(at, self.time_zone)
        if day > self.expires_on:
            raise ValidationError.single(
                "at",
                f"{day} is after the last day of request {self.id!r}"
                f" (it expired on {self.expires_on})",
            )

    def _check_reviewer_actor(self, command: str, by: Actor) -> None:
        if by.role != Role.REVIEWER:
            raise PermissionDenied(command, by, f"reviewers act in the {Role.REVIEWER.name!r} role")
        if by.person_id == self.subject_id:
            raise PermissionDenied(command, by, "nobody gives feedback on themselves")
        if self.reviewer(by.person_id) is None:
            raise ValidationError.single(
                "by.person_id", f"{by.person_id!r} is not a reviewer named on {self.id!r}"
            )
        if k.contains(self.declined_ids, by.person_id, _same):
            raise ValidationError.single("by.person_id", f"{by.person_id!r} declined this request")

    def _check_reviewer(
        self, command: str, response: FeedbackResponse, by: Actor, at: dt.datetime
    ) -> None:
        if not isinstance(response, FeedbackResponse):
            raise ValidationError.single(
                "response", f"must be a FeedbackResponse, got {v.describe(response)}"
            )
        if response.reviewer_id == self.subject_id:
            raise ValidationError.single(
                "response.reviewer_id",
                "is the person reviewed; nobody gives feedback on themselves",
            )
        if self.reviewer(response.reviewer_id) is None:
            raise ValidationError.single(
                "response.reviewer_id",
                f"{response.reviewer_id!r} is not a reviewer named on {self.id!r}",
            )
        if by.person_id != response.reviewer_id:
            raise PermissionDenied(
                command, by, f"only {response.reviewer_id!r} may give their own answer"
            )
        self._check_reviewer_actor(command, by)
        self._check_accepting(at)
        problems = list(self._response_problems(response))
        if problems:
            raise ValidationError(problems)

    def _response_problems(self, response: FeedbackResponse) -> Iterable[Problem]:
        asked = set(self.topics)
        for index, item in enumerate(response.ratings):
            where = f"response.ratings[{index}]"
            if item.topic not in asked:
                listed = ", ".join(str(t) for t in self.topics) or "none (comments only)"
                yield Problem(
                    path=f"{where}.topic",
                    message=f"{item.topic} was not asked about; topics: {listed}",
                )
            if not self.scale.contains(item.rating.value):
                yield Problem(
                    path=f"{where}.rating.value",
                    message=f"{item.rating.value:g} is off the scale {self.scale}",
                )

    def _check_overseer(self, command: str, by: Actor, *, reviewee_if_requester: bool) -> None:
        if by.role == Role.MANAGER and by.person_id == self.manager_id:
            return
        if by.role == Role.HR and by.person_id != self.subject_id:
            return
        if (
            by.role == Role.EMPLOYEE
            and by.person_id == self.subject_id
            and reviewee_if_requester
            and self.requested_by.person_id == self.subject_id
        ):
            return
        raise PermissionDenied(
            command,
            by,
            "only the reviewee's manager, HR, or the reviewee who asked may do this",
        )

    def _commit(self, event: fe.FeedbackEvent) -> FeedbackRequest:
        """The request with a command's ``event`` recorded; it may not go back in time."""
        previous = self.events[-1].at
        if event.at < previous:
            raise OutOfOrder.single(
                "at",
                f"{event.at.isoformat()} is earlier than the previous event"
                f" ({previous.isoformat()})",
                code="out_of_order",
                params={"last": previous.isoformat()},
            )
        return self._evolve(event)

    def _evolve(self, event: fe.FeedbackEvent) -> FeedbackRequest:
        """Apply an event whose envelope and rules are already checked.

        Every value comes from this (validated) request or the validated event,
        so the next state is built without running every validator again.
        """
        changes: dict[str, Any]
        match event:
            case fe.FeedbackGiven(response=response):
                changes = {"responses": k.appended(self.responses, response)}
            case fe.FeedbackCorrected(response=response):
                changes = {"responses": k.replaced(self.responses, response, _reviewer_id)}
            case fe.FeedbackDeclined(actor=actor):
                changes = {"declined_ids": k.appended(self.declined_ids, actor.person_id)}
            case fe.FeedbackReleased():
                changes = {"released": True}
            case fe.FeedbackRequestClosed():
                changes = {"closed": True}
            case _:
                raise ValidationError.single(
                    f"events[{event.sequence}]",
                    f"{type(event).__name__} cannot follow the start of a request",
                )
        changes["events"] = k.appended(self.events, event)
        return type(self)._REPLACE(self, changes)  # noqa: SLF001


FeedbackRequest._REPLACE = replacer(FeedbackRequest)  # noqa: SLF001 - set once, as the class is made

_person_id: Callable[[Reviewer], str] = operator.attrgetter("person_id")
_reviewer_id: Callable[[FeedbackResponse], str] = operator.attrgetter("reviewer_id")


def _same(value: str) -> str:
    return value


def _answerer(event: fe.FeedbackEvent) -> str | None:
    """Whose answer ``event`` records, if it records one."""
    if isinstance(event, fe.FeedbackGiven | fe.FeedbackCorrected):
        return event.response.reviewer_id
    return None


_GROWING: dict[str, Callable[[Any], Any] | None] = {
    "reviewers": _person_id,
    "responses": _reviewer_id,
    "declined_ids": _same,
    "events": _answerer,
}
"""The parts of a request a replay looks up or grows, and the key of each."""


@attrs.frozen
class _Command:
    """A feedback command rebuilt from a stored event: its decider and its arguments."""

    decide: Callable[..., fe.FeedbackEvent]
    args: Mapping[str, Any]


_COMMAND_OF: Mapping[type[fe.FeedbackEvent], Callable[[Any], _Command]] = MappingProxyType(
    {
        fe.FeedbackGiven: lambda ev: _Command(
            FeedbackRequest._given,  # noqa: SLF001
            {"response": ev.response},
        ),
        fe.FeedbackCorrected: lambda ev: _Command(
            FeedbackRequest._corrected,  # noqa: SLF001
            {"response": ev.response, "reason": ev.reason, "corrects": ev.corrects},
        ),
        fe.FeedbackDeclined: lambda ev: _Command(
            FeedbackRequest._declined,  # noqa: SLF001
            {"reason": ev.reason},
        ),
        fe.FeedbackReleased: lambda ev: _Command(
            FeedbackRequest._released,  # noqa: SLF001
            {"reason": ev.reason},
        ),
        fe.FeedbackRequestClosed: lambda ev: _Command(
            FeedbackRequest._closed,  # noqa: SLF001
            {"reason": ev.reason},
        ),
    }
)
"""Event type → the command that records it, rebuilt from the event (all but the first)."""


def _redecide(
    request: FeedbackRequest, command: _Command, event: fe.FeedbackEvent
) -> tuple[fe.FeedbackEvent, ...]:
    return (command.decide(request, event.actor, event.at, **command.args),)


def _thaw(request: FeedbackRequest) -> FeedbackRequest:
    return FeedbackRequest._REPLACE(  # noqa: SLF001
        request, {name: k.Growing(getattr(request, name), key) for name, key in _GROWING.items()}
    )


def _freeze(request: FeedbackRequest) -> FeedbackRequest:
    return FeedbackRequest._REPLACE(  # noqa: SLF001
        request, {name: k.frozen(getattr(request, name)) for name in _GROWING}
    )


def _request_id(request: FeedbackRequest) -> str:
    return request.id


_REPLAY: k.ReplayPolicy[FeedbackRequest, fe.FeedbackEvent] = k.ReplayPolicy(
    name="request",
    event_noun="a feedback event",
    restarted="FeedbackRequested cannot follow the start of a request",
    event_type=fe.FeedbackEvent,
    first_type=fe.FeedbackRequested,
    id_field="request_id",
    state_id=_request_id,
    sets_clock=lambda _: True,
    out_of_order=None,
    begin=FeedbackRequest._replay_first,  # noqa: SLF001
    rebuild=_COMMAND_OF,
    decide=_redecide,
    evolve=FeedbackRequest._evolve,  # noqa: SLF001
    thaw=_thaw,
    freeze=_freeze,
    history=operator.attrgetter("events"),
)


def _requester_denial(event: fe.FeedbackRequested) -> str | None:  # noqa: PLR0911
    actor = event.actor
    if actor.role == Role.MANAGER:
        if actor.person_id != event.manager_id:
            return f"{actor.person_id!r} is not the reviewee's manager ({event.manager_id!r})"
        return None
    if actor.role == Role.EMPLOYEE:
        if actor.person_id != event.subject_id:
            return "an employee asks for feedback on themselves only"
        return None
    if actor.role == Role.HR:
        if actor.person_id == event.subject_id:
            return "HR may not ask for feedback on themselves as HR"
        return None
    return f"role {actor.role.name!r} may not request feedback; allowed: employee, hr, manager"


def _request_problems(event: fe.FeedbackRequested) -> Iterable[Problem]:
    where = "FeedbackRequested"
    if event.subject_id == event.manager_id:
        yield Problem(
            path=f"{where}.manager_id",
            message="the manager must be someone other than the reviewee",
        )
    for index, reviewer in enumerate(event.reviewers):
        path = f"{where}.reviewers[{index}]"
        if reviewer.person_id == event.subject_id:
            yield Problem(
                path=f"{path}.person_id",
                message="is the person reviewed; nobody gives feedback on themselves",
            )
        is_manager = reviewer.person_id == event.manager_id
        if is_manager != (reviewer.relation is ReviewerRelation.MANAGER):
            yield Problem(
                path=f"{path}.relation",
                message=(
                    "must be 'manager' for the reviewee's manager"
                    if is_manager
                    else f"is 'manager' but {reviewer.person_id!r} is not the reviewee's manager"
                ),
            )
        if (
            event.anonymous
            and reviewer.person_id != event.subject_id  # already refused above
            and (is_manager or reviewer.person_id == event.actor.person_id)
        ):
            yield Problem(
                path=f"{path}.person_id",
                message="the manager and the requester cannot answer an anonymous request",
            )
    made_on = local_date(event.at, event.time_zone)
    if event.expires_on < made_on:
        yield Problem(
            path=f"{where}.expires_on",
            message=f"{event.expires_on} is before the request is made ({made_on})",
        )
    if event.anonymous:
        if event.minimum_responses < 2:  # one answer is never anonymous
            yield Problem(
                path=f"{where}.minimum_responses",
                message="must be at least 2 for an anonymous request; one answer is not anonymous",
            )
        elif len(event.reviewers) < event.minimum_responses:
            yield Problem(
                path=f"{where}.reviewers",
                message=(
                    f"names {len(event.reviewers)} reviewer(s); an anonymous request needs at"
                    f" least minimum_responses ({event.minimum_responses}) to ever be shown"
                ),
            )
