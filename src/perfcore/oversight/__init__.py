"""HR oversight: audit cycles (one at a time and across managers) with a pluggable rule set.

:func:`audit` runs a :class:`RuleSet` over cycles as of a moment that is
passed in and returns an :class:`AuditReport` of :class:`Finding` records:
stable code, severity, who it is about, a message and the evidence. Apps
disable rules (``DEFAULT_RULES.without(...)``), change thresholds
(``.configure(code, **params)``), add their own (``.with_rules(rule)``), and
store the whole set as data (``.config(DEFAULT_REGISTRY)``).

>>> from perfcore.oversight import DEFAULT_RULES
>>> DEFAULT_RULES.codes()[:3]
('goal_imposed', 'goal_revision_unexplained', 'weights_not_100')
"""

from perfcore.oversight.alignment import (
    Cascade,
    CascadeBranch,
    CascadedGoal,
    Orphan,
    OrphanReason,
    cascade,
)
from perfcore.oversight.audit import (
    BUILT_IN_RULES,
    DEFAULT_REGISTRY,
    DEFAULT_RULES,
    ENTRY_POINT_GROUP,
    as_it_stood,
    audit,
)
from perfcore.oversight.context import AuditContext, PhaseDeadlines, phase_entered, phase_left
from perfcore.oversight.cycle_rules import (
    PLACEHOLDER_TEXTS,
    ActionItemOverdue,
    ActionNotFollowingCause,
    CauseWithoutAction,
    CheckInCadenceMissed,
    CheckInSchedule,
    CompetencyUnrated,
    FollowUpOverdue,
    FormalReviewOverdue,
    GoalImposed,
    GoalOnRetiredObjective,
    GoalRevisionUnexplained,
    GoalWithoutCheckIn,
    GoalWithoutMeasure,
    PhaseOverdue,
    RatingWithoutBasis,
    SelfAssessmentMissing,
    SelfManagerGapUnexplained,
    SignalUnanalysed,
    SignalUnanswered,
    UnmetGoalWithoutRootCause,
    WeightsNotTotal100,
    check_in_schedule,
)
from perfcore.oversight.due import (
    CONDITION_KINDS,
    DUE_KINDS,
    DueItem,
    DueKind,
    DueSource,
    due_items,
    due_items_of,
)
from perfcore.oversight.findings import AuditReport, EvidenceValue, Finding, Severity
from perfcore.oversight.population_rules import (
    ManagerRating,
    RaterLeniency,
    TeamMember,
    TeamWithoutCheckIns,
    manager_rating,
)
from perfcore.oversight.reference import rules_table
from perfcore.oversight.rules import AuditRule, CycleRule, PopulationRule, RuleSet, Scope

__all__ = [
    "BUILT_IN_RULES",
    "CONDITION_KINDS",
    "DEFAULT_REGISTRY",
    "DEFAULT_RULES",
    "DUE_KINDS",
    "ENTRY_POINT_GROUP",
    "PLACEHOLDER_TEXTS",
    "ActionItemOverdue",
    "ActionNotFollowingCause",
    "AuditContext",
    "AuditReport",
    "AuditRule",
    "Cascade",
    "CascadeBranch",
    "CascadedGoal",
    "CauseWithoutAction",
    "CheckInCadenceMissed",
    "CheckInSchedule",
    "CompetencyUnrated",
    "CycleRule",
    "DueItem",
    "DueKind",
    "DueSource",
    "EvidenceValue",
    "Finding",
    "FollowUpOverdue",
    "FormalReviewOverdue",
    "GoalImposed",
    "GoalOnRetiredObjective",
    "GoalRevisionUnexplained",
    "GoalWithoutCheckIn",
    "GoalWithoutMeasure",
    "ManagerRating",
    "Orphan",
    "OrphanReason",
    "PhaseDeadlines",
    "PhaseOverdue",
    "PopulationRule",
    "RaterLeniency",
    "RatingWithoutBasis",
    "RuleSet",
    "Scope",
    "SelfAssessmentMissing",
    "SelfManagerGapUnexplained",
    "Severity",
    "SignalUnanalysed",
    "SignalUnanswered",
    "TeamMember",
    "TeamWithoutCheckIns",
    "UnmetGoalWithoutRootCause",
    "WeightsNotTotal100",
    "as_it_stood",
    "audit",
    "cascade",
    "check_in_schedule",
    "due_items",
    "due_items_of",
    "manager_rating",
    "phase_entered",
    "phase_left",
    "rules_table",
]
