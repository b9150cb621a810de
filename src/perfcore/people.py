"""People and the roles they act in."""

from __future__ import annotations

from typing import ClassVar

import attrs

from perfcore import _validators as v
from perfcore.errors import MalformedInput, Problem, ValidationError

__all__ = ["Actor", "Role", "check_actor_and_moment"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Role:
    """A role someone acts in: employee, manager, HR, or one an app adds.

    The built-in roles are class attributes: the three a cycle knows, and
    ``REVIEWER`` for someone answering a feedback request. An app's policy may
    grant commands to further roles such as ``Role(name="skip_manager")``.

    >>> Role.MANAGER
    Role(name='manager')
    >>> Role(name="skip_manager").name
    'skip_manager'
    """

    name: str = attrs.field(validator=v.identifier())

    EMPLOYEE: ClassVar[Role]
    MANAGER: ClassVar[Role]
    HR: ClassVar[Role]
    REVIEWER: ClassVar[Role]

    def __str__(self) -> str:
        return self.name


Role.EMPLOYEE = Role(name="employee")
Role.MANAGER = Role(name="manager")
Role.HR = Role(name="hr")
Role.REVIEWER = Role(name="reviewer")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Actor:
    """A person acting in a role; every event records one.

    >>> Actor(person_id="e-17", role=Role.EMPLOYEE)
    Actor(person_id='e-17', role=Role(name='employee'))
    """

    person_id: str = attrs.field(validator=v.text(max_length=200))
    role: Role = attrs.field(validator=v.instance(Role))

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role.name})"


def check_actor_and_moment(by: object, at: object) -> None:
    """Refuse a ``by`` that is no :class:`Actor` and an ``at`` that is no usable moment.

    Both problems are reported at once (paths ``by`` and ``at``); the aggregates
    (feedback requests, calibration sessions, merit cycles) check every command so.

    >>> import datetime as dt
    >>> check_actor_and_moment(Actor(person_id="hr-1", role=Role.HR),
    ...                        dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    >>> check_actor_and_moment("hr-1", dt.datetime(2026, 1, 5))
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: by: must be an Actor, got str 'hr-1'; at: ...
    """
    problems = []
    if not isinstance(by, Actor):
        problems.append(
            Problem(
                path="by",
                message=f"must be an Actor, got {v.describe(by)}",
                code="wrong_type",
                params={"expected": "Actor", "actual_type": type(by).__name__},
            )
        )
    try:
        v.check_moment(at, "at")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise MalformedInput(problems)
