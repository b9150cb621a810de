"""Scoring many appraisals of one configuration at once, into columns.

:func:`score_assessments` scores a whole population's appraisals under one
:class:`~perfcore.appraisal.ScoringConfig` and returns an
:class:`AppraisalScores`: one object holding a column per number (final
values, goal scores, bands) instead of an explained :class:`AppraisalScore`
per row. What does not change from row to row is checked once (the goals,
their weights, the scorers' scales); each row's numbers are worked out by the
same steps and the same exact arithmetic as :func:`score_assessment`, without
explanations. A row's whole explained score is one call away
(:meth:`AppraisalScores.row`), and is the one :func:`score_assessment` gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._unchecked import builder
from perfcore.appraisal.config import COMPETENCIES, GOALS, SELF, ScoringConfig
from perfcore.appraisal.score import (
    AppraisalScore,
    _attainment,
    _check_arguments,
    _check_component_scales,
    _component_problems,
    _goals_scale,
    _ratings,
    score_assessment,
)
from perfcore.assessments import Assessment
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal, GoalKind
from perfcore.measures import NumericMeasure
from perfcore.scoring._combiner_common import _mean_value, _scaled
from perfcore.scoring._combiner_weighted_mean import _exact_total
from perfcore.scoring.combiners import Composite, WeightedMean
from perfcore.scoring.goal_scorers import ThresholdTargetStretch
from perfcore.strategies import Registry

__all__ = ["AppraisalScores", "score_assessments"]

Components = tuple[tuple[str, float | None], ...]
"""One row's supplied components as ``(name, value)`` pairs, sorted by name."""


def _same_length(inst: AppraisalScores, attr: attrs.Attribute[Any], _value: object) -> None:
    """Every column and every list of inputs has one entry per row."""
    columns = (
        inst.values,
        inst.goal_values,
        inst.bands,
        inst.assessments,
        inst.self_assessments,
        inst.competency_assessments,
        inst.components,
    )
    lengths = {len(column) for column in columns if isinstance(column, tuple)}
    if len(lengths) > 1:
        v.fail(
            inst, attr, f"columns must all have one entry per row, got lengths {sorted(lengths)}"
        )


def _check_components(inst: AppraisalScores, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of rows, got {v.describe(value)}")
    for row in value:
        if not isinstance(row, tuple) or not all(
            isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) for pair in row
        ):
            v.fail(inst, attr, f"must hold (name, value) pairs per row, got {v.describe(row)}")
        problems = _component_problems(dict(row))
        if problems:
            v.fail(inst, attr, problems[0].message)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AppraisalScores:
    """Many appraisals' scores as columns, with what each row was scored from.

    ``values[i]`` is row ``i``'s final score (the composite's, or the goal
    score's when no composite is configured), ``goal_values[i]`` its combined
    goal score and ``bands[i]`` the label of its band (``None`` without
    bands). The inputs are kept, so :meth:`row` gives row ``i``'s whole
    explained :class:`AppraisalScore` (the one :func:`score_assessment`
    gives) and :meth:`records` every row's.
    """

    values: tuple[float, ...] = attrs.field(validator=v.tuple_of(v.number()))
    goal_values: tuple[float, ...] = attrs.field(validator=v.tuple_of(v.number()))
    bands: tuple[str | None, ...] = attrs.field(validator=v.tuple_of(v.optional_text()))
    goals: tuple[Goal, ...] = attrs.field(validator=v.tuple_of(Goal), repr=False)
    assessments: tuple[Assessment, ...] = attrs.field(validator=v.tuple_of(Assessment), repr=False)
    self_assessments: tuple[Assessment | None, ...] = attrs.field(
        validator=v.tuple_of((Assessment, type(None))), repr=False
    )
    profile: CompetencyProfile | None = attrs.field(
        validator=v.instance(CompetencyProfile, optional=True), repr=False
    )
    competency_assessments: tuple[CompetencyAssessment | None, ...] = attrs.field(
        validator=v.tuple_of((CompetencyAssessment, type(None))), repr=False
    )
    components: tuple[Components, ...] = attrs.field(validator=_check_components, repr=False)
    """Each row's supplied components as ``(name, value)`` pairs, sorted by name."""
    config: ScoringConfig = attrs.field(validator=v.instance(ScoringConfig), repr=False)
    registry: Registry = attrs.field(validator=[v.instance(Registry), _same_length], repr=False)

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.values)

    def row(self, index: int) -> AppraisalScore:
        """Row ``index``'s whole explained score, as :func:`score_assessment` gives it."""
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValidationError.single("index", f"must be a row number, got {v.describe(index)}")
        if not -len(self) <= index < len(self):
            raise ValidationError.single(
                "index", f"must be a row number below {len(self)}, got {index}"
            )
        return score_assessment(
            self.goals,
            self.assessments[index],
            self.config,
            self.registry,
            self_assessment=self.self_assessments[index],
            profile=self.profile,
            competency_assessment=self.competency_assessments[index],
            components=dict(self.components[index]),
        )

    def records(self) -> tuple[AppraisalScore, ...]:
        """Every row's whole explained score, in order."""
        return tuple(self.row(index) for index in range(len(self)))


