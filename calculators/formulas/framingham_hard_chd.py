"""Framingham 10-year risk of hard coronary heart disease (MI or coronary death), ATP III 2001.

Sex-specific Cox model of the NCEP ATP III risk assessment tool:
risk = 1 − S0^exp(Σ β·x), with S0 = 0.9402 (men) or 0.98767 (women) and the terms below.
The smoking × age interaction uses age capped at 70 (men) or 78 (women).

ATP III also publishes the same model as point tables (final report 2002, Appendix III-A; the
Executive Summary's risk-assessment figure), and models often compute with them: points for age,
total cholesterol and smoking by age band, HDL, and systolic pressure by treatment, per sex, and a
table from the point total to the 10-year risk. ``POINT_ITEMS`` declares those items and
``risk_by_points`` the table: the verifier checks the points a trace gives with them. The answer
stays the equation's (the tables round it: 10 points for a man is "6 %" where the equation gives
3.7 %).
"""

import math

from clinverify.calculators.criteria import Criterion
from clinverify.calculators.inputs import Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter

# (coefficient, term) per sex; 'lnA' = ln(age), 'lnT' = ln(total cholesterol), 'lnH' = ln(HDL),
# 'lnS' = ln(systolic BP), 'trt' = treated BP, 'smk' = smoker, 'lnAs' = ln(age capped for smoking).
MEN = {"lnA": 52.00961, "lnT": 20.014077, "lnH": -0.905964, "lnS": 1.305784, "trt": 0.241549, "smk": 12.096316,
       "lnA*lnT": -4.605038, "lnAs*smk": -2.84367, "lnA*lnA": -2.93323, "const": -172.300168}
WOMEN = {"lnA": 31.764001, "lnT": 22.465206, "lnH": -1.187731, "lnS": 2.552905, "trt": 0.420251, "smk": 13.07543,
         "lnA*lnT": -5.060998, "lnAs*smk": -2.996945, "lnA*lnA": 0.0, "const": -146.5933061}
BASELINE = {"male": 0.9402, "female": 0.98767}
SMOKING_AGE_CAP = {"male": 70.0, "female": 78.0}

