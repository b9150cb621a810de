"""Columns, tables and rows from whatever an analyst holds, read by duck typing.

One place for the rule of what a column or a table is. Plain sequences, NumPy
arrays, pandas Series and DataFrames, Arrow arrays and tables, and anything
with the buffer protocol are read through the protocols they share, never by
importing those libraries:

- a *column* is one-dimensional and ordered: a sequence, or an object with
  ``to_pylist()``, ``tolist()`` or ``to_list()`` (Arrow, NumPy, pandas,
  polars), ``__array__()``, the buffer protocol, or ``__len__`` and
  ``__getitem__``; text, mappings, sets and tables are refused;
- a *table* has named columns (``__dataframe__``, ``column_names`` or
  ``columns``, each column read by name) or is two-dimensional (a sequence of
  rows, or an array whose ``tolist()`` gives rows);
- a *cell* is read as a plain Python value: NumPy scalars through
  ``item()``, Arrow scalars through ``as_py()``; ``None``, NaN, ``NaT`` and
  pandas' ``NA`` are all *missing* (:func:`is_missing`), and each function
  says what it does with a missing cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from perfcore import _validators as v
from perfcore.errors import MalformedInput, Problem

__all__ = [
    "MISSING",
    "column",
    "day",
    "is_missing",
    "is_table",
    "plain",
    "rows_of",
    "table",
    "transpose",
]

MISSING = "None, NaN, NaT or NA"
"""How messages name a missing cell."""

_PLAIN = frozenset({int, float, str, bool, type(None)})
_LISTERS = ("to_pylist", "tolist", "to_list")


def is_missing(value: object) -> bool:
    """Whether ``value`` marks a missing cell: ``None``, NaN, ``NaT`` or pandas' ``NA``.

    NaN and ``NaT`` are the values not equal to themselves; ``NA`` is the one
    whose comparison has no truth value.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    if type(value) in _PLAIN:
        return value != value  # noqa: PLR0124 - NaN
    try:
        return bool(value != value)  # noqa: PLR0124
    except (TypeError, ValueError):  # NA: its comparisons are NA, which is neither
        return not _is_collection(value)


def _is_collection(value: object) -> bool:
    return isinstance(value, Iterable) or hasattr(value, "__len__")


def plain(value: object) -> Any:  # noqa: ANN401 - a cell is any plain value
    """``value`` as a plain Python value; ``None`` when it is missing (:func:`is_missing`).

    >>> plain(float("nan")) is None, plain(3), plain("a")
    (True, 3, 'a')
    """
    if type(value) in _PLAIN:
        return None if value != value else value  # noqa: PLR0124 - NaN
    if isinstance(value, dt.date | str | tuple):
        return None if is_missing(value) else value
    if is_missing(value):
        return None
    as_py = getattr(value, "as_py", None)
    if callable(as_py):  # an Arrow scalar
        return plain(as_py())
    item = getattr(value, "item", None)
    if callable(item) and hasattr(value, "dtype") and getattr(value, "ndim", 0) == 0:
        return plain(item())  # a NumPy scalar
    return value


def is_table(value: object) -> bool:
    """Whether ``value`` is a table with named columns (a DataFrame, an Arrow table)."""
    if isinstance(value, str | bytes | bytearray | Mapping | Sequence):
        return False
    return (
        hasattr(value, "__dataframe__")
        or hasattr(value, "column_names")
        or (hasattr(value, "columns") and hasattr(value, "__getitem__"))
    )


def _lister(value: object) -> Callable[[], object] | None:
    for name in _LISTERS:
        found = getattr(value, name, None)
        if callable(found):
            return found  # type: ignore[no-any-return]
    array = getattr(value, "__array__", None)
    if callable(array):
        return lambda: _listed(array())
    return None


def _listed(value: object) -> object:
    found = getattr(value, "tolist", None)
    return found() if callable(found) else value


def _refuse(name: str, message: str, value: object, expected: str) -> MalformedInput:
    return MalformedInput.single(
        name,
        message,
        code="not_a_collection",
        params={"expected": expected, "actual_type": type(value).__name__},
    )


def _items(values: object, name: str, what: str) -> list[Any] | None:
    """The items of a one- or two-dimensional collection, or ``None`` if it is none."""
    if isinstance(values, str | bytes | bytearray | Mapping | AbstractSet) or is_table(values):
        return None
    lister = _lister(values)
    if lister is not None:
        listed = lister()
        if not isinstance(listed, list):  # a scalar, a zero-dimensional array
            raise _refuse(name, f"must be {what}, got {v.describe(values)}", values, what)
        return listed
    if isinstance(values, Iterable):
        return list(values)
    return _indexed(values)


def _indexed(values: Any) -> list[Any] | None:  # noqa: ANN401 - any object at all
    """The items of an object with ``__len__`` and ``__getitem__``, or of a buffer."""
    if hasattr(values, "__len__") and hasattr(values, "__getitem__"):
        try:
            return [values[index] for index in range(len(values))]
        except (TypeError, KeyError, IndexError):
            return None
    try:
        with memoryview(values) as view:
            return view.tolist()
    except TypeError:
        return None


