"""The objectives catalogue: levels, parents, periods and retirement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.objectives import Objective, ObjectiveCatalogue, ObjectiveLevel
from perfcore.testing import strategies as ps

YEAR = pc.Period.annual(2026)
H1 = pc.Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))


def company(id_: str = "co", **changes: Any) -> Objective:
    fields: dict[str, object] = {
        "id": id_,
        "title": "Grow",
        "level": ObjectiveLevel.COMPANY,
        "period": YEAR,
    }
    fields.update(changes)
    return Objective(**fields)  # type: ignore[arg-type]


def team(id_: str, parent: str, **changes: Any) -> Objective:
    return company(id_, level=ObjectiveLevel.TEAM, parent_id=parent, **changes)


def test_a_catalogue_walks_up_and_down() -> None:
    department = company("dep", level=ObjectiveLevel.DEPARTMENT, parent_id="co")
    catalogue = ObjectiveCatalogue(
        objectives=(company(), department, team("t2", "dep"), team("t1", "dep"))
    )
    assert [o.id for o in catalogue.lineage("t1")] == ["t1", "dep", "co"]
    assert [o.id for o in catalogue.children("dep")] == ["t1", "t2"]
    assert catalogue.get("nope") is None
    assert sorted(catalogue.by_id()) == ["co", "dep", "t1", "t2"]


@pytest.mark.parametrize(
    ("objectives", "path", "message"),
    [
        ((company(), company()), "ObjectiveCatalogue.objectives[1].id", "listed twice"),
        ((team("t", "co"),), "ObjectiveCatalogue.objectives[0].parent_id", "no objective 'co'"),
        (
            (company(), team("t", "co"), team("u", "t")),
            "ObjectiveCatalogue.objectives[2].parent_id",
            "a team objective cannot sit under the team objective 't'",
        ),
        (
            (company(period=H1), team("t", "co")),
            "ObjectiveCatalogue.objectives[1].parent_id",
            "outside its parent 'co'",
        ),
    ],
)
def test_a_bad_catalogue_names_the_objective_and_the_problem(
    objectives: tuple[Objective, ...], path: str, message: str
) -> None:
    with pytest.raises(pc.MalformedInput) as caught:
        ObjectiveCatalogue(objectives=objectives)
    assert caught.value.problems[0].path == path
    assert message in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"parent_id": "x"}, "Objective.parent_id", "a company objective sits under no other"),
        (
            {"level": ObjectiveLevel.TEAM},
            "Objective.parent_id",
            "a team objective sits under a company or department one",
        ),
        ({"parent_id": "co", "level": ObjectiveLevel.TEAM, "id": "co"}, "Objective.parent_id", ""),
        ({"retired_on": dt.date(2025, 12, 31)}, "Objective.retired_on", "before the objective"),
    ],
)
def test_a_bad_objective_names_the_field(changes: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(pc.MalformedInput) as caught:
        company(**changes)
    assert caught.value.problems[0].path == path
    assert message in caught.value.problems[0].message


def test_an_unknown_id_is_refused_at_objective_id() -> None:
    catalogue = ObjectiveCatalogue(objectives=(company(),))
    for ask in (catalogue.objective, catalogue.lineage, catalogue.children):
        with pytest.raises(pc.MalformedInput) as caught:
            ask("team/x")
        assert caught.value.problems[0].path == "objective_id"


def test_an_objective_is_live_inside_its_period_until_retired() -> None:
    objective = company(retired_on=dt.date(2026, 4, 1))
    assert not objective.live_on(dt.date(2025, 12, 31))
    assert objective.live_on(dt.date(2026, 3, 31))
    assert not objective.live_on(dt.date(2026, 4, 1))
    assert objective.overlaps(pc.Period.quarter(2026, 4))
    assert not objective.overlaps(pc.Period.annual(2027))
    with pytest.raises(pc.MalformedInput):
        objective.live_on(dt.datetime(2026, 3, 1, tzinfo=dt.UTC))


@given(ps.objective_catalogues())
def test_every_drawn_catalogue_is_a_tree_ranked_from_the_company_down(
    catalogue: ObjectiveCatalogue,
) -> None:
    for objective in catalogue.objectives:
        lineage = catalogue.lineage(objective.id)
        ranks = [o.level.rank for o in lineage]
        assert ranks == sorted(ranks, reverse=True)
        assert lineage[-1].level is ObjectiveLevel.COMPANY


@given(ps.objectives(), st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)))
def test_live_means_in_the_period_and_before_retirement(objective: Objective, day: dt.date) -> None:
    inside = objective.period.start <= day <= objective.period.end
    retired = objective.retired_on is not None and day >= objective.retired_on
    assert objective.live_on(day) is (inside and not retired)
