"""From competency gaps to development actions and draft development goals.

A gap is ``max(0, required − assessed)`` on the profile's proficiency scale;
as in :func:`~perfcore.competency.gaps.competency_gaps`, a required
competency the assessment does not rate counts at the scale's minimum.
What closes it depends on what the competency is made of and how wide the gap
is: missing knowledge calls for training and counselling; a skill short by a
little calls for practice, by more for stretch assignments and rotations; a
behaviour calls for coaching and a conversation. :class:`InterventionMap`
holds that mapping as configuration, and :func:`recommend` applies it to one
person's assessment. :func:`draft_development_goals` turns the
recommendations into development goals (ordinary :class:`~perfcore.goals.Goal`
values) to propose when the next cycle's goals are set.

Gap-size bands: a gap up to ``small_gap_max`` levels (1 by default, included)
is *small*; a wider gap is *large*. Every category has an intervention list
for each band, so the bands apply to all of them; with the defaults only
skills differ between the bands.

>>> from perfcore.assessments import Basis
>>> from perfcore.competency import (AssessorRole, Competency, CompetencyAssessment,
...     CompetencyCategory, CompetencyProfile, CompetencyRating, Requirement)
>>> profile = CompetencyProfile(id="ae", name="Account executive",
...     competencies=(
...         Competency(id="negotiation", name="Negotiation", category=CompetencyCategory.SKILL),
...         Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)),
...     requirements=(Requirement(competency_id="negotiation", level=4),
...                   Requirement(competency_id="law", level=3)))
>>> ann = CompetencyAssessment(person_id="ann", assessor_id="m1", role=AssessorRole.MANAGER,
...     ratings=(CompetencyRating(competency_id="negotiation", level=2, basis=Basis(text="Seen")),
...              CompetencyRating(competency_id="law", level=2.5, basis=Basis(text="Quiz"))))
>>> recommendations = recommend(profile, ann)
>>> [(r.competency_id, r.gap, r.band.value) for r in recommendations]
[('negotiation', 2, 'large'), ('law', 0.5, 'small')]
>>> recommendations[0].explanation
'required 4, assessed 2: gap 4 − 2 = 2, large (above 1); skill, large gap → stretch assignment, rotation, mentoring'
>>> goal = draft_development_goals(recommendations)[0]
>>> goal.id, goal.title, goal.weight, goal.methods
('dev-negotiation', 'Raise Negotiation from 2 to 4', 0, ('stretch assignment', 'rotation', 'mentoring'))
>>> goal.measure.target, str(goal.measure.scale)
(4, '1-5')
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.competency.model import (
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    ProficiencyScale,
)
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal, GoalKind
from perfcore.improvement import InterventionKind
from perfcore.improvement._kinds import from_params_with_kinds
from perfcore.measures import ScaleMeasure
from perfcore.scales import RatingScale
from perfcore.strategies import params_of

__all__ = [
    "DEFAULT_INTERVENTION_MAP",
    "DEVELOPMENT_STRATEGIES",
    "GapBand",
    "InterventionMap",
    "Recommendation",
    "draft_development_goals",
    "recommend",
]


def _fmt(number: float) -> str:
    """A number for an explanation or a title: 4, 2.5."""
    return f"{number:.6g}"


def _words(kind: InterventionKind) -> str:
    """``stretch_assignment`` → ``stretch assignment``."""
    return kind.value.replace("_", " ")


class GapBand(enum.Enum):
    """How wide a gap is, relative to :attr:`InterventionMap.small_gap_max`."""

    SMALL = "small"
    """At most ``small_gap_max`` levels."""
    LARGE = "large"
    """More than ``small_gap_max`` levels."""


_PLANS = (
    "knowledge_small",
    "knowledge_large",
    "skill_small",
    "skill_large",
    "behaviour_small",
    "behaviour_large",
)
"""The fields holding intervention lists: ``{category}_{band}``."""


def _plan(*default: InterventionKind) -> Any:  # noqa: ANN401 - an attrs field
    return attrs.field(
        default=default, validator=[v.tuple_of(InterventionKind, unique=True), v.non_empty_tuple()]
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class InterventionMap:
    """Which interventions close a gap, by competency category and gap-size band.

    Each ``{category}_{band}`` field lists the interventions for that category
    when the gap is in that band (at least one, no repeats, in the order they
    will be proposed). ``small_gap_max`` (default 1) is the widest gap, in
    levels, that is still small. The defaults:

    ============  ===========================  ========================================
    category      small gap (≤ 1 level)        large gap (> 1 level)
    ============  ===========================  ========================================
    knowledge     training, counselling        training, counselling
    skill         practice, mentoring          stretch assignment, rotation, mentoring
    behaviour     coaching, conversation       coaching, conversation
    ============  ===========================  ========================================

    It is a registry strategy (``NAME = "intervention_map"``): :meth:`params`
    is JSON-ready and :meth:`from_params` rebuilds it.

    >>> default = InterventionMap()
    >>> [k.value for k in default.interventions_for(CompetencyCategory.SKILL, 1)]
    ['practice', 'mentoring']
    >>> [k.value for k in default.interventions_for(CompetencyCategory.SKILL, 1.5)]
    ['stretch_assignment', 'rotation', 'mentoring']
    >>> InterventionMap(small_gap_max=2).band_of(1.5)
    <GapBand.SMALL: 'small'>
    """

    NAME: ClassVar[str] = "intervention_map"

    small_gap_max: float = attrs.field(default=1, validator=v.number(minimum=0))
    knowledge_small: tuple[InterventionKind, ...] = _plan(
        InterventionKind.TRAINING, InterventionKind.COUNSELLING
    )
    knowledge_large: tuple[InterventionKind, ...] = _plan(
        InterventionKind.TRAINING, InterventionKind.COUNSELLING
    )
    skill_small: tuple[InterventionKind, ...] = _plan(
        InterventionKind.PRACTICE, InterventionKind.MENTORING
    )
    skill_large: tuple[InterventionKind, ...] = _plan(
        InterventionKind.STRETCH_ASSIGNMENT, InterventionKind.ROTATION, InterventionKind.MENTORING
    )
    behaviour_small: tuple[InterventionKind, ...] = _plan(
        InterventionKind.COACHING, InterventionKind.CONVERSATION
    )
    behaviour_large: tuple[InterventionKind, ...] = _plan(
        InterventionKind.COACHING, InterventionKind.CONVERSATION
    )

    @property
    def name(self) -> str:
        """The registry name, ``"intervention_map"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters: interventions as their values.

        >>> InterventionMap().params()["skill_small"]
        ['practice', 'mentoring']
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> InterventionMap:
        """Build from :meth:`params` data; left-out fields keep their defaults.

        Bad data raises :class:`perfcore.ValidationError` under ``$.params``;
        an unknown intervention is reported at its index.

        >>> InterventionMap.from_params({"skill_small": ["practice"]}).skill_small
        (<InterventionKind.PRACTICE: 'practice'>,)
        >>> InterventionMap.from_params({"skill_small": ["practise"]})
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: $.params.skill_small[0]: must be one of 'training', ...
        """
        return from_params_with_kinds(cls, params, _PLANS)

    def band_of(self, gap: float) -> GapBand:
        """:attr:`GapBand.SMALL` for a gap up to ``small_gap_max``, else :attr:`GapBand.LARGE`."""
        if isinstance(gap, bool) or not isinstance(gap, int | float) or not gap >= 0:
            raise ValidationError.single("gap", f"must be a number of at least 0, got {gap!r}")
        return GapBand.SMALL if gap <= self.small_gap_max else GapBand.LARGE

    def interventions_for(
        self, category: CompetencyCategory, gap: float
    ) -> tuple[InterventionKind, ...]:
        """The interventions for a gap of ``gap`` levels on a competency of ``category``."""
        if not isinstance(category, CompetencyCategory):
            raise ValidationError.single(
                "category", f"must be a CompetencyCategory, got {v.describe(category)}"
            )
        plan: tuple[InterventionKind, ...] = getattr(
            self, f"{category.value}_{self.band_of(gap).value}"
        )
        return plan


