"""The conditions for leaving each phase: the one place these rules live.

Each :class:`Condition` names the phase(s) it guards, says whether HR may
waive it, and lists its unmet instances as :class:`Blocker` records. A
blocker's ``subject`` names what it is about (a goal id, a root cause id, the
start of a gap between check-ins, a formal review date) so one instance can be
waived without the others. The goal rules guard implementation as well as goal
setting, so a revision or withdrawal mid-cycle cannot leave the goal set broken.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from types import MappingProxyType

import attrs

from perfcore import _validators as v
from perfcore._weights import exact_total, meets_total, total_text
from perfcore._zones import local_date
from perfcore.competency.model import AssessorRole
from perfcore.cycle.record import CycleRecord
from perfcore.cycle.state import RULES, AppraisalStatus
from perfcore.errors import Blocker, MalformedInput
from perfcore.goals import GoalKind
from perfcore.phases import Phase

__all__ = [
    "CONDITIONS",
    "WEIGHT_TOLERANCE",
    "Blocker",
    "Condition",
    "blockers_of",
    "conditions_for",
]


WEIGHT_TOLERANCE = 0
"""Performance-goal weights must total exactly 100: no tolerance.

Weights have at most two decimal places (``perfcore.goals.WEIGHT_PLACES``) and
are summed exactly (``perfcore._weights``), so there is no rounding to forgive.
"""


Check = Callable[[CycleRecord, dt.date], Iterator[tuple[str | None, str]]]


def _check_rules(rules: object) -> int:
    if isinstance(rules, bool) or not isinstance(rules, int) or not 1 <= rules <= RULES:
        raise MalformedInput.single(
            "rules",
            f"must be a version of the rules from 1 to {RULES}, got {v.describe(rules)}",
            code="out_of_range",
            params={"minimum": 1, "maximum": RULES},
        )
    return rules


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Condition:
    """A rule that must hold before leaving any of ``phases``.

    ``check(cycle, today)`` yields ``(subject, message)`` for each unmet instance.
    """

    code: str
    phases: frozenset[Phase]
    description: str
    waivable: bool
    why: str
    """Why HR may or may not waive it, from the domain's leaving conditions."""
    check: Check = attrs.field(eq=False, repr=False)

    waivable_before: int = 0
    """HR could waive it in cycles started under rules older than this version (0: never)."""
    since: int = 1
    """The version of the rules that added it: cycles started under older rules do not have it."""

    def applies_under(self, rules: int) -> bool:
        """Whether a cycle started under the rules of version ``rules`` has this condition.

        >>> condition_named("gap_explained").applies_under(2)
        False
        """
        return _check_rules(rules) >= self.since

    def waivable_under(self, rules: int) -> bool:
        """Whether HR may waive it in a cycle started under the rules of version ``rules``.

        >>> acknowledgement = condition_named("acknowledgement")
        >>> acknowledgement.waivable_under(RULES), acknowledgement.waivable_under(1)
        (False, True)
        """
        return self.waivable or _check_rules(rules) < self.waivable_before

    def blockers(self, cycle: CycleRecord, today: dt.date) -> tuple[Blocker, ...]:
        """Every unmet instance of this condition on ``cycle``, as of ``today``."""
        v.require(cycle, CycleRecord, "cycle")
        v.require_day(today, "today")
        if cycle.rules < self.since:
            return ()
        return tuple(
            Blocker(code=self.code, phase=cycle.phase, message=message, subject=subject)
            for subject, message in self.check(cycle, today)
        )


# --- goal setting -------------------------------------------------------------------


