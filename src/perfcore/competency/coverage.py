"""Coverage of a competency profile across a team or organisation.

Who, in a group of people, meets each level a profile requires? Each person is
described by one :class:`~perfcore.competency.CompetencyAssessment` (usually
the manager's, or an agreed one). For each required competency,
:func:`coverage` counts the people assessed on it and the people whose assessed
level reaches the required level, and flags the competency as *thin* when the
share meeting it falls below ``thin_below`` (0.5 by default: fewer than half of
those assessed meet it). A competency nobody was assessed on is thin too, since
nobody is known to cover it.

People not rated on a competency are left out of its share and counted as not
rated in its explanation, so the share is a fact about the people assessed.
(:func:`~perfcore.competency.gaps.competency_gaps`, which scores one person,
counts an unrated requirement at the scale minimum instead; here the
records keep ``assessed``, ``gap`` and ``met`` as ``None`` for it.)

``coverage`` is a plain function, not a registry strategy: its only setting is
``thin_below``, passed as an argument.

Worked example: a team of three on a profile requiring Negotiation at 4 and
Contract law at 3.

>>> from perfcore.assessments import Basis
>>> from perfcore.competency import (AssessorRole, Competency, CompetencyAssessment,
...     CompetencyCategory, CompetencyProfile, CompetencyRating, Requirement)
>>> profile = CompetencyProfile(id="ae", name="Account executive",
...     competencies=(
...         Competency(id="negotiation", name="Negotiation", category=CompetencyCategory.SKILL),
...         Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)),
...     requirements=(Requirement(competency_id="negotiation", level=4),
...                   Requirement(competency_id="law", level=3)))
>>> def assessed(person, **levels):
...     return CompetencyAssessment(person_id=person, assessor_id="m1",
...         role=AssessorRole.MANAGER, ratings=tuple(
...             CompetencyRating(competency_id=c, level=n, basis=Basis(text="Observed"))
...             for c, n in levels.items()))
>>> team = coverage(profile, [assessed("ann", negotiation=4, law=2),
...                           assessed("bob", negotiation=2, law=3),
...                           assessed("cy", negotiation=3)])
>>> [(r.competency_id, r.people_meeting, r.people_assessed, r.thin) for r in team.rows]
[('negotiation', 1, 3, True), ('law', 1, 2, False)]
>>> team.rows[0].explanation
'meeting level 4: 1 of 3 assessed; share 1 / 3 = 0.333333; thin (below 0.5)'
>>> team.matrix()[2]
{'person_id': 'cy', 'negotiation': 3, 'law': None}
>>> team.records()[0]
{'person_id': 'ann', 'competency_id': 'negotiation', 'required': 4, 'assessed': 4, 'gap': 0, 'met': True}
"""  # noqa: E501 - the doctest output is one long line

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import attrs

from perfcore import _validators as v
from perfcore.competency.model import CompetencyAssessment, CompetencyProfile
from perfcore.errors import Problem, ValidationError

__all__ = ["THIN_BELOW", "Coverage", "CoverageEntry", "CoverageRow", "coverage"]

THIN_BELOW = 0.5
"""Default threshold: a competency is thin when under half of those assessed meet it."""


def _fmt(number: float) -> str:
    """A number for an explanation: 4, 2.5, 0.333333."""
    return f"{number:.6g}"


