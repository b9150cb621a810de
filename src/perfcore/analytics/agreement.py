"""Inter-rater agreement: intraclass correlations and Krippendorff's alpha.

When several raters rate the same people (a calibration panel, a 360° round,
two managers for a matrixed employee), the question before using the ratings
is how far the raters agree. Two standard answers:

- :func:`icc`, the intraclass correlation of Shrout & Fleiss (1979), for a
  complete table: every rater rates every target. Six forms (:class:`IccForm`)
  differ in what a rater is (a random sample or the fixed panel), in whether
  a lenient rater counts as disagreement (absolute agreement) or not
  (consistency), and in whether the reliability is that of one rater or of
  the mean of all ``k``.
- :func:`krippendorff_alpha`, for any number of coders, missing ratings
  (``None``) and a chosen level of measurement: ``"nominal"`` (labels such as
  ``"Meets"``), ``"ordinal"``, ``"interval"`` or ``"ratio"``.

Both compute with exact fractions (:class:`fractions.Fraction`), so results
do not depend on the order of rows, raters or units, and return floats with
an explanation that shows the formula with the numbers. Data on which the
coefficient is 0/0 (for instance, all ratings equal) raise
:class:`perfcore.ValidationError` rather than returning ``nan``.

>>> panel = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
...          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
>>> result = icc(panel, form=IccForm.ICC_2_1)
>>> round(result.value, 2), result.n, result.k
(0.29, 6, 4)
>>> result.explanation
'ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n) = (11.2417 − 1.01944) / (11.2417 + 3 × 1.01944 + 4 × (32.4861 − 1.01944) / 6) = 0.289764; n = 6 targets, k = 4 raters'
>>> alpha = krippendorff_alpha([[1, 1, None], [2, 2, 3], [3, 3, 3], [None, 4, 4]],
...                            level="interval", layout="units")
>>> round(alpha.value, 4), alpha.units_used, alpha.pairable_values
(0.9135, 4, 10)
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Literal, cast

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError

__all__ = [
    "AlphaLayout",
    "AlphaLevel",
    "AlphaResult",
    "IccForm",
    "IccResult",
    "icc",
    "krippendorff_alpha",
]

AlphaLevel = Literal["nominal", "ordinal", "interval", "ratio"]
"""A level of measurement for :func:`krippendorff_alpha`."""

_LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

AlphaLayout = Literal["units", "coders"]
"""How the table given to :func:`krippendorff_alpha` lies: ``"units"``, one row per
unit and one column per coder; ``"coders"``, one row per coder and one column per
unit (the reliability data matrix of Krippendorff's papers)."""

_LAYOUTS: tuple[str, ...] = ("units", "coders")


def _fmt(number: Fraction | float) -> str:
    """A number for an explanation: 4, 2.5, 0.816497."""
    return f"{float(number):.6g}"


def _is_finite_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _to_float(value: Fraction, path: str) -> float:
    """``float(value)``, or a ValidationError when it is beyond the float range."""
    try:
        return float(value)
    except OverflowError:
        raise ValidationError.single(
            path, "give a result too large in magnitude to fit a float"
        ) from None


@attrs.frozen
class _Shape:
    """How to talk about one kind of table (ICC ratings, alpha units) in messages."""

    name: str  # the argument: "ratings"
    table: str  # what the argument must be
    fewest: int  # fewest rows
    rows: str  # "rows (targets)"
    row: str  # what a row must be
    cells: str  # "ratings (raters)"
    width_hint: str  # added to a width mismatch
    fewest_cells: int = 2  # fewest cells in a row


_RATINGS = _Shape(
    name="ratings",
    table="a sequence of rows (one per target, each holding one rating per rater)",
    fewest=2,
    rows="rows (targets)",
    row="a sequence of ratings (one per rater)",
    cells="ratings (raters)",
    width_hint="",
)
_UNITS = _Shape(
    name="units",
    table="a sequence of units (each holding one value or None per coder)",
    fewest=1,
    rows="unit",
    row="a sequence of values (one per coder, None where missing)",
    cells="values (coders)",
    width_hint=" (None where a coder gave none)",
)
_CODERS = _Shape(
    name="units",
    table="a sequence of coders (each holding one value or None per unit)",
    fewest=2,
    rows="rows (coders)",
    row="a sequence of values (one per unit, None where missing)",
    cells="values (units)",
    width_hint=" (None where the coder gave none)",
    fewest_cells=1,
)
# one partition's share of a table: any number of rows (none too), merged later
_RATINGS_PART = attrs.evolve(_RATINGS, fewest=0)
_UNITS_PART = attrs.evolve(_UNITS, fewest=0)
_CODERS_PART = attrs.evolve(_CODERS, fewest=0, fewest_cells=0)


def _read_table(
    table: object, shape: _Shape, check: Callable[[object, str], Problem | None]
) -> tuple[tuple[object, ...], ...]:
    """The rows of a rectangular table, each cell passing ``check``.

    The table may be a sequence of rows, a two-dimensional array or a
    DataFrame (read by :mod:`perfcore._tables`). Every problem is reported:
    rows that are not sequences or have another width than the first row,
    and every cell ``check`` refuses.
    """
    name = shape.name
    rows = _tables.table(table, name, shape.table)
    if len(rows) < shape.fewest:
        raise ValidationError.single(
            name, f"needs at least {shape.fewest} {shape.rows}, got {len(rows)}"
        )
    problems: list[Problem] = []
    width: tuple[int, int] | None = None  # (width, index of the row that set it)
    checked: list[tuple[object, ...]] = []
    for i, row in enumerate(rows):
        at = f"{name}[{i}]"
        if not isinstance(row, list):
            problems.append(Problem(path=at, message=f"must be {shape.row}, got {v.describe(row)}"))
            continue
        cells = tuple(row)
        if width is None:
            width = (len(cells), i)
            if len(cells) < shape.fewest_cells:
                problems.append(
                    Problem(
                        path=at,
                        message=f"needs at least {shape.fewest_cells} {shape.cells},"
                        f" got {len(cells)}",
                    )
                )
        elif len(cells) != width[0]:
            problems.append(
                Problem(
                    path=at,
                    message=f"must hold {width[0]} {shape.cells.partition(' ')[0]} like"
                    f" {name}[{width[1]}]{shape.width_hint}, got {len(cells)}",
                )
            )
            continue
        found = (check(cell, f"{at}[{j}]") for j, cell in enumerate(cells))
        problems.extend(p for p in found if p is not None)
        checked.append(cells)
    if problems:
        raise ValidationError(problems)
    return tuple(checked)


# --------------------------------------------------------------------------- ICC


class IccForm(enum.Enum):
    """The six intraclass correlations of Shrout & Fleiss (1979).

    The value is the form's usual name without ``ICC``: ``"2,1"`` is
    ICC(2,1). The first number is the model, the second says whether the
    reliability is that of a single rater (``1``) or of the mean of the
    ``k`` raters (``k``).

    - ``ICC_1_1``: one-way random, single rater. Each target has its own
      raters (a person's manager and peers), so columns are only "first
      rating", "second rating".
    - ``ICC_2_1``: two-way random, absolute agreement, single rater. The same
      raters rated every target and stand for raters in general; a lenient
      rater counts as disagreement.
    - ``ICC_3_1``: two-way mixed, consistency, single rater. The same fixed
      panel rated every target and only the ordering counts.
    - ``ICC_1_K``, ``ICC_2_K``, ``ICC_3_K``: the same models for the mean of
      the ``k`` ratings.

    >>> IccForm("3,1") is IccForm.ICC_3_1, IccForm.ICC_3_1.label
    (True, 'ICC(3,1)')
    >>> IccForm.ICC_2_K.average
    True
    """

    ICC_1_1 = "1,1"
    ICC_2_1 = "2,1"
    ICC_3_1 = "3,1"
    ICC_1_K = "1,k"
    ICC_2_K = "2,k"
    ICC_3_K = "3,k"

    @property
    def label(self) -> str:
        """The usual name, e.g. ``"ICC(2,1)"``."""
        return f"ICC({self.value})"

    @property
    def average(self) -> bool:
        """True for the average-measures forms (reliability of the mean of ``k`` raters)."""
        return self.value.endswith(",k")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class IccResult:
    """An intraclass correlation with the mean squares it comes from.

    ``n`` targets (rows) were each rated by the same ``k`` raters (columns).
    The mean squares are those of the two-way analysis of variance:
    ``bms`` between targets, ``wms`` within targets, ``jms`` between judges
    (raters) and ``ems`` the residual. Every form uses two or three of them.

    >>> r = icc([[1, 2], [3, 5], [6, 6]], form=IccForm.ICC_3_1)
    >>> r.label, round(r.value, 4), r.bms, r.ems
    ('ICC(3,1)', 0.9062, 10.166666666666666, 0.5)
    >>> r.as_record()["form"]
    '3,1'
    """

    form: IccForm = attrs.field(validator=v.member(IccForm))
    value: float = attrs.field(validator=v.number())
    n: int = attrs.field(validator=v.integer(minimum=2))
    k: int = attrs.field(validator=v.integer(minimum=2))
    bms: float = attrs.field(validator=v.number(minimum=0))
    wms: float = attrs.field(validator=v.number(minimum=0))
    jms: float = attrs.field(validator=v.number(minimum=0))
    ems: float = attrs.field(validator=v.number(minimum=0))
    explanation: str = attrs.field(default="", validator=v.text(allow_empty=True))

    @property
    def label(self) -> str:
        """The form's usual name, e.g. ``"ICC(2,1)"``."""
        return self.form.label

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "form": self.form.value,
            "value": self.value,
            "n": self.n,
            "k": self.k,
            "bms": self.bms,
            "wms": self.wms,
            "jms": self.jms,
            "ems": self.ems,
        }


