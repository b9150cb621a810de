"""A caller's concurrency token is their view's tag: hidden events never show in it, by any door.

The attack: a viewer who may not see someone's private note (or draft) compares
what they are given before and after it. The cycle's version and the stored
event numbers would tell them; the view (its events numbered among the shown
ones) and its tag must not.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore.visibility import check_view_tag, view_cycle, view_tag
from perfcore.visibility.tags import _canonical
from strategies import EMPLOYEE, HR, MANAGER

Step = Callable[[pc.Cycle], pc.Cycle]


def _shared(ci: str, day: int, by: pc.Actor) -> Step:
    check_in = pc.CheckIn(
        id=ci, kind=pc.CheckInKind.ONE_ON_ONE, held_on=b.when(day).date(), summary="On track"
    )
    return lambda cycle: cycle.record_check_in(check_in, by=by, at=b.when(day))


STEPS: tuple[Step, ...] = (
    _shared("ci2", 32, MANAGER),
    _shared("ci3", 35, EMPLOYEE),
    lambda cycle: cycle.advance(by=MANAGER, at=b.when(40)),
    lambda cycle: cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41)),
    lambda cycle: cycle.submit_manager_assessment(
        b.manager_assessment(), by=MANAGER, at=b.when(42)
    ),
    lambda cycle: cycle.record_root_cause(b.cause(), by=MANAGER, at=b.when(43)),
    lambda cycle: cycle.release_ratings(by=MANAGER, at=b.when(44)),
)
"""What happens after implementation_ready (day 30): visible to someone, in this order."""


def note(author: pc.Actor, day: float) -> Step:
    at = b.T0 + dt.timedelta(days=day)
    private = pc.CheckIn(
        id="secret", kind=pc.CheckInKind.PRIVATE_NOTE, held_on=at.date(), summary="Worried"
    )
    return lambda cycle: cycle.record_check_in(private, by=author, at=at)


def run(steps: list[Step]) -> pc.Cycle:
    cycle = b.implementation_ready()
    for step in steps:
        cycle = step(cycle)
    return cycle


@given(
    author=st.sampled_from([MANAGER, EMPLOYEE]),
    where=st.integers(min_value=0, max_value=2),
    done=st.integers(min_value=0, max_value=len(STEPS)),
)
def test_a_private_note_changes_no_one_elses_view_nor_its_tag(
    author: pc.Actor, where: int, done: int
) -> None:
    """Inserted while implementation runs (before check-in 2, 3 or the advance)."""
    where = min(where, done)
    day = (31, 33, 36)[where]
    plain = run(list(STEPS[:done]))
    noted = run([*STEPS[:where], note(author, day), *STEPS[where:done]])
    assert noted.version == plain.version + 1  # the version counts it: never show it
    for viewer in (EMPLOYEE, MANAGER, HR):
        if viewer == author:
            assert view_cycle(noted, viewer) != view_cycle(plain, viewer)
            continue
        assert view_cycle(noted, viewer) == view_cycle(plain, viewer)
        assert view_tag(view_cycle(noted, viewer)) == view_tag(view_cycle(plain, viewer))
        check_view_tag(view_cycle(noted, viewer), view_tag(view_cycle(plain, viewer)))


def test_hr_sees_the_history_numbered_without_gaps() -> None:
    noted = run([note(MANAGER, 31), *STEPS[:2]])
    stored = [(type(event).__name__, event.sequence) for event in noted.events[-3:]]
    assert stored == [("CheckInRecorded", 9), ("CheckInRecorded", 10), ("CheckInRecorded", 11)]
    shown = view_cycle(noted, HR).events
    assert [event.sequence for event in shown] == list(range(len(shown)))
    assert len(shown) == len(noted.events) - 1
    assert "secret" not in repr(view_cycle(noted, HR))


def test_a_draft_replaced_before_release_leaves_no_gap_for_the_employee() -> None:
    """The employee's view after release equals the one where only the final draft existed."""
    first = STEPS[:4]
    draft = b.manager_assessment(pc.Achievement.NOT_MET)
    redrafted = run(
        [
            *first,
            lambda c: c.submit_manager_assessment(draft, by=MANAGER, at=b.when(42)),
            *STEPS[4:],
        ]
    )
    once = run(list(STEPS))
    employee_views = [view_cycle(c, EMPLOYEE) for c in (redrafted, once)]
    assert employee_views[0].manager_assessment == employee_views[1].manager_assessment
    assert view_tag(employee_views[0]) == view_tag(employee_views[1])


def test_every_visible_change_changes_the_tag() -> None:
    cycle = run([])
    for step in STEPS:
        after = step(cycle)
        for viewer in (MANAGER, HR):
            before_tag = view_tag(view_cycle(cycle, viewer))
            with pytest.raises(pc.ViewChanged) as info:
                check_view_tag(view_cycle(after, viewer), before_tag)
            assert info.value.expected == before_tag
            assert info.value.to_problem()["status"] == 412
        cycle = after


def test_tags_are_stable_text_and_bad_input_is_refused() -> None:
    view = view_cycle(b.closed(), HR)
    assert view_tag(view) == view_tag(view_cycle(b.closed(), HR))
    assert len(view_tag(view)) == 32
    assert int(view_tag(view), 16) >= 0
    with pytest.raises(pc.ValidationError) as info:
        view_tag(b.closed())  # type: ignore[arg-type]
    assert info.value.paths == ("view",)
    with pytest.raises(pc.ValidationError) as info:
        check_view_tag(view, 42)
    assert info.value.paths == ("tag",)
    with pytest.raises(pc.ViewChanged) as changed:
        check_view_tag(view, "x" * 500)
    assert len(str(changed.value)) < 200


def test_the_canonical_form_does_not_depend_on_set_or_mapping_order() -> None:
    """Sets iterate in a per-process order (string hashing is salted); the digest must not."""
    forward = {"b": frozenset({"x", "y", "z"}), "a": (1, 2.5, decimal.Decimal("1.10"))}
    backward = {"a": (1, 2.5, decimal.Decimal("1.10")), "b": frozenset({"z", "y", "x"})}
    assert repr(_canonical(forward)) == repr(_canonical(backward))
    assert _canonical(pc.Phase.APPRAISAL) == ("Phase", "appraisal")
    assert _canonical(b.T0) == ("datetime", "2026-01-05T09:00:00+00:00")
    assert _canonical(complex(1, 2)) == ("complex", "(1+2j)")
