"""Tests for perfcore._validators: every validator, both ways, and reports_all_problems."""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfcore as pc
from expect import rejects, rejects_all
from perfcore import _validators as v
from perfcore.errors import PROBLEM_CODES


@attrs.define
class Holder:
    """Stands in for a domain class: problems are reported as ``Holder.value``."""

    value: object = None


FIELD = attrs.fields(Holder).value
PATH = "Holder.value"


def run(validator: v.Validator, value: object) -> None:
    validator(Holder(), FIELD, value)


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class NoOffset(dt.tzinfo):
    """A tzinfo that does not know its offset: such datetimes are effectively naive."""

    def utcoffset(self, _: dt.datetime | None) -> None:
        return None

    def dst(self, _: dt.datetime | None) -> None:
        return None

    def tzname(self, _: dt.datetime | None) -> None:
        return None


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


# --- fail and describe --------------------------------------------------------------


def test_fail_names_the_class_and_field() -> None:
    rejects(lambda: v.fail(Holder(), FIELD, "is wrong"), PATH, "^is wrong$")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "int 5"),
        ("abc", "str 'abc'"),
        (None, "NoneType None"),
        ([1, 2], "list [1, 2]"),
        (2.5, "float 2.5"),
        (dt.date(2026, 1, 2), "date datetime.date(2026, 1, 2)"),
    ],
)
def test_describe_gives_type_and_repr(value: object, expected: str) -> None:
    assert v.describe(value) == expected


def test_describe_cuts_long_values_to_sixty_characters() -> None:
    assert v.describe("x" * 58) == "str '" + "x" * 58 + "'"  # repr is exactly 60 long
    long = v.describe("x" * 59)
    assert long == "str '" + "x" * 56 + "..."
    assert len(long) == len("str ") + 60


def test_describe_never_raises_even_when_repr_does() -> None:
    huge = 10**5000  # beyond sys.get_int_max_str_digits(): repr() raises ValueError
    assert v.describe(huge).startswith("int <int object at")
    assert v.describe(BadRepr()).startswith("BadRepr <")


# --- text and optional_text ---------------------------------------------------------


@pytest.mark.parametrize("value", ["x", " pad ", "a" * 5])
def test_text_accepts_non_blank_strings_up_to_the_limit(value: str) -> None:
    run(v.text(max_length=5), value)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (None, "^is required$"),
        (5, "^must be a string, got int 5$"),
        (b"bytes", "^must be a string, got bytes b'bytes'$"),
        ("", "^must not be empty$"),
        (" \t\n", "^must not be empty$"),
        ("abcdef", "^must be at most 5 characters, got 6$"),
    ],
)
def test_text_rejects(value: object, phrase: str) -> None:
    rejects(lambda: run(v.text(max_length=5), value), PATH, phrase)


def test_text_may_allow_empty_but_still_needs_a_string() -> None:
    run(v.text(allow_empty=True), "")
    run(v.text(allow_empty=True), "   ")
    rejects(lambda: run(v.text(allow_empty=True), None), PATH, "is required")
    rejects(lambda: run(v.text(allow_empty=True, max_length=2), "abc"), PATH, "at most 2")


def test_text_default_limit_is_ten_thousand_characters() -> None:
    run(v.text(), "a" * 10_000)
    rejects(lambda: run(v.text(), "a" * 10_001), PATH, "at most 10000 characters, got 10001")


def test_optional_text_accepts_none_or_non_blank_text() -> None:
    run(v.optional_text(), None)
    run(v.optional_text(), "x")
    rejects(lambda: run(v.optional_text(), ""), PATH, "must not be empty")
    rejects(lambda: run(v.optional_text(), 3), PATH, "must be a string, got int 3")


# --- identifier ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["employee", "skip_manager", "hr2", "a"])
def test_identifier_accepts_lowercase_identifiers(value: str) -> None:
    run(v.identifier(), value)


