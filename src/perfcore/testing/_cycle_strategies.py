"""Strategies for whole cycles: waivers, command sequences and the cycles they build.

A cycle is driven by valid commands only. For speed, its content is built here
directly from a few drawn numbers (an index into a pool of texts, a day
offset, a branch taken or not) with strategies made once at import, never
from nested record strategies made anew for every draw: the cost of a cycle is
then mostly ``Cycle.execute`` itself. The same driver runs from a seeded
``random.Random`` for populations (:mod:`._population_strategies`), where one
drawn seed stands for a whole cycle. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from perfcore.assessments import (
    Achievement,
    Assessment,
    AssessmentSource,
    Basis,
    FeedbackDiscussion,
    GapRule,
    GoalRating,
    Rating,
)
from perfcore.cadence import Cadence
from perfcore.checkins import ActionItem, CheckIn, CheckInKind, GoalProgress, ProgressStatus
from perfcore.competency.model import (
    AssessorRole,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    Requirement,
)
from perfcore.cycle import (
    CONDITIONS,
    DEFAULT_SETTINGS,
    AdjustmentKind,
    Approval,
    ApprovalStep,
    Cycle,
    CycleSettings,
    DisputeOutcome,
    Phase,
    Waiver,
)
from perfcore.cycle import commands as c
from perfcore.cycle.state import FollowUpAnswer, SignalAnswer
from perfcore.errors import ValidationError
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
from perfcore.improvement.signals import ANSWERED_SIGNALS
from perfcore.measures import (
    Direction,
    Measure,
    MilestoneMeasure,
    NumericMeasure,
    ScaleMeasure,
    YesNoMeasure,
)
from perfcore.objectives import Objective, ObjectiveLevel
from perfcore.people import Actor, Role
from perfcore.periods import Period
from perfcore.scales import RatingScale
from perfcore.testing._improvement_strategies import cause_interventions
from perfcore.testing._primitive_strategies import (
    _UTC,
    EMPLOYEE,
    HR,
    MANAGER,
    _or,
    actors,
    ids,
    periods,
    rating_scales,
    texts,
)
from perfcore.testing._record_strategies import cadences, gap_rules
from perfcore.testing._scoring import DEFAULT_REGISTRY, LENIENT_SCORING

__all__ = [
    "EMPLOYEE",
    "HR",
    "MANAGER",
    "CommandSequence",
    "approval_routes",
    "approval_steps",
    "approvals",
    "command_sequences",
    "cycle_settings",
    "cycles",
    "follow_up_answers",
    "signal_answers",
    "waivers",
]

T = TypeVar("T")


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


_ROUTED = CycleSettings(approval_steps=(ApprovalStep(name="hr_sign_off", role=Role.HR),))
"""Settings that route the ratings through HR's sign-off before release."""


def cycle_settings(
    *,
    cadence: st.SearchStrategy[Cadence | None] | None = None,
    gap_rule: st.SearchStrategy[GapRule] | None = None,
) -> st.SearchStrategy[CycleSettings]:
    """What a cycle's third rules read: a cadence (or none), a gap rule, a cause mapping.

    Requires hypothesis.
    """
    return st.builds(
        CycleSettings,
        cadence=_or(cadence, st.none() | cadences()),
        gap_rule=_or(gap_rule, gap_rules()),
        interventions=cause_interventions(),
        outcomes_need_the_employee=st.booleans(),
        approval_steps=approval_routes(),
    )


def approval_steps(
    *, role: st.SearchStrategy[Role] | None = None
) -> st.SearchStrategy[ApprovalStep]:
    """One step of an approval route: HR's sign-off or an app role's. Requires hypothesis."""
    roles = st.sampled_from([Role.HR, Role(name="skip_level_manager")])
    names = st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z")
    return st.builds(ApprovalStep, name=names, role=_or(role, roles))


