"""The two scoring contracts: score one goal, and combine weighted parts.

Any object with these methods is a strategy; it does not need to inherit from
anything. Built-in strategies are frozen attrs classes whose fields are their
parameters, so ``params()`` and the registry's ``build`` round-trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from perfcore.goals import Goal
from perfcore.scoring.results import Bounds, Combination, GoalScore, Part

__all__ = ["Combiner", "GoalScorer"]


@runtime_checkable
class GoalScorer(Protocol):
    """Turns one goal's result (``actual``) into a :class:`GoalScore`.

    ``actual`` is what the goal's measure counts: the value of a numeric
    measure, the number of milestones done, ``1``/``0`` for yes/no, the level
    for a scale measure, or a 0.0–1.0 grade for OKR grading. A scorer that
    cannot score a goal (its measure does not fit) raises
    :class:`perfcore.ValidationError` naming ``goal.measure``.

    Contract (checked by ``perfcore.testing.contracts.GoalScorerContract``):
    scores lie within ``bounds``; more achievement, in the measure's
    direction, never lowers the score; the same inputs give the same score.
    A scorer whose ``actual`` is not a value of the goal's measure (a grade
    where higher is always better) sets ``FOLLOWS_MEASURE_DIRECTION = False``.

    A scorer may also have a ``scale`` property (a :class:`Bounds`): the scale
    its scores are read on, when that is narrower than ``bounds`` (a payout
    curve read on 0–1, 1 the target met, that pays up to 1.5 for a stretch).
    An appraisal composite takes the goals component on ``scale``, or else on
    ``bounds``.
    """

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"threshold_target_stretch"``."""
        ...

    @property
    def bounds(self) -> Bounds:
        """The range every score of this scorer falls in."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters; the registry's ``build`` turns them back into this scorer."""
        ...

    def score(self, goal: Goal, actual: float) -> GoalScore:
        """Score ``goal`` given its result ``actual``."""
        ...


@runtime_checkable
class Combiner(Protocol):
    """Combines weighted parts (goal scores, appraisal components) into one value.

    Contract (checked by ``perfcore.testing.contracts.CombinerContract``):
    multiplying every weight by the same positive constant changes nothing; a
    single present part gives that part's value; the result never leaves the
    range of the present parts' values.
    """

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"weighted_mean"``."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters, as for :class:`GoalScorer`."""
        ...

    def combine(self, parts: Sequence[Part]) -> Combination:
        """Combine ``parts``; every part's contribution is in the result."""
        ...
