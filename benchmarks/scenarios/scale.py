"""Scenario "scale": an organisation's stored history, in one process and on 2 Dask workers.

Setup (untimed) builds distinct closed cycles through the public commands (the
cycles of the "lifecycle" scenario: 5 goals, 4 check-ins, both assessments,
a score, a root cause and an action, 28 events, teams of 8), stores them with
``make_converter()`` and copies them under new ids (employee, cycle and
manager ids renamed in the stored text) up to ``N`` stored cycles, written as
JSON lines into 16 files in a temporary directory; the ratings are written to
8 Parquet files. The files are read inside the timings on both sides, as an
organisation's run reads them, and deleted at the end.

Timed:

- **audit**: ``N`` stored cycles loaded (verified: ``perfcore.batch.Loader()``)
  and audited (``perfcore.batch.audit_part`` per file, then ``combine_audits``)
  in this process, against the same work on a ``dask.distributed.LocalCluster``
  of 2 worker processes with one thread each (``perfcore.dask.audit_bag`` on
  ``dask.bag.read_text(files).map(json.loads)``), started (and perfcore
  imported in the workers) before timing. Target: the 2 workers at least 1.6x
  faster than one process. Both sides are checked to give the same report.
- **cores offered**: reported beside the audit, not a target: how many cores
  two CPU-bound jobs got on the 2 workers just before and just after it
  (``sum(range(n))`` twice on one worker, against once on each at the same
  time; the lower of the two probes). About 2 on a machine with both cores
  free, about 1 when other work takes one of them; the audit's speed-up cannot
  be above it.
- **calibration**: a million ratings (the "analytics" scenario's data) read
  from the Parquet files and calibrated per rater: ``pandas.read_parquet`` +
  ``perfcore.analytics.z_calibrate`` in this process, against
  ``dask.dataframe.read_parquet`` + ``perfcore.dask.z_calibrate_frame`` on the
  2 workers. Reported (no target): the work per rating is small, so moving
  data between processes weighs more.
- **load**: the per-cycle cost of the batch path, ``Loader(trusted=True).rating_records``
  (the ratings read from the stored state, no cycle built), against today's
  ``make_converter().structure(document, Cycle)`` per cycle (then
  ``rating_records``). Target: at most 1/3. A second row reports the trusted
  whole-cycle load (``make_converter(verify=False)``) as the baseline.

Sizes: full 100,000 cycles and 1,000,000 ratings (about 2 GB of stored
documents on disk, and some 20 minutes on 2 cores); quick 2,000 and 100,000;
smoke 40 and 400. The audit and calibration cases run once each way (one
process first, then the workers, which have only started), and the results
are compared after. Without Dask (``pip
install 'perfcore[dask]' distributed``) the two Dask rows are left out.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from harness import Case, Config, Result, agree, measure

import perfcore as pc
from perfcore import batch
from perfcore.analytics import rating_records, z_calibrate
from perfcore.serialization import make_converter
from scenarios.analytics import _ratings
from scenarios.lifecycle import PerfcoreInputs, perfcore_cycle

SCENARIO = "scale"
T = TypeVar("T")
FILES = 16
RATING_FILES = 8
TEMPLATES = 400


def _stored(n: int) -> Iterator[str]:
    """``n`` stored cycles as JSON lines: distinct cycles copied under new ids."""
    count = min(n, TEMPLATES)
    inputs = PerfcoreInputs(count)
    converter = make_converter()
    templates = [json.dumps(converter.unstructure(perfcore_cycle(inputs, i))) for i in range(count)]
    for index in range(n):
        copy, template = divmod(index, count)
        text = templates[template]
        if copy:
            manager = f"m{template // 8}"
            text = (
                text.replace(f'"e{template}/2026"', f'"e{template}x{copy}/2026"')
                .replace(f'"e{template}"', f'"e{template}x{copy}"')
                .replace(f'"{manager}"', f'"{manager}x{copy}"')
            )
        yield text


def _write(directory: pathlib.Path, n: int, count: int) -> list[str]:
    files = [directory / f"cycles-{i:02}.jsonl" for i in range(count)]
    handles = [path.open("w", encoding="utf-8") for path in files]
    for index, line in enumerate(_stored(n)):
        handles[index * count // n].write(line + "\n")
    for handle in handles:
        handle.close()
    return [str(path) for path in files]


def _read(path: str) -> list[Any]:
    with pathlib.Path(path).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _one_process_audit(files: list[str], as_of: Any) -> pc.oversight.AuditReport:  # noqa: ANN401
    loader = batch.Loader()
    parts = [batch.audit_part(loader.cycles(_read(path)), as_of=as_of) for path in files]
    return batch.combine_audits(parts)


def _write_ratings(directory: pathlib.Path, n: int) -> list[str] | None:
    try:
        import pandas as pd  # noqa: PLC0415 - a benchmark-only peer, imported lazily
    except ImportError:
        return None
    raters, values = _ratings(n)
    frame = pd.DataFrame({"rater_id": raters, "normalised": [(v - 1) / 4 for v in values]})
    paths = []
    for i in range(RATING_FILES):
        path = directory / f"ratings-{i}.parquet"
        frame.iloc[i * n // RATING_FILES : (i + 1) * n // RATING_FILES].to_parquet(path)
        paths.append(str(path))
    return paths


def _dask_cases(files: list[str], ratings: list[str] | None, n: int) -> list[Result]:
    import dask.bag as db  # noqa: PLC0415 - an optional peer, imported lazily
    import dask.dataframe as dd  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415

    from perfcore import dask as perfcore_dask  # noqa: PLC0415

    first = _read(files[0])[0]
    as_of = make_converter().structure(first, pc.Cycle).last_event_at
    results: list[Result] = []
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        # bringing the cluster up (untimed) includes importing perfcore in the workers
        client.run(importlib.import_module, "perfcore.dask")
        offered = _cores_offered(client)

        def on_workers() -> Any:  # noqa: ANN401
            documents = db.read_text(files, blocksize=None).map(json.loads)
            return perfcore_dask.audit_bag(documents, as_of=as_of).compute(scheduler=client)

        def one_process() -> Any:  # noqa: ANN401
            return _one_process_audit(files, as_of)

        # one timed run each way (minutes at full size), compared after
        single, expected = _timed(one_process)
        workers, found = _timed(on_workers)
        assert found == expected, "the 2 workers' report differs from one process's"
        offered = min(offered, _cores_offered(client))
        results.append(
            _speedup(
                f"load + audit {n:,} stored cycles, 2 Dask workers",
                workers,
                single,
                f"{len(expected)} findings; verified load; {len(files)} files",
            )
        )
        results.append(
            Result(
                scenario=SCENARIO,
                name="cores the 2 workers were offered (a CPU-bound probe, before and after)",
                unit="x",
                perfcore=offered,
                baseline=None,
                baseline_name="",
                ratio=None,
                target="",
                met=None,
                note="two jobs one after the other / the same two jobs on the 2 workers at once;"
                " 2 on free cores, 1 when the machine has none to spare (the lower of two probes)",
            )
        )
        if ratings is not None:

            def calibrate_on_workers() -> list[float]:
                frame = dd.read_parquet(ratings)
                column = perfcore_dask.z_calibrate_frame(frame)
                calibrated: list[float] = column.compute(scheduler=client).tolist()
                return calibrated

            def calibrate_here() -> list[float]:
                frame = pd.concat([pd.read_parquet(path) for path in ratings])
                return z_calibrate(frame["normalised"], frame["rater_id"])

            single, here = _timed(calibrate_here)
            workers, there = _timed(calibrate_on_workers)
            agree(there, here, 1e-12)
            results.append(
                _speedup(
                    f"read + calibrate {len(here):,} ratings, 2 Dask workers",
                    workers,
                    single,
                    "z_calibrate_frame vs z_calibrate; Parquet files",
                    bound=None,
                )
            )
    return results


def _cores_offered(client: Any, n: int = 20_000_000) -> float:  # noqa: ANN401 - a Client
    """How many cores two CPU-bound jobs get on the 2 workers: 2 when both cores are free.

    Each job is ``sum(range(n))`` (a built-in, so the workers need nothing of
    this module), about a quarter of a second on a free core.
    """
    first, second = sorted(client.scheduler_info()["workers"])[:2]

    def one_after_the_other() -> list[int]:
        return [client.submit(sum, range(n), workers=[first], pure=False).result() for _ in "ab"]

    def at_once() -> list[int]:
        jobs = [client.submit(sum, range(n), workers=[w], pure=False) for w in (first, second)]
        found: list[int] = client.gather(jobs)
        return found

    alone, _ = _timed(one_after_the_other)
    both, _ = _timed(at_once)
    return alone / both


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _speedup(
    name: str, workers: float, single: float, note: str, bound: float | None = 1.6
) -> Result:
    ratio = workers / single
    return Result(
        scenario=SCENARIO,
        name=name,
        unit="s",
        perfcore=workers,
        baseline=single,
        baseline_name="one process",
        ratio=ratio,
        target=f"{bound:g}x faster" if bound else "",
        met=None if bound is None else ratio <= 1 / bound,
        note=note,
    )


def _load_cases(config: Config, documents: list[Any]) -> list[Result]:
    n = len(documents)
    verified, trusted = make_converter(), make_converter(verify=False)
    loader = batch.Loader(trusted=True)

    def batch_path() -> object:
        return loader.rating_records(documents)

    def structure_each() -> object:
        return rating_records([verified.structure(d, pc.Cycle) for d in documents])

    def structure_trusted() -> object:
        return rating_records([trusted.structure(d, pc.Cycle) for d in documents])

    assert batch_path() == structure_each(), "the batch path's records differ"
    return [
        measure(
            Case(
                name=f"ratings of {n:,} stored cycles: batch path (trusted) per cycle",
                perfcore=batch_path,
                baseline=structure_each,
                target="at_most",
                bound=1 / 3,
                note="baseline: structure(document, Cycle) per cycle, verified (today's)",
                scenario=SCENARIO,
                per=n,
                unit="us",
                baseline_name="structure per cycle",
            ),
            config,
        ),
        measure(
            Case(
                name=f"ratings of {n:,} stored cycles: batch path vs trusted structure",
                perfcore=batch_path,
                baseline=structure_trusted,
                target="at_most",
                bound=1 / 3,
                note="baseline: make_converter(verify=False).structure per cycle",
                scenario=SCENARIO,
                per=n,
                unit="us",
                baseline_name="structure per cycle",
            ),
            config,
        ),
    ]


def run(config: Config) -> list[Result]:
    """The audit and calibration on 2 Dask workers against one process; the batch load."""
    n = config.size(100_000, 2_000, 40)
    ratings_n = config.size(1_000_000, 100_000, 400)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as directory:
        files = _write(pathlib.Path(directory), n, 2 if config.smoke else FILES)
        ratings = _write_ratings(pathlib.Path(directory), ratings_n)
        try:
            import distributed  # noqa: F401, PLC0415 - is Dask's cluster there?

            import perfcore.dask  # noqa: F401, PLC0415
        except ImportError:
            pass  # the two Dask rows are left out
        else:
            results.extend(_dask_cases(files, ratings, n))
        wanted = config.size(2_000, 1_000, 40)
        sample: list[Any] = []
        for path in files:
            sample += _read(path)[: wanted - len(sample)]
        results.extend(_load_cases(config, sample))
    return results