@pytest.mark.parametrize(
    "value",
    ["", "Employee", "1st", "_hr", "skip-manager", "skip manager", " hr", "hr ", "employee\n", 7],
)
def test_identifier_rejects(value: object) -> None:
    rejects(lambda: run(v.identifier(), value), PATH, "must be a lowercase identifier like")


def test_identifier_rejects_a_trailing_newline() -> None:
    # Regression: the pattern ended in "$", which also matches before a final newline.
    rejects(lambda: run(v.identifier(), "hr\n"), PATH, r"got str 'hr\\n'")


# --- number -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -3, 2.5, 1e300, -1e-300, 10**300])
def test_number_accepts_finite_ints_and_floats(value: float) -> None:
    run(v.number(), value)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (True, "^must be a number, got bool True$"),
        (False, "^must be a number, got bool False$"),
        ("5", "^must be a number, got str '5'$"),
        (None, "^must be a number, got NoneType None$"),
        ([5], "^must be a number, got list"),
        (math.nan, "^must be a finite number, got nan$"),
        (math.inf, "^must be a finite number, got inf$"),
        (-math.inf, "^must be a finite number, got -inf$"),
    ],
)
def test_number_rejects(value: object, phrase: str) -> None:
    rejects(lambda: run(v.number(), value), PATH, phrase)


def test_number_rejects_an_int_too_large_for_a_float() -> None:
    # Regression: math.isfinite(10**400) raised a bare OverflowError.
    rejects(lambda: run(v.number(), 10**400), PATH, "^must be a finite number, got 1000")
    rejects(lambda: run(v.number(minimum=0), -(10**400)), PATH, "must be a finite number")
    rejects(lambda: run(v.number(), 10**5000), PATH, "must be a finite number, got <int")


def test_number_bounds_are_inclusive() -> None:
    check = v.number(minimum=0, maximum=100)
    run(check, 0)
    run(check, 100)
    run(check, 37.5)
    rejects(lambda: run(check, -1), PATH, "^must be at least 0, got -1$")
    rejects(lambda: run(check, -0.5), PATH, "^must be at least 0, got -0.5$")
    rejects(lambda: run(check, 100.5), PATH, "^must be at most 100, got 100.5$")


def test_number_may_be_optional() -> None:
    run(v.number(optional=True), None)
    rejects(lambda: run(v.number(optional=True), "1"), PATH, "must be a number")
    rejects(lambda: run(v.number(optional=True), math.nan), PATH, "finite")


# --- integer ------------------------------------------------------------------------


def test_integer_accepts_ints_within_inclusive_bounds() -> None:
    check = v.integer(minimum=1, maximum=366)
    run(check, 1)
    run(check, 366)
    run(v.integer(), -(10**100))


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (True, "^must be an integer, got bool True$"),
        (1.0, "^must be an integer, got float 1.0$"),
        ("7", "^must be an integer, got str '7'$"),
        (None, "^must be an integer, got NoneType None$"),
        (0, "^must be at least 1, got 0$"),
        (367, "^must be at most 366, got 367$"),
    ],
)
def test_integer_rejects(value: object, phrase: str) -> None:
    rejects(lambda: run(v.integer(minimum=1, maximum=366), value), PATH, phrase)


def test_integer_reports_huge_values_without_failing_itself() -> None:
    # Regression: str(10**5000) raises ValueError while building the message.
    rejects(lambda: run(v.integer(maximum=5), 10**5000), PATH, "^must be at most 5, got <int")
    rejects(lambda: run(v.integer(minimum=5), -(10**5000)), PATH, "^must be at least 5, got <int")
    rejects(lambda: run(v.integer(maximum=5), 10**70), PATH, r"got 1000+\.\.\.$")


# --- boolean, member, instance ------------------------------------------------------


@pytest.mark.parametrize("value", [True, False])
def test_boolean_accepts_booleans(value: bool) -> None:
    run(v.boolean(), value)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [(1, "got int 1"), (0, "got int 0"), ("true", "got str 'true'"), (None, "got NoneType")],
)
def test_boolean_rejects(value: object, phrase: str) -> None:
    rejects(lambda: run(v.boolean(), value), PATH, f"^must be true or false, {phrase}")


