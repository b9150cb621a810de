"""Who may see which part of a cycle: the visibility table and the policy that applies it.

``DEFAULT_VISIBILITY`` is one readable table of part × audience → access.
An audience is how the viewer stands to the cycle: its ``employee``, its
``manager``, ``hr``, a ``reviewer`` named on one of its feedback requests, or
a role an app adds (``"skip_manager"``). Parts split by state where the
state decides who may see (a draft self-assessment and a shared one, the
manager's ratings before and after release), so each cell is one of three
answers: the viewer sees the part, sees only what they wrote themselves, or
sees nothing of it.

Some cells are domain rules, not choices, and no policy may open them: the
reviewee and their manager never see an anonymous reviewer or an individual
anonymous answer, the employee never sees the manager's unreleased ratings or
the history (which holds every draft), and nobody but the author sees a
private note.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from perfcore import _validators as v
from perfcore._frozen import FrozenMap
from perfcore._limits import check_data
from perfcore.errors import Problem, ValidationError

__all__ = [
    "BUILT_IN_AUDIENCES",
    "DEFAULT_VISIBILITY",
    "Access",
    "Part",
    "VisibilityPolicy",
    "visibility_table",
]


class Part(enum.Enum):
    """A part of a cycle, or of its feedback, that a view may show or leave out."""

    GOALS = "goals"
    """Goals, which were agreed and which withdrawn."""
    CHECK_IN_NOTES = "check_in_notes"
    """1:1s and informal notes, which both parties see."""
    PRIVATE_NOTES = "private_notes"
    """Check-ins of the private-note kind: for their author only."""
    SELF_ASSESSMENT_DRAFT = "self_assessment_draft"
    """The employee's self-assessment before they share it."""
    SELF_ASSESSMENT = "self_assessment"
    """The shared self-assessment and the employee's own competency assessment."""
    DRAFT_RATINGS = "draft_ratings"
    """The manager's ratings, competency and peer ratings, and score before release."""
    RELEASED_RATINGS = "released_ratings"
    """The manager's ratings, competency and peer ratings, and score as last released."""
    FEEDBACK_DISCUSSION = "feedback_discussion"
    """The appraisal conversation, acknowledgement or dispute."""
    ROOT_CAUSES = "root_causes"
    IMPROVEMENT_PLAN = "improvement_plan"
    """Improvement actions, follow-ups, the formal plan and its reviews."""
    WAIVERS = "waivers"
    """Conditions HR waived, with the reasons."""
    FEEDBACK_BEFORE_RELEASE = "feedback_before_release"
    """Named (not anonymous) feedback answers, with their reviewers, before release."""
    FEEDBACK = "feedback"
    """Named feedback answers, with their reviewers, once released."""
    ANONYMOUS_ANSWERS = "anonymous_answers"
    """Individual answers to an anonymous request, with who gave them."""
    ANONYMOUS_SUMMARY_BEFORE_RELEASE = "anonymous_summary_before_release"
    """The summary of an anonymous request before release."""
    ANONYMOUS_SUMMARY = "anonymous_summary"
    """The summary of an anonymous request once released (if enough answered)."""
    AUDIT_FINDINGS = "audit_findings"
    """HR's audit findings on the cycle."""
    HISTORY = "history"
    """The event history, which holds every draft and every actor (no one else's private notes)."""


class Access(enum.Enum):
    """What an audience sees of a part."""

    VISIBLE = "visible"
    OWN = "own"
    """Only what the viewer wrote themselves (their private notes, their own answers)."""
    HIDDEN = "hidden"


BUILT_IN_AUDIENCES: tuple[str, ...] = ("employee", "manager", "hr", "reviewer")
"""The audiences every policy has, in table order."""

_OWN_PARTS = frozenset(
    {Part.PRIVATE_NOTES, Part.FEEDBACK_BEFORE_RELEASE, Part.FEEDBACK, Part.ANONYMOUS_ANSWERS}
)
"""Parts whose items have an author, so ``OWN`` means something."""

