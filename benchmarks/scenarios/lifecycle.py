"""Scenarios "lifecycle" and "replay": whole cycles for N employees, and rebuilding them.

lifecycle
    Each of N employees goes through a whole cycle with the public API, as an
    app would drive it: start (HR), five performance goals proposed by the
    manager (one of them lower-is-better), each aligned to the company objective,
    agreement, advance, four check-ins
    at a 75-day cadence, advance, self and manager assessment, the score
    (``compute_score(ScoringConfig(), DEFAULT_REGISTRY)`` then ``record_score``),
    one root cause for the one partly met goal, the feedback discussion,
    acknowledgement, one improvement action for that cause, advance, one
    follow-up with an outcome, close: 28 events per cycle. The N closed cycles
    are kept in a list, as an app holding them would.

    Baseline ("plain-dict reference"): the same bookkeeping written by hand in
    this module. Each cycle is a dict holding its goals, agreed goal ids,
    check-ins, assessments, score and its per-goal breakdown, root causes,
    actions, follow-ups and an appraisal status; every command checks, as
    perfcore does, that it is allowed in the current phase, that the actor's
    role may issue it and is this cycle's employee or manager, that its time is
    not before the last change, and its content (no duplicate ids, goals rated
    are active, ratings on the 1-5 scale, dates inside the phase, a cause only
    for a goal rated unmet, an action only for a recorded cause, a follow-up
    only for an open action, an open appraisal for assessments and the score).
    Phase changes check every leaving condition and collect every unmet one:
    goals present, measured, agreed, aligned, performance weights total 100
    (goal setting and implementation), no check-in gap beyond the cadence
    (implementation), manager assessment present, every goal rated,
    self-assessment present, every unmet goal has a cause, feedback held, no
    open dispute, acknowledged (appraisal), every cause has an action, every
    action followed up and given an outcome (improvement). The score is the
    threshold/target/stretch payout (0.5/1.0/1.5, straight lines between,
    mirrored for lower-is-better) of each goal, combined as a weighted mean
    whose weights must total 100. Every change appends a history entry
    ``(what, actor, when, reason, payload)``. It is mutable and makes no
    explanations, validates no field types and keeps no immutable snapshots:
    that is the cost perfcore's records and events add, and what this scenario
    measures.

    The inputs (goals, check-ins, assessments, cause, action, follow-up,
    actors, timestamps) are built before timing, once for both sides: the
    goals and records are shared by every cycle (their ids are per cycle), the
    assessments come from a pool of 16 variants with different results, and
    each employee has their own ids and actors. The timings include releasing
    the built cycles afterwards (the harness drops what the callable returns),
    on both sides.

    Reported: µs per employee at a small and a large N against the reference
    (target: at most 4x), the per-employee scaling from the small to the large
    N (target: at most 1.2, i.e. linear), and the bytes held per completed
    cycle (tracemalloc; target: at most 8 kB).

replay
    ``Cycle.replay(cycle.events)`` for each of the N cycles (the small N)
    against building them again with commands as above (target: replay no
    slower, ratio at most 1). Replay re-decides every event by its command
    (phase, permission, content, guards), as the commands did. A second row
    reports the trusted path, ``Cycle.replay(events, verify=False)`` (the
    envelope only), against that verified replay.

Sizes: full 10,000 and 100,000; quick 500 and 5,000 (the quick run has to
fit in about ten seconds, and one whole cycle costs the better part of a
millisecond); smoke 4 and 8. The large N is timed once per side in quick and
full mode (the harness's ``measure`` with ``runs=1, warm_up=False``): the
small N has warmed both sides up, and repeating 100,000 cycles would take
minutes. For the same reason the small N and replay are
repeated at most three times in full mode (the harness's ``measure`` with
``repeats=3``); the full run of this module still takes about three minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any, ClassVar

from harness import Case, Config, Result, bytes_per_item, measure

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig

LIFECYCLE = "lifecycle"
REPLAY = "replay"
RATIO_BOUND = 4.0
SCALING_BOUND = 1.2
BYTES_BOUND = 8 * 1024
REPLAY_BOUND = 1.0
EVENTS = 23
FULL_REPEATS = 3
"""Repetitions at the small N in full mode: 10,000 whole cycles take seconds per run."""
VARIANTS = 16
CADENCE_DAYS = 75

T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
PERIOD = pc.Period.annual(2026)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)


def _at(day: int) -> dt.datetime:
    return T0 + dt.timedelta(days=day)


# The calendar every cycle follows (days after T0).
START, PROPOSE, AGREE, TO_IMPLEMENTATION = 0, 1, 2, 3
CHECK_IN_DAYS = (60, 130, 200, 270)
TO_APPRAISAL, SELF, MANAGER, SCORE, CAUSE, FEEDBACK, ACK, ACTION, TO_IMPROVEMENT = range(330, 339)
FOLLOW_UP, CLOSE = 350, 351
WHEN = {day: _at(day) for day in range(400)}

# Each goal: its id, weight, threshold, target and stretch, and whether higher is better.
GOAL_SPECS = (
    ("g1", 30, 900.0, 1000.0, 1200.0, True),
    ("g2", 25, 18.0, 20.0, 24.0, True),
    ("g3", 20, 30.0, 20.0, 10.0, False),
    ("g4", 15, 40.0, 50.0, 60.0, True),
    ("g5", 10, 80.0, 100.0, 130.0, True),
)
PARTLY_MET = "g5"


def _actuals(variant: int) -> dict[str, float]:
    """Results of one variant: g1-g4 met or beyond, g5 between threshold and target."""
    return {
        "g1": 1000.0 + 10 * variant,
        "g2": 20.0 + 0.25 * variant,
        "g3": 20.0 - 0.5 * variant,
        "g4": 50.0 + 0.5 * variant,
        "g5": 82.0 + variant,
    }


# --- the inputs, built once ------------------------------------------------------------


class PerfcoreInputs:
    """Everything the commands take, built before timing."""

    objective = pc.Objective(
        id="company/2026/growth", title="Grow", level=pc.ObjectiveLevel.COMPANY, period=PERIOD
    )

    def __init__(self, n: int) -> None:
        self.goals = tuple(
            pc.Goal(
                id=goal_id,
                title=f"Goal {goal_id}",
                weight=weight,
                parent_id="company/2026/growth",
                measure=pc.NumericMeasure(
                    unit="units",
                    threshold=threshold,
                    target=target,
                    stretch=stretch,
                    direction=pc.Direction.HIGHER_IS_BETTER
                    if higher
                    else pc.Direction.LOWER_IS_BETTER,
                ),
            )
            for goal_id, weight, threshold, target, stretch, higher in GOAL_SPECS
        )
        self.check_ins = tuple(
            pc.CheckIn(
                id=f"ci{number}",
                kind=pc.CheckInKind.ONE_ON_ONE,
                held_on=WHEN[day].date(),
                summary="Progress review",
            )
            for number, day in enumerate(CHECK_IN_DAYS, start=1)
        )
        self.assessments = tuple(self._assessments(variant) for variant in range(VARIANTS))
        self.cause = pc.RootCause(
            id="rc1",
            goal_id=PARTLY_MET,
            category=pc.CauseCategory.KNOWLEDGE,
            description="New product line not yet known",
        )
        self.discussion = pc.FeedbackDiscussion(
            held_on=WHEN[FEEDBACK].date(), summary="Went through every goal"
        )
        self.action = pc.ImprovementAction(
            id="a1",
            title="Product training",
            kind=pc.InterventionKind.TRAINING,
            owner_id="employee",
            due=dt.date(2027, 3, 1),
            success_measure="Demo run unaided",
            cause_ids=("rc1",),
        )
        self.follow_up = pc.FollowUp(
            action_id="a1",
            held_on=WHEN[FOLLOW_UP].date(),
            progress="Training done",
            outcome=pc.Outcome.IMPROVED,
        )
        self.config = ScoringConfig()
        managers = [pc.Actor(person_id=f"m{i}", role=pc.Role.MANAGER) for i in range(n // 8 + 1)]
        self.people = [
            (
                f"e{i}/2026",
                f"e{i}",
                f"m{i // 8}",
                pc.Actor(person_id=f"e{i}", role=pc.Role.EMPLOYEE),
                managers[i // 8],
            )
            for i in range(n)
        ]

    @staticmethod
    def _assessments(variant: int) -> tuple[pc.Assessment, pc.Assessment]:
        actuals = _actuals(variant)

        def ratings(text: str) -> tuple[pc.GoalRating, ...]:
            return tuple(
                pc.GoalRating(
                    goal_id=goal_id,
                    achievement=pc.Achievement.PARTLY_MET
                    if goal_id == PARTLY_MET
                    else pc.Achievement.MET,
                    actual=actual,
                    rating=pc.Rating(
                        value=2 if goal_id == PARTLY_MET else 3, basis=pc.Basis(text=text)
                    ),
                )
                for goal_id, actual in actuals.items()
            )

        return (
            pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=ratings("My view")),
            pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=ratings("Per report")),
        )


def perfcore_cycle(inputs: PerfcoreInputs, index: int) -> pc.Cycle:
    """One employee's whole cycle through perfcore's commands."""
    cycle_id, employee_id, manager_id, me, boss = inputs.people[index]
    own, theirs = inputs.assessments[index % VARIANTS]
    cycle = pc.Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee_id,
        manager_id=manager_id,
        period=PERIOD,
        by=HR,
        at=WHEN[START],
        check_in_every_days=CADENCE_DAYS,
    )
    for goal in inputs.goals:
        cycle = cycle.propose_goal(goal, by=boss, at=WHEN[PROPOSE])
        cycle = cycle.align_goal(goal.id, inputs.objective, by=boss, at=WHEN[PROPOSE])
    cycle = cycle.agree_goals(by=me, at=WHEN[AGREE])
    cycle = cycle.advance(by=boss, at=WHEN[TO_IMPLEMENTATION])
    for check_in, day in zip(inputs.check_ins, CHECK_IN_DAYS, strict=True):
        cycle = cycle.record_check_in(check_in, by=boss, at=WHEN[day])
    cycle = cycle.advance(by=boss, at=WHEN[TO_APPRAISAL])
    cycle = cycle.submit_self_assessment(own, by=me, at=WHEN[SELF])
    cycle = cycle.submit_manager_assessment(theirs, by=boss, at=WHEN[MANAGER])
    score = cycle.compute_score(inputs.config, DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=boss, at=WHEN[SCORE])
    cycle = cycle.record_root_cause(inputs.cause, by=boss, at=WHEN[CAUSE])
    cycle = cycle.hold_feedback_discussion(inputs.discussion, by=boss, at=WHEN[FEEDBACK])
    cycle = cycle.acknowledge(by=me, at=WHEN[ACK])
    cycle = cycle.add_improvement_action(inputs.action, by=boss, at=WHEN[ACTION])
    cycle = cycle.advance(by=boss, at=WHEN[TO_IMPROVEMENT])
    cycle = cycle.record_follow_up(inputs.follow_up, by=boss, at=WHEN[FOLLOW_UP])
    return cycle.close(by=boss, at=WHEN[CLOSE])


# --- the plain-dict reference ----------------------------------------------------------

GOAL_SETTING, IMPLEMENTATION, APPRAISAL, IMPROVEMENT, CLOSED = (
    "goal_setting",
    "implementation",
    "appraisal",
    "improvement",
    "closed",
)
NEXT = {
    GOAL_SETTING: IMPLEMENTATION,
    IMPLEMENTATION: APPRAISAL,
    APPRAISAL: IMPROVEMENT,
    IMPROVEMENT: CLOSED,
}
_GOALS_PHASES = frozenset({GOAL_SETTING, IMPLEMENTATION})
_E, _M, _HR = "employee", "manager", "hr"
# command -> (phases it is allowed in, roles that may issue it): perfcore's two tables.
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "propose_goal": (frozenset({GOAL_SETTING}), frozenset({_E, _M})),
    "align_goal": (_GOALS_PHASES, frozenset({_E, _M})),
    "agree_goals": (_GOALS_PHASES, frozenset({_E})),
    "record_check_in": (frozenset({IMPLEMENTATION}), frozenset({_E, _M})),
    "submit_self_assessment": (frozenset({APPRAISAL}), frozenset({_E})),
    "submit_manager_assessment": (frozenset({APPRAISAL}), frozenset({_M})),
    "record_score": (frozenset({APPRAISAL}), frozenset({_M, _HR})),
    "record_root_cause": (frozenset({APPRAISAL}), frozenset({_M, _HR})),
    "hold_feedback_discussion": (frozenset({APPRAISAL}), frozenset({_M})),
    "acknowledge": (frozenset({APPRAISAL}), frozenset({_E})),
    "add_improvement_action": (frozenset({APPRAISAL, IMPROVEMENT}), frozenset({_M, _HR})),
    "record_follow_up": (frozenset({IMPROVEMENT}), frozenset({_M})),
    "advance": (frozenset({GOAL_SETTING, IMPLEMENTATION, APPRAISAL}), frozenset({_M, _HR})),
    "close": (frozenset({IMPROVEMENT}), frozenset({_M, _HR})),
}
UNMET = frozenset({"not_met", "partly_met"})
HR_REF = (HR.person_id, _HR)


class Refused(Exception):
    """A command the reference refuses."""


def _check(cycle: dict[str, Any], what: str, actor: tuple[str, str], when: dt.datetime) -> None:
    phases, roles = RULES[what]
    who, role = actor
    if cycle["phase"] not in phases:
        raise Refused(f"{what} is not allowed in phase {cycle['phase']}")
    if role not in roles:
        raise Refused(f"role {role} may not {what}")
    if role == _E and who != cycle["employee_id"]:
        raise Refused(f"{who} is not this cycle's employee")
    if role == _M and who != cycle["manager_id"]:
        raise Refused(f"{who} is not this cycle's manager")
    if role == _HR and who in (cycle["employee_id"], cycle["manager_id"]):
        raise Refused(f"{who} may not act as HR on their own cycle")
    if when < cycle["last_at"]:
        raise Refused("earlier than the last change")


def _log(
    cycle: dict[str, Any],
    what: str,
    actor: tuple[str, str],
    when: dt.datetime,
    payload: object = None,
) -> None:
    """Append ``(what, (who, role), when, reason, payload)``; no reason is given here."""
    cycle["history"].append((what, actor, when, None, payload))
    cycle["last_at"] = when


def _day_ok(cycle: dict[str, Any], day: dt.date, when: dt.datetime) -> None:
    if day < cycle["phase_started_at"].date() or day > when.date():
        raise Refused(f"{day} is outside the phase")


def ref_start(
    cycle_id: str, employee_id: str, manager_id: str, actor: tuple[str, str], when: dt.datetime
) -> dict[str, Any]:
    who, role = actor
    if role not in (_M, _HR) or employee_id == manager_id:
        raise Refused("may not start this cycle")
    if role == _HR and who in (employee_id, manager_id):
        raise Refused(f"{who} may not act as HR on their own cycle")
    cycle: dict[str, Any] = {
        "id": cycle_id,
        "employee_id": employee_id,
        "manager_id": manager_id,
        "period": (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        "check_in_every_days": CADENCE_DAYS,
        "phase": GOAL_SETTING,
        "phase_started_at": when,
        "last_at": when,
        "goals": {},
        "aligned": {},
        "agreed": set(),
        "check_ins": [],
        "self_assessment": None,
        "manager_assessment": None,
        "score": None,
        "root_causes": {},
        "feedback": None,
        "status": "pending",
        "actions": {},
        "follow_ups": [],
        "history": [],
    }
    _log(cycle, "start", actor, when, (employee_id, manager_id))
    return cycle


def ref_propose_goal(
    cycle: dict[str, Any], goal: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "propose_goal", actor, when)
    goals = cycle["goals"]
    if goal["id"] in goals:
        raise Refused(f"goal {goal['id']} already exists")
    parent, seen = goals.get(goal["parent_id"]), {goal["id"]}
    while parent is not None:  # aligning must not make a loop
        if parent["id"] in seen:
            raise Refused("alignment loop")
        seen.add(parent["id"])
        parent = goals.get(parent["parent_id"])
    goals[goal["id"]] = goal
    _log(cycle, "propose_goal", actor, when, goal)


def ref_align_goal(
    cycle: dict[str, Any],
    goal_id: str,
    objective: dict[str, Any],
    actor: tuple[str, str],
    when: dt.datetime,
) -> None:
    _check(cycle, "align_goal", actor, when)
    goal = cycle["goals"].get(goal_id)
    if goal is None:
        raise Refused(f"no goal {goal_id}")
    start, end = cycle["period"]
    if objective["end"] < start or end < objective["start"]:
        raise Refused("objective outside the period")
    if objective["retired_on"] is not None and objective["retired_on"] <= when.date():
        raise Refused("objective retired")
    if goal["parent_id"] != objective["id"]:
        goal["parent_id"] = objective["id"]
        cycle["agreed"].discard(goal_id)
    cycle["aligned"][goal_id] = objective
    _log(cycle, "align_goal", actor, when, (goal_id, objective))


def ref_agree_goals(cycle: dict[str, Any], actor: tuple[str, str], when: dt.datetime) -> None:
    _check(cycle, "agree_goals", actor, when)
    pending = [goal_id for goal_id in cycle["goals"] if goal_id not in cycle["agreed"]]
    if not pending:
        raise Refused("no goals await agreement")
    cycle["agreed"].update(pending)
    _log(cycle, "agree_goals", actor, when, tuple(pending))


def ref_record_check_in(
    cycle: dict[str, Any], check_in: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "record_check_in", actor, when)
    if any(existing["id"] == check_in["id"] for existing in cycle["check_ins"]):
        raise Refused(f"check-in {check_in['id']} already exists")
    _day_ok(cycle, check_in["held_on"], when)
    for goal_id in check_in["progress"]:
        if goal_id not in cycle["goals"]:
            raise Refused(f"no active goal {goal_id}")
    cycle["check_ins"].append(check_in)
    _log(cycle, "record_check_in", actor, when, check_in)


def _assessment_ok(cycle: dict[str, Any], assessment: dict[str, Any]) -> None:
    if cycle["status"] not in ("pending", "resolved"):
        raise Refused("the appraisal can no longer change")
    for goal_id, rating in assessment["ratings"].items():
        if goal_id not in cycle["goals"]:
            raise Refused(f"no active goal {goal_id}")
        if not 1 <= rating["rating"] <= 5:
            raise Refused("rating off the scale")


def ref_submit_assessment(
    cycle: dict[str, Any], assessment: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    what = f"submit_{assessment['source']}_assessment"
    _check(cycle, what, actor, when)
    _assessment_ok(cycle, assessment)
    cycle[f"{assessment['source']}_assessment"] = assessment
    _log(cycle, what, actor, when, assessment)


def payout(goal: dict[str, Any], actual: float) -> float:
    """Threshold 0.5, target 1.0, stretch 1.5, straight lines between; mirrored if lower."""
    threshold, target, stretch = goal["threshold"], goal["target"], goal["stretch"]
    if not goal["higher"]:
        actual, threshold, target, stretch = -actual, -threshold, -target, -stretch
    if actual < threshold:
        return 0.0
    if actual >= stretch:
        return 1.5
    if actual < target:
        return 0.5 + (actual - threshold) / (target - threshold) * 0.5
    return 1.0 + (actual - target) / (stretch - target) * 0.5


def ref_score(cycle: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """The weighted mean of the goals' payouts (weights must total 100)."""
    ratings = cycle["manager_assessment"]["ratings"]
    attainments: dict[str, float] = {}
    total = weighted = 0.0
    for goal_id, goal in cycle["goals"].items():
        attainment = payout(goal, ratings[goal_id]["actual"])
        attainments[goal_id] = attainment
        total += goal["weight"]
        weighted += goal["weight"] * attainment
    if abs(total - 100) > 0.01:
        raise Refused(f"weights total {total}, not 100")
    return weighted / total, attainments


