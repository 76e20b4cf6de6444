"""ASCVD Pooled Cohort Equations (2013 ACC/AHA): 10-year risk of a first hard ASCVD event.

Goff et al., 2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk, Circulation
2014;129(25 Suppl 2):S49-S73, Appendix 7 Table A: sex- and race-specific Cox models,
  10-year risk = 1 − S10 ^ exp(individual sum − mean sum),
where the individual sum is Σ coefficient × value over ln(age), ln(age)² (white women), ln(total
cholesterol), ln(age) × ln(total cholesterol), ln(HDL-C), ln(age) × ln(HDL-C), ln(treated or
untreated systolic BP), ln(age) × ln(SBP) (African-American women), current smoker, ln(age) ×
smoker, and diabetes (cholesterol in mg/dL, SBP in mmHg).
  White women: S10 0.9665, mean −29.18;  African-American women: S10 0.9533, mean 86.61;
  White men:   S10 0.9144, mean 61.18;   African-American men:   S10 0.8954, mean 19.54.
Hard ASCVD: nonfatal myocardial infarction, coronary heart disease death, fatal or nonfatal stroke.
Derived for ages 40-79 without clinical ASCVD; for other races the guideline suggests the white
equations. Risk groups (2018 cholesterol and 2019 primary prevention guidelines): < 5 % low,
5 to < 7.5 % borderline, 7.5 to < 20 % intermediate, >= 20 % high.
"""

import math

from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter

# Goff 2014 Table A. Terms: lnA ln(age), lnA2 ln(age)^2, lnT ln(TC), lnAlnT, lnH ln(HDL), lnAlnH, lnStr ln(treated
# SBP), lnAlnStr, lnSun ln(untreated SBP), lnAlnSun, smk, lnAsmk ln(age) x smoker, dm. Absent terms are 0.
COEFFICIENTS = {
    ("white", "female"): {"lnA": -29.799, "lnA2": 4.884, "lnT": 13.540, "lnAlnT": -3.114, "lnH": -13.578, "lnAlnH": 3.149,
                          "lnStr": 2.019, "lnSun": 1.957, "smk": 7.574, "lnAsmk": -1.665, "dm": 0.661},
    ("african american", "female"): {"lnA": 17.114, "lnT": 0.940, "lnH": -18.920, "lnAlnH": 4.475, "lnStr": 29.291,
                                     "lnAlnStr": -6.432, "lnSun": 27.820, "lnAlnSun": -6.087, "smk": 0.691, "dm": 0.874},
    ("white", "male"): {"lnA": 12.344, "lnT": 11.853, "lnAlnT": -2.664, "lnH": -7.990, "lnAlnH": 1.769, "lnStr": 1.797,
                        "lnSun": 1.764, "smk": 7.837, "lnAsmk": -1.795, "dm": 0.658},
    ("african american", "male"): {"lnA": 2.469, "lnT": 0.302, "lnH": -0.307, "lnStr": 1.916, "lnSun": 1.809, "smk": 0.549,
                                   "dm": 0.645},
}
BASELINE = {("white", "female"): (0.9665, -29.18), ("african american", "female"): (0.9533, 86.61),
            ("white", "male"): (0.9144, 61.18), ("african american", "male"): (0.8954, 19.54)}  # (S10, mean sum)
TERM_TEXT = {"lnA": "ln(age)", "lnA2": "ln(age)²", "lnT": "ln(TC)", "lnAlnT": "ln(age)·ln(TC)", "lnH": "ln(HDL)",
             "lnAlnH": "ln(age)·ln(HDL)", "lnStr": "ln(treated SBP)", "lnAlnStr": "ln(age)·ln(treated SBP)",
             "lnSun": "ln(untreated SBP)", "lnAlnSun": "ln(age)·ln(untreated SBP)", "smk": "smoker",
             "lnAsmk": "ln(age)·smoker", "dm": "diabetes"}
RISK_GROUPS = ((20.0, "high (≥ 20 %)"), (7.5, "intermediate (7.5 to < 20 %)"), (5.0, "borderline (5 to < 7.5 %)"),
               (0.0, "low (< 5 %)"))

