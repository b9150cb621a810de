"""Scenario 1, "transition": advancing a cycle through its phases, and creating one.

perfcore's side is :meth:`perfcore.Cycle.advance` (and :meth:`~perfcore.Cycle.close`
for the last step) on cycles whose leaving conditions are all met: each call
checks the inputs, that the command is allowed in the phase, the actor's
permission, every leaving condition of the phase, and records a
``PhaseAdvanced``/``CycleClosed`` event in a new immutable cycle.

What is timed, per transition
    Setup (untimed) builds ``K`` realistic cycles (5 agreed goals, 4 check-ins,
    self and manager assessments, a root cause, feedback, acknowledgement, an
    improvement action and its follow-up) and keeps, for each, the four
    immutable snapshots that are ready to leave goal setting, implementation,
    appraisal and improvement. One timed call does, for each of the ``K`` sets,
    ``advance`` on the first three snapshots and ``close`` on the fourth: ``4K``
    guarded transitions, each by the cycle's manager at a fixed time. A cycle
    keeps some values it works out (its active goals, its improvement plan),
    so each timed call gets fresh copies of the snapshots, made in setup.

The baselines run the same five states (goal_setting → implementation →
appraisal → improvement → closed) with ONE guard ("goals agreed", a boolean
read through a condition) checked on every transition and a callback appending
``(who, when, from, to)`` to a history; they check no permission and only that
one guard, where perfcore checks the phase's full rule set (for example five
goal rules to leave goal setting) and the actor's role and identity.

- ``attrs.evolve``: a hand-written frozen attrs record; ``advance``/``close``
  check the guard and return ``attrs.evolve(self, phase=..., history=(*history, entry))``.
  ``K`` records in goal setting are built in setup (immutable, so every call
  reuses them); one timed call takes each through ``advance`` ×3 and ``close``.
- ``transitions``: a ``transitions.Machine`` bound to a plain model
  (``conditions="goals_agreed"``, ``after="record"``, ``send_event=True``,
  ``auto_transitions=False``); triggers ``advance`` and ``close``.
- ``python-statemachine``: a ``StateMachine`` with ``cond="goals_agreed"`` on
  each transition and an ``after_transition(by, at, source, target)`` hook.

Both peers' machines are mutable and end in ``closed``, so setup builds one
fresh batch of ``K`` machines for each timed call (``config.runs`` + the
warm-up) and a timed call runs every machine of its batch through the 4
transitions; creating them is not timed. python-statemachine is an order of
magnitude slower, so its case uses a smaller ``K`` (perfcore's side too).

Like ``timeit``, every timed call runs with the garbage collector paused
(:func:`paused_gc`): a collection's cost depends on everything else alive (here
mostly the prepared snapshots and machines), not on the work measured.

Creation cost, per created cycle: µs to create one cycle in goal setting
(``Cycle.start`` by HR: validated fields, HR's permission, the ``CycleStarted``
event) against one peer machine with its model, or one frozen attrs record,
each holding the cycle id, employee id, manager id, the guard flag and an empty
history; the ids are computed in setup. Bytes held per created cycle are
measured with tracemalloc (``harness.bytes_per_item``); period, scale and the
HR actor are shared objects, as an app would share them.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs
from harness import Case, Config, Result, bytes_per_item, measure

import perfcore as pc

SCENARIO = "transition"
T = TypeVar("T")
MISSING = "install benchmarks/requirements.txt"
T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
PERIOD = pc.Period.annual(2026)
HR = pc.Actor(person_id="hr", role=pc.Role.HR)
WEIGHTS = (30, 25, 20, 15, 10)
STATES = ("goal_setting", "implementation", "appraisal", "improvement", "closed")
NEXT = dict(itertools.pairwise(STATES))


def at(day: int) -> dt.datetime:
    """``T0`` plus ``day`` days."""
    return T0 + dt.timedelta(days=day)


# When each prepared snapshot leaves its phase (advance ×3, then close).
LEAVE_AT = (at(3), at(330), at(337), at(351))


def paused_gc(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run with the garbage collector paused, as ``timeit`` does."""

    def run() -> object:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn()
        finally:
            if enabled:
                gc.enable()

    return run


# --- building realistic cycles (setup, never timed) -----------------------------------


