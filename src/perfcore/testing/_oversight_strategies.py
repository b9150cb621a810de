"""Strategies for :mod:`perfcore.oversight`: findings, audit reports, phase deadlines.

Builds on the primitive strategies only. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

from hypothesis import strategies as st

from perfcore.oversight import AuditReport, Finding, PhaseDeadlines, Severity
from perfcore.testing._primitive_strategies import _or, ids, texts

__all__ = ["audit_reports", "findings", "phase_deadlines"]

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
