"""Organisation-scale batch runs: many stored cycles at once, in partitions, combined exactly.

Three parts, each made of plain functions of their arguments (no I/O, no
global state, no threads of their own), so any engine that splits work into
partitions can run them: one process, ``multiprocessing``, or Dask (see
:mod:`perfcore.dask`).

- :class:`Loader` reads many stored cycle documents at once, verified (the
  default) or, explicitly, trusted. Its :meth:`~Loader.rating_records` and
  :meth:`~Loader.scores` give the flat records analytics uses; on the trusted
  path they are read from each document's stored state, without building a
  :class:`~perfcore.Cycle` (several times cheaper), with the same values.
- The audit as per-partition work plus a combine step: :func:`audit_part`
  on each partition's cycles, :func:`combine_audits` on the parts gives the
  very report :func:`perfcore.oversight.audit` gives on all the cycles.
- Calibration from mergeable sufficient statistics: :class:`Moments` (count,
  sum and sum of squares, held exactly) and :class:`CalibrationStats` (the
  organisation's and each group's) are made per partition and merged;
  :func:`z_normalise_part` and :func:`z_calibrate_part` then calibrate each
  partition exactly as :func:`perfcore.analytics.z_normalise` and
  :func:`perfcore.analytics.z_calibrate` do on the whole population.
- Agreement from exact sums: :func:`icc_part` (:class:`IccStats`) and
  :func:`krippendorff_alpha_part` (:class:`AlphaStats`) per partition of a
  table's rows or units, :func:`combine_icc` and :func:`combine_krippendorff_alpha`
  on the parts.
- Talent metrics from counts: :func:`talent_part` (:class:`TalentPart`) runs
  any talent metric of :mod:`perfcore.analytics.talent` on one partition,
  :func:`combine_talent` adds the parts' counts up and makes the metrics.

Any partitioning gives the single-process result: records and counts equal,
statistics bit for bit (the sums are exact integers, so merging them in any
order loses nothing).

>>> from perfcore.analytics import RatingRecord, z_normalise
>>> ratings = [RatingRecord(employee_id=f"e{i}", rater_id=f"m{i % 2}", value=1 + i % 5)
...            for i in range(12)]
>>> parts = [ratings[:5], ratings[5:]]
>>> stats = CalibrationStats.merged(calibration_stats(part) for part in parts)
>>> calibrated = [r for part in parts for r in z_normalise_part(part, stats)]
>>> calibrated == list(z_normalise(ratings))
True
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import inspect
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from perfcore import _tables
from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore.analytics import (
    Metric,
    NineBox,
    NineBoxCounts,
    RatingRecord,
    TalentRecord,
    check_in_compliance,
    goal_agreement_rate,
    high_performer_retention,
    high_potential_retention,
    promotion_rate,
    rating_records,
    regretted_attrition,
    retention_rate,
    training_participation,
    turnover,
)
from perfcore.analytics._calibration_bulk import _sqrt_of_ratio
from perfcore.analytics._calibration_common import (
    _check_by,
    _check_min_group_size,
    _check_records,
)
from perfcore.analytics._calibration_raters import (
    RaterEffect,
    RaterEffects,
    effects_of,
    rater_effects_given,
)
from perfcore.analytics._calibration_zscore import (
    CalibratedRating,
    Spread,
    _check_columns,
    _group_keys,
    _normalised_values,
    z_normalise_given,
)
from perfcore.analytics._talent_common import _Counted, _metrics_of
from perfcore.analytics._talent_cycles import (
    _counted_check_in_compliance,
    _counted_goal_agreement_rate,
)
from perfcore.analytics._talent_retention import (
    _counted_high_performer_retention,
    _counted_high_potential_retention,
    _counted_retention_rate,
)
from perfcore.analytics._talent_turnover import (
    _counted_promotion_rate,
    _counted_regretted_attrition,
    _counted_training_participation,
    _counted_turnover,
)
from perfcore.analytics.agreement import (
    _LEVELS,
    _RATINGS,
    _RATINGS_PART,
    AlphaLayout,
    AlphaLevel,
    AlphaResult,
    IccForm,
    IccResult,
    _alpha_result,
    _check_ratings,
    _delta_of,
    _disagreement_sum,
    _form_problem,
    _icc_result,
    _icc_sums,
    _mean_squares_of_sums,
    _ordinal_delta,
    _pairable_units,
)
from perfcore.analytics.records import GroupKey
from perfcore.appraisal import AppraisalScore
from perfcore.cycle import DEFAULT_POLICY, Cycle, Policy
from perfcore.errors import Problem, ValidationError
from perfcore.improvement import DEFAULT_CAUSE_INTERVENTIONS, CauseInterventions
from perfcore.oversight import (
    DEFAULT_RULES,
    AuditContext,
    AuditReport,
    AuditRule,
    Finding,
    PhaseDeadlines,
    RuleSet,
    Scope,
    as_it_stood,
    audit,
)
from perfcore.scales import RatingScale
from perfcore.schedule import ManagerAgreement
from perfcore.serialization import SCHEMA_VERSION, PerfcoreConverter, Upcaster, make_converter

__all__ = [
    "AlphaStats",
    "AuditPart",
    "CalibrationStats",
    "IccStats",
    "Loader",
    "Moments",
    "TalentPart",
    "audit_part",
    "calibration_stats",
    "column_stats",
    "combine_audits",
    "combine_icc",
    "combine_krippendorff_alpha",
    "combine_nine_box",
    "combine_rater_effects",
    "combine_talent",
    "icc_part",
    "krippendorff_alpha_part",
    "nine_box_part",
    "rater_effects_part",
    "talent_part",
    "z_calibrate_part",
    "z_normalise_part",
]


# --- loading -------------------------------------------------------------------------------


def _documents(documents: object) -> list[Any]:
    if isinstance(documents, str | bytes | Mapping) or not isinstance(documents, Iterable):
        raise ValidationError.single(
            "documents", f"must be an iterable of stored documents, got {v.describe(documents)}"
        )
    return list(documents)


def _number(value: object) -> float:
    """A stored number as the converter reads it (a float; never a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    return float(value)


def _tuple_of_upcasters(value: object) -> tuple[Upcaster, ...]:
    return tuple(value) if isinstance(value, list | tuple) else value  # type: ignore[return-value]


def _converter_of(loader: Loader) -> PerfcoreConverter:
    """The converter a loader reads with, made from its settings."""
    return make_converter(
        policy=loader.policy, verify=not loader.trusted, upcasters=loader.upcasters
    )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Loader:
    """How many stored cycle documents are read: verified (the default) or trusted.

    Verified, each document's events are replayed and re-decided and its stored
    state checked against them, as ``make_converter()`` does. ``trusted=True``
    is for documents this app wrote and already verified: the whole-cycle
    path replays without re-deciding (``make_converter(verify=False)``), and
    the record methods read the stored state directly, never building a
    cycle. ``policy`` and ``upcasters`` are those of
    :func:`perfcore.serialization.make_converter`.

    A loader pickles (its converter is made again where it is unpickled), so
    an engine can send it to its workers; each method is a pure function of
    its documents.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> from perfcore.serialization import make_converter
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=Actor(person_id="hr", role=Role.HR),
    ...     at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> documents = [make_converter().unstructure(cycle)]
    >>> Loader().cycles(documents) == (cycle,), Loader(trusted=True).rating_records(documents)
    (True, [])
    >>> Loader().cycles([{"type": "cycle"}])
    Traceback (most recent call last):
    ...
    perfcore.errors.MalformedInput: documents[0].schema_version: is required
    """

    trusted: bool = attrs.field(default=False, validator=v.instance(bool))
    policy: Policy = attrs.field(default=DEFAULT_POLICY, validator=v.instance(Policy))
    upcasters: tuple[Upcaster, ...] = attrs.field(
        default=(), converter=_tuple_of_upcasters, validator=v.tuple_of(Upcaster)
    )
    _converter: PerfcoreConverter = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_converter_of, takes_self=True)
    )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_loader, (self.trusted, self.policy, self.upcasters))

    def cycles(self, documents: Iterable[object]) -> tuple[Cycle, ...]:
        """Every document as a cycle, in order; every bad one reported, at ``documents[i]``."""
        items = _documents(documents)
        found: list[Cycle] = []
        failures: list[ValidationError] = []
        for index, document in enumerate(items):
            try:
                found.append(self._one(document, index))
            except ValidationError as exc:
                failures.append(exc)
        if failures:
            kinds = {type(exc) for exc in failures}
            kind = kinds.pop() if len(kinds) == 1 else ValidationError
            raise kind(p for exc in failures for p in exc.problems)
        return tuple(found)

    def _one(self, document: object, index: int) -> Cycle:
        try:
            return self._converter.structure(document, Cycle)
        except ValidationError as exc:
            raise type(exc)(_located(p, index) for p in exc.problems) from None

    def rating_records(
        self, documents: Iterable[object], *, self_ratings: bool = True
    ) -> list[RatingRecord]:
        """:func:`perfcore.analytics.rating_records` of the documents' cycles, in order.

        Trusted, read from each document's stored state (a document this
        version of perfcore did not write, or cannot read that way, is loaded
        whole instead); verified, from the loaded cycles.
        """
        v.require(self_ratings, bool, "self_ratings")
        items = _documents(documents)
        if not self.trusted:
            return rating_records(self.cycles(items), self_ratings=self_ratings)
        scales: dict[object, RatingScale] = {}
        records: list[RatingRecord] = []
        for index, document in enumerate(items):
            read = self._stored_ratings(document, self_ratings, scales)
            if read is None:
                read = rating_records([self._one(document, index)], self_ratings=self_ratings)
            records += read
        return records

    def scores(self, documents: Iterable[object]) -> list[tuple[str, AppraisalScore]]:
        """``(cycle id, score)`` of every document's cycle that has a score, in order.

        ``perfcore.analytics.score_rows([s for _, s in pairs], cycle_ids=[i for i, _ in
        pairs])`` makes rows of them. Trusted, each score is read from the stored state.
        """
        items = _documents(documents)
        if not self.trusted:
            return [(c.id, c.score) for c in self.cycles(items) if c.score is not None]
        found: list[tuple[str, AppraisalScore]] = []
        for index, document in enumerate(items):
            read = self._stored_score(document)
            if read is None:
                cycle = self._one(document, index)
                read = (cycle.id, cycle.score)
            if read[1] is not None:
                found.append((read[0], read[1]))
        return found

    def _stored_ratings(
        self, document: object, self_ratings: bool, scales: dict[object, RatingScale]
    ) -> list[RatingRecord] | None:
        """The rating records of a stored cycle's state, or ``None`` to load it whole."""
        if not _current(document):
            return None
        state: Mapping[str, Any] = document  # type: ignore[assignment]
        try:
            key = repr(state["scale"])
            scale = scales.get(key)
            if scale is None:
                scale = scales[key] = self._converter.structure(state["scale"], RatingScale)
            pairs = [(state["manager_assessment"], state["manager_id"], "manager")]
            if self_ratings:
                pairs.append((state["self_assessment"], state["employee_id"], "self"))
            records: list[RatingRecord] = []
            for assessment, rater, role in pairs:
                if assessment is None:
                    continue
                rated = [
                    (r["goal_id"], _number(r["rating"]["value"]))
                    for r in assessment["goal_ratings"]
                ]
                if assessment["overall"] is not None:
                    rated.append(("overall", _number(assessment["overall"]["value"])))
                records += [
                    RatingRecord(
                        employee_id=state["employee_id"],
                        rater_id=rater,
                        rater_role=role,
                        value=value,
                        scale=scale,
                        dimension=dimension,
                        cycle_id=state["id"],
                    )
                    for dimension, value in rated
                ]
        except Exception:  # noqa: BLE001 - not readable directly: the whole load decides
            return None
        return records

    def _stored_score(self, document: object) -> tuple[str, AppraisalScore | None] | None:
        """The id and score of a stored cycle's state, or ``None`` to load it whole."""
        if not _current(document):
            return None
        state: Mapping[str, Any] = document  # type: ignore[assignment]
        try:
            cycle_id = state["id"]
            stored = state["score"]
            if not isinstance(cycle_id, str):
                return None
            score = None if stored is None else self._converter.structure(stored, AppraisalScore)
        except Exception:  # noqa: BLE001 - not readable directly: the whole load decides
            return None
        return cycle_id, score


