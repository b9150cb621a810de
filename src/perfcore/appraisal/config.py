"""How an appraisal is scored: :class:`ScoringConfig` and the component names.

:class:`ScoringConfig` says which strategy scores each kind of measure, how goal
scores combine, whether development objectives count, how the goal score
combines with other components (self-assessment, competencies, feedback), and
which rating bands label the result. It is plain data through a registry
(:meth:`ScoringConfig.to_data` / :meth:`ScoringConfig.from_data`), so an app can
store it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore._limits import check_data
from perfcore.competency.gaps import FitStrategy, WeightedGapFit
from perfcore.errors import Problem, ValidationError
from perfcore.measures import MEASURE_TYPES
from perfcore.scoring.combiners import RatingBands, WeightedMean
from perfcore.scoring.goal_scorers import (
    MilestoneCompletion,
    ScaleRating,
    ThresholdTargetStretch,
    YesNo,
)
from perfcore.scoring.protocols import Combiner, GoalScorer
from perfcore.scoring.results import Bounds
from perfcore.strategies import Registry

__all__ = ["COMPETENCIES", "GOALS", "SELF", "ScoringConfig"]

GOALS = "goals"
"""The component name of the combined goal score in a composite."""
SELF = "self"
"""The component name of the self-assessment's goal score, when a composite asks for it."""
COMPETENCIES = "competencies"
"""The component name of the competency fit, when a composite asks for it."""

_MEASURE_TAGS = tuple(m.TAG for m in MEASURE_TYPES)


def _default_scorers() -> Mapping[str, GoalScorer]:
    return {
        "milestones": MilestoneCompletion(),
        "numeric": ThresholdTargetStretch(),
        "scale": ScaleRating(),
        "yes_no": YesNo(),
    }


