"""perfcore's batch runs on Dask: bags of stored documents, data frames of records.

Needs Dask (``pip install 'perfcore[dask]'``; without it, importing this
module raises :class:`perfcore.MissingDependency`); ``import perfcore`` never
imports it. Your Dask reads the files (``dask.bag.read_text(...).map(json.loads)``,
``dask.dataframe.read_parquet(...)``); perfcore does no I/O. Every function
here only describes work: it returns a lazy Dask collection (a ``Bag``, an
``Item``, a ``Series``) and nothing runs until you ``compute()`` it, on
whatever scheduler you choose (threads, processes, a ``dask.distributed``
cluster). No global state, no threads of its own.

Each function is a :mod:`perfcore.batch` step per partition plus its combine
step, so the result equals the single-process one for any partitioning:
records and counts exactly, statistics bit for bit.

>>> import dask.bag as db
>>> from perfcore.analytics import RatingRecord, z_normalise
>>> ratings = [RatingRecord(employee_id=f"e{i}", rater_id=f"m{i % 2}", value=1 + i % 5)
...            for i in range(12)]
>>> calibrated = z_normalise_bag(db.from_sequence(ratings, npartitions=3))
>>> calibrated.compute(scheduler="sync") == list(z_normalise(ratings))
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from perfcore.errors import MissingDependency

try:
    import dask.bag as db
    import dask.dataframe as dd
    from dask.delayed import delayed
except ImportError:
    raise MissingDependency("perfcore.dask", "dask", "dask") from None

from perfcore import _validators as v
from perfcore.analytics import NineBox, NineBoxCounts, RatingRecord, TalentRecord
from perfcore.analytics.records import GroupKey, group_of
from perfcore.batch import (
    AuditPart,
    CalibrationStats,
    Loader,
    audit_part,
    calibration_stats,
    column_stats,
    combine_audits,
    combine_nine_box,
    combine_rater_effects,
    nine_box_part,
    rater_effects_part,
    z_calibrate_part,
    z_normalise_part,
)
from perfcore.cycle import Cycle
from perfcore.oversight import AuditReport

__all__ = [
    "audit_bag",
    "cycles_bag",
    "nine_box_bag",
    "rater_effects_bag",
    "rating_records_bag",
    "scores_bag",
    "z_calibrate_frame",
    "z_normalise_bag",
]


def _loader(loader: Loader | None) -> Loader:
    if loader is None:
        return Loader()
    v.require(loader, Loader, "loader")
    return loader


def _cycles(documents: Iterable[object], loader: Loader) -> list[Cycle]:
    return list(loader.cycles(documents))


def _ratings(documents: Iterable[object], loader: Loader, self_ratings: bool) -> list[RatingRecord]:
    return loader.rating_records(documents, self_ratings=self_ratings)


def _scores(documents: Iterable[object], loader: Loader) -> list[Any]:
    return list(loader.scores(documents))


def cycles_bag(documents: db.Bag, *, loader: Loader | None = None) -> db.Bag:
    """A bag of the documents' cycles, each partition loaded by ``loader`` (verified by default)."""
    return documents.map_partitions(_cycles, _shared(_loader(loader)))


def rating_records_bag(
    documents: db.Bag, *, loader: Loader | None = None, self_ratings: bool = True
) -> db.Bag:
    """A bag of the documents' rating records (see :meth:`perfcore.batch.Loader.rating_records`)."""
    return documents.map_partitions(_ratings, _shared(_loader(loader)), self_ratings)


def scores_bag(documents: db.Bag, *, loader: Loader | None = None) -> db.Bag:
    """A bag of ``(cycle id, score)`` pairs (see :meth:`perfcore.batch.Loader.scores`)."""
    return documents.map_partitions(_scores, _shared(_loader(loader)))


def _shared(value: object) -> Any:  # noqa: ANN401 - a dask Delayed
    """``value`` as one key of the graph, not a literal copied into every task.

    On a cluster each worker then receives it (and unpickles it) once and its
    tasks share that copy: a :class:`~perfcore.batch.Loader` makes its
    converter once per worker, not once per partition.
    """
    return delayed(value, pure=True)


def _audit_documents(
    documents: Iterable[object], loader: Loader, options: dict[str, Any]
) -> list[AuditPart]:
    return [audit_part(loader.cycles(documents), **options)]


def _the_part(parts: Sequence[AuditPart]) -> AuditPart:
    return parts[0]


def _report(parts: Sequence[AuditPart]) -> AuditReport:
    return combine_audits(parts)


def audit_bag(
    documents: db.Bag,
    *,
    loader: Loader | None = None,
    **options: Any,  # noqa: ANN401
) -> Any:  # noqa: ANN401 - a dask Item
    """The audit of the documents' cycles, as a lazy ``Item``: ``.compute()`` gives the report.

    ``options`` are those of :func:`perfcore.oversight.audit` (``as_of``,
    ``rules``, ``agreements``, ...). Each partition is loaded and audited where
    it lies (:func:`perfcore.batch.audit_part`); only its part (findings and
    small summaries) travels, once, to the one task that combines them all
    (:func:`perfcore.batch.combine_audits`). The loader is one key of the
    graph, so a worker makes its converter once, whatever the partitions.
    """
    shared = _shared(_loader(loader))
    parts = documents.map_partitions(_audit_documents, shared, options)
    return parts.reduction(_the_part, _report, split_every=False)


