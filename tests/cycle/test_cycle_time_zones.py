"""Which calendar date a command falls on: the cycle's IANA zone decides, never ``at``'s offset.

Worked examples around midnight, daylight-saving changes and the date line,
then properties: the same instant, written with any offset, is decided the
same way; a zone is stored by name and a history only loads under the zone
it was decided in.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.cycle import StartCycle
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.oversight import AuditContext
from perfcore.serialization import make_converter
from strategies import EMPLOYEE, HR, MANAGER

UTC = dt.UTC
ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Apia",
    "Pacific/Chatham",
)
FIXTURES = Path(__file__).parent.parent / "fixtures" / "schema"


def in_zone(zone: str | None) -> pc.Cycle:
    """A cycle in implementation since day 5 (10 January 2026, 09:00 UTC), dated in ``zone``."""
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        by=HR,
        at=b.T0,
        time_zone=zone,
    )
    for number, goal in enumerate((b.sales_goal(), b.quality_goal(), b.learning_goal()), start=1):
        cycle = cycle.propose_goal(goal, by=MANAGER, at=b.when(number))
    return b.aligned(cycle).agree_goals(by=EMPLOYEE, at=b.when(4)).advance(by=MANAGER, at=b.when(5))


def check_in(held_on: dt.date) -> pc.CheckIn:
    return pc.CheckIn(id="ci", kind=pc.CheckInKind.ONE_ON_ONE, held_on=held_on, summary="ok")


def accepts(cycle: pc.Cycle, held_on: dt.date, at: dt.datetime) -> bool:
    try:
        cycle.record_check_in(check_in(held_on), by=MANAGER, at=at)
    except pc.ValidationError as error:
        paths = [p.path for p in error.problems]
    else:
        return True
    assert paths == ["RecordCheckIn.check_in.held_on"]
    return False


# --- worked examples ----------------------------------------------------------------------


def test_an_evening_in_los_angeles_is_the_next_morning_in_utc() -> None:
    late = dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # 23:30 on 1 March in Los Angeles
    written_locally = late.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert written_locally.isoformat() == "2026-03-01T23:30:00-08:00"
    la, utc = in_zone("America/Los_Angeles"), in_zone("UTC")
    for at in (late, written_locally):
        assert la.date_of(at) == dt.date(2026, 3, 1)
        assert utc.date_of(at) == dt.date(2026, 3, 2)
        assert accepts(la, dt.date(2026, 3, 1), at)
        assert not accepts(la, dt.date(2026, 3, 2), at)  # still 1 March there
        assert accepts(utc, dt.date(2026, 3, 2), at)
    with pytest.raises(pc.ValidationError) as info:
        la.record_check_in(check_in(dt.date(2026, 3, 2)), by=MANAGER, at=late)
    assert str(info.value) == (
        "RecordCheckIn.check_in.held_on: 2026-03-02 is after the command's date 2026-03-01"
    )


def test_a_zone_without_a_name_keeps_each_moments_own_offset() -> None:
    """``None`` is the rule of histories stored before zones: the date ``at`` is written with."""
    late = dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    local = late.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    legacy = in_zone(None)
    assert legacy.time_zone is None
    assert (legacy.date_of(late), legacy.date_of(local)) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 1),
    )


@pytest.mark.parametrize(
    ("at", "local"),
    [
        # 8 March 2026: New York springs forward at 02:00 EST to 03:00 EDT.
        (dt.datetime(2026, 3, 8, 6, 59, tzinfo=UTC), "2026-03-08T01:59:00-05:00"),
        (dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC), "2026-03-08T03:00:00-04:00"),
        (dt.datetime(2026, 3, 9, 3, 59, tzinfo=UTC), "2026-03-08T23:59:00-04:00"),
        (dt.datetime(2026, 3, 9, 4, 0, tzinfo=UTC), "2026-03-09T00:00:00-04:00"),
        # 1 November 2026: falls back at 02:00 EDT to 01:00 EST; 01:30 happens twice.
        (dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "2026-11-01T01:30:00-04:00"),
        (dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "2026-11-01T01:30:00-05:00"),
        (dt.datetime(2026, 11, 2, 4, 30, tzinfo=UTC), "2026-11-01T23:30:00-05:00"),
        (dt.datetime(2026, 11, 2, 5, 0, tzinfo=UTC), "2026-11-02T00:00:00-05:00"),
    ],
)
def test_around_daylight_saving_changes_the_wall_clock_date_decides(
    at: dt.datetime, local: str
) -> None:
    cycle = in_zone("America/New_York")
    wall = at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert wall.isoformat() == local
    assert cycle.date_of(at) == wall.date()
    # a fixed offset of the other season would put 23:30 EST on the next day
    summer = dt.timezone(dt.timedelta(hours=-4))
    assert cycle.date_of(at.astimezone(summer)) == wall.date()


def test_the_cadence_counts_calendar_days_across_a_23_hour_day() -> None:
    """Check-ins each evening 21:00 in New York, around the spring change; the gap stays a day."""
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        by=HR,
        at=dt.datetime(2026, 3, 1, 14, tzinfo=UTC),
        time_zone="America/New_York",
        check_in_every_days=1,
    )
    for number, goal in enumerate((b.sales_goal(), b.quality_goal(), b.learning_goal()), start=1):
        cycle = cycle.propose_goal(
            goal, by=MANAGER, at=dt.datetime(2026, 3, 1, 15 + number, tzinfo=UTC)
        )
    new_york = zoneinfo.ZoneInfo("America/New_York")
    cycle = b.aligned(cycle).agree_goals(by=EMPLOYEE, at=dt.datetime(2026, 3, 1, 20, tzinfo=UTC))
    cycle = cycle.advance(by=MANAGER, at=dt.datetime(2026, 3, 6, 21, tzinfo=new_york))
    for day in (6, 7, 8, 9):
        evening = dt.datetime(2026, 3, day, 21, tzinfo=new_york)
        cycle = cycle.record_check_in(
            pc.CheckIn(
                id=f"ci{day}", kind=pc.CheckInKind.ONE_ON_ONE, held_on=evening.date(), summary="ok"
            ),
            by=MANAGER,
            at=evening,
        )
    assert [blocker.code for blocker in cycle.blockers()] == []
    next_day = dt.datetime(2026, 3, 10, 23, 59, tzinfo=new_york)  # 03:59 UTC on the 11th
    assert [blocker.code for blocker in cycle.blockers(at=next_day)] == []
    assert [blocker.code for blocker in cycle.blockers(at=next_day + dt.timedelta(minutes=1))] == [
        "check_in_cadence"
    ]


def test_either_side_of_the_date_line_one_instant_is_three_days() -> None:
    instant = dt.datetime(2026, 6, 15, 10, 30, tzinfo=UTC)
    kiritimati, pago_pago, utc = (
        in_zone(z) for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")
    )
    assert kiritimati.date_of(instant) == dt.date(2026, 6, 16)  # 00:30, UTC+14
    assert pago_pago.date_of(instant) == dt.date(2026, 6, 14)  # 23:30, UTC-11
    assert utc.date_of(instant) == dt.date(2026, 6, 15)
    assert accepts(kiritimati, dt.date(2026, 6, 16), instant)
    assert not accepts(utc, dt.date(2026, 6, 16), instant)
    assert not accepts(pago_pago, dt.date(2026, 6, 15), instant)


def test_the_day_samoa_skipped_never_comes() -> None:
    """Apia moved across the date line after 29 December 2011: 30 December never happened."""
    apia = in_zone("Pacific/Apia")
    before = dt.datetime(2011, 12, 30, 9, 59, tzinfo=UTC)  # 23:59 on the 29th, UTC-10
    after = dt.datetime(2011, 12, 30, 10, 0, tzinfo=UTC)  # 00:00 on the 31st, UTC+14
    assert (apia.date_of(before), apia.date_of(after)) == (
        dt.date(2011, 12, 29),
        dt.date(2011, 12, 31),
    )


def test_a_feedback_request_takes_answers_to_the_end_of_its_last_day_in_its_zone() -> None:
    topic = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")

    def request(zone: str) -> FeedbackRequest:
        return FeedbackRequest.open(
            request_id="fr-1",
            subject_id="e-17",
            manager_id="m-3",
            reviewers=(Reviewer(person_id="p-4", relation=ReviewerRelation.PEER),),
            topics=(topic,),
            scale=pc.RatingScale(minimum=1, maximum=5),
            expires_on=dt.date(2026, 11, 20),
            by=pc.Actor(person_id="m-3", role=pc.Role.MANAGER),
            at=dt.datetime(2026, 11, 2, 9, tzinfo=UTC),
            time_zone=zone,
        )

    answer = FeedbackResponse(
        reviewer_id="p-4",
        ratings=(
            FeedbackRating(topic=topic, rating=pc.Rating(value=4, basis=pc.Basis(text="ok"))),
        ),
    )
    reviewer = pc.Actor(person_id="p-4", role=pc.Role.REVIEWER)
    late = dt.datetime(2026, 11, 21, 5, tzinfo=UTC)  # 18:00 on the 20th in Pago Pago
    assert request("Pacific/Pago_Pago").date_of(late) == dt.date(2026, 11, 20)
    assert request("Pacific/Pago_Pago").respond(answer, by=reviewer, at=late).responses == (answer,)
    with pytest.raises(pc.ValidationError) as info:
        request("UTC").respond(answer, by=reviewer, at=late)
    assert str(info.value) == (
        "at: 2026-11-21 is after the last day of request 'fr-1' (it expired on 2026-11-20)"
    )


def test_an_audit_judges_each_cycle_by_its_own_calendar() -> None:
    """Goal setting is due by 15 February; 16 February 02:00 UTC is still the 15th in New York."""
    as_of = AuditContext(as_of=dt.datetime(2026, 2, 16, 2, tzinfo=UTC))
    utc, new_york = (
        pc.Cycle.start(
            cycle_id="c1",
            employee_id=EMPLOYEE.person_id,
            manager_id=MANAGER.person_id,
            period=b.PERIOD,
            by=HR,
            at=b.T0,
            time_zone=zone,
        )
        for zone in ("UTC", "America/New_York")
    )
    deadline = as_of.deadline(utc, pc.Phase.GOAL_SETTING)
    assert deadline == as_of.deadline(new_york, pc.Phase.GOAL_SETTING)
    assert deadline is not None
    assert as_of.today(utc) == deadline + dt.timedelta(days=1)
    assert as_of.today(new_york) == deadline
    assert as_of.judged(utc, pc.Phase.GOAL_SETTING)
    assert not as_of.judged(new_york, pc.Phase.GOAL_SETTING)


# --- bad zone names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "code"),
    [
        ("Mars/Olympus_Mons", "unknown_time_zone"),
        ("localtime", "unknown_time_zone"),
        ("posixrules", "unknown_time_zone"),
        ("../../etc/passwd", "unknown_time_zone"),
        ("/usr/share/zoneinfo/UTC", "unknown_time_zone"),
        ("America", "unknown_time_zone"),
        ("zone.tab", "unknown_time_zone"),
        ("", "unknown_time_zone"),
        ("Europe/" + "x" * 200, "unknown_time_zone"),
        (3600, "wrong_type"),
        (dt.UTC, "wrong_type"),
    ],
)
def test_a_zone_that_is_no_iana_name_is_refused_naming_the_field(zone: Any, code: str) -> None:
    with pytest.raises(pc.ValidationError) as info:
        pc.Cycle.start(
            cycle_id="c1",
            employee_id="e",
            manager_id="m",
            period=b.PERIOD,
            by=HR,
            at=b.T0,
            time_zone=zone,
        )
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("CycleStarted.time_zone", code)
    assert len(str(info.value)) < 200
    with pytest.raises(pc.ValidationError) as info:
        StartCycle(cycle_id="c1", employee_id="e", manager_id="m", period=b.PERIOD, time_zone=zone)
    assert [p.path for p in info.value.problems] == ["StartCycle.time_zone"]


def test_date_of_refuses_a_moment_that_is_not_one() -> None:
    naive = dt.datetime(2026, 3, 1, 9)  # noqa: DTZ001 - the point
    for bad in (naive, dt.date(2026, 3, 1), "2026-03-01T09:00:00Z"):
        with pytest.raises(pc.ValidationError) as info:
            b.started().date_of(bad)  # type: ignore[arg-type]
        assert [p.path for p in info.value.problems] == ["at"]


# --- properties ---------------------------------------------------------------------------

moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 11),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
offsets = st.builds(
    dt.timezone,
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
        lambda m: dt.timedelta(minutes=m)
    ),
)
written_with = st.one_of(
    offsets, st.sampled_from([zoneinfo.ZoneInfo(z) for z in ZONES if z != "UTC"])
)


@given(zone=st.sampled_from(ZONES), instant=moments, tz=written_with)
def test_the_offset_at_is_written_with_never_changes_its_date(
    zone: str, instant: dt.datetime, tz: dt.tzinfo
) -> None:
    cycle = in_zone(zone)
    written = instant.astimezone(tz)
    assert written == instant
    expected = instant.astimezone(zoneinfo.ZoneInfo(zone)).date()
    assert cycle.date_of(written) == cycle.date_of(instant) == expected


@given(
    zone=st.sampled_from(ZONES),
    instant=moments,
    tz=written_with,
    shift=st.integers(min_value=-2, max_value=2),
)
def test_a_check_in_is_accepted_exactly_up_to_the_commands_local_date(
    zone: str, instant: dt.datetime, tz: dt.tzinfo, shift: int
) -> None:
    cycle = in_zone(zone)
    local = cycle.date_of(instant)
    held_on = local + dt.timedelta(days=shift)
    expected = cycle.date_of(cycle.phase_started_at) <= held_on <= local
    assert accepts(cycle, held_on, instant.astimezone(tz)) is expected
    assert accepts(cycle, held_on, instant) is expected


@given(zone=st.sampled_from(ZONES))
def test_the_zone_is_stored_by_name_and_survives_every_route(zone: str) -> None:
    converter = make_converter()
    cycle = in_zone(zone)
    data = converter.unstructure(cycle)
    assert data["time_zone"] == data["events"][0]["time_zone"] == zone
    back = converter.loads(converter.dumps(cycle), pc.Cycle)
    assert back == cycle
    assert back.time_zone == zone
    assert pc.Cycle.replay(cycle.events) == cycle
    command = StartCycle(
        cycle_id="c1",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=b.PERIOD,
        time_zone=zone,
    )
    assert pc.Cycle.begin(command, by=HR, at=b.T0).time_zone == zone
    assert converter.structure(converter.unstructure(command), StartCycle) == command


def test_a_history_loads_only_under_the_zone_it_was_decided_in() -> None:
    """Moving a stored request to UTC makes its last answer late: the edit is refused."""
    data: dict[str, Any] = json.loads(
        (FIXTURES / "v2" / "feedback_request.json").read_text(encoding="utf-8")
    )
    converter = make_converter()
    assert converter.structure(data, FeedbackRequest).time_zone == "Pacific/Pago_Pago"
    data["time_zone"] = data["events"][0]["time_zone"] = "UTC"
    with pytest.raises(pc.ValidationError) as info:
        converter.structure(data, FeedbackRequest)
    assert [p.path for p in info.value.problems] == ["$.events[1].at"]
    data["time_zone"] = "UTC"
    data["events"][0]["time_zone"] = "Pacific/Pago_Pago"
    with pytest.raises(pc.ValidationError):
        converter.structure(data, FeedbackRequest)  # the state disagrees with its history
