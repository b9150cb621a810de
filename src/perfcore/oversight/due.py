"""Due items: who owes what on each cycle, and by when.

Nothing here decides a rule of its own. Each item is read from what already
judges the cycle:

- every unmet, unwaived leaving condition (:func:`perfcore.cycle.conditions.blockers_of`,
  the guard's one answer) is one item, of the kind :data:`CONDITION_KINDS`
  maps its code to;
- the next check-in the agreed recurrence asks
  (:meth:`Cycle.check_in_report <perfcore.Cycle.check_in_report>`, the schedule
  the guard and the audit read) and the formal reviews still to come are items
  of the cycle's schedule;
- the deadline of the phase the cycle is in (:meth:`AuditContext.deadline
  <perfcore.oversight.AuditContext.deadline>`, a manager agreement's review
  deadline or the default :class:`~perfcore.oversight.PhaseDeadlines`, as the
  audit's ``phase_overdue`` rule reads it) is one item.

An item carries ids, roles, codes and dates only: never a goal's title, a
rating, a score or a comment, so a reminder built from it shows nobody what
they may not see.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

import attrs

from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore.cycle import Cycle, Phase
from perfcore.cycle.conditions import blockers_of
from perfcore.errors import Blocker, ValidationError
from perfcore.oversight.audit import _cycles, as_it_stood
from perfcore.oversight.context import AuditContext, PhaseDeadlines
from perfcore.oversight.cycle_rules import SignalUnanswered
from perfcore.people import Role
from perfcore.schedule import ManagerAgreement

__all__ = [
    "CONDITION_KINDS",
    "DUE_KINDS",
    "DueItem",
    "DueKind",
    "DueSource",
    "due_items",
    "due_items_of",
]


class DueSource(enum.Enum):
    """What an item is read from."""

    CONDITION = "condition"
    """An unmet, unwaived condition for leaving the phase: one of the cycle's blockers."""
    SCHEDULE = "schedule"
    """A date the cycle's schedule sets that is still to come: the next check-in, formal reviews."""
    DEADLINE = "deadline"
    """The deadline of the phase the cycle is in."""
    ROUTE = "route"
    """The cycle's approval route: a step the ratings await, or ratings sent back to draft."""
    ONE_ON_ONE = "one_on_one"
    """What 1:1s left open: action items, calls for HR's help, harms to the company's interest."""