_appraisal_scores = builder(AppraisalScores)
"""An :class:`AppraisalScores` of columns worked out here and inputs checked here."""


def _rows_of(name: str, given: object, n: int, kind: type) -> tuple[Any, ...]:
    """A per-row input as a tuple of ``n`` entries (``None`` for all when not given)."""
    if given is None:
        return (None,) * n
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Sequence):
        raise ValidationError.single(name, f"must be a list, one per row, got {v.describe(given)}")
    rows = tuple(given)
    if len(rows) != n:
        raise ValidationError.single(
            name, f"must have one entry per assessment ({n}), got {len(rows)}"
        )
    problems = [
        Problem(
            path=f"{name}[{i}]", message=f"must be a {kind.__name__} or None, got {v.describe(row)}"
        )
        for i, row in enumerate(rows)
        if row is not None and not isinstance(row, kind)
    ]
    if problems:
        raise ValidationError(problems)
    return rows


def score_assessments(  # noqa: PLR0913 - the inputs of many appraisals, all keyword but two
    goals: tuple[Goal, ...],
    assessments: Sequence[Assessment],
    config: ScoringConfig,
    registry: Registry,
    *,
    self_assessments: Sequence[Assessment | None] | None = None,
    profile: CompetencyProfile | None = None,
    competency_assessments: Sequence[CompetencyAssessment | None] | None = None,
    components: Sequence[Mapping[str, float | None] | None] | None = None,
) -> AppraisalScores:
    """Score many ``assessments`` of the same ``goals`` under ``config``, into columns.

    Row ``i`` is scored as ``score_assessment(goals, assessments[i], config,
    registry, self_assessment=self_assessments[i], profile=profile,
    competency_assessment=competency_assessments[i],
    components=components[i])`` would score it, to the same numbers; the
    per-row inputs are lists with one entry per assessment (``None`` for a
    row without one). A row that would be refused raises the same
    :class:`perfcore.ValidationError`, its paths under ``rows[i]``.

    >>> import perfcore as pc
    >>> from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
    >>> goal = pc.Goal(id="g1", title="Sales", weight=100,
    ...                measure=pc.NumericMeasure(unit="EUR k", threshold=80, target=100,
    ...                                          stretch=120))
    >>> def rated(actual):
    ...     rating = pc.GoalRating(goal_id="g1", achievement=pc.Achievement.MET, actual=actual,
    ...                            rating=pc.Rating(value=3, basis=pc.Basis(text="Report")))
    ...     return pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=(rating,))
    >>> scores = score_assessments((goal,), [rated(90), rated(110)], ScoringConfig(),
    ...                            DEFAULT_REGISTRY)
    >>> scores.values
    (0.75, 1.25)
    >>> scores.row(1).goals.explanation
    '(100 × 1.25) / 100 = 1.25'
    """
    if isinstance(assessments, str | bytes | Mapping) or not isinstance(assessments, Sequence):
        raise ValidationError.single(
            "assessments", f"must be a list of Assessment, got {v.describe(assessments)}"
        )
    rows = tuple(assessments)
    n = len(rows)
    _check_arguments(
        (("config", config, ScoringConfig), ("registry", registry, Registry)),
        (("profile", profile, CompetencyProfile),),
        goals,
        None,
    )
    problems = [
        Problem(path=f"assessments[{i}]", message=f"must be an Assessment, got {v.describe(row)}")
        for i, row in enumerate(rows)
        if not isinstance(row, Assessment)
    ]
    if problems:
        raise ValidationError(problems)
    own = _rows_of("self_assessments", self_assessments, n, Assessment)
    fits = _rows_of("competency_assessments", competency_assessments, n, CompetencyAssessment)
    supplied = _rows_of("components", components, n, Mapping)
    goals = tuple(goals)
    try:
        config._json(registry)  # noqa: SLF001 - the registry knows every strategy, as each row needs
        plan = _Plan.of(goals, config)
    except ValidationError:
        if not rows:
            raise
        plan = None  # the explained path raises it for the first row
    values: list[float] = []
    goal_values: list[float] = []
    bands: list[str | None] = []
    for i in range(n):
        numbers = None if plan is None else plan.row(rows[i], own[i], profile, fits[i], supplied[i])
        if numbers is None:  # the explained path works it out, or says what is wrong
            try:
                score = score_assessment(
                    goals,
                    rows[i],
                    config,
                    registry,
                    self_assessment=own[i],
                    profile=profile,
                    competency_assessment=fits[i],
                    components=supplied[i],
                )
            except ValidationError as exc:
                raise type(exc)(p.at(f"rows[{i}].{p.path}") for p in exc.problems) from None
            numbers = (
                score.value,
                score.goals.value,
                None if score.band is None else score.band.label,
            )
        values.append(numbers[0])
        goal_values.append(numbers[1])
        bands.append(numbers[2])
    return _appraisal_scores(
        values=tuple(values),
        goal_values=tuple(goal_values),
        bands=tuple(bands),
        goals=goals,
        assessments=rows,
        self_assessments=own,
        profile=profile,
        competency_assessments=fits,
        components=tuple(() if row is None else tuple(sorted(row.items())) for row in supplied),
        config=config,
        registry=registry,
    )


