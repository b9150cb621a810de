"""Side doors: nothing a viewer may not see reaches them another way.

One test group per way in (docs/visibility.md, "Side doors"): differencing
through scores and summaries, analytics records, app roles, records derived
from a verdict, the history, feedback in a cycle view, and private notes
probed through refusals and rows. Each is tried as an attacker would: two
outputs compared, a role swapped, an id guessed, a moment guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.analytics import cycle_rows, feedback_rating_records
from perfcore.cycle import events as e
from perfcore.feedback import (
    AnonymityAudit,
    FeedbackRating,
    FeedbackRequest,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
    feedback_score,
    summarise,
)
from perfcore.oversight import audit
from perfcore.visibility import (
    DEFAULT_VISIBILITY,
    EVENT_PARTS,
    Access,
    CycleView,
    Part,
    VisibilityPolicy,
    view_cycle,
    view_feedback,
)
from strategies import EMPLOYEE, HR, MANAGER
from visibility_strategies import World, worlds
from visibility_strategies import feedback_requests as drawn_requests

TEAMWORK = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
AT = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
UNIT = pc.RatingScale(minimum=0, maximum=1)


def _answer(person: str, value: int) -> FeedbackResponse:
    rating = pc.Rating(value=value, basis=pc.Basis(text="worked together"))
    return FeedbackResponse(
        reviewer_id=person, ratings=(FeedbackRating(topic=TEAMWORK, rating=rating),)
    )


def _reviewer(person: str) -> pc.Actor:
    return pc.Actor(person_id=person, role=pc.Role.REVIEWER)


def _anonymous(reviewers: tuple[Reviewer, ...], *, minimum: int = 3) -> FeedbackRequest:
    return FeedbackRequest.open(
        request_id="fr-1",
        subject_id=EMPLOYEE.person_id,
        manager_id=MANAGER.person_id,
        reviewers=reviewers,
        topics=(TEAMWORK,),
        scale=pc.RatingScale(),
        anonymous=True,
        minimum_responses=minimum,
        expires_on=dt.date(2026, 12, 31),
        cycle_id="c1",
        by=MANAGER,
        at=AT,
    )


# --- 1. differencing through summaries and scores ------------------------------------------


@given(
    values=st.lists(st.integers(1, 5), min_size=3, max_size=6),
    release_after=st.integers(0, 6),
)
def test_no_two_summaries_or_scores_a_viewer_sees_differ(
    values: list[int], release_after: int
) -> None:
    """Every state of an anonymous request, before and after release, as the reviewee,
    the manager and a score see it: at most one summary and one score ever show, the
    final one, so no two can be compared to give an answer away."""
    peers = tuple(
        Reviewer(person_id=f"p{n}", relation=ReviewerRelation.PEER) for n in range(len(values))
    )
    request = _anonymous(peers)
    states = [request]
    for number, (reviewer, value) in enumerate(zip(peers, values, strict=True), start=1):
        request = request.respond(
            _answer(reviewer.person_id, value), by=_reviewer(reviewer.person_id), at=AT
        )
        states.append(request)
        if number >= release_after and request.withheld_reason is None:
            request = request.release(by=MANAGER, at=AT)
            states.append(request)
            break
    for viewer in (EMPLOYEE, MANAGER):
        seen = {
            view.summary.topics
            for state in states
            if (view := view_feedback(state, viewer)).summary is not None
        }
        assert len(seen) <= 1, viewer
    scores = {feedback_score([state], scale=UNIT).value for state in states} - {None}
    assert len(scores) <= 1
    if scores:  # and the one score is the released request's, final
        assert request.released
        assert scores == {feedback_score([request], scale=UNIT).value}


def test_a_released_anonymous_request_takes_no_later_answer() -> None:
    """The one door differencing would need: a fourth answer after the third's release."""
    peers = tuple(Reviewer(person_id=p, relation=ReviewerRelation.PEER) for p in "abcd")
    request = _anonymous(peers)
    for person, value in zip("abc", (3, 4, 5), strict=True):
        request = request.respond(_answer(person, value), by=_reviewer(person), at=AT)
    request = request.release(by=MANAGER, at=AT)
    with pytest.raises(pc.ValidationError, match="released"):
        request.respond(_answer("d", 1), by=_reviewer("d"), at=AT)


