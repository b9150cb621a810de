"""The cycle state machine, run against perfcore itself, and shown to catch a broken policy.

``PERFCORE_STATEFUL=deep`` runs many more and longer command sequences.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import Phase as Stage
from hypothesis.stateful import invariant, run_state_machine_as_test

import perfcore as pc
from perfcore.cycle import commands as c
from perfcore.testing.stateful import CycleMachine

_DEEP = os.environ.get("PERFCORE_STATEFUL") == "deep"
SETTINGS = settings(
    max_examples=500 if _DEEP else 40,
    stateful_step_count=100 if _DEEP else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TestCycleMachine = CycleMachine.TestCase
TestCycleMachine.settings = SETTINGS


class LaxPolicy(pc.Policy):
    """A buggy app policy: the cycle's employee may advance phases."""

    def denial(
        self, command: str, actor: pc.Actor, employee_id: str, manager_id: str
    ) -> str | None:
        if command == c.AdvancePhase.NAME and actor.person_id == employee_id:
            return None
        return super().denial(command, actor, employee_id, manager_id)


class OnlyManagersAdvance(CycleMachine):
    """The app's own rule: an employee trying to advance is refused for permission."""

    @invariant()
    def employees_may_not_advance(self) -> None:
        step = self.last_step
        if (
            step is not None
            and isinstance(step.command, c.AdvancePhase)
            and step.before.phase in c.COMMAND_PHASES[c.AdvancePhase.NAME]
            and step.actor.role == pc.Role.EMPLOYEE
        ):
            assert isinstance(step.error, pc.PermissionDenied)


class BrokenMachine(OnlyManagersAdvance):
    def policy(self) -> pc.Policy:
        return LaxPolicy()


TestOnlyManagersAdvance = OnlyManagersAdvance.TestCase
TestOnlyManagersAdvance.settings = SETTINGS


def test_the_machine_catches_a_policy_that_lets_the_employee_advance() -> None:
    quick = settings(
        SETTINGS,
        max_examples=100,
        database=None,
        derandomize=True,
        report_multiple_bugs=False,
        phases=[Stage.generate],  # finding the bug is the point; shrinking it is slow
    )
    with pytest.raises(AssertionError):
        run_state_machine_as_test(BrokenMachine, settings=quick)
