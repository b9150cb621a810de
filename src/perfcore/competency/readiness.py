"""Readiness for a career step: how close someone is to the next position.

A readiness strategy (contract: :class:`ReadinessStrategy`) scores an
assessment against a :class:`~perfcore.competency.CareerStep`'s competency
profile, from 0 (not at all) to 1 (every requirement met), labels the score
with a readiness band, and checks the step's
:class:`~perfcore.competency.AdvancementCriteria`. The built-ins follow SAP
SuccessFactors' two readiness calculations: :class:`MetRatio` (competencies
met ÷ competencies required) and :class:`ProportionalReadiness` (how far
each level has come towards its requirement).

Rules every built-in follows:

- Gaps are those of :func:`perfcore.competency.gaps.competency_gaps`: an
  unrated competency counts at the scale minimum, ratings of competencies
  the step's profile does not list are ignored, and an assessment on another
  scale is refused at ``assessment.scale``.
- The score never exceeds 1 and never falls below 0. Requirement weights
  and critical flags are not used: readiness counts requirements (for
  weights and a critical gate, see :class:`perfcore.competency.gaps.WeightedGapFit`).
- The advancement criteria are hard: a minimum overall rating (the rating
  passed in; unknown when ``rating`` is ``None``), competencies that must be
  met at the profile's level, and a minimum number of months in role
  (unknown when ``months_in_role`` is ``None``). Each unmet or unknown
  criterion is an :class:`UnmetCriterion`.
- The band is the one the score reaches, except that nobody is in the top
  band while a criterion is unmet: the band is then capped one below the
  top. The score itself is never changed.
- Errors about an argument are reported at the argument's name (``step``,
  ``assessment``, ``rating``, ``months_in_role``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from perfcore import _validators as v
from perfcore.competency.gaps import (
    CompetencyGap,
    _check_arguments,
    _fmt,
    _gaps,
    _shortfall,
    _term,
    _unrated_note,
)
from perfcore.competency.model import (
    AdvancementCriteria,
    CareerPath,
    CareerStep,
    CompetencyAssessment,
)
from perfcore.errors import Problem, ValidationError
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

__all__ = [
    "DEFAULT_READINESS_BANDS",
    "READINESS_STRATEGIES",
    "MetRatio",
    "ProportionalReadiness",
    "Readiness",
    "ReadinessStrategy",
    "UnmetCriterion",
    "readiness_for_next_step",
]

_LISTED = 20
"""Up to this many requirements are spelled out in a formula; beyond, only the sums."""

DEFAULT_READINESS_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "not ready"),
    (0.6, "ready in 1-2 years"),
    (0.9, "ready now"),
)
"""Not ready below 0.6, ready in 1-2 years from 0.6, ready now from 0.9."""


# --- results --------------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class UnmetCriterion:
    """An advancement criterion that is not met, or cannot be checked.

    ``code`` says which kind: ``"competency_below_level"`` (``subject`` is the
    competency id), ``"rating_below_minimum"`` and ``"rating_unknown"``
    (``subject`` is ``"rating"``), ``"time_in_role"`` and
    ``"time_in_role_unknown"`` (``subject`` is ``"months_in_role"``).

    >>> UnmetCriterion(code="time_in_role", subject="months_in_role",
    ...                message="8 months in role, fewer than the 12 the step requires").code
    'time_in_role'
    """

    code: str = attrs.field(validator=v.identifier())
    subject: str = attrs.field(validator=v.text(max_length=200))
    message: str = attrs.field(validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Readiness:
    """How ready someone is for a career step.

    ``score`` runs from 0 to 1; ``band`` is its readiness label (capped below
    the top band while ``unmet`` is not empty); ``unmet`` lists the advancement
    criteria not met; ``gaps`` lists every requirement of the step's profile;
    ``explanation`` shows the numbers.

    >>> Readiness(score=1.0, band="ready now", unmet=(), gaps=(),
    ...           explanation="3 of 3 competencies met").criteria_met
    True
    """

    score: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    band: str = attrs.field(validator=v.text(max_length=200))
    unmet: tuple[UnmetCriterion, ...] = attrs.field(validator=v.tuple_of(UnmetCriterion))
    gaps: tuple[CompetencyGap, ...] = attrs.field(validator=v.tuple_of(CompetencyGap))
    explanation: str = attrs.field(validator=v.text())

    @property
    def criteria_met(self) -> bool:
        """Whether every advancement criterion is met."""
        return not self.unmet


@runtime_checkable
class ReadinessStrategy(Protocol):
    """Scores how ready an assessed person is for a career step.

    Contract: the score lies between 0 and 1; raising any assessed level
    never lowers it; an unmet advancement criterion is listed in ``unmet``
    and keeps the band out of the top band. Strategies are registered by
    ``name`` and rebuilt from ``params()`` through a
    :class:`perfcore.scoring.Registry`.
    """

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"met_ratio"``."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters; the registry's ``build`` turns them back into this strategy."""
        ...

    def readiness(
        self,
        step: CareerStep,
        assessment: CompetencyAssessment,
        *,
        rating: float | None = None,
        months_in_role: int | None = None,
    ) -> Readiness:
        """How ready the person ``assessment`` rates is for ``step``.

        ``rating`` is the person's overall appraisal score and
        ``months_in_role`` their time in the current role; either may be
        unknown (``None``), which leaves a criterion that needs it unmet.
        """
        ...