def _check_counts(inst: CoverageRow, attr: attrs.Attribute[Any], value: int) -> None:
    assessed: object = inst.people_assessed
    if isinstance(assessed, int) and value > assessed:
        v.fail(inst, attr, f"must not exceed people_assessed {assessed}, got {value}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CoverageRow:
    """How well a group covers one required competency.

    ``share_meeting`` is ``people_meeting / people_assessed`` (``None`` when
    nobody was assessed on it); ``thin`` is true when that share is below the
    threshold, or when nobody was assessed.

    >>> row = CoverageRow(competency_id="law", required=3, people_meeting=1, people_assessed=2,
    ...                   share_meeting=0.5, thin=False, explanation="1 of 2 meet level 3")
    >>> row.share_meeting
    0.5
    """

    competency_id: str = attrs.field(validator=v.text(max_length=200))
    required: float = attrs.field(validator=v.number())
    people_meeting: int = attrs.field(validator=[v.integer(minimum=0), _check_counts])
    people_assessed: int = attrs.field(validator=v.integer(minimum=0))
    share_meeting: float | None = attrs.field(
        validator=v.number(minimum=0, maximum=1, optional=True)
    )
    thin: bool = attrs.field(validator=v.boolean())
    explanation: str = attrs.field(validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CoverageEntry:
    """One person on one required competency: the long-format record.

    ``gap`` is ``max(0, required − assessed)``; ``assessed``, ``gap`` and
    ``met`` are ``None`` when the person was not rated on the competency.

    >>> CoverageEntry(person_id="bob", competency_id="law", required=3, assessed=2,
    ...               gap=1, met=False).gap
    1
    """

    person_id: str = attrs.field(validator=v.text(max_length=200))
    competency_id: str = attrs.field(validator=v.text(max_length=200))
    required: float = attrs.field(validator=v.number())
    assessed: float | None = attrs.field(validator=v.number(optional=True))
    gap: float | None = attrs.field(validator=v.number(minimum=0, optional=True))
    met: bool | None = attrs.field(validator=v.instance(bool, optional=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Coverage:
    """A profile's coverage by a group: one row per required competency, in profile order.

    ``people`` lists the person ids, sorted; ``entries`` holds one
    :class:`CoverageEntry` per person and required competency (people sorted,
    competencies in profile order). :meth:`matrix` and :meth:`records` give the
    same data as plain dicts for a data frame.

    >>> empty = Coverage(profile_id="ae", thin_below=0.5, people=(), rows=(), entries=(),
    ...                  explanation="nobody assessed")
    >>> empty.matrix(), empty.records(), empty.thin
    ([], [], ())
    """

    profile_id: str = attrs.field(validator=v.text(max_length=200))
    thin_below: float = attrs.field(validator=v.number(minimum=0, maximum=1))
    people: tuple[str, ...] = attrs.field(validator=v.tuple_of(v.text(max_length=200), unique=True))
    rows: tuple[CoverageRow, ...] = attrs.field(validator=v.tuple_of(CoverageRow))
    entries: tuple[CoverageEntry, ...] = attrs.field(validator=v.tuple_of(CoverageEntry))
    explanation: str = attrs.field(validator=v.text())

    @property
    def competency_ids(self) -> tuple[str, ...]:
        """The required competencies, in profile order (the matrix's columns after person_id)."""
        return tuple(row.competency_id for row in self.rows)

    @property
    def thin(self) -> tuple[CoverageRow, ...]:
        """The thin rows, in profile order."""
        return tuple(row for row in self.rows if row.thin)

    def row(self, competency_id: str) -> CoverageRow | None:
        """The row for ``competency_id``, if the profile requires it."""
        for row in self.rows:
            if row.competency_id == competency_id:
                return row
        return None

    def matrix(self) -> list[dict[str, str | float | None]]:
        """One dict per person (sorted by id): ``person_id``, then each competency's level.

        Columns are ``"person_id"`` followed by the required competency ids in
        profile order; a competency the person was not rated on holds ``None``.
        A competency whose id is ``"person_id"`` would clash with the first
        column and raises :class:`perfcore.ValidationError` at ``Coverage.matrix``.
        """
        if "person_id" in self.competency_ids:
            raise ValidationError.single(
                "Coverage.matrix", "a competency id 'person_id' clashes with the person column"
            )
        table: dict[str, dict[str, str | float | None]] = {
            person: {"person_id": person, **dict.fromkeys(self.competency_ids)}
            for person in self.people
        }
        for entry in self.entries:
            table[entry.person_id][entry.competency_id] = entry.assessed
        return [table[person] for person in self.people]

    def records(self) -> list[dict[str, str | float | bool | None]]:
        """Long format: one dict per person and competency.

        Keys: ``person_id``, ``competency_id``, ``required``, ``assessed``,
        ``gap`` and ``met`` (the last three ``None`` when not rated).
        """
        return [
            {
                "person_id": e.person_id,
                "competency_id": e.competency_id,
                "required": e.required,
                "assessed": e.assessed,
                "gap": e.gap,
                "met": e.met,
            }
            for e in self.entries
        ]


def _check_inputs(
    profile: object, assessments: object, thin_below: object
) -> tuple[CompetencyProfile, tuple[CompetencyAssessment, ...], float]:
    problems: list[Problem] = []
    if not isinstance(profile, CompetencyProfile):
        problems.append(
            Problem(
                path="profile", message=f"must be a CompetencyProfile, got {v.describe(profile)}"
            )
        )
    if isinstance(thin_below, bool) or not isinstance(thin_below, int | float):
        problems.append(
            Problem(path="thin_below", message=f"must be a number, got {v.describe(thin_below)}")
        )
    elif not 0 <= thin_below <= 1:  # NaN fails this too
        problems.append(
            Problem(path="thin_below", message=f"must lie between 0 and 1, got {thin_below!r}")
        )
    if isinstance(assessments, str | bytes) or not isinstance(assessments, Sequence):
        problems.append(
            Problem(
                path="assessments",
                message="must be a sequence of CompetencyAssessment,"
                f" got {v.describe(assessments)}",
            )
        )
        raise ValidationError(problems)
    checked = tuple(assessments)
    seen: dict[str, int] = {}
    for index, item in enumerate(checked):
        where = f"assessments[{index}]"
        if not isinstance(item, CompetencyAssessment):
            problems.append(
                Problem(
                    path=where, message=f"must be a CompetencyAssessment, got {v.describe(item)}"
                )
            )
            continue
        if item.person_id in seen:
            problems.append(
                Problem(
                    path=f"{where}.person_id",
                    message=f"{item.person_id!r} is already assessed in"
                    f" assessments[{seen[item.person_id]}]; give one assessment per person",
                )
            )
        else:
            seen[item.person_id] = index
        if isinstance(profile, CompetencyProfile) and item.scale != profile.scale:
            problems.append(
                Problem(
                    path=f"{where}.scale",
                    message=f"must be the profile's scale"
                    f" {profile.scale.minimum}-{profile.scale.maximum}"
                    f" ({len(profile.scale.levels)} levels), got a different scale"
                    f" {item.scale.minimum}-{item.scale.maximum}"
                    f" ({len(item.scale.levels)} levels)",
                )
            )
    if problems:
        raise ValidationError(problems)
    return cast("CompetencyProfile", profile), checked, float(cast("float", thin_below))


def coverage(
    profile: CompetencyProfile,
    assessments: Sequence[CompetencyAssessment],
    *,
    thin_below: float = THIN_BELOW,
) -> Coverage:
    """How many of the people assessed meet each level ``profile`` requires.

    Each person is one assessment: two assessments of the same person raise
    :class:`perfcore.ValidationError` at ``assessments[i].person_id``, and an
    assessment on another scale than the profile's at ``assessments[i].scale``.
    Ratings of competencies the profile does not require are ignored. A
    person meets a requirement when their assessed level is at least the
    required level; ``thin_below`` (between 0 and 1) is the share below which a
    competency counts as thin. An empty group is allowed: every row is thin.

    >>> from perfcore.competency import Competency, CompetencyCategory, Requirement
    >>> solo = CompetencyProfile(id="p", name="P", requirements=(
    ...     Requirement(competency_id="c", level=3),), competencies=(
    ...     Competency(id="c", name="C", category=CompetencyCategory.SKILL),))
    >>> result = coverage(solo, [])
    >>> result.rows[0].explanation
    'nobody assessed on level 3: thin (nobody is known to meet it)'
    >>> result.explanation
    "0 people assessed against profile 'p' on 1 required competency; thin (share meeting below 0.5): 'c'"
    """  # noqa: E501 - the doctest output is one long line
    profile, checked, threshold = _check_inputs(profile, assessments, thin_below)
    ordered = sorted(checked, key=lambda a: a.person_id)
    entries: list[CoverageEntry] = []
    rows: list[CoverageRow] = []
    for requirement in profile.requirements:
        meeting = 0
        rated = 0
        for assessment in ordered:
            level = assessment.level_of(requirement.competency_id)
            if level is not None:
                rated += 1
                if level >= requirement.level:
                    meeting += 1
        rows.append(
            _row(
                requirement.competency_id,
                requirement.level,
                (meeting, rated, len(ordered)),
                threshold,
            )
        )
    for assessment in ordered:
        for requirement in profile.requirements:
            level = assessment.level_of(requirement.competency_id)
            entries.append(
                CoverageEntry(
                    person_id=assessment.person_id,
                    competency_id=requirement.competency_id,
                    required=requirement.level,
                    assessed=level,
                    gap=None if level is None else max(0, requirement.level - level),
                    met=None if level is None else level >= requirement.level,
                )
            )
    thin = [repr(row.competency_id) for row in rows if row.thin]
    count = len(profile.requirements)
    explanation = (
        f"{len(ordered)} {'person' if len(ordered) == 1 else 'people'} assessed against profile"
        f" {profile.id!r} on {count} required {'competency' if count == 1 else 'competencies'};"
        f" thin (share meeting below {_fmt(threshold)}): {', '.join(thin) or 'none'}"
    )
    return Coverage(
        profile_id=profile.id,
        thin_below=threshold,
        people=tuple(a.person_id for a in ordered),
        rows=tuple(rows),
        entries=tuple(entries),
        explanation=explanation,
    )


def _row(
    competency_id: str, required: float, counts: tuple[int, int, int], threshold: float
) -> CoverageRow:
    """The row for one requirement; ``counts`` is (meeting, rated, people)."""
    meeting, rated, people = counts
    unrated = f" ({people - rated} not rated)" if people > rated else ""
    if rated == 0:
        return CoverageRow(
            competency_id=competency_id,
            required=required,
            people_meeting=0,
            people_assessed=0,
            share_meeting=None,
            thin=True,
            explanation=f"nobody assessed on level {_fmt(required)}{unrated}: thin"
            " (nobody is known to meet it)",
        )
    share = meeting / rated
    thin = share < threshold
    verdict = f"thin (below {_fmt(threshold)})" if thin else f"covered (at least {_fmt(threshold)})"
    explanation = (
        f"meeting level {_fmt(required)}: {meeting} of {rated} assessed{unrated};"
        f" share {meeting} / {rated} = {_fmt(share)}; {verdict}"
    )
    return CoverageRow(
        competency_id=competency_id,
        required=required,
        people_meeting=meeting,
        people_assessed=rated,
        share_meeting=share,
        thin=thin,
        explanation=explanation,
    )