def ref_record_score(
    cycle: dict[str, Any],
    score: tuple[float, dict[str, float]],
    actor: tuple[str, str],
    when: dt.datetime,
) -> None:
    _check(cycle, "record_score", actor, when)
    if cycle["manager_assessment"] is None:
        raise Refused("no manager assessment")
    if cycle["status"] not in ("pending", "resolved"):
        raise Refused("the appraisal can no longer change")
    for goal_id in score[1]:
        if goal_id not in cycle["goals"] or goal_id not in cycle["manager_assessment"]["ratings"]:
            raise Refused(f"no result for goal {goal_id}")
    cycle["score"] = score
    _log(cycle, "record_score", actor, when, score)


def ref_record_root_cause(
    cycle: dict[str, Any], cause: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "record_root_cause", actor, when)
    if cause["id"] in cycle["root_causes"]:
        raise Refused(f"root cause {cause['id']} already exists")
    if cause["goal_id"] not in cycle["goals"]:
        raise Refused(f"no goal {cause['goal_id']}")
    rating = (cycle["manager_assessment"] or {"ratings": {}})["ratings"].get(cause["goal_id"])
    if rating is None or rating["achievement"] not in UNMET:
        raise Refused(f"goal {cause['goal_id']} is not rated unmet")
    cycle["root_causes"][cause["id"]] = cause
    _log(cycle, "record_root_cause", actor, when, cause)


