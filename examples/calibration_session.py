"""A calibration session for 60 people under 6 managers, from proposals to locked results.

Run: python examples/calibration_session.py

Each of the 60 cycles has two goals on a 1-5 scale (delivery 60 %, teamwork
40 %), so a manager's score is the weighted mean of the two levels they gave
(4 and 3 score 3.6). HR opens a session on the 60 cycles with the six managers
taking part; they move some ratings, each with a reason; HR closes it, which
locks the results and writes each moved rating back to its cycle as a
calibration adjustment. The script prints the distribution before and after
against a 20/60/20 guided distribution, the rater effects by manager, and each
change with its reason. The levels come from a fixed seed, every moment is
written out, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import random

import perfcore as pc
from perfcore.analytics import SessionReport, session_report
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.calibration import CalibrationSession
from perfcore.scoring import ScaleRating

FIVE = pc.RatingScale(minimum=1, maximum=5)
CONFIG = ScoringConfig(goal_scorers={"scale": ScaleRating(to_scale=FIVE)})
T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
HR = pc.Actor(person_id="hr-ines", role=pc.Role.HR)
MANAGERS = ("m-ana", "m-ben", "m-chen", "m-dara", "m-eli", "m-fay")
LENIENCY = {"m-ana": 1, "m-ben": 0, "m-chen": 0, "m-dara": -1, "m-eli": 0, "m-fay": 1}
"""How far each manager's levels lean (m-ana and m-fay rate high, m-dara low)."""
GUIDANCE = {"low": 0.2, "middle": 0.6, "high": 0.2}
CUTS = (0.4, 0.8)
"""On 0-1: below 0.4 is low (under 2.6 on 1-5), 0.8 and above is high (4.2 and above)."""


def day(n: float) -> dt.datetime:
    """``T0`` plus ``n`` days."""
    return T0 + dt.timedelta(days=n)


def scored_cycle(number: int, manager_id: str, levels: tuple[int, int]) -> pc.Cycle:
    """A cycle in appraisal whose score is the weighted mean of the two levels."""
    employee_id = f"e-{number:02d}"
    employee = pc.Actor(person_id=employee_id, role=pc.Role.EMPLOYEE)
    manager = pc.Actor(person_id=manager_id, role=pc.Role.MANAGER)
    cycle = pc.Cycle.start(
        cycle_id=f"c-{number:02d}",
        employee_id=employee_id,
        manager_id=manager_id,
        period=pc.Period.annual(2026),
        by=HR,
        at=T0,
    )
    for step, (goal_id, weight) in enumerate((("delivery", 60), ("teamwork", 40)), start=1):
        goal = pc.Goal(
            id=goal_id,
            title=goal_id.title(),
            weight=weight,
            parent_id=f"org/{goal_id}",
            measure=pc.ScaleMeasure(scale=FIVE, target=3),
        )
        cycle = cycle.propose_goal(goal, by=manager, at=day(step))
        objective = pc.Objective(
            id=f"org/{goal_id}",
            title=goal_id.title(),
            level=pc.ObjectiveLevel.COMPANY,
            period=pc.Period.annual(2026),
        )
        cycle = cycle.align_goal(goal_id, objective, by=manager, at=day(step))
    cycle = cycle.agree_goals(by=employee, at=day(3)).advance(by=manager, at=day(4))
    check_in = pc.CheckIn(
        id="ci-1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=day(30).date(), summary="On track"
    )
    cycle = cycle.record_check_in(check_in, by=manager, at=day(30)).advance(by=manager, at=day(40))
    ratings = tuple(
        pc.GoalRating(
            goal_id=goal_id,
            achievement=pc.Achievement.MET if level >= 3 else pc.Achievement.PARTLY_MET,
            actual=float(level),
            rating=pc.Rating(value=level, basis=pc.Basis(text="Seen through the year")),
        )
        for goal_id, level in zip(("delivery", "teamwork"), levels, strict=True)
    )
    assessment = pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=ratings)
    cycle = cycle.submit_manager_assessment(assessment, by=manager, at=day(42))
    return cycle.record_score(cycle.compute_score(CONFIG, DEFAULT_REGISTRY), by=manager, at=day(43))