def _check_scorers(inst: ScoringConfig, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must map measure types to scorers, got {v.describe(value)}")
    for tag, scorer in value.items():
        if tag not in _MEASURE_TAGS:
            v.fail(inst, attr, f"{tag!r} is not a measure type ({', '.join(_MEASURE_TAGS)})")
        if not isinstance(scorer, GoalScorer):
            v.fail(inst, attr, f"the scorer for {tag!r} is not a GoalScorer")


def _check_combiner(inst: ScoringConfig, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Combiner):
        v.fail(inst, attr, f"must be a Combiner, got {v.describe(value)}")


def _check_fit(inst: ScoringConfig, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, FitStrategy):
        v.fail(inst, attr, f"must be a FitStrategy, got {v.describe(value)}")


def _required(inst: ScoringConfig, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        v.fail(inst, attr, "must be a Combiner, got None")


def _scorer_scale(scorer: object) -> tuple[float, float] | None:
    """The scale a scorer's scores are read on: its ``scale``, else its ``bounds``, if bounded."""
    stated = getattr(scorer, "scale", None)
    bounds = stated if isinstance(stated, Bounds) else getattr(scorer, "bounds", None)
    if isinstance(bounds, Bounds) and bounds.high is not None:
        return (bounds.low, bounds.high)
    return None


def _check_composite(inst: ScoringConfig, attr: attrs.Attribute[Any], value: object) -> None:
    weights = dict(getattr(value, "weights", ()))
    if weights and GOALS not in weights:
        v.fail(
            inst, attr, f"must weigh the {GOALS!r} component, weighs: {', '.join(sorted(weights))}"
        )


def _freeze(value: object) -> object:
    """Sort a mapping of scorers by measure type; anything else is left for the validator."""
    if isinstance(value, Mapping):
        try:
            return FrozenMap(dict(sorted(value.items())))
        except TypeError:  # keys that do not sort: the validator names them
            return FrozenMap(value)
    return value


def _scorers(value: object, config: ScoringConfig) -> object:
    """The default scorer map extended by ``value`` (``value`` alone if ``replace_scorers``)."""
    if isinstance(value, Mapping) and config.replace_scorers is not True:
        value = {**_default_scorers(), **value}
    return _freeze(value)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ScoringConfig:
    """How an appraisal is scored. Every part has a sensible default.

    - ``goal_scorers``: measure type (``"numeric"``, ``"milestones"``,
      ``"yes_no"``, ``"scale"``) → the scorer for goals with that measure. The
      map given *extends* the default one (threshold / target / stretch for
      numeric goals, milestone completion, yes / no, scale rating): naming one
      measure type replaces that type's scorer and keeps the others;
    - ``replace_scorers``: ``True`` makes ``goal_scorers`` the whole map, so a
      goal whose measure type it leaves out cannot be scored (default ``False``);
    - ``goal_combiner``: combines goal attainments by goal weight
      (default :class:`WeightedMean`, weights must total 100);
    - ``include_development``: whether development objectives count in the
      goal score (default: only performance objectives);
    - ``composite``: optionally combines the goal score (component ``"goals"``)
      with other components; ``"self"`` is filled in from the self-assessment,
      others are passed to :func:`score_assessment` by the app;
    - ``bands``: optionally labels the final value.

    >>> ScoringConfig().include_development
    False
    >>> from perfcore.scoring import BaselineProgress
    >>> sorted(ScoringConfig(goal_scorers={"numeric": BaselineProgress()}).goal_scorers)
    ['milestones', 'numeric', 'scale', 'yes_no']
    >>> only = ScoringConfig(goal_scorers={"numeric": BaselineProgress()}, replace_scorers=True)
    >>> sorted(only.goal_scorers)
    ['numeric']
    """

    replace_scorers: bool = attrs.field(default=False, validator=v.boolean(), eq=False)
    goal_scorers: Mapping[str, GoalScorer] = attrs.field(
        factory=_default_scorers,
        converter=attrs.Converter(_scorers, takes_self=True),  # type: ignore[misc,call-overload]
        validator=_check_scorers,
        eq=False,
    )
    goal_combiner: Combiner = attrs.field(
        factory=WeightedMean, validator=[_required, _check_combiner]
    )
    include_development: bool = attrs.field(default=False, validator=v.boolean())
    composite: Combiner | None = attrs.field(
        default=None, validator=[_check_combiner, _check_composite]
    )
    bands: RatingBands | None = attrs.field(
        default=None, validator=v.instance(RatingBands, optional=True)
    )
    competency_fit: FitStrategy = attrs.field(factory=WeightedGapFit, validator=_check_fit)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoringConfig):
            return NotImplemented
        return (
            dict(self.goal_scorers) == dict(other.goal_scorers)
            and self.goal_combiner == other.goal_combiner
            and self.include_development == other.include_development
            and self.composite == other.composite
            and self.bands == other.bands
            and self.competency_fit == other.competency_fit
        )

    def __hash__(self) -> int:
        return hash((tuple(self.goal_scorers), self.include_development))

    @functools.cached_property
    def _memo(self) -> dict[str, Any]:
        """Per-config memo (not a field: equality, hashing and data ignore it)."""
        return {}

    def _json(self, registry: Registry) -> str:
        """:meth:`to_data` as canonical JSON text, worked out once per registry.

        The config is a frozen value with read-only contents and a registry
        too (``register`` returns a new one), so the text for the same
        registry object cannot change; it is kept for the last registry used.
        """
        last = self._memo.get("json")
        if last is not None and last[0] is registry:
            text: str = last[1]
            return text
        text = json.dumps(self.to_data(registry), sort_keys=True, separators=(",", ":"))
        self._memo["json"] = (registry, text)
        return text

    def _scorer_scales(self) -> Mapping[str, tuple[float, float] | None]:
        """Each measure type's scorer's scale ``(low, high)``, worked out once.

        The scale is the scorer's ``scale``, else its ``bounds``, when bounded
        (``None`` when it states neither). The scorers are frozen values in a
        read-only map, as for :meth:`_json`.
        """
        scales: dict[str, tuple[float, float] | None] | None = self._memo.get("scales")
        if scales is None:
            scales = {tag: _scorer_scale(scorer) for tag, scorer in self.goal_scorers.items()}
            self._memo["scales"] = scales
        return scales

    def to_data(self, registry: Registry) -> dict[str, Any]:
        """JSON-ready data; :meth:`from_data` with the same registry rebuilds it."""
        v.require(registry, Registry, "registry")
        return {
            "goal_scorers": {tag: registry.config_of(s) for tag, s in self.goal_scorers.items()},
            "goal_combiner": registry.config_of(self.goal_combiner),
            "include_development": self.include_development,
            "composite": None if self.composite is None else registry.config_of(self.composite),
            "bands": None if self.bands is None else registry.config_of(self.bands),
            "competency_fit": registry.config_of(self.competency_fit),
        }

    @classmethod
    def from_data(cls, data: object, registry: Registry, *, path: str = "$") -> ScoringConfig:
        """Build a config from :meth:`to_data` output; problems name their path."""
        if not isinstance(data, Mapping):
            raise ValidationError.single(path, f"must be an object, got {type(data).__name__}")
        check_data(data, path)
        known = {
            "goal_scorers",
            "goal_combiner",
            "include_development",
            "composite",
            "bands",
            "competency_fit",
        }
        problems = [
            Problem(path=f"{path}.{key}", message="is not a known field")
            for key in sorted(str(k) for k in data if k not in known)
        ]
        kwargs: dict[str, Any] = {}
        scorers = data.get("goal_scorers")
        if scorers is not None:
            if not isinstance(scorers, Mapping):
                problems.append(Problem(path=f"{path}.goal_scorers", message="must be an object"))
            else:
                built: dict[str, Any] = {}
                for tag, config in sorted(scorers.items()):
                    built[tag] = _collect(
                        problems,
                        lambda c=config, t=tag: registry.build(c, path=f"{path}.goal_scorers.{t}"),
                    )
                kwargs["goal_scorers"] = built
        for key in ("goal_combiner", "composite", "bands", "competency_fit"):
            if data.get(key) is not None:
                kwargs[key] = _collect(
                    problems, lambda k=key: registry.build(data[k], path=f"{path}.{k}")
                )
        if "include_development" in data:
            kwargs["include_development"] = data["include_development"]
        kwargs["replace_scorers"] = _replaces(kwargs.get("goal_scorers"))
        if problems:
            raise ValidationError(problems)
        try:
            return cls(**kwargs)
        except ValidationError as exc:
            raise type(exc)(
                p.at(f"{path}.{p.path.partition('.')[2]}") for p in exc.problems
            ) from None


def _replaces(scorers: object) -> bool:
    """Whether a stored scorer map replaced the default one: data holds a config's whole map."""
    return isinstance(scorers, Mapping) and not set(_default_scorers()) <= set(scorers)


def _collect(problems: list[Problem], build: Any) -> Any:  # noqa: ANN401
    try:
        return build()
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None
