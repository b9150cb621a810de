"""Examples of every public perfcore record, for the tests that hold them all to a rule.

``public_classes()`` walks the public names of perfcore and its subpackages
for attrs classes. ``samples(data)`` draws an example of each type the shipped
hypothesis strategies know (``perfcore.testing``), a whole command sequence,
builds every class that has defaults, runs a rich cycle through scoring, the
audit, views and feedback summaries, and collects every public record reachable
from all of these.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import importlib.util
import pathlib
import random
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from hypothesis import strategies as st

import builders as b
import calibration_builders
import compensation_world
import perfcore as pc
from perfcore import batch, organisation
from perfcore.analytics import (
    IccForm,
    Indicator,
    IndicatorEvidence,
    NineBox,
    PotentialAssessment,
    RatingRecord,
    check_scales,
    convert,
    distribution,
    fairness_check,
    guided_distribution,
    icc,
    krippendorff_alpha,
    note_counts,
    rank,
    rater_effects,
    retention_rate,
    self_manager_gaps,
    session_report,
    z_normalise,
)
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig, score_assessments
from perfcore.competency import (
    AssessorRole,
    ProportionalReadiness,
    WeightedGapFit,
    assessor_agreement,
    coverage,
    readiness_for_next_step,
    recommend,
)
from perfcore.feedback import (
    AnonymityAudit,
    FeedbackNote,
    FeedbackRequest,
    NoteAudience,
    NoteKind,
    feedback_score,
    summarise,
)
from perfcore.oversight import (
    DEFAULT_RULES,
    DUE_KINDS,
    AuditContext,
    CheckInSchedule,
    audit,
    due_items,
    due_items_of,
)
from perfcore.schedule import Cadence, check_schedule
from perfcore.scoring import Bounds, Composite, Part, RatingBands, StrategyConfig, roll_up
from perfcore.testing import strategies as ps
from perfcore.testing._hypothesis import _STRATEGIES
from perfcore.visibility import (
    DEFAULT_VISIBILITY,
    view_calibrated_result,
    view_cycle,
    view_session,
    visible_notes,
)
from strategies import EMPLOYEE, HR, MANAGER
from test_serialization import cancelled_cycle, full_cycle
from visibility_world import POLICY, REVIEWER, world

PUBLIC_MODULES = (
    "perfcore",
    "perfcore.cycle",
    "perfcore.strategies",
    "perfcore.scoring",
    "perfcore.appraisal",
    "perfcore.competency",
    "perfcore.improvement",
    "perfcore.schedule",
    "perfcore.oversight",
    "perfcore.feedback",
    "perfcore.calibration",
    "perfcore.compensation",
    "perfcore.organisation",
    "perfcore.visibility",
    "perfcore.analytics",
    "perfcore.schema",
    "perfcore.batch",
)


def public_classes() -> dict[type, str]:
    """Every public attrs class, with its public dotted name."""
    found: dict[type, str] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", ()):
            value = getattr(module, public)
            if isinstance(value, type) and attrs.has(value) and value not in found:
                found[value] = f"{name}.{public}"
    return found


def walk(root: object) -> Iterator[object]:
    """``root`` and every value inside it: attrs fields, items of tuples and mappings."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        yield value
        if attrs.has(type(value)):
            stack.extend(getattr(value, f.name) for f in attrs.fields(type(value)))  # type: ignore[arg-type]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        elif isinstance(value, tuple | list | set | frozenset):
            stack.extend(value)
        elif isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())


def _defaults(classes: dict[type, str]) -> list[object]:
    """Every public class that can be built from its defaults alone."""
    built: list[object] = []
    for cls in classes:
        try:
            built.append(cls())
        except (TypeError, pc.PerfcoreError):
            continue
    return built


