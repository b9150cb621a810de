"""Competencies, proficiency scales, profiles, career paths and competency assessments.

A competency profile says, for a position or job family, which competencies
are required at which proficiency level, how much each weighs and which are
critical. The same profile feeds appraisal, development plans, promotion and
pay decisions. Proficiency levels are described by observable behaviour.
"""

from __future__ import annotations

import enum
import itertools
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.assessments import Basis
from perfcore.errors import ValidationError

__all__ = [
    "AdvancementCriteria",
    "AssessorRole",
    "CareerPath",
    "CareerStep",
    "Competency",
    "CompetencyAssessment",
    "CompetencyCategory",
    "CompetencyProfile",
    "CompetencyRating",
    "ProficiencyLevel",
    "ProficiencyScale",
    "Requirement",
]


class CompetencyCategory(enum.Enum):
    """What a competency is made of."""

    KNOWLEDGE = "knowledge"
    SKILL = "skill"
    BEHAVIOUR = "behaviour"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Competency:
    """One competency: knowledge, a skill or a behaviour.

    >>> Competency(id="negotiation", name="Negotiation", category=CompetencyCategory.SKILL).name
    'Negotiation'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    name: str = attrs.field(validator=v.text(max_length=200))
    category: CompetencyCategory = attrs.field(validator=v.member(CompetencyCategory))
    description: str = attrs.field(default="", validator=v.text(allow_empty=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ProficiencyLevel:
    """A level of a proficiency scale, described by observable behaviour.

    >>> ProficiencyLevel(value=3, label="Competent", anchors=("Plans own work",)).label
    'Competent'
    """

    value: int = attrs.field(validator=v.integer(minimum=-1000, maximum=1000))
    label: str = attrs.field(validator=v.text(max_length=200))
    anchors: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    """Behaviour someone at this level shows."""


def _check_levels(
    inst: ProficiencyScale, attr: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    if len(value) < 2:
        v.fail(inst, attr, f"must have at least 2 levels, got {len(value)}")
    values = [level.value for level in value]
    for earlier, later in itertools.pairwise(values):
        if later <= earlier:
            v.fail(inst, attr, f"must be in increasing order of value: {later} follows {earlier}")
    labels = [level.label for level in value]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        v.fail(inst, attr, f"labels must be distinct, repeated: {', '.join(repeated)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ProficiencyScale:
    """Ordered proficiency levels; assessed levels may fall between them.

    ``ProficiencyScale.DREYFUS`` is the five-level novice-to-expert scale.

    >>> s = ProficiencyScale.DREYFUS
    >>> (s.minimum, s.maximum, s.label_for(3))
    (1, 5, 'Competent')
    >>> s.contains(5.5)
    False
    """

    levels: tuple[ProficiencyLevel, ...] = attrs.field(
        validator=[v.tuple_of(ProficiencyLevel), _check_levels]
    )

    DREYFUS: ClassVar[ProficiencyScale]

    @property
    def minimum(self) -> int:
        """The lowest level's value."""
        return self.levels[0].value

    @property
    def maximum(self) -> int:
        """The highest level's value."""
        return self.levels[-1].value

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies between the lowest and highest level."""
        v.require(value, int | float, "value")
        return self.minimum <= value <= self.maximum

    def label_for(self, value: float) -> str | None:
        """The label of the highest level at or below ``value``; ``None`` off the scale."""
        v.require(value, int | float, "value")
        if not self.contains(value):
            return None
        return [level.label for level in self.levels if level.value <= value][-1]


ProficiencyScale.DREYFUS = ProficiencyScale(
    levels=(
        ProficiencyLevel(value=1, label="Novice", anchors=("Follows rules and checklists",)),
        ProficiencyLevel(
            value=2, label="Advanced beginner", anchors=("Recognises recurring situations",)
        ),
        ProficiencyLevel(value=3, label="Competent", anchors=("Plans and prioritises own work",)),
        ProficiencyLevel(value=4, label="Proficient", anchors=("Sees the whole situation",)),
        ProficiencyLevel(value=5, label="Expert", anchors=("Acts from deep, intuitive grasp",)),
    )
)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Requirement:
    """A profile's demand on one competency: the level, its weight, whether it is critical.

    >>> Requirement(competency_id="negotiation", level=4, weight=2, critical=True).critical
    True
    """

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    level: float = attrs.field(validator=v.number())
    weight: float = attrs.field(default=1, validator=v.number(minimum=0, maximum=1_000_000))
    critical: bool = attrs.field(default=False, validator=v.boolean())


def _check_competencies(
    inst: CompetencyProfile, attr: attrs.Attribute[Any], value: tuple[Competency, ...]
) -> None:
    twice = v.repeated(c.id for c in value)
    if twice:
        v.fail(inst, attr, f"repeat competency id(s): {', '.join(twice)}")


def _check_requirements(
    inst: CompetencyProfile, attr: attrs.Attribute[Any], value: tuple[Requirement, ...]
) -> None:
    if not value:
        v.fail(inst, attr, "must not be empty")
    known = {c.id for c in inst.competencies} if isinstance(inst.competencies, tuple) else set()
    seen: set[str] = set()
    for index, requirement in enumerate(value):
        where = f"CompetencyProfile.requirements[{index}]"
        if requirement.competency_id in seen:
            raise ValidationError.single(
                f"{where}.competency_id", f"{requirement.competency_id!r} is required twice"
            )
        seen.add(requirement.competency_id)
        if requirement.competency_id not in known:
            raise ValidationError.single(
                f"{where}.competency_id",
                f"unknown competency {requirement.competency_id!r}; the profile lists: "
                + (", ".join(sorted(known)) or "none"),
            )
        scale = inst.scale
        if isinstance(scale, ProficiencyScale) and not scale.contains(requirement.level):
            raise ValidationError.single(
                f"{where}.level",
                f"{requirement.level:g} is off the scale {scale.minimum}-{scale.maximum}",
            )
    if sum(r.weight for r in value) <= 0:
        v.fail(inst, attr, "weights must not all be 0")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyProfile:
    """The competencies a position or job family requires, at which level and weight.

    >>> talk = Competency(id="talk", name="Presenting", category=CompetencyCategory.SKILL)
    >>> profile = CompetencyProfile(id="ae", name="Account executive", competencies=(talk,),
    ...                             requirements=(Requirement(competency_id="talk", level=3),))
    >>> profile.requirement("talk").level
    3
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    name: str = attrs.field(validator=v.text(max_length=200))
    competencies: tuple[Competency, ...] = attrs.field(
        validator=[v.tuple_of(Competency), _check_competencies]
    )
    requirements: tuple[Requirement, ...] = attrs.field(
        validator=[v.tuple_of(Requirement), _check_requirements]
    )
    scale: ProficiencyScale = attrs.field(
        default=ProficiencyScale.DREYFUS, validator=v.instance(ProficiencyScale)
    )

    def requirement(self, competency_id: str) -> Requirement | None:
        """The requirement on ``competency_id``, if the profile has one."""
        for requirement in self.requirements:
            if requirement.competency_id == competency_id:
                return requirement
        return None

    def competency(self, competency_id: str) -> Competency | None:
        """The competency with this id, if the profile lists it."""
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        return None


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AdvancementCriteria:
    """What it takes to move up to a career step.

    >>> AdvancementCriteria(minimum_rating=3.5, required_competencies=("lead",)).minimum_rating
    3.5
    """

    minimum_rating: float | None = attrs.field(default=None, validator=v.number(optional=True))
    """The minimum overall appraisal score (on the app's scale), if any."""
    required_competencies: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    """Competencies that must be met at the step's required level."""
    minimum_months_in_role: int | None = attrs.field(
        default=None, validator=v.integer(minimum=0, maximum=600, optional=True)
    )


