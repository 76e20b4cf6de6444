"""Urine albumin-to-creatinine ratio (uACR) from a spot urine sample.

ACR = urine albumin / urine creatinine. With albumin in mg/L and creatinine in mmol/L the ratio is in
mg/mmol; in mg/g it is albumin (mg/L) / creatinine (g/L), and 1 mg/mmol = 1000 / 113.12 = 8.84 mg/g
(creatinine 113.12 g/mol). KDIGO 2024 (Kidney Int 2024;105(4S):S117-S314) albuminuria categories:
A1 < 30 mg/g (< 3 mg/mmol), A2 30-300 mg/g (3-30 mg/mmol), A3 > 300 mg/g (> 30 mg/mmol).
"""

from clinverify.calculators.formulas._kdigo import (
    KDIGO_2012,
    KDIGO_2024,
    MG_G_PER_MG_MMOL,
    albuminuria_category,
    albuminuria_text,
)
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

ALBUMIN = Number("urine_albumin", "mg/L", (0.0, 20000.0), "urine albumin (microalbumin) concentration, spot sample",
                 aliases=("urine microalbumin", "microalbumin", "urinary albumin"))
CREATININE = Number("urine_creatinine", "mmol/L", (0.5, 60.0), "urine creatinine concentration, same sample",
                    analyte="creatinine", aliases=("urinary creatinine",))


def compute(urine_albumin: float, urine_creatinine: float):
    mg_mmol = urine_albumin / urine_creatinine
    mg_g = mg_mmol * MG_G_PER_MG_MMOL
    return mg_g, {
        "urine_creatinine_g_l": urine_creatinine * 0.11312,
        "acr_mg_mmol": mg_mmol,
        "acr_mg_g": mg_g,
        "albuminuria_category": albuminuria_category(mg_g, "mg/g") + 1,
    }


def explain(inputs, inter, value):
    by_g = albuminuria_category(value, "mg/g")
    by_mmol = albuminuria_category(inter["acr_mg_mmol"], "mg/mmol")
    lines = [
        "uACR = urine albumin / urine creatinine; 1 mmol of creatinine = 113.12 mg, so 1 mg/mmol = 8.84 mg/g.",
        f"Urine albumin {fmt(inputs['urine_albumin'])} mg/L; urine creatinine {fmt(inputs['urine_creatinine'])} mmol/L "
        f"= {fmt(inter['urine_creatinine_g_l'])} g/L.",
        f"uACR = {fmt(inputs['urine_albumin'])} / {fmt(inputs['urine_creatinine'])} = {fmt(inter['acr_mg_mmol'])} mg/mmol.",
        f"uACR = {fmt(inputs['urine_albumin'])} / {fmt(inter['urine_creatinine_g_l'])} = {fmt(value)} mg/g.",
        f"KDIGO albuminuria category {albuminuria_text(by_g, 'mg/g')}.",
    ]
    if by_mmol != by_g:
        lines.append(f"By the mg/mmol limits it is {albuminuria_text(by_mmol, 'mg/mmol')}: KDIGO gives them as approximate "
                     "equivalents, and this ratio lies between the two.")
    return lines


STATEMENTS = (
    Formula(
        key="uacr",
        names=("uacr", "acr", "albumin-to-creatinine ratio", "albumin to creatinine ratio", "albumin/creatinine ratio",
               "albumin creatinine ratio"),
        text="urine albumin / urine creatinine",
        phrases={"alb": ("urine albumin", "urinary albumin", "microalbumin", "albumin"),
                 "cr": ("urine creatinine", "urinary creatinine", "creatinine")},
        sample=lambda r: {"alb": r.uniform(0.5, 50.0), "cr": r.uniform(20.0, 300.0)},  # both in mg/dL
        # Same mass units: the plain ratio (mg/mg), × 1000 for mg/g.
        forms=(lambda v: v["alb"] / v["cr"], lambda v: 1000.0 * v["alb"] / v["cr"]),
    ),
)

PARAMETERS = (
    Parameter(("acr_mg_mmol",), ("acr in mg/mmol", "uacr in mg/mmol")),
)


CALCULATOR = Calculator(
    id="uacr",
    name="Urine albumin-to-creatinine ratio (uACR)",
    category="nephrology",
    description="Spot urine albumin / creatinine in mg/g (and mg/mmol), with the KDIGO albuminuria category A1–A3.",
    inputs=(ALBUMIN, CREATININE),
    output=Output("mg/g", "decimal", 1, minimum=0.0),
    citations=(KDIGO_2024, KDIGO_2012),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("albuminuria", "microalbuminuria", "acr", "chronic kidney disease", "diabetic kidney disease", "urine"),
    population=(
        "Adults with or at risk of chronic kidney disease (KDIGO 2012/2024 albuminuria categories)."
    ),
    examples=(
        "KDIGO 2024 (Kidney Int 105:S117) albuminuria categories: hand-calculated ratios in mg/dL, mg/L and "
        "µmol/L, 30 mg/g = 3.39 mg/mmol, each category limit (tests/calculators/test_uacr.py)",
    ),
    increasing=("urine_albumin",),
    decreasing=("urine_creatinine",),
    notes=(
        "The value is in mg/g; the intermediate acr_mg_mmol is the same ratio in mg/mmol (÷ 8.84).",
        "Urine albumin in mg/L (mg/dL, g/L accepted); urine creatinine in mmol/L (mg/dL, µmol/L accepted).",
        "The albuminuria category uses the mg/g limits; where the mg/mmol limits (KDIGO's approximate equivalents) "
        "give another category the explanation says so.",
    ),
)
