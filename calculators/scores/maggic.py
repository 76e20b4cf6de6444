"""MAGGIC heart failure risk score: integer score and 1- and 3-year mortality.

Pocock et al., Eur Heart J 2013 (Meta-Analysis Global Group in Chronic Heart Failure, 39 372
patients, 30 studies), Figure 2 (integer score) and Figure 3 (mortality by score):
  Ejection fraction (%): < 20 7, 20-24 6, 25-29 5, 30-34 3, 35-39 2, ≥ 40 0.
  Age (years), by EF < 30 / 30-39 / ≥ 40: < 55 0/0/0, 55-59 1/2/3, 60-64 2/4/5, 65-69 4/6/7,
    70-74 6/8/9, 75-79 8/10/12, ≥ 80 10/13/15.
  Systolic BP (mmHg), by EF < 30 / 30-39 / ≥ 40: < 110 5/3/2, 110-119 4/2/1, 120-129 3/1/1,
    130-139 2/1/0, 140-149 1/0/0, ≥ 150 0/0/0.
  BMI (kg/m²): < 15 6, 15-19 5, 20-24 3, 25-29 2, ≥ 30 0.
  Creatinine (µmol/L): < 90 0, 90-109 1, 110-129 2, 130-149 3, 150-169 4, 170-209 5, 210-249 6, ≥ 250 8.
  NYHA class: I 0, II 2, III 6, IV 8.
  Male 1; current smoker 1; diabetes 3; COPD 2; heart failure first diagnosed ≥ 18 months ago 2;
  not on a beta-blocker 3; not on an ACE inhibitor or ARB 1.
Figure 3 gives the predicted probability of death within 1 and 3 years for each score 0-50.
"""

from clinverify.calculators.criteria import custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output
from clinverify.calculators.scores._tiers import tiers

# Pocock 2013 Figure 3: probability of death within 1 year and 3 years, score 0..50.
MORTALITY_1Y = (0.015, 0.016, 0.018, 0.020, 0.022, 0.024, 0.027, 0.029, 0.032, 0.036, 0.039, 0.043, 0.048, 0.052, 0.058,
                0.063, 0.070, 0.077, 0.084, 0.093, 0.102, 0.111, 0.122, 0.134, 0.147, 0.160, 0.175, 0.191, 0.209, 0.227,
                0.248, 0.269, 0.292, 0.316, 0.342, 0.369, 0.398, 0.427, 0.458, 0.490, 0.523, 0.557, 0.591, 0.625, 0.659,
                0.692, 0.725, 0.757, 0.787, 0.816, 0.842)
MORTALITY_3Y = (0.039, 0.043, 0.048, 0.052, 0.058, 0.063, 0.070, 0.077, 0.084, 0.092, 0.102, 0.111, 0.122, 0.134, 0.146,
                0.160, 0.175, 0.191, 0.209, 0.227, 0.247, 0.269, 0.292, 0.316, 0.342, 0.369, 0.397, 0.427, 0.458, 0.490,
                0.523, 0.556, 0.590, 0.625, 0.658, 0.692, 0.725, 0.756, 0.787, 0.815, 0.842, 0.866, 0.889, 0.908, 0.926,
                0.941, 0.953, 0.964, 0.973, 0.980, 0.985)

# (lower bound, points for EF < 30, 30-39, >= 40), highest band first.
AGE_POINTS = ((80, (10, 13, 15)), (75, (8, 10, 12)), (70, (6, 8, 9)), (65, (4, 6, 7)), (60, (2, 4, 5)), (55, (1, 2, 3)))
# (upper bound, exclusive: points for EF < 30, 30-39, >= 40), lowest band first; >= 150 scores 0.
SBP_POINTS = ((110, (5, 3, 2)), (120, (4, 2, 1)), (130, (3, 1, 1)), (140, (2, 1, 0)), (150, (1, 0, 0)))
EF_GROUPS = ("EF < 30 %", "EF 30–39 %", "EF ≥ 40 %")