INPUTS = (
    age(range=(40.0, 79.0), description="age (the equations cover 40–79 years)"),
    sex(),
    Choice("race", {"white": ("caucasian", "non-hispanic white"),
                    "african american": ("black", "african-american", "aa", "black or african american"),
                    "other": ("asian", "hispanic", "latino", "other race")},
           "race: white, African American, or other (other races use the white equations)",
           aliases=("Race", "ethnicity")),
    Number("total_cholesterol", "mg/dL", (50.0, 1000.0), "total cholesterol", analyte="cholesterol",
           aliases=("Total cholesterol", "total cholesterol", "tc")),
    Number("hdl_cholesterol", "mg/dL", (5.0, 200.0), "HDL cholesterol", analyte="cholesterol",
           aliases=("high-density lipoprotein cholesterol", "hdl", "hdl-c", "HDL cholestrol")),
    Number("systolic_bp", "mmHg", (60.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Flag("bp_treated", "on treatment for high blood pressure", aliases=("Blood pressure being treated with medicines",
                                                                        "hypertension treatment", "treated hypertension")),
    Flag("smoker", "current smoker", aliases=("Smoker", "current smoker", "smoking")),
    Flag("diabetes", "diabetes mellitus", aliases=("Diabetes", "diabetes mellitus", "Diabetes history")),
)


def _group(race: str, sex: str) -> tuple[str, str]:
    return ("african american" if race == "african american" else "white", sex)


def risk_group(risk_percent: float) -> str:
    return next(text for lo, text in RISK_GROUPS if risk_percent >= lo)


def compute(age, sex, race, total_cholesterol, hdl_cholesterol, systolic_bp, bp_treated=False, smoker=False, diabetes=False):
    group = _group(race, sex)
    b = COEFFICIENTS[group]
    s10, mean = BASELINE[group]
    ln_a, ln_t, ln_h, ln_s = math.log(age), math.log(total_cholesterol), math.log(hdl_cholesterol), math.log(systolic_bp)
    smk, trt = float(smoker), bool(bp_treated)
    values = {
        "lnA": ln_a, "lnA2": ln_a * ln_a, "lnT": ln_t, "lnAlnT": ln_a * ln_t, "lnH": ln_h, "lnAlnH": ln_a * ln_h,
        "lnStr": ln_s if trt else 0.0, "lnAlnStr": ln_a * ln_s if trt else 0.0,
        "lnSun": 0.0 if trt else ln_s, "lnAlnSun": 0.0 if trt else ln_a * ln_s,
        "smk": smk, "lnAsmk": ln_a * smk, "dm": float(diabetes),
    }
    individual_sum = sum(c * values[term] for term, c in b.items())
    risk = 1.0 - s10 ** math.exp(individual_sum - mean)
    return risk * 100.0, {"individual_sum": individual_sum, "mean_sum": mean, "baseline_survival": s10, "risk_fraction": risk}


def explain(inputs, inter, value):
    group = _group(inputs["race"], inputs["sex"])
    b = COEFFICIENTS[group]
    who = f"{'African-American' if group[0] == 'african american' else 'white'} {'women' if group[1] == 'female' else 'men'}"
    terms = " + ".join(f"{fmt(c)}·{TERM_TEXT[t]}" for t, c in b.items()).replace("+ -", "− ")
    lines = [
        f"Pooled Cohort Equations, {who} (Goff 2013, Table A): individual sum = {terms}.",
        f"Age {fmt(inputs['age'])} years, TC {fmt(inputs['total_cholesterol'])} mg/dL, HDL {fmt(inputs['hdl_cholesterol'])} mg/dL, "
        f"SBP {fmt(inputs['systolic_bp'])} mmHg ({'treated' if inputs['bp_treated'] else 'untreated'}), smoker "
        f"{int(bool(inputs['smoker']))}, diabetes {int(bool(inputs['diabetes']))}: individual sum = {fmt(inter['individual_sum'], 3)}.",
        f"10-year risk = 1 − {inter['baseline_survival']}^exp({fmt(inter['individual_sum'], 3)} − ({fmt(inter['mean_sum'])})) "
        f"= {fmt(inter['risk_fraction'], 5)} = {fmt(value)} %: {risk_group(value)} risk.",
    ]
    if inputs["race"] == "other":
        lines.insert(0, "Race other than white or African American: the white equations are used, as the guideline suggests "
                        "(they may over- or underestimate risk).")
    return lines


PARAMETERS = (
    Parameter(("individual_sum",), ("individual sum", "sum of coefficient", "linear predictor", "sum of the terms")),
    Parameter(("mean_sum",), ("mean sum", "mean (coefficient × value)", "mean linear predictor", "overall mean")),
    Parameter(("baseline_survival",), ("baseline survival", "s10", "s₁₀", "10-year baseline survival")),
)


CALCULATOR = Calculator(
    id="ascvd_pce",
    name="ASCVD Pooled Cohort Equations (2013 ACC/AHA), 10-year risk",
    category="cardiology",
    description="10-year risk of a first hard ASCVD event (MI, coronary death, stroke), ages 40–79 without ASCVD.",
    inputs=INPUTS,
    output=Output("%", "decimal", 1, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "Goff DC Jr, Lloyd-Jones DM, Bennett G, et al. 2013 ACC/AHA guideline on the assessment of cardiovascular risk: "
            "a report of the American College of Cardiology/American Heart Association Task Force on Practice Guidelines. "
            "Circulation. 2014;129(25 Suppl 2):S49-S73.",
            doi="10.1161/01.cir.0000437741.48606.98",
            pmid="24222018",
        ),
        Citation(
            "Arnett DK, Blumenthal RS, Albert MA, et al. 2019 ACC/AHA Guideline on the Primary Prevention of Cardiovascular "
            "Disease. Circulation. 2019;140(11):e596-e646.",
            doi="10.1161/CIR.0000000000000678",
            pmid="30879355",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('ascvd', 'pooled cohort equations', 'primary prevention', 'statin', 'cholesterol', 'acc/aha', 'lipids', 'cardiovascular risk', '10-year risk', 'heart disease risk', 'pce'),
    population='US adults 40-79 years without ASCVD, white and African-American men and women of pooled community cohorts (ARIC, CARDIA, CHS, Framingham).',
    examples=('Goff 2013 (Circulation 129:S49) Appendix 7 Table A: the four worked examples (2.1/3.0/5.3/6.1 %)', 'Two more cases hand-calculated from Table A'),
    increasing=("systolic_bp", "diabetes"),
    notes=(
        "For adults 40–79 years without clinical ASCVD; ages outside 40–79 are refused. The ACC/AHA estimator also limits "
        "total cholesterol to 130–320 mg/dL, HDL to 20–100 mg/dL and systolic BP to 90–200 mmHg; values outside are "
        "extrapolated here.",
        "Race 'other' uses the white equations, as the guideline suggests; the explanation says so.",
        "Risk is in percent at full precision (the estimator shows one decimal). Cholesterol in mmol/L is converted to mg/dL.",
        "Risk groups: < 5 % low, 5 to < 7.5 % borderline, 7.5 to < 20 % intermediate, ≥ 20 % high (2019 guideline).",
        "Not monotone in age, cholesterol, HDL, smoking or treatment for every group (the published interaction terms): only "
        "systolic BP and diabetes are declared increasing.",
    ),
)
