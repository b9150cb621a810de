"""Strategies for :mod:`perfcore.oversight`: findings, audit reports, phase deadlines, due items.

Builds on the primitive strategies only. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

from hypothesis import strategies as st

from perfcore.oversight import (
    CONDITION_KINDS,
    DUE_KINDS,
    AuditReport,
    DueItem,
    DueSource,
    Finding,
    PhaseDeadlines,
    Severity,
)
from perfcore.phases import Phase
from perfcore.testing._primitive_strategies import _or, ids, texts

__all__ = ["audit_reports", "due_item_records", "findings", "phase_deadlines"]

_EVIDENCE = st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(-1e6, 1e6) | texts()


def findings(*, code: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Finding]:
    """An audit finding with a few evidence items. Requires hypothesis."""
    return st.builds(
        Finding,
        code=_or(code, st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)),
        severity=st.sampled_from(Severity),
        message=texts(),
        cycle_id=st.none() | ids(),
        employee_id=st.none() | ids(),
        manager_id=st.none() | ids(),
        subject=st.none() | ids(),
        evidence=st.dictionaries(ids(), _EVIDENCE, max_size=4),
    )


def audit_reports() -> st.SearchStrategy[AuditReport]:
    """A report of up to six findings. Requires hypothesis."""
    return st.lists(findings(), max_size=6).map(lambda found: AuditReport(findings=tuple(found)))


def phase_deadlines() -> st.SearchStrategy[PhaseDeadlines]:
    """Default phase deadlines, in days from the period. Requires hypothesis."""
    days = st.integers(0, 3660)
    return st.builds(
        PhaseDeadlines,
        goal_setting_days=days,
        implementation_days=days,
        appraisal_days=days,
        improvement_days=days,
    )


def due_item_records() -> st.SearchStrategy[DueItem]:
    """A due item of a built-in kind, owed by the employee, the manager or HR. Requires hypothesis.

    Its fields are drawn independently (any due date, overdue or not); for the
    items a cycle owes, draw a cycle and ask :func:`perfcore.oversight.due_items_of`.
    """

    @st.composite
    def draw_item(draw: st.DrawFn) -> DueItem:
        kind = draw(st.sampled_from(DUE_KINDS))
        employee, manager = draw(ids()), draw(ids())
        return DueItem(
            cycle_id=draw(ids()),
            employee_id=employee,
            code=kind.code,
            text=kind.text,
            owner_id=kind.owner_id(employee_id=employee, manager_id=manager),
            owner_role=kind.role,
            due=draw(st.dates()),
            overdue=draw(st.booleans()),
            source=draw(st.sampled_from(DueSource)),
            condition=draw(st.none() | st.sampled_from(sorted(CONDITION_KINDS))),
            subject=draw(st.none() | ids()),
            phase=draw(st.sampled_from([phase for phase in Phase if phase.is_open])),
        )

    return draw_item()
