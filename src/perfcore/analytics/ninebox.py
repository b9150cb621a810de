"""The nine-box grid: performance (the past) across, potential (the future) up.

Both axes run from 0 to 1 (a :class:`~perfcore.analytics.records.TalentRecord`
holds them normalised). :class:`NineBox` cuts each axis at its cut points
(thirds by default; other grids such as 5 × 3 need only more or fewer cuts)
and names every cell. The rules:

- **Where a value lands.** A value equal to a cut point goes to the *higher*
  cell: with the default cuts, performance 1/3 is in the middle column and
  2/3 in the right one; 0 is in the first cell and 1 in the last.
- **Numbering.** ``column`` counts performance cells from the lowest (0) up;
  ``row`` counts potential cells from the lowest (0) up, so a higher row
  always means higher potential. ``labels`` are written as the grid is drawn:
  the top row (highest potential) first, each row from low performance to high.
- **Unknown values.** A record without performance or potential is not
  placed and not dropped either: :meth:`NineBox.place_all` returns it as
  unplaced with the reason.
- **Movement** between two snapshots is matched by employee id and reported
  per axis (the change of column and of row) with a summary category:
  ``up`` (neither axis fell, at least one rose), ``down`` (neither rose, at
  least one fell), ``stayed``, ``mixed`` (one rose, the other fell),
  ``entered`` and ``left`` (in only one snapshot), and ``unplaced`` (in both,
  but not placed in at least one of them).

One module, though longer than 800 lines: the grid, its placements, counts and
moves are one feature. :class:`NineBox` builds every result, and every result's
example is drawn on a :class:`NineBox`, so split apart, the results' examples
would have to reach up to the grid that is built on them.

The default cell names (top row first):

=========================  ===================  =================  ====================
potential ↓ performance →  low                  moderate           high
=========================  ===================  =================  ====================
high                       Rough diamond        Emerging talent    Future leader
moderate                   Inconsistent player  Core player        High performer
low                        Under-performer      Solid contributor  Trusted professional
=========================  ===================  =================  ====================

>>> from perfcore.analytics.records import TalentRecord
>>> box = NineBox()
>>> box.place(0.8, 0.9).label
'Future leader'
>>> box.place(1/3, 0.5).label, box.place(0.2, 0.1).label
('Core player', 'Under-performer')
>>> q1 = box.place_all([TalentRecord(employee_id="ann", performance=0.5, potential=0.5),
...                     TalentRecord(employee_id="bo", performance=0.9)])
>>> [(p.employee_id, p.label, p.reason) for p in q1]
[('ann', 'Core player', None), ('bo', None, 'potential unknown')]
>>> q2 = box.place_all([TalentRecord(employee_id="ann", performance=0.7, potential=0.8)])
>>> for move in box.movement(q1, q2):
...     print(move.employee_id, move.category.value, "-", move.explanation)
ann up - 'Core player' → 'Future leader': performance column +1, potential row +1: up
bo left - was unplaced (potential unknown); not in the later snapshot
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.analytics.records import TalentRecord
from perfcore.errors import Problem, ValidationError
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

__all__ = [
    "DEFAULT_NINE_BOX_LABELS",
    "Cell",
    "Move",
    "MoveCategory",
    "Movement",
    "NineBox",
    "NineBoxCounts",
    "Placement",
]

THIRDS: tuple[float, float] = (1 / 3, 2 / 3)
"""The default cut points of both axes."""

DEFAULT_NINE_BOX_LABELS: tuple[tuple[str, ...], ...] = (
    ("Rough diamond", "Emerging talent", "Future leader"),
    ("Inconsistent player", "Core player", "High performer"),
    ("Under-performer", "Solid contributor", "Trusted professional"),
)
"""The 3 × 3 cell names, top row (high potential) first, each row from low performance to high."""

_MAX_CELLS_PER_AXIS = 20


def _is_number(value: object) -> bool:
    """A finite ``int`` or ``float``, never ``bool``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _fmt(number: float) -> str:
    return f"{number:.6g}"


