"""Bonus payouts: target bonus × individual multiplier × company and department multipliers.

The individual multiplier comes from the appraisal score through the
threshold / target / stretch payout curve of incentive plans (scoring's
:class:`~perfcore.scoring.ThresholdTargetStretch`, here read on the score):
nothing below the threshold score, the threshold payout at it, rising in a
straight line to the target payout at the target score and the stretch payout
at the stretch score, and no more beyond. The product is prorated and capped.

A prorated bonus: salary 60,000, target 10% (6,000), score 3.5 on a curve
threshold 2 / target 3 / stretch 5 (payouts 0.5 / 1 / 1.5) gives 1.125;
company 0.9; eligible 9 months of 12: 6,000 × 1.125 × 0.9 × 0.75 = 4,556.25.

>>> from perfcore.compensation import Money, SalaryRange
>>> plan = BonusPlan(target_percent="0.10", curve=PayoutCurve(threshold=2, target=3, stretch=5),
...                  company_multiplier="0.9")
>>> grade = SalaryRange(key="L3", currency="EUR", minimum=50000, midpoint=62500, maximum=75000)
>>> person = PayRecord(employee_id="e1", manager_id="m1", range=grade,
...                    salary=Money(amount=60000, currency="EUR"), rating_band="Meets",
...                    score=3.5, eligible_days=9, period_days=12)
>>> award = bonus(person, plan)
>>> award.amount
Money(amount=Decimal('4556.25'), currency='EUR')
>>> print(award.explanation)
target 10% of EUR 60,000.00 = EUR 6,000.00; individual 1.125 (3.5 lies between target 3 ...
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.compensation.budget import PayRecord
from perfcore.compensation.matrix import percent
from perfcore.compensation.money import (
    CONTEXT,
    Money,
    Rounding,
    common_currency,
    rate,
    to_decimal,
)
from perfcore.errors import MalformedInput, ValidationError
from perfcore.goals import Goal
from perfcore.measures import NumericMeasure
from perfcore.scoring.goal_scorers import ThresholdTargetStretch

__all__ = ["BonusAward", "BonusPlan", "PayoutCurve", "bonus", "bonuses"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PayoutCurve:
    """Score → individual multiplier: threshold / target / stretch scores and their payouts.

    >>> curve = PayoutCurve(threshold=2, target=3, stretch=5)
    >>> [curve.multiplier(s)[0] for s in (1.5, 2, 3, 4, 6)]
    [Decimal('0'), Decimal('0.5'), Decimal('1'), Decimal('1.25'), Decimal('1.5')]
    """

    threshold: float = attrs.field(validator=v.number(minimum=-1e6, maximum=1e6))
    target: float = attrs.field(validator=v.number(minimum=-1e6, maximum=1e6))
    stretch: float = attrs.field(validator=v.number(minimum=-1e6, maximum=1e6))
    threshold_payout: float = attrs.field(default=0.5, validator=v.number(minimum=0, maximum=100))
    target_payout: float = attrs.field(default=1.0, validator=v.number(minimum=0, maximum=100))
    stretch_payout: float = attrs.field(default=1.5, validator=v.number(minimum=0, maximum=100))

    def __attrs_post_init__(self) -> None:
        if not self.threshold < self.target < self.stretch:
            raise MalformedInput.single(
                "PayoutCurve.target",
                f"the scores must rise: threshold {self.threshold:g} < target {self.target:g}"
                f" < stretch {self.stretch:g}",
            )
        self._scorer()

    def _scorer(self) -> ThresholdTargetStretch:
        try:
            return ThresholdTargetStretch(
                threshold_payout=self.threshold_payout,
                target_payout=self.target_payout,
                stretch_payout=self.stretch_payout,
            )
        except ValidationError as exc:
            raise type(exc)(
                p.at(f"PayoutCurve.{p.path.partition('.')[2]}") for p in exc.problems
            ) from None

    def multiplier(self, score: float) -> tuple[Decimal, str]:
        """The individual multiplier for ``score`` and how the curve gave it."""
        if not v.is_number(score) or abs(score) > 1e6:
            raise ValidationError.single(
                "score", f"must be a finite number, got {v.describe(score)}"
            )
        goal = Goal(
            id="score",
            title="Appraisal score",
            measure=NumericMeasure(
                unit="points", threshold=self.threshold, target=self.target, stretch=self.stretch
            ),
        )
        result = self._scorer().score(goal, score)
        value = Decimal(repr(float(result.attainment))).normalize(CONTEXT)
        return value, result.explanation.replace("\n", " ")


def _multipliers(value: object) -> object:
    if isinstance(value, Mapping):
        try:
            return FrozenMap({key: to_decimal(item) for key, item in sorted(value.items())})
        except TypeError:
            return FrozenMap(value)
    return value


def _check_multipliers(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must map departments to multipliers, got {v.describe(value)}")
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip():
            v.fail(inst, attr, f"{v.describe(key)} is not a department")
        if not isinstance(item, Decimal) or not item.is_finite() or not 0 <= item <= 100:
            v.fail(
                inst,
                attr,
                f"the multiplier of {key!r} must be a Decimal from 0 to 100,"
                f" got {v.describe(item)}",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BonusPlan:
    """A bonus plan: target bonus (a fraction of salary), the curve, multipliers and a cap.

    ``cap`` limits the bonus to that multiple of the target bonus (``2``: at
    most twice the target); ``None`` leaves it to the curve. Bonuses are
    prorated by each person's eligibility when ``prorate``.
    """

    target_percent: Decimal = attrs.field(converter=to_decimal, validator=rate(minimum=Decimal(0)))
    curve: PayoutCurve = attrs.field(validator=v.instance(PayoutCurve))
    company_multiplier: Decimal = attrs.field(
        default=Decimal(1), converter=to_decimal, validator=rate(minimum=Decimal(0))
    )
    department_multipliers: Mapping[str, Decimal] = attrs.field(
        factory=FrozenMap, converter=_multipliers, validator=_check_multipliers
    )
    """Department → multiplier; a department not named has 1."""
    cap: Decimal | None = attrs.field(
        default=None, converter=to_decimal, validator=rate(minimum=Decimal(0), optional=True)
    )
    prorate: bool = attrs.field(default=True, validator=v.boolean())
    rounding: Rounding | None = attrs.field(
        default=None, validator=v.instance(Rounding, optional=True)
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BonusAward:
    """One person's bonus and the arithmetic that made it."""

    employee_id: str
    manager_id: str
    department: str
    target_bonus: Money
    individual: Decimal
    company: Decimal
    department_multiplier: Decimal
    proration: Decimal
    capped: bool
    amount: Money
    explanation: str

    def as_record(self) -> dict[str, object]:
        """The award as one flat row (for ``perfcore.analytics.to_frame``)."""
        return {
            "employee_id": self.employee_id,
            "manager_id": self.manager_id,
            "department": self.department,
            "currency": self.amount.currency,
            "target_bonus": float(self.target_bonus.amount),
            "individual": float(self.individual),
            "company": float(self.company),
            "department_multiplier": float(self.department_multiplier),
            "proration": float(self.proration),
            "capped": self.capped,
            "bonus": float(self.amount.amount),
        }