def _goals_present(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if not cycle.active_goals:
        yield None, "no goals have been set"


def _goal_measure(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.measure is None:
            yield goal.id, f"goal {goal.id!r} has no measure"


def _goal_agreed(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.id not in cycle.agreed_goal_ids:
            yield goal.id, f"goal {goal.id!r} is not agreed by the employee"


def _weights_total(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    weights = [g.weight for g in cycle.active_goals if g.kind is GoalKind.PERFORMANCE]
    total = exact_total(weights)
    if weights and not meets_total(total, 100, WEIGHT_TOLERANCE):
        yield None, f"performance goal weights total {total_text(total)}, not 100"


_CATALOGUE_RULES = 4
"""From this version of the rules, only a catalogue objective aligns a goal."""


def _goal_aligned(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal in cycle.active_goals:
        if goal.kind is not GoalKind.PERFORMANCE:
            continue
        if goal.parent_id is None:
            yield (
                goal.id,
                f"performance goal {goal.id!r} is not aligned to a team or company objective",
            )
        elif cycle.rules >= _CATALOGUE_RULES and cycle.objective_above(goal.id) is None:
            yield (
                goal.id,
                (
                    f"performance goal {goal.id!r} hangs under {goal.parent_id!r}, which is no"
                    " objective of the catalogue aligned with align_goal"
                ),
            )


# --- implementation -----------------------------------------------------------------


def _check_in_cadence(cycle: CycleRecord, today: dt.date) -> Iterator[tuple[str | None, str]]:
    start = local_date(cycle.phase_started_at, cycle.time_zone)
    if cycle.settings is not None:  # rules 3 on: the agreed recurrence
        report = cycle.check_in_report(start=start, end=today, as_of=today)
        described = report.cadence.describe()
        for occurrence in report.missed:
            yield (
                occurrence.due.isoformat(),
                f"the check-in due {occurrence.due} was missed (agreed: {described})",
            )
        return
    # Rules 1 and 2: no gap between check-ins longer than check_in_every_days.
    dates = sorted({c.held_on for c in cycle.shared_check_ins if start <= c.held_on <= today})
    points = [start, *dates, today]
    limit = cycle.check_in_every_days
    for earlier, later in itertools.pairwise(points):
        gap = (later - earlier).days
        if gap > limit:
            yield (
                earlier.isoformat(),
                (
                    f"{gap} days without a check-in from {earlier} to {later}"
                    f" (agreed: every {limit} days)"
                ),
            )


# --- appraisal ----------------------------------------------------------------------


def _manager_assessment(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.manager_assessment is None:
        yield None, "the manager has not submitted an assessment"


def _goal_rated(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    assessment = cycle.manager_assessment
    if assessment is None:
        return
    for goal in cycle.active_goals:
        if assessment.rating_for(goal.id) is None:
            yield goal.id, f"goal {goal.id!r} has no manager rating"


def _competency_rated(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    profile = cycle.profile
    if profile is None:
        return
    assessment = cycle.competency_assessment(AssessorRole.MANAGER)
    rated = set() if assessment is None else {r.competency_id for r in assessment.ratings}
    for competency in profile.competencies:
        if competency.id not in rated:
            yield (
                competency.id,
                f"competency {competency.id!r} of profile {profile.id!r} has no manager rating",
            )


def _gap_explained(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    own, manager, settings = cycle.self_assessment, cycle.manager_assessment, cycle.settings
    if own is None or manager is None or settings is None:
        return
    rule, feedback = settings.gap_rule, cycle.feedback
    for goal in cycle.active_goals:
        mine, theirs = own.rating_for(goal.id), manager.rating_for(goal.id)
        if mine is None or theirs is None:
            continue
        if not rule.needs_explanation(mine.rating.value, theirs.rating.value, cycle.scale):
            continue
        if feedback is not None and feedback.explanation_for(goal.id) is not None:
            continue
        yield (
            goal.id,
            (
                f"goal {goal.id!r}: self-rating {mine.rating.value:g} vs manager"
                f" {theirs.rating.value:g} is {rule.describe()}, and the feedback discussion"
                " gives no explanation"
            ),
        )


def _self_assessment(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.self_assessment is None:
        yield None, "the employee's self-assessment is missing"


def _root_cause(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    analysed = {rc.goal_id for rc in cycle.root_causes}
    for goal in cycle.unmet_goals:
        if goal.id not in analysed:
            yield goal.id, f"unmet goal {goal.id!r} has no root cause"


def _signal_analysed(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    for goal_id, signals in cycle.unanalysed_signals().items():
        raised = "; ".join(f"{s.kind.value} at {s.check_in_id} ({s.held_on})" for s in signals)
        pointed = sorted({c.value for s in signals for c in s.causes})
        yield (
            goal_id,
            (
                f"unmet goal {goal_id!r}: no root cause weighs what check-ins raised ({raised});"
                f" they point to {', '.join(pointed)}"
            ),
        )


def _practice_recorded(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    settings = cycle.settings
    if settings is None or not settings.practices_recorded:
        return
    for goal in cycle.exceeded_goals:
        if cycle.practice_for(goal.id) is None:
            yield goal.id, f"what worked on exceeded goal {goal.id!r} is not recorded"


def _feedback_discussion(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.feedback is None:
        yield None, "the feedback discussion has not been held"


def _dispute_resolved(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.disputed:
        yield None, "the employee's dispute awaits HR's resolution"


def _acknowledgement(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.appraisal_status is AppraisalStatus.PENDING and not cycle.rerated:
        yield None, "the employee has neither acknowledged nor disputed the appraisal"


def _ratings_released(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.manager_assessment is not None and not cycle.ratings_released:
        yield None, "the ratings and score as they stand are not released to the employee"


def _rerating_acknowledged(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    if cycle.rerated and not cycle.disputed:
        yield (
            None,
            (
                "the ratings changed after the employee saw them; the employee has neither"
                " acknowledged the new ones nor disputed them"
            ),
        )


def _dispute_amended(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    resolution = cycle.dispute_resolution
    if resolution is not None and resolution.awaits_amendment:
        yield (
            None,
            "HR resolved the dispute as amended, but no re-rating or score adjustment followed",
        )


# --- improvement --------------------------------------------------------------------


def _cause_addressed(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    addressed = {cause_id for action in cycle.actions for cause_id in action.cause_ids}
    for cause in cycle.root_causes:
        if cause.id not in addressed:
            yield (
                cause.id,
                f"root cause {cause.id!r} ({cause.category.value}) has no improvement action",
            )


def _action_fits_cause(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    settings = cycle.settings
    if settings is None:
        return
    mapping = settings.interventions
    for cause in cycle.root_causes:
        linked = [a for a in cycle.actions if cause.id in a.cause_ids]
        if not linked or any(mapping.follows_from(a.kind, cause) for a in linked):
            continue
        allowed = " or ".join(k.value for k in mapping.allowed_for(cause))
        kinds = ", ".join(sorted({a.kind.value for a in linked}))
        yield (
            cause.id,
            (
                f"root cause {cause.id!r} ({cause.category.value}) is addressed by {kinds}"
                f" but calls for {allowed}"
            ),
        )


def _action_followed_up(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.improvement_plan
    for action in plan.actions:
        if not plan.follow_ups_for(action.id):
            yield action.id, f"action {action.id!r} has not been followed up"


def _action_outcome(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.improvement_plan
    for action in plan.actions:
        if plan.follow_ups_for(action.id) and plan.outcome_of(action.id) is None:
            yield action.id, f"action {action.id!r} has no recorded outcome"


def _outcome_answered(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    settings = cycle.settings
    if settings is None or not settings.outcomes_need_the_employee:
        return
    answered = {(answer.action_id, answer.follow_up) for answer in cycle.follow_up_answers}
    for action in cycle.actions:
        recorded = [f for f in cycle.follow_ups if f.action_id == action.id]
        with_outcome = [n for n, f in enumerate(recorded) if f.outcome is not None]
        if with_outcome and (action.id, with_outcome[-1]) not in answered:
            yield (
                action.id,
                (
                    f"the outcome of action {action.id!r} awaits the employee's answer to its"
                    " follow-up"
                ),
            )


def _formal_reviews_held(cycle: CycleRecord, today: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.formal_plan
    if plan is None:
        return
    honoured = set(plan.honoured_reviews(cycle.formal_reviews))
    for number, day in enumerate(plan.review_dates, start=1):
        if day <= today and day not in honoured:
            yield (
                day.isoformat(),
                f"formal review {number} of plan {plan.id!r}, due {day}, was not held by then",
            )


def _formal_plan_outcome(cycle: CycleRecord, _: dt.date) -> Iterator[tuple[str | None, str]]:
    plan = cycle.formal_plan
    if plan is not None and plan.outcome_of(cycle.formal_reviews) is None:
        yield plan.id, f"formal plan {plan.id!r} has no recorded outcome"


_GS, _IM, _AP, _IP = Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT
_GOALS = frozenset({_GS, _IM})


def _condition(  # noqa: PLR0913 - a row of the conditions table
    code: str,
    phases: frozenset[Phase] | Phase,
    description: str,
    check: Check,
    *,
    waivable: bool,
    why: str,
    waivable_before: int = 0,
    since: int = 1,
) -> Condition:
    phases = phases if isinstance(phases, frozenset) else frozenset({phases})
    return Condition(
        code=code,
        phases=phases,
        description=description,
        waivable=waivable,
        why=why,
        check=check,
        waivable_before=waivable_before,
        since=since,
    )


CONDITIONS: tuple[Condition, ...] = (
    _condition(
        "goals_present",
        _GOALS,
        "At least one goal is set.",
        _goals_present,
        waivable=False,
        why="without a goal there is nothing to track or appraise",
    ),
    _condition(
        "goal_measure",
        _GOALS,
        "Every goal has a measure.",
        _goal_measure,
        waivable=False,
        why="the domain asks a measure of every objective: an unmeasured goal cannot be appraised",
    ),
    _condition(
        "goal_agreed",
        _GOALS,
        "Every goal, in its current version, is agreed by the employee, not imposed.",
        _goal_agreed,
        waivable=False,
        why="objectives are agreed by the employee, not imposed: nobody can agree for them",
    ),
    _condition(
        "weights_total",
        _GOALS,
        "Performance goal weights total 100.",
        _weights_total,
        waivable=False,
        why="the domain asks performance weights to add up: the score means nothing otherwise",
    ),
    _condition(
        "goal_aligned",
        _GOALS,
        "Every performance goal is aligned to a team or company objective (rules 4 on: one of"
        " the app's catalogue, recorded with align_goal, or hangs under a goal that is).",
        _goal_aligned,
        waivable=True,
        why=(
            "the domain asks goals to fit the company's direction; a team whose own objectives "
            "are not yet set (new, or reorganised) may start on HR's word, given with a reason"
        ),
    ),
    _condition(
        "check_in_cadence",
        _IM,
        "No gap between check-ins exceeds the agreed cadence.",
        _check_in_cadence,
        waivable=True,
        why="the domain's own rule: the agreed cadence was kept, or HR waived it",
    ),
    _condition(
        "manager_assessment",
        _AP,
        "The manager has submitted an assessment.",
        _manager_assessment,
        waivable=False,
        why="the appraisal is the manager's rating; there is nothing to appraise without it",
    ),
    _condition(
        "goal_rated",
        _AP,
        "The manager rated every goal, each with a basis.",
        _goal_rated,
        waivable=False,
        why="the domain asks a basis for every rating",
    ),
    _condition(
        "competency_rated",
        _AP,
        "The manager rated every competency of the cycle's profile (cycles with a profile).",
        _competency_rated,
        waivable=True,
        since=3,
        why=(
            "the domain has the manager rate each competency as well as each objective; HR may"
            " accept an unrated one (a competency the role did not call on this period) with a"
            " reason"
        ),
    ),
    _condition(
        "self_assessment",
        _AP,
        "The employee's self-assessment is present.",
        _self_assessment,
        waivable=True,
        why="the domain's own rule: the self-assessment is present, or waived",
    ),
    _condition(
        "gap_explained",
        _AP,
        "Every self/manager gap the cycle's gap rule calls large is explained in the feedback"
        " discussion.",
        _gap_explained,
        waivable=True,
        since=3,
        why=(
            "the domain compares the self-assessment with the manager's and HR asks whether the"
            " gap is explained; HR may accept one left unexplained (the employee declined to"
            " discuss it) with a reason"
        ),
    ),
    _condition(
        "root_cause",
        _AP,
        "Every unmet goal has a root cause.",
        _root_cause,
        waivable=False,
        why="the domain asks every unmet objective to be analysed to a cause",
    ),
    _condition(
        "signal_analysed",
        _AP,
        "An unmet goal that check-ins reported in trouble, with an obstacle, a call for HR's"
        " help or a harm to the company's interest, has a root cause of a category that"
        " points to.",
        _signal_analysed,
        waivable=True,
        since=4,
        why=(
            "the domain has obstacles removed, HR's help asked and harm to the company flagged"
            " during implementation, and every shortfall analysed to its cause; HR may accept an"
            " analysis that finds the cause elsewhere (the obstacle was removed in time) with a"
            " reason"
        ),
    ),
    _condition(
        "practice_recorded",
        _AP,
        "What worked on each goal rated exceeded is recorded (cycles whose settings ask it).",
        _practice_recorded,
        waivable=True,
        since=3,
        why=(
            "the domain analyses over-achieved objectives so their practices can be shared; HR may"
            " accept one left unanalysed (a windfall nobody could repeat) with a reason"
        ),
    ),
    _condition(
        "feedback_discussion",
        _AP,
        "The feedback discussion was held.",
        _feedback_discussion,
        waivable=False,
        why="the domain asks the feedback discussion to be held",
    ),
    _condition(
        "dispute_resolved",
        _AP,
        "An open dispute is resolved by HR.",
        _dispute_resolved,
        waivable=False,
        why="HR resolves a dispute; a waiver would skip the resolution",
    ),
    _condition(
        "acknowledgement",
        _AP,
        "The employee acknowledged the result, or disputed it and HR resolved the dispute.",
        _acknowledgement,
        waivable=False,
        waivable_before=2,
        why=(
            "the domain leaves appraisal only acknowledged or with the dispute resolved: the "
            "employee's word is theirs, and one who will not give it disputes"
        ),
    ),
    _condition(
        "dispute_amended",
        _AP,
        "A dispute HR resolved as amended is followed by the amendment:"
        " a re-rating or a score adjustment.",
        _dispute_amended,
        waivable=False,
        why="an amendment HR decided must be carried out",
    ),
    _condition(
        "ratings_released",
        _AP,
        "The manager's ratings and score, as they stand (adjustments included),"
        " are released to the employee.",
        _ratings_released,
        waivable=False,
        why="the employee acknowledges or disputes only what they were shown",
    ),
    _condition(
        "rerating_acknowledged",
        _AP,
        "Ratings or a score changed after the employee saw them are acknowledged by the"
        " employee, or disputed and the dispute resolved; the employee's word cannot be waived.",
        _rerating_acknowledged,
        waivable=False,
        why="the employee's word on changed ratings cannot be given by anyone else",
    ),
    _condition(
        "cause_addressed",
        _IP,
        "Every root cause has at least one improvement action.",
        _cause_addressed,
        waivable=True,
        why=(
            "a check of perfcore's that the plan follows from the causes, not one of the domain's"
            " leaving conditions; HR may accept a cause that needs no action (an external cause "
            "that has passed) with a reason"
        ),
    ),
    _condition(
        "action_fits_cause",
        _IP,
        "Every root cause with actions has at least one of a kind its cause calls for"
        " (the cycle's cause → intervention mapping).",
        _action_fits_cause,
        waivable=True,
        since=3,
        why=(
            "the domain maps each cause to its interventions; HR may accept an exception (an"
            " action the mapping does not list that fits this case) with a reason"
        ),
    ),
    _condition(
        "action_followed_up",
        _IP,
        "Every improvement action was followed up.",
        _action_followed_up,
        waivable=False,
        waivable_before=2,
        why="the domain leaves improvement only with each action followed up",
    ),
    _condition(
        "action_outcome",
        _IP,
        "Every followed-up action has a recorded outcome.",
        _action_outcome,
        waivable=False,
        why="the domain leaves improvement only with each action's outcome recorded",
    ),
    _condition(
        "outcome_answered",
        _IP,
        "Each action's recorded outcome is answered by the employee, agreeing or not"
        " (cycles whose settings say outcomes need the employee).",
        _outcome_answered,
        waivable=False,
        since=3,
        why=(
            "the domain corrects deviations together with the employee: an outcome needs both"
            " voices, and one who disagrees says so in a comment rather than staying silent"
        ),
    ),
    _condition(
        "formal_reviews_held",
        _IP,
        "A formal plan's reviews kept to schedule: its k-th review date, once reached,"
        " had at least k reviews held on or before it.",
        _formal_reviews_held,
        waivable=True,
        why=(
            "perfcore's schedule for formal plans, beyond the domain's leaving conditions; HR may"
            " excuse a missed review date (leave, illness) with a reason"
        ),
    ),
    _condition(
        "formal_plan_outcome",
        _IP,
        "A formal plan has a recorded outcome (from its latest review that gives one).",
        _formal_plan_outcome,
        waivable=True,
        why=(
            "perfcore's own rule for formal plans; a plan cut short (a transfer, an exit) has no "
            "outcome to record"
        ),
    ),
)
"""Every leaving condition, in the order they are checked and reported."""

_BY_CODE = MappingProxyType({condition.code: condition for condition in CONDITIONS})

_BY_PHASE = MappingProxyType(
    {phase: tuple(c for c in CONDITIONS if phase in c.phases) for phase in Phase}
)
"""Each phase's conditions, worked out once: ``blockers`` asks on every command."""


def conditions_for(phase: Phase) -> tuple[Condition, ...]:
    """The conditions that guard leaving ``phase``."""
    v.require(phase, Phase, "phase")
    return _BY_PHASE.get(phase, ())


def blockers_of(cycle: CycleRecord, today: dt.date) -> tuple[Blocker, ...]:
    """Every unmet, unwaived condition for leaving ``cycle``'s phase, as of ``today``.

    The one place the guard's answer is made: :meth:`Cycle.blockers
    <perfcore.Cycle.blockers>`, ``advance_phase``, ``close`` and the available
    commands all ask it. A closed or cancelled cycle has none.
    """
    v.require(cycle, CycleRecord, "cycle")
    v.require_day(today, "today")
    return tuple(
        blocker
        for condition in conditions_for(cycle.phase)
        for blocker in condition.blockers(cycle, today)
        if not any(w.covers(blocker.code, blocker.subject) for w in cycle.waivers)
    )


def condition_named(code: str) -> Condition | None:
    """The condition with this code, if any."""
    v.require(code, str, "code")
    return _BY_CODE.get(code)