# --- 2. analytics records ------------------------------------------------------------------


@given(
    st.lists(st.integers(0, 9999), min_size=1, max_size=4, unique=True).flatmap(
        lambda ids: st.tuples(*(drawn_requests(f"fr-{n}") for n in ids))
    )
)
def test_feedback_records_carry_no_more_than_the_released_summary(
    requests: tuple[FeedbackRequest, ...],
) -> None:
    every = feedback_rating_records(requests)
    ordered = sorted(requests, key=lambda r: r.id)
    assert every == [record for r in ordered for record in feedback_rating_records([r])]
    for request in requests:
        records = feedback_rating_records([request])
        if not request.released:
            assert records == []
            continue
        if not request.anonymous:
            continue
        names = {x.person_id for x in request.reviewers}
        assert not any(r.rater_id in names for r in records)
        assert all(r.rater_id.startswith(f"anonymous:{request.id}") for r in records)
        summary = summarise(request)
        if summary is None:
            assert records == []
            continue
        means = {(str(t.topic), t.mean) for t in summary.topics}
        means |= {(str(t.topic), t.mean) for g in summary.by_relation for t in g.topics}
        assert {(r.dimension, r.value) for r in records} <= means
        assert not {r.dimension for r in records} & {str(t) for t in summary.withheld_topics}
        shown_relations = {g.relation.value for g in summary.by_relation}
        assert {r.rater_role for r in records} <= shown_relations | {"anonymous"}


# --- 3. app roles never open a fixed cell to the reviewee or their manager -------------------

APP_ROLES = ("coach", "auditor", "skip_manager", "hr_partner")


def _everything_for(role: str) -> VisibilityPolicy:
    """A policy granting ``role`` every part it may be granted (own private notes)."""
    access = dict.fromkeys(Part, Access.VISIBLE)
    access[Part.PRIVATE_NOTES] = Access.OWN
    return DEFAULT_VISIBILITY.granting(role, access)


def _same_but_viewer(one: CycleView, other: CycleView) -> bool:
    return attrs.evolve(one, viewer=other.viewer) == other


@pytest.mark.parametrize(
    ("role", "person", "built_in"),
    [
        (role, person, built_in)
        for role in APP_ROLES
        for person, built_in in (("emp", EMPLOYEE), ("mgr", MANAGER))
    ],
)
def test_under_an_app_role_the_reviewee_and_manager_see_no_more(
    role: str, person: str, built_in: pc.Actor
) -> None:
    from visibility_world import world  # noqa: PLC0415 - the fixed world of the policy tests

    policy = _everything_for(role)
    for phase in ("implementation", "appraisal", "improvement"):
        w = world(phase)
        acting = pc.Actor(person_id=person, role=pc.Role(name=role))
        as_role = view_cycle(
            w.cycle, acting, feedback=w.requests, findings=w.findings, policy=policy
        )
        as_self = view_cycle(
            w.cycle, built_in, feedback=w.requests, findings=w.findings, policy=policy
        )
        assert _same_but_viewer(as_role, as_self), (role, person, phase)
        for request in w.requests:
            seen = view_feedback(request, acting, policy=policy)
            if request.anonymous:
                assert (seen.reviewers, seen.responses, seen.declined_ids) == ((), (), ())
            assert seen == view_feedback(request, built_in, policy=policy)


@pytest.mark.parametrize("role", APP_ROLES)
def test_no_app_role_reads_single_anonymous_answers(role: str) -> None:
    """Not even one granted them, nor whoever asked: reading them is HR's audit."""
    asker = pc.Actor(person_id="kim", role=pc.Role(name=role))
    peers = tuple(Reviewer(person_id=p, relation=ReviewerRelation.PEER) for p in "abc")
    request = attrs.evolve(_anonymous(peers), requested_by=asker)
    for person, value in zip("abc", (3, 4, 5), strict=True):
        request = request.respond(_answer(person, value), by=_reviewer(person), at=AT)
    for viewer in (asker, pc.Actor(person_id="lee", role=pc.Role(name=role))):
        seen = view_feedback(request, viewer, policy=_everything_for(role))
        assert (seen.reviewers, seen.responses, seen.summary) == ((), (), None)
        assert {Part.ANONYMOUS_ANSWERS, Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE} <= set(seen.hidden)
        with pytest.raises(pc.ValidationError, match="HR role"):
            AnonymityAudit(by=viewer, at=AT, reason="Curious")


