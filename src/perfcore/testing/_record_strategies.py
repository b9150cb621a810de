"""Strategies for the plain records: measures, goals, check-ins and assessments.

Builds on :mod:`perfcore.testing._primitive_strategies` only. Requires
hypothesis (``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from perfcore.assessments import (
    Achievement,
    Assessment,
    AssessmentSource,
    Basis,
    FeedbackDiscussion,
    GapExplanation,
    GapRule,
    GoalRating,
    Rating,
)
from perfcore.cadence import Cadence
from perfcore.checkins import ActionItem, CheckIn, CheckInKind, GoalProgress, ProgressStatus
from perfcore.goals import Goal, GoalKind
from perfcore.measures import (
    Direction,
    Measure,
    MilestoneMeasure,
    NumericMeasure,
    ScaleMeasure,
    YesNoMeasure,
)
from perfcore.objectives import GoalAlignment, Objective, ObjectiveCatalogue, ObjectiveLevel
from perfcore.periods import Period
from perfcore.scales import RatingScale
from perfcore.testing._primitive_strategies import (
    _FINITE,
    _dates_in,
    _or,
    ids,
    periods,
    rating_scales,
    texts,
)

__all__ = [
    "action_items",
    "assessments",
    "bases",
    "cadences",
    "check_ins",
    "feedback_discussions",
    "gap_explanations",
    "gap_rules",
    "goal_alignments",
    "goal_progresses",
    "goal_ratings",
    "goal_sets",
    "goals",
    "measures",
    "milestone_measures",
    "numeric_measures",
    "objective_catalogues",
    "objectives",
    "ratings",
    "scale_measures",
    "yes_no_measures",
]

# --- measures ----------------------------------------------------------------------


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


def action_items(
    *,
    owner_id: st.SearchStrategy[str] | None = None,
    due: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ActionItem]:
    """Something a 1:1 agreed to do, with its owner and due date. Requires hypothesis."""
    return st.builds(
        ActionItem,
        id=ids(),
        text=texts(),
        owner_id=_or(owner_id, ids()),
        due=_or(due, st.dates()),
    )


def check_ins(
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    goal_id: st.SearchStrategy[str] | None = None,
    period: st.SearchStrategy[Period] | None = None,
    owner_id: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CheckIn]:
    """A check-in reporting on distinct goals; with ``period``, held inside it.

    A shared one sometimes agrees action items (owned by ``owner_id``'s draws,
    due on or after the day); every one may set an agenda. Requires hypothesis
    (``pip install 'perfcore[testing]'``).
    """
    default_day = st.dates() if period is None else period.flatmap(_dates_in)

    @st.composite
    def build(draw: st.DrawFn) -> CheckIn:
        reported = draw(st.lists(_or(goal_id, ids()), unique=True, max_size=3))
        kind = draw(st.sampled_from(list(CheckInKind)))
        day = draw(_or(held_on, default_day))
        items: tuple[ActionItem, ...] = ()
        if kind.is_shared:
            later = st.dates(day, max(day, dt.date(2099, 12, 31)))
            drawn = st.lists(
                action_items(owner_id=owner_id, due=later), max_size=2, unique_by=lambda i: i.id
            )
            items = tuple(draw(drawn))
        return CheckIn(
            id=draw(ids()),
            kind=kind,
            held_on=day,
            summary=draw(st.just("") | texts()),
            progress=tuple(draw(goal_progresses(goal_id=st.just(g))) for g in reported),
            obstacles=tuple(draw(st.lists(texts(), max_size=2))),
            deviation=draw(st.none() | texts()),
            support_needed=draw(st.none() | texts()),
            recognition=draw(st.none() | texts()),
            company_interest_concern=draw(st.none() | texts()),
            hr_help_wanted=draw(st.booleans()),
            agenda=tuple(draw(st.lists(texts(), max_size=2))),
            action_items=items,
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


_CUSTOM_RULES = (
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY",
    "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15",
    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
)
"""Custom rules that fall due at least once a year from any start."""


def _rules() -> st.SearchStrategy[str]:
    """What the constructors write, and a few custom rules."""
    weekdays = st.none() | st.integers(0, 6)
    return st.one_of(
        weekdays.map(lambda day: Cadence.weekly(weekday=day).rule),
        weekdays.map(lambda day: Cadence.every_two_weeks(weekday=day).rule),
        (st.none() | st.integers(1, 31)).map(lambda day: Cadence.monthly(day=day).rule),
        st.integers(1, 60).map(lambda n: Cadence.every_days(n).rule),
        st.sampled_from(_CUSTOM_RULES),
    )


def _tolerances() -> st.SearchStrategy[int]:
    return st.integers(0, 7) | st.integers(0, 366)


def cadences(
    *,
    rule: st.SearchStrategy[str] | None = None,
    grace_days: st.SearchStrategy[int] | None = None,
    early_days: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[Cadence]:
    """A cadence: weekly, two-weekly, monthly, every n days or a custom RRULE.

    Tolerances are mostly small (0 to 7 days), sometimes up to the 366 allowed.
    Requires hypothesis (``pip install 'perfcore[testing]'``).
    """
    return st.builds(
        Cadence,
        rule=_or(rule, _rules()),
        grace_days=_or(grace_days, _tolerances()),
        early_days=_or(early_days, _tolerances()),
    )


def gap_rules() -> st.SearchStrategy[GapRule]:
    """When a self/manager gap needs explaining: fixed, or judged against a usual gap.

    Requires hypothesis.
    """
    widths = st.integers(1, 200).map(lambda n: n / 100)
    usual = st.integers(-100, 100).map(lambda n: n / 100)
    return st.one_of(widths.map(GapRule.fixed), st.builds(GapRule, usual=usual, width=widths))


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


def objectives(
    *,
    level: st.SearchStrategy[ObjectiveLevel] | None = None,
    period: st.SearchStrategy[Period] | None = None,
) -> st.SearchStrategy[Objective]:
    """One objective, alone: company ones under none, others under a drawn parent id.

    Sometimes retired on a day of its period. Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Objective:
        chosen = draw(_or(level, st.sampled_from(list(ObjectiveLevel))))
        span = draw(_or(period, periods()))
        objective_id = draw(ids())
        parent = None
        if chosen is not ObjectiveLevel.COMPANY:
            parent = draw(ids().filter(lambda i: i != objective_id))
        days = (span.end - span.start).days
        retired = draw(st.none() | st.integers(0, days).map(lambda n: _plus(span.start, n)))
        return Objective(
            id=objective_id,
            title=draw(texts()),
            level=chosen,
            period=span,
            parent_id=parent,
            retired_on=retired,
        )

    return build()


