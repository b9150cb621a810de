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

__all__ = [
    "AlphaLevel",
    "AlphaResult",
    "EmploymentEvent",
    "EmploymentEventKind",
    "GroupKey",
    "IccForm",
    "IccResult",
    "RatingRecord",
    "TalentRecord",
    "as_rows",
    "competency_rows",
    "cycle_rows",
    "finding_rows",
    "group_of",
    "icc",
    "krippendorff_alpha",
    "rating_records",
    "score_rows",
    "to_frame",
]
