"""Hypothesis strategies for :mod:`perfcore.organisation`: people, templates, eligibility rules.

Valid by construction; every function takes keyword-only arguments to pin parts
of what is drawn, like the rest of :mod:`perfcore.testing.strategies`; builds on
the primitive and record strategies (a goal template's goals are a goal set).
Requires hypothesis (``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from perfcore.organisation import (
    ContractTypes,
    Eligibility,
    EligibilityRule,
    GoalTemplate,
    HiredBy,
    Launched,
    Leave,
    LeftOut,
    MinimumTenure,
    NotOnLeave,
    Person,
    Question,
    Reason,
    ReviewSection,
    ReviewTemplate,
    TemplateRef,
    TemplateScope,
)
from perfcore.testing._primitive_strategies import _or, ids, rating_scales, texts
from perfcore.testing._record_strategies import goal_sets

__all__ = [
    "CONTRACT_TYPES",
    "contract_types_rules",
    "eligibilities",
    "eligibility_rules",
    "goal_templates",
    "hired_by_rules",
    "launched",
    "leaves",
    "left_outs",
    "minimum_tenure_rules",
    "not_on_leave_rules",
    "persons",
    "questions",
    "reasons",
    "review_sections",
    "review_templates",
    "template_refs",
    "template_scopes",
]

CONTRACT_TYPES = ("permanent", "fixed_term", "part_time", "contractor", "intern")
"""The contract types the strategies draw from."""

_DAYS = st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))


def leaves(*, start: st.SearchStrategy[dt.date] | None = None) -> st.SearchStrategy[Leave]:
    """A leave of absence, open or of up to a year. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> Leave:
        first = draw(_or(start, _DAYS))
        length = draw(st.none() | st.integers(0, 365))
        return Leave(start=first, end=None if length is None else first + dt.timedelta(length))

    return build()


def persons(  # noqa: PLR0913 - one constraint per field
    *,
    employee_id: st.SearchStrategy[str] | None = None,
    manager_id: st.SearchStrategy[str | None] | None = None,
    hire_date: st.SearchStrategy[dt.date] | None = None,
    position: st.SearchStrategy[str | None] | None = None,
    department: st.SearchStrategy[str | None] | None = None,
    level: st.SearchStrategy[str | None] | None = None,
    contract_type: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Person]:
    """A person with up to two leaves that do not overlap; never their own manager.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Person:
        person = draw(_or(employee_id, ids()))
        manager = draw(_or(manager_id, st.none() | ids()))
        starts = sorted(draw(st.lists(_DAYS, unique=True, max_size=2)))
        away = []
        for index, first in enumerate(starts):
            last = starts[index + 1] - dt.timedelta(1) if index + 1 < len(starts) else None
            end = draw(st.dates(first, last) if last is not None else st.none() | st.dates(first))
            away.append(Leave(start=first, end=end))
        return Person(
            employee_id=person,
            manager_id=None if manager == person else manager,
            hire_date=draw(_or(hire_date, _DAYS)),
            position=draw(_or(position, st.none() | ids())),
            department=draw(_or(department, st.none() | ids())),
            level=draw(_or(level, st.none() | ids())),
            contract_type=draw(_or(contract_type, st.sampled_from(CONTRACT_TYPES))),
            leaves=tuple(away),
        )

    return build()


def template_scopes(
    *,
    position: st.SearchStrategy[str | None] | None = None,
    department: st.SearchStrategy[str | None] | None = None,
    level: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[TemplateScope]:
    """Whom a template applies to; each part ``None`` or an id. Requires hypothesis."""
    return st.builds(
        TemplateScope,
        position=_or(position, st.none() | ids()),
        department=_or(department, st.none() | ids()),
        level=_or(level, st.none() | ids()),
    )


def template_refs() -> st.SearchStrategy[TemplateRef]:
    """A template's id and version. Requires hypothesis."""
    return st.builds(TemplateRef, id=ids(), version=st.integers(1, 50))


def goal_templates(
    *,
    template_id: st.SearchStrategy[str] | None = None,
    applies_to: st.SearchStrategy[TemplateScope] | None = None,
) -> st.SearchStrategy[GoalTemplate]:
    """A goal template whose goals can pass goal setting. Requires hypothesis."""
    return st.builds(
        GoalTemplate,
        id=_or(template_id, ids()),
        version=st.integers(1, 50),
        title=texts(),
        goals=goal_sets(max_performance=3),
        applies_to=_or(applies_to, template_scopes()),
    )


