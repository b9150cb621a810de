"""Running an audit: the built-in rule set, its registry, and :func:`audit`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from perfcore import _validators as v
from perfcore.cycle import Cycle
from perfcore.cycle.events import is_private
from perfcore.errors import ValidationError
from perfcore.improvement import DEFAULT_CAUSE_INTERVENTIONS, CauseInterventions
from perfcore.objectives import ObjectiveCatalogue
from perfcore.oversight import cycle_rules as cr
from perfcore.oversight import population_rules as pr
from perfcore.oversight.context import AuditContext, PhaseDeadlines, distinct_cycles
from perfcore.oversight.findings import AuditReport, Finding
from perfcore.oversight.rules import AuditRule, CycleRule, PopulationRule, RuleSet
from perfcore.schedule import ManagerAgreement
from perfcore.strategies import Registry

__all__ = ["BUILT_IN_RULES", "DEFAULT_REGISTRY", "DEFAULT_RULES", "as_it_stood", "audit"]

BUILT_IN_RULES: tuple[type[CycleRule | PopulationRule], ...] = (
    cr.GoalImposed,
    cr.GoalRevisionUnexplained,
    cr.WeightsNotTotal100,
    cr.GoalWithoutMeasure,
    cr.CheckInCadenceMissed,
    cr.GoalWithoutCheckIn,
    cr.SignalUnanswered,
    cr.ActionItemOverdue,
    cr.RatingWithoutBasis,
    cr.SelfAssessmentMissing,
    cr.SelfManagerGapUnexplained,
    cr.CompetencyUnrated,
    cr.GoalOnRetiredObjective,
    cr.UnmetGoalWithoutRootCause,
    cr.SignalUnanalysed,
    cr.ActionNotFollowingCause,
    cr.CauseWithoutAction,
    cr.FollowUpOverdue,
    cr.FormalReviewOverdue,
    cr.PhaseOverdue,
    pr.TeamWithoutCheckIns,
    pr.RaterLeniency,
)
"""Every built-in rule class, in reporting order."""


ENTRY_POINT_GROUP = "perfcore.oversight"
"""The entry-point group through which packages add audit rules."""


def _registry() -> Registry:
    registry = Registry.empty(ENTRY_POINT_GROUP)
    for rule in BUILT_IN_RULES:
        registry = registry.register(rule.NAME, rule.from_params)
    return registry


DEFAULT_REGISTRY = _registry()
"""Builds the built-in rules from ``{"strategy": code, "params": {...}}``; register your own."""

DEFAULT_RULES = RuleSet(rules=tuple(rule() for rule in BUILT_IN_RULES))
"""Every built-in rule with its default thresholds."""


def _cycles(cycles: object, as_of: dt.datetime) -> tuple[Cycle, ...]:
    found = distinct_cycles(cycles)
    return tuple(c for c in (as_it_stood(cycle, as_of) for cycle in found) if c is not None)


def as_it_stood(cycle: Cycle, as_of: dt.datetime) -> Cycle | None:
    """The cycle as it stood at ``as_of``: its history up to then, or ``None`` if it began later.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=Actor(person_id="hr", role=Role.HR), at=at)
    >>> as_it_stood(cycle, at) is cycle, as_it_stood(cycle, at - dt.timedelta(days=1))
    (True, None)
    """
    if not isinstance(cycle, Cycle):
        raise ValidationError.single("cycle", f"must be a Cycle, got {v.describe(cycle)}")
    v.check_moment(as_of, "as_of")
    if cycle.last_event_at <= as_of:
        return cycle
    if cycle.events[0].at > as_of:
        return None
    # The history up to the first event after ``as_of``; a private note (which sets no
    # clock, so may carry a later time than what follows it) never ends it early.
    cut = next(
        index
        for index, event in enumerate(cycle.events)
        if event.at > as_of and not is_private(event)
    )
    return Cycle.replay(cycle.events[:cut], policy=cycle.policy)


def audit(  # noqa: PLR0913
    cycles: Iterable[Cycle],
    *,
    as_of: dt.datetime,
    rules: RuleSet | Sequence[AuditRule] = DEFAULT_RULES,
    agreements: Sequence[ManagerAgreement] = (),
    interventions: CauseInterventions = DEFAULT_CAUSE_INTERVENTIONS,
    deadlines: PhaseDeadlines | None = None,
    objectives: ObjectiveCatalogue | None = None,
) -> AuditReport:
    """Run ``rules`` over ``cycles`` as of ``as_of`` and report every finding.

    Each cycle is judged as it stood at ``as_of`` (events after it are left
    out, so an audit can be re-run for any past date; a cycle that began later
    is skipped). ``agreements`` are the managers' commitments (their 1:1
    cadence and review deadlines take precedence over the cycle's cadence and
    ``deadlines``); ``interventions`` is the cause → intervention mapping that
    improvement actions should follow; ``objectives`` the app's objectives
    catalogue as it stands (goals left on objectives it retired or dropped are
    reported). Nothing is changed; the same inputs
    always give the same report.

    Bad input raises :class:`perfcore.ValidationError` naming the argument.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role, Cycle
    >>> hr = Actor(person_id="hr-1", role=Role.HR)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=hr, at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> report = audit([cycle], as_of=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    >>> [(f.code, f.subject) for f in report]
    [('phase_overdue', 'goal_setting')]
    >>> report.findings[0].message
    'still in goal setting 14 days after its deadline 2026-02-15'
    """
    try:
        context = AuditContext(
            as_of=as_of,
            agreements=tuple(agreements) if isinstance(agreements, list | tuple) else agreements,  # type: ignore[arg-type]
            interventions=interventions,
            deadlines=deadlines if deadlines is not None else PhaseDeadlines(),
            objectives=objectives,
        )
    except ValidationError as exc:
        raise type(exc)(
            p.at(p.path.replace("AuditContext.", "", 1)) for p in exc.problems
        ) from None
    if not isinstance(rules, RuleSet):
        if not isinstance(rules, list | tuple):
            raise ValidationError.single(
                "rules", f"must be a RuleSet or a sequence of rules, got {v.describe(rules)}"
            )
        try:
            rules = RuleSet(rules=tuple(rules))
        except ValidationError as exc:
            raise type(exc)(p.at(p.path.replace("RuleSet.", "", 1)) for p in exc.problems) from None
    population = _cycles(cycles, context.as_of)
    findings: list[Finding] = []
    for rule in rules:
        for finding in rule.check(population, context):
            if not isinstance(finding, Finding):
                raise ValidationError.single(
                    f"rules[{rule.name}]", f"must yield Finding values, got {v.describe(finding)}"
                )
            findings.append(finding)
    return AuditReport(findings=tuple(findings))