def test_hr_reads_single_anonymous_answers_only_under_an_audit_of_their_own() -> None:
    peers = tuple(Reviewer(person_id=p, relation=ReviewerRelation.PEER) for p in "abc")
    request = _anonymous(peers)
    for person, value in zip("abc", (3, 4, 5), strict=True):
        request = request.respond(_answer(person, value), by=_reviewer(person), at=AT)
    plain = view_feedback(request, HR)
    assert (plain.responses, plain.summary, plain.audit) == ((), None, None)
    assert {Part.ANONYMOUS_ANSWERS, Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE} <= set(plain.hidden)
    audit = AnonymityAudit(by=HR, at=AT, reason="Complaint 2026-14")
    audited = view_feedback(request, HR, audit=audit)
    assert [r.reviewer_id for r in audited.responses] == ["a", "b", "c"]
    assert audited.audit == audit  # the view says under which audit it was read
    other = AnonymityAudit(by=pc.Actor(person_id="hr-2", role=pc.Role.HR), at=AT, reason="x")
    with pytest.raises(pc.ValidationError) as refused:
        view_feedback(request, HR, audit=other)
    assert refused.value.paths == ("audit.by",)


# --- 4. records derived from a verdict ---------------------------------------------------------


def _rated_unmet_in_draft() -> pc.Cycle:
    """Appraisal: g1 rated partly met, analysed, an action added; nothing released."""
    cycle = b.appraisal_entered()
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(42))
    cycle = cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(43))
    return cycle.add_improvement_action(b.action(), by=MANAGER, at=b.when(43))


def test_a_cause_or_action_on_a_draft_verdict_waits_for_the_release() -> None:
    cycle = _rated_unmet_in_draft()
    before = view_cycle(cycle, EMPLOYEE)
    assert (before.root_causes, before.actions, before.manager_assessment) == ((), (), None)
    assert before.draft_improvement_plan(on=b.when(43).date()).actions == ()
    assert view_cycle(cycle, MANAGER).root_causes == (b.cause(),)
    cycle = cycle.release_ratings(by=MANAGER, at=b.when(44))
    after = view_cycle(cycle, EMPLOYEE)
    assert (after.root_causes, after.actions) == ((b.cause(),), (b.action(),))


def test_a_re_rating_in_draft_shows_its_causes_only_once_released() -> None:
    cycle = _rated_unmet_in_draft().release_ratings(by=MANAGER, at=b.when(44))
    worse = b.manager_assessment()
    worse = attrs.evolve(
        worse,
        goal_ratings=(*worse.goal_ratings[:2], b.rating("g3", pc.Achievement.NOT_MET, 1)),
    )
    cycle = cycle.submit_manager_assessment(
        worse, by=MANAGER, at=b.when(45), reason="Second look at g3"
    )
    second = pc.RootCause(
        id="rc2", goal_id="g3", category=pc.CauseCategory.RESOURCES, description="No budget"
    )
    cycle = cycle.record_root_cause(second, by=MANAGER, at=b.when(45))
    seen = view_cycle(cycle, EMPLOYEE)
    assert seen.root_causes == (b.cause(),)  # g3's verdict is still a draft
    assert seen.manager_assessment is not None
    unmet = [g.goal_id for g in seen.manager_assessment.goal_ratings if g.achievement.is_unmet]
    assert unmet == ["g1"]
    drafted = seen.draft_improvement_plan(on=b.when(45).date())
    assert {i for a in drafted.actions for i in a.cause_ids} <= {"rc1"}
    assert view_cycle(cycle, MANAGER).root_causes == (b.cause(), second)


