"""Compiling generated source so that tracebacks, ``inspect`` and debuggers can read it.

A few functions are generated from attrs fields rather than written by hand:
the unchecked builders (:mod:`perfcore._unchecked`) and the fast structuring
functions (:mod:`perfcore._serialization_fast`). As attrs does for the
methods it generates, each source is put in :mod:`linecache` under a
``<perfcore generated KIND module.Class>`` filename before it is compiled, so
a traceback shows the generated lines, :func:`inspect.getsource` returns them
and a debugger can step into them.

The entries are never changed once made: a filename always names one source
(another source for the same class gets ``-1``, ``-2``, ... before the ``>``),
so nothing read from them depends on what was generated before.
"""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["define", "filename"]


def filename(kind: str, cls: type) -> str:
    """The filename for code of ``kind`` generated for ``cls``: stable across runs.

    >>> filename("build", int)
    '<perfcore generated build builtins.int>'
    """
    return f"<perfcore generated {kind} {cls.__module__}.{cls.__qualname__}>"


def define(source: str, name: str, file: str, namespace: dict[str, Any]) -> Any:  # noqa: ANN401
    r"""Register ``source`` in linecache as ``file``, run it in ``namespace``, return ``name``.

    ``namespace`` is the generated code's globals; what the source defines
    is kept apart from it, and the definition called ``name`` is returned.

    >>> import inspect
    >>> double = define("def double(x):\n    return 2 * x\n", "double",
    ...                 filename("double", int), {})
    >>> double(21), inspect.getsource(double)
    (42, 'def double(x):\n    return 2 * x\n')
    """
    unique = _register(source, file)
    defined: dict[str, Any] = {}
    exec(compile(source, unique, "exec"), namespace, defined)  # noqa: S102 - generated here
    return defined[name]


def _register(source: str, file: str) -> str:
    """``file``, or ``file`` numbered, whichever linecache holds (or now holds) ``source`` as."""
    lines = source.splitlines(keepends=True)
    candidate, count = file, 1
    while True:
        entry = (len(source), None, lines, candidate)
        if linecache.cache.setdefault(candidate, entry) == entry:
            return candidate
        candidate = f"{file[:-1]}-{count}>"
        count += 1
