"""to_frame types its columns, and every flattened record reads back from its row.

Written as a notebook would use them: records into a frame, the frame filtered and
read back, a frame built by hand (NaN for a missing potential, Timestamps for
dates) read into records, and the analytics fed a frame directly.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from expect import rejects, rejects_all
from perfcore.analytics import (
    COLUMN_TYPES,
    EmploymentEvent,
    EmploymentEventKind,
    RatingRecord,
    TalentRecord,
    as_rows,
    cycle_rows,
    distribution,
    rater_effects,
    retention_rate,
    to_frame,
)
from perfcore.oversight import audit
from perfcore.testing.strategies import employment_events, rating_records, talent_records

pd = pytest.importorskip("pandas")

LABELLED = pc.RatingScale(minimum=1, maximum=3, labels=("Below", "Meets", "Exceeds"))


def object_columns_holding_none(frame: Any) -> list[str]:
    return [
        name
        for name in frame.columns
        if frame[name].dtype == object and any(cell is None for cell in frame[name])
    ]


# --- round trips over the shipped strategies ------------------------------------------------


@given(st.lists(rating_records(), max_size=5))
def test_rating_records_read_back_from_their_frame_and_their_rows(
    records: list[RatingRecord],
) -> None:
    frame = to_frame(records)
    assert RatingRecord.from_rows(frame) == tuple(records)
    assert RatingRecord.from_rows(as_rows(records)) == tuple(records)
    assert RatingRecord.from_rows(frame.to_dict("records")) == tuple(records)
    assert [RatingRecord.from_row(r.as_record()) for r in records] == records


@given(st.lists(talent_records(), max_size=5))
def test_talent_records_read_back_from_their_frame_and_their_rows(
    records: list[TalentRecord],
) -> None:
    frame = to_frame(records)
    assert TalentRecord.from_rows(frame) == tuple(records)
    assert TalentRecord.from_rows(as_rows(records)) == tuple(records)
    assert TalentRecord.from_rows(frame.to_dict("records")) == tuple(records)
    assert [TalentRecord.from_row(r.as_record()) for r in records] == records


@given(st.lists(employment_events(), max_size=5))
def test_employment_events_read_back_from_their_frame_and_their_rows(
    events: list[EmploymentEvent],
) -> None:
    frame = to_frame(events)
    assert EmploymentEvent.from_rows(frame) == tuple(events)
    assert EmploymentEvent.from_rows(as_rows(events)) == tuple(events)
    assert EmploymentEvent.from_rows(frame.to_dict("records")) == tuple(events)
    assert [EmploymentEvent.from_row(e.as_record()) for e in events] == events


@given(st.lists(rating_records(), min_size=1, max_size=5))
def test_a_filtered_frame_reads_back_as_the_records_it_kept(records: list[RatingRecord]) -> None:
    frame = to_frame(records)
    kept = frame[frame["rater_role"] == "manager"]
    assert RatingRecord.from_rows(kept) == tuple(r for r in records if r.rater_role == "manager")


# --- typed columns --------------------------------------------------------------------------


def test_dates_are_datetimes_vocabularies_are_categoricals_and_numbers_are_nullable() -> None:
    talent = to_frame(
        [
            TalentRecord(employee_id="ann", performance=0.8, as_of=dt.date(2026, 1, 5)),
            TalentRecord(employee_id="bo", potential=0.4, high_potential=True),
        ]
    )
    assert str(talent["as_of"].dtype) == "datetime64[s]"
    assert talent["as_of"][0] == pd.Timestamp("2026-01-05")
    assert talent["as_of"].isna().tolist() == [False, True]
    assert str(talent["performance"].dtype) == "Float64"
    assert talent["potential"][0] is pd.NA
    assert str(talent["high_potential"].dtype) == "boolean"
    assert str(talent["manager_id"].dtype) == "string"
    assert object_columns_holding_none(talent) == []

    ratings = to_frame(
        [
            RatingRecord(employee_id="ann", rater_id="jo", value=3),
            RatingRecord(employee_id="ann", rater_id="ann", rater_role="self", value=2),
        ]
    )
    assert ratings["rater_role"].dtype == "category"
    assert list(ratings["rater_role"].cat.categories) == ["manager", "self"]
    assert str(ratings["scale_max"].dtype) == "Int64"
    assert str(ratings["value"].dtype) == "Float64"


def test_cycle_rows_have_a_phase_category_dates_and_a_moment() -> None:
    frame = to_frame(cycle_rows([b.started(), b.closed()]))
    assert frame["phase"].dtype == "category"
    assert list(frame["phase"].cat.categories) == [p.value for p in pc.Phase]
    assert frame["phase"].tolist() == ["goal_setting", "closed"]
    assert str(frame["period_start"].dtype) == "datetime64[s]"
    assert str(frame["last_event_at"].dtype) == "datetime64[us, UTC]"
    assert frame["band"].dtype == "category"
    assert str(frame["score"].dtype) == "Float64"
    assert frame["score"].isna().all()
    assert str(frame["goals"].dtype) == "Int64"
    assert str(frame["formal_plan"].dtype) == "boolean"
    assert object_columns_holding_none(frame) == []


def test_findings_have_an_ordered_severity() -> None:
    report = audit([b.started()], as_of=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    frame = to_frame(report)
    assert frame["severity"].cat.ordered
    assert list(frame["severity"].cat.categories) == ["info", "warning", "critical"]


def test_columns_outside_the_table_are_typed_by_their_values() -> None:
    frame = to_frame(
        [
            {"n_raters": 3, "share": 0.5, "flag": True, "name": "a", "kind": "reorg", "as_of": "x"},
            {"n_raters": None, "share": 1, "flag": None, "name": None, "kind": None, "as_of": None},
        ]
    )
    assert str(frame["n_raters"].dtype) == "Int64"
    assert str(frame["share"].dtype) == "Float64"
    assert str(frame["flag"].dtype) == "boolean"
    assert str(frame["name"].dtype) == "string"
    # a vocabulary it does not know stays a categorical of what it found, unordered
    assert list(frame["kind"].cat.categories) == ["reorg"]
    # text where a day was expected is left as text, never guessed at
    assert str(frame["as_of"].dtype) == "string"
    mixed = to_frame([{"x": (1,)}, {"x": 2**70}, {"x": None}])
    assert mixed["x"].dtype == object
    huge = to_frame([{"n": 2**70}, {"n": 1}])
    assert str(huge["n"].dtype) == "Float64"
    enums = to_frame([{"kind": EmploymentEventKind.HIRE}])
    assert enums["kind"].tolist() == ["hire"]
    moments = to_frame([{"last_event_at": "2026-01-05T10:00:00+01:00"}, {"last_event_at": "x"}])
    assert str(moments["last_event_at"].dtype) == "string"
    one = to_frame([{"last_event_at": "2026-01-05T10:00:00+01:00"}, {"last_event_at": None}])
    assert one["last_event_at"][0] == pd.Timestamp("2026-01-05T09:00:00Z")
    naive = to_frame([{"last_event_at": dt.datetime(2026, 1, 5)}])  # noqa: DTZ001 - refused
    assert naive["last_event_at"].dtype == object
    assert COLUMN_TYPES["as_of"] == "day"
    # a vocabulary column holding numbers is typed as numbers
    assert str(to_frame([{"band": 3}])["band"].dtype) == "Int64"


# --- rows an analyst made -------------------------------------------------------------------


def test_a_hand_made_frame_with_nan_and_timestamps_reads_into_talent_records() -> None:
    df = pd.DataFrame(
        {
            "employee_id": ["ann", "bo"],
            "performance": [0.8, 0.6],
            "potential": [math.nan, 0.7],
            "high_potential": [False, True],
            "as_of": pd.to_datetime(["2026-01-05", "2026-02-01"]),
            "notes": ["kept out", "of the record"],
        }
    )
    assert TalentRecord.from_rows(df) == (
        TalentRecord(employee_id="ann", performance=0.8, as_of=dt.date(2026, 1, 5)),
        TalentRecord(
            employee_id="bo",
            performance=0.6,
            potential=0.7,
            high_potential=True,
            as_of=dt.date(2026, 2, 1),
        ),
    )


def test_reading_back_names_the_row_and_column_of_each_problem() -> None:
    df = pd.DataFrame(
        {
            "employee_id": ["ann", "bo", None],
            "potential": [0.3, 1.5, 0.2],
            "high_potential": [False, pd.NA, False],
            "as_of": [dt.date(2026, 1, 5), "2026-13-01", pd.Timestamp("2026-01-05 10:00")],
        }
    )
    rejects_all(
        lambda: TalentRecord.from_rows(df),
        "rows[1].potential",
        "rows[1].high_potential",
        "rows[1].as_of",
        "rows[2].employee_id",
        "rows[2].as_of",
    )
    rejects(
        lambda: RatingRecord.from_row({"employee_id": "e", "rater_id": "m", "value": 6}),
        "row.value",
        "must lie on the scale 1-5, got 6",
    )
    rejects(
        lambda: RatingRecord.from_row(
            {"employee_id": "e", "rater_id": "m", "value": 2, "scale_min": 3, "scale_max": 2.5}
        ),
        "row.scale_max",
        "must be",
    )
    rejects(
        lambda: RatingRecord.from_row(
            {"employee_id": "e", "rater_id": "m", "value": 2, "scale_labels": "abc"}
        ),
        "row.scale_labels",
        "must be a tuple",
    )
    rejects(
        lambda: RatingRecord.from_row(
            {"employee_id": "e", "rater_id": "m", "value": 2, "scale_labels": [["a"], "b"]}
        ),
        "row.scale_labels[0]",
        "must be a string, got list",
    )
    error = rejects_all(
        lambda: RatingRecord.from_row({"value": 2}), "row.employee_id", "row.rater_id"
    )
    assert [p.message for p in error.problems] == ["is required"] * 2
    rejects(lambda: RatingRecord.from_row(["e"]), "row", "must be a row")  # type: ignore[arg-type]
    rejects(lambda: RatingRecord.from_rows([{}, 3]), "rows[1]", "must be a row")
    rejects(lambda: RatingRecord.from_rows({"a": 1}), "rows", "must be a table or an iterable")
    rejects(
        lambda: EmploymentEvent.from_row({"employee_id": "e", "kind": "fired", "on": "2026-01-05"}),
        "row.kind",
        "must be a EmploymentEventKind",
    )
    rejects(
        lambda: EmploymentEvent.from_row({"employee_id": "e", "kind": 3, "on": "2026-01-05"}),
        "row.kind",
        "must be a EmploymentEventKind",
    )


def test_scale_columns_may_be_floats_labels_a_list_and_missing_labels_none() -> None:
    row = {"employee_id": "e", "rater_id": "m", "value": 2, "scale_min": 1.0, "scale_max": 3.0}
    assert RatingRecord.from_row({**row, "scale_labels": None}).scale == pc.RatingScale(
        minimum=1, maximum=3
    )
    labelled = RatingRecord.from_row({**row, "scale_labels": ["Below", "Meets", "Exceeds"]})
    assert labelled.scale == LABELLED
    as_tuple = RatingRecord.from_row({**row, "scale_labels": ("Below", "Meets", "Exceeds")})
    assert as_tuple == labelled
    rejects(
        lambda: RatingRecord.from_row({**row, "scale_labels": {"Below", "Meets", "Exceeds"}}),
        "row.scale_labels",
        "must be a tuple, got set",
    )
    assert RatingRecord.from_row({"employee_id": "e", "rater_id": "m", "value": 5}).scale == (
        pc.RatingScale()
    )


# --- analytics fed a frame ------------------------------------------------------------------


def test_the_analytics_take_a_frame_of_records() -> None:
    records = [
        RatingRecord(employee_id=f"e{i}", rater_id=rater, value=value)
        for i, (rater, value) in enumerate(
            [("jo", 3), ("jo", 4), ("jo", 5), ("jo", 4), ("kim", 2), ("kim", 3)]
        )
    ]
    frame = to_frame(records)
    assert distribution(frame) == distribution(records)
    assert rater_effects(frame, min_group_size=2) == rater_effects(records, min_group_size=2)
    frame.loc[1, "value"] = 9
    rejects(lambda: distribution(frame), "records[1].value", "must lie on the scale 1-5, got 9")

    events = [
        EmploymentEvent(employee_id="ann", kind=EmploymentEventKind.HIRE, on=dt.date(2025, 1, 1)),
        EmploymentEvent(
            employee_id="ann", kind=EmploymentEventKind.EXIT, on=dt.date(2026, 6, 1), voluntary=True
        ),
        EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.HIRE, on=dt.date(2025, 1, 1)),
    ]
    period = pc.Period.annual(2026)
    assert retention_rate(to_frame(events), period) == retention_rate(events, period)
