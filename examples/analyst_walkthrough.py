"""An analyst's walk through a synthetic organisation of 2,000 employees.

Run it with ``python examples/analyst_walkthrough.py``; it prints and saves
nothing else. A seeded generator makes the organisation: 100 managers with
20 people each, every manager with a habit (some rate everyone high, some
low). perfcore's own strategies do the work: the threshold/target/stretch
scorer and the weighted mean score each person's goals, the managers' ratings
follow those scores plus their habit, the weighted-indicator strategy assesses
potential, and the analytics functions report:

1. the rating distribution per manager against the organisation;
2. the most lenient and the most severe raters, and what calibration does;
3. the nine-box counts;
4. high-potential and high-performer retention over the following year.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics

import perfcore as pc
from perfcore.analytics import (
    EmploymentEvent,
    EmploymentEventKind,
    Indicator,
    IndicatorEvidence,
    NineBox,
    RatingRecord,
    TalentRecord,
    WeightedIndicators,
    distribution,
    high_performer_retention,
    high_potential_retention,
    rater_effects,
    retention_rate,
    z_normalise,
)
from perfcore.appraisal import DEFAULT_REGISTRY
from perfcore.scoring import Part

SEED = 2026
MANAGERS = 100
TEAM = 20
SCALE = pc.RatingScale(minimum=1, maximum=5)
YEAR = pc.Period.annual(2026)
NEXT_YEAR = pc.Period.annual(2027)

SCORER = DEFAULT_REGISTRY.build({"strategy": "threshold_target_stretch", "params": {}})
COMBINER = DEFAULT_REGISTRY.build({"strategy": "weighted_mean", "params": {}})
GOALS = (
    pc.Goal(
        id="revenue",
        title="Revenue",
        weight=60,
        measure=pc.NumericMeasure(unit="EUR k", threshold=800, target=1000, stretch=1200),
    ),
    pc.Goal(
        id="quality",
        title="Defects",
        weight=40,
        measure=pc.NumericMeasure(
            unit="defects",
            threshold=12,
            target=6,
            stretch=2,
            direction=pc.Direction.LOWER_IS_BETTER,
        ),
    ),
)
POTENTIAL = WeightedIndicators(
    weights={
        Indicator.CONSISTENT_PERFORMANCE: 3,
        Indicator.COMMUNICATION_COLLABORATION: 1,
        Indicator.TAKES_RESPONSIBILITY: 1,
        Indicator.OPENNESS_TO_FEEDBACK: 1,
    },
    threshold=0.7,
)


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def goal_score(rng: random.Random, ability: float) -> float:
    """The weighted goal attainment, 0 to 1.5, from simulated results."""
    results = {
        "revenue": 1000 * (0.75 + 0.35 * ability + rng.gauss(0, 0.08)),
        "quality": clamp(14 - 10 * ability + rng.gauss(0, 2), 0, 30),
    }
    parts = []
    for goal in GOALS:
        scored = SCORER.score(goal, results[goal.id])
        parts.append(Part(key=goal.id, weight=goal.weight, value=scored.attainment))
    return float(COMBINER.combine(parts).value)


def organisation(rng: random.Random) -> tuple[list[RatingRecord], list[TalentRecord], list[str]]:
    """Ratings by each manager, talent records at the start of 2027, and everyone's id."""
    ratings: list[RatingRecord] = []
    talent: list[TalentRecord] = []
    evidence: list[IndicatorEvidence] = []
    people: list[str] = []
    for m in range(MANAGERS):
        manager = f"m{m:03d}"
        habit = rng.gauss(0, 0.45)  # points added to everyone's rating
        for e in range(TEAM):
            employee = f"e{m * TEAM + e:04d}"
            people.append(employee)
            ability = clamp(rng.gauss(0.55, 0.2), 0, 1)
            attainment = goal_score(rng, ability)
            rating = clamp(1 + attainment / 1.5 * 4 + habit + rng.gauss(0, 0.3), 1, 5)
            ratings.append(
                RatingRecord(
                    employee_id=employee,
                    rater_id=manager,
                    value=round(rating, 1),
                    scale=SCALE,
                    cycle_id=f"{employee}/2026",
                    department=f"d{m // 10}",
                )
            )
            for indicator, noise in (
                (Indicator.CONSISTENT_PERFORMANCE, 0.1),
                (Indicator.COMMUNICATION_COLLABORATION, 0.25),
                (Indicator.TAKES_RESPONSIBILITY, 0.25),
                (Indicator.OPENNESS_TO_FEEDBACK, 0.3),
            ):
                evidence.append(
                    IndicatorEvidence(
                        employee_id=employee,
                        indicator=indicator,
                        score=round(clamp(ability + rng.gauss(0, noise), 0, 1), 2),
                        evidence=(f"review:{employee}:2026",),
                        source=manager,
                    )
                )
    calibrated = {c.record.employee_id: c for c in z_normalise(ratings, min_group_size=4)}
    potential = {a.employee_id: a for a in POTENTIAL.assess(evidence)}
    for record in ratings:
        employee = record.employee_id
        talent.append(
            TalentRecord(
                employee_id=employee,
                performance=clamp(calibrated[employee].calibrated, 0, 1),
                potential=potential[employee].score,
                manager_id=record.rater_id,
                department=record.department,
                high_potential=potential[employee].high_potential,
                as_of=NEXT_YEAR.start,
            )
        )
    return ratings, talent, people


