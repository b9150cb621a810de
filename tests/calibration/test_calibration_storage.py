"""A session is stored as its state plus its events, and loads only as the events make it."""

from __future__ import annotations

import jsonschema  # type: ignore[import-untyped]
import pytest

import perfcore as pc
from calibration_builders import HR, day, manager, opened, population
from perfcore.calibration import CalibrationEvent, CalibrationSession
from perfcore.schema import json_schema
from perfcore.serialization import SCHEMA_VERSION, from_document, make_converter, to_document


def _session() -> CalibrationSession:
    session = opened().move("c-1", 3.5, reason="Ran the migration", by=manager("m-1"), at=day(51))
    return session.close(population(), by=HR, at=day(52))[0]


def test_a_session_round_trips_and_fits_its_schema() -> None:
    converter = make_converter()
    session = _session()
    data = converter.unstructure(session)
    assert (data["type"], data["schema_version"], data["closed"]) == (
        "calibration_session",
        SCHEMA_VERSION,
        True,
    )
    assert [e["type"] for e in data["events"]] == [
        "calibration_opened",
        "rating_moved",
        "calibration_closed",
    ]
    assert data["results"][1]["calibrated"] == 3.5
    jsonschema.validate(data, json_schema(CalibrationSession))
    assert converter.structure(data, CalibrationSession) == session
    assert converter.loads(converter.dumps(session), CalibrationSession) == session
    event = session.events[1]
    assert (
        converter.structure(converter.unstructure(event, CalibrationEvent), CalibrationEvent)
        == event
    )
    assert from_document(converter, to_document(converter, session), CalibrationSession) == session


def test_a_tampered_state_or_history_does_not_load() -> None:
    converter = make_converter()
    data = converter.unstructure(_session())
    data["results"][1]["calibrated"] = 4.5
    with pytest.raises(pc.ValidationError) as info:
        converter.structure(data, CalibrationSession)
    assert info.value.paths == ("$.results",)
    data = converter.unstructure(_session())
    data["events"][1]["value"] = 9
    with pytest.raises(pc.ValidationError) as info:
        converter.structure(data, CalibrationSession)
    assert info.value.paths == ("$.events[1].value",)
    data = converter.unstructure(_session())
    data["events"][1]["surprise"] = 1
    with pytest.raises(pc.ValidationError):
        converter.structure(data, CalibrationSession)