def _command_names(inst: DueKind, attr: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    v.tuple_of(str)(inst, attr, value)
    if not value:
        v.fail(inst, attr, "must name at least one command")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class DueKind:
    """A kind of work someone owes on a cycle: its stable code, a short text and who owes it.

    ``commands`` are the names of the commands (rows of
    :data:`perfcore.cycle.COMMANDS`) that do the work; ``role`` is the role that
    owes it, one the command table allows at least one of them.

    >>> kind = DueKind(code="agree_goals", text="Agree the goals", role=Role.EMPLOYEE,
    ...                commands=("agree_goals",))
    >>> kind.owner_id(employee_id="e7", manager_id="m2")
    'e7'
    """

    code: str = attrs.field(validator=v.identifier())
    text: str = attrs.field(validator=v.text(max_length=200))
    role: Role = attrs.field(validator=v.instance(Role))
    commands: tuple[str, ...] = attrs.field(validator=_command_names)

    def owner_id(self, *, employee_id: str, manager_id: str) -> str | None:
        """The person who owes it on a cycle: its employee or its manager; ``None`` for HR.

        HR (or any other role) is a function, not one person a cycle names.
        """
        v.require(employee_id, str, "employee_id")
        v.require(manager_id, str, "manager_id")
        if self.role == Role.EMPLOYEE:
            return employee_id
        if self.role == Role.MANAGER:
            return manager_id
        return None


_E, _M, _HR = Role.EMPLOYEE, Role.MANAGER, Role.HR


def _kind(code: str, text: str, role: Role, *commands: str) -> DueKind:
    return DueKind(code=code, text=text, role=role, commands=commands)


DUE_KINDS: tuple[DueKind, ...] = (
    _kind(
        "set_goals",
        "Set measured, weighted, aligned goals",
        _M,
        "propose_goal",
        "revise_goal",
        "align_goal",
    ),
    _kind("agree_goals", "Agree the goals", _E, "agree_goals"),
    _kind("hold_check_in", "Hold a check-in", _M, "record_check_in"),
    _kind("submit_self_assessment", "Submit the self-assessment", _E, "submit_self_assessment"),
    _kind(
        "rate",
        "Rate the goals and competencies",
        _M,
        "submit_manager_assessment",
        "submit_competency_assessment",
    ),
    _kind("record_root_cause", "Record the root cause of an unmet goal", _M, "record_root_cause"),
    _kind("record_practice", "Record what worked on an exceeded goal", _M, "record_practice"),
    _kind(
        "hold_feedback_discussion", "Hold the feedback discussion", _M, "hold_feedback_discussion"
    ),
    _kind("explain_gap", "Explain a self/manager rating gap", _M, "hold_feedback_discussion"),
    _kind(
        "approve_ratings", "Approve or return the ratings", _HR, "approve_ratings", "return_ratings"
    ),
    _kind("revise_ratings", "Revise the ratings sent back", _M, "submit_manager_assessment"),
    _kind("release_ratings", "Release the ratings", _M, "release_ratings"),
    _kind("do_action_item", "Do an action item a 1:1 agreed", _M, "record_check_in"),
    _kind("answer_signal", "Answer a call for help or a concern", _HR, "answer_signal"),
    _kind("acknowledge", "Acknowledge or dispute the appraisal", _E, "acknowledge", "dispute"),
    _kind("resolve_dispute", "Resolve the dispute", _HR, "resolve_dispute"),
    _kind(
        "amend_appraisal",
        "Carry out the amendment HR decided",
        _HR,
        "adjust_score",
        "submit_manager_assessment",
    ),
    _kind("plan_improvement", "Add an improvement action", _M, "add_improvement_action"),
    _kind("follow_up_action", "Follow up an improvement action", _M, "record_follow_up"),
    _kind("record_outcome", "Record an action's outcome", _M, "record_follow_up"),
    _kind("answer_follow_up", "Answer a follow-up", _E, "answer_follow_up"),
    _kind("hold_formal_review", "Hold a formal review", _M, "record_formal_review"),
    _kind("record_plan_outcome", "Record the formal plan's outcome", _M, "record_formal_review"),
    _kind("leave_phase", "Complete the phase", _M, "advance_phase", "close"),
    _kind("meet_condition", "Meet a condition for leaving the phase", _M, "advance_phase"),
)
"""Every kind of due item, by stable code; a new kind (an approval step) is a new row."""

KIND_BY_CODE: Mapping[str, DueKind] = MappingProxyType({kind.code: kind for kind in DUE_KINDS})
""":data:`DUE_KINDS` by code."""

CONDITION_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "goals_present": "set_goals",
        "goal_measure": "set_goals",
        "goal_agreed": "agree_goals",
        "weights_total": "set_goals",
        "goal_aligned": "set_goals",
        "check_in_cadence": "hold_check_in",
        "manager_assessment": "rate",
        "goal_rated": "rate",
        "competency_rated": "rate",
        "self_assessment": "submit_self_assessment",
        "gap_explained": "explain_gap",
        "root_cause": "record_root_cause",
        "signal_analysed": "record_root_cause",
        "practice_recorded": "record_practice",
        "feedback_discussion": "hold_feedback_discussion",
        "dispute_resolved": "resolve_dispute",
        "acknowledgement": "acknowledge",
        "dispute_amended": "amend_appraisal",
        "ratings_released": "release_ratings",
        "rerating_acknowledged": "acknowledge",
        "cause_addressed": "plan_improvement",
        "action_fits_cause": "plan_improvement",
        "action_followed_up": "follow_up_action",
        "action_outcome": "record_outcome",
        "outcome_answered": "answer_follow_up",
        "formal_reviews_held": "hold_formal_review",
        "formal_plan_outcome": "record_plan_outcome",
    }
)
"""Each leaving condition's code (:data:`perfcore.cycle.CONDITIONS`) → the kind of item it owes.

A condition without a row here is owed as ``meet_condition`` by the manager; a
test keeps every condition in the table.
"""

