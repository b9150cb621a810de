"""Arbitrary and adversarial input to the public API raises perfcore errors and nothing else.

Every loader (the converter's ``structure`` and ``loads`` for cycles, feedback
requests, events and records; ``ScoringConfig.from_data``,
``VisibilityPolicy.from_data``, strategy and audit-rule params through the
registries) and the commands' arguments get deep nesting, huge and tiny
numbers, NaN and infinities, odd time zones, dates at the calendar's ends,
non-string keys and wrong types. The only exceptions allowed out are
``PerfcoreError``s; a refused command leaves the cycle as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import inspect
import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import builders as b
import perfcore as pc
from perfcore import serialization
from perfcore._limits import MAX_DEPTH, check_depth, depth_exceeds
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig, score_assessment
from perfcore.errors import PROBLEM_CODES
from perfcore.feedback import FeedbackRequest, cycle_feedback_score, summarise
from perfcore.oversight import DEFAULT_REGISTRY as RULES_REGISTRY
from perfcore.oversight import DEFAULT_RULES, RuleSet, audit
from perfcore.schedule import Cadence, check_schedule, occurrences
from perfcore.scoring import StrategyConfig
from perfcore.visibility import VisibilityPolicy, view_cycle
from public_samples import PUBLIC_MODULES, by_class, public_classes, samples
from strategies import EMPLOYEE, HR, MANAGER
from test_serialization import full_cycle

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

CONVERTER = serialization.make_converter()


# --- adversarial values -------------------------------------------------------------


class _Offset(dt.tzinfo):
    """A time zone whose ``utcoffset`` returns whatever it was given, or raises."""

    def __init__(self, offset: object) -> None:
        self.offset = offset

    def utcoffset(self, _: dt.datetime | None) -> Any:
        if isinstance(self.offset, BaseException):
            raise self.offset
        return self.offset

    def dst(self, _: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, _: dt.datetime | None) -> str:
        return "odd"


ODD_ZONES = st.sampled_from(
    [
        _Offset(dt.timedelta(hours=30)),
        _Offset(dt.timedelta(hours=-25)),
        _Offset(dt.timedelta(seconds=1, microseconds=1)),
        _Offset("+05:00"),
        _Offset(5),
        _Offset(None),
        _Offset(ValueError("no offset")),
        _Offset(ArithmeticError("no offset")),
        _Offset(RuntimeError("no offset")),
        dt.timezone(dt.timedelta(hours=23, minutes=59)),
        dt.timezone(-dt.timedelta(hours=23, minutes=59)),
        dt.UTC,
    ]
)

EDGE_DATES = st.sampled_from(
    [dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date(2026, 2, 28)]
)

EDGE_MOMENTS = st.one_of(
    st.builds(
        dt.datetime.combine,
        EDGE_DATES,
        st.sampled_from([dt.time.min, dt.time.max, dt.time(12)]),
        ODD_ZONES,
    ),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.datetimes(),  # naive
)

NUMBERS = st.one_of(
    st.sampled_from([0, -1, 10**400, -(10**400), 2**63, 5e-324, 1e308, -1e308]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=20),
    st.binary(max_size=5),
    EDGE_DATES,
    EDGE_MOMENTS,
)

KEYS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["type", "schema_version", "id", "events", "params", "strategy", "weight"]),
    st.integers(),
    st.none(),
    st.booleans(),
    st.tuples(st.integers()),
    st.floats(allow_nan=True),
)


def _nested(levels: int, leaf: object) -> object:
    value = leaf
    for index in range(levels):
        value = [value] if index % 2 else {"x": value}
    return value


DEEP = st.builds(
    _nested,
    st.sampled_from([MAX_DEPTH - 1, MAX_DEPTH + 1, 500, 3_000, 50_000]),
    st.sampled_from([None, 1, "x"]),
)

JUNK = st.recursive(
    SCALARS | DEEP,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(KEYS, inner, max_size=4),
        st.sets(st.integers(), max_size=3),
    ),
    max_leaves=12,
)


def _replace_somewhere(draw: st.DrawFn, data: object) -> object:
    """``data`` (JSON-like) with one value, key or container swapped for junk."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data)))
        changed = dict(data)
        choice = draw(st.integers(0, 3))
        if choice == 0:
            changed[key] = draw(JUNK)
        elif choice == 1:
            changed[draw(KEYS)] = changed.pop(key)
        elif choice == 2:
            changed[key] = _replace_somewhere(draw, data[key])
        else:
            del changed[key]
        return changed
    if isinstance(data, list) and data and draw(st.booleans()):
        index = draw(st.integers(0, len(data) - 1))
        changed_list = list(data)
        changed_list[index] = _replace_somewhere(draw, data[index])
        return changed_list
    return draw(JUNK)


