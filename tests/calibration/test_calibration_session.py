"""A calibration session: proposals from the cycles, moves with reasons, a locked write-back."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcore as pc
from calibration_builders import (
    FIVE,
    HR,
    OPENED,
    OTHER_HR,
    day,
    manager,
    opened,
    population,
    scored,
)
from expect import rejects
from perfcore.calibration import (
    CalibrationClosed,
    CalibrationDimension,
    CalibrationOpened,
    CalibrationSession,
    Proposal,
    RatingMoved,
)

M1, M2 = manager("m-1"), manager("m-2")
CLOSING = day(51)


# --- worked example -------------------------------------------------------------------


def test_proposals_are_the_cycles_scores_with_their_precision() -> None:
    session = opened()
    assert [r.proposed for r in session.results] == [3.6, 3.0, 4.6, 2.4, 3.4, 4.0, 5.0, 2.0]
    assert [r.manager_id for r in session.results[:2]] == ["m-1", "m-2"]
    assert session.dimension is CalibrationDimension.OVERALL
    assert not session.moved
    assert session.opened_by == HR


def test_closing_writes_back_exactly_the_moved_ratings_with_both_values() -> None:
    session = opened()
    session = session.move("c-0", 3.25, reason="Delivery was late twice", by=M2, at=day(50.1))
    session = session.move("c-3", 2.9, reason="Carried the on-call rota", by=M1, at=day(50.2))
    session = session.move("c-5", 4.5, reason="Too high", by=M2, at=day(50.3))
    session = session.move("c-5", 4.0, reason="Back to the proposal", by=HR_2, at=day(50.4))
    closed, written = session.close(population(), by=HR, at=CLOSING)
    assert closed.closed
    assert [c.id for c in written] == ["c-0", "c-3"]
    first = written[0].score_adjustment
    assert first is not None
    assert (first.value, first.replaces) == (3.25, 3.6)
    assert first.kind is pc.AdjustmentKind.CALIBRATION
    assert first.reference == "cal-1"
    assert first.reason == "Delivery was late twice"
    assert (first.actor, first.at) == (HR, CLOSING)
    assert written[1].effective_score == 2.9  # kept as given: no rounding to a scale point
    assert [type(e) for e in closed.events] == [
        CalibrationOpened,
        RatingMoved,
        RatingMoved,
        RatingMoved,
        RatingMoved,
        CalibrationClosed,
    ]
    c5 = closed.result("c-5")
    assert c5 is not None
    assert (c5.moves, c5.moved, c5.change) == (2, False, 0)


HR_2 = OTHER_HR


def test_a_move_keeps_the_value_it_replaced_and_its_reason() -> None:
    session = opened().move("c-2", 4.2, reason="Peer level", by=M1, at=day(50.1))
    (move,) = session.moves
    assert (move.cycle_id, move.previous, move.value, move.reason) == (
        "c-2",
        4.6,
        4.2,
        "Peer level",
    )
    assert (move.actor, move.sequence) == (M1, 1)


def test_reprs_carry_no_rating() -> None:
    session = opened().move("c-2", 4.2, reason="Peer level", by=M1, at=day(50.1))
    shown = repr(session) + repr(session.events) + repr(session.results)
    for value in ("4.2", "4.6", "3.6", "Peer level"):
        assert value not in shown
    assert repr(session) == (
        "<CalibrationSession cal-1 dimension=overall ratings=8 participants=3 events=2 open>"
    )
    assert repr(session.events[1]) == "<RatingMoved cal-1#1 cycle=c-2 by m-1 (manager)>"


# --- refusals: a perfcore error naming the field, and nothing changes -----------------


def test_a_move_off_the_scale_is_refused_naming_the_value() -> None:
    session = opened()
    for value in (0.99, 5.01, -3):
        with pytest.raises(pc.ContentConflict) as info:
            session.move("c-1", value, reason="x", by=M1, at=day(50.5))
        assert info.value.paths == ("value",)
        assert info.value.codes == ("out_of_range",)
        assert "off the scale 1-5 of cycle 'c-1'" in str(info.value)
    assert session == opened()


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"cycle_id": 7}, "cycle_id"),
        ({"value": "4"}, "value"),
        ({"value": True}, "value"),
        ({"value": float("nan")}, "value"),
        ({"value": 10**400}, "value"),
        ({"reason": ""}, "reason"),
        ({"reason": None}, "reason"),
        ({"reason": "x" * 10_001}, "reason"),
    ],
)
def test_malformed_moves_are_refused_by_field(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {"cycle_id": "c-1", "value": 3.5, "reason": "why", **kwargs}
    with pytest.raises(pc.MalformedInput) as info:
        opened().move(args["cycle_id"], args["value"], reason=args["reason"], by=M1, at=day(50.5))  # type: ignore[arg-type]
    assert info.value.paths == (path,)


def test_a_cycle_outside_the_session_is_refused() -> None:
    rejects(
        lambda: opened().move("c-99", 3, reason="x", by=M1, at=day(50.5)),
        "cycle_id",
        "'c-99' is not a cycle of session 'cal-1'",
    )


def test_a_move_that_changes_nothing_is_refused() -> None:
    rejects(
        lambda: opened().move("c-1", 3.0, reason="x", by=M1, at=day(50.5)),
        "value",
        "changes nothing",
    )


def test_a_participant_outside_the_session_may_not_move() -> None:
    with pytest.raises(pc.PermissionDenied, match="'m-9' is not a participant"):
        opened().move("c-1", 3.5, reason="x", by=manager("m-9"), at=day(50.5))


def test_a_participant_moves_as_manager_or_hr_only() -> None:
    as_employee = pc.Actor(person_id="m-1", role=pc.Role.EMPLOYEE)
    with pytest.raises(pc.PermissionDenied, match="as manager or hr"):
        opened().move("c-1", 3.5, reason="x", by=as_employee, at=day(50.5))


def test_nobody_moves_their_own_rating() -> None:
    session = CalibrationSession.open(
        session_id="cal-2",
        cycles=population(),
        participant_ids=("e-1",),
        by=HR,
        at=OPENED,
    )
    with pytest.raises(pc.PermissionDenied, match="their own rating"):
        session.move("c-1", 3.5, reason="x", by=manager("e-1"), at=day(50.5))


def test_moving_after_close_and_closing_twice_are_refused() -> None:
    closed, _ = opened().close(population(), by=HR, at=CLOSING)
    with pytest.raises(pc.TransitionError, match="is closed"):
        closed.move("c-1", 3.5, reason="x", by=M1, at=CLOSING)
    with pytest.raises(pc.TransitionError, match="already closed"):
        closed.close(population(), by=HR, at=CLOSING)


def test_only_hr_not_rated_in_the_session_closes_it() -> None:
    with pytest.raises(pc.PermissionDenied, match="only HR"):
        opened().close(population(), by=M1, at=CLOSING)
    rated_hr = pc.Actor(person_id="e-1", role=pc.Role.HR)
    with pytest.raises(pc.PermissionDenied, match="rates them"):
        opened().close(population(), by=rated_hr, at=CLOSING)


def test_only_hr_not_in_the_population_opens_a_session() -> None:
    with pytest.raises(pc.PermissionDenied, match="allowed: hr"):
        CalibrationSession.open(
            session_id="x", cycles=population(), participant_ids=("m-1",), by=M1, at=OPENED
        )
    with pytest.raises(pc.PermissionDenied, match="rates them"):
        CalibrationSession.open(
            session_id="x",
            cycles=population(),
            participant_ids=("m-1",),
            by=pc.Actor(person_id="e-2", role=pc.Role.HR),
            at=OPENED,
        )


def test_opening_refuses_cycles_without_a_score_or_off_their_scale() -> None:
    unscored = pc.Cycle.start(
        cycle_id="c-new",
        employee_id="e-new",
        manager_id="m-1",
        period=pc.Period.annual(2026),
        by=HR,
        at=day(0),
    )
    with pytest.raises(pc.ContentConflict) as info:
        CalibrationSession.open(
            session_id="x",
            cycles=(*population(2), unscored),
            participant_ids=("m-1",),
            by=HR,
            at=OPENED,
        )
    assert info.value.paths == ("cycles[2].effective_score",)
    other_scale = attrs.evolve(population(1)[0], scale=pc.RatingScale(minimum=0, maximum=3))
    with pytest.raises(pc.ContentConflict) as info:
        CalibrationSession.open(
            session_id="x", cycles=(other_scale,), participant_ids=("m-1",), by=HR, at=OPENED
        )
    assert info.value.codes == ("out_of_range",)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"cycles": "c-1"}, "cycles"),
        ({"cycles": [1]}, "cycles[0]"),
        ({"cycles": ()}, "CalibrationOpened.proposals"),
        ({"participant_ids": ()}, "CalibrationOpened.participant_ids"),
        ({"participant_ids": "m-1"}, "participant_ids"),
        ({"participant_ids": ("m-1", "m-1")}, "CalibrationOpened.participant_ids"),
        ({"dimension": "overall"}, "dimension"),
        ({"by": "hr-1"}, "by"),
        ({"at": dt.datetime(2026, 3, 1)}, "at"),  # noqa: DTZ001 - naive on purpose
    ],
)
def test_malformed_opening_is_refused_by_field(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {
        "session_id": "x",
        "cycles": population(2),
        "participant_ids": ("m-1",),
        "by": HR,
        "at": OPENED,
        **kwargs,
    }
    with pytest.raises(pc.ValidationError) as info:
        CalibrationSession.open(**args)  # type: ignore[arg-type]
    assert info.value.paths == (path,)


def test_a_cycle_twice_in_the_population_is_refused() -> None:
    cycle = population(1)[0]
    with pytest.raises(pc.ValidationError) as info:
        CalibrationSession.open(
            session_id="x", cycles=(cycle, cycle), participant_ids=("m-1",), by=HR, at=OPENED
        )
    assert info.value.codes == ("repeated",)


def test_a_proposal_off_its_scale_is_refused() -> None:
    with pytest.raises(pc.MalformedInput) as info:
        Proposal(cycle_id="c", employee_id="e", manager_id="m", scale=FIVE, value=6)
    assert info.value.paths == ("Proposal.value",)


def test_closing_refuses_a_cycle_whose_score_changed_since_the_session_opened() -> None:
    session = opened().move("c-0", 3.2, reason="Late", by=M2, at=day(50.1))
    changed = population()[0].adjust_score(
        3.8,
        replaces=3.6,
        kind=pc.AdjustmentKind.HR_DECISION,
        reason="Late data",
        by=HR,
        at=day(50.2),
    )
    with pytest.raises(pc.ContentConflict) as info:
        session.close((changed,), by=HR, at=CLOSING)
    assert info.value.paths == ("cycles[0].effective_score",)
    assert info.value.codes == ("stale",)
    assert not session.closed


def test_closing_needs_every_moved_cycle_once_and_no_stranger() -> None:
    session = opened().move("c-0", 3.2, reason="Late", by=M2, at=day(50.1))
    cycles = population()
    with pytest.raises(pc.ContentConflict) as info:
        session.close(cycles[1:], by=HR, at=CLOSING)
    assert info.value.paths == ("cycles",)
    assert info.value.codes == ("required",)
    stranger = scored("c-x", "e-x", "m-1", (3, 3))
    with pytest.raises(pc.ContentConflict) as info:
        session.close((*cycles, cycles[0], stranger), by=HR, at=CLOSING)
    assert info.value.paths == ("cycles[8].id", "cycles[9].id")
    with pytest.raises(pc.MalformedInput) as malformed:
        session.close("c-0", by=HR, at=CLOSING)  # type: ignore[arg-type]
    assert malformed.value.paths == ("cycles",)


def test_a_write_back_the_cycle_refuses_is_refused_at_that_cycle() -> None:
    session = opened().move("c-0", 3.2, reason="Late", by=M2, at=day(50.1))
    with pytest.raises(pc.OutOfOrder) as info:
        session.close(population(), by=HR, at=day(10))  # before the session's last event
    assert info.value.paths == ("at",)
    # HR writing back their own cycle is refused by the cycle, at that cycle
    own = CalibrationSession.open(
        session_id="cal-3", cycles=population(1), participant_ids=("m-1",), by=OTHER_HR, at=OPENED
    ).move("c-0", 3.0, reason="x", by=M1, at=day(50.1))
    self_rated_hr = pc.Actor(person_id="hr-9", role=pc.Role.HR)
    hr_cycle = scored("c-hr", "hr-9", "m-1", (3, 3))
    mixed = CalibrationSession.open(
        session_id="cal-4",
        cycles=(hr_cycle,),
        participant_ids=("m-2",),
        by=OTHER_HR,
        at=OPENED,
    ).move("c-hr", 3.5, reason="x", by=M2, at=day(50.1))
    with pytest.raises(pc.PermissionDenied):
        mixed.close((hr_cycle,), by=self_rated_hr, at=CLOSING)
    assert own.close(population(1), by=HR, at=CLOSING)[1][0].effective_score == 3.0


def test_a_write_back_the_cycle_refuses_names_the_cycle() -> None:
    cycle = population(1)[0]
    session = CalibrationSession.open(
        session_id="cal-5", cycles=(cycle,), participant_ids=("m-1",), by=HR, at=OPENED
    ).move("c-0", 3.0, reason="x", by=M1, at=day(50.1))
    # the cycle's own checks refuse a value its score range does not hold
    narrow = attrs.evolve(cycle, scale=pc.RatingScale(minimum=1, maximum=9))
    wide = CalibrationSession.open(
        session_id="cal-6", cycles=(narrow,), participant_ids=("m-1",), by=HR, at=OPENED
    ).move("c-0", 8.0, reason="x", by=M1, at=day(50.1))
    with pytest.raises(pc.ContentConflict) as info:
        wide.close((narrow,), by=HR, at=CLOSING)
    assert info.value.paths == ("cycles[0].AdjustScore.value",)
    moved_on = attrs.evolve(cycle, phase=pc.Phase.IMPROVEMENT)  # adjust_score is refused there
    with pytest.raises(pc.ContentConflict) as refused:
        session.close((moved_on,), by=HR, at=CLOSING)
    assert refused.value.paths == ("cycles[0]",)
    assert "refuses the write-back" in str(refused.value)


def test_a_stale_version_is_refused() -> None:
    session = opened()
    with pytest.raises(pc.VersionConflict):
        session.move("c-1", 3.5, reason="x", by=M1, at=day(51), expected_version=2)
    assert session.move("c-1", 3.5, reason="x", by=M1, at=day(51), expected_version=1).version == 2


# --- history --------------------------------------------------------------------------


def test_a_session_is_the_fold_of_its_events() -> None:
    session = opened().move("c-1", 3.5, reason="x", by=M1, at=day(50.5))
    closed, _ = session.close(population(), by=HR, at=day(52))
    assert CalibrationSession.replay(closed.events) == closed
    assert CalibrationSession.replay(closed.events, verify=False) == closed
    assert session.apply(closed.events_since(session.version)) == closed


def test_a_forged_history_is_refused_at_the_event() -> None:
    session = opened().move("c-1", 3.5, reason="x", by=M1, at=day(50.5))
    forged = attrs.evolve(session.events[1], actor=manager("m-9"))
    with pytest.raises(pc.ValidationError) as info:
        CalibrationSession.replay((session.events[0], forged))
    assert info.value.paths == ("events[1]",)
    off = attrs.evolve(session.moves[0], value=7.0)
    with pytest.raises(pc.ValidationError) as info:
        CalibrationSession.replay((session.events[0], off))
    assert info.value.paths == ("events[1].value",)
    by_employee = attrs.evolve(
        session.events[0], actor=pc.Actor(person_id="x", role=pc.Role.EMPLOYEE)
    )
    with pytest.raises(pc.ValidationError) as info:
        CalibrationSession.replay((by_employee,))
    assert info.value.paths == ("events[0].actor",)


# --- properties -----------------------------------------------------------------------

CYCLES = population()
MOVERS = (M1, M2, OTHER_HR)


@st.composite
def moves(draw: st.DrawFn) -> list[tuple[str, float, str, pc.Actor]]:
    count = draw(st.integers(min_value=0, max_value=12))
    out = []
    for _ in range(count):
        cycle = draw(st.sampled_from(CYCLES))
        proposed = cycle.effective_score
        assert proposed is not None
        value = draw(
            st.one_of(
                st.floats(min_value=1, max_value=5, allow_nan=False),
                st.sampled_from([1, 2, 3, 4, 5, proposed]),
            )
        )
        reason = draw(st.text(min_size=1, max_size=20).filter(str.strip))
        out.append((cycle.id, value, reason, draw(st.sampled_from(MOVERS))))
    return out


def _run(steps: list[tuple[str, float, str, pc.Actor]]) -> CalibrationSession:
    session = opened()
    for index, (cycle_id, value, reason, by) in enumerate(steps):
        try:
            session = session.move(cycle_id, value, reason=reason, by=by, at=day(51 + index / 100))
        except pc.ContentConflict:  # a move that changes nothing
            continue
    return session


@settings(max_examples=60, deadline=None)
@given(moves())
def test_closing_writes_back_exactly_the_moved_ratings(
    steps: list[tuple[str, float, str, pc.Actor]],
) -> None:
    session = _run(steps)
    final: dict[str, float] = {c.id: c.effective_score for c in CYCLES}  # type: ignore[misc]
    reasons: dict[str, str] = {}
    for cycle_id, value, reason, _ in steps:
        if final[cycle_id] != value:
            final[cycle_id] = value
            reasons[cycle_id] = reason
    closed, written = session.close(CYCLES, by=HR, at=day(53))
    expected = [c.id for c in CYCLES if final[c.id] != c.effective_score]
    assert [c.id for c in written] == expected
    for cycle in written:
        adjustment = cycle.score_adjustment
        assert adjustment is not None
        assert adjustment.value == final[cycle.id]  # not rounded
        assert adjustment.reason == reasons[cycle.id]
        assert adjustment.reference == closed.id
        assert adjustment.kind is pc.AdjustmentKind.CALIBRATION
        assert (adjustment.actor, adjustment.at) == (HR, day(53))
        original = next(c for c in CYCLES if c.id == cycle.id)
        assert adjustment.replaces == original.score.value  # type: ignore[union-attr]
        assert cycle.events[: original.version] == original.events
        assert cycle.version == original.version + 1
    assert CalibrationSession.replay(closed.events) == closed


@settings(max_examples=60, deadline=None)
@given(
    moves(),
    st.sampled_from(["c-1", "c-99"]),
    st.one_of(st.floats(allow_nan=True), st.integers(), st.text(max_size=3), st.none()),
    st.sampled_from([M1, manager("m-9"), HR, pc.Actor(person_id="m-1", role=pc.Role.EMPLOYEE)]),
)
def test_bad_input_changes_nothing(
    steps: list[tuple[str, float, str, pc.Actor]],
    cycle_id: str,
    value: object,
    by: pc.Actor,
) -> None:
    session = _run(steps)
    before = CalibrationSession.replay(session.events)
    try:
        after = session.move(cycle_id, value, reason="why", by=by, at=day(52))  # type: ignore[arg-type]
    except pc.PerfcoreError:
        assert session == before
    else:
        assert after.result(cycle_id).calibrated == value  # type: ignore[union-attr]
        assert session == before
