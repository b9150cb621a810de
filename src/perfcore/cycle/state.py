"""Small records that make up a cycle's state besides the domain objects."""

from __future__ import annotations

import enum

import attrs

from perfcore import _validators as v
from perfcore.cycle.phases import Phase

__all__ = ["AppraisalStatus", "Waiver"]


class AppraisalStatus(enum.Enum):
    """Where the employee stands on the appraisal result."""

    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"
    """Disputed and awaiting HR."""
    RESOLVED = "resolved"
    """Disputed and resolved by HR."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Waiver:
    """HR's waiver of a condition, for one subject or (``None``) all of them.

    ``phase`` records when it was given; a waiver of a condition that guards
    several phases (the goal rules) holds in all of them.

    >>> w = Waiver(code="self_assessment", phase=Phase.APPRAISAL, reason="On leave")
    >>> w.covers("self_assessment", None)
    True
    """

    code: str = attrs.field(validator=v.identifier())
    phase: Phase = attrs.field(validator=v.member(Phase))
    reason: str = attrs.field(validator=v.text())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())

    def covers(self, code: str, subject: str | None) -> bool:
        """Whether this waiver lifts the blocker ``(code, subject)``."""
        return self.code == code and (self.subject is None or self.subject == subject)