def approvals() -> st.SearchStrategy[Approval]:
    """A step's recorded approval: who, when, where in the history. Requires hypothesis."""
    return st.builds(
        Approval,
        step=st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z"),
        actor=actors(),
        at=st.datetimes(timezones=st.just(_UTC)),
        sequence=st.integers(0, 10_000),
    )


def signal_answers() -> st.SearchStrategy[SignalAnswer]:
    """An answer to a call for HR's help or a harm to the company's interest.

    Requires hypothesis.
    """
    return st.builds(
        SignalAnswer,
        check_in_id=ids(),
        kind=st.sampled_from(sorted(ANSWERED_SIGNALS, key=lambda kind: kind.value)),
        response=texts(),
        actor=actors(),
        at=st.datetimes(timezones=st.just(_UTC)),
        sequence=st.integers(0, 10_000),
    )


def approval_routes(*, max_steps: int = 3) -> st.SearchStrategy[tuple[ApprovalStep, ...]]:
    """An approval route: up to ``max_steps`` steps with distinct names. Requires hypothesis."""
    return st.lists(approval_steps(), max_size=max_steps, unique_by=lambda step: step.name).map(
        tuple
    )


def follow_up_answers() -> st.SearchStrategy[FollowUpAnswer]:
    """The employee's answer to a follow-up: agreed, or not with a comment. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> FollowUpAnswer:
        agrees = draw(st.booleans())
        return FollowUpAnswer(
            action_id=draw(ids()),
            follow_up=draw(st.integers(0, 20)),
            agrees=agrees,
            comment=draw(st.none() | texts()) if agrees else draw(texts()),
            actor=draw(actors()),
            at=draw(
                st.datetimes(
                    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
                    max_value=dt.datetime(2090, 12, 31),  # noqa: DTZ001
                    timezones=st.just(dt.UTC),
                )
            ),
            sequence=draw(st.integers(0, 1000)),
        )

    return build()


# --- choosing: from hypothesis, or from a seed --------------------------------------------

_TEXTS = (
    "Revenue",
    "Ship the release",
    "Mentoring",
    "Été à Zürich",
    "Kundenzufriedenheit",
    "顧客満足度",
    "Customer NPS",
    "Reduce churn",
    "On leave",
    "🙂 team spirit",
    "Ünïcödé ✓",
    "A much longer text, with punctuation; and a second clause.",
)
"""What texts a drawn cycle uses: short and long, several scripts, one emoji."""

_BOOL = st.booleans()


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    """``st.integers(low, high)``, made (and validated) once per bounds."""
    return st.integers(low, high)


class _Chooser:
    """Where a driver's choices come from: ``integer``, ``boolean``, ``choice``, ``text``."""

    def integer(self, low: int, high: int) -> int:
        """A whole number in ``[low, high]``; shrinks towards ``low``."""
        raise NotImplementedError

    def boolean(self) -> bool:
        """True or false; shrinks towards false."""
        raise NotImplementedError

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options``; shrinks towards the first."""
        return options[self.integer(0, len(options) - 1)]

    def text(self) -> str:
        """A non-blank text of the pool."""
        return self.choice(_TEXTS)


class _Drawn(_Chooser):
    """Choices drawn by hypothesis, each from a strategy made once: they shrink one by one."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(_integers(low, high))

    def boolean(self) -> bool:
        return self.draw(_BOOL)


