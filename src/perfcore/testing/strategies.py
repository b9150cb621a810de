"""Hypothesis strategies for every perfcore domain type, valid by construction.

Run your own rules (scorers, policies, fit strategies, serialization) against
anything perfcore can hold. This module needs hypothesis
(``pip install 'perfcore[testing]'``); importing ``perfcore`` never imports it.

Every function takes keyword-only arguments and returns a ``SearchStrategy``;
pass strategies to constrain what is drawn::

    from hypothesis import given, strategies as st
    from perfcore import GoalKind
    from perfcore.testing.strategies import goals

    @given(goals(kind=st.just(GoalKind.DEVELOPMENT)))
    def test_my_rule(goal): ...

With perfcore installed, ``st.from_type(perfcore.Goal)`` (and every other public
type) also works, through perfcore's hypothesis entry point.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from perfcore.analytics import (
    EmploymentEvent,
    EmploymentEventKind,
    Indicator,
    IndicatorEvidence,
    RatingRecord,
    TalentRecord,
)
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.assessments import (
    Achievement,
    Assessment,
    AssessmentSource,
    Basis,
    FeedbackDiscussion,
    GapExplanation,
    GoalRating,
    Rating,
)
from perfcore.checkins import CheckIn, CheckInKind, GoalProgress, ProgressStatus
from perfcore.competency import (
    AdvancementCriteria,
    AssessorRole,
    CareerPath,
    CareerStep,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)
from perfcore.cycle import CONDITIONS, AdjustmentKind, Cycle, DisputeOutcome, Phase, Waiver
from perfcore.cycle import commands as c
from perfcore.errors import PerfcoreError, ValidationError
from perfcore.goals import Goal, GoalKind
from perfcore.improvement import (
    Attribution,
    CauseCategory,
    FollowUp,
    ImprovementAction,
    ImprovementPlan,
    InterventionKind,
    Outcome,
    RootCause,
)
from perfcore.improvement.formal import FormalPlan, FormalReview
from perfcore.measures import (
    Direction,
    Measure,
    MilestoneMeasure,
    NumericMeasure,
    ScaleMeasure,
    YesNoMeasure,
)
from perfcore.oversight import AuditReport, Finding, PhaseDeadlines, Severity
from perfcore.people import Actor, Role
from perfcore.periods import Period, PeriodKind
from perfcore.scales import RatingScale
from perfcore.scoring import WeightedMean

__all__ = [
    "EMPLOYEE",
    "HR",
    "MANAGER",
    "CommandSequence",
    "actors",
    "advancement_criteria",
    "assessments",
    "audit_reports",
    "bases",
    "cadences",
    "career_paths",
    "career_steps",
    "cause_interventions",
    "check_ins",
    "command_sequences",
    "competencies",
    "competency_assessments",
    "competency_profiles",
    "competency_ratings",
    "cycles",
    "employment_events",
    "feedback_discussions",
    "feedback_ratings",
    "feedback_requests",
    "feedback_responses",
    "feedback_scores",
    "feedback_summaries",
    "findings",
    "follow_ups",
    "formal_plans",
    "formal_reviews",
    "gap_explanations",
    "goal_progresses",
    "goal_ratings",
    "goal_sets",
    "goals",
    "ids",
    "improvement_actions",
    "improvement_plans",
    "indicator_evidence",
    "manager_agreements",
    "measures",
    "milestone_measures",
    "numeric_measures",
    "periods",
    "phase_deadlines",
    "plan_drafts",
    "practices",
    "proficiency_levels",
    "proficiency_scales",
    "rating_records",
    "rating_scales",
    "ratings",
    "relation_summaries",
    "requirements",
    "review_deadlines",
    "reviewers",
    "roles",
    "root_causes",
    "scale_measures",
    "talent_records",
    "texts",
    "topics",
    "waivers",
    "yes_no_measures",
]

EMPLOYEE = Actor(person_id="emp", role=Role.EMPLOYEE)
"""The employee of every cycle ``cycles()`` draws."""
MANAGER = Actor(person_id="mgr", role=Role.MANAGER)
"""The manager of every cycle ``cycles()`` draws."""
HR = Actor(person_id="hr", role=Role.HR)
"""HR, who starts every cycle ``cycles()`` draws and waives what it must."""

_UTC = dt.UTC
_FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


T = TypeVar("T")


def _or(
    strategy: st.SearchStrategy[T] | None, default: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    return default if strategy is None else strategy


# --- primitives ----------------------------------------------------------------------


def ids() -> st.SearchStrategy[str]:
    """Short identifiers: lowercase letters, digits and ``-``. Requires hypothesis."""
    return st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=10)


def texts() -> st.SearchStrategy[str]:
    """Non-blank text of up to 30 characters, any script. Requires hypothesis."""
    return st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip() != "")


def _dates_in(period: Period) -> st.SearchStrategy[dt.date]:
    return st.dates(period.start, period.end)


# --- people, periods, scales, measures --------------------------------------------


def roles() -> st.SearchStrategy[Role]:
    """A built-in role (employee, manager, HR) or an app-defined one. Requires hypothesis."""
    builtin = st.sampled_from([Role.EMPLOYEE, Role.MANAGER, Role.HR])
    custom = st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z").map(lambda name: Role(name=name))
    return builtin | custom


def actors(
    *,
    person_id: st.SearchStrategy[str] | None = None,
    role: st.SearchStrategy[Role] | None = None,
) -> st.SearchStrategy[Actor]:
    """A person acting in a role. Requires hypothesis (``pip install 'perfcore[testing]'``)."""
    return st.builds(Actor, person_id=_or(person_id, ids()), role=_or(role, roles()))


def periods(*, kind: st.SearchStrategy[PeriodKind] | None = None) -> st.SearchStrategy[Period]:
    """An annual, half-year, quarter or custom period from 2000 to 2090. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        year = draw(st.integers(2000, 2090))
        chosen = draw(_or(kind, st.sampled_from(list(PeriodKind))))
        if chosen is PeriodKind.ANNUAL:
            return Period.annual(year, start_month=draw(st.integers(1, 12)))
        if chosen is PeriodKind.HALF_YEAR:
            return Period.half_year(year, draw(st.integers(1, 2)))
        if chosen is PeriodKind.QUARTER:
            return Period.quarter(year, draw(st.integers(1, 4)))
        start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
        return Period.custom(start, start + dt.timedelta(days=draw(st.integers(1, 800))))

    return build()