_DEVELOPMENT = GoalKind.DEVELOPMENT


@attrs.frozen
class _Plan:
    """What does not change from row to row, checked once: the numbers-only path of a config.

    Only for the configurations whose numbers it works out by the very steps
    of :func:`score_assessment`: a :class:`WeightedMean` of the goals, no
    composite or a :class:`Composite` without scales, and any bands. A row it
    cannot work out (anything that would be refused, say) is ``None``: the
    explained path then scores it, or raises.
    """

    goals: tuple[Goal, ...]
    counted: tuple[tuple[Goal, Any, bool], ...]
    """The counted goals, each with its scorer (``None`` when no scorer is configured) and
    whether :meth:`ThresholdTargetStretch._payout_value` is what its ``score`` works out."""
    scaled_weights: tuple[int, ...]
    """The goals' weights over one denominator (see ``_scaled``), which total ``weight_total``."""
    weight_total: int
    config: ScoringConfig
    composite: Composite | None
    composite_weights: dict[str, float]
    checked: dict[tuple[object, ...], bool]
    """Whether each combination of present components passes the scale checks."""

    @classmethod
    def of(cls, goals: tuple[Goal, ...], config: ScoringConfig) -> _Plan | None:
        """The plan for ``goals`` under ``config``, or ``None`` to score every row explained."""
        combiner, composite = config.goal_combiner, config.composite
        if type(combiner) is not WeightedMean:  # no goal's value is ever missing here
            return None
        if composite is not None and (type(composite) is not Composite or composite.scale):
            return None
        if len({goal.id for goal in goals}) != len(goals):
            return None
        try:
            _goals_scale(goals, config)
        except ValidationError:
            return None
        scorers = [
            (goal, None if goal.measure is None else config.goal_scorers.get(goal.measure.TAG))
            for goal in goals
            if goal.kind is not _DEVELOPMENT or config.include_development
        ]
        # WeightedMean._value's checks of the weights, once: they are the same on every row
        weights = [goal.weight for goal, _ in scorers]
        total = _exact_total(weights)
        if not weights or not combiner._meets(total) or total == 0:  # noqa: SLF001
            return None
        scaled_weights, _ = _scaled(weights)  # goal weights are at least 0: their sum is not 0
        return cls(
            goals=goals,
            counted=tuple(
                (
                    goal,
                    scorer,
                    type(scorer) is ThresholdTargetStretch
                    and type(goal) is Goal
                    and type(goal.measure) is NumericMeasure,
                )
                for goal, scorer in scorers
            ),
            scaled_weights=tuple(scaled_weights),
            weight_total=sum(scaled_weights),
            config=config,
            composite=composite,
            composite_weights={} if composite is None else dict(composite.weights),
            checked={},
        )

    def row(
        self,
        assessment: Assessment,
        own: Assessment | None,
        profile: CompetencyProfile | None,
        fit: CompetencyAssessment | None,
        supplied: Mapping[str, float | None] | None,
    ) -> tuple[float, float, str | None] | None:
        """One row's final value, goal value and band label, or ``None`` for the explained path."""
        if supplied and _component_problems(supplied):  # checked with or without a composite
            return None
        goal_value = self._goal_value(assessment)
        if goal_value is None:
            return None
        value = goal_value
        if self.composite is not None:
            composite_value = self._composite(goal_value, own, profile, fit, supplied)
            if composite_value is None:
                return None
            value = composite_value
        bands = self.config.bands
        if bands is None:
            return value, goal_value, None
        last = bands.bands[-1]
        for band in bands.bands:  # RatingBands.choose, the label only
            if band.lower <= value and (
                value < band.upper or (band is last and value == band.upper)
            ):
                return value, goal_value, band.label
        return None

    def _goal_value(self, assessment: Assessment) -> float | None:
        """The value of ``assessment``'s combined goal score, as ``WeightedMean.combine`` gives it.

        ``None`` when a goal cannot be scored: the explained path then says why.
        """
        ratings = _ratings(assessment)
        # Σ wᵢ·sᵢ over one power-of-two denominator, as _scaled makes it: each score is
        # nᵢ / dᵢ, the denominator grows to the largest dᵢ (all powers of two divide it)
        products, den = 0, 1
        for (goal, scorer, curve), weight in zip(self.counted, self.scaled_weights, strict=True):
            rating = ratings.get(goal.id)
            if rating is None:
                return None
            actual = rating.actual
            if curve and type(actual) is float and actual - actual == 0.0:  # score()'s own path
                attainment = scorer._payout_value(goal.measure, actual) + 0.0  # noqa: SLF001
            else:
                found = None if actual is None else _attainment(scorer, goal, actual)
                if found is None:
                    return None
                attainment = found
            numerator, denominator = attainment.as_integer_ratio()
            if denominator > den:
                products *= denominator // den
                den = denominator
            products += weight * numerator * (den // denominator)
        return products / (self.weight_total * den)

    def _composite(  # noqa: C901 - score_assessment's steps for each kind of component
        self,
        goal_value: float,
        own: Assessment | None,
        profile: CompetencyProfile | None,
        fit: CompetencyAssessment | None,
        supplied: Mapping[str, float | None] | None,
    ) -> float | None:
        """The composite's value for one row, by :func:`score_assessment`'s steps.

        ``None`` sends the row to the explained path.
        """
        weights = self.composite_weights
        values: dict[str, float | None] = {GOALS: goal_value}
        if own is not None and SELF in weights:
            values[SELF] = self._goal_value(own)
            if values[SELF] is None:
                return None
        if COMPETENCIES in weights:
            if profile is None or fit is None:
                values[COMPETENCIES] = None
            else:
                try:
                    values[COMPETENCIES] = self.config.competency_fit.fit(profile, fit).fit
                except ValidationError:
                    return None
        for name, component in sorted((supplied or {}).items()):
            if name in values or name not in weights:
                return None
            values[name] = component
        key = tuple(sorted((name, x is None) for name, x in values.items())) + tuple(
            sorted(supplied or ())
        )
        ok = self.checked.get(key)
        if ok is None:
            try:
                _check_component_scales(self.config, self.goals, values, set(supplied or {}))
                ok = True
            except ValidationError:
                ok = False
            self.checked[key] = ok
        if not ok:
            return None
        names = sorted(weights)
        assert self.composite is not None  # noqa: S101 - row() asks only with a composite
        return _mean_value(
            [weights[name] for name in names],
            [values.get(name) for name in names],
            self.composite.missing,
        )