class _Seeded(_Chooser):
    """Choices from a seeded ``random.Random``: one drawn seed stands for a whole cycle."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def boolean(self) -> bool:
        return self.rng.random() < 0.5


# --- contents -----------------------------------------------------------------------------

_OPEN = (Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT)
_CATEGORIES = tuple(CauseCategory)
_ATTRIBUTIONS = tuple(Attribution)
_INTERVENTIONS = tuple(InterventionKind)
_OUTCOMES = tuple(Outcome)
_ACHIEVEMENTS = tuple(Achievement)
_CHECK_IN_KINDS = tuple(CheckInKind)
_PROGRESS = tuple(ProgressStatus)
_TALK = Competency(id="talk", name="Presenting", category=CompetencyCategory.SKILL)
_LAW = Competency(id="law", name="Contract law", category=CompetencyCategory.KNOWLEDGE)
_TEAM = Competency(id="team", name="Teamwork", category=CompetencyCategory.BEHAVIOUR)
_COMPETENCIES = (_TALK, _LAW, _TEAM)


def _profile(choose: _Chooser) -> CompetencyProfile | None:
    """No profile (most often), or one of one to three competencies at drawn levels."""
    if choose.integer(0, 2) != 1:
        return None
    chosen = _COMPETENCIES[: choose.integer(1, len(_COMPETENCIES))]
    return CompetencyProfile(
        id="profile-1",
        name="Account executive",
        competencies=chosen,
        requirements=tuple(
            Requirement(
                competency_id=competency.id,
                level=choose.integer(1, 5),
                weight=choose.integer(1, 3),
                critical=choose.integer(0, 3) == 0,
            )
            for competency in chosen
        ),
    )


def _measure(choose: _Chooser, scale: RatingScale) -> Measure:
    kind = choose.integer(0, 3)
    if kind == 0:
        target = float(choose.integer(1, 200))
        lower = choose.integer(0, 3) == 0
        return NumericMeasure(
            unit=choose.choice(("EUR", "%", "tickets", "NPS")),
            target=target,
            baseline=target * 2 if lower else 0.0,
            direction=Direction.LOWER_IS_BETTER if lower else Direction.HIGHER_IS_BETTER,
        )
    if kind == 1:
        return YesNoMeasure(question=f"{choose.text()}?")
    if kind == 2:
        return MilestoneMeasure(steps=("Draft", "Review", "Launch")[: choose.integer(1, 3)])
    return ScaleMeasure(scale=scale, target=choose.integer(scale.minimum, scale.maximum))


def _goal(choose: _Chooser, goal_id: str, kind: GoalKind, *, weight: float, cycle: Cycle) -> Goal:
    period, scale = cycle.period, cycle.scale
    days = (period.end - period.start).days
    return Goal(
        id=goal_id,
        title=choose.text(),
        kind=kind,
        weight=weight,
        measure=_measure(choose, scale),
        due=None if choose.boolean() else period.start + dt.timedelta(choose.integer(0, days)),
        parent_id=None if choose.integer(0, 3) == 0 else "company/objective",
    )


def _weights(choose: _Chooser, count: int) -> list[int]:
    """``count`` whole weights totalling 100."""
    cuts = sorted(choose.integer(0, 100) for _ in range(count - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def _basis(choose: _Chooser) -> Basis:
    return Basis(text=choose.text())


# --- the driver ---------------------------------------------------------------------------

Move = tuple[c.Command, Actor]


class _Driver:
    """Drives one cycle forward through its phases, choosing the content of each command."""

    def __init__(  # noqa: PLR0913 - the cycle's people and where it starts
        self,
        choose: _Chooser,
        cycle: Cycle,
        at: dt.datetime,
        *,
        employee: Actor,
        manager: Actor,
        hr: Actor,
    ) -> None:
        self.choose = choose
        self.cycle = cycle
        self.at = at
        self.employee = employee
        self.manager = manager
        self.hr = hr
        self.moves: list[tuple[c.Command, Actor, dt.datetime]] = []

    def run(self, command: c.Command, actor: Actor, *, wait: bool = True) -> None:
        """Issue ``command``, after a chosen pause unless ``wait`` is false."""
        if wait:
            self.at += dt.timedelta(hours=self.choose.integer(0, 48))
        self.cycle = self.cycle.execute(command, by=actor, at=self.at)
        self.moves.append((command, actor, self.at))

    def to(self, target: Phase) -> None:
        """Drive the cycle to ``target``, stopping somewhere in that phase's work."""
        stop = self.choose.choice(_OPEN) if target is Phase.CANCELLED else target
        while self.cycle.phase is not stop:
            self.work(partly=False)
            self.leave()
        if stop in _OPEN:
            self.work(partly=True)
        if target is Phase.CANCELLED:
            self.run(
                c.Cancel(reason="Role eliminated"), self.choose.choice((self.hr, self.manager))
            )

    def work(self, *, partly: bool) -> None:
        """The work of the current phase; ``partly`` may stop anywhere before its end."""
        steps: dict[Phase, Callable[[], Iterator[Move]]] = {
            Phase.GOAL_SETTING: self._goal_setting,
            Phase.IMPLEMENTATION: self._implementation,
            Phase.APPRAISAL: self._appraisal,
            Phase.IMPROVEMENT: self._improvement,
        }
        for command, actor in steps[self.cycle.phase]():
            if partly and self.choose.integer(0, 3) == 0:
                return
            self.run(command, actor)

    def leave(self) -> None:
        """Advance (or close), waiving whatever waivable condition still blocks.

        The waivers and the second attempt happen at the moment of the refused
        one, so no new blocker (a review date reached meanwhile) can appear.
        """
        leave: c.Command = c.Close() if self.cycle.phase is Phase.IMPROVEMENT else c.AdvancePhase()
        self.at += dt.timedelta(hours=self.choose.integer(0, 48))
        waivable = {cond.code for cond in CONDITIONS if cond.waivable}
        blocking = [b for b in self.cycle.blockers(at=self.at) if b.code in waivable]
        for blocker in blocking:
            waive = c.WaiveCondition(
                code=blocker.code, subject=blocker.subject, reason="Waived by HR"
            )
            self.run(waive, self.hr, wait=False)
        self.run(leave, self.manager, wait=False)

    # --- goal setting and implementation --------------------------------------------------

    def _goal_setting(self) -> Iterator[Move]:
        choose, cycle = self.choose, self.cycle
        count = choose.integer(1, 4)
        kinds = [GoalKind.PERFORMANCE] * count + [GoalKind.DEVELOPMENT] * choose.integer(0, 2)
        weights = [*_weights(choose, count), *[0] * (len(kinds) - count)]
        for index, (kind, weight) in enumerate(zip(kinds, weights, strict=True)):
            goal = _goal(choose, f"g{index + 1}", kind, weight=weight, cycle=cycle)
            yield c.ProposeGoal(goal=goal), choose.choice((self.employee, self.manager))
        yield from self._change_goals()
        yield from self._align_goals()
        yield c.AgreeGoals(), self.employee

    def _align_goals(self) -> Iterator[Move]:
        """Mostly align the goals that name the company objective to it, as the catalogue has it."""
        objective = Objective(
            id="company/objective",
            title="The company's objective",
            level=ObjectiveLevel.COMPANY,
            period=self.cycle.period,
        )
        for goal in self.cycle.active_goals:
            if goal.parent_id == objective.id and self.choose.integer(0, 4) > 0:
                actor = self.choose.choice((self.employee, self.manager))
                yield c.AlignGoal(goal_id=goal.id, objective=objective), actor

    def _change_goals(self) -> Iterator[Move]:
        """Sometimes revise a goal, sometimes withdraw one (its weight going to another)."""
        choose = self.choose
        if choose.integer(0, 2) == 0:
            goal = choose.choice(self.cycle.active_goals)
            revised = attrs.evolve(goal, title=f"{goal.title} (revised)")
            actor = choose.choice((self.employee, self.manager))
            yield c.ReviseGoal(goal=revised, reason="Scope changed"), actor
        active = self.cycle.active_goals
        if len(active) > 1 and choose.integer(0, 2) == 0:
            dropped = choose.choice(active)
            heirs = [g for g in active if g.kind is GoalKind.PERFORMANCE and g.id != dropped.id]
            if dropped.kind is GoalKind.PERFORMANCE and dropped.weight > 0:
                if not heirs:
                    return
                heir = heirs[0]
                moved = attrs.evolve(heir, weight=heir.weight + dropped.weight)
                yield c.ReviseGoal(goal=moved, reason="Takes over a dropped goal"), self.manager
            yield c.WithdrawGoal(goal_id=dropped.id, reason="No longer relevant"), self.manager

    def _implementation(self) -> Iterator[Move]:
        choose = self.choose
        for number in range(choose.integer(0, 3)):
            active = self.cycle.active_goals
            progress: tuple[GoalProgress, ...] = ()
            if active and choose.boolean():
                goal = choose.choice(active)
                status = choose.choice(_PROGRESS)
                progress = (GoalProgress(goal_id=goal.id, status=status),)
            kind = choose.choice(_CHECK_IN_KINDS)
            shared = kind.is_shared
            day = self.at.date()
            items: tuple[ActionItem, ...] = ()
            if shared and choose.integer(0, 2) == 0:
                owner = choose.choice((self.employee, self.manager)).person_id
                due = day + dt.timedelta(days=choose.integer(0, 60))
                item = ActionItem(id=f"ai{number + 1}", text=choose.text(), owner_id=owner, due=due)
                items = (item,)
            open_items = self.cycle.open_action_items() if shared else ()
            check_in = CheckIn(
                id=f"ci{number + 1}",
                kind=kind,
                held_on=day,
                summary=choose.text(),
                progress=progress,
                obstacles=(choose.text(),) if choose.integer(0, 3) == 0 else (),
                hr_help_wanted=choose.integer(0, 5) == 0,
                company_interest_concern=choose.text() if choose.integer(0, 7) == 0 else None,
                agenda=tuple(item.text for item in open_items),
                action_items=items,
                closed_action_items=tuple(item.id for item in open_items if choose.boolean()),
            )
            yield c.RecordCheckIn(check_in=check_in), choose.choice((self.employee, self.manager))
        for signal in self.cycle.unanswered_signals():
            if choose.boolean():
                answer = c.AnswerSignal(
                    check_in_id=signal.check_in_id, kind=signal.kind, response=choose.text()
                )
                yield answer, self.hr
        if choose.integer(0, 5) == 0:
            goal = choose.choice(self.cycle.active_goals)
            revised = attrs.evolve(goal, title=f"{goal.title} (mid-year)")
            yield c.ReviseGoal(goal=revised, reason="Priorities moved"), self.manager
            yield c.AgreeGoals(), self.employee

    # --- appraisal ------------------------------------------------------------------------

    def _assessment(self, source: AssessmentSource, goal_ids: Sequence[str]) -> Assessment:
        """An assessment of ``goal_ids``, with a result most goals' measures can score."""
        choose, scale = self.choose, self.cycle.scale
        ratings = []
        for goal_id in goal_ids:
            value = choose.integer(scale.minimum, scale.maximum)
            ratings.append(
                GoalRating(
                    goal_id=goal_id,
                    achievement=choose.choice(_ACHIEVEMENTS),
                    rating=Rating(value=value, basis=_basis(choose)),
                    actual=self._actual(goal_id),
                )
            )
        return Assessment(source=source, goal_ratings=tuple(ratings))

    def _actual(self, goal_id: str) -> float | None:
        goal = self.cycle.goal(goal_id)
        measure = None if goal is None else goal.measure
        choose = self.choose
        if isinstance(measure, NumericMeasure):
            return float(choose.integer(0, int(2 * abs(measure.target)) + 1))
        if isinstance(measure, MilestoneMeasure):
            return float(choose.integer(0, len(measure.steps)))
        if isinstance(measure, YesNoMeasure):
            return float(choose.integer(0, 1))
        if isinstance(measure, ScaleMeasure):
            return float(choose.integer(measure.scale.minimum, measure.scale.maximum))
        return None  # pragma: no cover - every goal the driver proposes has a measure

    def _competency(self, role: AssessorRole, assessor: str) -> c.SubmitCompetencyAssessment:
        profile = self.cycle.profile
        assert profile is not None
        levels = profile.scale
        ratings = tuple(
            CompetencyRating(
                competency_id=requirement.competency_id,
                level=self.choose.integer(levels.minimum, levels.maximum),
                basis=_basis(self.choose),
            )
            for requirement in profile.requirements
        )
        assessment = CompetencyAssessment(
            person_id=self.cycle.employee_id, assessor_id=assessor, role=role, ratings=ratings
        )
        return c.SubmitCompetencyAssessment(assessment=assessment)

    def _appraisal(self) -> Iterator[Move]:
        choose = self.choose
        active = tuple(g.id for g in self.cycle.active_goals)
        mode = choose.integer(0, 2)  # 0: none, 1: shared at once, 2: a draft shared later
        if mode:
            own = self._assessment(AssessmentSource.SELF, active)
            yield c.SubmitSelfAssessment(assessment=own, share=mode == 1), self.employee
            if mode == 2:
                yield c.ShareSelfAssessment(), self.employee
        if self.cycle.profile is not None:
            if choose.boolean():
                yield self._competency(AssessorRole.SELF, self.employee.person_id), self.employee
            yield self._competency(AssessorRole.MANAGER, self.manager.person_id), self.manager
        rated = self._assessment(AssessmentSource.MANAGER, active)
        yield c.SubmitManagerAssessment(assessment=rated), self.manager
        for goal in self.cycle.unmet_goals:
            yield c.RecordRootCause(root_cause=self._cause(goal.id, f"rc-{goal.id}")), self.manager
        if choose.boolean():
            try:
                score = self.cycle.compute_score(LENIENT_SCORING, DEFAULT_REGISTRY)
            except ValidationError:  # pragma: no cover - every drawn goal has a scored result
                pass
            else:
                yield c.RecordScore(score=score), self.manager
                if choose.integer(0, 2) == 0:
                    yield self._adjustment(AdjustmentKind.CALIBRATION), self.hr
        yield from self._approve()
        discussion = FeedbackDiscussion(held_on=self.at.date(), summary="Went through all goals")
        yield c.HoldFeedbackDiscussion(discussion=discussion), self.manager
        yield from self._answer(active)

    def _approve(self) -> Iterator[Move]:
        """HR signs off the ratings where the cycle routes them; now and then it returns them."""
        step = self.cycle.next_approval
        if step is None:
            return
        if self.choose.integer(0, 3) == 0:
            yield c.ReturnRatings(step=step.name, reason="Check the evidence"), self.hr
            rated = self.cycle.manager_assessment
            assert rated is not None
            revised = c.SubmitManagerAssessment(assessment=rated, reason="Evidence added")
            yield revised, self.manager
        yield c.ApproveRatings(step=step.name), self.hr

    def _cause(self, goal_id: str, cause_id: str) -> RootCause:
        category = self.choose.choice(_CATEGORIES)
        attribution = (
            self.choose.choice(_ATTRIBUTIONS) if category is CauseCategory.ATTITUDE else None
        )
        return RootCause(
            id=cause_id,
            goal_id=goal_id,
            category=category,
            description=self.choose.text(),
            attribution=attribution,
        )

    def _answer(self, active: tuple[str, ...]) -> Iterator[Move]:
        """The employee acknowledges, or disputes; an amended resolution is re-rated or adjusted."""
        choose = self.choose
        if choose.boolean():
            yield c.Acknowledge(), self.employee
            return
        yield c.Dispute(reason="Rating too low"), self.employee
        outcome = choose.choice(tuple(DisputeOutcome))
        yield c.ResolveDispute(outcome=outcome, reason="Reviewed by HR"), self.hr
        if outcome is not DisputeOutcome.AMENDED:
            return
        if self.cycle.score is not None and choose.boolean():
            yield self._adjustment(AdjustmentKind.DISPUTE), self.hr
        else:
            again = self._assessment(AssessmentSource.MANAGER, active)
            yield (
                c.SubmitManagerAssessment(assessment=again, reason="Re-rated on review"),
                self.manager,
            )
            analysed = {cause.goal_id for cause in self.cycle.root_causes}
            for goal in self.cycle.unmet_goals:
                if goal.id not in analysed:
                    cause = self._cause(goal.id, f"rc2-{goal.id}")
                    yield c.RecordRootCause(root_cause=cause), self.manager
        yield from self._approve()
        yield c.ReleaseRatings(), self.hr
        yield c.Acknowledge(), self.employee

    def _adjustment(self, kind: AdjustmentKind) -> c.AdjustScore:
        """An adjustment of the recorded score to another value in 0–1."""
        score = self.cycle.score
        assert score is not None
        values = [v for v in (0.25, 0.5, 0.75, 1.0) if v != self.cycle.effective_score]
        return c.AdjustScore(
            value=self.choose.choice(values),
            replaces=score.value,
            kind=kind,
            reference=None if self.choose.boolean() else "session-1",
            reason="Calibrated" if kind is AdjustmentKind.CALIBRATION else "Raised on review",
        )

    # --- improvement ----------------------------------------------------------------------

    def _improvement(self) -> Iterator[Move]:
        choose, period = self.choose, self.cycle.period
        days = (period.end - period.start).days
        for cause in self.cycle.root_causes:
            action = ImprovementAction(
                id=f"a-{cause.id}",
                title=choose.text(),
                kind=choose.choice(_INTERVENTIONS),
                owner_id=choose.choice((self.employee.person_id, self.manager.person_id)),
                due=period.start + dt.timedelta(days=choose.integer(0, days)),
                success_measure=choose.text(),
                cause_ids=(cause.id,),
            )
            yield c.AddImprovementAction(action=action), self.manager
        for goal in self.cycle.exceeded_goals:
            if self.cycle.practice_for(goal.id) is None and choose.integer(0, 1):
                practice = PracticeRecord(goal_id=goal.id, what_worked=choose.text())
                yield c.RecordPractice(practice=practice), self.manager
        for action in self.cycle.actions:
            follow_up = FollowUp(
                action_id=action.id,
                held_on=self.at.date(),
                progress=choose.text(),
                outcome=choose.choice(_OUTCOMES),
            )
            yield c.RecordFollowUp(follow_up=follow_up), self.manager
            if choose.integer(0, 1):
                agrees = bool(choose.integer(0, 1))
                answer = c.AnswerFollowUp(
                    action_id=action.id, agrees=agrees, comment=None if agrees else choose.text()
                )
                yield answer, self.employee
        if self.cycle.actions and choose.integer(0, 2) == 0:
            yield from self._formal_plan()

    def _formal_plan(self) -> Iterator[Move]:
        """A formal plan over some of the actions, then a few of its reviews."""
        choose = self.choose
        today = self.at.date()
        actions = [a.id for a in self.cycle.actions]
        chosen = tuple(dict.fromkeys(choose.choice(actions) for _ in range(choose.integer(1, 3))))
        start = today - dt.timedelta(days=choose.integer(0, 30))
        length = choose.integer(1, 120)
        offsets = sorted({choose.integer(0, length) for _ in range(choose.integer(1, 3))})
        plan = FormalPlan(
            id="fp-1",
            reason=choose.text(),
            action_ids=chosen,
            starts_on=start,
            ends_on=start + dt.timedelta(days=length),
            review_dates=tuple(start + dt.timedelta(days=offset) for offset in offsets),
            expectations=choose.text(),
        )
        yield c.StartFormalPlan(plan=plan), choose.choice((self.manager, self.hr))
        for _ in range(choose.integer(0, 3)):
            review = FormalReview(
                held_on=self.at.date(),
                progress=choose.text(),
                outcome=None if choose.boolean() else choose.choice(_OUTCOMES),
            )
            yield c.RecordFormalReview(review=review), choose.choice((self.manager, self.hr))


