"""HR audits a sales department: eight cycles under two managers, some healthy, some not.

Run it with ``python examples/audit_department.py``. It builds each cycle with
ordinary commands (nothing is faked), audits them all on 1 April 2027 against
the default rules and manager Jo's agreement (1:1s every two weeks, which
Jo's cycles start with, so the guard and the audit keep the same cadence), and
prints the findings grouped by manager, then a count per code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

import perfcore as pc
from perfcore.oversight import audit
from perfcore.schedule import Cadence, ManagerAgreement, ReviewDeadline

HR = pc.Actor(person_id="hr-lee", role=pc.Role.HR)
PERIOD = pc.Period.annual(2026)
AS_OF = dt.datetime(2027, 4, 1, 17, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


def basis(text: str) -> pc.Basis:
    return pc.Basis(text=text, evidence=("crm:2026-report",))


GROWTH = pc.Objective(
    id="company/growth",
    title="Grow recurring revenue",
    level=pc.ObjectiveLevel.COMPANY,
    period=pc.Period.annual(2026),
)
"""The company objective the department's goals hang under (from the app's catalogue)."""

GOALS = (
    pc.Goal(
        id="renewals",
        title="Grow renewals",
        weight=60,
        parent_id="company/growth",
        measure=pc.NumericMeasure(unit="EUR k", threshold=900, target=1000, stretch=1200),
    ),
    pc.Goal(
        id="pipeline",
        title="Build a qualified pipeline",
        weight=40,
        parent_id="company/growth",
        measure=pc.NumericMeasure(unit="deals", target=40),
    ),
)


@attrs.frozen(kw_only=True)
class Story:
    """How one employee's year went; the defaults are a healthy cycle."""

    employee: str
    manager: str
    every_days: int = 14
    """Days between the check-ins actually held, from the first day of implementation."""
    stop_check_ins: dt.date = dt.date(2026, 12, 31)
    manager_rating: float = 3
    self_rating: float = 3
    basis_text: str = "Renewals at 960 of the 1000 target, per the CRM report"
    explain_gap: bool = True
    root_cause: bool = True
    action_kind: pc.InterventionKind = pc.InterventionKind.TRAINING
    followed_up: bool = True
    stuck_in_goal_setting: bool = False


JO_AGREEMENT = ManagerAgreement(
    id="jo-2026",
    manager_id="jo",
    period=PERIOD,
    one_on_ones=Cadence.every_two_weeks(weekday=0, grace_days=3, early_days=3),
    review_deadlines=(ReviewDeadline(phase=pc.Phase.APPRAISAL, by=dt.date(2027, 2, 15)),),
    commitments=("Fortnightly 1:1 with every report", "Appraisals done by mid-February"),
    agreed_with="hr-lee",
)
"""Jo's commitments: agreed with HR, and the cadence Jo's cycles start with."""

AGREED = {JO_AGREEMENT.manager_id: JO_AGREEMENT.cycle_settings()}
"""The settings each manager's cycles start with: the agreed 1:1 cadence, where there is one."""


def run(story: Story) -> pc.Cycle:
    """One cycle, run by the commands each person would issue."""
    me = pc.Actor(person_id=story.employee, role=pc.Role.EMPLOYEE)
    boss = pc.Actor(person_id=story.manager, role=pc.Role.MANAGER)
    cycle = pc.Cycle.start(
        cycle_id=f"{story.employee}/2026",
        employee_id=story.employee,
        manager_id=story.manager,
        period=PERIOD,
        by=HR,
        at=at(dt.date(2026, 1, 5)),
        check_in_every_days=30,
        settings=AGREED.get(story.manager, pc.CycleSettings()),
    )
    for goal in GOALS:
        cycle = cycle.propose_goal(goal, by=boss, at=at(dt.date(2026, 1, 6)))
        cycle = cycle.align_goal(goal.id, GROWTH, by=boss, at=at(dt.date(2026, 1, 6)))
    if story.stuck_in_goal_setting:
        return cycle
    cycle = cycle.agree_goals(by=me, at=at(dt.date(2026, 1, 8)))
    cycle = cycle.advance(by=boss, at=at(dt.date(2026, 1, 12)))
    day = dt.date(2026, 1, 12)
    while day <= story.stop_check_ins:
        progress = tuple(pc.GoalProgress(goal_id=g.id) for g in GOALS)
        check_in = pc.CheckIn(
            id=f"ci-{day}", kind=pc.CheckInKind.ONE_ON_ONE, held_on=day, progress=progress
        )
        cycle = cycle.record_check_in(check_in, by=boss, at=at(day))
        day += dt.timedelta(days=story.every_days)
    if cycle.blockers(at=at(dt.date(2027, 1, 4))):
        return cycle  # stuck: implementation cannot end with gaps in the check-ins
    cycle = cycle.advance(by=boss, at=at(dt.date(2027, 1, 4)))
    return appraise(cycle, story, me, boss)


