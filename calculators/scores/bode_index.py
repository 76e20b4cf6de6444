"""BODE index for COPD (0-10): BMI, airflow Obstruction, Dyspnoea, Exercise capacity.

Celli et al. (N Engl J Med 2004, Table 1):
  FEV1 (% predicted, post-bronchodilator)   ≥ 65 -> 0, 50-64 -> 1, 36-49 -> 2, ≤ 35 -> 3
  6-minute walk distance (m)                ≥ 350 -> 0, 250-349 -> 1, 150-249 -> 2, ≤ 149 -> 3
  modified MRC dyspnoea grade (0-4)         0-1 -> 0, 2 -> 1, 3 -> 2, 4 -> 3
  body-mass index (kg/m²)                   > 21 -> 0, ≤ 21 -> 1
Quartiles of risk of death: 0-2, 3-4, 5-6, 7-10. The table's bands are in whole units; a value
between them scores with the band below the cut-off (FEV1 35.5 % -> 2, 6MWD 349.5 m -> 1).
"""

from clinverify.calculators.criteria import bands, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._tiers import tiers

FEV1 = Number("fev1_percent", "%", (5.0, 160.0), "FEV1, % of predicted (post-bronchodilator)",
              aliases=("FEV1 % predicted", "FEV1 percent predicted", "fev1", "percent predicted FEV1"))
WALK = Number("six_minute_walk", "m", (0.0, 1200.0), "six-minute walk distance",
              aliases=("6-minute walk distance", "6MWD", "six minute walk distance", "6 minute walk test"))
MMRC = Number("mmrc_grade", "", (0, 4), "modified MRC dyspnoea grade (0-4)", integer=True,
              aliases=("mMRC", "mMRC grade", "modified MRC dyspnea scale", "mmrc dyspnoea grade"))
BMI = Number("bmi", "kg/m^2", (10.0, 80.0), "body mass index", aliases=("body mass index", "Body Mass Index (BMI)"))

CRITERIA = (
    tiers("fev1_points", "fev1_percent", (("<=", 35, 3), ("<", 50, 2), ("<", 65, 1)), "FEV1", "% predicted",
          otherwise_text="≥ 65 % predicted", phrases=("airflow obstruction", "obstruction", "fev1")),
    tiers("walk_points", "six_minute_walk", (("<", 150, 3), ("<", 250, 2), ("<", 350, 1)), "6-minute walk distance", "m",
          otherwise_text="≥ 350 m", phrases=("exercise capacity", "walk distance", "6mwd", "6mw")),
    bands("dyspnoea_points", "mmrc_grade", ((0, 2, 0), (2, 3, 1), (3, 4, 2), (4, None, 3)), "mMRC dyspnoea grade"),
    tiers("bmi_points", "bmi", (("<=", 21, 1),), "Body-mass index", "kg/m²", otherwise_text="> 21 kg/m²", digits=2,
          phrases=("bmi", "body mass index")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(fev1_percent, six_minute_walk, mmrc_grade, bmi):
    return tally(CRITERIA, {"fev1_percent": fev1_percent, "six_minute_walk": six_minute_walk, "mmrc_grade": mmrc_grade,
                            "bmi": bmi})


def quartile(value: int) -> int:
    return 1 if value <= 2 else 2 if value <= 4 else 3 if value <= 6 else 4


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "BODE index")
    lines[0] = "The BODE index adds points for FEV1, 6-minute walk distance, mMRC dyspnoea grade and BMI."
    lines.append(f"BODE index {value} (quartile {quartile(value)} of 4: 0–2, 3–4, 5–6, 7–10; higher quartiles carry "
                 "higher mortality).")
    return lines


CALCULATOR = Calculator(
    id="bode_index",
    name="BODE index for COPD",
    category="pulmonology",
    description="Multidimensional COPD mortality index from BMI, FEV1, mMRC dyspnoea and 6-minute walk distance (0–10).",
    inputs=(FEV1, WALK, MMRC, BMI),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Celli BR, Cote CG, Marin JM, et al. The body-mass index, airflow obstruction, dyspnea, and exercise capacity "
            "index in chronic obstructive pulmonary disease. N Engl J Med. 2004;350(10):1005-1012.",
            doi="10.1056/NEJMoa021322",
            pmid="14999112",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("mmrc_grade",),
    decreasing=("fev1_percent", "six_minute_walk", "bmi"),
    keywords=('copd', 'mortality', '6-minute walk', 'fev1', 'mmrc'),
    population='Outpatients with COPD: 207 derivation and 625 validation patients (Celli 2004).',
    examples=('Celli 2004 (NEJM 350:1005) Table 1 points and quartiles: hand-worked cases at every band and quartile edge',),
    notes=(
        "Dyspnoea on the modified MRC scale, 0–4 (mMRC = MRC − 1).",
        "Between the table's whole-number bands a value scores with the band below the cut-off: FEV1 35–36 % scores 2, "
        "a walk of 349.5 m scores 1, BMI 21.004 scores 1 (compared at 2 decimals).",
    ),
)
