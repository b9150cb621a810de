"""Goal and review templates, versioned, and the choice of the one that applies to a person.

A template says what a cycle starts with for the people it applies to: a
:class:`GoalTemplate` gives the goals (ordinary :class:`~perfcore.goals.Goal`
records), a :class:`ReviewTemplate` the sections and questions of the review,
all on one :class:`~perfcore.scales.RatingScale`. Each applies to a
:class:`TemplateScope`: a position, a department, a level, any combination, or
everyone (the default). A template is a value: changing one means making the
next version (:meth:`GoalTemplate.revised`), and both stay valid.

Which template applies to a person is the most specific match
(:func:`select_template`): one naming the person's position beats one naming
their department, which beats one naming their level, which beats the default.
Two templates that match equally specifically are a
:class:`~perfcore.errors.ValidationError`, never a silent pick.

>>> import datetime as dt
>>> import perfcore as pc
>>> from perfcore.organisation import Person
>>> engineers = GoalTemplate(
...     id="eng-goals", version=1, title="Engineering goals",
...     applies_to=TemplateScope(position="engineer"),
...     goals=(pc.Goal(id="delivery", title="Deliver the roadmap", weight=100),))
>>> everyone = GoalTemplate(
...     id="company-goals", version=3, title="Company goals",
...     goals=(pc.Goal(id="customers", title="Happier customers", weight=100),))
>>> ann = Person(employee_id="ann", manager_id="jo", position="engineer",
...              hire_date=dt.date(2024, 5, 1))
>>> select_template([everyone, engineers], ann).ref
TemplateRef(id='eng-goals', version=1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from perfcore import _validators as v
from perfcore._weights import exact_total, meets_total, total_text
from perfcore.errors import MalformedInput, Problem, ValidationError
from perfcore.goals import Goal, GoalKind
from perfcore.organisation.population import Person
from perfcore.scales import RatingScale

__all__ = [
    "GoalTemplate",
    "Question",
    "ReviewSection",
    "ReviewTemplate",
    "TemplateRef",
    "TemplateScope",
    "latest_versions",
    "select_template",
]

_SCOPE_FIELDS = ("position", "department", "level")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TemplateScope:
    """Whom a template applies to: a position, department and level, each ``None`` for any.

    >>> TemplateScope(department="sales").specificity
    (False, True, False)
    >>> TemplateScope().is_default
    True
    """

    position: str | None = attrs.field(default=None, validator=v.optional_text())
    department: str | None = attrs.field(default=None, validator=v.optional_text())
    level: str | None = attrs.field(default=None, validator=v.optional_text())

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        """Which of position, department and level it names; a larger tuple is more specific."""
        return (self.position is not None, self.department is not None, self.level is not None)

    @property
    def is_default(self) -> bool:
        """Whether it applies to everyone."""
        return self.specificity == (False, False, False)

    def matches(self, person: Person) -> bool:
        """Whether ``person`` is one of those it applies to."""
        v.require(person, Person, "person")
        return all(
            getattr(self, name) is None or getattr(self, name) == getattr(person, name)
            for name in _SCOPE_FIELDS
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TemplateRef:
    """A template's id and version: what a launched cycle records of the template it used.

    >>> TemplateRef(id="eng-goals", version=2)
    TemplateRef(id='eng-goals', version=2)
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    version: int = attrs.field(validator=v.integer(minimum=1, maximum=1_000_000))