@attrs.frozen
class _MeanSquares:
    bms: Fraction
    wms: Fraction
    jms: Fraction
    ems: Fraction


def _check_ratings(ratings: object, shape: _Shape = _RATINGS) -> tuple[tuple[Fraction, ...], ...]:
    """The ratings as exact fractions, or every problem with them."""

    def check(cell: object, at: str) -> Problem | None:
        if _tables.is_missing(cell):
            return Problem(
                path=at,
                message="is missing; ICC needs every rater to rate every target"
                " (krippendorff_alpha accepts missing ratings as None or NaN)",
            )
        if not _is_finite_number(cell):
            return Problem(path=at, message=f"must be a finite number, got {v.describe(cell)}")
        return None

    rows = _read_table(ratings, shape, check)
    return tuple(tuple(Fraction(cast("float", cell)) for cell in row) for row in rows)


def _mean_squares(rows: tuple[tuple[Fraction, ...], ...]) -> _MeanSquares:
    """The two-way ANOVA mean squares of an ``n × k`` table (exact)."""
    n, k = len(rows), len(rows[0])
    grand = sum((x for row in rows for x in row), Fraction(0)) / (n * k)
    row_means = [sum(row, Fraction(0)) / k for row in rows]
    col_means = [sum((row[j] for row in rows), Fraction(0)) / n for j in range(k)]
    total = sum(((x - grand) ** 2 for row in rows for x in row), Fraction(0))
    between = k * sum(((m - grand) ** 2 for m in row_means), Fraction(0))
    judges = n * sum(((m - grand) ** 2 for m in col_means), Fraction(0))
    within = total - between
    residual = within - judges
    return _MeanSquares(
        bms=between / (n - 1),
        wms=within / (n * (k - 1)),
        jms=judges / (k - 1),
        ems=residual / ((n - 1) * (k - 1)),
    )