def rating_scales() -> st.SearchStrategy[RatingScale]:
    """An integer rating scale, sometimes labelled. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RatingScale:
        low = draw(st.integers(-5, 10))
        high = draw(st.integers(low + 1, low + 100))
        labelled = high - low < 10 and draw(st.booleans())
        labels = tuple(f"level {i}" for i in range(high - low + 1)) if labelled else ()
        return RatingScale(minimum=low, maximum=high, labels=labels)

    return build()


def numeric_measures(
    *, direction: st.SearchStrategy[Direction] | None = None
) -> st.SearchStrategy[NumericMeasure]:
    """A numeric measure with baseline, threshold, target and stretch ordered by direction.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> NumericMeasure:
        values = sorted(draw(st.lists(_FINITE, min_size=4, max_size=4, unique=True)))
        way = draw(_or(direction, st.sampled_from(list(Direction))))
        if way is Direction.LOWER_IS_BETTER:
            values.reverse()
        baseline, threshold, target, stretch = values
        return NumericMeasure(
            unit=draw(texts()),
            target=target,
            baseline=draw(st.none() | st.just(baseline)),
            threshold=draw(st.none() | st.just(threshold)),
            stretch=draw(st.none() | st.just(stretch)),
            direction=way,
        )

    return build()


def milestone_measures() -> st.SearchStrategy[MilestoneMeasure]:
    """One to five distinct milestones. Requires hypothesis."""
    return st.lists(texts(), min_size=1, max_size=5, unique=True).map(
        lambda steps: MilestoneMeasure(steps=tuple(steps))
    )