def _commands(events: tuple[pc.Event, ...]) -> list[object]:
    """One of each command (``StartCycle`` too) whose fields an event of ``events`` carries."""
    made: list[object] = []
    for cls in public_classes():
        is_command = issubclass(cls, pc.cycle.Command) and cls is not pc.cycle.Command
        if not is_command and cls is not pc.cycle.StartCycle:
            continue
        names = [field.name for field in attrs.fields(cls)]
        for event in events:
            if all(hasattr(event, name) for name in names):
                try:
                    made.append(cls(**{name: getattr(event, name) for name in names}))
                except pc.ValidationError:  # a field this command requires, the event did not
                    continue
                break
    return made


def _corrected_and_closed(request: FeedbackRequest) -> FeedbackRequest:
    """``request`` with its first answer corrected, then closed by the manager."""
    answer = request.responses[0]
    at = request.events[-1].at + dt.timedelta(hours=1)
    reviewer = pc.Actor(person_id=answer.reviewer_id, role=pc.Role.REVIEWER)
    corrected = attrs.evolve(answer, comments=f"{answer.comments} (corrected)")
    request = request.correct(corrected, reason="Typo", by=reviewer, at=at)
    manager = pc.Actor(person_id=request.manager_id, role=pc.Role.MANAGER)
    return request.close(by=manager, at=at)


def _example(name: str) -> types.ModuleType:
    """The shipped example ``examples/<name>.py``, loaded as a module (its main is not run)."""
    path = pathlib.Path(__file__).parent.parent / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_example_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _analytics_and_competency() -> list[object]:
    """The results of the analytics and competency functions, as the examples run them."""
    analyst = _example("analyst_walkthrough")
    setattr(analyst, "MANAGERS", 6)  # noqa: B010 - a small organisation: every result appears
    rng = random.Random(analyst.SEED)  # noqa: S311 - synthetic data, as the example makes it
    ratings, talent, people = analyst.organisation(rng)
    box = NineBox()
    exits = analyst.the_next_year(rng, talent)
    made: list[object] = [
        distribution(ratings, by="rater_id"),
        rater_effects(ratings, by="rater_id"),
        z_normalise(ratings, by="rater_id")[:3],
        box.counts(box.place_all(talent)),
        box.place_all(talent)[:3],
        retention_rate(exits, analyst.NEXT_YEAR, roster=people),
        analyst.POTENTIAL.assess(
            [
                IndicatorEvidence(
                    employee_id="e1",
                    indicator=indicator,
                    score=0.8,
                    evidence=("review:e1",),
                    source="m1",
                )
                for indicator in Indicator
            ]
        ),
    ]
    team = _example("team_competency")
    assessments = [team.assessment(person, levels) for person, levels in sorted(team.TEAM.items())]
    made.append(coverage(team.ACCOUNT_EXECUTIVE, assessments))
    for person in assessments:
        made.append(WeightedGapFit().fit(team.ACCOUNT_EXECUTIVE, person))
        made.append(recommend(team.SENIOR_ACCOUNT_EXECUTIVE, person))
        rating, months = team.RESULTS[person.person_id]
        made.append(
            readiness_for_next_step(
                team.PATH,
                "ae",
                person,
                ProportionalReadiness(),
                rating=rating,
                months_in_role=months,
            )
        )
    return made