_UNMAPPED = "meet_condition"
_DEADLINE = "leave_phase"


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class DueItem:
    """One piece of work someone owes on a cycle, by when.

    ``code`` is the kind's stable code (:data:`DUE_KINDS`) and ``text`` its short
    text; ``owner_id`` and ``owner_role`` say who owes it (``owner_id`` is
    ``None`` for HR); ``due`` is the last day it is on time, in the cycle's
    calendar, and ``overdue`` whether that day had passed at the ``as_of`` it
    was listed for. ``source`` says what it was read from; ``condition`` is the
    leaving condition it is (or, for a schedule item, will be once due) and
    ``subject`` what inside the cycle it is about (a goal, an action, a due
    date), both as the cycle's blockers name them. Ids, roles, codes and dates
    only: no titles, ratings, scores or comments.

    >>> item = DueItem(cycle_id="c-1", employee_id="e7", code="agree_goals",
    ...     text="Agree the goals", owner_id="e7", owner_role=Role.EMPLOYEE,
    ...     due=dt.date(2026, 2, 15), overdue=False, source=DueSource.CONDITION,
    ...     condition="goal_agreed", subject="g1", phase=Phase.GOAL_SETTING)
    >>> item.as_record()["due"], item.sort_key()[:3]
    ('2026-02-15', (datetime.date(2026, 2, 15), 'c-1', 'agree_goals'))
    """

    cycle_id: str = attrs.field(validator=v.text(max_length=200))
    employee_id: str = attrs.field(validator=v.text(max_length=200))
    code: str = attrs.field(validator=v.identifier())
    text: str = attrs.field(validator=v.text(max_length=200))
    owner_id: str | None = attrs.field(validator=v.optional_text())
    owner_role: Role = attrs.field(validator=v.instance(Role))
    due: dt.date = attrs.field(validator=v.date())
    overdue: bool = attrs.field(validator=v.boolean())
    source: DueSource = attrs.field(validator=v.member(DueSource))
    condition: str | None = attrs.field(default=None, validator=v.optional_text())
    subject: str | None = attrs.field(default=None, validator=v.optional_text())
    phase: Phase = attrs.field(validator=v.member(Phase))

    def sort_key(self) -> tuple[dt.date, str, str, str, str, str]:
        """Due date, cycle, code, then subject, condition and source: a total, stable order."""
        return (
            self.due,
            self.cycle_id,
            self.code,
            self.subject or "",
            self.condition or "",
            self.source.value,
        )

    def as_record(self) -> dict[str, str | bool | None]:
        """A flat row of plain values (dates as ISO text, the role by name), for a DataFrame."""
        return {
            "cycle_id": self.cycle_id,
            "employee_id": self.employee_id,
            "code": self.code,
            "text": self.text,
            "owner_id": self.owner_id,
            "owner_role": self.owner_role.name,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "source": self.source.value,
            "condition": self.condition,
            "subject": self.subject,
            "phase": self.phase.value,
        }


# --- reading a cycle -----------------------------------------------------------------


def _item(  # noqa: PLR0913 - one item's fields, named
    cycle: Cycle,
    kind: DueKind,
    *,
    due: dt.date,
    today: dt.date,
    source: DueSource,
    condition: str | None = None,
    subject: str | None = None,
) -> DueItem:
    return DueItem(
        cycle_id=cycle.id,
        employee_id=cycle.employee_id,
        code=kind.code,
        text=kind.text,
        owner_id=kind.owner_id(employee_id=cycle.employee_id, manager_id=cycle.manager_id),
        owner_role=kind.role,
        due=due,
        overdue=today > due,
        source=source,
        condition=condition,
        subject=subject,
        phase=cycle.phase,
    )


def _check_in_due(cycle: Cycle, subject: str) -> dt.date:
    """A missed check-in: due on its subject, on time up to the cadence's grace days.

    Under rules 1 and 2 the subject is the start of a gap between check-ins,
    which was due to end ``check_in_every_days`` later.
    """
    day = dt.date.fromisoformat(subject)
    if cycle.settings is None:
        return plus_days(day, cycle.check_in_every_days)
    return plus_days(day, cycle.check_in_cadence.grace_days)


def _review_due(_: Cycle, subject: str) -> dt.date:
    """A formal review: due on its review date, the subject."""
    return dt.date.fromisoformat(subject)


def _follow_up_due(cycle: Cycle, subject: str) -> dt.date | None:
    """An action's follow-up: due on the action's due date."""
    return next((action.due for action in cycle.actions if action.id == subject), None)


