"""Tests for perfcore.compensation.budget and .bonus: pools, allocation, proration, bonuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from compensation_world import GRADE, MATRIX, eur
from perfcore.compensation import (
    BonusPlan,
    FlatByBand,
    Guideline,
    MeritPolicy,
    Money,
    PayoutCurve,
    PayRecord,
    Rounding,
    allocate,
    bonus,
    bonuses,
    budget_pools,
    proration,
)

FLAT = FlatByBand(increases={"Meets": Guideline.point("0.04"), "Exceeds": Guideline.point("0.06")})


def person(employee: str, salary: int | str, band: str = "Meets", **more: Any) -> PayRecord:
    fields: dict[str, Any] = {
        "employee_id": employee,
        "manager_id": "m1",
        "salary": eur(salary),
        "range": GRADE,
        "rating_band": band,
        **more,
    }
    return PayRecord(**fields)


def test_a_budget_scaled_to_fit_by_hand() -> None:
    # payroll 50,000 + 50,000 = 100,000; 3% pool = 3,000
    # recommended: 4% of 50,000 = 2,000 and 6% of 50,000 = 3,000 → 5,000; scale 3/5 = 0.6
    people = [person("a", 50000), person("b", 50000, "Exceeds")]
    (pool,) = budget_pools(people, percent_of_payroll=Decimal("0.03"))
    assert pool.amount == eur(3000)
    (allocation,) = allocate(people, [pool], MeritPolicy(strategy=FLAT))
    assert allocation.scale == Decimal("0.6")
    assert [a.increase for a in allocation.awards] == [eur(1200), eur(1800)]
    assert allocation.recommended == eur(5000)
    assert allocation.total == eur(3000)
    assert allocation.remaining == eur(0)
    assert "scaled by 0.600000" in allocation.awards[0].explanation
    assert allocation.awards[1].rate == Decimal("0.036")


def test_without_scaling_the_over_is_reported() -> None:
    people = [person("a", 50000), person("b", 50000, "Exceeds")]
    pools = budget_pools(people, percent_of_payroll=Decimal("0.03"))
    (allocation,) = allocate(people, pools, MeritPolicy(strategy=FLAT, scale_to_fit=False))
    assert allocation.scale == 1
    assert allocation.total == eur(5000)
    assert allocation.remaining == eur(-2000)
    assert "2,000.00 over budget" in allocation.explanation


def test_a_cap_at_the_range_maximum_with_and_without_a_lump_sum() -> None:
    # 59,000 + 4% = 61,360: 1,000 to the maximum 60,000, 1,360 − 1,000 = 1,360 over it
    people = [person("a", 59000)]
    pools = budget_pools(people, percent_of_payroll=Decimal(1))
    paid = allocate(people, pools, MeritPolicy(strategy=FLAT, lump_sum_over_maximum=True))
    (award,) = paid[0].awards
    assert (award.increase, award.lump_sum, award.new_salary) == (eur(1000), eur(1360), eur(60000))
    assert award.total == eur(2360)
    assert "paid as a lump sum" in award.explanation
    (dropped,) = allocate(people, pools, MeritPolicy(strategy=FLAT))[0].awards
    assert (dropped.increase, dropped.lump_sum) == (eur(1000), eur(0))
    assert "not paid" in dropped.explanation
    (uncapped,) = allocate(people, pools, MeritPolicy(strategy=FLAT, cap_at_maximum=False))[
        0
    ].awards
    assert uncapped.new_salary == eur(61360)


def test_minimum_maximum_and_proration_of_an_increase() -> None:
    # 3%–4% recommended (3.5%), raised to the minimum 4%, then 6 of 12 months: 2% of 40,000
    people = [person("a", 40000, eligible_days=6, period_days=12)]
    matrix_policy = MeritPolicy(strategy=MATRIX, minimum_increase="0.04")
    pools = budget_pools(people, percent_of_payroll=Decimal(1))
    (award,) = allocate(people, pools, matrix_policy)[0].awards
    assert award.increase == eur(800)
    assert "raised to the minimum 4%" in award.explanation
    assert "prorated (6 eligible) / 12 days = 0.5000" in award.explanation
    capped = MeritPolicy(strategy=FLAT, maximum_increase="0.05")
    (top,) = allocate([person("b", 40000, "Exceeds")], pools, capped)[0].awards
    assert top.rate == Decimal("0.05")
    assert "lowered to the maximum 5%" in top.explanation


def test_pools_by_department_and_prorated_payroll() -> None:
    people = [
        person("a", 40000, department="ops", eligible_days=73),
        person("b", 60000, department="ops", leave_days=73),
        person("c", 50000, department="sales", manager_id="m2"),
    ]
    ops, sales = budget_pools(people, percent_of_payroll="0.05", by="department")
    # 40,000 × 73/365 + 60,000 × 292/365 = 8,000 + 48,000
    assert ops.eligible_payroll == eur(56000)
    assert ops.amount == eur(2800)
    assert (sales.key, sales.headcount, sales.amount) == ("sales", 1, eur(2500))
    allocations = allocate(people, [ops, sales], MeritPolicy(strategy=FLAT))
    assert [a.pool.key for a in allocations] == ["ops", "sales"]


def test_proration_by_hand_and_refusals() -> None:
    assert proration(365, 365).factor == 1
    assert proration(100, 200, 50).factor == Decimal("0.25")
    for args, path in [
        ((366, 365), "eligible_days"),
        ((10, 365, 11), "leave_days"),
        ((0, 0), "period_days"),
        ((-1, 365), "eligible_days"),
        ((True, 365), "eligible_days"),
    ]:
        with pytest.raises(pc.ValidationError) as caught:
            proration(*args)
        assert caught.value.paths == (path,)
    with pytest.raises(pc.MalformedInput) as caught:
        person("a", 40000, eligible_days=400)
    assert caught.value.paths == ("PayRecord.eligible_days",)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"salary": eur(-1)}, "PayRecord.salary.amount"),
        ({"salary": Money(amount=1, currency="USD")}, "PayRecord.salary.currency"),
        ({"rating_band": ""}, "PayRecord.rating_band"),
        ({"eligible_days": -3}, "PayRecord.eligible_days"),
    ],
)
def test_bad_pay_records_are_refused_by_field(change: dict[str, Any], path: str) -> None:
    fields: dict[str, Any] = {
        "employee_id": "a",
        "manager_id": "m1",
        "salary": eur(1),
        "range": GRADE,
        "rating_band": "Meets",
        **change,
    }
    with pytest.raises(pc.MalformedInput) as caught:
        PayRecord(**fields)
    assert path in caught.value.paths


def test_bad_pools_and_allocations_are_refused_by_field() -> None:
    people = [person("a", 50000)]
    (pool,) = budget_pools(people, percent_of_payroll="0.03")
    dollar_pool = attrs.evolve(pool, amount=Money(amount=1, currency="USD"))
    cases: list[tuple[Any, str]] = [
        (lambda: budget_pools(people, percent_of_payroll="-0.01"), "percent_of_payroll"),
        (lambda: budget_pools(people, percent_of_payroll="0.03", by="colour"), "by"),
        (lambda: budget_pools([*people, *people], percent_of_payroll="0.03"), "people"),
        (
            lambda: budget_pools(people, percent_of_payroll="0.03", rounding=1),  # type: ignore[arg-type]
            "rounding",
        ),
        (lambda: allocate(people, [], MeritPolicy(strategy=FLAT)), "pools"),
        (lambda: allocate(people, [pool, pool], MeritPolicy(strategy=FLAT)), "pools"),
        (
            lambda: allocate(people, [dollar_pool], MeritPolicy(strategy=FLAT)),
            "people[0].salary.currency",
        ),
        (
            lambda: allocate([person("b", 1, manager_id="m9")], [pool], MeritPolicy(strategy=FLAT)),
            "people[0].manager_id",
        ),
        (
            lambda: allocate(
                people,
                [pool, attrs.evolve(pool, by="department", key="x")],
                MeritPolicy(strategy=FLAT),
            ),
            "pools",
        ),
        (lambda: person("a", 1).key("colour"), "by"),
        (lambda: MeritPolicy(strategy=1), "MeritPolicy.strategy"),  # type: ignore[arg-type]
        (
            lambda: MeritPolicy(strategy=FLAT, minimum_increase="0.05", maximum_increase="0.01"),
            "MeritPolicy.maximum_increase",
        ),
    ]
    for call, path in cases:
        with pytest.raises(pc.ValidationError) as caught:
            call()
        assert path in caught.value.paths, (path, caught.value.paths)
    assert budget_pools([], percent_of_payroll="0.03") == ()


def test_mixed_currencies_in_one_pool_name_the_salary() -> None:
    dollars = pc.compensation.SalaryRange(
        key="US", currency="USD", minimum=1, midpoint=2, maximum=3
    )
    people = [
        person("a", 1),
        PayRecord(
            employee_id="b",
            manager_id="m1",
            salary=Money(amount=2, currency="USD"),
            range=dollars,
            rating_band="Meets",
        ),
    ]
    with pytest.raises(pc.ValidationError) as caught:
        budget_pools(people, percent_of_payroll="0.03")
    assert caught.value.paths == ("people[1].salary.currency",)
    assert caught.value.codes == ("mixed_currencies",)


# --- properties -----------------------------------------------------------------------

SALARY = st.integers(20000, 90000).map(lambda n: Decimal(n) + Decimal("0.37"))
PEOPLE = st.lists(
    st.tuples(SALARY, st.sampled_from(["Below", "Meets", "Exceeds"]), st.integers(1, 365)),
    min_size=1,
    max_size=12,
).map(
    lambda rows: [
        person(f"e{i}", str(salary), band, eligible_days=days)
        for i, (salary, band, days) in enumerate(rows)
    ]
)
POLICIES = st.builds(
    MeritPolicy,
    strategy=st.just(MATRIX),
    cap_at_maximum=st.booleans(),
    lump_sum_over_maximum=st.booleans(),
    scale_to_fit=st.booleans(),
)


@given(people=PEOPLE, share=st.decimals("0", "0.08", places=3), policy=POLICIES)
def test_allocations_reconcile_and_never_exceed_the_pool_when_scaling(
    people: list[PayRecord], share: Decimal, policy: MeritPolicy
) -> None:
    pools = budget_pools(people, percent_of_payroll=share)
    (allocation,) = allocate(people, pools, policy)
    total = sum((a.increase.amount + a.lump_sum.amount for a in allocation.awards), Decimal(0))
    assert allocation.total.amount == total
    assert allocation.remaining.amount == allocation.pool.amount.amount - total
    if policy.scale_to_fit:
        assert total <= allocation.pool.amount.amount
    for award in allocation.awards:
        if policy.cap_at_maximum:
            assert award.new_salary.amount <= max(GRADE.maximum, award.position.salary.amount)
        assert award.increase.amount >= 0


@given(people=PEOPLE, policy=POLICIES)
def test_results_do_not_depend_on_the_order_of_people(
    people: list[PayRecord], policy: MeritPolicy
) -> None:
    pools = budget_pools(people, percent_of_payroll="0.03")
    assert allocate(people, pools, policy) == allocate(people[::-1], pools, policy)
    plan = BonusPlan(target_percent="0.1", curve=PayoutCurve(threshold=2, target=3, stretch=5))
    scored = [attrs.evolve(p, score=3.3) for p in people]
    assert bonuses(scored, plan) == bonuses(scored[::-1], plan)


@given(people=PEOPLE)
def test_rounding_loses_less_than_one_unit_per_person(people: list[PayRecord]) -> None:
    pools = budget_pools(people, percent_of_payroll="1")
    policy = MeritPolicy(strategy=MATRIX, cap_at_maximum=False, scale_to_fit=False)
    (allocation,) = allocate(people, pools, policy)
    for award, someone in zip(
        allocation.awards, sorted(people, key=lambda p: p.employee_id), strict=True
    ):
        exact = (
            someone.salary.amount * award.recommendation.guideline.target * someone.proration.factor
        )
        assert abs(award.increase.amount - exact) <= Decimal("0.005")


@given(days=st.integers(0, 365), more=st.integers(0, 365), leave=st.integers(0, 30))
def test_proration_is_linear_and_monotone_in_time_worked(days: int, more: int, leave: int) -> None:
    low, high = sorted((days, more))
    leave = min(leave, low)
    a, b = proration(low, 365, leave).factor, proration(high, 365, leave).factor
    assert a <= b
    assert abs(a * 365 - (low - leave)) < Decimal("1e-40")


# --- bonus ----------------------------------------------------------------------------

PLAN = BonusPlan(
    target_percent="0.10",
    curve=PayoutCurve(threshold=2, target=3, stretch=5),
    company_multiplier="0.9",
    department_multipliers={"ops": "1.2"},
    cap="1.2",
)


def test_a_prorated_bonus_by_hand() -> None:
    # 6,000 × 1.125 × 0.9 × 0.75 = 4,556.25 (the cap 1.2 × 6,000 × 0.75 = 5,400 is not reached)
    award = bonus(person("a", 60000, score=3.5, eligible_days=9, period_days=12), PLAN)
    assert award.amount == eur("4556.25")
    assert not award.capped
    assert "prorated (9 eligible) / 12 days = 0.7500" in award.explanation
    # ops × 1.2 with stretch 1.5: 6,000 × 1.5 × 0.9 × 1.2 = 9,720 > cap 7,200
    top = bonus(person("b", 60000, score=5, department="ops"), PLAN)
    assert (top.amount, top.capped) == (eur(7200), True)
    assert "capped at 1.2 × target" in top.explanation
    assert top.as_record()["bonus"] == 7200.0
    assert bonus(person("c", 60000, score=1), PLAN).amount == eur(0)


def test_bonus_refusals_name_the_field() -> None:
    with pytest.raises(pc.ValidationError) as caught:
        bonus(person("a", 1), PLAN)
    assert caught.value.paths == ("person.score",)
    with pytest.raises(pc.ValidationError) as caught:
        bonuses([person("a", 1, score=3), person("b", 1)], PLAN)
    assert caught.value.paths == ("people[1].score",)
    with pytest.raises(pc.MalformedInput) as caught:
        PayoutCurve(threshold=3, target=3, stretch=5)
    assert caught.value.paths == ("PayoutCurve.target",)
    with pytest.raises(pc.MalformedInput) as caught:
        PayoutCurve(threshold=1, target=3, stretch=5, threshold_payout=2)
    assert caught.value.paths == ("PayoutCurve.target_payout",)
    with pytest.raises(pc.MalformedInput) as caught:
        BonusPlan(target_percent="0.1", curve=PLAN.curve, department_multipliers={"x": "-1"})
    assert caught.value.paths == ("BonusPlan.department_multipliers",)
    with pytest.raises(pc.ValidationError) as caught:
        PLAN.curve.multiplier(float("nan"))
    assert caught.value.paths == ("score",)
    unprorated = attrs.evolve(PLAN, prorate=False, rounding=Rounding(quantum=100))
    assert bonus(person("a", 60000, score=3, eligible_days=1), unprorated).amount == eur(5400)
