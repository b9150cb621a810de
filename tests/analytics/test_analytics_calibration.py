"""Calibration and rater effects: worked examples, properties, refusals."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expect import check_value_object, rejects
from perfcore.analytics import RatingRecord
from perfcore.analytics._calibration_bulk import exact_sd
from perfcore.analytics.calibration import (
    CalibratedRating,
    DistributionRow,
    GuidedBand,
    GuidedDistribution,
    check_scales,
    convert,
    distribution,
    guided_distribution,
    rater_effects,
    self_manager_gaps,
    z_calibrate,
    z_normalise,
)
from perfcore.scales import RatingScale
from perfcore.scoring import RatingBands

ONE_TO_FIVE = RatingScale(minimum=1, maximum=5)
ZERO_TO_FOUR = RatingScale(minimum=0, maximum=4)
WIDE = RatingScale(minimum=0, maximum=100)


def rating(  # noqa: PLR0917 - a short positional builder keeps the tables readable
    rater: str,
    employee: str,
    value: float,
    dimension: str = "overall",
    role: str = "manager",
    scale: RatingScale = ONE_TO_FIVE,
) -> RatingRecord:
    return RatingRecord(
        employee_id=employee,
        rater_id=rater,
        value=value,
        dimension=dimension,
        rater_role=role,
        scale=scale,
    )


# Three managers on 1-5 (normalised: (x − 1) / 4):
#   m1: 3 3 3 5  → 0.5 0.5 0.5 1       mean 0.625   sd 0.25
#   m2: 2 2 2 3  → 0.25 0.25 0.25 0.5  mean 0.3125  sd 0.125
#   m3: 2 4 4    (3 ratings: below the minimum of 4)
# All 11: raw mean 3, raw sample SD 1 → mean_all 0.5, s_pooled 0.25.
WORKED = {"m1": [3, 3, 3, 5], "m2": [2, 2, 2, 3], "m3": [2, 4, 4]}
TEAM = [
    rating(rater, f"{rater}-e{i}", value)
    for rater, values in WORKED.items()
    for i, value in enumerate(values)
]


# --- rater effects ---------------------------------------------------------------------------


def test_rater_effects_worked_example() -> None:
    effects = rater_effects(TEAM)
    assert (effects.count, effects.mean_all, effects.s_pooled) == (11, 0.5, 0.25)
    m1, m2, m3 = effects.raters
    assert (m1.group, m1.judged, m1.mean, m1.sd) == ("m1", True, 0.625, 0.25)
    assert (m1.leniency, m1.range_restriction, m1.midpoint_share) == (0.5, 1.0, 0.75)
    assert (m2.leniency, m2.range_restriction, m2.midpoint_share) == (-0.75, 0.5, 0.25)
    assert m1.halo is None
    assert m1.halo_reason == "rated one dimension only ('overall'); needs 2 or more"
    assert m1.explanation == (
        "m1: 4 ratings, mean 0.625, sd 0.25; leniency (0.625 − 0.5) / 0.25 = 0.5;"
        " range restriction 0.25 / 0.25 = 1; at the midpoint 3 of 4 = 0.75;"
        " no halo: rated one dimension only ('overall'); needs 2 or more"
    )
    assert (m3.group, m3.count, m3.judged) == ("m3", 3, False)
    assert m3.reason == "3 ratings, below the minimum of 4"
    assert (m3.leniency, m3.range_restriction, m3.midpoint_share, m3.halo) == (None,) * 4
    assert effects.judged == (m1, m2)
    assert effects.not_judged == (m3,)
    assert effects.rater("m2") is m2
    assert effects.rater("m9") is None
    assert effects.explanation == (
        "11 ratings: mean_all 0.5, s_pooled 0.25 (sample SD of all);"
        " 2 of 3 groups judged (minimum 4 ratings)"
    )
    assert [row["group"] for row in effects.as_records()] == ["m1", "m2", "m3"]
    check_value_object(m1)
    check_value_object(effects)


def test_a_smaller_minimum_judges_the_small_group() -> None:
    m3 = rater_effects(TEAM, min_group_size=3).rater("m3")
    assert m3 is not None
    assert m3.judged
    assert m3.leniency == pytest.approx((7 / 12 - 0.5) / 0.25)


def test_halo_is_the_mean_correlation_between_dimensions() -> None:
    # delivery 2 3 4, teamwork 4 2 3, quality 3 4 5 (for e1 e2 e3):
    # r(delivery, quality) = 1, r(delivery, teamwork) = r(quality, teamwork) = −0.5
    table = {"delivery": [2, 3, 4], "teamwork": [4, 2, 3], "quality": [3, 4, 5]}
    records = [
        rating("m1", f"e{i}", value, dimension=dimension)
        for dimension, values in table.items()
        for i, value in enumerate(values)
    ]
    m1 = rater_effects(records).rater("m1")
    assert m1 is not None
    assert m1.halo == pytest.approx(0.0)
    assert m1.halo_pairs == 3
    assert m1.explanation.endswith(
        "halo: mean of r(delivery, quality) = 1, r(delivery, teamwork) = -0.5,"
        " r(quality, teamwork) = -0.5 = 0"
    )


def test_halo_needs_three_employees_and_varying_ratings() -> None:
    two = [rating("m1", e, x, dimension=d) for e in ("e1", "e2") for d, x in (("a", 2), ("b", 3))]
    m1 = rater_effects(two).rater("m1")
    assert m1 is not None
    assert m1.judged
    assert m1.halo is None
    assert m1.halo_reason == "rated 2 employee(s) on 2 or more dimensions; needs 3 or more"
    flat = [rating("m1", f"e{i}", 3, dimension=d) for i in range(3) for d in ("a", "b")]
    flat.append(rating("m1", "e9", 5))
    effect = rater_effects(flat).rater("m1")
    assert effect is not None
    assert effect.halo is None
    assert effect.halo_reason == (
        "no pair of dimensions has 3 or more employees rated on both, varying on each"
    )


def test_halo_keeps_each_rater_apart_when_grouping_by_department() -> None:
    # Two raters in one department rate the same employees; each rater's own
    # ratings are perfectly related across dimensions.
    records = [
        RatingRecord(
            employee_id=f"e{i}",
            rater_id=rater,
            dimension=dimension,
            value=value + shift,
            department="sales",
        )
        for rater, shift in (("m1", 0), ("m2", 1))
        for i, value in enumerate([1, 2, 4])
        for dimension in ("a", "b")
    ]
    sales = rater_effects(records, by="department").rater("sales")
    assert sales is not None
    assert sales.halo == pytest.approx(1.0)


def test_rater_effects_report_records_in_no_group() -> None:
    records = [*TEAM, rating("m4", "x1", 4)]
    effects = rater_effects(records, by={r.employee_id: r.rater_id for r in TEAM})
    last = effects.raters[-1]
    assert (last.group, last.count, last.judged) == (None, 1, False)
    assert last.reason == "no value for the grouping key (the mapping given as by)"
    assert effects.count == 12


def test_rater_effects_when_the_organisation_does_not_vary() -> None:
    flat = [rating("m1", f"e{i}", 3) for i in range(4)]
    (m1,) = rater_effects(flat).raters
    assert not m1.judged
    assert m1.reason == "the organisation's ratings do not vary (s_pooled = 0)"


def test_rater_effects_of_nothing() -> None:
    effects = rater_effects([])
    assert (effects.count, effects.mean_all, effects.s_pooled, effects.raters) == (
        0,
        None,
        None,
        (),
    )
    assert effects.explanation == "no ratings"


def test_midpoint_on_an_even_scale_counts_only_the_exact_middle() -> None:
    one_to_four = RatingScale(minimum=1, maximum=4)
    records = [rating("m1", f"e{i}", x, scale=one_to_four) for i, x in enumerate([2, 3, 2.5, 2.5])]
    records.append(rating("m2", "e9", 1, scale=one_to_four))
    m1 = rater_effects(records).rater("m1")
    assert m1 is not None
    assert m1.midpoint_share == 0.5


# --- z-score normalisation -------------------------------------------------------------------


def test_z_normalise_worked_example() -> None:
    out = z_normalise(TEAM, target_scale=ONE_TO_FIVE)
    assert [c.record for c in out] == TEAM
    assert [c.calibrated for c in out[:8]] == [0.375, 0.375, 0.375, 0.875] * 2
    assert [c.target_value for c in out[:8]] == [2.5, 2.5, 2.5, 4.5] * 2
    assert [c.z for c in out[:4]] == [-0.5, -0.5, -0.5, 1.5]
    assert all(c.normalised for c in out[:8])
    assert out[3].explanation == (
        "z = (1 − 0.625) / 0.25 = 1.5; calibrated = 0.5 + 1.5 × 0.25 = 0.875;"
        " on 1-5: 1 + 0.875 × 4 = 4.5"
    )
    assert out[4].explanation == (
        "z = (0.25 − 0.3125) / 0.125 = -0.5; calibrated = 0.5 − 0.5 × 0.25 = 0.375;"
        " on 1-5: 1 + 0.375 × 4 = 2.5"
    )
    small = out[8:]
    assert [(c.normalised, c.z, c.calibrated, c.target_value) for c in small] == [
        (False, None, 0.25, 2.0),
        (False, None, 0.75, 4.0),
        (False, None, 0.75, 4.0),
    ]
    assert small[0].reason == "3 ratings, below the minimum of 4"
    assert small[0].explanation == (
        "not normalised: 3 ratings, below the minimum of 4; kept at 0.25; on 1-5: 1 + 0.25 × 4 = 2"
    )
    row = out[3].as_record()
    assert (row["value"], row["normalised"], row["is_normalised"]) == (5, 1.0, True)
    assert (row["calibrated"], row["target_scale"], row["target_value"]) == (0.875, "1-5", 4.5)
    check_value_object(out[3])


def test_z_normalise_keeps_floats_and_does_not_clip() -> None:
    # m1 spreads 1..5 evenly except one; the organisation is narrow, so the
    # calibrated values stay between points of the scale.
    records = [rating("m1", f"e{i}", x) for i, x in enumerate([1, 1, 1, 5])]
    records += [rating("m2", f"f{i}", x) for i, x in enumerate([3, 3, 3, 3, 3, 3, 4])]
    out = z_normalise(records, target_scale=ONE_TO_FIVE)
    top = out[3]
    assert top.z == pytest.approx(1.5)
    assert top.target_value is not None
    assert not float(top.target_value).is_integer()
    # m2's ratings, all at 3 but one, give a top z far above the organisation's spread
    wide = [rating("m1", f"e{i}", x) for i, x in enumerate([3, 3, 3, 3, 3, 3, 3, 3, 3, 5])]
    wide += [rating("m2", f"f{i}", x) for i, x in enumerate([1, 5, 1, 5])]
    spread = z_normalise(wide)[9]
    assert spread.outside_scale
    assert spread.calibrated > 1
    assert "(outside 0-1: kept, not clipped)" in spread.explanation


def test_a_rater_whose_ratings_do_not_vary_is_not_normalised() -> None:
    records = [rating("m1", f"e{i}", 4) for i in range(4)] + [rating("m2", "x", 1)]
    out = z_normalise(records)
    assert not out[0].normalised
    assert out[0].reason == "the group's ratings do not vary (σ_r = 0)"
    assert out[0].calibrated == 0.75


def test_z_normalise_reports_records_in_no_group() -> None:
    records = [
        RatingRecord(employee_id="e1", rater_id="m1", value=3, department="sales"),
        RatingRecord(employee_id="e2", rater_id="m1", value=4),
    ]
    out = z_normalise(records, by="department", min_group_size=2)
    assert [(c.group, c.normalised) for c in out] == [("sales", False), (None, False)]
    assert out[1].reason == "no value for the grouping key (by='department')"
    assert z_normalise([]) == ()


# --- distribution ----------------------------------------------------------------------------


def test_distribution_worked_example() -> None:
    result = distribution(TEAM)
    org = result.organisation
    assert (org.scope, org.group, org.count, org.mean, org.sd, org.median) == (
        "organisation",
        None,
        11,
        0.5,
        0.25,
        0.5,
    )
    assert (org.minimum, org.maximum, org.counted_by, org.scale) == (
        0.25,
        1.0,
        "value",
        ONE_TO_FIVE,
    )
    assert org.counts == (("1", 0), ("2", 4), ("3", 4), ("4", 2), ("5", 1))
    m1 = result.group("m1")
    assert m1 is not None
    assert (m1.count, m1.mean, m1.sd, m1.median) == (4, 0.625, 0.25, 0.5)
    assert m1.counts == (("1", 0), ("2", 0), ("3", 3), ("4", 0), ("5", 1))
    assert m1.note == "one scale (1-5): counted per value"
    assert [row.group for row in result.groups] == ["m1", "m2", "m3"]
    assert result.ungrouped is None
    record = result.as_records()[1]
    assert (record["group"], record["count 3"], record["scale"]) == ("m1", 3, "1-5")
    check_value_object(m1)


def test_distribution_bins_a_group_that_mixes_scales() -> None:
    records = [
        rating("m1", "e1", 4),
        rating("m1", "e2", 2, scale=ZERO_TO_FOUR),
        rating("m2", "e3", 3.5),
    ]
    result = distribution(records)
    m1 = result.group("m1")
    assert m1 is not None
    assert (m1.counted_by, m1.scale) == ("bin", None)
    assert m1.counts == (("0-0.2", 0), ("0.2-0.4", 0), ("0.4-0.6", 1), ("0.6-0.8", 1), ("0.8-1", 0))
    assert m1.note == "2 scales (0-4, 1-5): counted in 5 bins on 0-1"
    m2 = result.group("m2")
    assert m2 is not None
    assert m2.counts == (("1", 0), ("2", 0), ("3", 0), ("3.5", 1), ("4", 0), ("5", 0))


def test_distribution_with_bins_asked_for() -> None:
    result = distribution(TEAM, bins=(0, 0.5, 1), by=None)
    assert result.organisation.counts == (("0-0.5", 4), ("0.5-1", 7))
    assert result.organisation.note == "counted in the 2 bins on 0-1 asked for"
    (everyone,) = result.groups
    assert everyone.group == "all"
    assert distribution(TEAM, bins=4).organisation.counts == (
        ("0-0.25", 0),
        ("0.25-0.5", 4),
        ("0.5-0.75", 4),
        ("0.75-1", 3),
    )


def test_a_wide_scale_lists_only_the_values_that_occur() -> None:
    thousand = RatingScale(minimum=0, maximum=1000)
    result = distribution([rating("m1", "e1", 700, scale=thousand)])
    assert result.organisation.counts == (("700", 1),)


def test_distribution_reports_records_in_no_group_and_nothing() -> None:
    records = [*TEAM, RatingRecord(employee_id="x", rater_id="m1", value=1, department="ops")]
    result = distribution(records, by="department")
    ops, none = result.groups[0], result.ungrouped
    assert (ops.group, ops.count) == ("ops", 1)
    assert none is not None
    assert (none.scope, none.count) == ("ungrouped", 11)
    empty = distribution([]).organisation
    assert (empty.count, empty.mean, empty.sd, empty.counted_by) == (0, None, None, "bin")
    assert empty.note == "no ratings: counted in 5 bins on 0-1"


# --- scales ----------------------------------------------------------------------------------


def test_convert_reports_the_mapping() -> None:
    records = [rating("m1", "e1", 4), rating("m1", "e2", 3, scale=ZERO_TO_FOUR)]
    first, second = convert(records, WIDE)
    assert (first.converted, first.on_point) == (75.0, True)
    assert first.explanation == "4 on 1-5 → (4 − 1) / 4 = 0.75 → 0 + 0.75 × 100 = 75 on 0-100"
    assert second.converted == 75.0
    one_to_seven = RatingScale(minimum=1, maximum=7)
    (odd,) = convert([rating("m1", "e1", 2)], one_to_seven)
    assert (odd.converted, odd.on_point) == (2.5, False)
    assert odd.explanation.endswith("= 2.5 on 1-7 (between points 2 and 3)")
    row = odd.as_record()
    assert (row["value"], row["to_scale"], row["converted"], row["on_point"]) == (
        2,
        "1-7",
        2.5,
        False,
    )
    assert convert([], WIDE) == ()
    check_value_object(odd)


def test_check_scales_lists_every_scale() -> None:
    labelled = RatingScale(minimum=1, maximum=5, labels=("a", "b", "c", "d", "e"))
    check = check_scales([rating("m1", "e1", 4), rating("m1", "e2", 2, scale=labelled)])
    assert check.mixed
    assert [(u.scale, u.count) for u in check.scales] == [(ONE_TO_FIVE, 1), (labelled, 1)]
    assert check.explanation == "2 scales: 1-5 (1 rating), 1-5 (labelled) (1 rating)"
    assert check.as_records()[1]["labelled"] is True
    single = check_scales(TEAM)
    assert not single.mixed
    assert single.explanation == "1 scale: 1-5 (11 ratings)"


# --- guided distribution ---------------------------------------------------------------------

TARGETS = {"low": 0.2, "middle": 0.7, "high": 0.1}
PAIRS = ((0, "low"), (0.4, "middle"), (0.8, "high"))


def test_guided_distribution_worked_example() -> None:
    # 7 ratings: quotas 1.4, 4.9, 0.7 → floors 1, 4, 0; 2 left over go to the
    # largest remainders, 0.9 (middle) and 0.7 (high): targets 1, 5, 1.
    values = [rating("m1", f"e{i}", x) for i, x in enumerate([2, 3, 3, 4, 4, 5, 5])]
    result = guided_distribution(values, targets=TARGETS, bands=PAIRS)
    assert [(b.label, b.lower, b.upper) for b in result.bands] == [
        ("low", 0.0, 0.4),
        ("middle", 0.4, 0.8),
        ("high", 0.8, 1.0),
    ]
    assert [b.quota for b in result.bands] == pytest.approx([1.4, 4.9, 0.7])
    assert [(b.actual, b.target, b.move) for b in result.bands] == [
        (1, 1, 0),
        (4, 5, 1),
        (2, 1, -1),
    ]
    assert not result.within_guidance
    assert result.warnings == (
        "middle: 4 rated, target 5: move 1 in",
        "high: 2 rated, target 1: move 1 out",
    )
    middle = result.band("middle")
    assert middle is not None
    assert middle.explanation == "middle: 0.7 × 7 = 4.9 → 5 (largest remainder); 4 rated, move 1 in"
    assert result.explanation == "7 ratings in 3 band(s): 2 band(s) off target"
    assert result.as_records()[2]["move"] == -1
    assert result.band("top") is None
    check_value_object(result)


def test_equal_remainders_go_to_the_band_listed_first() -> None:
    # 5 ratings: quotas 1, 3.5, 0.5; one left over; middle and high tie at 0.5.
    result = guided_distribution([0.5] * 5, targets=TARGETS, bands=(0.4, 0.8))
    assert [b.target for b in result.bands] == [1, 4, 0]


def test_guided_distribution_accepts_rating_bands_and_tolerance() -> None:
    bands = RatingBands.from_edges((0, 0.4, 0.8, 1), ("low", "middle", "high"))
    values = [0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9, 0.9]
    result = guided_distribution(values, targets=TARGETS, bands=bands, tolerance=1)
    assert [(b.actual, b.target) for b in result.bands] == [(1, 2), (7, 7), (2, 1)]
    assert result.within_guidance
    assert result.explanation == "10 ratings in 3 band(s): within guidance (tolerance 1)"


def test_the_top_band_holds_one() -> None:
    result = guided_distribution([1.0, 0.0], targets={"a": 0.5, "b": 0.5}, bands=(0.5,))
    assert [b.actual for b in result.bands] == [1, 1]


def test_guided_distribution_of_nothing_is_within_guidance() -> None:
    result = guided_distribution([], targets=TARGETS, bands=PAIRS)
    assert result.count == 0
    assert [b.target for b in result.bands] == [0, 0, 0]
    assert result.within_guidance


# --- self vs manager -------------------------------------------------------------------------

# (employee, dimension, self, manager); gaps in scale points 0 1 0 1 1 1 3,
# on 0-1: 0, .25, 0, .25, .25, .25, .75 → mean 0.25, sample SD 0.25;
# e4's delivery gap of 0.75 has z = 2.
GAPS = [
    ("e1", "delivery", 4, 4),
    ("e1", "teamwork", 4, 3),
    ("e2", "delivery", 3, 3),
    ("e2", "teamwork", 4, 3),
    ("e3", "delivery", 5, 4),
    ("e3", "teamwork", 4, 3),
    ("e4", "delivery", 5, 2),
]


def gap_records() -> list[RatingRecord]:
    records = []
    for employee, dimension, own, boss in GAPS:
        records.append(rating(employee, employee, own, dimension=dimension, role="self"))
        records.append(rating("m1", employee, boss, dimension=dimension))
    records.append(rating("e4", "e4", 4, dimension="teamwork", role="self"))
    records.append(rating("p1", "e4", 3, dimension="teamwork", role="peer"))
    return records


def test_self_manager_gaps_worked_example() -> None:
    result = self_manager_gaps(gap_records(), outlier_z=1.5)
    assert (result.mean_gap, result.sd_gap) == (0.25, 0.25)
    assert [(p.employee_id, p.dimension, p.gap, p.gap_z) for p in result.pairs] == [
        ("e1", "delivery", 0.0, -1.0),
        ("e1", "teamwork", 0.25, 0.0),
        ("e2", "delivery", 0.0, -1.0),
        ("e2", "teamwork", 0.25, 0.0),
        ("e3", "delivery", 0.25, 0.0),
        ("e3", "teamwork", 0.25, 0.0),
        ("e4", "delivery", 0.75, 2.0),
    ]
    (outlier,) = result.outliers
    assert outlier.employee_id == "e4"
    assert outlier.explanation == (
        "gap 1 − 0.25 = 0.75 (self 5 on 1-5, manager 2 on 1-5);"
        " z = (0.75 − 0.25) / 0.25 = 2 > 1.5: outlier"
    )
    assert [(u.record.rater_role, u.reason) for u in result.unpaired] == [
        ("self", "no manager rating of e4 on 'teamwork'"),
        ("peer", "rater role 'peer' is neither self nor manager"),
    ]
    assert result.explanation == (
        "7 pairs, mean gap 0.25, sd 0.25; 1 outlier(s) beyond 1.5 sd; 2 unpaired"
    )
    row = result.as_records()[6]
    assert (row["manager_id"], row["self_value"], row["manager_value"], row["outlier"]) == (
        "m1",
        5,
        2,
        True,
    )
    check_value_object(outlier)


def test_the_threshold_is_strict_and_relative() -> None:
    result = self_manager_gaps(gap_records())
    assert result.outliers == ()
    assert result.pairs[-1].explanation.endswith("= 2 within ±2")


def test_gaps_pair_within_a_cycle_and_refuse_ambiguous_pairs() -> None:
    def make(role: str, rater: str, value: int, cycle: str | None) -> RatingRecord:
        return RatingRecord(
            employee_id="e1", rater_id=rater, rater_role=role, value=value, cycle_id=cycle
        )

    records = [
        make("self", "e1", 5, "2026"),
        make("manager", "m1", 4, "2026"),
        make("manager", "m2", 3, "2026"),
        make("self", "e1", 4, "2027"),
        make("manager", "m1", 4, "2027"),
    ]
    result = self_manager_gaps(records)
    assert [(p.cycle_id, p.gap) for p in result.pairs] == [("2027", 0.0)]
    assert result.pairs[0].gap_z is None
    assert result.pairs[0].explanation.endswith("not judged: one pair")
    assert {u.reason for u in result.unpaired} == {
        (
            "1 self and 2 manager ratings of e1 on 'overall' in cycle '2026';"
            " a pair needs exactly one of each"
        )
    }
    assert len(result.unpaired) == 3


def test_gaps_on_different_scales_are_normalised_first() -> None:
    own = rating("e1", "e1", 3, role="self", scale=ZERO_TO_FOUR)  # 0.75
    boss = rating("m1", "e1", 3)  # 0.5
    (pair,) = self_manager_gaps([own, boss]).pairs
    assert pair.gap == 0.25
    assert pair.explanation.startswith("gap 0.75 − 0.5 = 0.25 (self 3 on 0-4, manager 3 on 1-5)")


def test_gaps_that_do_not_vary_flag_nothing() -> None:
    records = [
        r
        for employee in ("e1", "e2", "e3")
        for r in (rating(employee, employee, 4, role="self"), rating("m1", employee, 3))
    ]
    result = self_manager_gaps(records)
    assert result.sd_gap == 0
    assert all(p.gap_z is None and not p.outlier for p in result.pairs)
    assert result.pairs[0].explanation.endswith("not judged: the gaps do not vary")


# --- properties ------------------------------------------------------------------------------

RATERS = ("m1", "m2", "m3", "m4")


def records_on(
    scale: RatingScale, raters: Sequence[str] = RATERS, values: st.SearchStrategy[int] | None = None
) -> st.SearchStrategy[RatingRecord]:
    return st.builds(
        RatingRecord,
        employee_id=st.sampled_from(["e1", "e2", "e3", "e4", "e5"]),
        rater_id=st.sampled_from(list(raters)),
        value=values if values is not None else st.integers(scale.minimum, scale.maximum),
        scale=st.just(scale),
        dimension=st.sampled_from(["overall", "craft"]),
        rater_role=st.sampled_from(["manager", "self", "peer"]),
    )


def any_scale_records() -> st.SearchStrategy[RatingRecord]:
    return st.sampled_from([ONE_TO_FIVE, ZERO_TO_FOUR, WIDE]).flatmap(records_on)


TEAMS = st.lists(records_on(WIDE), max_size=30)
MIN_SIZES = st.integers(2, 6)


def groups_of(out: Sequence[CalibratedRating]) -> dict[str | None, list[CalibratedRating]]:
    groups: dict[str | None, list[CalibratedRating]] = {}
    for item in out:
        groups.setdefault(item.group, []).append(item)
    return groups


@given(TEAMS, MIN_SIZES)
def test_z_scores_of_each_normalised_rater_have_mean_0_and_sd_1(
    records: list[RatingRecord], min_group_size: int
) -> None:
    out = z_normalise(records, min_group_size=min_group_size)
    for group, items in groups_of(out).items():
        large = len(items) >= min_group_size and group is not None
        varies = len({item.record.value for item in items}) > 1
        assert all(item.normalised for item in items) == (large and varies)
        if large and varies:
            zs = [item.z for item in items if item.z is not None]
            assert math.fsum(zs) / len(zs) == pytest.approx(0, abs=1e-9)
            assert statistics.stdev(zs) == pytest.approx(1, abs=1e-9)


@given(TEAMS, MIN_SIZES, st.one_of(st.none(), st.sampled_from([ONE_TO_FIVE, ZERO_TO_FOUR])))
def test_no_rating_is_dropped_or_reordered(
    records: list[RatingRecord], min_group_size: int, target: RatingScale | None
) -> None:
    out = z_normalise(records, min_group_size=min_group_size, target_scale=target)
    assert len(out) == len(records)
    assert [item.record for item in out] == records
    for item in out:
        if not item.normalised:
            assert item.reason
            assert item.calibrated == item.record.normalised
        else:
            assert item.org_mean is not None
            assert item.org_sd is not None
            assert item.z is not None
            assert item.calibrated == pytest.approx(item.org_mean + item.z * item.org_sd)
        if target is not None:
            assert item.target_value == pytest.approx(
                target.minimum + item.calibrated * (target.maximum - target.minimum)
            )


@given(
    st.lists(records_on(WIDE, ["m1"], st.integers(20, 80)), min_size=4, max_size=12),
    st.lists(records_on(WIDE, ["m2", "m3"]), max_size=12),
    st.integers(-20, 20),
)
def test_shifting_one_raters_ratings_leaves_their_z_scores(
    shifted: list[RatingRecord], others: list[RatingRecord], constant: int
) -> None:
    moved = [
        RatingRecord(
            employee_id=r.employee_id,
            rater_id=r.rater_id,
            value=r.value + constant,
            scale=r.scale,
            dimension=r.dimension,
            rater_role=r.rater_role,
        )
        for r in shifted
    ]
    before = z_normalise(shifted + others)
    after = z_normalise(moved + others)
    for old, new in zip(before[: len(shifted)], after[: len(shifted)], strict=True):
        assert old.normalised == new.normalised
        if old.z is not None and new.z is not None:
            assert new.z == pytest.approx(old.z, abs=1e-9)
            # the rater's place relative to the organisation does not move
            assert new.org_mean is not None
            assert new.org_sd is not None
            assert (new.calibrated - new.org_mean) / new.org_sd == pytest.approx(old.z, abs=1e-9)


@given(st.lists(any_scale_records(), max_size=30), MIN_SIZES)
def test_rater_effects_list_every_group(records: list[RatingRecord], min_group_size: int) -> None:
    effects = rater_effects(records, min_group_size=min_group_size)
    assert [r.group for r in effects.raters] == sorted({r.rater_id for r in records})
    assert sum(r.count for r in effects.raters) == len(records)
    for effect in effects.raters:
        if effect.count < min_group_size:
            assert not effect.judged
            assert effect.reason is not None
        if effect.judged:
            assert effect.leniency is not None
            assert effect.range_restriction is not None
        else:
            assert effect.leniency is None


@given(
    st.lists(any_scale_records(), max_size=30),
    st.one_of(st.none(), st.integers(1, 7)),
    st.sampled_from(["rater_id", "department", None]),
)
def test_distribution_counts_every_rating(
    records: list[RatingRecord], bins: int | None, by: str | None
) -> None:
    result = distribution(records, bins=bins, by=by)
    assert result.organisation.count == len(records)
    assert sum(row.count for row in result.rows[1:]) == len(records)
    for row in result.rows:
        assert sum(n for _, n in row.counts) == row.count
        if bins is not None:
            assert row.counted_by == "bin"
            assert len(row.counts) == bins


FRACTIONS = st.lists(st.integers(0, 20), min_size=1, max_size=5).filter(any)


@given(FRACTIONS, st.lists(st.floats(0, 1), max_size=60), st.randoms(use_true_random=False))
def test_guided_targets_sum_to_n_and_stay_within_one_of_the_quota(
    weights: list[int], values: list[float], shuffler: Any
) -> None:
    total = sum(weights)
    targets = {f"b{i}": w / total for i, w in enumerate(weights)}
    cuts = [(i + 1) / len(weights) for i in range(len(weights) - 1)]
    result = guided_distribution(values, targets=targets, bands=cuts)
    n = len(values)
    assert result.count == n
    assert sum(b.target for b in result.bands) == n
    assert sum(b.actual for b in result.bands) == n
    for band in result.bands:
        assert abs(band.target - band.target_fraction * n) < 1
        assert band.move == band.target - band.actual
    again = list(values)
    shuffler.shuffle(again)
    assert guided_distribution(again, targets=targets, bands=cuts) == result


def largest_remainder_by_hand(fractions: list[float], n: int) -> list[int]:
    quotas = [p * n for p in fractions]
    floors = [math.floor(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda k: (floors[k] - quotas[k], k))
    for k in order[: n - sum(floors)]:
        floors[k] += 1
    return floors


@given(st.integers(0, 200))
def test_largest_remainder_matches_the_method_for_tenths(n: int) -> None:
    # fractions in tenths are exact as decimals, so ties are genuine ties
    result = guided_distribution([0.5] * n, targets=TARGETS, bands=(0.4, 0.8))
    by_hand = largest_remainder_by_hand([2 / 10, 7 / 10, 1 / 10], n)
    assert sum(by_hand) == n
    targets = [b.target for b in result.bands]
    assert sum(targets) == n
    for target, quota in zip(targets, [0.2 * n, 0.7 * n, 0.1 * n], strict=True):
        assert abs(target - quota) < 1


@given(st.lists(any_scale_records(), max_size=30))
def test_every_rating_is_paired_or_listed_unpaired(records: list[RatingRecord]) -> None:
    result = self_manager_gaps(records)
    paired = [r for p in result.pairs for r in (p.self_rating, p.manager_rating)]
    assert len(paired) + len(result.unpaired) == len(records)
    for pair in result.pairs:
        assert pair.gap == pair.self_rating.normalised - pair.manager_rating.normalised
        assert pair.outlier == (pair.gap_z is not None and abs(pair.gap_z) > 2)


@given(any_scale_records(), st.sampled_from([ONE_TO_FIVE, ZERO_TO_FOUR, WIDE]))
def test_conversion_there_and_back_loses_nothing(record: RatingRecord, to: RatingScale) -> None:
    (there,) = convert([record], to)
    back = to.convert(there.converted, record.scale)
    assert back == pytest.approx(record.value)
    assert check_scales([record]).scales[0].scale == record.scale


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path", "phrase"),
    [
        (lambda: distribution("abc"), "records", "iterable of RatingRecord, got str"),  # type: ignore[arg-type]
        (lambda: distribution(5), "records", "iterable of RatingRecord, got int"),  # type: ignore[arg-type]
        (lambda: rater_effects([TEAM[0], 3]), "records[1]", "must be a RatingRecord, got int"),  # type: ignore[list-item]
        (lambda: z_normalise(TEAM, by="colour"), "by", "no field 'colour'"),
        (lambda: distribution(TEAM, by=3), "by", "field name, a mapping or a function"),  # type: ignore[arg-type]
        (lambda: z_normalise(TEAM, by=lambda _: " "), "by", r"blank group name for records\[0\]"),
        (lambda: rater_effects(TEAM, min_group_size=1), "min_group_size", "at least 2, got 1"),
        (lambda: z_normalise(TEAM, min_group_size=True), "min_group_size", "at least 2, got True"),
        (lambda: z_normalise(TEAM, min_group_size=2.5), "min_group_size", "whole number"),  # type: ignore[arg-type]
        (lambda: z_normalise(TEAM, target_scale=5), "target_scale", "must be a RatingScale"),  # type: ignore[arg-type]
        (lambda: convert(TEAM, to=None), "to", "must be a RatingScale, got NoneType"),  # type: ignore[arg-type]
        (lambda: distribution(TEAM, bins=0), "bins", "from 1 to 1000, got 0"),
        (lambda: distribution(TEAM, bins="5"), "bins", "number of equal bins"),  # type: ignore[arg-type]
        (lambda: distribution(TEAM, bins=(0,)), "bins", "at least 2 edges"),
        (lambda: distribution(TEAM, bins=(0, 0.5, 0.5, 1)), "bins[2]", "above the previous"),
        (lambda: distribution(TEAM, bins=(0, 2)), "bins[1]", "number from 0 to 1"),
        (lambda: distribution(TEAM, bins=(0, 0.5)), "bins", "run from 0 to 1, got 0 to 0.5"),
        (lambda: self_manager_gaps(TEAM, outlier_z=0), "outlier_z", "above 0, got int 0"),
        (lambda: self_manager_gaps(TEAM, outlier_z=math.nan), "outlier_z", "above 0"),
        (lambda: check_scales(None), "records", "iterable of RatingRecord, got NoneType"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_refused(call: Callable[[], object], path: str, phrase: str) -> None:
    rejects(call, path, phrase)


def test_result_records_refuse_bad_fields() -> None:
    rejects(
        lambda: DistributionRow(
            scope="team",  # type: ignore[arg-type]
            group=None,
            count=0,
            mean=None,
            sd=None,
            median=None,
            minimum=None,
            maximum=None,
            counted_by="bin",
            scale=None,
            counts=(),
            note="none",
        ),
        "DistributionRow.scope",
        "must be one of 'organisation', 'group', 'ungrouped'",
    )
    rejects(
        lambda: GuidedBand(
            label="low",
            lower=0,
            upper=0.4,
            target_fraction=1.5,
            quota=0,
            target=0,
            actual=0,
            explanation="x",
        ),
        "GuidedBand.target_fraction",
        "at most 1",
    )


def guide(**changes: Any) -> GuidedDistribution:
    arguments: dict[str, Any] = {
        "values_or_records": [0.5],
        "targets": TARGETS,
        "bands": PAIRS,
    }
    arguments.update(changes)
    return guided_distribution(**arguments)


@pytest.mark.parametrize(
    ("changes", "path", "phrase"),
    [
        ({"values_or_records": [0.5, 1.5]}, r"values_or_records[1]", "number from 0 to 1"),
        ({"values_or_records": [True]}, "values_or_records[0]", "got bool True"),
        ({"values_or_records": 0.5}, "values_or_records", "iterable"),
        ({"targets": [0.2, 0.8]}, "targets", "mapping from band label to fraction"),
        ({"targets": {}}, "targets", "at least one band"),
        ({"targets": {"low": 0.2, "middle": 0.7, "high": 0.2}}, "targets", "sum to 1.*got 1.1"),
        ({"targets": {"low": -0.1, "middle": 1, "high": 0.1}}, "targets['low']", "from 0 to 1"),
        ({"targets": {"low": 0.3, "middle": 0.7}}, "targets", "no target for band.*'high'"),
        (
            {"targets": {"low": 0.2, "middle": 0.7, "top": 0.1}},
            "targets",
            "'high'.*target.*for no band: 'top'",
        ),
        ({"targets": {"": 1.0}}, "targets", "non-empty strings"),
        ({"bands": "low"}, "bands", "cut points on 0-1"),
        ({"bands": (0.8, 0.4)}, "bands[1]", "above the previous one"),
        ({"bands": (0, 0.8)}, "bands[0]", "strictly between 0 and 1"),
        ({"bands": (0.5,)}, "bands", "1 cut points make 2 bands, but targets name 3"),
        ({"bands": ((0.1, "low"), (0.4, "middle"), (0.8, "high"))}, "bands[0]", "start at 0"),
        ({"bands": ((0, "low"), (0.4, "middle"), (0.3, "high"))}, "bands[2]", "above the prev"),
        ({"bands": ((0, "low"), (0.4, ""), (0.8, "high"))}, "bands[1]", "label must be"),
        ({"bands": ((0, "low"), (1.4, "middle"))}, "bands[1]", "number from 0 to 1"),
        ({"bands": ((0, "low"), "middle")}, "bands[1]", r"\(lower bound, label\) pair"),
        ({"bands": ((0, "low"), (0.4, "low"))}, "bands", "repeat labels.*'low'"),
        (
            {"bands": RatingBands.from_edges((1, 2, 4, 5), ("low", "middle", "high"))},
            "bands",
            "must cover 0 to 1.*got 1 to 5",
        ),
        ({"tolerance": -1}, "tolerance", "at least 0, got -1"),
        ({"tolerance": 0.5}, "tolerance", "whole number"),
    ],
)
def test_bad_guidance_is_refused(changes: dict[str, Any], path: str, phrase: str) -> None:
    rejects(lambda: guide(**changes), path, phrase)


def test_targets_may_miss_1_by_a_rounding_error() -> None:
    thirds = {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    result = guided_distribution([0.1, 0.5, 0.9], targets=thirds, bands=(1 / 3, 2 / 3))
    assert [b.target for b in result.bands] == [1, 1, 1]
    rejects(
        lambda: guided_distribution([], targets={"a": 0.5, "b": 0.5 + 2e-9}, bands=(0.5,)),
        "targets",
        "sum to 1",
    )


# --- the bulk fast path ---------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.sampled_from(["m1", "m2", "m3", None]), st.integers(1, 5)),
        max_size=40,
    ),
    st.integers(2, 6),
)
def test_z_calibrate_agrees_with_z_normalise(
    pairs: list[tuple[str | None, int]], minimum: int
) -> None:

    records = [
        RatingRecord(employee_id=f"e{i}", rater_id=rater or "nobody", value=value, department=rater)
        for i, (rater, value) in enumerate(pairs)
    ]
    slow = [c.calibrated for c in z_normalise(records, by="department", min_group_size=minimum)]
    fast = z_calibrate(
        [r.normalised for r in records], [r.department for r in records], min_group_size=minimum
    )
    assert fast == pytest.approx(slow, rel=1e-9, abs=1e-12)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["m1", "m2", None]),
            st.sampled_from([0.1, 0.3, 0.7]) | st.floats(0, 1, allow_nan=False),
        ),
        max_size=30,
    )
)
def test_z_calibrate_agrees_on_any_values_and_keeps_flat_groups(
    pairs: list[tuple[str | None, float]],
) -> None:
    unit = RatingScale(minimum=0, maximum=1)
    records = [
        RatingRecord(employee_id=f"e{i}", rater_id="r", value=x, scale=unit, department=g)
        for i, (g, x) in enumerate(pairs)
    ]
    slow = [c.calibrated for c in z_normalise(records, by="department")]
    fast = z_calibrate([x for _, x in pairs], [g for g, _ in pairs])
    assert fast == pytest.approx(slow, rel=1e-9, abs=1e-9)


def test_a_group_with_no_spread_is_kept_as_it_is() -> None:
    # the float mean of six 0.1s is 0.10000000000000002, not 0.1: the tiny
    # differences must not be read as a spread
    values = [0.1] * 6 + [0.2, 0.4, 0.6, 0.8]
    fast = z_calibrate(values, ["flat"] * 6 + ["m1"] * 4)
    assert fast[:6] == [0.1] * 6


def test_z_calibrate_names_bad_columns() -> None:

    rejects(lambda: z_calibrate([0.5, float("nan")], ["m1", "m1"]), "values[1]", "finite number")
    rejects(lambda: z_calibrate([0.5], ["m1", "m2"]), "groups", "one group per value")
    rejects(lambda: z_calibrate([0.5], [3]), "groups[0]", "group name or None")
    rejects(lambda: z_calibrate("0.5", ["m1"]), "values", "sequence of numbers")


# --- exact statistics without fractions, records built by column -----------------------------

FINITE = st.floats(allow_nan=False, allow_infinity=False)


@given(
    st.lists(FINITE | st.floats(0, 1) | st.sampled_from([0.1, 0.25, 1e-300, 5e-324]), min_size=2)
)
def test_exact_sd_is_statistics_stdev_bit_for_bit(values: list[float]) -> None:
    assert exact_sd(values) == statistics.stdev(values)


def test_exact_sd_of_equal_values_is_zero() -> None:
    assert exact_sd([0.1] * 6) == 0.0
    assert exact_sd([3.0, 3.0]) == 0.0


def as_built(item: CalibratedRating) -> CalibratedRating:
    """The same record built through the validating constructor."""
    return CalibratedRating(
        **{f.name: getattr(item, f.name) for f in attrs.fields(CalibratedRating)}
    )


@given(TEAMS, MIN_SIZES, st.one_of(st.none(), st.sampled_from([ONE_TO_FIVE, WIDE])))
def test_z_normalise_builds_records_the_validators_accept(
    records: list[RatingRecord], min_group_size: int, target: RatingScale | None
) -> None:
    for item in z_normalise(records, min_group_size=min_group_size, target_scale=target):
        assert as_built(item) == item


@given(st.lists(any_scale_records(), max_size=30), MIN_SIZES, st.randoms(use_true_random=False))
def test_z_normalise_gives_each_rating_the_same_result_in_any_order(
    records: list[RatingRecord], min_group_size: int, rng: Any
) -> None:
    # sorted by rater, each group's records lie together (one path); shuffled, they do not
    ordered = sorted(records, key=lambda r: r.rater_id)
    shuffled = list(ordered)
    rng.shuffle(shuffled)
    by_record: dict[int, CalibratedRating] = {
        id(c.record): c for c in z_normalise(ordered, min_group_size=min_group_size)
    }
    for item in z_normalise(shuffled, min_group_size=min_group_size):
        assert item == by_record[id(item.record)]


def test_a_kept_zero_keeps_its_sign() -> None:
    scale = RatingScale(minimum=0, maximum=4)
    records = [rating("m1", "e1", -0.0, scale=scale), rating("m1", "e2", 0, scale=scale)]
    out = z_normalise(records)
    assert [math.copysign(1, c.calibrated) for c in out] == [-1, 1]
    assert [c.calibrated for c in out] == [r.normalised for r in records]


def test_group_names_are_checked_as_the_record_would() -> None:
    long_name = "g" * 10_001
    rejects(
        lambda: z_normalise(TEAM, by={"m1-e0": long_name}),
        "CalibratedRating.group",
        "at most 10000 characters, got 10001",
    )
    rejects(
        lambda: z_normalise(TEAM, by={"m2-e1": " "}), "by", r"blank group name for records\[5\]"
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["m1", "m2", "m3", None]),
            st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(0, 1),
        ),
        max_size=40,
    ),
    st.integers(2, 6),
    st.randoms(use_true_random=False),
)
def test_z_calibrate_gives_the_same_numbers_in_any_order(
    pairs: list[tuple[str | None, float]], minimum: int, rng: Any
) -> None:
    ordered = sorted(pairs, key=lambda p: (p[0] is None, p[0] or ""))
    positions = list(range(len(ordered)))
    rng.shuffle(positions)
    shuffled = [ordered[i] for i in positions]
    together = z_calibrate([x for _, x in ordered], [g for g, _ in ordered], min_group_size=minimum)
    apart = z_calibrate([x for _, x in shuffled], [g for g, _ in shuffled], min_group_size=minimum)
    assert apart == [together[i] for i in positions]


@given(
    st.lists(
        st.tuples(st.sampled_from(["m1", "m2", "m3", None]), st.integers(0, 100)),
        max_size=60,
    ),
    st.integers(2, 6),
)
def test_z_calibrate_is_within_1e_12_of_the_exact_calibration(
    pairs: list[tuple[str | None, int]], minimum: int
) -> None:
    records = [
        RatingRecord(employee_id=f"e{i}", rater_id="r", value=x, scale=WIDE, department=g)
        for i, (g, x) in enumerate(pairs)
    ]
    exact = z_normalise(records, by="department", min_group_size=minimum)
    fast = z_calibrate(
        [r.normalised for r in records], [g for g, _ in pairs], min_group_size=minimum
    )
    for item, value in zip(exact, fast, strict=True):
        assert abs(value - item.calibrated) <= 1e-12
        if not item.normalised:
            assert value == item.calibrated


def test_z_calibrate_with_a_spread_near_zero_stays_finite() -> None:
    values = [0.0, 5e-324, 0.0, 5e-324, 0.2, 0.4, 0.6, 0.8]
    fast = z_calibrate(values, ["tiny"] * 4 + ["m1"] * 4)
    assert all(math.isfinite(x) for x in fast)