def yes_no_measures() -> st.SearchStrategy[YesNoMeasure]:
    """A yes/no question. Requires hypothesis."""
    return texts().map(lambda q: YesNoMeasure(question=q))


def scale_measures(
    *, scale: st.SearchStrategy[RatingScale] | None = None
) -> st.SearchStrategy[ScaleMeasure]:
    """A target on a rating scale (inside the scale). Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> ScaleMeasure:
        on = draw(_or(scale, rating_scales()))
        return ScaleMeasure(scale=on, target=draw(st.integers(on.minimum, on.maximum)))

    return build()


def measures() -> st.SearchStrategy[Measure]:
    """Any of the four measures. Requires hypothesis (``pip install 'perfcore[testing]'``)."""
    return st.one_of(numeric_measures(), milestone_measures(), yes_no_measures(), scale_measures())


# --- goals and check-ins -----------------------------------------------------------


def goals(  # noqa: PLR0913 - one constraint per field
    *,
    goal_id: st.SearchStrategy[str] | None = None,
    kind: st.SearchStrategy[GoalKind] | None = None,
    weight: st.SearchStrategy[float] | None = None,
    measure: st.SearchStrategy[Measure | None] | None = None,
    period: st.SearchStrategy[Period] | None = None,
    parent_id: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Goal]:
    """A goal; with ``period``, its due date (if any) lies inside the drawn period.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Goal:
        the_id = draw(_or(goal_id, ids()))
        due_dates = st.dates() if period is None else period.flatmap(_dates_in)
        parent = draw(_or(parent_id, st.none() | st.just("company/objective")))
        return Goal(
            id=the_id,
            title=draw(texts()),
            kind=draw(_or(kind, st.sampled_from(list(GoalKind)))),
            weight=draw(_or(weight, st.integers(0, 100))),
            measure=draw(_or(measure, st.none() | measures())),
            due=draw(st.none() | due_dates),
            parent_id=None if parent == the_id else parent,
            methods=tuple(draw(st.lists(texts(), max_size=2))),
            support=tuple(draw(st.lists(texts(), max_size=2))),
        )

    return build()


def goal_sets(
    *, period: st.SearchStrategy[Period] | None = None, max_performance: int = 4
) -> st.SearchStrategy[tuple[Goal, ...]]:
    """Goals ``g1``, ``g2``, ... that can pass goal setting; performance weights total 100.

    Each goal has a measure; some development goals may follow the performance ones.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Goal, ...]:
        count = draw(st.integers(1, max(1, max_performance)))
        cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
        weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        kinds = [GoalKind.PERFORMANCE] * count
        kinds += [GoalKind.DEVELOPMENT] * draw(st.integers(0, 2))
        weights += [0] * (len(kinds) - count)
        drawn = period if period is None else st.just(draw(period))
        return tuple(
            draw(
                goals(
                    goal_id=st.just(f"g{index + 1}"),
                    kind=st.just(kind),
                    weight=st.just(weight),
                    measure=measures(),
                    period=drawn,
                )
            )
            for index, (kind, weight) in enumerate(zip(kinds, weights, strict=True))
        )

    return build()


def goal_progresses(
    *, goal_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[GoalProgress]:
    """Progress reported on one goal. Requires hypothesis."""
    return st.builds(
        GoalProgress,
        goal_id=_or(goal_id, ids()),
        status=st.sampled_from(list(ProgressStatus)),
        value=st.none() | _FINITE,
    )


def check_ins(
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    goal_id: st.SearchStrategy[str] | None = None,
    period: st.SearchStrategy[Period] | None = None,
) -> st.SearchStrategy[CheckIn]:
    """A check-in reporting on distinct goals; with ``period``, held inside it.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    default_day = st.dates() if period is None else period.flatmap(_dates_in)

    @st.composite
    def build(draw: st.DrawFn) -> CheckIn:
        reported = draw(st.lists(_or(goal_id, ids()), unique=True, max_size=3))
        return CheckIn(
            id=draw(ids()),
            kind=draw(st.sampled_from(list(CheckInKind))),
            held_on=draw(_or(held_on, default_day)),
            summary=draw(st.just("") | texts()),
            progress=tuple(draw(goal_progresses(goal_id=st.just(g))) for g in reported),
            obstacles=tuple(draw(st.lists(texts(), max_size=2))),
            deviation=draw(st.none() | texts()),
            support_needed=draw(st.none() | texts()),
            recognition=draw(st.none() | texts()),
            company_interest_concern=draw(st.none() | texts()),
            hr_help_wanted=draw(st.booleans()),
        )

    return build()