def _loader(trusted: bool, policy: Policy, upcasters: tuple[Upcaster, ...]) -> Loader:
    """A loader made again from its settings (how one unpickles)."""
    return Loader(trusted=trusted, policy=policy, upcasters=upcasters)


def _current(document: object) -> bool:
    """A stored cycle of the current schema version (whose state can be read as it is)."""
    return (
        isinstance(document, Mapping)
        and document.get("type") == "cycle"
        and document.get("schema_version") == SCHEMA_VERSION
    )


def _located(problem: Problem, index: int) -> Problem:
    """A document's problem (``$.events[2]``) at its place among the documents."""
    rest = problem.path[1:] if problem.path.startswith("$") else f".{problem.path}"
    return problem.at(f"documents[{index}]{rest}")


# --- the audit -----------------------------------------------------------------------------


def _rule_set(rules: object) -> RuleSet:
    if isinstance(rules, RuleSet):
        return rules
    return RuleSet(rules=tuple(rules))  # type: ignore[arg-type] # checked by the audit first


def _splits(rule: AuditRule) -> bool:
    """A population rule split into ``summarise`` and ``judge`` (see perfcore.oversight)."""
    return callable(getattr(rule, "summarise", None)) and callable(getattr(rule, "judge", None))


def _same(parts: Sequence[AuditPart]) -> None:
    first = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        if part.context != first.context or part.rules != first.rules:
            raise ValidationError.single(
                f"parts[{index}]",
                "was audited with other settings (as_of, rules, ...) than parts[0]",
            )


