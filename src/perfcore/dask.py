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
from perfcore.analytics import (
    EmploymentEvent,
    IccForm,
    Metric,
    NineBox,
    NineBoxCounts,
    RatingRecord,
    TalentRecord,
    check_in_compliance,
    goal_agreement_rate,
    high_performer_retention,
    high_potential_retention,
)
from perfcore.analytics.agreement import AlphaLevel
from perfcore.analytics.records import GroupKey, group_of
from perfcore.batch import (
    _TALENT,
    AlphaStats,
    AuditPart,
    CalibrationStats,
    IccStats,
    Loader,
    TalentPart,
    audit_part,
    calibration_stats,
    column_stats,
    combine_audits,
    combine_icc,
    combine_krippendorff_alpha,
    combine_nine_box,
    combine_rater_effects,
    combine_talent,
    icc_part,
    krippendorff_alpha_part,
    nine_box_part,
    rater_effects_part,
    talent_part,
    z_calibrate_part,
    z_normalise_part,
)
from perfcore.cycle import Cycle
from perfcore.errors import ValidationError
from perfcore.oversight import AuditReport

__all__ = [
    "audit_bag",
    "cycles_bag",
    "icc_bag",
    "krippendorff_alpha_bag",
    "nine_box_bag",
    "rater_effects_bag",
    "rating_records_bag",
    "scores_bag",
    "talent_bag",
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


# --- agreement -----------------------------------------------------------------------------


def _icc_rows(rows: Iterable[object]) -> IccStats:
    return icc_part(list(rows))


def _icc_of(stats: IccStats, form: IccForm) -> Any:  # noqa: ANN401 - an IccResult
    return combine_icc([stats], form=form)


def icc_bag(rows: db.Bag, *, form: IccForm) -> Any:  # noqa: ANN401 - a dask Item
    """The ICC ``form`` of a bag of rows (one per target, one rating per rater), lazily.

    :func:`perfcore.analytics.icc` of all the rows (an ``Item``; ``compute()``
    gives the ``IccResult``): each partition's sums (:func:`perfcore.batch.icc_part`),
    merged exactly in a tree, then the ICC (:func:`perfcore.batch.combine_icc`).
    A Dask DataFrame with one column per rater gives its rows with ``frame.to_bag()``.
    """
    return rows.reduction(_icc_rows, IccStats.merged).apply(functools.partial(_icc_of, form=form))


def _alpha_units(units: Iterable[object], level: str) -> AlphaStats:
    return krippendorff_alpha_part(list(units), level=level, layout="units")  # type: ignore[arg-type]


def _alpha_of(stats: AlphaStats) -> Any:  # noqa: ANN401 - an AlphaResult
    return combine_krippendorff_alpha([stats])


def krippendorff_alpha_bag(units: db.Bag, *, level: AlphaLevel = "interval") -> Any:  # noqa: ANN401
    """Krippendorff's alpha of a bag of units (each one value or ``None`` per coder), lazily.

    :func:`perfcore.analytics.krippendorff_alpha` of all the units with
    ``layout="units"`` (an ``Item``; ``compute()`` gives the ``AlphaResult``):
    each partition's counts and disagreements (:func:`perfcore.batch.krippendorff_alpha_part`),
    merged exactly in a tree, then alpha (:func:`perfcore.batch.combine_krippendorff_alpha`).
    """
    return units.reduction(functools.partial(_alpha_units, level=level), AlphaStats.merged).apply(
        _alpha_of
    )


# --- talent metrics ------------------------------------------------------------------------

_WITH_TALENT = (high_performer_retention, high_potential_retention)
_OVER_CYCLES = (check_in_compliance, goal_agreement_rate)


def _first(item: tuple[str, object]) -> str:
    return item[0]


def _person(item: object) -> str:
    """The employee an event, a talent record or a roster entry is of (what the parts split by)."""
    if isinstance(item, EmploymentEvent | TalentRecord):
        return f"={item.employee_id}"
    return f"={item}" if isinstance(item, str) else ""  # a bad entry: refused in its part


def _tagged(tag: str) -> Any:  # noqa: ANN401 - a function for Bag.map
    return functools.partial(_tag, tag)


def _tag(tag: str, item: object) -> tuple[str, tuple[str, object]]:
    return _person(item), (tag, item)


def _append_tagged(found: list[Any], item: tuple[str, tuple[str, object]]) -> list[Any]:
    found.append(item[1])
    return found


def _extend_tagged(found: list[Any], more: list[Any]) -> list[Any]:
    return [*found, *more]


def _people_part(
    people: Iterable[tuple[str, list[tuple[str, object]]]],
    metric: Any,  # noqa: ANN401 - a talent metric
    options: dict[str, Any],
) -> list[TalentPart]:
    tagged = [item for _, items in people for item in items]
    events = [item for tag, item in tagged if tag == "event"]
    roster = [item for tag, item in tagged if tag == "roster"]
    if metric in _WITH_TALENT:
        talent = [item for tag, item in tagged if tag == "talent"]
        return [talent_part(metric, events, talent, roster=roster, **options)]
    return [talent_part(metric, events, roster=roster, **options)]


def _cycles_part(
    cycles: Iterable[Cycle],
    metric: Any,  # noqa: ANN401 - a talent metric
    options: dict[str, Any],
) -> list[TalentPart]:
    return [talent_part(metric, list(cycles), **options)]


def _the_talent_part(parts: Sequence[TalentPart]) -> TalentPart:
    return parts[0]


def _metrics(parts: Sequence[TalentPart]) -> tuple[Metric, ...]:
    return combine_talent(parts)


def _bag_of(value: object, npartitions: int) -> db.Bag:
    if isinstance(value, db.Bag):
        return value
    return db.from_sequence(list(value), npartitions=npartitions)  # type: ignore[call-overload]


def talent_bag(
    metric: Any,  # noqa: ANN401 - a talent metric of perfcore.analytics
    records: db.Bag,
    *,
    roster: Any = (),  # noqa: ANN401 - a bag or a sequence of employee ids
    talent: Any = None,  # noqa: ANN401 - a bag or a sequence of TalentRecord
    **options: Any,  # noqa: ANN401
) -> Any:  # noqa: ANN401 - a dask Item
    """A talent metric of :mod:`perfcore.analytics.talent` over a bag, lazily (its metrics).

    ``metric`` is the function (``perfcore.analytics.turnover``, ``retention_rate``,
    ``check_in_compliance``, ...); ``options`` are its other arguments, by name
    (``period=...``, ``by=...``, ``as_of=...``). For the metrics over employment
    events, ``records`` is a bag of :class:`~perfcore.analytics.EmploymentEvent`,
    ``roster`` the ids of people employed before their first event and
    ``talent`` (for ``high_performer_retention`` and ``high_potential_retention``)
    the talent records, each a bag or a sequence: every person's events, roster
    entry and talent records are brought together (``Bag.foldby``), and each
    partition of people counted where it lies. For ``check_in_compliance``
    and ``goal_agreement_rate``, ``records`` is a bag of cycles (``cycles_bag``),
    counted partition by partition. The counts are added up by
    :func:`perfcore.batch.combine_talent`: ``compute()`` gives what the metric
    gives on all the records.
    """
    if not any(metric is known for known, _ in _TALENT):
        names = ", ".join(known.__name__ for known, _ in _TALENT)
        raise ValidationError.single(
            "metric", f"must be one of the talent metrics ({names}), got {v.describe(metric)}"
        )
    if talent is not None and metric not in _WITH_TALENT:
        raise ValidationError.single(
            "talent", f"is not an argument of {metric.__name__}: leave it out"
        )
    if metric in _OVER_CYCLES:
        parts = records.map_partitions(_cycles_part, metric, options)
    else:
        n = records.npartitions
        tagged = [records.map(_tagged("event")), _bag_of(roster, 1).map(_tagged("roster"))]
        if metric in _WITH_TALENT:
            tagged.append(_bag_of(() if talent is None else talent, 1).map(_tagged("talent")))
        people = (
            db.concat(tagged)
            .foldby(_first, _append_tagged, list, _extend_tagged, list)
            .repartition(n)
        )
        parts = people.map_partitions(_people_part, metric, options)
    return parts.reduction(_the_talent_part, _metrics, split_every=False)
