"""Plots for notebooks and reports (extra ``perfcore[plot]``: matplotlib).

Each function returns a :class:`matplotlib.figure.Figure` built directly (not
through ``pyplot``), so no window or GUI backend is touched; nothing is saved
or shown. A figure it makes shows itself as a PNG when it ends a notebook cell,
with no ``%matplotlib`` set-up (it has ``_repr_png_``); ``figure.savefig(...)``
writes it to a file. Given ``ax=`` (a matplotlib ``Axes``), a function draws
into that axes instead and returns the figure the axes belongs to, so plots
can share one figure. matplotlib is imported only when a function is called;
without it the call raises :class:`perfcore.MissingDependency` naming the
extra to install.

Many groups (500 managers) do not make an image 500 boxes wide: ``sort=``
orders the groups, ``top=`` keeps the first ones in that order, and without
``top`` at most :data:`MAX_GROUPS` groups (:data:`MAX_PEOPLE` people in a
heatmap) are drawn, the title saying how many of how many are shown; a
figure is never wider or taller than :data:`MAX_INCHES` inches.

- :func:`nine_box_figure`: the grid with each cell's name and head count.
- :func:`rating_distribution_figure`: each rater's (or group's) ratings on
  0–1 as a box plot with the group mean, against the organisation's mean.
- :func:`coverage_heatmap_figure`: people × competencies, coloured by the
  assessed level, from a :class:`~perfcore.competency.coverage.Coverage` or
  from rows with ``person``, ``competency`` and ``level``.
- :func:`increase_by_band_figure`: the mean merit increase per rating band,
  a bar per manager (or department, or group).

>>> from perfcore.analytics.ninebox import NineBox
>>> box = NineBox()
>>> figure = nine_box_figure([box.place(0.9, 0.9)], box)  # doctest: +SKIP
>>> figure.axes[0].get_title()  # doctest: +SKIP
'Nine-box grid: 1 placed'
"""

from __future__ import annotations

import functools
import importlib
import io
import math
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import attrs

from perfcore import _validators as v
from perfcore.analytics.ninebox import NineBox, Placement
from perfcore.analytics.records import GroupKey, RatingRecord, group_of
from perfcore.analytics.talent import NO_GROUP
from perfcore.compensation import Award
from perfcore.competency.coverage import Coverage
from perfcore.errors import MissingDependency, Problem, ValidationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MAX_FACETS",
    "MAX_GROUPS",
    "MAX_INCHES",
    "MAX_PEOPLE",
    "coverage_heatmap_figure",
    "increase_by_band_figure",
    "nine_box_figure",
    "rating_distribution_figure",
]

MAX_GROUPS = 40
"""The most groups a rating distribution draws per panel unless ``top=`` says otherwise."""
MAX_PEOPLE = 60
"""The most people a coverage heatmap draws unless ``top=`` says otherwise."""
MAX_INCHES = 16.0
"""The widest and tallest figure a plot function makes, in inches (1600 pixels at 100 dpi)."""
MAX_FACETS = 6
"""The most panels a faceted rating distribution draws."""

_UPRIGHT = 12
"""Up to this many groups, tick labels stand upright; beyond, they turn."""

_GROUP_ORDERS = ("name", "mean", "count", "deviation")
"""What ``rating_distribution_figure(sort=...)`` orders groups by."""
_PEOPLE_ORDERS = ("given", "name", "level")
"""What ``coverage_heatmap_figure(sort=...)`` orders people by."""


def _matplotlib(feature: str) -> tuple[ModuleType, ModuleType, ModuleType, ModuleType]:
    """``matplotlib.figure``, ``matplotlib.patches``, ``matplotlib.axes`` and ``numpy``."""
    try:
        importlib.import_module("matplotlib")
        figure = importlib.import_module("matplotlib.figure")
        patches = importlib.import_module("matplotlib.patches")
        axes = importlib.import_module("matplotlib.axes")
        numpy = importlib.import_module("numpy")
    except ImportError:
        raise MissingDependency(feature, "matplotlib", "plot") from None
    return figure, patches, axes, numpy