def the_next_year(rng: random.Random, talent: list[TalentRecord]) -> list[EmploymentEvent]:
    """Exits during 2027: high performers and high potentials leave less often."""
    events = []
    for person in talent:
        chance = 0.14 - 0.06 * (person.performance or 0) - (0.04 if person.high_potential else 0)
        if rng.random() < chance:
            voluntary = rng.random() < 0.7
            events.append(
                EmploymentEvent(
                    employee_id=person.employee_id,
                    kind=EmploymentEventKind.EXIT,
                    on=NEXT_YEAR.start + dt.timedelta(days=rng.randrange(365)),
                    voluntary=voluntary,
                    regretted=voluntary and (person.performance or 0) > 0.6,
                    department=person.department,
                )
            )
    return events


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not security
    ratings, talent, people = organisation(rng)
    print(f"{len(people)} employees, {MANAGERS} managers, {len(ratings)} manager ratings\n")

    spread = distribution(ratings, by="rater_id")
    org = spread.organisation
    print("1. Rating distribution (0-1) per manager against the organisation")
    print(f"   organisation: mean {org.mean:.2f}, sd {org.sd:.2f}, n {org.count}")
    print("   each manager: mean / sd of normalised ratings (organisation mean marked < or >)")
    cells = []
    for row in spread.groups:
        mark = "<" if (row.mean or 0) < (org.mean or 0) else ">"
        cells.append(f"{row.group} {row.mean or 0:.2f}/{row.sd or 0:.2f}{mark}")
    for start in range(0, len(cells), 5):
        print("   " + "   ".join(cells[start : start + 5]))

    effects = rater_effects(ratings, by="rater_id")
    judged = sorted((r for r in effects.raters if r.judged), key=lambda r: r.leniency or 0)
    print("\n2. Rater effects (leniency index = (mean_r - mean_all) / s_pooled)")
    print("   most severe: " + ", ".join(f"{r.group} {r.leniency:+.2f}" for r in judged[:3]))
    print("   most lenient: " + ", ".join(f"{r.group} {r.leniency:+.2f}" for r in judged[-3:]))
    calibrated = z_normalise(ratings, by="rater_id")
    before = statistics.pstdev(row.mean or 0 for row in spread.groups)
    after_by: dict[str, list[float]] = {}
    for c in calibrated:
        after_by.setdefault(c.record.rater_id, []).append(c.calibrated)
    after = statistics.pstdev(statistics.fmean(v) for v in after_by.values())
    print(f"   spread of manager means: {before:.3f} before calibration, {after:.3f} after")
    print("   (per-rater z-scores re-expressed on the organisation's mean and spread)")

    box = NineBox()
    counts = box.counts(box.place_all(talent))
    print("\n3. Nine-box counts (rows: potential high to low; columns: performance low to high)")
    for row in counts.cells:
        print("   " + " | ".join(f"{cell.label:>20} {cell.count:4d}" for cell in row))

    exits = the_next_year(rng, talent)
    roster = [t.employee_id for t in talent]
    overall = retention_rate(exits, NEXT_YEAR, roster=roster)[0]
    hipo = high_potential_retention(exits, talent, NEXT_YEAR, roster=roster)[0]
    stars = high_performer_retention(exits, talent, NEXT_YEAR, roster=roster, top=0.8)[0]
    print("\n4. Retention over 2027")
    for metric in (overall, hipo, stars):
        share = f"{metric.numerator}/{metric.denominator}"
        print(f"   {metric.name:26} {metric.value or 0:.1%}  ({share})")


if __name__ == "__main__":
    main()
