"""A loaded history is one the commands could have produced.

Replay (and so loading a stored cycle) re-decides every event by the rules of
the command that records it. A forger who edits the events and regenerates the
snapshot to match is refused at the first edited event, with the reason the
command would have been refused; an edit that commands could have made loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from growth import LINEAR, growth
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle._rebuild import COMMAND_OF
from perfcore.improvement import PracticeRecord
from perfcore.serialization import make_converter
from strategies import ALL_ACTORS, EMPLOYEE, HR, MANAGER, Run, cycle_runs

CONV = make_converter()
STRANGER = pc.Actor(person_id="someone-else", role=pc.Role.MANAGER)


# --- helpers ------------------------------------------------------------------------------


def renumbered(events: Sequence[e.Event]) -> list[e.Event]:
    """``events`` with each ``sequence`` set to its position, as a forger would."""
    return [
        event if event.sequence == index else attrs.evolve(event, sequence=index)
        for index, event in enumerate(events)
    ]


def forged(original: pc.Cycle, events: Sequence[e.Event]) -> dict[str, Any]:
    """The stored cycle with ``events`` in place of its history and a snapshot to match.

    The snapshot is what the events produce when trusted; when even the trusted
    path refuses them, the original snapshot is kept (loading refuses the events
    before it compares any state).
    """
    try:
        snapshot = pc.Cycle.replay(events, verify=False)
    except pc.ValidationError:
        snapshot = original
    data: dict[str, Any] = CONV.unstructure(snapshot)
    data["events"] = [CONV.unstructure(event, e.Event) for event in events]
    return data


def refusal(data: dict[str, Any]) -> pc.ValidationError:
    with pytest.raises(pc.ValidationError) as info:
        CONV.structure(data, pc.Cycle)
    return info.value


def refused_at(original: pc.Cycle, events: Sequence[e.Event], path: str, phrase: str) -> None:
    """Loading ``events`` (snapshot regenerated) and replaying them are refused at ``path``."""
    error = refusal(forged(original, events))
    assert error.paths[0] == f"$.{path}", error.problems
    assert phrase in error.problems[0].message, error.problems
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.replay(events)
    assert info.value.paths[0] == path, info.value.problems


def appended(
    cycle: pc.Cycle,
    kind: type[e.Event],
    actor: pc.Actor,
    **fields: Any,
) -> list[e.Event]:
    """The cycle's history with one more event, written by hand."""
    event = kind(
        cycle_id=cycle.id,
        sequence=len(cycle.events),
        actor=actor,
        at=cycle.events[-1].at + dt.timedelta(days=1),
        **fields,
    )
    return [*cycle.events, event]


# --- the table of commands is complete ----------------------------------------------------


def test_every_event_type_has_a_rule_for_rebuilding_its_command() -> None:
    """A new event type fails here until replay knows which command records it."""
    assert set(COMMAND_OF) == set(e.EVENT_TYPES) - {e.CycleStarted}


def test_each_rule_rebuilds_the_command_that_records_the_event() -> None:
    """Over the histories of the builders, every rebuilt command records its event again."""
    seen: set[type[e.Event]] = set()
    histories = (
        b.closed(),
        b.formal_plan_started(),
        _cancelled(),
        _waived_and_revised(),
        _practice_and_answer(),
        _routed(),
    )
    for cycle in histories:
        for before, event in zip(
            (pc.Cycle.replay(cycle.events[:i]) for i in range(1, len(cycle.events))),
            cycle.events[1:],
            strict=True,
        ):
            command = COMMAND_OF[type(event)](event)
            after = before.execute(command, by=event.actor, at=event.at)
            assert after.events[-1] == event
            seen.add(type(event))
    assert len(seen) >= len(COMMAND_OF) - 8  # the builders' histories cover most event types


