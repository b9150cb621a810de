"""What an audit reports: findings, their severity, and the report that holds them."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap

__all__ = ["EVIDENCE_TYPES", "AuditReport", "EvidenceValue", "Finding", "Severity"]

EvidenceValue = str | int | float | bool | None
"""A single evidence value: plain JSON data, so findings serialize and tabulate as they are."""

EVIDENCE_TYPES = (str, int, float, bool, type(None))


class Severity(enum.Enum):
    """How urgently HR should look at a finding; members compare by urgency."""

    INFO = "info"
    """Worth knowing; nothing is wrong yet."""
    WARNING = "warning"
    """A practice the process asks for is not followed."""
    CRITICAL = "critical"
    """A rule of the cycle is broken, or a record could not stand as evidence."""

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for critical."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


def _freeze_evidence(value: object) -> object:
    if isinstance(value, Mapping):
        return FrozenMap({key: value[key] for key in sorted(value, key=str)})
    return value


def _check_evidence(inst: Finding, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must be a mapping of names to values, got {v.describe(value)}")
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            v.fail(inst, attr, f"keys must be non-empty strings, got {v.describe(key)}")
        if not isinstance(item, EVIDENCE_TYPES):
            v.fail(
                inst,
                attr,
                f"{key!r} must be a string, number, boolean or None, got {v.describe(item)}",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Finding:
    """One thing an audit rule found: what, how serious, about whom, and the evidence.

    ``code`` is the rule's stable code (see the table in docs/oversight.md);
    ``subject`` names what inside the cycle it is about (a goal, an action, a
    date) or, for rules across cycles, the manager. ``evidence`` holds the
    numbers and ids behind the message as plain values. A finding is plain
    data: it serializes with :func:`perfcore.serialization.make_converter` and
    :meth:`as_record` gives a flat row for a DataFrame.

    >>> f = Finding(code="goal_without_measure", severity=Severity.CRITICAL,
    ...             message="goal 'g2' has no measure", cycle_id="c-7", employee_id="e7",
    ...             manager_id="m2", subject="g2", evidence={"goal_title": "Grow renewals"})
    >>> f.as_record()["evidence.goal_title"]
    'Grow renewals'
    >>> Severity.CRITICAL.rank > Severity.WARNING.rank
    True
    """

    code: str = attrs.field(validator=v.identifier())
    severity: Severity = attrs.field(validator=v.member(Severity))
    message: str = attrs.field(validator=v.text())
    cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    employee_id: str | None = attrs.field(default=None, validator=v.optional_text())
    manager_id: str | None = attrs.field(default=None, validator=v.optional_text())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())
    evidence: Mapping[str, EvidenceValue] = attrs.field(
        factory=FrozenMap, converter=_freeze_evidence, validator=_check_evidence, hash=False
    )
    """Sorted by name; read-only."""

    def as_record(self) -> dict[str, EvidenceValue]:
        """A flat row: the fields, then each evidence item as ``evidence.<name>``.

        >>> Finding(code="x", severity=Severity.INFO, message="m").as_record()["severity"]
        'info'
        """
        row: dict[str, EvidenceValue] = {
            "code": self.code,
            "severity": self.severity.value,
            "cycle_id": self.cycle_id,
            "employee_id": self.employee_id,
            "manager_id": self.manager_id,
            "subject": self.subject,
            "message": self.message,
        }
        row.update({f"evidence.{key}": value for key, value in self.evidence.items()})
        return row

    def sort_key(self) -> tuple[str, str, str, int, str, str]:
        """Manager, employee, cycle, most severe first, code, subject."""
        return (
            self.manager_id or "",
            self.employee_id or "",
            self.cycle_id or "",
            -self.severity.rank,
            self.code,
            self.subject or "",
        )


def _sorted_findings(value: object) -> object:
    if isinstance(value, list | tuple) and all(isinstance(f, Finding) for f in value):
        return tuple(sorted(value, key=Finding.sort_key))
    return value


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AuditReport:
    """The findings of one audit, in a stable order, with the ways HR reads them.

    Iterating yields the findings sorted by manager, employee, cycle, severity
    (most severe first), code and subject.

    >>> report = AuditReport(findings=(
    ...     Finding(code="b", severity=Severity.WARNING, message="m", manager_id="m2"),
    ...     Finding(code="a", severity=Severity.CRITICAL, message="m", manager_id="m1")))
    >>> [f.code for f in report], report.codes()
    (['a', 'b'], ('a', 'b'))
    >>> sorted(report.by_manager())
    ['m1', 'm2']
    """

    findings: tuple[Finding, ...] = attrs.field(
        converter=_sorted_findings, validator=v.tuple_of(Finding)
    )

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def codes(self) -> tuple[str, ...]:
        """The distinct codes found, sorted."""
        return tuple(sorted({f.code for f in self.findings}))

    def with_code(self, code: str) -> tuple[Finding, ...]:
        """The findings with this code."""
        return tuple(f for f in self.findings if f.code == code)

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings at ``severity`` or more urgent."""
        v.require(severity, Severity, "severity")
        return tuple(f for f in self.findings if f.severity.rank >= severity.rank)

    def by_manager(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by manager id (``""`` for findings about no manager), sorted."""
        return self._group(lambda f: f.manager_id or "")

    def by_employee(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by employee id (``""`` for findings across cycles), sorted."""
        return self._group(lambda f: f.employee_id or "")

    def by_code(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by code, sorted."""
        return self._group(lambda f: f.code)

    def counts(self) -> dict[str, int]:
        """How many findings each code has, sorted by code."""
        return {code: len(found) for code, found in self.by_code().items()}

    def as_records(self) -> list[dict[str, EvidenceValue]]:
        """One flat row per finding (see :meth:`Finding.as_record`), ready for a DataFrame."""
        return [f.as_record() for f in self.findings]

    def _group(self, key: Callable[[Finding], str]) -> dict[str, tuple[Finding, ...]]:
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(key(finding), []).append(finding)
        return {name: tuple(groups[name]) for name in sorted(groups)}
