"""perfcore's hypothesis plugin: ``st.from_type(T)`` for every public perfcore type.

Hypothesis calls :func:`_register` through the ``hypothesis`` entry point that
perfcore declares, inside hypothesis' own import: so this module imports no
hypothesis module at its top (importing it first would start that import, which
calls back into this half-loaded module). Everything is looked up by name when
called: ``hypothesis.strategies`` (loaded by then) in :func:`_register`, and
``perfcore.testing.strategies`` only when a strategy is first drawn.
``perfcore.testing.strategies`` registers them again when imported, for a
process where hypothesis' plugins are turned off or perfcore is not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

# Each public type and the name of its strategy in ``perfcore.testing.strategies``.
_STRATEGIES: tuple[tuple[str, str, str], ...] = (
    ("perfcore.people", "Role", "roles"),
    ("perfcore.people", "Actor", "actors"),
    ("perfcore.periods", "Period", "periods"),
    ("perfcore.scales", "RatingScale", "rating_scales"),
    ("perfcore.measures", "NumericMeasure", "numeric_measures"),
    ("perfcore.measures", "MilestoneMeasure", "milestone_measures"),
    ("perfcore.measures", "YesNoMeasure", "yes_no_measures"),
    ("perfcore.measures", "ScaleMeasure", "scale_measures"),
    ("perfcore.goals", "Goal", "goals"),
    ("perfcore.objectives", "Objective", "objectives"),
    ("perfcore.objectives", "ObjectiveCatalogue", "objective_catalogues"),
    ("perfcore.objectives", "GoalAlignment", "goal_alignments"),
    ("perfcore.checkins", "GoalProgress", "goal_progresses"),
    ("perfcore.checkins", "ActionItem", "action_items"),
    ("perfcore.checkins", "CheckIn", "check_ins"),
    ("perfcore.assessments", "Basis", "bases"),
    ("perfcore.assessments", "Rating", "ratings"),
    ("perfcore.assessments", "GoalRating", "goal_ratings"),
    ("perfcore.assessments", "Assessment", "assessments"),
    ("perfcore.assessments", "FeedbackDiscussion", "feedback_discussions"),
    ("perfcore.assessments", "GapExplanation", "gap_explanations"),
    ("perfcore.assessments", "GapRule", "gap_rules"),
    ("perfcore.improvement.model", "RootCause", "root_causes"),
    ("perfcore.improvement.model", "ImprovementAction", "improvement_actions"),
    ("perfcore.improvement.model", "FollowUp", "follow_ups"),
    ("perfcore.improvement.model", "ImprovementPlan", "improvement_plans"),
    ("perfcore.improvement.formal", "FormalPlan", "formal_plans"),
    ("perfcore.improvement.formal", "FormalReview", "formal_reviews"),
    ("perfcore.improvement.interventions", "CauseInterventions", "cause_interventions"),
    ("perfcore.improvement.drafting", "PlanDraft", "plan_drafts"),
    ("perfcore.improvement.practices", "PracticeToShare", "practices"),
    ("perfcore.improvement.practices", "PracticeRecord", "practice_records"),
    ("perfcore.improvement.signals", "CheckInSignal", "check_in_signals"),
    ("perfcore.cadence", "Cadence", "cadences"),
    ("perfcore.schedule.agreement", "ReviewDeadline", "review_deadlines"),
    ("perfcore.schedule.agreement", "ManagerAgreement", "manager_agreements"),
    ("perfcore.organisation.population", "Leave", "leaves"),
    ("perfcore.organisation.population", "Person", "persons"),
    ("perfcore.organisation.templates", "TemplateScope", "template_scopes"),
    ("perfcore.organisation.templates", "TemplateRef", "template_refs"),
    ("perfcore.organisation.templates", "GoalTemplate", "goal_templates"),
    ("perfcore.organisation.templates", "Question", "questions"),
    ("perfcore.organisation.templates", "ReviewSection", "review_sections"),
    ("perfcore.organisation.templates", "ReviewTemplate", "review_templates"),
    ("perfcore.organisation.eligibility", "Reason", "reasons"),
    ("perfcore.organisation.eligibility", "HiredBy", "hired_by_rules"),
    ("perfcore.organisation.eligibility", "NotOnLeave", "not_on_leave_rules"),
    ("perfcore.organisation.eligibility", "ContractTypes", "contract_types_rules"),
    ("perfcore.organisation.eligibility", "MinimumTenure", "minimum_tenure_rules"),
    ("perfcore.organisation.eligibility", "Eligibility", "eligibilities"),
    ("perfcore.organisation.launch", "Launched", "launched"),
    ("perfcore.organisation.launch", "LeftOut", "left_outs"),
    ("perfcore.oversight.findings", "Finding", "findings"),
    ("perfcore.oversight.findings", "AuditReport", "audit_reports"),
    ("perfcore.oversight.context", "PhaseDeadlines", "phase_deadlines"),
    ("perfcore.oversight.due", "DueItem", "due_item_records"),
    ("perfcore.analytics.records", "RatingRecord", "rating_records"),
    ("perfcore.analytics.records", "TalentRecord", "talent_records"),
    ("perfcore.analytics.records", "EmploymentEvent", "employment_events"),
    ("perfcore.analytics.potential", "IndicatorEvidence", "indicator_evidence"),
    ("perfcore.cycle.state", "Waiver", "waivers"),
    ("perfcore.cycle.state", "CycleSettings", "cycle_settings"),
    ("perfcore.cycle.state", "FollowUpAnswer", "follow_up_answers"),
    ("perfcore.cycle.state", "ApprovalStep", "approval_steps"),
    ("perfcore.cycle.state", "Approval", "approvals"),
    ("perfcore.cycle.state", "SignalAnswer", "signal_answers"),
    ("perfcore.cycle.aggregate", "Cycle", "cycles"),
    ("perfcore.competency.model", "Competency", "competencies"),
    ("perfcore.competency.model", "ProficiencyLevel", "proficiency_levels"),
    ("perfcore.competency.model", "ProficiencyScale", "proficiency_scales"),
    ("perfcore.competency.model", "Requirement", "requirements"),
    ("perfcore.competency.model", "CompetencyProfile", "competency_profiles"),
    ("perfcore.competency.model", "CompetencyRating", "competency_ratings"),
    ("perfcore.competency.model", "CompetencyAssessment", "competency_assessments"),
    ("perfcore.competency.model", "AdvancementCriteria", "advancement_criteria"),
    ("perfcore.competency.model", "CareerStep", "career_steps"),
    ("perfcore.competency.model", "CareerPath", "career_paths"),
    ("perfcore.feedback.model", "Reviewer", "reviewers"),
    ("perfcore.feedback.model", "Topic", "topics"),
    ("perfcore.feedback.model", "FeedbackRating", "feedback_ratings"),
    ("perfcore.feedback.model", "FeedbackResponse", "feedback_responses"),
    ("perfcore.feedback.request", "FeedbackRequest", "feedback_requests"),
    ("perfcore.feedback.summary", "FeedbackSummary", "feedback_summaries"),
    ("perfcore.feedback.summary", "RelationSummary", "relation_summaries"),
    ("perfcore.feedback.summary", "FeedbackScore", "feedback_scores"),
)


# The commands and events, drawn by ``perfcore.testing._message_strategies.messages``.
_MESSAGES: tuple[tuple[str, str], ...] = (
    ("perfcore.cycle.commands", "COMMAND_TYPES"),
    ("perfcore.cycle.events", "EVENT_TYPES"),
    ("perfcore.feedback.events", "FEEDBACK_EVENT_TYPES"),
)

_KIT = "perfcore.testing.strategies"
_MESSAGE_KIT = "perfcore.testing._message_strategies"


def _lazy(name: str) -> Callable[[type[Any]], SearchStrategy[Any]]:
    def resolve(_: type[Any]) -> SearchStrategy[Any]:
        factory: Callable[[], SearchStrategy[Any]] = getattr(importlib.import_module(_KIT), name)
        return factory()

    return resolve


def _message(cls: type[Any]) -> SearchStrategy[Any]:
    kit = importlib.import_module(_MESSAGE_KIT)
    draw: Callable[[type[Any]], SearchStrategy[Any]] = kit.messages
    return draw(cls)


def _message_types() -> list[type[Any]]:
    found: list[type[Any]] = [importlib.import_module("perfcore.cycle.commands").StartCycle]
    for module, table in _MESSAGES:
        found.extend(getattr(importlib.import_module(module), table))
    return found


def _register() -> None:
    """Register a lazy strategy for every public perfcore type with hypothesis.

    Records, cycles and requests by the table above; every command and event
    (a cycle's and a feedback request's) through ``messages``.
    """
    st = importlib.import_module("hypothesis.strategies")
    for module, type_name, strategy_name in _STRATEGIES:
        st.register_type_strategy(
            getattr(importlib.import_module(module), type_name), _lazy(strategy_name)
        )
    for cls in _message_types():
        st.register_type_strategy(cls, _message)
