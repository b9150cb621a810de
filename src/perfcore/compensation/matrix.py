"""Merit guidelines: rating band × position in range → a recommended increase, explained.

Three strategies, all built from plain data through :data:`DEFAULT_REGISTRY`
(``{"strategy": name, "params": {...}}`` round-trips, as scoring configs do):

- :class:`MeritMatrix` (``"merit_matrix"``): rows are rating bands, columns
  are position bands (compa-ratio bands, or quartiles), each cell a
  :class:`Guideline`; the bands must tile the axis, so a gap or an overlap is
  refused naming the cells it touches;
- :class:`FormulaIncrease` (``"formula_increase"``): a base increase moved by
  the score and by the compa-ratio;
- :class:`FlatByBand` (``"flat_by_band"``): one guideline per rating band,
  whatever the position.

Increases are ``Decimal`` fractions of salary (``0.03`` is 3%).

A 3×3 matrix: people paid low in their range get more for the same rating.

>>> matrix = MeritMatrix.from_params({
...     "positions": [{"label": "low", "high": "0.9"},
...                   {"label": "mid", "low": "0.9", "high": "1.1"},
...                   {"label": "high", "low": "1.1"}],
...     "ratings": ["Below", "Meets", "Exceeds"],
...     "cells": [["0", "0", "0"],
...               [{"low": "0.03", "high": "0.04"}, "0.03", "0.02"],
...               ["0.06", "0.05", "0.04"]]})
>>> print(matrix.cell("Meets", Decimal("0.85")))
3%–4%
>>> DEFAULT_REGISTRY.build(DEFAULT_REGISTRY.config_of(matrix)) == matrix
True
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Protocol, Self, TypeVar, runtime_checkable

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore._limits import check_data
from perfcore.compensation.money import CONTEXT, rate, to_decimal
from perfcore.compensation.ranges import PayPosition
from perfcore.errors import MalformedInput, Problem, ValidationError
from perfcore.strategies import Registry, from_params

T = TypeVar("T")

__all__ = [
    "DEFAULT_REGISTRY",
    "FlatByBand",
    "FormulaIncrease",
    "Guideline",
    "IncreaseStrategy",
    "MeritMatrix",
    "PositionBand",
    "PositionBasis",
    "Recommendation",
]


def percent(value: Decimal) -> str:
    """A fraction as a percentage for an explanation, to 0.001%: ``0.035`` → ``3.5%``."""
    with decimal.localcontext(CONTEXT):
        shown = (value * 100).quantize(Decimal("0.001")).normalize()
        text = format(shown or Decimal(0), "f")
    return f"{text}%"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Guideline:
    """A recommended increase: a point (``low == high``) or a range from ``low`` to ``high``.

    >>> str(Guideline(low="0.02", high="0.04")), str(Guideline.point("0.03"))
    ('2%–4%', '3%')
    >>> Guideline(low="0.02", high="0.04").target
    Decimal('0.03')
    """

    low: Decimal = attrs.field(converter=to_decimal, validator=rate(minimum=Decimal(-1)))
    high: Decimal = attrs.field(converter=to_decimal, validator=rate(minimum=Decimal(-1)))

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise MalformedInput.single(
                "Guideline.high",
                f"must be at least low ({self.low}), got {self.high}",
                code="too_small",
                params={"minimum": str(self.low)},
            )

    @classmethod
    def point(cls, value: Decimal | str | int) -> Guideline:
        """A guideline of one value."""
        return cls(low=value, high=value)

    @property
    def target(self) -> Decimal:
        """The point recommended: the middle of the range."""
        with decimal.localcontext(CONTEXT):
            return ((self.low + self.high) / 2).normalize()

    def contains(self, increase: Decimal) -> bool:
        """Whether ``increase`` lies within the guideline (both ends included)."""
        v.require(increase, Decimal, "increase")
        return self.low <= increase <= self.high

    def __str__(self) -> str:
        if self.low == self.high:
            return percent(self.low)
        return f"{percent(self.low)}–{percent(self.high)}"

    def to_data(self) -> object:
        """``"0.03"`` for a point, else ``{"low": ..., "high": ...}``."""
        if self.low == self.high:
            return str(self.low)
        return {"low": str(self.low), "high": str(self.high)}

    @classmethod
    def from_data(cls, data: object, *, path: str = "$") -> Guideline:
        """A guideline from a number or decimal string (a point) or ``{"low", "high"}``."""
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in ("low", "high"))
            if unknown or "low" not in data or "high" not in data:
                raise ValidationError.single(
                    path, "must be a point (a number) or an object with low and high"
                )
            return _at(path, lambda: cls(low=data["low"], high=data["high"]))
        try:
            return cls(low=data, high=data)
        except ValidationError as exc:
            problem = exc.problems[0]
            raise type(exc)([problem.at(path)]) from None


def _at(path: str, build: Callable[[], T]) -> T:
    """``build()``, its problems moved under ``path`` (``Guideline.low`` → ``path.low``)."""
    try:
        return build()
    except ValidationError as exc:
        raise type(exc)(
            p.at(f"{path}.{p.path.partition('.')[2]}" if "." in p.path else path)
            for p in exc.problems
        ) from None


class PositionBasis(enum.Enum):
    """What a matrix's columns are read on."""

    COMPA_RATIO = "compa_ratio"
    """Salary ÷ midpoint."""
    QUARTILE = "quartile"
    """The range quartile, 1 to 4."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PositionBand:
    """A column of a matrix: values from ``low`` (included) to ``high`` (excluded).

    ``None`` leaves an end open (the first band's ``low``, the last one's ``high``).
    """

    label: str = attrs.field(validator=v.text(max_length=100))
    low: Decimal | None = attrs.field(
        default=None, converter=to_decimal, validator=rate(optional=True)
    )
    high: Decimal | None = attrs.field(
        default=None, converter=to_decimal, validator=rate(optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.high <= self.low:
            raise MalformedInput.single(
                "PositionBand.high",
                f"must be above low ({self.low}), got {self.high}",
                code="too_small",
                params={"minimum": str(self.low)},
            )

    def contains(self, value: Decimal) -> bool:
        """Whether ``value`` lies in the band."""
        v.require(value, Decimal, "value")
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)

    def __str__(self) -> str:
        low = "" if self.low is None else str(self.low)
        high = "" if self.high is None else str(self.high)
        return f"{self.label} [{low}, {high})"

    def to_data(self) -> dict[str, Any]:
        """``{"label": ..., "low": ..., "high": ...}``, ends as decimal strings or ``None``."""
        return {
            "label": self.label,
            "low": None if self.low is None else str(self.low),
            "high": None if self.high is None else str(self.high),
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Recommendation:
    """A strategy's recommended increase for one person, and why."""

    rating_band: str
    position_band: str | None
    """The matrix column the person fell in; ``None`` when the strategy has no columns."""
    guideline: Guideline
    strategy: str
    explanation: str


