"""Notes and praise given and received, per person and per group, small groups withheld."""

from __future__ import annotations

import datetime as dt

import pytest

import perfcore as pc
from perfcore.analytics import note_counts
from perfcore.feedback import FeedbackNote, NoteKind

AT = dt.datetime(2026, 5, 4, 16, tzinfo=dt.UTC)


def note(number: int, giver: str, to: str, kind: NoteKind = NoteKind.PRAISE) -> FeedbackNote:
    return FeedbackNote(
        id=f"n-{number}",
        kind=kind,
        actor=pc.Actor(person_id=giver, role=pc.Role.EMPLOYEE),
        at=AT,
        recipient_id=to,
        text="...",
    )


NOTES = [
    note(1, "ann", "bo"),
    note(2, "cy", "bo"),
    note(3, "bo", "ann", NoteKind.FEEDBACK),
    note(4, "di", "ed"),
    note(5, "zoe", "ann"),
]
TEAMS = {"ann": "web", "bo": "web", "cy": "web", "di": "web", "ed": "ops", "fo": "ops"}


def test_per_person() -> None:
    rows = note_counts(NOTES)
    assert [(r.group, r.people, r.received, r.praise, r.given) for r in rows] == [
        ("ann", 1, 2, 1, 1),
        ("bo", 1, 2, 2, 1),
        ("cy", 1, 0, 0, 1),
        ("di", 1, 0, 0, 1),
        ("ed", 1, 1, 1, 0),
        ("zoe", 1, 0, 0, 1),
    ]
    assert rows[0].as_record() == {
        "group": "ann",
        "people": 1,
        "received": 2,
        "praise": 1,
        "given": 1,
        "withheld": None,
    }


def test_per_group_small_groups_are_withheld() -> None:
    rows = note_counts(NOTES, groups=TEAMS)
    assert [(r.group, r.people, r.received, r.praise, r.given, r.withheld) for r in rows] == [
        ("ops", 2, None, None, None, "2 people, below the minimum of 4"),
        ("web", 4, 4, 3, 4, None),
        (None, 1, None, None, None, "1 person, below the minimum of 4"),
    ]
    opened = note_counts(NOTES, groups=TEAMS, min_group_size=2)
    assert [(r.group, r.received, r.given) for r in opened] == [
        ("ops", 1, 0),
        ("web", 4, 4),
        (None, None, None),
    ]


def test_no_notes_no_rows() -> None:
    assert note_counts([]) == ()
    assert [r.received for r in note_counts([], groups=TEAMS, min_group_size=2)] == [0, 0]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"notes": "x"}, "notes"),
        ({"groups": ["web"]}, "groups"),
        ({"min_group_size": 1}, "min_group_size"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {"notes": NOTES, **kwargs}
    with pytest.raises(pc.ValidationError) as info:
        note_counts(**args)  # type: ignore[arg-type]
    assert info.value.paths == (path,)
