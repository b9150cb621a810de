"""A 360° review of a team lead, and what each person involved gets to see.

Run: python examples/feedback_360.py

Rosa leads a team of four and is appraised by her director, Omar. HR asks for
anonymous upward feedback from her four reports and named feedback from two
peers; one report declines, one peer corrects an answer. The script prints
what Rosa, Omar, HR and one of her reports see of her appraisal, and how the
feedback enters her composite score. Nothing is saved and the clock is never
read: every moment is written out below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    cycle_feedback_score,
)
from perfcore.scoring import Composite
from perfcore.serialization import make_converter
from perfcore.visibility import CycleView, view_cycle

HR = pc.Actor(person_id="hr-1", role=pc.Role.HR)
ROSA = pc.Actor(person_id="rosa", role=pc.Role.EMPLOYEE)
OMAR = pc.Actor(person_id="omar", role=pc.Role.MANAGER)
COACHING = Topic(kind=TopicKind.GENERAL, ref_id="coaching")
CLARITY = Topic(kind=TopicKind.GENERAL, ref_id="clarity")
DELIVERY = Topic(kind=TopicKind.GOAL, ref_id="g1")


def day(text: str) -> dt.datetime:
    """Nine o'clock UTC on an ISO date."""
    return dt.datetime.fromisoformat(text + "T09:00+00:00")


def reviewer(person: str) -> pc.Actor:
    """``person`` acting as a reviewer."""
    return pc.Actor(person_id=person, role=pc.Role.REVIEWER)


def answer(person: str, ratings: dict[Topic, float], comments: str = "") -> FeedbackResponse:
    """A response rating each topic, with a one-line basis."""
    return FeedbackResponse(
        reviewer_id=person,
        comments=comments,
        ratings=tuple(
            FeedbackRating(
                topic=topic,
                rating=pc.Rating(value=value, basis=pc.Basis(text=f"{person}'s experience")),
            )
            for topic, value in ratings.items()
        ),
    )


def appraisal() -> pc.Cycle:
    """Rosa's cycle, in appraisal with Omar's ratings still a draft."""
    goal = pc.Goal(
        id="g1",
        title="Ship the billing rewrite",
        weight=100,
        parent_id="platform",
        measure=pc.MilestoneMeasure(steps=("design", "beta", "launch")),
    )
    cycle = pc.Cycle.start(
        cycle_id="rosa-2026",
        employee_id="rosa",
        manager_id="omar",
        period=pc.Period.annual(2026),
        by=HR,
        at=day("2026-01-05"),
        check_in_every_days=90,
    )
    cycle = cycle.propose_goal(goal, by=OMAR, at=day("2026-01-06"))
    platform = pc.Objective(
        id="platform",
        title="A platform that scales",
        level=pc.ObjectiveLevel.COMPANY,
        period=pc.Period.annual(2026),
    )
    cycle = cycle.align_goal("g1", platform, by=OMAR, at=day("2026-01-06"))
    cycle = cycle.agree_goals(by=ROSA, at=day("2026-01-07"))
    cycle = cycle.advance(by=OMAR, at=day("2026-01-08"))
    for when, kind, who, text in (
        ("2026-03-02", pc.CheckInKind.ONE_ON_ONE, OMAR, "Beta slipped two weeks"),
        ("2026-03-03", pc.CheckInKind.PRIVATE_NOTE, OMAR, "Consider Rosa for the platform lead"),
        ("2026-05-28", pc.CheckInKind.ONE_ON_ONE, OMAR, "Launch on track"),
    ):
        check_in = pc.CheckIn(id=when, kind=kind, held_on=day(when).date(), summary=text)
        cycle = cycle.record_check_in(check_in, by=who, at=day(when))
    cycle = cycle.advance(by=OMAR, at=day("2026-06-01"))
    rating = pc.GoalRating(
        goal_id="g1",
        achievement=pc.Achievement.MET,
        actual=3,
        rating=pc.Rating(value=4, basis=pc.Basis(text="All three milestones, launch on time")),
    )
    own = pc.Assessment(source=pc.AssessmentSource.SELF, goal_ratings=(rating,))
    cycle = cycle.submit_self_assessment(own, by=ROSA, at=day("2026-06-02"))
    managers = pc.Assessment(source=pc.AssessmentSource.MANAGER, goal_ratings=(rating,))
    return cycle.submit_manager_assessment(managers, by=OMAR, at=day("2026-06-03"))


