"""How far the assessors of one person agree, competency by competency.

The self-assessment, the manager's and the peers' ratings of the same person
rarely match. :func:`assessor_agreement` lines them up: for every competency
rated by at least two assessors it gives each assessor's level, the spread
(highest − lowest), the population standard deviation, and, when the person
rated themselves, how far the self rating lies from the mean of the others.
The largest disagreements are the ones to talk about in the feedback
conversation, and a self/manager gap that stays unexplained is a question HR
asks.

Ordering is deterministic everywhere: assessors by role (self, manager, peer)
then id; competencies by id; disagreements by spread, largest first, then id.

>>> from perfcore.assessments import Basis
>>> from perfcore.competency import AssessorRole, CompetencyAssessment, CompetencyRating
>>> def by(assessor, role, **levels):
...     return CompetencyAssessment(person_id="ann", assessor_id=assessor, role=role,
...         ratings=tuple(CompetencyRating(competency_id=c, level=n, basis=Basis(text="Seen"))
...                       for c, n in levels.items()))
>>> result = assessor_agreement([
...     by("ann", AssessorRole.SELF, negotiation=4, law=3),
...     by("m1", AssessorRole.MANAGER, negotiation=2, law=3),
...     by("p1", AssessorRole.PEER, negotiation=3, talk=2)])
>>> item = result.competency("negotiation")
>>> (item.spread, round(item.std_dev, 4), item.self_minus_others)
(2, 0.8165, 1.5)
>>> item.explanation
'self ann 4, manager m1 2, peer p1 3: spread 4 − 2 = 2; population SD 0.816497; self − mean(others) = 4 − 2.5 = 1.5'
>>> [(a.role.value, a.assessor_id) for a in item.highest + item.lowest]
[('self', 'ann'), ('manager', 'm1')]
>>> [d.competency_id for d in result.largest(5)], result.single_rated
(['negotiation'], ('talk',))
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

import statistics
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.competency.model import AssessorRole, CompetencyAssessment
from perfcore.errors import Problem, ValidationError

__all__ = ["Agreement", "AssessorLevel", "CompetencyAgreement", "assessor_agreement"]

_ROLE_ORDER = {role: index for index, role in enumerate(AssessorRole)}


def _fmt(number: float | Fraction) -> str:
    """A number for an explanation: 4, 2.5, 0.816497."""
    return f"{float(number):.6g}"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AssessorLevel:
    """The level one assessor gave.

    >>> AssessorLevel(assessor_id="m1", role=AssessorRole.MANAGER, level=3).role.value
    'manager'
    """

    assessor_id: str = attrs.field(validator=v.text(max_length=200))
    role: AssessorRole = attrs.field(validator=v.member(AssessorRole))
    level: float = attrs.field(validator=v.number())


def _check_levels(
    inst: CompetencyAgreement, attr: attrs.Attribute[Any], value: tuple[AssessorLevel, ...]
) -> None:
    if len(value) < 2:
        v.fail(inst, attr, f"needs at least 2 assessors, got {len(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyAgreement:
    """Agreement on one competency rated by two or more assessors.

    ``spread`` is highest − lowest level; ``std_dev`` the population standard
    deviation; ``self_minus_others`` the self rating minus the mean of the
    other ratings (``None`` without a self rating). ``lowest`` and ``highest``
    are the assessors at the two extremes (several when tied), in the order of
    ``levels``: by role (self, manager, peer), then assessor id.

    >>> low = AssessorLevel(assessor_id="m1", role=AssessorRole.MANAGER, level=2)
    >>> high = AssessorLevel(assessor_id="p1", role=AssessorRole.PEER, level=3)
    >>> CompetencyAgreement(competency_id="law", levels=(low, high), spread=1, std_dev=0.5,
    ...     self_minus_others=None, lowest=(low,), highest=(high,), explanation="1 apart").spread
    1
    """

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    levels: tuple[AssessorLevel, ...] = attrs.field(
        validator=[v.tuple_of(AssessorLevel), _check_levels]
    )
    spread: float = attrs.field(validator=v.number(minimum=0))
    std_dev: float = attrs.field(validator=v.number(minimum=0))
    self_minus_others: float | None = attrs.field(validator=v.number(optional=True))
    lowest: tuple[AssessorLevel, ...] = attrs.field(
        validator=[v.tuple_of(AssessorLevel), v.non_empty_tuple()]
    )
    highest: tuple[AssessorLevel, ...] = attrs.field(
        validator=[v.tuple_of(AssessorLevel), v.non_empty_tuple()]
    )
    explanation: str = attrs.field(validator=v.text())

    @property
    def agreed(self) -> bool:
        """Whether every assessor gave the same level (spread 0)."""
        return self.spread == 0


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Agreement:
    """Assessor agreement for one person.

    ``competencies`` holds one :class:`CompetencyAgreement` per competency
    rated by at least two assessors, sorted by competency id;
    ``single_rated`` lists (sorted) the competencies only one assessor rated.

    >>> Agreement(person_id="ann", competencies=(), single_rated=("law",),
    ...           explanation="nothing rated twice").largest(3)
    ()
    """

    person_id: str = attrs.field(validator=v.text(max_length=200))
    competencies: tuple[CompetencyAgreement, ...] = attrs.field(
        validator=v.tuple_of(CompetencyAgreement)
    )
    single_rated: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    explanation: str = attrs.field(default="", validator=v.text(allow_empty=True))

    @property
    def disagreements(self) -> tuple[CompetencyAgreement, ...]:
        """Competencies the assessors disagree on (spread above 0): largest spread first.

        Ties are broken by competency id.
        """
        return tuple(
            sorted(
                (item for item in self.competencies if item.spread > 0),
                key=lambda item: (-item.spread, item.competency_id),
            )
        )

    def largest(self, n: int) -> tuple[CompetencyAgreement, ...]:
        """The ``n`` largest disagreements (fewer if there are fewer); see :attr:`disagreements`.

        >>> Agreement(person_id="ann", competencies=()).largest(-1)
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: n: must be a whole number of at least 0, got -1
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValidationError.single(
                "n", f"must be a whole number of at least 0, got {v.describe(n).partition(' ')[2]}"
            )
        return self.disagreements[:n]

    def competency(self, competency_id: str) -> CompetencyAgreement | None:
        """The agreement on ``competency_id``, if two or more assessors rated it."""
        for item in self.competencies:
            if item.competency_id == competency_id:
                return item
        return None


