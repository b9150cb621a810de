"""The cascade: which goals hang under which objective of the catalogue, and which under none.

HR checks that goals fit the company's direction. :func:`cascade` lays the
performance goals of many cycles under the objectives of the app's
:class:`~perfcore.ObjectiveCatalogue`: a goal sits under the objective it was
aligned to (:meth:`perfcore.Cycle.align_goal`), or under the objective of the
goal it hangs under. Goals that reach no objective of the catalogue are
orphans, with the reason. It carries ids and weights only: no titles, no
ratings.

>>> import datetime as dt
>>> import perfcore as pc
>>> year = pc.Period.annual(2026)
>>> catalogue = pc.ObjectiveCatalogue(objectives=(
...     pc.Objective(id="co/growth", title="Grow", level=pc.ObjectiveLevel.COMPANY, period=year),
...     pc.Objective(id="team/dach", title="DACH accounts", level=pc.ObjectiveLevel.TEAM,
...                  period=year, parent_id="co/growth"),
... ))
>>> hr = pc.Actor(person_id="hr", role=pc.Role.HR)
>>> boss = pc.Actor(person_id="m", role=pc.Role.MANAGER)
>>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
>>> cycle = pc.Cycle.start(cycle_id="c-1", employee_id="e-1", manager_id="m", period=year,
...                        by=hr, at=at)
>>> cycle = cycle.propose_goal(pc.Goal(id="g1", title="Accounts", weight=60), by=boss, at=at)
>>> cycle = cycle.propose_goal(pc.Goal(id="g2", title="Referrals", weight=40, parent_id="g1"),
...                            by=boss, at=at)
>>> cycle = cycle.propose_goal(pc.Goal(id="g3", title="Blog", weight=0, parent_id="team/x"),
...                            by=boss, at=at)
>>> cycle = cycle.align_goal("g1", catalogue.objective("team/dach"), by=boss, at=at)
>>> view = cascade(catalogue, [cycle])
>>> [(g.goal_id, g.via) for g in view.goals_under("co/growth")]
[('g1', None), ('g2', 'g1')]
>>> [(o.goal.goal_id, o.reason.value) for o in view.orphans]
[('g3', 'unaligned')]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.cycle import Cycle, Phase
from perfcore.errors import MalformedInput
from perfcore.goals import Goal, GoalKind
from perfcore.objectives import Objective, ObjectiveCatalogue
from perfcore.oversight.context import distinct_cycles

__all__ = ["Cascade", "CascadeBranch", "CascadedGoal", "Orphan", "OrphanReason", "cascade"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CascadedGoal:
    """One goal of one cycle in the cascade: ids and weight, nothing more.

    ``via`` is the goal it hangs under when it reaches its objective through
    another goal of the cycle (``None`` when aligned directly).
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    goal_id: str = attrs.field(validator=v.text(max_length=200))
    weight: float = attrs.field(validator=v.number(minimum=0, maximum=100))
    via: str | None = attrs.field(default=None, validator=v.optional_text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CascadeBranch:
    """An objective of the catalogue and the goals that hang directly under it."""

    objective: Objective = attrs.field(validator=v.instance(Objective))
    goals: tuple[CascadedGoal, ...] = attrs.field(validator=v.tuple_of(CascadedGoal))


class OrphanReason(enum.Enum):
    """Why a performance goal reaches no objective of the catalogue."""

    UNALIGNED = "unaligned"
    """Neither it nor a goal it hangs under was aligned to a catalogue objective."""
    NOT_IN_CATALOGUE = "not_in_catalogue"
    """It was aligned to an objective the catalogue passed in does not list."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Orphan:
    """A performance goal outside the cascade, and why."""

    goal: CascadedGoal = attrs.field(validator=v.instance(CascadedGoal))
    reason: OrphanReason = attrs.field(validator=v.member(OrphanReason))
    objective_id: str | None = attrs.field(default=None, validator=v.optional_text())
    """The objective it was aligned to, for ``NOT_IN_CATALOGUE``."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Cascade:
    """The catalogue's objectives with the goals under each, and the orphans.

    Branches follow the catalogue from the company down (level, then id);
    goals within a branch and orphans are sorted by cycle and goal id.
    """

    branches: tuple[CascadeBranch, ...] = attrs.field(validator=v.tuple_of(CascadeBranch))
    orphans: tuple[Orphan, ...] = attrs.field(validator=v.tuple_of(Orphan))

    def branch(self, objective_id: str) -> CascadeBranch:
        """The branch of one objective; an unknown id is a ``MalformedInput``."""
        v.require(objective_id, str, "objective_id")
        for branch in self.branches:
            if branch.objective.id == objective_id:
                return branch
        raise MalformedInput.single("objective_id", f"no objective {objective_id!r} in the cascade")

    def goals_under(self, objective_id: str, *, deep: bool = True) -> tuple[CascadedGoal, ...]:
        """The goals under an objective and, if ``deep``, under every objective below it."""
        wanted = {self.branch(objective_id).objective.id}
        if deep:
            grew = True
            while grew:
                below = {b.objective.id for b in self.branches if b.objective.parent_id in wanted}
                grew = not below <= wanted
                wanted |= below
        found = [g for b in self.branches if b.objective.id in wanted for g in b.goals]
        return tuple(sorted(found, key=_goal_key))

    def records(self) -> list[dict[str, Any]]:
        """One flat, JSON-ready row per goal (orphans included), for a data frame."""
        rows = [
            _row(goal, branch.objective.id, branch.objective.level.value, None)
            for branch in self.branches
            for goal in branch.goals
        ]
        rows += [
            _row(orphan.goal, orphan.objective_id, None, orphan.reason.value)
            for orphan in self.orphans
        ]
        return rows


def _row(
    goal: CascadedGoal, objective_id: str | None, level: str | None, orphan: str | None
) -> dict[str, Any]:
    return {
        "cycle_id": goal.cycle_id,
        "employee_id": goal.employee_id,
        "goal_id": goal.goal_id,
        "weight": goal.weight,
        "via": goal.via,
        "objective_id": objective_id,
        "level": level,
        "orphan": orphan,
    }


def _goal_key(goal: CascadedGoal) -> tuple[str, str]:
    return (goal.cycle_id, goal.goal_id)


def _placed(cycle: Cycle, goal: Goal) -> tuple[CascadedGoal, Objective | None]:
    objective = cycle.objective_above(goal.id)
    via = None
    if objective is not None and cycle.objective_for(goal.id) is None:
        via = goal.parent_id
    entry = CascadedGoal(
        cycle_id=cycle.id,
        employee_id=cycle.employee_id,
        goal_id=goal.id,
        weight=goal.weight,
        via=via,
    )
    return entry, objective


def cascade(catalogue: ObjectiveCatalogue, cycles: Iterable[Cycle]) -> Cascade:
    """Lay the active goals of ``cycles`` under the objectives of ``catalogue``.

    Cancelled cycles are left out. Performance goals that reach no objective of
    the catalogue are orphans; a development goal appears only where it was
    aligned.
    """
    v.require(catalogue, ObjectiveCatalogue, "catalogue")
    listed = catalogue.by_id()
    under: dict[str, list[CascadedGoal]] = {objective_id: [] for objective_id in listed}
    orphans: list[Orphan] = []
    for cycle in distinct_cycles(cycles):
        if cycle.phase is Phase.CANCELLED:
            continue
        for goal in cycle.active_goals:
            entry, objective = _placed(cycle, goal)
            if objective is not None and objective.id in listed:
                under[objective.id].append(entry)
            elif goal.kind is GoalKind.PERFORMANCE:
                reason = (
                    OrphanReason.UNALIGNED if objective is None else OrphanReason.NOT_IN_CATALOGUE
                )
                objective_id = None if objective is None else objective.id
                orphans.append(Orphan(goal=entry, reason=reason, objective_id=objective_id))
    ordered = sorted(listed.values(), key=lambda o: (o.level.rank, o.id))
    branches = tuple(
        CascadeBranch(objective=o, goals=tuple(sorted(under[o.id], key=_goal_key))) for o in ordered
    )
    orphans.sort(key=lambda orphan: _goal_key(orphan.goal))
    return Cascade(branches=branches, orphans=tuple(orphans))