def _png(figure: Figure) -> bytes:
    """The figure as PNG bytes, as a notebook shows it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _new_figure(figure_module: ModuleType, width: float, height: float) -> Figure:
    """A Figure, at most MAX_INCHES each way, that a notebook cell shows as a PNG.

    IPython shows an object by its ``_repr_png_`` when no formatter is set up
    for its type (``%matplotlib inline`` sets one for figures; a notebook
    that never imported ``pyplot`` has none and shows only the text
    ``<Figure size ...>``), so the figure gets one. It stays a plain
    matplotlib Figure otherwise (it pickles and saves as any other).
    """
    size = (min(width, MAX_INCHES), min(height, MAX_INCHES))
    figure: Figure = figure_module.Figure(figsize=size, layout="constrained")
    vars(figure)["_repr_png_"] = functools.partial(_png, figure)
    return figure


def _check_ax(ax: object, axes_module: ModuleType) -> Axes | None:
    """``ax`` if it is a matplotlib Axes (or None); a ValidationError at ``ax`` otherwise."""
    if ax is None or isinstance(ax, axes_module.Axes):
        return cast("Axes | None", ax)
    raise ValidationError.single(
        "ax", f"must be a matplotlib Axes (or None for a new figure), got {v.describe(ax)}"
    )


def _canvas(
    figure_module: ModuleType, ax: Axes | None, width: float, height: float
) -> tuple[Figure, Axes]:
    """The figure and axes to draw in: ``ax`` and its figure, or a new figure's one axes."""
    if ax is not None:
        return cast("Figure", ax.get_figure(root=True)), ax
    figure = _new_figure(figure_module, width, height)
    return figure, figure.add_subplot()


def _check_top(top: object) -> int | None:
    if top is None:
        return None
    if isinstance(top, int) and not isinstance(top, bool) and top >= 1:
        return top
    raise ValidationError.single(
        "top", f"must be a whole number from 1 (or None), got {v.describe(top)}"
    )


def _check_sort(sort: object, allowed: tuple[str, ...]) -> str:
    if isinstance(sort, str) and sort in allowed:
        return sort
    names = ", ".join(repr(name) for name in allowed)
    raise ValidationError.single("sort", f"must be one of {names}, got {v.describe(sort)}")


def _fmt(number: float) -> str:
    return f"{number:.3g}"


# --- nine-box -------------------------------------------------------------------------


def nine_box_figure(
    placements: Sequence[Placement], nine_box: NineBox, *, ax: Axes | None = None
) -> Figure:
    """The grid of ``nine_box`` with each cell's name and how many ``placements`` it holds.

    Cells are drawn at their real cut points (performance across, potential
    up), shaded by head count; the title gives the placed and unplaced
    counts. The placements must come from ``nine_box`` (see
    :meth:`NineBox.counts`). ``ax`` draws into that axes (returning its figure).
    """
    figure_module, patches, axes_module, _ = _matplotlib("nine_box_figure")
    if not isinstance(nine_box, NineBox):
        raise ValidationError.single("nine_box", f"must be a NineBox, got {v.describe(nine_box)}")
    given_ax = _check_ax(ax, axes_module)
    counts = nine_box.counts(placements)
    x_edges = (0.0, *nine_box.performance_cuts, 1.0)
    y_edges = (0.0, *nine_box.potential_cuts, 1.0)
    most = max((cell.count for cell in counts), default=0)
    figure, axes = _canvas(
        figure_module, given_ax, 1.6 * nine_box.columns + 2, 1.4 * nine_box.rows + 1.5
    )
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


@attrs.frozen
class _Group:
    name: str
    values: list[float]

    @property
    def mean(self) -> float:
        return math.fsum(self.values) / len(self.values)


def _ordered(groups: list[_Group], sort: str, organisation: float) -> list[_Group]:
    """The groups in ``sort`` order; ``(none)`` last when sorted by name."""
    if sort == "mean":
        return sorted(groups, key=lambda g: (-g.mean, g.name))
    if sort == "count":
        return sorted(groups, key=lambda g: (-len(g.values), g.name))
    if sort == "deviation":
        return sorted(groups, key=lambda g: (-abs(g.mean - organisation), g.name))
    return sorted(groups, key=lambda g: (g.name == NO_GROUP, g.name))


def _grouped(records: Sequence[RatingRecord], by: GroupKey) -> list[_Group]:
    found: dict[str, list[float]] = {}
    for record in records:
        name = group_of(record, by)
        found.setdefault(NO_GROUP if name is None else name, []).append(record.normalised)
    return [_Group(name, values) for name, values in found.items()]


def _draw_groups(
    axes: Axes, groups: list[_Group], organisation: float, xlabel: str, title: str
) -> None:
    positions = list(range(1, len(groups) + 1))
    axes.boxplot([g.values for g in groups], positions=positions, widths=0.5)
    axes.plot(positions, [g.mean for g in groups], "D", color="tab:orange", label="group mean")
    axes.axhline(
        organisation,
        linestyle="--",
        color="tab:red",
        label=f"organisation mean {_fmt(organisation)}",
    )
    axes.set_xticks(positions)
    crowded = len(groups) > _UPRIGHT
    axes.set_xticklabels(
        [f"{g.name}\n(n={len(g.values)})" for g in groups],
        rotation=90 if crowded else 0,
        fontsize=7 if crowded else None,
    )
    axes.set_ylim(-0.05, 1.05)
    axes.set_ylabel("Rating, normalised to 0–1")
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize=8)


