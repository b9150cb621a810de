"""The rules of the domain's phases, each with what enforces it and the test that proves it.

``RULES`` is the one table: every rule ../shared/DOMAIN.md sets for leaving a
phase, for the loop between cycles and for the records, in perfcore's words;
what enforces it (a leaving condition, a command's own rule, an audit rule, or
a question the cycle answers); and the tests that prove it. It is rendered into
docs/cycle.md (``python -c "import runpy; runpy.run_path('tests/cycle/
test_cycle_domain_rules.py')['write_domain_section']()"``), and
tests/cycle/test_cycle_domain_rules.py fails when a rule lists no enforcement,
names a condition, command or audit rule that does not exist, or a test that
is not there.

Enforcement is written ``kind:name``: ``condition:<code>`` (the guard),
``command:<name>`` (the command refuses what breaks the rule), ``audit:<code>``
(HR's audit reports it), ``cycle:<name>`` (what ``Cycle`` itself does or
answers: its history, its replay, the next cycle, a derived list).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["RULES", "DomainRule"]


class DomainRule(NamedTuple):
    """One rule of the domain and how perfcore holds it."""

    phase: str
    rule: str
    enforced_by: tuple[str, ...]
    proven_by: tuple[str, ...]


_C = "tests/cycle/test_cycle_conditions.py"
_R3 = "tests/cycle/test_cycle_rules_three.py"
_CMD = "tests/cycle/test_cycle_commands.py"
_AUD = "tests/oversight/test_oversight_rules.py"
_SIG = "tests/cycle/test_cycle_signals.py"
_ONE = "tests/cycle/test_cycle_one_on_ones.py"
_INT = "tests/cycle/test_cycle_replay_integrity.py"

RULES: tuple[DomainRule, ...] = (
    DomainRule(
        "goal setting",
        "Manager and employee set objectives for the period.",
        ("condition:goals_present", "command:propose_goal"),
        (f"{_C}::test_goals_present",),
    ),
    DomainRule(
        "goal setting",
        "Each objective is agreed by the employee, not imposed.",
        ("condition:goal_agreed", "command:agree_goals", "audit:goal_imposed"),
        (
            f"{_C}::test_goal_agreed_is_per_goal_and_cannot_be_waived",
            f"{_INT}::test_the_manager_does_not_agree_goals_for_the_employee",
            f"{_AUD}::test_goal_imposed_when_someone_else_agrees",
        ),
    ),
    DomainRule(
        "goal setting",
        "Each objective has a measure.",
        ("condition:goal_measure", "audit:goal_without_measure"),
        (f"{_C}::test_goal_measure", f"{_AUD}::test_goal_without_measure"),
    ),
    DomainRule(
        "goal setting",
        "The weights of the performance objectives add up.",
        ("condition:weights_total", "audit:weights_not_100"),
        (
            f"{_C}::test_weights_must_total_exactly_100",
            f"{_AUD}::test_weights_not_100_once_goal_setting_is_judged",
        ),
    ),
    DomainRule(
        "goal setting",
        "Objectives fit the company's direction (each performance objective hangs under a"
        " team or company objective).",
        ("command:align_goal", "condition:goal_aligned", "audit:objective_retired"),
        (
            f"{_C}::test_goal_aligned_can_be_met_or_waived_per_goal",
            "tests/cycle/test_cycle_objectives.py::test_a_parent_id_alone_no_longer_aligns_a_goal",
            "tests/oversight/test_oversight_rules.py::test_objective_retired",
        ),
    ),
    DomainRule(
        "implementation",
        "The agreed check-in cadence is kept, or HR waives it.",
        ("condition:check_in_cadence", "audit:check_in_cadence_missed"),
        (
            f"{_C}::test_check_in_cadence_lists_each_missed_due_date",
            f"{_AUD}::test_the_agreed_cadence_is_the_guards_and_the_audits",
        ),
    ),
    DomainRule(
        "implementation",
        "Obstacles, calls for HR's help and harm to the company's long-term interest raised at"
        " check-ins are weighed when the goal they concern ends unmet.",
        ("condition:signal_analysed", "audit:signal_unanalysed"),
        (
            f"{_SIG}::test_an_obstacle_points_the_analysis_to_resources_or_the_environment",
            f"{_SIG}::test_hr_may_accept_another_analysis_and_the_audit_agrees",
        ),
    ),
    DomainRule(
        "implementation",
        "HR's help is asked when needed and a harm to the company's interest flagged, and both"
        " are answered; what a 1:1 agrees is followed through.",
        (
            "command:answer_signal",
            "audit:signal_unanswered",
            "audit:action_item_overdue",
        ),
        (
            f"{_ONE}::test_hr_answers_a_call_for_help_and_the_answer_shows_with_the_check_ins",
            f"{_ONE}::test_the_audit_reads_unanswered_signals_and_overdue_items",
            f"{_ONE}::test_open_action_items_carry_until_a_later_check_in_closes_them",
        ),
    ),
    DomainRule(
        "implementation",
        "An objective revised mid-cycle says why, and is agreed again.",
        ("command:revise_goal", "condition:goal_agreed", "audit:goal_revision_unexplained"),
        (
            f"{_CMD}::test_revised_goal_keeps_history_and_needs_agreement",
            f"{_C}::test_revision_agreed",
            f"{_AUD}::test_goal_revision_unexplained",
        ),
    ),
    DomainRule(
        "implementation",
        "Progress on each objective is tracked at the check-ins.",
        ("command:record_check_in", "audit:goal_without_check_in"),
        (f"{_AUD}::test_goal_without_check_in",),
    ),
    DomainRule(
        "appraisal",
        "The manager rates each objective, with the basis of the rating.",
        ("condition:manager_assessment", "condition:goal_rated", "audit:rating_without_basis"),
        (f"{_C}::test_manager_assessment_and_goal_rated", f"{_AUD}::test_rating_without_basis"),
    ),
    DomainRule(
        "appraisal",
        "The manager rates each competency of the role's profile.",
        ("condition:competency_rated", "audit:competency_unrated"),
        (
            f"{_R3}::test_every_competency_of_the_profile_needs_the_managers_rating",
            f"{_AUD}::test_competency_unrated",
        ),
    ),
    DomainRule(
        "appraisal",
        "The self-assessment is heard, or HR waives it.",
        ("condition:self_assessment", "audit:self_assessment_missing"),
        (f"{_C}::test_self_assessment_met_or_waived", f"{_AUD}::test_self_assessment_missing"),
    ),
    DomainRule(
        "appraisal",
        "The self-assessment and the manager's are compared; a large gap is explained.",
        ("condition:gap_explained", "audit:self_manager_gap_unexplained"),
        (
            f"{_R3}::test_a_large_gap_needs_an_explanation_in_the_feedback_discussion",
            f"{_AUD}::test_self_manager_gap_unexplained",
        ),
    ),
    DomainRule(
        "appraisal",
        "Every unmet objective is analysed to a cause.",
        ("condition:root_cause", "audit:unmet_goal_without_root_cause"),
        (
            f"{_C}::test_root_cause_for_every_unmet_goal",
            f"{_AUD}::test_unmet_goal_without_root_cause",
        ),
    ),
    DomainRule(
        "appraisal",
        "Over-achieved objectives are analysed, so what worked can be shared.",
        ("condition:practice_recorded", "command:record_practice", "cycle:practices_to_share"),
        (
            f"{_R3}::test_what_worked_on_an_exceeded_goal_is_recorded_and_shared",
            "tests/improvement/test_improvement_practices.py::test_one_practice_per_exceeded_goal",
        ),
    ),
    DomainRule(
        "appraisal",
        "The feedback discussion is held.",
        ("condition:feedback_discussion",),
        (f"{_C}::test_feedback_discussion",),
    ),
    DomainRule(
        "appraisal",
        "The employee acknowledges the result, or disputes it and HR resolves the dispute.",
        (
            "condition:acknowledgement",
            "condition:dispute_resolved",
            "condition:rerating_acknowledged",
            "condition:ratings_released",
            "condition:dispute_amended",
            "command:acknowledge",
            "command:resolve_dispute",
        ),
        (f"{_C}::test_acknowledgement_or_resolved_dispute",),
    ),
    DomainRule(
        "improvement",
        "Each cause gets actions of the kind it calls for.",
        (
            "condition:cause_addressed",
            "condition:action_fits_cause",
            "audit:cause_without_action",
            "audit:action_not_following_cause",
        ),
        (
            f"{_C}::test_cause_addressed",
            f"{_R3}::test_an_action_that_does_not_address_its_cause_blocks_the_close",
            f"{_AUD}::test_action_not_following_cause",
        ),
    ),
    DomainRule(
        "improvement",
        "Each action is followed up.",
        ("condition:action_followed_up", "audit:follow_up_overdue"),
        (f"{_C}::test_action_followed_up_and_outcome", f"{_AUD}::test_follow_up_overdue"),
    ),
    DomainRule(
        "improvement",
        "Deviations are corrected together with the employee.",
        ("command:answer_follow_up", "condition:outcome_answered"),
        (f"{_R3}::test_an_outcome_needs_both_voices_when_the_settings_say_so",),
    ),
    DomainRule(
        "improvement",
        "Each action's outcome is recorded.",
        ("condition:action_outcome",),
        (f"{_C}::test_action_followed_up_and_outcome",),
    ),
    DomainRule(
        "next cycle",
        "Unfinished development objectives and open actions carry over.",
        ("cycle:next_cycle",),
        (f"{_CMD}::test_next_cycle_carries_unfinished_development_goals_and_open_actions",),
    ),
    DomainRule(
        "records",
        "Every change is attributable (who, role, when, why) and nothing is overwritten.",
        ("cycle:events", "cycle:replay"),
        (
            "tests/cycle/test_cycle_properties.py::test_each_accepted_command_appends_one_attributable_event",
        ),
    ),
)
"""Every rule of the domain, in the order of the cycle."""
