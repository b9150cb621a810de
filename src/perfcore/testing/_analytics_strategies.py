"""Strategies for :mod:`perfcore.analytics`: rating, talent, employment and indicator records.

Builds on the primitive strategies only. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

from hypothesis import strategies as st

from perfcore.analytics import (
    EmploymentEvent,
    EmploymentEventKind,
    Indicator,
    IndicatorEvidence,
    RatingRecord,
    TalentRecord,
)
from perfcore.scales import RatingScale
from perfcore.testing._primitive_strategies import _or, ids, rating_scales, texts

__all__ = ["employment_events", "indicator_evidence", "rating_records", "talent_records"]


def rating_records(
    *, scale: st.SearchStrategy[RatingScale] | None = None
) -> st.SearchStrategy[RatingRecord]:
    """A rating on a stated scale, by a manager, the employee or a peer. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RatingRecord:
        on = draw(_or(scale, rating_scales()))
        return RatingRecord(
            employee_id=draw(ids()),
            rater_id=draw(ids()),
            rater_role=draw(st.sampled_from(["manager", "self", "peer"])),
            value=draw(st.floats(on.minimum, on.maximum, allow_nan=False)),
            scale=on,
            dimension=draw(st.sampled_from(["overall", "g1", "competency:pitch"])),
            cycle_id=draw(st.none() | ids()),
            department=draw(st.none() | st.sampled_from(["sales", "ops"])),
        )

    return build()


def talent_records() -> st.SearchStrategy[TalentRecord]:
    """Performance and potential on 0-1 (either may be unknown). Requires hypothesis."""
    fraction = st.none() | st.floats(0, 1, allow_nan=False)
    return st.builds(
        TalentRecord,
        employee_id=ids(),
        performance=fraction,
        potential=fraction,
        manager_id=st.none() | ids(),
        department=st.none() | st.sampled_from(["sales", "ops"]),
        high_potential=st.booleans(),
        as_of=st.none() | st.dates(),
    )


def employment_events() -> st.SearchStrategy[EmploymentEvent]:
    """A hire, an exit (voluntary or not, maybe regretted), a promotion or training.

    Requires hypothesis.
    """

    @st.composite
    def build(draw: st.DrawFn) -> EmploymentEvent:
        kind = draw(st.sampled_from(EmploymentEventKind))
        leaving = kind is EmploymentEventKind.EXIT
        voluntary = draw(st.booleans()) if leaving else None
        return EmploymentEvent(
            employee_id=draw(ids()),
            kind=kind,
            on=draw(st.dates()),
            voluntary=voluntary,
            regretted=bool(voluntary) and draw(st.booleans()),
            programme=draw(st.none() | texts()) if kind is EmploymentEventKind.TRAINING else None,
            department=draw(st.none() | st.sampled_from(["sales", "ops"])),
        )

    return build()


def indicator_evidence() -> st.SearchStrategy[IndicatorEvidence]:
    """Evidence for one high-potential indicator. Requires hypothesis."""
    return st.builds(
        IndicatorEvidence,
        employee_id=ids(),
        indicator=st.sampled_from(Indicator),
        score=st.floats(0, 1, allow_nan=False),
        evidence=st.lists(ids(), min_size=1, max_size=3).map(tuple),
        source=ids(),
    )
