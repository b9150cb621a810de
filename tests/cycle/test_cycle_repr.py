"""A cycle's repr is short and shows no content; the full form is one call away."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis.vendor.pretty import pretty

import builders as b
import perfcore as pc
from perfcore.testing import strategies as ps
from strategies import MANAGER


def test_the_repr_names_ids_phase_and_counts() -> None:
    cycle = b.appraisal_ready()
    assert repr(cycle) == "<Cycle c1 employee=emp manager=mgr phase=appraisal goals=3 events=16>"
    assert (len(cycle.goals), len(cycle.events)) == (3, 16)


def test_a_private_note_does_not_show_in_the_repr() -> None:
    cycle = b.implementation_ready()
    note = pc.CheckIn(
        id="n1", kind=pc.CheckInKind.PRIVATE_NOTE, held_on=b.when(31).date(), summary="Worried"
    )
    noted = cycle.record_check_in(note, by=MANAGER, at=b.when(31))
    assert len(noted.events) == len(cycle.events) + 1
    assert repr(noted) == repr(cycle)


@given(ps.cycles())
def test_the_repr_of_any_cycle_is_short_and_holds_no_content(cycle: pc.Cycle) -> None:
    shown = repr(cycle)
    assert len(shown) <= 80 + len(cycle.id) + len(cycle.employee_id) + len(cycle.manager_id)
    texts = [g.title for g in cycle.goals] + [ci.summary for ci in cycle.check_ins]
    assert not any(text and text in shown for text in texts)


@given(ps.cycles())
def test_the_full_repr_is_the_field_by_field_form(cycle: pc.Cycle) -> None:
    full = cycle.full_repr()
    fields = [f for f in attrs.fields(pc.Cycle) if f.repr]
    assert full == (
        "Cycle(" + ", ".join(f"{f.name}={getattr(cycle, f.name)!r}" for f in fields) + ")"
    )
    assert all(g.title in full or repr(g.title) in full for g in cycle.goals)
    assert "policy=" not in full


def test_hypothesis_and_ipython_print_the_short_form() -> None:
    cycle = b.appraisal_ready()
    assert pretty(cycle) == repr(cycle)
    assert pretty([cycle]) == f"[{cycle!r}]"