def test_practices_to_share_follow_the_ratings_the_viewer_sees() -> None:
    cycle = _rated_unmet_in_draft()
    assert cycle.practices_to_share() != ()  # g2 exceeded, in a draft
    assert view_cycle(cycle, EMPLOYEE).practices_to_share() == ()
    assert view_cycle(cycle, MANAGER).practices_to_share() == cycle.practices_to_share()


_APPRAISAL_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["rate", "cause", "action", "release"]),
        st.sampled_from(list(pc.Achievement)),
        st.integers(1, 5),
    ),
    min_size=1,
    max_size=12,
)


def _appraisal_step(cycle: pc.Cycle, step: tuple[str, pc.Achievement, int], n: int) -> pc.Cycle:
    op, achievement, value = step
    at = b.when(41) + dt.timedelta(minutes=n)
    if op == "rate":
        ratings = (b.rating("g1", achievement, value), *b.manager_assessment().goal_ratings[1:])
        assessment = attrs.evolve(b.manager_assessment(), goal_ratings=ratings)
        return cycle.submit_manager_assessment(assessment, by=MANAGER, at=at, reason="Again")
    if op == "cause":
        cause = pc.RootCause(
            id=f"rc{n}", goal_id="g1", category=pc.CauseCategory.KNOWLEDGE, description="Why"
        )
        return cycle.record_root_cause(cause, by=MANAGER, at=at)
    if op == "action":
        causes = tuple(c.id for c in cycle.root_causes[-1:])
        return cycle.add_improvement_action(
            b.action(id=f"a{n}", cause_ids=causes), by=MANAGER, at=at
        )
    return cycle.release_ratings(by=MANAGER, at=at)


@given(_APPRAISAL_STEPS)
def test_the_employee_sees_nothing_change_while_the_manager_drafts(
    steps: list[tuple[str, pc.Achievement, int]],
) -> None:
    """Two successive views of the employee differ only once something is released.

    Ratings, causes and actions the manager records on a draft leave the
    employee's view exactly as it was; and what they were once shown stays.
    """
    cycle = b.appraisal_entered()
    before = view_cycle(cycle, EMPLOYEE)
    for n, step in enumerate(steps):
        try:
            cycle = _appraisal_step(cycle, step, n)
        except pc.PerfcoreError:
            continue
        after = view_cycle(cycle, EMPLOYEE)
        if not cycle.ratings_released:
            assert after == before, step
        assert set(before.root_causes) <= set(after.root_causes)
        assert set(before.actions) <= set(after.actions)
        before = after


@given(worlds())
def test_which_events_release_or_draft_the_ratings_is_what_replay_does(world: World) -> None:
    """The one list of releasing and drafting events agrees with the state, step by step;
    and the cycle as last released is the state just before the last release ended."""
    events = world.cycle.events
    released, last_released = False, None
    for count in range(1, len(events) + 1):
        state = pc.Cycle.replay(events[:count], verify=False)
        event = events[count - 1]
        if isinstance(event, e.RATING_RELEASES):
            released = True
        elif e.makes_ratings_draft(event):
            if released:
                last_released = pc.Cycle.replay(events[: count - 1], verify=False)
            released = False
        assert state.ratings_released is released, event
    expected = world.cycle if world.cycle.ratings_released else last_released
    assert world.cycle.as_last_released() == expected


@given(worlds())
def test_every_cause_an_employee_sees_is_on_a_verdict_they_see(world: World) -> None:
    view = view_cycle(world.cycle, EMPLOYEE)
    unmet = set()
    if view.manager_assessment is not None:
        unmet = {r.goal_id for r in view.manager_assessment.goal_ratings if r.achievement.is_unmet}
    assert {cause.goal_id for cause in view.root_causes} <= unmet
    causes = {cause.id for cause in view.root_causes}
    carried = world.cycle.events[0]
    assert isinstance(carried, e.CycleStarted)
    for action in view.actions:
        assert set(action.cause_ids) <= causes or action in carried.carried_actions


# --- 5. the history never holds what `hidden` names --------------------------------------------


