# Type information for the front door, whose names load on first use (see __init__.py).

from perfcore import analytics as analytics
from perfcore import appraisal as appraisal
from perfcore import batch as batch
from perfcore import calibration as calibration
from perfcore import compensation as compensation
from perfcore import competency as competency
from perfcore import cycle as cycle
from perfcore import dask as dask
from perfcore import feedback as feedback
from perfcore import improvement as improvement
from perfcore import organisation as organisation
from perfcore import oversight as oversight
from perfcore import schedule as schedule
from perfcore import schema as schema
from perfcore import scoring as scoring
from perfcore import serialization as serialization
from perfcore import strategies as strategies
from perfcore import testing as testing
from perfcore import visibility as visibility
from perfcore.assessments import (
    Achievement as Achievement,
)
from perfcore.assessments import (
    Assessment as Assessment,
)
from perfcore.assessments import (
    AssessmentSource as AssessmentSource,
)
from perfcore.assessments import (
    Basis as Basis,
)
from perfcore.assessments import (
    FeedbackDiscussion as FeedbackDiscussion,
)
from perfcore.assessments import (
    GapExplanation as GapExplanation,
)
from perfcore.assessments import (
    GapRule as GapRule,
)
from perfcore.assessments import (
    GoalRating as GoalRating,
)
from perfcore.assessments import (
    Rating as Rating,
)
from perfcore.cadence import Cadence as Cadence
from perfcore.checkins import (
    ActionItem as ActionItem,
)
from perfcore.checkins import (
    CheckIn as CheckIn,
)
from perfcore.checkins import (
    CheckInKind as CheckInKind,
)
from perfcore.checkins import (
    GoalProgress as GoalProgress,
)
from perfcore.checkins import (
    ProgressStatus as ProgressStatus,
)
from perfcore.cycle import (
    CONDITIONS as CONDITIONS,
)
from perfcore.cycle import (
    DEFAULT_PERMISSIONS as DEFAULT_PERMISSIONS,
)
from perfcore.cycle import (
    DEFAULT_POLICY as DEFAULT_POLICY,
)
from perfcore.cycle import (
    AdjustmentKind as AdjustmentKind,
)
from perfcore.cycle import (
    AppraisalStatus as AppraisalStatus,
)
from perfcore.cycle import (
    Availability as Availability,
)
from perfcore.cycle import (
    Blocker as Blocker,
)
from perfcore.cycle import (
    Command as Command,
)
from perfcore.cycle import (
    Condition as Condition,
)
from perfcore.cycle import (
    Cycle as Cycle,
)
from perfcore.cycle import (
    CycleSettings as CycleSettings,
)
from perfcore.cycle import (
    DisputeOutcome as DisputeOutcome,
)
from perfcore.cycle import (
    DisputeResolution as DisputeResolution,
)
from perfcore.cycle import (
    Event as Event,
)
from perfcore.cycle import (
    Phase as Phase,
)
from perfcore.cycle import (
    Policy as Policy,
)
from perfcore.cycle import (
    Reason as Reason,
)
from perfcore.cycle import (
    ScoreAdjustment as ScoreAdjustment,
)
from perfcore.cycle import (
    Waiver as Waiver,
)
from perfcore.errors import (
    ContentConflict as ContentConflict,
)
from perfcore.errors import (
    GuardError as GuardError,
)
from perfcore.errors import (
    MalformedInput as MalformedInput,
)
from perfcore.errors import (
    MissingDependency as MissingDependency,
)
from perfcore.errors import (
    OutOfOrder as OutOfOrder,
)
from perfcore.errors import (
    PerfcoreError as PerfcoreError,
)
from perfcore.errors import (
    PermissionDenied as PermissionDenied,
)
from perfcore.errors import (
    Problem as Problem,
)
from perfcore.errors import (
    TransitionError as TransitionError,
)
from perfcore.errors import (
    ValidationError as ValidationError,
)
from perfcore.errors import (
    VersionConflict as VersionConflict,
)
from perfcore.errors import (
    ViewChanged as ViewChanged,
)
from perfcore.goals import (
    Goal as Goal,
)
from perfcore.goals import (
    GoalKind as GoalKind,
)
from perfcore.goals import (
    GoalStatus as GoalStatus,
)
from perfcore.improvement import (
    Attribution as Attribution,
)
from perfcore.improvement import (
    CauseCategory as CauseCategory,
)
from perfcore.improvement import (
    FollowUp as FollowUp,
)
from perfcore.improvement import (
    FormalPlan as FormalPlan,
)
from perfcore.improvement import (
    FormalReview as FormalReview,
)
from perfcore.improvement import (
    ImprovementAction as ImprovementAction,
)
from perfcore.improvement import (
    ImprovementPlan as ImprovementPlan,
)
from perfcore.improvement import (
    InterventionKind as InterventionKind,
)
from perfcore.improvement import (
    Outcome as Outcome,
)
from perfcore.improvement import (
    RootCause as RootCause,
)
from perfcore.measures import (
    Direction as Direction,
)
from perfcore.measures import (
    Measure as Measure,
)
from perfcore.measures import (
    MilestoneMeasure as MilestoneMeasure,
)
from perfcore.measures import (
    NumericMeasure as NumericMeasure,
)
from perfcore.measures import (
    ScaleMeasure as ScaleMeasure,
)
from perfcore.measures import (
    YesNoMeasure as YesNoMeasure,
)
from perfcore.objectives import (
    GoalAlignment as GoalAlignment,
)
from perfcore.objectives import (
    Objective as Objective,
)
from perfcore.objectives import (
    ObjectiveCatalogue as ObjectiveCatalogue,
)
from perfcore.objectives import (
    ObjectiveLevel as ObjectiveLevel,
)
from perfcore.oversight import (
    DueItem as DueItem,
)
from perfcore.oversight import (
    DueSource as DueSource,
)
from perfcore.oversight import (
    due_items as due_items,
)
from perfcore.oversight import (
    due_items_of as due_items_of,
)
from perfcore.people import (
    Actor as Actor,
)
from perfcore.people import (
    Role as Role,
)
from perfcore.periods import (
    Period as Period,
)
from perfcore.periods import (
    PeriodKind as PeriodKind,
)
from perfcore.scales import (
    RatingScale as RatingScale,
)

__version__: str

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