def _plus(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def objective_catalogues(
    *, period: st.SearchStrategy[Period] | None = None, max_size: int = 8
) -> st.SearchStrategy[ObjectiveCatalogue]:
    """A catalogue: company objectives, departments under them, teams under either.

    All share one drawn period. Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> ObjectiveCatalogue:
        span = draw(_or(period, periods()))
        count = draw(st.integers(1, max(1, max_size)))
        drawn_ids = draw(st.lists(ids(), min_size=count, max_size=count, unique=True))
        made: list[Objective] = []
        for objective_id in drawn_ids:
            above = [o for o in made if o.level is not ObjectiveLevel.TEAM]
            if not above or draw(st.integers(0, 3)) == 0:
                level, parent_id = ObjectiveLevel.COMPANY, None
            else:
                parent = draw(st.sampled_from(above))
                level = (
                    ObjectiveLevel.TEAM
                    if parent.level is ObjectiveLevel.DEPARTMENT
                    else draw(st.sampled_from([ObjectiveLevel.DEPARTMENT, ObjectiveLevel.TEAM]))
                )
                parent_id = parent.id
            made.append(
                Objective(
                    id=objective_id,
                    title=draw(texts()),
                    level=level,
                    period=span,
                    parent_id=parent_id,
                )
            )
        return ObjectiveCatalogue(objectives=tuple(draw(st.permutations(made))))

    return build()


def goal_alignments(
    *, objective: st.SearchStrategy[Objective] | None = None
) -> st.SearchStrategy[GoalAlignment]:
    """A goal's recorded alignment to an objective. Requires hypothesis."""
    return st.builds(GoalAlignment, goal_id=ids(), objective=_or(objective, objectives()))