def test_every_event_type_records_a_part() -> None:
    assert set(EVENT_PARTS) == set(e.EVENT_TYPES)


def test_hr_never_reads_a_draft_self_assessment_in_the_history() -> None:
    cycle = b.appraisal_entered().submit_self_assessment(
        b.self_assessment(), by=EMPLOYEE, at=b.when(41), share=False
    )
    view = view_cycle(cycle, HR)
    assert Part.SELF_ASSESSMENT_DRAFT in view.hidden
    assert not any(isinstance(event, e.SelfAssessmentSubmitted) for event in view.events)
    shared = view_cycle(cycle.share_self_assessment(by=EMPLOYEE, at=b.when(42)), HR)
    assert any(isinstance(event, e.SelfAssessmentShared) for event in shared.events)


def test_a_policy_hiding_drafts_from_hr_hides_them_in_the_history_too() -> None:
    policy = DEFAULT_VISIBILITY.with_access(Part.AUDIT_FINDINGS, "hr", Access.HIDDEN).with_access(
        Part.DRAFT_RATINGS, "hr", Access.HIDDEN
    )
    cycle = _rated_unmet_in_draft()
    kinds = {type(event) for event in view_cycle(cycle, HR, policy=policy).events}
    assert not kinds & {e.ManagerAssessmentSubmitted, e.RootCauseRecorded, e.ImprovementActionAdded}
    released = view_cycle(cycle.release_ratings(by=MANAGER, at=b.when(44)), HR, policy=policy)
    kinds = {type(event) for event in released.events}
    assert {e.ManagerAssessmentSubmitted, e.RootCauseRecorded, e.RatingsReleased} <= kinds


def test_a_draft_replaced_before_the_release_never_shows() -> None:
    policy = DEFAULT_VISIBILITY.with_access(Part.AUDIT_FINDINGS, "hr", Access.HIDDEN).with_access(
        Part.DRAFT_RATINGS, "hr", Access.HIDDEN
    )
    cycle = b.appraisal_entered()
    cycle = cycle.submit_manager_assessment(b.manager_assessment(), by=MANAGER, at=b.when(41))
    better = b.manager_assessment(sales=pc.Achievement.MET)
    cycle = cycle.submit_manager_assessment(better, by=MANAGER, at=b.when(42))
    cycle = cycle.release_ratings(by=MANAGER, at=b.when(43))
    shown = [
        event.assessment
        for event in view_cycle(cycle, HR, policy=policy).events
        if isinstance(event, e.ManagerAssessmentSubmitted)
    ]
    assert shown == [better]


# --- 6. feedback in a cycle view ---------------------------------------------------------------


@given(worlds())
def test_a_reviewer_sees_only_the_requests_they_were_asked_on(world: World) -> None:
    for request in world.requests:
        for reviewer in request.reviewers:
            actor = _reviewer(reviewer.person_id)
            view = view_cycle(world.cycle, actor, feedback=world.requests)
            for seen in view.feedback:
                asked = next(q for q in world.requests if q.id == seen.request_id)
                assert reviewer.person_id in {r.person_id for r in asked.reviewers}


# --- 7. private notes probed ------------------------------------------------------------------

NOTE_IDS = ("n1", "n2", "ci1")


def _note(note_id: str, day: int) -> pc.CheckIn:
    return pc.CheckIn(
        id=note_id,
        kind=pc.CheckInKind.PRIVATE_NOTE,
        held_on=b.when(day).date(),
        summary="PRIVNOTE only mine",
    )


def _observed_by_manager(cycle: pc.Cycle, command: tuple[str, int]) -> object:
    """Everything the manager (and HR) can observe, and the outcome of one of their commands."""
    check_in_id, minutes = command
    at = cycle.last_event_at + dt.timedelta(minutes=minutes)
    shared = pc.CheckIn(
        id=check_in_id,
        kind=pc.CheckInKind.ONE_ON_ONE,
        held_on=at.date(),
        summary="Pipeline",
    )
    try:
        after = cycle.record_check_in(shared, by=MANAGER, at=at)
        outcome: object = view_cycle(after, MANAGER)
    except pc.PerfcoreError as refused:
        outcome = (type(refused), str(refused))
    row = cycle_rows([cycle])[0]
    report = audit([cycle], as_of=cycle.last_event_at + dt.timedelta(days=40))
    return (
        view_cycle(cycle, MANAGER),
        view_cycle(cycle, HR),
        row,
        cycle.blockers(),
        report.findings,
        outcome,
    )