def _check_cuts(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of cut points, got {v.describe(value)}")
    if not value:
        v.fail(inst, attr, "must hold at least one cut point (a grid needs two cells per axis)")
    if len(value) >= _MAX_CELLS_PER_AXIS:
        v.fail(inst, attr, f"must hold fewer than {_MAX_CELLS_PER_AXIS} cut points")
    previous: float | None = None
    for index, cut in enumerate(value):
        if not _is_number(cut) or not 0 < cut < 1:
            v.fail(
                inst,
                attr,
                f"cut {index} must be a number strictly between 0 and 1, got {v.describe(cut)}",
            )
        if previous is not None and cut <= previous:
            v.fail(
                inst,
                attr,
                f"must be strictly increasing: cut {index} ({_fmt(cut)}) is not above"
                f" cut {index - 1} ({_fmt(previous)})",
            )
        previous = cut


def _cells(cuts: object) -> int | None:
    """Cells on an axis with these cuts; ``None`` when the cuts are not a tuple."""
    return len(cuts) + 1 if isinstance(cuts, tuple) else None


def _default_labels(box: NineBox) -> tuple[tuple[str, ...], ...]:
    columns = _cells(box.performance_cuts)
    rows = _cells(box.potential_cuts)
    if columns is None or rows is None or (columns, rows) == (3, 3):
        return DEFAULT_NINE_BOX_LABELS
    return tuple(
        tuple(f"perf {column} / pot {row}" for column in range(1, columns + 1))
        for row in range(rows, 0, -1)
    )


def _check_labels(inst: NineBox, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(row, tuple) for row in value):
        v.fail(inst, attr, f"must be a tuple of rows (tuples of names), got {v.describe(value)}")
    for r, row in enumerate(value):
        for c, name in enumerate(row):
            if not isinstance(name, str) or not name.strip() or len(name) > 200:
                v.fail(
                    inst,
                    attr,
                    f"row {r}, cell {c} must be a non-empty name of at most 200 characters,"
                    f" got {v.describe(name)}",
                )
    columns = _cells(inst.performance_cuts)
    rows = _cells(inst.potential_cuts)
    if rows is not None and len(value) != rows:
        v.fail(
            inst,
            attr,
            f"must have {rows} rows (one more than the {rows - 1} potential cuts),"
            f" got {len(value)}",
        )
    if columns is not None:
        for r, row in enumerate(value):
            if len(row) != columns:
                v.fail(
                    inst,
                    attr,
                    f"row {r} must have {columns} names (one more than the {columns - 1}"
                    f" performance cuts), got {len(row)}",
                )
    names = [name for row in value for name in row]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        v.fail(inst, attr, f"must not repeat names, repeated: {', '.join(map(repr, repeated))}")


# --- placements -----------------------------------------------------------------------


def _check_placed(inst: Placement, attr: attrs.Attribute[Any], value: object) -> None:
    v.optional_text()(inst, attr, value)
    cell = (inst.column, inst.row, inst.label)
    if value is None:
        if None in cell:
            v.fail(inst, attr, "is required when column, row or label is missing (unplaced)")
        if inst.performance is None or inst.potential is None:
            v.fail(inst, attr, "is required when performance or potential is unknown")
    elif cell != (None, None, None):
        v.fail(inst, attr, "must be None for a placed record (column, row and label set)")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Placement:
    """Where one person (or one pair of values) lands on a grid, or why they do not.

    A placed record has ``column``, ``row`` and ``label`` and no ``reason``;
    an unplaced one has a ``reason`` (``"potential unknown"``) and none of the
    three. ``employee_id`` is ``None`` for a bare :meth:`NineBox.place`.

    >>> Placement(employee_id="bo", performance=0.9, reason="potential unknown").placed
    False
    """

    employee_id: str | None = attrs.field(default=None, validator=v.optional_text())
    performance: float | None = attrs.field(
        default=None, validator=v.number(minimum=0, maximum=1, optional=True)
    )
    potential: float | None = attrs.field(
        default=None, validator=v.number(minimum=0, maximum=1, optional=True)
    )
    column: int | None = attrs.field(default=None, validator=v.integer(minimum=0, optional=True))
    """Performance cell, from the lowest (0) up."""
    row: int | None = attrs.field(default=None, validator=v.integer(minimum=0, optional=True))
    """Potential cell, from the lowest (0) up."""
    label: str | None = attrs.field(default=None, validator=v.optional_text())
    reason: str | None = attrs.field(default=None, validator=_check_placed)
    """Why the record is not placed; ``None`` when it is."""

    @property
    def placed(self) -> bool:
        """Whether the record landed in a cell."""
        return self.reason is None

    def as_record(self) -> dict[str, Any]:
        """A flat row with stable column names.

        >>> NineBox().place(0.5, 0.9, employee_id="ann").as_record()["label"]
        'Emerging talent'
        """
        return {
            "employee_id": self.employee_id,
            "performance": self.performance,
            "potential": self.potential,
            "column": self.column,
            "row": self.row,
            "label": self.label,
            "reason": self.reason,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Cell:
    """One cell of a grid with how many people it holds and who.

    >>> Cell(column=2, row=2, label="Future leader", count=1, employee_ids=("ann",)).count
    1
    """

    column: int = attrs.field(validator=v.integer(minimum=0))
    row: int = attrs.field(validator=v.integer(minimum=0))
    label: str = attrs.field(validator=v.text(max_length=200))
    count: int = attrs.field(validator=v.integer(minimum=0))
    employee_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200))
    )
    """The ids of the people placed here, sorted (placements without an id are only counted)."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NineBoxCounts:
    """How many people each cell holds, laid out as the grid is drawn.

    ``cells`` holds one tuple per row, the top row (highest potential) first,
    each from low performance to high, like :attr:`NineBox.labels`;
    ``unplaced`` keeps the placements that landed nowhere, with their reasons.

    >>> box = NineBox()
    >>> counts = box.counts([box.place(0.9, 0.9), box.place(0.8, 0.7), box.place(0.5, 0.5)])
    >>> counts.table()
    ((0, 0, 2), (0, 1, 0), (0, 0, 0))
    >>> counts.count("Future leader"), counts.placed, counts.total
    (2, 3, 3)
    """

    cells: tuple[tuple[Cell, ...], ...] = attrs.field(validator=v.tuple_of(v.tuple_of(Cell)))
    unplaced: tuple[Placement, ...] = attrs.field(default=(), validator=v.tuple_of(Placement))

    def __iter__(self) -> Iterator[Cell]:
        """Every cell, row by row from the top, each row from low performance to high."""
        return (cell for row in self.cells for cell in row)

    @property
    def placed(self) -> int:
        """How many placements landed in a cell."""
        return sum(cell.count for cell in self)

    @property
    def total(self) -> int:
        """Placed and unplaced together."""
        return self.placed + len(self.unplaced)

    def table(self) -> tuple[tuple[int, ...], ...]:
        """The counts alone, in the layout of :attr:`cells`."""
        return tuple(tuple(cell.count for cell in row) for row in self.cells)

    def count(self, label: str) -> int:
        """How many people the cell named ``label`` holds."""
        for cell in self:
            if cell.label == label:
                return cell.count
        raise ValidationError.single("label", f"no cell is named {label!r}")

    def by_label(self) -> dict[str, int]:
        """Cell name → count, in the layout order (top row first)."""
        return {cell.label: cell.count for cell in self}

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per cell (``label``, ``column``, ``row``, ``count``), top row first."""
        return [
            {"label": cell.label, "column": cell.column, "row": cell.row, "count": cell.count}
            for cell in self
        ]