def _check_assessments(assessments: object) -> tuple[CompetencyAssessment, ...]:
    if isinstance(assessments, str | bytes) or not isinstance(assessments, Sequence):
        raise ValidationError.single(
            "assessments",
            f"must be a sequence of CompetencyAssessment, got {v.describe(assessments)}",
        )
    checked = tuple(assessments)
    problems = [
        Problem(
            path=f"assessments[{i}]", message=f"must be a CompetencyAssessment, got {v.describe(a)}"
        )
        for i, a in enumerate(checked)
        if not isinstance(a, CompetencyAssessment)
    ]
    if problems:
        raise ValidationError(problems)
    if not checked:
        raise ValidationError.single("assessments", "must hold at least one assessment")
    problems = [*_mismatches(checked), *_repeats(checked)]
    if problems:
        raise ValidationError(problems)
    return checked


def _mismatches(checked: tuple[CompetencyAssessment, ...]) -> list[Problem]:
    """Assessments of another person, or on another scale, than the first."""
    first = checked[0]
    problems: list[Problem] = []
    for index, item in enumerate(checked):
        if item.person_id != first.person_id:
            problems.append(
                Problem(
                    path=f"assessments[{index}].person_id",
                    message=f"must be the same person as assessments[0] ({first.person_id!r}),"
                    f" got {item.person_id!r}",
                )
            )
        if item.scale != first.scale:
            problems.append(
                Problem(
                    path=f"assessments[{index}].scale",
                    message="must be the same scale as assessments[0]"
                    f" ({first.scale.minimum}-{first.scale.maximum},"
                    f" {len(first.scale.levels)} levels), got a different scale"
                    f" ({item.scale.minimum}-{item.scale.maximum},"
                    f" {len(item.scale.levels)} levels)",
                )
            )
    return problems


