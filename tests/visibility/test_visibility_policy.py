"""The visibility policy's validation and storage, and the views' bad input and outsiders."""

from __future__ import annotations

import functools
import json
from typing import Any

import attrs
import pytest

import builders as b
import perfcore as pc
from expect import rejects
from perfcore.feedback import FeedbackRequest
from perfcore.visibility import (
    BUILT_IN_AUDIENCES,
    DEFAULT_VISIBILITY,
    Access,
    Part,
    VisibilityPolicy,
    view_cycle,
    view_feedback,
    visibility_table,
)
from strategies import EMPLOYEE, HR, HR_SELF, MANAGER, STRANGER_EMPLOYEE, STRANGER_MANAGER
from visibility_world import COACH, POLICY, REVIEWER, world

_OWN_PARTS = {
    Part.PRIVATE_NOTES,
    Part.FEEDBACK_BEFORE_RELEASE,
    Part.FEEDBACK,
    Part.ANONYMOUS_ANSWERS,
}


def _table(**rows: object) -> dict[Any, Any]:
    """The default table as plain dicts, with rows replaced by name."""
    table: dict[Any, Any] = {part: dict(row) for part, row in DEFAULT_VISIBILITY.table.items()}
    for name, row in rows.items():
        table[Part(name)] = row
    return table


# --- the table's shape ------------------------------------------------------------------


def test_a_missing_row_is_named() -> None:
    table = _table()
    del table[Part.GOALS], table[Part.HISTORY]
    rejects(
        lambda: VisibilityPolicy(table=table),
        "VisibilityPolicy.table",
        "no row for: goals, history",
    )


def test_a_missing_cell_is_named() -> None:
    row = dict(DEFAULT_VISIBILITY.table[Part.WAIVERS])
    del row["hr"]
    rejects(
        lambda: VisibilityPolicy(table=_table(waivers=row)),
        "VisibilityPolicy.table[waivers]",
        "no cell for: hr",
    )


@pytest.mark.parametrize("bad", ["visible", True, None, 1])
def test_a_cell_must_be_an_access(bad: object) -> None:
    row = {**DEFAULT_VISIBILITY.table[Part.GOALS], "manager": bad}
    rejects(
        lambda: VisibilityPolicy(table=_table(goals=row)),
        "VisibilityPolicy.table[goals][manager]",
        "must be an Access",
    )


def test_the_table_must_be_a_mapping_of_parts_to_rows() -> None:
    rejects(lambda: VisibilityPolicy(table=[]), "VisibilityPolicy.table", "must map each Part")
    table = _table()
    table["goals"] = table.pop(Part.GOALS)
    with pytest.raises(pc.ValidationError) as info:
        VisibilityPolicy(table=table)
    assert [p.message for p in info.value.problems] == [
        "has no row for: goals",
        "'goals' is not a Part",
    ]
    rejects(
        lambda: VisibilityPolicy(table=_table(goals="yes")),
        "VisibilityPolicy.table[goals]",
        "must map audiences to Access",
    )
    row = {**DEFAULT_VISIBILITY.table[Part.GOALS], "not a name": Access.HIDDEN}
    rejects(
        lambda: VisibilityPolicy(table=_table(goals=row)),
        "VisibilityPolicy.table[goals]",
        "audience 'not a name' is not a name",
    )


def test_every_bad_cell_is_reported_at_once() -> None:
    goals = {**DEFAULT_VISIBILITY.table[Part.GOALS], "hr": Access.OWN}
    history = {**DEFAULT_VISIBILITY.table[Part.HISTORY], "employee": Access.VISIBLE}
    with pytest.raises(pc.ValidationError) as info:
        VisibilityPolicy(table=_table(goals=goals, history=history))
    assert info.value.paths == (
        "VisibilityPolicy.table[goals][hr]",
        "VisibilityPolicy.table[history][employee]",
    )


@pytest.mark.parametrize("part", [p for p in Part if p not in _OWN_PARTS])
def test_own_applies_only_to_parts_with_an_author(part: Part) -> None:
    rejects(
        lambda: DEFAULT_VISIBILITY.with_access(part, "hr", Access.OWN),
        f"VisibilityPolicy.table[{part.value}][hr]",
        "'own' applies only to parts with an author",
    )


