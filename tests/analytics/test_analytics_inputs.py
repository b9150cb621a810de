"""Columns and tables as a notebook holds them: pandas, NumPy, Arrow-like and buffers.

Written as an analyst's code would be: a DataFrame of ratings goes straight into
``z_calibrate``, a wide table into ``icc``, a paper's reliability data matrix into
``krippendorff_alpha`` with its layout said, and what cannot be read is refused
with a perfcore error naming the argument.
"""

from __future__ import annotations

import array
import math
import pickle
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import rejects, rejects_all
from perfcore import _tables
from perfcore.analytics import (
    IccForm,
    RatingRecord,
    distribution,
    guided_distribution,
    icc,
    krippendorff_alpha,
    z_calibrate,
)

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers
# (rows) × 12 units (columns), as the paper prints it.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Shrout & Fleiss (1979), Table 2: six targets (rows) rated by four judges.
TABLE_2 = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


class ArrowLike:
    """A column with Arrow's interface: ``to_pylist()`` and a length, nothing else."""

    def __init__(self, values: list[Any]) -> None:
        self._values = values

    def to_pylist(self) -> list[Any]:
        return list(self._values)

    def __len__(self) -> int:
        return len(self._values)


class Indexed:
    """A column reached only through ``__len__`` and ``__getitem__``."""

    def __init__(self, values: list[Any]) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, index: int) -> Any:
        return self._values[index]


class ArrayOnly:
    """An object that offers its data only through ``__array__``."""

    def __init__(self, values: Any) -> None:
        self._values = values

    def __array__(self) -> Any:
        return self._values


def ratings_frame() -> Any:
    """Ratings as an analyst keeps them: one row per rating, on 0–1, by rater."""
    return pd.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(9)],
            "rater_id": ["m1"] * 4 + ["m2"] * 4 + ["m3"],
            "normalised": [0.2, 0.4, 0.6, 0.8, 0.4, 0.6, 0.8, 1.0, 0.9],
        }
    )


# --- z_calibrate: two columns --------------------------------------------------------------


def test_z_calibrate_takes_dataframe_columns() -> None:
    df = ratings_frame()
    df["calibrated"] = z_calibrate(df["normalised"], df["rater_id"])
    expected = z_calibrate(df["normalised"].tolist(), df["rater_id"].tolist())
    assert df["calibrated"].tolist() == expected
    assert [round(x, 3) for x in expected] == [0.326, 0.531, 0.736, 0.941] * 2 + [0.9]


def test_z_calibrate_takes_numpy_arrays_arrow_columns_buffers_and_indexables() -> None:
    df = ratings_frame()
    values, groups = df["normalised"].tolist(), df["rater_id"].tolist()
    expected = z_calibrate(values, groups)
    assert z_calibrate(df["normalised"].to_numpy(), df["rater_id"].to_numpy()) == expected
    single = np.asarray(values, dtype=np.float32)
    assert z_calibrate(single, groups) == z_calibrate([float(x) for x in single], groups)
    assert z_calibrate(ArrowLike(values), ArrowLike(groups)) == expected
    assert z_calibrate(array.array("d", values), groups) == expected
    assert z_calibrate(memoryview(array.array("d", values)), Indexed(groups)) == expected
    assert z_calibrate(ArrayOnly(np.asarray(values)), tuple(groups)) == expected
    categorical = df["rater_id"].astype("category")
    assert z_calibrate(df["normalised"], categorical) == expected
    nullable = df["normalised"].astype("Float64")
    assert z_calibrate(nullable, df["rater_id"].astype("string")) == expected


def test_z_calibrate_refuses_a_missing_rating_by_position() -> None:
    df = ratings_frame()
    df.loc[2, "normalised"] = None
    rejects(
        lambda: z_calibrate(df["normalised"], df["rater_id"]),
        "values[2]",
        r"must be a finite number, got float nan \(a missing rating: drop or fill it first\)",
    )
    nullable = ratings_frame()["normalised"].astype("Float64")
    nullable[5] = pd.NA
    rejects(
        lambda: z_calibrate(nullable, df["rater_id"]),
        "values[5]",
        "got NoneType None .a missing rating",
    )


def test_a_missing_rater_is_no_group_and_its_rating_is_kept() -> None:
    df = ratings_frame()
    df["rater_id"] = df["rater_id"].astype(object)
    df.loc[8, "rater_id"] = math.nan
    out = z_calibrate(df["normalised"], df["rater_id"])
    assert out[8] == 0.9
    with_none = z_calibrate(df["normalised"].tolist(), [*df["rater_id"].tolist()[:8], None])
    assert out == with_none
    na = df["rater_id"].astype("string")
    assert z_calibrate(df["normalised"], na) == with_none


