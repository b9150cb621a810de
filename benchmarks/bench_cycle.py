"""Speed and memory of the cycle core, beside two hand-written baselines.

Run: ``python benchmarks/bench_cycle.py`` (add ``--quick`` for a short run).
Nothing here is asserted: the numbers are for reading and comparing across
changes. Timings are the best of several repeats, per operation.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import timeit
import tracemalloc
from collections.abc import Callable

import attrs

import perfcore as pc
from perfcore.serialization import make_converter

UTC = dt.UTC
HR = pc.Actor(person_id="hr", role=pc.Role.HR)
MANAGER = pc.Actor(person_id="m", role=pc.Role.MANAGER)
EMPLOYEE = pc.Actor(person_id="e", role=pc.Role.EMPLOYEE)
T0 = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)


def at(day: int) -> dt.datetime:
    return T0 + dt.timedelta(days=day)


def started(cycle_id: str = "c") -> pc.Cycle:
    return pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id="e",
        manager_id="m",
        period=pc.Period.annual(2026),
        by=HR,
        at=T0,
        check_in_every_days=45,
    )


def goal(goal_id: str, weight: float) -> pc.Goal:
    return pc.Goal(
        id=goal_id,
        title=f"Goal {goal_id}",
        weight=weight,
        measure=pc.NumericMeasure(unit="EUR k", threshold=90, target=100, stretch=120),
        parent_id="company/growth",
    )


def full_cycle(cycle_id: str = "c") -> pc.Cycle:
    """A whole cycle: 3 goals, 8 check-ins, appraisal, one action followed up, closed."""
    cycle = started(cycle_id)
    for number, weight in ((1, 50), (2, 30), (3, 20)):
        cycle = cycle.propose_goal(goal(f"g{number}", weight), by=MANAGER, at=at(1))
    cycle = cycle.agree_goals(by=EMPLOYEE, at=at(2)).advance(by=MANAGER, at=at(3))
    for number in range(8):
        day = 10 + 40 * number
        check_in = pc.CheckIn(
            id=f"ci{number}", kind=pc.CheckInKind.ONE_ON_ONE, held_on=at(day).date()
        )
        cycle = cycle.record_check_in(check_in, by=MANAGER, at=at(day))
    cycle = cycle.advance(by=MANAGER, at=at(330))
    basis = pc.Basis(text="Evidence")
    ratings = tuple(
        pc.GoalRating(
            goal_id=f"g{number}",
            achievement=pc.Achievement.PARTLY_MET if number == 1 else pc.Achievement.MET,
            rating=pc.Rating(value=3, basis=basis),
        )
        for number in (1, 2, 3)
    )
    for source, actor in (
        (pc.AssessmentSource.SELF, EMPLOYEE),
        (pc.AssessmentSource.MANAGER, MANAGER),
    ):
        assessment = pc.Assessment(source=source, goal_ratings=ratings)
        if source is pc.AssessmentSource.SELF:
            cycle = cycle.submit_self_assessment(assessment, by=actor, at=at(331))
        else:
            cycle = cycle.submit_manager_assessment(assessment, by=actor, at=at(332))
    cause = pc.RootCause(
        id="rc", goal_id="g1", category=pc.CauseCategory.KNOWLEDGE, description="x"
    )
    cycle = cycle.record_root_cause(cause, by=MANAGER, at=at(333))
    discussion = pc.FeedbackDiscussion(held_on=at(334).date(), summary="Talked")
    cycle = cycle.hold_feedback_discussion(discussion, by=MANAGER, at=at(334))
    cycle = cycle.acknowledge(by=EMPLOYEE, at=at(335))
    action = pc.ImprovementAction(
        id="a",
        title="Training",
        kind=pc.InterventionKind.TRAINING,
        owner_id="e",
        due=dt.date(2027, 3, 1),
        success_measure="Passed",
        cause_ids=("rc",),
    )
    cycle = cycle.add_improvement_action(action, by=MANAGER, at=at(336))
    cycle = cycle.advance(by=MANAGER, at=at(337))
    follow_up = pc.FollowUp(
        action_id="a", held_on=at(350).date(), progress="Done", outcome=pc.Outcome.IMPROVED
    )
    cycle = cycle.record_follow_up(follow_up, by=MANAGER, at=at(350))
    return cycle.close(by=MANAGER, at=at(351))


# --- baselines: a 6-phase machine with one guard ------------------------------------

_NEXT = {"a": "b", "b": "c", "c": "d", "d": "e", "e": "f"}


class MutableMachine:
    """The hand-written limit: a mutable object and a dict of allowed transitions."""

    def __init__(self) -> None:
        self.state = "a"
        self.ok = True

    def advance(self) -> None:
        if not self.ok:
            raise ValueError("guard")
        self.state = _NEXT.get(self.state, "a")


@attrs.frozen
class FrozenMachine:
    """A frozen attrs record replaced with ``attrs.evolve`` on each transition."""

    state: str = "a"
    ok: bool = True

    def advance(self) -> FrozenMachine:
        if not self.ok:
            raise ValueError("guard")
        return attrs.evolve(self, state=_NEXT.get(self.state, "a"))


# --- measuring ----------------------------------------------------------------------


def best_us(fn: Callable[[], object], number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def bytes_per(make: Callable[[], object], count: int) -> float:
    gc.collect()
    tracemalloc.start()
    keep = [make() for _ in range(count)]
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del keep
    return current / count


def main() -> None:
    quick = "--quick" in sys.argv
    n, r = (200, 3) if quick else (2000, 5)
    converter = make_converter()
    implementation = started()
    for number, weight in ((1, 50), (2, 30), (3, 20)):
        implementation = implementation.propose_goal(
            goal(f"g{number}", weight), by=MANAGER, at=at(1)
        )
    implementation = implementation.agree_goals(by=EMPLOYEE, at=at(2)).advance(by=MANAGER, at=at(3))
    check_in = pc.CheckIn(id="x", kind=pc.CheckInKind.INFORMAL_NOTE, held_on=at(10).date())
    closed = full_cycle()
    data = converter.unstructure(closed)
    mutable, frozen = MutableMachine(), FrozenMachine()

    rows = [
        ("baseline: mutable dict machine, per transition", best_us(mutable.advance, n * 50, r)),
        ("baseline: frozen attrs + evolve, per transition", best_us(frozen.advance, n * 10, r)),
        (
            "perfcore: record a check-in (one command)",
            best_us(lambda: implementation.record_check_in(check_in, by=MANAGER, at=at(10)), n, r),
        ),
        (
            "perfcore: advance with every guard checked",
            best_us(lambda: implementation.blockers(at=at(20)), n, r),
        ),
        ("perfcore: start a cycle", best_us(started, n, r)),
        (
            f"perfcore: whole cycle ({len(closed.events)} commands)",
            best_us(full_cycle, n // 20 or 1, r),
        ),
        (
            f"perfcore: replay {len(closed.events)} events",
            best_us(lambda: pc.Cycle.replay(closed.events), n // 10, r),
        ),
        (
            "perfcore: unstructure a closed cycle",
            best_us(lambda: converter.unstructure(closed), n // 10, r),
        ),
        (
            "perfcore: structure a closed cycle",
            best_us(lambda: converter.structure(data, pc.Cycle), n // 20 or 1, r),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'operation':<{width}}  time (µs)")
    for name, micro in rows:
        print(f"{name:<{width}}  {micro:10.2f}")
    count = 50 if quick else 500
    print()
    print(f"memory per started cycle: {bytes_per(started, count) / 1024:.1f} kB")
    per_closed = bytes_per(full_cycle, count // 5) / 1024
    print(f"memory per closed cycle ({len(closed.events)} events): {per_closed:.1f} kB")


if __name__ == "__main__":
    main()
