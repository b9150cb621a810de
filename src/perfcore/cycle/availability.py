"""Which commands an actor may issue now, and why not: for a UI's enabled and greyed-out buttons.

:meth:`Cycle.available_commands` asks the rules ``Cycle.execute`` applies, in its
order, without running any command: the phase (the ``phases`` column of
:data:`~perfcore.cycle.COMMANDS`), the permission and identity rules of the
cycle's :class:`~perfcore.cycle.Policy`, the clock (``at`` not before the last
event), and each command's preconditions that do not depend on its content
(the same checks its handler makes: no manager assessment to score, ratings
not released, no open dispute, the leaving conditions for advance and close).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.cycle import commands as c
from perfcore.cycle._decide import PRECONDITIONS
from perfcore.cycle.permissions import policy_refusal
from perfcore.cycle.record import CycleRecord
from perfcore.errors import MalformedInput, ParamValue
from perfcore.people import Actor

__all__ = ["REASON_CODES", "Availability", "Reason"]

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        "wrong_phase": "the command is not allowed in the cycle's phase (params: phase, allowed)",
        "not_permitted": "the actor's role may not issue the command (params: role, allowed)",
        "not_your_cycle": (
            "an employee or manager acting on another person's cycle"
            " (params: person_id, role, expected)"
        ),
        "own_cycle": "HR acting on a cycle they take part in (params: person_id)",
        "too_early": "``at`` is before the cycle's last event (params: last)",
        "appraisal_settled": "the appraisal is settled; assessments cannot change (params: status)",
        "no_draft_self_assessment": "there is no draft self-assessment to share",
        "no_competency_profile": "the cycle has no competency profile to assess against",
        "no_manager_assessment": "the manager has not submitted an assessment yet",
        "no_recorded_score": "there is no recorded score to adjust",
        "nothing_to_release": "the ratings as they stand are already released",
        "no_approval_route": "the cycle's settings route its ratings through no approval step",
        "nothing_to_approve": "the ratings as they stand are released or approved at every step",
        "approval_pending": "the ratings await a step of the approval route (params: step, role)",
        "ratings_returned": "a step sent the ratings back; the manager revises them (params: step)",
        "no_feedback_discussion": "the feedback discussion has not been held",
        "amendment_pending": "a dispute resolved as amended awaits its amendment",
        "ratings_not_released": "the manager's latest ratings are not released",
        "already_answered": "the employee already answered the appraisal (params: status)",
        "no_open_dispute": "there is no open dispute to resolve",
        "formal_plan_exists": "the cycle already has its formal plan (params: plan_id)",
        "no_formal_plan": "the cycle has no formal plan to review",
        "blocked": "leaving conditions are unmet (params: blockers, their condition codes)",
        "nothing_to_waive": "no condition of the phase is left that may be waived",
    }
)
"""Every code a :class:`Reason` may carry, with its meaning and params."""


def _freeze(value: object) -> object:
    if isinstance(value, Mapping) and not isinstance(value, FrozenMap):
        return FrozenMap(value)
    return value


def _is_param(value: object) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(item, str) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


def _check_params(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must be a mapping of names to values, got {v.describe(value)}")
    for key, item in value.items():
        if not isinstance(key, str) or not _is_param(item):
            v.fail(
                inst,
                attr,
                f"{key!r} must name a plain value or a tuple of strings, got {v.describe(item)}",
            )


def _check_enabled(inst: Availability, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) and value is bool(inst.reasons):
        v.fail(inst, attr, "must be true exactly when there are no reasons")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Reason:
    """Why a command is not available: a stable ``code``, its ``params`` and a readable message.

    ``code`` is one of :data:`REASON_CODES`; ``message`` is the text the refusal
    of ``Cycle.execute`` would carry.
    """

    code: str = attrs.field(validator=v.identifier())
    message: str = attrs.field(validator=v.text())
    params: Mapping[str, ParamValue] = attrs.field(
        factory=FrozenMap, converter=_freeze, validator=_check_params
    )

    def as_dict(self) -> dict[str, object]:
        """The reason as plain JSON values: code, message and params."""
        return {
            "code": self.code,
            "message": self.message,
            "params": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in self.params.items()
            },
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Availability:
    """One command's availability: ``enabled``, or the ``reasons`` it is not (all of them).

    >>> greyed = Availability(command="close", enabled=False, reasons=(
    ...     Reason(code="not_permitted", message="role 'employee' may not close",
    ...            params={"role": "employee", "allowed": ("hr", "manager")}),))
    >>> greyed.codes
    ('not_permitted',)
    >>> greyed.as_dict()["reasons"][0]["params"]
    {'role': 'employee', 'allowed': ['hr', 'manager']}
    """

    command: str = attrs.field(validator=v.identifier())
    enabled: bool = attrs.field(validator=[v.boolean(), _check_enabled])
    """True exactly when ``reasons`` is empty."""
    reasons: tuple[Reason, ...] = attrs.field(default=(), validator=v.tuple_of(Reason))

    def as_dict(self) -> dict[str, object]:
        """The availability as plain JSON values: command, enabled and reasons."""
        return {
            "command": self.command,
            "enabled": self.enabled,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)


def _available_commands(
    cycle: CycleRecord, actor: Actor, *, at: dt.datetime
) -> tuple[Availability, ...]:
    """Each command of ``COMMANDS``, in order: may ``actor`` issue it at ``at``, and if not, why.

    The reasons come in ``Cycle.execute``'s order: phase, permission, clock,
    then the preconditions that hold whatever the command's content (those are
    looked at only in an allowed phase, where they mean something). For a
    command without content (release, acknowledge, share, advance, close, ...)
    ``enabled`` is exactly whether ``execute`` accepts it now. A command that
    carries content (propose a goal, record a check-in, waive a condition, ...)
    is enabled when nothing but its content could refuse it: its content may
    still be refused; when it is disabled, every content is refused.
    """
    if not isinstance(actor, Actor):
        raise MalformedInput.single(
            "actor",
            f"must be an Actor, got {v.describe(actor)}",
            code="wrong_type",
            params={"expected": "Actor", "actual_type": type(actor).__name__},
        )
    v.check_moment(at, "at")
    early = None
    if at < cycle.last_event_at:
        last = cycle.last_event_at.isoformat()
        early = Reason(
            code="too_early",
            message=f"{at.isoformat()} is earlier than the last event ({last})",
            params={"last": last},
        )
    return tuple(_availability(cycle, row, actor, at, early) for row in c.COMMANDS)


def _availability(
    cycle: CycleRecord, row: c.CommandRow, actor: Actor, at: dt.datetime, early: Reason | None
) -> Availability:
    name = row.command.NAME
    reasons: list[Reason] = []
    in_phase = cycle.phase in row.phases
    if not in_phase:
        allowed = tuple(sorted(p.value for p in row.phases))
        reasons.append(
            Reason(
                code="wrong_phase",
                message=(
                    f"{name} is not allowed in phase {cycle.phase.value}"
                    f" (allowed in: {', '.join(allowed)})"
                ),
                params={"phase": cycle.phase.value, "allowed": allowed},
            )
        )
    refusal = policy_refusal(cycle.policy, name, actor, cycle.employee_id, cycle.manager_id)
    if refusal is not None:
        # Who may not issue a command learns nothing more of the cycle through it:
        # not its clock, not the state its preconditions read (a draft assessment,
        # a recorded score, the blockers). execute stops here too.
        code, message, params = refusal
        reasons.append(Reason(code=code, message=message, params=params))
        return Availability(command=name, enabled=False, reasons=tuple(reasons))
    if early is not None:
        reasons.append(early)
    precondition = PRECONDITIONS.get(row.command)
    if in_phase and precondition is not None:
        reasons.extend(
            Reason(code=unmet.code, message=unmet.message, params=unmet.params)
            for unmet in precondition(cycle, at)
        )
    return Availability(command=name, enabled=not reasons, reasons=tuple(reasons))
