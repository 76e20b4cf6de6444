"""AHA PREVENT equations (2023): 10-year risk of total cardiovascular disease, base model.

Khan et al., Circulation 2024;149:430-449 (published online 2023), Supplemental Table S12A (base
model, 10-year total CVD): sex-specific logistic models, risk = e^x / (1 + e^x), with
  x = b1·age' + b2·nonHDL' + b3·HDL' + b4·SBPlow' + b5·SBPhigh' + b6·diabetes + b7·smoker
      + b8·eGFRlow' + b9·eGFRhigh' + b10·antihypertensive + b11·statin
      + b12·antihypertensive·SBPhigh' + b13·statin·nonHDL' + age'·(b14·nonHDL' + b15·HDL'
      + b16·SBPhigh' + b17·diabetes + b18·smoker + b19·eGFRlow') + constant,
where age' = (age − 55)/10, nonHDL' = (TC − HDL) × 0.02586 − 3.5 (mmol/L), HDL' = (HDL × 0.02586
− 1.3)/0.3, SBPlow' = (min(SBP, 110) − 110)/20, SBPhigh' = (max(SBP, 110) − 130)/20, eGFRlow' =
(min(eGFR, 60) − 60)/−15, eGFRhigh' = (max(eGFR, 60) − 90)/−15 (cholesterol in mg/dL, SBP in mmHg,
eGFR in mL/min/1.73 m²). Total CVD is atherosclerotic CVD (coronary heart disease, stroke) plus
heart failure. For adults 30-79 years without known CVD; race is not an input.
"""

import math

from clinverify.calculators.inputs import Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output, fmt
from clinverify.calculators.statements import Parameter

MG_DL_TO_MMOL_L = 0.02586  # cholesterol, as the PREVENT supplement converts it

# Khan 2024, Table S12A, 10-year total CVD, base model.
COEFFICIENTS = {
    "female": {"age": 0.7939329, "non_hdl": 0.0305239, "hdl": -0.1606857, "sbp_low": -0.2394003, "sbp_high": 0.3600781,
               "diabetes": 0.8667604, "smoker": 0.5360739, "egfr_low": 0.6045917, "egfr_high": 0.0433769,
               "bp_treated": 0.3151672, "statin": -0.1477655, "bp_treated_x_sbp_high": -0.0663612,
               "statin_x_non_hdl": 0.1197879, "age_x_non_hdl": -0.0819715, "age_x_hdl": 0.0306769,
               "age_x_sbp_high": -0.0946348, "age_x_diabetes": -0.27057, "age_x_smoker": -0.078715,
               "age_x_egfr_low": -0.1637806, "constant": -3.307728},
    "male": {"age": 0.7688528, "non_hdl": 0.0736174, "hdl": -0.0954431, "sbp_low": -0.4347345, "sbp_high": 0.3362658,
             "diabetes": 0.7692857, "smoker": 0.4386871, "egfr_low": 0.5378979, "egfr_high": 0.0164827,
             "bp_treated": 0.288879, "statin": -0.1337349, "bp_treated_x_sbp_high": -0.0475924,
             "statin_x_non_hdl": 0.150273, "age_x_non_hdl": -0.0517874, "age_x_hdl": 0.0191169,
             "age_x_sbp_high": -0.1049477, "age_x_diabetes": -0.2251948, "age_x_smoker": -0.0895067,
             "age_x_egfr_low": -0.1543702, "constant": -3.031168},
}
TERM_TEXT = {"age": "age'", "non_hdl": "nonHDL'", "hdl": "HDL'", "sbp_low": "SBPlow'", "sbp_high": "SBPhigh'",
             "diabetes": "diabetes", "smoker": "smoker", "egfr_low": "eGFRlow'", "egfr_high": "eGFRhigh'",
             "bp_treated": "antihypertensive", "statin": "statin", "bp_treated_x_sbp_high": "antihypertensive·SBPhigh'",
             "statin_x_non_hdl": "statin·nonHDL'", "age_x_non_hdl": "age'·nonHDL'", "age_x_hdl": "age'·HDL'",
             "age_x_sbp_high": "age'·SBPhigh'", "age_x_diabetes": "age'·diabetes", "age_x_smoker": "age'·smoker",
             "age_x_egfr_low": "age'·eGFRlow'", "constant": "1"}

