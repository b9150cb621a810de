"""A whole performance cycle, start to finish, with one goal missed.

Run it with ``python examples/quickstart.py``. It walks one employee through
goal setting, implementation, appraisal and improvement, shows a blocked phase
change, closes the cycle, starts the next one, and prints a summary.
"""

from __future__ import annotations

import datetime as dt

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.scoring import RatingBands, present
from perfcore.serialization import make_converter

UTC = dt.UTC
hr = pc.Actor(person_id="hr-lee", role=pc.Role.HR)
manager = pc.Actor(person_id="m-ben", role=pc.Role.MANAGER)
employee = pc.Actor(person_id="e-ana", role=pc.Role.EMPLOYEE)


SCORING = ScoringConfig(
    bands=RatingBands.from_edges(
        (0, 0.5, 0.9, 1.1, 1.5), ("Needs improvement", "Partly meets", "Meets", "Exceeds")
    )
)
"""Default goal scorers (payout curve for numbers, level on the scale for ratings), a
weighted mean of performance goals, and bands on the attainment (1.0 = on target)."""


YEAR = pc.Period.annual(2026)
OBJECTIVES = pc.ObjectiveCatalogue(
    objectives=(
        pc.Objective(
            id="company/2026/growth",
            title="Grow revenue 20%",
            level=pc.ObjectiveLevel.COMPANY,
            period=YEAR,
        ),
        pc.Objective(
            id="company/2026/customer",
            title="Keep customers who love us",
            level=pc.ObjectiveLevel.COMPANY,
            period=YEAR,
        ),
    )
)
"""The company's objectives for the year, as the app keeps them (perfcore reads no files)."""


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    """A timestamp: perfcore never reads the clock, so every command gets one."""
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def basis(text: str, *evidence: str) -> pc.Basis:
    return pc.Basis(text=text, evidence=evidence)