def _check_criteria(
    inst: CareerStep, _attr: attrs.Attribute[Any], value: AdvancementCriteria
) -> None:
    profile: object = inst.profile
    if not isinstance(profile, CompetencyProfile):
        return
    for index, competency_id in enumerate(value.required_competencies):
        if profile.requirement(competency_id) is None:
            raise ValidationError.single(
                f"CareerStep.criteria.required_competencies[{index}]",
                f"{competency_id!r} is not required by the profile {profile.id!r}",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CareerStep:
    """One position on a career path, with its profile and advancement criteria."""

    position_id: str = attrs.field(validator=v.text(max_length=200))
    title: str = attrs.field(validator=v.text(max_length=200))
    profile: CompetencyProfile = attrs.field(validator=v.instance(CompetencyProfile))
    criteria: AdvancementCriteria = attrs.field(
        factory=AdvancementCriteria, validator=[v.instance(AdvancementCriteria), _check_criteria]
    )


def _check_steps(
    inst: CareerPath, attr: attrs.Attribute[Any], value: tuple[CareerStep, ...]
) -> None:
    if not value:
        v.fail(inst, attr, "must not be empty")
    twice = v.repeated(step.position_id for step in value)
    if twice:
        v.fail(inst, attr, f"repeat position(s): {', '.join(twice)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CareerPath:
    """Ordered positions from junior to senior.

    ``next_step(position_id)`` is the step after ``position_id``, or ``None`` at the top.
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    name: str = attrs.field(validator=v.text(max_length=200))
    steps: tuple[CareerStep, ...] = attrs.field(validator=[v.tuple_of(CareerStep), _check_steps])

    def step(self, position_id: str) -> CareerStep | None:
        """The step for ``position_id``, if it is on the path."""
        for step in self.steps:
            if step.position_id == position_id:
                return step
        return None

    def next_step(self, position_id: str) -> CareerStep | None:
        """The step after ``position_id``; ``None`` at the top. Unknown positions are refused."""
        ids = [step.position_id for step in self.steps]
        if position_id not in ids:
            raise ValidationError.single(
                "CareerPath.position_id", f"{position_id!r} is not on the path {self.id!r}"
            )
        index = ids.index(position_id)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None


class AssessorRole(enum.Enum):
    """Who assessed a competency."""

    SELF = "self"
    MANAGER = "manager"
    PEER = "peer"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyRating:
    """An assessed level on one competency, with its basis."""

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    level: float = attrs.field(validator=v.number())
    basis: Basis = attrs.field(validator=v.instance(Basis))


def _check_ratings(
    inst: CompetencyAssessment, attr: attrs.Attribute[Any], value: tuple[CompetencyRating, ...]
) -> None:
    twice = v.repeated(r.competency_id for r in value)
    if twice:
        v.fail(inst, attr, f"rate competency(ies) more than once: {', '.join(twice)}")
    scale: object = inst.scale
    if not isinstance(scale, ProficiencyScale):
        return
    for index, rating in enumerate(value):
        if not scale.contains(rating.level):
            raise ValidationError.single(
                f"CompetencyAssessment.ratings[{index}].level",
                f"{rating.level:g} is off the scale {scale.minimum}-{scale.maximum}",
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyAssessment:
    """One assessor's ratings of one person's competencies, on a proficiency scale.

    >>> a = CompetencyAssessment(person_id="e1", assessor_id="m1", role=AssessorRole.MANAGER,
    ...     ratings=(CompetencyRating(competency_id="talk", level=3, basis=Basis(text="Demo")),))
    >>> a.level_of("talk"), a.level_of("other")
    (3, None)
    """

    person_id: str = attrs.field(validator=v.text(max_length=200))
    assessor_id: str = attrs.field(validator=v.text(max_length=200))
    role: AssessorRole = attrs.field(validator=v.member(AssessorRole))
    ratings: tuple[CompetencyRating, ...] = attrs.field(
        validator=[v.tuple_of(CompetencyRating), _check_ratings]
    )
    scale: ProficiencyScale = attrs.field(
        default=ProficiencyScale.DREYFUS, validator=v.instance(ProficiencyScale)
    )

    def level_of(self, competency_id: str) -> float | None:
        """The assessed level of ``competency_id``, if rated."""
        for rating in self.ratings:
            if rating.competency_id == competency_id:
                return rating.level
        return None
