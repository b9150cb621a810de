"""Which interventions follow from which root cause: a configurable mapping.

A shortfall's cause decides what can fix it. Objective causes lie outside the
person, so the manager changes the situation (removes obstacles, redesigns
the goal, clarifies what is expected); subjective causes lie with the person,
so the employee learns (training), gains experience (practice, stretch
assignments, rotations, mentoring) or changes how they work (coaching, a
conversation). An attitude finding first asks *where* the attitude comes
from: from how people are managed (fix the management) or from the employee
(talk with them). :class:`CauseInterventions` holds that mapping as
configuration, one field per cause, and answers two questions: which kinds of
action are allowed for a cause (:meth:`~CauseInterventions.allowed_for`), and
does a given action follow from it (:meth:`~CauseInterventions.follows_from`).

>>> from perfcore.improvement.model import CauseCategory, RootCause
>>> gap = RootCause(id="rc1", goal_id="g1", category=CauseCategory.KNOWLEDGE,
...                 description="Has never priced a service contract")
>>> [kind.value for kind in DEFAULT_CAUSE_INTERVENTIONS.allowed_for(gap)]
['training', 'counselling']
>>> DEFAULT_CAUSE_INTERVENTIONS.follows_from(InterventionKind.ROTATION, gap)
False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from perfcore import _validators as v
from perfcore.errors import ValidationError
from perfcore.improvement._kinds import from_params_with_kinds
from perfcore.improvement.model import CauseCategory, InterventionKind, RootCause
from perfcore.strategies import params_of

__all__ = [
    "DEFAULT_CAUSE_INTERVENTIONS",
    "IMPROVEMENT_STRATEGIES",
    "CauseInterventions",
]

_CAUSES = (
    "resources",
    "environment",
    "unrealistic_goal",
    "expectations",
    "knowledge",
    "experience",
    "attitude_management",
    "attitude_employee",
    "capacity",
)
"""The fields of :class:`CauseInterventions`, one per cause: attitude has one per attribution."""


def _field_of(cause: RootCause) -> str:
    """The field holding ``cause``'s interventions: the category, attitude split by attribution."""
    if cause.category is CauseCategory.ATTITUDE and cause.attribution is not None:
        return f"attitude_{cause.attribution.value}"
    return cause.category.value


def _plan(*default: InterventionKind) -> Any:  # noqa: ANN401 - an attrs field
    return attrs.field(
        default=default, validator=[v.tuple_of(InterventionKind, unique=True), v.non_empty_tuple()]
    )


_K = InterventionKind


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CauseInterventions:
    """Which interventions follow from each root cause, in the order they are proposed.

    Each field lists the kinds of action allowed for one cause (at least one,
    no repeats); the first ones are proposed first when a plan is drafted.
    Attitude has two fields, chosen by the cause's attribution. The defaults:

    ==================================  ================================================
    cause                               interventions
    ==================================  ================================================
    resources (objective)               remove obstacles
    environment (objective)             remove obstacles, redesign
    unrealistic_goal (objective)        redesign, clarify expectations
    expectations (objective)            clarify expectations, coaching
    knowledge (subjective)              training, counselling
    experience (subjective)             practice, stretch assignment, rotation, mentoring
    attitude, management (subjective)   management fix, coaching
    attitude, employee (subjective)     conversation, coaching, counselling
    capacity (subjective)               redesign, coaching
    ==================================  ================================================

    It is a registry strategy (``NAME = "cause_interventions"``): :meth:`params`
    is JSON-ready and :meth:`from_params` rebuilds it.

    >>> from perfcore.improvement.model import Attribution
    >>> late = RootCause(id="rc3", goal_id="g2", category=CauseCategory.ATTITUDE,
    ...                  attribution=Attribution.MANAGEMENT, description="No feedback all year")
    >>> [k.value for k in CauseInterventions().allowed_for(late)]
    ['management_fix', 'coaching']
    >>> mine = CauseInterventions(attitude_management=(InterventionKind.MANAGEMENT_FIX,))
    >>> mine.follows_from(InterventionKind.COACHING, late)
    False
    """

    NAME: ClassVar[str] = "cause_interventions"

    resources: tuple[InterventionKind, ...] = _plan(_K.REMOVE_OBSTACLES)
    environment: tuple[InterventionKind, ...] = _plan(_K.REMOVE_OBSTACLES, _K.REDESIGN)
    unrealistic_goal: tuple[InterventionKind, ...] = _plan(_K.REDESIGN, _K.CLARIFY_EXPECTATIONS)
    expectations: tuple[InterventionKind, ...] = _plan(_K.CLARIFY_EXPECTATIONS, _K.COACHING)
    knowledge: tuple[InterventionKind, ...] = _plan(_K.TRAINING, _K.COUNSELLING)
    experience: tuple[InterventionKind, ...] = _plan(
        _K.PRACTICE, _K.STRETCH_ASSIGNMENT, _K.ROTATION, _K.MENTORING
    )
    attitude_management: tuple[InterventionKind, ...] = _plan(_K.MANAGEMENT_FIX, _K.COACHING)
    """Attitude caused by how people are managed."""
    attitude_employee: tuple[InterventionKind, ...] = _plan(
        _K.CONVERSATION, _K.COACHING, _K.COUNSELLING
    )
    """Attitude that lies with the employee."""
    capacity: tuple[InterventionKind, ...] = _plan(_K.REDESIGN, _K.COACHING)

    @property
    def name(self) -> str:
        """The registry name, ``"cause_interventions"``."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters: interventions as their values.

        >>> CauseInterventions().params()["knowledge"]
        ['training', 'counselling']
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CauseInterventions:
        """Build from :meth:`params` data; left-out causes keep their defaults.

        Bad data raises :class:`perfcore.ValidationError` under ``$.params``;
        an unknown intervention is reported at its index.

        >>> CauseInterventions.from_params({"knowledge": ["counselling"]}).knowledge
        (<InterventionKind.COUNSELLING: 'counselling'>,)
        >>> CauseInterventions.from_params({"knowledge": ["trainig"]})
        Traceback (most recent call last):
        ...
        perfcore.errors.ValidationError: $.params.knowledge[0]: must be one of 'training', ...
        """
        return from_params_with_kinds(cls, params, _CAUSES)

    def allowed_for(self, cause: RootCause) -> tuple[InterventionKind, ...]:
        """The interventions allowed for ``cause``, in proposal order.

        An attitude cause uses ``attitude_management`` or ``attitude_employee``
        according to its attribution.
        """
        if not isinstance(cause, RootCause):
            raise ValidationError.single("cause", f"must be a RootCause, got {v.describe(cause)}")
        allowed: tuple[InterventionKind, ...] = getattr(self, _field_of(cause))
        return allowed

    def follows_from(self, kind: InterventionKind, cause: RootCause) -> bool:
        """Whether an action of ``kind`` is one this mapping allows for ``cause``."""
        if not isinstance(kind, InterventionKind):
            raise ValidationError.single(
                "kind", f"must be an InterventionKind, got {v.describe(kind)}"
            )
        return kind in self.allowed_for(cause)


DEFAULT_CAUSE_INTERVENTIONS = CauseInterventions()
"""The default mapping, ``CauseInterventions()``; the default of ``draft_plan``."""

IMPROVEMENT_STRATEGIES = (CauseInterventions,)
"""Strategies to register: ``registry.register(cls.NAME, cls.from_params)`` for each."""
