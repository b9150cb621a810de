"""The building blocks of perfcore's strategies: ids, texts, roles, actors, periods, scales.

The bottom of :mod:`perfcore.testing`'s strategy modules: it imports none of
them, and every other one builds on it. Requires hypothesis
(``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
import string
from typing import TypeVar

from hypothesis import strategies as st

from perfcore.people import Actor, Role
from perfcore.periods import Period, PeriodKind
from perfcore.scales import RatingScale

__all__ = [
    "EMPLOYEE",
    "HR",
    "MANAGER",
    "actors",
    "ids",
    "periods",
    "rating_scales",
    "roles",
    "texts",
]

EMPLOYEE = Actor(person_id="emp", role=Role.EMPLOYEE)
"""The employee of every cycle ``cycles()`` draws and of the stateful machine's cycle."""
MANAGER = Actor(person_id="mgr", role=Role.MANAGER)
"""The manager of every cycle ``cycles()`` draws and of the stateful machine's cycle."""
HR = Actor(person_id="hr", role=Role.HR)
"""HR, who starts those cycles and waives what it must; no party to them."""

_UTC = dt.UTC
_FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


T = TypeVar("T")


def _or(
    strategy: st.SearchStrategy[T] | None, default: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    return default if strategy is None else strategy


# --- primitives ----------------------------------------------------------------------


def ids() -> st.SearchStrategy[str]:
    """Short identifiers: lowercase letters, digits and ``-``. Requires hypothesis."""
    return st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=10)


def texts() -> st.SearchStrategy[str]:
    """Non-blank text of up to 30 characters, any script. Requires hypothesis."""
    return st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip() != "")


def _dates_in(period: Period) -> st.SearchStrategy[dt.date]:
    return st.dates(period.start, period.end)


# --- people, periods, scales, measures --------------------------------------------


def roles() -> st.SearchStrategy[Role]:
    """A built-in role (employee, manager, HR) or an app-defined one. Requires hypothesis."""
    builtin = st.sampled_from([Role.EMPLOYEE, Role.MANAGER, Role.HR])
    custom = st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z").map(lambda name: Role(name=name))
    return builtin | custom


def actors(
    *,
    person_id: st.SearchStrategy[str] | None = None,
    role: st.SearchStrategy[Role] | None = None,
) -> st.SearchStrategy[Actor]:
    """A person acting in a role. Requires hypothesis (``pip install 'perfcore[testing]'``)."""
    return st.builds(Actor, person_id=_or(person_id, ids()), role=_or(role, roles()))


def periods(*, kind: st.SearchStrategy[PeriodKind] | None = None) -> st.SearchStrategy[Period]:
    """An annual, half-year, quarter or custom period from 2000 to 2090. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        year = draw(st.integers(2000, 2090))
        chosen = draw(_or(kind, st.sampled_from(list(PeriodKind))))
        if chosen is PeriodKind.ANNUAL:
            return Period.annual(year, start_month=draw(st.integers(1, 12)))
        if chosen is PeriodKind.HALF_YEAR:
            return Period.half_year(year, draw(st.integers(1, 2)))
        if chosen is PeriodKind.QUARTER:
            return Period.quarter(year, draw(st.integers(1, 4)))
        start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
        return Period.custom(start, start + dt.timedelta(days=draw(st.integers(1, 800))))

    return build()


def rating_scales() -> st.SearchStrategy[RatingScale]:
    """An integer rating scale, sometimes labelled. Requires hypothesis."""

    @st.composite
    def build(draw: st.DrawFn) -> RatingScale:
        low = draw(st.integers(-5, 10))
        high = draw(st.integers(low + 1, low + 100))
        labelled = high - low < 10 and draw(st.booleans())
        labels = tuple(f"level {i}" for i in range(high - low + 1)) if labelled else ()
        return RatingScale(minimum=low, maximum=high, labels=labels)

    return build()
