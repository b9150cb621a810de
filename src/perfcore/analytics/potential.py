"""High potential: indicators with evidence, a pluggable strategy, a ranking, a fairness check.

Who has the potential to grow into bigger roles? The indicators HR looks for
(:class:`Indicator`) are consistently high performance, communication and
collaboration, willingness to take on new responsibilities, alignment with
company values, interest in a career path, and openness to feedback. Each
piece of :class:`IndicatorEvidence` scores one indicator for one employee on
0–1 and names what the score rests on.

A strategy (contract: :class:`HighPotentialStrategy`) turns evidence into one
:class:`PotentialAssessment` per employee. The built-in
:class:`WeightedIndicators` takes the weighted mean of the indicators with
evidence and flags someone as a high potential when the mean reaches
``threshold`` *and* at least ``min_indicators`` indicators have evidence.
:func:`rank` orders assessments by score (ties by employee id), each with its
place explained.

Attention to high potentials must not bend the rules applied to everyone.
:func:`fairness_check` runs the oversight audit once over everybody's cycles
with one rule set, compares the finding rates of high potentials and the rest
per rule, and shows that the audit cannot see the flag.

>>> evidence = [
...     IndicatorEvidence(employee_id="ann", indicator=Indicator.CONSISTENT_PERFORMANCE,
...                       score=0.9, evidence=("appraisal:2025", "appraisal:2026"),
...                       source="manager:jo"),
...     IndicatorEvidence(employee_id="ann", indicator=Indicator.OPENNESS_TO_FEEDBACK,
...                       score=0.6, evidence=("360:2026",), source="peers"),
... ]
>>> strategy = WeightedIndicators(
...     weights={Indicator.CONSISTENT_PERFORMANCE: 2, Indicator.OPENNESS_TO_FEEDBACK: 1},
...     threshold=0.75)
>>> ann = strategy.assess(evidence)[0]
>>> ann.score, ann.high_potential
(0.8, True)
>>> ann.explanation
'2 of 2 indicators evidenced (at least 2 needed); score = (2 × 0.9 + 1 × 0.6) / 3 = 0.8; 0.8 ≥ 0.75: high potential'
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.cycle import Cycle
from perfcore.errors import Problem, ValidationError
from perfcore.oversight import DEFAULT_RULES, AuditReport, AuditRule, RuleSet, audit
from perfcore.strategies import Registry, params_of
from perfcore.strategies import from_params as _from_params

__all__ = [
    "DEFAULT_REGISTRY",
    "POTENTIAL_STRATEGIES",
    "Contribution",
    "FairnessCheck",
    "FindingRate",
    "HighPotentialStrategy",
    "Indicator",
    "IndicatorEvidence",
    "PotentialAssessment",
    "RankedPotential",
    "WeightedIndicators",
    "fairness_check",
    "rank",
]


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
    perfcore.errors.ValidationError: IndicatorEvidence.evidence: must not be empty
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


# --- the built-in strategy ------------------------------------------------------------


def _default_weights() -> Mapping[str, float]:
    return MappingProxyType({indicator.value: 1 for indicator in Indicator})


def _freeze_weights(value: Mapping[Any, float]) -> Mapping[str, float]:
    """Indicator members → names, sorted by name, read-only; anything else is left to the check.

    Keys are names or :class:`Indicator` members (typed ``Any`` since a mapping's
    key type is invariant).
    """
    raw: object = value
    if not isinstance(raw, Mapping):
        return value  # not a mapping: left for _check_weights to refuse
    named = {_indicator_name(key): weight for key, weight in raw.items()}
    return FrozenMap({key: named[key] for key in sorted(named, key=str)})


def _check_weights(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(
            inst, attr, f"must be a mapping of indicator names to weights, got {v.describe(value)}"
        )
    if not value:
        v.fail(inst, attr, "must weigh at least one indicator")
    for key, weight in value.items():
        if not isinstance(key, str) or not v._IDENT.fullmatch(key):  # noqa: SLF001 - shared pattern
            v.fail(inst, attr, f"keys must be lowercase indicator names, got {v.describe(key)}")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            v.fail(
                inst, attr, f"{key!r} must have a finite weight above 0, got {v.describe(weight)}"
            )


def _default_min_indicators(strategy: WeightedIndicators) -> int:
    weights: object = strategy.weights
    return len(weights) if isinstance(weights, Mapping) and weights else 1


def _check_min_indicators(inst: WeightedIndicators, attr: attrs.Attribute[Any], value: int) -> None:
    v.integer(minimum=1)(inst, attr, value)
    weights: object = inst.weights
    if isinstance(weights, Mapping) and weights and value > len(weights):
        v.fail(inst, attr, f"must be at most the {len(weights)} weighted indicators, got {value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WeightedIndicators:
    """High potential as a weighted mean of indicator scores, with a threshold.

    For each employee:

    1. each weighted indicator's score is the mean of its evidence scores;
    2. ``score = Σ weightᵢ × scoreᵢ / Σ weightᵢ`` over the indicators *with*
       evidence (the others are listed as ``missing`` and do not count);
    3. the employee is a high potential when at least ``min_indicators``
       indicators have evidence and ``score ≥ threshold``.

    ``weights`` maps indicator names (or :class:`Indicator` members) to
    weights above 0; by default the six indicators weigh 1 each. An
    indicator left out is not weighed; evidence for it is listed as
    ``ignored``. ``threshold`` defaults to 0.7; ``min_indicators`` defaults
    to every weighted indicator, so nobody is flagged on partial evidence.
    Arithmetic is exact on the decimals given (0.1 + 0.2 is 0.3).

    It is a registry strategy (``NAME = "weighted_indicators"``).

    >>> WeightedIndicators().min_indicators, WeightedIndicators().threshold
    (6, 0.7)
    >>> WeightedIndicators(weights={"career_interest": 0})
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: WeightedIndicators.weights: 'career_interest' must have a finite weight above 0, got int 0
    """  # noqa: E501 - the doctest output is one long line

    NAME: ClassVar[str] = "weighted_indicators"

    weights: Mapping[str, float] = attrs.field(
        factory=_default_weights, converter=_freeze_weights, validator=_check_weights, hash=False
    )
    """Indicator name → weight, sorted by name, read-only."""
    threshold: float = attrs.field(default=0.7, validator=v.number(minimum=0, maximum=1))
    min_indicators: int = attrs.field(
        default=attrs.Factory(_default_min_indicators, takes_self=True),
        validator=_check_min_indicators,
    )

    @property
    def name(self) -> str:
        """The registry name, ``"weighted_indicators"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters.

        >>> WeightedIndicators(weights={"career_interest": 2, "values_alignment": 1}).params()
        {'weights': {'career_interest': 2, 'values_alignment': 1}, 'threshold': 0.7, 'min_indicators': 2}
        """  # noqa: E501 - the doctest output is one long line
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> WeightedIndicators:
        """Build from :meth:`params` data; bad data raises errors under ``$.params``.

        >>> WeightedIndicators.from_params({"threshold": 0.8}).threshold
        0.8
        >>> WeightedIndicators.from_params({"min_indicators": 7})
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: $.params.min_indicators: must be at most the 6 weighted indicators, got 7
        """  # noqa: E501 - the doctest output is one long line
        return _from_params(cls, params)

    def assess(self, evidence: Sequence[IndicatorEvidence]) -> tuple[PotentialAssessment, ...]:
        """One assessment per employee in ``evidence``, sorted by employee id.

        >>> s = WeightedIndicators(weights={"career_interest": 1, "values_alignment": 1},
        ...                        min_indicators=1)
        >>> bo = s.assess([IndicatorEvidence(employee_id="bo", indicator="values_alignment",
        ...                 score=0.9, evidence=("survey",), source="hr")])[0]
        >>> bo.score, bo.high_potential, bo.missing
        (0.9, True, ('career_interest',))
        """
        items = _evidence(evidence)
        by_employee: dict[str, list[IndicatorEvidence]] = {}
        for item in items:
            by_employee.setdefault(item.employee_id, []).append(item)
        return tuple(
            self._assess_one(employee, by_employee[employee]) for employee in sorted(by_employee)
        )

    def _assess_one(self, employee_id: str, items: list[IndicatorEvidence]) -> PotentialAssessment:
        by_indicator: dict[str, list[IndicatorEvidence]] = {}
        for item in items:
            by_indicator.setdefault(item.indicator, []).append(item)
        present = [name for name in self.weights if name in by_indicator]
        missing = tuple(name for name in self.weights if name not in by_indicator)
        ignored = tuple(sorted(name for name in by_indicator if name not in self.weights))
        means = {
            name: sum((_exact(e.score) for e in by_indicator[name]), Fraction(0))
            / len(by_indicator[name])
            for name in present
        }
        weights = {name: _exact(self.weights[name]) for name in present}
        total = sum(weights.values(), Fraction(0))
        score = (
            sum((weights[name] * means[name] for name in present), Fraction(0)) / total
            if present
            else None
        )
        enough = len(present) >= self.min_indicators
        threshold = _exact(self.threshold)
        flagged = enough and score is not None and score >= threshold
        contributions = tuple(
            Contribution(
                indicator=name,
                weight=self.weights[name],
                score=float(means[name]),
                weighted=float(weights[name] * means[name] / total),
                evidence=tuple(
                    dict.fromkeys(ref for e in by_indicator[name] for ref in e.evidence)
                ),
                sources=tuple(sorted({e.source for e in by_indicator[name]})),
                evidence_count=len(by_indicator[name]),
            )
            for name in present
        )
        count = (
            f"{len(present)} of {len(self.weights)} indicators evidenced"
            f" (at least {self.min_indicators} needed"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + ")"
        )
        if score is None:
            verdict = "no score: not high potential"
        else:
            terms = " + ".join(f"{_fmt(weights[n])} × {_fmt(means[n])}" for n in present)
            verdict = f"score = ({terms}) / {_fmt(total)} = {_fmt(score)}; "
            if not enough:
                verdict += "too few indicators: not high potential"
            elif flagged:
                verdict += f"{_fmt(score)} ≥ {_fmt(threshold)}: high potential"
            else:
                verdict += f"{_fmt(score)} < {_fmt(threshold)}: not high potential"
        explanation = f"{count}; {verdict}"
        if ignored:
            explanation += f"; ignored (not weighted): {', '.join(ignored)}"
        return PotentialAssessment(
            employee_id=employee_id,
            score=None if score is None else float(score),
            high_potential=flagged,
            contributions=contributions,
            missing=missing,
            threshold=self.threshold,
            explanation=explanation,
            ignored=ignored,
        )


def _evidence(evidence: object) -> tuple[IndicatorEvidence, ...]:
    if isinstance(evidence, str | bytes) or not isinstance(evidence, Sequence):
        raise ValidationError.single(
            "evidence", f"must be a sequence of IndicatorEvidence, got {v.describe(evidence)}"
        )
    items = tuple(evidence)
    problems = [
        Problem(path=f"evidence[{i}]", message=f"must be an IndicatorEvidence, got {v.describe(x)}")
        for i, x in enumerate(items)
        if not isinstance(x, IndicatorEvidence)
    ]
    if problems:
        raise ValidationError(problems)
    return items


POTENTIAL_STRATEGIES = (WeightedIndicators,)
"""Strategies to register: ``registry.register(cls.NAME, cls.from_params)`` for each."""

ENTRY_POINT_GROUP = "perfcore.analytics"
"""The entry-point group through which packages add analytics strategies."""

DEFAULT_REGISTRY = Registry.empty(ENTRY_POINT_GROUP).register(
    WeightedIndicators.NAME, WeightedIndicators.from_params
)
"""Builds the built-in high-potential strategies from ``{"strategy": name, "params": {...}}``.

