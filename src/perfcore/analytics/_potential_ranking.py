"""Ranking high-potential assessments by score, each place explained.

Public through :mod:`perfcore.analytics.potential` (:func:`rank`, :class:`RankedPotential`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.analytics._potential_records import PotentialAssessment, _fmt
from perfcore.errors import Problem, ValidationError

# --- ranking --------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RankedPotential:
    """One place in a ranking: 1 is the highest score.

    >>> a = PotentialAssessment(employee_id="bo", score=0.5, high_potential=False,
    ...     contributions=(), missing=(), threshold=0.7, explanation="x")
    >>> rank([a])[0].explanation
    '1 of 1: score 0.5, not high potential'
    """

    rank: int = attrs.field(validator=v.integer(minimum=1))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    score: float | None = attrs.field(validator=v.number(minimum=0, maximum=1, optional=True))
    high_potential: bool = attrs.field(validator=v.boolean())
    explanation: str = attrs.field(validator=v.text())
    assessment: PotentialAssessment = attrs.field(validator=v.instance(PotentialAssessment))

    def as_record(self) -> dict[str, Any]:
        """A flat row: rank, id, score, flag, explanation."""
        return {
            "rank": self.rank,
            "employee_id": self.employee_id,
            "score": self.score,
            "high_potential": self.high_potential,
            "explanation": self.explanation,
        }


_TIE_DIGITS = 9
"""Scores equal to this many decimal places tie (and are then ordered by employee id)."""


def _rank_key(assessment: PotentialAssessment) -> tuple[bool, float, str]:
    score = assessment.score
    return (score is None, -round(score or 0.0, _TIE_DIGITS), assessment.employee_id)


def _assessments(assessments: object) -> tuple[PotentialAssessment, ...]:
    if isinstance(assessments, str | bytes) or not isinstance(assessments, Sequence):
        raise ValidationError.single(
            "assessments",
            f"must be a sequence of PotentialAssessment, got {v.describe(assessments)}",
        )
    items = tuple(assessments)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, PotentialAssessment):
            problems.append(
                Problem(
                    path=f"assessments[{index}]",
                    message=f"must be a PotentialAssessment, got {v.describe(item)}",
                )
            )
        elif item.employee_id in seen:
            problems.append(
                Problem(
                    path=f"assessments[{index}].employee_id",
                    message=f"{item.employee_id!r} is already in"
                    f" assessments[{seen[item.employee_id]}]",
                )
            )
        else:
            seen[item.employee_id] = index
    if problems:
        raise ValidationError(problems)
    return items


def rank(assessments: Sequence[PotentialAssessment]) -> tuple[RankedPotential, ...]:
    """Order assessments by score, highest first; equal scores by employee id.

    Scores equal to 9 decimal places tie; employees without a score come
    last, by id. Each employee may appear once.

    >>> def a(who, score, flag=False):
    ...     return PotentialAssessment(employee_id=who, score=score, high_potential=flag,
    ...         contributions=(), missing=(), threshold=0.7, explanation="x")
    >>> for place in rank([a("cy", 0.8, True), a("al", 0.6), a("bo", 0.8, True), a("di", None)]):
    ...     print(place.rank, place.employee_id, "-", place.explanation)
    1 bo - 1 of 4: score 0.8, high potential; tied with cy, ordered by employee id
    2 cy - 2 of 4: score 0.8, high potential; tied with bo, ordered by employee id
    3 al - 3 of 4: score 0.6, not high potential
    4 di - 4 of 4: no score (no weighted indicator evidenced); ranked last, by employee id
    """
    items = _assessments(assessments)
    ordered = sorted(items, key=_rank_key)
    ties: dict[tuple[bool, float], list[str]] = {}
    for item in ordered:
        ties.setdefault(_rank_key(item)[:2], []).append(item.employee_id)
    places: list[RankedPotential] = []
    for number, item in enumerate(ordered, start=1):
        head = f"{number} of {len(ordered)}: "
        if item.score is None:
            text = head + "no score (no weighted indicator evidenced); ranked last, by employee id"
        else:
            flag = "high potential" if item.high_potential else "not high potential"
            text = f"{head}score {_fmt(item.score)}, {flag}"
            others = [e for e in ties[_rank_key(item)[:2]] if e != item.employee_id]
            if others:
                text += f"; tied with {', '.join(others)}, ordered by employee id"
        places.append(
            RankedPotential(
                rank=number,
                employee_id=item.employee_id,
                score=item.score,
                high_potential=item.high_potential,
                explanation=text,
                assessment=item,
            )
        )
    return tuple(places)
