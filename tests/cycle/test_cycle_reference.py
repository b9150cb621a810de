"""The generated cycle reference follows the code's tables, and docs/cycle.md embeds it verbatim.

When the tables change, regenerate the section of docs/cycle.md with::

    .venv/bin/python -c "import runpy; runpy.run_path('tests/cycle/test_cycle_reference.py')['write_generated_section']()"
"""  # noqa: E501

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from perfcore.cycle import (
    COMMAND_PHASES,
    COMMAND_TYPES,
    CONDITIONS,
    DEFAULT_PERMISSIONS,
    NEXT_PHASE,
    OPEN_PHASES,
    START_CYCLE,
    AdjustmentKind,
    DisputeOutcome,
    Phase,
    Policy,
)
from perfcore.cycle import commands as c
from perfcore.cycle.reference import (
    commands_table,
    conditions_table,
    cycle_reference,
    mermaid_state_diagram,
    reason_required,
)
from perfcore.errors import ValidationError
from perfcore.goals import Goal
from perfcore.people import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "cycle.md"
BEGIN = "<!-- BEGIN GENERATED: cycle-reference -->\n"
END = "<!-- END GENERATED: cycle-reference -->"
REGENERATE = (
    ".venv/bin/python -c \"import runpy; runpy.run_path('tests/cycle/test_cycle_reference.py')"
    "['write_generated_section']()\""
)


def _split(text: str) -> tuple[str, str, str]:
    """(before and BEGIN marker, generated section, END marker and after)."""
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END, start)
    return text[:start], text[start:end], text[end:]


def write_generated_section(path: Path = DOC) -> None:
    """Rewrite the generated section of ``path`` (docs/cycle.md) from ``cycle_reference()``."""
    before, _, after = _split(path.read_text(encoding="utf-8"))
    path.write_text(before + cycle_reference() + after, encoding="utf-8")