_FIXED: Mapping[tuple[Part, str], tuple[frozenset[Access], str]] = MappingProxyType(
    {
        (Part.ANONYMOUS_ANSWERS, "employee"): (
            frozenset({Access.HIDDEN}),
            "the reviewee never sees an anonymous reviewer or answer",
        ),
        (Part.ANONYMOUS_ANSWERS, "manager"): (
            frozenset({Access.HIDDEN}),
            "the manager never sees an anonymous reviewer or answer",
        ),
        (Part.DRAFT_RATINGS, "employee"): (
            frozenset({Access.HIDDEN}),
            "the employee sees the manager's ratings only once released",
        ),
        (Part.HISTORY, "employee"): (
            frozenset({Access.HIDDEN}),
            "the history holds the manager's drafts",
        ),
        (Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, "employee"): (
            frozenset({Access.HIDDEN}),
            "the reviewee sees feedback only once released",
        ),
        (Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE, "manager"): (
            frozenset({Access.HIDDEN}),
            "two summaries a few answers apart give the answers in between away",
        ),
        (Part.FEEDBACK_BEFORE_RELEASE, "employee"): (
            frozenset({Access.HIDDEN}),
            "the reviewee sees feedback only once released",
        ),
    }
)
"""Cells no policy may open, with the domain rule behind each."""

_PRIVATE = "nobody but its author sees a private note"
"""Why no audience's ``private_notes`` cell, an app's role's included, may be ``visible``."""

_V, _O, _H = Access.VISIBLE, Access.OWN, Access.HIDDEN

_DEFAULT_TABLE: dict[Part, tuple[Access, Access, Access, Access]] = {
    #                                     employee manager hr  reviewer
    Part.GOALS: (_V, _V, _V, _H),
    Part.CHECK_IN_NOTES: (_V, _V, _V, _H),
    Part.PRIVATE_NOTES: (_O, _O, _H, _H),
    Part.SELF_ASSESSMENT_DRAFT: (_V, _H, _H, _H),
    Part.SELF_ASSESSMENT: (_V, _V, _V, _H),
    Part.DRAFT_RATINGS: (_H, _V, _V, _H),
    Part.RELEASED_RATINGS: (_V, _V, _V, _H),
    Part.FEEDBACK_DISCUSSION: (_V, _V, _V, _H),
    Part.ROOT_CAUSES: (_V, _V, _V, _H),
    Part.IMPROVEMENT_PLAN: (_V, _V, _V, _H),
    Part.WAIVERS: (_V, _V, _V, _H),
    Part.FEEDBACK_BEFORE_RELEASE: (_H, _V, _V, _O),
    Part.FEEDBACK: (_V, _V, _V, _O),
    Part.ANONYMOUS_ANSWERS: (_H, _H, _V, _O),
    Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE: (_H, _H, _V, _H),
    Part.ANONYMOUS_SUMMARY: (_V, _V, _V, _H),
    Part.AUDIT_FINDINGS: (_H, _H, _V, _H),
    Part.HISTORY: (_H, _H, _V, _H),
}


def _read_table(value: object) -> Mapping[Part, Mapping[str, Access]]:
    """Freeze a nested mapping; anything unreadable is passed on to the validator."""
    if not isinstance(value, Mapping):
        return value  # type: ignore[return-value]
    frozen: dict[Any, Any] = {}
    for part, row in value.items():
        frozen[part] = FrozenMap(row) if isinstance(row, Mapping) else row
    return FrozenMap(frozen)


def _check_table(  # noqa: C901, PLR0912 - one pass over the table, naming every bad cell
    inst: VisibilityPolicy, attr: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, Mapping):
        v.fail(inst, attr, f"must map each Part to its row, got {v.describe(value)}")
    problems: list[Problem] = []
    where = f"{type(inst).__name__}.{attr.name}"
    missing = sorted(p.value for p in Part if p not in value)
    if missing:
        problems.append(Problem(path=where, message=f"has no row for: {', '.join(missing)}"))
    for part, row in value.items():
        if not isinstance(part, Part):
            problems.append(Problem(path=where, message=f"{part!r} is not a Part"))
            continue
        path = f"{where}[{part.value}]"
        if not isinstance(row, Mapping):
            problems.append(
                Problem(path=path, message=f"must map audiences to Access, got {v.describe(row)}")
            )
            continue
        absent = [a for a in BUILT_IN_AUDIENCES if a not in row]
        if absent:
            problems.append(Problem(path=path, message=f"has no cell for: {', '.join(absent)}"))
        for audience, access in row.items():
            cell = f"{path}[{audience}]"
            if not isinstance(audience, str) or not audience.isidentifier():
                problems.append(Problem(path=path, message=f"audience {audience!r} is not a name"))
            elif not isinstance(access, Access):
                problems.append(
                    Problem(path=cell, message=f"must be an Access, got {v.describe(access)}")
                )
            elif access is Access.OWN and part not in _OWN_PARTS:
                problems.append(
                    Problem(path=cell, message="'own' applies only to parts with an author")
                )
            elif access is Access.VISIBLE and part is Part.PRIVATE_NOTES:
                problems.append(Problem(path=cell, message=f"cannot be visible: {_PRIVATE}"))
            else:
                fixed = _FIXED.get((part, audience))
                if fixed is not None and access not in fixed[0]:
                    problems.append(
                        Problem(path=cell, message=f"cannot be {access.value}: {fixed[1]}")
                    )
    if not problems:  # cells that depend on others, once every cell is well formed
        problems.extend(_derived_problems(value, where))
    if problems:
        raise ValidationError(problems)