def test_z_calibrate_refuses_a_table_or_a_two_dimensional_array_as_a_column() -> None:
    df = ratings_frame()
    rejects(
        lambda: z_calibrate(df[["normalised"]], df["rater_id"]),
        "values",
        r"must be a sequence of numbers, got a table \(DataFrame\): pass one of its columns",
    )
    rejects(
        lambda: z_calibrate(np.zeros((3, 2)), ["a", "b", "c"]),
        "values",
        "must be a sequence of numbers, got a 2-dimensional ndarray",
    )
    rejects(
        lambda: z_calibrate(np.float64(0.5), ["a"]),
        "values",
        "must be a sequence of numbers, got float64",
    )
    rejects(lambda: z_calibrate([0.5], {"m1"}), "groups", "must be a sequence of group names")
    rejects(lambda: z_calibrate([0.5], object()), "groups", "must be a sequence of group names")
    rejects(lambda: z_calibrate([0.5], [np.int64(3)]), "groups[0]", "group name or None, got int")


@given(
    st.lists(
        st.tuples(st.floats(0, 1, allow_nan=False), st.sampled_from(["m1", "m2", "m3", None])),
        max_size=30,
    )
)
def test_z_calibrate_gives_the_same_numbers_from_a_frame_as_from_lists(
    rows: list[tuple[float, str | None]],
) -> None:
    values = [value for value, _ in rows]
    groups = [group for _, group in rows]
    df = pd.DataFrame({"value": pd.Series(values, dtype=float), "rater": groups}, dtype=object)
    df["value"] = df["value"].astype(float)
    assert z_calibrate(df["value"], df["rater"], min_group_size=2) == z_calibrate(
        values, groups, min_group_size=2
    )


# --- icc: a wide table ---------------------------------------------------------------------


def test_icc_takes_a_wide_dataframe_and_an_ndarray() -> None:
    wide = pd.DataFrame(TABLE_2, columns=["ann", "bo", "cy", "di"], index=list("uvwxyz"))
    expected = icc(TABLE_2, form=IccForm.ICC_2_1)
    assert icc(wide, form=IccForm.ICC_2_1) == expected
    assert icc(wide.to_numpy(), form=IccForm.ICC_2_1) == expected
    assert icc(wide.astype("Int64"), form=IccForm.ICC_2_1) == expected
    assert icc([np.array(row) for row in TABLE_2], form=IccForm.ICC_2_1) == expected
    assert round(expected.value, 2) == 0.29


def test_icc_refuses_a_missing_rating_in_a_frame_at_its_cell() -> None:
    wide = pd.DataFrame(TABLE_2, columns=["ann", "bo", "cy", "di"], dtype=float)
    wide.iloc[3, 1] = math.nan
    rejects(lambda: icc(wide, form=IccForm.ICC_3_1), "ratings[3][1]", "^is missing; ICC needs")
    rejects(
        lambda: icc(np.array([1.0, 2.0, 3.0]), form=IccForm.ICC_3_1),
        "ratings",
        r"must be a sequence of rows .*, got a 1-dimensional ndarray",
    )
    rejects(lambda: icc(np.float64(2), form=IccForm.ICC_3_1), "ratings", "must be a sequence")


# --- Krippendorff's alpha: the layout is said, never guessed --------------------------------


def test_alpha_reads_the_papers_observer_by_unit_matrix_with_layout_coders() -> None:
    by_observer = pd.DataFrame(OBSERVERS, index=["A", "B", "C", "D"], dtype="Float64")
    nominal = krippendorff_alpha(by_observer, level="nominal", layout="coders")
    assert round(nominal.value, 3) == 0.743
    assert (nominal.units_used, nominal.pairable_values) == (11, 40)
    assert round(krippendorff_alpha(OBSERVERS, level="interval", layout="coders").value, 3) == 0.849
    by_unit = by_observer.T
    assert krippendorff_alpha(by_unit, level="nominal", layout="units") == nominal


def test_alpha_refuses_a_table_whose_layout_is_not_said() -> None:
    # read the wrong way round, the paper's matrix gives -0.035: it must never come back silently
    misread = krippendorff_alpha(OBSERVERS, layout="units")
    assert round(misread.value, 3) == -0.035
    error = rejects(
        lambda: krippendorff_alpha(OBSERVERS),
        "layout",
        "^is required: say whether each row of the table is a unit .layout='units'",
    )
    assert error.problems[0].code == "required"
    rejects(
        lambda: krippendorff_alpha(pd.DataFrame(OBSERVERS), level="nominal"),
        "layout",
        "layout='coders', one column per unit",
    )
    rejects(
        lambda: krippendorff_alpha(OBSERVERS, layout="rows"),  # type: ignore[arg-type]
        "layout",
        "^must be 'units' or 'coders', got str 'rows'$",
    )
    rejects_all(lambda: krippendorff_alpha(OBSERVERS, level="metric"), "layout", "level")  # type: ignore[arg-type]


