"""LDL cholesterol by the Friedewald equation.

Friedewald, Levy & Fredrickson (Clin Chem 1972): LDL = total cholesterol − HDL − triglycerides / 5
(all in mg/dL; TG/5 estimates VLDL cholesterol). The paper excludes triglycerides above
400 mg/dL (and type III hyperlipoproteinaemia), where TG/5 no longer estimates VLDL.

``method='sampson_2020'``: the NIH equation 2 of Sampson et al. (JAMA Cardiol 2020), for triglycerides
up to 800 mg/dL:
  LDL = TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44   (mg/dL; non-HDL = TC − HDL)
"""

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Version

TOTAL = Number("total_cholesterol", "mg/dL", (20.0, 2000.0), "total cholesterol", analyte="cholesterol", aliases=("Total cholesterol", "TC"))
HDL = Number(
    "hdl", "mg/dL", (2.0, 300.0), "HDL cholesterol", analyte="cholesterol",
    aliases=("high-density lipoprotein cholesterol", "HDL cholesterol", "HDL-C"),
)
TG = Number("triglycerides", "mg/dL", (5.0, 20000.0), "triglycerides (fasting)", analyte="triglycerides", aliases=("TG", "triglyceride"))

TG_LIMIT = 400.0  # mg/dL, Friedewald's stated limit
SAMPSON_TG_LIMIT = 800.0  # mg/dL, the range Sampson 2020 validated

METHOD = Choice(
    "method",
    {"friedewald_1972": (), "sampson_2020": ()},
    "friedewald_1972 (default; triglycerides up to 400 mg/dL) or sampson_2020 (NIH equation 2; up to 800 mg/dL)",
    required=False,
    default="friedewald_1972",
)


def compute(total_cholesterol, hdl, triglycerides, method="friedewald_1972"):
    limit, source = (SAMPSON_TG_LIMIT, "Sampson equation (Sampson 2020)") if method == "sampson_2020" else (TG_LIMIT, "Friedewald equation (Friedewald 1972)")
    if triglycerides > limit:
        raise InputError(
            FieldViolation(
                "triglycerides",
                f"{fmt(triglycerides)} mg/dL is above {fmt(limit)} mg/dL, where the {source} does not apply; measure LDL directly",
            ),
            "ldl_friedewald",
        )
    if method == "sampson_2020":
        non_hdl = total_cholesterol - hdl
        vldl = triglycerides / 8.56 + triglycerides * non_hdl / 2140.0 - triglycerides**2 / 16100.0
        return total_cholesterol / 0.948 - hdl / 0.971 - vldl - 9.44, {"non_hdl": non_hdl, "vldl": vldl}
    vldl = triglycerides / 5.0
    return total_cholesterol - hdl - vldl, {"vldl": vldl}


def explain(inputs, inter, value):
    if inputs["method"] == "sampson_2020":
        tc, hdl, tg = fmt(inputs["total_cholesterol"]), fmt(inputs["hdl"]), fmt(inputs["triglycerides"])
        return [
            "Sampson (NIH equation 2): LDL = TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44 "
            "(mg/dL; valid for triglycerides ≤ 800 mg/dL).",
            f"Total cholesterol {tc} mg/dL; HDL {hdl} mg/dL; triglycerides {tg} mg/dL; non-HDL = {tc} − {hdl} = {fmt(inter['non_hdl'])} mg/dL.",
            f"VLDL term = {tg}/8.56 + {tg} × {fmt(inter['non_hdl'])}/2140 − {tg}²/16100 = {fmt(inter['vldl'])} mg/dL.",
            f"LDL = {tc}/0.948 − {hdl}/0.971 − {fmt(inter['vldl'])} − 9.44 = {fmt(value)} mg/dL.",
        ]
    return [
        "Friedewald: LDL = total cholesterol − HDL − triglycerides / 5 (mg/dL; valid for triglycerides ≤ 400 mg/dL).",
        f"Total cholesterol {fmt(inputs['total_cholesterol'])} mg/dL; HDL {fmt(inputs['hdl'])} mg/dL; "
        f"triglycerides {fmt(inputs['triglycerides'])} mg/dL, so VLDL ≈ {fmt(inter['vldl'])} mg/dL.",
        f"LDL = {fmt(inputs['total_cholesterol'])} − {fmt(inputs['hdl'])} − {fmt(inter['vldl'])} = {fmt(value)} mg/dL.",
    ]