def _table_body(table: str) -> list[list[str]]:
    """The cells of a Markdown table's body rows (after the header and the rule)."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _table_rows(table: str) -> dict[str, list[str]]:
    """Body rows keyed by their first cell, backticks removed."""
    return {cells[0].strip("`"): cells for cells in _table_body(table)}


def _listed(cell: str) -> set[str]:
    return {item.strip() for item in cell.split(",")}


# --- the document -------------------------------------------------------------------


def test_docs_cycle_md_embeds_the_generated_reference_verbatim() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1, f"{DOC} needs exactly one line {BEGIN.strip()!r}"
    assert text.count(END) == 1, f"{DOC} needs exactly one line {END!r}"
    _, section, _ = _split(text)
    assert section == cycle_reference(), (
        f"The generated section of {DOC} is out of date with the cycle's tables. "
        f"Regenerate it from the repository root with:\n    {REGENERATE}"
    )


def test_write_generated_section_repairs_a_stale_copy(tmp_path: Path) -> None:
    stale = tmp_path / "cycle.md"
    stale.write_text(f"# Title\n\n{BEGIN}old table\n{END}\n\ntail\n", encoding="utf-8")
    write_generated_section(stale)
    assert stale.read_text(encoding="utf-8") == (
        f"# Title\n\n{BEGIN}{cycle_reference()}{END}\n\ntail\n"
    )


def test_reference_is_deterministic_and_combines_the_parts() -> None:
    text = cycle_reference()
    assert text == cycle_reference()
    assert f"```mermaid\n{mermaid_state_diagram()}```\n" in text
    assert commands_table() in text
    assert text.endswith(conditions_table())


# --- the state diagram --------------------------------------------------------------


def test_diagram_shows_every_phase_and_every_transition() -> None:
    lines = mermaid_state_diagram().splitlines()
    assert lines[0] == "stateDiagram-v2"
    body = "\n".join(lines[1:])
    for phase in Phase:
        assert phase.value in body
    assert f"    [*] --> {Phase.GOAL_SETTING.value}: {START_CYCLE}" in lines
    for source, target in NEXT_PHASE.items():
        command = c.Close.NAME if target is Phase.CLOSED else c.AdvancePhase.NAME
        assert source in COMMAND_PHASES[command]
        assert f"    {source.value} --> {target.value}: {command}" in lines
    for phase in OPEN_PHASES:
        assert f"    {phase.value} --> {Phase.CANCELLED.value}: {c.Cancel.NAME}" in lines
    for phase in set(Phase) - OPEN_PHASES:
        assert f"    {phase.value} --> [*]" in lines
    arrows = [line for line in lines if "-->" in line]
    assert len(arrows) == 1 + len(NEXT_PHASE) + len(OPEN_PHASES) + len(set(Phase) - OPEN_PHASES)


def test_diagram_lists_transitions_in_phase_order() -> None:
    lines = mermaid_state_diagram().splitlines()
    forward = [line.split()[0] for line in lines if line.endswith(c.AdvancePhase.NAME)]
    assert forward == sorted(forward, key=lambda name: Phase(name).rank)


# --- the commands table -------------------------------------------------------------


def test_commands_table_lists_every_command_with_its_phases_and_roles() -> None:
    rows = _table_rows(commands_table())
    assert list(rows) == [START_CYCLE, *(command.NAME for command in COMMAND_TYPES)]
    for command in COMMAND_TYPES:
        _, phases, roles, reason = rows[command.NAME]
        assert _listed(phases) == {phase.value for phase in COMMAND_PHASES[command.NAME]}
        assert _listed(roles) == {role.name for role in DEFAULT_PERMISSIONS[command.NAME]}
        assert reason == ("yes" if reason_required(command) else "no")
    assert _listed(rows[START_CYCLE][2]) == {role.name for role in DEFAULT_PERMISSIONS[START_CYCLE]}


def test_phases_are_listed_in_forward_order() -> None:
    rows = _table_rows(commands_table())
    for cells in list(rows.values())[1:]:
        phases = [item.strip() for item in cells[1].split(",")]
        assert phases == sorted(phases, key=lambda name: Phase(name).rank)


_GOAL = Goal(id="g1", title="Revenue", weight=100)
_OTHER_FIELDS: dict[type[c.Command], dict[str, object]] = {
    c.ProposeGoal: {"goal": _GOAL},
    c.ReviseGoal: {"goal": _GOAL},
    c.WithdrawGoal: {"goal_id": "g1"},
    c.ApproveRatings: {"step": "hr_sign_off"},
    c.ReturnRatings: {"step": "hr_sign_off"},
    c.WaiveCondition: {"code": "goal_aligned"},
    c.ResolveDispute: {"outcome": DisputeOutcome.UPHELD},
    c.AdjustScore: {"value": 0.8, "replaces": 1.0, "kind": AdjustmentKind.HR_DECISION},
}
"""Valid values for the other required fields of some commands, to build them for real."""


def _buildable(command: type[c.Command]) -> bool:
    required = {field.name for field in attrs.fields(command) if field.default is attrs.NOTHING} - {
        "reason"
    }
    return required <= set(_OTHER_FIELDS.get(command, {}))


@pytest.mark.parametrize("command", COMMAND_TYPES, ids=lambda command: command.NAME)
def test_reason_required_is_what_the_class_enforces(command: type[c.Command]) -> None:
    assert reason_required(command) == issubclass(command, c._ReasonedCommand)
    if not _buildable(command):
        return
    others = _OTHER_FIELDS.get(command, {})
    assert command(reason="Because", **others).reason == "Because"
    if reason_required(command):
        with pytest.raises(ValidationError) as refused:
            command(reason=None, **others)
        assert refused.value.paths == (f"{command.__name__}.reason",)
    else:
        assert command(reason=None, **others).reason is None


def test_every_reasoned_command_can_be_built_in_the_test() -> None:
    assert all(_buildable(command) for command in COMMAND_TYPES if reason_required(command))


def test_a_custom_policy_changes_the_roles_column() -> None:
    coach = Role(name="coach")
    table = dict(DEFAULT_PERMISSIONS)
    table[c.RecordFollowUp.NAME] = frozenset({coach, Role.MANAGER})
    del table[c.Cancel.NAME]
    policy = Policy(permissions=table, hr_may_act_on_own_cycle=True)

    rows = _table_rows(commands_table(policy))
    assert rows[c.RecordFollowUp.NAME][2] == "manager, coach"
    assert rows[c.Cancel.NAME][2] == "nobody"
    assert rows[c.AgreeGoals.NAME] == _table_rows(commands_table())[c.AgreeGoals.NAME]
    assert "HR may act on a cycle they take part in" in commands_table(policy)
    assert "HR may not act" in commands_table()
    assert commands_table(policy) in cycle_reference(policy)
    assert cycle_reference(policy) != cycle_reference()


# --- the conditions table -----------------------------------------------------------


def test_conditions_table_lists_every_condition() -> None:
    rows = _table_body(conditions_table())
    assert sorted(cells[1] for cells in rows) == sorted(f"`{cond.code}`" for cond in CONDITIONS)
    by_code = {cells[1].strip("`"): cells for cells in rows}
    for condition in CONDITIONS:
        phase, _, description, waivable, since, why = by_code[condition.code]
        assert phase == ", ".join(p.value for p in sorted(condition.phases, key=lambda p: p.rank))
        assert description == condition.description
        assert waivable.startswith("yes" if condition.waivable else "no")
        assert since == str(condition.since)
        assert why == condition.why


def test_only_what_the_domain_lets_hr_waive_is_waivable() -> None:
    """DOMAIN.md waives only the cadence and the self-assessment among its leaving conditions.

    The others perfcore adds (alignment, for a team whose objectives are not in the catalogue
    yet; causes without actions, formal plans, rated competencies, explained gaps, causes that
    weigh what check-ins raised, actions that fit their cause) say in ``why`` what HR's waiver
    stands for: an exception accepted with a reason.
    """
    waivable = {condition.code for condition in CONDITIONS if condition.waivable}
    assert waivable == {
        "goal_aligned",
        "check_in_cadence",
        "self_assessment",
        "cause_addressed",
        "formal_reviews_held",
        "formal_plan_outcome",
        "competency_rated",
        "gap_explained",
        "action_fits_cause",
        "practice_recorded",
        "signal_analysed",
    }
    for condition in CONDITIONS:
        assert len(condition.why) > 20, condition.code


def test_conditions_keep_table_order_within_a_phase() -> None:
    codes = [cells[1].strip("`") for cells in _table_body(conditions_table())]
    for phase in Phase:
        in_table = [cond.code for cond in CONDITIONS if phase in cond.phases]
        assert [code for code in codes if code in in_table] == in_table


def test_conditions_are_grouped_in_phase_order() -> None:
    first = [cells[0].split(", ")[0] for cells in _table_body(conditions_table())]
    assert first == sorted(first, key=lambda name: Phase(name).rank)
