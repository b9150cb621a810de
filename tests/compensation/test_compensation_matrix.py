"""Tests for perfcore.compensation.matrix: merit matrices and the other merit strategies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.compensation import (
    DEFAULT_REGISTRY,
    FlatByBand,
    FormulaIncrease,
    Guideline,
    IncreaseStrategy,
    MeritMatrix,
    Money,
    PositionBand,
    PositionBasis,
    SalaryRange,
    pay_position,
)

GRADE = SalaryRange(key="L2", currency="EUR", minimum=40000, midpoint=50000, maximum=60000)

MATRIX: dict[str, Any] = {
    "positions": [
        {"label": "low", "high": "0.9"},
        {"label": "mid", "low": "0.9", "high": "1.1"},
        {"label": "high", "low": "1.1"},
    ],
    "ratings": ["Below", "Meets", "Exceeds"],
    "cells": [
        ["0", "0", "0"],
        [{"low": "0.03", "high": "0.04"}, "0.03", "0.02"],
        ["0.06", "0.05", "0.04"],
    ],
}


def at(salary: int) -> pc.compensation.PayPosition:
    return pay_position(Money(amount=salary, currency="EUR"), GRADE)


def test_a_3x3_matrix_by_hand() -> None:
    matrix = MeritMatrix.from_params(MATRIX)
    # 42,000 / 50,000 = 0.84 → low; 50,000 → 1.0 mid; 56,000 → 1.12 high
    assert [str(matrix.recommend("Meets", at(s)).guideline) for s in (42000, 50000, 56000)] == [
        "3%–4%",
        "3%",
        "2%",
    ]
    found = matrix.recommend("Exceeds", at(45000))
    assert (found.rating_band, found.position_band, found.guideline.target) == (
        "Exceeds",
        "mid",
        Decimal("0.05"),
    )
    assert "cell (Exceeds, mid) = 5%" in found.explanation
    assert isinstance(matrix, IncreaseStrategy)


def test_every_strategy_round_trips_through_the_registry() -> None:
    strategies = [
        MeritMatrix.from_params(MATRIX),
        MeritMatrix.from_params(
            {
                **MATRIX,
                "basis": "quartile",
                "positions": [
                    {"label": "q1-2", "high": "3"},
                    {"label": "q3", "low": "3", "high": "4"},
                    {"label": "q4", "low": "4"},
                ],
            }
        ),
        FlatByBand(
            increases={
                "Meets": Guideline.point("0.03"),
                "Exceeds": Guideline(low="0.04", high="0.06"),
            }
        ),
        FormulaIncrease(base="0.03", per_point="0.01", pivot=3, spread="0.005"),
    ]
    assert DEFAULT_REGISTRY.names() == ("flat_by_band", "formula_increase", "merit_matrix")
    assert DEFAULT_REGISTRY.group == "perfcore.compensation"
    for strategy in strategies:
        data = DEFAULT_REGISTRY.config_of(strategy)
        assert DEFAULT_REGISTRY.build(data) == strategy


def test_a_quartile_matrix_reads_the_quartile() -> None:
    matrix = MeritMatrix.from_params(
        {
            **MATRIX,
            "basis": "quartile",
            "positions": [
                {"label": "q1-2", "high": "3"},
                {"label": "q3", "low": "3", "high": "4"},
                {"label": "q4", "low": "4"},
            ],
        }
    )
    assert matrix.basis is PositionBasis.QUARTILE
    # 55,000: penetration 0.75 → quartile 4
    assert matrix.recommend("Exceeds", at(55000)).position_band == "q4"
    assert "quartile 4" in matrix.recommend("Exceeds", at(55000)).explanation


def _cells(path: str, data: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(pc.ValidationError) as caught:
        DEFAULT_REGISTRY.build({"strategy": "merit_matrix", "params": data})
    assert any(p.startswith(path) for p in caught.value.paths), caught.value.paths
    return caught.value.codes


def test_a_gap_between_bands_is_refused_naming_the_cells() -> None:
    positions = [dict(band) for band in MATRIX["positions"]]
    positions[1]["low"] = "0.95"
    with pytest.raises(pc.ValidationError) as caught:
        MeritMatrix.from_params({**MATRIX, "positions": positions})
    assert caught.value.paths == ("$.params.positions[1].low",)
    assert caught.value.codes == ("band_gap",)
    assert "(Meets, mid)" in str(caught.value)
    assert "from 0.9 to 0.95 fall in no cell" in str(caught.value)


def test_an_overlap_or_an_open_middle_end_is_refused() -> None:
    positions = [dict(band) for band in MATRIX["positions"]]
    positions[1]["low"] = "0.8"
    assert _cells("$.params.positions[1].low", {**MATRIX, "positions": positions}) == (
        "band_overlap",
    )
    positions[1]["low"] = None
    assert _cells("$.params.positions[1].low", {**MATRIX, "positions": positions}) == (
        "band_overlap",
    )


def test_a_missing_cell_is_a_gap_naming_the_cell() -> None:
    cells = [list(row) for row in MATRIX["cells"]]
    cells[2] = cells[2][:2]
    with pytest.raises(pc.ValidationError) as caught:
        MeritMatrix.from_params({**MATRIX, "cells": cells})
    assert caught.value.paths == ("$.params.cells[2][2]",)
    assert "(Exceeds, high) is missing" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"cells": MATRIX["cells"][:2]}, "$.params.cells"),
        ({"cells": [*MATRIX["cells"][:2], ["0", "0", "0", "0"]]}, "$.params.cells[2][3]"),
        ({"ratings": ["Meets", "Meets", "Exceeds"]}, "$.params.ratings"),
        ({"ratings": "Meets"}, "$.params.ratings"),
        ({"ratings": ["", "a", "b"]}, "$.params.ratings"),
        ({"basis": "deciles"}, "$.params.basis"),
        ({"colour": "red"}, "$.params.colour"),
        (
            {"positions": [{"label": "a", "high": 1}, {"label": "a", "low": 1}]},
            "$.params.positions",
        ),
        ({"positions": [{"label": "a", "low": 2, "high": 1}]}, "$.params.positions[0].high"),
        ({"positions": [{"label": "a", "top": 1}]}, "$.params.positions[0].top"),
        ({"positions": [7]}, "$.params.positions[0]"),
        ({"cells": [["x"]]}, "$.params.cells[0][0]"),
        ({"cells": [[{"low": "0.05", "high": "0.01"}]]}, "$.params.cells[0][0].high"),
        ({"cells": [[{"low": "0.05"}]]}, "$.params.cells[0][0]"),
        ({"cells": "none"}, "$.params.cells"),
    ],
)
def test_bad_matrix_data_is_refused_at_its_path(change: dict[str, Any], path: str) -> None:
    _cells(path, {**MATRIX, **change})


def test_a_value_in_no_band_or_an_unknown_rating_is_refused() -> None:
    matrix = MeritMatrix(
        ratings=("Meets",),
        positions=(PositionBand(label="mid", low="0.9", high="1.1"),),
        cells=((Guideline.point("0.03"),),),
    )
    with pytest.raises(pc.ValidationError) as caught:
        matrix.recommend("Meets", at(42000))
    assert caught.value.paths == ("position",)
    with pytest.raises(pc.ValidationError) as caught:
        matrix.recommend("Stellar", at(50000))
    assert caught.value.paths == ("rating_band",)
    assert matrix.cell("Meets", Decimal(1)) == Guideline.point("0.03")
    assert str(matrix.positions[0]) == "mid [0.9, 1.1)"
    assert str(PositionBand(label="all")) == "all [, )"


def test_flat_by_band_and_formula_by_hand() -> None:
    flat = DEFAULT_REGISTRY.build(
        {"strategy": "flat_by_band", "params": {"increases": {"Meets": 0.03}}}
    )
    assert flat.recommend("Meets", at(59000)).guideline == Guideline.point("0.03")
    with pytest.raises(pc.ValidationError) as caught:
        flat.recommend("Exceeds", at(50000))
    assert caught.value.paths == ("rating_band",)
    # 0.03 + 0.01 × (4.5 − 3) − 0.1 × (1.1 − 1) = 0.035, ± 0.005
    formula = FormulaIncrease(
        base="0.03", per_point="0.01", pivot=3, compa_slope="0.1", spread="0.005"
    )
    found = formula.recommend("Exceeds", at(55000), score=4.5)
    assert (found.guideline.low, found.guideline.high) == (Decimal("0.03"), Decimal("0.04"))
    assert "= 3.5%" in found.explanation
    # clamped at the ceiling
    assert formula.recommend("x", at(40000), score=100).guideline.high == Decimal("0.25")
    with pytest.raises(pc.ValidationError) as caught:
        formula.recommend("Meets", at(50000))
    assert caught.value.paths == ("score",)


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"strategy": "flat_by_band", "params": {"increases": {}}}, "$.params.increases"),
        ({"strategy": "flat_by_band", "params": {"increases": 3}}, "$.params.increases"),
        ({"strategy": "flat_by_band", "params": {"x": 3}}, "$.params.x"),
        ({"strategy": "flat_by_band", "params": {"increases": {"A": "x"}}}, "$.params.increases.A"),
        ({"strategy": "formula_increase", "params": {"base": "x"}}, "$.params.base"),
        ({"strategy": "formula_increase", "params": {"base": 0, "floor": 1}}, "$.params.ceiling"),
        ({"strategy": "formula_increase", "params": {}}, "$.params.base"),
    ],
)
def test_bad_strategy_params_are_refused_at_their_path(config: object, path: str) -> None:
    with pytest.raises(pc.ValidationError) as caught:
        DEFAULT_REGISTRY.build(config)
    assert path in caught.value.paths


def test_guidelines() -> None:
    assert Guideline(low="0.02", high="0.04").contains(Decimal("0.04"))
    assert not Guideline.point("0.03").contains(Decimal("0.031"))
    with pytest.raises(pc.ValidationError):
        Guideline.point("0.03").contains(0.03)  # type: ignore[arg-type]
    with pytest.raises(pc.MalformedInput) as caught:
        Guideline(low="0.04", high="0.02")
    assert caught.value.paths == ("Guideline.high",)
    with pytest.raises(pc.ValidationError):
        PositionBand(label="x").contains(1)  # type: ignore[arg-type]


@given(salary=st.integers(0, 200_000), band=st.sampled_from(["Below", "Meets", "Exceeds"]))
def test_every_salary_falls_in_exactly_one_column(salary: int, band: str) -> None:
    matrix = MeritMatrix.from_params(MATRIX)
    position = at(salary)
    assert sum(b.contains(position.compa_ratio) for b in matrix.positions) == 1
    assert matrix.recommend(band, position).guideline in matrix.cells[matrix.ratings.index(band)]
