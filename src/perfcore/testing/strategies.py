"""Hypothesis strategies for every perfcore domain type, valid by construction.

Run your own rules (scorers, policies, fit strategies, serialization) against
anything perfcore can hold. This module needs hypothesis
(``pip install 'perfcore[testing]'``); importing ``perfcore`` never imports it.

Every function takes keyword-only arguments and returns a ``SearchStrategy``;
pass strategies to constrain what is drawn::

    from hypothesis import given, strategies as st
    from perfcore import GoalKind
    from perfcore.testing.strategies import goals

    @given(goals(kind=st.just(GoalKind.DEVELOPMENT)))
    def test_my_rule(goal): ...

With perfcore installed, ``st.from_type(perfcore.Goal)`` (and every other public
type) also works, through perfcore's hypothesis entry point.
"""

from __future__ import annotations

# The strategies live in private modules that import one way only, from the
# primitives up: primitive <- record <- improvement, competency <- cycle; feedback,
# schedule, oversight and analytics build on the primitives (and feedback on the
# records). This module only re-exports them.
from perfcore.testing._analytics_strategies import (
    employment_events,
    indicator_evidence,
    rating_records,
    talent_records,
)
from perfcore.testing._competency_strategies import (
    advancement_criteria,
    career_paths,
    career_steps,
    competencies,
    competency_assessments,
    competency_profiles,
    competency_ratings,
    proficiency_levels,
    proficiency_scales,
    requirements,
)
from perfcore.testing._cycle_strategies import (
    EMPLOYEE,
    HR,
    MANAGER,
    CommandSequence,
    approval_routes,
    approval_steps,
    approvals,
    command_sequences,
    cycle_settings,
    cycles,
    follow_up_answers,
    signal_answers,
    waivers,
)
from perfcore.testing._feedback_strategies import (
    feedback_ratings,
    feedback_requests,
    feedback_responses,
    feedback_scores,
    feedback_summaries,
    relation_summaries,
    reviewers,
    topics,
)
from perfcore.testing._hypothesis import _register
from perfcore.testing._improvement_strategies import (
    cause_interventions,
    check_in_signals,
    follow_ups,
    formal_plans,
    formal_reviews,
    improvement_actions,
    improvement_plans,
    plan_drafts,
    practice_records,
    practices,
    root_causes,
)
from perfcore.testing._organisation_strategies import (
    contract_types_rules,
    eligibilities,
    eligibility_rules,
    goal_templates,
    hired_by_rules,
    launched,
    leaves,
    left_outs,
    minimum_tenure_rules,
    not_on_leave_rules,
    persons,
    questions,
    reasons,
    review_sections,
    review_templates,
    template_refs,
    template_scopes,
)
from perfcore.testing._oversight_strategies import (
    audit_reports,
    due_item_records,
    findings,
    phase_deadlines,
)
from perfcore.testing._population_strategies import Population, populations
from perfcore.testing._primitive_strategies import (
    actors,
    ids,
    periods,
    rating_scales,
    roles,
    texts,
)
from perfcore.testing._record_strategies import (
    action_items,
    assessments,
    bases,
    cadences,
    check_ins,
    feedback_discussions,
    gap_explanations,
    gap_rules,
    goal_alignments,
    goal_progresses,
    goal_ratings,
    goal_sets,
    goals,
    measures,
    milestone_measures,
    numeric_measures,
    objective_catalogues,
    objectives,
    ratings,
    scale_measures,
    yes_no_measures,
)
from perfcore.testing._schedule_strategies import (
    manager_agreements,
    review_deadlines,
)

__all__ = [
    "EMPLOYEE",
    "HR",
    "MANAGER",
    "CommandSequence",
    "Population",
    "action_items",
    "actors",
    "advancement_criteria",
    "approval_routes",
    "approval_steps",
    "approvals",
    "assessments",
    "audit_reports",
    "bases",
    "cadences",
    "career_paths",
    "career_steps",
    "cause_interventions",
    "check_in_signals",
    "check_ins",
    "command_sequences",
    "competencies",
    "competency_assessments",
    "competency_profiles",
    "competency_ratings",
    "contract_types_rules",
    "cycle_settings",
    "cycles",
    "due_item_records",
    "eligibilities",
    "eligibility_rules",
    "employment_events",
    "feedback_discussions",
    "feedback_ratings",
    "feedback_requests",
    "feedback_responses",
    "feedback_scores",
    "feedback_summaries",
    "findings",
    "follow_up_answers",
    "follow_ups",
    "formal_plans",
    "formal_reviews",
    "gap_explanations",
    "gap_rules",
    "goal_alignments",
    "goal_progresses",
    "goal_ratings",
    "goal_sets",
    "goal_templates",
    "goals",
    "hired_by_rules",
    "ids",
    "improvement_actions",
    "improvement_plans",
    "indicator_evidence",
    "launched",
    "leaves",
    "left_outs",
    "manager_agreements",
    "measures",
    "milestone_measures",
    "minimum_tenure_rules",
    "not_on_leave_rules",
    "numeric_measures",
    "objective_catalogues",
    "objectives",
    "periods",
    "persons",
    "phase_deadlines",
    "plan_drafts",
    "populations",
    "practice_records",
    "practices",
    "proficiency_levels",
    "proficiency_scales",
    "questions",
    "rating_records",
    "rating_scales",
    "ratings",
    "reasons",
    "relation_summaries",
    "requirements",
    "review_deadlines",
    "review_sections",
    "review_templates",
    "reviewers",
    "roles",
    "root_causes",
    "scale_measures",
    "signal_answers",
    "talent_records",
    "template_refs",
    "template_scopes",
    "texts",
    "topics",
    "waivers",
    "yes_no_measures",
]

_register()  # every public type, command and event for st.from_type, plugins or not
