"""SCORE2 and SCORE2-OP: 10-year risk of fatal and non-fatal cardiovascular disease (ESC 2021).

SCORE2 (ages 40-69; SCORE2 working group, Eur Heart J 2021, Supplementary Methods Tables 2-4) and
SCORE2-OP (ages 70-89; SCORE2-OP working group, Eur Heart J 2021), sex-specific competing-risk
models recalibrated to four European risk regions:
  SCORE2: cage = (age − 60)/5, csbp = (SBP − 120)/20, ctc = TC − 6, chdl = (HDL − 1.3)/0.5 (mmol/L);
    LP = Σ β·x over cage, smoking, csbp, diabetes, ctc, chdl and their products with cage;
    uncalibrated risk = 1 − S₀^exp(LP), S₀ men 0.9605, women 0.9776.
    Men:   cage 0.3742, smoking 0.6012, csbp 0.2777, diabetes 0.6457, ctc 0.1458, chdl −0.2698,
           cage×smoking −0.0755, cage×csbp −0.0255, cage×ctc −0.0281, cage×chdl 0.0426, cage×diabetes −0.0983.
    Women: cage 0.4648, smoking 0.7744, csbp 0.3131, diabetes 0.8096, ctc 0.1002, chdl −0.2606,
           cage×smoking −0.1088, cage×csbp −0.0277, cage×ctc −0.0226, cage×chdl 0.0613, cage×diabetes −0.1272.
  SCORE2-OP: cage = age − 73, csbp = SBP − 150, ctc = TC − 6, chdl = HDL − 1.4;
    uncalibrated risk = 1 − S₀^exp(LP − mean), S₀ men 0.7576 (mean 0.0929), women 0.8082 (mean 0.2288).
    Men:   cage 0.0634, diabetes 0.4245, smoking 0.3524, csbp 0.0094, ctc 0.0850, chdl −0.3564,
           cage×diabetes −0.0174, cage×smoking −0.0247, cage×csbp −0.0005, cage×ctc 0.0073, cage×chdl 0.0091.
    Women: cage 0.0789, diabetes 0.6010, smoking 0.4921, csbp 0.0102, ctc 0.0605, chdl −0.3040,
           cage×diabetes −0.0107, cage×smoking −0.0255, cage×csbp −0.0004, cage×ctc −0.0009, cage×chdl 0.0154.
  Recalibration to the risk region: risk = 1 − exp(−exp(scale1 + scale2 × ln(−ln(1 − uncalibrated risk)))).
ESC 2021 risk categories (apparently healthy people): < 50 years < 2.5 % low-to-moderate, 2.5 to < 7.5 %
high, ≥ 7.5 % very high; 50-69 years < 5 %, 5 to < 10 %, ≥ 10 %; ≥ 70 years < 7.5 %, 7.5 to < 15 %, ≥ 15 %.
"""

import math

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter

TERMS = ("cage", "smoking", "csbp", "diabetes", "ctc", "chdl", "cage_smoking", "cage_csbp", "cage_ctc", "cage_chdl",
         "cage_diabetes")
SCORE2 = {
    "male": dict(zip(TERMS, (0.3742, 0.6012, 0.2777, 0.6457, 0.1458, -0.2698, -0.0755, -0.0255, -0.0281, 0.0426, -0.0983),
                     strict=True)),
    "female": dict(zip(TERMS, (0.4648, 0.7744, 0.3131, 0.8096, 0.1002, -0.2606, -0.1088, -0.0277, -0.0226, 0.0613, -0.1272),
                       strict=True)),
}
SCORE2_OP = {
    "male": dict(zip(TERMS, (0.0634, 0.3524, 0.0094, 0.4245, 0.0850, -0.3564, -0.0247, -0.0005, 0.0073, 0.0091, -0.0174),
                     strict=True)),
    "female": dict(zip(TERMS, (0.0789, 0.4921, 0.0102, 0.6010, 0.0605, -0.3040, -0.0255, -0.0004, -0.0009, 0.0154, -0.0107),
                       strict=True)),
}
# (baseline 10-year survival, mean linear predictor)
BASELINE = {("score2", "male"): (0.9605, 0.0), ("score2", "female"): (0.9776, 0.0),
            ("score2_op", "male"): (0.7576, 0.0929), ("score2_op", "female"): (0.8082, 0.2288)}
