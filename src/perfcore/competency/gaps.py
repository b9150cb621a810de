"""Competency gaps and profile fit: how far an assessment falls short of a profile.

For each requirement of a :class:`~perfcore.competency.CompetencyProfile`,
:func:`competency_gaps` compares the required level Rᵢ with the assessed level
Aᵢ: the gap is ``max(0, Rᵢ − Aᵢ)`` and the surplus ``max(0, Aᵢ − Rᵢ)``.
Fit strategies (contract: :class:`FitStrategy`) turn the gaps into one
number; the built-in :class:`WeightedGapFit` is the weighted gap index.

Conventions, the same everywhere in this module:

- A requirement the assessment does not rate is counted at the scale's
  minimum: nobody can be assessed below the lowest level, so that is the
  most that can be said for it. Its record has ``assessed=None`` and its gap
  is measured from the minimum (so a requirement *at* the minimum is met
  even unrated).
- Ratings of competencies the profile does not list are ignored: the same
  assessment may cover the competencies of several profiles.
- Profile and assessment must use the same proficiency scale (equal
  :class:`~perfcore.competency.ProficiencyScale` values); otherwise the
  levels cannot be compared and :class:`perfcore.ValidationError` names
  ``assessment.scale``.
- Errors about an argument are reported at the argument's name
  (``profile``, ``assessment``, ``assessment.scale``).

>>> from perfcore import Basis
>>> from perfcore.competency import (AssessorRole, Competency, CompetencyCategory,
...     CompetencyRating)
>>> skill = CompetencyCategory.SKILL
>>> profile = CompetencyProfile(id="ae", name="Account executive",
...     competencies=(Competency(id="talk", name="Presenting", category=skill),),
...     requirements=(Requirement(competency_id="talk", level=4),))
>>> seen = Basis(text="Observed in client meetings")
>>> assessment = CompetencyAssessment(person_id="e1", assessor_id="m1",
...     role=AssessorRole.MANAGER,
...     ratings=(CompetencyRating(competency_id="talk", level=2, basis=seen),))
>>> [(g.competency_id, g.gap, g.surplus, g.met) for g in competency_gaps(profile, assessment)]
[('talk', 2.0, 0.0, False)]
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from perfcore import _validators as v
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile, Requirement
from perfcore.errors import Problem, ValidationError
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

__all__ = [
    "FIT_STRATEGIES",
    "CompetencyGap",
    "FitResult",
    "FitStrategy",
    "WeightedGapFit",
    "competency_gaps",
]

_LISTED = 20
"""Up to this many requirements are spelled out in a formula; beyond, only the sums."""


# --- shared helpers -------------------------------------------------------------------


def _fmt(x: float | Fraction) -> str:
    """A number as people write it: ``0.5``, ``4``, ``0.3333333333`` (never ``-0``)."""
    return f"{float(x) + 0.0:.10g}"


def _term(x: float | Fraction) -> str:
    """A number as an operand in a formula: negatives in brackets, as in ``(3 − (-2))``."""
    text = _fmt(x)
    return f"({text})" if text.startswith("-") else text


def _check_arguments(profile: object, assessment: object) -> None:
    """Refuse anything but a profile and an assessment on the profile's scale."""
    problems: list[Problem] = []
    if not isinstance(profile, CompetencyProfile):
        problems.append(
            Problem(
                path="profile", message=f"must be a CompetencyProfile, got {v.describe(profile)}"
            )
        )
    if not isinstance(assessment, CompetencyAssessment):
        problems.append(
            Problem(
                path="assessment",
                message=f"must be a CompetencyAssessment, got {v.describe(assessment)}",
            )
        )
    if problems:
        raise ValidationError(problems)
    assert isinstance(profile, CompetencyProfile)  # noqa: S101 - narrowed above
    assert isinstance(assessment, CompetencyAssessment)  # noqa: S101 - narrowed above
    if assessment.scale != profile.scale:
        mine, theirs = assessment.scale, profile.scale
        raise ValidationError.single(
            "assessment.scale",
            f"must be the profile {profile.id!r}'s scale ({theirs.minimum}-{theirs.maximum},"
            f" {len(theirs.levels)} levels), got a different one ({mine.minimum}-{mine.maximum},"
            f" {len(mine.levels)} levels)",
        )


# --- gaps -----------------------------------------------------------------------------


def _check_met(inst: CompetencyGap, attr: attrs.Attribute[Any], value: object) -> None:
    gap: object = inst.gap
    if isinstance(value, bool) and isinstance(gap, int | float) and value != (gap == 0):
        v.fail(inst, attr, f"must be {gap == 0} when the gap is {_fmt(gap)}")


