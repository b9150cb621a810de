"""A calibration session's before/after report: distributions, guidance, rater effects, changes.

:func:`session_report` reads a :class:`perfcore.calibration.CalibrationSession`
and puts side by side what the session started from (the proposed ratings)
and where it stands (the calibrated ones): the distribution by manager, the
guided distribution when targets are given, the rater effects by manager, and
every changed rating with its reason. It is the same analytics as
:mod:`perfcore.analytics.calibration`, run twice; values keep their precision.

Worked example: four people under m-1 proposed 4, 4, 4, 5 and two under m-2
proposed 2, 3 on 1-5, which is ``(3 + 3 + 3 + 4 + 1 + 2) / 4 / 6 = 0.6667`` on
0-1. Moving e-4 from 5 to 3.5 brings it to ``(3 + 3 + 3 + 2.5 + 1 + 2) / 4 / 6
= 0.6042``.

>>> import datetime as dt
>>> from perfcore import Actor, RatingScale, Role
>>> from perfcore.calibration import CalibrationSession, Proposal
>>> at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
>>> people = [("e-1", "m-1", 4), ("e-2", "m-1", 4), ("e-3", "m-1", 4), ("e-4", "m-1", 5),
...           ("e-5", "m-2", 2), ("e-6", "m-2", 3)]
>>> session = CalibrationSession.from_proposals(
...     session_id="cal-1", participant_ids=("m-2",), by=Actor(person_id="hr-1", role=Role.HR),
...     at=at, proposals=tuple(Proposal(cycle_id=f"c-{e}", employee_id=e, manager_id=m,
...                                     scale=RatingScale(), value=x) for e, m, x in people))
>>> session = session.move("c-e-4", 3.5, reason="Same scope as e-1 to e-3",
...                        by=Actor(person_id="m-2", role=Role.MANAGER), at=at)
>>> report = session_report(session, targets={"low": 0.2, "middle": 0.6, "high": 0.2},
...                         bands=(0.4, 0.8))
>>> round(report.before.organisation.mean, 4), round(report.after.organisation.mean, 4)
(0.6667, 0.6042)
>>> [(b.label, b.actual, b.target) for b in report.guided_after.bands]
[('low', 1, 1), ('middle', 5, 4), ('high', 0, 1)]
>>> [(c.employee_id, c.proposed, c.calibrated, c.reason) for c in report.changes]
[('e-4', 5, 3.5, 'Same scope as e-1 to e-3')]
>>> report.raters_after.rater("m-1").judged, report.raters_after.rater("m-2").reason
(True, '2 ratings, below the minimum of 4')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._calibration_distribution import Distribution, distribution
from perfcore.analytics._calibration_guided import GuidedDistribution, guided_distribution
from perfcore.analytics._calibration_raters import RaterEffects, rater_effects
from perfcore.analytics.records import RatingRecord
from perfcore.calibration import CalibrationResult, CalibrationSession
from perfcore.errors import ValidationError
from perfcore.scoring import RatingBands

__all__ = ["SessionReport", "session_records", "session_report"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SessionReport:
    """A session's ratings before (proposed) and after (calibrated), side by side.

    ``before`` / ``after``: the distribution by manager; ``guided_before`` /
    ``guided_after``: against the guided distribution (``None`` without
    targets); ``raters_before`` / ``raters_after``: rater effects by manager;
    ``changes``: every rating whose calibrated value differs from the
    proposed one, with the latest move's reason, in population order.
    """

    session_id: str = attrs.field(validator=v.text(max_length=200))
    closed: bool = attrs.field(validator=v.boolean())
    before: Distribution = attrs.field(validator=v.instance(Distribution))
    after: Distribution = attrs.field(validator=v.instance(Distribution))
    guided_before: GuidedDistribution | None = attrs.field(
        validator=v.instance(GuidedDistribution, optional=True)
    )
    guided_after: GuidedDistribution | None = attrs.field(
        validator=v.instance(GuidedDistribution, optional=True)
    )
    raters_before: RaterEffects = attrs.field(validator=v.instance(RaterEffects))
    raters_after: RaterEffects = attrs.field(validator=v.instance(RaterEffects))
    changes: tuple[CalibrationResult, ...] = attrs.field(
        validator=v.tuple_of(CalibrationResult), repr=False
    )

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per changed rating: who, proposed, calibrated, change, moves, reason."""
        return [
            {
                "session_id": self.session_id,
                "cycle_id": c.cycle_id,
                "employee_id": c.employee_id,
                "manager_id": c.manager_id,
                "proposed": c.proposed,
                "calibrated": c.calibrated,
                "change": c.change,
                "moves": c.moves,
                "reason": c.reason,
            }
            for c in self.changes
        ]


def session_records(session: CalibrationSession, *, calibrated: bool = True) -> list[RatingRecord]:
    """The session's ratings as rating records (rater: the manager), calibrated or proposed."""
    _check_session(session)
    return [
        RatingRecord(
            employee_id=r.employee_id,
            rater_id=r.manager_id,
            value=r.calibrated if calibrated else r.proposed,
            scale=r.scale,
            dimension=session.dimension.value,
            cycle_id=r.cycle_id,
        )
        for r in session.results
    ]


def session_report(
    session: CalibrationSession,
    *,
    targets: Mapping[str, float] | None = None,
    bands: Sequence[float] | Sequence[tuple[float, str]] | RatingBands | None = None,
    tolerance: int = 0,
    min_group_size: int = 4,
) -> SessionReport:
    """The before/after report of ``session`` (see the module docstring).

    ``targets``, ``bands`` and ``tolerance`` are those of
    :func:`perfcore.analytics.guided_distribution` (give both or neither);
    ``min_group_size`` that of :func:`perfcore.analytics.rater_effects`.
    """
    _check_session(session)
    if (targets is None) != (bands is None):
        raise ValidationError.single(
            "targets" if targets is None else "bands",
            "is required: a guided distribution needs both targets and bands",
            code="required",
        )
    before = session_records(session, calibrated=False)
    after = session_records(session)
    guided: list[GuidedDistribution | None] = [None, None]
    if targets is not None and bands is not None:
        guided = [
            guided_distribution(records, targets=targets, bands=bands, tolerance=tolerance)
            for records in (before, after)
        ]
    return SessionReport(
        session_id=session.id,
        closed=session.closed,
        before=distribution(before, by="rater_id"),
        after=distribution(after, by="rater_id"),
        guided_before=guided[0],
        guided_after=guided[1],
        raters_before=rater_effects(before, min_group_size=min_group_size),
        raters_after=rater_effects(after, min_group_size=min_group_size),
        changes=session.moved,
    )


def _check_session(session: object) -> None:
    if not isinstance(session, CalibrationSession):
        raise ValidationError.single(
            "session",
            f"must be a CalibrationSession, got {v.describe(session)}",
            code="wrong_type",
            params={"expected": "CalibrationSession", "actual_type": type(session).__name__},
        )
