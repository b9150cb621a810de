"""Plain records for analysis: ratings, talent snapshots and employment events.

Analysts feed these from anywhere (a perfcore cycle, a spreadsheet, another
HR system), so they depend on nothing but the scales. Each record has
``as_record()``, a flat dict with stable column names for a DataFrame.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore.errors import MalformedInput, Problem, ValidationError
from perfcore.scales import RatingScale

__all__ = [
    "EmploymentEvent",
    "EmploymentEventKind",
    "GroupKey",
    "RatingRecord",
    "TalentRecord",
    "group_of",
]

_DEFAULT_SCALE = RatingScale(minimum=1, maximum=5)

_R = TypeVar("_R")

_Reader = Callable[[Mapping[str, Any]], dict[str, Any]]
"""Reads one row (plain cells, ``None`` where missing) into a record's keyword arguments."""


def _whole(value: object) -> object:
    """A whole number read back from a float column (``5.0`` → ``5``); anything else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _labels(value: object) -> object:
    """Scale labels read back: a tuple from any column of them (a list, an array)."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping):
        return value  # refused by the scale's validator
    try:
        return tuple(_tables.column(value, "scale_labels"))
    except ValidationError:
        return value


def _kwargs(
    row: Mapping[str, Any], columns: Mapping[str, Callable[[Any], object]]
) -> dict[str, Any]:
    """The fields of the columns ``row`` has, each read by its function; absent ones left out.

    A column that is there but missing (``None``, NaN, NA) gives ``None``, for
    the field to accept (an optional field) or refuse (a required one); a
    column that is not there at all leaves the field at its default.
    """
    return {
        name: read(row[name]) if row[name] is not None else None
        for name, read in columns.items()
        if name in row
    }


def _as_is(value: object) -> object:
    return value


def _repath(problem: Problem, at: str, columns: Mapping[str, str]) -> Problem:
    """A record's problem (``RatingRecord.value``) at its row's column (``rows[3].value``)."""
    _, _, rest = problem.path.partition(".")
    field, bracket, index = rest.partition("[")
    column = columns.get(f"{problem.path.partition('.')[0]}.{field}", field)
    return problem.at(f"{at}.{column}{bracket}{index}")


def _read_row(
    cls: Callable[..., _R],
    row: object,
    at: str,
    reader: _Reader,
    columns: Mapping[str, str],
) -> _R:
    """One record from one row, its problems named at ``at.<column>``."""
    if not isinstance(row, Mapping):
        raise MalformedInput.single(
            at,
            f"must be a row (a dict of columns), got {v.describe(row)}",
            code="wrong_type",
            params={"expected": "dict", "actual_type": type(row).__name__},
        )
    cells = {str(key): _tables.plain(cell) for key, cell in row.items()}
    try:
        fields = reader(cells)
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
            if field.default is attrs.NOTHING:  # a column the row lacks: "is required"
                fields.setdefault(field.name, None)
        return cls(**fields)
    except ValidationError as exc:
        raise MalformedInput([_repath(p, at, columns) for p in exc.problems]) from None


def _read_rows(
    cls: Callable[..., _R],
    rows: object,
    reader: _Reader,
    columns: Mapping[str, str],
    name: str = "rows",
) -> tuple[_R, ...]:
    """Records from a table or from rows, every row's problems reported together."""
    read: list[_R] = []
    problems: list[Problem] = []
    for index, row in enumerate(_tables.rows_of(rows, name)):
        try:
            read.append(_read_row(cls, row, f"{name}[{index}]", reader, columns))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MalformedInput(problems)
    return tuple(read)


def _rating_kwargs(row: Mapping[str, Any]) -> dict[str, Any]:
    fields = _kwargs(
        row,
        {
            "employee_id": _as_is,
            "rater_id": _as_is,
            "rater_role": _as_is,
            "cycle_id": _as_is,
            "dimension": _as_is,
            "value": _as_is,
            "department": _as_is,
        },
    )
    scale = _kwargs(row, {"scale_min": _whole, "scale_max": _whole, "scale_labels": _labels})
    if scale:
        fields["scale"] = RatingScale(
            minimum=scale.get("scale_min", _DEFAULT_SCALE.minimum),
            maximum=scale.get("scale_max", _DEFAULT_SCALE.maximum),
            labels=scale.get("scale_labels") or (),
        )
    return fields


_RATING_COLUMNS = {
    "RatingScale.minimum": "scale_min",
    "RatingScale.maximum": "scale_max",
    "RatingScale.labels": "scale_labels",
}