def _check_surplus(inst: CompetencyGap, attr: attrs.Attribute[Any], value: object) -> None:
    gap: object = inst.gap
    if isinstance(value, int | float) and isinstance(gap, int | float) and value > 0 < gap:
        v.fail(inst, attr, f"must be 0 when there is a gap ({_fmt(gap)}), got {_fmt(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyGap:
    """One requirement of a profile against one assessment.

    ``gap`` is ``max(0, required − assessed)`` and ``surplus`` is
    ``max(0, assessed − required)``; ``met`` is true exactly when the gap is 0.
    ``assessed`` is ``None`` when the competency was not rated; the gap is then
    measured from the scale's minimum. ``weight`` and ``critical`` are copied
    from the requirement.

    >>> CompetencyGap(competency_id="talk", required=4, assessed=2, gap=2, surplus=0,
    ...               weight=1, critical=False, met=False).gap
    2
    """

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    required: float = attrs.field(validator=v.number())
    assessed: float | None = attrs.field(validator=v.number(optional=True))
    """The assessed level; ``None`` if not rated (then counted at the scale minimum)."""
    gap: float = attrs.field(validator=v.number(minimum=0))
    surplus: float = attrs.field(validator=[v.number(minimum=0), _check_surplus])
    weight: float = attrs.field(validator=v.number(minimum=0))
    critical: bool = attrs.field(validator=v.boolean())
    met: bool = attrs.field(validator=[v.boolean(), _check_met])


def _gap(requirement: Requirement, assessed: float | None, minimum: int) -> CompetencyGap:
    """One requirement's gap, computed exactly; unrated counts as ``minimum``."""
    difference = Fraction(requirement.level) - Fraction(minimum if assessed is None else assessed)
    return CompetencyGap(
        competency_id=requirement.competency_id,
        required=requirement.level,
        assessed=assessed,
        gap=float(max(difference, Fraction(0))),
        surplus=float(max(-difference, Fraction(0))),
        weight=requirement.weight,
        critical=requirement.critical,
        met=difference <= 0,
    )


def _gaps(
    profile: CompetencyProfile, assessment: CompetencyAssessment
) -> tuple[CompetencyGap, ...]:
    """The gaps of already-checked arguments."""
    minimum = profile.scale.minimum
    return tuple(
        _gap(requirement, assessment.level_of(requirement.competency_id), minimum)
        for requirement in profile.requirements
    )


def competency_gaps(
    profile: CompetencyProfile, assessment: CompetencyAssessment
) -> tuple[CompetencyGap, ...]:
    """Each requirement of ``profile`` against ``assessment``, in the profile's order.

    An unrated competency counts as assessed at the scale minimum
    (``assessed=None`` in its record); ratings of competencies the profile
    does not list are ignored. An assessment on another scale raises
    :class:`perfcore.ValidationError` at ``assessment.scale``.

    >>> from perfcore import Basis
    >>> from perfcore.competency import (AssessorRole, Competency, CompetencyCategory,
    ...     CompetencyRating)
    >>> law = Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)
    >>> profile = CompetencyProfile(id="ae", name="Account executive", competencies=(law,),
    ...     requirements=(Requirement(competency_id="law", level=3),))
    >>> unrated = CompetencyAssessment(person_id="e1", assessor_id="m1",
    ...     role=AssessorRole.MANAGER, ratings=(CompetencyRating(competency_id="golf",
    ...     level=5, basis=Basis(text="Club champion")),))
    >>> gap, = competency_gaps(profile, unrated)
    >>> gap.assessed, gap.gap
    (None, 2.0)
    """
    _check_arguments(profile, assessment)
    return _gaps(profile, assessment)


# --- fit ------------------------------------------------------------------------------


def _check_failed(inst: FitResult, attr: attrs.Attribute[Any], value: object) -> None:
    passed: object = inst.passed_gate
    if isinstance(passed, bool) and isinstance(value, tuple) and passed == bool(value):
        v.fail(
            inst,
            attr,
            "must list the failed critical competencies exactly when the gate is not passed",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FitResult:
    """How well an assessment fits a profile.

    ``index`` is the gap index (0 = no shortfall, 1 = everything at the scale
    minimum), ``fit`` the score a strategy derives from it (0 to 1, higher is
    better). ``passed_gate`` is false when a critical competency is below its
    level; ``failed_critical`` names those competencies, in the profile's
    order. ``gaps`` lists every requirement; ``explanation`` shows the numbers.

    >>> FitResult(index=0.25, fit=0.75, passed_gate=True, failed_critical=(), gaps=(),
    ...           explanation="fit = 1 − 0.25 = 0.75").fit
    0.75
    """

    index: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    fit: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    passed_gate: bool = attrs.field(validator=v.boolean())
    failed_critical: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.text(max_length=200), unique=True), _check_failed]
    )
    gaps: tuple[CompetencyGap, ...] = attrs.field(validator=v.tuple_of(CompetencyGap))
    explanation: str = attrs.field(validator=v.text())