@pytest.mark.parametrize("part", [p for p in Part if p in _OWN_PARTS])
def test_own_is_allowed_where_items_have_an_author(part: Part) -> None:
    # HR watches the anonymous summary before release only while it may read the answers.
    base = DEFAULT_VISIBILITY.with_access(
        Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, "hr", Access.HIDDEN
    )
    assert base.with_access(part, "hr", Access.OWN).access(part, "hr") is Access.OWN


# --- the domain's fixed cells -------------------------------------------------------------

FIXED = [
    (Part.ANONYMOUS_ANSWERS, "employee", "never sees an anonymous reviewer"),
    (Part.ANONYMOUS_ANSWERS, "manager", "never sees an anonymous reviewer"),
    (Part.DRAFT_RATINGS, "employee", "only once released"),
    (Part.HISTORY, "employee", "holds the manager's drafts"),
    (Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, "employee", "only once released"),
    (Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, "manager", "answers in between away"),
    (Part.FEEDBACK_BEFORE_RELEASE, "employee", "only once released"),
    *((Part.PRIVATE_NOTES, a, "nobody but its author") for a in (*BUILT_IN_AUDIENCES, "coach")),
]
"""Every cell no policy may open, and a phrase of the rule it keeps."""


def _openings(part: Part) -> list[Access]:
    opening = [Access.VISIBLE, Access.OWN] if part in _OWN_PARTS else [Access.VISIBLE]
    return [a for a in opening if not (part is Part.PRIVATE_NOTES and a is Access.OWN)]


@pytest.mark.parametrize(("part", "audience", "rule"), FIXED, ids=lambda x: getattr(x, "value", x))
def test_a_fixed_cell_refuses_to_open(part: Part, audience: str, rule: str) -> None:
    path = f"VisibilityPolicy.table[{part.value}][{audience}]"
    for access in _openings(part):
        data = DEFAULT_VISIBILITY.to_data()
        data[part.value][audience] = access.value
        builds = [
            functools.partial(DEFAULT_VISIBILITY.with_access, part, audience, access),
            functools.partial(VisibilityPolicy.from_data, data),
        ]
        if audience not in BUILT_IN_AUDIENCES or part is Part.PRIVATE_NOTES:
            builds.append(functools.partial(DEFAULT_VISIBILITY.granting, audience, {part: access}))
        for build in builds:
            error = rejects(build, path, rule)
            assert f"cannot be {access.value}" in error.problems[0].message


@pytest.mark.parametrize(("part", "audience", "rule"), FIXED, ids=lambda x: getattr(x, "value", x))
def test_a_fixed_cell_may_stay_closed(part: Part, audience: str, rule: str) -> None:
    del rule
    assert (
        DEFAULT_VISIBILITY.with_access(part, audience, Access.HIDDEN).access(part, audience)
        is Access.HIDDEN
    )


def test_only_fixed_cells_refuse_to_open() -> None:
    """Every other cell of the default table may be opened (with 'own' where it applies)."""
    fixed = {(part, audience) for part, audience, _ in FIXED}
    for part in Part:
        for audience in BUILT_IN_AUDIENCES:
            if (part, audience) in fixed:
                continue
            access = Access.OWN if part is Part.PRIVATE_NOTES else Access.VISIBLE
            base = DEFAULT_VISIBILITY
            if part is Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE:  # only beside the answers
                base = base.with_access(Part.ANONYMOUS_ANSWERS, audience, Access.VISIBLE)
            if part is Part.AUDIT_FINDINGS:  # only beside all an audit reads
                if (Part.DRAFT_RATINGS, audience) in fixed:
                    continue
                for needed in AUDITED_PARTS:
                    base = base.with_access(needed, audience, Access.VISIBLE)
            assert base.with_access(part, audience, access).access(part, audience) is access


AUDITED_PARTS = (
    Part.GOALS,
    Part.CHECK_IN_NOTES,
    Part.SELF_ASSESSMENT,
    Part.DRAFT_RATINGS,
    Part.FEEDBACK_DISCUSSION,
    Part.ROOT_CAUSES,
    Part.IMPROVEMENT_PLAN,
    Part.WAIVERS,
)
"""What an audit reads: its findings are shown only beside all of it."""