def _by_hand() -> list[object]:
    """Small results of the analytics and competency functions the examples do not run.

    Each input is small enough to check by hand; the comments give the result.
    """
    boss = RatingRecord(employee_id="e1", rater_id="m1", value=3)
    own = RatingRecord(employee_id="e1", rater_id="e1", rater_role="self", value=4)
    peer = RatingRecord(employee_id="e1", rater_id="p1", rater_role="peer", value=3)
    other_scale = RatingRecord(
        employee_id="e2", rater_id="m1", value=3, scale=pc.RatingScale(minimum=0, maximum=4)
    )
    hr = pc.Actor(person_id="hr1", role=pc.Role.HR)
    cycles = [
        pc.Cycle.start(
            cycle_id=f"c-{employee}",
            employee_id=employee,
            manager_id="jo",
            period=pc.Period.annual(2026),
            by=hr,
            at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )
        for employee in ("ann", "bo")
    ]
    box = NineBox()
    return [
        # ICC(3,1), k = 2: (BMS − EMS) / (BMS + EMS) = (61/6 − 1/2) / (61/6 + 1/2) = 0.90625
        icc([[1, 2], [3, 5], [6, 6]], form=IccForm.ICC_3_1),
        # alpha = 1 − D_o / D_e = 1 − (1/3) / (3/5) = 4/9
        krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"]], level="nominal", layout="units"),
        # 3 on 1-5 is half way: 2 on 1-3
        convert([boss], to=pc.RatingScale(minimum=1, maximum=3)),
        # two scales, one rating on each: 0-4 and 1-5
        check_scales([boss, other_scale]),
        # 50/50 split at 0.5: 1 low and 3 high, against a target of 2 each
        guided_distribution(
            [0.25, 0.5, 0.75, 1.0], targets={"low": 0.5, "high": 0.5}, bands=(0.5,)
        ),
        # self 0.75 − manager 0.5 = 0.25 on 0-1; the peer rating is unpaired
        self_manager_gaps([own, boss, peer]),
        # column 2 → 1 (performance down), row 1 → 2 (potential up): a mixed move
        box.movement(
            [box.place(0.9, 0.5, employee_id="cy")], [box.place(0.5, 0.9, employee_id="cy")]
        ),
        # ann (0.8, high potential) first, bo (0.5) second
        rank(
            [
                PotentialAssessment(
                    employee_id=employee,
                    score=score,
                    high_potential=score >= 0.7,
                    contributions=(),
                    missing=(),
                    threshold=0.7,
                    explanation="by hand",
                )
                for employee, score in (("bo", 0.5), ("ann", 0.8))
            ]
        ),
        # ann flagged, bo not: both cycles are phase_overdue by March, a rate of 1.0 in each group
        fairness_check(cycles, ["ann"], as_of=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
        # talk: self 4, manager 2, spread 2; law: both 3, agreed
        assessor_agreement(
            [
                b.competency_assessment(AssessorRole.SELF, EMPLOYEE.person_id, talk=4),
                b.competency_assessment(AssessorRole.MANAGER, MANAGER.person_id, talk=2),
            ]
        ),
    ]


@functools.cache
def _calibration() -> list[object]:
    """A calibration session run from proposals to the write-back, its report and its views."""
    session = calibration_builders.opened(4).move(
        "c-0", 3.25, reason="Late twice", by=calibration_builders.manager("m-2"), at=b.when(51)
    )
    closed, written = session.close(
        calibration_builders.population(4), by=calibration_builders.HR, at=b.when(52)
    )
    released = written[0].release_ratings(by=calibration_builders.manager("m-1"), at=b.when(53))
    employee = pc.Actor(person_id="e-0", role=pc.Role.EMPLOYEE)
    return [
        closed,
        *written,
        session_report(closed, targets={"low": 0.5, "high": 0.5}, bands=(0.5,)),
        view_session(closed, calibration_builders.HR),
        view_calibrated_result(closed, released, employee),
        view_calibrated_result(closed, written[0], employee),
    ]


def _notes() -> list[object]:
    """Feedback notes and praise, what a viewer sees of them and their counts."""
    notes = [
        FeedbackNote(
            id="n-1",
            kind=NoteKind.PRAISE,
            actor=pc.Actor(person_id="ann", role=pc.Role.EMPLOYEE),
            at=b.when(10),
            recipient_id="bo",
            recipient_manager_id="jo",
            text="Great demo",
            audience=NoteAudience.MANAGER,
            topics=("ownership",),
        ),
    ]
    return [
        *notes,
        visible_notes(notes, pc.Actor(person_id="jo", role=pc.Role.MANAGER)),
        note_counts(notes),
        note_counts(notes, groups={"ann": "web", "bo": "web"}, min_group_size=2),
    ]


def _flows() -> tuple[object, ...]:
    """Records only a run through the library makes: scores, reports, views, summaries."""
    made: list[object] = [
        DEFAULT_REGISTRY,
        DEFAULT_RULES,
        ScoringConfig(),
        StrategyConfig(strategy="weighted_mean", params={"weights": [1, 2], "by": {"a": 1}}),
        pc.cycle.DEFAULT_POLICY,
        *pc.cycle.CONDITIONS,
        *pc.cycle.COMMANDS,
    ]
    made.extend((full_cycle(), cancelled_cycle(), DEFAULT_VISIBILITY, POLICY))
    made.append(
        AnonymityAudit(
            by=pc.Actor(person_id="hr-9", role=pc.Role.HR),
            at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
            reason="Complaint 14",
        )
    )
    made.extend(_commands(full_cycle().events + cancelled_cycle().events))
    made.append(pc.cycle.SubmitSelfAssessment(assessment=b.self_assessment(), share=False))
    made.append(AuditContext(as_of=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)))
    made.append(Part(key="g1", value=0.5, weight=100))
    made.append(Bounds(low=0, high=1.5))
    made.append(
        ScoringConfig(
            composite=Composite(weights={"goals": 80, "self": 20}),
            bands=RatingBands.from_edges((0, 0.5, 1.0, 1.5), ("Below", "Meets", "Exceeds")),
        )
    )
    made.append(b.started().blockers())
    made.append(b.started().available_commands(HR, at=b.when(1)))
    made.append(_corrected_and_closed(world("closed").requests[1]))
    made.append(pc.ValidationError.single("Goal.weight", "must be at most 100").problems)
    report = check_schedule(
        Cadence.every_days(30),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        held=(dt.date(2026, 2, 1),),
        as_of=dt.date(2026, 6, 1),
    )
    made.append(CheckInSchedule(report=report, cadence_from="cycle", excused=()))
    goals = (
        pc.Goal(id="parent", title="Company", weight=100),
        pc.Goal(id="child", title="Team", weight=100, parent_id="parent"),
    )
    made.extend(roll_up(goals, {"child": 0.8}).values())
    appraised = world("appraisal").cycle
    made.append(appraised.compute_score(ScoringConfig(), DEFAULT_REGISTRY))
    assert appraised.manager_assessment is not None
    made.append(
        score_assessments(
            appraised.active_goals,
            [appraised.manager_assessment],
            ScoringConfig(),
            DEFAULT_REGISTRY,
        )
    )
    made.append(appraised.blockers())
    orphaned = pc.Cycle.replay(
        tuple(
            attrs.evolve(event, cycle_id="c-orphan")
            for event in b.started()
            .propose_goal(b.sales_goal(parent_id=None), by=MANAGER, at=b.when(1))
            .events
        )
    )
    made.append(pc.oversight.cascade(b.CATALOGUE, [b.goal_setting_ready(), orphaned]))
    for phase in ("closed", "improvement", "cancelled"):
        shown = world(phase)
        cycle = shown.cycle
        made.append(cycle)
        made.extend(shown.requests)
        made.append(audit([cycle], as_of=dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)))
        made.extend(
            view_cycle(cycle, actor, feedback=shown.requests, findings=shown.findings)
            for actor in (EMPLOYEE, MANAGER, HR)
        )
        made.extend(summarise(request) for request in shown.requests)
        made.append(feedback_score(shown.requests, scale=pc.RatingScale()))
        made.append(view_cycle(cycle, REVIEWER, feedback=shown.requests, policy=POLICY))
        if cycle.phase is pc.Phase.IMPROVEMENT:
            made.append(cycle.draft_improvement_plan(on=dt.date(2026, 6, 1)))
    made.extend(_due())
    made.extend(_analytics_and_competency())
    made.extend(_by_hand())
    made.extend(_calibration())
    made.extend(_notes())
    made.extend(compensation_world.samples())
    made.extend(_batch())
    made.extend(_launch())
    return tuple(made)


