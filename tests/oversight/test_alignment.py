"""The cascade of goals under the catalogue's objectives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.goals import GoalKind
from perfcore.oversight import OrphanReason, cascade
from perfcore.testing import strategies as ps
from strategies import HR, MANAGER

TEAM = pc.Objective(
    id="team/sales",
    title="Sales team",
    level=pc.ObjectiveLevel.TEAM,
    period=b.PERIOD,
    parent_id="company/growth",
)
CATALOGUE = pc.ObjectiveCatalogue(objectives=(*b.CATALOGUE.objectives, TEAM))


def started(cycle_id: str, employee_id: str) -> pc.Cycle:
    return pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        by=HR,
        at=b.T0,
    )


def department() -> list[pc.Cycle]:
    """c1 aligned by the builders; c2 through the team objective, with an orphan; c3 cancelled."""
    second = started("c2", "e2")
    second = second.propose_goal(b.sales_goal(weight=50), by=MANAGER, at=b.when(1))
    second = second.propose_goal(
        b.quality_goal(weight=50, parent_id="g1"), by=MANAGER, at=b.when(1)
    )
    loose = b.learning_goal(id="g4", kind=GoalKind.PERFORMANCE, weight=0, parent_id="nowhere")
    second = second.propose_goal(loose, by=MANAGER, at=b.when(1))
    second = second.align_goal("g1", TEAM, by=MANAGER, at=b.when(2))
    gone = started("c3", "e3").propose_goal(b.sales_goal(), by=MANAGER, at=b.when(1))
    gone = gone.cancel(reason="Left the company", by=MANAGER, at=b.when(3))
    return [b.goal_setting_ready(), second, gone]


def test_goals_hang_under_their_objective_and_orphans_say_why() -> None:
    view = cascade(CATALOGUE, department())
    assert [branch.objective.id for branch in view.branches] == [
        "company/growth",
        "company/quality",
        "team/sales",
    ]
    growth = view.branch("company/growth")
    assert [(g.cycle_id, g.goal_id, g.weight) for g in growth.goals] == [("c1", "g1", 70)]
    assert [(g.cycle_id, g.goal_id, g.via) for g in view.goals_under("team/sales")] == [
        ("c2", "g1", None),
        ("c2", "g2", "g1"),
    ]
    deep = view.goals_under("company/growth")
    assert [(g.cycle_id, g.goal_id) for g in deep] == [("c1", "g1"), ("c2", "g1"), ("c2", "g2")]
    assert [g.goal_id for g in view.goals_under("company/growth", deep=False)] == ["g1"]
    [orphan] = view.orphans
    assert (orphan.goal.cycle_id, orphan.goal.goal_id, orphan.reason) == (
        "c2",
        "g4",
        OrphanReason.UNALIGNED,
    )
    rows = view.records()
    assert len(rows) == 5
    assert rows[-1] == {
        "cycle_id": "c2",
        "employee_id": "e2",
        "goal_id": "g4",
        "weight": 0,
        "via": None,
        "objective_id": None,
        "level": None,
        "orphan": "unaligned",
    }


def test_a_goal_on_an_objective_the_catalogue_dropped_is_an_orphan() -> None:
    only_quality = pc.ObjectiveCatalogue(objectives=(b.CATALOGUE.objective("company/quality"),))
    view = cascade(only_quality, [b.goal_setting_ready()])
    [orphan] = view.orphans
    assert (orphan.goal.goal_id, orphan.reason, orphan.objective_id) == (
        "g1",
        OrphanReason.NOT_IN_CATALOGUE,
        "company/growth",
    )


def test_the_cascade_carries_ids_and_weights_only() -> None:
    text = repr(cascade(CATALOGUE, department()))
    for hidden in ("Grow revenue", "Cut defects", "Certification"):
        assert hidden not in text


@pytest.mark.parametrize(
    ("catalogue", "cycles", "path"),
    [
        ("catalogue", [], "catalogue"),
        (CATALOGUE, "c1", "cycles"),
        (CATALOGUE, [b.started(), "c2"], "cycles[1]"),
        (CATALOGUE, [b.started(), b.started()], "cycles[1]"),
    ],
)
def test_bad_input_names_the_argument(catalogue: object, cycles: object, path: str) -> None:
    with pytest.raises(pc.ValidationError) as caught:
        cascade(catalogue, cycles)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == path
    view = cascade(CATALOGUE, [])
    with pytest.raises(pc.MalformedInput):
        view.branch("team/none")


@settings(max_examples=30)
@given(st.lists(ps.cycles(), max_size=4, unique_by=lambda cycle: cycle.id))
def test_every_performance_goal_is_placed_exactly_once(cycles: list[pc.Cycle]) -> None:
    objective = pc.Objective(
        id="company/objective",
        title="The company's objective",
        level=pc.ObjectiveLevel.COMPANY,
        period=b.PERIOD,
    )
    view = cascade(pc.ObjectiveCatalogue(objectives=(objective,)), cycles)
    placed = [(g.cycle_id, g.goal_id) for branch in view.branches for g in branch.goals]
    placed += [(o.goal.cycle_id, o.goal.goal_id) for o in view.orphans]
    expected = {
        (cycle.id, goal.id)
        for cycle in cycles
        if cycle.phase is not pc.Phase.CANCELLED
        for goal in cycle.active_goals
        if goal.kind is GoalKind.PERFORMANCE or cycle.objective_above(goal.id) is not None
    }
    assert sorted(placed) == sorted(expected)
    for branch in view.branches:
        for goal in branch.goals:
            cycle = next(c for c in cycles if c.id == goal.cycle_id)
            above = cycle.objective_above(goal.goal_id)
            assert above is not None
            assert above.id == branch.objective.id