# --- movement -------------------------------------------------------------------------


class MoveCategory(enum.Enum):
    """How one person moved on the grid between two snapshots."""

    UP = "up"
    """Neither axis fell and at least one rose."""
    DOWN = "down"
    """Neither axis rose and at least one fell."""
    STAYED = "stayed"
    """Same cell."""
    MIXED = "mixed"
    """One axis rose and the other fell."""
    ENTERED = "entered"
    """Only in the later snapshot."""
    LEFT = "left"
    """Only in the earlier snapshot."""
    UNPLACED = "unplaced"
    """In both snapshots, but not placed in at least one, so not comparable."""


def _describe_placement(placement: Placement) -> str:
    if placement.placed:
        return repr(placement.label)
    return f"unplaced ({placement.reason})"


def _sign(number: int) -> str:
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "±0"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Move:
    """One person's move between two snapshots.

    ``column_change`` and ``row_change`` are the changes of performance
    column and potential row (``None`` unless placed in both snapshots);
    ``category`` sums them up (see :class:`MoveCategory`).

    >>> box = NineBox()
    >>> move = box.movement([box.place(0.9, 0.5, employee_id="cy")],
    ...                     [box.place(0.5, 0.9, employee_id="cy")]).moves[0]
    >>> move.column_change, move.row_change, move.category.value
    (-1, 1, 'mixed')
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    category: MoveCategory = attrs.field(validator=v.member(MoveCategory))
    before: Placement | None = attrs.field(
        default=None, validator=v.instance(Placement, optional=True)
    )
    after: Placement | None = attrs.field(
        default=None, validator=v.instance(Placement, optional=True)
    )
    column_change: int | None = attrs.field(default=None, validator=v.integer(optional=True))
    row_change: int | None = attrs.field(default=None, validator=v.integer(optional=True))
    explanation: str = attrs.field(default="", validator=v.text(allow_empty=True))

    def as_record(self) -> dict[str, Any]:
        """A flat row: id, category, the cells before and after, the changes."""
        return {
            "employee_id": self.employee_id,
            "category": self.category.value,
            "before": self.before.label if self.before else None,
            "after": self.after.label if self.after else None,
            "column_change": self.column_change,
            "row_change": self.row_change,
            "explanation": self.explanation,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Movement:
    """Every person's move between two snapshots, sorted by employee id.

    >>> box = NineBox()
    >>> movement = box.movement([box.place(0.5, 0.5, employee_id="ann")],
    ...                         [box.place(0.5, 0.5, employee_id="ann"),
    ...                          box.place(0.1, 0.9, employee_id="dee")])
    >>> movement.counts()
    {'up': 0, 'down': 0, 'stayed': 1, 'mixed': 0, 'entered': 1, 'left': 0, 'unplaced': 0}
    >>> movement.ids(MoveCategory.ENTERED)
    ('dee',)
    """

    moves: tuple[Move, ...] = attrs.field(validator=v.tuple_of(Move))

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves)

    def __len__(self) -> int:
        return len(self.moves)

    def of(self, category: MoveCategory) -> tuple[Move, ...]:
        """The moves in ``category``."""
        return tuple(m for m in self.moves if m.category is category)

    def ids(self, category: MoveCategory) -> tuple[str, ...]:
        """The employee ids in ``category``, sorted."""
        return tuple(m.employee_id for m in self.of(category))

    def counts(self) -> dict[str, int]:
        """How many moves each category has; every category, in :class:`MoveCategory` order."""
        return {c.value: len(self.of(c)) for c in MoveCategory}

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per move (see :meth:`Move.as_record`)."""
        return [m.as_record() for m in self.moves]


