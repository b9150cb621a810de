"""Strategies for :mod:`perfcore.improvement`: root causes, actions, plans and drafting.

``root_causes()``, ``improvement_actions()``, ``follow_ups()`` and the formal
plan strategies draw the records; ``cause_interventions()`` draws a mapping
from causes to interventions, ``plan_drafts()`` a draft drafted (and sometimes
edited) from random unmet goals and root causes, ``practices()`` a practice to
share. Builds on the primitive and record strategies. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from perfcore.improvement import (
    Attribution,
    CauseCategory,
    CauseInterventions,
    CheckInSignal,
    FollowUp,
    ImprovementAction,
    ImprovementPlan,
    InterventionKind,
    Outcome,
    PlanDraft,
    PracticeRecord,
    PracticeToShare,
    RootCause,
    SignalKind,
    draft_plan,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.testing._primitive_strategies import _or, ids, texts
from perfcore.testing._record_strategies import goals

__all__ = [
    "cause_interventions",
    "check_in_signals",
    "follow_ups",
    "formal_plans",
    "formal_reviews",
    "improvement_actions",
    "improvement_plans",
    "plan_drafts",
    "practice_records",
    "practices",
    "root_causes",
]


def root_causes(
    *,
    goal_id: st.SearchStrategy[str] | None = None,
    category: st.SearchStrategy[CauseCategory] | None = None,
) -> st.SearchStrategy[RootCause]:
    """A root cause; attitude causes (only) carry an attribution. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RootCause:
        chosen = draw(_or(category, st.sampled_from(list(CauseCategory))))
        attribution = (
            draw(st.sampled_from(list(Attribution))) if chosen is CauseCategory.ATTITUDE else None
        )
        return RootCause(
            id=draw(ids()),
            goal_id=draw(_or(goal_id, ids())),
            category=chosen,
            description=draw(texts()),
            attribution=attribution,
        )

    return build()


def improvement_actions(
    *,
    action_id: st.SearchStrategy[str] | None = None,
    cause_ids: st.SearchStrategy[Sequence[str]] | None = None,
    due: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ImprovementAction]:
    """An improvement action addressing distinct root causes. Requires hypothesis."""
    return st.builds(
        ImprovementAction,
        id=_or(action_id, ids()),
        title=texts(),
        kind=st.sampled_from(list(InterventionKind)),
        owner_id=ids(),
        due=_or(due, st.dates()),
        success_measure=texts(),
        cause_ids=_or(cause_ids, st.lists(ids(), max_size=2)).map(
            lambda given: tuple(dict.fromkeys(given))
        ),
    )


def follow_ups(
    *,
    action_id: st.SearchStrategy[str] | None = None,
    held_on: st.SearchStrategy[dt.date] | None = None,
    outcome: st.SearchStrategy[Outcome | None] | None = None,
) -> st.SearchStrategy[FollowUp]:
    """A follow-up of one improvement action. Requires hypothesis."""
    return st.builds(
        FollowUp,
        action_id=_or(action_id, ids()),
        held_on=_or(held_on, st.dates()),
        progress=texts(),
        deviation=st.none() | texts(),
        corrective_step=st.none() | texts(),
        outcome=_or(outcome, st.none() | st.sampled_from(list(Outcome))),
    )