@runtime_checkable
class FitStrategy(Protocol):
    """Scores how well a competency assessment fits a competency profile.

    Contract: ``fit`` lies between 0 and 1; raising any assessed level never
    lowers it; an assessment on another scale raises
    :class:`perfcore.ValidationError` at ``assessment.scale``. Strategies are
    registered by ``name`` and rebuilt from ``params()`` through a
    :class:`perfcore.scoring.Registry`.
    """

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"weighted_gap_fit"``."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters; the registry's ``build`` turns them back into this strategy."""
        ...

    def fit(self, profile: CompetencyProfile, assessment: CompetencyAssessment) -> FitResult:
        """How well ``assessment`` fits ``profile``."""
        ...


def _exact_gap(gap: CompetencyGap, minimum: int) -> Fraction:
    """``max(0, required − assessed)`` without rounding; unrated counts as ``minimum``."""
    assessed = minimum if gap.assessed is None else gap.assessed
    return max(Fraction(gap.required) - Fraction(assessed), Fraction(0))


def _index(gaps: tuple[CompetencyGap, ...], minimum: int) -> tuple[Fraction, str]:
    """Σ wᵢ gᵢ / Σ wᵢ (Rᵢ − min), exactly, with the formula written out.

    The gaps are recomputed exactly from the levels rather than taken from the
    (rounded) records, so no gap ever exceeds its room above the minimum and
    the index stays within [0, 1].
    """
    shortfall = sum((Fraction(g.weight) * _exact_gap(g, minimum) for g in gaps), Fraction(0))
    room = sum((Fraction(g.weight) * (Fraction(g.required) - minimum) for g in gaps), Fraction(0))
    if room == 0:
        return Fraction(0), (
            f"every requirement that carries weight is at the scale minimum {_fmt(minimum)},"
            " so there is nothing to fall short of: gap index = 0"
        )
    index = shortfall / room
    if len(gaps) > _LISTED:
        return index, (
            f"gap index = Σ wᵢ gᵢ / Σ wᵢ (Rᵢ − {_term(minimum)}) = {_fmt(shortfall)} / {_fmt(room)}"
            f" = {_fmt(index)}"
        )
    top = " + ".join(f"{_term(g.weight)} × {_term(g.gap)}" for g in gaps)
    bottom = " + ".join(f"{_term(g.weight)} × {_term(g.required - minimum)}" for g in gaps)
    return index, (
        f"gap index = ({top}) / ({bottom}) = {_fmt(shortfall)} / {_fmt(room)} = {_fmt(index)}"
    )


def _unrated_note(gaps: tuple[CompetencyGap, ...], minimum: int) -> str | None:
    """Which requirements were not rated and so counted at the minimum, if any."""
    unrated = [g.competency_id for g in gaps if g.assessed is None]
    if not unrated:
        return None
    names = ", ".join(repr(i) for i in unrated)
    return f"not rated, counted at the scale minimum {_fmt(minimum)}: {names}"