def _on_scale(inst: RatingRecord, attr: attrs.Attribute[float], value: float) -> None:
    scale = inst.scale
    if isinstance(scale, RatingScale) and not scale.contains(value):
        v.fail(inst, attr, f"must lie on the scale {scale}, got {value:g}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingRecord:
    """One rating of one person by one rater on one dimension, on a stated scale.

    ``rater_role`` is a lowercase identifier (``"manager"``, ``"self"``,
    ``"peer"``, ...); ``dimension`` names what was rated (``"overall"``, a
    goal id, ``"competency:negotiation"``). ``department`` is optional and
    serves as a grouping key.

    >>> r = RatingRecord(employee_id="e7", rater_id="m2", value=4,
    ...                  scale=RatingScale(minimum=1, maximum=5))
    >>> r.normalised
    0.75
    >>> r.as_record()["scale_max"]
    5
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    rater_id: str = attrs.field(validator=v.text(max_length=200))
    value: float = attrs.field(validator=[v.number(), _on_scale])
    scale: RatingScale = attrs.field(default=_DEFAULT_SCALE, validator=v.instance(RatingScale))
    rater_role: str = attrs.field(default="manager", validator=v.identifier())
    dimension: str = attrs.field(default="overall", validator=v.text(max_length=300))
    cycle_id: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())

    @property
    def normalised(self) -> float:
        """The value on 0–1: ``(value − minimum) / (maximum − minimum)``."""
        return self.scale.normalise(self.value)

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "rater_id": self.rater_id,
            "rater_role": self.rater_role,
            "cycle_id": self.cycle_id,
            "dimension": self.dimension,
            "value": self.value,
            "scale_min": self.scale.minimum,
            "scale_max": self.scale.maximum,
            "scale_labels": self.scale.labels,
            "normalised": self.normalised,
            "department": self.department,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RatingRecord:
        """The record a row of :meth:`as_record` (or of ``to_frame``) was made from.

        Cells may be pandas' or NumPy's (Timestamps, NumPy numbers,
        categoricals); ``None``, NaN and ``NA`` are missing. ``normalised``
        and columns the record does not have are not read; a column that is
        not there leaves its field at its default. A bad cell raises
        :class:`perfcore.ValidationError` at ``row.<column>``.

        >>> r = RatingRecord(employee_id="e7", rater_id="m2", value=4)
        >>> RatingRecord.from_row(r.as_record()) == r
        True
        """
        return _read_row(cls, row, "row", _rating_kwargs, _RATING_COLUMNS)

    @classmethod
    def from_rows(cls, rows: object) -> tuple[RatingRecord, ...]:
        """The records of a DataFrame (``to_frame``'s) or of rows (``as_rows``'), in order.

        Problems of every row are reported together, at ``rows[i].<column>``.
        """
        return _read_rows(cls, rows, _rating_kwargs, _RATING_COLUMNS)


def _fraction_or_none(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    v.number(minimum=0, maximum=1, optional=True)(inst, attr, value)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TalentRecord:
    """One person's standing at a moment: performance and potential on 0–1, and groupings.

    ``performance`` is typically a normalised appraisal score; ``potential``
    a normalised potential assessment; either may be unknown (``None``).

    >>> TalentRecord(employee_id="e7", performance=0.8, potential=0.6,
    ...              department="sales").as_record()["potential"]
    0.6
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    performance: float | None = attrs.field(default=None, validator=_fraction_or_none)
    potential: float | None = attrs.field(default=None, validator=_fraction_or_none)
    manager_id: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())
    high_potential: bool = attrs.field(default=False, validator=v.boolean())
    as_of: dt.date | None = attrs.field(default=None, validator=v.date(optional=True))

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "performance": self.performance,
            "potential": self.potential,
            "manager_id": self.manager_id,
            "department": self.department,
            "high_potential": self.high_potential,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TalentRecord:
        """The record a row of :meth:`as_record` (or of ``to_frame``) was made from.

        ``as_of`` may be a date, a midnight Timestamp or ISO text; ``None``,
        NaN, ``NaT`` and ``NA`` are missing (an unknown potential reads back as
        ``None``). Otherwise as :meth:`RatingRecord.from_row`.

        >>> t = TalentRecord(employee_id="e7", performance=0.8, as_of=dt.date(2026, 1, 5))
        >>> TalentRecord.from_row({**t.as_record(), "potential": float("nan")}) == t
        True
        """
        return _read_row(cls, row, "row", _talent_kwargs, {})

    @classmethod
    def from_rows(cls, rows: object) -> tuple[TalentRecord, ...]:
        """The records of a DataFrame or of rows, in order (see :meth:`RatingRecord.from_rows`)."""
        return _read_rows(cls, rows, _talent_kwargs, {})


class EmploymentEventKind(enum.Enum):
    """What happened to someone's employment."""

    HIRE = "hire"
    EXIT = "exit"
    PROMOTION = "promotion"
    TRAINING = "training"
    """Took part in training or a development programme."""


def _exit_only(inst: EmploymentEvent, attr: attrs.Attribute[Any], value: object) -> None:
    if inst.kind is EmploymentEventKind.EXIT:
        if attr.name == "voluntary" and value is None:
            v.fail(inst, attr, "is required for an exit (voluntary or not)")
    elif (attr.name == "voluntary" and value is not None) or (attr.name == "regretted" and value):
        v.fail(inst, attr, f"only applies to exits, not {inst.kind.value}")