def _summaries(value: Mapping[str, tuple[object, ...]]) -> Mapping[str, tuple[object, ...]]:
    return FrozenMap({name: tuple(found) for name, found in value.items()})


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AuditPart:
    """One partition's share of an audit; :func:`combine_audits` makes the report of all of them.

    It holds the settings (``context``, ``rules``), the ids of the partition's
    cycles (so a cycle in two partitions is caught), the findings of the
    rules that judge one cycle at a time, each split population rule's
    summaries (by rule name), and the cycles as they stood for population rules
    that are not split (none with the built-in rules).
    """

    context: AuditContext = attrs.field(validator=v.instance(AuditContext))
    rules: RuleSet = attrs.field(validator=v.instance(RuleSet))
    cycle_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    findings: tuple[Finding, ...] = attrs.field(default=(), validator=v.tuple_of(Finding))
    summaries: Mapping[str, tuple[object, ...]] = attrs.field(factory=dict, converter=_summaries)
    cycles: tuple[Cycle, ...] = attrs.field(default=(), validator=v.tuple_of(Cycle))

    def merge(self, other: AuditPart) -> AuditPart:
        """This part and ``other`` as one (the order of merging changes nothing in the report)."""
        v.require(other, AuditPart, "other")
        _same([self, other])
        repeated = set(self.cycle_ids).intersection(other.cycle_ids)
        if repeated:
            raise ValidationError.single("other", f"repeats cycle {min(repeated)!r}")
        names = dict.fromkeys([*self.summaries, *other.summaries])
        return AuditPart(
            context=self.context,
            rules=self.rules,
            cycle_ids=self.cycle_ids + other.cycle_ids,
            findings=self.findings + other.findings,
            summaries={
                name: self.summaries.get(name, ()) + other.summaries.get(name, ()) for name in names
            },
            cycles=self.cycles + other.cycles,
        )


def audit_part(  # noqa: PLR0913 - the arguments of perfcore.oversight.audit
    cycles: Iterable[Cycle],
    *,
    as_of: Any,  # noqa: ANN401 - checked as perfcore.oversight.audit checks it
    rules: RuleSet | Sequence[AuditRule] = DEFAULT_RULES,
    agreements: Sequence[ManagerAgreement] = (),
    interventions: CauseInterventions = DEFAULT_CAUSE_INTERVENTIONS,
    deadlines: PhaseDeadlines | None = None,
) -> AuditPart:
    """One partition's share of :func:`perfcore.oversight.audit` (same arguments).

    The rules that judge one cycle at a time run here; each population rule
    that is split (``summarise``/``judge``, as the built-in ones are) keeps
    one summary per cycle; any other population rule keeps the cycles.
    """
    items = list(cycles) if isinstance(cycles, Iterable) else cycles
    # the whole audit's checks of every argument, on no cycles
    audit(
        [],
        as_of=as_of,
        rules=rules,
        agreements=agreements,
        interventions=interventions,
        deadlines=deadlines,
    )
    rule_set = _rule_set(rules)
    one_at_a_time = tuple(r for r in rule_set if r.scope is Scope.CYCLE)
    report = audit(
        items,
        as_of=as_of,
        rules=RuleSet(rules=one_at_a_time),
        agreements=agreements,
        interventions=interventions,
        deadlines=deadlines,
    )
    context = AuditContext(
        as_of=as_of,
        agreements=tuple(agreements),
        interventions=interventions,
        deadlines=deadlines if deadlines is not None else PhaseDeadlines(),
    )
    population = [r for r in rule_set if r.scope is not Scope.CYCLE]
    stood = [c for c in (as_it_stood(cycle, context.as_of) for cycle in items) if c is not None]
    summaries: dict[str, tuple[object, ...]] = {}
    kept: tuple[Cycle, ...] = ()
    for rule in population:
        if _splits(rule):
            summarise = rule.summarise  # type: ignore[attr-defined]
            summaries[rule.name] = tuple(
                s for s in (summarise(c, context) for c in stood) if s is not None
            )
        else:
            kept = tuple(stood)
    return AuditPart(
        context=context,
        rules=rule_set,
        cycle_ids=tuple(c.id for c in items),
        findings=tuple(report.findings),
        summaries=summaries,
        cycles=kept,
    )


def combine_audits(parts: Iterable[AuditPart]) -> AuditReport:
    """The audit report of all the parts' cycles: what one audit of them all gives.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> hr = Actor(person_id="hr", role=Role.HR)
    >>> at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    >>> cycles = [Cycle.start(cycle_id=f"c{i}", employee_id=f"e{i}", manager_id="m1",
    ...     period=Period.annual(2026), by=hr, at=at) for i in range(3)]
    >>> as_of = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> report = combine_audits([audit_part(cycles[:1], as_of=as_of),
    ...                          audit_part(cycles[1:], as_of=as_of)])
    >>> report == audit(cycles, as_of=as_of), len(report)
    (True, 3)
    """
    items = _documents_of(parts)
    if not items:
        raise ValidationError.single("parts", "must hold at least one part")
    whole = _all_of(items)
    findings = list(whole.findings)
    for rule in whole.rules:
        if rule.scope is Scope.CYCLE:
            continue
        if rule.name in whole.summaries:
            found = rule.judge(whole.summaries[rule.name], whole.context)  # type: ignore[attr-defined]
        else:
            found = rule.check(whole.cycles, whole.context)
        for finding in found:
            if not isinstance(finding, Finding):
                raise ValidationError.single(
                    f"rules[{rule.name}]", f"must yield Finding values, got {v.describe(finding)}"
                )
            findings.append(finding)
    return AuditReport(findings=tuple(findings))


def _all_of(parts: Sequence[AuditPart]) -> AuditPart:
    """The parts merged at once (as ``AuditPart.merge`` one by one, each finding copied once)."""
    _same(parts)
    seen = collections.Counter(i for part in parts for i in part.cycle_ids)
    repeated = sorted(i for i, times in seen.items() if times > 1)
    if repeated:
        raise ValidationError.single("parts", f"cycle {repeated[0]!r} is in more than one part")
    if len(parts) == 1:
        return parts[0]
    names = dict.fromkeys(name for part in parts for name in part.summaries)
    return AuditPart(
        context=parts[0].context,
        rules=parts[0].rules,
        cycle_ids=tuple(i for part in parts for i in part.cycle_ids),
        findings=tuple(f for part in parts for f in part.findings),
        summaries={
            name: tuple(s for part in parts for s in part.summaries.get(name, ())) for name in names
        },
        cycles=tuple(c for part in parts for c in part.cycles),
    )


