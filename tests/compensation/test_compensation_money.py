"""Tests for perfcore.compensation.money and .ranges: amounts, rounding and pay position."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.compensation import (
    CURRENCIES,
    Money,
    Rounding,
    RoundingMode,
    SalaryRange,
    common_currency,
    pay_position,
    range_table,
)

GRADE = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)
SALARIES = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


def test_money_reads_ints_strings_and_floats_exactly() -> None:
    assert Money(amount=0.1, currency="EUR").amount == Decimal("0.1")
    assert Money(amount="52000.50", currency="USD").amount == Decimal("52000.50")
    assert str(Money(amount=1234, currency="JPY")) == "JPY 1,234"
    assert str(Money(amount="1.5", currency="KWD")) == "KWD 1.500"


@pytest.mark.parametrize(
    ("amount", "currency", "path"),
    [
        ("ten", "EUR", "Money.amount"),
        (float("nan"), "EUR", "Money.amount"),
        ("NaN", "EUR", "Money.amount"),
        (10**20, "EUR", "Money.amount"),
        ("1e-20", "EUR", "Money.amount"),
        (None, "EUR", "Money.amount"),
        (1, "XYZ", "Money.currency"),
        (1, "eur", "Money.currency"),
        (1, None, "Money.currency"),
    ],
)
def test_bad_amounts_and_unknown_currencies_are_refused_by_field(
    amount: object, currency: object, path: str
) -> None:
    with pytest.raises(pc.MalformedInput) as caught:
        Money(amount=amount, currency=currency)  # type: ignore[arg-type]
    assert caught.value.paths == (path,)


def test_the_currency_list_is_iso_4217_with_minor_units() -> None:
    assert len(CURRENCIES) > 150
    assert (CURRENCIES["EUR"], CURRENCIES["JPY"], CURRENCIES["BHD"], CURRENCIES["CLF"]) == (
        2,
        0,
        3,
        4,
    )
    assert all(len(code) == 3 and code.isupper() for code in CURRENCIES)


@pytest.mark.parametrize(
    ("mode", "value", "rounded"),
    [
        (RoundingMode.HALF_UP, "2.345", "2.35"),
        (RoundingMode.HALF_EVEN, "2.345", "2.34"),
        (RoundingMode.DOWN, "2.349", "2.34"),
        (RoundingMode.UP, "2.341", "2.35"),
        (RoundingMode.FLOOR, "-2.341", "-2.35"),
        (RoundingMode.CEILING, "-2.349", "-2.34"),
    ],
)
def test_each_rounding_mode(mode: RoundingMode, value: str, rounded: str) -> None:
    assert Rounding(quantum="0.01", mode=mode).apply(Decimal(value)) == Decimal(rounded)


def test_rounding_to_whole_hundreds_and_refusals() -> None:
    assert Rounding(quantum=100).apply(Decimal("1249.99")) == Decimal(1200)
    assert Rounding(quantum=100).apply(Decimal(1250)) == Decimal(1300)
    with pytest.raises(pc.ValidationError) as caught:
        Rounding(quantum=0)
    assert caught.value.paths == ("Rounding.quantum",)
    with pytest.raises(pc.ValidationError) as caught:
        Rounding().apply("1.5")  # type: ignore[arg-type]
    assert caught.value.paths == ("value",)
    with pytest.raises(pc.ValidationError) as caught:
        Rounding.of("XXX")
    assert caught.value.paths == ("currency",)


@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False),
    mode=st.sampled_from(RoundingMode),
    currency=st.sampled_from(sorted(CURRENCIES)),
)
def test_rounding_moves_an_amount_by_less_than_one_quantum(
    value: Decimal, mode: RoundingMode, currency: str
) -> None:
    rule = Rounding.of(currency, mode)
    rounded = rule.apply(value)
    assert abs(rounded - value) < rule.quantum
    assert rounded % rule.quantum == 0


def test_mixed_currencies_name_each_field_that_differs() -> None:
    euro, dollar = Money(amount=1, currency="EUR"), Money(amount=1, currency="USD")
    with pytest.raises(pc.ValidationError) as caught:
        common_currency([("people[0].salary", euro), ("people[1].salary", dollar)])
    assert caught.value.paths == ("people[1].salary.currency",)
    assert caught.value.codes == ("mixed_currencies",)
    assert common_currency([("a", euro), ("b", euro)]) == "EUR"
    with pytest.raises(pc.ValidationError) as caught:
        common_currency([])
    assert caught.value.codes == ("empty",)


# --- pay position -----------------------------------------------------------------------


def test_compa_ratio_and_penetration_by_hand() -> None:
    # 55,000 in 40,000 / 50,000 / 60,000: 55/50 = 1.1; (55 − 40)/(60 − 40) = 0.75
    position = pay_position(Money(amount=55000, currency="EUR"), GRADE)
    assert (position.compa_ratio, position.penetration, position.quartile) == (
        Decimal("1.1"),
        Decimal("0.75"),
        4,
    )
    assert not position.below_minimum
    assert not position.above_maximum
    assert "55000 / 50000 = 1.1000" in position.explanation
    row = position.as_record()
    assert row["compa_ratio"] == 1.1
    assert row["range"] == "L2"


@pytest.mark.parametrize(
    ("salary", "quartile", "below", "above"),
    [
        (30000, 1, True, False),
        (44999, 1, False, False),
        (50000, 3, False, False),
        (70000, 4, False, True),
    ],
)
def test_quartiles_and_flags(salary: int, quartile: int, below: bool, above: bool) -> None:
    position = pay_position(Money(amount=salary, currency="EUR"), GRADE)
    assert (position.quartile, position.below_minimum, position.above_maximum) == (
        quartile,
        below,
        above,
    )
    assert ("below the minimum" in position.explanation) is below
    assert ("above the maximum" in position.explanation) is above


@given(salary=SALARIES)
def test_compa_ratio_times_midpoint_is_the_salary(salary: Decimal) -> None:
    position = pay_position(Money(amount=salary, currency="EUR"), GRADE)
    assert abs(position.compa_ratio * GRADE.midpoint - salary) < Decimal("1e-20")
    back = GRADE.minimum + position.penetration * (GRADE.maximum - GRADE.minimum)
    assert abs(back - salary) < Decimal("1e-20")


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"minimum": -1}, "SalaryRange.minimum"),
        ({"midpoint": 70000}, "SalaryRange.midpoint"),
        ({"midpoint": 30000}, "SalaryRange.midpoint"),
        ({"maximum": 40000}, "SalaryRange.maximum"),
        ({"currency": "ABC"}, "SalaryRange.currency"),
        ({"minimum": 0, "midpoint": 0}, "SalaryRange.midpoint"),
    ],
)
def test_a_bad_range_is_refused_naming_the_field(fields: dict[str, object], path: str) -> None:
    data: dict[str, object] = {
        "key": "L2",
        "currency": "EUR",
        "minimum": 40000,
        "midpoint": 50000,
        "maximum": 60000,
        **fields,
    }
    with pytest.raises(pc.MalformedInput) as caught:
        SalaryRange(**data)  # type: ignore[arg-type]
    assert path in caught.value.paths


def test_a_negative_salary_or_another_currency_is_refused() -> None:
    with pytest.raises(pc.ValidationError) as caught:
        pay_position(Money(amount=-1, currency="EUR"), GRADE)
    assert caught.value.paths == ("salary.amount",)
    with pytest.raises(pc.ValidationError) as caught:
        pay_position(Money(amount=1, currency="USD"), GRADE, path="people[3].salary")
    assert caught.value.paths == ("people[3].salary.currency",)
    with pytest.raises(pc.ValidationError):
        pay_position(1, GRADE)  # type: ignore[arg-type]


def test_a_range_table_refuses_a_key_twice() -> None:
    assert range_table([GRADE])["L2"] is GRADE
    with pytest.raises(pc.ValidationError) as caught:
        range_table([GRADE, GRADE])
    assert caught.value.paths == ("ranges[1].key",)
    with pytest.raises(pc.ValidationError):
        range_table("L2")  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError):
        range_table([1])  # type: ignore[list-item]
    assert str(GRADE) == "L2 (EUR 40,000.00 / 50,000.00 / 60,000.00)"
