"""perfcore.testing.strategies: valid by construction, constrainable, and behind st.from_type."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from typing import Any

import attrs
import pytest
from hypothesis import Phase as Stage
from hypothesis import find, given, settings
from hypothesis import strategies as st

import perfcore as pc
from perfcore import analytics as an
from perfcore import competency as comp
from perfcore import improvement as imp
from perfcore import organisation as org
from perfcore import oversight as ov
from perfcore import schedule as sch
from perfcore.serialization import make_converter
from perfcore.testing import strategies as ps
from perfcore.testing._message_strategies import _fields, messages

CONV = make_converter()

# Every public type, with the strategy that draws it.
STRATEGIES: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (pc.Role, ps.roles()),
    (pc.Actor, ps.actors()),
    (pc.Period, ps.periods()),
    (pc.RatingScale, ps.rating_scales()),
    (pc.NumericMeasure, ps.numeric_measures()),
    (pc.MilestoneMeasure, ps.milestone_measures()),
    (pc.YesNoMeasure, ps.yes_no_measures()),
    (pc.ScaleMeasure, ps.scale_measures()),
    (pc.Goal, ps.goals()),
    (pc.GoalProgress, ps.goal_progresses()),
    (pc.CheckIn, ps.check_ins()),
    (pc.Basis, ps.bases()),
    (pc.Rating, ps.ratings()),
    (pc.GoalRating, ps.goal_ratings()),
    (pc.Assessment, ps.assessments()),
    (pc.FeedbackDiscussion, ps.feedback_discussions()),
    (pc.GapExplanation, ps.gap_explanations()),
    (pc.RootCause, ps.root_causes()),
    (pc.ImprovementAction, ps.improvement_actions()),
    (pc.FollowUp, ps.follow_ups()),
    (pc.ImprovementPlan, ps.improvement_plans()),
    (pc.FormalPlan, ps.formal_plans()),
    (pc.FormalReview, ps.formal_reviews()),
    (imp.CauseInterventions, ps.cause_interventions()),
    (imp.PlanDraft, ps.plan_drafts()),
    (imp.PracticeToShare, ps.practices()),
    (sch.Cadence, ps.cadences()),
    (sch.ReviewDeadline, ps.review_deadlines()),
    (sch.ManagerAgreement, ps.manager_agreements()),
    (org.Leave, ps.leaves()),
    (org.Person, ps.persons()),
    (org.TemplateScope, ps.template_scopes()),
    (org.TemplateRef, ps.template_refs()),
    (org.GoalTemplate, ps.goal_templates()),
    (org.Question, ps.questions()),
    (org.ReviewSection, ps.review_sections()),
    (org.ReviewTemplate, ps.review_templates()),
    (org.Reason, ps.reasons()),
    (org.HiredBy, ps.hired_by_rules()),
    (org.NotOnLeave, ps.not_on_leave_rules()),
    (org.ContractTypes, ps.contract_types_rules()),
    (org.MinimumTenure, ps.minimum_tenure_rules()),
    (org.Launched, ps.launched()),
    (org.LeftOut, ps.left_outs()),
    (ov.Finding, ps.findings()),
    (ov.AuditReport, ps.audit_reports()),
    (ov.PhaseDeadlines, ps.phase_deadlines()),
    (ov.DueItem, ps.due_item_records()),
    (an.RatingRecord, ps.rating_records()),
    (an.TalentRecord, ps.talent_records()),
    (an.EmploymentEvent, ps.employment_events()),
    (an.IndicatorEvidence, ps.indicator_evidence()),
    (pc.Waiver, ps.waivers()),
    (pc.Cycle, ps.cycles()),
    (comp.Competency, ps.competencies()),
    (comp.ProficiencyLevel, ps.proficiency_levels()),
    (comp.ProficiencyScale, ps.proficiency_scales()),
    (comp.Requirement, ps.requirements()),
    (comp.CompetencyProfile, ps.competency_profiles()),
    (comp.CompetencyRating, ps.competency_ratings()),
    (comp.CompetencyAssessment, ps.competency_assessments()),
    (comp.AdvancementCriteria, ps.advancement_criteria()),
    (comp.CareerStep, ps.career_steps()),
    (comp.CareerPath, ps.career_paths()),
]
TYPES = [cls for cls, _ in STRATEGIES]
IDS = [cls.__name__ for cls in TYPES]


def round_trips(obj: object, cls: type[Any]) -> None:
    assert isinstance(obj, cls)
    assert CONV.structure(CONV.unstructure(obj), cls) == obj
    assert CONV.loads(CONV.dumps(obj), cls) == obj


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@given(data=st.data())
def test_every_strategy_draws_valid_instances(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    round_trips(data.draw(strategy), cls)


@pytest.mark.parametrize("cls", TYPES, ids=IDS)
@given(data=st.data())
def test_from_type_works_for_every_public_type(cls: type[Any], data: st.DataObject) -> None:
    round_trips(data.draw(st.from_type(cls)), cls)


@given(measure=ps.measures())
def test_measures_draws_every_kind_of_measure(measure: pc.Measure) -> None:
    assert CONV.structure(CONV.unstructure(measure, pc.Measure), pc.Measure) == measure


@given(goal=ps.goals(kind=st.just(pc.GoalKind.DEVELOPMENT), weight=st.just(0)))
def test_goals_honour_kind_and_weight(goal: pc.Goal) -> None:
    assert goal.kind is pc.GoalKind.DEVELOPMENT
    assert goal.weight == 0


@given(goal=ps.goals(period=st.just(pc.Period.quarter(2026, 2)), measure=ps.measures()))
def test_goals_fall_due_inside_the_period(goal: pc.Goal) -> None:
    assert goal.measure is not None
    assert goal.due is None or pc.Period.quarter(2026, 2).start <= goal.due
    assert goal.due is None or goal.due <= pc.Period.quarter(2026, 2).end


@given(data=st.data())
def test_goal_sets_weigh_100_and_fall_inside_the_period(data: st.DataObject) -> None:
    period = data.draw(ps.periods())
    goals = data.draw(ps.goal_sets(period=st.just(period)))
    assert sum(g.weight for g in goals if g.kind is pc.GoalKind.PERFORMANCE) == 100
    assert len({g.id for g in goals}) == len(goals)
    assert all(g.measure is not None for g in goals)
    assert all(g.due is None or period.start <= g.due <= period.end for g in goals)


@given(data=st.data())
def test_scaled_values_lie_on_their_scale(data: st.DataObject) -> None:
    scale = data.draw(ps.rating_scales())
    assert scale.contains(data.draw(ps.ratings(scale=st.just(scale))).value)
    assert scale.contains(data.draw(ps.scale_measures(scale=st.just(scale))).target)
    levels = data.draw(ps.proficiency_scales())
    assert levels.contains(data.draw(ps.requirements(scale=st.just(levels))).level)
    profile = data.draw(ps.competency_profiles(scale=st.just(levels)))
    assert all(levels.contains(r.level) for r in profile.requirements)


@given(
    assessment=ps.assessments(
        source=st.just(pc.AssessmentSource.MANAGER), goal_ids=st.just(("g1", "g2"))
    )
)
def test_assessments_rate_exactly_the_given_goals(assessment: pc.Assessment) -> None:
    assert assessment.source is pc.AssessmentSource.MANAGER
    assert [r.goal_id for r in assessment.goal_ratings] == ["g1", "g2"]


@given(step=ps.career_steps())
def test_career_steps_require_only_what_the_profile_requires(step: comp.CareerStep) -> None:
    for competency_id in step.criteria.required_competencies:
        assert step.profile.requirement(competency_id) is not None


@pytest.mark.parametrize("phase", list(pc.Phase), ids=[p.value for p in pc.Phase])
@given(data=st.data())
def test_cycles_reach_the_phase_asked_for(phase: pc.Phase, data: st.DataObject) -> None:
    cycle = data.draw(ps.cycles(phase=phase))
    assert cycle.phase is phase
    assert pc.Cycle.replay(cycle.events) == cycle


@given(cycle=ps.cycles(phase=st.sampled_from([pc.Phase.CLOSED, pc.Phase.CANCELLED])))
def test_cycles_accept_a_strategy_of_phases(cycle: pc.Cycle) -> None:
    assert cycle.phase in (pc.Phase.CLOSED, pc.Phase.CANCELLED)


def run_python(code: str, cwd: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_entry_point_registers_every_type_without_importing_perfcore_testing(
    tmp_path: Any,
) -> None:
    names = [(cls.__module__, cls.__name__) for cls in TYPES]
    out = run_python(
        f"""
        import importlib, sys
        from hypothesis import Phase, find, settings, strategies as st
        quick = settings(database=None, phases=[Phase.generate])
        import perfcore, perfcore.competency
        assert "perfcore.testing.strategies" not in sys.modules
        for module, name in {names!r}:
            cls = getattr(importlib.import_module(module), name)
            found = find(st.from_type(cls), lambda x: True, settings=quick)
            assert isinstance(found, cls), (name, found)
        assert "perfcore.testing.strategies" in sys.modules
        print("ok", len({names!r}))
        """,
        str(tmp_path),
    )
    assert out.split() == ["ok", str(len(TYPES))]


def test_importing_perfcore_never_imports_hypothesis(tmp_path: Any) -> None:
    out = run_python(
        """
        import sys
        import perfcore, perfcore.competency, perfcore.scoring, perfcore.serialization
        import perfcore.testing
        print(sorted(m for m in sys.modules if m.split(".")[0] == "hypothesis"))
        """,
        str(tmp_path),
    )
    assert out.strip() == "[]"


@given(
    plan=ps.formal_plans(
        action_ids=st.just(["a1", "a1", "a2"]),
        starts_on=st.just(dt.date.max - dt.timedelta(days=3)),
    )
)
def test_formal_plans_honour_their_constraints(plan: pc.FormalPlan) -> None:
    assert plan.action_ids == ("a1", "a2")
    assert plan.starts_on == dt.date.max - dt.timedelta(days=3)
    assert plan.starts_on < plan.ends_on <= dt.date.max
    assert all(plan.starts_on <= day <= plan.ends_on for day in plan.review_dates)


@given(review=ps.formal_reviews(held_on=st.just(dt.date(2026, 3, 15)), outcome=st.none()))
def test_formal_reviews_honour_their_constraints(review: pc.FormalReview) -> None:
    assert (review.held_on, review.outcome) == (dt.date(2026, 3, 15), None)


@settings(max_examples=30, deadline=None)
@given(ps.cycles(phase=pc.Phase.CLOSED))
def test_closed_cycles_sometimes_went_through_a_formal_plan(cycle: pc.Cycle) -> None:
    if cycle.formal_plan is not None:
        assert set(cycle.formal_plan.action_ids) <= {a.id for a in cycle.actions}
        assert cycle.events_of(pc.cycle.FormalPlanStarted)
        held = [r.held_on for r in cycle.formal_reviews]
        assert held == sorted(held)
        assert all(day >= cycle.formal_plan.starts_on for day in held)


def test_cycles_can_draw_a_formal_plan() -> None:
    def reviewed(cycle: pc.Cycle) -> bool:
        return cycle.formal_plan is not None and len(cycle.formal_reviews) >= 2

    quick = settings(database=None, max_examples=500, deadline=None, phases=[Stage.generate])
    assert find(ps.cycles(phase=pc.Phase.CLOSED).map(reviewed), lambda found: found, settings=quick)


@settings(max_examples=20, deadline=None)
@given(ps.command_sequences())
def test_command_sequences_replay_to_their_cycle(sequence: ps.CommandSequence) -> None:
    assert sequence.start.events == sequence.cycle.events[:1]
    assert len(sequence.moves) == len(sequence.cycle.events) - 1
    assert sequence.replay() == sequence.cycle
    assert [at for _, _, at in sequence.moves] == [e.at for e in sequence.cycle.events[1:]]


@pytest.mark.parametrize("kind", ["adjusted", "amended by a re-rating", "amended by an adjustment"])
def test_cycles_can_draw_adjustments_and_amended_disputes(kind: str) -> None:
    def drawn(cycle: pc.Cycle) -> tuple[bool, bool]:
        amendments = {type(event) for event in cycle.amendments}
        if kind == "adjusted":
            found = bool(cycle.events_of(pc.cycle.ScoreAdjusted))
        elif kind == "amended by a re-rating":
            found = pc.cycle.ManagerAssessmentSubmitted in amendments
        else:
            found = pc.cycle.ScoreAdjusted in amendments
        return found, cycle.ratings_released and not cycle.rerated

    quick = settings(database=None, max_examples=500, deadline=None, phases=[Stage.generate])
    strategy = ps.cycles(phase=pc.Phase.IMPROVEMENT).map(drawn)
    assert find(strategy, lambda found: found[0], settings=quick) == (True, True)


@pytest.mark.parametrize("row", pc.cycle.COMMANDS, ids=lambda row: row.command.NAME)
def test_cycles_issue_every_command(row: pc.cycle.CommandRow) -> None:
    """Revising, withdrawing, sharing a draft and competency assessments included."""
    quick = settings(database=None, max_examples=1000, deadline=None, phases=[Stage.generate])
    found = find(ps.cycles(), lambda cycle: bool(cycle.events_of(row.event)), settings=quick)
    assert pc.Cycle.replay(found.events) == found


def test_a_withdrawn_performance_goal_hands_its_weight_on() -> None:
    def withdrew_weight(cycle: pc.Cycle) -> bool:
        withdrawn = [cycle.goal(goal_id) for goal_id in cycle.withdrawn_goal_ids]
        return any(g is not None and g.weight > 0 for g in withdrawn)

    quick = settings(database=None, max_examples=1000, deadline=None, phases=[Stage.generate])
    found = find(ps.cycles(phase=pc.Phase.IMPLEMENTATION), withdrew_weight, settings=quick)
    performance = [g for g in found.active_goals if g.kind is pc.GoalKind.PERFORMANCE]
    assert sum(g.weight for g in performance) == 100


def test_a_failing_example_shows_the_short_repr_of_its_cycle() -> None:
    @settings(database=None, max_examples=50, derandomize=True, phases=[Stage.generate])
    @given(ps.cycles(phase=pc.Phase.CLOSED))
    def closes_with_one_goal(cycle: pc.Cycle) -> None:
        assert len(cycle.goals) == 1

    with pytest.raises(AssertionError) as failed:
        closes_with_one_goal()
    report = "\n".join(getattr(failed.value, "__notes__", []))
    assert "<Cycle " in report
    assert "phase=closed" in report
    # the example as printed, without hypothesis' reproduction blob (its length varies)
    example = report.split("You can reproduce", 1)[0]
    assert len(example) < 300, example


def test_only_commands_and_events_are_messages() -> None:
    with pytest.raises(ValueError, match="not a perfcore command or event type"):
        messages(pc.Goal)


@attrs.frozen(kw_only=True)
class _Probe:
    goal_id: str
    time_zone: str = "Europe/Berlin"


@given(_fields(_Probe))
def test_a_message_field_the_kit_does_not_know_keeps_its_default(probe: _Probe) -> None:
    """So a new optional field never makes drawn messages invalid before the kit learns it."""
    assert probe.time_zone == "Europe/Berlin"
    assert probe.goal_id.strip()
