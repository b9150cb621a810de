"""Who sees what of a calibration session.

- The people taking part (``participant_ids``, acting as manager or HR) and the
  HR person who opened it see the session: every proposed and calibrated
  rating and every move with its reason, except their own rating and the
  moves on it, when they are one of the people calibrated.
- An employee sees only their own calibrated result, and only once the
  session is closed and the cycle's ratings were released with the session's
  adjustment in them (:func:`view_calibrated_result`).
- Anyone else sees nothing (:class:`perfcore.PermissionDenied`).

A view holds only what its viewer may see, and its repr counts, never rates.
No view carries a count, mean or distribution of the ratings it leaves out,
so a hidden rating cannot be worked out by difference.
"""

from __future__ import annotations

from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.calibration import CalibrationDimension, CalibrationResult, CalibrationSession
from perfcore.calibration.events import RatingMoved
from perfcore.cycle import AdjustmentKind, Cycle
from perfcore.errors import PermissionDenied, ValidationError
from perfcore.people import Actor, Role

__all__ = ["CalibratedResultView", "SessionView", "view_calibrated_result", "view_session"]

_VIEW = "view"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SessionView:
    """What one participant (or the HR person who opened it) may see of a session.

    ``own_rating_hidden`` is true when the viewer is one of the people
    calibrated: their rating and the moves on it are left out.
    """

    session_id: str = attrs.field(validator=v.text(max_length=200))
    dimension: CalibrationDimension = attrs.field(validator=v.member(CalibrationDimension))
    closed: bool = attrs.field(validator=v.boolean())
    viewer: Actor = attrs.field(validator=v.instance(Actor))
    participant_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str))
    results: tuple[CalibrationResult, ...] = attrs.field(
        validator=v.tuple_of(CalibrationResult), repr=False
    )
    moves: tuple[RatingMoved, ...] = attrs.field(validator=v.tuple_of(RatingMoved), repr=False)
    own_rating_hidden: bool = attrs.field(default=False, validator=v.boolean())

    def __repr__(self) -> str:
        """Ids and counts of what this viewer sees: no rating."""
        return (
            f"<SessionView {self.session_id} viewer={self.viewer.person_id}"
            f" ratings={len(self.results)} moves={len(self.moves)} closed={self.closed}>"
        )

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        printer.text(repr(self))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibratedResultView:
    """An employee's own result of a session: shown once closed and released, else nothing.

    ``shown`` is true when the cycle's released ratings carry the session's
    adjustment; then ``value`` is the calibrated score, ``replaces`` the
    computed score it replaced and ``reason`` why it changed. Otherwise all
    three are ``None``: a rating the session did not change, and one it
    changed that is not released yet, look the same.
    """

    session_id: str = attrs.field(validator=v.text(max_length=200))
    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    shown: bool = attrs.field(validator=v.boolean())
    value: float | None = attrs.field(default=None, validator=v.number(optional=True), repr=False)
    replaces: float | None = attrs.field(
        default=None, validator=v.number(optional=True), repr=False
    )
    reason: str | None = attrs.field(default=None, validator=v.optional_text(), repr=False)


def view_session(session: CalibrationSession, actor: Actor) -> SessionView:
    """What ``actor`` may see of ``session``: participants and its opener only.

    >>> import datetime as dt
    >>> from perfcore import Actor, RatingScale, Role
    >>> from perfcore.calibration import CalibrationSession, Proposal
    >>> at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    >>> session = CalibrationSession.from_proposals(
    ...     session_id="cal-1", participant_ids=("m-1", "m-2"), at=at,
    ...     by=Actor(person_id="hr-1", role=Role.HR),
    ...     proposals=(Proposal(cycle_id="c-1", employee_id="e-1", manager_id="m-1",
    ...                         scale=RatingScale(), value=4),
    ...                Proposal(cycle_id="c-2", employee_id="m-2", manager_id="d-1",
    ...                         scale=RatingScale(), value=3)))
    >>> seen = view_session(session, Actor(person_id="m-2", role=Role.MANAGER))
    >>> [r.employee_id for r in seen.results], seen.own_rating_hidden
    (['e-1'], True)
    >>> view_session(session, Actor(person_id="e-1", role=Role.EMPLOYEE))
    Traceback (most recent call last):
    ...
    perfcore.errors.PermissionDenied: 'e-1' takes no part in session 'cal-1'
    """
    _check_session(session)
    _check_actor(actor)
    opener = actor == session.opened_by
    taking_part = actor.person_id in session.participant_ids and actor.role in (
        Role.MANAGER,
        Role.HR,
    )
    if not (opener or taking_part):
        raise PermissionDenied(
            _VIEW, actor, f"{actor.person_id!r} takes no part in session {session.id!r}"
        )
    own = session.result_of_employee(actor.person_id)
    hidden_cycle = None if own is None else own.cycle_id
    return SessionView(
        session_id=session.id,
        dimension=session.dimension,
        closed=session.closed,
        viewer=actor,
        participant_ids=session.participant_ids,
        results=tuple(r for r in session.results if r.cycle_id != hidden_cycle),
        moves=tuple(m for m in session.moves if m.cycle_id != hidden_cycle),
        own_rating_hidden=own is not None,
    )


def view_calibrated_result(
    session: CalibrationSession, cycle: Cycle, actor: Actor
) -> CalibratedResultView:
    """The employee's own calibrated result of ``session`` on ``cycle``, once released.

    Only the cycle's employee may look, and only at a cycle of the session. The
    result is shown when the session is closed and the ratings the employee
    last saw released (``Cycle.as_last_released``) carry the session's
    calibration adjustment.
    """
    _check_session(session)
    if not isinstance(cycle, Cycle):
        raise ValidationError.single(
            "cycle",
            f"must be a Cycle, got {v.describe(cycle)}",
            code="wrong_type",
            params={"expected": "Cycle", "actual_type": type(cycle).__name__},
        )
    _check_actor(actor)
    if actor.person_id != cycle.employee_id:
        raise PermissionDenied(_VIEW, actor, "only the employee sees their calibrated result")
    result = session.result(cycle.id)
    if result is None or result.employee_id != cycle.employee_id:
        raise ValidationError.single(
            "cycle", f"cycle {cycle.id!r} is not one of session {session.id!r}"
        )
    released = cycle.as_last_released() if session.closed else None
    adjustment = None if released is None else released.score_adjustment
    if (
        adjustment is None
        or adjustment.kind is not AdjustmentKind.CALIBRATION
        or adjustment.reference != session.id
    ):
        return CalibratedResultView(
            session_id=session.id, cycle_id=cycle.id, employee_id=cycle.employee_id, shown=False
        )
    return CalibratedResultView(
        session_id=session.id,
        cycle_id=cycle.id,
        employee_id=cycle.employee_id,
        shown=True,
        value=adjustment.value,
        replaces=adjustment.replaces,
        reason=adjustment.reason,
    )


def _check_session(session: object) -> None:
    if not isinstance(session, CalibrationSession):
        raise ValidationError.single(
            "session",
            f"must be a CalibrationSession, got {v.describe(session)}",
            code="wrong_type",
            params={"expected": "CalibrationSession", "actual_type": type(session).__name__},
        )


def _check_actor(actor: object) -> None:
    if not isinstance(actor, Actor):
        raise ValidationError.single(
            "actor",
            f"must be an Actor, got {v.describe(actor)}",
            code="wrong_type",
            params={"expected": "Actor", "actual_type": type(actor).__name__},
        )
