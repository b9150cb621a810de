"""Who sees which feedback notes: giver, recipient and audience; HR only if the policy says."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from perfcore.feedback import FeedbackNote, NoteAudience, NoteKind
from perfcore.visibility import NoteVisibility, visible_notes

AT = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)
PEOPLE = ("ann", "bo", "cy", "m-ada", "hr-1")


@st.composite
def notes(draw: st.DrawFn) -> FeedbackNote:
    giver = draw(st.sampled_from(PEOPLE))
    recipient = draw(st.sampled_from([p for p in PEOPLE if p != giver]))
    audience = draw(st.sampled_from(NoteAudience))
    managers = [p for p in PEOPLE if p != recipient]
    manager = draw(
        st.sampled_from(managers)
        if audience is NoteAudience.MANAGER
        else st.none() | st.sampled_from(managers)
    )
    return FeedbackNote(
        id=draw(st.sampled_from(["n-1", "n-2", "n-3"])),
        kind=draw(st.sampled_from(NoteKind)),
        actor=pc.Actor(person_id=giver, role=draw(st.sampled_from([pc.Role.EMPLOYEE, pc.Role.HR]))),
        at=AT,
        recipient_id=recipient,
        recipient_manager_id=manager,
        text="secret words",
        audience=audience,
    )


ROLES = st.sampled_from([pc.Role.EMPLOYEE, pc.Role.MANAGER, pc.Role.HR, pc.Role.REVIEWER])


@given(
    st.lists(notes(), max_size=6),
    st.sampled_from((*PEOPLE, "zed")),
    ROLES,
    st.booleans(),
    st.booleans(),
)
def test_a_viewer_sees_exactly_the_notes_the_rules_allow(
    given_notes: list[FeedbackNote], person: str, role: pc.Role, hr_all: bool, manager_private: bool
) -> None:
    actor = pc.Actor(person_id=person, role=role)
    policy = NoteVisibility(hr_sees_all=hr_all, manager_sees_private=manager_private)
    seen = visible_notes(given_notes, actor, policy=policy)
    for item in given_notes:
        allowed = (
            person in (item.giver_id, item.recipient_id)
            or item.audience is NoteAudience.PUBLIC
            or (role == pc.Role.HR and hr_all)
            or (
                item.recipient_manager_id == person
                and (item.audience is NoteAudience.MANAGER or manager_private)
            )
        )
        assert (item in seen) == allowed
    assert list(seen) == [n for n in given_notes if n in seen]


def test_by_default_hr_and_the_manager_do_not_see_private_notes() -> None:
    private = FeedbackNote(
        id="n-1",
        kind=NoteKind.FEEDBACK,
        actor=pc.Actor(person_id="ann", role=pc.Role.EMPLOYEE),
        at=AT,
        recipient_id="bo",
        recipient_manager_id="m-ada",
        text="Between us",
    )
    for viewer in (
        pc.Actor(person_id="hr-1", role=pc.Role.HR),
        pc.Actor(person_id="m-ada", role=pc.Role.MANAGER),
    ):
        assert visible_notes([private], viewer) == ()
    hr = pc.Actor(person_id="hr-1", role=pc.Role.HR)
    assert visible_notes([private], hr, policy=NoteVisibility(hr_sees_all=True)) == (private,)


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("n-1", pc.Actor(person_id="a", role=pc.Role.HR)), "notes"),
        (([], "a"), "actor"),
    ],
)
def test_bad_arguments_are_refused_by_name(args: tuple[object, object], path: str) -> None:
    with pytest.raises(pc.ValidationError) as info:
        visible_notes(*args)  # type: ignore[arg-type]
    assert info.value.paths == (path,)
    with pytest.raises(pc.ValidationError) as info:
        visible_notes([], pc.Actor(person_id="a", role=pc.Role.HR), policy={})  # type: ignore[arg-type]
    assert info.value.paths == ("policy",)
