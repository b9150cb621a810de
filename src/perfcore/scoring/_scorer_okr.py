"""OKR grading: key-result grades averaged and given a colour band.

Public through :mod:`perfcore.scoring.goal_scorers` (:class:`OkrGrade`, :data:`DEFAULT_OKR_BANDS`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore._validators import accepts_of
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.scoring._scorer_common import _LISTED, _MAX_WEIGHT, _actual, _fmt, _is_number, _Scorer
from perfcore.scoring.results import Bounds, GoalScore, _goal_score, _goal_score_explained_later

# --- OKR grading --------------------------------------------------------------------

DEFAULT_OKR_BANDS: tuple[tuple[float, str], ...] = ((0.0, "red"), (0.4, "yellow"), (0.7, "green"))
"""Red below 0.4, yellow from 0.4, green from 0.7: the usual OKR colours."""


_check_bands = v.fraction_bands()
"""OKR bands: ``(lower bound, label)`` pairs from 0, ascending, labels distinct."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class OkrGrade(_Scorer):
    """A key result graded from 0.0 to 1.0, with its colour band.

    Source: Google's re:Work guide "Grade OKRs". Each key result gets a grade
    between 0.0 and 1.0, and the grade is the score; landing around 0.6–0.7
    is what a well-set stretch objective expects. ``bands`` gives each colour
    its lower edge as ``(lower bound, label)`` pairs, starting at 0 and
    ascending; by default red below 0.4, yellow from 0.4, green from 0.7.

    The grade is the input, so the goal may have any measure, or none.
    :meth:`objective` grades a whole objective: the weighted mean of its key
    results' grades, with its band.

    >>> from perfcore import Goal
    >>> kr = Goal(id="kr1", title="Ship the new onboarding flow")
    >>> result = OkrGrade().score(kr, 0.65)
    >>> result.attainment, result.band
    (0.65, 'yellow')
    >>> grade = OkrGrade().objective([(0.9, 2), (0.6, 1), (0.3, 1)], objective_id="o1")
    >>> print(grade.explanation)
    weighted mean of 3 key results: (0.9 × 2 + 0.6 × 1 + 0.3 × 1)/(2 + 1 + 1) = 0.675:
    yellow (0.4 ≤ 0.675 < 0.7)
    """

    NAME: ClassVar[str] = "okr_grade"
    FOLLOWS_MEASURE_DIRECTION: ClassVar[bool] = False
    """The result is a grade where higher is always better, whatever the goal's measure."""

    bands: tuple[tuple[float, str], ...] = attrs.field(
        default=DEFAULT_OKR_BANDS, validator=_check_bands
    )
    """``(lower bound, label)`` pairs: the first at 0, bounds ascending, labels distinct."""

    @property
    def bounds(self) -> Bounds:
        """From 0 to 1."""
        return Bounds(low=0, high=1)

    def band_for(self, grade: float) -> str:
        """The label of the band ``grade`` falls in (the last whose lower bound it reaches).

        >>> OkrGrade().band_for(0.39), OkrGrade().band_for(0.4), OkrGrade().band_for(1.0)
        ('red', 'yellow', 'green')
        """
        if not v.is_number(grade):
            message = f"must be a finite number, got {v.describe(grade)}"
            raise ValidationError.single("grade", message)
        return self._band_index(grade)[1]

    def _band_index(self, grade: float) -> tuple[int, str]:
        """The index and label of the band ``grade`` falls in (the last whose bound it reaches)."""
        index = max(i for i, (bound, _) in enumerate(self.bands) if bound <= grade)
        return index, self.bands[index][1]

    def _band(self, grade: float) -> tuple[str, str]:
        """The band's label and its edges in words, e.g. ``("yellow", "0.4 ≤ 0.65 < 0.7")``."""
        index, label = self._band_index(grade)
        bound = self.bands[index][0]
        edges = f"{_fmt(bound)} ≤ {_fmt(grade)}"
        if index + 1 < len(self.bands):
            edges += f" < {_fmt(self.bands[index + 1][0])}"
        return label, edges

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """The grade itself, with its band; ``actual`` must lie between 0.0 and 1.0."""
        if not isinstance(goal, Goal):
            raise ValidationError.single("goal", f"must be a Goal, got {v.describe(goal)}")
        grade = _actual(actual)
        if not 0 <= grade <= 1:
            raise ValidationError.single(
                "actual", f"must be a grade from 0.0 to 1.0, got {_fmt(grade)}"
            )
        return self._scored(goal, grade, grade, None, band=self._band_index(grade)[1])

    def objective(
        self,
        key_results: Sequence[float | tuple[float, float]],
        *,
        objective_id: str = "objective",
    ) -> GoalScore:
        """An objective's grade: the weighted mean of its key results' grades, with its band.

        Each key result is a grade (weight 1) or a ``(grade, weight)`` pair;
        weights are relative (0 to a million) and must not all be 0. The
        result is a :class:`GoalScore` for ``objective_id`` whose ``actual``
        and ``attainment`` are both the mean.

        >>> print(OkrGrade().objective([0.5, 0.7, 0.8, 1.0], objective_id="o1").explanation)
        mean of 4 key results: (0.5 + 0.7 + 0.8 + 1)/4 = 0.75: green (0.7 ≤ 0.75)
        >>> OkrGrade().objective([]).attainment
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: key_results: must not be empty
        """
        pairs = _key_results(key_results)
        top = max(weight for _, weight in pairs)  # relative to the largest: no tiny products
        total = math.fsum(weight / top for _, weight in pairs)
        mean = min(max(math.fsum(g * (w / top) for g, w in pairs) / total, 0.0), 1.0)
        if not _goal_id_ok(objective_id):  # the validating constructor says what is wrong
            return _goal_score(
                goal_id=objective_id,
                strategy=self.NAME,
                actual=mean,
                attainment=mean,
                explanation=self._explanation(tuple(pairs), mean),
                band=self._band_index(mean)[1],
            )
        return _goal_score_explained_later(
            goal_id=objective_id,
            strategy=self.NAME,
            actual=mean,
            attainment=mean,
            by=self,
            of=tuple(pairs),
            band=self._band_index(mean)[1],
        )

    def _explanation(self, pairs: tuple[tuple[float, float], ...] | None, grade: float) -> str:
        """How a score reached ``grade``.

        ``pairs`` is ``None`` for a key result's grade, and an objective's key
        results as ``(grade, weight)`` pairs for its mean.
        """
        label, edges = self._band(grade)
        if pairs is None:
            return f"key result graded {_fmt(grade)}: {label} ({edges})"
        mean = grade
        weighted = any(weight != 1 for _, weight in pairs)
        count = f"{len(pairs)} key result{'s' if len(pairs) != 1 else ''}"
        if len(pairs) > _LISTED:
            formula = f"Σ grade × weight / Σ weight = {_fmt(mean)}"
        elif weighted:
            products = " + ".join(f"{_fmt(g)} × {_fmt(w)}" for g, w in pairs)
            weights = " + ".join(_fmt(w) for _, w in pairs)
            formula = f"({products})/({weights}) = {_fmt(mean)}"
        else:
            grades = " + ".join(_fmt(g) for g, _ in pairs)
            formula = f"({grades})/{len(pairs)} = {_fmt(mean)}"
        kind = "weighted mean" if weighted else "mean"
        return f"{kind} of {count}: {formula}: {label} ({edges})"


