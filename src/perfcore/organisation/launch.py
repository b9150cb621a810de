"""Starting a population's cycles at once, from templates, for the eligible people.

:func:`launch` starts one cycle per eligible person with the public
:meth:`Cycle.start <perfcore.cycle.Cycle.start>` (on the scale of the review
template that applies to them) and proposes the goals of their goal template
with the public :meth:`Cycle.propose_goal <perfcore.cycle.Cycle.propose_goal>`,
in the launching actor's name (HR or a manager: the history credits the draft to
whoever made it; the employee agrees to each goal as to any other).
Every person is handled on their own: a person whose data cannot start a
cycle is left out with the reason and the others are started; no one is half
started, since a cycle is a value that only reaches the result once all its
commands succeeded. What is wrong with the launch itself (the period, the
actor, two templates that tie, a template that applies to no one) refuses the
whole launch, and nothing is started.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._zones import local_date, zone
from perfcore.cycle import DEFAULT_POLICY, Cycle, Policy
from perfcore.errors import (
    MalformedInput,
    PerfcoreError,
    PermissionDenied,
    Problem,
    ValidationError,
)
from perfcore.organisation.eligibility import Eligibility, EligibilityRule, Reason
from perfcore.organisation.population import Person
from perfcore.organisation.templates import (
    GoalTemplate,
    ReviewTemplate,
    TemplateRef,
    _templates,
    check_unambiguous,
    select_template,
)
from perfcore.people import Actor, check_actor_and_moment
from perfcore.periods import Period

__all__ = ["LaunchResult", "Launched", "LeftOut", "cycle_id_for", "launch"]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Launched:
    """One started cycle: whose, its id, and the templates it was started from.

    >>> Launched(employee_id="ann", cycle_id="2026/ann",
    ...          goal_template=TemplateRef(id="eng-goals", version=2))
    Launched(employee_id='ann', cycle_id='2026/ann', goal_template=TemplateRef(id='eng-goals', version=2), review_template=None)
    """  # noqa: E501 - the doctest output is one long line

    employee_id: str = attrs.field(validator=v.text(max_length=200))
    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    goal_template: TemplateRef | None = attrs.field(
        default=None, validator=v.instance(TemplateRef, optional=True)
    )
    review_template: TemplateRef | None = attrs.field(
        default=None, validator=v.instance(TemplateRef, optional=True)
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class LeftOut:
    """A person no cycle was started for, and every reason why.

    ``index`` is their position in the population; ``employee_id`` is ``None``
    when the entry was no :class:`Person` at all.

    >>> LeftOut(employee_id="di", index=3,
    ...         reasons=(Reason(code="on_leave", field="leaves", message="on leave"),))
    LeftOut(employee_id='di', index=3, reasons=(Reason(code='on_leave', field='leaves'),))
    """

    employee_id: str | None = attrs.field(validator=v.optional_text())
    index: int = attrs.field(validator=v.integer(minimum=0))
    reasons: tuple[Reason, ...] = attrs.field(validator=[v.tuple_of(Reason), v.non_empty_tuple()])

    @property
    def codes(self) -> tuple[str, ...]:
        """The reasons' codes."""
        return tuple(reason.code for reason in self.reasons)


def _sorted_by_employee(
    inst: LaunchResult, attr: attrs.Attribute[Any], value: tuple[Cycle, ...]
) -> None:
    ids = [cycle.employee_id for cycle in value]
    if ids != sorted(ids):
        v.fail(inst, attr, "must be sorted by employee id")


