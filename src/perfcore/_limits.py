"""Limits on input: how deeply data read from outside may nest.

Everything perfcore reads from data (JSON text, structured documents, strategy
and audit-rule params, policy tables) is checked against :data:`MAX_DEPTH`
before anything walks it recursively, so a hostile or broken document is
refused with a :class:`~perfcore.errors.ValidationError` naming the path
instead of exhausting the interpreter's stack. No perfcore record nests
anywhere near this deep: a cycle document nests 9 levels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from perfcore.errors import Problem, ValidationError

MAX_DEPTH = 100
"""The deepest nesting of objects and arrays perfcore reads (``{"a": [1]}`` is 2)."""

_LEAVES = frozenset({str, int, float, bool, bytes, type(None)})
_CONTAINERS = (Mapping, list, tuple, set, frozenset)


def _children(item: object) -> Iterable[object]:
    """The items of a mapping (its values) or a sequence or set; nothing for anything else."""
    if isinstance(item, Mapping):
        return list(item.values())
    if isinstance(item, list | tuple | set | frozenset):
        return list(item)
    return ()


def depth_exceeds(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether the mappings and sequences of ``value`` nest deeper than ``limit``.

    One pass, level by level, with no recursion and no paths (plain dicts and
    lists, what JSON gives, take the quickest way): cheap enough to run on
    every document before it is read.
    """
    level = [value]
    for _ in range(limit):
        level = [
            child
            for item in level
            for child in (
                item.values()
                if type(item) is dict
                else item
                if type(item) is list
                else _children(item)
            )
            if type(child) not in _LEAVES
        ]
        if not level:
            return False
    return any(isinstance(item, _CONTAINERS) for item in level)


def check_depth(value: object, path: str = "$", limit: int = MAX_DEPTH) -> None:
    """Refuse ``value`` if its mappings and sequences nest deeper than ``limit``.

    Raises :class:`~perfcore.errors.ValidationError` naming the path of the
    first container found too deep. Never recurses.
    """
    if not depth_exceeds(value, limit):
        return
    stack: list[tuple[object, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, Mapping):
            children = [(child, f"{where}.{key}") for key, child in item.items()]
        elif isinstance(item, list | tuple | set | frozenset):
            children = [(child, f"{where}[{index}]") for index, child in enumerate(item)]
        else:
            continue
        if depth >= limit:
            raise ValidationError.single(where, f"is nested more than {limit} levels deep")
        stack.extend((child, at, depth + 1) for child, at in children)


def check_data(value: object, path: str = "$", limit: int = MAX_DEPTH) -> None:
    """Refuse ``value`` unless it reads like JSON data: no deeper than ``limit``, string keys.

    For small documents read from data (strategy and rule params, scoring
    configs, visibility tables): every problem is raised at once, each with its
    path. Never recurses.
    """
    check_depth(value, path, limit)
    problems: list[Problem] = []
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str):
                    stack.append((child, f"{where}.{key}"))
                else:
                    message = f"keys must be strings, got {type(key).__name__}"
                    problems.append(Problem(path=where, message=message))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: p.path))
