"""Strategies by name, for every pluggable family: the registry and the params helpers.

Scoring, competency, improvement, oversight and analytics all choose their
strategies from configuration the same way: a :class:`Registry` maps names to
factories, an app stores ``{"strategy": ..., "params": ...}``
(:class:`StrategyConfig`) and gets the same strategy back. A strategy class
turns its attrs fields into JSON-ready params with :func:`params_of` and is
built back with :func:`from_params`. This is ground-level: it needs nothing of
perfcore but the errors, so every family can use it.

>>> registry = Registry.empty("acme.scoring")
>>> registry.group, registry.names()
('acme.scoring', ())
"""

from perfcore.strategies._params import from_params, params_of
from perfcore.strategies._registry import Factory, Registry, StrategyConfig

__all__ = ["Factory", "Registry", "StrategyConfig", "from_params", "params_of"]
