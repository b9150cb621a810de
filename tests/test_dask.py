"""perfcore.dask: the batch runs on Dask equal one process, on any partitioning and scheduler.

The property tests run Dask's synchronous scheduler over 1 to 7 partitions; a few
examples run on a local cluster of two worker processes (one module-scoped
cluster, closed at the end), as an organisation's run would.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import pathlib
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import dask.bag as db
import dask.dataframe as dd
import pytest
from dask.distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcore as pc
from perfcore import batch
from perfcore import dask as pd_dask
from perfcore.analytics import (
    IccForm,
    NineBox,
    RatingRecord,
    TalentRecord,
    check_in_compliance,
    high_performer_retention,
    icc,
    krippendorff_alpha,
    rater_effects,
    rating_records,
    retention_rate,
    turnover,
    z_calibrate,
    z_normalise,
)
from perfcore.oversight import audit
from perfcore.serialization import make_converter
from perfcore.testing import strategies as ps
from perfcore.testing.strategies import Population

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from test_batch_agreement_talent import histories, outcome, tables

CONVERTER = make_converter()
QUICK = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
partitions = st.integers(min_value=1, max_value=7)
records_ = st.lists(
    st.builds(
        lambda record, rater: attrs.evolve(record, rater_id=rater),
        ps.rating_records(),
        st.sampled_from(["m1", "m2", "m3"]),
    ),
    min_size=1,
    max_size=30,
)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes, one thread each; closed when the module's tests are done."""
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


def _as_of(population: Population) -> dt.datetime:
    return max(c.last_event_at for c in population.cycles) + dt.timedelta(days=30)


@QUICK
@given(population=ps.populations(size=10, managers=3), n=partitions, trusted=st.booleans())
def test_a_bag_of_documents_gives_the_single_process_results(
    population: Population, n: int, trusted: bool
) -> None:
    cycles = list(population.cycles)
    documents = db.from_sequence([CONVERTER.unstructure(c) for c in cycles], npartitions=n)
    loader = batch.Loader(trusted=trusted)
    as_of = _as_of(population)
    found = pd_dask.audit_bag(documents, loader=loader, as_of=as_of)
    assert found.compute(scheduler="sync") == audit(cycles, as_of=as_of)
    records = pd_dask.rating_records_bag(documents, loader=loader)
    assert records.compute(scheduler="sync") == rating_records(cycles)
    loaded = pd_dask.cycles_bag(documents, loader=loader)
    assert loaded.compute(scheduler="sync") == cycles
    scores = pd_dask.scores_bag(documents, loader=loader)
    assert scores.compute(scheduler="sync") == [(c.id, c.score) for c in cycles if c.score]


@given(records=records_, n=partitions, minimum=st.integers(2, 4))
def test_a_bag_of_records_is_z_normalised_as_in_one_process(
    records: list[RatingRecord], n: int, minimum: int
) -> None:
    bag = db.from_sequence(records, npartitions=n)
    calibrated = pd_dask.z_normalise_bag(bag, min_group_size=minimum)
    assert calibrated.compute(scheduler="sync") == list(
        z_normalise(records, min_group_size=minimum)
    )


@given(records=records_, n=partitions)
def test_a_bag_of_records_gives_the_rater_effects_of_one_process(
    records: list[RatingRecord], n: int
) -> None:
    bag = db.from_sequence(records, npartitions=n)
    for by in ("rater_id", "department"):
        found = pd_dask.rater_effects_bag(bag, by=by, min_group_size=3)
        assert found.compute(scheduler="sync") == rater_effects(records, by=by, min_group_size=3)


@given(records=records_, n=partitions)
def test_a_data_frame_is_z_calibrated_as_in_one_process(
    records: list[RatingRecord], n: int
) -> None:
    values = [r.normalised for r in records]
    groups = [r.rater_id for r in records]
    frame = dd.from_dict({"normalised": values, "rater_id": groups}, npartitions=n)
    found = pd_dask.z_calibrate_frame(frame).compute(scheduler="sync").tolist()
    expected = z_calibrate(values, groups)
    assert all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(found, expected, strict=True))


@given(
    records=st.lists(ps.talent_records(), max_size=20, unique_by=lambda r: r.employee_id),
    n=partitions,
)
def test_a_bag_of_talent_records_is_counted_on_the_nine_box_as_in_one_process(
    records: list[TalentRecord], n: int
) -> None:
    box = NineBox()
    counts = pd_dask.nine_box_bag(db.from_sequence(records, npartitions=n), box)
    assert counts.compute(scheduler="sync") == box.counts(box.place_all(records))


@given(
    rows=tables(st.integers(-3, 9) | st.floats(-10, 10, allow_nan=False, width=16)),
    n=partitions,
    form=st.sampled_from(IccForm),
)
def test_a_bag_of_rows_gives_the_icc_of_one_process(
    rows: list[list[float]], n: int, form: IccForm
) -> None:
    found = pd_dask.icc_bag(db.from_sequence(rows, npartitions=n), form=form)
    expected = outcome(lambda: icc(rows, form=form)) if rows else None
    if rows:
        assert outcome(lambda: found.compute(scheduler="sync")) == expected


@given(
    units=tables(st.none() | st.integers(0, 5)),
    n=partitions,
    level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]),
)
def test_a_bag_of_units_gives_the_alpha_of_one_process(
    units: list[list[int | None]], n: int, level: Any
) -> None:
    found = pd_dask.krippendorff_alpha_bag(db.from_sequence(units, npartitions=n), level=level)
    if units:
        expected = outcome(lambda: krippendorff_alpha(units, level=level, layout="units"))
        assert outcome(lambda: found.compute(scheduler="sync")) == expected