def bonus(person: PayRecord, plan: BonusPlan) -> BonusAward:
    """``person``'s bonus under ``plan``; their ``score`` is required."""
    v.require(person, PayRecord, "person")
    v.require(plan, BonusPlan, "plan")
    if person.score is None:
        raise ValidationError.single(
            "person.score", "a bonus needs the appraisal score", code="required"
        )
    salary = person.salary
    rule = plan.rounding or Rounding.of(salary.currency)
    individual, how = plan.curve.multiplier(person.score)
    department = plan.department_multipliers.get(person.department, Decimal(1))
    share = person.proration if plan.prorate else None
    factor = share.factor if share is not None else Decimal(1)
    with decimal.localcontext(CONTEXT):
        target = salary.amount * plan.target_percent
        exact = target * individual * plan.company_multiplier * department * factor
        capped = plan.cap is not None and exact > target * plan.cap * factor
        if capped:
            exact = target * plan.cap * factor  # type: ignore[operator]  # capped: a cap
        amount = rule.apply(exact)
    target_money = Money(amount=rule.apply(target), currency=salary.currency)
    parts = [
        f"target {percent(plan.target_percent)} of {salary} = {target_money}",
        f"individual {individual} ({how})",
        f"company {plan.company_multiplier}",
        f"department {person.department} {department}",
    ]
    if share is not None and factor != 1:
        parts.append(f"prorated {share.explanation}")
    if capped:
        parts.append(f"capped at {plan.cap} × target")
    money = Money(amount=amount, currency=salary.currency)
    parts.append(f"bonus {money} (rounded {rule})")
    return BonusAward(
        employee_id=person.employee_id,
        manager_id=person.manager_id,
        department=person.department,
        target_bonus=target_money,
        individual=individual,
        company=plan.company_multiplier,
        department_multiplier=department,
        proration=factor,
        capped=capped,
        amount=money,
        explanation="; ".join(parts),
    )


def bonuses(people: Iterable[PayRecord], plan: BonusPlan) -> tuple[BonusAward, ...]:
    """Each person's bonus, in employee id order; all in one currency."""
    found: list[PayRecord] = v.items_of(people, "people", PayRecord)
    v.require(plan, BonusPlan, "plan")
    if found:
        common_currency((f"people[{i}].salary", p.salary) for i, p in enumerate(found))
    awards = []
    for index, person in enumerate(found):
        try:
            awards.append(bonus(person, plan))
        except ValidationError as exc:
            raise type(exc)(
                p.at(p.path.replace("person", f"people[{index}]", 1)) for p in exc.problems
            ) from None
    return tuple(sorted(awards, key=lambda award: award.employee_id))