def people(number: int) -> tuple[pc.Actor, pc.Actor]:
    """The employee and manager of cycle ``number`` (50 managers share the employees)."""
    return (
        pc.Actor(person_id=f"e{number}", role=pc.Role.EMPLOYEE),
        pc.Actor(person_id=f"m{number % 50}", role=pc.Role.MANAGER),
    )


def ids(number: int) -> tuple[str, str, str]:
    """The cycle id, employee id and manager id of cycle ``number``."""
    employee, manager = people(number)
    return f"{employee.person_id}/2026", employee.person_id, manager.person_id


def new_cycle(cycle_id: str, employee_id: str, manager_id: str) -> pc.Cycle:
    """A new cycle in goal setting, started by HR (what "create a cycle" times)."""
    return pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee_id,
        manager_id=manager_id,
        period=PERIOD,
        by=HR,
        at=T0,
        check_in_every_days=90,
    )


def start(number: int) -> pc.Cycle:
    """A new cycle for employee ``number``."""
    return new_cycle(*ids(number))


GROWTH = pc.Objective(
    id="company/growth", title="Grow", level=pc.ObjectiveLevel.COMPANY, period=PERIOD
)
"""The company objective the goals hang under (from the app's catalogue)."""


def ready_snapshots(number: int) -> tuple[pc.Cycle, pc.Cycle, pc.Cycle, pc.Cycle]:
    """Cycle ``number`` ready to leave goal setting, implementation, appraisal, improvement.

    A whole realistic cycle: 5 agreed goals, 4 check-ins, self and manager
    assessments (one goal partly met), a root cause, the feedback discussion and
    acknowledgement, one improvement action and its follow-up.
    """
    employee, manager = people(number)
    cycle = start(number)
    for index, weight in enumerate(WEIGHTS, start=1):
        goal = pc.Goal(
            id=f"g{index}",
            title=f"Goal {index}",
            weight=weight,
            measure=pc.NumericMeasure(unit="EUR k", threshold=90, target=100, stretch=120),
            parent_id="company/growth",
        )
        cycle = cycle.propose_goal(goal, by=manager, at=at(1))
        cycle = cycle.align_goal(goal.id, GROWTH, by=manager, at=at(1))
    goal_setting = cycle.agree_goals(by=employee, at=at(2))
    cycle = goal_setting.advance(by=manager, at=LEAVE_AT[0])
    for index in range(4):
        day = 20 + 80 * index
        check_in = pc.CheckIn(
            id=f"ci{index}",
            kind=pc.CheckInKind.ONE_ON_ONE,
            held_on=at(day).date(),
            summary="On track",
        )
        cycle = cycle.record_check_in(check_in, by=manager, at=at(day))
    implementation = cycle
    cycle = implementation.advance(by=manager, at=LEAVE_AT[1])
    basis = pc.Basis(text="Evidence from the CRM")
    ratings = tuple(
        pc.GoalRating(
            goal_id=f"g{index}",
            achievement=pc.Achievement.PARTLY_MET if index == 1 else pc.Achievement.MET,
            rating=pc.Rating(value=2 if index == 1 else 3, basis=basis),
        )
        for index in range(1, len(WEIGHTS) + 1)
    )
    mine = pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=ratings)
    theirs = pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=ratings)
    cycle = cycle.submit_self_assessment(mine, by=employee, at=at(331))
    cycle = cycle.submit_manager_assessment(theirs, by=manager, at=at(332))
    cause = pc.RootCause(
        id="rc1", goal_id="g1", category=pc.CauseCategory.KNOWLEDGE, description="New product"
    )
    cycle = cycle.record_root_cause(cause, by=manager, at=at(333))
    talk = pc.FeedbackDiscussion(held_on=at(334).date(), summary="Talked it through")
    cycle = cycle.hold_feedback_discussion(talk, by=manager, at=at(334))
    cycle = cycle.acknowledge(by=employee, at=at(335))
    action = pc.ImprovementAction(
        id="a1",
        title="Product training",
        kind=pc.InterventionKind.TRAINING,
        owner_id=employee.person_id,
        due=dt.date(2027, 3, 1),
        success_measure="Passes the product quiz",
        cause_ids=("rc1",),
    )
    appraisal = cycle.add_improvement_action(action, by=manager, at=at(336))
    cycle = appraisal.advance(by=manager, at=LEAVE_AT[2])
    follow_up = pc.FollowUp(
        action_id="a1", held_on=at(350).date(), progress="Quiz passed", outcome=pc.Outcome.IMPROVED
    )
    improvement = cycle.record_follow_up(follow_up, by=manager, at=at(350))
    return goal_setting, implementation, appraisal, improvement