def _icc_sums(
    rows: tuple[tuple[Fraction, ...], ...],
) -> tuple[Fraction, Fraction, tuple[Fraction, ...]]:
    """``(Σ x², Σ row total², column totals)`` of a table's rows: sums that add across rows."""
    squares = sum((x * x for row in rows for x in row), Fraction(0))
    row_squares = sum((sum(row, Fraction(0)) ** 2 for row in rows), Fraction(0))
    columns = tuple(sum(column, Fraction(0)) for column in zip(*rows, strict=True))
    return squares, row_squares, columns


def _mean_squares_of_sums(
    n: int, squares: Fraction, row_squares: Fraction, columns: tuple[Fraction, ...]
) -> _MeanSquares:
    """The mean squares of :func:`_mean_squares` from the sums of :func:`_icc_sums` (exact).

    With ``G`` the grand total and ``N = n·k``: total = Σx² − G²/N, between =
    Σ R_i²/k − G²/N, judges = Σ C_j²/n − G²/N; the same fractions as there.
    """
    k = len(columns)
    grand = sum(columns, Fraction(0))
    correction = grand * grand / (n * k)
    total = squares - correction
    between = row_squares / k - correction
    judges = sum((c * c for c in columns), Fraction(0)) / n - correction
    within = total - between
    residual = within - judges
    return _MeanSquares(
        bms=between / (n - 1),
        wms=within / (n * (k - 1)),
        jms=judges / (k - 1),
        ems=residual / ((n - 1) * (k - 1)),
    )