def column(values: object, name: str, what: str = "a column of values") -> list[Any]:
    """The cells of a one-dimensional ``values``, as plain Python values (:func:`plain`).

    Missing cells stay as they came when they are ``None`` or a float NaN (the
    caller decides); other markers (``NA``, ``NaT``) become ``None``. A table,
    text, a mapping, a set, a scalar or an array of another dimension raises
    :class:`perfcore.ValidationError` at ``name``, saying ``what`` was wanted.

    >>> column((1, 2.5), "values")
    [1, 2.5]
    """
    if is_table(values):
        raise _refuse(
            name,
            f"must be {what}, got a table ({type(values).__name__}): pass one of its columns",
            values,
            what,
        )
    items = _items_of(values, name, what, dimensions=1)
    if set(map(type, items)) <= _PLAIN:
        return items
    return [plain(item) for item in items]


def table(values: object, name: str, what: str = "a table") -> list[Any]:
    """The rows of a two-dimensional ``values``: each a list of plain cells.

    A table with named columns gives one row per record with the cells in
    column order; an array gives its rows; a sequence gives its items, each
    read as a column (:func:`column`) where it is one and left as it came
    where it is not, for the caller to name. Anything else raises
    :class:`perfcore.ValidationError` at ``name``.

    >>> table([[1, 2], (3, 4)], "ratings")
    [[1, 2], [3, 4]]
    """
    if is_table(values):
        return [list(row) for row in zip(*_named_columns(values, name).values(), strict=True)]
    items = _items_of(values, name, what, dimensions=2)
    return [_row(item, f"{name}[{index}]") for index, item in enumerate(items)]


def _items_of(values: object, name: str, what: str, *, dimensions: int) -> list[Any]:
    """The items of ``values`` if it has them and (an array) has ``dimensions``, else refused."""
    items = _items(values, name, what)
    found = getattr(values, "ndim", dimensions)
    if items is None or (isinstance(found, int) and found != dimensions):
        shape = (
            f"a {found}-dimensional {type(values).__name__}"
            if items is not None
            else v.describe(values)
        )
        raise _refuse(name, f"must be {what}, got {shape}", values, what)
    return items


def _row(item: object, name: str) -> object:
    if isinstance(item, list) and set(map(type, item)) <= _PLAIN:
        return item
    if isinstance(item, str | bytes | bytearray | Mapping | AbstractSet) or is_table(item):
        return item
    if not isinstance(item, Sequence) and _lister(item) is None:
        return item
    try:
        return column(item, name)
    except MalformedInput:
        return item


def _named_columns(frame: object, name: str) -> dict[str, list[Any]]:
    """Each column of a table by name, read with ``frame[name]``."""
    names = getattr(frame, "column_names", None)
    if names is None or callable(names):
        names = getattr(frame, "columns", None)
    if names is None or not hasattr(frame, "__getitem__"):
        message = (
            f"must be a table whose columns can be read by name, got {type(frame).__name__}"
            " (convert it to pandas or Arrow first)"
        )
        raise _refuse(name, message, frame, "a table")
    labels = column(names, name)
    return {label: column(frame[label], f"{name}[{label!r}]") for label in labels}


def rows_of(values: object, name: str) -> list[dict[str, Any]]:
    """Records as dicts: from a table with named columns, or from an iterable of mappings.

    Cells are plain (:func:`plain`): missing cells become ``None``. An item
    that is not a mapping is named at ``name[i]``; a single mapping, text or a
    non-iterable is refused at ``name``.

    >>> rows_of([{"a": float("nan")}], "rows")
    [{'a': None}]
    """
    if is_table(values):
        columns = _named_columns(values, name)
        return [
            {label: plain(cell) for label, cell in zip(columns, cells, strict=True)}
            for cells in zip(*columns.values(), strict=True)
        ]
    if isinstance(values, str | bytes | bytearray | Mapping) or not isinstance(values, Iterable):
        message = f"must be a table or an iterable of rows (dicts), got {v.describe(values)}"
        raise _refuse(name, message, values, "rows")
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, item in enumerate(values):
        if isinstance(item, Mapping):
            rows.append({str(key): plain(cell) for key, cell in item.items()})
        else:
            problems.append(
                Problem(
                    path=f"{name}[{index}]",
                    message=f"must be a row (a dict of columns), got {v.describe(item)}",
                    code="wrong_type",
                    params={"expected": "dict", "actual_type": type(item).__name__},
                )
            )
    if problems:
        raise MalformedInput(problems)
    return rows


def transpose(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """The columns of a rectangular table as rows.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    return [list(cells) for cells in zip(*rows, strict=True)]


def day(value: object) -> object:
    """A calendar day from a cell: a ``date``, a midnight ``datetime`` (or Timestamp), ISO text.

    Anything else comes back as it was, for the field's validator to refuse.

    >>> day("2026-01-05"), day(dt.datetime(2026, 1, 5))
    (datetime.date(2026, 1, 5), datetime.date(2026, 1, 5))
    """
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time() and value.utcoffset() in {None, dt.timedelta(0)}
        return value.date() if midnight else value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