def _routed() -> pc.Cycle:
    """A call for HR's help answered; ratings returned at HR's sign-off, revised, approved."""
    sign_off = pc.cycle.ApprovalStep(name="hr_sign_off", role=pc.Role.HR)
    cycle = b.implementation_ready(pc.CycleSettings(approval_steps=(sign_off,)))
    talk = pc.CheckIn(
        id="ci2", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(35).date(), hr_help_wanted=True
    )
    cycle = cycle.record_check_in(talk, by=MANAGER, at=b.when(35))
    cycle = cycle.answer_signal(
        "ci2", pc.improvement.SignalKind.HR_HELP, response="On it", by=HR, at=b.when(36)
    )
    cycle = cycle.advance(by=MANAGER, at=b.when(40))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    cycle = cycle.return_ratings("hr_sign_off", reason="No evidence", by=HR, at=b.when(42))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(43))
    cycle = cycle.approve_ratings("hr_sign_off", by=HR, at=b.when(44))
    return cycle.release_ratings(by=MANAGER, at=b.when(44))


def _practice_and_answer() -> pc.Cycle:
    """A practice recorded for the exceeded g2, and the employee's answer to a follow-up."""
    cycle = b.improvement_ready()
    cycle = cycle.record_practice(
        PracticeRecord(goal_id="g2", what_worked="Pair reviews"), by=MANAGER, at=b.when(60)
    )
    return cycle.answer_follow_up("a1", agrees=True, by=EMPLOYEE, at=b.when(60))


def _cancelled() -> pc.Cycle:
    return b.implementation_ready().cancel(reason="Role eliminated", by=HR, at=b.when(31))


def _waived_and_revised() -> pc.Cycle:
    cycle = b.goal_setting_ready()
    cycle = cycle.revise_goal(
        b.sales_goal(parent_id=None), reason="Not tied to an objective", by=MANAGER, at=b.when(5)
    )
    cycle = cycle.withdraw_goal("g3", reason="Dropped", by=MANAGER, at=b.when(5))
    cycle = b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(6))
    return cycle.waive("goal_aligned", reason="New role", by=HR, at=b.when(6))


# --- worked examples: the forged histories of the issue -----------------------------------


def test_a_jump_from_goal_setting_to_closed_is_refused() -> None:
    ready = b.goal_setting_ready()
    jump = appended(
        ready, e.PhaseAdvanced, MANAGER, from_phase=pc.Phase.GOAL_SETTING, to_phase=pc.Phase.CLOSED
    )
    refused_at(ready, jump, f"events[{len(ready.events)}].to_phase", "its command records")
    closing = appended(ready, e.CycleClosed, MANAGER)
    refused_at(ready, closing, f"events[{len(ready.events)}]", "expects phase improvement")


def test_a_closed_cycle_is_neither_reopened_nor_cancelled() -> None:
    closed = b.closed()
    reopened = appended(
        closed, e.PhaseAdvanced, MANAGER, from_phase=pc.Phase.CLOSED, to_phase=pc.Phase.IMPROVEMENT
    )
    at = f"events[{len(closed.events)}]"
    refused_at(closed, reopened, at, "advance_phase is not allowed in phase closed")
    cancelled = appended(
        closed, e.CycleCancelled, HR, from_phase=pc.Phase.CLOSED, reason="Reopened by hand"
    )
    refused_at(closed, cancelled, at, "cancel is not allowed in phase closed")


def test_no_goal_is_added_after_close() -> None:
    closed = b.closed()
    late = appended(closed, e.GoalProposed, MANAGER, goal=b.sales_goal(id="g9"))
    refused_at(closed, late, f"events[{len(closed.events)}]", "propose_goal is not allowed")


def test_the_manager_does_not_agree_goals_for_the_employee() -> None:
    cycle = b.goal_setting_ready()
    events = list(cycle.events)
    agreed = events[-1]
    assert isinstance(agreed, e.GoalsAgreed)
    events[-1] = attrs.evolve(agreed, actor=MANAGER)
    refused_at(cycle, events, f"events[{len(events) - 1}]", "role 'manager' may not agree_goals")


def test_two_goals_do_not_share_an_id() -> None:
    cycle = b.goal_setting_ready()
    events = list(cycle.events)
    second = events[2]
    assert isinstance(second, e.GoalProposed)
    events[2] = attrs.evolve(second, goal=attrs.evolve(second.goal, id="g1"))
    refused_at(cycle, events, "events[2].goal.id", "already exists")


def test_a_start_does_not_carry_two_goals_with_one_id() -> None:
    cycle = b.started()
    started = cycle.events[0]
    assert isinstance(started, e.CycleStarted)
    twice = attrs.evolve(
        started, previous_cycle_id="c0", carried_goals=(b.learning_goal(), b.learning_goal())
    )
    refused_at(cycle, [twice], "events[0].carried_goals", "more than one item with id 'g3'")


