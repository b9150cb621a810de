"""The improvement loop: root causes, improvement actions and their follow-up.

``model`` holds the records a cycle keeps (root causes, actions, follow-ups,
the plan); the other modules build on them.
"""

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

__all__ = [
    "Attribution",
    "CauseCategory",
    "FollowUp",
    "ImprovementAction",
    "ImprovementPlan",
    "InterventionKind",
    "Outcome",
    "RootCause",
]