INPUTS = (
    age(range=(20.0, 110.0)),
    sex(),
    Number("total_cholesterol", "mg/dL", (50.0, 1000.0), "total cholesterol", analyte="cholesterol", aliases=("Total cholesterol",)),
    Number("hdl_cholesterol", "mg/dL", (5.0, 200.0), "HDL cholesterol", analyte="cholesterol", aliases=("high-density lipoprotein cholesterol", "hdl")),
    Number("systolic_bp", "mmHg", (60.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Flag("smoker", "current smoker", aliases=("Smoker",)),
    Flag("bp_treated", "on antihypertensive treatment", aliases=("Blood pressure being treated with medicines",)),
)


# --- ATP III point tables (NCEP ATP III final report, Circulation 2002;106:3143, Appendix III-A) ---
# Age bands [lo, hi) -> points; ages 80 and over use the 75-79 row (the tables end at 79).
AGE_POINTS = {
    "male": ((None, 35, -9), (35, 40, -4), (40, 45, 0), (45, 50, 3), (50, 55, 6), (55, 60, 8), (60, 65, 10), (65, 70, 11), (70, 75, 12), (75, None, 13)),
    "female": ((None, 35, -7), (35, 40, -3), (40, 45, 0), (45, 50, 3), (50, 55, 6), (55, 60, 8), (60, 65, 10), (65, 70, 12), (70, 75, 14), (75, None, 16)),
}
DECADES = ((None, 40), (40, 50), (50, 60), (60, 70), (70, None))  # the age columns of the cholesterol and smoking rows
CHOLESTEROL_BANDS = ((None, 160), (160, 200), (200, 240), (240, 280), (280, None))  # mg/dL
CHOLESTEROL_POINTS = {  # [cholesterol band][age column]
    "male": ((0, 0, 0, 0, 0), (4, 3, 2, 1, 0), (7, 5, 3, 1, 0), (9, 6, 4, 2, 1), (11, 8, 5, 3, 1)),
    "female": ((0, 0, 0, 0, 0), (4, 3, 2, 1, 1), (8, 6, 4, 2, 1), (11, 8, 5, 3, 2), (13, 10, 7, 4, 2)),
}
SMOKER_POINTS = {"male": (8, 5, 3, 1, 1), "female": (9, 7, 4, 2, 1)}  # by age column; non-smokers 0
HDL_POINTS = ((60, None, -1), (50, 60, 0), (40, 50, 1), (None, 40, 2))  # mg/dL, both sexes
SBP_BANDS = ((None, 120), (120, 130), (130, 140), (140, 160), (160, None))  # mmHg
SBP_POINTS = {  # [untreated, treated] by SBP band
    "male": ((0, 0, 1, 1, 2), (0, 1, 2, 2, 3)),
    "female": ((0, 1, 2, 3, 4), (0, 3, 4, 5, 6)),
}
# Point total -> 10-year risk (%): totals below the first row give "< 1 %" (0.5 here), the last
# row and above "≥ 30 %" (30 here).
RISK_BY_POINTS = {
    "male": ((0, 1), (5, 2), (7, 3), (8, 4), (9, 5), (10, 6), (11, 8), (12, 10), (13, 12), (14, 16), (15, 20), (16, 25), (17, 30)),
    "female": ((9, 1), (13, 2), (15, 3), (16, 4), (17, 5), (18, 6), (19, 8), (20, 11), (21, 14), (22, 17), (23, 22), (24, 27), (25, 30)),
}


def _band(table, v) -> int:
    """Index of the [lo, hi) band holding v."""
    for k, (lo, hi) in enumerate(table):
        if (lo is None or v >= lo) and (hi is None or v < hi):
            return k
    raise ValueError(v)


def _row(rows, v) -> float:
    for lo, hi, p in rows:
        if (lo is None or v >= lo) and (hi is None or v < hi):
            return p
    raise ValueError(v)


def _sx(inputs) -> str:
    return "female" if inputs["sex"] == "female" else "male"


def _age_points(i) -> float:
    return _row(AGE_POINTS[_sx(i)], i["age"])


def _cholesterol_points(i) -> float:
    return CHOLESTEROL_POINTS[_sx(i)][_band(CHOLESTEROL_BANDS, i["total_cholesterol"])][_band(DECADES, i["age"])]


def _smoker_points(i) -> float:
    return SMOKER_POINTS[_sx(i)][_band(DECADES, i["age"])] if i.get("smoker") else 0


def _hdl_points(i) -> float:
    return _row(HDL_POINTS, i["hdl_cholesterol"])


def _sbp_points(i) -> float:
    return SBP_POINTS[_sx(i)][int(bool(i.get("bp_treated")))][_band(SBP_BANDS, i["systolic_bp"])]


def risk_by_points(total: float, sex: str) -> float:
    """The ATP III table's 10-year risk (%) for a point total."""
    rows = RISK_BY_POINTS["female" if sex == "female" else "male"]
    if total < rows[0][0]:
        return 0.5
    return next(r for p, r in reversed(rows) if total >= p)


def _item(key: str, label: str, fn, lo: float, hi: float, inputs: tuple[str, ...], phrases: tuple[str, ...]) -> Criterion:
    return Criterion(key, label, lambda i: (fn(i), f"{label}: {fmt(fn(i))} points"), lo, hi, fn, inputs, phrases)


POINT_ITEMS = (
    _item("atp_age_points", "Age", _age_points, -9, 16, ("age", "sex"), ("age points",)),
    _item("atp_cholesterol_points", "Total cholesterol", _cholesterol_points, 0, 13, ("total_cholesterol", "age", "sex"), ("TC", "cholesterol")),
    _item("atp_smoker_points", "Smoking", _smoker_points, 0, 9, ("smoker", "age", "sex"), ("smoker", "smoking status", "cigarette smoker")),
    _item("atp_hdl_points", "HDL cholesterol", _hdl_points, -1, 2, ("hdl_cholesterol",), ("HDL", "HDL-C")),
    _item("atp_sbp_points", "Systolic blood pressure", _sbp_points, 0, 6, ("systolic_bp", "bp_treated", "sex"), ("SBP", "blood pressure", "systolic BP", "systolic")),
)


def compute(age: float, sex: str, total_cholesterol: float, hdl_cholesterol: float, systolic_bp: float, smoker: bool = False, bp_treated: bool = False):
    b = MEN if sex == "male" else WOMEN
    ln_a, ln_t = math.log(age), math.log(total_cholesterol)
    ln_as = math.log(min(age, SMOKING_AGE_CAP[sex]))
    smk, trt = float(smoker), float(bp_treated)
    s = (
        b["lnA"] * ln_a + b["lnT"] * ln_t + b["lnH"] * math.log(hdl_cholesterol) + b["lnS"] * math.log(systolic_bp)
        + b["trt"] * trt + b["smk"] * smk + b["lnA*lnT"] * ln_a * ln_t + b["lnAs*smk"] * ln_as * smk
        + b["lnA*lnA"] * ln_a * ln_a + b["const"]
    )
    risk = 1.0 - BASELINE[sex] ** math.exp(s)
    return risk * 100.0, {"linear_predictor": s, "risk_fraction": risk, "baseline_survival": BASELINE[sex]}


# The model's constant a trace states for the patient's sex ("baseline survival S₀ = 0.9402"), for the verifier.
PARAMETERS = (Parameter(("baseline_survival",), ("baseline survival", "10-year baseline survival", "s0", "s₀"), ("S0", "S₀", "S_0")),)


def explain(inputs, inter, value):
    sx = inputs["sex"]
    b = MEN if sx == "male" else WOMEN
    return [
        f"ATP III hard-CHD model ({'men' if sx == 'male' else 'women'}): L = {fmt(b['lnA'], 6)}·ln(age) + {fmt(b['lnT'], 6)}·ln(TC) "
        f"{fmt(b['lnH'], 6)}·ln(HDL) + {fmt(b['lnS'], 6)}·ln(SBP) + {fmt(b['trt'], 6)}·treated + {fmt(b['smk'], 6)}·smoker "
        f"{fmt(b['lnA*lnT'], 6)}·ln(age)·ln(TC) {fmt(b['lnAs*smk'], 6)}·ln(min(age, {fmt(SMOKING_AGE_CAP[sx])}))·smoker"
        + (f" {fmt(b['lnA*lnA'], 6)}·ln(age)²" if b["lnA*lnA"] else "") + f" {fmt(b['const'], 7)}.",
        f"Age {fmt(inputs['age'])} years, TC {fmt(inputs['total_cholesterol'])} mg/dL, HDL {fmt(inputs['hdl_cholesterol'])} mg/dL, "
        f"SBP {fmt(inputs['systolic_bp'])} mmHg, treated {int(bool(inputs['bp_treated']))}, smoker {int(bool(inputs['smoker']))}: L = {fmt(inter['linear_predictor'], 4)}.",
        f"Risk = 1 − {BASELINE[sx]}^exp({fmt(inter['linear_predictor'], 4)}) = {fmt(inter['risk_fraction'], 5)} = {fmt(value)} %.",
    ]


CALCULATOR = Calculator(
    id="framingham_hard_chd",
    medcalc_id=46,
    medcalc_name="Framingham Risk Score for Hard Coronary Heart Disease",
    name="Framingham 10-year hard CHD risk (ATP III)",
    category="cardiology",
    description="10-year risk of myocardial infarction or coronary death for adults without diabetes or known CHD.",
    inputs=INPUTS,
    output=Output("%", "decimal", 1),
    citations=(
        Citation(
            "Expert Panel on Detection, Evaluation, and Treatment of High Blood Cholesterol in Adults. Executive Summary of the Third "
            "Report of the NCEP (ATP III). JAMA. 2001;285(19):2486-2497.",
            doi="10.1001/jama.285.19.2486",
            pmid="11368702",
        ),
        Citation(
            "National Cholesterol Education Program (NCEP) Expert Panel. Third Report of the NCEP Expert Panel on Detection, "
            "Evaluation, and Treatment of High Blood Cholesterol in Adults (ATP III) final report. Circulation. 2002;106(25):3143-3421.",
            doi="10.1161/circ.106.25.3143",
            pmid="12485966",
        ),
        Citation("Wilson PW, D'Agostino RB, Levy D, et al. Prediction of coronary heart disease using risk factor categories. Circulation. 1998;97(18):1837-1847.", doi="10.1161/01.CIR.97.18.1837", pmid="9603539"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "For primary prevention: not for patients with diabetes or established CHD (ATP III counts both as CHD risk "
        "equivalents, > 20 % 10-year risk). Validated for ages 30-79; outside that range the equation extrapolates.",
        "The coefficients are for cholesterol in mg/dL (mmol/L input is converted first).",
        "Risk is returned in percent at full precision. MedCalc-Bench v1.0 enters cholesterol in mmol/L, rounds the linear "
        "predictor and the risk fraction to 0.1, and reports the fraction as a percentage; see the errata.",
    ),
    keywords=('cardiovascular risk', 'preventive cardiology', 'coronary heart disease', 'lipids', '10-year risk', 'heart attack', 'atp iii'),
    population='Framingham Heart Study participants without coronary heart disease, ages 20-79 (ATP III 2001).',
    examples=("ATP III 2001 (JAMA 285:2486) Framingham model: hand-calculated cases, checked against the point tables' 10-year risks (tests/calculators/test_framingham_hard_chd.py)",),
)