def questions() -> st.SearchStrategy[Question]:
    """A review question. Requires hypothesis."""
    return st.builds(Question, id=ids(), text=texts(), guidance=st.just("") | texts())


def review_sections(
    *, question_ids: st.SearchStrategy[list[str]] | None = None
) -> st.SearchStrategy[ReviewSection]:
    """A section of one to three questions with distinct ids. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> ReviewSection:
        names = draw(_or(question_ids, st.lists(ids(), min_size=1, max_size=3, unique=True)))
        asked = tuple(Question(id=name, text=draw(texts())) for name in names)
        return ReviewSection(id=draw(ids()), title=draw(texts()), questions=asked)

    return build()


def review_templates(
    *,
    template_id: st.SearchStrategy[str] | None = None,
    applies_to: st.SearchStrategy[TemplateScope] | None = None,
) -> st.SearchStrategy[ReviewTemplate]:
    """A review template of one to three sections; question ids distinct throughout.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> ReviewTemplate:
        count = draw(st.integers(1, 3))
        names = draw(st.lists(ids(), min_size=count, max_size=count * 3, unique=True))
        split = [names[i::count] for i in range(count)]
        sections = tuple(
            ReviewSection(
                id=f"s{index}",
                title=draw(texts()),
                questions=tuple(Question(id=name, text=draw(texts())) for name in part),
            )
            for index, part in enumerate(split)
        )
        return ReviewTemplate(
            id=draw(_or(template_id, ids())),
            version=draw(st.integers(1, 50)),
            title=draw(texts()),
            sections=sections,
            scale=draw(rating_scales()),
            applies_to=draw(_or(applies_to, template_scopes())),
        )

    return build()


def reasons() -> st.SearchStrategy[Reason]:
    """A reason someone was left out of a launch. Requires hypothesis."""
    codes = st.sampled_from(
        ("on_leave", "tenure_too_short", "hired_after_cutoff", "no_manager", "refused")
    )
    fields = st.sampled_from(("hire_date", "leaves", "manager_id", "contract_type"))
    return st.builds(Reason, code=codes, field=fields, message=texts())


def launched() -> st.SearchStrategy[Launched]:
    """One started cycle of a launch, as the result names it. Requires hypothesis."""
    return st.builds(
        Launched,
        employee_id=ids(),
        cycle_id=ids(),
        goal_template=st.none() | template_refs(),
        review_template=st.none() | template_refs(),
    )


def left_outs() -> st.SearchStrategy[LeftOut]:
    """A person left out of a launch, with one to three reasons. Requires hypothesis."""
    return st.builds(
        LeftOut,
        employee_id=st.none() | ids(),
        index=st.integers(0, 1000),
        reasons=st.lists(reasons(), min_size=1, max_size=3).map(tuple),
    )


def hired_by_rules() -> st.SearchStrategy[HiredBy]:
    """A hire-date cut-off. Requires hypothesis."""
    return st.builds(HiredBy, cutoff=_DAYS)


def not_on_leave_rules() -> st.SearchStrategy[NotOnLeave]:
    """The not-on-leave rule. Requires hypothesis."""
    return st.just(NotOnLeave())


def contract_types_rules() -> st.SearchStrategy[ContractTypes]:
    """A set of allowed contract types. Requires hypothesis."""
    allowed = st.lists(st.sampled_from(CONTRACT_TYPES), min_size=1, unique=True).map(tuple)
    return st.builds(ContractTypes, allowed=allowed)


def minimum_tenure_rules() -> st.SearchStrategy[MinimumTenure]:
    """A minimum tenure of up to four years. Requires hypothesis."""
    return st.builds(MinimumTenure, months=st.integers(0, 48))


def eligibility_rules() -> st.SearchStrategy[EligibilityRule]:
    """One of the built-in eligibility rules. Requires hypothesis."""
    return st.one_of(
        hired_by_rules(), not_on_leave_rules(), contract_types_rules(), minimum_tenure_rules()
    )


def eligibilities() -> st.SearchStrategy[Eligibility]:
    """A set of built-in eligibility rules, each at most once. Requires hypothesis."""
    rules = st.lists(eligibility_rules(), unique_by=lambda rule: rule.name, max_size=4)
    return rules.map(lambda chosen: Eligibility(rules=tuple(chosen)))