# --- assessments -------------------------------------------------------------------


def bases() -> st.SearchStrategy[Basis]:
    """The basis of a rating, with some evidence. Requires hypothesis."""
    return st.builds(Basis, text=texts(), evidence=st.lists(texts(), max_size=2).map(tuple))


def _values_on(scale: RatingScale) -> st.SearchStrategy[float]:
    return st.integers(scale.minimum, scale.maximum) | st.floats(
        scale.minimum, scale.maximum, allow_nan=False
    )


def ratings(*, scale: st.SearchStrategy[RatingScale] | None = None) -> st.SearchStrategy[Rating]:
    """A rating on a (drawn) scale, with its basis. Requires hypothesis."""
    return _or(scale, rating_scales()).flatmap(
        lambda on: st.builds(Rating, value=_values_on(on), basis=bases())
    )


def goal_ratings(
    *,
    goal_id: st.SearchStrategy[str] | None = None,
    scale: st.SearchStrategy[RatingScale] | None = None,
) -> st.SearchStrategy[GoalRating]:
    """One goal's achievement and rating. Requires hypothesis."""
    return st.builds(
        GoalRating,
        goal_id=_or(goal_id, ids()),
        achievement=st.sampled_from(list(Achievement)),
        rating=ratings(scale=scale),
        actual=st.none() | _FINITE,
    )


def assessments(
    *,
    source: st.SearchStrategy[AssessmentSource] | None = None,
    goal_ids: st.SearchStrategy[Sequence[str]] | None = None,
    scale: st.SearchStrategy[RatingScale] | None = None,
) -> st.SearchStrategy[Assessment]:
    """An assessment rating each drawn goal id once, all on one drawn scale.

    Pass ``goal_ids=st.just(ids)`` to rate exactly those goals.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Assessment:
        on = st.just(draw(_or(scale, rating_scales())))
        rated = dict.fromkeys(draw(_or(goal_ids, st.lists(ids(), max_size=4))))
        return Assessment(
            source=draw(_or(source, st.sampled_from(list(AssessmentSource)))),
            goal_ratings=tuple(draw(goal_ratings(goal_id=st.just(g), scale=on)) for g in rated),
            overall=draw(st.none() | ratings(scale=on)),
            comments=draw(st.just("") | texts()),
        )

    return build()


def gap_explanations(
    *, goal_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[GapExplanation]:
    """Why a self-rating and a manager rating differ. Requires hypothesis."""
    return st.builds(GapExplanation, goal_id=_or(goal_id, ids()), text=texts())


def feedback_discussions(
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    goal_ids: st.SearchStrategy[list[str]] | None = None,
) -> st.SearchStrategy[FeedbackDiscussion]:
    """The appraisal conversation, with gap explanations for some goals. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> FeedbackDiscussion:
        explained = dict.fromkeys(draw(_or(goal_ids, st.lists(ids(), max_size=3))))
        return FeedbackDiscussion(
            held_on=draw(_or(held_on, st.dates())),
            summary=draw(texts()),
            gap_explanations=tuple(
                draw(gap_explanations(goal_id=st.just(goal_id))) for goal_id in explained
            ),
        )

    return build()