def population(rng: random.Random) -> list[pc.Cycle]:
    """Ten people per manager; each manager's levels lean as ``LENIENCY`` says."""
    cycles = []
    for number in range(60):
        manager_id = MANAGERS[number // 10]
        lean = LENIENCY[manager_id]
        levels = (
            max(1, min(5, rng.choice((2, 3, 3, 3, 4)) + lean)),
            max(1, min(5, rng.choice((2, 3, 3, 4, 4)) + lean)),
        )
        cycles.append(scored_cycle(number, manager_id, levels))
    return cycles


def print_distribution(title: str, report: SessionReport, *, after: bool) -> None:
    """The organisation's counts per band against the guidance, and the mean per manager."""
    guided = report.guided_after if after else report.guided_before
    shown = report.after if after else report.before
    assert guided is not None  # the report was asked with targets
    print(f"\n{title}")
    for band in guided.bands:
        print(f"  {band.label:<7} {band.actual:>3} rated, target {band.target:>3}")
    for row in shown.groups:
        assert row.mean is not None  # every manager rates ten people
        print(f"  {row.group:<7} mean {1 + 4 * row.mean:.2f} on 1-5 over {row.count} people")
    for warning in guided.warnings:
        print(f"  guidance: {warning}")


def main() -> None:
    """Open, calibrate, close, and print what changed and why."""
    rng = random.Random(2026)  # noqa: S311 - a fixed seed for made-up levels, not security
    cycles = population(rng)
    session = CalibrationSession.open(
        session_id="cal-2026-eng",
        cycles=cycles,
        participant_ids=MANAGERS,
        by=HR,
        at=day(50),
        reason="Year-end calibration, engineering",
    )
    report = session_report(session, targets=GUIDANCE, bands=CUTS)
    print_distribution("Before (as the managers proposed)", report, after=False)

    # The discussion: the lenient managers' top ratings are compared with the others',
    # m-dara's lowest with theirs. Each participant moves ratings of other teams too.
    moved_at = day(50)
    step = 0
    for result in session.results:
        mover = MANAGERS[(MANAGERS.index(result.manager_id) + 1) % len(MANAGERS)]
        lean = LENIENCY[result.manager_id]
        if lean > 0 and result.calibrated >= 4.6:
            value = round(result.calibrated - 0.7, 2)
            reason = "Strong year, but no wider impact than the 4s in the other teams"
        elif lean < 0 and result.calibrated <= 2.4:
            value = round(result.calibrated + 0.8, 2)
            reason = "Led the incident reviews; the same results rate 3 elsewhere"
        else:
            continue
        step += 1
        session = session.move(
            result.cycle_id,
            value,
            reason=reason,
            by=pc.Actor(person_id=mover, role=pc.Role.MANAGER),
            at=moved_at + dt.timedelta(minutes=step),
        )

    closed, written = session.close(cycles, by=HR, at=day(51), reason="Results agreed")
    report = session_report(closed, targets=GUIDANCE, bands=CUTS)
    print_distribution("After (calibrated, locked)", report, after=True)

    print(f"\n{len(report.changes)} of {len(closed.results)} ratings changed:")
    for change in report.changes:
        print(
            f"  {change.employee_id} ({change.manager_id}): {change.proposed:g} -> "
            f"{change.calibrated:g}  {change.reason}"
        )

    print(f"\nWritten back to {len(written)} cycles as calibration adjustments, for example:")
    adjustment = written[0].score_adjustment
    assert adjustment is not None  # closing recorded it
    print(
        f"  {written[0].id}: {adjustment.replaces:g} -> {adjustment.value:g}"
        f" ({adjustment.kind.value}, session {adjustment.reference}, by {adjustment.actor},"
        f" reason: {adjustment.reason})"
    )
    print(f"\n{closed!r}")


if __name__ == "__main__":
    main()
