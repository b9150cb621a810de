"""Plots (``perfcore[plot]``): figures from small data; a clear error without matplotlib."""

from __future__ import annotations

import pickle
import sys
from typing import Any

import pytest

from expect import rejects
from perfcore.analytics import plots
from perfcore.analytics.ninebox import NineBox
from perfcore.analytics.records import RatingRecord, TalentRecord
from perfcore.assessments import Basis
from perfcore.competency import (
    AssessorRole,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    Requirement,
)
from perfcore.competency.coverage import coverage
from perfcore.errors import MissingDependency
from perfcore.scales import RatingScale

BOX = NineBox()


@pytest.fixture
def matplotlib() -> Any:
    pytest.importorskip("matplotlib.figure")
    return pytest.importorskip("matplotlib")


def texts(figure: Any) -> list[str]:
    return [text.get_text() for text in figure.axes[0].texts]


def test_nine_box_figure(matplotlib: Any) -> None:  # noqa: ARG001
    placements = BOX.place_all(
        [
            TalentRecord(employee_id="ann", performance=0.9, potential=0.9),
            TalentRecord(employee_id="bo", performance=0.8, potential=0.7),
            TalentRecord(employee_id="cy", performance=0.5, potential=0.5),
            TalentRecord(employee_id="di", performance=0.4),
        ]
    )
    figure = plots.nine_box_figure(placements, BOX)
    assert type(figure).__name__ == "Figure"
    (axes,) = figure.axes
    assert axes.get_title() == "Nine-box grid: 3 placed, 1 unplaced"
    assert axes.get_xlabel() == "Performance"
    assert axes.get_ylabel() == "Potential"
    shown = texts(figure)
    assert len(shown) == 9
    assert "Future leader\n2" in shown
    assert "Core player\n1" in shown
    assert "Under-performer\n0" in shown
    assert len(axes.patches) == 9
    assert [tick.get_text() for tick in axes.get_xticklabels()] == ["0", "0.333", "0.667", "1"]
    assert figure.canvas.manager is None  # never shown: no window, no pyplot


def test_nine_box_figure_of_another_size(matplotlib: Any) -> None:  # noqa: ARG001
    wide = NineBox(performance_cuts=(0.2, 0.4, 0.6, 0.8), potential_cuts=(0.5,))
    figure = plots.nine_box_figure([wide.place(0.5, 0.5)], wide)
    assert len(texts(figure)) == 10
    assert "perf 3 / pot 2\n1" in texts(figure)
    assert figure.axes[0].get_title() == "Nine-box grid: 1 placed"


def test_nine_box_figure_refuses_bad_input(matplotlib: Any) -> None:  # noqa: ARG001
    rejects(lambda: plots.nine_box_figure([], "grid"), "nine_box", "must be a NineBox")  # type: ignore[arg-type]
    other = NineBox(labels=(("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i")))
    rejects(
        lambda: plots.nine_box_figure([other.place(0.5, 0.5)], BOX),
        "placements[0]",
        "another grid",
    )


RATINGS = [
    # m1 rates on 1–5: 5, 4 → normalised 1.0, 0.75 (mean 0.875)
    RatingRecord(employee_id="ann", rater_id="m1", value=5),
    RatingRecord(employee_id="bo", rater_id="m1", value=4),
    # m2 rates on 0–100: 25, 50, 75 → 0.25, 0.5, 0.75 (mean 0.5)
    RatingRecord(
        employee_id="cy", rater_id="m2", value=25, scale=RatingScale(minimum=0, maximum=100)
    ),
    RatingRecord(
        employee_id="di", rater_id="m2", value=50, scale=RatingScale(minimum=0, maximum=100)
    ),
    RatingRecord(
        employee_id="ed", rater_id="m2", value=75, scale=RatingScale(minimum=0, maximum=100)
    ),
    # a goal rating, not overall
    RatingRecord(employee_id="ann", rater_id="m1", value=1, dimension="g1"),
]