_DATED: Mapping[str, Callable[[Cycle, str], dt.date | None]] = MappingProxyType(
    {
        "check_in_cadence": _check_in_due,
        "formal_reviews_held": _review_due,
        "action_followed_up": _follow_up_due,
    }
)
"""The conditions whose blockers name their own due date (their subjects are ISO dates or ids)."""


def _dated(cycle: Cycle, blocker: Blocker) -> dt.date | None:
    """The date a blocker names as its own, if any: else the phase's deadline applies."""
    dated = _DATED.get(blocker.code)
    if dated is None or blocker.subject is None:
        return None
    return dated(cycle, blocker.subject)


_HORIZONS = (31, 366)
"""How far ahead the next check-in is looked for, in days: a month first, then a year."""


def _next_check_in(cycle: Cycle, today: dt.date) -> Iterator[tuple[dt.date, str]]:
    """The next check-in the agreed recurrence asks, as (last day on time, its due date).

    Read from :meth:`Cycle.check_in_report` up to a year ahead; none for cycles
    under rules 1 and 2 (their guard judges gaps, not a recurrence) or when HR
    waived the cadence altogether. (A single due date can be waived only once
    missed, so no date still to come is waived.)
    """
    if cycle.phase is not Phase.IMPLEMENTATION or cycle.settings is None:
        return
    if any(w.covers("check_in_cadence", None) for w in cycle.waivers):
        return
    start = cycle.date_of(cycle.phase_started_at)
    for days in _HORIZONS:
        report = cycle.check_in_report(start=start, end=plus_days(today, days), as_of=today)
        ahead = report.not_yet_due
        if ahead:
            due = ahead[0].due
            yield plus_days(due, report.cadence.grace_days), due.isoformat()
            return


def _formal_reviews_ahead(cycle: Cycle, today: dt.date) -> Iterator[dt.date]:
    """The formal plan's review dates still to come, not yet honoured nor waived."""
    plan = cycle.formal_plan
    if cycle.phase is not Phase.IMPROVEMENT or plan is None:
        return
    honoured = set(plan.honoured_reviews(cycle.formal_reviews))
    for day in plan.review_dates:
        waived = any(w.covers("formal_reviews_held", day.isoformat()) for w in cycle.waivers)
        if day > today and day not in honoured and not waived:
            yield day


def _one_on_one_items(cycle: Cycle, today: dt.date) -> Iterator[DueItem]:
    """What 1:1s left open: action items, and calls for help or concerns to answer.

    An open action item is owed by its owner by its due date (a later check-in
    closes it); a call for HR's help or a harm to the company's interest is owed
    by HR within the audit's ``answer_days`` of the check-in that raised it.
    """
    do = KIND_BY_CODE["do_action_item"]
    for item in cycle.open_action_items():
        role = _E if item.owner_id == cycle.employee_id else _M
        yield _item(
            cycle,
            attrs.evolve(do, role=role),
            due=item.due,
            today=today,
            source=DueSource.ONE_ON_ONE,
            subject=item.id,
        )
    answer = KIND_BY_CODE["answer_signal"]
    days = SignalUnanswered().answer_days
    for signal in cycle.unanswered_signals():
        yield _item(
            cycle,
            answer,
            due=plus_days(signal.held_on, days),
            today=today,
            source=DueSource.ONE_ON_ONE,
            subject=f"{signal.check_in_id}:{signal.kind.value}",
        )


def _route_items(cycle: Cycle, today: dt.date, deadline: dt.date) -> Iterator[DueItem]:
    """The approval route's item: ratings sent back to revise, or the step they await.

    A step is taken by its role (HR, or an app's role such as a skip-level
    manager's), not a person the cycle names: its ``owner_id`` is ``None``.
    """
    if cycle.manager_assessment is None or cycle.ratings_released:
        return
    if cycle.returned_at_step is not None:
        kind = KIND_BY_CODE["revise_ratings"]
        subject = cycle.returned_at_step
        yield _item(cycle, kind, due=deadline, today=today, source=DueSource.ROUTE, subject=subject)
        return
    step = cycle.next_approval
    if step is not None:
        kind = attrs.evolve(KIND_BY_CODE["approve_ratings"], role=step.role)
        yield _item(
            cycle, kind, due=deadline, today=today, source=DueSource.ROUTE, subject=step.name
        )


