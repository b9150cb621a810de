"""Reading intervention lists from strategy parameters, shared by the mappings that hold them.

``InterventionMap`` (competency gaps) and ``CauseInterventions`` (root causes)
both keep lists of :class:`InterventionKind` per key; their ``from_params``
read those lists here, so both report a bad entry at its index the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError
from perfcore.improvement.model import InterventionKind
from perfcore.strategies import from_params

T = TypeVar("T")


def kinds_of(
    raw: object, where: str, problems: list[Problem]
) -> tuple[InterventionKind, ...] | None:
    """``raw`` as interventions, or ``None`` after adding what is wrong to ``problems``."""
    if isinstance(raw, str | bytes) or not isinstance(raw, list | tuple):
        problems.append(
            Problem(path=where, message=f"must be a list of interventions, got {v.describe(raw)}")
        )
        return None
    allowed = ", ".join(repr(kind.value) for kind in InterventionKind)
    kinds: list[InterventionKind] = []
    bad = False
    for index, item in enumerate(raw):
        try:
            kinds.append(InterventionKind(item))
        except (ValueError, TypeError):
            problems.append(Problem(path=f"{where}[{index}]", message=f"must be one of {allowed}"))
            bad = True
    return None if bad else tuple(kinds)


def from_params_with_kinds(cls: type[T], params: object, lists: Iterable[str]) -> T:
    """Build ``cls`` from JSON-ready ``params`` whose ``lists`` fields hold intervention values.

    Every problem is reported at once under ``$.params``, the lists' in the
    order ``lists`` names them; left-out fields keep their defaults.
    """
    if not isinstance(params, Mapping):
        return from_params(cls, params)  # raises: not an object
    names = tuple(lists)
    problems: list[Problem] = []
    kinds: dict[str, Any] = {}
    for field in (name for name in names if name in params):
        found = kinds_of(params[field], f"$.params.{field}", problems)
        if found is not None:
            kinds[field] = found
    rest = {key: value for key, value in params.items() if key not in names}
    base = None
    try:
        base = from_params(cls, rest)  # also reports names that are not parameters
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems or base is None:
        raise ValidationError(problems)
    try:
        return attrs.evolve(base, **kinds)  # type: ignore[misc]
    except ValidationError as exc:
        raise type(exc)(
            p.at(f"$.params.{p.path.partition('.')[2]}") for p in exc.problems
        ) from None