def whole_cycle(number: int) -> pc.Cycle:
    """Cycle ``number``, closed: 27 events (each goal aligned to the company objective)."""
    improvement = ready_snapshots(number)[3]
    return improvement.close(by=people(number)[1], at=LEAVE_AT[3])


Snapshots = tuple[pc.Cycle, pc.Cycle, pc.Cycle, pc.Cycle, pc.Actor]


class Batches(Generic[T]):
    """Fresh batches built in setup, one handed to each timed call.

    ``measure`` calls each side ``config.runs + 1`` times (warm-up included),
    so that many batches are built up front. Should a caller ask for more, a
    batch is built inside that call (counted in its time) rather than failing.
    The peers' machines are mutable and end closed; a cycle keeps values it
    works out once (its active goals, its improvement plan), so advancing the
    same snapshot again would skip work a real command does. Both sides
    therefore get fresh objects for every timed call.
    """

    def __init__(self, build: Callable[[], list[T]], count: int) -> None:
        self.build = build
        self.batches = [build() for _ in range(count)]

    def next(self) -> list[T]:
        """The next unused batch."""
        return self.batches.pop() if self.batches else self.build()


def fresh_copies(sets: list[Snapshots]) -> Callable[[], list[Snapshots]]:
    """A batch of copies of the prepared snapshots (``attrs.evolve`` with no change)."""
    return lambda: [(*(attrs.evolve(cycle) for cycle in s[:4]), s[4]) for s in sets]


def machines(make: Callable[..., Any], size: int) -> Callable[[], list[tuple[Any, pc.Actor]]]:
    """A batch of ``size`` peer machines with the manager who advances each."""
    return lambda: [(make(*ids(n)), people(n)[1]) for n in range(size)]


def perfcore_transitions(fresh: Batches[Snapshots]) -> Callable[[], object]:
    """One timed call: ``advance`` ×3 and ``close`` on each set of a fresh batch."""
    leave_gs, leave_im, leave_ap, leave_ip = LEAVE_AT

    def run() -> None:
        for goal_setting, implementation, appraisal, improvement, manager in fresh.next():
            goal_setting.advance(by=manager, at=leave_gs)
            implementation.advance(by=manager, at=leave_im)
            appraisal.advance(by=manager, at=leave_ap)
            improvement.close(by=manager, at=leave_ip)

    return run


def many(make: Callable[..., Any] | None, count: int) -> Callable[[], list[Any]] | None:
    """Create ``count`` cycles or machines with ``make``; ``None`` when the peer is missing.

    The ids are computed here, outside what is timed.
    """
    if make is None:
        return None
    rows = [ids(number) for number in range(count)]
    return lambda: [make(*row) for row in rows]


# --- baseline: a frozen attrs record ----------------------------------------------------


class GuardFailed(ValueError):
    """The one guard of the baselines refused a transition."""


@attrs.frozen(kw_only=True)
class FrozenCycle:
    """The hand-written limit: a frozen record replaced with ``attrs.evolve``."""

    id: str
    employee_id: str
    manager_id: str
    phase: str = "goal_setting"
    goals_agreed: bool = True
    history: tuple[tuple[object, dt.datetime, str, str], ...] = ()

    def advance(self, *, by: object, at: dt.datetime) -> FrozenCycle:
        """Move to the next phase if the goals are agreed, recording who/when/from/to."""
        if not self.goals_agreed:
            raise GuardFailed("goals not agreed")
        to = NEXT[self.phase]
        return attrs.evolve(self, phase=to, history=(*self.history, (by, at, self.phase, to)))

    close = advance


def frozen_record(cycle_id: str, employee_id: str, manager_id: str) -> FrozenCycle:
    """A new frozen record in goal setting."""
    return FrozenCycle(id=cycle_id, employee_id=employee_id, manager_id=manager_id)


def frozen_transitions(records: list[tuple[FrozenCycle, pc.Actor]]) -> Callable[[], object]:
    """One timed call: each record through advance ×3 and close (``4 * len(records)``)."""
    leave_gs, leave_im, leave_ap, leave_ip = LEAVE_AT

    def run() -> None:
        for record, manager in records:
            record.advance(by=manager, at=leave_gs).advance(by=manager, at=leave_im).advance(
                by=manager, at=leave_ap
            ).close(by=manager, at=leave_ip)

    return run


