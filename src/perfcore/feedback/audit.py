"""An HR audit of anonymous feedback: the one named act that reveals who answered what.

Anonymous answers stay in a request's record (a reviewer may be asked to
account for an answer, a complaint may need it), but nothing in perfcore hands
them out by default. Reading them is an act of its own: HR names who does it,
when and why, and the app keeps that record beside what it read.
"""

from __future__ import annotations

import datetime as dt

import attrs

from perfcore import _validators as v
from perfcore.people import Actor, Role

__all__ = ["AnonymityAudit"]


def _hr_only(inst: AnonymityAudit, attr: attrs.Attribute[Actor], value: Actor) -> None:
    if isinstance(value, Actor) and value.role != Role.HR:
        v.fail(inst, attr, f"must act in the HR role to reveal anonymous answers, got {value.role}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AnonymityAudit:
    """HR's explicit, attributable decision to read anonymous answers with their reviewers.

    >>> import datetime as dt
    >>> from perfcore import Actor, Role
    >>> audit = AnonymityAudit(by=Actor(person_id="hr-2", role=Role.HR),
    ...     at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), reason="Harassment complaint 2026-14")
    >>> audit.by.person_id
    'hr-2'
    >>> AnonymityAudit(by=Actor(person_id="m-1", role=Role.MANAGER),
    ...     at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), reason="curious")
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: AnonymityAudit.by: must act in the HR role ..., got manager
    """

    by: Actor = attrs.field(validator=[v.instance(Actor), _hr_only])
    at: dt.datetime = attrs.field(validator=v.aware_datetime())
    reason: str = attrs.field(validator=v.text(max_length=2000))
