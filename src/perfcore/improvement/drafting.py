"""Drafting an improvement plan from an appraisal's unmet goals and their root causes.

Every unmet goal was analysed to one or more root causes during the
appraisal; :func:`draft_plan` proposes, for each cause, the first kinds of
action that :class:`~perfcore.improvement.interventions.CauseInterventions`
allows for it, with an owner, a due date and a success measure. The result is
a :class:`PlanDraft`: a proposal the manager edits with the employee
(:meth:`PlanDraft.replace`, :meth:`PlanDraft.remove`, :meth:`PlanDraft.add`)
before the actions go into the cycle's plan. The draft says what it could not
plan (goals with no root cause yet) and what needed no new action (causes an
existing action, e.g. one carried over from the last cycle, already
addresses), and explains every decision in :attr:`PlanDraft.explanations`.

Owners: causes that lie with the employee (knowledge, experience, attitude
attributed to the employee) are the employee's to work on; objective causes,
attitude attributed to management and capacity (which needs a redesign or a
reassignment) are the manager's.

>>> import datetime as dt
>>> from perfcore.goals import Goal
>>> from perfcore.improvement.model import CauseCategory, RootCause
>>> renewals = Goal(id="g2", title="Renew 40 service contracts", weight=50)
>>> gap = RootCause(id="rc1", goal_id="g2", category=CauseCategory.KNOWLEDGE,
...                 description="Has never priced a service contract")
>>> draft = draft_plan([renewals], [gap], employee_id="e-17", manager_id="m-3",
...                    on=dt.date(2027, 1, 15))
>>> action, = draft.actions
>>> action.id, action.title, action.owner_id, action.due
('rc1-training', 'Training: Renew 40 service contracts', 'e-17', datetime.date(2027, 4, 15))
>>> action.success_measure
"Training completed and applied: 'Renew 40 service contracts' met at the next appraisal"
>>> draft.explanations
("'rc1': knowledge on 'g2' → training (allowed: training, counselling); owner: employee 'e-17'",)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.improvement.interventions import DEFAULT_CAUSE_INTERVENTIONS, CauseInterventions
from perfcore.improvement.model import (
    Attribution,
    CauseCategory,
    ImprovementAction,
    InterventionKind,
    RootCause,
    _distinct_action_ids,
)

__all__ = ["PlanDraft", "draft_plan"]

_TITLE_MAX = 500
"""``ImprovementAction.title``'s limit."""
_ID_MAX = 200
"""``ImprovementAction.id``'s limit."""
_LONGEST_DUE_IN_DAYS = 3660
"""About ten years: the furthest ahead ``due_in_days`` may put an action."""

_K = InterventionKind
_SUCCESS = MappingProxyType(
    {
        _K.TRAINING: "Training completed and applied",
        _K.COUNSELLING: "Counselling completed and applied",
        _K.PRACTICE: "Practice opportunities taken",
        _K.STRETCH_ASSIGNMENT: "Stretch assignment completed",
        _K.ROTATION: "Rotation completed",
        _K.MENTORING: "Mentoring sessions held",
        _K.COACHING: "Coaching held and the agreed change seen at follow-ups",
        _K.CONVERSATION: "Conversation held and the agreed change seen at follow-ups",
        _K.MANAGEMENT_FIX: "Management practice changed and confirmed with the employee",
        _K.CLARIFY_EXPECTATIONS: "Expectations clarified and agreed with the employee",
        _K.REMOVE_OBSTACLES: "Obstacles removed and confirmed with the employee",
        _K.REDESIGN: "Goal or role redesigned and agreed with the employee",
    }
)
"""What shows an action of each kind worked: ``"<this>: '<goal title>' met at the next appraisal"``.

Learning (training, counselling) must be applied; experience (practice,
stretch assignment, rotation, mentoring) must be gained; a changed way of
working (coaching, conversation) must show at follow-ups; a changed situation
(management fix, clarified expectations, obstacles removed, redesign) must be
confirmed with the employee. In every case the goal met at the next appraisal
is the proof.
"""


def _words(kind: InterventionKind) -> str:
    """``stretch_assignment`` → ``stretch assignment``."""
    return kind.value.replace("_", " ")


def _label(kind: InterventionKind) -> str:
    """``stretch_assignment`` → ``Stretch assignment``: the start of an action's title."""
    return _words(kind).capitalize()


def _cause_label(cause: RootCause) -> str:
    """``knowledge``, ``unrealistic goal``, ``attitude (management)``."""
    label = cause.category.value.replace("_", " ")
    if cause.attribution is not None:
        label += f" ({cause.attribution.value})"
    return label


