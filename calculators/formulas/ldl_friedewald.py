"""LDL cholesterol by the Friedewald equation.

Friedewald, Levy & Fredrickson (Clin Chem 1972): LDL = total cholesterol − HDL − triglycerides / 5
(all in mg/dL; TG/5 estimates VLDL cholesterol). The paper excludes triglycerides above
400 mg/dL (and type III hyperlipoproteinaemia), where TG/5 no longer estimates VLDL.
"""

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

TOTAL = Number("total_cholesterol", "mg/dL", (20.0, 2000.0), "total cholesterol", analyte="cholesterol", aliases=("Total cholesterol", "TC"))
HDL = Number(
    "hdl", "mg/dL", (2.0, 300.0), "HDL cholesterol", analyte="cholesterol",
    aliases=("high-density lipoprotein cholesterol", "HDL cholesterol", "HDL-C"),
)
TG = Number("triglycerides", "mg/dL", (5.0, 20000.0), "triglycerides (fasting)", analyte="triglycerides", aliases=("TG", "triglyceride"))

TG_LIMIT = 400.0  # mg/dL, Friedewald's stated limit


def compute(total_cholesterol, hdl, triglycerides):
    if triglycerides > TG_LIMIT:
        raise InputError(
            FieldViolation(
                "triglycerides",
                f"{fmt(triglycerides)} mg/dL is above 400 mg/dL, where the Friedewald equation does not apply "
                "(Friedewald 1972); measure LDL directly",
            ),
            "ldl_friedewald",
        )
    vldl = triglycerides / 5.0
    return total_cholesterol - hdl - vldl, {"vldl": vldl}


def explain(inputs, inter, value):
    return [
        "Friedewald: LDL = total cholesterol − HDL − triglycerides / 5 (mg/dL; valid for triglycerides ≤ 400 mg/dL).",
        f"Total cholesterol {fmt(inputs['total_cholesterol'])} mg/dL; HDL {fmt(inputs['hdl'])} mg/dL; "
        f"triglycerides {fmt(inputs['triglycerides'])} mg/dL, so VLDL ≈ {fmt(inter['vldl'])} mg/dL.",
        f"LDL = {fmt(inputs['total_cholesterol'])} − {fmt(inputs['hdl'])} − {fmt(inter['vldl'])} = {fmt(value)} mg/dL.",
    ]


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
    inputs=(TOTAL, HDL, TG),
    output=Output("mg/dL", "decimal", 1),
    citations=(
        Citation(
            "Friedewald WT, Levy RI, Fredrickson DS. Estimation of the concentration of low-density lipoprotein "
            "cholesterol in plasma, without use of the preparative ultracentrifuge. Clin Chem. 1972;18(6):499-502.",
            doi="10.1093/clinchem/18.6.499",
            pmid="4337382",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Not applicable with triglycerides above 400 mg/dL (4.5 mmol/L): an error is raised.",
        "mmol/L inputs are converted with cholesterol 38.67 and triglycerides 88.57 mg/dL per mmol/L.",
    ),
)
