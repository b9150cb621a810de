"""Tests for perfcore.assessments: bases, ratings, assessments and the feedback talk."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import check_value_object, rejects, rejects_all
from strategies import assessments, bases, goal_ratings, ratings

BASIS = pc.Basis(text="Closed 9 of 10 deals", evidence=("crm:report-q4",))
RATING = pc.Rating(value=4, basis=BASIS)


def goal_rating(goal_id: str, value: float = 4) -> pc.GoalRating:
    return pc.GoalRating(
        goal_id=goal_id,
        achievement=pc.Achievement.MET,
        rating=pc.Rating(value=value, basis=BASIS),
    )


# --- Achievement --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("achievement", "unmet"),
    [
        (pc.Achievement.NOT_MET, True),
        (pc.Achievement.PARTLY_MET, True),
        (pc.Achievement.MET, False),
        (pc.Achievement.EXCEEDED, False),
    ],
)
def test_unmet_achievements(achievement: pc.Achievement, unmet: bool) -> None:
    assert achievement.is_unmet is unmet


# --- Basis --------------------------------------------------------------------------


def test_a_basis_is_an_explanation_with_optional_evidence() -> None:
    assert pc.Basis(text="Target beaten by 5%").evidence == ()
    assert BASIS.evidence == ("crm:report-q4",)


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("text", None, "^is required$"),
        ("text", "", "^must not be empty$"),
        ("text", "\n", "^must not be empty$"),
        ("text", 92, "^must be a string, got int 92$"),
        ("evidence", ["crm:report"], r"^must be a tuple, got list \['crm:report'\]$"),
        ("evidence", "crm:report", "^must be a tuple, got str 'crm:report'$"),
    ],
)
def test_basis_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"text": "Because", field: value}
    rejects(lambda: pc.Basis(**kwargs), f"Basis.{field}", phrase)


@pytest.mark.parametrize(
    ("evidence", "index", "phrase"),
    [
        (("",), 0, "^must not be empty$"),
        (("crm:report", None), 1, "^is required$"),
        (("e" * 501,), 0, "^must be at most 500 characters, got 501$"),
    ],
)
def test_basis_rejects_bad_evidence(evidence: tuple[Any, ...], index: int, phrase: str) -> None:
    rejects(lambda: pc.Basis(text="Because", evidence=evidence), f"Basis.evidence[{index}]", phrase)


# --- Rating -------------------------------------------------------------------------


def test_a_rating_is_a_value_with_a_basis() -> None:
    assert RATING.value == 4
    assert RATING.basis is BASIS
    assert pc.Rating(value=3.5, basis=BASIS).value == 3.5


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("value", "4", "^must be a number, got str '4'$"),
        ("value", True, "^must be a number, got bool True$"),
        ("value", None, "^must be a number, got NoneType None$"),
        ("value", math.nan, "^must be a finite number, got nan$"),
        ("value", math.inf, "^must be a finite number, got inf$"),
        ("basis", "Because", "^must be a Basis, got str 'Because'$"),
        ("basis", None, "^must be a Basis, got NoneType None$"),
    ],
)
def test_rating_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"value": 4, "basis": BASIS, field: value}
    rejects(lambda: pc.Rating(**kwargs), f"Rating.{field}", phrase)


def test_rating_reports_both_bad_fields() -> None:
    rejects_all(
        lambda: pc.Rating(value=math.nan, basis=None),  # type: ignore[arg-type]
        "Rating.value",
        "Rating.basis",
    )


# --- GoalRating ---------------------------------------------------------------------


def test_a_goal_rating() -> None:
    rating = pc.GoalRating(
        goal_id="g1",
        achievement=pc.Achievement.PARTLY_MET,
        actual=920,
        rating=pc.Rating(value=2, basis=pc.Basis(text="92% of target")),
    )
    assert rating.achievement.is_unmet
    assert rating.actual == 920
    assert goal_rating("g1").actual is None


GOAL_RATING: dict[str, Any] = {"goal_id": "g1", "achievement": pc.Achievement.MET, "rating": RATING}


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("goal_id", None, "^is required$"),
        ("goal_id", "", "^must not be empty$"),
        ("goal_id", "g" * 201, "^must be at most 200 characters, got 201$"),
        ("achievement", "met", r"^must be a Achievement \('not_met', 'partly_met', 'met'"),
        ("achievement", True, "^must be a Achievement .*got bool True$"),
        ("rating", 4, "^must be a Rating, got int 4$"),
        ("rating", BASIS, "^must be a Rating, got Basis"),
        ("actual", "920", "^must be a number, got str '920'$"),
        ("actual", False, "^must be a number, got bool False$"),
        ("actual", -math.inf, "^must be a finite number, got -inf$"),
    ],
)
def test_goal_rating_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.GoalRating(**{**GOAL_RATING, field: value}), f"GoalRating.{field}", phrase)


def test_goal_rating_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.GoalRating(goal_id="", achievement="met", rating=None, actual="1"),  # type: ignore[arg-type]
        "GoalRating.goal_id",
        "GoalRating.achievement",
        "GoalRating.rating",
        "GoalRating.actual",
    )


# --- Assessment ---------------------------------------------------------------------


def test_rating_for_finds_the_rating_of_a_goal() -> None:
    g1, g2 = goal_rating("g1", 4), goal_rating("g2", 2.5)
    assessment = pc.Assessment(
        source=pc.AssessmentSource.MANAGER, goal_ratings=(g1, g2), overall=RATING
    )
    assert assessment.rating_for("g1") is g1
    assert assessment.rating_for("g2") is g2
    assert assessment.rating_for("g3") is None
    assert assessment.comments == ""


def test_an_empty_assessment_rates_nothing() -> None:
    assessment = pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=())
    assert assessment.rating_for("g1") is None
    assert assessment.overall is None


VALID: dict[str, Any] = {"source": pc.AssessmentSource.SELF, "goal_ratings": (goal_rating("g1"),)}


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("source", "self", r"^must be a AssessmentSource \('self', 'manager'\), got str 'self'$"),
        ("source", None, "^must be a AssessmentSource .*got NoneType None$"),
        ("goal_ratings", [goal_rating("g1")], "^must be a tuple, got list"),
        ("goal_ratings", None, "^must be a tuple, got NoneType None$"),
        (
            "goal_ratings",
            (goal_rating("g1", 4), goal_rating("g1", 2)),
            "^rates goal\\(s\\) more than once: g1$",
        ),
        (
            "goal_ratings",
            tuple(goal_rating(g) for g in ("g2", "g1", "g3", "g2", "g1", "g2")),
            "^rates goal\\(s\\) more than once: g1, g2$",
        ),
        ("overall", 4, "^must be a Rating, got int 4$"),
        ("overall", goal_rating("g1"), "^must be a Rating, got GoalRating"),
        ("comments", None, "^is required$"),
        ("comments", ["Good year"], "^must be a string, got list"),
    ],
)
def test_assessment_rejects(field: str, value: object, phrase: str) -> None:
    rejects(lambda: pc.Assessment(**{**VALID, field: value}), f"Assessment.{field}", phrase)


@pytest.mark.parametrize(
    ("items", "index", "phrase"),
    [
        ((RATING,), 0, "^must hold GoalRating items, got Rating"),
        ((goal_rating("g1"), "g2"), 1, "^must hold GoalRating items, got str 'g2'$"),
    ],
)
def test_assessment_rejects_a_bad_goal_rating(
    items: tuple[Any, ...], index: int, phrase: str
) -> None:
    rejects(
        lambda: pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=items),
        f"Assessment.goal_ratings[{index}]",
        phrase,
    )


def test_assessment_reports_every_bad_field() -> None:
    rejects_all(
        lambda: pc.Assessment(
            source="manager",  # type: ignore[arg-type]
            goal_ratings=(goal_rating("g1"), goal_rating("g1")),
            overall=BASIS,  # type: ignore[arg-type]
            comments=None,  # type: ignore[arg-type]
        ),
        "Assessment.source",
        "Assessment.goal_ratings",
        "Assessment.overall",
        "Assessment.comments",
    )


# --- FeedbackDiscussion -------------------------------------------------------------


def test_a_feedback_discussion() -> None:
    talk = pc.FeedbackDiscussion(held_on=dt.date(2026, 12, 10), summary="Went through all goals")
    assert talk.held_on == dt.date(2026, 12, 10)
    assert talk.summary == "Went through all goals"


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("held_on", dt.datetime(2026, 12, 10, 15, tzinfo=dt.UTC), "^must be a date, got datetime"),
        ("held_on", "2026-12-10", "^must be a date, got str '2026-12-10'$"),
        ("held_on", None, "^must be a date, got NoneType None$"),
        ("summary", "", "^must not be empty$"),
        ("summary", None, "^is required$"),
        ("summary", 3, "^must be a string, got int 3$"),
    ],
)
def test_feedback_discussion_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"held_on": dt.date(2026, 12, 10), "summary": "Talk", field: value}
    rejects(lambda: pc.FeedbackDiscussion(**kwargs), f"FeedbackDiscussion.{field}", phrase)


def test_feedback_discussion_reports_both_bad_fields() -> None:
    rejects_all(
        lambda: pc.FeedbackDiscussion(held_on=None, summary=""),  # type: ignore[arg-type]
        "FeedbackDiscussion.held_on",
        "FeedbackDiscussion.summary",
    )


def test_gap_explanations_are_looked_up_by_goal() -> None:
    why = pc.GapExplanation(goal_id="g2", text="Two deals slipped into January")
    talk = pc.FeedbackDiscussion(
        held_on=dt.date(2026, 12, 10), summary="Compared both views", gap_explanations=(why,)
    )
    assert talk.explanation_for("g2") == why
    assert talk.explanation_for("g1") is None


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("goal_id", "", "^must not be empty$"),
        ("text", "   ", "^must not be empty$"),
        ("text", None, "^is required$"),
    ],
)
def test_gap_explanation_rejects(field: str, value: object, phrase: str) -> None:
    kwargs: dict[str, Any] = {"goal_id": "g1", "text": "Different evidence", field: value}
    rejects(lambda: pc.GapExplanation(**kwargs), f"GapExplanation.{field}", phrase)


def test_a_goal_is_explained_at_most_once() -> None:
    twice = (
        pc.GapExplanation(goal_id="g1", text="One reason"),
        pc.GapExplanation(goal_id="g1", text="Another"),
    )
    rejects(
        lambda: pc.FeedbackDiscussion(
            held_on=dt.date(2026, 12, 10), summary="Talk", gap_explanations=twice
        ),
        "FeedbackDiscussion.gap_explanations",
        "^explain goal\\(s\\) more than once: g1$",
    )


# --- properties ---------------------------------------------------------------------

GOALS = ("g1", "g2", "g3")


@given(bases())
def test_bases_are_value_objects(basis: pc.Basis) -> None:
    check_value_object(basis)


@given(ratings(pc.RatingScale()))
def test_ratings_are_value_objects(rating: pc.Rating) -> None:
    check_value_object(rating)


@given(goal_ratings("g1", pc.RatingScale(minimum=0, maximum=100)))
def test_goal_ratings_are_value_objects(rating: pc.GoalRating) -> None:
    check_value_object(rating)


@given(st.sampled_from(list(pc.AssessmentSource)), st.booleans(), st.data())
def test_assessments_are_value_objects_and_find_each_rating(
    source: pc.AssessmentSource, complete: bool, data: st.DataObject
) -> None:
    assessment = data.draw(assessments(source=source, goal_ids=GOALS, complete=complete))
    check_value_object(assessment)
    assert assessment.source is source
    for goal_id in GOALS:
        found = assessment.rating_for(goal_id)
        rated = [r for r in assessment.goal_ratings if r.goal_id == goal_id]
        assert found == (rated[0] if rated else None)
    if complete:
        assert [r.goal_id for r in assessment.goal_ratings] == list(GOALS)
    assert assessment.rating_for("not-a-goal") is None


# --- the gap rule ----------------------------------------------------------------------

FIVE = pc.RatingScale(minimum=1, maximum=5)


def test_a_fixed_gap_rule_by_hand() -> None:
    rule = pc.GapRule.fixed(0.5)
    # 4 vs 1 on 1-5: 3 points of a 4-point span = 0.75; 3 vs 2 = 0.25
    assert rule.gap(own=4, manager=1, scale=FIVE) == 0.75
    assert rule.needs_explanation(4, 1, FIVE)
    assert rule.needs_explanation(1, 3, FIVE)  # either way: -0.5
    assert not rule.needs_explanation(3, 2, FIVE)
    assert rule.describe() == "a gap of 0.5 of the scale or more"


def test_a_relative_gap_rule_judges_against_the_population() -> None:
    # self-ratings a quarter of the scale above the manager's, on average
    gaps = [0.25, 0.0, 0.25, 0.5, 0.25] * 2  # mean 0.25, sample sd 0.16667
    rule = pc.GapRule.relative(gaps, z=2)
    assert (rule.usual, rule.width) == (0.25, 0.333)
    assert not rule.needs_explanation(5, 3, FIVE)  # 0.5: 0.25 from the usual
    assert not rule.needs_explanation(3, 3, FIVE)  # 0: 0.25 below the usual
    assert rule.needs_explanation(2, 4, FIVE)  # -0.5: 0.75 below the usual
    assert "away from the usual 0.25" in rule.describe()


@given(st.lists(st.floats(-1, 1), min_size=10, max_size=40), st.floats(0.5, 4))
def test_a_relative_rule_keeps_three_decimals(gaps: list[float], z: float) -> None:
    try:
        rule = pc.GapRule.relative(gaps, z=z)
    except pc.ValidationError:
        return  # gaps that do not vary
    assert rule.usual == round(rule.usual, 3)
    assert rule.width == round(rule.width, 3)


@pytest.mark.parametrize(
    ("gaps", "z", "path"),
    [
        ([0.1] * 9 + [0.2], 0, "z"),
        ([0.1, 0.2] * 4, 2, "gaps"),  # 8 colleagues: too few to hide one of them
        ([0.25] * 12, 2, "gaps"),  # no spread
        ([0.1] * 9 + [1.5], 2, "gaps[9]"),
        ([0.1] * 9 + [math.nan], 2, "gaps[9]"),
        ("0.1,0.2", 2, "gaps"),
        ([0.1] * 9 + [True], 2, "gaps[9]"),
    ],
)
def test_a_relative_rule_refuses_what_it_cannot_judge_by(gaps: Any, z: float, path: str) -> None:
    with pytest.raises(pc.MalformedInput) as info:
        pc.GapRule.relative(gaps, z=z)
    assert info.value.paths == (path,)


@pytest.mark.parametrize(
    ("args", "path"),
    [
        ((4, 1, "1-5"), "scale"),
        ((math.inf, 1, FIVE), "own"),
        ((4, None, FIVE), "manager"),
    ],
)
def test_measuring_a_gap_refuses_bad_arguments(args: tuple[Any, ...], path: str) -> None:
    with pytest.raises(pc.MalformedInput) as info:
        pc.GapRule.fixed().gap(*args)
    assert info.value.paths == (path,)


def test_a_gap_rule_is_a_checked_value() -> None:
    check_value_object(pc.GapRule.fixed(0.25))
    rejects(lambda: pc.GapRule(width=0), "GapRule.width", "at least 0.01")
    rejects(lambda: pc.GapRule(usual=1.5), "GapRule.usual", "at most 1")
