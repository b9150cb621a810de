"""Every phase × every audience × every part: shown exactly as docs/visibility.md says."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import attrs
import pytest

import builders as b
import perfcore as pc
from perfcore.feedback import AnonymityAudit
from perfcore.serialization import make_converter
from perfcore.visibility import (
    BUILT_IN_AUDIENCES,
    DEFAULT_VISIBILITY,
    Access,
    CycleView,
    Part,
    view_cycle,
    visibility_table,
)
from strategies import EMPLOYEE, HR, MANAGER
from visibility_world import AUDIENCES, EXTRACT, PHASES, POLICY, world

DOC = Path(__file__).resolve().parents[2] / "docs" / "visibility.md"
_MARKS = {"yes": Access.VISIBLE, "own": Access.OWN, "-": Access.HIDDEN}


def _documented_block() -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- visibility:start -->\n(.*?)<!-- visibility:end -->", text, re.DOTALL)
    assert found is not None, "docs/visibility.md has no visibility:start/end markers"
    return found.group(1)


@functools.cache
def documented() -> dict[Part, dict[str, Access]]:
    """The table in docs/visibility.md: part → audience → access."""
    lines = [line.strip() for line in _documented_block().splitlines() if line.strip()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[0] == "part"
    assert re.fullmatch(r"\|(---\|)+", lines[1]), lines[1]
    table: dict[Part, dict[str, Access]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        part = Part(cells[0].strip("`"))
        assert part not in table, f"{part.value} documented twice"
        table[part] = {a: _MARKS[mark] for a, mark in zip(header[1:], cells[1:], strict=True)}
    return table


def test_the_documented_table_is_the_default_policy() -> None:
    assert _documented_block() == visibility_table(DEFAULT_VISIBILITY)
    table = documented()
    assert list(table) == list(Part)
    for part, row in table.items():
        assert list(row) == list(BUILT_IN_AUDIENCES)
        for audience, access in row.items():
            assert DEFAULT_VISIBILITY.access(part, audience) is access, (part, audience)


def expected_access(part: Part, audience: str) -> Access:
    """The documented cell for a built-in audience; the app's policy for its own role."""
    if audience in BUILT_IN_AUDIENCES:
        return documented()[part][audience]
    return POLICY.access(part, audience)


@functools.cache
def view(phase: str, audience: str) -> CycleView:
    w = world(phase)
    actor = AUDIENCES[audience]
    audit = AnonymityAudit(by=actor, at=b.when(90), reason="Audit") if actor == HR else None
    return view_cycle(
        w.cycle, actor, feedback=w.requests, findings=w.findings, policy=POLICY, audit=audit
    )


@functools.cache
def serialized(phase: str, audience: str) -> str:
    return json.dumps(make_converter().unstructure(view(phase, audience)))


@pytest.mark.parametrize("part", list(Part), ids=lambda p: p.value)
@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("phase", PHASES)
def test_each_audience_sees_each_part_as_documented(phase: str, audience: str, part: Part) -> None:
    access = expected_access(part, audience)
    seen = view(phase, audience)
    assert seen.audience == audience
    expected = world(phase).expected(part, access, AUDIENCES[audience].person_id)
    assert EXTRACT[part](seen) == expected
    assert (part in seen.hidden) is (access is Access.HIDDEN)
    if POLICY.access(Part.HISTORY, audience) is Access.HIDDEN:
        # what the viewer may not see is in no field of the view, so not in its JSON either
        left_out = set(world(phase).items.get(part, {})) - expected
        text, shown = serialized(phase, audience), (repr(seen), seen.full_repr())
        for marker in sorted(m for m in left_out if m.startswith("MARK-")):
            assert marker not in text
            assert not any(marker in form for form in shown)


PRESENT = {
    "goal_setting": {
        Part.GOALS, Part.WAIVERS, Part.FEEDBACK_DISCUSSION, Part.FEEDBACK,
        Part.FEEDBACK_BEFORE_RELEASE, Part.ANONYMOUS_ANSWERS, Part.ANONYMOUS_SUMMARY,
        Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, Part.AUDIT_FINDINGS, Part.HISTORY,
    },
    "implementation": {Part.CHECK_IN_NOTES, Part.PRIVATE_NOTES},
    "appraisal": {
        Part.SELF_ASSESSMENT_DRAFT, Part.SELF_ASSESSMENT, Part.DRAFT_RATINGS,
        Part.RELEASED_RATINGS, Part.ROOT_CAUSES, Part.IMPROVEMENT_PLAN,
    },
}  # fmt: skip
"""The parts each phase adds to the world; later phases keep them all."""


@pytest.mark.parametrize("phase", PHASES)
def test_the_world_holds_every_part_its_phase_allows(phase: str) -> None:
    """So no cell of the table test above passes for want of something to hide."""
    allowed: set[Part] = set()
    for step in ("goal_setting", "implementation", "appraisal"):
        allowed |= PRESENT[step]
        if step == phase:
            break
    if phase not in ("goal_setting", "implementation", "appraisal"):
        allowed.discard(Part.DRAFT_RATINGS)  # the appraisal ends only once they are released
    assert {part for part, held in world(phase).items.items() if held} == allowed
    if phase not in ("goal_setting", "implementation"):
        assert allowed | {Part.DRAFT_RATINGS} == set(Part)
    hr = view(phase, "hr")
    for part in allowed - {Part.PRIVATE_NOTES, Part.SELF_ASSESSMENT_DRAFT}:
        assert EXTRACT[part](hr) == set(world(phase).items[part]), part


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_no_view_holds_another_cycles_finding(audience: str) -> None:
    for phase in PHASES:
        assert "MARK-other-cycle-finding" not in serialized(phase, audience)


def test_the_employee_sees_the_released_assessment_not_a_revised_draft() -> None:
    """A revised assessment after release is a draft: the employee keeps the released one."""
    cycle = b.appraisal_entered()
    first = attrs.evolve(b.manager_assessment(), comments="As discussed")
    cycle = cycle.submit_manager_assessment(first, by=MANAGER, at=b.when(41))
    cycle = cycle.release_ratings(by=HR, at=b.when(42))
    assert view_cycle(cycle, EMPLOYEE).manager_assessment == first
    revised = attrs.evolve(
        b.manager_assessment(sales=pc.Achievement.NOT_MET), comments="Revised, not released"
    )
    cycle = cycle.submit_manager_assessment(
        revised, by=MANAGER, at=b.when(43), reason="Late sales figures"
    )
    employee, manager, hr = (view_cycle(cycle, who) for who in (EMPLOYEE, MANAGER, HR))
    assert employee.manager_assessment == first
    assert employee.ratings_released is None
    assert manager.manager_assessment == revised == hr.manager_assessment
    assert manager.ratings_released is False
    assert "Revised, not released" not in json.dumps(make_converter().unstructure(employee))
    released = cycle.release_ratings(by=MANAGER, at=b.when(44))
    assert view_cycle(released, EMPLOYEE).manager_assessment == revised


def test_nothing_released_shows_no_ratings_to_the_employee() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.manager_assessment(), by=MANAGER, at=b.when(41)
    )
    seen = view_cycle(cycle, EMPLOYEE)
    assert (seen.manager_assessment, seen.score, seen.competency_assessments) == (None, None, ())
    assert Part.DRAFT_RATINGS in seen.hidden
    assert Part.RELEASED_RATINGS not in seen.hidden