@pytest.mark.parametrize("hidden", AUDITED_PARTS, ids=lambda p: p.value)
def test_findings_are_only_for_who_sees_all_an_audit_reads(hidden: Part) -> None:
    """A finding worked out from a draft rating would tell the draft to who may not see it."""
    with pytest.raises(pc.ValidationError) as refused:
        DEFAULT_VISIBILITY.with_access(hidden, "hr", Access.HIDDEN)
    assert refused.value.problems[0].path == "VisibilityPolicy.table[audit_findings][hr]"
    assert hidden.value in refused.value.problems[0].message
    without = DEFAULT_VISIBILITY.with_access(Part.AUDIT_FINDINGS, "hr", Access.HIDDEN)
    assert without.with_access(hidden, "hr", Access.HIDDEN).access(hidden, "hr") is Access.HIDDEN
    with pytest.raises(pc.ValidationError, match="an audit reads them"):
        DEFAULT_VISIBILITY.with_access(Part.AUDIT_FINDINGS, "employee", Access.VISIBLE)


@pytest.mark.parametrize("audience", ["hr", "reviewer", "coach"])
def test_a_summary_before_release_is_only_for_who_may_read_the_answers(audience: str) -> None:
    """Two summaries a few answers apart would give the answers in between away."""
    policy = DEFAULT_VISIBILITY.granting("coach", {})
    hidden_answers = policy.with_access(
        Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, audience, Access.HIDDEN
    ).with_access(Part.ANONYMOUS_ANSWERS, audience, Access.HIDDEN)
    with pytest.raises(pc.ValidationError) as refused:
        hidden_answers.with_access(Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, audience, Access.VISIBLE)
    assert refused.value.problems[0].path == (
        f"VisibilityPolicy.table[anonymous_summary_before_release][{audience}]"
    )
    assert "answers in between" in refused.value.problems[0].message
    with pytest.raises(pc.ValidationError, match="answers in between"):
        policy.with_access(Part.ANONYMOUS_ANSWERS, "hr", Access.HIDDEN)


def test_an_app_role_outside_the_built_in_names_may_see_anonymous_answers() -> None:
    """The fixed cells bind the built-in audiences; HR-like roles are an app's choice."""
    auditor = DEFAULT_VISIBILITY.granting("auditor", {Part.ANONYMOUS_ANSWERS: Access.VISIBLE})
    assert auditor.access(Part.ANONYMOUS_ANSWERS, "auditor") is Access.VISIBLE


# --- access, with_access, granting -------------------------------------------------------


def test_access_reads_one_cell_and_unknown_audiences_see_nothing() -> None:
    assert DEFAULT_VISIBILITY.access(Part.GOALS, "hr") is Access.VISIBLE
    assert DEFAULT_VISIBILITY.access(Part.GOALS, "coach") is Access.HIDDEN
    assert DEFAULT_VISIBILITY.audiences == BUILT_IN_AUDIENCES
    assert POLICY.audiences == (*BUILT_IN_AUDIENCES, "coach")


def test_with_access_and_granting_leave_the_original_alone() -> None:
    changed = DEFAULT_VISIBILITY.with_access(Part.HISTORY, "hr", Access.HIDDEN)
    assert changed.access(Part.HISTORY, "hr") is Access.HIDDEN
    assert DEFAULT_VISIBILITY.access(Part.HISTORY, "hr") is Access.VISIBLE
    assert changed != DEFAULT_VISIBILITY
    assert DEFAULT_VISIBILITY.with_access(Part.HISTORY, "hr", Access.VISIBLE) == DEFAULT_VISIBILITY
    assert "coach" not in DEFAULT_VISIBILITY.audiences
    assert all(
        POLICY.access(part, "coach") is Access.HIDDEN for part in (Part.HISTORY, Part.WAIVERS)
    )


def test_the_policy_is_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_VISIBILITY.table[Part.GOALS]["reviewer"] = Access.VISIBLE  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DEFAULT_VISIBILITY.table = {}  # type: ignore[misc]
    assert DEFAULT_VISIBILITY.access(Part.GOALS, "reviewer") is Access.HIDDEN


