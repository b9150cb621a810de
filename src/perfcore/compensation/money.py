"""Money: ``decimal.Decimal`` amounts in a stated ISO 4217 currency, rounded by a stated rule.

Every amount perfcore's compensation functions take or give is a
:class:`Money`: a ``Decimal`` and a currency code from :data:`CURRENCIES` (the
ISO 4217 list, shipped as data). Rates (an increase of 3%, a target bonus of
10%) are plain ``Decimal`` fractions (``Decimal("0.03")``). Amounts are rounded
by a :class:`Rounding` (a quantum and a rounding mode), once per person and
per amount, and never silently: a result says which rule it used. Two
currencies in one computation are refused, naming the field that differs.

>>> salary = Money(amount="52000", currency="EUR")
>>> salary
Money(amount=Decimal('52000'), currency='EUR')
>>> Rounding.of("EUR").apply(Decimal("1234.565"))
Decimal('1234.57')
>>> Money(amount="10", currency="XYZ")
Traceback (most recent call last):
...
perfcore.errors.MalformedInput: Money.currency: 'XYZ' is not an ISO 4217 currency code ...
"""

from __future__ import annotations

import decimal
import enum
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.errors import MalformedInput, Problem, ValidationError

__all__ = [
    "CURRENCIES",
    "LARGEST_AMOUNT",
    "Money",
    "Rounding",
    "RoundingMode",
    "common_currency",
    "to_decimal",
]

_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN"
    " BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP"
    " GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP"
    " LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR"
    " NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN"
    " SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR"
    " ZMW ZWG"
)
_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"

CURRENCIES: Mapping[str, int] = FrozenMap(
    dict(
        sorted(
            [(code, 2) for code in _TWO.split()]
            + [(code, 0) for code in _ZERO.split()]
            + [(code, 3) for code in _THREE.split()]
            + [(code, 4) for code in _FOUR.split()]
        )
    )
)
"""ISO 4217 currency codes → the digits of the currency's minor unit (EUR 2, JPY 0, KWD 3).

The currencies in use that have a minor unit; fixed data, no lookup at run time.

>>> CURRENCIES["EUR"], CURRENCIES["JPY"], CURRENCIES["KWD"]
(2, 0, 3)
"""

LARGEST_AMOUNT = Decimal(10) ** 15
"""The largest amount (in absolute value) an amount may have: ten to the 15th."""

_LARGEST_RATE = Decimal(1000)
_LARGEST_ROUNDED = LARGEST_AMOUNT * 1000