def _documents_of(parts: object) -> list[AuditPart]:
    if isinstance(parts, str | bytes | Mapping) or not isinstance(parts, Iterable):
        raise ValidationError.single(
            "parts", f"must be an iterable of parts, got {v.describe(parts)}"
        )
    items = list(parts)
    problems = [
        Problem(path=f"parts[{i}]", message=f"must be an AuditPart, got {v.describe(p)}")
        for i, p in enumerate(items)
        if not isinstance(p, AuditPart)
    ]
    if problems:
        raise ValidationError(problems)
    return items


# --- the nine-box grid --------------------------------------------------------------------


def nine_box_part(box: NineBox, records: Iterable[TalentRecord]) -> NineBoxCounts:
    """One partition's talent records placed on ``box`` and counted.

    ``box.counts(box.place_all(records))``; :func:`combine_nine_box` adds the parts up.
    """
    v.require(box, NineBox, "box")
    items = list(records) if isinstance(records, Iterable) else records
    return box.counts(box.place_all(items))


def combine_nine_box(box: NineBox, parts: Iterable[NineBoxCounts]) -> NineBoxCounts:
    """The counts of all the parts' records: what one :func:`nine_box_part` of them all gives.

    An employee in two partitions is refused, as a repeated record is in one.

    >>> from perfcore.analytics import TalentRecord
    >>> box = NineBox()
    >>> records = [TalentRecord(employee_id=f"e{i}", performance=i / 5, potential=0.5)
    ...            for i in range(6)]
    >>> parts = [nine_box_part(box, records[:2]), nine_box_part(box, records[2:])]
    >>> combine_nine_box(box, parts) == nine_box_part(box, records)
    True
    """
    v.require(box, NineBox, "box")
    if isinstance(parts, str | bytes | Mapping) or not isinstance(parts, Iterable):
        raise ValidationError.single(
            "parts", f"must be an iterable of counts, got {v.describe(parts)}"
        )
    items = list(parts)
    empty = box.counts(())
    layout = [[(c.column, c.row, c.label) for c in row] for row in empty.cells]
    for index, part in enumerate(items):
        if (
            not isinstance(part, NineBoxCounts)
            or [[(c.column, c.row, c.label) for c in row] for row in part.cells] != layout
        ):
            raise ValidationError.single(f"parts[{index}]", "must be the counts of this grid")
    ids = [i for part in items for cell in part for i in cell.employee_ids] + [
        p.employee_id for part in items for p in part.unplaced if p.employee_id is not None
    ]
    repeated = sorted(i for i, times in collections.Counter(ids).items() if times > 1)
    if repeated:
        raise ValidationError.single("parts", f"employee {repeated[0]!r} is in more than one part")
    cells = tuple(
        tuple(
            attrs.evolve(
                cell,
                count=sum(part.cells[r][c].count for part in items),
                employee_ids=tuple(
                    sorted(i for part in items for i in part.cells[r][c].employee_ids)
                ),
            )
            for c, cell in enumerate(row)
        )
        for r, row in enumerate(empty.cells)
    )
    unplaced = sorted(
        (p for part in items for p in part.unplaced), key=lambda p: p.employee_id or ""
    )
    return NineBoxCounts(cells=cells, unplaced=tuple(unplaced))


# --- mergeable statistics ------------------------------------------------------------------


def _scaled(values: Sequence[float]) -> tuple[list[int], int]:
    """The values as integers over one power of two: ``(tops, e)`` with ``x = top / 2**e``."""
    ratios = list(map(float.as_integer_ratio, values))
    exponent = max(map(operator.itemgetter(1), ratios)).bit_length() - 1
    if exponent <= _EXACT_SCALE:  # x · 2**e is exact in floats, and whole
        scale = float(1 << exponent)
        if all(map(math.isfinite, map(scale.__mul__, values))):
            return list(map(int, map(scale.__mul__, values))), exponent
    return [top << (exponent - (bottom.bit_length() - 1)) for top, bottom in ratios], exponent


_EXACT_SCALE = 960
"""Scaling by up to 2**960 keeps a float exact (only its exponent changes) unless it overflows."""


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Moments:
    """The count, sum and sum of squares of some finite numbers, held exactly; they merge.

    Every float is an integer over a power of two, so the sums are kept as
    integers over ``2**exponent``: :meth:`merge` loses nothing, and in any
    partitioning and any order the merged moments give the very mean
    (``math.fsum(values) / n``) and sample SD (``statistics.stdev``, bit for
    bit) of all the values.

    >>> import statistics
    >>> values = [0.1, 0.25, 0.7, 0.7, 1.0]
    >>> merged = Moments.of(values[:2]).merge(Moments.of(values[2:]))
    >>> merged.count, merged.mean() == statistics.fmean(values)
    (5, True)
    >>> merged.sd() == statistics.stdev(values), Moments.of([0.5]).sd()
    (True, None)
    """

    count: int = attrs.field(default=0, validator=v.integer(minimum=0))
    total: int = attrs.field(default=0, validator=v.instance(int))
    squares: int = attrs.field(default=0, validator=v.integer(minimum=0))
    exponent: int = attrs.field(default=0, validator=v.integer(minimum=0))

    @classmethod
    def of(cls, values: Iterable[float]) -> Moments:
        """The moments of finite numbers (ints or floats)."""
        items = _finite(values)
        if not items:
            return cls()
        tops, exponent = _scaled(items)
        return cls(
            count=len(tops),
            total=sum(tops),
            squares=sum(top * top for top in tops),
            exponent=exponent,
        )

    def merge(self, other: Moments) -> Moments:
        """The moments of both sets of values together."""
        v.require(other, Moments, "other")
        exponent = max(self.exponent, other.exponent)
        mine, theirs = exponent - self.exponent, exponent - other.exponent
        return Moments(
            count=self.count + other.count,
            total=(self.total << mine) + (other.total << theirs),
            squares=(self.squares << 2 * mine) + (other.squares << 2 * theirs),
            exponent=exponent,
        )

    def mean(self) -> float | None:
        """``math.fsum(values) / n``; ``None`` for no values."""
        if not self.count:
            return None
        return self.total / (1 << self.exponent) / self.count

    def sd(self) -> float | None:
        """The sample SD, correctly rounded (as ``statistics.stdev``); ``None`` below 2 values."""
        n = self.count
        if n < 2:
            return None
        spread = n * self.squares - self.total * self.total
        return _sqrt_of_ratio(spread, n * (n - 1) << 2 * self.exponent)

    def spread(self) -> Spread:
        """``(count, mean, sd)`` of at least one value."""
        mean = self.mean()
        if mean is None:
            raise ValidationError.single("moments", "hold no values")
        return self.count, mean, self.sd()