def test_bad_arguments_are_named() -> None:
    policy: Any = DEFAULT_VISIBILITY
    rejects(lambda: policy.access("goals", "hr"), "part", "must be a Part")
    rejects(lambda: policy.access(Part.GOALS, ["hr"]), "audience", "must be an audience name")
    rejects(lambda: policy.with_access("goals", "hr", Access.HIDDEN), "part", "must be a Part")
    rejects(
        lambda: policy.with_access(Part.GOALS, ["hr"], Access.HIDDEN),
        "audience",
        "must be an audience name",
    )
    rejects(
        lambda: policy.with_access(Part.GOALS, "hr", "hidden"),
        "VisibilityPolicy.table[goals][hr]",
        "must be an Access",
    )
    rejects(lambda: policy.granting("coach", [Part.GOALS]), "access", "must map Part to Access")
    rejects(lambda: policy.granting("coach", {"goals": Access.VISIBLE}), "access", "is not a Part")
    rejects(lambda: policy.granting({"coach"}, {}), "audience", "must be an audience name")
    rejects(lambda: policy.granting("the coach", {}), "audience", "must be an audience name")
    rejects(
        lambda: policy.with_access(Part.GOALS, "2nd", Access.HIDDEN),
        "audience",
        "must be an audience name",
    )
    rejects(lambda: visibility_table(policy.to_data()), "policy", "must be a VisibilityPolicy")


# --- storing a policy -------------------------------------------------------------------


@pytest.mark.parametrize("policy", [DEFAULT_VISIBILITY, POLICY], ids=["default", "coach"])
def test_to_data_and_from_data_round_trip_through_json(policy: VisibilityPolicy) -> None:
    data = json.loads(json.dumps(policy.to_data()))
    assert data == policy.to_data()
    again = VisibilityPolicy.from_data(data)
    assert again == policy
    assert hash(again) == hash(policy)
    assert visibility_table(again) == visibility_table(policy)
    assert list(data) == [part.value for part in Part]


def test_from_data_names_every_bad_entry() -> None:
    rejects(lambda: VisibilityPolicy.from_data([]), "$", "must be an object")
    data: dict[str, Any] = DEFAULT_VISIBILITY.to_data()
    data["nope"] = {}
    data["goals"] = "yes"
    data["history"]["hr"] = "maybe"
    data["waivers"]["hr"] = ["visible"]
    with pytest.raises(pc.ValidationError) as info:
        VisibilityPolicy.from_data(data)
    assert info.value.paths == ("$.goals", "$.waivers.hr", "$.history.hr", "$.nope")
    assert "must be one of visible, own, hidden" in info.value.problems[2].message
    data = DEFAULT_VISIBILITY.to_data()
    del data["goals"]
    rejects(lambda: VisibilityPolicy.from_data(data), "VisibilityPolicy.table", "no row for: goals")


# --- views: bad input -------------------------------------------------------------------


def _request(**changes: Any) -> FeedbackRequest:
    return attrs.evolve(world("appraisal").requests[0], **changes)


def test_view_cycle_names_bad_arguments() -> None:
    w = world("appraisal")
    cycle: Any = w.cycle
    rejects(lambda: view_cycle(cycle, "emp"), "actor", "must be an Actor")  # type: ignore[arg-type]
    rejects(lambda: view_cycle(cycle, HR, policy={}), "policy", "must be a VisibilityPolicy")  # type: ignore[arg-type]
    rejects(lambda: view_cycle(cycle.events, HR), "cycle", "must be a Cycle")
    rejects(
        lambda: view_cycle(cycle, HR, feedback="fr-1"),  # type: ignore[arg-type]
        "feedback",
        "collection of FeedbackRequest",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=3),  # type: ignore[arg-type]
        "feedback",
        "collection of FeedbackRequest",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=[w.requests[0], "x"]),  # type: ignore[list-item]
        "feedback[1]",
        "must be a FeedbackRequest",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=[w.requests[1], _request(cycle_id="c9")]),
        "feedback[1].cycle_id",
        "'c9', not this cycle 'c1'",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=[_request(cycle_id=None)]),
        "feedback[0].cycle_id",
        "None, not this cycle",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=[_request(subject_id="e-other")]),
        "feedback[0].subject_id",
        "not this cycle's employee 'emp'",
    )
    rejects(
        lambda: view_cycle(cycle, HR, feedback=[*w.requests, w.requests[2]]),
        "feedback",
        "repeats request\\(s\\): fr-anon-released",
    )
    rejects(
        lambda: view_cycle(cycle, HR, findings=None),  # type: ignore[arg-type]
        "findings",
        "collection of Finding",
    )
    rejects(
        lambda: view_cycle(cycle, HR, findings=[*w.findings, "x"]),  # type: ignore[list-item]
        "findings[2]",
        "must be a Finding",
    )
    rejects(
        lambda: view_cycle(cycle, HR, policy=DEFAULT_VISIBILITY.to_data()),  # type: ignore[arg-type]
        "policy",
        "must be a VisibilityPolicy",
    )