# --- whole cycles -------------------------------------------------------------------------


@attrs.frozen
class CommandSequence:
    """A started cycle and the accepted commands that take it to ``cycle``.

    ``moves`` are ``(command, actor, at)`` triples; applying them in order to
    ``start`` with ``Cycle.execute`` gives ``cycle``.
    """

    start: Cycle
    moves: tuple[tuple[c.Command, Actor, dt.datetime], ...]
    cycle: Cycle

    def __repr__(self) -> str:
        return f"<CommandSequence {len(self.moves)} moves to {self.cycle!r}>"

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        """The short repr in IPython and in hypothesis' failing examples."""
        printer.text(repr(self))

    def replay(self) -> Cycle:
        """Apply every move to ``start`` again; the result equals ``cycle``."""
        cycle = self.start
        for command, actor, at in self.moves:
            cycle = cycle.execute(command, by=actor, at=at)
        return cycle


def _sequence(  # noqa: PLR0913 - the cycle's identity, people and start
    choose: _Chooser,
    target: Phase,
    *,
    cycle_id: str,
    period: Period,
    scale: RatingScale,
    employee: Actor = EMPLOYEE,
    manager: Actor = MANAGER,
    hr: Actor = HR,
) -> CommandSequence:
    """A cycle started by ``hr`` and driven to ``target``, choosing from ``choose``."""
    at = dt.datetime.combine(period.start, dt.time(9), tzinfo=_UTC)
    at += dt.timedelta(hours=choose.integer(0, 72))
    start = Cycle.start(
        cycle_id=cycle_id,
        employee_id=employee.person_id,
        manager_id=manager.person_id,
        period=period,
        by=hr,
        at=at,
        scale=scale,
        check_in_every_days=choose.choice((30, 90, 366)),
        profile=_profile(choose),
        settings=_ROUTED if choose.integer(0, 2) == 0 else DEFAULT_SETTINGS,
    )
    driver = _Driver(choose, start, at, employee=employee, manager=manager, hr=hr)
    driver.to(target)
    return CommandSequence(start=start, moves=tuple(driver.moves), cycle=driver.cycle)