def run_cycle() -> pc.Cycle:
    """Drive one cycle from goal setting to closed."""
    cycle = pc.Cycle.start(
        cycle_id="e-ana/2026",
        employee_id="e-ana",
        manager_id="m-ben",
        period=YEAR,
        check_in_every_days=45,
        by=hr,
        at=at(2026, 1, 5),
    )

    # Goal setting: content, measure, weight, methods and support are agreed.
    sales = pc.Goal(
        id="g-sales",
        title="Grow new-customer revenue",
        weight=60,
        measure=pc.NumericMeasure(
            unit="EUR k", baseline=800, threshold=900, target=1000, stretch=1200
        ),
        due=dt.date(2026, 11, 30),
        parent_id="company/2026/growth",
        methods=("Weekly prospecting block", "Partner referrals"),
        support=("Access to the new CRM",),
    )
    nps = pc.Goal(
        id="g-nps",
        title="Raise customer satisfaction in my accounts",
        weight=40,
        measure=pc.ScaleMeasure(scale=pc.RatingScale(minimum=1, maximum=5), target=4),
        parent_id="company/2026/customer",
    )
    cert = pc.Goal(
        id="g-cert",
        title="Pass the solution-architect certification",
        kind=pc.GoalKind.DEVELOPMENT,
        measure=pc.YesNoMeasure(question="Certified?"),
        support=("Exam fee", "Two study days"),
    )
    for goal in (sales, nps, cert):
        cycle = cycle.propose_goal(goal, by=manager, at=at(2026, 1, 12))

    try:
        cycle.advance(by=manager, at=at(2026, 1, 13))
    except pc.GuardError as blocked:
        print("Advance refused, as it should be:")
        for blocker in blocked.blockers:
            print(f"  - [{blocker.code}] {blocker.message}")
        print()

    # Each performance goal hangs under an objective of the company's catalogue.
    for goal in (sales, nps):
        objective = OBJECTIVES.objective(goal.parent_id or "")
        cycle = cycle.align_goal(goal.id, objective, by=manager, at=at(2026, 1, 13))
    cycle = cycle.agree_goals(by=employee, at=at(2026, 1, 14))
    cycle = cycle.advance(by=manager, at=at(2026, 1, 15))

    # Implementation: check-ins at the agreed cadence, one goal revised with a reason.
    for number, day in enumerate(
        [dt.date(2026, m, 20) for m in (2, 3, 4, 5, 6, 9, 10, 11)], start=1
    ):
        check_in = pc.CheckIn(
            id=f"ci-{number}",
            kind=pc.CheckInKind.ONE_ON_ONE if number % 2 else pc.CheckInKind.INFORMAL_NOTE,
            held_on=day,
            summary="Pipeline and account review",
            progress=(pc.GoalProgress(goal_id="g-sales", status=pc.ProgressStatus.AT_RISK),)
            if number >= 5
            else (),
            recognition="New referral scheme with partners" if number == 3 else None,
        )
        cycle = cycle.record_check_in(
            check_in, by=manager, at=dt.datetime.combine(day, dt.time(16), tzinfo=UTC)
        )
        if number == 4:
            cycle = cycle.revise_goal(
                pc.Goal(
                    id="g-nps",
                    title="Raise customer satisfaction in my accounts",
                    weight=40,
                    measure=pc.ScaleMeasure(scale=pc.RatingScale(minimum=1, maximum=5), target=3.5),
                    parent_id="company/2026/customer",
                ),
                reason="Two key accounts moved to another region in May",
                by=manager,
                at=at(2026, 5, 21),
            )
            cycle = cycle.agree_goals(("g-nps",), by=employee, at=at(2026, 5, 22))
    # Ana was on leave over the summer: the missed check-ins are waived, with a reason.
    gap = [b for b in cycle.blockers(at=at(2026, 12, 1)) if b.code == "check_in_cadence"]
    print(f"Cadence gap found: {gap[0].message}")
    cycle = cycle.waive(
        "check_in_cadence",
        subject=gap[0].subject,
        reason="Employee on leave in July and August",
        by=hr,
        at=at(2026, 11, 30),
    )
    cycle = cycle.advance(by=manager, at=at(2026, 12, 1))

    # Appraisal: self-assessment heard, every rating has a basis, the miss is analysed.
    cycle = cycle.submit_self_assessment(
        pc.Assessment(
            source=pc.AssessmentSource.SELF,
            goal_ratings=(
                pc.GoalRating(
                    goal_id="g-sales",
                    achievement=pc.Achievement.PARTLY_MET,
                    actual=930,
                    rating=pc.Rating(value=3, basis=basis("Close to target in a hard year")),
                ),
                pc.GoalRating(
                    goal_id="g-nps",
                    achievement=pc.Achievement.EXCEEDED,
                    actual=4.2,
                    rating=pc.Rating(value=5, basis=basis("Survey score 4.2")),
                ),
                pc.GoalRating(
                    goal_id="g-cert",
                    achievement=pc.Achievement.MET,
                    actual=1,
                    rating=pc.Rating(value=4, basis=basis("Certified in October")),
                ),
            ),
        ),
        by=employee,
        at=at(2026, 12, 3),
    )
    cycle = cycle.submit_manager_assessment(
        pc.Assessment(
            source=pc.AssessmentSource.MANAGER,
            goal_ratings=(
                pc.GoalRating(
                    goal_id="g-sales",
                    achievement=pc.Achievement.PARTLY_MET,
                    actual=920,
                    rating=pc.Rating(value=2, basis=basis("920k of 1,000k", "crm:q4-report")),
                ),
                pc.GoalRating(
                    goal_id="g-nps",
                    achievement=pc.Achievement.EXCEEDED,
                    actual=4.2,
                    rating=pc.Rating(value=5, basis=basis("4.2 against 3.5", "survey:2026")),
                ),
                pc.GoalRating(
                    goal_id="g-cert",
                    achievement=pc.Achievement.MET,
                    actual=1,
                    rating=pc.Rating(value=4, basis=basis("Certificate", "cert:SA-2291")),
                ),
            ),
        ),
        by=manager,
        at=at(2026, 12, 4),
    )
    # The score is computed, not typed in: the configured strategies explain every step,
    # and the score, its breakdown and the configuration join the event history.
    score = cycle.compute_score(SCORING, DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=manager, at=at(2026, 12, 4, 10))
    cycle = cycle.record_root_cause(
        pc.RootCause(
            id="rc-1",
            goal_id="g-sales",
            category=pc.CauseCategory.KNOWLEDGE,
            description="Little product knowledge of the new platform line launched in May",
        ),
        by=manager,
        at=at(2026, 12, 8),
    )
    cycle = cycle.record_root_cause(
        pc.RootCause(
            id="rc-2",
            goal_id="g-sales",
            category=pc.CauseCategory.EXPERIENCE,
            description="First year selling to enterprise buyers",
        ),
        by=manager,
        at=at(2026, 12, 8),
    )
    cycle = cycle.hold_feedback_discussion(
        pc.FeedbackDiscussion(
            held_on=dt.date(2026, 12, 10), summary="Compared self and manager view"
        ),
        by=manager,
        at=at(2026, 12, 10),
    )
    cycle = cycle.acknowledge(by=employee, at=at(2026, 12, 11))
    cycle = cycle.add_improvement_action(
        pc.ImprovementAction(
            id="a-1",
            title="Platform product training and two shadowed sales calls",
            kind=pc.InterventionKind.TRAINING,
            cause_ids=("rc-1",),
            owner_id="e-ana",
            due=dt.date(2027, 3, 31),
            success_measure="Runs a platform demo unaided",
        ),
        by=manager,
        at=at(2026, 12, 11, 14),
    )
    cycle = cycle.add_improvement_action(
        pc.ImprovementAction(
            id="a-2",
            title="Co-lead two enterprise deals with a senior colleague",
            kind=pc.InterventionKind.PRACTICE,
            cause_ids=("rc-2",),
            owner_id="m-ben",
            due=dt.date(2027, 6, 30),
            success_measure="Leads an enterprise negotiation",
        ),
        by=manager,
        at=at(2026, 12, 11, 15),
    )
    cycle = cycle.advance(by=manager, at=at(2026, 12, 12))

    # Improvement: follow up until the outcome is recorded, then close.
    cycle = cycle.record_follow_up(
        pc.FollowUp(
            action_id="a-1",
            held_on=dt.date(2027, 1, 20),
            progress="Training done",
            outcome=pc.Outcome.PARTLY_IMPROVED,
            deviation="No shadowed calls yet",
            corrective_step="Book two calls with the senior account manager",
        ),
        by=manager,
        at=at(2027, 1, 20),
    )
    cycle = cycle.record_follow_up(
        pc.FollowUp(
            action_id="a-1",
            held_on=dt.date(2027, 3, 1),
            progress="Ran a demo unaided",
            outcome=pc.Outcome.IMPROVED,
        ),
        by=manager,
        at=at(2027, 3, 1),
    )
    cycle = cycle.record_follow_up(
        pc.FollowUp(
            action_id="a-2",
            held_on=dt.date(2027, 3, 1),
            progress="One deal co-led so far",
            outcome=pc.Outcome.PARTLY_IMPROVED,
        ),
        by=manager,
        at=at(2027, 3, 1, 10),
    )
    return cycle.close(by=manager, at=at(2027, 3, 2))


