"""High potential: indicators with evidence, a pluggable strategy, a ranking, a fairness check.

Who has the potential to grow into bigger roles? The indicators HR looks for
(:class:`Indicator`) are consistently high performance, communication and
collaboration, willingness to take on new responsibilities, alignment with
company values, interest in a career path, and openness to feedback. Each
piece of :class:`IndicatorEvidence` scores one indicator for one employee on
0–1 and names what the score rests on.

A strategy (contract: :class:`HighPotentialStrategy`) turns evidence into one
:class:`PotentialAssessment` per employee. The built-in
:class:`WeightedIndicators` takes the weighted mean of the indicators with
evidence and flags someone as a high potential when the mean reaches
``threshold`` *and* at least ``min_indicators`` indicators have evidence.
:func:`rank` orders assessments by score (ties by employee id), each with its
place explained.

Attention to high potentials must not bend the rules applied to everyone.
:func:`fairness_check` runs the oversight audit once over everybody's cycles
with one rule set, compares the finding rates of high potentials and the rest
per rule, and shows that the audit cannot see the flag.

This module only re-exports: the records and the strategy contract are in
``_potential_records``, the built-in strategy and its registry in
``_potential_strategy``, the ranking in ``_potential_ranking`` and the
fairness check in ``_potential_fairness``.

>>> evidence = [
...     IndicatorEvidence(employee_id="ann", indicator=Indicator.CONSISTENT_PERFORMANCE,
...                       score=0.9, evidence=("appraisal:2025", "appraisal:2026"),
...                       source="manager:jo"),
...     IndicatorEvidence(employee_id="ann", indicator=Indicator.OPENNESS_TO_FEEDBACK,
...                       score=0.6, evidence=("360:2026",), source="peers"),
... ]
>>> strategy = WeightedIndicators(
...     weights={Indicator.CONSISTENT_PERFORMANCE: 2, Indicator.OPENNESS_TO_FEEDBACK: 1},
...     threshold=0.75)
>>> ann = strategy.assess(evidence)[0]
>>> ann.score, ann.high_potential
(0.8, True)
>>> ann.explanation
'2 of 2 indicators evidenced (at least 2 needed); score = (2 × 0.9 + 1 × 0.6) / 3 = 0.8; 0.8 ≥ 0.75: high potential'
"""  # noqa: E501 - the doctest output is one long line

from perfcore.analytics._potential_fairness import FairnessCheck, FindingRate, fairness_check
from perfcore.analytics._potential_ranking import RankedPotential, rank
from perfcore.analytics._potential_records import (
    Contribution,
    HighPotentialStrategy,
    Indicator,
    IndicatorEvidence,
    PotentialAssessment,
)
from perfcore.analytics._potential_strategy import (
    DEFAULT_REGISTRY,
    POTENTIAL_STRATEGIES,
    WeightedIndicators,
)
from perfcore.analytics._potential_strategy import (
    ENTRY_POINT_GROUP as ENTRY_POINT_GROUP,  # noqa: PLC0414 - public here, not in __all__
)

__all__ = [
    "DEFAULT_REGISTRY",
    "POTENTIAL_STRATEGIES",
    "Contribution",
    "FairnessCheck",
    "FindingRate",
    "HighPotentialStrategy",
    "Indicator",
    "IndicatorEvidence",
    "PotentialAssessment",
    "RankedPotential",
    "WeightedIndicators",
    "fairness_check",
    "rank",
]