def test_member_accepts_members_only() -> None:
    run(v.member(Colour), Colour.RED)
    rejects(
        lambda: run(v.member(Colour), "red"),
        PATH,
        r"^must be a Colour \('red', 'green'\), got str 'red'$",
    )
    rejects(lambda: run(v.member(Colour), None), PATH, "got NoneType None")
    rejects(lambda: run(v.member(Colour), pc.GoalKind.PERFORMANCE), PATH, "got GoalKind")


def test_member_may_be_optional() -> None:
    run(v.member(Colour, optional=True), None)
    rejects(lambda: run(v.member(Colour, optional=True), "green"), PATH, "must be a Colour")


def test_instance_checks_one_or_several_types() -> None:
    run(v.instance(int), 3)
    run(v.instance((int, str)), "x")
    rejects(lambda: run(v.instance(int), "3"), PATH, "^must be a int, got str '3'$")
    rejects(lambda: run(v.instance((int, str)), 2.5), PATH, "^must be a int or str, got float")
    rejects(lambda: run(v.instance(int), None), PATH, "got NoneType None")


def test_instance_may_be_optional() -> None:
    run(v.instance(int, optional=True), None)
    rejects(lambda: run(v.instance(int, optional=True), "3"), PATH, "must be a int")


# --- dates and datetimes ------------------------------------------------------------


def test_date_accepts_dates_but_not_datetimes() -> None:
    run(v.date(), dt.date(2026, 4, 1))
    rejects(
        lambda: run(v.date(), dt.datetime(2026, 4, 1, tzinfo=dt.UTC)),
        PATH,
        "^must be a date, got datetime",
    )
    rejects(lambda: run(v.date(), "2026-04-01"), PATH, "^must be a date, got str '2026-04-01'$")
    rejects(lambda: run(v.date(), None), PATH, "^must be a date, got NoneType None$")


def test_date_may_be_optional() -> None:
    run(v.date(optional=True), None)
    rejects(lambda: run(v.date(optional=True), 20260401), PATH, "must be a date, got int")


