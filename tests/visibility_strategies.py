"""Hypothesis strategies for the visibility tests: random cycles, feedback and policies.

``worlds()`` draws a cycle at a random phase (check-ins and private notes by
both parties, manager ratings revised and released in a random order) with
random feedback requests, and keeps what the tests need to know: who wrote
each private note, what the employee was last shown of the ratings, and the
texts that belong to anonymous answers or to unreleased ratings.

Texts are drawn with prefixes used nowhere else (``ANONREV``, ``ANONTXT``,
``ANONBASIS``, ``PRIVNOTE``, ``MGRBASIS``, ``MGRCOMP``), so finding one in a
serialized view is a real leak, not a coincidence.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping

import attrs
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, AppraisalScore, ScoringConfig
from perfcore.competency import AssessorRole, CompetencyAssessment, CompetencyRating
from perfcore.feedback import (
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.visibility import BUILT_IN_AUDIENCES, DEFAULT_VISIBILITY, Access, Part
from perfcore.visibility import VisibilityPolicy as Policy
from strategies import EMPLOYEE, HR, MANAGER

PHASES = ("goal_setting", "implementation", "appraisal", "improvement", "closed", "cancelled")
TOPICS = (Topic(kind=TopicKind.GENERAL, ref_id="teamwork"), Topic(kind=TopicKind.GOAL, ref_id="g1"))
ASKED_AT = dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC)
ACTUALS = {"g1": 950.0, "g2": 4.0, "g3": 1.0}

suffixes = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=8)
"""The random tail of every drawn text; only lowercase, so no prefix is ever drawn by chance."""

Ratings = tuple[pc.Assessment | None, AppraisalScore | None, tuple[CompetencyAssessment, ...]]
"""What the employee may be shown of the manager's ratings: assessment, score, others' ratings."""

NO_RATINGS: Ratings = (None, None, ())


def ratings_of(cycle: pc.Cycle) -> Ratings:
    """The cycle's manager ratings as they stand."""
    others = tuple(a for a in cycle.competency_assessments if a.role is not AssessorRole.SELF)
    return (cycle.manager_assessment, cycle.score, others)


@attrs.frozen
class World:
    """A random cycle, its feedback, and what the properties need to know about them."""

    cycle: pc.Cycle
    requests: tuple[FeedbackRequest, ...]
    released: Ratings
    """The ratings as last released (``NO_RATINGS`` if never)."""
    rating_texts: frozenset[str]
    """Every basis text the manager ever gave, released or not."""
    private_notes: Mapping[str, str]
    """Each private note's summary → the person who wrote it."""

    @property
    def draft_texts(self) -> frozenset[str]:
        """Manager basis texts the employee was never shown in the ratings last released."""
        return self.rating_texts - _texts(self.released)

    @property
    def anonymous_ids(self) -> frozenset[str]:
        return frozenset(r.person_id for q in self.requests if q.anonymous for r in q.reviewers)

    @property
    def anonymous_texts(self) -> frozenset[str]:
        return frozenset(
            text
            for q in self.requests
            if q.anonymous
            for response in q.responses
            for text in (response.comments, *(r.rating.basis.text for r in response.ratings))
        )

    @property
    def reviewer(self) -> pc.Actor | None:
        """The first reviewer named on any request, in the reviewer role."""
        for request in self.requests:
            for reviewer in request.reviewers:
                return pc.Actor(person_id=reviewer.person_id, role=pc.Role.REVIEWER)
        return None


def _texts(ratings: Ratings) -> frozenset[str]:
    assessment, _, others = ratings
    texts = {r.basis.text for a in others for r in a.ratings}
    if assessment is not None:
        texts.update(r.rating.basis.text for r in assessment.goal_ratings)
    return frozenset(texts)


# --- feedback ---------------------------------------------------------------------------


@st.composite
def feedback_requests(draw: st.DrawFn, request_id: str) -> FeedbackRequest:
    """A request about ``emp`` in cycle ``c1``: named or anonymous, answered in part or whole."""
    anonymous = draw(st.booleans())
    minimum = draw(st.integers(2, 3)) if anonymous else 1
    prefix = "ANONREV" if anonymous else "namedrev-"
    names = draw(st.lists(suffixes, min_size=minimum, max_size=minimum + 2, unique=True))
    reviewers = tuple(
        Reviewer(person_id=f"{prefix}{name}", relation=ReviewerRelation.PEER) for name in names
    )
    request = FeedbackRequest.open(
        request_id=request_id,
        subject_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        reviewers=reviewers,
        topics=TOPICS,
        scale=pc.RatingScale(),
        anonymous=anonymous,
        minimum_responses=minimum,
        expires_on=dt.date(2027, 12, 31),
        cycle_id="c1",
        by=MANAGER,
        at=ASKED_AT,
    )
    answering = draw(st.integers(0, len(reviewers)))
    text, basis = ("ANONTXT", "ANONBASIS") if anonymous else ("namedtext-", "namedbasis-")
    for reviewer in reviewers[:answering]:
        topics = draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=len(TOPICS)))
        ratings = tuple(
            FeedbackRating(
                topic=topic,
                rating=pc.Rating(
                    value=draw(st.integers(1, 5)),
                    basis=pc.Basis(text=f"{basis}{draw(suffixes)}"),
                ),
            )
            for topic in topics
        )
        answer = FeedbackResponse(
            reviewer_id=reviewer.person_id, ratings=ratings, comments=f"{text}{draw(suffixes)}"
        )
        by = pc.Actor(person_id=reviewer.person_id, role=pc.Role.REVIEWER)
        request = request.respond(answer, by=by, at=ASKED_AT)
    release: bool = draw(st.booleans())
    if release and request.responses and request.withheld_reason is None:
        request = request.release(by=MANAGER, at=ASKED_AT)
    return request


