"""The fast structuring path recognises cattrs' own hooks and frozen records by public calls."""

from __future__ import annotations

import datetime as dt
import inspect
import math

import attrs
import pytest

import perfcore as pc
from perfcore._serialization_fast import (
    FastStructurer,
    Slow,
    _is_cattrs_optional,
    _is_plain_enum_hook,
)
from perfcore.cycle import Phase
from perfcore.serialization import _HOOKS, make_converter


def fast_structurer() -> FastStructurer:
    fast = make_converter()._perfcore_fast
    assert fast is not None
    return fast


def test_frozen_records_of_strings_are_reused_and_others_are_not() -> None:
    fast = fast_structurer()
    data = {"person_id": "p1", "role": "employee"}
    structure = fast.compile(pc.Actor)
    assert structure(data) is structure(data)  # frozen, read through attrs.inspect

    @attrs.define(kw_only=True)
    class Mutable:
        name: str

    mutable = fast.compile(Mutable)
    assert mutable({"name": "a"}) == mutable({"name": "a"})
    assert mutable({"name": "a"}) is not mutable({"name": "a"})
    with pytest.raises(Slow):
        mutable({"name": 1})


def test_cattrs_own_optional_hook_is_recognised_through_public_calls() -> None:
    converter, other = make_converter(), make_converter()
    hook = converter.get_structure_hook(str | None)
    assert _is_cattrs_optional(hook, converter)
    assert not _is_cattrs_optional(hook, other)
    assert not _is_cattrs_optional(converter.get_structure_hook(str), converter)
    # so a goal's optional fields are checked inline, not handed back to the converter
    structure = fast_structurer().compile(pc.Goal)
    assert "if x is not None:" in inspect.getsource(structure)


def test_cattrs_own_plain_enum_hook_is_recognised_through_public_calls() -> None:
    converter = make_converter()
    assert _is_plain_enum_hook(converter.get_structure_hook(Phase), Phase)
    assert not _is_plain_enum_hook(lambda value, _: Phase(value), Phase)
    structure = fast_structurer().compile(Phase)
    assert structure("implementation") is Phase.IMPLEMENTATION
    with pytest.raises(KeyError):  # declined; the detailed path gives the error
        structure("no such phase")


def test_a_subclass_attrs_did_not_decorate_is_built_afresh_each_time() -> None:
    class Undecorated(pc.Actor):
        pass

    structure = fast_structurer()._record(Undecorated, forbid=True)
    data = {"person_id": "p1", "role": "employee"}
    first, second = structure(data), structure(data)
    assert type(first) is Undecorated
    assert first == second
    assert first is not second


def test_records_of_dates_enums_and_cached_records_are_reused() -> None:
    fast = fast_structurer()
    period = {"start": "2026-01-01", "end": "2026-12-31", "kind": "annual"}
    structure = fast.compile(pc.Period)
    assert structure(period) is structure(dict(period))
    assert structure(period) == pc.Period.annual(2026)
    # a field with a default that the data leaves out is part of the key too
    custom = {"start": "2026-01-01", "end": "2026-12-31"}
    assert structure(custom) is structure(dict(custom))
    assert structure(custom).kind is pc.PeriodKind.CUSTOM
    # a record holding a cached record, an enum and an optional date
    objective = {"id": "o1", "title": "Grow", "level": "company", "period": period}
    made = fast.compile(pc.Objective)
    assert made(objective) is made(dict(objective))
    assert made({**objective, "retired_on": None}) == made(objective)
    assert made(objective).period is structure(period)


def test_records_holding_floats_or_datetimes_are_built_afresh() -> None:
    # 0.0 == -0.0 and equal instants at other offsets are equal: no key could tell them apart
    fast = fast_structurer()

    @attrs.frozen(kw_only=True)
    class Weighted:
        weight: float

    @attrs.frozen(kw_only=True)
    class Moment:
        at: dt.datetime

    weighted, moment = fast.compile(Weighted), fast.compile(Moment)
    assert weighted({"weight": 0.0}) is not weighted({"weight": 0.0})
    assert math.copysign(1, weighted({"weight": -0.0}).weight) == -1
    utc, paris = "2026-01-05T09:00:00+00:00", "2026-01-05T10:00:00+01:00"
    assert moment({"at": utc}) == moment({"at": paris})
    assert moment({"at": paris}).at.utcoffset() == dt.timedelta(hours=1)


def test_an_optional_field_with_a_hook_of_its_own_is_not_a_cache_key() -> None:
    # the hook may make anything of the value, so equal inputs need not give equal records
    converter = make_converter()
    converter.register_structure_hook(str | None, lambda value, _: value)
    fast = FastStructurer(converter, _HOOKS)

    @attrs.frozen(kw_only=True)
    class Note:
        text: str | None

    structure = fast.compile(Note)
    assert structure({"text": "a"}) == structure({"text": "a"})
    assert structure({"text": "a"}) is not structure({"text": "a"})