def _count_part(records: Iterable[TalentRecord], box: NineBox) -> NineBoxCounts:
    return nine_box_part(box, list(records))


def _add_counts(parts: Sequence[NineBoxCounts], box: NineBox) -> NineBoxCounts:
    return combine_nine_box(box, parts)


def nine_box_bag(records: db.Bag, box: NineBox) -> Any:  # noqa: ANN401 - a dask Item
    """The nine-box counts of a bag of talent records, as a lazy ``Item`` (``NineBoxCounts``).

    Each partition is placed and counted where it lies (:func:`perfcore.batch.nine_box_part`);
    the counts are added up in a tree (:func:`perfcore.batch.combine_nine_box`).
    """
    v.require(box, NineBox, "box")
    return records.reduction(
        functools.partial(_count_part, box=box), functools.partial(_add_counts, box=box)
    )


def _group_key(record: RatingRecord, by: GroupKey) -> str:
    group = group_of(record, by)
    return "" if group is None else f"={group}"  # records in no group stay together


def _append(found: list[RatingRecord], record: RatingRecord) -> list[RatingRecord]:
    found.append(record)
    return found


def _extend(found: list[RatingRecord], more: list[RatingRecord]) -> list[RatingRecord]:
    return [*found, *more]


def _group_effects(
    group: tuple[str, list[RatingRecord]],
    stats: CalibrationStats,
    **options: Any,  # noqa: ANN401 - those of rater_effects_part
) -> tuple[Any, ...]:
    return rater_effects_part(group[1], stats, **options)


def _combine_effects(parts: list[Any], stats: CalibrationStats, min_group_size: int) -> Any:  # noqa: ANN401
    return combine_rater_effects(parts, stats, min_group_size=min_group_size)


def rater_effects_bag(
    records: db.Bag, *, by: GroupKey = "rater_id", min_group_size: int = 4
) -> Any:  # noqa: ANN401 - a dask Delayed
    """The rater effects of a bag of rating records, lazily (``RaterEffects`` on ``compute()``).

    The records are grouped by ``by`` (``Bag.foldby``: each rater's ratings
    come together, for the halo), each group's effects are worked out against the
    merged statistics of all the ratings, and the groups are combined
    (:func:`perfcore.batch.combine_rater_effects`): :func:`perfcore.analytics.rater_effects`
    of all the records.
    """
    stats = records.reduction(
        functools.partial(calibration_stats, by=None), CalibrationStats.merged
    )
    groups = records.foldby(
        functools.partial(_group_key, by=by), _append, list, _extend, list
    ).repartition(records.npartitions)  # the groups' effects worked out in parallel
    effects = groups.map(_group_effects, stats, by=by, min_group_size=min_group_size)
    return delayed(_combine_effects)(effects, stats, min_group_size)


def z_normalise_bag(
    records: db.Bag,
    *,
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
    target_scale: Any = None,  # noqa: ANN401 - a RatingScale, checked per partition
) -> db.Bag:
    """A bag of :class:`perfcore.analytics.CalibratedRating`, one per record, in order.

    Two passes: the statistics of every partition (:func:`perfcore.batch.calibration_stats`),
    merged, then each partition calibrated with them (:func:`perfcore.batch.z_normalise_part`):
    exactly :func:`perfcore.analytics.z_normalise` of all the records.
    """
    stats = records.reduction(functools.partial(calibration_stats, by=by), CalibrationStats.merged)
    return records.map_partitions(
        _z_normalise,
        stats,
        by=by,
        min_group_size=min_group_size,
        target_scale=target_scale,
    )


def _z_normalise(
    records: Iterable[RatingRecord],
    stats: CalibrationStats,
    **options: Any,  # noqa: ANN401 - those of z_normalise_part
) -> list[Any]:
    return list(z_normalise_part(list(records), stats, **options))


def _frame_stats(frame: Any, value: str, group: str) -> CalibrationStats:  # noqa: ANN401
    return column_stats(frame[value], frame[group])


def _frame_calibrate(
    frame: Any,  # noqa: ANN401 - a pandas DataFrame (one partition)
    value: str,
    group: str,
    stats: CalibrationStats,
    min_group_size: int,
) -> Any:  # noqa: ANN401 - a pandas Series
    column = frame[value]
    calibrated = z_calibrate_part(column, frame[group], stats, min_group_size=min_group_size)
    return type(column)(calibrated, index=frame.index, name=value, dtype="float64")


def z_calibrate_frame(
    frame: dd.DataFrame,
    *,
    value: str = "normalised",
    group: str = "rater_id",
    min_group_size: int = 4,
) -> dd.Series:
    """The calibrated ``value`` column of a Dask DataFrame, as a lazy Series.

    :func:`perfcore.analytics.z_calibrate` on all the rows (within 1e-12; with
    the means and SDs exact, equal to ``z_normalise``'s ``calibrated``): the
    statistics of every partition (:func:`perfcore.batch.column_stats`), merged,
    then each partition calibrated with them (:func:`perfcore.batch.z_calibrate_part`).
    """
    parts = [delayed(_frame_stats)(part, value, group) for part in frame.to_delayed()]
    stats = delayed(CalibrationStats.merged)(parts)
    return frame.map_partitions(
        _frame_calibrate, value, group, stats, min_group_size, meta=(value, "float64")
    )