# --- baseline: transitions ---------------------------------------------------------------


def transitions_factory() -> Callable[..., Any] | None:
    """``make(cycle_id, employee_id, manager_id)``: a ``transitions`` machine and its model.

    ``None`` when ``transitions`` is not installed.
    """
    try:
        from transitions import Machine  # noqa: PLC0415 - optional peer
    except ImportError:
        return None
    moves = [
        {
            "trigger": "advance",
            "source": source,
            "dest": dest,
            "conditions": "goals_agreed",
            "after": "record",
        }
        for source, dest in itertools.pairwise(STATES[:4])
    ]
    moves.append(
        {
            "trigger": "close",
            "source": "improvement",
            "dest": "closed",
            "conditions": "goals_agreed",
            "after": "record",
        }
    )

    class Model:
        def __init__(self, cycle_id: str, employee_id: str, manager_id: str) -> None:
            self.id = cycle_id
            self.employee_id = employee_id
            self.manager_id = manager_id
            self.agreed = True
            self.history: list[tuple[object, dt.datetime, str, str]] = []

        def goals_agreed(self, event: Any) -> bool:  # noqa: ANN401, ARG002
            return self.agreed

        def record(self, event: Any) -> None:  # noqa: ANN401
            self.history.append(
                (
                    event.kwargs["by"],
                    event.kwargs["at"],
                    event.transition.source,
                    event.transition.dest,
                )
            )

    def make(cycle_id: str, employee_id: str, manager_id: str) -> Any:  # noqa: ANN401
        model = Model(cycle_id, employee_id, manager_id)
        Machine(
            model=model,
            states=list(STATES),
            transitions=moves,
            initial="goal_setting",
            send_event=True,
            auto_transitions=False,
        )
        return model

    return make


# --- baseline: python-statemachine ------------------------------------------------------


def statemachine_factory() -> Callable[..., Any] | None:
    """``make(cycle_id, employee_id, manager_id)``: a ``python-statemachine`` machine.

    ``None`` when ``python-statemachine`` is not installed.
    """
    try:
        from statemachine import State, StateMachine  # noqa: PLC0415 - optional peer
    except ImportError:
        return None

    class PhaseMachine(StateMachine):
        goal_setting = State(initial=True)
        implementation = State()
        appraisal = State()
        improvement = State()
        closed = State(final=True)

        advance = (
            goal_setting.to(implementation, cond="goals_agreed")
            | implementation.to(appraisal, cond="goals_agreed")
            | appraisal.to(improvement, cond="goals_agreed")
        )
        close = improvement.to(closed, cond="goals_agreed")

        def __init__(self, cycle_id: str, employee_id: str, manager_id: str) -> None:
            self.id = cycle_id
            self.employee_id = employee_id
            self.manager_id = manager_id
            self.agreed = True
            self.history: list[tuple[object, dt.datetime, str, str]] = []
            super().__init__()

        def goals_agreed(self) -> bool:
            return self.agreed

        def after_transition(self, by: object, at: dt.datetime, source: Any, target: Any) -> None:  # noqa: ANN401
            self.history.append((by, at, source.id, target.id))

    def make(cycle_id: str, employee_id: str, manager_id: str) -> Any:  # noqa: ANN401
        return PhaseMachine(cycle_id, employee_id, manager_id)

    return make


# --- mutable peers: one fresh batch per timed call --------------------------------------


def peer_transitions(batches: Batches[tuple[Any, pc.Actor]]) -> Callable[[], object]:
    """One timed call: every machine of the next batch through advance ×3 and close."""
    leave_gs, leave_im, leave_ap, leave_ip = LEAVE_AT

    def run() -> None:
        for machine, manager in batches.next():
            machine.advance(by=manager, at=leave_gs)
            machine.advance(by=manager, at=leave_im)
            machine.advance(by=manager, at=leave_ap)
            machine.close(by=manager, at=leave_ip)

    return run


def compare(config: Config, **fields: Any) -> Result:  # noqa: ANN401
    """``measure`` a :class:`Case` of this scenario, both sides timed with the GC paused."""
    baseline = fields.pop("baseline")
    return measure(
        Case(
            scenario=SCENARIO,
            perfcore=paused_gc(fields.pop("perfcore")),
            baseline=paused_gc(baseline) if baseline is not None else None,
            **fields,
        ),
        config,
    )


