"""Talent metrics: a worked example, conventions, groups, validation and properties.

The worked example is a ten-person organisation over 2026 (five in sales, five
in ops on 1 January): two hires, three exits (two voluntary, one of them
regretted), two promotions and four people trained. Headcount is 10 on
2026-01-01 and 9 on 2026-12-31, so the average headcount is 9.5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from oversight_builders import CHECK_IN_DAYS, EMPLOYEE, HR, MANAGER, at, d, healthy
from perfcore.analytics.records import EmploymentEvent, EmploymentEventKind, TalentRecord
from perfcore.analytics.talent import (
    ALL,
    NO_GROUP,
    Metric,
    check_in_compliance,
    employed_on,
    goal_agreement_rate,
    headcount,
    high_performer_retention,
    high_potential_retention,
    promotion_rate,
    regretted_attrition,
    retention_rate,
    training_participation,
    turnover,
)
from perfcore.cycle import DEFAULT_PERMISSIONS, Policy
from perfcore.oversight import DEFAULT_RULES, RuleSet, audit

HIRE = EmploymentEventKind.HIRE
EXIT = EmploymentEventKind.EXIT
PROMOTION = EmploymentEventKind.PROMOTION
TRAINING = EmploymentEventKind.TRAINING
YEAR = pc.Period.annual(2026)


def hire(who: str, on: str, department: str | None = None) -> EmploymentEvent:
    return EmploymentEvent(employee_id=who, kind=HIRE, on=d(on), department=department)


def leave(who: str, on: str, *, voluntary: bool = True, regretted: bool = False) -> EmploymentEvent:
    return EmploymentEvent(
        employee_id=who, kind=EXIT, on=d(on), voluntary=voluntary, regretted=regretted
    )


def promote(who: str, on: str) -> EmploymentEvent:
    return EmploymentEvent(employee_id=who, kind=PROMOTION, on=d(on))


def train(who: str, on: str, programme: str) -> EmploymentEvent:
    return EmploymentEvent(employee_id=who, kind=TRAINING, on=d(on), programme=programme)


ORG = (
    # on the books on 2026-01-01: sales
    hire("ann", "2019-03-01", "sales"),
    hire("bo", "2020-06-15", "sales"),
    hire("cy", "2021-01-10", "sales"),
    hire("di", "2022-09-01", "sales"),
    hire("ed", "2025-11-03", "sales"),
    # ... and ops (jo joined on the last day of 2025)
    hire("fay", "2018-04-01", "ops"),
    hire("gus", "2023-02-01", "ops"),
    hire("hal", "2024-07-01", "ops"),
    hire("ivy", "2025-01-06", "ops"),
    hire("jo", "2025-12-31", "ops"),
    # outside 2026: left before it, or joins after it
    hire("old", "2023-05-01", "ops"),
    leave("old", "2025-06-30", voluntary=False),
    hire("new", "2027-02-01", "sales"),
    promote("gus", "2025-07-01"),
    # 2026: two hires
    hire("kim", "2026-04-01", "sales"),
    hire("lee", "2026-09-01", "ops"),
    # three exits: two voluntary (bo's regretted), one not
    leave("bo", "2026-03-31", regretted=True),
    leave("cy", "2026-06-30"),
    leave("hal", "2026-10-15", voluntary=False),
    # two promotions
    promote("ann", "2026-07-01"),
    promote("ivy", "2026-07-01"),
    # four people trained (di twice), three of them in leadership
    train("di", "2026-02-10", "leadership"),
    train("di", "2026-05-12", "leadership"),
    train("ed", "2026-03-03", "leadership"),
    train("fay", "2026-02-10", "leadership"),
    train("kim", "2026-04-02", "onboarding"),
    train("jo", "2027-01-15", "leadership"),
)


def talent(who: str, performance: float | None, department: str, **more: object) -> TalentRecord:
    fields: dict[str, object] = {
        "employee_id": who,
        "performance": performance,
        "department": department,
        "as_of": d("2025-12-15"),
    }
    fields.update(more)
    return TalentRecord(**fields)  # type: ignore[arg-type]


TALENT = (
    talent("ann", 0.9, "sales", high_potential=True),
    talent("bo", 0.85, "sales", high_potential=True),
    talent("cy", 0.95, "sales", as_of=d("2025-01-01")),  # superseded below
    talent("cy", 0.6, "sales"),
    talent("di", 0.7, "sales"),
    talent("ed", 0.5, "sales"),
    talent("fay", 0.8, "ops"),  # exactly at the top band's edge: in it
    talent("gus", 0.75, "ops"),
    talent("gus", 0.95, "ops", as_of=d("2026-06-30")),  # after the start: ignored
    talent("hal", 0.82, "ops"),
    talent("ivy", 0.65, "ops", high_potential=True),
    talent("jo", None, "ops", high_potential=True),
    talent("new", 0.99, "sales"),  # not employed at the start
)


def values(metrics: Sequence[Metric]) -> dict[str, tuple[int, float, float | None]]:
    return {m.group: (m.numerator, m.denominator, m.value) for m in metrics}


def the(metrics: Sequence[Metric]) -> Metric:
    assert len(metrics) == 1
    assert metrics[0].group == ALL
    return metrics[0]


# --- the worked example ---------------------------------------------------------------


def test_headcount_at_the_start_and_end_of_the_year() -> None:
    assert employed_on(ORG, on=YEAR.start) == (
        "ann", "bo", "cy", "di", "ed", "fay", "gus", "hal", "ivy", "jo"
    )  # fmt: skip
    assert headcount(ORG, on=YEAR.start) == {ALL: 10}
    assert headcount(ORG, on=YEAR.end) == {ALL: 9}
    assert headcount(ORG, on=YEAR.end, by="department") == {"ops": 5, "sales": 4}


def test_retention_rate() -> None:
    # 10 at the start; bo, cy and hal left; kim and lee (hired in 2026) count in neither
    m = the(retention_rate(ORG, YEAR))
    assert (m.numerator, m.denominator, m.value) == (7, 10, 0.7)
    assert (m.start, m.end) == (YEAR.start, YEAR.end)
    assert values(retention_rate(ORG, YEAR, by="department")) == {
        "ops": (4, 5, 0.8),
        "sales": (3, 5, 0.6),
    }


def test_turnover_counts_separations_over_average_headcount() -> None:
    assert values(turnover(ORG, YEAR)) == {ALL: (3, 9.5, 3 / 9.5)}
    assert values(turnover(ORG, YEAR, voluntary=True)) == {ALL: (2, 9.5, 2 / 9.5)}
    assert values(turnover(ORG, YEAR, voluntary=False)) == {ALL: (1, 9.5, 1 / 9.5)}
    assert the(turnover(ORG, YEAR, voluntary=True)).name == "voluntary_turnover"
    assert the(turnover(ORG, YEAR, voluntary=False)).name == "involuntary_turnover"
    # sales: 5 at the start, 4 at the end; ops: 5 and 5
    assert values(turnover(ORG, YEAR, by="department")) == {
        "ops": (1, 5.0, 0.2),
        "sales": (2, 4.5, 2 / 4.5),
    }


def test_regretted_attrition() -> None:
    assert values(regretted_attrition(ORG, YEAR)) == {ALL: (1, 9.5, 1 / 9.5)}
    assert values(regretted_attrition(ORG, YEAR, by="department")) == {
        "ops": (0, 5.0, 0.0),
        "sales": (1, 4.5, 1 / 4.5),
    }


def test_promotion_rate_counts_people_in_the_period() -> None:
    # gus's promotion in 2025 is outside the period
    assert values(promotion_rate(ORG, YEAR)) == {ALL: (2, 9.5, 2 / 9.5)}
    twice = (*ORG, promote("ann", "2026-11-01"))
    assert values(promotion_rate(twice, YEAR)) == {ALL: (2, 9.5, 2 / 9.5)}


def test_training_participation_counts_people_optionally_of_one_programme() -> None:
    assert values(training_participation(ORG, YEAR)) == {ALL: (4, 9.5, 4 / 9.5)}
    leadership = training_participation(ORG, YEAR, programme="leadership")
    assert values(leadership) == {ALL: (3, 9.5, 3 / 9.5)}
    assert "in programme 'leadership'" in the(leadership).formula
    assert values(training_participation(ORG, YEAR, by="department")) == {
        "ops": (1, 5.0, 0.2),
        "sales": (3, 4.5, 3 / 4.5),
    }


def test_high_performer_retention() -> None:
    # performance ≥ 0.8 at the start: ann, bo, fay, hal; bo and hal left
    m = the(high_performer_retention(ORG, TALENT, YEAR))
    assert (m.numerator, m.denominator, m.value) == (2, 4, 0.5)
    assert "performance ≥ 0.8 as of start" in m.formula
    assert values(high_performer_retention(ORG, TALENT, YEAR, by="department")) == {
        "ops": (1, 2, 0.5),
        "sales": (1, 2, 0.5),
    }
    # a band: cy 0.6 (left), di 0.7, gus 0.75, ivy 0.65
    band = the(high_performer_retention(ORG, TALENT, YEAR, top=(0.6, 0.79)))
    assert (band.numerator, band.denominator) == (3, 4)
    assert "0.6 ≤ performance ≤ 0.79" in band.formula
    assert the(high_performer_retention(ORG, TALENT, YEAR, top=0.95)).value is None


def test_high_potential_retention() -> None:
    # flagged: ann, bo, ivy, jo (jo's performance is unknown: no matter); bo left
    m = the(high_potential_retention(ORG, TALENT, YEAR))
    assert (m.numerator, m.denominator, m.value) == (3, 4, 0.75)


def test_the_same_organisation_from_a_roster_without_hire_events() -> None:
    before = [x for x in ORG if x.kind is not HIRE or x.on >= YEAR.start]
    roster = [x.employee_id for x in ORG if x.kind is HIRE and x.on < YEAR.start]
    without_old = [x for x in before if x.employee_id != "old"]
    roster.remove("old")
    for metric in (retention_rate, turnover, regretted_attrition, promotion_rate):
        assert metric(without_old, YEAR, roster=roster) == metric(ORG, YEAR)
    assert training_participation(without_old, YEAR, roster=roster) == training_participation(
        ORG, YEAR
    )


def test_metric_records() -> None:
    m = the(retention_rate(ORG, YEAR))
    check_value_object(m)
    assert m.as_record() == {
        "name": "retention_rate",
        "group": "all",
        "value": 0.7,
        "numerator": 7,
        "denominator": 10,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "formula": "retained ÷ headcount at start;"
        " retained = employed at start with no exit from start to end",
        "reason": None,
    }


# --- conventions ----------------------------------------------------------------------


def test_an_exit_day_is_the_last_day_employed() -> None:
    events = [hire("ann", "2026-01-01"), leave("ann", "2026-03-31")]
    assert employed_on(events, on=d("2026-03-31")) == ("ann",)
    assert employed_on(events, on=d("2026-04-01")) == ()
    assert employed_on(events, on=d("2025-12-31")) == ()


def test_an_exit_on_the_last_day_is_a_separation_and_not_retained() -> None:
    events = [leave("bo", "2026-12-31")]
    roster = ["ann", "bo"]
    # bo is in the ending headcount (employed through the 31st) ...
    assert headcount(events, on=YEAR.end, roster=roster) == {ALL: 2}
    # ... and left in the period
    assert values(turnover(events, YEAR, roster=roster)) == {ALL: (1, 2.0, 0.5)}
    assert values(retention_rate(events, YEAR, roster=roster)) == {ALL: (1, 2, 0.5)}


def test_a_hire_on_the_first_day_is_in_the_starting_headcount() -> None:
    events = [hire("ann", "2026-01-01"), hire("bo", "2026-01-02")]
    assert values(retention_rate(events, YEAR)) == {ALL: (1, 1, 1.0)}


def test_a_rehire_starts_a_new_employment() -> None:
    events = [
        hire("ann", "2024-01-01"),
        leave("ann", "2025-03-31"),
        hire("ann", "2026-05-01"),
        leave("ann", "2026-08-31"),
        hire("ann", "2026-10-01"),
    ]
    assert [employed_on(events, on=d(x)) for x in ("2025-06-01", "2026-06-01", "2026-09-15")] == [
        (),
        ("ann",),
        (),
    ]
    # not employed on 2026-01-01, employed on 2026-12-31, one separation in between
    assert values(turnover(events, YEAR)) == {ALL: (1, 0.5, 2.0)}
    assert the(retention_rate(events, YEAR)).value is None


def test_hired_and_gone_on_one_day() -> None:
    events = [hire("ann", "2026-05-01"), leave("ann", "2026-05-01")]
    assert employed_on(events, on=d("2026-05-01")) == ("ann",)
    assert employed_on(events, on=d("2026-05-02")) == ()
    assert values(turnover(events, YEAR)) == {ALL: (1, 0, None)}


def test_a_second_hire_while_employed_changes_nothing() -> None:
    events = [hire("ann", "2020-01-01"), hire("ann", "2026-02-01")]
    assert values(retention_rate(events, YEAR, roster=["ann"])) == {ALL: (1, 1, 1.0)}


def test_a_rate_over_average_headcount_can_exceed_one() -> None:
    events = [leave(who, "2026-03-01", voluntary=False) for who in ("a", "b", "c", "d")]
    events += [hire("e", "2026-04-01"), leave("e", "2026-05-01")]
    m = the(turnover(events, YEAR, roster=["a", "b", "c", "d"]))
    assert (m.numerator, m.denominator, m.value) == (5, 2.0, 2.5)


def test_nobody_counted_gives_no_value_and_says_why() -> None:
    m = the(retention_rate([], YEAR))
    assert (m.value, m.numerator, m.denominator) == (None, 0, 0)
    assert m.reason == "no one was employed at the period's start"
    assert the(turnover([], YEAR)).reason == (
        "no one was employed at the period's start or end (average headcount 0)"
    )
    assert retention_rate([], YEAR, by="department") == ()


def test_a_period_can_be_a_pair_of_dates_even_a_single_day() -> None:
    day = (d("2026-03-31"), d("2026-03-31"))
    events = [leave("bo", "2026-03-31")]
    m = the(turnover(events, day, roster=["ann", "bo"]))
    assert (m.numerator, m.denominator, m.start, m.end) == (1, 2.0, day[0], day[1])


def test_talent_as_of_the_start_latest_dated_then_undated() -> None:
    records = [
        TalentRecord(employee_id="ann", performance=0.9),  # undated: used only without a dated one
        TalentRecord(employee_id="ann", performance=0.3, as_of=d("2025-06-30")),
        TalentRecord(employee_id="bo", performance=0.9),
        TalentRecord(employee_id="bo", performance=0.9),  # the same record twice is harmless
    ]
    m = the(high_performer_retention([], records, YEAR, roster=["ann", "bo"]))
    assert (m.numerator, m.denominator) == (1, 1)


# --- groups ---------------------------------------------------------------------------


def test_people_without_a_group_are_reported_not_dropped() -> None:
    events = [hire("ann", "2020-01-01", "sales"), leave("bo", "2026-05-31")]
    assert values(retention_rate(events, YEAR, roster=["bo", "cy"], by="department")) == {
        "sales": (1, 1, 1.0),
        NO_GROUP: (1, 2, 0.5),
    }


def test_a_mapping_groups_roster_people_too() -> None:
    groups = {"ann": "emea", "bo": "apac"}
    events = [leave("bo", "2026-05-31")]
    assert values(retention_rate(events, YEAR, roster=["ann", "bo", "cy"], by=groups)) == {
        "apac": (0, 1, 0.0),
        "emea": (1, 1, 1.0),
        NO_GROUP: (1, 1, 1.0),
    }


def test_a_person_is_grouped_by_their_latest_event_up_to_the_period_end() -> None:
    moved = EmploymentEvent(employee_id="ann", kind=PROMOTION, on=d("2026-06-01"), department="ops")
    later = EmploymentEvent(employee_id="ann", kind=TRAINING, on=d("2027-03-01"), department="hr")
    events = [hire("ann", "2020-01-01", "sales"), moved, later]
    assert [m.group for m in retention_rate(events, YEAR, by="department")] == ["ops"]
    # no group up to the end: the earliest later one
    events = [hire("bo", "2020-01-01"), attrs.evolve(later, employee_id="bo")]
    assert [m.group for m in retention_rate(events, YEAR, by="department")] == ["hr"]


def test_a_function_groups_events() -> None:
    def initial(event: object) -> str | None:
        assert isinstance(event, EmploymentEvent)
        return event.employee_id[0]

    groups = [m.group for m in turnover(ORG, YEAR, by=initial)]
    assert groups == sorted(groups)
    assert sum(m.numerator for m in turnover(ORG, YEAR, by=initial)) == 3

    def blank(_: object) -> str:
        return " "

    assert [m.group for m in turnover(ORG, YEAR, by=blank)] == [NO_GROUP]


MetricFunction = Callable[..., tuple[Metric, ...]]
EVENT_METRICS: tuple[MetricFunction, ...] = (
    retention_rate,
    turnover,
    regretted_attrition,
    promotion_rate,
    training_participation,
)


def assert_groups_add_up(parts: Sequence[Metric], whole: Metric) -> None:
    assert sum(m.numerator for m in parts) == whole.numerator
    assert sum(m.denominator for m in parts) == pytest.approx(whole.denominator)
    assert [m.group for m in parts] == sorted(
        (m.group for m in parts), key=lambda g: (g == NO_GROUP, g)
    )


@pytest.mark.parametrize("metric", EVENT_METRICS)
def test_group_denominators_add_up_to_the_whole(metric: MetricFunction) -> None:
    for by in ("department", {"ann": "x", "kim": "x", "lee": "y"}):
        assert_groups_add_up(metric(ORG, YEAR, by=by), the(metric(ORG, YEAR)))


def test_talent_groups_add_up_to_the_whole() -> None:
    for by in ("department", "manager_id", {"ann": "x", "fay": "y"}):
        parts = high_performer_retention(ORG, TALENT, YEAR, by=by)
        assert_groups_add_up(parts, the(high_performer_retention(ORG, TALENT, YEAR)))
        parts = high_potential_retention(ORG, TALENT, YEAR, by=by)
        assert_groups_add_up(parts, the(high_potential_retention(ORG, TALENT, YEAR)))


# --- cycles: check-in compliance --------------------------------------------------------

OTHER_EMPLOYEE = pc.Actor(person_id="e8", role=pc.Role.EMPLOYEE)
OTHER_MANAGER = pc.Actor(person_id="m3", role=pc.Role.MANAGER)


def two_check_ins() -> pc.Cycle:
    """Implementation from 2026-01-12, due every 30 days, check-ins on 02-09 and 03-09."""
    return healthy("implementation", check_ins=(d("2026-02-09"), d("2026-03-09")))


def test_check_in_compliance_reads_the_cadence_as_the_audit_does() -> None:
    # due by 02-11, 03-13, 04-12, 05-12 by 2026-05-20: the first two kept
    m = the(check_in_compliance([two_check_ins()], as_of=d("2026-05-20")))
    assert (m.numerator, m.denominator, m.value) == (2, 4, 0.5)
    assert (m.start, m.end) == (None, d("2026-05-20"))
    # every four weeks against a 30-day cadence: all 11 due by year end kept
    m = the(check_in_compliance([healthy("implementation")], as_of=d("2026-12-31")))
    assert (m.numerator, m.denominator) == (11, 11)


def test_check_in_compliance_reads_cycles_as_they_stood() -> None:
    cycle = two_check_ins()
    assert values(check_in_compliance([cycle], as_of=d("2026-02-12"))) == {ALL: (1, 1, 1.0)}
    # before implementation began: the cycle does not count
    assert values(check_in_compliance([cycle], as_of=d("2026-01-10"))) == {ALL: (0, 0, None)}
    # implementation over: nothing falls due after it ended
    # (12-08 was the last due date before appraisal began on 2027-01-04)
    closed = healthy("closed")
    for as_of in ("2027-01-06", "2027-06-30"):
        m = the(check_in_compliance([closed], as_of=d(as_of)))
        assert (m.numerator, m.denominator) == (11, 11)


def test_check_in_compliance_within_a_period() -> None:
    # Q2 due dates 04-12, 05-12 (06-11 not yet due on 05-20)
    m = the(
        check_in_compliance(
            [two_check_ins()], as_of=d("2026-05-20"), period=pc.Period.quarter(2026, 2)
        )
    )
    assert (m.numerator, m.denominator, m.start, m.end) == (0, 2, d("2026-04-01"), d("2026-06-30"))


def test_waivers_and_cancelled_cycles() -> None:
    excused = two_check_ins()
    for due in ("2026-04-12", "2026-05-12"):
        excused = excused.waive(
            "check_in_cadence", reason="Parental leave", by=HR, at=at(d("2026-05-20")), subject=due
        )
    assert values(check_in_compliance([excused], as_of=d("2026-05-20"))) == {ALL: (2, 2, 1.0)}
    legacy = b.under_rules(two_check_ins(), 2)  # a waived gap excuses the due dates in it
    gap = legacy.waive(
        "check_in_cadence",
        reason="Parental leave",
        by=HR,
        at=at(d("2026-05-20")),
        subject="2026-03-09",
    )
    assert values(check_in_compliance([gap], as_of=d("2026-05-20"))) == {ALL: (2, 2, 1.0)}
    waived = two_check_ins().waive(
        "check_in_cadence", reason="Long leave", by=HR, at=at(d("2026-05-20"))
    )
    cancelled = two_check_ins().cancel(reason="Left the company", by=HR, at=at(d("2026-05-20")))
    for cycle in (waived, cancelled):
        m = the(check_in_compliance([cycle], as_of=d("2026-05-20")))
        assert (m.denominator, m.reason) == (0, "no check-in has fallen due")


def test_check_in_compliance_by_manager() -> None:
    other = healthy(
        "implementation", cycle_id="c-e8", employee=OTHER_EMPLOYEE, manager=OTHER_MANAGER
    )
    cycles = [two_check_ins(), other]
    by_manager = check_in_compliance(cycles, as_of=d("2026-05-20"), by="manager_id")
    assert values(by_manager) == {"m2": (2, 4, 0.5), "m3": (4, 4, 1.0)}
    assert_groups_add_up(by_manager, the(check_in_compliance(cycles, as_of=d("2026-05-20"))))
    by_map = check_in_compliance(cycles, as_of=d("2026-05-20"), by={"e7": "north"})
    assert [m.group for m in by_map] == ["north", NO_GROUP]


def cadence_finding(cycle: pc.Cycle, as_of: dt.date) -> dict[str, object] | None:
    rules = RuleSet(rules=(DEFAULT_RULES.rule("check_in_cadence_missed"),))
    report = audit([cycle], as_of=at(as_of, 18), rules=rules)
    return dict(report.findings[0].evidence) if report.findings else None


@given(
    kept=st.sets(st.sampled_from(CHECK_IN_DAYS)),
    as_of=st.dates(min_value=d("2026-01-01"), max_value=d("2027-02-28")),
)
def test_check_in_compliance_agrees_with_the_audit(kept: set[dt.date], as_of: dt.date) -> None:
    cycle = healthy("implementation", check_ins=tuple(sorted(kept)))
    m = the(check_in_compliance([cycle], as_of=as_of))
    assert m.numerator <= m.denominator
    assert m.value is None or 0 <= m.value <= 1
    finding = cadence_finding(cycle, as_of)
    if finding is None:
        assert m.numerator == m.denominator
    else:
        assert finding["kept"] + finding["late"] == m.numerator  # type: ignore[operator]
        assert finding["missed"] == m.denominator - m.numerator
        assert finding["due"] == m.denominator


# --- cycles: goal agreement -------------------------------------------------------------


def early() -> pc.Cycle:
    """In implementation, the last check-in on 2026-03-09."""
    return two_check_ins()


def revise_g3(cycle: pc.Cycle, day: str) -> pc.Cycle:
    goal = cycle.goal("g3")
    assert goal is not None
    return cycle.revise_goal(
        attrs.evolve(goal, title="Cloud security certification"),
        reason="The certification body renamed the exam",
        by=MANAGER,
        at=at(d(day)),
    )


def test_goal_agreement_rate() -> None:
    assert values(goal_agreement_rate([healthy("closed")])) == {ALL: (3, 3, 1.0)}
    revised = revise_g3(early(), "2026-03-20")
    assert values(goal_agreement_rate([revised])) == {ALL: (2, 3, 2 / 3)}
    # as it stood before the revision, and after it was agreed again
    assert values(goal_agreement_rate([revised], as_of=d("2026-03-19"))) == {ALL: (3, 3, 1.0)}
    again = revised.agree_goals(by=EMPLOYEE, at=at(d("2026-03-21")))
    assert values(goal_agreement_rate([again])) == {ALL: (3, 3, 1.0)}


def test_goals_agreed_on_the_employees_behalf_do_not_count() -> None:
    lenient = Policy(
        permissions={
            **DEFAULT_PERMISSIONS,
            "agree_goals": frozenset({pc.Role.EMPLOYEE, pc.Role.MANAGER}),
        }
    )
    cycle = revise_g3(early().with_policy(lenient), "2026-03-20")
    cycle = cycle.agree_goals(by=MANAGER, at=at(d("2026-03-21")))
    assert values(goal_agreement_rate([cycle])) == {ALL: (2, 3, 2 / 3)}


def test_which_cycles_count_for_goal_agreement() -> None:
    setting = healthy("goals_agreed")
    cancelled = healthy("implementation", cycle_id="c2").cancel(
        reason="Role eliminated", by=HR, at=at(d("2026-12-30"))
    )
    m = the(goal_agreement_rate([setting, cancelled]))
    assert (m.denominator, m.reason) == (0, "no active goals in cycles past goal setting")
    done = healthy("closed")
    assert the(goal_agreement_rate([done], period=pc.Period.annual(2025))).denominator == 0
    m = the(goal_agreement_rate([done], period=pc.Period.quarter(2026, 3)))
    assert (m.denominator, m.start, m.end) == (3, d("2026-07-01"), d("2026-09-30"))


def test_goal_agreement_by_employee_adds_up() -> None:
    cycles = [
        revise_g3(early(), "2026-03-20"),
        healthy("implementation", cycle_id="c-e8", employee=OTHER_EMPLOYEE, manager=OTHER_MANAGER),
    ]
    parts = goal_agreement_rate(cycles, by="employee_id")
    assert values(parts) == {"e7": (2, 3, 2 / 3), "e8": (3, 3, 1.0)}
    assert_groups_add_up(parts, the(goal_agreement_rate(cycles)))


# --- validation -------------------------------------------------------------------------


def test_arguments_are_validated() -> None:
    rejects(lambda: retention_rate(5, YEAR), "events", "iterable of EmploymentEvent")  # type: ignore[arg-type]
    rejects(lambda: retention_rate("ann", YEAR), "events", "iterable")  # type: ignore[arg-type]
    mixed: list[object] = [hire("a", "2020-01-01"), "x"]
    rejects(
        lambda: retention_rate(mixed, YEAR),  # type: ignore[arg-type]
        "events[1]",
        "must be an EmploymentEvent",
    )
    rejects(lambda: retention_rate([], "2026"), "period", "Period or a .start, end. pair")  # type: ignore[arg-type]
    rejects(
        lambda: retention_rate([], (d("2026-02-01"), d("2026-01-01"))),
        "period",
        "on or after its start",
    )
    rejects(
        lambda: retention_rate([], (d("2026-02-01"), dt.datetime(2026, 3, 1, tzinfo=dt.UTC))),
        "period",
        "pair of dates",
    )
    rejects(lambda: retention_rate([], YEAR, roster="ann"), "roster", "iterable of employee ids")
    rejects(lambda: retention_rate([], YEAR, roster=["ann", " "]), "roster[1]", "employee id")
    rejects(
        lambda: retention_rate([], YEAR, by="salary"), "by", "EmploymentEvent has no field 'salary'"
    )
    numbers: dict[str, object] = {"ann": 3}
    rejects(
        lambda: retention_rate([], YEAR, by=numbers),  # type: ignore[arg-type]
        "by",
        "map employee ids to group names",
    )
    rejects(lambda: retention_rate([], YEAR, by=5), "by", "field name, a mapping or a function")  # type: ignore[arg-type]
    rejects(lambda: turnover([], YEAR, voluntary="yes"), "voluntary", "true, false or None")  # type: ignore[arg-type]
    rejects(lambda: training_participation([], YEAR, programme=""), "programme", "programme name")
    rejects(
        lambda: headcount([], on=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), "on", "must be a date"
    )
    rejects(lambda: employed_on([], on="2026-01-01"), "on", "must be a date")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "top", [0, -0.1, 1.5, True, "high", (0.9, 0.5), (0.5,), (0.2, 1.2), (0.1, None)]
)
def test_top_must_be_a_fraction_or_a_band(top: object) -> None:
    rejects(
        lambda: high_performer_retention([], [], YEAR, top=top),  # type: ignore[arg-type]
        "top",
        "above 0 and at most 1|0 ≤ low ≤ high ≤ 1",
    )


def test_talent_is_validated() -> None:
    rejects(lambda: high_potential_retention([], ["ann"], YEAR), "talent[0]", "TalentRecord")  # type: ignore[list-item]
    rejects(
        lambda: high_potential_retention([], [], YEAR, by="grade"),
        "by",
        "TalentRecord has no field",
    )
    clash = [
        TalentRecord(employee_id="ann", performance=0.9, as_of=d("2025-12-01")),
        TalentRecord(employee_id="ann", performance=0.5, as_of=d("2025-12-01")),
    ]
    rejects(lambda: high_performer_retention([], clash, YEAR), "talent[1]", "contradicts talent.0.")
    # a clash superseded by a later record is no problem
    later = TalentRecord(employee_id="ann", performance=0.7, as_of=d("2025-12-20"))
    assert the(high_performer_retention([], [*clash, later], YEAR, roster=["ann"])).denominator == 0


def test_histories_must_be_consistent() -> None:
    rejects(
        lambda: turnover([leave("ann", "2026-03-01")], YEAR),
        "events[0]",
        "no hire on or before it, and not in the roster",
    )
    after_exit = [
        hire("ann", "2020-01-01"),
        leave("ann", "2026-03-01"),
        promote("ann", "2026-04-01"),
    ]
    rejects(lambda: promotion_rate(after_exit, YEAR), "events[2]", "they left on 2026-03-01")
    before_hire = [train("ann", "2026-01-05", "induction"), hire("ann", "2026-01-06")]
    rejects(
        lambda: training_participation(before_hire, YEAR), "events[0]", "outside any employment"
    )
    # every problem at once, in input order
    twice = [leave("bo", "2026-05-01"), leave("ann", "2026-03-01"), leave("ann", "2026-03-01")]
    rejects_all(lambda: turnover(twice, YEAR, roster=["ann"]), "events[0]", "events[2]")


def test_cycle_arguments_are_validated() -> None:
    cycle = two_check_ins()
    rejects(lambda: check_in_compliance([cycle], as_of="2026-05-20"), "as_of", "must be a date")  # type: ignore[arg-type]
    rejects(
        lambda: check_in_compliance([cycle, cycle], as_of=d("2026-05-20")),
        "cycles[1]",
        "repeats the cycle id",
    )
    names: list[object] = ["c1"]
    rejects(
        lambda: check_in_compliance(names, as_of=d("2026-05-20")),  # type: ignore[arg-type]
        "cycles[0]",
        "must be a Cycle",
    )
    rejects(
        lambda: check_in_compliance([], as_of=d("2026-05-20"), by="department"),
        "by",
        "Cycle has no field",
    )
    rejects(lambda: goal_agreement_rate([], period=5), "period", "Period")  # type: ignore[arg-type]
    rejects(
        lambda: goal_agreement_rate([], as_of=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
        "as_of",
        "date",
    )


def test_metric_record_is_validated() -> None:
    fields: dict[str, object] = {
        "name": "retention_rate",
        "group": "all",
        "numerator": 1,
        "denominator": 2,
        "value": 0.5,
        "start": d("2026-01-01"),
        "end": d("2026-12-31"),
        "formula": "retained ÷ headcount at start",
    }

    def build(**changes: object) -> Metric:
        return Metric(**{**fields, **changes})  # type: ignore[arg-type]

    rejects(lambda: build(denominator=0), "Metric.value", "None when the denominator is 0")
    rejects(
        lambda: build(value=None, reason="x"), "Metric.value", "required when the denominator is 2"
    )
    rejects(lambda: build(reason="because"), "Metric.reason", "empty when there is a value")
    rejects(lambda: build(end=d("2025-12-31")), "Metric.end", "on or after start")
    rejects(lambda: build(name="Retention rate"), "Metric.name", "lowercase identifier")
    rejects(lambda: build(numerator=-1), "Metric.numerator", "at least 0")
    rejects_all(
        lambda: build(value=None, reason=None, formula=""),
        "Metric.value",
        "Metric.formula",
        "Metric.reason",
    )


# --- properties -------------------------------------------------------------------------

BASE = d("2025-01-01")
Spell = tuple[dt.date | None, dt.date | None]


@attrs.frozen
class Organisation:
    events: tuple[EmploymentEvent, ...]
    roster: tuple[str, ...]
    spells: dict[str, tuple[Spell, ...]]
    talent: tuple[TalentRecord, ...]


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


DEPARTMENTS = st.sampled_from(["a", "b", None])


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    events: list[EmploymentEvent] = []
    roster: list[str] = []
    spells: dict[str, tuple[Spell, ...]] = {}
    records: list[TalentRecord] = []
    for number in range(draw(st.integers(0, 8))):
        who = f"p{number}"
        on_roster = draw(st.booleans())
        changes = sorted(draw(st.sets(st.integers(0, 900), max_size=4)))
        employed, since = on_roster, None
        found: list[Spell] = []
        if on_roster:
            roster.append(who)
        for offset in changes:
            department = draw(DEPARTMENTS)
            if employed:
                voluntary = draw(st.booleans())
                events.append(
                    EmploymentEvent(
                        employee_id=who,
                        kind=EXIT,
                        on=day(offset),
                        voluntary=voluntary,
                        regretted=voluntary and draw(st.booleans()),
                        department=department,
                    )
                )
                found.append((since, day(offset)))
                employed = False
            else:
                events.append(
                    EmploymentEvent(
                        employee_id=who, kind=HIRE, on=day(offset), department=department
                    )
                )
                employed, since = True, day(offset)
        if employed:
            found.append((since, None))
        for first, last in found:
            low = -100 if first is None else (first - BASE).days
            high = 1000 if last is None else (last - BASE).days
            for offset in draw(st.lists(st.integers(low, high), max_size=2)):
                kind = draw(st.sampled_from([PROMOTION, TRAINING]))
                programme = draw(st.sampled_from(["x", "y", None])) if kind is TRAINING else None
                events.append(
                    EmploymentEvent(
                        employee_id=who,
                        kind=kind,
                        on=day(offset),
                        programme=programme,
                        department=draw(DEPARTMENTS),
                    )
                )
        spells[who] = tuple(found)
        if draw(st.booleans()):
            records.append(
                TalentRecord(
                    employee_id=who,
                    performance=draw(st.none() | st.floats(0, 1)),
                    high_potential=draw(st.booleans()),
                    department=draw(DEPARTMENTS),
                )
            )
    order = draw(st.permutations(events))
    return Organisation(
        events=tuple(order), roster=tuple(roster), spells=spells, talent=tuple(records)
    )


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(st.integers(0, 800))
    return day(start), day(start + draw(st.integers(0, 400)))


def employed(spells: Sequence[Spell], on: dt.date) -> bool:
    return any((a is None or a <= on) and (b is None or on <= b) for a, b in spells)


def inside(spells: Sequence[Spell], start: dt.date, end: dt.date) -> bool:
    """Employed on some day from ``start`` to ``end``."""
    return any((a is None or a <= end) and (b is None or start <= b) for a, b in spells)


def all_metrics(
    org: Organisation, period: tuple[dt.date, dt.date], by: object = None
) -> dict[str, tuple[Metric, ...]]:
    kwargs: dict[str, object] = {"roster": org.roster, "by": by}
    found = {f.__name__: f(org.events, period, **kwargs) for f in EVENT_METRICS}
    found["voluntary"] = turnover(org.events, period, voluntary=True, **kwargs)  # type: ignore[arg-type]
    found["programme"] = training_participation(org.events, period, programme="x", **kwargs)  # type: ignore[arg-type]
    talent_by = by if by is None or isinstance(by, dict) else "department"
    found["high_performer"] = high_performer_retention(
        org.events, org.talent, period, top=0.5, roster=org.roster, by=talent_by
    )
    found["high_potential"] = high_potential_retention(
        org.events, org.talent, period, roster=org.roster, by=talent_by
    )
    return found


BOUNDED = ("retention_rate", "high_performer", "high_potential")


@given(org=organisations(), period=periods())
def test_denominators_count_only_people_employed_in_the_period(
    org: Organisation, period: tuple[dt.date, dt.date]
) -> None:
    start, end = period
    at_start = sum(employed(s, start) for s in org.spells.values())
    at_end = sum(employed(s, end) for s in org.spells.values())
    found = all_metrics(org, period)
    assert the(found["retention_rate"]).denominator == at_start
    for name in ("turnover", "regretted_attrition", "promotion_rate", "training_participation"):
        assert the(found[name]).denominator == (at_start + at_end) / 2
    for name, metrics in found.items():
        m = the(metrics)
        assert m.value is None or m.value >= 0
        if name in BOUNDED:
            assert m.numerator <= m.denominator
            assert m.value is None or m.value <= 1
    # people employed on no day of the period change nothing
    outside = {who for who, s in org.spells.items() if not inside(s, start, end)}
    trimmed = attrs.evolve(
        org,
        events=tuple(x for x in org.events if x.employee_id not in outside),
        roster=tuple(who for who in org.roster if who not in outside),
    )
    assert all_metrics(trimmed, period) == found
    assert all_metrics(trimmed, period, by="department") == all_metrics(
        org, period, by="department"
    )


@given(org=organisations(), period=periods())
def test_groups_add_up_and_order_does_not_matter(
    org: Organisation, period: tuple[dt.date, dt.date]
) -> None:
    whole = all_metrics(org, period)
    mapping = {"p0": "x", "p1": "y", "p2": "x"}
    for by in ("department", mapping):
        for name, parts in all_metrics(org, period, by=by).items():
            assert_groups_add_up(parts, the(whole[name]))
    backwards = attrs.evolve(org, events=org.events[::-1], talent=org.talent[::-1])
    assert all_metrics(backwards, period, by="department") == all_metrics(
        org, period, by="department"
    )


@given(org=organisations(), on=st.integers(-50, 1000).map(day))
def test_headcount_matches_the_employment_spells(org: Organisation, on: dt.date) -> None:
    expected = tuple(sorted(who for who, s in org.spells.items() if employed(s, on)))
    assert employed_on(org.events, on=on, roster=org.roster) == expected
    assert headcount(org.events, on=on, roster=org.roster) == {ALL: len(expected)}
    assert sum(headcount(org.events, on=on, roster=org.roster, by="department").values()) == len(
        expected
    )


@given(org=organisations(), period=periods())
def test_a_metrics_period_is_the_one_asked_for(
    org: Organisation, period: tuple[dt.date, dt.date]
) -> None:
    for metrics in all_metrics(org, period).values():
        assert (the(metrics).start, the(metrics).end) == period