# --- the cycle --------------------------------------------------------------------------


class _Clock:
    """Strictly later moments, a minute apart, from a given day of ``builders``."""

    def __init__(self, day: int) -> None:
        self.now = b.when(day)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@attrs.define
class _Ratings:
    """The appraisal as it is driven: the cycle, and what the employee was last shown."""

    cycle: pc.Cycle
    clock: _Clock
    released: Ratings = NO_RATINGS
    texts: set[str] = attrs.field(factory=set)

    def note_release(self) -> None:
        if self.cycle.ratings_released:
            self.released = ratings_of(self.cycle)

    def assess(self, values: list[int], tail: str) -> None:
        n = len(self.texts)
        goal_ratings = []
        for goal_id, value in zip(("g1", "g2", "g3"), values, strict=True):
            text = f"MGRBASIS{n}{goal_id}{tail}"
            self.texts.add(text)
            goal_ratings.append(
                pc.GoalRating(
                    goal_id=goal_id,
                    achievement=pc.Achievement.MET,
                    actual=ACTUALS[goal_id],
                    rating=pc.Rating(value=value, basis=pc.Basis(text=text)),
                )
            )
        assessment = pc.Assessment(
            source=pc.AssessmentSource.MANAGER, goal_ratings=tuple(goal_ratings)
        )
        reason = "Re-rated after the employee saw the ratings"
        self.cycle = self.cycle.submit_manager_assessment(
            assessment,
            by=MANAGER,
            at=self.clock(),
            reason=reason if self.cycle.ratings_ever_released else None,
        )

    def rate_competencies(self, values: list[int], tail: str) -> None:
        text = f"MGRCOMP{len(self.texts)}{tail}"
        self.texts.add(text)
        ratings = tuple(
            CompetencyRating(competency_id=c, level=level, basis=pc.Basis(text=text))
            for c, level in zip(("talk", "law"), values, strict=False)
        )
        assessment = CompetencyAssessment(
            person_id=EMPLOYEE.person_id,
            assessor_id=MANAGER.person_id,
            role=AssessorRole.MANAGER,
            ratings=ratings,
        )
        self.cycle = self.cycle.submit_competency_assessment(
            assessment, by=MANAGER, at=self.clock()
        )

    def step(self, op: str, values: list[int], tail: str) -> None:
        cycle = self.cycle
        if op == "assess" or cycle.manager_assessment is None:
            self.assess(values, tail)
        elif op == "competencies":
            self.rate_competencies(values, tail)
        elif op == "score":
            score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
            self.cycle = cycle.record_score(score, by=MANAGER, at=self.clock())
        elif op == "release" and not cycle.ratings_released:
            self.cycle = cycle.release_ratings(by=HR, at=self.clock())
        elif op == "discuss" and cycle.feedback is None:
            talk = pc.FeedbackDiscussion(
                held_on=self.clock().date(),
                summary="Went through it",
                gap_explanations=tuple(
                    pc.GapExplanation(goal_id=goal_id, text="Talked through the difference")
                    for goal_id in ("g1", "g2", "g3")
                ),
            )
            self.cycle = cycle.hold_feedback_discussion(talk, by=MANAGER, at=self.clock())
        self.note_release()


_OPS = st.sampled_from(["assess", "competencies", "score", "release", "discuss"])


@st.composite
def _rating_steps(draw: st.DrawFn, rated: _Ratings, most: int) -> None:
    for op in draw(st.lists(_OPS, min_size=1, max_size=most)):
        values = draw(st.lists(st.integers(1, 5), min_size=3, max_size=3))
        rated.step(op, values, draw(suffixes))


