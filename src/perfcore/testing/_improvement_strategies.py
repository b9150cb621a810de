"""Hypothesis strategies for the improvement package's drafting types, valid by construction.

``cause_interventions()`` draws a mapping from causes to interventions,
``plan_drafts()`` a draft drafted (and sometimes edited) from random unmet
goals and root causes, ``practices()`` a practice to share. Requires hypothesis
(``pip install 'perfcore[testing]'``).

The building blocks (``ids()``, ``goals()``, ``root_causes()`` ...) come from
:mod:`perfcore.testing.strategies`, imported when a strategy is built, so that
module can import this one at its top.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from perfcore.improvement import (
    CauseInterventions,
    InterventionKind,
    PlanDraft,
    PracticeToShare,
    draft_plan,
)

__all__ = ["cause_interventions", "plan_drafts", "practices"]

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
    from perfcore.testing import strategies as _ps  # noqa: PLC0415 - see the module notes

    @st.composite
    def build(draw: st.DrawFn) -> PlanDraft:
        goal_ids = [f"g{n + 1}" for n in range(draw(st.integers(0, 4)))]
        goals = tuple(draw(_ps.goals(goal_id=st.just(g))) for g in goal_ids)
        causes = tuple(
            attrs.evolve(draw(_ps.root_causes(goal_id=st.just(goal_id))), id=f"rc-{goal_id}-{n}")
            for goal_id in goal_ids
            for n in range(draw(st.integers(0, 2)))
        )
        cause_ids = [cause.id for cause in causes]
        existing = tuple(
            draw(
                _ps.improvement_actions(
                    action_id=st.just(f"a{n}"),
                    cause_ids=st.lists(st.sampled_from(cause_ids), max_size=1)
                    if cause_ids
                    else st.just(()),
                )
            )
            for n in range(draw(st.integers(0, 2)))
        )
        draft = draft_plan(
            goals,
            causes,
            employee_id=draw(_ps.ids()),
            manager_id=draw(_ps.ids()),
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
    from perfcore.testing import strategies as _ps  # noqa: PLC0415 - see the module notes

    return st.builds(
        PracticeToShare,
        goal_id=_ps.ids(),
        goal_title=_ps.texts(),
        employee_id=_ps.ids(),
        cycle_id=st.none() | _ps.ids(),
        what_worked=_ps.texts(),
        methods=st.lists(_ps.texts(), max_size=2).map(tuple),
        evidence=st.lists(_ps.texts(), max_size=2).map(tuple),
        rating=st.integers(-10, 100) | st.floats(-1e6, 1e6, allow_nan=False),
    )