def documented(error: pc.PerfcoreError) -> None:
    """``error`` reads as JSON problem details, and each of its problems has a documented code.

    Every code is in ``PROBLEM_CODES`` (the table in docs/errors.md) and every
    param of a problem is one its code documents.
    """
    problem = json.loads(json.dumps(error.to_problem(), allow_nan=False))
    assert problem["type"] == type(error).problem_type
    assert problem["status"] == type(error).problem_status
    for found in getattr(error, "problems", ()):
        assert found.code in PROBLEM_CODES, (found, error)
        assert set(found.params) <= set(PROBLEM_CODES[found.code].params), (found, error)


def only_perfcore_errors(call: Callable[[], object]) -> None:
    """Run ``call``; anything it raises must be a documented ``PerfcoreError``."""
    try:
        call()
    except pc.PerfcoreError as error:
        documented(error)


# --- the loaders --------------------------------------------------------------------

DOCUMENTS: list[tuple[object, type]] = [
    (full_cycle(), pc.Cycle),
    (full_cycle().events[3], pc.Event),
    (full_cycle().goals[0], pc.Goal),
    (full_cycle().period, pc.Period),
    (full_cycle().manager_assessment, pc.Assessment),
]


def _requests() -> list[tuple[object, type]]:
    from visibility_world import world  # noqa: PLC0415 - shared with the visibility tests

    request = world("closed").requests[0]
    return [(request, FeedbackRequest), (request.events[-1], pc.feedback.FeedbackEvent)]


DOCUMENTS += _requests()


@FUZZ
@given(data=st.data(), which=st.integers(0, len(DOCUMENTS) - 1))
def test_structure_and_loads_raise_only_perfcore_errors(data: st.DataObject, which: int) -> None:
    value, cls = DOCUMENTS[which]
    document = CONVERTER.unstructure(value, cls)
    broken = data.draw(st.composite(lambda draw: _replace_somewhere(draw, document))())
    only_perfcore_errors(lambda: CONVERTER.structure(broken, cls))
    try:
        text = json.dumps(broken, default=str)
    except Exception:  # noqa: BLE001 - junk JSON cannot write (keys, depth, odd time zones)
        return
    only_perfcore_errors(lambda: CONVERTER.loads(text, cls))


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_000, 100_000])
@pytest.mark.parametrize("cls", [pc.Cycle, FeedbackRequest, pc.Goal, pc.Event])
def test_deep_json_text_is_refused_with_a_path(levels: int, cls: type) -> None:
    text = "[" * levels + "]" * levels
    with pytest.raises(pc.ValidationError) as refused:
        CONVERTER.loads(text, cls)
    assert refused.value.paths[0].startswith("$")
    assert "nested more than" in str(refused.value)


def test_deep_data_is_refused_at_its_path_before_it_is_read() -> None:
    document = CONVERTER.unstructure(full_cycle().goals[0])
    document["methods"] = _nested(MAX_DEPTH + 5, "x")
    with pytest.raises(pc.ValidationError) as refused:
        CONVERTER.structure(document, pc.Goal)
    assert refused.value.paths[0].startswith("$.methods")


def test_nesting_up_to_the_limit_is_read() -> None:
    check_depth(_nested(MAX_DEPTH, 1))
    with pytest.raises(pc.ValidationError, match="nested more than 100 levels deep"):
        check_depth(_nested(MAX_DEPTH + 1, 1))
    weights = _nested(MAX_DEPTH - 3, 1)
    with pytest.raises(pc.ValidationError) as refused:  # read, then refused for its content
        DEFAULT_REGISTRY.build({"strategy": "yes_no", "params": {"x": weights}})
    assert refused.value.paths == ("$.params.x",)


REGISTRY_NAMES = sorted(DEFAULT_REGISTRY.names())
RULE_NAMES = sorted(RULES_REGISTRY.names())


@FUZZ
@given(name=st.sampled_from(REGISTRY_NAMES), params=JUNK, key=KEYS)
def test_strategy_params_raise_only_perfcore_errors(name: str, params: object, key: object) -> None:
    only_perfcore_errors(lambda: DEFAULT_REGISTRY.build({"strategy": name, "params": params}))
    only_perfcore_errors(lambda: DEFAULT_REGISTRY.build({"strategy": name, "params": {key: 1}}))
    only_perfcore_errors(lambda: DEFAULT_REGISTRY.build({key: name}))
    only_perfcore_errors(lambda: StrategyConfig(strategy=name, params=params))  # type: ignore[arg-type]


