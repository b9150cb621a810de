"""High potential's records: the indicators, evidence, assessments and the strategy contract.

Public through :mod:`perfcore.analytics.potential` (:class:`Indicator`, :class:`IndicatorEvidence`,
:class:`Contribution`, :class:`PotentialAssessment`,
:class:`HighPotentialStrategy`). The strategy and the ranking import these
records; the fairness check needs none of them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs

from perfcore import _validators as v


class Indicator(enum.Enum):
    """The high-potential indicators HR looks for; evidence may also name an app's own."""

    CONSISTENT_PERFORMANCE = "consistent_performance"
    """Consistently high performance, cycle after cycle."""
    COMMUNICATION_COLLABORATION = "communication_collaboration"
    """Communicates well and works well with others."""
    TAKES_RESPONSIBILITY = "takes_responsibility"
    """Willing to take on new responsibilities."""
    VALUES_ALIGNMENT = "values_alignment"
    """Acts in line with the company's values."""
    CAREER_INTEREST = "career_interest"
    """Interested in a career path here."""
    OPENNESS_TO_FEEDBACK = "openness_to_feedback"
    """Asks for feedback and acts on it."""


def _fmt(number: float | Fraction) -> str:
    """A number for an explanation: 2, 0.8, 0.666667."""
    return f"{float(number):.6g}"


def _exact(number: float) -> Fraction:
    """The decimal a person typed: ``0.1`` → 1/10 (not the nearest binary fraction)."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def _indicator_name(value: str | Indicator) -> str:
    """An :class:`Indicator` as its name; anything else as it is (left to the validator)."""
    if isinstance(value, Indicator):
        return value.value
    return value


# --- evidence -------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class IndicatorEvidence:
    """One employee's score on one indicator, with what it rests on.

    ``indicator`` is an :class:`Indicator` (stored as its value) or an app's
    own lowercase name; ``score`` is on 0–1; ``evidence`` lists at least one
    reference (an appraisal, a 360 survey, a project review) so the score can
    be checked; ``source`` says who or what gave the score.

    >>> e = IndicatorEvidence(employee_id="ann", indicator=Indicator.CAREER_INTEREST,
    ...                       score=0.7, evidence=("development talk 2026-03",), source="jo")
    >>> e.indicator
    'career_interest'
    >>> IndicatorEvidence(employee_id="ann", indicator="career_interest", score=0.7,
    ...                   evidence=(), source="jo")
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: IndicatorEvidence.evidence: must not be empty
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    indicator: str = attrs.field(converter=_indicator_name, validator=v.identifier())
    score: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    evidence: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.text(max_length=500)), v.non_empty_tuple()]
    )
    source: str = attrs.field(validator=v.text(max_length=200))

    def as_record(self) -> dict[str, Any]:
        """A flat row; the references joined with ``"; "``."""
        return {
            "employee_id": self.employee_id,
            "indicator": self.indicator,
            "score": self.score,
            "evidence": "; ".join(self.evidence),
            "source": self.source,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Contribution:
    """What one indicator adds to an employee's score.

    ``score`` is the mean of the indicator's evidence scores; ``weighted`` is
    ``weight × score / Σ weights of the indicators with evidence``, so the
    contributions add up to the assessment's score. ``evidence`` and
    ``sources`` gather the references and givers, without repeats.

    >>> Contribution(indicator="career_interest", weight=1, score=0.7, weighted=0.35,
    ...              evidence=("talk",), sources=("jo",), evidence_count=1).weighted
    0.35
    """

    indicator: str = attrs.field(validator=v.identifier())
    weight: float = attrs.field(validator=v.number(minimum=0))
    score: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    weighted: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    evidence: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text(max_length=500)))
    sources: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text(max_length=200)))
    evidence_count: int = attrs.field(validator=v.integer(minimum=1))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PotentialAssessment:
    """One employee's high-potential assessment, with the arithmetic behind it.

    ``score`` is on 0–1 (``None`` when no weighted indicator has evidence);
    ``contributions`` lists the indicators with evidence, by name; ``missing``
    the weighted indicators without any; ``ignored`` the indicators evidence
    was given for that the strategy does not weigh.

    >>> PotentialAssessment(employee_id="bo", score=None, high_potential=False,
    ...     contributions=(), missing=("career_interest",), threshold=0.7,
    ...     explanation="no evidence").as_record()["missing"]
    'career_interest'
    """

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    score: float | None = attrs.field(validator=v.number(minimum=0, maximum=1, optional=True))
    high_potential: bool = attrs.field(validator=v.boolean())
    contributions: tuple[Contribution, ...] = attrs.field(validator=v.tuple_of(Contribution))
    missing: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.identifier()))
    threshold: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    explanation: str = attrs.field(validator=v.text())
    ignored: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.identifier()))

    def contribution(self, indicator: str | Indicator) -> Contribution | None:
        """The contribution of ``indicator``, if it had evidence."""
        name = _indicator_name(indicator)
        for item in self.contributions:
            if item.indicator == name:
                return item
        return None

    def as_record(self) -> dict[str, Any]:
        """A flat row: id, score, flag, missing (joined), then ``score.<indicator>`` columns."""
        row: dict[str, Any] = {
            "employee_id": self.employee_id,
            "score": self.score,
            "high_potential": self.high_potential,
            "threshold": self.threshold,
            "missing": ", ".join(self.missing),
        }
        row.update({f"score.{c.indicator}": c.score for c in self.contributions})
        return row


# --- the strategy contract ------------------------------------------------------------


@runtime_checkable
class HighPotentialStrategy(Protocol):
    """Turns indicator evidence into one assessment per employee.

    Contract: one :class:`PotentialAssessment` per employee with evidence,
    sorted by employee id; the score lies on 0–1; the result depends only on
    the evidence (not its order); nobody is flagged without an explanation.
    Strategies are registered by ``name`` and rebuilt from ``params()``
    through a :class:`perfcore.scoring.Registry` (see :data:`DEFAULT_REGISTRY`).
    """

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"weighted_indicators"``."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters; the registry's ``build`` turns them back into this strategy."""
        ...

    def assess(self, evidence: Sequence[IndicatorEvidence]) -> tuple[PotentialAssessment, ...]:
        """One assessment per employee in ``evidence``, sorted by employee id."""
        ...