def ref_hold_feedback(
    cycle: dict[str, Any], discussion: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "hold_feedback_discussion", actor, when)
    if cycle["manager_assessment"] is None:
        raise Refused("no manager assessment")
    _day_ok(cycle, discussion["held_on"], when)
    cycle["feedback"] = discussion
    _log(cycle, "hold_feedback_discussion", actor, when, discussion)


def ref_acknowledge(cycle: dict[str, Any], actor: tuple[str, str], when: dt.datetime) -> None:
    _check(cycle, "acknowledge", actor, when)
    if cycle["feedback"] is None:
        raise Refused("no feedback discussion")
    if cycle["status"] not in ("pending", "resolved"):
        raise Refused(f"the appraisal is already {cycle['status']}")
    cycle["status"] = "acknowledged"
    _log(cycle, "acknowledge", actor, when)


def ref_add_action(
    cycle: dict[str, Any], action: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "add_improvement_action", actor, when)
    if action["id"] in cycle["actions"]:
        raise Refused(f"action {action['id']} already exists")
    for cause_id in action["cause_ids"]:
        if cause_id not in cycle["root_causes"]:
            raise Refused(f"no root cause {cause_id}")
    if action["due"] < cycle["period"][0]:
        raise Refused("due before the period starts")
    cycle["actions"][action["id"]] = action
    _log(cycle, "add_improvement_action", actor, when, action)


