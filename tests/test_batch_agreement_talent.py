"""Agreement and talent metrics in partitions equal one process (perfcore.batch).

ICC rows and alpha units are cut into 1 to 7 partitions at drawn places; the
people of random employment histories (their events, roster entries and talent
records together) and the cycles of random populations are spread over 1 to 7
partitions. The parts, merged in a drawn order, must give what one call on
everything gives: the same metrics (counts exactly, values to the last bit)
and the same agreement results, or the same refusal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcore as pc
from perfcore import batch
from perfcore.analytics import (
    EmploymentEvent,
    IccForm,
    TalentRecord,
    check_in_compliance,
    goal_agreement_rate,
    high_performer_retention,
    high_potential_retention,
    icc,
    krippendorff_alpha,
    promotion_rate,
    regretted_attrition,
    retention_rate,
    training_participation,
    turnover,
)
from perfcore.testing import strategies as ps
from perfcore.testing.strategies import Population

T = TypeVar("T")
SLOW = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def split(items: Sequence[T], data: st.DataObject) -> list[list[T]]:
    """``items`` cut into 1 to 7 partitions at drawn places (a partition may be empty)."""
    count = data.draw(st.integers(min_value=1, max_value=7), label="partitions")
    cuts = data.draw(
        st.lists(st.integers(0, len(items)), min_size=count - 1, max_size=count - 1), label="cuts"
    )
    bounds = [0, *sorted(cuts), len(items)]
    return [list(items[a:b]) for a, b in itertools.pairwise(bounds)]


def shuffled(items: Sequence[T], data: st.DataObject) -> list[T]:
    return list(data.draw(st.permutations(items), label="merge order"))


def outcome(work: Callable[[], T]) -> T | str:
    """What ``work`` gives, or the message of the perfcore error it raises."""
    try:
        return work()
    except pc.ValidationError as exc:
        return f"refused: {exc}"


# --- agreement -----------------------------------------------------------------------------

numbers = st.integers(-3, 9) | st.floats(-10, 10, allow_nan=False, width=16)


@st.composite
def tables(draw: st.DrawFn, cells: st.SearchStrategy[Any]) -> list[list[Any]]:
    width = draw(st.integers(2, 4))
    return draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=12))


@given(rows=tables(numbers), form=st.sampled_from(IccForm), data=st.data())
def test_any_partitioning_gives_the_icc_of_one_process(
    rows: list[list[float]], form: IccForm, data: st.DataObject
) -> None:
    parts = [batch.icc_part(part) for part in split(rows, data)]
    expected = outcome(lambda: icc(rows, form=form)) if rows else "no rows"
    found = outcome(lambda: batch.combine_icc(shuffled(parts, data), form=form))
    if rows:
        assert found == expected
    else:
        assert found == "refused: ratings: needs at least 2 rows (targets), got 0"
    merged = batch.IccStats.merged(parts)
    assert merged.count == len(rows)
    assert pickle.loads(pickle.dumps(merged)) == merged  # noqa: S301 - our own bytes


def test_icc_sums_by_hand() -> None:
    stats = batch.icc_part([[1, 2], [3, 5]]).merge(batch.icc_part([[6, 6]]))
    # Σx² = 1 + 4 + 9 + 25 + 36 + 36; rows 3, 8, 12; raters 10 and 13
    sums = (stats.count, stats.squares, stats.row_squares)
    assert sums == (3, Fraction(111), Fraction(9 + 64 + 144))
    assert stats.column_totals == (Fraction(10), Fraction(13))
    result = batch.combine_icc([stats], form=IccForm.ICC_3_1)
    assert (result.bms, result.ems) == (10.166666666666666, 0.5)  # as in icc's docstring
    assert batch.icc_part([]) == batch.IccStats()
    assert batch.IccStats().merge(stats) == stats
    assert stats.merge(batch.IccStats()) == stats


def test_icc_parts_that_do_not_fit_are_refused() -> None:
    two, three = batch.icc_part([[1, 2]]), batch.icc_part([[1, 2, 3]])
    with pytest.raises(
        pc.ValidationError, match="other: holds ratings by 3 raters, and these by 2"
    ):
        two.merge(three)
    with pytest.raises(pc.ValidationError, match=r"^form: must be an IccForm"):
        batch.combine_icc([two], form="2,1")  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match=r"parts\[1\]: must be IccStats"):
        batch.combine_icc([two, 3], form=IccForm.ICC_1_1)  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable of IccStats"):
        batch.IccStats.merged(None)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match=r"ratings\[0\]\[1\]: is missing"):
        batch.icc_part([[1, None]])
    with pytest.raises(pc.ValidationError, match="column_totals"):
        batch.IccStats(column_totals=(1.5,))


levels = st.sampled_from(["nominal", "ordinal", "interval", "ratio"])
values_ = st.none() | st.integers(0, 5) | st.floats(0, 5, allow_nan=False, width=16)


@given(units=tables(values_), level=levels, data=st.data())
def test_any_partitioning_gives_the_alpha_of_one_process(
    units: list[list[Any]], level: Any, data: st.DataObject
) -> None:
    cuts = split(units, data)
    parts = [batch.krippendorff_alpha_part(part, level=level, layout="units") for part in cuts]
    found = outcome(lambda: batch.combine_krippendorff_alpha(shuffled(parts, data)))
    if units:
        assert found == outcome(lambda: krippendorff_alpha(units, level=level, layout="units"))
    else:
        assert found == "refused: units: no unit has values from 2 coders: agreement is undefined"
    # the same units as columns of a table of coders, cut into the same parts
    by_coder = [
        batch.krippendorff_alpha_part(
            [list(coder) for coder in zip(*part, strict=True)] if part else [],
            level=level,
            layout="coders",
        )
        for part in cuts
    ]
    assert batch.AlphaStats.merged(by_coder).units_used == batch.AlphaStats.merged(parts).units_used
    assert outcome(lambda: batch.combine_krippendorff_alpha(by_coder)) == found


def test_alpha_parts_that_do_not_fit_are_refused() -> None:
    nominal = batch.krippendorff_alpha_part([["a", "b"]], level="nominal", layout="units")
    interval = batch.krippendorff_alpha_part([[1, 2]], level="interval", layout="units")
    wide = batch.krippendorff_alpha_part([[1, 2, 3]], level="interval", layout="units")
    with pytest.raises(pc.ValidationError, match="other: is at the interval level"):
        nominal.merge(interval)
    with pytest.raises(pc.ValidationError, match="other: holds values of 3 coders, and these of 2"):
        interval.merge(wide)
    assert interval.merge(batch.AlphaStats()) == interval
    assert batch.AlphaStats().merge(interval) == interval
    with pytest.raises(pc.ValidationError, match="layout: is required"):
        batch.krippendorff_alpha_part([[1, 2]])
    with pytest.raises(pc.ValidationError, match=r"units\[0\]\[1\]: must be a finite number"):
        batch.krippendorff_alpha_part([[1, "x"]], layout="units")
    with pytest.raises(pc.ValidationError, match="level"):
        batch.AlphaStats(level="loud")
    with pytest.raises(pc.ValidationError, match="counts"):
        batch.AlphaStats(counts={1: 0})
    with pytest.raises(pc.ValidationError, match="coincidences"):
        batch.AlphaStats(coincidences={1: Fraction(1)})
    ordinal = batch.krippendorff_alpha_part(
        [[1, 2, 2], [3, 3, None]], level="ordinal", layout="units"
    )
    # the first unit: the pair (1, 2) twice over its 3 - 1 = 2 values; the second: no pair
    assert dict(ordinal.coincidences) == {(Fraction(1), Fraction(2)): Fraction(1)}
    assert (ordinal.units_used, ordinal.observed, dict(ordinal.counts)) == (
        2,
        Fraction(0),
        {Fraction(1): 1, Fraction(2): 2, Fraction(3): 2},
    )


# --- talent metrics ------------------------------------------------------------------------

PEOPLE = [f"p{i}" for i in range(8)]
START = dt.date(2026, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[EmploymentEvent], list[str], list[TalentRecord]]:
    """Employment events of a few people over two years, a roster and talent records.

    Events come from the shipped strategy, moved onto a few people and days;
    those that fall outside any employment are dropped, as an HR system would
    not hold them.
    """
    roster = draw(st.lists(st.sampled_from(PEOPLE), unique=True))
    drawn = draw(st.lists(ps.employment_events(), max_size=25))
    events = [
        attrs.evolve(
            event,
            employee_id=draw(st.sampled_from(PEOPLE)),
            on=START + dt.timedelta(days=draw(st.integers(-200, 560))),
        )
        for event in drawn
    ]
    try:
        pc.analytics.headcount(events, on=START, roster=roster)
    except pc.ValidationError as exc:
        wrong = {int(p.path.partition("[")[2].rstrip("]")) for p in exc.problems}
        events = [event for index, event in enumerate(events) if index not in wrong]
    talent = [
        attrs.evolve(record, employee_id=person)
        for person, record in zip(
            draw(st.lists(st.sampled_from(PEOPLE), unique=True)),
            draw(st.lists(ps.talent_records(), min_size=len(PEOPLE), max_size=len(PEOPLE))),
            strict=False,
        )
    ]
    return events, roster, talent


groupings = st.sampled_from([None, "department", {"p1": "a", "p2": "b", "p3": "a"}])
periods = st.sampled_from([pc.Period.annual(2026), (dt.date(2026, 3, 1), dt.date(2027, 2, 28))])


def by_person(
    history: tuple[list[EmploymentEvent], list[str], list[TalentRecord]], data: st.DataObject
) -> list[tuple[list[EmploymentEvent], list[str], list[TalentRecord]]]:
    """Each person's events, roster entry and talent records in one of 1 to 7 partitions."""
    events, roster, talent = history
    count = data.draw(st.integers(1, 7), label="partitions")
    home = {p: data.draw(st.integers(0, count - 1), label=f"partition of {p}") for p in PEOPLE}
    return [
        (
            [e for e in events if home[e.employee_id] == k],
            [p for p in roster if home[p] == k],
            [r for r in talent if home[r.employee_id] == k],
        )
        for k in range(count)
    ]


