"""Plots for notebooks and reports (extra ``perfcore[plot]``: matplotlib).

Each function returns a :class:`matplotlib.figure.Figure` built directly (not
through ``pyplot``), so no window or GUI backend is touched; nothing is saved
or shown: call ``figure.savefig(...)`` or display it in a notebook yourself.
matplotlib is imported only when a function is called; without it the call
raises :class:`perfcore.MissingDependency` naming the extra to install.

- :func:`nine_box_figure`: the grid with each cell's name and head count.
- :func:`rating_distribution_figure`: each rater's (or group's) ratings on
  0–1 as a box plot with the group mean, against the organisation's mean.
- :func:`coverage_heatmap_figure`: people × competencies, coloured by the
  assessed level, from a :class:`~perfcore.competency.coverage.Coverage` or
  from rows with ``person``, ``competency`` and ``level``.

>>> from perfcore.analytics.ninebox import NineBox
>>> box = NineBox()
>>> figure = nine_box_figure([box.place(0.9, 0.9)], box)  # doctest: +SKIP
>>> figure.axes[0].get_title()  # doctest: +SKIP
'Nine-box grid: 1 placed'
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from perfcore import _validators as v
from perfcore.analytics.ninebox import NineBox, Placement
from perfcore.analytics.records import GroupKey, RatingRecord, group_of
from perfcore.analytics.talent import NO_GROUP
from perfcore.competency.coverage import Coverage
from perfcore.errors import MissingDependency, Problem, ValidationError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["coverage_heatmap_figure", "nine_box_figure", "rating_distribution_figure"]


def _matplotlib(feature: str) -> tuple[ModuleType, ModuleType, ModuleType]:
    """``matplotlib.figure``, ``matplotlib.patches`` and ``numpy``, or MissingDependency."""
    try:
        importlib.import_module("matplotlib")
        figure = importlib.import_module("matplotlib.figure")
        patches = importlib.import_module("matplotlib.patches")
        numpy = importlib.import_module("numpy")
    except ImportError:
        raise MissingDependency(feature, "matplotlib", "plot") from None
    return figure, patches, numpy


def _fmt(number: float) -> str:
    return f"{number:.3g}"


# --- nine-box -------------------------------------------------------------------------


def nine_box_figure(placements: Sequence[Placement], nine_box: NineBox) -> Figure:
    """The grid of ``nine_box`` with each cell's name and how many ``placements`` it holds.

    Cells are drawn at their real cut points (performance across, potential
    up), shaded by head count; the title gives the placed and unplaced
    counts. The placements must come from ``nine_box`` (see
    :meth:`NineBox.counts`).
    """
    figure_module, patches, _ = _matplotlib("nine_box_figure")
    if not isinstance(nine_box, NineBox):
        raise ValidationError.single("nine_box", f"must be a NineBox, got {v.describe(nine_box)}")
    counts = nine_box.counts(placements)
    x_edges = (0.0, *nine_box.performance_cuts, 1.0)
    y_edges = (0.0, *nine_box.potential_cuts, 1.0)
    most = max((cell.count for cell in counts), default=0)
    figure: Figure = figure_module.Figure(
        figsize=(1.6 * nine_box.columns + 2, 1.4 * nine_box.rows + 1.5), layout="constrained"
    )
    axes = figure.add_subplot()
    for cell in counts:
        left, right = x_edges[cell.column], x_edges[cell.column + 1]
        bottom, top = y_edges[cell.row], y_edges[cell.row + 1]
        shade = 0.15 + 0.6 * (cell.count / most) if most else 0.15
        axes.add_patch(
            patches.Rectangle(
                (left, bottom),
                right - left,
                top - bottom,
                facecolor=(0.13, 0.4, 0.7, shade),
                edgecolor="white",
                linewidth=2,
            )
        )
        axes.text(
            (left + right) / 2,
            (bottom + top) / 2,
            f"{cell.label}\n{cell.count}",
            ha="center",
            va="center",
            fontsize=9,
        )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_xticks(x_edges)
    axes.set_yticks(y_edges)
    axes.set_xticklabels([_fmt(x) for x in x_edges])
    axes.set_yticklabels([_fmt(y) for y in y_edges])
    axes.set_xlabel("Performance")
    axes.set_ylabel("Potential")
    title = f"Nine-box grid: {counts.placed} placed"
    if counts.unplaced:
        title += f", {len(counts.unplaced)} unplaced"
    axes.set_title(title)
    return figure


# --- rating distribution --------------------------------------------------------------


def _ratings(records: object, dimension: object) -> tuple[RatingRecord, ...]:
    if isinstance(records, str | bytes) or not isinstance(records, Sequence):
        raise ValidationError.single(
            "records", f"must be a sequence of RatingRecord, got {v.describe(records)}"
        )
    items = tuple(records)
    problems = [
        Problem(path=f"records[{i}]", message=f"must be a RatingRecord, got {v.describe(x)}")
        for i, x in enumerate(items)
        if not isinstance(x, RatingRecord)
    ]
    if dimension is not None and (not isinstance(dimension, str) or not dimension.strip()):
        problems.append(
            Problem(
                path="dimension",
                message=f"must be None or a dimension name, got {v.describe(dimension)}",
            )
        )
    if problems:
        raise ValidationError(problems)
    chosen = tuple(r for r in items if dimension is None or r.dimension == dimension)
    if not chosen:
        where = "" if dimension is None else f" on dimension {dimension!r}"
        raise ValidationError.single("records", f"must hold at least one rating{where}")
    return chosen


def _group_name(by: GroupKey) -> str:
    if by is None:
        return "organisation"
    return by if isinstance(by, str) else "group"


def rating_distribution_figure(
    records: Sequence[RatingRecord],
    by: GroupKey = "rater_id",
    *,
    dimension: str | None = None,
) -> Figure:
    """Each group's ratings on 0–1 (a box per group, its mean marked) against the organisation.

    ``by`` groups the records as in :func:`~perfcore.analytics.records.group_of`
    (by default per rater, i.e. per manager); records in no group are shown
    as the group ``"(none)"``, last. Ratings on different scales are compared
    through :attr:`RatingRecord.normalised`. ``dimension`` keeps only ratings
    of that dimension (``"overall"``, a goal id); ``None`` keeps all. The
    dashed line is the organisation's mean over every rating shown.
    """
    figure_module, _, _ = _matplotlib("rating_distribution_figure")
    chosen = _ratings(records, dimension)
    groups: dict[str, list[float]] = {}
    for record in chosen:
        found = group_of(record, by)
        groups.setdefault(NO_GROUP if found is None else found, []).append(record.normalised)
    names = sorted(groups, key=lambda g: (g == NO_GROUP, g))
    values = [groups[name] for name in names]
    means = [math.fsum(group) / len(group) for group in values]
    everyone = [value for group in values for value in group]
    organisation = math.fsum(everyone) / len(everyone)
    positions = list(range(1, len(names) + 1))
    figure: Figure = figure_module.Figure(
        figsize=(max(5.0, 1.1 * len(names) + 2), 4.5), layout="constrained"
    )
    axes = figure.add_subplot()
    axes.boxplot(values, positions=positions, widths=0.5)
    axes.plot(positions, means, "D", color="tab:orange", label="group mean")
    axes.axhline(
        organisation,
        linestyle="--",
        color="tab:red",
        label=f"organisation mean {_fmt(organisation)}",
    )
    axes.set_xticks(positions)
    axes.set_xticklabels([f"{name}\n(n={len(groups[name])})" for name in names])
    axes.set_ylim(-0.05, 1.05)
    axes.set_ylabel("Rating, normalised to 0–1")
    axes.set_xlabel(_group_name(by))
    scope = "" if dimension is None else f" on {dimension!r}"
    axes.set_title(
        f"Ratings{scope} by {_group_name(by)}: {len(everyone)} ratings, {len(names)} groups"
    )
    axes.legend(loc="lower right", fontsize=8)
    return figure


# --- competency coverage --------------------------------------------------------------

_Cells = dict[tuple[str, str], float | None]


def _level(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _pick(row: Mapping[str, Any], *keys: str) -> object:
    for key in keys:
        if key in row:
            return row[key]
    return None


def _from_coverage(result: Coverage) -> tuple[str, list[str], list[str], _Cells]:
    if not result.people or not result.rows:
        raise ValidationError.single("rows", "must cover at least one person and one competency")
    column = {
        row.competency_id: f"{row.competency_id}\n(req {_fmt(row.required)})" for row in result.rows
    }
    cells: _Cells = {(e.person_id, column[e.competency_id]): e.assessed for e in result.entries}
    return (
        f"Competency coverage: profile {result.profile_id!r}",
        list(result.people),
        [column[c] for c in result.competency_ids],
        cells,
    )


def _row_cell(where: str, row: object) -> tuple[str, str, float | None] | list[Problem]:
    """One row's (person, competency, level), or what is wrong with it."""
    if not isinstance(row, Mapping):
        return [Problem(path=where, message=f"must be a mapping, got {v.describe(row)}")]
    person = _pick(row, "person", "person_id")
    competency = _pick(row, "competency", "competency_id")
    level = _pick(row, "level", "assessed")
    problems = [
        Problem(
            path=f"{where}.{key}", message=f"must be a non-empty string, got {v.describe(value)}"
        )
        for key, value in (("person", person), ("competency", competency))
        if not isinstance(value, str) or not value.strip()
    ]
    if not _level(level):
        problems.append(
            Problem(
                path=f"{where}.level", message=f"must be a number or None, got {v.describe(level)}"
            )
        )
    if problems:
        return problems
    return cast("str", person), cast("str", competency), cast("float | None", level)