@FUZZ
@given(name=st.sampled_from(RULE_NAMES), params=JUNK, key=KEYS)
def test_audit_rule_params_raise_only_perfcore_errors(
    name: str, params: object, key: object
) -> None:
    only_perfcore_errors(lambda: RULES_REGISTRY.build({"strategy": name, "params": params}))
    only_perfcore_errors(lambda: RULES_REGISTRY.build({"strategy": name, "params": {key: params}}))
    only_perfcore_errors(
        lambda: RuleSet.from_config([{"strategy": name, "params": params}], RULES_REGISTRY)
    )
    only_perfcore_errors(lambda: RuleSet.from_config(params, RULES_REGISTRY))
    if isinstance(key, str):
        only_perfcore_errors(lambda: DEFAULT_RULES.configure(name, **{key: params}))


FROM_PARAMS = sorted(
    (cls for cls in public_classes() if callable(getattr(cls, "from_params", None))),
    key=lambda cls: cls.__name__,
)


@FUZZ
@given(cls=st.sampled_from(FROM_PARAMS), params=JUNK, key=KEYS)
def test_every_from_params_raises_only_perfcore_errors(
    cls: type, params: object, key: object
) -> None:
    build = cls.from_params  # type: ignore[attr-defined]
    only_perfcore_errors(lambda: build(params))
    only_perfcore_errors(lambda: build({key: params}))


@FUZZ
@given(data=st.data())
def test_scoring_config_from_data_raises_only_perfcore_errors(data: st.DataObject) -> None:
    document = ScoringConfig().to_data(DEFAULT_REGISTRY)
    broken = data.draw(st.composite(lambda draw: _replace_somewhere(draw, document))())
    only_perfcore_errors(lambda: ScoringConfig.from_data(broken, DEFAULT_REGISTRY))
    key = data.draw(KEYS)
    scorers = {key: {"strategy": "yes_no"}, "numeric": {"strategy": "yes_no"}}
    only_perfcore_errors(
        lambda: ScoringConfig.from_data({**document, "goal_scorers": scorers}, DEFAULT_REGISTRY)
    )


@FUZZ
@given(data=st.data())
def test_visibility_policy_from_data_raises_only_perfcore_errors(data: st.DataObject) -> None:
    document = pc.visibility.DEFAULT_VISIBILITY.to_data()
    broken = data.draw(st.composite(lambda draw: _replace_somewhere(draw, document))())
    only_perfcore_errors(lambda: VisibilityPolicy.from_data(broken))


# --- scoring, audit and the commands ------------------------------------------------


@FUZZ
@given(
    assessment=JUNK | st.just(None),
    components=JUNK | st.dictionaries(KEYS, NUMBERS | st.none(), max_size=3),
    config=st.sampled_from([ScoringConfig(), None, {}, "x"]),
    registry=st.sampled_from([DEFAULT_REGISTRY, None, {}]),
)
def test_scoring_raises_only_perfcore_errors(
    assessment: object, components: object, config: object, registry: object
) -> None:
    cycle = b.appraisal_ready()
    goals = cycle.active_goals
    manager = cycle.manager_assessment
    only_perfcore_errors(
        lambda: score_assessment(goals, assessment, ScoringConfig(), DEFAULT_REGISTRY)  # type: ignore[arg-type]
    )
    only_perfcore_errors(
        lambda: score_assessment(assessment, manager, ScoringConfig(), DEFAULT_REGISTRY)  # type: ignore[arg-type]
    )
    only_perfcore_errors(lambda: cycle.compute_score(config, registry))  # type: ignore[arg-type]
    only_perfcore_errors(
        lambda: cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY, components=components)  # type: ignore[arg-type]
    )
    only_perfcore_errors(
        lambda: cycle_feedback_score(assessment, cycle_id=cycle.id, subject_id="e1")  # type: ignore[arg-type]
    )


