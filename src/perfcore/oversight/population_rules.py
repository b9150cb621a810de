"""Audit rules across cycles: a manager's team, one rater against the rest.

Cancelled cycles take no part. Findings about a manager carry the manager's
id and no cycle or employee.

Each rule is split in two: ``summarise(cycle, context)`` keeps what the rule
needs of one cycle (a small record, ``None`` for a cycle that takes no part)
and ``judge(summaries, context)`` finds on the summaries of the whole
population, in any order; ``check`` is the two in a row. A batch run
(:mod:`perfcore.batch`) summarises each partition of cycles where it lies and
judges all the summaries together, with the same findings.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, TypeVar

import attrs

from perfcore import _validators as v
from perfcore.cycle import Cycle, Phase
from perfcore.errors import ValidationError
from perfcore.oversight.context import AuditContext, phase_entered, phase_left
from perfcore.oversight.findings import Finding, Severity
from perfcore.oversight.rules import PopulationRule

_S = TypeVar("_S")

__all__ = ["ManagerRating", "RaterLeniency", "TeamMember", "TeamWithoutCheckIns", "manager_rating"]


def _summaries(summaries: object, kind: type[_S]) -> list[_S]:
    """The summaries a rule's ``judge`` was given, each of the rule's kind."""
    if isinstance(summaries, str | bytes) or not isinstance(summaries, Iterable):
        raise ValidationError.single(
            "summaries", f"must be an iterable of {kind.__name__}, got {v.describe(summaries)}"
        )
    items = list(summaries)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise ValidationError.single(
                f"summaries[{index}]", f"must be a {kind.__name__}, got {v.describe(item)}"
            )
    return items


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TeamMember:
    """One cycle as :class:`TeamWithoutCheckIns` judges it: whose, due, and checked in or not.

    The rule's :meth:`~TeamWithoutCheckIns.summarise` makes one per cycle, so
    a batch run can judge many partitions of cycles together.
    """

    manager_id: str = attrs.field(validator=v.text())
    employee_id: str = attrs.field(validator=v.text())
    due: bool = attrs.field(validator=v.instance(bool))
    checked_in: bool = attrs.field(validator=v.instance(bool))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ManagerRating:
    """One cycle as :class:`RaterLeniency` judges it: its manager and rating (0–1), if rated."""

    manager_id: str = attrs.field(validator=v.text())
    rating: float | None = attrs.field(validator=v.number(optional=True))


@v.reports_all_problems
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
        summaries = [s for s in (self.summarise(c, context) for c in cycles) if s is not None]
        yield from self.judge(summaries, context)

    def summarise(self, cycle: Cycle, context: AuditContext) -> TeamMember | None:
        """What :meth:`judge` needs of one cycle (``None`` for a cancelled one), for a batch run."""
        v.require(cycle, Cycle, "cycle")
        v.require(context, AuditContext, "context")
        if cycle.phase is Phase.CANCELLED:
            return None
        return TeamMember(
            manager_id=cycle.manager_id,
            employee_id=cycle.employee_id,
            due=self._due(cycle, context),
            checked_in=bool(cycle.shared_check_ins),
        )

    def judge(self, summaries: Sequence[TeamMember], context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        """The findings on the cycles these summaries are of, in any order."""
        teams: dict[str, list[TeamMember]] = {}
        for member in _summaries(summaries, TeamMember):
            teams.setdefault(member.manager_id, []).append(member)
        for manager in sorted(teams):
            due = [c for c in teams[manager] if c.due]
            if due and not any(c.checked_in for c in due):
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


@v.reports_all_problems
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

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:
        """One finding per judged rater beyond the threshold."""
        summaries = [s for s in (self.summarise(c, context) for c in cycles) if s is not None]
        yield from self.judge(summaries, context)

    def summarise(self, cycle: Cycle, context: AuditContext) -> ManagerRating | None:
        """What :meth:`judge` needs of one cycle (``None`` for a cancelled one), for a batch run."""
        v.require(cycle, Cycle, "cycle")
        v.require(context, AuditContext, "context")
        if cycle.phase is Phase.CANCELLED:
            return None
        return ManagerRating(manager_id=cycle.manager_id, rating=manager_rating(cycle))

    def judge(self, summaries: Sequence[ManagerRating], context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        """The findings on the cycles these summaries are of, in any order.

        The means are ``math.fsum`` means and the SD is exact, so neither
        depends on the order of the ratings.
        """
        ratings: dict[str, list[float]] = {}
        for summary in sorted(_summaries(summaries, ManagerRating), key=lambda s: s.manager_id):
            if summary.rating is not None:
                ratings.setdefault(summary.manager_id, []).append(summary.rating)
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