>>> strategy = DEFAULT_REGISTRY.build(
...     {"strategy": "weighted_indicators", "params": {"threshold": 0.8}})
>>> DEFAULT_REGISTRY.config_of(strategy)["params"]["threshold"]
0.8
"""


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


# --- fairness -------------------------------------------------------------------------


def _rate(count: int, total: int) -> float | None:
    return None if total == 0 else count / total


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FindingRate:
    """For one audit rule: how many high potentials and how many others it found something on.

    A count is of employees with at least one finding of ``code``; a rate is
    that count over the group's size (``None`` for an empty group);
    ``difference`` is the high potentials' rate minus the others' rate.
    ``unattributed`` counts findings about no employee (a manager's team).

    >>> r = FindingRate(code="goal_without_check_in", high_potential_count=1,
    ...     high_potential_total=2, rest_count=1, rest_total=4, unattributed=0)
    >>> r.high_potential_rate, r.rest_rate, r.difference
    (0.5, 0.25, 0.25)
    """

    code: str = attrs.field(validator=v.identifier())
    high_potential_count: int = attrs.field(validator=v.integer(minimum=0))
    high_potential_total: int = attrs.field(validator=v.integer(minimum=0))
    rest_count: int = attrs.field(validator=v.integer(minimum=0))
    rest_total: int = attrs.field(validator=v.integer(minimum=0))
    unattributed: int = attrs.field(default=0, validator=v.integer(minimum=0))

    @property
    def high_potential_rate(self) -> float | None:
        """High potentials with a finding ÷ high potentials audited."""
        return _rate(self.high_potential_count, self.high_potential_total)

    @property
    def rest_rate(self) -> float | None:
        """Others with a finding ÷ others audited."""
        return _rate(self.rest_count, self.rest_total)

    @property
    def difference(self) -> float | None:
        """High potentials' rate − others' rate; ``None`` when a group is empty."""
        hipo, rest = self.high_potential_rate, self.rest_rate
        return None if hipo is None or rest is None else hipo - rest

    def as_record(self) -> dict[str, Any]:
        """A flat row with the counts, the rates and the difference."""
        return {
            "code": self.code,
            "high_potential_count": self.high_potential_count,
            "high_potential_total": self.high_potential_total,
            "high_potential_rate": self.high_potential_rate,
            "rest_count": self.rest_count,
            "rest_total": self.rest_total,
            "rest_rate": self.rest_rate,
            "difference": self.difference,
            "unattributed": self.unattributed,
        }


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FairnessCheck:
    """The result of :func:`fairness_check`.

    ``rule_codes`` is the one rule set every cycle was audited with;
    ``high_potential_ids`` and ``rest_ids`` the employees audited in each
    group; ``not_audited_ids`` the flagged ids with no cycle begun by
    ``as_of``; ``rates`` one :class:`FindingRate` per rule, in the rule set's
    order; ``flag_blind`` whether the audit gave identical findings with the
    high potentials' cycles passed first and passed last; ``report`` the
    audit itself.
    """

    as_of: dt.datetime = attrs.field(validator=v.aware_datetime())
    rule_codes: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.identifier()))
    high_potential_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    rest_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    not_audited_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str, unique=True))
    rates: tuple[FindingRate, ...] = attrs.field(validator=v.tuple_of(FindingRate))
    flag_blind: bool = attrs.field(validator=v.boolean())
    report: AuditReport = attrs.field(validator=v.instance(AuditReport))
    explanation: str = attrs.field(validator=v.text())

    def rate(self, code: str) -> FindingRate:
        """The rates for rule ``code``."""
        for item in self.rates:
            if item.code == code:
                return item
        raise ValidationError.single("code", f"no rule {code!r} was applied")

    def as_records(self) -> list[dict[str, Any]]:
        """One flat row per rule (see :meth:`FindingRate.as_record`)."""
        return [item.as_record() for item in self.rates]


def _ids(value: object) -> frozenset[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError.single(
            "high_potential_ids", f"must be a collection of employee ids, got {v.describe(value)}"
        )
    items = list(value)
    problems = [
        Problem(
            path=f"high_potential_ids[{i}]",
            message=f"must be a non-empty string, got {v.describe(x)}",
        )
        for i, x in enumerate(items)
        if not isinstance(x, str) or not x.strip()
    ]
    if problems:
        raise ValidationError(problems)
    return frozenset(items)


def _population(cycles: object) -> tuple[Cycle, ...]:
    """The cycles as a tuple; their items are checked by the audit."""
    if isinstance(cycles, str | bytes) or not isinstance(cycles, Iterable):
        raise ValidationError.single(
            "cycles", f"must be an iterable of cycles, got {v.describe(cycles)}"
        )
    return tuple(cycles)


def fairness_check(
    cycles: Iterable[Cycle],
    high_potential_ids: Iterable[str],
    *,
    as_of: dt.datetime,
    rules: RuleSet | Sequence[AuditRule] | None = None,
) -> FairnessCheck:
    """Audit everyone with one rule set and compare high potentials with the rest.

    ``rules`` defaults to :data:`perfcore.oversight.DEFAULT_RULES`. The audit
    runs once over all ``cycles`` (so rules across cycles, such as rater
    leniency, see one population) and never receives ``high_potential_ids``.
    To show it, the cycles are audited again with the high potentials' cycles
    first and with them last, the only way a grouping could reach the audit;
    ``flag_blind`` says whether all three gave identical findings.

    What it proves: the same rules, thresholds and moment applied to every
    employee, and the findings do not depend on who is flagged. What it does
    not: that the cycles themselves were run alike (a manager may hold more
    check-ins with high potentials; that shows up as a rate difference, not
    explained here), that the rules are fair, or that a difference between
    small groups means anything; nor does it catch a custom rule that singles
    out employee ids.

    >>> import perfcore as pc
    >>> hr = pc.Actor(person_id="hr1", role=pc.Role.HR)
    >>> def started(employee):
    ...     return pc.Cycle.start(cycle_id=f"c-{employee}", employee_id=employee,
    ...         manager_id="jo", period=pc.Period.annual(2026), by=hr,
    ...         at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> check = fairness_check([started("ann"), started("bo")], ["ann"],
    ...                        as_of=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    >>> check.flag_blind, check.high_potential_ids, check.rest_ids
    (True, ('ann',), ('bo',))
    >>> overdue = check.rate("phase_overdue")
    >>> overdue.high_potential_rate, overdue.rest_rate, overdue.difference
    (1.0, 1.0, 0.0)
    """
    flagged = _ids(high_potential_ids)
    population = _population(cycles)
    rule_set = DEFAULT_RULES if rules is None else rules
    report = audit(population, as_of=as_of, rules=rule_set)
    codes = tuple(rule.name for rule in rule_set)
    first = sorted(population, key=lambda c: (c.employee_id not in flagged, c.employee_id, c.id))
    last = sorted(population, key=lambda c: (c.employee_id in flagged, c.employee_id, c.id))
    blind = all(
        audit(order, as_of=as_of, rules=rule_set).findings == report.findings
        for order in (first, last)
    )
    audited = {c.employee_id for c in population if c.events[0].at <= as_of}
    hipos = tuple(sorted(audited & flagged))
    rest = tuple(sorted(audited - flagged))
    with_code: dict[str, set[str]] = {}
    unattributed: dict[str, int] = {}
    for finding in report:
        if finding.employee_id is None:
            unattributed[finding.code] = unattributed.get(finding.code, 0) + 1
        else:
            with_code.setdefault(finding.code, set()).add(finding.employee_id)
    rates = tuple(
        FindingRate(
            code=code,
            high_potential_count=len(with_code.get(code, set()) & set(hipos)),
            high_potential_total=len(hipos),
            rest_count=len(with_code.get(code, set()) & set(rest)),
            rest_total=len(rest),
            unattributed=unattributed.get(code, 0),
        )
        for code in codes
    )
    not_audited = tuple(sorted(flagged - audited))
    explanation = (
        f"{len(codes)} rules applied in one audit to all {len(audited)} employees audited"
        f" ({len(hipos)} high potential, {len(rest)} other) as of {as_of.isoformat()}; "
        + (
            "the audit never sees the flag: findings identical with the high potentials'"
            " cycles passed first and passed last"
            if blind
            else "findings CHANGED with the order of the cycles: a rule depends on input"
            " order, so the rates below are from the cycles in the order given"
        )
    )
    if not_audited:
        explanation += f"; flagged but not audited (no cycle begun): {', '.join(not_audited)}"
    return FairnessCheck(
        as_of=as_of,
        rule_codes=codes,
        high_potential_ids=hipos,
        rest_ids=rest,
        not_audited_ids=not_audited,
        rates=rates,
        flag_blind=blind,
        report=report,
        explanation=explanation,
    )
