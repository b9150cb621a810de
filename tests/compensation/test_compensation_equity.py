"""Tests for perfcore.compensation.equity and the increase-by-band figure."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from compensation_world import allocations
from perfcore.analytics import increase_by_band_figure, to_frame
from perfcore.compensation import Allocation, Award, equity_report


def awards() -> list[Award]:
    found: list[Award] = []
    for allocation in allocations():
        assert isinstance(allocation, Allocation)
        found.extend(allocation.awards)
    return found


def test_cells_and_flags_by_hand() -> None:
    report = equity_report(awards(), by="manager_id", threshold="0.001")
    meets = {c.group: c for c in report.cells if c.band == "Meets"}
    # m1: ann 3.5%; m2: di 3% × 0.875242 (scaled) and ed prorated 273/365
    assert meets["m1"].count == 1
    assert meets["m2"].count == 2
    assert meets["m1"].mean_rate == Decimal("0.035")
    flagged = {(f.band, f.group) for f in report.flags}
    assert ("Meets", "m1") in flagged
    flag = next(f for f in report.flags if (f.band, f.group) == ("Meets", "m2"))
    assert flag.employee_ids == ("di", "ed")
    assert abs(flag.difference - (flag.mean_rate - flag.others_mean_rate)) < Decimal("1e-25")
    assert "rest of the band" in flag.explanation
    rows = report.as_records()
    assert {"band", "group", "count", "mean_rate", "flagged"} <= set(rows[0])
    assert report.flags[0].as_record()["band"] == report.flags[0].band


def test_minimum_count_keeps_small_groups_out_of_the_flags() -> None:
    assert equity_report(awards(), by="manager_id", threshold="0", minimum_count=2).flags == ()
    plain = equity_report(awards(), by="department")
    assert {c.group for c in plain.cells} == {"ops", "sales"}


def test_awards_without_a_group_fall_in_none() -> None:
    report = equity_report([attrs.evolve(a, group=None) for a in awards()])
    assert {c.group for c in report.cells} == {"(none)"}


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"by": "colour"}, "by"),
        ({"threshold": "-1"}, "threshold"),
        ({"threshold": "x"}, "threshold"),
        ({"minimum_count": 0}, "minimum_count"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(pc.ValidationError) as caught:
        equity_report(awards(), **kwargs)  # type: ignore[arg-type]
    assert caught.value.paths == (path,)


@given(threshold=st.decimals("0", "0.1", places=4))
def test_a_higher_threshold_never_adds_a_flag(threshold: Decimal) -> None:
    low = {(f.band, f.group) for f in equity_report(awards(), threshold=threshold).flags}
    high = {(f.band, f.group) for f in equity_report(awards(), threshold=threshold * 2).flags}
    assert high <= low


def test_the_report_drops_into_a_data_frame() -> None:
    pytest.importorskip("pandas")
    frame = to_frame(equity_report(awards(), by="manager_id").as_records())
    assert list(frame.columns)[:3] == ["band", "group", "count"]
    assert len(frame) == len(equity_report(awards(), by="manager_id").cells)
    assert len(to_frame(awards())) == 6


def test_the_increase_by_band_figure() -> None:
    pytest.importorskip("matplotlib")
    figure = increase_by_band_figure(awards(), by="manager_id")
    assert figure.axes[0].get_title().startswith("Merit increase by rating band per manager_id")
    assert "6 people" in figure.axes[0].get_title()
    one = increase_by_band_figure(awards(), by="group", top=1)
    assert "top 1 of 2" in one.axes[0].get_title()
    for bad, path in (({"by": "x"}, "by"), ({"top": 0}, "top")):
        with pytest.raises(pc.ValidationError) as caught:
            increase_by_band_figure(awards(), **bad)
        assert caught.value.paths == (path,)
    with pytest.raises(pc.ValidationError):
        increase_by_band_figure([])


def test_many_managers_draw_without_a_legend() -> None:
    pytest.importorskip("matplotlib")
    base = awards()[0]
    many = [attrs.evolve(base, manager_id=f"m{i:02d}", employee_id=f"e{i}") for i in range(13)]
    figure = increase_by_band_figure(many)
    assert figure.axes[0].get_legend() is None
    assert "13 groups" in figure.axes[0].get_title()
