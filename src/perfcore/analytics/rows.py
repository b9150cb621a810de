"""Flatten cycles, scores, findings and competency results into rows with stable columns.

Each function returns a list of plain dicts (JSON-ready values, ISO dates),
one per thing, with the same keys in the same order every time, so the rows
go straight into ``perfcore.analytics.to_frame`` or ``pandas.DataFrame``.
Input order is kept; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from perfcore import _validators as v
from perfcore.analytics.records import RatingRecord
from perfcore.appraisal import AppraisalScore
from perfcore.assessments import Assessment
from perfcore.competency.gaps import FitResult
from perfcore.cycle import Cycle
from perfcore.cycle.events import is_private
from perfcore.errors import Problem, ValidationError
from perfcore.feedback.audit import AnonymityAudit
from perfcore.feedback.request import FeedbackRequest
from perfcore.feedback.summary import summarise
from perfcore.oversight.findings import AuditReport, Finding

__all__ = [
    "competency_rows",
    "cycle_rows",
    "feedback_rating_records",
    "finding_rows",
    "rating_records",
    "score_rows",
]


def _items(values: object, name: str, kind: type | tuple[type, ...]) -> list[Any]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError.single(name, f"must be an iterable, got {v.describe(values)}")
    items = list(values)
    wanted = kind if isinstance(kind, tuple) else (kind,)
    problems = [
        Problem(
            path=f"{name}[{index}]",
            message=f"must be {' or '.join(k.__name__ for k in wanted)}, got {v.describe(item)}",
        )
        for index, item in enumerate(items)
        if not isinstance(item, kind)
    ]
    if problems:
        raise ValidationError(problems)
    return items


def rating_records(cycles: Iterable[Cycle], *, self_ratings: bool = True) -> list[RatingRecord]:
    """Every goal rating and overall rating of the cycles' assessments, as rating records.

    The manager's ratings have rater role ``"manager"``; the employee's own,
    role ``"self"`` (left out with ``self_ratings=False``). ``dimension`` is
    the goal id, or ``"overall"``; the scale is the cycle's.

    >>> rating_records([])
    []
    """
    records: list[RatingRecord] = []
    for cycle in _items(cycles, "cycles", Cycle):
        pairs: list[tuple[Assessment | None, str, str]] = [
            (cycle.manager_assessment, cycle.manager_id, "manager")
        ]
        if self_ratings:
            pairs.append((cycle.self_assessment, cycle.employee_id, "self"))
        for assessment, rater, role in pairs:
            if assessment is None:
                continue
            rated = [(r.goal_id, r.rating.value) for r in assessment.goal_ratings]
            if assessment.overall is not None:
                rated.append(("overall", assessment.overall.value))
            records.extend(
                RatingRecord(
                    employee_id=cycle.employee_id,
                    rater_id=rater,
                    rater_role=role,
                    value=value,
                    scale=cycle.scale,
                    dimension=dimension,
                    cycle_id=cycle.id,
                )
                for dimension, value in rated
            )
    return records


def feedback_rating_records(
    requests: Iterable[FeedbackRequest],
    *,
    audit: AnonymityAudit | None = None,
    reveal_anonymous: bool = False,
) -> list[RatingRecord]:
    """Feedback ratings as rating records, for rater analytics; anonymity kept.

    The dimension is the topic (``"competency:negotiation"``), the scale the
    request's; corrections are applied, declines give nothing. Only what the
    reviewee may see once released leaves a request:

    - a request not released yet gives nothing;
    - a named request gives one record per answer: the reviewer as rater,
      their relation (``"peer"``, ``"direct_report"``, ...) as rater role;
    - an anonymous request gives only its summary (:func:`perfcore.feedback.summarise`):
      one record per shown topic, valued at the topic's mean, with rater
      ``"anonymous:<request id>"`` and rater role ``"anonymous"``; where the
      summary breaks the answers down by relation (every group that answered
      has the minimum), one record per relation and topic instead, rater
      ``"anonymous:<request id>:<relation>"``. A withheld request or topic
      gives nothing, and no lone relation is ever named.

    ``audit``, an :class:`perfcore.feedback.AnonymityAudit` (HR, when, why), is
    the explicit act that lifts this: every current answer of every request,
    released or not, with its reviewer. Requests are taken in id order.

    >>> feedback_rating_records([])
    []
    """
    if reveal_anonymous is not False:
        raise ValidationError.single(
            "reveal_anonymous",
            "is replaced by audit=AnonymityAudit(by=..., at=..., reason=...): revealing"
            " anonymous answers is an act HR names",
        )
    if audit is not None and not isinstance(audit, AnonymityAudit):
        raise ValidationError.single(
            "audit", f"must be an AnonymityAudit or None, got {v.describe(audit)}"
        )
    records: list[RatingRecord] = []
    items = _items(requests, "requests", FeedbackRequest)
    for request in sorted(items, key=lambda r: r.id):
        if audit is None and not request.released:
            continue
        if audit is None and request.anonymous:
            records.extend(_anonymous_records(request))
            continue
        relations = {r.person_id: r.relation.value for r in request.reviewers}
        records.extend(
            _feedback_record(
                request,
                response.reviewer_id,
                relations[response.reviewer_id],
                str(item.topic),
                item.rating.value,
            )
            for response in request.responses
            for item in response.ratings
        )
    return records


def _feedback_record(
    request: FeedbackRequest, rater: str, role: str, dimension: str, value: float
) -> RatingRecord:
    return RatingRecord(
        employee_id=request.subject_id,
        rater_id=rater,
        rater_role=role,
        value=value,
        scale=request.scale,
        dimension=dimension,
        cycle_id=request.cycle_id,
    )


def _anonymous_records(request: FeedbackRequest) -> list[RatingRecord]:
    """An anonymous request's summary as records: per topic, or per relation and topic."""
    summary = summarise(request)
    if summary is None:
        return []
    if summary.by_relation:
        return [
            _feedback_record(
                request,
                f"anonymous:{request.id}:{group.relation.value}",
                group.relation.value,
                str(item.topic),
                item.mean,
            )
            for group in summary.by_relation
            for item in group.topics
        ]
    return [
        _feedback_record(
            request, f"anonymous:{request.id}", "anonymous", str(item.topic), item.mean
        )
        for item in summary.topics
    ]


