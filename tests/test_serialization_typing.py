"""What a type checker sees of the converter: ``structure`` keeps the class it was given.

``mypy --strict`` runs over this file in CI, so a converter whose ``structure``
returned ``Any`` for a class fails there; at run time the checks are the
values themselves.
"""

from __future__ import annotations

from typing import assert_type

import builders as b
import perfcore as pc
from perfcore.cycle import StartCycle
from perfcore.serialization import make_converter


def test_structure_is_typed_by_the_class_it_is_given() -> None:
    converter = make_converter()
    cycle = assert_type(converter.structure(converter.unstructure(b.closed()), pc.Cycle), pc.Cycle)
    assert cycle == b.closed()
    loaded = assert_type(converter.loads(converter.dumps(b.closed()), pc.Cycle), pc.Cycle)
    assert loaded == cycle
    body = {
        "cycle_id": "c-2",
        "employee_id": "e",
        "manager_id": "m",
        "period": {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"},
    }
    command = assert_type(converter.structure(body, StartCycle), StartCycle)
    assert command.time_zone == "UTC"
    measure = converter.structure({"type": "yes_no", "question": "Done?"}, pc.Measure | None)
    assert isinstance(measure, pc.YesNoMeasure)