_NEEDS: Mapping[Part, tuple[frozenset[Part], str]] = MappingProxyType(
    {
        Part.ANONYMOUS_SUMMARY_BEFORE_RELEASE: (
            frozenset({Part.ANONYMOUS_ANSWERS}),
            "two summaries a few answers apart give the answers in between away",
        ),
        Part.AUDIT_FINDINGS: (
            frozenset(
                {
                    Part.GOALS,
                    Part.CHECK_IN_NOTES,
                    Part.SELF_ASSESSMENT,
                    Part.DRAFT_RATINGS,
                    Part.FEEDBACK_DISCUSSION,
                    Part.ROOT_CAUSES,
                    Part.IMPROVEMENT_PLAN,
                    Part.WAIVERS,
                }
            ),
            "an audit reads them, so its findings would tell what they hold",
        ),
    }
)
"""Parts an audience may see only if it sees others too: what they would give away."""


def _plainly_not_visible(table: Mapping[Any, Any], part: Part, audience: object) -> bool:
    """The cell says hidden or own (a missing row or built-in cell is reported apart)."""
    row = table.get(part)
    if not isinstance(row, Mapping):
        return False
    if audience not in row:
        return audience not in BUILT_IN_AUDIENCES
    return row[audience] is not Access.VISIBLE


def _derived_problems(table: Mapping[Any, Any], where: str) -> list[Problem]:
    """A part visible only to an audience that sees what it is worked out from.

    A summary seen before release changes with every answer, so only an
    audience that may read the single answers may watch it change; audit
    findings are worked out from goals, check-ins, ratings as they stand and
    the plan, so only an audience that sees those may read them.
    """
    problems: list[Problem] = []
    for part, (needed, why) in _NEEDS.items():
        row = table.get(part)
        if not isinstance(row, Mapping):
            continue
        for audience, access in sorted(row.items(), key=lambda item: str(item[0])):
            if access is not Access.VISIBLE or (part, audience) in _FIXED:
                continue
            missing = sorted(
                other.value for other in needed if _plainly_not_visible(table, other, audience)
            )
            if missing:
                problems.append(
                    Problem(
                        path=f"{where}[{part.value}][{audience}]",
                        message=f"cannot be visible unless {', '.join(missing)}"
                        f" {'is' if len(missing) == 1 else 'are'}: {why}",
                    )
                )
    return problems