# form -> (numerator, denominator, formula text, formula with numbers)
_IccParts = tuple[Fraction, Fraction, str, str]


def _icc_parts(form: IccForm, ms: _MeanSquares, n: int, k: int) -> _IccParts:
    b, w, j, e = ms.bms, ms.wms, ms.jms, ms.ems
    fb, fw, fj, fe = _fmt(b), _fmt(w), _fmt(j), _fmt(e)
    parts: dict[IccForm, _IccParts] = {
        IccForm.ICC_1_1: (
            b - w,
            b + (k - 1) * w,
            "(BMS − WMS) / (BMS + (k − 1)·WMS)",
            f"({fb} − {fw}) / ({fb} + {k - 1} × {fw})",
        ),
        IccForm.ICC_2_1: (
            b - e,
            b + (k - 1) * e + k * (j - e) / n,
            "(BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)",
            f"({fb} − {fe}) / ({fb} + {k - 1} × {fe} + {k} × ({fj} − {fe}) / {n})",
        ),
        IccForm.ICC_3_1: (
            b - e,
            b + (k - 1) * e,
            "(BMS − EMS) / (BMS + (k − 1)·EMS)",
            f"({fb} − {fe}) / ({fb} + {k - 1} × {fe})",
        ),
        IccForm.ICC_1_K: (b - w, b, "(BMS − WMS) / BMS", f"({fb} − {fw}) / {fb}"),
        IccForm.ICC_2_K: (
            b - e,
            b + (j - e) / n,
            "(BMS − EMS) / (BMS + (JMS − EMS)/n)",
            f"({fb} − {fe}) / ({fb} + ({fj} − {fe}) / {n})",
        ),
        IccForm.ICC_3_K: (b - e, b, "(BMS − EMS) / BMS", f"({fb} − {fe}) / {fb}"),
    }
    return parts[form]


def _undefined(form: IccForm, formula: str, denominator: Fraction, ms: _MeanSquares) -> str:
    """Why ``form`` has no value for these ratings."""
    if ms.bms == 0 and ms.wms == 0:
        return "all ratings are equal: agreement is undefined"
    sign = "0" if denominator == 0 else f"{_fmt(denominator)}, not positive"
    why = " (every target has the same mean rating: BMS = 0)" if ms.bms == 0 else ""
    hint = (
        "; the single-rater form is at or below −1/(k − 1), so its Spearman–Brown step-up"
        " to k raters means nothing"
        if form.average and denominator < 0
        else ""
    )
    return (
        f"{form.label} is undefined for these ratings: its denominator"
        f" {formula.partition(' / ')[2]} is {sign}{why}{hint}"
    )