def test_a_stranger_is_not_an_actor() -> None:
    cycle = b.implementation_ready()
    events = list(cycle.events)
    check_in = events[-1]
    assert isinstance(check_in, e.CheckInRecorded)
    events[-1] = attrs.evolve(check_in, actor=STRANGER)
    refused_at(cycle, events, f"events[{len(events) - 1}]", "is not this cycle's manager")
    started = events[0]
    assert isinstance(started, e.CycleStarted)
    events = [attrs.evolve(started, actor=pc.Actor(person_id="x", role=pc.Role.EMPLOYEE))]
    refused_at(cycle, events, "events[0].actor", "may not start_cycle")


def test_the_employee_does_not_write_the_managers_assessment() -> None:
    cycle = b.appraisal_ready()
    events = list(cycle.events)
    index = next(i for i, ev in enumerate(events) if isinstance(ev, e.ManagerAssessmentSubmitted))
    events[index] = attrs.evolve(events[index], actor=EMPLOYEE)
    refused_at(cycle, events, f"events[{index}]", "role 'employee' may not submit_manager")


def test_an_off_scale_rating_is_refused() -> None:
    cycle = b.appraisal_ready()
    events = list(cycle.events)
    index = next(i for i, ev in enumerate(events) if isinstance(ev, e.ManagerAssessmentSubmitted))
    submitted = events[index]
    assert isinstance(submitted, e.ManagerAssessmentSubmitted)
    first = submitted.assessment.goal_ratings[0]
    off_scale = attrs.evolve(first, rating=attrs.evolve(first.rating, value=9))
    assessment = attrs.evolve(
        submitted.assessment, goal_ratings=(off_scale, *submitted.assessment.goal_ratings[1:])
    )
    events[index] = attrs.evolve(submitted, assessment=assessment)
    refused_at(
        cycle,
        events,
        f"events[{index}].assessment.goal_ratings[0].rating.value",
        "is off the scale",
    )


def test_an_advance_past_an_unmet_condition_is_refused_but_a_recorded_waiver_counts() -> None:
    cycle = b.goal_setting_ready()
    cycle = cycle.revise_goal(
        b.sales_goal(parent_id=None), reason="Not tied to an objective", by=MANAGER, at=b.when(5)
    )
    cycle = b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(6))
    forced = appended(
        cycle,
        e.PhaseAdvanced,
        MANAGER,
        from_phase=pc.Phase.GOAL_SETTING,
        to_phase=pc.Phase.IMPLEMENTATION,
    )
    refused_at(cycle, forced, f"events[{len(cycle.events)}]", "is not aligned")
    waived = cycle.waive("goal_aligned", reason="New role", by=HR, at=b.when(7))
    advanced = waived.advance(by=MANAGER, at=b.when(8))
    assert CONV.structure(CONV.unstructure(advanced), pc.Cycle) == advanced


def test_an_edit_the_commands_could_have_made_loads() -> None:
    cycle = b.closed()
    shorter = list(cycle.events[:-1])  # the history before closing
    assert CONV.structure(forged(cycle, shorter), pc.Cycle) == pc.Cycle.replay(shorter)
    events = list(cycle.events)
    index = next(i for i, ev in enumerate(events) if isinstance(ev, e.PhaseAdvanced))
    events[index] = attrs.evolve(events[index], actor=HR)  # HR may advance as well
    assert first_unproducible(events) is None
    assert CONV.structure(forged(cycle, events), pc.Cycle).events == tuple(events)


def test_a_refusal_changes_nothing_and_the_trusted_path_still_loads_the_envelope() -> None:
    closed = b.closed()
    reopened = appended(
        closed, e.PhaseAdvanced, MANAGER, from_phase=pc.Phase.CLOSED, to_phase=pc.Phase.IMPROVEMENT
    )
    before = list(reopened)
    with pytest.raises(pc.ValidationError):
        pc.Cycle.replay(reopened)
    assert reopened == before
    trusted = pc.Cycle.replay(reopened, verify=False)  # the trusted path checks less
    assert trusted.phase is pc.Phase.IMPROVEMENT
    assert pc.Cycle.replay(closed.events, verify=False) == closed


