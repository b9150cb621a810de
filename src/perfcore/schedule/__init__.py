"""Check-in and 1:1 cadences, and the manager agreement that commits to them.

:mod:`perfcore.cadence` turns a recurrence rule into due dates over a
window and checks them against the days meetings were held;
:mod:`perfcore.schedule.agreement` records a manager's commitments for a period.
"""

from __future__ import annotations

from perfcore.cadence import (
    Cadence,
    CadenceReport,
    Occurrence,
    OccurrenceStatus,
    check_schedule,
    occurrences,
)
from perfcore.schedule.agreement import ManagerAgreement, ReviewDeadline

__all__ = [
    "Cadence",
    "CadenceReport",
    "ManagerAgreement",
    "Occurrence",
    "OccurrenceStatus",
    "ReviewDeadline",
    "check_schedule",
    "occurrences",
]