def icc(ratings: object, *, form: IccForm) -> IccResult:
    """The intraclass correlation ``form`` of a complete ratings table.

    ``ratings`` holds one row per target (employee, piece of work), each with
    one rating per rater, in the same rater order in every row: ``n ≥ 2``
    rows of ``k ≥ 2`` finite numbers. It may be a sequence of rows, a
    two-dimensional NumPy array or a wide DataFrame (one row per target, one
    column per rater). Missing ratings (``None``, NaN, ``NA``) are refused
    (use :func:`krippendorff_alpha`). With the mean squares BMS (between targets),
    WMS (within targets), JMS (between raters) and EMS (residual):

    - ICC(1,1) = (BMS − WMS) / (BMS + (k − 1)·WMS)
    - ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)
    - ICC(3,1) = (BMS − EMS) / (BMS + (k − 1)·EMS)
    - ICC(1,k) = (BMS − WMS) / BMS
    - ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)
    - ICC(3,k) = (BMS − EMS) / BMS

    Values run up to 1 (perfect agreement); 0 or below means the raters
    agree no better than chance. Where the denominator is 0 (all ratings
    equal, or every target with the same mean for ICC(1,k) and ICC(3,k)) or,
    for ICC(2,k), negative, the coefficient is undefined and
    :class:`perfcore.ValidationError` is raised at ``ratings``. Bad input
    raises it at ``ratings``, ``ratings[i]``, ``ratings[i][j]`` or ``form``.

    >>> r = icc([[4, 5], [2, 2], [3, 4], [5, 5]], form=IccForm.ICC_1_1)
    >>> round(r.value, 4), r.explanation
    (0.8667, 'ICC(1,1) = (BMS − WMS) / (BMS + (k − 1)·WMS) = (3.5 − 0.25) / (3.5 + 1 × 0.25) = 0.866667; n = 4 targets, k = 2 raters')
    >>> icc([[3, 3], [3, 3]], form=IccForm.ICC_3_1)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: ratings: all ratings are equal: agreement is undefined
    >>> icc([[3, None], [3, 4]], form=IccForm.ICC_3_1)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: ratings[0][1]: is missing; ICC needs every rater to rate every target (krippendorff_alpha accepts missing ratings as None or NaN)
    """  # noqa: E501 - doctest output is one long line
    problems: list[Problem] = []
    rows: tuple[tuple[Fraction, ...], ...] = ()
    try:
        rows = _check_ratings(ratings)
    except ValidationError as exc:
        problems.extend(exc.problems)
    wrong = _form_problem(form)
    if wrong is not None:
        problems.append(wrong)
    if problems:
        raise ValidationError(problems)
    return _icc_result(form, _mean_squares(rows), len(rows), len(rows[0]))


def _form_problem(form: object) -> Problem | None:
    """Why ``form`` is not an :class:`IccForm`, if it is not."""
    if isinstance(form, IccForm):
        return None
    allowed = ", ".join(f"IccForm.{m.name}" for m in IccForm)
    return Problem(path="form", message=f"must be an IccForm ({allowed}), got {v.describe(form)}")


def _icc_result(form: IccForm, ms: _MeanSquares, n: int, k: int) -> IccResult:
    """The ICC ``form`` of ``n`` targets by ``k`` raters with the mean squares ``ms``."""
    bms, wms, jms, ems = (_to_float(x, "ratings") for x in (ms.bms, ms.wms, ms.jms, ms.ems))
    numerator, denominator, formula, numbers = _icc_parts(form, ms, n, k)
    if denominator <= 0:
        raise ValidationError.single("ratings", _undefined(form, formula, denominator, ms))
    value = _to_float(numerator / denominator, "ratings")
    return IccResult(
        form=form,
        value=value,
        n=n,
        k=k,
        bms=bms,
        wms=wms,
        jms=jms,
        ems=ems,
        explanation=f"{form.label} = {formula} = {numbers} = {_fmt(value)};"
        f" n = {n} targets, k = {k} raters",
    )


# -------------------------------------------------------- Krippendorff's alpha


