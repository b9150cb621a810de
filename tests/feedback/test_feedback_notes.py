"""Continuous feedback and praise: notes from anyone to anyone; praise scores only if configured."""

from __future__ import annotations

import datetime as dt

import pytest

import perfcore as pc
from calibration_builders import FIVE, population
from perfcore.appraisal import DEFAULT_REGISTRY, ScoringConfig
from perfcore.feedback import FeedbackNote, NoteAudience, NoteKind, PraiseScoring, praise_score
from perfcore.scoring import Composite, ScaleRating
from perfcore.serialization import from_document, make_converter, to_document

AT = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)


def note(
    number: int,
    giver: str,
    to: str,
    kind: NoteKind = NoteKind.PRAISE,
    *,
    at: dt.datetime = AT,
    role: pc.Role = pc.Role.EMPLOYEE,
) -> FeedbackNote:
    return FeedbackNote(
        id=f"n-{number}",
        kind=kind,
        actor=pc.Actor(person_id=giver, role=role),
        at=at,
        recipient_id=to,
        text=f"note {number}",
    )


def test_anyone_gives_a_note_to_anyone_else_in_any_role() -> None:
    for role in (pc.Role.EMPLOYEE, pc.Role.MANAGER, pc.Role.HR, pc.Role.REVIEWER):
        made = note(1, "ann", "bo", role=role)
        assert (made.giver_id, made.recipient_id, made.audience) == (
            "ann",
            "bo",
            NoteAudience.PRIVATE,
        )


def test_a_notes_repr_leaves_its_text_out() -> None:
    shown = repr(note(1, "ann", "bo"))
    assert "note 1" not in shown
    assert "recipient_id='bo'" in shown


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"recipient_id": "ann"}, ("FeedbackNote.recipient_id",)),
        ({"audience": NoteAudience.MANAGER}, ("FeedbackNote.recipient_manager_id",)),
        ({"recipient_manager_id": "bo"}, ("FeedbackNote.recipient_manager_id",)),
        ({"text": " "}, ("FeedbackNote.text",)),
        ({"kind": "praise"}, ("FeedbackNote.kind",)),
        ({"topics": ("x", "x")}, ("FeedbackNote.topics",)),
        ({"at": dt.datetime(2026, 5, 4)}, ("FeedbackNote.at",)),  # noqa: DTZ001 - naive on purpose
    ],
)
def test_bad_notes_are_refused_naming_the_field(
    changes: dict[str, object], paths: tuple[str, ...]
) -> None:
    fields: dict[str, object] = {
        "id": "n-1",
        "kind": NoteKind.PRAISE,
        "actor": pc.Actor(person_id="ann", role=pc.Role.EMPLOYEE),
        "at": AT,
        "recipient_id": "bo",
        "text": "Thanks",
        **changes,
    }
    with pytest.raises(pc.ValidationError) as info:
        FeedbackNote(**fields)  # type: ignore[arg-type]
    assert info.value.paths == paths


def test_a_note_round_trips_as_a_document() -> None:
    converter = make_converter()
    made = FeedbackNote(
        id="n-7",
        kind=NoteKind.FEEDBACK,
        actor=pc.Actor(person_id="m-ada", role=pc.Role.MANAGER),
        at=AT,
        recipient_id="e-lu",
        recipient_manager_id="m-ada",
        text="The handover notes were clear",
        audience=NoteAudience.MANAGER,
        topics=("ownership",),
    )
    data = converter.unstructure(made)
    assert (data["kind"], data["audience"], data["actor"]["role"]) == (
        "feedback",
        "manager",
        "manager",
    )
    assert converter.structure(data, FeedbackNote) == made
    assert from_document(converter, to_document(converter, made), FeedbackNote) == made


# --- praise and scores ----------------------------------------------------------------

PRAISE = [note(i, f"p-{i}", "e-0") for i in range(3)] + [
    note(9, "p-9", "e-0", kind=NoteKind.FEEDBACK),
    note(10, "p-1", "e-1"),
]
WITH_PRAISE = ScoringConfig(
    goal_scorers={"scale": ScaleRating(to_scale=FIVE)},
    composite=Composite(weights={"goals": 80, "praise": 20}, scale=(1, 5)),
)


def test_praise_enters_no_score_by_default() -> None:
    cycle = population(1)[0]  # its goals score 3.6
    assert praise_score(PRAISE, recipient_id="e-0") is None
    score = cycle.compute_score(
        WITH_PRAISE,
        DEFAULT_REGISTRY,
        components={"praise": praise_score(PRAISE, recipient_id="e-0")},
    )
    assert score.value == 3.6
    assert score.composite is not None
    assert "'praise' has no value and is left out" in score.composite.explanation


def test_praise_enters_a_score_when_a_config_says_so() -> None:
    cycle = population(1)[0]
    config = PraiseScoring(counts=True, full_at=3, scale=FIVE)
    value = praise_score(PRAISE, recipient_id="e-0", config=config)
    assert value == 5.0  # three praises, full at three: the top of 1-5; feedback notes do not count
    score = cycle.compute_score(WITH_PRAISE, DEFAULT_REGISTRY, components={"praise": value})
    assert score.value == pytest.approx((80 * 3.6 + 20 * 5) / 100)  # 3.88


def test_praise_counts_only_within_the_window_given() -> None:
    config = PraiseScoring(counts=True, full_at=4, scale=FIVE)
    dated = [note(i, f"p-{i}", "e-0", at=AT + dt.timedelta(days=i)) for i in range(4)]
    assert praise_score(dated, recipient_id="e-0", config=config) == 5.0
    window = {"since": AT + dt.timedelta(days=1), "until": AT + dt.timedelta(days=3)}
    assert praise_score(dated, recipient_id="e-0", config=config, **window) == 3.0
    assert praise_score(dated, recipient_id="e-9", config=config) == 1.0


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"notes": "n-1"}, "notes"),
        ({"notes": [1]}, "notes[0]"),
        ({"recipient_id": 7}, "recipient_id"),
        ({"config": {"counts": True}}, "config"),
        ({"since": dt.date(2026, 1, 1)}, "since"),
        ({"until": "2026-01-01"}, "until"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {"notes": PRAISE, "recipient_id": "e-0", **kwargs}
    with pytest.raises(pc.ValidationError) as info:
        praise_score(**args)  # type: ignore[arg-type]
    assert info.value.paths == (path,)
