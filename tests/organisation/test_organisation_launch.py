"""Tests for perfcore.organisation.launch: exactly the eligible people are started, at once."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcore as pc
from expect import rejects
from perfcore.organisation import (
    ContractTypes,
    Eligibility,
    GoalTemplate,
    HiredBy,
    Launched,
    LaunchResult,
    Leave,
    MinimumTenure,
    NotOnLeave,
    Person,
    Question,
    ReviewSection,
    ReviewTemplate,
    TemplateRef,
    TemplateScope,
    cycle_id_for,
    launch,
)
from perfcore.testing._organisation_strategies import eligibilities, persons

D = dt.date
HR = pc.Actor(person_id="hr1", role=pc.Role.HR)
AT = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
ON = D(2026, 1, 5)
YEAR = pc.Period.annual(2026)

COMPANY = GoalTemplate(
    id="company",
    version=4,
    title="Company goals",
    goals=(
        pc.Goal(id="customers", title="Happier customers", weight=60),
        pc.Goal(id="cost", title="Lower cost", weight=40),
    ),
)
ENGINEERS = GoalTemplate(
    id="engineers",
    version=2,
    title="Engineering goals",
    applies_to=TemplateScope(position="engineer"),
    goals=(pc.Goal(id="delivery", title="Deliver the roadmap", weight=100),),
)
REVIEW = ReviewTemplate(
    id="review",
    version=1,
    title="Annual review",
    sections=(
        ReviewSection(
            id="results", title="Results", questions=(Question(id="q1", text="Delivers"),)
        ),
    ),
    scale=pc.RatingScale(minimum=1, maximum=4),
)
RULES = Eligibility(
    rules=(NotOnLeave(), MinimumTenure(months=3), ContractTypes(allowed=("permanent",)))
)


def person(employee_id: str, **more: Any) -> Person:
    fields: dict[str, Any] = {"manager_id": "jo", "hire_date": D(2020, 1, 6), **more}
    return Person(employee_id=employee_id, **fields)


TEAM = [
    person("cy", position="engineer"),
    person("ann", position="designer"),
    person("bo", hire_date=D(2025, 10, 5)),  # 3 months on the day: eligible
    person("di", hire_date=D(2025, 10, 6)),  # a day short of 3 months
    person("ed", leaves=(Leave(start=D(2026, 1, 1), end=D(2026, 2, 28)),)),
    person("fay", contract_type="contractor"),
    person("gus", manager_id=None),
]


def launched_team(**changes: Any) -> LaunchResult:
    arguments: dict[str, Any] = {"actor": HR, "at": AT, "rules": RULES, **changes}
    return launch(TEAM, [COMPANY, ENGINEERS, REVIEW], YEAR, **arguments)


# --- worked example -------------------------------------------------------------------------


def test_a_team_launch_starts_the_eligible_and_says_why_the_others_are_left_out() -> None:
    result = launched_team()
    assert [c.employee_id for c in result.cycles] == ["ann", "bo", "cy"]
    assert [(x.employee_id, x.cycle_id) for x in result.launched] == [
        ("ann", "2026/ann"),
        ("bo", "2026/bo"),
        ("cy", "2026/cy"),
    ]
    assert [(out.employee_id, out.index, out.codes) for out in result.left_out] == [
        ("di", 3, ("tenure_too_short",)),
        ("ed", 4, ("on_leave",)),
        ("fay", 5, ("contract_type_excluded",)),
        ("gus", 6, ("no_manager",)),
    ]
    assert [r.field for out in result.left_out for r in out.reasons] == [
        "hire_date",
        "leaves",
        "contract_type",
        "manager_id",
    ]


def test_each_cycle_starts_with_its_templates_goals_proposed_by_who_launched_it() -> None:
    result = launched_team()
    ann, _, cy = result.cycles
    assert [g.id for g in ann.goals] == ["customers", "cost"]
    assert [g.id for g in cy.goals] == ["delivery"]
    assert cy.status_of("delivery") is pc.GoalStatus.PROPOSED
    assert result.launched[0].goal_template == TemplateRef(id="company", version=4)
    assert result.launched[2].goal_template == TemplateRef(id="engineers", version=2)
    assert result.launched[2].review_template == TemplateRef(id="review", version=1)
    started, proposed = cy.events
    assert (started.actor, started.at, cy.manager_id, cy.period) == (HR, AT, "jo", YEAR)
    assert proposed.actor == HR  # the history credits the draft to whoever made it
    assert proposed.reason == "goal template engineers version 2"
    assert cy.scale == REVIEW.scale
    assert cy.phase is pc.Phase.GOAL_SETTING
    assert all(pc.Cycle.replay(cycle.events) == cycle for cycle in result.cycles)
    # the goals go on through goal setting as usual
    agreed = cy.agree_goals(by=pc.Actor(person_id="cy", role=pc.Role.EMPLOYEE), at=AT)
    assert agreed.status_of("delivery") is pc.GoalStatus.AGREED


def test_without_templates_or_rules_everyone_with_a_manager_is_started_on_the_default_scale() -> (
    None
):
    result = launch(TEAM, [], YEAR, actor=HR, at=AT)
    assert len(result.cycles) == 6
    assert [out.codes for out in result.left_out] == [("no_manager",)]
    assert all(c.goals == () and c.scale == pc.RatingScale() for c in result.cycles)
    assert result.launched[0] == Launched(employee_id="ann", cycle_id="2026/ann")


def test_someone_no_template_applies_to_is_left_out() -> None:
    result = launch(
        [person("cy", position="engineer"), person("ann")],
        [ENGINEERS, attrs_evolve_scope(REVIEW, position="engineer")],
        YEAR,
        actor=HR,
        at=AT,
    )
    assert [c.employee_id for c in result.cycles] == ["cy"]
    assert result.left_out[0].codes == ("no_goal_template", "no_review_template")


def attrs_evolve_scope(template: ReviewTemplate, **scope: str) -> ReviewTemplate:
    return template.revised(applies_to=TemplateScope(**scope))


def test_the_launch_date_is_the_date_of_at_in_the_time_zone() -> None:
    late_evening = dt.datetime(2026, 1, 4, 23, 30, tzinfo=dt.UTC)  # 5 January in Tokyo
    people = [person("bo", hire_date=D(2025, 10, 5))]
    rules = [MinimumTenure(months=3)]
    in_utc = launch(people, [], YEAR, actor=HR, at=late_evening, rules=rules)
    in_tokyo = launch(
        people, [], YEAR, actor=HR, at=late_evening, rules=rules, time_zone="Asia/Tokyo"
    )
    assert (len(in_utc.cycles), len(in_tokyo.cycles)) == (0, 1)
    assert in_tokyo.cycles[0].time_zone == "Asia/Tokyo"


# --- bad data of one person: listed, the rest started -----------------------------------------


def test_duplicate_employee_ids_are_each_reported_and_the_rest_started() -> None:
    people = [person("ann"), person("bo"), person("ann", manager_id="kim")]
    result = launch(people, [COMPANY], YEAR, actor=HR, at=AT)
    assert [c.employee_id for c in result.cycles] == ["bo"]
    assert [(out.employee_id, out.index, out.codes) for out in result.left_out] == [
        ("ann", 0, ("duplicate_employee_id",)),
        ("ann", 2, ("duplicate_employee_id",)),
    ]


def test_an_entry_that_is_no_person_is_listed_at_its_index() -> None:
    entries: list[Any] = [{"employee_id": "ann"}, person("bo")]
    result = launch(entries, [], YEAR, actor=HR, at=AT)
    assert [c.employee_id for c in result.cycles] == ["bo"]
    (out,) = result.left_out
    assert (out.employee_id, out.index, out.codes) == (None, 0, ("not_a_person",))
    assert out.reasons[0].field == "population[0]"


def test_a_cycle_that_cannot_start_is_listed_whole_and_nothing_of_it_is_kept() -> None:
    long_id = "e" * 200  # its cycle id, "2026/" and 200 characters, is too long
    people = [person(long_id), person("hr1"), person("bo")]
    result = launch(people, [COMPANY], YEAR, actor=HR, at=AT)
    assert [c.employee_id for c in result.cycles] == ["bo"]
    too_long, hr_own = result.left_out
    assert too_long.codes == ("refused",)
    assert too_long.reasons[0].field.endswith("cycle_id")
    assert hr_own.codes == ("refused",)  # HR may not start their own cycle
    assert "take part" in hr_own.reasons[0].message


def test_a_goal_the_cycle_refuses_leaves_the_person_out_with_no_cycle_at_all() -> None:
    due_before = GoalTemplate(
        id="old",
        version=1,
        title="Old",
        goals=(
            pc.Goal(id="a", title="A", weight=50),
            pc.Goal(
                id="b",
                title="B",
                weight=50,
                due=D(2025, 6, 30),
                measure=pc.YesNoMeasure(question="Done?"),
            ),
        ),
    )
    result = launch([person("ann")], [due_before], YEAR, actor=HR, at=AT)
    # the first goal was proposed, the second refused: no cycle, not even a started one
    assert result.cycles == ()
    assert result.launched == ()
    (out,) = result.left_out
    assert out.codes == ("refused",)
    assert out.reasons[0].field == "ProposeGoal.goal.due"


# --- the launch as a whole: refused, nothing started ------------------------------------------


def test_a_template_for_a_position_no_one_has_refuses_the_launch() -> None:
    typo = GoalTemplate(
        id="eng",
        version=1,
        title="Engineers",
        applies_to=TemplateScope(position="enginer"),
        goals=ENGINEERS.goals,
    )
    rejects(
        lambda: launch(TEAM, [COMPANY, typo], YEAR, actor=HR, at=AT),
        "templates[1].applies_to.position",
        "no one in the population has the position 'enginer'",
    )
    nobody = ENGINEERS.revised(applies_to=TemplateScope(position="engineer", level="L9"))
    rejects(
        lambda: launch(TEAM, [nobody], YEAR, actor=HR, at=AT),
        "templates[0].applies_to.level",
        "level 'L9'",
    )
    combination = ENGINEERS.revised(applies_to=TemplateScope(position="engineer", level="L2"))
    people = [
        person("cy", position="engineer", level="L1"),
        person("di", position="qa", level="L2"),
    ]
    rejects(
        lambda: launch(people, [combination], YEAR, actor=HR, at=AT),
        "templates[0].applies_to",
        "combination",
    )


def test_ties_and_two_versions_of_a_template_refuse_the_launch() -> None:
    again = GoalTemplate(
        id="engineers-too",
        version=1,
        title="Engineering goals",
        applies_to=TemplateScope(position="engineer"),
        goals=ENGINEERS.goals,
    )
    rejects(
        lambda: launch(TEAM, [ENGINEERS, again], YEAR, actor=HR, at=AT),
        "templates[1].applies_to",
        "match them equally",
    )
    rejects(
        lambda: launch(TEAM, [COMPANY, COMPANY.revised()], YEAR, actor=HR, at=AT),
        "templates[1].version",
        "pass one version of each",
    )


def test_an_actor_who_may_not_start_cycles_starts_none() -> None:
    employee = pc.Actor(person_id="ann", role=pc.Role.EMPLOYEE)
    with pytest.raises(pc.PermissionDenied) as info:
        launch(TEAM, [COMPANY], YEAR, actor=employee, at=AT)
    assert info.value.command == "start_cycle"


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"population": 7}, ("population",)),
        ({"population": "ann"}, ("population",)),
        ({"templates": [COMPANY, "junk"]}, ("templates[1]",)),
        ({"templates": None}, ("templates",)),
        ({"period": "2026"}, ("period",)),
        ({"actor": "hr1"}, ("actor",)),
        ({"at": dt.datetime(2026, 1, 5, 9)}, ("at",)),  # noqa: DTZ001 - naive on purpose
        ({"policy": "strict"}, ("policy",)),
        ({"time_zone": "Mars/Olympus"}, ("time_zone",)),
        ({"actor": "hr1", "period": None}, ("actor", "period")),
        ({"rules": "not_on_leave"}, ("rules",)),
        ({"rules": 3}, ("rules",)),
        ({"rules": [NotOnLeave(), "junk"]}, ("rules[1]",)),
    ],
)
def test_bad_arguments_are_refused_naming_each(
    changes: dict[str, Any], paths: tuple[str, ...]
) -> None:
    arguments: dict[str, Any] = {
        "population": TEAM,
        "templates": [COMPANY],
        "period": YEAR,
        "actor": HR,
        "at": AT,
        **changes,
    }
    population, templates, period = (
        arguments.pop(k) for k in ("population", "templates", "period")
    )
    with pytest.raises(pc.ValidationError) as info:
        launch(population, templates, period, **arguments)
    assert info.value.paths == paths


# --- the result: confidential repr and rows, checked fields ---------------------------------


def test_the_result_shows_only_ids_and_reason_codes() -> None:
    result = launched_team()
    shown = repr(result) + repr(result.rows())
    for private in ("2025-10-06", "2026-01-01", "contractor", "Deliver the roadmap", "jo", "fewer"):
        assert private not in shown
    assert "tenure_too_short" in shown
    assert "ann" in shown
    assert result.rows()[0] == {
        "employee_id": "ann",
        "status": "launched",
        "cycle_id": "2026/ann",
        "goal_template": "company",
        "goal_template_version": 4,
        "review_template": "review",
        "review_template_version": 1,
        "reasons": None,
    }
    assert result.rows()[-1]["reasons"] == "no_manager"
    assert [row["status"] for row in result.rows()].count("left_out") == 4


def test_a_result_keeps_its_cycles_sorted_and_named() -> None:
    result = launched_team()
    rejects(
        lambda: LaunchResult(cycles=result.cycles[::-1], launched=result.launched[::-1]),
        "LaunchResult.cycles",
        "sorted by employee id",
    )
    rejects(
        lambda: LaunchResult(cycles=result.cycles, launched=result.launched[:2]),
        "LaunchResult.launched",
        "must name the cycles",
    )


def test_cycle_ids_name_the_period_and_the_employee() -> None:
    assert cycle_id_for("ann", pc.Period.half_year(2026, 2)) == "2026-H2/ann"
    rejects(lambda: cycle_id_for(7, YEAR), "employee_id", "str")  # type: ignore[arg-type]


# --- property: a launch starts exactly the eligible people ----------------------------------


def _months_reached(hire: dt.date, on: dt.date, months: int) -> bool:
    """Whether ``months`` calendar months have passed from ``hire`` to ``on``, counted by hand."""
    whole = (on.year - hire.year) * 12 + on.month - hire.month
    if whole != months:
        return whole > months
    last_day = calendar.monthrange(on.year, on.month)[1]
    return on.day >= min(hire.day, last_day)


def _eligible(person: Person, rules: Eligibility, on: dt.date) -> bool:
    for rule in rules.rules:
        if isinstance(rule, HiredBy) and person.hire_date > rule.cutoff:
            return False
        if isinstance(rule, NotOnLeave) and any(
            leave.start <= on and (leave.end is None or on <= leave.end) for leave in person.leaves
        ):
            return False
        if isinstance(rule, ContractTypes) and person.contract_type not in rule.allowed:
            return False
        if isinstance(rule, MinimumTenure) and not _months_reached(
            person.hire_date, on, rule.months
        ):
            return False
    return True


POOL = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h"])
SMALL = st.none() | st.sampled_from(["x", "y"])


@settings(max_examples=60)
@given(
    people=st.lists(
        persons(
            employee_id=POOL,
            manager_id=st.none() | st.just("m") | st.just("n"),
            position=SMALL,
            department=SMALL,
            level=SMALL,
            hire_date=st.dates(D(2024, 1, 1), D(2026, 12, 31)),
        ),
        max_size=10,
    ),
    scopes=st.lists(
        st.builds(TemplateScope, position=SMALL, department=SMALL, level=SMALL), max_size=4
    ),
    rules=eligibilities(),
    on=st.dates(D(2025, 1, 1), D(2026, 12, 31)),
)
def test_a_launch_starts_exactly_the_eligible_people(
    people: list[Person], scopes: list[TemplateScope], rules: Eligibility, on: dt.date
) -> None:
    # only templates that apply to someone: one that applies to no one refuses the launch
    usable = [s for s in dict.fromkeys(scopes) if any(s.matches(p) for p in people)]
    templates = [
        GoalTemplate(id=f"t{i}", version=1, title="T", goals=COMPANY.goals, applies_to=scope)
        for i, scope in enumerate(usable)
    ]
    at = dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC)
    result = launch(people, templates, YEAR, actor=HR, at=at, rules=rules)

    counts = {p.employee_id: sum(q.employee_id == p.employee_id for q in people) for p in people}
    expected = sorted(
        p.employee_id
        for p in people
        if counts[p.employee_id] == 1
        and p.manager_id is not None
        and (not templates or any(t.applies_to.matches(p) for t in templates))
        and _eligible(p, rules, on)
    )
    assert [c.employee_id for c in result.cycles] == expected
    assert [x.employee_id for x in result.launched] == expected
    assert len(result.cycles) + len(result.left_out) == len(people)
    assert [out.index for out in result.left_out] == sorted(out.index for out in result.left_out)
    by_id = {p.employee_id: p for p in people}
    for cycle in result.cycles:
        assert cycle.manager_id == by_id[cycle.employee_id].manager_id
        assert cycle.id == cycle_id_for(cycle.employee_id, YEAR)
        assert [g.id for g in cycle.goals] == ([] if not templates else ["customers", "cost"])
    for out in result.left_out:
        assert out.reasons
        assert out.employee_id is not None
        assert out.employee_id not in expected


def test_a_result_checks_the_types_of_its_parts() -> None:
    wrong: Any = [launched_team().cycles[0]]
    rejects(lambda: LaunchResult(cycles=wrong, launched=()), "LaunchResult.cycles", "tuple")