def _repeats(checked: tuple[CompetencyAssessment, ...]) -> list[Problem]:
    """A second assessment by the same assessor, or a second self-assessment."""
    problems: list[Problem] = []
    assessors: dict[str, int] = {}
    self_at: int | None = None
    for index, item in enumerate(checked):
        if item.assessor_id in assessors:
            problems.append(
                Problem(
                    path=f"assessments[{index}].assessor_id",
                    message=f"{item.assessor_id!r} already assessed this person in"
                    f" assessments[{assessors[item.assessor_id]}]",
                )
            )
        else:
            assessors[item.assessor_id] = index
        if item.role is AssessorRole.SELF and self_at is not None:
            problems.append(
                Problem(
                    path=f"assessments[{index}].role",
                    message=f"a second self-assessment; the first is assessments[{self_at}]",
                )
            )
        elif item.role is AssessorRole.SELF:
            self_at = index
    return problems


def assessor_agreement(assessments: Sequence[CompetencyAssessment]) -> Agreement:
    """Compare the assessors of one person, competency by competency.

    All ``assessments`` must be of the same person (else
    :class:`perfcore.ValidationError` at ``assessments[i].person_id``) on the
    same scale (``assessments[i].scale``), by distinct assessors
    (``assessments[i].assessor_id``), with at most one self-assessment
    (``assessments[i].role``). At least one assessment is needed.

    >>> from perfcore.assessments import Basis
    >>> from perfcore.competency import CompetencyRating
    >>> def by(assessor, role, level):
    ...     return CompetencyAssessment(person_id="bob", assessor_id=assessor, role=role,
    ...         ratings=(CompetencyRating(competency_id="law", level=level,
    ...                                   basis=Basis(text="Seen")),))
    >>> same = assessor_agreement([by("m1", AssessorRole.MANAGER, 3),
    ...                            by("p1", AssessorRole.PEER, 3)])
    >>> same.competency("law").agreed, same.disagreements
    (True, ())
    >>> same.explanation
    "2 assessors of 'bob'; 1 competency rated by 2 or more, 0 with a disagreement"
    """
    checked = _check_assessments(assessments)
    ordered = sorted(checked, key=lambda a: (_ROLE_ORDER[a.role], a.assessor_id))
    rated: dict[str, list[AssessorLevel]] = {}
    for assessment in ordered:
        for rating in assessment.ratings:
            rated.setdefault(rating.competency_id, []).append(
                AssessorLevel(
                    assessor_id=assessment.assessor_id, role=assessment.role, level=rating.level
                )
            )
    items = tuple(
        _agreement_on(competency_id, tuple(levels))
        for competency_id, levels in sorted(rated.items())
        if len(levels) >= 2
    )
    single = tuple(sorted(cid for cid, levels in rated.items() if len(levels) < 2))
    split = sum(1 for item in items if item.spread > 0)
    count = len(items)
    explanation = (
        f"{len(checked)} assessor{'' if len(checked) == 1 else 's'} of {checked[0].person_id!r};"
        f" {count} competenc{'y' if count == 1 else 'ies'} rated by 2 or more,"
        f" {split} with a disagreement"
    )
    if single:
        explanation += f"; rated by one assessor only: {', '.join(map(repr, single))}"
    return Agreement(
        person_id=checked[0].person_id,
        competencies=items,
        single_rated=single,
        explanation=explanation,
    )


def _agreement_on(competency_id: str, levels: tuple[AssessorLevel, ...]) -> CompetencyAgreement:
    values = [item.level for item in levels]
    low, high = min(values), max(values)
    spread = high - low
    std_dev = statistics.pstdev(Fraction(value) for value in values)
    shown = ", ".join(f"{a.role.value} {a.assessor_id} {_fmt(a.level)}" for a in levels)
    parts = [
        f"{shown}: spread {_fmt(high)} − {_fmt(low)} = {_fmt(spread)}",
        f"population SD {_fmt(std_dev)}",
    ]
    self_minus_others: float | None = None
    selves = [a for a in levels if a.role is AssessorRole.SELF]
    if selves:
        own = Fraction(selves[0].level)
        others = [Fraction(a.level) for a in levels if a.role is not AssessorRole.SELF]
        mean = sum(others, Fraction(0)) / len(others)
        self_minus_others = float(own - mean)
        parts.append(
            f"self − mean(others) = {_fmt(own)} − {_fmt(mean)} = {_fmt(self_minus_others)}"
        )
    return CompetencyAgreement(
        competency_id=competency_id,
        levels=levels,
        spread=spread,
        std_dev=float(std_dev),
        self_minus_others=self_minus_others,
        lowest=tuple(a for a in levels if a.level == low),
        highest=tuple(a for a in levels if a.level == high),
        explanation="; ".join(parts),
    )
