"""Date arithmetic that stays inside the calendar (years 1 to 9999).

A deadline or due date worked out near the calendar's ends is the calendar's
first or last day rather than an ``OverflowError``: a period may end on
9999-12-31, and its deadlines cannot lie beyond it.
"""

from __future__ import annotations

import datetime as dt


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days`` (either way), stopping at the first or last representable date.

    >>> plus_days(dt.date(9999, 12, 1), 45), plus_days(dt.date(1, 1, 5), -10)
    (datetime.date(9999, 12, 31), datetime.date(1, 1, 1))
    """
    if days >= 0 and (dt.date.max - day).days < days:
        return dt.date.max
    if days < 0 and (day - dt.date.min).days < -days:
        return dt.date.min
    return day + dt.timedelta(days=days)
