"""Who sees what of a merit cycle: :func:`view_merit_cycle`.

- HR sees every participant's outcome, every budget and every reason;
- a manager sees their own team only: its outcomes and reasons and their own
  budget and what is left of it, and nothing of other teams (no cycle-wide
  totals or counts, which would give another team's figures away by difference);
- an employee sees only their own outcome, and only once the outcomes are
  released: no guideline, no budget, no reason, no one else.

Anyone else, or someone with nothing to see in the cycle, is refused with
:class:`perfcore.PermissionDenied`. A view holds only what the viewer may see,
and no count of events (a version would tell a manager when others acted).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from perfcore import _validators as v
from perfcore.compensation import Guideline, MeritCycle, MeritParticipant, MeritPhase, Money
from perfcore.errors import PermissionDenied, ValidationError
from perfcore.people import Actor, Role

__all__ = ["MeritOutcome", "MeritView", "view_merit_cycle"]

_VIEW = "view_merit_cycle"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritOutcome:
    """One participant's outcome as a viewer may see it; ``None`` where they may not."""

    employee_id: str
    salary: Money
    rate: Decimal | None
    """The proposed (or, once locked, final) increase; ``None`` while there is no proposal."""
    increase: Money | None
    new_salary: Money | None
    guideline: Guideline | None
    """Shown to the manager and HR, not to the employee."""
    reason: str | None
    """Why the proposal is what it is (outside its guideline, adjusted); hidden from employees."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritView:
    """What one viewer may see of a merit cycle."""

    cycle_id: str
    viewer: Actor
    phase: MeritPhase
    outcomes: tuple[MeritOutcome, ...]
    budget: Money | None
    """The viewer's own team budget (a manager), or the sum of all budgets (HR); else ``None``."""
    spent: Money | None
    """What the proposals the viewer sees cost, against ``budget``; ``None`` for an employee."""


def view_merit_cycle(cycle: MeritCycle, actor: Actor) -> MeritView:
    """What ``actor`` may see of ``cycle`` (see the module docstring for the rules).

    >>> from perfcore.compensation import MeritCycle
    >>> view_merit_cycle(1, None)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: cycle: must be a MeritCycle, got int 1
    """
    if not isinstance(cycle, MeritCycle):
        raise ValidationError.single("cycle", f"must be a MeritCycle, got {v.describe(cycle)}")
    v.require(actor, Actor, "actor")
    if actor.role == Role.HR:
        return _view(cycle, actor, cycle.participants, full=True, budget=_all_budgets(cycle))
    if actor.role == Role.MANAGER:
        team = cycle.team(actor.person_id)
        budget = cycle.budget(actor.person_id)
        if not team and budget is None:
            raise PermissionDenied(_VIEW, actor, "a manager sees their own team only; none here")
        return _view(cycle, actor, team, full=True, budget=budget)
    if actor.role == Role.EMPLOYEE:
        someone = cycle.participant(actor.person_id)
        if someone is None:
            raise PermissionDenied(
                _VIEW, actor, "an employee sees their own outcome only; none here"
            )
        shown = (someone,) if cycle.phase is MeritPhase.RELEASED else ()
        return _view(cycle, actor, shown, full=False, budget=None)
    raise PermissionDenied(_VIEW, actor, f"role {actor.role.name!r} sees nothing of a merit cycle")


def _all_budgets(cycle: MeritCycle) -> Money:
    total = sum((b.amount.amount for b in cycle.budgets), Decimal(0))
    return Money(amount=total, currency=cycle.currency)


def _view(
    cycle: MeritCycle,
    actor: Actor,
    shown: tuple[MeritParticipant, ...],
    *,
    full: bool,
    budget: Money | None,
) -> MeritView:
    outcomes = []
    for someone in shown:
        employee_id, salary = someone.employee_id, someone.salary
        proposal = cycle.proposal(employee_id)
        increase = None if proposal is None else proposal.increase
        outcomes.append(
            MeritOutcome(
                employee_id=employee_id,
                salary=salary,
                rate=None if proposal is None else proposal.rate,
                increase=increase,
                new_salary=None
                if increase is None
                else Money(amount=salary.amount + increase.amount, currency=salary.currency),
                guideline=someone.guideline if full else None,
                reason=None if proposal is None or not full else proposal.reason,
            )
        )
    spent = None
    if full:
        total = sum((o.increase.amount for o in outcomes if o.increase is not None), Decimal(0))
        spent = Money(amount=total, currency=cycle.currency)
    return MeritView(
        cycle_id=cycle.id,
        viewer=actor,
        phase=cycle.phase,
        outcomes=tuple(outcomes),
        budget=budget,
        spent=spent,
    )
