"""Approval before release: the ratings pass each step of the cycle's route, or go back to draft."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import ApprovalStep, ApproveRatings, ReturnRatings
from perfcore.visibility import EVENT_PARTS, Part, view_cycle
from strategies import EMPLOYEE, HR, MANAGER

SKIP = pc.Role(name="skip_level_manager")
DIRECTOR = pc.Actor(person_id="dir-1", role=SKIP)
ROUTE = (
    ApprovalStep(name="skip_level", role=SKIP),
    ApprovalStep(name="hr_sign_off", role=pc.Role.HR),
)
POLICY = pc.Policy(
    permissions={
        **pc.DEFAULT_PERMISSIONS,
        "approve_ratings": frozenset({pc.Role.HR, SKIP}),
        "return_ratings": frozenset({pc.Role.HR, SKIP}),
    }
)


def rated(route: tuple[ApprovalStep, ...] = ROUTE) -> pc.Cycle:
    """Appraisal with the manager's ratings submitted (day 42), routed through ``route``."""
    cycle = b.appraisal_entered(pc.CycleSettings(approval_steps=route)).with_policy(POLICY)
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    return cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))


def approve(cycle: pc.Cycle, step: str, by: pc.Actor) -> pc.Cycle:
    return cycle.execute(ApproveRatings(step=step), by=by, at=max(b.when(43), cycle.last_event_at))


def codes(cycle: pc.Cycle, command: str, actor: pc.Actor) -> tuple[str, ...]:
    [entry] = [a for a in cycle.available_commands(actor, at=b.when(43)) if a.command == command]
    return entry.codes


def test_the_ratings_are_released_only_once_every_step_approved_in_order() -> None:
    cycle = rated()
    assert codes(cycle, "release_ratings", MANAGER) == ("approval_pending",)
    assert codes(cycle, "hold_feedback_discussion", MANAGER) == ("approval_pending",)
    with pytest.raises(pc.TransitionError, match="await approval at step 'skip_level'"):
        cycle.release_ratings(by=MANAGER, at=b.when(43))
    with pytest.raises(pc.ValidationError, match="await step 'skip_level', not 'hr_sign_off'"):
        approve(cycle, "hr_sign_off", HR)
    cycle = approve(cycle, "skip_level", DIRECTOR)
    assert cycle.next_approval == ROUTE[1]
    assert codes(cycle, "release_ratings", MANAGER) == ("approval_pending",)
    cycle = approve(cycle, "hr_sign_off", HR)
    assert [(a.step, a.actor) for a in cycle.approvals] == [
        ("skip_level", DIRECTOR),
        ("hr_sign_off", HR),
    ]
    released = cycle.release_ratings(by=MANAGER, at=b.when(43))
    assert released.ratings_released
    assert pc.Cycle.replay(released.events, policy=POLICY) == released


def test_a_return_sends_the_ratings_back_to_draft_until_the_manager_revises_them() -> None:
    cycle = approve(rated(), "skip_level", DIRECTOR)
    returned = cycle.execute(
        ReturnRatings(step="hr_sign_off", reason="No evidence for g1"), by=HR, at=b.when(43)
    )
    assert (returned.returned_at_step, returned.approvals, returned.ratings_released) == (
        "hr_sign_off",
        (),
        False,
    )
    for command, actor in (("release_ratings", MANAGER), ("approve_ratings", DIRECTOR)):
        assert codes(returned, command, actor) == ("ratings_returned",)
    revised = returned.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(44))
    assert (revised.returned_at_step, revised.next_approval) == (None, ROUTE[0])


@pytest.mark.parametrize(
    ("command", "actor", "problem"),
    [
        (ApproveRatings(step="nope"), DIRECTOR, "no approval step 'nope'"),
        (ApproveRatings(step="skip_level"), HR, "taken by role 'skip_level_manager', not 'hr'"),
        (ReturnRatings(step="skip_level", reason="x"), HR, "not 'hr'"),
    ],
)
def test_bad_approvals_name_the_step_and_change_nothing(
    command: pc.cycle.Command, actor: pc.Actor, problem: str
) -> None:
    cycle = rated()
    with pytest.raises(pc.ValidationError) as caught:
        cycle.execute(command, by=actor, at=b.when(43))
    [found] = caught.value.problems
    assert found.path.endswith(".step")
    assert problem in found.message
    assert cycle == rated()