# --- bands ----------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    """A finite ``int`` or ``float``, never ``bool``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


_check_bands = v.fraction_bands(
    fewest=2, why=", so an unmet criterion can keep someone out of the top one"
)
"""Readiness bands: ``(lower bound, label)`` pairs, two or more, from 0, ascending."""


def _band(
    bands: tuple[tuple[float, str], ...], score: float, unmet: tuple[UnmetCriterion, ...]
) -> tuple[str, str]:
    """The band's label, and in words how it was chosen."""
    index = max(i for i, (bound, _) in enumerate(bands) if bound <= score)
    bound, label = bands[index]
    top = len(bands) - 1
    if index == top and unmet:
        capped = bands[top - 1][1]
        count = f"{len(unmet)} advancement criteri{'on is' if len(unmet) == 1 else 'a are'}"
        return capped, (
            f"{_fmt(score)} ≥ {_fmt(bound)} reaches {label!r}, but {count} unmet,"
            f" so the band is capped at {capped!r}"
        )
    edges = f"{_fmt(bound)} ≤ {_fmt(score)}"
    if index < top:
        edges += f" < {_fmt(bands[index + 1][0])}"
    return label, f"{edges}: {label!r}"


# --- advancement criteria -------------------------------------------------------------


def _check_call(
    step: object, assessment: object, rating: object, months_in_role: object
) -> tuple[CompetencyGap, ...]:
    """Refuse bad arguments (all problems at once); the gaps of good ones."""
    problems: list[Problem] = []
    if not isinstance(step, CareerStep):
        problems.append(
            Problem(path="step", message=f"must be a CareerStep, got {v.describe(step)}")
        )
    if not isinstance(assessment, CompetencyAssessment):
        problems.append(
            Problem(
                path="assessment",
                message=f"must be a CompetencyAssessment, got {v.describe(assessment)}",
            )
        )
    if rating is not None and not _is_number(rating):
        problems.append(
            Problem(path="rating", message=f"must be a finite number, got {v.describe(rating)}")
        )
    if months_in_role is not None and (
        isinstance(months_in_role, bool)
        or not isinstance(months_in_role, int)
        or months_in_role < 0
    ):
        problems.append(
            Problem(
                path="months_in_role",
                message=f"must be a whole number of months, at least 0, got"
                f" {v.describe(months_in_role)}",
            )
        )
    if problems:
        raise ValidationError(problems)
    assert isinstance(step, CareerStep)  # noqa: S101 - narrowed above
    assert isinstance(assessment, CompetencyAssessment)  # noqa: S101 - narrowed above
    _check_arguments(step.profile, assessment)
    return _gaps(step.profile, assessment)