def test_replay_uses_the_policy_it_is_given() -> None:
    coach = pc.Actor(person_id="coach-1", role=pc.Role(name="coach"))
    table = dict(pc.cycle.DEFAULT_PERMISSIONS)
    table["record_check_in"] = frozenset({pc.Role.MANAGER, coach.role})
    policy = pc.cycle.Policy(permissions=table)
    cycle = b.implementation_ready().with_policy(policy)
    note = pc.CheckIn(
        id="ci2", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(31).date(), summary="ok"
    )
    coached = cycle.record_check_in(note, by=coach, at=b.when(31))
    assert pc.Cycle.replay(coached.events, policy=policy) == coached
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.replay(coached.events)
    assert info.value.paths == (f"events[{len(coached.events) - 1}]",)
    data = CONV.unstructure(coached)  # the policy is not stored: the app passes it again
    assert refusal(data).paths == (f"$.events[{len(coached.events) - 1}]",)
    loaded = make_converter(policy=policy).structure(data, pc.Cycle)
    assert loaded == coached
    assert loaded.policy == policy


def test_a_trusted_converter_checks_only_the_envelope() -> None:
    closed = b.closed()
    reopened = appended(
        closed, e.PhaseAdvanced, MANAGER, from_phase=pc.Phase.CLOSED, to_phase=pc.Phase.IMPROVEMENT
    )
    document = forged(closed, reopened)
    assert refusal(document).paths[0] == f"$.events[{len(closed.events)}]"
    trusted = make_converter(verify=False)
    assert trusted.structure(document, pc.Cycle).phase is pc.Phase.IMPROVEMENT
    document["events"][-1]["sequence"] = 99
    with pytest.raises(pc.ValidationError) as info:
        trusted.structure(document, pc.Cycle)
    assert info.value.paths == (f"$.events[{len(closed.events)}].sequence",)
    with pytest.raises(pc.ValidationError, match="policy"):
        make_converter(policy="default")  # type: ignore[arg-type]


# --- property: edited histories load only if the commands could produce them -------------

_COMMANDS: dict[type[e.Event], type[c.Command]] = {
    e.GoalProposed: c.ProposeGoal,
    e.GoalRevised: c.ReviseGoal,
    e.GoalWithdrawn: c.WithdrawGoal,
    e.GoalAligned: c.AlignGoal,
    e.GoalsAgreed: c.AgreeGoals,
    e.CheckInRecorded: c.RecordCheckIn,
    e.SelfAssessmentSubmitted: c.SubmitSelfAssessment,
    e.SelfAssessmentShared: c.ShareSelfAssessment,
    e.ManagerAssessmentSubmitted: c.SubmitManagerAssessment,
    e.CompetencyAssessed: c.SubmitCompetencyAssessment,
    e.RootCauseRecorded: c.RecordRootCause,
    e.ScoreRecorded: c.RecordScore,
    e.RatingsReleased: c.ReleaseRatings,
    e.RatingsApproved: c.ApproveRatings,
    e.SignalAnswered: c.AnswerSignal,
    e.RatingsReturned: c.ReturnRatings,
    e.FeedbackDiscussionHeld: c.HoldFeedbackDiscussion,
    e.AppraisalAcknowledged: c.Acknowledge,
    e.AppraisalDisputed: c.Dispute,
    e.DisputeResolved: c.ResolveDispute,
    e.ImprovementActionAdded: c.AddImprovementAction,
    e.FollowUpRecorded: c.RecordFollowUp,
    e.FormalPlanStarted: c.StartFormalPlan,
    e.FormalReviewRecorded: c.RecordFormalReview,
    e.PhaseAdvanced: c.AdvancePhase,
    e.ConditionWaived: c.WaiveCondition,
    e.CycleCancelled: c.Cancel,
    e.CycleClosed: c.Close,
}
_ENVELOPE = {"cycle_id", "sequence", "actor", "at"}
_DERIVED = {"from_phase", "to_phase"}  # what the cycle decides, not the command
_RENAMED = {"shared": "share"}