@SLOW
@given(history=histories(), by=groupings, period=periods, data=st.data())
def test_any_partitioning_by_person_gives_the_talent_metrics_of_one_process(
    history: tuple[list[EmploymentEvent], list[str], list[TalentRecord]],
    by: Any,
    period: Any,
    data: st.DataObject,
) -> None:
    events, roster, talent = history
    cuts = by_person(history, data)
    over_events: list[tuple[Any, dict[str, Any]]] = [
        (turnover, {}),
        (turnover, {"voluntary": True}),
        (regretted_attrition, {}),
        (promotion_rate, {}),
        (training_participation, {}),
        (retention_rate, {}),
    ]
    for metric, options in over_events:
        parts = [
            batch.talent_part(metric, e, period, roster=r, by=by, **options) for e, r, _ in cuts
        ]
        expected = metric(events, period, roster=roster, by=by, **options)
        assert batch.combine_talent(shuffled(parts, data)) == expected
    tby = None if by == "department" and not talent else by
    for metric, options in [
        (high_performer_retention, {"top": 0.5}),
        (high_potential_retention, {}),
    ]:
        parts = [
            batch.talent_part(metric, e, t, period, roster=r, by=tby, **options) for e, r, t in cuts
        ]
        expected = metric(events, talent, period, roster=roster, by=tby, **options)
        assert batch.combine_talent(shuffled(parts, data)) == expected


