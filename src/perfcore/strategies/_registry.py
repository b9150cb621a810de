"""Strategies by name: build one from plain data, and turn one back into data.

An app stores ``{"strategy": "threshold_target_stretch", "params": {...}}`` and
gets the same strategy back with :meth:`Registry.build`; :meth:`Registry.config_of`
gives the data for a strategy. Registries are values: ``register`` returns a new
registry and never changes the one it is called on, so there is no global
mutable state. ``Registry.empty()`` is there for tests.

Every pluggable family (scoring, competency, improvement, oversight, analytics)
has a registry of its own and an entry-point group of its own
(``perfcore.scoring``, ``perfcore.competency``, ...), which the registry
carries as ``group``. Third-party packages add strategies through that group:
each entry point names a factory (usually a class with a ``from_params``
classmethod, or any callable taking the params mapping). Reading entry points
reads installed package metadata, so perfcore does it only when asked:
``DEFAULT_REGISTRY.with_entry_points()``.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap, freeze, thaw
from perfcore._limits import check_data, check_depth
from perfcore.errors import Problem, ValidationError

__all__ = ["Factory", "Registry", "StrategyConfig"]

Factory = Callable[[Mapping[str, Any]], Any]
"""Builds a strategy from its JSON-ready params; raises ``ValidationError`` on bad ones."""

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_GROUP = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def _read_params(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """``params`` made read-only throughout, once they are known not to nest too deeply."""
    check_depth(params, "StrategyConfig.params")
    frozen: Mapping[str, Any] = freeze(params)
    return frozen


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class StrategyConfig:
    """A strategy as data: its registry name and JSON-ready params.

    >>> StrategyConfig(strategy="yes_no", params={}).to_data()
    {'strategy': 'yes_no', 'params': {}}
    """

    strategy: str
    params: Mapping[str, Any] = attrs.field(factory=FrozenMap, converter=_read_params, eq=False)
    """Read-only: nested objects are read-only mappings, lists are tuples."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StrategyConfig):
            return NotImplemented
        return self.strategy == other.strategy and dict(self.params) == dict(other.params)

    def __hash__(self) -> int:
        return hash(self.strategy)

    def to_data(self) -> dict[str, Any]:
        """``{"strategy": ..., "params": ...}``."""
        return {"strategy": self.strategy, "params": thaw(self.params)}

    @classmethod
    def from_data(cls, data: object, *, path: str = "$") -> StrategyConfig:
        """Read ``{"strategy": name, "params": {...}}``; ``params`` may be left out."""
        if not isinstance(data, Mapping):
            raise ValidationError.single(path, f"must be an object, got {type(data).__name__}")
        check_data(data, path)
        problems = [
            Problem(path=f"{path}.{key}", message="is not a known field")
            for key in sorted(str(k) for k in data if k not in ("strategy", "params"))
        ]
        name = data.get("strategy")
        if not isinstance(name, str):
            problems.append(Problem(path=f"{path}.strategy", message="is required (a name)"))
        params = data.get("params", {})
        if not isinstance(params, Mapping):
            problems.append(
                Problem(
                    path=f"{path}.params", message=f"must be an object, got {type(params).__name__}"
                )
            )
        if problems:
            raise ValidationError(problems)
        assert isinstance(name, str)  # noqa: S101 - narrowed above
        assert isinstance(params, Mapping)  # noqa: S101 - narrowed above
        return cls(strategy=name, params=dict(params))


def _read_only(factories: Mapping[str, Factory]) -> Mapping[str, Factory]:
    return FrozenMap(factories)