def summarise(cycle: pc.Cycle) -> None:
    people = f"{cycle.employee_id} with manager {cycle.manager_id}"
    print(f"Cycle {cycle.id}: {people}, {cycle.period.label}")
    phases = [pc.Phase.GOAL_SETTING.value]
    phases += [e.to_phase.value for e in cycle.events if isinstance(e, pc.cycle.PhaseAdvanced)]
    print("Phases passed: " + " -> ".join([*phases, cycle.phase.value]))
    print()
    assert cycle.manager_assessment is not None
    print("Goals and results:")
    for goal in cycle.active_goals:
        rating = cycle.manager_assessment.rating_for(goal.id)
        assert rating is not None
        print(
            f"  {goal.id:<8} {goal.kind.value:<11} weight {goal.weight:>3g}  "
            f"{rating.achievement.value:<10} actual {rating.actual:g}  "
            f"rating {rating.rating.value:g}/{cycle.scale.maximum}"
            f"  ({rating.rating.basis.text})"
        )
    score = cycle.score
    assert score is not None
    label = score.band.label if score.band else "-"
    print(f"Score: {present(score.value)} ({label}), computed as:")
    for line in score.explain().splitlines():
        print(f"  {line}")
    print()
    print("Improvement plan:")
    plan = cycle.improvement_plan
    for action in plan.actions:
        causes = ", ".join(action.cause_ids)
        print(f"  {action.id}: {action.title} [{action.kind.value}] for causes {causes}")
        for follow_up in plan.follow_ups_for(action.id):
            outcome = follow_up.outcome.value if follow_up.outcome else "-"
            print(f"    {follow_up.held_on}: {follow_up.progress} -> {outcome}")
    print(f"  plan outcome: {plan.outcome.value if plan.outcome else 'open'}")
    print()
    print(f"Event history ({len(cycle.events)} events):")
    for event in cycle.events:
        why = f"  why: {event.reason}" if event.reason else ""
        print(f"  #{event.sequence:<2} {event.at:%Y-%m-%d} {event.actor!s:<16} {event.TAG}{why}")


def main() -> None:
    cycle = run_cycle()
    summarise(cycle)

    # The history is the record: replaying it rebuilds the same cycle,
    # and the JSON-ready form round-trips.
    assert pc.Cycle.replay(cycle.events) == cycle
    converter = make_converter()
    assert converter.structure(converter.unstructure(cycle), pc.Cycle) == cycle

    following = cycle.next_cycle(period=pc.Period.annual(2027), by=hr, at=at(2027, 3, 3))
    print()
    print(
        f"Next cycle {following.id} starts in {following.phase.value} with "
        f"{len(following.goals)} carried goal(s) and {len(following.actions)} open action(s):"
    )
    for action in following.actions:
        print(f"  {action.id}: {action.title} (carried from {action.carried_from})")


if __name__ == "__main__":
    main()