def _items_of(cycle: Cycle, context: AuditContext) -> Iterator[DueItem]:
    """Every item ``cycle`` owes as of ``context.as_of``; the cycle is as it stood then."""
    deadline = context.deadline(cycle, cycle.phase) if cycle.phase.is_open else None
    if deadline is None:  # closed or cancelled: nothing is owed
        return
    today = context.today(cycle)
    for blocker in blockers_of(cycle, today):
        kind = KIND_BY_CODE[CONDITION_KINDS.get(blocker.code, _UNMAPPED)]
        yield _item(
            cycle,
            kind,
            due=_dated(cycle, blocker) or deadline,
            today=today,
            source=DueSource.CONDITION,
            condition=blocker.code,
            subject=blocker.subject,
        )
    yield from _route_items(cycle, today, deadline)
    yield from _one_on_one_items(cycle, today)
    check_in = KIND_BY_CODE[CONDITION_KINDS["check_in_cadence"]]
    for due, subject in _next_check_in(cycle, today):
        yield _item(
            cycle,
            check_in,
            due=due,
            today=today,
            source=DueSource.SCHEDULE,
            condition="check_in_cadence",
            subject=subject,
        )
    review = KIND_BY_CODE[CONDITION_KINDS["formal_reviews_held"]]
    for day in _formal_reviews_ahead(cycle, today):
        yield _item(
            cycle,
            review,
            due=day,
            today=today,
            source=DueSource.SCHEDULE,
            condition="formal_reviews_held",
            subject=day.isoformat(),
        )
    yield _item(
        cycle,
        KIND_BY_CODE[_DEADLINE],
        due=deadline,
        today=today,
        source=DueSource.DEADLINE,
        subject=cycle.phase.value,
    )


def _context(as_of: object, agreements: object, deadlines: object) -> AuditContext:
    """The audit's context for these arguments, each refused by its own name if bad."""
    try:
        return AuditContext(
            as_of=as_of,  # type: ignore[arg-type]
            agreements=tuple(agreements) if isinstance(agreements, list | tuple) else agreements,  # type: ignore[arg-type]
            deadlines=PhaseDeadlines() if deadlines is None else deadlines,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        raise type(exc)(
            p.at(p.path.replace("AuditContext.", "", 1)) for p in exc.problems
        ) from None


def due_items(
    cycles: Iterable[Cycle],
    *,
    as_of: dt.datetime,
    agreements: Sequence[ManagerAgreement] = (),
    deadlines: PhaseDeadlines | None = None,
) -> tuple[DueItem, ...]:
    """Who owes what on each of ``cycles``, and by when, as of ``as_of``, in due-date order.

    Each cycle is read as it stood at ``as_of`` (a cycle that began later owes
    nothing yet), by its own calendar. ``agreements`` and ``deadlines`` set the
    phase deadlines exactly as for :func:`~perfcore.oversight.audit`. Closed and
    cancelled cycles owe nothing. Bad input raises
    :class:`perfcore.ValidationError` naming the argument (``as_of``,
    ``cycles[2]``, ``deadlines``...).

    >>> import datetime as dt
    >>> from perfcore import Actor, Cycle, Period, Role
    >>> hr = Actor(person_id="hr-1", role=Role.HR)
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=hr, at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> for item in due_items([cycle], as_of=dt.datetime(2026, 1, 20, tzinfo=dt.UTC)):
    ...     print(item.due, item.owner_id, item.code, item.condition, item.overdue)
    2026-02-15 m1 leave_phase None False
    2026-02-15 m1 set_goals goals_present False
    """
    context = _context(as_of, agreements, deadlines)
    found = [item for cycle in _cycles(cycles, context.as_of) for item in _items_of(cycle, context)]
    return tuple(sorted(found, key=DueItem.sort_key))


def due_items_of(
    cycle: Cycle,
    *,
    as_of: dt.datetime,
    agreements: Sequence[ManagerAgreement] = (),
    deadlines: PhaseDeadlines | None = None,
) -> tuple[DueItem, ...]:
    """What one cycle owes as of ``as_of``: :func:`due_items` of that cycle alone."""
    if not isinstance(cycle, Cycle):
        raise ValidationError.single("cycle", f"must be a Cycle, got {v.describe(cycle)}")
    context = _context(as_of, agreements, deadlines)
    stood = as_it_stood(cycle, context.as_of)
    if stood is None:
        return ()
    return tuple(sorted(_items_of(stood, context), key=DueItem.sort_key))
