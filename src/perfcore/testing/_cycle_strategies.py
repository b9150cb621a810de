"""Strategies for whole cycles: waivers, command sequences and the cycles they build.

A cycle is driven by valid commands only, drawing each command's content with
the record, improvement and primitive strategies. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import attrs
from hypothesis import strategies as st

from perfcore.assessments import Assessment, AssessmentSource, FeedbackDiscussion
from perfcore.cycle import CONDITIONS, AdjustmentKind, Cycle, DisputeOutcome, Phase, Waiver
from perfcore.cycle import commands as c
from perfcore.errors import PerfcoreError, ValidationError
from perfcore.improvement import Outcome
from perfcore.measures import MilestoneMeasure, NumericMeasure, ScaleMeasure, YesNoMeasure
from perfcore.people import Actor, Role
from perfcore.scales import RatingScale
from perfcore.testing._improvement_strategies import (
    follow_ups,
    formal_plans,
    formal_reviews,
    improvement_actions,
    root_causes,
)
from perfcore.testing._primitive_strategies import _UTC, _or, ids, periods, rating_scales, texts
from perfcore.testing._record_strategies import assessments, check_ins, goal_sets
from perfcore.testing._scoring import DEFAULT_REGISTRY, LENIENT_SCORING

__all__ = [
    "EMPLOYEE",
    "HR",
    "MANAGER",
    "CommandSequence",
    "command_sequences",
    "cycles",
    "waivers",
]

EMPLOYEE = Actor(person_id="emp", role=Role.EMPLOYEE)
"""The employee of every cycle ``cycles()`` draws."""
MANAGER = Actor(person_id="mgr", role=Role.MANAGER)
"""The manager of every cycle ``cycles()`` draws."""
HR = Actor(person_id="hr", role=Role.HR)
"""HR, who starts every cycle ``cycles()`` draws and waives what it must."""


def waivers(
    *,
    code: st.SearchStrategy[str] | None = None,
    phase: st.SearchStrategy[Phase] | None = None,
) -> st.SearchStrategy[Waiver]:
    """HR's waiver of a waivable condition, for one subject or all. Requires hypothesis."""
    codes = st.sampled_from([cond.code for cond in CONDITIONS if cond.waivable])
    return st.builds(
        Waiver,
        code=_or(code, codes),
        phase=_or(phase, st.sampled_from(list(Phase))),
        reason=texts(),
        subject=st.none() | ids(),
    )


# --- whole cycles ------------------------------------------------------------------

_OPEN = (Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT)
Move = tuple[c.Command, Actor]