def _lies_with_employee(cause: RootCause) -> bool:
    """Knowledge, experience and attitude attributed to the employee."""
    return cause.category in (CauseCategory.KNOWLEDGE, CauseCategory.EXPERIENCE) or (
        cause.category is CauseCategory.ATTITUDE and cause.attribution is Attribution.EMPLOYEE
    )


def _title(kind: InterventionKind, goal: Goal) -> str:
    """``Training: <goal title>``, cut to the title limit with a final ``…``."""
    title = f"{_label(kind)}: {goal.title}"
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"


def _success(kind: InterventionKind, goal: Goal) -> str:
    return f"{_SUCCESS[kind]}: '{goal.title}' met at the next appraisal"


def _free_id(cause_id: str, kind: InterventionKind, taken: set[str]) -> str:
    """``<cause id>-<kind>``, then ``-2``, ``-3`` ... until free; the cause id is cut to fit."""
    number = 1
    while True:
        tail = f"-{kind.value}" + (f"-{number}" if number > 1 else "")
        candidate = cause_id[: _ID_MAX - len(tail)] + tail
        if candidate not in taken:
            return candidate
        number += 1


def _action_summary(action: ImprovementAction) -> str:
    return f"{_words(action.kind)}, owner {action.owner_id!r}, due {action.due.isoformat()}"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PlanDraft:
    """A proposed improvement plan, for the manager to edit before adopting it.

    ``actions`` are the proposed actions (distinct ids); ``unanalysed_goal_ids``
    the unmet goals that had no root cause, so nothing could be planned for
    them; ``covered_cause_ids`` the causes an existing action already
    addresses; ``explanations`` one line per decision, in goal order, plus one
    per edit. The editing methods return a new draft and leave this one as it is.

    >>> import datetime as dt
    >>> a = ImprovementAction(id="a1", title="CRM course", kind=InterventionKind.TRAINING,
    ...                       owner_id="e-17", due=dt.date(2027, 3, 31), success_measure="Passed")
    >>> draft = PlanDraft(actions=(a,))
    >>> draft.remove("a1").actions
    ()
    >>> draft.remove("a2")
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: action_id: no action 'a2' in the draft (actions: 'a1')
    """

    actions: tuple[ImprovementAction, ...] = attrs.field(
        validator=[v.tuple_of(ImprovementAction), _distinct_action_ids]
    )
    unanalysed_goal_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    covered_cause_ids: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.text(max_length=200), unique=True)
    )
    explanations: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))

    def action(self, action_id: str) -> ImprovementAction | None:
        """The drafted action with ``action_id``, or ``None``."""
        for action in self.actions:
            if action.id == action_id:
                return action
        return None

    def replace(self, action: ImprovementAction) -> PlanDraft:
        """A new draft with the action of the same id replaced by ``action``, in place.

        >>> import datetime as dt
        >>> a = ImprovementAction(id="a1", title="CRM course", kind=InterventionKind.TRAINING,
        ...     owner_id="e-17", due=dt.date(2027, 3, 31), success_measure="Passed")
        >>> later = PlanDraft(actions=(a,)).replace(attrs.evolve(a, due=dt.date(2027, 5, 31)))
        >>> later.actions[0].due, later.explanations
        (datetime.date(2027, 5, 31), ("replaced 'a1': training, owner 'e-17', due 2027-05-31",))
        """
        self._check_action(action)
        if self.action(action.id) is None:
            raise ValidationError.single("action.id", self._unknown(action.id))
        return attrs.evolve(
            self,
            actions=tuple(action if a.id == action.id else a for a in self.actions),
            explanations=(
                *self.explanations,
                f"replaced {action.id!r}: {_action_summary(action)}",
            ),
        )

    def remove(self, action_id: str) -> PlanDraft:
        """A new draft without the action ``action_id``."""
        if not isinstance(action_id, str):
            raise ValidationError.single(
                "action_id", f"must be a string, got {v.describe(action_id)}"
            )
        if self.action(action_id) is None:
            raise ValidationError.single("action_id", self._unknown(action_id))
        return attrs.evolve(
            self,
            actions=tuple(a for a in self.actions if a.id != action_id),
            explanations=(*self.explanations, f"removed {action_id!r}"),
        )

    def add(self, action: ImprovementAction) -> PlanDraft:
        """A new draft with ``action`` added at the end; its id must be new.

        >>> import datetime as dt
        >>> a = ImprovementAction(id="a1", title="CRM course", kind=InterventionKind.TRAINING,
        ...     owner_id="e-17", due=dt.date(2027, 3, 31), success_measure="Passed")
        >>> PlanDraft(actions=(a,)).add(a)
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: action.id: 'a1' is already in the draft
        """
        self._check_action(action)
        if self.action(action.id) is not None:
            raise ValidationError.single("action.id", f"{action.id!r} is already in the draft")
        return attrs.evolve(
            self,
            actions=(*self.actions, action),
            explanations=(*self.explanations, f"added {action.id!r}: {_action_summary(action)}"),
        )

    @staticmethod
    def _check_action(action: object) -> None:
        if not isinstance(action, ImprovementAction):
            raise ValidationError.single(
                "action", f"must be an ImprovementAction, got {v.describe(action)}"
            )

    def _unknown(self, action_id: str) -> str:
        known = ", ".join(repr(a.id) for a in self.actions) or "none"
        return f"no action {action_id!r} in the draft (actions: {known})"


