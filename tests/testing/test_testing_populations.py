"""populations(): many cycles of one organisation, in teams, with feedback, valid throughout."""

from __future__ import annotations

import pytest
from hypothesis import Phase as Stage
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.vendor.pretty import pretty

import perfcore as pc
from perfcore.testing import strategies as ps

QUICK = settings(database=None, deadline=None, max_examples=200, phases=[Stage.generate])


@settings(max_examples=10)
@given(ps.populations(size=12, managers=3))
def test_a_population_is_teams_of_distinct_employees_under_its_managers(
    population: ps.Population,
) -> None:
    cycles = population.cycles
    assert len(cycles) == len(population.employees) == 12
    assert len({c.id for c in cycles}) == 12
    assert [c.employee_id for c in cycles] == [e.person_id for e in population.employees]
    bosses = [m.person_id for m in population.managers]
    assert len(set(bosses)) == 3
    assert all(c.manager_id in bosses for c in cycles)
    assert all(population.team(boss) for boss in bosses)
    assert sum(len(population.team(boss)) for boss in bosses) == 12
    assert len({(c.period, c.scale) for c in cycles}) == 1
    for cycle in cycles:
        assert cycle.events[0].actor == population.hr
        assert pc.Cycle.replay(cycle.events) == cycle


@settings(max_examples=10)
@given(ps.populations(size=8, managers=2, feedback=8))
def test_feedback_is_on_employees_of_the_population_in_their_cycles(
    population: ps.Population,
) -> None:
    by_employee = {c.employee_id: c for c in population.cycles}
    assert len({r.id for r in population.feedback}) == len(population.feedback)
    for request in population.feedback:
        cycle = by_employee[request.subject_id]
        assert (request.manager_id, request.cycle_id) == (cycle.manager_id, cycle.id)
        assert request.scale == cycle.scale
        assert request.subject_id not in {r.person_id for r in request.reviewers}


def test_feedback_is_asked_of_colleagues() -> None:
    def colleagues_asked(population: ps.Population) -> bool:
        people = {p.person_id for p in (*population.employees, *population.managers)}
        return any(r.person_id in people for q in population.feedback for r in q.reviewers)

    assert find(ps.populations(size=6, managers=2), colleagues_asked, settings=QUICK)


@settings(max_examples=5)
@given(ps.populations(size=20, managers=4, phase=pc.Phase.APPRAISAL, feedback=0))
def test_a_population_honours_its_phase_and_feedback(population: ps.Population) -> None:
    assert {c.phase for c in population.cycles} == {pc.Phase.APPRAISAL}
    assert population.feedback == ()


def test_hundreds_of_cycles_fit_one_example() -> None:
    few = settings(QUICK, max_examples=2)
    population = find(ps.populations(size=400, managers=20), lambda _: True, settings=few)
    assert len({c.id for c in population.cycles}) == 400
    assert len(repr(population)) < 200


def test_populations_reach_every_phase() -> None:
    def phases(population: ps.Population) -> bool:
        return {c.phase for c in population.cycles} == set(pc.Phase)

    assert find(ps.populations(size=40, managers=4), phases, settings=QUICK)


@pytest.mark.parametrize(("size", "managers", "feedback"), [(2, 3, 0), (3, 0, 0), (3, 1, -1)])
def test_a_population_needs_managers_within_its_size(
    size: int, managers: int, feedback: int
) -> None:
    with pytest.raises(InvalidArgument):
        ps.populations(size=size, managers=managers, feedback=feedback)


@given(st.data())
def test_a_strategy_of_phases_is_drawn_per_cycle(data: st.DataObject) -> None:
    ended = st.sampled_from([pc.Phase.CLOSED, pc.Phase.CANCELLED])
    population = data.draw(ps.populations(size=5, managers=1, phase=ended, feedback=0))
    assert {c.phase for c in population.cycles} <= {pc.Phase.CLOSED, pc.Phase.CANCELLED}


@settings(max_examples=5)
@given(ps.populations(size=1, managers=1, feedback=1))
def test_a_population_of_one_asks_feedback_of_others(population: ps.Population) -> None:
    people = {"e-1", "m-1"}
    for request in population.feedback:
        assert not {r.person_id for r in request.reviewers} & {request.subject_id}
        assert request.subject_id in people


@settings(max_examples=3)
@given(ps.populations(size=3, managers=1), ps.command_sequences())
def test_hypothesis_prints_populations_and_sequences_short(
    population: ps.Population, sequence: ps.CommandSequence
) -> None:
    assert pretty(population) == repr(population)
    assert pretty(sequence) == repr(sequence)
    assert repr(sequence).startswith(f"<CommandSequence {len(sequence.moves)} moves to <Cycle ")