def _due() -> list[object]:
    """The kinds of due items and what cycles owe, from goal setting to a closed cycle."""
    return [
        *DUE_KINDS,
        due_items_of(b.started(), as_of=b.when(10)),
        due_items_of(b.formal_plan_started(), as_of=b.on(4, 1)),
        *(
            due_items([world(phase).cycle], as_of=dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC))
            for phase in ("appraisal", "improvement", "closed")
        ),
    ]


def _batch() -> list[object]:
    """What a batch run makes: a loader, an audit part with summaries, mergeable statistics."""
    cycles = [world("closed").cycle]
    ratings = [
        RatingRecord(employee_id=f"e{i}", rater_id=f"m{i % 2}", value=1 + i % 5) for i in range(6)
    ]
    return [
        batch.Loader(trusted=True),
        batch.audit_part(cycles, as_of=dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)),
        batch.calibration_stats(ratings),
        batch.Moments.of([0.25, 0.5]),
        batch.icc_part([[1, 2], [3, 5.5]]),
        batch.krippendorff_alpha_part([[1, 2, None], [2, 2, 3]], level="ordinal", layout="units"),
        batch.krippendorff_alpha_part([["a", "b"], ["a", "a"]], level="nominal", layout="units"),
        batch.talent_part(retention_rate, [], pc.Period.annual(2026), roster=["ann"]),
    ]