def _shown(total: int, kept: int, sort: str) -> str:
    """The title's account of the groups kept: ``'3 groups'`` or ``'top 40 of 500 groups…'``."""
    if kept == total:
        return f"{total} groups"
    return f"top {kept} of {total} groups by {sort}"


def rating_distribution_figure(  # noqa: PLR0913 - the data, then keyword choices
    records: Sequence[RatingRecord],
    by: GroupKey = "rater_id",
    *,
    dimension: str | None = None,
    sort: str = "name",
    top: int | None = None,
    facet: GroupKey = None,
    ax: Axes | None = None,
) -> Figure:
    """Each group's ratings on 0–1 (a box per group, its mean marked) against the organisation.

    ``by`` groups the records as in :func:`~perfcore.analytics.records.group_of`
    (by default per rater, i.e. per manager); records in no group are shown
    as the group ``"(none)"``. Ratings on different scales are compared
    through :attr:`RatingRecord.normalised`. ``dimension`` keeps only ratings
    of that dimension (``"overall"``, a goal id); ``None`` keeps all. The
    dashed line is the organisation's mean over every rating chosen (shown or
    not).

    ``sort`` orders the groups: ``"name"`` (default; ``"(none)"`` last),
    ``"mean"`` (highest first), ``"count"`` (most ratings first) or
    ``"deviation"`` (the mean farthest from the organisation's first: the
    harshest and most lenient raters). ``top`` keeps the first ``top`` groups
    in that order; without it at most :data:`MAX_GROUPS` are kept. The title
    says how many of how many are shown. ``facet`` splits the groups into one
    panel per value of another grouping (a department, say; a group that
    spans two facets is drawn in each), stacked, at most :data:`MAX_FACETS`.
    ``ax`` draws into that axes and returns its figure (not with ``facet``).
    """
    figure_module, _, axes_module, _ = _matplotlib("rating_distribution_figure")
    chosen = _ratings(records, dimension)
    order = _check_sort(sort, _GROUP_ORDERS)
    limit = _check_top(top)
    given_ax = _check_ax(ax, axes_module)
    if facet is not None and given_ax is not None:
        raise ValidationError.single(
            "ax", "cannot hold the panels of a facet; leave ax out, or draw each facet's records"
        )
    keep = MAX_GROUPS if limit is None else limit
    organisation = math.fsum(r.normalised for r in chosen) / len(chosen)
    scope = "" if dimension is None else f" on {dimension!r}"
    name = _group_name(by)
    if facet is None:
        groups = _ordered(_grouped(chosen, by), order, organisation)
        kept = groups[:keep]
        figure, axes = _canvas(figure_module, given_ax, 0.5 * len(kept) + 3, 4.5)
        shown = _shown(len(groups), len(kept), order)
        title = f"Ratings{scope} by {name}: {len(chosen)} ratings, {shown}"
        _draw_groups(axes, kept, organisation, name, title)
        return figure
    panels = _ordered(_grouped(chosen, facet), "name", organisation)
    drawn = panels[:MAX_FACETS]
    by_facet: dict[str, list[RatingRecord]] = {panel.name: [] for panel in drawn}
    for record in chosen:
        where = group_of(record, facet)
        key = NO_GROUP if where is None else where
        if key in by_facet:
            by_facet[key].append(record)
    widest = max(min(len(_grouped(rs, by)), keep) for rs in by_facet.values())
    figure = _new_figure(figure_module, 0.5 * widest + 3, 3.2 * len(drawn) + 0.6)
    grid = figure.subplots(len(drawn), 1, squeeze=False, sharey=True)
    for row, panel in enumerate(drawn):
        groups = _ordered(_grouped(by_facet[panel.name], by), order, organisation)
        kept = groups[:keep]
        title = f"{_group_name(facet)} {panel.name}: {_shown(len(groups), len(kept), order)}"
        _draw_groups(grid[row][0], kept, organisation, name, title)
    more = f", {len(drawn)} of {len(panels)} panels" if len(drawn) < len(panels) else ""
    figure.suptitle(
        f"Ratings{scope} by {name} per {_group_name(facet)}: {len(chosen)} ratings{more}"
    )
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


