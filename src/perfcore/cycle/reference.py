"""A readable reference of the cycle, rendered from the tables the code runs on.

Nothing here restates a rule: the state diagram comes from ``NEXT_PHASE``,
``OPEN_PHASES`` and ``COMMAND_PHASES``; the commands table from
``COMMAND_TYPES``, ``COMMAND_PHASES`` and a :class:`Policy` (by default
``DEFAULT_POLICY``); the conditions table from ``CONDITIONS``. Change a table
and the reference changes with it; ``docs/cycle.md`` embeds
:func:`cycle_reference` and a test keeps the two equal.

Every function is pure and deterministic: phases appear in their forward order,
and within a phase rows keep the order of the table they come from.

>>> print(cycle_reference().splitlines()[0])
### Phases and transitions
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle.conditions import CONDITIONS, Condition
from perfcore.cycle.permissions import DEFAULT_POLICY, Policy
from perfcore.errors import ValidationError
from perfcore.people import Role
from perfcore.phases import NEXT_PHASE, OPEN_PHASES, Phase

__all__ = [
    "commands_table",
    "conditions_table",
    "cycle_reference",
    "mermaid_state_diagram",
    "reason_required",
]

_START = "[*]"
_BUILT_IN_ROLES = (Role.EMPLOYEE, Role.MANAGER, Role.HR)
_PHASE_MOVES = (c.AdvancePhase, c.Close)
"""The commands that take a cycle along ``NEXT_PHASE`` (``decide`` guards both)."""


def _in_order(phases: frozenset[Phase]) -> list[Phase]:
    return sorted(phases, key=lambda phase: phase.rank)


def _first_phase() -> Phase:
    """The phase nothing leads to: where ``Cycle.start`` puts a new cycle."""
    targets = set(NEXT_PHASE.values())
    return next(phase for phase in Phase if phase in NEXT_PHASE and phase not in targets)


def _code(text: str) -> str:
    return f"`{text}`"


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = [_row(header), _row(tuple("---" for _ in header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def mermaid_state_diagram() -> str:
    """The cycle's phases as a Mermaid ``stateDiagram-v2`` (without the code fences).

    Each arrow is labelled with the command that causes it: ``start_cycle``
    into the first phase, ``advance_phase`` or ``close`` along ``NEXT_PHASE``,
    ``cancel`` from every phase that allows it; closed and cancelled end the
    cycle.

    >>> diagram = mermaid_state_diagram()
    >>> print(diagram.splitlines()[0])
    stateDiagram-v2
    >>> "    improvement --> closed: close" in diagram.splitlines()
    True
    """
    lines = ["stateDiagram-v2", f"    {_START} --> {_first_phase().value}: {c.START_CYCLE}"]
    for source in Phase:
        target = NEXT_PHASE.get(source)
        if target is None:
            continue
        movers = [cmd.NAME for cmd in _PHASE_MOVES if source in c.COMMAND_PHASES[cmd.NAME]]
        label = f": {' / '.join(movers)}" if movers else ""
        lines.append(f"    {source.value} --> {target.value}{label}")
    lines += [
        f"    {source.value} --> {Phase.CANCELLED.value}: {c.Cancel.NAME}"
        for source in _in_order(c.COMMAND_PHASES[c.Cancel.NAME])
    ]
    lines += [f"    {phase.value} --> {_START}" for phase in Phase if phase not in OPEN_PHASES]
    return "\n".join(lines) + "\n"


def reason_required(command_type: type[c.Command]) -> bool:
    """Whether ``command_type`` refuses to be built without a ``reason``.

    Found by asking the class's own ``reason`` validator about ``None``, so it
    follows the class rather than a list kept here.

    >>> from perfcore.cycle.commands import AdvancePhase, Cancel
    >>> reason_required(Cancel), reason_required(AdvancePhase)
    (True, False)
    """
    if not (isinstance(command_type, type) and issubclass(command_type, c.Command)):
        raise ValidationError.single(
            "command_type", f"must be a Command class, got {command_type!r:.80}"
        )
    return _refuses_no_reason(command_type)


def _refuses_no_reason(cls: type[Any]) -> bool:
    field = attrs.fields_dict(cls)["reason"]
    if field.default is attrs.NOTHING:
        return True
    if field.validator is None:
        return False
    probe = object.__new__(cls)
    try:
        field.validator(probe, field, None)
    except ValidationError:
        return True
    return False


def _roles(roles: frozenset[Role]) -> str:
    """Built-in roles first (employee, manager, hr), then any others by name."""
    ordered = [role for role in _BUILT_IN_ROLES if role in roles]
    ordered += sorted((role for role in roles if role not in _BUILT_IN_ROLES), key=str)
    return ", ".join(role.name for role in ordered) if ordered else "nobody"


def _identity_rules(policy: Policy) -> str:
    hr_rule = (
        "HR may act on a cycle they take part in"
        if policy.hr_may_act_on_own_cycle
        else "HR may not act on a cycle they take part in (as its employee or manager)"
    )
    return (
        "Identity rules: an actor in the employee role must be the cycle's employee,"
        f" one in the manager role must be the cycle's manager; {hr_rule}.\n"
    )


def commands_table(policy: Policy = DEFAULT_POLICY) -> str:
    """A Markdown table of every command: where it is allowed, who may issue it, reason needed.

    The first row is ``start_cycle`` (``Cycle.start`` and ``Cycle.next_cycle``),
    then every command in ``COMMAND_TYPES`` order. The roles column and the
    identity note below the table follow ``policy``.

    >>> table = commands_table()
    >>> print(table.splitlines()[0])
    | command | allowed in phases | who may issue it | reason required |
    >>> [line for line in table.splitlines() if "`dispute`" in line]
    ['| `dispute` | appraisal | employee | yes |']
    """
    rows: list[tuple[str, ...]] = [
        (
            _code(c.START_CYCLE),
            f"(none: starts a new cycle in {_first_phase().value})",
            _roles(policy.permissions.get(c.START_CYCLE, frozenset())),
            "yes" if _refuses_no_reason(e.CycleStarted) else "no",
        )
    ]
    rows += [
        (
            _code(command.NAME),
            ", ".join(phase.value for phase in _in_order(c.COMMAND_PHASES[command.NAME])),
            _roles(policy.permissions.get(command.NAME, frozenset())),
            "yes" if reason_required(command) else "no",
        )
        for command in c.COMMAND_TYPES
    ]
    header = ("command", "allowed in phases", "who may issue it", "reason required")
    return _table(header, rows) + "\n" + _identity_rules(policy)


def conditions_table() -> str:
    """A Markdown table of the conditions for leaving each phase: may HR waive them, and why.

    A condition that guards several phases (the goal rules) lists them all;
    ``since rules`` is the version of the rules that added it (cycles started
    under older rules do not have it).

    >>> table = conditions_table()
    >>> print(table.splitlines()[0])
    | phase | code | condition | waivable by HR | since rules | why |
    >>> row = next(line for line in table.splitlines() if "`self_assessment`" in line)
    >>> row.split(" | ")[1:5]
    ['`self_assessment`', "The employee's self-assessment is present.", 'yes', '1']
    """
    ordered = sorted(CONDITIONS, key=lambda condition: min(p.rank for p in condition.phases))
    rows = [
        (
            ", ".join(phase.value for phase in _in_order(condition.phases)),
            _code(condition.code),
            condition.description,
            _waivable_text(condition),
            str(condition.since),
            condition.why,
        )
        for condition in ordered
    ]
    return _table(("phase", "code", "condition", "waivable by HR", "since rules", "why"), rows)


def _waivable_text(condition: Condition) -> str:
    if condition.waivable:
        return "yes"
    if condition.waivable_before:
        return f"no (yes under rules before {condition.waivable_before})"
    return "no"


def cycle_reference(policy: Policy = DEFAULT_POLICY) -> str:
    """The generated reference section of ``docs/cycle.md``: diagram, commands, conditions.

    >>> text = cycle_reference()
    >>> [line for line in text.splitlines() if line.startswith("###")]
    ['### Phases and transitions', '### Commands', '### Conditions for leaving each phase']
    >>> mermaid_state_diagram() in text and conditions_table() in text
    True
    """
    return "\n".join(
        [
            "### Phases and transitions",
            "",
            "```mermaid",
            mermaid_state_diagram() + "```",
            "",
            "### Commands",
            "",
            commands_table(policy),
            "### Conditions for leaving each phase",
            "",
            conditions_table(),
        ]
    )
