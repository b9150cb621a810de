"""What the built-in goal scorers share: number checks and formatting, and their base.

Private to the ``_scorer_*`` modules, whose public names :mod:`perfcore.scoring.goal_scorers`
re-exports; each of them imports only this module and the layers below, and
none imports another.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any, ClassVar, NoReturn, Self, TypeVar

import attrs

from perfcore import _validators as v
from perfcore import strategies
from perfcore.errors import ValidationError
from perfcore.goals import Goal
from perfcore.scoring.results import GoalScore, _goal_score_explained_later

M = TypeVar("M")

_LARGEST = sys.float_info.max
_MAX_WEIGHT = 1_000_000
_LISTED = 20
"""Up to this many weights or grades are spelled out in an explanation; beyond, only sums."""


# --- shared helpers -----------------------------------------------------------------


def _fmt(x: float) -> str:
    """A number as people write it: ``0.6``, ``1000``, ``1.5`` (never ``-0``)."""
    return f"{x + 0.0:.10g}"


def _term(x: float) -> str:
    """A number as an operand in a formula: negatives in brackets, as in ``(3 − (-2))``."""
    return f"({_fmt(x)})" if x < 0 else _fmt(x)


def _ratio(x: float, low: float, high: float) -> float:
    """``(x − low) / (high − low)``, computed without overflowing on the way.

    Halving every operand first gives the same quotient for ordinary numbers
    and keeps huge ones finite; a quotient beyond the float range is clamped
    to the largest float, which keeps it monotone in ``x``.
    """
    num, den = x - low, high - low
    if not (math.isfinite(num) and math.isfinite(den)):
        num, den = x / 2 - low / 2, high / 2 - low / 2
    return max(-_LARGEST, min(num / den, _LARGEST))


def _is_number(value: object) -> bool:
    """A finite ``int`` or ``float`` that is not a ``bool``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _actual(actual: object) -> float:
    """``actual`` as a float; a ValidationError at ``actual`` unless a finite number."""
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        raise ValidationError.single("actual", f"must be a number, got {v.describe(actual)}")
    if not _is_number(actual):
        shown = v.describe(actual).partition(" ")[2]
        raise ValidationError.single("actual", f"must be a finite number, got {shown}")
    return float(actual)


def _refuse_actual(path: str, actual: object) -> NoReturn:
    """Raise :func:`_actual`'s error for a result that is not a finite number, at ``path``."""
    try:
        _actual(actual)
    except ValidationError as exc:
        raise ValidationError.single(path, exc.problems[0].message) from None
    raise AssertionError("unreachable: _actual refuses it")  # pragma: no cover


def _measure(goal: object, kind: type[M], scorer: str) -> M:
    """The goal's measure, which must be a ``kind``; else a ValidationError at ``goal.measure``."""
    if not isinstance(goal, Goal):
        raise ValidationError.single("goal", f"must be a Goal, got {v.describe(goal)}")
    measure = goal.measure
    if not isinstance(measure, kind):
        has = "no measure" if measure is None else f"a {type(measure).__name__}"
        raise ValidationError.single(
            "goal.measure", f"goal {goal.id!r} has {has}; {scorer} needs a {kind.__name__}"
        )
    return measure


def _above(other: str) -> v.Validator:
    """A number strictly above the field ``other`` (when that one is a number)."""

    def check(inst: object, attr: attrs.Attribute[Any], value: float) -> None:
        low = getattr(inst, other)
        if _is_number(low) and _is_number(value) and value <= low:
            v.fail(inst, attr, f"must be above {other} {low:g}, got {value:g}")

    return check


def _positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A finite number above 0 and at most a million (a relative weight)."""
    v.number(maximum=_MAX_WEIGHT)(inst, attr, value)
    if isinstance(value, int | float) and value <= 0:
        v.fail(inst, attr, f"must be above 0, got {value:g}")


class _Scorer:
    """What every built-in scorer shares: its name, its params and how to rebuild it."""

    __slots__ = ()

    NAME: ClassVar[str]

    @property
    def name(self) -> str:
        """The registry name (``NAME``)."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """The scorer's fields as JSON-ready data; :meth:`from_params` turns them back."""
        return strategies.params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build the scorer from JSON-ready ``params``; problems are reported at ``$.params.…``."""
        return strategies.from_params(cls, params)

    def _scored(
        self,
        goal: Goal,
        actual: float,
        attainment: float,
        of: object,
        band: str | None = None,
    ) -> GoalScore:
        """The score of ``goal``, explained by ``self._explanation(of, actual)`` when first read.

        The text is written at once when a value must go through the validating constructor.
        """
        return _goal_score_explained_later(
            goal_id=goal.id,
            strategy=self.NAME,
            actual=actual,
            attainment=attainment + 0.0,
            by=self,  # type: ignore[arg-type]  # every built-in scorer writes its explanations
            of=of,
            band=band,
        )