@QUICK
@given(history=histories(), n=partitions, roster_as_bag=st.booleans())
def test_a_bag_of_employment_events_gives_the_talent_metrics_of_one_process(
    history: Any, n: int, roster_as_bag: bool
) -> None:
    events, roster, talent = history
    bag = db.from_sequence(events, npartitions=n) if events else db.from_sequence([], npartitions=1)
    listed = db.from_sequence(roster, npartitions=2) if roster_as_bag and roster else roster
    year = pc.Period.annual(2026)
    for metric in (turnover, retention_rate):
        found = pd_dask.talent_bag(metric, bag, roster=listed, period=year, by="department")
        expected = metric(events, year, roster=roster, by="department")
        assert found.compute(scheduler="sync") == expected
    found = pd_dask.talent_bag(
        high_performer_retention, bag, roster=listed, talent=talent, period=year
    )
    assert found.compute(scheduler="sync") == high_performer_retention(
        events, talent, year, roster=roster
    )


@QUICK
@given(population=ps.populations(size=10, managers=3), n=partitions)
def test_a_bag_of_cycles_gives_the_cycle_metrics_of_one_process(
    population: Population, n: int
) -> None:
    cycles = list(population.cycles)
    on = _as_of(population).date()
    bag = db.from_sequence(cycles, npartitions=n)
    found = pd_dask.talent_bag(check_in_compliance, bag, as_of=on, by="manager_id")
    assert found.compute(scheduler="sync") == check_in_compliance(cycles, as_of=on, by="manager_id")


def test_a_talent_metric_must_be_one() -> None:
    bag = db.from_sequence([1])
    with pytest.raises(pc.ValidationError, match="metric: must be one of the talent metrics"):
        pd_dask.talent_bag(icc, bag)
    with pytest.raises(pc.ValidationError, match="talent: is not an argument of turnover"):
        pd_dask.talent_bag(turnover, bag, talent=[])
    refused = pd_dask.talent_bag(turnover, bag, roster=[2], period=pc.Period.annual(2026))
    with pytest.raises(pc.ValidationError, match=r"events\[0\]: must be an EmploymentEvent"):
        refused.compute(scheduler="sync")


def test_the_loader_is_one_key_of_the_graph() -> None:
    """Each worker receives the loader once (its converter made once), not once per partition."""
    documents = db.from_sequence([{"type": "cycle"}] * 6, npartitions=6)
    loader = batch.Loader(trusted=True)
    as_of = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for collection in (
        pd_dask.audit_bag(documents, loader=loader, as_of=as_of),
        pd_dask.rating_records_bag(documents, loader=loader),
    ):
        graph = dict(collection.__dask_graph__())
        holding = [key for key, task in graph.items() if _holds(task, loader)]
        assert len(holding) == 1


def _holds(task: object, loader: batch.Loader) -> bool:
    """The task is the loader itself (a literal, or a node that only holds it)."""
    return task is loader or getattr(task, "value", None) is loader


def test_a_loader_must_be_a_loader() -> None:
    with pytest.raises(pc.ValidationError, match="loader"):
        pd_dask.cycles_bag(db.from_sequence([1]), loader="trusted")  # type: ignore[arg-type]


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(population=ps.populations(size=20, managers=3))
def test_two_worker_processes_give_the_single_process_results(
    client: Client, population: Population
) -> None:
    cycles = list(population.cycles)
    documents = db.from_sequence([CONVERTER.unstructure(c) for c in cycles], npartitions=4)
    as_of = _as_of(population)
    report = pd_dask.audit_bag(documents, as_of=as_of).compute(scheduler=client)
    assert report == audit(cycles, as_of=as_of)
    records = pd_dask.rating_records_bag(documents, loader=batch.Loader(trusted=True))
    calibrated = pd_dask.z_normalise_bag(records, min_group_size=2)
    assert calibrated.compute(scheduler=client) == list(
        z_normalise(rating_records(cycles), min_group_size=2)
    )
    on = _as_of(population).date()
    metrics = pd_dask.talent_bag(check_in_compliance, pd_dask.cycles_bag(documents), as_of=on)
    assert metrics.compute(scheduler=client) == check_in_compliance(cycles, as_of=on)
    rows = [[1 + i % 5, 2 + i * 7 % 4, i % 3] for i in range(40)]
    found = pd_dask.icc_bag(db.from_sequence(rows, npartitions=3), form=IccForm.ICC_2_1)
    assert found.compute(scheduler=client) == icc(rows, form=IccForm.ICC_2_1)


def test_two_worker_processes_calibrate_a_data_frame(client: Client) -> None:
    values = [(i * 7919 % 1000) / 999 for i in range(2_000)]  # spread over 0-1
    groups = [f"m{i * 31 % 40}" for i in range(2_000)]
    frame = dd.from_dict({"normalised": values, "rater_id": groups}, npartitions=5)
    found = pd_dask.z_calibrate_frame(frame).compute(scheduler=client).tolist()
    expected = z_calibrate(values, groups)
    assert all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(found, expected, strict=True))


def test_without_dask_the_module_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # makes `import dask` fail
    monkeypatch.delitem(sys.modules, "perfcore.dask")
    with pytest.raises(pc.MissingDependency) as info:
        importlib.import_module("perfcore.dask")
    assert info.value.extra == "dask"
