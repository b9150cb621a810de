"""Talent metrics: retention, turnover, promotion, training, cadence and agreement rates.

Each metric follows the SHRM / ISO 30414 conventions and returns one
:class:`Metric` per group: its value with the numerator, the denominator, the
period and the formula it came from, so a reader can redo the arithmetic.

Who is employed. A person is employed on day ``d`` when a hire on or before
``d`` started an employment that no exit before ``d`` ended. An exit on day
``x`` is the person's last day: they are employed through ``x`` and count in
the headcount on ``x``. ``roster`` lists people employed before their first
event, for data without hire events (say, everyone on the books at the
period's start); their events then apply on top. On one day a hire comes
first and an exit last, so someone hired and gone on the same day was employed
that day. A second hire while employed changes nothing; an exit, promotion or
training outside any employment is an error (:class:`~perfcore.ValidationError`
naming the event), never silently dropped.

Periods. Metrics take a :class:`~perfcore.periods.Period` or a ``(start, end)``
pair of dates, both days included. Separations, promotions and training count
when they fall on a day from ``start`` to ``end``. *Average headcount* is
``(headcount on start + headcount on end) / 2``. A person hired on ``start``
is in the starting headcount; a person whose exit falls on ``end`` is in the
ending headcount and is also a separation of the period, so not retained.

Groups. ``by`` (see :data:`~perfcore.analytics.records.GroupKey`) puts each
person in one group: for events, the group of their latest event up to the
period's end that has one (failing that, of their earliest later event); for
a person known only from ``roster``, a mapping's entry. A person with no group
(or a blank one) is reported under :data:`NO_GROUP` (``"(none)"``), never dropped. With
``by=None`` the result is one metric for the group ``"all"``, even when
nobody is counted; otherwise one per group that has anyone counted, sorted by
name with :data:`NO_GROUP` last. Group numerators and denominators add up to
the whole's.

A metric whose denominator is 0 has ``value=None`` and a ``reason``. Rates over
average headcount can exceed 1 when people come and go within the period;
retention, compliance and agreement rates lie in [0, 1].

This module only re-exports. Each metric lives in a private module with the
metrics it shares a count with: ``_talent_history`` (who is employed:
:func:`employed_on`, :func:`headcount`), ``_talent_turnover`` (rates over
average headcount), ``_talent_retention`` (retention of everyone, of high
performers, of high potentials) and ``_talent_cycles`` (rates over cycles); the
result record, the groups and the argument checks are in ``_talent_common``.

>>> import datetime as dt
>>> from perfcore.analytics import EmploymentEvent, EmploymentEventKind
>>> from perfcore.periods import Period
>>> hired = EmploymentEvent(employee_id="eve", kind=EmploymentEventKind.HIRE,
...                         on=dt.date(2026, 4, 1))
>>> left = EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
...                        on=dt.date(2026, 6, 30), voluntary=True)
>>> year, roster = Period.annual(2026), ["ann", "bo", "cy", "di"]
>>> rate = turnover([hired, left], year, roster=roster)[0]
>>> rate.numerator, rate.denominator, rate.value
(1, 4.0, 0.25)
>>> rate.formula
'separations from start to end ÷ average headcount; average headcount = (headcount at start + headcount at end) / 2'
>>> retention_rate([hired, left], year, roster=roster)[0].value
0.75
"""  # noqa: E501 - the doctest output is one long line

from perfcore.analytics._talent_common import ALL, NO_GROUP, Metric, PeriodLike
from perfcore.analytics._talent_cycles import check_in_compliance, goal_agreement_rate
from perfcore.analytics._talent_history import employed_on, headcount
from perfcore.analytics._talent_retention import (
    high_performer_retention,
    high_potential_retention,
    retention_rate,
)
from perfcore.analytics._talent_turnover import (
    promotion_rate,
    regretted_attrition,
    training_participation,
    turnover,
)

__all__ = [
    "ALL",
    "NO_GROUP",
    "Metric",
    "PeriodLike",
    "check_in_compliance",
    "employed_on",
    "goal_agreement_rate",
    "headcount",
    "high_performer_retention",
    "high_potential_retention",
    "promotion_rate",
    "regretted_attrition",
    "retention_rate",
    "training_participation",
    "turnover",
]
