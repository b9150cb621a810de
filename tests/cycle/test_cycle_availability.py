"""available_commands says enabled exactly when execute would accept, and why not otherwise."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import _decide, permissions
from perfcore.cycle import commands as c
from perfcore.cycle.availability import REASON_CODES
from perfcore.testing import strategies as ts
from perfcore.testing._scoring import DEFAULT_REGISTRY, LENIENT_SCORING
from strategies import EMPLOYEE, HR, MANAGER, Run, cycle_runs

STRANGERS = (
    pc.Actor(person_id="someone", role=pc.Role.EMPLOYEE),
    pc.Actor(person_id="someone", role=pc.Role.MANAGER),
    pc.Actor(person_id=ts.EMPLOYEE.person_id, role=pc.Role.HR),
    pc.Actor(person_id="coach-1", role=pc.Role(name="coach")),
)
ACTORS = (ts.EMPLOYEE, ts.MANAGER, ts.HR, *STRANGERS)

_CONTENT_FREE: dict[type[c.Command], c.Command] = {
    c.ShareSelfAssessment: c.ShareSelfAssessment(),
    c.ReleaseRatings: c.ReleaseRatings(),
    c.Acknowledge: c.Acknowledge(),
    c.Dispute: c.Dispute(reason="Too low"),
    c.ResolveDispute: c.ResolveDispute(outcome=pc.DisputeOutcome.UPHELD, reason="Reviewed"),
    c.AdvancePhase: c.AdvancePhase(),
    c.Cancel: c.Cancel(reason="Left the company"),
    c.Close: c.Close(),
}


def _availability(cycle: pc.Cycle, actor: pc.Actor, at: dt.datetime) -> dict[str, pc.Availability]:
    return {entry.command: entry for entry in cycle.available_commands(actor, at=at)}


def _refusal(
    cycle: pc.Cycle, command: c.Command, actor: pc.Actor, at: dt.datetime
) -> pc.PerfcoreError | None:
    try:
        cycle.execute(command, by=actor, at=at)
    except pc.PerfcoreError as error:
        return error
    return None


def _accepts(cycle: pc.Cycle, command: c.Command, actor: pc.Actor, at: dt.datetime) -> bool:
    return _refusal(cycle, command, actor, at) is None


def _trivial(cycle: pc.Cycle, kind: type[c.Command], at: dt.datetime) -> c.Command | None:
    """The content-free command, or one with content that fits the cycle; ``None`` if none."""
    if kind in _CONTENT_FREE:
        return _CONTENT_FREE[kind]
    if kind is c.HoldFeedbackDiscussion:
        discussion = pc.FeedbackDiscussion(held_on=at.date(), summary="Went through all goals")
        return c.HoldFeedbackDiscussion(discussion=discussion)
    if kind is c.RecordScore:
        try:
            return c.RecordScore(score=cycle.compute_score(LENIENT_SCORING, DEFAULT_REGISTRY))
        except pc.PerfcoreError:
            return None
    if kind is c.AdjustScore and cycle.score is not None:
        value = next(v for v in (0.25, 0.5, 0.75, 1.0) if v != cycle.effective_score)
        return c.AdjustScore(
            value=value,
            replaces=cycle.score.value,
            kind=pc.AdjustmentKind.CALIBRATION,
            reason="Calibrated",
        )
    return None


def _refused_as_first_reason(error: pc.PerfcoreError, entry: pc.Availability) -> None:
    """``error`` is the refusal the first of ``entry``'s reasons describes."""
    first = entry.reasons[0]
    if first.code == "wrong_phase":
        assert isinstance(error, pc.TransitionError)
        assert str(error) == first.message
    elif first.code in {"not_permitted", "not_your_cycle", "own_cycle"}:
        assert isinstance(error, pc.PermissionDenied)
        assert str(error) == first.message
    elif first.code == "too_early":
        assert isinstance(error, pc.OutOfOrder)
        assert error.problems[0].message == first.message
    elif first.code == "nothing_to_waive":
        # Every code is refused on its own grounds: unknown, met-only, or already waived.
        assert isinstance(error, pc.ContentConflict)
    elif first.code == "blocked":
        assert isinstance(error, pc.GuardError)
        assert tuple(dict.fromkeys(error.codes)) == first.params["blockers"]
        assert str(error) == first.message
    else:
        assert isinstance(error, pc.TransitionError)
        assert str(error) == first.message