def upward_feedback() -> FeedbackRequest:
    """Anonymous upward feedback from Rosa's four reports; one declines."""
    request = FeedbackRequest.open(
        request_id="rosa-upward",
        subject_id="rosa",
        manager_id="omar",
        reviewers=tuple(
            Reviewer(person_id=p, relation=ReviewerRelation.DIRECT_REPORT)
            for p in ("ali", "bea", "cem", "dina")
        ),
        topics=(COACHING, CLARITY),
        scale=pc.RatingScale(minimum=1, maximum=5),
        anonymous=True,
        cycle_id="rosa-2026",
        expires_on=dt.date(2026, 6, 15),
        question="How does Rosa support your work?",
        by=HR,
        at=day("2026-06-01"),
    )
    for person, coaching, clarity, comment in (
        ("ali", 5, 4, "Always makes time for questions"),
        ("bea", 4, 3, ""),
        ("cem", 4, 2, "Priorities changed weekly in spring"),
    ):
        request = request.respond(
            answer(person, {COACHING: coaching, CLARITY: clarity}, comment),
            by=reviewer(person),
            at=day("2026-06-05"),
        )
    request = request.decline(
        reason="Joined the team last week", by=reviewer("dina"), at=day("2026-06-05")
    )
    return request.release(by=HR, at=day("2026-06-16"))


def peer_feedback() -> FeedbackRequest:
    """Named feedback from two peers on the billing goal; one corrects an answer."""
    request = FeedbackRequest.open(
        request_id="rosa-peers",
        subject_id="rosa",
        manager_id="omar",
        reviewers=(
            Reviewer(person_id="emil", relation=ReviewerRelation.PEER),
            Reviewer(person_id="fay", relation=ReviewerRelation.PEER),
        ),
        topics=(DELIVERY,),
        scale=pc.RatingScale(minimum=1, maximum=5),
        cycle_id="rosa-2026",
        expires_on=dt.date(2026, 6, 15),
        by=OMAR,
        at=day("2026-06-01"),
    )
    request = request.respond(
        answer("emil", {DELIVERY: 5}, "Smoothest launch this year"),
        by=reviewer("emil"),
        at=day("2026-06-03"),
    )
    request = request.respond(
        answer("fay", {DELIVERY: 2}), by=reviewer("fay"), at=day("2026-06-03")
    )
    return request.correct(
        answer("fay", {DELIVERY: 4}, "Rated the wrong project at first"),
        reason="Mixed up two projects",
        by=reviewer("fay"),
        at=day("2026-06-04"),
    )


def strings(data: object) -> Iterator[str]:
    """Every string in JSON-ready data, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from strings(item)


def describe(view: CycleView) -> None:
    """Print what one viewer sees."""
    print(f"--- {view.viewer} sees the cycle as {view.audience}")
    print("  check-ins:", [c.summary for c in view.check_ins] or "-")
    manager = view.manager_assessment
    print("  Omar's rating:", manager.goal_ratings[0].rating.value if manager else "- (draft)")
    for request in view.feedback:
        if request.summary is not None:
            means = {str(t.topic): round(t.mean, 2) for t in request.summary.topics}
            print(f"  {request.request_id}: {request.summary.responses} answers, means {means}")
        for response in request.responses:
            ratings = [r.rating.value for r in response.ratings]
            print(f"    {response.reviewer_id}: {ratings} {response.comments!r}")
    print("  hidden parts:", ", ".join(part.value for part in view.hidden))


def main() -> None:
    """Run the review and print each view."""
    cycle = appraisal()
    feedback = [upward_feedback(), peer_feedback()]
    blend = ScoringConfig(composite=Composite(weights={"goals": 80, "feedback": 20}))
    component = cycle_feedback_score(feedback, cycle_id=cycle.id, subject_id=cycle.employee_id)
    print("Feedback component:", component.explanation)
    score = cycle.compute_score(blend, DEFAULT_REGISTRY, components={"feedback": component.value})
    assert score.composite is not None
    print("Composite score:", score.composite.explanation)
    cycle = cycle.record_score(score, by=OMAR, at=day("2026-06-16"))

    print("\nBefore Omar releases his ratings and the peers' feedback:")
    for actor in (ROSA, OMAR, HR, reviewer("cem")):
        describe(view_cycle(cycle, actor, feedback=feedback))

    cycle = cycle.release_ratings(by=OMAR, at=day("2026-06-17"))
    feedback[1] = feedback[1].release(by=OMAR, at=day("2026-06-17"))
    print("\nAfter release, Rosa sees:")
    rosa = view_cycle(cycle, ROSA, feedback=feedback)
    describe(rosa)
    stored = set(strings(make_converter().unstructure(rosa)))
    reports = {"ali", "bea", "cem", "dina"}
    leaked = sorted(reports & stored) + [t for t in stored if "Priorities changed" in t]
    assert not leaked, f"an anonymous answer leaked: {leaked}"
    print("\nNo upward reviewer and no single upward answer appears in Rosa's stored view.")


if __name__ == "__main__":
    main()