@FUZZ
@given(moment=EDGE_MOMENTS, day=EDGE_DATES, junk=JUNK)
def test_time_at_the_calendars_ends_and_odd_zones_raise_only_perfcore_errors(
    moment: dt.datetime, day: dt.date, junk: object
) -> None:
    cycle = b.goal_setting_ready()
    before = cycle.events
    only_perfcore_errors(lambda: cycle.advance(by=MANAGER, at=moment))
    only_perfcore_errors(lambda: cycle.blockers(at=moment))
    only_perfcore_errors(lambda: cycle.blockers(at=junk))  # type: ignore[arg-type]
    only_perfcore_errors(lambda: cycle.cancel(reason="x", by=HR, at=moment))
    only_perfcore_errors(lambda: audit([cycle], as_of=moment))
    only_perfcore_errors(lambda: audit([cycle], as_of=junk))  # type: ignore[arg-type]
    only_perfcore_errors(lambda: audit(junk, as_of=moment))  # type: ignore[arg-type]
    assert cycle.events == before
    only_perfcore_errors(
        lambda: pc.Cycle.start(
            cycle_id="c",
            employee_id="e",
            manager_id="m",
            period=pc.Period(start=day, end=dt.date.max) if day < dt.date.max else b.PERIOD,
            by=HR,
            at=moment,
        )
    )
    only_perfcore_errors(
        lambda: check_schedule(
            Cadence.every_days(30), start=day, end=_end(day), held=(day,), as_of=_end(day)
        )
    )
    only_perfcore_errors(lambda: occurrences(Cadence.monthly(day=31), start=day, end=_end(day)))
    only_perfcore_errors(lambda: occurrences(Cadence.every_days(366), start=_start(day), end=day))


def _end(day: dt.date) -> dt.date:
    """Two years after ``day``, or the calendar's last day: a short window at either end."""
    return day + dt.timedelta(days=730) if day < dt.date(9997, 1, 1) else dt.date.max


def _start(day: dt.date) -> dt.date:
    """Two years before ``day``, or the calendar's first day."""
    return day - dt.timedelta(days=730) if day > dt.date(3, 1, 1) else dt.date.min


@FUZZ
@given(moment=EDGE_MOMENTS)
def test_feedback_requests_with_odd_moments_raise_only_perfcore_errors(moment: dt.datetime) -> None:
    request, _ = _requests()[0]
    assert isinstance(request, FeedbackRequest)
    only_perfcore_errors(
        lambda: request.close(by=pc.Actor(person_id="mgr", role=pc.Role.MANAGER), at=moment)
    )
    only_perfcore_errors(lambda: request.release(by=HR, at=moment))
    only_perfcore_errors(lambda: request.status(moment.date()))
    only_perfcore_errors(lambda: summarise(request))


@FUZZ
@given(junk=JUNK)
def test_commands_with_wrong_arguments_raise_only_perfcore_errors(junk: object) -> None:
    cycle = b.goal_setting_ready()
    before = cycle.events
    at = b.when(20)
    for call in (
        lambda: cycle.propose_goal(junk, by=MANAGER, at=at),  # type: ignore[arg-type]
        lambda: cycle.revise_goal(junk, reason="x", by=MANAGER, at=at),  # type: ignore[arg-type]
        lambda: cycle.withdraw_goal(junk, reason="x", by=MANAGER, at=at),  # type: ignore[arg-type]
        lambda: cycle.agree_goals(junk, by=EMPLOYEE, at=at),  # type: ignore[arg-type]
        lambda: cycle.waive(junk, reason="x", by=HR, at=at),  # type: ignore[arg-type]
        lambda: cycle.advance(by=junk, at=at),  # type: ignore[arg-type]
        lambda: cycle.advance(by=MANAGER, at=junk),  # type: ignore[arg-type]
        lambda: cycle.execute(junk, by=MANAGER, at=at),  # type: ignore[arg-type]
        lambda: view_cycle(cycle, junk),  # type: ignore[arg-type]
        lambda: cycle.with_policy(junk),  # type: ignore[arg-type]
        lambda: pc.Cycle.replay(junk),  # type: ignore[arg-type]
    ):
        only_perfcore_errors(call)
    assert cycle.events == before


def test_the_listed_cases_name_their_path() -> None:
    """The cases the integrity issue lists, each a perfcore error with a path."""
    cycle = b.appraisal_ready()
    nothing: Any = None
    a_list: Any = [1]
    int_keys: Any = {1: 0.5}
    cases: list[tuple[Callable[[], object], str]] = [
        (
            lambda: score_assessment(
                cycle.active_goals, nothing, ScoringConfig(), DEFAULT_REGISTRY
            ),
            "assessment",
        ),
        (lambda: cycle.compute_score(nothing, DEFAULT_REGISTRY), "config"),
        (lambda: cycle.compute_score(ScoringConfig(), nothing), "registry"),
        (
            lambda: cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY, components=a_list),
            "components",
        ),
        (
            lambda: cycle.compute_score(ScoringConfig(), DEFAULT_REGISTRY, components=int_keys),
            "components",
        ),
        (
            lambda: ScoringConfig.from_data(
                {"goal_scorers": {1: {"strategy": "yes_no"}, "numeric": {"strategy": "yes_no"}}},
                DEFAULT_REGISTRY,
            ),
            "$.goal_scorers",
        ),
        (
            lambda: cycle.advance(
                by=MANAGER, at=dt.datetime(2026, 9, 1, tzinfo=_Offset(dt.timedelta(hours=30)))
            ),
            "at",
        ),
        (
            lambda: cycle.advance(
                by=MANAGER, at=dt.datetime(2026, 9, 1, tzinfo=_Offset(RuntimeError("x")))
            ),
            "at",
        ),
    ]
    for call, path in cases:
        with pytest.raises(pc.PerfcoreError) as refused:
            call()
        assert isinstance(refused.value, pc.ValidationError), refused.value
        assert refused.value.paths[0].startswith(path), refused.value.paths
        documented(refused.value)