INPUTS = (
    Number("ejection_fraction", "%", (1.0, 95.0), "left ventricular ejection fraction",
           aliases=("EF", "LVEF", "ejection fraction", "left ventricular ejection fraction")),
    age(range=(18.0, 110.0)),
    Number("systolic_bp", "mmHg", (50.0, 260.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Number("bmi", "kg/m^2", (10.0, 80.0), "body mass index", aliases=("Body Mass Index (BMI)", "body mass index", "BMI")),
    Number("creatinine", "µmol/L", (10.0, 3000.0), "serum creatinine", analyte="creatinine",
           aliases=("Creatinine", "serum creatinine", "SCr")),
    Choice("nyha", {"I": ("1", "class i", "nyha i", "nyha 1"), "II": ("2", "class ii", "nyha ii", "nyha 2"),
                    "III": ("3", "class iii", "nyha iii", "nyha 3"), "IV": ("4", "class iv", "nyha iv", "nyha 4")},
           "NYHA functional class", aliases=("NYHA class", "NYHA functional class", "New York Heart Association class")),
    sex(),
    Flag("smoker", "current smoker", aliases=("Smoker", "current smoker", "smoking")),
    Flag("diabetes", "diabetes mellitus", aliases=("Diabetes", "diabetes mellitus")),
    Flag("copd", "chronic obstructive pulmonary disease", aliases=("COPD", "chronic obstructive pulmonary disease")),
    Flag("hf_over_18_months", "heart failure first diagnosed 18 months ago or more",
         aliases=("heart failure diagnosed >= 18 months ago", "HF duration >= 18 months", "heart failure duration")),
    Flag("beta_blocker", "taking a beta-blocker (not taking one scores 3)", aliases=("beta blocker", "on beta-blocker")),
    Flag("acei_arb", "taking an ACE inhibitor or angiotensin receptor blocker (not taking one scores 1)",
         aliases=("ACE inhibitor", "ARB", "ACEi/ARB", "on ACE inhibitor or ARB")),
)


def _ef_group(ef: float) -> int:
    return 0 if ef < 30 else 1 if ef < 40 else 2


def _age_points(inputs) -> int:
    a, g = inputs["age"], _ef_group(inputs["ejection_fraction"])
    return next((pts[g] for lo, pts in AGE_POINTS if a >= lo), 0)


def _age_decide(inputs):
    p, a = _age_points(inputs), inputs["age"]
    band = next((f"{lo}–{lo + 4}" if lo < 80 else "≥ 80" for lo, _ in AGE_POINTS if a >= lo), "< 55")
    return p, f"Age {a:g} years ({band}, {EF_GROUPS[_ef_group(inputs['ejection_fraction'])]}): +{p}"


def _sbp_points(inputs) -> int:
    s, g = inputs["systolic_bp"], _ef_group(inputs["ejection_fraction"])
    return next((pts[g] for hi, pts in SBP_POINTS if s < hi), 0)


def _sbp_decide(inputs):
    p, s = _sbp_points(inputs), inputs["systolic_bp"]
    band = next((f"< {hi}" for hi, _ in SBP_POINTS if s < hi), "≥ 150")
    return p, f"Systolic BP {s:g} mmHg ({band}, {EF_GROUPS[_ef_group(inputs['ejection_fraction'])]}): +{p}"


CRITERIA = (
    tiers("ef_points", "ejection_fraction", (("<", 20, 7), ("<", 25, 6), ("<", 30, 5), ("<", 35, 3), ("<", 40, 2)),
          "Ejection fraction", "%", otherwise_text="≥ 40 %", phrases=("ef", "lvef", "ejection fraction")),
    custom("age_points", "Age (by EF)", _age_decide, 0, 15, _age_points, ("age", "ejection_fraction"), ("age",)),
    custom("sbp_points", "Systolic BP (by EF)", _sbp_decide, 0, 5, _sbp_points, ("systolic_bp", "ejection_fraction"),
           ("systolic", "sbp", "blood pressure")),
    tiers("bmi_points", "bmi", (("<", 15, 6), ("<", 20, 5), ("<", 25, 3), ("<", 30, 2)), "BMI", "kg/m²",
          otherwise_text="≥ 30 kg/m²", phrases=("bmi", "body mass index")),
    tiers("creatinine_points", "creatinine", (("<", 90, 0), ("<", 110, 1), ("<", 130, 2), ("<", 150, 3), ("<", 170, 4),
                                              ("<", 210, 5), ("<", 250, 6)), "Creatinine", "µmol/L", otherwise=8,
          otherwise_text="≥ 250 µmol/L", phrases=("creatinine", "scr")),
    option("nyha_points", "nyha", {"I": 0, "II": 2, "III": 6, "IV": 8}, "NYHA class"),
    option("sex_points", "sex", {"female": 0, "male": 1}, "Male sex"),
    flag("smoker_points", "smoker", 1, "Current smoker", ("smoking",)),
    flag("diabetes_points", "diabetes", 3, "Diabetes", ("diabetic",)),
    flag("copd_points", "copd", 2, "COPD"),
    flag("hf_duration_points", "hf_over_18_months", 2, "Heart failure first diagnosed ≥ 18 months ago",
         ("18 months", "heart failure duration")),
    custom("no_beta_blocker_points", "Not on a beta-blocker",
           lambda i: (0, "Beta-blocker: taking one, +0") if i.get("beta_blocker") else
           (3, "Beta-blocker: not taking one (or not reported), +3"),
           0, 3, lambda i: 0 if i.get("beta_blocker") else 3, ("beta_blocker",), ("beta-blocker", "beta blocker")),
    custom("no_acei_arb_points", "Not on an ACE inhibitor or ARB",
           lambda i: (0, "ACE inhibitor or ARB: taking one, +0") if i.get("acei_arb") else
           (1, "ACE inhibitor or ARB: not taking one (or not reported), +1"),
           0, 1, lambda i: 0 if i.get("acei_arb") else 1, ("acei_arb",), ("ace inhibitor", "arb", "acei")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(ejection_fraction, age, systolic_bp, bmi, creatinine, nyha, sex, smoker=False, diabetes=False, copd=False,
            hf_over_18_months=False, beta_blocker=False, acei_arb=False):
    return tally(CRITERIA, {"ejection_fraction": ejection_fraction, "age": age, "systolic_bp": systolic_bp, "bmi": bmi,
                            "creatinine": creatinine, "nyha": nyha, "sex": sex, "smoker": smoker, "diabetes": diabetes,
                            "copd": copd, "hf_over_18_months": hf_over_18_months, "beta_blocker": beta_blocker,
                            "acei_arb": acei_arb})


def mortality(score: int) -> tuple[float, float]:
    """Pocock 2013 Figure 3: (1-year, 3-year) probability of death; scores above 50 read the row of 50."""
    i = min(max(int(score), 0), 50)
    return MORTALITY_1Y[i], MORTALITY_3Y[i]


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "MAGGIC score")
    one, three = mortality(value)
    beyond = " (the table ends at 50: the row of 50 is shown)" if value > 50 else ""
    lines.append(f"MAGGIC score {value}: predicted mortality {one * 100:.1f} % at 1 year and {three * 100:.1f} % at 3 years"
                 f"{beyond} (Pocock 2013, Figure 3).")
    return lines


CALCULATOR = Calculator(
    id="maggic",
    name="MAGGIC heart failure risk score",
    category="cardiology",
    description="Integer risk score and predicted 1- and 3-year mortality in chronic heart failure (reduced or preserved EF) "
                "from 13 routine variables.",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Pocock SJ, Ariti CA, McMurray JJ, et al. Predicting survival in heart failure: a risk score based on 39 372 "
            "patients from 30 studies. Eur Heart J. 2013;34(19):1404-1413.",
            doi="10.1093/eurheartj/ehs337",
            pmid="23095984",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("heart failure", "hfref", "hfpef", "mortality", "prognosis", "meta-analysis global group in chronic heart failure"),
    population="39 372 patients with heart failure (reduced and preserved ejection fraction) from 30 cohort studies and "
               "trials (Pocock 2013).",
    examples=("Pocock 2013 (Eur Heart J 34:1404) Figure 2 points and Figure 3 mortality table: hand-worked patients, "
              "the EF-dependent age and SBP points at every band",),
    increasing=("age", "creatinine", "nyha", "smoker", "diabetes", "copd", "hf_over_18_months",
                Monotone("sex", order=("female", "male"))),
    decreasing=("systolic_bp", "bmi", "beta_blocker", "acei_arb"),
    notes=(
        "Age and systolic BP score by ejection fraction group (< 30 %, 30–39 %, ≥ 40 %); the total is not monotone in EF.",
        "Figure 2 prints age bands '< 55' and '56–59': age 55 is scored in the 55–59 band here.",
        "Beta-blocker and ACE inhibitor/ARB are 'not on' risk factors: a treatment not reported counts as not taken "
        "(+3 and +1); the explanation says so.",
        "The value is the integer score; the 1- and 3-year mortality of Figure 3 is in the explanation. Scores above 50 "
        "(possible with extreme values) read the last row of the table.",
        "Creatinine in µmol/L (mg/dL is converted ×88.4).",
        "The DOI of Pocock 2013 was checked; its PMID 23095984 matches a public listing that pairs it with the same DOI "
        "(PubMed URL; checked 2026-12-05). The Figure 3 table was "
        "cross-checked against a public implementation of the score.",
    ),
)
