"""High potential: the weighted-indicators strategy, ranking, the registry, the fairness check."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from oversight_builders import CHECK_IN_DAYS, at, d, healthy
from perfcore.analytics.potential import (
    DEFAULT_REGISTRY,
    POTENTIAL_STRATEGIES,
    Contribution,
    FindingRate,
    HighPotentialStrategy,
    Indicator,
    IndicatorEvidence,
    PotentialAssessment,
    WeightedIndicators,
    fairness_check,
    rank,
)
from perfcore.oversight import DEFAULT_RULES, AuditContext, Finding, Scope, Severity
from perfcore.testing.strategies import cycles as drawn_cycles


def ev(
    employee_id: str,
    indicator: Indicator | str,
    score: float,
    *refs: str,
    source: str = "manager:jo",
) -> IndicatorEvidence:
    return IndicatorEvidence(
        employee_id=employee_id,
        indicator=indicator,
        score=score,
        evidence=refs or (f"{employee_id}:{indicator}",),
        source=source,
    )


I = Indicator  # noqa: E741 - short in the tables below

# ann: all six indicators, consistent performance from two appraisals (0.8 and 1.0, mean 0.9).
#   sorted by name: career 0.6, communication 0.8, consistent 0.9, feedback 0.8,
#   responsibility 0.7, values 0.9 → 4.7 / 6 = 0.783333 ≥ 0.7: high potential.
# bo: four indicators at 0.9 → score 0.9, but 4 of 6 < 6 needed: not high potential.
# cy: six at 0.6 → 0.6 < 0.7; evidence on "mobility" is not weighted and is ignored.
EVIDENCE = [
    ev("ann", I.CONSISTENT_PERFORMANCE, 0.8, "appraisal:2025"),
    ev("ann", I.CONSISTENT_PERFORMANCE, 1.0, "appraisal:2026", source="manager:kim"),
    ev("ann", I.COMMUNICATION_COLLABORATION, 0.8),
    ev("ann", I.TAKES_RESPONSIBILITY, 0.7),
    ev("ann", I.VALUES_ALIGNMENT, 0.9),
    ev("ann", I.CAREER_INTEREST, 0.6),
    ev("ann", I.OPENNESS_TO_FEEDBACK, 0.8),
    *(
        ev("bo", i, 0.9)
        for i in (
            I.CONSISTENT_PERFORMANCE,
            I.COMMUNICATION_COLLABORATION,
            I.TAKES_RESPONSIBILITY,
            I.VALUES_ALIGNMENT,
        )
    ),
    *(ev("cy", i, 0.6) for i in Indicator),
    ev("cy", "mobility", 1.0),
]


def test_worked_example() -> None:
    ann, bo, cy = WeightedIndicators().assess(EVIDENCE)
    assert ann.employee_id == "ann"
    assert ann.score == pytest.approx(4.7 / 6)
    assert ann.high_potential
    assert ann.missing == ()
    assert ann.explanation == (
        "6 of 6 indicators evidenced (at least 6 needed); score = (1 × 0.6 + 1 × 0.8 + 1 × 0.9"
        " + 1 × 0.8 + 1 × 0.7 + 1 × 0.9) / 6 = 0.783333; 0.783333 ≥ 0.7: high potential"
    )
    consistent = ann.contribution(I.CONSISTENT_PERFORMANCE)
    assert consistent == Contribution(
        indicator="consistent_performance",
        weight=1,
        score=0.9,
        weighted=0.15,
        evidence=("appraisal:2025", "appraisal:2026"),
        sources=("manager:jo", "manager:kim"),
        evidence_count=2,
    )
    assert sum(c.weighted for c in ann.contributions) == pytest.approx(ann.score)

    assert bo.score == pytest.approx(0.9)
    assert not bo.high_potential
    assert bo.missing == ("career_interest", "openness_to_feedback")
    assert bo.explanation == (
        "4 of 6 indicators evidenced (at least 6 needed; missing: career_interest,"
        " openness_to_feedback); score = (1 × 0.9 + 1 × 0.9 + 1 × 0.9 + 1 × 0.9) / 4 = 0.9;"
        " too few indicators: not high potential"
    )

    assert cy.score == pytest.approx(0.6)
    assert not cy.high_potential
    assert cy.ignored == ("mobility",)
    assert cy.explanation.endswith(
        "= 0.6; 0.6 < 0.7: not high potential; ignored (not weighted): mobility"
    )
    assert cy.contribution("mobility") is None
    assert cy.as_record()["score.career_interest"] == 0.6
    check_value_object(ann)


def test_weights_change_the_score() -> None:
    strategy = WeightedIndicators(
        weights={I.CONSISTENT_PERFORMANCE: 3, I.CAREER_INTEREST: 1}, threshold=0.8
    )
    # ann: (3 × 0.9 + 1 × 0.6) / 4 = 3.3 / 4 = 0.825 ≥ 0.8; bo lacks career interest.
    ann, bo, cy = strategy.assess(EVIDENCE)
    assert ann.score == pytest.approx(0.825)
    assert ann.high_potential
    assert ann.explanation == (
        "2 of 2 indicators evidenced (at least 2 needed); score = (1 × 0.6 + 3 × 0.9) / 4"
        " = 0.825; 0.825 ≥ 0.8: high potential; ignored (not weighted):"
        " communication_collaboration, openness_to_feedback, takes_responsibility,"
        " values_alignment"
    )
    assert ann.ignored == (
        "communication_collaboration",
        "openness_to_feedback",
        "takes_responsibility",
        "values_alignment",
    )
    assert bo.missing == ("career_interest",)
    assert not bo.high_potential
    assert not cy.high_potential


def test_min_indicators_lets_partial_evidence_count() -> None:
    bo = WeightedIndicators(min_indicators=4).assess(EVIDENCE)[1]
    assert bo.high_potential
    assert bo.explanation.endswith("0.9 ≥ 0.7: high potential")


def test_the_threshold_is_reached_exactly_on_the_decimals_given() -> None:
    # (0.7 + 0.1) / 2 is 0.39999999999999997 in floating point, but 0.4 exactly.
    strategy = WeightedIndicators(weights={"a": 1, "b": 1}, threshold=0.4)
    at_threshold = strategy.assess([ev("x", "a", 0.7), ev("x", "b", 0.1)])[0]
    assert at_threshold.score == 0.4
    assert at_threshold.high_potential
    assert "0.4 ≥ 0.4: high potential" in at_threshold.explanation
    below = strategy.assess([ev("x", "a", 0.7), ev("x", "b", 0.09)])[0]
    assert not below.high_potential
    assert "0.395 < 0.4: not high potential" in below.explanation


def test_only_unweighted_evidence_gives_no_score() -> None:
    result = WeightedIndicators().assess([ev("dee", "mobility", 1.0)])[0]
    assert result.score is None
    assert not result.high_potential
    assert result.contributions == ()
    assert len(result.missing) == 6
    assert "0 of 6 indicators evidenced" in result.explanation
    assert "no score: not high potential; ignored (not weighted): mobility" in result.explanation


def test_no_evidence_no_assessments() -> None:
    assert WeightedIndicators().assess([]) == ()


def test_registry_round_trip() -> None:
    strategy = WeightedIndicators(
        weights={I.CONSISTENT_PERFORMANCE: 2, "mobility": 0.5}, threshold=0.65, min_indicators=1
    )
    data = DEFAULT_REGISTRY.config_of(strategy)
    assert data == {
        "strategy": "weighted_indicators",
        "params": {
            "weights": {"consistent_performance": 2, "mobility": 0.5},
            "threshold": 0.65,
            "min_indicators": 1,
        },
    }
    rebuilt = DEFAULT_REGISTRY.build(data)
    assert rebuilt == strategy
    assert hash(rebuilt) == hash(strategy)
    assert rebuilt.assess(EVIDENCE) == strategy.assess(EVIDENCE)
    assert DEFAULT_REGISTRY.build({"strategy": "weighted_indicators"}) == WeightedIndicators()
    assert DEFAULT_REGISTRY.names() == tuple(cls.NAME for cls in POTENTIAL_STRATEGIES)
    assert isinstance(strategy, HighPotentialStrategy)
    assert strategy.name == "weighted_indicators"


def test_registry_reports_bad_params_under_the_config_path() -> None:
    rejects(
        lambda: DEFAULT_REGISTRY.build(
            {"strategy": "weighted_indicators", "params": {"threshold": 2}}
        ),
        "$.params.threshold",
        "must be at most 1",
    )
    rejects(
        lambda: DEFAULT_REGISTRY.build(
            {"strategy": "weighted_indicators", "params": {"weights": {"Bad Name": 1}}}
        ),
        "$.params.weights",
        "keys must be lowercase indicator names",
    )


def test_weights_are_read_only_and_sorted() -> None:
    strategy = WeightedIndicators(weights={"b": 1, "a": 2})
    assert list(strategy.weights) == ["a", "b"]
    with pytest.raises(TypeError):
        strategy.weights["a"] = 3  # type: ignore[index]
    check_value_object(strategy)


# --- ranking --------------------------------------------------------------------------


def assessment(employee_id: str, score: float | None, flag: bool = False) -> PotentialAssessment:
    return PotentialAssessment(
        employee_id=employee_id,
        score=score,
        high_potential=flag,
        contributions=(),
        missing=(),
        threshold=0.7,
        explanation="test",
    )


def test_rank_worked_example() -> None:
    ranking = rank(WeightedIndicators().assess(EVIDENCE))
    assert [(r.rank, r.employee_id) for r in ranking] == [(1, "bo"), (2, "ann"), (3, "cy")]
    assert ranking[0].explanation == "1 of 3: score 0.9, not high potential"
    assert ranking[1].explanation == "2 of 3: score 0.783333, high potential"
    assert ranking[1].assessment.employee_id == "ann"
    assert ranking[1].as_record()["rank"] == 2
    check_value_object(ranking[0])


def test_rank_breaks_ties_by_employee_id_and_puts_unscored_last() -> None:
    ranking = rank(
        [
            assessment("zoe", None),
            assessment("cy", 0.8, flag=True),
            assessment("bo", 0.8, flag=True),
            assessment("al", 0.1 + 0.7),  # 0.7999999999999999: ties with 0.8 to 9 places
            assessment("ann", None),
        ]
    )
    assert [r.employee_id for r in ranking] == ["al", "bo", "cy", "ann", "zoe"]
    assert ranking[1].explanation == (
        "2 of 5: score 0.8, high potential; tied with al, cy, ordered by employee id"
    )
    assert ranking[3].explanation == (
        "4 of 5: no score (no weighted indicator evidenced); ranked last, by employee id"
    )


ASSESSMENTS = st.dictionaries(
    st.sampled_from(["al", "bo", "cy", "di", "ed", "fay"]),
    st.none() | st.sampled_from([0.2, 0.5, 0.8, 1.0]) | st.floats(0, 1),
).map(lambda scores: [assessment(e, s) for e, s in scores.items()])


@given(ASSESSMENTS, st.randoms(use_true_random=False))
def test_ranking_is_deterministic(
    assessments: list[PotentialAssessment], shuffler: random.Random
) -> None:
    ranking = rank(assessments)
    shuffled = list(assessments)
    shuffler.shuffle(shuffled)
    assert rank(shuffled) == ranking
    assert [r.rank for r in ranking] == list(range(1, len(assessments) + 1))
    for first, second in itertools.pairwise(ranking):
        if first.score is None:
            assert second.score is None
            assert first.employee_id < second.employee_id
        elif second.score is not None:
            assert round(first.score, 9) >= round(second.score, 9)
            if round(first.score, 9) == round(second.score, 9):
                assert first.employee_id < second.employee_id


INDICATOR_NAMES = st.sampled_from([i.value for i in Indicator] + ["mobility"])
EVIDENCE_LISTS = st.lists(
    st.builds(
        ev,
        st.sampled_from(["ann", "bo", "cy"]),
        INDICATOR_NAMES,
        st.sampled_from([0, 0.1, 0.25, 0.5, 0.7, 0.75, 0.9, 1]),
    ),
    max_size=25,
)
STRATEGIES = st.builds(
    WeightedIndicators,
    weights=st.dictionaries(
        INDICATOR_NAMES, st.sampled_from([0.5, 1, 2, 3]), min_size=1, max_size=7
    ),
    threshold=st.sampled_from([0, 0.5, 0.7, 0.75, 1]),
    min_indicators=st.just(1),
)


@given(STRATEGIES, EVIDENCE_LISTS, st.randoms(use_true_random=False))
def test_assessments_follow_the_rules(
    strategy: WeightedIndicators, evidence: list[IndicatorEvidence], shuffler: random.Random
) -> None:
    results = strategy.assess(evidence)
    shuffled = list(evidence)
    shuffler.shuffle(shuffled)
    assert strategy.assess(shuffled) == results
    assert [r.employee_id for r in results] == sorted({e.employee_id for e in evidence})
    for result in results:
        scores = [c.score for c in result.contributions]
        present = {c.indicator for c in result.contributions}
        assert present | set(result.missing) == set(strategy.weights)
        assert not present & set(result.missing)
        if result.score is None:
            assert not scores
            assert not result.high_potential
            continue
        assert min(scores) - 1e-12 <= result.score <= max(scores) + 1e-12
        assert sum(c.weighted for c in result.contributions) == pytest.approx(result.score)
        if result.high_potential:
            assert result.score >= strategy.threshold - 1e-12
            assert len(present) >= strategy.min_indicators
        elif len(present) >= strategy.min_indicators:
            assert result.score < strategy.threshold + 1e-12


# --- refusals -------------------------------------------------------------------------


def test_evidence_rejects_bad_fields() -> None:
    rejects(lambda: ev("ann", "Career Interest", 0.5), "IndicatorEvidence.indicator", "lowercase")
    rejects(lambda: ev("ann", I.CAREER_INTEREST, 1.5), "IndicatorEvidence.score", "at most 1")
    rejects(
        lambda: IndicatorEvidence(
            employee_id="ann", indicator="career_interest", score=0.5, evidence=(), source="jo"
        ),
        "IndicatorEvidence.evidence",
        "must not be empty",
    )
    rejects_all(
        lambda: IndicatorEvidence(
            employee_id="",
            indicator="x",
            score=True,
            evidence=("ok",),
            source=" ",
        ),
        "IndicatorEvidence.employee_id",
        "IndicatorEvidence.score",
        "IndicatorEvidence.source",
    )
    assert ev("ann", I.CAREER_INTEREST, 0.5).as_record()["indicator"] == "career_interest"


def test_strategy_rejects_bad_settings() -> None:
    rejects(lambda: WeightedIndicators(weights={}), "WeightedIndicators.weights", "at least one")
    rejects(
        lambda: WeightedIndicators(weights={"a": -1}),
        "WeightedIndicators.weights",
        "'a' must have a finite weight above 0",
    )
    rejects(
        lambda: WeightedIndicators(weights={"a": float("inf")}),
        "WeightedIndicators.weights",
        "finite weight",
    )
    rejects(
        lambda: WeightedIndicators(weights=[("a", 1)]),  # type: ignore[arg-type]
        "WeightedIndicators.weights",
        "must be a mapping",
    )
    rejects(
        lambda: WeightedIndicators(weights={"a": 1}, min_indicators=2),
        "WeightedIndicators.min_indicators",
        "at most the 1 weighted indicators, got 2",
    )
    rejects(
        lambda: WeightedIndicators(min_indicators=0),
        "WeightedIndicators.min_indicators",
        "at least 1",
    )
    rejects(lambda: WeightedIndicators(threshold=-0.1), "WeightedIndicators.threshold", "at least")


def test_assess_and_rank_reject_bad_arguments() -> None:
    strategy = WeightedIndicators()
    rejects(lambda: strategy.assess("ann"), "evidence", "must be a sequence")  # type: ignore[arg-type]
    rejects(
        lambda: strategy.assess([ev("ann", "a", 0.5), {"employee_id": "bo"}]),  # type: ignore[list-item]
        "evidence[1]",
        "must be an IndicatorEvidence, got dict",
    )
    rejects(lambda: rank(None), "assessments", "must be a sequence")  # type: ignore[arg-type]
    rejects(lambda: rank([1]), "assessments[0]", "must be a PotentialAssessment")  # type: ignore[list-item]
    rejects(
        lambda: rank([assessment("al", 0.5), assessment("al", 0.6)]),
        "assessments[1].employee_id",
        r"'al' is already in assessments\[0\]",
    )


# --- fairness -------------------------------------------------------------------------


def person(employee_id: str) -> pc.Actor:
    return pc.Actor(person_id=employee_id, role=pc.Role.EMPLOYEE)


HR = pc.Actor(person_id="hr1", role=pc.Role.HR)
# Six cycles of 2026 (started 5 January), as of 30 June 2026:
#   ann: healthy → no findings.        bo: three check-ins only → check_in_cadence_missed.
#   cy: healthy → no findings.         di: check-ins report on g1 only → goal_without_check_in.
#   ed: like bo → check_in_cadence_missed.
#   fay (manager m9): no check-ins → check_in_cadence_missed, goal_without_check_in, and
#       team_without_check_ins about m9's team (no employee: unattributed).
#   gil starts in September: not audited.
CYCLES = (
    healthy(cycle_id="c-ann", employee=person("ann")),
    healthy("implementation", cycle_id="c-bo", employee=person("bo"), check_ins=CHECK_IN_DAYS[:3]),
    healthy("appraisal", cycle_id="c-cy", employee=person("cy")),
    healthy(cycle_id="c-di", employee=person("di"), tracked=("g1",)),
    healthy("implementation", cycle_id="c-ed", employee=person("ed"), check_ins=CHECK_IN_DAYS[:3]),
    healthy(
        "implementation",
        cycle_id="c-fay",
        employee=person("fay"),
        manager=pc.Actor(person_id="m9", role=pc.Role.MANAGER),
        check_ins=(),
    ),
    pc.Cycle.start(
        cycle_id="c-gil",
        employee_id="gil",
        manager_id="m2",
        period=pc.Period.annual(2026),
        by=HR,
        at=at(d("2026-09-01")),
    ),
)
MID_YEAR = at(d("2026-06-30"))


def test_fairness_worked_example() -> None:
    check = fairness_check(CYCLES, ["bo", "ann", "gil", "zed"], as_of=MID_YEAR)
    assert check.flag_blind
    assert check.rule_codes == DEFAULT_RULES.codes()
    assert check.high_potential_ids == ("ann", "bo")
    assert check.rest_ids == ("cy", "di", "ed", "fay")
    assert check.not_audited_ids == ("gil", "zed")
    cadence = check.rate("check_in_cadence_missed")
    assert (cadence.high_potential_count, cadence.high_potential_total) == (1, 2)  # bo
    assert (cadence.rest_count, cadence.rest_total) == (2, 4)  # ed, fay
    assert (cadence.high_potential_rate, cadence.rest_rate, cadence.difference) == (0.5, 0.5, 0)
    unchecked = check.rate("goal_without_check_in")  # di (two goals: one employee), fay
    assert (unchecked.high_potential_rate, unchecked.rest_rate) == (0.0, 0.5)
    assert unchecked.difference == -0.5
    team = check.rate("team_without_check_ins")
    assert (team.high_potential_count, team.rest_count, team.unattributed) == (0, 0, 1)
    assert [r.code for r in check.rates] == list(DEFAULT_RULES.codes())
    assert check.explanation == (
        f"{len(DEFAULT_RULES)} rules applied in one audit to all 6 employees audited"
        " (2 high potential, 4 other)"
        " as of 2026-06-30T09:00:00+00:00; the audit never sees the flag: findings identical"
        " with the high potentials' cycles passed first and passed last; flagged but not"
        " audited (no cycle begun): gil, zed"
    )
    assert check.as_records()[0]["code"] == DEFAULT_RULES.codes()[0]
    rejects(lambda: check.rate("nope"), "code", "no rule 'nope' was applied")


def test_fairness_uses_the_rules_given() -> None:
    rules = DEFAULT_RULES.without("check_in_cadence_missed")
    check = fairness_check(CYCLES, ["bo"], as_of=MID_YEAR, rules=rules)
    assert "check_in_cadence_missed" not in check.rule_codes
    assert "check_in_cadence_missed" not in check.report.codes()
    assert len(check.rates) == len(rules)
    listed = fairness_check(CYCLES, ["bo"], as_of=MID_YEAR, rules=list(rules))
    assert listed.report == check.report


def test_fairness_reports_an_order_dependent_rule() -> None:
    class FirstCycleOnly:
        """A (bad) rule whose finding depends on which cycle comes first."""

        name = "first_cycle"
        severity = Severity.INFO
        scope = Scope.POPULATION
        description = "Flags the first cycle passed in."

        def params(self) -> dict[str, object]:
            return {}

        def check(self, cycles: Sequence[pc.Cycle], context: AuditContext) -> list[Finding]:  # noqa: ARG002
            first = cycles[0]
            return [
                Finding(
                    code="first_cycle",
                    severity=Severity.INFO,
                    message="first",
                    employee_id=first.employee_id,
                )
            ]

    check = fairness_check(CYCLES, ["fay"], as_of=MID_YEAR, rules=[FirstCycleOnly()])
    assert not check.flag_blind
    assert "findings CHANGED with the order of the cycles" in check.explanation


def test_fairness_rejects_bad_arguments() -> None:
    rejects(
        lambda: fairness_check(CYCLES, "ann", as_of=MID_YEAR),
        "high_potential_ids",
        "must be a collection of employee ids",
    )
    rejects(
        lambda: fairness_check(CYCLES, ["ann", 7], as_of=MID_YEAR),  # type: ignore[list-item]
        "high_potential_ids[1]",
        "must be a non-empty string",
    )
    rejects(lambda: fairness_check(5, [], as_of=MID_YEAR), "cycles", "must be an iterable")  # type: ignore[arg-type]
    rejects(
        lambda: fairness_check(CYCLES, [], as_of=dt.datetime(2026, 6, 30)),  # noqa: DTZ001 - on purpose
        "as_of",
        "timezone-aware",
    )
    rejects(lambda: fairness_check([CYCLES[0], "c"], [], as_of=MID_YEAR), "cycles[1]", "Cycle")  # type: ignore[list-item]


def test_finding_rate_of_an_empty_group() -> None:
    rate = FindingRate(
        code="x", high_potential_count=0, high_potential_total=0, rest_count=1, rest_total=2
    )
    assert rate.high_potential_rate is None
    assert rate.difference is None
    assert rate.as_record()["rest_rate"] == 0.5
    rejects(
        lambda: FindingRate(
            code="X", high_potential_count=0, high_potential_total=0, rest_count=0, rest_total=0
        ),
        "FindingRate.code",
        "lowercase",
    )


EMPLOYEES = ("ann", "bo", "cy", "di", "ed", "fay", "gil", "emp")
MOMENTS = st.sampled_from([at(d("2026-02-01")), MID_YEAR, at(d("2026-12-31")), at(d("2027-06-30"))])


@settings(deadline=None, max_examples=25)
@given(
    extra=drawn_cycles(),
    first=st.sets(st.sampled_from(EMPLOYEES)),
    second=st.sets(st.sampled_from(EMPLOYEES)),
    as_of=MOMENTS,
)
def test_who_is_flagged_never_changes_the_audit(
    extra: pc.Cycle, first: set[str], second: set[str], as_of: dt.datetime
) -> None:
    assume(extra.id not in {c.id for c in CYCLES})
    population = (*CYCLES, extra)  # the drawn cycle is employee "emp"'s
    one = fairness_check(population, first, as_of=as_of)
    other = fairness_check(population, second, as_of=as_of)
    assert one.flag_blind
    assert other.flag_blind
    assert one.report == other.report
    assert one.rule_codes == other.rule_codes
    audited = set(one.high_potential_ids) | set(one.rest_ids)
    assert audited == set(other.high_potential_ids) | set(other.rest_ids)
    for a, b in zip(one.rates, other.rates, strict=True):
        # However the flag is dealt out, the employees with a finding add up the same.
        assert a.high_potential_count + a.rest_count == b.high_potential_count + b.rest_count
        assert a.unattributed == b.unattributed
        assert a.high_potential_total + a.rest_total == len(audited)
