"""The organisation: launching a population's cycles at once, from versioned templates.

:mod:`perfcore.organisation.templates` holds goal and review templates per
position, department or level, with versions, and the choice of the one that
applies to a person; :mod:`perfcore.organisation.population` the people a
launch sees; :mod:`perfcore.organisation.eligibility` the eligibility rules, as
data; :mod:`perfcore.organisation.launch` :func:`launch`, which starts every
eligible person's cycle and says why each other person was left out.
"""

from __future__ import annotations

from perfcore.organisation.eligibility import (
    DEFAULT_REGISTRY,
    ContractTypes,
    Eligibility,
    EligibilityRule,
    HiredBy,
    MinimumTenure,
    NotOnLeave,
    Reason,
)
from perfcore.organisation.launch import Launched, LaunchResult, LeftOut, cycle_id_for, launch
from perfcore.organisation.population import Leave, Person
from perfcore.organisation.templates import (
    GoalTemplate,
    Question,
    ReviewSection,
    ReviewTemplate,
    TemplateRef,
    TemplateScope,
    latest_versions,
    select_template,
)

__all__ = [
    "DEFAULT_REGISTRY",
    "ContractTypes",
    "Eligibility",
    "EligibilityRule",
    "GoalTemplate",
    "HiredBy",
    "LaunchResult",
    "Launched",
    "Leave",
    "LeftOut",
    "MinimumTenure",
    "NotOnLeave",
    "Person",
    "Question",
    "Reason",
    "ReviewSection",
    "ReviewTemplate",
    "TemplateRef",
    "TemplateScope",
    "cycle_id_for",
    "latest_versions",
    "launch",
    "select_template",
]