def test_alpha_names_cells_where_the_table_has_them_in_either_layout() -> None:
    rejects(
        lambda: krippendorff_alpha([[1, 2, "x"], [1, 2, 3]], layout="coders"),
        "units[0][2]",
        "must be a finite number or None at the interval level, got str 'x'",
    )
    rejects(
        lambda: krippendorff_alpha([[1, 2, 3]], layout="coders"),
        "units",
        r"needs at least 2 rows \(coders\), got 1",
    )
    rejects(
        lambda: krippendorff_alpha([[1, 2, 3], [1, 2]], layout="coders"),
        "units[1]",
        r"must hold 3 values like units\[0\] \(None where the coder gave none\), got 2",
    )
    rejects(
        lambda: krippendorff_alpha([[], []], layout="coders"),
        "units[0]",
        r"needs at least 1 values \(units\), got 0",
    )


def test_alpha_from_long_ratings_pivoted_with_nan_for_the_missing() -> None:
    records = [
        RatingRecord(employee_id=e, rater_id=r, value=x)
        for e, r, x in [
            ("ann", "jo", 4),
            ("ann", "kim", 4),
            ("bo", "jo", 2),
            ("bo", "kim", 3),
            ("bo", "lee", 3),
            ("cy", "kim", 5),
            ("cy", "lee", 5),
        ]
    ]
    long = pd.DataFrame([r.as_record() for r in records])
    wide = long.pivot(index="employee_id", columns="rater_id", values="value")
    assert wide.isna().sum().sum() == 2
    result = krippendorff_alpha(wide, level="ordinal", layout="units")
    assert round(result.value, 3) == 0.927
    assert result == krippendorff_alpha(
        [[4, 4, None], [2, 3, 3], [None, 5, 5]], level="ordinal", layout="units"
    )
    assert krippendorff_alpha(wide.to_numpy(), level="ordinal", layout="units") == result
    assert krippendorff_alpha(wide.T, level="ordinal", layout="coders") == result


def test_alpha_takes_labels_from_a_string_or_categorical_frame() -> None:
    reviews = pd.DataFrame(
        [["Meets", "Meets", "Exceeds"], ["Exceeds", "Exceeds", None], ["Below", "Meets", "Meets"]]
    )
    expected = krippendorff_alpha(
        [["Meets", "Meets", "Exceeds"], ["Exceeds", "Exceeds", None], ["Below", "Meets", "Meets"]],
        level="nominal",
        layout="units",
    )
    assert krippendorff_alpha(reviews, level="nominal", layout="units") == expected
    categorical = reviews.astype("category")
    assert krippendorff_alpha(categorical, level="nominal", layout="units") == expected


# --- distributions --------------------------------------------------------------------------


def test_distribution_bins_and_guidance_take_arrays_and_series() -> None:
    records = [
        RatingRecord(employee_id=f"e{i}", rater_id="m1", value=x) for i, x in enumerate([1, 3, 5])
    ]
    assert distribution(records, bins=np.array([0, 0.5, 1.0])) == distribution(
        records, bins=(0, 0.5, 1.0)
    )
    assert distribution(records, bins=np.int64(2)) == distribution(records, bins=2)
    values = pd.Series([0.1, 0.5, 0.9, 0.95])
    targets = {"low": 0.2, "middle": 0.7, "high": 0.1}
    expected = guided_distribution(values.tolist(), targets=targets, bands=(0.4, 0.8))
    assert guided_distribution(values, targets=targets, bands=np.array([0.4, 0.8])) == expected
    rejects(
        lambda: guided_distribution(pd.Series([0.1, None]), targets=targets, bands=(0.4, 0.8)),
        "values_or_records[1]",
        "got float nan .a missing rating: drop it first",
    )
    rejects(
        lambda: distribution(records, bins=np.array([0, math.nan, 1])),
        "bins[1]",
        "must be a number from 0 to 1, got float nan",
    )
    rejects(
        lambda: distribution(records, bins=pd.DataFrame({"a": [0, 1]})),
        "bins",
        "got a table",
    )