def test_an_audit_of_a_period_ending_on_the_last_day_of_the_calendar() -> None:
    period = pc.Period(start=dt.date(9999, 1, 1), end=dt.date(9999, 12, 31))
    start = dt.datetime(9999, 1, 2, 9, tzinfo=dt.UTC)
    cycle = pc.Cycle.start(
        cycle_id="c", employee_id="e", manager_id="m", period=period, by=HR, at=start
    )
    report = audit([cycle], as_of=dt.datetime(9999, 12, 29, 23, tzinfo=dt.UTC))
    assert isinstance(report, pc.oversight.AuditReport)
    assert math.isfinite(len(report))


def _public_functions() -> list[tuple[str, Callable[..., object]]]:
    found: list[tuple[str, Callable[..., object]]] = []
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", ()):
            value = getattr(module, public)
            if inspect.isfunction(value) and "plot" not in public and public != "to_frame":
                found.append((f"{name}.{public}", value))
    return sorted(found, key=lambda item: item[0])


PUBLIC_FUNCTIONS = _public_functions()
NAIVE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
WRONG: tuple[object, ...] = (None, 1, "x", [1], {"a": 1}, {1: 2}, math.nan, NAIVE, (None,), [[[]]])


@pytest.mark.parametrize(
    ("name", "function"), PUBLIC_FUNCTIONS, ids=[name for name, _ in PUBLIC_FUNCTIONS]
)
def test_every_public_function_refuses_wrong_arguments_with_a_perfcore_error(
    name: str, function: Callable[..., object]
) -> None:
    """Each required argument, filled with the wrong kind of value, is refused by name."""
    required = [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.default is parameter.empty
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]
    for wrong in WRONG:
        args = [wrong for p in required if p.kind is not p.KEYWORD_ONLY]
        kwargs = {p.name: wrong for p in required if p.kind is p.KEYWORD_ONLY}
        only_perfcore_errors(lambda: function(*args, **kwargs))  # noqa: B023 - run at once
    assert name


def _required(function: Callable[..., object]) -> list[inspect.Parameter]:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # no signature to read
        return []
    return [
        p
        for p in parameters
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


@pytest.mark.filterwarnings(
    # the drawn argument is one sample of every public record: its repr, which hypothesis
    # builds to report the example, is large by design
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
@settings(max_examples=1, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(roots=samples())
def test_every_public_method_refuses_wrong_arguments_with_a_perfcore_error(
    roots: list[object],
) -> None:
    """One example of each public record; each method with a wrong value in every argument."""
    for cls, examples in by_class(roots).items():
        example = examples[0]
        for name, _ in inspect.getmembers(cls, callable):
            if name.startswith("_") or name == "to_frame" or "plot" in name:
                continue
            method = getattr(example, name)
            required = _required(method)
            if not required or isinstance(method, type):
                continue
            for wrong in WRONG:
                args = [wrong for p in required if p.kind is not p.KEYWORD_ONLY]
                kwargs = {p.name: wrong for p in required if p.kind is p.KEYWORD_ONLY}
                with contextlib.suppress(NotImplementedError):
                    only_perfcore_errors(lambda: method(*args, **kwargs))  # noqa: B023 - run now


def _depth(value: object) -> int:
    """The nesting depth of small data, the obvious recursive way."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list | tuple | set | frozenset):
        return 1 + max(map(_depth, value), default=0)
    return 0


NESTED = st.recursive(
    st.none() | st.integers() | st.text(max_size=2),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner)
        | st.frozensets(st.integers(), max_size=2)
        | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=30,
)


@FUZZ
@given(value=NESTED, limit=st.integers(0, 8))
def test_the_depth_check_agrees_with_the_recursive_depth(value: object, limit: int) -> None:
    assert depth_exceeds(value, limit) == (_depth(value) > limit)
