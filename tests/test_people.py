"""Tests for perfcore.people: Role and Actor."""

from __future__ import annotations

import pytest
from hypothesis import given

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import actors, roles

# --- Role ---------------------------------------------------------------------------


def test_built_in_roles() -> None:
    assert pc.Role.EMPLOYEE.name == "employee"
    assert pc.Role.MANAGER.name == "manager"
    assert pc.Role.HR.name == "hr"
    assert repr(pc.Role.MANAGER) == "Role(name='manager')"
    assert str(pc.Role.HR) == "hr"


def test_a_role_is_equal_to_a_built_in_one_with_the_same_name() -> None:
    assert pc.Role(name="manager") == pc.Role.MANAGER
    assert pc.Role(name="manager") != pc.Role.HR
    assert len({pc.Role(name="hr"), pc.Role.HR, pc.Role.EMPLOYEE}) == 2


def test_apps_may_add_roles() -> None:
    role = pc.Role(name="skip_manager")
    assert role.name == "skip_manager"
    assert str(role) == "skip_manager"


@pytest.mark.parametrize(
    "name",
    ["", "Manager", "HR", "skip-manager", "skip manager", "1st_line", "_hr", " hr", "hr\t"],
)
def test_role_name_must_be_a_lowercase_identifier(name: str) -> None:
    rejects(
        lambda: pc.Role(name=name), "Role.name", "^must be a lowercase identifier like 'employee'"
    )


def test_role_name_may_not_end_in_a_newline() -> None:
    # Regression: the identifier pattern ended in "$", which matches before a final "\n".
    rejects(lambda: pc.Role(name="manager\n"), "Role.name", r"got str 'manager\\n'$")


@pytest.mark.parametrize(
    ("name", "phrase"), [(None, "got NoneType None$"), (7, "got int 7$"), (pc.Role.HR, "got Role")]
)
def test_role_name_must_be_a_string(name: object, phrase: str) -> None:
    rejects(lambda: pc.Role(name=name), "Role.name", phrase)  # type: ignore[arg-type]


# --- Actor --------------------------------------------------------------------------


def test_an_actor_is_a_person_in_a_role() -> None:
    actor = pc.Actor(person_id="e-17", role=pc.Role.EMPLOYEE)
    assert actor.person_id == "e-17"
    assert actor.role is pc.Role.EMPLOYEE
    assert str(actor) == "e-17 (employee)"
    assert repr(actor) == "Actor(person_id='e-17', role=Role(name='employee'))"


def test_the_same_person_in_two_roles_is_two_actors() -> None:
    assert pc.Actor(person_id="p", role=pc.Role.EMPLOYEE) != pc.Actor(
        person_id="p", role=pc.Role.HR
    )


def test_person_id_may_be_up_to_two_hundred_characters() -> None:
    assert len(pc.Actor(person_id="x" * 200, role=pc.Role.HR).person_id) == 200


@pytest.mark.parametrize(
    ("person_id", "phrase"),
    [
        (None, "^is required$"),
        ("", "^must not be empty$"),
        ("   ", "^must not be empty$"),
        (17, "^must be a string, got int 17$"),
        ("x" * 201, "^must be at most 200 characters, got 201$"),
    ],
)
def test_actor_person_id_rejects(person_id: object, phrase: str) -> None:
    rejects(
        lambda: pc.Actor(person_id=person_id, role=pc.Role.HR),  # type: ignore[arg-type]
        "Actor.person_id",
        phrase,
    )


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        ("employee", "^must be a Role, got str 'employee'$"),
        (None, "^must be a Role, got NoneType None$"),
        (pc.Actor(person_id="x", role=pc.Role.HR), "^must be a Role, got Actor"),
    ],
)
def test_actor_role_rejects(role: object, phrase: str) -> None:
    rejects(
        lambda: pc.Actor(person_id="e-17", role=role),  # type: ignore[arg-type]
        "Actor.role",
        phrase,
    )


def test_actor_reports_both_bad_fields() -> None:
    err = rejects_all(
        lambda: pc.Actor(person_id="", role="hr"),  # type: ignore[arg-type]
        "Actor.person_id",
        "Actor.role",
    )
    assert (
        str(err) == "Actor.person_id: must not be empty; Actor.role: must be a Role, got str 'hr'"
    )


# --- properties ---------------------------------------------------------------------


@given(roles())
def test_roles_are_value_objects(role: pc.Role) -> None:
    check_value_object(role)
    assert str(role) == role.name


@given(actors())
def test_actors_are_value_objects(actor: pc.Actor) -> None:
    check_value_object(actor)
    assert str(actor) == f"{actor.person_id} ({actor.role.name})"