def test_rating_distribution_figure(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(RATINGS, dimension="overall")
    (axes,) = figure.axes
    # Organisation: (1 + 0.75 + 0.25 + 0.5 + 0.75) / 5 = 3.25 / 5 = 0.65.
    assert axes.get_title() == "Ratings on 'overall' by rater_id: 5 ratings, 2 groups"
    assert [t.get_text() for t in axes.get_xticklabels()] == ["m1\n(n=2)", "m2\n(n=3)"]
    _, labels = axes.get_legend_handles_labels()
    assert labels == ["group mean", "organisation mean 0.65"]
    means, organisation = axes.lines[-2:]  # the mean markers, then the organisation line
    assert means.get_ydata() == pytest.approx([0.875, 0.5])
    assert organisation.get_ydata() == pytest.approx([0.65, 0.65])


def test_rating_distribution_shows_records_in_no_group(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(RATINGS, by="department")
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks == ["(none)\n(n=6)"]
    figure = plots.rating_distribution_figure(RATINGS, by={"ann": "sales", "bo": "ops"})
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks == ["ops\n(n=1)", "sales\n(n=2)", "(none)\n(n=3)"]
    assert figure.axes[0].get_title() == "Ratings by group: 6 ratings, 3 groups"


def test_rating_distribution_refuses_bad_input(matplotlib: Any) -> None:  # noqa: ARG001
    rejects(lambda: plots.rating_distribution_figure([]), "records", "at least one rating")
    rejects(
        lambda: plots.rating_distribution_figure(RATINGS, dimension="g9"),
        "records",
        "at least one rating on dimension 'g9'",
    )
    rejects(
        lambda: plots.rating_distribution_figure([RATINGS[0], 3]),  # type: ignore[list-item]
        "records[1]",
        "must be a RatingRecord",
    )
    rejects(
        lambda: plots.rating_distribution_figure(RATINGS, by="nope"),
        "by",
        "RatingRecord has no field 'nope'",
    )


def test_coverage_heatmap_from_rows(matplotlib: Any) -> None:  # noqa: ARG001
    rows: list[dict[str, object]] = [
        {"person": "ann", "competency": "law", "level": 3},
        {"person": "ann", "competency": "talk", "level": 4.5},
        {"person_id": "bo", "competency_id": "law", "assessed": None},
    ]
    figure = plots.coverage_heatmap_figure(rows)
    axes = figure.axes[0]
    assert axes.get_title() == "Competency coverage"
    assert texts(figure) == ["3", "4.5", "–", "–"]  # row by row: ann, then bo
    assert [t.get_text() for t in axes.get_xticklabels()] == ["law", "talk"]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["ann", "bo"]
    assert len(figure.axes) == 2  # the heatmap and its colour bar


def test_coverage_heatmap_from_a_coverage_result(matplotlib: Any) -> None:  # noqa: ARG001
    profile = CompetencyProfile(
        id="ae",
        name="Account executive",
        competencies=(
            Competency(id="negotiation", name="Negotiation", category=CompetencyCategory.SKILL),
            Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE),
        ),
        requirements=(
            Requirement(competency_id="negotiation", level=4),
            Requirement(competency_id="law", level=3),
        ),
    )

    def assessed(person: str, **levels: float) -> CompetencyAssessment:
        return CompetencyAssessment(
            person_id=person,
            assessor_id="m1",
            role=AssessorRole.MANAGER,
            ratings=tuple(
                CompetencyRating(competency_id=c, level=n, basis=Basis(text="Observed"))
                for c, n in levels.items()
            ),
        )

    team = coverage(profile, [assessed("cy", negotiation=3), assessed("ann", negotiation=4, law=2)])
    figure = plots.coverage_heatmap_figure(team)
    axes = figure.axes[0]
    assert axes.get_title() == "Competency coverage: profile 'ae'"
    assert [t.get_text() for t in axes.get_xticklabels()] == [
        "negotiation\n(req 4)",
        "law\n(req 3)",
    ]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["ann", "cy"]
    assert texts(figure) == ["4", "2", "3", "–"]
    empty = coverage(profile, [])
    rejects(lambda: plots.coverage_heatmap_figure(empty), "rows", "at least one person")


def test_coverage_heatmap_refuses_bad_rows(matplotlib: Any) -> None:  # noqa: ARG001
    rejects(lambda: plots.coverage_heatmap_figure([]), "rows", "at least one row")
    rejects(lambda: plots.coverage_heatmap_figure("rows"), "rows", "must be a Coverage")  # type: ignore[arg-type]
    rejects(
        lambda: plots.coverage_heatmap_figure(
            [{"person": "ann", "competency": "law", "level": "x"}]
        ),
        "rows[0].level",
        "must be a number or None",
    )
    rejects(
        lambda: plots.coverage_heatmap_figure([{"competency": "law", "level": 1}]),
        "rows[0].person",
        "must be a non-empty string",
    )
    rejects(
        lambda: plots.coverage_heatmap_figure([["ann", "law", 3]]),  # type: ignore[list-item]
        "rows[0]",
        "must be a mapping",
    )
    twice = {"person": "ann", "competency": "law", "level": 1}
    rejects(
        lambda: plots.coverage_heatmap_figure([twice, twice]),
        "rows[1]",
        "repeats person 'ann' on competency 'law'",
    )


@pytest.mark.parametrize(
    ("call", "feature"),
    [
        (lambda: plots.nine_box_figure([], BOX), "nine_box_figure"),
        (lambda: plots.rating_distribution_figure(RATINGS), "rating_distribution_figure"),
        (lambda: plots.coverage_heatmap_figure([]), "coverage_heatmap_figure"),
    ],
)
def test_without_matplotlib_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, call: Any, feature: str
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependency) as info:
        call()
    assert isinstance(info.value, ImportError)
    assert info.value.extra == "plot"
    assert "perfcore[plot]" in str(info.value)
    assert str(info.value) == (
        f"{feature} needs matplotlib, which is not installed: pip install 'perfcore[plot]'"
    )