def first_unproducible(events: Sequence[e.Event]) -> int | None:  # noqa: PLR0911 - one per way to fail
    """Re-execute ``events`` command by command through the public API.

    The index of the first event no command run there records, or ``None`` when
    every event is what its command records. Written independently of replay.
    """
    start = events[0]
    if not isinstance(start, e.CycleStarted) or start.sequence != 0:
        return 0
    try:
        cycle = pc.Cycle.start(
            cycle_id=start.cycle_id,
            employee_id=start.employee_id,
            manager_id=start.manager_id,
            period=start.period,
            by=start.actor,
            at=start.at,
            scale=start.scale,
            check_in_every_days=start.check_in_every_days,
            profile=start.profile,
            reason=start.reason,
        )
    except pc.PerfcoreError:
        return 0
    if start.carried_goals or start.carried_actions or start.previous_cycle_id:
        return 0  # not drawn here
    for index, event in enumerate(events[1:], start=1):
        kind = _COMMANDS.get(type(event))
        if kind is None:
            return index
        fields = {
            _RENAMED.get(f.name, f.name): getattr(event, f.name)
            for f in attrs.fields(type(event))
            if f.name not in _ENVELOPE | _DERIVED
        }
        try:
            cycle = cycle.execute(kind(**fields), by=event.actor, at=event.at)
        except pc.PerfcoreError:
            return index
        if cycle.events[-1] != event:
            return index
    return None


Edit = Callable[[st.DataObject, list[e.Event]], list[e.Event]]


def _mutate(data: st.DataObject, events: list[e.Event]) -> list[e.Event]:
    index = data.draw(st.integers(1, len(events) - 1))
    event = events[index]
    choices: list[Callable[[], e.Event]] = [
        lambda: attrs.evolve(event, at=event.at + dt.timedelta(days=data.draw(st.integers(-3, 3)))),
        lambda: attrs.evolve(event, reason=data.draw(st.sampled_from([None, "Edited later"]))),
    ]
    if isinstance(event, e.PhaseAdvanced):
        choices.append(
            lambda: attrs.evolve(event, to_phase=data.draw(st.sampled_from(list(pc.Phase))))
        )
    if isinstance(event, e.GoalProposed | e.GoalRevised):
        choices.append(
            lambda: attrs.evolve(
                event, goal=attrs.evolve(event.goal, weight=data.draw(st.integers(0, 100)))
            )
        )
    if isinstance(event, e.GoalsAgreed):
        choices.append(lambda: attrs.evolve(event, goal_ids=event.goal_ids[::-1][:1]))
    with contextlib.suppress(pc.ValidationError):  # an edit that is not even an event
        events[index] = data.draw(st.sampled_from(choices))()
    return events


def _insert(data: st.DataObject, events: list[e.Event]) -> list[e.Event]:
    copied = events[data.draw(st.integers(1, len(events) - 1))]
    where = data.draw(st.integers(1, len(events)))
    events.insert(where, copied)
    return renumbered(events)


def _drop(data: st.DataObject, events: list[e.Event]) -> list[e.Event]:
    del events[data.draw(st.integers(1, len(events) - 1))]
    return renumbered(events)


def _reattribute(data: st.DataObject, events: list[e.Event]) -> list[e.Event]:
    index = data.draw(st.integers(0, len(events) - 1))
    others = [actor for actor in ALL_ACTORS if actor != events[index].actor]
    events[index] = attrs.evolve(events[index], actor=data.draw(st.sampled_from(others)))
    return events


def _reorder(data: st.DataObject, events: list[e.Event]) -> list[e.Event]:
    index = data.draw(st.integers(1, len(events) - 2))
    first, second = events[index], events[index + 1]
    events[index] = attrs.evolve(second, at=first.at)
    events[index + 1] = attrs.evolve(first, at=second.at)
    return renumbered(events)


EDITS: dict[str, Edit] = {
    "mutate": _mutate,
    "insert": _insert,
    "drop": _drop,
    "reattribute": _reattribute,
    "reorder": _reorder,
}


@given(run=cycle_runs(max_steps=40), edit=st.sampled_from(sorted(EDITS)), data=st.data())
def test_an_edited_history_loads_only_if_commands_could_produce_it(
    run: Run, edit: str, data: st.DataObject
) -> None:
    events = list(run.cycle.events)
    if len(events) < 3:
        events = list(b.implementation_ready().events)
    original = pc.Cycle.replay(events)
    edited = EDITS[edit](data, list(events))
    expected = first_unproducible(edited)
    hypothesis.event(f"{edit}: {'refused' if expected is not None else 'loads'}")
    document = forged(original, edited)
    if expected is None:
        loaded = CONV.structure(document, pc.Cycle)
        assert loaded == pc.Cycle.replay(edited)
        assert list(loaded.events) == edited
    else:
        error = refusal(document)
        assert error.paths[0].startswith(f"$.events[{expected}]"), (edit, error.problems)
        with pytest.raises(pc.ValidationError) as info:
            pc.Cycle.replay(edited)
        assert info.value.paths[0].startswith(f"events[{expected}]")