# --- improvement -------------------------------------------------------------------


def root_causes(
    *,
    goal_id: st.SearchStrategy[str] | None = None,
    category: st.SearchStrategy[CauseCategory] | None = None,
) -> st.SearchStrategy[RootCause]:
    """A root cause; attitude causes (only) carry an attribution. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RootCause:
        chosen = draw(_or(category, st.sampled_from(list(CauseCategory))))
        attribution = (
            draw(st.sampled_from(list(Attribution))) if chosen is CauseCategory.ATTITUDE else None
        )
        return RootCause(
            id=draw(ids()),
            goal_id=draw(_or(goal_id, ids())),
            category=chosen,
            description=draw(texts()),
            attribution=attribution,
        )

    return build()


def improvement_actions(
    *,
    action_id: st.SearchStrategy[str] | None = None,
    cause_ids: st.SearchStrategy[Sequence[str]] | None = None,
    due: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ImprovementAction]:
    """An improvement action addressing distinct root causes. Requires hypothesis."""
    return st.builds(
        ImprovementAction,
        id=_or(action_id, ids()),
        title=texts(),
        kind=st.sampled_from(list(InterventionKind)),
        owner_id=ids(),
        due=_or(due, st.dates()),
        success_measure=texts(),
        cause_ids=_or(cause_ids, st.lists(ids(), max_size=2)).map(
            lambda given: tuple(dict.fromkeys(given))
        ),
    )


def follow_ups(
    *,
    action_id: st.SearchStrategy[str] | None = None,
    held_on: st.SearchStrategy[dt.date] | None = None,
    outcome: st.SearchStrategy[Outcome | None] | None = None,
) -> st.SearchStrategy[FollowUp]:
    """A follow-up of one improvement action. Requires hypothesis."""
    return st.builds(
        FollowUp,
        action_id=_or(action_id, ids()),
        held_on=_or(held_on, st.dates()),
        progress=texts(),
        deviation=st.none() | texts(),
        corrective_step=st.none() | texts(),
        outcome=_or(outcome, st.none() | st.sampled_from(list(Outcome))),
    )


def improvement_plans() -> st.SearchStrategy[ImprovementPlan]:
    """Actions with distinct ids and follow-ups of those actions only. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> ImprovementPlan:
        action_ids = draw(st.lists(ids(), unique=True, max_size=3))
        actions = tuple(draw(improvement_actions(action_id=st.just(a))) for a in action_ids)
        done = (
            draw(st.lists(follow_ups(action_id=st.sampled_from(action_ids)), max_size=4))
            if action_ids
            else []
        )
        return ImprovementPlan(actions=actions, follow_ups=tuple(done))

    return build()