def test_view_feedback_names_bad_arguments() -> None:
    request: Any = world("goal_setting").requests[0]
    rejects(lambda: view_feedback(request.events, HR), "request", "must be a FeedbackRequest")
    nobody: Any = None
    rejects(lambda: view_feedback(request, nobody), "actor", "must be an Actor")
    rejects(
        lambda: view_feedback(request, HR, policy=nobody), "policy", "must be a VisibilityPolicy"
    )


def test_the_findings_of_other_cycles_are_left_out() -> None:
    w = world("appraisal")
    assert [f.message for f in view_cycle(w.cycle, HR, findings=w.findings).findings] == [
        "MARK-finding"
    ]


# --- views: who may look ----------------------------------------------------------------

OUTSIDERS = [
    STRANGER_EMPLOYEE,
    STRANGER_MANAGER,
    pc.Actor(person_id="mgr", role=pc.Role.EMPLOYEE),
    pc.Actor(person_id="emp", role=pc.Role.MANAGER),
    pc.Actor(person_id="rev-9", role=pc.Role.REVIEWER),
    pc.Actor(person_id="rev-1", role=pc.Role.EMPLOYEE),
    pc.Actor(person_id="aud-1", role=pc.Role(name="auditor")),
    pc.Actor(person_id="coach-1", role=pc.Role(name="coach")),  # not in the default policy
]


@pytest.mark.parametrize("outsider", OUTSIDERS, ids=str)
def test_outsiders_are_refused(outsider: pc.Actor) -> None:
    w = world("appraisal")
    with pytest.raises(pc.PermissionDenied, match="'c1' is not theirs"):
        view_cycle(w.cycle, outsider, feedback=w.requests, findings=w.findings)
    for request in w.requests:
        with pytest.raises(pc.PermissionDenied, match="is not theirs"):
            view_feedback(request, outsider)


def test_a_reviewer_sees_a_cycle_only_through_the_requests_passed() -> None:
    w = world("appraisal")
    assert view_cycle(w.cycle, REVIEWER, feedback=w.requests).audience == "reviewer"
    with pytest.raises(pc.PermissionDenied):
        view_cycle(w.cycle, REVIEWER)
    named_elsewhere = pc.Actor(person_id="rev-3", role=pc.Role.REVIEWER)  # only on fr-named-pending
    with pytest.raises(pc.PermissionDenied):
        view_feedback(w.requests[0], named_elsewhere)
    assert view_cycle(w.cycle, named_elsewhere, feedback=w.requests).audience == "reviewer"


def test_an_app_role_needs_its_column_and_never_sees_its_own_cycle_through_it() -> None:
    w = world("appraisal")
    assert view_cycle(w.cycle, COACH, policy=POLICY).audience == "coach"
    # Under an app's role, the employee still sees their own cycle as its employee.
    own_coach = pc.Actor(person_id="emp", role=pc.Role(name="coach"))
    assert view_cycle(w.cycle, own_coach, policy=POLICY).audience == "employee"


@pytest.mark.parametrize(
    ("actor", "audience"),
    [(HR_SELF, "employee"), (pc.Actor(person_id="mgr", role=pc.Role.HR), "manager"), (HR, "hr")],
    ids=str,
)
def test_hr_on_their_own_cycle_sees_it_as_who_they_are_in_it(
    actor: pc.Actor, audience: str
) -> None:
    w = world("improvement")
    seen = view_cycle(w.cycle, actor, feedback=w.requests, findings=w.findings)
    assert seen.audience == audience
    assert (
        seen.hidden
        == view_cycle(
            w.cycle,
            {"employee": EMPLOYEE, "manager": MANAGER, "hr": HR}[audience],
            feedback=w.requests,
            findings=w.findings,
        ).hidden
    )
    assert {view_feedback(r, actor).audience for r in w.requests} == {audience}
    if audience == "employee":
        assert seen.events == ()
        assert seen.findings == ()
        assert all(f.responses == () for f in seen.feedback if f.anonymous)


def test_hr_on_their_own_cycle_gets_the_employees_view_of_the_ratings() -> None:
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.manager_assessment(), by=MANAGER, at=b.when(41)
    )
    assert view_cycle(cycle, HR_SELF).manager_assessment is None
    assert view_cycle(cycle, HR).manager_assessment == b.manager_assessment()
    assert view_cycle(cycle, EMPLOYEE) == attrs.evolve(view_cycle(cycle, HR_SELF), viewer=EMPLOYEE)
