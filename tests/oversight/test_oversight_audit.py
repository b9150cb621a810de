"""The audit machinery: findings, reports, rule sets, validation, time travel, the docs table."""

from __future__ import annotations

import datetime as dt
import pathlib
import pickle
import re
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects
from oversight_builders import HR, MANAGER, at, d, healthy
from perfcore.oversight import (
    BUILT_IN_RULES,
    DEFAULT_REGISTRY,
    DEFAULT_RULES,
    AuditContext,
    AuditReport,
    CycleRule,
    Finding,
    PhaseDeadlines,
    RaterLeniency,
    RuleSet,
    Scope,
    Severity,
    audit,
    phase_entered,
    phase_left,
    rules_table,
)
from perfcore.serialization import make_converter
from perfcore.testing.contracts import AuditRuleContract
from perfcore.testing.strategies import cycles

DOCS = pathlib.Path(__file__).parents[2] / "docs" / "oversight.md"


def finding(**changes: object) -> Finding:
    fields: dict[str, object] = {
        "code": "goal_without_measure",
        "severity": Severity.CRITICAL,
        "message": "goal 'g2' has no measure",
        "cycle_id": "c1",
        "employee_id": "e7",
        "manager_id": "m2",
        "subject": "g2",
        "evidence": {"goal_title": "Cut defects", "count": 2},
    }
    fields.update(changes)
    return Finding(**fields)  # type: ignore[arg-type]


# --- findings -----------------------------------------------------------------------


def test_a_finding_is_a_value_object_with_sorted_evidence() -> None:
    f = finding()
    assert list(f.evidence) == ["count", "goal_title"]
    check_value_object(f)
    assert pickle.loads(pickle.dumps(f)) == f  # noqa: S301 - our own data


def test_a_finding_is_a_flat_row() -> None:
    assert finding().as_record() == {
        "code": "goal_without_measure",
        "severity": "critical",
        "cycle_id": "c1",
        "employee_id": "e7",
        "manager_id": "m2",
        "subject": "g2",
        "message": "goal 'g2' has no measure",
        "evidence.count": 2,
        "evidence.goal_title": "Cut defects",
    }


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("code", "Goal Without", "^must be a lowercase identifier"),
        ("severity", "critical", "^must be a Severity"),
        ("message", "", "^must not be empty$"),
        ("subject", "", "^must not be empty$"),
        ("evidence", ["a"], "^must be a mapping of names to values"),
        ("evidence", {"ids": ("g1",)}, "^'ids' must be a string, number, boolean or None"),
        ("evidence", {"": 1}, "^keys must be non-empty strings"),
    ],
)
def test_finding_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: finding(**{field: value}), f"Finding.{field}", phrase)


@given(
    st.lists(
        st.builds(
            finding,
            code=st.sampled_from(["a_rule", "b_rule"]),
            severity=st.sampled_from(Severity),
            manager_id=st.sampled_from(["m1", "m2", None]),
            subject=st.sampled_from(["g1", "g2", None]),
        )
    ),
    st.randoms(use_true_random=False),
)
def test_a_report_orders_its_findings_whatever_order_they_come_in(
    findings: list[Finding], random: object
) -> None:
    shuffled = list(findings)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert AuditReport(findings=tuple(shuffled)) == AuditReport(findings=tuple(findings))
    report = AuditReport(findings=tuple(findings))
    assert sum(len(group) for group in report.by_manager().values()) == len(report)
    assert sum(report.counts().values()) == len(report)
    assert len(report.as_records()) == len(report)


def test_findings_round_trip_through_the_converter() -> None:
    conv = make_converter()
    report = audit([healthy("implementation", check_ins=())], as_of=at(d("2026-06-01")))
    assert report
    for f in report:
        data = conv.unstructure(f)
        assert data["severity"] == f.severity.value
        assert conv.structure(data, Finding) == f
    assert conv.structure(conv.unstructure(report), AuditReport) == report


# --- rule sets ----------------------------------------------------------------------


def test_the_default_rules_cover_every_built_in_rule_once() -> None:
    assert DEFAULT_RULES.codes() == tuple(rule.NAME for rule in BUILT_IN_RULES)
    assert DEFAULT_REGISTRY.names() == tuple(sorted(DEFAULT_RULES.codes()))
    assert {rule.scope for rule in DEFAULT_RULES} == {Scope.CYCLE, Scope.POPULATION}


