"""The guard and the audit judge a rule the same way: the same subjects, on any cycle.

For each rule both hold (a leaving condition and an audit rule), a random cycle
in the phase the condition guards has a blocker for exactly the subjects the
audit reports, as of the cycle's latest event; a cycle that meets the rule
gets neither. Waivers silence both.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import CycleStarted
from perfcore.oversight import DEFAULT_RULES, audit
from perfcore.testing.strategies import cadences, cycles
from strategies import EMPLOYEE, MANAGER

PAIRS = (
    ("check_in_cadence", "check_in_cadence_missed", pc.Phase.IMPLEMENTATION),
    ("competency_rated", "competency_unrated", pc.Phase.APPRAISAL),
    ("gap_explained", "self_manager_gap_unexplained", pc.Phase.APPRAISAL),
    ("action_fits_cause", "action_not_following_cause", pc.Phase.IMPROVEMENT),
    ("signal_analysed", "signal_unanalysed", pc.Phase.APPRAISAL),
)
"""(condition, audit rule, the phase the condition guards)."""

GUARDED = st.sampled_from([pc.Phase.IMPLEMENTATION, pc.Phase.APPRAISAL, pc.Phase.IMPROVEMENT])


def _audited(cycle: pc.Cycle, code: str, at: dt.datetime | None = None) -> set[str]:
    """The subjects the audit reports under ``code``, as of ``at`` (the latest event)."""
    when = cycle.last_event_at if at is None else at
    report = audit([cycle], as_of=when, rules=[DEFAULT_RULES.rule(code)])
    subjects: set[str] = set()
    for finding in report.findings:
        if code == "check_in_cadence_missed":  # one finding, listing the missed due dates
            subjects |= set(str(finding.evidence["missed_dates"]).split(", "))
        else:
            assert finding.subject is not None
            subjects.add(finding.subject)
    return subjects


def _blocked(cycle: pc.Cycle, code: str, at: dt.datetime | None = None) -> set[str]:
    return {str(b.subject) for b in cycle.blockers(at=at) if b.code == code}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycle=GUARDED.flatmap(lambda phase: cycles(phase=phase)))
def test_the_guard_and_the_audit_never_disagree(cycle: pc.Cycle) -> None:
    for condition, rule, phase in PAIRS:
        if cycle.phase is not phase:
            continue
        if (
            rule in {"competency_unrated", "self_manager_gap_unexplained", "signal_unanalysed"}
            and cycle.feedback is None
        ):
            continue  # the audit judges these once the feedback discussion is held
        assert _blocked(cycle, condition) == _audited(cycle, rule), (condition, rule)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycle=GUARDED.flatmap(lambda phase: cycles(phase=phase)))
def test_a_cycle_that_meets_every_rule_gets_no_finding_of_them(cycle: pc.Cycle) -> None:
    if cycle.blockers():
        return
    for _, rule, phase in PAIRS:
        if cycle.phase is phase:
            assert _audited(cycle, rule) == set(), rule


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cycle=cycles(phase=pc.Phase.IMPLEMENTATION),
    later=st.integers(0, 400),
    cadence=st.none() | cadences(grace_days=st.integers(0, 5), early_days=st.integers(0, 5)),
)
def test_the_guard_and_the_audit_count_the_same_missed_check_ins(
    cycle: pc.Cycle, later: int, cadence: pc.Cadence | None
) -> None:
    if cadence is not None:  # the same history, under another agreed cadence
        first = cycle.events[0]
        assert isinstance(first, CycleStarted)
        agreed = attrs.evolve(first, settings=pc.CycleSettings(cadence=cadence))
        cycle = pc.Cycle.replay((agreed, *cycle.events[1:]), verify=False)
    at = cycle.last_event_at + dt.timedelta(days=later)
    blocked = _blocked(cycle, "check_in_cadence", at)
    assert blocked == _audited(cycle, "check_in_cadence_missed", at)


@settings(max_examples=80, deadline=None)
@given(
    own=st.integers(1, 5),
    manager=st.integers(1, 5),
    explained=st.booleans(),
    rule=st.from_type(pc.GapRule),
)
def test_the_guard_and_the_audit_ask_for_the_same_explanations(
    own: int, manager: int, *, explained: bool, rule: pc.GapRule
) -> None:
    settings_ = pc.CycleSettings(gap_rule=rule)
    cycle = b.rate_competencies(b.appraisal_entered(settings_), at=b.when(41))
    mine = attrs.evolve(
        b.self_assessment(),
        goal_ratings=(
            b.rating("g1", pc.Achievement.MET, own),
            *b.self_assessment().goal_ratings[1:],
        ),
    )
    theirs = attrs.evolve(
        b.manager_assessment(),
        goal_ratings=(
            b.rating("g1", pc.Achievement.PARTLY_MET, manager),
            *b.manager_assessment().goal_ratings[1:],
        ),
    )
    cycle = cycle.submit_self_assessment(mine, by=EMPLOYEE, at=b.when(42))
    cycle = cycle.submit_manager_assessment(theirs, by=MANAGER, at=b.when(42))
    reasons = (pc.GapExplanation(goal_id="g1", text="Talked it through"),) if explained else ()
    talk = pc.FeedbackDiscussion(
        held_on=b.when(43).date(), summary="Talk", gap_explanations=reasons
    )
    cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(43))
    blocked = _blocked(cycle, "gap_explained")
    assert blocked == _audited(cycle, "self_manager_gap_unexplained")
    needs = rule.needs_explanation(own, manager, cycle.scale)
    assert ("g1" in blocked) == (needs and not explained)
