"""Who a launch starts a cycle for: eligibility rules as data.

Each rule is a small frozen record whose fields are its thresholds, with a
stable ``name`` and JSON-ready ``params()``, so a set of rules is stored as
``[{"strategy": ..., "params": ...}]`` and built back through
:data:`DEFAULT_REGISTRY` (entry-point group ``perfcore.organisation``, where a
package may add its own rules). A rule looks at one :class:`Person` on the
launch date and gives the :class:`Reason` they are left out, or ``None``.

Built-in rules:

- :class:`HiredBy`: hired on or before a cut-off date;
- :class:`NotOnLeave`: not on leave on the launch date;
- :class:`ContractTypes`: on one of the contract types named;
- :class:`MinimumTenure`: employed at least so many months on the launch date,
  counted in calendar months with ``dateutil``'s ``relativedelta``: someone
  hired on 2025-03-31 has three months on 2025-06-30 (the month's last day
  stands in for the 31st), someone hired on 2025-04-15 on 2025-07-15.

>>> import datetime as dt
>>> rules = Eligibility.from_config([
...     {"strategy": "minimum_tenure", "params": {"months": 3}},
...     {"strategy": "not_on_leave"}])
>>> bo = Person(employee_id="bo", hire_date=dt.date(2026, 1, 15))
>>> [reason.code for reason in rules.check(bo, on=dt.date(2026, 4, 14))]
['tenure_too_short']
>>> rules.check(bo, on=dt.date(2026, 4, 15))
()
>>> rules.to_config()[0]
{'strategy': 'minimum_tenure', 'params': {'months': 3}}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, Self, runtime_checkable

import attrs
from dateutil.relativedelta import relativedelta

from perfcore import _validators as v
from perfcore._limits import check_data
from perfcore.errors import Problem, ValidationError
from perfcore.organisation.population import Person
from perfcore.strategies import Registry, params_of
from perfcore.strategies import from_params as _from_params

__all__ = [
    "DEFAULT_REGISTRY",
    "ContractTypes",
    "Eligibility",
    "EligibilityRule",
    "HiredBy",
    "MinimumTenure",
    "NotOnLeave",
    "Reason",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Reason:
    """Why a person is left out of a launch: a stable ``code`` and the ``field`` at fault.

    ``field`` is the path of the person's field (``hire_date``, ``leaves``,
    ``manager_id``...) or of the population entry (``population[3]``). The
    ``message`` says why in words and never holds the person's own values; the
    repr leaves it out, showing the code and the field only.

    >>> Reason(code="on_leave", field="leaves", message="on leave on 2026-03-01")
    Reason(code='on_leave', field='leaves')
    """

    code: str = attrs.field(validator=v.identifier())
    field: str = attrs.field(validator=v.text(max_length=200))
    message: str = attrs.field(repr=False, validator=v.text(max_length=2_000))

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@runtime_checkable
class EligibilityRule(Protocol):
    """What a launch needs from an eligibility rule, built-in or an app's own."""

    @property
    def name(self) -> str:
        """The rule's stable name in the registry."""
        ...

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters."""
        ...

    def check(self, person: Person, *, on: dt.date) -> Reason | None:
        """Why ``person`` is not eligible on the launch date ``on``, or ``None``."""
        ...


class _BuiltIn:
    """Shared members of the built-in rules; subclasses are frozen attrs classes."""

    __slots__ = ()

    NAME: ClassVar[str]

    @property
    def name(self) -> str:
        """The rule's name."""
        return self.NAME

    def params(self) -> dict[str, Any]:
        """The rule's fields as JSON-ready data."""
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from :meth:`params` data."""
        return _from_params(cls, params)

    def check(self, person: Person, *, on: dt.date) -> Reason | None:
        """Why ``person`` is not eligible on ``on``, or ``None``."""
        v.require(person, Person, "person")
        v.require_day(on, "on")
        return self._check(person, on)

    def _check(self, person: Person, on: dt.date) -> Reason | None:
        raise NotImplementedError  # pragma: no cover - every subclass has one


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class HiredBy(_BuiltIn):
    """Hired on or before ``cutoff``: later joiners wait for the next cycle.

    >>> rule = HiredBy(cutoff=dt.date(2026, 1, 1))
    >>> rule.check(Person(employee_id="cy", hire_date=dt.date(2026, 1, 2)), on=dt.date(2026, 2, 1))
    Reason(code='hired_after_cutoff', field='hire_date')
    """

    NAME: ClassVar[str] = "hired_by"
    cutoff: dt.date = attrs.field(validator=v.date())

    def _check(self, person: Person, on: dt.date) -> Reason | None:  # noqa: ARG002 - the protocol's
        if person.hire_date <= self.cutoff:
            return None
        return Reason(
            code="hired_after_cutoff",
            field="hire_date",
            message=f"hired after the cut-off {self.cutoff.isoformat()}",
        )

    def params(self) -> dict[str, Any]:
        """``{"cutoff": "YYYY-MM-DD"}``."""
        return {"cutoff": self.cutoff.isoformat()}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build from ``{"cutoff": "YYYY-MM-DD"}`` (a date is accepted too)."""
        if isinstance(params, Mapping) and isinstance(params.get("cutoff"), str):
            try:
                day = dt.date.fromisoformat(params["cutoff"])
            except ValueError:
                raise ValidationError.single(
                    "$.params.cutoff", f"must be a date YYYY-MM-DD, got {params['cutoff']!r}"
                ) from None
            params = {**params, "cutoff": day}
        return _from_params(cls, params)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class NotOnLeave(_BuiltIn):
    """Not on leave on the launch date: their cycle is started when they are back.

    >>> from perfcore.organisation import Leave
    >>> away = Person(employee_id="di", hire_date=dt.date(2020, 1, 6),
    ...               leaves=(Leave(start=dt.date(2026, 1, 1)),))
    >>> NotOnLeave().check(away, on=dt.date(2026, 2, 1))
    Reason(code='on_leave', field='leaves')
    """

    NAME: ClassVar[str] = "not_on_leave"

    def _check(self, person: Person, on: dt.date) -> Reason | None:
        if not person.on_leave(on):
            return None
        return Reason(
            code="on_leave", field="leaves", message=f"on leave on the launch date {on.isoformat()}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class ContractTypes(_BuiltIn):
    """On one of the contract types ``allowed`` (the HR system's codes).

    >>> rule = ContractTypes(allowed=("permanent", "fixed_term"))
    >>> rule.check(Person(employee_id="ed", hire_date=dt.date(2020, 1, 6),
    ...                   contract_type="contractor"), on=dt.date(2026, 2, 1))
    Reason(code='contract_type_excluded', field='contract_type')
    """

    NAME: ClassVar[str] = "contract_types"
    allowed: tuple[str, ...] = attrs.field(
        validator=[v.tuple_of(v.identifier(), unique=True), v.non_empty_tuple()]
    )

    def _check(self, person: Person, on: dt.date) -> Reason | None:  # noqa: ARG002 - the protocol's
        if person.contract_type in self.allowed:
            return None
        return Reason(
            code="contract_type_excluded",
            field="contract_type",
            message=f"the contract type is not one of {', '.join(self.allowed)}",
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class MinimumTenure(_BuiltIn):
    """Employed at least ``months`` calendar months on the launch date.

    Eligible from ``hire_date + relativedelta(months=months)`` on: hired on
    2026-01-31, three months are reached on 2026-04-30.

    >>> rule = MinimumTenure(months=3)
    >>> fay = Person(employee_id="fay", hire_date=dt.date(2026, 1, 31))
    >>> rule.check(fay, on=dt.date(2026, 4, 29)), rule.check(fay, on=dt.date(2026, 4, 30))
    (Reason(code='tenure_too_short', field='hire_date'), None)
    >>> rule.eligible_from(fay)
    datetime.date(2026, 4, 30)
    """

    NAME: ClassVar[str] = "minimum_tenure"
    months: int = attrs.field(validator=v.integer(minimum=0, maximum=1_200))

    def eligible_from(self, person: Person) -> dt.date:
        """The first day ``person`` has the tenure (the calendar's last day if beyond it)."""
        v.require(person, Person, "person")
        try:
            day: dt.date = person.hire_date + relativedelta(months=self.months)
        except (OverflowError, ValueError):  # past dt.date.max
            return dt.date.max
        return day

    def _check(self, person: Person, on: dt.date) -> Reason | None:
        if self.eligible_from(person) <= on:
            return None
        return Reason(
            code="tenure_too_short",
            field="hire_date",
            message=f"fewer than {self.months} months of tenure on {on.isoformat()}",
        )


BUILT_IN_RULES: tuple[type[_BuiltIn], ...] = (HiredBy, NotOnLeave, ContractTypes, MinimumTenure)

DEFAULT_REGISTRY: Registry = Registry(
    {rule.NAME: rule.from_params for rule in BUILT_IN_RULES}, group="perfcore.organisation"
)
"""The built-in eligibility rules by name; entry-point group ``perfcore.organisation``."""


def _check_rules(inst: Eligibility, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        v.fail(inst, attr, f"must be a tuple of eligibility rules, got {v.describe(value)}")
    problems = []
    seen: set[str] = set()
    for index, rule in enumerate(value):
        if not isinstance(rule, EligibilityRule):
            problems.append(
                Problem(
                    path=f"Eligibility.rules[{index}]",
                    message=(
                        "must be an eligibility rule (name, params(), check()),"
                        f" got {v.describe(rule)}"
                    ),
                    code="wrong_type",
                    params={"expected": "EligibilityRule", "actual_type": type(rule).__name__},
                )
            )
        elif rule.name in seen:
            problems.append(
                Problem(path=f"Eligibility.rules[{index}]", message=f"repeats rule {rule.name!r}")
            )
        else:
            seen.add(rule.name)
    if problems:
        raise ValidationError(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Eligibility:
    """The eligibility rules of a launch, each at most once; no rules: everyone is eligible.

    >>> Eligibility(rules=(NotOnLeave(), MinimumTenure(months=6))).names
    ('not_on_leave', 'minimum_tenure')
    """

    rules: tuple[EligibilityRule, ...] = attrs.field(default=(), validator=_check_rules)

    @property
    def names(self) -> tuple[str, ...]:
        """The rules' names, in order."""
        return tuple(rule.name for rule in self.rules)

    def check(self, person: Person, *, on: dt.date) -> tuple[Reason, ...]:
        """Every reason ``person`` is not eligible on ``on``; empty when they are."""
        v.require(person, Person, "person")
        v.require_day(on, "on")
        found = []
        for rule in self.rules:
            reason = rule.check(person, on=on)
            if reason is not None:
                found.append(reason)
        return tuple(found)

    def to_config(self, registry: Registry = DEFAULT_REGISTRY) -> list[dict[str, Any]]:
        """The rules as ``[{"strategy": ..., "params": ...}]`` data."""
        v.require(registry, Registry, "registry")
        return [registry.config_of(rule) for rule in self.rules]

    @classmethod
    def from_config(
        cls, config: Sequence[object], registry: Registry = DEFAULT_REGISTRY
    ) -> Eligibility:
        """Build the rules ``config`` lists, through ``registry``; bad entries at ``$[i]``."""
        v.require(registry, Registry, "registry")
        if isinstance(config, str | bytes | Mapping) or not isinstance(config, Iterable):
            raise ValidationError.single(
                "$", f"must be a list of rules, got {v.describe(config)}", code="not_a_collection"
            )
        entries = list(config)
        check_data(entries, "$")
        rules = []
        problems: list[Problem] = []
        for index, entry in enumerate(entries):
            try:
                rule = registry.build(entry, path=f"$[{index}]")
            except ValidationError as exc:
                problems.extend(exc.problems)
                continue
            if not isinstance(rule, EligibilityRule):
                problems.append(
                    Problem(path=f"$[{index}]", message="does not build an eligibility rule")
                )
                continue
            rules.append(rule)
        if problems:
            raise ValidationError(problems)
        try:
            return cls(rules=tuple(rules))
        except ValidationError as exc:
            raise type(exc)(
                p.at(p.path.replace("Eligibility.rules", "$")) for p in exc.problems
            ) from None
