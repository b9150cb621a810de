"""Strategies for commands and events, behind ``st.from_type``.

``messages(cls)`` draws any command of a cycle (``StartCycle`` too), any event
of a cycle and any event of a feedback request, valid by construction: each
field is drawn by what it means (an id, a reason, a moment, a sequence number)
and every record inside from its own strategy. A drawn event is a valid
record, not a step of some history: to get events that follow each other, draw
a cycle (``cycles()``) or a request (``feedback_requests()``) and read its
``events``. Requires hypothesis (``pip install 'perfcore[testing]'``).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
from hypothesis import strategies as st

from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Assessment, AssessmentSource
from perfcore.competency.model import CompetencyProfile
from perfcore.cycle import CONDITIONS, DisputeOutcome
from perfcore.cycle import commands as c
from perfcore.cycle import events as e
from perfcore.cycle.state import CycleSettings
from perfcore.feedback.events import FEEDBACK_EVENT_TYPES
from perfcore.phases import NEXT_PHASE, OPEN_PHASES, Phase
from perfcore.scales import RatingScale
from perfcore.testing._cycle_strategies import cycles
from perfcore.testing._feedback_strategies import _times, reviewers, topics
from perfcore.testing._primitive_strategies import _FINITE, actors, ids, texts
from perfcore.testing._record_strategies import assessments

__all__ = ["MESSAGE_TYPES", "messages"]

MESSAGE_TYPES: tuple[type[Any], ...] = (
    c.StartCycle,
    *c.COMMAND_TYPES,
    *e.EVENT_TYPES,
    *FEEDBACK_EVENT_TYPES,
)
"""Every command and event type ``messages`` draws (and ``st.from_type`` finds)."""


def _scores() -> st.SearchStrategy[AppraisalScore]:
    """A score a cycle recorded: computed, with its breakdown and config."""
    scored = st.sampled_from([Phase.IMPROVEMENT, Phase.CLOSED])
    return (
        cycles(phase=scored)
        .map(lambda cycle: cycle.score)
        .filter(lambda score: score is not None)
        .map(_known_score)
    )


def _known_score(score: AppraisalScore | None) -> AppraisalScore:
    assert score is not None
    return score


def _of(source: AssessmentSource) -> st.SearchStrategy[Assessment]:
    return assessments(source=st.just(source))


_OPEN = sorted(OPEN_PHASES, key=list(Phase).index)
_ADVANCING = [phase for phase in _OPEN if phase is not Phase.IMPROVEMENT]
_CODES = [cond.code for cond in CONDITIONS]

# Fields that mean the same in every message, by name.
_BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "reason": texts(),
    "cycle_id": ids(),
    "request_id": ids(),
    "employee_id": ids(),
    "manager_id": ids(),
    "subject_id": ids(),
    "goal_id": ids(),
    "action_id": ids(),
    "comment": texts(),
    "previous_cycle_id": st.none() | ids(),
    "sequence": st.integers(0, 10_000),
    "corrects": st.integers(1, 10_000),
    "actor": actors(),
    "at": _times(),
    "goal_ids": st.lists(ids(), unique=True, max_size=4).map(tuple),
    "value": _FINITE,
    "replaces": _FINITE,
    "reference": st.none() | texts(),
    "code": st.sampled_from(_CODES),
    "subject": st.none() | ids(),
    "check_in_id": ids(),
    "step": st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z"),
    "question": st.just("") | texts(),
    "check_in_every_days": st.integers(1, 366),
    "minimum_responses": st.integers(1, 10),
    "carried_goals": st.just(()),
    "carried_actions": st.just(()),
    "reviewers": st.lists(reviewers(), min_size=1, max_size=4, unique_by=lambda r: r.person_id).map(
        tuple
    ),
    "topics": st.lists(topics(), max_size=3, unique_by=str).map(tuple),
    "expires_on": st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
    "share": st.booleans(),
    "shared": st.booleans(),
    "anonymous": st.booleans(),
    "profile": st.none() | st.from_type(CompetencyProfile),
    "scale": st.from_type(RatingScale),
    "settings": st.from_type(CycleSettings),
}

# Fields whose meaning depends on the message.
_BY_TYPE: dict[tuple[type[Any], str], st.SearchStrategy[Any]] = {
    (c.SubmitSelfAssessment, "assessment"): _of(AssessmentSource.SELF),
    (e.SelfAssessmentSubmitted, "assessment"): _of(AssessmentSource.SELF),
    (c.SubmitManagerAssessment, "assessment"): _of(AssessmentSource.MANAGER),
    (e.ManagerAssessmentSubmitted, "assessment"): _of(AssessmentSource.MANAGER),
    (c.SubmitManagerAssessment, "reason"): st.none() | texts(),
    (c.RecordScore, "score"): _scores(),
    (e.ScoreRecorded, "score"): _scores(),
    (e.CycleCancelled, "from_phase"): st.sampled_from(_OPEN),
    (c.ResolveDispute, "outcome"): st.sampled_from(DisputeOutcome),
    (e.FollowUpAnswered, "follow_up"): st.integers(0, 100),
    (c.AnswerSignal, "response"): texts(),
    (e.SignalAnswered, "response"): texts(),
}


def _phase_advanced() -> st.SearchStrategy[e.PhaseAdvanced]:
    """A move from an open phase to the next one."""
    return st.sampled_from(_ADVANCING).flatmap(
        lambda phase: _fields(
            e.PhaseAdvanced, from_phase=st.just(phase), to_phase=st.just(NEXT_PHASE[phase])
        )
    )


def _fields(cls: type[Any], **given: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``cls`` built from a strategy for each field: by name, or by its type if it is required.

    A field with a default that neither table names keeps its default, so a
    new optional field never makes a message invalid before it is taught here.
    """
    chosen: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not field.init:
            continue  # pragma: no cover - every message field is set at construction
        if field.name in given:
            chosen[field.name] = given[field.name]
        elif (cls, field.name) in _BY_TYPE:
            chosen[field.name] = _BY_TYPE[cls, field.name]
        elif field.name in _BY_NAME:
            chosen[field.name] = _BY_NAME[field.name]
        elif field.default is attrs.NOTHING:
            chosen[field.name] = st.from_type(field.type)
        # else: a field with a default this module does not know keeps its default
    return st.builds(cls, **chosen)


@functools.cache
def messages(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Any valid ``cls``: a command of a cycle or an event of a cycle or of a feedback request.

    Raises ``ValueError`` for any other type. Requires hypothesis.
    """
    if cls not in MESSAGE_TYPES:
        msg = f"{cls!r} is not a perfcore command or event type"
        raise ValueError(msg)
    if cls is e.PhaseAdvanced:
        return _phase_advanced()
    return _fields(cls)
