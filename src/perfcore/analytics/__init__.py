"""Analytics for notebooks and HR reporting, on plain records.

Pure Python; ``to_frame`` turns any rows into a pandas DataFrame when the
``perfcore[pandas]`` extra is installed. ``import perfcore`` never imports
this package, and this package never imports pandas until asked.
"""

from perfcore.analytics.records import (
    EmploymentEvent,
    EmploymentEventKind,
    GroupKey,
    RatingRecord,
    TalentRecord,
    group_of,
)

__all__ = [
    "EmploymentEvent",
    "EmploymentEventKind",
    "GroupKey",
    "RatingRecord",
    "TalentRecord",
    "group_of",
]