# --- as a notebook analyst uses them: ax=, many groups, the cell's display ----------------


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def many_managers(count: int = 500, per: int = 4) -> list[RatingRecord]:
    """``per`` ratings for each of ``count`` managers m000..., on 1-5; m000 rates all 1."""
    return [
        RatingRecord(
            employee_id=f"e{m}-{i}",
            rater_id=f"m{m:03d}",
            value=1 if m == 0 else 1 + (m + i) % 5,
            department=("sales", "ops")[m % 2],
        )
        for m in range(count)
        for i in range(per)
    ]


def test_every_plot_draws_into_axes_the_user_made(matplotlib: Any) -> None:
    figure = matplotlib.figure.Figure(figsize=(15, 4))
    left, middle, right = figure.subplots(1, 3)
    placements = BOX.place_all([TalentRecord(employee_id="ann", performance=0.9, potential=0.9)])
    rows = [{"person": "ann", "competency": "talk", "level": 3}]
    assert plots.nine_box_figure(placements, BOX, ax=left) is figure
    assert plots.rating_distribution_figure(RATINGS, dimension="overall", ax=middle) is figure
    assert plots.coverage_heatmap_figure(rows, ax=right) is figure
    assert left.get_title() == "Nine-box grid: 1 placed"
    assert middle.get_title() == "Ratings on 'overall' by rater_id: 5 ratings, 2 groups"
    assert right.get_title() == "Competency coverage"
    assert len(figure.axes) == 4  # the three, and the heatmap's colour bar


def test_ax_must_be_matplotlib_axes(matplotlib: Any) -> None:  # noqa: ARG001
    rows = [{"person": "ann", "competency": "talk", "level": 3}]
    for call in (
        lambda: plots.nine_box_figure([], BOX, ax="left"),  # type: ignore[arg-type]
        lambda: plots.rating_distribution_figure(RATINGS, ax=3),  # type: ignore[arg-type]
        lambda: plots.coverage_heatmap_figure(rows, ax=[1]),  # type: ignore[arg-type]
    ):
        rejects(call, "ax", "must be a matplotlib Axes")