def test_arrow_arrays_tables_and_arrow_backed_frames_when_pyarrow_is_there() -> None:
    pa = pytest.importorskip("pyarrow")
    df = ratings_frame()
    values, groups = df["normalised"].tolist(), df["rater_id"].tolist()
    expected = z_calibrate(values, groups)
    assert z_calibrate(pa.array(values), pa.chunked_array([groups[:4], groups[4:]])) == expected
    backed = df.astype({"normalised": "double[pyarrow]", "rater_id": "string[pyarrow]"})
    assert z_calibrate(backed["normalised"], backed["rater_id"]) == expected
    table = pa.table({name: [row[j] for row in TABLE_2] for j, name in enumerate("abcd")})
    assert icc(table, form=IccForm.ICC_2_1) == icc(TABLE_2, form=IccForm.ICC_2_1)
    observers = pd.DataFrame(OBSERVERS, dtype="int64[pyarrow]")
    assert round(krippendorff_alpha(observers, level="nominal", layout="coders").value, 3) == 0.743


# --- the conversion itself ------------------------------------------------------------------


def test_missing_cells_are_none_nan_nat_and_na() -> None:
    for missing in (None, math.nan, np.nan, np.float32("nan"), pd.NA, pd.NaT):
        assert _tables.is_missing(missing)
        assert _tables.plain(missing) is None
    for present in (0, 0.0, "", "NA", np.int64(0), pd.Timestamp("2026-01-05"), (1,), [1]):
        assert not _tables.is_missing(present)
    assert not _tables.is_missing(np.array([1.0, math.nan]))
    assert _tables.plain(np.int64(3)) == 3
    assert type(_tables.plain(np.float32(1.5))) is float
    assert _tables.plain(np.bool_(1)) is True


def test_an_interchange_only_table_is_refused_with_a_way_out() -> None:
    class Interchange:
        def __dataframe__(self) -> object:
            return object()

    rejects(
        lambda: icc(Interchange(), form=IccForm.ICC_3_1),
        "ratings",
        r"must be a table whose columns can be read by name, got Interchange \(convert it",
    )


def test_arrow_scalars_buffers_and_tables_with_a_column_names_method_are_read() -> None:
    class ArrowScalar:
        def __init__(self, value: object) -> None:
            self._value = value

        def as_py(self) -> object:
            return self._value

    class ArrowTable:
        def __init__(self, columns: dict[str, list[Any]]) -> None:
            self._columns = columns

        def column_names(self) -> list[str]:  # a method, as an interchange object has
            return list(self._columns)

        @property
        def columns(self) -> list[str]:
            return list(self._columns)

        def __getitem__(self, name: str) -> ArrowLike:
            return ArrowLike(self._columns[name])

    values = [ArrowScalar(0.2), ArrowScalar(0.4), ArrowScalar(None), ArrowScalar(0.8)]
    rejects(lambda: z_calibrate(values, ["m"] * 4), "values[2]", "a missing rating")
    buffer = pickle.PickleBuffer(array.array("d", [0.2, 0.4, 0.6, 0.8]))
    assert z_calibrate(buffer, ["m"] * 4) == z_calibrate([0.2, 0.4, 0.6, 0.8], ["m"] * 4)

    class PyArrowTable(ArrowTable):
        @property
        def column_names(self) -> list[str]:  # type: ignore[override]  # a list, as pyarrow's Table has
            return list(self._columns)

    expected = icc([[1, 2], [3, 5], [6, 6]], form=IccForm.ICC_3_1)
    for table in (ArrowTable, PyArrowTable):
        assert icc(table({"jo": [1, 3, 6], "kim": [2, 5, 6]}), form=IccForm.ICC_3_1) == expected
    rejects(
        lambda: icc([np.zeros((2, 2)), [1, 2]], form=IccForm.ICC_3_1),
        "ratings[0]",
        r"must be a sequence of ratings \(one per rater\), got ndarray",
    )


def test_an_indexable_that_fails_to_index_is_not_a_column() -> None:
    class Broken:
        def __len__(self) -> int:
            return 2

        def __getitem__(self, index: int) -> object:
            raise KeyError(index)

    rejects(lambda: z_calibrate(Broken(), ["a", "b"]), "values", "must be a sequence of numbers")


def test_importing_perfcore_and_its_analytics_imports_neither_pandas_nor_numpy() -> None:
    code = textwrap.dedent(
        """
        import sys
        import perfcore, perfcore.analytics
        from perfcore.analytics import z_calibrate, icc, krippendorff_alpha, IccForm
        z_calibrate([0.1, 0.2, 0.3, 0.4], ["m"] * 4)
        icc([[1, 2], [3, 5]], form=IccForm.ICC_3_1)
        krippendorff_alpha([[1, 2], [2, 3]], layout="units")
        print(sorted(m for m in ("pandas", "numpy", "pyarrow") if m in sys.modules))
        """
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_bad_input_stays_a_perfcore_error() -> None:
    with pytest.raises(pc.ValidationError):
        z_calibrate(pd.DataFrame(), [])