def test_rule_sets_round_trip_as_data() -> None:
    config = DEFAULT_RULES.config(DEFAULT_REGISTRY)
    assert RuleSet.from_config(config, DEFAULT_REGISTRY) == DEFAULT_RULES
    assert config[0] == {
        "strategy": "goal_imposed",
        "params": {"severity": "critical", "pending_days": 14},
    }


def test_configure_changes_one_rule_in_place() -> None:
    changed = DEFAULT_RULES.configure("goal_imposed", pending_days=3, severity="warning")
    assert changed.codes() == DEFAULT_RULES.codes()
    assert changed.rule("goal_imposed").params() == {"severity": "warning", "pending_days": 3}
    assert changed.rule("goal_imposed").severity is Severity.WARNING


def test_configure_reports_bad_parameters_under_the_rules_code() -> None:
    rejects(
        lambda: DEFAULT_RULES.configure("goal_imposed", pending_days=-1),
        "goal_imposed.pending_days",
        "^must be at least 0",
    )
    rejects(
        lambda: DEFAULT_RULES.configure("goal_imposed", pendng_days=3),
        "goal_imposed.pendng_days",
        "^is not a parameter of this strategy$",
    )
    rejects(lambda: DEFAULT_RULES.configure("nope"), "code", "^no rule 'nope' in this set")


def test_rule_sets_refuse_repeats_and_non_rules() -> None:
    rule = DEFAULT_RULES.rule("phase_overdue")
    rejects(
        lambda: RuleSet(rules=(rule, rule)), "RuleSet.rules[1]", "^repeats rule 'phase_overdue'$"
    )
    rejects(
        lambda: RuleSet(rules=(rule, "phase_overdue")),  # type: ignore[arg-type]
        "RuleSet.rules[1]",
        "^must be an audit rule",
    )
    rejects(
        lambda: RuleSet.from_config({"strategy": "x"}, DEFAULT_REGISTRY),
        "$",
        "^must be a list of rules",
    )
    rejects(
        lambda: RuleSet.from_config([{"strategy": "nope", "params": {}}], DEFAULT_REGISTRY),
        "$[0].strategy",
        "^unknown strategy 'nope'",
    )