def test_aware_datetime_needs_a_timezone() -> None:
    check = v.aware_datetime()
    run(check, dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC))
    run(check, dt.datetime(2026, 1, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    naive = dt.datetime(2026, 1, 2, 9)  # noqa: DTZ001 - the point of the test
    rejects(lambda: run(check, naive), PATH, r"^must be timezone-aware \(e\.g\. tzinfo=")
    no_offset = dt.datetime(2026, 1, 2, 9, tzinfo=NoOffset())
    rejects(lambda: run(check, no_offset), PATH, "must be timezone-aware")
    rejects(lambda: run(check, dt.date(2026, 1, 2)), PATH, "^must be a datetime, got date")
    rejects(lambda: run(check, "2026-01-02T09:00Z"), PATH, "^must be a datetime, got str")


# --- tuples -------------------------------------------------------------------------


def test_tuple_of_a_type() -> None:
    run(v.tuple_of(str), ())
    run(v.tuple_of(str), ("a", "b"))
    rejects(lambda: run(v.tuple_of(str), ["a"]), PATH, r"^must be a tuple, got list \['a'\]$")
    rejects(lambda: run(v.tuple_of(str), None), PATH, "^must be a tuple, got NoneType")
    rejects(lambda: run(v.tuple_of(str), "ab"), PATH, "^must be a tuple, got str")
    rejects(
        lambda: run(v.tuple_of(str), ("a", 3)), f"{PATH}[1]", "^must hold str items, got int 3$"
    )


def test_tuple_of_several_types_names_them_all() -> None:
    run(v.tuple_of((int, float)), (1, 2.5))
    rejects(
        lambda: run(v.tuple_of((int, float)), (1, "2")),
        f"{PATH}[1]",
        "^must hold int or float items, got str '2'$",
    )


def test_tuple_of_a_validator_reports_the_first_bad_item_by_index() -> None:
    check = v.tuple_of(v.text(max_length=3))
    run(check, ("abc", "d"))
    rejects(lambda: run(check, ("ok", "", " ")), f"{PATH}[1]", "^must not be empty$")
    rejects(lambda: run(check, ("ok", "long")), f"{PATH}[1]", "at most 3 characters, got 4")
    rejects(lambda: run(check, (None,)), f"{PATH}[0]", "is required")


def test_tuple_of_unique_lists_every_repeated_item_once_sorted() -> None:
    check = v.tuple_of(str, unique=True)
    run(check, ("a", "b", "c"))
    rejects(
        lambda: run(check, ("b", "a", "b", "c", "a", "b")),
        PATH,
        "^must not repeat items, repeated: 'a', 'b'$",
    )


def test_tuple_of_without_unique_allows_repeats() -> None:
    run(v.tuple_of(str), ("a", "a"))


def test_non_empty_tuple() -> None:
    run(v.non_empty_tuple(), (1,))
    run(v.non_empty_tuple(), [])  # not a tuple: left to tuple_of
    rejects(lambda: run(v.non_empty_tuple(), ()), PATH, "^must not be empty$")


@given(st.lists(st.sampled_from("abcd"), max_size=6).map(tuple))
def test_tuple_of_unique_fails_exactly_when_an_item_repeats(items: tuple[str, ...]) -> None:
    check = v.tuple_of(str, unique=True)
    if len(set(items)) == len(items):
        run(check, items)
    else:
        err = rejects(lambda: run(check, items), PATH, "must not repeat items")
        repeated = sorted({repr(i) for i in items if items.count(i) > 1})
        assert err.problems[0].message.endswith(", ".join(repeated))


# --- reports_all_problems -----------------------------------------------------------


def _after_low(inst: Any, attr: attrs.Attribute[Any], value: int) -> None:
    if value <= inst.low:
        v.fail(inst, attr, f"must be above low {inst.low}")


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Sample:
    """Three validated fields, one cross-field check and one unvalidated field."""

    name: str = attrs.field(default="n", validator=v.text())
    low: int = attrs.field(default=1, validator=v.integer(minimum=0))
    high: int = attrs.field(default=2, validator=[v.integer(), _after_low])
    note: object = None


def test_a_valid_instance_builds() -> None:
    sample = Sample(name="x", low=3, high=4, note=[1])
    assert (sample.name, sample.low, sample.high, sample.note) == ("x", 3, 4, [1])


def test_one_bad_field_gives_one_problem() -> None:
    rejects(lambda: Sample(low=-1, high=5), "Sample.low", "^must be at least 0, got -1$")
    rejects(lambda: Sample(high=1), "Sample.high", "^must be above low 1$")


def test_every_bad_field_is_reported_in_field_order() -> None:
    err = rejects_all(
        lambda: Sample(name="", low=-1, high="x"),  # type: ignore[arg-type]
        "Sample.name",
        "Sample.low",
        "Sample.high",
    )
    assert err.problems[2].message == "must be an integer, got str 'x'"
    assert str(err).startswith("Sample.name: must not be empty; Sample.low: must be at least 0")


def test_a_check_that_depends_on_another_bad_field_is_skipped() -> None:
    # _after_low compares with ``low``; a str ``low`` makes it raise TypeError, which is
    # not reported: the problem is ``low`` itself.
    rejects_all(
        lambda: Sample(name="", low="1", high=5),  # type: ignore[arg-type]
        "Sample.name",
        "Sample.low",
    )


def test_reports_all_problems_keeps_the_init_signature_and_name() -> None:
    assert Sample.__init__.__name__ == "__init__"
    assert Sample.__init__.__wrapped__ is not None  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class Plain:
    """Like Sample without reports_all_problems: attrs stops at the first problem."""

    a: str = attrs.field(validator=v.text())
    b: str = attrs.field(validator=v.text())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Reporting:
    a: str = attrs.field(validator=v.text())
    b: str = attrs.field(validator=v.text())


def test_without_the_decorator_only_the_first_problem_is_reported() -> None:
    rejects(lambda: Plain(a="", b=""), "Plain.a", "must not be empty")
    rejects_all(lambda: Reporting(a="", b=""), "Reporting.a", "Reporting.b")


# --- quick forms: the same rule as a yes/no predicate ------------------------------------

QUICK = {
    "text": v.text(),
    "text(max_length=5)": v.text(max_length=5),
    "text(allow_empty)": v.text(allow_empty=True, max_length=5),
    "optional_text": v.optional_text(),
    "identifier": v.identifier(),
    "number": v.number(),
    "number(0..1)": v.number(minimum=0, maximum=1),
    "number(optional, >= 0)": v.number(minimum=0, optional=True),
}

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**1020, max_value=2**1100),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["", " ", "\n", "a\n", "yes_no", "Yes", "x" * 6, "\u2003", "a\u2003"]),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.tuples(st.integers()),
)