class _Driver:
    """Drives one cycle forward through its phases, drawing the content of each command."""

    def __init__(self, draw: st.DrawFn, cycle: Cycle, at: dt.datetime) -> None:
        self.draw = draw
        self.cycle = cycle
        self.at = at
        self.moves: list[tuple[c.Command, Actor, dt.datetime]] = []

    def run(self, command: c.Command, actor: Actor, *, wait: bool = True) -> None:
        """Issue ``command``, after a drawn pause unless ``wait`` is false."""
        if wait:
            self.at += dt.timedelta(hours=self.draw(st.integers(0, 48)))
        self.cycle = self.cycle.execute(command, by=actor, at=self.at)
        self.moves.append((command, actor, self.at))

    def work(self, *, partly: bool) -> None:
        """The work of the current phase; ``partly`` may stop anywhere before its end."""
        steps: dict[Phase, Callable[[], Iterator[Move]]] = {
            Phase.GOAL_SETTING: self._goal_setting,
            Phase.IMPLEMENTATION: self._implementation,
            Phase.APPRAISAL: self._appraisal,
            Phase.IMPROVEMENT: self._improvement,
        }
        for command, actor in steps[self.cycle.phase]():
            if partly and self.draw(st.integers(0, 3)) == 0:
                return
            self.run(command, actor)

    def leave(self) -> None:
        """Advance (or close), waiving whatever waivable condition still blocks.

        The waivers and the second attempt happen at the moment of the refused
        one, so no new blocker (a review date reached meanwhile) can appear.
        """
        leave: c.Command = c.Close() if self.cycle.phase is Phase.IMPROVEMENT else c.AdvancePhase()
        try:
            self.run(leave, MANAGER)
        except PerfcoreError:
            waivable = {cond.code for cond in CONDITIONS if cond.waivable}
            for blocker in self.cycle.blockers(at=self.at):
                if blocker.code in waivable:
                    waive = c.WaiveCondition(
                        code=blocker.code, subject=blocker.subject, reason="Waived by HR"
                    )
                    self.run(waive, HR, wait=False)
            self.run(leave, MANAGER, wait=False)

    def _goal_setting(self) -> Iterator[Move]:
        for goal in self.draw(goal_sets(period=st.just(self.cycle.period))):
            yield c.ProposeGoal(goal=goal), self.draw(st.sampled_from([EMPLOYEE, MANAGER]))
        yield c.AgreeGoals(), EMPLOYEE

    def _implementation(self) -> Iterator[Move]:
        for number in range(self.draw(st.integers(0, 3))):
            active = [g.id for g in self.cycle.active_goals]
            check_in = self.draw(
                check_ins(
                    held_on=st.just(self.at.date()),
                    goal_id=st.sampled_from(active) if active else None,
                )
            )
            check_in = attrs.evolve(check_in, id=f"ci{number + 1}")
            yield (
                c.RecordCheckIn(check_in=check_in),
                self.draw(st.sampled_from([EMPLOYEE, MANAGER])),
            )

    def _appraisal(self) -> Iterator[Move]:
        active = tuple(g.id for g in self.cycle.active_goals)
        if self.draw(st.booleans()):
            self_assessment = self.draw(
                assessments(
                    source=st.just(AssessmentSource.SELF),
                    goal_ids=st.just(active),
                    scale=st.just(self.cycle.scale),
                )
            )
            yield c.SubmitSelfAssessment(assessment=self_assessment), EMPLOYEE
        manager = self.draw(
            assessments(
                source=st.just(AssessmentSource.MANAGER),
                goal_ids=st.just(active),
                scale=st.just(self.cycle.scale),
            )
        )
        yield c.SubmitManagerAssessment(assessment=self._with_results(manager)), MANAGER
        for goal in self.cycle.unmet_goals:
            cause = self.draw(root_causes(goal_id=st.just(goal.id)))
            cause = attrs.evolve(cause, id=f"rc-{goal.id}")
            yield c.RecordRootCause(root_cause=cause), MANAGER
        if self.draw(st.booleans()):
            try:
                score = self.cycle.compute_score(LENIENT_SCORING, DEFAULT_REGISTRY)
            except ValidationError:
                pass
            else:
                yield c.RecordScore(score=score), MANAGER
                if self.draw(st.integers(0, 2)) == 0:
                    yield self._adjustment(AdjustmentKind.CALIBRATION), HR
        discussion = FeedbackDiscussion(held_on=self.at.date(), summary="Went through all goals")
        yield c.HoldFeedbackDiscussion(discussion=discussion), MANAGER
        yield from self._answer(active)

    def _with_results(self, assessment: Assessment) -> Assessment:
        """``assessment`` with a result its goal's measure can score, for most goals."""
        ratings = []
        for rating in assessment.goal_ratings:
            goal = self.cycle.goal(rating.goal_id)
            measure = None if goal is None else goal.measure
            actual: float | None = None
            if isinstance(measure, NumericMeasure):
                actual = self.draw(st.floats(0, 2 * abs(measure.target) + 1, allow_nan=False))
            elif isinstance(measure, MilestoneMeasure):
                actual = float(self.draw(st.integers(0, len(measure.steps))))
            elif isinstance(measure, YesNoMeasure):
                actual = float(self.draw(st.integers(0, 1)))
            elif isinstance(measure, ScaleMeasure):
                actual = float(self.draw(st.integers(measure.scale.minimum, measure.scale.maximum)))
            ratings.append(attrs.evolve(rating, actual=actual))
        return attrs.evolve(assessment, goal_ratings=tuple(ratings))

    def _answer(self, active: tuple[str, ...]) -> Iterator[Move]:
        """The employee acknowledges, or disputes; an amended resolution is re-rated or adjusted."""
        if self.draw(st.booleans()):
            yield c.Acknowledge(), EMPLOYEE
            return
        yield c.Dispute(reason="Rating too low"), EMPLOYEE
        outcome = self.draw(st.sampled_from(DisputeOutcome))
        yield c.ResolveDispute(outcome=outcome, reason="Reviewed by HR"), HR
        if outcome is not DisputeOutcome.AMENDED:
            return
        if self.cycle.score is not None and self.draw(st.booleans()):
            yield self._adjustment(AdjustmentKind.DISPUTE), HR
        else:
            again = self.draw(
                assessments(
                    source=st.just(AssessmentSource.MANAGER),
                    goal_ids=st.just(active),
                    scale=st.just(self.cycle.scale),
                )
            )
            again = self._with_results(again)
            yield c.SubmitManagerAssessment(assessment=again, reason="Re-rated on review"), MANAGER
            for goal in self.cycle.unmet_goals:
                if goal.id not in {cause.goal_id for cause in self.cycle.root_causes}:
                    cause = self.draw(root_causes(goal_id=st.just(goal.id)))
                    yield (
                        c.RecordRootCause(root_cause=attrs.evolve(cause, id=f"rc2-{goal.id}")),
                        MANAGER,
                    )
        yield c.ReleaseRatings(), HR
        yield c.Acknowledge(), EMPLOYEE

    def _adjustment(self, kind: AdjustmentKind) -> c.AdjustScore:
        """An adjustment of the recorded score to another value in 0–1."""
        score = self.cycle.score
        assert score is not None
        value = self.draw(
            st.sampled_from([0.25, 0.5, 0.75, 1.0]).filter(
                lambda v: v != self.cycle.effective_score
            )
        )
        return c.AdjustScore(
            value=value,
            replaces=score.value,
            kind=kind,
            reference=self.draw(st.none() | st.just("session-1")),
            reason="Calibrated" if kind is AdjustmentKind.CALIBRATION else "Raised on review",
        )

    def _improvement(self) -> Iterator[Move]:
        for cause in self.cycle.root_causes:
            action = self.draw(
                improvement_actions(
                    action_id=st.just(f"a-{cause.id}"),
                    cause_ids=st.just((cause.id,)),
                    due=st.dates(self.cycle.period.start, self.cycle.period.end),
                )
            )
            yield c.AddImprovementAction(action=action), MANAGER
        for action in self.cycle.actions:
            follow_up = self.draw(
                follow_ups(
                    action_id=st.just(action.id),
                    held_on=st.just(self.at.date()),
                    outcome=st.sampled_from(list(Outcome)),
                )
            )
            yield c.RecordFollowUp(follow_up=follow_up), MANAGER
        if self.cycle.actions and self.draw(st.integers(0, 2)) == 0:
            yield from self._formal_plan()

    def _formal_plan(self) -> Iterator[Move]:
        """A formal plan over some of the actions, then a few of its reviews."""
        today = self.at.date()
        chosen = self.draw(
            st.lists(st.sampled_from([a.id for a in self.cycle.actions]), min_size=1, max_size=3)
        )
        start = today - dt.timedelta(days=self.draw(st.integers(0, 30)))
        plan = self.draw(
            formal_plans(
                plan_id=st.just("fp-1"), action_ids=st.just(chosen), starts_on=st.just(start)
            )
        )
        yield c.StartFormalPlan(plan=plan), self.draw(st.sampled_from([MANAGER, HR]))
        for _ in range(self.draw(st.integers(0, 3))):
            review = self.draw(formal_reviews(held_on=st.just(self.at.date())))
            yield c.RecordFormalReview(review=review), self.draw(st.sampled_from([MANAGER, HR]))