@given(
    note_id=st.sampled_from(NOTE_IDS[:2]),  # ci1 is shared, so its id is known to the employee
    note_days=st.integers(30, 120),
    command=st.tuples(st.sampled_from(NOTE_IDS), st.integers(-90, 90)),
)
def test_a_private_note_changes_nothing_anyone_else_can_observe(
    note_id: str, note_days: int, command: tuple[str, int]
) -> None:
    """With and without the employee's private note (any id, any later moment), the
    manager and HR see the same views, rows, blockers and findings, and the manager's
    next command gets the same answer: no refusal, message or count gives it away."""
    cycle = b.implementation_ready()
    noted = cycle.record_check_in(_note(note_id, 30), by=EMPLOYEE, at=b.when(note_days))
    assert _observed_by_manager(noted, command) == _observed_by_manager(cycle, command)


def test_a_private_note_keeps_its_id_to_its_author() -> None:
    cycle = b.implementation_ready().record_check_in(_note("n1", 31), by=EMPLOYEE, at=b.when(31))
    shared = pc.CheckIn(
        id="n1", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(32).date(), summary="1:1"
    )
    cycle = cycle.record_check_in(shared, by=MANAGER, at=b.when(32))
    assert [c.summary for c in view_cycle(cycle, MANAGER).check_ins] == ["ok", "1:1"]
    assert [c.summary for c in view_cycle(cycle, EMPLOYEE).check_ins] == [
        "ok",
        "PRIVNOTE only mine",
        "1:1",
    ]
    with pytest.raises(pc.ValidationError, match="'n1' already exists"):  # the author knows
        cycle.record_check_in(_note("n1", 33), by=EMPLOYEE, at=b.when(33))
    assert pc.Cycle.replay(cycle.events) == cycle


def test_a_private_note_sets_no_clock() -> None:
    late = b.implementation_ready().record_check_in(_note("n1", 31), by=EMPLOYEE, at=b.when(90))
    assert late.last_event_at == b.when(30)
    earlier = pc.CheckIn(
        id="c2", kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(31).date(), summary="1:1"
    )
    cycle = late.record_check_in(earlier, by=MANAGER, at=b.when(31))
    assert pc.Cycle.replay(cycle.events) == cycle
    with pytest.raises(pc.ValidationError) as refused:
        cycle.record_check_in(earlier, by=MANAGER, at=b.when(29))
    assert b.when(90).isoformat() not in str(refused.value)


@given(worlds())
def test_no_refusal_names_a_private_note(world: World) -> None:
    """Commands the manager might try, each refused or not; no message names a note."""
    notes = [
        event.check_in
        for event in world.cycle.events
        if isinstance(event, e.CheckInRecorded) and e.is_private(event) and event.actor != MANAGER
    ]
    secrets = {n.summary for n in notes} | {n.id for n in notes if n.id.startswith("PRIV")}
    moments = (world.cycle.last_event_at - dt.timedelta(hours=1), world.cycle.last_event_at)
    for check_in_id, at in itertools.product(("ci-0", "ci-1", "ci-2", "ci-3"), moments):
        shared = pc.CheckIn(
            id=check_in_id, kind=pc.CheckInKind.INFORMAL_NOTE, held_on=at.date(), summary="x"
        )
        try:
            world.cycle.record_check_in(shared, by=MANAGER, at=at)
        except pc.PerfcoreError as refused:
            message = str(refused)
            assert not any(secret in message for secret in secrets)
            for note in notes:
                event_at = next(
                    ev.at
                    for ev in world.cycle.events
                    if isinstance(ev, e.CheckInRecorded) and ev.check_in is note
                )
                assert event_at.isoformat() not in message or event_at == world.cycle.last_event_at
