"""Budgets: pools from eligible payroll, proration, and allocating increases to a pool.

- :class:`PayRecord`: one eligible person's pay data and appraisal result
  (rating band, optional score), and how much of the period they were eligible
  for (hire date or leave): their :func:`proration`;
- :func:`budget_pools`: a pool per manager or department, a percentage of the
  eligible payroll (each salary counted by its proration);
- :class:`MeritPolicy` and :func:`allocate`: each person's recommended
  increase (from a merit strategy), prorated, kept within the minimum and
  maximum, capped at the range maximum (the excess paid as a lump sum when the
  policy says so), then scaled to fit the pool when the policy says so, or
  else reported over or under it. Every amount is rounded by the policy's
  :class:`Rounding`; when scaling, amounts are rounded down, so rounding never
  takes a pool's total past the pool.

A budget scaled to fit: 3% of a payroll of 100,000 is a pool of 3,000;
recommendations costing 4,000 are scaled by 3,000 / 4,000 = 0.75.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.compensation.matrix import IncreaseStrategy, Recommendation, percent
from perfcore.compensation.money import (
    CONTEXT,
    Money,
    Rounding,
    RoundingMode,
    common_currency,
    decimal_problem,
    rate,
    to_decimal,
)
from perfcore.compensation.ranges import PayPosition, SalaryRange, pay_position
from perfcore.errors import MalformedInput, ValidationError

__all__ = [
    "POOL_KEYS",
    "Allocation",
    "Award",
    "BudgetPool",
    "MeritPolicy",
    "PayRecord",
    "Proration",
    "allocate",
    "budget_pools",
    "proration",
]

POOL_KEYS = ("manager_id", "department")
"""What a pool may be kept by: each manager's team, or each department."""

_ONE = Decimal(1)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Proration:
    """The share of a full award a person earns: days eligible less leave, over the period."""

    factor: Decimal
    explanation: str


