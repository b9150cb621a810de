"""Schema evolution: per-type versions, upcasters on the converter, fixtures of every schema.

Every stored event carries the ``VERSION`` of its type as ``"schema_version"``,
a cycle or feedback request :data:`SCHEMA_VERSION`. A converter brings an older
document up to date through its :class:`Upcaster` chain and refuses a newer one,
naming the path. The files under ``tests/fixtures/schema`` are documents as
releases stored them; every one of them must keep loading.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import builders as b
import perfcore as pc
from perfcore import serialization
from perfcore.calibration import CALIBRATION_EVENT_TYPES, CalibrationSession
from perfcore.compensation import MeritCycle
from perfcore.compensation.events import MERIT_EVENT_TYPES
from perfcore.cycle import DEFAULT_SETTINGS
from perfcore.cycle import events as e
from perfcore.feedback import FeedbackRequest
from perfcore.feedback import events as fe
from perfcore.serialization import SCHEMA_VERSION, UPCASTERS, Upcaster, make_converter
from strategies import EMPLOYEE, MANAGER

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
RELEASED = sorted(FIXTURES.glob("v*/*.json"))
KINDS: dict[str, type[Any]] = {
    "cycle": pc.Cycle,
    "feedback_request": FeedbackRequest,
    "calibration_session": CalibrationSession,
    "merit_cycle": MeritCycle,
}
FIRST_VERSION = {"calibration_session": 3, "merit_cycle": 3}
"""Stored types that first shipped after version 1 (sessions and merit cycles with version 3)."""


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _problems(data: object, cls: type[Any], converter: Any = None) -> dict[str, str]:
    with pytest.raises(pc.ValidationError) as info:
        (converter or make_converter()).structure(data, cls)
    return {p.path: p.message for p in info.value.problems}


# --- the fixtures of every past schema ------------------------------------------------------


@pytest.mark.parametrize("path", RELEASED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_stored_document_of_every_schema_loads(path: Path) -> None:
    data = _load(path)
    converter = make_converter()
    loaded = converter.structure(data, KINDS[data["type"]])
    assert type(loaded).replay(loaded.events) == loaded
    if path.parent.name == f"v{SCHEMA_VERSION}":  # written at today's versions: unchanged
        assert converter.unstructure(loaded) == data


def _stored_types() -> dict[str, int]:
    return {
        **{cls.TAG: cls.VERSION for cls in e.EVENT_TYPES},
        **{cls.TAG: cls.VERSION for cls in fe.FEEDBACK_EVENT_TYPES},
        **{cls.TAG: cls.VERSION for cls in CALIBRATION_EVENT_TYPES},
        **{cls.TAG: cls.VERSION for cls in MERIT_EVENT_TYPES},
        "cycle": SCHEMA_VERSION,
        "feedback_request": SCHEMA_VERSION,
        "calibration_session": SCHEMA_VERSION,
        "merit_cycle": SCHEMA_VERSION,
    }


def test_the_fixtures_hold_every_stored_type_at_every_version_up_to_today() -> None:
    """A new event type, or a new version of one, needs documents here before it ships."""
    held: set[tuple[str, int]] = set()
    for path in RELEASED:
        data = _load(path)
        held.add((data["type"], data["schema_version"]))
        held |= {(event["type"], event["schema_version"]) for event in data["events"]}
    wanted = {
        (tag, version)
        for tag, current in _stored_types().items()
        for version in range(FIRST_VERSION.get(tag, 1), current + 1)
    }
    assert sorted(wanted - held) == []


def test_perfcore_ships_an_upcaster_for_every_step_of_every_type() -> None:
    steps = {(step.tag, step.version) for step in UPCASTERS}
    wanted = {
        (tag, version)
        for tag, current in _stored_types().items()
        for version in range(FIRST_VERSION.get(tag, 1), current)
    }
    assert steps == wanted


def test_events_are_written_with_the_version_of_their_type() -> None:
    data = make_converter().unstructure(b.closed())
    assert data["schema_version"] == SCHEMA_VERSION
    for event, stored in zip(b.closed().events, data["events"], strict=True):
        assert stored["schema_version"] == type(event).VERSION
        assert e.EVENT_BY_NAME[stored["type"]] is type(event)


# --- a synthetic older version, through upcasters registered here ---------------------------


def _objective_to_goal(fields: dict[str, Any]) -> dict[str, Any]:
    """Version 1 of ``goal_proposed`` kept the goal under ``objective``."""
    fields["goal"] = fields.pop("objective")
    return fields


def _drop_priority(fields: dict[str, Any]) -> dict[str, Any]:
    """Version 2 had a ``priority`` that version 3 no longer stores."""
    del fields["priority"]
    return fields


STEPS = (
    Upcaster(tag="goal_proposed", version=1, upcast=_objective_to_goal),
    Upcaster(tag="goal_proposed", version=2, upcast=_drop_priority),
)


@pytest.fixture
def goal_proposed_v3(monkeypatch: pytest.MonkeyPatch) -> None:
    """A release in which ``GoalProposed`` is at version 3."""
    monkeypatch.setattr(e.GoalProposed, "VERSION", 3)


@pytest.mark.usefixtures("goal_proposed_v3")
def test_an_older_event_is_brought_up_through_the_chain_of_upcasters() -> None:
    old = _load(FIXTURES / "synthetic" / "goal_proposed_v1.json")
    before = copy.deepcopy(old)
    converter = make_converter(upcasters=STEPS)
    loaded = converter.structure(old, pc.Cycle)
    assert (loaded.time_zone, loaded.rules) == (None, 1)  # version 1: own offsets, rules 1
    first = loaded.events[0]
    assert isinstance(first, e.CycleStarted)
    now = {"time_zone": "UTC", "rules": 3, "settings": DEFAULT_SETTINGS}
    started = attrs.evolve(first, **now)  # type: ignore[arg-type]
    today = attrs.evolve(loaded, **now, events=(started, *loaded.events[1:]))  # type: ignore[arg-type]
    proposed = b.started()  # the history of b.goal_setting_ready before rules 4 aligned goals
    for number, goal in enumerate((b.sales_goal(), b.quality_goal(), b.learning_goal()), start=1):
        proposed = proposed.propose_goal(goal, by=MANAGER, at=b.when(number))
    assert today == b.under_rules(proposed.agree_goals(by=EMPLOYEE, at=b.when(4)), 3)
    assert old == before  # the stored document is not changed
    written = converter.unstructure(loaded)
    assert [event["schema_version"] for event in written["events"]] == [3, 3, 3, 3, 1]
    assert converter.structure(written, pc.Cycle) == loaded  # today's version needs no upcaster


@pytest.mark.usefixtures("goal_proposed_v3")
def test_a_missing_step_is_refused_at_the_version_of_every_event_it_strands() -> None:
    old = _load(FIXTURES / "synthetic" / "goal_proposed_v1.json")
    problems = _problems(old, pc.Cycle, make_converter(upcasters=STEPS[1:]))
    assert problems == {
        f"$.events[{i}].schema_version": "version 1 of 'goal_proposed' is older than this"
        " release reads (3) and no upcaster brings it up"
        for i in (1, 2, 3)
    }


@pytest.mark.usefixtures("goal_proposed_v3")
def test_an_upcaster_that_fails_is_a_problem_of_the_document() -> None:
    old = _load(FIXTURES / "synthetic" / "goal_proposed_v1.json")
    del old["events"][2]["objective"]
    problems = _problems(old, pc.Cycle, make_converter(upcasters=STEPS))
    assert problems == {
        "$.events[2].schema_version": "upcasting 'goal_proposed' from version 1 failed:"
        " KeyError: 'objective'"
    }
    returns_none = Upcaster(tag="goal_proposed", version=1, upcast=lambda _: None)  # type: ignore[arg-type,return-value]
    converter = make_converter(upcasters=[returns_none, STEPS[1]])
    old = _load(FIXTURES / "synthetic" / "goal_proposed_v1.json")
    assert _problems(old, pc.Cycle, converter) == {
        f"$.events[{i}].schema_version": "the upcaster of 'goal_proposed' from version 1"
        " returned NoneType, not the document's fields (a dict)"
        for i in (1, 2, 3)
    }


def test_an_upcast_document_is_checked_like_any_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e.GoalProposed, "VERSION", 2)
    old = _load(FIXTURES / "synthetic" / "goal_proposed_v1.json")
    converter = make_converter(upcasters=STEPS[:1])  # leaves the unknown ``priority``
    assert _problems(old, pc.Cycle, converter) == {
        f"$.events[{i}].priority": "is not a known field" for i in (1, 2, 3)
    }


def test_a_document_and_a_feedback_event_are_upcast_too(monkeypatch: pytest.MonkeyPatch) -> None:
    today = make_converter().structure(
        _load(FIXTURES / "v1" / "feedback_request.json"), FeedbackRequest
    )
    monkeypatch.setattr(serialization, "SCHEMA_VERSION", 4)
    monkeypatch.setattr(fe.FeedbackDeclined, "VERSION", 2)
    request = _load(FIXTURES / "v1" / "feedback_request.json")
    request["state"] = request.pop("closed")  # versions 1 to 3 of the request, as pretended
    for event in request["events"]:
        if event["type"] == "feedback_declined":
            event["why"] = event.pop("reason")

    def renamed(old: str, new: str) -> Any:
        def step(fields: dict[str, Any]) -> dict[str, Any]:
            fields[new] = fields.pop(old)
            return fields

        return step

    converter = make_converter(
        upcasters=[
            Upcaster(tag="feedback_request", version=3, upcast=renamed("state", "closed")),
            Upcaster(tag="feedback_declined", version=1, upcast=renamed("why", "reason")),
        ]
    )
    loaded = converter.structure(request, FeedbackRequest)
    assert loaded == today  # perfcore's own steps (version 1 to 3) ran first
    assert converter.unstructure(loaded)["schema_version"] == 4


# --- newer than known, and registrations that cannot be right -------------------------------


def test_a_newer_version_than_this_release_reads_is_refused_by_path() -> None:
    data = _load(FIXTURES / "v1" / "cycle_closed.json")
    data["events"][3]["schema_version"] = 2
    assert _problems(data, pc.Cycle) == {
        "$.events[3].schema_version": f"version 2 of {data['events'][3]['type']!r} is newer"
        " than this release reads (1 to 1)"
    }
    data = _load(FIXTURES / "v1" / "cycle_closed.json")
    data["schema_version"] = 7
    assert _problems(data, pc.Cycle) == {
        "$.schema_version": "version 7 of 'cycle' is newer than this release reads (1 to 3)"
    }


@pytest.mark.parametrize(
    ("upcasters", "path", "phrase"),
    [
        (
            [Upcaster(tag="goal_invented", version=1, upcast=dict)],
            "upcasters[0].tag",
            "'goal_invented' is no stored type",
        ),
        (
            [Upcaster(tag="goal_proposed", version=1, upcast=dict)],
            "upcasters[0].version",
            "'goal_proposed' is at version 1 in this release",
        ),
        ([dict], "upcasters[0]", "must be an Upcaster"),
        ("goal_proposed", "upcasters", "must be a sequence of Upcaster"),
        (None, "upcasters", "must be a sequence of Upcaster"),
    ],
)
def test_an_upcaster_that_could_never_run_is_refused(
    upcasters: object, path: str, phrase: str
) -> None:
    with pytest.raises(pc.ValidationError) as info:
        make_converter(upcasters=upcasters)  # type: ignore[arg-type]
    assert info.value.paths == (path,)
    assert phrase in info.value.problems[0].message


@pytest.mark.usefixtures("goal_proposed_v3")
def test_two_upcasters_from_one_version_are_refused() -> None:
    with pytest.raises(pc.ValidationError) as info:
        make_converter(upcasters=[*STEPS, STEPS[0]])
    assert info.value.paths == ("upcasters[2]",)
    assert "a second upcaster from version 1 of 'goal_proposed'" in str(info.value)


def test_an_upcaster_is_validated_when_built() -> None:
    with pytest.raises(pc.ValidationError) as info:
        Upcaster(tag="", version=0, upcast="rename")  # type: ignore[arg-type]
    assert set(info.value.paths) == {"Upcaster.tag", "Upcaster.version", "Upcaster.upcast"}
