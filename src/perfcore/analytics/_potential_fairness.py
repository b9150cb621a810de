"""The fairness check: one audit for everyone, high potentials' finding rates beside the rest's.

Public through :mod:`perfcore.analytics.potential` (:func:`fairness_check`, :class:`FairnessCheck`,
:class:`FindingRate`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.cycle import Cycle
from perfcore.errors import Problem, ValidationError
from perfcore.oversight import DEFAULT_RULES, AuditReport, AuditRule, RuleSet, audit

# --- fairness -------------------------------------------------------------------------


def _rate(count: int, total: int) -> float | None:
    return None if total == 0 else count / total


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FindingRate:
    """For one audit rule: how many high potentials and how many others it found something on.

    A count is of employees with at least one finding of ``code``; a rate is
    that count over the group's size (``None`` for an empty group);
    ``difference`` is the high potentials' rate minus the others' rate.
    ``unattributed`` counts findings about no employee (a manager's team).

    >>> r = FindingRate(code="goal_without_check_in", high_potential_count=1,
    ...     high_potential_total=2, rest_count=1, rest_total=4, unattributed=0)
    >>> r.high_potential_rate, r.rest_rate, r.difference
    (0.5, 0.25, 0.25)
    """

    code: str = attrs.field(validator=v.identifier())
    high_potential_count: int = attrs.field(validator=v.integer(minimum=0))
    high_potential_total: int = attrs.field(validator=v.integer(minimum=0))
    rest_count: int = attrs.field(validator=v.integer(minimum=0))
    rest_total: int = attrs.field(validator=v.integer(minimum=0))
    unattributed: int = attrs.field(default=0, validator=v.integer(minimum=0))

    @property
    def high_potential_rate(self) -> float | None:
        """High potentials with a finding ÷ high potentials audited."""
        return _rate(self.high_potential_count, self.high_potential_total)

    @property
    def rest_rate(self) -> float | None:
        """Others with a finding ÷ others audited."""
        return _rate(self.rest_count, self.rest_total)

    @property
    def difference(self) -> float | None:
        """High potentials' rate − others' rate; ``None`` when a group is empty."""
        hipo, rest = self.high_potential_rate, self.rest_rate
        return None if hipo is None or rest is None else hipo - rest

    def as_record(self) -> dict[str, Any]:
        """A flat row with the counts, the rates and the difference."""
        return {
            "code": self.code,
            "high_potential_count": self.high_potential_count,
            "high_potential_total": self.high_potential_total,
            "high_potential_rate": self.high_potential_rate,
            "rest_count": self.rest_count,
            "rest_total": self.rest_total,
            "rest_rate": self.rest_rate,
            "difference": self.difference,
            "unattributed": self.unattributed,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FairnessCheck:
    """The result of :func:`fairness_check`.

    ``rule_codes`` is the one rule set every cycle was audited with;
    ``high_potential_ids`` and ``rest_ids`` the employees audited in each
    group; ``not_audited_ids`` the flagged ids with no cycle begun by
    ``as_of``; ``rates`` one :class:`FindingRate` per rule, in the rule set's
    order; ``flag_blind`` whether the audit gave identical findings with the
    high potentials' cycles passed first and passed last; ``report`` the
    audit itself.
    """

    as_of: dt.datetime = attrs.field(validator=v.aware_datetime())
    rule_codes: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.identifier()))
    high_potential_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    rest_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    not_audited_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    rates: tuple[FindingRate, ...] = attrs.field(validator=v.tuple_of(FindingRate))
    flag_blind: bool = attrs.field(validator=v.boolean())
    report: AuditReport = attrs.field(validator=v.instance(AuditReport))
    explanation: str = attrs.field(validator=v.text())

    def rate(self, code: str) -> FindingRate:
        """The rates for rule ``code``."""
        for item in self.rates:
            if item.code == code:
                return item
        raise ValidationError.single("code", f"no rule {code!r} was applied")

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per rule (see :meth:`FindingRate.as_record`)."""
        return [item.as_record() for item in self.rates]


def _ids(value: object) -> frozenset[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError.single(
            "high_potential_ids", f"must be a collection of employee ids, got {v.describe(value)}"
        )
    items = list(value)
    problems = [
        Problem(
            path=f"high_potential_ids[{i}]",
            message=f"must be a non-empty string, got {v.describe(x)}",
        )
        for i, x in enumerate(items)
        if not isinstance(x, str) or not x.strip()
    ]
    if problems:
        raise ValidationError(problems)
    return frozenset(items)


def _population(cycles: object) -> tuple[Cycle, ...]:
    """The cycles as a tuple; their items are checked by the audit."""
    if isinstance(cycles, str | bytes) or not isinstance(cycles, Iterable):
        raise ValidationError.single(
            "cycles", f"must be an iterable of cycles, got {v.describe(cycles)}"
        )
    return tuple(cycles)


def fairness_check(
    cycles: Iterable[Cycle],
    high_potential_ids: Iterable[str],
    *,
    as_of: dt.datetime,
    rules: RuleSet | Sequence[AuditRule] | None = None,
) -> FairnessCheck:
    """Audit everyone with one rule set and compare high potentials with the rest.

    ``rules`` defaults to :data:`perfcore.oversight.DEFAULT_RULES`. The audit
    runs once over all ``cycles`` (so rules across cycles, such as rater
    leniency, see one population) and never receives ``high_potential_ids``.
    To show it, the cycles are audited again with the high potentials' cycles
    first and with them last, the only way a grouping could reach the audit;
    ``flag_blind`` says whether all three gave identical findings.

    What it proves: the same rules, thresholds and moment applied to every
    employee, and the findings do not depend on who is flagged. What it does
    not: that the cycles themselves were run alike (a manager may hold more
    check-ins with high potentials; that shows up as a rate difference, not
    explained here), that the rules are fair, or that a difference between
    small groups means anything; nor does it catch a custom rule that singles
    out employee ids.

    >>> import perfcore as pc
    >>> hr = pc.Actor(person_id="hr1", role=pc.Role.HR)
    >>> def started(employee):
    ...     return pc.Cycle.start(cycle_id=f"c-{employee}", employee_id=employee,
    ...         manager_id="jo", period=pc.Period.annual(2026), by=hr,
    ...         at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> check = fairness_check([started("ann"), started("bo")], ["ann"],
    ...                        as_of=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    >>> check.flag_blind, check.high_potential_ids, check.rest_ids
    (True, ('ann',), ('bo',))
    >>> overdue = check.rate("phase_overdue")
    >>> overdue.high_potential_rate, overdue.rest_rate, overdue.difference
    (1.0, 1.0, 0.0)
    """
    flagged = _ids(high_potential_ids)
    population = _population(cycles)
    rule_set = DEFAULT_RULES if rules is None else rules
    report = audit(population, as_of=as_of, rules=rule_set)
    codes = tuple(rule.name for rule in rule_set)
    first = sorted(population, key=lambda c: (c.employee_id not in flagged, c.employee_id, c.id))
    last = sorted(population, key=lambda c: (c.employee_id in flagged, c.employee_id, c.id))
    blind = all(
        audit(order, as_of=as_of, rules=rule_set).findings == report.findings
        for order in (first, last)
    )
    audited = {c.employee_id for c in population if c.events[0].at <= as_of}
    hipos = tuple(sorted(audited & flagged))
    rest = tuple(sorted(audited - flagged))
    with_code: dict[str, set[str]] = {}
    unattributed: dict[str, int] = {}
    for finding in report:
        if finding.employee_id is None:
            unattributed[finding.code] = unattributed.get(finding.code, 0) + 1
        else:
            with_code.setdefault(finding.code, set()).add(finding.employee_id)
    rates = tuple(
        FindingRate(
            code=code,
            high_potential_count=len(with_code.get(code, set()) & set(hipos)),
            high_potential_total=len(hipos),
            rest_count=len(with_code.get(code, set()) & set(rest)),
            rest_total=len(rest),
            unattributed=unattributed.get(code, 0),
        )
        for code in codes
    )
    not_audited = tuple(sorted(flagged - audited))
    explanation = (
        f"{len(codes)} rules applied in one audit to all {len(audited)} employees audited"
        f" ({len(hipos)} high potential, {len(rest)} other) as of {as_of.isoformat()}; "
        + (
            "the audit never sees the flag: findings identical with the high potentials'"
            " cycles passed first and passed last"
            if blind
            else "findings CHANGED with the order of the cycles: a rule depends on input"
            " order, so the rates below are from the cycles in the order given"
        )
    )
    if not_audited:
        explanation += f"; flagged but not audited (no cycle begun): {', '.join(not_audited)}"
    return FairnessCheck(
        as_of=as_of,
        rule_codes=codes,
        high_potential_ids=hipos,
        rest_ids=rest,
        not_audited_ids=not_audited,
        rates=rates,
        flag_blind=blind,
        report=report,
        explanation=explanation,
    )