def _outcome(cycle: dict[str, Any], action_id: str) -> str | None:
    outcome = None
    for follow_up in cycle["follow_ups"]:
        if follow_up["action_id"] == action_id and follow_up["outcome"] is not None:
            outcome = follow_up["outcome"]
    return outcome


def ref_record_follow_up(
    cycle: dict[str, Any], follow_up: dict[str, Any], actor: tuple[str, str], when: dt.datetime
) -> None:
    _check(cycle, "record_follow_up", actor, when)
    if follow_up["action_id"] not in cycle["actions"]:
        raise Refused(f"no action {follow_up['action_id']}")
    if _outcome(cycle, follow_up["action_id"]) == "improved":
        raise Refused("the action is already closed as improved")
    _day_ok(cycle, follow_up["held_on"], when)
    cycle["follow_ups"].append(follow_up)
    _log(cycle, "record_follow_up", actor, when, follow_up)


def blockers(cycle: dict[str, Any], today: dt.date) -> list[str]:  # noqa: C901, PLR0912
    """Every unmet condition for leaving the current phase (perfcore's list)."""
    phase, goals, found = cycle["phase"], cycle["goals"], []
    if phase in _GOALS_PHASES:
        if not goals:
            found.append("no goals have been set")
        total = 0.0
        for goal_id, goal in goals.items():
            if goal["target"] is None:
                found.append(f"goal {goal_id} has no measure")
            if goal_id not in cycle["agreed"]:
                found.append(f"goal {goal_id} is not agreed")
            if cycle["aligned"].get(goal_id, {}).get("id", "") != goal["parent_id"]:
                found.append(f"goal {goal_id} is not aligned")
            total += goal["weight"]
        if goals and abs(total - 100) > 0.01:
            found.append(f"weights total {total}, not 100")
    if phase == IMPLEMENTATION:
        start = cycle["phase_started_at"].date()
        days = sorted({c["held_on"] for c in cycle["check_ins"] if start <= c["held_on"] <= today})
        for earlier, later in itertools.pairwise([start, *days, today]):
            if (later - earlier).days > cycle["check_in_every_days"]:
                found.append(f"no check-in from {earlier} to {later}")
    elif phase == APPRAISAL:
        manager = cycle["manager_assessment"]
        if manager is None:
            found.append("no manager assessment")
        else:
            found.extend(
                f"goal {goal_id} has no manager rating"
                for goal_id in goals
                if goal_id not in manager["ratings"]
            )
            analysed = {cause["goal_id"] for cause in cycle["root_causes"].values()}
            for goal_id, rating in manager["ratings"].items():
                if rating["achievement"] in UNMET and goal_id not in analysed:
                    found.append(f"unmet goal {goal_id} has no root cause")
        if cycle["self_assessment"] is None:
            found.append("no self-assessment")
        if cycle["feedback"] is None:
            found.append("no feedback discussion")
        if cycle["status"] == "disputed":
            found.append("a dispute awaits HR")
        if cycle["status"] == "pending":
            found.append("not acknowledged")
    elif phase == IMPROVEMENT:
        addressed = {c for action in cycle["actions"].values() for c in action["cause_ids"]}
        found.extend(
            f"root cause {cause_id} has no action"
            for cause_id in cycle["root_causes"]
            if cause_id not in addressed
        )
        followed = {follow_up["action_id"] for follow_up in cycle["follow_ups"]}
        for action_id in cycle["actions"]:
            if action_id not in followed:
                found.append(f"action {action_id} has not been followed up")
            elif _outcome(cycle, action_id) is None:
                found.append(f"action {action_id} has no outcome")
    return found


