"""Check an app's custom permission policy with perfcore's cycle state machine.

The app lets a skip-level manager resolve disputes too. The machine drives a
cycle with every command by everyone, checks perfcore's guarantees, and the
app adds its own rule: only HR waives conditions. A policy that forgets that
rule is caught.

Run with pytest, or as a script: ``python examples/test_custom_policy.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import Phase, settings
from hypothesis.stateful import invariant, run_state_machine_as_test

import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.testing.stateful import CycleMachine

SKIP_MANAGER = pc.Role(name="skip_manager")

table = dict(pc.DEFAULT_PERMISSIONS)
table[c.ResolveDispute.NAME] = frozenset({pc.Role.HR, SKIP_MANAGER})
APP_POLICY = pc.Policy(permissions=table, hr_may_act_on_own_cycle=False)

careless = dict(table)
careless[c.WaiveCondition.NAME] = frozenset({pc.Role.HR, SKIP_MANAGER})
CARELESS_POLICY = pc.Policy(permissions=careless)

SETTINGS = settings(max_examples=30, stateful_step_count=40, deadline=None, database=None)
FIND = settings(
    SETTINGS,
    max_examples=200,  # the machine has many rules: a careless waive takes a longer search
    derandomize=True,
    report_multiple_bugs=False,
    phases=[Phase.generate],
)


class AppMachine(CycleMachine):
    """The app's policy, a skip-level manager among the actors, and the app's own rule."""

    def policy(self) -> pc.Policy:
        return APP_POLICY

    def actors(self) -> tuple[pc.Actor, ...]:
        return (*super().actors(), pc.Actor(person_id="boss", role=SKIP_MANAGER))

    @invariant()
    def only_hr_waives(self) -> None:
        step = self.last_step
        if (
            step is not None
            and isinstance(step.command, c.WaiveCondition)
            and step.before.phase.is_open
            and step.actor.role != pc.Role.HR
        ):
            assert isinstance(step.error, pc.PermissionDenied), f"{step.actor} may waive"


class CarelessMachine(AppMachine):
    def policy(self) -> pc.Policy:
        return CARELESS_POLICY


def check_app_policy() -> None:
    run_state_machine_as_test(AppMachine, settings=SETTINGS)


def check_careless_policy_is_caught() -> None:
    with pytest.raises(AssertionError, match="may waive"):
        run_state_machine_as_test(CarelessMachine, settings=FIND)


def test_app_policy() -> None:
    check_app_policy()


def test_careless_policy_is_caught() -> None:
    check_careless_policy_is_caught()


if __name__ == "__main__":
    check_app_policy()
    print("app policy: every invariant held")
    check_careless_policy_is_caught()
    print("careless policy: caught (a skip-level manager may waive conditions)")
