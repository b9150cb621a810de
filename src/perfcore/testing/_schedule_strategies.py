"""Hypothesis strategies for :mod:`perfcore.schedule`: manager agreements and their deadlines.

Valid by construction; every function takes keyword-only arguments to pin parts
of what is drawn, like the rest of :mod:`perfcore.testing.strategies`; builds on
the primitive and record strategies (cadences are records). Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from perfcore.cadence import Cadence
from perfcore.periods import Period
from perfcore.phases import Phase
from perfcore.schedule import ManagerAgreement, ReviewDeadline
from perfcore.testing._primitive_strategies import _or, ids, periods, texts
from perfcore.testing._record_strategies import cadences

__all__ = ["manager_agreements", "review_deadlines"]

_OPEN_PHASES = (Phase.GOAL_SETTING, Phase.IMPLEMENTATION, Phase.APPRAISAL, Phase.IMPROVEMENT)


def review_deadlines(
    *,
    phase: st.SearchStrategy[Phase] | None = None,
    by: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ReviewDeadline]:
    """A deadline for leaving one open phase. Requires hypothesis."""
    return st.builds(
        ReviewDeadline,
        phase=_or(phase, st.sampled_from(_OPEN_PHASES)),
        by=_or(by, st.dates()),
        description=st.just("") | texts(),
    )


def manager_agreements(
    *,
    manager_id: st.SearchStrategy[str] | None = None,
    period: st.SearchStrategy[Period] | None = None,
    one_on_ones: st.SearchStrategy[Cadence] | None = None,
    team: st.SearchStrategy[tuple[str, ...]] | None = None,
) -> st.SearchStrategy[ManagerAgreement]:
    """A manager agreement whose deadlines lie on or after the period start, in phase order.

    ``team`` may be pinned; the manager is left out of it. Requires hypothesis
    (``pip install 'perfcore[testing]'``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> ManagerAgreement:
        manager = draw(_or(manager_id, ids()))
        on = draw(_or(period, periods()))
        phases = draw(st.lists(st.sampled_from(_OPEN_PHASES), unique=True, max_size=4))
        offsets = sorted(
            draw(st.lists(st.integers(0, 500), min_size=len(phases), max_size=len(phases)))
        )
        deadlines = tuple(
            draw(review_deadlines(phase=st.just(p), by=st.just(on.start + dt.timedelta(days=n))))
            for p, n in zip(sorted(phases, key=lambda p: p.rank), offsets, strict=True)
        )
        members = draw(_or(team, st.lists(ids(), unique=True, max_size=5).map(tuple)))
        return ManagerAgreement(
            id=draw(ids()),
            manager_id=manager,
            period=on,
            one_on_ones=draw(_or(one_on_ones, cadences())),
            review_deadlines=deadlines,
            team=tuple(m for m in members if m != manager),
            commitments=tuple(draw(st.lists(texts(), unique=True, max_size=3))),
            agreed_on=draw(st.none() | st.dates(on.start - dt.timedelta(days=60), on.end)),
            agreed_with=draw(st.none() | ids().filter(lambda person: person != manager)),
        )

    return build()