def _check_level(inst: AlphaResult, attr: attrs.Attribute[str], value: object) -> None:
    if value not in _LEVELS or not isinstance(value, str):
        v.fail(
            inst, attr, f"must be one of {', '.join(map(repr, _LEVELS))}, got {v.describe(value)}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AlphaResult:
    """Krippendorff's alpha with the disagreements it comes from.

    ``alpha = 1 − D_o / D_e``: ``observed_disagreement`` (D_o) is the mean
    difference between values given to the same unit, ``expected_disagreement``
    (D_e) the mean difference between any two values regardless of unit, both
    measured with the ``level``'s squared difference. ``units_used`` counts
    the units with at least 2 values (the others cannot be compared and are
    left out); ``pairable_values`` counts the values in those units.

    >>> r = krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"]], level="nominal", layout="units")
    >>> round(r.value, 4), r.units_used, r.pairable_values
    (0.4444, 3, 6)
    >>> r.explanation
    'alpha = 1 − D_o / D_e = 1 − 0.333333 / 0.6 = 0.444444; nominal level, 3 units with 2+ values, 6 pairable values'
    """  # noqa: E501 - doctest output is one long line

    value: float = attrs.field(validator=v.number())
    level: str = attrs.field(validator=_check_level)
    units_used: int = attrs.field(validator=v.integer(minimum=1))
    pairable_values: int = attrs.field(validator=v.integer(minimum=2))
    observed_disagreement: float = attrs.field(validator=v.number(minimum=0))
    expected_disagreement: float = attrs.field(validator=v.number(minimum=0))
    explanation: str = attrs.field(default="", validator=v.text(allow_empty=True))

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "value": self.value,
            "level": self.level,
            "units_used": self.units_used,
            "pairable_values": self.pairable_values,
            "observed_disagreement": self.observed_disagreement,
            "expected_disagreement": self.expected_disagreement,
        }


_Value = Fraction | str | int | float


def _check_value(cell: object, level: str, at: str) -> Problem | None:
    """The problem with one value at ``level``, if any (a missing value is always fine)."""
    if _tables.is_missing(cell):
        return None
    if level == "nominal":
        if isinstance(cell, str) or _is_finite_number(cell):
            return None
        return Problem(
            path=at, message=f"must be a finite number, a string or None, got {v.describe(cell)}"
        )
    if not _is_finite_number(cell):
        hint = " (labels are allowed at the nominal level only)" if isinstance(cell, str) else ""
        return Problem(
            path=at,
            message=f"must be a finite number or None at the {level} level,"
            f" got {v.describe(cell)}{hint}",
        )
    if level == "ratio" and cell < 0:  # type: ignore[operator]
        return Problem(
            path=at, message=f"must be at least 0 at the ratio level, got {v.describe(cell)}"
        )
    return None


def _check_units(
    units: object, level: str, layout: str, *, part: bool = False
) -> tuple[tuple[_Value, ...], ...]:
    """Each unit's values (missing ones dropped; numbers exact unless nominal), or the problems.

    With ``layout="coders"`` the table's rows are coders: it is checked as
    given (so problems name the cells where they are) and then transposed.
    ``part``: one partition's share of the units (there may be none).
    """
    if layout == "coders":
        shape = _CODERS_PART if part else _CODERS
    else:
        shape = _UNITS_PART if part else _UNITS
    rows = _read_table(units, shape, lambda cell, at: _check_value(cell, level, at))
    if layout == "coders":
        rows = tuple(tuple(unit) for unit in _tables.transpose(rows))
    present = (tuple(cell for cell in row if not _tables.is_missing(cell)) for row in rows)
    if level == "nominal":
        return tuple(cast("tuple[_Value, ...]", row) for row in present)
    return tuple(tuple(Fraction(cast("float", cell)) for cell in row) for row in present)


def _layout_problem(layout: object) -> Problem:
    """Why ``layout`` is refused: it is missing, or not one of the two layouts."""
    if layout is None:
        return Problem(
            path="layout",
            message="is required: say whether each row of the table is a unit"
            " (layout='units', one column per coder) or a coder (layout='coders', one"
            " column per unit, as in Krippendorff's reliability data matrix); the two"
            " readings of one table give different alphas",
            code="required",
        )
    return Problem(
        path="layout",
        message=f"must be 'units' or 'coders', got {v.describe(layout)}",
        code="not_a_member",
        params={"enum": "AlphaLayout", "allowed": _LAYOUTS, "actual_type": type(layout).__name__},
    )


