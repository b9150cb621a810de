"""The cycle state machine, run against perfcore itself, and shown to catch a broken policy.

``PERFCORE_STATEFUL=deep`` runs many more and longer command sequences.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import Phase as Stage
from hypothesis.stateful import invariant, run_state_machine_as_test

import builders as b
import perfcore as pc
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.cycle import commands as c
from perfcore.cycle.events import ScoreRecorded
from perfcore.testing.stateful import CycleMachine
from strategies import EMPLOYEE, HR, MANAGER

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


def _released() -> pc.Cycle:
    """Assessed, discussed and so released; not yet acknowledged or disputed."""
    return pc.Cycle.replay(b.appraisal_ready().events[:-1])  # all but the acknowledgement


def _scored() -> pc.Cycle:
    """Assessed with results, scored, discussed and so released."""
    cycle = b.appraisal_entered()
    cycle = cycle.submit_self_assessment(b.self_assessment(), by=EMPLOYEE, at=b.when(41))
    cycle = cycle.submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(42)
    )
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    cycle = cycle.record_score(score, by=MANAGER, at=b.when(43))
    talk = pc.FeedbackDiscussion(held_on=b.when(44).date(), summary="Talked it through")
    return cycle.hold_feedback_discussion(talk, by=MANAGER, at=b.when(44))


def _disputed() -> pc.Cycle:
    """Released, and the employee disputes the ratings."""
    return _released().dispute(reason="The rating is low", by=EMPLOYEE, at=b.when(45))


class Tally(CycleMachine):
    """Counts the accepted score adjustments, re-ratings and amended resolutions it drove.

    It starts where these commands live (``start``), so that what it counts does
    not hang on first reaching the appraisal: each is a handful of steps away.
    """

    seen: set[str] = set()  # noqa: RUF012 - shared on purpose: counts across all runs
    start: Callable[[], pc.Cycle] = staticmethod(_scored)

    def __init__(self) -> None:
        super().__init__()
        self.cycle = self.start().with_policy(self.policy())
        self.expected_phase = self.cycle.phase
        self.expected_events = len(self.cycle.events)
        self.expected_goal_ids = {goal.id for goal in self.cycle.goals}
        self.today = self.cycle.last_event_at.date()

    def _attempt(self, command: c.Command, actor: pc.Actor, at: dt.datetime) -> None:
        super()._attempt(command, actor, at)
        step = self.last_step
        if step is None or not step.accepted:
            return
        if isinstance(command, c.AdjustScore):
            self.seen.add("adjusted")
        if isinstance(command, c.SubmitManagerAssessment) and step.before.ratings_ever_released:
            self.seen.add("re-rated")
        if isinstance(command, c.ResolveDispute) and command.outcome is pc.DisputeOutcome.AMENDED:
            self.seen.add("amended")
        if isinstance(command, c.AdvancePhase) and step.before.phase is pc.Phase.APPRAISAL:
            self.seen.add("left the appraisal")


class TallyFromADispute(Tally):
    start = staticmethod(_disputed)


def _tally(machine: type[Tally]) -> set[str]:
    """What ``machine`` saw accepted over a derandomized run of 40 examples."""
    Tally.seen = set()
    run_state_machine_as_test(
        machine,
        settings=settings(
            SETTINGS,
            max_examples=40,
            stateful_step_count=30,
            database=None,
            derandomize=True,
            phases=[Stage.generate],
        ),
    )
    return Tally.seen


def test_the_machine_adjusts_scores_and_re_rates() -> None:
    """The new commands are issued and accepted, so the invariants about them are exercised."""
    seen = _tally(Tally) | _tally(TallyFromADispute)
    assert seen == {"adjusted", "re-rated", "amended", "left the appraisal"}


def test_the_score_invariant_catches_a_score_that_contradicts_its_basis() -> None:
    """A history with a forged score (replayed on the trusted path) fails the invariant."""
    cycle = b.appraisal_entered().submit_manager_assessment(
        b.scored_manager_assessment(), by=MANAGER, at=b.when(41)
    )
    score = cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY)
    machine = CycleMachine()
    machine.cycle = cycle.record_score(score, by=MANAGER, at=b.when(42))
    machine.the_score_follows_from_its_basis()
    machine.cycle = machine.cycle.adjust_score(
        0.8,
        replaces=score.value,
        kind=pc.AdjustmentKind.CALIBRATION,
        reason="Calibrated",
        by=HR,
        at=b.when(43),
    )
    machine.the_score_follows_from_its_basis()  # explained by the adjustment event
    forged = ScoreRecorded(
        cycle_id=cycle.id,
        sequence=len(cycle.events),
        actor=MANAGER,
        at=b.when(42),
        score=attrs.evolve(score, value=0.8),
    )
    machine.cycle = pc.Cycle.replay((*cycle.events, forged), verify=False)
    with pytest.raises(pc.ValidationError, match="adjust_score"):  # the verified path refuses it
        pc.Cycle.replay((*cycle.events, forged))
    with pytest.raises(AssertionError):
        machine.the_score_follows_from_its_basis()
    machine.teardown()


class LaxMachine(CycleMachine):
    """A looser policy, on purpose, and no rule against it: the machine's checks all hold."""

    def policy(self) -> pc.Policy:
        return LaxPolicy()


def test_the_machine_replays_and_round_trips_under_its_own_policy() -> None:
    """Replayed under the default policy, the employee's accepted advance would be refused."""
    machine = LaxMachine()
    ready = b.goal_setting_ready().with_policy(machine.policy())
    machine.cycle = ready.advance(by=EMPLOYEE, at=b.when(30))
    machine.replay_rebuilds_the_cycle()
    machine.serialization_round_trips()
    machine.the_score_follows_from_its_basis()
    with pytest.raises(pc.ValidationError):
        pc.Cycle.replay(machine.cycle.events)


def test_machines_of_one_policy_share_one_converter() -> None:
    assert CycleMachine().converter is CycleMachine().converter
    assert LaxMachine().converter is LaxMachine().converter is not CycleMachine().converter


class UnhashablePolicy(pc.Policy):
    __hash__ = None  # type: ignore[assignment]


def test_a_policy_that_cannot_be_hashed_gets_a_converter_of_its_own() -> None:
    class Machine(CycleMachine):
        def policy(self) -> pc.Policy:
            return UnhashablePolicy()

    first, second = Machine(), Machine()
    assert first.converter is not second.converter
    first.serialization_round_trips()
