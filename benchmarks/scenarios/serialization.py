"""Scenario 4, "serialization": N whole cycles to JSON-ready data and back.

Setup (untimed) builds ``N`` closed cycles through the public commands (the
cycles of the "transition" scenario: 5 agreed goals, 4 check-ins, self and
manager assessments, a root cause, the feedback discussion and
acknowledgement, one improvement action with its follow-up, each goal
aligned to an objective, closed: 27 events), unstructures them once with
``make_converter()``, and validates that data once into the pydantic models.

Timed, per cycle:

- round trip: perfcore ``conv.structure(conv.unstructure(cycle), Cycle)``
  against pydantic ``CycleModel.model_validate(data).model_dump(mode="json")``;
- unstructure: ``conv.unstructure(cycle)`` against ``model.model_dump(mode="json")``;
- structure: ``conv.structure(data, Cycle)`` against ``CycleModel.model_validate(data)``.

The two sides do not validate the same things, and the notes say so.
perfcore's ``structure`` checks every field's type without coercion (strings,
numbers, ISO dates, enums, ``type`` tags, schema versions, no unknown keys) and
builds every record through its validators (each record's own rules: weights
0-100, a measure's threshold < target < stretch, non-blank texts, a rating's
basis...); then it REPLAYS the 27 events into a cycle (the history must be one
cycle's: sequence numbers, cycle id, time order, and each event re-decided by
the command that records it: phase, permission, content, leaving conditions)
and checks that the stored state equals the replayed one. A last row reports
the trusted converter (``make_converter(verify=False)``: the envelope only)
against that verified structure. The pydantic models
(pydantic v2, a benchmark-only peer) have the same nested shape as perfcore's
data: the cycle's state, and its events as a discriminated union on ``"type"``;
they check types, enum values, no unknown keys (``extra="forbid"``) and the
simple field bounds perfcore's records also check (non-empty ids, weights
0-100, the cadence 1-366 days), in pydantic's default (lax) mode. Fields that
are empty or null in every cycle here (profile, score, formal plan, waivers,
competency assessments, gap explanations, check-in progress) are typed
loosely (``dict``). pydantic does not check that the state matches the events,
nor any rule across fields.

Like ``timeit``, every timed call runs with the garbage collector paused: a
collection's cost depends on everything else alive (here the ``N`` cycles and
their data), not on the work measured. ``N`` is smaller than the issue's
10,000 in full mode (2,000) because structuring one cycle costs about a
millisecond and each timing runs 8 times; the ratios do not depend on ``N``.
"""

import collections
import datetime as dt
import gc
from collections.abc import Callable
from typing import Annotated, Any, Literal

from harness import Case, Config, Result, measure

import perfcore as pc
from perfcore.serialization import make_converter
from scenarios.transition import whole_cycle

SCENARIO = "serialization"
MISSING = "install benchmarks/requirements.txt"
PERFCORE_CHECKS = (
    "perfcore: strict types, every record's rules, replay of the 27 events, state = replay"
)
PYDANTIC_CHECKS = "pydantic: types and field bounds only"


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


def each(fn: Callable[[Any], object], items: list[Any]) -> Callable[[], object]:
    """Apply ``fn`` to every item, keeping no result (both sides alike)."""
    return lambda: collections.deque(map(fn, items), maxlen=0)