def formal_plans(
    *,
    plan_id: st.SearchStrategy[str] | None = None,
    action_ids: st.SearchStrategy[Sequence[str]] | None = None,
    starts_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[FormalPlan]:
    """A formal plan over distinct actions with one to four review dates within its dates.

    ``action_ids`` must draw at least one id (repeats are dropped); ``starts_on``
    must draw a date before ``datetime.date.max``. The plan lasts 1 to 400 days.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> FormalPlan:
        start = draw(_or(starts_on, st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))))
        length = draw(st.integers(1, max(1, min(400, (dt.date.max - start).days))))
        offsets = draw(st.lists(st.integers(0, length), min_size=1, max_size=4, unique=True))
        offsets.sort()
        chosen = draw(_or(action_ids, st.lists(ids(), min_size=1, max_size=3)))
        return FormalPlan(
            id=draw(_or(plan_id, ids())),
            reason=draw(texts()),
            action_ids=tuple(dict.fromkeys(chosen)),
            starts_on=start,
            ends_on=start + dt.timedelta(days=length),
            review_dates=tuple(start + dt.timedelta(days=offset) for offset in offsets),
            expectations=draw(texts()),
            support=tuple(draw(st.lists(texts(), max_size=2))),
            consequences=draw(st.none() | texts()),
        )

    return build()


def formal_reviews(
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    outcome: st.SearchStrategy[Outcome | None] | None = None,
) -> st.SearchStrategy[FormalReview]:
    """A review of a formal plan, interim or with an outcome. Requires hypothesis."""
    return st.builds(
        FormalReview,
        held_on=_or(held_on, st.dates()),
        progress=texts(),
        outcome=_or(outcome, st.none() | st.sampled_from(list(Outcome))),
        next_steps=st.none() | texts(),
    )


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


# --- competency --------------------------------------------------------------------


def competencies(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    category: st.SearchStrategy[CompetencyCategory] | None = None,
) -> st.SearchStrategy[Competency]:
    """A competency: knowledge, a skill or a behaviour. Requires hypothesis."""
    return st.builds(
        Competency,
        id=_or(competency_id, ids()),
        name=texts(),
        category=_or(category, st.sampled_from(list(CompetencyCategory))),
        description=st.just("") | texts(),
    )


def proficiency_levels(
    *, value: st.SearchStrategy[int] | None = None
) -> st.SearchStrategy[ProficiencyLevel]:
    """A proficiency level with behavioural anchors. Requires hypothesis."""
    return st.builds(
        ProficiencyLevel,
        value=_or(value, st.integers(-1000, 1000)),
        label=texts(),
        anchors=st.lists(texts(), max_size=2).map(tuple),
    )


def proficiency_scales() -> st.SearchStrategy[ProficiencyScale]:
    """The Dreyfus scale, or 2 to 7 increasing, distinctly labelled levels.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> ProficiencyScale:
        values = sorted(draw(st.lists(st.integers(-10, 10), min_size=2, max_size=7, unique=True)))
        return ProficiencyScale(
            levels=tuple(ProficiencyLevel(value=value, label=f"Level {value}") for value in values)
        )

    return st.just(ProficiencyScale.DREYFUS) | build()


def _levels_on(scale: ProficiencyScale) -> st.SearchStrategy[float]:
    return st.sampled_from([level.value for level in scale.levels]) | st.floats(
        scale.minimum, scale.maximum, allow_nan=False
    )


def requirements(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
) -> st.SearchStrategy[Requirement]:
    """A required level (on the drawn scale), weight and criticality. Requires hypothesis."""
    return _or(scale, proficiency_scales()).flatmap(
        lambda on: st.builds(
            Requirement,
            competency_id=_or(competency_id, ids()),
            level=_levels_on(on),
            weight=st.sampled_from([0, 0.5, 1, 2, 3, 10]) | st.floats(0, 100),
            critical=st.booleans(),
        )
    )


def competency_profiles(
    *, scale: st.SearchStrategy[ProficiencyScale] | None = None
) -> st.SearchStrategy[CompetencyProfile]:
    """A profile requiring 1 to 6 listed competencies ``c0``, ``c1``, ... on its scale.

    Requirements come in any order; their weights are not all 0.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CompetencyProfile:
        on = draw(_or(scale, proficiency_scales()))
        count = draw(st.integers(1, 6))
        names = [f"c{i}" for i in range(count)]
        drawn = [
            draw(requirements(competency_id=st.just(name), scale=st.just(on))) for name in names
        ]
        if sum(r.weight for r in drawn) <= 0:
            first = drawn[0]
            drawn[0] = Requirement(
                competency_id=first.competency_id,
                level=first.level,
                weight=1,
                critical=first.critical,
            )
        return CompetencyProfile(
            id=draw(ids()),
            name=draw(texts()),
            competencies=tuple(draw(competencies(competency_id=st.just(n))) for n in names),
            requirements=tuple(draw(st.permutations(drawn))),
            scale=on,
        )

    return build()


def competency_ratings(
    *,
    competency_id: st.SearchStrategy[str] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
) -> st.SearchStrategy[CompetencyRating]:
    """An assessed level (on the drawn scale) with its basis. Requires hypothesis."""
    return _or(scale, proficiency_scales()).flatmap(
        lambda on: st.builds(
            CompetencyRating,
            competency_id=_or(competency_id, ids()),
            level=_levels_on(on),
            basis=bases(),
        )
    )


def competency_assessments(
    *,
    competency_ids: st.SearchStrategy[Sequence[str]] | None = None,
    scale: st.SearchStrategy[ProficiencyScale] | None = None,
    role: st.SearchStrategy[AssessorRole] | None = None,
) -> st.SearchStrategy[CompetencyAssessment]:
    """One assessor's ratings of distinct competencies, all on its scale.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CompetencyAssessment:
        on = draw(_or(scale, proficiency_scales()))
        rated = dict.fromkeys(draw(_or(competency_ids, st.lists(ids(), max_size=4))))
        return CompetencyAssessment(
            person_id=draw(ids()),
            assessor_id=draw(ids()),
            role=draw(_or(role, st.sampled_from(list(AssessorRole)))),
            ratings=tuple(
                draw(competency_ratings(competency_id=st.just(r), scale=st.just(on))) for r in rated
            ),
            scale=on,
        )

    return build()


def advancement_criteria(
    *, required_competencies: st.SearchStrategy[Sequence[str]] | None = None
) -> st.SearchStrategy[AdvancementCriteria]:
    """What it takes to move up: rating, competencies, months in role. Requires hypothesis."""
    return st.builds(
        AdvancementCriteria,
        minimum_rating=st.none() | st.floats(1, 5),
        required_competencies=_or(required_competencies, st.lists(ids(), max_size=3)).map(
            lambda given: tuple(dict.fromkeys(given))
        ),
        minimum_months_in_role=st.none() | st.integers(0, 600),
    )


def career_steps(
    *,
    position_id: st.SearchStrategy[str] | None = None,
    profile: st.SearchStrategy[CompetencyProfile] | None = None,
) -> st.SearchStrategy[CareerStep]:
    """A position with its profile; criteria only require what the profile requires.

    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> CareerStep:
        chosen = draw(_or(profile, competency_profiles()))
        required = st.lists(st.sampled_from([r.competency_id for r in chosen.requirements]))
        return CareerStep(
            position_id=draw(_or(position_id, ids())),
            title=draw(texts()),
            profile=chosen,
            criteria=draw(advancement_criteria(required_competencies=required)),
        )

    return build()


def career_paths() -> st.SearchStrategy[CareerPath]:
    """One to four steps with distinct positions. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> CareerPath:
        positions = draw(st.lists(ids(), min_size=1, max_size=4, unique=True))
        return CareerPath(
            id=draw(ids()),
            name=draw(texts()),
            steps=tuple(draw(career_steps(position_id=st.just(p))) for p in positions),
        )

    return build()


# --- whole cycles ------------------------------------------------------------------

_OPEN = (Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT)
_SCORING = ScoringConfig(goal_combiner=WeightedMean(require_total=None))
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
                score = self.cycle.compute_score(_SCORING, DEFAULT_REGISTRY)
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


# --- oversight ---------------------------------------------------------------------

_EVIDENCE = st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(-1e6, 1e6) | texts()


def findings(*, code: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Finding]:
    """An audit finding with a few evidence items. Requires hypothesis."""
    return st.builds(
        Finding,
        code=_or(code, st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)),
        severity=st.sampled_from(Severity),
        message=texts(),
        cycle_id=st.none() | ids(),
        employee_id=st.none() | ids(),
        manager_id=st.none() | ids(),
        subject=st.none() | ids(),
        evidence=st.dictionaries(ids(), _EVIDENCE, max_size=4),
    )