def ref_advance(
    cycle: dict[str, Any], actor: tuple[str, str], when: dt.datetime, what: str = "advance"
) -> None:
    _check(cycle, what, actor, when)
    found = blockers(cycle, when.date())
    if found:
        raise Refused("; ".join(found))
    cycle["phase"] = NEXT[cycle["phase"]]
    cycle["phase_started_at"] = when
    _log(cycle, what, actor, when, cycle["phase"])


class ReferenceInputs:
    """The same inputs as plain dicts and strings, built before timing."""

    objective: ClassVar[dict[str, Any]] = {
        "id": "company/2026/growth",
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        "retired_on": None,
    }

    def __init__(self, n: int) -> None:
        self.goals = tuple(
            {
                "id": goal_id,
                "title": f"Goal {goal_id}",
                "weight": weight,
                "parent_id": "company/2026/growth",
                "unit": "units",
                "threshold": threshold,
                "target": target,
                "stretch": stretch,
                "higher": higher,
            }
            for goal_id, weight, threshold, target, stretch, higher in GOAL_SPECS
        )
        self.check_ins = tuple(
            {
                "id": f"ci{number}",
                "kind": "one_on_one",
                "held_on": WHEN[day].date(),
                "summary": "Progress review",
                "progress": (),
            }
            for number, day in enumerate(CHECK_IN_DAYS, start=1)
        )
        self.assessments = tuple(self._assessments(variant) for variant in range(VARIANTS))
        self.cause = {
            "id": "rc1",
            "goal_id": PARTLY_MET,
            "category": "knowledge",
            "description": "New product line not yet known",
        }
        self.discussion = {"held_on": WHEN[FEEDBACK].date(), "summary": "Went through every goal"}
        self.action = {
            "id": "a1",
            "title": "Product training",
            "kind": "training",
            "owner_id": "employee",
            "due": dt.date(2027, 3, 1),
            "success_measure": "Demo run unaided",
            "cause_ids": ("rc1",),
        }
        self.follow_up = {
            "action_id": "a1",
            "held_on": WHEN[FOLLOW_UP].date(),
            "progress": "Training done",
            "outcome": "improved",
        }
        self.people = [(f"e{i}/2026", (f"e{i}", _E), (f"m{i // 8}", _M)) for i in range(n)]

    @staticmethod
    def _assessments(variant: int) -> tuple[dict[str, Any], dict[str, Any]]:
        def ratings(text: str) -> dict[str, dict[str, Any]]:
            return {
                goal_id: {
                    "achievement": "partly_met" if goal_id == PARTLY_MET else "met",
                    "actual": actual,
                    "rating": 2 if goal_id == PARTLY_MET else 3,
                    "basis": text,
                }
                for goal_id, actual in _actuals(variant).items()
            }

        return (
            {"source": "self", "ratings": ratings("My view")},
            {"source": "manager", "ratings": ratings("Per report")},
        )


