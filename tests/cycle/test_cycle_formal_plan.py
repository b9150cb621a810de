"""A formal improvement plan inside a cycle: its commands, their rules, and the two conditions.

Dates: ``b.improvement_entered()`` enters improvement on 21 February 2026 with
action ``a1``; ``b.formal_plan()`` runs from 1 March to 31 May 2026 and is
reviewed on 15 March, 15 April and 15 May; ``b.formal_plan_started()`` starts
it on 24 February.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import Phase as Stage
from hypothesis import find, settings

import builders as b
import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.serialization import make_converter
from strategies import EMPLOYEE, HR, MANAGER, Run, cycle_runs

MAR_15, APR_15, MAY_15 = dt.date(2026, 3, 15), dt.date(2026, 4, 15), dt.date(2026, 5, 15)
CONV = make_converter()


def refused(
    cycle: pc.Cycle,
    command: c.Command,
    error: type[pc.PerfcoreError],
    match: str,
    *,
    by: pc.Actor = MANAGER,
    at: dt.datetime | None = None,
) -> pc.PerfcoreError:
    """The command raises ``error`` matching ``match``, and the cycle is unchanged."""
    before = cycle.events
    snapshot = CONV.unstructure(cycle)
    with pytest.raises(error, match=match) as info:
        cycle.execute(command, by=by, at=at or cycle.last_event_at + dt.timedelta(hours=1))
    assert cycle.events is before
    assert CONV.unstructure(cycle) == snapshot
    return info.value


def codes(cycle: pc.Cycle, at: dt.datetime) -> list[tuple[str, str | None]]:
    return [(blocker.code, blocker.subject) for blocker in cycle.blockers(at=at)]


def reviewed(cycle: pc.Cycle, *days: dt.date, outcome: pc.Outcome | None = None) -> pc.Cycle:
    """``cycle`` with one review on each of ``days``, the last one recording ``outcome``."""
    for index, held_on in enumerate(days):
        last = index == len(days) - 1
        review = b.formal_review(held_on, outcome if last else None)
        at = dt.datetime.combine(held_on, dt.time(17), tzinfo=dt.UTC)
        cycle = cycle.record_formal_review(review, by=MANAGER, at=at)
    return cycle


# --- starting a plan ----------------------------------------------------------------


@pytest.mark.parametrize("actor", [MANAGER, HR], ids=["manager", "hr"])
def test_start_a_formal_plan(actor: pc.Actor) -> None:
    before = b.improvement_entered()
    cycle = before.start_formal_plan(
        b.formal_plan(), by=actor, at=b.on(2, 24), reason="Agreed with the director"
    )
    assert cycle.formal_plan == b.formal_plan()
    assert cycle.formal_reviews == ()
    assert cycle.formal_plan_outcome is None
    event = cycle.events[-1]
    assert isinstance(event, e.FormalPlanStarted)
    assert (event.plan, event.actor, event.at, event.reason) == (
        b.formal_plan(),
        actor,
        b.on(2, 24),
        "Agreed with the director",
    )
    assert event.sequence == len(before.events)
    assert before.formal_plan is None
    assert pc.Cycle.replay(cycle.events) == cycle


def test_a_cycle_has_at_most_one_formal_plan() -> None:
    cycle = b.formal_plan_started()
    for plan in (b.formal_plan(), b.formal_plan(id="fp2")):
        error = refused(
            cycle,
            c.StartFormalPlan(plan=plan),
            pc.TransitionError,
            "^the cycle already has a formal plan 'fp1'; there is one per cycle$",
            by=HR,
        )
        assert isinstance(error, pc.TransitionError)
        assert (error.command, error.phase) == ("start_formal_plan", "improvement")


def test_a_plan_names_only_actions_of_the_cycle() -> None:
    cycle = b.improvement_entered()
    error = refused(
        cycle,
        c.StartFormalPlan(plan=b.formal_plan(action_ids=("a1", "a9", "rc1"))),
        pc.ValidationError,
        "no improvement action 'a9'",
    )
    assert isinstance(error, pc.ValidationError)
    assert error.paths == (
        "StartFormalPlan.plan.action_ids[1]",
        "StartFormalPlan.plan.action_ids[2]",
    )
    assert [p.message for p in error.problems] == [
        "no improvement action 'a9'",
        "no improvement action 'rc1'",
    ]


@pytest.mark.parametrize(
    "cycle_at",
    [b.started, b.implementation_ready, b.appraisal_ready, b.closed],
    ids=["goal_setting", "implementation", "appraisal", "closed"],
)
def test_formal_plan_commands_only_in_improvement(cycle_at: Callable[[], pc.Cycle]) -> None:
    cycle = cycle_at()
    for command in (
        c.StartFormalPlan(plan=b.formal_plan()),
        c.RecordFormalReview(review=b.formal_review(MAR_15)),
    ):
        refused(
            cycle,
            command,
            pc.TransitionError,
            rf"^{command.NAME} is not allowed in phase {cycle.phase.value} "
            r"\(allowed in: improvement\)$",
            by=HR,
        )


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (EMPLOYEE, "role 'employee' may not start_formal_plan; allowed: hr, manager"),
        (pc.Actor(person_id="other-mgr", role=pc.Role.MANAGER), "not this cycle's manager"),
        (pc.Actor(person_id=MANAGER.person_id, role=pc.Role.HR), "take part in"),
    ],
)
def test_who_may_start_a_formal_plan(actor: pc.Actor, message: str) -> None:
    refused(
        b.improvement_entered(),
        c.StartFormalPlan(plan=b.formal_plan()),
        pc.PermissionDenied,
        message,
        by=actor,
    )


def test_the_employee_may_not_record_a_formal_review() -> None:
    refused(
        b.formal_plan_started(),
        c.RecordFormalReview(review=b.formal_review(MAR_15)),
        pc.PermissionDenied,
        "role 'employee' may not record_formal_review; allowed: hr, manager",
        by=EMPLOYEE,
        at=b.on(3, 15),
    )


# --- recording reviews --------------------------------------------------------------


def test_record_formal_reviews() -> None:
    cycle = b.formal_plan_started()
    interim = FormalReview(held_on=MAR_15, progress="Quiz booked", next_steps="Shadow two demos")
    cycle = cycle.record_formal_review(interim, by=MANAGER, at=b.on(3, 15))
    final = FormalReview(held_on=APR_15, progress="Quiz passed", outcome=pc.Outcome.IMPROVED)
    cycle = cycle.record_formal_review(final, by=HR, at=b.on(4, 16), reason="Manager away")
    assert cycle.formal_reviews == (interim, final)
    assert cycle.formal_plan_outcome is pc.Outcome.IMPROVED
    events = [ev for ev in cycle.events if isinstance(ev, e.FormalReviewRecorded)]
    assert [(ev.review, ev.actor, ev.at, ev.reason) for ev in events] == [
        (interim, MANAGER, b.on(3, 15), None),
        (final, HR, b.on(4, 16), "Manager away"),
    ]
    assert pc.Cycle.replay(cycle.events) == cycle


def test_a_review_needs_a_formal_plan() -> None:
    error = refused(
        b.improvement_entered(),
        c.RecordFormalReview(review=b.formal_review(dt.date(2026, 2, 21))),
        pc.TransitionError,
        "^the cycle has no formal plan to review$",
    )
    assert isinstance(error, pc.TransitionError)
    assert error.command == "record_formal_review"


def test_a_review_is_not_held_before_the_plan_starts() -> None:
    error = refused(
        b.formal_plan_started(),
        c.RecordFormalReview(review=b.formal_review(dt.date(2026, 2, 28))),
        pc.ValidationError,
        "is before the formal plan starts",
        at=b.on(3, 2),
    )
    assert isinstance(error, pc.ValidationError)
    assert error.paths == ("RecordFormalReview.review.held_on",)
    assert error.problems[0].message == "2026-02-28 is before the formal plan starts (2026-03-01)"


def test_a_review_is_not_dated_before_the_previous_one() -> None:
    cycle = reviewed(b.formal_plan_started(), APR_15)
    error = refused(
        cycle,
        c.RecordFormalReview(review=b.formal_review(MAR_15)),
        pc.ValidationError,
        "before the previous review",
        at=b.on(4, 20),
    )
    assert isinstance(error, pc.ValidationError)
    assert error.paths == ("RecordFormalReview.review.held_on",)
    assert error.problems[0].message == "2026-03-15 is before the previous review (2026-04-15)"
    same_day = cycle.record_formal_review(b.formal_review(APR_15), by=HR, at=b.on(4, 20))
    assert len(same_day.formal_reviews) == 2


def test_a_review_is_not_dated_after_the_day_it_is_recorded() -> None:
    error = refused(
        b.formal_plan_started(),
        c.RecordFormalReview(review=b.formal_review(MAR_15)),
        pc.ValidationError,
        "after the command's date",
        at=b.on(3, 14),
    )
    assert isinstance(error, pc.ValidationError)
    assert error.problems[0].message == "2026-03-15 is after the command's date 2026-03-14"


def test_a_review_breaking_two_rules_reports_both() -> None:
    cycle = reviewed(b.formal_plan_started(), APR_15)
    error = refused(
        cycle,
        c.RecordFormalReview(review=b.formal_review(dt.date(2026, 2, 27))),
        pc.ValidationError,
        "before",
        at=b.on(4, 20),
    )
    assert isinstance(error, pc.ValidationError)
    assert [p.message for p in error.problems] == [
        "2026-02-27 is before the formal plan starts (2026-03-01)",
        "2026-02-27 is before the previous review (2026-04-15)",
    ]


# --- the conditions -----------------------------------------------------------------


def test_a_cycle_without_a_formal_plan_is_untouched() -> None:
    cycle = b.improvement_ready()
    assert cycle.formal_plan is None
    assert cycle.formal_plan_outcome is None
    assert cycle.blockers(at=b.on(12, 31)) == ()
    assert cycle.close(by=MANAGER, at=b.on(12, 31)).phase is pc.Phase.CLOSED


def test_no_review_date_reached_and_no_outcome_yet() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    assert codes(cycle, b.on(3, 14)) == [("formal_plan_outcome", "fp1")]


def test_formal_reviews_held_lists_each_missed_date() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    # one review, late, on 20 March: 15 March needed 1 by then (0), 15 April needed 2 (1)
    cycle = reviewed(cycle, dt.date(2026, 3, 20), outcome=pc.Outcome.PARTLY_IMPROVED)
    blockers = cycle.blockers(at=b.on(4, 20))
    assert [(x.code, x.subject) for x in blockers] == [
        ("formal_reviews_held", "2026-03-15"),
        ("formal_reviews_held", "2026-04-15"),
    ]
    assert [x.message for x in blockers] == [
        "formal review 1 of plan 'fp1', due 2026-03-15, was not held by then",
        "formal review 2 of plan 'fp1', due 2026-04-15, was not held by then",
    ]
    with pytest.raises(pc.GuardError) as info:
        cycle.close(by=MANAGER, at=b.on(4, 20))
    assert info.value.blockers == blockers


def test_a_review_date_reached_today_must_be_honoured_before_closing() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    cycle = reviewed(cycle, dt.date(2026, 3, 10), outcome=pc.Outcome.IMPROVED)
    assert codes(cycle, b.on(4, 14)) == []
    assert codes(cycle, b.on(4, 15)) == [("formal_reviews_held", "2026-04-15")]
    assert cycle.close(by=MANAGER, at=b.on(4, 14)).phase is pc.Phase.CLOSED
    # the 15 April review, held that day, honours the date
    done = reviewed(cycle, APR_15, outcome=pc.Outcome.IMPROVED)
    assert codes(done, b.on(4, 15)) == []
    assert done.close(by=MANAGER, at=b.on(4, 15, 18)).phase is pc.Phase.CLOSED


def test_two_reviews_by_the_second_date_honour_it_after_the_first_was_missed() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    cycle = reviewed(cycle, dt.date(2026, 3, 20), dt.date(2026, 4, 10), outcome=pc.Outcome.IMPROVED)
    assert codes(cycle, b.on(5, 1)) == [("formal_reviews_held", "2026-03-15")]


def test_hr_waives_a_missed_review_date() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    cycle = reviewed(cycle, dt.date(2026, 3, 20), outcome=pc.Outcome.IMPROVED)
    at = b.on(4, 20)
    refused(
        cycle,
        c.WaiveCondition(code="formal_reviews_held", subject="2026-03-15", reason="Sick"),
        pc.PermissionDenied,
        "may not waive_condition",
        by=MANAGER,
        at=at,
    )
    refused(
        cycle,
        c.WaiveCondition(code="formal_reviews_held", subject="2026-05-15", reason="Sick"),
        pc.ValidationError,
        "'formal_reviews_held' is not unmet for '2026-05-15';"
        " unmet for: '2026-03-15', '2026-04-15'",
        by=HR,
        at=at,
    )
    one = cycle.waive("formal_reviews_held", subject="2026-03-15", reason="Sick", by=HR, at=at)
    assert codes(one, at) == [("formal_reviews_held", "2026-04-15")]
    both = one.waive("formal_reviews_held", subject="2026-04-15", reason="Sick", by=HR, at=at)
    closed = both.close(by=MANAGER, at=at)
    assert closed.phase is pc.Phase.CLOSED
    waived = cycle.waive("formal_reviews_held", reason="Reviews held informally", by=HR, at=at)
    assert waived.close(by=HR, at=b.on(6, 1)).phase is pc.Phase.CLOSED
    assert pc.Cycle.replay(closed.events) == closed


def test_formal_plan_outcome_blocks_until_a_review_records_one() -> None:
    cycle = b.formal_plan_started().record_follow_up(b.follow_up(day=60), by=MANAGER, at=b.on(3, 6))
    interim = reviewed(cycle, MAR_15)
    assert codes(interim, b.on(3, 20)) == [("formal_plan_outcome", "fp1")]
    blocker = interim.blockers(at=b.on(3, 20))[0]
    assert blocker.message == "formal plan 'fp1' has no recorded outcome"
    with pytest.raises(pc.GuardError) as info:
        interim.close(by=MANAGER, at=b.on(3, 20))
    assert info.value.codes == ("formal_plan_outcome",)
    done = reviewed(interim, dt.date(2026, 3, 20), outcome=pc.Outcome.NOT_IMPROVED)
    assert done.formal_plan_outcome is pc.Outcome.NOT_IMPROVED
    assert done.close(by=MANAGER, at=b.on(3, 21)).phase is pc.Phase.CLOSED
    waived = interim.waive("formal_plan_outcome", reason="Employee left", by=HR, at=b.on(3, 20))
    assert waived.close(by=MANAGER, at=b.on(3, 20)).phase is pc.Phase.CLOSED


def test_the_latest_outcome_is_the_plans_outcome() -> None:
    cycle = reviewed(b.formal_plan_started(), MAR_15, outcome=pc.Outcome.NOT_IMPROVED)
    assert cycle.formal_plan_outcome is pc.Outcome.NOT_IMPROVED
    cycle = reviewed(cycle, APR_15)
    assert cycle.formal_plan_outcome is pc.Outcome.NOT_IMPROVED
    cycle = reviewed(cycle, MAY_15, outcome=pc.Outcome.IMPROVED)
    assert cycle.formal_plan_outcome is pc.Outcome.IMPROVED


def test_the_conditions_are_in_the_table() -> None:
    held = pc.cycle.condition_named("formal_reviews_held")
    outcome = pc.cycle.condition_named("formal_plan_outcome")
    assert held is not None
    assert outcome is not None
    assert (held.phases, held.waivable) == (frozenset({pc.Phase.IMPROVEMENT}), True)
    assert (outcome.phases, outcome.waivable) == (frozenset({pc.Phase.IMPROVEMENT}), True)
    improvement = [cond.code for cond in pc.cycle.conditions_for(pc.Phase.IMPROVEMENT)]
    assert improvement[-2:] == ["formal_reviews_held", "formal_plan_outcome"]


# --- the next cycle and the record --------------------------------------------------


def test_the_formal_plan_does_not_carry_over_but_its_open_actions_do() -> None:
    cycle = b.formal_plan_started().record_follow_up(
        b.follow_up(pc.Outcome.PARTLY_IMPROVED, day=60), by=MANAGER, at=b.on(3, 6)
    )
    cycle = reviewed(cycle, MAR_15, outcome=pc.Outcome.PARTLY_IMPROVED)
    closed = cycle.close(by=MANAGER, at=b.on(3, 20))
    following = closed.next_cycle(period=pc.Period.annual(2027), by=HR, at=b.on(3, 21))
    assert following.formal_plan is None
    assert following.formal_reviews == ()
    assert [(a.id, a.carried_from) for a in following.actions] == [("a1", "c1")]
    assert not following.events_of((e.FormalPlanStarted, e.FormalReviewRecorded))


def test_a_cycle_with_a_formal_plan_round_trips() -> None:
    cycle = reviewed(b.formal_plan_started(), MAR_15, APR_15, outcome=pc.Outcome.IMPROVED)
    data = CONV.unstructure(cycle)
    assert data["formal_plan"]["review_dates"] == ["2026-03-15", "2026-04-15", "2026-05-15"]
    assert [r["held_on"] for r in data["formal_reviews"]] == ["2026-03-15", "2026-04-15"]
    assert [ev["type"] for ev in data["events"][-3:]] == [
        "formal_plan_started",
        "formal_review_recorded",
        "formal_review_recorded",
    ]
    assert CONV.structure(data, pc.Cycle) == cycle
    data["formal_plan"]["reason"] = "Something else"
    with pytest.raises(pc.ValidationError, match=r"\$\.formal_plan: does not match"):
        CONV.structure(data, pc.Cycle)


def test_commands_validate_their_content() -> None:
    with pytest.raises(pc.ValidationError, match=r"StartFormalPlan\.plan: must be a FormalPlan"):
        c.StartFormalPlan(plan="fp1")  # type: ignore[arg-type]
    with pytest.raises(
        pc.ValidationError, match=r"RecordFormalReview\.review: must be a FormalReview"
    ):
        c.RecordFormalReview(review=None)  # type: ignore[arg-type]
    assert isinstance(c.StartFormalPlan(plan=b.formal_plan()).plan, FormalPlan)


def test_random_runs_exercise_the_formal_plan_commands() -> None:
    def reviewed_in_run(run: Run) -> bool:
        accepted = [type(step.command) for step in run.steps if step.after is not None]
        return c.StartFormalPlan in accepted and c.RecordFormalReview in accepted

    quick = settings(database=None, max_examples=2000, deadline=None, phases=[Stage.generate])
    assert find(cycle_runs().map(reviewed_in_run), lambda found: found, settings=quick)