@given(run=cycle_runs(max_steps=40))
def test_an_unedited_history_loads_and_the_trusted_path_agrees(run: Run) -> None:
    cycle = run.cycle
    assert first_unproducible(cycle.events) is None
    assert pc.Cycle.replay(cycle.events) == cycle
    assert pc.Cycle.replay(cycle.events, verify=False) == cycle


# --- linear cost --------------------------------------------------------------------------


def _long_history(check_ins: int) -> tuple[e.Event, ...]:
    """A cycle in implementation with ``check_ins`` check-ins, one a minute (built trusted)."""
    cycle = b.implementation_ready()
    events = list(cycle.events)
    start = cycle.events[-1].at
    for number in range(check_ins):
        at = start + dt.timedelta(minutes=number)
        events.append(
            e.CheckInRecorded(
                cycle_id=cycle.id,
                sequence=len(events),
                actor=MANAGER,
                at=at,
                check_in=pc.CheckIn(
                    id=f"long-{number}",
                    kind=pc.CheckInKind.ONE_ON_ONE,
                    held_on=at.date(),
                    summary="Still on track",
                ),
            )
        )
    return tuple(events)


def _refuse(events: Sequence[e.Event]) -> None:
    with pytest.raises(pc.ValidationError):
        pc.Cycle.replay(events)


def test_replay_and_refusal_grow_linearly_with_the_history() -> None:
    """4x the events costs well under 16x (quadratic) for replay, loading and refusing.

    Times are compared with each other in the same test, never with a constant.
    """
    small, large, longest = _long_history(1000), _long_history(4000), _long_history(16000)
    assert pc.Cycle.replay(large) == pc.Cycle.replay(large, verify=False)
    bad_small = (*small[:-1], attrs.evolve(small[-1], actor=STRANGER))
    bad_large = (*large[:-1], attrs.evolve(large[-1], actor=STRANGER))
    data_small = CONV.unstructure(pc.Cycle.replay(small))
    data_large = CONV.unstructure(pc.Cycle.replay(large))
    forged_small = forged(pc.Cycle.replay(small), bad_small)
    forged_large = forged(pc.Cycle.replay(large), bad_large)
    ratios = {
        "replay": growth(lambda: pc.Cycle.replay(small), lambda: pc.Cycle.replay(large)),
        "trusted": growth(  # cheap per event: timed on longer histories, above cache effects
            lambda: pc.Cycle.replay(large, verify=False),
            lambda: pc.Cycle.replay(longest, verify=False),
        ),
        "refuse": growth(lambda: _refuse(bad_small), lambda: _refuse(bad_large)),
        "load": growth(
            lambda: CONV.structure(data_small, pc.Cycle),
            lambda: CONV.structure(data_large, pc.Cycle),
            runs=3,
        ),
        "refuse_load": growth(lambda: refusal(forged_small), lambda: refusal(forged_large), runs=3),
    }
    assert all(ratio < LINEAR for ratio in ratios.values()), ratios


def test_the_trusted_path_refuses_a_revision_of_no_goal_by_name() -> None:
    """The trusted path checks no command, yet an event that cannot apply is still a
    perfcore error at its path, never a bare lookup error."""
    cycle = b.goal_setting_ready()
    events = list(cycle.events)
    revised = events[1]
    assert isinstance(revised, e.GoalProposed)
    stray = e.GoalRevised(
        cycle_id=cycle.id,
        sequence=len(events),
        actor=MANAGER,
        at=events[-1].at,
        reason="Scope changed",
        goal=attrs.evolve(revised.goal, id="nope"),
    )
    for verify in (True, False):
        with pytest.raises(pc.ValidationError) as refused:
            pc.Cycle.replay([*events, stray], verify=verify)
        assert refused.value.paths[0].startswith(f"events[{len(events)}]")