@attrs.frozen(kw_only=True)
class LateStart(CycleRule):
    """An app's own rule: goal setting began after the period had started."""

    NAME: ClassVar[str] = "late_start"
    DESCRIPTION: ClassVar[str] = "The cycle started after its period began."
    severity: Severity = Severity.INFO

    def check_cycle(self, cycle: pc.Cycle, context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        if cycle.events[0].at.date() > cycle.period.start:
            yield self.finding(
                cycle, "started late", evidence={"on": str(cycle.events[0].at.date())}
            )


def test_an_apps_own_rule_joins_the_set_and_the_registry() -> None:
    rules = DEFAULT_RULES.with_rules(LateStart())
    assert rules.codes()[-1] == "late_start"
    report = audit([healthy("goals_agreed")], as_of=at(d("2026-01-10")), rules=rules)
    assert [(f.code, f.severity) for f in report] == [("late_start", Severity.INFO)]
    registry = DEFAULT_REGISTRY.register("late_start", LateStart.from_params)
    assert RuleSet.from_config(rules.config(registry), registry) == rules


class TestLateStartContract(AuditRuleContract):
    def make_rule(self) -> LateStart:
        return LateStart()


class TestRaterLeniencyContract(AuditRuleContract):
    def make_rule(self) -> RaterLeniency:
        return RaterLeniency(min_group_size=2, threshold=0.1)


@pytest.mark.parametrize("rule", BUILT_IN_RULES, ids=lambda r: r.NAME)
def test_built_in_rules_have_the_protocol_and_round_trip(rule: type) -> None:
    class Contract(AuditRuleContract):
        def make_rule(self) -> CycleRule:
            return rule()  # type: ignore[no-any-return]

    Contract().test_satisfies_the_protocol()
    Contract().test_config_round_trip()


@given(st.lists(cycles(), max_size=3, unique_by=lambda c: c.id), AuditRuleContract().moments())
def test_built_in_rules_keep_the_contract_on_random_cycles(
    population: list[pc.Cycle], as_of: dt.datetime
) -> None:
    """The contract's properties for every built-in rule at once (one draw, all rules)."""
    ids = {c.id for c in population}
    report = audit(population, as_of=as_of)
    assert report == audit(list(reversed(population)), as_of=as_of)
    for f in report:
        rule = DEFAULT_RULES.rule(f.code)
        assert f.severity is rule.severity
        assert f.cycle_id is None or f.cycle_id in ids


# --- the audit ----------------------------------------------------------------------


def test_audit_rejects_bad_input_naming_the_argument() -> None:
    cycle = healthy("goals_agreed")
    now = at(d("2026-02-01"))
    rejects(lambda: audit([cycle, "c2"], as_of=now), "cycles[1]", "^must be a Cycle, got str")  # type: ignore[list-item]
    rejects(lambda: audit([cycle, cycle], as_of=now), "cycles[1]", "^repeats cycle 'c-e7-2026'$")
    rejects(lambda: audit(cycle, as_of=now), "cycles", "^must be an iterable of cycles")  # type: ignore[arg-type]
    rejects(lambda: audit([cycle], as_of=dt.datetime(2026, 2, 1)), "as_of", "timezone")  # noqa: DTZ001
    junk: list[Any] = ["x"]
    rejects(lambda: audit([cycle], as_of=now, agreements=junk), "agreements[0]", "ManagerAgreement")
    rejects(lambda: audit([cycle], as_of=now, rules="all"), "rules", "^must be a RuleSet")  # type: ignore[arg-type]
    rejects(lambda: audit([cycle], as_of=now, rules=[1]), "rules[0]", "^must be an audit rule")  # type: ignore[list-item]


def test_a_rule_that_yields_junk_is_named() -> None:
    @attrs.frozen
    class Junk(CycleRule):
        NAME: ClassVar[str] = "junk"
        DESCRIPTION: ClassVar[str] = "Yields junk."
        severity: Severity = Severity.INFO

        def check_cycle(self, cycle: pc.Cycle, context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
            yield "oops"  # type: ignore[misc]

    with pytest.raises(pc.ValidationError, match=r"rules\[junk\]: must yield Finding values"):
        audit([healthy("goals_agreed")], as_of=at(d("2026-02-01")), rules=[Junk()])


def test_a_cycle_is_judged_as_it_stood_at_as_of() -> None:
    cycle = healthy("implementation", check_ins=(d("2026-02-09"),))
    later = cycle.record_check_in(
        pc.CheckIn(id="late", kind=pc.CheckInKind.INFORMAL_NOTE, held_on=d("2026-12-30")),
        by=MANAGER,
        at=at(d("2026-12-30")),
    )
    past = audit([later], as_of=at(d("2026-04-01")))
    assert past == audit([cycle], as_of=at(d("2026-04-01")))
    assert audit([later], as_of=at(d("2026-01-01"))) == AuditReport(findings=())  # not begun


def test_cancelled_cycles_are_not_audited() -> None:
    cycle = healthy("implementation", check_ins=())
    cancelled = cycle.cancel(reason="Left the company", by=HR, at=at(d("2026-12-30")))
    assert audit([cycle], as_of=at(d("2026-12-31")))
    assert not audit([cancelled], as_of=at(d("2026-12-31")))


def test_phase_entry_and_exit_come_from_the_history() -> None:
    cycle = healthy("closed")
    assert phase_entered(cycle, pc.Phase.IMPLEMENTATION) == at(d("2026-01-12"))
    assert phase_left(cycle, pc.Phase.IMPLEMENTATION) == at(d("2027-01-04"))
    assert phase_left(cycle, pc.Phase.GOAL_SETTING) == at(d("2026-01-12"))
    assert phase_left(cycle, pc.Phase.IMPROVEMENT) == at(d("2027-03-20"))
    assert phase_entered(cycle, pc.Phase.CLOSED) == at(d("2027-03-20"))
    assert phase_entered(cycle, pc.Phase.CANCELLED) is None
    assert phase_left(cycle, pc.Phase.CLOSED) is None


def test_phase_deadlines_count_from_the_period() -> None:
    deadlines = PhaseDeadlines(goal_setting_days=30, improvement_days=90)
    period = pc.Period.annual(2026)
    assert deadlines.deadline(pc.Phase.GOAL_SETTING, period) == d("2026-01-31")
    assert deadlines.deadline(pc.Phase.IMPLEMENTATION, period) == d("2027-01-14")
    assert deadlines.deadline(pc.Phase.IMPROVEMENT, period) == d("2027-03-31")
    assert deadlines.deadline(pc.Phase.CLOSED, period) is None
    rejects(
        lambda: PhaseDeadlines(appraisal_days=-1), "PhaseDeadlines.appraisal_days", "at least 0"
    )


# --- docs ---------------------------------------------------------------------------


def test_the_rules_table_in_the_docs_matches_the_rules() -> None:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", text, re.DOTALL)
    assert found is not None
    assert found.group(1) == rules_table(DEFAULT_RULES)
