"""Goal-tree roll-up: children's scores combined into their parent's.

Public through :mod:`perfcore.scoring.combiners` (:func:`roll_up`, :class:`RollUp`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import cast

import attrs

from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError
from perfcore.goals import Goal
from perfcore.scoring._combiner_common import MissingRule, _fmt, _is_number, _mean, _repeats
from perfcore.scoring.results import Contribution, Part

# --- goal-tree roll-up ----------------------------------------------------------------


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RollUp:
    """One node of a rolled-up goal tree: its progress and how it was reached.

    ``value`` is ``None`` when the goal is missing (no score and no child with
    one). ``children`` lists the active children the value was computed from;
    ``contributions`` shows how each active child counted (empty for a leaf).

    >>> RollUp(goal_id="g1", value=0.8, explanation="own score 0.8").children
    ()
    """

    goal_id: str = attrs.field(validator=v.text(max_length=200))
    value: float | None = attrs.field(validator=v.number(optional=True))
    explanation: str = attrs.field(validator=v.text())
    children: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(v.text()))
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(), validator=v.tuple_of(Contribution)
    )


def _check_goals(goals: object) -> tuple[Goal, ...]:
    if isinstance(goals, str | bytes) or not isinstance(goals, Iterable):
        raise ValidationError.single("roll_up.goals", f"must be goals, got {v.describe(goals)}")
    checked = tuple(goals)
    problems = [
        Problem(path="roll_up.goals", message=f"must hold Goal items, got {v.describe(g)}")
        for g in checked
        if not isinstance(g, Goal)
    ]
    repeated = "" if problems else _repeats(g.id for g in checked)
    if repeated:
        problems.append(Problem(path="roll_up.goals", message=f"ids must not repeat: {repeated}"))
    if problems:
        raise ValidationError(problems)
    return checked


def _check_scores(scores: object, goals: tuple[Goal, ...]) -> dict[str, float]:
    if not isinstance(scores, Mapping):
        raise ValidationError.single(
            "roll_up.scores", f"must map goal ids to scores, got {v.describe(scores)}"
        )
    known = {g.id for g in goals}
    problems = [
        Problem(path="roll_up.scores", message=f"{key!r} is not one of the goals")
        if key not in known
        else Problem(
            path="roll_up.scores",
            message=f"score of {key!r} must be a finite number, got {v.describe(score)}",
        )
        for key, score in scores.items()
        if key not in known or not _is_number(score)
    ]
    if problems:
        raise ValidationError(problems)
    return dict(scores)


def _check_options(weighted: object, withdrawn: object, missing: object) -> frozenset[str]:
    problems: list[Problem] = []
    if not isinstance(weighted, bool):
        problems.append(
            Problem(path="roll_up.weighted", message=f"must be true or false, got {weighted!r}")
        )
    if isinstance(withdrawn, str | bytes) or not isinstance(withdrawn, Collection):
        problems.append(
            Problem(
                path="roll_up.withdrawn",
                message=f"must be a collection of goal ids, got {v.describe(withdrawn)}",
            )
        )
    if not isinstance(missing, MissingRule):
        problems.append(
            Problem(path="roll_up.missing", message=f"must be a MissingRule, got {missing!r}")
        )
    if problems:
        raise ValidationError(problems)
    return frozenset(cast("Collection[str]", withdrawn))


def _refuse_cycles(goals: tuple[Goal, ...]) -> None:
    parent = {g.id: g.parent_id for g in goals}
    done: set[str] = set()
    for goal in goals:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = goal.id
        while node is not None and node in parent and node not in done:
            if node in on_path:
                loop = [*path[path.index(node) :], node]
                raise ValidationError.single(
                    "roll_up.goals",
                    "parent_id links form a cycle: " + " → ".join(repr(i) for i in loop),
                )
            path.append(node)
            on_path.add(node)
            node = parent[node]
        done.update(path)


def roll_up(
    goals: Sequence[Goal],
    scores: Mapping[str, float],
    *,
    weighted: bool = True,
    withdrawn: Collection[str] = (),
    missing: MissingRule = MissingRule.RENORMALISE,
) -> dict[str, RollUp]:
    """Roll goal scores up the ``parent_id`` tree: a parent's progress is the mean of its children.

    A goal with active children gets the mean of their values, weighted by
    their goal ``weight`` (a plain mean when ``weighted=False`` or when all the
    children weigh 0); a goal without active children keeps its own score from
    ``scores``. A goal with neither is missing (``value=None``, never 0), and
    ``missing`` decides how a missing child counts in its parent: left out
    (default), as 0, or refused. Goals in ``withdrawn`` are left out entirely;
    a withdrawn parent's children become roots. A ``parent_id`` that names no
    goal (a team or company objective such as ``"company/growth"``) gets a
    roll-up of its own children. Scores may only name goals; the own score of
    a goal that has active children is not used. ``parent_id`` cycles raise
    :class:`perfcore.ValidationError`.

    Returns a dict keyed by goal id: the active goals in the order given, then
    the outside parents, sorted.

    >>> tree = [
    ...     Goal(id="g1", title="Grow revenue", weight=60, parent_id="company/growth"),
    ...     Goal(id="g2", title="Win new clients", weight=40, parent_id="company/growth"),
    ...     Goal(id="g3", title="Draft the plan", weight=50, parent_id="g2"),
    ...     Goal(id="g4", title="Run the pilot", weight=50, parent_id="g2"),
    ... ]
    >>> result = roll_up(tree, {"g1": 0.8, "g3": 1.0, "g4": 0.5})
    >>> result["g2"].explanation
    'weighted mean of 2 active children by goal weight: (50 × 1 + 50 × 0.5) / 100 = 0.75'
    >>> result["company/growth"].value
    0.78
    >>> roll_up(tree, {"g1": 0.8, "g3": 1.0, "g4": 0.5}, withdrawn={"g4"})["g2"].value
    1.0
    """
    checked = _check_goals(goals)
    known_scores = _check_scores(scores, checked)
    gone = _check_options(weighted, withdrawn, missing)
    _refuse_cycles(checked)
    tree = _Tree.of(checked, gone)
    unscored = [n for n in tree.nodes if n not in tree.children and n not in known_scores]
    if unscored and missing is MissingRule.REFUSE:
        raise ValidationError(
            Problem(
                path="roll_up.scores",
                message=f"goal {n!r} has no score and no active children (missing='refuse')",
            )
            for n in unscored
        )
    results: dict[str, RollUp] = {}
    for node in tree.deepest_first():
        notes: list[str] = []
        if node not in tree.goals:
            notes.append(f"{node!r} is not one of the goals")
        if node in tree.withdrawn_children:
            left_out = ", ".join(map(repr, tree.withdrawn_children[node]))
            notes.append(f"withdrawn children left out: {left_out}")
        kids = tree.children.get(node)
        if kids is None:
            results[node] = _leaf(node, known_scores.get(node), notes)
            continue
        if node in known_scores:
            notes.append(f"its own score {_fmt(known_scores[node])} is not used")
        results[node] = _parent(
            node, kids, results, weighted=weighted, missing=missing, notes=notes
        )
    return {node: results[node] for node in tree.nodes}


@attrs.frozen
class _Tree:
    """The active part of a goal tree: nodes, their active children, and withdrawn children."""

    goals: Mapping[str, Goal]
    nodes: tuple[str, ...]
    """Active goals in the order given, then the outside parents, sorted."""
    children: Mapping[str, tuple[Goal, ...]]
    withdrawn_children: Mapping[str, tuple[str, ...]]
    gone: frozenset[str]

    @classmethod
    def of(cls, goals: tuple[Goal, ...], gone: frozenset[str]) -> _Tree:
        children: dict[str, list[Goal]] = {}
        dropped: dict[str, list[str]] = {}
        for goal in goals:
            if goal.parent_id is None or goal.parent_id in gone:
                continue
            if goal.id in gone:
                dropped.setdefault(goal.parent_id, []).append(goal.id)
            else:
                children.setdefault(goal.parent_id, []).append(goal)
        by_id = {g.id: g for g in goals}
        outside = sorted(parent for parent in children if parent not in by_id)
        return cls(
            goals=by_id,
            nodes=(*(g.id for g in goals if g.id not in gone), *outside),
            children={k: tuple(kids) for k, kids in children.items()},
            withdrawn_children={k: tuple(ids) for k, ids in dropped.items()},
            gone=gone,
        )

    def parent_of(self, node: str) -> str | None:
        goal = self.goals.get(node)
        if goal is None or goal.parent_id is None or goal.parent_id in self.gone:
            return None
        return goal.parent_id

    def deepest_first(self) -> list[str]:
        """The nodes ordered so that every child comes before its parent."""
        depth: dict[str, int] = {}
        for node in self.nodes:
            chain: list[str] = []
            cursor: str | None = node
            while cursor is not None and cursor not in depth:
                chain.append(cursor)
                cursor = self.parent_of(cursor)
            base = -1 if cursor is None else depth[cursor]
            for offset, item in enumerate(reversed(chain), start=1):
                depth[item] = base + offset
        return sorted(self.nodes, key=lambda n: -depth[n])


def _leaf(node: str, score: float | None, notes: list[str]) -> RollUp:
    if score is None:
        return RollUp(
            goal_id=node,
            value=None,
            explanation="; ".join(["no score and no active children: missing", *notes]),
        )
    return RollUp(
        goal_id=node,
        value=float(score),
        explanation="; ".join([f"own score {_fmt(score)}", *notes]),
    )


def _parent(  # noqa: PLR0913 - the node, its children, what they rolled up to, and the options
    node: str,
    kids: tuple[Goal, ...],
    results: Mapping[str, RollUp],
    *,
    weighted: bool,
    missing: MissingRule,
    notes: list[str],
) -> RollUp:
    plain = not weighted or all(k.weight == 0 for k in kids)
    parts = [
        Part(key=k.id, value=results[k.id].value, weight=1 if plain else k.weight) for k in kids
    ]
    mean = _mean(parts, missing, where="roll_up.scores", noun="goal", plain=plain)
    how = "mean" if plain else "weighted mean"
    count = f"{len(kids)} active child" + ("" if len(kids) == 1 else "ren")
    by = "" if plain else " by goal weight"
    return RollUp(
        goal_id=node,
        value=mean.value,
        explanation="; ".join([f"{how} of {count}{by}: {mean.explanation}", *notes]),
        children=mean.used,
        contributions=mean.contributions,
    )