@given(
    cycle=ts.cycles(),
    actor=st.sampled_from(ACTORS),
    hours=st.integers(-48, 24 * 120),
)
def test_enabled_exactly_when_execute_accepts_a_content_free_command(
    cycle: pc.Cycle, actor: pc.Actor, hours: int
) -> None:
    at = cycle.last_event_at + dt.timedelta(hours=hours)
    available = _availability(cycle, actor, at)
    assert list(available) == [row.command.NAME for row in c.COMMANDS]
    for row in c.COMMANDS:
        entry = available[row.command.NAME]
        assert entry.enabled is (entry.reasons == ())
        assert all(reason.code in REASON_CODES for reason in entry.reasons)
        command = _trivial(cycle, row.command, at)
        if command is None:
            continue
        error = _refusal(cycle, command, actor, at)
        if error is None:
            assert entry.enabled, (row.command.NAME, entry.reasons)
        else:
            assert not entry.enabled, (row.command.NAME, error)
            _refused_as_first_reason(error, entry)


@given(
    cycle=ts.cycles(),
    actor=st.sampled_from(ACTORS),
    hours=st.integers(-48, 24 * 120),
)
def test_waive_is_enabled_exactly_when_some_condition_may_be_waived(
    cycle: pc.Cycle, actor: pc.Actor, hours: int
) -> None:
    at = cycle.last_event_at + dt.timedelta(hours=hours)
    entry = _availability(cycle, actor, at)["waive_condition"]
    accepted = [
        condition.code
        for condition in pc.CONDITIONS
        if _accepts(cycle, c.WaiveCondition(code=condition.code, reason="Leave"), actor, at)
    ]
    assert entry.enabled is bool(accepted)


@given(cycle_runs(max_steps=40))
def test_a_disabled_command_is_refused_for_its_first_reason_whatever_its_content(
    run: Run,
) -> None:
    for step in run.steps:
        entry = _availability(step.before, step.actor, step.at)[step.command.NAME]
        if not entry.enabled:
            assert step.error is not None, (step.command, entry.reasons)
            _refused_as_first_reason(step.error, entry)
        elif step.error is not None:
            # Enabled: only the command's content may be refused.
            assert isinstance(step.error, pc.ContentConflict), (step.command, step.error)


def test_an_employee_sees_what_they_may_do_in_goal_setting() -> None:
    cycle = b.started()
    employee = pc.Actor(person_id=cycle.employee_id, role=pc.Role.EMPLOYEE)
    available = _availability(cycle, employee, b.when(1))
    assert available["propose_goal"].enabled
    assert available["agree_goals"].enabled
    assert available["record_check_in"].codes == ("wrong_phase",)
    assert available["record_check_in"].reasons[0].params == {
        "phase": "goal_setting",
        "allowed": ("implementation",),
    }
    # not the employee's to issue: the blockers are not shown through it
    assert available["advance_phase"].codes == ("not_permitted",)
    assert available["advance_phase"].reasons[0].params == {
        "role": "employee",
        "allowed": ("hr", "manager"),
    }


def test_reasons_name_identity_clock_and_blockers() -> None:
    cycle = b.started()
    other = pc.Actor(person_id="m-other", role=pc.Role.MANAGER)
    manager = pc.Actor(person_id=cycle.manager_id, role=pc.Role.MANAGER)
    assert _availability(cycle, other, b.when(1))["propose_goal"].codes == ("not_your_cycle",)
    early = cycle.last_event_at - dt.timedelta(days=1)
    assert _availability(cycle, manager, early)["propose_goal"].codes == ("too_early",)
    advance = _availability(cycle, manager, b.when(1))["advance_phase"]
    assert advance.codes == ("blocked",)
    assert advance.reasons[0].params["blockers"] == ("goals_present",)
    assert advance.reasons[0].as_dict()["params"] == {"blockers": ["goals_present"]}


def test_available_commands_refuses_what_is_not_an_actor_or_a_moment() -> None:
    cycle = b.started()
    with pytest.raises(pc.MalformedInput):
        cycle.available_commands("hr", at=b.when(1))  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError):
        cycle.available_commands(ts.HR, at=dt.datetime(2026, 1, 5))  # noqa: DTZ001