def reference_cycle(inputs: ReferenceInputs, index: int) -> dict[str, Any]:
    """One employee's whole cycle through the plain-dict reference."""
    cycle_id, me, boss = inputs.people[index]
    own, theirs = inputs.assessments[index % VARIANTS]
    cycle = ref_start(cycle_id, me[0], boss[0], HR_REF, WHEN[START])
    for goal in inputs.goals:
        ref_propose_goal(cycle, goal, boss, WHEN[PROPOSE])
        ref_align_goal(cycle, goal["id"], inputs.objective, boss, WHEN[PROPOSE])
    ref_agree_goals(cycle, me, WHEN[AGREE])
    ref_advance(cycle, boss, WHEN[TO_IMPLEMENTATION])
    for check_in, day in zip(inputs.check_ins, CHECK_IN_DAYS, strict=True):
        ref_record_check_in(cycle, check_in, boss, WHEN[day])
    ref_advance(cycle, boss, WHEN[TO_APPRAISAL])
    ref_submit_assessment(cycle, own, me, WHEN[SELF])
    ref_submit_assessment(cycle, theirs, boss, WHEN[MANAGER])
    ref_record_score(cycle, ref_score(cycle), boss, WHEN[SCORE])
    ref_record_root_cause(cycle, inputs.cause, boss, WHEN[CAUSE])
    ref_hold_feedback(cycle, inputs.discussion, boss, WHEN[FEEDBACK])
    ref_acknowledge(cycle, me, WHEN[ACK])
    ref_add_action(cycle, inputs.action, boss, WHEN[ACTION])
    ref_advance(cycle, boss, WHEN[TO_IMPROVEMENT])
    ref_record_follow_up(cycle, inputs.follow_up, boss, WHEN[FOLLOW_UP])
    ref_advance(cycle, boss, WHEN[CLOSE], what="close")
    return cycle


