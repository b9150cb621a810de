"""Strategies for populations: many cycles of one organisation, in teams, with feedback.

Each cycle of a population is driven by the same driver as ``cycles()``, from
one drawn seed rather than from one draw per choice: a population of hundreds
of cycles stays within what hypothesis lets one example draw, and costs about
what executing its commands costs. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from perfcore.cycle import Cycle
from perfcore.feedback.request import FeedbackRequest
from perfcore.people import Actor, Role
from perfcore.phases import Phase
from perfcore.scales import RatingScale
from perfcore.testing._cycle_strategies import _PERIODS, _SCALES, _Seeded, _sequence, _targets
from perfcore.testing._feedback_strategies import feedback_requests
from perfcore.testing._primitive_strategies import _UTC, ids

__all__ = ["Population", "populations"]

_SEEDS = st.integers(0, 2**16 - 1)
"""One seed per cycle: two bytes of hypothesis' budget, and 65,536 histories per phase."""


@attrs.frozen
class Population:
    """An organisation's cycles of one period: employees in teams under managers, HR over all.

    ``cycles[i]`` is the cycle of ``employees[i]``; its manager is one of
    ``managers``, every manager has a team, and ``hr`` started every cycle and
    resolves its disputes. ``feedback`` holds feedback requests on some of the
    employees, each in its employee's cycle, asked of colleagues.
    """

    hr: Actor
    managers: tuple[Actor, ...]
    employees: tuple[Actor, ...]
    cycles: tuple[Cycle, ...]
    feedback: tuple[FeedbackRequest, ...]

    def __repr__(self) -> str:
        phases = sorted({cycle.phase.value for cycle in self.cycles})
        return (
            f"<Population cycles={len(self.cycles)} managers={len(self.managers)}"
            f" feedback={len(self.feedback)} phases={','.join(phases)}>"
        )

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:  # noqa: ANN401 - IPython's printer
        """The short repr in IPython and in hypothesis' failing examples."""
        printer.text(repr(self))

    def team(self, manager_id: str) -> tuple[Cycle, ...]:
        """The cycles of the employees under ``manager_id``."""
        return tuple(cycle for cycle in self.cycles if cycle.manager_id == manager_id)


def _teams(draw: st.DrawFn, size: int, managers: int) -> list[int]:
    """Which manager each of ``size`` employees has: every manager one at least."""
    extra = sorted(draw(st.integers(0, size - managers)) for _ in range(managers - 1))
    sizes = [b - a + 1 for a, b in zip([0, *extra], [*extra, size - managers], strict=True)]
    return [team for team, count in enumerate(sizes) for _ in range(count)]


def populations(
    *,
    size: int = 10,
    managers: int = 2,
    phase: Phase | st.SearchStrategy[Phase] | None = None,
    feedback: int = 3,
) -> st.SearchStrategy[Population]:
    """``size`` cycles of one period, of employees ``e-1``… in teams under ``managers`` managers.

    Every cycle has its own id (``c-e-1``, …), is started by HR (``hr``) and
    is driven to a phase drawn from ``phase`` (any phase by default) as
    ``cycles()`` drives one; the managers ``m-1``… each get a team of one or
    more employees, of drawn sizes. Up to ``feedback`` employees also get a
    feedback request in their cycle (by their manager, themselves or HR, asked
    of colleagues), drawn as ``feedback_requests()`` draws one.

    Each cycle comes from one drawn seed, so hundreds of cycles fit one example
    and a failing population shrinks cycle by cycle to earlier phases and
    simpler seeds. Requires hypothesis (``pip install 'perfcore[testing]'``).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(populations(size=30, managers=3))
    ... def test_every_team_has_its_manager(population):
    ...     for manager in population.managers:
    ...         team = population.team(manager.person_id)
    ...         assert team and all(c.manager_id == manager.person_id for c in team)
    >>> test_every_team_has_its_manager()
    """
    if not 1 <= managers <= size:
        raise InvalidArgument(f"need 1 <= managers <= size, got {managers=} and {size=}")
    if feedback < 0:
        raise InvalidArgument(f"feedback must be at least 0, got {feedback=}")
    targets = _targets(phase)

    @st.composite
    def build(draw: st.DrawFn) -> Population:
        hr = Actor(person_id="hr", role=Role.HR)
        bosses = tuple(Actor(person_id=f"m-{n + 1}", role=Role.MANAGER) for n in range(managers))
        staff = tuple(Actor(person_id=f"e-{n + 1}", role=Role.EMPLOYEE) for n in range(size))
        period, scale = draw(_PERIODS), draw(_SCALES)
        made: list[Cycle] = []
        for employee, team in zip(staff, _teams(draw, size, managers), strict=True):
            sequence = _sequence(
                _Seeded(draw(_SEEDS)),
                draw(targets),
                cycle_id=f"c-{employee.person_id}",
                period=period,
                scale=scale,
                employee=employee,
                manager=bosses[team],
                hr=hr,
            )
            made.append(sequence.cycle)
        asked = draw(
            st.lists(st.sampled_from(range(size)), max_size=min(feedback, size), unique=True)
        )
        requests = tuple(
            _request(draw, made[index], scale, [p.person_id for p in (*staff, *bosses)])
            for index in sorted(asked)
        )
        return Population(
            hr=hr, managers=bosses, employees=staff, cycles=tuple(made), feedback=requests
        )

    return build()


def _request(
    draw: st.DrawFn, cycle: Cycle, scale: RatingScale, people: list[str]
) -> FeedbackRequest:
    colleagues = [p for p in people if p not in (cycle.employee_id, cycle.manager_id)]
    pool = st.sampled_from(colleagues) | ids() if colleagues else ids()
    opened = cycle.events[0].at + dt.timedelta(days=draw(st.integers(0, 30)))
    return draw(
        feedback_requests(
            subject_id=cycle.employee_id,
            manager_id=cycle.manager_id,
            cycle_id=cycle.id,
            scale=scale,
            at=opened.astimezone(_UTC),
            request_id=f"fr-{cycle.employee_id}",
            reviewer_ids=pool,
        )
    )
