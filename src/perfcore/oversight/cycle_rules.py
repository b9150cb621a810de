"""Audit rules that judge one cycle at a time.

Timing. The audit reports what is wrong as of ``as_of``, but it does not nag
about work still in progress: a rule about a phase's work (agreeing and
measuring goals, the appraisal's analysis) judges it once the cycle has moved
past that phase, or once the phase's deadline has passed
(:meth:`~perfcore.oversight.AuditContext.judged`). Time-based rules (the
check-in cadence, follow-up by the due date) judge against ``as_of``. A
condition HR waived on the cycle silences the rule that checks the same thing.
Cancelled cycles are not audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

import attrs

from perfcore import _validators as v
from perfcore._dates import plus_days
from perfcore._weights import exact_total, meets_total, total_number, total_text
from perfcore.assessments import GapRule
from perfcore.competency import AssessorRole
from perfcore.cycle import Cycle, Phase
from perfcore.cycle import events as e
from perfcore.cycle.conditions import WEIGHT_TOLERANCE
from perfcore.goals import GoalKind
from perfcore.oversight.context import AuditContext, phase_entered, phase_left
from perfcore.oversight.findings import Finding, Severity
from perfcore.oversight.rules import CycleRule
from perfcore.schedule import Cadence, CadenceReport, OccurrenceStatus, check_schedule

__all__ = [
    "PLACEHOLDER_TEXTS",
    "ActionItemOverdue",
    "ActionNotFollowingCause",
    "CauseWithoutAction",
    "CheckInCadenceMissed",
    "CheckInSchedule",
    "FollowUpOverdue",
    "FormalReviewOverdue",
    "GoalImposed",
    "GoalOnRetiredObjective",
    "GoalRevisionUnexplained",
    "GoalWithoutCheckIn",
    "GoalWithoutMeasure",
    "PhaseOverdue",
    "RatingWithoutBasis",
    "SelfAssessmentMissing",
    "SelfManagerGapUnexplained",
    "SignalUnanalysed",
    "SignalUnanswered",
    "UnmetGoalWithoutRootCause",
    "WeightsNotTotal100",
    "check_in_schedule",
]

PLACEHOLDER_TEXTS = frozenset(
    {
        "-",
        "--",
        ".",
        "?",
        "change",
        "changed",
        "changes",
        "edit",
        "edited",
        "fix",
        "fixed",
        "misc",
        "n/a",
        "na",
        "none",
        "ok",
        "other",
        "revised",
        "revision",
        "see above",
        "tbd",
        "todo",
        "update",
        "updated",
        "x",
    }
)
"""Texts that say nothing, whatever their length (compared case-insensitively)."""


def _says_nothing(text: str, min_length: int) -> bool:
    """Whether a reason or basis is too short or a placeholder."""
    words = " ".join(text.split()).lower()
    return len(words) < min_length or words in PLACEHOLDER_TEXTS


def _waived(cycle: Cycle, code: str, subject: str | None = None) -> bool:
    return any(w.covers(code, subject) for w in cycle.waivers)


def _ids(ids: list[str] | tuple[str, ...]) -> str:
    return ", ".join(ids)


def _first(items: list[str], shown: int = 5) -> str:
    """The first ``shown`` items, then how many more."""
    more = len(items) - shown
    return _ids(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _fmt(number: float) -> str:
    return f"{number:.6g}"


# --- goal setting -------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalImposed(CycleRule):
    """Goals were imposed: agreed by someone other than the employee, or never agreed.

    Two signs: an agreement recorded by anyone but the cycle's employee (an
    app's own policy may allow that); and, once goal setting is judged, a goal
    still unagreed ``pending_days`` after its latest version was proposed.
    """

    NAME: ClassVar[str] = "goal_imposed"
    DESCRIPTION: ClassVar[str] = (
        "A goal was agreed by someone other than the employee, or stayed unagreed"
        " after goal setting."
    )
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))
    pending_days: int = attrs.field(default=14, validator=v.integer(minimum=0, maximum=3660))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per agreement by someone else and per goal left unagreed."""
        for event in cycle.events_of(e.GoalsAgreed):
            assert isinstance(event, e.GoalsAgreed)  # noqa: S101 - narrowed by events_of
            if event.actor.person_id != cycle.employee_id:
                yield self.finding(
                    cycle,
                    f"goal(s) {_ids(event.goal_ids)} were agreed by {event.actor.person_id}"
                    f" ({event.actor.role.name}), not by the employee {cycle.employee_id}",
                    subject=_ids(event.goal_ids),
                    evidence={
                        "agreed_by": event.actor.person_id,
                        "role": event.actor.role.name,
                        "at": event.at.isoformat(),
                    },
                )
        if not context.judged(cycle, Phase.GOAL_SETTING):
            return
        drafted: dict[str, dt.datetime] = {}
        for event in cycle.events_of((e.GoalProposed, e.GoalRevised)):
            assert isinstance(event, e.GoalProposed | e.GoalRevised)  # noqa: S101
            drafted[event.goal.id] = event.at
        for goal in cycle.active_goals:
            if goal.id in cycle.agreed_goal_ids:
                continue
            since = cycle.date_of(drafted.get(goal.id, cycle.events[0].at))
            waiting = (context.today(cycle) - since).days
            if waiting > self.pending_days:
                yield self.finding(
                    cycle,
                    f"goal {goal.id!r} has waited {waiting} days for the employee's agreement",
                    subject=goal.id,
                    evidence={"drafted_on": since.isoformat(), "days_unagreed": waiting},
                )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalRevisionUnexplained(CycleRule):
    """A goal was revised or withdrawn with a reason that explains nothing.

    A reason is always required; this rule catches reasons shorter than
    ``min_reason_length`` characters or placeholders such as "update" or "n/a"
    (:data:`PLACEHOLDER_TEXTS`).
    """

    NAME: ClassVar[str] = "goal_revision_unexplained"
    DESCRIPTION: ClassVar[str] = (
        "A goal was revised or withdrawn without a real reason (too short or a placeholder)."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    min_reason_length: int = attrs.field(default=10, validator=v.integer(minimum=0, maximum=500))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        """One finding per revision or withdrawal with an empty reason."""
        for event in cycle.events_of((e.GoalRevised, e.GoalWithdrawn)):
            assert isinstance(event, e.GoalRevised | e.GoalWithdrawn)  # noqa: S101
            reason = event.reason or ""
            if not _says_nothing(reason, self.min_reason_length):
                continue
            revised = isinstance(event, e.GoalRevised)
            goal_id = event.goal.id if isinstance(event, e.GoalRevised) else event.goal_id
            change = "revised" if revised else "withdrawn"
            yield self.finding(
                cycle,
                f"goal {goal_id!r} was {change} on {cycle.date_of(event.at)}"
                f" with the reason {reason!r},"
                " which does not explain the change",
                subject=goal_id,
                evidence={
                    "change": change,
                    "reason": reason,
                    "by": event.actor.person_id,
                    "at": event.at.isoformat(),
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class WeightsNotTotal100(CycleRule):
    """Once goal setting is judged, the performance goals' weights do not total 100."""

    NAME: ClassVar[str] = "weights_not_100"
    DESCRIPTION: ClassVar[str] = "The performance goals' weights do not total 100."
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """At most one finding, with the total as evidence."""
        if not context.judged(cycle, Phase.GOAL_SETTING):
            return
        weights = [g.weight for g in cycle.active_goals if g.kind is GoalKind.PERFORMANCE]
        total = exact_total(weights)
        if weights and not meets_total(total, 100, WEIGHT_TOLERANCE):
            yield self.finding(
                cycle,
                f"performance goal weights total {total_text(total)}, not 100",
                evidence={"total": total_number(total), "performance_goals": len(weights)},
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalWithoutMeasure(CycleRule):
    """Once goal setting is judged, a goal has no measure."""

    NAME: ClassVar[str] = "goal_without_measure"
    DESCRIPTION: ClassVar[str] = "A goal has no measure."
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per active goal without a measure."""
        if not context.judged(cycle, Phase.GOAL_SETTING):
            return
        for goal in cycle.active_goals:
            if goal.measure is None:
                yield self.finding(
                    cycle,
                    f"goal {goal.id!r} ({goal.title}) has no measure",
                    subject=goal.id,
                    evidence={"goal_title": goal.title},
                )


# --- implementation -----------------------------------------------------------------


def _implementation_window(cycle: Cycle, context: AuditContext) -> tuple[dt.date, dt.date] | None:
    entered = phase_entered(cycle, Phase.IMPLEMENTATION)
    if entered is None:
        return None
    left = phase_left(cycle, Phase.IMPLEMENTATION)
    end = cycle.date_of(left) if left is not None else context.today(cycle)
    return cycle.date_of(entered), min(end, context.today(cycle))


def _excused_windows(
    cycle: Cycle, held: list[dt.date], end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The gaps HR waived: from a waiver's subject date to the next check-in (or ``end``)."""
    windows = []
    for waiver in cycle.waivers:
        if waiver.code != "check_in_cadence" or waiver.subject is None:
            continue
        try:
            start = dt.date.fromisoformat(waiver.subject)
        except ValueError:
            continue
        after = [d for d in held if d > start]
        windows.append((start, after[0] if after else end))
    return windows


def _waived_due_dates(cycle: Cycle) -> list[dt.date]:
    """The due dates HR waived (rules 3 on a waiver's subject is a missed due date)."""
    days = []
    for waiver in cycle.waivers:
        if waiver.code == "check_in_cadence" and waiver.subject is not None:
            try:
                days.append(dt.date.fromisoformat(waiver.subject))
            except ValueError:
                continue
    return days


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CheckInSchedule:
    """A cycle's check-in schedule during implementation, as the audit reads it.

    ``report`` is the :class:`~perfcore.schedule.CadenceReport` over the
    implementation window; ``cadence_from`` says whose cadence it is
    (``"cycle"`` or ``"agreement <id>"``); ``excused`` are the gaps HR waived.
    """

    report: CadenceReport
    cadence_from: str
    excused: tuple[tuple[dt.date, dt.date], ...]

    def is_excused(self, day: dt.date) -> bool:
        """Whether ``day`` falls in a gap HR waived."""
        return any(start <= day <= end for start, end in self.excused)

    @property
    def missed(self) -> tuple[dt.date, ...]:
        """Due dates missed and not excused."""
        return tuple(o.due for o in self.report.missed if not self.is_excused(o.due))


def check_in_schedule(cycle: Cycle, context: AuditContext) -> CheckInSchedule | None:
    """The check-ins due on ``cycle`` during implementation, kept or missed, as of ``context``.

    A cycle started under rules 3 or later is judged exactly as its guard
    judges it (:meth:`Cycle.check_in_report <perfcore.Cycle.check_in_report>`):
    by the cadence recorded in its settings, else one in every
    ``check_in_every_days`` days; a waived due date is excused. For older
    cycles the cadence is the manager agreement's 1:1 cadence when one covers
    the cycle (:meth:`AuditContext.agreement_for`), scheduled from the day
    implementation began. Without one it is the cycle's own
    ``check_in_every_days`` = N, read exactly as the ``check_in_cadence``
    condition reads it: a check-in is due by day N, 2N, ... of implementation,
    and any check-in in the N days up to a due date keeps it (so no gap between
    check-ins exceeds N days). Only occurrences whose time ran out before
    implementation ended (or before ``as_of``) can be missed. ``None`` when
    the cycle has not reached implementation, or HR waived the cadence
    altogether.
    """
    v.require(cycle, Cycle, "cycle")
    v.require(context, AuditContext, "context")
    window = _implementation_window(cycle, context)
    if window is None or _waived(cycle, "check_in_cadence"):
        return None
    start, end = window
    held = sorted({c.held_on for c in cycle.shared_check_ins})
    settings = cycle.settings
    if settings is not None:  # rules 3 on: the guard's own rule, the cadence agreed at the start
        source = "cycle settings" if settings.cadence is not None else "cycle"
        excused = tuple((day, day) for day in _waived_due_dates(cycle))
        return CheckInSchedule(
            report=cycle.check_in_report(start=start, end=end, as_of=end),
            cadence_from=source,
            excused=excused,
        )
    agreement = context.agreement_for(cycle)
    if agreement is not None:
        cadence, source = agreement.one_on_ones, f"agreement {agreement.id}"
    else:
        every = cycle.check_in_every_days
        cadence, source = Cadence.every_days(every, early_days=every - 1), "cycle"
        start = plus_days(start, every)
    report = check_schedule(cadence, start=start, end=max(start, end), held=held, as_of=end)
    return CheckInSchedule(
        report=report, cadence_from=source, excused=tuple(_excused_windows(cycle, held, end))
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CheckInCadenceMissed(CycleRule):
    """Check-ins due during implementation were missed (see :func:`check_in_schedule`).

    A waiver of ``check_in_cadence`` excuses the gap it names, or all of them.
    """

    NAME: ClassVar[str] = "check_in_cadence_missed"
    DESCRIPTION: ClassVar[str] = (
        "Check-ins due during implementation were missed (agreed cadence, not waived)."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """At most one finding per cycle, listing the missed due dates."""
        schedule = check_in_schedule(cycle, context)
        if schedule is None or not schedule.missed:
            return
        report, missed = schedule.report, schedule.missed
        cadence = report.cadence
        due = [o for o in report.occurrences if o.status is not OccurrenceStatus.NOT_YET_DUE]
        yield self.finding(
            cycle,
            f"{len(missed)} of {len(due)} check-ins due by {report.as_of} were missed"
            f" ({cadence.describe()}): {_first([d.isoformat() for d in missed])}",
            evidence={
                "cadence": cadence.describe(),
                "cadence_from": schedule.cadence_from,
                "due": len(due),
                "kept": len(report.kept),
                "late": len(report.late),
                "missed": len(missed),
                "missed_dates": _ids([d.isoformat() for d in missed]),
            },
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalWithoutCheckIn(CycleRule):
    """No check-in recorded progress on a goal during implementation.

    Judged once implementation is over, or once it has run ``min_days``.
    """

    NAME: ClassVar[str] = "goal_without_check_in"
    DESCRIPTION: ClassVar[str] = "No check-in during implementation recorded progress on a goal."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    min_days: int = attrs.field(default=30, validator=v.integer(minimum=0, maximum=3660))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per active goal no check-in mentions."""
        window = _implementation_window(cycle, context)
        if window is None:
            return
        start, end = window
        over = phase_left(cycle, Phase.IMPLEMENTATION) is not None
        if not over and (end - start).days < self.min_days:
            return
        tracked = {p.goal_id for c in cycle.shared_check_ins for p in c.progress}
        for goal in cycle.active_goals:
            if goal.id not in tracked:
                yield self.finding(
                    cycle,
                    f"no check-in recorded progress on goal {goal.id!r} ({goal.title})",
                    subject=goal.id,
                    evidence={"check_ins": len(cycle.shared_check_ins), "goal_title": goal.title},
                )


# --- appraisal ----------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingWithoutBasis(CycleRule):
    """A manager rating's basis explains nothing (or, if required, cites no evidence).

    A basis is always required; this rule catches texts shorter than
    ``min_length`` characters or placeholders, and with ``require_evidence``
    ratings that cite no evidence.
    """

    NAME: ClassVar[str] = "rating_without_basis"
    DESCRIPTION: ClassVar[str] = (
        "A manager rating has no real basis (too short, a placeholder, or no evidence if required)."
    )
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))
    min_length: int = attrs.field(default=15, validator=v.integer(minimum=0, maximum=500))
    require_evidence: bool = attrs.field(default=False, validator=v.boolean())

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:  # noqa: ARG002
        """One finding per goal rating (and the overall rating) without a basis."""
        assessment = cycle.manager_assessment
        if assessment is None:
            return
        rated = [(r.goal_id, r.rating) for r in assessment.goal_ratings]
        if assessment.overall is not None:
            rated.append(("overall", assessment.overall))
        for subject, rating in rated:
            basis = rating.basis
            if _says_nothing(basis.text, self.min_length):
                problem = f"has the basis {basis.text!r}, which explains nothing"
            elif self.require_evidence and not basis.evidence:
                problem = "cites no evidence"
            else:
                continue
            what = "the overall rating" if subject == "overall" else f"the rating of {subject!r}"
            yield self.finding(
                cycle,
                f"{what} {problem}",
                subject=subject,
                evidence={
                    "basis": basis.text,
                    "evidence_items": len(basis.evidence),
                    "value": rating.value,
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SelfAssessmentMissing(CycleRule):
    """The manager rated without the employee's self-assessment, and HR did not waive it."""

    NAME: ClassVar[str] = "self_assessment_missing"
    DESCRIPTION: ClassVar[str] = (
        "The manager rated (or the appraisal is judged) without a self-assessment, not waived."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """At most one finding."""
        if cycle.self_assessment is not None or _waived(cycle, "self_assessment"):
            return
        if cycle.manager_assessment is None and not context.judged(cycle, Phase.APPRAISAL):
            return
        yield self.finding(
            cycle,
            f"the employee {cycle.employee_id} was rated without a self-assessment",
            evidence={"manager_assessment": cycle.manager_assessment is not None},
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SelfManagerGapUnexplained(CycleRule):
    """A large gap between the self-rating and the manager's rating of a goal has no explanation.

    The gap is measured as a fraction of the cycle's rating scale (so 0.5 is
    2 points on a 1–5 scale). A cycle started under rules 3 or later is
    judged by its own :class:`~perfcore.assessments.GapRule` (the one its guard,
    condition ``gap_explained``, uses; a waiver of it silences the finding);
    older cycles by ``threshold``: at or above it, a gap needs a
    :class:`~perfcore.assessments.GapExplanation` in the feedback discussion.
    Judged once the feedback discussion is held or the appraisal is judged.
    """

    NAME: ClassVar[str] = "self_manager_gap_unexplained"
    DESCRIPTION: ClassVar[str] = (
        "A large self/manager rating gap on a goal has no explanation in the feedback discussion."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    threshold: float = attrs.field(default=0.5, validator=v.number(minimum=0.01, maximum=1))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per goal with an unexplained large gap."""
        own, manager = cycle.self_assessment, cycle.manager_assessment
        if own is None or manager is None:
            return
        if cycle.feedback is None and not context.judged(cycle, Phase.APPRAISAL):
            return
        span = cycle.scale.maximum - cycle.scale.minimum
        rule = self._rule_for(cycle)
        for goal in cycle.active_goals:
            mine, theirs = own.rating_for(goal.id), manager.rating_for(goal.id)
            if mine is None or theirs is None:
                continue
            points = mine.rating.value - theirs.rating.value
            fraction = abs(points) / span
            if not rule.needs_explanation(mine.rating.value, theirs.rating.value, cycle.scale):
                continue
            if cycle.feedback is not None and cycle.feedback.explanation_for(goal.id):
                continue
            if _waived(cycle, "gap_explained", goal.id):
                continue
            yield self.finding(
                cycle,
                f"goal {goal.id!r}: self-rating {_fmt(mine.rating.value)} vs manager"
                f" {_fmt(theirs.rating.value)} ({_fmt(abs(points))} points on {cycle.scale})"
                " with no explanation",
                subject=goal.id,
                evidence={
                    "self": mine.rating.value,
                    "manager": theirs.rating.value,
                    "gap_points": points,
                    "gap_fraction": round(fraction, 6),
                    "rule": rule.describe(),
                },
            )

    def _rule_for(self, cycle: Cycle) -> GapRule:
        """The cycle's own gap rule from rules 3 on (the guard's), else ``threshold``."""
        settings = cycle.settings
        return GapRule.fixed(self.threshold) if settings is None else settings.gap_rule


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CompetencyUnrated(CycleRule):
    """A competency of the cycle's profile has no manager rating.

    Judged once the feedback discussion is held or the appraisal is judged;
    a waiver of ``competency_rated`` (the guard's condition from rules 3 on)
    silences it.
    """

    NAME: ClassVar[str] = "competency_unrated"
    DESCRIPTION: ClassVar[str] = "A competency of the cycle's profile has no manager rating."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per unrated competency."""
        profile = cycle.profile
        if profile is None:
            return
        if cycle.feedback is None and not context.judged(cycle, Phase.APPRAISAL):
            return
        assessment = cycle.competency_assessment(AssessorRole.MANAGER)
        rated = set() if assessment is None else {r.competency_id for r in assessment.ratings}
        for competency in profile.competencies:
            if competency.id in rated or _waived(cycle, "competency_rated", competency.id):
                continue
            yield self.finding(
                cycle,
                f"competency {competency.id!r} ({competency.name}) of profile {profile.id!r}"
                " has no manager rating",
                subject=competency.id,
                evidence={"profile_id": profile.id, "assessed": assessment is not None},
            )


_SIGNAL_RULES = 4
"""The first rules under which what check-ins raised must be weighed in the causes."""

_LIVE_GOALS = frozenset({Phase.GOAL_SETTING, Phase.IMPLEMENTATION})


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SignalUnanswered(CycleRule):
    """A call for HR's help or a harm to the company's interest was left unanswered.

    Raised at a shared check-in and not answered (``Cycle.answer_signal``)
    within ``answer_days`` of the check-in, as of the audit's day (the
    finding's ``evidence.kind`` tells a call for help from a harm to the
    company's long-term interest).
    """

    NAME: ClassVar[str] = "signal_unanswered"
    DESCRIPTION: ClassVar[str] = (
        "A call for HR's help or a harm to the company's interest raised at a check-in stayed"
        " unanswered too long."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    answer_days: int = attrs.field(default=14, validator=v.integer(minimum=0, maximum=366))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per signal unanswered past ``answer_days``."""
        today = context.today(cycle)
        for signal in cycle.unanswered_signals():
            due = plus_days(signal.held_on, self.answer_days)
            if today <= due:
                continue
            yield self.finding(
                cycle,
                f"the {signal.kind.value.replace('_', ' ')} raised at check-in"
                f" {signal.check_in_id!r} on {signal.held_on} is unanswered"
                f" {(today - signal.held_on).days} days on",
                subject=f"{signal.check_in_id}:{signal.kind.value}",
                evidence={"kind": signal.kind.value, "raised_on": signal.held_on.isoformat()},
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ActionItemOverdue(CycleRule):
    """An action item a 1:1 agreed is still open past its due date."""

    NAME: ClassVar[str] = "action_item_overdue"
    DESCRIPTION: ClassVar[str] = "An action item agreed at a 1:1 is open past its due date."
    severity: Severity = attrs.field(default=Severity.INFO, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per open action item past its due date."""
        today = context.today(cycle)
        for item in cycle.open_action_items():
            if today > item.due:
                yield self.finding(
                    cycle,
                    f"action item {item.id!r} of {item.owner_id} was due {item.due}",
                    subject=item.id,
                    evidence={"owner_id": item.owner_id, "due": item.due.isoformat()},
                )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class GoalOnRetiredObjective(CycleRule):
    """A goal is aligned to an objective that no longer counts.

    Judged while goals are still worked on (goal setting and implementation):
    the objective, as recorded when the goal was aligned, was retired by the
    audit's day, or the app's current catalogue (``AuditContext.objectives``)
    retires it or no longer lists it. The goal should be aligned anew.
    """

    NAME: ClassVar[str] = "objective_retired"
    DESCRIPTION: ClassVar[str] = "A goal is aligned to an objective that was retired or dropped."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per active goal aligned to a retired or dropped objective."""
        if cycle.phase not in _LIVE_GOALS:
            return
        today = context.today(cycle)
        catalogue = context.objectives
        for goal in cycle.active_goals:
            recorded = cycle.objective_for(goal.id)
            if recorded is None:
                continue
            current = recorded if catalogue is None else catalogue.get(recorded.id)
            if current is None:
                message = "no longer in the catalogue"
                retired_on = None
            elif current.retired_on is not None and current.retired_on <= today:
                retired_on = current.retired_on
                message = f"retired on {retired_on}"
            else:
                continue
            yield self.finding(
                cycle,
                f"goal {goal.id!r} is aligned to objective {recorded.id!r}, {message}",
                subject=goal.id,
                evidence={
                    "objective_id": recorded.id,
                    "retired_on": None if retired_on is None else retired_on.isoformat(),
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class UnmetGoalWithoutRootCause(CycleRule):
    """A goal the manager rated unmet has no root cause.

    Judged once the feedback discussion is held (the analysis should be done
    by then) or the appraisal is judged.
    """

    NAME: ClassVar[str] = "unmet_goal_without_root_cause"
    DESCRIPTION: ClassVar[str] = "A goal rated not met or partly met has no root cause."
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per unanalysed unmet goal."""
        if cycle.feedback is None and not context.judged(cycle, Phase.APPRAISAL):
            return
        analysed = {rc.goal_id for rc in cycle.root_causes}
        assessment = cycle.manager_assessment
        for goal in cycle.unmet_goals:
            if goal.id in analysed:
                continue
            rating = assessment.rating_for(goal.id) if assessment else None
            yield self.finding(
                cycle,
                f"goal {goal.id!r} ({goal.title}) was rated"
                f" {rating.achievement.value.replace('_', ' ') if rating else 'unmet'}"
                " but has no root cause",
                subject=goal.id,
                evidence={"achievement": rating.achievement.value if rating else None},
            )


# --- improvement --------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class SignalUnanalysed(CycleRule):
    """An unmet goal's causes ignore what check-ins raised about it.

    Check-ins reported the goal at risk or off track and raised an obstacle, a
    call for HR's help or a harm to the company's interest; the goal ended
    unmet and none of its root causes is of a category that points to
    (:data:`~perfcore.improvement.SIGNAL_CAUSES`). Judged once the feedback
    discussion is held or the appraisal is judged; goals with no root cause at
    all are ``unmet_goal_without_root_cause``'s. A waiver of condition
    ``signal_analysed`` for the goal silences it; cycles started under rules
    older than 4 do not have the rule.
    """

    NAME: ClassVar[str] = "signal_unanalysed"
    DESCRIPTION: ClassVar[str] = (
        "An unmet goal's root causes ignore the obstacles, calls for HR's help or harm to the"
        " company that check-ins raised about it."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per unmet goal whose causes ignore its signals."""
        if cycle.rules < _SIGNAL_RULES:
            return
        if cycle.feedback is None and not context.judged(cycle, Phase.APPRAISAL):
            return
        for goal_id, signals in cycle.unanalysed_signals().items():
            if _waived(cycle, "signal_analysed", goal_id):
                continue
            kinds = sorted({signal.kind.value for signal in signals})
            yield self.finding(
                cycle,
                f"goal {goal_id!r} ended unmet after check-ins raised {', '.join(kinds)},"
                " and no root cause weighs it",
                subject=goal_id,
                evidence={
                    "check_ins": ", ".join(sorted({s.check_in_id for s in signals})),
                    "signals": ", ".join(kinds),
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ActionNotFollowingCause(CycleRule):
    """A root cause's actions do not follow from it (e.g. a knowledge gap, no training).

    For every root cause with actions linked to it, at least one of them must
    be of a kind the cause → intervention mapping allows for that cause: the
    cycle's own (``settings.interventions``, the one its guard, condition
    ``action_fits_cause``, uses; a waiver of it silences the finding) from
    rules 3 on, the audit's (:attr:`AuditContext.interventions`) before.
    """

    NAME: ClassVar[str] = "action_not_following_cause"
    DESCRIPTION: ClassVar[str] = (
        "No improvement action linked to a root cause is of a kind that addresses that cause."
    )
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per root cause whose actions all miss it."""
        mapping = context.interventions
        settings = cycle.settings
        if settings is not None:
            mapping = settings.interventions
        for cause in cycle.root_causes:
            linked = [a for a in cycle.actions if cause.id in a.cause_ids]
            if not linked or any(mapping.follows_from(a.kind, cause) for a in linked):
                continue
            if _waived(cycle, "action_fits_cause", cause.id):
                continue
            allowed = [k.value for k in mapping.allowed_for(cause)]
            kinds = sorted({a.kind.value for a in linked})
            label = cause.category.value
            if cause.attribution is not None:
                label += f" ({cause.attribution.value})"
            yield self.finding(
                cycle,
                f"root cause {cause.id!r} ({label}) is addressed by {_ids(kinds)}"
                f" but calls for {' or '.join(allowed)}",
                subject=cause.id,
                evidence={
                    "category": cause.category.value,
                    "attribution": cause.attribution.value if cause.attribution else None,
                    "goal_id": cause.goal_id,
                    "action_ids": _ids([a.id for a in linked]),
                    "action_kinds": _ids(kinds),
                    "allowed_kinds": _ids(allowed),
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CauseWithoutAction(CycleRule):
    """A root cause has no improvement action at all.

    Judged once the cycle has left improvement, or ``after_days`` after
    improvement began. A waiver of ``cause_addressed`` silences it.
    """

    NAME: ClassVar[str] = "cause_without_action"
    DESCRIPTION: ClassVar[str] = "A root cause has no improvement action (not waived)."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    after_days: int = attrs.field(default=30, validator=v.integer(minimum=0, maximum=3660))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per root cause without an action."""
        entered = phase_entered(cycle, Phase.IMPROVEMENT)
        if entered is None:
            return
        over = phase_left(cycle, Phase.IMPROVEMENT) is not None
        if not over and (context.today(cycle) - cycle.date_of(entered)).days < self.after_days:
            return
        addressed = {cause_id for action in cycle.actions for cause_id in action.cause_ids}
        for cause in cycle.root_causes:
            if cause.id in addressed or _waived(cycle, "cause_addressed", cause.id):
                continue
            yield self.finding(
                cycle,
                f"root cause {cause.id!r} ({cause.category.value}) of goal {cause.goal_id!r}"
                " has no improvement action",
                subject=cause.id,
                evidence={"category": cause.category.value, "goal_id": cause.goal_id},
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FollowUpOverdue(CycleRule):
    """An improvement action was not followed up by its due date (plus ``grace_days``).

    Actions carried over from an earlier cycle with a due date before this
    cycle began were judged in that cycle and are skipped here. A waiver of
    ``action_followed_up`` silences it.
    """

    NAME: ClassVar[str] = "follow_up_overdue"
    DESCRIPTION: ClassVar[str] = "An improvement action had no follow-up by its due date."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))
    grace_days: int = attrs.field(default=0, validator=v.integer(minimum=0, maximum=3660))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per action overdue for its follow-up."""
        began = cycle.date_of(cycle.events[0].at)
        plan = cycle.improvement_plan
        for action in cycle.actions:
            if action.carried_from is not None and action.due < began:
                continue
            limit = plus_days(action.due, self.grace_days)
            if context.today(cycle) <= limit or _waived(cycle, "action_followed_up", action.id):
                continue  # a waiver exists only in cycles under rules 1 (perfcore.cycle.RULES)
            held = sorted(f.held_on for f in plan.follow_ups_for(action.id))
            if held and held[0] <= limit:
                continue
            late = f"; first follow-up on {held[0]}" if held else ""
            yield self.finding(
                cycle,
                f"action {action.id!r} ({action.title}) was due on {action.due}"
                f" with no follow-up by then{late}",
                subject=action.id,
                evidence={
                    "due": action.due.isoformat(),
                    "first_follow_up": held[0].isoformat() if held else None,
                    "days_overdue": (context.today(cycle) - limit).days,
                    "owner_id": action.owner_id,
                },
            )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FormalReviewOverdue(CycleRule):
    """A scheduled review of a formal improvement plan was not held in time.

    The k-th review date needs k reviews held by that date plus
    ``grace_days`` (:meth:`perfcore.FormalPlan.overdue_reviews`). A waiver of
    ``formal_reviews_held`` for that date, or for all, silences it.
    """

    NAME: ClassVar[str] = "formal_review_overdue"
    DESCRIPTION: ClassVar[str] = "A scheduled review of a formal improvement plan was not held."
    severity: Severity = attrs.field(default=Severity.CRITICAL, validator=v.member(Severity))
    grace_days: int = attrs.field(default=0, validator=v.integer(minimum=0, maximum=3660))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """One finding per overdue review date."""
        plan = cycle.formal_plan
        if plan is None:
            return
        overdue = plan.overdue_reviews(
            cycle.formal_reviews, as_of=context.today(cycle), grace_days=self.grace_days
        )
        for day in overdue:
            if _waived(cycle, "formal_reviews_held", day.isoformat()):
                continue
            yield self.finding(
                cycle,
                f"the review of formal plan {plan.id!r} due on {day} was not held"
                f" ({len(cycle.formal_reviews)} of {len(plan.review_dates)} reviews held)",
                subject=day.isoformat(),
                evidence={
                    "plan_id": plan.id,
                    "review_date": day.isoformat(),
                    "reviews_held": len(cycle.formal_reviews),
                    "days_overdue": (context.today(cycle) - day).days - self.grace_days,
                },
            )


# --- any phase ----------------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class PhaseOverdue(CycleRule):
    """An open cycle is still in a phase after that phase's deadline.

    Deadlines come from the manager agreement's review deadlines where one
    covers the cycle, otherwise from the audit's
    :class:`~perfcore.oversight.PhaseDeadlines`.
    """

    NAME: ClassVar[str] = "phase_overdue"
    DESCRIPTION: ClassVar[str] = "An open cycle is still in a phase after the phase's deadline."
    severity: Severity = attrs.field(default=Severity.WARNING, validator=v.member(Severity))

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """At most one finding: the current phase, if overdue."""
        if not cycle.phase.is_open:
            return
        deadline = context.deadline(cycle, cycle.phase)
        if deadline is None or context.today(cycle) <= deadline:
            return
        agreement = context.agreement_for(cycle)
        agreed = agreement is not None and agreement.deadline_for(cycle.phase) is not None
        source = f"agreement {agreement.id}" if agreement is not None and agreed else "default"
        days = (context.today(cycle) - deadline).days
        yield self.finding(
            cycle,
            f"still in {cycle.phase.value.replace('_', ' ')} {days} days after its deadline"
            f" {deadline}",
            subject=cycle.phase.value,
            evidence={
                "deadline": deadline.isoformat(),
                "days_overdue": days,
                "deadline_from": source,
            },
        )
