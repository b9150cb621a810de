"""Who sees what of a calibration session: participants the session, employees their result."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcore as pc
from calibration_builders import HR, OPENED, OTHER_HR, day, manager, opened, population
from perfcore.calibration import CalibrationSession
from perfcore.serialization import make_converter
from perfcore.visibility import view_calibrated_result, view_session

M1, M2 = manager("m-1"), manager("m-2")


def _closed() -> tuple[CalibrationSession, tuple[pc.Cycle, ...]]:
    session = opened().move("c-0", 3.2, reason="Late twice", by=M2, at=day(50.5))
    return session.close(population(), by=HR, at=day(51))


def test_participants_and_the_opener_see_the_whole_session() -> None:
    session, _ = _closed()
    for actor in (M1, M2, OTHER_HR, HR):
        seen = view_session(session, actor)
        assert len(seen.results) == 8
        assert [m.reason for m in seen.moves] == ["Late twice"]
        assert not seen.own_rating_hidden
    assert repr(view_session(session, M1)) == (
        "<SessionView cal-1 viewer=m-1 ratings=8 moves=1 closed=True>"
    )


@pytest.mark.parametrize(
    "actor",
    [
        manager("m-9"),
        pc.Actor(person_id="e-0", role=pc.Role.EMPLOYEE),
        pc.Actor(person_id="m-1", role=pc.Role.EMPLOYEE),
        pc.Actor(person_id="hr-3", role=pc.Role.HR),
        pc.Actor(person_id="m-1", role=pc.Role.REVIEWER),
    ],
)
def test_anyone_else_sees_nothing(actor: pc.Actor) -> None:
    with pytest.raises(pc.PermissionDenied):
        view_session(_closed()[0], actor)


def test_a_participant_who_is_calibrated_does_not_see_their_own_rating() -> None:
    session = CalibrationSession.open(
        session_id="cal-2", cycles=population(), participant_ids=("e-1", "m-1"), by=HR, at=OPENED
    ).move("c-1", 3.5, reason="Ran the migration", by=M1, at=day(51))
    seen = view_session(session, manager("e-1"))
    assert seen.own_rating_hidden
    assert "c-1" not in {r.cycle_id for r in seen.results}
    assert seen.moves == ()
    stored = make_converter().unstructure(seen)
    assert "Ran the migration" not in str(stored)
    assert "3.5" not in str(stored)


def test_an_employee_sees_their_calibrated_result_only_once_closed_and_released() -> None:
    session = opened().move("c-0", 3.2, reason="Late twice", by=M2, at=day(50.5))
    employee = pc.Actor(person_id="e-0", role=pc.Role.EMPLOYEE)
    assert not view_calibrated_result(session, population()[0], employee).shown
    closed, (written,) = session.close(population(), by=HR, at=day(51))
    before_release = view_calibrated_result(closed, written, employee)
    assert not before_release.shown
    assert before_release.value is None
    assert before_release.reason is None
    released = written.release_ratings(by=manager("m-1"), at=day(52))
    seen = view_calibrated_result(closed, released, employee)
    assert (seen.shown, seen.value, seen.replaces, seen.reason) == (True, 3.2, 3.6, "Late twice")
    assert "3.2" not in repr(seen)
    assert "Late" not in repr(seen)
    # a rating the session did not move looks the same as one not yet released
    unmoved = view_calibrated_result(
        closed, population()[1], pc.Actor(person_id="e-1", role=pc.Role.EMPLOYEE)
    )
    assert unmoved == attrs.evolve(before_release, cycle_id="c-1", employee_id="e-1")


def test_only_the_employee_sees_their_result() -> None:
    closed, (written,) = _closed()
    for actor in (M1, HR, pc.Actor(person_id="e-1", role=pc.Role.EMPLOYEE)):
        with pytest.raises(pc.PermissionDenied):
            view_calibrated_result(closed, written, actor)


def test_bad_arguments_are_refused_by_name() -> None:
    closed, (written,) = _closed()
    employee = pc.Actor(person_id="e-0", role=pc.Role.EMPLOYEE)
    for call, path in (
        (lambda: view_session("cal-1", M1), "session"),  # type: ignore[arg-type]
        (lambda: view_session(closed, "m-1"), "actor"),  # type: ignore[arg-type]
        (lambda: view_calibrated_result(closed, "c-0", employee), "cycle"),  # type: ignore[arg-type]
        (lambda: view_calibrated_result(closed, written, None), "actor"),  # type: ignore[arg-type]
    ):
        with pytest.raises(pc.ValidationError) as info:
            call()
        assert info.value.paths == (path,)
    stranger = population(1)[0]
    other = CalibrationSession.open(
        session_id="cal-9", cycles=population()[1:], participant_ids=("m-1",), by=HR, at=OPENED
    )
    with pytest.raises(pc.ValidationError) as info:
        view_calibrated_result(other, stranger, employee)
    assert info.value.paths == ("cycle",)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["e-0", "e-1", "e-5", "m-1", "m-2", "hr-2", "hr-1", "x"]), st.booleans())
def test_no_view_holds_a_rating_its_viewer_may_not_see(person: str, as_manager: bool) -> None:
    session = CalibrationSession.open(
        session_id="cal-3",
        cycles=population(),
        participant_ids=("e-1", "m-1", "m-2"),
        by=HR,
        at=OPENED,
    ).move("c-1", 3.7, reason="Secret reason", by=M1, at=day(51))
    actor = pc.Actor(person_id=person, role=pc.Role.MANAGER if as_manager else pc.Role.EMPLOYEE)
    try:
        seen = view_session(session, actor)
    except pc.PermissionDenied:
        return
    text = str(make_converter().unstructure(seen)) + repr(seen)
    if person == "e-1":
        assert "Secret reason" not in text
        assert "3.7" not in text
    else:
        assert "Secret reason" in text


def test_notebooks_show_the_short_repr() -> None:
    seen = view_session(_closed()[0], M1)
    shown: list[str] = []

    class Printer:
        def text(self, value: str) -> None:
            shown.append(value)

    seen._repr_pretty_(Printer(), _cycle=False)
    assert shown == [repr(seen)]