def test_five_hundred_managers_make_a_figure_that_fits_a_notebook(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(many_managers())
    assert figure.axes[0].get_title() == (
        "Ratings by rater_id: 2000 ratings, top 40 of 500 groups by name"
    )
    width, height = png_size(figure._repr_png_())  # type: ignore[attr-defined]
    assert width <= plots.MAX_INCHES * figure.dpi
    assert height <= plots.MAX_INCHES * figure.dpi
    shown = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert len(shown) == plots.MAX_GROUPS
    assert shown[0] == "m000\n(n=4)"


def test_sort_and_top_pick_the_groups_worth_a_look(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(many_managers(), sort="deviation", top=3)
    axes = figure.axes[0]
    ticks = [t.get_text().split("\n")[0] for t in axes.get_xticklabels()]
    assert ticks[0] == "m000"  # every rating 1: the farthest from the organisation's mean
    assert len(ticks) == 3
    assert axes.get_title().endswith("top 3 of 500 groups by deviation")
    by_mean = plots.rating_distribution_figure(RATINGS, sort="mean", dimension="overall")
    assert [t.get_text() for t in by_mean.axes[0].get_xticklabels()] == [
        "m1\n(n=2)",  # mean 0.875
        "m2\n(n=3)",  # mean 0.5
    ]
    by_count = plots.rating_distribution_figure(RATINGS, sort="count", dimension="overall")
    assert by_count.axes[0].get_xticklabels()[0].get_text() == "m2\n(n=3)"


def test_facets_draw_one_panel_per_value(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(many_managers(10), facet="department", top=2)
    assert [a.get_title() for a in figure.axes] == [
        "department ops: top 2 of 5 groups by name",
        "department sales: top 2 of 5 groups by name",
    ]
    assert figure.get_suptitle() == "Ratings by rater_id per department: 40 ratings"
    wide = plots.rating_distribution_figure(many_managers(20), facet="rater_id")
    assert len(wide.axes) == plots.MAX_FACETS
    assert wide.get_suptitle().endswith(f"{plots.MAX_FACETS} of 20 panels")
    rejects(
        lambda: plots.rating_distribution_figure(RATINGS, facet="department", ax=wide.axes[0]),
        "ax",
        "cannot hold the panels of a facet",
    )


@pytest.mark.parametrize(
    ("kwargs", "path", "phrase"),
    [
        ({"sort": "size"}, "sort", "must be one of 'name', 'mean', 'count', 'deviation'"),
        ({"top": 0}, "top", "must be a whole number from 1"),
        ({"top": True}, "top", "must be a whole number from 1"),
        ({"top": 2.5}, "top", "must be a whole number from 1"),
    ],
)
def test_bad_sort_and_top_are_refused(
    matplotlib: Any,  # noqa: ARG001
    kwargs: dict[str, Any],
    path: str,
    phrase: str,
) -> None:
    rejects(lambda: plots.rating_distribution_figure(RATINGS, **kwargs), path, phrase)


def test_a_heatmap_of_many_people_keeps_the_ones_asked_for(matplotlib: Any) -> None:  # noqa: ARG001
    rows = [
        {"person": f"p{n:03d}", "competency": c, "level": (n + i) % 5 + 1}
        for n in range(200)
        for i, c in enumerate(("talk", "law"))
    ] + [{"person": "zed", "competency": "talk", "level": None}]
    figure = plots.coverage_heatmap_figure(rows)
    assert figure.axes[0].get_title() == (
        f"Competency coverage: top {plots.MAX_PEOPLE} of 201 people by given"
    )
    assert png_size(figure._repr_png_())[1] <= plots.MAX_INCHES * figure.dpi  # type: ignore[attr-defined]
    lowest = plots.coverage_heatmap_figure(rows, sort="level", top=3)
    people = [t.get_text() for t in lowest.axes[0].get_yticklabels()]
    # talk is n % 5 + 1 and law (n + 1) % 5 + 1: mean 1.5 for n = 0, 5, 10, ... the lowest
    assert people == ["p000", "p005", "p010"]
    by_name = plots.coverage_heatmap_figure(rows, sort="name", top=2)
    assert [t.get_text() for t in by_name.axes[0].get_yticklabels()] == ["p000", "p001"]
    rejects(lambda: plots.coverage_heatmap_figure(rows, sort="gaps"), "sort", "'level'")


def test_a_figure_shows_itself_in_a_notebook_cell_without_set_up(matplotlib: Any) -> None:
    # No IPython here: a notebook calls _repr_png_ when no formatter is registered for the
    # type (the case without %matplotlib inline), and shows the PNG it returns.
    figure = plots.nine_box_figure([], BOX)
    assert isinstance(figure, matplotlib.figure.Figure)
    width, height = png_size(figure._repr_png_())
    assert width == pytest.approx(figure.get_figwidth() * figure.dpi, abs=1)
    assert height == pytest.approx(figure.get_figheight() * figure.dpi, abs=1)
    assert figure.canvas.manager is None  # still never shown in a window


def test_a_figure_with_its_display_hook_still_pickles(matplotlib: Any) -> None:  # noqa: ARG001
    figure = plots.rating_distribution_figure(RATINGS)
    again = pickle.loads(pickle.dumps(figure))  # noqa: S301 - our own bytes
    assert again.axes[0].get_title() == figure.axes[0].get_title()
    assert png_size(again._repr_png_())[0] > 0
