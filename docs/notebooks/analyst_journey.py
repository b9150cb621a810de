# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The analyst journey, end to end
#
# An HR analyst's year-end questions on an organisation of 10,000 employees under
# 500 managers: are the ratings fair across managers, do the raters agree, where do
# people sit on the nine-box, did managers keep their side of the cycle, and what does
# the audit say? Every step uses `perfcore.analytics` and `perfcore.oversight` on
# cycles drawn with the testing kit, then goes through pandas and matplotlib.
#
# Install with `pip install -e ".[notebook]"`; run it as a script, or as a notebook:
# `jupytext --to ipynb --output /tmp/analyst_journey.ipynb docs/notebooks/analyst_journey.py`
# then `jupyter execute --inplace /tmp/analyst_journey.ipynb` (what CI does).

# %%
import io
import random
import subprocess
import sys

import attrs
import matplotlib as mpl

mpl.use("Agg")

import pandas as pd
from hypothesis import Phase as Stage
from hypothesis import find, settings
from hypothesis import strategies as st
from IPython.display import Image
from matplotlib.figure import Figure

import perfcore as pc
from perfcore.analytics import (
    IccForm,
    NineBox,
    RatingRecord,
    TalentRecord,
    check_in_compliance,
    cycle_rows,
    goal_agreement_rate,
    icc,
    krippendorff_alpha,
    nine_box_figure,
    rater_effects,
    rating_distribution_figure,
    rating_records,
    to_frame,
    z_calibrate,
)
from perfcore.oversight import audit
from perfcore.testing.strategies import Population, populations

# %% [markdown]
# `import perfcore` loads none of the heavy libraries: pandas, NumPy and matplotlib
# come with the analytics calls that need them, and hypothesis with the testing kit.
# This notebook imported them itself, above; a fresh interpreter shows what
# `import perfcore` alone brings.

# %%
heavy = ["pandas", "numpy", "matplotlib", "hypothesis"]
check = f"import sys, perfcore; print(sorted(set({heavy}) & set(sys.modules)))"
fresh = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
assert fresh.stdout.strip() == "[]", fresh.stdout
fresh.stdout

# %% [markdown]
# ## An organisation of 10,000
#
# `populations(size=..., managers=...)` draws one organisation: employees `e-1`, ...
# in teams of drawn sizes under managers `m-1`, ..., every cycle driven by accepted
# commands to a drawn phase. One population holds about a thousand cycles, so the
# organisation is ten business units of 1,000 employees under 50 managers each. It is
# the end of the year: every cycle is in implementation or appraisal.
#
# hypothesis' `find` with a seeded `random.Random` draws the same units on every run.
# hypothesis starts from the simplest value a strategy has; `st.none() | ...` makes that
# `None`, which costs nothing, rather than a unit of a thousand identical histories.

# %%
SEEDED = settings(database=None, phases=[Stage.generate], max_examples=20, deadline=None)
UNITS = [f"u{n:02d}" for n in range(1, 11)]
year_end = st.sampled_from([pc.Phase.IMPLEMENTATION, pc.Phase.APPRAISAL])
unit_strategy = st.none() | populations(size=1_000, managers=50, phase=year_end)


def two_phases(population: Population | None) -> bool:
    """A unit, with cycles in both phases."""
    return population is not None and len({c.phase for c in population.cycles}) == 2


def draw_unit(unit: str) -> Population:
    """The unit named ``unit``: the same on every run."""
    population = find(unit_strategy, two_phases, settings=SEEDED, random=random.Random(unit))
    assert population is not None
    return population


units = {unit: draw_unit(unit) for unit in UNITS}
units["u01"]

# %% [markdown]
# ## Rows and a typed DataFrame
#
# `cycle_rows` flattens each cycle into a row; `to_frame` types the columns (days as
# `datetime64`, phases as categoricals in the cycle's order, counts as `Int64`). Every
# unit numbers its people from `e-1`, so ids get the unit as a prefix.


# %%
def in_unit(unit: str, person: str) -> str:
    """A person's id across the organisation."""
    return f"{unit}/{person}"


rows = []
for unit, population in units.items():
    for row in cycle_rows(population.cycles):
        for column in ("cycle_id", "employee_id", "manager_id"):
            row[column] = in_unit(unit, row[column])
        rows.append({"unit": unit, **row})
cycles = to_frame(rows)
cycles[["unit", "phase", "goals", "check_ins", "period_start"]].dtypes

# %%
cycles["phase"].value_counts()

# %% [markdown]
# `rating_records` gives one `RatingRecord` per goal rating and overall rating of
# every self- and manager assessment, each on its cycle's scale; the unit becomes the
# record's department.

# %%
records = [
    attrs.evolve(
        record,
        employee_id=in_unit(unit, record.employee_id),
        rater_id=in_unit(unit, record.rater_id),
        cycle_id=in_unit(unit, record.cycle_id or ""),
        department=unit,
    )
    for unit, population in units.items()
    for record in rating_records(population.cycles)
]
ratings = to_frame(records)
ratings["normalised"] = [r.normalised for r in records]
ratings[["employee_id", "rater_id", "rater_role", "dimension", "value"]].head()