# --- the scenario -----------------------------------------------------------------------


def run(config: Config) -> list[Result]:
    """Per transition and per created cycle against the three baselines, and bytes per cycle."""
    count = config.size(1_000, 200, 5)  # cycle sets per timed call (vs attrs, transitions)
    slow_count = config.size(200, 50, 3)  # python-statemachine is ~10x slower per step
    creations = config.size(5_000, 1_000, 20)
    slow_creations = config.size(500, 100, 5)
    held = config.size(2_000, 300, 20)
    calls = config.runs + 1  # measure's warm-up, then its runs

    snapshots = [(*ready_snapshots(n), people(n)[1]) for n in range(count)]
    for cycle, leave_at in zip(snapshots[0][:4], LEAVE_AT, strict=True):
        if cycle.blockers(at=leave_at):  # the prepared cycles must really be ready
            raise RuntimeError(f"not ready to leave {cycle.phase.value}: {cycle.blockers()}")
    with_transitions = transitions_factory()
    with_statemachine = statemachine_factory()
    each = "per transition (advance x3 + close per cycle, every condition met)"
    results = [
        compare(
            config,
            name="advance, per transition",
            perfcore=perfcore_transitions(Batches(fresh_copies(snapshots), calls)),
            baseline=frozen_transitions(
                [(frozen_record(*ids(n)), people(n)[1]) for n in range(count)]
            ),
            baseline_name="frozen attrs + evolve",
            per=4 * count,
            target="at_most",
            bound=3.0,
            note=f"{each}; the baseline checks one flag, perfcore every rule and the permission",
        ),
        compare(
            config,
            name="advance, per transition",
            perfcore=perfcore_transitions(Batches(fresh_copies(snapshots), calls)),
            baseline=(
                peer_transitions(Batches(machines(with_transitions, count), calls))
                if with_transitions is not None
                else None
            ),
            baseline_name="transitions",
            per=4 * count,
            target="at_least_speedup",
            bound=2.0,
            note=each if with_transitions is not None else MISSING,
        ),
        compare(
            config,
            name="advance, per transition",
            perfcore=perfcore_transitions(Batches(fresh_copies(snapshots[:slow_count]), calls)),
            baseline=(
                peer_transitions(Batches(machines(with_statemachine, slow_count), calls))
                if with_statemachine is not None
                else None
            ),
            baseline_name="python-statemachine",
            per=4 * slow_count,
            target="at_least_speedup",
            bound=25.0,
            note=each if with_statemachine is not None else MISSING,
        ),
    ]
    del snapshots

    results += [
        compare(
            config,
            name="create a cycle",
            perfcore=many(new_cycle, creations),
            baseline=many(with_transitions, creations),
            baseline_name="transitions machine + model",
            per=creations,
            target="at_least_speedup",
            bound=20.0,
            note="Cycle.start vs one Machine per model" if with_transitions else MISSING,
        ),
        compare(
            config,
            name="create a cycle",
            perfcore=many(new_cycle, slow_creations),
            baseline=many(with_statemachine, slow_creations),
            baseline_name="python-statemachine",
            per=slow_creations,
            note="" if with_statemachine else MISSING,
        ),
        compare(
            config,
            name="create a cycle",
            perfcore=many(new_cycle, creations),
            baseline=many(frozen_record, creations),
            baseline_name="frozen attrs record",
            per=creations,
        ),
    ]

    ours = bytes_per_item(many(new_cycle, held))
    peers: list[tuple[str, Callable[..., Any] | None, int]] = [
        ("transitions machine + model", with_transitions, held),
        ("python-statemachine", with_statemachine, min(held, slow_creations)),
        ("frozen attrs record", frozen_record, held),
    ]
    for name, make, size in peers:
        build = many(make, size)
        theirs = bytes_per_item(build) if build is not None else None
        results.append(bytes_result(ours, theirs, name))
    return results


def bytes_result(ours: float, theirs: float | None, baseline_name: str) -> Result:
    """Bytes held per created cycle, beside a baseline's (reported, no target)."""
    return Result(
        scenario=SCENARIO,
        name="bytes per created cycle",
        unit="B",
        perfcore=ours,
        baseline=theirs,
        baseline_name=baseline_name,
        ratio=ours / theirs if theirs else None,
        target="",
        met=None,
        note="tracemalloc, memory still held" if theirs is not None else MISSING,
    )