DEFAULT_INTERVENTION_MAP = InterventionMap()
"""The default mapping, ``InterventionMap()``; the default of :func:`recommend`."""

DEVELOPMENT_STRATEGIES = (InterventionMap,)
"""Strategies to register: ``registry.register(cls.NAME, cls.from_params)`` for each."""


def _check_gap(inst: Recommendation, attr: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        v.fail(inst, attr, f"must be above 0 (no gap, nothing to develop), got {_fmt(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Recommendation:
    """Development for one competency below its required level.

    ``gap`` is ``required − assessed`` (above 0); ``assessed`` is ``None``
    when the competency was not rated, and the gap is then measured from the
    scale's minimum. ``band`` says whether the gap is small or large;
    ``interventions`` are the kinds of action proposed, in order; ``scale`` is
    the proficiency scale the levels are on.

    >>> Recommendation(competency_id="law", name="Contract law",
    ...     category=CompetencyCategory.KNOWLEDGE, required=3, assessed=2, gap=1,
    ...     band=GapBand.SMALL, interventions=(InterventionKind.TRAINING,),
    ...     explanation="gap 1").gap
    1
    """

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    name: str = attrs.field(validator=v.text(max_length=200))
    category: CompetencyCategory = attrs.field(validator=v.member(CompetencyCategory))
    required: float = attrs.field(validator=v.number())
    assessed: float | None = attrs.field(validator=v.number(optional=True))
    gap: float = attrs.field(validator=[v.number(), _check_gap])
    band: GapBand = attrs.field(validator=v.member(GapBand))
    interventions: tuple[InterventionKind, ...] = attrs.field(
        validator=[v.tuple_of(InterventionKind, unique=True), v.non_empty_tuple()]
    )
    explanation: str = attrs.field(validator=v.text())
    scale: ProficiencyScale = attrs.field(
        default=ProficiencyScale.DREYFUS, validator=v.instance(ProficiencyScale)
    )


def recommend(
    profile: CompetencyProfile,
    assessment: CompetencyAssessment,
    mapping: InterventionMap = DEFAULT_INTERVENTION_MAP,
) -> tuple[Recommendation, ...]:
    """A recommendation for every required competency assessed below its level.

    A required competency that ``assessment`` does not rate counts at the
    scale's minimum (the convention of
    :func:`~perfcore.competency.gaps.competency_gaps`), so it gets a
    recommendation unless it is required at that minimum. Competencies met
    (gap 0) or not required by ``profile`` get none. Sorted by gap, largest
    first, then by competency id. ``mapping`` defaults to
    ``InterventionMap()``. The assessment must be on the profile's scale
    (else :class:`perfcore.ValidationError` at ``assessment.scale``).

    >>> from perfcore.assessments import Basis
    >>> from perfcore.competency import (AssessorRole, Competency, CompetencyRating,
    ...                                  Requirement)
    >>> lead = CompetencyProfile(id="tl", name="Team lead", requirements=(
    ...     Requirement(competency_id="feedback", level=4),), competencies=(
    ...     Competency(id="feedback", name="Giving feedback",
    ...                category=CompetencyCategory.BEHAVIOUR),))
    >>> bob = CompetencyAssessment(person_id="bob", assessor_id="m1", role=AssessorRole.MANAGER,
    ...     ratings=(CompetencyRating(competency_id="feedback", level=3, basis=Basis(text="360")),))
    >>> [k.value for k in recommend(lead, bob)[0].interventions]
    ['coaching', 'conversation']
    >>> recommend(lead, bob, InterventionMap(behaviour_small=(InterventionKind.MENTORING,)))[0].band
    <GapBand.SMALL: 'small'>
    """
    _check_recommend(profile, assessment, mapping)
    found: list[Recommendation] = []
    for requirement in profile.requirements:
        competency = profile.competency(requirement.competency_id)
        if competency is None:  # pragma: no cover - the profile guarantees it
            raise ValidationError.single(
                "profile.requirements", f"unknown competency {requirement.competency_id!r}"
            )
        assessed = assessment.level_of(requirement.competency_id)
        counted = profile.scale.minimum if assessed is None else assessed
        if counted < requirement.level:
            found.append(
                _recommendation(
                    competency,
                    required=requirement.level,
                    assessed=assessed,
                    counted=counted,
                    mapping=mapping,
                    scale=profile.scale,
                )
            )
    return tuple(sorted(found, key=lambda r: (-r.gap, r.competency_id)))


def _recommendation(  # noqa: PLR0913 - the competency, its levels, the mapping and the scale
    competency: Competency,
    *,
    required: float,
    assessed: float | None,
    counted: float,
    mapping: InterventionMap,
    scale: ProficiencyScale,
) -> Recommendation:
    """The recommendation for a gap of ``required − counted`` (above 0)."""
    gap = required - counted
    band = mapping.band_of(gap)
    interventions = mapping.interventions_for(competency.category, gap)
    relation = "up to" if band is GapBand.SMALL else "above"
    shown = (
        f"assessed {_fmt(counted)}"
        if assessed is not None
        else f"not rated (counted at the scale minimum {_fmt(counted)})"
    )
    explanation = (
        f"required {_fmt(required)}, {shown}: gap {_fmt(required)} − {_fmt(counted)} = {_fmt(gap)},"
        f" {band.value} ({relation} {_fmt(mapping.small_gap_max)});"
        f" {competency.category.value}, {band.value} gap → "
        + ", ".join(_words(kind) for kind in interventions)
    )
    return Recommendation(
        competency_id=competency.id,
        name=competency.name,
        category=competency.category,
        required=required,
        assessed=assessed,
        gap=gap,
        band=band,
        interventions=interventions,
        explanation=explanation,
        scale=scale,
    )


def _check_recommend(profile: object, assessment: object, mapping: object) -> None:
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
    elif isinstance(profile, CompetencyProfile) and assessment.scale != profile.scale:
        problems.append(
            Problem(
                path="assessment.scale",
                message="must be the profile's scale"
                f" ({profile.scale.minimum}-{profile.scale.maximum},"
                f" {len(profile.scale.levels)} levels), got a different scale"
                f" ({assessment.scale.minimum}-{assessment.scale.maximum},"
                f" {len(assessment.scale.levels)} levels)",
            )
        )
    if not isinstance(mapping, InterventionMap):
        problems.append(
            Problem(
                path="mapping", message=f"must be an InterventionMap, got {v.describe(mapping)}"
            )
        )
    if problems:
        raise ValidationError(problems)


def _rating_scale(scale: ProficiencyScale) -> RatingScale:
    """The rating scale spanning ``scale``; labelled when every whole level is named."""
    values = [level.value for level in scale.levels]
    labelled = values == list(range(scale.minimum, scale.maximum + 1))
    return RatingScale(
        minimum=scale.minimum,
        maximum=scale.maximum,
        labels=tuple(level.label for level in scale.levels) if labelled else (),
    )


def draft_development_goals(
    recommendations: Sequence[Recommendation],
    *,
    id_prefix: str = "dev-",
    due: dt.date | None = None,
    scale: ProficiencyScale | None = None,
) -> tuple[Goal, ...]:
    """Draft one development goal per recommendation, in the order given.

    Each goal has kind ``DEVELOPMENT``, weight 0 (development goals carry no
    performance weight), id ``f"{id_prefix}{competency_id}"``, a title like
    ``"Raise Negotiation from 2 to 4"``, a :class:`~perfcore.measures.ScaleMeasure`
    on a rating scale spanning the proficiency scale (minimum to maximum)
    whose target is the required level, the interventions in words as its
    ``methods``, and the recommendation's explanation as its description. The
    proficiency scale is each recommendation's own unless ``scale`` is given.
    The goals are proposals for the next cycle's goal setting, to be agreed
    with the employee. Repeated competencies raise
    :class:`perfcore.ValidationError` at ``recommendations[i].competency_id``.

    >>> rec = Recommendation(competency_id="law", name="Contract law",
    ...     category=CompetencyCategory.KNOWLEDGE, required=3, assessed=2, gap=1,
    ...     band=GapBand.SMALL, interventions=(InterventionKind.TRAINING,
    ...     InterventionKind.COUNSELLING), explanation="gap 1")
    >>> goal, = draft_development_goals([rec], id_prefix="2027-", due=dt.date(2027, 6, 30))
    >>> goal.id, goal.title, goal.kind.value, goal.methods, goal.due
    ('2027-law', 'Raise Contract law from 2 to 3', 'development', ('training', 'counselling'), datetime.date(2027, 6, 30))
    >>> goal.measure.scale.label_for(goal.measure.target)
    'Competent'
    """  # noqa: E501 - the doctest output is one long line
    checked = _check_draft(recommendations, id_prefix, due, scale)
    goals: list[Goal] = []
    for recommendation in checked:
        proficiency = scale if scale is not None else recommendation.scale
        goals.append(
            Goal(
                id=f"{id_prefix}{recommendation.competency_id}",
                title=_title(recommendation),
                kind=GoalKind.DEVELOPMENT,
                weight=0,
                measure=ScaleMeasure(
                    scale=_rating_scale(proficiency), target=recommendation.required
                ),
                due=due,
                description=recommendation.explanation,
                methods=tuple(_words(kind) for kind in recommendation.interventions),
            )
        )
    return tuple(goals)


def _title(recommendation: Recommendation) -> str:
    """``Raise Negotiation from 2 to 4``; ``Raise Negotiation to 4 (not rated yet)``."""
    if recommendation.assessed is None:
        return f"Raise {recommendation.name} to {_fmt(recommendation.required)} (not rated yet)"
    return (
        f"Raise {recommendation.name} from {_fmt(recommendation.assessed)}"
        f" to {_fmt(recommendation.required)}"
    )


def _check_draft(
    recommendations: object, id_prefix: object, due: object, scale: object
) -> tuple[Recommendation, ...]:
    problems: list[Problem] = []
    if not isinstance(id_prefix, str):
        problems.append(
            Problem(path="id_prefix", message=f"must be a string, got {v.describe(id_prefix)}")
        )
    if due is not None and (not isinstance(due, dt.date) or isinstance(due, dt.datetime)):
        problems.append(Problem(path="due", message=f"must be a date, got {v.describe(due)}"))
    if scale is not None and not isinstance(scale, ProficiencyScale):
        problems.append(
            Problem(path="scale", message=f"must be a ProficiencyScale, got {v.describe(scale)}")
        )
        scale = None
    if isinstance(recommendations, str | bytes) or not isinstance(recommendations, Sequence):
        problems.append(
            Problem(
                path="recommendations",
                message=f"must be a sequence of Recommendation, got {v.describe(recommendations)}",
            )
        )
        raise ValidationError(problems)
    checked = tuple(recommendations)
    seen: dict[str, int] = {}
    for index, item in enumerate(checked):
        where = f"recommendations[{index}]"
        if not isinstance(item, Recommendation):
            problems.append(
                Problem(path=where, message=f"must be a Recommendation, got {v.describe(item)}")
            )
            continue
        if item.competency_id in seen:
            problems.append(
                Problem(
                    path=f"{where}.competency_id",
                    message=f"{item.competency_id!r} is already in"
                    f" recommendations[{seen[item.competency_id]}]; one goal per competency",
                )
            )
        else:
            seen[item.competency_id] = index
        on = scale if isinstance(scale, ProficiencyScale) else item.scale
        if not on.contains(item.required):
            problems.append(
                Problem(
                    path=f"{where}.required",
                    message=f"{_fmt(item.required)} is off the scale {on.minimum}-{on.maximum}",
                )
            )
    if problems:
        raise ValidationError(problems)
    return checked
