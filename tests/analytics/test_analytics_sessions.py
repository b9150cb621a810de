"""A calibration session's before/after report, checked by hand."""

from __future__ import annotations

import pytest

import perfcore as pc
from calibration_builders import HR, day, manager, opened, population
from perfcore.analytics import session_records, session_report
from perfcore.scoring import RatingBands

TARGETS = {"low": 0.25, "middle": 0.5, "high": 0.25}


def test_before_and_after_against_the_guided_distribution() -> None:
    # proposed on 1-5: 3.6, 3.0, 4.6, 2.4, 3.4, 4.0, 5.0, 2.0; on 0-1 below 0.4 are 2.4 and 2.0,
    # at 0.8 or above 4.6 (0.9) and 5.0 (1.0): 2 / 4 / 2, which is the 25/50/25 target.
    session = opened().move(
        "c-6", 4.0, reason="One project, not two", by=manager("m-2"), at=day(51)
    )
    report = session_report(session, targets=TARGETS, bands=(0.4, 0.8))
    assert [(b.actual, b.target) for b in report.guided_before.bands] == [(2, 2), (4, 4), (2, 2)]  # type: ignore[union-attr]
    assert [(b.actual, b.target) for b in report.guided_after.bands] == [(2, 2), (5, 4), (1, 2)]  # type: ignore[union-attr]
    assert report.guided_after.warnings == (  # type: ignore[union-attr]
        "middle: 5 rated, target 4: move 1 out",
        "high: 1 rated, target 2: move 1 in",
    )
    # m-1 rates c-0, c-2, c-4, c-6: on 0-1 (0.65 + 0.9 + 0.6 + 1.0) / 4 = 0.7875 before,
    # (0.65 + 0.9 + 0.6 + 0.75) / 4 = 0.725 after
    assert report.before.group("m-1").mean == pytest.approx(0.7875)  # type: ignore[union-attr]
    assert report.after.group("m-1").mean == pytest.approx(0.725)  # type: ignore[union-attr]
    assert report.after.group("m-2") == report.before.group("m-2")
    assert report.raters_before.rater("m-1").leniency > report.raters_after.rater("m-1").leniency  # type: ignore[operator,union-attr]
    assert [(c.cycle_id, c.proposed, c.calibrated) for c in report.changes] == [("c-6", 5.0, 4.0)]
    assert report.as_records() == [
        {
            "session_id": "cal-1",
            "cycle_id": "c-6",
            "employee_id": "e-6",
            "manager_id": "m-1",
            "proposed": 5.0,
            "calibrated": 4.0,
            "change": -1.0,
            "moves": 1,
            "reason": "One project, not two",
        }
    ]
    assert not report.closed
    assert "4.0" not in repr(report.changes)
    assert "One project" not in repr(report)


def test_without_targets_there_is_no_guided_distribution() -> None:
    report = session_report(opened(), min_group_size=2)
    assert report.guided_before is None
    assert report.guided_after is None
    assert report.changes == ()
    assert report.raters_after.min_group_size == 2


def test_rating_bands_on_0_1_serve_as_guidance() -> None:
    bands = RatingBands.from_edges((0, 0.4, 0.8, 1), ("low", "middle", "high"))
    report = session_report(opened(), targets=TARGETS, bands=bands)
    assert report.guided_before == report.guided_after


def test_records_keep_the_values_precision() -> None:
    session = opened().move("c-0", 3.33, reason="x", by=manager("m-2"), at=day(51))
    (first, *_) = session_records(session)
    assert (first.value, first.rater_id, first.cycle_id, first.dimension) == (
        3.33,
        "m-1",
        "c-0",
        "overall",
    )
    assert session_records(session, calibrated=False)[0].value == 3.6


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [({"targets": TARGETS}, "bands"), ({"bands": (0.4, 0.8)}, "targets")],
)
def test_guidance_needs_targets_and_bands(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(pc.ValidationError) as info:
        session_report(opened(), **kwargs)  # type: ignore[arg-type]
    assert info.value.paths == (path,)


def test_only_a_session_is_reported() -> None:
    with pytest.raises(pc.ValidationError) as info:
        session_report(population())  # type: ignore[arg-type]
    assert info.value.paths == ("session",)
    with pytest.raises(pc.ValidationError):
        session_records(HR)  # type: ignore[arg-type]