def _finite(values: object) -> list[float]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError.single(
            "values", f"must be an iterable of numbers, got {v.describe(values)}"
        )
    items = list(values)
    for index, value in enumerate(items):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValidationError.single(
                f"values[{index}]", f"must be a finite number, got {v.describe(value)}"
            )
    return [float(x) for x in items]


def _moments_map(value: object) -> FrozenMap[str | None, Moments]:
    return FrozenMap(value)  # type: ignore[arg-type] # checked by the validator


def _check_groups(inst: object, attr: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    bad = [
        key
        for key, m in value.items()
        if not (key is None or isinstance(key, str)) or not isinstance(m, Moments)
    ]
    if bad:
        v.fail(inst, attr, f"must map group names (or None) to Moments, got {v.describe(bad[0])}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class CalibrationStats:
    """The organisation's moments of normalised ratings (0–1) and each group's; they merge.

    Made per partition by :func:`calibration_stats` (records) or
    :func:`column_stats` (two columns), merged with :meth:`merge` or
    :meth:`merged`, then used by :func:`z_normalise_part` or
    :func:`z_calibrate_part` on each partition.
    """

    overall: Moments = attrs.field(factory=Moments, validator=v.instance(Moments))
    groups: Mapping[str | None, Moments] = attrs.field(
        factory=FrozenMap, converter=_moments_map, validator=_check_groups
    )

    def merge(self, other: CalibrationStats) -> CalibrationStats:
        """Both partitions' statistics as one."""
        v.require(other, CalibrationStats, "other")
        groups = dict(self.groups)
        for key, moments in other.groups.items():
            groups[key] = groups[key].merge(moments) if key in groups else moments
        return CalibrationStats(overall=self.overall.merge(other.overall), groups=groups)

    @classmethod
    def merged(cls, parts: Iterable[CalibrationStats]) -> CalibrationStats:
        """All the partitions' statistics as one (none: no ratings)."""
        if isinstance(parts, str | bytes | Mapping) or not isinstance(parts, Iterable):
            raise ValidationError.single(
                "parts", f"must be an iterable of CalibrationStats, got {v.describe(parts)}"
            )
        return functools.reduce(cls.merge, parts, cls())


def _grouped_moments(values: Sequence[float], keys: Sequence[str | None]) -> CalibrationStats:
    """The moments of checked floats, overall and by key: every value scaled once, then summed."""
    if not values:
        return CalibrationStats()
    tops, exponent = _scaled(values)
    sums: dict[str | None, list[int]] = {}
    for top, key in zip(tops, keys, strict=True):
        found = sums.get(key)
        if found is None:
            sums[key] = [1, top, top * top]
        else:
            found[0] += 1
            found[1] += top
            found[2] += top * top
    return CalibrationStats(
        overall=Moments(
            count=len(tops),
            total=sum(tops),
            squares=sum(top * top for top in tops),
            exponent=exponent,
        ),
        groups={
            key: Moments(count=count, total=total, squares=squares, exponent=exponent)
            for key, (count, total, squares) in sums.items()
        },
    )


def calibration_stats(
    records: Iterable[RatingRecord], *, by: GroupKey = "rater_id"
) -> CalibrationStats:
    """The statistics :func:`z_normalise_part` needs, of one partition of rating records.

    ``by`` groups as in :func:`perfcore.analytics.z_normalise`.
    """
    items = _check_records(records)
    _check_by(by)
    return _grouped_moments(_normalised_values(items), _group_keys(items, by))


def z_normalise_part(
    records: Iterable[RatingRecord],
    stats: CalibrationStats,
    *,
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
    target_scale: RatingScale | None = None,
) -> tuple[CalibratedRating, ...]:
    """:func:`perfcore.analytics.z_normalise` of one partition, given every partition's ``stats``.

    ``stats`` merges :func:`calibration_stats` of all the partitions (with the
    same ``by``); the result is exactly the partition's share of
    ``z_normalise`` of all the records.
    """
    v.require(stats, CalibrationStats, "stats")
    items = _check_records(records)
    if not items:
        return ()
    return z_normalise_given(
        items,
        organisation=stats.overall.spread(),
        groups={key: moments.spread() for key, moments in stats.groups.items() if moments.count},
        by=by,
        min_group_size=min_group_size,
        target_scale=target_scale,
    )


def column_stats(values: object, groups: object) -> CalibrationStats:
    """The statistics :func:`z_calibrate_part` needs, of one partition's two columns.

    The columns are those of :func:`perfcore.analytics.z_calibrate` (values on
    0–1 and their groups; sequences, arrays or Series); a missing group is no group.
    """
    out, names = _check_columns(values, groups)
    return _grouped_moments(out, names)


def z_calibrate_part(
    values: object, groups: object, stats: CalibrationStats, *, min_group_size: int = 4
) -> list[float]:
    """:func:`perfcore.analytics.z_calibrate` of one partition, given every partition's ``stats``.

    The means and SDs come from the merged exact moments, so the result is the
    ``calibrated`` value :func:`perfcore.analytics.z_normalise` gives (bit for
    bit where a group is judged) and within 1e-12 of ``z_calibrate`` on all the
    values; a value whose group has no name, fewer than ``min_group_size``
    values or no spread is returned as it is, as there.
    """
    v.require(stats, CalibrationStats, "stats")
    minimum = _check_min_group_size(min_group_size)
    out, names = _check_columns(values, groups)
    org_mean, org_sd = stats.overall.mean(), stats.overall.sd()
    if not org_sd or org_mean is None:  # fewer than two values, or no spread at all
        return out
    shift: dict[str | None, tuple[float, float]] = {}
    for group in dict.fromkeys(names):
        moments = stats.groups.get(group)
        if moments is None:
            raise ValidationError.single(
                "stats", f"has no moments for the group {group!r} of these values"
            )
        sd = moments.sd()
        if group is not None and moments.count >= minimum and sd:
            shift[group] = (moments.total / (1 << moments.exponent) / moments.count, sd)
    return [
        x if params is None else org_mean + (x - params[0]) / params[1] * org_sd
        for x, params in zip(out, map(shift.get, names), strict=True)
    ]


def rater_effects_part(
    records: Iterable[RatingRecord],
    stats: CalibrationStats,
    *,
    by: GroupKey = "rater_id",
    min_group_size: int = 4,
) -> tuple[RaterEffect, ...]:
    """The rater effects of one partition's groups, given every partition's ``stats``.

    The records must be partitioned by the grouping key (each group's records,
    and all the records in no group, in one partition): a rater's halo needs
    all of the rater's ratings together. :func:`combine_rater_effects` makes the
    :class:`~perfcore.analytics.RaterEffects` of all the partitions.
    """
    v.require(stats, CalibrationStats, "stats")
    overall = stats.overall
    return rater_effects_given(
        records,
        organisation=(overall.count, overall.mean(), overall.sd()),
        by=by,
        min_group_size=min_group_size,
    )


def combine_rater_effects(
    parts: Iterable[Sequence[RaterEffect]], stats: CalibrationStats, *, min_group_size: int = 4
) -> RaterEffects:
    """What :func:`perfcore.analytics.rater_effects` gives on all the partitions' records.

    A group found in two partitions is refused: partition the records by the
    grouping key first (in Dask, ``perfcore.dask.rater_effects_bag`` does).

    >>> from perfcore.analytics import RatingRecord, rater_effects
    >>> ratings = [RatingRecord(employee_id=f"e{i}", rater_id=f"m{i % 2}", value=1 + i % 5)
    ...            for i in range(12)]
    >>> parts = [[r for r in ratings if r.rater_id == rater] for rater in ("m0", "m1")]
    >>> stats = CalibrationStats.merged(calibration_stats(part) for part in parts)
    >>> effects = [rater_effects_part(part, stats) for part in parts]
    >>> combine_rater_effects(effects, stats) == rater_effects(ratings)
    True
    """
    v.require(stats, CalibrationStats, "stats")
    minimum = _check_min_group_size(min_group_size)
    if isinstance(parts, str | bytes | Mapping) or not isinstance(parts, Iterable):
        raise ValidationError.single(
            "parts", f"must be an iterable of parts, got {v.describe(parts)}"
        )
    raters: list[RaterEffect] = []
    found: list[object] = list(parts)
    for index, part in enumerate(found):
        if not isinstance(part, list | tuple) or not all(
            isinstance(effect, RaterEffect) for effect in part
        ):
            raise ValidationError.single(f"parts[{index}]", "must be a sequence of RaterEffect")
        raters += part
    seen: set[str | None] = set()
    for effect in raters:
        if effect.group in seen:
            raise ValidationError.single(
                "parts",
                f"found the group {effect.group!r} in more than one part: partition the"
                " records by the grouping key",
            )
        seen.add(effect.group)
    raters.sort(key=lambda effect: (effect.group is None, effect.group or ""))
    overall = stats.overall
    return effects_of(overall.count, overall.mean(), overall.sd(), minimum, raters)


# --- agreement -----------------------------------------------------------------------------


def _parts_of(parts: object, what: str) -> list[Any]:
    if isinstance(parts, str | bytes | Mapping) or not isinstance(parts, Iterable):
        raise ValidationError.single(
            "parts", f"must be an iterable of {what}, got {v.describe(parts)}"
        )
    return list(parts)


def _merged(cls: type[Any], parts: object) -> Any:  # noqa: ANN401 - an instance of cls
    """All the parts (each a ``cls``) merged into one, in order; none: an empty ``cls``."""
    items = _parts_of(parts, cls.__name__)
    problems = [
        Problem(path=f"parts[{i}]", message=f"must be {cls.__name__}, got {v.describe(p)}")
        for i, p in enumerate(items)
        if not isinstance(p, cls)
    ]
    if problems:
        raise ValidationError(problems)
    return functools.reduce(cls.merge, items, cls())


def _fractions(value: object) -> tuple[Fraction, ...]:
    return tuple(value) if isinstance(value, list | tuple) else value  # type: ignore[return-value]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class IccStats:
    """The sums of some rows of a ratings table that an ICC needs; they merge exactly.

    ``count`` rows (targets), each rated by the same raters; ``squares`` is the
    sum of every rating squared, ``row_squares`` the sum of each row's total
    squared, ``column_totals`` each rater's total: exact fractions, so merged in
    any order they give the very mean squares :func:`perfcore.analytics.icc`
    computes. Made by :func:`icc_part`; :func:`combine_icc` makes the ICC.

    >>> stats = icc_part([[1, 2], [3, 5]]).merge(icc_part([[6, 6]]))
    >>> stats.count, stats.column_totals
    (3, (Fraction(10, 1), Fraction(13, 1)))
    """

    count: int = attrs.field(default=0, validator=v.integer(minimum=0))
    squares: Fraction = attrs.field(default=Fraction(0), validator=v.instance(Fraction))
    row_squares: Fraction = attrs.field(default=Fraction(0), validator=v.instance(Fraction))
    column_totals: tuple[Fraction, ...] = attrs.field(
        default=(), converter=_fractions, validator=v.tuple_of(Fraction)
    )

    def merge(self, other: IccStats) -> IccStats:
        """The sums of both parts' rows together."""
        v.require(other, IccStats, "other")
        if not other.count:
            return self
        if not self.count:
            return other
        mine, theirs = len(self.column_totals), len(other.column_totals)
        if mine != theirs:
            raise ValidationError.single(
                "other", f"holds ratings by {theirs} raters, and these by {mine}: one table's rows?"
            )
        return IccStats(
            count=self.count + other.count,
            squares=self.squares + other.squares,
            row_squares=self.row_squares + other.row_squares,
            column_totals=tuple(
                a + b for a, b in zip(self.column_totals, other.column_totals, strict=True)
            ),
        )

    @classmethod
    def merged(cls, parts: Iterable[IccStats]) -> IccStats:
        """All the parts' sums as one (none: no rows)."""
        return _merged(cls, parts)  # type: ignore[no-any-return]


def icc_part(ratings: object) -> IccStats:
    """The sums of one partition of the rows of :func:`perfcore.analytics.icc`'s ``ratings``.

    The rows are those ``icc`` takes (one per target, one rating per rater;
    a sequence of rows, an array or a DataFrame), any number of them, none
    too; every bad one is reported as ``icc`` reports it.
    """
    rows = _check_ratings(ratings, _RATINGS_PART)
    if not rows:
        return IccStats()
    squares, row_squares, columns = _icc_sums(rows)
    return IccStats(
        count=len(rows), squares=squares, row_squares=row_squares, column_totals=columns
    )


def combine_icc(parts: Iterable[IccStats], *, form: IccForm) -> IccResult:
    """The ICC ``form`` of all the parts' rows: what :func:`perfcore.analytics.icc` gives on them.

    >>> from perfcore.analytics import IccForm, icc
    >>> panel = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9]]
    >>> parts = [icc_part(panel[:2]), icc_part(panel[2:])]
    >>> combine_icc(parts, form=IccForm.ICC_2_1) == icc(panel, form=IccForm.ICC_2_1)
    True
    """
    wrong = _form_problem(form)
    if wrong is not None:
        raise ValidationError([wrong])
    stats = IccStats.merged(parts)
    if stats.count < _RATINGS.fewest:
        raise ValidationError.single(
            "ratings", f"needs at least {_RATINGS.fewest} {_RATINGS.rows}, got {stats.count}"
        )
    k = len(stats.column_totals)
    squares = _mean_squares_of_sums(
        stats.count, stats.squares, stats.row_squares, stats.column_totals
    )
    return _icc_result(form, squares, stats.count, k)


def _check_alpha_level(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or value not in _LEVELS:
        v.fail(
            inst, attr, f"must be one of {', '.join(map(repr, _LEVELS))}, got {v.describe(value)}"
        )


def _counts(value: object) -> FrozenMap[Any, int]:
    return FrozenMap(value)  # type: ignore[arg-type] # checked by the validator


def _check_counts(inst: object, attr: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    bad = [m for m in value.values() if isinstance(m, bool) or not isinstance(m, int) or m < 1]
    if bad:
        v.fail(inst, attr, f"must map values to counts of at least 1, got {v.describe(bad[0])}")


def _coincidences(value: object) -> FrozenMap[tuple[Fraction, Fraction], Fraction]:
    return FrozenMap(value)  # type: ignore[arg-type] # checked by the validator


def _check_coincidences(inst: object, attr: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    bad = [
        pair
        for pair, weight in value.items()
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(weight, Fraction)
    ]
    if bad:
        v.fail(inst, attr, f"must map pairs of values to fractions, got {v.describe(bad[0])}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class AlphaStats:
    """What Krippendorff's alpha needs of some units, at one level; they merge exactly.

    ``coders`` is the table's number of coders (0 for no units), ``units_used``
    the units with at least 2 values, ``counts`` how often each of their values
    occurs. ``observed`` is the sum over those units of their disagreement
    (Σ δ² over the unit's pairs of values, over its number of values less 1);
    at the ordinal level, whose δ² depends on every value's count, it is 0 and
    ``coincidences`` holds instead each pair of values ``(c, k)``, ``c < k``,
    with its weight Σ n_uc·n_uk / (m_u − 1) over the units. All exact, so merged
    in any order they give the very alpha :func:`perfcore.analytics.krippendorff_alpha`
    computes. Made by :func:`krippendorff_alpha_part`; :func:`combine_krippendorff_alpha`
    makes the alpha.
    """

    level: str = attrs.field(default="interval", validator=_check_alpha_level)
    coders: int = attrs.field(default=0, validator=v.integer(minimum=0))
    units_used: int = attrs.field(default=0, validator=v.integer(minimum=0))
    counts: Mapping[Any, int] = attrs.field(
        factory=FrozenMap, converter=_counts, validator=_check_counts
    )
    observed: Fraction = attrs.field(default=Fraction(0), validator=v.instance(Fraction))
    coincidences: Mapping[tuple[Fraction, Fraction], Fraction] = attrs.field(
        factory=FrozenMap, converter=_coincidences, validator=_check_coincidences
    )

    def merge(self, other: AlphaStats) -> AlphaStats:
        """Both parts' units together (an empty part, of no units, takes the other's level)."""
        v.require(other, AlphaStats, "other")
        if not other.coders:
            return self
        if not self.coders:
            return other
        if other.level != self.level:
            raise ValidationError.single(
                "other", f"is at the {other.level} level, and these at the {self.level} level"
            )
        if other.coders != self.coders:
            raise ValidationError.single(
                "other", f"holds values of {other.coders} coders, and these of {self.coders}"
            )
        counts = collections.Counter(self.counts)
        counts.update(other.counts)
        pairs = dict(self.coincidences)
        for pair, weight in other.coincidences.items():
            pairs[pair] = pairs.get(pair, Fraction(0)) + weight
        return AlphaStats(
            level=self.level,
            coders=self.coders,
            units_used=self.units_used + other.units_used,
            counts=counts,
            observed=self.observed + other.observed,
            coincidences=pairs,
        )

    @classmethod
    def merged(cls, parts: Iterable[AlphaStats]) -> AlphaStats:
        """All the parts' units as one (none: no units)."""
        return _merged(cls, parts)  # type: ignore[no-any-return]


def krippendorff_alpha_part(
    units: object, *, level: AlphaLevel = "interval", layout: AlphaLayout | None = None
) -> AlphaStats:
    """What alpha needs of one partition of :func:`perfcore.analytics.krippendorff_alpha`'s units.

    The arguments are those of ``krippendorff_alpha``, the table holding any
    number of units (none too): with ``layout="units"`` some of its rows, with
    ``layout="coders"`` some of its columns (every coder's row, cut to those units).
    """
    pairable = _pairable_units(units, level, layout, part=True)
    table = _tables.table(units, "units")
    coders = (len(table) if layout == "coders" else len(table[0])) if table else 0
    counts: collections.Counter[Any] = collections.Counter(x for unit in pairable for x in unit)
    observed = Fraction(0)
    pairs: dict[tuple[Fraction, Fraction], Fraction] = {}
    if level == "ordinal":
        for unit in pairable:
            here: collections.Counter[Any] = collections.Counter(unit)
            ordered = sorted(here)
            for index, low in enumerate(ordered):
                for high in ordered[index + 1 :]:
                    weight = Fraction(here[low] * here[high], len(unit) - 1)
                    pairs[low, high] = pairs.get((low, high), Fraction(0)) + weight
    else:
        delta = _delta_of(level, counts)
        observed = sum(
            (
                _disagreement_sum(collections.Counter(unit), level, delta) / (len(unit) - 1)
                for unit in pairable
            ),
            Fraction(0),
        )
    return AlphaStats(
        level=level,
        coders=coders,
        units_used=len(pairable),
        counts=counts,
        observed=observed,
        coincidences=pairs,
    )


def combine_krippendorff_alpha(parts: Iterable[AlphaStats]) -> AlphaResult:
    """Alpha of all the parts' units: what :func:`perfcore.analytics.krippendorff_alpha` gives.

    >>> from perfcore.analytics import krippendorff_alpha
    >>> units = [[1, 1, None], [2, 2, 3], [3, 3, 3], [None, 4, 4]]
    >>> parts = [krippendorff_alpha_part(units[:1], level="ordinal", layout="units"),
    ...          krippendorff_alpha_part(units[1:], level="ordinal", layout="units")]
    >>> combine_krippendorff_alpha(parts) == krippendorff_alpha(units, level="ordinal",
    ...                                                         layout="units")
    True
    """
    stats = AlphaStats.merged(parts)
    if not stats.units_used:
        raise ValidationError.single(
            "units", "no unit has values from 2 coders: agreement is undefined"
        )
    counts = collections.Counter(stats.counts)
    observed = stats.observed
    if stats.level == "ordinal":
        delta = _ordinal_delta(counts)
        observed = 2 * sum(
            (weight * delta(low, high) for (low, high), weight in stats.coincidences.items()),
            Fraction(0),
        )
    return _alpha_result(stats.level, stats.units_used, counts, observed)


# --- talent metrics ------------------------------------------------------------------------


_TALENT: tuple[tuple[Callable[..., tuple[Metric, ...]], Callable[..., _Counted]], ...] = (
    (turnover, _counted_turnover),
    (regretted_attrition, _counted_regretted_attrition),
    (promotion_rate, _counted_promotion_rate),
    (training_participation, _counted_training_participation),
    (retention_rate, _counted_retention_rate),
    (high_performer_retention, _counted_high_performer_retention),
    (high_potential_retention, _counted_high_potential_retention),
    (check_in_compliance, _counted_check_in_compliance),
    (goal_agreement_rate, _counted_goal_agreement_rate),
)
"""Each talent metric of perfcore.analytics with the function that counts it."""


def _tallies(value: object) -> FrozenMap[str, tuple[int, int]]:
    return FrozenMap(value)  # type: ignore[arg-type] # checked by the validator


def _check_tallies(inst: object, attr: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
    for group, pair in value.items():
        if (
            not isinstance(group, str)
            or not isinstance(pair, tuple)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in pair)
        ):
            v.fail(
                inst,
                attr,
                "must map group names to (numerator, denominator) pairs of counts,"
                f" got {v.describe(group)} → {v.describe(pair)}",
            )


def _check_of(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in ("employee", "cycle"):
        v.fail(inst, attr, f"must be 'employee' or 'cycle', got {v.describe(value)}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TalentPart:
    """One partition's counts of a talent metric; :func:`combine_talent` makes the metrics.

    ``name``, ``formula``, ``start``, ``end`` and ``reason`` (why a group with a
    denominator of 0 has no value) are those of the
    :class:`~perfcore.analytics.Metric` it becomes; ``counts`` maps each group to its
    ``(numerator, denominator)`` counts, the denominator counted twice over when
    ``halved`` (headcount at start plus headcount at end, whose half is the
    average headcount). ``ids`` are the people (``of="employee"``) or cycles
    (``of="cycle"``) the partition read, so one found in two parts is caught.
    """

    name: str = attrs.field(validator=v.identifier())
    formula: str = attrs.field(validator=v.text(max_length=1000))
    start: dt.date | None = attrs.field(validator=v.date(optional=True))
    end: dt.date | None = attrs.field(validator=v.date(optional=True))
    reason: str = attrs.field(validator=v.text(max_length=1000))
    halved: bool = attrs.field(validator=v.instance(bool))
    of: str = attrs.field(validator=_check_of)
    counts: Mapping[str, tuple[int, int]] = attrs.field(
        factory=FrozenMap, converter=_tallies, validator=_check_tallies
    )
    ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))

    def _settings(self) -> tuple[object, ...]:
        return (self.name, self.formula, self.start, self.end, self.reason, self.halved, self.of)


def talent_part(
    metric: Callable[..., tuple[Metric, ...]],
    *args: Any,  # noqa: ANN401 - the metric's own arguments
    **options: Any,  # noqa: ANN401
) -> TalentPart:
    """One partition's counts of a talent metric of :mod:`perfcore.analytics.talent`.

    ``metric`` is the function (``perfcore.analytics.turnover``,
    ``retention_rate``, ``check_in_compliance``, ...) and the other arguments
    are its own, as one would call it on the partition's data. The metrics
    over employment events need each person's events, roster entry and talent
    records in one partition (partition by employee id); those over cycles
    take the cycles in any partitions. :func:`combine_talent` adds the parts up.
    """
    counted = next((c for m, c in _TALENT if m is metric), None)
    if counted is None:
        names = ", ".join(m.__name__ for m, _ in _TALENT)
        raise ValidationError.single(
            "metric", f"must be one of the talent metrics ({names}), got {v.describe(metric)}"
        )
    try:
        inspect.signature(metric).bind(*args, **options)
    except TypeError as exc:
        raise ValidationError.single(metric.__name__, f"is called wrongly: {exc}") from None
    found = counted(*args, **options)
    return TalentPart(
        name=found.name,
        formula=found.formula,
        start=found.window[0],
        end=found.window[1],
        reason=found.why_none,
        halved=found.halved,
        of=found.of,
        counts=found.tallies,
        ids=found.ids,
    )


def combine_talent(parts: Iterable[TalentPart]) -> tuple[Metric, ...]:
    """The metrics of all the parts: what the metric gives on all their data at once.

    Parts counted with other settings than the first (another metric, period,
    ...) are refused, and so is a person (or cycle) found in two parts.

    >>> import datetime as dt
    >>> from perfcore.analytics import EmploymentEvent, EmploymentEventKind, turnover
    >>> from perfcore.periods import Period
    >>> left = EmploymentEvent(employee_id="bo", kind=EmploymentEventKind.EXIT,
    ...                        on=dt.date(2026, 6, 30), voluntary=True)
    >>> year = Period.annual(2026)
    >>> parts = [talent_part(turnover, [left], year, roster=["bo"]),
    ...          talent_part(turnover, [], year, roster=["ann", "cy", "di"])]
    >>> combine_talent(parts) == turnover([left], year, roster=["ann", "bo", "cy", "di"])
    True
    """
    items = _parts_of(parts, "TalentPart")
    problems = [
        Problem(path=f"parts[{i}]", message=f"must be a TalentPart, got {v.describe(p)}")
        for i, p in enumerate(items)
        if not isinstance(p, TalentPart)
    ]
    if problems:
        raise ValidationError(problems)
    if not items:
        raise ValidationError.single("parts", "must hold at least one part")
    first = items[0]
    for index, part in enumerate(items[1:], start=1):
        if part._settings() != first._settings():  # noqa: SLF001 - the same class
            raise ValidationError.single(
                f"parts[{index}]",
                "was counted with other settings (metric, period, ...) than parts[0]",
            )
    seen = collections.Counter(i for part in items for i in part.ids)
    repeated = sorted(i for i, times in seen.items() if times > 1)
    if repeated:
        how = "employee id" if first.of == "employee" else "cycle id"
        raise ValidationError.single(
            "parts",
            f"{first.of} {repeated[0]!r} is in more than one part: partition by {how}",
        )
    tallies: dict[str, tuple[int, int]] = {}
    for part in items:
        for group, (numerator, denominator) in part.counts.items():
            found = tallies.get(group, (0, 0))
            tallies[group] = (found[0] + numerator, found[1] + denominator)
    return _metrics_of(
        _Counted(
            name=first.name,
            formula=first.formula,
            window=(first.start, first.end),
            why_none=first.reason,
            halved=first.halved,
            tallies=tallies,
            ids=(),
            of=first.of,
        )
    )