def audit_reports() -> st.SearchStrategy[AuditReport]:
    """A report of up to six findings. Requires hypothesis."""
    return st.lists(findings(), max_size=6).map(lambda found: AuditReport(findings=tuple(found)))


def phase_deadlines() -> st.SearchStrategy[PhaseDeadlines]:
    """Default phase deadlines, in days from the period. Requires hypothesis."""
    days = st.integers(0, 3660)
    return st.builds(
        PhaseDeadlines,
        goal_setting_days=days,
        implementation_days=days,
        appraisal_days=days,
        improvement_days=days,
    )


# --- analytics ---------------------------------------------------------------------


def rating_records(
    *, scale: st.SearchStrategy[RatingScale] | None = None
) -> st.SearchStrategy[RatingRecord]:
    """A rating on a stated scale, by a manager, the employee or a peer. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RatingRecord:
        on = draw(_or(scale, rating_scales()))
        return RatingRecord(
            employee_id=draw(ids()),
            rater_id=draw(ids()),
            rater_role=draw(st.sampled_from(["manager", "self", "peer"])),
            value=draw(st.floats(on.minimum, on.maximum, allow_nan=False)),
            scale=on,
            dimension=draw(st.sampled_from(["overall", "g1", "competency:pitch"])),
            cycle_id=draw(st.none() | ids()),
            department=draw(st.none() | st.sampled_from(["sales", "ops"])),
        )

    return build()


def talent_records() -> st.SearchStrategy[TalentRecord]:
    """Performance and potential on 0-1 (either may be unknown). Requires hypothesis."""
    fraction = st.none() | st.floats(0, 1, allow_nan=False)
    return st.builds(
        TalentRecord,
        employee_id=ids(),
        performance=fraction,
        potential=fraction,
        manager_id=st.none() | ids(),
        department=st.none() | st.sampled_from(["sales", "ops"]),
        high_potential=st.booleans(),
        as_of=st.none() | st.dates(),
    )


def employment_events() -> st.SearchStrategy[EmploymentEvent]:
    """A hire, an exit (voluntary or not, maybe regretted), a promotion or training.

    Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> EmploymentEvent:
        kind = draw(st.sampled_from(EmploymentEventKind))
        leaving = kind is EmploymentEventKind.EXIT
        voluntary = draw(st.booleans()) if leaving else None
        return EmploymentEvent(
            employee_id=draw(ids()),
            kind=kind,
            on=draw(st.dates()),
            voluntary=voluntary,
            regretted=bool(voluntary) and draw(st.booleans()),
            programme=draw(st.none() | texts()) if kind is EmploymentEventKind.TRAINING else None,
            department=draw(st.none() | st.sampled_from(["sales", "ops"])),
        )

    return build()


def indicator_evidence() -> st.SearchStrategy[IndicatorEvidence]:
    """Evidence for one high-potential indicator. Requires hypothesis."""
    return st.builds(
        IndicatorEvidence,
        employee_id=ids(),
        indicator=st.sampled_from(Indicator),
        score=st.floats(0, 1, allow_nan=False),
        evidence=st.lists(ids(), min_size=1, max_size=3).map(tuple),
        source=ids(),
    )


# The schedule and improvement strategies live in their own modules, which build on
# the ones above; they are part of this module's public set.
from perfcore.testing._feedback_strategies import (  # noqa: E402
    feedback_ratings,
    feedback_requests,
    feedback_responses,
    feedback_scores,
    feedback_summaries,
    relation_summaries,
    reviewers,
    topics,
)
from perfcore.testing._improvement_strategies import (  # noqa: E402
    cause_interventions,
    plan_drafts,
    practices,
)
from perfcore.testing._schedule_strategies import (  # noqa: E402
    cadences,
    manager_agreements,
    review_deadlines,
)
