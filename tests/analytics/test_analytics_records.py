"""Analytics records, the rows flattened from cycles and results, and to_frame."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from expect import check_value_object, rejects
from perfcore.analytics import (
    EmploymentEvent,
    EmploymentEventKind,
    RatingRecord,
    TalentRecord,
    as_rows,
    competency_rows,
    cycle_rows,
    finding_rows,
    group_of,
    rating_records,
    score_rows,
    to_frame,
)
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import AssessorRole, WeightedGapFit
from perfcore.oversight import audit
from perfcore.testing.strategies import HR, MANAGER

FIVE = pc.RatingScale(minimum=1, maximum=5)


def rating(**changes: object) -> RatingRecord:
    fields: dict[str, object] = {"employee_id": "e1", "rater_id": "m1", "value": 4, "scale": FIVE}
    fields.update(changes)
    return RatingRecord(**fields)  # type: ignore[arg-type]


# --- records ------------------------------------------------------------------------


def test_a_rating_record_knows_its_place_on_its_scale() -> None:
    r = rating(value=2, scale=pc.RatingScale(minimum=0, maximum=4), department="sales")
    assert r.normalised == 0.5
    assert r.as_record() == {
        "employee_id": "e1",
        "rater_id": "m1",
        "rater_role": "manager",
        "cycle_id": None,
        "dimension": "overall",
        "value": 2,
        "scale_min": 0,
        "scale_max": 4,
        "scale_labels": (),
        "normalised": 0.5,
        "department": "sales",
    }
    check_value_object(r)


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("value", 6, "^must lie on the scale 1-5, got 6$"),
        ("value", "4", "^must be a number"),
        ("rater_role", "Line Manager", "^must be a lowercase identifier"),
        ("employee_id", "", "^must not be empty$"),
        ("scale", (1, 5), "^must be a RatingScale"),
    ],
)
def test_rating_record_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: rating(**{field: value}), f"RatingRecord.{field}", phrase)


def test_a_talent_record_keeps_both_axes_on_zero_to_one() -> None:
    t = TalentRecord(employee_id="e1", performance=0.9, potential=None, as_of=dt.date(2026, 1, 1))
    assert t.as_record()["as_of"] == "2026-01-01"
    check_value_object(t)
    rejects(
        lambda: TalentRecord(employee_id="e1", potential=1.5),
        "TalentRecord.potential",
        "^must be at most 1",
    )


def test_employment_events_keep_exit_details_to_exits() -> None:
    on = dt.date(2026, 9, 30)
    leave = EmploymentEvent(
        employee_id="e1", kind=EmploymentEventKind.EXIT, on=on, voluntary=True, regretted=True
    )
    check_value_object(leave)
    rejects(
        lambda: EmploymentEvent(employee_id="e1", kind=EmploymentEventKind.EXIT, on=on),
        "EmploymentEvent.voluntary",
        "^is required for an exit",
    )
    rejects(
        lambda: EmploymentEvent(
            employee_id="e1", kind=EmploymentEventKind.EXIT, on=on, voluntary=False, regretted=True
        ),
        "EmploymentEvent.regretted",
        "^only a voluntary exit can be regretted$",
    )
    rejects(
        lambda: EmploymentEvent(
            employee_id="e1", kind=EmploymentEventKind.HIRE, on=on, voluntary=True
        ),
        "EmploymentEvent.voluntary",
        "^only applies to exits, not hire$",
    )


def test_grouping_by_field_mapping_or_function() -> None:
    r = rating(department="sales")
    assert group_of(r, "department") == "sales"
    assert group_of(r, "rater_id") == "m1"
    assert group_of(r, {"e1": "emea"}) == "emea"
    assert group_of(r, {"e9": "emea"}) is None
    assert group_of(r, lambda rec: rec.dimension.upper()) == "OVERALL"
    assert group_of(rating(), "department") is None
    rejects(lambda: group_of(r, "team"), "by", "^RatingRecord has no field 'team'")
    rejects(lambda: group_of(r, 3), "by", "^must be a field name, a mapping or a function")  # type: ignore[arg-type]


# --- rows ---------------------------------------------------------------------------


def test_cycle_rows_describe_each_cycle() -> None:
    row = cycle_rows([b.closed()])[0]
    assert {k: row[k] for k in ("cycle_id", "phase", "goals", "goals_agreed", "check_ins")} == {
        "cycle_id": "c1",
        "phase": "closed",
        "goals": 3,
        "goals_agreed": 3,
        "check_ins": 1,
    }
    assert (row["unmet_goals"], row["actions"], row["open_actions"], row["plan_outcome"]) == (
        1,
        1,
        0,
        "improved",
    )
    assert list(cycle_rows([b.started()])[0]) == list(row)  # same columns, same order


def test_rating_records_come_from_both_assessments() -> None:
    cycle = b.appraisal_ready()
    records = rating_records([cycle])
    assert [(r.rater_role, r.dimension, r.value) for r in records] == [
        ("manager", "g1", 2),
        ("manager", "g2", 5),
        ("manager", "g3", 4),
        ("self", "g1", 3),
        ("self", "g2", 5),
        ("self", "g3", 4),
    ]
    assert {r.rater_id for r in records if r.rater_role == "self"} == {cycle.employee_id}
    assert len(rating_records([cycle], self_ratings=False)) == 3


def test_score_rows_have_one_row_per_goal_score() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    rows = score_rows([score], cycle_ids=["c1"])
    assert [r["goal_id"] for r in rows] == ["g1", "g2"]  # the performance goals
    assert {r["value"] for r in rows} == {score.value}
    rejects(lambda: score_rows([score], cycle_ids=[]), "cycle_ids", "^must have one id per score")


def test_finding_and_competency_rows() -> None:
    report = audit([b.started()], as_of=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert finding_rows(report) == report.as_records() == finding_rows(list(report))
    assessment = b.competency_assessment(AssessorRole.MANAGER, "m1", talk=3, law=4)
    fit = WeightedGapFit().fit(b.PROFILE, assessment)
    rows = competency_rows([fit], person_ids=["e1"])
    assert [(r["competency_id"], r["gap"], r["surplus"]) for r in rows] == [
        ("talk", 1, 0),
        ("law", 0, 1),
    ]
    rejects(lambda: competency_rows(["fit"]), "results[0]", "^must be FitResult")  # type: ignore[list-item]


def test_rows_refuse_what_they_cannot_flatten() -> None:
    rejects(lambda: cycle_rows("c1"), "cycles", "^must be an iterable")  # type: ignore[arg-type]
    rejects(lambda: rating_records([1]), "cycles[0]", "^must be Cycle")  # type: ignore[list-item]
    rejects(lambda: as_rows([{"a": 1}, 2]), "records[1]", "^must be a dict or have as_record")


# --- frames -------------------------------------------------------------------------


def test_to_frame_gives_one_row_per_record() -> None:
    pytest.importorskip("pandas")
    frame = to_frame([rating(), rating(employee_id="e2", value=2)])
    assert list(frame["employee_id"]) == ["e1", "e2"]
    assert list(frame["normalised"]) == [0.75, 0.25]
    assert list(frame.columns) == list(rating().as_record())
    assert len(to_frame([])) == 0
    report = audit([b.started()], as_of=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert list(to_frame(report)["code"]) == list(report.codes())


def test_to_frame_names_the_extra_when_pandas_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(pc.MissingDependency) as info:
        to_frame([rating()])
    assert info.value.extra == "pandas"
    assert str(info.value) == (
        "to_frame needs pandas, which is not installed: pip install 'perfcore[pandas]'"
    )


def test_importing_perfcore_never_imports_pandas_or_matplotlib() -> None:
    code = textwrap.dedent(
        """
        import sys
        import perfcore, perfcore.analytics, perfcore.oversight, perfcore.batch
        print(sorted(m for m in ("pandas", "matplotlib", "dask") if m in sys.modules))
        """
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


@given(st.lists(st.builds(rating, value=st.integers(1, 5), employee_id=st.sampled_from("abc"))))
def test_rows_keep_every_record_in_order(records: list[RatingRecord]) -> None:
    rows: list[dict[str, Any]] = as_rows(records)
    assert [r["employee_id"] for r in rows] == [r.employee_id for r in records]


def test_cycle_rows_keep_the_computed_and_the_adjusted_score() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=MANAGER, at=b.when(42))
    row = cycle_rows([cycle])[0]
    assert (row["score"], row["effective_score"]) == (0.825, 0.825)
    cycle = cycle.adjust_score(
        0.9,
        replaces=0.825,
        kind=pc.AdjustmentKind.HR_DECISION,
        reason="Regional adjustment",
        by=HR,
        at=b.when(43),
    )
    row = cycle_rows([cycle])[0]
    assert (row["score"], row["effective_score"]) == (0.825, 0.9)
