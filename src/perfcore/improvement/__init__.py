"""The improvement loop: root causes, improvement actions and their follow-up.

``model`` holds the records a cycle keeps (root causes, actions, follow-ups,
the plan); the other modules build on them:

- ``interventions``: :class:`CauseInterventions`, which kinds of action follow
  from which root cause (configurable, a registry strategy);
- ``drafting``: :func:`draft_plan` drafts a :class:`PlanDraft` from the unmet
  goals and their causes, for the manager to edit;
- ``practices``: :func:`practices_to_share`, what worked on over-achieved goals;
- ``signals``: :func:`signals_of`, what check-ins raised (obstacles, calls for
  HR's help, harm to the company's interest) and the causes each points to;
- ``formal``: :class:`FormalPlan` and :class:`FormalReview`, a formal improvement
  plan with scheduled reviews for serious cases.

``DEFAULT_REGISTRY`` builds the strategies from ``{"strategy": ..., "params": ...}``,
with the same :class:`perfcore.scoring.Registry` mechanism scoring uses.

>>> from perfcore.improvement import DEFAULT_REGISTRY
>>> DEFAULT_REGISTRY.names()
('cause_interventions',)
"""

from typing import Any

from perfcore.improvement.model import (
    Attribution,
    CauseCategory,
    FollowUp,
    ImprovementAction,
    ImprovementPlan,
    InterventionKind,
    Outcome,
    RootCause,
)

# isort: split
# The records come first: what follows imports perfcore.scoring, whose competency
# strategies import InterventionKind from this package.
from perfcore.improvement.drafting import PlanDraft, draft_plan
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.improvement.interventions import (
    DEFAULT_CAUSE_INTERVENTIONS,
    IMPROVEMENT_STRATEGIES,
    CauseInterventions,
)
from perfcore.improvement.practices import PracticeRecord, PracticeToShare, practices_to_share
from perfcore.improvement.signals import (
    ANSWERED_SIGNALS,
    SIGNAL_CAUSES,
    CheckInSignal,
    SignalKind,
    signals_of,
)
from perfcore.strategies import Registry

ENTRY_POINT_GROUP = "perfcore.improvement"
"""The entry-point group through which packages add improvement strategies."""


def _builtin_registry() -> Registry:
    registry = Registry.empty(ENTRY_POINT_GROUP)
    strategies: tuple[Any, ...] = IMPROVEMENT_STRATEGIES
    for strategy in strategies:
        registry = registry.register(strategy.NAME, strategy.from_params)
    return registry


DEFAULT_REGISTRY = _builtin_registry()
"""The built-in improvement strategies by name."""

__all__ = [
    "ANSWERED_SIGNALS",
    "DEFAULT_CAUSE_INTERVENTIONS",
    "DEFAULT_REGISTRY",
    "ENTRY_POINT_GROUP",
    "IMPROVEMENT_STRATEGIES",
    "SIGNAL_CAUSES",
    "Attribution",
    "CauseCategory",
    "CauseInterventions",
    "CheckInSignal",
    "FollowUp",
    "FormalPlan",
    "FormalReview",
    "ImprovementAction",
    "ImprovementPlan",
    "InterventionKind",
    "Outcome",
    "PlanDraft",
    "PracticeRecord",
    "PracticeToShare",
    "RootCause",
    "SignalKind",
    "draft_plan",
    "practices_to_share",
    "signals_of",
]
