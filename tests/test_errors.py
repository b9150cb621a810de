"""Tests for perfcore.errors: the error hierarchy and the Problem record."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.cycle.conditions import Blocker
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


def test_permission_denied_names_command_and_actor() -> None:
    err = pc.PermissionDenied("close", "e-17 (employee)", "only the manager may close")
    assert err.command == "close"
    assert err.actor == "e-17 (employee)"
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
    pc.PermissionDenied("close", "e-17 (employee)", "only the manager may close"),
    pc.GuardError([AGREED, WEIGHTS]),
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
            pc.Problem(path="Goal.id", message="is required"),
            pc.Problem(path="Goal.title", message="x"),
        ]
    )
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own data
    assert again.problems == err.problems


def test_a_pickled_guard_error_keeps_its_codes() -> None:
    again = pickle.loads(pickle.dumps(pc.GuardError([AGREED])))  # noqa: S301 - our own data
    assert again.codes == ("goal_agreed",)
    assert again.blockers == (AGREED,)


def test_a_missing_dependency_names_the_extra_to_install() -> None:
    err = pc.MissingDependency("nine_box_figure", "matplotlib", "plot")
    assert isinstance(err, ImportError)
    assert err.name == "matplotlib"
    assert "pip install 'perfcore[plot]'" in str(err)
