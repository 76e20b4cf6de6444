"""KDIGO CKD prognosis by GFR and albuminuria category (the "heat map"), 0-3.

KDIGO 2024 CKD guideline (Kidney Int 2024;105(4S):S117-S314, Figure: prognosis of CKD by GFR and
albuminuria categories), unchanged from KDIGO 2012 (Kidney Int Suppl 2013;3:5-14, the prognosis heat map):

           A1    A2    A3
    G1     low   mod   high
    G2     low   mod   high
    G3a    mod   high  very high
    G3b    high  very  very high
    G4     very  very  very high
    G5     very  very  very high

(green = low, no CKD unless other markers of kidney damage; yellow = moderately increased risk;
orange = high risk; red = very high risk). The value is the level: 0 low, 1 moderately increased,
2 high, 3 very high. The categories are in ``formulas/_kdigo.py`` (shared with the uACR calculator).
"""

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.formulas._kdigo import (
    GFR_CATEGORIES,
    GFR_TERMS,
    KDIGO_2012,
    KDIGO_2024,
    albuminuria_category,
    albuminuria_text,
    gfr_category,
)
from clinverify.calculators.inputs import Invalid, Number, split_value_unit
from clinverify.calculators.model import Calculator, Output, fmt

EGFR = Number("egfr", "mL/min", (0.0, 250.0), "estimated (or measured) GFR in mL/min/1.73 m²",
              aliases=("gfr", "estimated gfr", "eGFR (mL/min/1.73 m²)"))
UACR = Number("uacr", "mg/g", (0.0, 50000.0), "urine albumin-to-creatinine ratio (mg/g; a value in mg/mmol is "
              "classified by the mg/mmol limits)", analyte="creatinine",
              aliases=("acr", "albumin-to-creatinine ratio", "albumin creatinine ratio", "urine albumin-to-creatinine ratio",
                       "urine acr", "uacr_mg_g"), required=False)
UACR_SI = Number("uacr_mg_mmol", "mg/mmol", (0.0, 5000.0), "urine albumin-to-creatinine ratio in mg/mmol",
                 analyte="creatinine", aliases=("acr mg/mmol", "uacr (mg/mmol)"), required=False)

# RISK[g][a]: 0 low, 1 moderately increased, 2 high, 3 very high.
RISK = (
    (0, 1, 2),
    (0, 1, 2),
    (1, 2, 3),
    (2, 3, 3),
    (3, 3, 3),
    (3, 3, 3),
)
LEVELS = ("low risk (green; no CKD without other markers of kidney damage)", "moderately increased risk (yellow)",
          "high risk (orange)", "very high risk (red)")


def _route_si(entities):
    """A uACR given under a uacr key with the unit mg/mmol goes to uacr_mg_mmol (categorised by 3 and 30 mg/mmol)."""
    out = None
    for key, raw in entities.items():
        if not (isinstance(key, str) and CALCULATOR.input_name(key) == "uacr"):
            continue
        try:
            _, unit = split_value_unit(raw)
        except Invalid:  # the parser reports a malformed value
            continue
        if isinstance(unit, str) and unit.replace(" ", "").lower() == "mg/mmol":
            out = dict(entities) if out is None else out
            out["uacr_mg_mmol"] = out.pop(key)
    return entities if out is None else out


def compute(egfr, uacr=None, uacr_mg_mmol=None):
    if uacr is None and uacr_mg_mmol is None:
        raise InputError(FieldViolation("uacr", "missing required input: the albumin-to-creatinine ratio (mg/g or mg/mmol)"),
                         "kdigo_ckd_risk")
    if uacr is not None and uacr_mg_mmol is not None:
        raise InputError(FieldViolation("uacr_mg_mmol", "give the albumin-to-creatinine ratio once (mg/g or mg/mmol)"),
                         "kdigo_ckd_risk")
    g = gfr_category(egfr)
    a = albuminuria_category(uacr, "mg/g") if uacr is not None else albuminuria_category(uacr_mg_mmol, "mg/mmol")
    return RISK[g][a], {"gfr_category": g + 1, "albuminuria_category": a + 1}


def explain(inputs, inter, value):
    g, a = inter["gfr_category"] - 1, inter["albuminuria_category"] - 1
    unit = "mg/g" if inputs.get("uacr") is not None else "mg/mmol"
    acr = inputs["uacr"] if unit == "mg/g" else inputs["uacr_mg_mmol"]
    return [
        "KDIGO prognosis of CKD: GFR category (G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 < 15 mL/min/1.73 m²) "
        "× albuminuria category (A1 < 30, A2 30–300, A3 > 300 mg/g; < 3, 3–30, > 30 mg/mmol).",
        f"eGFR {fmt(inputs['egfr'])} mL/min/1.73 m²: {GFR_CATEGORIES[g]} ({GFR_TERMS[g]}).",
        f"ACR {fmt(acr)} {unit}: {albuminuria_text(a, unit)}.",
        f"{GFR_CATEGORIES[g]}{('A1', 'A2', 'A3')[a]}: level {value}, {LEVELS[value]}.",
    ]


CALCULATOR = Calculator(
    id="kdigo_ckd_risk",
    name="KDIGO CKD risk category (GFR × albuminuria)",
    category="nephrology",
    description="KDIGO heat map: risk of CKD outcomes from GFR category G1–G5 and albuminuria category A1–A3 "
                "(0 low, 1 moderate, 2 high, 3 very high).",
    inputs=(EGFR, UACR, UACR_SI),
    output=Output("level", "integer", 0, minimum=0, maximum=3),
    citations=(KDIGO_2024, KDIGO_2012),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("chronic kidney disease", "ckd staging", "cga", "heat map", "albuminuria", "egfr", "prognosis"),
    population=(
        "Adults with CKD (KDIGO 2012/2024; the heat map from the CKD Prognosis Consortium meta-analyses of "
        "general, high-risk and CKD cohorts)."
    ),
    examples=(
        "National Kidney Foundation CKD Risk Map cases (eGFR 110/ACR 20 G1A1 low; 96/260 G1A2 moderately increased; "
        "92/416 G1A3); KDIGO 2024 (Kidney Int 105:S117) prognosis heat map: every cell, on and inside each GFR and "
        "albuminuria limit (tests/calculators/test_kdigo_ckd_risk.py)",
    ),
    entity_adapter=_route_si,
    increasing=("uacr", "uacr_mg_mmol"),
    decreasing=("egfr",),
    notes=(
        "The value is the heat-map level: 0 low (green), 1 moderately increased (yellow), 2 high (orange), 3 very high (red).",
        "A ratio in mg/g is categorised by 30 and 300 mg/g, one in mg/mmol by 3 and 30 mg/mmol (KDIGO's approximate "
        "equivalents; 30 mg/g = 3.39 mg/mmol). A uacr given with the unit mg/mmol is read as uacr_mg_mmol.",
        "G1 and G2 with A1 are not CKD unless there are other markers of kidney damage (KDIGO).",
        "The categories need eGFR and ACR persisting over 3 months for a CKD diagnosis; the calculator classifies the values given.",
    ),
)