# The Sampson equation (method='sampson_2020') by its distinctive constants: a convention unless the question
# asks for Friedewald's (9.44 and 8.56 are left out: a computed value can read the same).
VERSIONS = (
    Version(
        "Sampson LDL (NIH equation 2)",
        (0.948, 0.971, 2140.0, 16100.0),
        "Sampson 2020: TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44; the default is Friedewald's",
        ("friedewald",),
    ),
)


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="ldl_friedewald",
        names=("ldl cholesterol", "ldl cholestrol", "ldl"),
        text="total cholesterol − HDL − triglycerides / 5",
        phrases={
            "tc": ("total cholesterol", "total cholestrol"),
            "hdl": ("hdl cholesterol", "hdl cholestrol", "hdl"),
            "tg": ("triglycerides", "triglyceride", "tg"),
        },
        sample=lambda r: {"tc": r.uniform(120, 300), "hdl": r.uniform(25, 90), "tg": r.uniform(50, 390)},
        forms=(lambda v: v["tc"] - v["hdl"] - v["tg"] / 5, lambda v: v["tc"] - v["hdl"] - v["tg"] / 2.2),  # mg/dL; mmol/L
    ),
)


CALCULATOR = Calculator(
    id="ldl_friedewald",
    medcalc_id=44,
    medcalc_name="LDL Calculated",
    name="LDL cholesterol (Friedewald)",
    category="cardiology",
    description="Calculated LDL cholesterol from total cholesterol, HDL and triglycerides.",
    inputs=(TOTAL, HDL, TG, METHOD),
    output=Output("mg/dL", "decimal", 1),
    citations=(
        Citation(
            "Friedewald WT, Levy RI, Fredrickson DS. Estimation of the concentration of low-density lipoprotein "
            "cholesterol in plasma, without use of the preparative ultracentrifuge. Clin Chem. 1972;18(6):499-502.",
            doi="10.1093/clinchem/18.6.499",
            pmid="4337382",
        ),
        Citation(
            "Sampson M, Ling C, Sun Q, et al. A new equation for calculation of low-density lipoprotein cholesterol in "
            "patients with normolipidemia and/or hypertriglyceridemia. JAMA Cardiol. 2020;5(5):540-548 (method sampson_2020).",
            doi="10.1001/jamacardio.2020.0013",
            pmid="32101259",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Not applicable with triglycerides above 400 mg/dL (4.5 mmol/L): an error is raised.",
        "mmol/L inputs are converted with cholesterol 38.67 and triglycerides 88.57 mg/dL per mmol/L.",
        "method='sampson_2020' gives the Sampson (NIH equation 2) estimate, valid up to triglycerides 800 mg/dL. The Martin-Hopkins "
        "equation (a 180-cell factor table) is not offered.",
    ),
    keywords=("lipids", "cholesterol", "ldl", "cardiovascular risk", "preventive cardiology"),
    population="Friedewald: 448 adults with and without hyperlipoproteinaemia (NIH); Sampson: 8656 patients with "
    "beta-quantification LDL at the NIH Clinical Center, validated in independent cohorts.",
    examples=(
        "Friedewald 1972 (Clin Chem 18:499) equation: hand-calculated cases and the 400 mg/dL limit (tests/calculators/test_ldl_friedewald.py)",
        "Sampson 2020 (JAMA Cardiol 5:540) equation 2: hand-calculated cases and the 800 mg/dL limit",
    ),
)