# --- measuring --------------------------------------------------------------------------


def _builders(
    n: int,
) -> tuple[Callable[[], list[pc.Cycle]], Callable[[], list[dict[str, Any]]], PerfcoreInputs]:
    ours, theirs = PerfcoreInputs(n), ReferenceInputs(n)
    _check_same_scores(ours, theirs)

    def build_perfcore() -> list[pc.Cycle]:
        return [perfcore_cycle(ours, i) for i in range(n)]

    def build_reference() -> list[dict[str, Any]]:
        return [reference_cycle(theirs, i) for i in range(n)]

    return build_perfcore, build_reference, ours


def _check_same_scores(ours: PerfcoreInputs, theirs: ReferenceInputs) -> None:
    """Both sides reach the same closed state and the same scores (up to float rounding)."""
    for index in range(min(VARIANTS, len(ours.people))):
        cycle, ref = perfcore_cycle(ours, index), reference_cycle(theirs, index)
        assert cycle.phase.value == ref["phase"] == CLOSED
        assert len(cycle.events) == len(ref["history"])
        assert cycle.score is not None
        assert abs(cycle.score.value - ref["score"][0]) < 1e-12
        for goal_score in cycle.score.goal_scores:
            assert abs(goal_score.attainment - ref["score"][1][goal_score.goal_id]) < 1e-12


