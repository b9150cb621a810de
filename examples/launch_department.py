"""HR launches the 2026 cycles of a 200-person engineering department from templates.

Run it with ``python examples/launch_department.py``. The department has ten
teams of twenty, each under its own manager; engineers, designers and QA
engineers at levels L1 to L4. HR keeps a goal template for the department,
another for designers, one for the department's senior (L4) staff and a
review template for everyone. The most specific template applies: a designer
at L4 gets the designers' goals, since a position comes before a department
and a level. HR launches on 5 January 2026 with the eligibility rules the
company stores as data: permanent and fixed-term staff only, three months of
tenure, nobody on leave. A few people are left out, each with the reason:
recent joiners, people on leave, contractors, a person whose manager is
missing in the HR export and an id the export repeated. Everyone else has a
cycle in goal setting with their template's goals proposed, and the script
prints a short summary.
"""

from __future__ import annotations

import collections
import datetime as dt

import attrs

import perfcore as pc
from perfcore.organisation import (
    Eligibility,
    GoalTemplate,
    LaunchResult,
    Leave,
    Person,
    Question,
    ReviewSection,
    ReviewTemplate,
    TemplateScope,
    launch,
)

HR = pc.Actor(person_id="hr-lee", role=pc.Role.HR)
AT = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
PERIOD = pc.Period.annual(2026)
POSITIONS = ("engineer", "engineer", "engineer", "designer", "qa_engineer")

RULES = Eligibility.from_config(
    [
        {"strategy": "contract_types", "params": {"allowed": ["permanent", "fixed_term"]}},
        {"strategy": "minimum_tenure", "params": {"months": 3}},
        {"strategy": "not_on_leave"},
    ]
)
"""The rules as the company stores them: permanent and fixed-term, 3 months, not on leave."""

DEPARTMENT_GOALS = GoalTemplate(
    id="engineering-goals",
    version=3,
    title="Engineering 2026",
    applies_to=TemplateScope(department="engineering"),
    goals=(
        pc.Goal(
            id="roadmap",
            title="Deliver the team's roadmap items",
            weight=60,
            parent_id="company/2026/product",
            measure=pc.NumericMeasure(unit="items", threshold=8, target=10, stretch=12),
        ),
        pc.Goal(
            id="quality",
            title="Keep escaped defects low",
            weight=40,
            measure=pc.YesNoMeasure(question="Fewer than 5 escaped defects a quarter?"),
        ),
        pc.Goal(
            id="learning",
            title="One course of your choice",
            kind=pc.GoalKind.DEVELOPMENT,
            measure=pc.YesNoMeasure(question="Completed?"),
        ),
    ),
)
DESIGN_GOALS = GoalTemplate(
    id="design-goals",
    version=1,
    title="Design 2026",
    applies_to=TemplateScope(position="designer"),
    goals=(
        pc.Goal(id="research", title="Run a user study each quarter", weight=50),
        pc.Goal(id="system", title="Grow the design system", weight=50),
    ),
)
SENIOR_GOALS = GoalTemplate(
    id="senior-goals",
    version=1,
    title="Engineering 2026, senior staff",
    applies_to=TemplateScope(department="engineering", level="L4"),
    goals=(
        *DEPARTMENT_GOALS.goals[:2],
        pc.Goal(id="mentoring", title="Mentor two colleagues", kind=pc.GoalKind.DEVELOPMENT),
    ),
)
REVIEW = ReviewTemplate(
    id="annual-review",
    version=2,
    title="Annual review",
    scale=pc.RatingScale(minimum=1, maximum=4, labels=("Below", "Meets some", "Meets", "Exceeds")),
    sections=(
        ReviewSection(
            id="results",
            title="Results",
            questions=(
                Question(id="delivery", text="Delivered what was agreed"),
                Question(id="quality", text="Delivered it well"),
            ),
        ),
        ReviewSection(
            id="behaviours",
            title="How",
            questions=(Question(id="collaboration", text="Works well with others"),),
        ),
    ),
)


def department() -> list[Person]:
    """Two hundred people, ten teams of twenty; a few with something that keeps them out."""
    people = []
    for n in range(200):
        team = n // 20
        people.append(
            Person(
                employee_id=f"e{n:03d}",
                manager_id=f"m{team:02d}",
                department="engineering",
                position=POSITIONS[n % len(POSITIONS)],
                level=f"L{1 + n % 4}",
                hire_date=dt.date(2018 + n % 7, 1 + n % 12, 1 + n % 28),
            )
        )
    # Recent joiners: fewer than three months on 5 January.
    for n, day in ((17, dt.date(2025, 10, 6)), (58, dt.date(2025, 12, 1))):
        people[n] = attrs.evolve(people[n], hire_date=day)
    # Exactly three months on the launch day: in.
    people[90] = attrs.evolve(people[90], hire_date=dt.date(2025, 10, 5))
    # On leave on 5 January; a leave that ended on 4 January does not count.
    people[33] = attrs.evolve(people[33], leaves=(Leave(start=dt.date(2025, 11, 1)),))
    people[121] = attrs.evolve(
        people[121], leaves=(Leave(start=dt.date(2025, 12, 1), end=dt.date(2026, 3, 31)),)
    )
    people[140] = attrs.evolve(
        people[140], leaves=(Leave(start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 4)),)
    )
    # Contractors.
    for n in (45, 46):
        people[n] = attrs.evolve(people[n], contract_type="contractor")
    people[77] = attrs.evolve(people[77], contract_type="fixed_term")
    # The export lost a manager, and repeated an id.
    people[160] = attrs.evolve(people[160], manager_id=None)
    people[199] = attrs.evolve(people[198], manager_id="m09")
    return people


def summary(result: LaunchResult) -> list[str]:
    """A short summary: counts, templates used, who was left out and why."""
    lines = [f"Launched {len(result.cycles)} cycles for {PERIOD.label}"]
    used = collections.Counter(
        (x.goal_template.id, x.goal_template.version)
        for x in result.launched
        if x.goal_template is not None
    )
    lines.extend(
        f"  {template} v{version}: {count}" for (template, version), count in sorted(used.items())
    )
    lines.append(f"Left out {len(result.left_out)}")
    lines.extend(
        f"  entry {out.index:3} {out.employee_id or '?'}: {', '.join(out.codes)}"
        for out in result.left_out
    )
    return lines


def main() -> None:
    result = launch(
        department(),
        [DEPARTMENT_GOALS, DESIGN_GOALS, SENIOR_GOALS, REVIEW],
        PERIOD,
        actor=HR,
        at=AT,
        rules=RULES,
    )
    assert len(result.cycles) + len(result.left_out) == 200
    assert all(cycle.phase is pc.Phase.GOAL_SETTING for cycle in result.cycles)
    for line in summary(result):
        print(line)


if __name__ == "__main__":
    main()