def test_the_records_are_validated_and_give_plain_data() -> None:
    with pytest.raises(pc.MalformedInput, match="exactly when there are no reasons"):
        pc.Availability(command="close", enabled=False)
    reason = pc.Reason(code="too_early", message="earlier", params={"last": "2026-01-05"})
    with pytest.raises(pc.MalformedInput, match="exactly when there are no reasons"):
        pc.Availability(command="close", enabled=True, reasons=(reason,))
    with pytest.raises(pc.MalformedInput, match="plain value or a tuple of strings"):
        pc.Reason(code="blocked", message="blocked", params={"blockers": ["goal_rated"]})
    greyed = pc.Availability(command="close", enabled=False, reasons=(reason,))
    assert greyed.as_dict() == {
        "command": "close",
        "enabled": False,
        "reasons": [{"code": "too_early", "message": "earlier", "params": {"last": "2026-01-05"}}],
    }


def _codes_written_in(module: types.ModuleType) -> set[str]:
    """The string literals a module passes first to ``Unmet(...)`` or returns as a refusal."""
    tree = ast.parse(inspect.getsource(module))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Unmet":
            first = node.args[0]
            assert isinstance(first, ast.Constant)
            assert isinstance(first.value, str)
            found.add(first.value)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            first = node.value.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def test_reason_codes_lists_exactly_the_codes_the_rules_give() -> None:
    written = _codes_written_in(_decide) | _codes_written_in(permissions)
    assert written | {"wrong_phase", "too_early"} == set(REASON_CODES)


def _why(cycle: pc.Cycle, actor: pc.Actor, day: int, command: str) -> tuple[str, ...]:
    return _availability(cycle, actor, b.when(day))[command].codes


def test_the_appraisal_buttons_follow_the_appraisal_step_by_step() -> None:
    employee, manager, hr = EMPLOYEE, MANAGER, HR
    cycle = b.appraisal_entered()
    # Nothing to release, score, discuss or answer before the manager's assessment.
    assert _why(cycle, manager, 41, "release_ratings") == ("no_manager_assessment",)
    assert _why(cycle, manager, 41, "record_score") == ("no_manager_assessment",)
    assert _why(cycle, manager, 41, "hold_feedback_discussion") == ("no_manager_assessment",)
    assert _why(cycle, hr, 41, "adjust_score") == ("no_recorded_score",)
    assert _why(cycle, employee, 41, "acknowledge") == (
        "no_feedback_discussion",
        "ratings_not_released",
    )
    assert _why(cycle, hr, 41, "resolve_dispute") == ("no_open_dispute",)
    assert _why(cycle, employee, 41, "share_self_assessment") == ("no_draft_self_assessment",)
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=manager, at=b.when(42))
    assert _why(cycle, manager, 42, "release_ratings") == ()
    assert _why(cycle, employee, 42, "dispute") == (
        "no_feedback_discussion",
        "ratings_not_released",
    )
    cycle = cycle.release_ratings(by=manager, at=b.when(42))
    assert _why(cycle, manager, 42, "release_ratings") == ("nothing_to_release",)
    discussion = pc.FeedbackDiscussion(held_on=b.when(43).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(discussion, by=manager, at=b.when(43))
    assert _why(cycle, employee, 43, "acknowledge") == ()
    assert _why(cycle, employee, 43, "dispute") == ()
    cycle = cycle.dispute(reason="Too low", by=employee, at=b.when(44))
    assert _why(cycle, employee, 44, "acknowledge") == ("already_answered",)
    assert _why(cycle, hr, 44, "resolve_dispute") == ()
    assert _why(cycle, manager, 44, "submit_manager_assessment") == ("appraisal_settled",)
    advance = _availability(cycle, manager, b.when(44))["advance_phase"]
    assert advance.codes == ("blocked",)
    assert advance.reasons[0].params["blockers"] == (
        "competency_rated",
        "self_assessment",
        "root_cause",
        "dispute_resolved",
    )


@given(ts.cycles(), st.sampled_from(ACTORS), st.integers(-2, 30))
def test_whoever_may_not_issue_a_command_learns_no_state_through_it(
    cycle: pc.Cycle, actor: pc.Actor, days: int
) -> None:
    """A refused actor sees the phase and the refusal, never the clock or the preconditions."""
    at = cycle.last_event_at + dt.timedelta(days=days)
    refused = {"not_permitted", "not_your_cycle", "own_cycle"}
    for availability in cycle.available_commands(actor, at=at):
        codes = set(availability.codes)
        if codes & refused:
            assert codes <= refused | {"wrong_phase"}, availability
