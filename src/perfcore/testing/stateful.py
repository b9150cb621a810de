"""A hypothesis state machine that drives one :class:`~perfcore.Cycle` with every command.

``CycleMachine`` issues commands of every kind, valid and invalid, by the
cycle's employee, manager and HR and by strangers, and keeps a trivially
correct model alongside (the expected phase, number of events and goal ids).
After every step it checks that replay and the serialization round trip
rebuild the cycle, that a refused command changed nothing, that phases only
move forward (or to cancelled), that the permission table and the phase guards
were respected, that the cycle agrees with the model, that the recorded score
is what its recorded config computes (any other number is an adjustment
event), and that the appraisal ends only on ratings the employee was shown
and answered.

Subclass it to check your own policy, scoring or rules, and let pytest run it::

    class PolicyMachine(CycleMachine):
        def policy(self) -> Policy:
            return MY_POLICY

        @invariant()
        def only_managers_close(self) -> None:
            step = self.last_step
            if step and step.accepted and isinstance(step.command, Close):
                assert step.actor.role == Role.MANAGER

    TestPolicy = PolicyMachine.TestCase

Requires hypothesis (``pip install 'perfcore[testing]'``); ``TestCase`` is a
``unittest.TestCase``, so pytest or unittest runs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Callable

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from perfcore.assessments import (
    Achievement,
    Assessment,
    AssessmentSource,
    Basis,
    FeedbackDiscussion,
    GoalRating,
    Rating,
)
from perfcore.checkins import ActionItem, CheckIn, CheckInKind, GoalProgress, ProgressStatus
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle.aggregate import Cycle
from perfcore.cycle.conditions import CONDITIONS, Blocker
from perfcore.cycle.permissions import DEFAULT_POLICY, Policy
from perfcore.cycle.state import (
    AdjustmentKind,
    AppraisalStatus,
    ApprovalStep,
    CycleSettings,
    DisputeOutcome,
)
from perfcore.errors import GuardError, PerfcoreError, PermissionDenied, TransitionError
from perfcore.goals import Goal, GoalKind
from perfcore.improvement import (
    Attribution,
    CauseCategory,
    FollowUp,
    ImprovementAction,
    InterventionKind,
    Outcome,
    PracticeRecord,
    RootCause,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.improvement.signals import SignalKind
from perfcore.measures import Measure, NumericMeasure, YesNoMeasure
from perfcore.objectives import Objective, ObjectiveLevel
from perfcore.people import Actor, Role
from perfcore.periods import Period
from perfcore.phases import NEXT_PHASE, Phase
from perfcore.serialization import PerfcoreConverter, make_converter
from perfcore.testing._competency_strategies import competency_assessments
from perfcore.testing._primitive_strategies import EMPLOYEE, HR, MANAGER
from perfcore.testing._scoring import DEFAULT_REGISTRY, LENIENT_SCORING, ScoringConfig

__all__ = ["EMPLOYEE", "HR", "MANAGER", "STRANGERS", "CycleMachine", "Step"]

STRANGERS = (
    Actor(person_id="other-emp", role=Role.EMPLOYEE),
    Actor(person_id="other-mgr", role=Role.MANAGER),
    Actor(person_id="emp", role=Role.HR),
)
"""Another employee, another manager, and the employee acting as HR on their own cycle."""

_START = dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC)
_PERIOD = Period.annual(2026)
_OBJECTIVE = Objective(
    id="company/objective", title="Grow", level=ObjectiveLevel.COMPANY, period=_PERIOD
)
_OBJECTIVES = (
    _OBJECTIVE,
    attrs.evolve(_OBJECTIVE, id="company/retired", retired_on=dt.date(2026, 3, 1)),
    attrs.evolve(_OBJECTIVE, id="company/last-year", period=Period.annual(2025)),
)
"""A live objective, one retired in March, one from the year before."""
_SETTINGS = CycleSettings(approval_steps=(ApprovalStep(name="hr_sign_off", role=Role.HR),))
"""The machine's cycle routes its ratings through HR's sign-off before release."""

_MEASURES: list[Measure | None] = [
    NumericMeasure(unit="EUR", target=100),
    YesNoMeasure(question="Done?"),
    None,
]
_ids = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=6)
_texts = st.sampled_from(["Revenue", "Ship it", "Mentoring", "Été", "On leave", "Upheld"])


@functools.cache
def _converter(kind: int, policy: Policy, extra: tuple[object, ...]) -> PerfcoreConverter:
    """One converter per policy for every machine: making one compiles its hooks anew.

    Made per machine, converters took most of a run's time (a shrink runs
    thousands of machines). ``kind`` (the policy's class, by id: the cached
    policy keeps it alive) and ``extra`` (a subclass's own fields) keep apart
    policies that compare equal by their permission table alone.
    """
    del kind, extra  # parts of the cache key only
    return make_converter(policy=policy)


def _converter_for(policy: Policy) -> PerfcoreConverter:
    own = {"permissions", "hr_may_act_on_own_cycle"}
    extra = tuple(
        getattr(policy, field.name) for field in attrs.fields(type(policy)) if field.name not in own
    )
    try:
        return _converter(id(type(policy)), policy, extra)
    except TypeError:  # a policy that cannot be hashed gets a converter of its own
        return make_converter(policy=policy)


@attrs.frozen
class Step:
    """One attempted command: the cycle before, what was tried, and the outcome."""

    before: Cycle
    command: c.Command
    actor: Actor
    at: dt.datetime
    after: Cycle | None
    error: PerfcoreError | None

    @property
    def accepted(self) -> bool:
        """The command was applied."""
        return self.after is not None


Build = Callable[[st.DataObject], c.Command]
Option = Callable[[st.DataObject], tuple[c.Command, Actor]]


class CycleMachine(RuleBasedStateMachine):
    """Drives one cycle with every command and checks perfcore's guarantees after each step.

    Hooks to override: :meth:`policy`, :meth:`scoring` and :meth:`actors`. Add
    your own ``@invariant()`` methods; ``self.cycle`` is the current cycle and
    ``self.last_step`` the latest attempted command.
    """

    def __init__(self) -> None:
        super().__init__()
        self.converter = _converter_for(self.policy())
        start = Cycle.start(
            cycle_id="cyc",
            employee_id=EMPLOYEE.person_id,
            manager_id=MANAGER.person_id,
            period=_PERIOD,
            by=HR,
            at=_START,
            check_in_every_days=90,
            settings=_SETTINGS,
        )
        self.cycle: Cycle = start.with_policy(self.policy())
        self.last_step: Step | None = None
        self._checked: dict[str, Cycle] = {}
        self.expected_phase = Phase.GOAL_SETTING
        self.expected_events = 1
        self.expected_goal_ids: set[str] = set()
        self.today = _START.date()

    # --- hooks ------------------------------------------------------------------------

    def policy(self) -> Policy:
        """The policy under test (default: ``DEFAULT_POLICY``)."""
        return DEFAULT_POLICY

    def scoring(self) -> ScoringConfig:
        """The scoring config used to record appraisal scores."""
        return LENIENT_SCORING

    def actors(self) -> tuple[Actor, ...]:
        """Everyone who tries commands: the cycle's people, HR and strangers.

        Add actors in your app's roles here (keep the defaults).
        """
        return (EMPLOYEE, MANAGER, HR, *STRANGERS)

    # --- rules ------------------------------------------------------------------------

    @rule(data=st.data())
    def progress(self, data: st.DataObject) -> None:
        """A command that tends to move the cycle on, usually by the right person."""
        at = self._next_time(data)
        command, actor = data.draw(st.sampled_from(self._progressing()))(data)
        if data.draw(st.integers(0, 4)) == 0:
            actor = data.draw(st.sampled_from(self.actors()))
        self._attempt(command, actor, at)

    @rule(data=st.data())
    def disrupt(self, data: st.DataObject) -> None:
        """Any command by anyone, at any time; mostly refused. Rarely, a cancel."""
        at = self._next_time(data)
        if data.draw(st.integers(0, 9)) == 0:
            at = self.cycle.last_event_at - dt.timedelta(hours=1)
        command: c.Command = c.Cancel(reason="Role eliminated")
        if data.draw(st.integers(0, 14)) != 0:
            command = data.draw(st.sampled_from(self._any_command()))(data)
        actor = data.draw(st.sampled_from(self.actors()))
        self._attempt(command, actor, at)

    @rule(data=st.data())
    def move_on(self, data: st.DataObject) -> None:
        """Try to leave the phase (advance, or close), mostly as the manager or HR."""
        at = self._next_time(data)
        command = c.Close() if self.cycle.phase is Phase.IMPROVEMENT else c.AdvancePhase()
        actor = data.draw(st.sampled_from([MANAGER, HR]) | st.sampled_from(self.actors()))
        self._attempt(command, actor, at)

    # --- invariants -------------------------------------------------------------------

    def _unchecked(self, invariant_name: str) -> bool:
        """Whether ``invariant_name`` has yet to check this very cycle object.

        Its three whole-history invariants depend on the cycle alone, which is
        immutable, and a refused command leaves it the same object: each is
        checked once per cycle, not again after every refused step.
        """
        if self._checked.get(invariant_name) is self.cycle:
            return False
        self._checked[invariant_name] = self.cycle
        return True

    @invariant()
    def replay_rebuilds_the_cycle(self) -> None:
        """``Cycle.replay(cycle.events) == cycle``, under the machine's policy."""
        if self._unchecked("replay"):
            assert Cycle.replay(self.cycle.events, policy=self.policy()) == self.cycle

    @invariant()
    def serialization_round_trips(self) -> None:
        """Unstructuring and structuring the cycle gives it back."""
        if self._unchecked("round_trip"):
            data = self.converter.unstructure(self.cycle)
            assert self.converter.structure(data, Cycle) == self.cycle

    @invariant()
    def the_score_follows_from_its_basis(self) -> None:
        """The recorded score is what its config computes from the cycle it was recorded on.

        The effective score differs from it only through a ``ScoreAdjusted`` event
        after the last ``ScoreRecorded``, which keeps the computed value too.
        """
        cycle = self.cycle
        if not self._unchecked("score"):
            return
        if cycle.score is None:
            assert cycle.score_adjustment is None
            return
        recorded = [ev for ev in cycle.events if isinstance(ev, e.ScoreRecorded)][-1]
        assert recorded.score == cycle.score
        before = Cycle.replay(cycle.events[: recorded.sequence], policy=self.policy())
        config = ScoringConfig.from_data(cycle.score.config_data(), DEFAULT_REGISTRY)
        assert before.compute_score(config, DEFAULT_REGISTRY) == cycle.score
        adjustments = [
            ev for ev in cycle.events[recorded.sequence :] if isinstance(ev, e.ScoreAdjusted)
        ]
        if not adjustments:
            assert cycle.score_adjustment is None
            assert cycle.effective_score == cycle.score.value
            return
        last = adjustments[-1]
        assert last.replaces == cycle.score.value
        assert cycle.effective_score == last.value
        assert cycle.score_adjustment is not None
        assert (cycle.score_adjustment.value, cycle.score_adjustment.replaces) == (
            last.value,
            last.replaces,
        )

    @invariant()
    def the_appraisal_ends_on_ratings_the_employee_saw(self) -> None:
        """Leaving the appraisal needs the ratings as they stand released and answered."""
        step = self.last_step
        if step is None or not step.accepted or step.before.phase is not Phase.APPRAISAL:
            return
        if isinstance(step.command, c.AdvancePhase):
            assert step.before.ratings_released
            assert not step.before.rerated
            resolution = step.before.dispute_resolution
            assert resolution is None or not resolution.awaits_amendment

    @invariant()
    def cycle_matches_the_model(self) -> None:
        """Phase, number of events and goal ids are what the model expects."""
        assert self.cycle.phase is self.expected_phase
        assert len(self.cycle.events) == self.expected_events
        assert {g.id for g in self.cycle.goals} == self.expected_goal_ids

    # --- checking one step ------------------------------------------------------------

    def _attempt(self, command: c.Command, actor: Actor, at: dt.datetime) -> None:
        before = self.cycle
        snapshot = self.converter.unstructure(before)
        events = before.events
        guarded = isinstance(command, c.AdvancePhase | c.Close)
        blockers: tuple[Blocker, ...] = before.blockers(at=at) if guarded else ()
        after: Cycle | None
        try:
            after, error = before.execute(command, by=actor, at=at), None
        except PerfcoreError as exc:
            after, error = None, exc
        step = Step(before=before, command=command, actor=actor, at=at, after=after, error=error)
        self.last_step = step
        self._check_tables(step)
        if after is None:
            assert before.events is events, "a refused command changed the events"
            assert self.converter.unstructure(before) == snapshot, "a refused command changed state"
            if isinstance(error, GuardError):
                assert guarded
                assert blockers, "a guard refused with no blockers"
                assert error.blockers == blockers
            return
        if guarded:
            assert not blockers, f"{command.NAME} was accepted despite {blockers}"
        self._check_phase_move(step, after)
        assert after.events[:-1] == before.events
        assert after.events[-1].actor == actor
        self._update_model(command)
        self.cycle = after

    def _check_tables(self, step: Step) -> None:
        before, name = step.before, step.command.NAME
        if before.phase not in c.COMMAND_PHASES[name]:
            assert isinstance(step.error, TransitionError), f"{name} ran in {before.phase.value}"
            return
        denial = self.policy().denial(name, step.actor, before.employee_id, before.manager_id)
        if denial is not None:
            assert isinstance(step.error, PermissionDenied), f"{step.actor} may not {name}"
        else:
            assert not isinstance(step.error, PermissionDenied), f"{step.actor} may {name}"

    def _check_phase_move(self, step: Step, after: Cycle) -> None:
        before = step.before.phase
        if after.phase is Phase.CANCELLED:
            assert isinstance(step.command, c.Cancel)
            assert before.is_open
        elif after.phase is not before:
            assert after.phase is NEXT_PHASE[before]
            assert isinstance(step.command, c.AdvancePhase | c.Close)

    def _update_model(self, command: c.Command) -> None:
        self.expected_events += 1
        if isinstance(command, c.AdvancePhase | c.Close):
            self.expected_phase = NEXT_PHASE[self.expected_phase]
        elif isinstance(command, c.Cancel):
            self.expected_phase = Phase.CANCELLED
        elif isinstance(command, c.ProposeGoal):
            self.expected_goal_ids.add(command.goal.id)

    def _next_time(self, data: st.DataObject) -> dt.datetime:
        hours = data.draw(st.integers(0, 24 * 20))
        self.today = (self.cycle.last_event_at + dt.timedelta(hours=hours)).date()
        return self.cycle.last_event_at + dt.timedelta(hours=hours)

    # --- generating commands ----------------------------------------------------------

    def _progressing(self) -> list[Option]:  # noqa: C901, PLR0912 - one branch per phase
        cycle = self.cycle
        phase = cycle.phase
        options: list[Option] = []

        def by(actor: Actor, build: Build) -> Option:
            return lambda data: (build(data), actor)

        def fixed(command: c.Command, actor: Actor) -> None:
            options.append(by(actor, lambda _: command))

        if phase is Phase.GOAL_SETTING:
            if len(cycle.active_goals) < 3:
                options += [by(EMPLOYEE, self._propose), by(MANAGER, self._propose)]
            for goal in cycle.active_goals:
                if cycle.objective_for(goal.id) is None:
                    fixed(c.AlignGoal(goal_id=goal.id, objective=_OBJECTIVE), MANAGER)
            fixed(c.AgreeGoals(), EMPLOYEE)
            fixed(c.WaiveCondition(code="goal_aligned", reason="Team objective pending"), HR)
        elif phase is Phase.IMPLEMENTATION:
            options.append(by(MANAGER, self._check_in))
            for signal in cycle.unanswered_signals():
                answer = c.AnswerSignal(
                    check_in_id=signal.check_in_id, kind=signal.kind, response="Budget approved"
                )
                fixed(answer, HR)
            fixed(c.AgreeGoals(), EMPLOYEE)
            fixed(c.WaiveCondition(code="check_in_cadence", reason="Leave"), HR)
        elif phase is Phase.APPRAISAL:
            options += self._appraisal_options()
        if phase in (Phase.APPRAISAL, Phase.IMPROVEMENT):
            addressed = {cid for a in cycle.actions for cid in a.cause_ids}
            for cause in cycle.root_causes:
                if cause.id not in addressed:
                    options.append(by(MANAGER, self._action((cause.id,), f"a-{cause.id}")))
        if phase is Phase.IMPROVEMENT:
            for action in cycle.improvement_plan.open_actions:
                options.append(by(MANAGER, self._follow_up(action.id)))
            for action_id in sorted({f.action_id for f in cycle.follow_ups}):
                options.append(by(EMPLOYEE, self._answer(action_id)))
            options += self._formal_options()
            fixed(c.Close(), MANAGER)
        if phase in (Phase.APPRAISAL, Phase.IMPROVEMENT):
            # HR accepts what the third rules let it accept with a reason, so cycles move on.
            for code in (
                "competency_rated",
                "gap_explained",
                "signal_analysed",
                "action_fits_cause",
            ):
                if any(blocker.code == code for blocker in cycle.blockers()):
                    fixed(c.WaiveCondition(code=code, reason="Accepted by HR"), HR)
        if phase in (Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL):
            fixed(c.AdvancePhase(), MANAGER)
            fixed(c.AdvancePhase(), HR)
        if not options:
            fixed(c.Close(), MANAGER)
        return options

    def _appraisal_options(self) -> list[Option]:  # noqa: C901, PLR0912, PLR0915 - a branch per step
        cycle = self.cycle
        status = cycle.appraisal_status
        released = cycle.ratings_released
        today = self.today
        options: list[Option] = []

        def add(command: Build | c.Command, actor: Actor) -> None:
            if isinstance(command, c.Command):
                fixed_command = command
                options.append(lambda _: (fixed_command, actor))
            else:
                build = command
                options.append(lambda data: (build(data), actor))

        if status in (AppraisalStatus.PENDING, AppraisalStatus.RESOLVED):
            add(self._assess(AssessmentSource.MANAGER), MANAGER)
            if cycle.score is not None:
                add(self._adjust(), HR)
            if cycle.self_assessment is None:
                add(self._assess(AssessmentSource.SELF), EMPLOYEE)
                add(self._assess(AssessmentSource.SELF, share=False), EMPLOYEE)
            if cycle.self_assessment_draft is not None:
                add(c.ShareSelfAssessment(), EMPLOYEE)
            if cycle.manager_assessment is not None and not cycle.ratings_released:
                add(c.ReleaseRatings(), MANAGER)
        if cycle.self_assessment is None:
            add(c.WaiveCondition(code="self_assessment", reason="On leave"), HR)
        analysed = {rc.goal_id for rc in cycle.root_causes}
        for goal in cycle.unmet_goals:
            if goal.id not in analysed:
                add(self._root_cause(goal.id, f"rc-{goal.id}"), MANAGER)
        for goal in cycle.exceeded_goals:
            if cycle.practice_for(goal.id) is None:
                add(self._practice(goal.id), MANAGER)
        if cycle.manager_assessment is not None and (cycle.score is None or cycle.rerated):
            try:
                score = cycle.compute_score(self.scoring(), DEFAULT_REGISTRY)
            except PerfcoreError:
                pass
            else:
                add(c.RecordScore(score=score), MANAGER)
        if cycle.manager_assessment is not None and cycle.feedback is None:
            discussion = FeedbackDiscussion(held_on=today, summary="Discussed")
            add(c.HoldFeedbackDiscussion(discussion=discussion), MANAGER)
        if cycle.feedback is not None and cycle.manager_assessment is not None and not released:
            add(c.ReleaseRatings(), HR)
        step = cycle.next_approval
        awaiting = cycle.manager_assessment is not None and cycle.returned_at_step is None
        if step is not None and awaiting and not released:
            add(c.ApproveRatings(step=step.name), HR)
            add(c.ReturnRatings(step=step.name, reason="Check the basis of g1"), HR)
        if cycle.feedback is not None and status is AppraisalStatus.PENDING and released:
            add(c.Acknowledge(), EMPLOYEE)
            add(c.Dispute(reason="Rating too low"), EMPLOYEE)
        if status is AppraisalStatus.DISPUTED:
            for outcome in DisputeOutcome:
                add(c.ResolveDispute(outcome=outcome, reason="Reviewed by HR"), HR)
        return options

    def _formal_options(self) -> list[Option]:
        """Start a formal plan over the actions, review it, or waive missed reviews."""
        cycle = self.cycle
        options: list[Option] = []
        actions = tuple(a.id for a in cycle.actions)
        if cycle.formal_plan is None and actions:
            build = self._formal_plan(actions)
            options.append(lambda data: (build(data), data.draw(st.sampled_from([MANAGER, HR]))))
        if cycle.formal_plan is not None:
            options.append(lambda data: (self._formal_review(data), MANAGER))
            blocked = {b.code for b in cycle.blockers(at=self.cycle.last_event_at)}
            if "formal_reviews_held" in blocked:
                waive = c.WaiveCondition(code="formal_reviews_held", reason="Reviewer on leave")
                options.append(lambda _: (waive, HR))
        return options

    def _any_command(self) -> list[Build]:
        """Every command type, with contents that mostly do not fit the cycle."""
        known = sorted(g.id for g in self.cycle.goals)
        goal_id = st.sampled_from([*known, "nope"])
        # Waivers of what is unmet now come first (a waiver of a met condition is refused).
        unmet = sorted({blocker.code for blocker in self.cycle.blockers()})
        codes = [*unmet, *(cond.code for cond in CONDITIONS if cond.code not in unmet)]
        today = self.today

        def one(build: Callable[[st.DataObject, str], c.Command]) -> Build:
            return lambda data: build(data, data.draw(goal_id))

        return [
            one(lambda d, g: c.ProposeGoal(goal=self._goal(d, g, d.draw(st.integers(0, 100))))),
            one(lambda d, g: c.ReviseGoal(goal=self._goal(d, g, 50), reason="Scope changed")),
            one(lambda _, g: c.WithdrawGoal(goal_id=g, reason="No longer relevant")),
            one(
                lambda d, g: c.AlignGoal(goal_id=g, objective=d.draw(st.sampled_from(_OBJECTIVES)))
            ),
            one(lambda _, g: c.AgreeGoals(goal_ids=(g,))),
            self._check_in,
            self._assess(AssessmentSource.SELF),
            self._assess(AssessmentSource.SELF, share=False),
            self._assess(AssessmentSource.MANAGER),
            lambda _: c.ShareSelfAssessment(),
            lambda d: c.AnswerSignal(
                check_in_id=d.draw(st.sampled_from(["ci1", "nope"])),
                kind=d.draw(st.sampled_from(list(SignalKind))),
                response="Answered",
            ),
            lambda d: c.SubmitCompetencyAssessment(assessment=d.draw(competency_assessments())),
            lambda d: c.ApproveRatings(step=d.draw(st.sampled_from(["hr_sign_off", "nope"]))),
            lambda d: c.ReturnRatings(
                step=d.draw(st.sampled_from(["hr_sign_off", "nope"])), reason="Too generous"
            ),
            lambda _: c.ReleaseRatings(),
            self._adjust(),
            one(lambda d, g: self._root_cause(g, d.draw(_ids))(d)),
            lambda _: c.HoldFeedbackDiscussion(
                discussion=FeedbackDiscussion(held_on=today, summary="Talk")
            ),
            lambda _: c.Acknowledge(),
            lambda _: c.Dispute(reason="Unfair"),
            lambda d: c.ResolveDispute(
                outcome=d.draw(st.sampled_from(DisputeOutcome)), reason="Upheld"
            ),
            self._action(("rc-x",), None),
            self._follow_up("a1"),
            self._answer("a1"),
            one(lambda d, g: self._practice(g)(d)),
            self._formal_plan(("a1", "a-rc-g1")),
            self._formal_review,
            lambda _: c.AdvancePhase(),
            lambda d: c.WaiveCondition(
                code=d.draw(st.sampled_from([*codes, "unknown_code"])), reason="Because"
            ),
            lambda _: c.Close(),
        ]

    # --- contents ---------------------------------------------------------------------

    def _goal(self, data: st.DataObject, goal_id: str, weight: float) -> Goal:
        kind = data.draw(st.sampled_from(list(GoalKind)))
        measure = data.draw(st.sampled_from(_MEASURES))
        due = data.draw(st.none() | st.dates(self.cycle.period.start, self.cycle.period.end))
        return Goal(
            id=goal_id,
            title=data.draw(_texts),
            kind=kind,
            weight=weight if kind is GoalKind.PERFORMANCE else 0,
            measure=measure,
            due=due,
            parent_id=data.draw(st.none() | st.just("company/objective")),
        )

    def _propose(self, data: st.DataObject) -> c.Command:
        cycle = self.cycle
        used = sum(g.weight for g in cycle.active_goals if g.kind is GoalKind.PERFORMANCE)
        goal = self._goal(data, f"g{len(cycle.goals) + 1}", max(100 - used, 0))
        kind = GoalKind.PERFORMANCE if used < 100 else GoalKind.DEVELOPMENT
        measure = goal.measure or _MEASURES[0]
        return c.ProposeGoal(goal=attrs.evolve(goal, kind=kind, measure=measure))

    def _check_in(self, data: st.DataObject) -> c.Command:
        cycle = self.cycle
        kind = data.draw(st.sampled_from(list(CheckInKind)))
        items: tuple[ActionItem, ...] = ()
        closed: tuple[str, ...] = ()
        if kind.is_shared:  # a private note agrees nothing with anyone
            items = tuple(
                ActionItem(
                    id=f"ai{len(cycle.action_items) + 1}",
                    text="Book the training",
                    owner_id=EMPLOYEE.person_id,
                    due=self.today,
                )
                for _ in range(data.draw(st.integers(0, 1)))
            )
            opened = cycle.open_action_items()
            closed = tuple(item.id for item in opened[: data.draw(st.integers(0, 1))])
        return c.RecordCheckIn(
            check_in=CheckIn(
                id=f"ci{len(cycle.check_ins) + 1}",
                kind=kind,
                held_on=self.today,
                summary=data.draw(_texts),
                progress=tuple(
                    GoalProgress(goal_id=goal.id, status=ProgressStatus.OFF_TRACK)
                    for goal in cycle.active_goals[: data.draw(st.integers(0, 1))]
                ),
                obstacles=tuple(data.draw(st.lists(_texts, max_size=1))),
                hr_help_wanted=data.draw(st.booleans()),
                action_items=items,
                closed_action_items=closed,
            )
        )

    def _assess(self, source: AssessmentSource, *, share: bool = True) -> Build:
        def build(data: st.DataObject) -> c.Command:
            scale = self.cycle.scale
            ratings = tuple(
                GoalRating(
                    goal_id=goal.id,
                    achievement=data.draw(st.sampled_from(list(Achievement))),
                    rating=Rating(
                        value=data.draw(st.integers(scale.minimum, scale.maximum)),
                        basis=Basis(text=data.draw(_texts)),
                    ),
                    actual=self._actual(data, goal),
                )
                for goal in self.cycle.active_goals
            )
            assessment = Assessment(source=source, goal_ratings=ratings)
            if source is AssessmentSource.SELF:
                return c.SubmitSelfAssessment(assessment=assessment, share=share)
            reason = data.draw(st.sampled_from([None, "Re-rated after review"]))
            if self.cycle.ratings_ever_released and data.draw(st.integers(0, 4)) != 0:
                reason = "Re-rated after review"
            return c.SubmitManagerAssessment(assessment=assessment, reason=reason)

        return build

    @staticmethod
    def _actual(data: st.DataObject, goal: Goal) -> float | None:
        """A result the goal's measure can score (so scores get recorded), or none."""
        if isinstance(goal.measure, NumericMeasure):
            return float(data.draw(st.integers(0, 150)))
        if isinstance(goal.measure, YesNoMeasure):
            return float(data.draw(st.integers(0, 1)))
        return None

    def _adjust(self) -> Build:
        """A score adjustment: usually of the recorded score, within its range, by a new value."""

        def build(data: st.DataObject) -> c.Command:
            score = self.cycle.score
            replaces = score.value if score is not None else 1.0
            if data.draw(st.integers(0, 5)) == 0:
                replaces = data.draw(st.sampled_from([0.0, 0.5, 2.0]))
            return c.AdjustScore(
                value=data.draw(st.sampled_from([0.0, 0.4, 0.8, 1.0, 1.2, 1.5, 3.0])),
                replaces=replaces,
                kind=data.draw(st.sampled_from(AdjustmentKind)),
                reference=data.draw(st.none() | st.just("cal-1")),
                reason=data.draw(_texts),
            )

        return build

    def _root_cause(self, goal_id: str, cause_id: str) -> Build:
        def build(data: st.DataObject) -> c.Command:
            category = data.draw(st.sampled_from(list(CauseCategory)))
            attribution = (
                data.draw(st.sampled_from(list(Attribution)))
                if category is CauseCategory.ATTITUDE
                else None
            )
            cause = RootCause(
                id=cause_id,
                goal_id=goal_id,
                category=category,
                description=data.draw(_texts),
                attribution=attribution,
            )
            return c.RecordRootCause(root_cause=cause)

        return build

    def _action(self, cause_ids: tuple[str, ...], action_id: str | None) -> Build:
        def build(data: st.DataObject) -> c.Command:
            start = self.cycle.period.start
            action = ImprovementAction(
                id=action_id if action_id is not None else data.draw(_ids),
                title=data.draw(_texts),
                kind=data.draw(st.sampled_from(list(InterventionKind))),
                owner_id=data.draw(st.sampled_from([EMPLOYEE.person_id, MANAGER.person_id])),
                due=data.draw(st.dates(start, start + dt.timedelta(days=400))),
                success_measure=data.draw(_texts),
                cause_ids=cause_ids,
            )
            return c.AddImprovementAction(action=action)

        return build

    def _formal_plan(self, action_ids: tuple[str, ...]) -> Build:
        def build(data: st.DataObject) -> c.Command:
            start = self.today - dt.timedelta(days=data.draw(st.integers(0, 40)))
            length = data.draw(st.integers(1, 120))
            offsets = data.draw(
                st.lists(st.integers(0, length), min_size=1, max_size=3, unique=True)
            )
            plan = FormalPlan(
                id="fp-1",
                reason=data.draw(_texts),
                action_ids=tuple(
                    data.draw(st.lists(st.sampled_from(action_ids), min_size=1, unique=True))
                ),
                starts_on=start,
                ends_on=start + dt.timedelta(days=length),
                review_dates=tuple(start + dt.timedelta(days=d) for d in sorted(offsets)),
                expectations=data.draw(_texts),
            )
            return c.StartFormalPlan(plan=plan)

        return build

    def _formal_review(self, data: st.DataObject) -> c.Command:
        review = FormalReview(
            held_on=self.today - dt.timedelta(days=data.draw(st.integers(0, 3))),
            progress=data.draw(_texts),
            outcome=data.draw(st.none() | st.sampled_from(list(Outcome))),
        )
        return c.RecordFormalReview(review=review)

    def _practice(self, goal_id: str) -> Build:
        def build(data: st.DataObject) -> c.Command:
            shared = data.draw(st.booleans())
            practice = PracticeRecord(
                goal_id=goal_id,
                what_worked=data.draw(_texts),
                shared_with=("team",) if shared else (),
                shared_on=self.today if shared else None,
            )
            return c.RecordPractice(practice=practice)

        return build

    def _answer(self, action_id: str) -> Build:
        def build(data: st.DataObject) -> c.Command:
            if data.draw(st.booleans()):
                return c.AnswerFollowUp(action_id=action_id, agrees=True)
            return c.AnswerFollowUp(action_id=action_id, agrees=False, comment=data.draw(_texts))

        return build

    def _follow_up(self, action_id: str) -> Build:
        def build(data: st.DataObject) -> c.Command:
            follow_up = FollowUp(
                action_id=action_id,
                held_on=self.today,
                progress=data.draw(_texts),
                outcome=data.draw(st.none() | st.sampled_from(list(Outcome))),
            )
            return c.RecordFollowUp(follow_up=follow_up)

        return build