def _check_audience(audience: object, *, new: bool = False) -> None:
    """An audience is a name; one a cell is written for must be an identifier."""
    if not isinstance(audience, str) or (new and not audience.isidentifier()):
        raise ValidationError.single(
            "audience", f"must be an audience name, got {v.describe(audience)}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class VisibilityPolicy:
    """A visibility table: for each part, each audience's access.

    Every part needs a row and every row a cell for each built-in audience;
    further audiences are roles an app adds, by role name.

    >>> DEFAULT_VISIBILITY.access(Part.DRAFT_RATINGS, "employee")
    <Access.HIDDEN: 'hidden'>
    >>> coach = DEFAULT_VISIBILITY.granting("coach", {Part.GOALS: Access.VISIBLE})
    >>> coach.access(Part.GOALS, "coach"), coach.access(Part.HISTORY, "coach")
    (<Access.VISIBLE: 'visible'>, <Access.HIDDEN: 'hidden'>)
    >>> DEFAULT_VISIBILITY.with_access(Part.ANONYMOUS_ANSWERS, "manager", Access.VISIBLE)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: VisibilityPolicy.table[anonymous_answers][manager]: ...
    """

    table: Mapping[Part, Mapping[str, Access]] = attrs.field(
        converter=_read_table, validator=_check_table, eq=False
    )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisibilityPolicy):
            return NotImplemented
        return self.to_data() == other.to_data()

    def __hash__(self) -> int:
        return hash(repr(sorted(self.to_data().items())))

    @property
    def audiences(self) -> tuple[str, ...]:
        """The built-in audiences, then any an app added, sorted."""
        extra = {a for row in self.table.values() for a in row} - set(BUILT_IN_AUDIENCES)
        return (*BUILT_IN_AUDIENCES, *sorted(extra))

    def access(self, part: Part, audience: str) -> Access:
        """What ``audience`` sees of ``part``; an audience without a cell sees nothing."""
        if not isinstance(part, Part):
            raise ValidationError.single("part", f"must be a Part, got {v.describe(part)}")
        _check_audience(audience)
        return self.table[part].get(audience, Access.HIDDEN)

    def with_access(self, part: Part, audience: str, access: Access) -> VisibilityPolicy:
        """A copy with one cell changed (the domain's fixed cells refuse to change)."""
        table = {p: dict(row) for p, row in self.table.items()}
        if not isinstance(part, Part):
            raise ValidationError.single("part", f"must be a Part, got {v.describe(part)}")
        _check_audience(audience, new=True)
        table[part][audience] = access
        return VisibilityPolicy(table=table)

    def granting(self, audience: str, access: Mapping[Part, Access]) -> VisibilityPolicy:
        """A copy with a new audience (an app's role): ``access`` for the parts named, else hidden.

        The fixed cells bind a new audience only where it takes a built-in name.
        """
        _check_audience(audience, new=True)
        if not isinstance(access, Mapping):
            raise ValidationError.single(
                "access", f"must map Part to Access, got {v.describe(access)}"
            )
        table = {p: dict(row) for p, row in self.table.items()}
        for part in Part:
            table[part][audience] = access.get(part, Access.HIDDEN)
        unknown = [p for p in access if not isinstance(p, Part)]
        if unknown:
            raise ValidationError.single("access", f"{unknown[0]!r} is not a Part")
        return VisibilityPolicy(table=table)

    def to_data(self) -> dict[str, dict[str, str]]:
        """JSON-ready: part name → audience → access name, so an app can store its policy."""
        return {
            part.value: {
                audience: self.table[part][audience].value for audience in sorted(self.table[part])
            }
            for part in Part
        }

    @classmethod
    def from_data(cls, data: object) -> VisibilityPolicy:
        """Rebuild a policy from :meth:`to_data` output; problems name the cell."""
        if not isinstance(data, Mapping):
            raise ValidationError.single("$", f"must be an object, got {v.describe(data)}")
        check_data(data)
        problems: list[Problem] = []
        table: dict[Part, dict[str, Access]] = {}
        parts = {p.value: p for p in Part}
        accesses = {a.value: a for a in Access}
        for name, row in data.items():
            if name not in parts:
                problems.append(Problem(path=f"$.{name}", message="is not a part"))
                continue
            if not isinstance(row, Mapping):
                problems.append(
                    Problem(path=f"$.{name}", message=f"must be an object, got {v.describe(row)}")
                )
                continue
            cells: dict[str, Access] = {}
            for audience, access in row.items():
                if not isinstance(access, str) or access not in accesses:
                    listed = ", ".join(accesses)
                    problems.append(
                        Problem(
                            path=f"$.{name}.{audience}",
                            message=f"must be one of {listed}, got {access!r}",
                        )
                    )
                else:
                    cells[str(audience)] = accesses[access]
            table[parts[name]] = cells
        if problems:
            raise ValidationError(problems)
        return cls(table=table)


DEFAULT_VISIBILITY = VisibilityPolicy(
    table={
        part: dict(zip(BUILT_IN_AUDIENCES, row, strict=True))
        for part, row in _DEFAULT_TABLE.items()
    }
)
"""The built-in visibility table (see docs/visibility.md)."""

_MARK = {Access.VISIBLE: "yes", Access.OWN: "own", Access.HIDDEN: "-"}


def visibility_table(policy: VisibilityPolicy = DEFAULT_VISIBILITY) -> str:
    """The policy as a Markdown table: a row per part, a column per audience.

    ``yes`` visible, ``own`` only what the viewer wrote, ``-`` hidden.

    >>> print(visibility_table().splitlines()[2])
    | `goals` | yes | yes | yes | - |
    """
    if not isinstance(policy, VisibilityPolicy):
        raise ValidationError.single(
            "policy", f"must be a VisibilityPolicy, got {v.describe(policy)}"
        )
    audiences = policy.audiences
    lines = [
        "| part | " + " | ".join(audiences) + " |",
        "|---|" + "---|" * len(audiences),
    ]
    lines.extend(
        f"| `{part.value}` | " + " | ".join(_MARK[policy.access(part, a)] for a in audiences) + " |"
        for part in Part
    )
    return "\n".join(lines) + "\n"