@SLOW
@given(
    population=ps.populations(size=12, managers=3),
    days=st.integers(-30, 400),
    by=st.sampled_from([None, "manager_id"]),
    data=st.data(),
)
def test_any_partitioning_of_cycles_gives_the_cycle_metrics_of_one_process(
    population: Population, days: int, by: Any, data: st.DataObject
) -> None:
    cycles = list(population.cycles)
    as_of = min(c.last_event_at for c in cycles).date() + dt.timedelta(days=days)
    cuts = split(cycles, data)
    parts = [batch.talent_part(check_in_compliance, part, as_of=as_of, by=by) for part in cuts]
    expected = check_in_compliance(cycles, as_of=as_of, by=by)
    assert batch.combine_talent(shuffled(parts, data)) == expected
    for moment in (None, as_of):
        parts = [batch.talent_part(goal_agreement_rate, p, as_of=moment, by=by) for p in cuts]
        expected = goal_agreement_rate(cycles, as_of=moment, by=by)
        assert batch.combine_talent(shuffled(parts, data)) == expected


def test_talent_parts_that_do_not_fit_are_refused() -> None:
    year = pc.Period.annual(2026)
    ann = batch.talent_part(retention_rate, [], year, roster=["ann"])
    assert (ann.counts, ann.ids, ann.halved, ann.of) == (
        {"all": (1, 1)},
        ("ann",),
        False,
        "employee",
    )
    with pytest.raises(pc.ValidationError, match="employee 'ann' is in more than one part"):
        batch.combine_talent([ann, ann])
    other = batch.talent_part(turnover, [], year, roster=["bo"])
    with pytest.raises(pc.ValidationError, match=r"parts\[1\]: was counted with other settings"):
        batch.combine_talent([ann, other])
    with pytest.raises(pc.ValidationError, match="at least one part"):
        batch.combine_talent([])
    with pytest.raises(pc.ValidationError, match=r"parts\[0\]: must be a TalentPart"):
        batch.combine_talent([1])  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable"):
        batch.combine_talent(None)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="metric: must be one of the talent metrics"):
        batch.talent_part(icc, [], year)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="turnover: is called wrongly"):
        batch.talent_part(turnover, [], year, colour="red")
    with pytest.raises(pc.ValidationError, match="counts"):
        attrs.evolve(ann, counts={"all": (1, -1)})
    with pytest.raises(pc.ValidationError, match="of"):
        attrs.evolve(ann, of="team")
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id="e1",
        manager_id="m1",
        period=year,
        by=pc.Actor(person_id="hr", role=pc.Role.HR),
        at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    once = batch.talent_part(goal_agreement_rate, [cycle])
    with pytest.raises(pc.ValidationError, match="cycle 'c1' is in more than one part"):
        batch.combine_talent([once, once])
