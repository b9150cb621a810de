"""The objectives catalogue: the company's, departments' and teams' objectives.

A performance goal fits the company's direction when it hangs under a real
objective. The app keeps its objectives (perfcore reads no files) and passes
them in as an :class:`ObjectiveCatalogue`: company objectives at the top,
department objectives under a company one, team objectives under a department
or company one, each for a period and possibly retired. A goal is aligned to
one with :meth:`perfcore.Cycle.align_goal`, which records the objective as it
stood, so a replay years later needs no catalogue.

>>> import datetime as dt
>>> from perfcore.periods import Period
>>> year = Period.annual(2026)
>>> catalogue = ObjectiveCatalogue(objectives=(
...     Objective(id="co/growth", title="Grow revenue 20%", level=ObjectiveLevel.COMPANY,
...               period=year),
...     Objective(id="sales/emea", title="Double EMEA pipeline",
...               level=ObjectiveLevel.DEPARTMENT, period=year, parent_id="co/growth"),
...     Objective(id="team/dach", title="Open 40 DACH accounts", level=ObjectiveLevel.TEAM,
...               period=year, parent_id="sales/emea"),
... ))
>>> [o.id for o in catalogue.lineage("team/dach")]
['team/dach', 'sales/emea', 'co/growth']
>>> catalogue.objective("team/nowhere")
Traceback (most recent call last):
...
perfcore.errors.MalformedInput: objective_id: no objective 'team/nowhere' in the catalogue
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.errors import MalformedInput, Problem
from perfcore.periods import Period

__all__ = ["GoalAlignment", "Objective", "ObjectiveCatalogue", "ObjectiveLevel"]


class ObjectiveLevel(enum.Enum):
    """Where an objective sits: company, then department, then team."""

    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"

    @property
    def rank(self) -> int:
        """0 for the company, 1 for a department, 2 for a team: parents rank lower."""
        return _RANKS[self]


_RANKS = MappingProxyType(
    {ObjectiveLevel.COMPANY: 0, ObjectiveLevel.DEPARTMENT: 1, ObjectiveLevel.TEAM: 2}
)


def _check_retired(inst: Objective, attr: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and value < inst.period.start:
        v.fail(inst, attr, f"{value} is before the objective's period starts {inst.period.start}")


def _check_parent(inst: Objective, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value == inst.id:
        v.fail(inst, attr, "an objective cannot sit under itself")
    if inst.level is ObjectiveLevel.COMPANY and value is not None:
        v.fail(inst, attr, "a company objective sits under no other")
    if inst.level is not ObjectiveLevel.COMPANY and value is None:
        v.fail(inst, attr, f"a {inst.level.value} objective sits under a company or department one")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Objective:
    """One objective of the catalogue, for a period.

    ``parent_id`` names the objective it serves (a company objective has none);
    ``retired_on`` is the first day it no longer counts (dropped, merged or
    replaced mid-period). Goals can be aligned to it while it is live, and the
    audit reports goals left aligned to it once it is retired.

    >>> from perfcore.periods import Period
    >>> o = Objective(id="co/q", title="Fewer defects", level=ObjectiveLevel.COMPANY,
    ...               period=Period.annual(2026), retired_on=dt.date(2026, 7, 1))
    >>> o.live_on(dt.date(2026, 6, 30)), o.live_on(dt.date(2026, 7, 1))
    (True, False)
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    title: str = attrs.field(validator=v.text(max_length=500))
    level: ObjectiveLevel = attrs.field(validator=v.member(ObjectiveLevel))
    period: Period = attrs.field(validator=v.instance(Period))
    parent_id: str | None = attrs.field(default=None, validator=[v.optional_text(), _check_parent])
    retired_on: dt.date | None = attrs.field(
        default=None, validator=[v.date(optional=True), _check_retired]
    )

    def live_on(self, day: dt.date) -> bool:
        """Whether the objective counts on ``day``: inside its period and not yet retired."""
        v.require_day(day, "day")
        retired = self.retired_on is not None and day >= self.retired_on
        return self.period.start <= day <= self.period.end and not retired

    def overlaps(self, period: Period) -> bool:
        """Whether the objective's period shares a day with ``period``."""
        v.require(period, Period, "period")
        return self.period.start <= period.end and period.start <= self.period.end