def appraise(cycle: pc.Cycle, story: Story, me: pc.Actor, boss: pc.Actor) -> pc.Cycle:
    """Appraisal and improvement: renewals partly met, pipeline met."""

    def ratings(source: pc.AssessmentSource, value: float, text: str) -> pc.Assessment:
        return pc.Assessment(
            source=source,
            goal_ratings=(
                pc.GoalRating(
                    goal_id="renewals",
                    achievement=pc.Achievement.PARTLY_MET,
                    rating=pc.Rating(value=value, basis=basis(text)),
                ),
                pc.GoalRating(
                    goal_id="pipeline",
                    achievement=pc.Achievement.MET,
                    rating=pc.Rating(value=3, basis=basis("41 qualified deals in the CRM")),
                ),
            ),
        )

    own = ratings(pc.AssessmentSource.SELF, story.self_rating, "Two renewals slipped to January")
    cycle = cycle.submit_self_assessment(own, by=me, at=at(dt.date(2027, 1, 6)))
    theirs = ratings(pc.AssessmentSource.MANAGER, story.manager_rating, story.basis_text)
    cycle = cycle.submit_manager_assessment(theirs, by=boss, at=at(dt.date(2027, 1, 8)))
    cause = pc.RootCause(
        id="rc-renewals",
        goal_id="renewals",
        category=pc.CauseCategory.KNOWLEDGE,
        description="Did not know the new pricing model",
    )
    if story.root_cause:
        cycle = cycle.record_root_cause(cause, by=boss, at=at(dt.date(2027, 1, 9)))
    explained = (
        (pc.GapExplanation(goal_id="renewals", text="Slipped renewals counted in 2027"),)
        if story.explain_gap
        else ()
    )
    talk = pc.FeedbackDiscussion(
        held_on=dt.date(2027, 1, 12), summary="Went through both goals", gap_explanations=explained
    )
    cycle = cycle.hold_feedback_discussion(talk, by=boss, at=at(dt.date(2027, 1, 12)))
    cycle = cycle.acknowledge(by=me, at=at(dt.date(2027, 1, 13)))
    if cycle.blockers():
        return cycle  # stuck: the appraisal cannot end without the analysis or the explanation
    action = pc.ImprovementAction(
        id="a1",
        title="Pricing model course",
        kind=story.action_kind,
        owner_id=story.employee,
        due=dt.date(2027, 3, 15),
        success_measure="Quotes priced without escalation",
        cause_ids=(cause.id,),
    )
    cycle = cycle.add_improvement_action(action, by=boss, at=at(dt.date(2027, 1, 14)))
    cycle = cycle.advance(by=boss, at=at(dt.date(2027, 1, 20)))
    if story.followed_up:
        done = pc.FollowUp(
            action_id="a1",
            held_on=dt.date(2027, 3, 10),
            progress="Course done; quotes priced unaided",
            outcome=pc.Outcome.IMPROVED,
        )
        cycle = cycle.record_follow_up(done, by=boss, at=at(dt.date(2027, 3, 10)))
        if not cycle.blockers():  # an action that misses its cause keeps the cycle open
            cycle = cycle.close(by=boss, at=at(dt.date(2027, 3, 12)))
    return cycle


STORIES: Sequence[Story] = (
    # Jo's team: 1:1s every two weeks are agreed; most are healthy.
    Story(employee="ana", manager="jo"),
    Story(employee="ben", manager="jo", manager_rating=4, self_rating=4),
    Story(employee="cai", manager="jo", every_days=35, stop_check_ins=dt.date(2026, 6, 30)),
    Story(employee="dee", manager="jo", basis_text="ok", manager_rating=1, explain_gap=False),
    # Sam's team: no agreement, the cycle's 30-day cadence applies.
    Story(employee="eli", manager="sam", every_days=28),
    Story(employee="fay", manager="sam", every_days=28, action_kind=pc.InterventionKind.COACHING),
    Story(employee="gus", manager="sam", every_days=28, root_cause=False),
    Story(employee="hal", manager="sam", stuck_in_goal_setting=True),
)


def main() -> None:
    cycles = [run(story) for story in STORIES]
    report = audit(cycles, as_of=AS_OF, agreements=[JO_AGREEMENT])
    print(f"Audit of {len(cycles)} cycles as of {AS_OF:%Y-%m-%d}: {len(report)} findings")
    for manager, findings in report.by_manager().items():
        print(f"\nManager {manager}")
        for finding in findings:
            who = finding.employee_id or "(team)"
            print(f"  [{finding.severity.value:8}] {who:6} {finding.code}: {finding.message}")
    print("\nFindings per code")
    for code, count in report.counts().items():
        print(f"  {code:32} {count}")
    healthy = sorted({c.employee_id for c in cycles} - {f.employee_id for f in report})
    print(f"\nNo findings: {', '.join(healthy)}")


if __name__ == "__main__":
    main()