@given(st.sampled_from(sorted(QUICK)), ANYTHING)
def test_a_quick_form_accepts_exactly_what_its_validator_passes(name: str, value: object) -> None:
    validator = QUICK[name]
    accepts = v.accepts_of(validator)
    assert accepts is not None
    try:
        run(validator, value)
    except pc.ValidationError:
        passes = False
    else:
        passes = True
    assert accepts(value) is passes, (name, value)


def test_validators_without_a_quick_form_say_so() -> None:
    assert v.accepts_of(v.tuple_of(int)) is None
    assert v.accepts_of(lambda *_: None) is None


@given(st.sampled_from(sorted(QUICK)), ANYTHING)
def test_an_inline_quick_form_is_the_same_predicate(name: str, value: object) -> None:
    validator = QUICK[name]
    inline = v.inline_of(validator)
    accepts = v.accepts_of(validator)
    assert inline is not None
    assert accepts is not None
    names = {**v.INLINE_NAMES, "value": value}
    assert bool(eval(inline.format(v="value"), names)) is accepts(value), (name, value)  # noqa: S307


# --- codes and params: every validator's failures say what is wrong in code -----------

HUGE = 10**400


def _refusal(validator: v.Validator, value: object) -> pc.Problem:
    with pytest.raises(pc.MalformedInput) as raised:
        run(validator, value)
    (problem,) = raised.value.problems
    assert problem.path.startswith(PATH)
    return problem


