"""Tests for perfcore.organisation.templates and population: templates, versions, the choice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects
from perfcore.organisation import (
    GoalTemplate,
    Leave,
    Person,
    Question,
    ReviewSection,
    ReviewTemplate,
    TemplateRef,
    TemplateScope,
    latest_versions,
    select_template,
)
from perfcore.organisation.templates import check_unambiguous
from perfcore.testing._organisation_strategies import goal_templates, persons, template_scopes

D = dt.date
GOALS = (
    pc.Goal(id="quota", title="Meet the quota", weight=70),
    pc.Goal(id="pipeline", title="Build the pipeline", weight=30),
    pc.Goal(id="course", title="Negotiation course", kind=pc.GoalKind.DEVELOPMENT),
)
SECTION = ReviewSection(
    id="results", title="Results", questions=(Question(id="q1", text="Delivers what was agreed"),)
)


def goal_template(template_id: str = "t", **scope: str) -> GoalTemplate:
    return GoalTemplate(
        id=template_id, version=1, title=template_id, goals=GOALS, applies_to=TemplateScope(**scope)
    )


def review_template(template_id: str = "r", **scope: str) -> ReviewTemplate:
    return ReviewTemplate(
        id=template_id,
        version=1,
        title="Review",
        sections=(SECTION,),
        applies_to=TemplateScope(**scope),
    )


ANN = Person(
    employee_id="ann",
    manager_id="jo",
    department="sales",
    position="account_executive",
    level="L2",
    hire_date=D(2024, 5, 1),
)


# --- records ------------------------------------------------------------------------


def test_records_are_value_objects() -> None:
    for record in (goal_template(), review_template(), ANN, TemplateScope(level="L2"), SECTION):
        check_value_object(record)


def test_a_goal_template_needs_goals_whose_performance_weights_total_100() -> None:
    rejects(
        lambda: GoalTemplate(id="t", version=1, title="T", goals=()), "GoalTemplate.goals", "empty"
    )
    rejects(
        lambda: GoalTemplate(id="t", version=1, title="T", goals=GOALS[:1]),
        "GoalTemplate.goals",
        "total 100, got 70",
    )
    rejects(
        lambda: GoalTemplate(id="t", version=1, title="T", goals=(GOALS[0], GOALS[0])),
        "GoalTemplate.goals",
        "goal ids repeat: quota",
    )
    rejects(
        lambda: GoalTemplate(id="t", version=0, title="T", goals=GOALS),
        "GoalTemplate.version",
        "at least 1",
    )
    # development goals only: no weights to total
    only_development = GoalTemplate(id="t", version=1, title="T", goals=GOALS[2:])
    assert only_development.goals == GOALS[2:]


def test_a_review_template_refuses_repeated_sections_and_questions() -> None:
    twice = ReviewSection(id="more", title="More", questions=SECTION.questions)
    rejects(
        lambda: ReviewTemplate(id="r", version=1, title="R", sections=(SECTION, twice)),
        "ReviewTemplate.sections",
        "question ids repeat across sections: q1",
    )
    rejects(
        lambda: ReviewTemplate(id="r", version=1, title="R", sections=(SECTION, SECTION)),
        "ReviewTemplate.sections",
        "section ids repeat: results",
    )
    rejects(
        lambda: ReviewSection(id="s", title="S", questions=()), "ReviewSection.questions", "empty"
    )


def test_a_new_version_is_a_new_value_and_the_old_one_stays() -> None:
    first = goal_template()
    second = first.revised(title="Sales 2027")
    assert (first.version, first.title) == (1, "t")
    assert second.ref == TemplateRef(id="t", version=2)
    assert second.title == "Sales 2027"
    assert review_template().revised(scale=pc.RatingScale(minimum=1, maximum=4)).ref.version == 2
    with pytest.raises(pc.MalformedInput) as info:
        first.revised(version=7, id="other")
    assert info.value.paths == ("id", "version")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.title = "changed"  # type: ignore[misc]


def test_latest_versions_keeps_the_highest_version_of_each_template() -> None:
    first = goal_template("a")
    review = review_template("a")
    third = first.revised().revised()
    chosen = latest_versions([third, review, first, goal_template("b")])
    assert [(type(t).__name__, t.id, t.version) for t in chosen] == [
        ("GoalTemplate", "a", 3),
        ("ReviewTemplate", "a", 1),
        ("GoalTemplate", "b", 1),
    ]
    junk: list[Any] = [first, "junk"]
    rejects(lambda: latest_versions(junk), "templates[1]", "GoalTemplate or a ReviewTemplate")


# --- the choice of template ---------------------------------------------------------------


def test_the_most_specific_template_applies_position_then_department_then_level() -> None:
    default = goal_template("default")
    level = goal_template("level", level="L2")
    department = goal_template("department", department="sales")
    department_and_level = goal_template("both", department="sales", level="L2")
    position = goal_template("position", position="account_executive")
    other = goal_template("other", position="engineer")
    everything = [other, default, level, department, department_and_level, position]
    assert select_template(everything, ANN) is position
    assert select_template(everything[:5], ANN) is department_and_level
    assert select_template(everything[:4], ANN) is department
    assert select_template(everything[:3], ANN) is level
    assert select_template(everything[:2], ANN) is default
    assert select_template(everything[:1], ANN) is None
    # a position alone beats a department and a level together
    assert select_template([department_and_level, position], ANN) is position


def test_two_templates_that_match_equally_are_an_error_not_a_pick() -> None:
    rejects(
        lambda: select_template(
            [goal_template("a", level="L2"), goal_template("b", level="L2")], ANN
        ),
        "templates[1].applies_to",
        r"as specifically as templates\[0\]",
    )


def test_ties_and_repeated_versions_are_found_up_front() -> None:
    check_unambiguous([goal_template("a", level="L2"), review_template("b", level="L2")])
    with pytest.raises(pc.ValidationError) as info:
        check_unambiguous(
            [
                goal_template("a", level="L2"),
                goal_template("b", level="L2"),
                goal_template("a", level="L3"),
            ]
        )
    assert info.value.paths == ("templates[1].applies_to", "templates[2].version")


@given(people=st.lists(persons(), max_size=5), scopes=st.lists(template_scopes(), max_size=6))
def test_the_choice_is_a_most_specific_match_whatever_the_order(
    people: list[Person], scopes: list[TemplateScope]
) -> None:
    templates = [goal_template(f"t{i}", **_scope(s)) for i, s in enumerate(dict.fromkeys(scopes))]
    for person in people:
        matching = [t for t in templates if _matches(t.applies_to, person)]
        chosen = select_template(templates, person)
        assert select_template(list(reversed(templates)), person) is chosen
        if not matching:
            assert chosen is None
        else:
            assert chosen is not None
            top = max(_rank(t.applies_to) for t in matching)
            assert _rank(chosen.applies_to) == top


def _scope(scope: TemplateScope) -> dict[str, Any]:
    return {k: val for k, val in attrs.asdict(scope).items() if val is not None}


def _matches(scope: TemplateScope, person: Person) -> bool:
    wanted = _scope(scope)
    return all(getattr(person, key) == val for key, val in wanted.items())


def _rank(scope: TemplateScope) -> int:
    """Position 4, department 2, level 1: position first, then department, then level."""
    return (
        4 * (scope.position is not None)
        + 2 * (scope.department is not None)
        + (scope.level is not None)
    )


@given(goal_templates())
def test_drawn_templates_revise_to_the_next_version(template: GoalTemplate) -> None:
    assert template.revised().ref == TemplateRef(id=template.id, version=template.version + 1)


def test_select_template_refuses_what_is_not_a_person_or_a_template() -> None:
    rejects(lambda: select_template([goal_template()], "ann"), "person", "must be of type Person")  # type: ignore[arg-type]
    rejects(lambda: select_template("t", ANN), "templates", "collection")  # type: ignore[type-var]
    rejects(lambda: TemplateScope().matches("ann"), "person", "Person")  # type: ignore[arg-type]


# --- people and leaves ------------------------------------------------------------------


def test_a_person_refuses_overlapping_leaves_and_being_their_own_manager() -> None:
    rejects(
        lambda: Person(
            employee_id="bo",
            hire_date=D(2020, 1, 6),
            leaves=(Leave(start=D(2026, 1, 1), end=D(2026, 3, 1)), Leave(start=D(2026, 3, 1))),
        ),
        "Person.leaves",
        "leaves overlap",
    )
    rejects(
        lambda: Person(
            employee_id="bo",
            hire_date=D(2020, 1, 6),
            leaves=(Leave(start=D(2026, 5, 1)), Leave(start=D(2027, 1, 1))),
        ),
        "Person.leaves",
        "leaves overlap",
    )
    rejects(
        lambda: Person(employee_id="bo", manager_id="bo", hire_date=D(2020, 1, 6)),
        "Person.manager_id",
        "own manager",
    )
    rejects(
        lambda: Person(employee_id="bo", hire_date=D(2020, 1, 6), contract_type="Full Time"),
        "Person.contract_type",
        "identifier",
    )
    rejects(lambda: Person(employee_id="bo", hire_date="2020-01-06"), "Person.hire_date", "date")  # type: ignore[arg-type]


def test_leave_covers_both_its_ends() -> None:
    leave = Leave(start=D(2026, 2, 1), end=D(2026, 2, 28))
    assert [leave.covers(D(2026, 2, d)) for d in (1, 28)] == [True, True]
    assert [leave.covers(day) for day in (D(2026, 1, 31), D(2026, 3, 1))] == [False, False]
    adjacent = Person(
        employee_id="bo",
        hire_date=D(2020, 1, 6),
        leaves=(leave, Leave(start=D(2026, 3, 1), end=D(2026, 3, 1))),
    )
    assert adjacent.on_leave(D(2026, 3, 1))
    assert not adjacent.on_leave(D(2026, 3, 2))
    rejects(lambda: leave.covers(dt.datetime(2026, 2, 1, tzinfo=dt.UTC)), "day", "a date")


def test_fields_of_the_wrong_type_are_refused_by_their_type_check_alone() -> None:
    wrong: Any = ["not", "a", "tuple"]
    rejects(
        lambda: GoalTemplate(id="t", version=1, title="T", goals=wrong),
        "GoalTemplate.goals",
        "tuple",
    )
    rejects(
        lambda: ReviewTemplate(id="r", version=1, title="R", sections=wrong),
        "ReviewTemplate.sections",
        "tuple",
    )
    rejects(
        lambda: Person(employee_id="bo", hire_date=D(2020, 1, 6), leaves=wrong),
        "Person.leaves",
        "tuple",
    )