# region -> sex -> (scale1, scale2)
SCALES = {
    "score2": {"low": {"male": (-0.5699, 0.7476), "female": (-0.7380, 0.7019)},
               "moderate": {"male": (-0.1565, 0.8009), "female": (-0.3143, 0.7701)},
               "high": {"male": (0.3207, 0.9360), "female": (0.5710, 0.9369)},
               "very high": {"male": (0.5836, 0.8294), "female": (0.9412, 0.8329)}},
    "score2_op": {"low": {"male": (-0.34, 1.19), "female": (-0.52, 1.01)},
                  "moderate": {"male": (0.01, 1.25), "female": (-0.10, 1.10)},
                  "high": {"male": (0.08, 1.15), "female": (0.38, 1.09)},
                  "very high": {"male": (0.05, 0.70), "female": (0.38, 0.69)}},
}
# (upper age, exclusive; high cut, very-high cut) in %
CATEGORY_CUTS = ((50, 2.5, 7.5), (70, 5.0, 10.0), (200, 7.5, 15.0))
OP_AGE = 70

INPUTS = (
    age(range=(40.0, 89.0), description="age (SCORE2 40–69 years, SCORE2-OP 70–89 years)"),
    sex(),
    Flag("smoker", "current smoker", aliases=("Smoker", "current smoker", "smoking")),
    Number("systolic_bp", "mmHg", (60.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Number("total_cholesterol", "mmol/L", (1.0, 25.0), "total cholesterol", analyte="cholesterol",
           aliases=("Total cholesterol", "total cholesterol", "tc")),
    Number("hdl_cholesterol", "mmol/L", (0.1, 6.0), "HDL cholesterol", analyte="cholesterol",
           aliases=("high-density lipoprotein cholesterol", "hdl", "hdl-c")),
    Choice("region", {"low": ("low risk", "low-risk"), "moderate": ("moderate risk", "moderate-risk"),
                      "high": ("high risk", "high-risk"), "very high": ("very high risk", "very-high", "very_high")},
           "ESC cardiovascular risk region of the country of residence (low, moderate, high, very high)",
           aliases=("risk region", "ESC risk region", "country risk region")),
    Flag("diabetes", "diabetes mellitus (a predictor of SCORE2-OP only; under 70 use SCORE2-Diabetes)",
         aliases=("Diabetes", "diabetes mellitus")),
)


def model_for(age: float) -> str:
    return "score2_op" if age >= OP_AGE else "score2"


def _values(model, age, smoker, systolic_bp, total_cholesterol, hdl_cholesterol, diabetes):
    if model == "score2":
        cage, csbp, ctc, chdl = (age - 60) / 5, (systolic_bp - 120) / 20, total_cholesterol - 6, (hdl_cholesterol - 1.3) / 0.5
    else:
        cage, csbp, ctc, chdl = age - 73, systolic_bp - 150, total_cholesterol - 6, hdl_cholesterol - 1.4
    smk, dm = float(smoker), float(diabetes)
    return {"cage": cage, "smoking": smk, "csbp": csbp, "diabetes": dm, "ctc": ctc, "chdl": chdl, "cage_smoking": cage * smk,
            "cage_csbp": cage * csbp, "cage_ctc": cage * ctc, "cage_chdl": cage * chdl, "cage_diabetes": cage * dm}


def compute(age, sex, systolic_bp, total_cholesterol, hdl_cholesterol, region, smoker=False, diabetes=False):
    model = model_for(age)
    if diabetes and model == "score2":
        raise InputError(FieldViolation("diabetes", "SCORE2 (40–69 years) is for people without diabetes: use SCORE2-Diabetes; "
                                                    "SCORE2-OP (70–89 years) includes diabetes"), "score2")
    coefficients = (SCORE2 if model == "score2" else SCORE2_OP)[sex]
    x = _values(model, age, smoker, systolic_bp, total_cholesterol, hdl_cholesterol, diabetes)
    lp = sum(coefficients[t] * x[t] for t in TERMS)
    s0, mean = BASELINE[(model, sex)]
    # ln(−ln(1 − uncalibrated)) = LP − mean + ln(−ln S₀) exactly: no saturation at extreme inputs.
    cloglog = lp - mean + math.log(-math.log(s0))
    uncalibrated = -math.expm1(-math.exp(cloglog))
    scale1, scale2 = SCALES[model][region][sex]
    risk = -math.expm1(-math.exp(scale1 + scale2 * cloglog))
    return risk * 100.0, {"linear_predictor": lp, "baseline_survival": s0, "mean_linear_predictor": mean,
                          "uncalibrated_risk": uncalibrated, "scale1": scale1, "scale2": scale2}


def category(age: float, risk_percent: float) -> str:
    high, very_high = next((h, v) for upper, h, v in CATEGORY_CUTS if age < upper)
    if risk_percent >= very_high:
        return f"very high CVD risk (≥ {fmt(very_high)} %)"
    if risk_percent >= high:
        return f"high CVD risk ({fmt(high)} to < {fmt(very_high)} %)"
    return f"low-to-moderate CVD risk (< {fmt(high)} %)"


def explain(inputs, inter, value):
    model = model_for(inputs["age"])
    sex, region = inputs["sex"], inputs["region"]
    b = (SCORE2 if model == "score2" else SCORE2_OP)[sex]
    terms = " + ".join(f"{fmt(c, 4)}·{t.replace('_', '×')}" for t, c in b.items()).replace("+ -", "− ")
    if model == "score2":
        centring = "cage = (age − 60)/5, csbp = (SBP − 120)/20, ctc = TC − 6, chdl = (HDL − 1.3)/0.5"
        name = "SCORE2 (40–69 years)"
    else:
        centring = "cage = age − 73, csbp = SBP − 150, ctc = TC − 6, chdl = HDL − 1.4"
        name = "SCORE2-OP (70–89 years)"
    mean = f" − {fmt(inter['mean_linear_predictor'], 4)}" if inter["mean_linear_predictor"] else ""
    return [
        f"{name}, {'men' if sex == 'male' else 'women'}: {centring} (cholesterol in mmol/L); LP = {terms}.",
        f"Age {fmt(inputs['age'])}, SBP {fmt(inputs['systolic_bp'])} mmHg, TC {fmt(inputs['total_cholesterol'])} mmol/L, "
        f"HDL {fmt(inputs['hdl_cholesterol'])} mmol/L, smoker {int(bool(inputs['smoker']))}, diabetes "
        f"{int(bool(inputs['diabetes']))}: LP = {fmt(inter['linear_predictor'], 4)}.",
        f"Uncalibrated 10-year risk = 1 − {inter['baseline_survival']}^exp({fmt(inter['linear_predictor'], 4)}{mean}) = "
        f"{fmt(inter['uncalibrated_risk'], 5)}.",
        f"{region.capitalize()} risk region: risk = 1 − exp(−exp({fmt(inter['scale1'], 4)} + {fmt(inter['scale2'], 4)} × "
        f"ln(−ln(1 − {fmt(inter['uncalibrated_risk'], 5)})))) = {fmt(value)} %: {category(inputs['age'], value)}.",
    ]


PARAMETERS = (
    Parameter(("linear_predictor",), ("linear predictor", "lp", "sum of coefficient", "sum of the terms")),
    Parameter(("baseline_survival",), ("baseline survival", "s0", "s₀", "s10", "10-year baseline survival")),
    Parameter(("uncalibrated_risk",), ("uncalibrated risk", "uncalibrated 10-year risk")),
    Parameter(("scale1",), ("scale1", "scale 1", "rescaling factor 1")),
    Parameter(("scale2",), ("scale2", "scale 2", "rescaling factor 2")),
)


CALCULATOR = Calculator(
    id="score2",
    name="SCORE2 / SCORE2-OP 10-year cardiovascular risk (ESC 2021)",
    category="cardiology",
    description="10-year risk of fatal and non-fatal cardiovascular disease in apparently healthy Europeans, recalibrated to "
                "the ESC risk region: SCORE2 at 40–69 years, SCORE2-OP at 70–89 years.",
    inputs=INPUTS,
    output=Output("%", "decimal", 1, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "SCORE2 working group and ESC Cardiovascular risk collaboration. SCORE2 risk prediction algorithms: new models to "
            "estimate 10-year risk of cardiovascular disease in Europe. Eur Heart J. 2021;42(25):2439-2454.",
            doi="10.1093/eurheartj/ehab309",
            pmid="34120177",
        ),
        Citation(
            "SCORE2-OP working group and ESC Cardiovascular risk collaboration. SCORE2-OP risk prediction algorithms: "
            "estimating incident cardiovascular event risk in older persons in four geographical risk regions. Eur Heart J. "
            "2021;42(25):2455-2467.",
            doi="10.1093/eurheartj/ehab312",
            pmid="34120185",
        ),
        Citation(
            "Visseren FLJ, Mach F, Smulders YM, et al. 2021 ESC Guidelines on cardiovascular disease prevention in clinical "
            "practice. Eur Heart J. 2021;42(34):3227-3337.",
            doi="10.1093/eurheartj/ehab484",
            pmid="34458905",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("cardiovascular risk", "primary prevention", "esc", "europe", "score2-op", "older persons", "cholesterol",
              "lipids"),
    population="SCORE2: 677 684 people aged 40–69 without CVD or diabetes in 45 cohorts (13 countries), recalibrated with "
               "registry data of four European risk regions; SCORE2-OP: people aged 65+ of the CONOR cohort, validated in "
               "older cohorts, recalibrated to the same regions.",
    examples=("SCORE2 2021 (Eur Heart J 42:2439) Abstract: 50-year-old smoker, SBP 140 mmHg, TC 5.5, HDL 1.3 mmol/L: men "
              "5.9 % (low-risk region) to 14.0 % (very high), women 4.2 % to 13.7 %",
              "Hand-worked cases from the supplementary coefficients and region scales, and SCORE2-OP (Eur Heart J 42:2455)",),
    increasing=("systolic_bp", "total_cholesterol"),
    decreasing=("hdl_cholesterol",),
    notes=(
        "The model follows the age: SCORE2 at 40–69 years, SCORE2-OP at 70–89 (as the ESC 2021 guideline uses them); the "
        "explanation names the one used. Risk is not monotone in age across 69 → 70, nor in smoking at the oldest ages "
        "(SCORE2-OP's age × smoking term).",
        "The risk region (low, moderate, high, very high: the ESC classification of the country of residence) is required: "
        "there is no neutral default.",
        "SCORE2 is for people without diabetes: diabetes under 70 is refused (use SCORE2-Diabetes); SCORE2-OP includes it.",
        "For apparently healthy people without CVD, CKD, familial hypercholesterolaemia or diabetes (< 70 years). "
        "Cholesterol in mmol/L (mg/dL is converted). Categories: see the docstring (ESC 2021, Table 4 thresholds by age).",
        "Coefficients and region scales were cross-checked against two public implementations and the SCORE2-OP authors' "
        "Stata program, and reproduce the SCORE2 abstract's examples; the DOI 10.1093/eurheartj/ehab484 of the ESC 2021 "
        "guideline matches several public citations (Visseren et al., Eur Heart J 2021;42(34):3227-3337; checked "
        "2026-12-05).",
    ),
)
