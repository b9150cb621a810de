"""Audit rules: the protocol every rule follows, a base for rules about one cycle, and rule sets.

A rule has a stable ``name`` (the code of the findings it produces), a
``severity``, a ``scope`` (one cycle at a time, or the population of cycles),
a one-line ``description``, JSON-ready ``params()``, and ``check(cycles,
context)`` which yields :class:`~perfcore.oversight.findings.Finding` values.
Built-in rules are frozen attrs classes whose fields are their thresholds, so
``RuleSet.configure("rater_leniency", threshold=0.8)`` changes one, and the
whole set round-trips through ``{"strategy": ..., "params": ...}`` data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol, Self, runtime_checkable

import attrs

from perfcore import _validators as v
from perfcore._limits import check_data
from perfcore.cycle import Cycle, Phase
from perfcore.errors import Problem, ValidationError
from perfcore.oversight.context import AuditContext
from perfcore.oversight.findings import EvidenceValue, Finding, Severity
from perfcore.strategies import Registry, params_of
from perfcore.strategies import from_params as _from_params

__all__ = ["AuditRule", "CycleRule", "PopulationRule", "RuleSet", "Scope"]


class Scope(enum.Enum):
    """What a rule looks at."""

    CYCLE = "cycle"
    """Each cycle on its own."""
    POPULATION = "population"
    """All the audited cycles together (a manager's team, the organisation)."""


@runtime_checkable
class AuditRule(Protocol):
    """What :func:`~perfcore.oversight.audit` needs from a rule, built-in or an app's own."""

    @property
    def name(self) -> str:
        """The rule's stable code; every finding it produces carries it."""
        ...

    @property
    def severity(self) -> Severity:
        """The severity of its findings."""
        ...

    @property
    def scope(self) -> Scope:
        """One cycle at a time, or the population."""
        ...

    @property
    def description(self) -> str:
        """One sentence: what the rule finds."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters (thresholds, severity)."""
        ...

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterable[Finding]:
        """The findings on ``cycles`` as of ``context.as_of``."""
        ...


class _BuiltIn:
    """Shared members of the built-in rules; subclasses are frozen attrs classes."""

    __slots__ = ()

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    SCOPE: ClassVar[Scope]

    @property
    def name(self) -> str:
        """The rule's code."""
        return self.NAME

    @property
    def description(self) -> str:
        """What the rule finds."""
        return self.DESCRIPTION

    @property
    def scope(self) -> Scope:
        """What the rule looks at."""
        return self.SCOPE

    @property
    def severity(self) -> Severity:
        """The severity of its findings (a field on every built-in rule)."""
        raise NotImplementedError  # pragma: no cover - every subclass has the field

    def params(self) -> dict[str, Any]:
        """The rule's fields as JSON-ready data."""
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from :meth:`params` data; left-out parameters keep their defaults."""
        return _from_params(cls, params)

    def finding(
        self,
        cycle: Cycle | None,
        message: str,
        *,
        subject: str | None = None,
        manager_id: str | None = None,
        evidence: Mapping[str, EvidenceValue] | None = None,
    ) -> Finding:
        """A finding of this rule about ``cycle`` (or, with ``cycle=None``, a manager)."""
        if cycle is not None:
            v.require(cycle, Cycle, "cycle")
        return Finding(
            code=self.name,
            severity=self.severity,
            message=message,
            cycle_id=cycle.id if cycle is not None else None,
            employee_id=cycle.employee_id if cycle is not None else None,
            manager_id=cycle.manager_id if cycle is not None else manager_id,
            subject=subject,
            evidence=evidence or {},
        )


class CycleRule(_BuiltIn):
    """Base for rules that judge one cycle at a time; cancelled cycles are skipped.

    Subclass it as a frozen attrs class with ``NAME``, ``DESCRIPTION``, a
    ``severity`` field and any thresholds as fields, and implement
    :meth:`check_cycle`.
    """

    __slots__ = ()

    SCOPE: ClassVar[Scope] = Scope.CYCLE

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:
        """The findings of :meth:`check_cycle` on every cycle not cancelled."""
        for cycle in cycles:
            if cycle.phase is not Phase.CANCELLED:
                yield from self.check_cycle(cycle, context)

    def check_cycle(self, cycle: Cycle, context: AuditContext) -> Iterator[Finding]:
        """The findings on one cycle."""
        raise NotImplementedError


class PopulationRule(_BuiltIn):
    """Base for rules across cycles; implement ``check(cycles, context)``."""

    __slots__ = ()

    SCOPE: ClassVar[Scope] = Scope.POPULATION

    def check(self, cycles: Sequence[Cycle], context: AuditContext) -> Iterator[Finding]:
        """The findings on the population."""
        raise NotImplementedError


def _check_rules(inst: RuleSet, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of audit rules, got {v.describe(value)}")
    problems = []
    seen: set[str] = set()
    for index, rule in enumerate(value):
        if not isinstance(rule, AuditRule):
            problems.append(
                Problem(
                    path=f"RuleSet.rules[{index}]",
                    message=(
                        "must be an audit rule (name, severity, scope, description, params(),"
                        f" check()), got {v.describe(rule)}"
                    ),
                )
            )
        elif rule.name in seen:
            problems.append(
                Problem(path=f"RuleSet.rules[{index}]", message=f"repeats rule {rule.name!r}")
            )
        else:
            seen.add(rule.name)
    if problems:
        raise ValidationError(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RuleSet:
    """The audit rules to run, each at most once, in reporting order.

    >>> from perfcore.oversight import DEFAULT_RULES
    >>> quiet = DEFAULT_RULES.without("goal_without_check_in")
    >>> "goal_without_check_in" in quiet.codes(), len(quiet) == len(DEFAULT_RULES) - 1
    (False, True)
    >>> strict = DEFAULT_RULES.configure("rater_leniency", threshold=0.3)
    >>> strict.rule("rater_leniency").params()["threshold"]
    0.3
    """

    rules: tuple[AuditRule, ...] = attrs.field(validator=_check_rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[AuditRule]:
        return iter(self.rules)

    def codes(self) -> tuple[str, ...]:
        """The rules' codes, in order."""
        return tuple(rule.name for rule in self.rules)

    def rule(self, code: str) -> AuditRule:
        """The rule with this code; :class:`ValidationError` if there is none."""
        for rule in self.rules:
            if rule.name == code:
                return rule
        raise ValidationError.single("code", self._unknown(code))

    def without(self, *codes: str) -> RuleSet:
        """The set with these rules disabled; an unknown code is an error, not ignored."""
        unknown = [code for code in codes if code not in self.codes()]
        if unknown:
            raise ValidationError(
                Problem(path="codes", message=self._unknown(code)) for code in unknown
            )
        return RuleSet(rules=tuple(r for r in self.rules if r.name not in codes))

    def with_rules(self, *rules: AuditRule) -> RuleSet:
        """The set with ``rules`` added; a rule with a code already present replaces it in place."""
        by_code = {rule.name: rule for rule in rules if isinstance(rule, AuditRule)}
        replaced = tuple(by_code.pop(r.name, r) for r in self.rules)
        added = tuple(r for r in rules if not isinstance(r, AuditRule) or r.name in by_code)
        return RuleSet(rules=replaced + added)

    def configure(self, code: str, **params: Any) -> RuleSet:  # noqa: ANN401 - rule parameters
        """The set with one rule rebuilt with changed parameters (thresholds, severity)."""
        rule = self.rule(code)
        maker = getattr(type(rule), "from_params", None)
        if maker is None:
            raise ValidationError.single("code", f"rule {code!r} cannot be rebuilt from params")
        data = {**rule.params(), **params}
        try:
            rebuilt = maker(data)
        except ValidationError as exc:
            raise type(exc)(
                p.at(p.path.replace("$.params", code, 1)) for p in exc.problems
            ) from None
        return self.with_rules(rebuilt)

    def config(self, registry: Registry) -> list[dict[str, Any]]:
        """The set as data: one ``{"strategy": code, "params": {...}}`` per rule."""
        v.require(registry, Registry, "registry")
        return [registry.config_of(rule) for rule in self.rules]

    @classmethod
    def from_config(cls, data: object, registry: Registry) -> RuleSet:
        """The set that :meth:`config` data describes, built with ``registry``."""
        v.require(registry, Registry, "registry")
        if not isinstance(data, list | tuple):
            raise ValidationError.single("$", f"must be a list of rules, got {v.describe(data)}")
        check_data(data)
        rules = tuple(registry.build(item, path=f"$[{i}]") for i, item in enumerate(data))
        return cls(rules=rules)

    def _unknown(self, code: str) -> str:
        return f"no rule {code!r} in this set; known: {', '.join(self.codes()) or 'none'}"
