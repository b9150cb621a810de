"""The perfcore error hierarchy.

Every error perfcore raises on bad input derives from :class:`PerfcoreError`.
Leaf errors also derive from a builtin so generic handlers keep working:

>>> issubclass(ValidationError, ValueError)
True
>>> issubclass(PermissionDenied, PermissionError)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from perfcore.phases import Phase

__all__ = [
    "Blocker",
    "GuardError",
    "MissingDependency",
    "PerfcoreError",
    "PermissionDenied",
    "Problem",
    "TransitionError",
    "ValidationError",
    "VersionConflict",
]


class PerfcoreError(Exception):
    """Root of every error perfcore raises."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input: where (``path``) and what (``message``).

    >>> str(Problem(path="Goal.weight", message="must be at least 0, got -1"))
    'Goal.weight: must be at least 0, got -1'
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(PerfcoreError, ValueError):
    """Input is malformed; ``problems`` lists every bad field with its path.

    >>> err = ValidationError.single("Goal.title", "must not be empty")
    >>> err.problems[0].path
    'Goal.title'
    >>> str(err)
    'Goal.title: must not be empty'
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "invalid input")

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return type(self), (self.problems,)

    @classmethod
    def single(cls, path: str, message: str) -> ValidationError:
        """Build an error about one field."""
        return cls([Problem(path=path, message=message)])

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths of all problems, in order."""
        return tuple(p.path for p in self.problems)


class TransitionError(PerfcoreError, ValueError):
    """The command is not allowed in the cycle's current phase."""

    def __init__(self, command: str, phase: str, message: str) -> None:
        self.command = command
        self.phase = phase
        super().__init__(message)

    def __reduce__(self) -> tuple[type[TransitionError], tuple[str, str, str]]:
        return type(self), (self.command, self.phase, str(self))


class PermissionDenied(PerfcoreError, PermissionError):
    """The actor may not issue this command on this cycle."""

    def __init__(self, command: str, actor: str, message: str) -> None:
        self.command = command
        self.actor = actor
        super().__init__(message)

    def __reduce__(self) -> tuple[type[PermissionDenied], tuple[str, str, str]]:
        return type(self), (self.command, self.actor, str(self))


@attrs.frozen(kw_only=True)
class Blocker:
    """One unmet condition for leaving a phase: its code, a readable message and its subject.

    >>> Blocker(code="goal_agreed", phase=Phase.GOAL_SETTING, subject="g2",
    ...         message="goal 'g2' is not agreed by the employee").subject
    'g2'
    """

    code: str
    phase: Phase
    message: str
    subject: str | None = None


class GuardError(PerfcoreError, ValueError):
    """Leaving the phase is blocked; ``blockers`` lists every unmet condition."""

    def __init__(self, blockers: Iterable[Blocker]) -> None:
        self.blockers: tuple[Blocker, ...] = tuple(blockers)
        lines = "; ".join(b.message for b in self.blockers)
        super().__init__(f"{len(self.blockers)} unmet condition(s): {lines}")

    def __reduce__(self) -> tuple[type[GuardError], tuple[tuple[Blocker, ...]]]:
        return type(self), (self.blockers,)

    @property
    def codes(self) -> tuple[str, ...]:
        """The condition codes of all blockers, in order."""
        return tuple(b.code for b in self.blockers)


class MissingDependency(PerfcoreError, ImportError):
    """An optional feature needs a package that is not installed; ``extra`` names the extra.

    >>> error = MissingDependency("to_frame", "pandas", "pandas")
    >>> str(error)
    "to_frame needs pandas, which is not installed: pip install 'perfcore[pandas]'"
    >>> isinstance(error, ImportError), error.extra
    (True, 'pandas')
    """

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature = feature
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'perfcore[{extra}]'",
            name=package,
        )

    def __reduce__(self) -> tuple[type[MissingDependency], tuple[str, str, str]]:
        return type(self), (self.feature, self.package, self.extra)


class VersionConflict(PerfcoreError, ValueError):
    """The cycle is not at the version the command expected; nothing was changed.

    Raised by ``Cycle.execute(..., expected_version=N)`` when the cycle's
    ``version`` is not ``N``: someone else recorded events since the caller read
    it. Reload, decide again, retry (an HTTP app answers 409 Conflict). Like
    :class:`TransitionError` it is also a ``ValueError``.

    >>> error = VersionConflict(expected=3, actual=5)
    >>> str(error)
    'expected version 3, but the cycle is at version 5'
    >>> error.expected, error.actual, isinstance(error, ValueError)
    (3, 5, True)
    """

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"expected version {expected}, but the cycle is at version {actual}")

    def __reduce__(self) -> tuple[type[VersionConflict], tuple[int, int]]:
        return type(self), (self.expected, self.actual)