@pytest.mark.parametrize(
    ("validator", "value", "code", "params"),
    [
        (v.text(), None, "required", {}),
        (v.text(), 7, "not_a_string", {"actual_type": "int"}),
        (v.text(), "  ", "empty", {}),
        (v.text(max_length=200), "x" * 250, "too_long", {"max_length": 200, "actual": 250}),
        (v.optional_text(), "", "empty", {}),
        (v.identifier(), "Skip", "not_an_identifier", {"actual_type": "str"}),
        (v.number(), "1", "not_a_number", {"actual_type": "str"}),
        (v.number(), True, "not_a_number", {"actual_type": "bool"}),
        (v.number(), math.nan, "not_finite", {}),
        (v.number(), HUGE, "not_finite", {}),
        (v.number(minimum=0), -1.5, "too_small", {"minimum": 0, "actual": -1.5}),
        (v.number(maximum=100), 120, "too_large", {"maximum": 100, "actual": 120}),
        (v.integer(), 1.0, "not_an_integer", {"actual_type": "float"}),
        (v.integer(minimum=1), 0, "too_small", {"minimum": 1, "actual": 0}),
        (v.integer(maximum=9), HUGE, "too_large", {"maximum": 9}),
        (v.boolean(), 1, "not_a_boolean", {"actual_type": "int"}),
        (
            v.member(Colour),
            "red",
            "not_a_member",
            {"enum": "Colour", "allowed": ("red", "green"), "actual_type": "str"},
        ),
        (v.instance(int), "1", "wrong_type", {"expected": "int", "actual_type": "str"}),
        (
            v.instance((int, str)),
            None,
            "wrong_type",
            {"expected": "int or str", "actual_type": "NoneType"},
        ),
        (
            v.date(),
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            "not_a_date",
            {"actual_type": "datetime"},
        ),
        (v.aware_datetime(), dt.date(2026, 1, 1), "not_a_datetime", {"actual_type": "date"}),
        (v.aware_datetime(), dt.datetime(2026, 1, 1, tzinfo=NoOffset()), "not_timezone_aware", {}),
        (
            v.aware_datetime(),
            dt.datetime(1, 1, 1, tzinfo=dt.UTC),
            "outside_calendar",
            {"earliest": "0001-01-03T00:00:00+00:00", "latest": "9999-12-29T23:59:59.999999+00:00"},
        ),
        (v.tuple_of(int), [1], "not_a_tuple", {"actual_type": "list"}),
        (v.tuple_of(int), (1, "2"), "wrong_type", {"expected": "int", "actual_type": "str"}),
        (v.tuple_of(v.text()), ("a", ""), "empty", {}),
        (v.tuple_of(str, unique=True), ("a", "b", "a"), "repeated", {"items": ("'a'",)}),
        (
            v.distinct("value", "repeat"),
            (Colour.RED, Colour.GREEN, Colour.RED),
            "repeated",
            {"items": ("red",)},
        ),
        (v.non_empty_tuple(), (), "empty", {}),
        (v.fraction_bands(), [], "not_a_tuple", {"actual_type": "list"}),
        (v.fraction_bands(), (), "empty", {}),
        (v.fraction_bands(fewest=2), ((0, "low"),), "too_few", {"minimum": 2, "actual": 1}),
        (v.fraction_bands(), ((0, "a"), (0.5, "a")), "repeated", {"items": ("a",)}),
        (v.fraction_bands(), ((0, "a"), 1), "not_a_pair", {"actual_type": "int"}),
        (v.fraction_bands(), ((0, "a"), (2, "b")), "out_of_range", {"minimum": 0, "maximum": 1}),
        (v.fraction_bands(), ((0, "a"), (0.5, "")), "bad_label", {"max_length": 200}),
        (v.fraction_bands(), ((0.1, "a"),), "not_from_zero", {"actual": 0.1}),
        (
            v.fraction_bands(),
            ((0, "a"), (0.5, "b"), (0.5, "c")),
            "not_ascending",
            {"previous": 0.5, "actual": 0.5},
        ),
    ],
)
def test_each_refusal_has_its_code_and_params(
    validator: v.Validator, value: object, code: str, params: dict[str, object]
) -> None:
    problem = _refusal(validator, value)
    assert (problem.code, dict(problem.params)) == (code, params)
    assert code in PROBLEM_CODES
    assert set(params) <= set(PROBLEM_CODES[code].params)


def test_an_argument_check_names_its_code() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        v.require("x", int, "count")
    assert raised.value.problems[0].code == "wrong_type"
    with pytest.raises(pc.MalformedInput) as raised:
        v.require_day(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "day")
    assert raised.value.problems[0].code == "not_a_date"
    with pytest.raises(pc.MalformedInput) as raised:
        v.check_moment(dt.datetime(2026, 1, 1, tzinfo=NoOffset()), "at")
    assert raised.value.problems[0].code == "not_timezone_aware"
    with pytest.raises(pc.MalformedInput) as raised:
        v.items_of("ab", "ids", str)
    assert raised.value.problems[0].params == {"expected": "str", "actual_type": "str"}
    with pytest.raises(pc.MalformedInput) as raised:
        v.items_of(["a", 1], "ids", str)
    assert (raised.value.paths, raised.value.codes) == (("ids[1]",), ("wrong_type",))


def test_a_field_check_without_a_code_says_invalid() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        v.fail(Holder(), FIELD, "is odd")
    assert raised.value.problems == (pc.Problem(path=PATH, message="is odd"),)


def test_a_record_reporting_every_problem_keeps_each_code() -> None:
    with pytest.raises(pc.MalformedInput) as raised:
        pc.Goal(id="", title="x" * 501, weight=-1)
    assert raised.value.codes == ("empty", "too_long", "too_small")
