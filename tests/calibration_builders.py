"""Scored cycles on a 1-5 scale, and a calibration session over them, for calibration tests.

Each cycle has two goals on a 1-5 scale (60 / 40), scored with the scale
scorer carried onto 1-5, so its score is the weighted mean of the two levels
(levels 4 and 3 score 0.6 × 4 + 0.4 × 3 = 3.6).
"""

from __future__ import annotations

import datetime as dt
import functools

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.calibration import CalibrationSession
from perfcore.scoring import ScaleRating

FIVE = pc.RatingScale(minimum=1, maximum=5)
CONFIG = ScoringConfig(goal_scorers={"scale": ScaleRating(to_scale=FIVE)})
T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)
OTHER_HR = pc.Actor(person_id="hr-2", role=pc.Role.HR)
OPENED = T0 + dt.timedelta(days=50)


def day(n: float) -> dt.datetime:
    """``T0`` plus ``n`` days."""
    return T0 + dt.timedelta(days=n)


def manager(person_id: str) -> pc.Actor:
    return pc.Actor(person_id=person_id, role=pc.Role.MANAGER)


@functools.cache
def scored(cycle_id: str, employee_id: str, manager_id: str, levels: tuple[int, int]) -> pc.Cycle:
    """A cycle in appraisal whose recorded score is the weighted mean of ``levels``."""
    employee = pc.Actor(person_id=employee_id, role=pc.Role.EMPLOYEE)
    boss = manager(manager_id)
    cycle = pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee_id,
        manager_id=manager_id,
        period=pc.Period.annual(2026),
        by=HR,
        at=T0,
    )
    for number, (goal_id, weight) in enumerate((("delivery", 60), ("teamwork", 40)), start=1):
        goal = pc.Goal(
            id=goal_id,
            title=goal_id.title(),
            weight=weight,
            parent_id=f"org/{goal_id}",
            measure=pc.ScaleMeasure(scale=FIVE, target=3),
        )
        cycle = cycle.propose_goal(goal, by=boss, at=day(number))
    cycle = b.aligned(cycle).agree_goals(by=employee, at=day(3)).advance(by=boss, at=day(4))
    check_in = pc.CheckIn(
        id="ci1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=day(30).date(), summary="On track"
    )
    cycle = cycle.record_check_in(check_in, by=boss, at=day(30)).advance(by=boss, at=day(40))
    ratings = tuple(
        pc.GoalRating(
            goal_id=goal_id,
            achievement=pc.Achievement.MET,
            actual=float(level),
            rating=pc.Rating(value=level, basis=pc.Basis(text="Seen in the quarter")),
        )
        for goal_id, level in zip(("delivery", "teamwork"), levels, strict=True)
    )
    assessment = pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=ratings)
    cycle = cycle.submit_manager_assessment(assessment, by=boss, at=day(42))
    return cycle.record_score(cycle.compute_score(CONFIG, DEFAULT_REGISTRY), by=boss, at=day(43))


LEVELS = ((4, 3), (3, 3), (5, 4), (2, 3), (3, 4), (4, 4), (5, 5), (2, 2))


def population(size: int = 8) -> tuple[pc.Cycle, ...]:
    """``size`` scored cycles, e-0 ... under m-1 (even) and m-2 (odd)."""
    return tuple(
        scored(f"c-{i}", f"e-{i}", f"m-{1 + i % 2}", LEVELS[i % len(LEVELS)]) for i in range(size)
    )


def opened(size: int = 8) -> CalibrationSession:
    """A session on ``population(size)`` with m-1, m-2 and hr-2 taking part."""
    return CalibrationSession.open(
        session_id="cal-1",
        cycles=population(size),
        participant_ids=("m-1", "m-2", "hr-2"),
        by=HR,
        at=OPENED,
    )