def _check_goal_weights(
    inst: GoalTemplate, attr: attrs.Attribute[Any], value: tuple[Goal, ...]
) -> None:
    # runs after tuple_of(Goal), which refuses anything else first
    weights = [g.weight for g in value if g.kind is GoalKind.PERFORMANCE]
    total = exact_total(weights)
    if weights and not meets_total(total):
        v.fail(
            inst,
            attr,
            f"performance goal weights must total 100, got {total_text(total)}",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalTemplate:
    """The goals a cycle starts with, for the people ``applies_to`` names.

    ``goals`` are proposed in each launched cycle as they are (ids, titles,
    measures, weights); the weights of the performance goals total exactly 100,
    as goal setting will require. A template never changes: :meth:`revised`
    gives the next version.

    >>> import perfcore as pc
    >>> template = GoalTemplate(id="sales-goals", version=1, title="Sales",
    ...     applies_to=TemplateScope(department="sales"),
    ...     goals=(pc.Goal(id="quota", title="Meet the quota", weight=70),
    ...            pc.Goal(id="pipeline", title="Build the pipeline", weight=30)))
    >>> template.revised(title="Sales 2027").ref
    TemplateRef(id='sales-goals', version=2)
    >>> GoalTemplate(id="t", version=1, title="Half",
    ...     goals=(pc.Goal(id="g", title="Half a job", weight=50),))
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: GoalTemplate.goals: performance goal weights must total 100, got 50
    """  # noqa: E501 - the doctest output is one long line

    id: str = attrs.field(validator=v.text(max_length=200))
    version: int = attrs.field(validator=v.integer(minimum=1, maximum=1_000_000))
    title: str = attrs.field(validator=v.text(max_length=500))
    goals: tuple[Goal, ...] = attrs.field(
        validator=[
            v.tuple_of(Goal),
            v.non_empty_tuple(),
            v.distinct("id", "goal ids repeat"),
            _check_goal_weights,
        ]
    )
    applies_to: TemplateScope = attrs.field(
        factory=TemplateScope, validator=v.instance(TemplateScope)
    )

    @property
    def ref(self) -> TemplateRef:
        """Its id and version."""
        return TemplateRef(id=self.id, version=self.version)

    def revised(self, **changes: Any) -> GoalTemplate:  # noqa: ANN401 - any field's value
        """The next version, with ``changes`` (any field but ``id`` and ``version``)."""
        return _revised(self, changes)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Question:
    """One question of a review, answered on its template's scale.

    >>> Question(id="q1", text="Delivers what was agreed").id
    'q1'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    text: str = attrs.field(validator=v.text(max_length=2_000))
    guidance: str = attrs.field(default="", validator=v.text(allow_empty=True))


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReviewSection:
    """A titled group of questions.

    >>> ReviewSection(id="results", title="Results",
    ...               questions=(Question(id="q1", text="Delivers what was agreed"),)).title
    'Results'
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    title: str = attrs.field(validator=v.text(max_length=500))
    questions: tuple[Question, ...] = attrs.field(
        validator=[
            v.tuple_of(Question),
            v.non_empty_tuple(),
            v.distinct("id", "question ids repeat"),
        ]
    )


def _check_question_ids(
    inst: ReviewTemplate, attr: attrs.Attribute[Any], value: tuple[ReviewSection, ...]
) -> None:
    # runs after tuple_of(ReviewSection), which refuses anything else first
    twice = v.repeated(q.id for section in value for q in section.questions)
    if twice:
        message = f"question ids repeat across sections: {', '.join(twice)}"
        v.fail(inst, attr, message, "repeated", {"items": tuple(twice)})


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ReviewTemplate:
    """The review's sections and questions, on one rating scale, for ``applies_to``.

    A launched cycle is started with the template's ``scale``, so its ratings
    are given on it. A template never changes: :meth:`revised` gives the next version.

    >>> template = ReviewTemplate(id="review", version=1, title="Annual review",
    ...     sections=(ReviewSection(id="results", title="Results",
    ...                             questions=(Question(id="q1", text="Delivers"),)),))
    >>> str(template.scale), template.question_ids
    ('1-5', ('q1',))
    """

    id: str = attrs.field(validator=v.text(max_length=200))
    version: int = attrs.field(validator=v.integer(minimum=1, maximum=1_000_000))
    title: str = attrs.field(validator=v.text(max_length=500))
    sections: tuple[ReviewSection, ...] = attrs.field(
        validator=[
            v.tuple_of(ReviewSection),
            v.non_empty_tuple(),
            v.distinct("id", "section ids repeat"),
            _check_question_ids,
        ]
    )
    scale: RatingScale = attrs.field(factory=RatingScale, validator=v.instance(RatingScale))
    applies_to: TemplateScope = attrs.field(
        factory=TemplateScope, validator=v.instance(TemplateScope)
    )

    @property
    def ref(self) -> TemplateRef:
        """Its id and version."""
        return TemplateRef(id=self.id, version=self.version)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Every question's id, section by section."""
        return tuple(q.id for section in self.sections for q in section.questions)

    def revised(self, **changes: Any) -> ReviewTemplate:  # noqa: ANN401 - any field's value
        """The next version, with ``changes`` (any field but ``id`` and ``version``)."""
        return _revised(self, changes)


T = TypeVar("T", GoalTemplate, ReviewTemplate)

Template = GoalTemplate | ReviewTemplate


def _revised(template: T, changes: dict[str, Any]) -> T:
    fixed = sorted(set(changes) & {"id", "version"})
    if fixed:
        raise MalformedInput(
            Problem(path=name, message="a new version keeps the id and counts the version itself")
            for name in fixed
        )
    return attrs.evolve(template, version=template.version + 1, **changes)


def _templates(templates: object, path: str) -> list[Template]:
    items: list[Template] = v.items_of(templates, path, object)
    for index, item in enumerate(items):
        if not isinstance(item, GoalTemplate | ReviewTemplate):
            raise MalformedInput.single(
                f"{path}[{index}]",
                f"must be a GoalTemplate or a ReviewTemplate, got {v.describe(item)}",
                code="wrong_type",
                params={
                    "expected": "GoalTemplate or ReviewTemplate",
                    "actual_type": type(item).__name__,
                },
            )
    return items


def latest_versions(
    templates: Iterable[GoalTemplate | ReviewTemplate],
) -> tuple[GoalTemplate | ReviewTemplate, ...]:
    """The latest version of each template (by id and kind), sorted by id.

    >>> import perfcore as pc
    >>> first = GoalTemplate(id="g", version=1, title="Goals",
    ...                      goals=(pc.Goal(id="a", title="A", weight=100),))
    >>> [t.ref.version for t in latest_versions([first, first.revised(title="Goals, again")])]
    [2]
    """
    latest: dict[tuple[str, str], Any] = {}
    for template in _templates(templates, "templates"):
        key = (type(template).__name__, template.id)
        if key not in latest or latest[key].version < template.version:
            latest[key] = template
    return tuple(latest[key] for key in sorted(latest, key=lambda key: (key[1], key[0])))


def check_unambiguous(templates: Iterable[Template], path: str = "templates") -> None:
    """Refuse two versions of one template, or two templates of a kind with one scope.

    Two templates match a person equally specifically exactly when they are of
    the same kind and name the same scope, so this check up front finds every
    tie :func:`select_template` could meet.
    """
    seen_ids: dict[tuple[type, str], int] = {}
    seen_scopes: dict[tuple[type, TemplateScope], int] = {}
    problems = []
    for index, template in enumerate(_templates(templates, path)):
        kind = type(template)
        earlier = seen_ids.setdefault((kind, template.id), index)
        if earlier != index:
            problems.append(
                Problem(
                    path=f"{path}[{index}].version",
                    message=(
                        f"template {template.id!r} is also {path}[{earlier}]: pass one version of"
                        " each (latest_versions picks the latest)"
                    ),
                    code="repeated",
                    params={"items": (template.id,)},
                )
            )
            continue
        earlier = seen_scopes.setdefault((kind, template.applies_to), index)
        if earlier != index:
            problems.append(
                Problem(
                    path=f"{path}[{index}].applies_to",
                    message=(
                        f"applies to the same people as {path}[{earlier}]: two templates would"
                        " match them equally"
                    ),
                )
            )
    if problems:
        raise ValidationError(problems)


def select_template(templates: Iterable[T], person: Person) -> T | None:
    """The template that applies to ``person``: the most specific match, or ``None``.

    Naming the person's position is more specific than naming their department,
    which is more specific than naming their level; naming none is the default.
    Templates of one kind only. Two matches equally specific (the same scope)
    are a :class:`~perfcore.errors.ValidationError` at the second one's ``applies_to``.

    >>> import datetime as dt
    >>> import perfcore as pc
    >>> from perfcore.organisation import Person
    >>> def goals(id, **scope):
    ...     return GoalTemplate(id=id, version=1, title=id, applies_to=TemplateScope(**scope),
    ...                         goals=(pc.Goal(id="g", title="Goal", weight=100),))
    >>> bo = Person(employee_id="bo", manager_id="jo", department="sales", level="L3",
    ...             hire_date=dt.date(2020, 1, 6))
    >>> select_template([goals("senior", level="L3"), goals("sales", department="sales")], bo).id
    'sales'
    >>> select_template([goals("eng", position="engineer")], bo) is None
    True
    >>> select_template([goals("a", level="L3"), goals("b", level="L3")], bo)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: templates[1].applies_to: matches as specifically as templates[0]
    """  # noqa: E501 - the doctest output is one long line
    v.require(person, Person, "person")
    items = _templates(templates, "templates")
    best: tuple[int, Any] | None = None
    for index, template in enumerate(items):
        if not template.applies_to.matches(person):
            continue
        if best is None or template.applies_to.specificity > best[1].applies_to.specificity:
            best = (index, template)
        elif template.applies_to.specificity == best[1].applies_to.specificity:
            raise ValidationError.single(
                f"templates[{index}].applies_to",
                f"matches as specifically as templates[{best[0]}]",
            )
    return None if best is None else best[1]
