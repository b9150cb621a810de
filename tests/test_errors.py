"""Tests for perfcore.errors: the error hierarchy, the Problem record and problem details.

When the error classes or the problem codes change, regenerate the tables of
docs/errors.md with::

    PYTHONPATH=tests .venv/bin/python -c "import runpy; runpy.run_path('tests/test_errors.py')['write_generated_sections']()"
"""  # noqa: E501

from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.cycle.conditions import Blocker
from perfcore.errors import PROBLEM_CODES, problem_codes_table, problem_types_table
from strategies import texts

problems = st.builds(pc.Problem, path=texts, message=texts)

AGREED = Blocker(
    code="goal_agreed",
    phase=pc.Phase.GOAL_SETTING,
    subject="g2",
    message="goal 'g2' is not agreed by the employee",
)
WEIGHTS = Blocker(
    code="weights_total",
    phase=pc.Phase.GOAL_SETTING,
    message="performance goal weights total 90, not 100",
)


# --- hierarchy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (pc.ValidationError, ValueError),
        (pc.TransitionError, ValueError),
        (pc.PermissionDenied, PermissionError),
        (pc.GuardError, ValueError),
    ],
)
def test_every_leaf_error_is_a_perfcore_error_and_a_builtin(
    error: type[pc.PerfcoreError], builtin: type[Exception]
) -> None:
    assert issubclass(error, pc.PerfcoreError)
    assert issubclass(error, builtin)


def test_perfcore_error_is_an_exception_but_no_builtin_value_error() -> None:
    assert issubclass(pc.PerfcoreError, Exception)
    assert not issubclass(pc.PerfcoreError, ValueError)


def test_a_validation_error_is_caught_by_a_generic_value_error_handler() -> None:
    with pytest.raises(ValueError, match=r"^Goal\.title: must not be empty$"):
        raise pc.ValidationError.single("Goal.title", "must not be empty")


# --- Problem ------------------------------------------------------------------------


def test_problem_reads_as_path_colon_message() -> None:
    problem = pc.Problem(path="Goal.weight", message="must be at least 0, got -1")
    assert str(problem) == "Goal.weight: must be at least 0, got -1"
    assert problem.path == "Goal.weight"
    assert problem.message == "must be at least 0, got -1"