def cycle_rows(cycles: Iterable[Cycle]) -> list[dict[str, Any]]:
    """One row per cycle: who, when, where it stands, and counts of what it holds.

    ``score`` and ``band`` are the computed score's; ``effective_score`` is the
    adjusted value when the score was adjusted, else the computed one. Private
    notes count nowhere (``events`` and ``last_event_at`` included): a row must
    not change when someone writes one.

    >>> import datetime as dt
    >>> from perfcore import Actor, Period, Role
    >>> cycle = Cycle.start(cycle_id="c1", employee_id="e1", manager_id="m1",
    ...     period=Period.annual(2026), by=Actor(person_id="hr", role=Role.HR),
    ...     at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    >>> row = cycle_rows([cycle])[0]
    >>> row["phase"], row["period"], row["goals"], row["score"]
    ('goal_setting', '2026', 0, None)
    """
    rows = []
    for cycle in _items(cycles, "cycles", Cycle):
        plan = cycle.improvement_plan
        score = cycle.score
        rows.append(
            {
                "cycle_id": cycle.id,
                "employee_id": cycle.employee_id,
                "manager_id": cycle.manager_id,
                "period": cycle.period.label,
                "period_start": cycle.period.start.isoformat(),
                "period_end": cycle.period.end.isoformat(),
                "phase": cycle.phase.value,
                "goals": len(cycle.active_goals),
                "goals_agreed": sum(1 for g in cycle.active_goals if g.id in cycle.agreed_goal_ids),
                "check_ins": len(cycle.shared_check_ins),
                "self_assessment": cycle.self_assessment is not None,
                "manager_assessment": cycle.manager_assessment is not None,
                "unmet_goals": len(cycle.unmet_goals),
                "root_causes": len(cycle.root_causes),
                "actions": len(cycle.actions),
                "open_actions": len(plan.open_actions),
                "plan_outcome": plan.outcome.value if plan.outcome else None,
                "formal_plan": cycle.formal_plan is not None,
                "appraisal_status": cycle.appraisal_status.value,
                "score": score.value if score else None,
                "band": score.band.label if score and score.band else None,
                "effective_score": cycle.effective_score,
                "waivers": len(cycle.waivers),
                "events": sum(1 for event in cycle.events if not is_private(event)),
                "last_event_at": cycle.last_event_at.isoformat(),
            }
        )
    return rows


def score_rows(
    scores: Iterable[AppraisalScore], *, cycle_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One row per goal score of each appraisal score, with the overall value and band.

    ``cycle_ids`` (same length as ``scores``) labels the rows; without it the
    rows carry the score's position as ``score_index``.

    >>> score_rows([])
    []
    """
    items = _items(scores, "scores", AppraisalScore)
    if cycle_ids is not None:
        labels = _items(cycle_ids, "cycle_ids", str)
        if len(labels) != len(items):
            raise ValidationError.single(
                "cycle_ids", f"must have one id per score ({len(items)}), got {len(labels)}"
            )
    rows: list[dict[str, Any]] = []
    for index, score in enumerate(items):
        label = labels[index] if cycle_ids is not None else None
        rows.extend(
            {
                "score_index": index,
                "cycle_id": label,
                "goal_id": goal.goal_id,
                "strategy": goal.strategy,
                "actual": goal.actual,
                "attainment": goal.attainment,
                "goals_value": score.goals.value,
                "competency_fit": score.competencies.fit if score.competencies else None,
                "value": score.value,
                "band": score.band.label if score.band else None,
            }
            for goal in score.goal_scores
        )
    return rows


def finding_rows(findings: AuditReport | Iterable[Finding]) -> list[dict[str, Any]]:
    """One row per audit finding (see :meth:`perfcore.oversight.Finding.as_record`).

    >>> finding_rows([])
    []
    """
    if isinstance(findings, AuditReport):
        return findings.as_records()
    return [f.as_record() for f in _items(findings, "findings", Finding)]


def competency_rows(
    results: Iterable[FitResult], *, person_ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One row per competency of each fit result: required, assessed, gap, surplus, met.

    ``person_ids`` (same length as ``results``) labels the rows.

    >>> competency_rows([])
    []
    """
    items = _items(results, "results", FitResult)
    if person_ids is not None:
        labels = _items(person_ids, "person_ids", str)
        if len(labels) != len(items):
            raise ValidationError.single(
                "person_ids", f"must have one id per result ({len(items)}), got {len(labels)}"
            )
    rows: list[dict[str, Any]] = []
    for index, result in enumerate(items):
        rows.extend(
            {
                "result_index": index,
                "person_id": labels[index] if person_ids is not None else None,
                "competency_id": gap.competency_id,
                "required": gap.required,
                "assessed": gap.assessed,
                "gap": gap.gap,
                "surplus": gap.surplus,
                "weight": gap.weight,
                "critical": gap.critical,
                "met": gap.met,
                "fit": result.fit,
                "passed_gate": result.passed_gate,
            }
            for gap in result.gaps
        )
    return rows
