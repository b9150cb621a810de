"""Tests for perfcore.organisation.eligibility: the rules, worked by hand, and the rules as data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

import perfcore as pc
from expect import rejects
from perfcore.organisation import (
    DEFAULT_REGISTRY,
    ContractTypes,
    Eligibility,
    HiredBy,
    Leave,
    MinimumTenure,
    NotOnLeave,
    Person,
    Reason,
)
from perfcore.testing._organisation_strategies import eligibilities

D = dt.date


def hired(day: dt.date, **more: object) -> Person:
    return Person(employee_id="e1", manager_id="m1", hire_date=day, **more)  # type: ignore[arg-type]


# --- minimum tenure: calendar months, relativedelta from the launch date --------------------

TENURE_CASES = [
    # (hire date, months, launch date, eligible?)
    (D(2025, 10, 1), 3, D(2026, 1, 1), True),  # exactly 3 months
    (D(2025, 10, 1), 3, D(2025, 12, 31), False),  # a day short
    (D(2025, 10, 15), 3, D(2026, 1, 15), True),
    (D(2025, 10, 15), 3, D(2026, 1, 14), False),
    (D(2025, 11, 30), 3, D(2026, 2, 28), True),  # 30 Feb does not exist: the month's last day
    (D(2025, 11, 30), 3, D(2026, 2, 27), False),
    (D(2026, 1, 31), 1, D(2026, 2, 28), True),
    (D(2023, 11, 29), 3, D(2024, 2, 29), True),  # a leap year: 29 Feb exists
    (D(2023, 11, 29), 3, D(2024, 2, 28), False),
    (D(2024, 2, 29), 12, D(2025, 2, 28), True),  # hired on a leap day: a year later is 28 Feb
    (D(2024, 2, 29), 12, D(2025, 2, 27), False),
    (D(2026, 1, 5), 0, D(2026, 1, 5), True),  # no minimum: hired on the day
    (D(2026, 1, 6), 0, D(2026, 1, 5), False),  # not hired yet
    (D(2020, 1, 1), 72, D(2026, 1, 1), True),
]


@pytest.mark.parametrize(("hire", "months", "on", "eligible"), TENURE_CASES)
def test_minimum_tenure_worked_examples(
    hire: dt.date, months: int, on: dt.date, *, eligible: bool
) -> None:
    reason = MinimumTenure(months=months).check(hired(hire), on=on)
    assert (reason is None) == eligible
    if reason is not None:
        assert (reason.code, reason.field) == ("tenure_too_short", "hire_date")
        assert f"fewer than {months} months" in reason.message


def test_tenure_near_the_end_of_the_calendar_is_never_reached() -> None:
    late = hired(D(9999, 6, 1))
    assert MinimumTenure(months=12).eligible_from(late) == D.max
    assert MinimumTenure(months=12).check(late, on=D(9999, 12, 30)) is not None


# --- hire-date cut-off, leave, contract type ------------------------------------------------


def test_the_hire_date_cut_off_includes_its_day() -> None:
    rule = HiredBy(cutoff=D(2026, 1, 1))
    assert rule.check(hired(D(2026, 1, 1)), on=D(2026, 1, 5)) is None
    assert rule.check(hired(D(2026, 1, 2)), on=D(2026, 1, 5)) == Reason(
        code="hired_after_cutoff", field="hire_date", message="hired after the cut-off 2026-01-01"
    )


def test_not_on_leave_on_the_launch_date_both_ends_of_a_leave_count() -> None:
    person = hired(D(2020, 1, 1), leaves=(Leave(start=D(2026, 1, 5), end=D(2026, 3, 31)),))
    rule = NotOnLeave()
    assert rule.check(person, on=D(2026, 1, 4)) is None
    assert rule.check(person, on=D(2026, 1, 5)) is not None
    assert rule.check(person, on=D(2026, 3, 31)) is not None
    assert rule.check(person, on=D(2026, 4, 1)) is None
    reason = rule.check(person, on=D(2026, 2, 1))
    assert reason is not None
    assert (reason.code, reason.field) == ("on_leave", "leaves")
    assert "2026-01-05" not in reason.message  # the leave's own dates stay private


def test_contract_types() -> None:
    rule = ContractTypes(allowed=("permanent", "fixed_term"))
    assert rule.check(hired(D(2020, 1, 1), contract_type="fixed_term"), on=D(2026, 1, 5)) is None
    reason = rule.check(hired(D(2020, 1, 1), contract_type="contractor"), on=D(2026, 1, 5))
    assert reason is not None
    assert (reason.code, reason.field) == ("contract_type_excluded", "contract_type")
    rejects(lambda: ContractTypes(allowed=()), "ContractTypes.allowed", "empty")
    rejects(
        lambda: ContractTypes(allowed=("permanent", "permanent")),
        "ContractTypes.allowed",
        "repeat",
    )


def test_every_failing_rule_gives_its_reason_in_rule_order() -> None:
    rules = Eligibility(
        rules=(
            HiredBy(cutoff=D(2025, 12, 31)),
            NotOnLeave(),
            ContractTypes(allowed=("permanent",)),
            MinimumTenure(months=6),
        )
    )
    newcomer = hired(D(2026, 1, 2), contract_type="intern", leaves=(Leave(start=D(2026, 1, 3)),))
    codes = [r.code for r in rules.check(newcomer, on=D(2026, 1, 5))]
    assert codes == ["hired_after_cutoff", "on_leave", "contract_type_excluded", "tenure_too_short"]
    assert rules.check(hired(D(2020, 1, 1)), on=D(2026, 1, 5)) == ()
    assert Eligibility().check(newcomer, on=D(2026, 1, 5)) == ()


def test_a_rule_set_names_each_rule_once() -> None:
    with pytest.raises(pc.ValidationError) as info:
        Eligibility(rules=(NotOnLeave(), NotOnLeave(), "junk"))  # type: ignore[arg-type]
    assert info.value.paths == ("Eligibility.rules[1]", "Eligibility.rules[2]")


def test_the_rules_refuse_what_is_not_a_person_or_a_day() -> None:
    person = hired(D(2020, 1, 1))
    rejects(lambda: NotOnLeave().check("e1", on=D(2026, 1, 5)), "person", "Person")  # type: ignore[arg-type]
    rejects(
        lambda: NotOnLeave().check(person, on=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)), "on", "date"
    )
    rejects(lambda: Eligibility().check(person, on="2026-01-05"), "on", "date")  # type: ignore[arg-type]
    rejects(lambda: MinimumTenure(months=-1), "MinimumTenure.months", "at least 0")


# --- the rules as data ---------------------------------------------------------------------


def test_rules_round_trip_through_their_config() -> None:
    config = [
        {"strategy": "hired_by", "params": {"cutoff": "2025-12-31"}},
        {"strategy": "not_on_leave", "params": {}},
        {"strategy": "contract_types", "params": {"allowed": ["permanent", "fixed_term"]}},
        {"strategy": "minimum_tenure", "params": {"months": 3}},
    ]
    rules = Eligibility.from_config(config)
    assert rules.rules == (
        HiredBy(cutoff=D(2025, 12, 31)),
        NotOnLeave(),
        ContractTypes(allowed=("permanent", "fixed_term")),
        MinimumTenure(months=3),
    )
    assert rules.to_config() == config
    assert DEFAULT_REGISTRY.names() == (
        "contract_types",
        "hired_by",
        "minimum_tenure",
        "not_on_leave",
    )
    assert DEFAULT_REGISTRY.group == "perfcore.organisation"


@given(eligibilities())
def test_drawn_rule_sets_round_trip(rules: Eligibility) -> None:
    assert Eligibility.from_config(rules.to_config()) == rules


def test_bad_config_is_refused_at_its_path() -> None:
    with pytest.raises(pc.ValidationError) as info:
        Eligibility.from_config(
            [
                {"strategy": "hired_by", "params": {"cutoff": "31/12/2025"}},
                {"strategy": "minimum_tenure", "params": {"months": "three"}},
                {"strategy": "no_such_rule"},
                {"strategy": "minimum_tenure", "params": {"weeks": 3}},
            ]
        )
    assert info.value.paths == (
        "$[0].params.cutoff",
        "$[1].params.months",
        "$[2].strategy",
        "$[3].params.weeks",
    )
    with pytest.raises(pc.ValidationError) as info:
        Eligibility.from_config([{"strategy": "not_on_leave"}, {"strategy": "not_on_leave"}])
    assert info.value.paths == ("$[1]",)
    rejects(lambda: Eligibility.from_config({"strategy": "not_on_leave"}), "$", "list of rules")  # type: ignore[arg-type]
    rejects(lambda: Eligibility().to_config("registry"), "registry", "Registry")  # type: ignore[arg-type]


def test_a_registry_entry_that_builds_no_rule_is_refused() -> None:
    registry = DEFAULT_REGISTRY.register("odd", lambda _params: "not a rule")
    rejects(
        lambda: Eligibility.from_config([{"strategy": "odd"}], registry), "$[0]", "eligibility rule"
    )


def test_a_cut_off_may_be_given_as_a_date_and_rules_must_come_as_a_tuple() -> None:
    assert HiredBy.from_params({"cutoff": D(2025, 12, 31)}) == HiredBy(cutoff=D(2025, 12, 31))
    rules: object = [NotOnLeave()]
    rejects(lambda: Eligibility(rules=rules), "Eligibility.rules", "tuple")  # type: ignore[arg-type]