_PHASES = tuple(Phase)
_SCALES = st.just(RatingScale()) | rating_scales()
_PERIODS = periods()
_IDS = ids()


def _targets(phase: Phase | st.SearchStrategy[Phase] | None) -> st.SearchStrategy[Phase]:
    if phase is None:
        return st.sampled_from(_PHASES)
    if isinstance(phase, Phase):
        return st.just(phase)
    return phase


@st.composite
def _sequences(draw: st.DrawFn, targets: st.SearchStrategy[Phase]) -> CommandSequence:
    target = draw(targets)
    return _sequence(
        _Drawn(draw),
        target,
        cycle_id=draw(_IDS),
        period=draw(_PERIODS),
        scale=draw(_SCALES),
    )


def command_sequences(
    *, phase: Phase | st.SearchStrategy[Phase] | None = None
) -> st.SearchStrategy[CommandSequence]:
    """A valid command sequence from a cycle's start to ``phase`` (any phase if ``None``).

    Every command in it is accepted; see :func:`cycles` for what the sequence does.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    return _sequences(_targets(phase))


def cycles(*, phase: Phase | st.SearchStrategy[Phase] | None = None) -> st.SearchStrategy[Cycle]:
    """A whole cycle, started by HR for ``EMPLOYEE`` and ``MANAGER``, driven to ``phase``.

    Without ``phase`` any phase is drawn, cancelled and closed included. The cycle
    gets there by valid commands only: goals (weights totalling 100) proposed,
    sometimes revised or withdrawn, and agreed; check-ins; self-assessments
    (shared at once, or drafted and shared later) and manager assessments;
    competency assessments when the cycle has a competency profile; root causes
    of unmet goals; a recorded and sometimes calibrated score; feedback;
    acknowledgement or a resolved dispute (an amended one re-rated or adjusted);
    improvement actions and their follow-ups, sometimes a formal plan and its
    reviews; HR waives what remains waivable. In the final phase it stops at a
    random point of that phase's work. Every cycle replays from its events.

    Each choice is one small draw, so a failing cycle shrinks towards fewer
    goals, check-ins and branches. Requires hypothesis
    (``pip install 'perfcore[testing]'``).
    """
    return command_sequences(phase=phase).map(lambda sequence: sequence.cycle)
