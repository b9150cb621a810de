"""``to_frame``: any rows or records as a pandas DataFrame (extra ``perfcore[pandas]``).

pandas is imported only when ``to_frame`` is called; without it the call
raises :class:`perfcore.MissingDependency` naming the extra to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any

from perfcore import _validators as v
from perfcore.errors import MissingDependency, Problem, ValidationError

__all__ = ["as_rows", "to_frame"]


def as_rows(records: Iterable[object]) -> list[dict[str, Any]]:
    """Rows from dicts, or from records with ``as_record()`` (a report, a record, a finding).

    Anything with ``as_records()`` (an ``AuditReport``) gives its rows.

    >>> from perfcore.analytics import RatingRecord
    >>> as_rows([RatingRecord(employee_id="e1", rater_id="m1", value=3)])[0]["normalised"]
    0.5
    """
    many = getattr(records, "as_records", None)
    if callable(many):
        return [dict(row) for row in many()]
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError.single(
            "records", f"must be an iterable of rows or records, got {v.describe(records)}"
        )
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for index, item in enumerate(records):
        if isinstance(item, Mapping):
            rows.append(dict(item))
            continue
        one = getattr(item, "as_record", None)
        if callable(one):
            rows.append(dict(one()))
        else:
            problems.append(
                Problem(
                    path=f"records[{index}]",
                    message=f"must be a dict or have as_record(), got {v.describe(item)}",
                )
            )
    if problems:
        raise ValidationError(problems)
    return rows


def to_frame(records: Iterable[object]) -> Any:  # noqa: ANN401 - a pandas.DataFrame
    """A ``pandas.DataFrame`` with one row per record and the records' stable columns.

    Needs the ``pandas`` extra (``pip install 'perfcore[pandas]'``); without
    it, raises :class:`perfcore.MissingDependency` naming the extra. An empty
    input gives an empty frame.

    >>> from perfcore.analytics import RatingRecord
    >>> frame = to_frame([RatingRecord(employee_id="e1", rater_id="m1", value=3)])  # doctest: +SKIP
    >>> list(frame.columns)[:3]  # doctest: +SKIP
    ['employee_id', 'rater_id', 'rater_role']
    """
    rows = as_rows(records)
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise MissingDependency("to_frame", "pandas", "pandas") from None
    return pandas.DataFrame.from_records(rows)
