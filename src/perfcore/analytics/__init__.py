"""Analytics for notebooks and HR reporting, on plain records.

Pure Python; ``to_frame`` turns any rows into a pandas DataFrame when the
``perfcore[pandas]`` extra is installed. ``import perfcore`` never imports
this package, and this package never imports pandas until asked.
"""

from perfcore.analytics.agreement import (
    AlphaLevel,
    AlphaResult,
    IccForm,
    IccResult,
    icc,
    krippendorff_alpha,
)
from perfcore.analytics.frames import as_rows, to_frame
from perfcore.analytics.records import (
    EmploymentEvent,
    EmploymentEventKind,
    GroupKey,
    RatingRecord,
    TalentRecord,
    group_of,
)
from perfcore.analytics.rows import (
    competency_rows,
    cycle_rows,
    finding_rows,
    rating_records,
    score_rows,
)
from perfcore.analytics.talent import (
    ALL,
    NO_GROUP,
    Metric,
    PeriodLike,
    check_in_compliance,
    employed_on,
    goal_agreement_rate,
    headcount,
    high_performer_retention,
    high_potential_retention,
    promotion_rate,
    regretted_attrition,
    retention_rate,
    training_participation,
    turnover,
)

__all__ = [
    "ALL",
    "NO_GROUP",
    "AlphaLevel",
    "AlphaResult",
    "EmploymentEvent",
    "EmploymentEventKind",
    "GroupKey",
    "IccForm",
    "IccResult",
    "Metric",
    "PeriodLike",
    "RatingRecord",
    "TalentRecord",
    "as_rows",
    "check_in_compliance",
    "competency_rows",
    "cycle_rows",
    "employed_on",
    "finding_rows",
    "goal_agreement_rate",
    "group_of",
    "headcount",
    "high_performer_retention",
    "high_potential_retention",
    "icc",
    "krippendorff_alpha",
    "promotion_rate",
    "rating_records",
    "regretted_attrition",
    "retention_rate",
    "score_rows",
    "to_frame",
    "training_participation",
    "turnover",
]