def test_approving_twice_is_refused() -> None:
    both_hr = (ApprovalStep(name="hr_review", role=pc.Role.HR), ROUTE[1])
    cycle = approve(rated(both_hr), "hr_review", HR)
    with pytest.raises(pc.ValidationError, match="'hr' approved step 'hr_review'"):
        approve(cycle, "hr_sign_off", HR)  # the same person cannot take two steps
    other = pc.Actor(person_id="hr-2", role=pc.Role.HR)
    done = approve(cycle, "hr_sign_off", other)
    with pytest.raises(pc.TransitionError, match="every step approved"):
        approve(done, "hr_sign_off", other)
    with pytest.raises(pc.ValidationError):
        pc.cycle.ReturnRatings(step="hr_review")  # a return needs its reason


def test_without_a_route_nothing_waits_and_approval_is_refused() -> None:
    cycle = rated(())
    assert codes(cycle, "approve_ratings", HR) == ("no_approval_route",)
    assert cycle.release_ratings(by=MANAGER, at=b.when(43)).ratings_released


def test_the_route_is_part_of_the_draft_ratings_in_a_history() -> None:
    for event in (pc.cycle.RatingsApproved, pc.cycle.RatingsReturned):
        assert EVENT_PARTS[event] is Part.DRAFT_RATINGS
    released = approve(approve(rated(), "skip_level", DIRECTOR), "hr_sign_off", HR)
    released = released.release_ratings(by=MANAGER, at=b.when(43))
    assert "skip_level" not in repr(view_cycle(released, EMPLOYEE))
    assert view_cycle(released, EMPLOYEE).approvals == ()
    returned = approve(rated(), "skip_level", DIRECTOR).return_ratings(
        "hr_sign_off", reason="No evidence", by=HR, at=b.when(43)
    )
    for viewer in (MANAGER, HR):  # those who see the drafts see where they stand
        shown = view_cycle(returned, viewer)
        assert (shown.returned_at_step, shown.approvals) == ("hr_sign_off", ())
    assert view_cycle(returned, EMPLOYEE).returned_at_step is None


def test_a_route_is_checked_when_agreed() -> None:
    with pytest.raises(pc.MalformedInput, match="more than once"):
        pc.CycleSettings(approval_steps=(ROUTE[1], ROUTE[1]))
    with pytest.raises(pc.MalformedInput, match="the employee approves no step"):
        pc.CycleSettings(approval_steps=(ApprovalStep(name="self", role=pc.Role.EMPLOYEE),))


Move = tuple[str, str]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["approve", "return", "revise", "release"]), max_size=12))
def test_release_needs_every_approval_and_a_return_always_brings_back_the_draft(
    moves: list[str],
) -> None:
    cycle = rated()
    approvers = {"skip_level": DIRECTOR, "hr_sign_off": HR}
    day = 43
    for move in moves:
        step = cycle.next_approval
        before = cycle
        try:
            if move == "approve" and step is not None:
                cycle = approve(cycle, step.name, approvers[step.name])
            elif move == "return" and step is not None:
                command = ReturnRatings(step=step.name, reason="Check again")
                cycle = cycle.execute(command, by=approvers[step.name], at=b.when(day))
                assert cycle.returned_at_step == step.name
                assert (cycle.approvals, cycle.ratings_released) == ((), False)
            elif move == "revise":
                cycle = cycle.submit_manager_assessment(
                    b.manager_assessment(), by=MANAGER, at=b.when(day), reason="Revised"
                )
                assert (cycle.approvals, cycle.returned_at_step) == ((), None)
            elif move == "release":
                cycle = cycle.release_ratings(by=MANAGER, at=b.when(day))
                assert {a.step for a in before.approvals} == {s.name for s in ROUTE}
                assert before.returned_at_step is None
        except pc.PerfcoreError:
            assert cycle == before
            if move == "release":
                assert (
                    before.ratings_released
                    or before.next_approval is not None
                    or (before.returned_at_step is not None)
                )
    assert pc.Cycle.replay(cycle.events, policy=POLICY) == cycle