def _catalogue_problems(objectives: tuple[Objective, ...]) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, Objective] = {}
    for index, objective in enumerate(objectives):
        if objective.id in by_id:
            problems.append(
                Problem(
                    path=f"ObjectiveCatalogue.objectives[{index}].id",
                    message=f"objective {objective.id!r} is listed twice",
                )
            )
        by_id.setdefault(objective.id, objective)
    for index, objective in enumerate(objectives):
        if objective.parent_id is None:
            continue
        path = f"ObjectiveCatalogue.objectives[{index}].parent_id"
        parent = by_id.get(objective.parent_id)
        if parent is None:
            problems.append(
                Problem(path=path, message=f"no objective {objective.parent_id!r} in the catalogue")
            )
        elif parent.level.rank >= objective.level.rank:
            problems.append(
                Problem(
                    path=path,
                    message=(
                        f"a {objective.level.value} objective cannot sit under the"
                        f" {parent.level.value} objective {parent.id!r}"
                    ),
                )
            )
        elif not (
            parent.period.start <= objective.period.start
            and objective.period.end <= parent.period.end
        ):
            problems.append(
                Problem(
                    path=path,
                    message=(
                        f"{objective.id!r} runs {objective.period.start}..{objective.period.end},"
                        f" outside its parent {parent.id!r}"
                        f" ({parent.period.start}..{parent.period.end})"
                    ),
                )
            )
    return problems


def _check_catalogue(
    _inst: ObjectiveCatalogue, _attr: attrs.Attribute[Any], value: tuple[Objective, ...]
) -> None:
    problems = _catalogue_problems(value)
    if problems:
        raise MalformedInput(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ObjectiveCatalogue:
    """The objectives an app passes in: unique ids, each parent listed and ranked above.

    A department objective sits under a company one, a team objective under a
    department or company one, each inside its parent's period (levels rank
    strictly, so the hierarchy has no loops).
    """

    objectives: tuple[Objective, ...] = attrs.field(
        validator=[v.tuple_of(Objective), _check_catalogue]
    )

    def by_id(self) -> Mapping[str, Objective]:
        """Every objective by its id (a read-only mapping)."""
        return MappingProxyType({o.id: o for o in self.objectives})

    def get(self, objective_id: str) -> Objective | None:
        """The objective with this id, or ``None``."""
        v.require(objective_id, str, "objective_id")
        return next((o for o in self.objectives if o.id == objective_id), None)

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id; an unknown id is a ``MalformedInput`` at ``objective_id``."""
        found = self.get(objective_id)
        if found is None:
            raise MalformedInput.single(
                "objective_id", f"no objective {objective_id!r} in the catalogue"
            )
        return found

    def lineage(self, objective_id: str) -> tuple[Objective, ...]:
        """The objective and those above it, up to the company objective."""
        chain = [self.objective(objective_id)]
        by_id = self.by_id()
        while (parent_id := chain[-1].parent_id) is not None:
            chain.append(by_id[parent_id])
        return tuple(chain)

    def children(self, objective_id: str) -> tuple[Objective, ...]:
        """The objectives directly under this one, sorted by id."""
        self.objective(objective_id)
        return tuple(sorted((o for o in self.objectives if o.parent_id == objective_id), key=_key))


def _key(objective: Objective) -> str:
    return objective.id


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalAlignment:
    """A goal aligned to an objective, as the objective stood when it was aligned.

    It holds while the goal's ``parent_id`` names the objective: revising the
    goal under another parent ends it.
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    objective: Objective = attrs.field(validator=v.instance(Objective))