def cycles(*, phase: Phase | st.SearchStrategy[Phase] | None = None) -> st.SearchStrategy[Cycle]:
    """A whole cycle, started by HR for ``EMPLOYEE`` and ``MANAGER``, driven to ``phase``.

    Without ``phase`` any phase is drawn, cancelled and closed included. The cycle
    gets there by valid commands only: goals (weights totalling 100) proposed and
    agreed, check-ins, self and manager assessments, root causes of unmet goals,
    feedback, acknowledgement or a resolved dispute, improvement actions and their
    follow-ups, sometimes a formal plan and its reviews; HR waives what remains
    waivable. In the final phase it stops at a random point of that phase's
    work. Every cycle replays from its events.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    return command_sequences(phase=phase).map(lambda sequence: sequence.cycle)


@attrs.frozen
class CommandSequence:
    """A started cycle and the accepted commands that take it to ``cycle``.

    ``moves`` are ``(command, actor, at)`` triples; applying them in order to
    ``start`` with ``Cycle.execute`` gives ``cycle``.
    """

    start: Cycle
    moves: tuple[tuple[c.Command, Actor, dt.datetime], ...]
    cycle: Cycle

    def replay(self) -> Cycle:
        """Apply every move to ``start`` again; the result equals ``cycle``."""
        cycle = self.start
        for command, actor, at in self.moves:
            cycle = cycle.execute(command, by=actor, at=at)
        return cycle


def command_sequences(
    *, phase: Phase | st.SearchStrategy[Phase] | None = None
) -> st.SearchStrategy[CommandSequence]:
    """A valid command sequence from a cycle's start to ``phase`` (any phase if ``None``).

    Every command in it is accepted; see :func:`cycles` for what the sequence does.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    targets = st.sampled_from(list(Phase)) if phase is None else phase
    if isinstance(targets, Phase):
        targets = st.just(targets)

    @st.composite
    def build(draw: st.DrawFn) -> CommandSequence:
        target = draw(targets)
        period = draw(periods())
        at = dt.datetime.combine(period.start, dt.time(9), tzinfo=_UTC)
        cycle = Cycle.start(
            cycle_id=draw(ids()),
            employee_id=EMPLOYEE.person_id,
            manager_id=MANAGER.person_id,
            period=period,
            by=HR,
            at=at,
            scale=draw(st.just(RatingScale()) | rating_scales()),
            check_in_every_days=draw(st.sampled_from([30, 90, 366])),
        )
        start = cycle
        driver = _Driver(draw, cycle, at)
        stop = draw(st.sampled_from(_OPEN)) if target is Phase.CANCELLED else target
        while driver.cycle.phase is not stop:
            driver.work(partly=False)
            driver.leave()
        if stop in _OPEN:
            driver.work(partly=True)
        if target is Phase.CANCELLED:
            driver.run(c.Cancel(reason="Role eliminated"), draw(st.sampled_from([HR, MANAGER])))
        return CommandSequence(start=start, moves=tuple(driver.moves), cycle=driver.cycle)

    return build()