def _unmet(
    criteria: AdvancementCriteria,
    gaps: tuple[CompetencyGap, ...],
    minimum: int,
    rating: float | None,
    months_in_role: int | None,
) -> tuple[UnmetCriterion, ...]:
    """The criteria not met: required competencies (in the criteria's order), rating, time."""
    unmet: list[UnmetCriterion] = []
    by_id = {g.competency_id: g for g in gaps}
    for competency_id in criteria.required_competencies:
        gap = by_id[competency_id]
        if not gap.met:
            unmet.append(
                UnmetCriterion(
                    code="competency_below_level",
                    subject=competency_id,
                    message=f"{_shortfall(gap, minimum)} must be met to advance",
                )
            )
    least = criteria.minimum_rating
    if least is not None and rating is None:
        unmet.append(
            UnmetCriterion(
                code="rating_unknown",
                subject="rating",
                message=f"the step requires an overall rating of at least {_fmt(least)},"
                " but the rating is unknown",
            )
        )
    elif least is not None and rating is not None and rating < least:
        unmet.append(
            UnmetCriterion(
                code="rating_below_minimum",
                subject="rating",
                message=f"the overall rating {_fmt(rating)} is below the step's minimum"
                f" of {_fmt(least)}",
            )
        )
    months = criteria.minimum_months_in_role
    if months is not None and months_in_role is None:
        unmet.append(
            UnmetCriterion(
                code="time_in_role_unknown",
                subject="months_in_role",
                message=f"the step requires {months} months in role,"
                " but the time in role is unknown",
            )
        )
    elif months is not None and months_in_role is not None and months_in_role < months:
        unmet.append(
            UnmetCriterion(
                code="time_in_role",
                subject="months_in_role",
                message=f"{months_in_role} months in role, fewer than the {months}"
                " the step requires",
            )
        )
    return tuple(unmet)


_Scorer = Callable[[tuple[CompetencyGap, ...], int], tuple[Fraction, str]]
"""Gaps and the scale minimum → the exact score (0 to 1) and its formula in words."""


def _readiness(  # noqa: PLR0913 - the strategy's bands and scorer, then the call's arguments
    bands: tuple[tuple[float, str], ...],
    scorer: _Scorer,
    step: CareerStep,
    assessment: CompetencyAssessment,
    *,
    rating: float | None,
    months_in_role: int | None,
) -> Readiness:
    """Check the arguments, score, check the criteria, choose the band, explain."""
    gaps = _check_call(step, assessment, rating=rating, months_in_role=months_in_role)
    minimum = step.profile.scale.minimum
    exact, formula = scorer(gaps, minimum)
    score = float(exact)
    unmet = _unmet(step.criteria, gaps, minimum, rating, months_in_role)
    label, chosen = _band(bands, score, unmet)
    parts = [formula]
    note = _unrated_note(gaps, minimum)
    if note is not None:
        parts.append(note)
    parts.append(f"band: {chosen}")
    parts.extend(f"unmet: {u.message}" for u in unmet)
    return Readiness(score=score, band=label, unmet=unmet, gaps=gaps, explanation="; ".join(parts))


# --- the strategies -------------------------------------------------------------------


def _met_ratio(gaps: tuple[CompetencyGap, ...], minimum: int) -> tuple[Fraction, str]:
    """Competencies met ÷ competencies required, exactly."""
    met = sum(1 for g in gaps if g.met)
    ratio = Fraction(met, len(gaps))
    formula = f"met ratio = {met} of {len(gaps)} competencies met = {_fmt(ratio)}"
    below = [g for g in gaps if not g.met]
    if below and len(gaps) <= _LISTED:
        formula += "; below level: " + ", ".join(_shortfall(g, minimum) for g in below)
    return ratio, formula