@v.reports_all_problems
@attrs.frozen
class Registry:
    """An immutable mapping of strategy names to factories.

    >>> from perfcore.scoring import DEFAULT_REGISTRY
    >>> scorer = DEFAULT_REGISTRY.build({"strategy": "yes_no", "params": {}})
    >>> DEFAULT_REGISTRY.config_of(scorer)
    {'strategy': 'yes_no', 'params': {}}
    >>> DEFAULT_REGISTRY.group
    'perfcore.scoring'
    >>> Registry.empty().names()
    ()
    """

    _factories: Mapping[str, Factory] = attrs.field(factory=FrozenMap, converter=_read_only)
    group: str | None = attrs.field(default=None, kw_only=True)
    """The entry-point group of the family this registry serves (``"perfcore.scoring"``)."""

    @classmethod
    def empty(cls, group: str | None = None) -> Registry:
        """A registry with no strategies, for the family whose entry-point group is ``group``."""
        if group is not None and not (isinstance(group, str) and _GROUP.fullmatch(group)):
            raise ValidationError.single(
                "Registry.group", f"must be a dotted name like 'acme.scoring', got {group!r}"
            )
        return cls(group=group)

    def names(self) -> tuple[str, ...]:
        """Registered names, sorted."""
        return tuple(sorted(self._factories))

    def register(self, name: str, factory: Factory) -> Registry:
        """A new registry that also knows ``name``; refuses bad or taken names."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ValidationError.single(
                "Registry.name", f"must be a lowercase identifier like 'my_curve', got {name!r}"
            )
        if name in self._factories:
            raise ValidationError.single("Registry.name", f"{name!r} is already registered")
        if not callable(factory):
            raise ValidationError.single("Registry.factory", f"must be callable, got {factory!r}")
        factories: dict[str, Factory] = {**self._factories, name: factory}
        return Registry(factories, group=self.group)

    def build(self, config: object, *, path: str = "$") -> Any:  # noqa: ANN401 - any strategy
        """The strategy that ``config`` (a mapping or :class:`StrategyConfig`) describes."""
        if not isinstance(config, StrategyConfig):
            config = StrategyConfig.from_data(config, path=path)
        factory = self._factories.get(config.strategy)
        if factory is None:
            known = ", ".join(self.names()) or "none"
            raise ValidationError.single(
                f"{path}.strategy", f"unknown strategy {config.strategy!r}; known: {known}"
            )
        try:
            return factory(config.params)
        except ValidationError as exc:
            raise type(exc)(p.at(_under(path, p.path)) for p in exc.problems) from None

    def config_of(self, strategy: object) -> dict[str, Any]:
        """The data that rebuilds ``strategy``: ``{"strategy": name, "params": {...}}``."""
        name = getattr(strategy, "name", None)
        params = getattr(strategy, "params", None)
        if not isinstance(name, str) or not callable(params):
            raise ValidationError.single(
                "strategy", f"must have a name and params(), got {type(strategy).__name__}"
            )
        if name not in self._factories:
            raise ValidationError.single("strategy", f"{name!r} is not registered here")
        return StrategyConfig(strategy=name, params=params()).to_data()

    def with_entry_points(self, group: str | None = None) -> Registry:
        """A new registry with the strategies installed packages declare under ``group``.

        ``group`` defaults to the registry's own family group. This reads
        installed package metadata; call it once at app start-up.
        """
        group = self.group if group is None else group
        if group is None:
            raise ValidationError.single(
                "group", "this registry belongs to no family: name the entry-point group"
            )
        registry = self
        for entry_point in sorted(
            importlib.metadata.entry_points(group=group), key=lambda e: e.name
        ):
            registry = registry.register(entry_point.name, _lazy(entry_point))
        return registry


def _lazy(entry_point: importlib.metadata.EntryPoint) -> Factory:
    def build(params: Mapping[str, Any]) -> Any:  # noqa: ANN401 - any strategy
        target = entry_point.load()
        maker = getattr(target, "from_params", target)
        return maker(params)

    return build


def _under(path: str, inner: str) -> str:
    """Put a problem raised while building under the config's path."""
    if inner.startswith("$"):
        return path + inner[1:]
    return f"{path}.{inner}"
