"""Goals aligned to objectives of the app's catalogue (rules 4)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import builders as b
import perfcore as pc
from perfcore.objectives import Objective, ObjectiveLevel
from perfcore.serialization import make_converter
from perfcore.visibility import view_cycle
from strategies import EMPLOYEE, HR, MANAGER

GROWTH = b.CATALOGUE.objective("company/growth")


def proposed() -> pc.Cycle:
    """Goal setting with the sales goal (under 'company/growth') and the quality goal."""
    cycle = b.started().propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1))
    return cycle.propose_goal(b.quality_goal(), by=EMPLOYEE, at=b.when(1))


def aligned_codes(cycle: pc.Cycle) -> list[str | None]:
    return [bl.subject for bl in cycle.blockers(at=b.when(9)) if bl.code == "goal_aligned"]


def test_a_parent_id_alone_no_longer_aligns_a_goal() -> None:
    cycle = proposed().agree_goals(by=EMPLOYEE, at=b.when(2))
    assert cycle.rules == 4
    assert aligned_codes(cycle) == ["g1", "g2"]
    assert b.under_rules(cycle, 3).blockers(at=b.when(9)) == ()  # rules 3: any parent id


def test_aligning_records_the_objective_as_it_stood() -> None:
    cycle = proposed().align_goal("g1", GROWTH, by=EMPLOYEE, at=b.when(2))
    event = cycle.events[-1]
    assert isinstance(event, pc.cycle.GoalAligned)
    assert (event.goal_id, event.objective, event.actor) == ("g1", GROWTH, EMPLOYEE)
    assert cycle.objective_for("g1") == GROWTH
    assert cycle.objective_for("g2") is None
    assert cycle.alignments == (pc.GoalAlignment(goal_id="g1", objective=GROWTH),)
    assert aligned_codes(cycle.agree_goals(by=EMPLOYEE, at=b.when(3))) == ["g2"]


def test_aligning_under_another_parent_changes_the_goal_and_asks_agreement_again() -> None:
    cycle = proposed().agree_goals(by=EMPLOYEE, at=b.when(2))
    same = cycle.align_goal("g1", GROWTH, by=MANAGER, at=b.when(3))
    assert same.status_of("g1") is pc.GoalStatus.AGREED  # parent unchanged: still agreed
    moved = cycle.align_goal("g2", GROWTH, by=MANAGER, at=b.when(3))
    assert moved.goal("g2").parent_id == "company/growth"  # type: ignore[union-attr]
    assert moved.status_of("g2") is pc.GoalStatus.PROPOSED
    assert pc.Cycle.replay(moved.events) == moved


def test_a_revision_under_another_parent_ends_the_alignment() -> None:
    cycle = b.goal_setting_ready()
    assert cycle.objective_for("g1") == GROWTH
    revised = cycle.revise_goal(
        b.sales_goal(parent_id="team/other"), reason="Moved", by=MANAGER, at=b.when(5)
    )
    assert revised.objective_for("g1") is None
    agreed = revised.agree_goals(by=EMPLOYEE, at=b.when(6))
    assert aligned_codes(agreed) == ["g1"]
    kept = cycle.revise_goal(b.sales_goal(title="Grow"), reason="Clearer", by=MANAGER, at=b.when(5))
    assert kept.objective_for("g1") == GROWTH


def test_a_goal_under_an_aligned_goal_is_aligned_through_it() -> None:
    cycle = b.started()
    cycle = cycle.propose_goal(b.sales_goal(weight=60), by=MANAGER, at=b.when(1))
    child = b.quality_goal(weight=40, parent_id="g1")
    cycle = cycle.propose_goal(child, by=MANAGER, at=b.when(1))
    cycle = cycle.agree_goals(by=EMPLOYEE, at=b.when(2))
    assert aligned_codes(cycle) == ["g1", "g2"]
    cycle = cycle.align_goal("g1", GROWTH, by=MANAGER, at=b.when(3))
    assert aligned_codes(cycle) == []
    assert cycle.objective_above("g2") == GROWTH
    assert cycle.objective_for("g2") is None
    withdrawn = cycle.withdraw_goal("g1", reason="Dropped", by=MANAGER, at=b.when(4))
    assert withdrawn.objective_above("g2") is None


@pytest.mark.parametrize(
    ("goal_id", "objective", "path", "message"),
    [
        ("g9", GROWTH, "AlignGoal.goal_id", "no goal 'g9'"),
        (
            "g1",
            attrs.evolve(GROWTH, period=pc.Period.annual(2025)),
            "AlignGoal.objective.period",
            "runs 2025-01-01..2025-12-31, outside the cycle's period 2026-01-01..2026-12-31",
        ),
        (
            "g1",
            attrs.evolve(GROWTH, retired_on=dt.date(2026, 1, 6)),
            "AlignGoal.objective.retired_on",
            "was retired on 2026-01-06",
        ),
        ("g1", attrs.evolve(GROWTH, id="g2"), "AlignGoal.objective.id", "names a goal"),
    ],
)
def test_bad_alignments_name_the_field_and_change_nothing(
    goal_id: str, objective: Objective, path: str, message: str
) -> None:
    cycle = proposed()
    with pytest.raises(pc.ValidationError) as caught:
        cycle.align_goal(goal_id, objective, by=MANAGER, at=b.when(6))
    [problem] = caught.value.problems
    assert (problem.path, message in problem.message) == (path, True)
    assert cycle == proposed()


def test_an_objective_retired_later_can_still_be_aligned_to_until_then() -> None:
    retiring = attrs.evolve(GROWTH, retired_on=dt.date(2026, 6, 1))
    cycle = proposed().align_goal("g1", retiring, by=MANAGER, at=b.when(2))
    assert cycle.objective_for("g1") == retiring


def test_the_same_alignment_twice_is_refused_and_a_wrong_call_is_a_perfcore_error() -> None:
    cycle = proposed().align_goal("g1", GROWTH, by=MANAGER, at=b.when(2))
    with pytest.raises(pc.ValidationError, match="already aligned"):
        cycle.align_goal("g1", GROWTH, by=MANAGER, at=b.when(3))
    with pytest.raises(pc.MalformedInput) as caught:
        cycle.align_goal("g1", "company/growth", by=MANAGER, at=b.when(3))  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "AlignGoal.objective"
    with pytest.raises(pc.PermissionDenied):
        cycle.align_goal("g2", GROWTH, by=HR, at=b.when(3))


def test_alignment_follows_the_phase_table() -> None:
    cycle = b.implementation_ready()
    team = Objective(
        id="team/a",
        title="Team A",
        level=ObjectiveLevel.TEAM,
        period=b.PERIOD,
        parent_id="company/growth",
    )
    moved = cycle.align_goal("g1", team, by=MANAGER, at=b.when(31))
    assert moved.objective_for("g1") == team
    with pytest.raises(pc.TransitionError):
        b.appraisal_entered().align_goal("g1", team, by=MANAGER, at=b.when(41))


def test_alignments_show_with_the_goals_and_survive_storage() -> None:
    cycle = b.goal_setting_ready()
    for viewer in (EMPLOYEE, MANAGER, HR):
        assert view_cycle(cycle, viewer).alignments == cycle.alignments
    converter = make_converter()
    assert converter.structure(converter.unstructure(cycle), pc.Cycle) == cycle