def pydantic_model() -> Any | None:  # noqa: ANN401
    """The pydantic v2 model of a stored cycle, or ``None`` when pydantic is missing."""
    try:
        import pydantic  # noqa: PLC0415 - optional peer
    except ImportError:
        return None
    from pydantic import BaseModel, ConfigDict, Field  # noqa: PLC0415

    if not pydantic.VERSION.startswith("2."):
        return None

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")

    identifier = Annotated[str, Field(min_length=1, max_length=200)]
    nonempty = Annotated[str, Field(min_length=1)]
    loose = dict[str, Any]

    class Actor(Strict):
        person_id: identifier
        role: identifier

    class Period(Strict):
        start: dt.date
        end: dt.date
        kind: pc.PeriodKind

    class Scale(Strict):
        minimum: int
        maximum: int
        labels: list[str]

    class NumericMeasure(Strict):
        type: Literal["numeric"]
        unit: nonempty
        target: float
        baseline: float | None
        threshold: float | None
        stretch: float | None
        direction: pc.Direction

    class Goal(Strict):
        id: identifier
        title: nonempty
        kind: pc.GoalKind
        weight: Annotated[float, Field(ge=0, le=100)] | None
        measure: NumericMeasure | None
        due: dt.date | None
        parent_id: str | None
        description: str
        methods: list[nonempty]
        support: list[nonempty]
        carried_from: str | None

    class ActionItem(Strict):
        id: identifier
        text: nonempty
        owner_id: identifier
        due: dt.date

    class CheckIn(Strict):
        id: identifier
        kind: pc.CheckInKind
        held_on: dt.date
        summary: str
        progress: list[loose]
        obstacles: list[nonempty]
        deviation: str | None
        support_needed: str | None
        recognition: str | None
        company_interest_concern: str | None
        hr_help_wanted: bool
        agenda: list[nonempty]
        action_items: list[ActionItem]
        closed_action_items: list[nonempty]

    class Basis(Strict):
        text: nonempty
        evidence: list[nonempty]

    class Rating(Strict):
        value: float
        basis: Basis

    class GoalRating(Strict):
        goal_id: identifier
        achievement: pc.Achievement
        rating: Rating
        actual: float | None

    class Assessment(Strict):
        source: pc.AssessmentSource
        goal_ratings: list[GoalRating]
        overall: Rating | None
        comments: str

    class RootCause(Strict):
        id: identifier
        goal_id: identifier
        category: pc.CauseCategory
        description: nonempty
        attribution: str | None

    class Feedback(Strict):
        held_on: dt.date
        summary: nonempty
        gap_explanations: list[loose]

    class Action(Strict):
        id: identifier
        title: nonempty
        kind: pc.InterventionKind
        owner_id: identifier
        due: dt.date
        success_measure: nonempty
        cause_ids: list[identifier]
        carried_from: str | None

    class FollowUp(Strict):
        action_id: identifier
        held_on: dt.date
        progress: nonempty
        deviation: str | None
        corrective_step: str | None
        outcome: pc.Outcome | None

    class Envelope(Strict):
        schema_version: int
        cycle_id: identifier
        sequence: Annotated[int, Field(ge=0)]
        actor: Actor
        at: dt.datetime
        reason: str | None

    class CycleStarted(Envelope):
        type: Literal["cycle_started"]
        employee_id: identifier
        manager_id: identifier
        period: Period
        scale: Scale
        check_in_every_days: Annotated[int, Field(ge=1, le=366)]
        previous_cycle_id: str | None
        carried_goals: list[Goal]
        carried_actions: list[Action]
        profile: loose | None
        time_zone: str | None
        rules: Annotated[int, Field(ge=1, le=4)]
        settings: loose | None

    class GoalProposed(Envelope):
        type: Literal["goal_proposed"]
        goal: Goal

    class Objective(Strict):
        id: nonempty
        title: nonempty
        level: pc.ObjectiveLevel
        period: Period
        parent_id: str | None
        retired_on: dt.date | None

    class GoalAligned(Envelope):
        type: Literal["goal_aligned"]
        goal_id: identifier
        objective: Objective

    class GoalAlignment(Strict):
        goal_id: identifier
        objective: Objective

    class GoalsAgreed(Envelope):
        type: Literal["goals_agreed"]
        goal_ids: list[identifier]

    class PhaseAdvanced(Envelope):
        type: Literal["phase_advanced"]
        from_phase: pc.Phase
        to_phase: pc.Phase

    class CheckInRecorded(Envelope):
        type: Literal["check_in_recorded"]
        check_in: CheckIn

    class SelfAssessmentSubmitted(Envelope):
        type: Literal["self_assessment_submitted"]
        assessment: Assessment
        shared: bool

    class ManagerAssessmentSubmitted(Envelope):
        type: Literal["manager_assessment_submitted"]
        assessment: Assessment

    class RootCauseRecorded(Envelope):
        type: Literal["root_cause_recorded"]
        root_cause: RootCause

    class FeedbackDiscussionHeld(Envelope):
        type: Literal["feedback_discussion_held"]
        discussion: Feedback

    class AppraisalAcknowledged(Envelope):
        type: Literal["appraisal_acknowledged"]

    class ImprovementActionAdded(Envelope):
        type: Literal["improvement_action_added"]
        action: Action

    class FollowUpRecorded(Envelope):
        type: Literal["follow_up_recorded"]
        follow_up: FollowUp

    class CycleClosed(Envelope):
        type: Literal["cycle_closed"]

    event = Annotated[
        CycleStarted
        | GoalProposed
        | GoalAligned
        | GoalsAgreed
        | PhaseAdvanced
        | CheckInRecorded
        | SelfAssessmentSubmitted
        | ManagerAssessmentSubmitted
        | RootCauseRecorded
        | FeedbackDiscussionHeld
        | AppraisalAcknowledged
        | ImprovementActionAdded
        | FollowUpRecorded
        | CycleClosed,
        Field(discriminator="type"),
    ]

    class CycleModel(Strict):
        type: Literal["cycle"]
        schema_version: int
        id: identifier
        employee_id: identifier
        manager_id: identifier
        period: Period
        scale: Scale
        check_in_every_days: Annotated[int, Field(ge=1, le=366)]
        time_zone: str | None
        rules: Annotated[int, Field(ge=1, le=4)]
        settings: loose | None
        phase: pc.Phase
        phase_started_at: dt.datetime
        previous_cycle_id: str | None
        goals: list[Goal]
        agreed_goal_ids: list[identifier]
        withdrawn_goal_ids: list[identifier]
        check_ins: list[CheckIn]
        self_assessment: Assessment | None
        self_assessment_draft: Assessment | None
        manager_assessment: Assessment | None
        profile: loose | None
        competency_assessments: list[loose]
        root_causes: list[RootCause]
        practices: list[loose]
        signal_answers: list[loose]
        alignments: list[GoalAlignment]
        score: loose | None
        score_adjustment: loose | None
        feedback: Feedback | None
        ratings_released: bool
        approvals: list[loose]
        returned_at_step: str | None
        ratings_ever_released: bool
        rerated: bool
        appraisal_status: pc.AppraisalStatus
        dispute_resolution: loose | None
        actions: list[Action]
        follow_ups: list[FollowUp]
        follow_up_answers: list[loose]
        formal_plan: loose | None
        formal_reviews: list[loose]
        waivers: list[loose]
        events: list[event]

    return CycleModel