def practice_records(
    *, goal_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[PracticeRecord]:
    """What worked on an exceeded goal, shared with some audiences on a day, or not yet.

    Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> PracticeRecord:
        audiences = tuple(draw(st.lists(ids(), unique=True, max_size=3)))
        shared_on = draw(st.none() | st.dates()) if audiences else None
        return PracticeRecord(
            goal_id=draw(_or(goal_id, ids())),
            what_worked=draw(texts()),
            shared_with=audiences,
            shared_on=shared_on,
        )

    return build()


def improvement_plans() -> st.SearchStrategy[ImprovementPlan]:
    """Actions with distinct ids and follow-ups of those actions only. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> ImprovementPlan:
        action_ids = draw(st.lists(ids(), unique=True, max_size=3))
        actions = tuple(draw(improvement_actions(action_id=st.just(a))) for a in action_ids)
        done = (
            draw(st.lists(follow_ups(action_id=st.sampled_from(action_ids)), max_size=4))
            if action_ids
            else []
        )
        return ImprovementPlan(actions=actions, follow_ups=tuple(done))

    return build()


def formal_plans(
    *,
    plan_id: st.SearchStrategy[str] | None = None,
    action_ids: st.SearchStrategy[Sequence[str]] | None = None,
    starts_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[FormalPlan]:
    """A formal plan over distinct actions with one to four review dates within its dates.

    ``action_ids`` must draw at least one id (repeats are dropped); ``starts_on``
    must draw a date before ``datetime.date.max``. The plan lasts 1 to 400 days.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> FormalPlan:
        start = draw(_or(starts_on, st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))))
        length = draw(st.integers(1, max(1, min(400, (dt.date.max - start).days))))
        offsets = draw(st.lists(st.integers(0, length), min_size=1, max_size=4, unique=True))
        offsets.sort()
        chosen = draw(_or(action_ids, st.lists(ids(), min_size=1, max_size=3)))
        return FormalPlan(
            id=draw(_or(plan_id, ids())),
            reason=draw(texts()),
            action_ids=tuple(dict.fromkeys(chosen)),
            starts_on=start,
            ends_on=start + dt.timedelta(days=length),
            review_dates=tuple(start + dt.timedelta(days=offset) for offset in offsets),
            expectations=draw(texts()),
            support=tuple(draw(st.lists(texts(), max_size=2))),
            consequences=draw(st.none() | texts()),
        )

    return build()


def formal_reviews(
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    outcome: st.SearchStrategy[Outcome | None] | None = None,
) -> st.SearchStrategy[FormalReview]:
    """A review of a formal plan, interim or with an outcome. Requires hypothesis."""
    return st.builds(
        FormalReview,
        held_on=_or(held_on, st.dates()),
        progress=texts(),
        outcome=_or(outcome, st.none() | st.sampled_from(list(Outcome))),
        next_steps=st.none() | texts(),
    )


# --- drafting ----------------------------------------------------------------------

_CAUSE_FIELDS = tuple(field.name for field in attrs.fields(CauseInterventions))


def _intervention_lists() -> st.SearchStrategy[tuple[InterventionKind, ...]]:
    return st.lists(
        st.sampled_from(list(InterventionKind)), min_size=1, max_size=4, unique=True
    ).map(tuple)


def cause_interventions() -> st.SearchStrategy[CauseInterventions]:
    """A mapping with one to four distinct interventions per cause, in any order.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    lists = _intervention_lists()
    return st.fixed_dictionaries(dict.fromkeys(_CAUSE_FIELDS, lists)).map(
        lambda drawn: CauseInterventions(**drawn)
    )


def plan_drafts() -> st.SearchStrategy[PlanDraft]:
    """A draft from ``draft_plan`` over random unmet goals, causes and mapping.

    Up to four goals ``g1``, ``g2``, ...; each has up to two causes (some none,
    so some goals are unanalysed), some already addressed by existing actions;
    the draft is sometimes edited (an action removed). Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> PlanDraft:
        goal_ids = [f"g{n + 1}" for n in range(draw(st.integers(0, 4)))]
        unmet = tuple(draw(goals(goal_id=st.just(g))) for g in goal_ids)
        causes = tuple(
            attrs.evolve(draw(root_causes(goal_id=st.just(goal_id))), id=f"rc-{goal_id}-{n}")
            for goal_id in goal_ids
            for n in range(draw(st.integers(0, 2)))
        )
        cause_ids = [cause.id for cause in causes]
        existing = tuple(
            draw(
                improvement_actions(
                    action_id=st.just(f"a{n}"),
                    cause_ids=st.lists(st.sampled_from(cause_ids), max_size=1)
                    if cause_ids
                    else st.just(()),
                )
            )
            for n in range(draw(st.integers(0, 2)))
        )
        draft = draft_plan(
            unmet,
            causes,
            employee_id=draw(ids()),
            manager_id=draw(ids()),
            on=draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))),
            interventions=draw(cause_interventions()),
            due_in_days=draw(st.integers(1, 3660)),
            kinds_per_cause=draw(st.integers(1, 3)),
            existing=existing,
        )
        if draw(st.booleans()) and draft.actions:
            draft = draft.remove(draw(st.sampled_from([a.id for a in draft.actions])))
        return draft

    return build()


def practices() -> st.SearchStrategy[PracticeToShare]:
    """A practice to share from an over-achieved goal. Requires hypothesis."""
    return st.builds(
        PracticeToShare,
        goal_id=ids(),
        goal_title=texts(),
        employee_id=ids(),
        cycle_id=st.none() | ids(),
        what_worked=texts(),
        methods=st.lists(texts(), max_size=2).map(tuple),
        evidence=st.lists(texts(), max_size=2).map(tuple),
        rating=st.integers(-10, 100) | st.floats(-1e6, 1e6, allow_nan=False),
    )


def check_in_signals(
    *, kind: st.SearchStrategy[SignalKind] | None = None
) -> st.SearchStrategy[CheckInSignal]:
    """Something a check-in raised, about up to three goals. Requires hypothesis."""
    return st.builds(
        CheckInSignal,
        check_in_id=ids(),
        held_on=st.dates(),
        kind=_or(kind, st.sampled_from(list(SignalKind))),
        text=texts(),
        goal_ids=st.lists(ids(), max_size=3, unique=True).map(tuple),
    )
