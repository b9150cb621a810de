"""A small team against a competency profile.

Run it with ``python examples/team_competency.py``. It prints which required
competencies the team covers thinly, how ready each person is for the next
step of the career path, and drafts development objectives for the next
cycle's goal setting.
"""

from __future__ import annotations

import datetime as dt

import perfcore as pc
from perfcore.competency import (
    AdvancementCriteria,
    AssessorRole,
    CareerPath,
    CareerStep,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProportionalReadiness,
    Requirement,
    coverage,
    draft_development_goals,
    readiness_for_next_step,
    recommend,
)

PITCH = Competency(id="pitch", name="Pitching", category=CompetencyCategory.SKILL)
PRODUCT = Competency(id="product", name="Product knowledge", category=CompetencyCategory.KNOWLEDGE)
TRUST = Competency(id="trust", name="Building trust", category=CompetencyCategory.BEHAVIOUR)
COACH = Competency(id="coach", name="Coaching others", category=CompetencyCategory.BEHAVIOUR)

ACCOUNT_EXECUTIVE = CompetencyProfile(
    id="ae",
    name="Account executive",
    competencies=(PITCH, PRODUCT, TRUST),
    requirements=(
        Requirement(competency_id="pitch", level=3, weight=2, critical=True),
        Requirement(competency_id="product", level=3),
        Requirement(competency_id="trust", level=3),
    ),
)
SENIOR_ACCOUNT_EXECUTIVE = CompetencyProfile(
    id="sae",
    name="Senior account executive",
    competencies=(PITCH, PRODUCT, TRUST, COACH),
    requirements=(
        Requirement(competency_id="pitch", level=4, weight=2, critical=True),
        Requirement(competency_id="product", level=4),
        Requirement(competency_id="trust", level=4),
        Requirement(competency_id="coach", level=3),
    ),
)
PATH = CareerPath(
    id="sales",
    name="Sales",
    steps=(
        CareerStep(position_id="ae", title="Account executive", profile=ACCOUNT_EXECUTIVE),
        CareerStep(
            position_id="sae",
            title="Senior account executive",
            profile=SENIOR_ACCOUNT_EXECUTIVE,
            criteria=AdvancementCriteria(
                minimum_rating=0.9, required_competencies=("coach",), minimum_months_in_role=18
            ),
        ),
    ),
)

# Manager assessments of four people on the Dreyfus scale (1 novice … 5 expert).
TEAM = {
    "e-ana": {"pitch": 4, "product": 4, "trust": 5, "coach": 3},
    "e-ben": {"pitch": 3, "product": 2, "trust": 4, "coach": 2},
    "e-cai": {"pitch": 2, "product": 2, "trust": 3},
    "e-dee": {"pitch": 4, "product": 2, "trust": 2, "coach": 1},
}
RESULTS = {"e-ana": (0.95, 24), "e-ben": (1.02, 12), "e-cai": (0.7, 30), "e-dee": (0.85, 20)}
"""Last appraisal score and months in role, per person."""


def assessment(person_id: str, levels: dict[str, int]) -> CompetencyAssessment:
    basis = pc.Basis(text="Observed over the last cycle", evidence=("calibration-2026",))
    return CompetencyAssessment(
        person_id=person_id,
        assessor_id="m-lee",
        role=AssessorRole.MANAGER,
        ratings=tuple(
            CompetencyRating(competency_id=competency, level=level, basis=basis)
            for competency, level in sorted(levels.items())
        ),
    )


def main() -> None:
    assessments = [assessment(person, levels) for person, levels in sorted(TEAM.items())]

    team = coverage(ACCOUNT_EXECUTIVE, assessments)
    print(f"Coverage of the {ACCOUNT_EXECUTIVE.name} profile ({len(assessments)} people)")
    print(f"  {'competency':<10} {'required':>8} {'meeting':>8} {'share':>6}")
    for row in team.rows:
        share = "-" if row.share_meeting is None else f"{row.share_meeting:.0%}"
        flag = "  <- thin" if row.thin else ""
        required = f"{row.required:g}"
        meeting = f"{row.people_meeting}/{row.people_assessed}"
        print(f"  {row.competency_id:<10} {required:>8} {meeting:>8} {share:>6}{flag}")
    print()

    print(f"Readiness for {SENIOR_ACCOUNT_EXECUTIVE.name}")
    strategy = ProportionalReadiness()
    for person in assessments:
        rating, months = RESULTS[person.person_id]
        readiness = readiness_for_next_step(
            PATH, "ae", person, strategy, rating=rating, months_in_role=months
        )
        assert readiness is not None
        unmet = "; ".join(criterion.message for criterion in readiness.unmet) or "all criteria met"
        print(f"  {person.person_id}: {readiness.score:.2f} {readiness.band} ({unmet})")
    print()

    print("Draft development objectives for the next cycle")
    for person in assessments:
        goals = draft_development_goals(
            recommend(SENIOR_ACCOUNT_EXECUTIVE, person),
            id_prefix=f"{person.person_id}/dev-",
            due=dt.date(2027, 12, 31),
        )
        for goal in goals:
            methods = ", ".join(goal.methods)
            print(f"  {goal.id}: {goal.title} (by {methods})")


if __name__ == "__main__":
    main()