def _regret_is_voluntary(inst: EmploymentEvent, attr: attrs.Attribute[Any], value: object) -> None:
    _exit_only(inst, attr, value)
    if value and inst.kind is EmploymentEventKind.EXIT and inst.voluntary is False:
        v.fail(inst, attr, "only a voluntary exit can be regretted")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class EmploymentEvent:
    """A hire, an exit (voluntary or not, regretted or not), a promotion or training.

    ``regretted`` marks a voluntary exit of someone the organisation wanted to
    keep. ``programme`` names the training or development programme.

    >>> e = EmploymentEvent(employee_id="e7", kind=EmploymentEventKind.EXIT,
    ...                     on=dt.date(2026, 9, 30), voluntary=True, regretted=True)
    >>> e.as_record()["kind"], e.as_record()["regretted"]
    ('exit', True)
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    kind: EmploymentEventKind = attrs.field(validator=v.member(EmploymentEventKind))
    on: dt.date = attrs.field(validator=v.date())
    voluntary: bool | None = attrs.field(default=None, validator=_exit_only)
    regretted: bool = attrs.field(default=False, validator=[v.boolean(), _regret_is_voluntary])
    programme: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names."""
        return {
            "employee_id": self.employee_id,
            "kind": self.kind.value,
            "on": self.on.isoformat(),
            "voluntary": self.voluntary,
            "regretted": self.regretted,
            "programme": self.programme,
            "department": self.department,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EmploymentEvent:
        """The event a row of :meth:`as_record` (or of ``to_frame``) was made from.

        ``kind`` is the kind's value (``"exit"``); ``on`` a date, a midnight
        Timestamp or ISO text. Otherwise as :meth:`RatingRecord.from_row`.

        >>> e = EmploymentEvent(employee_id="e7", kind=EmploymentEventKind.HIRE,
        ...                     on=dt.date(2026, 1, 5))
        >>> EmploymentEvent.from_row(e.as_record()) == e
        True
        """
        return _read_row(cls, row, "row", _event_kwargs, {})

    @classmethod
    def from_rows(cls, rows: object) -> tuple[EmploymentEvent, ...]:
        """The events of a DataFrame or of rows, in order (see :meth:`RatingRecord.from_rows`)."""
        return _read_rows(cls, rows, _event_kwargs, {})


def _talent_kwargs(row: Mapping[str, Any]) -> dict[str, Any]:
    return _kwargs(
        row,
        {
            "employee_id": _as_is,
            "performance": _as_is,
            "potential": _as_is,
            "manager_id": _as_is,
            "department": _as_is,
            "high_potential": _as_is,
            "as_of": _tables.day,
        },
    )


def _kind(value: object) -> object:
    """An :class:`EmploymentEventKind` from its value; anything else for the validator to refuse."""
    if isinstance(value, str):
        try:
            return EmploymentEventKind(value)
        except ValueError:
            return value
    return value


def _event_kwargs(row: Mapping[str, Any]) -> dict[str, Any]:
    return _kwargs(
        row,
        {
            "employee_id": _as_is,
            "kind": _kind,
            "on": _tables.day,
            "voluntary": _as_is,
            "regretted": _as_is,
            "programme": _as_is,
            "department": _as_is,
        },
    )


_READERS: Mapping[type, tuple[_Reader, Mapping[str, str]]] = {
    RatingRecord: (_rating_kwargs, _RATING_COLUMNS),
    TalentRecord: (_talent_kwargs, {}),
    EmploymentEvent: (_event_kwargs, {}),
}


def records_from_table(cls: type[_R], table: object, name: str) -> tuple[_R, ...] | None:
    """The records of ``cls`` a table (a DataFrame) holds, or ``None`` if it is no table.

    For the functions that take records: a DataFrame of :meth:`RatingRecord.as_record`
    rows is read as those records, its problems named at ``name[i].<column>``.
    """
    found = _READERS.get(cls)
    if found is None or not _tables.is_table(table):
        return None
    reader, columns = found
    return _read_rows(cls, table, reader, columns, name)


GroupKey = str | Mapping[str, str] | Callable[[Any], str | None] | None
"""How to group records: a field name (``"department"``), a mapping from
employee id to group, a function of the record, or ``None`` for one group."""


def group_of(record: object, by: GroupKey) -> str | None:
    """The group ``record`` falls in under ``by`` (see :data:`GroupKey`).

    A record without a value for the key (``None``, or an employee the mapping
    does not list) is in no group and is reported as such, never dropped
    silently by the functions that group.

    >>> r = RatingRecord(employee_id="e7", rater_id="m2", value=3, department="sales")
    >>> group_of(r, "department"), group_of(r, {"e7": "emea"}), group_of(r, None)
    ('sales', 'emea', 'all')
    """
    if by is None:
        return "all"
    if isinstance(by, str):
        cls: Any = type(record)
        if not attrs.has(cls) or by not in attrs.fields_dict(cls):
            raise ValidationError.single(
                "by", f"{type(record).__name__} has no field {by!r} to group by"
            )
        value = getattr(record, by)
        return None if value is None else str(value)
    if isinstance(by, Mapping):
        employee = getattr(record, "employee_id", None)
        found = by.get(employee) if isinstance(employee, str) else None
        return None if found is None else str(found)
    if callable(by):
        found = by(record)
        return None if found is None else str(found)
    raise ValidationError.single(
        "by", f"must be a field name, a mapping or a function, got {v.describe(by)}"
    )