def _people_order(
    people: list[str], competencies: list[str], cells: _Cells, sort: str
) -> list[str]:
    """People in ``sort`` order: as given, by name, or lowest mean level first."""
    if sort == "name":
        return sorted(people)
    if sort == "level":

        def mean_level(person: str) -> tuple[float, str]:
            known = [x for c in competencies if (x := cells.get((person, c))) is not None]
            return (math.fsum(known) / len(known) if known else math.inf, person)

        return sorted(people, key=mean_level)
    return people


def coverage_heatmap_figure(
    rows: Coverage | Sequence[Mapping[str, Any]],
    *,
    sort: str = "given",
    top: int | None = None,
    ax: Axes | None = None,
) -> Figure:
    """People (rows) × competencies (columns), coloured by assessed level, each cell labelled.

    ``rows`` is a :class:`~perfcore.competency.coverage.Coverage` (people
    sorted, competencies in profile order, each column showing its required
    level) or a sequence of mappings with ``person``, ``competency`` and
    ``level`` (``person_id``, ``competency_id`` and ``assessed`` also work, as
    in :meth:`Coverage.records`), in order of first appearance. A level of
    ``None`` (not rated) is left blank and marked ``–``.

    ``sort`` orders the people: ``"given"`` (default), ``"name"``, or
    ``"level"`` (lowest mean assessed level first: who needs most
    development). ``top`` keeps the first ``top`` people in that order;
    without it at most :data:`MAX_PEOPLE` are drawn, and the title says how
    many of how many. ``ax`` draws into that axes and returns its figure.
    """
    figure_module, _, axes_module, numpy = _matplotlib("coverage_heatmap_figure")
    title, everyone, competencies, cells = _coverage_cells(rows)
    order = _check_sort(sort, _PEOPLE_ORDERS)
    limit = _check_top(top)
    given_ax = _check_ax(ax, axes_module)
    people = _people_order(everyone, competencies, cells, order)[
        : MAX_PEOPLE if limit is None else limit
    ]
    if len(people) < len(everyone):
        title += f": top {len(people)} of {len(everyone)} people by {order}"
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
    figure, axes = _canvas(
        figure_module,
        given_ax,
        max(4.0, 1.2 * len(competencies) + 2.5),
        max(3.0, 0.5 * len(people) + 2),
    )
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


# --- merit increases --------------------------------------------------------------------

_INCREASE_KEYS = ("manager_id", "department", "group")
"""What ``increase_by_band_figure(by=...)`` groups awards by."""


def increase_by_band_figure(
    awards: Sequence[Award],
    by: str = "manager_id",
    *,
    top: int | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The mean merit increase per rating band, one bar per manager (or department, or group).

    ``awards`` are :class:`perfcore.compensation.Award` (an allocation's
    ``awards``). Bands are in the order they first appear; at most
    :data:`MAX_GROUPS` groups (or ``top``) in name order are drawn, the title
    saying how many of how many. Same band, different bars: where to look
    (:func:`perfcore.compensation.equity_report` gives the numbers).
    """
    found: list[Award] = v.items_of(awards, "awards", Award)
    if not found:
        raise ValidationError.single("awards", "there is nothing to draw", code="empty")
    if by not in _INCREASE_KEYS:
        names = ", ".join(repr(name) for name in _INCREASE_KEYS)
        raise ValidationError.single("by", f"must be one of {names}, got {v.describe(by)}")
    limit = _check_top(top)
    figure_module, _, axes_module, numpy = _matplotlib("increase_by_band_figure")
    given_ax = _check_ax(ax, axes_module)
    bands = list(dict.fromkeys(a.rating_band for a in found))
    groups = sorted({getattr(a, by) or NO_GROUP for a in found})
    kept = groups[: MAX_GROUPS if limit is None else limit]
    figure, axes = _canvas(
        figure_module, given_ax, 0.9 * len(bands) + 0.15 * len(kept) * len(bands) + 3, 4.5
    )
    width = 0.8 / len(kept)
    for index, group in enumerate(kept):
        means = []
        for band in bands:
            rates = [
                float(a.rate)
                for a in found
                if a.rating_band == band and (getattr(a, by) or NO_GROUP) == group
            ]
            means.append(100 * math.fsum(rates) / len(rates) if rates else math.nan)
        axes.bar(numpy.arange(len(bands)) + index * width, means, width, label=group)
    axes.set_xticks(numpy.arange(len(bands)) + 0.4 - width / 2)
    axes.set_xticklabels(bands)
    axes.set_xlabel("Rating band")
    axes.set_ylabel("Mean increase, % of salary")
    shown = _shown(len(groups), len(kept), "name")
    axes.set_title(f"Merit increase by rating band per {by}: {len(found)} people, {shown}")
    if len(kept) <= _UPRIGHT:
        axes.legend(fontsize=8)
    return figure