def draft_plan(  # noqa: PLR0913 - the appraisal's findings, who, when, and how to draft
    goals: Sequence[Goal],
    root_causes: Sequence[RootCause],
    *,
    employee_id: str,
    manager_id: str,
    on: dt.date,
    interventions: CauseInterventions = DEFAULT_CAUSE_INTERVENTIONS,
    due_in_days: int = 90,
    kinds_per_cause: int = 1,
    existing: Sequence[ImprovementAction] = (),
) -> PlanDraft:
    """Draft improvement actions for the root causes of unmet goals.

    ``goals`` are the unmet goals (e.g. ``cycle.unmet_goals``) and
    ``root_causes`` the analysed causes (e.g. ``cycle.root_causes``); causes
    of goals not in ``goals`` are ignored. For each goal in the order given,
    and each of its causes in the order given:

    - a goal with no cause goes to ``unanalysed_goal_ids``;
    - a cause that an ``existing`` action (e.g. one carried over from the last
      cycle) already addresses with a kind ``interventions`` allows for it goes
      to ``covered_cause_ids`` and gets no new action;
    - otherwise the cause gets one action for each of the first
      ``kinds_per_cause`` kinds ``interventions`` allows for it.

    Each action has id ``"<cause id>-<kind>"`` (``-2``, ``-3`` ... appended
    when that id is taken by an existing or an earlier drafted action), a
    title ``"<Kind>: <goal title>"``, the cause as its only ``cause_ids``, the
    employee or the manager as owner (see the module notes), due
    ``due_in_days`` days (1 to 3660) after ``on``, and a success measure naming
    the goal. Bad arguments raise :class:`perfcore.ValidationError` naming each.

    >>> import datetime as dt
    >>> from perfcore.goals import Goal
    >>> deals = Goal(id="g1", title="Close 12 deals")
    >>> new_job = RootCause(id="rc1", goal_id="g1", category=CauseCategory.EXPERIENCE,
    ...                     description="First year in sales")
    >>> draft = draft_plan([deals], [new_job], employee_id="e-17", manager_id="m-3",
    ...                    on=dt.date(2027, 1, 15), kinds_per_cause=2, due_in_days=30)
    >>> [(a.id, a.owner_id, a.due.isoformat()) for a in draft.actions]
    [('rc1-practice', 'e-17', '2027-02-14'), ('rc1-stretch_assignment', 'e-17', '2027-02-14')]
    >>> draft_plan([deals], [], employee_id="e-17", manager_id="m-3",
    ...            on=dt.date(2027, 1, 15)).unanalysed_goal_ids
    ('g1',)
    """
    checked_goals, causes, known = _check_arguments(
        goals,
        root_causes,
        existing,
        employee_id=employee_id,
        manager_id=manager_id,
        on=on,
        interventions=interventions,
        due_in_days=due_in_days,
        kinds_per_cause=kinds_per_cause,
    )
    due = plus_days(on, due_in_days)
    taken = {action.id for action in known}
    actions: list[ImprovementAction] = []
    unanalysed: list[str] = []
    covered: list[str] = []
    explanations: list[str] = []
    for goal in checked_goals:
        of_goal = [cause for cause in causes if cause.goal_id == goal.id]
        if not of_goal:
            unanalysed.append(goal.id)
            explanations.append(f"{goal.id!r} has no root cause: analyse it before planning")
            continue
        for cause in of_goal:
            head = f"{cause.id!r}: {_cause_label(cause)} on {goal.id!r}"
            linked = [a for a in known if cause.id in a.cause_ids]
            covering = [a for a in linked if interventions.follows_from(a.kind, cause)]
            if covering:
                covered.append(cause.id)
                by = ", ".join(f"{a.id!r} ({_words(a.kind)})" for a in covering)
                explanations.append(f"{head} is already addressed by {by}; no new action")
                continue
            allowed = interventions.allowed_for(cause)
            chosen = allowed[:kinds_per_cause]
            owner_is_employee = _lies_with_employee(cause)
            owner = employee_id if owner_is_employee else manager_id
            for kind in chosen:
                action_id = _free_id(cause.id, kind, taken)
                taken.add(action_id)
                actions.append(
                    ImprovementAction(
                        id=action_id,
                        title=_title(kind, goal),
                        kind=kind,
                        owner_id=owner,
                        due=due,
                        success_measure=_success(kind, goal),
                        cause_ids=(cause.id,),
                    )
                )
            line = (
                f"{head} → {', '.join(_words(k) for k in chosen)}"
                f" (allowed: {', '.join(_words(k) for k in allowed)});"
                f" owner: {'employee' if owner_is_employee else 'manager'} {owner!r}"
            )
            if linked:
                others = ", ".join(f"{a.id!r} ({_words(a.kind)})" for a in linked)
                line += f"; existing {others} does not follow from it"
            explanations.append(line)
    return PlanDraft(
        actions=tuple(actions),
        unanalysed_goal_ids=tuple(unanalysed),
        covered_cause_ids=tuple(covered),
        explanations=tuple(explanations),
    )