_goal_id_ok = cast(
    "Callable[[object], bool]", accepts_of(attrs.fields(GoalScore).goal_id.validator)
)
"""The quick test of ``GoalScore.goal_id``, for an objective id given by the caller."""


def _key_results(key_results: object) -> list[tuple[float, float]]:
    """Key results as ``(grade, weight)`` pairs, or a ValidationError at ``key_results``."""
    if isinstance(key_results, str | bytes) or not isinstance(key_results, Sequence):
        raise ValidationError.single(
            "key_results",
            f"must be a list of grades or (grade, weight) pairs, got {v.describe(key_results)}",
        )
    if not key_results:
        raise ValidationError.single("key_results", "must not be empty")
    pairs: list[tuple[float, float]] = []
    problems: list[Problem] = []
    for index, item in enumerate(key_results):
        grade, weight = item if isinstance(item, tuple) and len(item) == 2 else (item, 1)
        if not _is_number(grade) or not 0 <= grade <= 1:
            message = f"grade must be a number from 0.0 to 1.0, got {v.describe(grade)}"
        elif not _is_number(weight) or not 0 <= weight <= _MAX_WEIGHT:
            message = f"weight must be a number from 0 to {_MAX_WEIGHT}, got {v.describe(weight)}"
        else:
            pairs.append((grade, weight))
            continue
        problems.append(Problem(path=f"key_results[{index}]", message=message))
    if problems:
        raise ValidationError(problems)
    if not any(weight > 0 for _, weight in pairs):
        raise ValidationError.single("key_results", "weights must not all be 0")
    return pairs