@runtime_checkable
class IncreaseStrategy(Protocol):
    """What a merit strategy does: recommend an increase from a rating band and a pay position."""

    @property
    def name(self) -> str:
        """The registry name."""
        ...  # pragma: no cover - a protocol

    def params(self) -> dict[str, Any]:
        """The strategy as JSON-ready params."""
        ...  # pragma: no cover - a protocol

    def recommend(
        self, rating_band: str, position: PayPosition, *, score: float | None = None
    ) -> Recommendation:
        """The recommended increase for a person in ``rating_band`` at ``position``."""
        ...  # pragma: no cover - a protocol


class _Strategy:
    """What every built-in merit strategy shares: its name."""

    __slots__ = ()

    NAME: ClassVar[str]

    @property
    def name(self) -> str:
        """The registry name (``NAME``)."""
        return self.NAME


def _position_value(basis: PositionBasis, position: PayPosition) -> Decimal:
    if basis is PositionBasis.QUARTILE:
        return Decimal(position.quartile)
    return position.compa_ratio


def _check_labels(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        v.fail(inst, attr, f"must be a non-empty tuple of labels, got {v.describe(value)}")
    for index, label in enumerate(value):
        if not isinstance(label, str) or not label.strip() or len(label) > 100:
            v.fail(
                inst,
                attr,
                f"item {index} must be a label (1-100 characters), got {v.describe(label)}",
            )
    twice = v.repeated(value)
    if twice:
        v.fail(
            inst,
            attr,
            f"must not repeat labels: {', '.join(twice)}",
            "repeated",
            {"items": tuple(twice)},
        )


def _check_positions(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        v.fail(inst, attr, f"must be a non-empty tuple of PositionBand, got {v.describe(value)}")
    for index, band in enumerate(value):
        if not isinstance(band, PositionBand):
            v.fail(inst, attr, f"item {index} must be a PositionBand, got {v.describe(band)}")


def _check_cells(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of rows, got {v.describe(value)}")
    for row in value:
        if not isinstance(row, tuple) or not all(isinstance(c, Guideline) for c in row):
            v.fail(inst, attr, f"each row must be a tuple of Guideline, got {v.describe(row)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MeritMatrix(_Strategy):
    """Rating band × position band → :class:`Guideline`.

    ``ratings`` labels the rows (the rating bands of the appraisal, e.g. the
    labels of a ``RatingBands``), ``positions`` the columns, in ascending
    order, and ``cells[r][c]`` is the guideline for rating ``r`` in position
    band ``c``. The position bands must follow on from each other (each
    ``low`` is the previous ``high``), so every value falls in exactly one
    column; every row has one cell per column.
    """

    NAME: ClassVar[str] = "merit_matrix"

    ratings: tuple[str, ...] = attrs.field(validator=_check_labels)
    positions: tuple[PositionBand, ...] = attrs.field(validator=_check_positions)
    cells: tuple[tuple[Guideline, ...], ...] = attrs.field(validator=_check_cells)
    basis: PositionBasis = attrs.field(
        default=PositionBasis.COMPA_RATIO, validator=v.member(PositionBasis)
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self._band_problems()) + list(self._cell_problems())
        if problems:
            raise MalformedInput(problems)

    def _band_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        bands = self.positions
        labels = v.repeated(band.label for band in bands)
        if labels:
            problems.append(
                Problem(
                    path="MeritMatrix.positions",
                    message=f"must not repeat labels: {', '.join(labels)}",
                    code="repeated",
                    params={"items": tuple(labels)},
                )
            )
        for index in range(1, len(bands)):
            before, band = bands[index - 1], bands[index]
            where = f"MeritMatrix.positions[{index}].low"
            if before.high is None or band.low is None:
                problems.append(
                    Problem(
                        path=where,
                        message=(
                            f"band {band.label!r} and the band before it ({before.label!r})"
                            " must meet: only the first band's low and the last band's high"
                            " may be open"
                        ),
                        code="band_overlap",
                        params={"previous": _s(before.high), "actual": _s(band.low)},
                    )
                )
                continue
            if band.low == before.high:
                continue
            gap = band.low > before.high
            cells = ", ".join(f"({rating}, {band.label})" for rating in self.ratings)
            problems.append(
                Problem(
                    path=where,
                    message=(
                        f"band {band.label!r} starts at {band.low} but {before.label!r} ends at"
                        f" {before.high}: "
                        + (
                            f"values from {before.high} to {band.low} fall in no cell"
                            if gap
                            else f"values from {band.low} to {before.high} fall in two cells"
                        )
                        + f" (cells {cells})"
                    ),
                    code="band_gap" if gap else "band_overlap",
                    params={"previous": str(before.high), "actual": str(band.low)},
                )
            )
        return problems

    def _cell_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if len(self.cells) != len(self.ratings):
            problems.append(
                Problem(
                    path="MeritMatrix.cells",
                    message=f"has {len(self.cells)} row(s) for {len(self.ratings)} rating band(s)",
                )
            )
        for row_index, (rating, row) in enumerate(zip(self.ratings, self.cells, strict=False)):
            for column, band in enumerate(self.positions):
                if column >= len(row):
                    problems.append(
                        Problem(
                            path=f"MeritMatrix.cells[{row_index}][{column}]",
                            message=f"the cell ({rating}, {band.label}) is missing: a gap",
                            code="band_gap",
                            params={"previous": None, "actual": None},
                        )
                    )
            if len(row) > len(self.positions):
                problems.append(
                    Problem(
                        path=f"MeritMatrix.cells[{row_index}][{len(self.positions)}]",
                        message=(
                            f"row {rating!r} has {len(row)} cells for {len(self.positions)} bands"
                        ),
                    )
                )
        return problems

    def params(self) -> dict[str, Any]:
        """The matrix as JSON-ready data (decimals as strings)."""
        return {
            "ratings": list(self.ratings),
            "positions": [band.to_data() for band in self.positions],
            "cells": [[cell.to_data() for cell in row] for row in self.cells],
            "basis": self.basis.value,
        }

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build a matrix from :meth:`params` data; problems are at ``$.params.…``."""
        path = "$.params"
        if not isinstance(params, Mapping):
            raise ValidationError.single(path, f"must be an object, got {v.describe(params)}")
        check_data(params, path)
        unknown = sorted(
            str(k) for k in params if k not in ("ratings", "positions", "cells", "basis")
        )
        if unknown:
            raise ValidationError(
                Problem(path=f"{path}.{key}", message="is not a parameter of this strategy")
                for key in unknown
            )
        positions = _list(params.get("positions"), f"{path}.positions")
        bands = tuple(_band(band, f"{path}.positions[{i}]") for i, band in enumerate(positions))
        rows = _list(params.get("cells"), f"{path}.cells")
        cells = tuple(
            tuple(
                Guideline.from_data(cell, path=f"{path}.cells[{r}][{c}]")
                for c, cell in enumerate(_list(row, f"{path}.cells[{r}]"))
            )
            for r, row in enumerate(rows)
        )
        ratings = _list(params.get("ratings"), f"{path}.ratings")
        basis = params.get("basis", PositionBasis.COMPA_RATIO.value)
        try:
            chosen = PositionBasis(basis)
        except ValueError:
            raise ValidationError.single(
                f"{path}.basis", "must be one of 'compa_ratio', 'quartile'"
            ) from None
        return _at(
            path, lambda: cls(ratings=tuple(ratings), positions=bands, cells=cells, basis=chosen)
        )

    def column(self, value: Decimal) -> int:
        """The index of the position band ``value`` falls in; refused if it falls in none."""
        v.require(value, Decimal, "position")
        for index, band in enumerate(self.positions):
            if band.contains(value):
                return index
        raise ValidationError.single(
            "position", f"{self.basis.value} {value} falls in no band of the matrix"
        )

    def cell(self, rating_band: str, value: Decimal) -> Guideline:
        """The guideline for ``rating_band`` at position ``value``."""
        row = self._row(rating_band)
        return self.cells[row][self.column(value)]

    def _row(self, rating_band: object) -> int:
        if not isinstance(rating_band, str) or rating_band not in self.ratings:
            raise ValidationError.single(
                "rating_band",
                f"{v.describe(rating_band)} is not a row of the matrix: {', '.join(self.ratings)}",
            )
        return self.ratings.index(rating_band)

    def recommend(
        self, rating_band: str, position: PayPosition, *, score: float | None = None
    ) -> Recommendation:
        """The cell for ``rating_band`` and the position's compa-ratio (or quartile)."""
        del score  # the matrix reads the band, not the score
        v.require(position, PayPosition, "position")
        row = self._row(rating_band)
        value = _position_value(self.basis, position)
        column = self.column(value)
        band = self.positions[column]
        guideline = self.cells[row][column]
        shown = f"{value:.4f}" if self.basis is PositionBasis.COMPA_RATIO else str(value)
        return Recommendation(
            rating_band=rating_band,
            position_band=band.label,
            guideline=guideline,
            strategy=self.NAME,
            explanation=(
                f"merit matrix: rating {rating_band!r}, {self.basis.value} {shown} in band"
                f" {band}: cell ({rating_band}, {band.label}) = {guideline}"
            ),
        )


def _band(data: object, path: str) -> PositionBand:
    fields = _fields(data, path, ("label", "low", "high"))
    return _at(path, lambda: PositionBand(**fields))


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise ValidationError.single(path, f"must be a list, got {v.describe(value)}")
    return list(value)


def _fields(value: object, path: str, names: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError.single(path, f"must be an object, got {v.describe(value)}")
    unknown = sorted(str(k) for k in value if k not in names)
    if unknown:
        raise ValidationError(
            Problem(path=f"{path}.{key}", message="is not a known field") for key in unknown
        )
    return {str(k): item for k, item in value.items()}


def _check_increases(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        v.fail(inst, attr, f"must map rating bands to guidelines, got {v.describe(value)}")
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip() or len(key) > 100:
            v.fail(inst, attr, f"{v.describe(key)} is not a rating band label")
        if not isinstance(item, Guideline):
            v.fail(
                inst, attr, f"the guideline of {key!r} must be a Guideline, got {v.describe(item)}"
            )


def _increases(value: object) -> object:
    if isinstance(value, Mapping):
        try:
            return FrozenMap(dict(sorted(value.items())))
        except TypeError:
            return FrozenMap(value)
    return value


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FlatByBand(_Strategy):
    """One guideline per rating band, wherever the person sits in their range.

    >>> flat = FlatByBand(increases={"Meets": Guideline.point("0.03")})
    >>> flat.params()
    {'increases': {'Meets': '0.03'}}
    """

    NAME: ClassVar[str] = "flat_by_band"

    increases: Mapping[str, Guideline] = attrs.field(
        converter=_increases, validator=_check_increases
    )

    def params(self) -> dict[str, Any]:
        """The guidelines by band as JSON-ready data."""
        return {"increases": {band: g.to_data() for band, g in self.increases.items()}}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from :meth:`params` data; problems are at ``$.params.…``."""
        path = "$.params"
        fields = _fields(params, path, ("increases",))
        check_data(fields, path)
        raw = fields.get("increases")
        if not isinstance(raw, Mapping):
            raise ValidationError.single(
                f"{path}.increases", f"must be an object, got {v.describe(raw)}"
            )
        built = {
            str(band): Guideline.from_data(item, path=f"{path}.increases.{band}")
            for band, item in raw.items()
        }
        return _at(path, lambda: cls(increases=built))

    def recommend(
        self, rating_band: str, position: PayPosition, *, score: float | None = None
    ) -> Recommendation:
        """The band's guideline."""
        del score
        v.require(position, PayPosition, "position")
        if not isinstance(rating_band, str) or rating_band not in self.increases:
            raise ValidationError.single(
                "rating_band",
                f"{v.describe(rating_band)} has no guideline: {', '.join(self.increases)}",
            )
        guideline = self.increases[rating_band]
        return Recommendation(
            rating_band=rating_band,
            position_band=None,
            guideline=guideline,
            strategy=self.NAME,
            explanation=f"flat by band: rating {rating_band!r} → {guideline}",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormulaIncrease(_Strategy):
    """increase = base + per_point × (score − pivot) − compa_slope × (compa-ratio − 1).

    Clamped to ``floor``..``ceiling``, and given as a guideline of ± ``spread``
    around that point (within the same clamp).

    >>> from perfcore.compensation import Money, SalaryRange, pay_position
    >>> grade = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)
    >>> at = pay_position(Money(amount=45000, currency="EUR"), grade)
    >>> formula = FormulaIncrease(base="0.03", per_point="0.01", pivot=3, compa_slope="0.05")
    >>> print(formula.recommend("Exceeds", at, score=4).guideline)
    4.5%
    """

    NAME: ClassVar[str] = "formula_increase"

    base: Decimal = attrs.field(converter=to_decimal, validator=rate())
    per_point: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=rate())
    """Added per point of score above ``pivot``."""
    pivot: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=rate())
    compa_slope: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=rate())
    """Taken off per unit of compa-ratio above 1 (added below 1)."""
    spread: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=rate(minimum=Decimal(0))
    )
    floor: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=rate())
    ceiling: Decimal = attrs.field(default=Decimal("0.25"), converter=to_decimal, validator=rate())

    def __attrs_post_init__(self) -> None:
        if self.ceiling < self.floor:
            raise MalformedInput.single(
                "FormulaIncrease.ceiling",
                f"must be at least floor ({self.floor}), got {self.ceiling}",
                code="too_small",
                params={"minimum": str(self.floor)},
            )

    def params(self) -> dict[str, Any]:
        """The coefficients as decimal strings."""
        return {f.name: str(getattr(self, f.name)) for f in attrs.fields(type(self))}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from :meth:`params` data; problems are at ``$.params.…``."""
        return from_params(cls, params)

    def recommend(
        self, rating_band: str, position: PayPosition, *, score: float | None = None
    ) -> Recommendation:
        """The formula's point for ``score`` and the position's compa-ratio, as a guideline."""
        v.require(rating_band, str, "rating_band")
        v.require(position, PayPosition, "position")
        if not v.is_number(score) or abs(score) > 1e6:  # type: ignore[arg-type]
            raise ValidationError.single(
                "score", f"the formula needs a finite score, got {v.describe(score)}"
            )
        with decimal.localcontext(CONTEXT):
            given = Decimal(repr(float(score)))  # type: ignore[arg-type]
            raw = (
                self.base
                + self.per_point * (given - self.pivot)
                - self.compa_slope * (position.compa_ratio - 1)
            )
            point = min(max(raw, self.floor), self.ceiling)
            low = min(max(point - self.spread, self.floor), self.ceiling)
            high = min(max(point + self.spread, self.floor), self.ceiling)
            low, high = low.quantize(Decimal("1E-6")), high.quantize(Decimal("1E-6"))
        guideline = Guideline(low=low.normalize(CONTEXT), high=high.normalize(CONTEXT))
        return Recommendation(
            rating_band=rating_band,
            position_band=None,
            guideline=guideline,
            strategy=self.NAME,
            explanation=(
                f"formula: {percent(self.base)} + {percent(self.per_point)}"
                f" × ({given} − {self.pivot})"
                f" − {percent(self.compa_slope)} × ({position.compa_ratio:.4f} − 1)"
                f" = {percent(raw.quantize(Decimal('1E-6')))},"
                f" within {percent(self.floor)}..{percent(self.ceiling)}"
                f" ± {percent(self.spread)}: {guideline}"
            ),
        )


def _builtin_registry() -> Registry:
    registry = Registry.empty("perfcore.compensation")
    for strategy in (MeritMatrix, FormulaIncrease, FlatByBand):
        registry = registry.register(strategy.NAME, strategy.from_params)
    return registry


DEFAULT_REGISTRY = _builtin_registry()
"""The merit strategies by name (entry-point group ``perfcore.compensation``)."""
