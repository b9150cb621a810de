"""perfcore: a pure-Python SDK for employee performance management.

This module is the map of the public API: it only re-exports. Domain objects
live in small modules (``people``, ``periods``, ``scales``, ``measures``,
``goals``, ``checkins``, ``assessments``, ``improvement``); the cycle state
machine lives in ``perfcore.cycle``; JSON-ready data in ``perfcore.serialization``.
"""

from importlib.metadata import PackageNotFoundError, version

from perfcore.assessments import (
    Achievement,
    Assessment,
    AssessmentSource,
    Basis,
    FeedbackDiscussion,
    GapExplanation,
    GapRule,
    GoalRating,
    Rating,
)
from perfcore.cadence import Cadence
from perfcore.checkins import CheckIn, CheckInKind, GoalProgress, ProgressStatus
from perfcore.cycle import (
    CONDITIONS,
    DEFAULT_PERMISSIONS,
    DEFAULT_POLICY,
    AdjustmentKind,
    AppraisalStatus,
    Availability,
    Blocker,
    Command,
    Condition,
    Cycle,
    CycleSettings,
    DisputeOutcome,
    DisputeResolution,
    Event,
    Phase,
    Policy,
    Reason,
    ScoreAdjustment,
    Waiver,
)
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
from perfcore.goals import Goal, GoalKind, GoalStatus
from perfcore.improvement import (
    Attribution,
    CauseCategory,
    FollowUp,
    FormalPlan,
    FormalReview,
    ImprovementAction,
    ImprovementPlan,
    InterventionKind,
    Outcome,
    RootCause,
)
from perfcore.measures import (
    Direction,
    Measure,
    MilestoneMeasure,
    NumericMeasure,
    ScaleMeasure,
    YesNoMeasure,
)
from perfcore.people import Actor, Role
from perfcore.periods import Period, PeriodKind
from perfcore.scales import RatingScale

try:
    __version__ = version("perfcore")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "CONDITIONS",
    "DEFAULT_PERMISSIONS",
    "DEFAULT_POLICY",
    "Achievement",
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
    "Event",
    "FeedbackDiscussion",
    "FollowUp",
    "FormalPlan",
    "FormalReview",
    "GapExplanation",
    "GapRule",
    "Goal",
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
]