def _coverage_cells(rows: object) -> tuple[str, list[str], list[str], _Cells]:
    """Title, people, competencies (in order) and levels, from a Coverage or from rows."""
    if isinstance(rows, Coverage):
        return _from_coverage(rows)
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise ValidationError.single(
            "rows",
            "must be a Coverage or a sequence of mappings with person, competency and level,"
            f" got {v.describe(rows)}",
        )
    people: dict[str, None] = {}
    competencies: dict[str, None] = {}
    found: _Cells = {}
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        cell = _row_cell(f"rows[{index}]", row)
        if isinstance(cell, list):
            problems.extend(cell)
            continue
        person, competency, level = cell
        if (person, competency) in found:
            problems.append(
                Problem(
                    path=f"rows[{index}]",
                    message=f"repeats person {person!r} on competency {competency!r}",
                )
            )
            continue
        people.setdefault(person)
        competencies.setdefault(competency)
        found[(person, competency)] = level
    if problems:
        raise ValidationError(problems)
    if not found:
        raise ValidationError.single("rows", "must hold at least one row")
    return "Competency coverage", list(people), list(competencies), found


def coverage_heatmap_figure(rows: Coverage | Sequence[Mapping[str, Any]]) -> Figure:
    """People (rows) × competencies (columns), coloured by assessed level, each cell labelled.

    ``rows`` is a :class:`~perfcore.competency.coverage.Coverage` (people
    sorted, competencies in profile order, each column showing its required
    level) or a sequence of mappings with ``person``, ``competency`` and
    ``level`` (``person_id``, ``competency_id`` and ``assessed`` also work, as
    in :meth:`Coverage.records`), in order of first appearance. A level of
    ``None`` (not rated) is left blank and marked ``–``.
    """
    figure_module, _, numpy = _matplotlib("coverage_heatmap_figure")
    title, people, competencies, cells = _coverage_cells(rows)
    grid = numpy.array(
        [
            [math.nan if cells.get((p, c)) is None else cells[(p, c)] for c in competencies]
            for p in people
        ],
        dtype=float,
    )
    masked = numpy.ma.masked_invalid(grid)
    known = [level for level in cells.values() if level is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    if low == high:
        low, high = low - 0.5, high + 0.5
    figure: Figure = figure_module.Figure(
        figsize=(max(4.0, 1.2 * len(competencies) + 2.5), max(3.0, 0.5 * len(people) + 2)),
        layout="constrained",
    )
    axes = figure.add_subplot()
    image = axes.imshow(masked, cmap="viridis", vmin=low, vmax=high, aspect="auto")
    for i, person in enumerate(people):
        for j, competency in enumerate(competencies):
            level = cells.get((person, competency))
            dark = level is not None and level < (low + high) / 2
            axes.text(
                j,
                i,
                "–" if level is None else _fmt(level),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if dark else "black",
            )
    axes.set_xticks(range(len(competencies)))
    axes.set_xticklabels(competencies)
    axes.set_yticks(range(len(people)))
    axes.set_yticklabels(people)
    axes.set_xlabel("Competency")
    axes.set_ylabel("Person")
    axes.set_title(title)
    figure.colorbar(image, ax=axes, label="Assessed level")
    return figure
