"""perfcore's hypothesis plugin: ``st.from_type(T)`` for every public perfcore type.

Hypothesis calls :func:`_register` through the ``hypothesis`` entry point that
perfcore declares, inside hypothesis' own import: so this module imports no
hypothesis module at its top (importing it first would start that import, which
calls back into this half-loaded module). Everything is looked up by name when
called: ``hypothesis.strategies`` (loaded by then) in :func:`_register`, and
``perfcore.testing.strategies`` only when a strategy is first drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

# Each public type and the name of its strategy in ``perfcore.testing.strategies``.
_STRATEGIES: tuple[tuple[str, str, str], ...] = (
    ("perfcore", "Role", "roles"),
    ("perfcore", "Actor", "actors"),
    ("perfcore", "Period", "periods"),
    ("perfcore", "RatingScale", "rating_scales"),
    ("perfcore", "NumericMeasure", "numeric_measures"),
    ("perfcore", "MilestoneMeasure", "milestone_measures"),
    ("perfcore", "YesNoMeasure", "yes_no_measures"),
    ("perfcore", "ScaleMeasure", "scale_measures"),
    ("perfcore", "Goal", "goals"),
    ("perfcore", "GoalProgress", "goal_progresses"),
    ("perfcore", "CheckIn", "check_ins"),
    ("perfcore", "Basis", "bases"),
    ("perfcore", "Rating", "ratings"),
    ("perfcore", "GoalRating", "goal_ratings"),
    ("perfcore", "Assessment", "assessments"),
    ("perfcore", "FeedbackDiscussion", "feedback_discussions"),
    ("perfcore", "GapExplanation", "gap_explanations"),
    ("perfcore", "RootCause", "root_causes"),
    ("perfcore", "ImprovementAction", "improvement_actions"),
    ("perfcore", "FollowUp", "follow_ups"),
    ("perfcore", "ImprovementPlan", "improvement_plans"),
    ("perfcore", "FormalPlan", "formal_plans"),
    ("perfcore", "FormalReview", "formal_reviews"),
    ("perfcore.improvement", "CauseInterventions", "cause_interventions"),
    ("perfcore.improvement", "PlanDraft", "plan_drafts"),
    ("perfcore.improvement", "PracticeToShare", "practices"),
    ("perfcore.schedule", "Cadence", "cadences"),
    ("perfcore.schedule", "ReviewDeadline", "review_deadlines"),
    ("perfcore.schedule", "ManagerAgreement", "manager_agreements"),
    ("perfcore.oversight", "Finding", "findings"),
    ("perfcore.oversight", "AuditReport", "audit_reports"),
    ("perfcore.oversight", "PhaseDeadlines", "phase_deadlines"),
    ("perfcore.analytics", "RatingRecord", "rating_records"),
    ("perfcore.analytics", "TalentRecord", "talent_records"),
    ("perfcore.analytics", "EmploymentEvent", "employment_events"),
    ("perfcore.analytics", "IndicatorEvidence", "indicator_evidence"),
    ("perfcore", "Waiver", "waivers"),
    ("perfcore", "Cycle", "cycles"),
    ("perfcore.competency", "Competency", "competencies"),
    ("perfcore.competency", "ProficiencyLevel", "proficiency_levels"),
    ("perfcore.competency", "ProficiencyScale", "proficiency_scales"),
    ("perfcore.competency", "Requirement", "requirements"),
    ("perfcore.competency", "CompetencyProfile", "competency_profiles"),
    ("perfcore.competency", "CompetencyRating", "competency_ratings"),
    ("perfcore.competency", "CompetencyAssessment", "competency_assessments"),
    ("perfcore.competency", "AdvancementCriteria", "advancement_criteria"),
    ("perfcore.competency", "CareerStep", "career_steps"),
    ("perfcore.competency", "CareerPath", "career_paths"),
    ("perfcore.feedback", "Reviewer", "reviewers"),
    ("perfcore.feedback", "Topic", "topics"),
    ("perfcore.feedback", "FeedbackRating", "feedback_ratings"),
    ("perfcore.feedback", "FeedbackResponse", "feedback_responses"),
    ("perfcore.feedback", "FeedbackRequest", "feedback_requests"),
    ("perfcore.feedback", "FeedbackSummary", "feedback_summaries"),
    ("perfcore.feedback", "RelationSummary", "relation_summaries"),
    ("perfcore.feedback", "FeedbackScore", "feedback_scores"),
)


_KIT = "perfcore.testing.strategies"


def _lazy(name: str) -> Callable[[type[Any]], SearchStrategy[Any]]:
    def resolve(_: type[Any]) -> SearchStrategy[Any]:
        factory: Callable[[], SearchStrategy[Any]] = getattr(importlib.import_module(_KIT), name)
        return factory()

    return resolve


def _register() -> None:
    """Register a lazy strategy for every public perfcore type with hypothesis."""
    st = importlib.import_module("hypothesis.strategies")
    for module, type_name, strategy_name in _STRATEGIES:
        st.register_type_strategy(
            getattr(importlib.import_module(module), type_name), _lazy(strategy_name)
        )