def _sequence_of(
    value: object, cls: type[Any], name: str, problems: list[Problem]
) -> tuple[Any, ...]:
    """``value`` as a tuple of ``cls`` items with distinct ids; problems for the rest."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        problems.append(
            Problem(
                path=name,
                message=f"must be a sequence of {cls.__name__}, got {v.describe(value)}",
            )
        )
        return ()
    good: list[Any] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        where = f"{name}[{index}]"
        if not isinstance(item, cls):
            article = "an" if cls.__name__[0] in "AEIOU" else "a"
            problems.append(
                Problem(
                    path=where,
                    message=f"must be {article} {cls.__name__}, got {v.describe(item)}",
                )
            )
            continue
        if item.id in seen:
            problems.append(
                Problem(
                    path=f"{where}.id",
                    message=f"{item.id!r} is already the id of {name}[{seen[item.id]}]",
                )
            )
            continue
        seen[item.id] = index
        good.append(item)
    return tuple(good)


def _check_person(value: object, name: str, problems: list[Problem]) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > _ID_MAX:
        problems.append(
            Problem(
                path=name,
                message=f"must be a non-empty string of at most {_ID_MAX} characters,"
                f" got {v.describe(value)}",
            )
        )


def _check_count(
    value: object, name: str, low: int, high: int | None, problems: list[Problem]
) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(path=name, message=f"must be an integer, got {v.describe(value)}"))
        return False
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        problems.append(Problem(path=name, message=f"must be {bounds}, got {value}"))
        return False
    return True


def _check_arguments(  # noqa: PLR0913 - every argument of draft_plan
    goals: object,
    root_causes: object,
    existing: object,
    *,
    employee_id: object,
    manager_id: object,
    on: object,
    interventions: object,
    due_in_days: object,
    kinds_per_cause: object,
) -> tuple[tuple[Goal, ...], tuple[RootCause, ...], tuple[ImprovementAction, ...]]:
    problems: list[Problem] = []
    checked_goals: tuple[Goal, ...] = _sequence_of(goals, Goal, "goals", problems)
    causes: tuple[RootCause, ...] = _sequence_of(root_causes, RootCause, "root_causes", problems)
    known: tuple[ImprovementAction, ...] = _sequence_of(
        existing, ImprovementAction, "existing", problems
    )
    _check_person(employee_id, "employee_id", problems)
    _check_person(manager_id, "manager_id", problems)
    good_date = isinstance(on, dt.date) and not isinstance(on, dt.datetime)
    if not good_date:
        problems.append(Problem(path="on", message=f"must be a date, got {v.describe(on)}"))
    if not isinstance(interventions, CauseInterventions):
        problems.append(
            Problem(
                path="interventions",
                message=f"must be a CauseInterventions, got {v.describe(interventions)}",
            )
        )
    good_days = _check_count(due_in_days, "due_in_days", 1, _LONGEST_DUE_IN_DAYS, problems)
    _check_count(kinds_per_cause, "kinds_per_cause", 1, None, problems)
    if good_date and good_days:
        assert isinstance(on, dt.date)  # noqa: S101 - narrowed above
        assert isinstance(due_in_days, int)  # noqa: S101 - narrowed above
        if (dt.date.max - on).days < due_in_days:
            problems.append(
                Problem(
                    path="due_in_days",
                    message=f"puts the due date past {dt.date.max.isoformat()}:"
                    f" {on.isoformat()} + {due_in_days} days",
                )
            )
    if problems:
        raise ValidationError(problems)
    return checked_goals, causes, known
