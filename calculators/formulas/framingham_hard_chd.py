"""Framingham 10-year risk of hard coronary heart disease (MI or coronary death), ATP III 2001.

Sex-specific Cox model of the NCEP ATP III risk assessment tool:
risk = 1 − S0^exp(Σ β·x), with S0 = 0.9402 (men) or 0.98767 (women) and the terms below.
The smoking × age interaction uses age capped at 70 (men) or 78 (women).
"""

import math

from clinverify.calculators.inputs import Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt

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
    return risk * 100.0, {"linear_predictor": s, "risk_fraction": risk}


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
