"""Practices to share: what worked on goals the manager rated exceeded.

An appraisal analyses over-achievement as well as shortfalls, so that what
made one person exceed a goal can be shared with the team.
:func:`practices_to_share` collects, for every goal the manager's assessment
rates :attr:`~perfcore.assessments.Achievement.EXCEEDED`, the basis the
manager gave (what worked, and the evidence for it) and the methods agreed
for the goal. :meth:`PracticeToShare.as_record` gives a flat, JSON-ready row
per practice, e.g. for a data frame of a whole department.

>>> from perfcore.assessments import (Achievement, Assessment, AssessmentSource, Basis,
...                                   GoalRating, Rating)
>>> from perfcore.goals import Goal
>>> referrals = Goal(id="g3", title="Win 5 new accounts", methods=("Ask happy clients",))
>>> review = Assessment(source=AssessmentSource.MANAGER, goal_ratings=(
...     GoalRating(goal_id="g3", achievement=Achievement.EXCEEDED,
...                rating=Rating(value=5, basis=Basis(text="9 accounts, 6 from referrals",
...                                                   evidence=("crm:q4",)))),))
>>> practice, = practices_to_share([referrals], review, employee_id="e-17", cycle_id="2027")
>>> practice.what_worked, practice.methods, practice.evidence, practice.rating
('9 accounts, 6 from referrals', ('Ask happy clients',), ('crm:q4',), 5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore.assessments import Achievement, Assessment, AssessmentSource
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.improvement.drafting import _check_person, _sequence_of

__all__ = ["PracticeRecord", "PracticeToShare", "practices_to_share"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PracticeToShare:
    """What worked on one over-achieved goal, to share with the team.

    ``what_worked`` is the basis text of the manager's rating, ``evidence`` its
    evidence, ``methods`` the methods agreed for the goal, ``rating`` the
    manager's rating of it; ``cycle_id`` says which cycle it comes from, if known.

    >>> p = PracticeToShare(goal_id="g3", goal_title="Win 5 new accounts", employee_id="e-17",
    ...                     cycle_id=None, what_worked="Referrals", rating=5)
    >>> p.as_record()["methods"], p.as_record()["cycle_id"] is None
    ([], True)
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    goal_title: str = attrs.field(validator=v.text(max_length=500))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    cycle_id: str | None = attrs.field(validator=v.optional_text())
    what_worked: str = attrs.field(validator=v.text())
    methods: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    evidence: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=500))
    )
    rating: float = attrs.field(validator=v.number())

    def as_record(self) -> dict[str, Any]:
        """A flat row of JSON-ready values: strings, ``None``, a number, lists of strings.

        >>> PracticeToShare(goal_id="g3", goal_title="Win 5 new accounts", employee_id="e-17",
        ...     cycle_id="2027", what_worked="Referrals", methods=("Ask happy clients",),
        ...     rating=4.5).as_record()
        {'goal_id': 'g3', 'goal_title': 'Win 5 new accounts', 'employee_id': 'e-17',
         'cycle_id': '2027', 'what_worked': 'Referrals', 'methods': ['Ask happy clients'],
         'evidence': [], 'rating': 4.5}
        """
        return {
            "goal_id": self.goal_id,
            "goal_title": self.goal_title,
            "employee_id": self.employee_id,
            "cycle_id": self.cycle_id,
            "what_worked": self.what_worked,
            "methods": list(self.methods),
            "evidence": list(self.evidence),
            "rating": self.rating,
        }


def _shared_on_with_audience(
    inst: PracticeRecord, attr: attrs.Attribute[Any], value: dt.date | None
) -> None:
    if value is not None and not inst.shared_with:
        v.fail(inst, attr, "needs shared_with: say with whom it was shared")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PracticeRecord:
    """The analysis of one over-achieved goal: what worked, and whether it was shared, with whom.

    ``shared_with`` names the audiences (a team, people, a community of
    practice); empty until it is shared. ``shared_on`` is the day it was.

    >>> PracticeRecord(goal_id="g3", what_worked="Referrals from happy clients",
    ...                shared_with=("sales-team",), shared_on=dt.date(2027, 2, 1)).shared
    True
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    what_worked: str = attrs.field(validator=v.text())
    shared_with: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    shared_on: dt.date | None = attrs.field(
        default=None, validator=[v.date(optional=True), _shared_on_with_audience]
    )

    @property
    def shared(self) -> bool:
        """Whether it was shared with anyone yet."""
        return self.shared_on is not None


def practices_to_share(
    goals: Sequence[Goal],
    assessment: Assessment,
    *,
    employee_id: str,
    cycle_id: str | None = None,
) -> tuple[PracticeToShare, ...]:
    """One practice per goal the manager's ``assessment`` rates exceeded, in goal order.

    Goals the assessment does not rate exceeded, and ratings of goals not in
    ``goals``, give none. ``assessment`` must be the manager's: a
    self-assessment claims, it does not find. Bad arguments raise
    :class:`perfcore.ValidationError` naming each.

    >>> from perfcore.assessments import Assessment, AssessmentSource
    >>> from perfcore.goals import Goal
    >>> practices_to_share([Goal(id="g1", title="Grow revenue")],
    ...     Assessment(source=AssessmentSource.MANAGER, goal_ratings=()), employee_id="e-17")
    ()
    """
    checked = _check_arguments(goals, assessment, employee_id, cycle_id)
    assert isinstance(assessment, Assessment)  # noqa: S101 - checked above
    found: list[PracticeToShare] = []
    for goal in checked:
        rated = assessment.rating_for(goal.id)
        if rated is None or rated.achievement is not Achievement.EXCEEDED:
            continue
        basis = rated.rating.basis
        found.append(
            PracticeToShare(
                goal_id=goal.id,
                goal_title=goal.title,
                employee_id=employee_id,
                cycle_id=cycle_id,
                what_worked=basis.text,
                methods=goal.methods,
                evidence=basis.evidence,
                rating=rated.rating.value,
            )
        )
    return tuple(found)


def _check_arguments(
    goals: object, assessment: object, employee_id: object, cycle_id: object
) -> tuple[Goal, ...]:
    problems: list[Problem] = []
    checked: tuple[Goal, ...] = _sequence_of(goals, Goal, "goals", problems)
    if not isinstance(assessment, Assessment):
        problems.append(
            Problem(
                path="assessment", message=f"must be an Assessment, got {v.describe(assessment)}"
            )
        )
    elif assessment.source is not AssessmentSource.MANAGER:
        problems.append(
            Problem(
                path="assessment.source",
                message=f"must be the manager's assessment, got {assessment.source.value!r}",
            )
        )
    _check_person(employee_id, "employee_id", problems)
    if cycle_id is not None and (not isinstance(cycle_id, str) or not cycle_id.strip()):
        problems.append(
            Problem(
                path="cycle_id",
                message=f"must be None or a non-empty string, got {v.describe(cycle_id)}",
            )
        )
    if problems:
        raise ValidationError(problems)
    return checked
