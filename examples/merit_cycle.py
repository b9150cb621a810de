"""A merit and bonus cycle for 300 people under 12 managers, from appraisal scores to payroll.

Run: python examples/merit_cycle.py

The organisation is made up by a generator with a fixed seed (so every run
prints the same): four grades with salary ranges, 12 managers with 25 people
each, an appraisal score from 1 to 5 for everyone, labelled by rating bands.
A 4 × 3 merit matrix recommends increases, each manager's pool is 3.5% of
their team's eligible payroll (people hired during the year count for the
part they were here), recommendations are scaled to fit, managers propose
in a merit cycle (outside the guideline only with a reason), HR approves,
locks and releases, and bonuses are paid on the payout curve. The script
prints the budget reconciliation, the out-of-guideline proposals with their
reasons, the bonus total and the equity flags. Nothing is saved and the clock
is never read: every moment is written out below.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import perfcore as pc
from perfcore.compensation import (
    Allocation,
    BonusPlan,
    MeritCycle,
    MeritMatrix,
    MeritParticipant,
    MeritPolicy,
    Money,
    PayoutCurve,
    PayRecord,
    SalaryRange,
    TeamBudget,
    allocate,
    bonuses,
    budget_pools,
    equity_report,
)
from perfcore.scoring import RatingBands
from perfcore.visibility import view_merit_cycle

SEED = 20
MANAGERS = 12
TEAM = 25
CURRENCY = "EUR"
OPENED = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)
HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)

GRADES = {
    key: SalaryRange(key=key, currency=CURRENCY, minimum=low, midpoint=mid, maximum=high)
    for key, low, mid, high in (
        ("L1", 36000, 45000, 54000),
        ("L2", 44000, 55000, 66000),
        ("L3", 56000, 70000, 84000),
        ("L4", 72000, 90000, 108000),
    )
}
BANDS = RatingBands.from_edges((1, 2.5, 3.5, 4.5, 5), ("Below", "Meets", "Exceeds", "Outstanding"))
MATRIX = MeritMatrix.from_params(
    {
        "positions": [
            {"label": "below 0.9", "high": "0.9"},
            {"label": "0.9-1.1", "low": "0.9", "high": "1.1"},
            {"label": "1.1 and above", "low": "1.1"},
        ],
        "ratings": ["Below", "Meets", "Exceeds", "Outstanding"],
        "cells": [
            ["0", "0", "0"],
            [{"low": "0.03", "high": "0.04"}, {"low": "0.025", "high": "0.035"}, "0.015"],
            [{"low": "0.05", "high": "0.06"}, {"low": "0.04", "high": "0.05"}, "0.03"],
            [{"low": "0.07", "high": "0.08"}, {"low": "0.06", "high": "0.07"}, "0.045"],
        ],
    }
)
PLAN = BonusPlan(
    target_percent="0.08",
    curve=PayoutCurve(threshold=2.5, target=3.5, stretch=5),
    company_multiplier="0.95",
    department_multipliers={"sales": "1.1"},
    cap="1.5",
)


def organisation(rng: random.Random) -> list[PayRecord]:
    """300 people: a grade, a salary around its midpoint, a score, the part of the year worked."""
    people = []
    for m in range(1, MANAGERS + 1):
        department = ("engineering", "sales", "operations")[m % 3]
        for n in range(1, TEAM + 1):
            grade = GRADES[rng.choice(("L1", "L2", "L2", "L3", "L3", "L4"))]
            salary = round(float(grade.midpoint) * rng.uniform(0.82, 1.18), -2)
            score = round(min(5.0, max(1.0, rng.gauss(3.4, 0.7))), 2)
            hired_late = rng.random() < 0.1
            people.append(
                PayRecord(
                    employee_id=f"e{m:02d}{n:02d}",
                    manager_id=f"m{m:02d}",
                    department=department,
                    salary=Money(amount=Decimal(int(salary)), currency=CURRENCY),
                    range=grade,
                    rating_band=BANDS.choose(score).label,
                    score=score,
                    eligible_days=rng.randint(90, 300) if hired_late else None,
                    leave_days=rng.choice((0, 0, 0, 20)) if not hired_late else 0,
                    group=rng.choice(("site A", "site B")),
                )
            )
    return people


def proposals(
    cycle: MeritCycle, allocations: tuple[Allocation, ...], rng: random.Random
) -> MeritCycle:
    """Each manager proposes the allocated increase; a few argue for more, with a reason."""
    at = OPENED + dt.timedelta(days=7)
    for allocation in allocations:
        boss = pc.Actor(person_id=allocation.pool.key, role=pc.Role.MANAGER)
        for award in allocation.awards:
            salary = award.position.salary.amount
            rate = (award.increase.amount / salary).quantize(Decimal("0.0001"))
            reason = None
            if award.rating_band == "Outstanding" and rng.random() < 0.2:
                rate, reason = Decimal("0.1"), "Retention: a competing offer"
            elif not award.recommendation.guideline.contains(rate):
                reason = "As allocated: " + award.explanation.split("; ")[-1]
            cycle = cycle.propose(award.employee_id, rate, by=boss, at=at, reason=reason)
        cycle = cycle.submit(by=boss, at=at)
    return cycle


def main() -> None:
    """Run the cycle and print what HR reconciles."""
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not security
    people = organisation(rng)
    pools = budget_pools(people, percent_of_payroll=Decimal("0.035"))
    policy = MeritPolicy(strategy=MATRIX, lump_sum_over_maximum=True, minimum_increase="0.01")
    allocations = allocate(people, pools, policy)

    cycle = MeritCycle.open(
        cycle_id="merit-2027",
        participants=tuple(
            MeritParticipant(
                employee_id=a.employee_id,
                manager_id=a.manager_id,
                salary=a.position.salary,
                guideline=a.recommendation.guideline,
            )
            for allocation in allocations
            for a in allocation.awards
        ),
        budgets=tuple(TeamBudget(manager_id=p.key, amount=p.amount) for p in pools),
        by=HR,
        at=OPENED,
    )
    cycle = proposals(cycle, allocations, rng)
    review = OPENED + dt.timedelta(days=14)
    over = [b.manager_id for b in cycle.budgets if cycle.remaining(b.manager_id).amount < 0]
    reason = f"Retention cases approved over budget: {', '.join(over)}" if over else None
    cycle = cycle.approve(by=HR, at=review, reason=reason).lock(by=HR, at=review)
    cycle = cycle.release(by=HR, at=review + dt.timedelta(days=1))
    assert MeritCycle.replay(cycle.events) == cycle

    print(f"Merit cycle {cycle.id}: {len(people)} people, {MANAGERS} managers, {cycle.phase.value}")
    print("\nBudget reconciliation (allocation scaled to fit, then the proposals):")
    print(
        f"{'manager':8} {'pool':>12} {'recommended':>12} {'scale':>7} {'allocated':>12}"
        f" {'proposed':>12} {'remaining':>11}"
    )
    for allocation in allocations:
        key, pool = allocation.pool.key, allocation.pool.amount.amount
        print(
            f"{key:8} {pool:>12,.2f} {allocation.recommended.amount:>12,.2f}"
            f" {allocation.scale:>7.4f} {allocation.total.amount:>12,.2f}"
            f" {cycle.spent(key).amount:>12,.2f} {cycle.remaining(key).amount:>11,.2f}"
        )
    total_pool = sum(p.amount.amount for p in pools)
    total_spent = sum(cycle.spent(p.key).amount for p in pools)
    lump = sum(a.lump_sum.amount for allocation in allocations for a in allocation.awards)
    print(
        f"{'total':8} {total_pool:>12,.2f} {'':>12} {'':>7} {'':>12} {total_spent:>12,.2f}"
        f" {total_pool - total_spent:>11,.2f}"
    )
    print(f"Lump sums over range maximums (allocated, paid once): {lump:,.2f} {CURRENCY}")

    outside = cycle.out_of_guideline()
    print(f"\nOut-of-guideline proposals: {len(outside)}")
    for proposal in outside:
        guideline = cycle.participant(proposal.employee_id).guideline  # type: ignore[union-attr]
        print(
            f"  {proposal.employee_id} by {proposal.proposed_by.person_id}: {proposal.rate:.2%}"
            f" (guideline {guideline}) - {proposal.reason}"
        )

    paid = bonuses(people, PLAN)
    print(
        f"\nBonuses: {sum(b.amount.amount for b in paid):,.2f} {CURRENCY} for {len(paid)} people,"
        f" {sum(b.capped for b in paid)} capped"
    )
    print(f"  e.g. {paid[0].employee_id}: {paid[0].explanation}")

    report = equity_report(
        [a for allocation in allocations for a in allocation.awards],
        threshold="0.005",
        minimum_count=5,
    )
    print(f"\nEquity: {len(report.flags)} flag(s) by site within a rating band")
    for flag in report.flags:
        print(f"  {flag.explanation}")

    mine = view_merit_cycle(cycle, pc.Actor(person_id="e0101", role=pc.Role.EMPLOYEE))
    print(f"\nWhat e0101 sees: {mine.outcomes[0].increase} on {mine.outcomes[0].salary}")


if __name__ == "__main__":
    main()
