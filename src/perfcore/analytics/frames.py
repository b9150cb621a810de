"""``to_frame``: any rows or records as a typed pandas DataFrame (extra ``perfcore[pandas]``).

pandas is imported only when ``to_frame`` is called; without it the call
raises :class:`perfcore.MissingDependency` naming the extra to install.

The columns are typed by one table, :data:`COLUMN_TYPES` (by column name), and
by the values where a column is not in it: days as ``datetime64[s]``, moments
as ``datetime64[us, UTC]``, closed vocabularies (phase, rater role, band, ...)
as categoricals, numbers, flags and text as pandas' nullable ``Float64``,
``Int64``, ``boolean`` and ``string``, so a missing value is ``NA`` (``NaT``
for a date), never ``None`` in an object column.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from perfcore import _tables
from perfcore import _validators as v
from perfcore.analytics._potential_records import Indicator
from perfcore.analytics.agreement import IccForm
from perfcore.analytics.ninebox import MoveCategory
from perfcore.analytics.records import EmploymentEventKind
from perfcore.cycle.state import AppraisalStatus
from perfcore.errors import MissingDependency, Problem, ValidationError
from perfcore.improvement.model import Outcome
from perfcore.oversight.findings import Severity
from perfcore.phases import Phase

__all__ = ["COLUMN_TYPES", "ColumnType", "as_rows", "to_frame"]

ColumnType = Literal["day", "moment", "float", "int", "bool", "category"]
"""How ``to_frame`` types a column: ``datetime64[s]``, ``datetime64[us, UTC]``,
``Float64``, ``Int64``, ``boolean``, or a categorical."""


def _values(members: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in members)


_FLOATS = (
    "value normalised performance potential score effective_score z calibrated target_value"
    " group_mean group_sd org_mean org_sd actual attainment goals_value competency_fit fit"
    " required assessed gap surplus weight"
)
_INTS = (
    "scale_min scale_max goals goals_agreed check_ins unmet_goals root_causes actions"
    " open_actions waivers events score_index result_index n k units_used pairable_values"
)
_BOOLS = (
    "voluntary regretted high_potential self_assessment manager_assessment formal_plan"
    " critical met passed_gate is_normalised outside_scale"
)

COLUMN_TYPES: Mapping[str, ColumnType] = MappingProxyType(
    {
        **dict.fromkeys(
            ("as_of", "on", "start", "end", "period_start", "period_end", "next_due"), "day"
        ),
        "last_event_at": "moment",
        **dict.fromkeys(_FLOATS.split(), "float"),
        **dict.fromkeys(_INTS.split(), "int"),
        **dict.fromkeys(_BOOLS.split(), "bool"),
        **dict.fromkeys(
            (
                "phase",
                "appraisal_status",
                "plan_outcome",
                "kind",
                "severity",
                "category",
                "form",
                "level",
                "indicator",
                "rater_role",
                "band",
            ),
            "category",
        ),
    }
)
"""The type of each column perfcore's rows and records have, by name (see :func:`to_frame`)."""

_VOCABULARIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "phase": _values(Phase),
        "appraisal_status": _values(AppraisalStatus),
        "plan_outcome": _values(Outcome),
        "kind": _values(EmploymentEventKind),
        "severity": _values(Severity),
        "category": _values(MoveCategory),
        "form": _values(IccForm),
        "level": ("nominal", "ordinal", "interval", "ratio"),
        "indicator": _values(Indicator),
    }
)
"""The categories of the closed vocabularies, in their own order; others are as found."""

_ORDERED = frozenset({"severity"})
"""Vocabularies whose order means something (info, warning, critical). Phases are
not: a cancelled cycle is not further along than a closed one."""

_INT64 = (-(2**63), 2**63 - 1)


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
    """A ``pandas.DataFrame`` with one row per record and the records' stable columns, typed.

    Needs the ``pandas`` extra (``pip install 'perfcore[pandas]'``); without
    it, raises :class:`perfcore.MissingDependency` naming the extra. An empty
    input gives an empty frame. Each column is typed by :data:`COLUMN_TYPES`
    when it is named there and its values fit, else by its values:

    - days (``as_of``, ``on``, ``period_start``, ...) are ``datetime64[s]``
      and moments (``last_event_at``) ``datetime64[us, UTC]``, ``NaT`` where
      missing;
    - closed vocabularies (``phase``, ``rater_role``, ``band``, ``kind``,
      ``severity``, ...) are categoricals: an enum's in the enum's order
      (ordered for ``severity``), others (and values outside the enum) as
      found, sorted;
    - numbers are ``Float64`` or ``Int64``, flags ``boolean`` and text
      ``string``, ``NA`` where missing;
    - anything else (tuples of labels) is kept as it is, in an object column.

    Records read back from their rows: see ``RatingRecord.from_rows``,
    ``TalentRecord.from_rows`` and ``EmploymentEvent.from_rows``.

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
    names = list(dict.fromkeys(name for row in rows for name in row))
    columns = {name: _typed(pandas, name, [row.get(name) for row in rows]) for name in names}
    return pandas.DataFrame(columns, index=pandas.RangeIndex(len(rows)))


def _typed(pandas: Any, name: str, cells: list[Any]) -> Any:  # noqa: ANN401 - pandas objects
    """One column of ``to_frame``: typed as :data:`COLUMN_TYPES` says, or by its values."""
    values = [None if _tables.is_missing(cell) else cell for cell in cells]
    present = [value for value in values if value is not None]
    declared = COLUMN_TYPES.get(name)
    if declared == "day":
        days = [_tables.day(value) for value in values]
        if all(_is_day(day) for day in days if day is not None):
            return pandas.Series(days, dtype="datetime64[s]")
    elif declared == "moment":
        moments = [_moment(value) for value in values]
        if all(_is_moment(moment) for moment in moments if moment is not None):
            return pandas.Series(moments, dtype="datetime64[us, UTC]")
    elif declared == "category":
        labels = [value.value if isinstance(value, enum.Enum) else value for value in values]
        found = [label for label in labels if label is not None]
        if all(isinstance(label, str) for label in found):
            fixed = _VOCABULARIES.get(name, ())
            ours = bool(fixed) and set(found) <= set(fixed)  # else a column of the caller's
            return pandas.Series(
                pandas.Categorical(
                    labels,
                    categories=list(fixed) if ours else sorted(set(found)),
                    ordered=ours and name in _ORDERED,
                )
            )
    kind = _number_kind(present, declared)
    if kind is None and all(isinstance(value, str) for value in present):
        kind = "string"  # text, or nothing at all: pandas' nullable string, NA where missing
    if kind is not None:
        return pandas.Series(pandas.array(values, dtype=kind))
    return pandas.Series(values, dtype=object)


def _is_day(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_moment(value: object) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is dt.UTC


def _moment(value: object) -> object:
    """An aware moment in UTC from a moment or its ISO text; anything else as it is."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    return value


def _number_kind(present: Sequence[object], declared: ColumnType | None) -> str | None:
    """``Float64``, ``Int64`` or ``boolean`` for the column's values, or ``None`` for none."""
    kinds = set(map(type, present))
    if not present:
        return {"float": "Float64", "int": "Int64", "bool": "boolean"}.get(declared or "")
    if kinds == {bool}:
        return "boolean"
    if kinds <= {int, float} and declared != "bool":
        whole = kinds == {int} and declared != "float"
        if whole and all(_INT64[0] <= value <= _INT64[1] for value in present):  # type: ignore[operator]
            return "Int64"
        return "Float64" if all(map(v.is_number, present)) else None
    return None