def proration(eligible_days: int, period_days: int, leave_days: int = 0) -> Proration:
    """``(eligible_days − leave_days) / period_days``, between 0 and 1.

    >>> print(proration(273, 365, leave_days=18).explanation)
    (273 eligible − 18 leave) / 365 days = 0.6986
    """
    for name, value in (
        ("eligible_days", eligible_days),
        ("period_days", period_days),
        ("leave_days", leave_days),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
            raise MalformedInput.single(
                name, f"must be a whole number of days from 0 to 100000, got {v.describe(value)}"
            )
    if period_days == 0:
        raise MalformedInput.single("period_days", "must be above 0", code="too_small")
    if eligible_days > period_days:
        raise MalformedInput.single(
            "eligible_days",
            f"must be at most the period's {period_days} days, got {eligible_days}",
            code="too_large",
            params={"maximum": period_days, "actual": eligible_days},
        )
    if leave_days > eligible_days:
        raise MalformedInput.single(
            "leave_days",
            f"must be at most the {eligible_days} days eligible, got {leave_days}",
            code="too_large",
            params={"maximum": eligible_days, "actual": leave_days},
        )
    with decimal.localcontext(CONTEXT):
        factor = (Decimal(eligible_days - leave_days) / Decimal(period_days)).normalize()
    leave = f" − {leave_days} leave" if leave_days else ""
    return Proration(
        factor=factor,
        explanation=f"({eligible_days} eligible{leave}) / {period_days} days = {factor:.4f}",
    )


def _days(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        v.fail(
            inst, attr, f"must be a whole number of days from 0 to 100000, got {v.describe(value)}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PayRecord:
    """One person in a merit or bonus cycle: pay, range, appraisal result and eligibility.

    ``eligible_days`` of ``period_days`` (all of them by default, e.g. hired
    in the fourth month: 273 of 365) less ``leave_days`` give the proration.
    ``group`` is any grouping an equity review compares (a location, a
    gender, a job family); perfcore never interprets it.
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    manager_id: str = attrs.field(validator=v.text(max_length=200))
    department: str = attrs.field(default="-", validator=v.text(max_length=200))
    salary: Money = attrs.field(validator=v.instance(Money))
    range: SalaryRange = attrs.field(validator=v.instance(SalaryRange))
    rating_band: str = attrs.field(validator=v.text(max_length=100))
    score: float | None = attrs.field(default=None, validator=v.number(optional=True))
    period_days: int = attrs.field(default=365, validator=_days)
    eligible_days: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_days)
    )
    leave_days: int = attrs.field(default=0, validator=_days)
    group: str | None = attrs.field(default=None, validator=v.optional_text())

    def __attrs_post_init__(self) -> None:
        if self.salary.amount < 0:
            raise MalformedInput.single(
                "PayRecord.salary.amount",
                f"must be at least 0, got {self.salary.amount}",
                code="too_small",
                params={"minimum": 0},
            )
        if self.salary.currency != self.range.currency:
            raise MalformedInput.single(
                "PayRecord.salary.currency",
                f"is {self.salary.currency}, but range {self.range.key}"
                f" is in {self.range.currency}",
                code="mixed_currencies",
                params={"expected": self.range.currency, "actual": self.salary.currency},
            )
        self.proration  # noqa: B018 - checks the days fit together

    @property
    def proration(self) -> Proration:
        """The person's share of a full award (see :func:`proration`)."""
        eligible = self.period_days if self.eligible_days is None else self.eligible_days
        try:
            return proration(eligible, self.period_days, self.leave_days)
        except ValidationError as exc:
            raise type(exc)(p.at(f"PayRecord.{p.path}") for p in exc.problems) from None

    @property
    def position(self) -> PayPosition:
        """Where the salary sits in its range."""
        return pay_position(self.salary, self.range)

    def key(self, by: str) -> str:
        """The pool this person falls in when pools are kept ``by`` one of :data:`POOL_KEYS`."""
        if by not in POOL_KEYS:
            raise ValidationError.single(
                "by", f"must be one of {', '.join(POOL_KEYS)}, got {v.describe(by)}"
            )
        value: str = getattr(self, by)
        return value


def _people(people: object, name: str = "people") -> list[PayRecord]:
    found: list[PayRecord] = v.items_of(people, name, PayRecord)
    twice = v.repeated(person.employee_id for person in found)
    if twice:
        raise ValidationError.single(
            name,
            f"names employee(s) more than once: {', '.join(twice)}",
            code="repeated",
            params={"items": tuple(twice)},
        )
    return found


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BudgetPool:
    """A merit pool: ``percent`` of the eligible payroll of one manager's team or department."""

    by: str
    key: str
    headcount: int
    eligible_payroll: Money
    percent: Decimal
    amount: Money
    explanation: str


def budget_pools(
    people: Iterable[PayRecord],
    *,
    percent_of_payroll: Decimal | str | int,
    by: str = "manager_id",
    rounding: Rounding | None = None,
) -> tuple[BudgetPool, ...]:
    """A pool per manager (or department): ``percent_of_payroll`` of its eligible payroll.

    Eligible payroll counts each salary times the person's proration. Pools are
    in key order; one currency for all (else the salary that differs is named).

    >>> from perfcore.compensation import Money, SalaryRange
    >>> grade = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)
    >>> people = [PayRecord(employee_id=e, manager_id="m1", range=grade, rating_band="Meets",
    ...                     salary=Money(amount=s, currency="EUR"))
    ...           for e, s in (("a", 40000), ("b", 60000))]
    >>> print(budget_pools(people, percent_of_payroll=Decimal("0.03"))[0].explanation)
    pool m1 (manager_id, 2 people): 3% of eligible payroll EUR 100,000.00 = EUR 3,000.00
    """
    found = _people(people)
    chosen = _rate(percent_of_payroll, "percent_of_payroll")
    if by not in POOL_KEYS:
        raise ValidationError.single(
            "by", f"must be one of {', '.join(POOL_KEYS)}, got {v.describe(by)}"
        )
    if not found:
        return ()
    currency = common_currency(
        (f"people[{i}].salary", person.salary) for i, person in enumerate(found)
    )
    rule = _rounding(rounding, currency)
    groups: dict[str, list[PayRecord]] = {}
    for person in found:
        groups.setdefault(person.key(by), []).append(person)
    pools = []
    for key in sorted(groups):
        members = groups[key]
        with decimal.localcontext(CONTEXT):
            payroll = rule.apply(
                sum((p.salary.amount * p.proration.factor for p in members), Decimal(0))
            )
            amount = rule.apply(payroll * chosen)
        payroll_money, amount_money = (
            Money(amount=payroll, currency=currency),
            Money(amount=amount, currency=currency),
        )
        pools.append(
            BudgetPool(
                by=by,
                key=key,
                headcount=len(members),
                eligible_payroll=payroll_money,
                percent=chosen,
                amount=amount_money,
                explanation=(
                    f"pool {key} ({by}, {len(members)} people): {percent(chosen)} of eligible"
                    f" payroll {payroll_money} = {amount_money}"
                ),
            )
        )
    return tuple(pools)


def _rate(value: object, path: str, *, minimum: Decimal | None = Decimal(0)) -> Decimal:
    converted = to_decimal(value)
    why = decimal_problem(converted, largest=Decimal(1000), minimum=minimum)
    if why is not None:
        raise MalformedInput.single(path, why)
    assert isinstance(converted, Decimal)  # noqa: S101 - checked above
    return converted


def _rounding(rounding: object, currency: str) -> Rounding:
    if rounding is None:
        return Rounding.of(currency)
    v.require(rounding, Rounding, "rounding")
    assert isinstance(rounding, Rounding)  # noqa: S101 - checked above
    return rounding


def _strategy(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, IncreaseStrategy):
        v.fail(inst, attr, f"must be a merit strategy (with recommend), got {v.describe(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritPolicy:
    """How recommendations become increases.

    - ``strategy``: the merit strategy (a :class:`MeritMatrix`, ...);
    - ``minimum_increase`` / ``maximum_increase``: the rate a positive
      recommendation is kept within (before proration and scaling);
    - ``cap_at_maximum``: no salary goes past its range maximum; the excess is
      paid as a one-off ``lump_sum`` when ``lump_sum_over_maximum``, else not at all;
    - ``scale_to_fit``: scale every increase alike so the pool's total fits it
      (only ever down); otherwise the allocation reports the over or under;
    - ``prorate``: award each person their proration's share;
    - ``rounding``: how amounts are rounded (default: the currency's smallest unit).
    """

    strategy: IncreaseStrategy = attrs.field(validator=_strategy)
    minimum_increase: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=rate(minimum=Decimal(0))
    )
    maximum_increase: Decimal | None = attrs.field(
        default=None, converter=to_decimal, validator=rate(minimum=Decimal(0), optional=True)
    )
    cap_at_maximum: bool = attrs.field(default=True, validator=v.boolean())
    lump_sum_over_maximum: bool = attrs.field(default=False, validator=v.boolean())
    scale_to_fit: bool = attrs.field(default=True, validator=v.boolean())
    prorate: bool = attrs.field(default=True, validator=v.boolean())
    rounding: Rounding | None = attrs.field(
        default=None, validator=v.instance(Rounding, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.maximum_increase is not None and self.maximum_increase < self.minimum_increase:
            raise MalformedInput.single(
                "MeritPolicy.maximum_increase",
                f"must be at least minimum_increase ({self.minimum_increase}),"
                f" got {self.maximum_increase}",
                code="too_small",
                params={"minimum": str(self.minimum_increase)},
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Award:
    """One person's merit award: the recommendation and every step from it to the amounts."""

    employee_id: str
    manager_id: str
    department: str
    group: str | None
    rating_band: str
    position: PayPosition
    recommendation: Recommendation
    rate: Decimal
    """The increase as a fraction of salary, after limits, proration and scaling."""
    increase: Money
    """Added to the salary (rounded)."""
    lump_sum: Money
    """Paid once: the part of the increase above the range maximum, when the policy pays it."""
    new_salary: Money
    explanation: str

    @property
    def total(self) -> Money:
        """What the award costs the pool: increase plus lump sum."""
        return Money(
            amount=self.increase.amount + self.lump_sum.amount, currency=self.increase.currency
        )

    def as_record(self) -> dict[str, object]:
        """The award as one flat row (for ``perfcore.analytics.to_frame``)."""
        return {
            "employee_id": self.employee_id,
            "manager_id": self.manager_id,
            "department": self.department,
            "group": self.group,
            "band": self.rating_band,
            "position_band": self.recommendation.position_band,
            "compa_ratio": float(self.position.compa_ratio),
            "currency": self.increase.currency,
            "salary": float(self.position.salary.amount),
            "rate": float(self.rate),
            "increase": float(self.increase.amount),
            "lump_sum": float(self.lump_sum.amount),
            "new_salary": float(self.new_salary.amount),
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Allocation:
    """A pool and its awards: the reconciliation of what was recommended against the budget."""

    pool: BudgetPool
    awards: tuple[Award, ...]
    recommended: Money
    """What the recommendations cost before scaling (after limits, caps and proration)."""
    total: Money
    """What the awards cost: increases plus lump sums."""
    remaining: Money
    """Pool less total: positive is under budget, negative over."""
    scale: Decimal
    """The factor every award was scaled by (1 when it fit or scaling is off)."""
    explanation: str


def allocate(
    people: Iterable[PayRecord], pools: Iterable[BudgetPool], policy: MeritPolicy
) -> tuple[Allocation, ...]:
    """Each pool's people awarded by ``policy``, one :class:`Allocation` per pool.

    Every person must fall in one of ``pools`` (by the pools' ``by``); all in
    one currency. The result does not depend on the order of ``people``.
    """
    found = _people(people)
    pool_list: list[BudgetPool] = v.items_of(pools, "pools", BudgetPool)
    v.require(policy, MeritPolicy, "policy")
    if not pool_list:
        raise ValidationError.single("pools", "must name at least one pool", code="empty")
    bys = {pool.by for pool in pool_list}
    if len(bys) > 1:
        raise ValidationError.single(
            "pools", f"must all be kept by one key, got {', '.join(sorted(bys))}"
        )
    (by,) = bys
    twice = v.repeated(pool.key for pool in pool_list)
    if twice:
        raise ValidationError.single(
            "pools",
            f"names pool(s) twice: {', '.join(twice)}",
            code="repeated",
            params={"items": tuple(twice)},
        )
    currency = common_currency(
        [(f"pools[{i}].amount", pool.amount) for i, pool in enumerate(pool_list)]
        + [(f"people[{i}].salary", person.salary) for i, person in enumerate(found)]
    )
    rule = _rounding(policy.rounding, currency)
    by_key = {pool.key: pool for pool in pool_list}
    members: dict[str, list[PayRecord]] = {key: [] for key in by_key}
    for index, person in enumerate(found):
        key = person.key(by)
        if key not in by_key:
            raise ValidationError.single(
                f"people[{index}].{by}", f"{key!r} has no pool; pools: {', '.join(sorted(by_key))}"
            )
        members[key].append(person)
    return tuple(
        _allocate(sorted(members[key], key=_employee), by_key[key], policy, rule, currency)
        for key in sorted(by_key)
    )


def _employee(person: PayRecord) -> str:
    return person.employee_id


@attrs.frozen
class _Step:
    person: PayRecord
    position: PayPosition
    recommendation: Recommendation
    rate: Decimal
    notes: tuple[str, ...]


def _recommend(person: PayRecord, policy: MeritPolicy) -> _Step:
    position = person.position
    recommendation = policy.strategy.recommend(person.rating_band, position, score=person.score)
    target = recommendation.guideline.target
    notes = [f"recommended {percent(target)} ({recommendation.explanation})"]
    if target > 0 and target < policy.minimum_increase:
        target = policy.minimum_increase
        notes.append(f"raised to the minimum {percent(target)}")
    if policy.maximum_increase is not None and target > policy.maximum_increase:
        target = policy.maximum_increase
        notes.append(f"lowered to the maximum {percent(target)}")
    if policy.prorate:
        share = person.proration
        if share.factor != _ONE:
            with decimal.localcontext(CONTEXT):
                target = target * share.factor
            notes.append(f"prorated {share.explanation}")
    return _Step(person, position, recommendation, target, tuple(notes))


def _allocate(
    people: list[PayRecord], pool: BudgetPool, policy: MeritPolicy, rule: Rounding, currency: str
) -> Allocation:
    steps = [_recommend(person, policy) for person in people]
    with decimal.localcontext(CONTEXT):
        costs = [_split(step, policy) for step in steps]
        recommended = sum((base + lump for base, lump, _ in costs), Decimal(0))
        scale = _ONE
        if policy.scale_to_fit and recommended > pool.amount.amount:
            scale = pool.amount.amount / recommended
    down = Rounding(quantum=rule.quantum, mode=RoundingMode.DOWN) if scale != _ONE else rule
    awards = []
    for step, (base, lump, capped) in zip(steps, costs, strict=True):
        with decimal.localcontext(CONTEXT):
            increase = down.apply(base * scale)
            lump_sum = down.apply(lump * scale)
            salary = step.person.salary.amount
            final_rate = ((increase + lump_sum) / salary).normalize() if salary else Decimal(0)
        notes = list(step.notes)
        if capped:
            paid = "paid as a lump sum" if policy.lump_sum_over_maximum else "not paid"
            notes.append(
                f"capped at the range maximum {step.position.range.maximum}; the excess is {paid}"
            )
        if scale != _ONE:
            notes.append(f"scaled by {scale:.6f} to fit the pool, rounded down")
        awards.append(
            Award(
                employee_id=step.person.employee_id,
                manager_id=step.person.manager_id,
                department=step.person.department,
                group=step.person.group,
                rating_band=step.person.rating_band,
                position=step.position,
                recommendation=step.recommendation,
                rate=final_rate,
                increase=Money(amount=increase, currency=currency),
                lump_sum=Money(amount=lump_sum, currency=currency),
                new_salary=Money(amount=salary + increase, currency=currency),
                explanation="; ".join(notes),
            )
        )
    total = sum((a.increase.amount + a.lump_sum.amount for a in awards), Decimal(0))
    recommended_money = Money(amount=rule.apply(recommended), currency=currency)
    total_money = Money(amount=total, currency=currency)
    remaining = Money(amount=pool.amount.amount - total, currency=currency)
    state = "under" if remaining.amount >= 0 else "over"
    how = f"scaled by {scale:.6f}" if scale != _ONE else "not scaled"
    return Allocation(
        pool=pool,
        awards=tuple(awards),
        recommended=recommended_money,
        total=total_money,
        remaining=remaining,
        scale=scale.normalize(CONTEXT),
        explanation=(
            f"pool {pool.key}: {pool.amount}; recommended {recommended_money}, {how};"
            f" awarded {total_money}; {abs(remaining.amount):,.2f} {state} budget"
        ),
    )


def _split(step: _Step, policy: MeritPolicy) -> tuple[Decimal, Decimal, bool]:
    """The increase and the lump sum over the range maximum (exact), and whether capped."""
    salary = step.person.salary.amount
    wanted = salary * step.rate
    if not policy.cap_at_maximum:
        return wanted, Decimal(0), False
    room = max(step.position.range.maximum - salary, Decimal(0))
    if wanted <= room:
        return wanted, Decimal(0), False
    excess = wanted - room
    return room, (excess if policy.lump_sum_over_maximum else Decimal(0)), True