def test_problems_are_frozen_values() -> None:
    problem = pc.Problem(path="Goal.id", message="is required")
    assert problem == pc.Problem(path="Goal.id", message="is required")
    assert problem != pc.Problem(path="Goal.id", message="must not be empty")
    assert len({problem, pc.Problem(path="Goal.id", message="is required")}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        problem.path = "Goal.title"  # type: ignore[misc]


# --- ValidationError ----------------------------------------------------------------


def test_single_builds_an_error_about_one_field() -> None:
    err = pc.ValidationError.single("Goal.title", "must not be empty")
    assert err.problems == (pc.Problem(path="Goal.title", message="must not be empty"),)
    assert err.paths == ("Goal.title",)
    assert str(err) == "Goal.title: must not be empty"


def test_several_problems_are_joined_in_order() -> None:
    err = pc.ValidationError(
        [
            pc.Problem(path="Goal.id", message="must not be empty"),
            pc.Problem(path="Goal.weight", message="must be at most 100, got 120"),
        ]
    )
    assert err.paths == ("Goal.id", "Goal.weight")
    assert str(err) == "Goal.id: must not be empty; Goal.weight: must be at most 100, got 120"


def test_problems_may_come_from_any_iterable_and_are_kept_as_a_tuple() -> None:
    err = pc.ValidationError(
        pc.Problem(path=f"Goal.methods[{i}]", message="must not be empty") for i in range(3)
    )
    assert isinstance(err.problems, tuple)
    assert err.paths == ("Goal.methods[0]", "Goal.methods[1]", "Goal.methods[2]")


def test_a_validation_error_without_problems_still_has_a_message() -> None:
    err = pc.ValidationError([])
    assert err.problems == ()
    assert err.paths == ()
    assert str(err) == "invalid input"


@given(st.lists(problems, max_size=5))
def test_validation_error_message_and_paths_follow_its_problems(
    items: list[pc.Problem],
) -> None:
    err = pc.ValidationError(items)
    assert err.problems == tuple(items)
    assert err.paths == tuple(p.path for p in items)
    if items:
        assert str(err) == "; ".join(f"{p.path}: {p.message}" for p in items)
    else:
        assert str(err) == "invalid input"


# --- TransitionError, PermissionDenied, GuardError ---------------------------------


def test_transition_error_names_command_and_phase() -> None:
    err = pc.TransitionError("close", "appraisal", "close is not allowed in appraisal")
    assert err.command == "close"
    assert err.phase == "appraisal"
    assert str(err) == "close is not allowed in appraisal"


EMPLOYEE = pc.Actor(person_id="e-17", role=pc.Role.EMPLOYEE)


def test_permission_denied_names_command_and_actor() -> None:
    err = pc.PermissionDenied("close", EMPLOYEE, "only the manager may close")
    assert err.command == "close"
    assert err.actor == EMPLOYEE
    assert err.actor.person_id == "e-17"
    assert str(err) == "only the manager may close"


def test_guard_error_lists_every_blocker_and_its_code() -> None:
    err = pc.GuardError(iter([AGREED, WEIGHTS]))
    assert err.blockers == (AGREED, WEIGHTS)
    assert err.codes == ("goal_agreed", "weights_total")
    assert str(err) == (
        "2 unmet condition(s): goal 'g2' is not agreed by the employee; "
        "performance goal weights total 90, not 100"
    )


def test_guard_error_with_one_blocker() -> None:
    err = pc.GuardError([WEIGHTS])
    assert err.codes == ("weights_total",)
    assert str(err) == "1 unmet condition(s): performance goal weights total 90, not 100"


# --- errors survive pickling and copying (e.g. across process pools) ----------------

ERRORS: list[pc.PerfcoreError] = [
    pc.ValidationError.single("Goal.title", "must not be empty"),
    pc.TransitionError("close", "appraisal", "close is not allowed in appraisal"),
    pc.PermissionDenied("close", EMPLOYEE, "only the manager may close"),
    pc.GuardError([AGREED, WEIGHTS]),
    pc.MalformedInput.single("Goal.title", "must not be empty", code="empty"),
    pc.ContentConflict.single("ProposeGoal.goal.id", "'g1' is already a goal"),
    pc.OutOfOrder.single("at", "is earlier", code="out_of_order", params={"last": "2026-01-05"}),
    pc.MissingDependency("to_frame", "pandas", "pandas"),
]


def _state(err: pc.PerfcoreError) -> tuple[object, ...]:
    return (type(err), str(err), err.args, sorted(vars(err).items()))


@pytest.mark.parametrize("err", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_survive_a_pickle_round_trip(err: pc.PerfcoreError) -> None:
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own data
    assert _state(again) == _state(err)


@pytest.mark.parametrize("err", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_can_be_copied(err: pc.PerfcoreError) -> None:
    assert _state(copy.copy(err)) == _state(err)
    assert _state(copy.deepcopy(err)) == _state(err)


def test_a_pickled_validation_error_keeps_its_problems() -> None:
    err = pc.ValidationError(
        [
            pc.Problem(path="Goal.id", message="is required", code="required"),
            pc.Problem(path="Goal.title", message="x", params={"max_length": 1, "actual": 2}),
        ]
    )
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own data
    assert again.problems == err.problems
    assert again.codes == ("required", "invalid")
    assert again.problems[1].params == {"actual": 2, "max_length": 1}


def test_a_pickled_guard_error_keeps_its_codes() -> None:
    again = pickle.loads(pickle.dumps(pc.GuardError([AGREED])))  # noqa: S301 - our own data
    assert again.codes == ("goal_agreed",)
    assert again.blockers == (AGREED,)


def test_a_missing_dependency_names_the_extra_to_install() -> None:
    err = pc.MissingDependency("nine_box_figure", "matplotlib", "plot")
    assert isinstance(err, ImportError)
    assert err.name == "matplotlib"
    assert "pip install 'perfcore[plot]'" in str(err)


# --- problem codes ------------------------------------------------------------------


def test_a_problem_without_a_code_is_invalid_with_no_params() -> None:
    problem = pc.Problem(path="Goal.id", message="is required")
    assert problem.code == "invalid"
    assert dict(problem.params) == {}


def test_code_and_params_take_part_in_equality_and_hash() -> None:
    long = pc.Problem(path="x", message="m", code="too_long", params={"max_length": 3})
    assert long == pc.Problem(path="x", message="m", code="too_long", params={"max_length": 3})
    assert long != pc.Problem(path="x", message="m", code="too_long", params={"max_length": 4})
    assert long != pc.Problem(path="x", message="m")
    same = pc.Problem(path="x", message="m", code="too_long", params={"max_length": 3})
    assert len({long, same}) == 1


def test_params_are_read_only_and_sorted() -> None:
    problem = pc.Problem(path="x", message="m", params={"b": 1, "a": ("p", "q")})
    assert list(problem.params) == ["a", "b"]
    with pytest.raises(TypeError):
        problem.params["a"] = 2  # type: ignore[index]


def test_a_problem_moved_to_another_path_keeps_its_code_and_params() -> None:
    problem = pc.Problem(path="x", message="m", code="too_small", params={"minimum": 0})
    moved = problem.at("events[3].x")
    assert (moved.path, moved.code, moved.params) == ("events[3].x", "too_small", {"minimum": 0})


def test_single_takes_a_code_and_params() -> None:
    err = pc.ValidationError.single("Goal.title", "too long", code="too_long", params={"actual": 9})
    assert err.codes == ("too_long",)
    assert err.problems[0].params == {"actual": 9}


def test_every_documented_code_is_a_lowercase_identifier_with_lowercase_params() -> None:
    assert "invalid" in PROBLEM_CODES
    for code, entry in PROBLEM_CODES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code)
        assert entry.code == code
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in entry.params)


# --- the three kinds of validation error --------------------------------------------


@pytest.mark.parametrize("kind", [pc.MalformedInput, pc.ContentConflict, pc.OutOfOrder])
def test_each_kind_is_a_validation_error(kind: type[pc.ValidationError]) -> None:
    err = kind.single("at", "m")
    assert isinstance(err, pc.ValidationError)
    assert isinstance(err, ValueError)
    assert type(pc.ValidationError.single("at", "m")) is pc.ValidationError


# --- problem details (RFC 9457) -----------------------------------------------------


def _details(err: pc.PerfcoreError) -> dict[str, Any]:
    """``err.to_problem()`` after a trip through JSON: it must be plain JSON."""
    found: dict[str, Any] = json.loads(json.dumps(err.to_problem(), allow_nan=False))
    return found


def test_a_validation_error_as_problem_details_lists_its_problems() -> None:
    err = pc.MalformedInput(
        [
            pc.Problem(path="Goal.title", message="must not be empty", code="empty"),
            pc.Problem(
                path="Goal.weight",
                message="must be at most 100, got 120",
                code="too_large",
                params={"maximum": 100, "actual": 120},
            ),
        ]
    )
    assert _details(err) == {
        "type": "/problems/malformed-input",
        "title": "Malformed input",
        "status": 422,
        "detail": "Goal.title: must not be empty; Goal.weight: must be at most 100, got 120",
        "problems": [
            {"path": "Goal.title", "code": "empty", "message": "must not be empty", "params": {}},
            {
                "path": "Goal.weight",
                "code": "too_large",
                "message": "must be at most 100, got 120",
                "params": {"actual": 120, "maximum": 100},
            },
        ],
    }


def test_tuple_params_become_json_lists() -> None:
    err = pc.MalformedInput.single("x", "m", code="repeated", params={"items": ("g1", "g2")})
    assert _details(err)["problems"][0]["params"] == {"items": ["g1", "g2"]}


@pytest.mark.parametrize(
    ("err", "kind", "status"),
    [
        (pc.ValidationError.single("x", "m"), "/problems/validation", 422),
        (pc.MalformedInput.single("x", "m"), "/problems/malformed-input", 422),
        (pc.ContentConflict.single("x", "m"), "/problems/content-conflict", 409),
        (pc.OutOfOrder.single("x", "m"), "/problems/out-of-order", 409),
        (pc.TransitionError("close", "appraisal", "no"), "/problems/transition", 409),
        (pc.PermissionDenied("close", EMPLOYEE, "no"), "/problems/permission-denied", 403),
        (pc.GuardError([AGREED]), "/problems/guard", 409),
        (pc.MissingDependency("f", "p", "e"), "/problems/missing-dependency", 500),
        (pc.PerfcoreError("no"), "/problems/error", 400),
    ],
    ids=lambda item: type(item).__name__ if isinstance(item, Exception) else "",
)
def test_each_kind_of_error_has_its_type_and_status(
    err: pc.PerfcoreError, kind: str, status: int
) -> None:
    details = _details(err)
    assert (details["type"], details["status"]) == (kind, status)
    assert details["detail"] == str(err)
    assert details["title"] == type(err).problem_title
    assert kind.startswith("/problems/")


def test_a_transition_error_as_problem_details_names_command_and_phase() -> None:
    details = _details(pc.TransitionError("close", "appraisal", "close is not allowed"))
    assert (details["command"], details["phase"]) == ("close", "appraisal")


def test_a_permission_denial_as_problem_details_names_the_actor_as_data() -> None:
    details = _details(pc.PermissionDenied("close", EMPLOYEE, "only the manager may close"))
    assert details["actor"] == {"person_id": "e-17", "role": "employee"}
    assert details["command"] == "close"
    assert details["detail"] == "only the manager may close"


def test_a_guard_error_as_problem_details_lists_its_blockers_with_codes() -> None:
    details = _details(pc.GuardError([AGREED, WEIGHTS]))
    assert details["blockers"] == [
        {
            "code": "goal_agreed",
            "phase": "goal_setting",
            "subject": "g2",
            "message": "goal 'g2' is not agreed by the employee",
        },
        {
            "code": "weights_total",
            "phase": "goal_setting",
            "subject": None,
            "message": "performance goal weights total 90, not 100",
        },
    ]


def test_a_missing_dependency_as_problem_details_names_the_extra() -> None:
    details = _details(pc.MissingDependency("to_frame", "pandas", "pandas"))
    assert (details["feature"], details["package"], details["extra"]) == (
        "to_frame",
        "pandas",
        "pandas",
    )


@given(st.lists(problems, max_size=4))
def test_problem_details_of_any_validation_error_are_json(items: list[pc.Problem]) -> None:
    details = _details(pc.ValidationError(items))
    assert [p["path"] for p in details["problems"]] == [p.path for p in items]
    assert [p["message"] for p in details["problems"]] == [p.message for p in items]


# --- docs/errors.md embeds the generated tables -------------------------------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
SECTIONS: dict[str, Callable[[], str]] = {
    "problem-types": problem_types_table,
    "problem-codes": problem_codes_table,
}


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN GENERATED: {name} -->\n", f"<!-- END GENERATED: {name} -->"


def _regenerated(text: str) -> str:
    for name, table in SECTIONS.items():
        begin, end = _markers(name)
        head, rest = text.split(begin)
        _, tail = rest.split(end)
        text = f"{head}{begin}{table()}{end}{tail}"
    return text


def write_generated_sections(path: Path = DOC) -> None:
    """Rewrite the generated tables of ``path`` (docs/errors.md) from the code."""
    path.write_text(_regenerated(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_docs_errors_md_embeds_the_generated_tables_verbatim() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in SECTIONS:
        begin, end = _markers(name)
        assert text.count(begin) == 1, f"{DOC} needs exactly one line {begin.strip()!r}"
        assert text.count(end) == 1, f"{DOC} needs exactly one line {end!r}"
    assert text == _regenerated(text), (
        f"The generated tables of {DOC} are out of date; regenerate them as the module says."
    )


def test_write_generated_sections_repairs_stale_tables(tmp_path: Path) -> None:
    stale = tmp_path / "errors.md"
    begin_types, end_types = _markers("problem-types")
    begin_codes, end_codes = _markers("problem-codes")
    stale.write_text(
        f"# T\n{begin_types}old\n{end_types}\nmid\n{begin_codes}{end_codes}\ntail\n",
        encoding="utf-8",
    )
    write_generated_sections(stale)
    assert stale.read_text(encoding="utf-8") == (
        f"# T\n{begin_types}{problem_types_table()}{end_types}\nmid\n"
        f"{begin_codes}{problem_codes_table()}{end_codes}\ntail\n"
    )


def test_the_tables_list_every_error_class_and_every_code() -> None:
    types = problem_types_table()
    for kind in (pc.ValidationError, pc.MalformedInput, pc.ContentConflict, pc.OutOfOrder):
        assert f"| `{kind.__name__}` | `{kind.problem_type}` |" in types
    codes = problem_codes_table()
    assert all(f"| `{code}` |" in codes for code in PROBLEM_CODES)
    assert len(codes.splitlines()) == len(PROBLEM_CODES) + 2
