"""Who may do what: the permission table and the policy that applies it.

``DEFAULT_PERMISSIONS`` is the one readable table of which role may issue which
command. A :class:`Policy` applies a table plus the identity rules: an actor in
the employee role must be the cycle's employee, one in the manager role must be
the cycle's manager, and HR may not act on their own cycle. Apps pass their
own ``Policy`` to grant commands to other roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.cycle import commands as c
from perfcore.errors import ParamValue, PermissionDenied, ValidationError
from perfcore.people import Actor, Role

__all__ = ["DEFAULT_PERMISSIONS", "DEFAULT_POLICY", "Policy"]


class _Parties(Protocol):
    """Whose cycle it is: what the identity rules read of a cycle (a :class:`perfcore.Cycle`)."""

    @property
    def employee_id(self) -> str: ...  # pragma: no cover - a protocol

    @property
    def manager_id(self) -> str: ...  # pragma: no cover - a protocol


DEFAULT_PERMISSIONS: Mapping[str, frozenset[Role]] = MappingProxyType(
    {c.START_CYCLE: c.START_CYCLE_ROLES, **{row.command.NAME: row.roles for row in c.COMMANDS}}
)
"""Command name → roles allowed to issue it (the ``roles`` column of ``COMMANDS``).

``adjust_score`` is HR's alone: an adjustment overrides what the manager's
ratings compute, so the manager changes a score by re-rating; an app that
records calibration outcomes as the manager grants it in its own policy.
"""

_ALL_NAMES = frozenset(DEFAULT_PERMISSIONS)


def _check_table(inst: Policy, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must be a mapping of command name to roles, got {v.describe(value)}")
    unknown = sorted(str(k) for k in value if k not in _ALL_NAMES)
    if unknown:
        v.fail(inst, attr, f"names unknown command(s): {', '.join(unknown)}")
    for name, roles in value.items():
        if not isinstance(roles, frozenset) or not all(isinstance(r, Role) for r in roles):
            v.fail(inst, attr, f"roles for {name!r} must be a frozenset of Role")


def _freeze(table: Mapping[str, frozenset[Role]]) -> Mapping[str, frozenset[Role]]:
    return FrozenMap(table) if isinstance(table, Mapping) else table


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Policy:
    """A permission table plus identity rules; commands missing from the table are denied.

    >>> from perfcore.people import Role
    >>> table = dict(DEFAULT_PERMISSIONS)
    >>> table["record_follow_up"] = frozenset({Role.MANAGER, Role(name="coach")})
    >>> Policy(permissions=table).allows("record_follow_up", Role(name="coach"))
    True
    >>> DEFAULT_POLICY.allows("agree_goals", Role.MANAGER)
    False
    """

    permissions: Mapping[str, frozenset[Role]] = attrs.field(
        default=DEFAULT_PERMISSIONS, converter=_freeze, validator=_check_table, eq=False
    )
    hr_may_act_on_own_cycle: bool = attrs.field(default=False, validator=v.boolean())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Policy):
            return NotImplemented
        return (
            dict(self.permissions) == dict(other.permissions)
            and self.hr_may_act_on_own_cycle == other.hr_may_act_on_own_cycle
        )

    def __hash__(self) -> int:
        return hash((frozenset(self.permissions.items()), self.hr_may_act_on_own_cycle))

    def allows(self, command: str, role: Role) -> bool:
        """Whether ``role`` may issue ``command`` at all (identity rules aside)."""
        v.require(command, str, "command")
        v.require(role, Role, "role")
        return role in self.permissions.get(command, frozenset())

    def denial(self, command: str, actor: Actor, employee_id: str, manager_id: str) -> str | None:
        """Why ``actor`` may not issue ``command`` on this employee's cycle, or ``None``."""
        refusal = policy_refusal(self, command, actor, employee_id, manager_id)
        return None if refusal is None else refusal[1]

    def check(self, command: str, actor: Actor, cycle: _Parties) -> None:
        """Raise :class:`PermissionDenied` unless ``actor`` may issue ``command`` on ``cycle``."""
        try:
            employee_id, manager_id = cycle.employee_id, cycle.manager_id
        except AttributeError:
            raise ValidationError.single(
                "cycle", f"must be a Cycle, got {v.describe(cycle)}"
            ) from None
        why = self.denial(command, actor, employee_id, manager_id)
        if why is not None:
            raise PermissionDenied(command, actor, why)


def policy_refusal(
    policy: Policy, command: str, actor: Actor, employee_id: str, manager_id: str
) -> tuple[str, str, dict[str, ParamValue]] | None:
    """Why ``policy`` refuses ``actor`` ``command``: ``(code, message, params)``, or ``None``.

    The one place of the permission and identity rules; :meth:`Policy.denial`
    gives its message, the available commands its code and params.
    """
    v.require(command, str, "command")
    v.require(actor, Actor, "actor")
    if not policy.allows(command, actor.role):
        allowed = tuple(sorted(r.name for r in policy.permissions.get(command, frozenset())))
        who = ", ".join(allowed) if allowed else "nobody"
        return (
            "not_permitted",
            f"role {actor.role.name!r} may not {command}; allowed: {who}",
            {"role": actor.role.name, "allowed": allowed},
        )
    for role, person_id, whose in (
        (Role.EMPLOYEE, employee_id, "employee"),
        (Role.MANAGER, manager_id, "manager"),
    ):
        if actor.role == role and actor.person_id != person_id:
            return (
                "not_your_cycle",
                f"{actor.person_id!r} is not this cycle's {whose} ({person_id!r})",
                {"person_id": actor.person_id, "role": whose, "expected": person_id},
            )
    if (
        actor.role == Role.HR
        and not policy.hr_may_act_on_own_cycle
        and actor.person_id in (employee_id, manager_id)
    ):
        return (
            "own_cycle",
            f"{actor.person_id!r} may not act as HR on a cycle they take part in",
            {"person_id": actor.person_id},
        )
    return None


DEFAULT_POLICY = Policy()
"""The built-in policy: ``DEFAULT_PERMISSIONS`` and the identity rules."""