# %% [markdown]
# ## Calibration
#
# Managers differ in how they rate. `z_calibrate` takes the manager ratings as a
# pandas column (on 0–1) and each rating's rater, and removes each rater's own level
# and spread; `rater_effects` names the lenient, severe and central raters.

# %%
manager = ratings[ratings["rater_role"] == "manager"].copy()
manager["calibrated"] = z_calibrate(manager["normalised"], manager["rater_id"])
manager[["normalised", "calibrated"]].describe().loc[["count", "mean", "std"]]

# %%
manager_records = [r for r in records if r.rater_role == "manager"]
effects = pd.DataFrame(rater_effects(manager_records).as_records())
effects.sort_values("leniency", key=abs, ascending=False).head()[
    ["group", "count", "mean", "leniency", "range_restriction"]
]

# %% [markdown]
# ## Agreement between self and manager
#
# An employee in appraisal rated each of their goals, and so did their manager: two
# ratings per goal. A wide table, one row per employee and goal and one column per
# role, is what `icc` takes (each employee has their own manager, so the one-way form
# ICC(1,1)); Krippendorff's alpha reads the same table with `layout="units"`, and
# would also take the goals only one of the two has rated yet (NaN). The drawn ratings
# are independent of each other, so both come out near 0: no agreement beyond chance,
# as it should be. On real data a value below 0.5 is worth a calibration meeting.

# %%
goals = ratings[ratings["dimension"] != "overall"]
wide = goals.pivot_table(
    index=["employee_id", "dimension"],
    columns="rater_role",
    values="normalised",
    aggfunc="first",
    observed=True,
)[["self", "manager"]]
both = wide.dropna()
agreement = icc(both, form=IccForm.ICC_1_1)
alpha = krippendorff_alpha(wide, level="interval", layout="units")
print(f"{len(both)} goals rated by both, {len(wide) - len(both)} by one")
print(agreement.explanation)
print(alpha.explanation)

# %% [markdown]
# ## Nine-box
#
# Performance is an employee's mean calibrated manager rating, kept within 0–1;
# potential comes from HR's own assessment, here a seeded stand-in.
# `TalentRecord.from_rows` reads the DataFrame back into records.

# %%
talent = manager.groupby("employee_id", as_index=False)["calibrated"].mean()
talent["performance"] = talent["calibrated"].clip(0, 1)
draw = random.Random(2026)
talent["potential"] = [round(draw.random(), 3) for _ in range(len(talent))]
talent_records = TalentRecord.from_rows(talent[["employee_id", "performance", "potential"]])
box = NineBox()
placements = box.place_all(talent_records)
box.counts(placements).table()

# %% [markdown]
# ## Talent metrics
#
# Each unit reports as of its own now: the moment of its latest event. Did managers
# keep the check-in cadence, and were goals agreed with the employee rather than
# imposed? One row per unit and metric.

# %%
now = {
    unit: max(cycle.last_event_at for cycle in population.cycles)
    for unit, population in units.items()
}
metrics = to_frame(
    {"unit": unit, **metric.as_record()}
    for unit, population in units.items()
    for metric in (
        *check_in_compliance(population.cycles, as_of=now[unit].date()),
        *goal_agreement_rate(population.cycles, as_of=now[unit].date()),
    )
)
metrics.pivot_table(index="unit", columns="name", values="value", aggfunc="first")

# %% [markdown]
# ## The audit
#
# `perfcore.oversight.audit` runs every default rule over a unit's cycles as of that
# moment; the findings become a typed frame, counted here by rule and severity.

# %%
findings = to_frame(
    {"unit": unit, **row}
    for unit, population in units.items()
    for row in audit(population.cycles, as_of=now[unit]).as_records()
)
findings.groupby(["code", "severity"], observed=True).size().sort_values(ascending=False)

# %% [markdown]
# ## Plots
#
# Every plot takes `ax=`, so the nine-box and the ten raters farthest from the
# organisation's mean share one figure; `top=` keeps the picture readable with 500
# raters.

# %%
figure = Figure(figsize=(14, 5), layout="constrained")
left, right = figure.subplots(1, 2, width_ratios=(1, 2))
nine_box_figure(placements, box, ax=left)
rating_distribution_figure(manager_records, sort="deviation", top=10, ax=right)
png = io.BytesIO()
figure.savefig(png, format="png")
Image(png.getvalue())

# %% [markdown]
# ## Reading rows back
#
# A filtered DataFrame reads back into records with `from_rows` (extra columns such as
# `calibrated` are left alone): here the ratings of the most lenient manager, the same
# records as before the round trip, ready for any function that takes records.

# %%
lenient = effects.sort_values("leniency", ascending=False)["group"].iloc[0]
theirs = RatingRecord.from_rows(manager[manager["rater_id"] == lenient])
assert theirs == tuple(r for r in manager_records if r.rater_id == lenient)
manager[manager["rater_id"] == lenient][["employee_id", "dimension", "value", "calibrated"]]