INPUTS = (
    age(range=(30.0, 79.0), description="age (the equations cover 30–79 years)"),
    sex(),
    Number("total_cholesterol", "mg/dL", (50.0, 1000.0), "total cholesterol", analyte="cholesterol",
           aliases=("Total cholesterol", "total cholesterol", "tc")),
    Number("hdl_cholesterol", "mg/dL", (5.0, 200.0), "HDL cholesterol", analyte="cholesterol",
           aliases=("high-density lipoprotein cholesterol", "hdl", "hdl-c")),
    Number("systolic_bp", "mmHg", (60.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Number("egfr", "mL/min", (1.0, 250.0), "estimated GFR in mL/min/1.73 m²",
           aliases=("eGFR", "estimated glomerular filtration rate", "GFR")),
    Flag("diabetes", "diabetes mellitus", aliases=("Diabetes", "diabetes mellitus", "Diabetes history")),
    Flag("smoker", "current smoker", aliases=("Smoker", "current smoker", "smoking")),
    Flag("bp_treated", "taking antihypertensive medication", aliases=("Blood pressure being treated with medicines",
                                                                      "antihypertensive medication", "on antihypertensives")),
    Flag("statin", "taking a statin (lipid-lowering therapy)", aliases=("statin use", "on statin", "lipid-lowering therapy")),
)


def compute(age, sex, total_cholesterol, hdl_cholesterol, systolic_bp, egfr, diabetes=False, smoker=False, bp_treated=False,
            statin=False):
    b = COEFFICIENTS[sex]
    a = (age - 55.0) / 10.0
    non_hdl = (total_cholesterol - hdl_cholesterol) * MG_DL_TO_MMOL_L - 3.5
    hdl = (hdl_cholesterol * MG_DL_TO_MMOL_L - 1.3) / 0.3
    sbp_low = (min(systolic_bp, 110.0) - 110.0) / 20.0
    sbp_high = (max(systolic_bp, 110.0) - 130.0) / 20.0
    egfr_low = (min(egfr, 60.0) - 60.0) / -15.0
    egfr_high = (max(egfr, 60.0) - 90.0) / -15.0
    dm, smk, trt, sta = float(diabetes), float(smoker), float(bp_treated), float(statin)
    values = {
        "age": a, "non_hdl": non_hdl, "hdl": hdl, "sbp_low": sbp_low, "sbp_high": sbp_high, "diabetes": dm, "smoker": smk,
        "egfr_low": egfr_low, "egfr_high": egfr_high, "bp_treated": trt, "statin": sta, "bp_treated_x_sbp_high": trt * sbp_high,
        "statin_x_non_hdl": sta * non_hdl, "age_x_non_hdl": a * non_hdl, "age_x_hdl": a * hdl, "age_x_sbp_high": a * sbp_high,
        "age_x_diabetes": a * dm, "age_x_smoker": a * smk, "age_x_egfr_low": a * egfr_low, "constant": 1.0,
    }
    log_odds = sum(c * values[t] for t, c in b.items())
    risk = 1.0 / (1.0 + math.exp(-log_odds))
    return risk * 100.0, {
        "age_term": a, "non_hdl_term": non_hdl, "hdl_term": hdl, "sbp_low_term": sbp_low, "sbp_high_term": sbp_high,
        "egfr_low_term": egfr_low, "egfr_high_term": egfr_high, "log_odds": log_odds, "risk_fraction": risk,
    }


def explain(inputs, inter, value):
    b = COEFFICIENTS[inputs["sex"]]
    terms = " + ".join(f"{fmt(c, 7)}·{TERM_TEXT[t]}" for t, c in b.items() if t != "constant").replace("+ -", "− ")
    return [
        f"PREVENT base model, 10-year total CVD ({'women' if inputs['sex'] == 'female' else 'men'}, Khan 2024 Table S12A): "
        f"x = {terms} {fmt(b['constant'], 6)}; risk = eˣ / (1 + eˣ).".replace("+ -", "− ").replace(" -", " − "),
        f"age' = ({fmt(inputs['age'])} − 55)/10 = {fmt(inter['age_term'], 4)}; nonHDL' = ({fmt(inputs['total_cholesterol'])} − "
        f"{fmt(inputs['hdl_cholesterol'])}) × 0.02586 − 3.5 = {fmt(inter['non_hdl_term'], 4)}; HDL' = ({fmt(inputs['hdl_cholesterol'])} "
        f"× 0.02586 − 1.3)/0.3 = {fmt(inter['hdl_term'], 4)}.",
        f"SBP {fmt(inputs['systolic_bp'])} mmHg: SBPlow' = (min(SBP, 110) − 110)/20 = {fmt(inter['sbp_low_term'], 4)}, "
        f"SBPhigh' = (max(SBP, 110) − 130)/20 = {fmt(inter['sbp_high_term'], 4)}; eGFR {fmt(inputs['egfr'])}: eGFRlow' = "
        f"(min(eGFR, 60) − 60)/−15 = {fmt(inter['egfr_low_term'], 4)}, eGFRhigh' = (max(eGFR, 60) − 90)/−15 = "
        f"{fmt(inter['egfr_high_term'], 4)}.",
        f"Diabetes {int(bool(inputs['diabetes']))}, smoker {int(bool(inputs['smoker']))}, antihypertensive "
        f"{int(bool(inputs['bp_treated']))}, statin {int(bool(inputs['statin']))}: x = {fmt(inter['log_odds'], 4)}.",
        f"10-year total CVD risk = e^{fmt(inter['log_odds'], 4)} / (1 + e^{fmt(inter['log_odds'], 4)}) = "
        f"{fmt(inter['risk_fraction'], 5)} = {fmt(value)} %.",
    ]


PARAMETERS = (
    Parameter(("log_odds",), ("log odds", "logit", "linear predictor", "log-odds")),
    Parameter(("non_hdl_term",), ("centered non-hdl", "non-hdl term", "nonhdl'")),
)


CALCULATOR = Calculator(
    id="prevent_cvd",
    name="AHA PREVENT 10-year total CVD risk (base model)",
    category="cardiology",
    description="AHA PREVENT equations (2023): 10-year risk of cardiovascular disease (ASCVD or heart failure), ages 30–79 without CVD.",
    inputs=INPUTS,
    output=Output("%", "decimal", 1, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "Khan SS, Matsushita K, Sang Y, et al. Development and validation of the American Heart Association's PREVENT "
            "equations. Circulation. 2024;149(6):430-449.",
            doi="10.1161/CIRCULATIONAHA.123.067626",
            pmid="37947085",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('prevent', 'aha', 'primary prevention', 'heart failure', 'cardiovascular-kidney-metabolic', 'ckd', 'lipids', 'statin', 'cardiovascular risk', '10-year risk', 'heart disease risk'),
    population='US adults 30-79 years without CVD from 25 data sets (3.3 million development, 3.3 million validation); race-free.',
    examples=("Khan 2024 supplement worked example (age 50, SBP 160 treated, TC 200, HDL 45, diabetes, eGFR 90): women 14.684 %, "
              "men 16.317 % (as quoted by the preventr and htn-concord implementations), worked by hand from Table S12A",
              "A third hand-calculated case (man with eGFR 50 on a statin)"),
    increasing=("diabetes", "smoker", Monotone("systolic_bp", low=110.0)),
    decreasing=("hdl_cholesterol", "egfr", Monotone("systolic_bp", high=110.0)),
    notes=(
        "Base model only (no HbA1c, urine albumin-to-creatinine ratio or social deprivation index), 10-year total CVD.",
        "For adults 30–79 years without known CVD; ages outside are refused. The AHA calculator also limits total "
        "cholesterol to 130–320 mg/dL, HDL to 20–100 mg/dL, SBP to 90–200 mmHg, BMI to 18.5–39.9 and eGFR to 15–150; "
        "values outside are extrapolated here.",
        "Cholesterol is converted to mmol/L with the supplement's factor 0.02586 (mmol/L input is converted to mg/dL first).",
        "The risk rises with SBP above 110 mmHg and falls with it below 110 (the model's two SBP terms).",
    ),
)