def _proportional(gaps: tuple[CompetencyGap, ...], minimum: int) -> tuple[Fraction, str]:
    """The mean of min(1, (Aᵢ − min) / (Rᵢ − min)), exactly; 1 for a requirement at the minimum."""
    terms: list[Fraction] = []
    shown: list[str] = []
    for gap in gaps:
        room = Fraction(gap.required) - minimum
        if room == 0:
            terms.append(Fraction(1))
            shown.append("1")
            continue
        assessed = minimum if gap.assessed is None else gap.assessed
        reached = Fraction(assessed) - minimum
        terms.append(min(Fraction(1), reached / room))
        shown.append(f"min(1, {_term(reached)} / {_term(room)})")
    mean = sum(terms, Fraction(0)) / len(terms)
    low = _term(minimum)
    head = f"proportional readiness = mean of min(1, (Aᵢ − {low}) / (Rᵢ − {low}))"
    if len(gaps) > _LISTED:
        return mean, f"{head} over {len(gaps)} requirements = {_fmt(mean)}"
    values = " + ".join(_term(t) for t in terms)
    formula = f"{head} = ({' + '.join(shown)}) / {len(terms)} = ({values}) / {len(terms)}"
    formula += f" = {_fmt(mean)}"
    at_minimum = [g.competency_id for g, s in zip(gaps, shown, strict=True) if s == "1"]
    if at_minimum:
        names = ", ".join(repr(i) for i in at_minimum)
        formula += f"; required at the scale minimum, counted as 1: {names}"
    return mean, formula


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MetRatio:
    """Readiness as the share of required competencies met.

    Source: SAP SuccessFactors' default readiness calculation (perfcore's
    METHODS.md, competency analysis): competencies met ÷ competencies
    required, where a competency is met when its assessed level reaches the
    required level. Every requirement counts once, whatever its weight;
    unrated competencies count at the scale minimum. The step's advancement
    criteria and the ``bands`` apply as the module notes say.

    ``bands`` are ``(lower bound, label)`` pairs: at least two, the first at
    0, bounds ascending up to at most 1, labels distinct; a score is in the
    last band whose lower bound it reaches. By default: not ready below 0.6,
    ready in 1-2 years from 0.6, ready now from 0.9.

    Worked example on the 1–5 Dreyfus scale: the step requires presenting at
    4, contract law at 3 and leading at 3; the person is assessed 5, 2 and 3.
    Two of the three are met: 2 / 3 ≈ 0.667, which is at least 0.6 and below
    0.9, so "ready in 1-2 years". The step also requires contract law to be
    met, so that criterion is unmet.

    >>> from perfcore import Basis
    >>> from perfcore.competency import (AdvancementCriteria, AssessorRole, Competency,
    ...     CompetencyCategory, CompetencyProfile, CompetencyRating, Requirement)
    >>> ids = ("talk", "law", "lead")
    >>> profile = CompetencyProfile(id="senior-ae", name="Senior account executive",
    ...     competencies=tuple(Competency(id=i, name=i.title(),
    ...                                   category=CompetencyCategory.SKILL) for i in ids),
    ...     requirements=tuple(Requirement(competency_id=i, level=level)
    ...                        for i, level in zip(ids, (4, 3, 3))))
    >>> step = CareerStep(position_id="senior-ae", title="Senior account executive",
    ...     profile=profile, criteria=AdvancementCriteria(required_competencies=("law",)))
    >>> seen = Basis(text="Observed in client meetings")
    >>> assessment = CompetencyAssessment(person_id="e1", assessor_id="m1",
    ...     role=AssessorRole.MANAGER,
    ...     ratings=tuple(CompetencyRating(competency_id=i, level=level, basis=seen)
    ...                   for i, level in zip(ids, (5, 2, 3))))
    >>> result = MetRatio().readiness(step, assessment)
    >>> round(result.score, 3), result.band, [u.code for u in result.unmet]
    (0.667, 'ready in 1-2 years', ['competency_below_level'])
    >>> print(result.explanation)
    met ratio = 2 of 3 competencies met = 0.6666666667;
    below level: 'law' (assessed 2, required 3);
    band: 0.6 ≤ 0.6666666667 < 0.9: 'ready in 1-2 years';
    unmet: 'law' (assessed 2, required 3) must be met to advance
    """

    NAME: ClassVar[str] = "met_ratio"

    bands: tuple[tuple[float, str], ...] = attrs.field(
        default=DEFAULT_READINESS_BANDS, validator=_check_bands
    )
    """``(lower bound, label)`` pairs: at least two, the first at 0, ascending, labels distinct."""

    @property
    def name(self) -> str:
        """The registry name, ``"met_ratio"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> MetRatio(bands=((0, "no"), (1, "yes"))).params()
        {'bands': [[0, 'no'], [1, 'yes']]}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> MetRatio:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> MetRatio.from_params({"bands": [[0, "no"], [1, "yes"]]}).bands
        ((0, 'no'), (1, 'yes'))
        """
        return _from_params(cls, params)

    def readiness(
        self,
        step: CareerStep,
        assessment: CompetencyAssessment,
        *,
        rating: float | None = None,
        months_in_role: int | None = None,
    ) -> Readiness:
        """Competencies met ÷ competencies required, banded, with the step's criteria."""
        return _readiness(
            self.bands, _met_ratio, step, assessment, rating=rating, months_in_role=months_in_role
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ProportionalReadiness:
    """Readiness as the mean progress towards each required level.

    Source: SAP SuccessFactors' proportional readiness calculation (perfcore's
    METHODS.md, competency analysis): the mean over the requirements of
    ``min(1, (Aᵢ − min) / (Rᵢ − min))``, where Aᵢ is the assessed level, Rᵢ the
    required level and ``min`` the scale's lowest level. A surplus on one
    competency does not make up for a gap on another (each term is capped at
    1). A requirement at the scale minimum cannot be missed and counts as 1;
    an unrated competency counts at the minimum, so its term is 0. Every
    requirement counts once, whatever its weight. The step's advancement
    criteria and the ``bands`` apply as for :class:`MetRatio`.

    Worked example on the 1–5 Dreyfus scale: the step requires presenting at
    4, contract law at 3 and leading at 3, with a minimum overall rating of
    3.5. Assessed 5, 2 and 3, the terms are min(1, 4/3) = 1, 1/2 = 0.5 and
    2/2 = 1, so readiness is 2.5 / 3 ≈ 0.833: "ready in 1-2 years". Assessed
    5, 3 and 3, readiness is 1, but while the rating is unknown the band is
    capped at "ready in 1-2 years"; with a rating of 4 it is "ready now".

    >>> from perfcore import Basis
    >>> from perfcore.competency import (AdvancementCriteria, AssessorRole, Competency,
    ...     CompetencyCategory, CompetencyProfile, CompetencyRating, Requirement)
    >>> ids = ("talk", "law", "lead")
    >>> profile = CompetencyProfile(id="senior-ae", name="Senior account executive",
    ...     competencies=tuple(Competency(id=i, name=i.title(),
    ...                                   category=CompetencyCategory.SKILL) for i in ids),
    ...     requirements=tuple(Requirement(competency_id=i, level=level)
    ...                        for i, level in zip(ids, (4, 3, 3))))
    >>> step = CareerStep(position_id="senior-ae", title="Senior account executive",
    ...     profile=profile, criteria=AdvancementCriteria(minimum_rating=3.5))
    >>> seen = Basis(text="Observed in client meetings")
    >>> def assessed(*levels):
    ...     return CompetencyAssessment(person_id="e1", assessor_id="m1",
    ...         role=AssessorRole.MANAGER,
    ...         ratings=tuple(CompetencyRating(competency_id=i, level=level, basis=seen)
    ...                       for i, level in zip(ids, levels)))
    >>> result = ProportionalReadiness().readiness(step, assessed(5, 2, 3), rating=4)
    >>> round(result.score, 3), result.band
    (0.833, 'ready in 1-2 years')
    >>> print(result.explanation)
    proportional readiness = mean of min(1, (Aᵢ − 1) / (Rᵢ − 1))
    = (min(1, 4 / 3) + min(1, 1 / 2) + min(1, 2 / 2)) / 3 = (1 + 0.5 + 1) / 3 = 0.8333333333;
    band: 0.6 ≤ 0.8333333333 < 0.9: 'ready in 1-2 years'
    >>> capped = ProportionalReadiness().readiness(step, assessed(5, 3, 3))
    >>> capped.score, capped.band, [u.code for u in capped.unmet]
    (1.0, 'ready in 1-2 years', ['rating_unknown'])
    >>> ProportionalReadiness().readiness(step, assessed(5, 3, 3), rating=4).band
    'ready now'
    """

    NAME: ClassVar[str] = "proportional_readiness"

    bands: tuple[tuple[float, str], ...] = attrs.field(
        default=DEFAULT_READINESS_BANDS, validator=_check_bands
    )
    """``(lower bound, label)`` pairs: at least two, the first at 0, ascending, labels distinct."""

    @property
    def name(self) -> str:
        """The registry name, ``"proportional_readiness"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> ProportionalReadiness().params()
        {'bands': [[0.0, 'not ready'], [0.6, 'ready in 1-2 years'], [0.9, 'ready now']]}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ProportionalReadiness:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> ProportionalReadiness.from_params({"bands": [[0, "later"], [0.8, "now"]]}).bands
        ((0, 'later'), (0.8, 'now'))
        """
        return _from_params(cls, params)

    def readiness(
        self,
        step: CareerStep,
        assessment: CompetencyAssessment,
        *,
        rating: float | None = None,
        months_in_role: int | None = None,
    ) -> Readiness:
        """Mean of min(1, (Aᵢ − min) / (Rᵢ − min)), banded, with the step's criteria."""
        return _readiness(
            self.bands,
            _proportional,
            step,
            assessment,
            rating=rating,
            months_in_role=months_in_role,
        )


READINESS_STRATEGIES: tuple[type[MetRatio | ProportionalReadiness], ...] = (
    MetRatio,
    ProportionalReadiness,
)
"""The built-in readiness strategies; register each as ``register(S.NAME, S.from_params)``."""


def _check_path_and_strategy(path: object, strategy: object) -> None:
    """Refuse anything but a career path and an object with a ``readiness`` method."""
    problems: list[Problem] = []
    if not isinstance(path, CareerPath):
        problems.append(
            Problem(path="path", message=f"must be a CareerPath, got {v.describe(path)}")
        )
    if not callable(getattr(strategy, "readiness", None)):
        problems.append(
            Problem(
                path="strategy",
                message=f"must be a readiness strategy, got {v.describe(strategy)}",
            )
        )
    if problems:
        raise ValidationError(problems)


def readiness_for_next_step(  # noqa: PLR0913 - two of the six are optional keywords
    path: CareerPath,
    position_id: str,
    assessment: CompetencyAssessment,
    strategy: ReadinessStrategy,
    *,
    rating: float | None = None,
    months_in_role: int | None = None,
) -> Readiness | None:
    """Readiness for the step after ``position_id`` on ``path``; ``None`` at the top of the path.

    A position that is not on the path raises :class:`perfcore.ValidationError`
    at ``CareerPath.position_id``.

    >>> from perfcore import Basis
    >>> from perfcore.competency import (AssessorRole, CareerStep, Competency,
    ...     CompetencyCategory, CompetencyProfile, CompetencyRating, Requirement)
    >>> talk = Competency(id="talk", name="Presenting", category=CompetencyCategory.SKILL)
    >>> def step(position_id, level):
    ...     profile = CompetencyProfile(id=position_id, name=position_id, competencies=(talk,),
    ...         requirements=(Requirement(competency_id="talk", level=level),))
    ...     return CareerStep(position_id=position_id, title=position_id, profile=profile)
    >>> path = CareerPath(id="sales", name="Sales", steps=(step("ae", 3), step("senior-ae", 4)))
    >>> assessment = CompetencyAssessment(person_id="e1", assessor_id="m1",
    ...     role=AssessorRole.MANAGER, ratings=(CompetencyRating(competency_id="talk",
    ...     level=4, basis=Basis(text="Led the client pitch")),))
    >>> readiness_for_next_step(path, "ae", assessment, MetRatio()).band
    'ready now'
    >>> readiness_for_next_step(path, "senior-ae", assessment, MetRatio()) is None
    True
    """
    _check_path_and_strategy(path, strategy)
    step = path.next_step(position_id)
    if step is None:
        return None
    return strategy.readiness(step, assessment, rating=rating, months_in_role=months_in_role)