def _lifecycle_case(n: int, build: Callable[[], object], base: Callable[[], object]) -> Case:
    return Case(
        scenario=LIFECYCLE,
        name=f"whole cycle per employee, N={n:,}",
        perfcore=build,
        baseline=base,
        baseline_name="plain-dict reference",
        per=n,
        unit="us",
        target="at_most",
        bound=RATIO_BOUND,
        note=f"{EVENTS} commands each, the closed cycles kept",
    )


def _replay(config: Config, n: int) -> list[Result]:
    build, _, _ = _builders(n)
    histories = [cycle.events for cycle in build()]

    def replay_all() -> list[pc.Cycle]:
        return [pc.Cycle.replay(history) for history in histories]

    def replay_trusted() -> list[pc.Cycle]:
        return [pc.Cycle.replay(history, verify=False) for history in histories]

    assert replay_all() == build() == replay_trusted()
    verified = measure(
        Case(
            scenario=REPLAY,
            name=f"replay per cycle, N={n:,}",
            perfcore=replay_all,
            baseline=build,
            baseline_name="perfcore: building with commands",
            per=n,
            unit="us",
            target="at_most",
            bound=REPLAY_BOUND,
            note=(
                f"Cycle.replay(cycle.events) of {EVENTS} events, each re-decided by its"
                f" command, vs the {EVENTS} commands"
            ),
        ),
        config,
    )
    trusted = measure(
        Case(
            scenario=REPLAY,
            name=f"trusted replay per cycle, N={n:,}",
            perfcore=replay_trusted,
            baseline=replay_all,
            baseline_name="perfcore: verified replay",
            per=n,
            unit="us",
            target="report",
            note="Cycle.replay(events, verify=False): the envelope only, no command re-decided",
        ),
        config,
    )
    return [verified, trusted]


def run(config: Config) -> list[Result]:
    """Whole cycles at a small and a large N, their scaling and memory, and replay."""
    small = config.size(10_000, 500, 4)
    large = config.size(100_000, 5_000, 8)
    config = dataclasses.replace(config, repeats=min(config.repeats, FULL_REPEATS))

    build, reference, inputs = _builders(small)
    small_result = measure(_lifecycle_case(small, build, reference), config)
    del build, reference

    build, reference, _ = _builders(large)
    large_result = measure(_lifecycle_case(large, build, reference), config, runs=1, warm_up=False)
    large_result.note += "; timed once per side, warmed up by the small N"
    del build, reference

    scaling = large_result.perfcore / small_result.perfcore
    reference_scaling = (
        large_result.baseline / small_result.baseline
        if large_result.baseline and small_result.baseline
        else None
    )
    scaling_result = Result(
        scenario=LIFECYCLE,
        name=f"per-employee cost, N={large:,} / N={small:,}",
        unit="x",
        perfcore=scaling,
        baseline=reference_scaling,
        baseline_name="plain-dict reference, same sizes",
        ratio=None,
        target=f"perfcore scaling <= {SCALING_BOUND:g}",
        met=scaling <= SCALING_BOUND,
        note="a flat per-employee cost means linear scaling",
    )

    count = min(small, 1_000)
    per_cycle = bytes_per_item(lambda: [perfcore_cycle(inputs, i) for i in range(count)])
    references = ReferenceInputs(count)
    per_dict = bytes_per_item(lambda: [reference_cycle(references, i) for i in range(count)])
    memory_result = Result(
        scenario=LIFECYCLE,
        name="bytes per completed cycle",
        unit="bytes",
        perfcore=per_cycle,
        baseline=per_dict,
        baseline_name="plain-dict reference",
        ratio=per_cycle / per_dict,
        target=f"perfcore <= {BYTES_BOUND} bytes",
        met=per_cycle <= BYTES_BOUND,
        note=f"tracemalloc over {count:,} closed cycles; their inputs were built before",
    )
    return [small_result, large_result, scaling_result, memory_result, *_replay(config, small)]
