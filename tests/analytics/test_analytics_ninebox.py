"""The nine-box grid: worked examples, placement properties, movement, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expect import check_value_object, rejects, rejects_all
from perfcore.analytics.ninebox import (
    DEFAULT_NINE_BOX_LABELS,
    Cell,
    Move,
    MoveCategory,
    Movement,
    NineBox,
    NineBoxCounts,
    Placement,
)
from perfcore.analytics.records import TalentRecord
from perfcore.strategies import Registry

BOX = NineBox()
FRACTIONS = st.floats(min_value=0, max_value=1, allow_nan=False)


def talent(employee_id: str, performance: float | None, potential: float | None) -> TalentRecord:
    return TalentRecord(employee_id=employee_id, performance=performance, potential=potential)


@st.composite
def cut_points(draw: st.DrawFn) -> tuple[float, ...]:
    """1 to 5 distinct, increasing cut points strictly inside (0, 1)."""
    cuts = draw(
        st.lists(
            st.floats(min_value=0.01, max_value=0.99, allow_nan=False),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    return tuple(sorted(cuts))


@st.composite
def grids(draw: st.DrawFn) -> NineBox:
    return NineBox(performance_cuts=draw(cut_points()), potential_cuts=draw(cut_points()))


# --- worked examples ------------------------------------------------------------------


def test_default_grid_names_every_cell() -> None:
    # Centre of each third: 1/6, 1/2, 5/6.
    centres = (1 / 6, 1 / 2, 5 / 6)
    names = [
        [BOX.place(performance, potential).label for performance in centres]
        for potential in reversed(centres)
    ]
    assert names == [
        ["Rough diamond", "Emerging talent", "Future leader"],
        ["Inconsistent player", "Core player", "High performer"],
        ["Under-performer", "Solid contributor", "Trusted professional"],
    ]
    assert BOX.columns == BOX.rows == 3
    assert BOX.labels == DEFAULT_NINE_BOX_LABELS


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (0, 0),
        (0.333, 0),
        (1 / 3, 1),  # equal to the first cut: the higher cell
        (0.5, 1),
        (2 / 3, 2),  # equal to the second cut: the higher cell
        (0.9, 2),
        (1, 2),
    ],
)
def test_a_value_equal_to_a_cut_goes_to_the_higher_cell(value: float, cell: int) -> None:
    placed = BOX.place(value, value)
    assert (placed.column, placed.row) == (cell, cell)


def test_placement_records_the_inputs() -> None:
    placed = BOX.place(0.8, 0.2, employee_id="ann")
    assert placed == Placement(
        employee_id="ann",
        performance=0.8,
        potential=0.2,
        column=2,
        row=0,
        label="Trusted professional",
    )
    assert placed.placed
    assert placed.as_record() == {
        "employee_id": "ann",
        "performance": 0.8,
        "potential": 0.2,
        "column": 2,
        "row": 0,
        "label": "Trusted professional",
        "reason": None,
    }
    check_value_object(placed)


def test_a_five_by_three_grid() -> None:
    labels = (
        ("A1", "A2", "A3", "A4", "A5"),
        ("B1", "B2", "B3", "B4", "B5"),
        ("C1", "C2", "C3", "C4", "C5"),
    )
    grid = NineBox(performance_cuts=(0.2, 0.4, 0.6, 0.8), potential_cuts=(0.3, 0.7), labels=labels)
    assert (grid.columns, grid.rows) == (5, 3)
    # performance 0.4 is on the second cut → column 2 ("3"); potential 0.5 → middle row "B".
    assert grid.place(0.4, 0.5).label == "B3"
    assert grid.place(0.19, 0.7).label == "A1"
    assert grid.place(1, 0).label == "C5"
    assert grid.label_at(4, 2) == "A5"


def test_other_sizes_get_generic_names() -> None:
    grid = NineBox(performance_cuts=(0.5,), potential_cuts=(0.25, 0.5, 0.75))
    assert grid.labels == (
        ("perf 1 / pot 4", "perf 2 / pot 4"),
        ("perf 1 / pot 3", "perf 2 / pot 3"),
        ("perf 1 / pot 2", "perf 2 / pot 2"),
        ("perf 1 / pot 1", "perf 2 / pot 1"),
    )


def test_place_all_sorts_and_keeps_the_unplaced() -> None:
    placements = BOX.place_all(
        [
            talent("cy", None, None),
            talent("ann", 0.9, 0.9),
            talent("bo", 0.5, None),
            talent("di", None, 0.2),
        ]
    )
    assert [(p.employee_id, p.label, p.reason) for p in placements] == [
        ("ann", "Future leader", None),
        ("bo", None, "potential unknown"),
        ("cy", None, "performance and potential unknown"),
        ("di", None, "performance unknown"),
    ]
    assert placements[1].performance == 0.5
    assert placements[1].column is None


# Four people on the default grid (hand-checked):
#   ann 0.9/0.9 → Future leader; bo 0.8/0.7 → Future leader; cy 0.5/0.5 → Core player;
#   di 0.1/0.1 → Under-performer; ed has no potential → unplaced.
SNAPSHOT = BOX.place_all(
    [
        talent("ann", 0.9, 0.9),
        talent("bo", 0.8, 0.7),
        talent("cy", 0.5, 0.5),
        talent("di", 0.1, 0.1),
        talent("ed", 0.4, None),
    ]
)


def test_counts_worked_example() -> None:
    counts = BOX.counts(SNAPSHOT)
    assert counts.table() == ((0, 0, 2), (0, 1, 0), (1, 0, 0))
    assert counts.placed == 4
    assert counts.total == 5
    assert [p.employee_id for p in counts.unplaced] == ["ed"]
    assert counts.count("Future leader") == 2
    top_right = counts.cells[0][2]
    assert top_right == Cell(
        column=2, row=2, label="Future leader", count=2, employee_ids=("ann", "bo")
    )
    assert list(counts.by_label()) == [name for row in DEFAULT_NINE_BOX_LABELS for name in row]
    assert counts.as_records()[2] == {
        "label": "Future leader",
        "column": 2,
        "row": 2,
        "count": 2,
    }
    assert len(list(counts)) == 9
    check_value_object(counts)


def test_counts_of_an_unknown_label_is_refused() -> None:
    rejects(lambda: BOX.counts(SNAPSHOT).count("Star"), "label", "no cell is named 'Star'")


def test_movement_worked_example() -> None:
    # ann stays top right; bo's potential falls a row (0.7 → 0.5); cy rises on both axes;
    # di moves one column right on the bottom row (up); ed had no potential before;
    # fay is new; gus is only in the earlier snapshot; hal crosses from top left to
    # bottom right (performance +2, potential −2: mixed).
    before = (
        *SNAPSHOT,
        BOX.place(0.5, 0.9, employee_id="gus"),
        BOX.place(0.1, 0.9, employee_id="hal"),
    )
    after = BOX.place_all(
        [
            talent("ann", 0.95, 0.95),
            talent("bo", 0.8, 0.5),
            talent("cy", 0.7, 0.8),
            talent("di", 0.5, 0.1),
            talent("ed", 0.4, 0.4),
            talent("fay", 0.2, 0.9),
            talent("hal", 0.9, 0.1),
        ]
    )
    movement = BOX.movement(before, after)
    table = {m.employee_id: (m.category, m.column_change, m.row_change) for m in movement}
    assert table == {
        "ann": (MoveCategory.STAYED, 0, 0),
        "bo": (MoveCategory.DOWN, 0, -1),
        "cy": (MoveCategory.UP, 1, 1),
        "di": (MoveCategory.UP, 1, 0),
        "ed": (MoveCategory.UNPLACED, None, None),
        "fay": (MoveCategory.ENTERED, None, None),
        "gus": (MoveCategory.LEFT, None, None),
        "hal": (MoveCategory.MIXED, 2, -2),
    }
    assert [m.employee_id for m in movement] == sorted(table)
    assert movement.counts() == {
        "up": 2,
        "down": 1,
        "stayed": 1,
        "mixed": 1,
        "entered": 1,
        "left": 1,
        "unplaced": 1,
    }
    assert movement.ids(MoveCategory.UP) == ("cy", "di")
    explained = {m.employee_id: m.explanation for m in movement}
    assert explained["ann"] == "stayed in 'Future leader'"
    assert explained["bo"] == (
        "'Future leader' → 'High performer': performance column ±0, potential row −1: down"
    )
    assert explained["hal"] == (
        "'Rough diamond' → 'Trusted professional': performance column +2, potential row −2: mixed"
    )
    assert explained["ed"] == "unplaced (potential unknown) → 'Core player': not comparable"
    assert explained["fay"] == "not in the earlier snapshot; now 'Rough diamond'"
    assert explained["gus"] == "was 'Emerging talent'; not in the later snapshot"
    assert movement.as_records()[1]["after"] == "High performer"
    assert len(movement) == 8
    check_value_object(movement)


def test_registry_round_trip() -> None:
    grid = NineBox(
        performance_cuts=(0.25, 0.75),
        potential_cuts=(0.5,),
        labels=(("a", "b", "c"), ("d", "e", "f")),
    )
    registry = Registry.empty().register(NineBox.NAME, NineBox.from_params)
    data = registry.config_of(grid)
    assert data == {
        "strategy": "nine_box",
        "params": {
            "performance_cuts": [0.25, 0.75],
            "potential_cuts": [0.5],
            "labels": [["a", "b", "c"], ["d", "e", "f"]],
        },
    }
    assert registry.build(data) == grid
    assert NineBox.from_params({}) == BOX
    check_value_object(grid)


# --- properties -----------------------------------------------------------------------


@given(grids(), FRACTIONS, FRACTIONS, FRACTIONS, FRACTIONS)
def test_placement_is_monotone_in_both_axes(
    grid: NineBox, performance: float, other: float, potential: float, higher: float
) -> None:
    low, high = sorted((performance, other))
    low_pot, high_pot = sorted((potential, higher))
    a = grid.place(low, low_pot)
    b = grid.place(high, low_pot)
    c = grid.place(low, high_pot)
    assert a.column is not None
    assert b.column is not None
    assert c.row is not None
    assert a.row is not None
    assert b.column >= a.column  # more performance never lowers the column
    assert c.row >= a.row  # more potential never lowers the row
    assert b.row == a.row  # and never moves the other axis
    assert c.column == a.column


@given(grids(), FRACTIONS, FRACTIONS)
def test_every_value_lands_in_exactly_one_cell(
    grid: NineBox, performance: float, potential: float
) -> None:
    placed = grid.place(performance, potential)
    x_edges = (0.0, *grid.performance_cuts, 1.0)
    y_edges = (0.0, *grid.potential_cuts, 1.0)

    def holds(edges: tuple[float, ...], index: int, value: float) -> bool:
        last = index == len(edges) - 2
        return edges[index] <= value < edges[index + 1] or (last and value == 1)

    columns = [i for i in range(grid.columns) if holds(x_edges, i, performance)]
    rows = [i for i in range(grid.rows) if holds(y_edges, i, potential)]
    assert columns == [placed.column]
    assert rows == [placed.row]
    assert placed.label == grid.label_at(columns[0], rows[0])


@given(st.lists(st.tuples(st.none() | FRACTIONS, st.none() | FRACTIONS), min_size=0, max_size=12))
def test_counts_add_up(values: list[tuple[float | None, float | None]]) -> None:
    records = [talent(f"e{i:02}", perf, pot) for i, (perf, pot) in enumerate(values)]
    counts = BOX.counts(BOX.place_all(records))
    assert counts.total == len(records)
    unknown = sum(1 for perf, pot in values if perf is None or pot is None)
    assert len(counts.unplaced) == unknown
    assert sum(sum(row) for row in counts.table()) == len(records) - unknown


SNAPSHOTS = st.dictionaries(
    st.sampled_from([f"e{i}" for i in range(8)]),
    st.tuples(st.none() | FRACTIONS, FRACTIONS),
    max_size=8,
)


@given(SNAPSHOTS, SNAPSHOTS)
def test_movement_categories_are_consistent(
    first: dict[str, tuple[float | None, float]], second: dict[str, tuple[float | None, float]]
) -> None:
    before = BOX.place_all([talent(e, perf, pot) for e, (perf, pot) in first.items()])
    after = BOX.place_all([talent(e, perf, pot) for e, (perf, pot) in second.items()])
    movement = BOX.movement(before, after)
    assert {m.employee_id for m in movement} == first.keys() | second.keys()
    assert set(movement.ids(MoveCategory.ENTERED)) == second.keys() - first.keys()
    assert set(movement.ids(MoveCategory.LEFT)) == first.keys() - second.keys()
    assert sum(movement.counts().values()) == len(movement)
    for move in movement:
        if move.column_change is None or move.row_change is None:
            assert move.category in {
                MoveCategory.ENTERED,
                MoveCategory.LEFT,
                MoveCategory.UNPLACED,
            }
            continue
        changes = (move.column_change, move.row_change)
        expected = {
            MoveCategory.STAYED: changes == (0, 0),
            MoveCategory.UP: min(changes) >= 0 and max(changes) > 0,
            MoveCategory.DOWN: max(changes) <= 0 and min(changes) < 0,
            MoveCategory.MIXED: min(changes) < 0 < max(changes),
        }
        assert [c for c, holds in expected.items() if holds] == [move.category]
    # The reverse movement mirrors every category.
    mirror = {
        MoveCategory.UP: MoveCategory.DOWN,
        MoveCategory.DOWN: MoveCategory.UP,
        MoveCategory.ENTERED: MoveCategory.LEFT,
        MoveCategory.LEFT: MoveCategory.ENTERED,
    }
    back = {m.employee_id: m.category for m in BOX.movement(after, before)}
    for move in movement:
        assert back[move.employee_id] == mirror.get(move.category, move.category)


# --- refusals -------------------------------------------------------------------------


def test_rejects_cuts_that_are_not_a_tuple() -> None:
    rejects(lambda: NineBox(performance_cuts=[0.5]), "NineBox.performance_cuts", "must be a tuple")  # type: ignore[arg-type]


def test_rejects_no_cuts() -> None:
    rejects(
        lambda: NineBox(potential_cuts=(), labels=(("a", "b", "c"),)),
        "NineBox.potential_cuts",
        "at least one cut point",
    )


@pytest.mark.parametrize("cut", [0, 1, 1.5, -0.2, float("nan"), True, "0.5"])
def test_rejects_cuts_outside_the_open_unit_interval(cut: object) -> None:
    rejects(
        lambda: NineBox(performance_cuts=(cut, 0.9)),  # type: ignore[arg-type]
        "NineBox.performance_cuts",
        "cut 0 must be a number strictly between 0 and 1",
    )


def test_rejects_cuts_that_do_not_increase() -> None:
    rejects(
        lambda: NineBox(performance_cuts=(0.5, 0.5)),
        "NineBox.performance_cuts",
        r"strictly increasing: cut 1 \(0.5\) is not above cut 0 \(0.5\)",
    )


def test_rejects_labels_with_the_wrong_number_of_rows() -> None:
    rejects(
        lambda: NineBox(labels=DEFAULT_NINE_BOX_LABELS[:2]),
        "NineBox.labels",
        r"must have 3 rows \(one more than the 2 potential cuts\), got 2",
    )


def test_rejects_labels_with_a_short_row() -> None:
    rejects(
        lambda: NineBox(labels=(("a", "b", "c"), ("d", "e"), ("f", "g", "h"))),
        "NineBox.labels",
        r"row 1 must have 3 names \(one more than the 2 performance cuts\), got 2",
    )


def test_rejects_repeated_or_empty_names() -> None:
    rejects(
        lambda: NineBox(labels=(("a", "b", "c"), ("d", "e", "f"), ("g", "a", "h"))),
        "NineBox.labels",
        "must not repeat names, repeated: 'a'",
    )
    rejects(
        lambda: NineBox(labels=(("a", "b", "c"), ("d", " ", "f"), ("g", "i", "h"))),
        "NineBox.labels",
        "row 1, cell 1 must be a non-empty name",
    )
    rejects(
        lambda: NineBox(labels=[["a"]]),  # type: ignore[arg-type]
        "NineBox.labels",
        "must be a tuple of rows",
    )


def test_bad_cuts_do_not_hide_the_other_problems() -> None:
    rejects_all(
        lambda: NineBox(performance_cuts=(0.9, 0.1), potential_cuts=(2,)),
        "NineBox.performance_cuts",
        "NineBox.potential_cuts",
    )


@pytest.mark.parametrize(
    ("performance", "potential", "paths"),
    [
        (1.1, 0.5, ("performance",)),
        (0.5, -0.1, ("potential",)),
        (None, "high", ("performance", "potential")),
        (float("inf"), True, ("performance", "potential")),
    ],
)
def test_place_rejects_values_off_the_unit_interval(
    performance: object, potential: object, paths: tuple[str, ...]
) -> None:
    error = rejects_all(lambda: BOX.place(performance, potential), *paths)  # type: ignore[arg-type]
    assert "must be a number from 0 to 1" in str(error)


def test_place_rejects_a_blank_employee_id() -> None:
    rejects(lambda: BOX.place(0.5, 0.5, employee_id=" "), "employee_id", "non-empty string")


def test_place_all_rejects_bad_records() -> None:
    rejects(lambda: BOX.place_all("ann"), "records", "must be a sequence of TalentRecord")  # type: ignore[arg-type]
    rejects(
        lambda: BOX.place_all([talent("ann", 0.5, 0.5), {"employee_id": "bo"}]),  # type: ignore[list-item]
        "records[1]",
        "must be a TalentRecord, got dict",
    )
    rejects(
        lambda: BOX.place_all([talent("ann", 0.5, 0.5), talent("ann", 0.6, 0.6)]),
        "records[1].employee_id",
        r"'ann' is already in records\[0\]; give one record per employee",
    )


def test_placement_rejects_inconsistent_fields() -> None:
    rejects(
        lambda: Placement(performance=0.5, potential=0.5, column=1, row=1),
        "Placement.reason",
        "is required when column, row or label is missing",
    )
    rejects(
        lambda: Placement(column=1, row=1, label="x"),
        "Placement.reason",
        "is required when performance or potential is unknown",
    )
    rejects(
        lambda: Placement(
            performance=0.5, potential=0.5, column=1, row=1, label="x", reason="because"
        ),
        "Placement.reason",
        "must be None for a placed record",
    )


def test_label_at_rejects_cells_off_the_grid() -> None:
    rejects_all(lambda: BOX.label_at(3, -1), "column", "row")


def test_counts_and_movement_refuse_placements_from_another_grid() -> None:
    other = NineBox(labels=(("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i")))
    rejects(
        lambda: BOX.counts([other.place(0.5, 0.5)]),
        "placements[0]",
        "was placed on another grid: cell \\(1, 1\\) is 'Core player' here, not 'e'",
    )
    wide = NineBox(performance_cuts=(0.2, 0.4, 0.6, 0.8), potential_cuts=(0.5,))
    rejects(
        lambda: BOX.movement([wide.place(0.9, 0.9, employee_id="x")], []),
        "before[0]",
        r"cell \(4, 1\) is outside this 3 × 3 grid",
    )
    rejects(lambda: BOX.counts([0.5]), "placements[0]", "must be a Placement, got float")  # type: ignore[list-item]


def test_movement_needs_employee_ids_once_each() -> None:
    rejects(
        lambda: BOX.movement([BOX.place(0.5, 0.5)], []),
        "before[0].employee_id",
        "is required to match snapshots by employee",
    )
    twice = [BOX.place(0.5, 0.5, employee_id="ann"), BOX.place(0.9, 0.5, employee_id="ann")]
    rejects(lambda: BOX.movement([], twice), "after[1].employee_id", r"already in after\[0\]")
    rejects(lambda: BOX.counts(twice), "placements[1].employee_id", "already in")


def test_counts_allow_anonymous_placements() -> None:
    counts = BOX.counts([BOX.place(0.5, 0.5), BOX.place(0.5, 0.5)])
    assert counts.count("Core player") == 2
    assert counts.cells[1][1].employee_ids == ()


def test_from_params_reports_bad_data_under_params() -> None:
    rejects(
        lambda: NineBox.from_params({"labels": [["a"]]}),
        "$.params.labels",
        "must have 3 rows",
    )
    rejects(lambda: NineBox.from_params({"size": 3}), "$.params.size", "not a parameter")


def test_results_are_value_objects() -> None:
    move = Move(employee_id="x", category=MoveCategory.LEFT, explanation="gone")
    check_value_object(move)
    check_value_object(Cell(column=0, row=0, label="a", count=0))
    check_value_object(NineBoxCounts(cells=()))
    check_value_object(Movement(moves=(move,)))
    check_value_object(BOX)
