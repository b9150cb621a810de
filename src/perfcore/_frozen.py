"""Read-only contents for frozen records: a mapping that cannot change and pickles.

A frozen attrs record only stops its fields being rebound; a dict or list in a
field could still be changed in place. So every mapping a record holds is a
:class:`FrozenMap` and every sequence a tuple (:func:`freeze` converts nested
data). ``types.MappingProxyType`` is read-only too, but cannot be pickled, so
a record holding one could not cross a process boundary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that keeps its order, compares like a dict and pickles.

    >>> table = FrozenMap({"b": 1, "a": 2})
    >>> table["a"], list(table), table == {"a": 2, "b": 1}, table
    (2, ['b', 'a'], True, {'b': 1, 'a': 2})
    >>> table["c"] = 3
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMap' object does not support item assignment
    """

    __slots__ = ("_data",)

    _data: dict[K, V]

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)  # reads like the dict it was built from, in records' reprs too

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__!r} object is read-only"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"{type(self).__name__!r} object is read-only"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

    def __copy__(self) -> FrozenMap[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenMap[K, V]:
        import copy  # noqa: PLC0415 - only a deep copy needs it

        return type(self)(copy.deepcopy(self._data, memo))


def freeze(value: object) -> Any:  # noqa: ANN401 - returns whatever it is given, made immutable
    """``value`` with every mapping made a :class:`FrozenMap`, every list or tuple a tuple.

    Sets become frozensets; anything else is returned as it is.

    >>> frozen = freeze({"weights": [1, 2], "by": {"a": [3]}})
    >>> frozen, type(frozen["by"]).__name__
    ({'weights': (1, 2), 'by': {'a': (3,)}}, 'FrozenMap')
    """
    if isinstance(value, FrozenMap):
        return value if all(_is_frozen(item) for item in value.values()) else _map(value)
    if isinstance(value, Mapping):
        return _map(value)
    if isinstance(value, list | tuple):
        items = tuple(freeze(item) for item in value)
        return value if type(value) is tuple and _same(items, value) else items
    if isinstance(value, set | frozenset):
        return frozenset(freeze(item) for item in value)
    return value


def _map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    return FrozenMap({key: freeze(item) for key, item in value.items()})


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    return all(a is b for a, b in zip(new, old, strict=True))


def _is_frozen(value: object) -> bool:
    return freeze(value) is value


def thaw(value: object) -> Any:  # noqa: ANN401 - returns plain data of whatever it is given
    """The JSON-ready builtins of frozen data: mappings as dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value
