"""Audit rules across cycles: a manager's team, one rater against the rest.

Cancelled cycles take no part. Findings about a manager carry the manager's
id and no cycle or employee.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from typing import ClassVar

import attrs

from perfcore import _validators as v
from perfcore.cycle import Cycle, Phase
from perfcore.oversight.context import AuditContext, phase_entered, phase_left
from perfcore.oversight.findings import Finding, Severity
from perfcore.oversight.rules import PopulationRule

__all__ = ["RaterLeniency", "TeamWithoutCheckIns", "manager_rating"]


def _by_manager(cycles: Sequence[Cycle]) -> dict[str, list[Cycle]]:
    teams: dict[str, list[Cycle]] = {}
    for cycle in cycles:
        if cycle.phase is not Phase.CANCELLED:
            teams.setdefault(cycle.manager_id, []).append(cycle)
    return {manager: teams[manager] for manager in sorted(teams)}


@attrs.frozen(kw_only=True)
class TeamWithoutCheckIns(PopulationRule):
    """Not one check-in in a manager's whole team.

    A cycle counts once implementation is over or has run ``min_days``; a
    manager with at least one such cycle and no check-in in any of them gets
    one finding.
    """

    NAME: ClassVar[str] = "team_without_check_ins"
    DESCRIPTION: ClassVar[str] = "A manager's team has no check-in at all during implementation."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    min_days: int = attrs.field(default=30, validator=v.integer(minimum=0, maximum=3660))

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:
        """One finding per manager whose due team members have no check-ins."""
        for manager, team in _by_manager(cycles).items():
            due = [c for c in team if self._due(c, context)]
            if due and not any(c.shared_check_ins for c in due):
                employees = sorted(c.employee_id for c in due)
                yield self.finding(
                    None,
                    f"no check-ins in {manager}'s team of {len(due)}"
                    f" ({', '.join(employees)}) during implementation",
                    subject=manager,
                    manager_id=manager,
                    evidence={"team_size": len(due), "employees": ", ".join(employees)},
                )

    def _due(self, cycle: Cycle, context: AuditContext) -> bool:
        entered = phase_entered(cycle, Phase.IMPLEMENTATION)
        if entered is None:
            return False
        if phase_left(cycle, Phase.IMPLEMENTATION) is not None:
            return True
        return (context.today(cycle) - cycle.date_of(entered)).days >= self.min_days


def manager_rating(cycle: Cycle) -> float | None:
    """The manager's rating of a cycle on a 0–1 scale, or ``None`` if not rated.

    The overall rating if given, else the mean of the goal ratings, normalised
    with the cycle's scale so cycles on different scales compare.
    """
    v.require(cycle, Cycle, "cycle")
    assessment = cycle.manager_assessment
    if assessment is None:
        return None
    if assessment.overall is not None:
        value = assessment.overall.value
    elif assessment.goal_ratings:
        value = statistics.fmean(r.rating.value for r in assessment.goal_ratings)
    else:
        return None
    return cycle.scale.normalise(value)


@attrs.frozen(kw_only=True)
class RaterLeniency(PopulationRule):
    """A manager's ratings sit far above (lenient) or below (severe) everyone's.

    Leniency index of rater r: ``(mean_r − mean_all) / sd_all`` over the
    managers' ratings normalised to 0–1 (:func:`manager_rating`), with the
    sample standard deviation of all ratings. A rater is judged only with at
    least ``min_group_size`` ratings and when the other raters together have at
    least as many; smaller groups are not judged (the comparison would be
    noise). ``|index| >= threshold`` is a finding.
    """

    NAME: ClassVar[str] = "rater_leniency"
    DESCRIPTION: ClassVar[str] = (
        "One manager's ratings are far from everyone's (leniency/severity index),"
        " groups below the minimum size not judged."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    threshold: float = attrs.field(default=0.5, validator=v.number(minimum=0.01, maximum=10))
    min_group_size: int = attrs.field(default=4, validator=v.integer(minimum=2, maximum=10_000))

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        """One finding per judged rater beyond the threshold."""
        ratings: dict[str, list[float]] = {}
        for manager, team in _by_manager(cycles).items():
            values = [r for r in (manager_rating(c) for c in team) if r is not None]
            if values:
                ratings[manager] = values
        everyone = [r for values in ratings.values() for r in values]
        if len(everyone) < 2:
            return
        mean_all = statistics.fmean(everyone)
        sd_all = statistics.stdev(everyone)
        if sd_all == 0 or not math.isfinite(sd_all):
            return
        for manager, values in ratings.items():
            others = len(everyone) - len(values)
            if len(values) < self.min_group_size or others < self.min_group_size:
                continue
            mean = statistics.fmean(values)
            index = (mean - mean_all) / sd_all
            if abs(index) < self.threshold:
                continue
            direction = "lenient" if index > 0 else "severe"
            yield self.finding(
                None,
                f"{manager}'s ratings are {direction}: mean {mean:.2f} against {mean_all:.2f}"
                f" for all raters (index {index:+.2f} SD, {len(values)} ratings)",
                subject=manager,
                manager_id=manager,
                evidence={
                    "direction": direction,
                    "leniency_index": round(index, 6),
                    "mean": round(mean, 6),
                    "mean_all": round(mean_all, 6),
                    "sd_all": round(sd_all, 6),
                    "ratings": len(values),
                    "ratings_all": len(everyone),
                },
            )
