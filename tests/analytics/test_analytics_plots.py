"""Plots (``perfcore[plot]``): figures from small data; a clear error without matplotlib."""

from __future__ import annotations

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