CONTEXT = decimal.Context(
    prec=50,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The arithmetic context every compensation computation runs in, whatever the caller's is."""


class RoundingMode(enum.Enum):
    """How an amount is rounded to its quantum (the ``decimal`` module's modes)."""

    HALF_UP = "half_up"
    """To nearest; a tie away from zero (commercial rounding)."""
    HALF_EVEN = "half_even"
    """To nearest; a tie to the even neighbour (banker's rounding)."""
    DOWN = "down"
    """Towards zero (truncation)."""
    UP = "up"
    """Away from zero."""
    FLOOR = "floor"
    """Towards minus infinity."""
    CEILING = "ceiling"
    """Towards plus infinity."""


_MODES = {
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
    RoundingMode.UP: decimal.ROUND_UP,
    RoundingMode.FLOOR: decimal.ROUND_FLOOR,
    RoundingMode.CEILING: decimal.ROUND_CEILING,
}


def to_decimal(value: object) -> object:  # noqa: PLR0911 - one answer per kind
    """``value`` as a ``Decimal`` when it reads as one, else ``value`` unchanged.

    An ``int``, a decimal string (``"0.03"``) or a finite ``float`` (read as
    its shortest text, so ``0.03`` is ``Decimal("0.03")``) become a ``Decimal``;
    anything else is left for a validator to refuse by name.

    >>> to_decimal(0.03), to_decimal("1.50"), to_decimal(True)
    (Decimal('0.03'), Decimal('1.50'), True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > LARGEST_AMOUNT * 10:
            return value
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else value
    if isinstance(value, str) and len(value) <= 60:
        try:
            return Decimal(value.strip())
        except decimal.InvalidOperation:
            return value
    return value


def decimal_problem(value: object, *, largest: Decimal, minimum: Decimal | None) -> str | None:
    """Why ``value`` is not a usable ``Decimal`` within bounds, or ``None``."""
    if not isinstance(value, Decimal):
        return f"must be a Decimal (or an int or a decimal string), got {v.describe(value)}"
    if not value.is_finite():
        return f"must be a finite number, got {value}"
    if abs(value) > largest:
        return f"must be at most {largest:,} in absolute value, got {value:.6E}"
    if value.as_tuple().exponent < -12:  # type: ignore[operator]  # finite: an int
        return f"must have at most 12 decimal places, got {value}"
    if minimum is not None and value < minimum:
        return f"must be at least {minimum}, got {value}"
    return None


def amount(*, minimum: Decimal | None = None, optional: bool = False) -> v.Validator:
    """A validator: a finite ``Decimal`` amount of at most :data:`LARGEST_AMOUNT`."""
    return _decimal(largest=LARGEST_AMOUNT, minimum=minimum, optional=optional)


def rate(*, minimum: Decimal | None = None, optional: bool = False) -> v.Validator:
    """A validator: a finite ``Decimal`` fraction (0.03 is 3%), at most 1000 in absolute value."""
    return _decimal(largest=_LARGEST_RATE, minimum=minimum, optional=optional)


def _decimal(*, largest: Decimal, minimum: Decimal | None, optional: bool) -> v.Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        why = decimal_problem(value, largest=largest, minimum=minimum)
        if why is not None:
            code = "too_small" if why.startswith("must be at least") else "invalid"
            v.fail(inst, attr, why, code)

    return check


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    why = currency_problem(value)
    if why is not None:
        v.fail(inst, attr, why)


def currency_problem(value: object) -> str | None:
    """Why ``value`` is not a known ISO 4217 code, or ``None``."""
    if not isinstance(value, str):
        return f"must be an ISO 4217 currency code like 'EUR', got {v.describe(value)}"
    if value not in CURRENCIES:
        return f"{value[:20]!r} is not an ISO 4217 currency code (like 'EUR', 'USD', 'JPY')"
    return None


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Rounding:
    """How amounts are rounded: to a multiple of ``quantum`` by ``mode``.

    >>> Rounding(quantum="0.05", mode=RoundingMode.HALF_EVEN).apply(Decimal("1.025"))
    Decimal('1.00')
    >>> Rounding.of("JPY")
    Rounding(quantum=Decimal('1'), mode=<RoundingMode.HALF_UP: 'half_up'>)
    >>> str(Rounding.of("EUR"))
    'to 0.01, half_up'
    """

    quantum: Decimal = attrs.field(
        default=Decimal("0.01"),
        converter=to_decimal,
        validator=_decimal(largest=LARGEST_AMOUNT, minimum=None, optional=False),
    )
    """The step amounts are rounded to (``0.01`` for cents, ``1`` for whole units, ``100``)."""
    mode: RoundingMode = attrs.field(default=RoundingMode.HALF_UP, validator=v.member(RoundingMode))

    def __attrs_post_init__(self) -> None:
        if self.quantum <= 0:
            raise MalformedInput.single(
                "Rounding.quantum",
                f"must be above 0, got {self.quantum}",
                code="too_small",
                params={"minimum": 0},
            )

    def __str__(self) -> str:
        return f"to {self.quantum}, {self.mode.value}"

    @classmethod
    def of(cls, currency: str, mode: RoundingMode = RoundingMode.HALF_UP) -> Rounding:
        """The currency's smallest unit as the quantum (EUR 0.01, JPY 1, KWD 0.001)."""
        why = currency_problem(currency)
        if why is not None:
            raise MalformedInput.single("currency", why)
        return cls(quantum=Decimal(1).scaleb(-CURRENCIES[currency]), mode=mode)

    def apply(self, value: Decimal) -> Decimal:
        """``value`` rounded to a multiple of the quantum."""
        if not isinstance(value, Decimal) or not value.is_finite() or abs(value) > _LARGEST_ROUNDED:
            raise MalformedInput.single(
                "value",
                f"must be a finite Decimal of at most {_LARGEST_ROUNDED:,},"
                f" got {v.describe(value)}",
            )
        with decimal.localcontext(CONTEXT):
            steps = (value / self.quantum).quantize(Decimal(1), rounding=_MODES[self.mode])
            rounded = steps * self.quantum
            return rounded.quantize(self.quantum) if self.quantum < 1 else rounded


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Money:
    """An amount in a currency: a ``Decimal`` and an ISO 4217 code.

    >>> str(Money(amount="1234.5", currency="USD"))
    'USD 1,234.50'
    >>> Money(amount=-1, currency="USD").amount
    Decimal('-1')
    """

    amount: Decimal = attrs.field(converter=to_decimal, validator=amount())
    currency: str = attrs.field(validator=_currency)

    def __str__(self) -> str:
        digits = CURRENCIES[self.currency]
        return f"{self.currency} {self.amount:,.{digits}f}"


def common_currency(amounts: Iterable[tuple[str, Money]], *, path: str = "currency") -> str:
    """The one currency of ``amounts`` (pairs of a field path and an amount).

    Raises :class:`ValidationError` naming every field whose currency differs
    from the first one's.

    >>> common_currency([("a", Money(amount=1, currency="EUR")),
    ...                  ("b", Money(amount=2, currency="USD"))])
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: b.currency: is USD, but a is in EUR; one computation ...
    """
    v.require(path, str, "path")
    pairs = v.items_of(amounts, "amounts", tuple)
    first: tuple[str, str] | None = None
    problems: list[Problem] = []
    for index, pair in enumerate(pairs):
        if len(pair) != 2 or not isinstance(pair[0], str) or not isinstance(pair[1], Money):
            raise ValidationError.single(
                f"amounts[{index}]", f"must be a (path, Money) pair, got {v.describe(pair)}"
            )
        where, money = pair
        if first is None:
            first = (where, money.currency)
        elif money.currency != first[1]:
            problems.append(
                Problem(
                    path=f"{where}.currency",
                    message=(
                        f"is {money.currency}, but {first[0]} is in {first[1]};"
                        " one computation takes one currency"
                    ),
                    code="mixed_currencies",
                    params={"expected": first[1], "actual": money.currency},
                )
            )
    if problems:
        raise ValidationError(problems)
    if first is None:
        raise ValidationError.single(
            path, "there is no amount to take a currency from", code="empty"
        )
    return first[1]