def _check_pairs(inst: LaunchResult, attr: attrs.Attribute[Any], value: object) -> None:
    cycles = inst.cycles
    if not isinstance(value, tuple) or not isinstance(cycles, tuple):
        return  # the type checks report it
    pairs = [(c.employee_id, c.id) for c in cycles if isinstance(c, Cycle)]
    rows = [(x.employee_id, x.cycle_id) for x in value if isinstance(x, Launched)]
    if pairs != rows:
        v.fail(inst, attr, "must name the cycles, one each, in their order")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class LaunchResult:
    """What :func:`launch` did: the started cycles and who was left out, and why.

    ``cycles`` are sorted by employee id, and ``launched`` names each one with
    the templates it was started from; ``left_out`` is in population order.
    The repr and :meth:`rows` show ids, template references and reason codes
    only: never a cycle's contents, a date of a person or a message.
    """

    cycles: tuple[Cycle, ...] = attrs.field(
        repr=False, validator=[v.tuple_of(Cycle), _sorted_by_employee]
    )
    launched: tuple[Launched, ...] = attrs.field(validator=[v.tuple_of(Launched), _check_pairs])
    left_out: tuple[LeftOut, ...] = attrs.field(default=(), validator=v.tuple_of(LeftOut))

    def rows(self) -> list[dict[str, str | int | None]]:
        """One row per person, launched ones first: ids, templates and the reason codes.

        ``reasons`` joins a left-out person's codes with ``;``.
        """
        rows: list[dict[str, str | int | None]] = []
        for done in self.launched:
            goals, review = done.goal_template, done.review_template
            rows.append(
                {
                    "employee_id": done.employee_id,
                    "status": "launched",
                    "cycle_id": done.cycle_id,
                    "goal_template": None if goals is None else goals.id,
                    "goal_template_version": None if goals is None else goals.version,
                    "review_template": None if review is None else review.id,
                    "review_template_version": None if review is None else review.version,
                    "reasons": None,
                }
            )
        rows.extend(
            {
                "employee_id": out.employee_id,
                "status": "left_out",
                "cycle_id": None,
                "goal_template": None,
                "goal_template_version": None,
                "review_template": None,
                "review_template_version": None,
                "reasons": ";".join(out.codes),
            }
            for out in self.left_out
        )
        return rows


def cycle_id_for(employee_id: str, period: Period) -> str:
    """The id :func:`launch` gives a person's cycle: ``<period label>/<employee id>``.

    >>> import perfcore as pc
    >>> cycle_id_for("ann", pc.Period.annual(2026)), cycle_id_for("bo", pc.Period.quarter(2026, 3))
    ('2026/ann', '2026-Q3/bo')
    """
    v.require(employee_id, str, "employee_id")
    v.require(period, Period, "period")
    return f"{period.label}/{employee_id}"


def _rules(rules: object) -> Eligibility:
    if isinstance(rules, Eligibility):
        return rules
    if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
        raise MalformedInput.single(
            "rules",
            f"must be an Eligibility or a collection of rules, got {v.describe(rules)}",
            code="wrong_type",
            params={"expected": "Eligibility", "actual_type": type(rules).__name__},
        )
    items = list(rules)
    try:
        return Eligibility(rules=tuple(items))
    except ValidationError as exc:
        raise type(exc)(
            p.at(p.path.replace("Eligibility.rules", "rules")) for p in exc.problems
        ) from None


def _check_scopes_apply(
    templates: Sequence[GoalTemplate | ReviewTemplate], people: Sequence[Person]
) -> None:
    """Refuse a template that applies to no one: a position, department or level nobody has."""
    problems = []
    for index, template in enumerate(templates):
        scope = template.applies_to
        if scope.is_default or any(scope.matches(person) for person in people):
            continue
        unknown = [
            name
            for name in ("position", "department", "level")
            if getattr(scope, name) is not None
            and all(getattr(person, name) != getattr(scope, name) for person in people)
        ]
        if unknown:
            name = unknown[0]
            problems.append(
                Problem(
                    path=f"templates[{index}].applies_to.{name}",
                    message=f"no one in the population has the {name} {getattr(scope, name)!r}",
                )
            )
        else:
            problems.append(
                Problem(
                    path=f"templates[{index}].applies_to",
                    message="no one in the population has this combination",
                )
            )
    if problems:
        raise ValidationError(problems)


