"""Batch runs equal the single-process results, for any partitioning (perfcore.batch).

Random populations from the shipped strategies are cut into 1 to 7 partitions
(some possibly empty) at drawn places; the per-partition work plus the combine
step must give exactly what one call on everything gives: the same records,
the same audit report, the same calibrated ratings (statistics bit for bit).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import pickle
import statistics
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcore as pc
from perfcore import batch
from perfcore.analytics import (
    NineBox,
    RatingRecord,
    TalentRecord,
    rater_effects,
    rating_records,
    z_calibrate,
    z_normalise,
)
from perfcore.analytics._calibration_zscore import z_normalise_given
from perfcore.cycle import Cycle
from perfcore.oversight import (
    DEFAULT_RULES,
    AuditContext,
    Finding,
    ManagerRating,
    PopulationRule,
    RaterLeniency,
    RuleSet,
    Severity,
    TeamMember,
    TeamWithoutCheckIns,
    audit,
)
from perfcore.serialization import make_converter
from perfcore.testing import strategies as ps

T = TypeVar("T")

CONVERTER = make_converter()
VERIFIED = batch.Loader()
TRUSTED = batch.Loader(trusted=True)
SLOW = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# the built-in rules, with a leniency rule that judges teams this small
RULES = RuleSet(
    rules=tuple(
        RaterLeniency(min_group_size=2, threshold=0.1) if isinstance(r, RaterLeniency) else r
        for r in DEFAULT_RULES
    )
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


def documents(cycles: Sequence[Cycle]) -> list[dict[str, Any]]:
    return [CONVERTER.unstructure(cycle) for cycle in cycles]


# --- loading -----------------------------------------------------------------------------


@SLOW
@given(population=ps.populations(size=12, managers=3), self_ratings=st.booleans())
def test_batch_records_equal_the_object_path(population: Any, self_ratings: bool) -> None:
    cycles = list(population.cycles)
    stored = documents(cycles)
    expected = rating_records(cycles, self_ratings=self_ratings)
    scores = [(c.id, c.score) for c in cycles if c.score is not None]
    for loader in (VERIFIED, TRUSTED):
        assert loader.cycles(stored) == tuple(cycles)
        assert loader.rating_records(stored, self_ratings=self_ratings) == expected
        assert loader.scores(stored) == scores


def test_a_loader_pickles_and_goes_on_reading() -> None:
    cycle = pc.Cycle.start(
        cycle_id="c1",
        employee_id="e1",
        manager_id="m1",
        period=pc.Period.annual(2026),
        by=pc.Actor(person_id="hr", role=pc.Role.HR),
        at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    copy = pickle.loads(pickle.dumps(TRUSTED))  # noqa: S301 - our own bytes
    assert copy == TRUSTED
    assert copy.trusted
    assert copy.cycles(documents([cycle])) == (cycle,)
    assert "converter" not in repr(batch.Loader())


def _closed_with_ratings() -> Cycle:
    from visibility_world import world  # noqa: PLC0415 - a test helper module

    return world("closed").cycle


def test_bad_documents_are_reported_where_they_are() -> None:
    good = documents([_closed_with_ratings()])[0]
    with pytest.raises(pc.ValidationError) as info:
        VERIFIED.cycles([good, {"type": "goal"}, "text"])
    paths = [p.path for p in info.value.problems]
    assert paths[0].startswith("documents[1]")
    assert paths[-1] == "documents[2]"
    with pytest.raises(pc.ValidationError, match=r"^documents: must be an iterable"):
        VERIFIED.cycles("abc")
    with pytest.raises(pc.ValidationError, match="self_ratings"):
        TRUSTED.rating_records([good], self_ratings="yes")  # type: ignore[arg-type]


def test_a_stored_state_that_cannot_be_read_directly_is_loaded_whole() -> None:
    cycle = _closed_with_ratings()
    good = documents([cycle])[0]
    # a hand-edited state: the direct read declines it, the whole load refuses it
    broken = {**good, "manager_assessment": {"goal_ratings": "nonsense"}, "score": {"x": 1}}
    with pytest.raises(pc.ValidationError) as info:
        TRUSTED.rating_records([good, broken])
    assert all(p.path.startswith("documents[1]") for p in info.value.problems)
    with pytest.raises(pc.ValidationError) as info:
        TRUSTED.scores([good, {**good, "id": 7}])
    assert all(p.path.startswith("documents[1]") for p in info.value.problems)
    with pytest.raises(pc.ValidationError):
        TRUSTED.scores([broken])
    with pytest.raises(pc.ValidationError):  # a rating of true: declined, then refused
        TRUSTED.rating_records(
            [
                {
                    **good,
                    "self_assessment": {
                        "goal_ratings": [{"goal_id": "g1", "rating": {"value": True}}]
                    },
                }
            ]
        )
    # a document without its type tag is read by the whole load alone (which allows that)
    untagged = {key: value for key, value in good.items() if key != "type"}
    assert TRUSTED.rating_records([untagged]) == rating_records([cycle])
    assert TRUSTED.scores([untagged]) == [(cycle.id, cycle.score)]
    assert TRUSTED.rating_records([good]) == rating_records([cycle])
    assert TRUSTED.scores([good]) == [(cycle.id, cycle.score)]


def test_the_trusted_path_reads_the_stored_state_as_it_is() -> None:
    """Trusted means written and verified by this app: the stored state is not checked again."""
    cycle = _closed_with_ratings()
    stored = documents([cycle])[0]
    assessment = dict(stored["manager_assessment"])
    assessment["overall"] = {"value": 4, "basis": {"text": "overall", "evidence": []}}
    edited = {**stored, "manager_assessment": assessment}
    records = TRUSTED.rating_records([edited], self_ratings=False)
    assert records[-1].dimension == "overall"
    assert records[-1].value == 4.0
    assert records[:-1] == rating_records([cycle], self_ratings=False)
    with pytest.raises(pc.ValidationError):
        VERIFIED.rating_records([edited])


# --- the audit ---------------------------------------------------------------------------


@SLOW
@given(population=ps.populations(size=14, managers=3), days=st.integers(-200, 400), data=st.data())
def test_any_partitioning_audits_as_one_process(
    population: Any, days: int, data: st.DataObject
) -> None:
    cycles = list(population.cycles)
    as_of = max(c.last_event_at for c in cycles) + dt.timedelta(days=days)
    parts = [batch.audit_part(part, as_of=as_of, rules=RULES) for part in split(cycles, data)]
    expected = audit(cycles, as_of=as_of, rules=RULES)
    assert batch.combine_audits(shuffled(parts, data)) == expected
    merged = functools.reduce(batch.AuditPart.merge, shuffled(parts, data))  # one by one
    assert batch.combine_audits([merged]) == expected


@attrs.frozen(kw_only=True)
class _TeamSize(PopulationRule):
    """A population rule that is not split: the parts keep the cycles for it."""

    NAME: ClassVar[str] = "team_size"
    DESCRIPTION: ClassVar[str] = "Counts each manager's cycles."
    severity: Severity = Severity.INFO
    wrong: bool = False

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        if self.wrong and cycles:
            yield "not a finding"  # type: ignore[misc]
        managers = sorted({c.manager_id for c in cycles})
        for manager in managers:
            size = sum(c.manager_id == manager for c in cycles)
            yield self.finding(None, f"{size} cycles", subject=manager, manager_id=manager)


def test_a_population_rule_that_is_not_split_is_judged_on_the_kept_cycles() -> None:
    from visibility_world import world  # noqa: PLC0415 - a test helper module

    cycles = [world("closed").cycle]
    as_of = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    rules = [*DEFAULT_RULES, _TeamSize()]
    part = batch.audit_part(cycles, as_of=as_of, rules=rules)
    assert part.cycles == tuple(cycles)
    empty = batch.audit_part([], as_of=as_of, rules=rules)
    report = batch.combine_audits([part, empty])
    assert report == audit(cycles, as_of=as_of, rules=rules)
    assert "team_size" in report.codes()
    wrong = batch.audit_part(cycles, as_of=as_of, rules=[_TeamSize(wrong=True)])
    with pytest.raises(pc.ValidationError, match=r"rules\[team_size\]: must yield Finding"):
        batch.combine_audits([wrong])


def test_parts_that_do_not_fit_together_are_refused() -> None:
    from visibility_world import world  # noqa: PLC0415 - a test helper module

    cycles = [world("closed").cycle]
    as_of = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    part = batch.audit_part(cycles, as_of=as_of)
    with pytest.raises(pc.ValidationError, match=r"other: repeats cycle"):
        part.merge(part)
    with pytest.raises(pc.ValidationError, match=r"parts: cycle '.+' is in more than one part"):
        batch.combine_audits([part, batch.audit_part([], as_of=as_of), part])
    later = batch.audit_part([], as_of=as_of + dt.timedelta(days=1))
    with pytest.raises(pc.ValidationError, match=r"parts\[1\]: was audited with other settings"):
        batch.combine_audits([part, later])
    with pytest.raises(pc.ValidationError, match="at least one part"):
        batch.combine_audits([])
    with pytest.raises(pc.ValidationError, match=r"parts\[0\]: must be an AuditPart"):
        batch.combine_audits([1])  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable"):
        batch.combine_audits(None)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="as_of"):
        batch.audit_part(cycles, as_of=dt.datetime(2027, 6, 1))  # noqa: DTZ001 - naive on purpose


def test_the_population_rules_judge_only_their_own_summaries() -> None:
    context = AuditContext(as_of=dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    with pytest.raises(pc.ValidationError, match=r"summaries\[0\]: must be a TeamMember"):
        list(TeamWithoutCheckIns().judge([ManagerRating(manager_id="m", rating=0.5)], context))  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match=r"^summaries: must be an iterable"):
        list(RaterLeniency().judge(None, context))  # type: ignore[arg-type]
    team = [
        TeamMember(manager_id="m1", employee_id=f"e{i}", due=True, checked_in=False)
        for i in range(2)
    ]
    (finding,) = TeamWithoutCheckIns().judge(team, context)
    assert finding.message == "no check-ins in m1's team of 2 (e0, e1) during implementation"


# --- statistics --------------------------------------------------------------------------


def test_moments_by_hand() -> None:
    moments = batch.Moments.of([1, 2, 3, 4])
    assert (moments.count, moments.total, moments.squares, moments.exponent) == (4, 10, 30, 0)
    assert moments.mean() == 2.5
    assert moments.sd() == math.sqrt(5 / 3)  # Σ(x − 2.5)² = 5, over n − 1 = 3
    half = batch.Moments.of([0.5])  # 1 / 2**1
    assert (half.total, half.squares, half.exponent) == (1, 1, 1)
    both = moments.merge(half)
    assert (both.count, both.total, both.exponent) == (5, 21, 1)  # 10.5 = 21 / 2
    assert both.mean() == 2.1
    assert batch.Moments().mean() is None
    for values in ([1e-300, 1.0, 2.0], [1e300, 2.0**-100, 3.0]):  # scaled by big integers
        assert batch.Moments.of(values).sd() == statistics.stdev(values)
        assert batch.Moments.of(values).mean() == math.fsum(values) / 3
    assert batch.Moments.of([]) == batch.Moments()
    with pytest.raises(pc.ValidationError, match="hold no values"):
        batch.Moments().spread()
    with pytest.raises(pc.ValidationError, match=r"values\[1\]: must be a finite number"):
        batch.Moments.of([1.0, math.nan])
    with pytest.raises(pc.ValidationError, match=r"^values: must be an iterable"):
        batch.Moments.of("12")  # type: ignore[arg-type]


values_ = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.integers(-1000, 1000),
    max_size=40,
)


@given(values=values_, data=st.data())
def test_merged_moments_are_exact_for_any_partitioning(values: list[float], data: Any) -> None:
    parts = [batch.Moments.of(part) for part in split(values, data)]
    merged = batch.Moments()
    for part in shuffled(parts, data):
        merged = merged.merge(part)
    assert merged == batch.Moments.of(values) or merged.count == len(values)
    assert merged.count == len(values)
    if values:
        assert merged.mean() == math.fsum(values) / len(values)
    if len(values) >= 2:
        assert merged.sd() == statistics.stdev(values)


# a few raters, so groups reach the minimum size and are judged
records_ = st.lists(
    st.builds(
        lambda record, rater: attrs.evolve(record, rater_id=rater),
        ps.rating_records(),
        st.sampled_from(["m1", "m2", "m3"]),
    ),
    max_size=40,
)
groupings = st.sampled_from(["rater_id", "department", None, {"e-1": "a", "e-2": "b"}])


@given(records=records_, by=groupings, minimum=st.integers(2, 5), data=st.data())
def test_any_partitioning_z_normalises_as_one_process(
    records: list[RatingRecord], by: Any, minimum: int, data: st.DataObject
) -> None:
    parts = split(records, data)
    stats = batch.CalibrationStats.merged(
        shuffled([batch.calibration_stats(part, by=by) for part in parts], data)
    )
    target = pc.RatingScale(minimum=0, maximum=100)
    calibrated = [
        rating
        for part in parts
        for rating in batch.z_normalise_part(
            part, stats, by=by, min_group_size=minimum, target_scale=target
        )
    ]
    assert calibrated == list(
        z_normalise(records, by=by, min_group_size=minimum, target_scale=target)
    )


@given(records=records_, minimum=st.integers(2, 5), data=st.data())
def test_any_partitioning_z_calibrates_as_one_process(
    records: list[RatingRecord], minimum: int, data: st.DataObject
) -> None:
    values = [r.normalised for r in records]
    groups = [r.rater_id for r in records]
    cuts = split(list(range(len(values))), data)
    stats = batch.CalibrationStats.merged(
        batch.column_stats([values[i] for i in part], [groups[i] for i in part]) for part in cuts
    )
    calibrated = [
        x
        for part in cuts
        for x in batch.z_calibrate_part(
            [values[i] for i in part], [groups[i] for i in part], stats, min_group_size=minimum
        )
    ]
    expected = z_calibrate(values, groups, min_group_size=minimum)
    assert len(calibrated) == len(expected)
    assert all(
        math.isclose(a, b, rel_tol=0, abs_tol=1e-12)
        for a, b in zip(calibrated, expected, strict=True)
    )
    exact = z_normalise(records, min_group_size=minimum)
    for x, rating in zip(calibrated, exact, strict=True):
        if rating.normalised:  # judged: the same float, bit for bit
            assert x == rating.calibrated


def test_statistics_that_do_not_fit_are_refused() -> None:
    stats = batch.column_stats([0.1, 0.2, 0.3], ["a", "a", "b"])
    assert stats.groups["a"].count == 2
    with pytest.raises(pc.ValidationError, match="has no moments for the group 'c'"):
        batch.z_calibrate_part([0.5], ["c"], stats)
    assert batch.z_calibrate_part([0.5], ["c"], batch.CalibrationStats()) == [0.5]
    record = RatingRecord(employee_id="e", rater_id="z", value=3)
    with pytest.raises(pc.ValidationError, match="has no spread for the group 'z'"):
        batch.z_normalise_part(
            [record],
            batch.calibration_stats([RatingRecord(employee_id="e", rater_id="y", value=2)]),
        )
    assert batch.z_normalise_part([], stats) == ()
    assert z_normalise_given([], organisation=(1, 0.5, None), groups={}) == ()
    with pytest.raises(pc.ValidationError, match="groups"):
        batch.CalibrationStats(groups={1: batch.Moments()})
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable"):
        batch.CalibrationStats.merged(None)  # type: ignore[arg-type]
    merged = stats.merge(batch.column_stats([0.4], ["c"]))
    assert sorted(merged.groups, key=str) == ["a", "b", "c"]


# --- the nine-box grid -------------------------------------------------------------------


talent_ = st.lists(ps.talent_records(), max_size=30, unique_by=lambda r: r.employee_id)


@given(records=talent_, data=st.data())
def test_any_partitioning_counts_the_nine_box_as_one_process(
    records: list[TalentRecord], data: st.DataObject
) -> None:
    box = NineBox()
    parts = [batch.nine_box_part(box, part) for part in split(records, data)]
    whole = box.counts(box.place_all(records))
    assert batch.combine_nine_box(box, shuffled(parts, data)) == whole


def test_nine_box_parts_that_do_not_fit_are_refused() -> None:
    box = NineBox()
    ann = [TalentRecord(employee_id="ann", performance=0.9, potential=0.9)]
    part = batch.nine_box_part(box, ann)
    with pytest.raises(pc.ValidationError, match="employee 'ann' is in more than one part"):
        batch.combine_nine_box(box, [part, part])
    other = NineBox(performance_cuts=(0.5,), potential_cuts=(0.5,))
    with pytest.raises(pc.ValidationError, match=r"parts\[0\]: must be the counts of this grid"):
        batch.combine_nine_box(box, [batch.nine_box_part(other, ann)])
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable"):
        batch.combine_nine_box(box, None)  # type: ignore[arg-type]
    with pytest.raises(pc.ValidationError, match="box"):
        batch.nine_box_part("grid", ann)  # type: ignore[arg-type]
    assert batch.combine_nine_box(box, []) == box.counts(())


# --- rater effects -----------------------------------------------------------------------


@given(records=records_, by=st.sampled_from(["rater_id", "department"]), data=st.data())
def test_rater_effects_over_partitions_by_group_equal_one_process(
    records: list[RatingRecord], by: str, data: st.DataObject
) -> None:
    count = data.draw(st.integers(1, 7), label="partitions")
    groups = sorted({getattr(r, by) for r in records}, key=str)
    home = {g: data.draw(st.integers(0, count - 1), label=f"partition of {g}") for g in groups}
    parts = [[r for r in records if home[getattr(r, by)] == k] for k in range(count)]
    stats = batch.CalibrationStats.merged(batch.calibration_stats(part) for part in parts)
    effects = [batch.rater_effects_part(part, stats, by=by, min_group_size=3) for part in parts]
    combined = batch.combine_rater_effects(shuffled(effects, data), stats, min_group_size=3)
    assert combined == rater_effects(records, by=by, min_group_size=3)


def test_rater_effects_of_a_group_split_across_parts_are_refused() -> None:
    ratings = [RatingRecord(employee_id=f"e{i}", rater_id="m1", value=1 + i % 5) for i in range(8)]
    halves = [ratings[:4], ratings[4:]]
    stats = batch.CalibrationStats.merged(batch.calibration_stats(half) for half in halves)
    effects = [batch.rater_effects_part(half, stats) for half in halves]
    with pytest.raises(pc.ValidationError, match="found the group 'm1' in more than one part"):
        batch.combine_rater_effects(effects, stats)
    with pytest.raises(pc.ValidationError, match=r"parts\[0\]: must be a sequence of RaterEffect"):
        batch.combine_rater_effects([[1]], stats)  # type: ignore[list-item]
    with pytest.raises(pc.ValidationError, match=r"^parts: must be an iterable"):
        batch.combine_rater_effects(None, stats)  # type: ignore[arg-type]
    empty = batch.combine_rater_effects([], batch.CalibrationStats())
    assert empty == rater_effects([])
