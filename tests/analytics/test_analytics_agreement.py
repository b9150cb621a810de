"""Inter-rater agreement: published worked examples, properties, refusals."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from perfcore.analytics.agreement import (
    AlphaResult,
    IccForm,
    IccResult,
    icc,
    krippendorff_alpha,
)

Table = list[list[int]]
Units = list[list[int | None]]

# Shrout & Fleiss (1979), Table 2: 6 targets (rows) rated by 4 judges (columns).
SHROUT_FLEISS: Table = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers (rows here) × 12 units (columns), None where an observer gave no value.
KRIPPENDORFF_OBSERVERS: Units = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
KRIPPENDORFF_UNITS: Units = [list(unit) for unit in zip(*KRIPPENDORFF_OBSERVERS, strict=True)]

# Wikipedia, "Krippendorff's alpha", section "A computational example":
# 3 coders (rows here) × 15 units (columns).
WIKIPEDIA_CODERS: Units = [
    [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
    [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
    [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
]
WIKIPEDIA_UNITS: Units = [list(unit) for unit in zip(*WIKIPEDIA_CODERS, strict=True)]

SINGLE_FORMS = (IccForm.ICC_1_1, IccForm.ICC_2_1, IccForm.ICC_3_1)
LEVELS = ("nominal", "ordinal", "interval", "ratio")


# --- ICC: published and hand-checked examples ---------------------------------------


@pytest.mark.parametrize(
    ("form", "published"),
    [
        (IccForm.ICC_1_1, 0.17),
        (IccForm.ICC_2_1, 0.29),
        (IccForm.ICC_3_1, 0.71),
        (IccForm.ICC_1_K, 0.44),
        (IccForm.ICC_2_K, 0.62),
        (IccForm.ICC_3_K, 0.91),
    ],
)
def test_icc_matches_shrout_fleiss_1979(form: IccForm, published: float) -> None:
    """Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
    rater reliability. Psychological Bulletin 86(2), 420–428: Table 2 data, the six
    ICCs as printed in the paper (two decimals)."""
    result = icc(SHROUT_FLEISS, form=form)
    assert round(result.value, 2) == published
    assert (result.form, result.n, result.k) == (form, 6, 4)


def test_mean_squares_match_shrout_fleiss_1979() -> None:
    """Shrout & Fleiss (1979), Psychological Bulletin 86(2):420–428, Table 2's analysis of
    variance: BMS = 11.24, WMS = 6.26, JMS = 32.49, EMS = 1.02."""
    result = icc(SHROUT_FLEISS, form=IccForm.ICC_1_1)
    mean_squares = (result.bms, result.wms, result.jms, result.ems)
    assert tuple(round(ms, 2) for ms in mean_squares) == (11.24, 6.26, 32.49, 1.02)
    # exact: BMS = 1349/120, WMS = 451/72, JMS = 2339/72, EMS = 367/360
    assert mean_squares == (
        float(Fraction(1349, 120)),
        float(Fraction(451, 72)),
        float(Fraction(2339, 72)),
        float(Fraction(367, 360)),
    )


def test_every_form_uses_the_same_mean_squares() -> None:
    results = [icc(SHROUT_FLEISS, form=form) for form in IccForm]
    assert len({(r.bms, r.wms, r.jms, r.ems) for r in results}) == 1


def test_small_table_by_hand() -> None:
    # rows (targets) 1 2 | 3 5 | 6 6: row means 1.5, 4, 6; rater means 10/3, 13/3; grand 23/6
    # SS total 137/6, between targets 61/3, between raters 3/2, residual 1
    # BMS = (61/3)/2 = 61/6, WMS = (5/2)/3 = 5/6, JMS = 3/2, EMS = 1/2
    table = [[1, 2], [3, 5], [6, 6]]
    b, w, j, e = Fraction(61, 6), Fraction(5, 6), Fraction(3, 2), Fraction(1, 2)
    expected = {
        IccForm.ICC_1_1: (b - w) / (b + w),
        IccForm.ICC_2_1: (b - e) / (b + e + 2 * (j - e) / 3),
        IccForm.ICC_3_1: (b - e) / (b + e),
        IccForm.ICC_1_K: (b - w) / b,
        IccForm.ICC_2_K: (b - e) / (b + (j - e) / 3),
        IccForm.ICC_3_K: (b - e) / b,
    }
    for form, value in expected.items():
        result = icc(table, form=form)
        assert result.value == float(value), form
        assert (result.bms, result.wms, result.jms, result.ems) == tuple(
            float(x) for x in (b, w, j, e)
        )


def test_explanations_show_each_formula_with_its_numbers() -> None:
    explanations = {form: icc(SHROUT_FLEISS, form=form).explanation for form in IccForm}
    tail = "; n = 6 targets, k = 4 raters"
    assert explanations == {
        IccForm.ICC_1_1: "ICC(1,1) = (BMS − WMS) / (BMS + (k − 1)·WMS)"
        " = (11.2417 − 6.26389) / (11.2417 + 3 × 6.26389) = 0.165742" + tail,
        IccForm.ICC_2_1: "ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)"
        " = (11.2417 − 1.01944) / (11.2417 + 3 × 1.01944 + 4 × (32.4861 − 1.01944) / 6)"
        " = 0.289764" + tail,
        IccForm.ICC_3_1: "ICC(3,1) = (BMS − EMS) / (BMS + (k − 1)·EMS)"
        " = (11.2417 − 1.01944) / (11.2417 + 3 × 1.01944) = 0.714841" + tail,
        IccForm.ICC_1_K: "ICC(1,k) = (BMS − WMS) / BMS = (11.2417 − 6.26389) / 11.2417"
        " = 0.442797" + tail,
        IccForm.ICC_2_K: "ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)"
        " = (11.2417 − 1.01944) / (11.2417 + (32.4861 − 1.01944) / 6) = 0.620051" + tail,
        IccForm.ICC_3_K: "ICC(3,k) = (BMS − EMS) / BMS = (11.2417 − 1.01944) / 11.2417"
        " = 0.909316" + tail,
    }


def test_a_raters_leniency_moves_absolute_agreement_but_not_consistency() -> None:
    # Judge 2 of Shrout & Fleiss is the severe one (mean 2.5 against 7.67, 4.33, 6.67);
    # lifting all their ratings by 4 brings the judges' means together (JMS falls from
    # 32.49 to 11.82), so ICC(2,1) rises; lowering them by 4 drives JMS up and ICC(2,1)
    # down. ICC(3,1) looks at consistency only and does not move.
    def shifted(by: int) -> Table:
        return [[x + by if j == 1 else x for j, x in enumerate(row)] for row in SHROUT_FLEISS]

    base2, base3 = (icc(SHROUT_FLEISS, form=f) for f in (IccForm.ICC_2_1, IccForm.ICC_3_1))
    up2, up3 = (icc(shifted(4), form=f) for f in (IccForm.ICC_2_1, IccForm.ICC_3_1))
    down2, down3 = (icc(shifted(-4), form=f) for f in (IccForm.ICC_2_1, IccForm.ICC_3_1))
    assert base3.value == up3.value == down3.value
    assert round(up2.jms, 2) == 11.82
    assert down2.jms > base2.jms > up2.jms
    assert down2.value < base2.value < up2.value


def test_icc_accepts_any_sequences_of_ints_and_floats() -> None:
    as_lists = icc([[1, 2.5], [3, 5], [6, 7]], form=IccForm.ICC_2_1)
    as_tuples = icc(((1.0, 2.5), (3, 5.0), range(6, 8)), form=IccForm.ICC_2_1)
    assert as_lists == as_tuples


def test_icc_results_are_value_objects() -> None:
    result = icc(SHROUT_FLEISS, form=IccForm.ICC_3_1)
    check_value_object(result)
    assert result.label == "ICC(3,1)"
    assert result.as_record() == {
        "form": "3,1",
        "value": result.value,
        "n": 6,
        "k": 4,
        "bms": result.bms,
        "wms": result.wms,
        "jms": result.jms,
        "ems": result.ems,
    }


def test_icc_forms() -> None:
    assert [f.value for f in IccForm] == ["1,1", "2,1", "3,1", "1,k", "2,k", "3,k"]
    assert [f.label for f in IccForm] == [
        "ICC(1,1)",
        "ICC(2,1)",
        "ICC(3,1)",
        "ICC(1,k)",
        "ICC(2,k)",
        "ICC(3,k)",
    ]
    assert [f.average for f in IccForm] == [False, False, False, True, True, True]


# --- Krippendorff's alpha: published and hand-checked examples -----------------------


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("interval", 0.849)])
def test_alpha_matches_krippendorff_2011(level: str, published: float) -> None:
    """Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg
    School for Communication, University of Pennsylvania: the reliability data of
    section C (4 observers × 12 units, missing values), α_nominal = .743 and
    α_interval = .849."""
    result = krippendorff_alpha(KRIPPENDORFF_UNITS, level=level, layout="units")  # type: ignore[arg-type]
    assert round(result.value, 3) == published
    # unit 12 has a single value and is left out: 11 units, 40 pairable values
    assert (result.level, result.units_used, result.pairable_values) == (level, 11, 40)


def test_alpha_nominal_disagreements_match_krippendorff_2011_by_hand() -> None:
    """Krippendorff (2011), section C: the coincidence matrix has n = 40 values with
    n_1..n_5 = 9, 13, 10, 5, 3 and 4 off-diagonal (disagreeing) coincidences on each
    side, so D_o = 8/40 and D_e = (40² − Σ n_c²) / (40 · 39) = 1216/1560;
    alpha = 1 − (39 · 8) / 1216 = 1 − 312/1216."""
    result = krippendorff_alpha(KRIPPENDORFF_UNITS, level="nominal", layout="units")
    assert result.observed_disagreement == float(Fraction(8, 40))
    assert result.expected_disagreement == float(Fraction(40 * 40 - 384, 40 * 39))
    assert result.value == float(1 - Fraction(312, 1216))


@pytest.mark.parametrize(("level", "reported"), [("ordinal", 0.815), ("ratio", 0.797)])
def test_alpha_ordinal_and_ratio_on_krippendorff_2011_data(level: str, reported: float) -> None:
    """The same data at the ordinal and ratio levels: .815 and .797 are the values
    commonly reported for them (the 2011 paper prints only the nominal and interval
    ones); the direct coincidence-matrix computation below agrees exactly."""
    result = krippendorff_alpha(KRIPPENDORFF_UNITS, level=level, layout="units")  # type: ignore[arg-type]
    assert round(result.value, 3) == reported
    assert result.value == float(direct_alpha(KRIPPENDORFF_UNITS, level))


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_alpha_matches_the_wikipedia_computational_example(level: str, published: float) -> None:
    """Wikipedia, "Krippendorff's alpha", section "A computational example": 3 coders ×
    15 units with missing values; α_nominal = 0.691 and α_interval = 0.811."""
    result = krippendorff_alpha(WIKIPEDIA_UNITS, level=level, layout="units")  # type: ignore[arg-type]
    assert round(result.value, 3) == published
    # units 1, 2 and 14 have fewer than 2 values: 12 units, 26 pairable values
    assert (result.units_used, result.pairable_values) == (12, 26)


def test_alpha_by_hand_with_labels() -> None:
    # units a a | b b | a b: n = 6, n_a = n_b = 3
    # observed: only unit 3 disagrees, 2 ordered pairs / (2 − 1) = 2, D_o = 2/6
    # expected: 6² − (3² + 3²) = 18 ordered disagreeing pairs, D_e = 18 / (6 · 5) = 3/5
    result = krippendorff_alpha(
        [["a", "a"], ["b", "b"], ["a", "b"]], level="nominal", layout="units"
    )
    assert result.observed_disagreement == float(Fraction(1, 3))
    assert result.expected_disagreement == 0.6
    assert result.value == float(1 - Fraction(1, 3) / Fraction(3, 5))
    assert result.explanation == (
        "alpha = 1 − D_o / D_e = 1 − 0.333333 / 0.6 = 0.444444;"
        " nominal level, 3 units with 2+ values, 6 pairable values"
    )


def test_alpha_defaults_to_the_interval_level() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_UNITS, layout="units") == krippendorff_alpha(
        KRIPPENDORFF_UNITS, level="interval", layout="units"
    )


def test_ratio_level_treats_two_zeros_as_agreeing() -> None:
    result = krippendorff_alpha([[0, 0], [1, 1], [2, 2]], level="ratio", layout="units")
    assert result.value == 1.0


def test_alpha_results_are_value_objects() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_UNITS, level="nominal", layout="units")
    check_value_object(result)
    assert result.as_record() == {
        "value": result.value,
        "level": "nominal",
        "units_used": 11,
        "pairable_values": 40,
        "observed_disagreement": result.observed_disagreement,
        "expected_disagreement": result.expected_disagreement,
    }


# --- a direct, slow computation of alpha to compare with --------------------------------


def delta2(level: str, c: Fraction, k: Fraction, counts: dict[Fraction, int]) -> Fraction:
    if level == "nominal":
        return Fraction(c != k)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        return Fraction(0) if c + k == 0 else ((c - k) / (c + k)) ** 2
    low, high = min(c, k), max(c, k)
    between = sum(m for g, m in counts.items() if low <= g <= high)
    return (between - Fraction(counts[c] + counts[k], 2)) ** 2


def direct_alpha(units: Sequence[Sequence[int | None]], level: str) -> Fraction:
    """Alpha from an explicit coincidence matrix o_ck, as Krippendorff (2011) lays it out."""
    pairable = [[Fraction(x) for x in unit if x is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    coincidences: dict[tuple[Fraction, Fraction], Fraction] = {}
    for unit in pairable:
        for i, j in itertools.permutations(range(len(unit)), 2):
            key = (unit[i], unit[j])
            coincidences[key] = coincidences.get(key, Fraction(0)) + Fraction(1, len(unit) - 1)
    counts: dict[Fraction, int] = {}
    for unit in pairable:
        for x in unit:
            counts[x] = counts.get(x, 0) + 1
    n = sum(counts.values())
    observed = sum(
        (o * delta2(level, c, k, counts) for (c, k), o in coincidences.items()), Fraction(0)
    )
    expected = sum(
        (
            counts[c] * counts[k] * delta2(level, c, k, counts)
            for c in counts
            for k in counts
            if c != k
        ),
        Fraction(0),
    )
    return 1 - (n - 1) * observed / expected


# --- strategies -----------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn, *, low: int = 1, high: int = 7) -> Table:
    """A complete n × k table of whole-number ratings (n 2–6 targets, k 2–5 raters)."""
    n = draw(st.integers(2, 6))
    k = draw(st.integers(2, 5))
    cell = st.integers(low, high)
    return [draw(st.lists(cell, min_size=k, max_size=k)) for _ in range(n)]


@st.composite
def unit_lists(draw: st.DrawFn, *, low: int = 1, high: int = 5) -> Units:
    """Units (1–8) × coders (2–4), each value 1–5 or missing."""
    coders = draw(st.integers(2, 4))
    count = draw(st.integers(1, 8))
    cell = st.one_of(st.none(), st.integers(low, high))
    return [draw(st.lists(cell, min_size=coders, max_size=coders)) for _ in range(count)]


def defined_icc(table: Sequence[Sequence[float]], form: IccForm) -> IccResult | None:
    """``icc(table, form=form)``, or None where it is undefined for the table."""
    try:
        return icc(table, form=form)
    except pc.ValidationError as exc:
        error = exc
    assert error.paths == ("ratings",)
    assert "undefined" in str(error)
    return None


def defined_alpha(units: Sequence[Sequence[float | str | None]], level: str) -> AlphaResult | None:
    """``krippendorff_alpha(units, level=level, layout="units")``, or None where it is undefined."""
    try:
        return krippendorff_alpha(units, level=level, layout="units")  # type: ignore[arg-type]
    except pc.ValidationError as exc:
        error = exc
    assert error.paths == ("units",)
    assert "undefined" in str(error)
    return None


def transform(units: Units, f: Callable[[int], int | str]) -> list[list[int | str | None]]:
    return [[None if x is None else f(x) for x in unit] for unit in units]


# --- ICC properties ----------------------------------------------------------------------


@given(st.lists(st.integers(1, 7), min_size=2, max_size=6, unique=True), st.integers(2, 5))
def test_perfect_agreement_gives_icc_1_and_alpha_1(levels: list[int], k: int) -> None:
    table = [[level] * k for level in levels]
    for form in IccForm:
        assert icc(table, form=form).value == 1.0
    for level in LEVELS:
        assert krippendorff_alpha(table, level=level, layout="units").value == 1.0  # type: ignore[arg-type]


@given(tables(), st.sampled_from(list(IccForm)))
def test_icc_is_at_most_1_and_single_rater_forms_1_1_and_3_1_at_least_minus_1_over_k_minus_1(
    table: Table, form: IccForm
) -> None:
    result = defined_icc(table, form)
    assume(result is not None)
    assert result is not None
    assert result.value <= 1
    if form in {IccForm.ICC_1_1, IccForm.ICC_3_1}:
        assert result.value >= -1 / (result.k - 1)


@given(tables(), st.data())
def test_icc_ignores_the_order_of_targets_and_of_raters(table: Table, data: st.DataObject) -> None:
    rows = data.draw(st.permutations(range(len(table))))
    cols = data.draw(st.permutations(range(len(table[0]))))
    shuffled = [[table[i][j] for j in cols] for i in rows]
    for form in IccForm:
        assert defined_icc(shuffled, form) == defined_icc(table, form)


@given(tables(), st.integers(-3, 3).filter(bool), st.integers(-10, 10))
def test_icc_ignores_a_linear_change_of_scale(table: Table, a: int, b: int) -> None:
    rescaled = [[a * x + b for x in row] for row in table]
    for form in IccForm:
        before, after = defined_icc(table, form), defined_icc(rescaled, form)
        assert (before is None) == (after is None)
        if before is not None and after is not None:
            assert after.value == before.value


@given(tables(), st.data(), st.integers(-5, 5))
def test_shifting_one_rater_leaves_consistency_unchanged(
    table: Table, data: st.DataObject, shift: int
) -> None:
    rater = data.draw(st.integers(0, len(table[0]) - 1))
    shifted = [[x + shift if j == rater else x for j, x in enumerate(row)] for row in table]
    for form in (IccForm.ICC_3_1, IccForm.ICC_3_K):
        before, after = defined_icc(table, form), defined_icc(shifted, form)
        assert (before is None) == (after is None)
        if before is not None and after is not None:
            assert after.value == before.value
            assert (after.bms, after.ems) == (before.bms, before.ems)
    before2 = defined_icc(table, IccForm.ICC_2_1)
    after2 = defined_icc(shifted, IccForm.ICC_2_1)
    if before2 is not None and after2 is not None and before2.bms > before2.ems:
        # BMS and EMS are unchanged, so only JMS moves ICC(2,1): up with JMS, it falls
        if after2.jms > before2.jms:
            assert after2.value <= before2.value
        if after2.jms < before2.jms:
            assert after2.value >= before2.value


@given(tables())
def test_icc_2_1_against_3_1_follows_the_signs_of_bms_minus_ems_and_jms_minus_ems(
    table: Table,
) -> None:
    # ICC(3,1) − ICC(2,1) = (BMS − EMS) · k(JMS − EMS)/n / (D₂ · D₃) with D₂, D₃ > 0:
    # neither is above the other in general.
    two, three = defined_icc(table, IccForm.ICC_2_1), defined_icc(table, IccForm.ICC_3_1)
    assume(two is not None and three is not None)
    assert two is not None
    assert three is not None
    sign = (two.bms > two.ems) - (two.bms < two.ems)
    sign *= (two.jms > two.ems) - (two.jms < two.ems)
    if sign > 0:
        assert two.value <= three.value
    if sign < 0:
        assert two.value >= three.value


@given(tables())
def test_average_forms_are_the_spearman_brown_step_up_of_single_forms(table: Table) -> None:
    for single, average in zip(
        SINGLE_FORMS, (IccForm.ICC_1_K, IccForm.ICC_2_K, IccForm.ICC_3_K), strict=True
    ):
        one, mean = defined_icc(table, single), defined_icc(table, average)
        if one is not None and mean is not None:
            k = one.k
            assert mean.value == pytest.approx(k * one.value / (1 + (k - 1) * one.value))


@given(tables())
def test_interval_alpha_on_complete_data_follows_from_the_mean_squares(table: Table) -> None:
    # For complete data D_o = 2·WMS and D_e = 2·SS_total / (nk − 1), so
    # alpha = (BMS − WMS) / (BMS + (k − 1)·WMS · n/(n − 1)): close to ICC(1,1) for large n.
    alpha = defined_alpha(table, "interval")
    one = defined_icc(table, IccForm.ICC_1_1)
    assume(alpha is not None and one is not None)
    assert alpha is not None
    assert one is not None
    n, k, b, w = one.n, one.k, one.bms, one.wms
    assert alpha.value == pytest.approx((b - w) / (b + (k - 1) * w * n / (n - 1)), abs=1e-12)
    assert alpha.observed_disagreement == pytest.approx(2 * w)


@given(tables())
def test_icc_is_deterministic_and_input_type_blind(table: Table) -> None:
    as_tuples = tuple(tuple(row) for row in table)
    for form in IccForm:
        assert defined_icc(table, form) == defined_icc(table, form) == defined_icc(as_tuples, form)


# --- alpha properties --------------------------------------------------------------------


@given(unit_lists(), st.sampled_from(LEVELS), st.data())
def test_alpha_ignores_the_order_of_coders_and_of_units(
    units: Units, level: str, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(units))))
    coders = data.draw(st.permutations(range(len(units[0]))))
    shuffled = [[units[u][c] for c in coders] for u in order]
    assert defined_alpha(shuffled, level) == defined_alpha(units, level)


@given(unit_lists(), st.sampled_from(LEVELS))
def test_alpha_matches_a_direct_coincidence_matrix_computation(units: Units, level: str) -> None:
    result = defined_alpha(units, level)
    assume(result is not None)
    assert result is not None
    assert result.value == float(direct_alpha(units, level))
    assert result.value <= 1


@given(unit_lists(), st.sampled_from(LEVELS), st.integers(0, 3))
def test_units_with_fewer_than_two_values_do_not_count(units: Units, level: str, lone: int) -> None:
    coders = len(units[0])
    padded: Units = [*units, [None] * coders, [lone + 1] + [None] * (coders - 1)]
    assert defined_alpha(padded, level) == defined_alpha(units, level)


@given(unit_lists())
def test_nominal_alpha_only_sees_which_values_are_equal(units: Units) -> None:
    labels = transform(units, lambda x: f"band {x}")
    assert defined_alpha(labels, "nominal") == defined_alpha(units, "nominal")


@given(unit_lists())
def test_ordinal_alpha_only_sees_the_order_of_values(units: Units) -> None:
    stretched = transform(units, lambda x: x**3 + 10 * x)
    assert defined_alpha(stretched, "ordinal") == defined_alpha(units, "ordinal")


@given(unit_lists(), st.integers(-3, 3).filter(bool), st.integers(-10, 10))
def test_interval_alpha_ignores_a_linear_change_of_scale(units: Units, a: int, b: int) -> None:
    before = defined_alpha(units, "interval")
    after = defined_alpha(transform(units, lambda x: a * x + b), "interval")
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after.value == before.value


@given(unit_lists(low=1, high=2), st.integers(0, 6), st.integers(1, 6))
def test_with_two_distinct_values_every_level_agrees(units: Units, low: int, gap: int) -> None:
    recoded = transform(units, lambda x: low if x == 1 else low + gap)
    values = [defined_alpha(recoded, level) for level in LEVELS]
    assert len({None if r is None else r.value for r in values}) == 1


@given(unit_lists(), st.sampled_from(LEVELS))
def test_alpha_is_deterministic_and_input_type_blind(units: Units, level: str) -> None:
    as_tuples = tuple(tuple(unit) for unit in units)
    first = defined_alpha(units, level)
    assert first == defined_alpha(units, level) == defined_alpha(as_tuples, level)


# --- refusals: icc ------------------------------------------------------------------------


@pytest.mark.parametrize("ratings", ["1234", 5, None, {0: [1, 2], 1: [3, 4]}, {(1, 2), (3, 4)}])
def test_icc_rejects_ratings_that_are_not_a_sequence_of_rows(ratings: object) -> None:
    rejects(lambda: icc(ratings, form=IccForm.ICC_1_1), "ratings", "must be a sequence of rows")


@pytest.mark.parametrize("ratings", [[], [[1, 2]]])
def test_icc_rejects_fewer_than_two_targets(ratings: Table) -> None:
    rejects(lambda: icc(ratings, form=IccForm.ICC_1_1), "ratings", "at least 2 rows")


def test_icc_rejects_a_row_that_is_not_a_sequence() -> None:
    rejects(
        lambda: icc([[1, 2], "34"], form=IccForm.ICC_1_1),
        "ratings[1]",
        r"must be a sequence of ratings \(one per rater\), got str '34'",
    )


def test_icc_rejects_a_single_rater() -> None:
    rejects(lambda: icc([[1], [2]], form=IccForm.ICC_1_1), "ratings[0]", "at least 2 ratings")


def test_icc_rejects_rows_of_different_lengths() -> None:
    rejects(
        lambda: icc([[1, 2, 3], [1, 2, 3], [1, 2]], form=IccForm.ICC_1_1),
        "ratings[2]",
        r"must hold 3 ratings like ratings\[0\], got 2",
    )


def test_icc_rejects_a_missing_rating_and_points_to_alpha() -> None:
    rejects(
        lambda: icc([[1, 2], [None, 3]], form=IccForm.ICC_1_1),
        "ratings[1][0]",
        "is missing; ICC needs every rater to rate every target.*krippendorff_alpha",
    )


@pytest.mark.parametrize("cell", ["3", True, math.inf, -math.inf, 10**400, [3]])
def test_icc_rejects_a_rating_that_is_not_a_finite_number(cell: object) -> None:
    rejects(
        lambda: icc([[1, 2], [3, cell]], form=IccForm.ICC_1_1),
        "ratings[1][1]",
        "must be a finite number",
    )


@pytest.mark.parametrize("form", ["2,1", "ICC_2_1", None, 1])
def test_icc_rejects_a_form_that_is_not_an_icc_form(form: object) -> None:
    rejects(
        lambda: icc(SHROUT_FLEISS, form=form),  # type: ignore[arg-type]
        "form",
        r"must be an IccForm \(IccForm.ICC_1_1, .*\), got",
    )


def test_icc_reports_every_problem_at_once() -> None:
    rejects_all(
        lambda: icc([[1, None], "x", [1, 2, 3], [1, "2"]], form="3,1"),  # type: ignore[arg-type]
        "ratings[0][1]",
        "ratings[1]",
        "ratings[2]",
        "ratings[3][1]",
        "form",
    )


@pytest.mark.parametrize("form", list(IccForm))
def test_icc_is_undefined_when_all_ratings_are_equal(form: IccForm) -> None:
    rejects(
        lambda: icc([[3, 3, 3], [3, 3, 3]], form=form),
        "ratings",
        "^all ratings are equal: agreement is undefined$",
    )


@pytest.mark.parametrize(
    ("form", "phrase"),
    [
        (IccForm.ICC_3_1, r"ICC\(3,1\) is undefined .*\(BMS \+ \(k − 1\)·EMS\) is 0 .*BMS = 0"),
        (IccForm.ICC_1_K, r"ICC\(1,k\) is undefined .*denominator BMS is 0"),
        (IccForm.ICC_3_K, r"ICC\(3,k\) is undefined .*denominator BMS is 0"),
    ],
)
def test_icc_is_undefined_when_the_targets_do_not_differ(form: IccForm, phrase: str) -> None:
    # every target has mean 1.5 (BMS = 0), and rater 2 is always one above rater 1 (EMS = 0)
    rejects(lambda: icc([[1, 2], [1, 2]], form=form), "ratings", phrase)


def test_icc_2_1_is_undefined_when_its_denominator_is_0() -> None:
    # n = k = 2 with BMS = JMS = 0: the denominator is (k − 1 − k/n)·EMS = 0
    rejects(
        lambda: icc([[1, 2], [2, 1]], form=IccForm.ICC_2_1),
        "ratings",
        r"ICC\(2,1\) is undefined .* is 0",
    )


def test_icc_2_k_is_undefined_when_its_denominator_is_negative() -> None:
    # BMS + (JMS − EMS)/n < 0 means ICC(2,1) < −1/(k − 1): no Spearman–Brown step-up
    rejects(
        lambda: icc([[1, 2], [2, 1.001]], form=IccForm.ICC_2_K),
        "ratings",
        r"ICC\(2,k\) is undefined .*is -0\.4995, not positive; the single-rater form",
    )


def test_icc_refuses_results_beyond_the_float_range() -> None:
    rejects(
        lambda: icc([[1e200, -1e200], [1, 2]], form=IccForm.ICC_1_1),
        "ratings",
        "too large in magnitude",
    )


def test_icc_result_validates_its_fields() -> None:
    good = icc(SHROUT_FLEISS, form=IccForm.ICC_1_1)
    rejects(
        lambda: IccResult(form="1,1", value=0.5, n=6, k=4, bms=1, wms=1, jms=1, ems=1),  # type: ignore[arg-type]
        "IccResult.form",
        "must be a IccForm",
    )
    rejects(
        lambda: IccResult(form=good.form, value=0.5, n=1, k=4, bms=1, wms=1, jms=1, ems=1),
        "IccResult.n",
        "at least 2",
    )
    rejects_all(
        lambda: IccResult(form=good.form, value=math.nan, n=6, k=1, bms=-1, wms=1, jms=1, ems=1),
        "IccResult.value",
        "IccResult.k",
        "IccResult.bms",
    )


# --- refusals: krippendorff_alpha -------------------------------------------------------


@pytest.mark.parametrize("units", ["1234", 5, None, {0: [1, 2]}])
def test_alpha_rejects_units_that_are_not_a_sequence(units: object) -> None:
    rejects(
        lambda: krippendorff_alpha(units, layout="units"), "units", "must be a sequence of units"
    )


def test_alpha_rejects_no_units() -> None:
    rejects(lambda: krippendorff_alpha([], layout="units"), "units", "at least 1 unit, got 0")


def test_alpha_rejects_a_unit_that_is_not_a_sequence() -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2], 3], layout="units"),
        "units[1]",
        r"must be a sequence of values \(one per coder, None where missing\)",
    )


def test_alpha_rejects_a_single_coder() -> None:
    rejects(lambda: krippendorff_alpha([[1], [2]], layout="units"), "units[0]", "at least 2 values")


def test_alpha_rejects_units_of_different_lengths() -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2, None], [1, 2]], layout="units"),
        "units[1]",
        r"must hold 3 values like units\[0\] \(None where a coder gave none\), got 2",
    )


@pytest.mark.parametrize("level", ["Interval", "metric", None, 1])
def test_alpha_rejects_an_unknown_level(level: object) -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2], [2, 2]], level=level, layout="units"),  # type: ignore[arg-type]
        "level",
        "must be one of 'nominal', 'ordinal', 'interval', 'ratio', got",
    )


@pytest.mark.parametrize("cell", [True, math.inf, 10**400, [1], b"a"])
@pytest.mark.parametrize("level", LEVELS)
def test_alpha_rejects_a_value_that_is_not_a_finite_number(cell: object, level: str) -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2], [cell, 2]], level=level, layout="units"),  # type: ignore[arg-type]
        "units[1][0]",
        "must be a finite number",
    )


@pytest.mark.parametrize("level", ["ordinal", "interval", "ratio"])
def test_alpha_accepts_labels_at_the_nominal_level_only(level: str) -> None:
    rejects(
        lambda: krippendorff_alpha([["Meets", 3]], level=level, layout="units"),  # type: ignore[arg-type]
        "units[0][0]",
        f"at the {level} level, got str 'Meets' .labels are allowed at the nominal level only",
    )


def test_alpha_rejects_a_negative_value_at_the_ratio_level() -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2], [-1, 2]], level="ratio", layout="units"),
        "units[1][0]",
        "must be at least 0 at the ratio level, got int -1",
    )
    assert krippendorff_alpha([[1, 2], [-1, 2]], level="interval", layout="units").units_used == 2


def test_alpha_reports_every_problem_at_once() -> None:
    rejects_all(
        lambda: krippendorff_alpha([[1, "x"], 7, [1, 2, 3]], level="ordinals", layout="units"),  # type: ignore[arg-type]
        "level",
        "units[1]",
        "units[2]",
    )


def test_alpha_is_undefined_without_a_unit_of_two_values() -> None:
    rejects(
        lambda: krippendorff_alpha([[1, None], [None, 2], [None, None]], layout="units"),
        "units",
        "^no unit has values from 2 coders: agreement is undefined$",
    )


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_is_undefined_when_all_values_are_equal(level: str) -> None:
    rejects(
        lambda: krippendorff_alpha(
            [[4, 4, None], [4, 4, 4], [7, None, None]],
            level=level,  # type: ignore[arg-type]
            layout="units",
        ),
        "units",
        r"^all 5 pairable values are equal: agreement is undefined \(D_e = 0\)$",
    )


def test_alpha_refuses_results_beyond_the_float_range() -> None:
    rejects(
        lambda: krippendorff_alpha([[1e200, -1e200], [1, 2]], layout="units"),
        "units",
        "too large in magnitude",
    )


def test_alpha_result_validates_its_fields() -> None:
    rejects(
        lambda: AlphaResult(
            value=0.5,
            level="metric",
            units_used=1,
            pairable_values=2,
            observed_disagreement=0,
            expected_disagreement=1,
        ),
        "AlphaResult.level",
        "must be one of 'nominal', 'ordinal', 'interval', 'ratio', got str 'metric'",
    )
    rejects_all(
        lambda: AlphaResult(
            value=0.5,
            level="nominal",
            units_used=0,
            pairable_values=1,
            observed_disagreement=-1,
            expected_disagreement=1,
        ),
        "AlphaResult.units_used",
        "AlphaResult.pairable_values",
        "AlphaResult.observed_disagreement",
    )