def _check_launch(  # noqa: PLR0913 - the arguments of launch
    *,
    population: object,
    templates: object,
    period: object,
    actor: object,
    at: object,
    policy: object,
    time_zone: object,
) -> tuple[list[object], list[GoalTemplate | ReviewTemplate]]:
    problems: list[Problem] = []
    checks: list[Callable[[], object]] = [
        lambda: check_actor_and_moment(actor, at),
        lambda: v.require(period, Period, "period"),
        lambda: v.require(policy, Policy, "policy"),
        lambda: zone(time_zone, "time_zone"),  # type: ignore[arg-type] # checked there
    ]
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            problems.extend(p.at("actor") if p.path == "by" else p for p in exc.problems)
    if isinstance(population, str | bytes | Mapping) or not isinstance(population, Iterable):
        problems.append(
            Problem(
                path="population",
                message=f"must be a collection of Person, got {v.describe(population)}",
                code="not_a_collection",
                params={"expected": "Person", "actual_type": type(population).__name__},
            )
        )
    chosen: list[GoalTemplate | ReviewTemplate] = []
    try:
        chosen = _templates(templates, "templates")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise MalformedInput(problems)
    assert isinstance(population, Iterable)  # noqa: S101 - checked above
    return list(population), chosen


def launch(  # noqa: PLR0913 - one launch, named in full
    population: Iterable[Person],
    templates: Iterable[GoalTemplate | ReviewTemplate],
    period: Period,
    *,
    actor: Actor,
    at: dt.datetime,
    rules: Eligibility | Iterable[EligibilityRule] = (),
    policy: Policy = DEFAULT_POLICY,
    time_zone: str = "UTC",
) -> LaunchResult:
    """Start the cycle of every eligible person of ``population`` for ``period``, from templates.

    The launch date is the date of ``at`` in ``time_zone``; ``rules`` are
    judged on it. Each eligible person's cycle is started by ``actor`` (who
    must be allowed to ``start_cycle``: HR by default) with the id
    :func:`cycle_id_for` gives, in ``time_zone``, on the scale of the review
    template that applies to them (the default 1-5 when no review templates
    are given). The goals of their goal template are then proposed in their
    cycle as drafts by ``actor``, each with the reason
    ``"goal template <id> version <n>"``, to be reviewed, aligned and agreed
    in goal setting as usual.

    A person is left out, with every reason that applies, when: the entry is
    no :class:`Person` (``not_a_person``); their employee id occurs more than
    once in the population (``duplicate_employee_id``, each occurrence); they
    have no manager (``no_manager``); no goal (review) template applies to them
    while some are given (``no_goal_template``, ``no_review_template``); an
    eligibility rule says so (its code); or starting their cycle is refused
    (``refused``, at the path of the first problem). The others are started.

    The launch as a whole is refused, starting nothing, when an argument is
    wrong, ``actor`` may not start cycles, two versions of one template or two
    templates of a kind for the same people are given, or a template applies to
    no one in the population (a position, department or level nobody has).
    """
    people, chosen = _check_launch(
        population=population,
        templates=templates,
        period=period,
        actor=actor,
        at=at,
        policy=policy,
        time_zone=time_zone,
    )
    assert isinstance(actor, Actor)  # noqa: S101 - checked
    assert isinstance(policy, Policy)  # noqa: S101 - checked
    eligibility = _rules(rules)
    check_unambiguous(chosen)
    if not policy.allows("start_cycle", actor.role):
        raise PermissionDenied(
            "start_cycle", actor, f"role {actor.role.name!r} may not start cycles"
        )
    persons = [p for p in people if isinstance(p, Person)]
    _check_scopes_apply(chosen, persons)
    goal_templates = [t for t in chosen if isinstance(t, GoalTemplate)]
    review_templates = [t for t in chosen if isinstance(t, ReviewTemplate)]
    on = local_date(at, time_zone)
    counts = collections.Counter(p.employee_id for p in persons)
    started: list[tuple[Cycle, Launched]] = []
    left_out: list[LeftOut] = []
    for index, entry in enumerate(people):
        if not isinstance(entry, Person):
            reason = Reason(
                code="not_a_person",
                field=f"population[{index}]",
                message=f"must be a Person, got {type(entry).__name__}",
            )
            left_out.append(LeftOut(employee_id=None, index=index, reasons=(reason,)))
            continue
        goals = select_template(goal_templates, entry)
        review = select_template(review_templates, entry)
        reasons = _data_reasons(
            entry,
            counts=counts,
            goal_templates=goal_templates,
            goals=goals,
            review_templates=review_templates,
            review=review,
        )
        reasons.extend(eligibility.check(entry, on=on))
        if not reasons:
            try:
                cycle = _start(
                    entry,
                    goals=goals,
                    review=review,
                    period=period,
                    actor=actor,
                    at=at,
                    policy=policy,
                    time_zone=time_zone,
                )
            except PerfcoreError as refused:
                reasons.append(_refusal(refused))
            else:
                made = Launched(
                    employee_id=entry.employee_id,
                    cycle_id=cycle.id,
                    goal_template=None if goals is None else goals.ref,
                    review_template=None if review is None else review.ref,
                )
                started.append((cycle, made))
                continue
        left_out.append(LeftOut(employee_id=entry.employee_id, index=index, reasons=tuple(reasons)))
    started.sort(key=lambda pair: pair[0].employee_id)
    return LaunchResult(
        cycles=tuple(cycle for cycle, _ in started),
        launched=tuple(made for _, made in started),
        left_out=tuple(left_out),
    )


