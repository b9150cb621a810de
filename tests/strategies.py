"""Hypothesis strategies for perfcore's own tests: every domain type, and whole cycles.

Everything generated is valid by construction. ``cycle_runs()`` drives a cycle
with a random mix of commands (valid and invalid, by every role) and records
each step, so property tests can check replay, round trips, atomicity and
phase order over the accepted ones.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable

import attrs
from hypothesis import strategies as st

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.competency import CompetencyProfile
from perfcore.cycle import commands as c
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.scoring import WeightedMean

UTC = dt.UTC

ids = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=10)
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)

EMPLOYEE = pc.Actor(person_id="emp", role=pc.Role.EMPLOYEE)
MANAGER = pc.Actor(person_id="mgr", role=pc.Role.MANAGER)
HR = pc.Actor(person_id="hr", role=pc.Role.HR)
STRANGER_EMPLOYEE = pc.Actor(person_id="other-emp", role=pc.Role.EMPLOYEE)
STRANGER_MANAGER = pc.Actor(person_id="other-mgr", role=pc.Role.MANAGER)
HR_SELF = pc.Actor(person_id="emp", role=pc.Role.HR)
ALL_ACTORS = (EMPLOYEE, MANAGER, HR, STRANGER_EMPLOYEE, STRANGER_MANAGER, HR_SELF)


def roles() -> st.SearchStrategy[pc.Role]:
    return st.sampled_from([pc.Role.EMPLOYEE, pc.Role.MANAGER, pc.Role.HR]) | st.from_regex(
        r"\A[a-z][a-z0-9_]{0,10}\Z"
    ).map(lambda name: pc.Role(name=name))


def actors() -> st.SearchStrategy[pc.Actor]:
    return st.builds(pc.Actor, person_id=ids, role=roles())


@st.composite
def periods(draw: st.DrawFn) -> pc.Period:
    year = draw(st.integers(2000, 2090))
    kind = draw(st.sampled_from(list(pc.PeriodKind)))
    if kind is pc.PeriodKind.ANNUAL:
        return pc.Period.annual(year, start_month=draw(st.integers(1, 12)))
    if kind is pc.PeriodKind.HALF_YEAR:
        return pc.Period.half_year(year, draw(st.integers(1, 2)))
    if kind is pc.PeriodKind.QUARTER:
        return pc.Period.quarter(year, draw(st.integers(1, 4)))
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
    return pc.Period.custom(start, start + dt.timedelta(days=draw(st.integers(1, 800))))


@st.composite
def rating_scales(draw: st.DrawFn) -> pc.RatingScale:
    low = draw(st.integers(-5, 10))
    high = draw(st.integers(low + 1, low + 100))
    labelled = high - low < 10 and draw(st.booleans())
    labels = tuple(f"level {i}" for i in range(high - low + 1)) if labelled else ()
    return pc.RatingScale(minimum=low, maximum=high, labels=labels)


@st.composite
def numeric_measures(draw: st.DrawFn) -> pc.NumericMeasure:
    values = sorted(draw(st.lists(finite, min_size=4, max_size=4, unique=True)))
    direction = draw(st.sampled_from(list(pc.Direction)))
    if direction is pc.Direction.LOWER_IS_BETTER:
        values.reverse()
    baseline, threshold, target, stretch = values
    return pc.NumericMeasure(
        unit=draw(texts),
        target=target,
        baseline=draw(st.none() | st.just(baseline)),
        threshold=draw(st.none() | st.just(threshold)),
        stretch=draw(st.none() | st.just(stretch)),
        direction=direction,
    )


def milestone_measures() -> st.SearchStrategy[pc.MilestoneMeasure]:
    return st.lists(texts, min_size=1, max_size=5, unique=True).map(
        lambda steps: pc.MilestoneMeasure(steps=tuple(steps))
    )


def yes_no_measures() -> st.SearchStrategy[pc.YesNoMeasure]:
    return texts.map(lambda q: pc.YesNoMeasure(question=q))


@st.composite
def scale_measures(draw: st.DrawFn) -> pc.ScaleMeasure:
    scale = draw(rating_scales())
    target = draw(st.integers(scale.minimum, scale.maximum))
    return pc.ScaleMeasure(scale=scale, target=target)


def measures() -> st.SearchStrategy[pc.Measure]:
    return st.one_of(numeric_measures(), milestone_measures(), yes_no_measures(), scale_measures())


_KINDS = st.sampled_from(list(pc.GoalKind))
_WEIGHTS: st.SearchStrategy[float] = st.integers(0, 100)
_PARENTS = st.none() | st.just("company/objective")
DEFAULT_SCALE = pc.RatingScale()
SCORING = ScoringConfig(goal_combiner=WeightedMean(require_total=None))


@st.composite
def goals(
    draw: st.DrawFn,
    *,
    goal_id: st.SearchStrategy[str] = ids,
    kind: st.SearchStrategy[pc.GoalKind] = _KINDS,
    weight: st.SearchStrategy[float] = _WEIGHTS,
    measure: st.SearchStrategy[pc.Measure | None] | None = None,
    period: pc.Period | None = None,
    parent_id: st.SearchStrategy[str | None] = _PARENTS,
) -> pc.Goal:
    due = None
    if period is not None and draw(st.booleans()):
        due = draw(st.dates(period.start, period.end))
    return pc.Goal(
        id=draw(goal_id),
        title=draw(texts),
        kind=draw(kind),
        weight=draw(weight),
        measure=draw(measure if measure is not None else st.none() | measures()),
        due=due,
        parent_id=draw(parent_id),
        methods=tuple(draw(st.lists(texts, max_size=2))),
        support=tuple(draw(st.lists(texts, max_size=2))),
    )


def bases() -> st.SearchStrategy[pc.Basis]:
    return st.builds(pc.Basis, text=texts, evidence=st.lists(texts, max_size=2).map(tuple))


def ratings(scale: pc.RatingScale) -> st.SearchStrategy[pc.Rating]:
    value = st.integers(scale.minimum, scale.maximum) | st.floats(
        scale.minimum, scale.maximum, allow_nan=False
    )
    return st.builds(pc.Rating, value=value, basis=bases())


def goal_ratings(goal_id: str, scale: pc.RatingScale) -> st.SearchStrategy[pc.GoalRating]:
    return st.builds(
        pc.GoalRating,
        goal_id=st.just(goal_id),
        achievement=st.sampled_from(list(pc.Achievement)),
        rating=ratings(scale),
        actual=st.none() | finite,
    )


@st.composite
def assessments(
    draw: st.DrawFn,
    *,
    source: pc.AssessmentSource,
    goal_ids: tuple[str, ...] = ("g1",),
    scale: pc.RatingScale = DEFAULT_SCALE,
    complete: bool = True,
) -> pc.Assessment:
    rated = goal_ids if complete else tuple(g for g in goal_ids if draw(st.booleans()))
    return pc.Assessment(
        source=source,
        goal_ratings=tuple(draw(goal_ratings(g, scale)) for g in rated),
        overall=draw(st.none() | ratings(scale)),
        comments=draw(st.just("") | texts),
    )


@st.composite
def check_ins(draw: st.DrawFn, *, held_on: dt.date, goal_ids: tuple[str, ...] = ()) -> pc.CheckIn:
    reported = draw(st.lists(st.sampled_from(goal_ids), unique=True)) if goal_ids else []
    return pc.CheckIn(
        id=draw(ids),
        kind=draw(st.sampled_from(list(pc.CheckInKind))),
        held_on=held_on,
        summary=draw(st.just("") | texts),
        progress=tuple(
            pc.GoalProgress(
                goal_id=g,
                status=draw(st.sampled_from(list(pc.ProgressStatus))),
                value=draw(st.none() | finite),
            )
            for g in reported
        ),
        obstacles=tuple(draw(st.lists(texts, max_size=2))),
        deviation=draw(st.none() | texts),
        support_needed=draw(st.none() | texts),
        recognition=draw(st.none() | texts),
        company_interest_concern=draw(st.none() | texts),
        hr_help_wanted=draw(st.booleans()),
    )


@st.composite
def root_causes(draw: st.DrawFn, *, goal_id: str = "g1") -> pc.RootCause:
    category = draw(st.sampled_from(list(pc.CauseCategory)))
    attribution = (
        draw(st.sampled_from(list(pc.Attribution)))
        if category is pc.CauseCategory.ATTITUDE
        else None
    )
    return pc.RootCause(
        id=draw(ids),
        goal_id=goal_id,
        category=category,
        description=draw(texts),
        attribution=attribution,
    )


@st.composite
def improvement_actions(
    draw: st.DrawFn, *, cause_ids: tuple[str, ...] = (), earliest: dt.date = dt.date(2026, 1, 1)
) -> pc.ImprovementAction:
    return pc.ImprovementAction(
        id=draw(ids),
        title=draw(texts),
        kind=draw(st.sampled_from(list(pc.InterventionKind))),
        owner_id=draw(ids),
        due=draw(st.dates(earliest, earliest + dt.timedelta(days=400))),
        success_measure=draw(texts),
        cause_ids=tuple(draw(st.lists(st.sampled_from(cause_ids), unique=True)))
        if cause_ids
        else (),
    )


@st.composite
def follow_ups(draw: st.DrawFn, *, action_id: str = "a1", held_on: dt.date) -> pc.FollowUp:
    return pc.FollowUp(
        action_id=action_id,
        held_on=held_on,
        progress=draw(texts),
        deviation=draw(st.none() | texts),
        corrective_step=draw(st.none() | texts),
        outcome=draw(st.none() | st.sampled_from(list(pc.Outcome))),
    )


@st.composite
def formal_plans(
    draw: st.DrawFn, *, action_ids: tuple[str, ...] = ("a1",), starts_on: dt.date | None = None
) -> FormalPlan:
    start = starts_on or draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
    length = draw(st.integers(1, 400))
    offsets = sorted(draw(st.lists(st.integers(0, length), min_size=1, max_size=4, unique=True)))
    return FormalPlan(
        id=draw(ids),
        reason=draw(texts),
        action_ids=tuple(draw(st.lists(st.sampled_from(action_ids), min_size=1, unique=True))),
        starts_on=start,
        ends_on=start + dt.timedelta(days=length),
        review_dates=tuple(start + dt.timedelta(days=offset) for offset in offsets),
        expectations=draw(texts),
        support=tuple(draw(st.lists(texts, max_size=2))),
        consequences=draw(st.none() | texts),
    )


@st.composite
def formal_reviews(draw: st.DrawFn, *, held_on: dt.date) -> FormalReview:
    return FormalReview(
        held_on=held_on,
        progress=draw(texts),
        outcome=draw(st.none() | st.sampled_from(list(pc.Outcome))),
        next_steps=draw(st.none() | texts),
    )


# --- whole cycles -------------------------------------------------------------------


@attrs.frozen
class Step:
    """One attempted command: the cycle before, what was tried, and the result."""

    before: pc.Cycle
    command: c.Command
    actor: pc.Actor
    at: dt.datetime
    after: pc.Cycle | None
    error: pc.PerfcoreError | None


@attrs.frozen
class Run:
    """A cycle driven by random commands; ``cycle`` is the final state."""

    cycle: pc.Cycle
    steps: tuple[Step, ...]


START = dt.datetime(2026, 1, 2, 9, tzinfo=UTC)
PERIOD = pc.Period.annual(2026)


def new_cycle(
    *,
    check_in_every_days: int = 366,
    period: pc.Period = PERIOD,
    at: dt.datetime = START,
    profile: CompetencyProfile | None = None,
    settings: pc.CycleSettings = pc.cycle.DEFAULT_SETTINGS,
) -> pc.Cycle:
    return pc.Cycle.start(
        cycle_id="cyc",
        employee_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        period=period,
        by=HR,
        at=at,
        check_in_every_days=check_in_every_days,
        profile=profile,
        settings=settings,
    )


Option = Callable[[st.DrawFn], tuple[c.Command, pc.Actor]]


def _propose(cycle: pc.Cycle) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        fresh = f"g{len(cycle.goals) + 1}"
        remaining = 100 - sum(
            g.weight for g in cycle.active_goals if g.kind is pc.GoalKind.PERFORMANCE
        )
        kind = pc.GoalKind.PERFORMANCE if remaining > 0 else pc.GoalKind.DEVELOPMENT
        goal = draw(
            goals(
                goal_id=st.just(fresh),
                kind=st.just(kind),
                weight=st.just(max(remaining, 0)),
                measure=measures(),
                period=cycle.period,
            )
        )
        return c.ProposeGoal(goal=goal), draw(st.sampled_from([EMPLOYEE, MANAGER]))

    return build


def _fixed(command: c.Command, actor: pc.Actor) -> Option:
    return lambda _draw: (command, actor)


def _assess(cycle: pc.Cycle, source: pc.AssessmentSource) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        active = tuple(g.id for g in cycle.active_goals)
        assessment = draw(assessments(source=source, goal_ids=active, scale=cycle.scale))
        if source is pc.AssessmentSource.SELF:
            return c.SubmitSelfAssessment(assessment=assessment), EMPLOYEE
        reason = "Re-rated after review" if cycle.ratings_ever_released else None
        return c.SubmitManagerAssessment(assessment=assessment, reason=reason), MANAGER

    return build


def _analyse(goal_id: str) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        cause = attrs.evolve(draw(root_causes(goal_id=goal_id)), id=f"rc-{goal_id}")
        return c.RecordRootCause(root_cause=cause), MANAGER

    return build


def _plan(cycle: pc.Cycle, cause_id: str) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        action = draw(improvement_actions(earliest=cycle.period.start))
        action = attrs.evolve(action, id=f"a-{cause_id}", cause_ids=(cause_id,))
        return c.AddImprovementAction(action=action), MANAGER

    return build


def _follow(action_id: str, today: dt.date) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        return c.RecordFollowUp(
            follow_up=draw(follow_ups(action_id=action_id, held_on=today))
        ), MANAGER

    return build


def _start_formal_plan(cycle: pc.Cycle, today: dt.date) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        start = today - dt.timedelta(days=draw(st.integers(0, 60)))
        action_ids = tuple(a.id for a in cycle.actions)
        plan = draw(formal_plans(action_ids=action_ids, starts_on=start))
        return c.StartFormalPlan(plan=plan), draw(st.sampled_from([MANAGER, HR]))

    return build


def _review_formal_plan(today: dt.date) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        review = draw(formal_reviews(held_on=today))
        return c.RecordFormalReview(review=review), draw(st.sampled_from([MANAGER, HR]))

    return build


def _check_in(cycle: pc.Cycle, today: dt.date) -> Option:
    def build(draw: st.DrawFn) -> tuple[c.Command, pc.Actor]:
        active = tuple(g.id for g in cycle.active_goals)
        check_in = attrs.evolve(
            draw(check_ins(held_on=today, goal_ids=active)), id=f"ci{len(cycle.check_ins) + 1}"
        )
        return c.RecordCheckIn(check_in=check_in), draw(st.sampled_from([MANAGER, EMPLOYEE]))

    return build


def _appraisal_options(cycle: pc.Cycle, today: dt.date) -> list[Option]:
    """Mostly the next useful step of the appraisal, sometimes a resubmission."""
    status = cycle.appraisal_status
    options: list[Option] = []
    if status in (pc.AppraisalStatus.PENDING, pc.AppraisalStatus.RESOLVED):
        options.append(_assess(cycle, pc.AssessmentSource.MANAGER))
        if cycle.self_assessment is None:
            options.append(_assess(cycle, pc.AssessmentSource.SELF))
    if cycle.self_assessment is None and not any(
        w.code == "self_assessment" for w in cycle.waivers
    ):
        options.append(_fixed(c.WaiveCondition(code="self_assessment", reason="On leave"), HR))
    analysed = {rc.goal_id for rc in cycle.root_causes}
    options += [_analyse(g.id) for g in cycle.unmet_goals if g.id not in analysed]
    if cycle.manager_assessment is not None and cycle.score is None:
        try:
            score = cycle.compute_score(SCORING, DEFAULT_REGISTRY)
        except pc.ValidationError:
            pass
        else:
            options.append(_fixed(c.RecordScore(score=score), MANAGER))
    if cycle.manager_assessment is not None and cycle.feedback is None:
        discussion = pc.FeedbackDiscussion(held_on=today, summary="Discussed")
        options.append(_fixed(c.HoldFeedbackDiscussion(discussion=discussion), MANAGER))
    if cycle.feedback is not None and status is pc.AppraisalStatus.PENDING:
        options.append(_fixed(c.Acknowledge(), EMPLOYEE))
        options.append(_fixed(c.Dispute(reason="Rating too low"), EMPLOYEE))
    if status is pc.AppraisalStatus.DISPUTED:
        outcome = pc.DisputeOutcome.UPHELD
        options.append(_fixed(c.ResolveDispute(outcome=outcome, reason="Upheld on review"), HR))
    return options


def _progressing(cycle: pc.Cycle, today: dt.date) -> list[Option]:
    """Commands that tend to move the cycle forward from where it is."""
    phase = cycle.phase
    options: list[Option] = []
    if phase is pc.Phase.GOAL_SETTING:
        options += [
            _propose(cycle),
            _fixed(c.AgreeGoals(), EMPLOYEE),
            _fixed(c.WaiveCondition(code="goal_aligned", reason="Team objective pending"), HR),
        ]
    elif phase is pc.Phase.IMPLEMENTATION:
        options += [
            _check_in(cycle, today),
            _fixed(c.AgreeGoals(), EMPLOYEE),
            _fixed(c.WaiveCondition(code="check_in_cadence", reason="Leave"), HR),
        ]
    elif phase is pc.Phase.APPRAISAL:
        options += _appraisal_options(cycle, today)
    if phase in (pc.Phase.APPRAISAL, pc.Phase.IMPROVEMENT):
        addressed = {cid for a in cycle.actions for cid in a.cause_ids}
        options += [_plan(cycle, rc.id) for rc in cycle.root_causes if rc.id not in addressed]
    if phase is pc.Phase.IMPROVEMENT:
        options += [_follow(a.id, today) for a in cycle.improvement_plan.open_actions]
        if cycle.formal_plan is None and cycle.actions:
            options.append(_start_formal_plan(cycle, today))
        if cycle.formal_plan is not None:
            options.append(_review_formal_plan(today))
            if any(b.code == "formal_reviews_held" for b in cycle.blockers()):
                waive = c.WaiveCondition(code="formal_reviews_held", reason="Reviewer on leave")
                options.append(_fixed(waive, HR))
        options.append(_fixed(c.Close(), MANAGER))
    if phase in (pc.Phase.GOAL_SETTING, pc.Phase.IMPLEMENTATION, pc.Phase.APPRAISAL):
        options += [_fixed(c.AdvancePhase(), MANAGER), _fixed(c.AdvancePhase(), HR)]
    return options


def _disruptive(  # noqa: C901, PLR0912 - one branch per command kind
    cycle: pc.Cycle, draw: st.DrawFn, today: dt.date
) -> tuple[c.Command, pc.Actor]:
    """Any command but cancel, by any actor; mostly invalid (phase, role or content)."""
    goal_id = draw(st.sampled_from([*(g.id for g in cycle.goals), "nope"]))
    kind = draw(st.integers(0, 18))
    command: c.Command
    if kind == 0:
        command = c.ProposeGoal(goal=draw(goals(goal_id=st.just(goal_id), period=cycle.period)))
    elif kind == 1:
        goal = draw(goals(goal_id=st.just(goal_id), measure=measures(), period=cycle.period))
        command = c.ReviseGoal(goal=goal, reason="Scope changed")
    elif kind == 2:
        command = c.WithdrawGoal(goal_id=goal_id, reason="No longer relevant")
    elif kind == 3:
        command = c.AgreeGoals(goal_ids=(goal_id,))
    elif kind == 4:
        command = c.RecordCheckIn(check_in=draw(check_ins(held_on=today)))
    elif kind == 5:
        source = pc.AssessmentSource.SELF
        command = c.SubmitSelfAssessment(
            assessment=draw(assessments(source=source, goal_ids=(goal_id,)))
        )
    elif kind == 6:
        source = pc.AssessmentSource.MANAGER
        assessment = draw(assessments(source=source, goal_ids=(goal_id,), scale=cycle.scale))
        command = c.SubmitManagerAssessment(assessment=assessment)
    elif kind == 7:
        command = c.RecordRootCause(root_cause=draw(root_causes(goal_id=goal_id)))
    elif kind == 8:
        command = c.HoldFeedbackDiscussion(
            discussion=pc.FeedbackDiscussion(held_on=today, summary="Talk")
        )
    elif kind == 9:
        command = c.Acknowledge()
    elif kind == 10:
        command = c.Dispute(reason="Unfair")
    elif kind == 11:
        command = c.ResolveDispute(
            outcome=draw(st.sampled_from(pc.DisputeOutcome)), reason="Upheld"
        )
    elif kind == 12:
        command = c.AddImprovementAction(action=draw(improvement_actions(cause_ids=("rc-x",))))
    elif kind == 13:
        command = c.RecordFollowUp(follow_up=draw(follow_ups(held_on=today)))
    elif kind == 14:
        command = c.AdvancePhase()
    elif kind == 15:
        codes = [cond.code for cond in pc.CONDITIONS]
        command = c.WaiveCondition(
            code=draw(st.sampled_from([*codes, "unknown_code"])), reason="Because"
        )
    elif kind == 16:
        plan = draw(formal_plans(action_ids=("a1", "nope"), starts_on=today))
        command = c.StartFormalPlan(plan=plan)
    elif kind == 17:
        held_on = today - dt.timedelta(days=draw(st.integers(-2, 400)))
        command = c.RecordFormalReview(review=draw(formal_reviews(held_on=held_on)))
    else:
        command = c.Close()
    return command, draw(st.sampled_from(ALL_ACTORS))


@st.composite
def cycle_runs(draw: st.DrawFn, *, max_steps: int = 80) -> Run:
    """A cycle driven by up to ``max_steps`` random commands; most make progress.

    About one run in five is cancelled at a random step; about a quarter of the
    steps are disruptive (any command by any actor, mostly refused).
    """
    cycle = new_cycle(check_in_every_days=draw(st.sampled_from([366, 30, 90])))
    at = START
    steps: list[Step] = []
    n_steps = draw(st.integers(0, max_steps))
    cancel_at = (
        draw(st.none() | st.integers(0, max_steps)) if draw(st.integers(0, 4)) == 0 else None
    )
    for index in range(n_steps):
        at = at + dt.timedelta(hours=draw(st.integers(0, 24 * 20)))
        today = at.date()
        command: c.Command
        if index == cancel_at:
            command, actor = (
                c.Cancel(reason="Role eliminated"),
                draw(st.sampled_from([HR, MANAGER])),
            )
        elif draw(st.integers(0, 3)) == 0:
            command, actor = _disruptive(cycle, draw, today)
        else:
            options = _progressing(cycle, today) or [_fixed(c.Close(), MANAGER)]
            command, actor = draw(st.sampled_from(options))(draw)
        try:
            after: pc.Cycle | None = cycle.execute(command, by=actor, at=at)
            error = None
        except pc.PerfcoreError as exc:
            after, error = None, exc
        steps.append(
            Step(before=cycle, command=command, actor=actor, at=at, after=after, error=error)
        )
        if after is not None:
            cycle = after
    return Run(cycle=cycle, steps=tuple(steps))