_Delta = Callable[[Any, Any], Fraction]


def _ordinal_delta(counts: Counter[Any]) -> _Delta:
    """δ²(c, k) = (Σ_{g from c to k} n_g − (n_c + n_k)/2)², by rank of the values."""
    ordered = sorted(counts)
    # cumulative[i] = n of the values ranked below ordered[i]
    cumulative: dict[Any, int] = {}
    running = 0
    for value in ordered:
        cumulative[value] = running
        running += counts[value]

    def delta(c: Any, k: Any) -> Fraction:  # noqa: ANN401 - values are numbers or labels
        low, high = (c, k) if c <= k else (k, c)
        between = cumulative[high] + counts[high] - cumulative[low]
        return (between - Fraction(counts[low] + counts[high], 2)) ** 2

    return delta


def _ratio_delta(c: Any, k: Any) -> Fraction:  # noqa: ANN401 - values are numbers
    total = c + k
    return Fraction(0) if total == 0 else ((c - k) / total) ** 2


def _pair_sum(counts: Counter[Any], delta: _Delta) -> Fraction:
    """Σ over ordered pairs of distinct values of n_c · n_k · δ²(c, k)."""
    values = list(counts)
    total = Fraction(0)
    for a, c in enumerate(values):
        for k in values[a + 1 :]:
            total += counts[c] * counts[k] * delta(c, k)
    return 2 * total


def _disagreement_sum(counts: Counter[Any], level: str, delta: _Delta | None) -> Fraction:
    """Σ_c Σ_k n_c n_k δ²(c, k) for the value counts ``counts`` (ordered pairs)."""
    n = sum(counts.values())
    if level == "nominal":
        return Fraction(n * n - sum(m * m for m in counts.values()))
    if level == "interval":
        first = sum((m * c for c, m in counts.items()), Fraction(0))
        second = sum((m * c * c for c, m in counts.items()), Fraction(0))
        return 2 * n * second - 2 * first * first
    assert delta is not None  # noqa: S101 - ordinal and ratio always pass one
    return _pair_sum(counts, delta)