def _shortfall(gap: CompetencyGap, minimum: int) -> str:
    """``'talk' (assessed 2, required 4)``, or ``(not rated, required 4)``."""
    assessed = "not rated" if gap.assessed is None else f"assessed {_fmt(gap.assessed)}"
    if gap.assessed is None:
        assessed += f", counted as {_fmt(minimum)}"
    return f"{gap.competency_id!r} ({assessed}, required {_fmt(gap.required)})"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WeightedGapFit:
    """The weighted gap index and fit, with critical competencies as a gate.

    Source: the weighted gap index of competency analysis (perfcore's
    METHODS.md): ``index = Σ wᵢ gᵢ / Σ wᵢ (Rᵢ − min)``, where gᵢ is the gap,
    wᵢ the weight and Rᵢ the required level of requirement i, and ``min`` the
    scale's lowest level; ``fit = 1 − index``. The denominator is the largest
    possible weighted shortfall, so the index runs from 0 (every level met)
    to 1 (everything at the minimum). When every requirement that carries
    weight sits at the scale minimum the denominator is 0; nobody can fall
    short of such a profile, so the index is 0 and the fit 1. Unrated
    competencies count at the scale minimum (see the module notes).

    Critical competencies are a gate (``critical_gate=True``, the default):
    if any critical competency is below its required level, ``passed_gate``
    is false, ``failed_critical`` names them, and the fit is capped at
    ``gate_fit``: with the default 0.0 it becomes 0. ``gate_fit=None`` keeps
    the computed fit but still reports the failed gate. The fit is capped,
    never raised, so a ``gate_fit`` above the computed fit leaves it as it
    is: failing a gate never helps. With ``critical_gate=False`` the
    critical flags are not used, the gate always passes and
    ``failed_critical`` is empty (each gap still carries ``critical``).

    Worked example on the 1–5 Dreyfus scale: presenting is required at 4
    (weight 2, critical) and assessed 2, a gap of 2; contract law is required
    at 3 (weight 1) and assessed 3, no gap. The index is
    (2 × 2 + 1 × 0) / (2 × (4 − 1) + 1 × (3 − 1)) = 4 / 8 = 0.5, so the
    computed fit is 0.5, but presenting is critical and below its level, so
    the gate fails and the fit becomes 0.

    >>> from perfcore import Basis
    >>> from perfcore.competency import (AssessorRole, Competency, CompetencyCategory,
    ...     CompetencyRating)
    >>> skill, knowledge = CompetencyCategory.SKILL, CompetencyCategory.KNOWLEDGE
    >>> profile = CompetencyProfile(id="ae", name="Account executive",
    ...     competencies=(Competency(id="talk", name="Presenting", category=skill),
    ...                   Competency(id="law", name="Contract law", category=knowledge)),
    ...     requirements=(Requirement(competency_id="talk", level=4, weight=2, critical=True),
    ...                   Requirement(competency_id="law", level=3, weight=1)))
    >>> seen = Basis(text="Observed in client meetings")
    >>> assessment = CompetencyAssessment(person_id="e1", assessor_id="m1",
    ...     role=AssessorRole.MANAGER,
    ...     ratings=(CompetencyRating(competency_id="talk", level=2, basis=seen),
    ...              CompetencyRating(competency_id="law", level=3, basis=seen)))
    >>> result = WeightedGapFit().fit(profile, assessment)
    >>> result.index, result.fit, result.passed_gate, result.failed_critical
    (0.5, 0.0, False, ('talk',))
    >>> print(result.explanation)
    gap index = (2 × 2 + 1 × 0) / (2 × 3 + 1 × 2) = 4 / 8 = 0.5; fit = 1 − 0.5 = 0.5;
    critical competency below its level: 'talk' (assessed 2, required 4):
    gate failed, fit capped at 0
    >>> WeightedGapFit(gate_fit=None).fit(profile, assessment).fit
    0.5
    """

    NAME: ClassVar[str] = "weighted_gap_fit"

    critical_gate: bool = attrs.field(default=True, validator=v.boolean())
    """Whether a critical competency below its level fails the gate."""
    gate_fit: float | None = attrs.field(
        default=0.0, validator=v.number(minimum=0, maximum=1, optional=True)
    )
    """The most a failed gate leaves of the fit (0 to 1); ``None`` keeps the computed fit."""

    @property
    def name(self) -> str:
        """The registry name, ``"weighted_gap_fit"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> WeightedGapFit(gate_fit=None).params()
        {'critical_gate': True, 'gate_fit': None}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> WeightedGapFit:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> WeightedGapFit.from_params({"gate_fit": 0.25}).gate_fit
        0.25
        """
        return _from_params(cls, params)

    def fit(self, profile: CompetencyProfile, assessment: CompetencyAssessment) -> FitResult:
        """The gap index, the fit and the critical gate of ``assessment`` against ``profile``."""
        _check_arguments(profile, assessment)
        gaps = _gaps(profile, assessment)
        minimum = profile.scale.minimum
        index, formula = _index(gaps, minimum)
        computed = 1 - index
        parts = [f"{formula}; fit = 1 − {_fmt(index)} = {_fmt(computed)}"]
        note = _unrated_note(gaps, minimum)
        if note is not None:
            parts.append(note)
        failed = tuple(g for g in gaps if g.critical and not g.met) if self.critical_gate else ()
        fit = computed
        if failed:
            listed = ", ".join(_shortfall(g, minimum) for g in failed)
            if self.gate_fit is None:
                outcome = "gate failed, fit kept (gate_fit=None)"
            elif computed <= Fraction(self.gate_fit):
                outcome = f"gate failed; the fit is already at most {_fmt(self.gate_fit)}"
            else:
                fit = Fraction(self.gate_fit)
                outcome = f"gate failed, fit capped at {_fmt(self.gate_fit)}"
            parts.append(f"critical competency below its level: {listed}: {outcome}")
        return FitResult(
            index=float(index),
            fit=float(fit),
            passed_gate=not failed,
            failed_critical=tuple(g.competency_id for g in failed),
            gaps=gaps,
            explanation="; ".join(parts),
        )


FIT_STRATEGIES: tuple[type[WeightedGapFit], ...] = (WeightedGapFit,)
"""The built-in fit strategies, for registering: ``registry.register(S.NAME, S.from_params)``."""