def _data_reasons(  # noqa: PLR0913 - what one person's data is checked against
    person: Person,
    *,
    counts: collections.Counter[str],
    goal_templates: Sequence[GoalTemplate],
    goals: GoalTemplate | None,
    review_templates: Sequence[ReviewTemplate],
    review: ReviewTemplate | None,
) -> list[Reason]:
    reasons = []
    if counts[person.employee_id] > 1:
        reasons.append(
            Reason(
                code="duplicate_employee_id",
                field="employee_id",
                message=f"occurs {counts[person.employee_id]} times in the population",
            )
        )
    if person.manager_id is None:
        reasons.append(
            Reason(code="no_manager", field="manager_id", message="no manager to run the cycle")
        )
    if goal_templates and goals is None:
        reasons.append(
            Reason(
                code="no_goal_template",
                field="position",
                message="no goal template applies to the position, department or level",
            )
        )
    if review_templates and review is None:
        reasons.append(
            Reason(
                code="no_review_template",
                field="position",
                message="no review template applies to the position, department or level",
            )
        )
    return reasons


def _start(  # noqa: PLR0913 - one person's cycle, in full
    person: Person,
    *,
    goals: GoalTemplate | None,
    review: ReviewTemplate | None,
    period: Period,
    actor: Actor,
    at: dt.datetime,
    policy: Policy,
    time_zone: str,
) -> Cycle:
    """Their cycle, started and with the template's goals proposed: all or nothing."""
    assert person.manager_id is not None  # noqa: S101 - no_manager was checked
    extra: dict[str, Any] = {} if review is None else {"scale": review.scale}
    cycle = Cycle.start(
        cycle_id=cycle_id_for(person.employee_id, period),
        employee_id=person.employee_id,
        manager_id=person.manager_id,
        period=period,
        by=actor,
        at=at,
        policy=policy,
        time_zone=time_zone,
        **extra,
    )
    if goals is not None:
        reason = f"goal template {goals.id} version {goals.version}"
        for goal in goals.goals:  # proposed by whoever launched: the history says who did it
            cycle = cycle.propose_goal(goal, by=actor, at=at, reason=reason)
    return cycle


def _refusal(error: PerfcoreError) -> Reason:
    problems = getattr(error, "problems", ())
    field = problems[0].path if problems else "cycle"
    return Reason(code="refused", field=field, message=str(error))