def _cell(placement: Placement) -> tuple[int, int]:
    """The (column, row) of a placed record."""
    return (placement.column or 0, placement.row or 0)


def _category(column_change: int, row_change: int) -> MoveCategory:
    changes = (column_change, row_change)
    if changes == (0, 0):
        return MoveCategory.STAYED
    if min(changes) >= 0:
        return MoveCategory.UP
    if max(changes) <= 0:
        return MoveCategory.DOWN
    return MoveCategory.MIXED


def _move(employee_id: str, before: Placement | None, after: Placement | None) -> Move:
    if before is None:
        assert after is not None  # noqa: S101 - in one snapshot at least
        return Move(
            employee_id=employee_id,
            category=MoveCategory.ENTERED,
            after=after,
            explanation=f"not in the earlier snapshot; now {_describe_placement(after)}",
        )
    if after is None:
        return Move(
            employee_id=employee_id,
            category=MoveCategory.LEFT,
            before=before,
            explanation=f"was {_describe_placement(before)}; not in the later snapshot",
        )
    if not before.placed or not after.placed:
        return Move(
            employee_id=employee_id,
            category=MoveCategory.UNPLACED,
            before=before,
            after=after,
            explanation=f"{_describe_placement(before)} → {_describe_placement(after)}:"
            " not comparable",
        )
    column_change = _cell(after)[0] - _cell(before)[0]
    row_change = _cell(after)[1] - _cell(before)[1]
    category = _category(column_change, row_change)
    if category is MoveCategory.STAYED:
        explanation = f"stayed in {before.label!r}"
    else:
        explanation = (
            f"{before.label!r} → {after.label!r}: performance column {_sign(column_change)},"
            f" potential row {_sign(row_change)}: {category.value}"
        )
    return Move(
        employee_id=employee_id,
        category=category,
        before=before,
        after=after,
        column_change=column_change,
        row_change=row_change,
        explanation=explanation,
    )