def run(config: Config) -> list[Result]:
    """Round trip, unstructure and structure of ``N`` whole cycles, against pydantic v2."""
    count = config.size(2_000, 300, 20)
    conv = make_converter()
    cycles = [whole_cycle(number) for number in range(count)]
    data = [conv.unstructure(cycle) for cycle in cycles]
    if conv.structure(data[0], pc.Cycle) != cycles[0]:
        raise RuntimeError("the round trip must give the same cycle back")
    model = pydantic_model()
    models = [model.model_validate(item) for item in data] if model is not None else []
    honest = f"{PERFCORE_CHECKS}; {PYDANTIC_CHECKS}"
    cases = [
        (
            "round trip, per cycle",
            each(lambda cycle: conv.structure(conv.unstructure(cycle), pc.Cycle), cycles),
            each(lambda item: model.model_validate(item).model_dump(mode="json"), data),
            "at_most",
            1.0,
            honest,
        ),
        (
            "unstructure, per cycle",
            each(conv.unstructure, cycles),
            each(lambda instance: instance.model_dump(mode="json"), models),
            "report",
            None,
            "",
        ),
        (
            "structure, per cycle",
            each(lambda item: conv.structure(item, pc.Cycle), data),
            each(lambda item: model.model_validate(item), data),  # noqa: PLW0108 - model may be None
            "at_most",
            2.0,  # issue 23: loading with full verification at most twice pydantic's
            honest,
        ),
    ]
    trusted = make_converter(verify=False)
    trusted_row = measure(
        Case(
            scenario=SCENARIO,
            name="trusted structure, per cycle",
            perfcore=paused_gc(each(lambda item: trusted.structure(item, pc.Cycle), data)),
            baseline=paused_gc(each(lambda item: conv.structure(item, pc.Cycle), data)),
            baseline_name="perfcore: verified structure",
            per=count,
            target="report",
            note="make_converter(verify=False): events replayed with their envelope checked only",
        ),
        config,
    )
    return [
        measure(
            Case(
                scenario=SCENARIO,
                name=name,
                perfcore=paused_gc(ours),
                baseline=paused_gc(theirs) if model is not None else None,
                baseline_name="pydantic v2",
                per=count,
                target=target,
                bound=bound,
                note=note if model is not None else MISSING,
            ),
            config,
        )
        for name, ours, theirs, target, bound, note in cases
    ] + [trusted_row]