@st.composite
def _implementation(draw: st.DrawFn, cycle: pc.Cycle) -> tuple[pc.Cycle, dict[str, str]]:
    """Implementation with a 1:1 and random shared and private notes by both parties."""
    cycle = cycle.advance(by=MANAGER, at=b.when(5))
    base = pc.CheckIn(
        id="ci-base", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(30).date(), summary="1:1"
    )
    cycle = cycle.record_check_in(base, by=MANAGER, at=b.when(30))
    private: dict[str, str] = {}
    notes = draw(
        st.lists(
            st.tuples(st.sampled_from([EMPLOYEE, MANAGER]), st.sampled_from(list(pc.CheckInKind))),
            max_size=4,
        )
    )
    for number, (author, kind) in enumerate(notes):
        summary = f"{'PRIVNOTE' if not kind.is_shared else 'shared-'}{number}{draw(suffixes)}"
        note = pc.CheckIn(id=f"ci-{number}", kind=kind, held_on=b.when(30).date(), summary=summary)
        cycle = cycle.record_check_in(note, by=author, at=b.when(30))
        if not kind.is_shared:
            private[summary] = author.person_id
    return cycle, private


@st.composite
def _appraisal(draw: st.DrawFn, cycle: pc.Cycle, *, leave: bool) -> _Ratings:
    """Appraisal: self-assessment, ratings revised and released at random; ready to leave."""
    cycle = cycle.advance(by=MANAGER, at=b.when(40))
    clock = _Clock(40)
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=clock())
    rated = _Ratings(cycle=cycle, clock=clock)
    draw(_rating_steps(rated, 5))
    if draw(st.booleans()):
        rated.cycle = rated.cycle.submit_self_assessment(
            attrs.evolve(b.self_assessment(), comments="second thoughts"),
            by=EMPLOYEE,
            at=clock(),
            share=False,
        )
    if not leave and not draw(st.booleans()):
        return rated
    if rated.cycle.competency_assessment(AssessorRole.MANAGER) is None:
        rated.step("competencies", [3, 3, 3], "x")  # the appraisal ends with them rated
    rated.step("discuss", [3, 3, 3], "x")
    if not rated.cycle.ratings_released:
        rated.step("release", [3, 3, 3], "x")
    if draw(st.booleans()):
        rated.cycle = rated.cycle.acknowledge(by=EMPLOYEE, at=clock())
    else:  # disputed, resolved, and revised again: possibly a draft the employee never saw
        rated.cycle = rated.cycle.dispute(reason="Too low", by=EMPLOYEE, at=clock())
        rated.cycle = rated.cycle.resolve_dispute(
            outcome=pc.DisputeOutcome.UPHELD, reason="Heard", by=HR, at=clock()
        )
        draw(_rating_steps(rated, 3))
        if leave:  # the appraisal ends only once a re-rating is released and acknowledged
            rated.step("release", [3, 3, 3], "x")
            if rated.cycle.rerated:
                rated.cycle = rated.cycle.acknowledge(by=EMPLOYEE, at=clock())
    return rated


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A cycle at a random phase with random feedback; see :class:`World`."""
    phase = draw(st.sampled_from(PHASES))
    until = phase
    if phase == "cancelled":
        until = draw(st.sampled_from(PHASES[:4]))
    order = PHASES.index(until)
    cycle = b.goal_setting_ready()
    private: dict[str, str] = {}
    rated: _Ratings | None = None
    if order >= 1:
        cycle, private = draw(_implementation(cycle))
    if order >= 2:  # appraisal
        rated = draw(_appraisal(cycle, leave=order > 2))
        cycle = rated.cycle
    if order >= 3:  # improvement
        cycle = cycle.advance(by=MANAGER, at=b.when(48))
    if phase == "closed":
        cycle = cycle.close(by=MANAGER, at=b.when(61))
    if phase == "cancelled":
        cycle = cycle.cancel(reason="Left", by=HR, at=b.when(62))
    count = draw(st.integers(0, 3))
    requests = tuple(draw(feedback_requests(f"fr-{n}")) for n in range(count))
    return World(
        cycle=cycle,
        requests=requests,
        released=NO_RATINGS if rated is None else rated.released,
        rating_texts=frozenset() if rated is None else frozenset(rated.texts),
        private_notes=private,
    )


# --- policies ---------------------------------------------------------------------------

_ACCESS = st.sampled_from(list(Access))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """The default table with a ``coach`` role and random changes to the cells that may change.

    Changes a fixed cell would refuse (and ``own`` where it means nothing) are skipped.
    """
    policy = DEFAULT_VISIBILITY
    grant = draw(st.dictionaries(st.sampled_from(list(Part)), _ACCESS))
    for part, access in grant.items():
        try:
            policy = policy.granting("coach", {**_cells(policy, "coach"), part: access})
        except pc.ValidationError:
            continue
    if "coach" not in policy.audiences:
        policy = policy.granting("coach", {})
    audiences = st.sampled_from([*BUILT_IN_AUDIENCES, "coach"])
    for part, audience, access in draw(
        st.lists(st.tuples(st.sampled_from(list(Part)), audiences, _ACCESS), max_size=12)
    ):
        try:
            policy = policy.with_access(part, audience, access)
        except pc.ValidationError:
            continue
    return policy


def _cells(policy: Policy, audience: str) -> dict[Part, Access]:
    if audience not in policy.audiences:
        return {}
    return {part: policy.access(part, audience) for part in Part}
