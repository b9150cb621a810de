"""Properties of the audit: a cycle built to satisfy every condition yields no findings,
and the report does not depend on the order of its input."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.improvement import DEFAULT_CAUSE_INTERVENTIONS
from perfcore.oversight import audit

HR = pc.Actor(person_id="hr1", role=pc.Role.HR)
START = dt.date(2026, 1, 5)
WORDS = st.sampled_from(
    [
        "Quarterly report shows the result",
        "Measured in the CRM dashboard",
        "Confirmed by the customer survey",
    ]
)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


@st.composite
def weights(draw: st.DrawFn) -> list[int]:
    """1-4 positive integer weights totalling 100."""
    count = draw(st.integers(1, 4))
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 100]
    return [b - a for a, b in itertools.pairwise(bounds)]


@st.composite
def healthy_cycles(draw: st.DrawFn, employee_id: str = "e1", manager_id: str = "m1") -> pc.Cycle:  # noqa: PLR0915 - one linear script
    """A cycle run start to close keeping every rule the audit checks."""
    me = pc.Actor(person_id=employee_id, role=pc.Role.EMPLOYEE)
    boss = pc.Actor(person_id=manager_id, role=pc.Role.MANAGER)
    every = draw(st.integers(7, 60))
    cycle = pc.Cycle.start(
        cycle_id=f"c-{employee_id}",
        employee_id=employee_id,
        manager_id=manager_id,
        period=pc.Period.annual(2026),
        by=HR,
        at=at(START),
        check_in_every_days=every,
    )
    goals = [
        pc.Goal(
            id=f"g{n}",
            title=f"Goal {n}",
            weight=w,
            parent_id="company",
            measure=pc.NumericMeasure(unit="units", target=100),
        )
        for n, w in enumerate(draw(weights()))
    ]
    if draw(st.booleans()):
        goals.append(
            pc.Goal(
                id="dev",
                title="Learn",
                kind=pc.GoalKind.DEVELOPMENT,
                measure=pc.YesNoMeasure(question="Done?"),
            )
        )
    for goal in goals:
        cycle = cycle.propose_goal(goal, by=boss, at=at(START + dt.timedelta(days=1)))
    cycle = b.aligned(cycle).agree_goals(
        by=me, at=at(START + dt.timedelta(days=draw(st.integers(2, 9))))
    )
    day = START + dt.timedelta(days=draw(st.integers(10, 30)))
    cycle = cycle.advance(by=boss, at=at(day))
    began = day
    first = True
    length = draw(st.integers(60, 250))
    while (day - began).days < length:
        day += dt.timedelta(days=draw(st.integers(1, min(every, 30) if first else every)))
        first = False
        check_in = pc.CheckIn(
            id=f"ci{day}",
            kind=pc.CheckInKind.ONE_ON_ONE,
            held_on=day,
            progress=tuple(pc.GoalProgress(goal_id=g.id) for g in goals),
        )
        cycle = cycle.record_check_in(check_in, by=boss, at=at(day))
    day += dt.timedelta(days=draw(st.integers(0, every)))
    cycle = cycle.advance(by=boss, at=at(day))

    def rating(goal: pc.Goal, value: int, achievement: pc.Achievement) -> pc.GoalRating:
        return pc.GoalRating(
            goal_id=goal.id,
            achievement=achievement,
            rating=pc.Rating(value=value, basis=pc.Basis(text=draw(WORDS))),
        )

    mine, theirs = [], []
    for goal in goals:
        value = draw(st.integers(1, 5))
        own = draw(st.integers(max(1, value - 1), min(5, value + 1)))
        achievement = draw(st.sampled_from(pc.Achievement))
        theirs.append(rating(goal, value, achievement))
        mine.append(rating(goal, own, achievement))
    self_assessment = pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=tuple(mine))
    manager_assessment = pc.Assessment(
        source=pc.AssessmentSource.MANAGER, goal_ratings=tuple(theirs)
    )
    day += dt.timedelta(days=1)
    cycle = cycle.submit_self_assessment(self_assessment, by=me, at=at(day))
    cycle = cycle.submit_manager_assessment(manager_assessment, by=boss, at=at(day))
    causes = []
    for goal in cycle.unmet_goals:
        category = draw(st.sampled_from(pc.CauseCategory))
        attribution = (
            draw(st.sampled_from(pc.Attribution)) if category is pc.CauseCategory.ATTITUDE else None
        )
        cause = pc.RootCause(
            id=f"rc-{goal.id}",
            goal_id=goal.id,
            category=category,
            attribution=attribution,
            description="Analysed with the employee",
        )
        causes.append(cause)
        cycle = cycle.record_root_cause(cause, by=boss, at=at(day))
    talk = pc.FeedbackDiscussion(held_on=day, summary="Went through every goal")
    cycle = cycle.hold_feedback_discussion(talk, by=boss, at=at(day))
    cycle = cycle.acknowledge(by=me, at=at(day))
    for cause in causes:
        kind = draw(st.sampled_from(DEFAULT_CAUSE_INTERVENTIONS.allowed_for(cause)))
        action = pc.ImprovementAction(
            id=f"a-{cause.id}",
            title="Agreed action",
            kind=kind,
            owner_id=employee_id,
            due=day + dt.timedelta(days=draw(st.integers(20, 90))),
            success_measure="Goal met next cycle",
            cause_ids=(cause.id,),
        )
        cycle = cycle.add_improvement_action(action, by=boss, at=at(day))
    day += dt.timedelta(days=1)
    cycle = cycle.advance(by=boss, at=at(day))
    days = sorted(draw(st.integers(1, 19)) for _ in cycle.actions)
    for action, offset in zip(cycle.actions, days, strict=True):
        held = day + dt.timedelta(days=offset)
        done = pc.FollowUp(
            action_id=action.id, held_on=held, progress="Done", outcome=pc.Outcome.IMPROVED
        )
        cycle = cycle.record_follow_up(done, by=boss, at=at(held))
    return cycle.close(by=boss, at=at(day + dt.timedelta(days=20)))


@st.composite
def moments(draw: st.DrawFn, cycle: pc.Cycle) -> dt.datetime:
    """A moment from the cycle's start to a year after it closed."""
    first = cycle.events[0].at
    last = cycle.last_event_at + dt.timedelta(days=365)
    seconds = draw(st.integers(0, int((last - first).total_seconds())))
    return first + dt.timedelta(seconds=seconds)


@settings(deadline=None)
@given(st.data())
def test_a_cycle_that_keeps_every_rule_yields_no_findings(data: st.DataObject) -> None:
    cycle = data.draw(healthy_cycles())
    as_of = data.draw(moments(cycle))
    report = audit([cycle], as_of=as_of)
    assert not report, report.findings


@settings(deadline=None, max_examples=25)
@given(st.data())
def test_healthy_teams_yield_no_findings(data: st.DataObject) -> None:
    cycles = [
        data.draw(healthy_cycles(employee_id=f"e{n}", manager_id=f"m{n % 2}")) for n in range(3)
    ]
    as_of = data.draw(moments(cycles[0]))
    assert not audit(cycles, as_of=as_of)