def krippendorff_alpha(
    units: object,
    *,
    level: AlphaLevel = "interval",
    layout: AlphaLayout | None = None,
) -> AlphaResult:
    """Krippendorff's alpha of the table ``units`` at the level of measurement ``level``.

    ``layout`` says how the table lies, and must be given: the two readings
    of one table give different alphas, and no table shows which it is.

    - ``layout="units"``: one row per unit (a person, a piece of work, an
      item), each with one value per coder in the same coder order; every
      unit has the same number (at least 2) of coders.
    - ``layout="coders"``: one row per coder (at least 2), each with one
      value per unit in the same unit order: the reliability data matrix of
      Krippendorff's papers.

    The table is a sequence of rows, a two-dimensional NumPy array or a
    DataFrame (its rows and columns as they are). A missing value is
    ``None``, NaN or pandas' ``NA``. Values are finite numbers; at the
    ``"nominal"`` level they may also be strings (labels). Units with fewer
    than 2 values are left out.
    With ``n`` pairable values, ``n_c`` of them equal to ``c``, and the
    coincidences ``o_ck`` (pairs of values ``c``, ``k`` in the same unit ``u``,
    each weighted ``1/(m_u − 1)`` where ``m_u`` is the unit's value count)::

        D_o = Σ o_ck δ²(c, k) / n
        D_e = Σ n_c n_k δ²(c, k) / (n (n − 1))
        alpha = 1 − D_o / D_e

    with the squared difference δ² of the level: ``"nominal"`` 0 when equal,
    else 1; ``"ordinal"`` (Σ_{g from c to k} n_g − (n_c + n_k)/2)²;
    ``"interval"`` (c − k)²; ``"ratio"`` ((c − k)/(c + k))², values at least 0.

    Alpha is 1 for perfect agreement and 0 for agreement at chance. It is
    undefined, and :class:`perfcore.ValidationError` is raised at ``units``,
    when no unit has 2 values or all pairable values are equal (D_e = 0).
    Bad input raises it at ``units``, ``units[i]``, ``units[i][j]`` (the
    row and column of the table as given), ``level`` or ``layout``. The
    ordinal and ratio levels take time proportional to the square of the
    number of distinct values; nominal and interval do not.

    >>> reviews = [["Meets", "Meets", "Exceeds"], ["Exceeds", "Exceeds", None],
    ...            ["Below", "Meets", "Meets"], [None, "Below", "Below"]]
    >>> round(krippendorff_alpha(reviews, level="nominal", layout="units").value, 3)
    0.455
    >>> by_coder = [list(coder) for coder in zip(*reviews)]
    >>> round(krippendorff_alpha(by_coder, level="nominal", layout="coders").value, 3)
    0.455
    >>> krippendorff_alpha([[1, None], [None, 2]], layout="units")
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: units: no unit has values from 2 coders: agreement is undefined
    """
    pairable = _pairable_units(units, level, layout)
    if not pairable:
        raise ValidationError.single(
            "units", "no unit has values from 2 coders: agreement is undefined"
        )
    counts: Counter[Any] = Counter(value for unit in pairable for value in unit)
    delta = _delta_of(level, counts)
    return _alpha_result(
        level,
        len(pairable),
        counts,
        sum(
            (_disagreement_sum(Counter(unit), level, delta) / (len(unit) - 1) for unit in pairable),
            Fraction(0),
        ),
    )


def _pairable_units(
    units: object, level: object, layout: object, *, part: bool = False
) -> list[tuple[_Value, ...]]:
    """The units with at least 2 values, or every problem with the arguments."""
    problems: list[Problem] = []
    layout_ok = isinstance(layout, str) and layout in _LAYOUTS
    if not layout_ok:
        problems.append(_layout_problem(layout))
    level_ok = isinstance(level, str) and level in _LEVELS
    if not level_ok:
        problems.append(
            Problem(
                path="level",
                message=f"must be one of {', '.join(map(repr, _LEVELS))}, got {v.describe(level)}",
            )
        )
    checked: tuple[tuple[_Value, ...], ...] = ()
    if layout_ok:
        try:
            checked = _check_units(
                units, cast("str", level) if level_ok else "nominal", cast("str", layout), part=part
            )
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    return [unit for unit in checked if len(unit) >= 2]


def _delta_of(level: str, counts: Counter[Any]) -> _Delta | None:
    """The squared difference of ``level`` over these value counts (none needed: ``None``)."""
    if level == "ordinal":
        return _ordinal_delta(counts)
    if level == "ratio":
        return _ratio_delta
    return None


def _alpha_result(
    level: str, units_used: int, counts: Counter[Any], observed_sum: Fraction
) -> AlphaResult:
    """Alpha of ``units_used`` pairable units with value ``counts`` and Σ D_u / (m_u − 1)."""
    n = sum(counts.values())
    expected_sum = _disagreement_sum(counts, level, _delta_of(level, counts))
    if expected_sum == 0:
        raise ValidationError.single(
            "units",
            f"all {n} pairable values are equal: agreement is undefined (D_e = 0)",
        )
    observed = observed_sum / n
    expected = expected_sum / (n * (n - 1))
    value = _to_float(1 - observed / expected, "units")
    d_o, d_e = _to_float(observed, "units"), _to_float(expected, "units")
    return AlphaResult(
        value=value,
        level=level,
        units_used=units_used,
        pairable_values=n,
        observed_disagreement=d_o,
        expected_disagreement=d_e,
        explanation=f"alpha = 1 − D_o / D_e = 1 − {_fmt(d_o)} / {_fmt(d_e)} = {_fmt(value)};"
        f" {level} level, {units_used} units with 2+ values, {n} pairable values",
    )
