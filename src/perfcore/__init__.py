"""perfcore: a pure-Python SDK for employee performance management.

This module is the map of the public API: it only re-exports. Domain objects
live in small modules (``people``, ``periods``, ``scales``, ``measures``,
``goals``, ``checkins``, ``assessments``, ``improvement``); the cycle state
machine lives in ``perfcore.cycle``; JSON-ready data in ``perfcore.serialization``.

Importing perfcore loads only its errors; every other public name, the
subpackages and ``__version__`` are loaded on first use (PEP 562): a name of
the records (``Goal``, ``Assessment``...) loads its own module, a name of the
cycle loads the cycle with its scoring and competency, and a tool that needs
one record does not pay for the rest or for the package metadata. ``from perfcore
import Cycle``, ``perfcore.Cycle`` and ``import perfcore.analytics`` all work as
before; the stub ``__init__.pyi`` shows type checkers every name.
"""

import importlib

from perfcore.errors import (
    ContentConflict,
    GuardError,
    MalformedInput,
    MissingDependency,
    OutOfOrder,
    PerfcoreError,
    PermissionDenied,
    Problem,
    TransitionError,
    ValidationError,
    VersionConflict,
    ViewChanged,
)

_LAZY: dict[str, str] = {
    "Achievement": "perfcore.assessments",
    "Assessment": "perfcore.assessments",
    "AssessmentSource": "perfcore.assessments",
    "Basis": "perfcore.assessments",
    "FeedbackDiscussion": "perfcore.assessments",
    "GapExplanation": "perfcore.assessments",
    "GapRule": "perfcore.assessments",
    "Cadence": "perfcore.cadence",
    "GoalRating": "perfcore.assessments",
    "Rating": "perfcore.assessments",
    "ActionItem": "perfcore.checkins",
    "CheckIn": "perfcore.checkins",
    "CheckInKind": "perfcore.checkins",
    "GoalProgress": "perfcore.checkins",
    "ProgressStatus": "perfcore.checkins",
    "Goal": "perfcore.goals",
    "GoalKind": "perfcore.goals",
    "GoalStatus": "perfcore.goals",
    "Direction": "perfcore.measures",
    "Measure": "perfcore.measures",
    "MilestoneMeasure": "perfcore.measures",
    "NumericMeasure": "perfcore.measures",
    "ScaleMeasure": "perfcore.measures",
    "YesNoMeasure": "perfcore.measures",
    "Actor": "perfcore.people",
    "Role": "perfcore.people",
    "GoalAlignment": "perfcore.objectives",
    "Objective": "perfcore.objectives",
    "ObjectiveCatalogue": "perfcore.objectives",
    "ObjectiveLevel": "perfcore.objectives",
    "Period": "perfcore.periods",
    "PeriodKind": "perfcore.periods",
    "RatingScale": "perfcore.scales",
    "AdjustmentKind": "perfcore.cycle",
    "AppraisalStatus": "perfcore.cycle",
    "Availability": "perfcore.cycle",
    "Blocker": "perfcore.cycle",
    "CONDITIONS": "perfcore.cycle",
    "Command": "perfcore.cycle",
    "Condition": "perfcore.cycle",
    "Cycle": "perfcore.cycle",
    "CycleSettings": "perfcore.cycle",
    "DEFAULT_PERMISSIONS": "perfcore.cycle",
    "DEFAULT_POLICY": "perfcore.cycle",
    "DisputeOutcome": "perfcore.cycle",
    "DisputeResolution": "perfcore.cycle",
    "Event": "perfcore.cycle",
    "Phase": "perfcore.cycle",
    "Policy": "perfcore.cycle",
    "Reason": "perfcore.cycle",
    "ScoreAdjustment": "perfcore.cycle",
    "Waiver": "perfcore.cycle",
    "Attribution": "perfcore.improvement",
    "CauseCategory": "perfcore.improvement",
    "FollowUp": "perfcore.improvement",
    "FormalPlan": "perfcore.improvement",
    "FormalReview": "perfcore.improvement",
    "ImprovementAction": "perfcore.improvement",
    "ImprovementPlan": "perfcore.improvement",
    "InterventionKind": "perfcore.improvement",
    "Outcome": "perfcore.improvement",
    "RootCause": "perfcore.improvement",
    "DueItem": "perfcore.oversight",
    "DueSource": "perfcore.oversight",
    "due_items": "perfcore.oversight",
    "due_items_of": "perfcore.oversight",
}
"""Each public name loaded on first use, and the module it comes from."""

_SUBPACKAGES = frozenset(
    (
        "analytics",
        "appraisal",
        "batch",
        "calibration",
        "compensation",
        "competency",
        "cycle",
        "dask",
        "feedback",
        "improvement",
        "organisation",
        "oversight",
        "schedule",
        "scoring",
        "serialization",
        "schema",
        "strategies",
        "testing",
        "visibility",
    )
)
"""Subpackages reachable as ``perfcore.<name>`` without importing them first."""


def __getattr__(name: str) -> object:
    """Load a public name, a subpackage or ``__version__`` on first use (PEP 562)."""
    if name in _LAZY:
        value: object = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name == "__version__":
        value = _version()
    else:
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
    globals()[name] = value  # later lookups find it without calling this again
    return value


def __dir__() -> list[str]:
    """The public names and whatever is already loaded, for ``dir()`` and completion."""
    return sorted(set(globals()) | set(__all__))


def _version() -> str:
    metadata = importlib.import_module("importlib.metadata")
    try:
        found: str = metadata.version("perfcore")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"
    return found


__all__ = [
    "CONDITIONS",
    "DEFAULT_PERMISSIONS",
    "DEFAULT_POLICY",
    "Achievement",
    "ActionItem",
    "Actor",
    "AdjustmentKind",
    "AppraisalStatus",
    "Assessment",
    "AssessmentSource",
    "Attribution",
    "Availability",
    "Basis",
    "Blocker",
    "Cadence",
    "CauseCategory",
    "CheckIn",
    "CheckInKind",
    "Command",
    "Condition",
    "ContentConflict",
    "Cycle",
    "CycleSettings",
    "Direction",
    "DisputeOutcome",
    "DisputeResolution",
    "DueItem",
    "DueSource",
    "Event",
    "FeedbackDiscussion",
    "FollowUp",
    "FormalPlan",
    "FormalReview",
    "GapExplanation",
    "GapRule",
    "Goal",
    "GoalAlignment",
    "GoalKind",
    "GoalProgress",
    "GoalRating",
    "GoalStatus",
    "GuardError",
    "ImprovementAction",
    "ImprovementPlan",
    "InterventionKind",
    "MalformedInput",
    "Measure",
    "MilestoneMeasure",
    "MissingDependency",
    "NumericMeasure",
    "Objective",
    "ObjectiveCatalogue",
    "ObjectiveLevel",
    "OutOfOrder",
    "Outcome",
    "PerfcoreError",
    "Period",
    "PeriodKind",
    "PermissionDenied",
    "Phase",
    "Policy",
    "Problem",
    "ProgressStatus",
    "Rating",
    "RatingScale",
    "Reason",
    "Role",
    "RootCause",
    "ScaleMeasure",
    "ScoreAdjustment",
    "TransitionError",
    "ValidationError",
    "VersionConflict",
    "ViewChanged",
    "Waiver",
    "YesNoMeasure",
    "__version__",
    "due_items",
    "due_items_of",
]