def _launch() -> list[object]:
    """A small launch from templates: two people started, three left out and why."""
    goals = organisation.GoalTemplate(
        id="goals",
        version=1,
        title="Goals",
        goals=(pc.Goal(id="g1", title="Deliver", weight=100),),
    )
    review = organisation.ReviewTemplate(
        id="review",
        version=2,
        title="Review",
        sections=(
            organisation.ReviewSection(
                id="s1",
                title="Results",
                questions=(organisation.Question(id="q1", text="Delivers"),),
            ),
        ),
        applies_to=organisation.TemplateScope(department="web"),
    )
    hired = dt.date(2024, 1, 8)
    people: list[Any] = [
        organisation.Person(employee_id="ann", manager_id="jo", department="web", hire_date=hired),
        organisation.Person(employee_id="bo", manager_id="jo", department="web", hire_date=hired),
        organisation.Person(
            employee_id="cy",
            manager_id="jo",
            department="web",
            hire_date=hired,
            leaves=(organisation.Leave(start=dt.date(2026, 1, 1)),),
        ),
        organisation.Person(employee_id="di", department="web", hire_date=dt.date(2026, 1, 2)),
        "not a person",
    ]
    rules = organisation.Eligibility(
        rules=(
            organisation.NotOnLeave(),
            organisation.MinimumTenure(months=3),
            organisation.HiredBy(cutoff=dt.date(2025, 12, 31)),
            organisation.ContractTypes(allowed=("permanent",)),
        )
    )
    result = organisation.launch(
        people,
        [goals, review],
        pc.Period.annual(2026),
        actor=pc.Actor(person_id="hr1", role=pc.Role.HR),
        at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
        rules=rules,
    )
    return [result, rules]


@st.composite
def samples(draw: st.DrawFn) -> list[object]:
    """Examples of the public records: drawn, built from defaults and made by flows."""
    drawn: list[object] = []
    for module, type_name, _ in _STRATEGIES:
        drawn.append(draw(st.from_type(getattr(importlib.import_module(module), type_name))))
    drawn.append(draw(ps.command_sequences()))
    drawn.extend(_defaults(public_classes()))
    drawn.extend(_flows())
    return drawn


def by_class(roots: list[object]) -> dict[type, list[Any]]:
    """The public records reachable from ``roots``, by class (each once)."""
    classes = public_classes()
    found: dict[type, list[Any]] = {}
    for root in roots:
        for value in walk(root):
            kind = type(value)
            for cls in kind.__mro__:
                if cls in classes:
                    found.setdefault(kind, []).append(value)
                    break
    return found