# --- the grid -------------------------------------------------------------------------


def _check_value(name: str, value: object) -> Problem | None:
    if not _is_number(value) or not 0 <= value <= 1:  # type: ignore[operator]
        return Problem(path=name, message=f"must be a number from 0 to 1, got {v.describe(value)}")
    return None


def _sequence(name: str, value: object, item: type) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValidationError.single(
            name, f"must be a sequence of {item.__name__}, got {v.describe(value)}"
        )
    items = tuple(value)
    problems = [
        Problem(path=f"{name}[{i}]", message=f"must be a {item.__name__}, got {v.describe(x)}")
        for i, x in enumerate(items)
        if not isinstance(x, item)
    ]
    if problems:
        raise ValidationError(problems)
    return items


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NineBox:
    """A performance × potential grid: its cut points and its cell names.

    ``performance_cuts`` and ``potential_cuts`` are strictly increasing cut
    points strictly between 0 and 1 (thirds by default); *n* cuts make *n* + 1
    cells on that axis. ``labels`` names every cell, the top row (highest
    potential) first and each row from low performance to high; it defaults
    to :data:`DEFAULT_NINE_BOX_LABELS` for 3 × 3 and to ``"perf C / pot R"``
    (1 = lowest) for other sizes. Names must be distinct.

    It is registry-ready (``NAME = "nine_box"``): :meth:`params` is JSON-ready
    and :meth:`from_params` rebuilds it.

    >>> wide = NineBox(performance_cuts=(0.2, 0.4, 0.6, 0.8))
    >>> wide.columns, wide.rows
    (5, 3)
    >>> wide.place(0.4, 0.9).label
    'perf 3 / pot 3'
    >>> NineBox(potential_cuts=(0.5,), labels=DEFAULT_NINE_BOX_LABELS)
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: NineBox.labels: must have 2 rows (one more than the 1 potential cuts), got 3
    """  # noqa: E501 - the doctest output is one long line

    NAME: ClassVar[str] = "nine_box"

    performance_cuts: tuple[float, ...] = attrs.field(default=THIRDS, validator=_check_cuts)
    potential_cuts: tuple[float, ...] = attrs.field(default=THIRDS, validator=_check_cuts)
    labels: tuple[tuple[str, ...], ...] = attrs.field(
        default=attrs.Factory(_default_labels, takes_self=True), validator=_check_labels
    )

    @property
    def name(self) -> str:
        """The registry name, ``"nine_box"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters (tuples as lists).

        >>> NineBox(performance_cuts=(0.5,), potential_cuts=(0.5,),
        ...         labels=(("a", "b"), ("c", "d"))).params()
        {'performance_cuts': [0.5], 'potential_cuts': [0.5], 'labels': [['a', 'b'], ['c', 'd']]}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> NineBox:
        """Build from :meth:`params` data; left-out fields keep their defaults.

        >>> NineBox.from_params({"performance_cuts": [0.25, 0.75]}).performance_cuts
        (0.25, 0.75)
        >>> NineBox.from_params({"potential_cuts": [0.7, 0.3]})
        Traceback (most recent call last):
        ...
        perfcore.errors.MalformedInput: $.params.potential_cuts: must be strictly increasing: cut 1 (0.3) is not above cut 0 (0.7)
        """  # noqa: E501 - the doctest output is one long line
        return _from_params(cls, params)

    @property
    def columns(self) -> int:
        """How many performance cells."""
        return len(self.performance_cuts) + 1

    @property
    def rows(self) -> int:
        """How many potential cells."""
        return len(self.potential_cuts) + 1

    def label_at(self, column: int, row: int) -> str:
        """The name of the cell at ``column`` (performance) and ``row`` (potential), 0 = lowest.

        >>> NineBox().label_at(0, 2)
        'Rough diamond'
        """
        problems = [
            Problem(path=name, message=f"must be an integer from 0 to {size - 1}, got {value!r}")
            for name, value, size in (("column", column, self.columns), ("row", row, self.rows))
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size
        ]
        if problems:
            raise ValidationError(problems)
        return self.labels[self.rows - 1 - row][column]

    def place(
        self, performance: float, potential: float, *, employee_id: str | None = None
    ) -> Placement:
        """The cell of ``performance`` and ``potential`` (both from 0 to 1).

        A value equal to a cut point goes to the higher cell.

        >>> box = NineBox()
        >>> p = box.place(2/3, 0.1)
        >>> p.column, p.row, p.label
        (2, 0, 'Trusted professional')
        >>> box.place(1.2, -0.1)
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: performance: must be a number from 0 to 1, got float 1.2; potential: must be a number from 0 to 1, got float -0.1
        """  # noqa: E501 - the doctest output is one long line
        problems = [
            p
            for p in (
                _check_value("performance", performance),
                _check_value("potential", potential),
            )
            if p is not None
        ]
        if employee_id is not None and (
            not isinstance(employee_id, str) or not employee_id.strip()
        ):
            problems.append(
                Problem(
                    path="employee_id",
                    message=f"must be None or a non-empty string, got {v.describe(employee_id)}",
                )
            )
        if problems:
            raise ValidationError(problems)
        column = bisect.bisect_right(self.performance_cuts, performance)
        row = bisect.bisect_right(self.potential_cuts, potential)
        return Placement(
            employee_id=employee_id,
            performance=performance,
            potential=potential,
            column=column,
            row=row,
            label=self.labels[self.rows - 1 - row][column],
        )

    def place_all(self, records: Sequence[TalentRecord]) -> tuple[Placement, ...]:
        """Place every record, sorted by employee id; records missing an axis come back unplaced.

        Each employee may appear once (a snapshot); a repeat raises
        :class:`perfcore.ValidationError` at ``records[i].employee_id``.

        >>> from perfcore.analytics.records import TalentRecord
        >>> [p.reason for p in NineBox().place_all([TalentRecord(employee_id="x")])]
        ['performance and potential unknown']
        """
        items: tuple[TalentRecord, ...] = _sequence("records", records, TalentRecord)
        seen: dict[str, int] = {}
        problems: list[Problem] = []
        for index, record in enumerate(items):
            if record.employee_id in seen:
                problems.append(
                    Problem(
                        path=f"records[{index}].employee_id",
                        message=f"{record.employee_id!r} is already in records"
                        f"[{seen[record.employee_id]}]; give one record per employee",
                    )
                )
            seen.setdefault(record.employee_id, index)
        if problems:
            raise ValidationError(problems)
        return tuple(self._place_record(r) for r in sorted(items, key=lambda r: r.employee_id))

    def _place_record(self, record: TalentRecord) -> Placement:
        missing = [
            axis
            for axis, value in (
                ("performance", record.performance),
                ("potential", record.potential),
            )
            if value is None
        ]
        if missing:
            return Placement(
                employee_id=record.employee_id,
                performance=record.performance,
                potential=record.potential,
                reason=f"{' and '.join(missing)} unknown",
            )
        return self.place(
            float(record.performance or 0),
            float(record.potential or 0),
            employee_id=record.employee_id,
        )

    def _check_placements(
        self, name: str, placements: object, *, need_ids: bool
    ) -> tuple[Placement, ...]:
        """Placements of this grid, each employee at most once (``need_ids``: all with ids)."""
        items: tuple[Placement, ...] = _sequence(name, placements, Placement)
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for index, placement in enumerate(items):
            where = f"{name}[{index}]"
            if placement.employee_id is None:
                if need_ids:
                    problems.append(
                        Problem(
                            path=f"{where}.employee_id",
                            message="is required to match snapshots by employee",
                        )
                    )
            elif placement.employee_id in seen:
                problems.append(
                    Problem(
                        path=f"{where}.employee_id",
                        message=f"{placement.employee_id!r} is already in"
                        f" {name}[{seen[placement.employee_id]}]",
                    )
                )
            else:
                seen[placement.employee_id] = index
            if placement.placed:
                problem = self._fits(where, placement)
                if problem is not None:
                    problems.append(problem)
        if problems:
            raise ValidationError(problems)
        return items

    def _fits(self, where: str, placement: Placement) -> Problem | None:
        column, row = _cell(placement)
        if column >= self.columns or row >= self.rows:
            return Problem(
                path=where,
                message=f"was placed on another grid: cell ({column}, {row}) is outside"
                f" this {self.columns} × {self.rows} grid",
            )
        here = self.labels[self.rows - 1 - row][column]
        if placement.label != here:
            return Problem(
                path=where,
                message=f"was placed on another grid: cell ({column}, {row}) is {here!r}"
                f" here, not {placement.label!r}",
            )
        return None

    def counts(self, placements: Sequence[Placement]) -> NineBoxCounts:
        """How many of ``placements`` each cell holds; unplaced ones are kept aside.

        The placements must come from this grid (same cells and names), and an
        employee may appear once.
        """
        items = self._check_placements("placements", placements, need_ids=False)
        found: dict[tuple[int, int], list[Placement]] = {}
        for placement in items:
            if placement.placed:
                found.setdefault(_cell(placement), []).append(placement)
        cells = tuple(
            tuple(
                Cell(
                    column=column,
                    row=row,
                    label=self.labels[self.rows - 1 - row][column],
                    count=len(found.get((column, row), [])),
                    employee_ids=tuple(
                        sorted(
                            p.employee_id
                            for p in found.get((column, row), [])
                            if p.employee_id is not None
                        )
                    ),
                )
                for column in range(self.columns)
            )
            for row in range(self.rows - 1, -1, -1)
        )
        return NineBoxCounts(cells=cells, unplaced=tuple(p for p in items if not p.placed))

    def movement(self, before: Sequence[Placement], after: Sequence[Placement]) -> Movement:
        """Who moved where between two snapshots of this grid, matched by employee id.

        Every placement needs an employee id, each at most once per snapshot.
        Moves come sorted by employee id; see :class:`MoveCategory`.
        """
        earlier = {
            p.employee_id: p
            for p in self._check_placements("before", before, need_ids=True)
            if p.employee_id is not None
        }
        later = {
            p.employee_id: p
            for p in self._check_placements("after", after, need_ids=True)
            if p.employee_id is not None
        }
        return Movement(
            moves=tuple(
                _move(employee, earlier.get(employee), later.get(employee))
                for employee in sorted(earlier.keys() | later.keys())
            )
        )
